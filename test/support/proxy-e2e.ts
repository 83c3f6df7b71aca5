import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PeerCertificate, TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { ProxyServer } from "../../src/config/shapes/domain-spec";
import { startDns, startOrigin, type FakeDns, type Origin, type SeenRequest } from "./fake-intercom";
import { APP_JS, cleanEnv, runNode, tempDir } from "./project";
import { createTestPki } from "./test-pki";
import { freePort, startApache, startNginx, writeApacheMain, writeNginxMain, type RunningServer } from "./web-servers";

export interface ClientResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly peer?: PeerCertificate;
  readonly protocol?: string | null;
}

/** One request to the proxy at `address:port`, as a browser would send it for `domain`. */
export function send(options: {
  tls: boolean;
  address: string;
  port: number;
  domain: string;
  path: string;
  method?: string;
  body?: string;
  ca?: Buffer;
}): Promise<ClientResponse> {
  const make = options.tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(
      {
        host: options.address,
        port: options.port,
        path: options.path,
        method: options.method ?? "GET",
        headers: { Host: options.domain, ...(options.body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
        ...(options.tls ? { servername: options.domain, ca: options.ca, agent: false } : { agent: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const socket = res.socket as TLSSocket;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            ...(options.tls ? { peer: socket.getPeerCertificate?.(), protocol: socket.getProtocol?.() } : {}),
          });
        });
      },
    );
    req.on("error", reject);
    req.setTimeout(15_000, () => req.destroy(new Error("request timed out")));
    if (options.body) req.write(options.body);
    req.end();
  });
}

const INTERCOM = "acme.intercom-mail.com";

/**
 * The end-to-end proof for one server: the config that `npm run synth` writes, run by the real
 * server on loopback in front of HTTPS origins that stand in for Intercom.
 * `net` is a /24 on loopback of this test file's own (127.0.N.0), so the files can run at once.
 */
export function describeProxyEndToEnd(server: ProxyServer, net: string): void {
  const proxyAddress = `${net}.1`;
  const origins = { acme: `${net}.2`, evil: `${net}.3`, moved: `${net}.4`, wrongname: `${net}.5` };
  let httpsPort = 0;
  let httpPort = 0;
  const seen: SeenRequest[] = [];
  const { dir, cleanup } = tempDir(`email-assets-${server}-`);
  const pki = createTestPki(dir);
  const ca = readFileSync(pki.caFile);
  const servers: Record<string, Origin> = {};
  let dns: FakeDns | undefined;
  let proxy: RunningServer | undefined;
  let hostsFile = "";

  const hosts = (acmeAddress: string) =>
    [`${acmeAddress} ${INTERCOM}`, `${origins.evil} evil.intercom-mail.com`, `${origins.wrongname} wrongname.intercom-mail.com`, ""].join("\n");

  beforeAll(async () => {
    httpsPort = await freePort(proxyAddress);
    httpPort = await freePort(proxyAddress);
    const site = pki.issue("site", ["emails.example.com", "untrusted.example.com", "mismatch.example.com"]);
    const intercom = pki.issue("intercom", [INTERCOM]);
    const untrusted = pki.selfSigned("evil", ["evil.intercom-mail.com"]);
    const otherName = pki.issue("other", ["someone-else.intercom-mail.com"]);

    dns = await startDns(`127.0.0.1`);
    dns.answers.set(INTERCOM, origins.acme);
    dns.answers.set("evil.intercom-mail.com", origins.evil);
    dns.answers.set("wrongname.intercom-mail.com", origins.wrongname);
    hostsFile = join(dir, "hosts");
    writeFileSync(hostsFile, hosts(origins.acme));

    const origin = (id: string, host: string, cert: { certFile: string; keyFile: string }) =>
      startOrigin({ id, host, port: 443, ...cert, intercomHost: INTERCOM, seen });
    servers.acme = await origin("acme", origins.acme, intercom);
    servers.moved = await origin("moved", origins.moved, intercom);
    servers.evil = await origin("evil", origins.evil, untrusted);
    servers.wrongname = await origin("wrongname", origins.wrongname, otherName);

    // The configs come from the real pipeline: a config file, then the app's synth.
    const proxyBlock = {
      server,
      certificateFile: site.certFile,
      certificateKeyFile: site.keyFile,
      originCaFile: pki.caFile,
      listenAddress: proxyAddress,
      httpsPort,
      httpPort,
      ipv4: "203.0.113.10",
      resolvers: [`127.0.0.1:${dns.port}`],
      originAddressTtl: 1,
    };
    const domains = [
      ["emails.example.com", "acme"],
      ["untrusted.example.com", "evil"],
      ["mismatch.example.com", "wrongname"],
    ].map(([domain, workspace]) => ({ domain, workspace, region: "us", edge: "proxy", proxy: proxyBlock }));
    writeFileSync(join(dir, "email-assets.yaml"), stringify({ domains }));
    const run = runNode(APP_JS, [], dir, cleanEnv());
    expect(run.status, run.stderr).toBe(0);
    const sites = domains.map(({ domain }) => join(dir, "cdktf.out", "stacks", domain.replace(/\./g, "-"), `${domain}.${server}.conf`));

    if (server === "apache") {
      const main = writeApacheMain(dir, sites);
      proxy = await startApache(main, hostsFile, proxyAddress, httpsPort, join(dir, "apache-error.log"));
    } else {
      const main = writeNginxMain(dir, sites);
      proxy = await startNginx(main, dir, proxyAddress, httpsPort, join(dir, "nginx-error.log"));
    }
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(Object.values(servers).map((origin) => new Promise((resolve) => origin.server.close(resolve))));
    await dns?.close();
    cleanup();
  });

  const via = (path: string, extra: Partial<Parameters<typeof send>[0]> = {}) =>
    send({ tls: true, address: proxyAddress, port: httpsPort, domain: "emails.example.com", path, ca, ...extra });
  const lastSeen = () => seen[seen.length - 1];

  describe(`${server} in front of a stand-in Intercom host`, () => {
    it("completes the TLS handshake for the custom domain with its certificate, TLS 1.2+", async () => {
      const response = await via("/hello");
      expect(response.peer?.subjectaltname).toContain("DNS:emails.example.com");
      expect(["TLSv1.2", "TLSv1.3"]).toContain(response.protocol);
      expect(response.headers["strict-transport-security"]).toBe("max-age=63072000");
    });

    it("redirects HTTP to the same path and query on HTTPS with a 301", async () => {
      const response = await send({ tls: false, address: proxyAddress, port: httpPort, domain: "emails.example.com", path: "/img/logo.png?w=2&x=%2F" });
      expect(response.status).toBe(301);
      expect(response.headers.location).toBe(`https://emails.example.com:${httpsPort}/img/logo.png?w=2&x=%2F`);
    });

    it("sends Host and SNI = the Intercom host, the original path and query, and relays status, headers and body", async () => {
      const response = await via("/e/abc/DEF?q=1&r=a%2Fb&s=%C3%A9");
      const request = lastSeen();
      expect(request).toMatchObject({ origin: "acme", servername: INTERCOM, method: "GET", url: "/e/abc/DEF?q=1&r=a%2Fb&s=%C3%A9" });
      expect(request?.headers.host).toBe(INTERCOM);
      expect(response.status).toBe(202);
      expect(response.headers["x-origin"]).toBe("acme");
      expect(response.headers["set-cookie"]).toEqual(["t=1; Secure"]);
      expect(JSON.parse(response.body)).toMatchObject({ origin: "acme", url: "/e/abc/DEF?q=1&r=a%2Fb&s=%C3%A9" });
    });

    it("passes a POST body through (one-click unsubscribe)", async () => {
      const response = await via("/unsubscribe/xyz?list=1", { method: "POST", body: "List-Unsubscribe=One-Click" });
      expect(lastSeen()).toMatchObject({ method: "POST", url: "/unsubscribe/xyz?list=1", body: "List-Unsubscribe=One-Click" });
      expect(response.status).toBe(202);
    });

    it("rewrites a Location that names the Intercom host to the custom domain", async () => {
      const response = await via("/redirect/track?id=7");
      expect(response.status).toBe(302);
      const location = String(response.headers.location);
      expect(location).toMatch(new RegExp(`^https://emails\\.example\\.com(:${httpsPort})?/landing\\?x=1&y=%2F$`));
      expect(location).not.toContain("intercom-mail");
    });

    it("refuses an origin whose certificate no trusted CA signed (5xx, never relayed)", async () => {
      const before = { seen: seen.length, connections: servers.evil.connections() };
      const response = await via("/x", { domain: "untrusted.example.com" });
      expect(response.status).toBeGreaterThanOrEqual(500);
      // The proxy did reach the origin (so the 5xx is its refusal, not a failed lookup)...
      expect(servers.evil.connections()).toBeGreaterThan(before.connections);
      // ...and sent it no request.
      expect(seen.slice(before.seen).filter((r) => r.origin === "evil")).toEqual([]);
    });

    it("refuses an origin whose certificate names another host (5xx)", async () => {
      const before = { seen: seen.length, connections: servers.wrongname.connections() };
      const response = await via("/x", { domain: "mismatch.example.com" });
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect(servers.wrongname.connections()).toBeGreaterThan(before.connections);
      expect(seen.slice(before.seen).filter((r) => r.origin === "wrongname")).toEqual([]);
    });

    it("follows a change of the Intercom host's address without a restart", async () => {
      expect(JSON.parse((await via("/before")).body).origin).toBe("acme");
      dns!.answers.set(INTERCOM, origins.moved);
      writeFileSync(hostsFile, hosts(origins.moved));
      let reached = "acme";
      const deadline = Date.now() + 20_000;
      while (reached !== "moved" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        reached = JSON.parse((await via("/after")).body).origin as string;
      }
      expect(reached).toBe("moved");
      expect(proxy?.process.exitCode).toBeNull();
    });
  });
}
