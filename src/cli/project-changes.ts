import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { GitRevision } from "./git-revision";

/** Lock files that fix which code (this package, cdktf, the provider bindings) synthesizes the config. */
export const LOCK_FILES = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"] as const;

/** The folder of the package.json nearest the config, in its repository; undefined when there is none. */
function projectFolder(configFile: string, toplevel: string): string | undefined {
  let dir = dirname(realpathSync(configFile));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dir === toplevel || relative(toplevel, dir).startsWith("..")) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readNow(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function versionOf(manifest: Buffer | undefined): string | undefined {
  try {
    const parsed = JSON.parse(manifest?.toString("utf8") ?? "") as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What, besides the config, changed the code that synthesizes it between `revision` and now: the
 * project is the package.json nearest the config (in its repository); its `version` (the project's
 * own: this package's, when the config sits in its checkout) and its lock file (which fixes this
 * package's version when it is a dependency, and cdktf's and the provider bindings'). Each reason is
 * one phrase; none means the two syntheses compare like for like. The current files are the working
 * tree's, as the current config is.
 */
export function projectChanges(revision: GitRevision, configFile: string): string[] {
  const folder = projectFolder(configFile, revision.toplevel);
  if (folder === undefined) return [];
  const reasons: string[] = [];
  const manifestPath = join(folder, "package.json");
  const inRepo = (path: string) => revision.pathInRepository(path);
  const manifestThen = revision.read(inRepo(manifestPath));
  if (manifestThen === undefined) {
    reasons.push(`${inRepo(manifestPath)} did not exist at ${revision.ref}`);
  } else {
    const [then, now] = [versionOf(manifestThen), versionOf(readNow(manifestPath))];
    if (then !== now) reasons.push(`the version in ${inRepo(manifestPath)} changed (${then ?? "none"} at ${revision.ref}, ${now ?? "none"} now)`);
  }
  for (const name of LOCK_FILES) {
    const now = readNow(join(folder, name));
    // A lock file that is gone now has no path in the repository to resolve: name it from the folder.
    const path = [inRepo(folder), name].filter((part) => part !== "").join("/");
    const then = revision.read(path);
    if (now === undefined && then === undefined) continue;
    if (now === undefined || then === undefined || !now.equals(then)) {
      reasons.push(`${path} ${then === undefined ? "did not exist at" : now === undefined ? "was removed since" : "differs from"} ${revision.ref}`);
    }
  }
  return reasons;
}
