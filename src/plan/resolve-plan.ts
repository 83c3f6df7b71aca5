import { intercomHost } from "../intercom/intercom-host";
import { linkBrandingStep } from "../intercom/link-branding";
import type {
  CloudFrontSettings,
  ProxySettings,
  DnsChoice,
  EmailAssetsDomainSpec,
  CloudflareMode,
  Region,
  RulesetPhase,
  SslScope,
} from "../spec/types";
import { hostHeaderRule, hostSettingsRule, httpsRedirectRule, type ZoneRule, type ZoneRulesetsPlan } from "../cloudflare/zone-rules";
import { renderWorkerScript, WORKER_COMPATIBILITY_DATE, WORKER_MAIN_MODULE, workerScriptName } from "../cloudflare/worker-script";
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

/** The Worker of `worker` mode. */
export interface WorkerPlan {
  /** The account that owns the Worker. */
  readonly accountId: string;
  readonly scriptName: string;
  /** The module's source (see renderWorkerScript). */
  readonly script: string;
  readonly mainModule: string;
  readonly compatibilityDate: string;
  /** The route that sends the domain's requests to the Worker. */
  readonly routePattern: string;
}

/** Everything the Cloudflare construct needs, decided in advance. */
export interface CloudflarePlan {
  readonly zoneId: string;
  readonly domain: string;
  readonly intercomHost: string;
  readonly mode: CloudflareMode;
  /** page-rules mode: priority of the `http://<domain>/*` Always Use HTTPS rule. */
  readonly alwaysHttpsPriority?: number;
  /** page-rules mode: priority of the `https://<domain>/*` Host Header Override rule. */
  readonly hostHeaderPriority?: number;
  /** worker mode: the Worker and its route. */
  readonly worker?: WorkerPlan;
  /** rulesets and worker modes: the stack that holds the zone's entry-point rulesets. */
  readonly zoneRulesetsStackId?: string;
  /** Set on that stack only: the zone's rulesets, with every domain's rules. */
  readonly zoneRulesets?: ZoneRulesetsPlan;
  readonly sslScope: SslScope;
  /**
   * True for the one stack per zone that manages the zone-wide SSL setting (the first domain of the
   * config, in order, that asks for `sslScope: zone` in that zone).
   */
  readonly manageZoneSsl: boolean;
}

/** Everything the CloudFront construct needs, decided in advance: the settings plus the hosts. */
export interface CloudFrontPlan extends CloudFrontSettings {
  readonly domain: string;
  readonly intercomHost: string;
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
 * The entry-point rulesets of each zone that has `rulesets` or `worker` domains. A zone has one
 * entry point per phase, so the rules of all its domains are combined into one ruleset per phase,
 * held by the stack of the zone's first such domain in config order.
 */
function zoneRulesetPlans(specs: readonly EmailAssetsDomainSpec[]): Map<string, ZoneRulesetsPlan> {
  const zones = new Map<string, { ownerStackId: string; rules: Record<RulesetPhase, ZoneRule[]>; existing: Partial<Record<RulesetPhase, string>> }>();
  for (const spec of specs) {
    if (spec.edge !== "cloudflare" || spec.cloudflare.mode === "page-rules") continue;
    const { zoneId, mode, sslScope, existingRulesets } = spec.cloudflare;
    let zone = zones.get(zoneId);
    if (zone === undefined) {
      zone = {
        ownerStackId: stackId(spec.domain),
        rules: { http_request_dynamic_redirect: [], http_request_origin: [], http_config_settings: [] },
        existing: {},
      };
      zones.set(zoneId, zone);
    }
    Object.assign(zone.existing, existingRulesets);
    if (mode === "rulesets") {
      zone.rules.http_request_dynamic_redirect.push(httpsRedirectRule(spec.domain));
      zone.rules.http_request_origin.push(hostHeaderRule(spec.domain, intercomHost(spec.workspace, spec.region)));
    }
    zone.rules.http_config_settings.push(hostSettingsRule(spec.domain, sslScope === "host"));
  }
  return new Map([...zones].map(([zoneId, zone]) => [zoneId, { zoneId, ...zone }]));
}

function cloudFrontPlan(domain: string, host: string, settings: CloudFrontSettings): Pick<DomainPlan, "dnsRecord" | "cloudfront"> {
  return {
    dnsRecord: { name: domain, type: settings.dns === "route53" ? "A" : "CNAME" },
    cloudfront: { ...settings, domain, intercomHost: host, comment: `Intercom email assets for ${domain}`.slice(0, 128) },
  };
}

function proxyPlan(domain: string, host: string, settings: ProxySettings): Pick<DomainPlan, "dnsRecord" | "proxy"> {
  const { ipv4, ipv6, ...rest } = settings;
  const addressRecords: DnsRecordPlan[] = [
    ...(ipv4 ? [{ name: domain, type: "A" as const, value: ipv4 }] : []),
    ...(ipv6 ? [{ name: domain, type: "AAAA" as const, value: ipv6 }] : []),
  ];
  const first = addressRecords[0];
  if (first === undefined) throw new Error(`${domain}: a proxy needs ipv4 or ipv6 (the parser should have said so)`);
  return {
    dnsRecord: first,
    proxy: { ...rest, domain, intercomHost: host, configFileName: proxyConfigFileName(domain, rest.server), addressRecords },
  };
}

function workerPlan(domain: string, host: string, stack: string, accountId: string | undefined): WorkerPlan {
  if (accountId === undefined) throw new Error(`${domain}: worker mode without accountId (the parser should have said so)`);
  return {
    accountId,
    scriptName: workerScriptName(stack),
    script: renderWorkerScript(domain, host),
    mainModule: WORKER_MAIN_MODULE,
    compatibilityDate: WORKER_COMPATIBILITY_DATE,
    routePattern: `${domain}/*`,
  };
}

/**
 * Resolves validated specs into per-stack plans. Decisions that depend on the whole config live
 * here: page-rule priorities are numbered per zone in config order (page-rules domain n of a zone
 * gets 2n+1 and 2n+2), so appending a domain never renumbers the rules that already exist; zone
 * rulesets and the zone-wide SSL setting each belong to one stack per zone.
 */
export function resolvePlans(specs: readonly EmailAssetsDomainSpec[]): DomainPlan[] {
  const domainsInZone = new Map<string, number>();
  const zoneSslOwners = new Set<string>();
  const zoneRulesets = zoneRulesetPlans(specs);

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
    if (spec.edge === "cloudfront") return { ...base, ...cloudFrontPlan(spec.domain, host, spec.cloudfront) };
    if (spec.edge === "proxy") return { ...base, ...proxyPlan(spec.domain, host, spec.proxy) };
    const { zoneId, sslScope, mode } = spec.cloudflare;
    const manageZoneSsl = sslScope === "zone" && !zoneSslOwners.has(zoneId);
    if (manageZoneSsl) zoneSslOwners.add(zoneId);
    const common = { zoneId, domain: spec.domain, intercomHost: host, mode, sslScope, manageZoneSsl };
    let modePlan: Partial<CloudflarePlan>;
    if (mode === "page-rules") {
      const slot = domainsInZone.get(zoneId) ?? 0;
      domainsInZone.set(zoneId, slot + 1);
      modePlan = { alwaysHttpsPriority: 2 * slot + 1, hostHeaderPriority: 2 * slot + 2 };
    } else {
      const rulesets = zoneRulesets.get(zoneId);
      if (rulesets === undefined) throw new Error(`zone ${zoneId} has no rulesets plan`);
      const { accountId } = spec.cloudflare;
      modePlan = {
        zoneRulesetsStackId: rulesets.ownerStackId,
        ...(rulesets.ownerStackId === base.stackId ? { zoneRulesets: rulesets } : {}),
        ...(mode === "worker" ? { worker: workerPlan(spec.domain, host, base.stackId, accountId) } : {}),
      };
    }
    return {
      ...base,
      dnsRecord: { name: spec.domain, type: "CNAME", value: host },
      cloudflare: { ...common, ...modePlan },
    };
  });
}
