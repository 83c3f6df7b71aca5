import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import type * as Tldts from "tldts";
import { CLOUDFLARE_ID } from "../../facts/cloudflare-facts";
import { isIntercomHost } from "../../intercom/intercom-host";
import { refuse, type Normalized } from "./normalized";
import { hasInvisible } from "../problems/problem";

let tldts: typeof Tldts | undefined;
type ParsedHost = ReturnType<typeof Tldts.parse>;

/** How many hosts parseHost remembers before it starts again: more than a fleet's domains. */
const MAX_PARSED_HOSTS = 20_000;
/** Each host's parse with the private section, and without it when that differs (see parseHost). */
const parsedHosts = new Map<string, { readonly withPrivate: ParsedHost; icann?: ParsedHost }>();

/**
 * The host parsed against the Public Suffix List, with its private section (herokuapp.com) or
 * without it. Each domain is looked at by several rules, so a parse is remembered; a parse with the
 * private section that matched no private suffix is also the parse without it. The list is loaded
 * on first use, since it costs ~15 ms that a mere import should not pay.
 */
function parseHost(host: string, options: { readonly allowPrivateDomains?: boolean } = {}): ParsedHost {
  tldts ??= require("tldts") as typeof Tldts;
  let parsed = parsedHosts.get(host);
  if (parsed === undefined) {
    if (parsedHosts.size >= MAX_PARSED_HOSTS) parsedHosts.clear();
    const withPrivate = tldts.parse(host, { allowPrivateDomains: true });
    parsed = withPrivate.isPrivate === true ? { withPrivate } : { withPrivate, icann: withPrivate };
    parsedHosts.set(host, parsed);
  }
  if (options.allowPrivateDomains === true) return parsed.withPrivate;
  parsed.icann ??= tldts.parse(host);
  return parsed.icann;
}

/**
 * Special-use names (RFC 6761, RFC 7686 .onion, RFC 8375 home.arpa, RFC 9476 .alt, and ICANN's
 * .internal): never publicly delegated, so no public certificate can name them. `.onion` and
 * `arpa` sit in the public suffix list, so the list alone does not refuse them.
 */
const SPECIAL_USE_SUFFIXES: readonly string[] = ["onion", "localhost", "test", "invalid", "example", "local", "alt", "internal", "arpa"];

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/**
 * Terraform's local backend writes `.terraform.<stack id>.tfstate.lock.info` beside the state, and
 * that must fit a 255-byte file name.
 */
export const MAX_DOMAIN_LENGTH = 255 - ".terraform.".length - ".tfstate.lock.info".length;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** The host part of something that looks like a URL, for the "use ... instead" hint. */
function bareHost(text: string): string {
  const host = text.replace(SCHEME, "").split(/[/?#]/, 1)[0] ?? "";
  return host.replace(/^[^@]*@/, "").replace(/:\d*$/, "").toLowerCase();
}

/**
 * Normalizes the custom domain: trims, lower-cases, drops one trailing dot and converts an
 * internationalized name to punycode. Rejects anything that is not a single subdomain host of a
 * public domain the user owns: schemes, paths, ports, wildcards, IP addresses, apex domains,
 * public suffixes and Intercom's own hosts.
 */
export function normalizeCustomDomain(input: string): Normalized<string> {
  const text = input.trim();
  if (text === "") return refuse("must not be empty; give the custom domain, e.g. emails.example.com");

  const scheme = SCHEME.exec(text);
  if (scheme) {
    return refuse(`must be a bare host name: drop the scheme "${scheme[0]}" (use "${bareHost(text)}")`);
  }
  if (/[/?#]/.test(text)) {
    return refuse(`must be a bare host name: drop the path (use "${bareHost(text)}")`);
  }
  if (text.includes("*")) {
    return refuse("must be one host name; wildcards are not supported (list each domain instead)");
  }
  if (isIP(text.replace(/^\[|\]$/g, "")) !== 0) {
    return refuse("must be a host name, not an IP address (e.g. emails.example.com)");
  }
  if (/:\d*$/.test(text)) {
    return refuse(`must be a bare host name: drop the port (use "${bareHost(text)}")`);
  }
  if (hasInvisible(text)) {
    // IDNA would drop some of these (zero-width marks) without a word: a name that looks right but is not what was typed.
    return refuse("contains invisible or control characters (shown escaped below); type the domain again");
  }
  if (/\s/.test(text)) return refuse("must not contain spaces");

  const withoutDot = text.endsWith(".") ? text.slice(0, -1) : text;
  const ascii = domainToASCII(withoutDot.toLowerCase());
  if (ascii === "") return refuse("is not a valid domain name: use letters, digits, hyphens and dots, and xn-- labels only as valid punycode");

  const labels = ascii.split(".");
  const badLabel = labels.find((label) => !LABEL.test(label));
  // Hyphens in the third and fourth place are reserved for IDNA (`xn--`); CAs refuse other such labels.
  const reserved = labels.find((label) => label.slice(2, 4) === "--" && !label.startsWith("xn--"));
  if (badLabel === undefined && reserved !== undefined) {
    return refuse(`has the label "${reserved}", whose hyphens in the third and fourth place are reserved for punycode (xn--); public CAs refuse it`);
  }
  if (badLabel !== undefined) {
    return refuse(
      badLabel === ""
        ? "has an empty label (two dots in a row, or a leading dot)"
        : `has an invalid label "${badLabel}": use 1-63 letters, digits or hyphens, not starting or ending with a hyphen`,
    );
  }
  if (ascii.length > 253) return refuse("is longer than 253 characters");
  if (ascii.length > MAX_DOMAIN_LENGTH) {
    return refuse(
      `is longer than ${MAX_DOMAIN_LENGTH} characters, the most this tool supports: its stack id names files such as .terraform.<stack id>.tfstate.lock.info, and file names stop at 255`,
    );
  }
  // An all-digit last label: the WHATWG host parser reads such a name as an IPv4 address.
  if (isIP(ascii) !== 0 || /(?:^|\.)\d+$/.test(ascii)) {
    return refuse("must be a host name, not an IP address (e.g. emails.example.com)");
  }
  const special = SPECIAL_USE_SUFFIXES.find((suffix) => ascii === suffix || ascii.endsWith(`.${suffix}`));
  if (special !== undefined) {
    return refuse(
      `ends in ".${special}", a special-use name (RFC 6761, RFC 7686, RFC 8375, RFC 9476) that no public CA issues certificates for; use a domain under a public suffix`,
    );
  }
  if (isIntercomHost(ascii)) {
    return refuse(
      "is an Intercom host; the custom domain must be a subdomain of a domain you own (e.g. emails.example.com)",
    );
  }

  const parsed = parseHost(ascii);
  if (parsed.isIcann !== true) {
    return refuse(`ends in ".${labels[labels.length - 1]}", which is not a public top-level domain`);
  }
  if (parsed.domain === null) {
    return refuse("is a public suffix, not a domain anyone can own; use e.g. emails.example.com");
  }
  if (parsed.subdomain === "" || parsed.subdomain === null) {
    return refuse(
      `is the apex of ${parsed.domain}; use a subdomain such as emails.${parsed.domain} (the apex cannot hold a CNAME)`,
    );
  }
  return { ok: true, value: ascii };
}

/** How many labels the domain sits below its registrable domain (`emails.example.com` → 1). */
export function subdomainDepth(normalizedDomain: string): number {
  const sub = parseHost(normalizedDomain).subdomain;
  return sub ? sub.split(".").length : 0;
}

/** The registrable domain a normalized domain sits under (`emails.example.co.uk` → `example.co.uk`). */
export function registrableDomain(normalizedDomain: string): string {
  return parseHost(normalizedDomain).domain ?? normalizedDomain;
}

/** Normalizes an Intercom workspace id: one lower-case DNS label. */
export function normalizeWorkspace(input: string): Normalized<string> {
  const text = input.trim().toLowerCase();
  if (text === "") return refuse("must not be empty; give the workspace subdomain, e.g. acme for acme.intercom-mail.com");
  if (text.includes(".") || text.includes("/")) {
    const first = bareHost(text).split(".")[0] ?? "";
    const hint = isIntercomHost(bareHost(text)) && LABEL.test(first) ? ` (use "${first}")` : "";
    return refuse(`must be only the workspace subdomain, not a host name or URL${hint}`);
  }
  if (!LABEL.test(text)) {
    return refuse("must be one DNS label: 1-63 letters, digits or hyphens, not starting or ending with a hyphen");
  }
  return { ok: true, value: text };
}

/** Normalizes a Cloudflare zone or account id: 32 hex digits, lower-cased. */
export function normalizeCloudflareId(input: string, what: "zone" | "account"): Normalized<string> {
  const text = input.trim().toLowerCase();
  if (!CLOUDFLARE_ID.test(text)) {
    return refuse(
      `must be a Cloudflare ${what} id: 32 hexadecimal digits (${what === "zone" ? "the zone's Overview page" : "the dashboard URL"} shows it)`,
    );
  }
  return { ok: true, value: text };
}

/**
 * The id of a Cloudflare object of a zone (a DNS record, a page rule, a Worker route): 32
 * hexadecimal digits, lower-cased. `where` says how to find it.
 */
export function normalizeCloudflareObjectId(input: string, what: string, where: string): Normalized<string> {
  const text = input.trim().toLowerCase();
  if (!CLOUDFLARE_ID.test(text)) return refuse(`must be a Cloudflare ${what} id: 32 hexadecimal digits (${where})`);
  return { ok: true, value: text };
}

/**
 * The suffix from the private section of the Public Suffix List that the domain sits under
 * (`herokuapp.com` for `emails.myapp.herokuapp.com`), if any: a service provider's domain, whose
 * DNS its customers usually cannot write.
 */
export function privateSuffixOf(normalizedDomain: string): string | undefined {
  const parsed = parseHost(normalizedDomain, { allowPrivateDomains: true });
  return parsed.isPrivate === true ? (parsed.publicSuffix ?? undefined) : undefined;
}

/** Normalizes a service's host name (HCP Terraform Enterprise's, say): lower-case DNS labels, no scheme or path. */
export function normalizeHostname(input: string): Normalized<string> {
  const text = input.trim().toLowerCase().replace(/\.$/, "");
  if (text.includes("/") || text.includes(":")) return refuse(`must be a host name only, without scheme, port or path (use "${bareHost(text)}")`);
  const labels = text.split(".");
  if (text.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return refuse("must be a host name such as app.terraform.io: dot-separated labels of letters, digits and hyphens");
  }
  return { ok: true, value: text };
}
