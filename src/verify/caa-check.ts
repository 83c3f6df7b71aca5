import type { CaaRecord } from "node:dns";
import { ACM_CAA_DOMAINS } from "../facts/aws-facts";
import { CLOUDFLARE_UNIVERSAL_SSL_CAA } from "../facts/cloudflare-facts";
import { registrableDomain } from "../config/fields/domain-name";
import type { DomainPlan } from "../plan/resolve-plan";
import { fail, pass, type CheckResult } from "./check-result";
import { describeFailure, lookupFix, type DnsClient, type DnsOutcome } from "./dns-query";

/** The CAA record set that governs a name: the first one found walking up from it (RFC 8659). */
export type CaaObservation =
  | { readonly kind: "found"; readonly at: string; readonly records: readonly CaaRecord[] }
  | { readonly kind: "none"; readonly searched: readonly string[] }
  | { readonly kind: "failed"; readonly at: string; readonly outcome: Exclude<DnsOutcome<never>, { kind: "answer" }> };

/** The names CAA is looked up at: the domain and each parent, up to its registrable domain. */
export function caaNames(domain: string): string[] {
  const top = registrableDomain(domain);
  const names: string[] = [];
  for (let name = domain; ; name = name.slice(name.indexOf(".") + 1)) {
    names.push(name);
    if (name === top || !name.includes(".")) return names;
  }
}

export async function observeCaa(domain: string, dns: DnsClient): Promise<CaaObservation> {
  const names = caaNames(domain);
  for (const name of names) {
    const outcome = await dns.caa(name);
    if (outcome.kind === "answer") return { kind: "found", at: name, records: outcome.values };
    // No record here (or no such name): the parent's set governs.
    if (outcome.kind === "nodata" || outcome.kind === "nxdomain") continue;
    return { kind: "failed", at: name, outcome };
  }
  return { kind: "none", searched: names };
}

/** The issuer domains `issue` properties allow; an empty list means no CA at all (`issue ";"`). */
export function allowedIssuers(records: readonly CaaRecord[]): string[] | "any" {
  const issue = records.flatMap((record) => (record.issue === undefined ? [] : [record.issue]));
  // A set without an issue property does not restrict ordinary (non-wildcard) certificates.
  if (issue.length === 0) return "any";
  // The issuer domain is what comes before the first ";" (split always yields it, possibly empty).
  return [...new Set(issue.map((value) => value.split(";")[0].trim().toLowerCase()).filter((issuer) => issuer !== ""))];
}

/** The CAs the edge's certificate comes from, when the project knows them. */
function edgeIssuers(plan: DomainPlan): { readonly who: string; readonly issuers: readonly string[] } | undefined {
  switch (plan.edge) {
    case "cloudflare":
      return { who: "Cloudflare's Universal SSL", issuers: CLOUDFLARE_UNIVERSAL_SSL_CAA };
    case "cloudfront":
      // An existing certificate may come from any CA (an imported one, say): nothing to require.
      return plan.cloudfront.certificateArn === undefined ? { who: "ACM (the certificate the stack creates)", issuers: ACM_CAA_DOMAINS } : undefined;
    case "proxy":
      return undefined;
  }
}

/** The properties CAs know (RFC 8659, RFC 8657's account and method parameters ride inside issue). */
const KNOWN_PROPERTIES = new Set(["issue", "issuewild", "iodef", "contactemail", "contactphone", "issuemail", "issuevmc"]);

/** Tags of records whose issuer-critical flag (128) is set on a property no CA knows. */
export function unknownCritical(records: readonly CaaRecord[]): string[] {
  return records.flatMap((record) => {
    if ((record.critical & 128) === 0) return [];
    return Object.keys(record).filter((key) => key !== "critical" && !KNOWN_PROPERTIES.has(key.toLowerCase()));
  });
}

export function judgeCaa(plan: DomainPlan, observation: CaaObservation, resolverName: string): CheckResult {
  const edge = edgeIssuers(plan);
  switch (observation.kind) {
    case "failed":
      return fail(
        "caa",
        `${describeFailure(observation.outcome, `CAA ${observation.at}`, resolverName)}: a CA that cannot read CAA refuses to issue or renew ` +
          `the certificate for ${plan.domain}; fix: ${lookupFix(observation.outcome, observation.at, resolverName)}`,
      );
    case "none":
      return pass("caa", `no CAA records from ${observation.searched.join(" up to ")}: any CA may issue for ${plan.domain}`);
    case "found": {
      const critical = unknownCritical(observation.records);
      if (critical.length > 0) {
        // RFC 8659 section 4.1: a CA must not issue when it meets a critical property it does not understand.
        return fail(
          "caa",
          `CAA at ${observation.at} has the critical property ${critical.join(", ")}, which no CA knows: RFC 8659 forbids every CA to issue or renew ` +
            `the certificate for ${plan.domain}; fix: remove that record at ${observation.at}, or clear its critical flag (128 -> 0)`,
        );
      }
      const allowed = allowedIssuers(observation.records);
      if (allowed === "any") return pass("caa", `CAA at ${observation.at} has no issue property: any CA may issue for ${plan.domain}`);
      const shown = allowed.length === 0 ? "no CA at all (issue \";\")" : allowed.join(", ");
      if (edge === undefined) {
        const whose = plan.edge === "proxy" ? "your proxy's certificate" : "the existing certificate";
        return pass("caa", `CAA at ${observation.at} allows ${shown}: ${whose} must come from one of these to be renewed`);
      }
      const usable = allowed.filter((issuer) => edge.issuers.includes(issuer));
      if (usable.length > 0) return pass("caa", `CAA at ${observation.at} allows ${shown}, including ${usable.join(", ")} used by ${edge.who}`);
      return fail(
        "caa",
        `CAA at ${observation.at} allows ${shown}, but ${edge.who} issues from ${edge.issuers.join(", ")}: ` +
          `the certificate for ${plan.domain} cannot be issued or renewed; fix: add ${observation.at}. CAA 0 issue "${edge.issuers[0]}" ` +
          `(or one of the others), or remove the restriction`,
      );
    }
  }
}
