import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Testing, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { EmailAssetsStack } from "../../src/stacks/email-assets-stack";
import { cloudflareDomain, ZONE_A } from "../support/fixtures";
import { stackPlansOf } from "../support/plans";
import { useTempDirs } from "../support/project";
import { useScratchApps } from "../support/synth";

// The logical ids the stack gives to elements other than resources (assets), and to two elements
// that would share an address.

const tempDir = useTempDirs();

describe("EmailAssetsStack's logical ids", () => {
  const scratchApp = useScratchApps();
  const assetFile = () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bundle.js"), "export default {}");
    return join(dir, "bundle.js");
  };
  const stackOf = (config: unknown) => {
    const [plan] = stackPlansOf(config);
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
