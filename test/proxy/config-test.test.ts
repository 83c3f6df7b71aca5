import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePlans } from "../../src/plan/resolve-plan";
import { renderProxyConfig } from "../../src/proxy/render-proxy-config";
import { parseConfig } from "../../src/config/rules/validate-config";
import type { ProxyServer } from "../../src/config/shapes/domain-spec";
import { asEdge } from "../support/plans";
import { tempDir } from "../support/project";
import { send } from "../support/proxy-e2e";
import { createTestPki } from "../support/test-pki";
import {
  apacheConfigTest,
  freePort,
  nginxConfigTest,
  startApache,
  startNginx,
  writeApacheMain,
  writeNginxMain,
  type RunningServer,
} from "../support/web-servers";

// Every variant of the rendered configs passes the real servers' own config test, and the OCSP
// variant also starts and serves.

const { dir, cleanup } = tempDir("email-assets-conftest-");
afterAll(() => cleanup());
// The PKI is made by the openssl CLI: in beforeAll, so a failure there is a failed test, not a file that will not load.
let pki: ReturnType<typeof createTestPki>;
let site: ReturnType<ReturnType<typeof createTestPki>["issue"]>;
beforeAll(() => {
  pki = createTestPki(dir);
  site = pki.issue("site", ["emails.example.com", "news.example.com"]);
});
/** Stands for the test CA's file in a variant, which exists only once beforeAll has run. */
const TEST_CA = "<test CA>";

const VARIANTS: Record<string, Record<string, unknown>> = {
  "defaults (all addresses, 80/443, HSTS, system CA bundle)": {},
  "HSTS off, OCSP stapling on": { hsts: false, ocspStapling: true },
  "an IPv4 listen address and other ports": { listenAddress: "127.0.0.1", httpsPort: 8443, httpPort: 8080 },
  "another HTTP port only (HTTPS stays on the standard 443)": { httpPort: 8080 },
  "another HTTPS port only": { httpsPort: 8443 },
  "an IPv6 listen address": { listenAddress: "::1", httpsPort: 9443, httpPort: 9080 },
  "a custom origin CA file, resolvers with ports, a short address TTL": {
    originCaFile: TEST_CA,
    resolvers: ["127.0.0.53:53", "[2606:4700:4700::1111]"],
    originAddressTtl: 5,
  },
};

function render(server: ProxyServer, overrides: Record<string, unknown>, domains = ["emails.example.com"]): string[] {
  const specs = parseConfig({
    domains: domains.map((domain) => ({
      domain,
      workspace: "acme",
      region: "eu",
      edge: "proxy",
      proxy: {
        server,
        certificateFile: site.certFile,
        certificateKeyFile: site.keyFile,
        ipv4: "203.0.113.9",
        ...overrides,
        ...(overrides.originCaFile === TEST_CA && { originCaFile: pki.caFile }),
      },
    })),
  }).specs;
  return resolvePlans(specs).map((plan) => {
    const rendered = renderProxyConfig(asEdge(plan, "proxy").proxy);
    const file = join(dir, `${Math.random().toString(36).slice(2)}-${rendered.fileName}`);
    writeFileSync(file, rendered.content);
    return file;
  });
}

describe("apache2 -t accepts every variant", () => {
  it.each(Object.entries(VARIANTS))("%s", (_name, overrides) => {
    const sites = render("apache", overrides, ["emails.example.com", "news.example.com"]);
    // As on Debian: ports.conf listens on 80 and 443 for every site.
    const main = writeApacheMain(dir, sites, ["80", "443"]);
    const result = apacheConfigTest(main);
    expect(result.output).toContain("Syntax OK");
    expect(result.ok, result.output).toBe(true);
  });
});

describe("nginx -t accepts every variant", () => {
  it.each(Object.entries(VARIANTS))("%s", (_name, overrides) => {
    const sites = render("nginx", overrides, ["emails.example.com", "news.example.com"]);
    const result = nginxConfigTest(writeNginxMain(dir, sites), dir);
    expect(result.output).toContain("test is successful");
    expect(result.ok, result.output).toBe(true);
  });
});

describe("with OCSP stapling on, the server starts and serves TLS", () => {
  it.each([
    ["apache", "127.0.30.1"],
    ["nginx", "127.0.30.2"],
  ] as const)("%s", async (server, address) => {
    const httpsPort = await freePort(address);
    const httpPort = await freePort(address);
    const sites = render(server, { ocspStapling: true, listenAddress: address, httpsPort, httpPort, originCaFile: pki.caFile });
    let running: RunningServer;
    if (server === "apache") {
      const hosts = join(dir, "hosts");
      writeFileSync(hosts, "");
      running = await startApache(writeApacheMain(dir, sites), hosts, address, httpsPort, join(dir, "apache-error.log"));
    } else {
      running = await startNginx(writeNginxMain(dir, sites), dir, address, httpsPort, join(dir, "nginx-error.log"));
    }
    try {
      const response = await send({ tls: true, address, port: httpsPort, domain: "emails.example.com", path: "/", ca: readFileSync(pki.caFile) });
      expect(response.peer?.subjectaltname).toContain("DNS:emails.example.com");
    } finally {
      await running.stop();
    }
  });
});
