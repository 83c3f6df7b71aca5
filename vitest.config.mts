import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { slowFirstSequencer } from "./test/support/slow-first-sequencer.mts";

/**
 * The files that take longest (each 25 s to 100 s alone here, in Terraform, npm, git and network
 * namespaces), longest first: they start first, so that the end of the run is many short files
 * shared between the workers rather than one long file running alone.
 */
const SLOWEST = [
  "test/readme-pipeline.test.ts",
  "test/stacks/cloudfront-terraform.test.ts",
  "test/stacks/pipeline-terraform.test.ts",
  "test/verify/verify-fleet-live.test.ts",
  "test/cli/synth-stacks.test.ts",
  "test/api/public-api.test.ts",
  "test/stacks/adopt-terraform.test.ts",
  "test/api/installed-package.test.ts",
  "test/discover/discover-cli.test.ts",
  "test/stacks/output-folder.test.ts",
  "test/stacks/app.test.ts",
  "test/stacks/live-protection.test.ts",
  "test/readme-gitlab.test.ts",
  "test/stacks/provider-versions-terraform.test.ts",
  "test/stacks/proxy-terraform.test.ts",
  "test/cli/init.test.ts",
  "test/conformance/aws-schema.test.ts",
];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Run on CDK Terrain by scripts/cdktn-engine.mjs (vitest.engine.config.mts), against this build.
    exclude: ["test/engine/**", "node_modules/**"],
    // One worker per core, where vitest's default is one fewer (a single worker on two cores): most
    // of the time goes to child processes (the app, the CLI, Terraform, npm) that a worker waits on.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: slowFirstSequencer(SLOWEST) },
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
