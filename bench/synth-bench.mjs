// npm run bench: the app's synth time and peak memory as ratios against a bare cdktf program that
// builds the same resources (bench/bare-app.cjs), measured in the same run, on the same machine.
// Also: the app with the package-root provider import it avoids, for scale.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SIZES = [2, 100];
const ZONE = "0123456789abcdef0123456789abcdef";

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(label, args, env, cwd) {
  const times = [];
  const rss = [];
  for (let i = 0; i < RUNS; i++) {
    const usageFile = join(cwd, "usage.json");
    const outdir = mkdtempSync(join(cwd, "out-"));
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["--require", join(root, "bench/report-usage.cjs"), ...args], {
      cwd,
      env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, BENCH_USAGE_FILE: usageFile },
      encoding: "utf8",
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
    times.push(ms);
    rss.push(JSON.parse(readFileSync(usageFile, "utf8")).maxRssKb / 1024);
    rmSync(outdir, { recursive: true, force: true });
  }
  return { label, ms: median(times), mb: median(rss) };
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
    const configFile = join(work, `config-${size}.json`);
    const domainsFile = join(work, `domains-${size}.json`);
    writeFileSync(configFile, JSON.stringify({ domains: specs }));
    writeFileSync(domainsFile, JSON.stringify(specs.map((s) => ({ domain: s.domain, zoneId: ZONE, host: hosts[s.region] }))));

    const base = measure("bare cdktf program", [join(root, "bench/bare-app.cjs")], { BENCH_DOMAINS: domainsFile }, work);
    const rows = [
      base,
      measure("app (node dist/stacks/main.js)", [join(root, "dist/stacks/main.js")], { EMAIL_ASSETS_CONFIG: configFile }, work),
      measure("app + package-root provider import", [rootImport], { EMAIL_ASSETS_CONFIG: configFile }, work),
    ];
    console.log(`${size} domain(s), ${size * 3} resources:`);
    for (const row of rows) {
      console.log(
        `  ${row.label.padEnd(38)} ${row.ms.toFixed(0).padStart(6)} ms (x${(row.ms / base.ms).toFixed(2)})  ${row.mb.toFixed(0).padStart(5)} MB (x${(row.mb / base.mb).toFixed(2)})`,
      );
    }
  }
  console.log("\ntarget: the app within x1.50 of the bare program's time");
} finally {
  rmSync(work, { recursive: true, force: true });
}
