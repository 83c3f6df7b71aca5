import { spawnSync } from "node:child_process";
import { expect } from "vitest";

/** Who commits in a test repository, and no signing or hooks from the machine's git config. */
const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/** Runs git in `dir`; fails the test when git does. Returns its stdout, trimmed. */
export function git(dir: string, args: readonly string[]): string {
  const result = spawnSync("git", ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args], { cwd: dir, env: GIT_ENV, encoding: "utf8" });
  expect(result.status, `git ${args.join(" ")}: ${result.stderr}`).toBe(0);
  return result.stdout.trim();
}

/** A new repository in `dir` (a `main` branch, no commits yet). */
export function gitInit(dir: string): void {
  git(dir, ["init", "-q", "."]);
}

/** Commits everything in the working tree; returns the commit's hash. */
export function commitAll(dir: string, message: string): string {
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "--allow-empty", "-m", message]);
  return git(dir, ["rev-parse", "HEAD"]);
}
