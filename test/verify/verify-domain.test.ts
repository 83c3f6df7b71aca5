import type { DetailedPeerCertificate } from "node:tls";
import { describe, expect, it, vi } from "vitest";
import type { CheckResult } from "../../src/verify/check-result";
import type { DnsClient, DnsOutcome } from "../../src/verify/dns-query";
import type * as HttpProbe from "../../src/verify/http-probe";
import type { Handshake, HttpResponse, NetworkError } from "../../src/verify/http-probe";
import { verifyDomain } from "../../src/verify/verify-domain";
import { asEdge, plansOf } from "../support/plans";

// verifyDomain's order of work, with the network probes replaced by recorded answers: which
// address each step connects to, and how the Intercom host is looked up (IPv4 first, then IPv6).

const probes = vi.hoisted(() => ({
  calls: [] as string[],
  /** The answer of every TLS handshake, else a refused connection. */
  handshake: undefined as Handshake | undefined,
}));

vi.mock("../../src/verify/http-probe", async (importOriginal) => {
  const actual = await importOriginal<typeof HttpProbe>();
  return {
    ...actual,
    tlsHandshake: (options: { address: string; servername: string }): Promise<Handshake | NetworkError> => {
      probes.calls.push(`tls ${options.address} ${options.servername}`);
      return Promise.resolve(probes.handshake ?? { kind: "error", code: "ECONNREFUSED", message: "" });
    },
    httpGet: (options: { scheme: string; address: string; host: string; path: string }): Promise<HttpResponse | NetworkError> => {
      probes.calls.push(`${options.scheme} ${options.address} ${options.host} ${options.path}`);
      return Promise.resolve({ kind: "response", status: 200, headers: {}, body: Buffer.from("ok") });
    },
  };
});

const PLAN = asEdge(plansOf({ domains: [{ domain: "links.example.net", workspace: "acme", region: "us", edge: "proxy", proxy: { server: "nginx", certificateFile: "/c.pem", certificateKeyFile: "/k.pem", ipv4: "203.0.113.10" } }] })[0], "proxy");
const INTERCOM = PLAN.intercomHost;

/** A resolver answering from a table (`TYPE name`); anything else does not exist. */
function tableDns(table: Record<string, DnsOutcome<unknown>>): DnsClient {
  const lookup = (type: string) => (name: string) => Promise.resolve((table[`${type} ${name}`] ?? { kind: "nxdomain" }) as DnsOutcome<never>);
  return { name: "resolver 127.0.0.1:53", a: lookup("A"), aaaa: lookup("AAAA"), cname: lookup("CNAME"), caa: lookup("CAA"), reverse: lookup("PTR") };
}

async function verify(
  table: Record<string, DnsOutcome<unknown>>,
  options: { now?: () => Date; handshake?: Handshake } = { now: () => new Date("2026-12-07T00:00:00Z") },
): Promise<Record<string, CheckResult>> {
  probes.calls = [];
  probes.handshake = options.handshake;
  const report = await verifyDomain(PLAN, { dns: tableDns(table), timeoutMs: 1000, expiryDays: 14, ca: [], ...(options.now && { now: options.now }) });
  return Object.fromEntries(report.checks.map((check) => [check.name, check]));
}

const custom = { "A links.example.net": { kind: "answer", values: ["203.0.113.10"] } } as const;

describe("verifyDomain asks the Intercom host at its address", () => {
  it("connects to the Intercom host's IPv4 address when it has one", async () => {
    const checks = await verify({ ...custom, [`A ${INTERCOM}`]: { kind: "answer", values: ["34.0.0.20"] }, [`AAAA ${INTERCOM}`]: { kind: "answer", values: ["2600::20"] } });
    // Every probe here answers alike, the Intercom host asked as the custom domain too: a match proves nothing.
    expect(checks.intercom).toMatchObject({ ok: true, detail: expect.stringMatching(/^inconclusive: /) });
    expect(probes.calls.filter((call) => call.startsWith("https 34.0.0.20"))).toEqual([`https 34.0.0.20 ${INTERCOM} /`, `https 34.0.0.20 ${INTERCOM} /`, "https 34.0.0.20 links.example.net /"]);
  });

  it("falls back to its IPv6 address when it has no A record", async () => {
    const checks = await verify({ ...custom, [`A ${INTERCOM}`]: { kind: "nodata" }, [`AAAA ${INTERCOM}`]: { kind: "answer", values: ["2600::20"] } });
    expect(checks.intercom).toMatchObject({ ok: true });
    expect(probes.calls.filter((call) => call.startsWith("https 2600::20"))).toEqual([`https 2600::20 ${INTERCOM} /`, `https 2600::20 ${INTERCOM} /`, "https 2600::20 links.example.net /"]);
  });

  it("fails when the Intercom host has neither, naming the last lookup's failure, and asks it nothing", async () => {
    const checks = await verify({ ...custom, [`A ${INTERCOM}`]: { kind: "nodata" }, [`AAAA ${INTERCOM}`]: { kind: "servfail" } });
    expect(checks.intercom).toEqual({
      name: "intercom",
      ok: false,
      detail:
        `cannot look up the Intercom host: ${INTERCOM}: resolver 127.0.0.1:53 answered SERVFAIL (the zone's name servers failed or DNSSEC did not validate); ` +
        "check the workspace (acme) and region (us) in the config",
    });
    expect(probes.calls.filter((call) => call.includes(INTERCOM))).toEqual([]);
  });
});

describe("verifyDomain connects where the custom domain's DNS points", () => {
  it("runs every check against the domain's first address, in order", async () => {
    const checks = await verify({ ...custom, [`A ${INTERCOM}`]: { kind: "answer", values: ["34.0.0.20"] } });
    expect(Object.keys(checks)).toEqual(["dns", "caa", "tls", "redirect", "hsts", "intercom"]);
    expect(probes.calls.slice(0, 3)).toEqual(["tls 203.0.113.10 links.example.net", "http 203.0.113.10 links.example.net /x?y=1", "https 203.0.113.10 links.example.net /"]);
    expect(checks.tls).toMatchObject({ ok: false, detail: expect.stringContaining("connection refused at 203.0.113.10:443") });
  });

  it("judges the certificate against the clock when no time is given", async () => {
    const certificate = { subjectaltname: "DNS:links.example.net", issuer: { O: "Lab" }, valid_to: "Jan  1 00:00:00 2020 GMT" } as unknown as DetailedPeerCertificate;
    const checks = await verify({ ...custom }, { handshake: { kind: "handshake", protocol: "TLSv1.3", certificate } });
    expect(checks.tls).toMatchObject({ ok: false, detail: expect.stringContaining("the certificate expired on 2020-01-01") });
  });

  it("connects nowhere when the domain has no address, and says why for each check", async () => {
    const checks = await verify({});
    expect(probes.calls).toEqual([]);
    for (const name of ["tls", "redirect", "intercom"]) {
      expect(checks[name]).toEqual({ name, ok: false, detail: "not checked: links.example.net has no address to connect to (see dns)" });
    }
    expect(checks.hsts).toMatchObject({ ok: true, detail: expect.stringContaining("not checked") });
  });
});
