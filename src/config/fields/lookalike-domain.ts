import { domainToUnicode } from "node:url";

/**
 * Scripts told apart when a label mixes them. Characters of the Common and Inherited scripts
 * (digits, the hyphen, combining marks) go with any script; letters of a script not listed count
 * as one script of their own.
 */
const SCRIPTS = [
  "Latin", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic", "Syriac", "Thaana", "Devanagari", "Bengali", "Gurmukhi",
  "Gujarati", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai", "Lao", "Tibetan", "Myanmar", "Georgian",
  "Hangul", "Ethiopic", "Cherokee", "Khmer", "Mongolian", "Hiragana", "Katakana", "Bopomofo", "Han",
] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, "u")] as const);
const COMMON = /[\p{Script=Common}\p{Script=Inherited}]/u;

/**
 * Script mixes that Unicode's "highly restrictive" profile (UTS #39, section 5.2) allows in one
 * label: the writing systems of Japanese, Chinese and Korean, each with Latin.
 */
const ALLOWED_MIXES: readonly (readonly string[])[] = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
];

function scriptsOf(label: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of label) {
    if (COMMON.test(char)) continue;
    scripts.add(SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char))?.[0] ?? "Other");
  }
  return scripts;
}

/**
 * Why an internationalized domain may mislead recipients, following Unicode's guidance on
 * confusable detection (UTS #39): a label that mixes scripts (`exаmple` with a Cyrillic `а` looks
 * like `example`), or emoji, which mail clients show as `xn--` punycode. Undefined for a plain one.
 */
export function lookalikeWarning(normalizedDomain: string): string | undefined {
  if (!normalizedDomain.split(".").some((label) => label.startsWith("xn--"))) return undefined;
  const unicode = domainToUnicode(normalizedDomain);
  if (/\p{Extended_Pictographic}/u.test(unicode)) {
    return `reads "${unicode}": emoji in a domain are shown as xn-- punycode by many mail clients and browsers, which recipients distrust; use letters and digits`;
  }
  for (const label of unicode.split(".")) {
    const scripts = [...scriptsOf(label)];
    if (scripts.length < 2 || ALLOWED_MIXES.some((mix) => scripts.every((script) => mix.includes(script)))) continue;
    return `reads "${unicode}", whose label "${label}" mixes ${scripts.join(" and ")} letters: it can pass for another domain (a homoglyph), and filters flag such names; use one script per label`;
  }
  return undefined;
}
