import type { CaaRecord } from "node:dns";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rootCertificates, type DetailedPeerCertificate } from "node:tls";
import { afterAll, describe, expect, it } from "vitest";
import type { DomainPlan } from "../../src/plan/resolve-plan";
import { allowedIssuers, judgeCaa, observeCaa } from "../../src/verify/caa-check";
import { judgeDns, MAX_CNAME_HOPS, observeDns, type DnsObservation } from "../../src/verify/dns-check";
import { dnsClient, failure, type DnsClient, type DnsOutcome } from "../../src/verify/dns-query";
import type { Handshake, HttpResponse, NetworkError } from "../../src/verify/http-probe";
import { judgeIntercom } from "../../src/verify/intercom-check";
import { judgeRedirect } from "../../src/verify/redirect-check";
import { judgeTls } from "../../src/verify/tls-check";
import { trustedRoots } from "../../src/verify/trusted-roots";
import { plansOf } from "../support/plans";
import { tempDir } from "../support/project";

// The less travelled arms of verify's checks, as pure functions of what was observed: the
// wording of each edge's fix, records that are missing or extra, certificates without the usual
// fields, and the mapping of resolver errors. verify-judges.test.ts has the common cases.

const ZONE = "0123456789abcdef0123456789abcdef";
const ACCOUNT = "fedcba9876543210fedcba9876543210";
const common = { workspace: "acme", region: "us" };
const planOf = (domain: Record<string, unknown>): DomainPlan => {
  const [plan] = plansOf({ domains: [domain] });
  if (plan === undefined) throw new Error("the config has no plan");
  return plan;
};
const cloudflare = (settings: Record<string, unknown> = {}) => planOf({ domain: "emails.example.com", ...common, edge: "cloudflare", cloudflare: { zoneId: ZONE, ...settings } });
const proxy = (addresses: { ipv4?: string; ipv6?: string }) =>
  planOf({ domain: "links.example.net", ...common, edge: "proxy", proxy: { server: "nginx", certificateFile: "/etc/ssl/l.pem", certificateKeyFile: "/etc/ssl/l.key", ...addresses } });

const PAGE_RULES = cloudflare();
const RULESETS = cloudflare({ mode: "rulesets" });
const WORKER = cloudflare({ mode: "worker", accountId: ACCOUNT });
const CLOUDFRONT = planOf({ domain: "assets.example.org", ...common, edge: "cloudfront", cloudfront: {} });
const CLOUDFRONT_ROUTE53 = planOf({ domain: "assets.example.org", ...common, edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" } });
const PROXY_BOTH = proxy({ ipv4: "203.0.113.10", ipv6: "2001:db8::10" });
const PROXY_V4 = proxy({ ipv4: "203.0.113.10" });
const PROXY_V6 = proxy({ ipv6: "2001:db8::10" });

const RESOLVER = "resolver 127.0.0.1:53";
const answer = <T>(...values: T[]): DnsOutcome<T> => ({ kind: "answer", values });
const NODATA = { kind: "nodata" } as const;
const NXDOMAIN = { kind: "nxdomain" } as const;
const observed = (o: Partial<DnsObservation>): DnsObservation => ({ cname: NODATA, a: NODATA, aaaa: NODATA, ...o });

describe("judgeDns, the less common records", () => {
  it.each<[string, DomainPlan, DnsObservation, string]>([
    [
      "a CloudFront domain on Route 53 with no address: the fix names the alias record and the hosted zone",
      CLOUDFRONT_ROUTE53,
      observed({}),
      "assets.example.org has no A or AAAA address: the record is missing; fix: apply stack assets-example-org, which creates a Route 53 alias A/AAAA record assets.example.org -> the distribution (zone Z0123456789ABCDEFGHIJ) (a record made by hand would clash with it) (DNS changes can take a while to be seen)",
    ],
    [
      "a CloudFront domain on Route 53 that is a CNAME elsewhere: the fix is the alias, not a CNAME",
      CLOUDFRONT_ROUTE53,
      observed({ cname: answer("old-cdn.example.net"), a: answer("198.51.100.7") }),
      "assets.example.org is a CNAME to old-cdn.example.net: old-cdn.example.net is not a CloudFront distribution; fix: make it a Route 53 alias A/AAAA record assets.example.org -> the distribution (zone Z0123456789ABCDEFGHIJ)",
    ],
    [
      "a Cloudflare domain resolving outside Cloudflare through a CNAME names the CNAME",
      PAGE_RULES,
      observed({ cname: answer("old-cdn.example.net"), a: answer("93.184.216.34") }),
      `emails.example.com resolves to 93.184.216.34, outside Cloudflare's ranges (through CNAME old-cdn.example.net): the record is not proxied, or the name is not served by Cloudflare zone ${ZONE}; fix: create a proxied (orange-cloud) CNAME emails.example.com -> acme.intercom-mail.com in Cloudflare zone ${ZONE}`,
    ],
    [
      "a CloudFront alias whose reverse name was never asked says it is missing",
      CLOUDFRONT,
      observed({ a: answer("198.51.100.1") }),
      "assets.example.org resolves to 198.51.100.1, which is not a CloudFront edge address (its reverse name is missing) and no CNAME shows; " +
        "fix: make it a CNAME assets.example.org -> the distribution's domain name (dXXXX.cloudfront.net, the stack's dns_record_value after apply)",
    ],
    [
      "a CloudFront alias whose reverse name is another host names that host",
      CLOUDFRONT,
      observed({ a: answer("198.51.100.1"), reverse: answer("host-1.isp.example.net") }),
      "assets.example.org resolves to 198.51.100.1, which is not a CloudFront edge address (its reverse name is host-1.isp.example.net) and no CNAME shows; " +
        "fix: make it a CNAME assets.example.org -> the distribution's domain name (dXXXX.cloudfront.net, the stack's dns_record_value after apply)",
    ],
    [
      "a proxy with both addresses whose A record is missing (only AAAA resolves)",
      PROXY_BOTH,
      observed({ aaaa: answer("2001:db8::10") }),
      "links.example.net does not point at the proxy: A is missing, expected 203.0.113.10; fix: make the records exactly A links.example.net -> 203.0.113.10 and AAAA links.example.net -> 2001:db8::10",
    ],
    [
      "a proxy whose AAAA record is another address",
      PROXY_BOTH,
      observed({ a: answer("203.0.113.10"), aaaa: answer("2001:db8::99") }),
      "links.example.net does not point at the proxy: AAAA is 2001:db8::99, expected 2001:db8::10; fix: make the records exactly A links.example.net -> 203.0.113.10 and AAAA links.example.net -> 2001:db8::10",
    ],
    [
      "an IPv6-only proxy that also has an A record",
      PROXY_V6,
      observed({ a: answer("203.0.113.10"), aaaa: answer("2001:db8::10") }),
      "links.example.net does not point at the proxy: A 203.0.113.10 is not a configured proxy address (the config has no ipv4); fix: make the records exactly AAAA links.example.net -> 2001:db8::10",
    ],
    [
      "an IPv4-only proxy that also has an AAAA record",
      PROXY_V4,
      observed({ a: answer("203.0.113.10"), aaaa: answer("2001:db8::10") }),
      "links.example.net does not point at the proxy: AAAA 2001:db8::10 is not a configured proxy address (the config has no ipv6); fix: make the records exactly A links.example.net -> 203.0.113.10",
    ],
    [
      "every problem at once, in A then AAAA order",
      PROXY_BOTH,
      observed({ a: answer("203.0.113.11"), aaaa: answer("2001:db8::11", "2001:db8::12") }),
      "links.example.net does not point at the proxy: A is 203.0.113.11, expected 203.0.113.10; AAAA is 2001:db8::11, 2001:db8::12, expected 2001:db8::10; " +
        "fix: make the records exactly A links.example.net -> 203.0.113.10 and AAAA links.example.net -> 2001:db8::10",
    ],
  ])("fails for %s", (_name, plan, observation, detail) => {
    expect(judgeDns(plan, observation, RESOLVER)).toEqual({ name: "dns", ok: false, detail });
  });

  it.each<[string, DomainPlan, DnsObservation]>([
    ["an IPv6-only proxy with just its AAAA record", PROXY_V6, observed({ aaaa: answer("2001:0db8::0010") })],
    ["an IPv4-only proxy with just its A record", PROXY_V4, observed({ a: answer("203.0.113.10"), aaaa: NXDOMAIN })],
  ])("passes %s", (_name, plan, observation) => {
    expect(judgeDns(plan, observation, RESOLVER)).toMatchObject({ ok: true, detail: expect.stringContaining("resolves to the proxy's configured addresses") });
  });
});

/** A DNS client answering from a table; every question is recorded. */
function tableDns(table: Partial<Record<string, DnsOutcome<unknown>>>): DnsClient & { asked: string[] } {
  const asked: string[] = [];
  const lookup =
    <T>(type: string) =>
    (name: string): Promise<DnsOutcome<T>> => {
      asked.push(`${type} ${name}`);
      return Promise.resolve((table[`${type} ${name}`] ?? NXDOMAIN) as DnsOutcome<T>);
    };
  return { name: "table", asked, a: lookup("A"), aaaa: lookup("AAAA"), cname: lookup("CNAME"), caa: lookup("CAA"), reverse: lookup("PTR") };
}

describe("observeDns", () => {
  it("asks for the reverse name of the first address when a CloudFront domain shows no CNAME (an alias)", async () => {
    const dns = tableDns({ "A assets.example.org": answer("13.32.1.1"), "AAAA assets.example.org": answer("2600:9000::1"), "PTR 13.32.1.1": answer("server-13-32-1-1.fra56.r.cloudfront.net") });
    const observation = await observeDns(CLOUDFRONT, dns);
    expect(observation.reverse).toEqual(answer("server-13-32-1-1.fra56.r.cloudfront.net"));
    expect(dns.asked).toContain("PTR 13.32.1.1");
  });

  it.each<[string, DomainPlan, Partial<Record<string, DnsOutcome<unknown>>>]>([
    ["a CloudFront domain with a CNAME", CLOUDFRONT, { "CNAME assets.example.org": answer("d1.cloudfront.net"), "A assets.example.org": answer("13.32.1.1") }],
    ["a CloudFront domain with no address", CLOUDFRONT, {}],
    ["a Cloudflare domain", PAGE_RULES, { "A emails.example.com": answer("104.16.1.1") }],
  ])("asks no reverse name for %s", async (_name, plan, table) => {
    const dns = tableDns(table);
    const observation = await observeDns(plan, dns);
    expect(observation.reverse).toBeUndefined();
    expect(dns.asked.filter((question) => question.startsWith("PTR"))).toEqual([]);
  });
});

describe("CNAME chains", () => {
  it("follows a chain to where it ends, as resolvers do, and judges the end", async () => {
    const dns = tableDns({
      "CNAME assets.example.org": answer("cdn.example.net"),
      "CNAME cdn.example.net": answer("edge.example.net"),
      "CNAME edge.example.net": answer("d111.cloudfront.net"),
      "A assets.example.org": answer("13.32.1.1"),
    });
    const observation = await observeDns(CLOUDFRONT, dns);
    expect(observation).toMatchObject({ chain: ["cdn.example.net", "edge.example.net", "d111.cloudfront.net"], loop: false });
    expect(judgeDns(CLOUDFRONT, observation, RESOLVER)).toEqual({
      name: "dns",
      ok: true,
      detail: "assets.example.org is a CNAME to the CloudFront distribution d111.cloudfront.net (through cdn.example.net -> edge.example.net) (13.32.1.1)",
    });
  });

  it("fails when a chain ends elsewhere, or at the Intercom host, naming the way there", async () => {
    const elsewhere = await observeDns(CLOUDFRONT, tableDns({ "CNAME assets.example.org": answer("cdn.example.net"), "CNAME cdn.example.net": answer("old.example.com"), "A assets.example.org": answer("93.184.216.34") }));
    expect(judgeDns(CLOUDFRONT, elsewhere, RESOLVER).detail).toMatch(/^assets\.example\.org is a CNAME to old\.example\.com \(through cdn\.example\.net\): old\.example\.com is not a CloudFront distribution/);
    const intercom = await observeDns(PAGE_RULES, tableDns({ "CNAME emails.example.com": answer("alias.example.net"), "CNAME alias.example.net": answer("acme.intercom-mail.com"), "A emails.example.com": answer("34.1.1.1") }));
    expect(judgeDns(PAGE_RULES, intercom, RESOLVER).detail).toMatch(/^emails\.example\.com is a CNAME to acme\.intercom-mail\.com \(through alias\.example\.net\) seen from outside, so Cloudflare does not proxy it/);
  });

  it.each([
    ["back to the domain", { "CNAME assets.example.org": answer("a.example.net"), "CNAME a.example.net": answer("assets.example.org.") }, "assets.example.org -> a.example.net -> assets.example.org."],
    ["back to a name on the way", { "CNAME assets.example.org": answer("a.example.net"), "CNAME a.example.net": answer("b.example.net"), "CNAME b.example.net": answer("A.example.net") }, "assets.example.org -> a.example.net -> b.example.net -> A.example.net"],
  ])("fails when the chain loops (%s), saying so rather than that the record is missing", async (_name, table, shown) => {
    const observation = await observeDns(CLOUDFRONT, tableDns(table));
    expect(observation.loop).toBe(true);
    expect(judgeDns(CLOUDFRONT, observation, RESOLVER)).toEqual({ name: "dns", ok: false, detail: expect.stringContaining(`is a CNAME loop (${shown}): it never reaches an address; fix: make it a CNAME`) });
  });

  it("stops following after MAX_CNAME_HOPS names", async () => {
    const table = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`CNAME ${i === 0 ? "assets.example.org" : `h${i}.example.net`}`, answer(`h${i + 1}.example.net`)]));
    const dns = tableDns(table);
    const observation = await observeDns(CLOUDFRONT, dns);
    expect(observation.chain).toHaveLength(MAX_CNAME_HOPS);
    expect(observation.loop).toBe(false);
    expect(dns.asked.filter((question) => question.startsWith("CNAME"))).toHaveLength(MAX_CNAME_HOPS);
  });
});

describe("CAA, the less common record sets", () => {
  it.each<[string, CaaRecord[], string[] | "any"]>([
    ["an empty issue value allows no CA, like issue \";\"", [{ critical: 0, issue: "" }], []],
    ["issuewild next to issue is left out, duplicates are merged", [{ critical: 0, issue: "pki.goog" }, { critical: 0, issuewild: "digicert.com" }, { critical: 128, issue: " PKI.goog ; x=1" }], ["pki.goog"]],
  ])("allowedIssuers: %s", (_name, records, allowed) => {
    expect(allowedIssuers(records)).toEqual(allowed);
  });

  it("passes a set without an issue property: it does not restrict ordinary certificates", () => {
    const result = judgeCaa(PAGE_RULES, { kind: "found", at: "example.com", records: [{ critical: 0, issuewild: "digicert.com" }] }, RESOLVER);
    expect(result).toEqual({ name: "caa", ok: true, detail: "CAA at example.com has no issue property: any CA may issue for emails.example.com" });
  });

  it("walks up to the first name that has CAA records, past names without any", async () => {
    const dns = tableDns({ "CAA emails.example.com": NODATA, "CAA example.com": answer({ critical: 0, issue: "pki.goog" }) });
    expect(await observeCaa("emails.example.com", dns)).toEqual({ kind: "found", at: "example.com", records: [{ critical: 0, issue: "pki.goog" }] });
  });

  it("reports no records when no name up to the registered domain has any", async () => {
    expect(await observeCaa("a.emails.example.com", tableDns({}))).toEqual({ kind: "none", searched: ["a.emails.example.com", "emails.example.com", "example.com"] });
  });

  it("stops at a failed lookup instead of asking the parent (its set may be the one that governs)", async () => {
    const dns = tableDns({ "CAA emails.example.com": { kind: "servfail" }, "CAA example.com": answer({ critical: 0, issue: "pki.goog" }) });
    expect(await observeCaa("emails.example.com", dns)).toEqual({ kind: "failed", at: "emails.example.com", outcome: { kind: "servfail" } });
    expect(dns.asked).toEqual(["CAA emails.example.com"]);
  });
});

describe("the resolver's errors as outcomes", () => {
  const error = (code: string | undefined, message: string) => Object.assign(new Error(message), code === undefined ? {} : { code });
  it.each([
    ["ENOTFOUND", { kind: "nxdomain" }],
    ["ENODATA", { kind: "nodata" }],
    ["ESERVFAIL", { kind: "servfail" }],
    ["ETIMEOUT", { kind: "timeout" }],
    ["EREFUSED", { kind: "refused" }],
    ["ECONNREFUSED", { kind: "unreachable" }],
    ["EBADRESP", { kind: "error", message: "EBADRESP: queryA EBADRESP example.com" }],
  ])("maps %s", (code, outcome) => {
    expect(failure(error(code, `queryA ${code} example.com`))).toEqual(outcome);
  });

  it("names an error without a code as an error, with its message", () => {
    expect(failure(new Error("something broke"))).toEqual({ kind: "error", message: "error: something broke" });
  });

  it("names the resolver it asks: the system's, or the one given", () => {
    expect(dnsClient(undefined, 1000).name).toBe("the system resolver");
    expect(dnsClient("127.0.0.1:5353", 1000).name).toBe("resolver 127.0.0.1:5353");
  });
});

const response = (status: number, headers: Record<string, string> = {}, body = ""): HttpResponse => ({ kind: "response", status, headers, body: Buffer.from(body) });

describe("judgeRedirect: each edge's fix, and redirects without a Location", () => {
  it.each<[string, DomainPlan, string]>([
    ["rulesets", RULESETS, "the Single Redirect rule for emails.example.com (phase http_request_dynamic_redirect) must be enabled"],
    ["worker", WORKER, "the Worker route for emails.example.com/* must be deployed (the Worker answers plain HTTP with 301)"],
    ["proxy", PROXY_BOTH, "the port-80 virtual host from email-assets proxy-config must be installed on the nginx server at 203.0.113.10"],
    ["IPv6-only proxy", PROXY_V6, "the port-80 virtual host from email-assets proxy-config must be installed on the nginx server at 2001:db8::10"],
  ])("names the fix for %s", (_name, plan, fix) => {
    const url = `http://${plan.domain}/x?y=1`;
    expect(judgeRedirect(plan, "192.0.2.1", response(200))).toEqual({
      name: "redirect",
      ok: false,
      detail: `${url} answers 200 over plain HTTP instead of redirecting to https://${plan.domain}/x?y=1: links opened over http stay unencrypted; fix: ${fix}`,
    });
  });

  it.each([
    [301, "http://emails.example.com/x?y=1 answers 301 to no Location, not https://emails.example.com/x?y=1: the redirect loses the host, path or query, so tracked links break"],
    [302, "http://emails.example.com/x?y=1 answers a temporary 302 to no Location: make it a permanent 301 or 308 to https://emails.example.com/x?y=1"],
    [307, "http://emails.example.com/x?y=1 answers a temporary 307 to no Location: make it a permanent 301 or 308 to https://emails.example.com/x?y=1"],
  ])("fails when a %i has no Location header", (status, detail) => {
    const result = judgeRedirect(RULESETS, "104.16.1.1", response(status));
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(`${detail}; fix: the Single Redirect rule for emails.example.com (phase http_request_dynamic_redirect) must be enabled`);
  });
});

describe("judgeIntercom: each edge's Host fix, and a second answer that fails", () => {
  const addresses = { custom: "104.16.1.1", intercom: "34.1.1.1" };
  const theirs = response(200, {}, "ok");
  const own = (a: HttpResponse | NetworkError, b: HttpResponse | NetworkError = a) => ({ own: [a, b] as const, asCustomDomain: response(404, {}, "Unknown domain") });
  it.each<[string, DomainPlan, string]>([
    ["rulesets (an Origin Rule)", RULESETS, "the Origin Rule for emails.example.com must send Host acme.intercom-mail.com"],
    ["worker", WORKER, "the Worker for emails.example.com must send Host acme.intercom-mail.com"],
    ["page rules", PAGE_RULES, "the page rule https://emails.example.com/* must override the Host header to acme.intercom-mail.com (an Enterprise plan feature) and be active"],
    ["proxy", PROXY_BOTH, "the nginx config must send Host and SNI acme.intercom-mail.com (install the config from email-assets proxy-config and reload)"],
  ])("names the fix for %s", (_name, plan, fix) => {
    const result = judgeIntercom(plan, response(404, {}, "unknown"), own(theirs), addresses);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(new RegExp(`^https://${plan.domain.replace(/\./g, "\\.")}/ answers 404, body [0-9a-f]{16}, but acme\\.intercom-mail\\.com answers 200, body [0-9a-f]{16}: `));
    expect(result.detail.endsWith(`; fix: ${fix}`)).toBe(true);
  });

  it.each<[string, DomainPlan, string, string]>([
    ["Cloudflare (SSL Flexible)", PAGE_RULES, "https://emails.example.com/", "Cloudflare's SSL mode for emails.example.com must be Full"],
    ["CloudFront (an HTTP origin)", CLOUDFRONT, "/", "the distribution's origin protocol policy must be https-only (apply the stack)"],
    ["a proxy forwarding to http://", PROXY_BOTH, "https://links.example.net", "the nginx config must forward to https://acme.intercom-mail.com/, not http://"],
  ])("fails when HTTPS redirects to itself (%s), naming the loop rather than the Host", (_name, plan, location, fix) => {
    const result = judgeIntercom(plan, response(301, { location }), own(theirs), addresses);
    expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(new RegExp(`^https://${plan.domain.replace(/\./g, "\\.")}/ answers 301 to itself \\(${location.replace(/\./g, "\\.").replace(/\//g, "\\/")}\\), a loop browsers give up on: `)) });
    expect(result.detail).toContain(`; fix: ${fix}`);
    expect(result.detail).not.toMatch(/Host Header|override/);
  });

  it.each([
    ["elsewhere", "https://other.example.com/"],
    ["to a Location that cannot be read", "https://[bad"],
  ])("judges a redirect %s by comparing it with Intercom's answer, as before", (_name, location) => {
    expect(judgeIntercom(PAGE_RULES, response(301, { location }), own(theirs), addresses).detail).toMatch(/but acme\.intercom-mail\.com answers 200/);
  });

  it("fails when only Intercom's second answer breaks off, naming that error", () => {
    const timedOut: NetworkError = { kind: "error", code: "ETIMEDOUT", message: "" };
    expect(judgeIntercom(PAGE_RULES, theirs, own(theirs, timedOut), addresses)).toEqual({
      name: "intercom",
      ok: false,
      detail:
        "cannot ask the Intercom host itself: no answer from acme.intercom-mail.com (34.1.1.1):443 in time (a firewall dropping packets, or the wrong address); " +
        "check the workspace (acme) and region (us) in the config",
    });
  });

  it("fails when the custom domain gives no answer while Intercom does", () => {
    const refused: NetworkError = { kind: "error", code: "ECONNREFUSED", message: "" };
    expect(judgeIntercom(PAGE_RULES, refused, own(theirs), addresses).detail).toBe("no answer from https://emails.example.com/: connection refused at 104.16.1.1:443: nothing listens there");
  });
});

describe("judgeTls: certificates without the usual fields", () => {
  const NOW = new Date("2026-12-07T00:00:00Z");
  const LATER = "Mar  1 00:00:00 2027 GMT";
  const seen = (fields: Record<string, unknown>, protocol: string | null = "TLSv1.3"): Handshake => ({
    kind: "handshake",
    protocol,
    certificate: { valid_from: "Nov  1 00:00:00 2026 GMT", valid_to: LATER, issuer: { O: "Lab" }, ...fields } as unknown as DetailedPeerCertificate,
  });

  it.each<[string, Handshake, string]>([
    ["no subjectAltName: named by its subject's common name", seen({ subject: { CN: "other.example.net" } }), "it is for other.example.net"],
    ["neither subjectAltName nor subject: no name", seen({}), "it is for no name"],
    ["a subject without a common name: no name", seen({ subject: { O: "Somebody" } }), "it is for no name"],
  ])("fails for a certificate with %s", (_name, handshake, names) => {
    const result = judgeTls(PAGE_RULES, "104.16.0.1", handshake, 14, NOW);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain(`the certificate does not cover emails.example.com: ${names} (TLSv1.3 from 104.16.0.1, certificate for`);
  });

  it("uses the subject's common name when it covers the domain", () => {
    expect(judgeTls(PAGE_RULES, "104.16.0.1", seen({ subject: { CN: "emails.example.com" } }), 14, NOW).ok).toBe(true);
  });

  it("names an issuer with neither organization nor common name as unnamed, and a handshake without a protocol as TLS", () => {
    const ok = judgeTls(PAGE_RULES, "104.16.0.1", seen({ subjectaltname: "DNS:emails.example.com", issuer: {} }, null), 14, NOW);
    expect(ok).toEqual({
      name: "tls",
      ok: true,
      detail: "TLS from 104.16.0.1: the certificate covers emails.example.com, chains to a trusted root (issuer an unnamed issuer) and is valid until 2027-03-01 (84 days left)",
    });
    const bad = judgeTls(PAGE_RULES, "104.16.0.1", seen({ subjectaltname: "DNS:other.example.net", issuer: undefined }, null), 14, NOW);
    expect(bad.detail).toContain("(TLS from 104.16.0.1, certificate for other.example.net issued by an unnamed issuer, valid until 2027-03-01)");
  });
});

describe("trustedRoots", () => {
  const scratch = tempDir("email-assets-roots-");
  afterAll(scratch.cleanup);
  const pem = (marker: string) => `-----BEGIN CERTIFICATE-----\n${marker}\n-----END CERTIFICATE-----`;
  const file = (name: string, content: string) => {
    const path = join(scratch.dir, name);
    writeFileSync(path, content);
    return path;
  };

  it("adds every certificate of $SSL_CERT_FILE and $NODE_EXTRA_CA_CERTS to node's own roots, in that order", () => {
    const system = file("system.pem", `# comment\n${pem("AAAA")}\ntext between\n${pem("BBBB")}\n`);
    const extra = file("extra.pem", pem("CCCC"));
    expect(trustedRoots({ SSL_CERT_FILE: system, NODE_EXTRA_CA_CERTS: extra })).toEqual([...rootCertificates, pem("AAAA"), pem("BBBB"), pem("CCCC")]);
  });

  it("adds nothing from a bundle without certificates, a missing file, an empty setting or a folder", () => {
    const empty = file("empty.pem", "no certificates here\n");
    const folder = join(scratch.dir, "folder.pem");
    mkdirSync(folder, { recursive: true });
    expect(trustedRoots({ SSL_CERT_FILE: empty, NODE_EXTRA_CA_CERTS: join(scratch.dir, "missing.pem") })).toEqual([...rootCertificates]);
    expect(trustedRoots({ SSL_CERT_FILE: "", NODE_EXTRA_CA_CERTS: folder })).toEqual([...rootCertificates]);
  });

  it("without $SSL_CERT_FILE reads the first of the system's usual bundles that exists", () => {
    // Debian and Alpine, then Fedora/RHEL, then macOS (Homebrew OpenSSL): the places trusted-roots knows.
    const usual = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"].find((path) => existsSync(path));
    const roots = trustedRoots({});
    if (usual === undefined) expect(roots).toEqual([...rootCertificates]);
    else expect(roots).toEqual(trustedRoots({ SSL_CERT_FILE: usual }));
    expect(roots.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
  });

  it("prefers $SSL_CERT_FILE to the system's usual bundles", () => {
    const own = file("own.pem", pem("DDDD"));
    const roots = trustedRoots({ SSL_CERT_FILE: own });
    expect(roots.slice(rootCertificates.length)).toEqual([pem("DDDD")]);
  });
});
