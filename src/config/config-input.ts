import type { MinimumProtocolVersion, PriceClass } from "../facts/aws-facts";
import type { CloudflareMode, RulesetPhase } from "../facts/cloudflare-facts";
import type { DnsChoice, Edge, ProxyServer, Region, SslScope } from "./domain-spec";

/**
 * What a user writes for one domain (YAML/JSON or a TypeScript object) before validation. Keys are
 * the config file's contract (see the README's Fields section); enum values are matched
 * case-insensitively, so the loose `string` alternatives are accepted here too.
 */
export interface EmailAssetsDomainInput {
  domain: string;
  workspace: string;
  region: Region | (string & {});
  edge: Edge | (string & {});
  /**
   * Live resources that already serve the domain, which the next apply imports instead of
   * creating; the keys must fit the domain's edge, mode and DNS (see the README, "Already live?
   * Adopt it"). Not allowed in `defaults`.
   */
  adopt?: {
    /** cloudflare: the proxied CNAME; cloudfront with dns cloudflare: the CNAME to the distribution. A Cloudflare id, 32 hex digits. */
    dnsRecord?: string;
    /** cloudflare, page-rules mode: the two page rules' ids. */
    pageRules?: { alwaysHttps?: string; hostHeader?: string };
    /** cloudflare, worker mode: the route's id. */
    workerRoute?: string;
    /** cloudfront: the distribution's id (E2QWRUHAPOMQZL). */
    distribution?: string;
    /** cloudfront without certificateArn: the ACM certificate's ARN (us-east-1). */
    certificate?: string;
    /** cloudfront with dns cloudflare and an adopted certificate: the validation CNAME's id. */
    validationRecord?: string;
    /** proxy with dns cloudflare: the A and AAAA records' ids. */
    dnsRecords?: { A?: string; AAAA?: string };
    /** cloudfront or proxy with dns route53: true (every record the stack builds) or the types that exist. */
    route53Records?: boolean | ("A" | "AAAA")[];
  };
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
