import { Node, type Construct } from "constructs";
import { LocalBackend, TerraformOutput, TerraformStack, type TerraformElement } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudFrontEmailAssets } from "../aws/cloudfront-email-assets";
import { CloudflareEmailAssets } from "../cloudflare/cloudflare-email-assets";
import { CloudflareWorker } from "../cloudflare/cloudflare-worker";
import { CloudflareZoneRulesets } from "../cloudflare/cloudflare-zone-rulesets";
import { AddressRecords } from "../dns/address-records";
import type { CloudflarePlan, DnsRecordPlan, DomainPlan, ProxyPlan } from "../plan/resolve-plan";
import { CLOUDFRONT_CERTIFICATE_REGION } from "../spec/aws-ids";

/** Output name to [value, description]. */
type Outputs = Record<string, [string, string]>;

function cloudFrontOutputs(cloudfront: CloudFrontEmailAssets): Outputs {
  const outputs: Outputs = {
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
  return outputs;
}

export interface EmailAssetsStackOptions {
  /**
   * Where the local backend keeps this stack's state, relative to the stack's synthesized folder
   * (where terraform runs), so the output has no machine path in it.
   */
  readonly localStatePath: string;
  /**
   * Adds `skip_credentials_validation`, `skip_requesting_account_id` and `skip_metadata_api_check`
   * to the AWS providers, for plans without AWS access (a provider mirror in CI, LocalStack).
   * Never on by default: a real plan should check the credentials it is about to use.
   * @default false
   */
  readonly awsSkipChecks?: boolean;
}


/**
 * One stack per custom domain. Provider and backend wiring lives here, apart from the constructs.
 * Terraform addresses are the constructs' short ids (`cloudflare_dns_record.cname`), not cdktf's
 * hashed paths: they are part of the contract, and renaming one replaces real infrastructure.
 * No credentials are written: the providers read them from the environment at plan/apply time.
 */
export class EmailAssetsStack extends TerraformStack {
  private readonly logicalIds = new Map<string, string>();

  constructor(scope: Construct, plan: DomainPlan, options: EmailAssetsStackOptions) {
    super(scope, plan.stackId);
    new LocalBackend(this, { path: options.localStatePath });

    const needsCloudflare =
      plan.cloudflare !== undefined || plan.cloudfront?.dns === "cloudflare" || plan.proxy?.dns === "cloudflare";
    const cloudflareProvider = needsCloudflare ? new CloudflareProvider(this, "cloudflare", {}) : undefined;
    const skipChecks = options.awsSkipChecks
      ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: "true" }
      : {};
    // CloudFront and Route 53 are global; the default provider's region only has to exist.
    if (plan.cloudfront || plan.proxy?.dns === "route53") new AwsProvider(this, "aws", { region: CLOUDFRONT_CERTIFICATE_REGION, ...skipChecks });

    let dnsRecordValue = plan.dnsRecord.value;
    let outputs: Outputs = {};
    if (plan.cloudflare) outputs = this.addCloudflare(plan.cloudflare);
    if (plan.cloudfront) {
      const certificateProvider =
        plan.cloudfront.certificateArn === undefined
          ? new AwsProvider(this, "aws_us_east_1", { alias: "us_east_1", region: CLOUDFRONT_CERTIFICATE_REGION, ...skipChecks })
          : undefined;
      const cloudfront = new CloudFrontEmailAssets(this, "cloudfront_email_assets", {
        ...plan.cloudfront,
        certificateProvider,
        cloudflareProvider,
      });
      dnsRecordValue = cloudfront.distributionDomainName;
      outputs = cloudFrontOutputs(cloudfront);
    }
    if (plan.proxy) outputs = this.addProxy(plan.proxy, plan.dnsRecord, cloudflareProvider);
    if (dnsRecordValue === undefined) throw new Error(`stack ${plan.stackId}: no value for the domain's DNS record`);

    const common: Outputs = {
      custom_domain: [plan.spec.domain, "The custom domain for email assets."],
      intercom_host: [plan.intercomHost, "The regional Intercom host that serves the workspace's email assets."],
      dns_record_name: [plan.dnsRecord.name, "Name of the DNS record the custom domain must hold."],
      dns_record_type: [plan.dnsRecord.type, "Type of that DNS record (for CloudFront on Route 53, A means alias A and AAAA records)."],
      dns_record_value: [dnsRecordValue, "Value of that DNS record."],
      link_branding_domain: [plan.linkBrandingDomain, "The domain to enter on Intercom's Link branding page."],
      next_step: [plan.nextStep, "The last, manual step."],
    };
    for (const [id, [value, description]] of Object.entries({ ...common, ...outputs })) {
      new TerraformOutput(this, id, { value, description });
    }
  }

  private addCloudflare(plan: CloudflarePlan): Outputs {
    const { zoneRulesets, worker, ...domainPlan } = plan;
    new CloudflareEmailAssets(this, "cloudflare_email_assets", domainPlan);
    if (worker) new CloudflareWorker(this, "cloudflare_worker", { zoneId: domainPlan.zoneId, ...worker });
    if (zoneRulesets) new CloudflareZoneRulesets(this, "cloudflare_zone_rulesets", zoneRulesets);
    const outputs: Outputs = {};
    if (domainPlan.zoneRulesetsStackId) {
      outputs.zone_rulesets_stack = [domainPlan.zoneRulesetsStackId, "The stack that holds this zone's entry-point rulesets."];
    }
    if (worker) outputs.worker_script_name = [worker.scriptName, "The Worker that serves the domain."];
    return outputs;
  }

  private addProxy(proxy: ProxyPlan, dnsRecord: DnsRecordPlan, cloudflareProvider?: CloudflareProvider): Outputs {
    const address = (type: "A" | "AAAA") => proxy.addressRecords.find((r) => r.type === type)?.value;
    if (proxy.dns !== "external") {
      new AddressRecords(this, "proxy_dns", {
        name: proxy.domain,
        ipv4: address("A"),
        ipv6: address("AAAA"),
        dns: proxy.dns,
        route53ZoneId: proxy.route53ZoneId,
        cloudflareZoneId: proxy.cloudflareZoneId,
        cloudflareProvider,
      });
    }
    const outputs: Outputs = {
      proxy_server: [proxy.server, "The web server the proxy config is written for."],
      proxy_config_file: [proxy.configFileName, "The rendered proxy config, next to this stack's Terraform JSON."],
    };
    const ipv6 = address("AAAA");
    if (ipv6 !== undefined && dnsRecord.type === "A") {
      outputs.dns_record_aaaa_value = [ipv6, "The AAAA record the custom domain must also hold (the proxy's IPv6 address)."];
    }
    return outputs;
  }

  /** A logical id per element: its own construct id, unique per Terraform resource type. */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const kind = element instanceof Node ? "node" : ((element as { terraformResourceType?: string }).terraformResourceType ?? element.constructor.name);
    const key = `${kind}.${node.id}`;
    const previous = this.logicalIds.get(key);
    if (previous !== undefined && previous !== node.path) {
      throw new Error(`Terraform address ${key} is used by both ${previous} and ${node.path}; give one a distinct id`);
    }
    this.logicalIds.set(key, node.path);
    return node.id;
  }
}
