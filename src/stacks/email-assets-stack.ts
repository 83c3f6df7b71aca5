import { Node, type Construct } from "constructs";
import { LocalBackend, TerraformOutput, TerraformStack, type TerraformElement } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { CloudflareEmailAssets } from "../cloudflare/cloudflare-email-assets";
import type { DomainPlan } from "../plan/resolve-plan";

/**
 * One stack per custom domain. Provider (and, later, backend) wiring lives here, apart from the
 * constructs. Terraform addresses are the constructs' short ids (`cloudflare_dns_record.cname`),
 * not cdktf's hashed paths: they are part of the contract, and renaming one replaces real
 * infrastructure.
 */
export class EmailAssetsStack extends TerraformStack {
  private readonly logicalIds = new Map<string, string>();

  /**
   * @param localStatePath where the local backend keeps this stack's state, relative to the
   *   stack's synthesized folder (where terraform runs), so the output has no machine path in it.
   */
  constructor(scope: Construct, plan: DomainPlan, localStatePath: string) {
    super(scope, plan.stackId);
    new LocalBackend(this, { path: localStatePath });

    if (plan.cloudflare) {
      // No credentials here: the provider reads CLOUDFLARE_API_TOKEN at plan/apply time, so a
      // token is never written into the synthesized configuration.
      new CloudflareProvider(this, "cloudflare", {});
      new CloudflareEmailAssets(this, "cloudflare_email_assets", plan.cloudflare);
    }

    const outputs: Record<string, [string, string]> = {
      custom_domain: [plan.spec.domain, "The custom domain for email assets."],
      intercom_host: [plan.intercomHost, "The regional Intercom host that serves the workspace's email assets."],
      dns_record_name: [plan.dnsRecord.name, "Name of the DNS record the custom domain must hold."],
      dns_record_type: [plan.dnsRecord.type, "Type of that DNS record."],
      dns_record_value: [plan.dnsRecord.value, "Value of that DNS record."],
      link_branding_domain: [plan.linkBrandingDomain, "The domain to enter on Intercom's Link branding page."],
      next_step: [plan.nextStep, "The last, manual step."],
    };
    for (const [id, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value, description });
    }
  }

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const id = node.id;
    const path = node.path;
    const previous = this.logicalIds.get(id);
    if (previous !== undefined && previous !== path) {
      throw new Error(`Terraform logical id "${id}" is used by both ${previous} and ${path}; give one a distinct id`);
    }
    this.logicalIds.set(id, path);
    return id;
  }
}
