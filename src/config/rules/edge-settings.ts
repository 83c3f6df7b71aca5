import type { CloudflareModeSettings, CloudflareSettings, CloudFrontSettings, DnsTarget, ProxyAddresses, ProxySettings } from "../shapes/domain-spec";
import type { DnsChoice } from "../shapes/domain-spec";
import type { ParsedFields } from "./parse-fields";
import { ACM_MAX_DOMAIN_LENGTH } from "../../facts/aws-facts";
import { formatPath, type FieldPath, type Problem } from "../problems/problem";
import type { CloudflareFields, CloudFrontFields, ProxyFields } from "../shapes/schema";

/** The path of the config's `defaults` block. */
export const DEFAULTS_PATH: FieldPath = ["defaults"];

/** A rule's finding: the value it could build (absent where a field is missing or bad) and its problems. */
export interface Refined<T> {
  readonly value?: T;
  readonly problems: readonly Problem[];
  readonly warnings?: readonly Problem[];
}

export function missingField(path: FieldPath, why: string): Problem {
  return { path: formatPath(path), message: `is required ${why}`, received: undefined };
}

/** Whether the value of `key` comes from the config's `defaults` rather than the entry itself. */
function inherited(block: ParsedFields<unknown>, key: string): boolean {
  return block.pathOf(key)[0] === DEFAULTS_PATH[0];
}

const STANDARD_HTTP_PORT = 80;
const STANDARD_HTTPS_PORT = 443;

const DNS_ZONE_KEYS = { route53: "route53ZoneId", cloudflare: "cloudflareZoneId" } as const;
const DNS_ZONE_HINTS = {
  route53: "the hosted zone that holds the domain, Z...",
  cloudflare: "the Cloudflare zone that holds the domain, 32 hex digits",
} as const;

/** `dns: route53` needs `route53ZoneId`, `dns: cloudflare` needs `cloudflareZoneId`, and neither is used otherwise. */
function dnsTarget(
  block: ParsedFields<{ dns: DnsChoice; route53ZoneId?: string; cloudflareZoneId?: string }>,
  at: FieldPath,
): Refined<DnsTarget> {
  const { dns, route53ZoneId, cloudflareZoneId } = block.fields;
  const problems: Problem[] = [];
  if (dns === undefined) return { problems };
  for (const [choice, key] of Object.entries(DNS_ZONE_KEYS) as [keyof typeof DNS_ZONE_KEYS, (typeof DNS_ZONE_KEYS)[keyof typeof DNS_ZONE_KEYS]][]) {
    if (dns === choice && !block.given.has(key)) {
      problems.push(missingField([...at, key], `when dns is "${choice}" (${DNS_ZONE_HINTS[choice]})`));
    }
    // A zone id from `defaults` is there for the domains that use that DNS; the others leave it.
    if (dns !== choice && block.given.has(key) && !inherited(block, key)) {
      problems.push({
        path: formatPath(block.pathOf(key)),
        message: `is only used with dns: ${choice}, but dns is "${dns}"; remove it or set dns: ${choice}`,
        received: block.raw[key],
      });
    }
  }
  switch (dns) {
    case "external":
      return { value: { kind: "external" }, problems };
    case "route53":
      return { ...(route53ZoneId !== undefined && { value: { kind: "route53", zoneId: route53ZoneId } }), problems };
    case "cloudflare":
      return { ...(cloudflareZoneId !== undefined && { value: { kind: "cloudflare", zoneId: cloudflareZoneId } }), problems };
  }
}

export function cloudflareSettings(block: ParsedFields<CloudflareFields>, at: FieldPath): Refined<CloudflareSettings> {
  const problems: Problem[] = [];
  const { mode, accountId } = block.fields;
  let modeSettings: CloudflareModeSettings | undefined;
  switch (mode) {
    case undefined:
      break;
    case "page-rules":
    case "rulesets":
      modeSettings = { mode };
      break;
    case "worker":
      if (accountId !== undefined) modeSettings = { mode, accountId };
      else if (!block.given.has("accountId")) problems.push(missingField([...at, "accountId"], 'when mode is "worker" (the account that owns the Worker, 32 hex digits)'));
      break;
  }
  const warnings: Problem[] = [];
  if (accountId !== undefined && mode !== undefined && mode !== "worker" && !inherited(block, "accountId")) {
    warnings.push({ path: formatPath(block.pathOf("accountId")), message: `is only used in worker mode; mode is "${mode}"`, received: accountId });
  }
  const whole = block.complete;
  if (whole === undefined || modeSettings === undefined) return { problems, warnings };
  const { zoneId, sslScope, existingRulesets } = whole;
  return { value: { ...modeSettings, zoneId, sslScope, existingRulesets }, problems, warnings };
}

export function cloudFrontSettings(block: ParsedFields<CloudFrontFields>, at: FieldPath, domainAt: FieldPath, domain: string | undefined): Refined<CloudFrontSettings> {
  const dns = dnsTarget(block, at);
  if (domain !== undefined && domain.length > ACM_MAX_DOMAIN_LENGTH && !block.given.has("certificateArn")) {
    const problem: Problem = {
      path: formatPath([...domainAt, "domain"]),
      message: `is ${domain.length} characters, but an ACM certificate's domain name holds at most ${ACM_MAX_DOMAIN_LENGTH}, so no certificate can be created for it; give cloudfront.certificateArn (a certificate whose name covers it, such as a wildcard for its parent), or use a shorter domain`,
      received: domain,
    };
    return { problems: [...dns.problems, problem] };
  }
  const whole = block.complete;
  if (whole === undefined || dns.value === undefined) return { problems: dns.problems };
  const { dns: _choice, route53ZoneId: _route53, cloudflareZoneId: _cloudflare, ...settings } = whole;
  return { value: { ...settings, dns: dns.value }, problems: dns.problems };
}

/** The proxy needs an address for its DNS record, and its two ports must differ. */
export function proxySettings(block: ParsedFields<ProxyFields>, at: FieldPath): Refined<ProxySettings> {
  const dns = dnsTarget(block, at);
  const problems = [...dns.problems];
  const { ipv4, ipv6, httpsPort, httpPort } = block.fields;
  if (!block.given.has("ipv4") && !block.given.has("ipv6")) {
    problems.push(missingField([...at, "ipv4"], "(or ipv6): the proxy's public address, which the custom domain's A (or AAAA) record points at"));
  }
  // The standard ports swapped would serve plain HTTP on 443 and TLS on 80: every link would break.
  if (httpsPort === STANDARD_HTTP_PORT && httpPort !== STANDARD_HTTP_PORT) {
    problems.push({
      path: formatPath(block.pathOf("httpsPort")),
      message: `is ${STANDARD_HTTP_PORT}, the port of plain http:// links; serve HTTPS on ${STANDARD_HTTPS_PORT} (or another port)`,
      received: httpsPort,
    });
  }
  if (httpPort === STANDARD_HTTPS_PORT && httpsPort !== STANDARD_HTTPS_PORT) {
    problems.push({
      path: formatPath(block.pathOf("httpPort")),
      message: `is ${STANDARD_HTTPS_PORT}, the port of https:// links; serve the redirect on ${STANDARD_HTTP_PORT} (or another port)`,
      received: httpPort,
    });
  }
  if (httpsPort !== undefined && httpsPort === httpPort) {
    problems.push({
      path: formatPath(block.pathOf("httpPort")),
      message: `must differ from httpsPort (${httpsPort}): one port cannot serve both the redirect and HTTPS`,
      received: block.given.has("httpPort") ? httpPort : undefined,
    });
  }
  const warnings: Problem[] = [];
  if (block.fields.server === "apache" && block.given.has("resolvers") && !inherited(block, "resolvers")) {
    warnings.push({
      path: formatPath(block.pathOf("resolvers")),
      message: "is used by nginx only; Apache looks the Intercom host up through the system resolver",
      received: block.fields.resolvers,
    });
  }
  const addresses: ProxyAddresses | undefined =
    ipv4 !== undefined ? { ipv4, ...(ipv6 !== undefined ? { ipv6 } : {}) } : ipv6 !== undefined ? { ipv6 } : undefined;
  const whole = block.complete;
  if (whole === undefined || dns.value === undefined || addresses === undefined) return { problems, warnings };
  const { dns: _choice, route53ZoneId: _route53, cloudflareZoneId: _cloudflare, ipv4: _v4, ipv6: _v6, ...settings } = whole;
  return { value: { ...settings, ...addresses, dns: dns.value }, problems, warnings };
}
