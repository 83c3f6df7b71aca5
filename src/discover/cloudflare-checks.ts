import { isIP } from "node:net";
import { canonicalIpv6 } from "../config/proxy-values";
import { AUTOMATIC_TTL } from "../facts/cloudflare-facts";
import type { CloudflarePlan } from "../plan/resolve-plan";
import type { CloudflarePageRule, CloudflareReader, CloudflareRecord } from "./cloudflare-reader";
import { listed, type Findings } from "./findings";
import { dnsName, patternCoversHost } from "./names";

/** A record the stack manages at the domain's name in a Cloudflare zone. */
export interface WantedRecord {
  readonly type: "CNAME" | "A" | "AAAA";
  /** What it must hold; undefined when only apply will know (a new distribution's name). */
  readonly content?: string;
  /** The difference to say about a found record's content when `content` is undefined. */
  readonly unknownContent?: (live: string) => string;
  readonly proxied: boolean;
  /** Why the proxy is on or off, said when apply changes it. */
  readonly proxyReason: string;
}

/** An address or name in one spelling, so that `2001:DB8::1` and `2001:db8:0::1` compare equal. */
export function canonicalContent(type: string, content: string): string {
  if ((type === "A" || type === "AAAA") && isIP(content.trim()) === 6) return canonicalIpv6(content.trim().toLowerCase());
  return type === "CNAME" ? dnsName(content) : content.trim().toLowerCase();
}

/** "a TXT record", "an A record". */
export function aRecord(type: string): string {
  return `${/^[AEFHILMNORSX]/.test(type) ? "an" : "a"} ${type} record`;
}

function recordWords(record: CloudflareRecord): string {
  return `record ${record.id}${record.content === undefined ? "" : `, ${record.content}`}`;
}

/** Says how a found record differs from the wanted one, and what apply does about it. */
export function compareRecord(record: CloudflareRecord, wanted: WantedRecord, findings: Findings): void {
  const label = `the ${wanted.type === "CNAME" ? "CNAME" : `${wanted.type} record`}`;
  const content = record.content ?? "";
  if (wanted.content !== undefined && canonicalContent(wanted.type, content) !== canonicalContent(wanted.type, wanted.content)) {
    findings.differ(wanted.type === "CNAME" ? `${label} points at ${content}; apply points it at ${wanted.content}` : `${label} holds ${content}; apply sets it to ${wanted.content}`);
  } else if (wanted.content === undefined && wanted.unknownContent !== undefined) {
    findings.differ(wanted.unknownContent(content));
  }
  const proxied = record.proxied === true;
  if (proxied !== wanted.proxied) {
    findings.differ(`${label} is ${proxied ? "" : "not "}proxied; apply turns the proxy ${wanted.proxied ? "on" : "off"} (${wanted.proxyReason})`);
  } else if (record.ttl !== AUTOMATIC_TTL) {
    findings.differ(`${label}'s TTL is ${record.ttl} s; apply sets it to automatic`);
  }
}

/**
 * Checks that the zone holds the domain and, where the plan needs Host Header Override, that the
 * zone is on the Enterprise plan.
 */
export async function checkZone(reader: CloudflareReader, zoneId: string, domain: string, findings: Findings, needsEnterprise: boolean): Promise<void> {
  const zone = await reader.zone(zoneId);
  if (zone === undefined) return;
  const name = dnsName(zone.name);
  if (domain !== name && !domain.endsWith(`.${name}`)) {
    findings.differ(`zone ${zoneId} is ${name}, which does not hold ${domain}: apply would write into the wrong zone; fix the zone id in the config`);
  }
  const plan = zone.plan;
  const enterprise = plan.legacy_id === "enterprise" || /enterprise/i.test(plan.name ?? "");
  if (needsEnterprise && (plan.legacy_id !== undefined || plan.name !== undefined) && !enterprise) {
    findings.differ(
      `zone ${name} is on the ${plan.name ?? plan.legacy_id ?? ""} plan: Host Header Override needs Enterprise, so apply fails at the Host-header page rule; mode: worker works on any plan`,
    );
  }
}

/**
 * The records at the domain's name: the one of each wanted type to adopt (by id), with every
 * difference; a record of a type that cannot sit beside the wanted ones blocks adoption.
 */
export async function findRecords(
  reader: CloudflareReader,
  zoneId: string,
  domain: string,
  wanted: readonly WantedRecord[],
  findings: Findings,
  what: (record: WantedRecord) => string,
): Promise<Partial<Record<WantedRecord["type"], string>>> {
  const records = await reader.records(zoneId, domain);
  const adopted: Partial<Record<WantedRecord["type"], string>> = {};
  const wantsCname = wanted.some((record) => record.type === "CNAME");
  for (const record of records) {
    if (wanted.some((w) => w.type === record.type)) continue;
    if (wantsCname) {
      findings.differ(
        `${aRecord(record.type)} at ${domain} (${recordWords(record)}) blocks adoption: a CNAME cannot share its name, so apply cannot create one; remove that record first`,
      );
    } else if (record.type === "CNAME") {
      findings.differ(
        `a CNAME at ${domain} (${recordWords(record)}) blocks adoption: nothing can sit beside a CNAME, so apply cannot create the ${listed(wanted.map((w) => `${w.type} record`))}; remove it first`,
      );
    } else if (record.type === "A" || record.type === "AAAA") {
      findings.differ(
        `${aRecord(record.type)} at ${domain} (${recordWords(record)}) also answers; the stack does not manage it: remove it, or add proxy.${record.type === "A" ? "ipv4" : "ipv6"}`,
      );
    }
  }
  for (const want of wanted) {
    const ofType = records.filter((record) => record.type === want.type);
    if (ofType.length === 0) {
      findings.missing(`${what(want)} (apply creates it)`);
      continue;
    }
    const content = want.content;
    const matching = content === undefined ? [] : ofType.filter((record) => canonicalContent(want.type, record.content ?? "") === canonicalContent(want.type, content));
    const chosen = matching[0] ?? (ofType.length === 1 ? ofType[0] : undefined);
    if (chosen === undefined) {
      findings.differ(
        `${ofType.length} ${want.type} records at ${domain} (${ofType.map(recordWords).join("; ")}), none holding ${want.content ?? "the planned value"}: the stack manages one; write the one to keep into adopt and remove the others first`,
      );
      continue;
    }
    adopted[want.type] = chosen.id;
    compareRecord(chosen, want, findings);
    for (const other of ofType.filter((record) => record !== chosen)) {
      findings.differ(`another ${want.type} record at ${domain} (${recordWords(other)}) also answers; the stack manages one: remove it first`);
    }
  }
  return adopted;
}

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

/** worker mode: the route `<domain>/*` and any other route that reaches this host. */
export async function findWorkerRoute(reader: CloudflareReader, plan: CloudflarePlan & { mode: "worker" }, findings: Findings): Promise<string | undefined> {
  const { domain, zoneId, worker } = plan;
  const routes = await reader.workerRoutes(zoneId);
  const pattern = worker.routePattern;
  const exact = routes.filter((route) => route.pattern.trim().toLowerCase() === pattern);
  const [chosen, ...others] = exact;
  for (const route of routes) {
    if (route === chosen) continue;
    if (others.includes(route) || patternCoversHost(route.pattern, domain)) {
      findings.differ(`a Worker route for this host also matches (route ${route.id}, ${route.pattern}, Worker ${route.script ?? "none"}): adopt it or remove it first`);
    }
  }
  if (chosen === undefined) {
    findings.missing(`the Worker route ${pattern} to ${worker.scriptName} (apply creates it)`);
    return undefined;
  }
  if (chosen.script !== worker.scriptName) {
    findings.differ(
      `the Worker route ${chosen.pattern} sends requests to ${chosen.script === undefined ? "no Worker" : `Worker ${chosen.script}`}; apply points it at ${worker.scriptName}, the Worker the stack uploads`,
    );
  }
  return chosen.id;
}
