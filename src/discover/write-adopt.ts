import { parse as parseJson, type AnyNode, type ObjectNode } from "@humanwhocodes/momoa";
import { isAlias, isMap, isScalar, isSeq, parseDocument, stringify, type Pair, type YAMLMap } from "yaml";
import { normalizeCustomDomain } from "../config/fields/domain-name";
import type { Adopt } from "./discovery";

/** A value to merge into a mapping: ids at the leaves. */
type Tree = { readonly [key: string]: Leaf | Tree };
/** An id, a switch (`route53Records: true`) or a list of record types. */
type Leaf = string | boolean | readonly string[];

function isTree(value: Leaf | Tree): value is Tree {
  return typeof value === "object" && !Array.isArray(value);
}

/** A leaf as YAML flow text: `x`, `true`, `[A, AAAA]`. */
function leafText(value: Leaf): string {
  return Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
}

/** One replacement of the text between `start` and `end`. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface AdoptWrite {
  /** The config's new text: the old one with the ids in place, every other byte as it was. */
  readonly text: string;
  /** The domains whose entry got ids. */
  readonly written: string[];
  /** Domains with ids that could not be written, and why. */
  readonly skipped: { readonly domain: string; readonly reason: string }[];
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The end of the line that holds the last character before `offset` that is not white space. */
function endOfContentLine(text: string, offset: number): number {
  let last = offset;
  while (last > 0 && /\s/.test(text.charAt(last - 1))) last--;
  const newline = text.indexOf("\n", last);
  return newline === -1 ? text.length : newline;
}

/** Drops the keys whose value is undefined, and mappings left empty. */
function tree(adopt: Adopt): Tree {
  return JSON.parse(JSON.stringify(adopt)) as Tree;
}

// ---- YAML: the yaml package's Document API finds the nodes and renders new ones; the text around them stays.

/** `value` as block YAML at `indent` columns, each line ending in a newline. */
function yamlBlock(value: Tree, indent: number, unit: number): string {
  const text = stringify(value, { indent: unit, lineWidth: 0 });
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => `${" ".repeat(indent)}${line}\n`)
    .join("");
}

/** `value` as a flow mapping (`{ a: x, b: { c: y } }`), for a flow mapping in the file. */
function yamlFlow(value: Tree): string {
  return `{ ${Object.entries(value).map(([k, v]) => flowEntry(k, v)).join(", ")} }`;
}

/** A parsed node's source range; a parsed collection or scalar always has one, an empty value may not. */
function rangeOf(node: unknown): readonly [number, number, number] | undefined {
  return (node as { range?: [number, number, number] | null } | null | undefined)?.range ?? undefined;
}

function flowEntry(key: string, value: Leaf | Tree): string {
  return `${key}: ${isTree(value) ? yamlFlow(value) : leafText(value)}`;
}

/** The indentation step of the file's block mappings (a nested key's column minus its parent's); 2 if none nests. */
function yamlUnit(text: string, map: YAMLMap): number {
  for (const pair of map.items) {
    const value = pair.value;
    if (isMap(value) && !value.flow && value.items.length > 0 && isScalar(pair.key) && pair.key.range) {
      const first = value.items[0]?.key;
      if (isScalar(first) && first.range) return column(text, first.range[0]) - column(text, pair.key.range[0]);
    }
  }
  return 2;
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** The edits that put `add` into the block or flow mapping `map`, keeping what is there around each id. */
function mergeYamlMap(text: string, map: YAMLMap, add: Tree, unit: number, edits: Edit[]): void {
  const range = rangeOf(map) ?? [0, 0, 0];
  const keyColumn = column(text, rangeOf(map.items[0]?.key)?.[0] ?? range[0]);
  const missing: Record<string, Leaf | Tree> = {};
  for (const [key, value] of Object.entries(add)) {
    const pair = map.items.find((item) => keyOf(item) === key);
    if (pair === undefined) {
      missing[key] = value;
      continue;
    }
    const node = pair.value;
    const at = rangeOf(node);
    if (isTree(value) && isMap(node)) {
      mergeYamlMap(text, node, value, unit, edits);
    } else if (!isTree(value) && !Array.isArray(value) && isScalar(node) && at !== undefined) {
      if (String(node.value) !== String(value)) edits.push({ start: at[0], end: at[1], text: leafText(value) });
    } else {
      // An empty key (`adopt:`) or a value of another shape: the key gets the new value in its place.
      const colon = text.indexOf(":", rangeOf(pair.key)?.[1] ?? range[0]) + 1;
      if (map.flow) {
        const flowValue = isTree(value) ? yamlFlow(value) : leafText(value);
        edits.push(at === undefined ? { start: colon, end: colon, text: ` ${flowValue}` } : { start: at[0], end: at[1], text: flowValue });
      } else {
        // From the colon to the end of the old value (its last line, for a block collection).
        const end = at === undefined ? colon : isScalar(node) || (node as { flow?: boolean }).flow === true ? at[1] : endOfContentLine(text, at[1]);
        const replacement = isTree(value) ? `\n${yamlBlock(value, keyColumn + unit, unit).replace(/\n$/, "")}` : ` ${leafText(value)}`;
        edits.push({ start: colon, end, text: replacement });
      }
    }
  }
  const entries = Object.entries(missing);
  if (entries.length === 0) return;
  const last = map.items[map.items.length - 1];
  if (map.flow) {
    const after = rangeOf(last?.value)?.[1] ?? rangeOf(last?.key)?.[1];
    const added = entries.map(([key, value]) => flowEntry(key, value)).join(", ");
    edits.push(after === undefined ? { start: range[0] + 1, end: range[0] + 1, text: ` ${added} ` } : { start: after, end: after, text: `, ${added}` });
    return;
  }
  const end = endOfContentLine(text, rangeOf(last?.value)?.[1] ?? range[1]);
  edits.push({ start: end, end, text: `\n${yamlBlock(missing, keyColumn, unit).replace(/\n$/, "")}` });
}

function writeYaml(text: string, found: ReadonlyMap<string, Adopt>): AdoptWrite {
  const document = parseDocument(text, { merge: true, logLevel: "silent", keepSourceTokens: false });
  const domains = document.get("domains", true);
  const edits: Edit[] = [];
  const written: string[] = [];
  const entries = new Map<string, YAMLMap>();
  if (isSeq(domains)) {
    for (const item of domains.items) {
      if (!isMap(item)) continue;
      const name = item.get("domain");
      if (typeof name !== "string") continue;
      const domain = normalizeCustomDomain(name);
      if (domain.ok) entries.set(domain.value, item);
    }
  }
  const skipped: { domain: string; reason: string }[] = [];
  for (const [domain, adopt] of found) {
    const entry = entries.get(domain);
    const ids = tree(adopt);
    if (Object.keys(ids).length === 0) continue;
    if (entry === undefined) {
      const aliased = isSeq(domains) && domains.items.some((item) => isAlias(item));
      skipped.push({ domain, reason: aliased ? "its entry is written through a YAML alias; add the adopt block by hand" : "no entry of its own under domains" });
      continue;
    }
    mergeYamlMap(text, entry, { adopt: ids }, yamlUnit(text, entry), edits);
    written.push(domain);
  }
  return { text: applyEdits(text, edits), written, skipped };
}

// ---- JSON: momoa's node offsets, the same way.

function jsonKey(member: ObjectNode["members"][number]): string {
  // In JSON mode every name is a string (identifiers are JSON5's).
  return (member.name as { value: string }).value;
}

/** The file's indentation step: the first indented line's leading white space (2 spaces if none). */
function jsonUnit(text: string): string {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
}

function renderJson(value: Leaf | Tree, indent: string, unit: string, multiline: boolean): string {
  if (!multiline) return JSON.stringify(value, null, 1).replace(/\n\s*/g, " ").replace(/\{ /g, "{ ").replace(/ \}/g, " }");
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);
}

function mergeJsonObject(text: string, object: ObjectNode, add: Tree, unit: string, edits: Edit[]): void {
  const start = object.loc.start.offset;
  const end = object.loc.end.offset;
  const first = object.members[0];
  const multiline = first === undefined ? text.slice(start, end).includes("\n") : first.loc.start.line !== object.loc.start.line;
  const memberIndent = first !== undefined ? text.slice(lineStart(text, first.loc.start.offset), first.loc.start.offset) : `${text.slice(lineStart(text, start), start).replace(/\S[\s\S]*$/, "")}${unit}`;
  const inserts: string[] = [];
  for (const [key, value] of Object.entries(add)) {
    const member = object.members.find((m) => jsonKey(m) === key);
    if (member === undefined) {
      inserts.push(`${JSON.stringify(key)}: ${renderJson(value, memberIndent, unit, multiline)}`);
      continue;
    }
    const node: AnyNode = member.value;
    if (isTree(value) && node.type === "Object") mergeJsonObject(text, node, value, unit, edits);
    else edits.push({ start: node.loc.start.offset, end: node.loc.end.offset, text: renderJson(value, memberIndent, unit, multiline) });
  }
  if (inserts.length === 0) return;
  const last = object.members[object.members.length - 1];
  if (last === undefined) {
    const inner = multiline ? `\n${inserts.map((line) => `${memberIndent}${line}`).join(",\n")}\n${memberIndent.slice(unit.length)}` : ` ${inserts.join(", ")} `;
    edits.push({ start: start + 1, end: end - 1, text: inner });
    return;
  }
  const at = last.loc.end.offset;
  edits.push({ start: at, end: at, text: multiline ? inserts.map((line) => `,\n${memberIndent}${line}`).join("") : inserts.map((line) => `, ${line}`).join("") });
}

function writeJson(text: string, found: ReadonlyMap<string, Adopt>): AdoptWrite {
  const document = parseJson(text, { mode: "json" });
  const edits: Edit[] = [];
  const written: string[] = [];
  const skipped: { domain: string; reason: string }[] = [];
  const entries = new Map<string, ObjectNode>();
  const root = document.body;
  const domains = root.type === "Object" ? root.members.find((member) => jsonKey(member) === "domains")?.value : undefined;
  if (domains?.type === "Array") {
    for (const element of domains.elements) {
      const item = element.value;
      if (item.type !== "Object") continue;
      const name = item.members.find((member) => jsonKey(member) === "domain")?.value;
      if (name?.type !== "String") continue;
      const domain = normalizeCustomDomain(name.value);
      if (domain.ok) entries.set(domain.value, item);
    }
  }
  const unit = jsonUnit(text);
  for (const [domain, adopt] of found) {
    const ids = tree(adopt);
    if (Object.keys(ids).length === 0) continue;
    const entry = entries.get(domain);
    if (entry === undefined) {
      skipped.push({ domain, reason: "no entry of its own under domains" });
      continue;
    }
    mergeJsonObject(text, entry, { adopt: ids }, unit, edits);
    written.push(domain);
  }
  return { text: applyEdits(text, edits), written, skipped };
}

/**
 * The config's text with each domain's found ids in its own entry's `adopt:` block (created, or
 * merged into the one there), every other byte kept: comments, order, quoting and layout. Only
 * ids are written; a domain with nothing found is left alone.
 */
export function writeAdopt(text: string, format: "yaml" | "json", found: ReadonlyMap<string, Adopt>): AdoptWrite {
  return format === "json" ? writeJson(text, found) : writeYaml(text, found);
}
