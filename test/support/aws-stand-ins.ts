// Stand-ins of the CloudFront, ACM and Route 53 APIs on loopback, for `email-assets discover`.
// Their answers are written by the AWS SDK's own serializers from the SDK's own schemas (the
// models the real clients parse with): CloudFront and Route 53 speak REST-XML, ACM JSON 1.1. The
// fixtures are typed with the SDK's output types. Every request is recorded, with whether its
// SigV4 signature checks out against the test's secret key (recomputed with the SDK's signer).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { JsonShapeSerializer, XmlShapeSerializer } from "@aws-sdk/core/protocols";
import { DescribeCertificateResponse$, ListCertificatesResponse$, type CertificateDetail, type CertificateSummary } from "@aws-sdk/client-acm";
import { DistributionList$, type DistributionList, type DistributionSummary } from "@aws-sdk/client-cloudfront";
import { ListResourceRecordSetsResponse$, type ListResourceRecordSetsResponse, type ResourceRecordSet } from "@aws-sdk/client-route-53";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import type { RecordedRequest } from "./cloudflare-stand-in";

export type { CertificateDetail, DistributionSummary, ResourceRecordSet };

/** Test credentials: the secret must never show in discover's output. */
export const AWS_TEST_KEYS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

export interface AwsRequest extends RecordedRequest {
  /** `cloudfront`, `acm` or `route53`, from the request's shape. */
  readonly service: string;
  /** The API action, from the path or X-Amz-Target. */
  readonly action: string;
  /** True when the Authorization header is a SigV4 signature that the test's secret key reproduces. */
  readonly signed: boolean;
}

export interface AwsWorld {
  readonly distributions?: readonly DistributionSummary[];
  /** Distributions per page (to put the one that counts on page 2). @default 100 */
  readonly distributionsPerPage?: number;
  readonly certificates?: readonly CertificateDetail[];
  readonly certificatesPerPage?: number;
  /** Record sets by hosted zone id (without /hostedzone/), in the order Route 53 lists them. */
  readonly recordSets?: Readonly<Record<string, readonly ResourceRecordSet[]>>;
  readonly recordSetsPerPage?: number;
  /** Actions answered with 403 AccessDenied. */
  readonly denied?: readonly string[];
}

export interface AwsStandIn {
  readonly url: string;
  readonly requests: AwsRequest[];
  close(): Promise<void>;
}

const CLOUDFRONT_XMLNS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
const ROUTE53_XMLNS = "https://route53.amazonaws.com/doc/2013-04-01/";

/** A schema of the SDK's models (`DistributionList$`, `ListCertificatesResponse$`, …). */
type Schema = Parameters<XmlShapeSerializer["write"]>[0];

function xml(schema: Schema, value: DistributionList | ListResourceRecordSetsResponse, xmlNamespace: string): string {
  const serializer = new XmlShapeSerializer({ xmlNamespace, serviceNamespace: "", timestampFormat: { useTrait: true, default: 5 }, httpBindings: true });
  serializer.write(schema, value);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${String(serializer.flush())}`;
}

function json(schema: Schema, value: unknown): string {
  const serializer = new JsonShapeSerializer({ timestampFormat: { useTrait: true, default: 7 }, jsonName: false });
  serializer.write(schema, value);
  return String(serializer.flush());
}

/** Recomputes the request's SigV4 signature with the test's keys and compares it with the one sent. */
async function signatureHolds(request: IncomingMessage, url: URL, body: string, service: string): Promise<boolean> {
  const authorization = request.headers.authorization ?? "";
  const parsed = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(authorization);
  const amzDate = request.headers["x-amz-date"];
  if (parsed === null || typeof amzDate !== "string" || parsed[1] !== AWS_TEST_KEYS.accessKeyId || parsed[4] !== service) return false;
  const signedNames = (parsed[5] ?? "").split(";");
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const old = query[key];
    query[key] = old === undefined ? value : [...(Array.isArray(old) ? old : [old]), value];
  }
  const signer = new SignatureV4({ credentials: AWS_TEST_KEYS, region: parsed[3] ?? "", service, sha256: Sha256, uriEscapePath: true });
  const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`);
  const host = request.headers.host ?? "";
  const signed = await signer.sign(
    new HttpRequest({ method: request.method, protocol: "http:", hostname: host.split(":")[0], path: url.pathname, query, headers, body: body === "" ? undefined : body }),
    { signingDate: date, signableHeaders: new Set(signedNames), unsignableHeaders: new Set() },
  );
  return signed.headers.authorization === authorization;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function summaryOf(certificate: CertificateDetail): CertificateSummary {
  return {
    CertificateArn: certificate.CertificateArn,
    DomainName: certificate.DomainName,
    SubjectAlternativeNameSummaries: certificate.SubjectAlternativeNames,
    HasAdditionalSubjectAlternativeNames: false,
    Status: certificate.Status,
    Type: certificate.Type,
    KeyAlgorithm: certificate.KeyAlgorithm,
    InUse: (certificate.InUseBy ?? []).length > 0,
    CreatedAt: certificate.CreatedAt,
  };
}

/** Starts one server that answers as CloudFront, ACM and Route 53 (told apart by path and target), on 127.0.0.1. */
export async function startAwsStandIn(world: AwsWorld): Promise<AwsStandIn> {
  const requests: AwsRequest[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    const body = await readBody(request);
    const target = request.headers["x-amz-target"];
    let service = "unknown";
    let action = `${request.method ?? ""} ${url.pathname}`;
    if (url.pathname.startsWith("/2020-05-31/")) {
      service = "cloudfront";
      action = url.pathname === "/2020-05-31/distribution" && request.method === "GET" ? "ListDistributions" : action;
    } else if (url.pathname.startsWith("/2013-04-01/")) {
      service = "route53";
      action = /^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?$/.test(url.pathname) && request.method === "GET" ? "ListResourceRecordSets" : action;
    } else if (typeof target === "string" && target.startsWith("CertificateManager.")) {
      service = "acm";
      action = target.slice("CertificateManager.".length);
    }
    const signed = await signatureHolds(request, url, body, service);
    requests.push({ method: request.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...request.headers }, service, action, signed });
    const reply = (status: number, contentType: string, text: string): void => {
      response.writeHead(status, { "content-type": contentType, "x-amzn-requestid": "d1a5c0a4-0000-4000-8000-000000000000" });
      response.end(text);
    };
    if (!signed) return reply(403, "text/xml", `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error></ErrorResponse>`);
    if (world.denied?.includes(action)) {
      const message = `User: arn:aws:iam::123456789012:user/discover is not authorized to perform: ${service}:${action}`;
      if (service === "acm") return reply(400, "application/x-amz-json-1.1", JSON.stringify({ __type: "AccessDeniedException", message }));
      return reply(403, "text/xml", `<ErrorResponse xmlns="${service === "route53" ? ROUTE53_XMLNS : CLOUDFRONT_XMLNS}"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`);
    }
    switch (action) {
      case "ListDistributions": {
        const all = world.distributions ?? [];
        const perPage = Math.min(Number(url.searchParams.get("MaxItems") ?? 100), world.distributionsPerPage ?? 100);
        const marker = url.searchParams.get("Marker") ?? "";
        const start = marker === "" ? 0 : Math.max(0, all.findIndex((d) => d.Id === marker));
        const items = all.slice(start, start + perPage);
        const next = all[start + perPage];
        const list: DistributionList = { Marker: marker, MaxItems: perPage, IsTruncated: next !== undefined, Quantity: items.length, Items: [...items], ...(next?.Id !== undefined && { NextMarker: next.Id }) };
        return reply(200, "text/xml", xml(DistributionList$, list, CLOUDFRONT_XMLNS));
      }
      case "ListResourceRecordSets": {
        const zone = decodeURIComponent(url.pathname.split("/")[3] ?? "");
        const all = world.recordSets?.[zone] ?? [];
        const perPage = Math.min(Number(url.searchParams.get("maxitems") ?? 300), world.recordSetsPerPage ?? 300);
        const name = url.searchParams.get("name");
        const type = url.searchParams.get("type");
        let start = 0;
        if (name !== null) {
          const at = all.findIndex((set) => set.Name === (name.endsWith(".") ? name : `${name}.`) && (type === null || set.Type === type));
          start = at === -1 ? 0 : at;
        }
        const items = all.slice(start, start + perPage);
        const next = all[start + perPage];
        const page: ListResourceRecordSetsResponse = {
          ResourceRecordSets: items,
          IsTruncated: next !== undefined,
          MaxItems: perPage,
          ...(next !== undefined && { NextRecordName: next.Name, NextRecordType: next.Type }),
        };
        return reply(200, "text/xml", xml(ListResourceRecordSetsResponse$, page, ROUTE53_XMLNS));
      }
      case "ListCertificates": {
        const input = JSON.parse(body === "" ? "{}" : body) as { NextToken?: string; MaxItems?: number };
        const all = (world.certificates ?? []).map(summaryOf);
        const perPage = Math.min(input.MaxItems ?? 1000, world.certificatesPerPage ?? 1000);
        const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
        const next = start + perPage < all.length ? String(start + perPage) : undefined;
        return reply(200, "application/x-amz-json-1.1", json(ListCertificatesResponse$, { CertificateSummaryList: all.slice(start, start + perPage), ...(next !== undefined && { NextToken: next }) }));
      }
      case "DescribeCertificate": {
        const input = JSON.parse(body) as { CertificateArn?: string };
        const certificate = (world.certificates ?? []).find((c) => c.CertificateArn === input.CertificateArn);
        if (certificate === undefined) return reply(400, "application/x-amz-json-1.1", JSON.stringify({ __type: "ResourceNotFoundException", message: "Could not find certificate" }));
        return reply(200, "application/x-amz-json-1.1", json(DescribeCertificateResponse$, { Certificate: certificate }));
      }
      default:
        return reply(405, "text/xml", "<ErrorResponse><Error><Code>MethodNotAllowed</Code><Message>the stand-in serves reads only</Message></Error></ErrorResponse>");
    }
  };
  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
