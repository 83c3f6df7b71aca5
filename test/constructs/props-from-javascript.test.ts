import { describe, expect, it } from "vitest";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { hostHeaderRule } from "../../src/cloudflare/zone-rules";
import { AddressRecords } from "../../src/constructs/address-records";
import { CloudflareEmailAssets } from "../../src/constructs/cloudflare-email-assets";
import { CloudflareWorker } from "../../src/constructs/cloudflare-worker";
import { CloudflareZoneRulesets } from "../../src/constructs/cloudflare-zone-rulesets";
import { CloudFrontEmailAssets } from "../../src/constructs/cloudfront-email-assets";
import { EXISTING_CERTIFICATE_ARN, ZONE_A } from "../support/fixtures";
import { propsError } from "../support/props-error";
import { useScratchApps } from "../support/synth";

// What a library user calling from plain JavaScript can pass, which the compiler would refuse in
// TypeScript: each construct is called through `unknown`, as JavaScript does.

const HOST = "acme.intercom-mail.com";
const ACCOUNT = "fedcba9876543210fedcba9876543210";
const scratchApp = useScratchApps();
const stack = () => new TerraformStack(scratchApp(), "js");

type Props = Record<string, unknown> | undefined;
/** A construct class as plain JavaScript sees it: any props at all. */
type Untyped = new (scope: Construct, id: string, props?: unknown) => unknown;
const build = (Class: unknown, props: unknown) => () => new (Class as Untyped)(stack(), "c", props);

const CLOUDFLARE = { zoneId: ZONE_A, domain: "emails.example.com", intercomHost: HOST, pageRulePriorities: { alwaysHttps: 1, hostHeader: 2 } };
const WORKER = { accountId: ACCOUNT, zoneId: ZONE_A, scriptName: "email-assets-emails-example-com", script: "export default {}", routePattern: "emails.example.com/*" };
const RULESETS = { zoneId: ZONE_A, rules: { http_request_origin: [hostHeaderRule("emails.example.com", HOST)] } };
const CLOUDFRONT = { domain: "emails.example.com", intercomHost: HOST, certificate: { kind: "existing", arn: EXISTING_CERTIFICATE_ARN } };
const ADDRESSES = { name: "emails.example.com", ipv4: "203.0.113.10", target: { kind: "route53", zoneId: "Z0123ABC" } };

const cloudflare = (props: Props) => build(CloudflareEmailAssets, { ...CLOUDFLARE, ...props });
const worker = (props: Props) => build(CloudflareWorker, { ...WORKER, ...props });
const rulesets = (props: Props) => build(CloudflareZoneRulesets, { ...RULESETS, ...props });
const cloudfront = (props: Props) => build(CloudFrontEmailAssets, { ...CLOUDFRONT, ...props });
const addresses = (props: Props) => build(AddressRecords, { ...ADDRESSES, ...props });
/** The props without `key`: a required prop left out, as a typo elsewhere leaves it. */
const without = (props: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(props).filter(([k]) => k !== key));

/** A provider object in a stack of its own, made when the case runs. */
const awsProvider = (config: Record<string, unknown>) => new AwsProvider(stack(), "aws", { region: "us-east-1", ...config });
const cloudflareProvider = () => new CloudflareProvider(stack(), "cloudflare", {});

/** [case, construction, a line the error must hold (the whole line, after the header)] */
const MISUSES: [string, () => unknown, string][] = [
  // Enums: each from its one home, with the config's did-you-mean.
  ["mode is page_rules", cloudflare({ mode: "page_rules" }), 'mode: must be one of page-rules, rulesets, worker (did you mean "page-rules"?); received "page_rules"'],
  ["sslScope is Host", cloudflare({ sslScope: "Host" }), 'sslScope: must be one of host, zone (did you mean "host"?); received "Host"'],
  ["sslScope is a number", cloudflare({ sslScope: 1 }), "sslScope: must be one of host, zone; received 1"],
  ["dns.kind is Route53", cloudfront({ dns: { kind: "Route53", zoneId: "Z0123ABC" } }), 'dns.kind: must be one of external, route53, cloudflare (did you mean "route53"?); received "Route53"'],
  ["dns has no kind", cloudfront({ dns: { zoneId: "Z0123ABC" } }), "dns.kind: must be one of external, route53, cloudflare; received nothing"],
  ["dns is a string", cloudfront({ dns: "route53" }), 'dns: must be an object: { kind: "external" } or { kind: "route53", zoneId } or { kind: "cloudflare", zoneId }; received "route53"'],
  ["priceClass is lower-case", cloudfront({ priceClass: "priceclass_100" }), 'priceClass: must be one of PriceClass_All, PriceClass_200, PriceClass_100 (did you mean "PriceClass_100"?); received "priceclass_100"'],
  ["minimumProtocolVersion is TLSv1.2_2025", cloudfront({ minimumProtocolVersion: "TLSv1.2_2025" }), 'minimumProtocolVersion: must be one of TLSv1.2_2021, TLSv1.2_2019, TLSv1.2_2018 (did you mean "TLSv1.2_2021"?); received "TLSv1.2_2025"'],
  ["certificate.kind is unknown", cloudfront({ certificate: { kind: "imported", arn: EXISTING_CERTIFICATE_ARN } }), 'certificate.kind: must be one of existing, new; received "imported"'],
  ["an address target is external", addresses({ target: { kind: "external" } }), 'target.kind: must be one of route53, cloudflare; received "external"'],
  ["a rules phase is misspelt", rulesets({ rules: { http_request_origins: [] } }), 'rules.http_request_origins: unknown key (did you mean "http_request_origin"?); remove it or fix its name; received []'],
  // Types.
  ["manageZoneSsl is the string false", cloudflare({ sslScope: "zone", manageZoneSsl: "false" }), 'manageZoneSsl: must be true or false; received "false"'],
  ["preventDestroy is the string false", worker({ preventDestroy: "false" }), 'preventDestroy: must be true or false; received "false"'],
  ["a zone id is a number", rulesets({ zoneId: 123 }), "zoneId: must be a string; received 123"],
  ["a priority is a string", cloudflare({ pageRulePriorities: { alwaysHttps: "1", hostHeader: 2 } }), 'pageRulePriorities.alwaysHttps: must be a number; received "1"'],
  ["pageRulePriorities is a list", cloudflare({ pageRulePriorities: [1, 2] }), "pageRulePriorities: must be an object; received [1,2]"],
  ["the TTL is a string", addresses({ ttl: "300" }), 'ttl: must be a number; received "300"'],
  ["tags hold a number", cloudfront({ tags: { team: "mail", cost: 12 } }), "tags.cost: must be a string; received 12"],
  ["tags are a list", cloudfront({ tags: ["mail"] }), 'tags: must be an object; received ["mail"]'],
  ["logging lacks includeCookies", cloudfront({ logging: { bucket: "logs.s3.amazonaws.com" } }), "logging.includeCookies: is required; received nothing"],
  ["the rules of a phase are not a list", rulesets({ rules: { http_request_origin: hostHeaderRule("emails.example.com", HOST) } }), "rules.http_request_origin: must be a list; received"],
  ["a rule lacks its expression", rulesets({ rules: { http_request_origin: [without({ ...hostHeaderRule("emails.example.com", HOST) }, "expression")] } }), "rules.http_request_origin[0].expression: is required; received nothing"],
  ["an existing ruleset id is a number", rulesets({ existing: { http_request_origin: 42 } }), "existing.http_request_origin: must be a string; received 42"],
  // Providers: told apart by their Terraform type, of this app's cdktf.
  ["the certificate provider is a plain object", cloudfront({ certificate: { kind: "new", provider: { region: "us-east-1" } } }), 'certificate.provider: must be an AwsProvider (new AwsProvider(stack, id, { ... }) from @cdktf/provider-aws/lib/provider); received {"region":"us-east-1"}'],
  ["the certificate provider is a Cloudflare provider", () => cloudfront({ certificate: { kind: "new", provider: cloudflareProvider() } })(), 'certificate.provider: must be an AwsProvider (new AwsProvider(stack, id, { ... }) from @cdktf/provider-aws/lib/provider); received "CloudflareProvider at js/cloudflare"'],
  ["the Cloudflare provider is an AWS provider", () => cloudflare({ provider: awsProvider({}) })(), 'provider: must be a CloudflareProvider (new CloudflareProvider(stack, id, { ... }) from @cdktf/provider-cloudflare/lib/provider); received "AwsProvider at js/aws"'],
  ["the certificate provider comes from another copy of cdktf", cloudfront({ certificate: { kind: "new", provider: { terraformResourceType: "aws", region: "us-east-1" } } }), "certificate.provider: is a aws provider from another copy of cdktf than this library's (two copies are loaded); install email-assets-domain so that it uses your app's cdktf"],
  ["the certificate provider is missing", cloudfront({ certificate: { kind: "new" } }), "certificate.provider: is required; received nothing"],
  // Required props, left out or misspelt.
  ["zoneId is written zoneID", () => build(CloudflareEmailAssets, { ...without(CLOUDFLARE, "zoneId"), zoneID: ZONE_A })(), "zoneId: is required; received nothing"],
  ["the misspelt zoneID is named with the right key", () => build(CloudflareEmailAssets, { ...without(CLOUDFLARE, "zoneId"), zoneID: ZONE_A })(), `zoneID: unknown key (did you mean "zoneId"?); remove it or fix its name; received "${ZONE_A}"`],
  ["the Worker's account id is missing", () => build(CloudflareWorker, without(WORKER, "accountId"))(), "accountId: is required; received nothing"],
  ["the rulesets have no rules", () => build(CloudflareZoneRulesets, without(RULESETS, "rules"))(), "rules: is required; received nothing"],
  ["the CloudFront certificate is missing", () => build(CloudFrontEmailAssets, without(CLOUDFRONT, "certificate"))(), 'certificate: is required: { kind: "existing", arn } or { kind: "new", provider }; received nothing'],
  ["the address records have no target", () => build(AddressRecords, without(ADDRESSES, "target"))(), 'target: is required: { kind: "route53", zoneId } or { kind: "cloudflare", zoneId }; received nothing'],
  ["a Route 53 target has no zone id", addresses({ target: { kind: "route53" } }), "target.zoneId: is required; received nothing"],
  // Unknown keys, with the closest known key, or the known keys.
  ["a prop is unknown", cloudfront({ priceclass: "PriceClass_100" }), 'priceclass: unknown key (did you mean "priceClass"?); remove it or fix its name; received "PriceClass_100"'],
  ["a prop is unlike any known one", worker({ colour: "blue" }), 'colour: unknown key (known keys: accountId, zoneId, scriptName, script, routePattern, mainModule, compatibilityDate, provider, preventDestroy, importIds); remove it or fix its name; received "blue"'],
  ["an external DNS target has a zone id", cloudfront({ dns: { kind: "external", zoneId: "Z0123ABC" } }), 'dns.zoneId: unknown key (known keys: kind); remove it or fix its name; received "Z0123ABC"'],
  ["a priority key is misspelt", cloudflare({ pageRulePriorities: { alwaysHTTPS: 1, hostHeader: 2 } }), 'pageRulePriorities.alwaysHTTPS: unknown key (did you mean "alwaysHttps"?); remove it or fix its name; received 1'],
  ["an unknown prop holds a construct", () => cloudflare({ stack: stack() })(), 'stack: unknown key (known keys: zoneId, domain, intercomHost, sslScope, manageZoneSsl, provider, preventDestroy, mode, pageRulePriorities, importIds); remove it or fix its name; received "TerraformStack at js"'],
  // No props at all, or not an object.
  ["CloudflareEmailAssets gets no props", build(CloudflareEmailAssets, undefined), "props: is required: an object with zoneId, domain, intercomHost (and optional props); received nothing"],
  ["CloudflareWorker gets no props", build(CloudflareWorker, undefined), "props: is required: an object with accountId, zoneId, scriptName, script, routePattern (and optional props); received nothing"],
  ["CloudflareZoneRulesets gets no props", build(CloudflareZoneRulesets, undefined), "props: is required: an object with zoneId, rules (and optional props); received nothing"],
  ["CloudFrontEmailAssets gets no props", build(CloudFrontEmailAssets, undefined), "props: is required: an object with domain, intercomHost, certificate (and optional props); received nothing"],
  ["AddressRecords gets no props", build(AddressRecords, undefined), "props: is required: an object with name, target (and optional props); received nothing"],
  ["the props are a string", build(CloudflareEmailAssets, "emails.example.com"), 'props: must be an object with zoneId, domain, intercomHost (and optional props); received "emails.example.com"'],
  ["the props are null", build(AddressRecords, null), "props: must be an object with name, target (and optional props); received null"],
];

/** A construct class called with any arguments at all. */
const loose = (Class: unknown, ...args: unknown[]) => () => new (Class as new (...args: unknown[]) => unknown)(...args);

/** [case, construction, a line the error must hold] */
const ARGUMENT_MISUSES: [string, () => unknown, string][] = [
  ["the id is left out, the props in its place", () => loose(CloudflareEmailAssets, stack(), CLOUDFLARE)(), `id: must be a non-empty string: the construct's id, as in new CloudflareEmailAssets(scope, id, props); received {"zoneId":"${ZONE_A}"`],
  ["the id is empty", () => loose(CloudflareWorker, stack(), "", WORKER)(), 'id: must be a non-empty string: the construct\'s id, as in new CloudflareWorker(scope, id, props); received ""'],
  ["the scope is left out", loose(CloudFrontEmailAssets, "cf", CLOUDFRONT), 'scope: must be a construct: the stack (or a construct in it) to add this one to; received "cf"'],
  ["the scope is not a construct", loose(AddressRecords, { node: "stack" }, "a", ADDRESSES), 'scope: must be a construct: the stack (or a construct in it) to add this one to; received {"node":"stack"}'],
];

describe("constructs called from plain JavaScript check every prop", () => {
  it.each(MISUSES)("fails when %s", (_name, construct, line) => {
    const error = propsError(construct);
    const lines = error.message.split("\n").slice(1).map((l) => l.trim());
    expect(lines.some((l) => l.startsWith(line)), error.message).toBe(true);
  });

  it.each(ARGUMENT_MISUSES)("fails when %s", (_name, construct, line) => {
    const error = propsError(construct);
    expect(error.message.split("\n")[0]).toMatch(/: invalid arguments:$/);
    expect(error.message.split("\n").slice(1).some((l) => l.trim().startsWith(line)), error.message).toBe(true);
  });

  it("gives a forgotten id one line for every construct, and adds nothing to the stack", () => {
    for (const Class of [CloudflareEmailAssets, CloudflareWorker, CloudflareZoneRulesets, CloudFrontEmailAssets, AddressRecords]) {
      const s = stack();
      const error = propsError(loose(Class, s, { domain: "emails.example.com" }));
      expect(error.message).toBe(`${Class.name}: invalid arguments:\n  id: must be a non-empty string: the construct's id, as in new ${Class.name}(scope, id, props); received {"domain":"emails.example.com"}`);
      expect(s.node.children).toEqual([]);
    }
  });

  it("gives props that are not an object one line, and nothing after it", () => {
    for (const Class of [CloudflareEmailAssets, CloudflareWorker, CloudflareZoneRulesets, CloudFrontEmailAssets, AddressRecords]) {
      const error = propsError(build(Class, undefined));
      expect(error.message.split("\n")).toHaveLength(2);
      expect(error.message.split("\n")[0]).toBe(`${Class.name}: invalid props:`);
    }
  });

  it("reports a misshapen prop once: the checks after the shape check leave it and what it holds alone", () => {
    const cases: [() => unknown, string[]][] = [
      // The shape line only, not also "must be whole numbers" or "must differ".
      [cloudflare({ pageRulePriorities: { alwaysHttps: "2", hostHeader: 2 } }), ["pageRulePriorities.alwaysHttps"]],
      [cloudflare({ pageRulePriorities: null }), ["pageRulePriorities"]],
      [cloudflare({ intercomHost: 42, zoneId: null }), ["zoneId", "intercomHost"]],
      [cloudfront({ certificate: { kind: "new", provider: null }, comment: null }), ["certificate.provider", "comment"]],
      [cloudfront({ certificate: null, dns: null }), ["certificate", "dns"]],
      [addresses({ target: null, ttl: "60" }), ["target", "ttl"]],
      [rulesets({ existing: "abc" }), ["existing"]],
      [worker({ scriptName: 42, routePattern: undefined }), ["scriptName", "routePattern"]],
      // Nor the checks that read a misshapen prop to judge another: not "only used with sslScope zone", "only used in page-rules mode".
      [cloudflare({ sslScope: "Zone", manageZoneSsl: true }), ["sslScope"]],
      [cloudflare({ mode: "Worker" }), ["mode"]],
      [build(CloudflareEmailAssets, { ...without(CLOUDFLARE, "pageRulePriorities"), mode: "page_rules" }), ["mode"]],
      [addresses({ target: { kind: "Route53", zoneId: "/hostedzone/Z0123ABC" } }), ["target.kind"]],
    ];
    for (const [construct, paths] of cases) expect(propsError(construct).problems.map((p) => p.path)).toEqual(paths);
  });

  it("still reports a bad value beside a misshapen one", () => {
    const error = propsError(cloudflare({ mode: "page_rules", domain: "Emails.Example.com", zoneID: ZONE_A }));
    expect(error.problems.map((p) => p.path)).toEqual(["mode", "zoneID", "domain"]);
  });

  it("accepts what TypeScript accepts, optional props left undefined included", () => {
    const s = stack();
    new CloudflareProvider(s, "cloudflare", {});
    const east = new AwsProvider(s, "east", { alias: "east", region: "us-east-1" });
    expect(() => new (CloudflareEmailAssets as Untyped)(s, "a", { ...CLOUDFLARE, mode: undefined, sslScope: "zone", manageZoneSsl: false })).not.toThrow();
    expect(() => new (CloudflareWorker as Untyped)(s, "w", { ...WORKER, mainModule: "worker.js", compatibilityDate: "2025-09-01", preventDestroy: false })).not.toThrow();
    expect(() => new (CloudflareZoneRulesets as Untyped)(s, "r", { ...RULESETS, existing: { http_request_origin: "a".repeat(32) } })).not.toThrow();
    expect(
      () =>
        new (CloudFrontEmailAssets as Untyped)(s, "cf", {
          ...CLOUDFRONT,
          domain: "news.example.com",
          certificate: { kind: "new", provider: east },
          dns: { kind: "cloudflare", zoneId: ZONE_A },
          priceClass: "PriceClass_100",
          minimumProtocolVersion: "TLSv1.2_2019",
          logging: { bucket: "logs.s3.amazonaws.com", prefix: "cf/", includeCookies: false },
          tags: { team: "mail" },
          comment: "mail",
          webAclId: undefined,
        }),
    ).not.toThrow();
    expect(() => new (AddressRecords as Untyped)(s, "ad", { ...ADDRESSES, name: "links.example.com", ipv6: "2001:db8::1", ttl: 60 })).not.toThrow();
  });
});
