import type { DomainPlan } from "../plan/resolve-plan";
import { resolvePlans } from "../plan/resolve-plan";
import { loadOrReport, requireConfigFile, type ConfigFlags } from "./config-flags";
import { EXIT_INVALID, EXIT_OK } from "./exit-codes";
import { reportProblems, say } from "./report";

/** One line per domain: what will be built and where. */
export function summarize(plan: DomainPlan): string {
  const parts = [`${plan.domain}: edge ${plan.edge}`];
  switch (plan.edge) {
    case "cloudflare": {
      const { mode, zoneId, ssl } = plan.cloudflare;
      parts.push(`mode ${mode}`, `zone ${zoneId}`, `ssl scope ${ssl.scope}`);
      break;
    }
    case "proxy": {
      const { server, dns, configFileName } = plan.proxy;
      parts.push(`server ${server}`, `dns ${dns.kind}`, `config ${configFileName}`);
      break;
    }
    case "cloudfront": {
      const { dns, certificateArn, priceClass, minimumProtocolVersion } = plan.cloudfront;
      parts.push(
        `dns ${dns.kind}${dns.kind === "external" ? "" : ` (zone ${dns.zoneId})`}`,
        `certificate ${certificateArn ?? "new (DNS-validated)"}`,
        `price class ${priceClass}`,
        `viewer TLS ${minimumProtocolVersion}`,
      );
      break;
    }
  }
  parts.push(
    `region ${plan.region}`,
    `${plan.dnsRecord.type} -> ${plan.dnsRecord.value ?? "the CloudFront distribution"}`,
    `stack ${plan.stackId}`,
  );
  return parts.join(", ");
}

/** `validate`: one line per domain on stdout, then the warnings and a summary; every problem and exit 1 when invalid. */
export function validateCommand(options: ConfigFlags): number {
  requireConfigFile(options);
  const config = loadOrReport(options);
  if (config === undefined) return EXIT_INVALID;
  for (const plan of resolvePlans(config.specs)) process.stdout.write(`${summarize(plan)}\n`);
  reportProblems(config.warnings, "warning");
  say(`${config.specs.length} domain(s) valid in ${config.source}`);
  return EXIT_OK;
}
