import type { DomainReport } from "./check-result";

/** A domain's report with what it cost, for the JUnit report's times. */
export interface TimedReport {
  readonly report: DomainReport;
  readonly edge: string;
  readonly ms: number;
}

/**
 * Text as XML 1.0 character data or attribute value: the five special characters escaped, and
 * characters XML 1.0 cannot carry at all (most control characters, lone surrogates) replaced by U+FFFD,
 * so one odd server header cannot make the whole report unreadable.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * The JUnit XML report of a verify run, as GitHub Actions' reporters, GitLab and Jenkins read it:
 * one <testsuite> per domain (named after it), one <testcase> per check (classname the domain), a
 * failing check's detail as its <failure message>, a passing check's detail as <system-out>.
 */
export function junitReport(reports: readonly TimedReport[], timestamp: Date): string {
  const checks = reports.reduce((sum, { report }) => sum + report.checks.length, 0);
  const failures = reports.reduce((sum, { report }) => sum + report.checks.filter((check) => !check.ok).length, 0);
  const total = reports.reduce((longest, { ms }) => Math.max(longest, ms), 0);
  const stamp = timestamp.toISOString().replace(/\.\d+Z$/, "");
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="email-assets verify" tests="${checks}" failures="${failures}" errors="0" time="${seconds(total)}">`];
  reports.forEach(({ report, edge, ms }, index) => {
    const failed = report.checks.filter((check) => !check.ok).length;
    const name = xmlEscape(report.domain);
    lines.push(`  <testsuite name="${name}" id="${index}" tests="${report.checks.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(ms)}" timestamp="${stamp}">`);
    lines.push(`    <properties><property name="edge" value="${xmlEscape(edge)}"/></properties>`);
    for (const check of report.checks) {
      const detail = xmlEscape(check.detail);
      lines.push(`    <testcase name="${xmlEscape(check.name)}" classname="${name}">`);
      lines.push(check.ok ? `      <system-out>${detail}</system-out>` : `      <failure message="${detail}" type="${xmlEscape(check.name)}">${detail}</failure>`);
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  });
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
