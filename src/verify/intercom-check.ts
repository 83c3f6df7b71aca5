import { createHash } from "node:crypto";
import type { DomainPlan } from "../plan/resolve-plan";
import { fail, pass, type CheckResult } from "./check-result";
import { describeNetworkError, type HttpResponse, type NetworkError } from "./http-probe";

/** The page both the custom domain and the Intercom host are asked for. */
export const INTERCOM_PROBE_PATH = "/";

/** What tells two answers apart: status, where a redirect goes (hosts masked), content type, body hash. */
export interface Fingerprint {
  readonly status: number;
  readonly location?: string;
  readonly contentType?: string;
  readonly body: string;
}

export function fingerprint(response: HttpResponse, hosts: readonly string[]): Fingerprint {
  let location = response.headers.location;
  // The same redirect names the host it was asked as (a proxy rewrites Intercom's Location to the custom domain).
  for (const host of hosts) location = location?.split(host).join("<host>");
  const contentType = response.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  return {
    status: response.status,
    ...(location !== undefined && { location }),
    ...(contentType !== undefined && { contentType }),
    body: createHash("sha256").update(response.body).digest("hex").slice(0, 16),
  };
}

function shown(f: Fingerprint): string {
  return [`${f.status}`, f.location && `to ${f.location}`, f.contentType, `body ${f.body}`].filter(Boolean).join(", ");
}

/** Why a request would reach Intercom with the wrong Host, by edge. */
function hostFix(plan: DomainPlan): string {
  switch (plan.edge) {
    case "cloudflare":
      return plan.cloudflare.mode === "page-rules"
        ? `the page rule https://${plan.domain}/* must override the Host header to ${plan.intercomHost} (an Enterprise plan feature) and be active`
        : `the ${plan.cloudflare.mode === "worker" ? "Worker" : "Origin Rule"} for ${plan.domain} must send Host ${plan.intercomHost}`;
    case "cloudfront":
      return `the distribution's origin must be ${plan.intercomHost} with origin request policy AllViewerExceptHostHeader (a forwarded viewer Host reaches Intercom as ${plan.domain})`;
    case "proxy":
      return `the ${plan.proxy.server} config must send Host and SNI ${plan.intercomHost} (install the config from email-assets proxy-config and reload)`;
  }
}

/** What makes an edge redirect HTTPS to itself: it asks the origin over plain HTTP, which Intercom redirects to HTTPS. */
function loopFix(plan: DomainPlan): string {
  switch (plan.edge) {
    case "cloudflare":
      return `Cloudflare's SSL mode for ${plan.domain} must be Full, so it asks ${plan.intercomHost} over HTTPS (Flexible asks over HTTP and gets the redirect back); apply the stack, and check no other page rule or Configuration Rule sets Flexible`;
    case "cloudfront":
      return `the distribution's origin protocol policy must be https-only (apply the stack)`;
    case "proxy":
      return `the ${plan.proxy.server} config must forward to https://${plan.intercomHost}/, not http:// (install the config from email-assets proxy-config and reload)`;
  }
}

/** Whether two answers match: whole fingerprints when Intercom's own answer is stable, else all but the body. */
function sameAnswer(a: Fingerprint, b: Fingerprint, stable: boolean): boolean {
  return stable ? JSON.stringify(a) === JSON.stringify(b) : a.status === b.status && a.location === b.location && a.contentType === b.contentType;
}

/** Intercom's answers to the probe: twice for its own name, once for the custom domain's (what an edge that forwards the viewer's Host sends). */
export interface IntercomAnswers {
  readonly own: readonly [HttpResponse | NetworkError, HttpResponse | NetworkError];
  readonly asCustomDomain: HttpResponse | NetworkError;
}

/**
 * Compares the custom domain's answer with the Intercom host's own. Intercom is asked twice: when
 * its two answers differ (a page that changes per request), bodies are not compared, only status,
 * redirect target and content type. When Intercom answers the custom domain's name as it answers
 * its own, the comparison cannot show which Host the edge sends: a match is then inconclusive.
 */
export function judgeIntercom(plan: DomainPlan, custom: HttpResponse | NetworkError, intercom: IntercomAnswers, addresses: { readonly custom: string; readonly intercom: string }): CheckResult {
  const [first, second] = intercom.own;
  if (first.kind === "error" || second.kind === "error") {
    const error = first.kind === "error" ? first : (second as NetworkError);
    return fail("intercom", `cannot ask the Intercom host itself: ${describeNetworkError(error, `${plan.intercomHost} (${addresses.intercom}):443`)}; check the workspace (${plan.workspace}) and region (${plan.region}) in the config`);
  }
  if (custom.kind === "error") return fail("intercom", `no answer from https://${plan.domain}${INTERCOM_PROBE_PATH}: ${describeNetworkError(custom, `${addresses.custom}:443`)}`);
  const probe = `https://${plan.domain}${INTERCOM_PROBE_PATH}`;
  const location = custom.headers.location;
  if (custom.status >= 300 && custom.status < 400 && location !== undefined && URL.canParse(location, probe) && new URL(location, probe).href === new URL(probe).href) {
    return fail("intercom", `${probe} answers ${custom.status} to itself (${location}), a loop browsers give up on: the edge reaches Intercom over plain HTTP and passes its redirect to HTTPS back; fix: ${loopFix(plan)}`);
  }
  const hosts = [plan.domain, plan.intercomHost];
  const theirs = fingerprint(first, hosts);
  const stable = sameAnswer(theirs, fingerprint(second, hosts), true);
  const ours = fingerprint(custom, hosts);
  if (!sameAnswer(ours, theirs, stable)) {
    return fail(
      "intercom",
      `https://${plan.domain}${INTERCOM_PROBE_PATH} answers ${shown(ours)}, but ${plan.intercomHost} answers ${shown(theirs)}: ` +
        `the request does not reach Intercom with Host ${plan.intercomHost}, so images, links and unsubscribe pages fail; fix: ${hostFix(plan)}`,
    );
  }
  const compared = stable ? "status and body" : "status, redirect and content type (Intercom's own page changes per request, so bodies are not compared)";
  const other = intercom.asCustomDomain;
  if (other.kind === "response" && sameAnswer(fingerprint(other, hosts), theirs, stable)) {
    return pass(
      "intercom",
      `inconclusive: https://${plan.domain}${INTERCOM_PROBE_PATH} answers as ${plan.intercomHost} does (${compared}: ${shown(ours)}), but ${plan.intercomHost} answers the same when asked as ${plan.domain}, ` +
        `so this cannot show that requests carry Host ${plan.intercomHost}; open an image or link of a sent email under https://${plan.domain}/ to be sure (if it fails: ${hostFix(plan)})`,
    );
  }
  return pass("intercom", `https://${plan.domain}${INTERCOM_PROBE_PATH} answers as ${plan.intercomHost} does (${compared}: ${shown(ours)}): requests reach Intercom with its own Host`);
}

/** HSTS is reported, never required: Intercom's answers decide what browsers keep. */
export function judgeHsts(plan: DomainPlan, custom: HttpResponse | NetworkError | undefined): CheckResult {
  if (custom === undefined) return pass("hsts", `not checked: ${plan.domain} has no address to connect to (see dns; information only)`);
  if (custom.kind === "error") return pass("hsts", `not checked: https://${plan.domain} gave no answer to read it from (see tls; information only)`);
  const header = custom.headers["strict-transport-security"];
  if (header === undefined) return pass("hsts", `https://${plan.domain} sends no Strict-Transport-Security header (information only; the redirect still upgrades plain links)`);
  return pass("hsts", `https://${plan.domain} sends Strict-Transport-Security: ${header} (information only)`);
}
