import { assertSafeProxyInput, GENERATED_MARK, hostWithPort, listenHost, type ProxyConfigInput } from "./proxy-config-input";
import { HSTS_VALUE, TLS12_CIPHERS, TLS_CURVES, TLS_PROTOCOLS } from "./tls-profile";

/**
 * An nginx site config (http context): a port-80 server that redirects every path to HTTPS (301),
 * and an HTTPS server that terminates TLS with the customer's certificate and reverse-proxies to
 * the Intercom host with Host and SNI set to it, verifying its certificate.
 */
export function renderNginxConfig(input: ProxyConfigInput): string {
  assertSafeProxyInput(input);
  const { domain, intercomHost: origin, httpsPort, httpPort } = input;
  const httpsBase = `https://${hostWithPort(domain, httpsPort, 443)}`;
  const listen = (port: number, ssl: boolean): string[] => {
    const suffix = ssl ? " ssl" : "";
    if (input.listenAddress !== undefined) return [`    listen ${listenHost(input.listenAddress)}:${port}${suffix};`];
    return [`    listen ${port}${suffix};`, `    listen [::]:${port}${suffix};`];
  };

  const lines: string[] = [
    `${GENERATED_MARK} ${domain} -> https://${origin}/ (nginx)`,
    "# Generated from the email-assets config; regenerate it rather than editing it.",
    "# Include it in the http context (Debian/Ubuntu: /etc/nginx/sites-available, then link it",
    `# into sites-enabled). Then point ${domain}'s DNS at this server and enter ${domain} on`,
    "# Intercom's Link branding page.",
    "",
    "server {",
    ...listen(httpPort, false),
    `    server_name ${domain};`,
    "    # Every path, query included, to HTTPS.",
    `    return 301 ${httpsBase}$request_uri;`,
    "}",
    "",
    "server {",
    ...listen(httpsPort, true),
    `    server_name ${domain};`,
    "",
    "    # TLS for the custom domain, Mozilla intermediate profile.",
    `    ssl_certificate ${input.certificateFile};`,
    `    ssl_certificate_key ${input.certificateKeyFile};`,
    `    ssl_protocols ${TLS_PROTOCOLS.join(" ")};`,
    `    ssl_ecdh_curve ${TLS_CURVES};`,
    `    ssl_ciphers ${TLS12_CIPHERS};`,
    "    ssl_prefer_server_ciphers off;",
    "    ssl_session_timeout 1d;",
    "    ssl_session_cache shared:EmailAssetsTLS:10m;",
    "    ssl_session_tickets off;",
  ];
  if (input.ocspStapling) lines.push("    ssl_stapling on;", "    ssl_stapling_verify on;");
  if (input.hsts) lines.push(`    add_header Strict-Transport-Security "${HSTS_VALUE}" always;`);
  lines.push(
    "",
    `    # nginx resolves a literal proxy_pass host once, at start-up. Through a variable it asks these`,
    `    # resolvers again every ${input.originAddressTtl}s, so a change of Intercom's addresses needs no restart.`,
    `    resolver ${input.resolvers.join(" ")} valid=${input.originAddressTtl}s;`,
    "    resolver_timeout 5s;",
    "",
    "    location / {",
    `        set $email_assets_origin ${origin};`,
    "        # No URI part: the path and query go to Intercom exactly as received.",
    "        proxy_pass https://$email_assets_origin;",
    "        proxy_http_version 1.1;",
    `        proxy_set_header Host ${origin};`,
    '        proxy_set_header Connection "";',
    "        # To Intercom: SNI is the Intercom host, and its certificate must verify.",
    "        proxy_ssl_server_name on;",
    `        proxy_ssl_name ${origin};`,
    `        proxy_ssl_protocols ${TLS_PROTOCOLS.join(" ")};`,
    "        proxy_ssl_verify on;",
    "        proxy_ssl_verify_depth 10;",
    `        proxy_ssl_trusted_certificate ${input.originCaFile};`,
    "        proxy_ssl_session_reuse on;",
    "        # Redirects from Intercom that name its host come back naming the custom domain.",
    `        proxy_redirect https://${origin}/ ${httpsBase}/;`,
    `        proxy_redirect http://${origin}/ ${httpsBase}/;`,
    "    }",
    "}",
    "",
  );
  return lines.join("\n");
}
