import { existsSync, readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";

/** Where Debian, Alpine, Fedora/RHEL and macOS (Homebrew OpenSSL) keep the system's CA bundle. */
const SYSTEM_BUNDLES = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"];

function pemsIn(path: string): string[] {
  return readFileSync(path, "utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * The roots a certificate must chain to: node's bundled Mozilla roots, the system's bundle
 * ($SSL_CERT_FILE, else the usual places), and $NODE_EXTRA_CA_CERTS. Giving `ca` to a TLS
 * connection replaces node's defaults, so all three are listed here.
 */
export function trustedRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const roots = [...rootCertificates];
  const system = env.SSL_CERT_FILE ?? SYSTEM_BUNDLES.find((path) => existsSync(path));
  for (const path of [system, env.NODE_EXTRA_CA_CERTS]) {
    if (path === undefined || path === "" || !existsSync(path)) continue;
    try {
      roots.push(...pemsIn(path));
    } catch {
      // An unreadable bundle adds nothing; the chain check then says what it could not verify.
    }
  }
  return roots;
}
