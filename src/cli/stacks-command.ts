import { resolveStacks, type StackPlan } from "../plan/resolve-plan";
import { stackFolder } from "../plan/stack-folder";
import { defaultOutdir } from "../stacks/outdir";
import { loadOrReport, requireConfigFile, UsageError, type ConfigFlags } from "./config-flags";
import { EXIT_INVALID, EXIT_OK } from "./exit-codes";
import { reportProblems } from "./report";

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

/** `stacks`: the stacks, one line each, or one JSON array for a CI matrix. */
export function stacksCommand(options: ConfigFlags & { json?: boolean; out?: string }): number {
  requireConfigFile(options);
  if (options.out !== undefined && options.out.trim() === "") throw new UsageError("--out: is empty; give the folder synth writes to, e.g. cdktf.out");
  // Only named in the listing: nothing is written there.
  const outdir = options.out ?? defaultOutdir(process.env);
  const config = loadOrReport(options);
  if (config === undefined) return EXIT_INVALID;
  const entries = stackEntries(resolveStacks(config.specs, config.terraform), outdir);
  if (options.json) {
    // One line, so that a CI step can put it in a variable ($GITHUB_OUTPUT) as it is.
    process.stdout.write(`${JSON.stringify(entries)}\n`);
  } else {
    for (const entry of entries) {
      process.stdout.write(`${entry.stack}: ${entry.domains.length} domain(s) (${entry.domains.join(", ")}), edge ${entry.edges.join(", ")}, folder ${entry.directory}, state ${entry.state}\n`);
    }
  }
  reportProblems(config.warnings, "warning");
  return EXIT_OK;
}
