import { Construct } from "constructs";
import type { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import type { PageRule } from "@cdktf/provider-cloudflare/lib/page-rule";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { DEFAULTS } from "../config/shapes/defaults";
import { normalizeCloudflareId, normalizeCustomDomain } from "../config/fields/domain-name";
import { SSL_SCOPES, type SslScope } from "../config/shapes/domain-spec";
import { AUTOMATIC_TTL, CLOUDFLARE_MODES } from "../facts/cloudflare-facts";
import { isIntercomHost } from "../intercom/intercom-host";
import type { PageRulePriorities } from "../plan/resolve-plan";
import type { CloudflareImportIds } from "../plan/adoption";
import { checkCloudflareImportIds, importWhenAdopted } from "./adopted-resource";
import { constructId, PropsCheck, requireDefaultProvider } from "./props-check";
import { FLAG, NUMBER, objectOf, oneOf, optional, providerOf, required, TEXT, type Described } from "./prop-shapes";
import { claim } from "./construct-claims";
import { zoneSslSetting } from "./zone-ssl-setting";
import { bindings } from "./provider-bindings";
import { applyPolicy } from "./email-assets-policy";
import { liveLifecycle, type LiveResourceProps } from "./live-lifecycle";

interface CloudflareEmailAssetsCommonProps extends LiveResourceProps {
  /** Zone that holds the custom domain: 32 lower-case hex digits. */
  readonly zoneId: string;
  /** The custom domain, normalized (`emails.example.com`). */
  readonly domain: string;
  /** The workspace's regional Intercom host (`acme.intercom-mail.com`). */
  readonly intercomHost: string;
  /**
   * Where SSL Full is set. `host`: for the custom domain only (page rule or Configuration Rule),
   * nothing else in the zone changes. `zone`: the zone-wide SSL/TLS mode, which affects every host.
   * @default "host"
   */
  readonly sslScope?: SslScope;
  /**
   * Whether this construct manages the zone-wide SSL setting when `sslScope` is `zone`. Only one
   * construct per zone may own it; the others rely on it.
   * @default - true when sslScope is "zone"
   */
  readonly manageZoneSsl?: boolean;
  /** @default - the stack's default Cloudflare provider */
  readonly provider?: CloudflareProvider;
  /**
   * Live objects to adopt: each given resource is imported from its id (`<zone id>/<object id>`,
   * see resolvePlans) instead of created. Page rules only in page-rules mode.
   * @default - none: every resource is created
   */
  readonly importIds?: Pick<CloudflareImportIds, "dnsRecord" | "alwaysHttpsPageRule" | "hostHeaderPageRule">;
}

/**
 * `page-rules`: the guide's page rules (Enterprise). `rulesets` and `worker`: DNS only here; the
 * zone's rulesets (CloudflareZoneRulesets) and the Worker (CloudflareWorker) do the rest.
 */
export type CloudflareEmailAssetsProps = CloudflareEmailAssetsCommonProps &
  (
    | {
        /** @default "page-rules" */
        readonly mode?: "page-rules";
        /**
         * Priorities of the `http://<domain>/*` and `https://<domain>/*` page rules. They must be
         * distinct across the zone's page rules, so the caller, who sees the whole zone, chooses them
         * (resolvePlans numbers them per zone in config order).
         */
        readonly pageRulePriorities: PageRulePriorities;
      }
    | { readonly mode: "rulesets" | "worker"; readonly pageRulePriorities?: never }
  );

const PROPS: Described<CloudflareEmailAssetsProps> = {
  zoneId: required(TEXT),
  domain: required(TEXT),
  intercomHost: required(TEXT),
  sslScope: optional(oneOf(SSL_SCOPES)),
  manageZoneSsl: optional(FLAG),
  provider: optional(providerOf("cloudflare")),
  preventDestroy: optional(FLAG),
  mode: optional(oneOf(CLOUDFLARE_MODES)),
  pageRulePriorities: optional(objectOf<PageRulePriorities>({ alwaysHttps: required(NUMBER), hostHeader: required(NUMBER) })),
  importIds: optional(objectOf<CloudflareImportIds>({ dnsRecord: optional(TEXT), alwaysHttpsPageRule: optional(TEXT), hostHeaderPageRule: optional(TEXT), workersRoute: optional(TEXT) })),
};

function checkProps(input: CloudflareEmailAssetsProps): void {
  const check = new PropsCheck("CloudflareEmailAssets");
  const props = check.props(PROPS, input);
  check
    .normalized("zoneId", props.zoneId, (v) => normalizeCloudflareId(v, "zone"))
    .normalized("domain", props.domain, normalizeCustomDomain)
    .expect(isIntercomHost(props.intercomHost), "intercomHost", "must be the workspace's Intercom host (see intercomHost())", props.intercomHost)
    .expect(
      props.manageZoneSsl !== true || props.sslScope === "zone",
      "manageZoneSsl",
      'is only used with sslScope "zone"; remove it or set sslScope: "zone"',
      props.manageZoneSsl,
      ["sslScope"],
    );
  const priorities = props.pageRulePriorities;
  const pageRules = props.mode === undefined || props.mode === "page-rules";
  const { alwaysHttpsPageRule, hostHeaderPageRule } = props.importIds ?? {};
  checkCloudflareImportIds(check, props.importIds, props.zoneId);
  check.expect(
    pageRules || (alwaysHttpsPageRule === undefined && hostHeaderPageRule === undefined),
    "importIds",
    "names page rules, which only page-rules mode builds; remove them",
    props.importIds,
  );
  check.expect(
    !pageRules || priorities !== undefined,
    "pageRulePriorities",
    "is required in page-rules mode: { alwaysHttps, hostHeader }, distinct from the zone's other page rules",
    priorities,
    ["mode"],
  );
  if (priorities !== undefined) {
    const values = [priorities?.alwaysHttps, priorities?.hostHeader];
    check
      .expect(pageRules, "pageRulePriorities", "is only used in page-rules mode; remove it", priorities, ["mode"])
      .expect(values.every((p) => Number.isInteger(p) && p >= 1), "pageRulePriorities", "must be whole numbers from 1", priorities)
      .expect(values[0] !== values[1], "pageRulePriorities", "must differ: page rules of one zone need distinct priorities", priorities);
  }
  check.done();
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
  /** page-rules mode: the `http://<domain>/*` Always Use HTTPS rule. */
  public readonly alwaysHttpsPageRule?: PageRule;
  /** page-rules mode: the `https://<domain>/*` Host Header Override rule. */
  public readonly hostHeaderPageRule?: PageRule;
  /** The zone-wide SSL setting, when this construct manages it. */
  public readonly zoneSslSetting?: ZoneSetting;

  constructor(scope: Construct, id: string, props: CloudflareEmailAssetsProps) {
    super(scope, constructId("CloudflareEmailAssets", scope, id));
    checkProps(props);
    applyPolicy(this);
    if (props.provider === undefined) {
      requireDefaultProvider(this, "the DNS record and page rules", "cloudflare", 'add new CloudflareProvider(stack, "cloudflare", {}), or pass provider');
    }
    const sslScope = props.sslScope ?? DEFAULTS.cloudflare.sslScope;
    const { provider, zoneId, domain, intercomHost } = props;

    // Proxied in every mode: rules and Worker routes act only on traffic that reaches Cloudflare.
    this.dnsRecord = new (bindings.DnsRecord())(this, "cname", {
      provider,
      zoneId,
      name: domain,
      type: "CNAME",
      content: intercomHost,
      proxied: true,
      ttl: AUTOMATIC_TTL,
      comment: "Intercom email assets (managed by email-assets-domain)",
      ...liveLifecycle(props.preventDestroy),
    });
    importWhenAdopted(this.dnsRecord, props.importIds?.dnsRecord);
    claim(this, "domain", domain);

    if (props.mode === undefined || props.mode === "page-rules") {
      const priorities = props.pageRulePriorities;
      claim(this, "pageRulePriority", zoneId, priorities.alwaysHttps);
      claim(this, "pageRulePriority", zoneId, priorities.hostHeader);
      this.alwaysHttpsPageRule = new (bindings.PageRule())(this, "always_https", {
        provider,
        zoneId,
        target: `http://${domain}/*`,
        priority: priorities.alwaysHttps,
        status: "active",
        actions: { alwaysUseHttps: true },
        ...liveLifecycle(props.preventDestroy),
      });
      importWhenAdopted(this.alwaysHttpsPageRule, props.importIds?.alwaysHttpsPageRule);
      this.hostHeaderPageRule = new (bindings.PageRule())(this, "host_header", {
        provider,
        zoneId,
        target: `https://${domain}/*`,
        priority: priorities.hostHeader,
        status: "active",
        actions: {
          hostHeaderOverride: intercomHost,
          rocketLoader: "off",
          ...(sslScope === "host" ? { ssl: "full" } : {}),
        },
        ...liveLifecycle(props.preventDestroy),
      });
      importWhenAdopted(this.hostHeaderPageRule, props.importIds?.hostHeaderPageRule);
    }

    if (sslScope === "zone" && (props.manageZoneSsl ?? true)) {
      this.zoneSslSetting = zoneSslSetting(this, "zone_ssl", zoneId, provider);
    }
  }
}
