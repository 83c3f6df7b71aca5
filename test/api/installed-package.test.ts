// The package as a user installs it (README "Quick start"): packed, installed with npm's defaults
// into an empty folder, once for the whole file. The installed `email-assets` is the bundle
// (scripts/bundle.mjs); every command is compared with the tsc build's CLI (dist/src/cli/main.js),
// which the rest of the suite tests: same files with the same bytes, same output, same exit code.
// The library entry points are checked there too, with the peers an app has linked in or left out.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { startAwsStandIn } from "../support/aws-stand-ins";
import { startCloudflareStandIn } from "../support/cloudflare-stand-in";
import { certificate, CERTIFICATE_ARN, cloudflareDomainConfig, cloudFrontDomainConfig, distribution, pageRulesWorld } from "../support/discover-fixtures";
import { discoverEnv, runCli } from "../support/discover-run";
import { ENGINE_PARITY_CONFIGS } from "../support/engine-configs";
import { diskUsage, installedPackageNames, packAndInstall, withoutCoverage, type InstalledPackage } from "../support/installed-package";
import { cleanEnv, CLI_JS, PROJECT_DIR, snapshotTree, tempDir, writeFile, type RunResult } from "../support/project";

/** Issue 21's ceiling for the installed package, everything it brings included. */
const MAX_INSTALLED_BYTES = 15 * 1024 * 1024;
const PEERS = ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-cloudflare"];

let installed: InstalledPackage;
let work: string;
beforeAll(() => {
  installed = packAndInstall();
  work = join(installed.dir, "..", "work");
  mkdirSync(work);
}, 180_000);
afterAll(() => installed?.cleanup());

/** The README's YAML blocks that are configs (the examples users copy), by their first line. */
const README_CONFIGS: [string, string][] = [...readFileSync(join(PROJECT_DIR, "README.md"), "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((match) => match[1] ?? "")
  .filter((block) => /^(domains|defaults|terraform):/m.test(block))
  .map((block, index) => [`README config ${index + 1} (${block.split("\n")[0]})`, block]);

/**
 * Runs the same command with the installed CLI and with the tsc build, each in a folder of its own
 * holding the same files, at the same time; their paths are replaced by <cwd> in what they print.
 */
async function both(name: string, args: readonly string[], files: Record<string, string> = {}, env: NodeJS.ProcessEnv = cleanEnv()) {
  const run = async (cli: string, side: string, sideEnv: NodeJS.ProcessEnv) => {
    const cwd = join(work, name.replace(/[^a-z0-9]+/gi, "-"), side);
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd, { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFile(cwd, file, content);
    const result = await runCli(args, cwd, sideEnv, cli);
    // Paths differ by folder, and Node's warnings carry the process id.
    const clean = (text: string): string => text.split(cwd).join("<cwd>").replace(/\(node:\d+\)/g, "(node:<pid>)");
    return { cwd, result: { status: result.status, stdout: clean(result.stdout), stderr: clean(result.stderr) } as RunResult };
  };
  const [bundle, tsc] = await Promise.all([run(installed.cli, "installed", withoutCoverage(env)), run(CLI_JS, "tsc", env)]);
  expect(bundle.result).toEqual(tsc.result);
  return { bundle, tsc };
}

describe("the packed package, installed with npm's defaults into an empty folder", () => {
  it("takes at most 15 MB and installs no other package: no cdktf, constructs or provider bindings", () => {
    const bytes = diskUsage(join(installed.dir, "node_modules"));
    expect(bytes, `${(bytes / 1e6).toFixed(1)} MB installed`).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    expect(installedPackageNames(join(installed.dir, "node_modules"))).toEqual(["email-assets-domain"]);
    for (const peer of PEERS) expect(installed.manifest.peerDependenciesMeta).toHaveProperty([peer, "optional"], true);
  });

  it("carries no script npm would run on install (prepare, preinstall, install, postinstall)", () => {
    for (const script of ["prepare", "preinstall", "install", "postinstall"]) expect(installed.manifest.scripts ?? {}).not.toHaveProperty(script);
    expect(installed.manifest.private).toBeUndefined();
  });

  it("email-assets --version prints the package's version", () => {
    // npm links the bin to the bundle, which starts with its interpreter line.
    expect(readFileSync(installed.cli, "utf8").split("\n", 1)[0]).toBe("#!/usr/bin/env node");
    const run = spawnSync(process.execPath, [installed.cli, "--version"], { cwd: installed.dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`${installed.manifest.version}\n`);
  });

  const configs: [string, string | undefined][] = [
    ...Object.entries(ENGINE_PARITY_CONFIGS).map(([name, config]): [string, string | undefined] => [name, config === undefined ? undefined : JSON.stringify(config)]),
    ...README_CONFIGS,
  ];
  it.each(configs)("synth --modules of %s: the same files with the same bytes, output and exit code as the tsc build", async (name, config) => {
    const file = config === undefined ? undefined : config.startsWith("{") ? "email-assets.json" : "email-assets.yaml";
    const args = ["synth", "--modules", "--out", "out", ...(file === undefined ? ["--example"] : ["--config", file])];
    const { bundle, tsc } = await both(`synth ${name}`, args, file === undefined ? {} : { [file]: config! });
    if (bundle.result.status !== 0) {
      // A README block that is an error example: both refuse it alike, and write nothing.
      expect(bundle.result.stderr).not.toBe("");
      return;
    }
    // Node 22 and later deprecate a call cdktf makes for a named stack's map output (the CLI mutes it).
    expect(bundle.result.stderr).not.toContain("DeprecationWarning");
    const files = snapshotTree(join(bundle.cwd, "out"));
    expect(Object.keys(files).length).toBeGreaterThan(0);
    expect(files).toEqual(snapshotTree(join(tsc.cwd, "out")));
  });

  it("validate, stacks, proxy-config and init (with flags) answer as the tsc build does", async () => {
    const config = { "email-assets.json": JSON.stringify(ENGINE_PARITY_CONFIGS.proxies) };
    expect((await both("validate", ["validate", "--config", "email-assets.json"], config)).bundle.result.status).toBe(0);
    expect((await both("validate bad", ["validate", "--config", "bad.yaml"], { "bad.yaml": "domains:\n  - domain: x\n" })).bundle.result.status).toBe(1);
    const stacks = await both("stacks", ["stacks", "--json", "--config", "email-assets.json"], config);
    expect(JSON.parse(stacks.bundle.result.stdout)).toHaveLength(2);
    for (const server of ["nginx", "apache"]) {
      const proxy = await both(`proxy ${server}`, ["proxy-config", "--config", "email-assets.json", "--domain", "links.example.net", "--server", server], config);
      expect(proxy.bundle.result.stdout).toContain("links.example.net");
    }
    const initArgs = ["init", "--yes", "--domain", "emails.example.com", "--workspace", "acme", "--region", "eu", "--edge", "cloudflare", "--zone-id", "0123456789abcdef0123456789abcdef"];
    const init = await both("init", initArgs);
    expect(init.bundle.result.status).toBe(0);
    expect(readFileSync(join(init.bundle.cwd, "email-assets.yaml"), "utf8")).toBe(readFileSync(join(init.tsc.cwd, "email-assets.yaml"), "utf8"));
    expect((await both("usage", ["synth", "--no-such-flag"])).bundle.result.status).toBe(2);
  });

  it("init's prompts load from their part of the bundle (an interactive init asks through them)", () => {
    const script = `const p = require(${JSON.stringify(join(installed.packageDir, "dist", "cli", "prompts.js"))})("@inquirer/prompts"); console.log(["input", "select", "confirm"].map((name) => typeof p[name]).join(" "))`;
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(run.stdout.trim(), run.stderr).toBe("function function function");
  });

  it("verify runs every check and reports a resolver that refuses (exit 1), as the tsc build does", async () => {
    const args = ["verify", "--example", "--domain", "emails.example.com", "--resolver", "127.0.0.1:1", "--timeout", "2", "--json", "--junit", "report.xml"];
    const { bundle, tsc } = await both("verify", args);
    expect(bundle.result.status).toBe(1);
    expect((JSON.parse(bundle.result.stdout) as { checks: { name: string }[] }).checks.map((check) => check.name)).toEqual(["dns", "caa", "tls", "redirect", "hsts", "intercom"]);
    const junit = (cwd: string): string => readFileSync(join(cwd, "report.xml"), "utf8").replace(/time="[^"]*"|timestamp="[^"]*"/g, "");
    expect(junit(bundle.cwd)).toBe(junit(tsc.cwd));
  });

  it("discover reads the Cloudflare and AWS stand-ins and prints what the tsc build prints", async () => {
    const cloudflare = await startCloudflareStandIn(pageRulesWorld());
    const aws = await startAwsStandIn({ distributions: [distribution("E2REAL00000002", "d222222abcdef8.cloudfront.net", ["assets.example.org"])], certificates: [certificate(CERTIFICATE_ARN, "assets.example.org")] });
    try {
      const config = { "email-assets.yaml": stringify({ domains: [cloudflareDomainConfig(), cloudFrontDomainConfig(undefined, { domain: "assets.example.org" })] }) };
      const { bundle } = await both("discover", ["discover", "--config", "email-assets.yaml", "--json"], config, discoverEnv({ cloudflare: cloudflare.url, aws: aws.url }));
      expect(bundle.result.status, bundle.result.stderr).toBe(0);
      const found = JSON.parse(bundle.result.stdout) as { domain: string; adopt: Record<string, unknown> }[];
      expect(found.map((entry) => [entry.domain, Object.keys(entry.adopt).length > 0])).toEqual([["emails.example.com", true], ["assets.example.org", true]]);
    } finally {
      await Promise.all([cloudflare.close(), aws.close()]);
    }
  });
});

/** An app folder holding a copy of the installed package and, linked from this checkout, the peers named. */
function appWith(peers: readonly string[]): string {
  const { dir } = tempDir("email-assets-peers-");
  cpSync(installed.packageDir, join(dir, "node_modules", "email-assets-domain"), { recursive: true });
  for (const peer of peers) {
    mkdirSync(dirname(join(dir, "node_modules", peer)), { recursive: true });
    symlinkSync(join(PROJECT_DIR, "node_modules", peer), join(dir, "node_modules", peer));
  }
  writeFile(dir, "package.json", JSON.stringify({ name: "user-app", version: "1.0.0", private: true }));
  return dir;
}

/** Synthesizes the project's stack for one domain with the library, in `dir`. */
function synthDomain(dir: string, domain: Record<string, unknown>): RunResult {
  const script = `
    const { App } = require("cdktf");
    const { EmailAssetsStack, parseConfig, resolveStacks } = require("email-assets-domain");
    const { specs, terraform } = parseConfig({ domains: [${JSON.stringify(domain)}] });
    const app = new App({ outdir: "cdktf.out" });
    for (const plan of resolveStacks(specs, terraform)) new EmailAssetsStack(app, plan, { localStatePath: "terraform.tfstate" });
    app.synth();
    console.log(app.node.children.map((child) => child.node.id).join(","));
  `;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The one line the library throws for missing peers: names the packages and the install command, no resolution trace. */
function expectMissingPeers(run: RunResult, peers: readonly string[]): void {
  expect(run.status).not.toBe(0);
  const ranges = (JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as { peerDependencies: Record<string, string> }).peerDependencies;
  const line = /^Error: (email-assets-domain needs .*)$/m.exec(run.stderr)?.[1];
  expect(line, run.stderr).toBeDefined();
  expect(line).toContain(`needs ${peers.join(" and ")} for `);
  expect(line).toMatch(new RegExp(`: install (it|them) beside email-assets-domain, npm install ${peers.map((peer) => `${peer}@${JSON.stringify(ranges[peer])}`).join(" ").replace(/[|^.*"]/g, "\\$&")}$`));
  expect(run.stderr).not.toContain("Require stack");
}

describe("the library entry points, installed, with the peers an app has", () => {
  const cloudflare = cloudflareDomainConfig();
  const cloudfront = cloudFrontDomainConfig(undefined, { domain: "assets.example.org" });

  it("email-assets-domain/validate works with no peer at all; the main entry point asks for cdktf and constructs in one line", () => {
    const dir = appWith([]);
    try {
      const validate = spawnSync(process.execPath, ["-e", 'const v = require("email-assets-domain/validate"); console.log(v.validateConfig(v.EXAMPLE_CONFIG).specs.length)'], { cwd: dir, encoding: "utf8" });
      expect(validate.stdout.trim(), validate.stderr).toBe("4");
      // An ES module app imports the names too (Node reads them from the CommonJS entry point).
      const esm = spawnSync(process.execPath, ["--input-type=module", "-e", 'import { validateConfig, EXAMPLE_CONFIG } from "email-assets-domain/validate"; console.log(validateConfig(EXAMPLE_CONFIG).problems.length)'], { cwd: dir, encoding: "utf8" });
      expect(esm.stdout.trim(), esm.stderr).toBe("0");
      const main = spawnSync(process.execPath, ["-e", 'require("email-assets-domain")'], { cwd: dir, encoding: "utf8" });
      // Both of the pair are missing: the line names both, whichever the library asked for first.
      expectMissingPeers({ status: main.status, stdout: main.stdout, stderr: main.stderr }, ["cdktf", "constructs"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a Cloudflare-only app synthesizes without @cdktf/provider-aws, and a CloudFront domain asks for it in one line", () => {
    const dir = appWith(["cdktf", "constructs", "@cdktf/provider-cloudflare"]);
    try {
      const ok = synthDomain(dir, cloudflare);
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout.trim()).toBe("emails-example-com");
      expectMissingPeers(synthDomain(dir, cloudfront), ["@cdktf/provider-aws"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an AWS-only app synthesizes without @cdktf/provider-cloudflare, and a Cloudflare domain asks for it in one line", () => {
    const dir = appWith(["cdktf", "constructs", "@cdktf/provider-aws"]);
    try {
      const ok = synthDomain(dir, cloudfront);
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout.trim()).toBe("assets-example-org");
      expectMissingPeers(synthDomain(dir, cloudflare), ["@cdktf/provider-cloudflare"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
