import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { ENGINE_CLI, engineCliPath } from "./engine";

/** The repository root. */
export const PROJECT_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** The compiled app and CLI (`npm test` builds them first). */
export const APP_JS = join(PROJECT_DIR, "dist", "stacks", "main.js");
export const CLI_JS = join(PROJECT_DIR, "dist", "src", "cli", "main.js");

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment for child processes, without anything that would change where the config comes from. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.EMAIL_ASSETS_CONFIG;
  delete env.CDKTF_OUTDIR;
  delete env.EMAIL_ASSETS_EXAMPLE;
  return { ...env, ...extra };
}

/** Asks the app for the embedded example when no config is found (outside the checkout it is refused otherwise). */
export const ASK_EXAMPLE: Readonly<Record<string, string>> = { EMAIL_ASSETS_EXAMPLE: "1" };

/** Runs a compiled script with node, in `cwd`. */
export function runNode(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): RunResult {
  const result = spawnSync(process.execPath, [script, ...args], { cwd, env, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder, removed by the returned cleanup function. */
export function tempDir(prefix = "email-assets-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `content` to `dir/name` (creating folders) and returns the full path. */
export function writeFile(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/**
 * Call at the top of a test file: returns a function that makes a fresh temporary folder, each
 * removed after the test that made it.
 */
export function useTempDirs(): () => string {
  let cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups) cleanup();
    cleanups = [];
  });
  return () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    return dir;
  };
}

/**
 * Runs the project's cdktf CLI (or CDK Terrain's `cdktn`, see ./engine) in `cwd`, with a
 * cdktf.json there whose app is the compiled app (as the project's own cdktf.json says, but by
 * absolute path).
 */
export function runCdktf(args: readonly string[], cwd: string, env: Record<string, string> = {}): RunResult {
  writeFile(cwd, "cdktf.json", readFileSync(join(PROJECT_DIR, "cdktf.json"), "utf8").replaceAll("dist/stacks/main.js", APP_JS));
  const childEnv = cleanEnv({ CHECKPOINT_DISABLE: "1", CI: "true", ...env });
  const path = engineCliPath(childEnv.PATH);
  if (path !== undefined) childEnv.PATH = path;
  // A machine-wide TF_CLI_CONFIG_FILE naming a missing file makes cdktf log an [ERROR] of its own.
  if (env.TF_CLI_CONFIG_FILE === undefined) delete childEnv.TF_CLI_CONFIG_FILE;
  const result = spawnSync(join(PROJECT_DIR, "node_modules", ".bin", ENGINE_CLI), [...args], { cwd, env: childEnv, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir` with its content (bytes as base64 unless told), keyed by relative path. */
export function snapshotTree(dir: string, encoding: BufferEncoding = "base64"): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, encoding);
    }
  };
  walk(dir);
  return out;
}
