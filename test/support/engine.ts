import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Which engine's CLI the CLI tests drive: `cdktf` (the default) or `cdktn` (CDK Terrain), set by
 * scripts/cdktn-engine.mjs for its scratch copy of the project.
 */
export const ENGINE_CLI = process.env.EMAIL_ASSETS_ENGINE_CLI ?? "cdktf";

/**
 * PATH for the engine's CLI. cdktn-cli 0.24.0 needs Node >= 22.19, which the scratch copy installs
 * from npm and names in EMAIL_ASSETS_ENGINE_NODE_BIN; without it the CLI would crash on Node 20.
 */
export function engineCliPath(basePath: string | undefined): string | undefined {
  if (ENGINE_CLI === "cdktf") return basePath;
  const nodeBin = process.env.EMAIL_ASSETS_ENGINE_NODE_BIN;
  if (nodeBin === undefined || !existsSync(join(nodeBin, "node"))) {
    throw new Error(`${ENGINE_CLI} needs Node >= 22.19: set EMAIL_ASSETS_ENGINE_NODE_BIN to a folder holding that node (scripts/cdktn-engine.mjs does); received ${JSON.stringify(nodeBin)}`);
  }
  return [nodeBin, basePath].filter((part) => part !== undefined && part !== "").join(":");
}
