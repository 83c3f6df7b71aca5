import { isRecord } from "./parse-fields";
import { formatProblem, type Problem } from "../problems/problem";

/** What an argument must be: a list, an object, a string, or one of some values. */
export type ArgumentKind = "list" | "object" | "string" | readonly string[];

/** One argument: its name, the value received, what it must be, and where a caller gets it. */
export type ArgumentSpec = readonly [name: string, value: unknown, kind: ArgumentKind, source: string];

function argumentProblem([name, value, kind, source]: ArgumentSpec): Problem | undefined {
  if (typeof kind !== "string") {
    if (typeof value === "string" && kind.includes(value)) return undefined;
    return { path: name, message: `must be one of ${kind.join(", ")} (${source})`, received: value };
  }
  const ok = kind === "list" ? Array.isArray(value) : kind === "object" ? isRecord(value) : typeof value === "string";
  if (ok) return undefined;
  const article = kind === "object" ? "an" : "a";
  return { path: name, message: value === undefined ? `is required: ${source}` : `must be ${article} ${kind}: ${source}`, received: value };
}

/**
 * Checks the arguments of a public function for library users who call it from plain JavaScript,
 * where a missing one would otherwise end in a TypeError deep inside, or in a wrong result. Throws
 * a TypeError with one line per wrong argument: `<call>: <argument>: <problem>; received <value>`.
 */
export function checkArguments(call: string, args: readonly ArgumentSpec[]): void {
  const problems = args.map(argumentProblem).filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new TypeError(problems.map((problem) => `${call}: ${formatProblem(problem)}`).join("\n"));
}
