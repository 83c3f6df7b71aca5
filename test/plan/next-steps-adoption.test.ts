import { describe, expect, it } from "vitest";
import { nextSteps } from "../../src/plan/next-steps";
import { ZONE_A, ZONE_B } from "../support/fixtures";
import { plansOf } from "../support/plans";

// Next steps name what apply does with each DNS record: an adopted one is imported, not created.

const ID = "a".repeat(32);
const common = { workspace: "acme", region: "us" };
const dnsStep = (domain: Record<string, unknown>): string | undefined => {
  const [plan] = plansOf({ domains: [domain] });
  if (plan === undefined) throw new Error("no plan");
  return nextSteps(plan, `out/stacks/${plan.stackId}`, "", false).find((step) => step.startsWith("DNS: the stack"));
};

describe("next steps for adopted DNS records", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["a Cloudflare CNAME created", { edge: "cloudflare", cloudflare: { zoneId: ZONE_A } }, "DNS: the stack creates the proxied CNAME"],
    ["a Cloudflare CNAME adopted", { edge: "cloudflare", cloudflare: { zoneId: ZONE_A }, adopt: { dnsRecord: ID } }, "DNS: the stack takes over (imports) the proxied CNAME"],
    ["CloudFront's Cloudflare CNAME adopted", { edge: "cloudfront", cloudfront: { dns: "cloudflare", cloudflareZoneId: ZONE_B }, adopt: { dnsRecord: ID } }, "DNS: the stack takes over (imports) the CNAME"],
    ["CloudFront's Route 53 aliases, one adopted", { edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: "Z0123ABC" }, adopt: { route53Records: ["A"] } }, "DNS: the stack creates or takes over (imports) the alias A/AAAA records"],
    ["CloudFront's Route 53 aliases, both adopted", { edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: "Z0123ABC" }, adopt: { route53Records: true } }, "DNS: the stack takes over (imports) the alias A/AAAA records"],
    [
      "a proxy's A record adopted, its AAAA created",
      { edge: "proxy", proxy: { server: "nginx", certificateFile: "/etc/ssl/c.pem", certificateKeyFile: "/etc/ssl/k.pem", ipv4: "203.0.113.10", ipv6: "2001:db8::10", dns: "cloudflare", cloudflareZoneId: ZONE_B }, adopt: { dnsRecords: { A: ID } } },
      "DNS: the stack creates or takes over (imports) A",
    ],
  ])("%s", (_case, fields, start) => {
    expect(dnsStep({ domain: "emails.example.com", ...common, ...fields })).toMatch(new RegExp(`^${start.replace(/[()/]/g, "\\$&")}`));
  });
});
