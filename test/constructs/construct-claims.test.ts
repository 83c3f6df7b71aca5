import { afterAll, describe, expect, it } from "vitest";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { hostHeaderRule, hostSettingsRule } from "../../src/cloudflare/zone-rules";
import { AddressRecords } from "../../src/constructs/address-records";
import { CloudflareEmailAssets, type CloudflareEmailAssetsProps } from "../../src/constructs/cloudflare-email-assets";
import { CloudflareWorker, type CloudflareWorkerProps } from "../../src/constructs/cloudflare-worker";
import { CloudflareZoneRulesets } from "../../src/constructs/cloudflare-zone-rulesets";
import { CloudFrontEmailAssets } from "../../src/constructs/cloudfront-email-assets";
import { claim } from "../../src/constructs/construct-claims";
import { zoneSslSetting } from "../../src/constructs/zone-ssl-setting";
import { EXISTING_CERTIFICATE_ARN, ZONE_A, ZONE_B } from "../support/fixtures";
import { tempDir } from "../support/project";
import { thrownMessage } from "../support/thrown-message";

// Conflicts between this package's own constructs, across the whole app: found at synth, when
// every construct exists, naming each construct (its path) and its stack.

const HOST = "acme.intercom-mail.com";
const ACCOUNT = "fedcba9876543210fedcba9876543210";
const scratch = tempDir("email-assets-claims-");
afterAll(scratch.cleanup);

/** A stack with the default providers our constructs use. */
function stackIn(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new CloudflareProvider(stack, "cloudflare", {});
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  return stack;
}

/** The app's synth error, or "" when it synthesizes. */
function synthError(build: (stack: (id: string) => TerraformStack) => void): string {
  const app = new App({ outdir: scratch.dir });
  const stacks = new Map<string, TerraformStack>();
  build((id) => stacks.get(id) ?? stacks.set(id, stackIn(app, id)).get(id)!);
  return thrownMessage(() => app.synth());
}

const pageRules = (domain: string, alwaysHttps: number, hostHeader: number, extra: Partial<CloudflareEmailAssetsProps> = {}) =>
  ({ zoneId: ZONE_A, domain, intercomHost: HOST, pageRulePriorities: { alwaysHttps, hostHeader }, ...extra }) as CloudflareEmailAssetsProps;
const worker = (domain: string, extra: Partial<CloudflareWorkerProps> = {}): CloudflareWorkerProps => ({
  accountId: ACCOUNT,
  zoneId: ZONE_A,
  scriptName: `email-assets-${domain.replace(/\./g, "-")}`,
  script: "export default {}",
  routePattern: `${domain}/*`,
  ...extra,
});
const cloudfront = (domain: string) => ({ domain, intercomHost: HOST, certificate: { kind: "existing", arn: EXISTING_CERTIFICATE_ARN } }) as const;

/** [case, the app, the line its synth must print] */
const CONFLICTS: [string, (stack: (id: string) => TerraformStack) => void, string][] = [
  [
    "two CloudflareEmailAssets in one zone share page-rule priorities",
    (s) => {
      new CloudflareEmailAssets(s("emails"), "emails", pageRules("emails.example.com", 1, 2));
      new CloudflareEmailAssets(s("emails"), "news", pageRules("news.example.com", 2, 3));
    },
    "page-rule priority 2 in zone 0123456789abcdef0123456789abcdef is claimed by CloudflareEmailAssets emails/emails (stack emails) and CloudflareEmailAssets emails/news (stack emails); " +
      "page rules of one zone need distinct priorities: give each construct its own pageRulePriorities (resolvePlans numbers them per zone)",
  ],
  [
    "the page-rule priorities clash across two stacks",
    (s) => {
      new CloudflareEmailAssets(s("a"), "edge", pageRules("emails.example.com", 1, 2));
      new CloudflareEmailAssets(s("b"), "edge", pageRules("news.example.com", 1, 2));
    },
    "page-rule priority 1 in zone 0123456789abcdef0123456789abcdef is claimed by CloudflareEmailAssets a/edge (stack a) and CloudflareEmailAssets b/edge (stack b)",
  ],
  [
    "the same domain is in two constructs",
    (s) => {
      new CloudflareEmailAssets(s("a"), "edge", pageRules("emails.example.com", 1, 2));
      new CloudFrontEmailAssets(s("b"), "cdn", cloudfront("emails.example.com"));
    },
    "the custom domain emails.example.com is claimed by CloudflareEmailAssets a/edge (stack a) and CloudFrontEmailAssets b/cdn (stack b); " +
      "one construct serves a domain (its DNS record, distribution or address records): remove the others, or give each its own domain",
  ],
  [
    "the same domain is in three constructs of one stack",
    (s) => {
      new CloudFrontEmailAssets(s("a"), "one", cloudfront("emails.example.com"));
      new CloudFrontEmailAssets(s("a"), "two", cloudfront("emails.example.com"));
      new AddressRecords(s("a"), "three", { name: "emails.example.com", ipv4: "203.0.113.10", target: { kind: "cloudflare", zoneId: ZONE_A } });
    },
    "the custom domain emails.example.com is claimed by CloudFrontEmailAssets a/one (stack a), CloudFrontEmailAssets a/two (stack a), and AddressRecords a/three (stack a)",
  ],
  [
    "two constructs own one zone's SSL setting in one stack",
    (s) => {
      new CloudflareEmailAssets(s("a"), "emails", pageRules("emails.example.com", 1, 2, { sslScope: "zone" }));
      new CloudflareEmailAssets(s("a"), "news", pageRules("news.example.com", 3, 4, { sslScope: "zone" }));
    },
    "the zone-wide SSL setting of zone 0123456789abcdef0123456789abcdef is claimed by CloudflareEmailAssets a/emails (stack a) and CloudflareEmailAssets a/news (stack a); " +
      'one construct per zone owns it: set manageZoneSsl: false on the others (with sslScope: "zone" they rely on it)',
  ],
  [
    "two stacks own one zone's SSL setting",
    (s) => {
      new CloudflareEmailAssets(s("a"), "edge", pageRules("emails.example.com", 1, 2, { sslScope: "zone" }));
      new CloudflareEmailAssets(s("b"), "edge", pageRules("news.example.com", 3, 4, { sslScope: "zone", manageZoneSsl: true }));
    },
    "the zone-wide SSL setting of zone 0123456789abcdef0123456789abcdef is claimed by CloudflareEmailAssets a/edge (stack a) and CloudflareEmailAssets b/edge (stack b)",
  ],
  [
    "a construct and a zone scope of a stack of one's own both own the zone's SSL setting",
    (s) => {
      zoneSslSetting(new Construct(s("named"), "zone"), "zone_ssl", ZONE_A);
      new CloudflareEmailAssets(s("b"), "edge", pageRules("news.example.com", 3, 4, { sslScope: "zone" }));
    },
    "the zone-wide SSL setting of zone 0123456789abcdef0123456789abcdef is claimed by named/zone (stack named) and CloudflareEmailAssets b/edge (stack b)",
  ],
  [
    "two CloudflareZoneRulesets hold one zone's entry point of a phase",
    (s) => {
      new CloudflareZoneRulesets(s("a"), "rulesets", { zoneId: ZONE_A, rules: { http_request_origin: [hostHeaderRule("emails.example.com", HOST)] } });
      new CloudflareZoneRulesets(s("b"), "rulesets", {
        zoneId: ZONE_A,
        rules: { http_request_origin: [hostHeaderRule("news.example.com", HOST)], http_config_settings: [hostSettingsRule("news.example.com", true)] },
      });
    },
    "the http_request_origin entry-point ruleset of zone 0123456789abcdef0123456789abcdef is claimed by CloudflareZoneRulesets a/rulesets (stack a) and CloudflareZoneRulesets b/rulesets (stack b); " +
      "a zone has one entry point per phase: put every domain's rules of the zone into one CloudflareZoneRulesets",
  ],
  [
    "two Workers share a name in one account",
    (s) => {
      new CloudflareWorker(s("a"), "worker", worker("emails.example.com"));
      new CloudflareWorker(s("b"), "worker", worker("news.example.com", { scriptName: "email-assets-emails-example-com" }));
    },
    "the Worker email-assets-emails-example-com in account fedcba9876543210fedcba9876543210 is claimed by CloudflareWorker a/worker (stack a) and CloudflareWorker b/worker (stack b); " +
      "a Worker's name is unique in its account: give each CloudflareWorker its own scriptName (see workerScriptName())",
  ],
  [
    "two Workers take one route",
    (s) => {
      new CloudflareWorker(s("a"), "one", worker("emails.example.com"));
      new CloudflareWorker(s("a"), "two", worker("emails.example.com", { scriptName: "other" }));
    },
    "the Worker route emails.example.com/* in zone 0123456789abcdef0123456789abcdef is claimed by CloudflareWorker a/one (stack a) and CloudflareWorker a/two (stack a); " +
      "a route sends its requests to one Worker: remove one of the CloudflareWorkers",
  ],
];

describe("conflicts between the package's constructs fail synth, across the app", () => {
  it.each(CONFLICTS)("fails when %s", (_name, build, line) => {
    expect(synthError(build)).toContain(line);
  });

  it("names the conflict once per stack that takes part, in the first such stack's synth", () => {
    const message = synthError((s) => {
      new CloudflareEmailAssets(s("a"), "edge", pageRules("emails.example.com", 1, 2));
      new CloudflareEmailAssets(s("b"), "edge", pageRules("emails.example.com", 3, 4));
    });
    expect(message.match(/the custom domain emails\.example\.com is claimed/g)).toHaveLength(1);
    expect(message).toContain("[a] the custom domain");
  });

  it("passes what does not conflict: other zones, other priorities, one SSL owner with others relying on it, other phases", () => {
    expect(
      synthError((s) => {
        new CloudflareEmailAssets(s("a"), "emails", pageRules("emails.example.com", 1, 2, { sslScope: "zone" }));
        new CloudflareEmailAssets(s("a"), "news", pageRules("news.example.com", 3, 4, { sslScope: "zone", manageZoneSsl: false }));
        new CloudflareEmailAssets(s("b"), "other_zone", pageRules("links.example.org", 1, 2, { zoneId: ZONE_B, sslScope: "zone" }));
        new CloudflareEmailAssets(s("b"), "worker_mode", { zoneId: ZONE_A, domain: "go.example.com", intercomHost: HOST, mode: "worker" });
        new CloudflareWorker(s("b"), "worker", worker("go.example.com"));
        new CloudflareZoneRulesets(s("b"), "origin", { zoneId: ZONE_A, rules: { http_request_origin: [hostHeaderRule("go.example.com", HOST)] } });
        new CloudflareZoneRulesets(s("c"), "config", { zoneId: ZONE_A, rules: { http_config_settings: [hostSettingsRule("go.example.com", true)] } });
        new CloudFrontEmailAssets(s("c"), "cloudfront", cloudfront("cdn.example.com"));
      }),
    ).toBe("");
  });

  it("leaves names known only at apply (Terraform tokens) to Terraform", () => {
    expect(
      synthError((s) => {
        const zone = new TerraformVariable(s("a"), "zone", { type: "string" }).stringValue;
        new CloudflareEmailAssets(s("a"), "one", pageRules("emails.example.com", 1, 2, { zoneId: zone }));
        new CloudflareEmailAssets(s("a"), "two", pageRules("news.example.com", 1, 2, { zoneId: zone }));
      }),
    ).toBe("");
  });

  it("lets one construct claim one thing twice", () => {
    expect(
      synthError((s) => {
        const construct = new Construct(s("a"), "mine");
        claim(construct, "domain", "emails.example.com");
        claim(construct, "domain", "emails.example.com");
      }),
    ).toBe("");
  });

  it("keeps apps apart: the same domain in two apps is no conflict", () => {
    for (let i = 0; i < 2; i += 1) {
      expect(synthError((s) => new CloudFrontEmailAssets(s("a"), "cloudfront", cloudfront("emails.example.com")))).toBe("");
    }
  });
});
