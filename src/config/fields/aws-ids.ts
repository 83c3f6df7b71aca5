import { CLOUDFRONT_CERTIFICATE_REGION, CLOUDFRONT_DOMAIN_SUFFIX } from "../../facts/aws-facts";
import { refuse, type Normalized } from "./normalized";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const CERTIFICATE_ARN = new RegExp(`^arn:aws:acm:${CLOUDFRONT_CERTIFICATE_REGION}:\\d{12}:certificate/${UUID}$`);
const WAFV2_ARN = /^arn:aws:wafv2:([a-z0-9-]+):(\d{12}):(global|regional)\/webacl\/([A-Za-z0-9_-]{1,128})\/([0-9a-f-]{36})$/;
const WAF_CLASSIC_ID = new RegExp(`^${UUID}$`);
/** CloudFront does not document the length; the ids seen are 13 to 15 characters. */
const DISTRIBUTION_ID = /^E[0-9A-Z]{8,20}$/;

/** The fixes an ARN problem names, by where the ARN is written. */
interface CertificateArnFixes {
  /** For an ARN of another region. */
  readonly region: string;
  /** For something that is not an ACM certificate ARN at all. */
  readonly format: string;
}

/** An ACM certificate ARN in us-east-1, the only region CloudFront reads certificates from. */
function checkCertificateArn(input: string, fixes: CertificateArnFixes): Normalized<string> {
  const text = input.trim();
  // The region first: an ARN from another region is the likelier mistake, whatever else is off.
  const region = /^arn:aws:acm:([a-z0-9-]+):/.exec(text)?.[1];
  if (region !== undefined && region !== CLOUDFRONT_CERTIFICATE_REGION) {
    return refuse(`is in ${region}, but CloudFront only uses ACM certificates from us-east-1; ${fixes.region}`);
  }
  if (!CERTIFICATE_ARN.test(text)) {
    return refuse(`must be an ACM certificate ARN, arn:aws:acm:us-east-1:<12-digit account>:certificate/<certificate id, a UUID>; ${fixes.format}`);
  }
  return { ok: true, value: text };
}

/** An ACM certificate ARN, which CloudFront can use only when it lives in us-east-1. */
export function normalizeCertificateArn(input: string): Normalized<string> {
  return checkCertificateArn(input, {
    region: "request or import the certificate there, or leave certificateArn out to have one created",
    format: "leave it out to have one created and validated",
  });
}

/** The ARN of a live certificate to adopt: one that a distribution can serve, so in us-east-1. */
export function normalizeAdoptedCertificateArn(input: string): Normalized<string> {
  return checkCertificateArn(input, {
    region: "no distribution can serve it, so it is not the live one; adopt the us-east-1 certificate the distribution serves (its viewer certificate)",
    format: "the certificate the distribution serves (ACM's console or aws acm list-certificates --region us-east-1 shows it)",
  });
}

/** A CloudFront distribution id (`E2QWRUHAPOMQZL`), upper-cased. */
export function normalizeDistributionId(input: string): Normalized<string> {
  const text = input.trim().toUpperCase();
  if (DISTRIBUTION_ID.test(text)) return { ok: true, value: text };
  const fromArn = /^ARN:AWS:CLOUDFRONT::\d{12}:DISTRIBUTION\/(E[0-9A-Z]+)$/.exec(text)?.[1];
  if (fromArn !== undefined) return refuse(`must be the distribution's id, not its ARN: give ${fromArn}`);
  if (text.endsWith(CLOUDFRONT_DOMAIN_SUFFIX.toUpperCase())) {
    return refuse("must be the distribution's id (E followed by letters and digits, such as E2QWRUHAPOMQZL), not its domain name; the console lists the id beside it");
  }
  return refuse("must be a CloudFront distribution id: E followed by letters and digits, such as E2QWRUHAPOMQZL (aws cloudfront list-distributions shows it)");
}

/** A Route 53 hosted zone id: `Z...`, upper-cased, with any `/hostedzone/` prefix dropped. */
export function normalizeRoute53ZoneId(input: string): Normalized<string> {
  const text = input.trim().replace(/^\/?hostedzone\//i, "").toUpperCase();
  if (!/^Z[0-9A-Z]{1,31}$/.test(text)) {
    return refuse("must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ (the hosted zone's details show it)");
  }
  return { ok: true, value: text };
}

/** A WAFv2 web ACL ARN of global (CloudFront) scope, or a WAF Classic web ACL id. */
export function normalizeWebAclId(input: string): Normalized<string> {
  const text = input.trim();
  const arn = WAFV2_ARN.exec(text);
  if (arn) {
    if (arn[3] !== "global" || arn[1] !== CLOUDFRONT_CERTIFICATE_REGION) {
      return refuse("must be a web ACL of CloudFront scope: its ARN reads arn:aws:wafv2:us-east-1:<account>:global/webacl/...");
    }
    return { ok: true, value: text };
  }
  if (WAF_CLASSIC_ID.test(text)) return { ok: true, value: text };
  return refuse("must be a WAFv2 web ACL ARN (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>) or a WAF Classic web ACL id");
}

/** The S3 bucket for CloudFront access logs, as the bucket domain name the API expects. */
export function normalizeLogBucket(input: string): Normalized<string> {
  const text = input.trim().toLowerCase().replace(/\.s3\.amazonaws\.com$/, "");
  if (!/^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(text) || text.includes("..")) {
    return refuse("must be an S3 bucket name (my-logs) or its domain name (my-logs.s3.amazonaws.com)");
  }
  return { ok: true, value: `${text}.s3.amazonaws.com` };
}
