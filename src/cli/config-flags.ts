import { resolve } from "node:path";
import { entryExists, loadConfig, type LoadedConfig } from "../config/files/load-config";
import { ConfigError } from "../config/problems/problem";
import { normalizeCustomDomain } from "../config/fields/domain-name";
import type { DomainPlan } from "../plan/resolve-plan";
import { reportProblems } from "./report";

/** A mistake in how the CLI was called: said in one line, exit 2. */
export class UsageError extends Error {}

/** The flags every command that reads the config takes. */
export interface ConfigFlags {
  readonly config?: string;
  /** Use the embedded example (placeholder domains) instead of a config. */
  readonly example?: boolean;
}

/** A --config that names nothing at all is a usage error; one that names something unreadable is the config's problem (exit 1). */
export function requireConfigFile(flags: ConfigFlags): void {
  const path = flags.config;
  if (flags.example === true && path !== undefined) throw new UsageError("--example: builds the embedded example, so it takes no --config; give one of the two");
  if (path === undefined) return;
  if (path.trim() === "") throw new UsageError("--config: is empty; name a YAML or JSON file");
  if (path.endsWith("/")) throw new UsageError(`--config: ${path} ends in /, so it names a folder; name a YAML or JSON file`);
  if (!entryExists(resolve(path))) throw new UsageError(`--config: file not found: ${path}`);
}

/** Loads the config the flags name (or find), or reports its problems and returns undefined. */
export function loadOrReport(flags: ConfigFlags, stream: NodeJS.WritableStream = process.stderr): LoadedConfig | undefined {
  try {
    return loadConfig({ configPath: flags.config, example: flags.example === true ? true : undefined });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    reportProblems(error.problems, "error", stream);
    return undefined;
  }
}

/** A --domain flag, normalized as the config normalizes domains; a usage error when it is not a domain. */
export function domainFlag(input: string): string {
  const domain = normalizeCustomDomain(input);
  if (!domain.ok) throw new UsageError(`--domain: ${domain.problem}; received ${JSON.stringify(input)}`);
  return domain.value;
}

/** The plan of the --domain flag's domain; a usage error naming the config's domains when it has none of that name. */
export function planOfDomain(plans: readonly DomainPlan[], domain: string, source: string): DomainPlan {
  const plan = plans.find((p) => p.domain === domain);
  if (plan !== undefined) return plan;
  const listed = plans.slice(0, 10).map((p) => p.domain).join(", ");
  const more = plans.length > 10 ? ` and ${plans.length - 10} more` : "";
  throw new UsageError(`--domain: ${domain} is not in ${source}; its domains: ${listed}${more}`);
}
