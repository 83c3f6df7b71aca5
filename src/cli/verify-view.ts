import { createSpinner } from "nanospinner";
import { boundedLine, visible } from "../config/problems/problem";
import type { DomainPlan } from "../plan/resolve-plan";
import { CHECK_NAMES, type CheckName, type CheckResult, type DomainReport } from "../verify/check-result";
import { formatDuration } from "../verify/duration";
import type { VerifyProgress } from "../verify/verify-domain";

/** How a check's verdict shows on a plain line. */
export function checkLine(result: CheckResult): string {
  return `${result.ok ? "ok  " : "FAIL"} ${result.name.padEnd(8)} ${result.detail}`;
}

/** The first line of a domain's checklist. */
export function domainHeader(plan: DomainPlan, resolverName: string): string {
  return `${plan.domain}: edge ${plan.edge}, Intercom host ${plan.intercomHost}, asking ${resolverName}\n`;
}

/** The last line of a domain's checklist, and a blank line after it. */
export function domainSummary(report: DomainReport): string {
  const failed = report.checks.filter((check) => !check.ok).length;
  return failed === 0 ? `${report.domain}: all ${CHECK_NAMES.length} checks passed\n\n` : `${report.domain}: ${failed} of ${CHECK_NAMES.length} checks failed\n\n`;
}

/** A domain's whole checklist as plain lines: header, one line per check, summary. */
export function domainText(plan: DomainPlan, report: DomainReport, resolverName: string): string {
  return `${domainHeader(plan, resolverName)}${report.checks.map((check) => `${visible(checkLine(check))}\n`).join("")}${domainSummary(report)}`;
}

/** True for a terminal that can be redrawn in place (some CI pseudo-terminals report no width). */
export function isLiveTerminal(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY && stream.columns > 0;
}

/** One domain's checklist live on a terminal (a spinner per running check), plain lines otherwise. */
export function humanProgress(stream: NodeJS.WriteStream): VerifyProgress {
  if (!isLiveTerminal(stream)) return { start: () => undefined, done: (result) => stream.write(`${visible(checkLine(result))}\n`) };
  const spinner = createSpinner("", { stream });
  return {
    start: (name: CheckName) => spinner.start({ text: `${name.padEnd(8)} checking…` }),
    done: (result) => {
      const text = visible(`${result.name.padEnd(8)} ${result.detail}`);
      if (result.ok) spinner.success({ text });
      else spinner.error({ text });
    },
  };
}

/**
 * A few lines at the bottom of a terminal that are redrawn in place (the fleet's progress, the wait's
 * failing checks), with finished output printed above them. Each line is cut to the terminal's width,
 * so that none wraps and the redraw always knows how many lines to take back.
 */
export class LiveBlock {
  private shown = 0;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  /** Replaces the block's lines. */
  show(lines: readonly string[]): void {
    const width = Math.max(20, this.stream.columns - 1);
    const rows = Math.max(3, (this.stream.rows > 0 ? this.stream.rows : 24) - 2);
    const kept = lines.length > rows ? [...lines.slice(0, rows - 1), `… and ${lines.length - rows + 1} more`] : lines;
    this.stream.write(`${this.erase()}${kept.map((line) => `${cutTo(visible(line), width)}\n`).join("")}`);
    this.shown = kept.length;
  }

  /** Prints text above the block (the block is redrawn by the next show). */
  print(text: string): void {
    this.stream.write(`${this.erase()}${text}`);
    this.shown = 0;
  }

  /** Takes the block off the screen. */
  clear(): void {
    this.stream.write(this.erase());
    this.shown = 0;
  }

  private erase(): string {
    // Cursor to the start of the block's first line, then clear to the end of the screen.
    return this.shown === 0 ? "" : `\u001b[${this.shown}F\u001b[J`;
  }
}

function cutTo(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

/** The failing checks of each failing domain: `a.example.com: dns, tls`. */
export function failingLines(reports: readonly DomainReport[]): string[] {
  return reports.filter((report) => !report.ok).map((report) => `${report.domain}: ${report.checks.filter((check) => !check.ok).map((check) => check.name).join(", ")}`);
}

/** One line per round of `verify --wait` (CI logs, pipes). */
export function roundLine(round: number, reports: readonly DomainReport[], leftMs: number, nextMs: number | undefined): string {
  const failing = failingLines(reports);
  const state = failing.length === 0 ? `all ${reports.length} domain(s) pass` : `${failing.length} of ${reports.length} domain(s) fail: ${failing.join("; ")}`;
  const next = nextMs === undefined ? "" : `; next check in ${formatDuration(nextMs)}`;
  return boundedLine(`round ${round}, ${formatDuration(leftMs)} left: ${state}${next}`);
}
