import { lstatSync } from "node:fs";
import { resolve } from "node:path";
import { parseConfig, type ValidationResult } from "./validate-config";
import { ConfigError } from "./problem";
import { EXAMPLE_CONFIG } from "./example-config";
import { readConfigFile } from "./read-config-file";

/** Environment variable naming the config file; it wins over the files in the working directory. */
export const CONFIG_ENV = "EMAIL_ASSETS_CONFIG";
/** Files looked up in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ["email-assets.yaml", "email-assets.yml", "email-assets.json"] as const;
/** Shown as the source when the embedded example is used. */
export const EMBEDDED_EXAMPLE = "embedded example";

export interface LoadedConfig extends ValidationResult {
  /** The file the config came from, or "embedded example". */
  readonly source: string;
}

export interface LoadOptions {
  /** An explicit file (the CLI's --config); wins over everything else. */
  readonly configPath?: string;
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

/** Finds, reads and validates the config. Throws {@link ConfigError} with every problem. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const file = findConfigFile(options);
  if (file === undefined) return { source: EMBEDDED_EXAMPLE, ...parseConfig(EXAMPLE_CONFIG, EMBEDDED_EXAMPLE) };
  return { source: file, ...parseConfig(readConfigFile(file), file) };
}
