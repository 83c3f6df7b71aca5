import type { DnsTarget } from "../config/shapes/domain-spec";
import type { DomainPlan, ProxyPlan } from "./resolve-plan";

/** Where a DNS target's records go, in words; undefined for external DNS, where they are made by hand. */
export function managedBy(dns: DnsTarget): string | undefined {
  switch (dns.kind) {
    case "route53":
      return `Route 53 zone ${dns.zoneId}`;
    case "cloudflare":
      return `Cloudflare zone ${dns.zoneId} (DNS only)`;
    case "external":
      return undefined;
  }
}

/** Whether the domain's own stack makes its DNS record (else it is made by hand, at a DNS host the config does not manage). */
export function stackCreatesRecord(plan: DomainPlan): boolean {
  switch (plan.edge) {
    case "cloudflare":
      return true;
    case "cloudfront":
      return managedBy(plan.cloudfront.dns) !== undefined;
    case "proxy":
      return managedBy(plan.proxy.dns) !== undefined;
  }
}

/** A proxy's records in zone-file words: `A d -> 203.0.113.10 and AAAA d -> 2001:db8::10`. */
export function proxyRecords(proxy: Pick<ProxyPlan, "domain" | "addresses">): string {
  const { ipv4, ipv6 } = proxy.addresses;
  return [ipv4 && `A ${proxy.domain} -> ${ipv4}`, ipv6 && `AAAA ${proxy.domain} -> ${ipv6}`].filter(Boolean).join(" and ");
}
