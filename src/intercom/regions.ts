/** Intercom data hosting regions. The region decides the host, not where the customer is. */
export const REGIONS = ["us", "eu", "au"] as const;
export type Region = (typeof REGIONS)[number];

/** Parent domain of every workspace's email-assets host, per region. */
export const INTERCOM_MAIL_SUFFIX: Readonly<Record<Region, string>> = {
  us: "intercom-mail.com",
  eu: "intercom-mail.eu",
  au: "au.intercom-mail.com",
};

/** Intercom's web app per region: where the Link branding settings page lives. */
export const INTERCOM_APP_HOST: Readonly<Record<Region, string>> = {
  us: "app.intercom.com",
  eu: "app.eu.intercom.com",
  au: "app.au.intercom.com",
};

/** Registrable domains that serve Intercom email assets; a custom domain may not sit under them. */
export const INTERCOM_MAIL_DOMAINS: readonly string[] = ["intercom-mail.com", "intercom-mail.eu"];
