import { INTERCOM_MAIL_DOMAINS, INTERCOM_MAIL_SUFFIX, REGIONS, type Region } from "./regions";

/** A received argument as a problem line shows it (the config layer's formatReceived, short of objects). */
function received(value: unknown): string {
  if (value === undefined) return "nothing";
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}

/**
 * The Intercom host that serves a workspace's email assets: `acme.intercom-mail.com` (us),
 * `acme.intercom-mail.eu` (eu), `acme.au.intercom-mail.com` (au).
 * Expects a normalized workspace label (see the spec parser).
 */
export function intercomHost(workspace: string, region: Region): string {
  // Checked for callers from plain JavaScript, who would otherwise get "acme.undefined". (The config layer's
  // checkArguments sits above this one, so the line is written here in its form.)
  const problems = [
    typeof workspace === "string" ? "" : `workspace: must be a string: the workspace's subdomain, "acme" for acme.intercom-mail.com; received ${received(workspace)}`,
    REGIONS.includes(region) ? "" : `region: must be one of ${REGIONS.join(", ")} (the workspace's data hosting region); received ${received(region)}`,
  ].filter((problem) => problem !== "");
  if (problems.length > 0) throw new TypeError(problems.map((problem) => `intercomHost(workspace, region): ${problem}`).join("\n"));
  return `${workspace}.${INTERCOM_MAIL_SUFFIX[region]}`;
}

/** True when `host` is an Intercom email-assets host (or the parent domain itself); false for anything but a string. */
export function isIntercomHost(host: string): boolean {
  if (typeof host !== "string") return false;
  const name = host.toLowerCase().replace(/\.$/, "");
  return INTERCOM_MAIL_DOMAINS.some((d) => name === d || name.endsWith(`.${d}`));
}
