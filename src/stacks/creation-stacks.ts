/**
 * The switch CDK Terrain reads to skip recording a creation stack for each token; cdktf 0.21 predates
 * it. Our entry points (the CLI, the app that `cdktf synth` runs) leave creation stacks out unless
 * it says `0` or `false`, with either engine.
 */
export const CREATION_STACK_ENV = "CDKTN_DISABLE_CREATION_STACK";

/** Whether synth should record the engine's token creation stacks: only when $CDKTN_DISABLE_CREATION_STACK is `0` or `false`. */
export function creationStacksFrom(env: NodeJS.ProcessEnv): boolean {
  const value = (env[CREATION_STACK_ENV] ?? "").trim().toLowerCase();
  return value === "0" || value === "false";
}

/**
 * Runs `build` (constructing and synthesizing stacks, synchronously) without the engine's token
 * creation stacks. The engine captures and formats the whole call stack each time it makes a token
 * (18 times a Cloudflare domain), only to quote it should that token later fail to resolve, which a
 * plan made from a validated config does not: at a thousand domains that is a fifth of synth's CPU.
 * CDK Terrain skips it when $CDKTN_DISABLE_CREATION_STACK is set; cdktf 0.21 has no such switch, and
 * records a stack only through `Error.captureStackTrace`, so that is a no-op while `build` runs.
 * Both are restored afterwards, whatever happens: nothing outside `build` sees a change. Errors made
 * with `new Error` keep their stacks (V8 records those itself).
 */
export function withoutCreationStacks<T>(build: () => T): T {
  const capture = Object.getOwnPropertyDescriptor(Error, "captureStackTrace");
  const previous = process.env[CREATION_STACK_ENV];
  Error.captureStackTrace = (): void => undefined;
  process.env[CREATION_STACK_ENV] = "1";
  try {
    return build();
  } finally {
    if (capture !== undefined) Object.defineProperty(Error, "captureStackTrace", capture);
    if (previous === undefined) delete process.env[CREATION_STACK_ENV];
    else process.env[CREATION_STACK_ENV] = previous;
  }
}
