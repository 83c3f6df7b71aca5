import { afterAll, describe, expect, it } from "vitest";
import { CLI_JS, runNode, tempDir, writeFile } from "../support/project";

// verify's usage errors, which come before any network step: exit 2 and one line naming the flag.
// Its checks against live servers are in test/verify/verify-live.test.ts.

const { dir, cleanup } = tempDir("email-assets-verify-cli-");
afterAll(() => cleanup());
const config = writeFile(
  dir,
  "email-assets.yaml",
  "domains:\n  - domain: emails.example.com\n    workspace: acme\n    region: us\n    edge: cloudflare\n    cloudflare:\n      zoneId: 0123456789abcdef0123456789abcdef\n",
);

describe("email-assets verify: usage", () => {
  it.each([
    [["--domain", "other.example.com"], /^error: --domain: other\.example\.com is not in .*email-assets\.yaml; its domains: emails\.example\.com$/m],
    [["--domain", "https://emails.example.com/"], /^error: --domain: .*drop the scheme/m],
    [["--resolver", "127.0.0.1:70000"], /^error: --resolver: the port must be 1-65535; received "127\.0\.0\.1:70000"$/m],
    [["--timeout", "0"], /^error: --timeout: must be a number of seconds above 0/m],
    [["--expiry-days", "soon"], /^error: --expiry-days: must be a whole number/m],
    [["--config", "missing.yaml"], /^error: --config: file not found: missing\.yaml$/m],
  ])("fails when given %j: exit 2, before any network step", (args, message) => {
    const run = runNode(CLI_JS, ["verify", "--config", config, ...args], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("fails when the config is invalid: exit 1 with the problems", () => {
    const bad = writeFile(dir, "bad.yaml", "domains:\n  - domain: emails.example.com\n    workspace: acme\n    region: useast\n    edge: cloudflare\n    cloudflare:\n      zoneId: 0123456789abcdef0123456789abcdef\n");
    const run = runNode(CLI_JS, ["verify", "--config", bad], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('domains[0].region: must be one of us, eu, au; received "useast"');
  });
});
