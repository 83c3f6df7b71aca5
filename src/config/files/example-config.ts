import type { EmailAssetsConfigInput } from "../shapes/config-input";

/**
 * The embedded example, synthesized when no config file is found. Every id is an obvious
 * placeholder: replace them (in your own email-assets.yaml) before deploying anything.
 */
export const EXAMPLE_CONFIG: EmailAssetsConfigInput = {
  domains: [
    {
      domain: "emails.example.com",
      workspace: "your-workspace",
      region: "us",
      edge: "cloudflare",
      cloudflare: { zoneId: "00000000000000000000000000000001" },
    },
    {
      domain: "news.example.com",
      workspace: "your-workspace",
      region: "us",
      edge: "cloudflare",
      cloudflare: { zoneId: "00000000000000000000000000000001" },
    },
    {
      domain: "emails.example.org",
      workspace: "your-eu-workspace",
      region: "eu",
      edge: "cloudfront",
      cloudfront: { dns: "route53", route53ZoneId: "Z00000000000000EXAMPLE" },
    },
    {
      domain: "links.example.net",
      workspace: "your-workspace",
      region: "us",
      edge: "proxy",
      proxy: {
        server: "nginx",
        certificateFile: "/etc/letsencrypt/live/links.example.net/fullchain.pem",
        certificateKeyFile: "/etc/letsencrypt/live/links.example.net/privkey.pem",
        // 203.0.113.0/24 is reserved for documentation: replace it with the proxy's address.
        ipv4: "203.0.113.10",
      },
    },
  ],
};
