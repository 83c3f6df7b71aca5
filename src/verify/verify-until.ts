import { backoffDelay } from "./backoff";
import type { DomainReport } from "./check-result";

/** What one round of `verify --wait` saw. */
export interface WaitRound {
  /** 1 for the first round. */
  readonly round: number;
  /** Every domain's latest report, in the order given. */
  readonly reports: readonly DomainReport[];
  /** Time left until the wait ends. */
  readonly leftMs: number;
  /** The pause before the next round; undefined after the last one. */
  readonly nextMs?: number;
}

export interface WaitOutcome {
  /** `passed`: every check passed; `timeout`: the time ran out; `interrupted`: the signal stopped it. */
  readonly outcome: "passed" | "timeout" | "interrupted";
  /** The last complete report of every domain (a round cut short by the signal is left out). */
  readonly reports: readonly DomainReport[];
  readonly rounds: number;
}

export interface WaitOptions<P> {
  readonly plans: readonly P[];
  /** Checks the given plans, returning their reports in the same order. */
  readonly check: (plans: readonly P[]) => Promise<readonly DomainReport[]>;
  readonly waitMs: number;
  readonly now?: () => number;
  /** Sleeps `ms`; resolves false when the signal ended it early. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
  readonly signal?: AbortSignal;
  readonly onRound?: (round: WaitRound) => void;
}

/** A sleep that a signal ends early (false). */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve(true);
    }, ms);
    function stop(): void {
      clearTimeout(timer);
      resolve(false);
    }
    signal?.addEventListener("abort", stop, { once: true });
  });
}

/** The promise's value, or undefined as soon as the signal fires. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const stop = () => resolve(undefined);
    signal.addEventListener("abort", stop, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", stop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", stop);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Checks every plan, then re-checks only the failing ones, pausing between rounds (backoffDelay, cut
 * to the time left), until all pass, the time runs out or the signal fires. The first round always
 * runs; a round is started while time is left, so the last one may end up to one round's length late.
 */
export async function verifyUntil<P>(options: WaitOptions<P>): Promise<WaitOutcome> {
  const now = options.now ?? Date.now;
  const pause = options.sleep ?? sleep;
  const deadline = now() + options.waitMs;
  const first = await unlessAborted(options.check(options.plans), options.signal);
  if (first === undefined) return { outcome: "interrupted", reports: [], rounds: 0 };
  const reports = [...first];
  for (let round = 1; ; round++) {
    const failing = reports.flatMap((report, index) => (report.ok ? [] : [index]));
    const leftMs = Math.max(0, deadline - now());
    if (failing.length === 0 || leftMs === 0) {
      options.onRound?.({ round, reports, leftMs });
      return { outcome: failing.length === 0 ? "passed" : "timeout", reports, rounds: round };
    }
    const nextMs = Math.min(backoffDelay(round), leftMs);
    options.onRound?.({ round, reports, leftMs, nextMs });
    const fresh = (await pause(nextMs, options.signal)) ? await unlessAborted(options.check(failing.map((index) => options.plans[index])), options.signal) : undefined;
    if (fresh === undefined) return { outcome: "interrupted", reports, rounds: round };
    failing.forEach((index, position) => {
      reports[index] = fresh[position];
    });
  }
}
