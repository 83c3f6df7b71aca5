import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import { parseConfig } from "../../src/config/rules/validate-config";
import { resolveStacks } from "../../src/plan/resolve-plan";
import { EmailAssetsStack } from "../../src/stacks/email-assets-stack";
import { cloudfrontDomain, ZONE_B } from "../support/fixtures";
import { tempDir, writeFile } from "../support/project";
import type { StackJson } from "../support/synth";
import { AWS_PROVIDER_VERSION, initPlan, terraform, writeCliConfig } from "../support/terraform";

// terraform.providers reaches every stack's required_providers, and real Terraform reads it there:
// a constraint that admits the mirror's 5.100.0 plans offline, one that does not ("~> 6.0") finds
// no version here. Plans stay on 5.100.0, the one provider this machine holds (README, Provider versions).

const scratch = tempDir("email-assets-provider-versions-");
afterAll(scratch.cleanup);

const ROUTE53 = { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" };
const DOMAINS = [
  cloudfrontDomain("emails.example.com", ROUTE53),
  cloudfrontDomain("emails.example.eu", { dns: "cloudflare", cloudflareZoneId: ZONE_B }),
  cloudfrontDomain("a.example.org", ROUTE53, { stack: "fleet" }),
  cloudfrontDomain("b.example.org", {}, { stack: "fleet" }),
];

/** Each stack's JSON, written to `<dir>/<stack id>/main.tf.json` as well (with the AWS providers' skip flags, to plan offline). */
function synth(providers: Record<string, string> | undefined, dir: string): Record<string, StackJson> {
  const { specs, terraform: settings } = parseConfig({ ...(providers && { terraform: { providers } }), domains: DOMAINS });
  mkdirSync(dir, { recursive: true });
  const app = Testing.app({ outdir: join(dir, "out") });
  const stacks = resolveStacks(specs, settings).map((plan) => new EmailAssetsStack(app, plan, { localStatePath: "terraform.tfstate", awsSkipChecks: true }));
  return Object.fromEntries(
    stacks.map((stack) => {
      const json = Testing.synth(stack);
      writeFile(join(dir, stack.node.id), "main.tf.json", json);
      return [stack.node.id, JSON.parse(json) as StackJson];
    }),
  );
}

const required = (stack: StackJson) => stack.terraform?.required_providers as Record<string, { version?: string }>;

describe("terraform.providers in the stacks' required_providers", { timeout: 180_000 }, () => {
  it("requires the tested versions by default, in every stack", () => {
    const stacks = synth(undefined, join(scratch.dir, "default"));
    expect(Object.keys(stacks).sort()).toEqual(["emails-example-com", "emails-example-eu", "fleet"]);
    expect(Object.values(stacks).map((stack) => required(stack).aws.version)).toEqual([AWS_PROVIDER_VERSION, AWS_PROVIDER_VERSION, AWS_PROVIDER_VERSION]);
    expect(required(stacks["emails-example-eu"]).cloudflare.version).toBe("5.14.0");
  });

  it('writes "~> 6.0" into every stack, and Terraform reads it: the mirror\'s 5.100.0 does not match', () => {
    const dir = join(scratch.dir, "aws6");
    const stacks = synth({ aws: " ~> 6.0 ", cloudflare: "~> 5.14.0" }, dir);
    for (const stack of Object.values(stacks)) expect(required(stack).aws).toEqual({ source: "aws", version: "~> 6.0" });
    expect(required(stacks["emails-example-eu"]).cloudflare.version).toBe("~> 5.14.0");
    const init = terraform(["init", "-input=false", "-backend=false"], join(dir, "emails-example-com"), writeCliConfig(join(dir, "cli")));
    expect(init.status).not.toBe(0);
    expect(init.output).toContain("no available releases match the given constraints ~> 6.0");
  });

  it('plans a stack whose constraint admits the mirror\'s 5.100.0 (">= 5.100.0, < 7.0.0"), and Terraform locks 5.100.0 under it', () => {
    const dir = join(scratch.dir, "range");
    synth({ aws: ">= 5.100.0, < 7.0.0" }, dir);
    const stackDir = join(dir, "emails-example-com");
    const plan = initPlan(stackDir, writeCliConfig(join(dir, "cli")));
    expect(plan.resources["aws_cloudfront_distribution.distribution"]?.actions).toEqual(["create"]);
    const lock = readFileSync(join(stackDir, ".terraform.lock.hcl"), "utf8");
    expect(lock).toContain(`version     = "${AWS_PROVIDER_VERSION}"`);
    expect(lock).toContain('constraints = ">= 5.100.0, < 7.0.0"');
  });
});
