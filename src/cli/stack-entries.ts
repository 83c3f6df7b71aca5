import type { StackPlan } from "../plan/resolve-plan";
import { stackFolder } from "../plan/stack-folder";

/** One entry of `email-assets stacks --json`: what a CI matrix needs to run one stack. */
export interface StackEntry {
  readonly stack: string;
  /** `domain` (a domain's own stack) or `named`. */
  readonly kind: StackPlan["kind"];
  readonly domains: readonly string[];
  readonly edges: readonly string[];
  /** The stack's folder, where terraform runs: `<out>/stacks/<stack>`. */
  readonly directory: string;
  /** Where its state is (see README, Running in a pipeline). */
  readonly state: string;
}

/** An entry with its Terraform's digest (stackDigest), as `stacks --json` prints it. */
export interface DigestedEntry extends StackEntry {
  readonly digest: string;
}

export function stackEntries(stacks: readonly StackPlan[], outdir: string): StackEntry[] {
  return stacks.map((stack) => ({
    stack: stack.id,
    kind: stack.kind,
    domains: stack.domains.map((plan) => plan.domain),
    edges: [...new Set(stack.domains.map((plan) => plan.edge))],
    directory: stackFolder(outdir, stack.id),
    state: stack.state,
  }));
}

/** Where the user's synth would write, which the synthesized Terraform depends on. */
export interface SynthPlace {
  /** The output folder (--out, $CDKTF_OUTDIR or cdktf.out). */
  readonly outdir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The project folder (the working directory), where the local backend's states are. */
  readonly cwd: string;
}

/**
 * The entries with the digest of each stack's Terraform as `email-assets synth` would write it
 * into `place` (synthesized in a temporary folder, with the same code and environment).
 */
export async function digestedEntries(stacks: readonly StackPlan[], place: SynthPlace): Promise<DigestedEntry[]> {
  // Loaded here, not at the top: the listing without digests needs no cdktf and its seconds of loading.
  const [{ stackDigests }, { synthOptionsFrom }] = await Promise.all([import("../stacks/stack-digests.js"), import("../stacks/synth-app.js")]);
  const { awsSkipChecks = false, creationStacks } = synthOptionsFrom(place.env);
  const digests = stackDigests(stacks, { stateOutdir: place.outdir, projectDir: place.cwd, awsSkipChecks, creationStacks });
  return stackEntries(stacks, place.outdir).map((entry) => ({ ...entry, digest: digests.get(entry.stack) ?? "" }));
}
