import { intercomHost } from "../intercom/intercom-host";
import { linkBrandingStep } from "../intercom/link-branding";
import type {
  CloudFrontLogging,
  DnsChoice,
  EmailAssetsDomainSpec,
  MinimumProtocolVersion,
  PriceClass,
  Region,
  SslScope,
} from "../spec/types";
import type { ProxyConfigInput } from "../proxy/proxy-config-input";
import { proxyConfigFileName } from "../proxy/render-proxy-config";
import { stackId } from "./stack-id";

/** A DNS record the custom domain must hold. */
export interface DnsRecordPlan {
  readonly name: string;
  /** For CloudFront on Route 53, `A` stands for the alias pair (A and AAAA) to the distribution. */
  readonly type: "CNAME" | "A" | "AAAA";
  /** Absent when known only after apply (a CloudFront distribution's domain name). */
  readonly value?: string;
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

/** Everything the CloudFront construct needs, decided in advance. */
export interface CloudFrontPlan {
  readonly domain: string;
  readonly intercomHost: string;
  /** An existing certificate (us-east-1), or `undefined` to create and validate one. */
  readonly certificateArn?: string;
  readonly dns: DnsChoice;
  readonly route53ZoneId?: string;
  readonly cloudflareZoneId?: string;
  readonly priceClass: PriceClass;
  readonly minimumProtocolVersion: MinimumProtocolVersion;
  readonly webAclId?: string;
  readonly logging?: CloudFrontLogging;
  readonly tags: Readonly<Record<string, string>>;
  /** The distribution's comment (CloudFront allows 128 characters). */
  readonly comment: string;
}

/** Everything the proxy edge needs: the renderer's input plus the DNS records for the proxy. */
export interface ProxyPlan extends ProxyConfigInput {
  readonly configFileName: string;
  /** The A and/or AAAA records that point the custom domain at the proxy. */
  readonly addressRecords: readonly DnsRecordPlan[];
  readonly dns: DnsChoice;
  readonly route53ZoneId?: string;
  readonly cloudflareZoneId?: string;
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
  readonly cloudfront?: CloudFrontPlan;
  readonly proxy?: ProxyPlan;
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
    if (spec.edge === "cloudfront") {
      const settings = spec.cloudfront;
      return {
        ...base,
        dnsRecord: { name: spec.domain, type: settings.dns === "route53" ? "A" : "CNAME" },
        cloudfront: {
          ...settings,
          domain: spec.domain,
          intercomHost: host,
          comment: `Intercom email assets for ${spec.domain}`.slice(0, 128),
        },
      };
    }
    if (spec.edge === "proxy") {
      const { ipv4, ipv6, ...settings } = spec.proxy;
      const addressRecords: DnsRecordPlan[] = [
        ...(ipv4 ? [{ name: spec.domain, type: "A" as const, value: ipv4 }] : []),
        ...(ipv6 ? [{ name: spec.domain, type: "AAAA" as const, value: ipv6 }] : []),
      ];
      const first = addressRecords[0];
      if (first === undefined) throw new Error(`${spec.domain}: a proxy needs ipv4 or ipv6 (the parser should have said so)`);
      return {
        ...base,
        dnsRecord: first,
        proxy: {
          ...settings,
          domain: spec.domain,
          intercomHost: host,
          configFileName: proxyConfigFileName(spec.domain, settings.server),
          addressRecords,
        },
      };
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
