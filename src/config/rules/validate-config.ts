import type { EmailAssetsDomainSpec } from "../shapes/domain-spec";
import { adoptedIdProblems, collisionProblems, stackNameProblems, stateNameProblems, zoneRulesetProblems } from "./fleet-rules";
import { parseDefaults, unusedDefaultsWarnings } from "./parse-defaults";
import { DEFAULT_TERRAFORM_SETTINGS, parseTerraform } from "./parse-terraform";
import type { TerraformSettings } from "../shapes/terraform-settings";
import { parseDomain } from "./parse-domain";
import { isRecord } from "./parse-fields";
import { ConfigError, type Problem } from "../problems/problem";
import { schemas } from "../shapes/schema";
import { withoutExtensionKeys } from "../shapes/known-keys";
import { structureProblem } from "../problems/structure-problem";
import { warningsFor } from "./warnings";
import { toProblems } from "../problems/zod-problems";

export interface ValidationResult {
  /** The valid, normalized specs, in config order. Empty when there is any problem. */
  readonly specs: readonly EmailAssetsDomainSpec[];
  /** Every problem found; the config is usable only when this is empty. */
  readonly problems: readonly Problem[];
  /** Things that will work but that the user should know about. */
  readonly warnings: readonly Problem[];
  /** Where the stacks keep their state (the local backend when the config does not say, or is invalid). */
  readonly terraform: TerraformSettings;
}

/** One problem per field: the first found says what to fix; a second about the same value adds noise. */
function firstPerField(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.path) && seen.add(problem.path));
}

/** A warning about a value in `defaults` comes once, not once per domain that takes it. */
function once(warnings: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.path}\n${warning.message}`;
    return !seen.has(key) && seen.add(key);
  });
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
  if (unreadable !== undefined) return { specs: [], problems: [unreadable], warnings: [], terraform: DEFAULT_TERRAFORM_SETTINGS };
  const input = withoutExtensionKeys(config);
  const top = schemas().config.safeParse(input);
  const problems: Problem[] = top.success ? [] : toProblems(top.error.issues, input, []);
  const record = isRecord(input) ? input : {};
  const rawDomains = Array.isArray(record.domains) ? record.domains : [];
  const defaults = parseDefaults(record.defaults);
  const terraform = parseTerraform(record.terraform);
  problems.push(...defaults.problems);

  const parsed = rawDomains.map((raw, index) => parseDomain(raw, index, defaults.values));
  for (const domain of parsed) problems.push(...domain.problems);
  const maybeSpecs = parsed.map((domain) => domain.spec);
  problems.push(
    ...collisionProblems(parsed.map((domain) => domain.domain)),
    ...zoneRulesetProblems(maybeSpecs),
    ...adoptedIdProblems(maybeSpecs),
    ...stackNameProblems(parsed),
    ...terraform.problems,
    ...(terraform.settings ? stateNameProblems(terraform.settings.backend, parsed) : []),
  );

  const specs = maybeSpecs.filter(isDefined);
  if (problems.length === 0 && specs.length !== parsed.length) {
    // Every entry without a spec has a problem of its own; this guards against a rule that forgets to say one.
    problems.push({ path: "config", message: "could not be read completely; this is a bug in email-assets-domain, please report it", received: undefined });
  }
  if (problems.length > 0 || terraform.settings === undefined) {
    return { specs: [], problems: firstPerField(problems), warnings: [], terraform: DEFAULT_TERRAFORM_SETTINGS };
  }
  const fleetWarnings = warningsFor(specs);
  const warnings = once([
    ...terraform.warnings,
    ...unusedDefaultsWarnings(defaults.values, new Set(specs.map((spec) => spec.edge))),
    ...parsed.flatMap((domain, index) => [...domain.warnings, ...(fleetWarnings[index] ?? [])]),
  ]);
  return { specs, problems, warnings, terraform: terraform.settings };
}

/** Like {@link validateConfig}, but throws a {@link ConfigError} listing every problem. */
export function parseConfig(input: unknown, source?: string): ValidationResult {
  const result = validateConfig(input);
  if (result.problems.length > 0) throw new ConfigError(result.problems, source);
  return result;
}
