import type { z } from "zod";
import { stackId } from "../plan/stack-id";
import { didYouMean } from "./did-you-mean";
import { isIP } from "node:net";
import { normalizeCustomDomain, subdomainDepth } from "./domain-name";
import { isPrivateAddress } from "./proxy-values";
import { ConfigError, formatPath, type Problem } from "./problem";
import { configSchema, domainSchema, FIELD_HINTS, knownKeysAt, withoutExtensionKeys } from "./schema";
import {
  DNS_CHOICES,
  EDGES,
  type Edge,
  type EmailAssetsDomainSpec,
  type ProxySettings,
} from "./types";

/** Cloudflare includes at most this many page rules per zone, on the Enterprise plan. */
export const ENTERPRISE_PAGE_RULES_PER_ZONE = 125;
/** Page rules one domain uses in page-rules mode. */
export const PAGE_RULES_PER_DOMAIN = 2;

export interface ValidationResult {
  /** The valid, normalized specs, in config order. Empty when there is any problem. */
  readonly specs: readonly EmailAssetsDomainSpec[];
  /** Every problem found; the config is usable only when this is empty. */
  readonly problems: readonly Problem[];
  /** Things that will work but that the user should know about. */
  readonly warnings: readonly Problem[];
}

type Path = readonly PropertyKey[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function typeProblem(expected: string, received: unknown, key: PropertyKey | undefined): string {
  if (received === undefined) {
    const hint = typeof key === "string" ? FIELD_HINTS[key] : undefined;
    return hint ? `is required (${hint})` : "is required";
  }
  switch (expected) {
    case "object":
      return "must be a mapping of keys to values";
    case "array":
      return "must be a list";
    case "string":
      // YAML reads unquoted digits (an id such as 1111...1111) as a number and rounds it.
      return typeof received === "number" ? "must be a string; put it in quotes" : "must be a string";
    case "integer":
    case "number":
      return "must be a whole number";
    case "boolean":
      return "must be true or false";
    default:
      return `must be of type ${expected}`;
  }
}

/** Allowed ranges of numeric fields, for a message that names both ends. */
const NUMBER_RANGES: Readonly<Record<string, string>> = {
  httpsPort: "must be a port number between 1 and 65535",
  httpPort: "must be a port number between 1 and 65535",
  originAddressTtl: "must be between 1 and 86400 seconds",
};

function rangeProblem(issue: z.ZodTooSmallIssue | z.ZodTooBigIssue, key: PropertyKey | undefined): string {
  const small = issue.code === "too_small";
  const bound = small ? (issue as z.ZodTooSmallIssue).minimum : (issue as z.ZodTooBigIssue).maximum;
  if (issue.type === "array") {
    if (key === "domains") return "must list at least one domain";
    if (key === "resolvers") return "must list 1 to 8 DNS servers (IP addresses)";
    return small ? `must list at least ${String(bound)}` : `must list at most ${String(bound)}`;
  }
  if (issue.type === "number") {
    const range = typeof key === "string" ? NUMBER_RANGES[key] : undefined;
    return range ?? (small ? `must be at least ${String(bound)}` : `must be at most ${String(bound)}`);
  }
  return issue.message ?? "is out of range";
}

/** Zod issues (relative to `prefix` in `root`) to the project's field-path problems. */
function toProblems(issues: readonly z.ZodIssue[], root: unknown, prefix: Path): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const key = issue.path[issue.path.length - 1];
    const received = valueAt(root, issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const unknown of issue.keys) {
          const known = knownKeysAt(path);
          const hint = didYouMean(unknown, known) || (known.length > 0 ? ` (known keys: ${known.join(", ")})` : "");
          problems.push({
            path: formatPath([...path, unknown]),
            message: `unknown key${hint}; remove it or fix its name`,
            received: valueAt(root, [...issue.path, unknown]),
          });
        }
        break;
      case "invalid_type":
        problems.push({ path: formatPath(path), message: typeProblem(issue.expected, received, key), received });
        break;
      case "invalid_enum_value": {
        if (received === undefined) {
          problems.push({ path: formatPath(path), message: typeProblem("", received, key), received });
          break;
        }
        const values = issue.options.map(String);
        const hint = typeof received === "string" ? didYouMean(received.trim(), values) : "";
        problems.push({ path: formatPath(path), message: `must be one of ${values.join(", ")}${hint}`, received });
        break;
      }
      case "too_small":
      case "too_big":
        problems.push({ path: formatPath(path), message: rangeProblem(issue, key), received });
        break;
      default:
        problems.push({ path: formatPath(path), message: issue.message, received });
    }
  }
  return problems;
}

function lowerString(value: unknown): string | undefined {
  return typeof value === "string" ? value.trim().toLowerCase() : undefined;
}

/** Rules that tie fields of one domain together: the edge, its block, and what is built. */
function crossFieldProblems(raw: Record<string, unknown>, prefix: Path): Problem[] {
  const problems: Problem[] = [];
  const edge = lowerString(raw.edge);
  if (edge === undefined || !(EDGES as readonly string[]).includes(edge)) return problems;
  const chosen = edge as Edge;

  if (raw[chosen] === undefined) {
    problems.push({
      path: formatPath([...prefix, chosen]),
      message: `is required when edge is "${chosen}" (add a ${chosen}: block)`,
      received: undefined,
    });
  }
  for (const other of EDGES) {
    if (other !== chosen && raw[other] !== undefined) {
      problems.push({
        path: formatPath([...prefix, other]),
        message: `does not belong to edge "${chosen}"; remove the block, or set edge: ${other}`,
        received: raw[other],
      });
    }
  }

  if (chosen === "cloudfront" && isRecord(raw.cloudfront)) problems.push(...dnsZoneProblems(raw.cloudfront, [...prefix, "cloudfront"]));
  if (chosen === "proxy" && isRecord(raw.proxy)) problems.push(...proxyProblems(raw.proxy, [...prefix, "proxy"]));

  const block = raw.cloudflare;
  if (chosen === "cloudflare" && isRecord(block) && lowerString(block.mode) === "worker" && block.accountId === undefined) {
    problems.push({
      path: formatPath([...prefix, "cloudflare", "accountId"]),
      message: 'is required when mode is "worker" (the account that owns the Worker, 32 hex digits)',
      received: undefined,
    });
  }
  return problems;
}

const ZONE_KEY_FOR_DNS: Readonly<Record<string, string>> = { route53: "route53ZoneId", cloudflare: "cloudflareZoneId" };

/** `dns: route53` needs `route53ZoneId`, `dns: cloudflare` needs `cloudflareZoneId`, and neither is used otherwise. */
export function dnsZoneProblems(block: Record<string, unknown>, prefix: Path): Problem[] {
  const problems: Problem[] = [];
  const dns = lowerString(block.dns) ?? "external";
  if (!(DNS_CHOICES as readonly string[]).includes(dns)) return problems;
  for (const [choice, key] of Object.entries(ZONE_KEY_FOR_DNS)) {
    if (dns === choice && block[key] === undefined) {
      problems.push({
        path: formatPath([...prefix, key]),
        message: `is required when dns is "${choice}" (${choice === "route53" ? "the hosted zone that holds the domain, Z..." : "the Cloudflare zone that holds the domain, 32 hex digits"})`,
        received: undefined,
      });
    }
    if (dns !== choice && block[key] !== undefined) {
      problems.push({
        path: formatPath([...prefix, key]),
        message: `is only used with dns: ${choice}, but dns is "${dns}"; remove it or set dns: ${choice}`,
        received: block[key],
      });
    }
  }
  return problems;
}

/** The proxy needs an address for its DNS record, and its two ports must differ. */
function proxyProblems(block: Record<string, unknown>, prefix: Path): Problem[] {
  const problems = dnsZoneProblems(block, prefix);
  if (block.ipv4 === undefined && block.ipv6 === undefined) {
    problems.push({
      path: formatPath([...prefix, "ipv4"]),
      message: "is required (or ipv6): the proxy's public address, which the custom domain's A (or AAAA) record points at",
      received: undefined,
    });
  }
  const https = block.httpsPort ?? 443;
  const http = block.httpPort ?? 80;
  if (https === http) {
    problems.push({
      path: formatPath([...prefix, "httpPort"]),
      message: `must differ from httpsPort (${String(https)}): one port cannot serve both the redirect and HTTPS`,
      received: block.httpPort,
    });
  }
  return problems;
}

function parseDomain(raw: unknown, index: number): { spec?: EmailAssetsDomainSpec; problems: Problem[] } {
  const prefix: Path = ["domains", index];
  const parsed = domainSchema.safeParse(raw);
  const problems = parsed.success ? [] : toProblems(parsed.error.issues, raw, prefix);
  if (isRecord(raw)) problems.push(...crossFieldProblems(raw, prefix));
  if (problems.length > 0 || !parsed.success) return { problems };

  const { domain, workspace, region, edge, cloudflare, cloudfront, proxy } = parsed.data;
  const common = { domain, workspace, region };
  // The cross-field checks above guarantee that the chosen edge's block is present.
  if (edge === "proxy" && proxy) return { spec: { ...common, edge, proxy }, problems };
  if (edge === "cloudfront" && cloudfront) return { spec: { ...common, edge, cloudfront }, problems };
  if (edge === "cloudflare" && cloudflare) {
    const { mirage: _retired, ...settings } = cloudflare;
    return { spec: { ...common, edge, cloudflare: settings }, problems };
  }
  throw new Error(`edge "${edge}" passed validation without a builder`);
}

/** Domains of one zone must agree on the zone's existing entry-point rulesets. */
function zoneRulesetProblems(specs: readonly (EmailAssetsDomainSpec | undefined)[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, { index: number; id: string }>();
  specs.forEach((spec, index) => {
    if (spec?.edge !== "cloudflare") return;
    for (const [phase, id] of Object.entries(spec.cloudflare.existingRulesets)) {
      const key = `${spec.cloudflare.zoneId}/${phase}`;
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, { index, id });
      } else if (earlier.id !== id) {
        problems.push({
          path: formatPath(["domains", index, "cloudflare", "existingRulesets", phase]),
          message: `differs from domains[${earlier.index}] (${earlier.id}) for the same zone; a zone has one ${phase} entry point, so give one id (or give it once)`,
          received: id,
        });
      }
    }
  });
  return problems;
}

/** The entry's domain, normalized, when it is a valid one (whatever else is wrong with the entry). */
function normalizedDomainOf(raw: unknown): string | undefined {
  if (!isRecord(raw) || typeof raw.domain !== "string") return undefined;
  const result = normalizeCustomDomain(raw.domain);
  return result.ok ? result.value : undefined;
}

/**
 * Problems between domains: the same domain twice, or two domains that map to one stack id.
 * Checked on every valid domain name, even in entries with other problems, so all show at once.
 */
function collisionProblems(domains: readonly (string | undefined)[]): Problem[] {
  const problems: Problem[] = [];
  const byDomain = new Map<string, number>();
  const byStack = new Map<string, number>();
  domains.forEach((domain, index) => {
    if (domain === undefined) return;
    const path = formatPath(["domains", index, "domain"]);
    const sameDomain = byDomain.get(domain);
    const id = stackId(domain);
    const sameStack = byStack.get(id);
    if (sameDomain !== undefined) {
      problems.push({
        path,
        message: `is already configured in domains[${sameDomain}]; list each domain once`,
        received: domain,
      });
    } else if (sameStack !== undefined) {
      problems.push({
        path,
        message: `maps to stack id "${id}", as domains[${sameStack}] (${domains[sameStack]}) does; two stacks cannot share an id, so configure only one of them`,
        received: domain,
      });
    }
    if (sameDomain === undefined) byDomain.set(domain, index);
    if (sameStack === undefined) byStack.set(id, index);
  });
  return problems;
}

/**
 * Published addresses the proxy will not answer on, addresses the Internet cannot reach, an Apache
 * listen address that collides with ports.conf, and nginx-only settings given for Apache.
 */
function proxyWarnings(proxy: ProxySettings, prefix: Path, resolversGiven: boolean): Problem[] {
  const warnings: Problem[] = [];
  if (proxy.server === "apache") {
    if (resolversGiven) {
      warnings.push({
        path: formatPath([...prefix, "resolvers"]),
        message: "is used by nginx only; Apache looks the Intercom host up through the system resolver",
        received: proxy.resolvers,
      });
    }
    const standard = [proxy.httpPort === 80 ? 80 : undefined, proxy.httpsPort === 443 ? 443 : undefined].filter((p) => p !== undefined);
    if (proxy.listenAddress !== undefined && standard.length > 0) {
      warnings.push({
        path: formatPath([...prefix, "listenAddress"]),
        message: `on port ${standard.join(" and ")} overlaps the wildcard Listen ${standard.join("/")} of Debian's ports.conf, and Apache then fails to start (apache2 -t does not notice); change those lines in ports.conf to addresses too`,
        received: proxy.listenAddress,
      });
    }
  }
  const listenFamily = proxy.listenAddress === undefined ? 0 : isIP(proxy.listenAddress);
  for (const [key, family] of [["ipv4", 4], ["ipv6", 6]] as const) {
    const address = proxy[key];
    if (address === undefined) continue;
    if (listenFamily !== 0 && listenFamily !== family) {
      warnings.push({
        path: formatPath([...prefix, key]),
        message: `is published in DNS, but the proxy listens only on ${proxy.listenAddress} (IPv${listenFamily}); clients using IPv${family} would not reach it unless a NAT or load balancer forwards them`,
        received: address,
      });
    }
    if (isPrivateAddress(address)) {
      warnings.push({
        path: formatPath([...prefix, key]),
        message: "is a private address: recipients' mail clients on the Internet cannot reach it; publish the proxy's public address",
        received: address,
      });
    }
  }
  return warnings;
}

/** Settings that do nothing in the chosen mode, or for a phase this zone does not use. */
function ignoredCloudflareSettings(
  spec: Extract<EmailAssetsDomainSpec, { edge: "cloudflare" }>,
  index: number,
  specs: readonly EmailAssetsDomainSpec[],
): Problem[] {
  const warnings: Problem[] = [];
  const prefix: Path = ["domains", index, "cloudflare"];
  const { mode, accountId, existingRulesets, zoneId } = spec.cloudflare;
  if (accountId !== undefined && mode !== "worker") {
    warnings.push({ path: formatPath([...prefix, "accountId"]), message: `is only used in worker mode; mode is "${mode}"`, received: accountId });
  }
  const zoneModes = new Set(specs.flatMap((s) => (s.edge === "cloudflare" && s.cloudflare.zoneId === zoneId ? [s.cloudflare.mode] : [])));
  for (const [phase, id] of Object.entries(existingRulesets)) {
    const used = phase === "http_config_settings" ? zoneModes.has("rulesets") || zoneModes.has("worker") : zoneModes.has("rulesets");
    if (!used) {
      warnings.push({
        path: formatPath([...prefix, "existingRulesets", phase]),
        message: `is ignored: no domain of this zone needs the ${phase} phase in its mode (rulesets${phase === "http_config_settings" ? " or worker" : ""})`,
        received: id,
      });
    }
  }
  return warnings;
}

function warningsFor(specs: readonly EmailAssetsDomainSpec[], rawDomains: readonly unknown[]): Problem[] {
  const warnings: Problem[] = [];
  const rulesPerZone = new Map<string, number>();
  specs.forEach((spec, index) => {
    if (spec.edge === "cloudfront" && spec.cloudfront.dns === "external" && spec.cloudfront.certificateArn === undefined) {
      warnings.push({
        path: formatPath(["domains", index, "cloudfront", "dns"]),
        message:
          "is external and a certificate will be created: the first apply waits until you create the certificate's validation record; apply the certificate first (terraform apply -target=aws_acm_certificate.certificate), create the records that `terraform output` shows, then apply the rest",
        received: spec.cloudfront.dns,
      });
    }
    if (spec.edge === "proxy") {
      const raw = rawDomains[index];
      const resolversGiven = isRecord(raw) && isRecord(raw.proxy) && raw.proxy.resolvers !== undefined;
      warnings.push(...proxyWarnings(spec.proxy, ["domains", index, "proxy"], resolversGiven));
    }
    if (spec.edge === "cloudflare") warnings.push(...ignoredCloudflareSettings(spec, index, specs));
    if (spec.edge !== "cloudflare") return;
    if (subdomainDepth(spec.domain) > 1) {
      warnings.push({
        path: formatPath(["domains", index, "domain"]),
        message:
          "is more than one level below its registered domain; Cloudflare's Universal SSL certificate covers only a zone's apex and first-level subdomains, so unless the parent is a zone of its own, order an Advanced certificate (or enable Total TLS) for it",
        received: spec.domain,
      });
    }
    if (spec.cloudflare.mode === "page-rules") {
      const count = (rulesPerZone.get(spec.cloudflare.zoneId) ?? 0) + PAGE_RULES_PER_DOMAIN;
      rulesPerZone.set(spec.cloudflare.zoneId, count);
      if (count > ENTERPRISE_PAGE_RULES_PER_ZONE && count - PAGE_RULES_PER_DOMAIN <= ENTERPRISE_PAGE_RULES_PER_ZONE) {
        warnings.push({
          path: formatPath(["domains", index, "cloudflare", "zoneId"]),
          message: `needs more than ${ENTERPRISE_PAGE_RULES_PER_ZONE} page rules in this zone (${PAGE_RULES_PER_DOMAIN} per domain), the Enterprise plan's default quota; ask Cloudflare for more or split the domains across zones`,
          received: spec.cloudflare.zoneId,
        });
      }
    }
  });
  return warnings;
}

/** One problem per field: the first found says what to fix; a second about the same value adds noise. */
function firstPerField(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.path) && seen.add(problem.path));
}

/**
 * Validates and normalizes a config object (`{ domains: [...] }`, as read from YAML/JSON or written
 * in TypeScript). Never throws; every problem is reported at once.
 */
export function validateConfig(config: unknown): ValidationResult {
  const input = withoutExtensionKeys(config);
  const top = configSchema.safeParse(input);
  const problems: Problem[] = top.success ? [] : toProblems(top.error.issues, input, []);
  const rawDomains = isRecord(input) && Array.isArray(input.domains) ? input.domains : [];

  const parsed = rawDomains.map((raw, index) => parseDomain(raw, index));
  for (const result of parsed) problems.push(...result.problems);
  const maybeSpecs = parsed.map((result) => result.spec);
  problems.push(...collisionProblems(rawDomains.map(normalizedDomainOf)), ...zoneRulesetProblems(maybeSpecs));

  if (problems.length > 0) return { specs: [], problems: firstPerField(problems), warnings: [] };
  const specs = maybeSpecs as EmailAssetsDomainSpec[];
  return { specs, problems, warnings: warningsFor(specs, rawDomains) };
}

/** Like {@link validateConfig}, but throws a {@link ConfigError} listing every problem. */
export function parseConfig(input: unknown, source?: string): ValidationResult {
  const result = validateConfig(input);
  if (result.problems.length > 0) throw new ConfigError(result.problems, source);
  return result;
}
