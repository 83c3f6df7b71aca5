import type { Edge } from "../config/shapes/domain-spec";

/** The `adopt:` keys of a Cloudflare domain (DESIGN, "Adopting what is live", and the config's adopt block). */
export interface CloudflareAdopt {
  /** The proxied CNAME's record id. */
  dnsRecord?: string;
  /** page-rules mode: the `http://<domain>/*` and `https://<domain>/*` rules' ids. */
  pageRules?: { alwaysHttps?: string; hostHeader?: string };
  /** worker mode: the `<domain>/*` route's id. */
  workerRoute?: string;
}

/** The `adopt:` keys of a CloudFront domain. */
export interface CloudFrontAdopt {
  /** The distribution id (`E...`). */
  distribution?: string;
  /** The ACM certificate's ARN in us-east-1, when the stack creates the certificate. */
  certificate?: string;
  /** The Cloudflare CNAME's record id, with `dns: cloudflare`. */
  dnsRecord?: string;
  /** With `dns: cloudflare` and an adopted certificate: the certificate's validation CNAME's id. */
  validationRecord?: string;
  /** With `dns: route53`: true (every record the stack builds is there) or the types that are. */
  route53Records?: true | ("A" | "AAAA")[];
}

/** The `adopt:` keys of a proxy domain: its Cloudflare A and AAAA records, with `dns: cloudflare`. */
export interface ProxyAdopt {
  dnsRecords?: { A?: string; AAAA?: string };
  /** With `dns: route53`: true (every record the stack builds is there) or the types that are. */
  route53Records?: true | ("A" | "AAAA")[];
}

export type Adopt = CloudflareAdopt | CloudFrontAdopt | ProxyAdopt;

/**
 * What discover found for one domain (the `--json` contract): the ids to adopt, every way the live
 * resources differ from the plan with what the first apply does about it, and what is not there.
 */
export interface DomainDiscovery {
  readonly domain: string;
  readonly edge: Edge;
  readonly adopt: Adopt;
  readonly differences: string[];
  readonly notFound: string[];
}

/**
 * A failure that stops discover (exit 1): a rejected token, an API that fails or does not answer.
 * The message is one line, without the token or any secret.
 */
export class DiscoverError extends Error {}
