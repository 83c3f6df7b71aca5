import { createSocket, type Socket } from "node:dgram";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { TLSSocket } from "node:tls";
import * as dnsPacket from "dns-packet";

/** What an origin saw of one request. */
export interface SeenRequest {
  readonly origin: string;
  readonly servername: string | false | null;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** An origin server and how many TCP connections reached it (a refused TLS handshake counts too). */
export interface Origin {
  readonly server: Server;
  connections(): number;
}

/**
 * An HTTPS server standing in for an Intercom host. `/redirect` answers a tracked-link style 302
 * whose Location names the Intercom host; everything else answers 202 with an echo of the request.
 */
export async function startOrigin(options: {
  id: string;
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  intercomHost: string;
  seen: SeenRequest[];
}): Promise<Origin> {
  const server = createServer({ cert: readFileSync(options.certFile), key: readFileSync(options.keyFile) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const seen: SeenRequest = {
        origin: options.id,
        servername: (req.socket as TLSSocket).servername,
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      options.seen.push(seen);
      if (req.url?.startsWith("/redirect")) {
        res.writeHead(302, { Location: `https://${options.intercomHost}/landing?x=1&y=%2F`, "Cache-Control": "no-store" });
        res.end();
        return;
      }
      res.writeHead(202, { "Content-Type": "application/json", "X-Origin": options.id, "Set-Cookie": "t=1; Secure" });
      res.end(JSON.stringify({ origin: options.id, method: seen.method, url: seen.url, body: seen.body }));
    });
  });
  let connections = 0;
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return { server, connections: () => connections };
}

/** A tiny DNS server on loopback: A answers from a mutable table, TTL 1 s; AAAA answers empty. */
export interface FakeDns {
  readonly port: number;
  readonly answers: Map<string, string>;
  close(): Promise<void>;
}

export async function startDns(host: string): Promise<FakeDns> {
  const answers = new Map<string, string>();
  const socket: Socket = createSocket("udp4");
  socket.on("message", (message, remote) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    const address = answers.get(question.name.toLowerCase());
    const response = dnsPacket.encode({
      id: query.id,
      type: "response",
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (address === undefined ? 3 : 0),
      questions: [question],
      answers: address !== undefined && question.type === "A" ? [{ type: "A", name: question.name, ttl: 1, class: "IN", data: address }] : [],
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  return {
    port: socket.address().port,
    answers,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
