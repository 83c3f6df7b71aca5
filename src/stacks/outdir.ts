import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The folder synth writes to: $CDKTF_OUTDIR (set by `cdktf synth`; set but empty counts as unset), else cdktf.out. */
export function defaultOutdir(env: NodeJS.ProcessEnv): string {
  return env.CDKTF_OUTDIR || "cdktf.out";
}

/**
 * The file that marks a folder as synth's own, with the stacks it wrote there. cdktf's own
 * manifest.json is no such mark: every cdktf app writes one, and another app's output may sit in
 * the same default folder.
 */
export const SYNTH_MARKER = "email-assets-synth.json";
const WRITTEN_BY = "email-assets-domain";
const MANIFEST = "manifest.json";
const STACKS = "stacks";

/** What synth finds in its output folder before it writes. */
export type OutdirState =
  /** Missing or empty: synth may write, and there is nothing of its own to remove. */
  | { readonly kind: "new" }
  /** Written by synth before: it may write, and remove the stack folders named here once the config drops them. */
  | { readonly kind: "ours"; readonly stacks: readonly string[] }
  /** Anything else: synth must not write there. */
  | { readonly kind: "foreign"; readonly problem: string };

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The stack folders in `outdir/stacks`. */
export function existingStackFolders(outdir: string): string[] {
  const dir = join(outdir, STACKS);
  if (!isDirectory(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

function markerStacks(path: string): readonly string[] | undefined {
  try {
    const marker = JSON.parse(readFileSync(path, "utf8")) as { writtenBy?: unknown; stacks?: unknown };
    if (marker.writtenBy !== WRITTEN_BY || !Array.isArray(marker.stacks)) return undefined;
    return marker.stacks.filter((id): id is string => typeof id === "string");
  } catch {
    return undefined;
  }
}

/** True when a stack folder's Terraform JSON has the outputs every email-assets stack has. */
function looksLikeOurStack(folder: string): boolean {
  try {
    const json = JSON.parse(readFileSync(join(folder, "cdk.tf.json"), "utf8")) as { output?: Record<string, unknown> };
    const outputs = json.output ?? {};
    return "link_branding_domain" in outputs || "domains" in outputs;
  } catch {
    return false;
  }
}

/**
 * Output from a version of synth that wrote no marker: cdktf's manifest, stack folders that are all
 * email-assets stacks, and nothing else. Kept apart so that upgrading does not refuse the folder.
 */
function earlierSynthStacks(outdir: string, entries: readonly string[]): readonly string[] | undefined {
  if (!entries.includes(MANIFEST) || entries.some((entry) => ![MANIFEST, STACKS, "modules"].includes(entry))) return undefined;
  const stacks = existingStackFolders(outdir);
  return stacks.every((id) => looksLikeOurStack(join(outdir, STACKS, id))) ? stacks : undefined;
}

/** A few of a folder's entries, for a message: `manifest.json, stacks/my-site`. */
function shownEntries(outdir: string, entries: readonly string[]): string {
  const shown = entries.flatMap((entry) => (entry === STACKS ? existingStackFolders(outdir).map((id) => `${STACKS}/${id}`) : [entry]));
  return shown.length <= 4 ? shown.join(", ") : `${shown.slice(0, 4).join(", ")} and ${shown.length - 4} more`;
}

/** Whether synth may write into `outdir`, and which of the stack folders there are its own. */
export function inspectOutdir(outdir: string): OutdirState {
  const path = resolve(outdir);
  if (!existsSync(path)) return { kind: "new" };
  if (!isDirectory(path)) return { kind: "foreign", problem: `${outdir} is not a folder; give the folder to synthesize into, e.g. cdktf.out` };
  const entries = readdirSync(path).sort();
  if (entries.length === 0) return { kind: "new" };
  const marked = entries.includes(SYNTH_MARKER) ? markerStacks(join(path, SYNTH_MARKER)) : undefined;
  const stacks = marked ?? earlierSynthStacks(path, entries);
  if (stacks !== undefined) return { kind: "ours", stacks };
  return {
    kind: "foreign",
    problem:
      `${outdir} holds files that email-assets synth did not write (${shownEntries(path, entries)}); ` +
      "synth writes only into a new or empty folder or one it wrote before, so that it never removes another app's stacks or state: choose another folder (--out, or $CDKTF_OUTDIR for npm run synth and cdktf synth)",
  };
}

/** Marks `outdir` as synth's own, naming the stack folders it wrote (or kept) there. */
export function writeSynthMarker(outdir: string, stacks: readonly string[]): void {
  const marker = { writtenBy: WRITTEN_BY, note: "written by email-assets synth: it removes only the stack folders named here, and never one holding a state", stacks };
  writeFileSync(join(outdir, SYNTH_MARKER), JSON.stringify(marker, null, 2));
}

/**
 * What in a stack folder Terraform made and synth must never remove: a state file (the folder
 * is where state lives without a backend), workspaces' states, and `terraform init`'s working folder.
 */
export function terraformHoldings(folder: string): string[] {
  if (!isDirectory(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name === ".terraform" || name === "terraform.tfstate.d" || /\.tfstate(\.backup)?$/.test(name))
    .sort();
}
