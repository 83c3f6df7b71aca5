/**
 * Cloudflare facts this project relies on, each in one place (provider 5.14.0 via
 * @cdktf/provider-cloudflare 13.9.1). Pure data: every layer may read it.
 */

/** Cloudflare's "automatic" TTL; a proxied record must use it, any other value perma-diffs. */
export const AUTOMATIC_TTL = 1;

/** The zone entry-point ruleset phases this project writes rules into. */
export const RULESET_PHASES = ["http_request_dynamic_redirect", "http_request_origin", "http_config_settings"] as const;
export type RulesetPhase = (typeof RULESET_PHASES)[number];

export const CLOUDFLARE_MODES = ["page-rules", "rulesets", "worker"] as const;
/** How the Cloudflare edge does the guide's work: page rules, modern Rules, or a Worker. */
export type CloudflareMode = (typeof CLOUDFLARE_MODES)[number];

/**
 * The entry-point phases each mode writes rules into. `rulesets` redirects, routes and configures;
 * `worker` only configures (the Worker redirects and routes); page rules use no ruleset.
 */
export const PHASES_BY_MODE: Readonly<Record<CloudflareMode, readonly RulesetPhase[]>> = {
  "page-rules": [],
  rulesets: ["http_request_dynamic_redirect", "http_request_origin", "http_config_settings"],
  worker: ["http_config_settings"],
};

/** Page rules one domain uses in page-rules mode: Always Use HTTPS, and Host Header Override. */
export const PAGE_RULES_PER_DOMAIN = 2;
/** Cloudflare includes at most this many page rules per zone, on the Enterprise plan. */
export const ENTERPRISE_PAGE_RULES_PER_ZONE = 125;

/** Zone, account and ruleset ids: 32 lower-case hex digits. */
export const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;
/** Cloudflare's limit on a Worker script's name. */
export const WORKER_SCRIPT_NAME_MAX_LENGTH = 63;

/**
 * The addresses Cloudflare answers proxied hostnames from (its published IPv4 and IPv6 ranges): a
 * proxied record resolves into these, and a record that is not proxied does not.
 */
export const CLOUDFLARE_IP_RANGES: readonly string[] = [
  "173.245.48.0/20",
  "103.21.244.0/22",
  "103.22.200.0/22",
  "103.31.4.0/22",
  "141.101.64.0/18",
  "108.162.192.0/18",
  "190.93.240.0/20",
  "188.114.96.0/20",
  "197.234.240.0/22",
  "198.41.128.0/17",
  "162.158.0.0/15",
  "104.16.0.0/13",
  "104.24.0.0/14",
  "172.64.0.0/13",
  "131.0.72.0/22",
  "2400:cb00::/32",
  "2606:4700::/32",
  "2803:f800::/32",
  "2405:b500::/32",
  "2405:8100::/32",
  "2a06:98c0::/29",
  "2c0f:f248::/32",
];

/**
 * The CAA issuer domains of the CAs that Cloudflare's Universal SSL certificates come from (Let's
 * Encrypt, Google Trust Services, SSL.com, Sectigo); a CAA record set must allow one of them.
 */
export const CLOUDFLARE_UNIVERSAL_SSL_CAA: readonly string[] = ["letsencrypt.org", "pki.goog", "ssl.com", "sectigo.com", "comodoca.com"];
