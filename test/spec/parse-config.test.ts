import { describe, expect, it } from "vitest";
import { parseConfig, validateConfig } from "../../src/spec/parse-config";
import { ConfigError, formatProblem } from "../../src/spec/problem";
import { cloudflareDomain, threeRegionConfig, ZONE_A, ZONE_B } from "../support/fixtures";

const one = (overrides: Record<string, unknown>) => ({ domains: [cloudflareDomain(overrides)] });
const block = (cloudflare: Record<string, unknown>) => one({ cloudflare: { zoneId: ZONE_A, ...cloudflare } });

/** [case, config, field path, fragment of the problem, fragment of the received value] */
const BAD_CONFIGS: [string, unknown, string, string, string][] = [
  ["the config is not a mapping", "domains: []", "config", "must be a mapping", '"domains: []"'],
  ["the config is null", null, "config", "must be a mapping", "null"],
  ["domains is missing", {}, "domains", "is required", "nothing"],
  ["domains is not a list", { domains: { domain: "x" } }, "domains", "must be a list", '{"domain":"x"}'],
  ["domains is empty", { domains: [] }, "domains", "at least one domain", "[]"],
  ["a top-level key is unknown", { domains: [cloudflareDomain()], domian: 1 }, "domian", 'unknown key (did you mean "domains"?)', "1"],
  ["a domain entry is not a mapping", { domains: ["emails.example.com"] }, "domains[0]", "must be a mapping", '"emails.example.com"'],
  ["domain is missing", one({ domain: undefined }), "domains[0].domain", "is required (the custom domain", "nothing"],
  ["domain is a number", one({ domain: 42 }), "domains[0].domain", "must be a string", "42"],
  ["domain has a scheme", one({ domain: "https://emails.example.com/" }), "domains[0].domain", "drop the scheme", '"https://emails.example.com/"'],
  ["domain has a path", one({ domain: "emails.example.com/a" }), "domains[0].domain", "drop the path", '"emails.example.com/a"'],
  ["domain has a port", one({ domain: "emails.example.com:8443" }), "domains[0].domain", "drop the port", '"emails.example.com:8443"'],
  ["domain is an apex", one({ domain: "example.com" }), "domains[0].domain", "is the apex of example.com", '"example.com"'],
  ["domain is a wildcard", one({ domain: "*.example.com" }), "domains[0].domain", "wildcards are not supported", '"*.example.com"'],
  ["domain is an IP address", one({ domain: "203.0.113.7" }), "domains[0].domain", "not an IP address", '"203.0.113.7"'],
  ["domain is an Intercom host", one({ domain: "acme.intercom-mail.com" }), "domains[0].domain", "is an Intercom host", '"acme.intercom-mail.com"'],
  ["domain has an invalid character", one({ domain: "em@ils.example.com" }), "domains[0].domain", "", '"em@ils.example.com"'],
  ["workspace is missing", one({ workspace: undefined }), "domains[0].workspace", "is required (the Intercom workspace", "nothing"],
  ["workspace is a full host", one({ workspace: "acme.intercom-mail.eu" }), "domains[0].workspace", '(use "acme")', '"acme.intercom-mail.eu"'],
  ["workspace is not a DNS label", one({ workspace: "acme_inc" }), "domains[0].workspace", "one DNS label", '"acme_inc"'],
  ["region is unknown", one({ region: "useast" }), "domains[0].region", "must be one of us, eu, au", '"useast"'],
  ["region is a near miss", one({ region: "ue" }), "domains[0].region", "must be one of us, eu, au (did you mean", '"ue"'],
  ["region is missing", one({ region: undefined }), "domains[0].region", "is required (the workspace's data hosting region", "nothing"],
  ["edge is unknown", one({ edge: "cloudflair" }), "domains[0].edge", 'must be one of cloudflare, cloudfront, proxy (did you mean "cloudflare"?)', '"cloudflair"'],
  ["edge is not built yet (cloudfront)", one({ edge: "cloudfront", cloudflare: undefined, cloudfront: {} }), "domains[0].edge", 'the "cloudfront" edge is not available in this version yet', '"cloudfront"'],
  ["edge is not built yet (proxy)", one({ edge: "proxy", cloudflare: undefined, proxy: { server: "nginx", certificateFile: "/c.pem", certificateKeyFile: "/k.pem" } }), "domains[0].edge", 'the "proxy" edge is not available', '"proxy"'],
  ["the edge's block is missing", one({ cloudflare: undefined }), "domains[0].cloudflare", 'is required when edge is "cloudflare"', "nothing"],
  ["a block belongs to another edge", one({ cloudfront: { dns: "route53" } }), "domains[0].cloudfront", 'does not belong to edge "cloudflare"', '{"dns":"route53"}'],
  ["a domain key is unknown", one({ regoin: "eu" }), "domains[0].regoin", 'unknown key (did you mean "region"?)', '"eu"'],
  ["zoneId is missing", block({ zoneId: undefined }), "domains[0].cloudflare.zoneId", "is required (the Cloudflare zone id", "nothing"],
  ["zoneId is too short", block({ zoneId: "abc123" }), "domains[0].cloudflare.zoneId", "32 hexadecimal digits", '"abc123"'],
  ["zoneId is not hex", block({ zoneId: "z".repeat(32) }), "domains[0].cloudflare.zoneId", "32 hexadecimal digits", `"${"z".repeat(32)}"`],
  ["a cloudflare key is misspelt", block({ zoneID: ZONE_B }), "domains[0].cloudflare.zoneID", 'unknown key (did you mean "zoneId"?)', `"${ZONE_B}"`],
  ["mode is unknown", block({ mode: "pagerules" }), "domains[0].cloudflare.mode", 'must be one of page-rules, rulesets, worker (did you mean "page-rules"?)', '"pagerules"'],
  ["mode is not built yet", block({ mode: "rulesets" }), "domains[0].cloudflare.mode", '"rulesets" is not available in this version yet', '"rulesets"'],
  ["worker mode lacks an account id", block({ mode: "worker" }), "domains[0].cloudflare.accountId", 'is required when mode is "worker"', "nothing"],
  ["accountId is malformed", block({ accountId: "123" }), "domains[0].cloudflare.accountId", "Cloudflare account id", '"123"'],
  ["sslScope is unknown", block({ sslScope: "global" }), "domains[0].cloudflare.sslScope", "must be one of host, zone", '"global"'],
  ["mirage is asked to be on", block({ mirage: "on" }), "domains[0].cloudflare.mirage", "Cloudflare retired Mirage", '"on"'],
  ["mirage is true", block({ mirage: true }), "domains[0].cloudflare.mirage", "", "true"],
  ["the same domain is listed twice", { domains: [cloudflareDomain(), cloudflareDomain({ domain: "EMAILS.example.com." })] }, "domains[1].domain", "is already configured in domains[0]", '"emails.example.com"'],
  ["two domains map to one stack id", { domains: [cloudflareDomain({ domain: "a-b.example.com" }), cloudflareDomain({ domain: "a.b-example.com" })] }, "domains[1].domain", 'maps to stack id "a-b-example-com", as domains[0]', '"a.b-example.com"'],
  ["a later domain is bad", { domains: [cloudflareDomain(), cloudflareDomain({ domain: "news.example.com", region: "mars" })] }, "domains[1].region", "must be one of", '"mars"'],
];

describe("validateConfig rejects bad input with a field path", () => {
  it("has a corpus of at least 25 bad configs", () => {
    expect(BAD_CONFIGS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(BAD_CONFIGS)("fails when %s", (_name, config, path, fragment, received) => {
    const result = validateConfig(config);
    expect(result.specs).toEqual([]);
    const lines = result.problems.map(formatProblem);
    const match = lines.find((line) => line.startsWith(`${path}: `));
    expect(match, `no problem for ${path} in:\n${lines.join("\n")}`).toBeDefined();
    expect(match).toContain(fragment);
    expect(match).toMatch(new RegExp(`; received ${received.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  });
});

describe("validateConfig reports every problem at once", () => {
  it("lists problems from several fields and several domains together", () => {
    const result = validateConfig({
      domains: [
        cloudflareDomain({ domain: "https://a.example.com", region: "xx" }),
        cloudflareDomain({ domain: "b.example.com", workspace: "", cloudflare: { zoneId: "nope", mirage: "on" } }),
      ],
      extra: true,
    });
    expect(result.problems.map((p) => p.path).sort()).toEqual(
      [
        "domains[0].domain",
        "domains[0].region",
        "domains[1].workspace",
        "domains[1].cloudflare.zoneId",
        "domains[1].cloudflare.mirage",
        "extra",
      ].sort(),
    );
  });

  it("parseConfig throws a ConfigError whose message lists each problem on its own line", () => {
    const bad = { domains: [cloudflareDomain({ region: "xx", edge: "fastly" })] };
    let error: unknown;
    try {
      parseConfig(bad, "email-assets.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("invalid config (email-assets.yaml)");
    expect(message).toContain('  domains[0].region: must be one of us, eu, au; received "xx"');
    expect(message).toContain('  domains[0].edge: must be one of cloudflare, cloudfront, proxy; received "fastly"');
  });
});

describe("validateConfig normalizes", () => {
  it("lower-cases, drops the trailing dot, converts IDNs and fills defaults", () => {
    const result = parseConfig({
      domains: [
        {
          domain: "Post.Bücher.DE.",
          workspace: " ACME ",
          region: "EU",
          edge: "Cloudflare",
          cloudflare: { zoneId: ZONE_A.toUpperCase(), mirage: "off" },
        },
      ],
    });
    expect(result.specs).toEqual([
      {
        domain: "post.xn--bcher-kva.de",
        workspace: "acme",
        region: "eu",
        edge: "cloudflare",
        cloudflare: { zoneId: ZONE_A, mode: "page-rules", sslScope: "host" },
      },
    ]);
  });

  it("accepts mirage: false as off and keeps it out of the spec", () => {
    const result = parseConfig(block({ mirage: false }));
    expect(result.specs[0]).toMatchObject({ cloudflare: { zoneId: ZONE_A } });
    expect(JSON.stringify(result.specs)).not.toContain("mirage");
  });

  it("keeps config order and accepts all three regions", () => {
    const result = parseConfig(threeRegionConfig());
    expect(result.specs.map((s) => [s.domain, s.region])).toEqual([
      ["emails.example.com", "us"],
      ["emails.example.eu", "eu"],
      ["news.example.com", "au"],
    ]);
    expect(result.warnings).toEqual([]);
  });
});

describe("validateConfig warnings", () => {
  it("warns that Universal SSL does not cover a second-level subdomain", () => {
    const result = validateConfig(one({ domain: "emails.eu.example.com" }));
    expect(result.problems).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([
      expect.stringMatching(/^domains\[0\]\.domain: .*Universal SSL.*; received "emails\.eu\.example\.com"$/),
    ]);
  });

  it("warns once when a zone needs more page rules than Enterprise includes", () => {
    const domains = Array.from({ length: 64 }, (_, i) => cloudflareDomain({ domain: `e${i}.example.com` }));
    const result = validateConfig({ domains });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.path)).toEqual(["domains[62].cloudflare.zoneId"]);
    expect(result.warnings[0]?.message).toContain("more than 125 page rules");
  });
});
