import { afterAll, describe, expect, it } from "vitest";
import { App, Aspects, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import {
  CloudflareEmailAssets,
  CloudFrontEmailAssets,
  EmailAssetsStack,
  type CloudflareEmailAssetsProps,
} from "../../src/index";
import { formatViolation, policyViolations, POLICY_RULES } from "../../src/policy/stack-policy";
import { stackPlansOf } from "../support/plans";
import { tempDir } from "../support/project";
import { thrownMessage } from "../support/thrown-message";

// The security invariants as a cdktf Aspect: each rule is broken on purpose through the public
// library API — an escape hatch on a construct's resource, an override on the stack, or an Aspect
// of the user's own that runs after the project's — and synth must fail naming the stack, the
// resource address and the rule.

const { dir: scratch, cleanup } = tempDir("email-assets-policy-");
afterAll(() => cleanup());
const ZONE = "0123456789abcdef0123456789abcdef";
let apps = 0;
const newApp = () => new App({ outdir: `${scratch}/app-${(apps += 1)}` });

/** A user's own stack holding a CloudFront construct (an existing certificate, DNS in Cloudflare). */
function userCloudFront(): { app: App; construct: CloudFrontEmailAssets; stack: TerraformStack } {
  const app = newApp();
  const stack = new TerraformStack(app, "user-stack");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new CloudflareProvider(stack, "cloudflare", {});
  const construct = new CloudFrontEmailAssets(stack, "assets", {
    domain: "assets.example.org",
    intercomHost: "acme.intercom-mail.com",
    certificate: { kind: "existing", arn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" },
    dns: { kind: "cloudflare", zoneId: ZONE },
  });
  return { app, construct, stack };
}

function userCloudflare(props: Partial<CloudflareEmailAssetsProps> = {}): { app: App; construct: CloudflareEmailAssets; stack: TerraformStack } {
  const app = newApp();
  const stack = new TerraformStack(app, "user-stack");
  new CloudflareProvider(stack, "cloudflare", {});
  const construct = new CloudflareEmailAssets(stack, "emails", {
    zoneId: ZONE,
    domain: "emails.example.com",
    intercomHost: "acme.intercom-mail.com",
    pageRulePriorities: { alwaysHttps: 1, hostHeader: 2 },
    ...props,
  } as CloudflareEmailAssetsProps);
  return { app, construct, stack };
}

/** The project's own stack for one domain of a config. */
function projectStack(domain: Record<string, unknown>): { app: App; stack: EmailAssetsStack } {
  const app = newApp();
  const [plan] = stackPlansOf({ domains: [domain] });
  return { app, stack: new EmailAssetsStack(app, plan) };
}

/** An Aspect of the user's, added after the project's: it runs later and changes resources. */
class Weaken implements IAspect {
  constructor(private readonly change: (node: IConstruct) => void) {}
  visit(node: IConstruct): void {
    this.change(node);
  }
}

const synthError = (app: App): string => thrownMessage(() => app.synth());

const CLOUDFLARE_DOMAIN = { domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE } };

describe("the policy passes the project's own stacks", () => {
  it.each([
    ["cloudflare page-rules", CLOUDFLARE_DOMAIN],
    ["cloudflare rulesets, zone SSL", { ...CLOUDFLARE_DOMAIN, cloudflare: { zoneId: ZONE, mode: "rulesets", sslScope: "zone" } }],
    ["cloudflare worker", { ...CLOUDFLARE_DOMAIN, cloudflare: { zoneId: ZONE, mode: "worker", accountId: "fedcba9876543210fedcba9876543210" } }],
    ["cloudfront, new certificate, Cloudflare DNS", { domain: "assets.example.org", workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { dns: "cloudflare", cloudflareZoneId: ZONE } }],
    ["proxy, Cloudflare DNS", { domain: "links.example.net", workspace: "acme", region: "us", edge: "proxy", proxy: { server: "nginx", certificateFile: "/c.pem", certificateKeyFile: "/k.pem", ipv4: "203.0.113.10", dns: "cloudflare", cloudflareZoneId: ZONE } }],
  ])("%s", (_name, domain) => {
    const { app } = projectStack(domain);
    expect(() => app.synth()).not.toThrow();
  });

  it("passes a user's stack that holds the constructs as they are", () => {
    expect(() => userCloudFront().app.synth()).not.toThrow();
    expect(() => userCloudflare().app.synth()).not.toThrow();
  });
});

describe("the policy fails synth on a weakened stack, naming the stack, the address and the rule", () => {
  it("fails when the viewer protocol allows plain HTTP (an override on the distribution)", () => {
    const { app, construct } = userCloudFront();
    construct.distribution.addOverride("default_cache_behavior.viewer_protocol_policy", "allow-all");
    expect(synthError(app)).toContain('stack user-stack: aws_cloudfront_distribution.assets_distribution_');
    expect(synthError(app)).toMatch(/rule viewer-https: default_cache_behavior\.viewer_protocol_policy is "allow-all"/);
  });

  it("fails when the origin is not HTTPS only", () => {
    const { app, construct } = userCloudFront();
    construct.distribution.addOverride("origin.0.custom_origin_config.origin_protocol_policy", "match-viewer");
    expect(synthError(app)).toMatch(/rule origin-https: origin\[0\]\.custom_origin_config\.origin_protocol_policy is "match-viewer"/);
  });

  it("fails when the origin allows TLS below 1.2", () => {
    const { app, construct } = userCloudFront();
    construct.distribution.addOverride("origin.0.custom_origin_config.origin_ssl_protocols", ["TLSv1", "TLSv1.2"]);
    // cdktf merges an overriding list into the construct's: the weak protocol is added, not swapped in.
    expect(synthError(app)).toMatch(/rule origin-https: origin\[0\]\.custom_origin_config\.origin_ssl_protocols is \[[^\]]*"TLSv1"[^\]]*\]; use \["TLSv1\.2"\]/);
  });

  it("fails when the viewer policy is below TLS 1.2", () => {
    const { app, construct } = userCloudFront();
    construct.distribution.addOverride("viewer_certificate.minimum_protocol_version", "TLSv1_2016");
    expect(synthError(app)).toMatch(/rule viewer-tls: viewer_certificate\.minimum_protocol_version is "TLSv1_2016"/);
  });

  it("fails when the distribution serves CloudFront's default certificate", () => {
    const { app, construct } = userCloudFront();
    construct.distribution.addOverride("viewer_certificate", { cloudfront_default_certificate: true });
    expect(synthError(app)).toMatch(/rule viewer-tls: viewer_certificate uses CloudFront's default certificate/);
  });

  it("fails when caching is turned on with another cache policy", () => {
    const { app, construct } = userCloudFront();
    construct.distribution.addOverride("default_cache_behavior.cache_policy_id", "658327ea-f89d-4fab-a63d-7e88639e58f6");
    expect(synthError(app)).toMatch(/rule no-caching: default_cache_behavior\.cache_policy_id is "658327ea-f89d-4fab-a63d-7e88639e58f6"/);
  });

  it("fails when legacy forwarded_values forward the viewer's Host", () => {
    const { app, construct } = userCloudFront();
    construct.distribution.addOverride("default_cache_behavior.forwarded_values", { query_string: true, headers: ["Host"], cookies: { forward: "all" } });
    const message = synthError(app);
    expect(message).toMatch(/rule no-caching: default_cache_behavior\.forwarded_values is set/);
    expect(message).toMatch(/rule origin-host: default_cache_behavior\.forwarded_values\.headers forwards \["Host"\]/);
  });

  it("fails when the origin request policy forwards the Host header (set by an Aspect of the user's, after the project's)", () => {
    const { app, stack } = projectStack({ domain: "assets.example.org", workspace: "acme", region: "us", edge: "cloudfront", cloudfront: {} });
    Aspects.of(stack).add(
      new Weaken((node) => {
        if (node === stack) stack.addOverride("resource.aws_cloudfront_distribution.distribution.default_cache_behavior.origin_request_policy_id", "216adef6-5c7f-47e4-b989-5492eafa07d3");
      }),
    );
    expect(synthError(app)).toMatch(/stack assets-example-org: aws_cloudfront_distribution\.distribution: rule origin-host: default_cache_behavior\.origin_request_policy_id is "216adef6/);
  });

  it("fails when a page rule is disabled (or its status left to the provider's default)", () => {
    const { app, construct } = userCloudflare();
    construct.alwaysHttpsPageRule!.addOverride("status", "disabled");
    expect(synthError(app)).toMatch(/cloudflare_page_rule\.emails_always_https_[0-9A-F]+: rule rule-enabled: status is "disabled"/);
    const second = userCloudflare();
    second.construct.hostHeaderPageRule!.addOverride("status", null);
    expect(synthError(second.app)).toMatch(/rule rule-enabled: status is not set \(the provider's default is "disabled"\)/);
  });

  it("fails when a ruleset rule is disabled (an Aspect of the user's)", () => {
    const { app, stack } = projectStack({ ...CLOUDFLARE_DOMAIN, cloudflare: { zoneId: ZONE, mode: "rulesets" } });
    Aspects.of(stack).add(new Weaken((node) => node instanceof Ruleset && node.node.id === "origin_rules" && node.addOverride("rules.0.enabled", false)));
    expect(synthError(app)).toMatch(/stack emails-example-com: cloudflare_ruleset\.\S+: rule rule-enabled: rules\[0\] .*has enabled = false/);
  });

  it("fails when the Cloudflare edge's CNAME is not proxied", () => {
    const { app, construct } = userCloudflare();
    construct.dnsRecord.addOverride("proxied", false);
    expect(synthError(app)).toMatch(/cloudflare_dns_record\.emails_cname_[0-9A-F]+: rule edge-record-proxied: proxied is false and ttl is 1/);
  });

  it("fails when the Cloudflare edge's CNAME has a TTL other than 1", () => {
    const { app, construct } = userCloudflare();
    construct.dnsRecord.addOverride("ttl", 300);
    expect(synthError(app)).toMatch(/rule edge-record-proxied: proxied is true and ttl is 300/);
  });

  it("fails when a page rule's SSL mode is flexible", () => {
    const { app, construct } = userCloudflare();
    construct.hostHeaderPageRule!.addOverride("actions.ssl", "flexible");
    expect(synthError(app)).toMatch(/rule ssl-full: actions\.ssl is "flexible"/);
  });

  it("fails when the zone's SSL setting is off (an Aspect of the user's)", () => {
    const { app, stack } = projectStack({ ...CLOUDFLARE_DOMAIN, cloudflare: { zoneId: ZONE, sslScope: "zone" } });
    Aspects.of(stack).add(new Weaken((node) => node instanceof ZoneSetting && node.addOverride("value", "off")));
    expect(synthError(app)).toMatch(/cloudflare_zone_setting\.zone_ssl: rule ssl-full: the zone's ssl setting is "off"/);
  });

  it("fails when a configuration rule sets SSL to flexible", () => {
    const { app, stack } = projectStack({ ...CLOUDFLARE_DOMAIN, cloudflare: { zoneId: ZONE, mode: "rulesets" } });
    Aspects.of(stack).add(new Weaken((node) => node instanceof Ruleset && node.node.id === "config_rules" && node.addOverride("rules.0.action_parameters.ssl", "flexible")));
    expect(synthError(app)).toMatch(/rule ssl-full: rules\[0\]\.action_parameters\.ssl is "flexible"/);
  });

  it("fails when a CloudFront record in Cloudflare is proxied (an override on the stack)", () => {
    const { app, stack } = userCloudFront();
    const cname = stack.node.findAll().find((node) => node.node.path.endsWith("assets/cname"));
    expect(cname).toBeDefined();
    (cname as unknown as TerraformStack).addOverride("proxied", true);
    expect(synthError(app)).toMatch(/rule dns-only-record: proxied is true for "CNAME" "assets\.example\.org"/);
  });

  it("fails when a proxy's address record in Cloudflare is proxied", () => {
    const { app, stack } = projectStack({ domain: "links.example.net", workspace: "acme", region: "us", edge: "proxy", proxy: { server: "nginx", certificateFile: "/c.pem", certificateKeyFile: "/k.pem", ipv4: "203.0.113.10", dns: "cloudflare", cloudflareZoneId: ZONE } });
    stack.addOverride("resource.cloudflare_dns_record.address_a.proxied", true);
    expect(synthError(app)).toMatch(/stack links-example-net: cloudflare_dns_record\.address_a: rule dns-only-record: proxied is true for "A" "links\.example\.net"/);
  });

  it("reports every violation at once, one line each", () => {
    const { app, construct } = userCloudFront();
    construct.distribution.addOverride("default_cache_behavior.viewer_protocol_policy", "allow-all");
    construct.distribution.addOverride("viewer_certificate.minimum_protocol_version", "TLSv1_2016");
    const message = synthError(app);
    expect(message.match(/rule viewer-https/g)).toHaveLength(1);
    expect(message.match(/rule viewer-tls/g)).toHaveLength(1);
  });
});

describe("policyViolations on JSON", () => {
  it("names every rule it has in its lines", () => {
    const line = formatViolation({ address: "aws_cloudfront_distribution.d", rule: "viewer-https", problem: "x" });
    expect(line).toBe(`aws_cloudfront_distribution.d: rule viewer-https: x (${POLICY_RULES["viewer-https"]})`);
  });

  it("fails when a distribution has no cache behavior or origin settings at all", () => {
    const found = policyViolations({ resource: { aws_cloudfront_distribution: { d: { origin: [{ domain_name: "acme.intercom-mail.com" }] } } } });
    expect(found.map((v) => v.rule)).toEqual(["viewer-https", "origin-https", "viewer-tls"]);
  });

  it("ignores resources it has no rule for, and JSON without resources", () => {
    expect(policyViolations({ resource: { aws_route53_record: { r: { name: "x" } } } })).toEqual([]);
    expect(policyViolations(null)).toEqual([]);
  });
});
