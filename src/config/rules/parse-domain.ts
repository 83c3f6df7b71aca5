import type { Edge, EmailAssetsDomainSpec } from "../shapes/domain-spec";
import { ADDRESS_RECORD_TYPES, EDGES } from "../shapes/domain-spec";
import { cloudflareAdoption, cloudFrontAdoption, parseAdopt, proxyAdoption, type AdoptContext, type NormalizedAdopt } from "./parse-adopt";
import { isRecord, parseFields, problemsOf, type ParsedFields } from "./parse-fields";
import { cloudflareSettings, cloudFrontSettings, DEFAULTS_PATH, proxySettings, missingField, type Refined } from "./edge-settings";
import { formatPath, type FieldPath, type Problem } from "../problems/problem";
import { ADOPT_KEY, schemas, type DomainFields } from "../shapes/schema";

/** One domain entry: its spec when it is valid, and every problem found in it. */
export interface ParsedDomain {
  readonly spec?: EmailAssetsDomainSpec;
  /** The normalized domain name whenever it is valid, even if the rest of the entry is not. */
  readonly domain?: string;
  /** The named stack the entry asks for, whenever it is valid, and where the name was written. */
  readonly stack?: { readonly name: string; readonly path: string };
  readonly problems: readonly Problem[];
  /** Keys of the entry that will do nothing as written (more warnings come from the whole config). */
  readonly warnings: readonly Problem[];
}

/** A domain's own fields, shared by every edge's spec. */
type SpecCommon = Pick<DomainFields, "domain" | "workspace" | "region" | "stack" | "retire">;

/** An edge block's problems, and how to complete the spec when the block is valid. */
interface EdgeBlock {
  readonly problems: readonly Problem[];
  /** What the edge's own rules found; nothing when the block is not a mapping (its one problem says so). */
  readonly ruleProblems: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** What the rules of `adopt` need from the block: the parts that parsed. */
  readonly adoptContext: AdoptContext;
  readonly spec?: (common: SpecCommon, adopt: NormalizedAdopt | undefined) => EmailAssetsDomainSpec;
}

/** Runs an edge's rules on its parsed block, unless the block is not a mapping at all. */
function refined<T>(block: ParsedFields<unknown>, refine: () => Refined<T>): Refined<T> {
  return block.isMapping ? refine() : { problems: [] };
}

/** An edge block as the domain gets it: its own keys over those of the same block in `defaults`. */
interface BlockSource {
  readonly raw: unknown;
  /** Where the block itself was written (for a problem with the block as a whole). */
  readonly at: FieldPath;
  /** Where a problem about a missing key of the block is reported: the domain's own block. */
  readonly requiredAt: FieldPath;
  readonly pathOf: (key: string) => FieldPath;
}

function edgeBlock(edge: Edge, source: BlockSource, domainAt: FieldPath, domain: string | undefined): EdgeBlock {
  const { raw, requiredAt, pathOf } = source;
  switch (edge) {
    case "cloudflare": {
      const block = parseFields(schemas().edgeBlocks.cloudflare, raw, source.at, { pathOf });
      const { value, problems, warnings = [] } = refined(block, () => cloudflareSettings(block, requiredAt));
      const adoptContext: AdoptContext = { edge, ...(block.fields.mode !== undefined && { mode: block.fields.mode }) };
      return {
        problems: problemsOf(block),
        ruleProblems: problems,
        warnings,
        adoptContext,
        ...(value && { spec: (common, adopt) => ({ ...common, edge, cloudflare: value, ...(adopt && { adopt: cloudflareAdoption(adopt) }) }) }),
      };
    }
    case "cloudfront": {
      const block = parseFields(schemas().edgeBlocks.cloudfront, raw, source.at, { pathOf });
      const { value, problems, warnings = [] } = refined(block, () => cloudFrontSettings(block, requiredAt, domainAt, domain));
      const adoptContext: AdoptContext = { edge, ...(block.fields.dns !== undefined && { dns: block.fields.dns }), certificateGiven: block.given.has("certificateArn") };
      return {
        problems: problemsOf(block),
        ruleProblems: problems,
        warnings,
        adoptContext,
        ...(value && { spec: (common, adopt) => ({ ...common, edge, cloudfront: value, ...(adopt && { adopt: cloudFrontAdoption(adopt) }) }) }),
      };
    }
    case "proxy": {
      const block = parseFields(schemas().edgeBlocks.proxy, raw, source.at, { pathOf });
      const { value, problems, warnings = [] } = refined(block, () => proxySettings(block, requiredAt));
      const addressTypes = ADDRESS_RECORD_TYPES.filter((type) => block.given.has(type === "A" ? "ipv4" : "ipv6"));
      const adoptContext: AdoptContext = { edge, ...(block.fields.dns !== undefined && { dns: block.fields.dns }), addressTypes };
      return {
        problems: problemsOf(block),
        ruleProblems: problems,
        warnings,
        adoptContext,
        ...(value && { spec: (common, adopt) => ({ ...common, edge, proxy: value, ...(adopt && { adopt: proxyAdoption(adopt) }) }) }),
      };
    }
  }
}

/** Path of a key that is either the entry's own or, failing that, the one in `defaults`. */
function sourcePath(own: unknown, ownAt: FieldPath, fallback: unknown, fallbackAt: FieldPath, key: string): FieldPath {
  if (isRecord(own) && Object.hasOwn(own, key)) return [...ownAt, key];
  if (isRecord(fallback) && Object.hasOwn(fallback, key)) return [...fallbackAt, key];
  return [...ownAt, key];
}

/** The block of `edge` as the domain gets it, or nothing when neither the entry nor `defaults` has one. */
function blockSource(edge: Edge, own: unknown, fallback: unknown, domainAt: FieldPath): BlockSource | undefined {
  const ownAt = [...domainAt, edge];
  const fallbackAt = [...DEFAULTS_PATH, edge];
  if (own === undefined && fallback === undefined) return undefined;
  const raw = own === undefined ? fallback : isRecord(own) && isRecord(fallback) ? withDefaults(own, fallback) : own;
  return {
    raw,
    at: own === undefined ? fallbackAt : ownAt,
    requiredAt: ownAt,
    pathOf: (key) => sourcePath(own, ownAt, fallback, fallbackAt, key),
  };
}

/**
 * An entry's keys over the defaults' keys. A key the entry sets to null takes nothing from
 * `defaults` (`stack: null` keeps a domain in a stack of its own; `certificateArn: null` asks for a
 * new certificate); null where `defaults` has no such key stays a value, and a wrong one.
 */
function withDefaults(own: Readonly<Record<string, unknown>>, fallback: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...fallback, ...own };
  for (const key of Object.keys(own)) {
    if (own[key] === null && Object.hasOwn(fallback, key)) delete merged[key];
  }
  return merged;
}


/**
 * Parses one entry of `domains`, with the config's `defaults` (a mapping, already checked on its
 * own) filling in what the entry does not set: its common keys, and the keys of the chosen edge's
 * block. A problem with a value from `defaults` is reported at its path there. Problems come in a
 * fixed order, as the one-object parse before the split gave them: the domain's own fields, each
 * edge block's fields (in EDGES order), unknown keys of the domain; then the rules between them:
 * the chosen edge's block missing, other edges' blocks that do not belong, and the chosen edge's
 * own rules.
 */
export function parseDomain(raw: unknown, index: number, defaults: Readonly<Record<string, unknown>> = {}): ParsedDomain {
  const at: FieldPath = ["domains", index];
  const commonDefaults = Object.fromEntries(Object.entries(defaults).filter(([key]) => !(EDGES as readonly string[]).includes(key)));
  const merged = isRecord(raw) ? withDefaults(raw, commonDefaults) : raw;
  const common = parseFields(schemas().domainFields, merged, at, {
    alsoAllowed: [ADOPT_KEY, ...EDGES],
    pathOf: (key) => sourcePath(raw, at, commonDefaults, DEFAULTS_PATH, key),
  });
  const record = isRecord(raw) ? raw : {};
  const chosen = common.fields.edge;
  const blocks = EDGES.flatMap((edge) => {
    // A block in `defaults` applies only to the domains of its edge.
    const source = blockSource(edge, record[edge], edge === chosen ? defaults[edge] : undefined, at);
    return source === undefined ? [] : [{ edge, block: edgeBlock(edge, source, at, common.fields.domain) }];
  });

  const own = blocks.find(({ edge }) => edge === chosen)?.block;
  const rawAdopt = isRecord(raw) ? raw[ADOPT_KEY] : undefined;
  const adopt =
    rawAdopt === undefined
      ? undefined
      : parseAdopt(rawAdopt, [...at, ADOPT_KEY], { ...(own?.adoptContext ?? {}), ...(chosen !== undefined && { edge: chosen }), retire: common.fields.retire === true });
  const problems: Problem[] = [
    ...common.fieldProblems,
    ...blocks.flatMap(({ block }) => block.problems),
    ...(adopt?.fieldProblems ?? []),
    ...common.unknownKeyProblems,
  ];
  if (chosen !== undefined && !blocks.some(({ edge }) => edge === chosen)) {
    problems.push(missingField([...at, chosen], `when edge is "${chosen}" (add a ${chosen}: block)`));
  }
  for (const { edge } of blocks) {
    if (chosen === undefined || edge === chosen) continue;
    problems.push({
      path: formatPath([...at, edge]),
      message: `does not belong to edge "${chosen}"; remove the block, or set edge: ${edge}`,
      received: record[edge],
    });
  }
  const { domain, stack } = common.fields;
  // A rule that fails on a value from `defaults` fails for this domain (with its own keys): say which.
  const forThisDomain = `for domains[${index}]${domain === undefined ? "" : `, ${domain}`}`;
  problems.push(
    ...(own?.ruleProblems ?? []).map((problem) =>
      problem.path.startsWith(`${formatPath(DEFAULTS_PATH)}.`) ? { ...problem, message: `${problem.message} (${forThisDomain})` } : problem,
    ),
    ...(adopt?.ruleProblems ?? []),
  );

  const spec = problems.length === 0 && common.complete && own?.spec ? own.spec(withoutAbsent(common.complete), adopt?.value) : undefined;
  return {
    ...(spec && { spec }),
    ...(domain !== undefined && { domain }),
    ...(stack !== undefined && { stack: { name: stack, path: formatPath(common.pathOf("stack")) } }),
    problems,
    warnings: own?.warnings ?? [],
  };
}

/** The common fields without the edge (the block says it), without an unset stack, and `retire` only when true. */
function withoutAbsent(fields: DomainFields): SpecCommon {
  const { domain, workspace, region, stack, retire } = fields;
  return { domain, workspace, region, ...(stack !== undefined && { stack }), ...(retire === true && { retire }) };
}
