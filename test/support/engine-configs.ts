import { CLOUDFRONT_VARIANTS, cloudflareDomain, threeRegionConfig, ZONE_A, ZONE_B } from "./fixtures";

const ACCOUNT = "fedcba9876543210fedcba9876543210";
const proxy = (server: "apache" | "nginx", extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  server,
  certificateFile: "/etc/ssl/e.pem",
  certificateKeyFile: "/etc/ssl/e.key",
  ipv4: "203.0.113.10",
  ...extra,
});

/**
 * The configs whose synthesized output must not depend on the engine (cdktf or CDK Terrain), by
 * name: every edge, Cloudflare mode, DNS target, stack grouping and state backend.
 * `undefined` is the embedded example (no config file).
 */
export const ENGINE_PARITY_CONFIGS: Readonly<Record<string, unknown>> = {
  "embedded-example": undefined,
  "three-regions": threeRegionConfig(),
  "cloudfront-variants": { domains: Object.values(CLOUDFRONT_VARIANTS) },
  "cloudflare-modes": {
    domains: [
      cloudflareDomain({ domain: "pages.example.com" }),
      cloudflareDomain({ domain: "rules.example.com", cloudflare: { zoneId: ZONE_A, mode: "rulesets", existingRulesets: { http_request_origin: "a".repeat(32) } } }),
      cloudflareDomain({ domain: "worker.example.com", region: "eu", workspace: "acme-eu", cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ACCOUNT } }),
      cloudflareDomain({ domain: "more-rules.example.com", region: "au", cloudflare: { zoneId: ZONE_A, mode: "rulesets", sslScope: "zone" } }),
      cloudflareDomain({ domain: "other.example.org", cloudflare: { zoneId: ZONE_B, mode: "rulesets" } }),
    ],
  },
  proxies: {
    domains: [
      { domain: "links.example.net", workspace: "acme", region: "us", edge: "proxy", proxy: proxy("nginx", { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ", ipv6: "2001:db8::10" }) },
      { domain: "cf.example.com", workspace: "acme", region: "eu", edge: "proxy", proxy: proxy("apache", { dns: "cloudflare", cloudflareZoneId: ZONE_B }) },
    ],
  },
  "named-stacks-s3": {
    terraform: { backend: { type: "s3", bucket: "acme-state", region: "eu-west-1", keyPrefix: "email-assets/" } },
    defaults: { stack: "mail", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A } },
    domains: [{ domain: "a.example.com" }, { domain: "b.example.com" }, { domain: "c.example.com", stack: "other" }, { domain: "d.example.com", stack: null }],
  },
  "fleet-pg": {
    terraform: { backend: { type: "pg", schemaPrefix: "mail_" } },
    domains: [...Object.values(CLOUDFRONT_VARIANTS).map((variant) => ({ ...variant, stack: "cloudfront" })), cloudflareDomain({ domain: "pages.example.com" })],
  },
  "cloud-workspaces": {
    terraform: { backend: { type: "cloud", organization: "acme", workspacePrefix: "email-assets-" } },
    domains: threeRegionConfig().domains,
  },
  "gcs-backend": {
    terraform: { backend: { type: "gcs", bucket: "acme-state", prefix: "email-assets/" } },
    domains: [CLOUDFRONT_VARIANTS["news-example-com-au"], cloudflareDomain({ domain: "pages.example.com" })],
  },
  "azurerm-backend": {
    terraform: { backend: { type: "azurerm", resourceGroupName: "state", storageAccountName: "acmestate", containerName: "tfstate", keyPrefix: "email-assets/" } },
    defaults: { stack: "mail" },
    domains: threeRegionConfig().domains,
  },
  "partial-backend": {
    terraform: { backend: { type: "none", partial: "gcs" } },
    domains: threeRegionConfig().domains,
  },
};
