import { describe, expect, it } from "vitest";
import { cloudflareDomain, cloudfrontDomain, proxyDomain, ZONE_A } from "../support/fixtures";
import { warningLines } from "../support/problem-lines";

const ROUTE53_ZONE = "Z0123456789ABCDEFGHIJ";

describe("what a retired domain's warning says it stops protecting", () => {
  const retired = (domain: Record<string, unknown>) => {
    const all = warningLines({ domains: [{ ...domain, retire: true }] });
    const retire = all.filter((line) => line.startsWith("domains[0].retire: "));
    expect(retire).toHaveLength(1);
    return retire[0];
  };
  const tail = (domain: string) =>
    `: terraform destroy, or removing the domain from the config, deletes them, and every email already sent with links, images and unsubscribe links on ${domain} breaks for good; remove retire to protect it again; received true`;

  it.each([
    ["cloudflare page-rules", cloudflareDomain(), "its CNAME and page rules"],
    ["cloudflare rulesets", cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "rulesets" } }), "its CNAME (and the zone's rulesets, once no live domain shares them)"],
    ["cloudflare worker", cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ZONE_A } }), "its CNAME and Worker route"],
    ["cloudfront with external DNS", cloudfrontDomain("emails.example.com", { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" }), "its CloudFront distribution"],
    ["cloudfront with Route 53 DNS", cloudfrontDomain("emails.example.com", { dns: "route53", route53ZoneId: ROUTE53_ZONE }), "its CloudFront distribution and DNS records"],
    ["proxy with external DNS", proxyDomain("emails.example.com", {}), "nothing the stack creates (its DNS is external)"],
    ["proxy with Route 53 DNS", proxyDomain("emails.example.com", { dns: "route53", route53ZoneId: ROUTE53_ZONE }), "its A/AAAA records"],
  ])("%s", (_case, domain, serving) => {
    expect(retired(domain)).toBe(`domains[0].retire: lifts prevent_destroy from ${serving}${tail("emails.example.com")}`);
  });
});

describe("the certificate to apply first, in a named stack", () => {
  it("prefixes the resource name with _ when the domain's stack id starts with a digit", () => {
    expect(warningLines({ domains: [cloudfrontDomain("1st.example.com", {}, { stack: "mail" })] })).toEqual([
      'domains[0].cloudfront.dns: is external and a certificate will be created: the first apply waits until you create the certificate\'s validation record; apply the certificate first (terraform apply -target=aws_acm_certificate._1st-example-com_certificate), create the records that `terraform output` shows, then apply the rest; received "external"',
    ]);
  });
});
