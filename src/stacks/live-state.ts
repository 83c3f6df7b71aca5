import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { BackendType } from "../facts/terraform-facts";
import { localStateFile, stackOfLocalStateFile } from "../config/names/state-names";
import { stackFolder } from "../plan/stack-folder";

/** The managed resources a local state file holds (`type.name`, in a module `module.x.type.name`); [] without a file, undefined when it cannot be read. */
export function stateAddresses(statePath: string): string[] | undefined {
  if (!existsSync(statePath)) return [];
  try {
    const state = JSON.parse(readFileSync(statePath, "utf8")) as { resources?: { mode?: string; type?: string; name?: string; module?: string }[] };
    return (state.resources ?? [])
      .filter((r) => r.mode === "managed" && typeof r.type === "string" && typeof r.name === "string")
      .map((r) => `${r.module === undefined ? "" : `${r.module}.`}${r.type}.${r.name}`);
  } catch {
    // Not JSON (or half written): nothing can be said about it, and synth must not fail for it.
    return undefined;
  }
}

/** The resource addresses of a synthesized stack's Terraform JSON. */
export function stackAddresses(stackJson: Readonly<Record<string, unknown>>): string[] {
  const resources = (stackJson.resource ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(resources).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
}

/** The state file Terraform keeps in its working folder (the stack's folder) when the stack has no backend. */
export const NO_BACKEND_STATE = "terraform.tfstate";
const inStackFolder: Readonly<Record<BackendType, boolean>> = { none: true, local: false, s3: false, gcs: false, azurerm: false, cloud: false, pg: false };

const unreadable = (shown: string) =>
  `${shown} is not a Terraform state synth can read, so it cannot tell whether it still holds what serves a domain; check it with terraform show`;

const shownList = (addresses: readonly string[]) => (addresses.length <= 6 ? addresses.join(", ") : `${addresses.slice(0, 6).join(", ")} and ${addresses.length - 6} more`);

/**
 * What synth must say before it drops what serves a live domain, for the local backend (the one
 * whose state it can read): a state file in the project folder for a stack the config no longer
 * has, while it still holds resources, and resources a kept stack's state holds that its new JSON
 * no longer has (a domain removed from a named stack, or moved to another edge or stack). Terraform's prevent_destroy
 * cannot help there: it lives in the configuration, and the configuration no longer has them.
 */
export function liveStateWarnings(options: {
  readonly outdir: string;
  readonly projectDir: string;
  /** The stacks synth wrote, with their resource addresses. */
  readonly stacks: ReadonlyMap<string, readonly string[]>;
  /** Where the states are: `local` in the project folder, `none` in each stack's folder; any other backend's state is not read. */
  readonly backend: BackendType;
}): string[] {
  const { outdir, projectDir, stacks, backend } = options;
  const statePathOf = inStackFolder[backend] ? (id: string) => join(stackFolder(outdir, id), NO_BACKEND_STATE) : backend === "local" ? (id: string) => resolve(projectDir, localStateFile(id)) : undefined;
  if (statePathOf === undefined) return [];
  const warnings: string[] = [];
  const shownPath = (path: string) => relative(process.cwd(), path) || path;
  const stackDir = (id: string) => stackFolder(outdir, id);
  /** What a state file holds; an unreadable one is warned about here (and gives undefined). */
  const heldIn = (statePath: string) => {
    const held = stateAddresses(statePath);
    if (held === undefined) warnings.push(unreadable(shownPath(statePath)));
    return held;
  };
  for (const [id, addresses] of stacks) {
    const statePath = statePathOf(id);
    const held = heldIn(statePath);
    if (held === undefined) continue;
    const gone = held.filter((address) => !addresses.includes(address));
    if (gone.length === 0) continue;
    warnings.push(
      `stack ${id}: its state ${shownPath(statePath)} holds ${gone.length} resource(s) that the config no longer has (${shownList(gone)}); ` +
        `the next apply destroys them, and every email already sent with their domain's links breaks. To destroy them on purpose: terraform -chdir=${stackDir(id)} apply. ` +
        `To keep them running, unmanaged: terraform -chdir=${stackDir(id)} state rm ${gone.join(" ")}`,
    );
  }
  // Every local state file of the project folder, not just the folders synth still has: the warning
  // repeats on every synth (and after cdktf.out is deleted) for as long as the state holds resources.
  // (Without a backend the state is in the stack's folder, which synth keeps: see keptFolderWarning.)
  if (backend !== "local") return warnings;
  for (const entry of readdirSync(projectDir, { withFileTypes: true })) {
    const id = stackOfLocalStateFile(entry.name);
    if (!entry.isFile() || id === undefined || stacks.has(id)) continue;
    const statePath = resolve(projectDir, entry.name);
    const held = heldIn(statePath);
    if (held === undefined || held.length === 0) continue;
    warnings.push(
      `stack ${id} is no longer in the config, but its state ${shownPath(statePath)} still holds ${held.length} resource(s) (${shownList(held)}), ` +
        `which keep serving the domain, now unmanaged. To destroy them: put the domain back with retire: true, run synth, then ` +
        `terraform -chdir=${stackDir(id)} destroy. To forget them (they keep running): mv ${shownPath(statePath)} ${shownPath(statePath)}.forgotten`,
    );
  }
  return warnings;
}

/**
 * Why synth kept the folder of a stack the config no longer has, and what to do: Terraform's files
 * are in it (`holdings`), and a state there may still hold what serves a domain.
 */
export function keptFolderWarning(id: string, folder: string, holdings: readonly string[]): string {
  const kept = `stack ${id} is no longer in the config, but synth keeps its folder ${folder}, which holds ${holdings.join(", ")}`;
  const held = holdings.includes(NO_BACKEND_STATE) ? stateAddresses(join(folder, NO_BACKEND_STATE)) : [];
  if (held === undefined) return `${kept}; ${unreadable(join(folder, NO_BACKEND_STATE))}`;
  if (held.length > 0) {
    return (
      `${kept}: its state still holds ${held.length} resource(s) (${shownList(held)}), which keep serving the domain, now unmanaged. ` +
      `To destroy them: put the domain back with retire: true, run synth, then terraform -chdir=${folder} destroy. To forget them (they keep running): rm -r ${folder}`
    );
  }
  return `${kept}, and no resource of it is in a state there; once its resources are destroyed or no longer wanted, remove it: rm -r ${folder}`;
}
