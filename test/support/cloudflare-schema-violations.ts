import { readFileSync } from "node:fs";
import {
  childPath,
  describeValue,
  isPlainObject,
  isTerraformExpression,
  META_ARGUMENTS,
  type SchemaViolation,
  type SchemaViolationKind,
} from "./schema-violation";

/**
 * Cloudflare resources checked against the Cloudflare provider's own schema at v5.14.0, held as
 * data in fixtures/cloudflare-provider-5.14.0-schema.json (see its `_about`). There is no
 * Cloudflare provider binary on the build machines, so `terraform validate` cannot do this.
 */

/** The plugin framework's attribute kinds this check knows; the fixture's test holds it to them. */
export const CLOUDFLARE_ATTRIBUTE_TYPES = [
  "String",
  "Bool",
  "Int64",
  "Float64",
  "Number",
  "Dynamic",
  "SingleNested",
  "ListNested",
  "SetNested",
  "MapNested",
  "List",
  "Set",
  "Map",
] as const;
export type CloudflareAttributeType = (typeof CLOUDFLARE_ATTRIBUTE_TYPES)[number];

/** One attribute as the provider's schema.go declares it. */
export interface CloudflareAttribute {
  readonly type: CloudflareAttributeType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly oneOf?: readonly (string | number)[];
  readonly caseInsensitive?: boolean;
  readonly pattern?: string;
  readonly requiresReplace?: boolean;
  readonly onlyWithAction?: string;
  readonly attributes?: Readonly<Record<string, CloudflareAttribute>>;
}

export type CloudflareAttributes = Readonly<Record<string, CloudflareAttribute>>;

export interface CloudflareSchema {
  readonly _about: string;
  readonly resources: Readonly<Record<string, CloudflareAttributes>>;
}

const CLOUDFLARE_SCHEMA_FILE = new URL("./fixtures/cloudflare-provider-5.14.0-schema.json", import.meta.url);

export function loadCloudflareSchema(): CloudflareSchema {
  return JSON.parse(readFileSync(CLOUDFLARE_SCHEMA_FILE, "utf8")) as CloudflareSchema;
}

/**
 * How the provider reads an import id into attributes (its documented `terraform import` id
 * formats), for the types this project imports. An attribute the id sets cannot differ from the
 * live object's, so it cannot force a replacement after the import as long as the configuration
 * says the same.
 */
const IMPORT_ID_FORMATS: Readonly<Record<string, readonly RegExp[]>> = {
  cloudflare_ruleset: [/^zones\/(?<zone_id>[^/]+)\/(?<id>[^/]+)$/, /^accounts\/(?<account_id>[^/]+)\/(?<id>[^/]+)$/],
  cloudflare_dns_record: [/^(?<zone_id>[^/]+)\/(?<id>[^/]+)$/],
  cloudflare_page_rule: [/^(?<zone_id>[^/]+)\/(?<id>[^/]+)$/],
  cloudflare_workers_route: [/^(?<zone_id>[^/]+)\/(?<id>[^/]+)$/],
};

/**
 * Replacing attributes that an adopted object must already have as configured, because the key
 * that adopts it says so (a record adopted as the domain's CNAME is a CNAME): a live object that
 * differs is a wrong id, which the plan must refuse rather than replace. It does so only while the
 * resource carries `prevent_destroy`, which this check then requires.
 */
const MUST_MATCH_WHEN_PROTECTED: Readonly<Record<string, readonly string[]>> = {
  cloudflare_dns_record: ["type"],
};

/** The stack JSON's parts this check reads. */
export interface CloudflareStackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly import?: readonly { readonly to: string; readonly id: string }[];
}

/**
 * Every way the stack's `cloudflare_*` resources (and its imports of them) break the provider's
 * schema: unknown, computed-only, missing or mistyped attributes at any depth; values outside a
 * OneOf or not matching a pattern; ruleset action parameters under the wrong action; and imports
 * that Terraform would follow with a replacement of the object it just adopted.
 */
export function cloudflareSchemaViolations(stack: CloudflareStackJson, schema: CloudflareSchema): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith("cloudflare_")) continue;
    const attributes = schema.resources[type];
    for (const [name, body] of Object.entries(byName)) {
      const report = (path: string, kind: SchemaViolationKind, detail: string) => violations.push({ address: `${type}.${name}`, path, kind, detail });
      if (attributes === undefined) report("", "unknown-resource-type", `the provider's schema has no resource type ${type}`);
      else checkObject(body, attributes, "", { report, topLevel: true });
    }
  }
  for (const block of stack.import ?? []) violations.push(...importViolations(block, stack, schema));
  return violations;
}

interface Walk {
  readonly report: (path: string, kind: SchemaViolationKind, detail: string) => void;
  /** The resource body itself, where Terraform's meta-arguments sit. */
  readonly topLevel?: boolean;
  /** Inside a ruleset rule's action_parameters: that rule's action. */
  readonly ruleAction?: unknown;
}

function checkObject(value: Readonly<Record<string, unknown>>, attributes: CloudflareAttributes, path: string, walk: Walk): void {
  for (const [key, child] of Object.entries(value)) {
    if (key === "//" || (walk.topLevel === true && META_ARGUMENTS.has(key))) continue;
    const attribute = attributes[key];
    const at = childPath(path, key);
    if (attribute === undefined) {
      walk.report(at, "unknown-attribute", "the provider's schema has no such attribute");
      continue;
    }
    const { ruleAction } = walk;
    if (attribute.onlyWithAction !== undefined && typeof ruleAction === "string" && !isTerraformExpression(ruleAction) && ruleAction !== attribute.onlyWithAction) {
      walk.report(at, "wrong-action", `is a parameter of action "${attribute.onlyWithAction}"; this rule's action is "${ruleAction}"`);
    }
    // action_parameters are checked against the action of the rule that holds them, and only there.
    const nested: Walk = { report: walk.report, ruleAction: key === "action_parameters" && "action" in attributes ? value.action : undefined };
    checkValue(child, attribute, at, nested);
  }
  for (const [key, attribute] of Object.entries(attributes)) {
    if (attribute.required === true && (value[key] === undefined || value[key] === null)) {
      walk.report(childPath(path, key), "required-missing", `is required (${attribute.type})`);
    }
  }
}

function checkValue(value: unknown, attribute: CloudflareAttribute, path: string, walk: Walk): void {
  // null is how Terraform JSON leaves an attribute unset; a required one is reported by its object.
  if (value === null) return;
  if (attribute.computed === true && attribute.optional !== true && attribute.required !== true) {
    walk.report(path, "computed-only", "is computed by the provider and cannot be set");
    return;
  }
  if (isTerraformExpression(value)) return;
  const wrongType = () => walk.report(path, "wrong-type", `must be ${typeName(attribute.type)}; got ${describeValue(value)}`);
  const nestedObject = (element: unknown, at: string) => {
    if (isTerraformExpression(element)) return;
    if (!isPlainObject(element)) walk.report(at, "wrong-type", `must be an object; got ${describeValue(element)}`);
    else checkObject(element, attribute.attributes ?? {}, at, walk);
  };
  switch (attribute.type) {
    case "String":
      if (typeof value !== "string") return wrongType();
      return checkValidators(value, attribute, path, walk);
    case "Bool":
      if (typeof value !== "boolean") wrongType();
      return;
    case "Int64":
      if (typeof value !== "number" || !Number.isInteger(value)) return wrongType();
      return checkValidators(value, attribute, path, walk);
    case "Float64":
    case "Number":
      if (typeof value !== "number" || !Number.isFinite(value)) return wrongType();
      return checkValidators(value, attribute, path, walk);
    case "Dynamic":
      return;
    case "SingleNested":
      if (!isPlainObject(value)) return wrongType();
      return checkObject(value, attribute.attributes ?? {}, path, walk);
    case "ListNested":
    case "SetNested":
      if (!Array.isArray(value)) return wrongType();
      return value.forEach((element, index) => nestedObject(element, childPath(path, index)));
    case "MapNested":
      if (!isPlainObject(value)) return wrongType();
      return Object.entries(value).forEach(([key, element]) => nestedObject(element, childPath(path, key)));
    case "List":
    case "Set":
      if (!Array.isArray(value)) return wrongType();
      // A collection's validators (ValueStringsAre…) apply to each element.
      return value.forEach((element, index) => {
        if (typeof element === "string" || typeof element === "number") checkValidators(element, attribute, childPath(path, index), walk);
      });
    case "Map":
      if (!isPlainObject(value)) return wrongType();
      // A map's validators (KeysAre…) apply to its keys: the provider's maps are keyed by ids.
      return Object.keys(value).forEach((key) => checkValidators(key, attribute, childPath(path, key), walk));
  }
}

function typeName(type: CloudflareAttributeType): string {
  switch (type) {
    case "String":
      return "a string";
    case "Bool":
      return "a boolean";
    case "Int64":
      return "a whole number";
    case "Float64":
    case "Number":
      return "a number";
    case "Dynamic":
      return "any value";
    case "SingleNested":
    case "Map":
    case "MapNested":
      return "an object";
    case "ListNested":
    case "SetNested":
    case "List":
    case "Set":
      return "a list";
  }
}

function checkValidators(value: string | number, attribute: CloudflareAttribute, path: string, walk: Walk): void {
  if (isTerraformExpression(value)) return;
  const { oneOf, pattern } = attribute;
  if (oneOf !== undefined) {
    const fold = (v: string | number) => (attribute.caseInsensitive === true && typeof v === "string" ? v.toLowerCase() : v);
    if (!oneOf.some((allowed) => fold(allowed) === fold(value))) {
      walk.report(path, "not-one-of", `must be one of ${oneOf.join(", ")}${attribute.caseInsensitive === true ? " (any case)" : ""}; got ${JSON.stringify(value)}`);
    }
  }
  if (pattern !== undefined && typeof value === "string" && !new RegExp(pattern).test(value)) {
    walk.report(path, "pattern-mismatch", `must match ${pattern}; got ${JSON.stringify(value)}`);
  }
}

/**
 * An import adopts a live object; if the configuration then differs from it in an attribute that
 * requires replacement, the same apply destroys that object and creates another. Such an attribute
 * must be in `lifecycle.ignore_changes`, unless the import id itself sets it (then the
 * configuration must say the same as the id).
 */
function importViolations(block: { readonly to: string; readonly id: string }, stack: CloudflareStackJson, schema: CloudflareSchema): SchemaViolation[] {
  const dot = block.to.indexOf(".");
  const [type, name] = [block.to.slice(0, dot), block.to.slice(dot + 1)];
  const attributes = schema.resources[type];
  if (!type.startsWith("cloudflare_") || attributes === undefined) return [];
  const body = stack.resource?.[type]?.[name];
  if (body === undefined) {
    return [{ address: block.to, path: "", kind: "import-target-missing", detail: `the stack imports ${block.id} into a resource it does not declare` }];
  }
  const ignoreChanges: unknown = isPlainObject(body.lifecycle) ? body.lifecycle.ignore_changes : undefined;
  if (ignoreChanges === "all") return [];
  const ignored = Array.isArray(ignoreChanges) ? ignoreChanges.filter((entry): entry is string => typeof entry === "string") : [];
  const protectedByLifecycle = isPlainObject(body.lifecycle) && body.lifecycle.prevent_destroy === true;
  const fromId = isTerraformExpression(block.id)
    ? undefined
    : (IMPORT_ID_FORMATS[type] ?? []).map((format) => format.exec(block.id)?.groups).find((groups) => groups !== undefined);
  const violations: SchemaViolation[] = [];
  for (const { path, value } of replacingAttributes(body, attributes, "")) {
    if (ignored.some((entry) => path === entry || path.startsWith(`${entry}.`))) continue;
    if (protectedByLifecycle && (MUST_MATCH_WHEN_PROTECTED[type] ?? []).includes(path)) continue;
    const idValue = fromId?.[path];
    if (idValue !== undefined && (idValue === value || isTerraformExpression(value))) continue;
    violations.push({
      address: block.to,
      path,
      kind: "import-replaces",
      detail:
        idValue !== undefined
          ? `the import id ${block.id} reads ${path} = ${JSON.stringify(idValue)} but the configuration sets ${JSON.stringify(value)}: the plan after the import replaces the adopted object`
          : `requires replacement and is not in lifecycle.ignore_changes: wherever the adopted object's ${path} differs from ${JSON.stringify(value)}, the plan after the import destroys it`,
    });
  }
  return violations;
}

/** The configured attributes (also inside single nested objects) that force a replacement when they change. */
function replacingAttributes(value: Readonly<Record<string, unknown>>, attributes: CloudflareAttributes, prefix: string): { path: string; value: unknown }[] {
  return Object.entries(attributes).flatMap(([key, attribute]) => {
    const child = value[key];
    if (child === undefined || child === null) return [];
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const own = attribute.requiresReplace === true ? [{ path, value: child }] : [];
    const inner = attribute.type === "SingleNested" && isPlainObject(child) ? replacingAttributes(child, attribute.attributes ?? {}, path) : [];
    return [...own, ...inner];
  });
}
