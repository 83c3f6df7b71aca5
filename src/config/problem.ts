/** One thing wrong (or worth a warning) in a config, tied to the field it is about. */
export interface Problem {
  /** Field path such as `domains[1].region`; `config` for the file as a whole. */
  readonly path: string;
  /** What is wrong and how to fix it, without the path or the received value. */
  readonly message: string;
  /** The value that was received; `undefined` when the field is missing. */
  readonly received?: unknown;
}

/** A field's place in the config, as segments: `["domains", 0, "cloudflare", "zoneId"]`. */
export type FieldPath = readonly PropertyKey[];

/** Field path segments to the dotted/bracketed form users see: `domains[0].cloudflare.zoneId`. */
export function formatPath(segments: FieldPath): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    // A key that is not a plain name (a typo with a newline, say) is quoted, so the line stays one line.
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(segment))) out += `[${JSON.stringify(String(segment))}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "config" : out;
}

/** A received value as it would appear in the config: strings quoted, objects as short JSON. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}`;
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "function" || typeof value === "symbol") return typeof value;
  const json = JSON.stringify(value) ?? typeof value;
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** The one-line form of a problem: `<field path>: <problem>; received <value>`. */
export function formatProblem(problem: Problem): string {
  return `${problem.path}: ${problem.message}; received ${formatReceived(problem.received)}`;
}

/** Thrown by the entry points when a config cannot be used; carries every problem at once. */
export class ConfigError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], source?: string) {
    const header = source ? `invalid config (${source})` : "invalid config";
    super(`${header}:\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}
