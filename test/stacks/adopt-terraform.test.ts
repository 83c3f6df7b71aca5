import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/rules/validate-config";
import { synthApp } from "../../src/stacks/synth-app";
import { localStateFile } from "../../src/config/names/state-names";
import { ADOPT_CONFIG, ADOPTED_CERTIFICATE, ADOPTED_DISTRIBUTION, ROUTE53_ZONE } from "../support/terraform-test-configs";
import { tempDir } from "../support/project";
import { AWS_PROVIDER, findTerraform, stackDir, stripCloudflare, terraform, writeCliConfig } from "../support/terraform";

// Real Terraform on adopted CloudFront stacks, offline against the AWS provider mirror: the
// import blocks pass `terraform validate` (in the stack, and in a parent of module mode), and the
// first plan after the import, on a state that holds what a hand-made setup looks like, replaces
// nothing.

// The config comes from support/terraform-test-configs, which the CDK Terrain run compares byte for byte.
const R53 = ROUTE53_ZONE;
const DISTRIBUTION = ADOPTED_DISTRIBUTION;
const ARN = ADOPTED_CERTIFICATE;
const ROUTE53_ID = "emails-example-org";
const CLOUDFLARE_ID = "emails-example-eu";

const { dir: project, cleanup } = tempDir("email-assets-adopt-tf-");
const outdir = join(project, "cdktf.out");
let cliConfig = "";
const warnings: string[] = [];
afterAll(() => cleanup());

beforeAll(() => {
  const config = parseConfig(ADOPT_CONFIG);
  synthApp(config, { outdir, projectDir: project, awsSkipChecks: true, modules: true, warn: (message) => warnings.push(message) });
  cliConfig = writeCliConfig(project);
});

type Import = { to: string; id: string; provider?: string };
const stackFile = (id: string) => join(stackDir(outdir, id), "cdk.tf.json");
const stackJson = (id: string) => JSON.parse(readFileSync(stackFile(id), "utf8")) as { import?: Import[]; resource: Record<string, Record<string, Record<string, any>>> };

function run(args: string[], dir: string): string {
  const result = terraform(args, dir, cliConfig);
  expect(result.status, `terraform ${args.join(" ")}:\n${result.output}`).toBe(0);
  return result.output;
}

/** `terraform plan -refresh=false` on the state in place: the actions per address, or Terraform's error. */
function planActions(dir: string): { actions?: Record<string, string[]>; error?: string } {
  const result = terraform(["plan", "-refresh=false", "-input=false", "-out=plan.bin"], dir, cliConfig);
  if (result.status !== 0) return { error: result.output };
  const show = execFileSync(findTerraform(), ["show", "-json", "plan.bin"], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1" } });
  const plan = JSON.parse(show) as { resource_changes: { address: string; change: { actions: string[] } }[] };
  return { actions: Object.fromEntries(plan.resource_changes.map((change) => [change.address, change.change.actions])) };
}

const AWS = `provider["${AWS_PROVIDER}"]`;
/** A resource in a state file, with the attributes a hand-made object has (the provider fills in the rest as null). */
const stateResource = (type: string, name: string, attributes: Record<string, unknown>, provider = AWS, schemaVersion = 0) => ({
  mode: "managed",
  type,
  name,
  provider,
  instances: [{ schema_version: schemaVersion, attributes }],
});
const aliasRecord = (type: "A" | "AAAA") =>
  stateResource(
    "aws_route53_record",
    `alias_${type.toLowerCase()}`,
    { id: `${R53}_emails.example.org_${type}`, zone_id: R53, name: "emails.example.org", type, fqdn: "emails.example.org", alias: [{ name: "d111111abcdef8.cloudfront.net", zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: true }] },
    AWS,
    2,
  );

/**
 * What the import leaves in state for a setup made by hand in the console: a wildcard certificate
 * with its own names, key and validation method; a distribution with another origin id, caching,
 * the viewer's headers and plain HTTP; alias records that evaluate target health.
 */
function handMadeState(overrides: { staging?: boolean } = {}): string {
  const state = {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "7f3c0d6e-2b1a-4c5d-8e9f-0a1b2c3d4e5f",
    outputs: {},
    resources: [
      stateResource(
        "aws_acm_certificate",
        "certificate",
        {
          id: ARN,
          arn: ARN,
          domain_name: "*.example.org",
          subject_alternative_names: ["*.example.org", "example.org"],
          validation_method: "EMAIL",
          key_algorithm: "EC_prime256v1",
          status: "ISSUED",
          type: "AMAZON_ISSUED",
          tags: {},
          tags_all: {},
          domain_validation_options: [{ domain_name: "*.example.org", resource_record_name: "_x.example.org.", resource_record_type: "CNAME", resource_record_value: "_y.acm-validations.aws." }],
        },
        `${AWS}.us_east_1`,
      ),
      stateResource(
        "aws_cloudfront_distribution",
        "distribution",
        {
          id: DISTRIBUTION,
          arn: `arn:aws:cloudfront::123456789012:distribution/${DISTRIBUTION}`,
          enabled: true,
          aliases: ["emails.example.org"],
          comment: "made by hand",
          domain_name: "d111111abcdef8.cloudfront.net",
          etag: "E1",
          hosted_zone_id: "Z2FDTNDATAQYW2",
          http_version: "http2",
          is_ipv6_enabled: false,
          price_class: "PriceClass_All",
          retain_on_delete: false,
          wait_for_deployment: true,
          staging: overrides.staging ?? false,
          tags: {},
          tags_all: {},
          origin: [
            {
              origin_id: "intercom-mail",
              domain_name: "acme.intercom-mail.com",
              connection_attempts: 3,
              connection_timeout: 10,
              origin_path: "",
              custom_origin_config: [{ http_port: 80, https_port: 443, origin_protocol_policy: "match-viewer", origin_ssl_protocols: ["TLSv1.2"], origin_keepalive_timeout: 5, origin_read_timeout: 30 }],
            },
          ],
          default_cache_behavior: [
            {
              target_origin_id: "intercom-mail",
              viewer_protocol_policy: "allow-all",
              allowed_methods: ["GET", "HEAD"],
              cached_methods: ["GET", "HEAD"],
              compress: false,
              min_ttl: 0,
              default_ttl: 86400,
              max_ttl: 31536000,
              forwarded_values: [{ query_string: true, headers: ["*"], cookies: [{ forward: "all" }] }],
            },
          ],
          restrictions: [{ geo_restriction: [{ restriction_type: "none", locations: [] }] }],
          viewer_certificate: [{ acm_certificate_arn: ARN, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1", cloudfront_default_certificate: false, iam_certificate_id: "" }],
        },
        AWS,
        1,
      ),
      aliasRecord("A"),
      aliasRecord("AAAA"),
    ],
  };
  return JSON.stringify(state, null, 2);
}

describe("adopted CloudFront stacks through real Terraform", { timeout: 180_000 }, () => {
  it("terraform validate passes with the import blocks of a Route 53 stack that adopts its distribution, certificate and alias records", () => {
    expect(stackJson(ROUTE53_ID).import?.map((block) => `${block.to} ${block.id}`)).toEqual([
      `aws_acm_certificate.certificate ${ARN}`,
      `aws_cloudfront_distribution.distribution ${DISTRIBUTION}`,
      `aws_route53_record.alias_a ${R53}_emails.example.org_A`,
      `aws_route53_record.alias_aaaa ${R53}_emails.example.org_AAAA`,
    ]);
    run(["init", "-input=false"], stackDir(outdir, ROUTE53_ID));
    expect(run(["validate"], stackDir(outdir, ROUTE53_ID))).toContain("The configuration is valid.");
  });

  it("terraform validate passes with the AWS imports of a Cloudflare-DNS stack (its Cloudflare parts removed: no provider binary here)", () => {
    const file = stackFile(CLOUDFLARE_ID);
    const removed = stripCloudflare(file);
    expect([...removed].sort()).toEqual(["cloudflare_dns_record.cname", "cloudflare_dns_record.validation_record"]);
    const stack = stackJson(CLOUDFLARE_ID);
    // The validation waits on the Cloudflare validation record, which went with the Cloudflare parts.
    delete stack.resource.aws_acm_certificate_validation.certificate_validation.validation_record_fqdns;
    writeFileSync(file, JSON.stringify({ ...stack, import: (stack.import ?? []).filter((block) => !removed.includes(block.to)) }));
    expect(stackJson(CLOUDFLARE_ID).import?.map((block) => block.to)).toEqual(["aws_acm_certificate.certificate", "aws_cloudfront_distribution.distribution"]);
    run(["init", "-input=false"], stackDir(outdir, CLOUDFLARE_ID));
    expect(run(["validate"], stackDir(outdir, CLOUDFLARE_ID))).toContain("The configuration is valid.");
  });

  it("the first plan after the import replaces nothing, though the live certificate is a wildcard with other names, key and validation", () => {
    const dir = stackDir(outdir, ROUTE53_ID);
    writeFileSync(join(project, localStateFile(ROUTE53_ID)), handMadeState());
    const { actions, error } = planActions(dir);
    expect(error).toBeUndefined();
    expect(actions).toEqual({
      "aws_acm_certificate.certificate": ["update"],
      "aws_acm_certificate_validation.certificate_validation": ["create"],
      "aws_cloudfront_distribution.distribution": ["update"],
      "aws_route53_record.alias_a": ["update"],
      "aws_route53_record.alias_aaaa": ["update"],
      "aws_route53_record.validation_record": ["create"],
    });
  });

  it("without the adopted certificate's ignore_changes, the same plan would replace it (what the lifecycle prevents)", () => {
    const dir = join(project, "control");
    mkdirSync(dir, { recursive: true });
    // The stack as synthesized, its state beside it (no backend), the certificate created as a new one is.
    const { terraform: settings, ...stack } = stackJson(ROUTE53_ID) as ReturnType<typeof stackJson> & { terraform: { required_providers: unknown } };
    stack.resource.aws_acm_certificate.certificate.lifecycle = { create_before_destroy: true };
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ ...stack, terraform: { required_providers: settings.required_providers } }));
    writeFileSync(join(dir, "terraform.tfstate"), handMadeState());
    run(["init", "-input=false"], dir);
    const { actions } = planActions(dir);
    expect(actions?.["aws_acm_certificate.certificate"]).toEqual(["create", "delete"]);
  });

  it("fails the plan, rather than replacing it, when the adopted distribution is a staging one (staging forces a new distribution)", () => {
    const dir = stackDir(outdir, ROUTE53_ID);
    writeFileSync(join(project, localStateFile(ROUTE53_ID)), handMadeState({ staging: true }));
    const { error } = planActions(dir);
    expect(error).toContain("Instance cannot be destroyed");
    expect(error).toContain("aws_cloudfront_distribution.distribution");
  });

  it("module mode: a parent with the import blocks synth printed passes terraform validate", () => {
    const printed = warnings.filter((line) => line.startsWith(`modules/${ROUTE53_ID}:`)).map((line) => /with to = module\.<name>\.(\S+) and id = "([^"]+)"$/.exec(line));
    expect(printed.map((match) => match?.[1])).toEqual(["aws_acm_certificate.certificate", "aws_cloudfront_distribution.distribution", "aws_route53_record.alias_a", "aws_route53_record.alias_aaaa"]);
    const dir = join(project, "parent");
    mkdirSync(dir, { recursive: true });
    const skip = "  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n";
    const imports = printed.map((match) => `import {\n  to = module.email_assets.${match?.[1]}\n  id = "${match?.[2]}"\n}\n`).join("");
    writeFileSync(
      join(dir, "main.tf"),
      `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "5.100.0" }\n  }\n}\n` +
        `provider "aws" {\n  region = "us-east-1"\n${skip}}\n` +
        `provider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n${skip}}\n` +
        `module "email_assets" {\n  source = "../cdktf.out/modules/${ROUTE53_ID}"\n  providers = {\n    aws           = aws\n    aws.us_east_1 = aws.us_east_1\n  }\n}\n` +
        imports,
    );
    run(["init", "-input=false"], dir);
    expect(run(["validate"], dir)).toContain("The configuration is valid.");
  });
});
