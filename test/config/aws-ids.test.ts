import { describe, expect, it } from "vitest";
import { normalizeCertificateArn, normalizeLogBucket, normalizeRoute53ZoneId, normalizeWebAclId } from "../../src/config/fields/aws-ids";

const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

describe("AWS id normalizers", () => {
  it.each([
    [normalizeCertificateArn, ` ${ARN}`, ARN],
    [normalizeRoute53ZoneId, "Z0123456789ABCDEFGHIJ", "Z0123456789ABCDEFGHIJ"],
    [normalizeRoute53ZoneId, "/hostedzone/z0123abc", "Z0123ABC"],
    [normalizeRoute53ZoneId, "hostedzone/Z9", "Z9"],
    [normalizeWebAclId, "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acl_1/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acl_1/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"],
    [normalizeWebAclId, "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"],
    [normalizeLogBucket, "acme-logs", "acme-logs.s3.amazonaws.com"],
    [normalizeLogBucket, "Acme-Logs.s3.amazonaws.com", "acme-logs.s3.amazonaws.com"],
  ] as const)("%o accepts %j as %j", (normalize, input, expected) => {
    expect(normalize(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [normalizeCertificateArn, ARN.replace("us-east-1", "eu-central-1"), "is in eu-central-1"],
    [normalizeCertificateArn, ARN.replace("arn:aws:", "arn:aws-cn:"), "must be an ACM certificate ARN"],
    [normalizeCertificateArn, ARN.replace("123456789012", "1234"), "must be an ACM certificate ARN"],
    [normalizeRoute53ZoneId, "example.com", "Route 53 hosted zone id"],
    [normalizeRoute53ZoneId, "Z", "Route 53 hosted zone id"],
    [normalizeWebAclId, "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "CloudFront scope"],
    [normalizeWebAclId, "acl", "WAFv2 web ACL ARN"],
    [normalizeLogBucket, "a", "S3 bucket name"],
    [normalizeLogBucket, "192.168.1.1", "S3 bucket name"],
    [normalizeLogBucket, "bad..bucket", "S3 bucket name"],
  ] as const)("%o fails when given %j", (normalize, input, fragment) => {
    const result = normalize(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(fragment);
  });
});
