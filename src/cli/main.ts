#!/usr/bin/env node
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { loadConfig } from "../config/load-config";
import { ConfigError } from "../spec/problem";
import { resolvePlans, type DomainPlan } from "../plan/resolve-plan";
import { reportProblems } from "./report";

/** Exit codes (DESIGN): 0 ok, 1 invalid config, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

class UsageError extends Error {}

/** One line per domain: what will be built and where. */
export function summarize(plan: DomainPlan): string {
  const parts = [`${plan.spec.domain}: edge ${plan.spec.edge}`];
  if (plan.cloudflare && plan.spec.edge === "cloudflare") {
    parts.push(`mode ${plan.spec.cloudflare.mode}`, `zone ${plan.cloudflare.zoneId}`, `ssl scope ${plan.cloudflare.sslScope}`);
  }
  if (plan.cloudfront) {
    const cf = plan.cloudfront;
    const zone = cf.route53ZoneId ?? cf.cloudflareZoneId;
    parts.push(
      `dns ${cf.dns}${zone ? ` (zone ${zone})` : ""}`,
      `certificate ${cf.certificateArn ?? "new (DNS-validated)"}`,
      `price class ${cf.priceClass}`,
      `viewer TLS ${cf.minimumProtocolVersion}`,
    );
  }
  parts.push(
    `region ${plan.region}`,
    `${plan.dnsRecord.type} -> ${plan.dnsRecord.value ?? "the CloudFront distribution"}`,
    `stack ${plan.stackId}`,
  );
  return parts.join(", ");
}

function validateCommand(options: { config?: string }): number {
  if (options.config !== undefined && !existsSync(resolve(options.config))) {
    throw new UsageError(`--config: file not found: ${options.config}`);
  }
  try {
    const config = loadConfig({ configPath: options.config });
    for (const plan of resolvePlans(config.specs)) process.stdout.write(`${summarize(plan)}\n`);
    reportProblems(config.warnings, "warning");
    process.stderr.write(`${config.specs.length} domain(s) valid in ${config.source}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    reportProblems(error.problems, "error");
    process.stderr.write(`${error.problems.length} problem(s); nothing is valid until all are fixed\n`);
    return EXIT_INVALID;
  }
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export function run(argv: readonly string[]): number {
  let code = EXIT_OK;
  const program = new Command()
    .name("email-assets")
    .description("Custom domains for Intercom email assets, as CDK for Terraform stacks")
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

  program
    .command("validate")
    .description(
      "Validate the config ($EMAIL_ASSETS_CONFIG, else email-assets.yaml/.yml/.json here, else the embedded example)",
    )
    .option("--config <file>", "config file to validate (YAML or JSON)")
    .action((options: { config?: string }) => {
      code = validateCommand(options);
    });

  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    program.parse([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
