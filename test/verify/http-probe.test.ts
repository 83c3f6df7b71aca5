import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import type * as Http from "node:http";
import type * as Https from "node:https";
import type * as Tls from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { describeNetworkError, httpGet, tlsHandshake, type NetworkError } from "../../src/verify/http-probe";
import { tempDir } from "../support/project";
import { createTestPki, type TestPki } from "../support/test-pki";

// verify's HTTP and TLS probes against servers on 127.0.0.1. The probes always connect to port 80
// or 443 of the address they are given; here node:http, node:https and node:tls are wrapped so that
// the connection goes to the test server's ephemeral port instead, and everything else (the
// request, the response, the handshake) is node's own. A few cases a real server cannot produce
// (a response without a status code, an error without a code) use a stand-in request.

const redirect = vi.hoisted(() => ({
  port: 0,
  /** The ports the probes asked for, before they were sent elsewhere. */
  asked: [] as unknown[],
  /** Instead of a connection: a stand-in request, given the probe's response callback. */
  fake: undefined as undefined | ((onResponse: (response: IncomingMessage) => void) => EventEmitter),
}));

vi.mock("node:http", async (importOriginal) => {
  const actual = await importOriginal<typeof Http>();
  return {
    ...actual,
    request: (options: RequestOptions, onResponse: (response: IncomingMessage) => void) => {
      if (redirect.fake) return redirect.fake(onResponse);
      redirect.asked.push(options.port);
      return actual.request({ ...options, port: redirect.port }, onResponse);
    },
  };
});
vi.mock("node:https", async (importOriginal) => {
  const actual = await importOriginal<typeof Https>();
  return {
    ...actual,
    request: (options: RequestOptions, onResponse: (response: IncomingMessage) => void) => {
      redirect.asked.push(options.port);
      return actual.request({ ...options, port: redirect.port }, onResponse);
    },
  };
});
vi.mock("node:tls", async (importOriginal) => {
  const actual = await importOriginal<typeof Tls>();
  return {
    ...actual,
    connect: (options: ConnectionOptions) => {
      redirect.asked.push(options.port);
      return actual.connect({ ...options, port: redirect.port });
    },
  };
});

const MAX_BODY = 1024 * 1024;

let servers: NetServer[] = [];
afterEach(async () => {
  redirect.fake = undefined;
  redirect.asked = [];
  for (const server of servers) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of openSockets.get(server) ?? []) socket.destroy();
    await closed;
  }
  servers = [];
});

const openSockets = new WeakMap<NetServer, Set<Socket>>();

/** Starts `server` on 127.0.0.1 at an ephemeral port, which the probes are then sent to. */
async function listen<S extends NetServer>(server: S): Promise<S> {
  servers.push(server);
  const sockets = new Set<Socket>();
  openSockets.set(server, sockets);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  redirect.port = address.port;
  return server;
}

const get = (timeoutMs = 5000) => httpGet({ scheme: "http", address: "127.0.0.1", host: "emails.example.com", path: "/x?y=1", timeoutMs });

describe("httpGet over plain HTTP", () => {
  it("asks for the path with the custom domain as Host, and returns status, headers and body without following redirects", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const urls: string[] = [];
    await listen(
      createHttpServer((req, res) => {
        seen.push(req.headers);
        urls.push(`${req.method} ${req.url}`);
        res.writeHead(301, { Location: "https://emails.example.com/x?y=1" }).end("moved");
      }),
    );
    const answer = await get();
    expect(answer).toMatchObject({ kind: "response", status: 301, headers: { location: "https://emails.example.com/x?y=1" } });
    expect(answer.kind === "response" && answer.body.toString()).toBe("moved");
    expect(urls).toEqual(["GET /x?y=1"]);
    expect(redirect.asked).toEqual([80]);
    expect(seen[0]).toMatchObject({ host: "emails.example.com", "user-agent": "email-assets-verify", accept: "*/*" });
  });

  it("keeps a body of exactly 1 MiB whole", async () => {
    const body = Buffer.alloc(MAX_BODY, "a");
    await listen(createHttpServer((_req, res) => res.end(body)));
    const answer = await get();
    expect(answer.kind).toBe("response");
    expect(answer.kind === "response" && answer.body.equals(body)).toBe(true);
  });

  it("cuts a larger body off past 1 MiB and keeps what it read, as the page's fingerprint", async () => {
    const body = Buffer.concat(Array.from({ length: 48 }, (_, i) => Buffer.alloc(64 * 1024, String.fromCharCode(97 + (i % 26)))));
    await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(body);
      }),
    );
    const answer = await get();
    if (answer.kind !== "response") throw new Error(`expected a response, got ${JSON.stringify(answer)}`);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/html");
    expect(answer.body.length).toBeGreaterThan(0);
    expect(answer.body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(answer.body.equals(body.subarray(0, answer.body.length))).toBe(true);
  });

  it("fails when the response breaks off before its end", async () => {
    await listen(
      createHttpServer((_req, res: ServerResponse) => {
        res.writeHead(200, { "Content-Length": "1000" });
        res.write("only a little", () => res.socket?.destroy());
      }),
    );
    expect(await get()).toEqual({ kind: "error", code: "ECONNRESET", message: "the response broke off before its end" });
  });

  it("gives up on a server that takes the connection but does not answer in time (stalled, not dropped)", async () => {
    await listen(createHttpServer(() => undefined));
    expect(await get(200)).toEqual({ kind: "error", code: "ESTALLED", message: "HTTP GET 127.0.0.1:80: connected, but no complete answer within 0.2 s" });
  });

  it("calls a server that drips its answer a byte at a time stalled, not a firewall dropping packets", async () => {
    const drips: NodeJS.Timeout[] = [];
    await listen(
      createHttpServer((_req, res: ServerResponse) => {
        res.writeHead(200, { "Content-Length": "1000" });
        drips.push(setInterval(() => res.write("x"), 20));
      }),
    );
    const answer = await get(300);
    drips.forEach((drip) => clearInterval(drip));
    expect(answer).toEqual({ kind: "error", code: "ESTALLED", message: "HTTP GET 127.0.0.1:80: connected, but no complete answer within 0.3 s" });
    expect(describeNetworkError(answer as NetworkError, "127.0.0.1:80")).toMatch(/took the connection but did not finish answering in time/);
  });

  it("says so when nothing listens", async () => {
    const server = await listen(createHttpServer());
    server.close();
    servers = [];
    expect(await get()).toMatchObject({ kind: "error", code: "ECONNREFUSED" });
  });
});

describe("httpGet, what a real server does not send", () => {
  /** A stand-in request whose response has `statusCode` and `chunks`, or that fails with `error`. */
  function standIn(response: { statusCode?: number; chunks?: string[] } | { error: Error }) {
    return (onResponse: (response: IncomingMessage) => void) => {
      const request = Object.assign(new EventEmitter(), {
        destroy: (error?: Error) => request.emit("error", error),
        end: () => {
          setImmediate(() => {
            if ("error" in response) {
              request.emit("error", response.error);
              return;
            }
            // Like node's IncomingMessage: destroyed, it says no more, and closes without an end.
            let destroyed = false;
            const message = Object.assign(new EventEmitter(), {
              statusCode: response.statusCode,
              headers: {},
              destroy: () => {
                destroyed = true;
                message.emit("close");
              },
            });
            onResponse(message as unknown as IncomingMessage);
            for (const chunk of response.chunks ?? []) if (!destroyed) message.emit("data", Buffer.from(chunk));
            if (destroyed) return;
            message.emit("end");
            message.emit("close");
          });
        },
      });
      return request;
    };
  }

  it("counts a response without a status code as status 0", async () => {
    redirect.fake = standIn({ chunks: ["a", "b"] });
    const answer = await get();
    expect(answer).toMatchObject({ kind: "response", status: 0, headers: {} });
    expect(answer.kind === "response" && answer.body.toString()).toBe("ab");
  });

  it("counts a cut-off response without a status code as status 0, with the first 1 MiB", async () => {
    redirect.fake = standIn({ chunks: ["a".repeat(MAX_BODY), "b", "c"] });
    const answer = await get();
    expect(answer).toMatchObject({ kind: "response", status: 0 });
    expect(answer.kind === "response" && answer.body.toString()).toBe("a".repeat(MAX_BODY));
  });

  it("names an error without a code ERROR, with its message", async () => {
    redirect.fake = standIn({ error: new Error("the socket went away") });
    expect(await get()).toEqual({ kind: "error", code: "ERROR", message: "the socket went away" });
  });
});

describe("the probes over TLS", () => {
  const scratch = tempDir("email-assets-probe-pki-");
  let pki: TestPki;
  let leaf: { cert: Buffer; key: Buffer };
  beforeAll(() => {
    pki = createTestPki(scratch.dir);
    const { certFile, keyFile } = pki.issue("emails", ["emails.example.com"]);
    leaf = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  });
  afterAll(scratch.cleanup);

  it("tlsHandshake sends the domain as SNI and returns the certificate, the protocol and whether the chain verifies", async () => {
    const names: (string | false | null)[] = [];
    const server = createHttpsServer({ ...leaf, minVersion: "TLSv1.2" });
    server.on("secureConnection", (socket: TLSSocket) => names.push(socket.servername));
    await listen(server);
    const trusted = await tlsHandshake({ address: "127.0.0.1", servername: "emails.example.com", timeoutMs: 5000, ca: [readFileSync(pki.caFile, "utf8")] });
    if (trusted.kind !== "handshake") throw new Error(`expected a handshake, got ${JSON.stringify(trusted)}`);
    expect(trusted.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(trusted.certificate.subjectaltname).toBe("DNS:emails.example.com");
    expect(trusted.chainError).toBeUndefined();
    const untrusted = await tlsHandshake({ address: "127.0.0.1", servername: "emails.example.com", timeoutMs: 5000, ca: [] });
    expect(untrusted).toMatchObject({ kind: "handshake", chainError: "SELF_SIGNED_CERT_IN_CHAIN" });
    // Under TLS 1.3 the client is done before the server: wait for the server's side.
    await vi.waitFor(() => expect(names).toEqual(["emails.example.com", "emails.example.com"]));
    expect(redirect.asked).toEqual([443, 443]);
  });

  it("tlsHandshake gives up on a server that never answers the handshake (stalled, not dropped)", async () => {
    // It accepts the connection and never says a word.
    await listen(createNetServer());
    expect(await tlsHandshake({ address: "127.0.0.1", servername: "emails.example.com", timeoutMs: 200, ca: [] })).toEqual({
      kind: "error",
      code: "ESTALLED",
      message: "TLS handshake with 127.0.0.1:443: connected, but no complete answer within 0.2 s",
    });
  });

  it("httpGet over HTTPS does not judge the certificate: a page behind an untrusted one is still read", async () => {
    await listen(createHttpsServer(leaf, (req, res) => res.end(`hello ${req.headers.host}`)));
    const answer = await httpGet({ scheme: "https", address: "127.0.0.1", host: "emails.example.com", path: "/", timeoutMs: 5000 });
    expect(answer).toMatchObject({ kind: "response", status: 200 });
    expect(answer.kind === "response" && answer.body.toString()).toBe("hello emails.example.com");
    expect(redirect.asked).toEqual([443]);
  });
});
