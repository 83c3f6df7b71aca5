import { spawnSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { dirname, relative, sep } from "node:path";
import { UsageError } from "./config-flags";

/** Files as large as a config may be (10 MB), and lock files, which can be larger. */
const MAX_BYTES = 256 * 1024 * 1024;

interface GitRun {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function git(cwd: string, args: readonly string[]): GitRun {
  const result = spawnSync("git", args, { cwd, maxBuffer: MAX_BYTES, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT" ? "--changed-since: reads the config's history with git, which is not installed (or not on PATH)" : `--changed-since: git failed: ${result.error.message}`,
    );
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString("utf8").trim().split("\n")[0] ?? "" };
}

/**
 * One revision of the git repository that holds a given file, read with the git command: the
 * repository is the file's (wherever in it the file sits, whatever the working directory), and
 * paths are given as files of the working tree, read as they were at that revision.
 */
export class GitRevision {
  private constructor(
    /** The working tree's top folder, symbolic links resolved. */
    readonly toplevel: string,
    /** The revision as the user named it (for messages). */
    readonly ref: string,
    /** The commit it names. */
    readonly commit: string,
  ) {}

  /** Opens `ref` in the repository that holds `file`; a UsageError when there is none, or no such commit. */
  static of(file: string, ref: string): GitRevision {
    if (ref.trim() === "") throw new UsageError("--changed-since: is empty; give a git revision: a branch (origin/main), a tag or a commit");
    if (ref.startsWith("-")) throw new UsageError(`--changed-since: ${JSON.stringify(ref)} is not a git revision (it starts with -); give a branch, a tag or a commit`);
    const dir = dirname(realpathSync(file));
    const top = git(dir, ["rev-parse", "--show-toplevel"]);
    if (top.status !== 0) {
      throw new UsageError(`--changed-since: ${file} is not in a git repository (${top.stderr}); run it in a clone, where the config's history is`);
    }
    const toplevel = realpathSync(top.stdout.toString("utf8").trim());
    const commit = git(dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    if (commit.status !== 0) {
      throw new UsageError(
        `--changed-since: ${JSON.stringify(ref)} is not a commit of the repository at ${toplevel}; ` +
          "name a branch, tag or commit it has (a shallow CI clone may lack it: fetch it, e.g. actions/checkout with fetch-depth: 0, or git fetch origin main)",
      );
    }
    return new GitRevision(toplevel, ref, commit.stdout.toString("utf8").trim());
  }

  /** `file`'s path in the repository, with / between folders (as git names it). */
  pathInRepository(file: string): string {
    return relative(this.toplevel, realpathSync(file)).split(sep).join("/");
  }

  /** The bytes `path` (a path in the repository) held at this revision; undefined when it did not exist there. */
  read(path: string): Buffer | undefined {
    const object = `${this.commit}:${path}`;
    if (git(this.toplevel, ["cat-file", "-e", object]).status !== 0) return undefined;
    const shown = git(this.toplevel, ["cat-file", "blob", object]);
    // A folder (or a submodule) at that path is no file it held.
    return shown.status === 0 ? shown.stdout : undefined;
  }
}
