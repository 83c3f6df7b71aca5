import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect, createSecureContext, type DetailedPeerCertificate, type SecureContext } from "node:tls";

/** A network step that did not get an answer: refused, timed out, reset, or TLS failed. */
export interface NetworkError {
  readonly kind: "error";
  /** `ECONNREFUSED`, `ETIMEDOUT`, `ECONNRESET`, an OpenSSL code, … */
  readonly code: string;
  readonly message: string;
}

function networkError(error: unknown): NetworkError {
  const e = error as NodeJS.ErrnoException;
  return { kind: "error", code: e.code ?? "ERROR", message: e.message };
}

/**
 * The time limit passed: `ETIMEDOUT` while the TCP connection was still being made (no answer at all:
 * a firewall dropping packets, or the wrong address), `ESTALLED` once it was made (the server took
 * the connection, then did not finish answering).
 */
const timedOut = (what: string, ms: number, connecting: boolean): NodeJS.ErrnoException =>
  Object.assign(new Error(`${what}: ${connecting ? "no answer" : "connected, but no complete answer"} within ${ms / 1000} s`), { code: connecting ? "ETIMEDOUT" : "ESTALLED" });

export interface Handshake {
  readonly kind: "handshake";
  readonly protocol: string | null;
  readonly certificate: DetailedPeerCertificate;
  /** Why the chain does not verify against `ca` (OpenSSL's code), if it does not. */
  readonly chainError?: string;
}

/**
 * One TLS context per list of roots: building it parses every root (about 400 on a Debian machine,
 * 0.1-0.2 s of CPU), which a fleet would otherwise pay for each domain.
 */
const contexts = new WeakMap<readonly string[], SecureContext>();

function contextFor(ca: readonly string[]): SecureContext {
  let context = contexts.get(ca);
  if (context === undefined) {
    context = createSecureContext({ ca: [...ca], minVersion: "TLSv1.2" });
    contexts.set(ca, context);
  }
  return context;
}

/** A TLS handshake with `address` for `servername`, at TLS 1.2 or newer; the verdict is the caller's. */
export function tlsHandshake(options: { address: string; servername: string; timeoutMs: number; ca: readonly string[] }): Promise<Handshake | NetworkError> {
  return new Promise((resolve) => {
    const socket = connect({
      host: options.address,
      port: 443,
      servername: options.servername,
      minVersion: "TLSv1.2",
      secureContext: contextFor(options.ca),
      rejectUnauthorized: false,
      // Names are judged by the caller, with the chain; this hook only records.
      checkServerIdentity: () => undefined,
    });
    const timer = setTimeout(() => socket.destroy(timedOut(`TLS handshake with ${options.address}:443`, options.timeoutMs, socket.connecting)), options.timeoutMs);
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      const certificate = socket.getPeerCertificate(true);
      const chainError = socket.authorized ? undefined : String(socket.authorizationError);
      resolve({ kind: "handshake", protocol: socket.getProtocol(), certificate, ...(chainError !== undefined && { chainError }) });
      socket.end();
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      resolve(networkError(error));
    });
  });
}

export interface HttpResponse {
  readonly kind: "response";
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Bodies are fingerprinted, not stored: this much is enough to tell two pages apart. */
const MAX_BODY = 1024 * 1024;

/**
 * One GET to `address` for `host` (the Host header, and SNI over HTTPS), never following
 * redirects. Certificates are not judged here (the tls check does that), so a page behind a bad
 * certificate can still be compared.
 */
export function httpGet(options: { scheme: "http" | "https"; address: string; host: string; path: string; timeoutMs: number }): Promise<HttpResponse | NetworkError> {
  return new Promise((resolve) => {
    const common = {
      host: options.address,
      port: options.scheme === "https" ? 443 : 80,
      path: options.path,
      method: "GET",
      headers: { host: options.host, "user-agent": "email-assets-verify", accept: "*/*" },
      agent: false as const,
    };
    const onResponse = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
        else response.destroy();
      });
      response.once("end", () => {
        clearTimeout(timer);
        resolve({ kind: "response", status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
      response.once("close", () => {
        clearTimeout(timer);
        // Cut off on purpose past MAX_BODY: what was read is the fingerprint; otherwise the answer broke off.
        if (size > MAX_BODY) resolve({ kind: "response", status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
        else resolve({ kind: "error", code: "ECONNRESET", message: "the response broke off before its end" });
      });
    };
    const req =
      options.scheme === "https"
        ? httpsRequest({ ...common, servername: options.host, rejectUnauthorized: false, minVersion: "TLSv1.2" }, onResponse)
        : httpRequest(common, onResponse);
    const timer = setTimeout(() => req.destroy(timedOut(`${options.scheme.toUpperCase()} GET ${options.address}:${common.port}`, options.timeoutMs, req.socket?.connecting ?? true)), options.timeoutMs);
    req.once("error", (error) => {
      clearTimeout(timer);
      resolve(networkError(error));
    });
    req.end();
  });
}

/** A network error in words, with what it usually means. */
export function describeNetworkError(error: NetworkError, target: string): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return `connection refused at ${target}: nothing listens there`;
    case "ETIMEDOUT":
      return `no answer from ${target} in time (a firewall dropping packets, or the wrong address)`;
    case "ESTALLED":
      return `${target} took the connection but did not finish answering in time (an overloaded or stalled server, or something other than the expected service on that port)`;
    case "ECONNRESET":
      return `${target} reset the connection`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${target} is unreachable from here (${error.code})`;
    default:
      return `${target}: ${error.message}`;
  }
}
