import { describe, expect, it } from "vitest";
import { stackToModule } from "../../src/stacks/module-json";

// stackToModule on hand-written stack JSON: what a module keeps, drops and adds, for the shapes
// cdktf writes (a provider type as a list of configurations) and the ones it may not (a single
// configuration object, requirements that are not objects, odd import blocks).

const AWS_REQUIREMENT = { source: "aws", version: "6.0.0" };
const CLOUDFLARE_REQUIREMENT = { source: "cloudflare/cloudflare", version: "5.14.0" };

describe("stackToModule", () => {
  it("drops providers, backend, cloud and cdktf's metadata, and keeps resources, data, outputs and other terraform settings", () => {
    const { module, imports } = stackToModule({
      "//": { metadata: { stackName: "emails-example-com" } },
      provider: { aws: [{ region: "us-east-1" }] },
      terraform: { backend: { local: { path: "x" } }, cloud: { organization: "o" }, required_version: ">= 1.5", required_providers: { aws: AWS_REQUIREMENT } },
      resource: { aws_route53_record: { r: { name: "x" } } },
      data: { aws_caller_identity: { me: {} } },
      output: { o: { value: "v" } },
    });
    expect(module).toEqual({
      terraform: { required_version: ">= 1.5", required_providers: { aws: { source: "aws", version: ">= 6.0.0, < 7.0.0" } } },
      resource: { aws_route53_record: { r: { name: "x" } } },
      data: { aws_caller_identity: { me: {} } },
      output: { o: { value: "v" } },
    });
    expect(imports).toEqual([]);
  });

  it("declares every aliased provider configuration as a configuration alias, from a list or a single object", () => {
    const { module } = stackToModule({
      provider: {
        aws: [{ region: "us-east-1" }, { alias: "us_east_1", region: "us-east-1" }, { alias: "eu", region: "eu-west-1" }],
        cloudflare: { alias: "other" },
      },
      terraform: { required_providers: { aws: AWS_REQUIREMENT, cloudflare: CLOUDFLARE_REQUIREMENT } },
    });
    expect(module.terraform).toEqual({
      required_providers: {
        aws: { source: "aws", version: ">= 6.0.0, < 7.0.0", configuration_aliases: ["aws.us_east_1", "aws.eu"] },
        cloudflare: { source: "cloudflare/cloudflare", version: ">= 5.14.0, < 5.15.0", configuration_aliases: ["cloudflare.other"] },
      },
    });
  });

  it.each([
    ["aws", "a version range", ">= 5.0", ">= 5.0"],
    ["aws", "a pre-release", "6.0.0-beta1", "6.0.0-beta1"],
    ["aws", "a pessimistic constraint", "~> 6.0", "~> 6.0"],
    ["aws", "the tested version, to the end of the checked range", "5.100.0", ">= 5.100.0, < 7.0.0"],
    ["aws", "a 6.x version, to the end of the checked range", "6.20.0", ">= 6.20.0, < 7.0.0"],
    ["cloudflare", "the tested version, to the end of the checked range", "5.14.0", ">= 5.14.0, < 5.15.0"],
    ["aws", "a version outside the checked range, to its major version", "10.2.3", ">= 10.2.3, < 11.0.0"],
    ["random", "a version of a provider without a checked range, to its major version", "3.6.0", ">= 3.6.0, < 4.0.0"],
  ])("widens only an exact version pin (%s: %s)", (provider, _name, pinned, widened) => {
    const { module } = stackToModule({ terraform: { required_providers: { [provider]: { source: provider, version: pinned } } } });
    expect(module.terraform).toEqual({ required_providers: { [provider]: { source: provider, version: widened } } });
  });

  it("keeps requirements that are not objects, and those without a version, as they are", () => {
    const { module } = stackToModule({
      provider: { aws: [{ alias: "east" }], random: [null, "text", { alias: 7 }] },
      terraform: { required_providers: { aws: "~> 6.0", random: { source: "hashicorp/random" } } },
    });
    expect(module.terraform).toEqual({ required_providers: { aws: "~> 6.0", random: { source: "hashicorp/random" } } });
  });

  it.each([
    ["no terraform block", {}],
    ["a terraform block that is not an object", { terraform: ["x"] }],
    ["required_providers that are not an object", { terraform: { required_providers: ["aws"] } }],
    ["providers that are not an object", { provider: [{ alias: "x" }], terraform: { required_providers: "aws" } }],
  ])("writes an empty required_providers for %s", (_name, stack) => {
    expect(stackToModule(stack).module).toEqual({ terraform: { required_providers: {} } });
  });

  it("returns the import blocks apart, each as { to, id }, and leaves out malformed ones", () => {
    const { module, imports } = stackToModule({
      import: [
        { to: "cloudflare_ruleset.origin_rules", id: "zones/z/1", provider: "cloudflare" },
        { to: "cloudflare_ruleset.redirect_rules" },
        { id: "zones/z/3" },
        { to: 7, id: "zones/z/4" },
        null,
        "import",
        { to: "cloudflare_ruleset.config_rules", id: "zones/z/2" },
      ],
    });
    expect(imports).toEqual([
      { to: "cloudflare_ruleset.origin_rules", id: "zones/z/1" },
      { to: "cloudflare_ruleset.config_rules", id: "zones/z/2" },
    ]);
    expect(module).not.toHaveProperty("import");
  });

  it("returns no imports when the import blocks are not a list", () => {
    const { module, imports } = stackToModule({ import: { to: "cloudflare_ruleset.origin_rules", id: "zones/z/1" } });
    expect(imports).toEqual([]);
    expect(module).toEqual({ terraform: { required_providers: {} } });
  });
});
