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

type AcmCertificateModule = { AcmCertificate: typeof AcmCertificate };
type AcmCertificateValidationModule = { AcmCertificateValidation: typeof AcmCertificateValidation };
type CloudfrontDistributionModule = { CloudfrontDistribution: typeof CloudfrontDistribution };
type AwsProviderModule = { AwsProvider: typeof AwsProvider };
type Route53RecordModule = { Route53Record: typeof Route53Record };

/** The AWS binding packages an app may have, in the order they are looked for. */
export const AWS_BINDING_PACKAGES = ["@cdktf/provider-aws", "@cdktn/provider-aws"] as const;

/**
 * True when `error` says that `specifier` itself is not installed (not a module it needs in turn):
 * Node's own error, or the packaged library's one-line error for a missing peer (which names it).
 */
function isMissing(error: unknown, specifier: string): boolean {
  const { code, request } = (error ?? {}) as { code?: unknown; request?: unknown };
  if (code === "EMAIL_ASSETS_MISSING_PEER") return request === specifier;
  return code === "MODULE_NOT_FOUND" && String((error as Error).message).includes(`'${specifier}'`);
}

/** A module of the first binding package that is installed, or undefined when none is. */
function firstInstalled<T>(loaders: readonly (readonly [string, () => T])[]): T | undefined {
  for (const [specifier, load] of loaders) {
    try {
      return load();
    } catch (error) {
      if (!isMissing(error, specifier)) throw error;
    }
  }
  return undefined;
}

/** Each module once found; a failed lookup is not cached by Node, so the package found is remembered here. */
const found = new Map<string, unknown>();

/**
 * A binding module of the AWS provider, from cdktf's package (@cdktf/provider-aws, AWS provider 5)
 * when the app has it, else from CDK Terrain's (@cdktn/provider-aws, AWS provider 6): their classes
 * take the same props and synthesize the same JSON, and the stack writes the provider version the
 * config chose, not the binding's. Each specifier is written out in full, a deep path.
 */
function aws<T>(resource: string, cdktf: () => T, cdktn: () => T): T {
  const cached = found.get(resource);
  if (cached !== undefined) return cached as T;
  const module = firstInstalled([
    [`@cdktf/provider-aws/lib/${resource}`, cdktf],
    [`@cdktn/provider-aws/lib/${resource}`, cdktn],
  ]);
  if (module === undefined) {
    const missing = new Error(
      `email-assets-domain needs ${AWS_BINDING_PACKAGES.join(" or ")} for the constructs that create AWS resources (CloudFront, ACM, Route 53), and the app has neither: ` +
        "install one beside email-assets-domain, npm install @cdktf/provider-aws (cdktf apps) or npm install @cdktn/provider-aws (CDK Terrain apps)",
    );
    throw Object.assign(missing, { code: "EMAIL_ASSETS_MISSING_PEER" });
  }
  found.set(resource, module);
  return module;
}

/**
 * The provider classes the constructs and stacks create, each loaded on first use (by its deep
 * path, never a package root). Loading a binding costs 1-35 ms (the CloudFront distribution and
 * the Cloudflare ruleset ones are the largest), and a config should not pay for resource types it
 * never creates: a Cloudflare page-rules config loads no AWS binding and no ruleset (about 90 ms of
 * a small synth, see README, Performance). Node caches each module after its first load.
 */
export const bindings = {
  AcmCertificate: () =>
    aws(
      "acm-certificate",
      () => require("@cdktf/provider-aws/lib/acm-certificate") as AcmCertificateModule,
      () => require("@cdktn/provider-aws/lib/acm-certificate") as AcmCertificateModule,
    ).AcmCertificate,
  AcmCertificateValidation: () =>
    aws(
      "acm-certificate-validation",
      () => require("@cdktf/provider-aws/lib/acm-certificate-validation") as AcmCertificateValidationModule,
      () => require("@cdktn/provider-aws/lib/acm-certificate-validation") as AcmCertificateValidationModule,
    ).AcmCertificateValidation,
  CloudfrontDistribution: () =>
    aws(
      "cloudfront-distribution",
      () => require("@cdktf/provider-aws/lib/cloudfront-distribution") as CloudfrontDistributionModule,
      () => require("@cdktn/provider-aws/lib/cloudfront-distribution") as CloudfrontDistributionModule,
    ).CloudfrontDistribution,
  AwsProvider: () =>
    aws("provider", () => require("@cdktf/provider-aws/lib/provider") as AwsProviderModule, () => require("@cdktn/provider-aws/lib/provider") as AwsProviderModule)
      .AwsProvider,
  Route53Record: () =>
    aws(
      "route53-record",
      () => require("@cdktf/provider-aws/lib/route53-record") as Route53RecordModule,
      () => require("@cdktn/provider-aws/lib/route53-record") as Route53RecordModule,
    ).Route53Record,
  DnsRecord: () => (require("@cdktf/provider-cloudflare/lib/dns-record") as { DnsRecord: typeof DnsRecord }).DnsRecord,
  PageRule: () => (require("@cdktf/provider-cloudflare/lib/page-rule") as { PageRule: typeof PageRule }).PageRule,
  CloudflareProvider: () => (require("@cdktf/provider-cloudflare/lib/provider") as { CloudflareProvider: typeof CloudflareProvider }).CloudflareProvider,
  Ruleset: () => (require("@cdktf/provider-cloudflare/lib/ruleset") as { Ruleset: typeof Ruleset }).Ruleset,
  WorkersRoute: () => (require("@cdktf/provider-cloudflare/lib/workers-route") as { WorkersRoute: typeof WorkersRoute }).WorkersRoute,
  WorkersScript: () => (require("@cdktf/provider-cloudflare/lib/workers-script") as { WorkersScript: typeof WorkersScript }).WorkersScript,
  ZoneSetting: () => (require("@cdktf/provider-cloudflare/lib/zone-setting") as { ZoneSetting: typeof ZoneSetting }).ZoneSetting,
} as const;

/**
 * True when `value` is an AwsProvider of an AWS binding package the app has. @cdktn/provider-aws
 * builds on the package `cdktn` while this library loads `cdktf` (in a CDK Terrain app an alias of
 * cdktn, installed apart): two copies of one engine, which synthesize together (they share their
 * token map and mark their constructs with global symbols), but whose TerraformProvider classes differ.
 */
export function isAwsBindingProvider(value: unknown): boolean {
  const loaders = [
    ["@cdktf/provider-aws/lib/provider", () => require("@cdktf/provider-aws/lib/provider") as AwsProviderModule],
    ["@cdktn/provider-aws/lib/provider", () => require("@cdktn/provider-aws/lib/provider") as AwsProviderModule],
  ] as const;
  return loaders.some((loader) => {
    const AwsProviderClass = firstInstalled([loader])?.AwsProvider;
    return AwsProviderClass !== undefined && value instanceof AwsProviderClass;
  });
}
