// runDiscover in-process, with readers served from arrays: what it prints and writes, and how it
// fails, where a child process would only repeat the CLI tests.
import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { cloudflareBaseUrl, discoverLimits, discoveryText, runDiscover } from "../../src/cli/discover-command";
import type { Readers } from "../../src/discover/discover-domain";
import { DiscoverError } from "../../src/discover/discovery";
import { DEFAULT_REQUEST_LIMITS } from "../../src/discover/request-limits";
import { cloudflareDomainConfig, cnameRecord, ids, ZONE_ID, zone } from "../support/discover-fixtures";
import { plansOf } from "../support/plans";
import { useTempDirs, writeFile } from "../support/project";

const workdir = useTempDirs();
const TOKEN = "in-process-token-0123456789";

function streams() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = (stream: PassThrough) => () => (stream.read() as Buffer | null)?.toString("utf8") ?? "";
  return { stdout, stderr, out: text(stdout), err: text(stderr) };
}

function fakeReaders(fail?: Error): Readers {
  return {
    cloudflare: () => ({
      zone: () => (fail === undefined ? Promise.resolve(zone(ZONE_ID, "example.com")) : Promise.reject(fail)),
      records: (_zone, name) => Promise.resolve(name === "emails.example.com" ? [cnameRecord(ids.cname, name, "acme.intercom-mail.com", true)] : []),
      pageRules: () => Promise.resolve([]),
      workerRoutes: () => Promise.resolve([]),
    }),
    aws: () => {
      throw new Error("no AWS here");
    },
  };
}

describe("runDiscover", () => {
  const plans = plansOf({ domains: [cloudflareDomainConfig()] });

  it("fails when CLOUDFLARE_API_TOKEN is missing, naming the domains that need it", async () => {
    const io = streams();
    expect(await runDiscover(plans, "c.yaml", {}, DEFAULT_REQUEST_LIMITS, { env: {}, stdout: io.stdout, stderr: io.stderr })).toBe(1);
    expect(io.err()).toBe("error: CLOUDFLARE_API_TOKEN is not set: discover reads Cloudflare for emails.example.com with an API token (Zone Read, DNS Read, Page Rules Read and Workers Routes Read)\n");
    expect(io.out()).toBe("");
  });

  it("prints what was not found, and never a secret, even one an API echoes", async () => {
    const io = streams();
    const env = { CLOUDFLARE_API_TOKEN: TOKEN };
    expect(await runDiscover(plans, "c.yaml", {}, DEFAULT_REQUEST_LIMITS, { env, stdout: io.stdout, stderr: io.stderr, readers: fakeReaders() })).toBe(0);
    expect(io.out()).toBe(`emails.example.com: edge cloudflare
adopt:
  dnsRecord: ${ids.cname}
differences: none
not found:
  - the Always-Use-HTTPS page rule http://emails.example.com/* (apply creates it)
  - the Host-header page rule https://emails.example.com/* (apply creates it)
`);
    const echoed = streams();
    const failing = fakeReaders(new DiscoverError(`Cloudflare answered 400 (bad token ${TOKEN})`));
    expect(await runDiscover(plans, "c.yaml", {}, DEFAULT_REQUEST_LIMITS, { env, stdout: echoed.stdout, stderr: echoed.stderr, readers: failing })).toBe(1);
    expect(echoed.err()).toBe("error: emails.example.com: Cloudflare answered 400 (bad token [redacted])\n");
  });

  it("lets an error that is not an API's through (a bug, not a finding)", async () => {
    const io = streams();
    await expect(runDiscover(plans, "c.yaml", {}, DEFAULT_REQUEST_LIMITS, { env: {}, stdout: io.stdout, stderr: io.stderr, readers: fakeReaders(new TypeError("boom")) })).rejects.toThrow("boom");
  });

  it("--write: warns about an entry it cannot write, and fails when the file cannot be replaced", async () => {
    const dir = workdir();
    const aliased = writeFile(dir, "aliased.yaml", `base: &base\n  domain: emails.example.com\ndomains:\n  - *base\n`);
    const io = streams();
    expect(await runDiscover(plans, aliased, { write: true }, DEFAULT_REQUEST_LIMITS, { env: {}, stdout: io.stdout, stderr: io.stderr, readers: fakeReaders() })).toBe(0);
    expect(io.err()).toBe(
      `warning: emails.example.com: ids not written: its entry is written through a YAML alias; add the adopt block by hand\nnothing written to ${aliased}: discover found nothing to adopt\n`,
    );
    const file = writeFile(dir, "email-assets.yaml", `domains:\n  - domain: emails.example.com\n`);
    writeFile(dir, `email-assets.yaml.${process.pid}.tmp`, "in the way");
    const blocked = streams();
    expect(await runDiscover(plans, file, { write: true }, DEFAULT_REQUEST_LIMITS, { env: {}, stdout: blocked.stdout, stderr: blocked.stderr, readers: fakeReaders() })).toBe(1);
    expect(blocked.err()).toMatch(new RegExp(`^error: cannot write ${file}: EEXIST`));
    expect(readFileSync(file, "utf8")).toBe(`domains:\n  - domain: emails.example.com\n`);
  });
});

describe("discover's settings", () => {
  it("reads CLOUDFLARE_BASE_URL, else Cloudflare's own", () => {
    expect(cloudflareBaseUrl({})).toBe("https://api.cloudflare.com/client/v4");
    expect(cloudflareBaseUrl({ CLOUDFLARE_BASE_URL: " " })).toBe("https://api.cloudflare.com/client/v4");
    expect(cloudflareBaseUrl({ CLOUDFLARE_BASE_URL: "http://127.0.0.1:8080/client/v4" })).toBe("http://127.0.0.1:8080/client/v4");
  });

  it("takes --timeout in seconds", () => {
    expect(discoverLimits({})).toEqual(DEFAULT_REQUEST_LIMITS);
    expect(discoverLimits({ timeout: "2.5" })).toEqual({ ...DEFAULT_REQUEST_LIMITS, timeoutMs: 2500 });
    expect(discoverLimits({ timeout: "121" })).toEqual({ problem: '--timeout: must be a number of seconds above 0 and at most 120; received "121"' });
  });

  it("prints an empty adopt block as {}", () => {
    expect(discoveryText({ domain: "a.example.com", edge: "proxy", adopt: {}, differences: [], notFound: [] })).toBe("a.example.com: edge proxy\nadopt: {}\ndifferences: none\n");
  });
});
