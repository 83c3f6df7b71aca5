import { z } from "zod";
import { REGIONS } from "../intercom/regions";
import { normalizeCloudflareId, normalizeCustomDomain, normalizeWorkspace, type Normalized } from "./domain-name";
import { normalizeListenAddress, normalizePublicIp, normalizeResolver, normalizeServerPath } from "./proxy-values";
import { normalizeCertificateArn, normalizeLogBucket, normalizeRoute53ZoneId, normalizeWebAclId } from "./aws-ids";
import {
  DEFAULT_ORIGIN_CA_FILE,
  DEFAULT_RESOLVERS,
  CLOUDFLARE_MODES,
  DNS_CHOICES,
  EDGES,
  MINIMUM_PROTOCOL_VERSIONS,
  PRICE_CLASSES,
  PROXY_SERVERS,
  RULESET_PHASES,
  SSL_SCOPES,
  type RulesetPhase,
} from "./types";

/** A string field run through one of the normalizers; a problem becomes a field-path issue. */
function normalized(normalize: (input: string) => Normalized<string>) {
  return z.string().transform((value, ctx) => {
    const result = normalize(value);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.problem });
      return z.NEVER;
    }
    return result.value;
  });
}

/** An enum matched case-insensitively, so `EU` and `Cloudflare` are accepted. */
function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(values as unknown as [T[number], ...T[number][]]));
}

/** An enum matched case-insensitively but kept in its canonical spelling (`PriceClass_100`). */
function canonicalChoice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const wanted = v.trim().toLowerCase();
    return values.find((value) => value.toLowerCase() === wanted) ?? v;
  }, z.enum(values as unknown as [T[number], ...T[number][]]));
}

/** Viewer TLS policies that are known but refused, with the reason. */
const REFUSED_TLS_POLICIES: Readonly<Record<string, string>> = {
  "tlsv1.2_2025": "the pinned AWS provider (5.100.0) rejects it; use TLSv1.2_2021, the strongest policy it knows",
  "tlsv1.3_2025": "the pinned AWS provider (5.100.0) rejects it; use TLSv1.2_2021, the strongest policy it knows",
  sslv3: "allows protocols below TLS 1.2; use TLSv1.2_2021",
  tlsv1: "allows protocols below TLS 1.2; use TLSv1.2_2021",
  tlsv1_2016: "allows protocols below TLS 1.2; use TLSv1.2_2021",
  "tlsv1.1_2016": "allows protocols below TLS 1.2; use TLSv1.2_2021",
};

const minimumProtocolVersion = z
  .unknown()
  .superRefine((value, ctx) => {
    const reason = typeof value === "string" ? REFUSED_TLS_POLICIES[value.trim().toLowerCase()] : undefined;
    if (reason !== undefined) ctx.addIssue({ code: "custom", message: `is not accepted: ${reason}` });
  })
  .pipe(canonicalChoice(MINIMUM_PROTOCOL_VERSIONS));

const rulesetId = normalized((v) => {
  const text = v.trim().toLowerCase();
  return /^[0-9a-f]{32}$/.test(text)
    ? { ok: true, value: text }
    : { ok: false, problem: "must be a ruleset id: 32 hexadecimal digits (GET /zones/<zone id>/rulesets/phases/<phase>/entrypoint shows it)" };
});

const port = z.number().int().min(1).max(65535);

export const cloudflareBlockSchema = z.strictObject({
  zoneId: normalized((v) => normalizeCloudflareId(v, "zone")),
  mode: choice(CLOUDFLARE_MODES).default("page-rules"),
  accountId: normalized((v) => normalizeCloudflareId(v, "account")).optional(),
  sslScope: choice(SSL_SCOPES).default("host"),
  existingRulesets: z
    .strictObject(Object.fromEntries(RULESET_PHASES.map((phase) => [phase, rulesetId.optional()])) as Record<RulesetPhase, z.ZodOptional<typeof rulesetId>>)
    .default({}),
  mirage: z
    .preprocess((v) => (typeof v === "boolean" ? (v ? "on" : "off") : typeof v === "string" ? v.trim().toLowerCase() : v), z.string())
    .refine((v) => v === "off", {
      message:
        'can only be "off": Cloudflare retired Mirage (deprecated 2025-09-15, API end of life January 2026) and it is off for every zone; remove the key',
    })
    .optional(),
});

export const cloudfrontLoggingSchema = z.strictObject({
  bucket: normalized(normalizeLogBucket),
  prefix: z.string().regex(/^[A-Za-z0-9!_.*'()\/-]{0,256}$/, "must be an S3 key prefix: letters, digits and !_.*'()/- only").optional(),
  includeCookies: z.boolean().default(false),
});

export const cloudfrontBlockSchema = z.strictObject({
  certificateArn: normalized(normalizeCertificateArn).optional(),
  dns: choice(DNS_CHOICES).default("external"),
  route53ZoneId: normalized(normalizeRoute53ZoneId).optional(),
  cloudflareZoneId: normalized((v) => normalizeCloudflareId(v, "zone")).optional(),
  priceClass: canonicalChoice(PRICE_CLASSES).default("PriceClass_All"),
  minimumProtocolVersion: minimumProtocolVersion.default("TLSv1.2_2021"),
  webAclId: normalized(normalizeWebAclId).optional(),
  logging: cloudfrontLoggingSchema.optional(),
  tags: z
    .record(z.string(), z.string())
    .superRefine((tags, ctx) => {
      const keys = Object.keys(tags);
      if (keys.length > 50) ctx.addIssue({ code: "custom", message: "must hold at most 50 tags" });
      for (const key of keys) {
        if (!/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+@-]{1,128}$/u.test(key)) {
          ctx.addIssue({
            code: "custom",
            message: `has an invalid key "${key}": tag keys are 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:`,
          });
        } else if (!/^[\p{L}\p{Z}\p{N}_.:/=+@-]{0,256}$/u.test(tags[key] ?? "")) {
          ctx.addIssue({ code: "custom", path: [key], message: "tag values are up to 256 letters, digits, spaces and _.:/=+-@" });
        }
      }
    })
    .default({}),
});

export const proxyBlockSchema = z.strictObject({
  server: choice(PROXY_SERVERS),
  certificateFile: normalized(normalizeServerPath),
  certificateKeyFile: normalized(normalizeServerPath),
  originCaFile: normalized(normalizeServerPath).default(DEFAULT_ORIGIN_CA_FILE),
  listenAddress: z
    .string()
    .transform((value, ctx) => {
      const result = normalizeListenAddress(value);
      if (!result.ok) {
        ctx.addIssue({ code: "custom", message: result.problem });
        return z.NEVER;
      }
      return result.value;
    })
    .optional(),
  httpsPort: port.default(443),
  httpPort: port.default(80),
  hsts: z.boolean().default(true),
  ocspStapling: z.boolean().default(false),
  ipv4: normalized((v) => normalizePublicIp(v, 4)).optional(),
  ipv6: normalized((v) => normalizePublicIp(v, 6)).optional(),
  dns: choice(DNS_CHOICES).default("external"),
  route53ZoneId: normalized(normalizeRoute53ZoneId).optional(),
  cloudflareZoneId: normalized((v) => normalizeCloudflareId(v, "zone")).optional(),
  resolvers: z.array(normalized(normalizeResolver)).min(1).max(8).default([...DEFAULT_RESOLVERS]),
  originAddressTtl: z.number().int().min(1).max(86_400).default(60),
});

export const domainSchema = z.strictObject({
  domain: normalized(normalizeCustomDomain),
  workspace: normalized(normalizeWorkspace),
  region: choice(REGIONS),
  edge: choice(EDGES),
  cloudflare: cloudflareBlockSchema.optional(),
  cloudfront: cloudfrontBlockSchema.optional(),
  proxy: proxyBlockSchema.optional(),
});

export const configSchema = z.strictObject({
  domains: z.array(z.unknown()).min(1),
});

/** Top-level keys starting with `x-` are the user's own (YAML anchors for shared blocks); they are not validated. */
export function withoutExtensionKeys(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([key]) => !key.startsWith("x-")));
}

/** The keys an object at `path` (a full config path) may hold, for "did you mean" on unknown keys. */
export function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (path.length === 2) return Object.keys(domainSchema.shape);
  if (path.length === 3) {
    if (path[2] === "cloudflare") return Object.keys(cloudflareBlockSchema.shape);
    if (path[2] === "cloudfront") return Object.keys(cloudfrontBlockSchema.shape);
    if (path[2] === "proxy") return Object.keys(proxyBlockSchema.shape);
  }
  if (path.length === 4 && path[2] === "cloudfront" && path[3] === "logging") return Object.keys(cloudfrontLoggingSchema.shape);
  if (path.length === 4 && path[2] === "cloudflare" && path[3] === "existingRulesets") return RULESET_PHASES;
  return [];
}

/** A short description of each field, used when it is missing. */
export const FIELD_HINTS: Readonly<Record<string, string>> = {
  domains: "a list of domain specs",
  domain: "the custom domain, e.g. emails.example.com",
  workspace: "the Intercom workspace subdomain, e.g. acme for acme.intercom-mail.com",
  region: "the workspace's data hosting region: us, eu or au",
  edge: "how the domain is served: cloudflare, cloudfront or proxy",
  zoneId: "the Cloudflare zone id, 32 hex digits from the zone's Overview page",
  server: "apache or nginx",
  certificateFile: "path of the certificate chain (PEM) on the proxy",
  certificateKeyFile: "path of the private key (PEM) on the proxy",
  cloudflareZoneId: "the Cloudflare zone id, 32 hex digits",
  route53ZoneId: "the Route 53 hosted zone id, Z...",
};
