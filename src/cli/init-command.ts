import type * as Prompts from "@inquirer/prompts";
import type { Command } from "commander";
import type * as Yaml from "yaml";
import type { Edge, Region } from "../config/shapes/domain-spec";
import { formatProblem, formatReceived, type Problem } from "../config/problems/problem";
import { intercomHost } from "../intercom/intercom-host";
import { ANSWER_KEYS, checkAnswer, edgeOf, edgesOf, flagOf, initConfig, reviewAnswers, type AnswerKey, type AnswersReview, type InitAnswers } from "./init-answers";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { reportProblems, say } from "./report";
import { domainOf, QUESTIONS } from "./init-questions";
import { configFlag, DEFAULT_INIT_OUT, outTarget, writeConfig, type OutTarget } from "./init-out-file";

/** Exit 1 means, for init, that nothing was written (declined, cancelled, or the write failed). */
const EXIT_NOTHING_WRITTEN = EXIT_INVALID;

export { DEFAULT_INIT_OUT };

export interface InitOptions extends InitAnswers {
  /** @default "email-assets.yaml" in the working directory */
  readonly out?: string;
  /** Never ask: the flags are all the answers. @default false (true without a terminal on stdin) */
  readonly yes?: boolean;
  /** Replace an existing `out` without asking. @default false */
  readonly force?: boolean;
}

/** Adds init's flags to its command: one per question, then --out, --yes and --force. */
export function initOptions(command: Command): Command {
  for (const key of ANSWER_KEYS) command.option(`${flagOf(key)} ${QUESTIONS[key].argument}`, QUESTIONS[key].help);
  return command
    .option("--out <file>", `the file to write (default: ${DEFAULT_INIT_OUT} here; a .json name writes JSON)`)
    .option("-y, --yes", "never ask: take the answers from the flags and leave the rest at their defaults (also the case without a terminal)")
    .option("--force", "replace an existing --out file without asking");
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
