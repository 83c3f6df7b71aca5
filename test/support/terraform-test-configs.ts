import { MAX_DOMAIN_LENGTH } from "../../src/config/fields/domain-name";
import { CLOUDFRONT_VARIANTS, cloudfrontDomain, EXISTING_CERTIFICATE_ARN, ZONE_B } from "./fixtures";

/**
 * The configs the Terraform plan tests (test/stacks/*-terraform.test.ts) synthesize, and the
 * environment they synthesize them in. Those tests take them from here, and the CDK Terrain run's
 * test/engine/engine-parity.test.ts synthesizes each on both engines and compares the bytes: that is
 * what lets the CDK Terrain run leave the plan tests out (the same bytes give Terraform the same
 * input), so a config a plan test plans must be here.
 */
export interface SynthCase {
  readonly config: unknown;
  /** Set for synth, beside a clean environment. */
  readonly env: Readonly<Record<string, string>>;
}

/** What every plan test sets: provider arguments that let Terraform plan offline with fake credentials. */
const SKIP_CHECKS = { EMAIL_ASSETS_AWS_SKIP_CHECKS: "1" } as const;

export const ROUTE53_ZONE = "Z0123456789ABCDEFGHIJ";

// --- test/stacks/cloudfront-terraform.test.ts (and app.test.ts's cdktf diff) -----------------------

export const CLOUDFRONT_VARIANTS_CONFIG = { domains: Object.values(CLOUDFRONT_VARIANTS) };

// --- test/stacks/pipeline-terraform.test.ts ---------------------------------------------------------

/** One CloudFront domain: a new certificate (on the aliased us-east-1 provider) and Route 53 records. */
export const PIPELINE_DOMAIN = { domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: ROUTE53_ZONE } };
export const PIPELINE_DOMAIN_ID = "emails-example-com";

/** A named stack of several CloudFront domains. */
export const PIPELINE_FLEET = {
  defaults: { workspace: "acme", region: "eu", edge: "cloudfront", stack: "fleet", cloudfront: { priceClass: "PriceClass_100" } },
  domains: [
    { domain: "a.example.com", cloudfront: { dns: "route53", route53ZoneId: ROUTE53_ZONE } },
    { domain: "b.example.com", region: "us", cloudfront: { dns: "route53", route53ZoneId: ROUTE53_ZONE } },
    { domain: "c.example.org" },
    { domain: "d.example.net", cloudfront: { certificateArn: EXISTING_CERTIFICATE_ARN } },
  ],
};

/** The remote backends, each with the block its stack must carry. */
export const PIPELINE_BACKENDS = [
  {
    type: "s3",
    backend: { type: "s3", bucket: "acme-terraform-state", region: "eu-west-1", keyPrefix: "email-assets/" },
    block: { backend: { s3: { bucket: "acme-terraform-state", region: "eu-west-1", key: `email-assets/${PIPELINE_DOMAIN_ID}.tfstate`, use_lockfile: true, encrypt: true } } },
  },
  {
    type: "gcs",
    backend: { type: "gcs", bucket: "acme-terraform-state", prefix: "email-assets" },
    block: { backend: { gcs: { bucket: "acme-terraform-state", prefix: `email-assets/${PIPELINE_DOMAIN_ID}` } } },
  },
  {
    type: "azurerm",
    backend: { type: "azurerm", resourceGroupName: "rg-terraform", storageAccountName: "acmeterraformstate", containerName: "tfstate", keyPrefix: "email-assets/" },
    block: {
      backend: { azurerm: { resource_group_name: "rg-terraform", storage_account_name: "acmeterraformstate", container_name: "tfstate", key: `email-assets/${PIPELINE_DOMAIN_ID}.tfstate` } },
    },
  },
  {
    type: "cloud",
    backend: { type: "cloud", organization: "acme", workspacePrefix: "email-assets-" },
    block: { cloud: { organization: "acme", workspaces: { name: `email-assets-${PIPELINE_DOMAIN_ID}` } } },
  },
] as const;

export const pipelinePgConfig = () => ({ terraform: { backend: { type: "pg" } }, domains: [PIPELINE_DOMAIN] });
export const pipelineBackendConfig = (backend: (typeof PIPELINE_BACKENDS)[number]["backend"]) => ({ terraform: { backend }, domains: [{ ...PIPELINE_DOMAIN, cloudfront: {} }] });

// --- test/stacks/adopt-terraform.test.ts ------------------------------------------------------------

export const ADOPTED_DISTRIBUTION = "E2QWRUHAPOMQZL";
export const ADOPTED_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/7d1b3c5e-9f2a-4b6c-8d0e-1f3a5b7c9d0e";

/** A Route 53 stack that adopts its distribution, certificate and alias records, and a Cloudflare-DNS one. */
export const ADOPT_CONFIG = {
  domains: [
    cloudfrontDomain("emails.example.org", { dns: "route53", route53ZoneId: ROUTE53_ZONE }, { adopt: { distribution: ADOPTED_DISTRIBUTION, certificate: ADOPTED_CERTIFICATE, route53Records: true } }),
    cloudfrontDomain("emails.example.eu", { dns: "cloudflare", cloudflareZoneId: ZONE_B }, { adopt: { distribution: "E3ABCDEFGHIJKL", certificate: EXISTING_CERTIFICATE_ARN, validationRecord: "e".repeat(32), dnsRecord: "a".repeat(32) } }),
  ],
};

// --- test/stacks/proxy-terraform.test.ts ------------------------------------------------------------

export const PROXY_ROUTE53_CONFIG = {
  domains: [
    {
      domain: "links.example.com",
      workspace: "acme",
      region: "eu",
      edge: "proxy",
      proxy: {
        server: "nginx",
        certificateFile: "/etc/ssl/links.pem",
        certificateKeyFile: "/etc/ssl/links.key",
        ipv4: "203.0.113.10",
        ipv6: "2001:db8::10",
        dns: "route53",
        route53ZoneId: ROUTE53_ZONE,
      },
    },
  ],
};

/** The longest domain the spec accepts: three 63-character labels and a filler before .example.com. */
export function longestDomain(): string {
  const label = "a".repeat(63);
  const tail = ".example.com";
  const start = `${label}.${label}.${label}`;
  return `${start}.${"b".repeat(MAX_DOMAIN_LENGTH - start.length - tail.length - 1)}${tail}`;
}

export const longestDomainConfig = () => ({
  domains: [
    { domain: longestDomain(), workspace: "acme", region: "us", edge: "proxy", proxy: { server: "nginx", certificateFile: "/etc/ssl/a.pem", certificateKeyFile: "/etc/ssl/a.key", ipv4: "203.0.113.10" } },
  ],
});

// --- all of them, for the engine comparison ---------------------------------------------------------

/** Every config a Terraform plan test synthesizes, by test, with its environment. */
export const TERRAFORM_TEST_CONFIGS: Readonly<Record<string, SynthCase>> = {
  "cloudfront-terraform: the CloudFront variants": { config: CLOUDFRONT_VARIANTS_CONFIG, env: SKIP_CHECKS },
  "cloudfront-terraform: the CloudFront variants without the skip flags": { config: CLOUDFRONT_VARIANTS_CONFIG, env: {} },
  "pipeline-terraform: pg backend": { config: pipelinePgConfig(), env: { ...SKIP_CHECKS, PG_CONN_STR: "postgres://email_assets:not-the-password@127.0.0.1:5432/state?sslmode=disable" } },
  "pipeline-terraform: module mode": { config: { domains: [PIPELINE_DOMAIN] }, env: SKIP_CHECKS },
  "pipeline-terraform: a named stack of several CloudFront domains": { config: PIPELINE_FLEET, env: SKIP_CHECKS },
  "pipeline-terraform: the same domains in stacks of their own": { config: { ...PIPELINE_FLEET, defaults: { ...PIPELINE_FLEET.defaults, stack: undefined } }, env: SKIP_CHECKS },
  ...Object.fromEntries(PIPELINE_BACKENDS.map(({ type, backend }) => [`pipeline-terraform: ${type} backend`, { config: pipelineBackendConfig(backend), env: SKIP_CHECKS }])),
  "adopt-terraform: adopted CloudFront stacks": { config: ADOPT_CONFIG, env: SKIP_CHECKS },
  "proxy-terraform: a proxy stack with Route 53 DNS": { config: PROXY_ROUTE53_CONFIG, env: SKIP_CHECKS },
  "proxy-terraform: the longest domain": { config: longestDomainConfig(), env: {} },
};
