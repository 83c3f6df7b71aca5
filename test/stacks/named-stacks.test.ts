import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/rules/validate-config";
import { formatProblem } from "../../src/config/problems/problem";
import { resourceAddresses, synthConfig, type StackJson } from "../support/synth";
import { STACK_ADDRESSES, ZONE_A, ZONE_B } from "../support/fixtures";

// Named stacks: several domains in one stack, with addresses that depend on the domain alone.

const cloudfront = (domain: string, extra: Record<string, unknown> = {}) => ({
  domain,
  workspace: "acme",
  region: "us",
  edge: "cloudfront",
  cloudfront: { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" },
  ...extra,
});
const cloudflare = (domain: string, cloudflareBlock: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  domain,
  workspace: "acme",
  region: "eu",
  edge: "cloudflare",
  cloudflare: cloudflareBlock,
  ...extra,
});

/** Every resource of a stack by address, without cdktf's metadata (whose path names the construct tree). */
function resourcesByAddress(stack: StackJson | undefined): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const [type, byName] of Object.entries(stack?.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const { "//": _metadata, ...attributes } = body;
      found[`${type}.${name}`] = attributes;
    }
  }
  return found;
}

const only = (resources: Record<string, unknown>, prefix: string) => Object.fromEntries(Object.entries(resources).filter(([address]) => address.split(".")[1]?.startsWith(prefix)));

describe("a named stack", () => {
  const fleet = { defaults: { stack: "fleet" }, domains: [cloudfront("a.example.com"), cloudfront("b.example.com"), cloudfront("1c.example.com")] };

  it("holds every domain of that name, with each domain's resources prefixed by its stack id", () => {
    const stacks = synthConfig(fleet);
    expect(Object.keys(stacks)).toEqual(["fleet"]);
    const addresses = resourceAddresses(stacks.fleet);
    for (const prefix of ["a-example-com", "b-example-com", "_1c-example-com"]) {
      expect(addresses).toEqual(expect.arrayContaining([
        `aws_cloudfront_distribution.${prefix}_distribution`,
        `aws_acm_certificate.${prefix}_certificate`,
        `aws_acm_certificate_validation.${prefix}_certificate_validation`,
        `aws_route53_record.${prefix}_alias_a`,
        `aws_route53_record.${prefix}_alias_aaaa`,
        `aws_route53_record.${prefix}_validation_record`,
      ]));
    }
    expect(addresses).toHaveLength(18);
  });

  it("has one provider of each kind for all its domains", () => {
    const stack = synthConfig(fleet).fleet as StackJson & { provider: { aws: { alias?: string }[] } };
    expect(stack.provider.aws.map((config) => config.alias ?? "default")).toEqual(["default", "us_east_1"]);
  });

  it("keeps each domain's resources identical when domains are added, removed or reordered", () => {
    const before = resourcesByAddress(synthConfig(fleet).fleet);
    const after = resourcesByAddress(
      synthConfig({ defaults: { stack: "fleet" }, domains: [cloudfront("d.example.com"), cloudfront("b.example.com"), cloudfront("a.example.com")] }).fleet,
    );
    for (const prefix of ["a-example-com_", "b-example-com_"]) {
      expect(Object.keys(only(before, prefix))).toHaveLength(6);
      expect(only(after, prefix)).toEqual(only(before, prefix));
    }
    expect(Object.keys(only(after, "_1c-example-com_"))).toEqual([]);
  });

  it("outputs one map, domains, keyed by custom domain with a domain stack's output names", () => {
    const stacks = synthConfig({ domains: [cloudfront("a.example.com", { stack: "fleet" }), cloudfront("b.example.com", { stack: "fleet" }), cloudfront("own.example.com")] });
    const named = stacks.fleet as StackJson & { output: Record<string, { value: Record<string, Record<string, string>> }> };
    const own = stacks["own-example-com"] as StackJson & { output: Record<string, { value: string }> };
    expect(Object.keys(named.output)).toEqual(["domains"]);
    const domains = named.output.domains?.value ?? {};
    expect(Object.keys(domains)).toEqual(["a.example.com", "b.example.com"]);
    expect(Object.keys(domains["a.example.com"] ?? {}).sort()).toEqual(Object.keys(own.output).sort());
    expect(domains["b.example.com"]?.custom_domain).toBe("b.example.com");
    expect(domains["b.example.com"]?.cloudfront_distribution_domain_name).toBe("${aws_cloudfront_distribution.b-example-com_distribution.domain_name}");
    expect(domains["a.example.com"]?.intercom_host).toBe("acme.intercom-mail.com");
  });

  it("leaves domains without a stack name in stacks of their own, with today's addresses and outputs", () => {
    const alone = synthConfig({ domains: [cloudfront("own.example.com")] });
    const mixed = synthConfig({ domains: [cloudfront("a.example.com", { stack: "fleet" }), cloudfront("own.example.com")] });
    expect(mixed["own-example-com"]).toEqual(alone["own-example-com"]);
    expect(resourceAddresses(alone["own-example-com"])).toContain("aws_cloudfront_distribution.distribution");
  });

  it("keeps a zone's shared pieces under the zone's name, whichever domain brought them", () => {
    const zone = { zoneId: ZONE_A, mode: "rulesets", sslScope: "zone" };
    const stacks = synthConfig({ defaults: { stack: "mail" }, domains: [cloudflare("a.example.com", zone), cloudflare("b.example.com", zone)] });
    const addresses = resourceAddresses(stacks.mail);
    expect(addresses).toEqual([
      "cloudflare_dns_record.a-example-com_cname",
      "cloudflare_dns_record.b-example-com_cname",
      `cloudflare_ruleset.zone_${ZONE_A}_config_rules`,
      `cloudflare_ruleset.zone_${ZONE_A}_origin_rules`,
      `cloudflare_ruleset.zone_${ZONE_A}_redirect_rules`,
      `cloudflare_zone_setting.zone_${ZONE_A}_zone_ssl`,
    ]);
    // Without the zone's first domain, the pieces keep their addresses and still hold the other domain's rules.
    const withoutFirst = resourcesByAddress(synthConfig({ defaults: { stack: "mail" }, domains: [cloudflare("b.example.com", zone)] }).mail);
    expect(Object.keys(withoutFirst)).toEqual(expect.arrayContaining([`cloudflare_ruleset.zone_${ZONE_A}_origin_rules`, `cloudflare_zone_setting.zone_${ZONE_A}_zone_ssl`]));
    expect(JSON.stringify(withoutFirst[`cloudflare_ruleset.zone_${ZONE_A}_origin_rules`])).toContain("b.example.com");
    expect(JSON.stringify(withoutFirst[`cloudflare_ruleset.zone_${ZONE_A}_origin_rules`])).not.toContain("a.example.com");
  });

  it("gives page rules, Workers and per-domain pieces the domain's prefix, and numbers page rules per zone as before", () => {
    const stacks = synthConfig({
      defaults: { stack: "mail" },
      domains: [
        cloudflare("a.example.com", { zoneId: ZONE_A }),
        cloudflare("b.example.com", { zoneId: ZONE_A }),
        cloudflare("w.example.com", { zoneId: ZONE_B, mode: "worker", accountId: ZONE_B }),
      ],
    });
    const resources = resourcesByAddress(stacks.mail);
    expect(Object.keys(resources)).toEqual(expect.arrayContaining([
      "cloudflare_page_rule.a-example-com_always_https",
      "cloudflare_page_rule.b-example-com_host_header",
      "cloudflare_workers_script.w-example-com_worker",
      "cloudflare_workers_route.w-example-com_worker_route",
    ]));
    const priority = (address: string) => (resources[address] as { priority: number }).priority;
    expect([priority("cloudflare_page_rule.a-example-com_always_https"), priority("cloudflare_page_rule.b-example-com_always_https")]).toEqual([1, 3]);
    // The Worker is named after the domain, not the stack, so two domains never share one.
    expect((resources["cloudflare_workers_script.w-example-com_worker"] as { script_name: string }).script_name).toBe("email-assets-w-example-com");
  });

  it("puts a zone's pieces in the stack of the zone's first domain that needs them, named or not", () => {
    const zone = { zoneId: ZONE_A, mode: "rulesets" };
    const stacks = synthConfig({ domains: [cloudflare("own.example.com", zone), cloudflare("a.example.com", zone, { stack: "mail" })] });
    expect(resourceAddresses(stacks["own-example-com"])).toEqual([...STACK_ADDRESSES.cloudflareRulesetsHolder]);
    expect(resourceAddresses(stacks.mail)).toEqual(["cloudflare_dns_record.a-example-com_cname"]);
    const output = (stacks.mail as StackJson & { output: { domains: { value: Record<string, Record<string, string>> } } }).output.domains.value;
    expect(output["a.example.com"]?.zone_rulesets_stack).toBe("own-example-com");
  });

  it("warns with the named stack's certificate address when the first apply needs -target", () => {
    const result = validateConfig({ domains: [cloudfront("a.example.com", { stack: "fleet", cloudfront: {} })] });
    expect(result.warnings.map(formatProblem).join("\n")).toContain("terraform apply -target=aws_acm_certificate.a-example-com_certificate");
  });
});
