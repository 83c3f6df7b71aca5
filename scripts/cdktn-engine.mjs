#!/usr/bin/env node
// Second engine: installs a scratch copy of this project with cdktf replaced by CDK Terrain
// (cdktn, through an npm alias so that the code and the @cdktf/provider-* bindings stay as they
// are), builds it, and runs vitest.engine.config.mts there: the synth and CLI tests (`cdktn synth`,
// `cdktn diff`), and the byte-for-byte comparison of every test config's output, those the
// Terraform plan tests plan included, with this checkout's cdktf build (which must be built:
// `npm run build`).
//
//   node scripts/cdktn-engine.mjs [CONFIG_FILE ...]   also compare these configs
//   EMAIL_ASSETS_ENGINE_DIR=DIR                       scratch folder (default: a new temporary one, removed after)
//
// The vitest JSON report goes to test-results/vitest-cdktn.json of this checkout; the exit code is vitest's.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The engine `npm run use:cdktn` installs, and the Node its CLI needs (cdktn-cli 0.24.0: Node >= 22.19). */
const CDKTN_VERSION = "0.24.0";
const CLI_NODE_PACKAGE = `node-${process.platform}-${process.arch}`;
const CLI_NODE_VERSION = "22.23.5";
/**
 * CDK Terrain's AWS bindings (AWS provider 6.66.0, for cdktn 0.24) for test/engine/cdktn-aws-bindings.test.ts,
 * which installs an app on them: added to this install, they put them in npm's cache for it as well.
 */
const CDKTN_AWS_BINDINGS = "25.7.0";

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// npm runs scripts from the package root; a path is the user's, from where npm was run.
const extraConfigs = process.argv.slice(2).map((path) => resolve(process.env.INIT_CWD ?? process.cwd(), path));
const started = Date.now();
const say = (message) => console.log(`[cdktn-engine +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);

function run(command, args, cwd, env = process.env) {
  say(`${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd, env, stdio: "inherit" });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(command, args, cwd, env) {
  const status = run(command, args, cwd, env);
  if (status !== 0) {
    console.error(`[cdktn-engine] failed: ${command} ${args.join(" ")} (exit ${status})`);
    process.exit(status);
  }
}

if (!existsSync(join(projectDir, "dist", "src", "cli", "main.js"))) {
  console.error("[cdktn-engine] this checkout is not built: run npm run build first (the comparison needs its cdktf build)");
  process.exit(2);
}
for (const path of extraConfigs) {
  if (!existsSync(path)) {
    console.error(`[cdktn-engine] config file not found: ${path}`);
    process.exit(2);
  }
}

const reportDir = join(projectDir, "test-results");
const report = join(reportDir, "vitest-cdktn.json");
// A report left from an earlier run must not stand for this one if it stops before its tests.
rmSync(report, { force: true });

const ownScratch = process.env.EMAIL_ASSETS_ENGINE_DIR === undefined;
const scratch = ownScratch ? mkdtempSync(join(tmpdir(), "email-assets-cdktn-")) : resolve(process.env.EMAIL_ASSETS_ENGINE_DIR);
mkdirSync(scratch, { recursive: true });
// About 1 GB once installed: removed however the run ends.
if (ownScratch) process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
say(`scratch copy in ${scratch}`);

// The project's files as a clone would have them (tracked, plus new files not ignored).
const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: projectDir, encoding: "utf8" });
if (listed.status !== 0) {
  console.error(`[cdktn-engine] git ls-files failed in ${projectDir}: ${listed.stderr}`);
  process.exit(2);
}
for (const file of listed.stdout.split("\0").filter((name) => name !== "" && existsSync(join(projectDir, name)))) {
  mkdirSync(dirname(join(scratch, file)), { recursive: true });
  copyFileSync(join(projectDir, file), join(scratch, file));
}

// The switch a user makes (README "CDK Terrain", `npm run use:cdktn`): cdktf becomes an alias of
// cdktn, the provider bindings take it as their cdktf, cdktn-cli replaces cdktf-cli; plus a Node
// for cdktn-cli, and CDK Terrain's AWS bindings, from npm, in the same install.
must("npm", ["pkg", "set", `devDependencies.${CLI_NODE_PACKAGE}=${CLI_NODE_VERSION}`, `devDependencies.@cdktn/provider-aws=${CDKTN_AWS_BINDINGS}`], scratch);
must("npm", ["run", "use:cdktn"], scratch);
const pkg = JSON.parse(readFileSync(join(scratch, "package.json"), "utf8"));
if (pkg.devDependencies.cdktf !== `npm:cdktn@${CDKTN_VERSION}`) {
  console.error(`[cdktn-engine] npm run use:cdktn did not set cdktf to cdktn@${CDKTN_VERSION}: ${pkg.devDependencies.cdktf}`);
  process.exit(1);
}
must("npm", ["run", "build"], scratch);

// The Node 22 package also links node_modules/.bin/node, so npm scripts in the scratch copy (the
// build, the app under `cdktn synth`) run on Node 22; the tests' own runs of the app and the CLI use
// this process's Node (20 here), which is what keeps "works on Node 20" tested.
const nodeBin = join(scratch, "node_modules", CLI_NODE_PACKAGE, "bin");
mkdirSync(reportDir, { recursive: true });
const status = run(process.execPath, [join(scratch, "node_modules", "vitest", "vitest.mjs"), "run", "--config", "vitest.engine.config.mts"], scratch, {
  ...process.env,
  CHECKPOINT_DISABLE: "1",
  EMAIL_ASSETS_ENGINE_CLI: "cdktn",
  EMAIL_ASSETS_ENGINE_NODE_BIN: nodeBin,
  EMAIL_ASSETS_REFERENCE_DIR: projectDir,
  EMAIL_ASSETS_PARITY_CONFIGS: extraConfigs.join(delimiter),
  EMAIL_ASSETS_ENGINE_REPORT: report,
});
say(`done: vitest exit ${status}`);
process.exit(status);
