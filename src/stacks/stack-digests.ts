import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StackPlan } from "../plan/resolve-plan";
import { synthStacks, type StacksSynthesis } from "./synth-app";

/**
 * Terraform JSON without the engine's `//` blocks, at any depth: the stack's metadata (the engine's
 * version, its backend, which output is whose) and each resource's construct path. Terraform
 * itself ignores them (`//` is a comment in Terraform JSON), so they are no change to plan.
 */
function withoutEngineMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEngineMetadata);
  if (typeof value !== "object" || value === null) return value;
  const kept = Object.entries(value).filter(([key]) => key !== "//");
  return Object.fromEntries(kept.map(([key, inner]) => [key, withoutEngineMetadata(inner)]));
}

/** JSON with every object's keys sorted, so that the same Terraform always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
}

/**
 * The digest of a stack's Terraform JSON: sha256 (hex) of its canonical JSON, engine metadata
 * aside. Two stacks with the same digest plan the same, whichever engine or machine wrote them.
 */
export function stackDigest(terraformJson: unknown): string {
  return createHash("sha256").update(canonicalJson(withoutEngineMetadata(terraformJson))).digest("hex");
}

/**
 * Synthesizes the stacks into a temporary folder (removed again; the user's output folder is not
 * touched) and returns each stack's digest by stack id. `stateOutdir` is the output folder the
 * user's synth writes to, which the local backend's state path depends on.
 */
export function stackDigests(stacks: readonly StackPlan[], synthesis: Omit<StacksSynthesis, "outdir"> & { readonly stateOutdir: string }): Map<string, string> {
  const scratch = mkdtempSync(join(tmpdir(), "email-assets-digest-"));
  try {
    const digests = new Map<string, string>();
    synthStacks(stacks, { ...synthesis, outdir: join(scratch, "out") }, (id, terraform) => digests.set(id, stackDigest(terraform)));
    return digests;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
