import { formatProblem, type Problem } from "../config/problem";

/**
 * Writes problems to stderr one per line, exactly `<field path>: <problem>; received <value>` (the
 * CLI contract, so scripts can read them); warnings carry a `warning: ` prefix to tell them apart.
 */
export function reportProblems(problems: readonly Problem[], kind: "error" | "warning", stream: NodeJS.WritableStream = process.stderr): void {
  const prefix = kind === "warning" ? "warning: " : "";
  for (const problem of problems) stream.write(`${prefix}${formatProblem(problem)}\n`);
}
