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
    // Lets the child processes write coverage when scripts/coverage.mjs asks for it (a no-op otherwise).
    setupFiles: ["test/support/child-coverage.ts"],
    // The in-process half of the coverage (--coverage, as scripts/coverage.mjs runs it): the script
    // adds the child processes' half and checks the thresholds on the sum.
    coverage: {
      provider: "v8",
      include: ["src/**"],
      reporter: [["json", {}]],
      reportsDirectory: "coverage/in-process",
      reportOnFailure: true,
    },
  },
});
