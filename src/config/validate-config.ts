import type { EmailAssetsDomainSpec } from "./domain-spec";
import { collisionProblems, zoneRulesetProblems } from "./fleet-rules";
import { parseDomain } from "./parse-domain";
import { isRecord } from "./parse-fields";
import { ConfigError, type Problem } from "./problem";
import { schemas, withoutExtensionKeys } from "./schema";
import { structureProblem } from "./structure-problem";
import { warningsFor } from "./warnings";
import { toProblems } from "./zod-problems";

export interface ValidationResult {
  /** The valid, normalized specs, in config order. Empty when there is any problem. */
  readonly specs: readonly EmailAssetsDomainSpec[];
  /** Every problem found; the config is usable only when this is empty. */
  readonly problems: readonly Problem[];
  /** Things that will work but that the user should know about. */
  readonly warnings: readonly Problem[];
}

/** One problem per field: the first found says what to fix; a second about the same value adds noise. */
function firstPerField(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.path) && seen.add(problem.path));
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/**
 * Validates and normalizes a config object (`{ domains: [...] }`, as read from YAML/JSON or written
 * in TypeScript). Never throws; every problem is reported at once. The steps: the file's shape,
 * each domain (its fields, its edge block and the rules between them), then the rules between
 * domains, then warnings.
 */
export function validateConfig(config: unknown): ValidationResult {
  const unreadable = structureProblem(config);
  if (unreadable !== undefined) return { specs: [], problems: [unreadable], warnings: [] };
  const input = withoutExtensionKeys(config);
  const top = schemas().config.safeParse(input);
  const problems: Problem[] = top.success ? [] : toProblems(top.error.issues, input, []);
  const rawDomains = isRecord(input) && Array.isArray(input.domains) ? input.domains : [];

  const parsed = rawDomains.map((raw, index) => parseDomain(raw, index));
  for (const domain of parsed) problems.push(...domain.problems);
  const maybeSpecs = parsed.map((domain) => domain.spec);
  problems.push(...collisionProblems(parsed.map((domain) => domain.domain)), ...zoneRulesetProblems(maybeSpecs));

  const specs = maybeSpecs.filter(isDefined);
  if (problems.length === 0 && specs.length !== parsed.length) {
    // Every entry without a spec has a problem of its own; this guards against a rule that forgets to say one.
    problems.push({ path: "config", message: "could not be read completely; this is a bug in email-assets-domain, please report it", received: undefined });
  }
  if (problems.length > 0) {
    return { specs: [], problems: firstPerField(problems), warnings: [] };
  }
  const fleetWarnings = warningsFor(specs);
  const warnings = parsed.flatMap((domain, index) => [...domain.warnings, ...(fleetWarnings[index] ?? [])]);
  return { specs, problems, warnings };
}

/** Like {@link validateConfig}, but throws a {@link ConfigError} listing every problem. */
export function parseConfig(input: unknown, source?: string): ValidationResult {
  const result = validateConfig(input);
  if (result.problems.length > 0) throw new ConfigError(result.problems, source);
  return result;
}
