// The first half of `npm run bench`: the package as a user gets it. Packs this checkout's build,
// installs the tarball with npm's defaults into an empty folder, and measures the installed
// `email-assets`: the install (time, size, packages), cold `--version` and `validate` against bare
// node, and synth at 1, 100 and 1,000 domains against a bare cdktf program that builds the same
// resources and outputs (bench/bare-app.cjs, its output checked identical), CPU time and peak
// memory, runs interleaved, ratios the median of each round's ratio. Ends with issue 21's targets,
// each met or missed: at most 15 MB installed, synth CPU at most 1.1x, peak memory at most 1.2x.
//
// Environment: BENCH_RUNS (runs per variant for the cold commands and at 1 and 100 domains,
// default 7), BENCH_RUNS_LARGE (at 1,000 domains, default 5), BENCH_PARTS (runs this file when it
// holds "installed", the default).
import { spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { measure } from "./bench-runs.mjs";
import { withoutMetadata } from "./stack-json.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = process.env;
const count = (name, normal) => {
  const value = Number(env[name] ?? normal);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1; received ${env[name]}`);
  return value;
};
const RUNS = count("BENCH_RUNS", 7);
const RUNS_LARGE = count("BENCH_RUNS_LARGE", 5);
const SIZES = [1, 100, 1000];
const TARGETS = { installedMb: 15, cpu: 1.1, memory: 1.2 };
const ZONE = "0123456789abcdef0123456789abcdef";
const HOSTS = { us: "acme.intercom-mail.com", eu: "acme.intercom-mail.eu", au: "acme.au.intercom-mail.com" };

const ms = (value) => `${value.toFixed(0)} ms`;
const times = (value) => `x${value.toFixed(2)}`;
const verdict = (ok) => (ok ? "met" : "MISSED");
const summary = [];

/** Bytes on disk under `dir`, as `du` counts them (allocated blocks, each file once). */
function diskUsage(dir, seen = new Set()) {
  const stat = lstatSync(dir);
  if (seen.has(stat.ino)) return 0;
  seen.add(stat.ino);
  let bytes = stat.blocks * 512;
  if (stat.isDirectory()) for (const entry of readdirSync(dir)) bytes += diskUsage(join(dir, entry), seen);
  return bytes;
}

function npm(args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync("npm", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return { stdout: result.stdout, wallMs: Number(process.hrtime.bigint() - start) / 1e6 };
}

function installPart(work) {
  const tarball = join(work, npm(["pack", "--ignore-scripts", "--pack-destination", work], root).stdout.trim().split("\n").pop());
  const app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "bench-app", version: "1.0.0", private: true }));
  const install = npm(["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], app);
  const modules = join(app, "node_modules");
  const packages = readdirSync(modules).filter((name) => !name.startsWith("."));
  const mb = diskUsage(modules) / 1024 / 1024;
  console.log("== the packed package, installed with npm's defaults into an empty folder (from npm's cache)");
  console.log(`  npm install: ${(install.wallMs / 1000).toFixed(1)} s; node_modules ${mb.toFixed(1)} MB on disk; packages: ${packages.join(", ")}`);
  summary.push({ label: `installed size (target at most ${TARGETS.installedMb} MB)`, value: `${mb.toFixed(1)} MB`, ok: mb <= TARGETS.installedMb });
  return join(modules, "email-assets-domain", "dist", "cli", "email-assets.js");
}

/** A YAML config of `size` Cloudflare (page-rules) domains, and the bare program's input for the same domains. */
function writeInputs(work, size) {
  const specs = Array.from({ length: size }, (_, i) => ({ domain: `e${i}.example.com`, workspace: "acme", region: ["us", "eu", "au"][i % 3], edge: "cloudflare", cloudflare: { zoneId: ZONE } }));
  const configFile = join(work, `email-assets-${size}.yaml`);
  const domainsFile = join(work, `domains-${size}.json`);
  writeFileSync(configFile, stringify({ domains: specs }));
  writeFileSync(domainsFile, JSON.stringify(specs.map((s) => ({ domain: s.domain, zoneId: ZONE, host: HOSTS[s.region], region: s.region }))));
  return { configFile, domainsFile };
}

function coldPart(work, cli) {
  const { configFile } = writeInputs(work, 1);
  const rows = measure(
    [
      { label: "bare node (node -e \"\")", args: ["-e", ""] },
      { label: "email-assets --version", args: [cli, "--version"] },
      { label: "email-assets validate (1 domain)", args: [cli, "validate", "--config", configFile] },
    ],
    work,
    RUNS,
  );
  console.log(`\n== cold commands: a new process each run, medians of ${RUNS} interleaved runs`);
  for (const row of rows) {
    console.log(`  ${row.label.padEnd(36)} wall ${ms(row.wallMs).padStart(7)} (+${ms(row.wallMs - rows[0].wallMs)})  CPU ${ms(row.cpuMs).padStart(7)}  RSS ${row.mb.toFixed(0).padStart(4)} MB`);
  }
  for (const row of rows.slice(1)) summary.push({ label: `${row.label}, wall (information)`, value: `${ms(row.wallMs)}, +${ms(row.wallMs - rows[0].wallMs)} over bare node` });
}

function stacksOf(out) {
  const dir = join(out, "stacks");
  return new Map(readdirSync(dir).map((id) => [id, JSON.stringify(withoutMetadata(JSON.parse(readFileSync(join(dir, id, "cdk.tf.json"), "utf8"))))]));
}

function synthPart(work, cli) {
  console.log("\n== synth: the installed CLI against a bare cdktf program building the same resources (Cloudflare page-rules domains, one stack each)");
  console.log("   CPU = user+sys of the process, RSS = its peak; medians of the runs; ratios: median of each round's CLI/bare ratio");
  for (const size of SIZES) {
    const { configFile, domainsFile } = writeInputs(work, size);
    const runs = size >= 1000 ? RUNS_LARGE : RUNS;
    let same = false;
    const [bare, app] = measure(
      [
        { label: "bare cdktf program", args: [join(root, "bench/bare-app.cjs")], env: { BENCH_DOMAINS: domainsFile } },
        { label: "email-assets synth (installed)", args: [cli, "synth", "--config", configFile, "--out", "<out>"] },
      ],
      work,
      runs,
      ([bareOut, appOut]) => {
        const [a, b] = [stacksOf(appOut), stacksOf(bareOut)];
        same = a.size === size && a.size === b.size && [...a].every(([id, json]) => b.get(id) === json);
      },
    );
    console.log(`\n${size} domain(s), ${runs} runs: ${same ? "the Terraform JSON of every stack is identical" : "OUTPUTS DIFFER: bench/bare-app.cjs no longer builds what the CLI builds"}`);
    for (const row of [bare, app]) {
      console.log(`  ${row.label.padEnd(32)} CPU ${ms(row.cpuMs).padStart(8)} (${times(row.ratio.cpuMs)})  wall ${ms(row.wallMs).padStart(8)} (${times(row.ratio.wallMs)})  RSS ${row.mb.toFixed(0).padStart(4)} MB (${times(row.ratio.mb)})`);
    }
    const name = `${size} domain${size > 1 ? "s" : ""}`;
    summary.push({ label: `synth ${name}: CPU ${ms(app.cpuMs)} / ${ms(bare.cpuMs)} (target at most x${TARGETS.cpu.toFixed(2)})`, value: times(app.ratio.cpuMs), ok: same && app.ratio.cpuMs <= TARGETS.cpu });
    summary.push({ label: `synth ${name}: peak RSS ${app.mb.toFixed(0)} / ${bare.mb.toFixed(0)} MB (target at most x${TARGETS.memory.toFixed(2)})`, value: times(app.ratio.mb), ok: same && app.ratio.mb <= TARGETS.memory });
  }
}

const parts = new Set((env.BENCH_PARTS ?? "installed").split(",").map((part) => part.trim()));
if (parts.has("installed")) {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), "email-assets-installed-bench-"));
  try {
    const cli = installPart(work);
    coldPart(work, cli);
    synthPart(work, cli);
    console.log("\n== installed CLI: summary");
    for (const row of summary) console.log(`  ${row.label.padEnd(72)} ${row.value.padStart(8)}${row.ok === undefined ? "" : `  ${verdict(row.ok)}`}`);
    const missed = summary.filter((row) => row.ok === false).length;
    console.log(`  ${missed === 0 ? "every target met" : `${missed} target(s) missed`}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
