import type { CaaRecord } from "node:dns";
import { describe, expect, it } from "vitest";
import type { DomainPlan } from "../../src/plan/resolve-plan";
import { nextSteps, nextStepsReport, NEXT_STEPS_SHOWN } from "../../src/plan/next-steps";
import { allowedIssuers, caaNames, judgeCaa, type CaaObservation } from "../../src/verify/caa-check";
import { judgeDns, type DnsObservation } from "../../src/verify/dns-check";
import type { DnsOutcome } from "../../src/verify/dns-query";
import type { HttpResponse, NetworkError } from "../../src/verify/http-probe";
import { fingerprint, judgeHsts, judgeIntercom } from "../../src/verify/intercom-check";
import { judgeRedirect } from "../../src/verify/redirect-check";
import { parseResolver, verifySettings } from "../../src/cli/verify-command";
import { planOf, plansOf } from "../support/plans";

// The verdicts of `email-assets verify` as pure functions of what was observed: every edge's DNS
// expectations, CAA rules, the redirect and the Intercom comparison. The same checks run against
// live servers in verify-live.test.ts.

const ZONE = "0123456789abcdef0123456789abcdef";
const common = { workspace: "acme", region: "us" };
const CLOUDFLARE = planOf({ domain: "emails.example.com", ...common, edge: "cloudflare", cloudflare: { zoneId: ZONE } });
const WORKER_PLAN = planOf({ domain: "emails.example.com", ...common, edge: "cloudflare", cloudflare: { zoneId: ZONE, mode: "worker", accountId: ZONE } });
const CLOUDFRONT = planOf({ domain: "assets.example.org", ...common, edge: "cloudfront", cloudfront: {} });
const CLOUDFRONT_EXISTING = planOf({
  domain: "assets.example.org",
  ...common,
  edge: "cloudfront",
  cloudfront: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" },
});
const PROXY = planOf({
  domain: "links.example.net",
  ...common,
  edge: "proxy",
  proxy: { server: "nginx", certificateFile: "/etc/ssl/l.pem", certificateKeyFile: "/etc/ssl/l.key", ipv4: "203.0.113.10", ipv6: "2001:db8::10" },
});

const answer = <T>(...values: T[]): DnsOutcome<T> => ({ kind: "answer", values });
const NODATA = { kind: "nodata" } as const;
const NXDOMAIN = { kind: "nxdomain" } as const;
const observed = (o: Partial<DnsObservation>): DnsObservation => ({ cname: NODATA, a: NODATA, aaaa: NODATA, ...o });

describe("judgeDns", () => {
  it.each<[string, DomainPlan, DnsObservation, boolean, RegExp]>([
    ["cloudflare, proxied (A and AAAA in Cloudflare's ranges)", CLOUDFLARE, observed({ a: answer("104.16.1.1"), aaaa: answer("2606:4700::1") }), true, /proxied by Cloudflare: it resolves to 104\.16\.1\.1, 2606:4700::1/],
    ["fails when a cloudflare record is DNS only", CLOUDFLARE, observed({ cname: answer("acme.intercom-mail.com"), a: answer("34.1.1.1") }), false, /DNS only, grey cloud/],
    ["fails when a cloudflare domain resolves elsewhere", CLOUDFLARE, observed({ a: answer("93.184.216.34") }), false, /93\.184\.216\.34, outside Cloudflare's ranges/],
    ["fails when the record is missing (NXDOMAIN)", CLOUDFLARE, observed({ cname: NXDOMAIN, a: NXDOMAIN, aaaa: NXDOMAIN }), false, /does not exist \(NXDOMAIN\): the record is missing; fix: apply stack emails-example-com, which creates a proxied \(orange-cloud\) CNAME emails\.example\.com -> acme\.intercom-mail\.com in Cloudflare zone/],
    ["fails when a proxy record on another DNS host is missing, saying to create it there", PROXY, observed({ a: NXDOMAIN, aaaa: NXDOMAIN }), false, /does not exist \(NXDOMAIN\): the record is missing; fix: create A links\.example\.net -> 203\.0\.113\.10 and AAAA links\.example\.net -> 2001:db8::10 at the domain's DNS host \(DNS changes/],
    ["fails when the name has no address", CLOUDFLARE, observed({}), false, /has no A or AAAA address/],
    ["fails on SERVFAIL, named as such", CLOUDFLARE, observed({ a: { kind: "servfail" }, aaaa: { kind: "servfail" } }), false, /answered SERVFAIL.*fix: check that the name servers of emails\.example\.com's zone answer/],
    ["fails when the resolver cannot be reached, blaming the resolver, not the zone", CLOUDFLARE, observed({ cname: { kind: "unreachable" }, a: { kind: "unreachable" }, aaaa: { kind: "unreachable" } }), false, /resolver 127\.0\.0\.1:53 could not be reached \(connection refused\); fix: check that resolver 127\.0\.0\.1:53 answers from here \(or pass --resolver/],
    ["fails when the resolver answers over UDP but refuses the TCP a truncated answer needs", CLOUDFLARE, observed({ a: { kind: "unreachable" }, aaaa: NODATA }), false, /^emails\.example\.com A: resolver 127\.0\.0\.1:53 answered over UDP with a truncated answer, then refused the TCP connection that a full answer needs; fix: let resolver 127\.0\.0\.1:53 answer over TCP port 53 too/],
    ["names the AAAA question when that one was truncated", CLOUDFLARE, observed({ cname: NXDOMAIN, a: NXDOMAIN, aaaa: { kind: "unreachable" } }), false, /^emails\.example\.com AAAA: resolver 127\.0\.0\.1:53 answered over UDP with a truncated answer/],
    ["cloudfront, CNAME to a distribution", CLOUDFRONT, observed({ cname: answer("d123.cloudfront.net"), a: answer("13.32.1.1") }), true, /CNAME to the CloudFront distribution d123\.cloudfront\.net/],
    ["cloudfront, alias with an edge's reverse name", CLOUDFRONT, observed({ a: answer("13.32.1.1"), reverse: answer("server-13-32-1-1.fra56.r.cloudfront.net") }), true, /alias to CloudFront/],
    ["fails when a cloudfront domain points at the Intercom host", CLOUDFRONT, observed({ cname: answer("acme.intercom-mail.com"), a: answer("34.1.1.1") }), false, /straight at the Intercom host, bypassing the distribution/],
    ["fails when a cloudfront domain is a CNAME to something else", CLOUDFRONT, observed({ cname: answer("old-cdn.example.net"), a: answer("34.1.1.1") }), false, /old-cdn\.example\.net is not a CloudFront distribution/],
    ["fails when a cloudfront record is proxied by Cloudflare", CLOUDFRONT, observed({ a: answer("104.16.1.1") }), false, /proxied through Cloudflare/],
    ["fails when a cloudfront alias address is not an edge", CLOUDFRONT, observed({ a: answer("198.51.100.1"), reverse: NXDOMAIN }), false, /not a CloudFront edge address \(its reverse name is missing\)/],
    ["proxy, both addresses (IPv6 compared by value)", PROXY, observed({ a: answer("203.0.113.10"), aaaa: answer("2001:0db8:0:0::10") }), true, /configured addresses/],
    ["fails when a proxy address is wrong", PROXY, observed({ a: answer("203.0.113.99"), aaaa: answer("2001:db8::10") }), false, /A is 203\.0\.113\.99, expected 203\.0\.113\.10/],
    ["fails when the proxy's AAAA record is missing", PROXY, observed({ a: answer("203.0.113.10") }), false, /AAAA is missing, expected 2001:db8::10/],
    ["fails when there are extra A records", PROXY, observed({ a: answer("203.0.113.10", "203.0.113.11"), aaaa: answer("2001:db8::10") }), false, /A is 203\.0\.113\.10, 203\.0\.113\.11/],
    ["fails when a proxy record is proxied by Cloudflare", PROXY, observed({ a: answer("104.16.1.1"), aaaa: answer("2606:4700::1") }), false, /proxied through Cloudflare, which the proxy edge does not want/],
  ])("%s", (_name, plan, observation, ok, detail) => {
    const result = judgeDns(plan, observation, "resolver 127.0.0.1:53");
    expect(result).toMatchObject({ name: "dns", ok });
    expect(result.detail).toMatch(detail);
  });
  const many = (prefix: string) => Array.from({ length: 200 }, (_, i) => `${prefix}.${Math.floor(i / 250)}.${i % 250}`);
  it.each<[string, DomainPlan, DnsObservation, boolean, RegExp]>([
    ["cloudflare, proxied", CLOUDFLARE, observed({ a: answer(...many("104.16")) }), true, /resolves to 104\.16\.0\.0, .*104\.16\.0\.7 and 192 more, and no CNAME/],
    ["fails when a cloudflare domain resolves elsewhere", CLOUDFLARE, observed({ a: answer(...many("93.184")) }), false, /93\.184\.0\.7 and 192 more, outside Cloudflare's ranges/],
    ["fails when a cloudfront record is proxied by Cloudflare", CLOUDFRONT, observed({ a: answer(...many("104.16")) }), false, /\(104\.16\.0\.0, .* and 192 more\)/],
    ["fails when a proxy has 200 A and 200 AAAA records", PROXY, observed({ a: answer(...many("203.0")), aaaa: answer(...many("2001:db8::").map((a) => a.replace(/\./g, ":"))) }), false, /A is 203\.0\.0\.0, .* and 192 more, expected 203\.0\.113\.10; AAAA is .* and 192 more, expected/],
  ])("keeps the line short for a name with 200 addresses: %s", (_name, plan, observation, ok, detail) => {
    const result = judgeDns(plan, observation, "resolver 127.0.0.1:53");
    expect(result.ok).toBe(ok);
    expect(result.detail).toMatch(detail);
    expect(result.detail.length).toBeLessThan(800);
  });
});

describe("CAA", () => {
  it.each([
    ["emails.example.com", ["emails.example.com", "example.com"]],
    ["a.b.example.co.uk", ["a.b.example.co.uk", "b.example.co.uk", "example.co.uk"]],
  ])("looks up %s and its parents up to the registered domain", (domain, names) => {
    expect(caaNames(domain)).toEqual(names);
  });

  const caa = (...records: CaaRecord[]): CaaObservation => ({ kind: "found", at: "example.com", records });
  it.each<[string, CaaRecord[], string[] | "any"]>([
    ["issue values, parameters dropped, lower-cased", [{ critical: 0, issue: "LetsEncrypt.org; validationmethods=dns-01" }, { critical: 0, issue: "pki.goog" }], ["letsencrypt.org", "pki.goog"]],
    ['issue ";" allows no CA', [{ critical: 0, issue: ";" }], []],
    ["issuewild and iodef alone restrict nothing for this name", [{ critical: 0, issuewild: "digicert.com" }, { critical: 0, iodef: "mailto:x@example.com" }], "any"],
  ])("allowedIssuers: %s", (_name, records, allowed) => {
    expect(allowedIssuers(records)).toEqual(allowed);
  });

  it.each<[string, DomainPlan, CaaObservation, boolean, RegExp]>([
    ["no records anywhere", CLOUDFLARE, { kind: "none", searched: ["emails.example.com", "example.com"] }, true, /any CA may issue/],
    ["Cloudflare's CA allowed", CLOUDFLARE, caa({ critical: 0, issue: "pki.goog" }), true, /including pki\.goog used by Cloudflare's Universal SSL/],
    ["fails when CAA forbids Cloudflare's CAs", CLOUDFLARE, caa({ critical: 0, issue: "digicert.com" }), false, /fix: add example\.com\. CAA 0 issue "letsencrypt\.org"/],
    ["fails when CAA allows no CA at all, for ACM", CLOUDFRONT, caa({ critical: 0, issue: ";" }), false, /allows no CA at all.*ACM/],
    ["ACM allowed", CLOUDFRONT, caa({ critical: 0, issue: "amazontrust.com" }), true, /amazontrust\.com used by ACM/],
    ["an existing certificate: information only", CLOUDFRONT_EXISTING, caa({ critical: 0, issue: "digicert.com" }), true, /the existing certificate must come from one of these/],
    ["a proxy: says which CAs may issue", PROXY, caa({ critical: 0, issue: "letsencrypt.org" }), true, /allows letsencrypt\.org: your proxy's certificate/],
    ["fails when a critical property is unknown (RFC 8659: no CA may issue), even beside an allowing issue", CLOUDFLARE, caa({ critical: 0, issue: "letsencrypt.org" }, { critical: 128, tbs: "unknown" } as unknown as CaaRecord), false, /^CAA at example\.com has the critical property tbs, which no CA knows: RFC 8659 forbids every CA to issue or renew the certificate for emails\.example\.com; fix: remove that record at example\.com, or clear its critical flag \(128 -> 0\)$/],
    ["an unknown property that is not critical is ignored", PROXY, caa({ critical: 0, tbs: "unknown" } as unknown as CaaRecord, { critical: 0, issue: "letsencrypt.org" }), true, /allows letsencrypt\.org/],
    ["a known property marked critical is fine", CLOUDFLARE, caa({ critical: 128, issue: "letsencrypt.org" }), true, /including letsencrypt\.org/],
    ["fails when the CAA lookup times out", CLOUDFLARE, { kind: "failed", at: "example.com", outcome: { kind: "timeout" } }, false, /did not answer in time.*refuses to issue/],
  ])("judgeCaa: %s", (_name, plan, observation, ok, detail) => {
    const result = judgeCaa(plan, observation, "resolver 127.0.0.1:53");
    expect(result.ok).toBe(ok);
    expect(result.detail).toMatch(detail);
  });
});

const response = (status: number, headers: Record<string, string> = {}, body = ""): HttpResponse => ({ kind: "response", status, headers, body: Buffer.from(body) });

describe("judgeRedirect", () => {
  it.each<[string, HttpResponse, boolean, RegExp]>([
    ["301 to the same URL over https", response(301, { location: "https://emails.example.com/x?y=1" }), true, /answers 301/],
    ["308 as well", response(308, { location: "https://emails.example.com/x?y=1" }), true, /answers 308/],
    ["fails when the redirect drops the path and query", response(301, { location: "https://emails.example.com/" }), false, /loses the host, path or query/],
    ["fails when the redirect points to itself, naming the loop", response(301, { location: "http://emails.example.com/x?y=1" }), false, /answers 301 to http:\/\/emails\.example\.com\/x\?y=1, not https:\/\/emails\.example\.com\/x\?y=1: it redirects to itself, a loop browsers give up on; fix: the page rule/],
    ["fails when a relative redirect points to itself", response(308, { location: "/x?y=1" }), false, /it redirects to itself/],
    ["fails when the redirect stays on plain HTTP", response(301, { location: "http://www.emails.example.com/x?y=1" }), false, /the redirect stays on plain HTTP, so links are never upgraded to HTTPS/],
    ["fails when the redirect is relative to another path over HTTP", response(301, { location: "/elsewhere" }), false, /stays on plain HTTP/],
    ["fails when the Location cannot be read", response(301, { location: "https://[bad" }), false, /loses the host, path or query/],
    ["fails when the redirect is temporary", response(302, { location: "https://emails.example.com/x?y=1" }), false, /temporary 302/],
    ["fails when plain HTTP is served", response(200), false, /answers 200 over plain HTTP/],
  ])("%s", (_name, answer, ok, detail) => {
    const result = judgeRedirect(CLOUDFLARE, "104.16.1.1", answer);
    expect(result.ok).toBe(ok);
    expect(result.detail).toMatch(detail);
  });

  it("fails when nothing listens on port 80, with the edge's fix", () => {
    expect(judgeRedirect(CLOUDFRONT, "13.32.1.1", { kind: "error", code: "ECONNREFUSED", message: "" }).detail).toMatch(/connection refused at 13\.32\.1\.1:80.*viewer protocol policy must be redirect-to-https/);
  });
});

describe("judgeIntercom and judgeHsts", () => {
  const addresses = { custom: "104.16.1.1", intercom: "34.1.1.1" };
  /** Intercom's answer for a name it does not serve. */
  const unknownHost = response(404, { "content-type": "text/html" }, "Unknown domain");
  const own = (a: HttpResponse | NetworkError, b: HttpResponse | NetworkError = a) => ({ own: [a, b] as const, asCustomDomain: unknownHost });
  it("passes when status and body match Intercom's own", () => {
    const page = response(200, { "content-type": "text/html; charset=utf-8" }, "<p>hi</p>");
    expect(judgeIntercom(CLOUDFLARE, page, own(page), addresses)).toEqual({
      name: "intercom",
      ok: true,
      detail: expect.stringMatching(/^https:\/\/emails\.example\.com\/ answers as acme\.intercom-mail\.com does \(status and body: 200, text\/html, body [0-9a-f]{16}\): requests reach Intercom with its own Host$/),
    });
  });

  it.each<[string, HttpResponse | NetworkError, boolean]>([
    ["answers the custom domain's name as its own", response(200, { "content-type": "text/html; charset=utf-8" }, "<p>hi</p>"), true],
    ["sends the custom domain's name to the same place (hosts masked)", response(200, { "content-type": "text/html" }, "<p>hi</p>"), true],
    ["refuses the custom domain's name", unknownHost, false],
    ["cannot be asked as the custom domain", { kind: "error", code: "ECONNRESET", message: "" }, false],
  ])("says a match is inconclusive only when Intercom %s", (_case, asCustomDomain, inconclusive) => {
    const page = response(200, { "content-type": "text/html; charset=utf-8" }, "<p>hi</p>");
    const result = judgeIntercom(CLOUDFLARE, page, { own: [page, page], asCustomDomain }, addresses);
    expect(result.ok).toBe(true);
    expect(result.detail.startsWith("inconclusive: ")).toBe(inconclusive);
  });

  it("says what an inconclusive match means and how to be sure", () => {
    const page = response(301, { location: "https://acme.intercom-mail.com/" });
    const asCustomDomain = response(301, { location: "https://emails.example.com/" });
    expect(judgeIntercom(WORKER_PLAN, page, { own: [page, page], asCustomDomain }, addresses).detail).toBe(
      "inconclusive: https://emails.example.com/ answers as acme.intercom-mail.com does (status and body: 301, to https://<host>/, body e3b0c44298fc1c14), " +
        "but acme.intercom-mail.com answers the same when asked as emails.example.com, so this cannot show that requests carry Host acme.intercom-mail.com; " +
        "open an image or link of a sent email under https://emails.example.com/ to be sure (if it fails: the Worker for emails.example.com must send Host acme.intercom-mail.com)",
    );
  });

  it("fails on a different answer even when Intercom answers any name alike", () => {
    const theirs = response(200, {}, "ok");
    expect(judgeIntercom(CLOUDFLARE, response(404, {}, "nope"), { own: [theirs, theirs], asCustomDomain: theirs }, addresses).ok).toBe(false);
  });

  it("compares redirects with each side's own host masked (a proxy rewrites Location)", () => {
    const theirs = response(302, { location: "https://acme.intercom-mail.com/landing" });
    const ours = response(302, { location: "https://emails.example.com/landing" });
    expect(fingerprint(ours, ["emails.example.com", "acme.intercom-mail.com"])).toEqual(fingerprint(theirs, ["emails.example.com", "acme.intercom-mail.com"]));
    expect(judgeIntercom(CLOUDFLARE, ours, own(theirs), addresses).ok).toBe(true);
  });

  it("leaves bodies out when Intercom's own page changes per request", () => {
    const result = judgeIntercom(CLOUDFLARE, response(200, {}, "c"), own(response(200, {}, "a"), response(200, {}, "b")), addresses);
    expect(result).toMatchObject({ ok: true, detail: expect.stringContaining("bodies are not compared") });
  });

  it("fails when the custom domain answers differently, with the edge's Host fix", () => {
    const result = judgeIntercom(CLOUDFRONT, response(404, {}, "unknown"), own(response(200, {}, "ok")), addresses);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/answers 404.*but acme\.intercom-mail\.com answers 200.*AllViewerExceptHostHeader/);
  });

  it("fails when the Intercom host itself cannot be asked, and says to check workspace and region", () => {
    const refused = { kind: "error", code: "ECONNREFUSED", message: "" } as const;
    expect(judgeIntercom(PROXY, response(200), own(refused), addresses).detail).toMatch(/cannot ask the Intercom host itself.*workspace \(acme\) and region \(us\)/);
  });

  it("reports HSTS as information, present or not, never as a failure", () => {
    expect(judgeHsts(PROXY, response(200, { "strict-transport-security": "max-age=63072000" }))).toMatchObject({ ok: true, detail: expect.stringContaining("max-age=63072000") });
    expect(judgeHsts(PROXY, response(200))).toMatchObject({ ok: true, detail: expect.stringContaining("sends no Strict-Transport-Security") });
    expect(judgeHsts(PROXY, undefined)).toMatchObject({ ok: true, detail: expect.stringContaining("not checked: links.example.net has no address") });
    expect(judgeHsts(PROXY, { kind: "error", code: "ECONNREFUSED", message: "" })).toMatchObject({ ok: true, detail: expect.stringContaining("not checked: https://links.example.net gave no answer") });
  });
});

describe("verify's flags", () => {
  it.each([
    ["1.1.1.1", { host: "1.1.1.1", port: 53 }],
    ["127.0.0.1:5353", { host: "127.0.0.1", port: 5353 }],
    ["[::1]:53", { host: "::1", port: 53 }],
    ["2606:4700:4700::1111", { host: "2606:4700:4700::1111", port: 53 }],
    ["dns.example.net", { host: "dns.example.net", port: 53 }],
  ])("reads --resolver %s", (text, parsed) => {
    expect(parseResolver(text)).toEqual(parsed);
  });

  it.each([
    ["127.0.0.1:0", /the port must be 1-65535/],
    ["127.0.0.1:99999", /the port must be 1-65535/],
    ["::1:53:x", /write an IPv6 resolver with a port as \[ADDRESS\]:PORT/],
    ["", /must be HOST or HOST:PORT/],
    ["bad host!", /must be HOST or HOST:PORT/],
    ["0.0.0.0:53", /--resolver: must be a DNS server that answers queries: not an unspecified/],
    ["[ff02::1]:53", /not an unspecified \(0\.0\.0\.0, ::\), broadcast or multicast address/],
  ])("fails when --resolver is %j", (text, problem) => {
    expect(parseResolver(text)).toMatchObject({ problem: expect.stringMatching(problem) });
  });

  it.each([
    [{ timeout: "0" }, /--timeout: must be a number of seconds above 0 and at most 120; received "0"/],
    [{ timeout: "soon" }, /--timeout/],
    [{ expiryDays: "-1" }, /--expiry-days: must be a whole number of days from 0 to 3650; received "-1"/],
    [{ expiryDays: "1.5" }, /--expiry-days/],
  ])("fails when the flags are %j", async (flags, problem) => {
    expect(await verifySettings(flags)).toMatchObject({ problem: expect.stringMatching(problem) });
  });

  it("fails when looking up --resolver's name takes longer than --timeout, instead of waiting for the system", async () => {
    const started = Date.now();
    const never = () => new Promise<{ address: string }>(() => undefined);
    expect(await verifySettings({ resolver: "slow.example:53", timeout: "0.05" }, never)).toEqual({
      problem: '--resolver: looking up slow.example through the system resolver took longer than --timeout 0.05 s; give its IP address instead; received "slow.example:53"',
      abandoned: true,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await verifySettings({ resolver: "fast.example:5353", timeout: "1" }, () => Promise.resolve({ address: "192.0.2.53" }))).toEqual({ settings: { timeoutMs: 1000, expiryDays: 14, resolver: "192.0.2.53:5353" } });
  });

  it("defaults to 5 s a step, 14 days, and the system's resolvers", async () => {
    expect(await verifySettings({})).toEqual({ settings: { timeoutMs: 5000, expiryDays: 14 } });
  });
});

describe("next steps after synth", () => {
  it.each<[string, DomainPlan, RegExp[]]>([
    ["cloudflare: the stack makes the record", CLOUDFLARE, [/DNS: the stack creates the proxied CNAME emails\.example\.com -> acme\.intercom-mail\.com/]],
    ["cloudfront, external DNS: the certificate first, the validation record and the CNAME by hand", CLOUDFRONT, [/^apply the certificate first: terraform -chdir=out\/stacks\/assets-example-org init && terraform -chdir=out\/stacks\/assets-example-org apply -target=aws_acm_certificate\.certificate; then/, /validation record.*a CNAME named by `terraform -chdir=out\/stacks\/assets-example-org output -raw acm_validation_record_name` with the value `terraform -chdir=out\/stacks\/assets-example-org output -raw acm_validation_record_value`/, /create CNAME assets\.example\.org -> the distribution's domain name.*output -raw dns_record_value/]],
    ["proxy, external DNS: install the config and create the records", PROXY, [/install out\/stacks\/links-example-net\/links\.example\.net\.nginx\.conf on the nginx server/, /create A links\.example\.net -> 203\.0\.113\.10 and AAAA links\.example\.net -> 2001:db8::10 at your DNS host/]],
  ])("%s", (_name, plan, wanted) => {
    const steps = nextSteps(plan, `out/stacks/${plan.stackId}`, "", true);
    expect(steps[0]).toMatch(/^apply( the certificate first)?: terraform -chdir=out\/stacks\/\S+ init && terraform -chdir=out\/stacks\/\S+ apply/);
    expect(steps.at(-2)).toMatch(/^Intercom: Enter .* on Intercom's Link branding settings page/);
    expect(steps.at(-1)).toBe(`verify: email-assets verify --domain ${plan.domain}`);
    for (const pattern of wanted) expect(steps.join("\n")).toMatch(pattern);
  });

  it("tells how to take a retired domain down instead of how to set it up", () => {
    const own = planOf({ domain: "emails.example.com", ...common, edge: "cloudflare", cloudflare: { zoneId: ZONE }, retire: true });
    expect(nextSteps(own, "out/stacks/emails-example-com", "", true)).toEqual([
      "Intercom: remove emails.example.com from the Link branding settings page first, so that new emails stop using it",
      "take it down: terraform -chdir=out/stacks/emails-example-com init && terraform -chdir=out/stacks/emails-example-com destroy (retire lifted prevent_destroy; every email already sent with its links breaks)",
    ]);
    const named = planOf({ domain: "emails.example.com", ...common, edge: "cloudflare", cloudflare: { zoneId: ZONE }, retire: true, stack: "fleet" });
    expect(nextSteps(named, "out/stacks/fleet", "", true)[1]).toMatch(/^take it down: remove emails\.example\.com from the config, synth, then terraform -chdir=out\/stacks\/fleet apply/);
  });

  it("names a named stack's outputs through its domains map", () => {
    const plan = planOf({ domain: "assets.example.org", ...common, edge: "cloudfront", cloudfront: {}, stack: "fleet" });
    const steps = nextSteps(plan, "out/stacks/fleet", "", true).join("\n");
    expect(steps).toContain('output -json domains, key "assets.example.org", dns_record_value');
    expect(steps).toContain("apply -target=aws_acm_certificate.assets-example-org_certificate");
  });

  it(`lists the steps of the first ${NEXT_STEPS_SHOWN} domains of a fleet and counts the rest`, () => {
    const plans = plansOf({ domains: Array.from({ length: 8 }, (_, i) => ({ domain: `e${i}.example.com`, ...common, edge: "cloudflare", cloudflare: { zoneId: ZONE } })) });
    const lines = nextStepsReport(plans, "cdktf.out/", " --config fleet.yaml", true);
    expect(lines.filter((line) => /^ {2}e\d\.example\.com:$/.test(line))).toHaveLength(NEXT_STEPS_SHOWN);
    expect(lines).toContain("    4. verify: email-assets verify --domain e0.example.com --config fleet.yaml");
    expect(lines.at(-1)).toMatch(/^ {2}and 3 more domain\(s\)/);
  });

  it("offers cdktf deploy only when the project's app would synthesize the same stacks", () => {
    const plan = planOf({ domain: "emails.example.com", ...common, edge: "cloudflare", cloudflare: { zoneId: ZONE } });
    const apply = "apply: terraform -chdir=out/stacks/emails-example-com init && terraform -chdir=out/stacks/emails-example-com apply";
    expect(nextSteps(plan, "out/stacks/emails-example-com", "", true)[0]).toBe(`${apply} (or cdktf deploy emails-example-com)`);
    expect(nextSteps(plan, "out/stacks/emails-example-com", " --config e.yaml", false)[0]).toBe(apply);
    expect(nextStepsReport([plan], "out", " --config e.yaml", false)).toContain(`    1. ${apply}`);
  });
});
