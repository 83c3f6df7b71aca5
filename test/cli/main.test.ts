import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLI_JS, runNode, useTempDirs } from "../support/project";

// The program's own handling of the words it is given, before any command runs.

const workdir = useTempDirs();

describe("words the commands do not take", () => {
  it.each([
    [["init", "--yes", "--domain", "--workspace", "acme"], "error: --domain: is missing its value (the next word, --workspace, is a flag); give --domain <domain>"],
    [["verify", "--config", "--json"], "error: --config: is missing its value (the next word, --json, is a flag); give --config <file>"],
    [["validate", "extra"], 'error: unexpected argument "extra": email-assets validate takes flags only, each with its value (--name value); email-assets validate --help lists them'],
    [["stacks", "--json", "prod"], 'error: unexpected argument "prod": email-assets stacks takes flags only, each with its value (--name value); email-assets stacks --help lists them'],
  ])("%j fails with exit 2 and one line naming the word, writing nothing", (args, line) => {
    const cwd = workdir();
    const run = runNode(CLI_JS, args, cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual([line]);
    expect(run.stdout).toBe("");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("follows commander's own errors with one line on where the flags are, not the whole help", () => {
    const run = runNode(CLI_JS, ["init", "--zoneid", "x"], workdir());
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual(["error: unknown option '--zoneid'", "(Did you mean --zone-id?)", "(email-assets <command> --help lists its flags)"]);
  });
});
