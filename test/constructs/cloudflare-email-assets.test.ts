import { beforeAll, describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "cdktf";
import { CloudflareEmailAssets } from "../../src/constructs/cloudflare-email-assets";
import { cloudflareDomain, STACK_ADDRESSES, threeRegionConfig, ZONE_A, ZONE_B } from "../support/fixtures";
import { resource, resourceAddresses, type StackJson, synthConfig, useScratchApps } from "../support/synth";

const scratchApp = useScratchApps();

describe("CloudflareEmailAssets, resource by resource against the guide", () => {
  let stacks: Record<string, StackJson> = {};
  beforeAll(() => {
    stacks = synthConfig(threeRegionConfig());
  });
  const cases = [
    ["emails-example-com", "emails.example.com", "acme.intercom-mail.com", ZONE_A, 1],
    ["emails-example-eu", "emails.example.eu", "acme-eu.intercom-mail.eu", ZONE_B, 1],
    ["news-example-com", "news.example.com", "acme-au.au.intercom-mail.com", ZONE_A, 3],
  ] as const;

  it.each(cases)("%s: a proxied CNAME to the Intercom host with automatic TTL", (id, domain, host, zone) => {
    expect(resource(stacks[id], "cloudflare_dns_record", "cname")).toEqual({
      zone_id: zone,
      name: domain,
      type: "CNAME",
      content: host,
      proxied: true,
      ttl: 1,
      comment: "Intercom email assets (managed by email-assets-domain)",
      // A live domain's record refuses destruction until the domain is retired.
      lifecycle: { prevent_destroy: true },
    });
  });

  it.each(cases)("%s: Always Use HTTPS alone on http://<domain>/*, active", (id, domain, _host, zone, priority) => {
    expect(resource(stacks[id], "cloudflare_page_rule", "always_https")).toEqual({
      zone_id: zone,
      target: `http://${domain}/*`,
      priority,
      status: "active",
      actions: { always_use_https: true },
      lifecycle: { prevent_destroy: true },
    });
  });

  it.each(cases)("%s: Host Header Override, SSL Full and Rocket Loader off on https://<domain>/*", (id, domain, host, zone, priority) => {
    expect(resource(stacks[id], "cloudflare_page_rule", "host_header")).toEqual({
      zone_id: zone,
      target: `https://${domain}/*`,
      priority: priority + 1,
      status: "active",
      actions: { host_header_override: host, ssl: "full", rocket_loader: "off" },
      lifecycle: { prevent_destroy: true },
    });
  });

  it.each(cases)("%s: sends no Mirage setting (retired by Cloudflare) and touches no zone setting", (id) => {
    expect(JSON.stringify(stacks[id])).not.toMatch(/mirage/i);
    expect(resourceAddresses(stacks[id])).toEqual(STACK_ADDRESSES.cloudflarePageRules);
  });

  it("configures the Cloudflare provider without credentials", () => {
    for (const stack of Object.values(stacks)) {
      expect(stack.provider?.cloudflare).toEqual([{}]);
      expect(stack.terraform?.required_providers).toEqual({ cloudflare: { source: "cloudflare/cloudflare", version: "5.14.0" } });
    }
  });
});

describe("CloudflareEmailAssets with sslScope zone", () => {
  let stacks: Record<string, StackJson> = {};
  beforeAll(() => {
    stacks = synthConfig({
      domains: [
        cloudflareDomain({ domain: "a.example.com", cloudflare: { zoneId: ZONE_A, sslScope: "zone" } }),
        cloudflareDomain({ domain: "b.example.com", cloudflare: { zoneId: ZONE_A, sslScope: "zone" } }),
      ],
    });
  });

  it("sets SSL Full zone-wide once, in the first stack of the zone", () => {
    expect(resourceAddresses(stacks["a-example-com"])).toEqual(STACK_ADDRESSES.cloudflareZoneSsl);
    expect(resourceAddresses(stacks["b-example-com"])).toEqual(STACK_ADDRESSES.cloudflarePageRules);
    expect(resource(stacks["a-example-com"], "cloudflare_zone_setting", "zone_ssl")).toEqual({
      zone_id: ZONE_A,
      setting_id: "ssl",
      value: "full",
    });
    expect(resourceAddresses(stacks["b-example-com"])).not.toContain("cloudflare_zone_setting.zone_ssl");
  });

  it("leaves the per-host ssl action out of the page rule", () => {
    for (const stack of Object.values(stacks)) {
      expect(resource(stack, "cloudflare_page_rule", "host_header").actions).toEqual({
        host_header_override: "acme.intercom-mail.com",
        rocket_loader: "off",
      });
    }
  });
});

describe("CloudflareEmailAssets used directly", () => {
  it("defaults to per-host SSL and exposes its resources", () => {
    const stack = new TerraformStack(scratchApp(), "direct");
    const assets = new CloudflareEmailAssets(stack, "assets", {
      zoneId: ZONE_A,
      domain: "emails.example.com",
      intercomHost: "acme.intercom-mail.com",
      pageRulePriorities: { alwaysHttps: 7, hostHeader: 8 },
    });
    expect(assets.zoneSslSetting).toBeUndefined();
    const json = JSON.parse(Testing.synth(stack));
    const rules = Object.values<{ priority: number; actions: Record<string, unknown> }>(json.resource.cloudflare_page_rule);
    expect(rules.map((r) => r.priority).sort()).toEqual([7, 8]);
    expect(rules.find((r) => r.priority === 8)?.actions.ssl).toBe("full");
  });

  it("manages the zone setting with sslScope zone unless told another stack owns it", () => {
    const stack = new TerraformStack(scratchApp(), "direct");
    const base = { zoneId: ZONE_A, intercomHost: "acme.intercom-mail.com", sslScope: "zone" as const };
    const owner = new CloudflareEmailAssets(stack, "a", { ...base, domain: "a.example.com", pageRulePriorities: { alwaysHttps: 1, hostHeader: 2 } });
    const other = new CloudflareEmailAssets(stack, "b", { ...base, domain: "b.example.com", pageRulePriorities: { alwaysHttps: 3, hostHeader: 4 }, manageZoneSsl: false });
    expect(owner.zoneSslSetting).toBeDefined();
    expect(other.zoneSslSetting).toBeUndefined();
  });
});
