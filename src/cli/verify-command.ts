import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { createSpinner } from "nanospinner";
import { resolvePlans, type DomainPlan } from "../plan/resolve-plan";
import { EMBEDDED_EXAMPLE } from "../config/load-config";
import { domainFlag, loadOrReport, planOfDomain, requireConfigFile, UsageError } from "./config-flags";
import { say } from "./report";
import { CHECK_NAMES, type CheckName, type CheckResult, type DomainReport } from "../verify/check-result";
import { dnsClient } from "../verify/dns-query";
import { trustedRoots } from "../verify/trusted-roots";
import { verifyDomain, type VerifyProgress } from "../verify/verify-domain";
import { visible } from "../config/problem";
import { normalizeResolver } from "../config/proxy-values";
import { EXIT_INVALID, EXIT_OK } from "./exit-codes";

/** `verify`'s flags as commander hands them over. */
export interface VerifyFlags {
  readonly domain?: string;
  readonly config?: string;
  readonly example?: boolean;
  readonly json?: boolean;
  readonly resolver?: string;
  readonly timeout?: string;
  readonly expiryDays?: string;
}

/** @default 5 seconds for each network step */
export const DEFAULT_TIMEOUT_SECONDS = 5;
/** @default 14: a certificate expiring within two weeks fails the tls check */
export const DEFAULT_EXPIRY_DAYS = 14;
const MAX_TIMEOUT_SECONDS = 120;

/** The checked settings of a verify run. */
export interface VerifySettings {
  /** For node's resolver: `1.2.3.4:53` or `[::1]:53`; undefined means the system's resolvers. */
  readonly resolver?: string;
  readonly timeoutMs: number;
  readonly expiryDays: number;
}

/**
 * Checks the flags; returns the problem (for a usage error) or the settings. A resolver given by
 * name is looked up once through the system resolver.
 */
export async function verifySettings(flags: VerifyFlags): Promise<{ problem: string } | { settings: VerifySettings }> {
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
    try {
      host = (await lookup(host)).address;
    } catch {
      return { problem: `--resolver: cannot look up ${parsed.host} through the system resolver; give its IP address instead; received ${JSON.stringify(flags.resolver)}` };
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

/** How a check's verdict shows on a terminal line. */
function line(result: CheckResult): string {
  return `${result.ok ? "ok  " : "FAIL"} ${result.name.padEnd(8)} ${result.detail}`;
}

/** Live on a terminal (a spinner per running check), plain lines otherwise (CI logs, pipes). */
function humanProgress(stream: NodeJS.WriteStream): VerifyProgress {
  // A terminal that reports no width (some CI pseudo-terminals) cannot be redrawn in place.
  if (!stream.isTTY || !(stream.columns > 0)) return { start: () => undefined, done: (result) => stream.write(`${visible(line(result))}\n`) };
  const spinner = createSpinner("", { stream });
  return {
    start: (name: CheckName) => spinner.start({ text: `${name.padEnd(8)} checking…` }),
    done: (result) => {
      const text = visible(`${result.name.padEnd(8)} ${result.detail}`);
      if (result.ok) spinner.success({ text });
      else spinner.error({ text });
    },
  };
}

/** Runs the checks for each plan; prints the checklist or the JSON report; returns the exit code (0 all pass, 1 a check failed). */
export async function runVerify(plans: readonly DomainPlan[], settings: VerifySettings, json: boolean, stream: NodeJS.WriteStream = process.stdout): Promise<number> {
  const dns = dnsClient(settings.resolver, settings.timeoutMs);
  const options = { dns, timeoutMs: settings.timeoutMs, expiryDays: settings.expiryDays, ca: trustedRoots() };
  const reports: DomainReport[] = [];
  for (const plan of plans) {
    if (!json) stream.write(`${plan.domain}: edge ${plan.edge}, Intercom host ${plan.intercomHost}, asking ${dns.name}\n`);
    const report = await verifyDomain(plan, options, json ? undefined : humanProgress(stream));
    reports.push(report);
    if (!json) {
      const failed = report.checks.filter((check) => !check.ok).length;
      stream.write(failed === 0 ? `${plan.domain}: all ${CHECK_NAMES.length} checks passed\n\n` : `${plan.domain}: ${failed} of ${CHECK_NAMES.length} checks failed\n\n`);
    }
  }
  if (json) stream.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  return reports.every((report) => report.ok) ? EXIT_OK : EXIT_INVALID;
}

/** `verify`: the live checks for one domain (--domain) or every domain of the config. */
export async function verifyCommand(flags: VerifyFlags): Promise<number> {
  requireConfigFile(flags);
  const wanted = flags.domain === undefined ? undefined : domainFlag(flags.domain);
  const checked = await verifySettings(flags);
  if ("problem" in checked) throw new UsageError(checked.problem);
  const config = loadOrReport(flags);
  if (config === undefined) return EXIT_INVALID;
  if (config.source === EMBEDDED_EXAMPLE) {
    say("warning: verifying the embedded example's placeholder domains, not a config of yours; create one with email-assets init");
  }
  const plans = resolvePlans(config.specs);
  const chosen = wanted === undefined ? plans : [planOfDomain(plans, wanted, config.source)];
  return runVerify(chosen, checked.settings, flags.json ?? false);
}
