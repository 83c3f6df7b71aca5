import type { EmailAssetsDomainSpec } from "../shapes/domain-spec";
import { formatPath, type Problem } from "../problems/problem";
import { stackId, stackOf } from "../names/stack-id";
import { cloudStackTag, cloudWorkspaceName, pgSchemaName } from "../names/state-names";
import type { BackendSpec } from "../shapes/terraform-settings";
import { CLOUD_TAG_MAX_LENGTH, CLOUD_WORKSPACE_NAME_MAX_LENGTH, PG_IDENTIFIER_MAX_LENGTH } from "../../facts/terraform-facts";

/** Domains of one zone must agree on the zone's existing entry-point rulesets. */
export function zoneRulesetProblems(specs: readonly (EmailAssetsDomainSpec | undefined)[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, { index: number; id: string }>();
  specs.forEach((spec, index) => {
    if (spec?.edge !== "cloudflare") return;
    for (const [phase, id] of Object.entries(spec.cloudflare.existingRulesets)) {
      const key = `${spec.cloudflare.zoneId}/${phase}`;
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, { index, id });
      } else if (earlier.id !== id) {
        problems.push({
          path: formatPath(["domains", index, "cloudflare", "existingRulesets", phase]),
          message: `differs from domains[${earlier.index}] (${earlier.id}) for the same zone; a zone has one ${phase} entry point, so give one id (or give it once)`,
          received: id,
        });
      }
    }
  });
  return problems;
}

/** Every id a domain adopts, with its path under `adopt`. */
function adoptedIds(spec: EmailAssetsDomainSpec): [string, string][] {
  const ids: [string, string | undefined][] = [];
  switch (spec.edge) {
    case "cloudflare":
      ids.push(["dnsRecord", spec.adopt?.dnsRecord], ["pageRules.alwaysHttps", spec.adopt?.pageRules?.alwaysHttps], ["pageRules.hostHeader", spec.adopt?.pageRules?.hostHeader], ["workerRoute", spec.adopt?.workerRoute]);
      break;
    case "cloudfront":
      ids.push(["distribution", spec.adopt?.distribution], ["certificate", spec.adopt?.certificate], ["validationRecord", spec.adopt?.validationRecord], ["dnsRecord", spec.adopt?.dnsRecord]);
      break;
    case "proxy":
      ids.push(["dnsRecords.A", spec.adopt?.dnsRecords?.A], ["dnsRecords.AAAA", spec.adopt?.dnsRecords?.AAAA]);
      break;
  }
  return ids.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/**
 * One live resource is adopted by one domain only: two stacks that both import it would both
 * manage it, each undoing the other's changes (and a certificate shared by domains is given to
 * each as certificateArn, which the stacks use without managing it).
 */
export function adoptedIdProblems(specs: readonly (EmailAssetsDomainSpec | undefined)[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  specs.forEach((spec, index) => {
    if (spec === undefined) return;
    for (const [key, id] of adoptedIds(spec)) {
      const path = `domains[${index}].adopt.${key}`;
      const earlier = seen.get(id);
      if (earlier === undefined) {
        seen.set(id, path);
        continue;
      }
      const shared = key === "certificate" ? "; a certificate that serves several domains is given to each as cloudfront.certificateArn instead" : "";
      problems.push({ path, message: `is already adopted by ${earlier}: one live resource belongs to one domain's stack${shared}`, received: id });
    }
  });
  return problems;
}

/**
 * Problems between domains: the same domain twice, or two domains that map to one stack id.
 * Checked on every valid domain name, even in entries with other problems, so all show at once.
 */
export function collisionProblems(domains: readonly (string | undefined)[]): Problem[] {
  const problems: Problem[] = [];
  const byDomain = new Map<string, number>();
  const byStack = new Map<string, number>();
  domains.forEach((domain, index) => {
    if (domain === undefined) return;
    const path = formatPath(["domains", index, "domain"]);
    const sameDomain = byDomain.get(domain);
    const id = stackId(domain);
    const sameStack = byStack.get(id);
    if (sameDomain !== undefined) {
      problems.push({
        path,
        message: `is already configured in domains[${sameDomain}]; list each domain once`,
        received: domain,
      });
    } else if (sameStack !== undefined) {
      problems.push({
        path,
        message: `maps to stack id "${id}", as domains[${sameStack}] (${domains[sameStack]}) does; two stacks cannot share an id, so configure only one of them`,
        received: domain,
      });
    }
    if (sameDomain === undefined) byDomain.set(domain, index);
    if (sameStack === undefined) byStack.set(id, index);
  });
  return problems;
}

/** A domain entry as the rules between stacks see it. */
export interface StackChoice {
  readonly domain?: string;
  /** The named stack, and where its name was written. */
  readonly stack?: { readonly name: string; readonly path: string };
}

/**
 * A named stack may not take the name of a domain's own stack id: the two would share a folder
 * and a state, or swap them when the domain later joins or leaves the named stack.
 */
export function stackNameProblems(entries: readonly StackChoice[]): Problem[] {
  const domainIds = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (entry.domain !== undefined && !domainIds.has(stackId(entry.domain))) domainIds.set(stackId(entry.domain), index);
  });
  const problems: Problem[] = [];
  entries.forEach((entry) => {
    if (entry.stack === undefined) return;
    const clash = domainIds.get(entry.stack.name);
    if (clash === undefined) return;
    problems.push({
      path: entry.stack.path,
      message: `is the stack id of domains[${clash}] (${entries[clash]?.domain ?? ""}), the name its own stack has; choose a stack name that no domain maps to`,
      received: entry.stack.name,
    });
  });
  return problems;
}

/** Stack names too long for where the backend keeps their state (a PostgreSQL schema, an HCP Terraform workspace). */
export function stateNameProblems(backend: BackendSpec, entries: readonly StackChoice[]): Problem[] {
  /** `shorten`: the other setting that makes the name shorter, if any. */
  let limit: { name: (id: string) => string; max: number; what: string; shorten?: string } | undefined;
  switch (backend.type) {
    case "pg":
      limit = { name: (id) => pgSchemaName(backend.schemaPrefix, id), max: PG_IDENTIFIER_MAX_LENGTH, what: "PostgreSQL schema", shorten: "terraform.backend.schemaPrefix" };
      break;
    case "cloud":
      if (backend.workspaces.kind === "prefix") {
        const { prefix } = backend.workspaces;
        limit = { name: (id) => cloudWorkspaceName(prefix, id), max: CLOUD_WORKSPACE_NAME_MAX_LENGTH, what: "HCP Terraform workspace", shorten: "terraform.backend.workspacePrefix" };
      } else {
        limit = { name: cloudStackTag, max: CLOUD_TAG_MAX_LENGTH, what: "HCP Terraform workspace tag" };
      }
      break;
    case "local":
    case "s3":
    case "gcs":
    case "azurerm":
    case "none":
      break;
  }
  if (limit === undefined) return [];
  const { name, max, what, shorten } = limit;
  const problems: Problem[] = [];
  entries.forEach((entry, index) => {
    if (entry.domain === undefined) return;
    const state = name(stackOf(entry.domain, entry.stack?.name));
    if (state.length <= max) return;
    problems.push({
      path: entry.stack?.path ?? formatPath(["domains", index, "domain"]),
      message: `gives its stack the ${what} "${state}", ${state.length} characters, but at most ${max} fit; set a shorter stack: name for it${shorten === undefined ? "" : `, or a shorter ${shorten}`}`,
      received: entry.stack?.name ?? entry.domain,
    });
  });
  return problems;
}
