import { PROVIDER_NAMES, PROVIDER_VERSIONS, type ProviderName } from "../facts/provider-versions";
import { providerConstraintProblem } from "../config/rules/parse-providers";
import { formatProblem } from "../config/problems/problem";
import { PAGE_RULES_PER_DOMAIN } from "../facts/cloudflare-facts";
import { checkArguments } from "../config/rules/argument-check";
import { cloudFrontComment } from "../config/shapes/defaults";
import type { CloudFrontSettings, DnsTarget, EmailAssetsDomainSpec, ProxyAddresses, ProxySettings, Region, SpecOf } from "../config/shapes/domain-spec";
import { stackId, stackOf } from "../config/names/stack-id";
import { stateLocation } from "../config/names/state-names";
import type { TerraformSettings } from "../config/shapes/terraform-settings";
import { backendBlock, type BackendBlock } from "./backend-block";
import { intercomHost } from "../intercom/intercom-host";
import { linkBrandingStep } from "../intercom/link-branding";
import { workerPlan, type WorkerPlan } from "../cloudflare/worker-script";
import type { ZoneRulesetsPlan } from "../cloudflare/zone-rules";
import { zoneRulesetsOwners } from "./zone-rulesets-owners";
import type { ProxyConfigInput } from "../proxy/proxy-config-input";
import {
  addressRecordImportIds,
  cloudflareImportIds,
  cloudFrontImportIds,
  type AddressRecordImportIds,
  type CloudflareImportIds,
  type CloudFrontImportIds,
} from "./adoption";
import { proxyConfigFileName } from "../proxy/render-proxy-config";

/** A DNS record the custom domain must hold. */
export interface DnsRecordPlan {
  readonly name: string;
  readonly type: "CNAME" | "A" | "AAAA";
  readonly value: string;
}

/** The record that points the custom domain at a CloudFront distribution, whose name is known only after apply. */
export interface DistributionRecordPlan {
  readonly name: string;
  /** On Route 53, `A` stands for the alias pair (A and AAAA) to the distribution. */
  readonly type: "CNAME" | "A";
  readonly value?: undefined;
}

/** Where SSL Full is set for a Cloudflare domain. */
export type SslPlan =
  | { readonly scope: "host" }
  | {
      readonly scope: "zone";
      /**
       * True for the one stack per zone that manages the zone-wide SSL setting (the first domain of
       * the config, in order, that asks for `sslScope: zone` in that zone); the others rely on it.
       */
      readonly manageZoneSetting: boolean;
    };

/** Which stack holds a zone's entry-point rulesets, and, on that stack, the rulesets. */
export interface ZoneRulesetsHolder {
  readonly stackId: string;
  /** Present on the holding stack only: the zone's rulesets with every domain's rules. */
  readonly rulesets?: ZoneRulesetsPlan;
}

/** The Always Use HTTPS and Host Header Override page rules' priorities, distinct within the zone. */
export interface PageRulePriorities {
  readonly alwaysHttps: number;
  readonly hostHeader: number;
}

interface CloudflarePlanCommon {
  readonly zoneId: string;
  readonly domain: string;
  readonly intercomHost: string;
  readonly ssl: SslPlan;
  /** The live resources the domain adopts, by resource: imported instead of created. Absent when none. */
  readonly importIds?: CloudflareImportIds;
}

/** Everything the Cloudflare edge builds for one domain, decided in advance, by mode. */
export type CloudflarePlan = CloudflarePlanCommon &
  (
    | { readonly mode: "page-rules"; readonly pageRulePriorities: PageRulePriorities }
    | { readonly mode: "rulesets"; readonly zoneRulesets: ZoneRulesetsHolder }
    | { readonly mode: "worker"; readonly zoneRulesets: ZoneRulesetsHolder; readonly worker: WorkerPlan }
  );

/** Everything the CloudFront edge builds for one domain: the settings plus the hosts. */
export interface CloudFrontPlan extends CloudFrontSettings {
  readonly domain: string;
  readonly intercomHost: string;
  /** The distribution's comment (CloudFront allows 128 characters). */
  readonly comment: string;
  /** The live resources the domain adopts, by resource: imported instead of created. Absent when none. */
  readonly importIds?: CloudFrontImportIds;
}

/** Everything the proxy edge needs: the renderer's input plus the DNS records for the proxy. */
export interface ProxyPlan extends ProxyConfigInput {
  readonly configFileName: string;
  readonly dns: DnsTarget;
  /** The proxy's public addresses, which the custom domain's A and AAAA records point at. */
  readonly addresses: ProxyAddresses;
  /** The live address records the domain adopts: imported instead of created. Absent when none. */
  readonly importIds?: AddressRecordImportIds;
}

interface PlanCommon {
  readonly domain: string;
  readonly workspace: string;
  readonly region: Region;
  /** The stack that holds the domain: its own (named after the domain), or the named stack it joins. */
  readonly stackId: string;
  /** Whether the stack is the domain's own or a named stack it shares (the config's `stack:`). */
  readonly stackKind: "domain" | "named";
  /** The domain's own id (`stackId(domain)`), whatever stack it is in: names derived from the domain use it. */
  readonly domainId: string;
  readonly intercomHost: string;
  readonly linkBrandingDomain: string;
  readonly nextStep: string;
  /** The live domain's resources refuse destruction (`lifecycle.prevent_destroy`) unless it is retired (`retire: true`). */
  readonly preventDestroy: boolean;
}

/** What one stack builds for one domain, by edge: a pure value shared by synth, the CLI and, later, `verify`. */
export type DomainPlan =
  | (PlanCommon & { readonly edge: "cloudflare"; readonly dnsRecord: DnsRecordPlan; readonly cloudflare: CloudflarePlan })
  | (PlanCommon & { readonly edge: "cloudfront"; readonly dnsRecord: DistributionRecordPlan; readonly cloudfront: CloudFrontPlan })
  | (PlanCommon & { readonly edge: "proxy"; readonly dnsRecord: DnsRecordPlan; readonly proxy: ProxyPlan });

function cloudFrontPlan(spec: SpecOf<"cloudfront">, host: string): Pick<SpecOf<"cloudfront">, "edge"> & { dnsRecord: DistributionRecordPlan; cloudfront: CloudFrontPlan } {
  const settings = spec.cloudfront;
  const importIds = cloudFrontImportIds(spec.domain, settings.dns, spec.adopt);
  return {
    edge: spec.edge,
    dnsRecord: { name: spec.domain, type: settings.dns.kind === "route53" ? "A" : "CNAME" },
    cloudfront: { ...settings, domain: spec.domain, intercomHost: host, comment: cloudFrontComment(spec.domain), ...(importIds && { importIds }) },
  };
}

function proxyPlan(spec: SpecOf<"proxy">, host: string): { edge: "proxy"; dnsRecord: DnsRecordPlan; proxy: ProxyPlan } {
  const { ipv4, ipv6, dns, ...rest }: ProxySettings = spec.proxy;
  const { domain } = spec;
  // The A record when there is an IPv4 address, else the AAAA record (the AAAA value is an extra output then).
  const dnsRecord: DnsRecordPlan = ipv4 === undefined ? { name: domain, type: "AAAA", value: ipv6 } : { name: domain, type: "A", value: ipv4 };
  const addresses: ProxyAddresses = ipv4 === undefined ? { ipv6 } : { ipv4, ...(ipv6 !== undefined && { ipv6 }) };
  const importIds = addressRecordImportIds(domain, dns, spec.adopt);
  return {
    edge: spec.edge,
    dnsRecord,
    proxy: { ...rest, domain, intercomHost: host, configFileName: proxyConfigFileName(domain, rest.server), dns, addresses, ...(importIds && { importIds }) },
  };
}

/** Where a library user gets the arguments of resolvePlans and resolveStacks. */
const SPECS = "the specs of parseConfig(config) or validateConfig(config)";
const TERRAFORM = "the terraform settings parseConfig(config) returns beside the specs, which say where each stack keeps its state";

/**
 * Resolves validated specs into per-stack plans. Decisions that depend on the whole config live
 * here: page-rule priorities are numbered per zone in config order (page-rules domain n of a zone
 * gets 2n+1 and 2n+2), so appending a domain never renumbers the rules that already exist; zone
 * rulesets and the zone-wide SSL setting each belong to one stack per zone: the stack of the
 * zone's first domain that needs them (a named stack when that domain is in one).
 */
export function resolvePlans(specs: readonly EmailAssetsDomainSpec[]): DomainPlan[] {
  checkArguments("resolvePlans(specs)", [["specs", specs, "list", SPECS]]);
  const pageRuleDomainsInZone = new Map<string, number>();
  const zoneSslOwners = new Set<string>();
  const hostOf = (spec: EmailAssetsDomainSpec) => intercomHost(spec.workspace, spec.region);
  const zoneOwners = zoneRulesetsOwners(specs, hostOf);

  function zoneRulesets(spec: SpecOf<"cloudflare">): ZoneRulesetsHolder {
    const zone = zoneOwners.get(spec.cloudflare.zoneId);
    if (zone === undefined) throw new Error(`internal: no rulesets gathered for zone ${spec.cloudflare.zoneId}`);
    return zone.holder === spec.domain ? { stackId: zone.stackId, rulesets: zone.rulesets } : { stackId: zone.stackId };
  }

  return specs.map((spec): DomainPlan => {
    const host = hostOf(spec);
    const domainId = stackId(spec.domain);
    const id = stackOf(spec.domain, spec.stack);
    const common: PlanCommon = {
      domain: spec.domain,
      workspace: spec.workspace,
      region: spec.region,
      stackId: id,
      stackKind: spec.stack === undefined ? "domain" : "named",
      domainId,
      intercomHost: host,
      linkBrandingDomain: spec.domain,
      nextStep: linkBrandingStep(spec.domain, spec.region),
      preventDestroy: spec.retire !== true,
    };
    switch (spec.edge) {
      case "cloudfront":
        return { ...common, ...cloudFrontPlan(spec, host) };
      case "proxy":
        return { ...common, ...proxyPlan(spec, host) };
      case "cloudflare": {
        const settings = spec.cloudflare;
        const { zoneId } = settings;
        let ssl: SslPlan = { scope: "host" };
        if (settings.sslScope === "zone") {
          ssl = { scope: "zone", manageZoneSetting: !zoneSslOwners.has(zoneId) };
          zoneSslOwners.add(zoneId);
        }
        const importIds = cloudflareImportIds(zoneId, spec.adopt);
        const base = { zoneId, domain: spec.domain, intercomHost: host, ssl, ...(importIds && { importIds }) };
        let cloudflare: CloudflarePlan;
        switch (settings.mode) {
          case "page-rules": {
            const slot = pageRuleDomainsInZone.get(zoneId) ?? 0;
            pageRuleDomainsInZone.set(zoneId, slot + 1);
            const first = PAGE_RULES_PER_DOMAIN * slot + 1;
            cloudflare = { ...base, mode: settings.mode, pageRulePriorities: { alwaysHttps: first, hostHeader: first + 1 } };
            break;
          }
          case "rulesets":
            cloudflare = { ...base, mode: settings.mode, zoneRulesets: zoneRulesets(spec) };
            break;
          case "worker":
            cloudflare = {
              ...base,
              mode: settings.mode,
              zoneRulesets: zoneRulesets(spec),
              worker: workerPlan(spec.domain, host, domainId, settings.accountId),
            };
            break;
        }
        return { ...common, edge: spec.edge, dnsRecord: { name: spec.domain, type: "CNAME", value: host }, cloudflare };
      }
    }
  });
}

/** One stack: a domain's own, or a named stack shared by several domains; and where its state is. */
export type StackPlan = {
  readonly id: string;
  /** Where the stack's state lives, in one line (`s3://bucket/key`, `pg:schema`, …). */
  readonly state: string;
  readonly backend: BackendBlock;
  /** The version constraint the stack's `required_providers` writes for each provider: the config's, or the tested version. */
  readonly providers: Readonly<Record<ProviderName, string>>;
} & (
  | { readonly kind: "domain"; readonly domains: readonly [DomainPlan] }
  | { readonly kind: "named"; readonly domains: readonly [DomainPlan, ...DomainPlan[]] }
);

/**
 * Groups the plans into stacks, in the order each stack's first domain appears: a domain without
 * `stack` gets one of its own (today's layout), domains with the same `stack` share one.
 */
export function resolveStacks(specs: readonly EmailAssetsDomainSpec[], terraform: TerraformSettings): StackPlan[] {
  // No default for terraform: a forgotten backend would quietly put the state somewhere else.
  checkArguments("resolveStacks(specs, terraform)", [
    ["specs", specs, "list", SPECS],
    ["terraform", terraform, "object", TERRAFORM],
  ]);
  const providers = providerVersions(terraform.providers);
  const groups = new Map<string, { first: DomainPlan; rest: DomainPlan[] }>();
  for (const plan of resolvePlans(specs)) {
    const group = groups.get(plan.stackId);
    if (group === undefined) groups.set(plan.stackId, { first: plan, rest: [] });
    else group.rest.push(plan);
  }
  // Validation keeps named stacks apart from domain ids, so a domain's own stack has one domain.
  return [...groups].map(([id, { first, rest }]): StackPlan => {
    const common = { id, state: stateLocation(terraform.backend, id), backend: backendBlock(terraform.backend, id), providers };
    return first.stackKind === "named" ? { ...common, kind: "named", domains: [first, ...rest] } : { ...common, kind: "domain", domains: [first] };
  });
}

/** Each provider's constraint: the chosen one, held to its checked range as the config parser holds it (for settings made by hand), or the tested version. */
function providerVersions(chosen: TerraformSettings["providers"]): Readonly<Record<ProviderName, string>> {
  const problems = PROVIDER_NAMES.flatMap((name) => {
    const constraint = chosen?.[name];
    const problem = constraint === undefined ? undefined : providerConstraintProblem(name, constraint);
    return problem === undefined ? [] : [`resolveStacks(specs, terraform): ${formatProblem({ path: `terraform.providers.${name}`, message: problem, received: constraint })}`];
  });
  if (problems.length > 0) throw new TypeError(problems.join("\n"));
  return Object.fromEntries(PROVIDER_NAMES.map((name) => [name, chosen?.[name] ?? PROVIDER_VERSIONS[name].tested])) as Record<ProviderName, string>;
}
