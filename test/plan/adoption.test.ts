import { describe, expect, it } from "vitest";
import {
  addressRecordImportIds,
  cloudflareImportId,
  cloudflareImportIds,
  cloudFrontImportIds,
  route53RecordImportId,
  rulesetImportId,
} from "../../src/plan/adoption";
import { asEdge, plansOf } from "../support/plans";
import { cloudflareDomain, cloudfrontDomain, EXISTING_CERTIFICATE_ARN, ZONE_A, ZONE_B } from "../support/fixtures";

// The plan carries the import id of every adopted resource, in its provider's format, so the
// constructs only attach them.

const R53 = "Z0123456789ABCDEFGHIJ";
const ID = { a: "a".repeat(32), b: "b".repeat(32), c: "c".repeat(32), d: "d".repeat(32) };

describe("import ids, in each provider's format", () => {
  it.each([
    ["a Cloudflare record, page rule or Worker route", cloudflareImportId(ZONE_A, ID.a), `${ZONE_A}/${ID.a}`],
    ["a zone's entry-point ruleset", rulesetImportId(ZONE_A, ID.b), `zones/${ZONE_A}/${ID.b}`],
    ["a Route 53 A record", route53RecordImportId(R53, "emails.example.com", "A"), `${R53}_emails.example.com_A`],
    ["a Route 53 AAAA record", route53RecordImportId(R53, "emails.example.com", "AAAA"), `${R53}_emails.example.com_AAAA`],
  ])("%s", (_case, id, expected) => {
    expect(id).toBe(expected);
  });

  it("gives nothing at all when nothing is adopted", () => {
    expect(cloudflareImportIds(ZONE_A, undefined)).toBeUndefined();
    expect(cloudflareImportIds(ZONE_A, {})).toBeUndefined();
    expect(cloudFrontImportIds("emails.example.com", { kind: "external" }, undefined)).toBeUndefined();
    expect(addressRecordImportIds("emails.example.com", { kind: "external" }, { dnsRecords: { A: ID.a } })).toBeUndefined();
  });

  it("derives a CloudFront domain's Route 53 ids only with Route 53 DNS, and its Cloudflare ids only with Cloudflare DNS", () => {
    const adopt = { route53Records: ["A", "AAAA"] as const, dnsRecord: ID.a };
    expect(cloudFrontImportIds("emails.example.com", { kind: "route53", zoneId: R53 }, adopt)).toEqual({
      aliasA: `${R53}_emails.example.com_A`,
      aliasAaaa: `${R53}_emails.example.com_AAAA`,
    });
    expect(cloudFrontImportIds("emails.example.com", { kind: "cloudflare", zoneId: ZONE_B }, adopt)).toEqual({ dnsRecord: `${ZONE_B}/${ID.a}` });
    expect(addressRecordImportIds("emails.example.com", { kind: "cloudflare", zoneId: ZONE_B }, { dnsRecords: { AAAA: ID.b } })).toEqual({ AAAA: `${ZONE_B}/${ID.b}` });
    expect(addressRecordImportIds("emails.example.com", { kind: "route53", zoneId: R53 }, { dnsRecords: { A: ID.b } })).toBeUndefined();
  });
});

describe("resolvePlans carries the import ids of what each domain adopts", () => {
  it("a Cloudflare domain in page-rules mode: the CNAME and both page rules, in the domain's zone", () => {
    const [plan] = plansOf({ domains: [cloudflareDomain({ adopt: { dnsRecord: ID.a, pageRules: { alwaysHttps: ID.b, hostHeader: ID.c } } })] });
    expect(asEdge(plan, "cloudflare").cloudflare.importIds).toEqual({
      dnsRecord: `${ZONE_A}/${ID.a}`,
      alwaysHttpsPageRule: `${ZONE_A}/${ID.b}`,
      hostHeaderPageRule: `${ZONE_A}/${ID.c}`,
    });
  });

  it("a Cloudflare domain in worker mode: the route; and none for a domain that adopts nothing", () => {
    const [worker, plain] = plansOf({
      domains: [
        cloudflareDomain({ cloudflare: { zoneId: ZONE_B, mode: "worker", accountId: ZONE_A }, adopt: { workerRoute: ID.d } }),
        cloudflareDomain({ domain: "news.example.com" }),
      ],
    });
    expect(asEdge(worker, "cloudflare").cloudflare.importIds).toEqual({ workersRoute: `${ZONE_B}/${ID.d}` });
    expect(asEdge(plain, "cloudflare").cloudflare).not.toHaveProperty("importIds");
  });

  it("a CloudFront domain: the distribution and certificate as given, the records in the DNS zone's format", () => {
    const [route53, cloudflare] = plansOf({
      domains: [
        cloudfrontDomain("a.example.org", { dns: "route53", route53ZoneId: R53 }, { adopt: { distribution: "E2QWRUHAPOMQZL", certificate: EXISTING_CERTIFICATE_ARN, route53Records: ["A"] } }),
        cloudfrontDomain("b.example.org", { dns: "cloudflare", cloudflareZoneId: ZONE_B }, { adopt: { certificate: EXISTING_CERTIFICATE_ARN.replace("0f1e", "1f1e"), validationRecord: ID.b, dnsRecord: ID.a } }),
      ],
    });
    expect(asEdge(route53, "cloudfront").cloudfront.importIds).toEqual({ distribution: "E2QWRUHAPOMQZL", certificate: EXISTING_CERTIFICATE_ARN, aliasA: `${R53}_a.example.org_A` });
    expect(asEdge(cloudflare, "cloudfront").cloudfront.importIds).toEqual({
      certificate: EXISTING_CERTIFICATE_ARN.replace("0f1e", "1f1e"),
      validationRecord: `${ZONE_B}/${ID.b}`,
      dnsRecord: `${ZONE_B}/${ID.a}`,
    });
  });

  it("a proxy domain: its A and AAAA records in Cloudflare or Route 53", () => {
    const proxy = (dns: Record<string, unknown>, adopt: unknown) => ({
      domain: "links.example.com",
      workspace: "acme",
      region: "us",
      edge: "proxy",
      proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10", ipv6: "2001:db8::10", ...dns },
      adopt,
    });
    const [cloudflare] = plansOf({ domains: [proxy({ dns: "cloudflare", cloudflareZoneId: ZONE_B }, { dnsRecords: { A: ID.a, AAAA: ID.b } })] });
    const [route53] = plansOf({ domains: [proxy({ dns: "route53", route53ZoneId: R53 }, { route53Records: true })] });
    expect(asEdge(cloudflare, "proxy").proxy.importIds).toEqual({ A: `${ZONE_B}/${ID.a}`, AAAA: `${ZONE_B}/${ID.b}` });
    expect(asEdge(route53, "proxy").proxy.importIds).toEqual({ A: `${R53}_links.example.com_A`, AAAA: `${R53}_links.example.com_AAAA` });
  });
});
