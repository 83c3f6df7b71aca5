// The tests scripts/node-matrix.mjs runs on each further Node that package.json's `engines` names
// (22 and 24; the whole suite runs on the machine's Node): the installed package (every test
// config synthesized by the bundle and by the tsc build, every command of the installed CLI, the
// library with and without its peers), and verify's checks in process.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/api/installed-package.test.ts",
      "test/verify/dns-client.test.ts",
      "test/verify/http-probe.test.ts",
      "test/verify/verify-domain.test.ts",
      "test/verify/verify-tls-and-errors.test.ts",
    ],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ["default", ["json", { outputFile: process.env.EMAIL_ASSETS_NODE_REPORT ?? "test-results/vitest-nodes.json" }]],
  },
});
