import { afterAll, describe, expect, it } from "vitest";
import { App, Testing, TerraformStack, TerraformVariable } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { hostHeaderRule } from "../../src/cloudflare/zone-rules";
import { normalizeCloudflareId } from "../../src/config/domain-name";
import { AddressRecords } from "../../src/constructs/address-records";
import { CloudflareEmailAssets } from "../../src/constructs/cloudflare-email-assets";
import { CloudflareWorker } from "../../src/constructs/cloudflare-worker";
import { CloudflareZoneRulesets } from "../../src/constructs/cloudflare-zone-rulesets";
import { InvalidPropsError, PropsCheck } from "../../src/constructs/props-check";
import { zoneSslSetting } from "../../src/constructs/zone-ssl-setting";
import { ZONE_A } from "../support/fixtures";
import { tempDir } from "../support/project";
import { resource, type StackJson } from "../support/synth";

// The constructs' less common props: a TTL of their own, a Cloudflare provider passed in (an
// aliased one, with no default in the stack), rulesets with nothing to adopt, and the prop check
// on values that are Terraform tokens or not strings at all.

const HOST = "acme.intercom-mail.com";
const ACCOUNT = "fedcba9876543210fedcba9876543210";
const scratch = tempDir("email-assets-edges-");
afterAll(scratch.cleanup);

/** A stack in an app of its own, synthesized by `synth` (which runs every construct's validations). */
function newStack(): TerraformStack {
  return new TerraformStack(new App({ outdir: scratch.dir }), "edges");
}
function synth(stack: TerraformStack): StackJson {
  // Testing.fullSynth runs the validations (a missing default provider) as App.synth does.
  Testing.fullSynth(stack);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}
function synthError(stack: TerraformStack): string {
  try {
    synth(stack);
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}
function propsError(construct: () => unknown): InvalidPropsError {
  try {
    construct();
  } catch (error) {
    if (error instanceof InvalidPropsError) return error;
    throw error;
  }
  throw new Error("the props were accepted");
}

describe("AddressRecords", () => {
  const route53 = { kind: "route53", zoneId: "Z0123ABC" } as const;

  it.each([
    [1.5, "ttl: must be a whole number of seconds from 1; received 1.5"],
    [0, "ttl: must be a whole number of seconds from 1; received 0"],
    [-60, "ttl: must be a whole number of seconds from 1; received -60"],
  ])("fails when the TTL is %s", (ttl, line) => {
    const error = propsError(() => new AddressRecords(newStack(), "a", { name: "links.example.net", ipv4: "203.0.113.10", target: route53, ttl }));
    expect(error.message).toBe(`AddressRecords: invalid props:\n  ${line}`);
  });

  it("gives Route 53 records the TTL it is given, or 300 seconds", () => {
    const stack = newStack();
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new AddressRecords(stack, "own", { name: "links.example.net", ipv4: "203.0.113.10", target: route53, ttl: 60 });
    new AddressRecords(stack, "default", { name: "news.example.net", ipv6: "2001:db8::10", target: route53 });
    const json = synth(stack);
    const records = Object.values(json.resource?.aws_route53_record ?? {}).map(({ name, type, ttl, records }) => ({ name, type, ttl, records }));
    expect(records).toHaveLength(2);
    expect(records).toEqual(expect.arrayContaining([
      { name: "links.example.net", type: "A", ttl: 60, records: ["203.0.113.10"] },
      { name: "news.example.net", type: "AAAA", ttl: 300, records: ["2001:db8::10"] },
    ]));
  });

  it("fails synth when Cloudflare records have neither a provider given nor a default one", () => {
    const stack = newStack();
    new AddressRecords(stack, "a", { name: "links.example.net", ipv4: "203.0.113.10", target: { kind: "cloudflare", zoneId: ZONE_A } });
    expect(synthError(stack)).toContain(
      `the Cloudflare records use the stack's default cloudflare provider, but the stack has none (a provider without alias); add new CloudflareProvider(stack, "cloudflare", {}), or pass cloudflareProvider`,
    );
  });

  it("uses the Cloudflare provider it is given, with no default one in the stack", () => {
    const stack = newStack();
    const other = new CloudflareProvider(stack, "other", { alias: "other" });
    new AddressRecords(stack, "a", { name: "links.example.net", ipv4: "203.0.113.10", ipv6: "2001:db8::10", target: { kind: "cloudflare", zoneId: ZONE_A }, cloudflareProvider: other });
    const json = synth(stack);
    const records = Object.values(json.resource?.cloudflare_dns_record ?? {});
    expect(records.map((record) => [record.type, record.provider, record.proxied, record.ttl])).toEqual([
      ["A", "cloudflare.other", false, 1],
      ["AAAA", "cloudflare.other", false, 1],
    ]);
  });
});

describe("constructs given a Cloudflare provider need no default one", () => {
  it("CloudflareEmailAssets, CloudflareWorker, CloudflareZoneRulesets and the zone's SSL setting all use it", () => {
    const stack = newStack();
    const provider = new CloudflareProvider(stack, "other", { alias: "other" });
    new CloudflareEmailAssets(stack, "c", { zoneId: ZONE_A, domain: "emails.example.com", intercomHost: HOST, mode: "worker", provider });
    new CloudflareWorker(stack, "w", { accountId: ACCOUNT, zoneId: ZONE_A, scriptName: "email-assets-emails-example-com", script: "export default {}", routePattern: "emails.example.com/*", provider });
    new CloudflareZoneRulesets(stack, "r", { zoneId: ZONE_A, rules: { http_request_origin: [hostHeaderRule("emails.example.com", HOST)] }, provider });
    zoneSslSetting(stack, "zone_ssl", ZONE_A, provider);
    const json = synth(stack);
    const providers = Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.values(byName).map((r) => `${type} ${String(r.provider)}`));
    expect(providers.length).toBeGreaterThanOrEqual(5);
    for (const line of providers) expect(line).toMatch(/ cloudflare\.other$/);
  });

  it("the zone's SSL setting without a provider leaves it to the stack's default", () => {
    const stack = newStack();
    new CloudflareProvider(stack, "cloudflare", {});
    zoneSslSetting(stack, "zone_ssl", ZONE_A);
    expect(resource(synth(stack), "cloudflare_zone_setting", "zone_ssl")).toEqual({ zone_id: ZONE_A, setting_id: "ssl", value: "full" });
  });
});

describe("CloudflareZoneRulesets", () => {
  it("creates the rulesets when there is nothing to adopt: no import, no ignored changes", () => {
    const stack = newStack();
    new CloudflareProvider(stack, "cloudflare", {});
    const construct = new CloudflareZoneRulesets(stack, "r", { zoneId: ZONE_A, rules: { http_request_origin: [hostHeaderRule("emails.example.com", HOST)], http_config_settings: [] } });
    expect(Object.keys(construct.rulesets)).toEqual(["http_request_origin"]);
    const json = synth(stack) as StackJson & { import?: unknown };
    expect(json.import).toBeUndefined();
    const ruleset = Object.values(json.resource?.cloudflare_ruleset ?? {});
    expect(ruleset).toHaveLength(1);
    expect(ruleset[0]).toMatchObject({ phase: "http_request_origin", kind: "zone", lifecycle: { prevent_destroy: true } });
    expect(ruleset[0]?.lifecycle).not.toHaveProperty("ignore_changes");
  });
});

describe("PropsCheck", () => {
  it("leaves lists and objects holding a Terraform token to Terraform, and judges literal ones", () => {
    const stack = newStack();
    const list = new TerraformVariable(stack, "list", { type: "list(string)" }).listValue;
    const text = new TerraformVariable(stack, "text", { type: "string" }).stringValue;
    expect(() => new PropsCheck("C").expect(false, "a", "is wrong", list).expect(false, "b", "is wrong", ["x", text]).expect(false, "c", "is wrong", { deep: [text] }).done()).not.toThrow();
    const error = propsError(() => new PropsCheck("C").expect(false, "d", "is wrong", ["x", "y"]).expect(false, "e", "is wrong", { deep: ["x"] }).done());
    expect(error.message).toBe('C: invalid props:\n  d: is wrong; received ["x","y"]\n  e: is wrong; received {"deep":["x"]}');
  });

  it("fails a prop that should be a string but is not, instead of normalizing it", () => {
    const error = propsError(() => new PropsCheck("C").normalized("zoneId", 42 as unknown as string, (value) => normalizeCloudflareId(value, "zone")).done());
    expect(error.problems).toEqual([{ path: "zoneId", message: "must be a string", received: 42 }]);
  });

  it("judges nothing for a prop that is not given", () => {
    expect(() => new PropsCheck("C").normalized("zoneId", undefined, (value) => normalizeCloudflareId(value, "zone")).done()).not.toThrow();
  });
});
