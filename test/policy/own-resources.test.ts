import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { App, Aspects, Testing, TerraformStack, type IAspect } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { PageRule } from "@cdktf/provider-cloudflare/lib/page-rule";
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { applyPolicy, CloudflareEmailAssets, CloudFrontEmailAssets, EmailAssetsPolicy, EmailAssetsStack, EXAMPLE_CONFIG } from "../../src/index";
import { judgedAddresses } from "../../src/constructs/email-assets-policy";
import { policyViolations } from "../../src/policy/stack-policy";
import { ENGINE_PARITY_CONFIGS } from "../support/engine-configs";
import { EXISTING_CERTIFICATE_ARN, ZONE_A, ZONE_B } from "../support/fixtures";
import { stackPlansOf } from "../support/plans";
import { tempDir } from "../support/project";
import { resourceAddresses, type StackJson } from "../support/synth";
import { thrownMessage } from "../support/thrown-message";

// The policy judges the resources this package's constructs created, and never a user's own
// resources in the same stack (issue 22): a user's stack holds, next to the constructs, resources
// that every rule would refuse if they were the package's, and synthesizes; a resource of the
// package's weakened in that same stack still fails, naming the rule and its address only.

const { dir: scratch, cleanup } = tempDir("email-assets-own-resources-");
afterAll(() => cleanup());
let apps = 0;
const newApp = () => new App({ outdir: join(scratch, `app-${(apps += 1)}`) });
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/** The user's own resources: each one breaks a rule of the policy, were it the package's. */
function usersResources(scope: Construct): void {
  new DnsRecord(scope, "www", { zoneId: ZONE_A, name: "www.example.com", type: "A", content: "203.0.113.7", proxied: true, ttl: 1 });
  new PageRule(scope, "blog", { zoneId: ZONE_A, target: "example.com/blog/*", priority: 9, status: "disabled", actions: { cacheLevel: "bypass" } });
  new CloudfrontDistribution(scope, "website", {
    enabled: true,
    origin: [{ domainName: "website-bucket.s3.amazonaws.com", originId: "s3" }],
    defaultCacheBehavior: {
      targetOriginId: "s3",
      viewerProtocolPolicy: "allow-all",
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: CACHING_OPTIMIZED,
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  });
  new ZoneSetting(scope, "other_zone_ssl", { zoneId: ZONE_B, settingId: "ssl", value: "flexible" as unknown as Record<string, string> });
  new Ruleset(scope, "waf", {
    zoneId: ZONE_A,
    name: "Custom WAF rules",
    kind: "zone",
    phase: "http_request_firewall_custom",
    rules: [{ expression: "(ip.src eq 198.51.100.1)", action: "block", enabled: false, description: "a scanner (paused)" }],
  });
}

/** What the policy would say about the user's resources if it judged them. */
const USERS_VIOLATIONS = [
  "cloudflare_dns_record.www dns-only-record",
  "cloudflare_page_rule.blog rule-enabled",
  "aws_cloudfront_distribution.website viewer-https",
  "aws_cloudfront_distribution.website no-caching",
  "aws_cloudfront_distribution.website origin-host",
  "aws_cloudfront_distribution.website origin-https",
  "aws_cloudfront_distribution.website viewer-tls",
  "cloudflare_zone_setting.other_zone_ssl ssl-full",
  "cloudflare_ruleset.waf rule-enabled",
];
const USERS_NAMES = ["www", "blog", "website", "other_zone_ssl", "waf"];

/** A user's stack: the Cloudflare and CloudFront constructs next to the user's own resources. */
function mixedStack() {
  const app = newApp();
  const stack = new TerraformStack(app, "user-stack");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new CloudflareProvider(stack, "cloudflare", {});
  const cloudflare = new CloudflareEmailAssets(stack, "emails", {
    zoneId: ZONE_A,
    domain: "emails.example.com",
    intercomHost: "acme.intercom-mail.com",
    pageRulePriorities: { alwaysHttps: 1, hostHeader: 2 },
  });
  const cloudfront = new CloudFrontEmailAssets(stack, "assets", {
    domain: "assets.example.org",
    intercomHost: "acme.intercom-mail.com",
    certificate: { kind: "existing", arn: EXISTING_CERTIFICATE_ARN },
    dns: { kind: "cloudflare", zoneId: ZONE_A },
  });
  usersResources(stack);
  return { app, stack, cloudflare, cloudfront };
}

function projectStacks(config: unknown, app: App = newApp()): { app: App; stacks: EmailAssetsStack[] } {
  return { app, stacks: stackPlansOf(config).map((plan) => new EmailAssetsStack(app, plan)) };
}

const written = (app: App, stackId: string) => JSON.parse(readFileSync(join(app.outdir, "stacks", stackId, "cdk.tf.json"), "utf8")) as StackJson;

const synthError = (app: App): string => thrownMessage(() => app.synth());

/** The policy's lines in a synth error (cdktf adds its own header). */
const violationLines = (message: string) => message.split("\n").filter((line) => line.includes(": rule "));

class UserAspect implements IAspect {
  constructor(private readonly change: (node: IConstruct) => void) {}
  visit(node: IConstruct): void {
    this.change(node);
  }
}

const CLOUDFLARE_DOMAIN = { domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A } };

describe("the policy judges the package's resources, never the user's own", () => {
  it("synthesizes a user's stack whose own resources break every rule, next to the constructs", () => {
    const { app, stack } = mixedStack();
    // An escape hatch on the user's own resource, through the stack, is the user's business too.
    stack.addOverride("resource.cloudflare_dns_record.www.ttl", 300);
    expect(() => app.synth()).not.toThrow();
    const json = written(app, "user-stack");
    // A control: judged as before (every resource), the same JSON fails on the user's resources only.
    const all = policyViolations(json).map((violation) => `${violation.address} ${violation.rule}`);
    expect([...new Set(all)].sort()).toEqual([...USERS_VIOLATIONS].sort());
  });

  it("fails when a resource of the package's in that stack is weakened, naming its rule and address only", () => {
    const { app, cloudflare, cloudfront } = mixedStack();
    cloudflare.dnsRecord.addOverride("proxied", false);
    cloudfront.distribution.addOverride("default_cache_behavior.viewer_protocol_policy", "allow-all");
    const lines = violationLines(synthError(app));
    expect(lines).toEqual([
      expect.stringMatching(/stack user-stack: cloudflare_dns_record\.emails_cname_[0-9A-F]+: rule edge-record-proxied: proxied is false/),
      expect.stringMatching(/stack user-stack: aws_cloudfront_distribution\.assets_distribution_[0-9A-F]+: rule viewer-https: default_cache_behavior\.viewer_protocol_policy is "allow-all"/),
    ]);
    for (const name of USERS_NAMES) expect(lines.join("\n")).not.toMatch(new RegExp(`\\.${name}:`));
  });

  it("synthesizes the project's own stack with the user's resources added to it, and fails when one of its own is weakened", () => {
    const passing = projectStacks({ domains: [{ ...CLOUDFLARE_DOMAIN, cloudflare: { zoneId: ZONE_A, mode: "rulesets", sslScope: "zone" } }] });
    // The user's distribution needs an AWS provider, which a Cloudflare stack does not have.
    new AwsProvider(passing.stacks[0], "aws", { region: "us-east-1" });
    usersResources(passing.stacks[0]);
    expect(() => passing.app.synth()).not.toThrow();

    const failing = projectStacks({ domains: [CLOUDFLARE_DOMAIN] });
    new AwsProvider(failing.stacks[0], "aws", { region: "us-east-1" });
    usersResources(failing.stacks[0]);
    failing.stacks[0].addOverride("resource.cloudflare_page_rule.always_https.status", "disabled");
    expect(violationLines(synthError(failing.app))).toEqual([expect.stringMatching(/^\s*\[emails-example-com\] stack emails-example-com: cloudflare_page_rule\.always_https: rule rule-enabled: status is "disabled"/)]);
  });

  it("fails when the zone SSL setting a named stack holds for its zone (outside any construct) is weakened, and not for the user's in a domain's scope", () => {
    const { app, stacks } = projectStacks({
      defaults: { stack: "mail", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A, sslScope: "zone" } },
      domains: [{ domain: "a.example.com" }, { domain: "b.example.com" }],
    });
    const [stack] = stacks;
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    usersResources(stack.node.findChild("a-example-com"));
    Aspects.of(stack).add(new UserAspect((node) => node instanceof ZoneSetting && node.node.id === "zone_ssl" && node.addOverride("value", "flexible")));
    expect(violationLines(synthError(app))).toEqual([expect.stringMatching(/stack mail: cloudflare_zone_setting\.zone_\S+_zone_ssl: rule ssl-full: the zone's ssl setting is "flexible"/)]);
  });

  it("fails when a construct of the package's sits inside a construct of the user's and is weakened", () => {
    const app = newApp();
    const stack = new TerraformStack(app, "user-stack");
    new CloudflareProvider(stack, "cloudflare", {});
    const team = new Construct(stack, "team");
    usersResources(team);
    const nested = new CloudflareEmailAssets(new Construct(team, "mail"), "emails", {
      zoneId: ZONE_A,
      domain: "emails.example.com",
      intercomHost: "acme.intercom-mail.com",
      pageRulePriorities: { alwaysHttps: 1, hostHeader: 2 },
    });
    nested.hostHeaderPageRule!.addOverride("actions.ssl", "flexible");
    expect(violationLines(synthError(app))).toEqual([expect.stringMatching(/cloudflare_page_rule\.team_mail_emails_host_header_[0-9A-F]+: rule ssl-full: actions\.ssl is "flexible"/)]);
  });

  it("fails under the logical id the user gave a weakened resource of the package's after building it (addresses are taken at validation)", () => {
    const { app, cloudflare } = mixedStack();
    cloudflare.dnsRecord.overrideLogicalId("renamed_cname");
    cloudflare.dnsRecord.addOverride("ttl", 300);
    expect(violationLines(synthError(app))).toEqual([expect.stringMatching(/stack user-stack: cloudflare_dns_record\.renamed_cname: rule edge-record-proxied: proxied is true and ttl is 300/)]);
  });

  it("fails when a resource of the user's is created inside a construct of the package's: a construct's subtree is judged whole", () => {
    const { app, cloudflare } = mixedStack();
    new DnsRecord(cloudflare, "www_inside", { zoneId: ZONE_A, name: "www2.example.com", type: "A", content: "203.0.113.8", proxied: true, ttl: 1 });
    expect(violationLines(synthError(app))).toEqual([expect.stringMatching(/cloudflare_dns_record\.emails_www_inside_[0-9A-F]+: rule dns-only-record: proxied is true for "A" "www2\.example\.com"/)]);
  });

  it("judges nothing in a stack that holds none of the package's resources, even with the policy put on it by hand", () => {
    const app = newApp();
    const stack = new TerraformStack(app, "only-mine");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new CloudflareProvider(stack, "cloudflare", {});
    usersResources(stack);
    applyPolicy(stack);
    Aspects.of(stack).add(new EmailAssetsPolicy());
    expect(() => app.synth()).not.toThrow();
    expect(judgedAddresses(stack)).toEqual(new Set());
  });
});

describe("every resource of the project's stacks is judged", () => {
  // A resource that a stack or construct made outside the policy's reach would escape it silently.
  const NAMED_ZONE_PIECES = {
    defaults: { stack: "mail", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A, mode: "rulesets", sslScope: "zone" } },
    domains: [{ domain: "a.example.com" }, { domain: "b.example.com", cloudflare: { zoneId: ZONE_B, sslScope: "zone" } }],
  };
  it.each(Object.entries({ ...ENGINE_PARITY_CONFIGS, "embedded-example": EXAMPLE_CONFIG, "named stack holding zone pieces": NAMED_ZONE_PIECES }))("%s", (_name, config) => {
    const { stacks } = projectStacks(config, Testing.app({ outdir: join(scratch, `testing-${(apps += 1)}`) }));
    let resources = 0;
    for (const stack of stacks) {
      const addresses = resourceAddresses(JSON.parse(Testing.synth(stack)) as StackJson);
      resources += addresses.length;
      expect([...judgedAddresses(stack)].sort(), stack.node.id).toEqual(addresses);
    }
    expect(resources).toBeGreaterThan(0);
  });
});

describe("policyViolations with the addresses to judge", () => {
  const json = {
    resource: {
      cloudflare_page_rule: { ours: { status: "disabled" }, theirs: { status: "disabled" } },
      cloudflare_zone_setting: { theirs: { setting_id: "ssl", value: "off" } },
    },
  };

  it("judges the resources at those addresses only", () => {
    expect(policyViolations(json, new Set(["cloudflare_page_rule.ours", "cloudflare_dns_record.absent"])).map((violation) => violation.address)).toEqual(["cloudflare_page_rule.ours"]);
    expect(policyViolations(json, new Set())).toEqual([]);
  });

  it("judges every resource without them", () => {
    expect(policyViolations(json).map((violation) => violation.address)).toEqual(["cloudflare_page_rule.ours", "cloudflare_page_rule.theirs", "cloudflare_zone_setting.theirs"]);
  });
});
