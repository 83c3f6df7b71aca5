import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_VERSIONS } from "../../src/facts/provider-versions";
import { extractAwsProviderSchema, loadExtractedAwsSchema, reducedSchema, type AwsProviderSchema } from "../support/aws-provider-schemas";
import { awsSchemaViolations, type AwsStackJson } from "../support/aws-schema-violations";
import { CLOUDFRONT_VARIANTS, EXISTING_CERTIFICATE_ARN, ZONE_B, cloudfrontDomain } from "../support/fixtures";
import { tempDir } from "../support/project";
import { formatViolation, type SchemaViolation } from "../support/schema-violation";
import { synthConfig, type StackJson } from "../support/synth";
import { AWS_PROVIDER_VERSION } from "../support/terraform";

// Every aws_* resource of the CloudFront stacks (and of a proxy's Route 53 records), and every AWS
// provider configuration, checked against the AWS provider's own schema: 5.100.0's read from the
// provider binary of the filesystem mirror, and those of the 6.x versions the range admits extracted
// from their generated bindings (test/support/fixtures/aws-provider-<version>-schema.json).

const cloudfront = cloudfrontDomain;

/** The CloudFront variants of the Terraform tests, plus the shapes they leave out. */
const CONFIGS: Record<string, { domains: Record<string, unknown>[] }> = {
  "the CloudFront variants (route53 with WAF, logging and tags; existing certificate with Cloudflare DNS; external DNS)": {
    domains: Object.values(CLOUDFRONT_VARIANTS),
  },
  "Cloudflare DNS with a new certificate, validated in Cloudflare": {
    domains: [cloudfront("emails.example.eu", { dns: "cloudflare", cloudflareZoneId: ZONE_B })],
  },
  "external DNS with an existing certificate": {
    domains: [cloudfront("emails.example.com", { certificateArn: EXISTING_CERTIFICATE_ARN })],
  },
  "a named stack of every CloudFront shape": {
    domains: [
      cloudfront("a.example.com", { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" }, { stack: "fleet" }),
      cloudfront("b.example.com", { certificateArn: EXISTING_CERTIFICATE_ARN, dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" }, { stack: "fleet" }),
      cloudfront("c.example.eu", { dns: "cloudflare", cloudflareZoneId: ZONE_B }, { stack: "fleet" }),
      cloudfront("d.example.com", {}, { stack: "fleet" }),
    ],
  },
  "route53 DNS, the distribution, the certificate and both alias records adopted": {
    domains: [cloudfront("emails.example.org", { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" }, { adopt: { distribution: "E2QWRUHAPOMQZL", certificate: EXISTING_CERTIFICATE_ARN, route53Records: true } })],
  },
  "a named stack with an adopted distribution and alias A record": {
    domains: [
      cloudfront("a.example.com", { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" }, { stack: "fleet", adopt: { distribution: "E2QWRUHAPOMQZL", route53Records: ["A"] } }),
      cloudfront("b.example.com", { certificateArn: EXISTING_CERTIFICATE_ARN }, { stack: "fleet", adopt: { distribution: "E3ABCDEFGHIJKL" } }),
    ],
  },
  "a proxy's Route 53 records, adopted": {
    domains: [
      {
        domain: "proxy.example.com",
        workspace: "acme",
        region: "au",
        edge: "proxy",
        proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", dns: "route53", route53ZoneId: "Z0123ABC", ipv4: "203.0.113.10", ipv6: "2001:db8::10" },
        adopt: { route53Records: true },
      },
    ],
  },
  "a proxy's Route 53 records": {
    domains: [
      {
        domain: "proxy.example.com",
        workspace: "acme",
        region: "au",
        edge: "proxy",
        proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", dns: "route53", route53ZoneId: "Z0123ABC", ipv4: "203.0.113.10", ipv6: "2001:db8::10" },
      },
    ],
  },
};

const scratch = tempDir("email-assets-aws-schema-");
afterAll(scratch.cleanup);
let schemas: AwsProviderSchema;
let stacks: Record<string, Record<string, StackJson>>;
/** The versions checked from extracts: every one the facts name but the binary's. */
const EXTRACTED = PROVIDER_VERSIONS.aws.schemasChecked.filter((version) => version !== AWS_PROVIDER_VERSION);
const SCHEMAS: Record<string, () => AwsProviderSchema> = {
  [AWS_PROVIDER_VERSION]: () => schemas,
  ...Object.fromEntries(EXTRACTED.map((version) => [version, () => loadExtractedAwsSchema(version)])),
};

beforeAll(() => {
  // `terraform init` and the schema dump take a few seconds, longer on a busy machine.
  schemas = extractAwsProviderSchema(join(scratch.dir, "aws-schema"));
  stacks = Object.fromEntries(Object.entries(CONFIGS).map(([name, config]) => [name, synthConfig(config)]));
}, 120_000);

describe.each(Object.keys(SCHEMAS))("every aws_* resource the project emits conforms to the AWS provider %s's schema", (version) => {
  it.each(Object.keys(CONFIGS))("%s", (name) => {
    const synthesized = stacks[name];
    expect(Object.keys(synthesized).length).toBeGreaterThan(0);
    const schema = SCHEMAS[version]();
    expect(schema.version).toBe(version);
    for (const [id, stack] of Object.entries(synthesized)) {
      const violations = awsSchemaViolations(stack, schema).map(formatViolation);
      expect({ stack: id, violations }).toEqual({ stack: id, violations: [] });
    }
  });
});

describe("the AWS schemas checked against", () => {
  it("span the range a constraint may choose from: its lowest version, and the first and newest 6.x bound", () => {
    const { checkedFrom, checkedBelow, tested } = PROVIDER_VERSIONS.aws;
    expect(Object.keys(SCHEMAS)).toEqual([checkedFrom, "6.0.0", "6.66.0"]);
    expect(tested).toBe(AWS_PROVIDER_VERSION);
    expect(checkedBelow).toBe("7.0.0");
  });

  it("are extracted faithfully: the extract of 5.100.0 says what the provider binary says, within what a binding can say", () => {
    const extract = loadExtractedAwsSchema(AWS_PROVIDER_VERSION);
    expect(reducedSchema(extract.provider.block)).toEqual(reducedSchema(schemas.provider.block));
    const types = Object.keys(extract.resource_schemas).sort();
    expect(types).toEqual(["aws_acm_certificate", "aws_acm_certificate_validation", "aws_cloudfront_distribution", "aws_route53_record"]);
    for (const type of types) {
      const binary = reducedSchema(schemas.resource_schemas[type].block) as { blocks: Record<string, { block: { blocks: Record<string, { min_items: number }> } }> };
      // The one fact a binding cannot carry: an origin group takes two members (min_items 2), where the binding says "at least one".
      if (type === "aws_cloudfront_distribution") binary.blocks.origin_group.block.blocks.member.min_items = 1;
      expect({ type, schema: reducedSchema(extract.resource_schemas[type].block) }).toEqual({ type, schema: binary });
    }
  });

  it("fails when the check finds a setting a 6.x provider lacks: an argument the provider configuration does not take", () => {
    const stack = route53Variant();
    (stack.provider.aws as Record<string, unknown>[])[0].endpoints = [{ opsworks: "http://localhost" }];
    const found = awsSchemaViolations(stack, loadExtractedAwsSchema("6.0.0")).map(({ address, path, kind }) => ({ address, path, kind }));
    expect(found).toEqual([{ address: "provider.aws[0]", path: "endpoints[0].opsworks", kind: "unknown-attribute" }]);
    expect(awsSchemaViolations(stack, schemas)).toEqual([]);
  });

  it("covers the imports of every adoptable aws_* resource", () => {
    const imports = (config: string) => Object.values(stacks[config]).flatMap((stack) => (stack as AwsStackJson).import ?? []);
    expect(imports("route53 DNS, the distribution, the certificate and both alias records adopted").map((block) => `${block.to} ${block.id}`)).toEqual([
      `aws_acm_certificate.certificate ${EXISTING_CERTIFICATE_ARN}`,
      "aws_cloudfront_distribution.distribution E2QWRUHAPOMQZL",
      "aws_route53_record.alias_a Z0123456789ABCDEFGHIJ_emails.example.org_A",
      "aws_route53_record.alias_aaaa Z0123456789ABCDEFGHIJ_emails.example.org_AAAA",
    ]);
    expect(imports("a proxy's Route 53 records, adopted").map((block) => `${block.to} ${block.id}`)).toEqual([
      "aws_route53_record.address_a Z0123ABC_proxy.example.com_A",
      "aws_route53_record.address_aaaa Z0123ABC_proxy.example.com_AAAA",
    ]);
  });

  it("reads the schema of the provider version every stack requires", () => {
    const required = Object.values(stacks).flatMap((byId) => Object.values(byId).map((stack) => (stack.terraform?.required_providers as Record<string, { version?: string }> | undefined)?.aws?.version));
    expect(new Set(required)).toEqual(new Set([PROVIDER_VERSIONS.aws.tested]));
  });

  it("covers every aws_* resource type the project creates", () => {
    const types = new Set(
      Object.values(stacks).flatMap((byId) => Object.values(byId).flatMap((stack) => Object.keys(stack.resource ?? {}).filter((type) => type.startsWith("aws_")))),
    );
    expect([...types].sort()).toEqual(["aws_acm_certificate", "aws_acm_certificate_validation", "aws_cloudfront_distribution", "aws_route53_record"]);
  });
});

/** A deep copy of the route53 variant (new certificate, WAF, logging, tags), to plant an error in. */
function route53Variant(): any {
  return structuredClone(stacks[Object.keys(CONFIGS)[0]]["emails-example-com"]);
}

/** A deep copy of the adopted route53 stack, to plant an error in. */
function adoptedVariant(): any {
  return structuredClone(stacks["route53 DNS, the distribution, the certificate and both alias records adopted"]["emails-example-org"]);
}

/** The checker's findings for a planted error: exactly one, of this kind, at this place. */
function expectOnly(stack: StackJson, address: string, path: string, kind: SchemaViolation["kind"]): void {
  const found = awsSchemaViolations(stack, schemas);
  expect(found.map(({ address, path, kind }) => ({ address, path, kind })), found.map(formatViolation).join("\n")).toEqual([{ address, path, kind }]);
}

const DISTRIBUTION = "aws_cloudfront_distribution.distribution";

describe("the AWS schema check", () => {
  it("fails when a resource has an attribute the provider does not know", () => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distribution.distribution.alias = ["emails.example.com"];
    expectOnly(stack, DISTRIBUTION, "alias", "unknown-attribute");
  });

  it("fails when a nested block has an attribute the provider does not know", () => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distribution.distribution.default_cache_behavior.forwarded_headers = ["Host"];
    expectOnly(stack, DISTRIBUTION, "default_cache_behavior.forwarded_headers", "unknown-attribute");
  });

  it("fails when a computed-only attribute is set", () => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distribution.distribution.domain_name = "d111111abcdef8.cloudfront.net";
    expectOnly(stack, DISTRIBUTION, "domain_name", "computed-only");
  });

  it("fails when a required attribute is missing", () => {
    const stack = route53Variant();
    delete stack.resource.aws_cloudfront_distribution.distribution.enabled;
    expectOnly(stack, DISTRIBUTION, "enabled", "required-missing");
  });

  it("fails when a required attribute of a nested block is missing", () => {
    const stack = route53Variant();
    delete stack.resource.aws_cloudfront_distribution.distribution.origin[0].domain_name;
    expectOnly(stack, DISTRIBUTION, "origin[0].domain_name", "required-missing");
  });

  it("fails when a required block is missing", () => {
    const stack = route53Variant();
    delete stack.resource.aws_cloudfront_distribution.distribution.viewer_certificate;
    expectOnly(stack, DISTRIBUTION, "viewer_certificate", "required-missing");
  });

  it.each([
    ["a string where a boolean goes", "is_ipv6_enabled", "true", "is_ipv6_enabled"],
    ["a string where a set goes", "aliases", "emails.example.com", "aliases"],
    ["a number in a map of strings", "tags", { team: 42 }, "tags.team"],
    ["a number in a set of strings", "aliases", [42], "aliases[0]"],
  ] as const)("fails when a value has the wrong type: %s", (_case, attribute, value, path) => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distribution.distribution[attribute] = value;
    expectOnly(stack, DISTRIBUTION, path, "wrong-type");
  });

  it("fails when a value in a nested block has the wrong type", () => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distribution.distribution.origin[0].custom_origin_config.https_port = "443";
    expectOnly(stack, DISTRIBUTION, "origin[0].custom_origin_config.https_port", "wrong-type");
    const record = route53Variant();
    record.resource.aws_route53_record.alias_a.alias.evaluate_target_health = "false";
    expectOnly(record, "aws_route53_record.alias_a", "alias.evaluate_target_health", "wrong-type");
  });

  it("fails when a block is not an object", () => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distribution.distribution.restrictions = "none";
    expectOnly(stack, DISTRIBUTION, "restrictions", "wrong-type");
  });

  it("takes a Terraform expression for any type, a block included", () => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distribution.distribution.is_ipv6_enabled = "${var.ipv6}";
    stack.resource.aws_cloudfront_distribution.distribution.aliases = "${var.aliases}";
    stack.resource.aws_cloudfront_distribution.distribution.restrictions = "${local.restrictions}";
    expect(awsSchemaViolations(stack, schemas)).toEqual([]);
  });

  it("fails when a block occurs more often than max_items allows", () => {
    const stack = route53Variant();
    const distribution = stack.resource.aws_cloudfront_distribution.distribution;
    distribution.viewer_certificate = [distribution.viewer_certificate, distribution.viewer_certificate];
    expectOnly(stack, DISTRIBUTION, "viewer_certificate", "block-count");
  });

  it("fails when a block occurs less often than min_items requires", () => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distribution.distribution.origin = [];
    expectOnly(stack, DISTRIBUTION, "origin", "block-count");
  });

  it("fails when an adopted certificate does not ignore an attribute that forces a new certificate", () => {
    const stack = adoptedVariant();
    const lifecycle = stack.resource.aws_acm_certificate.certificate.lifecycle as { ignore_changes: string[] };
    lifecycle.ignore_changes = lifecycle.ignore_changes.filter((attribute) => attribute !== "domain_name");
    expectOnly(stack, "aws_acm_certificate.certificate", "domain_name", "import-replaces");
  });

  it("fails when a Route 53 record's import id names another name than the configuration", () => {
    const stack = adoptedVariant();
    (stack.import as { to: string; id: string }[]).find((block) => block.to === "aws_route53_record.alias_a")!.id = "Z0123456789ABCDEFGHIJ_www.example.org_A";
    expectOnly(stack, "aws_route53_record.alias_a", "name", "import-replaces");
  });

  it("fails when an import names a resource the stack does not declare, and takes ignore_changes = all", () => {
    const stack = adoptedVariant();
    (stack.import as { to: string; id: string }[]).push({ to: "aws_route53_record.alias_mx", id: "Z0123456789ABCDEFGHIJ_emails.example.org_MX" });
    expectOnly(stack, "aws_route53_record.alias_mx", "", "import-target-missing");
    const ignoring = adoptedVariant();
    ignoring.resource.aws_acm_certificate.certificate.lifecycle = { ignore_changes: "all" };
    expect(awsSchemaViolations(ignoring, schemas)).toEqual([]);
  });

  it("fails when a resource type is not in the provider's schema", () => {
    const stack = route53Variant();
    stack.resource.aws_cloudfront_distributions = { distribution: stack.resource.aws_cloudfront_distribution.distribution };
    expectOnly(stack, "aws_cloudfront_distributions.distribution", "", "unknown-resource-type");
  });
});
