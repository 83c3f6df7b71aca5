import { Construct } from "constructs";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { Ruleset, type RulesetRules } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { RulesetPhase } from "../spec/types";
import type { ZoneRule, ZoneRulesetsPlan } from "./zone-rules";

/** Construct ids (and so Terraform addresses) of the rulesets, by phase. */
export const RULESET_IDS: Readonly<Record<RulesetPhase, string>> = {
  http_request_dynamic_redirect: "redirect_rules",
  http_request_origin: "origin_rules",
  http_config_settings: "config_rules",
};

export interface CloudflareZoneRulesetsProps extends ZoneRulesetsPlan {
  /** @default - the stack's default Cloudflare provider */
  readonly provider?: CloudflareProvider;
}

/**
 * A zone's entry-point rulesets for the `rulesets` and `worker` modes, one per phase that has
 * rules, with the rules of every domain of the zone. A zone has exactly one entry point per phase:
 * where one already exists its id is imported (adopted) rather than created, which would fail.
 * Once adopted, the ruleset holds exactly these rules.
 */
export class CloudflareZoneRulesets extends Construct {
  public readonly rulesets: Partial<Record<RulesetPhase, Ruleset>> = {};

  constructor(scope: Construct, id: string, props: CloudflareZoneRulesetsProps) {
    super(scope, id);
    for (const [phase, rules] of Object.entries(props.rules) as [RulesetPhase, readonly ZoneRule[]][]) {
      if (rules.length === 0) continue;
      const ruleset = new Ruleset(this, RULESET_IDS[phase], {
        provider: props.provider,
        zoneId: props.zoneId,
        kind: "zone",
        phase,
        name: `email-assets-domain ${phase}`,
        description: "Intercom email-assets custom domains (managed by email-assets-domain)",
        rules: rules.map((rule) => ({ ...rule }) as RulesetRules),
      });
      const existing = props.existing[phase];
      if (existing !== undefined) ruleset.importFrom(`zones/${props.zoneId}/${existing}`, props.provider);
      this.rulesets[phase] = ruleset;
    }
  }
}
