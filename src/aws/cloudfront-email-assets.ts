import { Construct } from "constructs";
import { Fn } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { CloudFrontLogging, DnsChoice, MinimumProtocolVersion, PriceClass } from "../spec/types";

/** AWS managed cache policy "CachingDisabled": Intercom decides what may be cached, not the CDN. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** AWS managed origin request policy "AllViewerExceptHostHeader": the origin sees its own Host. */
export const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
/** The hosted zone id every CloudFront distribution answers alias records from. */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";
/** All seven methods: one-click unsubscribe is a POST, and nothing is cached anyway. */
export const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

const ORIGIN_ID = "intercom";
/** Cloudflare's "automatic" TTL. */
const AUTOMATIC_TTL = 1;

export interface CloudFrontEmailAssetsProps {
  /** The custom domain, normalized (`emails.example.com`). */
  readonly domain: string;
  /** The workspace's regional Intercom host, the distribution's only origin. */
  readonly intercomHost: string;
  /** @default - a new ACM certificate, validated through DNS, is created in us-east-1 */
  readonly certificateArn?: string;
  /**
   * AWS provider in us-east-1 for the new certificate and its validation. Required when
   * `certificateArn` is not given.
   * @default - none
   */
  readonly certificateProvider?: AwsProvider;
  /**
   * Who holds the custom domain's DNS: `route53` (alias A/AAAA records created),
   * `cloudflare` (DNS-only CNAME created), `external` (nothing created; see the stack outputs).
   * @default "external"
   */
  readonly dns?: DnsChoice;
  /** Hosted zone for `dns: route53`. */
  readonly route53ZoneId?: string;
  /** Zone for `dns: cloudflare`. */
  readonly cloudflareZoneId?: string;
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
    super(scope, id);
    const dns = props.dns ?? "external";
    const tags = props.tags && Object.keys(props.tags).length > 0 ? { ...props.tags } : undefined;

    if (props.certificateArn !== undefined) {
      this.certificateArn = props.certificateArn;
    } else {
      if (props.certificateProvider === undefined) {
        throw new Error("CloudFrontEmailAssets: certificateProvider (an AWS provider in us-east-1) is required to create a certificate");
      }
      const certificate = new AcmCertificate(this, "certificate", {
        provider: props.certificateProvider,
        domainName: props.domain,
        validationMethod: "DNS",
        tags,
        lifecycle: { createBeforeDestroy: true },
      });
      // One name, one option: index the set's first element (for_each over it fails in cdktf).
      const option = certificate.domainValidationOptions.get(0);
      const validation = {
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        value: option.resourceRecordValue,
      };
      let validationFqdns: string[] | undefined;
      if (dns === "route53") {
        const record = new Route53Record(this, "validation_record", {
          zoneId: requireZone(props.route53ZoneId, "route53ZoneId"),
          name: validation.name,
          type: validation.type,
          records: [validation.value],
          ttl: 300,
          allowOverwrite: true,
        });
        validationFqdns = [record.fqdn];
      } else if (dns === "cloudflare") {
        const record = new DnsRecord(this, "validation_record", {
          provider: props.cloudflareProvider,
          zoneId: requireZone(props.cloudflareZoneId, "cloudflareZoneId"),
          name: Fn.trimsuffix(validation.name, "."),
          type: validation.type,
          content: Fn.trimsuffix(validation.value, "."),
          proxied: false,
          ttl: AUTOMATIC_TTL,
          comment: `ACM validation for ${props.domain} (managed by email-assets-domain)`,
        });
        validationFqdns = [record.name];
      }
      const certificateValidation = new AcmCertificateValidation(this, "certificate_validation", {
        provider: props.certificateProvider,
        certificateArn: certificate.arn,
        validationRecordFqdns: validationFqdns,
      });
      this.certificate = certificate;
      this.certificateValidation = certificateValidation;
      this.validationRecord = validation;
      // The validation's ARN, not the certificate's: the distribution then waits for issuance.
      this.certificateArn = certificateValidation.certificateArn;
    }

    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: props.comment ?? `Intercom email assets for ${props.domain}`.slice(0, 128),
      aliases: [props.domain],
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: props.priceClass ?? "PriceClass_All",
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
            originSslProtocols: ["TLSv1.2"],
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ALL_METHODS,
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
      },
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: {
        acmCertificateArn: this.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: props.minimumProtocolVersion ?? "TLSv1.2_2021",
      },
      loggingConfig: props.logging
        ? { bucket: props.logging.bucket, prefix: props.logging.prefix, includeCookies: props.logging.includeCookies }
        : undefined,
    });
    this.distributionDomainName = this.distribution.domainName;

    if (dns === "route53") {
      const zoneId = requireZone(props.route53ZoneId, "route53ZoneId");
      for (const [recordId, type] of [["alias_a", "A"], ["alias_aaaa", "AAAA"]] as const) {
        new Route53Record(this, recordId, {
          zoneId,
          name: props.domain,
          type,
          alias: { name: this.distribution.domainName, zoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false },
        });
      }
    } else if (dns === "cloudflare") {
      new DnsRecord(this, "cname", {
        provider: props.cloudflareProvider,
        zoneId: requireZone(props.cloudflareZoneId, "cloudflareZoneId"),
        name: props.domain,
        type: "CNAME",
        content: this.distribution.domainName,
        // DNS only: viewers must reach CloudFront itself, which holds the certificate for the domain.
        proxied: false,
        ttl: AUTOMATIC_TTL,
        comment: "Intercom email assets via CloudFront (managed by email-assets-domain)",
      });
    }
  }
}

function requireZone(zoneId: string | undefined, key: string): string {
  if (zoneId === undefined) throw new Error(`CloudFrontEmailAssets: ${key} is required for this dns choice`);
  return zoneId;
}
