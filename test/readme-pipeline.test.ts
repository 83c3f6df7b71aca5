import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bash, ciBlock, ciEnv, type Checkout, EXPECTED_CHANGES, expectCreates, expectDestroyPlan, expectSuccess, listedChanges, outputFile, scratchClone, type StepRun } from "./support/readme-ci";
import { findTerraform } from "./support/terraform";

// README "Running in a pipeline" -> "CI: plan only what changed": the GitHub Actions workflow and
// the Atlantis server-side repo config are parsed, checked, and their `run:` steps run for real in
// a scratch git clone of the project (see support/readme-ci), with Terraform offline (the AWS
// provider from the filesystem mirror, fake credentials, the local backend). The stacks are
// CloudFront ones: Terraform can plan AWS offline here, while no Cloudflare provider binary exists
// on these machines. The GitLab example has a file of its own (readme-gitlab.test.ts).

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  name?: string;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: { include?: unknown } };
  steps: Step[];
}

const workflow = parse(ciBlock("# .github/workflows/email-assets.yml")) as { on?: unknown; jobs: Record<string, Job> };

interface Entry {
  stack: string;
  change: string;
  directory: string;
}
interface Batch {
  batch: number;
  stacks: Entry[];
}

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

/** The expressions the workflow uses, evaluated for one matrix entry; any other is an error. */
function evaluate(expression: string, batch: Batch | undefined): string | boolean {
  const inner = /^\$\{\{\s*(.*?)\s*\}\}$/.exec(expression)?.[1] ?? expression;
  if (inner === "toJSON(matrix.stacks)") return JSON.stringify(batch?.stacks);
  if (inner === "contains(matrix.stacks.*.change, 'removed')") return batch?.stacks.some((entry) => entry.change === "removed") ?? false;
  throw new Error(`an expression this test does not evaluate: ${expression}`);
}

/** Runs a job's `run:` steps in order (those whose `if:` holds), as a runner would after checkout and setup. */
function runJob(job: Job, co: Checkout, batch?: Batch): { runs: StepRun[]; steps: Record<string, Record<string, string>> } {
  const runs: StepRun[] = [];
  const steps: Record<string, Record<string, string>> = {};
  const jobEnv = Object.fromEntries(Object.entries(job.env ?? {}).map(([key, value]) => [key, String(evaluate(value, batch))]));
  for (const step of job.steps) {
    if (step.uses !== undefined) continue; // checkout, setup-node, setup-terraform: this machine has them
    if (step.if !== undefined && evaluate(step.if, batch) !== true) continue;
    // Skipped: the scratch copy is installed already (node_modules and the build).
    if (step.run!.trim() === "npm ci") continue;
    expect(step.run, "a run step with an expression in it").not.toContain("${{");
    const output = outputFile(co, "github-output");
    const env = ciEnv(co, { ...jobEnv, GITHUB_ACTIONS: "true", GITHUB_OUTPUT: output, GITHUB_BASE_REF: "main", RUNNER_TEMP: co.root });
    const run = bash(step.run!, co, env, ["-e"]);
    expectSuccess(run, co);
    runs.push(run);
    if (step.id !== undefined) steps[step.id] = readGithubOutput(output);
  }
  return { runs, steps };
}

describe("README: the GitHub Actions workflow", () => {
  it("lists the changed stacks in batches in one job, and plans each batch in a matrix job that needs it", () => {
    expect(workflow.on).toEqual(["pull_request"]);
    expect(Object.keys(workflow.jobs).sort()).toEqual(["plan", "stacks"]);
    const { stacks, plan } = workflow.jobs as { stacks: Job; plan: Job };
    expect(stacks.outputs).toEqual({ batches: "${{ steps.list.outputs.batches }}" });
    const list = stacks.steps.find((step) => step.id === "list");
    expect(list?.run).toContain('npm run --silent email-assets -- stacks --json --changed-since "origin/$GITHUB_BASE_REF" --batches 200');
    // The base branch must be in the clone.
    for (const job of [stacks, plan]) expect(job.steps.find((step) => step.uses === "actions/checkout@v4")?.with).toEqual({ "fetch-depth": 0 });
    expect(plan.needs).toBe("stacks");
    expect(plan.if).toBe("needs.stacks.outputs.batches != '[]'");
    expect(plan.strategy).toEqual({ "fail-fast": false, matrix: { include: "${{ fromJSON(needs.stacks.outputs.batches) }}" } });
    expect(plan.env).toEqual({ STACKS: "${{ toJSON(matrix.stacks) }}" });
  });

  it(
    "runs its steps in a scratch clone: the matrix holds exactly the changed stacks, each planned, the removed one with -destroy",
    () => {
      findTerraform();
      const co = scratchClone("email-assets-readme-github-");
      const { stacks, plan } = workflow.jobs as { stacks: Job; plan: Job };
      const listed = runJob(stacks, co);
      const batches = JSON.parse(listed.steps.list?.batches ?? "") as Batch[];
      expect(batches.flatMap((batch) => batch.stacks.map((entry) => [entry.stack, entry.change]))).toEqual(listedChanges(co, "origin/main"));
      expect(batches.flatMap((batch) => batch.stacks.map((entry) => [entry.stack, entry.change])).sort()).toEqual(EXPECTED_CHANGES);
      // GitHub runs the matrix jobs on fresh runners in parallel; here they run one after the other.
      for (const batch of batches) {
        const { runs } = runJob(plan, co, batch);
        const [entry] = batch.stacks;
        const output = runs.at(-1)!.stdout;
        expect(output).toContain(`::group::${entry.change} ${entry.stack}`);
        if (entry.change === "removed") {
          expect(existsSync(join(co.dir, "cdktf.base", "stacks", entry.stack, "cdk.tf.json"))).toBe(true);
          expectDestroyPlan(output, `the destroy plan of ${entry.stack}`);
        } else {
          expect(existsSync(join(co.dir, entry.directory, "cdk.tf.json"))).toBe(true);
          expectCreates(output, `terraform plan of ${entry.stack}`);
        }
      }
    },
    600_000,
  );
});

// --- Atlantis -------------------------------------------------------------------------------------

interface Hook {
  run: string;
  shell?: string;
  shellArgs?: string;
  commands?: string;
}
interface ServerConfig {
  repos: { id: string; allowed_overrides?: string[]; pre_workflow_hooks: Hook[] }[];
  workflows: Record<string, { plan: { steps: { run: string }[] }; apply: { steps: { run: string }[] } }>;
}
interface RepoConfig {
  version: number;
  projects: { name: string; dir: string; workflow: string; autoplan?: { when_modified?: string[] } }[];
}

const server = parse(ciBlock("# repos.yaml")) as ServerConfig;

describe("README: the Atlantis server-side repo config", () => {
  it("writes atlantis.yaml in a pre-workflow hook, for the workflows it defines", () => {
    const [repo] = server.repos;
    expect(server.repos).toHaveLength(1);
    expect(repo.allowed_overrides).toEqual(["workflow"]);
    expect(repo.pre_workflow_hooks).toHaveLength(1);
    expect(repo.pre_workflow_hooks[0]).toMatchObject({ commands: "plan", shell: "bash", shellArgs: "-ec" });
    expect(Object.keys(server.workflows).sort()).toEqual(["email-assets", "email-assets-destroy"]);
  });

  it(
    "runs the hook in a scratch clone, then each project's plan steps: exactly the changed stacks, the removed one with -destroy",
    () => {
      findTerraform();
      const co = scratchClone("email-assets-readme-atlantis-");
      const hook = server.repos[0].pre_workflow_hooks[0];
      expect(hook.run.split("\n")[0], "the hook's first line is npm ci, skipped here (the scratch copy is installed)").toBe("npm ci");
      const hookRun = bash(hook.run.split("\n").slice(1).join("\n"), co, ciEnv(co, { BASE_BRANCH_NAME: "main", DIR: co.dir }), hook.shellArgs!.replace("c", "").split(" "));
      expectSuccess(hookRun, co);
      const generated = parse(readFileSync(join(co.dir, "atlantis.yaml"), "utf8")) as RepoConfig;
      expect(generated.version).toBe(3);
      expect(generated.projects.map((project) => [project.name, project.workflow]).sort()).toEqual([
        ["links-example-org", "email-assets"],
        ["new-example-com", "email-assets"],
        ["old-example-net", "email-assets-destroy"],
      ]);
      for (const project of generated.projects) {
        expect(project.dir).toBe(".");
        expect(project.autoplan?.when_modified).toContain("email-assets.yaml");
        const planfile = join(co.root, `${project.name}-default.tfplan`);
        const env = ciEnv(co, { PROJECT_NAME: project.name, PLANFILE: planfile, WORKSPACE: "default", DIR: co.dir, REPO_REL_DIR: ".", BASE_BRANCH_NAME: "main" });
        const runs = server.workflows[project.workflow].plan.steps.map((step) => {
          const run = bash(step.run, co, env);
          expectSuccess(run, co);
          return run;
        });
        const planned = runs.at(-1)!.stdout;
        if (project.workflow === "email-assets-destroy") expectDestroyPlan(planned, `Atlantis plan of ${project.name}`);
        else expectCreates(planned, `Atlantis plan of ${project.name}`);
        expect(existsSync(planfile), "the plan step wrote $PLANFILE").toBe(true);
        // The apply step is not run (it would call AWS); the plan file it takes must be readable where it would run.
        const [apply] = server.workflows[project.workflow].apply.steps.map((step) => step.run);
        const chdir = /^terraform (-chdir=\S+) apply\b.*\$PLANFILE$/.exec(apply);
        expect(chdir, `apply step: ${apply}`).not.toBeNull();
        expectSuccess(bash(`terraform ${chdir![1]} show -no-color $PLANFILE`, co, env), co);
      }
    },
    600_000,
  );
});
