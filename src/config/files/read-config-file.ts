import { lstatSync, readFileSync, readlinkSync, statSync, type Stats } from "node:fs";
import { basename } from "node:path";
import type * as Momoa from "@humanwhocodes/momoa";
import type * as Yaml from "yaml";
import { ConfigError, formatPath, type Problem } from "../problems/problem";
import { nestingBound, readYamlQuickly } from "./quick-yaml";

/** A config file larger than this is refused before it is read: fleets of thousands of domains fit in 1 MB. */
const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** A path as a message shows it: a very long one keeps its start and its end. */
function shortPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 40)}...${path.slice(-77)}`;
}

function fileProblem(path: string, message: string): ConfigError {
  return new ConfigError([{ path: "config", message: `cannot read ${shortPath(path)}: ${message}`, received: path }]);
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** Why `path` cannot be opened, for the errors stat gives. */
function statFailure(path: string, error: NodeJS.ErrnoException): ConfigError {
  switch (error.code) {
    case "ENOENT": {
      let link: string | undefined;
      try {
        link = lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
      } catch {
        link = undefined;
      }
      return fileProblem(path, link === undefined ? "file not found" : `it is a symbolic link to ${link}, which does not exist`);
    }
    case "ELOOP":
      return fileProblem(path, "it is a symbolic link that leads back to itself (a loop)");
    case "EACCES":
    case "EPERM":
      return fileProblem(path, "permission denied");
    case "ENOTDIR":
      return fileProblem(path, "file not found (a part of the path is a file, not a folder)");
    case "ENAMETOOLONG":
      return fileProblem(path, "the path is too long");
    default:
      return fileProblem(path, error.message);
  }
}

/**
 * The file's text: a regular file of at most MAX_CONFIG_BYTES, UTF-8 (a byte-order mark is
 * dropped). Anything else (a folder, a FIFO, which would block the read, a device, UTF-16, binary)
 * is refused with what it is, before anything is parsed.
 */
function readConfigText(path: string): string {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    throw statFailure(path, error as NodeJS.ErrnoException);
  }
  if (stat.isDirectory()) throw fileProblem(path, "it is a folder; name a YAML or JSON file");
  if (!stat.isFile()) throw fileProblem(path, `it is ${kindOf(stat)}; name a YAML or JSON file`);
  if (stat.size > MAX_CONFIG_BYTES) throw fileProblem(path, `it is ${stat.size} bytes; a config file may be at most ${MAX_CONFIG_BYTES} bytes (10 MB)`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw statFailure(path, error as NodeJS.ErrnoException);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw fileProblem(path, "it is UTF-16 or UTF-32 text; save it as UTF-8");
  }
  if (bytes.includes(0)) throw fileProblem(path, "it is not a text file (it holds NUL bytes); name a YAML or JSON file");
  try {
    // `fatal` refuses bytes that are not UTF-8; a leading byte-order mark is dropped.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fileProblem(path, "it is not UTF-8 text; save it as UTF-8");
  }
}

/** A YAML text that may nest deeper than this (nestingBound) is refused unread: a valid config nests 5 levels. */
const MAX_YAML_NESTING = 400;

/** The parsers recurse: thousands of nested brackets overflow the stack before any rule can see them. */
function tooDeep(file: string): ConfigError {
  return new ConfigError([{ path: "config", message: `${file} is nested too deeply to read; a valid config needs at most 5 levels`, received: file }]);
}

/** A key written twice in one JSON object: JSON.parse would silently keep the last one. */
function duplicateKeys(node: Momoa.AnyNode, path: PropertyKey[], file: string, problems: Problem[]): void {
  if (node.type === "Object") {
    const seen = new Map<string, { line: number; column: number }>();
    for (const member of node.members) {
      const key = member.name.type === "String" ? member.name.value : member.name.name;
      const { line, column } = member.name.loc.start;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, { line, column });
      else {
        const where = first.line === line ? `line ${line}, columns ${first.column} and ${column}` : `lines ${first.line} and ${line}`;
        problems.push({
          path: formatPath([...path, key]),
          message: `is written twice in ${file} (${where}); which one is meant is not clear, so keep one`,
          received: undefined,
        });
      }
      duplicateKeys(member.value, [...path, key], file, problems);
    }
  } else if (node.type === "Array") {
    node.elements.forEach((element, index) => duplicateKeys(element.value, [...path, index], file, problems));
  }
}

function parseJson(text: string, file: string): unknown {
  // Loaded only for JSON files, like the YAML parser for YAML files.
  const momoa = require("@humanwhocodes/momoa") as typeof Momoa;
  let document: Momoa.DocumentNode;
  try {
    document = momoa.parse(text, { mode: "json" });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(file);
    const { message, line, column } = error as Error & { line?: number; column?: number };
    const where = line === undefined ? "" : ` at line ${line}, column ${column ?? 0}`;
    throw new ConfigError([{ path: "config", message: `${file} is not valid JSON${where}: ${message.replace(/ \(\d+:\d+\)$/, "")}`, received: file }]);
  }
  const problems: Problem[] = [];
  duplicateKeys(document.body, [], file, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return momoa.evaluate(document);
}

/** A YAML map key as the property name it becomes. */
function keyText(key: unknown): string {
  const value = typeof key === "object" && key !== null && "value" in key ? key.value : key;
  return String(value);
}

/** `!!x` for a tag of YAML's own namespace, as it is written. */
function writtenTag(message: string): string {
  const tag = /Unresolved tag: (\S+)/.exec(message)?.[1] ?? "";
  return tag.replace(/^tag:yaml\.org,2002:/, "!!");
}

/** Tags whose values are plain data; any other (`!!set`, `!!omap`, `!!binary`, `!!timestamp`) is refused. */
const PLAIN_TAGS: ReadonlySet<string> = new Set(["map", "seq", "str", "int", "float", "bool", "null"].map((name) => `tag:yaml.org,2002:${name}`));

/**
 * A YAML document as plain data. Aliases resolve to the value of their anchor (one value, shared,
 * never a copy, so an alias bomb stays small until the validator counts it), looked up by name:
 * the YAML library's own conversion finds each alias's anchor by walking the document, which takes
 * minutes on a fleet of thousands of domains. Merge keys (`<<: *defaults`) merge as YAML 1.1 says:
 * the mapping's own keys win, then the merged mappings in order.
 */
function plainValue(document: Yaml.Document, file: string, yaml: typeof Yaml): unknown {
  const { isAlias, isMap, isScalar, isSeq } = yaml;
  const anchors = new Map<string, unknown>();
  const refuse = (path: PropertyKey[], message: string, received?: unknown) => new ConfigError([{ path: formatPath(path), message: `${message} (in ${file})`, received }]);
  const define = (target: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

  const convert = (node: unknown, path: PropertyKey[]): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (!anchors.has(node.source)) throw refuse(path, `uses the alias *${node.source} before its anchor &${node.source}; define the anchor first`);
      return anchors.get(node.source);
    }
    const tag = (node as { tag?: string }).tag;
    if (tag !== undefined && !PLAIN_TAGS.has(tag)) {
      throw refuse(path, `is tagged ${tag.replace(/^tag:yaml\.org,2002:/, "!!")}, which is not plain data: write a plain mapping, list or quoted string`);
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      // Set before the children, so an alias inside its own anchor makes a cycle the validator reports.
      if (anchor !== undefined) anchors.set(anchor, out);
      const merged: unknown[] = [];
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && key.type === "PLAIN" && (typeof key.value === "symbol" || key.value === "<<")) {
          const source = convert(pair.value, [...path, "<<"]);
          merged.push(...(Array.isArray(source) ? (source as unknown[]) : [source]));
          continue;
        }
        const name = String(isScalar(key) ? key.value : convert(key, path));
        define(out, name, convert(pair.value, [...path, name]));
      }
      for (const source of merged) {
        if (typeof source !== "object" || source === null || Array.isArray(source)) throw refuse([...path, "<<"], "must merge a mapping (or a list of mappings)", source ?? undefined);
        for (const [name, value] of Object.entries(source)) if (!Object.hasOwn(out, name)) define(out, name, value);
      }
      return out;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      if (anchor !== undefined) anchors.set(anchor, out);
      node.items.forEach((item, index) => out.push(convert(item, [...path, index])));
      return out;
    }
    const value = isScalar(node) ? node.value : null;
    if (anchor !== undefined) anchors.set(anchor, value);
    return value;
  };
  return convert(document.contents, []);
}

/** A key as written at `offset` of the text: quoted, or plain up to its `:`. */
function keyAt(text: string, offset: number): string {
  const written = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:,{}[\]\n]*)/.exec(text.slice(offset))?.[0].trim() ?? "";
  return written.startsWith('"') || written.startsWith("'") ? written : JSON.stringify(written);
}

/** The YAML parser's message for an error, with the key or the fix where the parser gives neither. */
function yamlErrorText(error: Yaml.YAMLError, text: string): string {
  const message = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  switch (error.code) {
    case "DUPLICATE_KEY":
      return `the key ${keyAt(text, error.pos[0])} is written twice in one mapping (YAML's 1 and "1" are one key here); which one is meant is not clear, so keep one`;
    case "TAB_AS_INDENT":
      return `${message}; indent with spaces`;
    default:
      return message;
  }
}

/**
 * A YAML config as plain data, read with the `yaml` package's whole document model: every refusal
 * the README lists, with where it is. readYamlQuickly gives the same value for what it takes.
 */
export function readYamlFully(text: string, file: string): unknown {
  // Loaded only for YAML files (~40 ms): the JSON and embedded-example paths never pay for it.
  const yaml = require("yaml") as typeof Yaml;
  const { parseAllDocuments } = yaml;
  // `silent`: the parser's own warnings become problems below, never lines of its own on stderr.
  // Keys are compared as the text they become: YAML's 1 and "1" are two keys, but one in the value read.
  const sameKey = (a: unknown, b: unknown) => keyText(a) === keyText(b);
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: sameKey, merge: true, logLevel: "silent" });
  // An array even for an empty stream (then with `empty: true`).
  const list: readonly Yaml.Document.Parsed[] = documents;
  const [document] = list;
  if (document === undefined) {
    throw new ConfigError([{ path: "config", message: `${file} is empty (or holds only comments); write { domains: [ ... ] } in it`, received: file }]);
  }
  if (list.length > 1) {
    // A parser that reads only the first document would silently drop the others.
    throw new ConfigError([{ path: "config", message: `${file} holds ${list.length} YAML documents (--- separators); a config is one document, so merge them`, received: file }]);
  }
  const at = (error: Yaml.YAMLError) => {
    const start = error.linePos?.[0];
    return start ? ` at line ${start.line}, column ${start.col}` : "";
  };
  if (document.errors.some((error) => error.message.includes("Maximum call stack size exceeded"))) throw tooDeep(file);
  const problems: Problem[] = document.errors.map((error) => ({
    path: "config",
    message: `${file} is not valid YAML${at(error)}: ${yamlErrorText(error, text)}`,
    received: file,
  }));
  for (const warning of document.warnings) {
    const message =
      warning.code === "TAG_RESOLVE_FAILED"
        ? `uses the YAML tag ${writtenTag(warning.message)}${at(warning)}, which this tool does not read (a config holds plain values: no !Ref, !Sub or language-specific tags); write the value itself`
        : `${(warning.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}${at(warning)}`;
    problems.push({ path: "config", message: `${file} ${message}`, received: file });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return plainValue(document, file, yaml);
}

/**
 * Reads a YAML or JSON config file into a plain value (not yet validated): JSON for `.json` files,
 * YAML (which JSON is a part of) for any other. Throws a ConfigError that says what is wrong.
 */
export function readConfigFile(path: string): unknown {
  const text = readConfigText(path);
  const file = basename(path);
  if (text.trim() === "") {
    throw new ConfigError([{ path: "config", message: `${file} is empty; write { domains: [ ... ] } in it`, received: file }]);
  }
  try {
    if (path.endsWith(".json")) return parseJson(text, file);
    // Refused before it is parsed: deep enough, the YAML parser runs out of stack, and where it does
    // V8 may end the process rather than throw.
    const nesting = nestingBound(text);
    if (nesting > MAX_YAML_NESTING) throw tooDeep(file);
    return (readYamlQuickly(text, nesting) ?? { value: readYamlFully(text, file) }).value;
  } catch (error) {
    throw error instanceof RangeError ? tooDeep(file) : error;
  }
}
