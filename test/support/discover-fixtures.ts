// Hand-made live setups for `email-assets discover`, as someone who followed Intercom's guide in
// the dashboard or console would have left them, with decoys around them.
import type { CertificateDetail, DistributionSummary } from "./aws-stand-ins";
import { addressRecord, cnameRecord, pageRule, txtRecord, workerRoute, zone, type CloudflareWorld } from "./cloudflare-stand-in";
import { CLOUDFLARE_TEST_TOKEN } from "./discover-run";

export const ZONE_ID = "0123456789abcdef0123456789abcdef";
export const OTHER_ZONE_ID = "fedcba9876543210fedcba9876543210";
export const ACCOUNT_ID = "0f0e0d0c0b0a09080706050403020100";

/** Record, rule and route ids: 32 lower-case hex characters, distinct by their first characters. */
export const ids = {
  cname: "c0a1e0000000000000000000000000c1",
  decoyCname: "dec0000000000000000000000000cc01",
  decoyTxt: "dec0000000000000000000000000ee01",
  decoyOtherName: "dec0000000000000000000000000aa01",
  alwaysHttps: "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
  hostHeader: "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2",
  decoyRule: "dec0000000000000000000000000bb01",
  lookalikeRule: "dec0000000000000000000000000bb02",
  forwardingRule: "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0",
  route: "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0",
  decoyRoute: "dec0000000000000000000000000dd01",
  recordA: "a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4a4",
  recordAaaa: "a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6a6",
} as const;

export function cloudflareDomainConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_ID }, ...overrides };
}

/**
 * emails.example.com set up by hand in page-rules mode: the CNAME (not proxied), the two page
 * rules (the Host-header one with Rocket Loader on), and a third rule for the host that forwards;
 * decoys: records of other names and another type, rules for other hosts, one of them a lookalike.
 * The records come two to a page and the API ignores the name filter, so the CNAME is on page 2.
 */
export function pageRulesWorld(): CloudflareWorld {
  return {
    token: CLOUDFLARE_TEST_TOKEN,
    zones: [zone(ZONE_ID, "example.com")],
    pageSize: 2,
    ignoreNameFilter: true,
    records: {
      [ZONE_ID]: [
        cnameRecord(ids.decoyOtherName, "other.example.com", "acme.intercom-mail.com", true),
        cnameRecord(ids.decoyCname, "emails.example.com.example.com", "acme.intercom-mail.com", true),
        txtRecord(ids.decoyTxt, "_dmarc.emails.example.com", "v=DMARC1; p=none"),
        cnameRecord(ids.cname, "emails.example.com", "acme.intercom-mail.com", false, 1),
      ],
    },
    pageRules: {
      [ZONE_ID]: [
        pageRule(ids.decoyRule, "https://other.example.com/*", 5, [{ id: "host_header_override", value: "acme.intercom-mail.com" }]),
        pageRule(ids.lookalikeRule, "https://xemails.example.com/*", 6, [{ id: "forwarding_url", value: { url: "https://example.com/", status_code: 301 } }]),
        pageRule(ids.alwaysHttps, "http://emails.example.com/*", 1, [{ id: "always_use_https" }]),
        pageRule(ids.hostHeader, "https://emails.example.com/*", 2, [
          { id: "host_header_override", value: "acme.intercom-mail.com" },
          { id: "ssl", value: "full" },
          { id: "rocket_loader", value: "on" },
        ]),
        pageRule(ids.forwardingRule, "emails.example.com/old/*", 3, [{ id: "forwarding_url", value: { url: "https://emails.example.com/new/$1", status_code: 301 } }]),
      ],
    },
  };
}

export const HOSTED_ZONE_ID = "Z0123456789ABCDEFGHIJ";
export const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-4333-8444-555555555555";
export const OTHER_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/99999999-8888-4777-8666-555555555555";
export const WILDCARD_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const LAST_MODIFIED = new Date("2024-05-01T12:00:00Z");

/** A distribution as ListDistributions summarizes it: by default, set up as the guide says (and as the stack would). */
export function distribution(id: string, domainName: string, aliases: string[], overrides: Partial<DistributionSummary> = {}): DistributionSummary {
  return {
    Id: id,
    ARN: `arn:aws:cloudfront::123456789012:distribution/${id}`,
    Status: "Deployed",
    LastModifiedTime: LAST_MODIFIED,
    DomainName: domainName,
    Aliases: { Quantity: aliases.length, Items: aliases },
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: "intercom",
          DomainName: "acme.intercom-mail.com",
          OriginPath: "",
          CustomHeaders: { Quantity: 0 },
          CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "https-only", OriginSslProtocols: { Quantity: 1, Items: ["TLSv1.2"] }, OriginReadTimeout: 30, OriginKeepaliveTimeout: 5 },
          ConnectionAttempts: 3,
          ConnectionTimeout: 10,
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: "intercom",
      ViewerProtocolPolicy: "redirect-to-https",
      AllowedMethods: { Quantity: 7, Items: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"], CachedMethods: { Quantity: 2, Items: ["GET", "HEAD"] } },
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      Compress: false,
      SmoothStreaming: false,
      FieldLevelEncryptionId: "",
    },
    CacheBehaviors: { Quantity: 0 },
    CustomErrorResponses: { Quantity: 0 },
    Comment: `Intercom email assets for ${aliases[0] ?? domainName}`,
    PriceClass: "PriceClass_All",
    Enabled: true,
    ViewerCertificate: { ACMCertificateArn: CERTIFICATE_ARN, SSLSupportMethod: "sni-only", MinimumProtocolVersion: "TLSv1.2_2021", CloudFrontDefaultCertificate: false, Certificate: CERTIFICATE_ARN, CertificateSource: "acm" },
    Restrictions: { GeoRestriction: { RestrictionType: "none", Quantity: 0 } },
    WebACLId: "",
    HttpVersion: "http2and3",
    IsIPV6Enabled: true,
    Staging: false,
    ...overrides,
  };
}

/** An ACM certificate as DescribeCertificate returns it: by default issued by ACM for exactly the name, DNS-validated. */
export function certificate(arn: string, domainName: string, overrides: Partial<CertificateDetail> = {}): CertificateDetail {
  return {
    CertificateArn: arn,
    DomainName: domainName,
    SubjectAlternativeNames: [domainName],
    DomainValidationOptions: [
      {
        DomainName: domainName,
        ValidationMethod: "DNS",
        ValidationStatus: "SUCCESS",
        ResourceRecord: { Name: `_0123456789abcdef.${domainName}.`, Type: "CNAME", Value: "_fedcba9876543210.acm-validations.aws." },
      },
    ],
    Serial: "0a:1b:2c",
    Subject: `CN=${domainName}`,
    Issuer: "Amazon",
    CreatedAt: LAST_MODIFIED,
    IssuedAt: LAST_MODIFIED,
    Status: "ISSUED",
    NotBefore: LAST_MODIFIED,
    NotAfter: new Date("2027-05-01T12:00:00Z"),
    KeyAlgorithm: "RSA_2048",
    SignatureAlgorithm: "SHA256WITHRSA",
    InUseBy: [],
    Type: "AMAZON_ISSUED",
    KeyUsages: [{ Name: "DIGITAL_SIGNATURE" }],
    ExtendedKeyUsages: [{ Name: "TLS_WEB_SERVER_AUTHENTICATION", OID: "1.3.6.1.5.5.7.3.1" }],
    RenewalEligibility: "ELIGIBLE",
    Options: { CertificateTransparencyLoggingPreference: "ENABLED" },
    ...overrides,
  };
}

export function cloudFrontDomainConfig(cloudfront: Record<string, unknown> = { dns: "route53", route53ZoneId: HOSTED_ZONE_ID }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { domain: "assets.example.org", workspace: "acme", region: "us", edge: "cloudfront", cloudfront, ...overrides };
}

export { addressRecord, cnameRecord, pageRule, txtRecord, workerRoute, zone };
export type { CertificateDetail, DistributionSummary };
