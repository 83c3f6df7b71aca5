/** How long discover waits for an API, and how often it retries a rate-limited request. */
export interface RequestLimits {
  /** Each request's limit (connection and answer), in milliseconds. */
  readonly timeoutMs: number;
  /** The longest Retry-After discover waits out; a longer one fails the run instead. */
  readonly maxRetryAfterMs: number;
  /** Retries of one rate-limited request before discover gives up. */
  readonly maxRetries: number;
}

/** @default 20 s per request, a Retry-After up to 60 s, and 4 retries */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = { timeoutMs: 20_000, maxRetryAfterMs: 60_000, maxRetries: 4 };

/**
 * How long to wait before retry number `retry` (from 0) of a rate-limited request: what the
 * Retry-After header says (seconds or an HTTP date), else one second doubled per retry; or why
 * not to retry at all.
 */
export function retryDelayMs(retryAfter: string | null, retry: number, limits: RequestLimits): number | string {
  if (retry >= limits.maxRetries) return `still rate-limited after ${limits.maxRetries} retries; try again later`;
  let delay = 1000 * 2 ** retry;
  if (retryAfter !== null && retryAfter.trim() !== "") {
    const seconds = Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(seconds)) delay = Math.max(0, seconds * 1000);
    else if (!Number.isNaN(date)) delay = Math.max(0, date - Date.now());
  }
  if (delay > limits.maxRetryAfterMs) {
    return `the API asks to wait ${Math.ceil(delay / 1000)} s (Retry-After), longer than discover waits (${limits.maxRetryAfterMs / 1000} s); try again later`;
  }
  return delay;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
