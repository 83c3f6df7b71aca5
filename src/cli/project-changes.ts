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

/** This package's name: in its own checkout the project's version and lock file are this code's. */
const THIS_PACKAGE = "email-assets-domain";
/** The lock files whose entry for this package can be read (npm's JSON ones); the others are compared whole. */
const JSON_LOCK_FILES: ReadonlySet<string> = new Set(["package-lock.json", "npm-shrinkwrap.json"]);

type Manifest = Readonly<Record<string, unknown>>;

function parsedJson(bytes: Buffer | undefined): Manifest | undefined {
  if (bytes === undefined) return undefined;
  try {
    const parsed = JSON.parse(bytes.toString("utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

const textOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The version range a user's package.json asks for this package, in any of its dependency lists. */
function dependencyOf(manifest: Manifest | undefined): string | undefined {
  for (const list of ["dependencies", "devDependencies", "optionalDependencies"]) {
    const range = textOf((manifest?.[list] as Manifest | undefined)?.[THIS_PACKAGE]);
    if (range !== undefined) return range;
  }
  return undefined;
}

/** What an npm lock file fixes of this package: its version and where it came from; undefined when it holds none. */
function lockedEntry(lock: Manifest | undefined): { version?: string; key: string } | undefined {
  const entry = ((lock?.packages as Manifest | undefined)?.[`node_modules/${THIS_PACKAGE}`] ?? (lock?.dependencies as Manifest | undefined)?.[THIS_PACKAGE]) as Manifest | undefined;
  if (entry === undefined) return undefined;
  return { version: textOf(entry.version), key: JSON.stringify([entry.version, entry.resolved, entry.integrity]) };
}

/** Why a lock file means other code now: the whole file in this project's own checkout, else this package's entry in it. */
function lockChange(name: string, path: string, then: Buffer | undefined, now: Buffer | undefined, ownCheckout: boolean, ref: string): string | undefined {
  if (now === undefined && then === undefined) return undefined;
  const [lockThen, lockNow] = [parsedJson(then), parsedJson(now)];
  if (!ownCheckout && JSON_LOCK_FILES.has(name) && (then === undefined || lockThen !== undefined) && (now === undefined || lockNow !== undefined)) {
    const [entryThen, entryNow] = [lockedEntry(lockThen), lockedEntry(lockNow)];
    if (entryThen?.key === entryNow?.key) return undefined;
    return `${THIS_PACKAGE} in ${path} changed (${entryThen?.version ?? "none"} at ${ref}, ${entryNow?.version ?? "none"} now)`;
  }
  if (now !== undefined && then !== undefined && now.equals(then)) return undefined;
  return `${path} ${then === undefined ? "did not exist at" : now === undefined ? "was removed since" : "differs from"} ${ref}`;
}

/**
 * What, besides the config, changed the code that synthesizes it between `revision` and now: the
 * project is the package.json nearest the config (in its repository). In this package's own
 * checkout that is its `version` and its lock file (which fixes cdktf and the provider bindings);
 * in a user's project, only what fixes this package: the range its package.json asks for and its
 * entry in an npm lock file (a yarn, pnpm or bun lock file, which this does not read, counts
 * whole). The project's own version and its other dependencies do not synthesize the config. Each
 * reason is one phrase; none means the two syntheses compare like for like. The current files are
 * the working tree's, as the current config is.
 */
export function projectChanges(revision: GitRevision, configFile: string): string[] {
  const folder = projectFolder(configFile, revision.toplevel);
  if (folder === undefined) return [];
  const reasons: string[] = [];
  const manifestPath = join(folder, "package.json");
  const inRepo = (path: string) => revision.pathInRepository(path);
  const manifestThen = revision.read(inRepo(manifestPath));
  const [then, now] = [parsedJson(manifestThen), parsedJson(readNow(manifestPath))];
  const ownCheckout = now?.name === THIS_PACKAGE;
  if (manifestThen === undefined) {
    reasons.push(`${inRepo(manifestPath)} did not exist at ${revision.ref}`);
  } else if (ownCheckout) {
    const [versionThen, versionNow] = [textOf(then?.version), textOf(now.version)];
    if (versionThen !== versionNow) reasons.push(`the version in ${inRepo(manifestPath)} changed (${versionThen ?? "none"} at ${revision.ref}, ${versionNow ?? "none"} now)`);
  } else {
    const [rangeThen, rangeNow] = [dependencyOf(then), dependencyOf(now)];
    if (rangeThen !== rangeNow) reasons.push(`the ${THIS_PACKAGE} dependency in ${inRepo(manifestPath)} changed (${rangeThen ?? "none"} at ${revision.ref}, ${rangeNow ?? "none"} now)`);
  }
  for (const name of LOCK_FILES) {
    // A lock file that is gone now has no path in the repository to resolve: name it from the folder.
    const path = [inRepo(folder), name].filter((part) => part !== "").join("/");
    const reason = lockChange(name, path, revision.read(path), readNow(join(folder, name)), ownCheckout, revision.ref);
    if (reason !== undefined) reasons.push(reason);
  }
  return reasons;
}
