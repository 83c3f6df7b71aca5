import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { App } from "cdktf";
import type { LoadedConfig } from "../config/load-config";
import { resolvePlans } from "../plan/resolve-plan";
import { EmailAssetsStack } from "./email-assets-stack";

/** Where cdktf writes: $CDKTF_OUTDIR (set by `cdktf synth`) or `cdktf.out`. */
export function outdirFrom(env: NodeJS.ProcessEnv): string {
  return env.CDKTF_OUTDIR ?? "cdktf.out";
}

/**
 * The local state file of a stack: `terraform.<stack-id>.tfstate` in the project folder (where
 * cdktf itself keeps it, so deleting cdktf.out never deletes state), written relative to the
 * stack's folder so the synthesized JSON is the same on every machine.
 */
export function localStatePath(outdir: string, stackId: string, projectDir: string): string {
  const stackDir = resolve(projectDir, outdir, "stacks", stackId);
  return relative(stackDir, resolve(projectDir, `terraform.${stackId}.tfstate`)).split("\\").join("/");
}

/**
 * Synthesizes one stack per domain of an already validated config into `outdir`, then removes
 * stack folders left from domains no longer in the config (as `cdktf synth` itself does).
 * Returns the stack ids written.
 */
export function synthApp(config: LoadedConfig, outdir: string, projectDir = process.cwd()): string[] {
  const app = new App({ outdir });
  const plans = resolvePlans(config.specs);
  for (const plan of plans) new EmailAssetsStack(app, plan, localStatePath(outdir, plan.stackId, projectDir));
  app.synth();

  const ids = plans.map((plan) => plan.stackId);
  const stacksDir = join(outdir, "stacks");
  if (existsSync(stacksDir)) {
    for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
      if (entry.isDirectory() && !ids.includes(entry.name)) rmSync(join(stacksDir, entry.name), { recursive: true });
    }
  }
  return ids;
}
