import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ZONE_A } from "../support/fixtures";
import { cleanEnv, CLI_JS, runNode, useTempDirs, writeFile } from "../support/project";

const workdir = useTempDirs();

describe("email-assets init's --out and the commands it suggests", () => {
  const FLAGS = ["--domain", "emails.example.com", "--workspace", "acme", "--region", "us", "--edge", "cloudflare", "--zone-id", ZONE_A, "--yes"];

  it("fails when --out is in a file rather than a folder, writing nothing", () => {
    const cwd = workdir();
    writeFile(cwd, "notes.txt", "mine");
    const run = runNode(CLI_JS, ["init", ...FLAGS, "--out", "notes.txt/e.yaml"], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--out: is in ${join(cwd, "notes.txt")}, which is not a folder; received "notes.txt/e.yaml"`);
    expect(readdirSync(cwd)).toEqual(["notes.txt"]);
  });

  it.each([
    ["a device", () => "/dev/null"],
    ["a FIFO (named pipe)", (dir: string) => {
      spawnSync("mkfifo", [join(dir, "fifo")]);
      return join(dir, "fifo");
    }],
  ])("refuses to write to %s, even with --force", (kind, make) => {
    const cwd = workdir();
    const out = make(cwd);
    const run = runNode(CLI_JS, ["init", ...FLAGS, "--force", "--out", out], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--out: is ${kind}, not a file; give the file to write; received ${JSON.stringify(out)}`);
  });

  it("writes, warns and suggests --config when the commands could not tell which config to read", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", "domains: []\n");
    writeFile(cwd, "email-assets.json", "{}\n");
    mkdirSync(join(cwd, "my configs"));
    const run = runNode(CLI_JS, ["init", ...FLAGS, "--out", "my configs/e.yaml"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`warning: config: found email-assets.yaml and email-assets.json in ${cwd}; keep only one so it is clear which is used`);
    expect(run.stderr).toContain("Next: email-assets validate --config 'my configs/e.yaml', then email-assets synth --config 'my configs/e.yaml'");
    expect(readFileSync(join(cwd, "my configs/e.yaml"), "utf8")).toContain("domain: emails.example.com");
  });

  it("warns about a blank $EMAIL_ASSETS_CONFIG after writing, and suggests --config", () => {
    const cwd = workdir();
    const run = runNode(CLI_JS, ["init", ...FLAGS], cwd, cleanEnv({ EMAIL_ASSETS_CONFIG: " " }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning: EMAIL_ASSETS_CONFIG: is set but blank; name a config file, or unset it to use email-assets.yaml here");
    expect(run.stderr).toContain("Next: email-assets validate --config email-assets.yaml");
  });
});
