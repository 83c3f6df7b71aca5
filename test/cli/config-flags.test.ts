import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { proxyDomain } from "../support/fixtures";
import { cleanEnv, CLI_JS, runNode, useTempDirs, writeFile } from "../support/project";

const workdir = useTempDirs();

describe("the CLI's --domain and config source", () => {
  it("lists ten of the config's domains and counts the rest when --domain is not among them", () => {
    const cwd = workdir();
    const names = Array.from({ length: 12 }, (_, i) => `d${i + 1}.example.com`);
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: names.map((name) => proxyDomain(name)) }));
    const run = runNode(CLI_JS, ["proxy-config", "--domain", "other.example.com", "--config", file], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd()).toBe(`error: --domain: other.example.com is not in ${file}; its domains: ${names.slice(0, 10).join(", ")} and 2 more`);
  });

  it("warns that verify checks the embedded example's placeholder domains when asked for them (--example)", () => {
    const cwd = workdir();
    // A resolver that refuses at once: the checks fail fast, offline.
    const run = runNode(CLI_JS, ["verify", "--example", "--domain", "emails.example.com", "--resolver", "127.0.0.1:9", "--timeout", "1"], cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("warning: verifying the embedded example's placeholder domains, not a config of yours; create one with email-assets init");
    expect(run.stdout).toMatch(/^emails\.example\.com: edge cloudflare, Intercom host your-workspace\.intercom-mail\.com/);
  });

  it("ends quietly with the command's exit code when the reader closes the pipe early (| head)", async () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: Array.from({ length: 40 }, (_, i) => proxyDomain(`d${i}.example.com`)) }));
    const child = spawn(process.execPath, [CLI_JS, "validate", "--config", file], { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    // The reader is gone before the first line is written.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", (status) => done(status)));
    expect(stderr).not.toContain("EPIPE");
    expect(stderr).not.toMatch(/^ {4}at /m);
    expect(code).toBe(0);
  });
});
