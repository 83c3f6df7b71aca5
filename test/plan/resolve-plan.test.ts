import { describe, expect, it } from "vitest";
import { stackId } from "../../src/config/names/stack-id";
import { cloudflareDomain, threeRegionConfig, ZONE_A, ZONE_B } from "../support/fixtures";
import { asEdge, plansOf } from "../support/plans";

describe("stackId", () => {
  it.each([
    ["emails.example.com", "emails-example-com"],
    ["e-1.example.co.uk", "e-1-example-co-uk"],
    ["post.xn--bcher-kva.de", "post-xn--bcher-kva-de"],
  ])("%s -> %s", (domain, id) => {
    expect(stackId(domain)).toBe(id);
  });
});

describe("resolvePlans", () => {
  it("derives host, DNS record, stack id and the Link branding step for each region", () => {
    const plans = plansOf(threeRegionConfig());
    expect(plans.map((p) => [p.stackId, p.intercomHost, p.dnsRecord, p.linkBrandingDomain])).toEqual([
      ["emails-example-com", "acme.intercom-mail.com", { name: "emails.example.com", type: "CNAME", value: "acme.intercom-mail.com" }, "emails.example.com"],
      ["emails-example-eu", "acme-eu.intercom-mail.eu", { name: "emails.example.eu", type: "CNAME", value: "acme-eu.intercom-mail.eu" }, "emails.example.eu"],
      ["news-example-com", "acme-au.au.intercom-mail.com", { name: "news.example.com", type: "CNAME", value: "acme-au.au.intercom-mail.com" }, "news.example.com"],
    ]);
    expect(plans[1]?.nextStep).toContain("https://app.eu.intercom.com");
  });

  it("numbers page-rule priorities per zone, distinct within each zone", () => {
    const plans = plansOf({ domains: [
      cloudflareDomain({ domain: "a.example.com" }),
      cloudflareDomain({ domain: "b.example.org", cloudflare: { zoneId: ZONE_B } }),
      cloudflareDomain({ domain: "c.example.com" }),
    ] });
    const priorities = plans.map((p) => {
      const { cloudflare } = asEdge(p, "cloudflare");
      return [p.domain, cloudflare.zoneId, cloudflare.mode === "page-rules" ? cloudflare.pageRulePriorities : undefined];
    });
    expect(priorities).toEqual([
      ["a.example.com", ZONE_A, { alwaysHttps: 1, hostHeader: 2 }],
      ["b.example.org", ZONE_B, { alwaysHttps: 1, hostHeader: 2 }],
      ["c.example.com", ZONE_A, { alwaysHttps: 3, hostHeader: 4 }],
    ]);
  });

  it("keeps existing priorities when a domain is appended", () => {
    const before = plansOf({ domains: [cloudflareDomain({ domain: "a.example.com" }), cloudflareDomain({ domain: "b.example.com" })] });
    const after = plansOf({ domains: [
      cloudflareDomain({ domain: "a.example.com" }),
      cloudflareDomain({ domain: "b.example.com" }),
      cloudflareDomain({ domain: "0.example.com" }),
    ] });
    expect(after.slice(0, 2)).toEqual(before);
    expect(asEdge(after[2], "cloudflare").cloudflare).toMatchObject({ mode: "page-rules", pageRulePriorities: { alwaysHttps: 5, hostHeader: 6 } });
  });

  it("gives the zone-wide SSL setting to exactly one stack per zone", () => {
    const zone = (zoneId: string) => ({ zoneId, sslScope: "zone" });
    const plans = plansOf({ domains: [
      cloudflareDomain({ domain: "a.example.com" }),
      cloudflareDomain({ domain: "b.example.com", cloudflare: zone(ZONE_A) }),
      cloudflareDomain({ domain: "c.example.com", cloudflare: zone(ZONE_A) }),
      cloudflareDomain({ domain: "d.example.org", cloudflare: zone(ZONE_B) }),
    ] });
    expect(plans.map((p) => [p.domain, asEdge(p, "cloudflare").cloudflare.ssl])).toEqual([
      ["a.example.com", { scope: "host" }],
      ["b.example.com", { scope: "zone", manageZoneSetting: true }],
      ["c.example.com", { scope: "zone", manageZoneSetting: false }],
      ["d.example.org", { scope: "zone", manageZoneSetting: true }],
    ]);
  });
});
