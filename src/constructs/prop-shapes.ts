import { TerraformProvider } from "cdktf";
import { isAwsBindingProvider } from "./provider-bindings";
import { didYouMean } from "../config/problems/did-you-mean";
import { isRecord } from "../config/rules/parse-fields";
import { formatPath, type FieldPath, type Problem } from "../config/problems/problem";
import { unknownKeyProblem } from "../config/problems/zod-problems";

/**
 * The shape of a construct's prop, checked at run time for library users who call from plain
 * JavaScript, where the compiler checks nothing: a typo in a key or an enum value would otherwise
 * build something else than asked, without a word.
 */
export type PropShape =
  | { readonly type: "string" | "number" | "boolean" | "any" }
  | { readonly type: "enum"; readonly values: readonly string[] }
  | { readonly type: "provider"; readonly provider: ProviderType }
  | { readonly type: "object"; readonly props: PropShapes }
  /** An object whose `kind` says which of the variants' props it has (`{ kind: "route53", zoneId }`). */
  | { readonly type: "union"; readonly variants: Readonly<Record<string, PropShapes>> }
  | { readonly type: "map"; readonly values: PropShape }
  | { readonly type: "list"; readonly items: PropShape };

/** A prop: its shape, and whether it must be given. */
export interface PropSpec {
  readonly shape: PropShape;
  readonly required: boolean;
}

/** The props of an object, by key: no other key is allowed. */
export type PropShapes = Readonly<Record<string, PropSpec>>;

/**
 * The description of props `P`, one entry per key, required exactly where the type requires it:
 * the compiler keeps the description and the props type in step.
 */
export type Described<P> = { readonly [K in keyof P & string]-?: { readonly shape: PropShape; readonly required: undefined extends P[K] ? false : true } };

export const TEXT: PropShape = { type: "string" };
export const NUMBER: PropShape = { type: "number" };
export const FLAG: PropShape = { type: "boolean" };
export const ANY: PropShape = { type: "any" };

export function required(shape: PropShape): { readonly shape: PropShape; readonly required: true } {
  return { shape, required: true };
}

export function optional(shape: PropShape): { readonly shape: PropShape; readonly required: false } {
  return { shape, required: false };
}

/** One of a list's values, the list taken from its one home (`CLOUDFLARE_MODES`, `SSL_SCOPES`, …). */
export function oneOf(values: readonly string[]): PropShape {
  return { type: "enum", values };
}

export function objectOf<P>(props: Described<P>): PropShape {
  return { type: "object", props };
}

/** An object keyed by some of `keys` (the phases of a zone's rulesets), each value of one shape. */
export function keyedBy(keys: readonly string[], values: PropShape): PropShape {
  return { type: "object", props: Object.fromEntries(keys.map((key) => [key, optional(values)])) };
}

/** A provider of the given Terraform type, of this app's cdktf. */
export function providerOf(provider: ProviderType): PropShape {
  return { type: "provider", provider };
}

export function mapOf(values: PropShape): PropShape {
  return { type: "map", values };
}

export function listOf(items: PropShape): PropShape {
  return { type: "list", items };
}

/**
 * An object discriminated by `kind`, one entry per kind: the compiler checks the kinds against the
 * type (`DnsTarget`'s come from `DNS_CHOICES`), and the message lists them in this order.
 */
export function unionOf<P extends { readonly kind: string }>(variants: { readonly [K in P["kind"]]: Described<Omit<Extract<P, { readonly kind: K }>, "kind">> }): PropShape {
  return { type: "union", variants };
}

type ProviderType = "aws" | "cloudflare";

/** What to pass for a provider prop, by the provider's Terraform type. */
const PROVIDER_CLASSES: Readonly<Record<ProviderType, string>> = {
  aws: "an AwsProvider (new AwsProvider(stack, id, { ... }) from @cdktf/provider-aws/lib/provider or @cdktn/provider-aws/lib/provider)",
  cloudflare: "a CloudflareProvider (new CloudflareProvider(stack, id, { ... }) from @cdktf/provider-cloudflare/lib/provider)",
};

/** What to do when a provider comes from a second copy of cdktf, whose classes this library cannot use. */
export const TWO_COPIES_FIX =
  "install email-assets-domain so that it uses your app's cdktf: from a tarball (npm pack), or with npm install --install-links for a folder";

export function providerProblem(value: unknown, provider: ProviderType): string | undefined {
  const type = (value as { terraformResourceType?: unknown } | null | undefined)?.terraformResourceType;
  if (type === provider && (value instanceof TerraformProvider || (provider === "aws" && isAwsBindingProvider(value)))) return undefined;
  // Told apart by its Terraform type, not its class: the app may load the binding from a copy of its own.
  if (type === provider) return `is a ${provider} provider from another copy of cdktf than this library's (two copies are loaded); ${TWO_COPIES_FIX}`;
  return `must be ${PROVIDER_CLASSES[provider]}`;
}

/** A value as a problem shows it: a construct by its class and path, which its JSON would bury. */
export function shown(value: unknown): unknown {
  const path = (value as { node?: { path?: unknown } } | null | undefined)?.node?.path;
  return typeof path === "string" ? `${(value as object).constructor.name} at ${path}` : value;
}

/** `{ kind: "existing", arn } or { kind: "new", provider }`: the forms a union takes, with their required props. */
function unionForms(variants: Readonly<Record<string, PropShapes>>): string {
  return Object.entries(variants)
    .map(([kind, props]) => `{ ${[`kind: "${kind}"`, ...Object.keys(props).filter((key) => props[key]?.required)].join(", ")} }`)
    .join(" or ");
}

/** The problems of `value` against `shape`, at `path`. */
function shapeProblems(shape: PropShape, value: unknown, path: FieldPath, problems: Problem[]): void {
  const problem = (message: string, received: unknown = value) => problems.push({ path: formatPath(path), message, received });
  switch (shape.type) {
    case "any":
      return;
    case "string":
    case "number":
      if (typeof value !== shape.type) problem(`must be a ${shape.type}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") problem("must be true or false");
      return;
    case "enum":
      // Tokens are refused too: the value decides, at synth, what is built.
      if (typeof value !== "string" || !shape.values.includes(value)) {
        problem(`must be one of ${shape.values.join(", ")}${typeof value === "string" ? didYouMean(value, shape.values) : ""}`);
      }
      return;
    case "provider": {
      const message = providerProblem(value, shape.provider);
      if (message !== undefined) problem(message, shown(value));
      return;
    }
    case "object":
      if (isRecord(value)) propsProblems(shape.props, value, path, problems);
      else problem("must be an object");
      return;
    case "map":
      if (!isRecord(value)) problem("must be an object");
      else for (const [key, item] of Object.entries(value)) shapeProblems(shape.values, item, [...path, key], problems);
      return;
    case "list":
      if (!Array.isArray(value)) problem("must be a list");
      else value.forEach((item, index) => shapeProblems(shape.items, item, [...path, index], problems));
      return;
    case "union": {
      if (!isRecord(value)) {
        problem(`must be an object: ${unionForms(shape.variants)}`);
        return;
      }
      const variant = typeof value.kind === "string" && Object.hasOwn(shape.variants, value.kind) ? shape.variants[value.kind] : undefined;
      if (variant === undefined) shapeProblems(oneOf(Object.keys(shape.variants)), value.kind, [...path, "kind"], problems);
      else propsProblems({ kind: required(ANY), ...variant }, value, path, problems);
      return;
    }
  }
}

/** The problems of an object's props: each described one, then every key not described. */
function propsProblems(props: PropShapes, value: Readonly<Record<string, unknown>>, path: FieldPath, problems: Problem[]): void {
  for (const [key, spec] of Object.entries(props)) {
    const item = value[key];
    if (item !== undefined) shapeProblems(spec.shape, item, [...path, key], problems);
    else if (spec.required) {
      const forms = spec.shape.type === "union" ? `: ${unionForms(spec.shape.variants)}` : "";
      problems.push({ path: formatPath([...path, key]), message: `is required${forms}`, received: undefined });
    }
  }
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(props, key)) problems.push(unknownKeyProblem(path, key, shown(value[key]), Object.keys(props)));
  }
}

/**
 * The problems of a construct's props (or a function's options) against their description. `name`
 * is what the value is called when it is not an object at all; `path` prefixes the props' own paths.
 */
export function describedProblems(props: PropShapes, value: unknown, name: string, path: FieldPath): Problem[] {
  const problems: Problem[] = [];
  if (isRecord(value)) propsProblems(props, value, path, problems);
  else {
    const needed = Object.keys(props).filter((key) => props[key]?.required);
    const what = needed.length > 0 ? `an object with ${needed.join(", ")} (and optional props)` : "an object";
    problems.push({ path: name, message: value === undefined ? `is required: ${what}` : `must be ${what}`, received: shown(value) });
  }
  return problems;
}
