import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ASK_EXAMPLE, cleanEnv, CLI_JS, PROJECT_DIR, runNode, tempDir, writeFile } from "./support/project";
import { FAKE_AWS_CREDENTIALS, findTerraform, writeCliConfig } from "./support/terraform";

// README "Running in a pipeline" -> "CI: a matrix over the stacks": the GitHub Actions workflow and
// the Atlantis repo config are parsed, checked, and their `run:` steps run for real in a scratch
// copy of the project, with Terraform offline (the AWS provider from the filesystem mirror, fake
// credentials, the local backend). The stacks are CloudFront ones: Terraform can plan AWS offline
// here, while no Cloudflare provider binary exists on these machines.

const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");

/** The fenced YAML block of the CI section whose first line is `firstLine`. */
function ciBlock(firstLine: string): string {
  const lines = readme.split("\n");
  const start = lines.indexOf("### CI: a matrix over the stacks");
  expect(start, "README has no '### CI: a matrix over the stacks' section").toBeGreaterThanOrEqual(0);
  const blocks: string[][] = [];
  let current: string[] | undefined;
  let fenced = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("```")) {
      if (!fenced && line === "```yaml") blocks.push((current = []));
      else current = undefined;
      fenced = !fenced;
    } else if (fenced) current?.push(line);
    else if (/^#{1,3} /.test(line)) break; // the next section
  }
  const found = blocks.filter((block) => block[0] === firstLine);
  expect(found, `the CI section should have exactly one yaml block starting with "${firstLine}"`).toHaveLength(1);
  return found[0].join("\n");
}

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  "runs-on"?: string;
  outputs?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: { include?: unknown } };
  steps: Step[];
}
interface Workflow {
  name?: string;
  on?: unknown;
  jobs: Record<string, Job>;
}

type AtlantisStep = string | { run?: unknown; [key: string]: unknown };
interface AtlantisConfig {
  version: number;
  projects: { name: string; dir: string; workflow: string; autoplan?: { when_modified?: string[] } }[];
  workflows: Record<string, { plan?: { steps: AtlantisStep[] }; apply?: { steps: AtlantisStep[] } }>;
}

const workflow = parse(ciBlock("# .github/workflows/email-assets.yml")) as Workflow;
const atlantis = parse(ciBlock("# atlantis.yaml")) as AtlantisConfig;

const MATRIX_INCLUDE = "${{ fromJSON(needs.stacks.outputs.stacks) }}";
const STACKS_OUTPUT = "${{ steps.list.outputs.stacks }}";

interface StackEntry {
  stack: string;
  kind: string;
  domains: string[];
  edges: string[];
  directory: string;
  state: string;
}

/** `email-assets stacks --json` by the compiled CLI, in `cwd`. */
function listStacks(cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): StackEntry[] {
  const run = runNode(CLI_JS, ["stacks", "--json"], cwd, env);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout.trim().split("\n"), "stacks --json prints one line").toHaveLength(1);
  return JSON.parse(run.stdout) as StackEntry[];
}

// --- The scratch checkout -----------------------------------------------------------------------

interface Checkout {
  /** Temporary root: the checkout, the npm cache, the Terraform CLI config and plan files. */
  readonly root: string;
  /** The project as a CI runner has it after `actions/checkout` and `npm ci`. */
  readonly dir: string;
  readonly cliConfig: string;
  readonly npmCache: string;
}

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

let checkout: Checkout | undefined;

/**
 * What a checkout holds (the sources, the manifest and lockfile, the cdktf and TypeScript configs),
 * plus what `npm ci` would add: node_modules (a symlink to the project's own) and dist/ (the build
 * that `npm ci` runs through `prepare`). Made once, shared by the tests.
 */
function scratchCheckout(): Checkout {
  if (checkout) return checkout;
  const { dir: root, cleanup } = tempDir("email-assets-readme-ci-");
  cleanups.push(cleanup);
  const dir = join(root, "checkout");
  mkdirSync(dir);
  for (const entry of ["package.json", "package-lock.json", "cdktf.json", "tsconfig.json", "src", "stacks", "dist"]) {
    cpSync(join(PROJECT_DIR, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(PROJECT_DIR, "node_modules"), join(dir, "node_modules"));
  const domain = (name: string) => ({ domain: name, workspace: "acme", region: "us", edge: "cloudfront", cloudfront: {} });
  writeFile(dir, "email-assets.yaml", stringify({ domains: [domain("emails.example.com"), domain("links.example.org")] }));
  const terraformDir = join(root, "terraform");
  mkdirSync(terraformDir);
  checkout = { root, dir, cliConfig: writeCliConfig(terraformDir), npmCache: join(root, "npm-cache") };
  return checkout;
}

/** The environment of a CI step: offline Terraform, fake AWS credentials, a fresh npm cache. */
function ciEnv(co: Checkout, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const key of Object.keys(env)) {
    // Nothing from the machine's or an outer `npm test`'s npm or Terraform settings.
    if (key.startsWith("npm_config_") || key.startsWith("TF_")) delete env[key];
  }
  return {
    ...env,
    CI: "true",
    CHECKPOINT_DISABLE: "1",
    TF_CLI_CONFIG_FILE: co.cliConfig,
    ...FAKE_AWS_CREDENTIALS,
    AWS_EC2_METADATA_DISABLED: "true",
    EMAIL_ASSETS_AWS_SKIP_CHECKS: "1",
    // A runner's npm cache starts empty. Offline, so that a step that would fetch anything from
    // the registry fails here (ENOTCACHED) instead of quietly depending on the network.
    npm_config_cache: co.npmCache,
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
    ...extra,
  };
}

interface StepRun {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs `command` with bash in the checkout; `errexit` as GitHub's default `bash -e {0}`. */
function bash(command: string, co: Checkout, env: NodeJS.ProcessEnv, errexit: boolean): StepRun {
  const started = Date.now();
  const result = spawnSync("bash", ["--noprofile", "--norc", ...(errexit ? ["-e"] : []), "-c", command], {
    cwd: co.dir,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { command, status: result.status, stdout: result.stdout, stderr: result.stderr, seconds: (Date.now() - started) / 1000 };
}

function expectSuccess(run: StepRun, co: Checkout): void {
  const hint = run.command.includes("npm ") ? `\n(npm's debug logs are in ${join(co.npmCache, "_logs")})` : "";
  expect(run.status, `step \`${run.command}\` exited ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}${hint}`).toBe(0);
}

/** Terraform's plan summary, which must create something. */
function expectCreates(output: string, what: string): void {
  const summary = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(stripVTControlCharacters(output));
  expect(summary, `${what}: no plan summary in\n${output}`).not.toBeNull();
  expect(Number(summary![1]), `${what}: ${summary![0]}`).toBeGreaterThan(0);
}

// --- GitHub Actions -------------------------------------------------------------------------------

/** The outputs a step wrote to $GITHUB_OUTPUT (`name=value` lines). */
function readGithubOutput(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "") continue;
    const match = /^([\w-]+)=(.*)$/.exec(line);
    expect(match, `a $GITHUB_OUTPUT line that is not name=value: ${line}`).not.toBeNull();
    outputs[match![1]] = match![2]!;
  }
  return outputs;
}

/** `${{ matrix.X }}` replaced by the entry's values; any other expression is an error. */
function substituteMatrix(command: string, entry: Record<string, unknown> | undefined): string {
  const substituted = command.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_expression, key: string) => {
    const value = entry?.[key];
    expect(value, `\`${command}\` uses matrix.${key}, which the matrix entry lacks`).toBeTypeOf("string");
    return value as string;
  });
  expect(substituted, `an expression this test does not evaluate in \`${command}\``).not.toContain("${{");
  return substituted;
}

interface JobRun {
  readonly runs: StepRun[];
  /** The outputs each step with an id wrote, by step id. */
  readonly steps: Record<string, Record<string, string>>;
}

/** Runs a job's `run:` steps in order, as a runner would after checkout and setup. */
function runJob(job: Job, co: Checkout, entry?: Record<string, unknown>): JobRun {
  const runs: StepRun[] = [];
  const steps: Record<string, Record<string, string>> = {};
  job.steps.forEach((step, index) => {
    if (step.uses !== undefined) return; // checkout, setup-node, setup-terraform: this machine has them
    expect(step.run, `step ${index} has neither uses nor run`).toBeTypeOf("string");
    // Skipped: the scratch copy is installed already (node_modules and the build).
    if (step.run!.trim() === "npm ci") return;
    const output = join(co.root, `github-output-${Date.now()}-${index}`);
    writeFileSync(output, "");
    const run = bash(substituteMatrix(step.run!, entry), co, ciEnv(co, { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: output }), true);
    expectSuccess(run, co);
    runs.push(run);
    if (step.id !== undefined) steps[step.id] = readGithubOutput(output);
  });
  return { runs, steps };
}

describe("README: the GitHub Actions workflow", () => {
  it("lists the stacks in one job and plans each in a matrix job that needs it", () => {
    expect(Object.keys(workflow.jobs).sort()).toEqual(["plan", "stacks"]);
    const { stacks, plan } = workflow.jobs as { stacks: Job; plan: Job };
    expect(plan.needs).toBe("stacks");
    expect(plan.strategy?.matrix?.include).toBe(MATRIX_INCLUDE);
    expect(plan.strategy?.["fail-fast"]).toBe(false);
    expect(stacks.outputs).toEqual({ stacks: STACKS_OUTPUT });
    const list = stacks.steps.find((step) => step.id === "list");
    expect(list?.run).toContain("npm run --silent email-assets -- stacks --json");
    expect(list?.run).toContain('>> "$GITHUB_OUTPUT"');
    expect(plan.steps.map((step) => step.run).filter((run) => run !== undefined)).toEqual([
      "npm ci",
      "npm run --silent email-assets -- synth",
      "terraform -chdir=${{ matrix.directory }} init -input=false",
      "terraform -chdir=${{ matrix.directory }} plan -input=false",
    ]);
  });

  it(
    "runs its steps in a scratch copy of the project: one matrix entry per stack, each planned",
    () => {
      const co = scratchCheckout();
      findTerraform();
      const { stacks, plan } = workflow.jobs as { stacks: Job; plan: Job };

      const listed = runJob(stacks, co);
      // The job's outputs, then the matrix, as the two expressions in the workflow say.
      const outputRef = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(stacks.outputs?.stacks ?? "");
      expect(outputRef).not.toBeNull();
      const jobOutput = listed.steps[outputRef![1]]?.[outputRef![2]];
      expect(jobOutput, `step ${outputRef![1]} wrote no output ${outputRef![2]}`).toBeTypeOf("string");
      // `echo "stacks=$(...)"` exits 0 even when the command inside fails (bash -e does not look
      // into a substitution within a command's arguments): an empty list means it failed.
      expect(jobOutput, "the list step wrote an empty stacks= (its stacks command failed, and the step did not)").not.toBe("");
      expect(plan.strategy?.matrix?.include).toBe(MATRIX_INCLUDE);
      const include = JSON.parse(jobOutput) as StackEntry[];

      const expected = listStacks(co.dir, ciEnv(co, {}));
      expect(expected.map((entry) => entry.stack)).toEqual(["emails-example-com", "links-example-org"]);
      expect(include.map((entry) => entry.stack)).toEqual(expected.map((entry) => entry.stack));
      expect(include).toEqual(expected);

      // GitHub runs the matrix jobs on fresh runners in parallel; here they run one after the other.
      for (const entry of include) {
        const { runs } = runJob(plan, co, entry as unknown as Record<string, unknown>);
        expect(runs.map((run) => run.command)).toEqual([
          "npm run --silent email-assets -- synth",
          `terraform -chdir=${entry.directory} init -input=false`,
          `terraform -chdir=${entry.directory} plan -input=false`,
        ]);
        expect(existsSync(join(co.dir, entry.directory, "cdk.tf.json"))).toBe(true);
        expectCreates(runs[2].stdout, `terraform plan of ${entry.stack}`);
      }
    },
    300_000,
  );
});

// --- Atlantis -------------------------------------------------------------------------------------

/** A plan-stage step as a shell command: custom `run` steps, and the built-in init and plan. */
function atlantisCommand(step: AtlantisStep): string {
  if (step === "init") return "terraform init -input=false";
  if (step === "plan") return "terraform plan -input=false -out=$PLANFILE";
  expect(typeof step === "object" && typeof step.run === "string" && Object.keys(step).length === 1, `an Atlantis step this test does not run: ${JSON.stringify(step)}`).toBe(true);
  return (step as { run: string }).run;
}

describe("README: the Atlantis repo config", () => {
  it("is version 3, with one project per stack of the embedded example, in the root, on a workflow it defines", () => {
    expect(atlantis.version).toBe(3);
    expect(atlantis.projects.length).toBeGreaterThan(0);
    const { dir, cleanup } = tempDir("email-assets-embedded-");
    let embedded: string[];
    try {
      embedded = listStacks(dir, cleanEnv(ASK_EXAMPLE)).map((entry) => entry.stack);
    } finally {
      cleanup();
    }
    expect(embedded).toContain("emails-example-com");
    expect(atlantis.projects.map((project) => project.name)).toContain("emails-example-com");
    for (const project of atlantis.projects) {
      expect(embedded, `project ${project.name}`).toContain(project.name);
      expect(project.dir, `project ${project.name}`).toBe(".");
      expect(Object.keys(atlantis.workflows), `project ${project.name}`).toContain(project.workflow);
      expect(project.autoplan?.when_modified ?? [], `project ${project.name}`).toContain("email-assets.yaml");
    }
    for (const [name, flow] of Object.entries(atlantis.workflows)) {
      expect(flow.plan?.steps.length, `workflow ${name} plan steps`).toBeGreaterThan(0);
      expect(flow.apply?.steps.length, `workflow ${name} apply steps`).toBeGreaterThan(0);
    }
  });

  it(
    "runs a project's plan steps in a scratch copy of the project, and the plan file is what apply would take",
    () => {
      const co = scratchCheckout();
      findTerraform();
      // Atlantis plans in a fresh clone: nothing synthesized yet.
      rmSync(join(co.dir, "cdktf.out"), { recursive: true, force: true });
      const stack = listStacks(co.dir, ciEnv(co, {}))[0];
      expect(stack.edges).toEqual(["cloudfront"]);
      const flow = atlantis.workflows[atlantis.projects[0].workflow];
      const planfile = join(co.root, `${stack.stack}-default.tfplan`);
      const env = ciEnv(co, { PROJECT_NAME: stack.stack, PLANFILE: planfile, WORKSPACE: "default", DIR: co.dir, REPO_REL_DIR: "." });

      const runs = flow.plan!.steps.map((step) => {
        const command = atlantisCommand(step);
        // Skipped: the scratch copy is installed already (node_modules and the build).
        const run = bash(command.replace("npm ci && ", ""), co, env, false);
        expect(run.command, "npm ci is only skipped as `npm ci && ...`").not.toContain("npm ci");
        expectSuccess(run, co);
        return run;
      });
      const plans = runs.filter((run) => / plan\b/.test(run.command));
      expect(plans).toHaveLength(1);
      expectCreates(plans[0].stdout, `Atlantis plan of ${stack.stack}`);
      expect(existsSync(planfile), "the plan step wrote $PLANFILE").toBe(true);

      // The apply step is not run (it would call AWS); the plan file it takes must be readable
      // where it would run.
      const applies = flow.apply!.steps.map(atlantisCommand);
      expect(applies).toHaveLength(1);
      const apply = /^terraform (-chdir=\S+) apply\b.*\$PLANFILE$/.exec(applies[0]);
      expect(apply, `apply step: ${applies[0]}`).not.toBeNull();
      const show = bash(`terraform ${apply![1]} show -no-color $PLANFILE`, co, env, false);
      expectSuccess(show, co);
      expect(show.stdout).toContain("aws_cloudfront_distribution.distribution will be created");
    },
    240_000,
  );
});
