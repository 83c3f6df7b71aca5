/**
 * What the provider-schema conformance checks share (cloudflare-schema-violations.ts against the
 * Cloudflare provider's schema as data, aws-schema-violations.ts against the AWS provider's own
 * `terraform providers schema -json`): the violation they report, and what in a resource body is
 * Terraform's rather than the provider's.
 */

export type SchemaViolationKind =
  /** A resource type the provider does not have (or the schema at hand does not describe). */
  | "unknown-resource-type"
  /** An attribute or nested block the schema does not declare. */
  | "unknown-attribute"
  /** A computed-only attribute: the provider reads it back and refuses a configured value. */
  | "computed-only"
  /** A required attribute (or a block with min_items) that is missing. */
  | "required-missing"
  /** A value of the wrong kind: a string where a number goes, an object where a list goes… */
  | "wrong-type"
  /** A value outside the attribute's OneOf validator. */
  | "not-one-of"
  /** A value that does not match the attribute's RegexMatches validator. */
  | "pattern-mismatch"
  /** A ruleset action parameter under a rule whose action does not take it. */
  | "wrong-action"
  /** More or fewer nested blocks than the schema's min_items/max_items. */
  | "block-count"
  /** An import block whose target the stack does not declare. */
  | "import-target-missing"
  /** An import followed by a replacement: Terraform would destroy the live object it just adopted. */
  | "import-replaces";

export interface SchemaViolation {
  /** `type.name` of the resource. */
  readonly address: string;
  /** Where in the resource: `rules[0].action_parameters.ssl`; empty for the resource as a whole. */
  readonly path: string;
  readonly kind: SchemaViolationKind;
  readonly detail: string;
}

/** One line per violation, for a failing assertion that says what is wrong and where. */
export function formatViolation(violation: SchemaViolation): string {
  const where = violation.path === "" ? violation.address : `${violation.address}.${violation.path}`;
  return `${where}: ${violation.kind}: ${violation.detail}`;
}

/**
 * Terraform's meta-arguments and cdktf's `//` comment key: they sit in a resource body beside the
 * provider's attributes but belong to Terraform, so no provider schema lists them.
 */
export const META_ARGUMENTS: ReadonlySet<string> = new Set([
  "//",
  "provider",
  "lifecycle",
  "depends_on",
  "count",
  "for_each",
  "connection",
  "provisioner",
]);

/**
 * A string Terraform evaluates (`${aws_x.y.z}`, `${trimsuffix(…)}`, a `%{…}` directive): its
 * value and type are only known at plan time, so it stands for any type and any value here.
 */
export function isTerraformExpression(value: unknown): boolean {
  return typeof value === "string" && (value.includes("${") || value.includes("%{"));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `rules[0]`, `tags["team"]`, `actions.ssl`: paths as a reader of the JSON would write them. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** The JSON kind of a value, for messages. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  const shown = JSON.stringify(value);
  return `${typeof value} ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
}
