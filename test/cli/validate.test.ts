import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { cleanEnv, CLI_JS, PROJECT_DIR, runNode, useTempDirs, writeFile } from "../support/project";
import { cloudflareDomain, threeRegionConfig } from "../support/fixtures";

const workdir = useTempDirs();

describe("email-assets --version", () => {
  it("prints the package's version and exits 0", () => {
    const run = runNode(CLI_JS, ["--version"], workdir());
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as { version: string }).version);
  });
});

describe("email-assets validate", () => {
  it("exits 0 with one summary line per domain", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "fleet.yaml", stringify(threeRegionConfig()));
    const run = runNode(CLI_JS, ["validate", "--config", file], cwd);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^emails\.example\.com: edge cloudflare, mode page-rules, .*region us, CNAME -> acme\.intercom-mail\.com, stack emails-example-com$/);
    expect(lines[1]).toContain("CNAME -> acme-eu.intercom-mail.eu");
    expect(lines[2]).toContain("CNAME -> acme-au.au.intercom-mail.com");
  });

  it("validates the embedded example with --example", () => {
    const cwd = workdir();
    const run = runNode(CLI_JS, ["validate", "--example"], cwd);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("links.example.net: edge proxy, server nginx, dns external, config links.example.net.nginx.conf, region us, A -> 203.0.113.10, stack links-example-net");
    expect(lines[2]).toBe(
      "emails.example.org: edge cloudfront, dns route53 (zone Z00000000000000EXAMPLE), certificate new (DNS-validated), price class PriceClass_All, viewer TLS TLSv1.2_2021, region eu, A -> the CloudFront distribution, stack emails-example-org",
    );
    expect(run.stderr).toContain("embedded example");
  });

  it("finds email-assets.yml in the working directory", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yml", stringify({ domains: [cloudflareDomain({ domain: "here.example.com" })] }));
    const run = runNode(CLI_JS, ["validate"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^here\.example\.com: /);
  });

  it("prints warnings on stderr and still exits 0", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.json", JSON.stringify({ domains: [cloudflareDomain({ domain: "a.b.example.com" })] }));
    const run = runNode(CLI_JS, ["validate", "--config", file], cwd);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^warning: domains\[0\]\.domain: .*Universal SSL/m);
  });

  it("fails when the config is invalid: exit 1, every problem on stderr as <field path>: <problem>", () => {
    const cwd = workdir();
    const file = writeFile(
      cwd,
      "bad.yaml",
      stringify({
        domains: [
          cloudflareDomain({ region: "useast" }),
          cloudflareDomain({ domain: "example.com", cloudflare: { zoneId: "123" } }),
        ],
      }),
    );
    const run = runNode(CLI_JS, ["validate", "--config", file], cwd);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    // stderr holds the problems and nothing else, one `<field path>: <problem>` per line.
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      'domains[0].region: must be one of us, eu, au; received "useast"',
      expect.stringMatching(/^domains\[1\]\.domain: is the apex of example\.com; .*; received "example\.com"$/),
      expect.stringMatching(/^domains\[1\]\.cloudflare\.zoneId: must be a Cloudflare zone id: 32 hexadecimal digits.*; received "123"$/),
    ]);
  });

  it("fails when $EMAIL_ASSETS_CONFIG is set but blank, instead of quietly using another config", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify(threeRegionConfig()));
    const run = runNode(CLI_JS, ["validate"], cwd, cleanEnv({ EMAIL_ASSETS_CONFIG: "  " }));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('EMAIL_ASSETS_CONFIG: is set but blank; name a config file, or unset it to use email-assets.yaml here; received "  "\n');
  });

  it("reads a fleet that shares a block through many YAML aliases, anchored under an x- key", () => {
    const cwd = workdir();
    const domains = Array.from({ length: 120 }, (_, i) => `  - { domain: e${i}.example.com, workspace: acme, region: us, edge: cloudflare, cloudflare: *cf }`);
    const file = writeFile(cwd, "fleet.yaml", ["x-cloudflare: &cf { zoneId: 0123456789abcdef0123456789abcdef }", "domains:", ...domains, ""].join("\n"));
    const run = runNode(CLI_JS, ["validate", "--config", file], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(120);
  });

  it("fails when $EMAIL_ASSETS_CONFIG points at an invalid JSON file, with exit 1", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.json", "{ domains: }");
    const run = runNode(CLI_JS, ["validate"], cwd, cleanEnv({ EMAIL_ASSETS_CONFIG: file }));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^config: c\.json is not valid JSON/);
  });

  it.each([
    [["validate", "--config"], "argument missing"],
    [["validate", "--bogus"], "unknown option '--bogus'"],
    [["valdate"], "unknown command 'valdate'"],
    [[], "Usage: email-assets"],
    [["validate", "--config", "does-not-exist.yaml"], "--config: file not found: does-not-exist.yaml"],
    [["validate", "--config", ""], "--config: is empty; name a YAML or JSON file"],
    [["validate", "--config", "fleet.yaml/"], "--config: fleet.yaml/ ends in /, so it names a folder"],
    [["validate", "--config", "line\nbreak\u202e.yaml"], "--config: file not found: line\\u000abreak\\u202e.yaml"],
  ])("fails with usage error exit 2 for %j", (args, message) => {
    const cwd = workdir();
    const run = runNode(CLI_JS, args, cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("exits 0 for --help", () => {
    const run = runNode(CLI_JS, ["validate", "--help"], workdir());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("--config <file>");
  });
});

describe("email-assets proxy-config", () => {
  const config = {
    domains: [
      {
        domain: "emails.example.com",
        workspace: "acme",
        region: "eu",
        edge: "proxy",
        proxy: { server: "apache", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10" },
      },
      cloudflareDomain({ domain: "cf.example.com" }),
    ],
  };

  it("prints the configured server's config for a domain (matched after normalization)", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "Emails.Example.com.", "--config", file], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("<VirtualHost *:443>");
    expect(run.stdout).toContain("ProxyPass / https://acme.intercom-mail.eu/ nocanon addressttl=60");
  });

  it("renders for another server with --server and writes it with --out", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "emails.example.com", "--server", "nginx", "--config", file, "--out", "site.conf"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(readFileSync(join(cwd, "site.conf"), "utf8")).toContain("proxy_pass https://$email_assets_origin;");
  });

  it.each([
    [["--domain", "nope.example.com"], "nope.example.com is not in"],
    [["--domain", "cf.example.com"], "uses edge cloudflare; proxy-config renders configs for edge: proxy domains only"],
    [["--domain", "https://emails.example.com/"], "--domain: must be a bare host name"],
    [["--domain", "emails.example.com", "--server", "caddy"], "--server: must be one of apache, nginx"],
    [["--domain", "emails.example.com", "--out", "no/such/dir/site.conf"], "--out: folder does not exist"],
    [["--domain", "emails.example.com", "--out", "."], "--out: . is a folder; give the file to write, e.g. emails.example.com.apache.conf"],
    [[], "required option '--domain <domain>' not specified"],
  ])("fails with usage error exit 2 for %j", (args, message) => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const run = runNode(CLI_JS, ["proxy-config", "--config", file, ...args], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("replaces a config it wrote before, through a symlink, keeping the link (sites-enabled)", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    writeFile(cwd, "sites-available/emails.conf", "# email-assets-domain: an older version\n");
    symlinkSync(join(cwd, "sites-available/emails.conf"), join(cwd, "enabled.conf"));
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "emails.example.com", "--config", file, "--out", "enabled.conf"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(lstatSync(join(cwd, "enabled.conf")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(cwd, "sites-available/emails.conf"), "utf8")).toContain("<VirtualHost *:443>");
  });

  it.each([
    ["the config file itself", (cwd: string) => ({ out: "c.yaml", keep: join(cwd, "c.yaml") }), "is the config file itself"],
    ["a file it did not write", (cwd: string) => ({ out: "mine.conf", keep: writeFile(cwd, "mine.conf", "# my own site\n") }), "was not written by email-assets; pass --force"],
    ["a path below a file", (cwd: string) => ({ out: "c.yaml/x.conf", keep: join(cwd, "c.yaml") }), "is not a folder"],
  ])("fails when --out names %s, and leaves it as it was", (_name, setup, message) => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const { out, keep } = setup(cwd);
    const before = readFileSync(keep, "utf8");
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "emails.example.com", "--config", file, "--out", out], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(readFileSync(keep, "utf8")).toBe(before);
    expect(readdirSync(cwd).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("replaces a file it did not write when told to with --force", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    writeFile(cwd, "mine.conf", "# my own site\n");
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "emails.example.com", "--config", file, "--out", "mine.conf", "--force"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(cwd, "mine.conf"), "utf8")).toMatch(/^# email-assets-domain: emails\.example\.com/);
  });

  const PRINT_INSTEAD = "leave --out out to print the config to standard output";
  it.each([
    ["a FIFO, which a write would block on", (cwd: string) => (spawnSync("mkfifo", [join(cwd, "pipe.conf")]), "pipe.conf"), `pipe.conf is a FIFO (named pipe), not a file; ${PRINT_INSTEAD}`],
    ["a device", () => "/dev/null", `/dev/null is a device, not a file; ${PRINT_INSTEAD}`],
    ["a symlink that leads nowhere", (cwd: string) => (symlinkSync("gone.conf", join(cwd, "dangling.conf")), "dangling.conf"), "dangling.conf is a symbolic link to gone.conf, which leads nowhere; give the file to write"],
    ["a folder that does not exist yet, by a trailing /", () => "newdir/", "newdir/ ends in /, so it names a folder; give the file to write, e.g. newdir/emails.example.com.apache.conf"],
  ])("fails when --out names %s, even with --force: exit 2, no hang, nothing replaced", (_name, setup, message) => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const out = setup(cwd);
    const run = spawnSync(process.execPath, [CLI_JS, "proxy-config", "--domain", "emails.example.com", "--config", file, "--out", out, "--force"], {
      cwd,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.error, "proxy-config hung").toBeUndefined();
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`error: --out: ${message}\n`);
    expect(run.stdout).toBe("");
    expect(readdirSync(cwd).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    if (out === "/dev/null") expect(statSync(out).isCharacterDevice()).toBe(true);
  });

  it("fails when --out is /dev/stdout, whether standard output is a pipe or a file, even with --force", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const command = `"${process.execPath}" "${CLI_JS}" proxy-config --domain emails.example.com --config "${file}" --out /dev/stdout --force | cat; exit "\${PIPESTATUS[0]}"`;
    const run = spawnSync("bash", ["-c", command], { cwd, encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`error: --out: /dev/stdout names one of this process's own descriptors, not a file; ${PRINT_INSTEAD}\n`);
    expect(run.stdout).toBe("");
    // Redirected to a file, /dev/stdout is a regular file: replacing it by rename would leave the
    // shell writing to a deleted file.
    writeFile(cwd, "captured.txt", "earlier output\n");
    const toFile = spawnSync("bash", ["-c", `"${process.execPath}" "${CLI_JS}" proxy-config --domain emails.example.com --config "${file}" --out /dev/stdout --force >> captured.txt`], { cwd, encoding: "utf8" });
    expect(toFile.status).toBe(2);
    expect(readFileSync(join(cwd, "captured.txt"), "utf8")).toBe("earlier output\n");
  });

  it("prints to standard output for --out -, and writes no file named -", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "emails.example.com", "--config", file, "--out", "-"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^# email-assets-domain: emails\.example\.com -> /);
    expect(readdirSync(cwd)).toEqual(["c.yaml"]);
  });

  it("keeps the mode and owner of a file it replaces", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const site = writeFile(cwd, "site.conf", "# email-assets-domain: an older version\n");
    chmodSync(site, 0o640);
    // Changing the owner needs root, as CI runs; elsewhere the file keeps the tester's own.
    const owner = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : { uid: statSync(site).uid, gid: statSync(site).gid };
    if (process.getuid?.() === 0) chownSync(site, owner.uid, owner.gid);
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "emails.example.com", "--config", file, "--out", "site.conf"], cwd);
    expect(run.status, run.stderr).toBe(0);
    const after = statSync(site);
    expect(after.mode & 0o7777).toBe(0o640);
    expect({ uid: after.uid, gid: after.gid }).toEqual(owner);
    expect(readFileSync(site, "utf8")).toMatch(/^# email-assets-domain: emails\.example\.com -> /);
  });

  it("ends quietly when the reader of its output stops early (| head)", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(config));
    const run = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI_JS}" proxy-config --domain emails.example.com --config "${file}" | head -c 10`], { cwd, encoding: "utf8" });
    expect(run.stdout).toBe("# email-as");
    expect(run.stderr).toBe("");
  });

  it("fails when the config is invalid, with exit 1 and the problems", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify({ domains: [{ ...config.domains[0], region: "mars" }] }));
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "emails.example.com", "--config", file], cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('domains[0].region: must be one of us, eu, au; received "mars"');
  });
});
