/** Placeholder zone ids for tests: 32 hex digits each. */
export const ZONE_A = "0123456789abcdef0123456789abcdef";
export const ZONE_B = "fedcba9876543210fedcba9876543210";

/** A valid Cloudflare domain entry; `overrides` replace top-level keys. */
/** A CloudFront domain of workspace acme (us) with the given cloudfront block and extra domain keys. */
export function cloudfrontDomain(domain: string, block: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { domain, workspace: "acme", region: "us", edge: "cloudfront", cloudfront: block, ...extra };
}

export function cloudflareDomain(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    domain: "emails.example.com",
    workspace: "acme",
    region: "us",
    edge: "cloudflare",
    cloudflare: { zoneId: ZONE_A },
    ...overrides,
  };
}

/** A proxy domain of workspace acme (us) on nginx at 203.0.113.10; `proxy` and `extra` add to its proxy block and its keys. */
export function proxyDomain(domain: string, proxy: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    domain,
    workspace: "acme",
    region: "us",
    edge: "proxy",
    proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10", ...proxy },
    ...extra,
  };
}

/** A config with one valid Cloudflare domain per region, each in its own zone or sharing one. */
export function threeRegionConfig(): { domains: Record<string, unknown>[] } {
  return {
    domains: [
      cloudflareDomain({ domain: "emails.example.com", workspace: "acme", region: "us" }),
      cloudflareDomain({ domain: "emails.example.eu", workspace: "acme-eu", region: "eu", cloudflare: { zoneId: ZONE_B } }),
      cloudflareDomain({ domain: "news.example.com", workspace: "acme-au", region: "au" }),
    ],
  };
}

export const EXISTING_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

/** The CloudFront variants the Terraform tests plan, by stack id. */
export const CLOUDFRONT_VARIANTS = {
  "emails-example-com": {
    domain: "emails.example.com",
    workspace: "acme",
    region: "us",
    edge: "cloudfront",
    cloudfront: {
      dns: "route53",
      route53ZoneId: "/hostedzone/Z0123456789ABCDEFGHIJ",
      priceClass: "PriceClass_100",
      minimumProtocolVersion: "TLSv1.2_2019",
      webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/email-assets/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      logging: { bucket: "acme-cf-logs", prefix: "email-assets/" },
      tags: { team: "messaging", "cost-center": "42" },
    },
  },
  "emails-example-eu": {
    domain: "emails.example.eu",
    workspace: "acme-eu",
    region: "eu",
    edge: "cloudfront",
    cloudfront: { certificateArn: EXISTING_CERTIFICATE_ARN, dns: "cloudflare", cloudflareZoneId: ZONE_B },
  },
  "news-example-com-au": {
    domain: "news.example.com.au",
    workspace: "acme-au",
    region: "au",
    edge: "cloudfront",
    cloudfront: { minimumProtocolVersion: "TLSv1.2_2018" },
  },
} as const satisfies Record<string, Record<string, unknown>>;

/**
 * The Terraform addresses each CloudFront variant creates, pinned once: the construct tests check
 * them on the synthesized JSON and the Terraform tests on the real plan (renaming one replaces
 * real infrastructure).
 */
export const CLOUDFRONT_VARIANT_ADDRESSES: Readonly<Record<keyof typeof CLOUDFRONT_VARIANTS, readonly string[]>> = {
  "emails-example-com": [
    "aws_acm_certificate.certificate",
    "aws_acm_certificate_validation.certificate_validation",
    "aws_cloudfront_distribution.distribution",
    "aws_route53_record.alias_a",
    "aws_route53_record.alias_aaaa",
    "aws_route53_record.validation_record",
  ],
  "emails-example-eu": ["aws_cloudfront_distribution.distribution", "cloudflare_dns_record.cname"],
  "news-example-com-au": [
    "aws_acm_certificate.certificate",
    "aws_acm_certificate_validation.certificate_validation",
    "aws_cloudfront_distribution.distribution",
  ],
};

/**
 * The Terraform addresses of the other stack shapes, pinned once like the CloudFront ones: the
 * construct tests, the app tests, the Terraform plans and the README check all read them.
 */
export const STACK_ADDRESSES = {
  cloudflarePageRules: ["cloudflare_dns_record.cname", "cloudflare_page_rule.always_https", "cloudflare_page_rule.host_header"],
  /** The stack of a zone's first rulesets/worker domain, which holds the zone's entry-point rulesets. */
  cloudflareRulesetsHolder: ["cloudflare_dns_record.cname", "cloudflare_ruleset.config_rules", "cloudflare_ruleset.origin_rules", "cloudflare_ruleset.redirect_rules"],
  cloudflareWorker: ["cloudflare_dns_record.cname", "cloudflare_workers_route.worker_route", "cloudflare_workers_script.worker"],
  cloudflareZoneSsl: ["cloudflare_dns_record.cname", "cloudflare_page_rule.always_https", "cloudflare_page_rule.host_header", "cloudflare_zone_setting.zone_ssl"],
  proxyRoute53: ["aws_route53_record.address_a", "aws_route53_record.address_aaaa"],
  proxyCloudflareIpv4: ["cloudflare_dns_record.address_a"],
  cloudfrontCloudflareValidation: [
    "aws_acm_certificate.certificate",
    "aws_acm_certificate_validation.certificate_validation",
    "aws_cloudfront_distribution.distribution",
    "cloudflare_dns_record.cname",
    "cloudflare_dns_record.validation_record",
  ],
} as const satisfies Record<string, readonly string[]>;

/** Every Terraform address any stack of this project can hold. */
export const ALL_ADDRESSES: readonly string[] = [...new Set([...Object.values(STACK_ADDRESSES), ...Object.values(CLOUDFRONT_VARIANT_ADDRESSES)].flat())].sort();
