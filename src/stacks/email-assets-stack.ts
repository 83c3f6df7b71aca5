import { Node, type Construct } from "constructs";
import { LocalBackend, TerraformOutput, TerraformStack, type TerraformElement } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudFrontEmailAssets } from "../constructs/cloudfront-email-assets";
import { CloudflareEmailAssets } from "../constructs/cloudflare-email-assets";
import { CloudflareWorker } from "../constructs/cloudflare-worker";
import { CloudflareZoneRulesets } from "../constructs/cloudflare-zone-rulesets";
import { AddressRecords } from "../constructs/address-records";
import type { CloudflarePlan, CloudFrontPlan, DnsRecordPlan, DomainPlan, ProxyPlan } from "../plan/resolve-plan";
import { CLOUDFRONT_CERTIFICATE_REGION } from "../facts/aws-facts";

/** Output name to [value, description]. */
type Outputs = Readonly<Record<string, readonly [string, string]>>;

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

/** The edge's resources and the outputs they add: the record value the custom domain must hold, and more. */
interface EdgeOutputs {
  readonly dnsRecordValue: string;
  readonly outputs: Outputs;
}

/**
 * One stack per custom domain. Provider and backend wiring lives here, apart from the constructs.
 * Terraform addresses are the constructs' short ids (`cloudflare_dns_record.cname`), not cdktf's
 * hashed paths: they are part of the contract, and renaming one replaces real infrastructure.
 * No credentials are written: the providers read them from the environment at plan/apply time.
 */
export class EmailAssetsStack extends TerraformStack {
  private readonly logicalIds = new Map<string, string>();
  private readonly awsSkipChecks: boolean;

  constructor(scope: Construct, plan: DomainPlan, options: EmailAssetsStackOptions) {
    super(scope, plan.stackId);
    this.awsSkipChecks = options.awsSkipChecks ?? false;
    new LocalBackend(this, { path: options.localStatePath });

    let edge: EdgeOutputs;
    switch (plan.edge) {
      case "cloudflare":
        edge = this.addCloudflare(plan.cloudflare, plan.dnsRecord.value);
        break;
      case "cloudfront":
        edge = this.addCloudFront(plan.cloudfront);
        break;
      case "proxy":
        edge = this.addProxy(plan.proxy, plan.dnsRecord);
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
    for (const [id, [value, description]] of Object.entries({ ...common, ...edge.outputs })) {
      new TerraformOutput(this, id, { value, description });
    }
  }

  /** The Cloudflare provider: one per stack, made when the first resource needs it. */
  private cloudflareProvider(): CloudflareProvider {
    const existing = this.node.tryFindChild("cloudflare");
    return existing instanceof CloudflareProvider ? existing : new CloudflareProvider(this, "cloudflare", {});
  }

  /** An AWS provider; CloudFront and Route 53 are global, and ACM for CloudFront lives in us-east-1. */
  private awsProvider(id: string, alias?: string): AwsProvider {
    const skipChecks = this.awsSkipChecks
      ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: "true" }
      : {};
    return new AwsProvider(this, id, { ...(alias !== undefined && { alias }), region: CLOUDFRONT_CERTIFICATE_REGION, ...skipChecks });
  }

  private addCloudflare(plan: CloudflarePlan, dnsRecordValue: string): EdgeOutputs {
    // The stack's one default provider: the resources below need no explicit reference to it.
    this.cloudflareProvider();
    const { zoneId, domain, intercomHost, ssl } = plan;
    const sslProps = ssl.scope === "zone" ? { sslScope: ssl.scope, manageZoneSsl: ssl.manageZoneSetting } : { sslScope: ssl.scope };
    switch (plan.mode) {
      case "page-rules":
        new CloudflareEmailAssets(this, "cloudflare_email_assets", {
          zoneId, domain, intercomHost, ...sslProps, mode: plan.mode, pageRulePriorities: plan.pageRulePriorities,
        });
        return { dnsRecordValue, outputs: {} };
      case "rulesets":
      case "worker": {
        new CloudflareEmailAssets(this, "cloudflare_email_assets", { zoneId, domain, intercomHost, ...sslProps, mode: plan.mode });
        const outputs: Record<string, readonly [string, string]> = {
          zone_rulesets_stack: [plan.zoneRulesets.stackId, "The stack that holds this zone's entry-point rulesets."],
        };
        if (plan.mode === "worker") {
          new CloudflareWorker(this, "cloudflare_worker", { zoneId, ...plan.worker });
          outputs.worker_script_name = [plan.worker.scriptName, "The Worker that serves the domain."];
        }
        const held = plan.zoneRulesets.rulesets;
        if (held) new CloudflareZoneRulesets(this, "cloudflare_zone_rulesets", held);
        return { dnsRecordValue, outputs };
      }
    }
  }

  private addCloudFront(plan: CloudFrontPlan): EdgeOutputs {
    const { certificateArn, dns, ...settings } = plan;
    const cloudflareProvider = dns.kind === "cloudflare" ? this.cloudflareProvider() : undefined;
    // The stack's default AWS provider serves CloudFront and Route 53 (both global).
    this.awsProvider("aws");
    const cloudfront = new CloudFrontEmailAssets(this, "cloudfront_email_assets", {
      ...settings,
      dns,
      certificate:
        certificateArn === undefined
          ? { kind: "new", provider: this.awsProvider("aws_us_east_1", "us_east_1") }
          : { kind: "existing", arn: certificateArn },
      ...(cloudflareProvider && { cloudflareProvider }),
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

  private addProxy(proxy: ProxyPlan, dnsRecord: DnsRecordPlan): EdgeOutputs {
    const { domain: name, addresses, dns } = proxy;
    switch (dns.kind) {
      case "external":
        break;
      case "route53":
        this.awsProvider("aws");
        new AddressRecords(this, "proxy_dns", { name, ...addresses, target: dns });
        break;
      case "cloudflare":
        new AddressRecords(this, "proxy_dns", { name, ...addresses, target: dns, cloudflareProvider: this.cloudflareProvider() });
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
