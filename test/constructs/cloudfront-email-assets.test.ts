import { beforeAll, describe, expect, it } from "vitest";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudFrontEmailAssets } from "../../src/constructs/cloudfront-email-assets";
import { CLOUDFRONT_VARIANT_ADDRESSES, CLOUDFRONT_VARIANTS, STACK_ADDRESSES, ZONE_B } from "../support/fixtures";
import { plansOf } from "../support/plans";
import { resource, resourceAddresses, type StackJson, synthConfig, useScratchApps } from "../support/synth";

const scratchApp = useScratchApps();

const variants = Object.values(CLOUDFRONT_VARIANTS);
const STACK_IDS = [...Object.keys(CLOUDFRONT_VARIANTS), "new-example-net"];
let stacks: Record<string, StackJson>;
beforeAll(() => {
  stacks = synthConfig({
    domains: [
      ...variants,
      { ...CLOUDFRONT_VARIANTS["emails-example-com"], domain: "new.example.net", cloudfront: { dns: "cloudflare", cloudflareZoneId: ZONE_B } },
    ],
  });
});
const distributionOf = (stack: StackJson) => resource(stack, "aws_cloudfront_distribution", "distribution") as Record<string, any>;

describe("CloudFront stacks pass the public policy checks (shared/reference/cloudfront-policy-checks.md)", () => {
  it("synthesizes every variant", () => {
    expect(Object.keys(stacks).sort()).toEqual([...STACK_IDS].sort());
  });

  it.each(STACK_IDS)("%s", (id) => {
    const stack = stacks[id];
    const distribution = distributionOf(stack);
    // CKV_AWS_34 / AVD-AWS-0012: never allow-all.
    expect(distribution.default_cache_behavior.viewer_protocol_policy).toBe("redirect-to-https");
    expect(distribution.ordered_cache_behavior).toBeUndefined();
    // CKV_AWS_174: a custom certificate and TLS 1.2+ policy.
    expect(distribution.viewer_certificate.cloudfront_default_certificate).not.toBe(true);
    expect(distribution.viewer_certificate.minimum_protocol_version).toMatch(/^TLSv1\.(2|3)_\d{4}$/);
    // CKV2_AWS_42: custom certificate.
    expect(distribution.viewer_certificate.acm_certificate_arn).toBeTruthy();
    // CKV2_AWS_54 / CKV2_AWS_72: origin HTTPS only, no SSLv3.
    for (const origin of distribution.origin) {
      expect(origin.custom_origin_config.origin_protocol_policy).toBe("https-only");
      expect(origin.custom_origin_config.origin_ssl_protocols).not.toContain("SSLv3");
    }
    // CKV_AWS_216: enabled.
    expect(distribution.enabled).toBe(true);
    // A cache policy and forwarded_values must not be combined.
    expect(distribution.default_cache_behavior.forwarded_values).toBeUndefined();
    // CKV_AWS_233: a created certificate is replaced before it is destroyed.
    const certificate = stack.resource?.aws_acm_certificate?.certificate as Record<string, any> | undefined;
    if (certificate) expect(certificate.lifecycle).toEqual({ create_before_destroy: true });
  });
});

describe("CloudFrontEmailAssets", () => {
  it("creates the certificate and its validation through the us-east-1 provider", () => {
    const stack = stacks["emails-example-com"];
    expect(resourceAddresses(stack)).toEqual(CLOUDFRONT_VARIANT_ADDRESSES["emails-example-com"]);
    expect(stack.provider?.aws).toEqual([{ region: "us-east-1" }, { alias: "us_east_1", region: "us-east-1" }]);
    expect(resource(stack, "aws_acm_certificate", "certificate").provider).toBe("aws.us_east_1");
    expect(resource(stack, "aws_acm_certificate_validation", "certificate_validation")).toMatchObject({
      provider: "aws.us_east_1",
      certificate_arn: "${aws_acm_certificate.certificate.arn}",
      validation_record_fqdns: ["${aws_route53_record.validation_record.fqdn}"],
    });
    expect(distributionOf(stack).viewer_certificate.acm_certificate_arn).toBe(
      "${aws_acm_certificate_validation.certificate_validation.certificate_arn}",
    );
  });

  it("uses an existing certificate as given, with no us-east-1 provider and no validation", () => {
    const stack = stacks["emails-example-eu"];
    expect(stack.provider?.aws).toEqual([{ region: "us-east-1" }]);
    expect(resourceAddresses(stack)).toEqual(CLOUDFRONT_VARIANT_ADDRESSES["emails-example-eu"]);
    expect(Object.keys(stack.output ?? {})).not.toContain("acm_validation_record_name");
  });

  it("validates a new certificate through Cloudflare DNS with a DNS-only record, trailing dots trimmed", () => {
    const stack = stacks["new-example-net"];
    expect(resourceAddresses(stack)).toEqual(STACK_ADDRESSES.cloudfrontCloudflareValidation);
    expect(resource(stack, "cloudflare_dns_record", "validation_record")).toMatchObject({
      zone_id: ZONE_B,
      name: '${trimsuffix(tolist(aws_acm_certificate.certificate.domain_validation_options).0.resource_record_name, ".")}',
      content: '${trimsuffix(tolist(aws_acm_certificate.certificate.domain_validation_options).0.resource_record_value, ".")}',
      type: "${tolist(aws_acm_certificate.certificate.domain_validation_options).0.resource_record_type}",
      proxied: false,
      ttl: 1,
    });
    expect(resource(stack, "cloudflare_dns_record", "cname")).toMatchObject({ name: "new.example.net", proxied: false });
    expect(resource(stack, "aws_acm_certificate_validation", "certificate_validation").validation_record_fqdns).toEqual([
      "${cloudflare_dns_record.validation_record.name}",
    ]);
  });

  it("creates no DNS record for external DNS and outputs what to create", () => {
    const stack = stacks["news-example-com-au"];
    expect(resourceAddresses(stack)).toEqual(CLOUDFRONT_VARIANT_ADDRESSES["news-example-com-au"]);
    expect(stack.output?.dns_record_value?.value).toBe("${aws_cloudfront_distribution.distribution.domain_name}");
    expect(stack.output?.acm_validation_record_value?.value).toBe(
      "${tolist(aws_acm_certificate.certificate.domain_validation_options).0.resource_record_value}",
    );
  });

  it("leaves optional settings out when they are not asked for", () => {
    const distribution = distributionOf(stacks["news-example-com-au"]);
    expect(distribution.web_acl_id).toBeUndefined();
    expect(distribution.logging_config).toBeUndefined();
    expect(distribution.tags).toBeUndefined();
    expect(distribution.price_class).toBe("PriceClass_All");
  });

  it("fails when asked to create a certificate through a provider outside us-east-1", () => {
    const stack = new TerraformStack(scratchApp(), "direct");
    const provider = new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const props = { domain: "emails.example.com", intercomHost: "acme.intercom-mail.com" };
    expect(() => new CloudFrontEmailAssets(stack, "cf", { ...props, certificate: { kind: "new", provider } })).toThrow(
      'certificate.provider: must be an AWS provider whose region is set to us-east-1, where CloudFront reads certificates (not left to AWS_REGION); received "eu-west-1"',
    );
  });

  it("fails when given a certificate from another region", () => {
    const stack = new TerraformStack(scratchApp(), "direct");
    const arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    expect(() => new CloudFrontEmailAssets(stack, "cf", { domain: "emails.example.com", intercomHost: "acme.intercom-mail.com", certificate: { kind: "existing", arn } })).toThrow(
      /certificate\.arn: is in eu-west-1, but CloudFront only uses ACM certificates from us-east-1.*; received "arn:aws:acm:eu-west-1:/,
    );
  });
});

describe("resolvePlans for the cloudfront edge", () => {
  it("plans an A (alias) record for Route 53 and a CNAME otherwise, with the distribution as value", () => {
    const plans = plansOf({ domains: variants });
    expect(plans.map((p) => [p.stackId, p.dnsRecord])).toEqual([
      ["emails-example-com", { name: "emails.example.com", type: "A" }],
      ["emails-example-eu", { name: "emails.example.eu", type: "CNAME" }],
      ["news-example-com-au", { name: "news.example.com.au", type: "CNAME" }],
    ]);
    expect(plans[0]).toMatchObject({
      edge: "cloudfront",
      cloudfront: {
        domain: "emails.example.com",
        intercomHost: "acme.intercom-mail.com",
        comment: "Intercom email assets for emails.example.com",
        dns: { kind: "route53", zoneId: "Z0123456789ABCDEFGHIJ" },
      },
    });
  });
});
