import type { DomainPlan } from "../plan/resolve-plan";
import { observeCaa, judgeCaa } from "./caa-check";
import { fail, type CheckName, type CheckResult, type DomainReport } from "./check-result";
import { addressesOf, judgeDns, observeDns } from "./dns-check";
import { describeFailure, type DnsClient } from "./dns-query";
import { httpGet, tlsHandshake, type HttpResponse, type NetworkError } from "./http-probe";
import { INTERCOM_PROBE_PATH, judgeHsts, judgeIntercom } from "./intercom-check";
import { judgeRedirect, REDIRECT_PROBE_PATH } from "./redirect-check";
import { judgeTls } from "./tls-check";

export interface VerifyOptions {
  readonly dns: DnsClient;
  /** The limit of each network step (one DNS question, one connection, one response). */
  readonly timeoutMs: number;
  /** The tls check fails for a certificate that expires sooner than this. */
  readonly expiryDays: number;
  /** Trusted roots (trustedRoots()). */
  readonly ca: readonly string[];
  readonly now?: () => Date;
}

/** Told as each check starts and ends, so a terminal can show the checklist live. */
export interface VerifyProgress {
  start(name: CheckName): void;
  done(result: CheckResult): void;
}

const QUIET: VerifyProgress = { start: () => undefined, done: () => undefined };

/** Checks the live setup of one domain against its plan; every step has a time limit, so it always ends. */
export async function verifyDomain(plan: DomainPlan, options: VerifyOptions, progress: VerifyProgress = QUIET): Promise<DomainReport> {
  const checks: CheckResult[] = [];
  async function step(name: CheckName, run: () => Promise<CheckResult>): Promise<void> {
    progress.start(name);
    const result = await run();
    checks.push(result);
    progress.done(result);
  }
  const { dns, timeoutMs } = options;
  let address: string | undefined;
  let page: HttpResponse | NetworkError | undefined;
  const unreachable = (name: CheckName) => fail(name, `not checked: ${plan.domain} has no address to connect to (see dns)`);

  await step("dns", async () => {
    const observation = await observeDns(plan, dns);
    address = addressesOf(observation)[0];
    return judgeDns(plan, observation, dns.name);
  });
  await step("caa", async () => judgeCaa(plan, await observeCaa(plan.domain, dns), dns.name));
  await step("tls", async () => {
    if (address === undefined) return unreachable("tls");
    const handshake = await tlsHandshake({ address, servername: plan.domain, timeoutMs, ca: options.ca });
    return judgeTls(plan, address, handshake, options.expiryDays, options.now?.() ?? new Date());
  });
  await step("redirect", async () => {
    if (address === undefined) return unreachable("redirect");
    return judgeRedirect(plan, address, await httpGet({ scheme: "http", address, host: plan.domain, path: REDIRECT_PROBE_PATH, timeoutMs }));
  });
  await step("hsts", async () => {
    if (address !== undefined) page = await httpGet({ scheme: "https", address, host: plan.domain, path: INTERCOM_PROBE_PATH, timeoutMs });
    return judgeHsts(plan, page);
  });
  await step("intercom", async () => {
    if (address === undefined || page === undefined) return unreachable("intercom");
    const four = await dns.a(plan.intercomHost);
    const found = four.kind === "answer" ? four : await dns.aaaa(plan.intercomHost);
    if (found.kind !== "answer") {
      return fail("intercom", `cannot look up the Intercom host: ${describeFailure(found, plan.intercomHost, dns.name)}; check the workspace (${plan.workspace}) and region (${plan.region}) in the config`);
    }
    const intercomAddress = found.values[0] ?? "";
    const ask = (host: string) => httpGet({ scheme: "https", address: intercomAddress, host, path: INTERCOM_PROBE_PATH, timeoutMs });
    const first = await ask(plan.intercomHost);
    const second = await ask(plan.intercomHost);
    // As an edge that forwards the viewer's Host would ask: an answer like the others makes a match prove nothing.
    const asCustomDomain = await ask(plan.domain);
    return judgeIntercom(plan, page, { own: [first, second], asCustomDomain }, { custom: address, intercom: intercomAddress });
  });
  return { domain: plan.domain, ok: checks.every((check) => check.ok), checks };
}
