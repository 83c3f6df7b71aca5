import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Reads a JSON file the engine wrote and writes it back in our layout; returns it parsed. */
function rewrite(path: string): Record<string, unknown> {
  const json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  writeFileSync(path, JSON.stringify(json, null, 2));
  return json;
}

/**
 * Rewrites the JSON the engine wrote (the manifest and each stack's Terraform JSON) in one layout
 * of our own, so that the bytes do not depend on the engine: cdktf 0.21 and CDK Terrain sort keys
 * alike but lay out an empty `{}` or `[]` differently (json-stable-stringify breaks it over two
 * lines, safe-stable-stringify does not). Key order is kept as written (both engines sort it); no
 * trailing newline, as the engines write. Returns each stack's Terraform JSON, parsed, by stack id,
 * for what synth does with it next.
 */
export function rewriteEngineJson(outdir: string, stackIds: readonly string[]): Map<string, Record<string, unknown>> {
  rewrite(join(outdir, "manifest.json"));
  return new Map(stackIds.map((id) => [id, rewrite(join(outdir, "stacks", id, "cdk.tf.json"))]));
}
