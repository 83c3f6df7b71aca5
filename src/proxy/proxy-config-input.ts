import { isIP } from "node:net";
import type { ProxySettings } from "../config/shapes/domain-spec";

/**
 * Everything a proxy renderer needs: the `proxy` settings that shape the server config (not the
 * DNS ones), plus the custom domain and the Intercom host.
 */
export interface ProxyConfigInput
  extends Omit<ProxySettings, "ipv4" | "ipv6" | "dns"> {
  /** The custom domain (normalized). */
  readonly domain: string;
  /** The regional Intercom host the proxy forwards to. */
  readonly intercomHost: string;
}

/** The start of every rendered config's first line, so tools can tell a generated file. */
export const GENERATED_MARK = "# email-assets-domain:";

const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const PATH = /^\/[A-Za-z0-9._+@=,:/-]*$/;
const RESOLVER = /^(\[[0-9a-f:.]+\]|[0-9.]+)(:\d{1,5})?$/;

/**
 * Defence in depth: the spec parser already rejects anything unsafe, but a renderer may be called
 * with hand-made input, so every value pasted into a directive is checked once more here.
 */
export function assertSafeProxyInput(input: ProxyConfigInput): void {
  const bad = (field: string, value: unknown) => {
    throw new Error(`proxy config: ${field} ${JSON.stringify(value)} is not safe to write into a server config`);
  };
  if (!HOST.test(input.domain)) bad("domain", input.domain);
  if (!HOST.test(input.intercomHost)) bad("intercomHost", input.intercomHost);
  for (const field of ["certificateFile", "certificateKeyFile", "originCaFile"] as const) {
    if (!PATH.test(input[field])) bad(field, input[field]);
  }
  if (input.listenAddress !== undefined && isIP(input.listenAddress) === 0) bad("listenAddress", input.listenAddress);
  const limits = { httpsPort: 65_535, httpPort: 65_535, originAddressTtl: 86_400 } as const;
  for (const [field, max] of Object.entries(limits) as [keyof typeof limits, number][]) {
    if (!Number.isInteger(input[field]) || input[field] < 1 || input[field] > max) bad(field, input[field]);
  }
  for (const resolver of input.resolvers) if (!RESOLVER.test(resolver)) bad("resolvers", resolver);
}

/** `host` or `host:port` when the port is not the scheme's default. */
export function hostWithPort(host: string, port: number, defaultPort: number): string {
  return port === defaultPort ? host : `${host}:${port}`;
}

/** An address for a listen directive: IPv6 in brackets. */
export function listenHost(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}
