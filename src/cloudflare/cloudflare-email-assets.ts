import { Construct } from "constructs";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { PageRule } from "@cdktf/provider-cloudflare/lib/page-rule";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import type { CloudflareMode, SslScope } from "../spec/types";

/** Cloudflare's value for a proxied record's TTL ("automatic"); any other value perma-diffs. */
const AUTOMATIC_TTL = 1;

export interface CloudflareEmailAssetsProps {
  /** Zone that holds the custom domain. */
  readonly zoneId: string;
  /** The custom domain, normalized (`emails.example.com`). */
  readonly domain: string;
  /** The workspace's regional Intercom host (`acme.intercom-mail.com`). */
  readonly intercomHost: string;
  /**
   * `page-rules`: the guide's page rules (Enterprise). `rulesets` and `worker`: DNS only here; the
   * zone's rulesets (CloudflareZoneRulesets) and the Worker (CloudflareWorker) do the rest.
   * @default "page-rules"
   */
  readonly mode?: CloudflareMode;
  /** page-rules mode: priority of the `http://<domain>/*` Always Use HTTPS page rule; distinct within the zone. */
  readonly alwaysHttpsPriority?: number;
  /** page-rules mode: priority of the `https://<domain>/*` Host Header Override page rule; distinct within the zone. */
  readonly hostHeaderPriority?: number;
  /**
   * Where SSL Full is set. `host`: for the custom domain only (page rule or Configuration Rule),
   * nothing else in the zone changes. `zone`: the zone-wide SSL/TLS mode, which affects every host.
   * @default "host"
   */
  readonly sslScope?: SslScope;
  /**
   * Whether this construct manages the zone-wide SSL setting when `sslScope` is `zone`. Only one
   * stack per zone may own it; the others rely on it.
   * @default - true when sslScope is "zone"
   */
  readonly manageZoneSsl?: boolean;
  /** @default - the stack's default Cloudflare provider */
  readonly provider?: CloudflareProvider;
}

/**
 * The guide's Cloudflare setup for one custom domain: a proxied CNAME to the Intercom host and, in
 * page-rules mode, the page rules (Always Use HTTPS alone for `http://<domain>/*`, because a
 * redirect short-circuits any other setting in its rule; Host Header Override, SSL Full and Rocket
 * Loader off for `https://<domain>/*`); the zone-wide SSL setting where asked.
 *
 * Mirage is not managed: Cloudflare retired it (its API reached end of life in January 2026) and
 * it is off for every zone, so sending the setting could only fail an apply.
 */
export class CloudflareEmailAssets extends Construct {
  public readonly dnsRecord: DnsRecord;
  public readonly alwaysHttpsPageRule?: PageRule;
  public readonly hostHeaderPageRule?: PageRule;
  /** The zone-wide SSL setting, when this construct manages it. */
  public readonly zoneSslSetting?: ZoneSetting;

  constructor(scope: Construct, id: string, props: CloudflareEmailAssetsProps) {
    super(scope, id);
    const mode = props.mode ?? "page-rules";
    const sslScope = props.sslScope ?? "host";
    const manageZoneSsl = props.manageZoneSsl ?? sslScope === "zone";
    const provider = props.provider;

    // Proxied in every mode: rules and Worker routes act only on traffic that reaches Cloudflare.
    this.dnsRecord = new DnsRecord(this, "cname", {
      provider,
      zoneId: props.zoneId,
      name: props.domain,
      type: "CNAME",
      content: props.intercomHost,
      proxied: true,
      ttl: AUTOMATIC_TTL,
      comment: "Intercom email assets (managed by email-assets-domain)",
    });

    if (mode === "page-rules") {
      if (props.alwaysHttpsPriority === undefined || props.hostHeaderPriority === undefined) {
        throw new Error("CloudflareEmailAssets: page-rules mode needs alwaysHttpsPriority and hostHeaderPriority");
      }
      this.alwaysHttpsPageRule = new PageRule(this, "always_https", {
        provider,
        zoneId: props.zoneId,
        target: `http://${props.domain}/*`,
        priority: props.alwaysHttpsPriority,
        status: "active",
        actions: { alwaysUseHttps: true },
      });
      this.hostHeaderPageRule = new PageRule(this, "host_header", {
        provider,
        zoneId: props.zoneId,
        target: `https://${props.domain}/*`,
        priority: props.hostHeaderPriority,
        status: "active",
        actions: {
          hostHeaderOverride: props.intercomHost,
          rocketLoader: "off",
          ...(sslScope === "host" ? { ssl: "full" } : {}),
        },
      });
    }

    if (sslScope === "zone" && manageZoneSsl) {
      this.zoneSslSetting = new ZoneSetting(this, "zone_ssl", {
        provider,
        zoneId: props.zoneId,
        settingId: "ssl",
        // The binding types `value` as a map, but the ssl setting's value is a plain string.
        value: "full" as unknown as Record<string, string>,
      });
    }
  }
}
