import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/rules/validate-config";
import { resolveStacks } from "../../src/plan/resolve-plan";
import { cloudfrontDomain } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

const DOMAINS = [cloudfrontDomain("a.example.com", {})];
const validate = (providers: unknown) => validateConfig({ terraform: { providers }, domains: DOMAINS });
const lines = (providers: unknown) => problemLines({ terraform: { providers }, domains: DOMAINS });

describe("terraform.providers", () => {
  it("is absent from the settings when the config chooses nothing, and each stack plan then carries the tested versions", () => {
    for (const config of [{ domains: DOMAINS }, { terraform: {}, domains: DOMAINS }, { terraform: { providers: {} }, domains: DOMAINS }]) {
      const result = validateConfig(config);
      expect(result.problems).toEqual([]);
      expect(result.terraform).toEqual({ backend: { type: "local" } });
      expect(resolveStacks(result.specs, result.terraform)[0].providers).toEqual({ aws: "5.100.0", cloudflare: "5.14.0" });
    }
  });

  it("keeps each constraint as written, but for surrounding spaces, beside the backend", () => {
    const result = validateConfig({ terraform: { backend: { type: "gcs", bucket: "acme-state" }, providers: { aws: " ~> 6.0 ", cloudflare: "5.14.0" } }, domains: DOMAINS });
    expect(result.problems).toEqual([]);
    expect(result.terraform).toEqual({ backend: { type: "gcs", bucket: "acme-state", prefix: "" }, providers: { aws: "~> 6.0", cloudflare: "5.14.0" } });
    expect(resolveStacks(result.specs, result.terraform)[0].providers).toEqual({ aws: "~> 6.0", cloudflare: "5.14.0" });
    expect(resolveStacks(validate({ cloudflare: "~> 5.14.0" }).specs, validate({ cloudflare: "~> 5.14.0" }).terraform)[0].providers).toEqual({ aws: "5.100.0", cloudflare: "~> 5.14.0" });
  });

  it('fails when a constraint admits versions outside the checked range: "~> 4.0", and an open upper bound', () => {
    expect(lines({ aws: "~> 4.0" })).toEqual([
      'terraform.providers.aws: admits 4.0.0 up to (not including) 5.0.0, outside the AWS provider versions whose schemas this project\'s resources are checked against; use ">= 5.100.0, < 7.0.0" or a narrower constraint inside it, such as "~> 6.0"; received "~> 4.0"',
    ]);
    expect(lines({ aws: ">= 5.100.0", cloudflare: "~> 5.14" })).toEqual([
      'terraform.providers.aws: admits 7.0.0 and later, outside the AWS provider versions whose schemas this project\'s resources are checked against; use ">= 5.100.0, < 7.0.0" or a narrower constraint inside it, such as "~> 6.0"; received ">= 5.100.0"',
      'terraform.providers.cloudflare: admits 5.15.0 up to (not including) 6.0.0, outside the Cloudflare provider versions whose schemas this project\'s resources are checked against; use ">= 5.14.0, < 5.15.0" or a narrower constraint inside it, such as "~> 5.14.0"; received "~> 5.14"',
    ]);
  });

  it("fails when a constraint is not one Terraform reads, or not a string", () => {
    expect(lines({ aws: "6.x", cloudflare: 5.14 })).toEqual([
      "terraform.providers.cloudflare: must be a string; put it in quotes; received 5.14",
      'terraform.providers.aws: must be a Terraform version constraint, such as "~> 6.0" or ">= 5.100.0, < 7.0.0": "6.x" is not a version constraint (an operator =, !=, >, >=, <, <= or ~> and a version such as 6.0 or 5.100.0); received "6.x"',
    ]);
  });

  it("fails when the block is not a mapping, or names a provider it does not know", () => {
    expect(lines("~> 6.0")).toEqual(['terraform.providers: must be a mapping of keys to values; received "~> 6.0"']);
    expect(lines({ aws: "~> 6.0", awss: "~> 6.0", random: "3.6.0" }).map((line) => line.split(";")[0])).toEqual([
      'terraform.providers.awss: unknown key (did you mean "aws"?)',
      "terraform.providers.random: unknown key (known keys: aws, cloudflare)",
    ]);
  });

  it("fails in resolveStacks when settings made by hand hold a constraint the parser would refuse", () => {
    const { specs } = validateConfig({ domains: DOMAINS });
    expect(() => resolveStacks(specs, { backend: { type: "local" }, providers: { aws: ">= 5.0" } })).toThrow(
      /^resolveStacks\(specs, terraform\): terraform\.providers\.aws: admits 5\.0\.0 up to \(not including\) 5\.100\.0 and 7\.0\.0 and later, .*; received ">= 5\.0"$/,
    );
  });
});
