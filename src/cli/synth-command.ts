import { existsSync } from "node:fs";
import { join } from "node:path";
import { nextStepsReport } from "../plan/next-steps";
import type * as SynthAppModule from "../stacks/synth-app";
import { defaultOutdir, inspectOutdir } from "../stacks/outdir";
import { loadOrReport, requireConfigFile, UsageError, type ConfigFlags } from "./config-flags";
import { EXIT_INVALID, EXIT_OK } from "./exit-codes";
import { reportProblems, say } from "./report";
import { shellWord } from "./shell-word";

export interface SynthFlags extends ConfigFlags {
  readonly out?: string;
  readonly modules?: boolean;
}

/** How one entry point runs synth: where its news goes, and what it leaves to cdktf. */
export interface SynthRun {
  readonly flags: SynthFlags;
  /** Where news, warnings and next steps go. */
  readonly news: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** See SynthOptions.removeOrphans. @default - as synthOptionsFrom(env) says: off under cdktf synth */
  readonly removeOrphans?: boolean;
}

/** --out for synth: a folder of synth's own (see inspectOutdir); the default folder is checked too. */
function checkedOutdir(out: string | undefined, env: NodeJS.ProcessEnv): string {
  if (out !== undefined && out.trim() === "") throw new UsageError("--out: is empty; give the folder to synthesize into, e.g. cdktf.out");
  const outdir = out ?? defaultOutdir(env);
  const found = inspectOutdir(outdir);
  if (found.kind === "foreign") throw new UsageError(`${out === undefined ? (env.CDKTF_OUTDIR ? "$CDKTF_OUTDIR" : "the output folder") : "--out"}: ${found.problem}`);
  return outdir;
}

/**
 * `cdktf deploy` runs the project's app, which reads the config it finds and writes cdktf.out (or
 * $CDKTF_OUTDIR): offered only where a cdktf.json is, and when synth read that same config into that
 * same folder (no --config, --out or --example).
 */
function offersCdktfDeploy(run: SynthRun): boolean {
  const { config, out, example } = run.flags;
  return config === undefined && out === undefined && example !== true && existsSync(join(run.cwd, "cdktf.json"));
}

/**
 * Synth as both entry points run it (`email-assets synth` and the cdktf app, stacks/main.ts):
 * validate the config completely (nothing is written when it is invalid), synthesize, then say
 * what was written and each domain's next steps. Returns the exit code.
 */
export function runSynth(run: SynthRun): number {
  const { flags, news, env } = run;
  requireConfigFile(flags);
  const outdir = checkedOutdir(flags.out, env);
  const config = loadOrReport(flags);
  if (config === undefined) {
    process.stderr.write("email-assets: nothing was synthesized\n");
    return EXIT_INVALID;
  }
  reportProblems(config.warnings, "warning", news);
  // Loaded here, not at the top: validate and stacks do not need cdktf and its seconds of loading.
  const { synthApp, synthOptionsFrom } = require("../stacks/synth-app") as typeof SynthAppModule;
  const modules = flags.modules ?? false;
  let result: SynthAppModule.SynthResult;
  try {
    const options = synthOptionsFrom(env);
    const removeOrphans = run.removeOrphans ?? options.removeOrphans;
    result = synthApp(config, { ...options, removeOrphans, projectDir: run.cwd, outdir, modules, warn: (message) => say(`warning: ${message}`, news) });
  } catch (error) {
    // Not the config's fault (a folder that cannot be written, say): what failed; the trace is for bug reports.
    say(`email-assets: synth failed: ${(error as Error).message}`);
    if (env.EMAIL_ASSETS_DEBUG) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    return EXIT_INVALID;
  }
  const ids = result.stacks.map((stack) => stack.id);
  say(`synthesized ${ids.length} stack(s) from ${config.source} into ${outdir}/stacks${modules ? ` and modules into ${outdir}/modules` : ""}: ${ids.join(", ")}`, news);
  // verify must read the same config: a --config given here is repeated there (the other sources it finds itself).
  const configArg = flags.config !== undefined ? ` --config ${shellWord(flags.config)}` : flags.example === true ? " --example" : "";
  // In config order, as the user wrote the domains (a named stack gathers its own).
  const byDomain = new Map(result.stacks.flatMap((stack) => stack.domains.map((plan) => [plan.domain, plan] as const)));
  const plans = config.specs.flatMap((spec) => byDomain.get(spec.domain) ?? []);
  for (const line of nextStepsReport(plans, outdir, configArg, offersCdktfDeploy(run))) say(line, news);
  return EXIT_OK;
}
