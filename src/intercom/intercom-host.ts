import { INTERCOM_MAIL_DOMAINS, INTERCOM_MAIL_SUFFIX, type Region } from "./regions";

/**
 * The Intercom host that serves a workspace's email assets: `acme.intercom-mail.com` (us),
 * `acme.intercom-mail.eu` (eu), `acme.au.intercom-mail.com` (au).
 * Expects a normalized workspace label (see the spec parser).
 */
export function intercomHost(workspace: string, region: Region): string {
  return `${workspace}.${INTERCOM_MAIL_SUFFIX[region]}`;
}

/** True when `host` is an Intercom email-assets host (or the parent domain itself); false for anything but a string. */
export function isIntercomHost(host: string): boolean {
  if (typeof host !== "string") return false;
  const name = host.toLowerCase().replace(/\.$/, "");
  return INTERCOM_MAIL_DOMAINS.some((d) => name === d || name.endsWith(`.${d}`));
}
