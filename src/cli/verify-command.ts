import { existsSync, statSync } from "node:fs";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { dirname, resolve } from "node:path";
import { resolvePlans, resolveStacks, type DomainPlan } from "../plan/resolve-plan";
import { EMBEDDED_EXAMPLE, type LoadedConfig } from "../config/files/load-config";
import { domainFlag, loadOrReport, planOfDomain, requireConfigFile, UsageError } from "./config-flags";
import { say } from "./report";
import { normalizeResolver } from "../config/fields/proxy-values";
import { parseDuration } from "../verify/duration";
import { DEFAULT_CONCURRENCY, runVerify, type FleetSettings, type VerifySettings } from "./verify-run";

export type { VerifySettings } from "./verify-run";
import { EXIT_INVALID, EXIT_USAGE } from "./exit-codes";
import { DEFAULT_EXPIRY_DAYS, DEFAULT_TIMEOUT_SECONDS } from "./verify-defaults";

export { DEFAULT_CONCURRENCY, EXIT_INTERRUPTED } from "./verify-run";

/** `verify`'s flags as commander hands them over. */
export interface VerifyFlags {
  /** Repeatable: commander collects every --domain into one list. */
  readonly domain?: readonly string[];
  readonly stack?: string;
  readonly concurrency?: string;
  readonly wait?: string;
  readonly junit?: string;
  readonly config?: string;
  readonly example?: boolean;
  readonly json?: boolean;
  readonly resolver?: string;
  readonly timeout?: string;
  readonly expiryDays?: string;
}

export { DEFAULT_EXPIRY_DAYS, DEFAULT_TIMEOUT_SECONDS } from "./verify-defaults";
const MAX_TIMEOUT_SECONDS = 120;


/**
 * Checks the flags; returns the problem (for a usage error) or the settings. A resolver given by
 * name is looked up once through the system resolver.
 */
export async function verifySettings(flags: VerifyFlags, lookupName: (name: string) => Promise<{ address: string }> = lookup): Promise<{ problem: string; abandoned?: true } | { settings: VerifySettings }> {
  const timeout = flags.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(flags.timeout);
  if (!(Number.isFinite(timeout) && timeout > 0 && timeout <= MAX_TIMEOUT_SECONDS)) {
    return { problem: `--timeout: must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}; received ${JSON.stringify(flags.timeout)}` };
  }
  const expiryDays = flags.expiryDays === undefined ? DEFAULT_EXPIRY_DAYS : Number(flags.expiryDays);
  if (!(Number.isInteger(expiryDays) && expiryDays >= 0 && expiryDays <= 3650)) {
    return { problem: `--expiry-days: must be a whole number of days from 0 to 3650; received ${JSON.stringify(flags.expiryDays)}` };
  }
  const settings = { timeoutMs: Math.round(timeout * 1000), expiryDays };
  if (flags.resolver === undefined) return { settings };
  const parsed = parseResolver(flags.resolver);
  if ("problem" in parsed) return parsed;
  let host = parsed.host;
  if (isIP(host) === 0) {
    let timer: NodeJS.Timeout | undefined;
    // Bounded like every other network step: the system's lookup itself cannot be cancelled, only left.
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), settings.timeoutMs)));
    try {
      const found = await Promise.race([lookupName(host), late]);
      if (found === "late") {
        return { problem: `--resolver: looking up ${parsed.host} through the system resolver took longer than --timeout ${settings.timeoutMs / 1000} s; give its IP address instead; received ${JSON.stringify(flags.resolver)}`, abandoned: true };
      }
      host = found.address;
    } catch {
      return { problem: `--resolver: cannot look up ${parsed.host} through the system resolver; give its IP address instead; received ${JSON.stringify(flags.resolver)}` };
    } finally {
      clearTimeout(timer);
    }
  }
  return { settings: { ...settings, resolver: isIP(host) === 6 ? `[${host}]:${parsed.port}` : `${host}:${parsed.port}` } };
}

/** `HOST`, `HOST:PORT`, `[IPV6]:PORT` or a bare IPv6 address; the port defaults to 53. */
export function parseResolver(text: string): { host: string; port: number } | { problem: string } {
  const received = `; received ${JSON.stringify(text)}`;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text.trim());
  let host: string;
  let port = "53";
  if (bracketed) {
    host = bracketed[1] ?? "";
    port = bracketed[2] ?? port;
  } else if (isIP(text.trim()) === 6) {
    host = text.trim();
  } else {
    const [name = "", given, ...more] = text.trim().split(":");
    if (more.length > 0) return { problem: `--resolver: write an IPv6 resolver with a port as [ADDRESS]:PORT${received}` };
    host = name;
    port = given ?? port;
  }
  const number = Number(port);
  if (!/^\d+$/.test(port) || number < 1 || number > 65535) return { problem: `--resolver: the port must be 1-65535${received}` };
  if (host === "" || (isIP(host) === 0 && !/^[a-z0-9.-]+$/i.test(host))) return { problem: `--resolver: must be HOST or HOST:PORT (a DNS server)${received}` };
  // An address is held to the config's rule for resolvers (no unspecified, broadcast or multicast address).
  const address = isIP(host) === 0 ? undefined : normalizeResolver(host);
  if (address !== undefined && !address.ok) return { problem: `--resolver: ${address.problem}${received}` };
  return { host, port: number };
}

const MAX_CONCURRENCY = 64;

/** Checks --concurrency, --wait and --junit; a problem is a usage error. */
export function fleetSettings(flags: VerifyFlags): { problem: string } | { settings: FleetSettings } {
  const concurrency = flags.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(flags.concurrency);
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= MAX_CONCURRENCY)) {
    return { problem: `--concurrency: must be a whole number of domains from 1 to ${MAX_CONCURRENCY}; received ${JSON.stringify(flags.concurrency)}` };
  }
  let waitMs: number | undefined;
  if (flags.wait !== undefined) {
    const parsed = parseDuration(flags.wait);
    if ("problem" in parsed) return { problem: `--wait: ${parsed.problem}; received ${JSON.stringify(flags.wait)}` };
    waitMs = parsed.ms;
  }
  const junit = flags.junit;
  if (junit !== undefined) {
    if (junit.trim() === "" || junit.endsWith("/")) return { problem: `--junit: must name a file for the JUnit XML report, such as verify-report.xml; received ${JSON.stringify(junit)}` };
    const folder = dirname(resolve(junit));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) return { problem: `--junit: the folder ${folder} does not exist; create it first or name a file in an existing folder; received ${JSON.stringify(junit)}` };
  }
  return { settings: { concurrency, waitMs, junit } };
}

/** The plans the flags choose: --domain (repeatable), --stack, or every domain of the config. */
function chosenPlans(flags: VerifyFlags, config: LoadedConfig): DomainPlan[] {
  const plans = resolvePlans(config.specs);
  if (flags.stack !== undefined) {
    const stacks = resolveStacks(config.specs, config.terraform);
    const stack = stacks.find((candidate) => candidate.id === flags.stack);
    if (stack === undefined) {
      const listed = stacks.slice(0, 10).map((candidate) => candidate.id).join(", ");
      const more = stacks.length > 10 ? ` and ${stacks.length - 10} more` : "";
      throw new UsageError(`--stack: ${flags.stack} is not a stack of ${config.source}; its stacks: ${listed}${more} (email-assets stacks lists them)`);
    }
    const ids = new Set(stack.domains.map((plan) => plan.domain));
    return plans.filter((plan) => ids.has(plan.domain));
  }
  if (flags.domain === undefined || flags.domain.length === 0) return plans;
  const wanted = [...new Set(flags.domain.map(domainFlag))];
  const chosen = new Set(wanted.map((domain) => planOfDomain(plans, domain, config.source)));
  // Config order, whatever order the flags came in.
  return plans.filter((plan) => chosen.has(plan));
}

/** `verify`: the live checks for the chosen domains (--domain, --stack) or every domain of the config. */
export async function verifyCommand(flags: VerifyFlags): Promise<number> {
  requireConfigFile(flags);
  if (flags.stack !== undefined && flags.domain !== undefined && flags.domain.length > 0) {
    throw new UsageError(`--stack: checks every domain of stack ${flags.stack}, so it takes no --domain; give one of the two`);
  }
  for (const domain of flags.domain ?? []) domainFlag(domain);
  const checked = await verifySettings(flags);
  if ("problem" in checked && checked.abandoned === true) {
    // The abandoned lookup would keep the process alive until the system gives up on it (15 s and more).
    say(`error: ${checked.problem}`);
    process.exit(EXIT_USAGE);
  }
  if ("problem" in checked) throw new UsageError(checked.problem);
  const fleet = fleetSettings(flags);
  if ("problem" in fleet) throw new UsageError(fleet.problem);
  const config = loadOrReport(flags);
  if (config === undefined) return EXIT_INVALID;
  if (config.source === EMBEDDED_EXAMPLE) {
    say("warning: verifying the embedded example's placeholder domains, not a config of yours; create one with email-assets init");
  }
  const chosen = chosenPlans(flags, config);
  if (fleet.settings.waitMs === undefined) return runVerify(chosen, checked.settings, flags.json ?? false, process.stdout, fleet.settings);
  // Ctrl+C during --wait ends the wait with the last state printed, instead of killing the process mid-line.
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once("SIGINT", interrupt);
  try {
    return await runVerify(chosen, checked.settings, flags.json ?? false, process.stdout, { ...fleet.settings, signal: controller.signal });
  } finally {
    process.off("SIGINT", interrupt);
  }
}
