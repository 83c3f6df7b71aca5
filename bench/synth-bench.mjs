// npm run bench: the app's synth time and peak memory as ratios against a bare cdktf program that
// builds the same resources (bench/bare-app.cjs), measured in the same run, on the same machine.
// Also: the app with the package-root provider import it avoids, for scale; and the cost of loading
// the package's two entry points against a bare node process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SIZES = [2, 100];
const ZONE = "0123456789abcdef0123456789abcdef";

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One run of a variant: wall time (ms) and the process's peak RSS (MB). */
function runOnce(variant, cwd) {
  const usageFile = join(cwd, "usage.json");
  const outdir = mkdtempSync(join(cwd, "out-"));
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", join(root, "bench/report-usage.cjs"), ...variant.args], {
    cwd,
    env: { ...process.env, ...variant.env, CDKTF_OUTDIR: outdir, BENCH_USAGE_FILE: usageFile },
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${variant.label} failed:\n${result.stderr}`);
  rmSync(outdir, { recursive: true, force: true });
  return { ms, mb: JSON.parse(readFileSync(usageFile, "utf8")).maxRssKb / 1024 };
}

/** Runs the variants interleaved, so drift in the machine's load hits all of them alike. */
function measure(variants, cwd) {
  const samples = variants.map(() => ({ ms: [], mb: [] }));
  for (let i = 0; i < RUNS; i++) {
    variants.forEach((variant, v) => {
      const { ms, mb } = runOnce(variant, cwd);
      samples[v].ms.push(ms);
      samples[v].mb.push(mb);
    });
  }
  return variants.map((variant, v) => ({ label: variant.label, ms: median(samples[v].ms), mb: median(samples[v].mb) }));
}

const work = mkdtempSync(join(tmpdir(), "email-assets-bench-"));
try {
  const rootImport = join(work, "root-import.cjs");
  writeFileSync(rootImport, `require(${JSON.stringify(join(root, "node_modules/@cdktf/provider-cloudflare"))});\nrequire(${JSON.stringify(join(root, "dist/stacks/main.js"))});\n`);
  console.log(`median of ${RUNS} runs each; ratios are against the bare cdktf program in the same run\n`);
  for (const size of SIZES) {
    const specs = Array.from({ length: size }, (_, i) => ({
      domain: `e${i}.example.com`,
      workspace: "acme",
      region: ["us", "eu", "au"][i % 3],
      edge: "cloudflare",
      cloudflare: { zoneId: ZONE },
    }));
    const hosts = { us: "acme.intercom-mail.com", eu: "acme.intercom-mail.eu", au: "acme.au.intercom-mail.com" };
    // YAML, as users write it (the YAML parser is part of the cost).
    const configFile = join(work, `email-assets-${size}.yaml`);
    const domainsFile = join(work, `domains-${size}.json`);
    writeFileSync(configFile, stringify({ domains: specs }));
    writeFileSync(domainsFile, JSON.stringify(specs.map((s) => ({ domain: s.domain, zoneId: ZONE, host: hosts[s.region] }))));

    const rows = measure(
      [
        { label: "bare cdktf program", args: [join(root, "bench/bare-app.cjs")], env: { BENCH_DOMAINS: domainsFile } },
        { label: "app (node dist/stacks/main.js)", args: [join(root, "dist/stacks/main.js")], env: { EMAIL_ASSETS_CONFIG: configFile } },
        { label: "app + package-root provider import", args: [rootImport], env: { EMAIL_ASSETS_CONFIG: configFile } },
      ],
      work,
    );
    const base = rows[0];
    console.log(`${size} domain(s), ${size * 3} resources:`);
    for (const row of rows) {
      console.log(
        `  ${row.label.padEnd(38)} ${row.ms.toFixed(0).padStart(6)} ms (x${(row.ms / base.ms).toFixed(2)})  ${row.mb.toFixed(0).padStart(5)} MB (x${(row.mb / base.mb).toFixed(2)})`,
      );
    }
  }
  console.log("\ntarget: the app within x1.50 of the bare program's time");

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
  );
  console.log("\nentry points (process wall time, loading included):");
  for (const row of rows) {
    const extra = row.ms - rows[0].ms;
    console.log(`  ${row.label.padEnd(38)} ${row.ms.toFixed(0).padStart(6)} ms (x${(row.ms / rows[0].ms).toFixed(2)}, +${extra.toFixed(0)} ms)  ${row.mb.toFixed(0).padStart(5)} MB`);
  }
  console.log("target: the validate entry point adds well under 60 ms to a bare node process, and loads no cdktf");
} finally {
  rmSync(work, { recursive: true, force: true });
}
