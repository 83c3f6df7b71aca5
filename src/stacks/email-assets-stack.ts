import { relative, resolve } from "node:path";
import { Construct, Node } from "constructs";
import { LocalBackend, TerraformOutput, type TerraformElement } from "cdktf";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudFrontEmailAssets } from "../constructs/cloudfront-email-assets";
import { CloudflareEmailAssets } from "../constructs/cloudflare-email-assets";
import { CloudflareWorker } from "../constructs/cloudflare-worker";
import { CloudflareZoneRulesets } from "../constructs/cloudflare-zone-rulesets";
import { AddressRecords } from "../constructs/address-records";
import { zoneSslSetting } from "../constructs/zone-ssl-setting";
import { bindings } from "../constructs/provider-bindings";
import type { CloudflarePlan, CloudFrontPlan, DnsRecordPlan, DomainPlan, ProxyPlan, StackPlan } from "../plan/resolve-plan";
import { CLOUDFRONT_CERTIFICATE_REGION } from "../facts/aws-facts";
import { StateBackend } from "./state-backend";
import { namedStackResourceName, ZONE_NAME_PREFIX, zoneResourceName } from "../config/names/stack-id";
import { localStateFile } from "../config/names/state-names";
import { applyPolicy } from "../constructs/email-assets-policy";
import { checkedStackId, type EmailAssetsStackOptions } from "./email-assets-stack-options";
import { PROVIDER_NAMES, PROVIDER_VERSIONS, type ProviderName } from "../facts/provider-versions";
import { isRecord } from "../config/rules/parse-fields";
import { SynthesizedOnceStack } from "./synthesized-once-stack";

export type { EmailAssetsStackOptions } from "./email-assets-stack-options";

/** Output name to [value, description]. */
type Outputs = Readonly<Record<string, readonly [string, string]>>;

/** The edge's resources and the outputs they add: the record value the custom domain must hold, and more. */
interface EdgeOutputs {
  readonly dnsRecordValue: string;
  readonly outputs: Outputs;
}

/**
 * The local state file of a stack: `terraform.<stack-id>.tfstate` in the project folder (where
 * cdktf itself keeps it, so deleting cdktf.out never deletes state), written relative to the
 * stack's folder so the synthesized JSON is the same on every machine.
 */
export function localStatePath(outdir: string, stackId: string, projectDir: string): string {
  const stackDir = resolve(projectDir, outdir, "stacks", stackId);
  return relative(stackDir, resolve(projectDir, localStateFile(stackId))).split("\\").join("/");
}

/**
 * One stack: a custom domain's own, or a named stack that several domains share. Provider and
 * backend wiring lives here, apart from the constructs.
 *
 * Terraform addresses are part of the contract (renaming one replaces real infrastructure). In a
 * domain's own stack they are the constructs' short ids (`cloudflare_dns_record.cname`). In a
 * named stack each domain's resources are prefixed with the domain's id
 * (`cloudflare_dns_record.emails-example-com_cname`) and a zone's shared pieces with the zone
 * (`cloudflare_zone_setting.zone_<zone id>_zone_ssl`), so an address depends on the domain alone
 * and stays put when other domains are added, removed or reordered.
 * No credentials are written: the providers and backends read them from the environment.
 */
export class EmailAssetsStack extends SynthesizedOnceStack {
  private readonly logicalIds = new Map<string, string>();
  private readonly awsSkipChecks: boolean;
  private readonly named: boolean;
  private readonly providerVersions: Readonly<Record<string, string>>;

  constructor(scope: Construct, stack: StackPlan, options: EmailAssetsStackOptions = {}) {
    super(scope, checkedStackId(scope, stack, options));
    applyPolicy(this);
    // A plan made before plans carried provider versions requires the tested ones.
    this.providerVersions = { ...Object.fromEntries(PROVIDER_NAMES.map((name) => [name, PROVIDER_VERSIONS[name].tested])), ...stack.providers };
    this.awsSkipChecks = options.awsSkipChecks ?? false;
    this.named = stack.kind === "named";
    if (stack.backend.kind === "local") {
      new LocalBackend(this, { path: options.localStatePath ?? localStatePath("cdktf.out", stack.id, ".") });
    } else {
      new StateBackend(this, stack.backend);
    }

    switch (stack.kind) {
      case "domain":
        for (const [id, [value, description]] of Object.entries(this.addDomain(this, stack.domains[0]))) {
          new TerraformOutput(this, id, { value, description });
        }
        break;
      case "named": {
        const domains: Record<string, Record<string, string>> = {};
        for (const plan of stack.domains) {
          const outputs = this.addDomain(new Construct(this, plan.domainId), plan);
          domains[plan.domain] = Object.fromEntries(Object.entries(outputs).map(([id, [value]]) => [id, value]));
        }
        new TerraformOutput(this, "domains", {
          value: domains,
          description: "Each custom domain's outputs, keyed by custom domain (the same names as a domain's own stack outputs).",
        });
        break;
      }
    }
  }

  /**
   * The stack's Terraform (as the engine computes it, whenever it does: see SynthesizedOnceStack), whose `required_providers` require the versions of the stack plan (the
   * config's `terraform.providers`, or the tested ones) from the facts' source addresses, whichever
   * binding package's provider class wrote them: a binding writes the version it was generated from
   * (5.100.0 for @cdktf/provider-aws 20.1.0, a 6.x for @cdktn/provider-aws) and a source of its own
   * spelling, and the output must not depend on which one the app has.
   */
  public override terraformJson(): Record<string, unknown> {
    const json = super.terraformJson() as { terraform?: { required_providers?: Record<string, unknown> } } & Record<string, unknown>;
    for (const [name, requirement] of Object.entries(json.terraform?.required_providers ?? {})) {
      const version = this.providerVersions[name];
      if (version === undefined || !isRecord(requirement)) continue;
      requirement.version = version;
      requirement.source = PROVIDER_VERSIONS[name as ProviderName].source;
    }
    return json;
  }

  /** A domain's resources in `scope` (the stack itself, or the domain's scope in a named stack), and its outputs. */
  private addDomain(scope: Construct, plan: DomainPlan): Outputs {
    let edge: EdgeOutputs;
    switch (plan.edge) {
      case "cloudflare":
        edge = this.addCloudflare(scope, plan.cloudflare, plan.dnsRecord.value, plan.preventDestroy);
        break;
      case "cloudfront":
        edge = this.addCloudFront(scope, plan.cloudfront, plan.preventDestroy);
        break;
      case "proxy":
        edge = this.addProxy(scope, plan.proxy, plan.dnsRecord, plan.preventDestroy);
        break;
    }

    const common: Outputs = {
      custom_domain: [plan.domain, "The custom domain for email assets."],
      intercom_host: [plan.intercomHost, "The regional Intercom host that serves the workspace's email assets."],
      dns_record_name: [plan.dnsRecord.name, "Name of the DNS record the custom domain must hold."],
      dns_record_type: [plan.dnsRecord.type, "Type of that DNS record (for CloudFront on Route 53, A means alias A and AAAA records)."],
      dns_record_value: [edge.dnsRecordValue, "Value of that DNS record."],
      link_branding_domain: [plan.linkBrandingDomain, "The domain to enter on Intercom's Link branding page."],
      next_step: [plan.nextStep, "The last, manual step."],
    };
    return { ...common, ...edge.outputs };
  }

  /** In a named stack, the scope that holds a zone's shared pieces, made on first use. */
  private zoneScope(zoneId: string): Construct {
    // A scope id no domain's stack id can take (ids have no "_").
    const id = `${ZONE_NAME_PREFIX}${zoneId}`;
    const existing = this.node.tryFindChild(id);
    return existing instanceof Construct ? existing : new Construct(this, id);
  }

  /** The Cloudflare provider: one per stack, made when the first resource needs it. */
  private cloudflareProvider(): CloudflareProvider {
    const CloudflareProvider = bindings.CloudflareProvider();
    const existing = this.node.tryFindChild("cloudflare");
    return existing instanceof CloudflareProvider ? existing : new CloudflareProvider(this, "cloudflare", {});
  }

  /** An AWS provider; CloudFront and Route 53 are global, and ACM for CloudFront lives in us-east-1. */
  private awsProvider(id: string, alias?: string): AwsProvider {
    const AwsProvider = bindings.AwsProvider();
    const existing = this.node.tryFindChild(id);
    if (existing instanceof AwsProvider) return existing;
    const skipChecks = this.awsSkipChecks
      ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: "true" }
      : {};
    return new AwsProvider(this, id, { ...(alias !== undefined && { alias }), region: CLOUDFRONT_CERTIFICATE_REGION, ...skipChecks });
  }

  private addCloudflare(scope: Construct, plan: CloudflarePlan, dnsRecordValue: string, preventDestroy: boolean): EdgeOutputs {
    // The stack's one default provider: the resources below need no explicit reference to it.
    this.cloudflareProvider();
    const { zoneId, domain, intercomHost, ssl } = plan;
    const { workersRoute, ...recordAndRules } = plan.importIds ?? {};
    const importIds = plan.importIds && { importIds: recordAndRules };
    // A named stack keeps the zone's SSL setting apart from any one domain, so it stays when that domain goes.
    const zoneSslHere = ssl.scope === "zone" && ssl.manageZoneSetting;
    if (zoneSslHere && this.named) zoneSslSetting(this.zoneScope(zoneId), "zone_ssl", zoneId);
    const sslProps = ssl.scope === "zone" ? { sslScope: ssl.scope, manageZoneSsl: zoneSslHere && !this.named } : { sslScope: ssl.scope };
    switch (plan.mode) {
      case "page-rules":
        new CloudflareEmailAssets(scope, "cloudflare_email_assets", {
          zoneId, domain, intercomHost, ...sslProps, mode: plan.mode, pageRulePriorities: plan.pageRulePriorities, preventDestroy, ...importIds,
        });
        return { dnsRecordValue, outputs: {} };
      case "rulesets":
      case "worker": {
        new CloudflareEmailAssets(scope, "cloudflare_email_assets", { zoneId, domain, intercomHost, ...sslProps, mode: plan.mode, preventDestroy, ...importIds });
        const outputs: Record<string, readonly [string, string]> = {
          zone_rulesets_stack: [plan.zoneRulesets.stackId, "The stack that holds this zone's entry-point rulesets."],
        };
        if (plan.mode === "worker") {
          new CloudflareWorker(scope, "cloudflare_worker", { zoneId, ...plan.worker, preventDestroy, ...(workersRoute !== undefined && { importIds: { workersRoute } }) });
          outputs.worker_script_name = [plan.worker.scriptName, "The Worker that serves the domain."];
        }
        const held = plan.zoneRulesets.rulesets;
        if (held) new CloudflareZoneRulesets(this.named ? this.zoneScope(zoneId) : this, "cloudflare_zone_rulesets", held);
        return { dnsRecordValue, outputs };
      }
    }
  }

  private addCloudFront(scope: Construct, plan: CloudFrontPlan, preventDestroy: boolean): EdgeOutputs {
    const { certificateArn, dns, ...settings } = plan;
    const cloudflareProvider = dns.kind === "cloudflare" ? this.cloudflareProvider() : undefined;
    // The stack's default AWS provider serves CloudFront and Route 53 (both global).
    this.awsProvider("aws");
    const cloudfront = new CloudFrontEmailAssets(scope, "cloudfront_email_assets", {
      ...settings,
      dns,
      certificate:
        certificateArn === undefined
          ? { kind: "new", provider: this.awsProvider("aws_us_east_1", "us_east_1") }
          : { kind: "existing", arn: certificateArn },
      ...(cloudflareProvider && { cloudflareProvider }),
      preventDestroy,
    });
    const outputs: Record<string, readonly [string, string]> = {
      cloudfront_distribution_id: [cloudfront.distribution.id, "The CloudFront distribution's id."],
      cloudfront_distribution_domain_name: [cloudfront.distributionDomainName, "The CloudFront distribution's domain name."],
      acm_certificate_arn: [cloudfront.certificateArn, "The ACM certificate (us-east-1) the distribution serves."],
    };
    const record = cloudfront.validationRecord;
    if (record) {
      outputs.acm_validation_record_name = [record.name, "Name of the DNS record ACM checks before issuing the certificate."];
      outputs.acm_validation_record_type = [record.type, "Type of that record."];
      outputs.acm_validation_record_value = [record.value, "Value of that record."];
    }
    return { dnsRecordValue: cloudfront.distributionDomainName, outputs };
  }

  private addProxy(scope: Construct, proxy: ProxyPlan, dnsRecord: DnsRecordPlan, preventDestroy: boolean): EdgeOutputs {
    const { domain: name, addresses, dns } = proxy;
    const importIds = proxy.importIds && { importIds: proxy.importIds };
    switch (dns.kind) {
      case "external":
        break;
      case "route53":
        this.awsProvider("aws");
        new AddressRecords(scope, "proxy_dns", { name, ...addresses, target: dns, preventDestroy, ...importIds });
        break;
      case "cloudflare":
        new AddressRecords(scope, "proxy_dns", { name, ...addresses, target: dns, cloudflareProvider: this.cloudflareProvider(), preventDestroy, ...importIds });
        break;
    }
    const outputs: Record<string, readonly [string, string]> = {
      proxy_server: [proxy.server, "The web server the proxy config is written for."],
      proxy_config_file: [proxy.configFileName, "The rendered proxy config, next to this stack's Terraform JSON."],
    };
    if (addresses.ipv6 !== undefined && dnsRecord.type === "A") {
      outputs.dns_record_aaaa_value = [addresses.ipv6, "The AAAA record the custom domain must also hold (the proxy's IPv6 address)."];
    }
    return { dnsRecordValue: dnsRecord.value, outputs };
  }

  /**
   * A logical id per element: its own construct id, unique per Terraform resource type; in a named
   * stack, prefixed with the domain (or zone) whose scope holds it.
   */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const kind = element instanceof Node ? "node" : ((element as { terraformResourceType?: string }).terraformResourceType ?? element.constructor.name);
    const top = node.scopes[node.scopes.indexOf(this) + 1];
    const owner = this.named && top !== undefined && top.node !== node ? top.node.id : undefined;
    const name =
      owner === undefined
        ? node.id
        : owner.startsWith(ZONE_NAME_PREFIX)
          ? zoneResourceName(owner.slice(ZONE_NAME_PREFIX.length), node.id)
          : namedStackResourceName(owner, node.id);
    const key = `${kind}.${name}`;
    const previous = this.logicalIds.get(key);
    if (previous !== undefined && previous !== node.path) {
      throw new Error(`Terraform address ${key} is used by both ${previous} and ${node.path}; give one a distinct id`);
    }
    this.logicalIds.set(key, node.path);
    return name;
  }
}
