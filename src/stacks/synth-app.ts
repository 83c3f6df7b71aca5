import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import type { ValidationResult } from "../config/rules/validate-config";
import { resolveStacks, type StackPlan } from "../plan/resolve-plan";
import { renderProxyConfig } from "../proxy/render-proxy-config";
import { stackFolder } from "../plan/stack-folder";
import { EmailAssetsStack, localStatePath } from "./email-assets-stack";
import { rewriteManifest } from "./engine-json";
import { stackToModule, type ModuleJson } from "./module-json";
import { markSelfContained, onStackWritten } from "./synthesized-once-stack";
import { creationStacksFrom, withoutCreationStacks } from "./creation-stacks";
import { defaultOutdir, existingStackFolders, inspectOutdir, terraformHoldings, writeSynthMarker } from "./outdir";
import { keptFolderWarning, liveStateWarnings, stackAddresses } from "./live-state";

export { localStatePath };

/** Environment variable that turns on `EmailAssetsStackOptions.awsSkipChecks`. */
export const AWS_SKIP_CHECKS_ENV = "EMAIL_ASSETS_AWS_SKIP_CHECKS";

/**
 * Synth options from the environment: $CDKTF_OUTDIR (set by `cdktf synth`) or `cdktf.out`,
 * $EMAIL_ASSETS_AWS_SKIP_CHECKS, and $CDKTN_DISABLE_CREATION_STACK (creation stacks only when it is `0` or `false`).
 */
export function synthOptionsFrom(env: NodeJS.ProcessEnv): SynthOptions {
  const skip = (env[AWS_SKIP_CHECKS_ENV] ?? "").trim().toLowerCase();
  return {
    outdir: defaultOutdir(env),
    awsSkipChecks: skip === "1" || skip === "true",
    // The cdktf CLI passes its context to the app; its presence means the CLI is in charge.
    removeOrphans: env.CDKTF_CONTEXT_JSON === undefined,
    creationStacks: creationStacksFrom(env),
  };
}

export interface SynthOptions {
  readonly outdir: string;
  /** @default process.cwd() */
  readonly projectDir?: string;
  /** See `EmailAssetsStackOptions.awsSkipChecks`. @default false */
  readonly awsSkipChecks?: boolean;
  /**
   * Remove the stack folders synth wrote before for stacks no longer in the config (never one that
   * holds a state or `.terraform`). Off under `cdktf synth`, which removes every stack folder its
   * app did not write after the app exits: then synth fails instead when such a folder holds a state.
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
  /** See `StacksSynthesis.creationStacks`. @default true */
  readonly creationStacks?: boolean;
  /** Receives what the user should know about the output (an import a module cannot hold). @default - nothing is said */
  readonly warn?: (message: string) => void;
}

/** What synth built. */
export interface SynthResult {
  /** The stacks written, with every domain's plan, in config order. */
  readonly stacks: readonly StackPlan[];
  /** Folders of stacks no longer in the config that synth kept, because Terraform's files are in them. */
  readonly kept: readonly string[];
}

/** Where synthStacks writes, and what the stacks' Terraform depends on besides their plans. */
export interface StacksSynthesis {
  /** The folder the engine writes into. */
  readonly outdir: string;
  readonly projectDir: string;
  readonly awsSkipChecks: boolean;
  /**
   * The output folder the local backend's state path is written relative to: the user's, when the
   * stacks are synthesized elsewhere only to be compared (stacks --changed-since, digests).
   * @default outdir
   */
  readonly stateOutdir?: string;
  /**
   * Whether the engine records, for each token, the call stack that made it (quoted only if the
   * token fails to resolve); without them synth takes a fifth less CPU (withoutCreationStacks).
   * @default true
   */
  readonly creationStacks?: boolean;
}

/**
 * Synthesizes resolved stacks into `outdir` with the engine, each stack's JSON written once in our
 * layout, and hands each stack's Terraform JSON (keys sorted) to `written` as the stack is written,
 * so that no stack's JSON need be held until the end. Writes the engine's files only: the output
 * folder's checks, proxy configs, modules and orphans are synthApp's.
 */
export function synthStacks(stacks: readonly StackPlan[], synthesis: StacksSynthesis, written: (stackId: string, json: Readonly<Record<string, unknown>>) => void): void {
  const { outdir, projectDir, awsSkipChecks, stateOutdir = outdir, creationStacks = true } = synthesis;
  // cdktf makes only the last folder of the path.
  mkdirSync(outdir, { recursive: true });
  const build = (): void => {
    const app = new App({ outdir });
    for (const stack of stacks) {
      const built = new EmailAssetsStack(app, stack, { localStatePath: localStatePath(stateOutdir, stack.id, projectDir), awsSkipChecks });
      onStackWritten(built, (json) => written(stack.id, json));
      markSelfContained(built);
    }
    app.synth();
  };
  if (creationStacks) build();
  else withoutCreationStacks(build);
  rewriteManifest(outdir);
}

/** The folder under `outdir` that holds the stacks' modules. */
export const MODULES_DIR = "modules";

/**
 * Synthesizes the stacks of an already validated config into `outdir` (one per domain, or one per
 * named stack), writes each proxy domain's rendered server config next to its stack's Terraform
 * JSON, optionally writes each stack as a module, then removes the folders it wrote before for
 * stacks no longer in the config — only those, and never one holding a state or `.terraform`.
 * Refuses (throws, before writing anything) a folder that holds anything synth did not write.
 */
export function synthApp(config: Pick<ValidationResult, "specs" | "terraform">, options: SynthOptions): SynthResult {
  const { outdir, projectDir = process.cwd(), awsSkipChecks = false, removeOrphans = true, modules = false, creationStacks = true, warn = () => undefined } = options;
  // Checked before anything is written: synth never writes into, or removes from, a folder of the user's.
  const found = inspectOutdir(outdir);
  if (found.kind === "foreign") throw new Error(found.problem);
  const stacks = resolveStacks(config.specs, config.terraform);
  const ids = stacks.map((stack) => stack.id);
  // Folders of stacks the config no longer has: synth's own that it may remove, or, under cdktf
  // synth, every folder cdktf will remove once this app exits.
  const orphans = (removeOrphans ? (found.kind === "ours" ? found.stacks : []) : existingStackFolders(outdir)).filter((id) => !ids.includes(id));
  if (!removeOrphans) {
    const held = orphans.map((id) => ({ id, holdings: terraformHoldings(stackFolder(outdir, id)) })).filter(({ holdings }) => holdings.length > 0);
    if (held.length > 0) {
      throw new Error(
        held.map(({ id, holdings }) => `cdktf synth would remove ${stackFolder(outdir, id)}, which holds ${holdings.join(", ")} of a stack no longer in the config`).join("; ") +
          "; run npm run synth (or email-assets synth) instead, which keeps such a folder and says what to do with it",
      );
    }
  }
  // Rendered before anything is written: a renderer that refuses a value stops synth cleanly.
  const proxyConfigs = stacks.flatMap((stack) =>
    stack.domains.flatMap((plan) => (plan.edge === "proxy" ? [{ stackId: stack.id, rendered: renderProxyConfig(plan.proxy) }] : [])),
  );
  // What synth needs of each stack's JSON: its addresses, and its module's text.
  const addresses = new Map<string, readonly string[]>();
  const moduleTexts: { id: string; text: string; imports: ModuleJson["imports"] }[] = [];
  synthStacks(stacks, { outdir, projectDir, awsSkipChecks, creationStacks }, (id, json) => {
    addresses.set(id, stackAddresses(json));
    if (!modules) return;
    const { module, imports } = stackToModule(json);
    moduleTexts.push({ id, text: `${JSON.stringify(module, null, 2)}\n`, imports });
  });
  for (const { stackId, rendered } of proxyConfigs) {
    writeFileSync(join(outdir, "stacks", stackId, rendered.fileName), rendered.content);
  }
  const modulesDir = join(outdir, MODULES_DIR);
  // Modules are all rewritten, or all removed: a module left from an earlier synth would be stale.
  if (removeOrphans || modules) rmSync(modulesDir, { recursive: true, force: true });
  for (const { id, text, imports } of moduleTexts) {
    const moduleDir = join(modulesDir, id);
    mkdirSync(moduleDir, { recursive: true });
    writeFileSync(join(moduleDir, "main.tf.json"), text);
    for (const { to, id: importId } of imports) {
      warn(
        `${MODULES_DIR}/${id}: Terraform takes import blocks only in the root module, so the module leaves out the stack's import of ${to}; add an import block to the parent configuration, one argument a line (HCL allows no one-line form), with to = module.<name>.${to} and id = "${importId}"`,
      );
    }
  }
  if (modules) for (const { stackId, rendered } of proxyConfigs) writeFileSync(join(modulesDir, stackId, rendered.fileName), rendered.content);
  // Said before folders go: what a removed stack or domain leaves in a state synth can read.
  for (const message of liveStateWarnings({ outdir, projectDir, stacks: addresses, backend: config.terraform.backend.type })) warn(message);
  const kept: string[] = [];
  for (const id of removeOrphans ? orphans : []) {
    const folder = stackFolder(outdir, id);
    const holdings = terraformHoldings(folder);
    if (holdings.length === 0) {
      rmSync(folder, { recursive: true, force: true });
    } else {
      kept.push(id);
      warn(keptFolderWarning(id, folder, holdings));
    }
  }
  // Under cdktf synth the CLI removes the orphans itself, after this app exits.
  writeSynthMarker(outdir, [...ids, ...(removeOrphans ? kept : [])]);
  return { stacks, kept };
}
