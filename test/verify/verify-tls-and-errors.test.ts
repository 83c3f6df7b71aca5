import type { DetailedPeerCertificate } from "node:tls";
import { describe, expect, it } from "vitest";
import type { DomainPlan } from "../../src/plan/resolve-plan";
import { describeFailure, lookupFix, type DnsFailure } from "../../src/verify/dns-query";
import { describeNetworkError, type Handshake } from "../../src/verify/http-probe";
import { judgeTls } from "../../src/verify/tls-check";
import { planOf } from "../support/plans";

// The tls check's verdicts and the words verify uses for DNS and network failures, as pure
// functions of what was seen (the live servers of verify-live.test.ts exercise the same paths).

const common = { workspace: "acme", region: "us" };
const CLOUDFLARE = planOf({ domain: "emails.example.com", ...common, edge: "cloudflare", cloudflare: { zoneId: "0123456789abcdef0123456789abcdef" } });
const DEEP = planOf({ domain: "a.emails.example.com", ...common, edge: "cloudflare", cloudflare: { zoneId: "0123456789abcdef0123456789abcdef" } });
const CLOUDFRONT = planOf({ domain: "assets.example.org", ...common, edge: "cloudfront", cloudfront: {} });
const PROXY = planOf({ domain: "links.example.net", ...common, edge: "proxy", proxy: { server: "apache", certificateFile: "/c.pem", certificateKeyFile: "/k.pem", ipv4: "203.0.113.10" } });

const NOW = new Date("2026-12-07T00:00:00Z");
function certificate(names: string[], validTo: string, issuer: Record<string, string> = { O: "Let's Encrypt", CN: "R11" }): DetailedPeerCertificate {
  return {
    subject: { CN: names[0] ?? "" },
    issuer,
    subjectaltname: names.map((n) => `DNS:${n}`).join(", "),
    valid_from: "Nov  1 00:00:00 2026 GMT",
    valid_to: validTo,
  } as unknown as DetailedPeerCertificate;
}
const handshake = (cert: DetailedPeerCertificate, chainError?: string): Handshake => ({ kind: "handshake", protocol: "TLSv1.3", certificate: cert, ...(chainError !== undefined && { chainError }) });

describe("judgeTls", () => {
  it.each<[string, DomainPlan, Handshake, boolean, RegExp]>([
    ["a trusted certificate for the name, far from expiry", CLOUDFLARE, handshake(certificate(["emails.example.com"], "Mar  1 00:00:00 2027 GMT")), true, /^TLSv1\.3 from 104\.16\.0\.1: the certificate covers emails\.example\.com, chains to a trusted root \(issuer Let's Encrypt\) and is valid until 2027-03-01 \(84 days left\)$/],
    ["a wildcard covers the name", CLOUDFLARE, handshake(certificate(["*.example.com"], "Mar  1 00:00:00 2027 GMT")), true, /covers emails\.example\.com/],
    ["fails when the certificate expires within the limit", CLOUDFLARE, handshake(certificate(["emails.example.com"], "Dec 10 00:00:00 2026 GMT")), false, /expires on 2026-12-10, in 3 day\(s\) \(under --expiry-days 14\)/],
    ["fails when expired without a chain verdict (a clock that says so)", CLOUDFLARE, handshake(certificate(["emails.example.com"], "Dec  1 00:00:00 2026 GMT")), false, /the certificate expired on 2026-12-01/],
    ["fails when the chain does not verify, in words", PROXY, handshake(certificate(["links.example.net"], "Mar  1 00:00:00 2027 GMT"), "UNABLE_TO_VERIFY_LEAF_SIGNATURE"), false, /an intermediate is missing.*fix: serve a full chain for links\.example\.net.*reload apache/],
    ["fails when self-signed", PROXY, handshake(certificate(["links.example.net"], "Mar  1 00:00:00 2027 GMT"), "DEPTH_ZERO_SELF_SIGNED_CERT"), false, /the certificate is self-signed/],
    ["fails with an unknown chain error, named as OpenSSL gives it", PROXY, handshake(certificate(["links.example.net"], "Mar  1 00:00:00 2027 GMT"), "CERT_REVOKED"), false, /the chain does not verify \(CERT_REVOKED\)/],
    ["fails when a long list of names does not cover the domain, showing the first five", CLOUDFRONT, handshake(certificate(["a.x", "b.x", "c.x", "d.x", "e.x", "f.x", "g.x"], "Mar  1 00:00:00 2027 GMT")), false, /it is for a\.x, b\.x, c\.x, d\.x, e\.x and 2 more.*an alias with an issued ACM certificate/],
    ["fails for a deep Cloudflare name, pointing at Universal SSL's reach", DEEP, handshake(certificate(["*.example.com"], "Mar  1 00:00:00 2027 GMT")), false, /only the apex and first-level names, and a\.emails\.example\.com is deeper/],
    ["names an issuer without an organization by its common name", CLOUDFLARE, handshake(certificate(["emails.example.com"], "Mar  1 00:00:00 2027 GMT", { CN: "Lab CA" })), true, /issuer Lab CA/],
  ])("%s", (_name, plan, seen, ok, detail) => {
    const result = judgeTls(plan, "104.16.0.1", seen, 14, NOW);
    expect(result.ok).toBe(ok);
    expect(result.detail).toMatch(detail);
  });

  it.each([
    [{ kind: "error", code: "ECONNREFUSED", message: "connect ECONNREFUSED" }, /connection refused at 104\.16\.0\.1:443: nothing listens there/],
    [{ kind: "error", code: "ERR_SSL_UNSUPPORTED_PROTOCOL", message: "unsupported protocol" }, /the TLS handshake with 104\.16\.0\.1:443 failed \(unsupported protocol\): the server offers no TLS 1\.2 or newer/],
    [{ kind: "error", code: "ECONNRESET", message: "socket hang up during handshake" }, /TLS handshake with 104\.16\.0\.1:443 failed/],
    [{ kind: "error", code: "ETIMEDOUT", message: "no answer" }, /^no answer from 104\.16\.0\.1:443 in time \(a firewall dropping packets, or the wrong address\); fix: Cloudflare's edges answer on port 443 from anywhere: check that 104\.16\.0\.1 is one of them \(see dns\)/],
    [{ kind: "error", code: "ESTALLED", message: "connected" }, /^104\.16\.0\.1:443 took the connection but did not finish answering in time .*; fix: Cloudflare's edges/],
  ] as const)("fails when the handshake does not happen: %j", (error, detail) => {
    expect(judgeTls(CLOUDFLARE, "104.16.0.1", error, 14, NOW)).toMatchObject({ ok: false, detail: expect.stringMatching(detail) });
  });

  it.each([
    ["a proxy: open the port, check the server", PROXY, /^no answer from 104\.16\.0\.1:443 in time \(a firewall dropping packets, or the wrong address\); fix: open TCP port 443 to the internet on 104\.16\.0\.1 \(firewall, security group\) and check that apache listens on 104\.16\.0\.1:443/],
    ["CloudFront: check the address is an edge", CLOUDFRONT, /fix: CloudFront's edges answer on port 443 from anywhere/],
  ])("fails when port 443 drops the connection, never blaming TLS or the certificate: %s", (_name, plan, detail) => {
    const result = judgeTls(plan, "104.16.0.1", { kind: "error", code: "ETIMEDOUT", message: "TLS handshake with 104.16.0.1:443: no answer within 2 s" }, 14, NOW);
    expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(detail) });
    expect(result.detail).not.toMatch(/TLS 1\.2|certificate/);
  });
});

describe("the words for DNS and network failures", () => {
  const failures: [DnsFailure, RegExp, RegExp][] = [
    [{ kind: "nxdomain" }, /does not exist \(NXDOMAIN\)/, /^create the record$/],
    [{ kind: "nodata" }, /no such record/, /^create the record$/],
    [{ kind: "servfail" }, /answered SERVFAIL/, /name servers of example\.com's zone/],
    [{ kind: "refused" }, /refused the query/, /name servers of example\.com's zone/],
    [{ kind: "timeout" }, /did not answer in time/, /check that resolver 1\.1\.1\.1:53 answers from here/],
    [{ kind: "unreachable" }, /could not be reached/, /check that resolver 1\.1\.1\.1:53 answers from here/],
    [{ kind: "error", message: "EBADRESP: bad response" }, /EBADRESP: bad response/, /check that resolver 1\.1\.1\.1:53 answers from here/],
  ];
  it.each(failures)("%j", (outcome, described, fix) => {
    expect(describeFailure(outcome, "example.com A", "resolver 1.1.1.1:53")).toMatch(described);
    expect(lookupFix(outcome, "example.com", "resolver 1.1.1.1:53")).toMatch(fix);
  });

  it.each([
    ["ECONNRESET", /203\.0\.113\.10:80 reset the connection/],
    ["EHOSTUNREACH", /unreachable from here \(EHOSTUNREACH\)/],
    ["ENETUNREACH", /unreachable from here \(ENETUNREACH\)/],
    ["EPROTO", /203\.0\.113\.10:80: something odd/],
    ["ESTALLED", /203\.0\.113\.10:80 took the connection but did not finish answering in time/],
  ])("describes %s", (code, detail) => {
    expect(describeNetworkError({ kind: "error", code, message: "something odd" }, "203.0.113.10:80")).toMatch(detail);
  });
});
