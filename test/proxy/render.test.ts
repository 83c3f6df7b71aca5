import { describe, expect, it } from "vitest";
import type { ProxyConfigInput } from "../../src/proxy/proxy-config-input";
import { renderApacheConfig } from "../../src/proxy/render-apache";
import { renderNginxConfig } from "../../src/proxy/render-nginx";
import { renderProxyConfig } from "../../src/proxy/render-proxy-config";
import { TLS12_CIPHERS } from "../../src/proxy/tls-profile";

const base: ProxyConfigInput = {
  server: "apache",
  domain: "emails.example.com",
  intercomHost: "acme.intercom-mail.com",
  certificateFile: "/etc/letsencrypt/live/emails.example.com/fullchain.pem",
  certificateKeyFile: "/etc/letsencrypt/live/emails.example.com/privkey.pem",
  originCaFile: "/etc/ssl/certs/ca-certificates.crt",
  httpsPort: 443,
  httpPort: 80,
  hsts: true,
  ocspStapling: false,
  resolvers: ["1.1.1.1", "8.8.8.8"],
  originAddressTtl: 60,
};

const lines = (text: string) => text.split("\n").map((line) => line.trim());

describe("renderApacheConfig", () => {
  const config = renderApacheConfig(base);

  it.each([
    "<VirtualHost *:80>",
    "Redirect permanent / https://emails.example.com/",
    "<VirtualHost *:443>",
    "ServerName emails.example.com",
    "SSLEngine on",
    "SSLCertificateFile /etc/letsencrypt/live/emails.example.com/fullchain.pem",
    "SSLCertificateKeyFile /etc/letsencrypt/live/emails.example.com/privkey.pem",
    "SSLProtocol -all +TLSv1.2 +TLSv1.3",
    `SSLCipherSuite ${TLS12_CIPHERS}`,
    'Header always set Strict-Transport-Security "max-age=63072000"',
    "SSLProxyEngine on",
    "SSLProxyVerify require",
    "SSLProxyCheckPeerName on",
    "SSLProxyCACertificateFile /etc/ssl/certs/ca-certificates.crt",
    "ProxyPreserveHost Off",
    "ProxyPass / https://acme.intercom-mail.com/ nocanon addressttl=60",
    "ProxyPassReverse / https://acme.intercom-mail.com/",
  ])("has %s", (directive) => {
    expect(lines(config)).toContain(directive);
  });

  it("adds no Listen and no stapling for the standard setup", () => {
    expect(config).not.toMatch(/^\s*Listen /m);
    expect(config).not.toContain("SSLUseStapling");
  });

  it("switches HSTS off and OCSP stapling on when asked", () => {
    const other = renderApacheConfig({ ...base, hsts: false, ocspStapling: true });
    expect(other).not.toContain("Strict-Transport-Security");
    expect(lines(other)).toContain("SSLUseStapling on");
    expect(lines(other)).toContain("SSLStaplingCache shmcb");
  });

  it("adds a Listen line only for a socket other than the standard *:80 and *:443", () => {
    const other = renderApacheConfig({ ...base, httpPort: 8080 });
    expect(lines(other)).toContain("Listen 8080 http");
    expect(other).not.toMatch(/Listen 443/);
  });

  it("listens on a given address and ports, with guarded Listen lines and the port in the redirect", () => {
    const other = renderApacheConfig({ ...base, listenAddress: "2001:db8::5", httpsPort: 8443, httpPort: 8080 });
    expect(lines(other)).toEqual(
      expect.arrayContaining([
        "Listen [2001:db8::5]:8080 http",
        "Listen [2001:db8::5]:8443 https",
        "<VirtualHost [2001:db8::5]:8080>",
        "<VirtualHost [2001:db8::5]:8443>",
        "Redirect permanent / https://emails.example.com:8443/",
      ]),
    );
  });
});

describe("renderNginxConfig", () => {
  const config = renderNginxConfig({ ...base, server: "nginx" });

  it.each([
    "listen 80;",
    "listen [::]:80;",
    "return 301 https://emails.example.com$request_uri;",
    "listen 443 ssl;",
    "listen [::]:443 ssl;",
    "server_name emails.example.com;",
    "ssl_protocols TLSv1.2 TLSv1.3;",
    `ssl_ciphers ${TLS12_CIPHERS};`,
    'add_header Strict-Transport-Security "max-age=63072000" always;',
    "resolver 1.1.1.1 8.8.8.8 valid=60s;",
    "set $email_assets_origin acme.intercom-mail.com;",
    "proxy_pass https://$email_assets_origin;",
    "proxy_set_header Host acme.intercom-mail.com;",
    "proxy_ssl_server_name on;",
    "proxy_ssl_name acme.intercom-mail.com;",
    "proxy_ssl_verify on;",
    "proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;",
    "proxy_redirect https://acme.intercom-mail.com/ https://emails.example.com/;",
  ])("has %s", (directive) => {
    expect(lines(config)).toContain(directive);
  });

  it("never names the Intercom host in proxy_pass itself (that would pin its address at start-up)", () => {
    expect(config).not.toMatch(/proxy_pass https:\/\/acme/);
  });

  it("switches HSTS off and OCSP stapling on, and listens where told", () => {
    const other = renderNginxConfig({ ...base, server: "nginx", hsts: false, ocspStapling: true, listenAddress: "192.0.2.1", httpsPort: 8443 });
    expect(other).not.toContain("Strict-Transport-Security");
    expect(lines(other)).toEqual(expect.arrayContaining(["ssl_stapling on;", "listen 192.0.2.1:8443 ssl;", "return 301 https://emails.example.com:8443$request_uri;"]));
    expect(other).not.toContain("[::]");
  });
});

describe("renderProxyConfig", () => {
  it("renders for the configured server, or for another one on request", () => {
    expect(renderProxyConfig(base)).toMatchObject({ server: "apache", fileName: "emails.example.com.apache.conf" });
    const nginx = renderProxyConfig(base, "nginx");
    expect(nginx.fileName).toBe("emails.example.com.nginx.conf");
    expect(nginx.content).toContain("proxy_pass https://$email_assets_origin;");
  });

  it.each<[string, Partial<ProxyConfigInput>]>([
    ["a domain that ends a directive", { domain: "emails.example.com;" }],
    ["a domain with a space", { domain: "emails.example.com evil" }],
    ["an Intercom host that opens a block", { intercomHost: "acme.intercom-mail.com{" }],
    ["a path with a newline", { certificateFile: "/etc/ssl/a.pem\nInclude /etc/passwd" }],
    ["a path with a space", { certificateKeyFile: "/etc/ssl/my key.pem" }],
    ["a path with a quote", { originCaFile: '/etc/ssl/"ca.pem' }],
    ["a path with a variable", { certificateFile: "/etc/ssl/${HOME}.pem" }],
    ["a relative path", { certificateFile: "ssl/a.pem" }],
    ["a listen address that is not an IP", { listenAddress: "0.0.0.0; evil" }],
    ["a resolver with parameters", { resolvers: ["1.1.1.1 valid=0"] }],
    ["a port out of range", { httpsPort: 70000 }],
  ])("fails when given %s", (_name, override) => {
    for (const server of ["apache", "nginx"] as const) {
      expect(() => renderProxyConfig({ ...base, ...override }, server)).toThrow(/is not safe to write into a server config/);
    }
  });
});
