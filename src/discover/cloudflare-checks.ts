import { isIP } from "node:net";
import { canonicalIpv6 } from "../config/fields/proxy-values";
import { AUTOMATIC_TTL } from "../facts/cloudflare-facts";
import type { CloudflarePlan } from "../plan/resolve-plan";
import type { CloudflareReader, CloudflareRecord } from "./cloudflare-reader";
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
