import { checkArguments } from "../config/rules/argument-check";
import { PROXY_SERVERS, type ProxyServer } from "../config/shapes/domain-spec";
import type { ProxyConfigInput } from "./proxy-config-input";

export { GENERATED_MARK } from "./proxy-config-input";
import { renderApacheConfig } from "./render-apache";
import { renderNginxConfig } from "./render-nginx";

/** The rendered site config for one domain and the file name it is written under. */
export interface RenderedProxyConfig {
  readonly server: ProxyServer;
  /** `emails.example.com.apache.conf` or `emails.example.com.nginx.conf`. */
  readonly fileName: string;
  readonly content: string;
}

/** Renders the site config for `input.server`, or for `server` when given (to compare or migrate). */
export function renderProxyConfig(input: ProxyConfigInput, chosen?: ProxyServer): RenderedProxyConfig {
  const call = "renderProxyConfig(input, server?)";
  checkArguments(call, [["input", input, "object", "a proxy plan: the proxy of a resolvePlans(specs) entry whose edge is proxy"]]);
  const server = chosen ?? input.server;
  // Anything but apache would otherwise render nginx.
  checkArguments(call, [[chosen === undefined ? "input.server" : "server", server, PROXY_SERVERS, "the web server to render for"]]);
  const content = server === "apache" ? renderApacheConfig(input) : renderNginxConfig(input);
  return { server, fileName: proxyConfigFileName(input.domain, server), content };
}

export function proxyConfigFileName(domain: string, server: ProxyServer): string {
  return `${domain}.${server}.conf`;
}
