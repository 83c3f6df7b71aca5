import type { CloudflareMode } from "../facts/cloudflare-facts";
import type { DomainPlan } from "../plan/resolve-plan";
import { fail, pass, type CheckResult } from "./check-result";
import { describeNetworkError, type HttpResponse, type NetworkError } from "./http-probe";

/** The request the redirect check makes: a path and a query, both of which must survive. */
export const REDIRECT_PROBE_PATH = "/x?y=1";

/** What makes plain HTTP redirect on Cloudflare, by mode. */
function cloudflareRedirectFix(domain: string, mode: CloudflareMode): string {
  switch (mode) {
    case "page-rules":
      return `the page rule http://${domain}/* -> Always Use HTTPS must exist with status active, alone in its rule and first by priority`;
    case "rulesets":
      return `the Single Redirect rule for ${domain} (phase http_request_dynamic_redirect) must be enabled`;
    case "worker":
      return `the Worker route for ${domain}/* must be deployed (the Worker answers plain HTTP with 301)`;
  }
}

/** What makes plain HTTP redirect, by edge. */
function redirectFix(plan: DomainPlan): string {
  switch (plan.edge) {
    case "cloudflare":
      return cloudflareRedirectFix(plan.domain, plan.cloudflare.mode);
    case "cloudfront":
      return "the distribution's viewer protocol policy must be redirect-to-https (apply the stack)";
    case "proxy":
      return `the port-80 virtual host from email-assets proxy-config must be installed on the ${plan.proxy.server} server at ${plan.dnsRecord.value}`;
  }
}

/** What is wrong with a permanent redirect's target, read as a browser would (relative to the request). */
function wrongTarget(url: string, location: string | undefined): string {
  let target: URL | undefined;
  try {
    target = location === undefined ? undefined : new URL(location, url);
  } catch {
    target = undefined;
  }
  if (target?.href === new URL(url).href) return "it redirects to itself, a loop browsers give up on";
  if (target?.protocol === "http:") return "the redirect stays on plain HTTP, so links are never upgraded to HTTPS";
  return "the redirect loses the host, path or query, so tracked links break";
}

export function judgeRedirect(plan: DomainPlan, address: string, response: HttpResponse | NetworkError): CheckResult {
  const url = `http://${plan.domain}${REDIRECT_PROBE_PATH}`;
  const wanted = `https://${plan.domain}${REDIRECT_PROBE_PATH}`;
  if (response.kind === "error") return fail("redirect", `${url}: ${describeNetworkError(response, `${address}:80`)}; fix: ${redirectFix(plan)}`);
  const location = response.headers.location;
  if (response.status === 301 || response.status === 308) {
    if (location === wanted) return pass("redirect", `${url} answers ${response.status} to ${wanted}`);
    return fail("redirect", `${url} answers ${response.status} to ${location ?? "no Location"}, not ${wanted}: ${wrongTarget(url, location)}; fix: ${redirectFix(plan)}`);
  }
  if (response.status === 302 || response.status === 307) {
    return fail("redirect", `${url} answers a temporary ${response.status} to ${location ?? "no Location"}: make it a permanent 301 or 308 to ${wanted}; fix: ${redirectFix(plan)}`);
  }
  return fail("redirect", `${url} answers ${response.status} over plain HTTP instead of redirecting to ${wanted}: links opened over http stay unencrypted; fix: ${redirectFix(plan)}`);
}
