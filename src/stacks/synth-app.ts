import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { App } from "cdktf";
import type { LoadedConfig } from "../config/load-config";
import { resolvePlans } from "../plan/resolve-plan";
import { renderProxyConfig } from "../proxy/render-proxy-config";
import { EmailAssetsStack } from "./email-assets-stack";

/** Environment variable that turns on `EmailAssetsStackOptions.awsSkipChecks`. */
export const AWS_SKIP_CHECKS_ENV = "EMAIL_ASSETS_AWS_SKIP_CHECKS";

/** Synth options from the environment: $CDKTF_OUTDIR (set by `cdktf synth`) or `cdktf.out`, and $EMAIL_ASSETS_AWS_SKIP_CHECKS. */
export function synthOptionsFrom(env: NodeJS.ProcessEnv): SynthOptions {
  const skip = (env[AWS_SKIP_CHECKS_ENV] ?? "").trim().toLowerCase();
  return {
    // Set but empty counts as unset.
    outdir: env.CDKTF_OUTDIR || "cdktf.out",
    awsSkipChecks: skip === "1" || skip === "true",
    // The cdktf CLI passes its context to the app; its presence means the CLI is in charge.
    removeOrphans: env.CDKTF_CONTEXT_JSON === undefined,
  };
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
 * Synthesizes one stack per domain of an already validated config into `outdir`, writes each
 * proxy domain's rendered server config next to its stack's Terraform JSON, then removes
 * stack folders left from domains no longer in the config (as `cdktf synth` itself does).
 * Returns the stack ids written.
 */
export interface SynthOptions {
  readonly outdir: string;
  /** @default process.cwd() */
  readonly projectDir?: string;
  /** See `EmailAssetsStackOptions.awsSkipChecks`. @default false */
  readonly awsSkipChecks?: boolean;
  /**
   * Remove stack folders of domains no longer in the config. Off under `cdktf synth`, which does
   * it itself after the app exits (and fails on a folder that is already gone).
   * @default true
   */
  readonly removeOrphans?: boolean;
}

export function synthApp(config: LoadedConfig, options: SynthOptions): string[] {
  const { outdir, projectDir = process.cwd(), awsSkipChecks = false, removeOrphans = true } = options;
  const plans = resolvePlans(config.specs);
  // Rendered before anything is written: a renderer that refuses a value stops synth cleanly.
  const proxyConfigs = plans.flatMap((plan) => (plan.edge === "proxy" ? [{ plan, rendered: renderProxyConfig(plan.proxy) }] : []));
  const app = new App({ outdir });
  for (const plan of plans) {
    new EmailAssetsStack(app, plan, { localStatePath: localStatePath(outdir, plan.stackId, projectDir), awsSkipChecks });
  }
  app.synth();
  for (const { plan, rendered } of proxyConfigs) {
    writeFileSync(join(outdir, "stacks", plan.stackId, rendered.fileName), rendered.content);
  }

  const ids = plans.map((plan) => plan.stackId);
  const stacksDir = join(outdir, "stacks");
  if (removeOrphans && existsSync(stacksDir)) {
    for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
      if (entry.isDirectory() && !ids.includes(entry.name)) rmSync(join(stacksDir, entry.name), { recursive: true });
    }
  }
  return ids;
}
