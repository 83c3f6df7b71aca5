#!/usr/bin/env node
// The last step of npm test: runs vitest with coverage of src/, counting the child processes too,
// prints the report and fails below the thresholds.
//
// Two halves, one report:
// - in-process: vitest's own V8 coverage of src/**/*.ts (vitest.config.mts, --coverage);
// - child processes: the compiled CLI and app (dist/, with source maps) that tests spawn write raw
//   V8 coverage to NODE_V8_COVERAGE (test/support/child-coverage.ts sets it in each test worker);
//   here it is mapped back to src/**/*.ts with the same converter vitest uses (ast-v8-to-istanbul).
// The two converters see different JavaScript (vite's transform, tsc's output), so their maps are
// not identical and istanbul's merge would count many statements twice. The merge keeps vitest's
// map of each file and adds the children's hits by source position: a statement, function or
// branch is covered if either half covers it (by start position; failing that, by line).
//
//   node scripts/coverage.mjs [VITEST_ARGS ...]   run the tests (thresholds only when no argument narrows the run)
//   node scripts/coverage.mjs --report-only       merge and report what the last run left in coverage/
//
// Writes coverage/coverage-final.json, coverage-summary.json, lcov.info and coverage.txt (the table
// printed here); coverage/in-process/ and coverage/child-processes/ hold the two halves (the raw
// files of the children are removed once converted: hundreds of MB). The exit
// code is vitest's when it fails, else 1 below a threshold, else 0.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mergeProcessCovs } from "@bcoe/v8-coverage";
import astV8ToIstanbul from "ast-v8-to-istanbul";
import libCoverage from "istanbul-lib-coverage";
import libReport from "istanbul-lib-report";
import reports from "istanbul-reports";
import { parseAstAsync } from "vitest/node";
import { mergeFileCoverage } from "./coverage-merge.mjs";

/**
 * Lines and branches of src/, in percent, that the whole suite must cover (README "Development").
 * Issue 13 asks for at least 90 % of each; the suite covers about 98.7 % of lines and 97.1 % of
 * branches (December 2026). The thresholds sit above that floor and a little under today's level,
 * so that the few timing-dependent branches (timeouts, refused connections) cannot trip them while
 * a change that leaves code untested does.
 */
const THRESHOLDS = { lines: 96, branches: 95 };

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const coverageDir = join(projectDir, "coverage");
const inProcessFile = join(coverageDir, "in-process", "coverage-final.json");
const childDir = join(coverageDir, "child-processes");
const rawDir = join(childDir, "raw");
const srcDir = join(projectDir, "src") + sep;
/** The compiled code whose coverage counts: what the CLI and the app run. */
const compiledUrls = ["dist/src/", "dist/stacks/"].map((folder) => pathToFileURL(join(projectDir, folder)).href);

const args = process.argv.slice(2);
const reportOnly = args.includes("--report-only");
let status = 0;
let started = Date.now();

if (!reportOnly) {
  rmSync(coverageDir, { recursive: true, force: true });
  mkdirSync(rawDir, { recursive: true });
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  const run = spawnSync(process.execPath, [vitest, "run", "--coverage", ...args], {
    cwd: projectDir,
    stdio: "inherit",
    env: { ...process.env, EMAIL_ASSETS_CHILD_COVERAGE: rawDir },
  });
  status = run.status ?? 1;
  if (status !== 0) console.error(`coverage: vitest failed (${run.status === null ? `signal ${run.signal}` : `exit ${run.status}`}); the report below is of that run`);
  started = Date.now();
}

if (!existsSync(inProcessFile)) {
  console.error(`coverage: ${inProcessFile} is missing (vitest did not write its coverage)`);
  process.exit(status || 1);
}

const inProcess = libCoverage.createCoverageMap(JSON.parse(readFileSync(inProcessFile, "utf8")));
const children = await childCoverage();
const merged = libCoverage.createCoverageMap({});
const matched = { exact: 0, byLine: 0, none: 0 };
for (const file of inProcess.files()) {
  const own = inProcess.fileCoverageFor(file);
  merged.addFileCoverage(children.files().includes(file) ? mergeFileCoverage(own.data, children.fileCoverageFor(file).data, matched) : own);
}
// Files only children loaded: vitest lists every file of src/, so none should be here.
for (const file of children.files()) if (!inProcess.files().includes(file)) merged.addFileCoverage(children.fileCoverageFor(file));

const context = libReport.createContext({ dir: coverageDir, coverageMap: merged });
for (const [name, options] of [
  ["json", {}],
  ["json-summary", {}],
  ["lcovonly", {}],
  ["text", { file: "coverage.txt", maxCols: 120 }],
  ["text", { maxCols: 120 }],
]) {
  reports.create(name, { projectRoot: projectDir, ...options }).execute(context);
}

const total = merged.getCoverageSummary();
const partial = !reportOnly && args.length > 0;
console.log(
  `coverage of src/ (in-process, plus ${children.processes} child processes): lines ${total.lines.pct} %, branches ${total.branches.pct} %` +
    ` (statements matched to the children's by position ${matched.exact}, by line ${matched.byLine}, unmatched ${matched.none}; ${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
if (partial) {
  console.log("coverage: thresholds not checked (the arguments narrow the run)");
} else {
  const below = Object.entries(THRESHOLDS).filter(([key, min]) => total[key].pct < min);
  for (const [key, min] of below) console.error(`coverage: ${key} ${total[key].pct} % is below the threshold of ${min} %`);
  if (below.length > 0 && status === 0) status = 1;
}
process.exit(status);

/** The children's raw V8 coverage of dist/, as istanbul coverage of src/**\/*.ts. */
async function childCoverage() {
  const converted = join(childDir, "coverage-final.json");
  const counted = join(childDir, "processes.json");
  // --report-only after a full run: the raw files are gone, their conversion is kept.
  if (!existsSync(rawDir) && existsSync(converted)) {
    const saved = libCoverage.createCoverageMap(JSON.parse(readFileSync(converted, "utf8")));
    return Object.assign(saved, JSON.parse(readFileSync(counted, "utf8")));
  }
  const map = libCoverage.createCoverageMap({});
  const scripts = [];
  let processes = 0;
  if (existsSync(rawDir)) {
    for (const name of readdirSync(rawDir)) {
      const text = readFileSync(join(rawDir, name), "utf8");
      // Many children are other programs (the cdktf and npm CLIs, the verify lab, test servers): skip them unparsed.
      if (!compiledUrls.some((url) => text.includes(url))) continue;
      const result = JSON.parse(text).result.filter((script) => compiledUrls.some((url) => script.url.startsWith(url)));
      if (result.length === 0) continue;
      processes += 1;
      scripts.push({ result });
    }
  }
  for (const script of mergeProcessCovs(scripts).result) {
    const path = fileURLToPath(script.url);
    if (!existsSync(path)) continue;
    const code = readFileSync(path, "utf8");
    // tsc's CommonJS output runs as written (no wrapper), and names its source map in the file.
    const data = await astV8ToIstanbul({ code, ast: await parseAstAsync(code), coverage: { url: script.url, functions: script.functions }, wrapperLength: 0 });
    for (const [file, fileData] of Object.entries(data)) if (file.startsWith(srcDir)) map.addFileCoverage(fileData);
  }
  mkdirSync(childDir, { recursive: true });
  writeFileSync(converted, JSON.stringify(map.toJSON()));
  writeFileSync(counted, JSON.stringify({ processes }));
  if (!reportOnly) rmSync(rawDir, { recursive: true, force: true });
  return Object.assign(map, { processes });
}
