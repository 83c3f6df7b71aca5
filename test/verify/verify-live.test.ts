import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CLI_JS, tempDir, writeFile } from "../support/project";
import { createTestPki } from "../support/test-pki";
import { runLab, type LabRecord, type LabResult, type LabSite, type LabWorld } from "../support/verify-lab";

// `email-assets verify` against a small internet of its own: a DNS server and HTTPS/HTTP servers
// with a test CA, in a network namespace of the test's own (test/support/verify-lab.mjs), so that
// Cloudflare's, CloudFront's and a proxy's public addresses can be served on ports 443 and 80.
// One working domain per edge, and one domain for each fault, each asserting the check that names it.

const INTERCOM_HOST = "acme.intercom-mail.com";
const INTERCOM_ADDRESS = "34.0.0.20";
/** A workspace whose Intercom host answers any Host alike. */
const ANY_HOST_INTERCOM = "anyhost.intercom-mail.com";
const ANY_HOST_ADDRESS = "34.0.0.21";
const RESOLVER = "127.0.0.1:53";
const ZONE_COM = "0123456789abcdef0123456789abcdef";
const ZONE_NET = "fedcba9876543210fedcba9876543210";

const cloudflare = (domain: string, zoneId = ZONE_COM) => ({ domain, workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId } });
const cloudfront = (domain: string, dns: Record<string, string> = {}) => ({ domain, workspace: "acme", region: "us", edge: "cloudfront", cloudfront: dns });
const proxy = (domain: string, ipv4: string) => ({
  domain,
  workspace: "acme",
  region: "us",
  edge: "proxy",
  proxy: { server: "nginx", certificateFile: `/etc/ssl/${domain}.pem`, certificateKeyFile: `/etc/ssl/${domain}.key`, ipv4 },
});

/** Each domain of the world: its config entry, its DNS records, its server, and the checks that must fail. */
interface Case {
  readonly spec: Record<string, unknown>;
  readonly records: Record<string, LabRecord[]>;
  readonly site?: Omit<LabSite, "https"> & { https?: Partial<NonNullable<LabSite["https"]>> & { certName?: "edge" | "other" | "expired" } };
  /** The failing checks, each with a phrase its detail must hold. */
  readonly fails: Partial<Record<string, RegExp>>;
  /** Phrases passing checks' details must hold. */
  readonly passes?: Partial<Record<string, RegExp>>;
}

const A = (data: string): LabRecord => ({ type: "A", data });
const CNAME = (data: string): LabRecord => ({ type: "CNAME", data });
const working = (address: string, https: Partial<NonNullable<LabSite["https"]>> & { certName?: "edge" | "other" | "expired" } = {}, http: LabSite["http"] = { mode: "redirect" }) => ({
  address,
  https: { mode: "forward" as const, forwardTo: INTERCOM_ADDRESS, hostHeader: INTERCOM_HOST, ...https },
  http,
});

const CASES: Record<string, Case> = {
  "cf-ok.example.com": {
    spec: cloudflare("cf-ok.example.com"),
    records: { "cf-ok.example.com": [A("104.16.0.1")] },
    site: working("104.16.0.1", { hsts: "max-age=63072000" }),
    fails: {},
    passes: { dns: /proxied by Cloudflare/, caa: /no CAA records/, tls: /^TLSv1\.[23] from 104\.16\.0\.1: the certificate covers cf-ok\.example\.com, chains to a trusted root \(issuer email-assets test CA\) and is valid until/, redirect: /301 to https:\/\/cf-ok\.example\.com\/x\?y=1/, hsts: /max-age=63072000/, intercom: /^https:\/\/cf-ok\.example\.com\/ answers as acme\.intercom-mail\.com does \(status and body: 200, text\/html.*\): requests reach Intercom with its own Host$/ },
  },
  "cloudfront-ok.example.org": {
    spec: cloudfront("cloudfront-ok.example.org"),
    records: { "cloudfront-ok.example.org": [CNAME("d111111abcdef8.cloudfront.net")], "d111111abcdef8.cloudfront.net": [A("13.224.0.1")] },
    site: working("13.224.0.1"),
    fails: {},
    passes: { dns: /CNAME to the CloudFront distribution d111111abcdef8\.cloudfront\.net/, caa: /allows amazon\.com/ },
  },
  "alias-ok.example.org": {
    spec: cloudfront("alias-ok.example.org", { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" }),
    records: { "alias-ok.example.org": [A("13.224.0.2")], "2.0.224.13.in-addr.arpa": [{ type: "PTR", data: "server-13-224-0-2.fra56.r.cloudfront.net" }] },
    site: working("13.224.0.2"),
    fails: {},
    passes: { dns: /alias to CloudFront: 13\.224\.0\.2 is server-13-224-0-2\.fra56\.r\.cloudfront\.net/ },
  },
  "proxy-ok.example.io": {
    spec: proxy("proxy-ok.example.io", "203.0.113.10"),
    records: { "proxy-ok.example.io": [A("203.0.113.10")] },
    site: working("203.0.113.10"),
    fails: {},
    passes: { dns: /configured addresses: 203\.0\.113\.10/, caa: /allows letsencrypt\.org: your proxy's certificate must come from one of these/ },
  },
  "cloudfront-chain.example.org": {
    // Through an intermediate CNAME of the customer's own, as resolvers follow it.
    spec: cloudfront("cloudfront-chain.example.org"),
    records: { "cloudfront-chain.example.org": [CNAME("cdn.example.net")], "cdn.example.net": [CNAME("d222222abcdef8.cloudfront.net")], "d222222abcdef8.cloudfront.net": [A("13.224.0.3")] },
    site: working("13.224.0.3"),
    fails: {},
    passes: { dns: /^cloudfront-chain\.example\.org is a CNAME to the CloudFront distribution d222222abcdef8\.cloudfront\.net \(through cdn\.example\.net\) \(13\.224\.0\.3\)$/ },
  },
  "cf-loop.example.com": {
    spec: cloudflare("cf-loop.example.com"),
    records: { "cf-loop.example.com": [CNAME("loop-a.example.com")], "loop-a.example.com": [CNAME("cf-loop.example.com")] },
    fails: { dns: /^cf-loop\.example\.com is a CNAME loop \(cf-loop\.example\.com -> loop-a\.example\.com -> cf-loop\.example\.com\): it never reaches an address/, tls: /not checked/, redirect: /not checked/, intercom: /not checked/ },
  },
  "cloudfront-direct.example.org": {
    spec: cloudfront("cloudfront-direct.example.org"),
    records: { "cloudfront-direct.example.org": [CNAME(INTERCOM_HOST)] },
    fails: { dns: /CNAME to acme\.intercom-mail\.com: it points straight at the Intercom host, bypassing the distribution/, tls: /does not cover cloudfront-direct\.example\.org/, intercom: /does not reach Intercom with Host/ },
  },
  "cf-missing.example.com": {
    spec: cloudflare("cf-missing.example.com"),
    records: {},
    fails: { dns: /does not exist \(NXDOMAIN\): the record is missing; fix: apply stack cf-missing-example-com, which creates a proxied/, tls: /not checked/, redirect: /not checked/, intercom: /not checked/ },
  },
  "cf-unproxied.example.com": {
    spec: cloudflare("cf-unproxied.example.com"),
    records: { "cf-unproxied.example.com": [CNAME(INTERCOM_HOST)] },
    fails: { dns: /Cloudflare does not proxy it \(DNS only, grey cloud\)/, tls: /does not cover cf-unproxied\.example\.com/, intercom: /does not reach Intercom/ },
  },
  "proxy-wrong.example.io": {
    spec: proxy("proxy-wrong.example.io", "203.0.113.11"),
    records: { "proxy-wrong.example.io": [A("203.0.113.99")] },
    site: working("203.0.113.99"),
    fails: { dns: /does not point at the proxy: A is 203\.0\.113\.99, expected 203\.0\.113\.11/ },
  },
  "cf-caa.example.net": {
    spec: cloudflare("cf-caa.example.net", ZONE_NET),
    records: { "cf-caa.example.net": [A("104.16.0.3")] },
    site: working("104.16.0.3"),
    fails: { caa: /CAA at example\.net allows digicert\.com, but Cloudflare's Universal SSL issues from letsencrypt\.org/ },
  },
  "cf-critical.example.com": {
    // An unknown property with the critical flag: RFC 8659 forbids every CA, whatever issue says.
    spec: cloudflare("cf-critical.example.com"),
    records: {
      "cf-critical.example.com": [A("104.16.0.11"), { type: "CAA", data: { flags: 0, tag: "issue", value: "letsencrypt.org" } }, { type: "CAA", data: { flags: 128, tag: "tbs", value: "unknown" } }],
    },
    site: working("104.16.0.11"),
    fails: { caa: /^CAA at cf-critical\.example\.com has the critical property tbs, which no CA knows: RFC 8659 forbids every CA/ },
  },
  "cf-truncated.example.com": {
    // The UDP answer comes back truncated (TC): verify asks again over TCP, as resolvers do.
    spec: cloudflare("cf-truncated.example.com"),
    records: { "cf-truncated.example.com": [A("104.16.0.13")] },
    site: working("104.16.0.13"),
    fails: {},
    passes: { dns: /^cf-truncated\.example\.com is proxied by Cloudflare: it resolves to 104\.16\.0\.13/ },
  },
  "cf-othername.example.com": {
    spec: cloudflare("cf-othername.example.com"),
    records: { "cf-othername.example.com": [A("104.16.0.7")] },
    site: working("104.16.0.7", { certName: "other" }),
    fails: { tls: /does not cover cf-othername\.example\.com: it is for other\.example\.com/ },
  },
  "cf-expired.example.com": {
    spec: cloudflare("cf-expired.example.com"),
    records: { "cf-expired.example.com": [A("104.16.0.8")] },
    site: working("104.16.0.8", { certName: "expired" }),
    fails: { tls: /the certificate has expired/ },
  },
  "cf-noredirect.example.com": {
    spec: cloudflare("cf-noredirect.example.com"),
    records: { "cf-noredirect.example.com": [A("104.16.0.5")] },
    site: working("104.16.0.5", {}, { mode: "page" }),
    fails: { redirect: /answers 200 over plain HTTP instead of redirecting/ },
  },
  "cf-selfredirect.example.com": {
    spec: cloudflare("cf-selfredirect.example.com"),
    records: { "cf-selfredirect.example.com": [A("104.16.0.10")] },
    site: working("104.16.0.10", {}, { mode: "redirect-self" }),
    fails: { redirect: /answers 301 to http:\/\/cf-selfredirect\.example\.com\/x\?y=1, not https:\/\/cf-selfredirect\.example\.com\/x\?y=1: it redirects to itself, a loop/ },
  },
  "cf-httpsloop.example.com": {
    spec: cloudflare("cf-httpsloop.example.com"),
    records: { "cf-httpsloop.example.com": [A("104.16.0.12")] },
    site: working("104.16.0.12", { mode: "redirect-self" }),
    fails: { intercom: /^https:\/\/cf-httpsloop\.example\.com\/ answers 301 to itself \(https:\/\/cf-httpsloop\.example\.com\/\), a loop browsers give up on: .*fix: Cloudflare's SSL mode for cf-httpsloop\.example\.com must be Full/ },
  },
  "cf-wronghost.example.com": {
    spec: cloudflare("cf-wronghost.example.com"),
    records: { "cf-wronghost.example.com": [A("104.16.0.6")] },
    site: working("104.16.0.6", { hostHeader: "cf-wronghost.example.com" }),
    fails: { intercom: /answers 404, text\/html.*but acme\.intercom-mail\.com answers 200.*Host Header Override|override the Host header/ },
  },
  "cf-anyhost.example.com": {
    // The edge sends the wrong Host, but this Intercom answers any name alike: the match proves nothing, and says so.
    spec: { ...cloudflare("cf-anyhost.example.com"), workspace: "anyhost" },
    records: { "cf-anyhost.example.com": [A("104.16.0.9")] },
    site: working("104.16.0.9", { forwardTo: ANY_HOST_ADDRESS, hostHeader: "cf-anyhost.example.com" }),
    fails: {},
    passes: { intercom: /^inconclusive: https:\/\/cf-anyhost\.example\.com\/ answers as anyhost\.intercom-mail\.com does .* but anyhost\.intercom-mail\.com answers the same when asked as cf-anyhost\.example\.com/ },
  },
  "proxy-dropped.example.io": {
    // A firewall drops port 443: a timeout, not a TLS or certificate problem.
    spec: proxy("proxy-dropped.example.io", "203.0.113.12"),
    records: { "proxy-dropped.example.io": [A("203.0.113.12")] },
    site: { address: "203.0.113.12", http: { mode: "redirect" }, port443: "drop" },
    fails: {
      tls: /^no answer from 203\.0\.113\.12:443 in time \(a firewall dropping packets, or the wrong address\); fix: open TCP port 443 to the internet on 203\.0\.113\.12 \(firewall, security group\) and check that nginx listens on 203\.0\.113\.12:443/,
      intercom: /no answer from 203\.0\.113\.12:443 in time/,
    },
  },
  "proxy-stalled.example.io": {
    // Port 443 takes the connection and never answers: a stalled server, not a firewall.
    spec: proxy("proxy-stalled.example.io", "203.0.113.13"),
    records: { "proxy-stalled.example.io": [A("203.0.113.13")] },
    site: { address: "203.0.113.13", http: { mode: "redirect" }, port443: "stall" },
    fails: { tls: /^203\.0\.113\.13:443 took the connection but did not finish answering in time .*; fix: open TCP port 443/, intercom: /took the connection but did not finish answering/ },
  },
  "cf-timeout.example.com": {
    spec: cloudflare("cf-timeout.example.com"),
    records: {},
    fails: { dns: /did not answer in time \(timeout\)/, caa: /did not answer in time/, tls: /not checked/, redirect: /not checked/, intercom: /not checked/ },
  },
  "cf-refused.example.com": {
    spec: cloudflare("cf-refused.example.com"),
    records: { "cf-refused.example.com": [A("104.16.0.4")] },
    fails: { tls: /connection refused at 104\.16\.0\.4:443/, redirect: /connection refused at 104\.16\.0\.4:80/, intercom: /no answer from https:\/\/cf-refused\.example\.com\/: connection refused at 104\.16\.0\.4:443/ },
  },
};

const { dir: scratch, cleanup } = tempDir("email-assets-verify-");
let reports: Record<string, { domain: string; ok: boolean; checks: { name: string; ok: boolean; detail: string }[] }> = {};
let runs: LabResult[] = [];
let configFile = "";

beforeAll(() => {
  const pki = createTestPki(scratch);
  const goodNames = Object.keys(CASES);
  const certs = {
    edge: pki.issue("edge", goodNames, 90),
    other: pki.issue("other", ["other.example.com"], 90),
    expired: pki.expired("expired", ["cf-expired.example.com"]),
    intercom: pki.issue("intercom", [INTERCOM_HOST], 90),
  };
  configFile = writeFile(scratch, "email-assets.yaml", stringify({ domains: Object.values(CASES).map((c) => c.spec) }));
  const records: Record<string, LabRecord[]> = {
    [INTERCOM_HOST]: [A(INTERCOM_ADDRESS)],
    [ANY_HOST_INTERCOM]: [A(ANY_HOST_ADDRESS)],
    "example.net": [{ type: "CAA", data: { flags: 0, tag: "issue", value: "digicert.com" } }],
    "example.org": [{ type: "CAA", data: { flags: 0, tag: "issue", value: "amazon.com" } }],
    "example.io": [{ type: "CAA", data: { flags: 0, tag: "issue", value: "letsencrypt.org; validationmethods=dns-01" } }],
  };
  const servers: LabSite[] = [
    { address: INTERCOM_ADDRESS, https: { cert: certs.intercom.certFile, key: certs.intercom.keyFile, mode: "intercom", intercomHost: INTERCOM_HOST }, http: { mode: "redirect" } },
    { address: ANY_HOST_ADDRESS, https: { cert: certs.intercom.certFile, key: certs.intercom.keyFile, mode: "intercom-any-host" }, http: { mode: "redirect" } },
  ];
  for (const c of Object.values(CASES)) {
    Object.assign(records, c.records);
    if (c.site === undefined) continue;
    if (c.site.port443 !== undefined) {
      servers.push({ address: c.site.address, http: c.site.http, port443: c.site.port443 });
      continue;
    }
    const { certName = "edge", ...https } = c.site.https ?? {};
    servers.push({ ...c.site, https: { mode: "page", ...https, cert: certs[certName].certFile, key: certs[certName].keyFile } });
  }
  const addresses = [...new Set([...servers.map((s) => s.address), "104.16.0.4"])];
  const verify = (...args: string[]) => ({ args: [process.execPath, CLI_JS, "verify", "--config", configFile, "--resolver", RESOLVER, "--timeout", "2", ...args], env: { NODE_EXTRA_CA_CERTS: pki.caFile } });
  const world: LabWorld = {
    addresses,
    dns: { records, drop: ["cf-timeout.example.com"], truncate: ["cf-truncated.example.com"] },
    servers,
    commands: [
      verify("--json"),
      verify("--domain", "cf-ok.example.com"),
      verify("--domain", "cf-noredirect.example.com"),
      // A real terminal: the checklist updates in place.
      { args: ["script", "-qfec", `stty cols 160 rows 40; ${process.execPath} ${CLI_JS} verify --config ${configFile} --resolver ${RESOLVER} --domain cf-ok.example.com`, "/dev/null"], env: { NODE_EXTRA_CA_CERTS: pki.caFile, TERM: "xterm" } },
      verify("--json", "--domain", "cf-ok.example.com"),
      // Without the test CA, the chain reaches no trusted root.
      { args: [process.execPath, CLI_JS, "verify", "--config", configFile, "--resolver", RESOLVER, "--json", "--domain", "cf-ok.example.com"], env: { NODE_EXTRA_CA_CERTS: "" } },
      // A certificate that expires within --expiry-days fails.
      verify("--json", "--domain", "cf-ok.example.com", "--expiry-days", "120"),
    ],
    limitMs: 40_000,
  };
  runs = runLab(world, scratch);
  const all = JSON.parse(runs[0]?.stdout ?? "[]") as (typeof reports)[string][];
  reports = Object.fromEntries(all.map((report) => [report.domain, report]));
}, 180_000);
afterAll(() => cleanup());

describe("email-assets verify against live servers on loopback", () => {
  it("reports every domain of the config, in order, with the six checks named as the contract says", () => {
    expect(runs[0]?.status).toBe(1);
    expect(Object.keys(reports)).toEqual(Object.keys(CASES));
    for (const report of Object.values(reports)) expect(report.checks.map((c) => c.name)).toEqual(["dns", "caa", "tls", "redirect", "hsts", "intercom"]);
  });

  it.each(Object.entries(CASES))("%s: the failing checks are exactly the expected ones, each naming its cause", (domain, c) => {
    const report = reports[domain];
    expect(report, `no report for ${domain}`).toBeDefined();
    const failing = report.checks.filter((check) => !check.ok).map((check) => check.name);
    expect(failing, JSON.stringify(report, null, 2)).toEqual(Object.keys(c.fails));
    expect(report.ok).toBe(failing.length === 0);
    for (const check of report.checks) {
      const wanted = check.ok ? c.passes?.[check.name] : c.fails[check.name];
      if (wanted) expect(check.detail, `${domain} ${check.name}`).toMatch(wanted);
    }
  });

  it("prints a plain checklist when its output is not a terminal, and exits 0 when every check passes", () => {
    const run = runs[1];
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe(`cf-ok.example.com: edge cloudflare, Intercom host ${INTERCOM_HOST}, asking resolver ${RESOLVER}`);
    expect(lines.slice(1, 7).map((line) => line.slice(0, 13))).toEqual(["ok   dns     ", "ok   caa     ", "ok   tls     ", "ok   redirect", "ok   hsts    ", "ok   intercom"]);
    expect(run.stdout).toContain("cf-ok.example.com: all 6 checks passed");
  });

  it("fails when a check fails: exit 1 and a FAIL line with the cause and the fix", () => {
    const run = runs[2];
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAIL redirect http:\/\/cf-noredirect\.example\.com\/x\?y=1 answers 200 over plain HTTP.*fix: the page rule http:\/\/cf-noredirect\.example\.com\/\* -> Always Use HTTPS/m);
    expect(run.stdout).toContain("cf-noredirect.example.com: 1 of 6 checks failed");
  });

  it("updates the checklist in place on a terminal, with a mark for each check", () => {
    const run = runs[3];
    expect(run.status, run.stdout).toBe(0);
    // The spinner redraws its line (carriage return / erase) and ends each check with a mark.
    expect(run.stdout.includes("\r") || run.stdout.includes("\u001b[")).toBe(true);
    for (const name of ["dns", "caa", "tls", "redirect", "hsts", "intercom"]) expect(run.stdout).toMatch(new RegExp(`✔.*${name}`));
  });

  it("gives one report object (not an array) for one domain", () => {
    const report = JSON.parse(runs[4].stdout) as { domain: string; ok: boolean };
    expect(report).toMatchObject({ domain: "cf-ok.example.com", ok: true });
  });

  it("fails when the chain reaches no trusted root (the test CA left out of NODE_EXTRA_CA_CERTS)", () => {
    const report = JSON.parse(runs[5].stdout) as { checks: { name: string; ok: boolean; detail: string }[] };
    expect(runs[5].status).toBe(1);
    expect(report.checks.find((c) => c.name === "tls")).toMatchObject({ ok: false, detail: expect.stringMatching(/chain ends in a root that is not trusted|does not reach a trusted root/) });
  });

  it("fails when the certificate expires within --expiry-days", () => {
    const report = JSON.parse(runs[6].stdout) as { checks: { name: string; ok: boolean; detail: string }[] };
    expect(report.checks.find((c) => c.name === "tls")).toMatchObject({ ok: false, detail: expect.stringMatching(/expires on \d{4}-\d\d-\d\d, in (89|90) day\(s\) \(under --expiry-days 120\)/) });
  });
});
