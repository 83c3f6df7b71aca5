// The readers against the stand-ins, in-process: pagination, 429s, refusals, timeouts and
// failures, each one line that names what failed and never a secret.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { awsReader } from "../../src/discover/aws-reader";
import { cloudflareReader } from "../../src/discover/cloudflare-reader";
import { DiscoverError } from "../../src/discover/discovery";
import { patternCoversHost, sameName } from "../../src/discover/names";
import { DEFAULT_REQUEST_LIMITS, retryDelayMs } from "../../src/discover/request-limits";
import { AWS_TEST_KEYS, startAwsStandIn, type AwsWorld } from "../support/aws-stand-ins";
import { cnameRecord, startCloudflareStandIn, workerRoute, zone, type CloudflareWorld } from "../support/cloudflare-stand-in";
import { certificate, CERTIFICATE_ARN, ZONE_ID } from "../support/discover-fixtures";
import { CLOUDFLARE_TEST_TOKEN } from "../support/discover-run";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function cloudflare(world: Partial<CloudflareWorld>, limits = DEFAULT_REQUEST_LIMITS) {
  const standIn = await startCloudflareStandIn({ token: CLOUDFLARE_TEST_TOKEN, zones: [zone(ZONE_ID, "example.com")], ...world });
  closers.push(() => standIn.close());
  return { standIn, reader: cloudflareReader({ ...limits, token: CLOUDFLARE_TEST_TOKEN, baseUrl: standIn.url }) };
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscoverError);
  const message = (error as Error).message;
  expect(message).not.toContain(CLOUDFLARE_TEST_TOKEN);
  expect(message).not.toContain(AWS_TEST_KEYS.secretAccessKey);
  return message;
}

describe("names", () => {
  it.each([
    ["http://emails.example.com/*", true],
    ["emails.example.com/*", true],
    ["EMAILS.example.com/x*", true],
    ["*.example.com/*", true],
    ["*example.com*", true],
    ["emails.example.com:443/*", true],
    ["emails.example.com", true],
    ["https://other.example.com/*", false],
    ["https://xemails.example.com/*", false],
    ["https://emails.example.com.evil.example/*", false],
    ["example.com/emails.example.com/*", false],
  ])("a pattern %s reaches emails.example.com: %s", (pattern, expected) => {
    expect(patternCoversHost(pattern, "emails.example.com")).toBe(expected);
  });

  it("compares names as DNS does, Route 53's escapes included", () => {
    expect(sameName("Emails.Example.com.", "emails.example.com")).toBe(true);
    expect(sameName("\\052.example.com.", "*.example.com")).toBe(true);
    expect(sameName("emails.example.com.example.com", "emails.example.com")).toBe(false);
  });

  it.each<[string | null, number, number | string]>([
    ["2", 0, 2000],
    ["0", 0, 0],
    [null, 0, 1000],
    ["", 2, 4000],
    ["soon", 1, 2000],
    [new Date(Date.now() + 10_000).toUTCString(), 0, 9500],
    [new Date(Date.now() - 3_000).toUTCString(), 0, 0],
    ["61", 0, "the API asks to wait 61 s (Retry-After), longer than discover waits (60 s); try again later"],
    ["1", 4, "still rate-limited after 4 retries; try again later"],
  ])("waits as Retry-After %o says before retry %i", (header, retry, expected) => {
    const delay = retryDelayMs(header, retry, DEFAULT_REQUEST_LIMITS);
    // An HTTP date has whole seconds, so a date 10 s ahead is 9 to 10 s away.
    if (typeof expected === "number") expect(Math.abs((delay as number) - expected)).toBeLessThanOrEqual(expected === 9500 ? 600 : 0);
    else expect(delay).toBe(expected);
  });
});

describe("cloudflareReader", () => {
  it("follows the pages of records and keeps only the exact name, asked once per run", async () => {
    const records = [cnameRecord("a0000000000000000000000000000001", "x.emails.example.com", "h", true), cnameRecord("a0000000000000000000000000000002", "emails.example.com", "h", true)];
    const { standIn, reader } = await cloudflare({ records: { [ZONE_ID]: records }, pageSize: 1, ignoreNameFilter: true });
    expect((await reader.records(ZONE_ID, "emails.example.com")).map((r) => r.id)).toEqual(["a0000000000000000000000000000002"]);
    await reader.records(ZONE_ID, "emails.example.com");
    expect(standIn.requests.map((r) => r.query.page)).toEqual(["1", "2"]);
  });

  it("reads the zone's Worker routes", async () => {
    const { reader } = await cloudflare({ routes: { [ZONE_ID]: [workerRoute("e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0", "emails.example.com/*", "w")] } });
    expect(await reader.workerRoutes(ZONE_ID)).toEqual([{ id: "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0", pattern: "emails.example.com/*", script: "w" }]);
  });

  it("stops after an empty page when the API gives no page count", async () => {
    const { standIn, reader } = await cloudflare({ records: { [ZONE_ID]: [] } });
    expect(await reader.records(ZONE_ID, "emails.example.com")).toEqual([]);
    expect(standIn.requests).toHaveLength(1);
  });

  it("fails when a name has more than 50 pages of records", async () => {
    const records = Array.from({ length: 51 }, (_, i) => cnameRecord(i.toString(16).padStart(32, "0"), "emails.example.com", "h", true));
    const { reader } = await cloudflare({ records: { [ZONE_ID]: records }, pageSize: 1 });
    expect(await failureOf(reader.records(ZONE_ID, "emails.example.com"))).toMatch(/more than 50 pages .* discover stops there$/);
  });

  it("waits as a 429's Retry-After says, then retries", async () => {
    const { standIn, reader } = await cloudflare({ rateLimit: { times: 2, retryAfter: "1" } });
    const started = Date.now();
    expect((await reader.zone(ZONE_ID))?.name).toBe("example.com");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(standIn.requests).toHaveLength(3);
  });

  it("fails when a 429 asks for a longer wait than discover allows, or keeps coming", async () => {
    const { reader } = await cloudflare({ rateLimit: { times: 1, retryAfter: "3600" } });
    expect(await failureOf(reader.zone(ZONE_ID))).toBe(
      `Cloudflare rate-limited GET /zones/${ZONE_ID} (429): the API asks to wait 3600 s (Retry-After), longer than discover waits (60 s); try again later`,
    );
    const again = await cloudflare({ rateLimit: { times: 5, retryAfter: "0" } }, { ...DEFAULT_REQUEST_LIMITS, maxRetries: 2 });
    expect(await failureOf(again.reader.pageRules(ZONE_ID))).toBe(`Cloudflare rate-limited GET /zones/${ZONE_ID}/pagerules (429): still rate-limited after 2 retries; try again later`);
  });

  it("fails when the token is refused: one line naming CLOUDFLARE_API_TOKEN", async () => {
    const standIn = await startCloudflareStandIn({ token: "another-token", zones: [] });
    closers.push(() => standIn.close());
    const reader = cloudflareReader({ ...DEFAULT_REQUEST_LIMITS, token: CLOUDFLARE_TEST_TOKEN, baseUrl: standIn.url });
    expect(await failureOf(reader.workerRoutes(ZONE_ID))).toBe(
      `Cloudflare rejected CLOUDFLARE_API_TOKEN (403 for GET /zones/${ZONE_ID}/workers/routes (9109 Invalid access token)): give a token with Zone Read, DNS Read, Page Rules Read and Workers Routes Read for the zone`,
    );
  });

  it("fails when the zone is unknown, saying what the API answered; the zone's own details are optional", async () => {
    const { reader } = await cloudflare({});
    expect(await reader.zone("ffffffffffffffffffffffffffffffff")).toBeUndefined();
    expect(await failureOf(reader.pageRules("ffffffffffffffffffffffffffffffff"))).toBe(
      "Cloudflare answered 404 for GET /zones/ffffffffffffffffffffffffffffffff/pagerules (7003 Could not route to /zones, perhaps your object identifier is invalid?)",
    );
  });

  it("fails when a request hangs past the timeout, or the API cannot be reached", async () => {
    const { reader } = await cloudflare({ hang: /pagerules/ }, { ...DEFAULT_REQUEST_LIMITS, timeoutMs: 300 });
    expect(await failureOf(reader.pageRules(ZONE_ID))).toBe(`Cloudflare did not answer GET /zones/${ZONE_ID}/pagerules in time`);
    const closed = cloudflareReader({ ...DEFAULT_REQUEST_LIMITS, token: CLOUDFLARE_TEST_TOKEN, baseUrl: "http://127.0.0.1:9/client/v4" });
    expect(await failureOf(closed.zone(ZONE_ID))).toMatch(new RegExp(`^cannot reach Cloudflare for GET /zones/${ZONE_ID}`));
  });
});

describe("awsReader", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const name of Object.keys(process.env)) if (name.startsWith("AWS_")) delete process.env[name];
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: AWS_TEST_KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: AWS_TEST_KEYS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
  });
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  async function aws(world: AwsWorld, limits = DEFAULT_REQUEST_LIMITS) {
    const standIn = await startAwsStandIn(world);
    closers.push(() => standIn.close());
    process.env.AWS_ENDPOINT_URL = standIn.url;
    return { standIn, reader: awsReader(limits) };
  }

  it("lists every page of certificates once, and describes those for the name", async () => {
    const { standIn, reader } = await aws({ certificates: [certificate(CERTIFICATE_ARN, "assets.example.org"), certificate(CERTIFICATE_ARN.replace("1111", "2222"), "other.example.org")], certificatesPerPage: 1 });
    expect((await reader.certificates("assets.example.org")).map((c) => c.CertificateArn)).toEqual([CERTIFICATE_ARN]);
    expect(await reader.certificates("none.example.org", "arn:aws:acm:us-east-1:123456789012:certificate/not-listed")).toEqual([]);
    expect(standIn.requests.map((r) => r.action)).toEqual(["ListCertificates", "ListCertificates", "DescribeCertificate"]);
    expect(standIn.requests.every((r) => r.signed)).toBe(true);
  });

  it("answers from what it read before, and reads an empty account as empty", async () => {
    const { standIn, reader } = await aws({ certificates: [certificate(CERTIFICATE_ARN, "assets.example.org")] });
    await reader.certificates("assets.example.org");
    await reader.certificates("assets.example.org", CERTIFICATE_ARN);
    expect(await reader.recordSets("Z0123456789ABCDEFGHIJ", "assets.example.org")).toEqual([]);
    expect(await reader.recordSets("Z0123456789ABCDEFGHIJ", "assets.example.org")).toEqual([]);
    expect(await reader.distributions()).toEqual([]);
    expect(standIn.requests.map((r) => r.action)).toEqual(["ListCertificates", "DescribeCertificate", "ListResourceRecordSets", "ListDistributions"]);
  });

  it("fails when AWS refuses an action, naming it and what discover needs", async () => {
    const { reader } = await aws({ denied: ["ListDistributions"] });
    expect(await failureOf(reader.distributions())).toBe(
      "AWS refused cloudfront:ListDistributions (403 AccessDenied: User: arn:aws:iam::123456789012:user/discover is not authorized to perform: cloudfront:ListDistributions): discover needs cloudfront:ListDistributions, acm:ListCertificates, acm:DescribeCertificate and route53:ListResourceRecordSets",
    );
  });

  it("fails when the signature is refused (a wrong secret key), without showing the key", async () => {
    const { reader } = await aws({});
    process.env.AWS_SECRET_ACCESS_KEY = "not-the-secret-the-stand-in-knows";
    expect(await failureOf(reader.recordSets("Z0123456789ABCDEFGHIJ", "assets.example.org"))).toMatch(/^AWS refused route53:ListResourceRecordSets \(zone Z0123456789ABCDEFGHIJ\) \(403 SignatureDoesNotMatch: /);
  });

  it("fails with the status and AWS's words for other errors", async () => {
    const { reader } = await aws({ denied: ["ListCertificates"] });
    expect(await failureOf(reader.certificates("assets.example.org"))).toMatch(/^AWS acm:ListCertificates failed \(400\): AccessDeniedException: User: /);
  });

  it("takes a certificate as its summary says when ACM answers DescribeCertificate with an error", async () => {
    const { reader } = await aws({ certificates: [certificate(CERTIFICATE_ARN, "assets.example.org")], denied: ["DescribeCertificate"] });
    expect(await reader.certificates("assets.example.org")).toEqual([
      { CertificateArn: CERTIFICATE_ARN, DomainName: "assets.example.org", SubjectAlternativeNames: ["assets.example.org"], Status: "ISSUED", Type: "AMAZON_ISSUED", KeyAlgorithm: "RSA_2048" },
    ]);
  });

  it("fails when there are no credentials", async () => {
    const { reader } = await aws({});
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    expect(await failureOf(reader.distributions())).toMatch(/^no AWS credentials for cloudfront:ListDistributions: discover uses the AWS SDK's default chain/);
  });

  it("fails when a request hangs past the timeout", async () => {
    const server: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const reader = awsReader({ ...DEFAULT_REQUEST_LIMITS, timeoutMs: 300, maxRetries: 0 });
    expect(await failureOf(reader.distributions())).toBe("AWS did not answer cloudfront:ListDistributions in time");
  });
});
