import Cloudflare from "cloudflare";
import type { RecordResponse } from "cloudflare/resources/dns/records";
import type { PageRule } from "cloudflare/resources/page-rules/page-rules";
import type { RouteListResponse } from "cloudflare/resources/workers/routes";
import type { Zone } from "cloudflare/resources/zones/zones";
import { DiscoverError } from "./discovery";
import { sameName } from "./names";
import { retryDelayMs, sleep, type RequestLimits } from "./request-limits";

/** The token's variable, named in every message about a rejected or missing token. */
export const CLOUDFLARE_TOKEN_ENV = "CLOUDFLARE_API_TOKEN";
/** The API's address unless CLOUDFLARE_BASE_URL says otherwise (as the SDK and the provider default). */
export const CLOUDFLARE_DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";
/** The token scopes discover reads with. */
export const CLOUDFLARE_TOKEN_SCOPES = "Zone Read, DNS Read, Page Rules Read and Workers Routes Read";

/** Records asked for per page; the name filter leaves a handful, so one page is the rule. */
const RECORDS_PER_PAGE = 100;
/** Pages followed at most: more records than this at one name is not a setup discover can judge. */
const MAX_PAGES = 50;

export type CloudflareRecord = RecordResponse;
export type CloudflarePageRule = PageRule;
export type CloudflareWorkerRoute = RouteListResponse;
export type CloudflareZone = Zone;

/** What discover reads from Cloudflare; each answer is complete (every page) and kept for the run. */
export interface CloudflareReader {
  /** The zone's details, or undefined when the API does not give them. */
  zone(zoneId: string): Promise<CloudflareZone | undefined>;
  /** The zone's records of exactly this name (any type), whatever else the API returns. */
  records(zoneId: string, name: string): Promise<CloudflareRecord[]>;
  pageRules(zoneId: string): Promise<CloudflarePageRule[]>;
  workerRoutes(zoneId: string): Promise<CloudflareWorkerRoute[]>;
}

export interface CloudflareSettings extends RequestLimits {
  readonly token: string;
  readonly baseUrl: string;
}

/** One line for an SDK error: which request, and what Cloudflare said (never the token). */
function failure(error: unknown, what: string): DiscoverError {
  if (error instanceof Cloudflare.APIConnectionTimeoutError) return new DiscoverError(`Cloudflare did not answer ${what} in time`);
  if (error instanceof Cloudflare.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return new DiscoverError(`cannot reach Cloudflare for ${what}${cause}`);
  }
  if (error instanceof Cloudflare.APIError) {
    const said = error.errors.map((e) => `${e.code ?? ""} ${e.message ?? ""}`.trim()).filter((text) => text !== "").join("; ");
    const detail = said === "" ? "" : ` (${said})`;
    if (error.status === 401 || error.status === 403) {
      return new DiscoverError(
        `Cloudflare rejected ${CLOUDFLARE_TOKEN_ENV} (${error.status} for ${what}${detail}): give a token with ${CLOUDFLARE_TOKEN_SCOPES} for the zone`,
      );
    }
    return new DiscoverError(`Cloudflare answered ${error.status ?? "an error"} for ${what}${detail}`);
  }
  return new DiscoverError(`Cloudflare request for ${what} failed: ${(error as Error).message}`);
}

/** The reader over the official SDK: reads only, retries a 429 as its Retry-After says (bounded). */
export function cloudflareReader(settings: CloudflareSettings): CloudflareReader {
  const client = new Cloudflare({
    apiToken: settings.token,
    // Only the token authenticates: a CLOUDFLARE_API_KEY or CLOUDFLARE_EMAIL in the environment,
    // which the SDK would otherwise send as well, stays out of every request.
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL: settings.baseUrl,
    timeout: settings.timeoutMs,
    // Retries are ours, so that a long Retry-After is refused instead of waited out.
    maxRetries: 0,
    logLevel: "off",
  });

  async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await request();
      } catch (error) {
        if (!(error instanceof Cloudflare.RateLimitError)) throw failure(error, what);
        const delay = retryDelayMs(error.headers.get("retry-after"), retry, settings);
        if (typeof delay === "string") throw new DiscoverError(`Cloudflare rate-limited ${what} (429): ${delay}`);
        await sleep(delay);
      }
    }
  }

  const cache = new Map<string, Promise<unknown>>();
  function once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let value = cache.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = load();
      cache.set(key, value);
    }
    return value;
  }

  return {
    zone: (zoneId) =>
      once(`zone ${zoneId}`, () =>
        call(`GET /zones/${zoneId}`, () =>
          client.zones.get({ zone_id: zoneId }).catch((error: unknown) => {
            // The zone's details only add checks (its name and plan): when the API does not give
            // them (a token without Zone Read, say), those checks are left out, and the records'
            // answer says what is wrong with the token or the zone, if anything is.
            if (error instanceof Cloudflare.APIError && error.status !== undefined && error.status !== 429) return undefined;
            throw error;
          }),
        ),
      ),
    records: (zoneId, name) =>
      once(`records ${zoneId} ${name}`, async () => {
        const found: CloudflareRecord[] = [];
        const seen = new Set<string>();
        for (let page = 1; ; page++) {
          const what = `GET /zones/${zoneId}/dns_records?name.exact=${name} (page ${page})`;
          const answer = await call(what, () => client.dns.records.list({ zone_id: zoneId, name: { exact: name }, page, per_page: RECORDS_PER_PAGE }));
          const items = answer.getPaginatedItems();
          // The filter is the API's; the name is checked here too, so a lenient or changed filter
          // can never hand over a record of another name.
          found.push(...items.filter((record) => sameName(record.name, name) && !seen.has(record.id)));
          // The last page: an empty one (as the SDK's own paging takes it), the last by the API's
          // count, or a page of records already read (an API that does not page).
          const repeated = items.every((record) => seen.has(record.id));
          for (const record of items) seen.add(record.id);
          const totalPages = (answer.result_info as { total_pages?: unknown }).total_pages;
          const last = items.length === 0 || repeated || (typeof totalPages === "number" && page >= totalPages);
          if (last) return found;
          if (page >= MAX_PAGES) throw new DiscoverError(`Cloudflare returned more than ${MAX_PAGES} pages for ${what}; discover stops there`);
        }
      }),
    pageRules: (zoneId) => once(`page rules ${zoneId}`, () => call(`GET /zones/${zoneId}/pagerules`, () => client.pageRules.list({ zone_id: zoneId }))),
    workerRoutes: (zoneId) =>
      once(`routes ${zoneId}`, async () => {
        const page = await call(`GET /zones/${zoneId}/workers/routes`, () => client.workers.routes.list({ zone_id: zoneId }));
        return page.getPaginatedItems();
      }),
  };
}
