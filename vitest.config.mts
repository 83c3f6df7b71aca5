import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Run on CDK Terrain by scripts/cdktn-engine.mjs (vitest.engine.config.mts), against this build.
    exclude: ["test/engine/**", "node_modules/**"],
    // Tests that spawn the synthesized app or the CLI take a second or two each.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
