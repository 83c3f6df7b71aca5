import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { changedSince, type ChangedEntry } from "../../src/cli/changed-since";
import { UsageError } from "../../src/cli/config-flags";
import { loadConfig } from "../../src/config/files/load-config";
import { stackDigest } from "../../src/stacks/stack-digests";
import { synthApp } from "../../src/stacks/synth-app";
import { digestedEntries } from "../../src/cli/stack-entries";
import { resolveStacks } from "../../src/plan/resolve-plan";
import { ZONE_A, ZONE_B } from "../support/fixtures";
import { commitAll, gitInit } from "../support/git-repo";
import { cleanEnv, CLI_JS, runNode, useTempDirs, writeFile } from "../support/project";

// `stacks --changed-since REF` in a real git repository: the config committed, then changed in the
// working tree (as a pull request's checkout has it), then compared. Most cases call the command's
// function in this process (fast); a few run the compiled CLI end to end.

const workdir = useTempDirs();

type Domain = Record<string, unknown>;
const cloudflare = (domain: string, zoneId: string, extra: Domain = {}): Domain => ({ domain, workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId }, ...extra });
const ZONE_C = "00112233445566778899aabbccddeeff";
const cloudfront = (domain: string, extra: Domain = {}): Domain => ({ domain, workspace: "acme", region: "us", edge: "cloudfront", cloudfront: {}, ...extra });

/**
 * A fleet: three domains of their own, and two in the named stack `fleet`. Each Cloudflare domain
 * in a zone of its own: a zone's shared pieces live in the stack of its first domain (see the test
 * of a reordering that moves them).
 */
const FLEET: Domain[] = [
  cloudflare("a.example.com", ZONE_A),
  cloudflare("b.example.com", ZONE_B),
  cloudfront("c.example.com"),
  cloudfront("m1.example.org", { stack: "fleet" }),
  cloudflare("m2.example.org", ZONE_C, { stack: "fleet" }),
];

const yaml = (domains: Domain[], extra: Record<string, unknown> = {}) => stringify({ ...extra, domains });

/** A repository whose first commit holds `infra/email-assets.yaml` with `text`; returns the folder and the config's path. */
function repoWith(text: string, files: Record<string, string> = {}): { dir: string; config: string } {
  const dir = workdir();
  gitInit(dir);
  const config = writeFile(dir, "infra/email-assets.yaml", text);
  for (const [name, content] of Object.entries(files)) writeFile(dir, name, content);
  commitAll(dir, "the fleet");
  return { dir, config };
}

interface Listing {
  readonly entries: ChangedEntry[];
  /** What was said on stderr. */
  readonly news: string;
}

/** The command's function on the working tree's config, against `ref`. */
async function changed(dir: string, config: string, ref = "HEAD"): Promise<Listing> {
  let news = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      news += chunk.toString();
      done();
    },
  });
  const entries = await changedSince(loadConfig({ configPath: config }), ref, { outdir: "cdktf.out", env: cleanEnv(), cwd: dir }, stream);
  return { entries, news };
}

const changes = (listing: Listing) => listing.entries.map((entry) => [entry.stack, entry.change]).sort();

describe("stacks --changed-since: what counts as a change", () => {
  it("lists nothing for a comment, a reordering of the domains, or keys moved into defaults", async () => {
    const { dir, config } = repoWith(yaml(FLEET));
    writeFileSync(config, `# The email assets fleet.\n${yaml(FLEET)}# the end\n`);
    expect((await changed(dir, config)).entries).toEqual([]);
    writeFileSync(config, yaml([...FLEET].reverse()));
    expect((await changed(dir, config)).entries).toEqual([]);
    const moved = FLEET.map(({ workspace: _workspace, region: _region, ...rest }) => rest);
    writeFileSync(config, yaml(moved, { defaults: { workspace: "acme", region: "us" } }));
    expect((await changed(dir, config)).entries).toEqual([]);
  });

  it("lists exactly a changed domain, a named stack with a changed member, an added and a removed domain", async () => {
    const { dir, config } = repoWith(yaml(FLEET));
    const [a, _b, c, m1] = FLEET;
    const now = [{ ...a, region: "eu" }, c, m1, cloudflare("m2.example.org", ZONE_C, { stack: "fleet", workspace: "beta" }), cloudfront("d.example.com")];
    writeFileSync(config, yaml(now));
    const listing = await changed(dir, config);
    expect(changes(listing)).toEqual([
      ["a-example-com", "changed"],
      ["b-example-com", "removed"],
      ["d-example-com", "added"],
      ["fleet", "changed"],
    ]);
    // The removed stack's fields come from the config at the revision.
    const removed = listing.entries.find((entry) => entry.change === "removed");
    expect(removed).toMatchObject({ stack: "b-example-com", kind: "domain", domains: ["b.example.com"], edges: ["cloudflare"], directory: "cdktf.out/stacks/b-example-com" });
    const fleet = listing.entries.find((entry) => entry.stack === "fleet");
    expect(fleet).toMatchObject({ kind: "named", domains: ["m1.example.org", "m2.example.org"], state: "local:terraform.fleet.tfstate" });
    expect(fleet?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(listing.news).toBe("");
  });

  it("lists the stacks a reordering moves a zone's shared pieces between: the Terraform decides, not the text", async () => {
    const shared = [cloudflare("a.example.com", ZONE_A), cloudflare("m2.example.org", ZONE_A, { stack: "fleet" })];
    const { dir, config } = repoWith(yaml(shared));
    writeFileSync(config, yaml([...shared].reverse()));
    expect(changes(await changed(dir, config))).toEqual([["a-example-com", "changed"], ["fleet", "changed"]]);
  });

  it("compares against the named revision, not the latest commit", async () => {
    const { dir, config } = repoWith(yaml(FLEET));
    writeFileSync(config, yaml(FLEET.slice(0, 4)));
    commitAll(dir, "drop m2");
    expect(changes(await changed(dir, config))).toEqual([]);
    expect(changes(await changed(dir, config, "HEAD~1"))).toEqual([["fleet", "changed"]]);
  });
});

describe("stacks --changed-since: the config's history", () => {
  it("lists every stack as added when the config did not exist at the revision, and says so", async () => {
    const { dir, config } = repoWith(yaml(FLEET));
    rmSync(config);
    commitAll(dir, "no config yet");
    writeFileSync(config, yaml(FLEET));
    const listing = await changed(dir, config);
    expect(changes(listing)).toEqual(["a-example-com", "b-example-com", "c-example-com", "fleet"].map((id) => [id, "added"]));
    expect(listing.news).toBe("email-assets: infra/email-assets.yaml did not exist at HEAD: every stack is listed as added\n");
  });

  it("lists every stack as changed when the config at the revision does not validate, and says why", async () => {
    const { dir, config } = repoWith(yaml([cloudflare("a.example.com", ZONE_A, { region: "mars" })]));
    writeFileSync(config, yaml(FLEET.slice(0, 2)));
    const listing = await changed(dir, config);
    expect(changes(listing)).toEqual([["a-example-com", "changed"], ["b-example-com", "changed"]]);
    expect(listing.news).toMatch(/^email-assets: infra\/email-assets\.yaml at HEAD does not validate \(domains\[0\]\.region: .*\): every stack is listed as changed\n$/);
  });

  it("fails when the config is not in a git repository", async () => {
    const dir = workdir();
    const config = writeFile(dir, "email-assets.yaml", yaml(FLEET));
    await expect(changed(dir, config)).rejects.toThrow(UsageError);
    await expect(changed(dir, config)).rejects.toThrow(/^--changed-since: .*email-assets\.yaml is not in a git repository \(fatal: not a git repository/);
  });

  it("fails when the revision is not a commit of the repository", async () => {
    const { dir, config } = repoWith(yaml(FLEET));
    await expect(changed(dir, config, "origin/main")).rejects.toThrow(/^--changed-since: "origin\/main" is not a commit of the repository at .*; name a branch, tag or commit it has/);
    await expect(changed(dir, config, "--output=x")).rejects.toThrow(/^--changed-since: "--output=x" is not a git revision/);
  });
});

describe("stacks --changed-since: the code that synthesizes", () => {
  const manifest = (version: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name: "acme-email-assets", version, private: true, ...extra });
  const lock = (entries: Record<string, string>) =>
    JSON.stringify({ lockfileVersion: 3, packages: Object.fromEntries(Object.entries(entries).map(([name, version]) => [`node_modules/${name}`, { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, integrity: `sha512-${name}${version}` }])) });
  const EVERY = ": every stack is listed as changed (its Terraform at HEAD came from other code)\n";

  it("in a user's project, lists every stack as changed when the email-assets-domain range changed, not for the app's own version", async () => {
    const { dir, config } = repoWith(yaml(FLEET.slice(0, 2)), { "package.json": manifest("1.0.0", { devDependencies: { "email-assets-domain": "0.1.0" } }) });
    writeFileSync(join(dir, "package.json"), manifest("1.1.0", { devDependencies: { "email-assets-domain": "0.1.0" }, scripts: { plan: "terraform plan" } }));
    expect((await changed(dir, config)).entries).toEqual([]);
    writeFileSync(join(dir, "package.json"), manifest("1.1.0", { devDependencies: { "email-assets-domain": "0.2.0" } }));
    writeFileSync(config, yaml([...FLEET.slice(0, 2), cloudfront("d.example.com")]));
    const listing = await changed(dir, config);
    // A stack that is new is still added, not changed.
    expect(changes(listing)).toEqual([["a-example-com", "changed"], ["b-example-com", "changed"], ["d-example-com", "added"]]);
    expect(listing.news).toBe(`email-assets: the email-assets-domain dependency in package.json changed (0.1.0 at HEAD, 0.2.0 now)${EVERY}`);
  });

  it("in a user's project, reads email-assets-domain's entry in an npm lock file: other packages' updates change nothing", async () => {
    const { dir, config } = repoWith(yaml(FLEET.slice(0, 2)), { "package.json": manifest("1.0.0"), "package-lock.json": lock({ "email-assets-domain": "0.1.0", left: "1.0.0" }) });
    writeFileSync(join(dir, "package-lock.json"), lock({ "email-assets-domain": "0.1.0", left: "2.0.0", added: "1.0.0" }));
    expect((await changed(dir, config)).entries).toEqual([]);
    writeFileSync(join(dir, "package-lock.json"), lock({ "email-assets-domain": "0.1.1", left: "2.0.0" }));
    const listing = await changed(dir, config);
    expect(changes(listing)).toEqual([["a-example-com", "changed"], ["b-example-com", "changed"]]);
    expect(listing.news).toBe(`email-assets: email-assets-domain in package-lock.json changed (0.1.0 at HEAD, 0.1.1 now)${EVERY}`);
  });

  it("in this project's own checkout, lists every stack as changed when its version or its lock file changed", async () => {
    const own = (version: string) => JSON.stringify({ name: "email-assets-domain", version });
    const { dir, config } = repoWith(yaml(FLEET.slice(0, 2)), { "package.json": own("0.1.0"), "package-lock.json": '{"lockfileVersion":3}' });
    writeFileSync(join(dir, "package.json"), own("0.2.0"));
    expect((await changed(dir, config)).news).toBe(`email-assets: the version in package.json changed (0.1.0 at HEAD, 0.2.0 now)${EVERY}`);
    writeFileSync(join(dir, "package.json"), own("0.1.0"));
    writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion":3,"packages":{}}');
    const listing = await changed(dir, config);
    expect(changes(listing)).toEqual([["a-example-com", "changed"], ["b-example-com", "changed"]]);
    expect(listing.news).toBe(`email-assets: package-lock.json differs from HEAD${EVERY}`);
  });

  it("reads the package.json nearest the config, in a project folder of the repository; a lock file it cannot read counts whole", async () => {
    const { dir, config } = repoWith(yaml(FLEET.slice(0, 1)), { "infra/package.json": manifest("2.0.0"), "package.json": manifest("9.0.0", { dependencies: { "email-assets-domain": "0.1.0" } }) });
    writeFileSync(join(dir, "package.json"), manifest("9.1.0", { dependencies: { "email-assets-domain": "0.2.0" } }));
    expect((await changed(dir, config)).entries).toEqual([]);
    writeFileSync(join(dir, "infra/yarn.lock"), "# yarn lockfile v1\n");
    expect((await changed(dir, config)).news).toBe(`email-assets: infra/yarn.lock did not exist at HEAD${EVERY}`);
  });
});

describe("stacks --json: the digest", () => {
  it("is the same on every run, is the digest of the Terraform synth writes, and changes with the stack", async () => {
    const dir = workdir();
    const config = loadConfig({ configPath: writeFile(dir, "email-assets.yaml", yaml(FLEET)) });
    const place = { outdir: "cdktf.out", env: cleanEnv(), cwd: dir };
    const first = await digestedEntries(resolveStacks(config.specs, config.terraform), place);
    const second = await digestedEntries(resolveStacks(config.specs, config.terraform), place);
    expect(second).toEqual(first);
    synthApp(config, { outdir: join(dir, "cdktf.out"), projectDir: dir });
    for (const entry of first) {
      const written = JSON.parse(readFileSync(join(dir, entry.directory, "cdk.tf.json"), "utf8")) as unknown;
      expect(stackDigest(written), entry.stack).toBe(entry.digest);
    }
    const edited = loadConfig({ configPath: writeFile(dir, "email-assets.yaml", yaml([{ ...FLEET[0], workspace: "beta" }, ...FLEET.slice(1)])) });
    const third = await digestedEntries(resolveStacks(edited.specs, edited.terraform), place);
    expect(third.map((entry) => entry.digest !== first.find((old) => old.stack === entry.stack)?.digest)).toEqual([true, false, false, false]);
  });

  it("leaves out the engine's metadata, and no key order matters", () => {
    const terraform = { resource: { a: { x: { b: 1, a: [2, { c: 3 }], "//": { metadata: { path: "s/x" } } } } }, "//": { metadata: { version: "0.21.0" } } };
    const same = { "//": { metadata: { version: "0.24.0" } }, resource: { a: { x: { a: [2, { c: 3 }], b: 1 } } } };
    expect(stackDigest(same)).toBe(stackDigest(terraform));
    expect(stackDigest({ resource: { a: { x: { a: [{ c: 3 }, 2], b: 1 } } } })).not.toBe(stackDigest(terraform));
  });
});

describe("email-assets stacks --changed-since (the compiled CLI)", () => {
  it("reads the config's repository wherever the config sits and the command runs, and prints one JSON line", () => {
    const { dir, config } = repoWith(yaml(FLEET));
    writeFileSync(config, yaml([...FLEET.slice(0, 4), cloudfront("d.example.com")]));
    const elsewhere = workdir();
    const run = runNode(CLI_JS, ["stacks", "--json", "--changed-since", "HEAD", "--config", config], elsewhere);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    const entries = JSON.parse(run.stdout) as ChangedEntry[];
    expect(entries.map((entry) => [entry.stack, entry.change])).toEqual([["fleet", "changed"], ["d-example-com", "added"]]);
    expect(run.stderr.trim().split("\n").at(-1)).toBe("email-assets: 2 stack(s) differ from HEAD (1 added, 1 changed, 0 removed); the config has 5 now");
    expect(dir).not.toBe(elsewhere);
  });

  it("groups the listing with --batches, and prints the change first without --json", () => {
    const { dir, config } = repoWith(yaml(FLEET.slice(0, 2)));
    writeFileSync(config, yaml([...FLEET.slice(1), cloudfront("d.example.com")]));
    const batched = runNode(CLI_JS, ["stacks", "--json", "--changed-since", "HEAD", "--batches", "2", "--config", config], dir);
    expect(batched.status, batched.stderr).toBe(0);
    const batches = JSON.parse(batched.stdout) as { batch: number; stacks: ChangedEntry[] }[];
    expect(batches.map(({ batch, stacks }) => [batch, stacks.map((entry) => `${entry.change} ${entry.stack}`)])).toEqual([
      [1, ["added c-example-com", "added fleet"]],
      [2, ["added d-example-com", "removed a-example-com"]],
    ]);
    const lines = runNode(CLI_JS, ["stacks", "--changed-since", "HEAD", "--config", config], dir);
    expect(lines.stdout.split("\n")[0]).toBe("added c-example-com: 1 domain(s) (c.example.com), edge cloudfront, folder cdktf.out/stacks/c-example-com, state local:terraform.c-example-com.tfstate");
    expect(lines.stdout).toContain("\nremoved a-example-com: 1 domain(s) (a.example.com), edge cloudflare,");
  });

  it("fails with exit 2 and one line when the revision is unknown, or the flags do not go together", () => {
    const { dir, config } = repoWith(yaml(FLEET.slice(0, 1)));
    const cases: [string[], RegExp][] = [
      [["--json", "--changed-since", "no-such-branch", "--config", config], /^error: --changed-since: "no-such-branch" is not a commit of the repository at /],
      [["--batches", "2", "--config", config], /^error: --batches: groups the JSON listing; give --json too$/],
      [["--json", "--batches", "0", "--config", config], /^error: --batches: must be a whole number from 1 .*; received "0"$/],
      [["--json", "--changed-since", "HEAD", "--example"], /^error: --changed-since: compares the config file with its history in git, and the embedded example has none; give --config FILE$/],
    ];
    for (const [args, message] of cases) {
      const run = runNode(CLI_JS, ["stacks", ...args], dir);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n").filter((line) => !line.startsWith("warning: ")), args.join(" ")).toHaveLength(1);
      expect(run.stderr.trim().split("\n").at(-1)).toMatch(message);
    }
  });
});
