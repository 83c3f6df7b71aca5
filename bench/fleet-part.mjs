// synth-bench.mjs's fleet part: `terraform plan`, offline (Terraform on PATH, hashicorp/aws from a
// filesystem mirror, fake AWS keys), of a fleet synthesized by the app as per-domain stacks, as one
// named stack, and of one domain alone; CPU time is terraform's and its provider plugins'.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { median } from "./bench-runs.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = process.env;
const sec = (value) => `${(value / 1000).toFixed(1)} s`;
const times = (value) => `x${value.toFixed(2)}`;
const ratio = (a, b) => times(a / b);

const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws";
const AWS_PROVIDER_VERSION = "5.100.0";

/** Terraform on PATH, as the tests find it. */
function findTerraform() {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "terraform");
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  throw new Error("terraform is not on PATH (Terraform 1.11 is needed for the fleet plans)");
}

/** The root of a filesystem mirror holding hashicorp/aws 5.100.0: $EMAIL_ASSETS_TF_MIRROR, else found on this machine (as test/support/terraform.ts does). */
function findAwsMirror() {
  const fromEnv = env.EMAIL_ASSETS_TF_MIRROR;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, AWS_PROVIDER, AWS_PROVIDER_VERSION))) throw new Error(`EMAIL_ASSETS_TF_MIRROR=${fromEnv} holds no ${AWS_PROVIDER} ${AWS_PROVIDER_VERSION}`);
    return fromEnv;
  }
  const found = spawnSync(
    "find",
    ["/", "-xdev", "(", "-path", "/proc", "-o", "-path", "/sys", ")", "-prune", "-o", "-name", `terraform-provider-aws_v${AWS_PROVIDER_VERSION}*`, "-print"],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  ).stdout
    .split("\n")
    .find((path) => path.includes(`/${AWS_PROVIDER}/${AWS_PROVIDER_VERSION}/`));
  if (!found) throw new Error(`no filesystem mirror with ${AWS_PROVIDER} ${AWS_PROVIDER_VERSION} on this machine (set EMAIL_ASSETS_TF_MIRROR to its root)`);
  return found.slice(0, found.indexOf(`/${AWS_PROVIDER}/`));
}

/** A Terraform CLI config that installs hashicorp/aws from the mirror, linked in place, no plugin cache (test/support/terraform.ts's writeCliConfig). */
function writeCliConfig(dir) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "terraform.tfrc");
  writeFileSync(
    path,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(findAwsMirror())}\n    include = [${JSON.stringify(AWS_PROVIDER)}]\n  }\n}\n`,
  );
  return path;
}

/** This process's reaped children's CPU time so far (ms), from /proc/self/stat (cutime + cstime); undefined off Linux. */
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;
function childrenCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of the file (cutime, cstime); fields[0] here is field 3.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** One command, timed: wall, and CPU of it and everything it waited for (terraform and its provider plugins). */
function timed(command, args, options) {
  const cpu0 = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu1 = childrenCpuMs();
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${options.cwd}:\n${result.stdout}${result.stderr}`);
  return { wallMs, cpuMs: cpu0 === undefined || cpu1 === undefined ? NaN : cpu1 - cpu0, stdout: result.stdout };
}

/**
 * Plans `n` CloudFront domains three ways (`n` per-domain stacks, one named stack, one domain alone),
 * printing as it goes; the medians and the named / one ratios, paired by round, for the summary.
 */
export function fleetPart(work, { n: FLEET_N, runs: FLEET_RUNS, passes: FLEET_PASSES, target: FLEET_TARGET }) {
  const dir = join(work, "fleet");
  mkdirSync(dir);
  const terraform = findTerraform();
  const cliConfig = writeCliConfig(dir);
  const tfEnv = {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    // Fake keys: with the skip flags EMAIL_ASSETS_AWS_SKIP_CHECKS adds, nothing checks them.
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  const domain = (i) => ({ domain: `f${i}.example.com` });
  const defaults = { workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: "Z00000000000000EXAMPLE" } };
  const configs = {
    stacks: { defaults, domains: Array.from({ length: FLEET_N }, (_, i) => domain(i)) },
    named: { defaults: { ...defaults, stack: "fleet" }, domains: Array.from({ length: FLEET_N }, (_, i) => domain(i)) },
    one: { defaults, domains: [domain(0)] },
  };
  const stackDirs = {};
  const synthEnv = { ...env, EMAIL_ASSETS_AWS_SKIP_CHECKS: "1" };
  for (const [name, config] of Object.entries(configs)) {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, stringify(config));
    const out = join(dir, `out-${name}`);
    timed(process.execPath, [join(root, "dist/src/cli/main.js"), "synth", "--config", file, "--out", out], { cwd: dir, env: synthEnv });
    stackDirs[name] = readdirSync(join(out, "stacks")).sort().map((id) => join(out, "stacks", id));
  }
  const resourcesIn = (stackDir) =>
    Object.values(JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")).resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  console.log(`\n== fleet: terraform plan, offline (provider mirror, fake AWS keys), ${FLEET_N} CloudFront domains (Route 53 DNS, new certificate)`);
  console.log(
    `   ${stackDirs.stacks.length} per-domain stacks of ${resourcesIn(stackDirs.stacks[0])} resources, one named stack of ${resourcesIn(stackDirs.named[0])}, one domain alone: ${resourcesIn(stackDirs.one[0])}`,
  );

  // terraform init once per stack folder, timed apart: the figures below are `terraform plan` alone.
  const init = { stacks: 0, named: 0, one: 0 };
  for (const [name, dirs] of Object.entries(stackDirs)) {
    for (const stackDir of dirs) init[name] += timed(terraform, ["init", "-input=false", "-no-color"], { cwd: stackDir, env: tfEnv }).wallMs;
  }
  console.log(`   terraform init, once per folder (not in the plan times): ${FLEET_N} stacks ${sec(init.stacks)} in all, named ${sec(init.named)}, one ${sec(init.one)}`);

  const plan = (stackDir) => timed(terraform, ["plan", "-input=false", "-no-color"], { cwd: stackDir, env: tfEnv });
  const samples = { stacks: [], named: [], one: [] };
  for (let i = 0; i < Math.max(FLEET_RUNS, FLEET_PASSES); i++) {
    if (i < FLEET_RUNS) samples.one.push(plan(stackDirs.one[0]));
    if (i < FLEET_RUNS) samples.named.push(plan(stackDirs.named[0]));
    if (i < FLEET_PASSES) {
      const each = stackDirs.stacks.map(plan);
      samples.stacks.push({ each, wallMs: each.reduce((sum, s) => sum + s.wallMs, 0), cpuMs: each.reduce((sum, s) => sum + s.cpuMs, 0) });
    }
  }
  // What Terraform said it would do, so a plan that planned nothing cannot pass for a fast one.
  const toAdd = (sample) => /Plan: (\d+) to add/.exec(sample.stdout)?.[1] ?? "?";
  console.log(`   terraform plan says: each per-domain stack ${toAdd(samples.stacks[0].each[0])} to add, the named stack ${toAdd(samples.named[0])}, one domain ${toAdd(samples.one[0])}`);
  const med = (list) => ({ wallMs: median(list.map((s) => s.wallMs)), cpuMs: median(list.map((s) => s.cpuMs)) });
  // named / one paired by round, as for synth: the two plans of a round ran back to back.
  const paired = (key) => median(samples.named.map((s, i) => s[key] / samples.one[i][key]));
  const result = { stacks: med(samples.stacks), named: med(samples.named), one: med(samples.one), ratio: { wallMs: paired("wallMs"), cpuMs: paired("cpuMs") } };
  const line = (label, { wallMs, cpuMs }, note = "") => console.log(`  ${label.padEnd(58)} wall ${sec(wallMs).padStart(7)}  CPU ${sec(cpuMs).padStart(7)}${note}`);
  line(`${FLEET_N} per-domain stacks, planned one after another (sum)`, result.stacks, `  (${FLEET_PASSES} pass${FLEET_PASSES > 1 ? "es, median" : ""}; ${sec(result.stacks.wallMs / FLEET_N)} a stack)`);
  line(`one named stack of ${FLEET_N} domains (defaults: { stack: fleet })`, result.named, `  (median of ${FLEET_RUNS})`);
  line("one domain alone", result.one, `  (median of ${FLEET_RUNS})`);
  console.log(
    `  named / one (median of the rounds' ratios): wall ${times(result.ratio.wallMs)}, CPU ${times(result.ratio.cpuMs)} (target x${FLEET_TARGET.toFixed(2)}); ${FLEET_N} stacks / named: wall ${ratio(result.stacks.wallMs, result.named.wallMs)}`,
  );
  return result;
}
