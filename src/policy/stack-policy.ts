import { ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID, CACHING_DISABLED_POLICY_ID } from "../facts/aws-facts";
import { AUTOMATIC_TTL } from "../facts/cloudflare-facts";
import { isRecord } from "../config/rules/parse-fields";
import { isIntercomHost } from "../intercom/intercom-host";

/**
 * The security invariants every resource of this package keeps, checked on the stack's Terraform
 * JSON as it will be written (escape hatches and other Aspects included). Each rule has an id,
 * named in every violation.
 */
export const POLICY_RULES = {
  "viewer-https": "CloudFront viewers must be redirected to HTTPS (viewer_protocol_policy redirect-to-https or https-only)",
  "origin-https": "CloudFront must reach Intercom over HTTPS only, at TLS 1.2 or newer",
  "viewer-tls": "CloudFront viewers must get the custom domain's certificate at TLS 1.2 or newer, never the default *.cloudfront.net certificate",
  "no-caching": "CloudFront must not cache: the cache policy must be CachingDisabled, with no legacy forwarded_values or TTLs",
  "origin-host": "Intercom must see its own Host: the origin request policy must be AllViewerExceptHostHeader, and no Host header may be forwarded or set",
  "rule-enabled": "Page rules must be active and ruleset rules enabled (a page rule's status defaults to disabled)",
  "edge-record-proxied": "A Cloudflare record pointing at the Intercom host must be proxied, with the automatic TTL (1)",
  "ssl-full": "Cloudflare's SSL mode must be full or strict, never off or flexible",
  "dns-only-record": "A CloudFront or proxy record in Cloudflare must be DNS only (proxied: false): its edge holds the certificate",
} as const;
export type PolicyRuleId = keyof typeof POLICY_RULES;

export interface PolicyViolation {
  /** The Terraform address: `aws_cloudfront_distribution.distribution`. */
  readonly address: string;
  readonly rule: PolicyRuleId;
  /** What is wrong, with the value found. */
  readonly problem: string;
}

type Json = Record<string, unknown>;

/** A block that cdktf writes as an object and Terraform also accepts as a one-element list. */
function blocks(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

const shown = (value: unknown) => (value === undefined || value === null ? "not set" : JSON.stringify(value));
const SSL_MODES_ALLOWED: readonly unknown[] = ["full", "strict"];
/** TLS protocol names CloudFront may use towards an origin; only TLSv1.2 is allowed. */
const ORIGIN_PROTOCOL_ALLOWED = "TLSv1.2";
const VIEWER_TLS = /^TLSv1\.(2|3)_\d{4}$/;

function checkDistribution(address: string, resource: Json): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  const add = (rule: PolicyRuleId, problem: string) => found.push({ address, rule, problem });
  const behaviors = [
    ...blocks(resource.default_cache_behavior).map((b) => ["default_cache_behavior", b] as const),
    ...blocks(resource.ordered_cache_behavior).map((b, i) => [`ordered_cache_behavior[${i}]`, b] as const),
  ];
  if (behaviors.length === 0) add("viewer-https", "default_cache_behavior is missing");
  for (const [path, behavior] of behaviors) {
    if (behavior.viewer_protocol_policy !== "redirect-to-https" && behavior.viewer_protocol_policy !== "https-only") {
      add("viewer-https", `${path}.viewer_protocol_policy is ${shown(behavior.viewer_protocol_policy)}; use "redirect-to-https"`);
    }
    if (behavior.cache_policy_id !== CACHING_DISABLED_POLICY_ID) {
      add("no-caching", `${path}.cache_policy_id is ${shown(behavior.cache_policy_id)}; use CachingDisabled (${CACHING_DISABLED_POLICY_ID})`);
    }
    for (const ttl of ["min_ttl", "default_ttl", "max_ttl"]) {
      if (behavior[ttl] !== undefined && behavior[ttl] !== 0) add("no-caching", `${path}.${ttl} is ${shown(behavior[ttl])}; leave TTLs to the CachingDisabled policy`);
    }
    for (const forwarded of blocks(behavior.forwarded_values)) {
      add("no-caching", `${path}.forwarded_values is set (legacy cache settings); use the cache and origin request policies`);
      const headers = Array.isArray(forwarded.headers) ? forwarded.headers : [];
      if (headers.some((h) => typeof h === "string" && (h === "*" || h.toLowerCase() === "host"))) {
        add("origin-host", `${path}.forwarded_values.headers forwards ${shown(headers)}, which includes the viewer's Host`);
      }
    }
    if (behavior.origin_request_policy_id !== ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID) {
      add("origin-host", `${path}.origin_request_policy_id is ${shown(behavior.origin_request_policy_id)}; use AllViewerExceptHostHeader (${ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID})`);
    }
  }
  blocks(resource.origin).forEach((origin, i) => {
    const config = blocks(origin.custom_origin_config)[0];
    if (config === undefined) {
      add("origin-https", `origin[${i}] has no custom_origin_config, so its protocol is not pinned to HTTPS`);
    } else {
      if (config.origin_protocol_policy !== "https-only") add("origin-https", `origin[${i}].custom_origin_config.origin_protocol_policy is ${shown(config.origin_protocol_policy)}; use "https-only"`);
      const protocols = Array.isArray(config.origin_ssl_protocols) ? config.origin_ssl_protocols : [];
      if (protocols.length === 0 || protocols.some((p) => p !== ORIGIN_PROTOCOL_ALLOWED)) {
        add("origin-https", `origin[${i}].custom_origin_config.origin_ssl_protocols is ${shown(config.origin_ssl_protocols)}; use ["${ORIGIN_PROTOCOL_ALLOWED}"]`);
      }
    }
    for (const header of blocks(origin.custom_header)) {
      if (typeof header.name === "string" && header.name.toLowerCase() === "host") add("origin-host", `origin[${i}].custom_header sets Host to ${shown(header.value)}`);
    }
  });
  const certificate = blocks(resource.viewer_certificate)[0];
  if (certificate === undefined || certificate.cloudfront_default_certificate === true) {
    add("viewer-tls", "viewer_certificate uses CloudFront's default certificate, which does not cover the custom domain and allows TLS 1.0");
  } else if (typeof certificate.minimum_protocol_version !== "string" || !VIEWER_TLS.test(certificate.minimum_protocol_version)) {
    add("viewer-tls", `viewer_certificate.minimum_protocol_version is ${shown(certificate.minimum_protocol_version)}; use TLSv1.2_2021`);
  }
  return found;
}

function checkPageRule(address: string, resource: Json): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  if (resource.status !== "active") found.push({ address, rule: "rule-enabled", problem: `status is ${shown(resource.status)} (the provider's default is "disabled"); set "active"` });
  const actions = blocks(resource.actions)[0];
  if (actions?.ssl !== undefined && !SSL_MODES_ALLOWED.includes(actions.ssl)) {
    found.push({ address, rule: "ssl-full", problem: `actions.ssl is ${shown(actions.ssl)}; use "full" or "strict"` });
  }
  return found;
}

function checkRuleset(address: string, resource: Json): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  blocks(resource.rules).forEach((rule, i) => {
    if (rule.enabled === false) found.push({ address, rule: "rule-enabled", problem: `rules[${i}] (${shown(rule.description ?? rule.ref)}) has enabled = false` });
    const parameters = blocks(rule.action_parameters)[0];
    if (parameters?.ssl !== undefined && !SSL_MODES_ALLOWED.includes(parameters.ssl)) {
      found.push({ address, rule: "ssl-full", problem: `rules[${i}].action_parameters.ssl is ${shown(parameters.ssl)}; use "full" or "strict"` });
    }
  });
  return found;
}

function checkZoneSetting(address: string, resource: Json): PolicyViolation[] {
  if (resource.setting_id !== "ssl") return [];
  return SSL_MODES_ALLOWED.includes(resource.value) ? [] : [{ address, rule: "ssl-full", problem: `the zone's ssl setting is ${shown(resource.value)}; use "full" or "strict"` }];
}

function checkDnsRecord(address: string, resource: Json): PolicyViolation[] {
  // The Cloudflare edge's record points at the Intercom host; every other record this project makes
  // in Cloudflare (CloudFront's CNAME, a proxy's A/AAAA, ACM validation) must stay DNS only.
  if (typeof resource.content === "string" && isIntercomHost(resource.content)) {
    if (resource.proxied === true && resource.ttl === AUTOMATIC_TTL) return [];
    return [{ address, rule: "edge-record-proxied", problem: `proxied is ${shown(resource.proxied)} and ttl is ${shown(resource.ttl)}; set proxied = true and ttl = ${AUTOMATIC_TTL}` }];
  }
  return resource.proxied === true ? [{ address, rule: "dns-only-record", problem: `proxied is true for ${shown(resource.type)} ${shown(resource.name)}; set proxied = false` }] : [];
}

const CHECKS: Readonly<Record<string, (address: string, resource: Json) => PolicyViolation[]>> = {
  aws_cloudfront_distribution: checkDistribution,
  cloudflare_page_rule: checkPageRule,
  cloudflare_ruleset: checkRuleset,
  cloudflare_zone_setting: checkZoneSetting,
  cloudflare_dns_record: checkDnsRecord,
};

/**
 * Every violation in a stack's Terraform JSON (`{ resource: { <type>: { <name>: {...} } } }`), in
 * resource order. With `addresses` (`<type>.<name>`), only the resources at those addresses are
 * judged: the policy Aspect passes the addresses of the resources this package's constructs
 * created, so a user's own resources in the same stack are never judged. Without it, every
 * resource of a type with rules is.
 */
export function policyViolations(stackJson: unknown, addresses?: ReadonlySet<string>): PolicyViolation[] {
  const resources = isRecord(stackJson) && isRecord(stackJson.resource) ? stackJson.resource : {};
  const found: PolicyViolation[] = [];
  for (const [type, byName] of Object.entries(resources)) {
    const check = CHECKS[type];
    if (check === undefined || !isRecord(byName)) continue;
    for (const [name, resource] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      if (isRecord(resource) && (addresses === undefined || addresses.has(address))) found.push(...check(address, resource));
    }
  }
  return found;
}

/** One violation as a line: `<address>: rule <id>: <problem> (<what the rule asks>)`. */
export function formatViolation(violation: PolicyViolation): string {
  return `${violation.address}: rule ${violation.rule}: ${violation.problem} (${POLICY_RULES[violation.rule]})`;
}
