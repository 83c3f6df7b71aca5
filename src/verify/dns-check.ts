import { CLOUDFLARE_IP_RANGES } from "../facts/cloudflare-facts";
import { CLOUDFRONT_DOMAIN_SUFFIX } from "../facts/aws-facts";
import { proxyRecords, stackCreatesRecord } from "../plan/record-words";
import type { DomainPlan } from "../plan/resolve-plan";
import { fail, pass, type CheckResult } from "./check-result";
import { describeFailure, lookupFix, type DnsClient, type DnsOutcome } from "./dns-query";
import { rangeSet } from "./ip-ranges";

const isCloudflareAddress = rangeSet(CLOUDFLARE_IP_RANGES);

/** What the resolver says about the custom domain. */
export interface DnsObservation {
  readonly cname: DnsOutcome<string>;
  readonly a: DnsOutcome<string>;
  readonly aaaa: DnsOutcome<string>;
  /** The reverse names of the first address: asked for CloudFront when no CNAME shows (an alias record). */
  readonly reverse?: DnsOutcome<string>;
  /** The CNAME chain from the domain, followed as resolvers do (at most MAX_CNAME_HOPS names): its first target first. */
  readonly chain?: readonly string[];
  /** True when the chain comes back to a name already in it. */
  readonly loop?: boolean;
}

/** How far a CNAME chain is followed: resolvers give up after a handful of hops too. */
export const MAX_CNAME_HOPS = 8;

function values<T>(outcome: DnsOutcome<T>): readonly T[] {
  return outcome.kind === "answer" ? outcome.values : [];
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\.$/, "") === b.toLowerCase().replace(/\.$/, "");
}

/** The domain's addresses, IPv4 first: where the later checks connect. */
export function addressesOf(observation: DnsObservation): string[] {
  return [...values(observation.a), ...values(observation.aaaa)];
}

/** Follows the CNAME chain from `first` (the domain's own target), one question a hop, until it ends, loops or runs long. */
async function followChain(domain: string, first: string, dns: DnsClient): Promise<{ chain: string[]; loop: boolean }> {
  const chain = [first];
  while (chain.length < MAX_CNAME_HOPS) {
    const next = await dns.cname(chain[chain.length - 1] ?? first);
    if (next.kind !== "answer") break;
    const target = next.values[0] ?? "";
    const loop = sameName(target, domain) || chain.some((name) => sameName(name, target));
    chain.push(target);
    if (loop) return { chain, loop };
  }
  return { chain, loop: false };
}

export async function observeDns(plan: DomainPlan, dns: DnsClient): Promise<DnsObservation> {
  const [cname, a, aaaa] = await Promise.all([dns.cname(plan.domain), dns.a(plan.domain), dns.aaaa(plan.domain)]);
  const first = cname.kind === "answer" ? cname.values[0] : undefined;
  const followed = first === undefined ? {} : await followChain(plan.domain, first, dns);
  const observation: DnsObservation = { cname, a, aaaa, ...followed };
  const address = addressesOf(observation)[0];
  if (plan.edge === "cloudfront" && cname.kind !== "answer" && address !== undefined) {
    return { ...observation, reverse: await dns.reverse(address) };
  }
  return observation;
}

/** The record the plan wants, in zone-file words, for a fix line. */
function wantedRecord(plan: DomainPlan): string {
  switch (plan.edge) {
    case "cloudflare":
      return `a proxied (orange-cloud) CNAME ${plan.domain} -> ${plan.intercomHost} in Cloudflare zone ${plan.cloudflare.zoneId}`;
    case "cloudfront":
      return plan.cloudfront.dns.kind === "route53"
        ? `a Route 53 alias A/AAAA record ${plan.domain} -> the distribution (zone ${plan.cloudfront.dns.zoneId})`
        : `a CNAME ${plan.domain} -> the distribution's domain name (dXXXX${CLOUDFRONT_DOMAIN_SUFFIX}, the stack's dns_record_value after apply)`;
    case "proxy":
      return proxyRecords(plan.proxy);
  }
}

/** A failure that stops the lookup itself (no such name, no answer). */
function lookupProblem(plan: DomainPlan, observation: DnsObservation, resolverName: string): string | undefined {
  const { a, aaaa } = observation;
  if (a.kind === "answer" || aaaa.kind === "answer") return undefined;
  // The resolver answered another question, so it can be reached: a refused connection is then the TCP
  // one c-ares opens for an answer too large for UDP (truncated), as resolvers do.
  const answered = [observation.cname, a, aaaa].some((outcome) => outcome.kind === "answer" || outcome.kind === "nodata" || outcome.kind === "nxdomain");
  if (answered && (a.kind === "unreachable" || aaaa.kind === "unreachable")) {
    return (
      `${plan.domain} ${a.kind === "unreachable" ? "A" : "AAAA"}: ${resolverName} answered over UDP with a truncated answer, then refused the TCP connection ` +
      `that a full answer needs; fix: let ${resolverName} answer over TCP port 53 too (or pass --resolver with one that does), then run verify again`
    );
  }
  for (const outcome of [a, aaaa]) {
    if (outcome.kind !== "nxdomain" && outcome.kind !== "nodata") {
      return `${describeFailure(outcome, `${plan.domain} A/AAAA`, resolverName)}; fix: ${lookupFix(outcome, plan.domain, resolverName)}, then run verify again`;
    }
  }
  const missing = a.kind === "nxdomain" ? `${plan.domain} does not exist (NXDOMAIN)` : `${plan.domain} has no A or AAAA address`;
  const fix = stackCreatesRecord(plan)
    ? `apply stack ${plan.stackId}, which creates ${wantedRecord(plan)} (a record made by hand would clash with it)`
    : `create ${wantedRecord(plan)} at the domain's DNS host`;
  return `${missing}: the record is missing; fix: ${fix} (DNS changes can take a while to be seen)`;
}

export function judgeDns(plan: DomainPlan, observation: DnsObservation, resolverName: string): CheckResult {
  const chain = observation.chain ?? [];
  if (observation.loop === true) {
    return fail("dns", `${plan.domain} is a CNAME loop (${[plan.domain, ...chain].join(" -> ")}): it never reaches an address; fix: make it ${wantedRecord(plan)}`);
  }
  const problem = lookupProblem(plan, observation, resolverName);
  if (problem !== undefined) return fail("dns", problem);
  const addresses = addressesOf(observation);
  // Where the chain ends is what serves the domain; the names on the way are told as "through".
  const targets = chain.length > 0 ? chain : values(observation.cname).slice(0, 1);
  const cname = targets.at(-1);
  const through = targets.length > 1 ? ` (through ${targets.slice(0, -1).join(" -> ")})` : "";
  const toIntercom = targets.some((name) => sameName(name, plan.intercomHost));
  const shown = listAddresses(addresses);
  switch (plan.edge) {
    case "cloudflare": {
      if (toIntercom) {
        return fail(
          "dns",
          `${plan.domain} is a CNAME to ${plan.intercomHost}${through} seen from outside, so Cloudflare does not proxy it (DNS only, grey cloud): ` +
            `no SSL, no Always Use HTTPS, no Host Header Override; fix: turn the record's proxy status on (proxied: true)`,
        );
      }
      const outside = addresses.filter((address) => !isCloudflareAddress(address));
      if (outside.length > 0) {
        return fail(
          "dns",
          `${plan.domain} resolves to ${listAddresses(outside)}, outside Cloudflare's ranges${cname ? ` (through CNAME ${cname})` : ""}: ` +
            `the record is not proxied, or the name is not served by Cloudflare zone ${plan.cloudflare.zoneId}; fix: create ${wantedRecord(plan)}`,
        );
      }
      return pass("dns", `${plan.domain} is proxied by Cloudflare: it resolves to ${shown}, and no CNAME to ${plan.intercomHost} is visible`);
    }
    case "cloudfront": {
      if (cname !== undefined) {
        if (cname.toLowerCase().replace(/\.$/, "").endsWith(CLOUDFRONT_DOMAIN_SUFFIX)) {
          return pass("dns", `${plan.domain} is a CNAME to the CloudFront distribution ${cname}${through} (${shown})`);
        }
        const why = toIntercom
          ? `it points straight at the Intercom host, bypassing the distribution (and its certificate for ${plan.domain})`
          : `${cname} is not a CloudFront distribution`;
        return fail("dns", `${plan.domain} is a CNAME to ${cname}${through}: ${why}; fix: make it ${wantedRecord(plan)}`);
      }
      const cloudflare = addresses.filter(isCloudflareAddress);
      if (cloudflare.length > 0) {
        return fail(
          "dns",
          `${plan.domain} resolves to Cloudflare's addresses (${listAddresses(cloudflare)}): the record is proxied through Cloudflare, ` +
            `so requests never reach CloudFront with its certificate; fix: set the record to DNS only (proxied: false)`,
        );
      }
      const names = observation.reverse === undefined ? [] : values(observation.reverse);
      const edgeName = names.find((name) => name.toLowerCase().replace(/\.$/, "").endsWith(CLOUDFRONT_DOMAIN_SUFFIX));
      if (edgeName !== undefined) return pass("dns", `${plan.domain} is an alias to CloudFront: ${addresses[0]} is ${edgeName}`);
      return fail(
        "dns",
        `${plan.domain} resolves to ${shown}, which is not a CloudFront edge address (its reverse name is ${names[0] ?? "missing"}) and no CNAME shows; ` +
          `fix: make it ${wantedRecord(plan)}`,
      );
    }
    case "proxy": {
      const { ipv4, ipv6 } = plan.proxy.addresses;
      const problems: string[] = [];
      const four = values(observation.a);
      const six = values(observation.aaaa);
      if (ipv4 !== undefined && !(four.length === 1 && sameAddress(four[0], ipv4))) problems.push(`A is ${listAddresses(four) || "missing"}, expected ${ipv4}`);
      if (ipv4 === undefined && four.length > 0) problems.push(`A ${listAddresses(four)} is not a configured proxy address (the config has no ipv4)`);
      if (ipv6 !== undefined && !(six.length === 1 && sameAddress(six[0], ipv6))) problems.push(`AAAA is ${listAddresses(six) || "missing"}, expected ${ipv6}`);
      if (ipv6 === undefined && six.length > 0) problems.push(`AAAA ${listAddresses(six)} is not a configured proxy address (the config has no ipv6)`);
      if (problems.length === 0) return pass("dns", `${plan.domain} resolves to the proxy's configured addresses: ${shown}`);
      const proxied = addresses.some(isCloudflareAddress) ? "; the record is proxied through Cloudflare, which the proxy edge does not want (set it DNS only)" : "";
      return fail("dns", `${plan.domain} does not point at the proxy: ${problems.join("; ")}${proxied}; fix: make the records exactly ${wantedRecord(plan)}`);
    }
  }
}

/** At most this many addresses are listed in a line; a name with hundreds would otherwise run past thousands of characters. */
export const SHOWN_ADDRESSES = 8;

/** Addresses for a line: the first few, then how many more. */
export function listAddresses(addresses: readonly string[]): string {
  if (addresses.length <= SHOWN_ADDRESSES) return addresses.join(", ");
  return `${addresses.slice(0, SHOWN_ADDRESSES).join(", ")} and ${addresses.length - SHOWN_ADDRESSES} more`;
}

/** Addresses compare by value (`2001:db8::1` and `2001:0db8:0:0::1` are one address). */
function sameAddress(a: string, b: string): boolean {
  return rangeSet([`${b}/${b.includes(":") ? 128 : 32}`])(a);
}
