import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TerraformBlockSchema, TerraformType } from "./aws-schema-violations";
import { AWS_PROVIDER, AWS_PROVIDER_VERSION, findTerraform, terraform, writeCliConfig } from "./terraform";

/**
 * The AWS provider schemas the conformance tests check against: the provider binary's own for the
 * version in the filesystem mirror, and, for versions whose binary this machine lacks, the extracts
 * in fixtures/aws-provider-<version>-schema.json (scripts/extract-aws-schema.mjs, from a generated
 * binding package's jsii assembly; README "Provider versions").
 */

/** Resource type → its schema block. */
export type AwsResourceSchemas = Readonly<Record<string, { readonly block: TerraformBlockSchema }>>;

export interface AwsProviderSchema {
  readonly version: string;
  /** Where it comes from: the provider binary, or the binding package it was extracted from. */
  readonly source: string;
  readonly provider: { readonly block: TerraformBlockSchema };
  readonly resource_schemas: AwsResourceSchemas;
}

/**
 * Runs `terraform init` and `terraform providers schema -json` in `dir` (offline, with the provider
 * from the mirror) and returns the AWS provider's schema. The schema is about 14 MB of JSON, so
 * Terraform writes it straight to a file.
 */
export function extractAwsProviderSchema(dir: string): AwsProviderSchema {
  mkdirSync(dir, { recursive: true });
  const cliConfig = writeCliConfig(dir);
  writeFileSync(
    join(dir, "main.tf.json"),
    JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } } } }),
  );
  const init = terraform(["init", "-input=false"], dir, cliConfig);
  if (init.status !== 0) throw new Error(`terraform init failed in ${dir}:\n${init.output}`);
  const schemaFile = join(dir, "schema.json");
  const out = openSync(schemaFile, "w");
  try {
    const run = spawnSync(findTerraform(), ["providers", "schema", "-json"], {
      cwd: dir,
      stdio: ["ignore", out, "pipe"],
      encoding: "utf8",
      env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
    });
    if (run.status !== 0) throw new Error(`terraform providers schema -json failed in ${dir}:\n${run.stderr}`);
  } finally {
    closeSync(out);
  }
  const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as {
    provider_schemas?: Record<string, { provider?: { block: TerraformBlockSchema }; resource_schemas?: AwsResourceSchemas }>;
  };
  const { provider, resource_schemas } = schema.provider_schemas?.[AWS_PROVIDER] ?? {};
  if (provider === undefined || resource_schemas === undefined) throw new Error(`${schemaFile} holds no schema of ${AWS_PROVIDER}`);
  return { version: AWS_PROVIDER_VERSION, source: "the provider binary", provider, resource_schemas };
}

/** The extract of `version` in fixtures/. */
export function loadExtractedAwsSchema(version: string): AwsProviderSchema {
  const file = new URL(`./fixtures/aws-provider-${version}-schema.json`, import.meta.url);
  const extract = JSON.parse(readFileSync(file, "utf8")) as AwsProviderSchema;
  if (extract.version !== version) throw new Error(`${file.pathname} holds the schema of ${extract.version}, not ${version}`);
  return extract;
}

/**
 * A schema reduced to what a binding's jsii assembly can say (see the extraction script): sets as
 * lists, object-typed and computed-only attributes of nested blocks left out, max_items only where it
 * is 1. An extract and the binary's schema of one version must reduce to the same.
 */
export function reducedSchema(block: TerraformBlockSchema, topLevel = true): unknown {
  const reduce = (type: TerraformType): unknown => (typeof type === "string" ? type : type[0] === "map" ? ["map", reduce(type[1])] : type[0] === "list" || type[0] === "set" ? ["list", reduce(type[1])] : "object");
  const attributes = Object.entries(block.attributes ?? {}).flatMap(([name, attribute]) => {
    const computedOnly = attribute.computed === true && attribute.optional !== true && attribute.required !== true;
    if (computedOnly) return topLevel ? [[name, "computed"]] : [];
    return [[name, `${attribute.required === true ? "required" : "optional"} ${JSON.stringify(attribute.type === undefined ? "nested" : reduce(attribute.type))}`]];
  });
  const blocks = Object.entries(block.block_types ?? {}).map(([name, nested]) => [
    name,
    { min_items: nested.min_items ?? 0, once: nested.max_items === 1 || nested.nesting_mode === "single", block: reducedSchema(nested.block, false) },
  ]);
  return { attributes: Object.fromEntries(attributes.sort()), blocks: Object.fromEntries(blocks.sort()) };
}
