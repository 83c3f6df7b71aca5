import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { parseConfig } from "../../src/config/validate-config";
import { resolveStacks } from "../../src/plan/resolve-plan";
import { EmailAssetsStack } from "../../src/stacks/email-assets-stack";
import { MODULES_DIR, synthApp } from "../../src/stacks/synth-app";
import { SYNTH_MARKER } from "../../src/stacks/outdir";
import { cloudflareDomain, ZONE_A } from "../support/fixtures";
import { useTempDirs, writeFile } from "../support/project";
import { useScratchApps } from "../support/synth";

// synthApp's guards and its quieter paths, in-process: an output folder that is not its own, a
// config without stacks, warnings nobody listens to; and the logical ids the stack gives to
// elements other than resources (assets), and to two elements that would share an address.

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

describe("EmailAssetsStack's logical ids", () => {
  const scratchApp = useScratchApps();
  const assetFile = () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bundle.js"), "export default {}");
    return join(dir, "bundle.js");
  };
  const stackOf = (config: unknown) => {
    const { specs, terraform } = parseConfig(config);
    const [plan] = resolveStacks(specs, terraform);
    if (plan === undefined) throw new Error("no stack");
    return new EmailAssetsStack(scratchApp(), plan);
  };

  it("names an asset by its id in a domain's own stack, the same each time it is asked", () => {
    const stack = stackOf({ domains: [cloudflareDomain()] });
    const asset = new TerraformAsset(stack, "bundle", { path: assetFile() });
    const first = asset.path;
    expect(first).toMatch(/^assets\/bundle\/[0-9A-F]{32}\/bundle\.js$/);
    // Asked again, the same element keeps its name (the stack's check for shared addresses lets it be).
    expect(asset.path).toBe(first);
  });

  it("prefixes an asset with its domain, or its zone, in a named stack", () => {
    const stack = stackOf({ domains: [cloudflareDomain({ stack: "fleet" })] });
    const domainScope = stack.node.findChild("emails-example-com");
    expect(new TerraformAsset(domainScope, "bundle", { path: assetFile() }).path).toMatch(/^assets\/emails-example-com_bundle\/[0-9A-F]{32}\/bundle\.js$/);
    const zoneScope = new Construct(stack, `zone_${ZONE_A}`);
    expect(new TerraformAsset(zoneScope, "bundle", { path: assetFile() }).path).toMatch(new RegExp(`^assets/zone_${ZONE_A}_bundle/[0-9A-F]{32}/bundle\\.js$`));
  });

  it("fails synth when two resources would share a Terraform address, naming both", () => {
    const stack = stackOf({ domains: [cloudflareDomain()] });
    new DnsRecord(new Construct(stack, "mine"), "cname", { zoneId: ZONE_A, name: "x.example.com", type: "TXT", content: "x", ttl: 1 });
    expect(() => Testing.synth(stack)).toThrow(
      "Terraform address cloudflare_dns_record.cname is used by both emails-example-com/cloudflare_email_assets/cname and emails-example-com/mine/cname; give one a distinct id",
    );
  });
});
