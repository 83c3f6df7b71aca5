import type { RulesetPhase } from "../facts/cloudflare-facts";
import type { EmailAssetsDomainSpec } from "../config/shapes/domain-spec";
import { stackOf } from "../config/names/stack-id";
import { domainZoneRules, type ZoneRule, type ZoneRulesetsPlan } from "../cloudflare/zone-rules";

/** A zone's entry-point rulesets and the domain whose stack holds them. */
export interface ZoneRulesetsOwner {
  readonly stackId: string;
  /** The domain whose plan carries the rulesets (the zone's first rulesets/worker domain). */
  readonly holder: string;
  readonly rulesets: ZoneRulesetsPlan;
}

/**
 * A zone has one entry point per phase, so the rules of all its rulesets/worker domains go into one
 * ruleset per phase, held by the stack of the zone's first such domain in config order. Gathered
 * whole before any plan is made, so that no plan is changed after it is handed out.
 */
export function zoneRulesetsOwners(specs: readonly EmailAssetsDomainSpec[], hostOf: (spec: EmailAssetsDomainSpec) => string): ReadonlyMap<string, ZoneRulesetsOwner> {
  const drafts = new Map<string, { stackId: string; holder: string; rules: Record<RulesetPhase, ZoneRule[]>; existing: Partial<Record<RulesetPhase, string>>; preventDestroy: boolean }>();
  for (const spec of specs) {
    if (spec.edge !== "cloudflare" || spec.cloudflare.mode === "page-rules") continue;
    const { zoneId, mode, sslScope, existingRulesets } = spec.cloudflare;
    let zone = drafts.get(zoneId);
    if (zone === undefined) {
      zone = {
        stackId: stackOf(spec.domain, spec.stack),
        holder: spec.domain,
        rules: { http_request_dynamic_redirect: [], http_request_origin: [], http_config_settings: [] },
        existing: {},
        preventDestroy: false,
      };
      drafts.set(zoneId, zone);
    }
    Object.assign(zone.existing, existingRulesets);
    // The zone's rulesets hold every domain's rules: they stay protected while one domain is live.
    if (spec.retire !== true) zone.preventDestroy = true;
    for (const [phase, rule] of domainZoneRules(mode, spec.domain, hostOf(spec), sslScope === "host")) zone.rules[phase].push(rule);
  }
  return new Map(
    [...drafts].map(([zoneId, { stackId, holder, rules, existing, preventDestroy }]) => [zoneId, { stackId, holder, rulesets: { zoneId, rules, existing, preventDestroy } }]),
  );
}
