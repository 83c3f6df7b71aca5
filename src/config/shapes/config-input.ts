import type { MinimumProtocolVersion, PriceClass } from "../../facts/aws-facts";
import type { CloudflareMode, RulesetPhase } from "../../facts/cloudflare-facts";
import type { z as Zod } from "zod";
import type { PartialBackendType } from "../../facts/terraform-facts";
import type { DnsChoice, Edge, ProxyServer, Region, SslScope } from "./domain-spec";
import type { AdoptFields, CloudflareFields, CloudFrontFields, DomainFields, ProxyFields, SchemaTypes } from "./schema";

/**
 * What a user writes for one domain (YAML/JSON or a TypeScript object) before validation. Keys are
 * the config file's contract (see the README's Fields section); enum values are matched
 * case-insensitively, so the loose `string` alternatives are accepted here too.
 */
export interface EmailAssetsDomainInput {
  readonly domain: string;
  readonly workspace: string;
  readonly region: Region | (string & {});
  readonly edge: Edge | (string & {});
  /** Groups domains into one stack of this name (see the README, Stacks). @default - the domain's own stack */
  readonly stack?: string;
  /** Lifts prevent_destroy, to take the domain down on purpose. @default false */
  readonly retire?: boolean;
  /**
   * Live resources that already serve the domain, which the next apply imports instead of
   * creating; the keys must fit the domain's edge, mode and DNS (see the README, "Already live?
   * Adopt it"). Not allowed in `defaults`.
   */
  readonly adopt?: {
    /** cloudflare: the proxied CNAME; cloudfront with dns cloudflare: the CNAME to the distribution. A Cloudflare id, 32 hex digits. */
    readonly dnsRecord?: string;
    /** cloudflare, page-rules mode: the two page rules' ids. */
    readonly pageRules?: { readonly alwaysHttps?: string; readonly hostHeader?: string };
    /** cloudflare, worker mode: the route's id. */
    readonly workerRoute?: string;
    /** cloudfront: the distribution's id (E2QWRUHAPOMQZL). */
    readonly distribution?: string;
    /** cloudfront without certificateArn: the ACM certificate's ARN (us-east-1). */
    readonly certificate?: string;
    /** cloudfront with dns cloudflare and an adopted certificate: the validation CNAME's id. */
    readonly validationRecord?: string;
    /** proxy with dns cloudflare: the A and AAAA records' ids. */
    readonly dnsRecords?: { readonly A?: string; readonly AAAA?: string };
    /** cloudfront or proxy with dns route53: true (every record the stack builds) or the types that exist. */
    readonly route53Records?: boolean | readonly ("A" | "AAAA")[];
  };
  readonly cloudflare?: {
    readonly zoneId: string;
    readonly mode?: CloudflareMode;
    readonly accountId?: string;
    readonly sslScope?: SslScope;
    /** Accepted only as "off": Cloudflare retired Mirage (see README). */
    readonly mirage?: "off";
    readonly existingRulesets?: Partial<Record<RulesetPhase, string>>;
  };
  readonly cloudfront?: {
    readonly certificateArn?: string;
    readonly dns?: DnsChoice;
    readonly route53ZoneId?: string;
    readonly cloudflareZoneId?: string;
    readonly priceClass?: PriceClass;
    readonly minimumProtocolVersion?: MinimumProtocolVersion;
    readonly webAclId?: string;
    readonly logging?: { readonly bucket: string; readonly prefix?: string; readonly includeCookies?: boolean };
    readonly tags?: Record<string, string>;
  };
  readonly proxy?: {
    readonly server: ProxyServer;
    readonly certificateFile: string;
    readonly certificateKeyFile: string;
    readonly originCaFile?: string;
    readonly listenAddress?: string;
    readonly httpsPort?: number;
    readonly httpPort?: number;
    readonly hsts?: boolean;
    readonly ocspStapling?: boolean;
    readonly ipv4?: string;
    readonly ipv6?: string;
    readonly dns?: DnsChoice;
    readonly route53ZoneId?: string;
    readonly cloudflareZoneId?: string;
    readonly resolvers?: readonly string[];
    readonly originAddressTtl?: number;
  };
}

/** A backend block, by its `type` (see the README, State); secrets never go here. */
export type BackendInput =
  | { readonly type: "local" }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly region: string;
      readonly keyPrefix?: string;
      readonly useLockfile?: boolean;
      readonly dynamodbTable?: string;
      readonly encrypt?: boolean;
    }
  | { readonly type: "gcs"; readonly bucket: string; readonly prefix?: string }
  | { readonly type: "azurerm"; readonly resourceGroupName: string; readonly storageAccountName: string; readonly containerName: string; readonly keyPrefix?: string }
  | {
      readonly type: "cloud";
      readonly organization: string;
      readonly hostname?: string;
      readonly project?: string;
      readonly workspacePrefix?: string;
      readonly workspaceTags?: readonly string[];
    }
  | { readonly type: "pg"; readonly schemaPrefix?: string }
  | { readonly type: "none"; readonly partial?: PartialBackendType };

/** The config file: `{ domains: [ ... ] }`, with optional `defaults` and `terraform`. */
export interface EmailAssetsConfigInput {
  readonly domains: readonly EmailAssetsDomainInput[];
  /** Any domain key (common keys and edge blocks, not `domain` or `adopt`); a domain's own value wins. */
  readonly defaults?: Partial<Omit<EmailAssetsDomainInput, "domain" | "adopt">>;
  readonly terraform?: { readonly backend?: BackendInput; readonly providers?: ProvidersInput };
}

/**
 * Terraform version constraints (`"~> 6.0"`, `">= 5.100.0, < 7.0.0"`), each of whose versions must lie
 * in the range the project's resources are checked against: AWS `>= 5.100.0, < 7.0.0`, Cloudflare
 * `>= 5.14.0, < 5.15.0` (README, Provider versions). @default - the versions the project is tested with
 */
export interface ProvidersInput {
  readonly aws?: string;
  readonly cloudflare?: string;
}

// Compile-time checks that these input types name exactly the keys the schema parses: a key added
// to the schema and not here (or the other way round) fails the build.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : { readonly onlyInInput: Exclude<keyof A, keyof B>; readonly onlyInSchema: Exclude<keyof B, keyof A> };
type Assert<T extends true> = T;
type BackendOf<T extends BackendInput["type"]> = Extract<BackendInput, { readonly type: T }>;
type BackendSchemas = SchemaTypes["backends"];
/** Holds only when every input type above matches its schema key for key. */
export type InputMatchesSchema = [
  Assert<SameKeys<Omit<EmailAssetsDomainInput, "cloudflare" | "cloudfront" | "proxy" | "adopt">, DomainFields>>,
  Assert<SameKeys<NonNullable<EmailAssetsDomainInput["cloudflare"]>, CloudflareFields>>,
  Assert<SameKeys<NonNullable<EmailAssetsDomainInput["cloudfront"]>, CloudFrontFields>>,
  Assert<SameKeys<NonNullable<EmailAssetsDomainInput["proxy"]>, ProxyFields>>,
  Assert<SameKeys<NonNullable<EmailAssetsDomainInput["adopt"]>, AdoptFields>>,
  Assert<SameKeys<EmailAssetsConfigInput, Zod.output<SchemaTypes["config"]>>>,
  Assert<SameKeys<NonNullable<EmailAssetsConfigInput["terraform"]>, Zod.output<SchemaTypes["terraform"]>>>,
  Assert<SameKeys<ProvidersInput, Zod.output<SchemaTypes["providers"]>>>,
  Assert<SameKeys<BackendOf<"local">, Zod.input<BackendSchemas["local"]>>>,
  Assert<SameKeys<BackendOf<"s3">, Zod.input<BackendSchemas["s3"]>>>,
  Assert<SameKeys<BackendOf<"gcs">, Zod.input<BackendSchemas["gcs"]>>>,
  Assert<SameKeys<BackendOf<"azurerm">, Zod.input<BackendSchemas["azurerm"]>>>,
  Assert<SameKeys<BackendOf<"cloud">, Zod.input<BackendSchemas["cloud"]>>>,
  Assert<SameKeys<BackendOf<"pg">, Zod.input<BackendSchemas["pg"]>>>,
  Assert<SameKeys<BackendOf<"none">, Zod.input<BackendSchemas["none"]>>>,
];
