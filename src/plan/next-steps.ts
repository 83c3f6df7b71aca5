import { certificateAddress } from "../config/names/stack-id";
import { managedBy, proxyRecords } from "./record-words";
import type { DomainPlan } from "./resolve-plan";
import { stackFolder } from "./stack-folder";

/** What the stack does with its DNS records: creates them, or imports the live ones a domain adopts. */
function recordVerb(adopted: readonly (string | undefined)[]): string {
  const taken = adopted.filter((id) => id !== undefined).length;
  return taken === 0 ? "creates" : taken === adopted.length ? "takes over (imports)" : "creates or takes over (imports)";
}

/** The DNS step: what the stack creates or takes over, or what to create by hand at the DNS host. */
function dnsStep(plan: DomainPlan, stackDir: string): string[] {
  // A named stack holds its domains' outputs in one map, `domains`, keyed by custom domain.
  const output = (name: string) =>
    plan.stackKind === "domain" ? `terraform -chdir=${stackDir} output -raw ${name}` : `terraform -chdir=${stackDir} output -json domains, key "${plan.domain}", ${name}`;
  switch (plan.edge) {
    case "cloudflare":
      return [`DNS: the stack ${recordVerb([plan.cloudflare.importIds?.dnsRecord])} the proxied CNAME ${plan.domain} -> ${plan.intercomHost} in Cloudflare zone ${plan.cloudflare.zoneId}`];
    case "cloudfront": {
      const zone = managedBy(plan.cloudfront.dns);
      const ids = plan.cloudfront.importIds;
      const adopted = plan.cloudfront.dns.kind === "route53" ? [ids?.aliasA, ids?.aliasAaaa] : [ids?.dnsRecord];
      if (zone !== undefined) return [`DNS: the stack ${recordVerb(adopted)} ${plan.dnsRecord.type === "A" ? "the alias A/AAAA records" : "the CNAME"} ${plan.domain} -> the distribution in ${zone}`];
      return [
        ...(plan.cloudfront.certificateArn === undefined
          ? [
              `DNS: once the certificate exists, create its validation record at your DNS host: a CNAME named by \`${output("acm_validation_record_name")}\` with the value \`${output("acm_validation_record_value")}\`; the rest of the apply waits until ACM has seen it`,
            ]
          : []),
        `DNS: after apply, create CNAME ${plan.domain} -> the distribution's domain name at your DNS host (\`${output("dns_record_value")}\`)`,
      ];
    }
    case "proxy": {
      const zone = managedBy(plan.proxy.dns);
      const records = proxyRecords(plan.proxy);
      return [
        `proxy: install ${stackDir}/${plan.proxy.configFileName} on the ${plan.proxy.server} server with the certificate for ${plan.domain}, and reload it`,
        zone === undefined ? `DNS: create ${records} at your DNS host` : `DNS: the stack ${recordVerb([...(plan.proxy.addresses.ipv4 === undefined ? [] : [plan.proxy.importIds?.A]), ...(plan.proxy.addresses.ipv6 === undefined ? [] : [plan.proxy.importIds?.AAAA])])} ${records} in ${zone}`,
      ];
    }
  }
}

/**
 * What to do after synth for one domain, in order: DNS (what the stack creates, or what to create
 * by hand), apply, Intercom's Link branding step, and the verify command. `configArg` is the
 * `--config FILE` that verify needs to find the same config (empty when it finds it by itself).
 * `cdktfDeploy` offers `cdktf deploy` too: only right when the project's app would synthesize the
 * same stacks into the same folder (not after `email-assets synth --config` or `--out`).
 */
export function nextSteps(plan: DomainPlan, stackDir: string, configArg: string, cdktfDeploy: boolean): string[] {
  const init = `terraform -chdir=${stackDir} init`;
  if (!plan.preventDestroy) {
    // A retired domain is on its way out: what to do is take it down, not set it up.
    return [
      `Intercom: remove ${plan.domain} from the Link branding settings page first, so that new emails stop using it`,
      plan.stackKind === "domain"
        ? `take it down: ${init} && terraform -chdir=${stackDir} destroy (retire lifted prevent_destroy; every email already sent with its links breaks)`
        : `take it down: remove ${plan.domain} from the config, synth, then terraform -chdir=${stackDir} apply, which destroys only its resources (the stack's other domains stay)`,
    ];
  }
  // With external DNS a new certificate waits for a record only its own apply reveals: apply it first.
  const apply =
    plan.edge === "cloudfront" && plan.cloudfront.dns.kind === "external" && plan.cloudfront.certificateArn === undefined
      ? `apply the certificate first: ${init} && terraform -chdir=${stackDir} apply -target=${certificateAddress(plan.domain, plan.stackKind === "named")}; then, once its validation record below exists, terraform -chdir=${stackDir} apply`
      : `apply: ${init} && terraform -chdir=${stackDir} apply${cdktfDeploy ? ` (or cdktf deploy ${plan.stackId})` : ""}`;
  return [
    apply,
    ...dnsStep(plan, stackDir),
    `Intercom: ${plan.nextStep}`,
    `verify: email-assets verify --domain ${plan.domain}${configArg}`,
  ];
}

/** Synth prints the steps of this many domains; a fleet's others follow the same steps. */
export const NEXT_STEPS_SHOWN = 5;

/** The lines synth prints after it wrote the stacks into `outdir`. */
export function nextStepsReport(plans: readonly DomainPlan[], outdir: string, configArg: string, cdktfDeploy: boolean): string[] {
  const lines = ["next steps:"];
  for (const plan of plans.slice(0, NEXT_STEPS_SHOWN)) {
    lines.push(`  ${plan.domain}:`, ...nextSteps(plan, stackFolder(outdir, plan.stackId), configArg, cdktfDeploy).map((step, index) => `    ${index + 1}. ${step}`));
  }
  const rest = plans.length - NEXT_STEPS_SHOWN;
  if (rest > 0) lines.push(`  and ${rest} more domain(s), each with the same steps in its own stack folder (email-assets stacks lists them); email-assets verify checks them all`);
  return lines;
}
