import type { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import type { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import type { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import type { PageRule } from "@cdktf/provider-cloudflare/lib/page-rule";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { WorkersRoute } from "@cdktf/provider-cloudflare/lib/workers-route";
import type { WorkersScript } from "@cdktf/provider-cloudflare/lib/workers-script";
import type { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";

/**
 * The provider classes the constructs and stacks create, each loaded on first use (by its deep
 * path, never a package root). Loading a binding costs 1-35 ms (the CloudFront distribution and
 * the Cloudflare ruleset ones are the largest), and a config should not pay for resource types it
 * never creates: a Cloudflare page-rules config loads no AWS binding and no ruleset (about 90 ms of
 * a small synth, see README, Performance). Node caches each module after its first load.
 */
export const bindings = {
  AcmCertificate: () => (require("@cdktf/provider-aws/lib/acm-certificate") as { AcmCertificate: typeof AcmCertificate }).AcmCertificate,
  AcmCertificateValidation: () =>
    (require("@cdktf/provider-aws/lib/acm-certificate-validation") as { AcmCertificateValidation: typeof AcmCertificateValidation }).AcmCertificateValidation,
  CloudfrontDistribution: () =>
    (require("@cdktf/provider-aws/lib/cloudfront-distribution") as { CloudfrontDistribution: typeof CloudfrontDistribution }).CloudfrontDistribution,
  AwsProvider: () => (require("@cdktf/provider-aws/lib/provider") as { AwsProvider: typeof AwsProvider }).AwsProvider,
  Route53Record: () => (require("@cdktf/provider-aws/lib/route53-record") as { Route53Record: typeof Route53Record }).Route53Record,
  DnsRecord: () => (require("@cdktf/provider-cloudflare/lib/dns-record") as { DnsRecord: typeof DnsRecord }).DnsRecord,
  PageRule: () => (require("@cdktf/provider-cloudflare/lib/page-rule") as { PageRule: typeof PageRule }).PageRule,
  CloudflareProvider: () => (require("@cdktf/provider-cloudflare/lib/provider") as { CloudflareProvider: typeof CloudflareProvider }).CloudflareProvider,
  Ruleset: () => (require("@cdktf/provider-cloudflare/lib/ruleset") as { Ruleset: typeof Ruleset }).Ruleset,
  WorkersRoute: () => (require("@cdktf/provider-cloudflare/lib/workers-route") as { WorkersRoute: typeof WorkersRoute }).WorkersRoute,
  WorkersScript: () => (require("@cdktf/provider-cloudflare/lib/workers-script") as { WorkersScript: typeof WorkersScript }).WorkersScript,
  ZoneSetting: () => (require("@cdktf/provider-cloudflare/lib/zone-setting") as { ZoneSetting: typeof ZoneSetting }).ZoneSetting,
} as const;
