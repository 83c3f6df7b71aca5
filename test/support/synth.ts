import { afterAll } from "vitest";
import { App, Testing, TerraformStack } from "cdktf";
import { tempDir } from "./project";
import { EmailAssetsStack } from "../../src/stacks/email-assets-stack";
import { stackPlansOf } from "./plans";

/** Synthesized Terraform JSON of one stack, parsed. */
export type StackJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string }>;
  provider?: Record<string, unknown[]>;
  terraform?: Record<string, unknown>;
};

/** Runs `use` with a testing app whose scratch folder is removed afterwards. */
export function withTestingApp<T>(use: (app: App) => T): T {
  const { dir, cleanup } = tempDir("email-assets-testing-");
  try {
    return use(Testing.app({ outdir: dir }));
  } finally {
    cleanup();
  }
}

/**
 * Call at the top of a test file: returns a maker of testing apps that share one scratch folder,
 * removed after the file's tests (Testing.app() alone leaves a folder in the temp dir per call).
 */
export function useScratchApps(): () => App {
  const scratch = tempDir("email-assets-scratch-");
  afterAll(scratch.cleanup);
  return () => Testing.app({ outdir: scratch.dir });
}

/**
 * Call at the top of a test file: returns a maker of empty stacks, each in an app of its own (so ids
 * never clash between cases), in one scratch folder removed after the file's tests.
 */
export function useScratchStacks(): () => TerraformStack {
  const scratch = tempDir("email-assets-stacks-");
  afterAll(scratch.cleanup);
  return () => new TerraformStack(new App({ outdir: scratch.dir }), "stack");
}

/** One stack's JSON after the validations App.synth runs (a missing default provider, the props checked at synth). */
export function synthValidated(stack: TerraformStack): StackJson {
  Testing.fullSynth(stack);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Synthesizes every stack of a config in memory and returns their JSON by stack id. */
export function synthConfig(config: unknown): Record<string, StackJson> {
  return withTestingApp((app) => {
    const stacks = stackPlansOf(config).map(
      (plan) => new EmailAssetsStack(app, plan, { localStatePath: `../../../terraform.${plan.id}.tfstate` }),
    );
    return Object.fromEntries(stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson]));
  });
}

/** `type.name` of every resource in a stack, sorted. */
export function resourceAddresses(stack: StackJson): string[] {
  return Object.entries(stack.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** One resource's attributes, without cdktf's `//` metadata. */
export function resource(stack: StackJson, type: string, name: string): Record<string, unknown> {
  const found = stack.resource?.[type]?.[name];
  if (found === undefined) throw new Error(`no ${type}.${name} in: ${resourceAddresses(stack).join(", ")}`);
  const { "//": _metadata, ...attributes } = found;
  return attributes;
}
