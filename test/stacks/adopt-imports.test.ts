import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/rules/validate-config";
import { PROJECT_DIR } from "../support/project";
import { MODULES_DIR, synthApp } from "../../src/stacks/synth-app";
import { useTempDirs } from "../support/project";
import { cloudflareDomain, cloudfrontDomain, EXISTING_CERTIFICATE_ARN, ZONE_A, ZONE_B } from "../support/fixtures";
import { resource, synthConfig, type StackJson } from "../support/synth";

// The synthesized import blocks of adopted resources: exact ids and Terraform addresses, per edge,
// mode and DNS, in per-domain and named stacks; and the lifecycle that keeps an adopted resource
// from being replaced.

const R53 = "Z0123456789ABCDEFGHIJ";
const ACCOUNT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const ID = { cname: "a".repeat(32), alwaysHttps: "b".repeat(32), hostHeader: "c".repeat(32), route: "d".repeat(32), validation: "e".repeat(32), a: "f".repeat(32), aaaa: "0a".repeat(16) };
const DISTRIBUTION = "E2QWRUHAPOMQZL";
const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/7d1b3c5e-9f2a-4b6c-8d0e-1f3a5b7c9d0e";

type Import = { to: string; id: string; provider?: string };
const importsOf = (stack: StackJson | undefined): Import[] => (stack as { import?: Import[] } | undefined)?.import ?? [];
const only = (config: unknown): StackJson => {
  const stacks = Object.values(synthConfig(config));
  expect(stacks).toHaveLength(1);
  return stacks[0];
};
const proxy = (domain: string, block: Record<string, unknown>, adopt: unknown) => ({
  domain,
  workspace: "acme",
  region: "us",
  edge: "proxy",
  proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10", ipv6: "2001:db8::10", ...block },
  adopt,
});

describe("the Cloudflare edge", () => {
  it("page-rules mode: the CNAME and both page rules, as <zone id>/<id>", () => {
    const stack = only({ domains: [cloudflareDomain({ adopt: { dnsRecord: ID.cname, pageRules: { alwaysHttps: ID.alwaysHttps, hostHeader: ID.hostHeader } } })] });
    expect(importsOf(stack)).toEqual([
      { to: "cloudflare_dns_record.cname", id: `${ZONE_A}/${ID.cname}` },
      { to: "cloudflare_page_rule.always_https", id: `${ZONE_A}/${ID.alwaysHttps}` },
      { to: "cloudflare_page_rule.host_header", id: `${ZONE_A}/${ID.hostHeader}` },
    ]);
    for (const [type, name] of [["cloudflare_dns_record", "cname"], ["cloudflare_page_rule", "always_https"], ["cloudflare_page_rule", "host_header"]] as const) {
      expect(resource(stack, type, name).lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it("page-rules mode: one page rule alone, the other created", () => {
    expect(importsOf(only({ domains: [cloudflareDomain({ adopt: { pageRules: { hostHeader: ID.hostHeader } } })] }))).toEqual([
      { to: "cloudflare_page_rule.host_header", id: `${ZONE_A}/${ID.hostHeader}` },
    ]);
  });

  it("worker mode: the CNAME and the route (the Worker itself is always the stack's own)", () => {
    const stack = only({ domains: [cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ACCOUNT }, adopt: { dnsRecord: ID.cname, workerRoute: ID.route } })] });
    expect(importsOf(stack)).toEqual([
      { to: "cloudflare_dns_record.cname", id: `${ZONE_A}/${ID.cname}` },
      { to: "cloudflare_workers_route.worker_route", id: `${ZONE_A}/${ID.route}` },
    ]);
  });

  it("worker mode with only the route adopted; rulesets mode with the CNAME beside existing rulesets", () => {
    expect(importsOf(only({ domains: [cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ACCOUNT }, adopt: { workerRoute: ID.route } })] }))).toEqual([
      { to: "cloudflare_workers_route.worker_route", id: `${ZONE_A}/${ID.route}` },
    ]);
    const rulesets = only({ domains: [cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "rulesets", existingRulesets: { http_request_origin: ID.validation } }, adopt: { dnsRecord: ID.cname } })] });
    expect(importsOf(rulesets)).toEqual([
      { to: "cloudflare_dns_record.cname", id: `${ZONE_A}/${ID.cname}` },
      { to: "cloudflare_ruleset.origin_rules", id: `zones/${ZONE_A}/${ID.validation}` },
    ]);
  });

  it("in a named stack, under the domain's prefixed addresses", () => {
    const stacks = synthConfig({
      domains: [
        cloudflareDomain({ stack: "fleet", adopt: { dnsRecord: ID.cname } }),
        cloudflareDomain({ domain: "news.example.com", stack: "fleet", adopt: { pageRules: { alwaysHttps: ID.alwaysHttps } } }),
      ],
    });
    expect(importsOf(stacks.fleet)).toEqual([
      { to: "cloudflare_dns_record.emails-example-com_cname", id: `${ZONE_A}/${ID.cname}` },
      { to: "cloudflare_page_rule.news-example-com_always_https", id: `${ZONE_A}/${ID.alwaysHttps}` },
    ]);
  });

  it("without adopt, the stack holds no import block", () => {
    expect(importsOf(only({ domains: [cloudflareDomain()] }))).toEqual([]);
  });
});

describe("the CloudFront edge", () => {
  it("Route 53 DNS and a created certificate: distribution, certificate (with its provider) and both alias records by name", () => {
    const stack = only({
      domains: [cloudfrontDomain("emails.example.org", { dns: "route53", route53ZoneId: R53 }, { adopt: { distribution: DISTRIBUTION, certificate: ARN, route53Records: true } })],
    });
    expect(importsOf(stack)).toEqual([
      { to: "aws_acm_certificate.certificate", id: ARN, provider: "aws.us_east_1" },
      { to: "aws_cloudfront_distribution.distribution", id: DISTRIBUTION },
      { to: "aws_route53_record.alias_a", id: `${R53}_emails.example.org_A` },
      { to: "aws_route53_record.alias_aaaa", id: `${R53}_emails.example.org_AAAA` },
    ]);
    // The adopted certificate keeps what only a replacement could change, and is protected.
    expect(resource(stack, "aws_acm_certificate", "certificate").lifecycle).toEqual({
      create_before_destroy: true,
      ignore_changes: ["domain_name", "subject_alternative_names", "validation_method", "key_algorithm", "certificate_authority_arn", "validation_option"],
      prevent_destroy: true,
    });
    expect(resource(stack, "aws_cloudfront_distribution", "distribution").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(stack, "aws_route53_record", "alias_a").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("Route 53 DNS with only the alias A record taken over: the AAAA record is created", () => {
    const stack = only({ domains: [cloudfrontDomain("emails.example.org", { dns: "route53", route53ZoneId: R53 }, { adopt: { route53Records: ["A"] } })] });
    expect(importsOf(stack)).toEqual([{ to: "aws_route53_record.alias_a", id: `${R53}_emails.example.org_A` }]);
    // A certificate that is not adopted is created as before.
    expect(resource(stack, "aws_acm_certificate", "certificate").lifecycle).toEqual({ create_before_destroy: true });
  });

  it("Cloudflare DNS: the certificate, its validation record and the CNAME, as <zone id>/<id> with the Cloudflare provider", () => {
    const stack = only({
      domains: [
        cloudfrontDomain("emails.example.eu", { dns: "cloudflare", cloudflareZoneId: ZONE_B }, { adopt: { distribution: DISTRIBUTION, certificate: ARN, validationRecord: ID.validation, dnsRecord: ID.cname } }),
      ],
    });
    expect(importsOf(stack)).toEqual([
      { to: "aws_acm_certificate.certificate", id: ARN, provider: "aws.us_east_1" },
      { to: "cloudflare_dns_record.validation_record", id: `${ZONE_B}/${ID.validation}`, provider: "cloudflare" },
      { to: "aws_cloudfront_distribution.distribution", id: DISTRIBUTION },
      { to: "cloudflare_dns_record.cname", id: `${ZONE_B}/${ID.cname}`, provider: "cloudflare" },
    ]);
    expect(resource(stack, "cloudflare_dns_record", "validation_record").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("Cloudflare DNS, nothing but the CNAME adopted: the certificate's new validation record is created, unprotected as before", () => {
    const stack = only({ domains: [cloudfrontDomain("emails.example.eu", { dns: "cloudflare", cloudflareZoneId: ZONE_B }, { adopt: { dnsRecord: ID.cname } })] });
    expect(importsOf(stack)).toEqual([{ to: "cloudflare_dns_record.cname", id: `${ZONE_B}/${ID.cname}`, provider: "cloudflare" }]);
    expect(resource(stack, "cloudflare_dns_record", "validation_record")).not.toHaveProperty("lifecycle");
  });

  it("external DNS and a given certificate (certificateArn): the distribution alone", () => {
    const stack = only({ domains: [cloudfrontDomain("emails.example.com", { certificateArn: EXISTING_CERTIFICATE_ARN }, { adopt: { distribution: DISTRIBUTION } })] });
    expect(importsOf(stack)).toEqual([{ to: "aws_cloudfront_distribution.distribution", id: DISTRIBUTION }]);
    expect(stack.resource?.aws_acm_certificate).toBeUndefined();
  });

  it("external DNS and a created certificate: the distribution and the certificate", () => {
    const stack = only({ domains: [cloudfrontDomain("emails.example.com", {}, { adopt: { distribution: DISTRIBUTION, certificate: ARN } })] });
    expect(importsOf(stack)).toEqual([
      { to: "aws_acm_certificate.certificate", id: ARN, provider: "aws.us_east_1" },
      { to: "aws_cloudfront_distribution.distribution", id: DISTRIBUTION },
    ]);
  });

  it("in a named stack, under the domain's prefixed addresses", () => {
    const stacks = synthConfig({
      domains: [cloudfrontDomain("emails.example.org", { dns: "route53", route53ZoneId: R53 }, { stack: "fleet", adopt: { distribution: DISTRIBUTION, route53Records: ["AAAA"] } })],
    });
    expect(importsOf(stacks.fleet)).toEqual([
      { to: "aws_cloudfront_distribution.emails-example-org_distribution", id: DISTRIBUTION },
      { to: "aws_route53_record.emails-example-org_alias_aaaa", id: `${R53}_emails.example.org_AAAA` },
    ]);
  });
});

describe("the proxy edge", () => {
  it("Cloudflare DNS: the A and AAAA records", () => {
    const stack = only({ domains: [proxy("links.example.com", { dns: "cloudflare", cloudflareZoneId: ZONE_B }, { dnsRecords: { A: ID.a, AAAA: ID.aaaa } })] });
    expect(importsOf(stack)).toEqual([
      { to: "cloudflare_dns_record.address_a", id: `${ZONE_B}/${ID.a}`, provider: "cloudflare" },
      { to: "cloudflare_dns_record.address_aaaa", id: `${ZONE_B}/${ID.aaaa}`, provider: "cloudflare" },
    ]);
    expect(resource(stack, "cloudflare_dns_record", "address_aaaa").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("Route 53 DNS: the records by name, only those named", () => {
    expect(importsOf(only({ domains: [proxy("links.example.com", { dns: "route53", route53ZoneId: R53 }, { route53Records: ["AAAA"] })] }))).toEqual([
      { to: "aws_route53_record.address_aaaa", id: `${R53}_links.example.com_AAAA` },
    ]);
    expect(importsOf(only({ domains: [proxy("links.example.com", { dns: "route53", route53ZoneId: R53 }, { route53Records: true })] }))).toEqual([
      { to: "aws_route53_record.address_a", id: `${R53}_links.example.com_A` },
      { to: "aws_route53_record.address_aaaa", id: `${R53}_links.example.com_AAAA` },
    ]);
  });
});

describe("module mode", () => {
  const tempDir = useTempDirs();

  it("leaves every adopted resource's import out of the modules and prints the parent's import block for each", () => {
    const config = parseConfig({
      domains: [
        cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ACCOUNT }, adopt: { dnsRecord: ID.cname, workerRoute: ID.route } }),
        cloudfrontDomain("emails.example.org", { dns: "route53", route53ZoneId: R53 }, { adopt: { distribution: DISTRIBUTION, certificate: ARN, route53Records: true } }),
        cloudfrontDomain("emails.example.eu", { dns: "cloudflare", cloudflareZoneId: ZONE_B }, { adopt: { certificate: EXISTING_CERTIFICATE_ARN, validationRecord: ID.validation, dnsRecord: ID.alwaysHttps } }),
        proxy("links.example.com", { dns: "cloudflare", cloudflareZoneId: ZONE_B }, { dnsRecords: { A: ID.a, AAAA: ID.aaaa } }),
        cloudflareDomain({ domain: "pages.example.com", stack: "fleet", adopt: { pageRules: { alwaysHttps: ID.hostHeader } } }),
      ],
    });
    const outdir = join(tempDir(), "cdktf.out");
    const warnings: string[] = [];
    const ids = synthApp(config, { outdir, projectDir: tempDir(), modules: true, warn: (message) => warnings.push(message) }).stacks.map((stack) => stack.id);
    expect(ids).toEqual(["emails-example-com", "emails-example-org", "emails-example-eu", "links-example-com", "fleet"]);
    for (const id of ids) {
      const module = JSON.parse(readFileSync(join(outdir, MODULES_DIR, id, "main.tf.json"), "utf8")) as Record<string, unknown>;
      expect(module, id).not.toHaveProperty("import");
    }
    const parent = (id: string, to: string, importId: string) =>
      `${MODULES_DIR}/${id}: Terraform takes import blocks only in the root module, so the module leaves out the stack's import of ${to}; add an import block to the parent configuration, one argument a line (HCL allows no one-line form), with to = module.<name>.${to} and id = "${importId}"`;
    expect(warnings).toEqual([
      parent("emails-example-com", "cloudflare_dns_record.cname", `${ZONE_A}/${ID.cname}`),
      parent("emails-example-com", "cloudflare_workers_route.worker_route", `${ZONE_A}/${ID.route}`),
      parent("emails-example-org", "aws_acm_certificate.certificate", ARN),
      parent("emails-example-org", "aws_cloudfront_distribution.distribution", DISTRIBUTION),
      parent("emails-example-org", "aws_route53_record.alias_a", `${R53}_emails.example.org_A`),
      parent("emails-example-org", "aws_route53_record.alias_aaaa", `${R53}_emails.example.org_AAAA`),
      parent("emails-example-eu", "aws_acm_certificate.certificate", EXISTING_CERTIFICATE_ARN),
      parent("emails-example-eu", "cloudflare_dns_record.validation_record", `${ZONE_B}/${ID.validation}`),
      parent("emails-example-eu", "cloudflare_dns_record.cname", `${ZONE_B}/${ID.alwaysHttps}`),
      parent("links-example-com", "cloudflare_dns_record.address_a", `${ZONE_B}/${ID.a}`),
      parent("links-example-com", "cloudflare_dns_record.address_aaaa", `${ZONE_B}/${ID.aaaa}`),
      parent("fleet", "cloudflare_page_rule.pages-example-com_always_https", `${ZONE_A}/${ID.hostHeader}`),
    ]);
  });
});

describe("README: Already live? Adopt it", () => {
  it("has an adopt example that validates and synthesizes the import blocks its table names", () => {
    const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Already live? Adopt it"));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const stacks = synthConfig(parse(block));
    expect(Object.fromEntries(Object.entries(stacks).map(([id, stack]) => [id, importsOf(stack).map((block) => `${block.to} ${block.id}`)]))).toEqual({
      "emails-example-com": [
        `cloudflare_dns_record.cname ${ZONE_A}/372e67954025e0ba6aaa6d586b9e0b59`,
        `cloudflare_page_rule.always_https ${ZONE_A}/9a7806061c88ada191ed06f989cc3dac`,
        `cloudflare_page_rule.host_header ${ZONE_A}/5ec1de23c3f3f2d6c4b5a6e7f8091a2b`,
      ],
      "assets-example-org": [
        `aws_acm_certificate.certificate ${EXISTING_CERTIFICATE_ARN}`,
        "aws_cloudfront_distribution.distribution E2QWRUHAPOMQZL",
        `aws_route53_record.alias_a ${R53}_assets.example.org_A`,
        `aws_route53_record.alias_aaaa ${R53}_assets.example.org_AAAA`,
      ],
      "links-example-com": [`cloudflare_dns_record.address_a ${ZONE_A}/0b1c2d3e4f5061728394a5b6c7d8e9f0`],
    });
  });
});
