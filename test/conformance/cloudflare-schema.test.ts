import { beforeAll, describe, expect, it } from "vitest";
import {
  CLOUDFLARE_ATTRIBUTE_TYPES,
  cloudflareSchemaViolations,
  loadCloudflareSchema,
  type CloudflareAttributes,
} from "../support/cloudflare-schema-violations";
import { cloudflareDomain, EXISTING_CERTIFICATE_ARN, ZONE_A, ZONE_B } from "../support/fixtures";
import { formatViolation, type SchemaViolation } from "../support/schema-violation";
import { synthConfig, type StackJson } from "../support/synth";

// Every Cloudflare resource the project emits, checked against what provider 5.14.0's own schema
// declares (test/support/fixtures/cloudflare-provider-5.14.0-schema.json): there is no Cloudflare
// provider binary here, so `terraform validate` cannot check them.

const SCHEMA = loadCloudflareSchema();
const ACCOUNT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const RULESET = { redirect: "1".repeat(32), origin: "2".repeat(32), config: "3".repeat(32) };
/** Ids of hand-made objects that configs adopt. */
const ADOPTED = { cname: "a".repeat(32), alwaysHttps: "b".repeat(32), hostHeader: "c".repeat(32), route: "d".repeat(32), validation: "e".repeat(32), a: "f".repeat(32), aaaa: "0a".repeat(16) };
const ALL_EXISTING = { http_request_dynamic_redirect: RULESET.redirect, http_request_origin: RULESET.origin, http_config_settings: RULESET.config };

const cloudflare = (domain: string, block: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudflareDomain({ domain, cloudflare: { zoneId: ZONE_A, ...block }, ...extra });
const cloudfront = (domain: string, block: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  domain,
  workspace: "acme",
  region: "eu",
  edge: "cloudfront",
  cloudfront: { dns: "cloudflare", cloudflareZoneId: ZONE_B, ...block },
  ...extra,
});
const proxy = (domain: string, block: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  domain,
  workspace: "acme",
  region: "au",
  edge: "proxy",
  proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", dns: "cloudflare", cloudflareZoneId: ZONE_B, ipv4: "203.0.113.10", ...block },
  ...extra,
});

/** One config per Cloudflare shape the project emits; each synthesizes to one or more stacks. */
const CONFIGS: Record<string, { domains: Record<string, unknown>[] }> = {
  "page-rules, SSL for the host": { domains: [cloudflare("emails.example.com", {})] },
  "page-rules, SSL for the zone": { domains: [cloudflare("emails.example.com", { sslScope: "zone" })] },
  "rulesets, created": { domains: [cloudflare("emails.example.com", { mode: "rulesets" })] },
  "rulesets, all three adopted, SSL for the zone": {
    domains: [cloudflare("emails.example.com", { mode: "rulesets", sslScope: "zone", existingRulesets: ALL_EXISTING })],
  },
  "worker, created": { domains: [cloudflare("emails.example.com", { mode: "worker", accountId: ACCOUNT })] },
  "worker, adopted, SSL for the zone": {
    domains: [cloudflare("emails.example.com", { mode: "worker", accountId: ACCOUNT, sslScope: "zone", existingRulesets: { http_config_settings: RULESET.config } })],
  },
  "one zone, every mode, one domain's stack holding the rulesets": {
    domains: [
      cloudflare("rules.example.com", { mode: "rulesets", existingRulesets: { http_request_origin: RULESET.origin } }),
      cloudflare("worker.example.com", { mode: "worker", accountId: ACCOUNT }, { region: "eu", workspace: "acme-eu" }),
      cloudflare("pages.example.com", {}, { region: "au" }),
      cloudflare("more-rules.example.com", { mode: "rulesets", sslScope: "zone" }),
    ],
  },
  "cloudfront with Cloudflare DNS, new certificate": { domains: [cloudfront("emails.example.eu", {})] },
  "cloudfront with Cloudflare DNS, existing certificate": { domains: [cloudfront("emails.example.eu", { certificateArn: EXISTING_CERTIFICATE_ARN })] },
  "proxy with Cloudflare DNS, IPv4": { domains: [proxy("proxy.example.com", {})] },
  "proxy with Cloudflare DNS, IPv4 and IPv6": { domains: [proxy("proxy.example.com", { server: "apache", ipv6: "2001:db8::10" })] },
  "page-rules, the CNAME and both page rules adopted": {
    domains: [cloudflare("emails.example.com", {}, { adopt: { dnsRecord: ADOPTED.cname, pageRules: { alwaysHttps: ADOPTED.alwaysHttps, hostHeader: ADOPTED.hostHeader } } })],
  },
  "worker, the CNAME and the route adopted": {
    domains: [cloudflare("emails.example.com", { mode: "worker", accountId: ACCOUNT }, { adopt: { dnsRecord: ADOPTED.cname, workerRoute: ADOPTED.route } })],
  },
  "cloudfront with Cloudflare DNS, every resource adopted": {
    domains: [cloudfront("emails.example.eu", {}, { adopt: { distribution: "E2QWRUHAPOMQZL", certificate: EXISTING_CERTIFICATE_ARN, validationRecord: ADOPTED.validation, dnsRecord: ADOPTED.cname } })],
  },
  "proxy with Cloudflare DNS, both records adopted": {
    domains: [proxy("proxy.example.com", { ipv6: "2001:db8::10" }, { adopt: { dnsRecords: { A: ADOPTED.a, AAAA: ADOPTED.aaaa } } })],
  },
  "a named stack of every edge and mode": {
    domains: [
      cloudflare("rules.example.com", { mode: "rulesets", existingRulesets: ALL_EXISTING }, { stack: "fleet" }),
      cloudflare("worker.example.com", { mode: "worker", accountId: ACCOUNT }, { stack: "fleet" }),
      cloudflare("pages.example.com", {}, { stack: "fleet" }),
      cloudflare("zone.example.org", { zoneId: ZONE_B, sslScope: "zone" }, { stack: "fleet" }),
      cloudfront("cdn.example.eu", {}, { stack: "fleet" }),
      cloudfront("cdn2.example.eu", { certificateArn: EXISTING_CERTIFICATE_ARN }, { stack: "fleet" }),
      proxy("proxy.example.com", { ipv6: "2001:db8::10" }, { stack: "fleet" }),
      cloudflare("adopted.example.com", {}, { stack: "fleet", adopt: { dnsRecord: ADOPTED.cname, pageRules: { hostHeader: ADOPTED.hostHeader } } }),
    ],
  },
};

let stacks: Record<string, Record<string, StackJson>>;
beforeAll(() => {
  stacks = Object.fromEntries(Object.entries(CONFIGS).map(([name, config]) => [name, synthConfig(config)]));
});

const violationsOf = (stack: StackJson): string[] => cloudflareSchemaViolations(stack, SCHEMA).map(formatViolation);

describe("the Cloudflare schema fixture", () => {
  it("is the provider's schema at v5.14.0, the version every stack requires", () => {
    expect(SCHEMA._about).toMatch(/^Attributes of the Cloudflare Terraform provider's resources .* at tag v5\.14\.0 /);
    const required = Object.values(stacks).flatMap((byId) => Object.values(byId).map((stack) => (stack.terraform?.required_providers as Record<string, { version?: string }> | undefined)?.cloudflare?.version));
    expect(new Set(required)).toEqual(new Set(["5.14.0"]));
    expect(Object.keys(SCHEMA.resources).sort()).toEqual([
      "cloudflare_dns_record",
      "cloudflare_page_rule",
      "cloudflare_ruleset",
      "cloudflare_workers_route",
      "cloudflare_workers_script",
      "cloudflare_zone_setting",
    ]);
  });

  it("uses only attribute kinds the check knows, so none is passed over", () => {
    const kinds = (attributes: CloudflareAttributes): string[] =>
      Object.values(attributes).flatMap((attribute) => [attribute.type, ...kinds(attribute.attributes ?? {})]);
    const used = new Set(Object.values(SCHEMA.resources).flatMap(kinds));
    expect([...used].filter((kind) => !(CLOUDFLARE_ATTRIBUTE_TYPES as readonly string[]).includes(kind))).toEqual([]);
  });
});

describe("every Cloudflare resource the project emits conforms to provider 5.14.0's schema", () => {
  it.each(Object.keys(CONFIGS))("%s", (name) => {
    const synthesized = stacks[name];
    expect(Object.keys(synthesized).length).toBeGreaterThan(0);
    for (const [id, stack] of Object.entries(synthesized)) {
      expect({ stack: id, violations: violationsOf(stack) }).toEqual({ stack: id, violations: [] });
    }
  });

  it("covers every resource type the schema describes, and the imports of adopted rulesets in both kinds of stack", () => {
    const all = Object.values(stacks).flatMap((byId) => Object.values(byId));
    const types = new Set(all.flatMap((stack) => Object.keys(stack.resource ?? {}).filter((type) => type.startsWith("cloudflare_"))));
    expect([...types].sort()).toEqual(Object.keys(SCHEMA.resources).sort());
    const imports = (config: string) => Object.values(stacks[config]).flatMap((stack) => ((stack as { import?: { to: string }[] }).import ?? []).map((block) => block.to));
    expect(imports("rulesets, all three adopted, SSL for the zone")).toEqual(["cloudflare_ruleset.redirect_rules", "cloudflare_ruleset.origin_rules", "cloudflare_ruleset.config_rules"]);
    expect(imports("a named stack of every edge and mode")).toEqual([
      ...["redirect_rules", "origin_rules", "config_rules"].map((id) => `cloudflare_ruleset.zone_${ZONE_A}_${id}`),
      "cloudflare_dns_record.adopted-example-com_cname",
      "cloudflare_page_rule.adopted-example-com_host_header",
    ]);
  });

  it("covers the imports of every adoptable Cloudflare resource", () => {
    const imports = (config: string) => Object.values(stacks[config]).flatMap((stack) => ((stack as { import?: { to: string }[] }).import ?? []).map((block) => block.to));
    expect(imports("page-rules, the CNAME and both page rules adopted")).toEqual(["cloudflare_dns_record.cname", "cloudflare_page_rule.always_https", "cloudflare_page_rule.host_header"]);
    expect(imports("worker, the CNAME and the route adopted")).toEqual(["cloudflare_dns_record.cname", "cloudflare_workers_route.worker_route"]);
    expect(imports("cloudfront with Cloudflare DNS, every resource adopted")).toEqual([
      "aws_acm_certificate.certificate",
      "cloudflare_dns_record.validation_record",
      "aws_cloudfront_distribution.distribution",
      "cloudflare_dns_record.cname",
    ]);
    expect(imports("proxy with Cloudflare DNS, both records adopted")).toEqual(["cloudflare_dns_record.address_a", "cloudflare_dns_record.address_aaaa"]);
  });
});

/** A deep copy of one synthesized stack, to plant an error in. */
function stackOf(config: string, id: string): any {
  const stack = stacks[config]?.[id];
  if (stack === undefined) throw new Error(`no stack ${id} for ${config}: ${Object.keys(stacks[config] ?? {}).join(", ")}`);
  return structuredClone(stack);
}
const pageRules = (): any => stackOf("page-rules, SSL for the host", "emails-example-com");
const rulesets = (): any => stackOf("rulesets, created", "emails-example-com");
const adopted = (): any => stackOf("rulesets, all three adopted, SSL for the zone", "emails-example-com");
type ImportBlock = { to: string; id: string };

/** The checker's findings for a planted error: exactly one, of this kind, at this place. */
function expectOnly(stack: StackJson, address: string, path: string, kind: SchemaViolation["kind"]): void {
  const found = cloudflareSchemaViolations(stack, SCHEMA);
  expect(found.map(({ address, path, kind }) => ({ address, path, kind })), found.map(formatViolation).join("\n")).toEqual([{ address, path, kind }]);
}

describe("the Cloudflare schema check", () => {
  it("fails when a resource has an attribute the provider does not know", () => {
    const stack = pageRules();
    stack.resource.cloudflare_dns_record.cname.value = "acme.intercom-mail.com";
    expectOnly(stack, "cloudflare_dns_record.cname", "value", "unknown-attribute");
  });

  it("fails when a nested object has an attribute the provider does not know", () => {
    const stack = pageRules();
    stack.resource.cloudflare_page_rule.host_header.actions.host_header = "acme.intercom-mail.com";
    expectOnly(stack, "cloudflare_page_rule.host_header", "actions.host_header", "unknown-attribute");
  });

  it("fails when a computed-only attribute is set", () => {
    const stack = pageRules();
    stack.resource.cloudflare_dns_record.cname.proxiable = true;
    expectOnly(stack, "cloudflare_dns_record.cname", "proxiable", "computed-only");
  });

  it("fails when a computed-only attribute of a ruleset rule is set", () => {
    const stack = rulesets();
    stack.resource.cloudflare_ruleset.origin_rules.rules[0].id = "0".repeat(32);
    expectOnly(stack, "cloudflare_ruleset.origin_rules", "rules[0].id", "computed-only");
  });

  it("fails when a required attribute is missing", () => {
    const stack = pageRules();
    delete stack.resource.cloudflare_dns_record.cname.ttl;
    expectOnly(stack, "cloudflare_dns_record.cname", "ttl", "required-missing");
  });

  it("fails when a required attribute of a nested object is missing", () => {
    const stack = rulesets();
    delete stack.resource.cloudflare_ruleset.redirect_rules.rules[0].action_parameters.from_value.target_url;
    expectOnly(stack, "cloudflare_ruleset.redirect_rules", "rules[0].action_parameters.from_value.target_url", "required-missing");
  });

  it.each([
    ["a string where a number goes", "cloudflare_dns_record", "cname", "ttl", "1"],
    ["a string where a boolean goes", "cloudflare_dns_record", "cname", "proxied", "true"],
    ["a fraction where a whole number goes", "cloudflare_page_rule", "always_https", "priority", 1.5],
    ["a list where an object goes", "cloudflare_page_rule", "always_https", "actions", [{ always_use_https: true }]],
    ["an object where a list goes", "cloudflare_ruleset", "origin_rules", "rules", {}],
  ] as const)("fails when a value has the wrong type: %s", (_case, type, name, attribute, value) => {
    const stack = type === "cloudflare_ruleset" ? rulesets() : pageRules();
    stack.resource[type][name][attribute] = value;
    expectOnly(stack, `${type}.${name}`, attribute, "wrong-type");
  });

  it("fails when a value in a list of nested objects has the wrong type", () => {
    const stack = rulesets();
    stack.resource.cloudflare_ruleset.config_rules.rules[0].action_parameters.rocket_loader = "off";
    expectOnly(stack, "cloudflare_ruleset.config_rules", "rules[0].action_parameters.rocket_loader", "wrong-type");
  });

  it("takes a Terraform expression for any type", () => {
    const stack = pageRules();
    stack.resource.cloudflare_dns_record.cname.ttl = "${var.ttl}";
    stack.resource.cloudflare_page_rule.host_header.actions = "${local.actions}";
    stack.resource.cloudflare_dns_record.cname.type = "${local.record_type}";
    expect(cloudflareSchemaViolations(stack, SCHEMA)).toEqual([]);
  });

  it("fails when a value is outside the attribute's allowed values", () => {
    const stack = pageRules();
    stack.resource.cloudflare_page_rule.host_header.actions.ssl = "full_strict";
    expectOnly(stack, "cloudflare_page_rule.host_header", "actions.ssl", "not-one-of");
  });

  it("takes an allowed value in any case where the provider compares without case, and only there", () => {
    const stack = pageRules();
    stack.resource.cloudflare_dns_record.cname.type = "cname";
    expect(cloudflareSchemaViolations(stack, SCHEMA)).toEqual([]);
    const redirect = rulesets();
    redirect.resource.cloudflare_ruleset.redirect_rules.rules[0].action_parameters.from_value.status_code = 300;
    expectOnly(redirect, "cloudflare_ruleset.redirect_rules", "rules[0].action_parameters.from_value.status_code", "not-one-of");
  });

  it("fails when a value does not match the attribute's pattern", () => {
    const stack = rulesets();
    stack.resource.cloudflare_ruleset.origin_rules.zone_id = ZONE_A.toUpperCase();
    expectOnly(stack, "cloudflare_ruleset.origin_rules", "zone_id", "pattern-mismatch");
  });

  it("fails when a rule action is not one the provider knows, naming both of its validators", () => {
    const stack = rulesets();
    stack.resource.cloudflare_ruleset.origin_rules.rules[0].action = "Route-Origin";
    const found = cloudflareSchemaViolations(stack, SCHEMA).map(({ path, kind }) => `${path} ${kind}`);
    // The rule's host_header then sits under an action that is not "route" as well.
    expect(found).toEqual(["rules[0].action not-one-of", "rules[0].action pattern-mismatch", "rules[0].action_parameters.host_header wrong-action"]);
  });

  it("fails when an action parameter sits under a rule whose action does not take it", () => {
    const stack = rulesets();
    stack.resource.cloudflare_ruleset.config_rules.rules[0].action_parameters.host_header = "acme.intercom-mail.com";
    expectOnly(stack, "cloudflare_ruleset.config_rules", "rules[0].action_parameters.host_header", "wrong-action");
  });

  it("fails when a rule's action changes under its parameters", () => {
    const stack = rulesets();
    stack.resource.cloudflare_ruleset.origin_rules.rules[0].action = "set_config";
    expectOnly(stack, "cloudflare_ruleset.origin_rules", "rules[0].action_parameters.host_header", "wrong-action");
  });

  it("fails when an imported resource has a replacement-forcing attribute that Terraform does not ignore", () => {
    const stack = adopted();
    const lifecycle = stack.resource.cloudflare_ruleset.origin_rules.lifecycle as { ignore_changes: string[] };
    lifecycle.ignore_changes = lifecycle.ignore_changes.filter((attribute) => attribute !== "phase");
    expectOnly(stack, "cloudflare_ruleset.origin_rules", "phase", "import-replaces");
  });

  it("fails when a resource that ignores nothing and is not protected is imported", () => {
    const stack = pageRules();
    stack.import = [{ to: "cloudflare_dns_record.cname", id: `${ZONE_A}/${"4".repeat(32)}` }];
    delete stack.resource.cloudflare_dns_record.cname.lifecycle;
    // The id sets the zone; the record's type would replace it wherever the live one differs.
    expectOnly(stack, "cloudflare_dns_record.cname", "type", "import-replaces");
  });

  it("takes an imported record's type as guarded while the record carries prevent_destroy (a differing type fails the plan instead)", () => {
    const stack = pageRules();
    stack.import = [{ to: "cloudflare_dns_record.cname", id: `${ZONE_A}/${"4".repeat(32)}` }];
    expect(stack.resource.cloudflare_dns_record.cname.lifecycle).toEqual({ prevent_destroy: true });
    expect(cloudflareSchemaViolations(stack, SCHEMA)).toEqual([]);
  });

  it("fails when a Cloudflare object's import id names another zone than the configuration", () => {
    const stack = pageRules();
    stack.import = [{ to: "cloudflare_page_rule.host_header", id: `${ZONE_B}/${"4".repeat(32)}` }];
    expectOnly(stack, "cloudflare_page_rule.host_header", "zone_id", "import-replaces");
  });

  it("fails when the import id names another zone than the configuration", () => {
    const stack = adopted();
    stack.import[0].id = `zones/${ZONE_B}/${RULESET.redirect}`;
    expectOnly(stack, "cloudflare_ruleset.redirect_rules", "zone_id", "import-replaces");
  });

  it("takes an import whose id sets the zone the configuration names, and ignores ignore_changes = all", () => {
    const stack = adopted();
    expect((stack.import as ImportBlock[]).map((block) => block.id)).toEqual([`zones/${ZONE_A}/${RULESET.redirect}`, `zones/${ZONE_A}/${RULESET.origin}`, `zones/${ZONE_A}/${RULESET.config}`]);
    expect(cloudflareSchemaViolations(stack, SCHEMA)).toEqual([]);
    const imported = pageRules();
    imported.import = [{ to: "cloudflare_dns_record.cname", id: `${ZONE_A}/${"4".repeat(32)}` }];
    imported.resource.cloudflare_dns_record.cname.lifecycle = { ignore_changes: "all" };
    expect(cloudflareSchemaViolations(imported, SCHEMA)).toEqual([]);
  });

  it("fails when an import names a resource the stack does not declare", () => {
    const stack = adopted();
    (stack.import as ImportBlock[]).push({ to: "cloudflare_ruleset.cache_rules", id: `zones/${ZONE_A}/${"5".repeat(32)}` });
    expectOnly(stack, "cloudflare_ruleset.cache_rules", "", "import-target-missing");
  });

  it("fails when a resource type is not in the provider's schema", () => {
    const stack = pageRules();
    stack.resource.cloudflare_record = { cname: { zone_id: ZONE_A, name: "emails.example.com", type: "CNAME", value: "acme.intercom-mail.com" } };
    expectOnly(stack, "cloudflare_record.cname", "", "unknown-resource-type");
  });
});
