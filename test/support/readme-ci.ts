import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, expect } from "vitest";
import { stringify } from "yaml";
import { commitAll, git, gitInit } from "./git-repo";
import { cleanEnv, PROJECT_DIR, tempDir, writeFile } from "./project";
import { FAKE_AWS_CREDENTIALS, writeCliConfig } from "./terraform";

// The README's CI examples ("Running in a pipeline" -> "CI: plan only what changed"), run for real:
// helpers shared by the tests of the GitHub Actions, Atlantis and GitLab examples.

const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
const SECTION = "### CI: plan only what changed";

/** The fenced YAML block of the CI section whose first line is `firstLine`. */
export function ciBlock(firstLine: string): string {
  const lines = readme.split("\n");
  const start = lines.indexOf(SECTION);
  expect(start, `README has no '${SECTION}' section`).toBeGreaterThanOrEqual(0);
  const blocks: string[][] = [];
  let current: string[] | undefined;
  let fenced = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("```")) {
      if (!fenced && line === "```yaml") blocks.push((current = []));
      else current = undefined;
      fenced = !fenced;
    } else if (fenced) current?.push(line);
    else if (/^#{1,3} /.test(line)) break; // the next section
  }
  const found = blocks.filter((block) => block[0] === firstLine);
  expect(found, `the CI section should have exactly one yaml block starting with "${firstLine}"`).toHaveLength(1);
  return found[0].join("\n");
}

/** What the pull request changes: one domain changed, one added, one removed; one untouched. */
export const EXPECTED_CHANGES = [
  ["links-example-org", "changed"],
  ["new-example-com", "added"],
  ["old-example-net", "removed"],
];

export interface Checkout {
  /** Temporary root: the origin repository, the checkout, the npm cache, the Terraform CLI config. */
  readonly root: string;
  /** The project as a CI runner has it after checking out the pull request and `npm ci`. */
  readonly dir: string;
  readonly cliConfig: string;
  readonly npmCache: string;
  /** The commit the pull request branched from (main). */
  readonly base: string;
}

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

/**
 * A git repository `origin` whose `main` holds the project (the sources, manifest and lockfile,
 * cdktf and TypeScript configs) and a config of three CloudFront domains; a clone of it on a branch
 * that changes one domain, adds one and removes one, committed; plus what `npm ci` would add to the
 * clone: node_modules (a symlink to the project's own) and dist/ (the build that `npm ci` runs
 * through `prepare`), both ignored by git as in a real checkout.
 */
export function scratchClone(prefix: string): Checkout {
  const { dir: root, cleanup } = tempDir(prefix);
  cleanups.push(cleanup);
  const origin = join(root, "origin");
  mkdirSync(origin);
  gitInit(origin);
  for (const entry of ["package.json", "package-lock.json", "cdktf.json", "tsconfig.json", "src", "stacks"]) {
    cpSync(join(PROJECT_DIR, entry), join(origin, entry), { recursive: true });
  }
  writeFile(origin, ".gitignore", "node_modules/\ndist/\ncdktf.out/\ncdktf.base/\n*.tfstate\n*.tfstate.backup\nemail-assets.base.yaml\nplan-pipeline.yml\natlantis.yaml\n");
  const domain = (name: string, extra: Record<string, unknown> = {}) => ({ domain: name, workspace: "acme", region: "us", edge: "cloudfront", cloudfront: {}, ...extra });
  writeFile(origin, "email-assets.yaml", stringify({ domains: [domain("emails.example.com"), domain("links.example.org"), domain("old.example.net")] }));
  const base = commitAll(origin, "the fleet");
  const dir = join(root, "checkout");
  git(root, ["clone", "-q", origin, dir]);
  git(dir, ["checkout", "-q", "-b", "change"]);
  writeFile(dir, "email-assets.yaml", stringify({ domains: [domain("emails.example.com"), domain("links.example.org", { workspace: "beta" }), domain("new.example.com")] }));
  commitAll(dir, "change links, add new, remove old");
  symlinkSync(join(PROJECT_DIR, "node_modules"), join(dir, "node_modules"));
  cpSync(join(PROJECT_DIR, "dist"), join(dir, "dist"), { recursive: true });
  const terraformDir = join(root, "terraform");
  mkdirSync(terraformDir);
  return { root, dir, cliConfig: writeCliConfig(terraformDir), npmCache: join(root, "npm-cache"), base };
}

/** The environment of a CI step: offline Terraform, fake AWS credentials, a fresh npm cache. */
export function ciEnv(co: Checkout, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const key of Object.keys(env)) {
    // Nothing from the machine's or an outer `npm test`'s npm, Terraform or git settings.
    if (key.startsWith("npm_config_") || key.startsWith("TF_") || key.startsWith("GIT_")) delete env[key];
  }
  return {
    ...env,
    CI: "true",
    CHECKPOINT_DISABLE: "1",
    TF_CLI_CONFIG_FILE: co.cliConfig,
    ...FAKE_AWS_CREDENTIALS,
    AWS_EC2_METADATA_DISABLED: "true",
    EMAIL_ASSETS_AWS_SKIP_CHECKS: "1",
    // A runner's npm cache starts empty. Offline, so that a step that would fetch anything from
    // the registry fails here (ENOTCACHED) instead of quietly depending on the network.
    npm_config_cache: co.npmCache,
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
    ...extra,
  };
}

export interface StepRun {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` with bash in the checkout, with `flags` (`-e` as GitHub's default `bash -e {0}`). */
export function bash(command: string, co: Checkout, env: NodeJS.ProcessEnv, flags: readonly string[] = []): StepRun {
  const result = spawnSync("bash", ["--noprofile", "--norc", ...flags, "-c", command], { cwd: co.dir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { command, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function expectSuccess(run: StepRun, co: Checkout): void {
  const hint = run.command.includes("npm ") ? `\n(npm's debug logs are in ${join(co.npmCache, "_logs")})` : "";
  expect(run.status, `step \`${run.command}\` exited ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}${hint}`).toBe(0);
}

/** Terraform's plan summary, which must create something. */
export function expectCreates(output: string, what: string): void {
  const summary = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(stripVTControlCharacters(output));
  expect(summary, `${what}: no plan summary in\n${output}`).not.toBeNull();
  expect(Number(summary![1]), `${what}: ${summary![0]}`).toBeGreaterThan(0);
}

/** A destroy plan of a stack with nothing in its state (here: never applied): Terraform says so. */
export function expectDestroyPlan(output: string, what: string): void {
  expect(stripVTControlCharacters(output), `${what}: not a destroy plan`).toContain("No objects need to be destroyed");
}

/** `email-assets stacks --json --changed-since REF` of the compiled CLI in the checkout, as `[stack, change]` pairs. */
export function listedChanges(co: Checkout, ref: string): string[][] {
  const run = bash(`node dist/src/cli/main.js stacks --json --changed-since ${ref}`, co, ciEnv(co, {}));
  expectSuccess(run, co);
  return (JSON.parse(run.stdout) as { stack: string; change: string }[]).map((entry) => [entry.stack, entry.change]);
}

/** Writes an empty file for a step's outputs ($GITHUB_OUTPUT), named uniquely. */
export function outputFile(co: Checkout, name: string): string {
  const path = join(co.root, `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, "");
  return path;
}
