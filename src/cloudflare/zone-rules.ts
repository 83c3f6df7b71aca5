import { PHASES_BY_MODE, type CloudflareMode, type RulesetPhase } from "../facts/cloudflare-facts";
import { hostExpression, httpsTargetExpression, plainHttpExpression } from "./rules-expressions";

/** One rule of an entry-point ruleset, shaped like the provider's `rules` items. */
export interface ZoneRule {
  readonly ref: string;
  readonly description: string;
  readonly expression: string;
  readonly action: "redirect" | "route" | "set_config";
  readonly enabled: true;
  readonly actionParameters: Record<string, unknown>;
}

/** The rules one zone needs in each phase, with the rulesets that already exist there. */
export interface ZoneRulesetsPlan {
  readonly zoneId: string;
  readonly rules: Readonly<Record<RulesetPhase, readonly ZoneRule[]>>;
  readonly existing: Readonly<Partial<Record<RulesetPhase, string>>>;
  /** True while any domain of the zone is live (not retired): the rulesets serve it. */
  readonly preventDestroy: boolean;
}

/** A stable rule ref per domain, so Cloudflare keeps rule ids when rules are added around it. */
function ref(kind: string, domain: string): string {
  return `email_assets_${kind}_${domain.replace(/[^a-z0-9]/g, "_")}`;
}

/** Single Redirect: plain HTTP for the domain to the same path on HTTPS, query kept, 301. */
export function httpsRedirectRule(domain: string): ZoneRule {
  return {
    ref: ref("https", domain),
    description: `email-assets: ${domain} to HTTPS`,
    expression: plainHttpExpression(domain),
    action: "redirect",
    enabled: true,
    actionParameters: {
      fromValue: { statusCode: 301, preserveQueryString: true, targetUrl: { expression: httpsTargetExpression(domain) } },
    },
  };
}

/** Origin Rule: the Host header Intercom sees (which also sets SNI, so `sni` is left alone). */
export function hostHeaderRule(domain: string, intercomHost: string): ZoneRule {
  return {
    ref: ref("host", domain),
    description: `email-assets: ${domain} served by ${intercomHost}`,
    expression: hostExpression(domain),
    action: "route",
    enabled: true,
    actionParameters: { hostHeader: intercomHost },
  };
}

/** Configuration Rule: SSL Full (unless set zone-wide) and Rocket Loader off for this host only. */
export function hostSettingsRule(domain: string, sslFull: boolean): ZoneRule {
  return {
    ref: ref("config", domain),
    description: `email-assets: ${domain} ${sslFull ? "SSL Full, " : ""}Rocket Loader off`,
    expression: hostExpression(domain),
    action: "set_config",
    enabled: true,
    actionParameters: { ...(sslFull ? { ssl: "full" } : {}), rocketLoader: false },
  };
}

/**
 * The rules one domain adds to its zone's entry points, one per phase its mode writes into
 * (PHASES_BY_MODE): `sslFull` scopes SSL Full to the domain in its Configuration Rule.
 */
export function domainZoneRules(mode: CloudflareMode, domain: string, intercomHost: string, sslFull: boolean): [RulesetPhase, ZoneRule][] {
  const ruleFor: Readonly<Record<RulesetPhase, () => ZoneRule>> = {
    http_request_dynamic_redirect: () => httpsRedirectRule(domain),
    http_request_origin: () => hostHeaderRule(domain, intercomHost),
    http_config_settings: () => hostSettingsRule(domain, sslFull),
  };
  return PHASES_BY_MODE[mode].map((phase) => [phase, ruleFor[phase]()]);
}
