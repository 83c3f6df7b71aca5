import { Construct } from "constructs";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { ZoneRule } from "../cloudflare/zone-rules";
import { normalizeCloudflareId } from "../config/fields/domain-name";
import { CLOUDFLARE_ID, RULESET_PHASES, type RulesetPhase } from "../facts/cloudflare-facts";
import { constructId, PropsCheck, requireDefaultProvider } from "./props-check";
import { ANY, FLAG, keyedBy, listOf, mapOf, objectOf, optional, providerOf, required, TEXT, type Described } from "./prop-shapes";
import { claim } from "./construct-claims";
import { bindings } from "./provider-bindings";
import { applyPolicy } from "./email-assets-policy";
import { liveLifecycle, type LiveResourceProps } from "./live-lifecycle";
import { rulesetImportId } from "../plan/adoption";
import { importWhenAdopted } from "./adopted-resource";

/** Construct ids (and so Terraform addresses) of the rulesets, by phase. */
const RULESET_IDS: Readonly<Record<RulesetPhase, string>> = {
  http_request_dynamic_redirect: "redirect_rules",
  http_request_origin: "origin_rules",
  http_config_settings: "config_rules",
};

export interface CloudflareZoneRulesetsProps extends LiveResourceProps {
  /** The zone: 32 lower-case hex digits. */
  readonly zoneId: string;
  /** The rules of every domain of the zone, by phase; a phase without rules gets no ruleset. */
  readonly rules: Readonly<Partial<Record<RulesetPhase, readonly ZoneRule[]>>>;
  /**
   * Entry-point rulesets that already exist in the zone, by phase: imported (adopted) instead of
   * created. @default {}
   */
  readonly existing?: Readonly<Partial<Record<RulesetPhase, string>>>;
  /** @default - the stack's default Cloudflare provider */
  readonly provider?: CloudflareProvider;
}

const PROPS: Described<CloudflareZoneRulesetsProps> = {
  zoneId: required(TEXT),
  rules: required(
    keyedBy(
      RULESET_PHASES,
      listOf(
        objectOf<ZoneRule>({
          ref: required(TEXT),
          description: required(TEXT),
          expression: required(TEXT),
          action: required(TEXT),
          enabled: required(FLAG),
          actionParameters: required(mapOf(ANY)),
        }),
      ),
    ),
  ),
  existing: optional(keyedBy(RULESET_PHASES, TEXT)),
  provider: optional(providerOf("cloudflare")),
  preventDestroy: optional(FLAG),
};

/**
 * A zone's entry-point rulesets for the `rulesets` and `worker` modes, one per phase that has
 * rules, with the rules of every domain of the zone. A zone has exactly one entry point per phase:
 * where one already exists its id is imported (adopted) rather than created, which would fail.
 * Once adopted, the ruleset holds exactly these rules; it keeps its own name (Terraform ignores
 * the name, kind and phase, which the provider could only change by replacing the ruleset).
 */
export class CloudflareZoneRulesets extends Construct {
  public readonly rulesets: Partial<Record<RulesetPhase, Ruleset>> = {};

  constructor(scope: Construct, id: string, input: CloudflareZoneRulesetsProps) {
    super(scope, constructId("CloudflareZoneRulesets", scope, id));
    const check = new PropsCheck("CloudflareZoneRulesets");
    const props = check.props(PROPS, input);
    const existing = props.existing ?? {};
    check.normalized("zoneId", props.zoneId, (v) => normalizeCloudflareId(v, "zone"));
    for (const [phase, rulesetId] of Object.entries(existing)) {
      check.expect(CLOUDFLARE_ID.test(rulesetId), `existing.${phase}`, "must be a ruleset id: 32 lower-case hexadecimal digits", rulesetId);
    }
    check.done();
    applyPolicy(this);
    if (props.provider === undefined) {
      requireDefaultProvider(this, "the rulesets", "cloudflare", 'add new CloudflareProvider(stack, "cloudflare", {}), or pass provider');
    }

    for (const phase of RULESET_PHASES) {
      const rules = props.rules[phase] ?? [];
      if (rules.length === 0) continue;
      const adopted = existing[phase];
      const ruleset = new (bindings.Ruleset())(this, RULESET_IDS[phase], {
        // The provider replaces a ruleset whose name, kind or phase changes, and an adopted entry
        // point has a name of its own: the import must never be followed by a destroy and re-create
        // (the zone's rules would vanish meanwhile). Kind and phase are ignored too: for the right id
        // they match anyway, and for a wrong one (another phase's entry point) an update of its
        // rules, which the API checks against its phase, is the lesser harm than destroying it.
        ...liveLifecycle(props.preventDestroy, adopted !== undefined ? { ignoreChanges: ["name", "kind", "phase"] } : {}),
        provider: props.provider,
        zoneId: props.zoneId,
        kind: "zone",
        phase,
        name: `email-assets-domain ${phase}`,
        description: "Intercom email-assets custom domains (managed by email-assets-domain)",
        rules: rules.map((rule) => ({ ...rule })),
      });
      importWhenAdopted(ruleset, adopted === undefined ? undefined : rulesetImportId(props.zoneId, adopted));
      this.rulesets[phase] = ruleset;
      claim(this, "zoneRuleset", props.zoneId, phase);
    }
  }
}
