import type { z as Zod } from "zod";
import type * as ZodModule from "zod";
import { REGIONS } from "../../intercom/regions";
import { normalizeCloudflareId, normalizeCloudflareObjectId, normalizeCustomDomain, normalizeWorkspace } from "../fields/domain-name";
import { fieldBuilders } from "./field-builders";
import { buildTerraformSchemas } from "./terraform-schema";
import { normalizeListenAddress, normalizePublicIp, normalizeResolver, normalizeServerPath } from "../fields/proxy-values";
import { normalizeAdoptedCertificateArn, normalizeCertificateArn, normalizeDistributionId, normalizeLogBucket, normalizeRoute53ZoneId, normalizeWebAclId } from "../fields/aws-ids";
import { MINIMUM_PROTOCOL_VERSIONS, PRICE_CLASSES, REFUSED_TLS_POLICIES } from "../../facts/aws-facts";
import { CLOUDFLARE_ID, CLOUDFLARE_MODES, RULESET_PHASES, type RulesetPhase } from "../../facts/cloudflare-facts";
import { DEFAULTS } from "./defaults";
import { ADDRESS_RECORD_TYPES, DNS_CHOICES, EDGES, PROXY_SERVERS, SSL_SCOPES, type AddressRecordType } from "./domain-spec";
import { normalizeStackName } from "../names/stack-id";

/**
 * The config's zod schemas: the shape and normalization of each field. Built on first use, with
 * zod loaded then (about 15 ms), so that importing the validation entry point stays cheap.
 */
function buildSchemas(z: typeof Zod) {
  const { normalized, choice, canonicalChoice, between } = fieldBuilders(z);

  const minimumProtocolVersion = z
    .unknown()
    .superRefine((value, ctx) => {
      const reason = typeof value === "string" ? REFUSED_TLS_POLICIES.get(value.trim().toLowerCase()) : undefined;
      if (reason !== undefined) ctx.addIssue({ code: "custom", message: `is not accepted: ${reason}` });
    })
    .pipe(canonicalChoice(MINIMUM_PROTOCOL_VERSIONS));

  const rulesetId = normalized((v) => {
    const text = v.trim().toLowerCase();
    return CLOUDFLARE_ID.test(text)
      ? { ok: true, value: text }
      : { ok: false, problem: "must be a ruleset id: 32 hexadecimal digits (GET /zones/<zone id>/rulesets/phases/<phase>/entrypoint shows it)" };
  });

  const MAX_RESOLVERS = 8;
  const RESOLVER_COUNT = `must list 1 to ${MAX_RESOLVERS} DNS servers (IP addresses)`;

  const port = between(1, 65_535, (min, max) => `must be a port number between ${min} and ${max}`);

  const cloudflareBlockSchema = z.strictObject({
    zoneId: normalized((v) => normalizeCloudflareId(v, "zone")),
    mode: choice(CLOUDFLARE_MODES).default(DEFAULTS.cloudflare.mode),
    accountId: normalized((v) => normalizeCloudflareId(v, "account")).optional(),
    sslScope: choice(SSL_SCOPES).default(DEFAULTS.cloudflare.sslScope),
    existingRulesets: z
      .strictObject(Object.fromEntries(RULESET_PHASES.map((phase) => [phase, rulesetId.optional()])) as Record<RulesetPhase, Zod.ZodOptional<typeof rulesetId>>)
      .default({}),
    mirage: z
      .preprocess((v) => (typeof v === "boolean" ? (v ? "on" : "off") : typeof v === "string" ? v.trim().toLowerCase() : v), z.string())
      .refine((v) => v === "off", {
        message:
          'can only be "off": Cloudflare retired Mirage (deprecated 2025-09-15, API end of life January 2026) and it is off for every zone; remove the key',
      })
      .optional(),
  });

  const cloudfrontLoggingSchema = z.strictObject({
    bucket: normalized(normalizeLogBucket),
    prefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]{0,256}$/, "must be an S3 key prefix: letters, digits and !_.*'()/- only").optional(),
    includeCookies: z.boolean().default(DEFAULTS.cloudfront.loggingIncludeCookies),
  });

  const cloudfrontBlockSchema = z.strictObject({
    certificateArn: normalized(normalizeCertificateArn).optional(),
    dns: choice(DNS_CHOICES).default(DEFAULTS.cloudfront.dns),
    route53ZoneId: normalized(normalizeRoute53ZoneId).optional(),
    cloudflareZoneId: normalized((v) => normalizeCloudflareId(v, "zone")).optional(),
    priceClass: canonicalChoice(PRICE_CLASSES).default(DEFAULTS.cloudfront.priceClass),
    minimumProtocolVersion: minimumProtocolVersion.default(DEFAULTS.cloudfront.minimumProtocolVersion),
    webAclId: normalized(normalizeWebAclId).optional(),
    logging: cloudfrontLoggingSchema.optional(),
    tags: z
      .preprocess((tags, ctx) => {
        // A record parsed into a plain object would turn this key into the object's prototype, losing the tag.
        if (typeof tags === "object" && tags !== null && Object.hasOwn(tags, "__proto__")) {
          ctx.addIssue({ code: "custom", path: ["__proto__"], message: "cannot be a tag key here: it is a reserved name in JavaScript, which this tool runs on" });
        }
        return tags;
      }, z.record(z.string(), z.string()))
      .superRefine((tags, ctx) => {
        const entries = Object.entries(tags);
        if (entries.length > 50) ctx.addIssue({ code: "custom", message: "must hold at most 50 tags" });
        for (const [key, value] of entries) {
          // AWS reserves the aws: prefix in any case.
          if (!/^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+@-]{1,128}$/u.test(key)) {
            ctx.addIssue({
              code: "custom",
              message: `has an invalid key "${key}": tag keys are 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws: (in any case)`,
            });
          } else if (!/^[\p{L}\p{Z}\p{N}_.:/=+@-]{0,256}$/u.test(value)) {
            ctx.addIssue({ code: "custom", path: [key], message: "tag values are up to 256 letters, digits, spaces and _.:/=+-@" });
          }
        }
      })
      .default({}),
  });

  const proxyBlockSchema = z.strictObject({
    server: choice(PROXY_SERVERS),
    certificateFile: normalized(normalizeServerPath),
    certificateKeyFile: normalized(normalizeServerPath),
    originCaFile: normalized(normalizeServerPath).default(DEFAULTS.proxy.originCaFile),
    listenAddress: normalized(normalizeListenAddress).optional(),
    httpsPort: port.default(DEFAULTS.proxy.httpsPort),
    httpPort: port.default(DEFAULTS.proxy.httpPort),
    hsts: z.boolean().default(DEFAULTS.proxy.hsts),
    ocspStapling: z.boolean().default(DEFAULTS.proxy.ocspStapling),
    ipv4: normalized((v) => normalizePublicIp(v, 4)).optional(),
    ipv6: normalized((v) => normalizePublicIp(v, 6)).optional(),
    dns: choice(DNS_CHOICES).default(DEFAULTS.proxy.dns),
    route53ZoneId: normalized(normalizeRoute53ZoneId).optional(),
    cloudflareZoneId: normalized((v) => normalizeCloudflareId(v, "zone")).optional(),
    resolvers: z
      .array(normalized(normalizeResolver))
      .min(1, RESOLVER_COUNT)
      .max(MAX_RESOLVERS, RESOLVER_COUNT)
      .default([...DEFAULTS.proxy.resolvers]),
    originAddressTtl: between(1, 86_400, (min, max) => `must be between ${min} and ${max} seconds`).default(DEFAULTS.proxy.originAddressTtl),
  });

  /** The id of a Cloudflare object of the domain's zone, and where the user finds it. */
  function cloudflareObjectId(what: string, where: string) {
    return normalized((v) => normalizeCloudflareObjectId(v, what, where)).optional();
  }
  const dnsRecordId = cloudflareObjectId("DNS record", "GET /zones/<zone id>/dns_records?name=<domain> lists the name's records with their ids");
  const pageRuleId = cloudflareObjectId("page rule", "GET /zones/<zone id>/pagerules lists the zone's page rules with their ids");
  const ROUTE53_RECORDS =
    "must be true (take over every Route 53 record the stack builds for the domain) or a list of the record types that exist, such as [A] or [A, AAAA]";

  /** The live resources a domain takes over; which keys fit its edge, mode and DNS is checked per domain (parse-adopt). */
  const adoptSchema = z.strictObject({
    dnsRecord: dnsRecordId,
    pageRules: z.strictObject({ alwaysHttps: pageRuleId, hostHeader: pageRuleId }).optional(),
    workerRoute: cloudflareObjectId("Worker route", "GET /zones/<zone id>/workers/routes lists the zone's routes with their ids"),
    distribution: normalized(normalizeDistributionId).optional(),
    certificate: normalized(normalizeAdoptedCertificateArn).optional(),
    validationRecord: dnsRecordId,
    dnsRecords: z.strictObject({ A: dnsRecordId, AAAA: dnsRecordId }).optional(),
    route53Records: z
      .unknown()
      .transform((value, ctx): boolean | AddressRecordType[] => {
        if (typeof value === "boolean") return value;
        const types = Array.isArray(value)
          ? value.map((type) => (typeof type === "string" ? ADDRESS_RECORD_TYPES.find((known) => known === type.trim().toUpperCase()) : undefined))
          : [];
        if (types.length === 0 || types.some((type) => type === undefined) || new Set(types).size !== types.length) {
          ctx.addIssue({ code: "custom", message: ROUTE53_RECORDS });
          return z.NEVER;
        }
        return types as AddressRecordType[];
      })
      .optional(),
  });

  /** A domain's own keys; the edge blocks and `adopt` beside them are parsed on their own. */
  const domainFieldsSchema = z.strictObject({
    domain: normalized(normalizeCustomDomain),
    workspace: normalized(normalizeWorkspace),
    region: choice(REGIONS),
    edge: choice(EDGES),
    stack: normalized(normalizeStackName).optional(),
    retire: z.boolean().optional(),
  });

  const { backends, backendType, terraform, providers } = buildTerraformSchemas(z);

  const configSchema = z.strictObject({
    domains: z.array(z.unknown()).min(1, "must list at least one domain"),
    defaults: z.unknown().optional(),
    terraform: z.unknown().optional(),
  });

  return {
    domainFields: domainFieldsSchema,
    /** Each edge's block, by the edge's name (which is also the block's key). */
    edgeBlocks: { cloudflare: cloudflareBlockSchema, cloudfront: cloudfrontBlockSchema, proxy: proxyBlockSchema },
    cloudfrontLogging: cloudfrontLoggingSchema,
    adopt: adoptSchema,
    backends,
    backendType,
    terraform,
    providers,
    config: configSchema,
  } as const;
  }

type Schemas = ReturnType<typeof buildSchemas>;
/** The schemas' types, for compile-time checks of the public input types (config-input.ts). */
export type SchemaTypes = Schemas;
let built: Schemas | undefined;

export function schemas(): Schemas {
  built ??= buildSchemas((require("zod") as typeof ZodModule).z);
  return built;
}

export type DomainFields = Zod.output<Schemas["domainFields"]>;
export type CloudflareFields = Zod.output<Schemas["edgeBlocks"]["cloudflare"]>;
export type CloudFrontFields = Zod.output<Schemas["edgeBlocks"]["cloudfront"]>;
export type ProxyFields = Zod.output<Schemas["edgeBlocks"]["proxy"]>;
/** The `adopt` block as parsed, before the rules that fit it to the domain's edge. */
export type AdoptFields = Zod.output<Schemas["adopt"]>;

/** A domain's key that names the live resources to take over; parsed apart from its other keys. */
export const ADOPT_KEY = "adopt";
