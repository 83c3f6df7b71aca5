import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { PROVIDER_VERSIONS } from "../../src/facts/provider-versions";

/**
 * Real Terraform for the tests, offline: the Terraform CLI from PATH, and the hashicorp/aws
 * provider from a filesystem mirror ($EMAIL_ASSETS_TF_MIRROR, else found on this machine).
 * A machine without them fails these tests with a message saying so; they never pass silently.
 */

export const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws";
/** The version the plan tests run: the one in the mirror, and the one a stack requires by default. */
export const AWS_PROVIDER_VERSION = PROVIDER_VERSIONS.aws.tested;

export function findTerraform(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "terraform");
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  throw new Error("terraform is not on PATH: the CloudFront tests run real `terraform init`, `validate` and `plan`; install Terraform 1.11");
}

let mirrorCache: string | undefined;

/** The root of a filesystem mirror holding hashicorp/aws 5.100.0 (unpacked layout). */
export function findAwsMirror(): string {
  if (mirrorCache) return mirrorCache;
  const fromEnv = process.env.EMAIL_ASSETS_TF_MIRROR;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, AWS_PROVIDER, AWS_PROVIDER_VERSION))) {
      throw new Error(`EMAIL_ASSETS_TF_MIRROR=${fromEnv} holds no ${AWS_PROVIDER} ${AWS_PROVIDER_VERSION}`);
    }
    return (mirrorCache = fromEnv);
  }
  const found = spawnSync(
    "find",
    ["/", "-xdev", "(", "-path", "/proc", "-o", "-path", "/sys", ")", "-prune", "-o", "-name", `terraform-provider-aws_v${AWS_PROVIDER_VERSION}*`, "-print"],
    { encoding: "utf8" },
  ).stdout
    .split("\n")
    .find((path) => path.includes(`/${AWS_PROVIDER}/${AWS_PROVIDER_VERSION}/`));
  if (!found) {
    throw new Error(
      `no filesystem mirror with ${AWS_PROVIDER} ${AWS_PROVIDER_VERSION} on this machine (set EMAIL_ASSETS_TF_MIRROR to its root): the CloudFront tests need it to run terraform offline`,
    );
  }
  return (mirrorCache = found.slice(0, found.indexOf(`/${AWS_PROVIDER}/`)));
}

/**
 * A Terraform CLI config that installs hashicorp/aws from the mirror. No plugin cache: from an
 * unpacked mirror `terraform init` links the provider in place, and a plugin cache is not safe for
 * concurrent inits (the concurrent pipeline tests once found a half-written provider in a shared one).
 */
export function writeCliConfig(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "terraform.tfrc");
  writeFileSync(
    path,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(findAwsMirror())}\n    include = [${JSON.stringify(AWS_PROVIDER)}]\n  }\n}\n`,
  );
  return path;
}

/** Credentials that look real enough for the provider; with the skip flags nothing checks them. */
export const FAKE_AWS_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
} as const;

export interface TerraformRun {
  readonly status: number | null;
  readonly output: string;
}

/** Runs terraform in `cwd` with the offline CLI config and fake AWS credentials. */
export function terraform(args: readonly string[], cwd: string, cliConfig: string): TerraformRun {
  const result = spawnSync(findTerraform(), [...args, "-no-color"], {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      ...FAKE_AWS_CREDENTIALS,
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly actions: string[];
  readonly after: Record<string, unknown>;
  readonly afterUnknown: Record<string, unknown>;
  readonly providerName: string;
}

export interface PlanResult {
  readonly resources: Record<string, PlannedResource>;
  readonly outputs: Record<string, { actions: string[]; after?: unknown; after_unknown?: boolean }>;
}

/**
 * `terraform init` and `plan` in a stack folder, and the plan as `show -json` gives it; throws with
 * Terraform's output on failure. No `terraform validate` before the plan: plan validates the
 * configuration first and fails with the same errors, and each of validate, plan and show loads the
 * AWS provider's schema (5 to 10 s here), so a validate of its own would cost a third more.
 */
export function initPlan(stackDir: string, cliConfig: string): PlanResult {
  for (const args of [["init", "-input=false"], ["plan", "-input=false", "-out=plan.bin"]]) {
    const run = terraform(args, stackDir, cliConfig);
    if (run.status !== 0) throw new Error(`terraform ${args[0]} failed in ${stackDir}:\n${run.output}`);
  }
  const show = execFileSync(findTerraform(), ["show", "-json", "plan.bin"], {
    cwd: stackDir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1" },
  });
  const plan = JSON.parse(show) as {
    resource_changes: { address: string; type: string; provider_name: string; change: { actions: string[]; after: Record<string, unknown>; after_unknown: Record<string, unknown> } }[];
    output_changes?: PlanResult["outputs"];
  };
  const resources: Record<string, PlannedResource> = {};
  for (const change of plan.resource_changes) {
    resources[change.address] = {
      address: change.address,
      type: change.type,
      actions: change.change.actions,
      after: change.change.after,
      afterUnknown: change.change.after_unknown,
      providerName: change.provider_name,
    };
  }
  return { resources, outputs: plan.output_changes ?? {} };
}

/**
 * Removes the Cloudflare provider and resources from a stack's JSON (in place). No Cloudflare
 * provider binary exists on these machines, so those parts are checked at the JSON level and the
 * rest is planned for real.
 */
export function stripCloudflare(stackJsonPath: string): string[] {
  const stack = JSON.parse(readFileSync(stackJsonPath, "utf8")) as {
    provider?: Record<string, unknown>;
    resource?: Record<string, unknown>;
    terraform?: { required_providers?: Record<string, unknown> };
    output?: Record<string, { value: unknown }>;
  };
  const removed: string[] = [];
  delete stack.provider?.cloudflare;
  delete stack.terraform?.required_providers?.cloudflare;
  for (const type of Object.keys(stack.resource ?? {})) {
    if (type.startsWith("cloudflare_")) {
      removed.push(...Object.keys((stack.resource as Record<string, Record<string, unknown>>)[type] ?? {}).map((n) => `${type}.${n}`));
      delete stack.resource?.[type];
    }
  }
  for (const [name, output] of Object.entries(stack.output ?? {})) {
    if (JSON.stringify(output.value).includes("cloudflare_")) delete stack.output?.[name];
  }
  writeFileSync(stackJsonPath, JSON.stringify(stack, null, 2));
  return removed;
}

/** The folder of a synthesized stack. */
export function stackDir(outdir: string, id: string): string {
  return join(outdir, "stacks", id);
}
