import { isIP } from "node:net";
import { refuse, type Normalized } from "./normalized";

/**
 * Values that end up inside Apache or nginx directives. Each is checked against a strict
 * allow-list, so nothing from a config can end a directive, open a block or start a comment.
 */

/** Characters a file path may hold: no whitespace, quotes, `;`, `#`, `{`, `}`, `$`, `\` or `%`. */
const SAFE_PATH = /^\/[A-Za-z0-9._+@=,:/-]*$/;

/** An absolute file path on the proxy that is safe to write into a server config unquoted. */
export function normalizeServerPath(input: string): Normalized<string> {
  const text = input.trim();
  if (!text.startsWith("/")) return refuse("must be an absolute path on the proxy (starting with /)");
  if (!SAFE_PATH.test(text)) {
    return refuse("may contain only letters, digits and . _ + @ = , : / - (no spaces, quotes, ; # { } $ \\ or %), so it cannot break out of a server directive");
  }
  if (text.endsWith("/")) return refuse("must name a file, not a directory");
  if (text.split("/").slice(1).some((part) => part === "" || part === "." || part === "..")) {
    return refuse('must name a file by a plain path: no empty, "." or ".." parts (write /etc/ssl/example.pem, not /etc//ssl/../example.pem)');
  }
  return { ok: true, value: text };
}

/** An IPv6 address in its short standard form (RFC 5952: `0:0::1` → `::1`), as DNS APIs return it. */
export function canonicalIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

const ZONE_ID = "must not carry a zone id (%...): give the address alone";

/** An IP address of the proxy, for a DNS record: anything but loopback, unspecified, link-local or multicast. */
export function normalizePublicIp(input: string, family: 4 | 6): Normalized<string> {
  const text = input.trim().toLowerCase();
  if (text.includes("%")) return refuse(ZONE_ID);
  if (isIP(text) !== family) return refuse(`must be an IPv${family} address`);
  const unroutable = "must be the proxy's public address, not a loopback, unspecified, link-local or multicast one";
  if (family === 4) {
    const [a = 0, b = 0] = text.split(".").map(Number);
    if (a === 0 || a === 127 || a >= 224 || (a === 169 && b === 254)) return refuse(unroutable);
    return { ok: true, value: text };
  }
  const address = canonicalIpv6(text);
  if (address.startsWith("::ffff:")) return refuse("is an IPv4-mapped IPv6 address; give the IPv4 address as ipv4 instead");
  if (address === "::" || address === "::1" || /^(fe[89ab][0-9a-f]:|ff[0-9a-f]{2}:)/.test(address)) return refuse(unroutable);
  return { ok: true, value: address };
}

/** True for addresses that the public Internet cannot reach: RFC 1918, shared (100.64/10), unique local (fc00::/7). */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^f[cd][0-9a-f]{2}:/.test(address);
}

/** The address the proxy listens on: an IPv4 or IPv6 address (`*` or absent means all). */
export function normalizeListenAddress(input: string): Normalized<string | undefined> {
  const text = input.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (text === "*" || text === "") return { ok: true, value: undefined };
  if (text.includes("%")) return refuse(ZONE_ID);
  const family = isIP(text);
  if (family === 0) return refuse("must be an IP address the proxy has (or * for all)");
  const multicast = family === 4 ? Number(text.split(".")[0]) >= 224 : /^ff[0-9a-f]{2}:/.test(canonicalIpv6(text));
  if (multicast) return refuse("must be an address the proxy can listen on: not a multicast or broadcast one (or * for all)");
  return { ok: true, value: family === 6 ? canonicalIpv6(text) : text };
}

/** Addresses no DNS server answers from: unspecified, broadcast, multicast. */
function unusableResolver(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0] = address.split(".").map(Number);
    return a === 0 || a >= 224;
  }
  const canonical = canonicalIpv6(address);
  return canonical === "::" || /^ff[0-9a-f]{2}:/.test(canonical);
}

/** A DNS server for nginx's `resolver`: an IP address, optionally with a port (`1.1.1.1`, `[2606:4700::1111]:53`). */
export function normalizeResolver(input: string): Normalized<string> {
  const text = input.trim().toLowerCase();
  if (text.includes("%")) return refuse(ZONE_ID);
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(text);
  const address = v6?.[1] ?? v4?.[1] ?? (isIP(text) === 6 ? text : undefined);
  const port = v6?.[2] ?? v4?.[2];
  if (address === undefined || isIP(address) === 0 || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    return refuse("must be a DNS server's IP address, optionally with a port (1.1.1.1, 127.0.0.53:53, [2606:4700:4700::1111])");
  }
  if (unusableResolver(address)) {
    return refuse("must be a DNS server that answers queries: not an unspecified (0.0.0.0, ::), broadcast or multicast address");
  }
  if (isIP(address) === 6) return { ok: true, value: port ? `[${address}]:${port}` : `[${address}]` };
  return { ok: true, value: port ? `${address}:${port}` : address };
}
