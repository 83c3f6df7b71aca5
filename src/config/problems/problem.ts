/** One thing wrong (or worth a warning) in a config, tied to the field it is about. */
export interface Problem {
  /** Field path such as `domains[1].region`; `config` for the file as a whole. */
  readonly path: string;
  /** What is wrong and how to fix it, without the path or the received value. */
  readonly message: string;
  /** The value that was received; `undefined` when the field is missing. */
  readonly received?: unknown;
}

/** A field's place in the config, as segments: `["domains", 0, "cloudflare", "zoneId"]`. */
export type FieldPath = readonly PropertyKey[];

/**
 * Characters that show as nothing or as something else: control and format characters, line and
 * paragraph separators, and the default-ignorable ones (variation selectors, Hangul fillers,
 * combining grapheme joiner), which name conversion may silently drop.
 */
const INVISIBLE_CHARACTER = "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Default_Ignorable_Code_Point}]";
const INVISIBLE = new RegExp(INVISIBLE_CHARACTER, "gu");
const ANY_INVISIBLE = new RegExp(INVISIBLE_CHARACTER, "u");

/** True when `text` holds a character that would not show as itself (see INVISIBLE_CHARACTER). */
export function hasInvisible(text: string): boolean {
  return ANY_INVISIBLE.test(text);
}

/** Longest key shown in a path, and longest received value, before they are cut. */
const MAX_KEY_LENGTH = 40;
const MAX_RECEIVED_LENGTH = 160;
/** Longest problem message: messages quote parts of values, which may be long. */
const MAX_MESSAGE_LENGTH = 400;

/**
 * Text with every character a terminal would not show as itself written as an escape: control
 * characters (newlines included), format characters (bidi overrides, zero-width marks, soft
 * hyphens) and line or paragraph separators. A problem line then stays one line, and shows what
 * is really there.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** `text` cut to `max` characters, saying how long the original was (`length`, before escaping and quoting). */
function cut(text: string, max: number, length = text.length): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}... (${length} characters)`;
}

/** Longest field path shown: a path through many long keys is cut, keeping its end, where the problem is. */
const MAX_PATH_LENGTH = 160;

/** Longest line of the CLI's own (a status or usage line, which may quote a path or a value). */
const MAX_LINE_LENGTH = 500;

/** A line of the CLI's own, escaped like a problem line and cut to a bounded length. */
export function boundedLine(text: string): string {
  return cut(visible(text), MAX_LINE_LENGTH);
}

/** Field path segments to the dotted/bracketed form users see: `domains[0].cloudflare.zoneId`. */
export function formatPath(segments: FieldPath): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    // A key that is not a plain name (a typo with a newline, say) is quoted, escaped and cut, so the line stays one short line.
    else if (!/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(String(segment))) out += `[${cut(visible(JSON.stringify(String(segment))), MAX_KEY_LENGTH, String(segment).length)}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  if (out === "") return "config";
  return out.length <= MAX_PATH_LENGTH ? out : `...${out.slice(out.length - MAX_PATH_LENGTH + 3)}`;
}

/** JSON of a value that may hold cycles (a circular YAML alias) or functions: never throws. */
function safeJson(value: unknown): string {
  const ancestors: unknown[] = [];
  try {
    return (
      JSON.stringify(value, function (this: unknown, _key, item: unknown) {
        if (typeof item === "bigint") return item.toString();
        if (typeof item === "function" || typeof item === "symbol") return `[${typeof item}]`;
        if (typeof item !== "object" || item === null) return item;
        while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
        if (ancestors.includes(item)) return "[circular]";
        ancestors.push(item);
        return item;
      }) ?? typeof value
    );
  } catch {
    return `[${typeof value}]`;
  }
}

/** A received value as it would appear in the config: strings quoted, objects as short JSON; escaped and cut. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return cut(visible(JSON.stringify(value)), MAX_RECEIVED_LENGTH, value.length);
  if (typeof value === "bigint") return `${value}`;
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "function" || typeof value === "symbol") return typeof value;
  return cut(visible(safeJson(value)), MAX_RECEIVED_LENGTH);
}

/** The one-line form of a problem: `<field path>: <problem>; received <value>`, each part escaped and bounded. */
export function formatProblem(problem: Problem): string {
  return `${cut(visible(problem.path), MAX_PATH_LENGTH)}: ${cut(visible(problem.message), MAX_MESSAGE_LENGTH)}; received ${formatReceived(problem.received)}`;
}

/** Thrown by the entry points when a config cannot be used; carries every problem at once. */
export class ConfigError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], source?: string) {
    const header = source ? `invalid config (${source})` : "invalid config";
    super(`${header}:\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}
