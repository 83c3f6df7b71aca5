import type * as JsYaml from "js-yaml";

/**
 * What the quick reader leaves to the full one (read-config-file's readYamlFully): tags (`!`),
 * explicit keys (`?`), directives and document markers, tabs, a quoted `<<` key (a plain key to the
 * full reader, which the quick one could not tell from a merge), and an anchor or alias whose name
 * holds anything but letters, digits, `_`, `.` and `-` (the two readers end a name differently), or
 * that stands alone on its line, ahead of any key (the two readers give it to different nodes).
 */
const LEFT_TO_THE_FULL_READER = /[!?\t]|^%|^(?:---|\.\.\.)|["']<<["']|[&*][\w.-]*[^\w.\s,[\]{}-]|^[ -]*[&*][\w.-]*[ \r]*(?:#.*)?$/m;

/** Deeper than this, the full reader decides (it says where a file is nested too deeply to read). */
const MAX_QUICK_DEPTH = 40;

/**
 * A bound on how deep a YAML text nests, from the text alone: the most, over its lines, of the
 * line's leading run of spaces and `-` and `?` indicators (a level takes at least one of them) plus
 * the flow brackets (`[`, `{`) open there. Generous: valid configs, at most 5 levels deep, stay far
 * below a hundred. The parsers recurse once a level, and deep enough a text exhausts the stack.
 */
export function nestingBound(text: string): number {
  let bound = 0;
  let open = 0;
  // The length of the current line's leading run, or -1 once something else came.
  let lead = 0;
  let run = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x0a) {
      lead = 0;
      run = 0;
      continue;
    }
    // space, -, ?
    if (lead >= 0 && (code === 0x20 || code === 0x2d || code === 0x3f)) run = ++lead;
    else lead = -1;
    // [ and {, ] and }
    if (code === 0x5b || code === 0x7b) open++;
    else if ((code === 0x5d || code === 0x7d) && open > 0) open--;
    if (run + open > bound) bound = run + open;
  }
  return bound;
}

/** Beyond this bound (nestingBound), the full reader reads the file. */
const MAX_QUICK_NESTING = 4 * MAX_QUICK_DEPTH;

/**
 * Whether each line's quotes close on it and its comments follow a space: a quoted scalar that
 * runs over several lines is folded, and a `#` right after other text is no comment, and there the
 * two readers may differ. A quote within a plain scalar (`it's`) counts as one that does not close.
 */
function plainLines(text: string): boolean {
  let quote = "";
  let previous = "\n";
  for (let at = 0; at < text.length; at++) {
    const char = text.charAt(at);
    if (quote === "'") {
      if (char === "'" && text[at + 1] === "'") at++;
      else if (char === "'") quote = "";
      else if (char === "\n") return false;
    } else if (quote === '"') {
      if (char === "\\") at++;
      else if (char === '"') quote = "";
      else if (char === "\n") return false;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "#") {
      if (previous !== " " && previous !== "\n") return false;
      // The comment runs to the end of the line.
      const end = text.indexOf("\n", at);
      if (end < 0) return true;
      at = end;
      previous = "\n";
      continue;
    }
    previous = char;
  }
  return quote === "";
}

/** A plain scalar that the YAML 1.2 core schema reads as something other than a string, as the full reader (the `yaml` package) reads it. */
const DIGITS = "0123456789";
const CORE_SCALARS: readonly { tag: string; first: string; test: RegExp; value: (text: string) => unknown }[] = [
  { tag: "null", first: "~nN", test: /^(?:~|[Nn]ull|NULL)$/, value: () => null },
  { tag: "bool", first: "tTfF", test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, value: (text) => text[0] === "t" || text[0] === "T" },
  { tag: "int", first: "0", test: /^0o[0-7]+$/, value: (text) => parseInt(text.slice(2), 8) },
  { tag: "int", first: `-+${DIGITS}`, test: /^[-+]?[0-9]+$/, value: (text) => parseInt(text, 10) },
  { tag: "int", first: "0", test: /^0x[0-9a-fA-F]+$/, value: (text) => parseInt(text.slice(2), 16) },
  {
    tag: "float",
    first: "-+.",
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    value: (text) => (text.slice(-3).toLowerCase() === "nan" ? NaN : text[0] === "-" ? -Infinity : Infinity),
  },
  { tag: "float", first: `-+.${DIGITS}`, test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, value: (text) => parseFloat(text) },
  { tag: "float", first: `-+.${DIGITS}`, test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, value: (text) => parseFloat(text) },
];

let schema: JsYaml.Schema | undefined;

/** js-yaml's failsafe schema (strings, lists, mappings) plus the core schema's scalars exactly as the full reader resolves them; no merge type (see mergeKeys). */
function coreSchema(jsYaml: typeof JsYaml): JsYaml.Schema {
  // js-yaml keeps one type per tag: each tag's forms are tried in order by one type.
  const tags = [...new Set(CORE_SCALARS.map(({ tag }) => tag))];
  schema ??= jsYaml.FAILSAFE_SCHEMA.extend({
    implicit: tags.map((tag) => {
      const forms = CORE_SCALARS.filter((form) => form.tag === tag);
      // Most plain scalars of a config are names: a first character no form starts with settles it.
      const firsts = new Set(forms.flatMap(({ first }) => [...first]));
      const formOf = (text: string | null) => (text === null || !firsts.has(text.charAt(0)) ? undefined : forms.find(({ test }) => test.test(text)));
      return new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
        kind: "scalar",
        resolve: (text: string | null) => formOf(text) !== undefined,
        construct: (text: string) => formOf(text)?.value(text),
      });
    }),
  });
  return schema;
}

type Plain = Record<string, unknown> | unknown[];
const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Applies the merge keys (`<<: *defaults`, `<<: [*a, *b]`) of every mapping, in place, as the full
 * reader does: the mapping's own keys, in their order, then each merged mapping's keys that are not
 * yet there, in order. Each mapping is visited once (aliases share one value), leaves first, so a
 * merged anchor has its own merges applied. False when a mapping merges something that is not a
 * mapping, or the value is nested deeper than MAX_QUICK_DEPTH: the full reader says what is wrong.
 */
function mergeKeys(root: unknown): boolean {
  // The height of each list or mapping visited: the deepest nesting under it, itself included.
  const heights = new Map<Plain, number>();
  const visit = (value: unknown, depth: number): number => {
    if (typeof value !== "object" || value === null) return 0;
    const plain = value as Plain;
    const known = heights.get(plain);
    if (known !== undefined) return known;
    // Not walked further: the full reader decides.
    if (depth > MAX_QUICK_DEPTH) return Infinity;
    let below = 0;
    for (const inner of Object.values(plain)) below = Math.max(below, visit(inner, depth + 1));
    if (below === Infinity) return Infinity;
    if (isMapping(plain) && Object.hasOwn(plain, "<<")) {
      const merged = plain["<<"];
      const sources = Array.isArray(merged) ? merged : [merged];
      if (!sources.every(isMapping)) return Infinity;
      delete plain["<<"];
      for (const source of sources) {
        for (const [name, inner] of Object.entries(source)) {
          if (!Object.hasOwn(plain, name)) Object.defineProperty(plain, name, { value: inner, enumerable: true, writable: true, configurable: true });
        }
      }
    }
    heights.set(plain, below + 1);
    return below + 1;
  };
  return visit(root, 0) <= MAX_QUICK_DEPTH;
}

/**
 * A YAML config read quickly, or undefined when the full reader (read-config-file's readYamlFully) must
 * read it. The full reader builds the `yaml` package's whole document model, which costs about a
 * third of a second for a thousand domains; js-yaml reads the same plain data in a fraction of that.
 * The quick reader takes only what both read alike, and gives the same value (key order included):
 * block and flow mappings and lists, every scalar style with the YAML 1.2 core schema's types, anchors,
 * aliases (one shared value each) and merge keys. Anything else (see LEFT_TO_THE_FULL_READER), and
 * anything js-yaml refuses (a syntax error, a key written twice, an alias before its anchor, several
 * documents, a file of comments only), goes to the full reader, which reads it or says what is wrong, where.
 * `nesting` is the text's nestingBound, when the caller has it already.
 */
export function readYamlQuickly(text: string, nesting: number = nestingBound(text)): { readonly value: unknown } | undefined {
  if (nesting > MAX_QUICK_NESTING || LEFT_TO_THE_FULL_READER.test(text) || !plainLines(text)) return undefined;
  // Loaded only for YAML files, as the full reader is.
  const jsYaml = require("js-yaml") as typeof JsYaml;
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: coreSchema(jsYaml) });
  } catch {
    return undefined;
  }
  // A config is a mapping; anything else (nothing but comments, a lone scalar) the full reader reads, or says what the file lacks.
  if (!isMapping(value) || !mergeKeys(value)) return undefined;
  return { value };
}
