// How the bench scripts measure a node program: one run with its own CPU time and peak memory
// (bench/report-usage.cjs, preloaded), and variants run interleaved round by round, as medians and
// as ratios paired by round against the first variant.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const reportUsage = fileURLToPath(new URL("report-usage.cjs", import.meta.url));

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * One run of a node program (`variant`: label, args, env): wall time, CPU time (user+sys, all
 * threads) and peak RSS of the process, and its stdout.
 */
export function runNode(variant, cwd) {
  const usageFile = join(cwd, "usage.json");
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", reportUsage, ...variant.args], {
    cwd,
    env: { ...process.env, ...variant.env, BENCH_USAGE_FILE: usageFile },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${variant.label} failed:\n${result.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8"));
  return { wallMs, cpuMs: usage.cpuMs, mb: usage.maxRssKb / 1024, stdout: result.stdout };
}

/**
 * Runs the variants interleaved, so drift in the machine's load hits all of them alike; medians.
 * Each run gets a fresh output folder: CDKTF_OUTDIR, and any argument "<out>". The folders of the
 * first round are kept for `inspect` (the synthesized JSON), then removed.
 */
export function measure(variants, cwd, runs, inspect = () => {}) {
  const samples = variants.map(() => ({ wallMs: [], cpuMs: [], mb: [] }));
  for (let round = 0; round < runs; round++) {
    const outs = variants.map((variant, v) => {
      const out = mkdtempSync(join(cwd, "out-"));
      const args = variant.args.map((arg) => (arg === "<out>" ? out : arg));
      const sample = runNode({ ...variant, args, env: { ...variant.env, CDKTF_OUTDIR: out } }, cwd);
      for (const key of Object.keys(samples[v])) samples[v][key].push(sample[key]);
      return out;
    });
    if (round === 0) inspect(outs);
    for (const out of outs) rmSync(out, { recursive: true, force: true });
  }
  // Ratios against the first variant are paired: the median of each round's ratio, so that load
  // that comes and goes (other work on the machine) cancels out where it hit a round's runs alike.
  const paired = (v, key) => median(samples[v][key].map((value, i) => value / samples[0][key][i]));
  return variants.map((variant, v) => ({
    label: variant.label,
    wallMs: median(samples[v].wallMs),
    cpuMs: median(samples[v].cpuMs),
    mb: median(samples[v].mb),
    ratio: { wallMs: paired(v, "wallMs"), cpuMs: paired(v, "cpuMs"), mb: paired(v, "mb") },
  }));
}
