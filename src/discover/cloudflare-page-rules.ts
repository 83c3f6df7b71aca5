import type { CloudflarePlan } from "../plan/resolve-plan";
import type { CloudflarePageRule, CloudflareReader } from "./cloudflare-reader";
import { listed, type Findings } from "./findings";
import { patternCoversHost } from "./names";

type PageRuleAction = CloudflarePageRule["actions"][number];

/** An action's value as text (a string as it is, anything else as JSON); undefined for a switch without one. */
function actionValue(action: PageRuleAction): string | undefined {
  const value: unknown = "value" in action ? action.value : undefined;
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** An action in words, as "also …" reads it. */
function actionWords(action: PageRuleAction): string {
  const value = actionValue(action);
  switch (action.id) {
    case "forwarding_url": {
      const forward = ("value" in action ? action.value : undefined) as { url?: string; status_code?: number } | undefined;
      return `forwards to ${forward?.url ?? "another URL"}${forward?.status_code === undefined ? "" : ` (${forward.status_code})`}`;
    }
    case "always_use_https":
      return "turns Always Use HTTPS on";
    case "host_header_override":
      return `overrides the Host header to ${value ?? ""}`;
    case "rocket_loader":
      return `turns Rocket Loader ${value ?? ""}`;
    case "ssl":
      return `sets SSL to ${value ?? ""}`;
    default:
      return `sets ${String(action.id)}${value === undefined ? "" : ` to ${value}`}`;
  }
}

/** The rule's URL patterns, as written. */
function targets(rule: CloudflarePageRule): string[] {
  return rule.targets.map((target) => target.constraint?.value ?? "").filter((value) => value !== "");
}

function ruleWords(rule: CloudflarePageRule): string {
  return `rule ${rule.id}, ${listed(targets(rule))}, priority ${rule.priority}, ${rule.status}`;
}

/** True when the rule's only target is exactly `target` (the host compared as DNS compares names). */
function targetsExactly(rule: CloudflarePageRule, target: string): boolean {
  const [only, ...more] = rule.targets;
  return more.length === 0 && only?.constraint !== undefined && only.constraint.operator === "matches" && only.constraint.value.trim().toLowerCase() === target;
}

interface RuleExpectation {
  readonly name: string;
  readonly target: string;
  readonly priority: number;
  /** The actions the stack sets, by id, with their value (`true` for a switch without one). */
  readonly actions: ReadonlyMap<string, string | true>;
  readonly why?: string;
}

function compareRule(rule: CloudflarePageRule, want: RuleExpectation, findings: Findings): void {
  const label = `the ${want.name} page rule`;
  const written = targets(rule)[0] ?? "";
  if (written !== want.target) findings.differ(`${label}'s target is written ${written}; apply writes ${want.target}`);
  if (rule.status !== "active") findings.differ(`${label} is ${rule.status}; apply turns it on (active)`);
  if (rule.priority !== want.priority) findings.differ(`${label} has priority ${rule.priority}; apply sets it to ${want.priority}`);
  const live = new Map(rule.actions.map((action) => [String(action.id), action] as const));
  for (const [id, value] of want.actions) {
    const action = live.get(id);
    const liveValue = action === undefined ? undefined : (actionValue(action) ?? true);
    if (liveValue === value) continue;
    switch (id) {
      case "always_use_https":
        findings.differ(`${label} does not turn Always Use HTTPS on; apply turns it on`);
        break;
      case "host_header_override":
        findings.differ(
          liveValue === undefined
            ? `${label} does not override the Host header; apply overrides it to ${String(value)}`
            : `${label} overrides the Host header to ${String(liveValue)}; apply overrides it to ${String(value)}`,
        );
        break;
      case "rocket_loader":
        findings.differ(
          liveValue === undefined
            ? `${label} leaves Rocket Loader to the zone's setting; apply turns it ${String(value)} for this host`
            : `${label} turns Rocket Loader ${String(liveValue)}; apply turns it ${String(value)}`,
        );
        break;
      default:
        findings.differ(
          // Only "ssl" is left.
          liveValue === undefined ? `${label} does not set SSL; apply sets it to ${String(value)} for this host` : `${label} sets SSL to ${String(liveValue)}; apply sets it to ${String(value)}`,
        );
    }
  }
  for (const action of rule.actions) {
    if (want.actions.has(String(action.id))) continue;
    findings.differ(`${label} also ${actionWords(action)}; apply removes that${want.why === undefined ? "" : ` (${want.why})`}`);
  }
}

/**
 * page-rules mode: the zone's `http://<domain>/*` and `https://<domain>/*` rules, compared with
 * the plan; any other rule whose target reaches this host is named, since it acts on the same
 * requests.
 */
export async function findPageRules(reader: CloudflareReader, plan: CloudflarePlan & { mode: "page-rules" }, findings: Findings): Promise<{ alwaysHttps?: string; hostHeader?: string }> {
  const { domain, intercomHost, zoneId, pageRulePriorities } = plan;
  const rules = await reader.pageRules(zoneId);
  const hostHeaderActions = new Map<string, string | true>([
    ["host_header_override", intercomHost],
    ["rocket_loader", "off"],
  ]);
  if (plan.ssl.scope === "host") hostHeaderActions.set("ssl", "full");
  const expectations: [keyof typeof pageRulePriorities, RuleExpectation][] = [
    [
      "alwaysHttps",
      {
        name: "Always-Use-HTTPS",
        target: `http://${domain}/*`,
        priority: pageRulePriorities.alwaysHttps,
        actions: new Map([["always_use_https", true]]),
        why: "Always Use HTTPS goes alone in its rule: a redirect ends the rule",
      },
    ],
    [
      "hostHeader",
      {
        name: "Host-header",
        target: `https://${domain}/*`,
        priority: pageRulePriorities.hostHeader,
        actions: hostHeaderActions,
        ...(plan.ssl.scope === "zone" ? { why: "sslScope: zone sets SSL for the whole zone" } : {}),
      },
    ],
  ];
  const adopted: { alwaysHttps?: string; hostHeader?: string } = {};
  const claimed = new Set<CloudflarePageRule>();
  for (const [key, want] of expectations) {
    const exact = rules.filter((rule) => targetsExactly(rule, want.target)).sort((a, b) => Number(b.status === "active") - Number(a.status === "active"));
    const [chosen, ...others] = exact;
    if (chosen === undefined) {
      findings.missing(`the ${want.name} page rule ${want.target} (apply creates it)`);
      continue;
    }
    adopted[key] = chosen.id;
    claimed.add(chosen);
    compareRule(chosen, want, findings);
    for (const other of others) {
      claimed.add(other);
      findings.differ(`another page rule has the target ${want.target} (${ruleWords(other)}): adopt one of them and remove the other first`);
    }
  }
  for (const rule of rules) {
    if (claimed.has(rule)) continue;
    const reaching = targets(rule).filter((target) => patternCoversHost(target, domain));
    if (reaching.length === 0) continue;
    const does = rule.actions.length === 0 ? "matches" : listed(rule.actions.map(actionWords));
    findings.differ(`a page rule for this host also ${does} (${ruleWords(rule)}): adopt it or remove it first`);
  }
  return adopted;
}
