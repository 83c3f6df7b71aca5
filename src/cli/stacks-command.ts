import { resolveStacks } from "../plan/resolve-plan";
import { defaultOutdir } from "../stacks/outdir";
import { changedSince, type ChangedEntry } from "./changed-since";
import { loadOrReport, requireConfigFile, UsageError, type ConfigFlags } from "./config-flags";
import { EXIT_INVALID, EXIT_OK } from "./exit-codes";
import { reportProblems, say } from "./report";
import { stackBatches } from "./stack-batches";
import { digestedEntries, stackEntries, type StackEntry } from "./stack-entries";

export type { StackEntry } from "./stack-entries";

export interface StacksFlags extends ConfigFlags {
  readonly json?: boolean;
  readonly out?: string;
  /** A git revision: list only the stacks whose Terraform differs from the config's there. */
  readonly changedSince?: string;
  /** With --json: at most this many groups, `[{ batch, stacks }]`. */
  readonly batches?: string;
}

/** --batches as a number: a whole number from 1. */
function batchLimit(flags: StacksFlags): number | undefined {
  if (flags.batches === undefined) return undefined;
  if (flags.json !== true) throw new UsageError("--batches: groups the JSON listing; give --json too");
  const limit = Number(flags.batches);
  if (!/^\d+$/.test(flags.batches.trim()) || !Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(`--batches: must be a whole number from 1 (a CI matrix's job limit, e.g. 200 on GitHub Actions); received ${JSON.stringify(flags.batches)}`);
  }
  return limit;
}

/** One line of the listing without --json. */
function line(entry: StackEntry & { change?: ChangedEntry["change"] }): string {
  const change = entry.change === undefined ? "" : `${entry.change} `;
  return `${change}${entry.stack}: ${entry.domains.length} domain(s) (${entry.domains.join(", ")}), edge ${entry.edges.join(", ")}, folder ${entry.directory}, state ${entry.state}`;
}

/**
 * `stacks`: the stacks, one line each, or one JSON array for a CI matrix (each entry with its
 * Terraform's digest, which takes a synthesis); `--changed-since REF` only those whose Terraform
 * differs from the config's at REF; `--batches N` the JSON array split into at most N groups.
 */
export async function stacksCommand(options: StacksFlags, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  requireConfigFile(options);
  if (options.out !== undefined && options.out.trim() === "") throw new UsageError("--out: is empty; give the folder synth writes to, e.g. cdktf.out");
  const limit = batchLimit(options);
  if (options.changedSince !== undefined && options.example === true) {
    throw new UsageError("--changed-since: compares the config file with its history in git, and the embedded example has none; give --config FILE");
  }
  // Only named in the listing (and in the Terraform digested): nothing is written there.
  const outdir = options.out ?? defaultOutdir(env);
  const config = loadOrReport(options);
  if (config === undefined) return EXIT_INVALID;
  reportProblems(config.warnings, "warning");
  const stacks = resolveStacks(config.specs, config.terraform);
  const place = { outdir, env, cwd };
  let entries: readonly (StackEntry & { change?: ChangedEntry["change"] })[];
  if (options.changedSince !== undefined) {
    entries = await changedSince(config, options.changedSince, place);
    const counts = (["added", "changed", "removed"] as const).map((change) => `${entries.filter((entry) => entry.change === change).length} ${change}`);
    say(`email-assets: ${entries.length} stack(s) differ from ${options.changedSince} (${counts.join(", ")}); the config has ${stacks.length} now`);
  } else {
    entries = options.json === true ? await digestedEntries(stacks, place) : stackEntries(stacks, outdir);
  }
  if (options.json === true) {
    // One line, so that a CI step can put it in a variable ($GITHUB_OUTPUT) as it is.
    process.stdout.write(`${JSON.stringify(limit === undefined ? entries : stackBatches(entries, limit))}\n`);
  } else {
    for (const entry of entries) process.stdout.write(`${line(entry)}\n`);
  }
  return EXIT_OK;
}
