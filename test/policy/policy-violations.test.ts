import { describe, expect, it } from "vitest";
import { ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID, CACHING_DISABLED_POLICY_ID } from "../../src/facts/aws-facts";
import { policyViolations, type PolicyViolation } from "../../src/policy/stack-policy";

// The policy on hand-written Terraform JSON: the shapes an override or another tool may leave
// (a TTL of 0, a header list that is not a list, a custom header without a name, a rule without a
// description), each judged as the rule says. stack-policy.test.ts breaks real stacks on purpose.

const BEHAVIOR = {
  viewer_protocol_policy: "redirect-to-https",
  cache_policy_id: CACHING_DISABLED_POLICY_ID,
  origin_request_policy_id: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
};
const ORIGIN = { domain_name: "acme.intercom-mail.com", origin_id: "intercom", custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] } };
const DISTRIBUTION = {
  default_cache_behavior: BEHAVIOR,
  origin: [ORIGIN],
  viewer_certificate: { acm_certificate_arn: "arn:aws:acm:us-east-1:123456789012:certificate/x", minimum_protocol_version: "TLSv1.2_2021" },
};

const ADDRESS = "aws_cloudfront_distribution.d";
/** The violations of one distribution: its JSON is DISTRIBUTION with `change` on top. */
const distribution = (change: Record<string, unknown>) => policyViolations({ resource: { aws_cloudfront_distribution: { d: { ...DISTRIBUTION, ...change } } } });
const found = (rule: PolicyViolation["rule"], problem: string): PolicyViolation => ({ address: ADDRESS, rule, problem });

describe("a CloudFront distribution", () => {
  it("passes as the construct writes it, and with a cache behavior written as a one-element list", () => {
    expect(distribution({})).toEqual([]);
    expect(distribution({ default_cache_behavior: [BEHAVIOR], viewer_certificate: [DISTRIBUTION.viewer_certificate] })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, PolicyViolation[]]>([
    ["TTLs of 0 pass: they change nothing under CachingDisabled", { default_cache_behavior: { ...BEHAVIOR, min_ttl: 0, default_ttl: 0, max_ttl: 0 } }, []],
    [
      "a non-zero TTL fails, each named",
      { default_cache_behavior: { ...BEHAVIOR, min_ttl: 0, default_ttl: 3600, max_ttl: 86400 } },
      [
        found("no-caching", "default_cache_behavior.default_ttl is 3600; leave TTLs to the CachingDisabled policy"),
        found("no-caching", "default_cache_behavior.max_ttl is 86400; leave TTLs to the CachingDisabled policy"),
      ],
    ],
    [
      "forwarded_values without the Host header fail as legacy cache settings only",
      { default_cache_behavior: { ...BEHAVIOR, forwarded_values: { query_string: true, headers: ["Accept", "Origin"] } } },
      [found("no-caching", "default_cache_behavior.forwarded_values is set (legacy cache settings); use the cache and origin request policies")],
    ],
    [
      "forwarded_values whose headers are not a list (which Terraform rejects) are not read as forwarding the Host",
      { default_cache_behavior: { ...BEHAVIOR, forwarded_values: { query_string: true, headers: "Host" } } },
      [found("no-caching", "default_cache_behavior.forwarded_values is set (legacy cache settings); use the cache and origin request policies")],
    ],
    [
      "forwarded_values forwarding every header include the Host",
      { default_cache_behavior: { ...BEHAVIOR, forwarded_values: [{ query_string: true, headers: [7, "*"] }] } },
      [
        found("no-caching", "default_cache_behavior.forwarded_values is set (legacy cache settings); use the cache and origin request policies"),
        found("origin-host", 'default_cache_behavior.forwarded_values.headers forwards [7,"*"], which includes the viewer\'s Host'),
      ],
    ],
    [
      "an ordered cache behavior is held to the same rules, by its index",
      { ordered_cache_behavior: [BEHAVIOR, { ...BEHAVIOR, viewer_protocol_policy: "allow-all" }] },
      [found("viewer-https", 'ordered_cache_behavior[1].viewer_protocol_policy is "allow-all"; use "redirect-to-https"')],
    ],
    [
      "origin SSL protocols given as a single string, not a list, fail",
      { origin: [{ ...ORIGIN, custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: "TLSv1.2" } }] },
      [found("origin-https", 'origin[0].custom_origin_config.origin_ssl_protocols is "TLSv1.2"; use ["TLSv1.2"]')],
    ],
    [
      "an empty list of origin SSL protocols fails",
      { origin: [{ ...ORIGIN, custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: [] } }] },
      [found("origin-https", 'origin[0].custom_origin_config.origin_ssl_protocols is []; use ["TLSv1.2"]')],
    ],
    [
      "custom headers pass unless one sets Host, in any case; a header without a string name is not the Host",
      { origin: [{ ...ORIGIN, custom_header: [{ name: "X-Custom", value: "1" }, { name: 42, value: "x" }, { value: "y" }, { name: "HOST", value: "evil.example.net" }] }] },
      [found("origin-host", 'origin[0].custom_header sets Host to "evil.example.net"')],
    ],
    [
      "a custom header written as one block is read as well",
      { origin: [{ ...ORIGIN, custom_header: { name: "host", value: "evil.example.net" } }] },
      [found("origin-host", 'origin[0].custom_header sets Host to "evil.example.net"')],
    ],
    [
      "a viewer certificate without a protocol version fails",
      { viewer_certificate: { acm_certificate_arn: "arn:x" } },
      [found("viewer-tls", "viewer_certificate.minimum_protocol_version is not set; use TLSv1.2_2021")],
    ],
  ])("%s", (_name, change, violations) => {
    expect(distribution(change)).toEqual(violations);
  });
});

describe("Cloudflare resources", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ["a disabled rule without a description is named by its ref", { rules: [{ ref: "email_assets_origin", enabled: false }] }, ['rules[0] ("email_assets_origin") has enabled = false']],
    ["a disabled rule with neither is named as not set", { rules: [{ enabled: true }, { enabled: false }] }, ["rules[1] (not set) has enabled = false"]],
    ["a description wins over the ref", { rules: [{ description: "Host for emails", ref: "r", enabled: false }] }, ['rules[0] ("Host for emails") has enabled = false']],
    ["a rule without enabled, and action parameters without ssl, pass", { rules: [{ action_parameters: { host_header: "acme.intercom-mail.com" } }] }, []],
    ["a strict SSL rule passes", { rules: [{ action_parameters: [{ ssl: "strict" }] }] }, []],
  ])("ruleset: %s", (_name, ruleset, problems) => {
    expect(policyViolations({ resource: { cloudflare_ruleset: { r: ruleset } } }).map((violation) => violation.problem)).toEqual(problems);
  });

  it.each([
    ["always_use_https", "off"],
    ["min_tls_version", "1.0"],
    [undefined, "off"],
  ])("leaves a zone setting other than ssl alone (%s = %s)", (settingId, value) => {
    expect(policyViolations({ resource: { cloudflare_zone_setting: { s: { zone_id: "z", setting_id: settingId, value } } } })).toEqual([]);
  });

  it.each([["full"], ["strict"]])("passes the zone's ssl setting %s", (value) => {
    expect(policyViolations({ resource: { cloudflare_zone_setting: { s: { setting_id: "ssl", value } } } })).toEqual([]);
  });

  it("passes an active page rule without an ssl action", () => {
    expect(policyViolations({ resource: { cloudflare_page_rule: { p: { status: "active", actions: { always_use_https: true } } } } })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["the Intercom record proxied with the automatic TTL passes", { type: "CNAME", name: "emails", content: "acme.intercom-mail.com", proxied: true, ttl: 1 }, []],
    ["the Intercom record with proxied not set fails", { type: "CNAME", name: "emails", content: "acme.intercom-mail.com", ttl: 1 }, ["edge-record-proxied"]],
    ["another record DNS only passes", { type: "A", name: "links", content: "203.0.113.10", proxied: false }, []],
    ["another record with proxied not set passes (DNS only is the provider's default)", { type: "A", name: "links", content: "203.0.113.10" }, []],
    ["a record whose content is not text is held as another record", { type: "A", name: "links", content: 7, proxied: true }, ["dns-only-record"]],
  ])("dns record: %s", (_name, record, rules) => {
    expect(policyViolations({ resource: { cloudflare_dns_record: { r: record } } }).map((violation) => violation.rule)).toEqual(rules);
  });
});

describe("JSON of another shape", () => {
  it.each([
    ["a resource that is not an object", { resource: { cloudflare_ruleset: { r: null, s: "text", t: [{ rules: [{ enabled: false }] }] } } }],
    ["a resource type that is not a map of names", { resource: { cloudflare_ruleset: [{ rules: [{ enabled: false }] }] } }],
    ["resource that is a list", { resource: [{ cloudflare_ruleset: {} }] }],
  ])("skips %s", (_name, json) => {
    expect(policyViolations(json)).toEqual([]);
  });

  it("reports the resources in order, each under its own address", () => {
    const violations = policyViolations({
      resource: {
        cloudflare_zone_setting: { first: { setting_id: "ssl", value: "flexible" } },
        cloudflare_page_rule: { second: { status: "disabled" } },
      },
    });
    expect(violations.map((violation) => `${violation.address} ${violation.rule}`)).toEqual(["cloudflare_zone_setting.first ssl-full", "cloudflare_page_rule.second rule-enabled"]);
  });
});
