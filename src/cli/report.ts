import { formatProblem, type Problem } from "../spec/problem";

/** Writes problems or warnings to stderr, one `<field path>: <problem>; received <value>` per line. */
export function reportProblems(problems: readonly Problem[], label: "error" | "warning"): void {
  for (const problem of problems) process.stderr.write(`${label}: ${formatProblem(problem)}\n`);
}
