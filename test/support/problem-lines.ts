import { expect } from "vitest";
import { formatProblem } from "../../src/config/problems/problem";
import { validateConfig } from "../../src/config/rules/validate-config";

/** Every problem line of a config, as the CLI prints it. */
export function problemLines(config: unknown): string[] {
  return validateConfig(config).problems.map(formatProblem);
}

/** Every warning line of a config that must be valid (the test fails here if it has problems). */
export function warningLines(config: unknown): string[] {
  const result = validateConfig(config);
  expect(result.problems.map(formatProblem)).toEqual([]);
  return result.warnings.map(formatProblem);
}
