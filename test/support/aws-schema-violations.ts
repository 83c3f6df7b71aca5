import {
  childPath,
  describeValue,
  isPlainObject,
  isTerraformExpression,
  META_ARGUMENTS,
  type SchemaViolation,
  type SchemaViolationKind,
} from "./schema-violation";
import type { AwsProviderSchema } from "./aws-provider-schemas";

/**
 * aws_* resources and AWS provider configurations checked against the AWS provider's own schema,
 * as the provider binary from the filesystem mirror reports it (`terraform providers schema -json`)
 * or as extracted for a version without a binary here (aws-provider-schemas.ts). `terraform validate` checks
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
  /** Attributes of plugin-framework nested types; the resources and provider block checked here have none. */
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

/** The stack JSON's parts this check reads. */
export interface AwsStackJson {
  readonly provider?: Readonly<Record<string, unknown>>;
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
export function awsSchemaViolations(stack: AwsStackJson, schema: AwsProviderSchema): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  const configs = stack.provider?.aws;
  (Array.isArray(configs) ? configs : configs === undefined ? [] : [configs]).forEach((config: unknown, index) => {
    const report: Report = (path, kind, detail) => violations.push({ address: `provider.aws[${index}]`, path, kind, detail });
    if (!isPlainObject(config)) return report("", "wrong-type", `must be a provider configuration (an object); got ${describeValue(config)}`);
    // `alias` is Terraform's meta-argument, not the provider's.
    const { alias: _alias, ...arguments_ } = config;
    checkBlock(arguments_, schema.provider.block, "", report, false);
  });
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith("aws_")) continue;
    const resourceSchema = schema.resource_schemas[type];
    for (const [name, body] of Object.entries(byName)) {
      const report: Report = (path, kind, detail) => violations.push({ address: `${type}.${name}`, path, kind, detail });
      if (resourceSchema === undefined) report("", "unknown-resource-type", `provider ${schema.version} has no resource type ${type}`);
      else checkBlock(body, resourceSchema.block, "", report, true);
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
    // Not reached with the schemas checked here; a provider's nested attributes would need their own walk.
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
