import { afterAll, describe, expect, it } from "vitest";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AddressRecords, type AddressRecordsProps } from "../../src/constructs/address-records";
import { CloudflareEmailAssets } from "../../src/constructs/cloudflare-email-assets";
import { CloudflareWorker, type CloudflareWorkerProps } from "../../src/constructs/cloudflare-worker";
import { CloudflareZoneRulesets, type CloudflareZoneRulesetsProps } from "../../src/constructs/cloudflare-zone-rulesets";
import { CloudFrontEmailAssets, type CloudFrontEmailAssetsProps } from "../../src/constructs/cloudfront-email-assets";
import { hostHeaderRule } from "../../src/cloudflare/zone-rules";
import { zoneSslSetting } from "../../src/constructs/zone-ssl-setting";
import { EXISTING_CERTIFICATE_ARN, ZONE_A } from "../support/fixtures";
import { tempDir } from "../support/project";
import { propsError } from "../support/props-error";
import { resource, synthValidated, useScratchApps, useScratchStacks } from "../support/synth";
import { thrownMessage } from "../support/thrown-message";

const HOST = "acme.intercom-mail.com";
const ACCOUNT = "fedcba9876543210fedcba9876543210";

const scratch = tempDir("email-assets-props-");
afterAll(scratch.cleanup);
const scratchApp = useScratchApps();
/** A fresh stack per construct, so that one case's ids never clash with another's. */
const stack = () => new TerraformStack(scratchApp(), "props");

const PRIORITIES = { alwaysHttps: 1, hostHeader: 2 };
const cloudflare = (props: Record<string, unknown>) => () =>
  new CloudflareEmailAssets(stack(), "c", { zoneId: ZONE_A, domain: "emails.example.com", intercomHost: HOST, pageRulePriorities: PRIORITIES, ...props });
const worker = (props: Partial<CloudflareWorkerProps>) => () =>
  new CloudflareWorker(stack(), "w", {
    accountId: ACCOUNT,
    zoneId: ZONE_A,
    scriptName: "email-assets-emails-example-com",
    script: "export default {}",
    routePattern: "emails.example.com/*",
    ...props,
  });
const rulesets = (props: Partial<CloudflareZoneRulesetsProps>) => () => new CloudflareZoneRulesets(stack(), "r", { zoneId: ZONE_A, rules: {}, ...props });
const cloudfront = (props: Partial<CloudFrontEmailAssetsProps>) => () =>
  new CloudFrontEmailAssets(stack(), "cf", {
    domain: "emails.example.com",
    intercomHost: HOST,
    certificate: { kind: "existing", arn: EXISTING_CERTIFICATE_ARN },
    ...props,
  });
const addresses = (props: Partial<AddressRecordsProps>) => () =>
  new AddressRecords(stack(), "a", { name: "emails.example.com", ipv4: "203.0.113.10", target: { kind: "route53", zoneId: "Z0123ABC" }, ...props });

/** [case, construction, the problem line it must report] */
const BAD_PROPS: [string, () => unknown, string][] = [
  ["a zone id is not in normal form", cloudflare({ zoneId: ZONE_A.toUpperCase() }), `zoneId: must be given in normal form, "${ZONE_A}"; received "${ZONE_A.toUpperCase()}"`],
  ["the domain is an apex", cloudflare({ domain: "example.com" }), 'domain: is the apex of example.com; use a subdomain such as emails.example.com (the apex cannot hold a CNAME); received "example.com"'],
  ["the origin is not an Intercom host", cloudflare({ intercomHost: "evil.example.net" }), `intercomHost: must be the workspace's Intercom host (see intercomHost()); received "evil.example.net"`],
  ["manageZoneSsl is given with host scope", cloudflare({ manageZoneSsl: true }), 'manageZoneSsl: is only used with sslScope "zone"; remove it or set sslScope: "zone"; received true'],
  ["page rule priorities are equal", cloudflare({ pageRulePriorities: { alwaysHttps: 3, hostHeader: 3 } }), 'pageRulePriorities: must differ: page rules of one zone need distinct priorities; received {"alwaysHttps":3,"hostHeader":3}'],
  ["page rule priorities are given in rulesets mode", cloudflare({ mode: "rulesets" }), "pageRulePriorities: is only used in page-rules mode; remove it"],
  ["page rule priorities are missing in page-rules mode", cloudflare({ pageRulePriorities: undefined }), "pageRulePriorities: is required in page-rules mode: { alwaysHttps, hostHeader }, distinct from the zone's other page rules; received nothing"],
  ["the Worker's account id is short", worker({ accountId: "abc" }), 'accountId: must be a Cloudflare account id: 32 hexadecimal digits (the dashboard URL shows it); received "abc"'],
  ["the Worker's script holds Terraform template syntax", worker({ script: "const a = `${b}`;" }), 'script: must not contain "${" or "%{" (Terraform template syntax)'],
  ["the Worker's name is too long", worker({ scriptName: "w".repeat(64) }), "scriptName: must be 1-63 lower-case letters, digits, _ or -"],
  ["the Worker's route is not a domain pattern", worker({ routePattern: "https://emails.example.com/" }), 'routePattern: must be <custom domain>/*; received "https://emails.example.com/"'],
  ["an existing ruleset id is malformed", rulesets({ existing: { http_request_origin: "nope" } }), 'existing.http_request_origin: must be a ruleset id: 32 lower-case hexadecimal digits; received "nope"'],
  ["the certificate is missing", cloudfront({ certificate: undefined }), "certificate: is required"],
  ["the Route 53 zone id carries its prefix", cloudfront({ dns: { kind: "route53", zoneId: "/hostedzone/Z0123ABC" } }), 'dns.zoneId: must be given in normal form, "Z0123ABC"; received "/hostedzone/Z0123ABC"'],
  ["the comment is too long", cloudfront({ comment: "c".repeat(129) }), "comment: must be at most 128 characters"],
  ["the viewer TLS policy is not one CloudFront accepts here", cloudfront({ minimumProtocolVersion: "TLSv1" as never }), 'minimumProtocolVersion: must be one of TLSv1.2_2021, TLSv1.2_2019, TLSv1.2_2018; received "TLSv1"'],
  ["no address is given", addresses({ ipv4: undefined }), "ipv4: is required (or ipv6): the address the records point at; received nothing"],
  ["the address is loopback", addresses({ ipv4: "127.0.0.1" }), "ipv4: must be the proxy's public address, not a loopback, unspecified, link-local or multicast one"],
  ["a Cloudflare zone id is malformed", addresses({ target: { kind: "cloudflare", zoneId: "zone" } }), 'target.zoneId: must be a Cloudflare zone id: 32 hexadecimal digits'],
];

describe("constructs check their own props (for library users who skip the config parser)", () => {
  it.each(BAD_PROPS)("fails when %s", (_name, construct, line) => {
    const { message } = propsError(construct);
    expect(message.split("\n").slice(1).some((l) => l.trim().startsWith(line)), message).toBe(true);
  });

  it("reports every problem of one construct at once, each on its own line", () => {
    const error = propsError(worker({ accountId: "abc", zoneId: "def", routePattern: "x" }));
    expect(error.message.split("\n")[0]).toBe("CloudflareWorker: invalid props:");
    expect(error.problems.map((p) => p.path)).toEqual(["accountId", "zoneId", "routePattern"]);
  });

  it("accepts well-formed props", () => {
    expect(cloudflare({})).not.toThrow();
    expect(worker({})).not.toThrow();
    expect(rulesets({ existing: { http_request_origin: "a".repeat(32) } })).not.toThrow();
    expect(cloudfront({ dns: { kind: "cloudflare", zoneId: ZONE_A } })).not.toThrow();
    expect(addresses({ ipv6: "2001:db8::1" })).not.toThrow();
  });
});

describe("constructs leave Terraform tokens to Terraform", () => {
  it("accepts ids, hosts and regions that are known only at apply (variables, other resources' attributes)", () => {
    const s = stack();
    const text = (name: string) => new TerraformVariable(s, name, { type: "string" }).stringValue;
    expect(() => new CloudflareEmailAssets(s, "c", { zoneId: text("zone"), domain: "emails.example.com", intercomHost: text("host"), pageRulePriorities: PRIORITIES })).not.toThrow();
    expect(() => new CloudflareWorker(s, "w", { accountId: text("account"), zoneId: text("zone2"), scriptName: text("name"), script: text("script"), routePattern: text("route") })).not.toThrow();
    const provider = new AwsProvider(s, "east", { alias: "east", region: text("region") });
    expect(() => new CloudFrontEmailAssets(s, "cf", { domain: "emails.example.com", intercomHost: HOST, certificate: { kind: "new", provider } })).not.toThrow();
    expect(() => new CloudFrontEmailAssets(s, "cf2", { domain: "news.example.com", intercomHost: HOST, certificate: { kind: "existing", arn: text("arn") }, dns: { kind: "route53", zoneId: text("r53") } })).not.toThrow();
    // A literal next to them is still checked.
    expect(() => new CloudflareEmailAssets(s, "bad", { zoneId: "nope", domain: "emails.example.com", intercomHost: text("host2"), mode: "rulesets" })).toThrow("zoneId: must be a Cloudflare zone id");
  });
});

describe("constructs check at synth that the stack holds the providers their resources use", () => {
  /** The messages of App.synth's validation, which runs once every construct exists. */
  function synthErrors(build: (stack: TerraformStack) => void): string {
    const app = new App({ outdir: scratch.dir });
    build(new TerraformStack(app, "providers"));
    return thrownMessage(() => app.synth());
  }

  it("fails when a CloudFront stack has only the aliased us-east-1 provider for the certificate", () => {
    const message = synthErrors((s) => {
      const certificateProvider = new AwsProvider(s, "aws_us_east_1", { alias: "us_east_1", region: "us-east-1" });
      new CloudFrontEmailAssets(s, "cf", { domain: "emails.example.com", intercomHost: HOST, certificate: { kind: "new", provider: certificateProvider } });
    });
    expect(message).toContain(
      `the distribution and its Route 53 records use the stack's default aws provider, but the stack has none (a provider without alias); add new AwsProvider(stack, "aws", { region: "us-east-1" })`,
    );
  });

  it("says so when the stack's default provider comes from another copy of cdktf (a folder install links the library's own)", () => {
    const message = synthErrors((s) => {
      const certificateProvider = new AwsProvider(s, "aws_us_east_1", { alias: "us_east_1", region: "us-east-1" });
      // What a provider built on a second copy of cdktf looks like to this library: a provider by its fields, not by its class.
      Object.assign(new Construct(s, "aws"), { terraformResourceType: "aws", alias: undefined });
      new CloudFrontEmailAssets(s, "cf", { domain: "emails.example.com", intercomHost: HOST, certificate: { kind: "new", provider: certificateProvider } });
    });
    expect(message).toContain(
      "the distribution and its Route 53 records use the stack's default aws provider, and the stack has one, but from another copy of cdktf than this library's (two copies are loaded); " +
        "install email-assets-domain so that it uses your app's cdktf: from a tarball (npm pack), or with npm install --install-links for a folder",
    );
  });

  it("fails when Cloudflare resources have no provider, given or default", () => {
    const message = synthErrors((s) => {
      new CloudflareEmailAssets(s, "c", { zoneId: ZONE_A, domain: "emails.example.com", intercomHost: HOST, mode: "rulesets" });
    });
    expect(message).toContain("the DNS record and page rules use the stack's default cloudflare provider, but the stack has none");
  });

  it("passes with the default providers, created before or after the constructs", () => {
    expect(
      synthErrors((s) => {
        new CloudFrontEmailAssets(s, "cf", { domain: "emails.example.com", intercomHost: HOST, certificate: { kind: "existing", arn: EXISTING_CERTIFICATE_ARN } });
        new CloudflareEmailAssets(s, "c", { zoneId: ZONE_A, domain: "news.example.com", intercomHost: HOST, pageRulePriorities: PRIORITIES });
        new AwsProvider(s, "aws", { region: "us-east-1" });
        new CloudflareProvider(s, "cloudflare", {});
      }),
    ).toBe("");
  });
});

describe("constructs given a Cloudflare provider need no default one", () => {
  const newStack = useScratchStacks();

  it("CloudflareEmailAssets, CloudflareWorker, CloudflareZoneRulesets and the zone's SSL setting all use it", () => {
    const stack = newStack();
    const provider = new CloudflareProvider(stack, "other", { alias: "other" });
    new CloudflareEmailAssets(stack, "c", { zoneId: ZONE_A, domain: "emails.example.com", intercomHost: HOST, mode: "worker", provider });
    new CloudflareWorker(stack, "w", { accountId: ACCOUNT, zoneId: ZONE_A, scriptName: "email-assets-emails-example-com", script: "export default {}", routePattern: "emails.example.com/*", provider });
    new CloudflareZoneRulesets(stack, "r", { zoneId: ZONE_A, rules: { http_request_origin: [hostHeaderRule("emails.example.com", HOST)] }, provider });
    zoneSslSetting(stack, "zone_ssl", ZONE_A, provider);
    const json = synthValidated(stack);
    const providers = Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.values(byName).map((r) => `${type} ${String(r.provider)}`));
    expect(providers.length).toBeGreaterThanOrEqual(5);
    for (const line of providers) expect(line).toMatch(/ cloudflare\.other$/);
  });

  it("the zone's SSL setting without a provider leaves it to the stack's default", () => {
    const stack = newStack();
    new CloudflareProvider(stack, "cloudflare", {});
    zoneSslSetting(stack, "zone_ssl", ZONE_A);
    expect(resource(synthValidated(stack), "cloudflare_zone_setting", "zone_ssl")).toEqual({ zone_id: ZONE_A, setting_id: "ssl", value: "full" });
  });
});
