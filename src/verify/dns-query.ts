import { Resolver } from "node:dns/promises";
import type { CaaRecord } from "node:dns";

/** How one DNS question ended: the answers, or what went wrong, in the words a user needs. */
export type DnsOutcome<T> =
  | { readonly kind: "answer"; readonly values: readonly T[] }
  /** The name does not exist (NXDOMAIN). */
  | { readonly kind: "nxdomain" }
  /** The name exists but has no record of this type. */
  | { readonly kind: "nodata" }
  | { readonly kind: "servfail" }
  | { readonly kind: "timeout" }
  | { readonly kind: "refused" }
  /** The resolver could not be reached at all (nothing listens there, or no route). */
  | { readonly kind: "unreachable" }
  | { readonly kind: "error"; readonly message: string };

export type DnsFailure = Exclude<DnsOutcome<never>, { kind: "answer" }>;

/** The DNS questions verify asks, through one resolver. */
export interface DnsClient {
  /** Who answers: `system resolver` or the --resolver address. */
  readonly name: string;
  a(name: string): Promise<DnsOutcome<string>>;
  aaaa(name: string): Promise<DnsOutcome<string>>;
  cname(name: string): Promise<DnsOutcome<string>>;
  caa(name: string): Promise<DnsOutcome<CaaRecord>>;
  /** PTR names of an address. */
  reverse(address: string): Promise<DnsOutcome<string>>;
}

/** c-ares error codes, as node:dns reports them, mapped to outcomes (exported for its tests). */
export function failure(error: unknown): DnsFailure {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOTFOUND":
      return { kind: "nxdomain" };
    case "ENODATA":
      return { kind: "nodata" };
    case "ESERVFAIL":
      return { kind: "servfail" };
    case "ETIMEOUT":
      return { kind: "timeout" };
    case "EREFUSED":
      return { kind: "refused" };
    case "ECONNREFUSED":
      return { kind: "unreachable" };
    default:
      return { kind: "error", message: `${code ?? "error"}: ${(error as Error).message}` };
  }
}

async function ask<T>(question: () => Promise<T[]>): Promise<DnsOutcome<T>> {
  try {
    const values = await question();
    return values.length === 0 ? { kind: "nodata" } : { kind: "answer", values };
  } catch (error) {
    return failure(error);
  }
}

/**
 * The records as Node 20 and 22 give them: Node 24 adds `type: "CAA"` to each, which is not a
 * property of the record (the CAA check reads every other key as one).
 */
function withoutType(records: CaaRecord[]): CaaRecord[] {
  return records.map((record) => {
    const { type: _type, ...properties } = record as CaaRecord & { type?: unknown };
    return properties;
  });
}

/**
 * A DNS client on node's resolver (c-ares): the system's resolvers (/etc/resolv.conf), or the one
 * `server` names (`127.0.0.1:5353`, `[::1]:53`). Each question waits at most `timeoutMs`, one try.
 */
export function dnsClient(server: string | undefined, timeoutMs: number): DnsClient {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (server !== undefined) resolver.setServers([server]);
  return {
    name: server === undefined ? "the system resolver" : `resolver ${server}`,
    a: (name) => ask(() => resolver.resolve4(name)),
    aaaa: (name) => ask(() => resolver.resolve6(name)),
    cname: (name) => ask(() => resolver.resolveCname(name)),
    caa: (name) => ask(async () => withoutType(await resolver.resolveCaa(name))),
    reverse: (address) => ask(() => resolver.reverse(address)),
  };
}

/** What to do about a question that got no answer: the resolver's fault, or the zone's. */
export function lookupFix(outcome: DnsFailure, name: string, resolverName: string): string {
  switch (outcome.kind) {
    case "timeout":
    case "unreachable":
    case "error":
      return `check that ${resolverName} answers from here (or pass --resolver with one that does), and that the name servers of ${name}'s zone answer`;
    case "servfail":
    case "refused":
      return `check that the name servers of ${name}'s zone answer for it (and that its DNSSEC signatures are valid), or pass --resolver`;
    case "nxdomain":
    case "nodata":
      return `create the record`;
  }
}

/** What a failed question means, in words. */
export function describeFailure(outcome: DnsFailure, question: string, resolverName: string): string {
  switch (outcome.kind) {
    case "nxdomain":
      return `${question}: the name does not exist (NXDOMAIN)`;
    case "nodata":
      return `${question}: no such record`;
    case "servfail":
      return `${question}: ${resolverName} answered SERVFAIL (the zone's name servers failed or DNSSEC did not validate)`;
    case "timeout":
      return `${question}: ${resolverName} did not answer in time (timeout)`;
    case "refused":
      return `${question}: ${resolverName} refused the query`;
    case "unreachable":
      return `${question}: ${resolverName} could not be reached (connection refused)`;
    case "error":
      return `${question}: ${outcome.message}`;
  }
}
