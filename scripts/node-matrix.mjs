#!/usr/bin/env node
// The Node versions besides the machine's: runs vitest.nodes.config.mts (the installed package's
// test, which synthesizes every test config with the bundle and the tsc build and runs each
// command, plus the CLI and verify tests) on each Node that `engines` names besides the one running
// this script, each taken from the npm registry's Node package (node-<platform>-<arch>), as
// scripts/cdktn-engine.mjs takes CDK Terrain's. Needs this checkout built (`npm run build`).
//
//   node scripts/node-matrix.mjs [MAJOR ...]   only these majors (default: every one below)
//
// Each version's vitest JSON report goes to test-results/vitest-node<MAJOR>.json; the exit code is
// 0 when every run passed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The Node releases tested here besides the machine's, newest patch of each major when written. */
const NODES = { 22: "22.23.5", 24: "24.22.3" };
const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
const say = (message) => console.log(`[node-matrix +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);

const asked = process.argv.slice(2);
for (const major of asked) {
  if (!(major in NODES)) {
    console.error(`[node-matrix] no Node ${major} here; the majors are ${Object.keys(NODES).join(", ")}`);
    process.exit(2);
  }
}
if (!existsSync(join(projectDir, "dist", "cli", "email-assets.js"))) {
  console.error("[node-matrix] this checkout is not built: run npm run build first");
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), "email-assets-nodes-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
mkdirSync(join(projectDir, "test-results"), { recursive: true });

let failed = 0;
for (const [major, version] of Object.entries(NODES).filter(([major]) => asked.length === 0 || asked.includes(major))) {
  const report = join(projectDir, "test-results", `vitest-node${major}.json`);
  // A report left from an earlier run must not stand for this one if it stops before its tests.
  rmSync(report, { force: true });
  const prefix = join(scratch, major);
  mkdirSync(prefix);
  writeFileSync(join(prefix, "package.json"), JSON.stringify({ name: `node-${major}`, version: "1.0.0", private: true }));
  say(`npm install ${NODE_PACKAGE}@${version}`);
  // The package holds the binary itself: no install script is needed (npm 11 runs none).
  const install = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-save", `${NODE_PACKAGE}@${version}`], { cwd: prefix, stdio: "inherit" });
  const node = join(prefix, "node_modules", NODE_PACKAGE, "bin", "node");
  const reported = spawnSync(node, ["--version"], { encoding: "utf8" });
  if (install.status !== 0 || reported.stdout?.trim() !== `v${version}`) {
    console.error(`[node-matrix] Node ${version} did not install from ${NODE_PACKAGE} (npm exit ${install.status}, node says ${JSON.stringify(reported.stdout ?? reported.error?.message)})`);
    failed++;
    continue;
  }
  say(`vitest on Node ${version}`);
  const run = spawnSync(node, [join(projectDir, "node_modules", "vitest", "vitest.mjs"), "run", "--config", "vitest.nodes.config.mts"], {
    cwd: projectDir,
    stdio: "inherit",
    // Children the tests start with process.execPath run on this Node too; npm and other tools on PATH keep the machine's.
    env: { ...process.env, EMAIL_ASSETS_NODE_REPORT: report },
  });
  say(`Node ${version}: vitest exit ${run.status}`);
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
