import { Construct } from "constructs";
import type { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { normalizeRoute53ZoneId } from "../config/aws-ids";
import { normalizeCloudflareId, normalizeCustomDomain } from "../config/domain-name";
import { ADDRESS_RECORD_TYPES, type ManagedDnsTarget, type ProxyAddresses } from "../config/domain-spec";
import { normalizePublicIp } from "../config/proxy-values";
import { ROUTE53_RECORD_TTL } from "../facts/aws-facts";
import { AUTOMATIC_TTL } from "../facts/cloudflare-facts";
import { PropsCheck, requireDefaultProvider } from "./props-check";
import { bindings } from "./provider-bindings";
import { applyPolicy } from "./email-assets-policy";
import { liveLifecycle, type LiveResourceProps } from "./live-lifecycle";
import { route53RecordImportId, type AddressRecordImportIds } from "../plan/adoption";
import { checkCloudflareImportIds, importWhenAdopted } from "./adopted-resource";

export type AddressRecordsProps = ProxyAddresses &
  LiveResourceProps & {
  /** The custom domain. */
  readonly name: string;
  /** Where to create the records: a Route 53 hosted zone or a Cloudflare zone. */
  readonly target: ManagedDnsTarget;
  /** @default - the stack's default Cloudflare provider */
  readonly cloudflareProvider?: CloudflareProvider;
  /** Route 53 only; Cloudflare records use its automatic TTL. @default 300 */
  readonly ttl?: number;
  /**
   * Live records to adopt, by type, each imported instead of created: `<zone id>/<record id>` in
   * Cloudflare, `<zone id>_<name>_<type>` in Route 53 (see resolvePlans).
   * @default - none: the records are created
   */
  readonly importIds?: AddressRecordImportIds;
};

/**
 * A and AAAA records that point the custom domain at the customer's own proxy, in Route 53 or in
 * Cloudflare. Cloudflare records are DNS only: the proxy terminates TLS with the customer's own
 * certificate, which a Cloudflare proxy in front would replace.
 */
export class AddressRecords extends Construct {
  public readonly records: (Route53Record | DnsRecord)[] = [];

  constructor(scope: Construct, id: string, props: AddressRecordsProps) {
    super(scope, id);
    applyPolicy(this);
    const { target } = props;
    const check = new PropsCheck("AddressRecords");
    if (target.kind === "cloudflare") checkCloudflareImportIds(check, props.importIds, target.zoneId);
    for (const type of ADDRESS_RECORD_TYPES) {
      const id = props.importIds?.[type];
      const wanted = route53RecordImportId(target.zoneId, props.name, type);
      check
        .expect(id === undefined || target.kind !== "route53" || id === wanted, `importIds.${type}`, `must be "${wanted}"`, id)
        .expect(id === undefined || props[type === "A" ? "ipv4" : "ipv6"] !== undefined, `importIds.${type}`, `names the ${type} record, but there is no ${type === "A" ? "ipv4" : "ipv6"} address; remove it`, id);
    }
    check
      .normalized("name", props.name, normalizeCustomDomain)
      .expect(props.ipv4 !== undefined || props.ipv6 !== undefined, "ipv4", "is required (or ipv6): the address the records point at", undefined)
      .normalized("ipv4", props.ipv4, (v) => normalizePublicIp(v, 4))
      .normalized("ipv6", props.ipv6, (v) => normalizePublicIp(v, 6))
      .normalized("target.zoneId", target.zoneId, target.kind === "route53" ? normalizeRoute53ZoneId : (v) => normalizeCloudflareId(v, "zone"))
      .expect(props.ttl === undefined || (Number.isInteger(props.ttl) && props.ttl >= 1), "ttl", "must be a whole number of seconds from 1", props.ttl)
      .done();
    if (target.kind === "route53") requireDefaultProvider(this, "the Route 53 records", "aws", 'add new AwsProvider(stack, "aws", { region: "us-east-1" })');
    else if (props.cloudflareProvider === undefined) {
      requireDefaultProvider(this, "the Cloudflare records", "cloudflare", 'add new CloudflareProvider(stack, "cloudflare", {}), or pass cloudflareProvider');
    }
    const wanted = [
      ["address_a", "A", props.ipv4],
      ["address_aaaa", "AAAA", props.ipv6],
    ] as const;
    for (const [recordId, type, value] of wanted) {
      if (value === undefined) continue;
      let record: Route53Record | DnsRecord;
      switch (target.kind) {
        case "route53":
          record = new (bindings.Route53Record())(this, recordId, {
            zoneId: target.zoneId,
            name: props.name,
            type,
            records: [value],
            ttl: props.ttl ?? ROUTE53_RECORD_TTL,
            ...liveLifecycle(props.preventDestroy),
          });
          break;
        case "cloudflare":
          record = new (bindings.DnsRecord())(this, recordId, {
            provider: props.cloudflareProvider,
            zoneId: target.zoneId,
            name: props.name,
            type,
            content: value,
            proxied: false,
            ttl: AUTOMATIC_TTL,
            comment: "Intercom email assets via your own proxy (managed by email-assets-domain)",
            ...liveLifecycle(props.preventDestroy),
          });
          break;
      }
      importWhenAdopted(record, props.importIds?.[type]);
      this.records.push(record);
    }
  }
}
