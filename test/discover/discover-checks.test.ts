// What discover says about each kind of live setup, in-process, with the readers served from
// arrays typed like the SDKs' answers: every difference in words, what is not there, what blocks.
import { describe, expect, it } from "vitest";
import type { AwsReader, ResourceRecordSet } from "../../src/discover/aws-reader";
import type { CloudflarePageRule, CloudflareReader, CloudflareRecord, CloudflareWorkerRoute, CloudflareZone } from "../../src/discover/cloudflare-reader";
import { discoverDomain, readsAws, readsCloudflare } from "../../src/discover/discover-domain";
import type { DomainDiscovery } from "../../src/discover/discovery";
import {
  ACCOUNT_ID,
  addressRecord,
  CERTIFICATE_ARN,
  certificate,
  cloudflareDomainConfig,
  cloudFrontDomainConfig,
  cnameRecord,
  distribution,
  HOSTED_ZONE_ID,
  ids,
  OTHER_CERTIFICATE_ARN,
  pageRule,
  txtRecord,
  WILDCARD_CERTIFICATE_ARN,
  workerRoute,
  ZONE_ID,
  zone,
  type CertificateDetail,
  type DistributionSummary,
} from "../support/discover-fixtures";
import type { RecordResponse } from "../support/cloudflare-stand-in";
import { plansOf } from "../support/plans";

interface Live {
  zone?: CloudflareZone;
  records?: CloudflareRecord[];
  rules?: CloudflarePageRule[];
  routes?: CloudflareWorkerRoute[];
  distributions?: DistributionSummary[];
  certificates?: CertificateDetail[];
  recordSets?: ResourceRecordSet[];
}

function readers(live: Live): { cloudflare: () => CloudflareReader; aws: () => AwsReader } {
  const cloudflare: CloudflareReader = {
    zone: () => Promise.resolve(live.zone ?? zone(ZONE_ID, "example.com")),
    records: (_zone, name) => Promise.resolve((live.records ?? []).filter((record) => record.name === name)),
    pageRules: () => Promise.resolve(live.rules ?? []),
    workerRoutes: () => Promise.resolve(live.routes ?? []),
  };
  const aws: AwsReader = {
    distributions: () => Promise.resolve(live.distributions ?? []),
    certificates: (domain, also) => Promise.resolve((live.certificates ?? []).filter((c) => c.DomainName === domain || c.CertificateArn === also)),
    recordSets: () => Promise.resolve(live.recordSets ?? []),
  };
  return { cloudflare: () => cloudflare, aws: () => aws };
}

async function discover(domainConfig: Record<string, unknown>, live: Live): Promise<DomainDiscovery> {
  const [plan] = plansOf({ domains: [domainConfig] });
  if (plan === undefined) throw new Error("no plan");
  return discoverDomain(plan, readers(live));
}

const DOMAIN = "emails.example.com";
const HOST = "acme.intercom-mail.com";
const cname = (overrides: { content?: string; proxied?: boolean; ttl?: number } = {}) =>
  cnameRecord(ids.cname, DOMAIN, overrides.content ?? HOST, overrides.proxied ?? true, overrides.ttl ?? 1);
const httpRule = (actions: CloudflarePageRule["actions"] = [{ id: "always_use_https" }], priority = 1, status: CloudflarePageRule["status"] = "active", target = `http://${DOMAIN}/*`) =>
  pageRule(ids.alwaysHttps, target, priority, actions, status);
const hostHeaderActions: CloudflarePageRule["actions"] = [
  { id: "host_header_override", value: HOST },
  { id: "rocket_loader", value: "off" },
  { id: "ssl", value: "full" },
];
const httpsRule = (actions: CloudflarePageRule["actions"] = hostHeaderActions, priority = 2) => pageRule(ids.hostHeader, `https://${DOMAIN}/*`, priority, actions);

describe("discover, cloudflare edge, page-rules mode", () => {
  it("adopts a setup made as the guide says and finds no difference", async () => {
    const result = await discover(cloudflareDomainConfig(), { records: [cname()], rules: [httpRule(), httpsRule()] });
    expect(result).toEqual({
      domain: DOMAIN,
      edge: "cloudflare",
      adopt: { dnsRecord: ids.cname, pageRules: { alwaysHttps: ids.alwaysHttps, hostHeader: ids.hostHeader } },
      differences: [],
      notFound: [],
    });
  });

  it("says what it did not find: apply creates it", async () => {
    const result = await discover(cloudflareDomainConfig(), {});
    expect(result.adopt).toEqual({});
    expect(result.notFound).toEqual([
      `the proxied CNAME ${DOMAIN} → ${HOST} (apply creates it)`,
      `the Always-Use-HTTPS page rule http://${DOMAIN}/* (apply creates it)`,
      `the Host-header page rule https://${DOMAIN}/* (apply creates it)`,
    ]);
  });

  it.each([
    [{ content: "acme.intercom-mail.eu" }, `the CNAME points at acme.intercom-mail.eu; apply points it at ${HOST}`],
    [{ proxied: false }, "the CNAME is not proxied; apply turns the proxy on (rules and Workers act only on proxied traffic)"],
    [{ ttl: 300 }, "the CNAME's TTL is 300 s; apply sets it to automatic"],
  ])("says how the CNAME differs: %o", async (record, words) => {
    const result = await discover(cloudflareDomainConfig(), { records: [cname(record)], rules: [httpRule(), httpsRule()] });
    expect(result.adopt).toMatchObject({ dnsRecord: ids.cname });
    expect(result.differences).toEqual([words]);
  });

  it("does not adopt a record of another type at the name: it blocks the CNAME", async () => {
    const result = await discover(cloudflareDomainConfig(), { records: [addressRecord(ids.recordA, DOMAIN, "A", "192.0.2.10", true), txtRecord(ids.decoyTxt, DOMAIN, "hello")] });
    expect(result.adopt).toEqual({});
    expect(result.differences).toEqual([
      `an A record at ${DOMAIN} (record ${ids.recordA}, 192.0.2.10) blocks adoption: a CNAME cannot share its name, so apply cannot create one; remove that record first`,
      `a TXT record at ${DOMAIN} (record ${ids.decoyTxt}, hello) blocks adoption: a CNAME cannot share its name, so apply cannot create one; remove that record first`,
    ]);
    expect(result.notFound[0]).toBe(`the proxied CNAME ${DOMAIN} → ${HOST} (apply creates it)`);
  });

  it.each<[string, CloudflarePageRule, string[]]>([
    ["disabled, at another priority", httpRule(undefined, 7, "disabled"), ["the Always-Use-HTTPS page rule is disabled; apply turns it on (active)", "the Always-Use-HTTPS page rule has priority 7; apply sets it to 1"]],
    [
      "with more actions",
      httpRule([{ id: "always_use_https" }, { id: "cache_level", value: "bypass" }]),
      ['the Always-Use-HTTPS page rule also sets cache_level to bypass; apply removes that (Always Use HTTPS goes alone in its rule: a redirect ends the rule)'],
    ],
    [
      "forwarding instead",
      httpRule([{ id: "forwarding_url", value: { url: `https://${DOMAIN}/$1`, status_code: 301 } }]),
      [
        "the Always-Use-HTTPS page rule does not turn Always Use HTTPS on; apply turns it on",
        `the Always-Use-HTTPS page rule also forwards to https://${DOMAIN}/$1 (301); apply removes that (Always Use HTTPS goes alone in its rule: a redirect ends the rule)`,
      ],
    ],
    [
      "carrying the Host-header rule's settings too",
      httpRule([{ id: "always_use_https" }, ...hostHeaderActions]),
      [
        `the Always-Use-HTTPS page rule also overrides the Host header to ${HOST}; apply removes that (Always Use HTTPS goes alone in its rule: a redirect ends the rule)`,
        "the Always-Use-HTTPS page rule also turns Rocket Loader off; apply removes that (Always Use HTTPS goes alone in its rule: a redirect ends the rule)",
        "the Always-Use-HTTPS page rule also sets SSL to full; apply removes that (Always Use HTTPS goes alone in its rule: a redirect ends the rule)",
      ],
    ],
    ["with its target in capitals", httpRule(undefined, 1, "active", `http://EMAILS.example.com/*`), [`the Always-Use-HTTPS page rule's target is written http://EMAILS.example.com/*; apply writes http://${DOMAIN}/*`]],
  ])("says how the http:// rule differs: %s", async (_name, rule, words) => {
    const result = await discover(cloudflareDomainConfig(), { records: [cname()], rules: [rule, httpsRule()] });
    expect(result.adopt).toMatchObject({ pageRules: { alwaysHttps: ids.alwaysHttps } });
    expect(result.differences).toEqual(words);
  });

  it.each<[string, CloudflarePageRule["actions"], string[]]>([
    ["Rocket Loader on", [hostHeaderActions[0], { id: "rocket_loader", value: "on" }, hostHeaderActions[2]], ["the Host-header page rule turns Rocket Loader on; apply turns it off"]],
    ["no Rocket Loader", [hostHeaderActions[0], hostHeaderActions[2]], ["the Host-header page rule leaves Rocket Loader to the zone's setting; apply turns it off for this host"]],
    ["no Host header override", [hostHeaderActions[1], hostHeaderActions[2]], [`the Host-header page rule does not override the Host header; apply overrides it to ${HOST}`]],
    [
      "another Host header",
      [{ id: "host_header_override", value: "acme.intercom-mail.eu" }, hostHeaderActions[1], hostHeaderActions[2]],
      [`the Host-header page rule overrides the Host header to acme.intercom-mail.eu; apply overrides it to ${HOST}`],
    ],
    ["SSL flexible", [hostHeaderActions[0], hostHeaderActions[1], { id: "ssl", value: "flexible" }], ["the Host-header page rule sets SSL to flexible; apply sets it to full"]],
    ["no SSL", [hostHeaderActions[0], hostHeaderActions[1]], ["the Host-header page rule does not set SSL; apply sets it to full for this host"]],
    [
      "Always Use HTTPS and Mirage too",
      [...hostHeaderActions, { id: "always_use_https" }, { id: "mirage", value: "on" }],
      ["the Host-header page rule also turns Always Use HTTPS on; apply removes that", 'the Host-header page rule also sets mirage to on; apply removes that'],
    ],
  ])("says how the https:// rule differs: %s", async (_name, actions, words) => {
    const result = await discover(cloudflareDomainConfig(), { records: [cname()], rules: [httpRule(), httpsRule(actions)] });
    expect(result.differences).toEqual(words);
  });

  it("with sslScope zone, an SSL setting in the rule is one apply removes", async () => {
    const result = await discover(cloudflareDomainConfig({ cloudflare: { zoneId: ZONE_ID, sslScope: "zone" } }), { records: [cname()], rules: [httpRule(), httpsRule()] });
    expect(result.differences).toEqual(["the Host-header page rule also sets SSL to full; apply removes that (sslScope: zone sets SSL for the whole zone)"]);
  });

  it("names the other rules that reach the host, never those of other hosts, and adopts one of two rules with the same target", async () => {
    const rules = [
      httpRule(),
      httpsRule(),
      pageRule("d0000000000000000000000000000001", `https://${DOMAIN}/*`, 9, hostHeaderActions, "disabled"),
      pageRule("d0000000000000000000000000000002", "*.example.com/*", 4, [{ id: "ssl", value: "flexible" }]),
      pageRule("d0000000000000000000000000000003", `${DOMAIN}:8443/*`, 5, [{ id: "disable_apps" }]),
      pageRule("d0000000000000000000000000000004", "https://emails.example.com.evil.example/*", 6, [{ id: "forwarding_url", value: { url: "https://evil.example/" } }]),
      pageRule("d0000000000000000000000000000005", "https://xemails.example.com/*", 7, []),
      pageRule("d0000000000000000000000000000006", "*emails.example.com/*", 8, []),
    ];
    const result = await discover(cloudflareDomainConfig(), { records: [cname()], rules });
    expect(result.adopt).toMatchObject({ pageRules: { alwaysHttps: ids.alwaysHttps, hostHeader: ids.hostHeader } });
    expect(result.differences).toEqual([
      `another page rule has the target https://${DOMAIN}/* (rule d0000000000000000000000000000001, https://${DOMAIN}/*, priority 9, disabled): adopt one of them and remove the other first`,
      "a page rule for this host also sets SSL to flexible (rule d0000000000000000000000000000002, *.example.com/*, priority 4, active): adopt it or remove it first",
      `a page rule for this host also sets disable_apps (rule d0000000000000000000000000000003, ${DOMAIN}:8443/*, priority 5, active): adopt it or remove it first`,
      "a page rule for this host also matches (rule d0000000000000000000000000000006, *emails.example.com/*, priority 8, active): adopt it or remove it first",
    ]);
  });

  it("says when the zone does not hold the domain, or is not on Enterprise", async () => {
    const result = await discover(cloudflareDomainConfig(), { zone: zone(ZONE_ID, "example.net", { name: "Pro Website", legacy_id: "pro" }), records: [], rules: [] });
    expect(result.differences).toEqual([
      `zone ${ZONE_ID} is example.net, which does not hold ${DOMAIN}: apply would write into the wrong zone; fix the zone id in the config`,
      "zone example.net is on the Pro Website plan: Host Header Override needs Enterprise, so apply fails at the Host-header page rule; mode: worker works on any plan",
    ]);
  });
});

describe("discover, cloudflare edge, worker and rulesets modes", () => {
  const worker = cloudflareDomainConfig({ cloudflare: { zoneId: ZONE_ID, mode: "worker", accountId: ACCOUNT_ID } });

  it("adopts the route of exactly <domain>/*, says which Worker it runs, and names other routes for the host", async () => {
    const routes = [
      workerRoute(ids.route, `${DOMAIN}/*`, "hand-made-worker"),
      workerRoute(ids.decoyRoute, "other.example.com/*", "email-assets-emails-example-com"),
      workerRoute("d0000000000000000000000000000007", `${DOMAIN}/images/*`),
      workerRoute("d0000000000000000000000000000008", `${DOMAIN}/*`, "email-assets-emails-example-com"),
    ];
    const result = await discover(worker, { zone: zone(ZONE_ID, "example.com", { name: "Free Website", legacy_id: "free" }), records: [cname()], routes });
    expect(result.adopt).toEqual({ dnsRecord: ids.cname, workerRoute: ids.route });
    expect(result.differences).toEqual([
      `a Worker route for this host also matches (route d0000000000000000000000000000007, ${DOMAIN}/images/*, Worker none): adopt it or remove it first`,
      `a Worker route for this host also matches (route d0000000000000000000000000000008, ${DOMAIN}/*, Worker email-assets-emails-example-com): adopt it or remove it first`,
      `the Worker route ${DOMAIN}/* sends requests to Worker hand-made-worker; apply points it at email-assets-emails-example-com, the Worker the stack uploads`,
    ]);
  });

  it("says a route without a Worker, and a route it did not find", async () => {
    const without = await discover(worker, { records: [cname()], routes: [workerRoute(ids.route, `${DOMAIN}/*`)] });
    expect(without.differences).toEqual([`the Worker route ${DOMAIN}/* sends requests to no Worker; apply points it at email-assets-emails-example-com, the Worker the stack uploads`]);
    const none = await discover(worker, { records: [cname()], routes: [workerRoute(ids.decoyRoute, "other.example.com/*", "x")] });
    expect(none.notFound).toEqual([`the Worker route ${DOMAIN}/* to email-assets-emails-example-com (apply creates it)`]);
    expect(none.adopt).toEqual({ dnsRecord: ids.cname });
  });

  it("rulesets mode adopts the CNAME only (the rulesets are adopted through existingRulesets)", async () => {
    const result = await discover(cloudflareDomainConfig({ cloudflare: { zoneId: ZONE_ID, mode: "rulesets" } }), { records: [cname()], rules: [httpRule()] });
    expect(result).toMatchObject({ adopt: { dnsRecord: ids.cname }, differences: [], notFound: [] });
  });
});

const ORG = "assets.example.org";
const DIST_NAME = "d222222abcdef8.cloudfront.net";
const dist = (overrides: Partial<DistributionSummary> = {}) => distribution("E2REAL0000002", DIST_NAME, [ORG], overrides);
const alias = (type: "A" | "AAAA", target = `${DIST_NAME}.`, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({
  Name: `${ORG}.`,
  Type: type,
  AliasTarget: { HostedZoneId: "Z2FDTNDATAQYW2", DNSName: target, EvaluateTargetHealth: false },
  ...extra,
});
const cert = (overrides: Partial<CertificateDetail> = {}) => certificate(CERTIFICATE_ARN, ORG, overrides);

describe("discover, cloudfront edge", () => {
  it("adopts the distribution with the alias and its certificate; the Route 53 alias records need nothing", async () => {
    const result = await discover(cloudFrontDomainConfig(), { distributions: [distribution("EDECOY", "d1.cloudfront.net", ["assets.example.net"]), dist()], certificates: [cert()], recordSets: [alias("A"), alias("AAAA")] });
    expect(result).toEqual({ domain: ORG, edge: "cloudfront", adopt: { distribution: "E2REAL0000002", certificate: CERTIFICATE_ARN, route53Records: true }, differences: [], notFound: [] });
  });

  it("says every setting of the distribution that apply changes", async () => {
    const live = dist({
      Enabled: false,
      Aliases: { Quantity: 2, Items: [ORG, "cdn.example.org"] },
      Comment: "by hand",
      Origins: {
        Quantity: 2,
        Items: [
          { Id: "intercom", DomainName: "acme.intercom-mail.com", CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: "match-viewer", OriginSslProtocols: { Quantity: 2, Items: ["TLSv1.1", "TLSv1.2"] } } },
          { Id: "s3", DomainName: "bucket.s3.amazonaws.com" },
        ],
      },
      DefaultCacheBehavior: { TargetOriginId: "intercom", ViewerProtocolPolicy: "allow-all", AllowedMethods: { Quantity: 2, Items: ["GET", "HEAD"] } },
      CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: "/static/*", TargetOriginId: "s3", ViewerProtocolPolicy: "allow-all" }] },
      ViewerCertificate: { ACMCertificateArn: CERTIFICATE_ARN, SSLSupportMethod: "vip", MinimumProtocolVersion: "TLSv1" },
      PriceClass: "PriceClass_100",
      HttpVersion: "http2",
      IsIPV6Enabled: false,
      WebACLId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/hand/0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f",
    });
    const result = await discover(cloudFrontDomainConfig({ dns: "external" }), { distributions: [live], certificates: [cert()] });
    const say = (text: string) => `the distribution E2REAL0000002 ${text}`;
    expect(result.differences).toEqual([
      say("is disabled; apply enables it"),
      say("also serves cdn.example.org; apply removes that alias, which then stops working there"),
      say(`has the comment "by hand"; apply sets "Intercom email assets for ${ORG}"`),
      say("has 2 origins (acme.intercom-mail.com and bucket.s3.amazonaws.com); apply keeps only acme.intercom-mail.com"),
      say("reaches acme.intercom-mail.com with origin protocol policy match-viewer; apply uses HTTPS only"),
      say("allows TLSv1.1 and TLSv1.2 towards the origin; apply allows TLSv1.2 only"),
      say("has the viewer protocol policy allow-all; apply redirects HTTP to HTTPS"),
      say("allows GET and HEAD; apply allows all seven methods (one-click unsubscribe is a POST)"),
      say("caches by legacy settings (no cache policy); apply uses the managed CachingDisabled policy"),
      say("has no origin request policy; apply uses AllViewerExceptHostHeader (the origin sees its own Host)"),
      say("has cache behaviors for /static/*; apply removes them"),
      say("serves TLS with vip SSL support method; apply uses SNI (sni-only)"),
      say("has the viewer TLS policy TLSv1; apply sets TLSv1.2_2021"),
      say("has the price class PriceClass_100; apply sets PriceClass_All"),
      say("speaks http2; apply sets http2and3"),
      say("has IPv6 off; apply turns it on"),
      say("is protected by the web ACL arn:aws:wafv2:us-east-1:123456789012:global/webacl/hand/0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f; apply removes it"),
    ]);
  });

  it("says an origin that is not Intercom, other policies and a web ACL the config adds", async () => {
    const webAclId = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/mine/1f1f1f1f-1f1f-4f1f-8f1f-1f1f1f1f1f1f";
    const live = dist({
      Origins: { Quantity: 1, Items: [{ Id: "old", DomainName: "old-origin.example.org" }] },
      DefaultCacheBehavior: { ...dist().DefaultCacheBehavior!, CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6", OriginRequestPolicyId: "216adef6-5c7f-47e4-b989-5492eafa07d3" },
    });
    const result = await discover(cloudFrontDomainConfig({ dns: "external", webAclId }), { distributions: [live], certificates: [cert()] });
    expect(result.differences).toEqual([
      "the distribution E2REAL0000002 has the origin old-origin.example.org; apply makes acme.intercom-mail.com its only origin",
      "the distribution E2REAL0000002 caches by cache policy 658327ea-f89d-4fab-a63d-7e88639e58f6; apply uses the managed CachingDisabled policy",
      "the distribution E2REAL0000002 has the origin request policy 216adef6-5c7f-47e4-b989-5492eafa07d3; apply uses AllViewerExceptHostHeader (the origin sees its own Host)",
      `the distribution E2REAL0000002 has no web ACL; apply attaches ${webAclId}`,
    ]);
    const other = await discover(cloudFrontDomainConfig({ dns: "external", webAclId }), { distributions: [dist({ WebACLId: "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f" })], certificates: [cert()] });
    expect(other.differences).toEqual([`the distribution E2REAL0000002 is protected by the web ACL 0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f; apply attaches ${webAclId} instead`]);
  });

  it("with certificateArn, compares the distribution's certificate with it and adopts none", async () => {
    const result = await discover(cloudFrontDomainConfig({ dns: "external", certificateArn: OTHER_CERTIFICATE_ARN }), { distributions: [dist()], certificates: [cert()] });
    expect(result.adopt).toEqual({ distribution: "E2REAL0000002" });
    expect(result.differences).toEqual([`the distribution E2REAL0000002 serves the certificate ${CERTIFICATE_ARN}; apply switches it to ${OTHER_CERTIFICATE_ARN}`]);
  });

  it.each<[string, Partial<CertificateDetail>, string]>([
    ["imported", { Type: "IMPORTED" }, "it is imported"],
    ["validated by email", { DomainValidationOptions: [{ DomainName: ORG, ValidationMethod: "EMAIL" }] }, "it is validated by EMAIL"],
    ["with more names", { SubjectAlternativeNames: [ORG, "www.example.org"] }, "it also covers www.example.org"],
    ["expired", { Status: "EXPIRED" }, "it is expired"],
    ["with an EC key", { KeyAlgorithm: "EC_prime256v1" }, "its key is EC_prime256v1 (the stack's certificate is RSA_2048)"],
  ])("does not adopt a certificate the stack's cannot take over: %s", async (_name, overrides, reason) => {
    const result = await discover(cloudFrontDomainConfig({ dns: "external" }), { distributions: [dist()], certificates: [cert(overrides)] });
    expect(result.adopt).toEqual({ distribution: "E2REAL0000002" });
    expect(result.differences).toEqual([
      `the distribution serves the certificate ${CERTIFICATE_ARN}, which the stack's certificate cannot take over (${reason}): put its ARN in cloudfront.certificateArn to keep it; otherwise apply requests a new one and switches the distribution to it`,
      `the distribution E2REAL0000002 serves the certificate ${CERTIFICATE_ARN}; apply switches it to a new certificate once ACM issues it`,
    ]);
    expect(result.notFound).toEqual([`an ACM certificate for ${ORG} in us-east-1 that the stack can take over (apply requests one and validates it through DNS)`]);
  });

  it("adopts the one fitting certificate for the name when the distribution serves a wildcard one", async () => {
    const wildcard = certificate(WILDCARD_CERTIFICATE_ARN, "*.example.org");
    const result = await discover(cloudFrontDomainConfig({ dns: "external" }), {
      distributions: [dist({ ViewerCertificate: { ACMCertificateArn: WILDCARD_CERTIFICATE_ARN, SSLSupportMethod: "sni-only", MinimumProtocolVersion: "TLSv1.2_2021" } })],
      certificates: [wildcard, cert({ Status: "PENDING_VALIDATION" })],
    });
    expect(result.adopt).toEqual({ distribution: "E2REAL0000002", certificate: CERTIFICATE_ARN });
    expect(result.differences).toEqual([
      `the distribution serves the certificate ${WILDCARD_CERTIFICATE_ARN}, which the stack's certificate cannot take over (it is for *.example.org): put its ARN in cloudfront.certificateArn to keep it; otherwise apply requests a new one and switches the distribution to it`,
      `the distribution E2REAL0000002 serves the certificate ${WILDCARD_CERTIFICATE_ARN}; apply switches it to ${CERTIFICATE_ARN}`,
    ]);
  });

  it("chooses no certificate among several that fit, and says a certificate that does not", async () => {
    const several = await discover(cloudFrontDomainConfig({ dns: "external" }), { certificates: [cert(), certificate(OTHER_CERTIFICATE_ARN, ORG)] });
    expect(several.adopt).toEqual({});
    expect(several.differences).toEqual([`several certificates for ${ORG} could be adopted (${CERTIFICATE_ARN} and ${OTHER_CERTIFICATE_ARN}): write the one to keep into adopt.certificate`]);
    expect(several.notFound).toEqual([`a CloudFront distribution with the alias ${ORG} (apply creates it)`]);
    const failed = await discover(cloudFrontDomainConfig({ dns: "external" }), { certificates: [cert({ Status: "FAILED", Type: undefined, KeyAlgorithm: undefined })] });
    expect(failed.differences).toEqual([`the certificate ${CERTIFICATE_ARN} for ${ORG} cannot be adopted (it is failed); apply requests another`]);
  });

  it.each<[string, ResourceRecordSet[], string[], string[]]>([
    ["an alias elsewhere, health checks", [alias("A", "other.cloudfront.net."), alias("AAAA", `${DIST_NAME}.`, { AliasTarget: { HostedZoneId: "Z2FDTNDATAQYW2", DNSName: DIST_NAME, EvaluateTargetHealth: true } })], [
      `the Route 53 A record is an alias to other.cloudfront.net; apply points it at the distribution ${DIST_NAME}`,
      "the Route 53 AAAA record evaluates target health; apply turns that off",
    ], []],
    ["addresses instead of an alias, the wrong hosted zone", [{ Name: `${ORG}.`, Type: "A", TTL: 60, ResourceRecords: [{ Value: "192.0.2.1" }] }, alias("AAAA", DIST_NAME, { AliasTarget: { HostedZoneId: "Z111", DNSName: DIST_NAME, EvaluateTargetHealth: false } })], [
      "the Route 53 A record holds 192.0.2.1 (not an alias); apply makes it an alias to the distribution",
      "the Route 53 AAAA record's alias names the hosted zone Z111; apply sets CloudFront's, Z2FDTNDATAQYW2",
    ], []],
    ["a routing policy", [alias("A", DIST_NAME, { SetIdentifier: "blue", Weight: 10 })], [
      `the Route 53 A record set at ${ORG} has a routing policy (set blue); the stack's record has none and cannot take it over: remove it first`,
    ], [`the Route 53 AAAA record ${ORG} → the distribution (an alias) (apply creates it)`]],
    ["a CNAME", [{ Name: `${ORG}.`, Type: "CNAME", TTL: 300, ResourceRecords: [{ Value: "old.example.net" }] }], [
      `a CNAME record set at ${ORG} (old.example.net) blocks adoption: nothing can sit beside a CNAME, so apply cannot create the A record and AAAA record; remove it first`,
    ], [`the Route 53 A record ${ORG} → the distribution (an alias) (apply creates it)`, `the Route 53 AAAA record ${ORG} → the distribution (an alias) (apply creates it)`]],
  ])("compares the Route 53 records with the alias pair: %s", async (_name, recordSets, differences, notFound) => {
    const result = await discover(cloudFrontDomainConfig(), { distributions: [dist()], certificates: [cert()], recordSets });
    expect(result.differences).toEqual(differences);
    expect(result.notFound).toEqual(notFound);
  });

  it("says that DNS pointing at a distribution it cannot list blocks the alias", async () => {
    const foreign = "points at d999999abcdef8.cloudfront.net, but no distribution of this account lists assets.example.org as an alias (another account's, or one these credentials cannot list?): CloudFront refuses the alias on the new distribution while another holds it (CNAMEAlreadyExists); move the alias away from that distribution first";
    const route53 = await discover(cloudFrontDomainConfig(), {
      certificates: [cert()],
      recordSets: [alias("A", "d999999abcdef8.cloudfront.net."), alias("AAAA", "elb.example.net.")],
    });
    expect(route53.differences).toEqual([`the Route 53 A record ${foreign}`, "the Route 53 AAAA record is an alias to elb.example.net; apply points it at the new distribution"]);
    const viaCname = await discover(cloudFrontDomainConfig(), { certificates: [cert()], recordSets: [{ Name: `${ORG}.`, Type: "CNAME", TTL: 300, ResourceRecords: [{ Value: "d999999abcdef8.cloudfront.net" }] }] });
    expect(viaCname.differences[0]).toContain(`remove it first; it ${foreign}`);
    const cloudflareDns = cloudFrontDomainConfig({ dns: "cloudflare", cloudflareZoneId: ZONE_ID });
    const cf = await discover(cloudflareDns, { zone: zone(ZONE_ID, "example.org"), certificates: [cert()], records: [cnameRecord(ids.cname, ORG, "d999999abcdef8.cloudfront.net", false)] });
    expect(cf.adopt).toEqual({ certificate: CERTIFICATE_ARN, dnsRecord: ids.cname });
    expect(cf.differences).toEqual([`the CNAME ${foreign}`]);
    const elsewhere = await discover(cloudflareDns, { zone: zone(ZONE_ID, "example.org"), certificates: [cert()], records: [cnameRecord(ids.cname, ORG, "old.example.net", false)] });
    expect(elsewhere.differences).toEqual(["the CNAME points at old.example.net; apply points it at the new distribution"]);
  });

  it("with DNS in Cloudflare, adopts the DNS-only CNAME to the distribution", async () => {
    const config = cloudFrontDomainConfig({ dns: "cloudflare", cloudflareZoneId: ZONE_ID });
    const live = { zone: zone(ZONE_ID, "example.org"), distributions: [dist()], certificates: [cert()] };
    const proxied = await discover(config, { ...live, records: [cnameRecord(ids.cname, ORG, DIST_NAME, true)] });
    expect(proxied.adopt).toEqual({ distribution: "E2REAL0000002", certificate: CERTIFICATE_ARN, dnsRecord: ids.cname });
    expect(proxied.differences).toEqual(["the CNAME is proxied; apply turns the proxy off (viewers must reach CloudFront, which holds the certificate for the domain)"]);
    const none = await discover(config, { ...live, records: [] });
    expect(none.notFound).toEqual([
      `the DNS-only CNAME ${ORG} → the distribution (apply creates it)`,
      `the certificate's validation record _0123456789abcdef.${ORG} → _fedcba9876543210.acm-validations.aws (apply creates it)`,
    ]);
    const validation = cnameRecord("5a1d0000000000000000000000000001", `_0123456789abcdef.${ORG}`, "_stale.acm-validations.aws", false);
    const stale = await discover(config, { ...live, records: [cnameRecord(ids.cname, ORG, DIST_NAME, false), validation] });
    expect(stale.adopt).toEqual({ distribution: "E2REAL0000002", certificate: CERTIFICATE_ARN, dnsRecord: ids.cname, validationRecord: "5a1d0000000000000000000000000001" });
    expect(stale.differences).toEqual([`the certificate's validation record _0123456789abcdef.${ORG} points at _stale.acm-validations.aws; apply points it at _fedcba9876543210.acm-validations.aws`]);
    const unsaid = await discover(config, { ...live, certificates: [cert({ DomainValidationOptions: [] })], records: [cnameRecord(ids.cname, ORG, DIST_NAME, false)] });
    expect(unsaid).toMatchObject({ adopt: { certificate: CERTIFICATE_ARN, dnsRecord: ids.cname }, differences: [], notFound: [] });
  });
});

describe("discover, proxy edge", () => {
  const proxy = (dns: Record<string, unknown>, addresses: Record<string, unknown> = { ipv4: "203.0.113.10", ipv6: "2001:db8::10" }) => ({
    domain: "links.example.com",
    workspace: "acme",
    region: "us",
    edge: "proxy",
    proxy: { server: "nginx", certificateFile: "/etc/ssl/links.pem", certificateKeyFile: "/etc/ssl/links.key", ...addresses, ...dns },
  });
  const LINKS = "links.example.com";
  const cloudflareDns = { dns: "cloudflare", cloudflareZoneId: ZONE_ID };

  it("adopts the A and AAAA records in Cloudflare, whatever the spelling of the address", async () => {
    const result = await discover(proxy(cloudflareDns), {
      records: [addressRecord(ids.recordA, LINKS, "A", "203.0.113.10", false), addressRecord(ids.recordAaaa, LINKS, "AAAA", "2001:0db8:0:0::10", false)],
    });
    expect(result).toMatchObject({ adopt: { dnsRecords: { A: ids.recordA, AAAA: ids.recordAaaa } }, differences: [], notFound: [] });
  });

  it("says a proxied record, extra records, several of a type and a missing one", async () => {
    const result = await discover(proxy(cloudflareDns, { ipv4: "203.0.113.10" }), {
      records: [
        addressRecord("a0000000000000000000000000000001", LINKS, "A", "198.51.100.1", true),
        addressRecord(ids.recordA, LINKS, "A", "203.0.113.10", true),
        addressRecord(ids.recordAaaa, LINKS, "AAAA", "2001:db8::99", false),
        txtRecord(ids.decoyTxt, LINKS, "v=spf1 -all"),
      ],
    });
    expect(result.adopt).toEqual({ dnsRecords: { A: ids.recordA } });
    expect(result.differences).toEqual([
      `an AAAA record at ${LINKS} (record ${ids.recordAaaa}, 2001:db8::99) also answers; the stack does not manage it: remove it, or add proxy.ipv6`,
      "the A record is proxied; apply turns the proxy off (your proxy terminates TLS with its own certificate)",
      `another A record at ${LINKS} (record a0000000000000000000000000000001, 198.51.100.1) also answers; the stack manages one: remove it first`,
    ]);
    const several = await discover(proxy(cloudflareDns, { ipv6: "2001:db8::10" }), {
      records: [addressRecord(ids.recordAaaa, LINKS, "AAAA", "2001:db8::1", false), addressRecord("a0000000000000000000000000000002", LINKS, "AAAA", "2001:db8::2", false), addressRecord(ids.recordA, LINKS, "A", "192.0.2.1", false)],
    });
    expect(several.adopt).toEqual({});
    expect(several.differences).toEqual([
      `an A record at ${LINKS} (record ${ids.recordA}, 192.0.2.1) also answers; the stack does not manage it: remove it, or add proxy.ipv4`,
      `2 AAAA records at ${LINKS} (record ${ids.recordAaaa}, 2001:db8::1; record a0000000000000000000000000000002, 2001:db8::2), none holding 2001:db8::10: the stack manages one; write the one to keep into adopt and remove the others first`,
    ]);
    const blocked = await discover(proxy(cloudflareDns), { records: [cnameRecord(ids.cname, LINKS, "old.example.net", false), addressRecord(ids.recordA, LINKS, "A", "203.0.113.99", false)] });
    expect(blocked.differences).toEqual([
      `a CNAME at ${LINKS} (record ${ids.cname}, old.example.net) blocks adoption: nothing can sit beside a CNAME, so apply cannot create the A record and AAAA record; remove it first`,
      "the A record holds 203.0.113.99; apply sets it to 203.0.113.10",
    ]);
    expect(blocked.notFound).toEqual([`the DNS-only AAAA record ${LINKS} → 2001:db8::10 (apply creates it)`]);
  });

  it("compares the Route 53 records by name: values, TTL, an alias, an extra type", async () => {
    const result = await discover(proxy({ dns: "route53", route53ZoneId: HOSTED_ZONE_ID }, { ipv4: "203.0.113.10" }), {
      recordSets: [
        { Name: "links.example.com.", Type: "A", TTL: 60, ResourceRecords: [{ Value: "203.0.113.10" }, { Value: "203.0.113.11" }] },
        { Name: "links.example.com.", Type: "AAAA", TTL: 300, ResourceRecords: [{ Value: "2001:db8::1" }] },
      ],
    });
    expect(result.adopt).toEqual({ route53Records: true });
    expect(result.differences).toEqual([
      `a Route 53 AAAA record set at ${LINKS} (2001:db8::1) also answers; the stack does not manage it: remove it, or add proxy.ipv6`,
      "the Route 53 A record holds 203.0.113.10 and 203.0.113.11; apply sets it to 203.0.113.10",
      "the Route 53 A record's TTL is 60 s; apply sets it to 300 s",
    ]);
    const aliased = await discover(proxy({ dns: "route53", route53ZoneId: HOSTED_ZONE_ID }, { ipv6: "2001:db8::10" }), { recordSets: [{ Name: "links.example.com.", Type: "AAAA", AliasTarget: { HostedZoneId: "Z1", DNSName: "lb.example.net.", EvaluateTargetHealth: false } }] });
    expect(aliased.differences).toEqual(["the Route 53 AAAA record is an alias to lb.example.net; apply replaces it with 2001:db8::10"]);
    const fine = await discover(proxy({ dns: "route53", route53ZoneId: HOSTED_ZONE_ID }, { ipv6: "2001:db8::10" }), { recordSets: [{ Name: "links.example.com.", Type: "AAAA", TTL: 300, ResourceRecords: [{ Value: "2001:DB8:0::10" }] }] });
    expect(fine).toMatchObject({ differences: [], notFound: [] });
  });

  it("reads nothing with external DNS", async () => {
    const [plan] = plansOf({ domains: [proxy({ dns: "external" })] });
    expect([readsCloudflare(plan), readsAws(plan)]).toEqual([false, false]);
    const result = await discover(proxy({ dns: "external" }), {});
    expect(result).toEqual({ domain: LINKS, edge: "proxy", adopt: {}, differences: [], notFound: [] });
  });
});

describe("discover, with answers that leave optional fields out", () => {
  it("says what it can of a distribution summary with little in it", async () => {
    const sparse: DistributionSummary = {
      Id: undefined,
      ARN: undefined,
      Status: undefined,
      LastModifiedTime: undefined,
      DomainName: undefined,
      Aliases: { Quantity: 3, Items: [ORG, "a.example.org", "b.example.org"] },
      Origins: { Quantity: 2, Items: [{ Id: "one", DomainName: undefined }, { Id: "two", DomainName: "acme.intercom-mail.com" }] },
      DefaultCacheBehavior: undefined,
      CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: undefined, TargetOriginId: "one", ViewerProtocolPolicy: undefined }] },
      CustomErrorResponses: undefined,
      Comment: undefined,
      PriceClass: undefined,
      Enabled: undefined,
      ViewerCertificate: undefined,
      Restrictions: undefined,
      WebACLId: undefined,
      HttpVersion: undefined,
      IsIPV6Enabled: undefined,
      Staging: undefined,
    };
    const result = await discover(cloudFrontDomainConfig({ dns: "external", certificateArn: CERTIFICATE_ARN }), { distributions: [sparse] });
    expect(result.adopt).toEqual({});
    expect(result.notFound).toEqual([`a CloudFront distribution with the alias ${ORG} (apply creates it)`]);
    expect(result.differences).toEqual([
      "the distribution  is disabled; apply enables it",
      "the distribution  also serves a.example.org and b.example.org; apply removes those aliases, which then stop working there",
      `the distribution  has the comment ""; apply sets "Intercom email assets for ${ORG}"`,
      "the distribution  has 2 origins (? and acme.intercom-mail.com); apply keeps only acme.intercom-mail.com",
      "the distribution  reaches acme.intercom-mail.com with origin protocol policy none; apply uses HTTPS only",
      "the distribution  allows  towards the origin; apply allows TLSv1.2 only",
      "the distribution  has the viewer protocol policy none; apply redirects HTTP to HTTPS",
      "the distribution  allows ; apply allows all seven methods (one-click unsubscribe is a POST)",
      "the distribution  caches by legacy settings (no cache policy); apply uses the managed CachingDisabled policy",
      "the distribution  has no origin request policy; apply uses AllViewerExceptHostHeader (the origin sees its own Host)",
      "the distribution  has cache behaviors for ?; apply removes them",
      `the distribution  serves no ACM certificate; apply switches it to ${CERTIFICATE_ARN}`,
      "the distribution  serves TLS with no SSL support method; apply uses SNI (sni-only)",
      "the distribution  has the viewer TLS policy none; apply sets TLSv1.2_2021",
      "the distribution  has the price class none; apply sets PriceClass_All",
      "the distribution  speaks ?; apply sets http2and3",
      "the distribution  has IPv6 off; apply turns it on",
    ]);
    const noOrigins = await discover(cloudFrontDomainConfig({ dns: "external", certificateArn: CERTIFICATE_ARN }), { distributions: [{ ...sparse, Aliases: { Quantity: 1, Items: [ORG] }, Origins: undefined }] });
    expect(noOrigins.differences).toContain("the distribution  has the origin ; apply makes acme.intercom-mail.com its only origin");
  });

  it("says what it can of certificates and record sets with little in them", async () => {
    const bare: CertificateDetail = { CertificateArn: undefined, DomainName: ORG };
    const result = await discover(cloudFrontDomainConfig({ dns: "route53", route53ZoneId: HOSTED_ZONE_ID }), {
      certificates: [bare, { ...bare, CertificateArn: CERTIFICATE_ARN, Type: "AMAZON_ISSUED", Status: "ISSUED", DomainValidationOptions: [{ DomainName: ORG }] }],
      recordSets: [
        { Name: `${ORG}.`, Type: "A", AliasTarget: { HostedZoneId: undefined, DNSName: undefined, EvaluateTargetHealth: undefined } },
        { Name: `${ORG}.`, Type: "AAAA", SetIdentifier: undefined, ResourceRecords: [{ Value: undefined }] },
        { Name: `${ORG}.`, Type: "CNAME" },
        { Name: undefined, Type: "A" },
      ],
    });
    expect(result.adopt).toEqual({ certificate: CERTIFICATE_ARN, route53Records: true });
    expect(result.differences).toEqual([
      `a CNAME record set at ${ORG} () blocks adoption: nothing can sit beside a CNAME, so apply cannot create the A record and AAAA record; remove it first`,
      "the Route 53 A record is an alias to ; apply points it at the new distribution",
      "the Route 53 AAAA record holds  (not an alias); apply makes it an alias to the distribution",
    ]);
    const several = await discover(cloudFrontDomainConfig({ dns: "external" }), { certificates: [{ ...bare, Type: "AMAZON_ISSUED", Status: "ISSUED" }, { ...bare, Type: "AMAZON_ISSUED", Status: "ISSUED" }] });
    expect(several.differences).toEqual([`several certificates for ${ORG} could be adopted (? and ?): write the one to keep into adopt.certificate`]);
    const unknown = await discover(cloudFrontDomainConfig({ dns: "external" }), { certificates: [{ DomainName: ORG, Type: "PRIVATE", SubjectAlternativeNames: undefined }] });
    expect(unknown.differences).toEqual([`the certificate ? for ${ORG} cannot be adopted (it is private); apply requests another`]);
  });

  it("says what it can of Route 53 sets without values for a proxy, and what it did not find", async () => {
    const proxy = { domain: "links.example.com", workspace: "acme", region: "us", edge: "proxy", proxy: { server: "apache", certificateFile: "/c.pem", certificateKeyFile: "/c.key", ipv4: "203.0.113.10", ipv6: "2001:db8::10", dns: "route53", route53ZoneId: HOSTED_ZONE_ID } };
    const result = await discover(proxy, { recordSets: [{ Name: "links.example.com.", Type: "A", ResourceRecords: undefined, TTL: undefined }, { Name: "links.example.com.", Type: "AAAA", SetIdentifier: "v6", Weight: 1 }, { Name: "links.example.com.", Type: "AAAA", SetIdentifier: undefined }] });
    expect(result.differences).toEqual([
      "the Route 53 A record holds ; apply sets it to 203.0.113.10",
      "the Route 53 A record's TTL is unset s; apply sets it to 300 s",
      "the Route 53 AAAA record set at links.example.com has a routing policy (set v6 and ?); the stack's record has none and cannot take it over: remove it first",
    ]);
    const none = await discover(proxy, { recordSets: [] });
    expect(none.notFound).toEqual(["the Route 53 A record links.example.com → 203.0.113.10 (apply creates it)", "the Route 53 AAAA record links.example.com → 2001:db8::10 (apply creates it)"]);
  });

  it("says what it can of Cloudflare records and rules with little in them", async () => {
    const record: RecordResponse.CNAMERecord = { ...(cname() as RecordResponse.CNAMERecord), content: undefined };
    const txt: RecordResponse.TXTRecord = { ...(txtRecord(ids.decoyTxt, DOMAIN, "x") as RecordResponse.TXTRecord), content: undefined };
    const rules: CloudflarePageRule[] = [
      { ...httpRule(), targets: [{ target: "url" }] },
      { ...httpsRule([{ id: "host_header_override" }, { id: "rocket_loader" }, { id: "ssl" }]) },
      { ...pageRule("d0000000000000000000000000000009", `${DOMAIN}/*`, 3, []), targets: [{ target: "url", constraint: { operator: "matches", value: `${DOMAIN}/*` } }, { target: "url" }] },
      { ...pageRule("d000000000000000000000000000000a", `${DOMAIN}/x*`, 4, [{ id: "forwarding_url" }]) },
      { ...pageRule("d000000000000000000000000000000b", `${DOMAIN}/y*`, 5, [{ id: "forwarding_url", value: { url: undefined } }]) },
    ];
    const result = await discover(cloudflareDomainConfig(), { zone: { ...zone(ZONE_ID, "example.com"), plan: {} }, records: [record, txt], rules });
    expect(result.adopt).toEqual({ dnsRecord: ids.cname, pageRules: { hostHeader: ids.hostHeader } });
    expect(result.differences).toEqual([
      `a TXT record at ${DOMAIN} (record ${ids.decoyTxt}) blocks adoption: a CNAME cannot share its name, so apply cannot create one; remove that record first`,
      `the CNAME points at ; apply points it at ${HOST}`,
      `the Host-header page rule overrides the Host header to true; apply overrides it to ${HOST}`,
      "the Host-header page rule turns Rocket Loader true; apply turns it off",
      "the Host-header page rule sets SSL to true; apply sets it to full",
      `a page rule for this host also matches (rule d0000000000000000000000000000009, ${DOMAIN}/*, priority 3, active): adopt it or remove it first`,
      `a page rule for this host also forwards to another URL (rule d000000000000000000000000000000a, ${DOMAIN}/x*, priority 4, active): adopt it or remove it first`,
      `a page rule for this host also forwards to another URL (rule d000000000000000000000000000000b, ${DOMAIN}/y*, priority 5, active): adopt it or remove it first`,
    ]);
  });
});
