import { beforeAll, describe, expect, it } from "vitest";
import { CLOUDFRONT_VARIANTS, EXISTING_CERTIFICATE_ARN, ZONE_A, cloudfrontDomain } from "../support/fixtures";
import { resourceAddresses, synthConfig, type StackJson } from "../support/synth";
import { POLICY_CHECKS, policyCheck, policyChecksMarkdown, type PolicyCheck, type PolicyOption } from "../support/cloudfront-policy-checks";

// The public CloudFront checks of checkov and trivy (shared/reference/cloudfront-policy-checks.md), one
// table row per rule, judged on the synthesized JSON of every kind of CloudFront stack the spec can ask for.

/** Every id of the reference, in its order; the ACM rule closes it. */
const REFERENCE_IDS = [
  "CKV_AWS_34",
  "AVD-AWS-0012",
  "CKV_AWS_174",
  "AVD-AWS-0013",
  "CKV_AWS_68",
  "AVD-AWS-0011",
  "CKV2_AWS_47",
  "CKV_AWS_86",
  "AVD-AWS-0010",
  "CKV_AWS_374",
  "CKV_AWS_305",
  "CKV_AWS_310",
  "CKV_AWS_216",
  "CKV2_AWS_32",
  "CKV_AWS_259",
  "CKV2_AWS_42",
  "CKV2_AWS_54",
  "CKV2_AWS_72",
  "CKV2_AWS_46 / CKV2_AWS_TEST",
  "CKV_AWS_233",
];

const WAF_CLASSIC_ID = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const LOGGING = { bucket: "acme-cf-logs", prefix: "email-assets/" };
const cloudfront = cloudfrontDomain;
const route53 = { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" };
const cloudflareDns = { dns: "cloudflare", cloudflareZoneId: ZONE_A };

/**
 * The stacks judged, by stack id, each with the domains it holds: both certificate kinds with each DNS
 * choice, with and without webAclId (WAFv2 ARN and WAF Classic id) and logging, the viewer TLS policies
 * the spec offers, and two named stacks whose resource names carry each domain's prefix.
 */
const VARIANTS: Readonly<Record<string, readonly Record<string, any>[]>> = {
  // New certificate, Route 53, WAFv2 and logging, TLSv1.2_2019, PriceClass_100, tags.
  "emails-example-com": [CLOUDFRONT_VARIANTS["emails-example-com"]],
  // Existing certificate, Cloudflare DNS.
  "emails-example-eu": [CLOUDFRONT_VARIANTS["emails-example-eu"]],
  // New certificate, external DNS, TLSv1.2_2018.
  "news-example-com-au": [CLOUDFRONT_VARIANTS["news-example-com-au"]],
  "new-example-net": [cloudfront("new.example.net", { ...cloudflareDns, webAclId: WAF_CLASSIC_ID })],
  "existing-example-org": [cloudfront("existing.example.org", { ...route53, certificateArn: EXISTING_CERTIFICATE_ARN, logging: LOGGING, priceClass: "PriceClass_200" })],
  // Every default: what `cloudfront: { certificateArn }` alone builds.
  "plain-example-org": [cloudfront("plain.example.org", { certificateArn: EXISTING_CERTIFICATE_ARN })],
  fleet: [
    cloudfront("a.example.net", route53, { stack: "fleet" }),
    cloudfront("b.example.net", { certificateArn: EXISTING_CERTIFICATE_ARN }, { stack: "fleet" }),
  ],
  guarded: [
    cloudfront("c.example.net", { ...cloudflareDns, webAclId: CLOUDFRONT_VARIANTS["emails-example-com"].cloudfront.webAclId, logging: LOGGING }, { stack: "guarded" }),
    cloudfront("d.example.net", { ...route53, certificateArn: EXISTING_CERTIFICATE_ARN, webAclId: WAF_CLASSIC_ID, logging: LOGGING }, { stack: "guarded" }),
  ],
};
const VARIANT_IDS = Object.keys(VARIANTS);

/** The spec's `cloudfront` block, as far as these tests read it. */
type CloudFrontBlock = { certificateArn?: string; dns?: string; minimumProtocolVersion?: string } & Partial<Record<PolicyOption, unknown>>;
const blockOf = (domain: Record<string, any>) => (domain.cloudfront ?? {}) as CloudFrontBlock;
/** Whether every domain of a variant sets the option (a named stack passes only when all of them do). */
const setsOption = (id: string, option: PolicyOption) => VARIANTS[id].every((domain) => blockOf(domain)[option] !== undefined);
const leavesOut = (id: string, option: PolicyOption) => VARIANTS[id].every((domain) => blockOf(domain)[option] === undefined);

let stacks: Record<string, StackJson>;
beforeAll(() => {
  stacks = synthConfig({ domains: Object.values(VARIANTS).flat() });
});
const stackOf = (id: string): StackJson => {
  const stack = stacks[id];
  if (stack === undefined) throw new Error(`no stack ${id}; synthesized: ${Object.keys(stacks).join(", ")}`);
  return stack;
};
const distributionCount = (stack: StackJson) => Object.keys(stack.resource?.aws_cloudfront_distribution ?? {}).length;

describe("the table of public CloudFront policy checks", () => {
  it("has one row per rule of the reference, the ACM rule included, each id once", () => {
    expect(POLICY_CHECKS.map((rule) => rule.id)).toEqual(REFERENCE_IDS);
  });

  it("judges new and existing certificates with each DNS choice, with and without webAclId and logging, in own and named stacks", () => {
    expect(Object.keys(stacks).sort()).toEqual([...VARIANT_IDS].sort());
    const domains = Object.values(VARIANTS).flat();
    const combinations = new Set(domains.map((domain) => `${blockOf(domain).certificateArn ? "existing" : "new"} ${blockOf(domain).dns ?? "external"}`));
    expect([...combinations].sort()).toEqual(["existing cloudflare", "existing external", "existing route53", "new cloudflare", "new external", "new route53"]);
    for (const option of ["webAclId", "logging"] as const) {
      expect(VARIANT_IDS.filter((id) => setsOption(id, option)).length).toBeGreaterThanOrEqual(2);
      expect(VARIANT_IDS.filter((id) => leavesOut(id, option)).length).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(domains.map((domain) => blockOf(domain).minimumProtocolVersion ?? "TLSv1.2_2021"))).toEqual(new Set(["TLSv1.2_2021", "TLSv1.2_2019", "TLSv1.2_2018"]));
    expect(distributionCount(stackOf("fleet"))).toBe(2);
    expect(distributionCount(stackOf("guarded"))).toBe(2);
  });

  it("renders as the README's Markdown table: ID | check | status | reason, one line per rule", () => {
    const lines = policyChecksMarkdown().split("\n");
    expect(lines.slice(0, 2)).toEqual(["| ID | check | status | reason |", "|---|---|---|---|"]);
    expect(lines).toHaveLength(2 + POLICY_CHECKS.length);
    POLICY_CHECKS.forEach((rule, index) => {
      const cells = lines[2 + index].split(/(?<!\\)\|/).slice(1, -1);
      expect(cells).toHaveLength(4);
      expect(cells[0]).toContain(rule.id.split(" / ")[0]);
      expect(cells[2].trim()).toBe(rule.status);
    });
  });
});

/** The rules of one status, as [id, rule] pairs: the id names the group of tests. */
const byStatus = <S extends PolicyCheck["status"]>(status: S) =>
  POLICY_CHECKS.filter((rule): rule is PolicyCheck & { readonly status: S } => rule.status === status).map((rule) => [rule.id, rule] as const);

describe.each(byStatus("applies"))("%s applies", (_id, rule) => {
  it.each(VARIANT_IDS)("passes for %s", (id) => {
    expect(rule.violations(stackOf(id))).toEqual([]);
  });

  it(`judges at least one ${rule.subject}`, () => {
    expect(VARIANT_IDS.filter((id) => resourceAddresses(stackOf(id)).some((address) => address.startsWith(`${rule.subject}.`))).length).toBeGreaterThan(0);
  });
});

describe.each(byStatus("passes when configured"))("%s passes when configured", (_id, rule) => {
  it.each(VARIANT_IDS.filter((id) => setsOption(id, rule.option)))(`passes for %s, which sets cloudfront.${rule.option}`, (id) => {
    expect(rule.violations(stackOf(id))).toEqual([]);
  });

  // Off by default: if the project ever turned it on for everyone, this says to move the row to applies.
  it.each(VARIANT_IDS.filter((id) => leavesOut(id, rule.option)))(`is not met by %s, which leaves cloudfront.${rule.option} out`, (id) => {
    expect(rule.violations(stackOf(id))).toHaveLength(distributionCount(stackOf(id)));
  });
});

describe.each(byStatus("not applicable by design"))("%s is not applicable by design", (_id, rule) => {
  // The rule is still judged: once the project satisfies it, this fails and the row moves to applies.
  it.each(VARIANT_IDS)("is still not met by any distribution of %s", (id) => {
    expect(rule.violations(stackOf(id))).toHaveLength(distributionCount(stackOf(id)));
  });
});

/** A copy of a synthesized stack with `change` applied to every resource of `type` (there must be one). */
function changed(id: string, type: string, change: (body: Record<string, any>) => unknown): StackJson {
  const copy = structuredClone(stackOf(id));
  const bodies = Object.values(copy.resource?.[type] ?? {});
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) change(body);
  return copy;
}

/** A copy of a synthesized stack with extra resources of one type, by name. */
function withResources(stack: StackJson, type: string, added: Record<string, Record<string, unknown>>): StackJson {
  return { ...stack, resource: { ...stack.resource, [type]: { ...stack.resource?.[type], ...added } } };
}

/** Asserts that the rule passes the stack as synthesized, and reports `problem` once `change` is made. */
function expectViolation(ruleId: string, id: string, type: string, change: (body: Record<string, any>) => unknown, problem: string | RegExp): void {
  const rule = policyCheck(ruleId);
  expect(rule.violations(stackOf(id))).toEqual([]);
  const violations = rule.violations(changed(id, type, change));
  expect(violations.length).toBeGreaterThan(0);
  for (const violation of violations) expect(violation).toMatch(problem);
}

const DISTRIBUTION = "aws_cloudfront_distribution";

describe("each rule the stacks meet, by default or when configured, reports a violation", () => {
  it("CKV_AWS_34 fails when the default cache behaviour allows plain HTTP (allow-all)", () => {
    expectViolation("CKV_AWS_34", "emails-example-com", DISTRIBUTION, (d) => (d.default_cache_behavior.viewer_protocol_policy = "allow-all"), /distribution: a cache behaviour has viewer_protocol_policy "allow-all"/);
  });

  it("CKV_AWS_34 fails when an ordered cache behaviour allows plain HTTP", () => {
    expectViolation("CKV_AWS_34", "fleet", DISTRIBUTION, (d) => {
      d.ordered_cache_behavior = [{ ...d.default_cache_behavior, path_pattern: "/o/*", viewer_protocol_policy: "allow-all" }];
    }, /_distribution: a cache behaviour/);
  });

  it("AVD-AWS-0012 fails when viewer_protocol_policy is allow-all", () => {
    expectViolation("AVD-AWS-0012", "plain-example-org", DISTRIBUTION, (d) => (d.default_cache_behavior.viewer_protocol_policy = "allow-all"), /allow-all/);
  });

  it("CKV_AWS_174 fails when the distribution uses CloudFront's default certificate", () => {
    expectViolation("CKV_AWS_174", "news-example-com-au", DISTRIBUTION, (d) => (d.viewer_certificate = { cloudfront_default_certificate: true }), /uses the default CloudFront certificate/);
  });

  it("CKV_AWS_174 fails when the viewer TLS policy is TLSv1_2016", () => {
    expectViolation("CKV_AWS_174", "emails-example-eu", DISTRIBUTION, (d) => (d.viewer_certificate.minimum_protocol_version = "TLSv1_2016"), /"TLSv1_2016" is not TLS 1.2 or newer/);
  });

  it("CKV_AWS_68 fails when web_acl_id is removed", () => {
    expectViolation("CKV_AWS_68", "guarded", DISTRIBUTION, (d) => delete d.web_acl_id, /has no web_acl_id/);
  });

  it("AVD-AWS-0011 fails when web_acl_id is empty, which CKV_AWS_68 (set at all) still passes", () => {
    expectViolation("AVD-AWS-0011", "emails-example-com", DISTRIBUTION, (d) => (d.web_acl_id = ""), /has no non-empty web_acl_id/);
    expect(policyCheck("CKV_AWS_68").violations(changed("emails-example-com", DISTRIBUTION, (d) => (d.web_acl_id = "")))).toEqual([]);
  });

  it("CKV_AWS_86 fails when logging_config is removed", () => {
    expectViolation("CKV_AWS_86", "existing-example-org", DISTRIBUTION, (d) => delete d.logging_config, /has no logging_config.bucket and no log delivery/);
  });

  it("CKV_AWS_86 passes through standard logging v2 (source → delivery → destination), and fails when the chain stops short", () => {
    const rule = policyCheck("CKV_AWS_86");
    const source = { resource_arn: "${aws_cloudfront_distribution.distribution.arn}", log_type: "ACCESS_LOGS", name: "cf" };
    const withSource = withResources(stackOf("plain-example-org"), "aws_cloudwatch_log_delivery_source", { cf: source });
    const withDelivery = withResources(withSource, "aws_cloudwatch_log_delivery", {
      cf: { delivery_source_name: "${aws_cloudwatch_log_delivery_source.cf.name}", delivery_destination_arn: "${aws_cloudwatch_log_delivery_destination.s3.arn}" },
    });
    const complete = withResources(withDelivery, "aws_cloudwatch_log_delivery_destination", { s3: { name: "s3" } });
    expect(rule.violations(complete)).toEqual([]);
    expect(rule.violations(withDelivery)).toHaveLength(1);
    expect(rule.violations(withSource)).toHaveLength(1);
  });

  it("AVD-AWS-0010 fails when the logging bucket is empty", () => {
    expectViolation("AVD-AWS-0010", "guarded", DISTRIBUTION, (d) => (d.logging_config.bucket = ""), /has no non-empty logging_config.bucket/);
  });

  it("CKV_AWS_216 fails when the distribution is disabled", () => {
    expectViolation("CKV_AWS_216", "new-example-net", DISTRIBUTION, (d) => (d.enabled = false), /is not enabled/);
  });

  it("CKV2_AWS_42 fails when the viewer certificate is CloudFront's default instead of ACM", () => {
    expectViolation("CKV2_AWS_42", "emails-example-eu", DISTRIBUTION, (d) => (d.viewer_certificate = { cloudfront_default_certificate: true }), /has no custom certificate/);
  });

  it("CKV2_AWS_54 fails when origin_ssl_protocols include SSLv3", () => {
    expectViolation("CKV2_AWS_54", "emails-example-com", DISTRIBUTION, (d) => (d.origin[0].custom_origin_config.origin_ssl_protocols = ["SSLv3", "TLSv1.2"]), /an origin allows SSLv3/);
  });

  it("CKV2_AWS_72 fails when the origin is http-only or match-viewer", () => {
    expectViolation("CKV2_AWS_72", "news-example-com-au", DISTRIBUTION, (d) => (d.origin[0].custom_origin_config.origin_protocol_policy = "http-only"), /origin acme-au.au.intercom-mail.com is not https-only/);
    expectViolation("CKV2_AWS_72", "fleet", DISTRIBUTION, (d) => (d.origin[0].custom_origin_config.origin_protocol_policy = "match-viewer"), /is not https-only/);
  });

  it("CKV2_AWS_72 exempts MediaStore, MediaPackage and ELB origins, as the reference says", () => {
    const exempt = changed("plain-example-org", DISTRIBUTION, (d) => {
      d.origin[0].domain_name = "lb-1.elb.us-east-1.amazonaws.com";
      d.origin[0].custom_origin_config.origin_protocol_policy = "http-only";
    });
    expect(policyCheck("CKV2_AWS_72").violations(exempt)).toEqual([]);
  });

  it("CKV_AWS_233 fails when create_before_destroy is removed from the ACM certificate", () => {
    expectViolation("CKV_AWS_233", "fleet", "aws_acm_certificate", (c) => delete c.lifecycle, /a-example-net_certificate: has no lifecycle.create_before_destroy = true/);
    expectViolation("CKV_AWS_233", "emails-example-com", "aws_acm_certificate", (c) => (c.lifecycle = { create_before_destroy: false }), /certificate: has no lifecycle/);
  });
});

// The rules the project does not meet are no constants either: each passes once the stack does what it asks.
describe("the rules that do not apply would pass", () => {
  const plain = () => stackOf("plain-example-org");
  const passes = (ruleId: string, stack: StackJson) => expect(policyCheck(ruleId).violations(stack)).toEqual([]);
  const headersPolicy = (hsts: Record<string, unknown>) => ({ security_headers_config: { strict_transport_security: hsts } });
  const HSTS = { access_control_max_age_sec: 31536000, include_subdomains: true, preload: true, override: true };
  const withHeadersPolicy = (policy: Record<string, unknown>) =>
    withResources(
      changed("plain-example-org", DISTRIBUTION, (d) => (d.default_cache_behavior.response_headers_policy_id = "${aws_cloudfront_response_headers_policy.headers.id}")),
      "aws_cloudfront_response_headers_policy",
      { headers: policy },
    );

  it("AVD-AWS-0013 passes when the viewer policy is TLSv1.2_2025 (which provider 5.100.0 rejects)", () => {
    passes("AVD-AWS-0013", changed("plain-example-org", DISTRIBUTION, (d) => (d.viewer_certificate.minimum_protocol_version = "TLSv1.2_2025")));
  });

  it("CKV2_AWS_47 passes when the distribution's own web ACL has the Log4j managed rules, and fails without them", () => {
    const webAcl = (name: string) => ({ rule: [{ name: "bad-inputs", statement: { managed_rule_group_statement: { name, vendor_name: "AWS" } } }] });
    const linked = changed("plain-example-org", DISTRIBUTION, (d) => (d.web_acl_id = "${aws_wafv2_web_acl.waf.arn}"));
    passes("CKV2_AWS_47", withResources(linked, "aws_wafv2_web_acl", { waf: webAcl("AWSManagedRulesKnownBadInputsRuleSet") }));
    expect(policyCheck("CKV2_AWS_47").violations(withResources(linked, "aws_wafv2_web_acl", { waf: webAcl("AWSManagedRulesCommonRuleSet") }))).toEqual([
      expect.stringContaining("lacks AWSManagedRulesKnownBadInputsRuleSet"),
    ]);
  });

  it("CKV_AWS_374 passes when a geo restriction is set", () => {
    passes("CKV_AWS_374", changed("plain-example-org", DISTRIBUTION, (d) => (d.restrictions.geo_restriction = { restriction_type: "whitelist", locations: ["US"] })));
  });

  it("CKV_AWS_305 passes when a default root object is set", () => {
    passes("CKV_AWS_305", changed("plain-example-org", DISTRIBUTION, (d) => (d.default_root_object = "index.html")));
  });

  it("CKV_AWS_310 passes when an origin group with failover criteria has two members", () => {
    const group = (members: string[]) => ({ origin_id: "group", failover_criteria: { status_codes: [500, 502] }, member: members.map((origin_id) => ({ origin_id })) });
    passes("CKV_AWS_310", changed("plain-example-org", DISTRIBUTION, (d) => (d.origin_group = [group(["intercom", "second"])])));
    expect(policyCheck("CKV_AWS_310").violations(changed("plain-example-org", DISTRIBUTION, (d) => (d.origin_group = [group(["intercom"])])))).toHaveLength(1);
  });

  it("CKV2_AWS_32 passes when a response headers policy is attached, as a resource or a data source", () => {
    passes("CKV2_AWS_32", withHeadersPolicy(headersPolicy(HSTS)));
    const data = changed("plain-example-org", DISTRIBUTION, (d) => (d.default_cache_behavior.response_headers_policy_id = "${data.aws_cloudfront_response_headers_policy.managed.id}"));
    passes("CKV2_AWS_32", { ...data, data: { aws_cloudfront_response_headers_policy: { managed: { name: "Managed-SecurityHeadersPolicy" } } } } as StackJson);
    expect(policyCheck("CKV2_AWS_32").violations(plain())).toHaveLength(1);
  });

  it("CKV_AWS_259 passes when the attached policy sends HSTS for a year with includeSubDomains, preload and override, and fails short of any", () => {
    passes("CKV_AWS_259", withHeadersPolicy(headersPolicy(HSTS)));
    for (const weaker of [{ access_control_max_age_sec: 86400 }, { preload: false }, { include_subdomains: false }, { override: false }]) {
      expect(policyCheck("CKV_AWS_259").violations(withHeadersPolicy(headersPolicy({ ...HSTS, ...weaker })))).toEqual([expect.stringContaining("lacks HSTS")]);
    }
  });

  it("CKV2_AWS_46 passes when every origin has origin access control", () => {
    passes("CKV2_AWS_46 / CKV2_AWS_TEST", changed("plain-example-org", DISTRIBUTION, (d) => (d.origin[0].origin_access_control_id = "${aws_cloudfront_origin_access_control.oac.id}")));
  });
});
