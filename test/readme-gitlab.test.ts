import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { git } from "./support/git-repo";
import { bash, ciBlock, ciEnv, EXPECTED_CHANGES, expectCreates, expectDestroyPlan, expectSuccess, listedChanges, scratchClone } from "./support/readme-ci";
import { writeFile } from "./support/project";
import { findTerraform } from "./support/terraform";

// README "Running in a pipeline" -> "CI: plan only what changed": the GitLab CI pipeline and its
// child pipeline's template are parsed, checked, and run for real in a scratch git clone (see
// support/readme-ci): the `stacks` job's script, then every job of the child pipeline it wrote.
// `before_script` (installing jq, unzip and Terraform, which this machine has) and `npm ci` (the
// scratch copy is installed) are skipped.

interface GitlabJob {
  stage?: string;
  image?: string;
  extends?: string;
  needs?: string[];
  variables?: Record<string, string | number>;
  before_script?: string[];
  script?: string[];
  artifacts?: { paths?: string[] };
  trigger?: { include?: { artifact?: string; job?: string }[]; strategy?: string };
}

const pipeline = parse(ciBlock("# .gitlab-ci.yml")) as Record<string, unknown> & { workflow: unknown; stages: string[]; stacks: GitlabJob; plan: GitlabJob };
const template = parse(ciBlock("# .gitlab/email-assets-plan.yml")) as Record<string, GitlabJob>;

/** A job's script lines, as GitLab runs them: one shell, each line stopping the job when it fails. */
function script(job: GitlabJob): string {
  const lines = (job.script ?? []).filter((line) => line.trim() !== "npm ci");
  return lines.join("\n");
}

describe("README: the GitLab CI pipeline", () => {
  it("runs on merge requests: a job lists the changed stacks into a child pipeline that the next stage triggers", () => {
    expect(pipeline.workflow).toEqual({ rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }] });
    expect(pipeline.stages).toEqual(["stacks", "plan"]);
    expect(pipeline.stacks.variables).toEqual({ GIT_DEPTH: 0 });
    expect(pipeline.stacks.script?.join("\n")).toContain('stacks --json --changed-since "$CI_MERGE_REQUEST_DIFF_BASE_SHA"');
    expect(pipeline.stacks.artifacts).toEqual({ paths: ["plan-pipeline.yml"] });
    expect(pipeline.plan).toEqual({ stage: "plan", needs: ["stacks"], trigger: { include: [{ artifact: "plan-pipeline.yml", job: "stacks" }], strategy: "depend" } });
    expect(Object.keys(template).sort()).toEqual([".plan", "listed"]);
    expect(template[".plan"].variables).toEqual({ GIT_DEPTH: 0 });
  });

  it(
    "runs in a scratch clone: the child pipeline has one job per changed stack, each planned, the removed one with -destroy",
    () => {
      findTerraform();
      const co = scratchClone("email-assets-readme-gitlab-");
      // The template is a file of the repository, as the README says.
      writeFile(co.dir, ".gitlab/email-assets-plan.yml", `${ciBlock("# .gitlab/email-assets-plan.yml")}\n`);
      const base = git(co.dir, ["merge-base", "origin/main", "HEAD"]);
      expect(base).toBe(co.base);
      const env = ciEnv(co, { CI_PIPELINE_SOURCE: "merge_request_event", CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CI_PROJECT_DIR: co.dir });
      // GitLab's shell runs a script with errexit and pipefail.
      expectSuccess(bash(script(pipeline.stacks), co, env, ["-e", "-o", "pipefail"]), co);
      const child = parse(readFileSync(join(co.dir, "plan-pipeline.yml"), "utf8")) as Record<string, GitlabJob>;
      const jobs = Object.entries(child).filter(([name]) => name.startsWith("plan "));
      expect(Object.keys(child).filter((name) => !name.startsWith("plan ")).sort()).toEqual([".plan", "listed"]);
      expect(jobs.map(([, job]) => [job.variables?.STACK, job.variables?.CHANGE])).toEqual(listedChanges(co, base));
      expect(jobs.map(([, job]) => [job.variables?.STACK, job.variables?.CHANGE]).sort()).toEqual(EXPECTED_CHANGES);
      for (const [name, job] of jobs) {
        expect(job.extends, name).toBe(".plan");
        expect(job.variables?.BASE, name).toBe(base);
        // `extends`: the template's keys, the job's own variables beside the template's.
        const resolved = { ...child[".plan"], ...job, variables: { ...child[".plan"].variables, ...job.variables } };
        const variables = Object.fromEntries(Object.entries(resolved.variables).map(([key, value]) => [key, String(value)]));
        const run = bash(script(resolved), co, { ...env, ...variables }, ["-e", "-o", "pipefail"]);
        expectSuccess(run, co);
        if (variables.CHANGE === "removed") expectDestroyPlan(run.stdout, name);
        else expectCreates(run.stdout, name);
      }
    },
    600_000,
  );
});
