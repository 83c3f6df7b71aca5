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
