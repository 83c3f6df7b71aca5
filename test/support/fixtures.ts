/** Placeholder zone ids for tests: 32 hex digits each. */
export const ZONE_A = "0123456789abcdef0123456789abcdef";
export const ZONE_B = "fedcba9876543210fedcba9876543210";

/** A valid Cloudflare domain entry; `overrides` replace top-level keys. */
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
