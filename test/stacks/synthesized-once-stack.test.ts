import { existsSync, readFileSync } from "node:fs";
import type * as Fs from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { App, Aspects, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { PageRule } from "@cdktf/provider-cloudflare/lib/page-rule";
import { EmailAssetsStack, parseConfig, resolveStacks } from "../../src/index";
import { SynthesizedOnceStack } from "../../src/stacks/synthesized-once-stack";
import { sortedKeys, stackJsonText } from "../../src/stacks/engine-json";
import { cloudflareDomain, threeRegionConfig } from "../support/fixtures";
import { tempDir } from "../support/project";

// A stack's Terraform JSON is computed once per synth: the policy judges it and the same JSON is
// written, in the project's own layout, whatever the engine writes on its own.

const { dir: scratch, cleanup } = tempDir("email-assets-once-");
afterAll(() => cleanup());
afterEach(() => vi.restoreAllMocks());
let apps = 0;

function appWith(config: unknown, appProps: { skipValidation?: boolean } = {}): { app: App; outdir: string; stacks: EmailAssetsStack[] } {
  const outdir = join(scratch, `app-${(apps += 1)}`);
  const app = new App({ outdir, ...appProps });
  const { specs, terraform } = parseConfig(config);
  const stacks = resolveStacks(specs, terraform).map((plan) => new EmailAssetsStack(app, plan));
  return { app, outdir, stacks };
}

const written = (outdir: string, id: string) => readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8");

describe("a stack's Terraform JSON in a synth", () => {
  it("is computed once per stack, though the policy judges it before it is written", () => {
    const computed = vi.spyOn(SynthesizedOnceStack.prototype, "terraformJson");
    const { app } = appWith(threeRegionConfig());
    app.synth();
    expect(computed).toHaveBeenCalledTimes(3);
  });

  it("is written as the stack's JSON, keys sorted, empty blocks on one line, no trailing newline", () => {
    const { app, outdir, stacks } = appWith({ domains: [cloudflareDomain()] });
    app.synth();
    const text = written(outdir, "emails-example-com");
    expect(text).toBe(stackJsonText(sortedKeys(stacks[0]?.toTerraform())));
    // The Cloudflare provider takes everything from the environment: `{}`, which cdktf alone would break over two lines.
    expect(text).toContain('"cloudflare": [\n      {}\n    ]');
    expect(text.endsWith("}")).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(["//", "output", "provider", "resource", "terraform"]);
  });

  it("is written by the stack's synthesizer alone: the engine's own write of it never happens", () => {
    // The fs object the engine calls (CommonJS), as it calls it; our own writes go through the ES module's binding.
    const fs = createRequire(__filename)("node:fs") as typeof Fs;
    const writes = vi.spyOn(fs, "writeFileSync");
    const engineWrites = () => writes.mock.calls.map(([path]) => String(path)).filter((path) => path.endsWith("cdk.tf.json"));
    const ids = ["emails-example-com", "emails-example-eu", "news-example-com"];
    const judged = appWith(threeRegionConfig());
    judged.app.synth();
    expect(engineWrites()).toEqual([]);
    for (const id of ids) expect(JSON.parse(written(judged.outdir, id))).toEqual(JSON.parse(JSON.stringify(sortedKeys(judged.stacks.find((stack) => stack.node.id === id)?.toTerraform()))));
    // The spy does see the engine's writes: without validations, the engine writes each stack itself.
    const unjudged = appWith(threeRegionConfig(), { skipValidation: true });
    unjudged.app.synth();
    expect(engineWrites().sort()).toEqual(ids.map((id) => join(unjudged.outdir, "stacks", id, "cdk.tf.json")));
  });

  it("is the engine's own when the app skips validation (nothing judged it)", () => {
    const { app, outdir, stacks } = appWith({ domains: [cloudflareDomain()] }, { skipValidation: true });
    app.synth();
    expect(JSON.parse(written(outdir, "emails-example-com"))).toEqual(JSON.parse(JSON.stringify(stacks[0]?.toTerraform())));
  });

  it("fails when an Aspect weakens a resource, and nothing of that stack is written", () => {
    const { app, outdir, stacks } = appWith({ domains: [cloudflareDomain()] });
    const disable: IAspect = {
      visit: (node: IConstruct) => {
        if (node instanceof PageRule) node.status = "disabled";
      },
    };
    if (stacks[0] === undefined) throw new Error("no stack");
    Aspects.of(stacks[0]).add(disable);
    expect(() => app.synth()).toThrow(/stack emails-example-com: cloudflare_page_rule\.always_https: rule rule-enabled/);
    expect(existsSync(join(outdir, "stacks", "emails-example-com", "cdk.tf.json"))).toBe(false);
  });

  it("is computed afresh outside a synth, so a change after one synth shows in the next", () => {
    const { app, outdir, stacks } = appWith({ domains: [cloudflareDomain()] });
    app.synth();
    const stack = stacks[0];
    if (stack === undefined) throw new Error("no stack");
    stack.addOverride("terraform.required_version", ">= 1.5");
    expect((stack.toTerraform().terraform as Record<string, unknown>).required_version).toBe(">= 1.5");
    expect(written(outdir, "emails-example-com")).not.toContain("required_version");
  });
});
