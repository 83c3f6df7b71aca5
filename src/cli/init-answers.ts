import type { z } from "zod";
import { EDGES, type Edge, type EmailAssetsDomainSpec } from "../config/shapes/domain-spec";
import { formatPath, type Problem } from "../config/problems/problem";
import { schemas } from "../config/shapes/schema";
import { validateConfig } from "../config/rules/validate-config";
import { toProblems } from "../config/problems/zod-problems";

/**
 * What `email-assets init` asks for, in the order it asks: each is a key of the spec (common, or of
 * an edge block) and a flag named after it (`zoneId` → `--zone-id`). The order is also the order
 * of the keys in the written file.
 */
export const ANSWER_KEYS = [
  "domain",
  "workspace",
  "region",
  "edge",
  "zoneId",
  "mode",
  "accountId",
  "certificateArn",
  "server",
  "certificateFile",
  "certificateKeyFile",
  "ipv4",
  "ipv6",
  "dns",
  "route53ZoneId",
  "cloudflareZoneId",
] as const;
export type AnswerKey = (typeof ANSWER_KEYS)[number];

/** Answers so far, each normalized by the config's own field parser (as it will be written). */
export type InitAnswers = Partial<Record<AnswerKey, string>>;

const BOTH_DNS_EDGES: readonly Edge[] = ["cloudfront", "proxy"];

/** The edge blocks that hold each key; none for the common keys, which sit on the domain itself. */
const BLOCK_EDGES: Readonly<Record<AnswerKey, readonly Edge[]>> = {
  domain: [],
  workspace: [],
  region: [],
  edge: [],
  zoneId: ["cloudflare"],
  mode: ["cloudflare"],
  accountId: ["cloudflare"],
  certificateArn: ["cloudfront"],
  server: ["proxy"],
  certificateFile: ["proxy"],
  certificateKeyFile: ["proxy"],
  ipv4: ["proxy"],
  ipv6: ["proxy"],
  dns: BOTH_DNS_EDGES,
  route53ZoneId: BOTH_DNS_EDGES,
  cloudflareZoneId: BOTH_DNS_EDGES,
};

/** The edges whose block holds `key`; empty for a common key, which every edge takes. */
export function edgesOf(key: AnswerKey): readonly Edge[] {
  return BLOCK_EDGES[key];
}

/** The flag that answers `key`: `--zone-id` for `zoneId` (commander turns it back into `zoneId`). */
export function flagOf(key: AnswerKey): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** The chosen edge, once it is a valid answer. */
export function edgeOf(answers: InitAnswers): Edge | undefined {
  return EDGES.find((edge) => edge === answers.edge);
}

/** The config's own parser of one field: the same code that reads the field from a config file. */
function fieldParser(key: AnswerKey, edge: Edge | undefined): z.ZodTypeAny {
  const { domainFields, edgeBlocks } = schemas();
  const edges = BLOCK_EDGES[key];
  if (edges.length === 0) return (domainFields.shape as Record<string, z.ZodTypeAny>)[key];
  const block = edge !== undefined && edges.includes(edge) ? edge : edges[0];
  return (edgeBlocks[block].shape as Record<string, z.ZodTypeAny>)[key];
}

/** One answer checked: its normalized value, or the problem, as a `<flag>: <problem>` line shows it. */
export type CheckedAnswer = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: Problem };

/** Checks and normalizes one answer with the config's field parser (`EU` → `eu`, `Emails.Example.com` → `emails.example.com`). */
export function checkAnswer(key: AnswerKey, input: string, edge?: Edge): CheckedAnswer {
  const result = fieldParser(key, edge).safeParse(input);
  if (result.success) return { ok: true, value: String(result.data) };
  const message = toProblems(result.error.issues, input, [])[0]?.message ?? "is not valid";
  return { ok: false, problem: { path: flagOf(key), message, received: input } };
}

/**
 * The config the answers make: `{ domains: [ <spec> ] }` with the answered keys only (defaults are
 * left to the config), and the chosen edge's block, which the config requires even when empty.
 */
export function initConfig(answers: InitAnswers): { domains: [Record<string, unknown>] } {
  const entry: Record<string, unknown> = {};
  const edge = edgeOf(answers);
  const block: Record<string, unknown> = {};
  for (const key of ANSWER_KEYS) {
    const value = answers[key];
    if (value === undefined) continue;
    const edges = BLOCK_EDGES[key];
    if (edges.length === 0) entry[key] = value;
    else if (edge !== undefined && edges.includes(edge)) block[key] = value;
  }
  if (edge !== undefined) entry[edge] = block;
  return { domains: [entry] };
}

/** A problem (or warning) of the assembled config, tied to the answer it is about when there is one. */
export interface AnswerProblem {
  /** The answer to change; absent when the problem is not about one answer. */
  readonly key?: AnswerKey;
  /** Its path is the answer's flag (`--zone-id`), or the config path when there is no answer to name. */
  readonly problem: Problem;
  /** True when the answer is missing (the config says it is required). */
  readonly missing: boolean;
}

/** Where each answer sits in the config the answers make: `domains[0].cloudflare.zoneId` → `zoneId`. */
function answerPaths(edge: Edge | undefined): Map<string, AnswerKey> {
  const paths = new Map<string, AnswerKey>();
  for (const key of ANSWER_KEYS) {
    const edges = BLOCK_EDGES[key];
    if (edges.length === 0) paths.set(formatPath(["domains", 0, key]), key);
    else if (edge !== undefined && edges.includes(edge)) paths.set(formatPath(["domains", 0, edge, key]), key);
  }
  return paths;
}

/** Each problem tied to its answer; a value the answers left to the config's default is named as such, not as a flag given. */
function byAnswer(problems: readonly Problem[], paths: ReadonlyMap<string, AnswerKey>, answers: InitAnswers): AnswerProblem[] {
  return problems.map((problem) => {
    const key = paths.get(problem.path);
    const missing = problem.received === undefined;
    if (key === undefined) return { problem, missing };
    const defaulted = !missing && answers[key] === undefined;
    return { key, problem: { ...problem, path: defaulted ? `${flagOf(key)} (not given, so the default)` : flagOf(key) }, missing };
  });
}

/** What the config's own validation says of the answers: the valid spec, or the problems; the warnings either way. */
export type AnswersReview =
  | { readonly ok: true; readonly spec: EmailAssetsDomainSpec; readonly warnings: readonly AnswerProblem[] }
  | { readonly ok: false; readonly problems: readonly AnswerProblem[]; readonly warnings: readonly AnswerProblem[] };

/** The answers' config, checked by the config's own validation: its spec, or its problems by answer; its warnings by answer. */
export function reviewAnswers(answers: InitAnswers): AnswersReview {
  const result = validateConfig(initConfig(answers));
  const paths = answerPaths(edgeOf(answers));
  const warnings = byAnswer(result.warnings, paths, answers);
  const [spec] = result.specs;
  return result.problems.length === 0 && spec !== undefined ? { ok: true, spec, warnings } : { ok: false, problems: byAnswer(result.problems, paths, answers), warnings };
}
