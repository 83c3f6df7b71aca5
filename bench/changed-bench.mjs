// npm run bench (after synth-bench.mjs): `email-assets stacks --json --changed-since REF` on a fleet
// (default 1,000 domains) against one plain `email-assets synth` of the same fleet, measured in the
// same run on the same machine, interleaved, as ratios. --changed-since synthesizes twice (the
// config at REF and now, in temporary folders) and compares; synth synthesizes once and writes
// the output folder. The fleet lives in a temporary git repository: committed, then one domain
// changed in the working tree, as a pull request's checkout has it; the listing must name exactly
// that domain's stack, or the figures are not printed.
//
// Environment: BENCH_CHANGED_RUNS (rounds, default 5), BENCH_CHANGED_SIZE (domains, default 1000).
// CPU time is the node process's own (user+sys); the few git commands it starts are not in it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { median, runNode } from "./bench-runs.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/src/cli/main.js");
const whole = (name, normal) => {
  const value = Number(process.env[name] ?? normal);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1; received ${process.env[name]}`);
  return value;
};
const RUNS = whole("BENCH_CHANGED_RUNS", 5);
const SIZE = whole("BENCH_CHANGED_SIZE", 1000);
const ZONE = "0123456789abcdef0123456789abcdef";
const sec = (value) => `${(value / 1000).toFixed(2)} s`;
const times = (value) => `x${value.toFixed(2)}`;

function git(cwd, args) {
  const env = { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@example.com", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@example.com" };
  const result = spawnSync("git", ["-c", "commit.gpgsign=false", ...args], { cwd, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
}

/** The fleet synth-bench.mjs uses: Cloudflare (page-rules) domains in one zone, the three regions in turn. */
const fleet = (changed) => ({
  domains: Array.from({ length: SIZE }, (_, i) => ({
    domain: `e${i}.example.com`,
    workspace: i === changed ? "beta" : "acme",
    region: ["us", "eu", "au"][i % 3],
    edge: "cloudflare",
    cloudflare: { zoneId: ZONE },
  })),
});

const work = mkdtempSync(join(tmpdir(), "email-assets-changed-bench-"));
try {
  const config = join(work, "email-assets.yaml");
  git(work, ["init", "-q", "."]);
  writeFileSync(config, stringify(fleet(-1)));
  git(work, ["add", "-A"]);
  git(work, ["commit", "-q", "-m", "fleet"]);
  const changedIndex = Math.floor(SIZE / 2);
  writeFileSync(config, stringify(fleet(changedIndex)));

  const variants = [
    { label: "synth (one synthesis, writes the output folder)", args: (out) => ["synth", "--config", config, "--out", out] },
    { label: "stacks --json --changed-since HEAD (two syntheses)", args: () => ["stacks", "--json", "--changed-since", "HEAD", "--config", config] },
  ];
  const samples = variants.map(() => ({ wallMs: [], cpuMs: [], mb: [] }));
  console.log(`== stacks --changed-since against synth: ${SIZE} Cloudflare domains, ${RUNS} rounds, interleaved`);
  for (let round = 0; round < RUNS; round++) {
    variants.forEach((variant, v) => {
      const out = join(work, `out-${round}`);
      const sample = runNode({ label: variant.label, args: [cli, ...variant.args(out)] }, work);
      rmSync(out, { recursive: true, force: true });
      if (v === 1) {
        // The figures mean something only if the listing is right: exactly the changed domain's stack.
        const listed = JSON.parse(sample.stdout).map((entry) => `${entry.change} ${entry.stack}`);
        const expected = [`changed e${changedIndex}-example-com`];
        if (JSON.stringify(listed) !== JSON.stringify(expected)) throw new Error(`--changed-since listed ${JSON.stringify(listed.slice(0, 5))}, expected ${JSON.stringify(expected)}`);
      }
      for (const key of ["wallMs", "cpuMs", "mb"]) samples[v][key].push(sample[key]);
    });
  }
  // Paired: the median of each round's ratio, so that load that comes and goes cancels out.
  const paired = (key) => median(samples[1][key].map((value, i) => value / samples[0][key][i]));
  console.log(`  ${"".padEnd(54)} ${"wall".padStart(8)} ${"CPU".padStart(8)} ${"peak MB".padStart(8)}`);
  variants.forEach((variant, v) => {
    console.log(`  ${variant.label.padEnd(54)} ${sec(median(samples[v].wallMs)).padStart(8)} ${sec(median(samples[v].cpuMs)).padStart(8)} ${median(samples[v].mb).toFixed(0).padStart(8)}`);
  });
  console.log(`  ${"changed-since / synth (median of paired ratios)".padEnd(54)} ${times(paired("wallMs")).padStart(8)} ${times(paired("cpuMs")).padStart(8)} ${times(paired("mb")).padStart(8)}`);
  console.log("  (the listing named exactly the one changed stack in every round)");
} finally {
  rmSync(work, { recursive: true, force: true });
}
