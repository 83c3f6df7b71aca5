import { isIP } from "node:net";
import type { Normalized } from "./domain-name";

/**
 * Values that end up inside Apache or nginx directives. Each is checked against a strict
 * allow-list, so nothing from a config can end a directive, open a block or start a comment.
 */

/** Characters a file path may hold: no whitespace, quotes, `;`, `#`, `{`, `}`, `$`, `\` or `%`. */
const SAFE_PATH = /^\/[A-Za-z0-9._+@=,:/-]*$/;

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

/** An absolute file path on the proxy that is safe to write into a server config unquoted. */
export function normalizeServerPath(input: string): Normalized<string> {
  const text = input.trim();
  if (!text.startsWith("/")) return fail("must be an absolute path on the proxy (starting with /)");
  if (!SAFE_PATH.test(text)) {
    return fail("may contain only letters, digits and . _ + @ = , : / - (no spaces, quotes, ; # { } $ \\ or %), so it cannot break out of a server directive");
  }
  if (text.endsWith("/")) return fail("must name a file, not a directory");
  return { ok: true, value: text };
}

/** An IP address of the proxy, for a DNS record: public unicast only. */
export function normalizePublicIp(input: string, family: 4 | 6): Normalized<string> {
  const text = input.trim().toLowerCase();
  if (isIP(text) !== family) return fail(`must be an IPv${family} address`);
  if (family === 4) {
    const [a = 0, b = 0] = text.split(".").map(Number);
    if (a === 0 || a === 127 || a >= 224 || (a === 169 && b === 254)) {
      return fail("must be the proxy's public address, not a loopback, link-local, multicast or reserved one");
    }
  } else if (text === "::" || text === "::1" || /^(fe[89ab]|ff)/.test(text)) {
    return fail("must be the proxy's public address, not a loopback, link-local or multicast one");
  }
  return { ok: true, value: text };
}

/** The address the proxy listens on: an IPv4 or IPv6 address (`*` or absent means all). */
export function normalizeListenAddress(input: string): Normalized<string | undefined> {
  const text = input.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (text === "*" || text === "") return { ok: true, value: undefined };
  if (isIP(text) === 0) return fail("must be an IP address the proxy has (or * for all)");
  return { ok: true, value: text };
}

/** A DNS server for nginx's `resolver`: an IP address, optionally with a port (`1.1.1.1`, `[2606:4700::1111]:53`). */
export function normalizeResolver(input: string): Normalized<string> {
  const text = input.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(text);
  const address = v6?.[1] ?? v4?.[1] ?? (isIP(text) === 6 ? text : undefined);
  const port = v6?.[2] ?? v4?.[2];
  if (address === undefined || isIP(address) === 0 || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    return fail("must be a DNS server's IP address, optionally with a port (1.1.1.1, 127.0.0.53:53, [2606:4700:4700::1111])");
  }
  if (isIP(address) === 6) return { ok: true, value: port ? `[${address}]:${port}` : `[${address}]` };
  return { ok: true, value: port ? `${address}:${port}` : address };
}
