import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { EMBEDDED_EXAMPLE, loadConfig, type LoadedConfig } from "../config/files/load-config";
import { ConfigError, formatProblem } from "../config/problems/problem";
import { resolveStacks } from "../plan/resolve-plan";
import { UsageError } from "./config-flags";
import { GitRevision } from "./git-revision";
import { projectChanges } from "./project-changes";
import { say } from "./report";
import { digestedEntries, type DigestedEntry, type SynthPlace } from "./stack-entries";

/** How a listed stack differs between the revision and now. */
export type StackChange = "added" | "changed" | "removed";

/** One entry of `stacks --json --changed-since REF`: the usual fields (a removed stack's from the config at REF), and the change. */
export interface ChangedEntry extends DigestedEntry {
  readonly change: StackChange;
}

/**
 * The stacks that differ between `before` (the entries at the revision; undefined when they are not
 * known, every stack then counting as changed) and `after` (now): now's stacks in their order, each
 * `added` or `changed` (every one that is not added, with `everyChanged`), then the removed ones.
 */
export function stackChanges(before: readonly DigestedEntry[] | undefined, after: readonly DigestedEntry[], everyChanged: boolean): ChangedEntry[] {
  const then = new Map((before ?? []).map((entry) => [entry.stack, entry]));
  const listed: ChangedEntry[] = [];
  for (const entry of after) {
    const old = then.get(entry.stack);
    if (before !== undefined && old === undefined) listed.push({ ...entry, change: "added" });
    else if (everyChanged || old === undefined || old.digest !== entry.digest) listed.push({ ...entry, change: "changed" });
  }
  const now = new Set(after.map((entry) => entry.stack));
  for (const entry of before ?? []) if (!now.has(entry.stack)) listed.push({ ...entry, change: "removed" });
  return listed;
}

/** The config file's text at the revision, validated with the same code as now's (from a temporary file of the same name). */
function loadText(text: Buffer, file: string): LoadedConfig {
  const scratch = mkdtempSync(join(tmpdir(), "email-assets-then-"));
  try {
    const path = join(scratch, basename(file));
    writeFileSync(path, text);
    return loadConfig({ configPath: path, example: false });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `stacks --changed-since REF`: synthesizes the config as it was at REF (read with git from the
 * repository that holds the config file) and as it is now, with the same code, and returns the
 * stacks whose Terraform differs. What it assumed is said on `news`: a config absent at REF (every
 * stack added), one that did not validate there, or a project version or lock file that changed
 * (every stack changed: the code that synthesized REF's Terraform was another).
 */
export async function changedSince(config: LoadedConfig, ref: string, place: SynthPlace, news: NodeJS.WritableStream = process.stderr): Promise<ChangedEntry[]> {
  if (config.source === EMBEDDED_EXAMPLE) {
    throw new UsageError("--changed-since: compares the config file with its history in git, and the embedded example has none; give --config FILE");
  }
  const revision = GitRevision.of(config.source, ref);
  const path = revision.pathInRepository(config.source);
  const text = revision.read(path);
  let before: readonly DigestedEntry[] | undefined = [];
  if (text === undefined) {
    say(`email-assets: ${path} did not exist at ${ref}: every stack is listed as added`, news);
  } else {
    try {
      const then = loadText(text, config.source);
      before = await digestedEntries(resolveStacks(then.specs, then.terraform), place);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const [first] = error.problems;
      const more = error.problems.length > 1 ? ` and ${error.problems.length - 1} more problem(s)` : "";
      say(`email-assets: ${path} at ${ref} does not validate (${first === undefined ? "" : formatProblem(first)}${more}): every stack is listed as changed`, news);
      before = undefined;
    }
  }
  const reasons = projectChanges(revision, config.source);
  if (reasons.length > 0) say(`email-assets: ${reasons.join("; ")}: every stack is listed as changed (its Terraform at ${ref} came from other code)`, news);
  const after = await digestedEntries(resolveStacks(config.specs, config.terraform), place);
  return stackChanges(before, after, reasons.length > 0);
}
