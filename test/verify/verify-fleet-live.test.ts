import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CLI_JS, tempDir, writeFile } from "../support/project";
import { createTestPki } from "../support/test-pki";
import { runLab, type LabRecord, type LabResult, type LabSite } from "../support/verify-lab";

// `email-assets verify` over a fleet and over time (issue 23), against the lab of
// test/support/verify-lab-world.mjs: 51 proxy-edge domains of which 10 have DNS that never answers
// (checked at once, not one after another), a record that appears 6 s after verify starts (waited
// for), one that never comes (given up on), Ctrl+C during a wait, and the JUnit report. Timings are
// bounded generously: they tell concurrent from sequential, they are not a benchmark.

const INTERCOM_HOST = "acme.intercom-mail.com";
const INTERCOM_ADDRESS = "34.0.0.20";
const RESOLVER = "127.0.0.1:53";
const TIMEOUT_S = 2;

const A = (data: string): LabRecord => ({ type: "A", data });
const proxy = (domain: string, ipv4: string, stack?: string) => ({
  domain,
  workspace: "acme",
  region: "us",
  edge: "proxy",
  ...(stack === undefined ? {} : { stack }),
  proxy: { server: "nginx", certificateFile: `/etc/ssl/${domain}.pem`, certificateKeyFile: `/etc/ssl/${domain}.key`, ipv4 },
});

/** d00 … d50; every fifth (d00, d05, …, d45) is dead: its DNS never answers. */
const FLEET = Array.from({ length: 51 }, (_, i) => ({ domain: `d${String(i).padStart(2, "0")}.fleet.example.io`, address: `203.0.113.${10 + i}`, dead: i % 5 === 0 && i < 50 }));
const DEAD = FLEET.filter((d) => d.dead).map((d) => d.domain);
const LATE = "late.example.io";
const LATE_ADDRESS = "203.0.113.200";
const NEVER = "never.example.io";

const { dir: scratch, cleanup } = tempDir("email-assets-verify-fleet-");
let runs: LabResult[] = [];
let noTcp: LabResult | undefined;
let junitFile = "";
let waitJunitFile = "";

type Report = { domain: string; ok: boolean; checks: { name: string; ok: boolean; detail: string }[] };

beforeAll(() => {
  const pki = createTestPki(scratch);
  const names = [...FLEET.map((d) => d.domain), LATE, NEVER];
  const edge = pki.issue("edge", names, 90);
  const intercom = pki.issue("intercom", [INTERCOM_HOST], 90);
  const specs = [
    // The first three live domains and one dead one form a named stack.
    ...FLEET.map((d, i) => proxy(d.domain, d.address, i >= 4 && i <= 7 ? "fleet-a" : undefined)),
    proxy(LATE, LATE_ADDRESS),
    proxy(NEVER, "203.0.113.201"),
  ];
  const config = writeFile(scratch, "email-assets.yaml", stringify({ domains: specs }));
  junitFile = join(scratch, "verify-report.xml");
  waitJunitFile = join(scratch, "wait-report.xml");
  const records: Record<string, LabRecord[]> = { [INTERCOM_HOST]: [A(INTERCOM_ADDRESS)] };
  const site = (address: string): LabSite => ({ address, https: { cert: edge.certFile, key: edge.keyFile, mode: "forward", forwardTo: INTERCOM_ADDRESS, hostHeader: INTERCOM_HOST }, http: { mode: "redirect" } });
  const servers: LabSite[] = [{ address: INTERCOM_ADDRESS, https: { cert: intercom.certFile, key: intercom.keyFile, mode: "intercom", intercomHost: INTERCOM_HOST }, http: { mode: "redirect" } }, site(LATE_ADDRESS)];
  for (const d of FLEET.filter((d) => !d.dead)) {
    records[d.domain] = [A(d.address)];
    servers.push(site(d.address));
  }
  const env = { NODE_EXTRA_CA_CERTS: pki.caFile };
  const verify = (...args: string[]) => ({ args: [process.execPath, CLI_JS, "verify", "--config", config, "--resolver", RESOLVER, "--timeout", String(TIMEOUT_S), ...args], env });
  const terminal = (...args: string[]) => ({ args: ["script", "-qfec", `stty cols 120 rows 30; ${process.execPath} ${CLI_JS} verify --config ${config} --resolver ${RESOLVER} --timeout ${TIMEOUT_S} ${args.join(" ")}`, "/dev/null"], env: { ...env, TERM: "xterm" } });
  runs = runLab(
    {
      addresses: servers.map((s) => s.address),
      dns: { records, drop: DEAD, later: { [LATE]: { afterMs: 6000, records: [A(LATE_ADDRESS)] } } },
      servers,
      commands: [
        /* 0 */ verify("--json", "--junit", junitFile),
        /* 1 */ verify("--concurrency", "8"),
        /* 2 */ terminal("--domain", FLEET[1].domain, "--domain", FLEET[0].domain, "--domain", FLEET[2].domain),
        /* 3 */ verify("--json", "--stack", "fleet-a"),
        /* 4 */ verify("--domain", LATE, "--wait", "60s"),
        /* 5 */ verify("--domain", NEVER, "--wait", "5s"),
        /* 6 */ { ...verify("--domain", NEVER, "--domain", FLEET[1].domain, "--wait", "60s", "--json"), interruptAfterMs: 3000 },
        /* 7 */ verify("--domain", NEVER, "--domain", FLEET[1].domain, "--wait", "5s", "--json", "--junit", waitJunitFile),
        /* 8 */ terminal("--domain", NEVER, "--domain", FLEET[1].domain, "--wait", "7s"),
        // At --timeout 5 the dead name's first round takes 10 s (dns, then caa): Ctrl+C comes at 3 s.
        /* 9 */ { ...verify("--domain", DEAD[0], "--wait", "60s", "--timeout", "5"), interruptAfterMs: 3000 },
      ],
      limitMs: 150_000,
    },
    scratch,
  );
  // A resolver that serves no TCP: a truncated answer cannot be completed.
  [noTcp] = runLab({ addresses: [FLEET[1].address, INTERCOM_ADDRESS], dns: { records, truncate: [FLEET[1].domain], tcp: false }, servers: servers.slice(0, 1), commands: [verify("--json", "--domain", FLEET[1].domain)], limitMs: 30_000 }, scratch);
}, 240_000);
afterAll(() => cleanup());

/** The test cases of a JUnit report, read back with a regex over its well-formed lines. */
function junitCases(xml: string): { suite: string; name: string; failure?: string }[] {
  const cases: { suite: string; name: string; failure?: string }[] = [];
  let suite = "";
  for (const [, tag, attributes, rest] of xml.matchAll(/<(testsuite|testcase|failure)\b([^>]*)>([^<]*)/g)) {
    const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1] ?? "";
    if (tag === "testsuite") suite = attribute("name");
    else if (tag === "testcase") cases.push({ suite, name: attribute("name") });
    else (cases.at(-1) as { failure?: string }).failure = rest;
  }
  return cases;
}

describe("email-assets verify over a fleet, at once", () => {
  it("checks 51 domains with 10 dead names in a small multiple of one timeout, in config order, failing exactly the dead ones", () => {
    const run = runs[0];
    expect(run.status, run.stderr).toBe(1);
    // One after another, the ten dead names alone would cost 10 × 2 timeouts (dns, then caa) = 40 s.
    expect(run.ms).toBeLessThan(8 * TIMEOUT_S * 1000);
    const reports = JSON.parse(run.stdout) as Report[];
    expect(reports.map((r) => r.domain)).toEqual([...FLEET.map((d) => d.domain), LATE, NEVER]);
    // The late record may or may not be there yet (it appears 6 s after the command starts).
    const failing = reports.filter((r) => !r.ok && r.domain !== LATE).map((r) => r.domain);
    expect(failing).toEqual([...DEAD, NEVER]);
    const dead = reports.find((r) => r.domain === DEAD[0]);
    expect(dead?.checks.find((c) => c.name === "dns")?.detail).toMatch(/did not answer in time \(timeout\)/);
  });

  it("writes a JUnit report that parses, with a suite per domain, a case per check, and failures naming the dead domains", () => {
    const xml = readFileSync(junitFile, "utf8");
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="email-assets verify" tests="318" failures="\d+" errors="0" time="[\d.]+">/);
    const cases = junitCases(xml);
    expect(cases).toHaveLength(53 * 6);
    expect(new Set(cases.map((c) => c.suite)).size).toBe(53);
    const failingSuites = [...new Set(cases.filter((c) => c.failure !== undefined && c.suite !== LATE).map((c) => c.suite))];
    expect(failingSuites).toEqual([...DEAD, NEVER]);
    expect(cases.find((c) => c.suite === DEAD[0] && c.name === "dns")?.failure).toMatch(/did not answer in time/);
    expect(cases.find((c) => c.suite === NEVER && c.name === "dns")?.failure).toMatch(/does not exist \(NXDOMAIN\)/);
  });

  it("prints the checklists in config order when several domains run at once (--concurrency 8)", () => {
    const run = runs[1];
    expect(run.status).toBe(1);
    const headers = run.stdout.split("\n").filter((line) => / edge proxy, Intercom host /.test(line)).map((line) => line.split(":")[0]);
    expect(headers).toEqual([...FLEET.map((d) => d.domain), LATE, NEVER]);
    // Each checklist stays together: header, six checks, summary.
    const block = run.stdout.split("\n\n").find((text) => text.startsWith(`${DEAD[1]}:`));
    expect(block?.split("\n")).toHaveLength(8);
    expect(run.stdout).toContain(`${FLEET[1].domain}: all 6 checks passed`);
  });

  it("shows a status line on a terminal while domains run, and the checklists in the order of the config", () => {
    const run = runs[2];
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/checking 3 domains, 16 at a time: \d done; running/);
    expect(run.stdout).toContain("\u001b[1F\u001b[J");
    const order = [FLEET[0], FLEET[1], FLEET[2]].map((d) => run.stdout.indexOf(`${d.domain}: edge proxy`));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
  });

  it("checks the domains of one stack with --stack", () => {
    const run = runs[3];
    const reports = JSON.parse(run.stdout) as Report[];
    expect(reports.map((r) => r.domain)).toEqual(FLEET.slice(4, 8).map((d) => d.domain));
    expect(run.status).toBe(1);
    expect(reports.filter((r) => !r.ok).map((r) => r.domain)).toEqual([FLEET[5].domain]);
  });
});

describe("email-assets verify and a truncated DNS answer", () => {
  it("names a resolver that truncates an answer over UDP and refuses the TCP retry, not an unreachable one", () => {
    const report = JSON.parse(noTcp?.stdout ?? "{}") as Report;
    expect(noTcp?.status).toBe(1);
    expect(report.checks.find((c) => c.name === "dns")?.detail).toMatch(/^d01\.fleet\.example\.io A: resolver 127\.0\.0\.1:53 answered over UDP with a truncated answer, then refused the TCP connection that a full answer needs; fix: let resolver 127\.0\.0\.1:53 answer over TCP port 53 too/);
  });
});

describe("email-assets verify --wait", () => {
  it("waits for a record that appears 6 s after verify starts, and exits 0 once every check passes", () => {
    const run = runs[4];
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.ms).toBeGreaterThan(5_000);
    expect(run.ms).toBeLessThan(40_000);
    expect(run.stdout).toMatch(/^round 1, (59|1m)s? left: 1 of 1 domain\(s\) fail: late\.example\.io: dns, tls, redirect, intercom; next check in 5s$/m);
    expect(run.stdout).toMatch(/^ok {3}dns {6}late\.example\.io resolves to the proxy's configured addresses: 203\.0\.113\.200$/m);
    expect(run.stdout).toMatch(/every check of 1 domain\(s\) passed within --wait 1m\n$/);
  });

  it("gives up on a record that never comes when the time is up: exit 1, the last report printed", () => {
    const run = runs[5];
    expect(run.status).toBe(1);
    expect(run.ms).toBeLessThan(15_000);
    expect(run.stdout).toMatch(/^round 1, [45]s left: 1 of 1 domain\(s\) fail: never\.example\.io: dns, tls, redirect, intercom; next check in [45]s$/m);
    expect(run.stdout).toMatch(/^round 2, 0s left: 1 of 1 domain\(s\) fail/m);
    expect(run.stdout).toMatch(/^FAIL dns {6}never\.example\.io does not exist \(NXDOMAIN\)/m);
    expect(run.stdout).toMatch(/--wait 5s ran out: 1 of 1 domain\(s\) still fail: never\.example\.io\n$/);
  });

  it("stops cleanly on Ctrl+C (SIGINT): exit 130 and the last state printed", () => {
    const run = runs[6];
    expect(run.status, run.stderr).toBe(130);
    expect(run.ms).toBeLessThan(10_000);
    const reports = JSON.parse(run.stdout) as Report[];
    expect(reports.map((r) => [r.domain, r.ok])).toEqual([[FLEET[1].domain, true], [NEVER, false]]);
    expect(run.stderr).toMatch(/^interrupted: 1 of 2 domain\(s\) failed at the last round: never\.example\.io$/m);
  });

  it("stops at once on Ctrl+C during the first round, with nothing to report but that", () => {
    const run = runs[9];
    expect(run.status, run.stderr).toBe(130);
    expect(run.ms).toBeLessThan(7_000);
    expect(run.stdout).toBe("interrupted before the first round ended: nothing was checked to the end\n");
  });

  it("re-checks only the failing domains, keeps --json for the final report (rounds on stderr), and writes the JUnit report of the last state", () => {
    const run = runs[7];
    expect(run.status).toBe(1);
    const reports = JSON.parse(run.stdout) as Report[];
    expect(reports.map((r) => [r.domain, r.ok])).toEqual([[FLEET[1].domain, true], [NEVER, false]]);
    expect(run.stderr).toMatch(/^round 1, .* 1 of 2 domain\(s\) fail: never\.example\.io: dns/m);
    expect(run.stderr).toMatch(/^--wait 5s ran out: 1 of 2 domain\(s\) still fail: never\.example\.io$/m);
    const cases = junitCases(readFileSync(waitJunitFile, "utf8"));
    expect(cases.filter((c) => c.failure !== undefined).map((c) => `${c.suite} ${c.name}`)).toEqual(["never.example.io dns", "never.example.io tls", "never.example.io redirect", "never.example.io intercom"]);
  });

  it("shows on a terminal which checks still fail and the time left, then the final report", () => {
    const run = runs[8];
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/waiting for 1 of 2 domain\(s\), \d+s left \(round 1, next check in \d+s\); Ctrl\+C stops/);
    expect(run.stdout).toContain("  never.example.io: dns, tls, redirect, intercom");
    expect(run.stdout).toMatch(/--wait 7s ran out: 1 of 2 domain\(s\) still fail: never\.example\.io/);
  });
});
