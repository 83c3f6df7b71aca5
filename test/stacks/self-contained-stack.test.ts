import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "cdktf";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { parseConfig } from "../../src/config/rules/validate-config";
import { resolveStacks } from "../../src/plan/resolve-plan";
import { EmailAssetsStack, localStatePath } from "../../src/stacks/email-assets-stack";
import { synthApp } from "../../src/stacks/synth-app";
import { CLOUDFRONT_VARIANTS, cloudflareDomain, proxyDomain, threeRegionConfig } from "../support/fixtures";
import { useTempDirs } from "../support/project";

// Synth builds every stack from its plan alone, so no stack references another: under cdktf 0.21
// it skips the engine's preparing resolve (which only looks for cross-stack references). A
// library user's stack, which their own code may add to, keeps it.

const tempDir = useTempDirs();
afterEach(() => vi.restoreAllMocks());

const CONFIG = {
  domains: [
    cloudflareDomain({ domain: "emails.example.org" }),
    ...Object.values(CLOUDFRONT_VARIANTS),
    proxyDomain("mail.example.org"),
    proxyDomain("mail.example.net", { dns: "cloudflare", cloudflareZoneId: "fedcba9876543210fedcba9876543210" }),
    cloudflareDomain({ domain: "a.example.net", stack: "fleet", cloudflare: { zoneId: "00000000000000000000000000000001", mode: "rulesets" } }),
    cloudflareDomain({ domain: "b.example.net", stack: "fleet", cloudflare: { zoneId: "00000000000000000000000000000001", mode: "rulesets" } }),
  ],
};

/** Each stack's Terraform JSON text, by stack id. */
function stackTexts(outdir: string): Map<string, string> {
  const dir = join(outdir, "stacks");
  return new Map(readdirSync(dir).map((id) => [id, readFileSync(join(dir, id, "cdk.tf.json"), "utf8")]));
}

/** The same stacks in a library user's app: an App of their own, EmailAssetsStack for each plan. */
function libraryApp(config: ReturnType<typeof parseConfig>, outdir: string, projectDir: string): App {
  const app = new App({ outdir });
  for (const plan of resolveStacks(config.specs, config.terraform)) {
    new EmailAssetsStack(app, plan, { localStatePath: localStatePath(outdir, plan.id, projectDir) });
  }
  return app;
}

describe("synth's self-contained stacks", () => {
  it("are written exactly as a library user's app writes the same stacks, for every edge and a named stack", () => {
    const config = parseConfig(CONFIG);
    const projectDir = tempDir();
    const ours = join(projectDir, "out-synth");
    const theirs = join(projectDir, "out-library");
    synthApp(config, { outdir: ours, projectDir });
    libraryApp(config, theirs, projectDir).synth();
    const [a, b] = [stackTexts(ours), stackTexts(theirs)];
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBe(7);
    for (const [id, text] of a) expect(text, id).toBe(b.get(id));
  });

  it("resolve each resource once, where a library user's stack resolves it once more to look for cross-stack references", () => {
    const config = parseConfig({ domains: threeRegionConfig().domains });
    const resolved = vi.spyOn(DnsRecord.prototype, "toTerraform");
    synthApp(config, { outdir: join(tempDir(), "out"), projectDir: tempDir() });
    expect(resolved).toHaveBeenCalledTimes(3);
    resolved.mockClear();
    libraryApp(config, join(tempDir(), "out"), tempDir()).synth();
    expect(resolved).toHaveBeenCalledTimes(6);
  });
});
