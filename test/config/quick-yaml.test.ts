import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { nestingBound, readYamlQuickly } from "../../src/config/files/quick-yaml";
import { readYamlFully } from "../../src/config/files/read-config-file";

/** Runs per property; FC_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env.FC_RUNS ?? 300);

/** A value as text that tells apart what toEqual does not: key order, -0, NaN and the infinities. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== "number" || (Number.isFinite(inner) && !Object.is(inner, -0))) return inner;
    return `<number ${Object.is(inner, -0) ? "-0" : String(inner)}>`;
  });
}

/** What the full reader makes of the text: its value, or the refusal. */
function fully(text: string): { value: string } | { refused: true } {
  try {
    return { value: exact(readYamlFully(text, "c.yaml")) };
  } catch {
    return { refused: true };
  }
}

/** The quick reader either leaves the text to the full reader or gives exactly the full reader's value. */
function expectAgreement(text: string): "quick" | "declined" {
  const quick = readYamlQuickly(text);
  if (quick === undefined) return "declined";
  expect(fully(text), text).toEqual({ value: exact(quick.value) });
  return "quick";
}

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
const readmeYaml = [...README.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

const fleet = stringify({
  domains: Array.from({ length: 50 }, (_, i) => ({ domain: `e${i}.example.com`, workspace: "acme", region: ["us", "eu", "au"][i % 3], edge: "cloudflare", cloudflare: { zoneId: "0123456789abcdef0123456789abcdef" } })),
});

describe("readYamlQuickly", () => {
  it("reads what the README's YAML examples hold, each exactly as the full reader does", () => {
    expect(readmeYaml.length).toBeGreaterThan(5);
    const outcomes = readmeYaml.map(expectAgreement);
    // Most examples are plain data the quick reader takes; some (tags, --- in CI files) it leaves.
    expect(outcomes.filter((outcome) => outcome === "quick").length).toBeGreaterThan(readmeYaml.length / 2);
  });

  it.each([
    ["a fleet as the YAML library writes it", fleet],
    ["every plain scalar of the core schema", "a: [~, null, Null, NULL, true, True, TRUE, false, FALSE, 0, -0, +5, 007, 0o17, 0x1F, 1.5, -.5, 1., 1e3, 2.5E-2, .inf, -.Inf, +.INF, .nan, .NaN]\n"],
    ["what the core schema leaves as text", "a: [0b11, 1_000, 0o8, 0xG, yes, no, on, off, y, n, 2024-01-01, 12:30, 1.2.3, +.nan, nul, tRUE, 0x]\n"],
    ["quoted and block scalars", `a: 'it''s'\nb: "tab\\tnew\\nline \\u00e9"\nc: |\n  one\n  two\nd: >-\n  folded\n  text\n\n  kept\ne: |+\n  keep\n\nf: plain\n  continued\n`],
    ["flow collections and empty values", "a: {b: [1, {c: d}], e: }\nf:\ng: []\nh: {}\n"],
    ["numbers, booleans and null as keys", "1: a\n1.0e1: b\ntrue: c\n~: d\n0x10: e\n"],
    ["anchors, aliases and merges, the mapping's own keys first", "x-a: &a {p: 1, q: 2}\nx-b: &b {q: 3, r: 4}\nm:\n  s: 0\n  <<: [*a, *b]\n  p: 9\nn:\n  <<: *b\n  t: 5\nseq: &s [1, 2]\nuse: *s\n"],
    ["a merged mapping that merges", "base: &base {a: 1}\nmid: &mid\n  <<: *base\n  b: 2\ntop:\n  <<: *mid\n  c: 3\n"],
    ["a __proto__ key", "__proto__: {polluted: true}\nconstructor: x\n"],
    ["CRLF line ends and comments", "# head\r\ndomains: # tail\r\n  - a # item\r\n"],
  ])("reads %s exactly as the full reader does", (_name, text) => {
    expect(expectAgreement(text)).toBe("quick");
  });

  it("shares one value between an anchor and its aliases, as the full reader does", () => {
    const quick = readYamlQuickly("a: &x {b: [1]}\nc: *x\n")?.value as { a: unknown; c: unknown };
    expect(quick.a).toBe(quick.c);
  });

  it.each([
    ["a tag", "a: !!str 1\n"],
    ["an unknown tag", "a: !Ref b\n"],
    ["an explicit key", "? a\n: b\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["a document marker", "---\na: 1\n"],
    ["several documents", "a: 1\n...\nb: 2\n"],
    ["a tab", "a:\tb\n"],
    ["a quoted << key", "m: {'<<': {a: 1}}\n"],
    ["a key written twice", "a: 1\na: 2\n"],
    ["keys that become one", "1: a\n'1': b\n"],
    ["an alias before its anchor", "a: *x\nb: &x 1\n"],
    ["an alias inside its own anchor", "a: &x [*x]\n"],
    ["a merge of a scalar", "m:\n  <<: 1\n"],
    ["a merge of a list holding a scalar", "x: &x {a: 1}\nm:\n  <<: [*x, 2]\n"],
    ["comments only", "# nothing\n"],
    ["a lone null", "~\n"],
    ["an anchor alone on its line, ahead of any key", "&b\n*b : 1\n"],
    ["a list at the top", "- a\n"],
    ["a syntax error", "a: [b\n"],
    ["nesting past the quick reader's depth", `a: ${"[".repeat(45)}${"]".repeat(45)}\n`],
    ["a deeply indented line", `a: |\n${" ".repeat(200)}x\n`],
  ])("leaves %s to the full reader", (_name, text) => {
    expect(readYamlQuickly(text)).toBeUndefined();
  });

  it("on any text, gives the full reader's value or leaves the text to it (fast-check)", () => {
    const pieces = ["domains:", "  - ", "- ", "a: ", "b:", "&a ", "&b ", "*a", "*b", "<<: ", "[", "]", "{", "}", ", ", "\n", "\n  ", ": ", "'", '"', "#", "|", ">-", "x", "1", "0x1F", "0o7", "1e3", ".inf", ".nan", "~", "null", "TRUE", "-0", "+5", "1_0", "y", "\\n", " ", "é", "''", '\\"', ">", "|-", "|+", "  ", " #", "#x", ":", "a:b", "-", "--", "...", "\r\n", "\u2028", "0.", ".5", "1e", ",", "@", "`", "%", "*", "&", "<<", "\\"];
    const yamlish = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(""));
    let quick = 0;
    fc.assert(
      fc.property(yamlish, (text) => {
        if (expectAgreement(text) === "quick") quick++;
      }),
      { numRuns: RUNS * 5 },
    );
    // The property would hold trivially if the quick reader declined everything.
    expect(quick).toBeGreaterThan(RUNS / 10);
  });
});

describe("nestingBound", () => {
  it.each([
    ["a: 1\n", 0],
    ["domains:\n  - domain: a\n    cloudflare:\n      zoneId: z\n", 6],
    ["a: [[1], {b: [2]}]\n", 3],
    ["- - - x\n", 6],
    ["? ? a\n", 4],
    ["a: '[' \n", 1],
  ])("bounds how deep %j nests by %d", (text, bound) => {
    expect(nestingBound(text)).toBe(bound);
  });
});
