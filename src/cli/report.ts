import { boundedLine, formatProblem, type Problem } from "../config/problems/problem";

/**
 * Writes problems to stderr one per line, exactly `<field path>: <problem>; received <value>` (the
 * CLI contract, so scripts can read them); warnings carry a `warning: ` prefix to tell them apart.
 */
export function reportProblems(problems: readonly Problem[], kind: "error" | "warning", stream: NodeJS.WritableStream = process.stderr): void {
  const prefix = kind === "warning" ? "warning: " : "";
  for (const problem of problems) stream.write(`${prefix}${formatProblem(problem)}\n`);
}

/** Writes a line of the CLI's own (a status or usage line): escaped and bounded like a problem line. */
export function say(line: string, stream: NodeJS.WritableStream = process.stderr): void {
  stream.write(`${boundedLine(line)}\n`);
}

/** Text that may span lines (commander's usage output): each line escaped and bounded. */
export function sayText(text: string, stream: NodeJS.WritableStream = process.stderr): void {
  stream.write(text.split("\n").map((line) => (line === "" ? line : boundedLine(line))).join("\n"));
}
