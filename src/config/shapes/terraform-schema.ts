import type { z as Zod } from "zod";
import { DEFAULTS } from "./defaults";
import { normalizeHostname } from "../fields/domain-name";
import { fieldBuilders } from "./field-builders";
import { BACKEND_TYPES, PARTIAL_BACKEND_TYPES } from "../../facts/terraform-facts";
import type { ProviderName } from "../../facts/provider-versions";

/** The `terraform` block's schemas: each state backend's block, by its `type`, and the provider versions. */
export function buildTerraformSchemas(z: typeof Zod) {
  const { normalized, choice, pattern } = fieldBuilders(z);

  const keyPrefix = pattern(
    /^(?!\/)(?!.*\/\/)[A-Za-z0-9!_.*'()/-]{0,512}$/,
    "must be a key prefix: up to 512 letters, digits and !_.*'()/-, not starting with / and without // (Terraform refuses an empty path segment)",
  ).default(DEFAULTS.s3.keyPrefix);
  const backendType = choice(BACKEND_TYPES);
  const s3Bucket = pattern(
    /^(?!xn--)(?!.*\.\.)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    "must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens, no two dots in a row",
  );
  const gcsBucket = pattern(/^(?!goog)(?!.*\.\.)[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, "must be a GCS bucket name: 3-63 lower-case letters, digits, dots, hyphens and underscores, not starting with goog");

  /** Each backend's block, by its `type`. */
  const backendSchemas = {
    local: z.strictObject({ type: backendType }),
    s3: z.strictObject({
      type: backendType,
      bucket: s3Bucket,
      region: pattern(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "must be an AWS region such as eu-west-1"),
      keyPrefix,
      useLockfile: z.boolean().default(DEFAULTS.s3.useLockfile),
      dynamodbTable: pattern(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name: 3-255 letters, digits and _.-").optional(),
      encrypt: z.boolean().default(DEFAULTS.s3.encrypt),
    }),
    gcs: z.strictObject({
      type: backendType,
      bucket: gcsBucket,
      prefix: pattern(/^(?!\/)(?!.*\/\/)[A-Za-z0-9_.~/-]{0,512}$/, "must be a folder prefix: up to 512 letters, digits and _.~/-, not starting with / and without //").default(DEFAULTS.gcs.prefix),
    }),
    azurerm: z.strictObject({
      type: backendType,
      resourceGroupName: pattern(/^[-\w.()]{0,89}[-\w()]$/, "must be a resource group name: 1-90 letters, digits and -_.(), not ending with a dot"),
      storageAccountName: pattern(/^[a-z0-9]{3,24}$/, "must be a storage account name: 3-24 lower-case letters and digits"),
      containerName: pattern(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be a container name: 3-63 lower-case letters, digits and single hyphens"),
      keyPrefix: keyPrefix.default(DEFAULTS.azurerm.keyPrefix),
    }),
    cloud: z.strictObject({
      type: backendType,
      organization: pattern(/^[A-Za-z0-9_-]{1,40}$/, "must be an HCP Terraform organization name: letters, digits, _ and -"),
      hostname: normalized(normalizeHostname).optional(),
      project: pattern(/^[A-Za-z0-9 _-]{3,40}$/, "must be an HCP Terraform project name: 3-40 letters, digits, spaces, _ and -").optional(),
      workspacePrefix: pattern(/^[A-Za-z0-9_-]{0,60}$/, "must be a workspace name prefix: up to 60 letters, digits, _ and -").optional(),
      workspaceTags: z
        .array(pattern(/^[A-Za-z0-9](?:[A-Za-z0-9:_-]{0,253}[A-Za-z0-9])?$/, "must be a workspace tag: letters, digits, colons, hyphens and underscores, starting and ending with a letter or digit"))
        .min(1, "must list at least one tag")
        .optional(),
    }),
    pg: z.strictObject({
      type: backendType,
      schemaPrefix: pattern(/^(?!pg_)[a-z_][a-z0-9_]{0,40}$/, "must be a schema name prefix: up to 41 lower-case letters, digits and underscores, not starting with a digit or pg_ (PostgreSQL's own)").default(
        DEFAULTS.pg.schemaPrefix,
      ),
    }),
    none: z.strictObject({ type: backendType, partial: choice(PARTIAL_BACKEND_TYPES).optional() }),
  } as const;

  const terraformSchema = z.strictObject({ backend: z.unknown().optional(), providers: z.unknown().optional() });
  /** `terraform.providers`: a Terraform version constraint per provider, held to its checked range by parse-providers.ts. */
  const constraint = z.string();
  const providersSchema = z.strictObject({ aws: constraint.optional(), cloudflare: constraint.optional() } satisfies Record<ProviderName, unknown>);

  return {
    backends: backendSchemas,
    backendType: z.strictObject({ type: backendType }).passthrough(),
    terraform: terraformSchema,
    providers: providersSchema,
  } as const;
}
