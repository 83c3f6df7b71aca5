import type {
  CloudflareModeSettings,
  CloudflareSettings,
  CloudFrontSettings,
  DnsTarget,
  Edge,
  EmailAssetsDomainSpec,
  ProxyAddresses,
  ProxySettings,
} from "./domain-spec";
import { ADDRESS_RECORD_TYPES, EDGES, type DnsChoice } from "./domain-spec";
import { cloudflareAdoption, cloudFrontAdoption, parseAdopt, proxyAdoption, type AdoptContext, type NormalizedAdopt } from "./parse-adopt";
import { isRecord, parseFields, problemsOf, type ParsedFields } from "./parse-fields";
import { ACM_MAX_DOMAIN_LENGTH } from "../facts/aws-facts";
import { formatPath, type FieldPath, type Problem } from "./problem";
import {
  ADOPT_KEY,
  schemas,
  type CloudflareFields,
  type CloudFrontFields,
  type DomainFields,
  type ProxyFields,
} from "./schema";

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

/** A rule's finding: the value it could build (absent where a field is missing or bad) and its problems. */
interface Refined<T> {
  readonly value?: T;
  readonly problems: readonly Problem[];
  readonly warnings?: readonly Problem[];
}

function required(path: FieldPath, why: string): Problem {
  return { path: formatPath(path), message: `is required ${why}`, received: undefined };
}

/** Whether the value of `key` comes from the config's `defaults` rather than the entry itself. */
function inherited(block: ParsedFields<unknown>, key: string): boolean {
  return block.pathOf(key)[0] === DEFAULTS_PATH[0];
}

const STANDARD_HTTP_PORT = 80;
const STANDARD_HTTPS_PORT = 443;

const DNS_ZONE_KEYS = { route53: "route53ZoneId", cloudflare: "cloudflareZoneId" } as const;
const DNS_ZONE_HINTS = {
  route53: "the hosted zone that holds the domain, Z...",
  cloudflare: "the Cloudflare zone that holds the domain, 32 hex digits",
} as const;

/** `dns: route53` needs `route53ZoneId`, `dns: cloudflare` needs `cloudflareZoneId`, and neither is used otherwise. */
function dnsTarget(
  block: ParsedFields<{ dns: DnsChoice; route53ZoneId?: string; cloudflareZoneId?: string }>,
  at: FieldPath,
): Refined<DnsTarget> {
  const { dns, route53ZoneId, cloudflareZoneId } = block.fields;
  const problems: Problem[] = [];
  if (dns === undefined) return { problems };
  for (const [choice, key] of Object.entries(DNS_ZONE_KEYS) as [keyof typeof DNS_ZONE_KEYS, (typeof DNS_ZONE_KEYS)[keyof typeof DNS_ZONE_KEYS]][]) {
    if (dns === choice && !block.given.has(key)) {
      problems.push(required([...at, key], `when dns is "${choice}" (${DNS_ZONE_HINTS[choice]})`));
    }
    // A zone id from `defaults` is there for the domains that use that DNS; the others leave it.
    if (dns !== choice && block.given.has(key) && !inherited(block, key)) {
      problems.push({
        path: formatPath(block.pathOf(key)),
        message: `is only used with dns: ${choice}, but dns is "${dns}"; remove it or set dns: ${choice}`,
        received: block.raw[key],
      });
    }
  }
  switch (dns) {
    case "external":
      return { value: { kind: "external" }, problems };
    case "route53":
      return { ...(route53ZoneId !== undefined && { value: { kind: "route53", zoneId: route53ZoneId } }), problems };
    case "cloudflare":
      return { ...(cloudflareZoneId !== undefined && { value: { kind: "cloudflare", zoneId: cloudflareZoneId } }), problems };
  }
}

function cloudflareSettings(block: ParsedFields<CloudflareFields>, at: FieldPath): Refined<CloudflareSettings> {
  const problems: Problem[] = [];
  const { mode, accountId } = block.fields;
  let modeSettings: CloudflareModeSettings | undefined;
  switch (mode) {
    case undefined:
      break;
    case "page-rules":
    case "rulesets":
      modeSettings = { mode };
      break;
    case "worker":
      if (accountId !== undefined) modeSettings = { mode, accountId };
      else if (!block.given.has("accountId")) problems.push(required([...at, "accountId"], 'when mode is "worker" (the account that owns the Worker, 32 hex digits)'));
      break;
  }
  const warnings: Problem[] = [];
  if (accountId !== undefined && mode !== undefined && mode !== "worker" && !inherited(block, "accountId")) {
    warnings.push({ path: formatPath(block.pathOf("accountId")), message: `is only used in worker mode; mode is "${mode}"`, received: accountId });
  }
  const whole = block.complete;
  if (whole === undefined || modeSettings === undefined) return { problems, warnings };
  const { zoneId, sslScope, existingRulesets } = whole;
  return { value: { ...modeSettings, zoneId, sslScope, existingRulesets }, problems, warnings };
}

function cloudFrontSettings(block: ParsedFields<CloudFrontFields>, at: FieldPath, domainAt: FieldPath, domain: string | undefined): Refined<CloudFrontSettings> {
  const dns = dnsTarget(block, at);
  if (domain !== undefined && domain.length > ACM_MAX_DOMAIN_LENGTH && !block.given.has("certificateArn")) {
    const problem: Problem = {
      path: formatPath([...domainAt, "domain"]),
      message: `is ${domain.length} characters, but an ACM certificate's domain name holds at most ${ACM_MAX_DOMAIN_LENGTH}, so no certificate can be created for it; give cloudfront.certificateArn (a certificate whose name covers it, such as a wildcard for its parent), or use a shorter domain`,
      received: domain,
    };
    return { problems: [...dns.problems, problem] };
  }
  const whole = block.complete;
  if (whole === undefined || dns.value === undefined) return { problems: dns.problems };
  const { dns: _choice, route53ZoneId: _route53, cloudflareZoneId: _cloudflare, ...settings } = whole;
  return { value: { ...settings, dns: dns.value }, problems: dns.problems };
}

/** The proxy needs an address for its DNS record, and its two ports must differ. */
function proxySettings(block: ParsedFields<ProxyFields>, at: FieldPath): Refined<ProxySettings> {
  const dns = dnsTarget(block, at);
  const problems = [...dns.problems];
  const { ipv4, ipv6, httpsPort, httpPort } = block.fields;
  if (!block.given.has("ipv4") && !block.given.has("ipv6")) {
    problems.push(required([...at, "ipv4"], "(or ipv6): the proxy's public address, which the custom domain's A (or AAAA) record points at"));
  }
  // The standard ports swapped would serve plain HTTP on 443 and TLS on 80: every link would break.
  if (httpsPort === STANDARD_HTTP_PORT && httpPort !== STANDARD_HTTP_PORT) {
    problems.push({
      path: formatPath(block.pathOf("httpsPort")),
      message: `is ${STANDARD_HTTP_PORT}, the port of plain http:// links; serve HTTPS on ${STANDARD_HTTPS_PORT} (or another port)`,
      received: httpsPort,
    });
  }
  if (httpPort === STANDARD_HTTPS_PORT && httpsPort !== STANDARD_HTTPS_PORT) {
    problems.push({
      path: formatPath(block.pathOf("httpPort")),
      message: `is ${STANDARD_HTTPS_PORT}, the port of https:// links; serve the redirect on ${STANDARD_HTTP_PORT} (or another port)`,
      received: httpPort,
    });
  }
  if (httpsPort !== undefined && httpsPort === httpPort) {
    problems.push({
      path: formatPath(block.pathOf("httpPort")),
      message: `must differ from httpsPort (${httpsPort}): one port cannot serve both the redirect and HTTPS`,
      received: block.given.has("httpPort") ? httpPort : undefined,
    });
  }
  const warnings: Problem[] = [];
  if (block.fields.server === "apache" && block.given.has("resolvers") && !inherited(block, "resolvers")) {
    warnings.push({
      path: formatPath(block.pathOf("resolvers")),
      message: "is used by nginx only; Apache looks the Intercom host up through the system resolver",
      received: block.fields.resolvers,
    });
  }
  const addresses: ProxyAddresses | undefined =
    ipv4 !== undefined ? { ipv4, ...(ipv6 !== undefined ? { ipv6 } : {}) } : ipv6 !== undefined ? { ipv6 } : undefined;
  const whole = block.complete;
  if (whole === undefined || dns.value === undefined || addresses === undefined) return { problems, warnings };
  const { dns: _choice, route53ZoneId: _route53, cloudflareZoneId: _cloudflare, ipv4: _v4, ipv6: _v6, ...settings } = whole;
  return { value: { ...settings, ...addresses, dns: dns.value }, problems, warnings };
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

/** The path of the config's `defaults` block. */
export const DEFAULTS_PATH: FieldPath = ["defaults"];

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
    problems.push(required([...at, chosen], `when edge is "${chosen}" (add a ${chosen}: block)`));
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
