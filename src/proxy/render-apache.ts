import { assertSafeProxyInput, GENERATED_MARK, hostWithPort, listenHost, type ProxyConfigInput } from "./proxy-config-input";
import { HSTS_VALUE, TLS12_CIPHERS, TLS_CURVES, TLS_PROTOCOLS } from "./tls-profile";

const APACHE_PROTOCOLS = `-all ${TLS_PROTOCOLS.map((protocol) => `+${protocol}`).join(" ")}`;

/** Apache 2.4.59 added `addressttl`, which re-resolves the Intercom host without a restart. */
const ADDRESS_TTL_SINCE = "2.4.59";

/**
 * An Apache httpd 2.4 site config: a port-80 virtual host that redirects every path to HTTPS
 * (301), and an HTTPS virtual host that terminates TLS with the customer's certificate and
 * reverse-proxies to the Intercom host with Host and SNI set to it, verifying its certificate.
 */
export function renderApacheConfig(input: ProxyConfigInput): string {
  assertSafeProxyInput(input);
  const { domain, intercomHost: origin, httpsPort, httpPort } = input;
  const address = input.listenAddress === undefined ? "*" : listenHost(input.listenAddress);
  const httpsUrl = `https://${hostWithPort(domain, httpsPort, 443)}/`;
  const target = `https://${origin}/`;

  const lines: string[] = [
    `${GENERATED_MARK} ${domain} -> ${target} (Apache httpd 2.4)`,
    "# Generated from the email-assets config; regenerate it rather than editing it.",
    "# Needs mod_ssl, mod_proxy, mod_proxy_http, mod_headers, mod_alias and mod_socache_shmcb",
    "# (Debian/Ubuntu: a2enmod ssl proxy proxy_http headers alias socache_shmcb).",
    `# Then point ${domain}'s DNS at this server and enter ${domain} on Intercom's Link branding page.`,
    "",
  ];
  // The standard sockets (*:80, *:443) come from the server's own Listen lines (Debian's
  // ports.conf); any other socket needs one. Each is guarded by a Define, so several generated
  // sites can share a socket without Apache refusing a second Listen for it.
  const extraSockets = (
    [
      [httpPort, 80, "http"],
      [httpsPort, 443, "https"],
    ] as const
  ).filter(([port, standard]) => input.listenAddress !== undefined || port !== standard);
  for (const [port, , protocol] of extraSockets) {
    const socket = `${address === "*" ? "" : `${address}:`}${port}`;
    const guard = `EMAIL_ASSETS_LISTEN_${socket.replace(/[^A-Za-z0-9]/g, "_")}`;
    lines.push(`<IfDefine !${guard}>`, `    Define ${guard}`, `    Listen ${socket} ${protocol}`, "</IfDefine>");
  }
  if (extraSockets.length > 0) lines.push("");
  if (input.ocspStapling) {
    // Stapling needs one server-wide cache; the Define keeps a second generated site from adding another.
    lines.push(
      "<IfDefine !EMAIL_ASSETS_STAPLING_CACHE>",
      "    Define EMAIL_ASSETS_STAPLING_CACHE",
      "    SSLStaplingCache shmcb",
      "</IfDefine>",
      "",
    );
  }

  lines.push(
    `<VirtualHost ${address}:${httpPort}>`,
    `    ServerName ${domain}`,
    "    # Every path, query included, to HTTPS.",
    `    Redirect permanent / ${httpsUrl}`,
    "</VirtualHost>",
    "",
    `<VirtualHost ${address}:${httpsPort}>`,
    `    ServerName ${domain}`,
    "",
    "    # TLS for the custom domain, Mozilla intermediate profile.",
    "    SSLEngine on",
    `    SSLCertificateFile ${input.certificateFile}`,
    `    SSLCertificateKeyFile ${input.certificateKeyFile}`,
    `    SSLProtocol ${APACHE_PROTOCOLS}`,
    `    SSLOpenSSLConfCmd Curves ${TLS_CURVES}`,
    `    SSLCipherSuite ${TLS12_CIPHERS}`,
    "    SSLHonorCipherOrder off",
    "    SSLSessionTickets off",
  );
  if (input.ocspStapling) lines.push("    SSLUseStapling on");
  if (input.hsts) lines.push(`    Header always set Strict-Transport-Security "${HSTS_VALUE}"`);
  lines.push(
    "",
    "    # To Intercom: Host and SNI are the Intercom host, and its certificate must verify.",
    "    SSLProxyEngine on",
    "    SSLProxyVerify require",
    "    SSLProxyVerifyDepth 10",
    "    SSLProxyCheckPeerName on",
    "    SSLProxyCheckPeerExpire on",
    `    SSLProxyCACertificateFile ${input.originCaFile}`,
    `    SSLProxyProtocol ${APACHE_PROTOCOLS}`,
    "    ProxyRequests Off",
    "    ProxyPreserveHost Off",
    "    ProxyAddHeaders Off",
    "    # Paths and queries go to Intercom exactly as received.",
    "    AllowEncodedSlashes NoDecode",
    `    # Re-resolve ${origin} every ${input.originAddressTtl}s (addressttl, Apache ${ADDRESS_TTL_SINCE}+);`,
    "    # older versions open a new connection, with a fresh lookup, per request instead.",
    "    <IfModule !version_module>",
    `        ProxyPass / ${target} nocanon disablereuse=On`,
    "    </IfModule>",
    "    <IfModule version_module>",
    `        <IfVersion >= ${ADDRESS_TTL_SINCE}>`,
    `            ProxyPass / ${target} nocanon addressttl=${input.originAddressTtl}`,
    "        </IfVersion>",
    `        <IfVersion < ${ADDRESS_TTL_SINCE}>`,
    `            ProxyPass / ${target} nocanon disablereuse=On`,
    "        </IfVersion>",
    "    </IfModule>",
    "    # Redirects from Intercom that name its host come back naming the custom domain.",
    `    ProxyPassReverse / ${target}`,
    `    ProxyPassReverse / http://${origin}/`,
    "</VirtualHost>",
    "",
  );
  return lines.join("\n");
}
