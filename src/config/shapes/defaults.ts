import { CLOUDFRONT_COMMENT_MAX_LENGTH, type MinimumProtocolVersion, type PriceClass } from "../../facts/aws-facts";
import type { CloudflareMode } from "../../facts/cloudflare-facts";
import type { BackendType } from "../../facts/terraform-facts";
import type { DnsChoice, SslScope } from "./domain-spec";

/** Frozen all the way down: a library user cannot change a default for everyone by accident. */
function deepFreeze<T extends object>(value: T): T {
  for (const item of Object.values(value)) if (typeof item === "object" && item !== null) deepFreeze(item as object);
  return Object.freeze(value);
}

/**
 * Every default of the config, in one table: the schema fills them in, the rules and warnings
 * compare against them, and the constructs fall back to them when a library user leaves a prop out.
 */
export const DEFAULTS = deepFreeze({
  cloudflare: {
    mode: "page-rules" satisfies CloudflareMode,
    sslScope: "host" satisfies SslScope,
  },
  cloudfront: {
    dns: "external" satisfies DnsChoice,
    priceClass: "PriceClass_All" satisfies PriceClass,
    minimumProtocolVersion: "TLSv1.2_2021" satisfies MinimumProtocolVersion,
    loggingIncludeCookies: false,
  },
  proxy: {
    /** The system CA bundle on Debian and Ubuntu, for verifying Intercom's certificate. */
    originCaFile: "/etc/ssl/certs/ca-certificates.crt",
    httpsPort: 443,
    httpPort: 80,
    hsts: true,
    ocspStapling: false,
    dns: "external" satisfies DnsChoice,
    /** nginx does not read resolv.conf; these public resolvers answer for Intercom's hosts. */
    resolvers: ["1.1.1.1", "8.8.8.8"] as readonly string[],
    originAddressTtl: 60,
  },
  /** `terraform.backend`: where each stack keeps its state. */
  backend: {
    type: "local" satisfies BackendType,
  },
  s3: {
    keyPrefix: "",
    useLockfile: true,
    encrypt: true,
  },
  gcs: {
    prefix: "",
  },
  azurerm: {
    keyPrefix: "",
  },
  pg: {
    /** Lower-case with underscores: Terraform does not quote the schema name. */
    schemaPrefix: "email_assets_",
  },
} as const);

/** The CloudFront distribution's comment: what it is for, cut to CloudFront's limit. */
export function cloudFrontComment(domain: string): string {
  return `Intercom email assets for ${domain}`.slice(0, CLOUDFRONT_COMMENT_MAX_LENGTH);
}
