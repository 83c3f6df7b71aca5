import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import type { ValidationResult } from "../config/validate-config";
import { resolveStacks } from "../plan/resolve-plan";
import { renderProxyConfig } from "../proxy/render-proxy-config";
import { EmailAssetsStack, localStatePath } from "./email-assets-stack";

import { rewriteEngineJson } from "./engine-json";
import { stackToModule } from "./module-json";
import { defaultOutdir, foreignOutdirProblem } from "./outdir";
import { liveStateWarnings, stackAddresses } from "./live-state";

export { localStatePath };

/** Environment variable that turns on `EmailAssetsStackOptions.awsSkipChecks`. */
export const AWS_SKIP_CHECKS_ENV = "EMAIL_ASSETS_AWS_SKIP_CHECKS";

/** Synth options from the environment: $CDKTF_OUTDIR (set by `cdktf synth`) or `cdktf.out`, and $EMAIL_ASSETS_AWS_SKIP_CHECKS. */
export function synthOptionsFrom(env: NodeJS.ProcessEnv): SynthOptions {
  const skip = (env[AWS_SKIP_CHECKS_ENV] ?? "").trim().toLowerCase();
  return {
    outdir: defaultOutdir(env),
    awsSkipChecks: skip === "1" || skip === "true",
    // The cdktf CLI passes its context to the app; its presence means the CLI is in charge.
    removeOrphans: env.CDKTF_CONTEXT_JSON === undefined,
  };
}

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
  /**
   * Also write each stack as a Terraform module, `<outdir>/modules/<stack id>/main.tf.json`:
   * no providers, no backend, for a parent configuration to call. Without it, an earlier synth's
   * modules are removed (they would no longer match the stacks).
   * @default false
   */
  readonly modules?: boolean;
  /** Receives what the user should know about the output (an import a module cannot hold). @default - nothing is said */
  readonly warn?: (message: string) => void;
}

/** The folder under `outdir` that holds the stacks' modules. */
export const MODULES_DIR = "modules";

/**
 * Synthesizes the stacks of an already validated config into `outdir` (one per domain, or one per
 * named stack), writes each proxy domain's rendered server config next to its stack's Terraform
 * JSON, optionally writes each stack as a module, then removes folders left from stacks no longer
 * in the config (as `cdktf synth` itself does). Returns the stack ids written.
 */
export function synthApp(config: Pick<ValidationResult, "specs" | "terraform">, options: SynthOptions): string[] {
  const { outdir, projectDir = process.cwd(), awsSkipChecks = false, removeOrphans = true, modules = false, warn = () => undefined } = options;
  if (removeOrphans) {
    // Checked before anything is written: orphan removal must never reach folders of the user's.
    const problem = foreignOutdirProblem(outdir);
    if (problem !== undefined) throw new Error(problem);
  }
  const stacks = resolveStacks(config.specs, config.terraform);
  // Rendered before anything is written: a renderer that refuses a value stops synth cleanly.
  const proxyConfigs = stacks.flatMap((stack) =>
    stack.domains.flatMap((plan) => (plan.edge === "proxy" ? [{ stackId: stack.id, rendered: renderProxyConfig(plan.proxy) }] : [])),
  );
  // cdktf makes only the last folder of the path.
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  for (const stack of stacks) {
    new EmailAssetsStack(app, stack, { localStatePath: localStatePath(outdir, stack.id, projectDir), awsSkipChecks });
  }
  app.synth();
  const ids = stacks.map((stack) => stack.id);
  const stackJson = rewriteEngineJson(outdir, ids);
  for (const { stackId, rendered } of proxyConfigs) {
    writeFileSync(join(outdir, "stacks", stackId, rendered.fileName), rendered.content);
  }
  const modulesDir = join(outdir, MODULES_DIR);
  // Modules are all rewritten, or all removed: a module left from an earlier synth would be stale.
  if (removeOrphans || modules) rmSync(modulesDir, { recursive: true, force: true });
  if (modules) {
    for (const id of ids) {
      const moduleDir = join(modulesDir, id);
      mkdirSync(moduleDir, { recursive: true });
      const { module, imports } = stackToModule(stackJson.get(id) ?? {});
      writeFileSync(join(moduleDir, "main.tf.json"), `${JSON.stringify(module, null, 2)}\n`);
      for (const { to, id: importId } of imports) {
        warn(
          `${MODULES_DIR}/${id}: Terraform takes import blocks only in the root module, so the module leaves out the stack's import of ${to}; add it to the parent configuration: import { to = module.<name>.${to}, id = "${importId}" }`,
        );
      }
    }
    for (const { stackId, rendered } of proxyConfigs) writeFileSync(join(modulesDir, stackId, rendered.fileName), rendered.content);
  }
  // Said before folders go: what a removed stack or domain leaves in a local state (remote state is not read).
  if (config.terraform.backend.type === "local") {
    const addresses = new Map([...stackJson].map(([id, json]) => [id, stackAddresses(json)]));
    for (const message of liveStateWarnings({ outdir, projectDir, stacks: addresses })) warn(message);
  }
  if (removeOrphans) removeFoldersExcept(join(outdir, "stacks"), ids);
  return ids;
}

/** Removes the folders in `dir` that are not named in `keep` (stacks gone from the config). */
function removeFoldersExcept(dir: string, keep: readonly string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !keep.includes(entry.name)) rmSync(join(dir, entry.name), { recursive: true });
  }
}
