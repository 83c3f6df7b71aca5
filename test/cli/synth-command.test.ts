import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { proxyDomain } from "../support/fixtures";
import { cleanEnv, CLI_JS, runNode, useTempDirs, writeFile } from "../support/project";

// synth's output folder (and the --out checks stacks and proxy-config share), its failures and its next steps.

const workdir = useTempDirs();

describe("the CLI's usage errors for empty or foreign output places", () => {
  it.each([
    [["stacks", "--out", ""], "error: --out: is empty; give the folder synth writes to, e.g. cdktf.out"],
    [["stacks", "--out", "  "], "error: --out: is empty; give the folder synth writes to, e.g. cdktf.out"],
    [["synth", "--out", ""], "error: --out: is empty; give the folder to synthesize into, e.g. cdktf.out"],
    [["proxy-config", "--domain", "p.example.com", "--out", ""], "error: --out: is empty; give the file to write, or leave --out out to print the config"],
  ])("%j fails with exit 2, writing nothing", (args, line) => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [proxyDomain("p.example.com")] }));
    const run = runNode(CLI_JS, [...args, "--config", file], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual([line]);
    expect(readdirSync(cwd)).toEqual(["email-assets.yaml"]);
  });

  it("names the default output folder when it holds files synth did not write, and deletes nothing", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [proxyDomain("p.example.com")] }));
    writeFile(cwd, "cdktf.out/stacks/prod/main.tf", "mine");
    const run = runNode(CLI_JS, ["synth", "--config", file], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: the output folder: cdktf\.out holds files that email-assets synth did not write \(stacks\/prod\)/m);
    expect(readFileSync(join(cwd, "cdktf.out/stacks/prod/main.tf"), "utf8")).toBe("mine");
  });

  it("prints the trace of a failed synth only when EMAIL_ASSETS_DEBUG is set", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [proxyDomain("p.example.com")] }));
    writeFile(cwd, "file.txt", "not a folder");
    const args = ["synth", "--config", file, "--out", "file.txt/out"];
    const plain = runNode(CLI_JS, args, cwd);
    const debug = runNode(CLI_JS, args, cwd, cleanEnv({ EMAIL_ASSETS_DEBUG: "1" }));
    for (const run of [plain, debug]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^email-assets: synth failed: ENOTDIR/m);
    }
    expect(plain.stderr).not.toMatch(/^ {4}at /m);
    expect(debug.stderr).toMatch(/^Error: ENOTDIR[^\n]*\n {4}at /m);
  });
});

describe("synth's next steps", () => {
  it("offer cdktf deploy only when the project's app would synthesize the same stacks (no --config, no --out)", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify({ domains: [proxyDomain("p.example.com")] }));
    writeFile(cwd, "cdktf.json", '{"app":"node dist/stacks/main.js"}');
    const found = runNode(CLI_JS, ["synth"], cwd);
    expect(found.status, found.stderr).toBe(0);
    expect(found.stderr).toContain("terraform -chdir=cdktf.out/stacks/p-example-com apply (or cdktf deploy p-example-com)");
    for (const args of [["--config", "email-assets.yaml"], ["--out", "elsewhere"]]) {
      const run = runNode(CLI_JS, ["synth", ...args], cwd);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^ {4}1\. apply: terraform -chdir=\S+\/stacks\/p-example-com init && terraform -chdir=\S+\/stacks\/p-example-com apply$/m);
      expect(run.stderr).not.toContain("cdktf deploy");
    }
  });
});
