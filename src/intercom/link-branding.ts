import { INTERCOM_APP_HOST, type Region } from "./regions";

/**
 * The last, manual step of every edge: Intercom only serves the custom domain once it is entered
 * on the workspace's Link branding settings page, in the workspace's own region.
 */
export function linkBrandingStep(domain: string, region: Region): string {
  return (
    `Enter ${domain} as the custom domain for email assets on Intercom's Link branding settings page ` +
    `(in the workspace's settings at https://${INTERCOM_APP_HOST[region]}) ` +
    `once its DNS and TLS are live.`
  );
}
