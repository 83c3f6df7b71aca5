import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The folder synth writes to: $CDKTF_OUTDIR (set by `cdktf synth`; set but empty counts as unset), else cdktf.out. */
export function defaultOutdir(env: NodeJS.ProcessEnv): string {
  return env.CDKTF_OUTDIR || "cdktf.out";
}

/** The file cdktf writes at the top of every folder it synthesizes into. */
const MANIFEST = "manifest.json";

/**
 * Why synth must not write into `outdir`, if it must not: synth removes the stack (and module)
 * folders it does not know, so it works only in a folder of its own: a new or empty one, or one it
 * wrote before (cdktf's manifest.json is there). Undefined when the folder is fine.
 */
export function foreignOutdirProblem(outdir: string): string | undefined {
  const path = resolve(outdir);
  if (!existsSync(path)) return undefined;
  if (!statSync(path).isDirectory()) return `${outdir} is not a folder; give the folder to synthesize into, e.g. cdktf.out`;
  if (readdirSync(path).length > 0 && !existsSync(join(path, MANIFEST))) {
    return `${outdir} holds files that synth did not write (no ${MANIFEST}); synth removes the folders it does not know there, so give a new or empty folder, or one synth wrote before`;
  }
  return undefined;
}
