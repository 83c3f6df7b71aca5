import { Construct } from "constructs";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";

export interface AddressRecordsProps {
  /** The custom domain. */
  readonly name: string;
  /** The proxy's IPv4 address. @default - no A record */
  readonly ipv4?: string;
  /** The proxy's IPv6 address. @default - no AAAA record */
  readonly ipv6?: string;
  /** Where to create the records. */
  readonly dns: "route53" | "cloudflare";
  /** Hosted zone, for `dns: route53`. */
  readonly route53ZoneId?: string;
  /** Zone, for `dns: cloudflare`. */
  readonly cloudflareZoneId?: string;
  /** @default - the stack's default Cloudflare provider */
  readonly cloudflareProvider?: CloudflareProvider;
  /** @default 300 (Route 53; Cloudflare uses its automatic TTL) */
  readonly ttl?: number;
}

/**
 * A and AAAA records that point the custom domain at the customer's own proxy, in Route 53 or in
 * Cloudflare. Cloudflare records are DNS only: the proxy terminates TLS with the customer's own
 * certificate, which a Cloudflare proxy in front would replace.
 */
export class AddressRecords extends Construct {
  public readonly records: (Route53Record | DnsRecord)[] = [];

  constructor(scope: Construct, id: string, props: AddressRecordsProps) {
    super(scope, id);
    const wanted = [
      ["address_a", "A", props.ipv4],
      ["address_aaaa", "AAAA", props.ipv6],
    ] as const;
    for (const [recordId, type, value] of wanted) {
      if (value === undefined) continue;
      if (props.dns === "route53") {
        if (props.route53ZoneId === undefined) throw new Error("AddressRecords: route53ZoneId is required for dns route53");
        this.records.push(
          new Route53Record(this, recordId, { zoneId: props.route53ZoneId, name: props.name, type, records: [value], ttl: props.ttl ?? 300 }),
        );
      } else {
        if (props.cloudflareZoneId === undefined) throw new Error("AddressRecords: cloudflareZoneId is required for dns cloudflare");
        this.records.push(
          new DnsRecord(this, recordId, {
            provider: props.cloudflareProvider,
            zoneId: props.cloudflareZoneId,
            name: props.name,
            type,
            content: value,
            proxied: false,
            ttl: 1,
            comment: "Intercom email assets via your own proxy (managed by email-assets-domain)",
          }),
        );
      }
    }
  }
}
