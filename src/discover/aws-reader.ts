import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, type CertificateDetail, type CertificateSummary } from "@aws-sdk/client-acm";
import { CloudFrontClient, ListDistributionsCommand, type DistributionSummary } from "@aws-sdk/client-cloudfront";
import { ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from "@aws-sdk/client-route-53";
import { CLOUDFRONT_CERTIFICATE_REGION } from "../facts/aws-facts";
import { DiscoverError } from "./discovery";
import { sameName } from "./names";
import type { RequestLimits } from "./request-limits";

/** The read actions discover needs, named when AWS refuses one. */
export const AWS_READ_ACTIONS = "cloudfront:ListDistributions, acm:ListCertificates, acm:DescribeCertificate and route53:ListResourceRecordSets";

/** Pages followed at most (100 items each): a larger account is not one discover can judge. */
const MAX_PAGES = 100;
/** Certificates described at most per domain. */
const MAX_DESCRIBED = 20;
/** Every ACM key type, so that ListCertificates does not leave out the EC certificates (its default lists RSA only). */
const ALL_KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"] as const;

export type { CertificateDetail, DistributionSummary, ResourceRecordSet };

/** What discover reads from AWS; each answer is complete (every page) and kept for the run. */
export interface AwsReader {
  /** Every distribution of the account. */
  distributions(): Promise<DistributionSummary[]>;
  /** The us-east-1 certificates whose name is exactly `domain`, or that the distribution uses, described. */
  certificates(domain: string, alsoArn?: string): Promise<CertificateDetail[]>;
  /** The hosted zone's record sets of exactly this name (any type). */
  recordSets(zoneId: string, name: string): Promise<ResourceRecordSet[]>;
}

/** What a certificate's summary says of it, for when it cannot be described. */
function fromSummary(summary: CertificateSummary): CertificateDetail {
  return {
    CertificateArn: summary.CertificateArn,
    DomainName: summary.DomainName,
    SubjectAlternativeNames: summary.SubjectAlternativeNameSummaries,
    Status: summary.Status,
    Type: summary.Type,
    KeyAlgorithm: summary.KeyAlgorithm,
  };
}

/** One line for an SDK error: which call, and what AWS said (the SDK's messages carry no secret). */
function failure(error: unknown, what: string): DiscoverError {
  // The SDK throws Errors: a name and a message, and an HTTP status when AWS answered.
  const { name, message, $metadata } = error as Error & { $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return new DiscoverError(`no AWS credentials for ${what}: discover uses the AWS SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, an instance role)`);
  }
  if (status === 401 || status === 403) {
    return new DiscoverError(`AWS refused ${what} (${status} ${name}: ${message}): discover needs ${AWS_READ_ACTIONS}`);
  }
  if (name === "TimeoutError" || /timed? ?out|ETIMEDOUT/i.test(message)) return new DiscoverError(`AWS did not answer ${what} in time`);
  return new DiscoverError(`AWS ${what} failed${status === undefined ? "" : ` (${status})`}: ${name}: ${message}`);
}

/** The reader over AWS SDK v3 clients, with the SDK's credential chain and its AWS_ENDPOINT_URL* handling. */
export function awsReader(limits: RequestLimits): AwsReader {
  const common = {
    // CloudFront and Route 53 are global (signed for us-east-1); CloudFront reads certificates from us-east-1 only.
    region: CLOUDFRONT_CERTIFICATE_REGION,
    maxAttempts: limits.maxRetries + 1,
    requestHandler: { connectionTimeout: limits.timeoutMs, requestTimeout: limits.timeoutMs, throwOnRequestTimeout: true },
  };
  const cloudfront = new CloudFrontClient(common);
  const acm = new ACMClient(common);
  const route53 = new Route53Client(common);

  async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw failure(error, what);
    }
  }

  let distributions: Promise<DistributionSummary[]> | undefined;
  let certificateList: Promise<CertificateSummary[]> | undefined;
  const described = new Map<string, Promise<CertificateDetail>>();
  const recordSets = new Map<string, Promise<ResourceRecordSet[]>>();

  function listDistributions(): Promise<DistributionSummary[]> {
    distributions ??= (async () => {
      const all: DistributionSummary[] = [];
      let marker: string | undefined;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const answer = await call("cloudfront:ListDistributions", () => cloudfront.send(new ListDistributionsCommand({ Marker: marker, MaxItems: 100 })));
        const list = answer.DistributionList;
        all.push(...(list?.Items ?? []));
        marker = list?.NextMarker;
        if (list?.IsTruncated !== true || marker === undefined || marker === "") return all;
      }
      throw new DiscoverError(`cloudfront:ListDistributions returned more than ${MAX_PAGES} pages; discover stops there`);
    })();
    return distributions;
  }

  function listCertificates(): Promise<CertificateSummary[]> {
    certificateList ??= (async () => {
      const all: CertificateSummary[] = [];
      let token: string | undefined;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const answer = await call("acm:ListCertificates", () =>
          acm.send(new ListCertificatesCommand({ NextToken: token, MaxItems: 100, Includes: { keyTypes: [...ALL_KEY_TYPES] } })),
        );
        all.push(...(answer.CertificateSummaryList ?? []));
        token = answer.NextToken;
        if (token === undefined || token === "") return all;
      }
      throw new DiscoverError(`acm:ListCertificates returned more than ${MAX_PAGES} pages; discover stops there`);
    })();
    return certificateList;
  }

  /** The certificate described, or as its summary says when ACM does not describe it (but did answer). */
  function describe(summary: CertificateSummary & { CertificateArn: string }): Promise<CertificateDetail> {
    const arn = summary.CertificateArn;
    let detail = described.get(arn);
    if (detail === undefined) {
      detail = call(`acm:DescribeCertificate ${arn}`, async () => {
        try {
          return (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate ?? fromSummary(summary);
        } catch (error) {
          const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status === undefined || status === 401 || status === 403) throw error;
          return fromSummary(summary);
        }
      });
      described.set(arn, detail);
    }
    return detail;
  }

  return {
    distributions: listDistributions,
    async certificates(domain, alsoArn) {
      const wanted = (await listCertificates()).filter(
        (summary): summary is CertificateSummary & { CertificateArn: string } =>
          summary.CertificateArn !== undefined && (summary.CertificateArn === alsoArn || (summary.DomainName !== undefined && sameName(summary.DomainName, domain))),
      );
      const unique = [...new Map(wanted.map((summary) => [summary.CertificateArn, summary])).values()].slice(0, MAX_DESCRIBED);
      return Promise.all(unique.map(describe));
    },
    recordSets(zoneId, name) {
      const key = `${zoneId} ${name}`;
      let sets = recordSets.get(key);
      if (sets === undefined) {
        sets = (async () => {
          const found: ResourceRecordSet[] = [];
          let start: { name?: string; type?: string; identifier?: string } = { name };
          for (let page = 1; page <= MAX_PAGES; page++) {
            const answer = await call(`route53:ListResourceRecordSets (zone ${zoneId})`, () =>
              route53.send(
                new ListResourceRecordSetsCommand({
                  HostedZoneId: zoneId,
                  StartRecordName: start.name,
                  StartRecordType: start.type as ResourceRecordSet["Type"],
                  StartRecordIdentifier: start.identifier,
                  MaxItems: 100,
                }),
              ),
            );
            found.push(...(answer.ResourceRecordSets ?? []).filter((set) => set.Name !== undefined && sameName(set.Name, name)));
            // Record sets come in name order from the start name: once the next page starts at
            // another name, there are no more of this one.
            if (answer.IsTruncated !== true || answer.NextRecordName === undefined || !sameName(answer.NextRecordName, name)) return found;
            start = { name: answer.NextRecordName, type: answer.NextRecordType, identifier: answer.NextRecordIdentifier };
          }
          throw new DiscoverError(`route53:ListResourceRecordSets returned more than ${MAX_PAGES} pages of ${name}; discover stops there`);
        })();
        recordSets.set(key, sets);
      }
      return sets;
    },
  };
}
