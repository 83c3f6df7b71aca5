import type { DnsTarget } from "../config/shapes/domain-spec";
import type { DomainPlan } from "../plan/resolve-plan";
import { chooseCertificate, compareDistribution, compareRecordSets, foreignDistributionWords, type WantedRecordSet } from "./aws-checks";
import type { AwsReader, CertificateDetail } from "./aws-reader";
import { checkZone, findRecords, findWorkerRoute, type WantedRecord } from "./cloudflare-checks";
import { findPageRules } from "./cloudflare-page-rules";
import type { CloudflareReader } from "./cloudflare-reader";
import type { CloudflareAdopt, CloudFrontAdopt, DomainDiscovery, ProxyAdopt } from "./discovery";
import { Findings } from "./findings";
import { dnsName, sameName } from "./names";

/** The readers, made on first use: a config without Cloudflare needs no token, one without AWS no credentials. */
export interface Readers {
  cloudflare(): CloudflareReader;
  aws(): AwsReader;
}

/** True when discovering the domain reads Cloudflare (and so needs CLOUDFLARE_API_TOKEN). */
export function readsCloudflare(plan: DomainPlan): boolean {
  switch (plan.edge) {
    case "cloudflare":
      return true;
    case "cloudfront":
      return plan.cloudfront.dns.kind === "cloudflare";
    case "proxy":
      return plan.proxy.dns.kind === "cloudflare";
  }
}

/** True when discovering the domain reads AWS (and so needs AWS credentials). */
export function readsAws(plan: DomainPlan): boolean {
  return plan.edge === "cloudfront" || (plan.edge === "proxy" && plan.proxy.dns.kind === "route53");
}

async function discoverCloudflare(plan: DomainPlan & { edge: "cloudflare" }, reader: CloudflareReader, findings: Findings): Promise<CloudflareAdopt> {
  const cloudflare = plan.cloudflare;
  const { domain, zoneId, intercomHost } = cloudflare;
  await checkZone(reader, zoneId, domain, findings, cloudflare.mode !== "worker");
  const adopt: CloudflareAdopt = {};
  const cname: WantedRecord = { type: "CNAME", content: intercomHost, proxied: true, proxyReason: "rules and Workers act only on proxied traffic" };
  const records = await findRecords(reader, zoneId, domain, [cname], findings, () => `the proxied CNAME ${domain} → ${intercomHost}`);
  if (records.CNAME !== undefined) adopt.dnsRecord = records.CNAME;
  switch (cloudflare.mode) {
    case "page-rules": {
      const rules = await findPageRules(reader, cloudflare, findings);
      if (rules.alwaysHttps !== undefined || rules.hostHeader !== undefined) adopt.pageRules = rules;
      break;
    }
    case "worker": {
      const route = await findWorkerRoute(reader, cloudflare, findings);
      if (route !== undefined) adopt.workerRoute = route;
      break;
    }
    case "rulesets":
      // The zone's entry-point rulesets are adopted through cloudflare.existingRulesets, as before.
      break;
  }
  return adopt;
}

async function discoverCloudFront(plan: DomainPlan & { edge: "cloudfront" }, readers: Readers, findings: Findings): Promise<CloudFrontAdopt> {
  const cloudfront = plan.cloudfront;
  const { domain } = plan;
  const aws = readers.aws();
  const adopt: CloudFrontAdopt = {};
  const distribution = (await aws.distributions()).find((summary) => (summary.Aliases?.Items ?? []).some((alias) => sameName(alias, domain)));
  if (distribution?.Id !== undefined) adopt.distribution = distribution.Id;
  else findings.missing(`a CloudFront distribution with the alias ${domain} (apply creates it)`);

  let certificateArn = cloudfront.certificateArn;
  let adopted: CertificateDetail | undefined;
  if (certificateArn === undefined) {
    const served = distribution?.ViewerCertificate?.ACMCertificateArn;
    const certificates = await aws.certificates(domain, served);
    certificateArn = chooseCertificate(certificates, cloudfront, served, findings);
    adopted = certificates.find((certificate) => certificateArn !== undefined && certificate.CertificateArn === certificateArn);
    if (certificateArn !== undefined) adopt.certificate = certificateArn;
  }
  if (distribution !== undefined) compareDistribution(distribution, cloudfront, certificateArn, findings);

  const target = distribution?.DomainName;
  await discoverDns(cloudfront.dns, domain, readers, findings, {
    cloudflare: [
      {
        type: "CNAME",
        ...(target === undefined
          ? { unknownContent: (live: string) => `the CNAME ${foreignDistributionWords(live, domain) ?? `points at ${live}; apply points it at the new distribution`}` }
          : { content: target }),
        proxied: false,
        proxyReason: "viewers must reach CloudFront, which holds the certificate for the domain",
      },
    ],
    route53: [
      { type: "A", alias: true, target },
      { type: "AAAA", alias: true, target },
    ],
    distributionFound: distribution !== undefined,
    onCloudflare: (records) => {
      if (records.CNAME !== undefined) adopt.dnsRecord = records.CNAME;
    },
    onRoute53: (types) => {
      if (types !== undefined) adopt.route53Records = types;
    },
  });
  if (cloudfront.dns.kind === "cloudflare" && adopted !== undefined) {
    const validation = await findValidationRecord(readers.cloudflare(), cloudfront.dns.zoneId, adopted, findings);
    if (validation !== undefined) adopt.validationRecord = validation;
  }
  return adopt;
}

/**
 * The adopted certificate's validation record in Cloudflare (the stack writes the first of the
 * certificate's validation records): a record of that name and type, holding the value ACM asks for.
 */
async function findValidationRecord(reader: CloudflareReader, zoneId: string, certificate: CertificateDetail, findings: Findings): Promise<string | undefined> {
  const asked = certificate.DomainValidationOptions?.[0]?.ResourceRecord;
  if (asked?.Name === undefined || asked.Value === undefined) return undefined;
  const name = dnsName(asked.Name);
  const value = dnsName(asked.Value);
  const ofType = (await reader.records(zoneId, name)).filter((record) => record.type === (asked.Type ?? "CNAME"));
  const chosen = ofType.find((record) => sameName(record.content ?? "", value)) ?? (ofType.length === 1 ? ofType[0] : undefined);
  if (chosen === undefined) {
    findings.missing(`the certificate's validation record ${name} → ${value} (apply creates it)`);
    return undefined;
  }
  if (!sameName(chosen.content ?? "", value)) findings.differ(`the certificate's validation record ${name} points at ${chosen.content ?? ""}; apply points it at ${value}`);
  return chosen.id;
}

async function discoverProxy(plan: DomainPlan & { edge: "proxy" }, readers: Readers, findings: Findings): Promise<ProxyAdopt> {
  const { domain, proxy } = plan;
  const adopt: ProxyAdopt = {};
  const addresses = [
    ["A", proxy.addresses.ipv4],
    ["AAAA", proxy.addresses.ipv6],
  ] as const;
  const wanted = addresses.flatMap(([type, value]) => (value === undefined ? [] : [{ type, value }]));
  await discoverDns(proxy.dns, domain, readers, findings, {
    cloudflare: wanted.map(({ type, value }) => ({ type, content: value, proxied: false, proxyReason: "your proxy terminates TLS with its own certificate" })),
    route53: wanted.map(({ type, value }) => ({ type, alias: false, value })),
    distributionFound: false,
    onCloudflare: (records) => {
      const ids = { ...(records.A !== undefined && { A: records.A }), ...(records.AAAA !== undefined && { AAAA: records.AAAA }) };
      if (Object.keys(ids).length > 0) adopt.dnsRecords = ids;
    },
    onRoute53: (types) => {
      if (types !== undefined) adopt.route53Records = types;
    },
  });
  return adopt;
}

interface DnsWanted {
  readonly cloudflare: readonly WantedRecord[];
  readonly route53: readonly WantedRecordSet[];
  readonly distributionFound: boolean;
  readonly onCloudflare: (records: Partial<Record<WantedRecord["type"], string>>) => void;
  /** The Route 53 record types to take over: true for all the stack builds, undefined for none. */
  readonly onRoute53: (types: true | ("A" | "AAAA")[] | undefined) => void;
}

/** The records of a CloudFront or proxy domain, where its `dns` says they are. */
async function discoverDns(dns: DnsTarget, domain: string, readers: Readers, findings: Findings, wanted: DnsWanted): Promise<void> {
  switch (dns.kind) {
    case "external":
      // Nothing to find: the stack writes no record there.
      return;
    case "route53": {
      const types = compareRecordSets(await readers.aws().recordSets(dns.zoneId, domain), domain, wanted.route53, findings, wanted.distributionFound);
      wanted.onRoute53(types.length === 0 ? undefined : types.length === wanted.route53.length ? true : types);
      return;
    }
    case "cloudflare": {
      const reader = readers.cloudflare();
      await checkZone(reader, dns.zoneId, domain, findings, false);
      const records = await findRecords(reader, dns.zoneId, domain, wanted.cloudflare, findings, (record) =>
        record.type === "CNAME" ? `the DNS-only CNAME ${domain} → the distribution` : `the DNS-only ${record.type} record ${domain} → ${record.content ?? ""}`,
      );
      wanted.onCloudflare(records);
      return;
    }
  }
}

/** Finds the live resources of one domain's stack and compares them with its plan. */
export async function discoverDomain(plan: DomainPlan, readers: Readers): Promise<DomainDiscovery> {
  const findings = new Findings();
  let adopt: DomainDiscovery["adopt"];
  switch (plan.edge) {
    case "cloudflare":
      adopt = await discoverCloudflare(plan, readers.cloudflare(), findings);
      break;
    case "cloudfront":
      adopt = await discoverCloudFront(plan, readers, findings);
      break;
    case "proxy":
      adopt = await discoverProxy(plan, readers, findings);
      break;
  }
  return { domain: plan.domain, edge: plan.edge, adopt, differences: findings.differences, notFound: findings.notFound };
}
