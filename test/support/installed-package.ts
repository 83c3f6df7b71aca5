// The package as a user gets it: packed with `npm pack` from this checkout's build, installed with
// npm's defaults into an empty folder (from npm's cache when it holds what is asked for).
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_DIR, tempDir, writeFile } from "./project";

/**
 * `env` without NODE_V8_COVERAGE (test/support/child-coverage.ts): the coverage that counts is the
 * tsc build's, and npm's or a bundle's raw coverage would only be written to be thrown away.
 */
export function withoutCoverage(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest.NODE_V8_COVERAGE;
  return rest;
}

export interface InstalledPackage {
  /** The folder the package was installed into (an empty app: a package.json only). */
  readonly dir: string;
  /** node_modules/email-assets-domain in it. */
  readonly packageDir: string;
  /** The installed `email-assets` command (node_modules/.bin/email-assets). */
  readonly cli: string;
  /** The packed package.json, as npm reads it from the tarball. */
  readonly manifest: { version: string; scripts?: Record<string, string>; bin?: Record<string, string> } & Record<string, unknown>;
  readonly cleanup: () => void;
}

/** Runs npm in `cwd`, failing with its output. */
function npm(args: readonly string[], cwd: string): string {
  const result = spawnSync("npm", [...args], { cwd, encoding: "utf8", env: withoutCoverage({ ...process.env, npm_config_loglevel: "warn" }) });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd} (it needs the npm registry or its cache):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * Packs this checkout (its build must be there: `npm run build`, which `npm test` runs first; the
 * pack skips `prepack`, which would build again) and installs the tarball into an empty folder.
 */
export function packAndInstall(): InstalledPackage {
  if (!existsSync(join(PROJECT_DIR, "dist", "cli", "email-assets.js")) || !existsSync(join(PROJECT_DIR, "dist", "lib", "library.js"))) {
    throw new Error("the bundles are not built: run npm run build first");
  }
  const { dir: root, cleanup } = tempDir("email-assets-installed-");
  try {
    const tarball = join(root, npm(["pack", "--ignore-scripts", "--pack-destination", root], PROJECT_DIR).trim().split("\n").pop() ?? "");
    const dir = join(root, "app");
    writeFile(dir, "package.json", JSON.stringify({ name: "user-app", version: "1.0.0", private: true }, null, 2));
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], dir);
    const packageDir = join(dir, "node_modules", "email-assets-domain");
    return {
      dir,
      packageDir,
      cli: join(dir, "node_modules", ".bin", "email-assets"),
      manifest: JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as InstalledPackage["manifest"],
      cleanup,
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** Bytes on disk under `dir`, as `du` counts them (allocated blocks, each file once). */
export function diskUsage(dir: string): number {
  let bytes = 0;
  const seen = new Set<string>();
  const walk = (path: string): void => {
    const stat = lstatSync(path);
    const key = `${stat.dev}:${stat.ino}`;
    if (seen.has(key)) return;
    seen.add(key);
    bytes += stat.blocks * 512;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
  return bytes;
}

/** The package folders directly or nested under `nodeModules`, by name (`@scope/name` for scoped ones). */
export function installedPackageNames(nodeModules: string): string[] {
  const names: string[] = [];
  const visit = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules).filter((name) => !name.startsWith("."))) {
      const scoped = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`) : [entry];
      for (const name of scoped) {
        names.push(name);
        visit(join(modules, name, "node_modules"));
      }
    }
  };
  visit(nodeModules);
  return names.sort();
}
