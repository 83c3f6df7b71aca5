import type { EmailAssetsDomainSpec } from "./domain-spec";
import { formatPath, type Problem } from "./problem";
import { stackId } from "./stack-id";

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
