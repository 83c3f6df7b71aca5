#!/usr/bin/env node
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { EMBEDDED_EXAMPLE, entryExists, loadConfig } from "../config/load-config";
import { ConfigError } from "../config/problem";
import { resolvePlans, resolveStacks, type DomainPlan, type StackPlan } from "../plan/resolve-plan";
import type * as SynthAppModule from "../stacks/synth-app";
import type * as DiscoverModule from "./discover-command";
import { GENERATED_MARK, renderProxyConfig } from "../proxy/render-proxy-config";
import { normalizeCustomDomain } from "../config/domain-name";
import { PROXY_SERVERS, type ProxyServer } from "../config/domain-spec";
import { reportProblems, say, sayText } from "./report";
import { defaultOutdir, foreignOutdirProblem } from "../stacks/outdir";
import { initCommand, initOptions, type InitOptions } from "./init-command";
import { nextStepsReport } from "../plan/next-steps";
import { stackFolder } from "../plan/stack-folder";
import { DEFAULT_EXPIRY_DAYS, DEFAULT_TIMEOUT_SECONDS, runVerify, verifySettings, type VerifyFlags } from "./verify-command";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { shellWord } from "./shell-word";
import { specialKind } from "./special-kind";

class UsageError extends Error {}

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

/** A --domain flag, normalized as the config normalizes domains; a usage error when it is not a domain. */
function domainFlag(input: string): string {
  const domain = normalizeCustomDomain(input);
  if (!domain.ok) throw new UsageError(`--domain: ${domain.problem}; received ${JSON.stringify(input)}`);
  return domain.value;
}

/** The plan of the --domain flag's domain; a usage error naming the config's domains when it has none of that name. */
function planOfDomain(plans: readonly DomainPlan[], domain: string, source: string): DomainPlan {
  const plan = plans.find((p) => p.domain === domain);
  if (plan !== undefined) return plan;
  const listed = plans.slice(0, 10).map((p) => p.domain).join(", ");
  const more = plans.length > 10 ? ` and ${plans.length - 10} more` : "";
  throw new UsageError(`--domain: ${domain} is not in ${source}; its domains: ${listed}${more}`);
}

/** A --config that names nothing at all is a usage error; one that names something unreadable is the config's problem (exit 1). */
function requireConfigFile(path: string | undefined): void {
  if (path === undefined) return;
  if (path.trim() === "") throw new UsageError("--config: is empty; name a YAML or JSON file");
  if (path.endsWith("/")) throw new UsageError(`--config: ${path} ends in /, so it names a folder; name a YAML or JSON file`);
  if (!entryExists(resolve(path))) throw new UsageError(`--config: file not found: ${path}`);
}

/** Loads the config, or reports its problems and returns undefined. */
function loadOrReport(configPath: string | undefined): ReturnType<typeof loadConfig> | undefined {
  try {
    return loadConfig({ configPath });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    reportProblems(error.problems, "error");
    return undefined;
  }
}

interface ProxyConfigOptions {
  domain: string;
  server?: string;
  config?: string;
  out?: string;
  force?: boolean;
}

/** The first line of a regular file, reading no more than needed (the file may be large). */
function firstLineOf(path: string): string {
  const buffer = Buffer.alloc(256);
  const fd = openSync(path, "r");
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length).toString("utf8").split("\n", 1)[0] ?? "";
  } finally {
    closeSync(fd);
  }
}

/**
 * The file `--out` really names (through a symlink, as in sites-enabled), once it is safe to
 * replace, with its mode and owner to keep. Only regular files are ever replaced: a FIFO, a device
 * or /dev/stdout is refused even with --force, since writing the config there means printing it.
 */
function outTarget(options: ProxyConfigOptions, fileName: string, configSource: string): { path: string; keep?: Stats } {
  const out = options.out ?? "";
  if (out.trim() === "") throw new UsageError("--out: is empty; give the file to write, or leave --out out to print the config");
  if (out.endsWith("/")) throw new UsageError(`--out: ${out} ends in /, so it names a folder; give the file to write, e.g. ${join(out, fileName)}`);
  const requested = resolve(out);
  // These name a descriptor of this very process (its output, say), whatever it is connected to.
  if (/^\/dev\/(stdin|stdout|stderr|fd\/)|^\/proc\//.test(requested)) {
    throw new UsageError(`--out: ${out} names one of this process's own descriptors, not a file; leave --out out to print the config to standard output`);
  }
  const parent = dirname(requested);
  if (!existsSync(parent)) throw new UsageError(`--out: folder does not exist: ${parent}`);
  if (!statSync(parent).isDirectory()) throw new UsageError(`--out: ${parent} is not a folder`);
  if (!entryExists(requested)) return { path: requested };
  let stat: Stats;
  try {
    // stat follows links the way the kernel does: /dev/stdout reaches the pipe or terminal behind it.
    stat = statSync(requested);
  } catch {
    throw new UsageError(`--out: ${out} is a symbolic link to ${readlinkSync(requested)}, which leads nowhere; give the file to write`);
  }
  if (stat.isDirectory()) throw new UsageError(`--out: ${out} is a folder; give the file to write, e.g. ${join(out, fileName)}`);
  if (!stat.isFile()) {
    throw new UsageError(`--out: ${out} is ${specialKind(stat)}, not a file; leave --out out to print the config to standard output`);
  }
  const target = realpathSync(requested);
  if (existsSync(configSource) && realpathSync(configSource) === target) {
    throw new UsageError(`--out: ${out} is the config file itself; give another file`);
  }
  if (!firstLineOf(target).startsWith(GENERATED_MARK) && !options.force) {
    throw new UsageError(`--out: ${out} exists and was not written by email-assets; pass --force to replace it`);
  }
  return { path: target, keep: stat };
}

function proxyConfigCommand(options: ProxyConfigOptions): number {
  requireConfigFile(options.config);
  let server: ProxyServer | undefined;
  if (options.server !== undefined) {
    const wanted = options.server.trim().toLowerCase();
    server = PROXY_SERVERS.find((known) => known === wanted);
    if (server === undefined) {
      throw new UsageError(`--server: must be one of ${PROXY_SERVERS.join(", ")}; received ${JSON.stringify(options.server)}`);
    }
  }
  const domain = domainFlag(options.domain);

  const config = loadOrReport(options.config);
  if (config === undefined) return EXIT_INVALID;
  const plan = planOfDomain(resolvePlans(config.specs), domain, config.source);
  if (plan.edge !== "proxy") {
    throw new UsageError(`--domain: ${domain} uses edge ${plan.edge}; proxy-config renders configs for edge: proxy domains only`);
  }
  const rendered = renderProxyConfig(plan.proxy, server);
  // `--out -` means standard output, as for most tools.
  if (options.out === undefined || options.out === "-") {
    process.stdout.write(rendered.content);
    return EXIT_OK;
  }
  const { path: target, keep } = outTarget(options, rendered.fileName, config.source);
  // Written beside the target and renamed, so a reader never sees half a config; a replaced file
  // keeps its mode and owner (a site config readable by the web server stays so).
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, rendered.content, { flag: "wx" });
    if (keep !== undefined) {
      // Owner first: chown clears setuid and setgid bits, which the mode then restores.
      if (keep.uid !== process.getuid?.() || keep.gid !== process.getgid?.()) chownSync(temporary, keep.uid, keep.gid);
      chmodSync(temporary, keep.mode & 0o7777);
    }
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was created.
    }
    say(`error: cannot write ${target}: ${(error as Error).message}`);
    return EXIT_INVALID;
  }
  say(`wrote the ${rendered.server} config for ${domain} to ${target}`);
  return EXIT_OK;
}

function validateCommand(options: { config?: string }): number {
  requireConfigFile(options.config);
  try {
    const config = loadConfig({ configPath: options.config });
    for (const plan of resolvePlans(config.specs)) process.stdout.write(`${summarize(plan)}\n`);
    reportProblems(config.warnings, "warning");
    say(`${config.specs.length} domain(s) valid in ${config.source}`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    reportProblems(error.problems, "error");
    return EXIT_INVALID;
  }
}

/** One entry of `email-assets stacks --json`: what a CI matrix needs to run one stack. */
export interface StackEntry {
  readonly stack: string;
  /** `domain` (a domain's own stack) or `named`. */
  readonly kind: StackPlan["kind"];
  readonly domains: readonly string[];
  readonly edges: readonly string[];
  /** The stack's folder, where terraform runs: `<out>/stacks/<stack>`. */
  readonly directory: string;
  /** Where its state is (see README, Running in a pipeline). */
  readonly state: string;
}

export function stackEntries(stacks: readonly StackPlan[], outdir: string): StackEntry[] {
  return stacks.map((stack) => ({
    stack: stack.id,
    kind: stack.kind,
    domains: stack.domains.map((plan) => plan.domain),
    edges: [...new Set(stack.domains.map((plan) => plan.edge))],
    directory: stackFolder(outdir, stack.id),
    state: stack.state,
  }));
}

function stacksCommand(options: { config?: string; json?: boolean; out?: string }): number {
  requireConfigFile(options.config);
  if (options.out !== undefined && options.out.trim() === "") throw new UsageError("--out: is empty; give the folder synth writes to, e.g. cdktf.out");
  // Only named in the listing: nothing is written there.
  const outdir = options.out ?? defaultOutdir(process.env);
  const config = loadOrReport(options.config);
  if (config === undefined) return EXIT_INVALID;
  const entries = stackEntries(resolveStacks(config.specs, config.terraform), outdir);
  if (options.json) {
    // One line, so that a CI step can put it in a variable ($GITHUB_OUTPUT) as it is.
    process.stdout.write(`${JSON.stringify(entries)}\n`);
  } else {
    for (const entry of entries) {
      process.stdout.write(`${entry.stack}: ${entry.domains.length} domain(s) (${entry.domains.join(", ")}), edge ${entry.edges.join(", ")}, folder ${entry.directory}, state ${entry.state}\n`);
    }
  }
  reportProblems(config.warnings, "warning");
  return EXIT_OK;
}

/** --out for synth: a folder of synth's own (see foreignOutdirProblem); the default folder is checked too. */
function checkedOutdir(out: string | undefined): string {
  if (out !== undefined && out.trim() === "") throw new UsageError("--out: is empty; give the folder to synthesize into, e.g. cdktf.out");
  const outdir = out ?? defaultOutdir(process.env);
  const problem = foreignOutdirProblem(outdir);
  if (problem !== undefined) throw new UsageError(`${out === undefined ? (process.env.CDKTF_OUTDIR ? "$CDKTF_OUTDIR" : "the output folder") : "--out"}: ${problem}`);
  return outdir;
}

function synthCommand(options: { config?: string; out?: string; modules?: boolean }): number {
  requireConfigFile(options.config);
  const outdir = checkedOutdir(options.out);
  const config = loadOrReport(options.config);
  if (config === undefined) {
    process.stderr.write("email-assets: the config is invalid; nothing was synthesized\n");
    return EXIT_INVALID;
  }
  reportProblems(config.warnings, "warning");
  // Loaded here, not at the top: validate and stacks do not need cdktf and its seconds of loading.
  const { synthApp, synthOptionsFrom } = require("../stacks/synth-app") as typeof SynthAppModule;
  const modules = options.modules ?? false;
  let ids: string[];
  try {
    ids = synthApp(config, { ...synthOptionsFrom(process.env), outdir, removeOrphans: true, modules, warn: (message) => say(`warning: ${message}`) });
  } catch (error) {
    // Not the config's fault (a folder that cannot be written, say): what failed; the trace is for bug reports.
    say(`email-assets: synth failed: ${(error as Error).message}`);
    if (process.env.EMAIL_ASSETS_DEBUG) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    return EXIT_INVALID;
  }
  say(`synthesized ${ids.length} stack(s) from ${config.source} into ${outdir}/stacks${modules ? ` and modules into ${outdir}/modules` : ""}: ${ids.join(", ")}`);
  // verify must read the same config: a --config given here is repeated there (the other sources it finds itself).
  const configArg = options.config === undefined ? "" : ` --config ${shellWord(options.config)}`;
  // cdktf deploy runs the project's app, which reads the config it finds and writes cdktf.out (or $CDKTF_OUTDIR).
  const cdktfDeploy = options.config === undefined && options.out === undefined;
  for (const line of nextStepsReport(resolvePlans(config.specs), outdir, configArg, cdktfDeploy)) say(line);
  return EXIT_OK;
}

/** `verify`: the live checks for one domain (--domain) or every domain of the config. */
async function verifyCommand(flags: VerifyFlags): Promise<number> {
  requireConfigFile(flags.config);
  const wanted = flags.domain === undefined ? undefined : domainFlag(flags.domain);
  const checked = await verifySettings(flags);
  if ("problem" in checked) throw new UsageError(checked.problem);
  const config = loadOrReport(flags.config);
  if (config === undefined) return EXIT_INVALID;
  if (config.source === EMBEDDED_EXAMPLE) {
    say("warning: no config found (--config, $EMAIL_ASSETS_CONFIG or email-assets.yaml here): verifying the embedded example's placeholder domains; create one with email-assets init");
  }
  const plans = resolvePlans(config.specs);
  const chosen = wanted === undefined ? plans : [planOfDomain(plans, wanted, config.source)];
  return runVerify(chosen, checked.settings, flags.json ?? false);
}

/** This package's version, from its package.json (dist/src/cli/ is three folders below it). */
function packageVersion(): string {
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
      "Validate the config ($EMAIL_ASSETS_CONFIG, else email-assets.yaml/.yml/.json here, else the embedded example)",
    )
    .option("--config <file>", "config file to validate (YAML or JSON)")
    .action((options: { config?: string }) => {
      code = validateCommand(options);
    });

  program
    .command("synth")
    .description("Synthesize the stacks into Terraform JSON, as npm run synth does (and, with --modules, each stack as a module too)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--out <dir>", "folder to write to (default: $CDKTF_OUTDIR, else cdktf.out)")
    .option("--modules", "also write each stack as a Terraform module under <out>/modules/<stack id>/")
    .action((options: { config?: string; out?: string; modules?: boolean }) => {
      code = synthCommand(options);
    });

  program
    .command("stacks")
    .description("List the stacks: id, domains, edges, folder and state location (--json for a CI matrix)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--json", "print one JSON array on one line")
    .option("--out <dir>", "the synth folder the listed directories are in (default: $CDKTF_OUTDIR, else cdktf.out)")
    .action((options: { config?: string; json?: boolean; out?: string }) => {
      code = stacksCommand(options);
    });

  program
    .command("verify")
    .description("Check the live setup of a domain (or every domain of the config): dns, caa, tls, redirect, hsts, intercom")
    .option("--domain <domain>", "verify this domain only (default: every domain of the config)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--json", "print the report as JSON")
    .option("--resolver <host[:port]>", "ask this DNS server (default: the system's resolvers)")
    .option("--timeout <seconds>", "limit of each network step", String(DEFAULT_TIMEOUT_SECONDS))
    .option("--expiry-days <days>", "fail a certificate that expires sooner than this", String(DEFAULT_EXPIRY_DAYS))
    .action(async (options: VerifyFlags) => {
      code = await verifyCommand(options);
    });

  program
    .command("discover")
    .description("Find the live resources each domain's stack would manage (reads only), compare them with the plan and print the adopt: ids (--write puts them into the config)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--domain <domain>", "discover this domain only (default: every domain of the config)")
    .option("--json", "print one JSON array: { domain, edge, adopt, differences, notFound } per domain")
    .option("--write", "put the found ids into the config file's adopt: blocks, keeping its comments and layout")
    .option("--timeout <seconds>", "limit of each API request (default: 20)")
    .action(async (flags: DiscoverModule.DiscoverFlags) => {
      requireConfigFile(flags.config);
      const wanted = flags.domain === undefined ? undefined : domainFlag(flags.domain);
      // Loaded here: the SDKs cost a second that the other commands need not pay.
      const { discoverLimits, runDiscover } = require("./discover-command") as typeof DiscoverModule;
      const limits = discoverLimits(flags);
      if ("problem" in limits) throw new UsageError(limits.problem);
      const config = loadOrReport(flags.config);
      if (config === undefined) {
        code = EXIT_INVALID;
        return;
      }
      if (flags.write && config.source === EMBEDDED_EXAMPLE) throw new UsageError("--write: there is no config file to write to (no --config, $EMAIL_ASSETS_CONFIG or email-assets.yaml here); create one with email-assets init");
      const plans = resolvePlans(config.specs);
      const chosen = wanted === undefined ? plans : [planOfDomain(plans, wanted, config.source)];
      code = await runDiscover(chosen, config.source, flags, limits, { env: process.env, stdout: process.stdout, stderr: process.stderr });
    });

  program
    .command("proxy-config")
    .description("Print (or write) the Apache or nginx config for a domain with edge: proxy")
    .requiredOption("--domain <domain>", "the custom domain, as in the config")
    .option("--server <server>", "render for this server instead of the configured one (apache or nginx)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--out <file>", "write the config to this file instead of printing it")
    .option("--force", "replace an --out file that email-assets did not write")
    .action((options: ProxyConfigOptions) => {
      code = proxyConfigCommand(options);
    });

  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: "user" });
    return code;
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
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? EXIT_OK);
  });
  void run(process.argv.slice(2)).then((exitCode) => {
    process.exitCode = exitCode;
  });
}
