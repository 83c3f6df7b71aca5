// The tests run a second time on CDK Terrain by scripts/cdktn-engine.mjs, in its scratch copy of the
// project: synth, CLI, policy and Terraform-plan tests, and the byte-for-byte comparison with the cdktf build.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/engine/**/*.test.ts",
      "test/stacks/app.test.ts",
      "test/stacks/named-stacks.test.ts",
      "test/stacks/pipeline-terraform.test.ts",
      // The policy is cdktf Aspects and validations: the engine's own must run it the same way.
      "test/policy/**/*.test.ts",
      "test/stacks/live-protection.test.ts",
      "test/cli/**/*.test.ts",
      "test/constructs/cloudfront-email-assets.test.ts",
      "test/constructs/cloudflare-email-assets.test.ts",
      "test/cloudflare/cloudflare-modes.test.ts",
      "test/stacks/cloudfront-terraform.test.ts",
      "test/stacks/adopt-terraform.test.ts",
      "test/stacks/proxy-stack.test.ts",
      "test/stacks/proxy-terraform.test.ts",
      // What synth may delete depends on the engine CLI's own removal of stack folders after the app.
      "test/stacks/output-folder.test.ts",
      // Not test/api/public-api.test.ts: it installs the packed package into a cdktf app and into a
      // CDK Terrain app itself, in every run.
      "test/readme-module.test.ts",
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: process.env.EMAIL_ASSETS_ENGINE_REPORT ?? "test-results/vitest-engine.json" }]],
  },
});
