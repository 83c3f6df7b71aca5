import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/rules/validate-config";
import { formatProblem } from "../../src/config/problems/problem";
import { knownKeysAt } from "../../src/config/shapes/known-keys";
import { cloudflareDomain, cloudfrontDomain, EXISTING_CERTIFICATE_ARN, ZONE_A, ZONE_B } from "../support/fixtures";

// The `adopt:` block: the ids of live resources a domain takes over. Each id is checked for its
// format, each key for fitting the domain's edge, mode and DNS, and every problem is one line
// naming domains[i].adopt.<key>.

const ACCOUNT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const R53 = "Z0123456789ABCDEFGHIJ";
const ID = { a: "a".repeat(32), b: "b".repeat(32), c: "c".repeat(32), d: "d".repeat(32) };

const cloudflare = (adopt: unknown, block: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  cloudflareDomain({ cloudflare: { zoneId: ZONE_A, ...block }, adopt, ...extra });
const cloudfront = (adopt: unknown, block: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  cloudfrontDomain("assets.example.org", block, { adopt, ...extra });
const proxy = (adopt: unknown, block: Record<string, unknown> = {}) => ({
  domain: "links.example.com",
  workspace: "acme",
  region: "us",
  edge: "proxy",
  proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10", dns: "cloudflare", cloudflareZoneId: ZONE_B, ...block },
  adopt,
});
const route53 = { dns: "route53", route53ZoneId: R53 };

const specOf = (domain: Record<string, unknown>) => {
  const result = validateConfig({ domains: [domain] });
  expect(result.problems.map(formatProblem)).toEqual([]);
  return result.specs[0];
};
const lines = (...domains: unknown[]) => validateConfig({ domains }).problems.map(formatProblem);

describe("adopt: what each edge takes over", () => {
  it("takes a Cloudflare domain's CNAME and page rules, ids lower-cased", () => {
    const spec = specOf(cloudflare({ dnsRecord: ID.a.toUpperCase(), pageRules: { alwaysHttps: ` ${ID.b} `, hostHeader: ID.c } }));
    expect(spec?.adopt).toEqual({ dnsRecord: ID.a, pageRules: { alwaysHttps: ID.b, hostHeader: ID.c } });
  });

  it("takes one page rule alone, the Worker route in worker mode, and the CNAME beside existingRulesets in rulesets mode", () => {
    expect(specOf(cloudflare({ pageRules: { hostHeader: ID.c } }))?.adopt).toEqual({ pageRules: { hostHeader: ID.c } });
    expect(specOf(cloudflare({ dnsRecord: ID.a, workerRoute: ID.d }, { mode: "worker", accountId: ACCOUNT }))?.adopt).toEqual({ dnsRecord: ID.a, workerRoute: ID.d });
    const rulesets = specOf(cloudflare({ dnsRecord: ID.a }, { mode: "rulesets", existingRulesets: { http_request_origin: ID.b } }));
    expect(rulesets?.adopt).toEqual({ dnsRecord: ID.a });
    expect(rulesets?.edge === "cloudflare" && rulesets.cloudflare.existingRulesets).toEqual({ http_request_origin: ID.b });
  });

  it("takes a CloudFront domain's distribution (upper-cased), certificate and Route 53 records (true: every one the stack builds)", () => {
    const spec = specOf(cloudfront({ distribution: "e2qwruhapomqzl", certificate: EXISTING_CERTIFICATE_ARN, route53Records: true }, route53));
    expect(spec?.adopt).toEqual({ distribution: "E2QWRUHAPOMQZL", certificate: EXISTING_CERTIFICATE_ARN, route53Records: ["A", "AAAA"] });
  });

  it("takes the Route 53 record types listed, in any case, and nothing for false", () => {
    expect(specOf(cloudfront({ route53Records: ["a"] }, route53))?.adopt).toEqual({ route53Records: ["A"] });
    expect(specOf(cloudfront({ distribution: "E2QWRUHAPOMQZL", route53Records: false }, route53))?.adopt).toEqual({ distribution: "E2QWRUHAPOMQZL" });
  });

  it("takes a CloudFront domain's Cloudflare CNAME and, with an adopted certificate, its validation record", () => {
    const spec = specOf(cloudfront({ certificate: EXISTING_CERTIFICATE_ARN, validationRecord: ID.b, dnsRecord: ID.a }, { dns: "cloudflare", cloudflareZoneId: ZONE_B }));
    expect(spec?.adopt).toEqual({ certificate: EXISTING_CERTIFICATE_ARN, validationRecord: ID.b, dnsRecord: ID.a });
  });

  it("takes a proxy's Cloudflare A and AAAA records, and its Route 53 records by the addresses it has", () => {
    expect(specOf(proxy({ dnsRecords: { A: ID.a, AAAA: ID.b } }, { ipv6: "2001:db8::10" }))?.adopt).toEqual({ dnsRecords: { A: ID.a, AAAA: ID.b } });
    expect(specOf(proxy({ route53Records: true }, { dns: "route53", route53ZoneId: R53, cloudflareZoneId: undefined }))?.adopt).toEqual({ route53Records: ["A"] });
    const v6 = specOf(proxy({ route53Records: ["AAAA"] }, { dns: "route53", route53ZoneId: R53, cloudflareZoneId: undefined, ipv4: undefined, ipv6: "2001:db8::10" }));
    expect(v6?.adopt).toEqual({ route53Records: ["AAAA"] });
  });

  it("leaves adopt out of a spec that has none", () => {
    expect(specOf(cloudflareDomain())).not.toHaveProperty("adopt");
  });

  it("names the keys adopt and its blocks may hold, for 'did you mean'", () => {
    expect(knownKeysAt(["domains", 0, "adopt"])).toEqual(["dnsRecord", "pageRules", "workerRoute", "distribution", "certificate", "validationRecord", "dnsRecords", "route53Records"]);
    expect(knownKeysAt(["domains", 0, "adopt", "pageRules"])).toEqual(["alwaysHttps", "hostHeader"]);
    expect(knownKeysAt(["domains", 0, "adopt", "dnsRecords"])).toEqual(["A", "AAAA"]);
    expect(knownKeysAt(["domains", 0])).toContain("adopt");
    expect(knownKeysAt(["defaults"])).not.toContain("adopt");
  });
});

const OTHER_REGION_ARN = EXISTING_CERTIFICATE_ARN.replace("us-east-1", "eu-west-1");

/** [case, domain entry, the one problem line] */
const BAD: [string, Record<string, unknown>, string][] = [
  ["a record id is not hexadecimal", cloudflare({ dnsRecord: "z".repeat(32) }), `domains[0].adopt.dnsRecord: must be a Cloudflare DNS record id: 32 hexadecimal digits (GET /zones/<zone id>/dns_records?name=<domain> lists the name's records with their ids); received "${"z".repeat(32)}"`],
  ["a record id is one digit short", cloudflare({ dnsRecord: "a".repeat(31) }), `domains[0].adopt.dnsRecord: must be a Cloudflare DNS record id: 32 hexadecimal digits (GET /zones/<zone id>/dns_records?name=<domain> lists the name's records with their ids); received "${"a".repeat(31)}"`],
  ["a record id is a number (YAML read unquoted digits)", cloudflare({ dnsRecord: 1234 }), "domains[0].adopt.dnsRecord: must be a string; put it in quotes; received 1234"],
  ["a page rule id is malformed", cloudflare({ pageRules: { alwaysHttps: "rule-1" } }), 'domains[0].adopt.pageRules.alwaysHttps: must be a Cloudflare page rule id: 32 hexadecimal digits (GET /zones/<zone id>/pagerules lists the zone\'s page rules with their ids); received "rule-1"'],
  ["a page rule key is misspelt", cloudflare({ pageRules: { alwaysHTTPS: ID.a } }), `domains[0].adopt.pageRules.alwaysHTTPS: unknown key (did you mean "alwaysHttps"?); remove it or fix its name; received "${ID.a}"`],
  ["a Worker route id is malformed", cloudflare({ workerRoute: "x" }, { mode: "worker", accountId: ACCOUNT }), 'domains[0].adopt.workerRoute: must be a Cloudflare Worker route id: 32 hexadecimal digits (GET /zones/<zone id>/workers/routes lists the zone\'s routes with their ids); received "x"'],
  ["an adopt key is misspelt", cloudflare({ dnsRecod: ID.a }), `domains[0].adopt.dnsRecod: unknown key (did you mean "dnsRecord"?); remove it or fix its name; received "${ID.a}"`],
  ["adopt is not a mapping", cloudflare(ID.a), `domains[0].adopt: must be a mapping of keys to values; received "${ID.a}"`],
  ["two page rules have one id", cloudflare({ pageRules: { alwaysHttps: ID.b, hostHeader: ID.b } }), `domains[0].adopt.pageRules.hostHeader: is the same id as adopt.pageRules.alwaysHttps: these are two different resources, each with an id of its own; check which id is which; received "${ID.b}"`],
  ["the CNAME and a page rule have one id", cloudflare({ dnsRecord: ID.b, pageRules: { hostHeader: ID.b } }), `domains[0].adopt.pageRules.hostHeader: is the same id as adopt.dnsRecord: these are two different resources, each with an id of its own; check which id is which; received "${ID.b}"`],
  ["page rules outside page-rules mode", cloudflare({ pageRules: { hostHeader: ID.b } }, { mode: "rulesets" }), `domains[0].adopt.pageRules: names page rules, which only page-rules mode builds, but mode is "rulesets"; remove it (a zone's rulesets are adopted with cloudflare.existingRulesets); received {"hostHeader":"${ID.b}"}`],
  ["a Worker route outside worker mode", cloudflare({ workerRoute: ID.d }), `domains[0].adopt.workerRoute: names a Worker route, which only worker mode builds, but mode is "page-rules"; remove it; received "${ID.d}"`],
  ["a distribution on the Cloudflare edge", cloudflare({ distribution: "E2QWRUHAPOMQZL" }), 'domains[0].adopt.distribution: adopts what only the cloudfront edge builds, but edge is "cloudflare"; remove it; received "E2QWRUHAPOMQZL"'],
  ["Route 53 records on the Cloudflare edge", cloudflare({ route53Records: true }), 'domains[0].adopt.route53Records: adopts what only the cloudfront and proxy edges build, but edge is "cloudflare"; remove it; received true'],
  ["page rules on the CloudFront edge", cloudfront({ pageRules: { hostHeader: ID.b } }), `domains[0].adopt.pageRules: adopts what only the cloudflare edge builds, but edge is "cloudfront"; remove it; received {"hostHeader":"${ID.b}"}`],
  ["a CNAME on the proxy edge", proxy({ dnsRecord: ID.a }), `domains[0].adopt.dnsRecord: adopts what only the cloudflare and cloudfront edges build, but edge is "proxy"; remove it; received "${ID.a}"`],
  ["a distribution id is a domain name", cloudfront({ distribution: "d111111abcdef8.cloudfront.net" }), 'domains[0].adopt.distribution: must be the distribution\'s id (E followed by letters and digits, such as E2QWRUHAPOMQZL), not its domain name; the console lists the id beside it; received "d111111abcdef8.cloudfront.net"'],
  ["a distribution id is an ARN", cloudfront({ distribution: "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL" }), 'domains[0].adopt.distribution: must be the distribution\'s id, not its ARN: give E2QWRUHAPOMQZL; received "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"'],
  ["a distribution id is malformed", cloudfront({ distribution: "E12" }), 'domains[0].adopt.distribution: must be a CloudFront distribution id: E followed by letters and digits, such as E2QWRUHAPOMQZL (aws cloudfront list-distributions shows it); received "E12"'],
  ["a certificate is outside us-east-1", cloudfront({ certificate: OTHER_REGION_ARN }), `domains[0].adopt.certificate: is in eu-west-1, but CloudFront only uses ACM certificates from us-east-1; no distribution can serve it, so it is not the live one; adopt the us-east-1 certificate the distribution serves (its viewer certificate); received "${OTHER_REGION_ARN}"`],
  ["a certificate ARN is malformed", cloudfront({ certificate: "arn:aws:acm:us-east-1:123:certificate/x" }), 'domains[0].adopt.certificate: must be an ACM certificate ARN, arn:aws:acm:us-east-1:<12-digit account>:certificate/<certificate id, a UUID>; the certificate the distribution serves (ACM\'s console or aws acm list-certificates --region us-east-1 shows it); received "arn:aws:acm:us-east-1:123:certificate/x"'],
  ["a certificate beside certificateArn", cloudfront({ certificate: EXISTING_CERTIFICATE_ARN }, { certificateArn: EXISTING_CERTIFICATE_ARN }), `domains[0].adopt.certificate: is for a certificate the stack creates and then manages, but cloudfront.certificateArn names one the stack only uses (it never changes or deletes it); remove adopt.certificate, or remove certificateArn to have the stack manage this certificate; received "${EXISTING_CERTIFICATE_ARN}"`],
  ["a Cloudflare CNAME with external DNS", cloudfront({ dnsRecord: ID.a }), `domains[0].adopt.dnsRecord: is a Cloudflare record, which the stack builds only with dns: cloudflare, but dns is "external"; remove it; received "${ID.a}"`],
  ["a Cloudflare CNAME with Route 53 DNS", cloudfront({ dnsRecord: ID.a }, route53), `domains[0].adopt.dnsRecord: is a Cloudflare record, which the stack builds only with dns: cloudflare, but dns is "route53"; remove it (Route 53 records are taken over with route53Records); received "${ID.a}"`],
  ["a validation record without the certificate", cloudfront({ validationRecord: ID.b }, { dns: "cloudflare", cloudflareZoneId: ZONE_B }), `domains[0].adopt.validationRecord: is the validation record of an adopted certificate, but adopt.certificate is not given; adopt the certificate too, or remove it (a certificate the stack creates gets a validation record of its own); received "${ID.b}"`],
  ["a validation record beside certificateArn", cloudfront({ validationRecord: ID.b }, { dns: "cloudflare", cloudflareZoneId: ZONE_B, certificateArn: EXISTING_CERTIFICATE_ARN }), `domains[0].adopt.validationRecord: is the validation record of a certificate the stack creates, but cloudfront.certificateArn names one it only uses, so it builds no validation record; remove it; received "${ID.b}"`],
  ["Route 53 records with Cloudflare DNS", cloudfront({ route53Records: true }, { dns: "cloudflare", cloudflareZoneId: ZONE_B }), 'domains[0].adopt.route53Records: takes over Route 53 records, which the stack builds only with dns: route53, but dns is "cloudflare"; remove it; received true'],
  ["Route 53 records is a word", cloudfront({ route53Records: "yes" }, route53), 'domains[0].adopt.route53Records: must be true (take over every Route 53 record the stack builds for the domain) or a list of the record types that exist, such as [A] or [A, AAAA]; received "yes"'],
  ["Route 53 records is an empty list", cloudfront({ route53Records: [] }, route53), "domains[0].adopt.route53Records: must be true (take over every Route 53 record the stack builds for the domain) or a list of the record types that exist, such as [A] or [A, AAAA]; received []"],
  ["Route 53 records names a type twice", cloudfront({ route53Records: ["A", "a"] }, route53), 'domains[0].adopt.route53Records: must be true (take over every Route 53 record the stack builds for the domain) or a list of the record types that exist, such as [A] or [A, AAAA]; received ["A","a"]'],
  ["Route 53 records names another type", cloudfront({ route53Records: ["CNAME"] }, route53), 'domains[0].adopt.route53Records: must be true (take over every Route 53 record the stack builds for the domain) or a list of the record types that exist, such as [A] or [A, AAAA]; received ["CNAME"]'],
  ["a proxy's records with Route 53 DNS", proxy({ dnsRecords: { A: ID.a } }, { dns: "route53", route53ZoneId: R53, cloudflareZoneId: undefined }), `domains[0].adopt.dnsRecords: are Cloudflare records, which the stack builds only with dns: cloudflare, but dns is "route53"; remove it (Route 53 records are taken over with route53Records); received {"A":"${ID.a}"}`],
  ["a proxy's records with external DNS", proxy({ dnsRecords: { A: ID.a } }, { dns: "external", cloudflareZoneId: undefined }), `domains[0].adopt.dnsRecords: are Cloudflare records, which the stack builds only with dns: cloudflare, but dns is "external"; remove it; received {"A":"${ID.a}"}`],
  ["an AAAA record without ipv6", proxy({ dnsRecords: { A: ID.a, AAAA: ID.b } }), `domains[0].adopt.dnsRecords.AAAA: names the AAAA record, but the proxy has no ipv6 address, so the stack builds none; remove it, or set proxy.ipv6; received "${ID.b}"`],
  ["an A record without ipv4", proxy({ dnsRecords: { A: ID.a } }, { ipv4: undefined, ipv6: "2001:db8::10" }), `domains[0].adopt.dnsRecords.A: names the A record, but the proxy has no ipv4 address, so the stack builds none; remove it, or set proxy.ipv4; received "${ID.a}"`],
  ["the A and AAAA records have one id", proxy({ dnsRecords: { A: ID.a, AAAA: ID.a } }, { ipv6: "2001:db8::10" }), `domains[0].adopt.dnsRecords.AAAA: is the same id as adopt.dnsRecords.A: these are two different resources, each with an id of its own; check which id is which; received "${ID.a}"`],
  ["a Route 53 AAAA record without ipv6", proxy({ route53Records: ["A", "AAAA"] }, { dns: "route53", route53ZoneId: R53, cloudflareZoneId: undefined }), 'domains[0].adopt.route53Records: names the AAAA record, but the proxy has no ipv6 address, so the stack builds none; remove it, or set proxy.ipv6; received ["A","AAAA"]'],
  ["a record key of the wrong case", proxy({ dnsRecords: { a: ID.a } }), `domains[0].adopt.dnsRecords.a: unknown key (did you mean "A"?); remove it or fix its name; received "${ID.a}"`],
  ["adopt beside retire", cloudflare({ dnsRecord: ID.a }, {}, { retire: true }), `domains[0].adopt: cannot be used with retire: true: the apply that imports live resources keeps them protected (prevent_destroy), so that no difference between them and the stack can replace them; apply the adoption first, then remove adopt and set retire; received {"dnsRecord":"${ID.a}"}`],
];

describe("adopt: each bad id or misplaced key is one line", () => {
  it.each(BAD)("fails when %s", (_case, domain, line) => {
    expect(lines(domain)).toEqual([line]);
  });

  it("fails when adopt sits in defaults, since its ids name one domain's resources", () => {
    expect(validateConfig({ defaults: { adopt: { dnsRecord: ID.a } }, domains: [cloudflareDomain()] }).problems.map(formatProblem)).toEqual([
      `defaults.adopt: cannot have a default: its ids name one domain's live resources, which no other domain shares; set adopt on each domain that has them, and remove it here; received {"dnsRecord":"${ID.a}"}`,
    ]);
  });

  it("fails when two domains adopt one resource, saying which domain has it", () => {
    expect(lines(cloudflare({ dnsRecord: ID.a }), cloudflareDomain({ domain: "news.example.com", adopt: { dnsRecord: ID.a } }))).toEqual([
      `domains[1].adopt.dnsRecord: is already adopted by domains[0].adopt.dnsRecord: one live resource belongs to one domain's stack; received "${ID.a}"`,
    ]);
    expect(lines(cloudfront({ certificate: EXISTING_CERTIFICATE_ARN }), cloudfrontDomain("cdn.example.org", {}, { adopt: { certificate: EXISTING_CERTIFICATE_ARN } }))).toEqual([
      `domains[1].adopt.certificate: is already adopted by domains[0].adopt.certificate: one live resource belongs to one domain's stack; a certificate that serves several domains is given to each as cloudfront.certificateArn instead; received "${EXISTING_CERTIFICATE_ARN}"`,
    ]);
  });

  it("reports every problem of every domain at once, with the problems of the edge block beside them", () => {
    expect(
      lines(
        cloudflare({ dnsRecord: "x", workerRoute: ID.d, distribution: "E2QWRUHAPOMQZL" }, { zoneId: "nope" }),
        cloudfront({ certificate: OTHER_REGION_ARN, dnsRecord: ID.a, route53Records: ["AAAA"] }, route53),
        proxy({ dnsRecords: { AAAA: ID.b } }),
      ),
    ).toEqual([
      'domains[0].cloudflare.zoneId: must be a Cloudflare zone id: 32 hexadecimal digits (the zone\'s Overview page shows it); received "nope"',
      'domains[0].adopt.dnsRecord: must be a Cloudflare DNS record id: 32 hexadecimal digits (GET /zones/<zone id>/dns_records?name=<domain> lists the name\'s records with their ids); received "x"',
      'domains[0].adopt.distribution: adopts what only the cloudfront edge builds, but edge is "cloudflare"; remove it; received "E2QWRUHAPOMQZL"',
      `domains[0].adopt.workerRoute: names a Worker route, which only worker mode builds, but mode is "page-rules"; remove it; received "${ID.d}"`,
      `domains[1].adopt.certificate: is in eu-west-1, but CloudFront only uses ACM certificates from us-east-1; no distribution can serve it, so it is not the live one; adopt the us-east-1 certificate the distribution serves (its viewer certificate); received "${OTHER_REGION_ARN}"`,
      `domains[1].adopt.dnsRecord: is a Cloudflare record, which the stack builds only with dns: cloudflare, but dns is "route53"; remove it (Route 53 records are taken over with route53Records); received "${ID.a}"`,
      `domains[2].adopt.dnsRecords.AAAA: names the AAAA record, but the proxy has no ipv6 address, so the stack builds none; remove it, or set proxy.ipv6; received "${ID.b}"`,
    ]);
  });

  it("checks a proxy's record keys only once its block is there", () => {
    const noBlock = { domain: "links.example.com", workspace: "acme", region: "us", edge: "proxy", adopt: { route53Records: true, dnsRecords: { AAAA: ID.a } } };
    expect(lines(noBlock)).toEqual(['domains[0].proxy: is required when edge is "proxy" (add a proxy: block); received nothing']);
  });

  it("checks the keys that fit no edge only once the edge is known, and the mode and DNS rules only once they parsed", () => {
    const noEdge = { domain: "x.example.com", workspace: "acme", region: "us", adopt: { distribution: "E2QWRUHAPOMQZL", pageRules: { hostHeader: ID.b } } };
    expect(lines(noEdge)).toEqual(["domains[0].edge: is required (how the domain is served: cloudflare, cloudfront or proxy); received nothing"]);
    expect(lines(cloudflare({ workerRoute: ID.d }, { mode: "pagerules" }))).toEqual([
      'domains[0].cloudflare.mode: must be one of page-rules, rulesets, worker (did you mean "page-rules"?); received "pagerules"',
    ]);
    expect(lines(cloudfront({ dnsRecord: ID.a, route53Records: true }, { dns: "route54" }))).toEqual([
      'domains[0].cloudfront.dns: must be one of external, route53, cloudflare (did you mean "route53"?); received "route54"',
    ]);
  });
});
