import { Construct } from "constructs";
import type { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { normalizeRoute53ZoneId } from "../config/fields/aws-ids";
import { normalizeCloudflareId, normalizeCustomDomain } from "../config/fields/domain-name";
import { ADDRESS_RECORD_TYPES, type ManagedDnsTarget, type ProxyAddresses } from "../config/shapes/domain-spec";
import { normalizePublicIp } from "../config/fields/proxy-values";
import { ROUTE53_RECORD_TTL } from "../facts/aws-facts";
import { AUTOMATIC_TTL } from "../facts/cloudflare-facts";
import { constructId, PropsCheck, requireDefaultProvider } from "./props-check";
import { FLAG, NUMBER, objectOf, optional, providerOf, required, TEXT, unionOf, type Described } from "./prop-shapes";
import { claim } from "./construct-claims";
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

const PROPS: Described<AddressRecordsProps> = {
  name: required(TEXT),
  ipv4: optional(TEXT),
  ipv6: optional(TEXT),
  target: required(unionOf<ManagedDnsTarget>({ route53: { zoneId: required(TEXT) }, cloudflare: { zoneId: required(TEXT) } })),
  cloudflareProvider: optional(providerOf("cloudflare")),
  ttl: optional(NUMBER),
  preventDestroy: optional(FLAG),
  importIds: optional(objectOf<AddressRecordImportIds>({ A: optional(TEXT), AAAA: optional(TEXT) })),
};

/**
 * A and AAAA records that point the custom domain at the customer's own proxy, in Route 53 or in
 * Cloudflare. Cloudflare records are DNS only: the proxy terminates TLS with the customer's own
 * certificate, which a Cloudflare proxy in front would replace.
 */
export class AddressRecords extends Construct {
  public readonly records: (Route53Record | DnsRecord)[] = [];

  constructor(scope: Construct, id: string, input: AddressRecordsProps) {
    super(scope, constructId("AddressRecords", scope, id));
    const check = new PropsCheck("AddressRecords");
    const props = check.props(PROPS, input);
    const { target } = props;
    // A target of the wrong shape is reported already: the import ids are judged only against a good one.
    if (target?.kind === "cloudflare") checkCloudflareImportIds(check, props.importIds, target.zoneId);
    for (const type of ADDRESS_RECORD_TYPES) {
      const id = props.importIds?.[type];
      if (id === undefined) continue;
      if (target?.kind === "route53") {
        const wanted = route53RecordImportId(target.zoneId, props.name, type);
        check.expect(id === wanted, `importIds.${type}`, `must be "${wanted}"`, id);
      }
      check.expect(props[type === "A" ? "ipv4" : "ipv6"] !== undefined, `importIds.${type}`, `names the ${type} record, but there is no ${type === "A" ? "ipv4" : "ipv6"} address; remove it`, id);
    }
    check
      .normalized("name", props.name, normalizeCustomDomain)
      .expect(props.ipv4 !== undefined || props.ipv6 !== undefined, "ipv4", "is required (or ipv6): the address the records point at", undefined)
      .normalized("ipv4", props.ipv4, (v) => normalizePublicIp(v, 4))
      .normalized("ipv6", props.ipv6, (v) => normalizePublicIp(v, 6))
      .expect(props.ttl === undefined || (Number.isInteger(props.ttl) && props.ttl >= 1), "ttl", "must be a whole number of seconds from 1", props.ttl);
    // A target of the wrong shape is reported already: neither id check applies then.
    if (target?.kind === "route53") check.normalized("target.zoneId", target.zoneId, normalizeRoute53ZoneId);
    if (target?.kind === "cloudflare") check.normalized("target.zoneId", target.zoneId, (v) => normalizeCloudflareId(v, "zone"));
    check.done();
    applyPolicy(this);
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
    claim(this, "domain", props.name);
  }
}
