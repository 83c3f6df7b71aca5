import { Construct } from "constructs";
import { Fn } from "cdktf";
import type { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import type { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import type { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { cloudFrontComment, DEFAULTS } from "../config/shapes/defaults";
import type { DnsTarget } from "../config/shapes/domain-spec";
import {
  ALL_HTTP_METHODS,
  ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
  CLOUDFRONT_HOSTED_ZONE_ID,
  ORIGIN_SSL_PROTOCOLS,
  ROUTE53_RECORD_TTL,
} from "../facts/aws-facts";
import { AUTOMATIC_TTL } from "../facts/cloudflare-facts";
import { CERTIFICATE_ID } from "../config/names/stack-id";
import { constructId, requireDefaultProvider } from "./props-check";
import { claim } from "./construct-claims";
import { bindings } from "./provider-bindings";
import { applyPolicy } from "./email-assets-policy";
import { liveLifecycle } from "./live-lifecycle";
import { importWhenAdopted } from "./adopted-resource";
import { checkCloudFrontProps, type CloudFrontEmailAssetsProps } from "./cloudfront-email-assets-props";

export type { CloudFrontCertificate, CloudFrontEmailAssetsProps } from "./cloudfront-email-assets-props";

const ORIGIN_ID = "intercom";

/**
 * The attributes of aws_acm_certificate that force a new certificate in provider 5.100.0
 * (ForceNew in internal/service/acm/certificate.go): an adopted certificate ignores them.
 */
const CERTIFICATE_REPLACING_ATTRIBUTES = ["domain_name", "subject_alternative_names", "validation_method", "key_algorithm", "certificate_authority_arn", "validation_option"] as const;

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
    checkCloudFrontProps(props);
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
      const certificate = new (bindings.AcmCertificate())(this, CERTIFICATE_ID, {
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
              // With an adopted certificate it renews the live one, as its Cloudflare twin below does.
              ...(importIds.certificate === undefined ? {} : liveLifecycle(props.preventDestroy)),
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
