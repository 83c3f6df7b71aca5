// A small internet for `email-assets verify`, run inside a network namespace of its own
// (`unshare --net`, started by test/support/verify-lab.ts): it puts the world's addresses on the
// namespace's loopback, answers DNS from a table, serves HTTPS and HTTP edges and a fake Intercom
// on ports 443 and 80, runs the given commands there, prints their results as JSON and stops.
// Nothing leaves the namespace, so any address can stand in for Cloudflare, CloudFront or Intercom.
//
//   unshare --net --pid --fork --kill-child -- node verify-lab-world.mjs WORLD.json
import { execFileSync, spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { createServer as createNetServer, isIPv6 } from "node:net";
import dnsPacket from "dns-packet";

const world = JSON.parse(readFileSync(process.argv[2], "utf8"));
const LIMIT_MS = world.limitMs ?? 60_000;
const results = [];
let current;
let running;
setTimeout(() => {
  console.error(`verify-lab: the world ran out of time in command ${results.length + 1}: ${JSON.stringify(current)?.slice(0, 4000)}`);
  // The command's whole process group (script and what it runs), so nothing outlives the lab.
  if (running?.pid !== undefined) {
    try {
      process.kill(-running.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  process.exit(3);
}, LIMIT_MS).unref();

function ip(args) {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "inherit"] });
}

ip(["link", "set", "lo", "up"]);
for (const address of world.addresses ?? []) {
  if (isIPv6(address)) ip(["-6", "addr", "add", `${address}/128`, "dev", "lo", "nodad"]);
  else ip(["addr", "add", `${address}/32`, "dev", "lo"]);
}

// DNS: answers like a recursive resolver would, from `world.dns.records` (name -> [{ type, data }]).
// A name in `drop` gets no answer (a timeout), one in `servfail` gets SERVFAIL, an unknown name NXDOMAIN.
// A name in `later` ({ name: { afterMs, records } }) has its records only from `afterMs` after each
// command starts (a record still propagating), NXDOMAIN before.
const dns = world.dns ?? { records: {} };
const records = new Map(Object.entries(dns.records ?? {}).map(([name, list]) => [name.toLowerCase(), list]));
const later = new Map(Object.entries(dns.later ?? {}).map(([name, entry]) => [name.toLowerCase(), entry]));
let commandStarted = Date.now();

function recordsOf(name) {
  const pending = later.get(name.toLowerCase());
  if (pending !== undefined) return Date.now() - commandStarted >= pending.afterMs ? pending.records : undefined;
  return records.get(name.toLowerCase());
}
const drop = new Set((dns.drop ?? []).map((name) => name.toLowerCase()));
const servfail = new Set((dns.servfail ?? []).map((name) => name.toLowerCase()));

function answersFor(name, type, depth = 0) {
  const list = recordsOf(name);
  if (list === undefined) return undefined;
  const cname = list.find((record) => record.type === "CNAME");
  if (cname && type !== "CNAME" && depth < 8) {
    const rest = answersFor(cname.data, type, depth + 1) ?? [];
    return [{ type: "CNAME", name, ttl: 60, class: "IN", data: cname.data }, ...rest];
  }
  return list.filter((record) => record.type === type).map((record) => ({ type, name, ttl: 60, class: "IN", data: record.data }));
}

// A name in `truncate` gets a truncated A answer over UDP (TC set, no records), as a large address
// set would; the full answer comes over TCP, which the server also serves (as real resolvers do).
const truncate = new Set((dns.truncate ?? []).map((name) => name.toLowerCase()));

/** The response to one query, or undefined for a dropped one. */
function respond(message, overUdp) {
  let query;
  try {
    query = dnsPacket.decode(message);
  } catch {
    return undefined;
  }
  const question = query.questions?.[0];
  if (!question) return undefined;
  const name = question.name.toLowerCase();
  if (drop.has(name)) return undefined;
  const cut = overUdp && truncate.has(name) && question.type === "A";
  const answers = servfail.has(name) || cut ? undefined : answersFor(name, question.type);
  const rcode = servfail.has(name) ? 2 : cut ? 0 : answers === undefined ? 3 : 0;
  return dnsPacket.encode({
    id: query.id,
    type: "response",
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (cut ? dnsPacket.TRUNCATED_RESPONSE : 0) | rcode,
    questions: [question],
    answers: answers ?? [],
  });
}

const udp = createSocket(isIPv6(dns.address ?? "127.0.0.1") ? "udp6" : "udp4");
udp.on("message", (message, remote) => {
  const response = respond(message, true);
  if (response !== undefined) udp.send(response, remote.port, remote.address);
});
await new Promise((resolve) => udp.bind(dns.port ?? 53, dns.address ?? "127.0.0.1", resolve));
// DNS over TCP: each message after its two-byte length.
const dnsTcp = createNetServer((socket) => {
  let buffered = Buffer.alloc(0);
  socket.on("error", () => undefined);
  socket.on("data", (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
      const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
      buffered = buffered.subarray(2 + message.length);
      const response = respond(message, false);
      if (response === undefined) continue;
      const length = Buffer.alloc(2);
      length.writeUInt16BE(response.length);
      socket.write(Buffer.concat([length, response]));
    }
  });
});
if (dns.tcp !== false) await new Promise((resolve) => dnsTcp.listen(dns.port ?? 53, dns.address ?? "127.0.0.1", resolve));

// Web servers, by mode. HTTPS: `intercom` (Intercom's own host: its page for its own Host, an error
// page for any other), `intercom-any-host` (one page for any Host), `forward` (an edge that sends each request on to `forwardTo` with Host and
// SNI `hostHeader`), `page` (some other site). HTTP: `redirect` (301 to https, path and query kept),
// `redirect-root` (301 to https://host/), `redirect-self` (301 to itself), `redirect-302`, `page` (no redirect).
const servers = [];

function intercomAnswer(req, res, intercomHost) {
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  if (host === intercomHost) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(`<html><body>Intercom email assets for ${intercomHost}: ${req.url}</body></html>`);
  } else {
    res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    res.end(`<html><body>Unknown domain ${host}</body></html>`);
  }
}

function forward(req, res, https) {
  const upstream = httpsRequest(
    {
      host: https.forwardTo,
      port: 443,
      path: req.url,
      method: req.method,
      servername: https.hostHeader,
      headers: { ...req.headers, host: https.hostHeader },
      rejectUnauthorized: false,
      agent: false,
    },
    (answer) => {
      const headers = { ...answer.headers };
      if (https.hsts) headers["strict-transport-security"] = https.hsts;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    res.writeHead(502, { "content-type": "text/plain" });
    res.end("bad gateway");
  });
  req.pipe(upstream);
}

function httpAnswer(req, res, mode) {
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  switch (mode) {
    case "redirect":
      res.writeHead(301, { location: `https://${host}${req.url}` });
      return res.end();
    case "redirect-root":
      res.writeHead(301, { location: `https://${host}/` });
      return res.end();
    case "redirect-self":
      res.writeHead(301, { location: `http://${host}${req.url}` });
      return res.end();
    case "redirect-302":
      res.writeHead(302, { location: `https://${host}${req.url}` });
      return res.end();
    default:
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<html><body>plain http page</body></html>");
  }
}

async function listen(server, port, address) {
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, resolve);
  });
  servers.push(server);
}

for (const site of world.servers ?? []) {
  if (site.https) {
    const https = site.https;
    const server = createHttpsServer({ cert: readFileSync(https.cert), key: readFileSync(https.key) }, (req, res) => {
      switch (https.mode) {
        case "intercom":
          return intercomAnswer(req, res, https.intercomHost);
        case "intercom-any-host":
          // An Intercom (or a box in front of it) that answers every name alike.
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          return res.end("<html><body>Intercom email assets</body></html>");
        case "forward":
          return forward(req, res, https);
        case "redirect-self":
          // An edge that asks its origin over plain HTTP gets the origin's redirect to HTTPS back: a loop.
          res.writeHead(301, { location: `https://${(req.headers.host ?? "").replace(/:\d+$/, "")}${req.url}` });
          return res.end();
        default:
          res.writeHead(200, { "content-type": "text/html" });
          return res.end("<html><body>some other site</body></html>");
      }
    });
    await listen(server, 443, site.address);
  }
  if (site.http) await listen(createHttpServer((req, res) => httpAnswer(req, res, site.http.mode)), 80, site.address);
}

// Each result says how long its command took (`ms`); `interruptAfterMs` sends the command SIGINT
// then, as Ctrl+C on a terminal would.
// Port 443 of a site with `https443: "drop"` takes no connection (SYNs dropped, as a firewall would:
// a python listener with a backlog of one, filled once and never accepted), one with "stall" takes
// the connection and never says a word.
const helpers = [];
for (const site of world.servers ?? []) {
  if (site.port443 === "stall") await listen(createNetServer(() => undefined), 443, site.address);
  if (site.port443 === "drop") {
    const script = `import socket,sys,time\ns=socket.socket();s.bind((sys.argv[1],443));s.listen(0)\nf=socket.socket();f.connect((sys.argv[1],443))\nprint("ready",flush=True)\ntime.sleep(3600)`;
    const helper = spawn("python3", ["-c", script, site.address], { stdio: ["ignore", "pipe", "inherit"] });
    helpers.push(helper);
    await new Promise((resolve, reject) => {
      helper.stdout.once("data", resolve);
      helper.once("exit", (code) => reject(new Error(`the port-443 dropper for ${site.address} exited (${code}): it needs python3`)));
    });
  }
}

function run(command) {
  return new Promise((resolve) => {
    const [file, ...args] = command.args;
    commandStarted = Date.now();
    const child = spawn(file, args, { env: { ...process.env, ...command.env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    running = child;
    current = { args: command.args, stdout: "", stderr: "" };
    const interrupt = command.interruptAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGINT"), command.interruptAfterMs);
    child.stdout.on("data", (chunk) => (current.stdout += chunk));
    child.stderr.on("data", (chunk) => (current.stderr += chunk));
    child.on("close", (status, signal) => {
      clearTimeout(interrupt);
      resolve({ status, signal, ms: Date.now() - commandStarted, stdout: current.stdout, stderr: current.stderr });
    });
  });
}

for (const command of world.commands ?? []) results.push(await run(command));
for (const server of servers) server.closeAllConnections?.();
for (const helper of helpers) helper.kill();
// Exit only once the results are written: a large result (a fleet's JSON) would be cut off otherwise.
process.stdout.write(JSON.stringify(results), () => process.exit(0));
