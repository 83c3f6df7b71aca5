import { CLOUDFRONT_CERTIFICATE_REGION } from "../facts/aws-facts";
import { refuse, type Normalized } from "./normalized";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const CERTIFICATE_ARN = new RegExp(`^arn:aws:acm:${CLOUDFRONT_CERTIFICATE_REGION}:\\d{12}:certificate/${UUID}$`);
const WAFV2_ARN = /^arn:aws:wafv2:([a-z0-9-]+):(\d{12}):(global|regional)\/webacl\/([A-Za-z0-9_-]{1,128})\/([0-9a-f-]{36})$/;
const WAF_CLASSIC_ID = new RegExp(`^${UUID}$`);

/** An ACM certificate ARN, which CloudFront can use only when it lives in us-east-1. */
export function normalizeCertificateArn(input: string): Normalized<string> {
  const text = input.trim();
  // The region first: an ARN from another region is the likelier mistake, whatever else is off.
  const region = /^arn:aws:acm:([a-z0-9-]+):/.exec(text)?.[1];
  if (region !== undefined && region !== CLOUDFRONT_CERTIFICATE_REGION) {
    return refuse(
      `is in ${region}, but CloudFront only uses ACM certificates from us-east-1; request or import the certificate there, or leave certificateArn out to have one created`,
    );
  }
  if (!CERTIFICATE_ARN.test(text)) {
    return refuse(
      "must be an ACM certificate ARN, arn:aws:acm:us-east-1:<12-digit account>:certificate/<certificate id, a UUID>; leave it out to have one created and validated",
    );
  }
  return { ok: true, value: text };
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
