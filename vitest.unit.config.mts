import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// The fast tier (npm run test:unit): the tests that run in this process only. A test file that
// starts a child process (the compiled CLI or app, cdktf, Terraform, npm), a server (Apache,
// nginx, PostgreSQL, the verify lab, a Worker runtime) or a network namespace belongs to the whole
// suite (npm test) only. Files are sorted by what they use, so a new test lands in the right tier
// by itself.
const PROCESS_TESTS = /\b(runNode|runCli|runCdktf|spawn|spawnSync|execFile|execFileSync|CLI_JS|APP_JS|runTerraform|terraformInit|startPostgres|Miniflare)\b|support\/(web-servers|proxy-e2e|verify-lab|postgres|terraform)["']/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "engine" || entry.name === "support" ? [] : testFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const unitTests = testFiles("test").filter((file) => !PROCESS_TESTS.test(readFileSync(file, "utf8")));

export default defineConfig({
  test: {
    include: unitTests,
    testTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: "test-results/vitest-unit.json" }]],
  },
});
