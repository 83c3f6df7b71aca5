import { describe, expect, it } from "vitest";
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AddressRecords, type AddressRecordsProps } from "../../src/constructs/address-records";
import { CloudflareEmailAssets } from "../../src/constructs/cloudflare-email-assets";
import { CloudflareWorker } from "../../src/constructs/cloudflare-worker";
import { CloudFrontEmailAssets, type CloudFrontEmailAssetsProps } from "../../src/constructs/cloudfront-email-assets";
import { InvalidPropsError } from "../../src/constructs/props-check";
import { EXISTING_CERTIFICATE_ARN, ZONE_A, ZONE_B } from "../support/fixtures";
import { useScratchApps } from "../support/synth";

// The constructs' importIds prop, as a library user passes it: each id is checked against the
// resources the props build and the provider's id format, and adopted resources are imported.

const HOST = "acme.intercom-mail.com";
const R53 = "Z0123ABC";
const ID = "a".repeat(32);
const scratchApp = useScratchApps();
const stack = () => new TerraformStack(scratchApp(), "adopt");

const cloudflare = (props: Record<string, unknown>) => () =>
  new CloudflareEmailAssets(stack(), "c", { zoneId: ZONE_A, domain: "emails.example.com", intercomHost: HOST, pageRulePriorities: { alwaysHttps: 1, hostHeader: 2 }, ...props });
const worker = (importIds: Record<string, string>) => () =>
  new CloudflareWorker(stack(), "w", { accountId: ZONE_B, zoneId: ZONE_A, scriptName: "email-assets-x", script: "export default {}", routePattern: "emails.example.com/*", importIds });
const cloudfront = (props: Partial<CloudFrontEmailAssetsProps>) => () =>
  new CloudFrontEmailAssets(stack(), "cf", { domain: "emails.example.com", intercomHost: HOST, certificate: { kind: "existing", arn: EXISTING_CERTIFICATE_ARN }, ...props });
const addresses = (props: Partial<AddressRecordsProps>) => () =>
  new AddressRecords(stack(), "a", { name: "emails.example.com", ipv4: "203.0.113.10", target: { kind: "route53", zoneId: R53 }, ...props });

const problemsOf = (build: () => unknown): string[] => {
  try {
    build();
  } catch (error) {
    if (error instanceof InvalidPropsError) return error.message.split("\n").slice(1).map((line) => line.trim());
    throw error;
  }
  return [];
};

/** [case, construction, the one problem line] */
const BAD: [string, () => unknown, string][] = [
  ["a record's import id names another zone", cloudflare({ importIds: { dnsRecord: `${ZONE_B}/${ID}` } }), `importIds.dnsRecord: must be "${ZONE_A}/<id>": the construct's zone, a slash, and the object's id (32 lower-case hexadecimal digits); received "${ZONE_B}/${ID}"`],
  ["a page rule's import id is the bare id", cloudflare({ importIds: { hostHeaderPageRule: ID } }), `importIds.hostHeaderPageRule: must be "${ZONE_A}/<id>": the construct's zone, a slash, and the object's id (32 lower-case hexadecimal digits); received "${ID}"`],
  ["an import id has a third part", cloudflare({ importIds: { dnsRecord: `${ZONE_A}/${ID}/x` } }), `importIds.dnsRecord: must be "${ZONE_A}/<id>": the construct's zone, a slash, and the object's id (32 lower-case hexadecimal digits); received "${ZONE_A}/${ID}/x"`],
  ["page rules are adopted outside page-rules mode", cloudflare({ mode: "worker", pageRulePriorities: undefined, importIds: { alwaysHttpsPageRule: `${ZONE_A}/${ID}` } }), `importIds: names page rules, which only page-rules mode builds; remove them; received {"alwaysHttpsPageRule":"${ZONE_A}/${ID}"}`],
  ["a Worker route's import id is malformed", worker({ workersRoute: `${ZONE_A}/route` }), `importIds.workersRoute: must be "${ZONE_A}/<id>": the construct's zone, a slash, and the object's id (32 lower-case hexadecimal digits); received "${ZONE_A}/route"`],
  ["a distribution id is not in normal form", cloudfront({ importIds: { distribution: "e2qwruhapomqzl" } }), 'importIds.distribution: must be given in normal form, "E2QWRUHAPOMQZL"; received "e2qwruhapomqzl"'],
  ["an existing certificate is adopted", cloudfront({ importIds: { certificate: EXISTING_CERTIFICATE_ARN } }), `importIds.certificate: is for a certificate the construct creates (certificate.kind "new"); remove it; received "${EXISTING_CERTIFICATE_ARN}"`],
  ["a validation record is adopted without its certificate", cloudfront({ dns: { kind: "cloudflare", zoneId: ZONE_B }, importIds: { validationRecord: `${ZONE_B}/${ID}` } }), `importIds.validationRecord: is the validation record of an adopted certificate; give importIds.certificate too, or remove it; received "${ZONE_B}/${ID}"`],
  ["a Cloudflare record is adopted with Route 53 DNS", cloudfront({ dns: { kind: "route53", zoneId: R53 }, importIds: { dnsRecord: `${ZONE_B}/${ID}` } }), `importIds: names Cloudflare records, which only dns kind "cloudflare" builds; remove them; received {"dnsRecord":"${ZONE_B}/${ID}"}`],
  ["an alias record's import id names another record", cloudfront({ dns: { kind: "route53", zoneId: R53 }, importIds: { aliasA: `${R53}_www.example.com_A` } }), `importIds.aliasA: must be "${R53}_emails.example.com_A"; received "${R53}_www.example.com_A"`],
  ["an alias record is adopted without Route 53 DNS", cloudfront({ importIds: { aliasAaaa: `${R53}_emails.example.com_AAAA` } }), `importIds.aliasAaaa: is a Route 53 record, which only dns kind "route53" builds; remove it; received "${R53}_emails.example.com_AAAA"`],
  ["a proxy's Route 53 record id names another type", addresses({ importIds: { A: `${R53}_emails.example.com_AAAA` } }), `importIds.A: must be "${R53}_emails.example.com_A"; received "${R53}_emails.example.com_AAAA"`],
  ["a proxy's AAAA record is adopted without ipv6", addresses({ importIds: { AAAA: `${R53}_emails.example.com_AAAA` } }), `importIds.AAAA: names the AAAA record, but there is no ipv6 address; remove it; received "${R53}_emails.example.com_AAAA"`],
  ["a proxy's Cloudflare record id names another zone", addresses({ target: { kind: "cloudflare", zoneId: ZONE_A }, importIds: { A: `${ZONE_B}/${ID}` } }), `importIds.A: must be "${ZONE_A}/<id>": the construct's zone, a slash, and the object's id (32 lower-case hexadecimal digits); received "${ZONE_B}/${ID}"`],
];

describe("importIds props", () => {
  it.each(BAD)("fails when %s", (_case, build, line) => {
    expect(problemsOf(build)).toEqual([line]);
  });

  it("imports what a library user adopts, with the resource's own provider, and honours preventDestroy: false", () => {
    const own = stack();
    new AwsProvider(own, "aws", { region: "us-east-1" });
    new CloudflareProvider(own, "cloudflare", {});
    const certificateProvider = new AwsProvider(own, "east", { alias: "east", region: "us-east-1" });
    new CloudFrontEmailAssets(own, "cf", {
      domain: "emails.example.com",
      intercomHost: HOST,
      certificate: { kind: "new", provider: certificateProvider },
      dns: { kind: "cloudflare", zoneId: ZONE_B },
      preventDestroy: false,
      importIds: { distribution: "E2QWRUHAPOMQZL", certificate: EXISTING_CERTIFICATE_ARN, validationRecord: `${ZONE_B}/${ID}` },
    });
    const json = JSON.parse(Testing.synth(own)) as { import: { to: string; id: string; provider?: string }[]; resource: Record<string, Record<string, { lifecycle?: unknown }>> };
    expect(json.import.map(({ to, provider }) => `${to} ${provider ?? ""}`)).toEqual([
      expect.stringMatching(/^aws_acm_certificate\.cf_certificate_[0-9A-F]+ aws\.east$/),
      expect.stringMatching(/^cloudflare_dns_record\.cf_validation_record_[0-9A-F]+ $/),
      expect.stringMatching(/^aws_cloudfront_distribution\.cf_distribution_[0-9A-F]+ $/),
    ]);
    const [certificate] = Object.values(json.resource.aws_acm_certificate ?? {});
    expect(certificate?.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: expect.arrayContaining(["domain_name", "validation_method"]) });
    const [validation] = Object.values(json.resource.cloudflare_dns_record ?? {}).filter((record) => record.lifecycle === undefined);
    expect(validation).toBeDefined();
  });
  it("keeps an adopted certificate's Route 53 validation record from destruction, which a new certificate's need not", () => {
    const lifecycles = (adopted: boolean) => {
      const own = stack();
      new AwsProvider(own, "aws", { region: "us-east-1" });
      const certificateProvider = new AwsProvider(own, "east", { alias: "east", region: "us-east-1" });
      new CloudFrontEmailAssets(own, "cf", {
        domain: "emails.example.com",
        intercomHost: HOST,
        certificate: { kind: "new", provider: certificateProvider },
        dns: { kind: "route53", zoneId: R53 },
        ...(adopted && { importIds: { certificate: EXISTING_CERTIFICATE_ARN } }),
      });
      const json = JSON.parse(Testing.synth(own)) as { resource: Record<string, Record<string, { lifecycle?: unknown; records?: unknown }>> };
      return Object.values(json.resource.aws_route53_record ?? {}).filter((record) => record.records !== undefined).map((record) => record.lifecycle);
    };
    expect(lifecycles(true)).toEqual([{ prevent_destroy: true }]);
    expect(lifecycles(false)).toEqual([undefined]);
  });
});
