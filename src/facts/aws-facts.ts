/**
 * AWS facts this project relies on, each in one place (provider 5.100.0 via @cdktf/provider-aws 20.1.0).
 * Pure data: every layer may read it.
 */

/** CloudFront reads ACM certificates from this region only. */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

/** AWS managed cache policy "CachingDisabled": Intercom decides what may be cached, not the CDN. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** AWS managed origin request policy "AllViewerExceptHostHeader": the origin sees its own Host. */
export const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
/** The hosted zone id every CloudFront distribution answers alias records from. */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";
/** All seven methods: one-click unsubscribe is a POST, and nothing is cached anyway. */
export const ALL_HTTP_METHODS: readonly string[] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
/** The origin TLS versions CloudFront may use towards Intercom (the guide: minimum TLSv1.2). */
export const ORIGIN_SSL_PROTOCOLS: readonly string[] = ["TLSv1.2"];
/** CloudFront's limit on a distribution's comment. */
export const CLOUDFRONT_COMMENT_MAX_LENGTH = 128;

export const PRICE_CLASSES = ["PriceClass_All", "PriceClass_200", "PriceClass_100"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/**
 * Viewer TLS policies this project accepts: TLS 1.2 or newer, and known to the pinned AWS provider
 * (5.100.0 rejects the 2025 policies when it checks the viewer certificate).
 */
export const MINIMUM_PROTOCOL_VERSIONS = ["TLSv1.2_2021", "TLSv1.2_2019", "TLSv1.2_2018"] as const;
export type MinimumProtocolVersion = (typeof MINIMUM_PROTOCOL_VERSIONS)[number];

const STRONGEST = "use TLSv1.2_2021, the strongest policy it knows";
const TOO_OLD = "allows protocols below TLS 1.2; use TLSv1.2_2021";
/** Viewer TLS policies that CloudFront knows but this project refuses, by lower-cased name, with the reason. */
export const REFUSED_TLS_POLICIES: ReadonlyMap<string, string> = new Map([
  ["tlsv1.2_2025", `the pinned AWS provider (5.100.0) rejects it; ${STRONGEST}`],
  ["tlsv1.3_2025", `the pinned AWS provider (5.100.0) rejects it; ${STRONGEST}`],
  ["sslv3", TOO_OLD],
  ["tlsv1", TOO_OLD],
  ["tlsv1_2016", TOO_OLD],
  ["tlsv1.1_2016", TOO_OLD],
]);

/** ACM's limit on a certificate's domain name (the first name, its CN), in characters. */
export const ACM_MAX_DOMAIN_LENGTH = 64;

/** Route 53's TTL for the records this project creates there (alias records have none). */
export const ROUTE53_RECORD_TTL = 300;

/** The CAA issuer domains ACM accepts: a CAA record set must allow one of them for ACM to issue. */
export const ACM_CAA_DOMAINS: readonly string[] = ["amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com"];
/** Every distribution's own name is under this domain; so are the reverse names of its edge addresses. */
export const CLOUDFRONT_DOMAIN_SUFFIX = ".cloudfront.net";
