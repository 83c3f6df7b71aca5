import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CLI_JS, cleanEnv, PROJECT_DIR, runNode, tempDir, writeFile } from "./support/project";
import { initPlan, writeCliConfig } from "./support/terraform";
import { CLOUDFRONT_VARIANT_ADDRESSES } from "./support/fixtures";

// The README's parent configuration (Running in a pipeline, Module mode), as written, calling a
// module that `email-assets synth --modules` wrote: init and plan (which validates first) with real Terraform,
// offline against the provider mirror.

const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
const { dir, cleanup } = tempDir("email-assets-readme-module-");
afterAll(cleanup);

/** The README's HCL block that calls a module. */
function parentConfiguration(): string {
  const blocks = [...readme.matchAll(/```hcl\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  const found = blocks.filter((block) => block.includes('module "email_assets"'));
  expect(found, "one hcl block in the README calls the module").toHaveLength(1);
  return found[0] ?? "";
}

describe("README: the parent configuration of module mode", () => {
  it("calls a synthesized CloudFront module and passes init and plan", () => {
    const hcl = parentConfiguration();
    const source = /source\s*=\s*"\.\/cdktf\.out\/modules\/([a-z0-9-]+)"/.exec(hcl)?.[1];
    expect(source, "the block's module source is a folder under cdktf.out/modules").toBeDefined();
    // A CloudFront domain whose stack id is the one the README's block names (Terraform can plan AWS
    // offline here; there is no Cloudflare provider binary).
    const domain = (source ?? "").replace(/-/g, ".");
    writeFile(
      dir,
      "email-assets.yaml",
      stringify({ domains: [{ domain, workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" } }] }),
    );
    const synth = runNode(CLI_JS, ["synth", "--modules"], dir, cleanEnv());
    expect(synth.status, synth.stderr).toBe(0);

    writeFile(dir, "main.tf", hcl);
    // The README's providers would check the credentials; offline, an override file (merged by
    // Terraform into the blocks as written) turns the checks off, and changes nothing else.
    const offline = "skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true";
    writeFile(dir, "offline_override.tf", `provider "aws" {\n  ${offline}\n}\n\nprovider "aws" {\n  alias = "us_east_1"\n  ${offline}\n}\n`);
    const plan = initPlan(dir, writeCliConfig(join(dir, ".tf")));
    const addresses = Object.keys(plan.resources).sort();
    expect(addresses).toEqual(CLOUDFRONT_VARIANT_ADDRESSES["emails-example-com"].map((address) => `module.email_assets.${address}`));
    expect(plan.resources["module.email_assets.aws_acm_certificate.certificate"]?.providerName).toBe("registry.terraform.io/hashicorp/aws");
    expect(Object.keys(plan.outputs)).toEqual(["email_assets_dns_record"]);
  }, 180_000);
});
