import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { writeAdopt } from "../../src/discover/write-adopt";
import type { Adopt } from "../../src/discover/discovery";

const CNAME = "c0a1e0000000000000000000000000c1";
const RULE_A = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const RULE_B = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
const found = (entries: [string, Adopt][]) => new Map(entries);

const FLEET = `# Intercom email assets, by hand until now
defaults:
  region: us                          # every domain is in the US region
  cloudflare:
    zoneId: 0123456789abcdef0123456789abcdef

domains:
  - domain: emails.example.com        # the first one
    workspace: acme                   # acme.intercom-mail.com
    edge: cloudflare
    stack: fleet
    # the zone comes from defaults

  - domain: "news.example.com"
    workspace: acme
    edge: cloudflare
    stack: fleet
    cloudflare: { zoneId: fedcba9876543210fedcba9876543210, mode: page-rules }

  - { domain: links.example.com, workspace: acme, edge: cloudflare }
# the end
`;

describe("writeAdopt (YAML)", () => {
  it("puts each domain's ids into its own entry and keeps every other byte", () => {
    const update = writeAdopt(
      FLEET,
      "yaml",
      found([
        ["emails.example.com", { dnsRecord: CNAME, pageRules: { alwaysHttps: RULE_A, hostHeader: RULE_B } }],
        ["news.example.com", { dnsRecord: RULE_B }],
      ]),
    );
    expect(update.written).toEqual(["emails.example.com", "news.example.com"]);
    expect(update.skipped).toEqual([]);
    expect(update.text).toBe(
      FLEET.replace(
        "    stack: fleet\n    # the zone",
        `    stack: fleet\n    adopt:\n      dnsRecord: ${CNAME}\n      pageRules:\n        alwaysHttps: ${RULE_A}\n        hostHeader: ${RULE_B}\n    # the zone`,
      ).replace("mode: page-rules }\n", `mode: page-rules }\n    adopt:\n      dnsRecord: ${RULE_B}\n`),
    );
    const config = parse(update.text) as { domains: Record<string, unknown>[]; defaults: Record<string, unknown> };
    expect(config.defaults).not.toHaveProperty("adopt");
    expect(config.domains[0]?.adopt).toEqual({ dnsRecord: CNAME, pageRules: { alwaysHttps: RULE_A, hostHeader: RULE_B } });
  });

  it("writes into a flow mapping as a flow mapping", () => {
    const update = writeAdopt(FLEET, "yaml", found([["links.example.com", { dnsRecord: CNAME }]]));
    expect(update.text).toContain(`  - { domain: links.example.com, workspace: acme, edge: cloudflare, adopt: { dnsRecord: ${CNAME} } }\n# the end\n`);
  });

  it("merges into an adopt block that is there: replaces ids, adds keys, keeps the rest and its comments", () => {
    const text = `domains:
    - domain: emails.example.com
      workspace: acme
      adopt:   # found by hand
          dnsRecord: ffffffffffffffffffffffffffffffff   # old
          pageRules:
              hostHeader: ${RULE_B}
      edge: cloudflare
`;
    const update = writeAdopt(text, "yaml", found([["emails.example.com", { dnsRecord: CNAME, pageRules: { alwaysHttps: RULE_A, hostHeader: RULE_B } }]]));
    expect(update.text).toBe(`domains:
    - domain: emails.example.com
      workspace: acme
      adopt:   # found by hand
          dnsRecord: ${CNAME}   # old
          pageRules:
              hostHeader: ${RULE_B}
              alwaysHttps: ${RULE_A}
      edge: cloudflare
`);
  });

  it("fills an empty adopt key, and a flow adopt block", () => {
    const empty = writeAdopt("domains:\n  - domain: emails.example.com\n    adopt:\n    edge: cloudflare\n", "yaml", found([["emails.example.com", { dnsRecord: CNAME }]]));
    expect(parse(empty.text)).toEqual({ domains: [{ domain: "emails.example.com", adopt: { dnsRecord: CNAME }, edge: "cloudflare" }] });
    const flow = writeAdopt(`domains:\n  - domain: emails.example.com\n    adopt: { dnsRecord: ${RULE_A} }\n`, "yaml", found([["emails.example.com", { pageRules: { hostHeader: RULE_B } }]]));
    expect(flow.text).toBe(`domains:\n  - domain: emails.example.com\n    adopt: { dnsRecord: ${RULE_A}, pageRules: { hostHeader: ${RULE_B} } }\n`);
    const scalar = writeAdopt(`domains:\n  - domain: emails.example.com\n    adopt: none\n`, "yaml", found([["emails.example.com", { dnsRecord: CNAME }]]));
    expect(parse(scalar.text)).toEqual({ domains: [{ domain: "emails.example.com", adopt: { dnsRecord: CNAME } }] });
  });

  it("keeps the file's indentation step and a file without a final newline", () => {
    const text = "domains:\n- domain: emails.example.com\n  cloudflare:\n      zoneId: 0123456789abcdef0123456789abcdef";
    const update = writeAdopt(text, "yaml", found([["emails.example.com", { pageRules: { hostHeader: RULE_B } }]]));
    expect(update.text).toBe(`${text}\n  adopt:\n      pageRules:\n          hostHeader: ${RULE_B}`);
  });

  it("matches the entry by its normalized domain, and leaves domains with nothing found alone", () => {
    const text = "domains:\n  - domain: Emails.Example.COM.\n    edge: cloudflare\n";
    const update = writeAdopt(text, "yaml", found([["emails.example.com", { dnsRecord: CNAME }], ["news.example.com", {}]]));
    expect(update.written).toEqual(["emails.example.com"]);
    expect(update.text).toBe(`${text}    adopt:\n      dnsRecord: ${CNAME}\n`);
  });

  it("says which domains it could not write: an entry through an alias, or none at all", () => {
    const text = "base: &base\n  domain: emails.example.com\n  edge: cloudflare\ndomains:\n  - *base\n";
    const update = writeAdopt(text, "yaml", found([["emails.example.com", { dnsRecord: CNAME }]]));
    expect(update.text).toBe(text);
    expect(update.skipped).toEqual([{ domain: "emails.example.com", reason: expect.stringContaining("YAML alias") }]);
    const none = writeAdopt("domains: []\n", "yaml", found([["emails.example.com", { dnsRecord: CNAME }]]));
    expect(none.skipped).toEqual([{ domain: "emails.example.com", reason: "no entry of its own under domains" }]);
  });
});

describe("writeAdopt, odd shapes", () => {
  it("replaces a value of another shape, passes over entries it cannot read, and merges into a flow block's scalar", () => {
    const text = `domains:
  - domain: 5
  - domain: "not a domain!"
  - just a string
  - domain: emails.example.com
    adopt:
      dnsRecord:
        nested: value
      pageRules: none
    stack:
`;
    const update = writeAdopt(text, "yaml", found([["emails.example.com", { dnsRecord: CNAME, pageRules: { hostHeader: RULE_B } }]]));
    expect(parse(update.text)).toEqual({
      domains: [{ domain: 5 }, { domain: "not a domain!" }, "just a string", { domain: "emails.example.com", adopt: { dnsRecord: CNAME, pageRules: { hostHeader: RULE_B } }, stack: null }],
    });
    const flow = writeAdopt(`domains:\n  - domain: emails.example.com\n    adopt: { pageRules: none, dnsRecord: ${CNAME} }\n`, "yaml", found([["emails.example.com", { pageRules: { hostHeader: RULE_B } }]]));
    expect(flow.text).toBe(`domains:\n  - domain: emails.example.com\n    adopt: { pageRules: { hostHeader: ${RULE_B} }, dnsRecord: ${CNAME} }\n`);
    const nested = writeAdopt(`domains:\n  - domain: emails.example.com\n    adopt: { pageRules: { alwaysHttps: ${RULE_A} }, dnsRecord: [x] }\n`, "yaml", found([["emails.example.com", { pageRules: { hostHeader: RULE_B } }]]));
    expect(nested.text).toBe(`domains:\n  - domain: emails.example.com\n    adopt: { pageRules: { alwaysHttps: ${RULE_A}, hostHeader: ${RULE_B} }, dnsRecord: [x] }\n`);
  });

  it("fills an empty flow block, and replaces a list where a mapping belongs", () => {
    const empty = writeAdopt(`domains: [{ domain: emails.example.com, adopt: {} }]\n`, "yaml", found([["emails.example.com", { dnsRecord: CNAME }]]));
    expect(empty.text).toBe(`domains: [{ domain: emails.example.com, adopt: { dnsRecord: ${CNAME} } }]\n`);
    const list = writeAdopt(
      `domains:\n  - domain: emails.example.com\n    adopt:\n      pageRules:\n        - ${RULE_A}\n      dnsRecord: [x]\n    edge: cloudflare\n`,
      "yaml",
      found([["emails.example.com", { pageRules: { hostHeader: RULE_B }, dnsRecord: CNAME }]]),
    );
    expect(list.text).toBe(`domains:\n  - domain: emails.example.com\n    adopt:\n      pageRules:\n        hostHeader: ${RULE_B}\n      dnsRecord: ${CNAME}\n    edge: cloudflare\n`);
  });

  it("writes route53Records as true or as a list of types, in YAML and JSON", () => {
    const yaml = writeAdopt(`domains:\n  - domain: assets.example.org\n    adopt:\n      route53Records: [A]\n  - domain: links.example.com\n`, "yaml", found([
      ["assets.example.org", { distribution: "E2REAL00000002", route53Records: true }],
      ["links.example.com", { route53Records: ["A", "AAAA"] }],
    ]));
    expect(yaml.text).toBe(`domains:\n  - domain: assets.example.org\n    adopt:\n      route53Records: true\n      distribution: E2REAL00000002\n  - domain: links.example.com\n    adopt:\n      route53Records:\n        - A\n        - AAAA\n`);
    const flow = writeAdopt(`domains: [{ domain: links.example.com, adopt: { route53Records: false } }]`, "yaml", found([["links.example.com", { route53Records: ["AAAA"] }]]));
    expect(flow.text).toBe(`domains: [{ domain: links.example.com, adopt: { route53Records: [AAAA] } }]`);
    const json = writeAdopt(`{"domains": [{"domain": "links.example.com", "adopt": {"route53Records": ["A"]}}]}`, "json", found([["links.example.com", { route53Records: true }]]));
    expect(JSON.parse(json.text)).toEqual({ domains: [{ domain: "links.example.com", adopt: { route53Records: true } }] });
  });

  it("writes nothing into a config without a domains list", () => {
    for (const [text, format] of [["other: 1\n", "yaml"], ["[]", "json"], ['{"domains": [1, {"domain": 5}, {"domain": "not a domain!"}, {"edge": "proxy"}]}', "json"]] as const) {
      const update = writeAdopt(text, format, found([["emails.example.com", { dnsRecord: CNAME }], ["news.example.com", {}]]));
      expect(update).toEqual({ text, written: [], skipped: [{ domain: "emails.example.com", reason: "no entry of its own under domains" }] });
    }
  });

  it("puts a new key into an indented empty JSON object on one line", () => {
    const text = `{"domains": [{"domain": "emails.example.com", "adopt": {}}]}`;
    expect(writeAdopt(text, "json", found([["emails.example.com", { pageRules: { alwaysHttps: RULE_A } }]])).text).toBe(
      `{"domains": [{"domain": "emails.example.com", "adopt": { "pageRules": { "alwaysHttps": "${RULE_A}" } }}]}`,
    );
  });
});

describe("writeAdopt (JSON)", () => {
  it("adds the block with the file's indentation, after the entry's last member", () => {
    const text = `{
    "domains": [
        {
            "domain": "emails.example.com",
            "edge": "cloudflare",
            "cloudflare": { "zoneId": "0123456789abcdef0123456789abcdef" }
        },
        { "domain": "news.example.com", "edge": "cloudflare" }
    ]
}
`;
    const update = writeAdopt(
      text,
      "json",
      found([
        ["emails.example.com", { dnsRecord: CNAME, pageRules: { alwaysHttps: RULE_A } }],
        ["news.example.com", { dnsRecord: RULE_B }],
      ]),
    );
    expect(update.text).toBe(`{
    "domains": [
        {
            "domain": "emails.example.com",
            "edge": "cloudflare",
            "cloudflare": { "zoneId": "0123456789abcdef0123456789abcdef" },
            "adopt": {
                "dnsRecord": "${CNAME}",
                "pageRules": {
                    "alwaysHttps": "${RULE_A}"
                }
            }
        },
        { "domain": "news.example.com", "edge": "cloudflare", "adopt": { "dnsRecord": "${RULE_B}" } }
    ]
}
`);
    expect(JSON.parse(update.text)).toBeTruthy();
  });

  it("merges into an adopt object that is there, and fills an empty one", () => {
    const text = `{"domains": [{"domain": "emails.example.com", "adopt": {"dnsRecord": "ffffffffffffffffffffffffffffffff", "pageRules": {}}}, {"domain": "news.example.com", "adopt": {}}]}`;
    const update = writeAdopt(
      text,
      "json",
      found([
        ["emails.example.com", { dnsRecord: CNAME, pageRules: { hostHeader: RULE_B } }],
        ["news.example.com", { dnsRecord: RULE_A }],
        ["gone.example.com", { dnsRecord: RULE_A }],
      ]),
    );
    expect(JSON.parse(update.text)).toEqual({
      domains: [
        { domain: "emails.example.com", adopt: { dnsRecord: CNAME, pageRules: { hostHeader: RULE_B } } },
        { domain: "news.example.com", adopt: { dnsRecord: RULE_A } },
      ],
    });
    expect(update.skipped).toEqual([{ domain: "gone.example.com", reason: "no entry of its own under domains" }]);
  });

  it("fills an empty multi-line object", () => {
    const text = `{\n  "domains": [\n    {\n      "domain": "emails.example.com",\n      "adopt": {\n      }\n    }\n  ]\n}\n`;
    const update = writeAdopt(text, "json", found([["emails.example.com", { dnsRecord: CNAME }]]));
    expect(update.text).toBe(`{\n  "domains": [\n    {\n      "domain": "emails.example.com",\n      "adopt": {\n        "dnsRecord": "${CNAME}"\n      }\n    }\n  ]\n}\n`);
  });
});
