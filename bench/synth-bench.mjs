// npm run bench: the app's synth (CPU time, wall time, peak memory) as ratios against a bare cdktf
// program that builds the same resources and outputs (bench/bare-app.cjs), measured in the same run
// on the same machine, at 1, 100 and 1,000 domains; where the app's synth time goes, phase by phase,
// against the bare program's; the cost of loading the package's two entry points; and a fleet's
// `terraform plan` (offline, against the provider mirror) as per-domain stacks, as one named stack,
// and for one domain alone.
//
// Environment: BENCH_RUNS (runs per variant at 1 and 100 domains, default 7), BENCH_RUNS_LARGE (at
// 1,000 domains, default 5), BENCH_PHASE_RUNS (phase breakdowns per program at 1 and 100 domains,
// default 3; 1 at 1,000 domains, or BENCH_PHASE_RUNS_LARGE), BENCH_FLEET_N (default 10),
// BENCH_FLEET_RUNS (plans of the named stack and of the one domain, default 3), BENCH_FLEET_PASSES
// (passes over the N per-domain stacks, default 1), BENCH_PARTS (any of synth,phases,entry,fleet;
// default all). BENCH_LONG=1 raises every default (11, 7, 5, 2, 5, 3): about twice as long.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { measure, median } from "./bench-runs.mjs";
import { withoutMetadata } from "./stack-json.mjs";
import { fleetPart } from "./fleet-part.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = process.env;
const LONG = env.BENCH_LONG === "1";
const count = (name, normal, long) => {
  const value = Number(env[name] ?? (LONG ? long : normal));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1; received ${env[name]}`);
  return value;
};
const RUNS = count("BENCH_RUNS", 7, 11);
const RUNS_LARGE = count("BENCH_RUNS_LARGE", 5, 7);
const PHASE_RUNS = count("BENCH_PHASE_RUNS", 3, 5);
const PHASE_RUNS_LARGE = count("BENCH_PHASE_RUNS_LARGE", 1, 2);
const FLEET_N = count("BENCH_FLEET_N", 10, 10);
const FLEET_RUNS = count("BENCH_FLEET_RUNS", 3, 5);
const FLEET_PASSES = count("BENCH_FLEET_PASSES", 1, 3);
const PARTS = new Set((env.BENCH_PARTS ?? "synth,phases,entry,fleet").split(",").map((part) => part.trim()));
const LARGE = 1000;
const SIZES = [1, 100, LARGE];
/** Synth target: the app's CPU time within this factor of the bare program's, at every size. */
const SYNTH_TARGET = 1.1;
/** Fleet target: planning the named stack of N domains within this factor of planning one domain. */
const FLEET_TARGET = 1.5;
const ZONE = "0123456789abcdef0123456789abcdef";
const HOSTS = { us: "acme.intercom-mail.com", eu: "acme.intercom-mail.eu", au: "acme.au.intercom-mail.com" };

const ms = (value) => `${value.toFixed(0)} ms`;
const sec = (value) => `${(value / 1000).toFixed(1)} s`;
const ratio = (a, b) => times(a / b);
const times = (value) => `x${value.toFixed(2)}`;
const summary = [];
const started = process.hrtime.bigint();
const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;

/** Every stack in a synth folder: resource counts by type, outputs, and the JSON as compared. */
function readStacks(outdir) {
  const stacksDir = join(outdir, "stacks");
  const stacks = new Map();
  const resources = {};
  let outputs = 0;
  for (const id of readdirSync(stacksDir).sort()) {
    const json = withoutMetadata(JSON.parse(readFileSync(join(stacksDir, id, "cdk.tf.json"), "utf8")));
    for (const [type, byName] of Object.entries(json.resource ?? {})) resources[type] = (resources[type] ?? 0) + Object.keys(byName).length;
    outputs += Object.keys(json.output ?? {}).length;
    stacks.set(id, JSON.stringify(json));
  }
  return { stacks, resources, outputs, total: Object.values(resources).reduce((sum, n) => sum + n, 0) };
}

const describe = ({ stacks, resources, total, outputs }) =>
  `${stacks.size} stacks, ${total} resources (${Object.entries(resources).map(([type, n]) => `${n} ${type}`).join(", ")}), ${outputs} outputs`;

/** Compares the two programs' output; any difference is printed, since it would make the ratio meaningless. */
function compareOutputs(appDir, bareDir) {
  const app = readStacks(appDir);
  const bare = readStacks(bareDir);
  console.log(`  app:  ${describe(app)}`);
  console.log(`  bare: ${describe(bare)}`);
  const differing = [...new Set([...app.stacks.keys(), ...bare.stacks.keys()])].filter((id) => app.stacks.get(id) !== bare.stacks.get(id));
  if (differing.length === 0) {
    console.log("  the Terraform JSON of every stack is identical (cdktf's \"//\" metadata aside)");
    return true;
  }
  console.log(`  DIFFERENT: ${differing.length} stack(s) differ, first ${differing[0]}; bench/bare-app.cjs no longer builds what the app builds, so the ratios below compare different work`);
  return false;
}

/** The app's YAML config and the bare program's input for `size` Cloudflare (page-rules) domains, the mix the bench has always used. */
function writeSynthInputs(work, size) {
  const specs = Array.from({ length: size }, (_, i) => ({
    domain: `e${i}.example.com`,
    workspace: "acme",
    region: ["us", "eu", "au"][i % 3],
    edge: "cloudflare",
    cloudflare: { zoneId: ZONE },
  }));
  // YAML, as users write it (the YAML parser is part of the cost), and the same config as JSON.
  const configFile = join(work, `email-assets-${size}.yaml`);
  const jsonConfigFile = join(work, `email-assets-${size}.json`);
  const domainsFile = join(work, `domains-${size}.json`);
  writeFileSync(configFile, stringify({ domains: specs }));
  writeFileSync(jsonConfigFile, JSON.stringify({ domains: specs }, null, 2));
  writeFileSync(domainsFile, JSON.stringify(specs.map((s) => ({ domain: s.domain, zoneId: ZONE, host: HOSTS[s.region], region: s.region }))));
  return { configFile, jsonConfigFile, domainsFile };
}

function synthPart(work) {
  const rootImport = join(work, "root-import.cjs");
  writeFileSync(rootImport, `require(${JSON.stringify(join(root, "node_modules/@cdktf/provider-cloudflare"))});\nrequire(${JSON.stringify(join(root, "dist/stacks/main.js"))});\n`);
  console.log("== synth: the app against a bare cdktf program building the same resources (Cloudflare page-rules domains, one stack each)");
  console.log(`   CPU = user+sys of the child process; RSS = its peak; medians of ${RUNS} interleaved runs (${RUNS_LARGE} at ${LARGE} domains, to keep the run short)`);
  console.log("   ratios (xN) are the median of each round's app/bare ratio; the times beside them, medians of the runs");
  console.log("   the package-root provider import (every binding loaded) costs the same at any size, so it runs at 1 domain only");
  for (const size of SIZES) {
    const { configFile, jsonConfigFile, domainsFile } = writeSynthInputs(work, size);
    const variants = [
      { label: "bare cdktf program", args: [join(root, "bench/bare-app.cjs")], env: { BENCH_DOMAINS: domainsFile } },
      { label: "app (node dist/stacks/main.js)", args: [join(root, "dist/stacks/main.js")], env: { EMAIL_ASSETS_CONFIG: configFile } },
      { label: "app, the same config as JSON", args: [join(root, "dist/stacks/main.js")], env: { EMAIL_ASSETS_CONFIG: jsonConfigFile } },
    ];
    // The package-root import costs the same seconds at any size (loading every binding), so it is shown once.
    if (size === SIZES[0]) variants.push({ label: "app + package-root provider import", args: [rootImport], env: { EMAIL_ASSETS_CONFIG: configFile } });
    const runs = size >= LARGE ? RUNS_LARGE : RUNS;
    console.log(`\n${size} domain(s), ${runs} runs:`);
    let same = false;
    const rows = measure(variants, work, runs, ([bareDir, appDir, jsonDir]) => (same = compareOutputs(appDir, bareDir) && compareOutputs(jsonDir, bareDir)));
    for (const row of rows) {
      console.log(
        `  ${row.label.padEnd(36)} CPU ${ms(row.cpuMs).padStart(8)} (${times(row.ratio.cpuMs)})  wall ${ms(row.wallMs).padStart(8)} (${times(row.ratio.wallMs)})  RSS ${row.mb.toFixed(0).padStart(4)} MB (${times(row.ratio.mb)})`,
      );
    }
    summary.push({ kind: "synth", size, runs, app: rows[1], json: rows[2], bare: rows[0], same });
  }
  console.log(`\ntarget: the app's CPU time within x${SYNTH_TARGET.toFixed(2)} of the bare program's at every size`);
}

/** Row order for the phase table (rows one program lacks show as 0). */
const PHASE_ORDER = [
  "node start-up (to the first line of the script)",
  "load modules: the program's own files",
  "  load: cdktf, constructs",
  "  load: @cdktf/provider-aws bindings",
  "  load: @cdktf/provider-cloudflare bindings",
  "  load on first use: yaml, zod, tldts (and momoa for JSON)",
  "config: read and parse (YAML; the bare program: JSON)",
  "config: validate (parseConfig)",
  "config: report warnings",
  "synthApp: before resolveStacks",
  "plan: resolveStacks",
  "construct: App and stacks (EmailAssetsStack, constructs, props checks)",
  "  synth: prepareStack (backend, a first resolve of every element)",
  "  synth: validations (node.addValidation, provider checks)",
  "  synth: stack.toTerraform (resolve every token)",
  "  synth: rest of synthesize (aspects, annotations, stable JSON stringify)",
  "  synth: file system (mkdir, write, exists)",
  "  synth: manifest.json",
  "  synth: App.synth itself (findAll, app validation)",
  "after synth (proxy configs, orphan folders)",
];

function phasesPart(work) {
  console.log("\n== where the synth time goes: CPU ms per phase (bench/synth-phases.cjs), app against the bare program");
  console.log(`   medians per phase of ${PHASE_RUNS} interleaved runs (${PHASE_RUNS_LARGE} at ${LARGE} domains); the rows need not add up to the total's median`);
  for (const size of SIZES) {
    const { configFile, domainsFile } = writeSynthInputs(work, size);
    const runs = size >= LARGE ? PHASE_RUNS_LARGE : PHASE_RUNS;
    const samples = { app: [], bare: [] };
    for (let i = 0; i < runs; i++) {
      for (const [mode, input] of [["bare", domainsFile], ["app", configFile]]) {
        const outdir = mkdtempSync(join(work, "out-"));
        const result = spawnSync(process.execPath, [join(root, "bench/synth-phases.cjs"), mode, input, outdir], { cwd: work, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
        rmSync(outdir, { recursive: true, force: true });
        if (result.status !== 0) throw new Error(`synth-phases ${mode} failed:\n${result.stderr}`);
        samples[mode].push(JSON.parse(result.stdout.trim().split("\n").pop()));
      }
    }
    const phaseMedian = (mode, phase) => median(samples[mode].map((run) => run.phases.find((row) => row.phase === phase)?.cpuMs ?? 0));
    const app = median(samples.app.map((run) => run.cpuMs));
    const bare = median(samples.bare.map((run) => run.cpuMs));
    const gap = app - bare;
    console.log(`\n${size} domain(s), ${runs} run(s): app ${ms(app)}, bare ${ms(bare)}, gap ${ms(gap)} (x${(app / bare).toFixed(2)})`);
    console.log(`  ${"phase".padEnd(74)} ${"app".padStart(7)} ${"bare".padStart(7)} ${"app-bare".padStart(8)}  of gap`);
    for (const phase of PHASE_ORDER) {
      const a = phaseMedian("app", phase);
      const b = phaseMedian("bare", phase);
      if (a < 0.5 && b < 0.5) continue;
      const share = gap > 0 ? `${((100 * (a - b)) / gap).toFixed(0).padStart(4)}%` : "";
      console.log(`  ${phase.padEnd(74)} ${a.toFixed(0).padStart(7)} ${b.toFixed(0).padStart(7)} ${(a - b).toFixed(0).padStart(8)}  ${share}`);
    }
    const bindings = (mode) => samples[mode][0].bindings.map((request) => request.replace(/^@cdktf\/provider-/, "")).join(", ");
    console.log(`  provider bindings loaded: app ${bindings("app")}; bare ${bindings("bare")}`);
  }
}

function entryPart(work) {
  // Loading the entry points: what a tool that only validates configs pays, against bare node.
  const load = (label, code) => ({ label, args: ["-e", code], env: {} });
  const validateEntry = JSON.stringify(join(root, "dist/src/validate.js"));
  const mainEntry = JSON.stringify(join(root, "dist/src/index.js"));
  const rows = measure(
    [
      load("bare node", ""),
      load("require email-assets-domain/validate", `require(${validateEntry})`),
      load("  + validateConfig(EXAMPLE_CONFIG)", `const v = require(${validateEntry}); v.validateConfig(v.EXAMPLE_CONFIG)`),
      load("require email-assets-domain (main)", `require(${mainEntry})`),
    ],
    work,
    RUNS,
  );
  console.log(`\n== entry points (process wall time, loading included; median of ${RUNS}):`);
  for (const row of rows) {
    const extra = row.wallMs - rows[0].wallMs;
    console.log(
      `  ${row.label.padEnd(38)} ${ms(row.wallMs).padStart(8)} (${ratio(row.wallMs, rows[0].wallMs)}, +${extra.toFixed(0)} ms)  CPU ${ms(row.cpuMs).padStart(7)}  ${row.mb.toFixed(0).padStart(5)} MB`,
    );
  }
  console.log("target: the validate entry point adds well under 60 ms to a bare node process, and loads no cdktf");
}

function printSummary() {
  console.log("\n== summary");
  const synthRows = summary.filter((row) => row.kind === "synth");
  if (synthRows.length > 0) {
    console.log(`synth, app vs bare cdktf program     CPU app    CPU bare  ratio  | wall app  wall bare  ratio  | RSS app  RSS bare  ratio | runs | x${SYNTH_TARGET.toFixed(2)} by CPU`);
    for (const { size, runs, app, json, bare, same } of synthRows) {
      for (const [row, format] of [[app, "YAML"], [json, "JSON"]]) {
        const ok = row.ratio.cpuMs <= SYNTH_TARGET ? "met" : "ABOVE";
        console.log(
          `  ${`${size} domain${size > 1 ? "s" : ""}, ${format} config${same ? "" : " (outputs DIFFER)"}`.padEnd(34)} ${ms(row.cpuMs).padStart(8)} ${ms(bare.cpuMs).padStart(10)}  ${times(row.ratio.cpuMs)}  | ${ms(row.wallMs).padStart(8)} ${ms(bare.wallMs).padStart(10)}  ${times(row.ratio.wallMs)}  | ${`${row.mb.toFixed(0)} MB`.padStart(7)} ${`${bare.mb.toFixed(0)} MB`.padStart(9)}  ${times(row.ratio.mb)} | ${String(runs).padStart(4)} | ${ok}`,
        );
      }
    }
  }
  if (synthRows.length > 0) console.log("  (times: medians of the runs; ratios: median of each round's app/bare ratio)");
  const fleet = summary.find((row) => row.kind === "fleet");
  if (fleet) {
    console.log(`fleet, terraform plan only (init excluded), ${FLEET_N} CloudFront domains      wall      CPU`);
    console.log(`  ${`${FLEET_N} per-domain stacks, one after another`.padEnd(68)} ${sec(fleet.stacks.wallMs).padStart(7)}  ${sec(fleet.stacks.cpuMs).padStart(7)}`);
    console.log(`  ${"one named stack (defaults: { stack: fleet })".padEnd(68)} ${sec(fleet.named.wallMs).padStart(7)}  ${sec(fleet.named.cpuMs).padStart(7)}`);
    console.log(`  ${"one domain alone".padEnd(68)} ${sec(fleet.one.wallMs).padStart(7)}  ${sec(fleet.one.cpuMs).padStart(7)}`);
    const wallOk = fleet.ratio.wallMs <= FLEET_TARGET ? "met" : "ABOVE";
    const cpuOk = fleet.ratio.cpuMs <= FLEET_TARGET ? "met" : "ABOVE";
    console.log(
      `  ${`named / one (target x${FLEET_TARGET.toFixed(2)})`.padEnd(68)} ${times(fleet.ratio.wallMs).padStart(7)}  ${times(fleet.ratio.cpuMs).padStart(7)}   wall ${wallOk}, CPU ${cpuOk}`,
    );
  }
  if (summary.some((row) => row.kind === "fleet-skipped")) console.log("fleet: NOT MEASURED (see above)");
  console.log(`bench total: ${sec(elapsed())}${LONG ? " (BENCH_LONG)" : ""}`);
}

const work = mkdtempSync(join(tmpdir(), "email-assets-bench-"));
try {
  if (PARTS.has("synth")) synthPart(work);
  if (PARTS.has("phases")) phasesPart(work);
  if (PARTS.has("entry")) entryPart(work);
  if (PARTS.has("fleet")) {
    try {
      const result = fleetPart(work, { n: FLEET_N, runs: FLEET_RUNS, passes: FLEET_PASSES, target: FLEET_TARGET });
      summary.push({ kind: "fleet", ...result });
    } catch (error) {
      // Without Terraform or the mirror the fleet figures cannot exist; say so, in the summary too.
      console.log(`\n== fleet: NOT MEASURED: ${error.message}`);
      summary.push({ kind: "fleet-skipped" });
      process.exitCode = 1;
    }
  }
  printSummary();
} finally {
  rmSync(work, { recursive: true, force: true });
}
