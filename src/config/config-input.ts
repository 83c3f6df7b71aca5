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
