import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/problems/problem";
import { validateConfig } from "../../src/config/rules/validate-config";
import { ZONE_A as Z } from "../support/fixtures";

const cf = (o: Record<string, unknown>) => ({ domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: Z }, ...o });

/**
 * Configs with many problems at once, and the lines validate printed for them before the parser was
 * split by job (captured from that version): the split keeps their wording, received values (as
 * written, not normalized) and order.
 */
const CASES: [unknown, string[]][] = [
  [
    { domains: [cf({ cloudflare: { zoneId: Z, mode: "worker" }, cloudfront: { dns: "bogus" }, stackName: "x", region: "mars" })] },
    [
      "domains[0].region: must be one of us, eu, au; received \"mars\"",
      "domains[0].cloudfront.dns: must be one of external, route53, cloudflare; received \"bogus\"",
      "domains[0].stackName: unknown key (known keys: domain, workspace, region, edge, stack, retire, adopt, cloudflare, cloudfront, proxy); remove it or fix its name; received \"x\"",
      "domains[0].cloudfront: does not belong to edge \"cloudflare\"; remove the block, or set edge: cloudfront; received {\"dns\":\"bogus\"}",
      "domains[0].cloudflare.accountId: is required when mode is \"worker\" (the account that owns the Worker, 32 hex digits); received nothing",
    ],
  ],
  [
    { domains: [cf({ edge: "proxy", cloudflare: { zoneId: "nope" }, proxy: { server: "nginx", certificateFile: "rel", certificateKeyFile: "/k", dns: "route53", cloudflareZoneId: Z.toUpperCase(), httpsPort: 8443, httpPort: 8443 }, extra: 1 })] },
    [
      "domains[0].cloudflare.zoneId: must be a Cloudflare zone id: 32 hexadecimal digits (the zone's Overview page shows it); received \"nope\"",
      "domains[0].proxy.certificateFile: must be an absolute path on the proxy (starting with /); received \"rel\"",
      "domains[0].extra: unknown key (known keys: domain, workspace, region, edge, stack, retire, adopt, cloudflare, cloudfront, proxy); remove it or fix its name; received 1",
      "domains[0].cloudflare: does not belong to edge \"proxy\"; remove the block, or set edge: cloudflare; received {\"zoneId\":\"nope\"}",
      "domains[0].proxy.route53ZoneId: is required when dns is \"route53\" (the hosted zone that holds the domain, Z...); received nothing",
      "domains[0].proxy.cloudflareZoneId: is only used with dns: cloudflare, but dns is \"route53\"; remove it or set dns: cloudflare; received \"0123456789ABCDEF0123456789ABCDEF\"",
      "domains[0].proxy.ipv4: is required (or ipv6): the proxy's public address, which the custom domain's A (or AAAA) record points at; received nothing",
      "domains[0].proxy.httpPort: must differ from httpsPort (8443): one port cannot serve both the redirect and HTTPS; received 8443",
    ],
  ],
  [
    { domains: [cf({ edge: "cloudfront", cloudflare: undefined, cloudfront: { dns: "external", route53ZoneId: "/hostedzone/z0123abc", cloudflareZoneId: Z.toUpperCase() } })] },
    [
      "domains[0].cloudfront.route53ZoneId: is only used with dns: route53, but dns is \"external\"; remove it or set dns: route53; received \"/hostedzone/z0123abc\"",
      "domains[0].cloudfront.cloudflareZoneId: is only used with dns: cloudflare, but dns is \"external\"; remove it or set dns: cloudflare; received \"0123456789ABCDEF0123456789ABCDEF\"",
    ],
  ],
  [
    { domains: [cf({ edge: "proxy", cloudflare: undefined, proxy: [] }), cf({ edge: "proxy", cloudflare: undefined, proxy: null }), cf({ edge: "proxy", cloudflare: undefined, proxy: "x" })] },
    [
      "domains[0].proxy: must be a mapping of keys to values; received []",
      "domains[1].proxy: must be a mapping of keys to values; received null",
      "domains[2].proxy: must be a mapping of keys to values; received \"x\"",
      "domains[1].domain: is already configured in domains[0]; list each domain once; received \"emails.example.com\"",
      "domains[2].domain: is already configured in domains[0]; list each domain once; received \"emails.example.com\"",
    ],
  ],
  [
    { domains: [cf({ workspace: 5, cloudflare: { zoneId: Z, mode: "rulesets", existingRulesets: { bogus: 1 }, mirage: "on" }, proxy: { server: "x" } })], extra: true },
    [
      "extra: unknown key (known keys: domains, defaults, terraform); remove it or fix its name; received true",
      "domains[0].workspace: must be a string; put it in quotes; received 5",
      "domains[0].cloudflare.existingRulesets.bogus: unknown key (known keys: http_request_dynamic_redirect, http_request_origin, http_config_settings); remove it or fix its name; received 1",
      "domains[0].cloudflare.mirage: can only be \"off\": Cloudflare retired Mirage (deprecated 2025-09-15, API end of life January 2026) and it is off for every zone; remove the key; received \"on\"",
      "domains[0].proxy.server: must be one of apache, nginx; received \"x\"",
      "domains[0].proxy.certificateFile: is required (path of the certificate chain (PEM) on the proxy); received nothing",
      "domains[0].proxy.certificateKeyFile: is required (path of the private key (PEM) on the proxy); received nothing",
      "domains[0].proxy: does not belong to edge \"cloudflare\"; remove the block, or set edge: proxy; received {\"server\":\"x\"}",
    ],
  ],
  [
    { domains: [cf({ edge: "cloudflare", cloudflare: undefined, cloudfront: {}, proxy: {} })] },
    [
      "domains[0].proxy.server: is required (apache or nginx); received nothing",
      "domains[0].proxy.certificateFile: is required (path of the certificate chain (PEM) on the proxy); received nothing",
      "domains[0].proxy.certificateKeyFile: is required (path of the private key (PEM) on the proxy); received nothing",
      "domains[0].cloudflare: is required when edge is \"cloudflare\" (add a cloudflare: block); received nothing",
      "domains[0].cloudfront: does not belong to edge \"cloudflare\"; remove the block, or set edge: cloudfront; received {}",
      "domains[0].proxy: does not belong to edge \"cloudflare\"; remove the block, or set edge: proxy; received {}",
    ],
  ],
];

describe("problems keep the order and wording of the one-object parser", () => {
  it.each(CASES.map(([config, lines], index) => [index, config, lines] as const))("case %i", (_index, config, lines) => {
    expect(validateConfig(config).problems.map(formatProblem)).toEqual(lines);
  });
});
