/** The checks of `email-assets verify`, in the order they run and are reported (DESIGN: check names). */
export const CHECK_NAMES = ["dns", "caa", "tls", "redirect", "hsts", "intercom"] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** One check's verdict; `detail` says what was seen and, on failure, the likely cause and the fix. */
export interface CheckResult {
  readonly name: CheckName;
  readonly ok: boolean;
  readonly detail: string;
}

/** `verify --json`'s report for one domain. */
export interface DomainReport {
  readonly domain: string;
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

export function pass(name: CheckName, detail: string): CheckResult {
  return { name, ok: true, detail };
}

export function fail(name: CheckName, detail: string): CheckResult {
  return { name, ok: false, detail };
}
