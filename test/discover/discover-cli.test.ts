// `email-assets discover` as users run it: the built CLI against stand-ins of the Cloudflare API
// and of CloudFront, ACM and Route 53 on loopback, reached through CLOUDFLARE_BASE_URL and
// AWS_ENDPOINT_URL(_<SERVICE>). The stand-ins record every request: reads only, the token only
// in the Authorization header, every AWS request signed; no secret in what discover prints.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { AWS_TEST_KEYS, startAwsStandIn, type AwsStandIn, type AwsWorld } from "../support/aws-stand-ins";
import { startCloudflareStandIn, type CloudflareStandIn, type CloudflareWorld } from "../support/cloudflare-stand-in";
import {
  addressRecord,
  CERTIFICATE_ARN,
  certificate,
  cloudflareDomainConfig,
  cloudFrontDomainConfig,
  cnameRecord,
  distribution,
  HOSTED_ZONE_ID,
  ids,
  pageRulesWorld,
  WILDCARD_CERTIFICATE_ARN,
  ZONE_ID,
  zone,
} from "../support/discover-fixtures";
import { CLOUDFLARE_TEST_TOKEN, discoverEnv, runCli } from "../support/discover-run";
import type { RunResult } from "../support/project";
import { useTempDirs, writeFile } from "../support/project";

const workdir = useTempDirs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function cloudflareApi(world: CloudflareWorld): Promise<CloudflareStandIn> {
  const standIn = await startCloudflareStandIn(world);
  closers.push(() => standIn.close());
  return standIn;
}

async function awsApi(world: AwsWorld): Promise<AwsStandIn> {
  const standIn = await startAwsStandIn(world);
  closers.push(() => standIn.close());
  return standIn;
}

/** Neither output holds a secret of the test's. */
function expectNoSecret(run: RunResult): void {
  for (const secret of [CLOUDFLARE_TEST_TOKEN, AWS_TEST_KEYS.secretAccessKey]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

/** Every Cloudflare request was a read, with the token in the Authorization header and nowhere else. */
function expectReadsWithTokenInAuthorizationOnly(standIn: CloudflareStandIn): void {
  expect(standIn.requests.length).toBeGreaterThan(0);
  for (const request of standIn.requests) {
    expect(request.method).toBe("GET");
    const { authorization, ...others } = request.headers;
    expect(authorization).toBe(`Bearer ${CLOUDFLARE_TEST_TOKEN}`);
    expect(JSON.stringify(others)).not.toContain(CLOUDFLARE_TEST_TOKEN);
    expect(others).not.toHaveProperty("x-auth-key");
    expect(others).not.toHaveProperty("x-auth-email");
    expect(JSON.stringify([request.path, request.query])).not.toContain(CLOUDFLARE_TEST_TOKEN);
  }
}

/** Every AWS request was a list or describe, signed with SigV4 by the test's keys. */
function expectSignedReads(standIn: AwsStandIn): void {
  expect(standIn.requests.length).toBeGreaterThan(0);
  for (const request of standIn.requests) {
    expect(request.signed, `${request.service} ${request.action} is not signed`).toBe(true);
    expect(request.action).toMatch(/^(List|Describe)[A-Za-z]+$/);
    if (request.service !== "acm") expect(request.method).toBe("GET");
  }
}

const ORG = "assets.example.org";
const VALIDATION_ID = "5a1d0000000000000000000000000001";

/**
 * assets.example.org set up by hand on CloudFront: its distribution on the second page of the
 * list, a decoy on the first; its certificate beside a wildcard decoy; Route 53 alias records,
 * with a decoy name and another type around them.
 */
function cloudFrontWorld(): AwsWorld {
  return {
    distributions: [distribution("EDECOY00000001", "d111111abcdef8.cloudfront.net", ["assets.example.net"]), distribution("E2REAL00000002", "d222222abcdef8.cloudfront.net", [ORG], { PriceClass: "PriceClass_100" })],
    distributionsPerPage: 1,
    certificates: [certificate(WILDCARD_CERTIFICATE_ARN, "*.example.org"), certificate(CERTIFICATE_ARN, ORG)],
    certificatesPerPage: 1,
    recordSets: {
      [HOSTED_ZONE_ID]: [
        { Name: `${ORG}.`, Type: "A", AliasTarget: { HostedZoneId: "Z2FDTNDATAQYW2", DNSName: "d222222abcdef8.cloudfront.net.", EvaluateTargetHealth: false } },
        { Name: `${ORG}.`, Type: "TXT", TTL: 300, ResourceRecords: [{ Value: '"google-site-verification=abc"' }] },
        { Name: "b.example.org.", Type: "AAAA", AliasTarget: { HostedZoneId: "Z2FDTNDATAQYW2", DNSName: "d111111abcdef8.cloudfront.net.", EvaluateTargetHealth: false } },
      ],
    },
    recordSetsPerPage: 1,
  };
}

describe("email-assets discover", () => {
  it("finds a hand-made Cloudflare setup among decoys, on the second page, and says how it differs", async () => {
    const api = await cloudflareApi(pageRulesWorld());
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudflareDomainConfig()] }));
    // A key and an e-mail in the environment, which the SDK would send: discover sends the token only.
    const env = discoverEnv({ cloudflare: api.url, extra: { CLOUDFLARE_API_KEY: "legacy-global-key-0000", CLOUDFLARE_EMAIL: "ops@example.com" } });
    const run = await runCli(["discover", "--config", file], cwd, env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`emails.example.com: edge cloudflare
adopt:
  dnsRecord: ${ids.cname}
  pageRules:
    alwaysHttps: ${ids.alwaysHttps}
    hostHeader: ${ids.hostHeader}
differences:
  - the CNAME is not proxied; apply turns the proxy on (rules and Workers act only on proxied traffic)
  - the Host-header page rule turns Rocket Loader on; apply turns it off
  - a page rule for this host also forwards to https://emails.example.com/new/$1 (301) (rule ${ids.forwardingRule}, emails.example.com/old/*, priority 3, active): adopt it or remove it first
`);
    expectReadsWithTokenInAuthorizationOnly(api);
    expect(JSON.stringify(api.requests)).not.toContain("legacy-global-key-0000");
    expect(api.requests.filter((r) => r.path.endsWith("/dns_records")).map((r) => r.query)).toEqual([
      { "name.exact": "emails.example.com", page: "1", per_page: "100" },
      { "name.exact": "emails.example.com", page: "2", per_page: "100" },
    ]);
    expectNoSecret(run);
  });

  it("--json prints one entry per domain: { domain, edge, adopt, differences, notFound }", async () => {
    const world = pageRulesWorld();
    const api = await cloudflareApi({ ...world, zones: [...world.zones, zone("fedcba9876543210fedcba9876543210", "example.net")] });
    const cwd = workdir();
    const file = writeFile(cwd, "fleet.yaml", stringify({ domains: [cloudflareDomainConfig(), cloudflareDomainConfig({ domain: "emails.example.net", cloudflare: { zoneId: "fedcba9876543210fedcba9876543210" } })] }));
    const run = await runCli(["discover", "--config", file, "--json"], cwd, discoverEnv({ cloudflare: api.url }));
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as unknown[];
    expect(report).toEqual([
      {
        domain: "emails.example.com",
        edge: "cloudflare",
        adopt: { dnsRecord: ids.cname, pageRules: { alwaysHttps: ids.alwaysHttps, hostHeader: ids.hostHeader } },
        differences: expect.arrayContaining([expect.stringContaining("Rocket Loader")]),
        notFound: [],
      },
      {
        domain: "emails.example.net",
        edge: "cloudflare",
        adopt: {},
        differences: [],
        notFound: [
          "the proxied CNAME emails.example.net → acme.intercom-mail.com (apply creates it)",
          "the Always-Use-HTTPS page rule http://emails.example.net/* (apply creates it)",
          "the Host-header page rule https://emails.example.net/* (apply creates it)",
        ],
      },
    ]);
    for (const entry of report) expect(Object.keys(entry as object)).toEqual(["domain", "edge", "adopt", "differences", "notFound"]);
    expectNoSecret(run);
  });

  it("--domain reads that domain only", async () => {
    const api = await cloudflareApi(pageRulesWorld());
    const cwd = workdir();
    const file = writeFile(cwd, "fleet.yaml", stringify({ domains: [cloudflareDomainConfig({ domain: "emails.example.net", cloudflare: { zoneId: "fedcba9876543210fedcba9876543210" } }), cloudflareDomainConfig()] }));
    const run = await runCli(["discover", "--config", file, "--domain", "Emails.Example.com", "--json"], cwd, discoverEnv({ cloudflare: api.url }));
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { domain: string }[]).map((entry) => entry.domain)).toEqual(["emails.example.com"]);
    expect(api.requests.every((r) => r.path.includes(ZONE_ID))).toBe(true);
  });

  it("finds a hand-made CloudFront setup through AWS_ENDPOINT_URL: the distribution on page 2, its certificate, signed reads only", async () => {
    const api = await awsApi(cloudFrontWorld());
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudFrontDomainConfig()] }));
    const run = await runCli(["discover", "--config", file, "--json"], cwd, discoverEnv({ aws: api.url, extra: { CLOUDFLARE_API_TOKEN: "" } }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([
      {
        domain: ORG,
        edge: "cloudfront",
        adopt: { distribution: "E2REAL00000002", certificate: CERTIFICATE_ARN, route53Records: ["A"] },
        differences: ["the distribution E2REAL00000002 has the price class PriceClass_100; apply sets PriceClass_All"],
        notFound: [`the Route 53 AAAA record ${ORG} → the distribution (an alias) (apply creates it)`],
      },
    ]);
    expectSignedReads(api);
    expect(api.requests.filter((r) => r.action === "ListDistributions").map((r) => r.query.Marker)).toEqual([undefined, "E2REAL00000002"]);
    expect(api.requests.filter((r) => r.action === "ListResourceRecordSets").map((r) => r.query.name)).toEqual([ORG, `${ORG}.`]);
    expectNoSecret(run);
  });

  it("reaches each AWS service at its own AWS_ENDPOINT_URL_<SERVICE>, and Cloudflare DNS for a CloudFront domain", async () => {
    const world = cloudFrontWorld();
    const cloudfront = await awsApi({ distributions: world.distributions });
    const acm = await awsApi({ certificates: world.certificates });
    const cf = await cloudflareApi({
      token: CLOUDFLARE_TEST_TOKEN,
      zones: [zone(ZONE_ID, "example.org")],
      records: {
        [ZONE_ID]: [
          cnameRecord(ids.cname, ORG, "d222222abcdef8.cloudfront.net", true),
          cnameRecord(ids.decoyCname, "www.example.org", "d222222abcdef8.cloudfront.net", false),
          // The certificate's validation record, and a decoy of another certificate's.
          cnameRecord(VALIDATION_ID, `_0123456789abcdef.${ORG}`, "_fedcba9876543210.acm-validations.aws", false),
          cnameRecord(ids.decoyTxt, `_99999999.${ORG}`, "_88888888.acm-validations.aws", false),
        ],
      },
    });
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudFrontDomainConfig({ dns: "cloudflare", cloudflareZoneId: ZONE_ID })] }));
    const env = discoverEnv({
      cloudflare: cf.url,
      // The generic variable leads nowhere: each service must use its own.
      aws: "http://127.0.0.1:9",
      extra: { AWS_ENDPOINT_URL_CLOUDFRONT: cloudfront.url, AWS_ENDPOINT_URL_ACM: acm.url },
    });
    const run = await runCli(["discover", "--config", file], cwd, env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${ORG}: edge cloudfront
adopt:
  distribution: E2REAL00000002
  certificate: ${CERTIFICATE_ARN}
  dnsRecord: ${ids.cname}
  validationRecord: ${VALIDATION_ID}
differences:
  - the distribution E2REAL00000002 has the price class PriceClass_100; apply sets PriceClass_All
  - the CNAME is proxied; apply turns the proxy off (viewers must reach CloudFront, which holds the certificate for the domain)
`);
    expectSignedReads(cloudfront);
    expectSignedReads(acm);
    expect(cloudfront.requests.every((r) => r.service === "cloudfront")).toBe(true);
    expect(acm.requests.every((r) => r.service === "acm")).toBe(true);
    expectReadsWithTokenInAuthorizationOnly(cf);
    expectNoSecret(run);
  });

  it("adopts a proxy domain's A and AAAA records in Cloudflare", async () => {
    const links = "links.example.com";
    const api = await cloudflareApi({
      token: CLOUDFLARE_TEST_TOKEN,
      zones: [zone(ZONE_ID, "example.com")],
      records: {
        [ZONE_ID]: [
          addressRecord(ids.recordA, links, "A", "203.0.113.10", false),
          addressRecord(ids.recordAaaa, links, "AAAA", "2001:db8::10", true),
          addressRecord(ids.decoyOtherName, "link.example.com", "A", "203.0.113.10", false),
        ],
      },
    });
    const cwd = workdir();
    const proxy = { server: "nginx", certificateFile: "/etc/ssl/l.pem", certificateKeyFile: "/etc/ssl/l.key", ipv4: "203.0.113.10", ipv6: "2001:db8::10", dns: "cloudflare", cloudflareZoneId: ZONE_ID };
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [{ domain: links, workspace: "acme", region: "us", edge: "proxy", proxy }] }));
    const run = await runCli(["discover", "--config", file, "--json"], cwd, discoverEnv({ cloudflare: api.url }));
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        domain: links,
        edge: "proxy",
        adopt: { dnsRecords: { A: ids.recordA, AAAA: ids.recordAaaa } },
        differences: ["the AAAA record is proxied; apply turns the proxy off (your proxy terminates TLS with its own certificate)"],
        notFound: [],
      },
    ]);
  });

  it("waits as a 429's Retry-After says and retries", async () => {
    const api = await cloudflareApi({ ...pageRulesWorld(), rateLimit: { times: 1, retryAfter: "1" } });
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudflareDomainConfig()] }));
    const started = Date.now();
    const run = await runCli(["discover", "--config", file, "--json"], cwd, discoverEnv({ cloudflare: api.url }));
    expect(run.status, run.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(api.requests[0]?.path).toBe(api.requests[1]?.path);
    expect((JSON.parse(run.stdout) as { adopt: object }[])[0]?.adopt).toHaveProperty("dnsRecord", ids.cname);
  });

  it("fails when Cloudflare rejects the token: one line naming CLOUDFLARE_API_TOKEN, exit 1, nothing on stdout", async () => {
    const api = await cloudflareApi({ ...pageRulesWorld(), token: "the-real-token-is-another" });
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudflareDomainConfig()] }));
    const run = await runCli(["discover", "--config", file, "--write"], cwd, discoverEnv({ cloudflare: api.url }));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `error: emails.example.com: Cloudflare rejected CLOUDFLARE_API_TOKEN (403 for GET /zones/${ZONE_ID}/dns_records?name.exact=emails.example.com (page 1) (9109 Invalid access token)): give a token with Zone Read, DNS Read, Page Rules Read and Workers Routes Read for the zone\n`,
    );
    // The zone's details are optional (a token may lack Zone Read); the records are not.
    expect(api.requests.map((r) => r.path)).toEqual([`/client/v4/zones/${ZONE_ID}`, `/client/v4/zones/${ZONE_ID}/dns_records`]);
    expectNoSecret(run);
    expect(readFileSync(file, "utf8")).not.toContain("adopt");
  });

  it("fails when CLOUDFLARE_API_TOKEN is not set, before any request", async () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudflareDomainConfig()] }));
    const run = await runCli(["discover", "--config", file], cwd, discoverEnv({ cloudflare: "http://127.0.0.1:9/client/v4", extra: { CLOUDFLARE_API_TOKEN: " " } }));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "error: CLOUDFLARE_API_TOKEN is not set: discover reads Cloudflare for emails.example.com with an API token (Zone Read, DNS Read, Page Rules Read and Workers Routes Read)\n",
    );
  });

  it("fails when a request hangs past --timeout", async () => {
    const api = await cloudflareApi({ ...pageRulesWorld(), hang: /pagerules/ });
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudflareDomainConfig()] }));
    const run = await runCli(["discover", "--config", file, "--timeout", "0.5"], cwd, discoverEnv({ cloudflare: api.url }));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`error: emails.example.com: Cloudflare did not answer GET /zones/${ZONE_ID}/pagerules in time\n`);
  });

  it.each([
    [["--timeout", "0"], 'error: --timeout: must be a number of seconds above 0 and at most 120; received "0"'],
    [["--example", "--write"], "error: --write: there is no config file to write to (the embedded example); give --config FILE, or create one with email-assets init"],
    [["--example", "--domain", "nowhere.example.com"], "error: --domain: nowhere.example.com is not in embedded example; its domains: "],
    [["--example", "--config", "x.yaml"], "error: --example: builds the embedded example, so it takes no --config; give one of the two"],
  ])("fails with a usage error (exit 2): %j", async (args, message) => {
    const run = await runCli(["discover", ...args], workdir(), discoverEnv());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("fails with exit 1 when there is no config, naming where it looked", async () => {
    const run = await runCli(["discover"], workdir(), discoverEnv());
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^config: no config found: looked for \$EMAIL_ASSETS_CONFIG/);
  });

  it("fails with exit 1 when the config is invalid", async () => {
    const cwd = workdir();
    const file = writeFile(cwd, "bad.yaml", stringify({ domains: [cloudflareDomainConfig({ region: "mars" })] }));
    const run = await runCli(["discover", "--config", file], cwd, discoverEnv());
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^domains\[0\]\.region: must be one of us, eu, au/);
  });
});

describe("email-assets discover --write", () => {
  const COMMENTED = `# Our email assets domains; ask #platform before changing.
defaults:
  region: us          # all workspaces are hosted in the US
  workspace: acme

domains:
  - domain: emails.example.com    # live since 2021, set up by hand
    edge: cloudflare
    cloudflare:
      zoneId: ${ZONE_ID}   # example.com
      mode: page-rules

  - domain: news.example.com      # not live yet
    edge: cloudflare
    cloudflare: { zoneId: ${ZONE_ID} }
# end of file
`;

  it("puts the ids into the domain's own entry and keeps every comment and the layout", async () => {
    const api = await cloudflareApi(pageRulesWorld());
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", COMMENTED);
    const run = await runCli(["discover", "--write"], cwd, discoverEnv({ cloudflare: api.url }));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe(`wrote adopt: for emails.example.com into ${file}\n`);
    // Until the adopt: key validates (it lands with the import blocks), the content is checked as text.
    expect(readFileSync(file, "utf8")).toBe(
      COMMENTED.replace(
        "      mode: page-rules\n",
        `      mode: page-rules\n    adopt:\n      dnsRecord: ${ids.cname}\n      pageRules:\n        alwaysHttps: ${ids.alwaysHttps}\n        hostHeader: ${ids.hostHeader}\n`,
      ),
    );
    expectReadsWithTokenInAuthorizationOnly(api);
    expect(readFileSync(file, "utf8")).not.toContain(CLOUDFLARE_TEST_TOKEN);
  });

  it("keeps a JSON config's formatting, and writes nothing when nothing was found", async () => {
    const api = await cloudflareApi(pageRulesWorld());
    const cwd = workdir();
    const text = `{\n\t"domains": [\n\t\t{\n\t\t\t"domain": "emails.example.com",\n\t\t\t"workspace": "acme",\n\t\t\t"region": "us",\n\t\t\t"edge": "cloudflare",\n\t\t\t"cloudflare": { "zoneId": "${ZONE_ID}" }\n\t\t}\n\t]\n}\n`;
    const file = writeFile(cwd, "email-assets.json", text);
    const run = await runCli(["discover", "--write", "--json"], cwd, discoverEnv({ cloudflare: api.url }));
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(
      text.replace(
        `"cloudflare": { "zoneId": "${ZONE_ID}" }\n`,
        `"cloudflare": { "zoneId": "${ZONE_ID}" },\n\t\t\t"adopt": {\n\t\t\t\t"dnsRecord": "${ids.cname}",\n\t\t\t\t"pageRules": {\n\t\t\t\t\t"alwaysHttps": "${ids.alwaysHttps}",\n\t\t\t\t\t"hostHeader": "${ids.hostHeader}"\n\t\t\t\t}\n\t\t\t}\n`,
      ),
    );
    const empty = await cloudflareApi({ token: CLOUDFLARE_TEST_TOKEN, zones: [zone(ZONE_ID, "example.com")] });
    const other = writeFile(cwd, "other.yaml", stringify({ domains: [cloudflareDomainConfig()] }));
    const none = await runCli(["discover", "--write", "--config", other], cwd, discoverEnv({ cloudflare: empty.url }));
    expect(none.status, none.stderr).toBe(0);
    expect(none.stderr).toBe(`nothing written to ${other}: discover found nothing to adopt\n`);
  });
});
