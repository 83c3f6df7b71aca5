import { formatPath, type Problem } from "./problem";

/** Deeper than this, a config is a mistake or an attack; the real one is 5 levels deep. */
const MAX_CONFIG_DEPTH = 32;
/** More values than this (a few hundred per domain, for thousands of domains) is refused. */
const MAX_CONFIG_VALUES = 1_000_000;

/** What a value that is not plain data is, for the message that refuses it. */
function kindOf(value: object): string {
  if (value instanceof Date) return "date";
  if (value instanceof Map) return "map of a YAML !!omap or !!pairs";
  if (value instanceof Set) return "set of a YAML !!set";
  if (ArrayBuffer.isView(value)) return "binary value of a YAML !!binary";
  return `${(value as { constructor?: { name?: string } }).constructor?.name ?? "special"} object`;
}

interface Frame {
  readonly value: unknown;
  readonly path: readonly PropertyKey[];
  /** Set on the frame that leaves `value` again, once its children are done. */
  readonly leave?: true;
}

/**
 * The first reason a config value cannot be validated at all: a value inside itself (a circular
 * YAML alias), nesting deeper than MAX_CONFIG_DEPTH, or more than MAX_CONFIG_VALUES values (an
 * alias bomb). Walks without recursion, so no input can overflow the stack.
 */
export function structureProblem(config: unknown): Problem | undefined {
  const ancestors = new Set<object>();
  const stack: Frame[] = [{ value: config, path: [] }];
  let values = 0;
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value, path } = frame;
    if (frame.leave) {
      ancestors.delete(value as object);
      continue;
    }
    values += 1;
    if (values > MAX_CONFIG_VALUES) {
      return { path: "config", message: `holds more than ${MAX_CONFIG_VALUES} values; split the fleet, or check for YAML aliases that repeat a large block`, received: undefined };
    }
    if (typeof value !== "object" || value === null) continue;
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) {
      return {
        path: formatPath(path),
        message: `is a ${kindOf(value)}, not plain data: YAML tags such as !!omap, !!set, !!binary and !!timestamp (and YAML 1.1's unquoted dates) are not read; write a plain mapping, list or quoted string`,
        received: undefined,
      };
    }
    if (ancestors.has(value)) {
      return { path: formatPath(path), message: "holds itself (a YAML alias used inside its own anchor); write the value out instead", received: undefined };
    }
    if (path.length > MAX_CONFIG_DEPTH) {
      return { path: formatPath(path.slice(0, MAX_CONFIG_DEPTH)), message: `is nested more than ${MAX_CONFIG_DEPTH} levels deep; a valid config needs at most 5`, received: undefined };
    }
    ancestors.add(value);
    stack.push({ value, path, leave: true });
    const entries: [PropertyKey, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, item] of entries) stack.push({ value: item, path: [...path, key] });
  }
  return undefined;
}
