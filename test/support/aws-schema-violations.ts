import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  childPath,
  describeValue,
  isPlainObject,
  isTerraformExpression,
  META_ARGUMENTS,
  type SchemaViolation,
  type SchemaViolationKind,
} from "./schema-violation";
import { AWS_PROVIDER, AWS_PROVIDER_VERSION, findTerraform, terraform, writeCliConfig } from "./terraform";

/**
 * aws_* resources checked against the AWS provider's own schema, as the provider binary from the
 * filesystem mirror reports it (`terraform providers schema -json`). `terraform validate` checks
 * the same for a whole stack but stops at the first problems and needs the stack without its
 * Cloudflare parts; this check reports every violation with its place, and its failure tests plant
 * each kind of error.
 */

/** A Terraform type constraint as the schema JSON writes it. */
export type TerraformType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", TerraformType]
  | readonly ["object", Readonly<Record<string, TerraformType>>, (readonly string[])?]
  | readonly ["tuple", readonly TerraformType[]];

export interface TerraformAttributeSchema {
  readonly type?: TerraformType;
  /** Attributes of plugin-framework nested types; provider 5.100.0 has none. */
  readonly nested_type?: unknown;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
}

export interface TerraformBlockSchema {
  readonly attributes?: Readonly<Record<string, TerraformAttributeSchema>>;
  readonly block_types?: Readonly<Record<string, TerraformNestedBlockSchema>>;
}

export interface TerraformNestedBlockSchema {
  readonly nesting_mode: "single" | "group" | "list" | "set" | "map";
  readonly block: TerraformBlockSchema;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** Resource type → its schema block. */
export type AwsResourceSchemas = Readonly<Record<string, { readonly block: TerraformBlockSchema }>>;

/**
 * Runs `terraform init` and `terraform providers schema -json` in `dir` (offline, with the provider
 * from the mirror) and returns the AWS provider's resource schemas. The schema is about 14 MB of
 * JSON, so Terraform writes it straight to a file.
 */
export function extractAwsProviderSchema(dir: string): AwsResourceSchemas {
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
  const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as { provider_schemas?: Record<string, { resource_schemas?: AwsResourceSchemas }> };
  const resources = schema.provider_schemas?.[AWS_PROVIDER]?.resource_schemas;
  if (resources === undefined) throw new Error(`${schemaFile} holds no resource schemas of ${AWS_PROVIDER}`);
  return resources;
}

/** The stack JSON's parts this check reads. */
export interface AwsStackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly import?: readonly { readonly to: string; readonly id: string }[];
}

/**
 * The attributes that force a new resource (ForceNew) in provider 5.100.0, for the aws_* types
 * this project imports, from the provider's source (internal/service/acm/certificate.go,
 * cloudfront/distribution.go, route53/record.go): the schema Terraform prints does not say.
 */
export const AWS_REPLACING_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_acm_certificate: ["domain_name", "subject_alternative_names", "validation_method", "key_algorithm", "certificate_authority_arn", "validation_option"],
  aws_cloudfront_distribution: ["staging"],
  aws_route53_record: ["zone_id", "name"],
};

/** How the provider reads an import id into attributes, where it does (the others are the object's id or ARN). */
const AWS_IMPORT_ID_FORMATS: Readonly<Record<string, RegExp>> = {
  aws_route53_record: /^(?<zone_id>[^_]+)_(?<name>.+)_(?<type>[A-Z]+)$/,
};

/**
 * Every way the stack's `aws_*` resources break the provider's schema: unknown attributes and
 * blocks, computed-only attributes that are set, required attributes (and blocks with min_items)
 * missing, values of the wrong type at any depth, and blocks given more or fewer times than the
 * schema's min_items/max_items allow.
 */
export function awsSchemaViolations(stack: AwsStackJson, schemas: AwsResourceSchemas): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith("aws_")) continue;
    const schema = schemas[type];
    for (const [name, body] of Object.entries(byName)) {
      const report: Report = (path, kind, detail) => violations.push({ address: `${type}.${name}`, path, kind, detail });
      if (schema === undefined) report("", "unknown-resource-type", `provider ${AWS_PROVIDER_VERSION} has no resource type ${type}`);
      else checkBlock(body, schema.block, "", report, true);
    }
  }
  for (const block of stack.import ?? []) violations.push(...importViolations(block, stack));
  return violations;
}

/**
 * An import adopts a live object; a configured attribute that forces a new resource, unless the
 * import id sets it to the same value or Terraform ignores its changes, would make the plan after
 * the import destroy that object wherever it differs.
 */
function importViolations(block: { readonly to: string; readonly id: string }, stack: AwsStackJson): SchemaViolation[] {
  const dot = block.to.indexOf(".");
  const [type, name] = [block.to.slice(0, dot), block.to.slice(dot + 1)];
  if (!type.startsWith("aws_")) return [];
  const body = stack.resource?.[type]?.[name];
  if (body === undefined) return [{ address: block.to, path: "", kind: "import-target-missing", detail: `the stack imports ${block.id} into a resource it does not declare` }];
  const lifecycle = isPlainObject(body.lifecycle) ? body.lifecycle : {};
  const ignored = Array.isArray(lifecycle.ignore_changes) ? lifecycle.ignore_changes : [];
  if (lifecycle.ignore_changes === "all") return [];
  const fromId = AWS_IMPORT_ID_FORMATS[type]?.exec(block.id)?.groups ?? {};
  return (AWS_REPLACING_ATTRIBUTES[type] ?? []).flatMap((attribute): SchemaViolation[] => {
    const value = body[attribute];
    if (value === undefined || value === null || ignored.includes(attribute)) return [];
    const idValue = fromId[attribute];
    if (idValue !== undefined && (idValue === value || isTerraformExpression(value))) return [];
    return [
      {
        address: block.to,
        path: attribute,
        kind: "import-replaces",
        detail:
          idValue !== undefined
            ? `the import id ${block.id} reads ${attribute} = ${JSON.stringify(idValue)} but the configuration sets ${JSON.stringify(value)}: the plan after the import replaces the adopted object`
            : `forces a new resource and is not in lifecycle.ignore_changes: wherever the adopted object's ${attribute} differs from ${JSON.stringify(value)}, the plan after the import destroys it`,
      },
    ];
  });
}

type Report = (path: string, kind: SchemaViolationKind, detail: string) => void;

function checkBlock(value: Readonly<Record<string, unknown>>, block: TerraformBlockSchema, path: string, report: Report, topLevel: boolean): void {
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "//" || (topLevel && META_ARGUMENTS.has(key))) continue;
    const at = childPath(path, key);
    const attribute = attributes[key];
    const nested = blockTypes[key];
    if (attribute !== undefined) checkAttribute(child, attribute, at, report);
    else if (nested !== undefined) checkNestedBlock(child, nested, at, report);
    else report(at, "unknown-attribute", "the provider's schema has no such attribute or block");
  }
  for (const [key, attribute] of Object.entries(attributes)) {
    if (attribute.required === true && (value[key] === undefined || value[key] === null)) {
      report(childPath(path, key), "required-missing", "is required");
    }
  }
  for (const [key, nested] of Object.entries(blockTypes)) {
    if ((nested.min_items ?? 0) > 0 && (value[key] === undefined || value[key] === null)) {
      report(childPath(path, key), "required-missing", `is a required block (at least ${nested.min_items})`);
    }
  }
}

function checkAttribute(value: unknown, attribute: TerraformAttributeSchema, path: string, report: Report): void {
  if (value === null) return;
  if (attribute.computed === true && attribute.optional !== true && attribute.required !== true) {
    report(path, "computed-only", "is computed by the provider and cannot be set");
    return;
  }
  if (attribute.type === undefined) {
    // Not reached with provider 5.100.0; a newer provider's nested attributes need their own walk here.
    throw new Error(`${path}: attributes without a type (nested_type) are not checked yet`);
  }
  checkType(value, attribute.type, path, report);
}

function checkType(value: unknown, type: TerraformType, path: string, report: Report): void {
  if (value === null || isTerraformExpression(value)) return;
  const wrongType = () => report(path, "wrong-type", `must be ${typeName(type)}; got ${describeValue(value)}`);
  if (typeof type === "string") {
    const fits =
      type === "dynamic" ||
      (type === "number" && typeof value === "number" && Number.isFinite(value)) ||
      (type === "bool" && typeof value === "boolean") ||
      (type === "string" && typeof value === "string");
    if (!fits) wrongType();
    return;
  }
  switch (type[0]) {
    case "list":
    case "set":
      if (!Array.isArray(value)) return wrongType();
      return value.forEach((element, index) => checkType(element, type[1], childPath(path, index), report));
    case "map":
      if (!isPlainObject(value)) return wrongType();
      return Object.entries(value).forEach(([key, element]) => checkType(element, type[1], childPath(path, key), report));
    case "tuple":
      if (!Array.isArray(value) || value.length !== type[1].length) return wrongType();
      return value.forEach((element, index) => checkType(element, type[1][index] ?? "dynamic", childPath(path, index), report));
    case "object": {
      if (!isPlainObject(value)) return wrongType();
      const [, attributeTypes, optional = []] = type;
      for (const [key, element] of Object.entries(value)) {
        const elementType = attributeTypes[key];
        if (elementType === undefined) report(childPath(path, key), "unknown-attribute", "the object type has no such attribute");
        else checkType(element, elementType, childPath(path, key), report);
      }
      for (const key of Object.keys(attributeTypes)) {
        if (!(key in value) && !optional.includes(key)) report(childPath(path, key), "required-missing", "is required by the object type");
      }
      return;
    }
  }
}

function typeName(type: TerraformType): string {
  if (typeof type === "string") return type === "dynamic" ? "any value" : `a ${type}`;
  switch (type[0]) {
    case "list":
    case "set":
    case "tuple":
      return `a ${type[0]}`;
    case "map":
    case "object":
      return `an object (${type[0]})`;
  }
}

/**
 * In Terraform JSON a nested block is one object, or a list of objects (one per block); `single`
 * and `group` blocks occur at most once, and list and set blocks within min_items..max_items.
 */
function checkNestedBlock(value: unknown, nested: TerraformNestedBlockSchema, path: string, report: Report): void {
  if (value === null || isTerraformExpression(value)) return;
  if (nested.nesting_mode === "map") {
    if (!isPlainObject(value)) return report(path, "wrong-type", `must be an object of labelled blocks; got ${describeValue(value)}`);
    return Object.entries(value).forEach(([label, body]) => checkBlockBody(body, nested, childPath(path, label), report));
  }
  if (Array.isArray(value)) {
    value.forEach((body, index) => checkBlockBody(body, nested, childPath(path, index), report));
  } else if (isPlainObject(value)) {
    checkBlockBody(value, nested, path, report);
  } else {
    return report(path, "wrong-type", `must be a block (an object) or a list of blocks; got ${describeValue(value)}`);
  }
  const count = Array.isArray(value) ? value.length : 1;
  const max = nested.nesting_mode === "single" || nested.nesting_mode === "group" ? 1 : nested.max_items;
  const min = nested.min_items ?? 0;
  if (count < min || (max !== undefined && count > max)) {
    report(path, "block-count", `takes ${max === undefined ? `at least ${min}` : min === max ? `exactly ${min}` : `${min} to ${max}`} block(s); got ${count}`);
  }
}

function checkBlockBody(body: unknown, nested: TerraformNestedBlockSchema, path: string, report: Report): void {
  if (isTerraformExpression(body)) return;
  if (!isPlainObject(body)) report(path, "wrong-type", `must be a block (an object); got ${describeValue(body)}`);
  else checkBlock(body, nested.block, path, report, false);
}
