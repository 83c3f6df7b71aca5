import { createSocket, type Socket } from "node:dgram";
import * as dnsPacket from "dns-packet";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dnsClient } from "../../src/verify/dns-query";

// verify's DNS client against a tiny DNS server on 127.0.0.1 (an ephemeral port): each name
// stands for one way a resolver answers, so the outcomes are those of node's real resolver
// (c-ares) and its real error codes, not codes the test makes up.

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

type Answer = dnsPacket.Answer;
/** The records by `TYPE name`, and the names answered with an error code, or not at all. */
const RECORDS: Record<string, Answer[]> = {
  "A www.lab.test": [{ type: "A", name: "www.lab.test", ttl: 60, data: "192.0.2.1" }, { type: "A", name: "www.lab.test", ttl: 60, data: "192.0.2.2" }],
  "AAAA www.lab.test": [{ type: "AAAA", name: "www.lab.test", ttl: 60, data: "2001:db8::1" }],
  "CNAME alias.lab.test": [{ type: "CNAME", name: "alias.lab.test", ttl: 60, data: "d111.cloudfront.net" }],
  "CAA lab.test": [{ type: "CAA", name: "lab.test", ttl: 60, data: { flags: 0, tag: "issue", value: "letsencrypt.org" } }],
  "PTR 1.2.0.192.in-addr.arpa": [{ type: "PTR", name: "1.2.0.192.in-addr.arpa", ttl: 60, data: "server-1.fra56.r.cloudfront.net" }],
};
const ERRORS: Record<string, number> = { "servfail.lab.test": RCODE.SERVFAIL, "refused.lab.test": RCODE.REFUSED, "notimp.lab.test": RCODE.NOTIMP };
/** Names the server never answers (the question times out). */
const DROPPED = new Set(["slow.lab.test"]);
/** Names that exist (NOERROR without the asked type), besides those with records. */
const EXISTING = new Set(["www.lab.test", "alias.lab.test", "lab.test", "empty.lab.test"]);

let server: Socket;
let port = 0;

beforeEach(async () => {
  server = createSocket("udp4");
  server.on("message", (message, remote) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (question === undefined) return;
    const name = question.name.toLowerCase();
    if (DROPPED.has(name)) return;
    const answers = RECORDS[`${question.type} ${name}`] ?? [];
    const rcode = ERRORS[name] ?? (answers.length > 0 || EXISTING.has(name) ? RCODE.NOERROR : RCODE.NXDOMAIN);
    const reply = dnsPacket.encode({
      id: query.id,
      type: "response",
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
      questions: [question],
      answers: rcode === RCODE.NOERROR ? answers : [],
    });
    server.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => server.bind(0, "127.0.0.1", () => resolve()));
  port = server.address().port;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("dnsClient asks each question of the resolver it is given", () => {
  it("answers A, AAAA, CNAME, CAA and reverse (PTR) questions", async () => {
    const dns = dnsClient(`127.0.0.1:${port}`, 2000);
    expect(dns.name).toBe(`resolver 127.0.0.1:${port}`);
    expect(await dns.a("www.lab.test")).toEqual({ kind: "answer", values: ["192.0.2.1", "192.0.2.2"] });
    expect(await dns.aaaa("www.lab.test")).toEqual({ kind: "answer", values: ["2001:db8::1"] });
    expect(await dns.cname("alias.lab.test")).toEqual({ kind: "answer", values: ["d111.cloudfront.net"] });
    expect(await dns.caa("lab.test")).toEqual({ kind: "answer", values: [{ critical: 0, issue: "letsencrypt.org" }] });
    expect(await dns.reverse("192.0.2.1")).toEqual({ kind: "answer", values: ["server-1.fra56.r.cloudfront.net"] });
  });

  it.each([
    ["a name that does not exist", "nowhere.lab.test", { kind: "nxdomain" }],
    ["a name without the record", "empty.lab.test", { kind: "nodata" }],
    ["a SERVFAIL answer", "servfail.lab.test", { kind: "servfail" }],
    ["a refused query", "refused.lab.test", { kind: "refused" }],
  ])("tells %s apart", async (_name, name, outcome) => {
    expect(await dnsClient(`127.0.0.1:${port}`, 2000).a(name)).toEqual(outcome);
  });

  it("passes on an error code it has no outcome for, with c-ares' code and message", async () => {
    const outcome = await dnsClient(`127.0.0.1:${port}`, 2000).a("notimp.lab.test");
    expect(outcome).toMatchObject({ kind: "error", message: expect.stringMatching(/^ENOTIMP: .*notimp\.lab\.test/) });
  });

  it("gives up on a resolver that does not answer, within its time limit", async () => {
    const started = Date.now();
    expect(await dnsClient(`127.0.0.1:${port}`, 300).a("slow.lab.test")).toEqual({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("says a resolver that nothing listens for is unreachable", async () => {
    // A port that was just free: the server is closed first, so the question meets a closed port.
    const closedPort = port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = createSocket("udp4");
    await new Promise<void>((resolve) => server.bind(0, "127.0.0.1", () => resolve()));
    expect(await dnsClient(`127.0.0.1:${closedPort}`, 2000).a("www.lab.test")).toEqual({ kind: "unreachable" });
  });
});
