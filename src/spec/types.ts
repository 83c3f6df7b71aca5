import type { Region } from "../intercom/regions";

export type { Region } from "../intercom/regions";

export const EDGES = ["cloudflare", "cloudfront", "proxy"] as const;
/** Which of the guide's three ways serves the custom domain. */
export type Edge = (typeof EDGES)[number];

export const CLOUDFLARE_MODES = ["page-rules", "rulesets", "worker"] as const;
export type CloudflareMode = (typeof CLOUDFLARE_MODES)[number];

/** The zone entry-point ruleset phases the `rulesets` and `worker` modes write rules into. */
export const RULESET_PHASES = ["http_request_dynamic_redirect", "http_request_origin", "http_config_settings"] as const;
export type RulesetPhase = (typeof RULESET_PHASES)[number];

export const SSL_SCOPES = ["host", "zone"] as const;
/**
 * Where SSL "Full" is set: `host` scopes it to the custom domain through its page rule;
 * `zone` sets the zone-wide SSL/TLS mode, which changes every host of the zone.
 */
export type SslScope = (typeof SSL_SCOPES)[number];

export const DNS_CHOICES = ["external", "route53", "cloudflare"] as const;
/** Who holds the custom domain's DNS for the CloudFront and proxy edges. */
export type DnsChoice = (typeof DNS_CHOICES)[number];

export const PROXY_SERVERS = ["apache", "nginx"] as const;
export type ProxyServer = (typeof PROXY_SERVERS)[number];

/** The `cloudflare` block, normalized. */
export interface CloudflareSettings {
  /** Zone that holds the custom domain: 32 lower-case hex digits. */
  readonly zoneId: string;
  /** @default "page-rules" */
  readonly mode: CloudflareMode;
  /** Account that owns the Worker (needed by `worker` mode only). */
  readonly accountId?: string;
  /** @default "host" */
  readonly sslScope: SslScope;
  /**
   * Entry-point rulesets that already exist in the zone, by phase: they are imported (adopted)
   * instead of created, since a zone has one entry point per phase. @default {}
   */
  readonly existingRulesets: Readonly<Partial<Record<RulesetPhase, string>>>;
}

export const PRICE_CLASSES = ["PriceClass_All", "PriceClass_200", "PriceClass_100"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/**
 * Viewer TLS policies this project accepts: TLS 1.2 or newer, and known to the pinned AWS provider
 * (5.100.0 rejects the 2025 policies when it checks the viewer certificate).
 */
export const MINIMUM_PROTOCOL_VERSIONS = ["TLSv1.2_2021", "TLSv1.2_2019", "TLSv1.2_2018"] as const;
export type MinimumProtocolVersion = (typeof MINIMUM_PROTOCOL_VERSIONS)[number];

/** CloudFront standard (legacy) access logging to an S3 bucket. */
export interface CloudFrontLogging {
  /** The bucket's domain name, `my-logs.s3.amazonaws.com` (a bare bucket name is completed). */
  readonly bucket: string;
  /** @default - no prefix */
  readonly prefix?: string;
  /** @default false */
  readonly includeCookies: boolean;
}

/** The `cloudfront` block, normalized. */
export interface CloudFrontSettings {
  /** An ACM certificate in us-east-1; absent means "create one and validate it through DNS". */
  readonly certificateArn?: string;
  /** @default "external" */
  readonly dns: DnsChoice;
  /** Hosted zone for `dns: route53` (`Z...`, upper-case, without `/hostedzone/`). */
  readonly route53ZoneId?: string;
  /** Cloudflare zone for `dns: cloudflare` (32 hex digits). */
  readonly cloudflareZoneId?: string;
  /** @default "PriceClass_All" */
  readonly priceClass: PriceClass;
  /** @default "TLSv1.2_2021" */
  readonly minimumProtocolVersion: MinimumProtocolVersion;
  /** A WAFv2 web ACL ARN (global scope, us-east-1) or a WAF Classic web ACL id. @default - none */
  readonly webAclId?: string;
  /** @default - no access logging */
  readonly logging?: CloudFrontLogging;
  /** Tags for the distribution and the certificate. @default {} */
  readonly tags: Readonly<Record<string, string>>;
}

/** The `proxy` block, normalized. */
export interface ProxySettings {
  readonly server: ProxyServer;
  /** Absolute path, on the proxy, of the certificate chain (PEM) for the custom domain. */
  readonly certificateFile: string;
  /** Absolute path, on the proxy, of its private key (PEM). */
  readonly certificateKeyFile: string;
  /** CA bundle that verifies Intercom's certificate. @default "/etc/ssl/certs/ca-certificates.crt" */
  readonly originCaFile: string;
  /** Address to listen on. @default - all addresses */
  readonly listenAddress?: string;
  /** @default 443 */
  readonly httpsPort: number;
  /** @default 80 */
  readonly httpPort: number;
  /** Send Strict-Transport-Security (max-age=63072000). @default true */
  readonly hsts: boolean;
  /** Staple OCSP responses (not every CA still runs OCSP). @default false */
  readonly ocspStapling: boolean;
  /** The proxy's public IPv4 address, for the domain's A record. */
  readonly ipv4?: string;
  /** The proxy's public IPv6 address, for the domain's AAAA record. */
  readonly ipv6?: string;
  /** @default "external" */
  readonly dns: DnsChoice;
  readonly route53ZoneId?: string;
  readonly cloudflareZoneId?: string;
  /** DNS servers nginx asks for the Intercom host (nginx does not use the system resolver). @default ["1.1.1.1", "8.8.8.8"] */
  readonly resolvers: readonly string[];
  /** Seconds a resolved Intercom address is used before it is looked up again. @default 60 */
  readonly originAddressTtl: number;
}

/** The system CA bundle on Debian and Ubuntu, the default for verifying Intercom's certificate. */
export const DEFAULT_ORIGIN_CA_FILE = "/etc/ssl/certs/ca-certificates.crt";
export const DEFAULT_RESOLVERS: readonly string[] = ["1.1.1.1", "8.8.8.8"];

interface SpecCommon {
  /** The custom domain: lower-case, punycode, no trailing dot (`emails.example.com`). */
  readonly domain: string;
  /** Intercom workspace subdomain, one lower-case DNS label (`acme` in `acme.intercom-mail.com`). */
  readonly workspace: string;
  /** Intercom data hosting region. */
  readonly region: Region;
}

/** One custom domain for email assets, validated and normalized. */
export type EmailAssetsDomainSpec =
  | (SpecCommon & { readonly edge: "cloudflare"; readonly cloudflare: CloudflareSettings })
  | (SpecCommon & { readonly edge: "cloudfront"; readonly cloudfront: CloudFrontSettings })
  | (SpecCommon & { readonly edge: "proxy"; readonly proxy: ProxySettings });

/** What a user writes for one domain (YAML/JSON or a TypeScript object) before validation. */
export interface EmailAssetsDomainInput {
  domain: string;
  workspace: string;
  region: Region | string;
  edge: Edge | string;
  cloudflare?: {
    zoneId: string;
    mode?: CloudflareMode;
    accountId?: string;
    sslScope?: SslScope;
    /** Accepted only as "off": Cloudflare retired Mirage (see README). */
    mirage?: "off";
    existingRulesets?: Partial<Record<RulesetPhase, string>>;
  };
  cloudfront?: {
    certificateArn?: string;
    dns?: DnsChoice;
    route53ZoneId?: string;
    cloudflareZoneId?: string;
    priceClass?: PriceClass;
    minimumProtocolVersion?: MinimumProtocolVersion;
    webAclId?: string;
    logging?: { bucket: string; prefix?: string; includeCookies?: boolean };
    tags?: Record<string, string>;
  };
  proxy?: {
    server: ProxyServer;
    certificateFile: string;
    certificateKeyFile: string;
    originCaFile?: string;
    listenAddress?: string;
    httpsPort?: number;
    httpPort?: number;
    hsts?: boolean;
    ocspStapling?: boolean;
    ipv4?: string;
    ipv6?: string;
    dns?: DnsChoice;
    route53ZoneId?: string;
    cloudflareZoneId?: string;
    resolvers?: string[];
    originAddressTtl?: number;
  };
}

/** The config file: `{ domains: [ ... ] }`. */
export interface EmailAssetsConfigInput {
  domains: EmailAssetsDomainInput[];
}
