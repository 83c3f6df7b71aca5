import { chmodSync, existsSync, linkSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { entryExists, findConfigFile, loadConfig } from "../config/files/load-config";
import { ConfigError, type Problem } from "../config/problems/problem";
import { shellWord } from "./shell-word";
import { specialKind } from "./special-kind";

/** Written to the working directory, where the other commands look for a config first. */
export const DEFAULT_INIT_OUT = "email-assets.yaml";

/** The file to write, once it is known to be a file that may be written (or replaced, after asking). */
export interface OutTarget {
  /** As the user gave it, for messages and the suggested commands. */
  readonly shown: string;
  /** Resolved against the working directory, not through links. */
  readonly requested: string;
  /** Where the bytes go: through a symlink to the file it names. */
  readonly path: string;
  /** The file being replaced; its mode is kept. */
  readonly existing?: Stats;
}

export function outTarget(out: string): { readonly target: OutTarget } | { readonly problem: Problem } {
  const refuse = (message: string) => ({ problem: { path: "--out", message, received: out } });
  if (out.trim() === "") return refuse(`is empty; give the file to write, e.g. ${DEFAULT_INIT_OUT}`);
  if (out.endsWith("/")) return refuse(`ends in /, so it names a folder; give the file to write, e.g. ${join(out, DEFAULT_INIT_OUT)}`);
  const requested = resolve(out);
  const parent = dirname(requested);
  if (!existsSync(parent)) return refuse(`is in a folder that does not exist: ${parent}`);
  if (!statSync(parent).isDirectory()) return refuse(`is in ${parent}, which is not a folder`);
  if (!entryExists(requested)) return { target: { shown: out, requested, path: requested } };
  let stat: Stats;
  try {
    stat = statSync(requested);
  } catch {
    let link = "nowhere";
    try {
      link = readlinkSync(requested);
    } catch {
      // Not a link after all: say only that it leads nowhere.
    }
    return refuse(`is a symbolic link to ${link}, which leads nowhere; give the file to write`);
  }
  if (stat.isDirectory()) return refuse(`is a folder; give the file to write, e.g. ${join(out, DEFAULT_INIT_OUT)}`);
  if (!stat.isFile()) return refuse(`is ${specialKind(stat)}, not a file; give the file to write`);
  return { target: { shown: out, requested, path: realpathSync(requested), existing: stat } };
}

/**
 * Writes `text` to the target atomically: a temporary file beside it, read back with the project's
 * own loader (what is renamed is what the loader accepted), then renamed over a file the user
 * agreed to replace, or linked to a new name (which fails if a file appeared there meanwhile).
 */
export function writeConfig(target: OutTarget, text: string): { ok: true } | { ok: false; problems: readonly Problem[]; line: string } {
  // The same name after a prefix: the loader reads .json as JSON and anything else as YAML.
  const temporary = join(dirname(target.path), `.${process.pid}.${basename(target.path)}`);
  let created = false;
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    created = true;
    try {
      loadConfig({ configPath: temporary, env: {} });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return { ok: false, problems: error.problems, line: "email-assets init: the written config did not load back; this is a bug in email-assets-domain, please report it. Nothing written" };
    }
    if (target.existing !== undefined) {
      chmodSync(temporary, target.existing.mode & 0o7777);
      renameSync(temporary, target.path);
    } else {
      try {
        linkSync(temporary, target.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") {
          return { ok: false, problems: [], line: `email-assets init: ${target.shown} appeared while init ran; nothing written (run it again to be asked about replacing it)` };
        }
        // A file system without hard links: the name was free a moment ago.
        if (entryExists(target.path)) throw error;
        renameSync(temporary, target.path);
      }
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, problems: [], line: `email-assets init: cannot write ${target.shown}: ${(error as Error).message}; nothing written` };
  } finally {
    if (created) rmSync(temporary, { force: true });
  }
}

/** `--config FILE` for the suggested commands, unless they would find the written file by themselves. */
export function configFlag(target: OutTarget): { flag: string; warning?: Problem } {
  let found: string | undefined;
  try {
    found = findConfigFile();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { flag: ` --config ${shellWord(target.shown)}`, ...(error.problems[0] !== undefined && { warning: error.problems[0] }) };
  }
  return { flag: found === target.requested ? "" : ` --config ${shellWord(target.shown)}` };
}
