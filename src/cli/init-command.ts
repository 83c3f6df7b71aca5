import { chmodSync, existsSync, linkSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type * as Prompts from "@inquirer/prompts";
import type { Command } from "commander";
import type * as Yaml from "yaml";
import { DEFAULTS } from "../config/defaults";
import { CLOUDFLARE_MODES, DNS_CHOICES, EDGES, PROXY_SERVERS, REGIONS, type CloudflareMode, type DnsChoice, type Edge, type ProxyServer, type Region } from "../config/domain-spec";
import { entryExists, findConfigFile, loadConfig } from "../config/load-config";
import { ConfigError, formatProblem, formatReceived, type Problem } from "../config/problem";
import { intercomHost } from "../intercom/intercom-host";
import { ANSWER_KEYS, checkAnswer, edgeOf, edgesOf, flagOf, initConfig, reviewAnswers, type AnswerKey, type AnswersReview, type InitAnswers } from "./init-answers";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { shellWord } from "./shell-word";
import { specialKind } from "./special-kind";
import { reportProblems, say } from "./report";

/** Exit 1 means, for init, that nothing was written (declined, cancelled, or the write failed). */
const EXIT_NOTHING_WRITTEN = EXIT_INVALID;

/** Written to the working directory, where the other commands look for a config first. */
export const DEFAULT_INIT_OUT = "email-assets.yaml";

export interface InitOptions extends InitAnswers {
  /** @default "email-assets.yaml" in the working directory */
  readonly out?: string;
  /** Never ask: the flags are all the answers. @default false (true without a terminal on stdin) */
  readonly yes?: boolean;
  /** Replace an existing `out` without asking. @default false */
  readonly force?: boolean;
}

interface Choice<T extends string> {
  readonly value: T;
  readonly name: string;
  /** Shown as the answer once chosen. */
  readonly short: T;
}

/** How one answer is asked for: its flag's help, its prompt, and for a choice the values offered. */
interface Question {
  /** The flag's argument, for --help: `<domain>`. */
  readonly argument: string;
  readonly help: string;
  readonly prompt: (answers: InitAnswers) => string;
  readonly choices?: (answers: InitAnswers) => readonly Choice<string>[];
  /** The config's default, where the config has one: the choice offered first. */
  readonly default?: string;
  /** An empty answer leaves the key out of the file (its meaning is in the prompt). */
  readonly optional?: boolean;
  /** Asked only when this holds (besides belonging to the chosen edge). */
  readonly when?: (answers: InitAnswers) => boolean;
}

function choices<T extends string>(values: readonly T[], names: Readonly<Record<T, string>>): Choice<T>[] {
  return values.map((value) => ({ value, name: names[value] === "" ? value : `${value}  ${names[value]}`, short: value }));
}

const EDGE_NAMES: Readonly<Record<Edge, string>> = {
  cloudflare: "a proxied CNAME in your Cloudflare zone",
  cloudfront: "a CloudFront distribution with an ACM certificate",
  proxy: "your own Apache or nginx reverse proxy, with your certificate",
};
const MODE_NAMES: Readonly<Record<CloudflareMode, string>> = {
  "page-rules": "page rules, the guide's way (Enterprise plan)",
  rulesets: "modern Rules (Enterprise plan)",
  worker: "a Worker (any plan)",
};
const DNS_NAMES: Readonly<Record<DnsChoice, string>> = {
  external: "another DNS host: the stack outputs the records to create",
  route53: "records in a Route 53 hosted zone",
  cloudflare: "DNS-only records in a Cloudflare zone",
};
const SERVER_NAMES: Readonly<Record<ProxyServer, string>> = { apache: "Apache httpd 2.4", nginx: "nginx" };

const listed = (values: readonly string[]): string => `${values.slice(0, -1).join(", ")} or ${values[values.length - 1] ?? ""}`;
const domainOf = (answers: InitAnswers): string => answers.domain ?? "the domain";

const QUESTIONS: Readonly<Record<AnswerKey, Question>> = {
  domain: { argument: "<domain>", help: "the custom domain, e.g. emails.example.com", prompt: () => "Custom domain for email assets (e.g. emails.example.com):" },
  workspace: {
    argument: "<workspace>",
    help: "the Intercom workspace subdomain: acme for acme.intercom-mail.com",
    prompt: () => "Intercom workspace subdomain (acme for acme.intercom-mail.com):",
  },
  region: {
    argument: "<region>",
    help: `the workspace's data hosting region: ${listed(REGIONS)}`,
    prompt: () => "Intercom data hosting region:",
    choices: (answers) => choices<Region>(REGIONS, Object.fromEntries(REGIONS.map((region) => [region, answers.workspace ? intercomHost(answers.workspace, region) : ""])) as Record<Region, string>),
  },
  edge: {
    argument: "<edge>",
    help: `what serves the domain: ${listed(EDGES)}`,
    prompt: (answers) => `What serves ${domainOf(answers)}:`,
    choices: () => choices<Edge>(EDGES, EDGE_NAMES),
  },
  zoneId: { argument: "<id>", help: "cloudflare: the zone that holds the domain (32 hex digits)", prompt: () => "Cloudflare zone id (32 hex digits, on the zone's Overview page):" },
  mode: {
    argument: "<mode>",
    help: `cloudflare: ${listed(CLOUDFLARE_MODES)} (default ${DEFAULTS.cloudflare.mode})`,
    prompt: () => "Cloudflare mode:",
    choices: () => choices<CloudflareMode>(CLOUDFLARE_MODES, MODE_NAMES),
    default: DEFAULTS.cloudflare.mode,
  },
  accountId: {
    argument: "<id>",
    help: "cloudflare, worker mode: the account that owns the Worker (32 hex digits)",
    prompt: () => "Cloudflare account id that owns the Worker (32 hex digits):",
    when: (answers) => answers.mode === "worker",
  },
  certificateArn: {
    argument: "<arn>",
    help: "cloudfront: an ACM certificate in us-east-1 (default: create and validate one)",
    prompt: () => "ACM certificate ARN in us-east-1 (leave empty to have one created and validated):",
    optional: true,
  },
  server: { argument: "<server>", help: `proxy: ${listed(PROXY_SERVERS)}`, prompt: () => "Proxy server:", choices: () => choices<ProxyServer>(PROXY_SERVERS, SERVER_NAMES) },
  certificateFile: { argument: "<path>", help: "proxy: absolute path on the proxy of the certificate chain (PEM)", prompt: () => "Path on the proxy of the certificate chain (PEM):" },
  certificateKeyFile: { argument: "<path>", help: "proxy: absolute path on the proxy of its private key (PEM)", prompt: () => "Path on the proxy of the private key (PEM):" },
  ipv4: {
    argument: "<address>",
    help: "proxy: its public IPv4 address (--ipv4, --ipv6 or both)",
    prompt: () => "The proxy's public IPv4 address (leave empty if it has IPv6 only):",
    optional: true,
  },
  ipv6: { argument: "<address>", help: "proxy: its public IPv6 address", prompt: () => "The proxy's public IPv6 address (leave empty for none):", optional: true },
  dns: {
    argument: "<dns>",
    help: `cloudfront, proxy: who holds the domain's DNS: ${listed(DNS_CHOICES)} (default ${DEFAULTS.cloudfront.dns})`,
    prompt: (answers) => `Who holds the DNS of ${domainOf(answers)}:`,
    choices: () => choices<DnsChoice>(DNS_CHOICES, DNS_NAMES),
    default: DEFAULTS.cloudfront.dns,
  },
  route53ZoneId: {
    argument: "<id>",
    help: "cloudfront, proxy with --dns route53: the hosted zone id (Z...)",
    prompt: () => "Route 53 hosted zone id (Z...):",
    when: (answers) => answers.dns === "route53",
  },
  cloudflareZoneId: {
    argument: "<id>",
    help: "cloudfront, proxy with --dns cloudflare: the zone id (32 hex digits)",
    prompt: () => "Cloudflare zone id for the DNS records (32 hex digits):",
    when: (answers) => answers.dns === "cloudflare",
  },
};

/** Adds init's flags to its command: one per question, then --out, --yes and --force. */
export function initOptions(command: Command): Command {
  for (const key of ANSWER_KEYS) command.option(`${flagOf(key)} ${QUESTIONS[key].argument}`, QUESTIONS[key].help);
  return command
    .option("--out <file>", `the file to write (default: ${DEFAULT_INIT_OUT} here; a .json name writes JSON)`)
    .option("-y, --yes", "never ask: take the answers from the flags and leave the rest at their defaults (also the case without a terminal)")
    .option("--force", "replace an existing --out file without asking");
}

/** The file to write, once it is known to be a file that may be written (or replaced, after asking). */
interface OutTarget {
  /** As the user gave it, for messages and the suggested commands. */
  readonly shown: string;
  /** Resolved against the working directory, not through links. */
  readonly requested: string;
  /** Where the bytes go: through a symlink to the file it names. */
  readonly path: string;
  /** The file being replaced; its mode is kept. */
  readonly existing?: Stats;
}

function outTarget(out: string): { readonly target: OutTarget } | { readonly problem: Problem } {
  const refuse = (message: string) => ({ problem: { path: "--out", message, received: out } });
  if (out.trim() === "") return refuse(`is empty; give the file to write, e.g. ${DEFAULT_INIT_OUT}`);
  if (out.endsWith("/")) return refuse(`ends in /, so it names a folder; give the file to write, e.g. ${join(out, DEFAULT_INIT_OUT)}`);
  const requested = resolve(out);
  const parent = dirname(requested);
  if (!existsSync(parent)) return refuse(`is in a folder that does not exist: ${parent}`);
  if (!statSync(parent).isDirectory()) return refuse(`is in ${parent}, which is not a folder`);
  if (!entryExists(requested)) return { target: { shown: out, requested, path: requested } };
  let stat: Stats;
  try {
    stat = statSync(requested);
  } catch {
    let link = "nowhere";
    try {
      link = readlinkSync(requested);
    } catch {
      // Not a link after all: say only that it leads nowhere.
    }
    return refuse(`is a symbolic link to ${link}, which leads nowhere; give the file to write`);
  }
  if (stat.isDirectory()) return refuse(`is a folder; give the file to write, e.g. ${join(out, DEFAULT_INIT_OUT)}`);
  if (!stat.isFile()) return refuse(`is ${specialKind(stat)}, not a file; give the file to write`);
  return { target: { shown: out, requested, path: realpathSync(requested), existing: stat } };
}

/** The flags' answers, each checked by the config's field parser and against the chosen edge. */
function answersFromFlags(options: InitOptions): { answers: InitAnswers; given: Set<AnswerKey>; bad: Set<AnswerKey>; problems: Problem[] } {
  const answers: InitAnswers = {};
  const given = new Set<AnswerKey>();
  const bad = new Set<AnswerKey>();
  const problems: Problem[] = [];
  // The edge first: it says which block (and so which parser) the other flags belong to.
  const keys: AnswerKey[] = ["edge", ...ANSWER_KEYS.filter((key) => key !== "edge")];
  const found: Partial<Record<AnswerKey, Problem>> = {};
  for (const key of keys) {
    const input = options[key];
    if (input === undefined) continue;
    given.add(key);
    const checked = checkAnswer(key, input, edgeOf(answers));
    const edges = edgesOf(key);
    const edge = edgeOf(answers);
    if (!checked.ok) found[key] = checked.problem;
    else if (edges.length > 0 && edge !== undefined && !edges.includes(edge)) {
      found[key] = { path: flagOf(key), message: `is only used with --edge ${edges.join(" or ")}, not with --edge ${edge}; leave it out or change --edge`, received: input };
    } else answers[key] = checked.value;
  }
  for (const key of ANSWER_KEYS) {
    const problem = found[key];
    if (problem === undefined) continue;
    bad.add(key);
    problems.push(problem);
  }
  return { answers, given, bad, problems };
}

/** For each edge, the edge-specific flags given that it does not take; the edge question offers only the edges without any. */
function edgeMisfits(given: ReadonlySet<AnswerKey>): Readonly<Record<Edge, readonly AnswerKey[]>> {
  const misfits = (edge: Edge) => [...given].filter((key) => edgesOf(key).length > 0 && !edgesOf(key).includes(edge));
  return { cloudflare: misfits("cloudflare"), cloudfront: misfits("cloudfront"), proxy: misfits("proxy") };
}

function applies(key: AnswerKey, answers: InitAnswers): boolean {
  const edges = edgesOf(key);
  const edge = edgeOf(answers);
  if (edges.length > 0 && (edge === undefined || !edges.includes(edge))) return false;
  return QUESTIONS[key].when?.(answers) ?? true;
}

/** The prompts and where they write. */
interface Asker {
  /** The prompt library, loaded on the first question (~50 ms that the other commands do not pay). */
  readonly prompts: () => typeof Prompts;
  readonly output: NodeJS.WritableStream;
}

function terminalAsker(): Asker {
  let loaded: typeof Prompts | undefined;
  return {
    prompts: () => (loaded ??= require("@inquirer/prompts") as typeof Prompts),
    output: process.stdout,
  };
}

async function askOne(asker: Asker, key: AnswerKey, answers: InitAnswers, misfits: Readonly<Record<Edge, readonly AnswerKey[]>>): Promise<string | undefined> {
  const question = QUESTIONS[key];
  const message = question.prompt(answers);
  if (question.choices !== undefined) {
    const offered = question.choices(answers).map((choice) => {
      const misfit = key === "edge" ? misfits[choice.value as Edge] : [];
      return misfit.length === 0 ? choice : { ...choice, disabled: `(not with ${misfit.map(flagOf).join(", ")})` };
    });
    return asker.prompts().select({ message, choices: offered, ...(question.default !== undefined && { default: question.default }) });
  }
  const edge = edgeOf(answers);
  const text = await asker.prompts().input({
    message,
    validate: (value) => {
      if (question.optional && value.trim() === "") return true;
      const checked = checkAnswer(key, value, edge);
      return checked.ok || `${checked.problem.message}; received ${formatReceived(value)}`;
    },
  });
  if (question.optional && text.trim() === "") return undefined;
  const checked = checkAnswer(key, text, edge);
  return checked.ok ? checked.value : undefined;
}

/** Why the questions stopped before the config was valid. */
class Stopped {
  constructor(
    readonly code: number,
    readonly problems: readonly Problem[],
    readonly line: string,
  ) {}
}

/**
 * Asks every question that applies and is not answered yet, checks the whole config with the
 * config's own validation, and asks again for the answers it finds wrong, until it is valid.
 * Returns the review of the valid answers (their spec and warnings).
 */
async function askAll(asker: Asker, answers: InitAnswers, given: ReadonlySet<AnswerKey>): Promise<Extract<AnswersReview, { ok: true }> | Stopped> {
  const asked = new Set<AnswerKey>(given);
  const notes = new Map<AnswerKey, Problem>();
  const misfits = edgeMisfits(given);
  let shownHost: string | undefined;
  for (;;) {
    let count = 0;
    for (const key of ANSWER_KEYS) {
      if (!asked.has(key) && applies(key, answers)) {
        asked.add(key);
        count += 1;
        const note = notes.get(key);
        if (note !== undefined) asker.output.write(`${formatProblem(note)}\n`);
        const value = await askOne(asker, key, answers, misfits);
        if (value !== undefined) answers[key] = value;
      }
      if (key === "region" && answers.workspace !== undefined && answers.region !== undefined) {
        const host = intercomHost(answers.workspace, answers.region as Region);
        if (host !== shownHost) asker.output.write(`Intercom host: ${host} (where ${domainOf(answers)} will send every request)\n`);
        shownHost = host;
      }
    }
    const review = reviewAnswers(answers);
    if (review.ok) return review;
    const fromFlags = review.problems.filter((found) => found.key !== undefined && given.has(found.key));
    if (fromFlags.length > 0) return new Stopped(EXIT_USAGE, fromFlags.map((found) => found.problem), "email-assets init: the flags do not fit the answers; nothing written");
    const unasked = review.problems.filter((found) => found.key === undefined);
    if (unasked.length > 0 || count === 0) {
      return new Stopped(EXIT_NOTHING_WRITTEN, review.problems.map((found) => found.problem), "email-assets init: the config is not valid; nothing written");
    }
    notes.clear();
    for (const { key, problem } of review.problems) {
      if (key === undefined) continue;
      asked.delete(key);
      delete answers[key];
      notes.set(key, problem);
    }
  }
}

function serialize(config: ReturnType<typeof initConfig>, json: boolean, host: string): string {
  if (json) return `${JSON.stringify(config, null, 2)}\n`;
  const yaml = require("yaml") as typeof Yaml;
  const [domain] = config.domains;
  return `# Written by email-assets init: ${String(domain.domain)} -> ${host}. Every key is described in the README, "The config".\n${yaml.stringify(config)}`;
}

/**
 * Writes `text` to the target atomically: a temporary file beside it, read back with the project's
 * own loader (what is renamed is what the loader accepted), then renamed over a file the user
 * agreed to replace, or linked to a new name (which fails if a file appeared there meanwhile).
 */
function writeConfig(target: OutTarget, text: string): { ok: true } | { ok: false; problems: readonly Problem[]; line: string } {
  // The same name after a prefix: the loader reads .json as JSON and anything else as YAML.
  const temporary = join(dirname(target.path), `.${process.pid}.${basename(target.path)}`);
  let created = false;
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    created = true;
    try {
      loadConfig({ configPath: temporary, env: {} });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return { ok: false, problems: error.problems, line: "email-assets init: the written config did not load back; this is a bug in email-assets-domain, please report it. Nothing written" };
    }
    if (target.existing !== undefined) {
      chmodSync(temporary, target.existing.mode & 0o7777);
      renameSync(temporary, target.path);
    } else {
      try {
        linkSync(temporary, target.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") {
          return { ok: false, problems: [], line: `email-assets init: ${target.shown} appeared while init ran; nothing written (run it again to be asked about replacing it)` };
        }
        // A file system without hard links: the name was free a moment ago.
        if (entryExists(target.path)) throw error;
        renameSync(temporary, target.path);
      }
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, problems: [], line: `email-assets init: cannot write ${target.shown}: ${(error as Error).message}; nothing written` };
  } finally {
    if (created) rmSync(temporary, { force: true });
  }
}

/** `--config FILE` for the suggested commands, unless they would find the written file by themselves. */
function configFlag(target: OutTarget): { flag: string; warning?: Problem } {
  let found: string | undefined;
  try {
    found = findConfigFile();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { flag: ` --config ${shellWord(target.shown)}`, ...(error.problems[0] !== undefined && { warning: error.problems[0] }) };
  }
  return { flag: found === target.requested ? "" : ` --config ${shellWord(target.shown)}` };
}

/** Ctrl+C at a prompt (no prompt is given an AbortSignal, so none ends with AbortPromptError). */
function isPromptExit(error: unknown): boolean {
  return error instanceof Error && error.name === "ExitPromptError";
}

/**
 * `email-assets init`: asks for a domain's settings (or takes them from flags), checks each answer
 * and then the whole config with the config's own validation, and writes a one-domain config.
 * Never replaces a file without asking (or --force).
 */
export async function initCommand(options: InitOptions): Promise<number> {
  const interactive = options.yes !== true && process.stdin.isTTY === true;
  const { answers, given, bad, problems } = answersFromFlags(options);
  const out = outTarget(options.out ?? DEFAULT_INIT_OUT);
  if ("problem" in out) problems.push(out.problem);

  if (!interactive) {
    const review = reviewAnswers(answers);
    const found = review.ok ? [] : review.problems.filter((one) => one.key === undefined || !bad.has(one.key));
    problems.push(...found.map((one) => one.problem));
    if ("target" in out && out.target.existing !== undefined && options.force !== true) {
      problems.push({ path: "--out", message: "exists; pass --force to replace it, or give another file", received: out.target.shown });
    }
    // A review that is not ok has problems of its own or of a bad flag, so problems is not empty then.
    if (problems.length > 0 || !review.ok || !("target" in out)) {
      reportProblems(problems, "error");
      const missing = found.filter((one) => one.missing && one.key !== undefined).map((one) => one.problem.path);
      say(`email-assets init: nothing written${missing.length > 0 ? `; give ${missing.join(", ")} (or run it in a terminal without --yes to be asked)` : ""}`);
      return EXIT_USAGE;
    }
    return writeAnswers(out.target, answers, review);
  }

  if (!given.has("edge") && !Object.values(edgeMisfits(given)).some((misfit) => misfit.length === 0)) {
    const blocks = [...given].filter((key) => edgesOf(key).length > 0).map(flagOf);
    problems.push({ path: "--edge", message: `no edge takes all of ${blocks.join(", ")}; leave out the flags of the edges you do not use`, received: undefined });
  }
  if (problems.length > 0 || !("target" in out)) {
    reportProblems(problems, "error");
    say("email-assets init: nothing written");
    return EXIT_USAGE;
  }
  const target = out.target;
  const asker = terminalAsker();
  try {
    if (target.existing !== undefined && options.force !== true) {
      const replace = await asker.prompts().confirm({ message: `${target.shown} exists. Replace it?`, default: false });
      if (!replace) {
        say(`email-assets init: kept ${target.shown}; nothing written`);
        return EXIT_NOTHING_WRITTEN;
      }
    }
    const asked = await askAll(asker, answers, given);
    if (asked instanceof Stopped) {
      reportProblems(asked.problems, "error");
      say(asked.line);
      return asked.code;
    }
    return writeAnswers(target, answers, asked);
  } catch (error) {
    if (!isPromptExit(error)) throw error;
    say("email-assets init: cancelled; nothing written");
    return EXIT_NOTHING_WRITTEN;
  }
}

/** Writes the answers' config (valid: `review` says so), then its warnings and the commands to run next. */
function writeAnswers(target: OutTarget, answers: InitAnswers, review: Extract<AnswersReview, { ok: true }>): number {
  const { spec } = review;
  const host = intercomHost(spec.workspace, spec.region);
  const written = writeConfig(target, serialize(initConfig(answers), target.path.endsWith(".json"), host));
  if (!written.ok) {
    reportProblems(written.problems, "error");
    say(written.line);
    return EXIT_NOTHING_WRITTEN;
  }
  reportProblems(review.warnings.map((found) => found.problem), "warning");
  const { flag, warning } = configFlag(target);
  if (warning !== undefined) reportProblems([warning], "warning");
  say(
    `wrote ${target.shown}: ${spec.domain}, edge ${spec.edge}, Intercom host ${host}. Next: email-assets validate${flag}, then email-assets synth${flag}; after deploying, email-assets verify --domain ${spec.domain}${flag}`,
  );
  return EXIT_OK;
}
