/** Node's code for the run-time deprecation of util.isArray (Node 22 and later). */
const IS_ARRAY_DEPRECATION = "DEP0044";

/**
 * cdktf 0.21 calls util.isArray when it synthesizes an output whose value is an object (a named
 * stack's `domains` map), and Node 22 and later deprecate that function at run time: every such
 * synth would print Node's DeprecationWarning about a call that is cdktf's, not the user's, and
 * that behaves exactly as Array.isArray. The CLI and the app drop that one warning; any other
 * still shows. Entry points only: a library must not change its host's process.
 */
export function muteCdktfDeprecation(): void {
  const emitWarning = process.emitWarning.bind(process) as (warning: string | Error, ...rest: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]): void => {
    // emitWarning(warning, type, code, ctor) or emitWarning(warning, { type, code, detail }).
    const [typeOrOptions, code] = rest;
    const given = typeof typeOrOptions === "object" && typeOrOptions !== null ? (typeOrOptions as { code?: unknown }).code : code;
    if (given === IS_ARRAY_DEPRECATION) return;
    emitWarning(warning, ...rest);
  });
}
