import type { MinimumProtocolVersion, PriceClass } from "../../facts/aws-facts";
import type { RulesetPhase } from "../../facts/cloudflare-facts";
import type { Region } from "../../intercom/regions";

export type { Region } from "../../intercom/regions";
export { REGIONS } from "../../intercom/regions";
export { CLOUDFLARE_MODES, RULESET_PHASES, type CloudflareMode, type RulesetPhase } from "../../facts/cloudflare-facts";
export { MINIMUM_PROTOCOL_VERSIONS, PRICE_CLASSES, type MinimumProtocolVersion, type PriceClass } from "../../facts/aws-facts";

export const EDGES = ["cloudflare", "cloudfront", "proxy"] as const;
/** Which of the guide's three ways serves the custom domain. */
export type Edge = (typeof EDGES)[number];

export const SSL_SCOPES = ["host", "zone"] as const;
/**
 * Where SSL "Full" is set: `host` scopes it to the custom domain through its page rule;
 * `zone` sets the zone-wide SSL/TLS mode, which changes every host of the zone.
 */
export type SslScope = (typeof SSL_SCOPES)[number];

export const DNS_CHOICES = ["external", "route53", "cloudflare"] as const;
/** Who holds the custom domain's DNS for the CloudFront and proxy edges (the config's `dns` key). */
export type DnsChoice = (typeof DNS_CHOICES)[number];

/**
 * Where the custom domain's records are written, for the CloudFront and proxy edges: nowhere
 * (`external`: the stack outputs say what to create), or a Route 53 hosted zone or Cloudflare
 * zone, which then always comes with its id.
 */
export type DnsTarget =
  | { readonly kind: "external" }
  | { readonly kind: "route53"; /** `Z...`, upper-case, without `/hostedzone/`. */ readonly zoneId: string }
  | { readonly kind: "cloudflare"; /** 32 hex digits. */ readonly zoneId: string };

/** A DNS target that creates records (every kind but `external`). */
export type ManagedDnsTarget = Exclude<DnsTarget, { readonly kind: "external" }>;

export const PROXY_SERVERS = ["apache", "nginx"] as const;
export type ProxyServer = (typeof PROXY_SERVERS)[number];

/** How the Cloudflare edge does its work; only a Worker needs an account. */
export type CloudflareModeSettings =
  | { readonly mode: "page-rules" }
  | { readonly mode: "rulesets" }
  | { readonly mode: "worker"; /** The account that owns the Worker: 32 hex digits. */ readonly accountId: string };

/** The `cloudflare` block, normalized. */
export type CloudflareSettings = CloudflareModeSettings & {
  /** Zone that holds the custom domain: 32 lower-case hex digits. */
  readonly zoneId: string;
  /** @default "host" */
  readonly sslScope: SslScope;
  /**
   * Entry-point rulesets that already exist in the zone, by phase: they are imported (adopted)
   * instead of created, since a zone has one entry point per phase. @default {}
   */
  readonly existingRulesets: Readonly<Partial<Record<RulesetPhase, string>>>;
};

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
  /** @default { kind: "external" } */
  readonly dns: DnsTarget;
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

/** The proxy's public addresses, for the custom domain's A and AAAA records: at least one. */
export type ProxyAddresses =
  | { readonly ipv4: string; readonly ipv6?: string }
  | { readonly ipv4?: undefined; readonly ipv6: string };

/** The `proxy` block, normalized. */
export type ProxySettings = ProxyAddresses & {
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
  /** @default { kind: "external" } */
  readonly dns: DnsTarget;
  /** DNS servers nginx asks for the Intercom host (nginx does not use the system resolver). @default ["1.1.1.1", "8.8.8.8"] */
  readonly resolvers: readonly string[];
  /** Seconds a resolved Intercom address is used before it is looked up again. @default 60 */
  readonly originAddressTtl: number;
};

export const ADDRESS_RECORD_TYPES = ["A", "AAAA"] as const;
/** The address record types a domain's DNS may hold (Route 53 alias or plain, Cloudflare DNS only). */
export type AddressRecordType = (typeof ADDRESS_RECORD_TYPES)[number];

/**
 * Live resources of a `cloudflare` domain to take over (import) instead of creating: Cloudflare
 * ids, 32 lower-case hex digits, in the domain's zone.
 */
export interface CloudflareAdoption {
  /** The proxied CNAME of the domain. */
  readonly dnsRecord?: string;
  /** page-rules mode: the `http://<domain>/*` Always Use HTTPS rule and the `https://<domain>/*` Host Header Override rule. */
  readonly pageRules?: { readonly alwaysHttps?: string; readonly hostHeader?: string };
  /** worker mode: the route `<domain>/*`. */
  readonly workerRoute?: string;
}

/** Live resources of a `cloudfront` domain to take over (import) instead of creating. */
export interface CloudFrontAdoption {
  /** The distribution's id (`E2QWRUHAPOMQZL`). */
  readonly distribution?: string;
  /** An ACM certificate in us-east-1 that the stack then manages (only when it creates the certificate: no `certificateArn`). */
  readonly certificate?: string;
  /** `dns: cloudflare` with an adopted certificate: the Cloudflare id of the certificate's validation CNAME. */
  readonly validationRecord?: string;
  /** `dns: cloudflare`: the Cloudflare id of the domain's CNAME to the distribution. */
  readonly dnsRecord?: string;
  /** `dns: route53`: the alias records taken over by name (their import ids are derived). */
  readonly route53Records?: readonly AddressRecordType[];
}

/** Live resources of a `proxy` domain to take over (import) instead of creating. */
export interface ProxyAdoption {
  /** `dns: cloudflare`: the Cloudflare ids of the A and AAAA records. */
  readonly dnsRecords?: { readonly A?: string; readonly AAAA?: string };
  /** `dns: route53`: the records taken over by name (their import ids are derived). */
  readonly route53Records?: readonly AddressRecordType[];
}

interface SpecCommon {
  /** The custom domain: lower-case, punycode, no trailing dot (`emails.example.com`). */
  readonly domain: string;
  /** Intercom workspace subdomain, one lower-case DNS label (`acme` in `acme.intercom-mail.com`). */
  readonly workspace: string;
  /** Intercom data hosting region. */
  readonly region: Region;
  /**
   * The named stack the domain shares with the other domains of that name (one state for all).
   * @default - a stack of its own, named after the domain (see `stackId`)
   */
  readonly stack?: string;
  /**
   * Lifts `prevent_destroy` from the resources that serve the domain, so that a deliberate destroy
   * (or removing the domain) works. Every email already sent with its links breaks then.
   * @default false
   */
  readonly retire?: boolean;
}

/**
 * One custom domain for email assets, validated and normalized. `adopt` names the live resources
 * that already serve the domain, which the next apply imports instead of creating.
 * @default adopt - absent: every resource is created
 */
export type EmailAssetsDomainSpec =
  | (SpecCommon & { readonly edge: "cloudflare"; readonly cloudflare: CloudflareSettings; readonly adopt?: CloudflareAdoption })
  | (SpecCommon & { readonly edge: "cloudfront"; readonly cloudfront: CloudFrontSettings; readonly adopt?: CloudFrontAdoption })
  | (SpecCommon & { readonly edge: "proxy"; readonly proxy: ProxySettings; readonly adopt?: ProxyAdoption });

/** The spec of one edge. */
export type SpecOf<E extends Edge> = Extract<EmailAssetsDomainSpec, { readonly edge: E }>;
