#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { UsageError, type ConfigFlags } from "./config-flags";
import type * as SynthModule from "./synth-command";
import { say, sayText } from "./report";
import type * as DiscoverModule from "./discover-command";
import { initCommand, initOptions, type InitOptions } from "./init-command";
import type * as VerifyModule from "./verify-command";
import type * as ValidateModule from "./validate-command";
import type * as StacksModule from "./stacks-command";
import type * as ProxyConfigModule from "./proxy-config-command";
import { DEFAULT_CONCURRENCY, DEFAULT_EXPIRY_DAYS, DEFAULT_TIMEOUT_SECONDS, EXIT_INTERRUPTED } from "./verify-defaults";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { muteCdktfDeprecation } from "./mute-cdktf-deprecation";

// Each command's module is loaded when the command runs: a command does not pay for loading the
// others (verify's checks and their libraries above all). init's prompts load on use in init.
const commands = {
  synth: () => require("./synth-command") as typeof SynthModule,
  verify: () => require("./verify-command") as typeof VerifyModule,
  validate: () => require("./validate-command") as typeof ValidateModule,
  stacks: () => require("./stacks-command") as typeof StacksModule,
  proxyConfig: () => require("./proxy-config-command") as typeof ProxyConfigModule,
};

/** The version the bundle build (scripts/bundle.mjs) writes into the installed CLI; undefined in tsc's build. */
declare const EMAIL_ASSETS_VERSION: string | undefined;

/** This package's version: written into the bundle, else from package.json (dist/src/cli/ is three folders below it). */
function packageVersion(): string {
  if (typeof EMAIL_ASSETS_VERSION === "string") return EMAIL_ASSETS_VERSION;
  try {
    const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * The words commander left over, and flag values that are flags: `--domain --workspace acme` gives
 * --domain the value "--workspace" and leaves "acme" over. Both mean a flag lost its value.
 */
function checkWords(command: Command): void {
  const values = command.opts<Record<string, unknown>>();
  for (const option of command.options) {
    const value = values[option.attributeName()];
    if (typeof value === "string" && command.options.some((other) => other.long === value.split("=", 1)[0])) {
      throw new UsageError(`${option.long ?? option.flags}: is missing its value (the next word, ${value}, is a flag); give ${option.flags}`);
    }
  }
  const [extra] = command.args;
  if (extra !== undefined) {
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)}: email-assets ${command.name()} takes flags only, each with its value (--name value); email-assets ${command.name()} --help lists them`);
  }
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  let deferred: (() => number) | undefined;
  const program = new Command()
    .name("email-assets")
    .description("Custom domains for Intercom email assets, as CDK for Terraform stacks")
    .version(packageVersion(), "--version", "print the version")
    .exitOverride()
    // One line that says where the flags are, rather than the whole help after the error.
    .showHelpAfterError("(email-assets <command> --help lists its flags)")
    // Words left over are checked in the hook below, which can say which flag lost its value.
    .allowExcessArguments(true)
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => sayText(s) })
    .hook("preAction", (_program, command) => checkWords(command));

  initOptions(program.command("init"))
    .description("Ask for a domain's settings (or take them from flags) and write a valid email-assets.yaml")
    .action(async (options: InitOptions) => {
      code = await initCommand(options);
    });

  program
    .command("validate")
    .description(
      "Validate the config (--config, else $EMAIL_ASSETS_CONFIG, else email-assets.yaml/.yml/.json here)",
    )
    .option("--config <file>", "config file to validate (YAML or JSON)")
    .option("--example", "use the embedded example's placeholder domains instead of a config")
    .action((options: ConfigFlags) => {
      code = commands.validate().validateCommand(options);
    });

  program
    .command("synth")
    .description("Synthesize the stacks into Terraform JSON, as npm run synth does (and, with --modules, each stack as a module too)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--out <dir>", "folder to write to (default: $CDKTF_OUTDIR, else cdktf.out)")
    .option("--modules", "also write each stack as a Terraform module under <out>/modules/<stack id>/")
    .option("--example", "synthesize the embedded example's placeholder domains instead of a config")
    .action((options: SynthModule.SynthFlags) => {
      // Run once the parser has returned (below), on a shallow call stack: with creation stacks kept
      // (CDKTN_DISABLE_CREATION_STACK=0), cdktf records the whole call stack in each of the thousands
      // of tokens a fleet's resources make (18 a Cloudflare domain), and each parser frame costs.
      deferred = () => commands.synth().runSynth({ flags: options, news: process.stderr, env: process.env, cwd: process.cwd(), removeOrphans: true });
    });

  program
    .command("stacks")
    .description("List the stacks: id, domains, edges, folder and state location (--json for a CI matrix, with each stack's digest)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--example", "use the embedded example's placeholder domains instead of a config")
    .option("--json", "print one JSON array on one line")
    .option("--out <dir>", "the synth folder the listed directories are in (default: $CDKTF_OUTDIR, else cdktf.out)")
    .option("--changed-since <ref>", "list only the stacks whose Terraform differs from the config's at this git revision, each with its change")
    .option("--batches <n>", "with --json: split the listed stacks into at most n groups, [{ batch, stacks }], for a CI matrix")
    .action(async (options: StacksModule.StacksFlags) => {
      code = await commands.stacks().stacksCommand(options);
    });

  program
    .command("verify")
    .description("Check the live setup of a domain (or every domain of the config): dns, caa, tls, redirect, hsts, intercom")
    .option("--domain <domain>", "verify this domain (repeatable; default: every domain of the config)", (value: string, list: string[] = []) => [...list, value])
    .option("--stack <name>", "verify the domains of this stack (email-assets stacks lists them)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--example", "use the embedded example's placeholder domains instead of a config")
    .option("--json", "print the report as JSON")
    .option("--resolver <host[:port]>", "ask this DNS server (default: the system's resolvers)")
    .option("--timeout <seconds>", "limit of each network step", String(DEFAULT_TIMEOUT_SECONDS))
    .option("--expiry-days <days>", "fail a certificate that expires sooner than this", String(DEFAULT_EXPIRY_DAYS))
    .option("--concurrency <n>", "check this many domains at once (1-64)", String(DEFAULT_CONCURRENCY))
    .option("--wait <duration>", "re-check the failing domains until every check passes or this time is up (90s, 30m, 2h)")
    .option("--junit <file>", "also write a JUnit XML report (one test suite per domain, one test case per check)")
    .action(async (options: VerifyModule.VerifyFlags) => {
      code = await commands.verify().verifyCommand(options);
      // Ctrl+C ended a --wait: what is still in flight (a DNS question, a connection) is not waited for.
      if (code === EXIT_INTERRUPTED) process.stdout.write("", () => process.exit(EXIT_INTERRUPTED));
    });

  program
    .command("discover")
    .description("Find the live resources each domain's stack would manage (reads only), compare them with the plan and print the adopt: ids (--write puts them into the config)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--domain <domain>", "discover this domain only (default: every domain of the config)")
    .option("--json", "print one JSON array: { domain, edge, adopt, differences, notFound } per domain")
    .option("--write", "put the found ids into the config file's adopt: blocks, keeping its comments and layout")
    .option("--timeout <seconds>", "limit of each API request (default: 20)")
    .option("--example", "use the embedded example's placeholder domains instead of a config")
    .action(async (flags: DiscoverModule.DiscoverFlags) => {
      // Loaded here: the SDKs cost a second that the other commands need not pay.
      const { discoverCommand } = require("./discover-command") as typeof DiscoverModule;
      code = await discoverCommand(flags);
    });

  program
    .command("proxy-config")
    .description("Print (or write) the Apache or nginx config for a domain with edge: proxy")
    .requiredOption("--domain <domain>", "the custom domain, as in the config")
    .option("--server <server>", "render for this server instead of the configured one (apache or nginx)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--example", "use the embedded example's placeholder domains instead of a config")
    .option("--out <file>", "write the config to this file instead of printing it")
    .option("--force", "replace an --out file that email-assets did not write")
    .action((options: ProxyConfigModule.ProxyConfigOptions) => {
      code = commands.proxyConfig().proxyConfigCommand(options);
    });

  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: "user" });
    return deferred === undefined ? code : deferred();
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      say(`error: ${error.message}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) {
  muteCdktfDeprecation();
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? EXIT_OK);
  });
  void run(process.argv.slice(2)).then((exitCode) => {
    process.exitCode = exitCode;
  });
}
