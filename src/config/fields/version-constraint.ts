/**
 * Terraform provider version constraints (`~> 6.0`, `>= 5.100.0, < 7.0.0`), read the way Terraform
 * reads them (its Ruby-style syntax: comma-separated `=`, `!=`, `>`, `>=`, `<`, `<=`, `~>`, a bare
 * version meaning `=`), as the set of versions they admit, so that a constraint can be held to a
 * range: every version it admits must lie inside.
 */

/** major.minor.patch; a major of Infinity stands for "no upper bound". */
type Version = readonly [number, number, number];
/** The versions from `low` up to, not including, `high`. */
interface Interval {
  readonly low: Version;
  readonly high: Version;
}

const ZERO: Version = [0, 0, 0];
const UNBOUNDED: Version = [Infinity, 0, 0];
const CLAUSE = /^(=|!=|>=|<=|>|<|~>)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
const later = (a: Version, b: Version) => (compare(a, b) >= 0 ? a : b);
const earlier = (a: Version, b: Version) => (compare(a, b) <= 0 ? a : b);

/** The version just past the last part written: `1.2.3` → 1.2.4, `1.2` → 1.3.0, `1` → 2.0.0. */
function past(version: Version, parts: number): Version {
  const [major, minor, patch] = version;
  return parts === 3 ? [major, minor, patch + 1] : parts === 2 ? [major, minor + 1, 0] : [major + 1, 0, 0];
}

export function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function formatVersion(version: Version): string {
  return version.join(".");
}

/** What a constraint admits: one interval, less the intervals its `!=` clauses take out. */
export interface VersionSet {
  readonly within: Interval;
  readonly holes: readonly Interval[];
}

/**
 * The versions `constraint` admits, or why it is not a constraint Terraform reads the same way.
 * Unwritten parts are wildcards (`= 6.1` is any 6.1.x, `> 6.1` starts at 6.2.0), and `~>` lets
 * only the last written part grow (`~> 6.1.2`: 6.1.x from 6.1.2; `~> 6.1` and `~> 6`: 6.x).
 */
export function admittedVersions(constraint: string): VersionSet | { readonly problem: string } {
  const clauses = constraint.split(",").map((clause) => clause.trim());
  let within: Interval = { low: ZERO, high: UNBOUNDED };
  const holes: Interval[] = [];
  for (const clause of clauses) {
    const match = CLAUSE.exec(clause);
    if (match === null) {
      return { problem: `${JSON.stringify(clause)} is not a version constraint (an operator =, !=, >, >=, <, <= or ~> and a version such as 6.0 or 5.100.0)` };
    }
    const [, operator = "=", major, minor, patch, prerelease] = match;
    if (prerelease !== undefined) return { problem: `${JSON.stringify(clause)} names a pre-release, whose schema nothing here was checked against` };
    const parts = patch !== undefined ? 3 : minor !== undefined ? 2 : 1;
    const low: Version = [Number(major), Number(minor ?? 0), Number(patch ?? 0)];
    const next = past(low, parts);
    const interval: Interval =
      operator === "=" || operator === "!="
        ? { low, high: next }
        : operator === ">="
          ? { low, high: UNBOUNDED }
          : operator === ">"
            ? { low: next, high: UNBOUNDED }
            : operator === "<"
              ? { low: ZERO, high: low }
              : operator === "<="
                ? { low: ZERO, high: next }
                : { low, high: parts === 3 ? past(low, 2) : past(low, 1) };
    if (operator === "!=") holes.push(interval);
    else within = { low: later(within.low, interval.low), high: earlier(within.high, interval.high) };
  }
  return { within, holes };
}

/** The parts of `interval` that no hole covers. */
function uncovered(interval: Interval, holes: readonly Interval[]): Interval[] {
  const parts: Interval[] = [];
  let from = interval.low;
  for (const hole of [...holes].sort((a, b) => compare(a.low, b.low))) {
    if (compare(from, interval.high) >= 0) break;
    if (compare(hole.high, from) <= 0) continue;
    if (compare(hole.low, from) > 0) parts.push({ low: from, high: earlier(hole.low, interval.high) });
    from = later(from, hole.high);
  }
  if (compare(from, interval.high) < 0) parts.push({ low: from, high: interval.high });
  return parts;
}

function describe(interval: Interval): string {
  if (interval.high[0] === Infinity) return `${formatVersion(interval.low)} and later`;
  return `${formatVersion(interval.low)} up to (not including) ${formatVersion(interval.high)}`;
}

/**
 * Why `constraint` is not held inside [from, below): it is not a constraint, admits no version,
 * or admits versions outside (named); undefined when every version it admits lies inside.
 */
export function outsideRange(constraint: string, from: string, below: string): string | undefined {
  const admitted = admittedVersions(constraint);
  if ("problem" in admitted) return admitted.problem;
  const range: Interval = { low: parseVersion(from) ?? ZERO, high: parseVersion(below) ?? UNBOUNDED };
  const versions = compare(admitted.within.low, admitted.within.high) < 0 ? uncovered(admitted.within, admitted.holes) : [];
  if (versions.length === 0) return "admits no version at all";
  const outside = versions.flatMap((part) => [
    ...(compare(part.low, range.low) < 0 ? [{ low: part.low, high: earlier(part.high, range.low) }] : []),
    ...(compare(part.high, range.high) > 0 ? [{ low: later(part.low, range.high), high: part.high }] : []),
  ]);
  const shown = outside.filter((part) => compare(part.low, part.high) < 0);
  return shown.length === 0 ? undefined : `admits ${shown.map(describe).join(" and ")}`;
}
