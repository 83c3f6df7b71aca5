import { spawn, spawnSync } from "node:child_process";
import { lookup } from "node:dns/promises";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { shellWord } from "../../src/cli/shell-word";
import { verifySettings } from "../../src/cli/verify-command";
import { specialKind } from "../../src/cli/special-kind";
import { cleanEnv, CLI_JS, runNode, useTempDirs, writeFile } from "../support/project";
import { ZONE_A } from "../support/fixtures";

const workdir = useTempDirs();

const proxyDomain = (domain: string) => ({
  domain,
  workspace: "acme",
  region: "us",
  edge: "proxy",
  proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.7" },
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A Unix socket file in `dir`, listening until the test ends. */
async function socketFile(dir: string): Promise<string> {
  const path = join(dir, "sock");
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(path, done));
  return path;
}

describe("the words the CLI uses for files and commands", () => {
  it("names each kind of non-regular file it refuses to write to", async () => {
    const dir = workdir();
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status, "mkfifo (coreutils) is needed").toBe(0);
    expect(specialKind(statSync(fifo))).toBe("a FIFO (named pipe)");
    expect(specialKind(statSync("/dev/null"))).toBe("a device");
    expect(specialKind(statSync(await socketFile(dir)))).toBe("a socket");
    expect(specialKind(statSync(dir))).toBe("not a regular file");
  });

  it.each([
    ["email-assets.yaml", "email-assets.yaml"],
    ["configs/prod.yaml", "configs/prod.yaml"],
    ["/srv/a@b/c+d=e:f%g.json", "/srv/a@b/c+d=e:f%g.json"],
    ["my configs/prod.yaml", "'my configs/prod.yaml'"],
    ["it's.yaml", "'it'\\''s.yaml'"],
    ["$HOME/x.yaml", "'$HOME/x.yaml'"],
    ["", "''"],
  ])("quotes %j for a POSIX shell as %s", (text, word) => {
    expect(shellWord(text)).toBe(word);
    // The shell reads it back as the same single word.
    const echoed = spawnSync("sh", ["-c", `printf '%s' ${word}`], { encoding: "utf8" });
    expect(echoed.stdout).toBe(text);
  });
});

describe("the CLI's usage errors for empty or foreign output places", () => {
  it.each([
    [["stacks", "--out", ""], "error: --out: is empty; give the folder synth writes to, e.g. cdktf.out"],
    [["stacks", "--out", "  "], "error: --out: is empty; give the folder synth writes to, e.g. cdktf.out"],
    [["synth", "--out", ""], "error: --out: is empty; give the folder to synthesize into, e.g. cdktf.out"],
    [["proxy-config", "--domain", "p.example.com", "--out", ""], "error: --out: is empty; give the file to write, or leave --out out to print the config"],
  ])("%j fails with exit 2, writing nothing", (args, line) => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [proxyDomain("p.example.com")] }));
    const run = runNode(CLI_JS, [...args, "--config", file], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual([line]);
    expect(readdirSync(cwd)).toEqual(["email-assets.yaml"]);
  });

  it("names the default output folder when it holds files synth did not write, and deletes nothing", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [proxyDomain("p.example.com")] }));
    writeFile(cwd, "cdktf.out/stacks/prod/main.tf", "mine");
    const run = runNode(CLI_JS, ["synth", "--config", file], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: the output folder: cdktf\.out holds files that email-assets synth did not write \(stacks\/prod\)/m);
    expect(readFileSync(join(cwd, "cdktf.out/stacks/prod/main.tf"), "utf8")).toBe("mine");
  });

  it("prints the trace of a failed synth only when EMAIL_ASSETS_DEBUG is set", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [proxyDomain("p.example.com")] }));
    writeFile(cwd, "file.txt", "not a folder");
    const args = ["synth", "--config", file, "--out", "file.txt/out"];
    const plain = runNode(CLI_JS, args, cwd);
    const debug = runNode(CLI_JS, args, cwd, cleanEnv({ EMAIL_ASSETS_DEBUG: "1" }));
    for (const run of [plain, debug]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^email-assets: synth failed: ENOTDIR/m);
    }
    expect(plain.stderr).not.toMatch(/^ {4}at /m);
    expect(debug.stderr).toMatch(/^Error: ENOTDIR[^\n]*\n {4}at /m);
  });
});

describe("the CLI's --domain and config source", () => {
  it("lists ten of the config's domains and counts the rest when --domain is not among them", () => {
    const cwd = workdir();
    const names = Array.from({ length: 12 }, (_, i) => `d${i + 1}.example.com`);
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: names.map(proxyDomain) }));
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "other.example.com", "--config", file], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd()).toBe(`error: --domain: other.example.com is not in ${file}; its domains: ${names.slice(0, 10).join(", ")} and 2 more`);
  });

  it("warns that verify checks the embedded example's placeholder domains when asked for them (--example)", () => {
    const cwd = workdir();
    // A resolver that refuses at once: the checks fail fast, offline.
    const run = runNode(CLI_JS, ["verify", "--example", "--domain", "emails.example.com", "--resolver", "127.0.0.1:9", "--timeout", "1"], cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("warning: verifying the embedded example's placeholder domains, not a config of yours; create one with email-assets init");
    expect(run.stdout).toMatch(/^emails\.example\.com: edge cloudflare, Intercom host your-workspace\.intercom-mail\.com/);
  });

  it("ends quietly with the command's exit code when the reader closes the pipe early (| head)", async () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: Array.from({ length: 40 }, (_, i) => proxyDomain(`d${i}.example.com`)) }));
    const child = spawn(process.execPath, [CLI_JS, "validate", "--config", file], { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    // The reader is gone before the first line is written.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", (status) => done(status)));
    expect(stderr).not.toContain("EPIPE");
    expect(stderr).not.toMatch(/^ {4}at /m);
    expect(code).toBe(0);
  });
});

describe("email-assets init's --out and the commands it suggests", () => {
  const FLAGS = ["--domain", "emails.example.com", "--workspace", "acme", "--region", "us", "--edge", "cloudflare", "--zone-id", ZONE_A, "--yes"];

  it("fails when --out is in a file rather than a folder, writing nothing", () => {
    const cwd = workdir();
    writeFile(cwd, "notes.txt", "mine");
    const run = runNode(CLI_JS, ["init", ...FLAGS, "--out", "notes.txt/e.yaml"], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--out: is in ${join(cwd, "notes.txt")}, which is not a folder; received "notes.txt/e.yaml"`);
    expect(readdirSync(cwd)).toEqual(["notes.txt"]);
  });

  it.each([
    ["a device", () => "/dev/null"],
    ["a FIFO (named pipe)", (dir: string) => {
      spawnSync("mkfifo", [join(dir, "fifo")]);
      return join(dir, "fifo");
    }],
  ])("refuses to write to %s, even with --force", (kind, make) => {
    const cwd = workdir();
    const out = make(cwd);
    const run = runNode(CLI_JS, ["init", ...FLAGS, "--force", "--out", out], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--out: is ${kind}, not a file; give the file to write; received ${JSON.stringify(out)}`);
  });

  it("writes, warns and suggests --config when the commands could not tell which config to read", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", "domains: []\n");
    writeFile(cwd, "email-assets.json", "{}\n");
    mkdirSync(join(cwd, "my configs"));
    const run = runNode(CLI_JS, ["init", ...FLAGS, "--out", "my configs/e.yaml"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`warning: config: found email-assets.yaml and email-assets.json in ${cwd}; keep only one so it is clear which is used`);
    expect(run.stderr).toContain("Next: email-assets validate --config 'my configs/e.yaml', then email-assets synth --config 'my configs/e.yaml'");
    expect(readFileSync(join(cwd, "my configs/e.yaml"), "utf8")).toContain("domain: emails.example.com");
  });

  it("warns about a blank $EMAIL_ASSETS_CONFIG after writing, and suggests --config", () => {
    const cwd = workdir();
    const run = runNode(CLI_JS, ["init", ...FLAGS], cwd, cleanEnv({ EMAIL_ASSETS_CONFIG: " " }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning: EMAIL_ASSETS_CONFIG: is set but blank; name a config file, or unset it to use email-assets.yaml here");
    expect(run.stderr).toContain("Next: email-assets validate --config email-assets.yaml");
  });
});

describe("verify's --resolver, looked up and written back", () => {
  it.each([
    ["::1", "[::1]:53"],
    ["[::1]:5300", "[::1]:5300"],
    ["[2606:4700:4700::1111]", "[2606:4700:4700::1111]:53"],
  ])("takes %j as %s", async (resolver, written) => {
    expect(await verifySettings({ resolver })).toEqual({ settings: { timeoutMs: 5000, expiryDays: 14, resolver: written } });
  });

  it("looks a resolver's name up through the system resolver and keeps its port", async () => {
    const { address, family } = await lookup("localhost");
    expect(await verifySettings({ resolver: "localhost:5353" })).toEqual({
      settings: { timeoutMs: 5000, expiryDays: 14, resolver: family === 6 ? `[${address}]:5353` : `${address}:5353` },
    });
  });

  it("fails when the resolver's name cannot be looked up, asking for its address", async () => {
    expect(await verifySettings({ resolver: "no-such-resolver.invalid:53" })).toEqual({
      problem: '--resolver: cannot look up no-such-resolver.invalid through the system resolver; give its IP address instead; received "no-such-resolver.invalid:53"',
    });
  });
});

describe("verify on a terminal", () => {
  it("marks each failed check with a red cross and each passed one with a green tick, then exits 1", () => {
    const cwd = workdir();
    const command = `stty cols 120 rows 40; '${process.execPath}' '${CLI_JS}' verify --example --domain emails.example.com --resolver 127.0.0.1:9 --timeout 1`;
    // util-linux script gives the command a terminal (its presence is asserted in init.test.ts).
    const run = spawnSync("script", ["-qfec", command, "/dev/null"], { cwd, env: cleanEnv({ TERM: "xterm" }), encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("\x1b[31m✖\x1b[39m dns      emails.example.com A/AAAA: resolver 127.0.0.1:9 could not be reached (connection refused)");
    expect(run.stdout).toContain("\x1b[32m✔\x1b[39m hsts     not checked");
    expect(run.stdout).toContain("emails.example.com: 5 of 6 checks failed");
  });
});

describe("synth's next steps", () => {
  it("offer cdktf deploy only when the project's app would synthesize the same stacks (no --config, no --out)", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify({ domains: [proxyDomain("p.example.com")] }));
    writeFile(cwd, "cdktf.json", '{"app":"node dist/stacks/main.js"}');
    const found = runNode(CLI_JS, ["synth"], cwd);
    expect(found.status, found.stderr).toBe(0);
    expect(found.stderr).toContain("terraform -chdir=cdktf.out/stacks/p-example-com apply (or cdktf deploy p-example-com)");
    for (const args of [["--config", "email-assets.yaml"], ["--out", "elsewhere"]]) {
      const run = runNode(CLI_JS, ["synth", ...args], cwd);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^ {4}1\. apply: terraform -chdir=\S+\/stacks\/p-example-com init && terraform -chdir=\S+\/stacks\/p-example-com apply$/m);
      expect(run.stderr).not.toContain("cdktf deploy");
    }
  });
});

describe("words the commands do not take", () => {
  it.each([
    [["init", "--yes", "--domain", "--workspace", "acme"], "error: --domain: is missing its value (the next word, --workspace, is a flag); give --domain <domain>"],
    [["verify", "--config", "--json"], "error: --config: is missing its value (the next word, --json, is a flag); give --config <file>"],
    [["validate", "extra"], 'error: unexpected argument "extra": email-assets validate takes flags only, each with its value (--name value); email-assets validate --help lists them'],
    [["stacks", "--json", "prod"], 'error: unexpected argument "prod": email-assets stacks takes flags only, each with its value (--name value); email-assets stacks --help lists them'],
  ])("%j fails with exit 2 and one line naming the word, writing nothing", (args, line) => {
    const cwd = workdir();
    const run = runNode(CLI_JS, args, cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual([line]);
    expect(run.stdout).toBe("");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("follows commander's own errors with one line on where the flags are, not the whole help", () => {
    const run = runNode(CLI_JS, ["init", "--zoneid", "x"], workdir());
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual(["error: unknown option '--zoneid'", "(Did you mean --zone-id?)", "(email-assets <command> --help lists its flags)"]);
  });
});
