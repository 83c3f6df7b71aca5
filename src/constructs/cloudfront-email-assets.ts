import { Construct } from "constructs";
import { Fn } from "cdktf";
import type { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import type { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import type { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { normalizeAdoptedCertificateArn, normalizeCertificateArn, normalizeDistributionId, normalizeRoute53ZoneId, normalizeWebAclId } from "../config/aws-ids";
import { cloudFrontComment, DEFAULTS } from "../config/defaults";
import { normalizeCloudflareId, normalizeCustomDomain } from "../config/domain-name";
import type { CloudFrontLogging, DnsTarget } from "../config/domain-spec";
import {
  ALL_HTTP_METHODS,
  ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
  CLOUDFRONT_CERTIFICATE_REGION,
  CLOUDFRONT_COMMENT_MAX_LENGTH,
  CLOUDFRONT_HOSTED_ZONE_ID,
  MINIMUM_PROTOCOL_VERSIONS,
  ORIGIN_SSL_PROTOCOLS,
  PRICE_CLASSES,
  ROUTE53_RECORD_TTL,
  type MinimumProtocolVersion,
  type PriceClass,
} from "../facts/aws-facts";
import { AUTOMATIC_TTL } from "../facts/cloudflare-facts";
import { isIntercomHost } from "../intercom/intercom-host";
import { constructId, PropsCheck, requireDefaultProvider } from "./props-check";
import { FLAG, mapOf, objectOf, oneOf, optional, providerOf, required, TEXT, unionOf, type Described } from "./prop-shapes";
import { claim } from "./construct-claims";
import { bindings } from "./provider-bindings";
import { applyPolicy } from "./email-assets-policy";
import { liveLifecycle, type LiveResourceProps } from "./live-lifecycle";
import { route53RecordImportId, type CloudFrontImportIds } from "../plan/adoption";
import { checkCloudflareImportIds, importWhenAdopted } from "./adopted-resource";

const ORIGIN_ID = "intercom";

/**
 * The attributes of aws_acm_certificate that force a new certificate in provider 5.100.0
 * (ForceNew in internal/service/acm/certificate.go): an adopted certificate ignores them.
 */
const CERTIFICATE_REPLACING_ATTRIBUTES = ["domain_name", "subject_alternative_names", "validation_method", "key_algorithm", "certificate_authority_arn", "validation_option"] as const;

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

function checkProps(input: CloudFrontEmailAssetsProps): void {
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

/** A DNS record the construct expects to exist (or creates), as Terraform expressions. */
export interface DnsRecordReference {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/**
 * The guide's AWS setup for one custom domain: a CloudFront distribution whose only origin is the
 * Intercom host (HTTPS only, TLS 1.2), caching disabled, every viewer header but Host forwarded,
 * HTTP redirected to HTTPS, the custom domain as alias with an ACM certificate from us-east-1,
 * and DNS for the domain and the certificate's validation where the spec says.
 */
export class CloudFrontEmailAssets extends Construct {
  public readonly distribution: CloudfrontDistribution;
  /** The certificate the distribution serves: the given ARN, or the validated new one. */
  public readonly certificateArn: string;
  /** The new certificate, when one is created. */
  public readonly certificate?: AcmCertificate;
  public readonly certificateValidation?: AcmCertificateValidation;
  /** The record ACM checks before issuing the new certificate. */
  public readonly validationRecord?: DnsRecordReference;
  /** The distribution's domain name, which the custom domain must point at. */
  public readonly distributionDomainName: string;

  constructor(scope: Construct, id: string, props: CloudFrontEmailAssetsProps) {
    super(scope, constructId("CloudFrontEmailAssets", scope, id));
    checkProps(props);
    applyPolicy(this);
    requireDefaultProvider(this, "the distribution and its Route 53 records", "aws", 'add new AwsProvider(stack, "aws", { region: "us-east-1" })');
    if (props.dns?.kind === "cloudflare" && props.cloudflareProvider === undefined) {
      requireDefaultProvider(this, "the Cloudflare DNS records", "cloudflare", 'add new CloudflareProvider(stack, "cloudflare", {}), or pass cloudflareProvider');
    }
    const dns: DnsTarget = props.dns ?? { kind: DEFAULTS.cloudfront.dns };
    const tags = props.tags && Object.keys(props.tags).length > 0 ? { ...props.tags } : undefined;

    const importIds = props.importIds ?? {};
    if (props.certificate.kind === "existing") {
      this.certificateArn = props.certificate.arn;
    } else {
      const certificateProvider = props.certificate.provider;
      const certificate = new (bindings.AcmCertificate())(this, "certificate", {
        provider: certificateProvider,
        domainName: props.domain,
        validationMethod: "DNS",
        tags,
        // An adopted certificate keeps what the provider could change only by replacing it (a
        // wildcard or extra names, its key, its validation method): it serves the live domain.
        ...(importIds.certificate === undefined
          ? { lifecycle: { createBeforeDestroy: true } }
          : liveLifecycle(props.preventDestroy, { createBeforeDestroy: true, ignoreChanges: [...CERTIFICATE_REPLACING_ATTRIBUTES] })),
      });
      importWhenAdopted(certificate, importIds.certificate);
      // One name, one option: index the set's first element (for_each over it fails in cdktf).
      const option = certificate.domainValidationOptions.get(0);
      const validation = {
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        value: option.resourceRecordValue,
      };
      let validationFqdns: string[] | undefined;
      switch (dns.kind) {
        case "external":
          // The record is an output; the validation waits until someone creates it.
          break;
        case "route53":
          validationFqdns = [
            new (bindings.Route53Record())(this, "validation_record", {
              zoneId: dns.zoneId,
              name: validation.name,
              type: validation.type,
              records: [validation.value],
              ttl: ROUTE53_RECORD_TTL,
              allowOverwrite: true,
            }).fqdn,
          ];
          break;
        case "cloudflare": {
          const record = new (bindings.DnsRecord())(this, "validation_record", {
            provider: props.cloudflareProvider,
            zoneId: dns.zoneId,
            name: Fn.trimsuffix(validation.name, "."),
            type: validation.type,
            content: Fn.trimsuffix(validation.value, "."),
            proxied: false,
            ttl: AUTOMATIC_TTL,
            comment: `ACM validation for ${props.domain} (managed by email-assets-domain)`,
            // Adopted, it renews the live certificate: a record of another type is refused, not replaced.
            ...(importIds.validationRecord === undefined ? {} : liveLifecycle(props.preventDestroy)),
          });
          importWhenAdopted(record, importIds.validationRecord);
          validationFqdns = [record.name];
          break;
        }
      }
      const certificateValidation = new (bindings.AcmCertificateValidation())(this, "certificate_validation", {
        provider: certificateProvider,
        certificateArn: certificate.arn,
        validationRecordFqdns: validationFqdns,
      });
      this.certificate = certificate;
      this.certificateValidation = certificateValidation;
      this.validationRecord = validation;
      // The validation's ARN, not the certificate's: the distribution then waits for issuance.
      this.certificateArn = certificateValidation.certificateArn;
    }

    this.distribution = new (bindings.CloudfrontDistribution())(this, "distribution", {
      enabled: true,
      comment: props.comment ?? cloudFrontComment(props.domain),
      aliases: [props.domain],
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: props.priceClass ?? DEFAULTS.cloudfront.priceClass,
      webAclId: props.webAclId,
      tags,
      origin: [
        {
          originId: ORIGIN_ID,
          domainName: props.intercomHost,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: [...ORIGIN_SSL_PROTOCOLS],
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: [...ALL_HTTP_METHODS],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: {
        acmCertificateArn: this.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: props.minimumProtocolVersion ?? DEFAULTS.cloudfront.minimumProtocolVersion,
      },
      loggingConfig: props.logging
        ? { bucket: props.logging.bucket, prefix: props.logging.prefix, includeCookies: props.logging.includeCookies }
        : undefined,
      ...liveLifecycle(props.preventDestroy),
    });
    importWhenAdopted(this.distribution, importIds.distribution);
    this.distributionDomainName = this.distribution.domainName;
    claim(this, "domain", props.domain);

    switch (dns.kind) {
      case "external":
        // The record is an output of the stack, for whoever holds the domain's DNS.
        break;
      case "route53":
        for (const [recordId, type, importId] of [["alias_a", "A", importIds.aliasA], ["alias_aaaa", "AAAA", importIds.aliasAaaa]] as const) {
          const record = new (bindings.Route53Record())(this, recordId, {
            zoneId: dns.zoneId,
            name: props.domain,
            type,
            alias: { name: this.distribution.domainName, zoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false },
            ...liveLifecycle(props.preventDestroy),
          });
          importWhenAdopted(record, importId);
        }
        break;
      case "cloudflare": {
        const record = new (bindings.DnsRecord())(this, "cname", {
          provider: props.cloudflareProvider,
          zoneId: dns.zoneId,
          name: props.domain,
          type: "CNAME",
          content: this.distribution.domainName,
          // DNS only: viewers must reach CloudFront itself, which holds the certificate for the domain.
          proxied: false,
          ttl: AUTOMATIC_TTL,
          comment: "Intercom email assets via CloudFront (managed by email-assets-domain)",
          ...liveLifecycle(props.preventDestroy),
        });
        importWhenAdopted(record, importIds.dnsRecord);
        break;
      }
    }
  }
}
