import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cleanEnv, CLI_JS, PROJECT_DIR, runNode, tempDir, writeFile } from "../support/project";

// verify's usage errors, which come before any network step: exit 2 and one line naming the flag.
// Its checks against live servers are in test/verify/verify-live.test.ts.

const { dir, cleanup } = tempDir("email-assets-verify-cli-");
afterAll(() => cleanup());
const config = writeFile(
  dir,
  "email-assets.yaml",
  "domains:\n  - domain: emails.example.com\n    workspace: acme\n    region: us\n    edge: cloudflare\n    cloudflare:\n      zoneId: 0123456789abcdef0123456789abcdef\n" +
    "  - domain: links.example.com\n    workspace: acme\n    region: us\n    edge: cloudflare\n    stack: marketing\n    cloudflare:\n      zoneId: 0123456789abcdef0123456789abcdef\n",
);

describe("email-assets verify: usage", () => {
  it.each([
    [["--domain", "other.example.com"], /^error: --domain: other\.example\.com is not in .*email-assets\.yaml; its domains: emails\.example\.com, links\.example\.com$/m],
    [["--domain", "https://emails.example.com/"], /^error: --domain: .*drop the scheme/m],
    [["--resolver", "127.0.0.1:70000"], /^error: --resolver: the port must be 1-65535; received "127\.0\.0\.1:70000"$/m],
    [["--timeout", "0"], /^error: --timeout: must be a number of seconds above 0/m],
    [["--expiry-days", "soon"], /^error: --expiry-days: must be a whole number/m],
    [["--config", "missing.yaml"], /^error: --config: file not found: missing\.yaml$/m],
    [["--domain", "emails.example.com", "--domain", "nope.example.com"], /^error: --domain: nope\.example\.com is not in .*; its domains: emails\.example\.com, links\.example\.com$/m],
    [["--domain", "emails.example.com", "--domain", "http://x"], /^error: --domain: .*received "http:\/\/x"$/m],
    [["--stack", "sales"], /^error: --stack: sales is not a stack of .*email-assets\.yaml; its stacks: emails-example-com, marketing \(email-assets stacks lists them\)$/m],
    [["--stack", "marketing", "--domain", "links.example.com"], /^error: --stack: checks every domain of stack marketing, so it takes no --domain; give one of the two$/m],
    [["--concurrency", "0"], /^error: --concurrency: must be a whole number of domains from 1 to 64; received "0"$/m],
    [["--concurrency", "65"], /^error: --concurrency: must be a whole number of domains from 1 to 64; received "65"$/m],
    [["--concurrency", "two"], /^error: --concurrency: must be a whole number/m],
    [["--wait", "soon"], /^error: --wait: must be a duration such as 90s, 30m, 2h or 1h30m; received "soon"$/m],
    [["--wait", "0s"], /^error: --wait: must be longer than 0s; received "0s"$/m],
    [["--junit", ""], /^error: --junit: must name a file for the JUnit XML report/m],
    [["--junit", "reports/"], /^error: --junit: must name a file for the JUnit XML report, such as verify-report\.xml; received "reports\/"$/m],
    [["--junit", "no-such-folder/report.xml"], /^error: --junit: the folder .*no-such-folder does not exist; create it first or name a file in an existing folder; received "no-such-folder\/report\.xml"$/m],
    [["--junit", "email-assets.yaml/report.xml"], /^error: --junit: the folder .*email-assets\.yaml does not exist/m],
  ])("fails when given %j: exit 2, before any network step", (args, message) => {
    const run = runNode(CLI_JS, ["verify", "--config", config, ...args], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("fails when --stack names no stack of a config with many: exit 2, the first ten named", () => {
    const domains = Array.from({ length: 12 }, (_, i) => `  - domain: e${i}.example.com\n    workspace: acme\n    region: us\n    edge: cloudflare\n    cloudflare:\n      zoneId: 0123456789abcdef0123456789abcdef\n`);
    const many = writeFile(dir, "many.yaml", `domains:\n${domains.join("")}`);
    const run = runNode(CLI_JS, ["verify", "--config", many, "--stack", "e12-example-com"], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: --stack: e12-example-com is not a stack of .*many\.yaml; its stacks: e0-example-com, .*, e9-example-com and 2 more \(email-assets stacks lists them\)$/m);
  });

  it("fails when the config is invalid: exit 1 with the problems", () => {
    const bad = writeFile(dir, "bad.yaml", "domains:\n  - domain: emails.example.com\n    workspace: acme\n    region: useast\n    edge: cloudflare\n    cloudflare:\n      zoneId: 0123456789abcdef0123456789abcdef\n");
    const run = runNode(CLI_JS, ["verify", "--config", bad], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('domains[0].region: must be one of us, eu, au; received "useast"');
  });
});

describe("the README's scheduled verify workflow", () => {
  const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
  const block = /```yaml\n(# \.github\/workflows\/verify-email-assets\.yml\n[\s\S]*?)```/.exec(readme)?.[1] ?? "";
  const workflow = parse(block) as { on: { schedule: { cron: string }[] }; jobs: { verify: { steps: { run?: string; uses?: string; with?: Record<string, string> }[] } } };

  it("runs daily and keeps the JUnit report it writes, even when a check fails", () => {
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    const steps = workflow.jobs.verify.steps;
    const verify = steps.find((step) => step.run?.includes("email-assets verify"))?.run ?? "";
    const report = /--junit (\S+)/.exec(verify)?.[1];
    expect(report).toBe("verify-report.xml");
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload).toMatchObject({ if: "always()", with: { path: report } });
  });

  it("gives verify flags it takes (checked up to the first network step)", () => {
    const verify = workflow.jobs.verify.steps.find((step) => step.run?.includes("email-assets verify"))?.run ?? "";
    const args = verify.replace(/^npx email-assets verify /, "").replace("--config email-assets.yaml", `--config ${config}`).split(" ");
    // An unknown stack stops it as a usage error after every other flag has been read and checked.
    const run = runNode(CLI_JS, ["verify", ...args, "--stack", "none"], dir);
    expect(run.stderr).toMatch(/^error: --stack: none is not a stack/m);
  });
});

describe("verify on a terminal", () => {
  it("marks each failed check with a red cross and each passed one with a green tick, then exits 1", () => {
    const cwd = dir;
    const command = `stty cols 120 rows 40; '${process.execPath}' '${CLI_JS}' verify --example --domain emails.example.com --resolver 127.0.0.1:9 --timeout 1`;
    // util-linux script gives the command a terminal (its presence is asserted in init.test.ts).
    const run = spawnSync("script", ["-qfec", command, "/dev/null"], { cwd, env: cleanEnv({ TERM: "xterm" }), encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("\x1b[31m✖\x1b[39m dns      emails.example.com A/AAAA: resolver 127.0.0.1:9 could not be reached (connection refused)");
    expect(run.stdout).toContain("\x1b[32m✔\x1b[39m hsts     not checked");
    expect(run.stdout).toContain("emails.example.com: 5 of 6 checks failed");
  });
});
