// The tests run a second time on CDK Terrain by scripts/cdktn-engine.mjs, in its scratch copy of the
// project: synth, CLI (with `cdktn synth` and `cdktn diff`), construct, policy and live-protection
// tests, and the byte-for-byte comparison with the cdktf build (test/engine/engine-parity.test.ts).
//
// Not the Terraform plan tests (test/stacks/cloudfront-, pipeline-, adopt- and proxy-terraform): what
// Terraform plans is the synthesized files and nothing else of the engine, and engine-parity
// synthesizes every config those tests plan (test/support/terraform-test-configs.ts), in the same
// environment, on both engines and finds the same bytes but for the engine's version stamp, which
// Terraform reads as a comment. So their plans on CDK Terrain would be the plans the whole suite
// (npm test) checks on cdktf; running them again here cost about 3 minutes of Terraform. The
// engine's own CLI still plans a stack here (`cdktn diff`, in app.test.ts), and live-protection
// runs here for synth's warnings about the state a domain leaves behind.
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { slowFirstSequencer } from "./test/support/slow-first-sequencer.mts";

export default defineConfig({
  test: {
    include: [
      "test/engine/**/*.test.ts",
      "test/stacks/app.test.ts",
      "test/stacks/named-stacks.test.ts",
      // The policy is cdktf Aspects and validations: the engine's own must run it the same way.
      "test/policy/**/*.test.ts",
      "test/stacks/live-protection.test.ts",
      "test/cli/**/*.test.ts",
      "test/constructs/cloudfront-email-assets.test.ts",
      "test/constructs/cloudflare-email-assets.test.ts",
      "test/cloudflare/cloudflare-modes.test.ts",
      "test/stacks/proxy-stack.test.ts",
      // What synth may delete depends on the engine CLI's own removal of stack folders after the app.
      "test/stacks/output-folder.test.ts",
      // Not test/api/public-api.test.ts: it installs the packed package into a cdktf app and into a
      // CDK Terrain app itself, in every run.
      "test/readme-module.test.ts",
    ],
    // One worker per core (vitest's default is one fewer): the tests mostly wait on the app, the
    // CLI and Terraform in child processes. The slowest files start first, so none runs alone at the end.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: slowFirstSequencer(["test/stacks/live-protection.test.ts", "test/stacks/app.test.ts", "test/cli/synth-stacks.test.ts", "test/engine/engine-parity.test.ts", "test/engine/cdktn-aws-bindings.test.ts", "test/readme-module.test.ts", "test/stacks/output-folder.test.ts"]) },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: process.env.EMAIL_ASSETS_ENGINE_REPORT ?? "test-results/vitest-engine.json" }]],
  },
});
