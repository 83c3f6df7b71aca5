import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { EmailAssetsDomainSpec } from "../../src/config/shapes/domain-spec";
import { ConfigError, formatProblem, type Problem } from "../../src/config/problems/problem";
import { readConfigFile } from "../../src/config/files/read-config-file";
import { validateConfig } from "../../src/config/rules/validate-config";
import { tempDir } from "../support/project";

const scratch = tempDir("email-assets-properties-");
afterAll(scratch.cleanup);

/** Runs per property; FC_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env.FC_RUNS ?? 300);

/** The path as a line shows it (escaped, like the rest of the line). */
function formatPathShown(path: string): string {
  return formatProblem({ path, message: "", received: undefined }).split(": ")[0] ?? "";
}

/** A problem line as the CLI prints it: one line, a field path, bounded. */
function expectWellFormed(problems: readonly Problem[]): void {
  for (const problem of problems) {
    const line = formatProblem(problem);
    expect(line).not.toMatch(/[\n\r\u2028\u2029]/);
    // A path is `config`, a name, or a quoted odd key: `domains[0].proxy`, `["a b"]`.
    expect(problem.path).toMatch(/^(config|[A-Za-z_]|\[)/);
    expect(line.startsWith(`${problem.path}: `) || line.startsWith(`${formatPathShown(problem.path)}: `)).toBe(true);
    expect(line).toMatch(/; received .+$/);
    expect(line.length).toBeLessThanOrEqual(1_000);
  }
}

// --- valid configs -------------------------------------------------------------------------------

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
const parent = fc.constantFrom("example.com", "example.co.uk", "example.org", "xn--bcher-kva.de", "example.net");
const domain = fc.tuple(label, parent).map(([sub, base]) => `${sub}.${base}`);
const publicIpv4 = fc.tuple(fc.integer({ min: 1, max: 99 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((parts) => parts.join("."));
const certificateArn = fc.uuid().map((id) => `arn:aws:acm:us-east-1:123456789012:certificate/${id}`);
/** `dns` with the zone id it needs, as the config writes it. */
const dnsChoice = fc.oneof(
  fc.constant({}),
  fc.constant({ dns: "external" }),
  fc.stringMatching(/^Z[0-9A-Z]{10}$/).map((zone) => ({ dns: "route53", route53ZoneId: zone })),
  hex32.map((zone) => ({ dns: "cloudflare", cloudflareZoneId: zone })),
);

const cloudflareBlock = fc.oneof(
  fc.record({ zoneId: hex32, mode: fc.constantFrom("page-rules", "rulesets") }, { requiredKeys: ["zoneId"] }),
  fc.record({ zoneId: hex32, mode: fc.constant("worker"), accountId: hex32 }),
);
const cloudfrontBlock = fc
  .tuple(dnsChoice, fc.option(certificateArn, { nil: undefined }), fc.option(fc.constantFrom("PriceClass_All", "PriceClass_100"), { nil: undefined }))
  .map(([dns, arn, priceClass]) => ({ ...dns, ...(arn && { certificateArn: arn }), ...(priceClass && { priceClass }) }));
const proxyBlock = fc
  .tuple(fc.constantFrom("apache", "nginx"), publicIpv4, dnsChoice, fc.constantFrom({}, { httpsPort: 8443, httpPort: 8080 }))
  .map(([server, ipv4, dns, ports]) => ({ server, certificateFile: "/etc/ssl/site.pem", certificateKeyFile: "/etc/ssl/site.key", ipv4, ...dns, ...ports }));

const domainEntry = fc.tuple(domain, label, fc.constantFrom("us", "eu", "au"), fc.oneof(
  cloudflareBlock.map((block) => ({ edge: "cloudflare", cloudflare: block })),
  cloudfrontBlock.map((block) => ({ edge: "cloudfront", cloudfront: block })),
  proxyBlock.map((block) => ({ edge: "proxy", proxy: block })),
)).map(([name, workspace, region, edge]) => ({ domain: name, workspace, region, ...edge }));

const validConfig = fc.uniqueArray(domainEntry, { minLength: 1, maxLength: 6, selector: (entry) => entry.domain }).map((domains) => ({ domains }));

/** A spec written back as config input: the inverse of normalization, for the idempotence check. */
function asInput(spec: EmailAssetsDomainSpec): Record<string, unknown> {
  const { domain: name, workspace, region } = spec;
  switch (spec.edge) {
    case "cloudflare":
      return { domain: name, workspace, region, edge: spec.edge, cloudflare: spec.cloudflare };
    case "cloudfront": {
      const { dns, ...rest } = spec.cloudfront;
      const zone = dns.kind === "route53" ? { route53ZoneId: dns.zoneId } : dns.kind === "cloudflare" ? { cloudflareZoneId: dns.zoneId } : {};
      return { domain: name, workspace, region, edge: spec.edge, cloudfront: { ...rest, dns: dns.kind, ...zone } };
    }
    case "proxy": {
      const { dns, ...rest } = spec.proxy;
      const zone = dns.kind === "route53" ? { route53ZoneId: dns.zoneId } : dns.kind === "cloudflare" ? { cloudflareZoneId: dns.zoneId } : {};
      return { domain: name, workspace, region, edge: spec.edge, proxy: { ...rest, dns: dns.kind, ...zone } };
    }
  }
}

// --- mutations ---------------------------------------------------------------------------------

/** Every path to a value inside `value`. */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [path];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return [path, ...entries.flatMap(([key, item]) => pathsOf(item, [...path, key]))];
}

/** `value` with the thing at `path` replaced (or removed, for `undefined`), copied, not changed in place. */
function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return (value as unknown[]).map((item, index) => (index === head ? setAt(item, rest, replacement) : item));
  if (typeof value === "object" && value !== null) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const next = setAt(copy[head as string], rest, replacement);
    if (next === undefined) delete copy[head as string];
    else copy[head as string] = next;
    return copy;
  }
  return value;
}

/** Values a hand or a tool might put anywhere: wrong types, odd strings, prototype names, deep junk. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("constructor", "__proto__", "toString", "", " ", "\u202e", "\u200b", "emails.exаmple.com", "0.0.0.0", "/../..", "!Ref x", "${var.x}"),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constant(undefined),
);

describe("validateConfig on any input (fast-check)", () => {
  it("returns specs or problems, never throws, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = validateConfig(value);
        expect(result.specs.length === 0 || result.problems.length === 0).toBe(true);
        expectWellFormed(result.problems);
      }),
      { numRuns: RUNS },
    );
  });

  it("returns specs or problems for any mutation of a valid config: every problem one bounded line with a field path", () => {
    fc.assert(
      fc.property(validConfig, fc.nat(), oddValue, (config, pick, replacement) => {
        const paths = pathsOf(config);
        const mutated = setAt(config, paths[pick % paths.length] ?? [], replacement);
        const result = validateConfig(mutated);
        expect(result.specs.length === 0 || result.problems.length === 0).toBe(true);
        expectWellFormed(result.problems);
        expectWellFormed(result.warnings);
      }),
      { numRuns: RUNS },
    );
  });

  it("accepts every generated valid config, and normalizing its specs again changes nothing", () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const first = validateConfig(config);
        expect(first.problems).toEqual([]);
        const again = validateConfig({ domains: first.specs.map(asInput) });
        expect(again.problems).toEqual([]);
        expect(again.specs).toEqual(first.specs);
      }),
      { numRuns: RUNS },
    );
  });
});

// --- defaults ----------------------------------------------------------------------------------

const EDGE_KEYS = ["cloudflare", "cloudfront", "proxy"] as const;

/**
 * The config with values moved into `defaults`: a common key or an edge block's key that every
 * domain (of that edge) sets goes there with the first domain's value, and leaves the domains
 * whose value is the same. `pick` chooses which keys move.
 */
function withDefaults(config: { domains: Record<string, unknown>[] }, pick: number): { defaults: Record<string, unknown>; domains: Record<string, unknown>[] } {
  const domains = config.domains.map((entry) => structuredClone(entry));
  const defaults: Record<string, unknown> = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  let bit = 0;
  const chosen = () => ((pick >> bit++ % 30) & 1) === 1;
  for (const key of ["workspace", "region", "edge"]) {
    if (!chosen()) continue;
    const value = domains[0]?.[key];
    defaults[key] = value;
    for (const entry of domains) if (same(entry[key], value)) delete entry[key];
  }
  for (const edge of EDGE_KEYS) {
    const blocks = config.domains.filter((entry) => entry.edge === edge).map((entry) => entry[edge] as Record<string, unknown>);
    const first = blocks[0];
    if (first === undefined) continue;
    for (const key of Object.keys(first)) {
      if (!chosen() || !blocks.every((block) => Object.hasOwn(block, key))) continue;
      defaults[edge] = { ...(defaults[edge] as Record<string, unknown> | undefined), [key]: first[key] };
      for (const entry of domains) {
        const block = entry[edge] as Record<string, unknown> | undefined;
        if (entry.edge === edge && block !== undefined && same(block[key], first[key])) delete block[key];
      }
    }
  }
  // A domain whose edge moved to defaults keeps its block; one that lost every key keeps an empty block.
  return { defaults, domains };
}

describe("defaults (fast-check)", () => {
  it("moving values every domain shares into defaults changes no spec", () => {
    fc.assert(
      fc.property(validConfig, fc.nat(), (config, pick) => {
        const expected = validateConfig(config);
        const moved = withDefaults(config, pick);
        const result = validateConfig(moved);
        expect(result.problems.map(formatProblem)).toEqual([]);
        expect(result.specs).toEqual(expected.specs);
      }),
      { numRuns: RUNS },
    );
  });

  it("returns specs or problems for any mutation of a config with defaults, every problem a bounded line", () => {
    fc.assert(
      fc.property(validConfig, fc.nat(), fc.nat(), oddValue, (config, pick, at, replacement) => {
        const moved = withDefaults(config, pick);
        const paths = pathsOf(moved);
        const result = validateConfig(setAt(moved, paths[at % paths.length] ?? [], replacement));
        expect(result.specs.length === 0 || result.problems.length === 0).toBe(true);
        expectWellFormed(result.problems);
        expectWellFormed(result.warnings);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("config files of any text (fast-check)", () => {
  it("a valid config survives a round trip through its own YAML and JSON", () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const specs = validateConfig(config).specs;
        const yamlFile = join(scratch.dir, "round.yaml");
        const jsonFile = join(scratch.dir, "round.json");
        writeFileSync(yamlFile, stringify(config));
        writeFileSync(jsonFile, JSON.stringify(config));
        expect(validateConfig(readConfigFile(yamlFile)).specs).toEqual(specs);
        expect(validateConfig(readConfigFile(jsonFile)).specs).toEqual(specs);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it("reads any YAML text to a value or a ConfigError of one-line problems, never anything else", () => {
    const yamlish = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.array(fc.constantFrom("domains:", "  - ", "domain: ", "&a ", "*a", "<<: ", "!Ref ", "!!js/x ", "[", "]", "{", "}", ",", "\n", ": ", "'", '"', "#", "|", ">", "?", "---", "\t", "x", "1"), { maxLength: 60 }).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        const file = join(scratch.dir, "any.yaml");
        writeFileSync(file, text);
        let value: unknown;
        try {
          value = readConfigFile(file);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expectWellFormed((error as ConfigError).problems);
          return;
        }
        expectWellFormed(validateConfig(value).problems);
      }),
      { numRuns: RUNS },
    );
  });
});
