import { DEFAULTS } from "../config/shapes/defaults";
import { CLOUDFLARE_MODES, DNS_CHOICES, EDGES, PROXY_SERVERS, REGIONS, type CloudflareMode, type DnsChoice, type Edge, type ProxyServer, type Region } from "../config/shapes/domain-spec";
import { intercomHost } from "../intercom/intercom-host";
import { type AnswerKey, type InitAnswers } from "./init-answers";

/** init's question catalogue: for each answer, its flag's help, its prompt, and the choices offered. */

export interface Choice<T extends string> {
  readonly value: T;
  readonly name: string;
  /** Shown as the answer once chosen. */
  readonly short: T;
}

/** How one answer is asked for: its flag's help, its prompt, and for a choice the values offered. */
export interface Question {
  /** The flag's argument, for --help: `<domain>`. */
  readonly argument: string;
  readonly help: string;
  readonly prompt: (answers: InitAnswers) => string;
  readonly choices?: (answers: InitAnswers) => readonly Choice<string>[];
  /** The config's default, where the config has one: the choice offered first. */
  readonly default?: string;
  /** An empty answer leaves the key out of the file (its meaning is in the prompt). */
  readonly optional?: boolean;
  /** Asked only when this holds (besides belonging to the chosen edge). */
  readonly when?: (answers: InitAnswers) => boolean;
}

function choices<T extends string>(values: readonly T[], names: Readonly<Record<T, string>>): Choice<T>[] {
  return values.map((value) => ({ value, name: names[value] === "" ? value : `${value}  ${names[value]}`, short: value }));
}

const EDGE_NAMES: Readonly<Record<Edge, string>> = {
  cloudflare: "a proxied CNAME in your Cloudflare zone",
  cloudfront: "a CloudFront distribution with an ACM certificate",
  proxy: "your own Apache or nginx reverse proxy, with your certificate",
};
const MODE_NAMES: Readonly<Record<CloudflareMode, string>> = {
  "page-rules": "page rules, the guide's way (Enterprise plan)",
  rulesets: "modern Rules (Enterprise plan)",
  worker: "a Worker (any plan)",
};
const DNS_NAMES: Readonly<Record<DnsChoice, string>> = {
  external: "another DNS host: the stack outputs the records to create",
  route53: "records in a Route 53 hosted zone",
  cloudflare: "DNS-only records in a Cloudflare zone",
};
const SERVER_NAMES: Readonly<Record<ProxyServer, string>> = { apache: "Apache httpd 2.4", nginx: "nginx" };

const listed = (values: readonly string[]): string => `${values.slice(0, -1).join(", ")} or ${values[values.length - 1] ?? ""}`;
export const domainOf = (answers: InitAnswers): string => answers.domain ?? "the domain";

export const QUESTIONS: Readonly<Record<AnswerKey, Question>> = {
  domain: { argument: "<domain>", help: "the custom domain, e.g. emails.example.com", prompt: () => "Custom domain for email assets (e.g. emails.example.com):" },
  workspace: {
    argument: "<workspace>",
    help: "the Intercom workspace subdomain: acme for acme.intercom-mail.com",
    prompt: () => "Intercom workspace subdomain (acme for acme.intercom-mail.com):",
  },
  region: {
    argument: "<region>",
    help: `the workspace's data hosting region: ${listed(REGIONS)}`,
    prompt: () => "Intercom data hosting region:",
    choices: (answers) => choices<Region>(REGIONS, Object.fromEntries(REGIONS.map((region) => [region, answers.workspace ? intercomHost(answers.workspace, region) : ""])) as Record<Region, string>),
  },
  edge: {
    argument: "<edge>",
    help: `what serves the domain: ${listed(EDGES)}`,
    prompt: (answers) => `What serves ${domainOf(answers)}:`,
    choices: () => choices<Edge>(EDGES, EDGE_NAMES),
  },
  zoneId: { argument: "<id>", help: "cloudflare: the zone that holds the domain (32 hex digits)", prompt: () => "Cloudflare zone id (32 hex digits, on the zone's Overview page):" },
  mode: {
    argument: "<mode>",
    help: `cloudflare: ${listed(CLOUDFLARE_MODES)} (default ${DEFAULTS.cloudflare.mode})`,
    prompt: () => "Cloudflare mode:",
    choices: () => choices<CloudflareMode>(CLOUDFLARE_MODES, MODE_NAMES),
    default: DEFAULTS.cloudflare.mode,
  },
  accountId: {
    argument: "<id>",
    help: "cloudflare, worker mode: the account that owns the Worker (32 hex digits)",
    prompt: () => "Cloudflare account id that owns the Worker (32 hex digits):",
    when: (answers) => answers.mode === "worker",
  },
  certificateArn: {
    argument: "<arn>",
    help: "cloudfront: an ACM certificate in us-east-1 (default: create and validate one)",
    prompt: () => "ACM certificate ARN in us-east-1 (leave empty to have one created and validated):",
    optional: true,
  },
  server: { argument: "<server>", help: `proxy: ${listed(PROXY_SERVERS)}`, prompt: () => "Proxy server:", choices: () => choices<ProxyServer>(PROXY_SERVERS, SERVER_NAMES) },
  certificateFile: { argument: "<path>", help: "proxy: absolute path on the proxy of the certificate chain (PEM)", prompt: () => "Path on the proxy of the certificate chain (PEM):" },
  certificateKeyFile: { argument: "<path>", help: "proxy: absolute path on the proxy of its private key (PEM)", prompt: () => "Path on the proxy of the private key (PEM):" },
  ipv4: {
    argument: "<address>",
    help: "proxy: its public IPv4 address (--ipv4, --ipv6 or both)",
    prompt: () => "The proxy's public IPv4 address (leave empty if it has IPv6 only):",
    optional: true,
  },
  ipv6: { argument: "<address>", help: "proxy: its public IPv6 address", prompt: () => "The proxy's public IPv6 address (leave empty for none):", optional: true },
  dns: {
    argument: "<dns>",
    help: `cloudfront, proxy: who holds the domain's DNS: ${listed(DNS_CHOICES)} (default ${DEFAULTS.cloudfront.dns})`,
    prompt: (answers) => `Who holds the DNS of ${domainOf(answers)}:`,
    choices: () => choices<DnsChoice>(DNS_CHOICES, DNS_NAMES),
    default: DEFAULTS.cloudfront.dns,
  },
  route53ZoneId: {
    argument: "<id>",
    help: "cloudfront, proxy with --dns route53: the hosted zone id (Z...)",
    prompt: () => "Route 53 hosted zone id (Z...):",
    when: (answers) => answers.dns === "route53",
  },
  cloudflareZoneId: {
    argument: "<id>",
    help: "cloudfront, proxy with --dns cloudflare: the zone id (32 hex digits)",
    prompt: () => "Cloudflare zone id for the DNS records (32 hex digits):",
    when: (answers) => answers.dns === "cloudflare",
  },
};
