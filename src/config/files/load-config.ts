import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { closestMatch } from "../problems/did-you-mean";
import { parseConfig, type ValidationResult } from "../rules/validate-config";
import { ConfigError } from "../problems/problem";
import { EXAMPLE_CONFIG } from "./example-config";
import { readConfigFile } from "./read-config-file";

/** Environment variable naming the config file; it wins over the files in the working directory. */
export const CONFIG_ENV = "EMAIL_ASSETS_CONFIG";
/** Files looked up in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ["email-assets.yaml", "email-assets.yml", "email-assets.json"] as const;
/** Environment variable that asks for the embedded example when no config is found (the app takes no flags). */
export const EXAMPLE_ENV = "EMAIL_ASSETS_EXAMPLE";
/** Shown as the source when the embedded example is used. */
export const EMBEDDED_EXAMPLE = "embedded example";

export interface LoadedConfig extends ValidationResult {
  /** The file the config came from, or "embedded example". */
  readonly source: string;
}

export interface LoadOptions {
  /** An explicit file (the CLI's --config); wins over everything else. */
  readonly configPath?: string;
  /**
   * `true`: the embedded example (placeholder domains), whatever config is around (the CLI's
   * --example). `false`: a missing config is an error. `undefined`: the embedded example stands in
   * for a missing config only in this project's own checkout (its quick start) or when
   * $EMAIL_ASSETS_EXAMPLE is 1, an error elsewhere, so that a misplaced config never synthesizes
   * placeholders in a user's folder.
   * @default undefined
   */
  readonly example?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** True when anything is at `path`, a broken symlink included (a stat through it would say nothing is). */
export function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which config file to read: `configPath`, else $EMAIL_ASSETS_CONFIG, else one of
 * email-assets.yaml/.yml/.json in `cwd`; `undefined` means the embedded example.
 */
export function findConfigFile(options: LoadOptions = {}): string | undefined {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  if (options.configPath !== undefined) return resolve(cwd, options.configPath);
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv !== undefined) {
    if (fromEnv.trim() === "") {
      throw new ConfigError([
        { path: CONFIG_ENV, message: "is set but blank; name a config file, or unset it to use email-assets.yaml here", received: fromEnv },
      ]);
    }
    return resolve(cwd, fromEnv);
  }
  // Anything by that name counts, a broken symlink or a folder included: reading it then says what
  // is wrong, rather than quietly falling back to the embedded example.
  const present = CONFIG_FILE_NAMES.filter((name) => entryExists(resolve(cwd, name)));
  if (present.length > 1) {
    throw new ConfigError([
      {
        path: "config",
        message: `found ${present.join(" and ")} in ${cwd}; keep only one so it is clear which is used`,
        received: present,
      },
    ]);
  }
  return present[0] === undefined ? undefined : resolve(cwd, present[0]);
}

/** True in this project's own checkout (where its quick start runs the embedded example). */
export function isProjectCheckout(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
    return manifest.name === "email-assets-domain" && entryExists(join(dir, "stacks", "main.ts"));
  } catch {
    return false;
  }
}

const CONFIG_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
/** Folders never searched for a misplaced config: tools' own, and output. */
const NOT_SEARCHED = new Set(["node_modules", "cdktf.out", "dist"]);

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Files in `cwd` that look meant as the config but are not found by name (`emails-assets.yaml`,
 * `email-assets.YAML`), and configs by the right name one folder down (`config/email-assets.yaml`).
 */
export function nearMissConfigFiles(cwd: string): string[] {
  const found: string[] = [];
  for (const entry of entries(cwd)) {
    if (entry.isDirectory() && !entry.name.startsWith(".") && !NOT_SEARCHED.has(entry.name)) {
      for (const inner of entries(join(cwd, entry.name))) {
        if (inner.isFile() && (CONFIG_FILE_NAMES as readonly string[]).includes(inner.name)) found.push(`${entry.name}/${inner.name}`);
      }
    } else if (entry.isFile() && CONFIG_EXTENSIONS.has(extname(entry.name).toLowerCase()) && closestMatch(entry.name, CONFIG_FILE_NAMES) !== undefined) {
      found.push(entry.name);
    }
  }
  return found.sort();
}

/** The one line said when no config is found and the embedded example is not wanted. */
function noConfigProblem(cwd: string, env: NodeJS.ProcessEnv): ConfigError {
  const near = nearMissConfigFiles(cwd);
  const nearMiss =
    near.length === 0
      ? ""
      : `; found ${near.slice(0, 3).join(", ")}, not by a name it reads: rename it to ${CONFIG_FILE_NAMES[0]} here, or pass --config ${near[0] ?? ""}`;
  const envShown = env[CONFIG_ENV] === undefined ? "not set" : "set";
  return new ConfigError([
    {
      path: "config",
      message:
        `no config found: looked for $${CONFIG_ENV} (${envShown}), then ${CONFIG_FILE_NAMES.join(", ")} in ${cwd}${nearMiss}; ` +
        "create one with email-assets init, or pass --config FILE (--example builds the embedded example's placeholder domains)",
    },
  ]);
}

/** Finds, reads and validates the config. Throws {@link ConfigError} with every problem. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.example === true ? undefined : findConfigFile(options);
  if (file === undefined) {
    const asked = options.example ?? (env[EXAMPLE_ENV] === "1" || isProjectCheckout(cwd));
    if (!asked) throw noConfigProblem(cwd, env);
    return { source: EMBEDDED_EXAMPLE, ...parseConfig(EXAMPLE_CONFIG, EMBEDDED_EXAMPLE) };
  }
  return { source: file, ...parseConfig(readConfigFile(file), file) };
}
