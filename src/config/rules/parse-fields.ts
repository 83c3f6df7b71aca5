import type { z } from "zod";
import type { FieldPath, Problem } from "../problems/problem";
import { toProblems, unknownKeyProblem } from "../problems/zod-problems";

/** A mapping parsed field by field: every field that parsed, and the problems of those that did not. */
export interface ParsedFields<T> {
  /** Each field that parsed, normalized (defaults filled in); the others are absent. */
  readonly fields: Partial<T>;
  /** Every field, when all of them parsed. */
  readonly complete?: T;
  /** The keys the input holds with a value, known or not (a rule may ask whether a value was written or defaulted). */
  readonly given: ReadonlySet<string>;
  /** The input as written, for messages that show what was received; empty when it is not a mapping. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** False when the input is not a mapping at all: rules between its fields have nothing to say then. */
  readonly isMapping: boolean;
  /** Problems of the known fields, in the schema's order. */
  readonly fieldProblems: readonly Problem[];
  /** Keys that the schema does not know. */
  readonly unknownKeyProblems: readonly Problem[];
  /** Where the value of `key` was written: the entry itself, or the config's `defaults`. */
  pathOf(key: string): FieldPath;
}

export interface ParseFieldsOptions {
  /** Keys besides the schema's that the mapping may hold (parsed elsewhere). */
  readonly alsoAllowed?: readonly string[];
  /** Where each key's value was written, when it may come from elsewhere than `at` (the config's `defaults`). @default - `[...at, key]` */
  readonly pathOf?: (key: string) => FieldPath;
}

/** How many values a field's schema remembers the result of: plenty for a fleet's regions, edges, zones and workspaces. */
const MAX_REMEMBERED = 1024;

/** Per field schema, its successful results for plain values it parsed before (see parseField). */
const remembered = new WeakMap<z.ZodTypeAny, Map<unknown, z.SafeParseReturnType<unknown, unknown>>>();

/**
 * A field's schema applied to its value, remembered for plain values: a fleet writes the same
 * region, edge, zone and workspace thousands of times, and the schemas (their normalizers too)
 * are pure functions of the value. Only a success whose result is itself a plain value is kept,
 * so no two domains share an object; -0 is never kept (a Map holds it as 0).
 */
function parseField(schema: z.ZodTypeAny, value: unknown): z.SafeParseReturnType<unknown, unknown> {
  if ((typeof value === "object" && value !== null) || typeof value === "function" || Object.is(value, -0)) return schema.safeParse(value);
  let results = remembered.get(schema);
  const known = results?.get(value);
  if (known !== undefined) return known;
  const result = schema.safeParse(value);
  const data: unknown = result.data;
  if (result.success && (typeof data !== "object" || data === null) && typeof data !== "function") {
    if (results === undefined) remembered.set(schema, (results = new Map<unknown, z.SafeParseReturnType<unknown, unknown>>()));
    if (results.size < MAX_REMEMBERED) results.set(value, result);
  }
  return result;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Parses a mapping one field at a time with the fields of `schema`, so that one bad field leaves
 * the others usable: the rules between fields still run on them and report every problem at once.
 * Keys that are neither in the schema nor in `alsoAllowed` are problems.
 */
export function parseFields<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
  raw: unknown,
  at: FieldPath,
  options: ParseFieldsOptions = {},
): ParsedFields<z.output<z.ZodObject<S>>> {
  type T = z.output<z.ZodObject<S>>;
  const { alsoAllowed = [], pathOf = (key: string): FieldPath => [...at, key] } = options;
  if (!isRecord(raw)) {
    const result = schema.safeParse(raw);
    const fieldProblems = result.success ? [] : toProblems(result.error.issues, raw, at);
    return { fields: {}, given: new Set(), raw: {}, isMapping: false, fieldProblems, unknownKeyProblems: [], pathOf };
  }
  const fieldProblems: Problem[] = [];
  const fields: Record<string, unknown> = {};
  let allParsed = true;
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    const result = parseField(fieldSchema, raw[key]);
    if (!result.success) {
      allParsed = false;
      fieldProblems.push(...toProblems(result.error.issues, raw[key], pathOf(key)));
    } else if (result.data !== undefined || Object.hasOwn(raw, key)) {
      // As zod does for a whole object: a key that was neither written nor defaulted stays absent.
      fields[key] = result.data;
    }
  }
  const known = [...Object.keys(schema.shape), ...alsoAllowed];
  const unknownKeyProblems = Object.keys(raw)
    .filter((key) => !known.includes(key))
    .map((key) => unknownKeyProblem(pathOf(key).slice(0, -1), key, raw[key], known));
  // Every field of the shape parsed with its own schema, so together they are a whole T.
  const whole = fields as T;
  const given = new Set(Object.keys(raw).filter((key) => raw[key] !== undefined));
  return { fields: whole, ...(allParsed ? { complete: whole } : {}), given, raw, isMapping: true, fieldProblems, unknownKeyProblems, pathOf };
}

/** All of a mapping's problems, in zod's order for a whole object: its fields, then unknown keys. */
export function problemsOf(parsed: ParsedFields<unknown>): Problem[] {
  return [...parsed.fieldProblems, ...parsed.unknownKeyProblems];
}
