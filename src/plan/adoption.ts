import type { AddressRecordType, CloudflareAdoption, CloudFrontAdoption, DnsTarget, ProxyAdoption } from "../config/shapes/domain-spec";

/**
 * Where adopting live resources is decided: the Terraform import id of every resource a domain
 * adopts, in each provider's own format, so that the constructs only attach them (`importFrom`).
 * A resource without an import id is created.
 */

/** `cloudflare_dns_record`, `cloudflare_page_rule` and `cloudflare_workers_route` (provider 5.14.0): `<zone_id>/<id>`. */
export function cloudflareImportId(zoneId: string, id: string): string {
  return `${zoneId}/${id}`;
}

/** `cloudflare_ruleset` of a zone (provider 5.14.0): `zones/<zone_id>/<ruleset_id>`. */
export function rulesetImportId(zoneId: string, rulesetId: string): string {
  return `zones/${zoneId}/${rulesetId}`;
}

/**
 * `aws_route53_record`: `<zone id>_<name>_<type>`, the record set taken over by its name and type
 * (the name as the stack writes it: lower case, no trailing dot; no set identifier).
 */
export function route53RecordImportId(zoneId: string, name: string, type: AddressRecordType): string {
  return `${zoneId}_${name}_${type}`;
}

/** Import ids of a Cloudflare domain's adopted resources, by the resource each one is imported into. */
export interface CloudflareImportIds {
  /** `cloudflare_dns_record.cname` */
  readonly dnsRecord?: string;
  /** `cloudflare_page_rule.always_https` */
  readonly alwaysHttpsPageRule?: string;
  /** `cloudflare_page_rule.host_header` */
  readonly hostHeaderPageRule?: string;
  /** `cloudflare_workers_route.worker_route` */
  readonly workersRoute?: string;
}

/** Import ids of a CloudFront domain's adopted resources. */
export interface CloudFrontImportIds {
  /** `aws_cloudfront_distribution.distribution`: the distribution id. */
  readonly distribution?: string;
  /** `aws_acm_certificate.certificate`: the ARN. */
  readonly certificate?: string;
  /** `cloudflare_dns_record.validation_record` (Cloudflare DNS). */
  readonly validationRecord?: string;
  /** `cloudflare_dns_record.cname` (Cloudflare DNS). */
  readonly dnsRecord?: string;
  /** `aws_route53_record.alias_a` (Route 53 DNS). */
  readonly aliasA?: string;
  /** `aws_route53_record.alias_aaaa` (Route 53 DNS). */
  readonly aliasAaaa?: string;
}

/** Import ids of a proxy's address records (`address_a`, `address_aaaa`), in Route 53 or Cloudflare. */
export type AddressRecordImportIds = Readonly<Partial<Record<AddressRecordType, string>>>;

/** Only the keys that hold an id; nothing at all when none does. */
function given<T extends object>(ids: T): T | undefined {
  const present = Object.entries(ids).filter(([, id]) => id !== undefined);
  return present.length === 0 ? undefined : (Object.fromEntries(present) as T);
}

export function cloudflareImportIds(zoneId: string, adopt: CloudflareAdoption | undefined): CloudflareImportIds | undefined {
  const id = (objectId: string | undefined) => (objectId === undefined ? undefined : cloudflareImportId(zoneId, objectId));
  return given({
    dnsRecord: id(adopt?.dnsRecord),
    alwaysHttpsPageRule: id(adopt?.pageRules?.alwaysHttps),
    hostHeaderPageRule: id(adopt?.pageRules?.hostHeader),
    workersRoute: id(adopt?.workerRoute),
  });
}

export function cloudFrontImportIds(domain: string, dns: DnsTarget, adopt: CloudFrontAdoption | undefined): CloudFrontImportIds | undefined {
  const cloudflare = (objectId: string | undefined) => (objectId === undefined || dns.kind !== "cloudflare" ? undefined : cloudflareImportId(dns.zoneId, objectId));
  const route53 = (type: AddressRecordType) =>
    dns.kind === "route53" && adopt?.route53Records?.includes(type) === true ? route53RecordImportId(dns.zoneId, domain, type) : undefined;
  return given({
    distribution: adopt?.distribution,
    certificate: adopt?.certificate,
    validationRecord: cloudflare(adopt?.validationRecord),
    dnsRecord: cloudflare(adopt?.dnsRecord),
    aliasA: route53("A"),
    aliasAaaa: route53("AAAA"),
  });
}

export function addressRecordImportIds(domain: string, dns: DnsTarget, adopt: ProxyAdoption | undefined): AddressRecordImportIds | undefined {
  const id = (type: AddressRecordType): string | undefined => {
    switch (dns.kind) {
      case "external":
        return undefined;
      case "route53":
        return adopt?.route53Records?.includes(type) === true ? route53RecordImportId(dns.zoneId, domain, type) : undefined;
      case "cloudflare": {
        const objectId = adopt?.dnsRecords?.[type];
        return objectId === undefined ? undefined : cloudflareImportId(dns.zoneId, objectId);
      }
    }
  };
  return given({ A: id("A"), AAAA: id("AAAA") });
}
