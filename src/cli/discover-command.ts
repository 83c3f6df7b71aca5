import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { resolvePlans, type DomainPlan } from "../plan/resolve-plan";
import { EMBEDDED_EXAMPLE } from "../config/files/load-config";
import { domainFlag, loadOrReport, planOfDomain, requireConfigFile, UsageError, type ConfigFlags } from "./config-flags";
import { awsReader, type AwsReader } from "../discover/aws-reader";
import { CLOUDFLARE_DEFAULT_BASE_URL, CLOUDFLARE_TOKEN_ENV, CLOUDFLARE_TOKEN_SCOPES, cloudflareReader, type CloudflareReader } from "../discover/cloudflare-reader";
import { discoverDomain, readsCloudflare, type Readers } from "../discover/discover-domain";
import { DiscoverError, type Adopt, type DomainDiscovery } from "../discover/discovery";
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from "../discover/request-limits";
import { writeAdopt } from "../discover/write-adopt";
import { say } from "./report";
import { EXIT_INVALID, EXIT_OK } from "./exit-codes";

/** `discover`'s flags as commander hands them over. */
export interface DiscoverFlags extends ConfigFlags {
  readonly domain?: string;
  readonly json?: boolean;
  readonly write?: boolean;
  readonly timeout?: string;
}

const MAX_TIMEOUT_SECONDS = 120;

/** The request limits the flags ask for, or the problem with them (a usage error). */
export function discoverLimits(flags: DiscoverFlags): RequestLimits | { problem: string } {
  if (flags.timeout === undefined) return DEFAULT_REQUEST_LIMITS;
  const seconds = Number(flags.timeout);
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    return { problem: `--timeout: must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}; received ${JSON.stringify(flags.timeout)}` };
  }
  return { ...DEFAULT_REQUEST_LIMITS, timeoutMs: Math.round(seconds * 1000) };
}

/** Where the output goes, what the environment holds, and (for tests) how the APIs are read. */
export interface DiscoverIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly readers?: Readers;
}

/** The Cloudflare API's base URL: CLOUDFLARE_BASE_URL, as the SDK and the provider read it, else Cloudflare's. */
export function cloudflareBaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env.CLOUDFLARE_BASE_URL?.trim() ?? "";
  return url === "" ? CLOUDFLARE_DEFAULT_BASE_URL : url;
}

/** Every secret discover could come across, so that no line it prints can carry one. */
function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return [env[CLOUDFLARE_TOKEN_ENV], env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.CLOUDFLARE_API_KEY].filter(
    (value): value is string => value !== undefined && value.trim().length >= 4,
  );
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

/** One domain's report for a terminal: the adopt block as YAML (ready to paste), then the differences. */
export function discoveryText(result: DomainDiscovery): string {
  const lines = [`${result.domain}: edge ${result.edge}`];
  lines.push(stringify({ adopt: result.adopt }, { lineWidth: 0 }).trimEnd());
  lines.push(result.differences.length === 0 ? "differences: none" : "differences:", ...result.differences.map((text) => `  - ${text}`));
  if (result.notFound.length > 0) lines.push("not found:", ...result.notFound.map((text) => `  - ${text}`));
  return `${lines.join("\n")}\n`;
}

/** Writes the found ids into the config file (beside it, then renamed over it, keeping its mode). */
function writeConfig(source: string, results: readonly DomainDiscovery[], stderr: NodeJS.WritableStream): number {
  const found = new Map<string, Adopt>(results.map((result) => [result.domain, result.adopt]));
  const text = readFileSync(source, "utf8");
  const update = writeAdopt(text, source.endsWith(".json") ? "json" : "yaml", found);
  for (const { domain, reason } of update.skipped) say(`warning: ${domain}: ids not written: ${reason}`, stderr);
  if (update.written.length === 0) {
    say(`nothing written to ${source}: discover found nothing to adopt`, stderr);
    return EXIT_OK;
  }
  const temporary = `${source}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, update.text, { flag: "wx" });
    chmodSync(temporary, statSync(source).mode & 0o7777);
    renameSync(temporary, source);
  } catch (error) {
    rmSync(temporary, { force: true });
    say(`error: cannot write ${source}: ${(error as Error).message}`, stderr);
    return EXIT_INVALID;
  }
  say(`wrote adopt: for ${update.written.join(", ")} into ${source}`, stderr);
  return EXIT_OK;
}

/**
 * `discover` for the chosen plans: reads the live resources (reads only), prints the report (text
 * or JSON) and, with --write, puts the ids into the config. 0 when done, 1 when an API refused or
 * failed, or the token is missing.
 */
export async function runDiscover(plans: readonly DomainPlan[], source: string, flags: DiscoverFlags, limits: RequestLimits, io: DiscoverIo): Promise<number> {
  const secrets = secretsOf(io.env);
  const fail = (message: string): number => {
    say(`error: ${redact(message, secrets)}`, io.stderr);
    return EXIT_INVALID;
  };
  const token = io.env[CLOUDFLARE_TOKEN_ENV]?.trim() ?? "";
  if (io.readers === undefined && token === "" && plans.some(readsCloudflare)) {
    const which = plans.filter(readsCloudflare).map((plan) => plan.domain);
    return fail(`${CLOUDFLARE_TOKEN_ENV} is not set: discover reads Cloudflare for ${which.join(", ")} with an API token (${CLOUDFLARE_TOKEN_SCOPES})`);
  }
  // The pinned AWS SDK runs on Node 20; its notice that later releases will not is not the user's concern here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  let cloudflare: CloudflareReader | undefined;
  let aws: AwsReader | undefined;
  const readers: Readers = io.readers ?? {
    cloudflare: () => (cloudflare ??= cloudflareReader({ ...limits, token, baseUrl: cloudflareBaseUrl(io.env) })),
    aws: () => (aws ??= awsReader(limits)),
  };
  const results: DomainDiscovery[] = [];
  for (const plan of plans) {
    try {
      results.push(await discoverDomain(plan, readers));
    } catch (error) {
      if (!(error instanceof DiscoverError)) throw error;
      return fail(`${plan.domain}: ${error.message}`);
    }
  }
  const output = flags.json ? `${JSON.stringify(results, null, 2)}\n` : results.map(discoveryText).join("\n");
  io.stdout.write(redact(output, secrets));
  return flags.write ? writeConfig(source, results, io.stderr) : EXIT_OK;
}

/** `discover`: the live resources of one domain (--domain) or every domain of the config; reads only. */
export async function discoverCommand(flags: DiscoverFlags): Promise<number> {
  requireConfigFile(flags);
  const wanted = flags.domain === undefined ? undefined : domainFlag(flags.domain);
  const limits = discoverLimits(flags);
  if ("problem" in limits) throw new UsageError(limits.problem);
  const config = loadOrReport(flags);
  if (config === undefined) return EXIT_INVALID;
  if (flags.write && config.source === EMBEDDED_EXAMPLE) throw new UsageError("--write: there is no config file to write to (the embedded example); give --config FILE, or create one with email-assets init");
  const plans = resolvePlans(config.specs);
  const chosen = wanted === undefined ? plans : [planOfDomain(plans, wanted, config.source)];
  return runDiscover(chosen, config.source, flags, limits, { env: process.env, stdout: process.stdout, stderr: process.stderr });
}
