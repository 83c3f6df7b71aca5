import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A copy of `value` with every object's keys in sorted order, as the engines write them. */
export function sortedKeys(value: unknown): unknown {
  // As JSON.stringify and the engines' stringifiers do, an object's toJSON gives what is written.
  if (typeof (value as { toJSON?: unknown } | null)?.toJSON === "function") return sortedKeys((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/**
 * A stack's Terraform JSON as synth writes it: in one layout of our own, so that the bytes do not
 * depend on the engine (cdktf 0.21 and CDK Terrain sort keys alike but lay out an empty `{}` or
 * `[]` differently: json-stable-stringify breaks it over two lines, safe-stable-stringify does
 * not). `sorted` has its keys sorted as both engines sort them (sortedKeys); two-space indent, no trailing newline, as the
 * engines write.
 */
export function stackJsonText(sorted: unknown): string {
  return JSON.stringify(sorted, null, 2);
}

/** Rewrites the manifest the engine wrote in the same layout as the stacks' JSON (see stackJsonText). */
export function rewriteManifest(outdir: string): void {
  const path = join(outdir, "manifest.json");
  writeFileSync(path, stackJsonText(JSON.parse(readFileSync(path, "utf8"))));
}
