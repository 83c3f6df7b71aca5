import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/rules/validate-config";
import { MODULES_DIR, synthApp } from "../../src/stacks/synth-app";
import { SYNTH_MARKER } from "../../src/stacks/outdir";
import { cloudflareDomain } from "../support/fixtures";
import { useTempDirs, writeFile } from "../support/project";

// synthApp's guards and its quieter paths, in-process: an output folder that is not its own, a
// config without stacks, warnings nobody listens to.

const tempDir = useTempDirs();
const CONFIG = parseConfig({ domains: [cloudflareDomain()] });
const NO_STACKS = { specs: [], terraform: CONFIG.terraform };

describe("synthApp refuses an output folder that is not its own, before writing anything", () => {
  it("fails when the output path is a file", () => {
    const outdir = writeFile(tempDir(), "out", "a file of the user's");
    expect(() => synthApp(CONFIG, { outdir, projectDir: tempDir() })).toThrow(`${outdir} is not a folder; give the folder to synthesize into, e.g. cdktf.out`);
  });

  it("fails when the folder holds files synth did not write, and leaves them be", () => {
    const outdir = join(tempDir(), "out");
    writeFile(outdir, "stacks/mine/notes.txt", "keep me");
    expect(() => synthApp(CONFIG, { outdir, projectDir: tempDir() })).toThrow(
      `${outdir} holds files that email-assets synth did not write (stacks/mine); synth writes only into a new or empty folder or one it wrote before, so that it never removes another app's stacks or state: choose another folder (--out, or $CDKTF_OUTDIR for npm run synth and cdktf synth)`,
    );
    expect(readdirSync(outdir)).toEqual(["stacks"]);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["mine"]);
  });
});

describe("synthApp with a config of no stacks", () => {
  it("writes the manifest and an empty stacks folder, and removes the stacks and modules an earlier synth left", () => {
    const outdir = join(tempDir(), "out");
    writeFile(outdir, "manifest.json", "{}");
    writeFile(outdir, SYNTH_MARKER, JSON.stringify({ writtenBy: "email-assets-domain", stacks: ["old-example-com"] }));
    writeFile(outdir, "stacks/old-example-com/cdk.tf.json", "{}");
    writeFile(outdir, `${MODULES_DIR}/old-example-com/main.tf.json`, "{}");
    expect(synthApp(NO_STACKS, { outdir, projectDir: tempDir() })).toEqual({ stacks: [], kept: [] });
    expect(readdirSync(outdir).sort()).toEqual([SYNTH_MARKER, "manifest.json", "stacks"]);
    expect(readdirSync(join(outdir, "stacks"))).toEqual([]);
  });
});

describe("synthApp's warnings", () => {
  it("gives them to warn, and without warn synthesizes just the same", () => {
    const projectDir = tempDir();
    writeFile(projectDir, "terraform.old-example-com.tfstate", JSON.stringify({ resources: [{ mode: "managed", type: "cloudflare_dns_record", name: "cname" }] }));
    const warnings: string[] = [];
    const heard = join(tempDir(), "out");
    expect(synthApp(CONFIG, { outdir: heard, projectDir, warn: (message) => warnings.push(message) }).stacks.map((stack) => stack.id)).toEqual(["emails-example-com"]);
    expect(warnings).toEqual([expect.stringMatching(/^stack old-example-com is no longer in the config, but its state .* still holds 1 resource\(s\) \(cloudflare_dns_record\.cname\)/)]);
    const unheard = join(tempDir(), "out");
    expect(synthApp(CONFIG, { outdir: unheard, projectDir }).stacks.map((stack) => stack.id)).toEqual(["emails-example-com"]);
    expect(existsSync(join(unheard, "stacks", "emails-example-com", "cdk.tf.json"))).toBe(true);
  });
});
