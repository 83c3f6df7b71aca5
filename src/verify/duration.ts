/** The longest --wait: the guide's own bound on DNS propagation (72 hours). */
export const MAX_WAIT_MS = 72 * 3600_000;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000 };

/**
 * A duration as `90s`, `30m`, `2h` or a sum of them (`1h30m`); whole numbers only, so a value reads
 * the same to everyone. Returns the milliseconds, or the problem in words.
 */
export function parseDuration(text: string): { ms: number } | { problem: string } {
  const trimmed = text.trim().toLowerCase();
  const parts = /^(?:\d+[hms])+$/.test(trimmed) ? [...trimmed.matchAll(/(\d+)([hms])/g)] : [];
  const units = parts.map((part) => part[2]);
  if (parts.length === 0 || new Set(units).size !== units.length) {
    return { problem: "must be a duration such as 90s, 30m, 2h or 1h30m" };
  }
  const ms = parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_MS[part[2] ?? "s"] ?? 0), 0);
  if (ms <= 0) return { problem: "must be longer than 0s" };
  if (ms > MAX_WAIT_MS) return { problem: "must be at most 72h (DNS changes take up to 72 hours to be seen everywhere)" };
  return { ms };
}

/** Milliseconds in the words parseDuration reads, rounded to whole seconds: `1h2m3s`, `45s`, `0s`. */
export function formatDuration(ms: number): string {
  let seconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const text = `${hours > 0 ? `${hours}h` : ""}${minutes > 0 ? `${minutes}m` : ""}${seconds > 0 ? `${seconds}s` : ""}`;
  return text === "" ? "0s" : text;
}
