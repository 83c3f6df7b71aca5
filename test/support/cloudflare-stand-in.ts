// A stand-in of the Cloudflare API v4 on loopback, for `email-assets discover`: zones, DNS records,
// page rules and Worker routes, read only. Every answer's items are typed with the official
// `cloudflare` SDK's generated response types (from Cloudflare's published OpenAPI schema), so a
// fixture that the real API could not return does not compile. Every request is recorded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { V4PagePaginationArrayResponse } from "cloudflare/pagination";
import type { RecordResponse } from "cloudflare/resources/dns/records";
import type { PageRule, PageRuleListResponse } from "cloudflare/resources/page-rules/page-rules";
import type { ErrorData, ResponseInfo } from "cloudflare/resources/shared";
import type { RouteListResponse } from "cloudflare/resources/workers/routes";
import type { Zone } from "cloudflare/resources/zones/zones";

export type { PageRule, RecordResponse, RouteListResponse, Zone };

/** One request as the stand-in received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** The API's envelope around every answer (the SDK reads `result` out of it). */
interface Envelope<T> {
  success: boolean;
  errors: ErrorData[];
  messages: ResponseInfo[];
  result: T;
}

/** A paged list, as the DNS records endpoint sends it (result_info beyond the SDK's page and per_page, as the API does). */
type Paged<T> = Envelope<T[]> & V4PagePaginationArrayResponse<T> & { result_info: { page: number; per_page: number; count: number; total_count: number; total_pages: number } };

/** What the stand-in serves, by zone id. */
export interface CloudflareWorld {
  /** The one token it accepts (as `Authorization: Bearer <token>`). */
  readonly token: string;
  readonly zones: readonly Zone[];
  readonly records?: Readonly<Record<string, readonly RecordResponse[]>>;
  readonly pageRules?: Readonly<Record<string, PageRuleListResponse>>;
  readonly routes?: Readonly<Record<string, readonly RouteListResponse[]>>;
  /** Records per page at most, whatever per_page asks (to make a second page). @default per_page */
  readonly pageSize?: number;
  /** Ignore the name filter, as an API that filters less than asked would. @default false */
  readonly ignoreNameFilter?: boolean;
  /** Answer this many requests with 429 and this Retry-After first. */
  readonly rateLimit?: { readonly times: number; readonly retryAfter: string };
  /** Requests whose path matches are never answered (to prove the timeout). */
  readonly hang?: RegExp;
}

export interface CloudflareStandIn {
  /** The base URL for CLOUDFLARE_BASE_URL. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A zone as the API returns it; only the name and plan matter to discover. */
export function zone(id: string, name: string, plan: { name: string; legacy_id: string } = { name: "Enterprise Website", legacy_id: "enterprise" }): Zone {
  return {
    id,
    name,
    account: { id: "01a7362d577a6c3019a474fd6f485823", name: "Example account" },
    activated_on: "2024-01-01T00:00:00Z",
    created_on: "2023-12-01T00:00:00Z",
    development_mode: 0,
    meta: { cdn_only: false, dns_only: false, foundation_dns: false, page_rule_quota: 125, phishing_detected: false },
    modified_on: "2024-01-01T00:00:00Z",
    name_servers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
    original_dnshost: null,
    original_name_servers: null,
    original_registrar: null,
    owner: { id: "7c5dae5552338874e5053f2534d2767a", name: "Example", type: "organization" },
    plan: { id: "94f3b7b768b0458b56d2cac4fe5ec0f9", ...plan, price: 0, currency: "USD", frequency: "monthly", is_subscribed: true, can_subscribe: false, legacy_discount: false, externally_managed: false },
    status: "active",
    type: "full",
  } satisfies Zone;
}

const NOW = "2024-05-01T12:00:00.000000Z";

/** A CNAME record as the API returns it. */
export function cnameRecord(id: string, name: string, content: string, proxied: boolean, ttl = 1): RecordResponse {
  return { id, name, type: "CNAME", content, proxied, proxiable: true, ttl, settings: {}, meta: {}, comment: "", tags: [], created_on: NOW, modified_on: NOW } satisfies RecordResponse.CNAMERecord;
}

/** An A or AAAA record as the API returns it. */
export function addressRecord(id: string, name: string, type: "A" | "AAAA", content: string, proxied: boolean, ttl = 1): RecordResponse {
  const common = { id, name, content, proxied, proxiable: true, ttl, settings: {}, meta: {}, comment: "", tags: [], created_on: NOW, modified_on: NOW };
  return type === "A" ? ({ ...common, type } satisfies RecordResponse.ARecord) : ({ ...common, type } satisfies RecordResponse.AAAARecord);
}

/** A TXT record as the API returns it (a record of another type at a name). */
export function txtRecord(id: string, name: string, content: string): RecordResponse {
  return { id, name, type: "TXT", content, proxied: false, proxiable: false, ttl: 300, settings: {}, meta: {}, comment: "", tags: [], created_on: NOW, modified_on: NOW } satisfies RecordResponse.TXTRecord;
}

/** A page rule as the API returns it: one URL target, `matches`. */
export function pageRule(id: string, target: string, priority: number, actions: PageRule["actions"], status: PageRule["status"] = "active"): PageRule {
  return { id, targets: [{ target: "url", constraint: { operator: "matches", value: target } }], actions, priority, status, created_on: NOW, modified_on: NOW } satisfies PageRule;
}

export function workerRoute(id: string, pattern: string, script?: string): RouteListResponse {
  return { id, pattern, ...(script === undefined ? {} : { script }) } satisfies RouteListResponse;
}

function send<T>(response: ServerResponse, status: number, body: Envelope<T> | Paged<T> | { success: false; errors: ErrorData[]; messages: ResponseInfo[]; result: null }, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function failure(response: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  send(response, status, { success: false, errors: [{ code, message }], messages: [], result: null }, headers);
}

function ok<T>(result: T): Envelope<T> {
  return { success: true, errors: [], messages: [], result };
}

const BASE = "/client/v4";

/** Starts the stand-in on 127.0.0.1 at an ephemeral port. */
export async function startCloudflareStandIn(world: CloudflareWorld): Promise<CloudflareStandIn> {
  const requests: RecordedRequest[] = [];
  let limited = 0;
  const hanging: ServerResponse[] = [];
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    requests.push({ method: request.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...request.headers } });
    if (request.method !== "GET") return failure(response, 405, 10000, "the stand-in serves reads only");
    if (request.headers.authorization !== `Bearer ${world.token}`) return failure(response, 403, 9109, "Invalid access token");
    if (world.rateLimit !== undefined && limited < world.rateLimit.times) {
      limited++;
      return failure(response, 429, 971, "Please wait and consider throttling your request speed", { "retry-after": world.rateLimit.retryAfter });
    }
    if (world.hang?.test(url.pathname)) {
      hanging.push(response);
      return;
    }
    const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
    const match = /^\/zones\/([0-9a-f]{32})(\/dns_records|\/pagerules|\/workers\/routes)?$/.exec(path);
    const found = world.zones.find((z) => z.id === match?.[1]);
    if (match === null || found === undefined) return failure(response, 404, 7003, "Could not route to /zones, perhaps your object identifier is invalid?");
    const zoneId = found.id;
    switch (match[2]) {
      case undefined:
        return send(response, 200, ok(found));
      case "/pagerules":
        return send(response, 200, ok(world.pageRules?.[zoneId] ?? []));
      case "/workers/routes":
        return send(response, 200, ok(world.routes?.[zoneId] ?? []));
      case "/dns_records": {
        const name = url.searchParams.get("name.exact") ?? url.searchParams.get("name");
        const type = url.searchParams.get("type");
        const all = (world.records?.[zoneId] ?? []).filter(
          (record) => (world.ignoreNameFilter || name === null || record.name === name) && (type === null || record.type === type),
        );
        const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 100), world.pageSize ?? Infinity);
        const page = Number(url.searchParams.get("page") ?? 1);
        const result = all.slice((page - 1) * perPage, page * perPage);
        const totalPages = Math.max(1, Math.ceil(all.length / perPage));
        const body: Paged<RecordResponse> = { ...ok(result), result_info: { page, per_page: perPage, count: result.length, total_count: all.length, total_pages: totalPages } };
        return send(response, 200, body);
      }
      default:
        return failure(response, 404, 7003, "no route");
    }
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${BASE}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
