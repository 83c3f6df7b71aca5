import { intercomHost } from "../intercom/intercom-host";
import { linkBrandingStep } from "../intercom/link-branding";
import type { EmailAssetsDomainSpec, Region, SslScope } from "../spec/types";
import { stackId } from "./stack-id";

/** A DNS record the custom domain must hold. */
export interface DnsRecordPlan {
  readonly name: string;
  readonly type: "CNAME" | "A" | "AAAA";
  readonly value: string;
}

/** Everything the Cloudflare construct needs, decided in advance. */
export interface CloudflarePlan {
  readonly zoneId: string;
  readonly domain: string;
  readonly intercomHost: string;
  /** Priority of the `http://<domain>/*` Always Use HTTPS rule. */
  readonly alwaysHttpsPriority: number;
  /** Priority of the `https://<domain>/*` Host Header Override rule. */
  readonly hostHeaderPriority: number;
  readonly sslScope: SslScope;
  /**
   * True for the one stack per zone that manages the zone-wide SSL setting (the first domain of the
   * config, in order, that asks for `sslScope: zone` in that zone).
   */
  readonly manageZoneSsl: boolean;
}

/** What one stack builds for one domain: a pure value shared by synth and, later, `verify`. */
export interface DomainPlan {
  readonly spec: EmailAssetsDomainSpec;
  readonly stackId: string;
  readonly region: Region;
  readonly intercomHost: string;
  readonly dnsRecord: DnsRecordPlan;
  readonly linkBrandingDomain: string;
  readonly nextStep: string;
  readonly cloudflare?: CloudflarePlan;
}

/**
 * Resolves validated specs into per-stack plans. Decisions that depend on the whole config live
 * here: page-rule priorities are numbered per zone in config order (domain n of a zone gets 2n+1
 * and 2n+2), so appending a domain never renumbers the rules that already exist.
 */
export function resolvePlans(specs: readonly EmailAssetsDomainSpec[]): DomainPlan[] {
  const domainsInZone = new Map<string, number>();
  const zoneSslOwners = new Set<string>();

  return specs.map((spec) => {
    const host = intercomHost(spec.workspace, spec.region);
    const base = {
      spec,
      stackId: stackId(spec.domain),
      region: spec.region,
      intercomHost: host,
      linkBrandingDomain: spec.domain,
      nextStep: linkBrandingStep(spec.domain, spec.region),
    };
    if (spec.edge !== "cloudflare") {
      throw new Error(`edge "${spec.edge}" has no plan in this version (the parser should have rejected it)`);
    }
    const { zoneId, sslScope } = spec.cloudflare;
    const slot = domainsInZone.get(zoneId) ?? 0;
    domainsInZone.set(zoneId, slot + 1);
    const manageZoneSsl = sslScope === "zone" && !zoneSslOwners.has(zoneId);
    if (manageZoneSsl) zoneSslOwners.add(zoneId);
    return {
      ...base,
      dnsRecord: { name: spec.domain, type: "CNAME", value: host },
      cloudflare: {
        zoneId,
        domain: spec.domain,
        intercomHost: host,
        alwaysHttpsPriority: 2 * slot + 1,
        hostHeaderPriority: 2 * slot + 2,
        sslScope,
        manageZoneSsl,
      },
    };
  });
}
