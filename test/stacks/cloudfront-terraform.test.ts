import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { APP_JS, cleanEnv, runNode, tempDir, writeFile } from "../support/project";
import { initPlan, stackDir, stripCloudflare, writeCliConfig, type PlanResult } from "../support/terraform";
import { DEFAULTS } from "../../src/config/shapes/defaults";
import { CLOUDFRONT_VARIANT_ADDRESSES, CLOUDFRONT_VARIANTS, EXISTING_CERTIFICATE_ARN } from "../support/fixtures";
import { CLOUDFRONT_VARIANTS_CONFIG } from "../support/terraform-test-configs";

// Real Terraform: the app synthesizes the CloudFront variants, then `terraform init`, `validate`
// and `plan` run on each, offline, against the AWS provider mirror on this machine. The config is
// one of support/terraform-test-configs, which the CDK Terrain run compares byte for byte; the
// engine CLI's own plan (`cdktf diff`) is tested in app.test.ts, which runs on both engines.

const { dir: project, cleanup } = tempDir("email-assets-tf-");
let cliConfig = "";
const plans: Record<string, PlanResult> = {};
const outdir = join(project, "cdktf.out");
let cloudflareDnsStack: Record<string, any> = {};
let strippedFromCloudflareDnsStack: string[] = [];

beforeAll(() => {
  writeFile(project, "email-assets.yaml", stringify(CLOUDFRONT_VARIANTS_CONFIG));
  const run = runNode(APP_JS, [], project, cleanEnv({ EMAIL_ASSETS_AWS_SKIP_CHECKS: "1" }));
  expect(run.status, run.stderr).toBe(0);
  cliConfig = writeCliConfig(project);
  const file = join(stackDir(outdir, "emails-example-eu"), "cdk.tf.json");
  cloudflareDnsStack = JSON.parse(readFileSync(file, "utf8"));
  strippedFromCloudflareDnsStack = stripCloudflare(file);
});
afterAll(() => cleanup());

function plan(id: string): PlanResult {
  plans[id] ??= initPlan(stackDir(outdir, id), cliConfig);
  return plans[id];
}

function distribution(id: string): Record<string, any> {
  const planned = plan(id).resources["aws_cloudfront_distribution.distribution"];
  expect(planned?.actions).toEqual(["create"]);
  return planned.after;
}

// The first test of each stack runs terraform init and plan (which validates first; 5-15 s alone, more on a busy machine).
describe("terraform plan of a CloudFront stack", { timeout: 180_000 }, () => {
  const ids = [
    ["emails-example-com", "acme.intercom-mail.com"],
    ["emails-example-eu", "acme-eu.intercom-mail.eu"],
    ["news-example-com-au", "acme-au.au.intercom-mail.com"],
  ] as const;

  it.each(ids)("%s: the origin is the Intercom host, HTTPS only, TLS 1.2", (id, host) => {
    const after = distribution(id);
    expect(after.enabled).toBe(true);
    expect(after.origin).toHaveLength(1);
    expect(after.origin[0]).toMatchObject({
      domain_name: host,
      origin_id: "intercom",
      custom_origin_config: [{ http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] }],
    });
  });

  it.each(ids)("%s: caching disabled, all viewer headers but Host, HTTP redirected, all methods", (id) => {
    const behavior = distribution(id).default_cache_behavior[0];
    expect(behavior).toMatchObject({
      target_origin_id: "intercom",
      viewer_protocol_policy: "redirect-to-https",
      cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      origin_request_policy_id: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      forwarded_values: [],
    });
    expect([...behavior.allowed_methods].sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
  });

  it.each(ids)("%s: alias = the custom domain, SNI certificate, IPv6, HTTP/2 and HTTP/3", (id) => {
    const after = distribution(id);
    const domain = CLOUDFRONT_VARIANTS[id].domain;
    expect(after.aliases).toEqual([domain]);
    expect(after.is_ipv6_enabled).toBe(true);
    expect(after.http_version).toBe("http2and3");
    expect(after.comment).toBe(`Intercom email assets for ${domain}`);
    expect(after.viewer_certificate[0]).toMatchObject({
      ssl_support_method: "sni-only",
      minimum_protocol_version: (CLOUDFRONT_VARIANTS[id].cloudfront as { minimumProtocolVersion?: string }).minimumProtocolVersion ?? DEFAULTS.cloudfront.minimumProtocolVersion,
    });
    expect(after.viewer_certificate[0].cloudfront_default_certificate).not.toBe(true);
  });

  it("new certificate with Route 53: certificate, validation record, validation, alias A and AAAA", () => {
    const { resources, outputs } = plan("emails-example-com");
    expect(Object.keys(resources).sort()).toEqual(CLOUDFRONT_VARIANT_ADDRESSES["emails-example-com"]);
    expect(resources["aws_acm_certificate.certificate"]?.after).toMatchObject({
      domain_name: "emails.example.com",
      validation_method: "DNS",
      tags: { team: "messaging", "cost-center": "42" },
    });
    for (const [address, type] of [["aws_route53_record.alias_a", "A"], ["aws_route53_record.alias_aaaa", "AAAA"]]) {
      expect(resources[address]?.after).toMatchObject({
        zone_id: "Z0123456789ABCDEFGHIJ",
        name: "emails.example.com",
        type,
        alias: [{ zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: false }],
      });
    }
    expect(resources["aws_route53_record.validation_record"]?.after).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ", ttl: 300, allow_overwrite: true });
    // The distribution waits for the validated certificate: its ARN is unknown until then.
    expect(resources["aws_cloudfront_distribution.distribution"]?.afterUnknown.viewer_certificate).toEqual([{ acm_certificate_arn: true }]);
    const after = distribution("emails-example-com");
    expect(after).toMatchObject({
      price_class: "PriceClass_100",
      web_acl_id: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/email-assets/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      logging_config: [{ bucket: "acme-cf-logs.s3.amazonaws.com", prefix: "email-assets/", include_cookies: false }],
      tags: { team: "messaging", "cost-center": "42" },
    });
    expect(outputs.custom_domain?.after).toBe("emails.example.com");
    expect(outputs.dns_record_type?.after).toBe("A");
    expect(outputs.dns_record_value?.after_unknown).toBe(true);
  });

  it("existing certificate with Cloudflare DNS (AWS part planned; Cloudflare records checked at JSON level, no Cloudflare provider binary here)", () => {
    const json = cloudflareDnsStack;
    expect(json.resource.cloudflare_dns_record.cname).toMatchObject({
      zone_id: "fedcba9876543210fedcba9876543210",
      name: "emails.example.eu",
      type: "CNAME",
      content: "${aws_cloudfront_distribution.distribution.domain_name}",
      proxied: false,
      ttl: 1,
    });
    expect(Object.keys(json.resource).sort()).toEqual(["aws_cloudfront_distribution", "cloudflare_dns_record"]);
    expect(json.provider.cloudflare).toEqual([{}]);
    expect(strippedFromCloudflareDnsStack).toEqual(["cloudflare_dns_record.cname"]);

    const { resources, outputs } = plan("emails-example-eu");
    // The Cloudflare part is stripped before planning: no Cloudflare provider binary here.
    expect(Object.keys(resources)).toEqual(CLOUDFRONT_VARIANT_ADDRESSES["emails-example-eu"].filter((address) => address.startsWith("aws_")));
    expect(distribution("emails-example-eu").viewer_certificate[0].acm_certificate_arn).toBe(EXISTING_CERTIFICATE_ARN);
    expect(outputs.acm_certificate_arn?.after).toBe(EXISTING_CERTIFICATE_ARN);
    expect(outputs.acm_validation_record_name).toBeUndefined();
  });

  it("external DNS: nothing but the certificate and distribution; the records to create are outputs", () => {
    const { resources, outputs } = plan("news-example-com-au");
    expect(Object.keys(resources).sort()).toEqual(CLOUDFRONT_VARIANT_ADDRESSES["news-example-com-au"]);
    expect(resources["aws_acm_certificate_validation.certificate_validation"]?.after.validation_record_fqdns).toBeNull();
    expect(outputs.dns_record_name?.after).toBe("news.example.com.au");
    expect(outputs.dns_record_type?.after).toBe("CNAME");
    for (const name of ["dns_record_value", "acm_validation_record_name", "acm_validation_record_type", "acm_validation_record_value", "cloudfront_distribution_domain_name"]) {
      expect(outputs[name]?.after_unknown, name).toBe(true);
    }
  });

  /** A copy of a planned stack with `breakIt` applied to its JSON, run through init and plan. */
  function planBroken(name: string, breakIt: (json: Record<string, any>) => void, from = "news-example-com-au"): () => PlanResult {
    const broken = join(project, name);
    cpSync(stackDir(outdir, from), broken, { recursive: true, filter: (src) => !src.includes(".terraform") && !src.endsWith("plan.bin") });
    const file = join(broken, "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    breakIt(json);
    json.terraform.backend.local.path = "terraform.tfstate";
    writeFileSync(file, JSON.stringify(json));
    return () => initPlan(broken, cliConfig);
  }

  it("fails when the viewer TLS policy is one the pinned provider rejects (why the spec refuses TLSv1.2_2025)", () => {
    // The existing-certificate variant: its ARN is known at plan, so the provider checks the policy.
    const run = planBroken("broken-tls", (json) => {
      json.resource.aws_cloudfront_distribution.distribution.viewer_certificate.minimum_protocol_version = "TLSv1.2_2025";
    }, "emails-example-eu");
    expect(run).toThrow(/expected minimum_protocol_version to be one of \[[^\]]*\], got TLSv1\.2_2025/);
  });

  it("fails when a deliberately broken variant is planned: viewer protocol policy outside the provider's enum", () => {
    const run = planBroken("broken-policy", (json) => {
      json.resource.aws_cloudfront_distribution.distribution.default_cache_behavior.viewer_protocol_policy = "https-please";
    });
    expect(run).toThrow(/expected viewer_protocol_policy to be one of \[[^\]]*\], got https-please/);
  });

  it("fails when a deliberately broken variant is planned: the distribution has no origin", () => {
    const run = planBroken("broken-origin", (json) => {
      delete json.resource.aws_cloudfront_distribution.distribution.origin;
    });
    expect(run).toThrow(/terraform plan failed[\s\S]*Insufficient origin blocks/);
  });

  it("keeps the skip flags out of the user-facing output unless $EMAIL_ASSETS_AWS_SKIP_CHECKS asks for them", () => {
    const plain = join(project, "plain");
    const run = runNode(APP_JS, [], project, cleanEnv({ CDKTF_OUTDIR: plain }));
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(plain, "stacks", "news-example-com-au", "cdk.tf.json"), "utf8"));
    for (const provider of json.provider.aws) {
      expect(Object.keys(provider).sort()).toEqual(provider.alias ? ["alias", "region"] : ["region"]);
    }
    const asked = JSON.parse(readFileSync(join(stackDir(outdir, "news-example-com-au"), "cdk.tf.json"), "utf8"));
    for (const provider of asked.provider.aws) {
      expect(provider).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: "true" });
    }
  });
});
