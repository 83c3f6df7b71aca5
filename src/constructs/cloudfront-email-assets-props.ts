import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { normalizeAdoptedCertificateArn, normalizeCertificateArn, normalizeDistributionId, normalizeRoute53ZoneId, normalizeWebAclId } from "../config/fields/aws-ids";
import { DEFAULTS } from "../config/shapes/defaults";
import { normalizeCloudflareId, normalizeCustomDomain } from "../config/fields/domain-name";
import type { CloudFrontLogging, DnsTarget } from "../config/shapes/domain-spec";
import { CLOUDFRONT_CERTIFICATE_REGION, CLOUDFRONT_COMMENT_MAX_LENGTH, MINIMUM_PROTOCOL_VERSIONS, PRICE_CLASSES, type MinimumProtocolVersion, type PriceClass } from "../facts/aws-facts";
import { isIntercomHost } from "../intercom/intercom-host";
import { PropsCheck } from "./props-check";
import { FLAG, mapOf, objectOf, oneOf, optional, providerOf, required, TEXT, unionOf, type Described } from "./prop-shapes";
import type { LiveResourceProps } from "./live-lifecycle";
import { route53RecordImportId, type CloudFrontImportIds } from "../plan/adoption";
import { checkCloudflareImportIds } from "./adopted-resource";

/**
 * The certificate the distribution serves: an issued ACM certificate in us-east-1, or a new one
 * created and validated through DNS by an AWS provider in us-east-1.
 */
export type CloudFrontCertificate =
  | { readonly kind: "existing"; /** `arn:aws:acm:us-east-1:...` */ readonly arn: string }
  | { readonly kind: "new"; /** An AWS provider whose region is us-east-1. */ readonly provider: AwsProvider };

export interface CloudFrontEmailAssetsProps extends LiveResourceProps {
  /** The custom domain, normalized (`emails.example.com`). */
  readonly domain: string;
  /** The workspace's regional Intercom host, the distribution's only origin. */
  readonly intercomHost: string;
  /** The certificate the distribution serves for the domain: an existing one in us-east-1, or a new one. */
  readonly certificate: CloudFrontCertificate;
  /**
   * Who holds the custom domain's DNS: Route 53 (alias A/AAAA records created), Cloudflare
   * (DNS-only CNAME created), or `external` (nothing created; see the stack outputs).
   * @default { kind: "external" }
   */
  readonly dns?: DnsTarget;
  /** @default - the stack's default Cloudflare provider */
  readonly cloudflareProvider?: CloudflareProvider;
  /** @default "PriceClass_All" */
  readonly priceClass?: PriceClass;
  /** @default "TLSv1.2_2021" */
  readonly minimumProtocolVersion?: MinimumProtocolVersion;
  /** @default - no web ACL */
  readonly webAclId?: string;
  /** @default - no access logging */
  readonly logging?: CloudFrontLogging;
  /** Tags for the distribution and the certificate. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - "Intercom email assets for <domain>" */
  readonly comment?: string;
  /**
   * Live objects to adopt, each imported from its id instead of created: the distribution (its
   * id), a new certificate's ARN (with `certificate.kind` "new"; the adopted certificate keeps its
   * names, key and validation method, which the provider could only change by replacing it), and
   * the DNS records of the chosen `dns` (Cloudflare: `<zone id>/<record id>`; Route 53:
   * `<zone id>_<name>_<type>`). Adopted resources carry `prevent_destroy` unless `preventDestroy`
   * is false.
   * @default - none: every resource is created
   */
  readonly importIds?: CloudFrontImportIds;
}

const PROPS: Described<CloudFrontEmailAssetsProps> = {
  domain: required(TEXT),
  intercomHost: required(TEXT),
  certificate: required(
    unionOf<CloudFrontCertificate>({
      existing: { arn: required(TEXT) },
      new: { provider: required(providerOf("aws")) },
    }),
  ),
  // One entry per kind of DnsTarget (the config's DNS_CHOICES): the compiler checks that every one is here.
  dns: optional(
    unionOf<DnsTarget>({
      external: {},
      route53: { zoneId: required(TEXT) },
      cloudflare: { zoneId: required(TEXT) },
    }),
  ),
  cloudflareProvider: optional(providerOf("cloudflare")),
  priceClass: optional(oneOf(PRICE_CLASSES)),
  minimumProtocolVersion: optional(oneOf(MINIMUM_PROTOCOL_VERSIONS)),
  webAclId: optional(TEXT),
  logging: optional(objectOf<CloudFrontLogging>({ bucket: required(TEXT), prefix: optional(TEXT), includeCookies: required(FLAG) })),
  tags: optional(mapOf(TEXT)),
  comment: optional(TEXT),
  preventDestroy: optional(FLAG),
  importIds: optional(
    objectOf<CloudFrontImportIds>({
      distribution: optional(TEXT),
      certificate: optional(TEXT),
      validationRecord: optional(TEXT),
      dnsRecord: optional(TEXT),
      aliasA: optional(TEXT),
      aliasAaaa: optional(TEXT),
    }),
  ),
};

export function checkCloudFrontProps(input: CloudFrontEmailAssetsProps): void {
  const check = new PropsCheck("CloudFrontEmailAssets");
  const props = check.props(PROPS, input);
  const { certificate, dns } = props;
  check
    .normalized("domain", props.domain, normalizeCustomDomain)
    .expect(isIntercomHost(props.intercomHost), "intercomHost", "must be the workspace's Intercom host (see intercomHost())", props.intercomHost)
    .normalized("webAclId", props.webAclId, normalizeWebAclId)
    .expect(
      typeof props.comment !== "string" || props.comment.length <= CLOUDFRONT_COMMENT_MAX_LENGTH,
      "comment",
      `must be at most ${CLOUDFRONT_COMMENT_MAX_LENGTH} characters`,
      props.comment,
    );
  // A certificate or DNS target of the wrong shape is reported already; the switches then judge nothing.
  switch (certificate?.kind) {
    case "existing":
      check.normalized("certificate.arn", certificate.arn, normalizeCertificateArn);
      break;
    case "new":
      check.expect(
        certificate.provider?.region === CLOUDFRONT_CERTIFICATE_REGION,
        "certificate.provider",
        `must be an AWS provider whose region is set to ${CLOUDFRONT_CERTIFICATE_REGION}, where CloudFront reads certificates (not left to AWS_REGION)`,
        certificate.provider?.region,
      );
      break;
  }
  if (dns?.kind === "route53") check.normalized("dns.zoneId", dns.zoneId, normalizeRoute53ZoneId);
  if (dns?.kind === "cloudflare") check.normalized("dns.zoneId", dns.zoneId, (v) => normalizeCloudflareId(v, "zone"));
  checkImportIds(check, props);
  check.done();
}

/** Each import id names a resource these props build, in its provider's format. */
function checkImportIds(check: PropsCheck, props: CloudFrontEmailAssetsProps): void {
  const { distribution, certificate, validationRecord, dnsRecord, aliasA, aliasAaaa } = props.importIds ?? {};
  const dns = props.dns ?? { kind: DEFAULTS.cloudfront.dns };
  check
    .normalized("importIds.distribution", distribution, normalizeDistributionId)
    .normalized("importIds.certificate", certificate, normalizeAdoptedCertificateArn)
    .expect(certificate === undefined || props.certificate?.kind === "new", "importIds.certificate", 'is for a certificate the construct creates (certificate.kind "new"); remove it', certificate)
    .expect(validationRecord === undefined || certificate !== undefined, "importIds.validationRecord", "is the validation record of an adopted certificate; give importIds.certificate too, or remove it", validationRecord);
  if (dns.kind === "cloudflare") checkCloudflareImportIds(check, { validationRecord, dnsRecord }, dns.zoneId);
  else check.expect(validationRecord === undefined && dnsRecord === undefined, "importIds", 'names Cloudflare records, which only dns kind "cloudflare" builds; remove them', props.importIds);
  for (const [key, id, type] of [["aliasA", aliasA, "A"], ["aliasAaaa", aliasAaaa, "AAAA"]] as const) {
    const wanted = dns.kind === "route53" ? route53RecordImportId(dns.zoneId, props.domain, type) : undefined;
    check.expect(id === undefined || id === wanted, `importIds.${key}`, wanted === undefined ? 'is a Route 53 record, which only dns kind "route53" builds; remove it' : `must be "${wanted}"`, id);
  }
}
