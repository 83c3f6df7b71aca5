import { existsSync, readFileSync } from "node:fs";
import type * as Yaml from "yaml";
import { resolve, basename } from "node:path";
import { parseConfig, type ValidationResult } from "./validate-config";
import { ConfigError } from "./problem";
import { EXAMPLE_CONFIG } from "./example-config";

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
  const present = CONFIG_FILE_NAMES.filter((name) => existsSync(resolve(cwd, name)));
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

/** Reads and parses a YAML or JSON config file into a plain value (not yet validated). */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    throw new ConfigError([{ path: "config", message: `cannot read ${path}: ${reason}`, received: path }]);
  }
  if (path.endsWith(".json")) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError([
        { path: "config", message: `${basename(path)} is not valid JSON: ${(error as Error).message}`, received: path },
      ]);
    }
  }
  // Loaded only for YAML files (~40 ms): the JSON and embedded-example paths never pay for it.
  const { parseDocument } = require("yaml") as typeof Yaml;
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => {
        const at = error.linePos?.[0];
        const where = at ? ` at line ${at.line}, column ${at.col}` : "";
        return {
          path: "config",
          message: `${basename(path)} is not valid YAML${where}: ${(error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
          received: path,
        };
      }),
    );
  }
  try {
    // Fleets share blocks through aliases (`proxy: *common`); yaml's default cap of 100 is too low.
    return document.toJS({ maxAliasCount: 100_000 }) as unknown;
  } catch (error) {
    throw new ConfigError([
      { path: "config", message: `${basename(path)} cannot be read as YAML: ${(error as Error).message}`, received: path },
    ]);
  }
}

/** Finds, reads and validates the config. Throws {@link ConfigError} with every problem. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const file = findConfigFile(options);
  if (file === undefined) return { source: EMBEDDED_EXAMPLE, ...parseConfig(EXAMPLE_CONFIG, EMBEDDED_EXAMPLE) };
  return { source: file, ...parseConfig(readConfigFile(file), file) };
}
