import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The files that `App.synth()` writes as JSON, relative to its outdir: the manifest and each
 * stack's Terraform JSON.
 */
function engineJsonFiles(stackIds: readonly string[]): string[] {
  return ["manifest.json", ...stackIds.map((id) => join("stacks", id, "cdk.tf.json"))];
}

/**
 * Rewrites the JSON the engine wrote in one layout of our own, so that the bytes do not depend on
 * the engine: cdktf 0.21 and CDK Terrain sort keys alike but lay out an empty `{}` or `[]`
 * differently (json-stable-stringify breaks it over two lines, safe-stable-stringify does not).
 * Key order is kept as written (both engines sort it); no trailing newline, as the engines write.
 */
export function rewriteEngineJson(outdir: string, stackIds: readonly string[]): void {
  for (const file of engineJsonFiles(stackIds)) {
    const path = join(outdir, file);
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, "utf8")), null, 2));
  }
}
