import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { DomainPlan } from "../plan/resolve-plan";
import { boundedLine } from "../config/problems/problem";
import type { DomainReport } from "../verify/check-result";
import { dnsClient } from "../verify/dns-query";
import { formatDuration } from "../verify/duration";
import { runInOrder } from "../verify/in-order-pool";
import { junitReport, type TimedReport } from "../verify/junit-report";
import { trustedRoots } from "../verify/trusted-roots";
import { verifyDomain, type VerifyProgress } from "../verify/verify-domain";
import { verifyUntil, type WaitOutcome } from "../verify/verify-until";
import { EXIT_INVALID, EXIT_OK } from "./exit-codes";
import { domainHeader, domainSummary, domainText, failingLines, humanProgress, isLiveTerminal, LiveBlock, roundLine } from "./verify-view";
import { DEFAULT_CONCURRENCY, EXIT_INTERRUPTED } from "./verify-defaults";

// How a verify run goes: once over the fleet (concurrently, printed in config order) or in rounds
// until every check passes (--wait), and what it prints on a terminal, in a log, or as JSON.

export { DEFAULT_CONCURRENCY, EXIT_INTERRUPTED } from "./verify-defaults";

/** The checked settings of a verify run (the command checks the flags into them). */
export interface VerifySettings {
  /** For node's resolver: `1.2.3.4:53` or `[::1]:53`; undefined means the system's resolvers. */
  readonly resolver?: string;
  readonly timeoutMs: number;
  readonly expiryDays: number;
}

/** How a verify run goes over the fleet and over time. */
export interface FleetSettings {
  readonly concurrency: number;
  /** --wait in milliseconds; undefined checks once. */
  readonly waitMs?: number;
  /** --junit: where the JUnit XML report goes. */
  readonly junit?: string;
  /** Ends a --wait early (Ctrl+C). */
  readonly signal?: AbortSignal;
}

/** Writes the JUnit report beside its target and renames it over, so a CI step never reads half a report. */
export function writeJunit(file: string, reports: readonly TimedReport[], now = new Date()): void {
  const temporary = join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, junitReport(reports, now));
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Checks plans, at most `concurrency` at a time; `emit` sees each domain's report in the plans' order. */
type FleetCheck = (plans: readonly DomainPlan[], events?: { start?: (plan: DomainPlan) => void; emit?: (result: TimedReport, plan: DomainPlan) => void }) => Promise<TimedReport[]>;

function fleetCheck(settings: VerifySettings, concurrency: number, progressOf?: (plan: DomainPlan) => VerifyProgress): FleetCheck {
  const dns = dnsClient(settings.resolver, settings.timeoutMs);
  const options = { dns, timeoutMs: settings.timeoutMs, expiryDays: settings.expiryDays, ca: trustedRoots() };
  return (plans, events = {}) =>
    runInOrder(
      plans,
      concurrency,
      async (plan) => {
        events.start?.(plan);
        const started = Date.now();
        const report = await verifyDomain(plan, options, progressOf?.(plan));
        return { report, edge: plan.edge, ms: Date.now() - started };
      },
      (result, index) => events.emit?.(result, plans[index]),
    );
}

/** One pass over the plans, printed as it goes: a domain's checklist as soon as it and those before it are done. */
async function checkOnce(plans: readonly DomainPlan[], settings: VerifySettings, fleet: FleetSettings, json: boolean, stream: NodeJS.WriteStream): Promise<TimedReport[]> {
  const resolverName = dnsClient(settings.resolver, settings.timeoutMs).name;
  const [only] = plans;
  if (json) return fleetCheck(settings, fleet.concurrency)(plans);
  if (plans.length === 1 && only !== undefined) {
    // One domain: its checklist live, check by check.
    stream.write(domainHeader(only, resolverName));
    const results = await fleetCheck(settings, 1, () => humanProgress(stream))(plans);
    for (const { report } of results) stream.write(domainSummary(report));
    return results;
  }
  if (!isLiveTerminal(stream)) return fleetCheck(settings, fleet.concurrency)(plans, { emit: ({ report }, plan) => stream.write(domainText(plan, report, resolverName)) });
  // Several domains on a terminal: finished checklists in config order, a status line below them.
  const block = new LiveBlock(stream);
  const running = new Set<string>();
  let done = 0;
  const status = () => block.show([`checking ${plans.length} domains, ${fleet.concurrency} at a time: ${done} done; running ${[...running].join(", ")}`]);
  const results = await fleetCheck(settings, fleet.concurrency)(plans, {
    start: (plan) => {
      running.add(plan.domain);
      status();
    },
    emit: ({ report }, plan) => {
      running.delete(plan.domain);
      done++;
      block.print(domainText(plan, report, resolverName));
      status();
    },
  });
  block.clear();
  return results;
}

/** `--wait`: rounds until every check passes or the time is up; a live view on a terminal, a line per round otherwise. */
async function checkUntil(plans: readonly DomainPlan[], settings: VerifySettings, fleet: FleetSettings & { waitMs: number }, json: boolean, stream: NodeJS.WriteStream): Promise<{ outcome: WaitOutcome["outcome"]; results: TimedReport[] }> {
  const check = fleetCheck(settings, fleet.concurrency);
  const latest = new Map<string, TimedReport>();
  const live = !json && isLiveTerminal(stream) ? new LiveBlock(stream) : undefined;
  let view: { round: number; reports: readonly DomainReport[]; until: number } | undefined;
  const draw = () => {
    if (live === undefined || view === undefined) return;
    const left = formatDuration(Math.max(0, fleet.waitMs - (Date.now() - started)));
    const next = view.until > Date.now() ? `next check in ${formatDuration(view.until - Date.now())}` : "checking…";
    const failing = failingLines(view.reports);
    live.show([`waiting for ${failing.length} of ${view.reports.length} domain(s), ${left} left (round ${view.round}, ${next}); Ctrl+C stops`, ...failing.map((line) => `  ${line}`)]);
  };
  const started = Date.now();
  const ticker = live === undefined ? undefined : setInterval(draw, 1000);
  if (live !== undefined) live.show([`checking ${plans.length} domain(s)…`]);
  try {
    const waited = await verifyUntil({
      plans,
      waitMs: fleet.waitMs,
      signal: fleet.signal,
      check: async (some) => {
        const results = await check(some);
        for (const result of results) latest.set(result.report.domain, result);
        return results.map((result) => result.report);
      },
      onRound: ({ round, reports, leftMs, nextMs }) => {
        if (live !== undefined) {
          view = { round, reports, until: Date.now() + (nextMs ?? 0) };
          draw();
        } else {
          const line = `${roundLine(round, reports, leftMs, nextMs)}\n`;
          if (json) process.stderr.write(line);
          else stream.write(line);
        }
      },
    });
    const results = waited.reports.map((report) => latest.get(report.domain) as TimedReport);
    return { outcome: waited.outcome, results };
  } finally {
    clearInterval(ticker);
    live?.clear();
  }
}

/** Runs the checks for each plan; prints the checklist or the JSON report; returns the exit code (0 all pass, 1 a check failed, 130 a --wait stopped by Ctrl+C). */
export async function runVerify(plans: readonly DomainPlan[], settings: VerifySettings, json: boolean, stream: NodeJS.WriteStream = process.stdout, fleet: FleetSettings = { concurrency: DEFAULT_CONCURRENCY }): Promise<number> {
  const resolverName = dnsClient(settings.resolver, settings.timeoutMs).name;
  let results: TimedReport[];
  let outcome: WaitOutcome["outcome"] | undefined;
  if (fleet.waitMs === undefined) {
    results = await checkOnce(plans, settings, fleet, json, stream);
  } else {
    ({ outcome, results } = await checkUntil(plans, settings, { ...fleet, waitMs: fleet.waitMs }, json, stream));
    if (!json) for (const [index, { report }] of results.entries()) stream.write(domainText(plans[index], report, resolverName));
  }
  const reports = results.map((result) => result.report);
  if (json) stream.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  if (fleet.junit !== undefined) writeJunit(fleet.junit, results);
  const failing = reports.filter((report) => !report.ok).map((report) => report.domain);
  if (outcome !== undefined) {
    const waitWords = `--wait ${formatDuration(fleet.waitMs ?? 0)}`;
    const summary: Record<WaitOutcome["outcome"], string> = {
      passed: `every check of ${reports.length} domain(s) passed within ${waitWords}`,
      timeout: `${waitWords} ran out: ${failing.length} of ${reports.length} domain(s) still fail: ${failing.join(", ")}`,
      interrupted: reports.length === 0 ? "interrupted before the first round ended: nothing was checked to the end" : `interrupted: ${failing.length} of ${reports.length} domain(s) failed at the last round: ${failing.join(", ")}`,
    };
    const line = `${boundedLine(summary[outcome])}\n`;
    if (json) process.stderr.write(line);
    else stream.write(line);
    if (outcome === "interrupted") return EXIT_INTERRUPTED;
  }
  return failing.length === 0 ? EXIT_OK : EXIT_INVALID;
}

