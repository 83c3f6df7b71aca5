import { describe, expect, it } from "vitest";
import { parseConfig, validateConfig } from "../../src/config/rules/validate-config";
import { ConfigError, formatProblem } from "../../src/config/problems/problem";
import { cloudflareDomain, threeRegionConfig, ZONE_A, ZONE_B } from "../support/fixtures";

const one = (overrides: Record<string, unknown>) => ({ domains: [cloudflareDomain(overrides)] });
const block = (cloudflare: Record<string, unknown>) => one({ cloudflare: { zoneId: ZONE_A, ...cloudflare } });
const cf = (cloudfront: Record<string, unknown>) => one({ edge: "cloudfront", cloudflare: undefined, cloudfront });
const px = (proxy: Record<string, unknown>) =>
  one({
    edge: "proxy",
    cloudflare: undefined,
    proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10", ...proxy },
  });
const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
/** 65 characters: one more than an ACM certificate's domain name may hold. */
const LONG_DOMAIN = `${"a".repeat(53)}.example.com`;

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
  ["domain has an invalid character", one({ domain: "em@ils.example.com" }), "domains[0].domain", "is not a valid domain name", '"em@ils.example.com"'],
  ["workspace is missing", one({ workspace: undefined }), "domains[0].workspace", "is required (the Intercom workspace", "nothing"],
  ["workspace is a full host", one({ workspace: "acme.intercom-mail.eu" }), "domains[0].workspace", '(use "acme")', '"acme.intercom-mail.eu"'],
  ["workspace is not a DNS label", one({ workspace: "acme_inc" }), "domains[0].workspace", "one DNS label", '"acme_inc"'],
  ["region is unknown", one({ region: "useast" }), "domains[0].region", "must be one of us, eu, au", '"useast"'],
  ["region is a near miss", one({ region: "ue" }), "domains[0].region", "must be one of us, eu, au (did you mean", '"ue"'],
  ["region is missing", one({ region: undefined }), "domains[0].region", "is required (the workspace's data hosting region", "nothing"],
  ["edge is unknown", one({ edge: "cloudflair" }), "domains[0].edge", 'must be one of cloudflare, cloudfront, proxy (did you mean "cloudflare"?)', '"cloudflair"'],
  ["the edge's block is missing", one({ cloudflare: undefined }), "domains[0].cloudflare", 'is required when edge is "cloudflare"', "nothing"],
  ["a block belongs to another edge", one({ cloudfront: { dns: "route53" } }), "domains[0].cloudfront", 'does not belong to edge "cloudflare"', '{"dns":"route53"}'],
  ["a domain key is unknown", one({ regoin: "eu" }), "domains[0].regoin", 'unknown key (did you mean "region"?)', '"eu"'],
  ["zoneId is missing", block({ zoneId: undefined }), "domains[0].cloudflare.zoneId", "is required (the Cloudflare zone id", "nothing"],
  ["zoneId is too short", block({ zoneId: "abc123" }), "domains[0].cloudflare.zoneId", "32 hexadecimal digits", '"abc123"'],
  ["zoneId is not hex", block({ zoneId: "z".repeat(32) }), "domains[0].cloudflare.zoneId", "32 hexadecimal digits", `"${"z".repeat(32)}"`],
  ["a cloudflare key is misspelt", block({ zoneID: ZONE_B }), "domains[0].cloudflare.zoneID", 'unknown key (did you mean "zoneId"?)', `"${ZONE_B}"`],
  ["mode is unknown", block({ mode: "pagerules" }), "domains[0].cloudflare.mode", 'must be one of page-rules, rulesets, worker (did you mean "page-rules"?)', '"pagerules"'],
  ["worker mode lacks an account id", block({ mode: "worker" }), "domains[0].cloudflare.accountId", 'is required when mode is "worker"', "nothing"],
  ["accountId is malformed", block({ accountId: "123" }), "domains[0].cloudflare.accountId", "Cloudflare account id", '"123"'],
  ["sslScope is unknown", block({ sslScope: "global" }), "domains[0].cloudflare.sslScope", "must be one of host, zone", '"global"'],
  ["mirage is asked to be on", block({ mirage: "on" }), "domains[0].cloudflare.mirage", "Cloudflare retired Mirage", '"on"'],
  ["mirage is true", block({ mirage: true }), "domains[0].cloudflare.mirage", "Cloudflare retired Mirage", "true"],
  ["the same domain is listed twice", { domains: [cloudflareDomain(), cloudflareDomain({ domain: "EMAILS.example.com." })] }, "domains[1].domain", "is already configured in domains[0]", '"emails.example.com"'],
  ["two domains map to one stack id", { domains: [cloudflareDomain({ domain: "a-b.example.com" }), cloudflareDomain({ domain: "a.b-example.com" })] }, "domains[1].domain", 'maps to stack id "a-b-example-com", as domains[0]', '"a.b-example.com"'],
  ["cloudfront: the certificate ARN is malformed", cf({ certificateArn: "arn:aws:acm:us-east-1:123:cert/x" }), "domains[0].cloudfront.certificateArn", "must be an ACM certificate ARN", '"arn:aws:acm:us-east-1:123:cert/x"'],
  ["cloudfront: the certificate is outside us-east-1", cf({ certificateArn: ARN.replace("us-east-1", "eu-west-1") }), "domains[0].cloudfront.certificateArn", "is in eu-west-1, but CloudFront only uses ACM certificates from us-east-1", '"arn:aws:acm:eu-west-1:'],
  ["cloudfront: the certificate ARN is not ACM", cf({ certificateArn: "arn:aws:iam::123456789012:server-certificate/x" }), "domains[0].cloudfront.certificateArn", "must be an ACM certificate ARN", '"arn:aws:iam::'],
  ["cloudfront: dns is unknown", cf({ dns: "route54" }), "domains[0].cloudfront.dns", 'must be one of external, route53, cloudflare (did you mean "route53"?)', '"route54"'],
  ["cloudfront: route53 without a zone id", cf({ dns: "route53" }), "domains[0].cloudfront.route53ZoneId", 'is required when dns is "route53"', "nothing"],
  ["cloudfront: cloudflare without a zone id", cf({ dns: "cloudflare" }), "domains[0].cloudfront.cloudflareZoneId", 'is required when dns is "cloudflare"', "nothing"],
  ["cloudfront: a zone id for another dns choice", cf({ dns: "external", route53ZoneId: "Z123ABC" }), "domains[0].cloudfront.route53ZoneId", 'is only used with dns: route53, but dns is "external"', '"Z123ABC"'],
  ["cloudfront: a Cloudflare zone id with route53", cf({ dns: "route53", route53ZoneId: "Z123ABC", cloudflareZoneId: ZONE_A }), "domains[0].cloudfront.cloudflareZoneId", "is only used with dns: cloudflare", `"${ZONE_A}"`],
  ["cloudfront: the Route 53 zone id is malformed", cf({ dns: "route53", route53ZoneId: "example.com" }), "domains[0].cloudfront.route53ZoneId", "must be a Route 53 hosted zone id", '"example.com"'],
  ["cloudfront: the Cloudflare zone id is malformed", cf({ dns: "cloudflare", cloudflareZoneId: "xyz" }), "domains[0].cloudfront.cloudflareZoneId", "32 hexadecimal digits", '"xyz"'],
  ["cloudfront: the price class is unknown", cf({ priceClass: "PriceClass_300" }), "domains[0].cloudfront.priceClass", "must be one of PriceClass_All, PriceClass_200, PriceClass_100", '"PriceClass_300"'],
  ["cloudfront: the TLS policy is below TLS 1.2", cf({ minimumProtocolVersion: "TLSv1_2016" }), "domains[0].cloudfront.minimumProtocolVersion", "is not accepted: allows protocols below TLS 1.2", '"TLSv1_2016"'],
  ["cloudfront: the TLS policy is unknown", cf({ minimumProtocolVersion: "TLSv1.2_2022" }), "domains[0].cloudfront.minimumProtocolVersion", "must be one of TLSv1.2_2021, TLSv1.2_2019, TLSv1.2_2018", '"TLSv1.2_2022"'],
  ["cloudfront: the TLS policy is one the pinned provider rejects", cf({ minimumProtocolVersion: "TLSv1.2_2025" }), "domains[0].cloudfront.minimumProtocolVersion", "is not accepted: the pinned AWS provider (5.100.0) rejects it; use TLSv1.2_2021", '"TLSv1.2_2025"'],
  ["cloudfront: the web ACL is regional", cf({ webAclId: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" }), "domains[0].cloudfront.webAclId", "must be a web ACL of CloudFront scope", '"arn:aws:wafv2:eu-west-1:'],
  ["cloudfront: the web ACL id is malformed", cf({ webAclId: "my-acl" }), "domains[0].cloudfront.webAclId", "must be a WAFv2 web ACL ARN", '"my-acl"'],
  ["cloudfront: the log bucket is malformed", cf({ logging: { bucket: "Bad_Bucket!" } }), "domains[0].cloudfront.logging.bucket", "must be an S3 bucket name", '"Bad_Bucket!"'],
  ["cloudfront: a logging key is misspelt", cf({ logging: { bucket: "logs", prefx: "a/" } }), "domains[0].cloudfront.logging.prefx", 'unknown key (did you mean "prefix"?)', '"a/"'],
  ["cloudfront: a tag key is reserved", cf({ tags: { "aws:owner": "me" } }), "domains[0].cloudfront.tags", 'has an invalid key "aws:owner": tag keys', '{"aws:owner":"me"}'],
  ["cloudfront: a tag value is not a string", cf({ tags: { team: 42 } }), "domains[0].cloudfront.tags.team", "must be a string", "42"],
  ["cloudfront: a key is misspelt", cf({ certificateARN: ARN }), "domains[0].cloudfront.certificateARN", 'unknown key (did you mean "certificateArn"?)', `"${ARN}"`],
  ["proxy: the server is unknown", px({ server: "ngnix" }), "domains[0].proxy.server", 'must be one of apache, nginx (did you mean "nginx"?)', '"ngnix"'],
  ["proxy: the certificate path could end the directive", px({ certificateFile: "/etc/ssl/e.pem; include /etc/passwd" }), "domains[0].proxy.certificateFile", "cannot break out of a server directive", '"/etc/ssl/e.pem; include /etc/passwd"'],
  ["proxy: the key path holds a newline", px({ certificateKeyFile: "/etc/ssl/e.key\nSSLProxyVerify none" }), "domains[0].proxy.certificateKeyFile", "cannot break out", '"/etc/ssl/e.key\\nSSLProxyVerify none"'],
  ["proxy: the key path opens a block", px({ certificateKeyFile: "/etc/ssl/}{.key" }), "domains[0].proxy.certificateKeyFile", "cannot break out", '"/etc/ssl/}{.key"'],
  ["proxy: the CA path holds a variable", px({ originCaFile: "/etc/ssl/${HOME}/ca.pem" }), "domains[0].proxy.originCaFile", "cannot break out", '"/etc/ssl/${HOME}/ca.pem"'],
  ["proxy: the certificate path is relative", px({ certificateFile: "certs/e.pem" }), "domains[0].proxy.certificateFile", "must be an absolute path", '"certs/e.pem"'],
  ["proxy: the certificate file is missing", px({ certificateFile: undefined }), "domains[0].proxy.certificateFile", "is required (path of the certificate chain", "nothing"],
  ["proxy: the listen address is not an IP", px({ listenAddress: "0.0.0.0;evil" }), "domains[0].proxy.listenAddress", "must be an IP address", '"0.0.0.0;evil"'],
  ["proxy: the https port is out of range", px({ httpsPort: 70000 }), "domains[0].proxy.httpsPort", "port number between 1 and 65535", "70000"],
  ["proxy: the two ports are the same", px({ httpsPort: 8443, httpPort: 8443 }), "domains[0].proxy.httpPort", "must differ from httpsPort (8443)", "8443"],
  ["proxy: no address for the DNS record", px({ ipv4: undefined }), "domains[0].proxy.ipv4", "is required (or ipv6)", "nothing"],
  ["proxy: the IPv4 address is loopback", px({ ipv4: "127.0.0.1" }), "domains[0].proxy.ipv4", "must be the proxy's public address", '"127.0.0.1"'],
  ["proxy: the IPv4 address is IPv6", px({ ipv4: "2001:db8::1" }), "domains[0].proxy.ipv4", "must be an IPv4 address", '"2001:db8::1"'],
  ["proxy: the IPv6 address is link-local", px({ ipv6: "fe80::1" }), "domains[0].proxy.ipv6", "must be the proxy's public address", '"fe80::1"'],
  ["proxy: the IPv6 address is loopback written long", px({ ipv6: "0:0:0:0:0:0:0:1" }), "domains[0].proxy.ipv6", "must be the proxy's public address", '"0:0:0:0:0:0:0:1"'],
  ["proxy: the IPv6 address is IPv4-mapped", px({ ipv6: "::ffff:127.0.0.1" }), "domains[0].proxy.ipv6", "give the IPv4 address as ipv4 instead", '"::ffff:127.0.0.1"'],
  ["proxy: the IPv6 address carries a zone id", px({ ipv6: "fe80::1%eth0" }), "domains[0].proxy.ipv6", "must not carry a zone id", '"fe80::1%eth0"'],
  ["proxy: the listen address carries a zone id", px({ listenAddress: "[::1%1]" }), "domains[0].proxy.listenAddress", "must not carry a zone id", '"[::1%1]"'],
  ["proxy: a resolver carries a zone id", px({ resolvers: ["fe80::1%eth0"] }), "domains[0].proxy.resolvers[0]", "must not carry a zone id", '"fe80::1%eth0"'],
  ["a key holds a newline", one({ "regi\non": "eu" }), 'domains[0]["regi\\non"]', "unknown key", '"eu"'],
  ["a port is infinite", px({ httpsPort: Infinity }), "domains[0].proxy.httpsPort", "must be a whole number", "Infinity"],
  ["proxy: the IPv6 address is multicast", px({ ipv6: "ff02::1" }), "domains[0].proxy.ipv6", "must be the proxy's public address", '"ff02::1"'],
  ["proxy: a resolver carries parameters", px({ resolvers: ["1.1.1.1 valid=0"] }), "domains[0].proxy.resolvers[0]", "must be a DNS server's IP address", '"1.1.1.1 valid=0"'],
  ["proxy: hsts is a string", px({ hsts: "yes" }), "domains[0].proxy.hsts", "must be true or false", '"yes"'],
  ["proxy: route53 without a zone id", px({ dns: "route53" }), "domains[0].proxy.route53ZoneId", 'is required when dns is "route53"', "nothing"],
  ["proxy: the address TTL is zero", px({ originAddressTtl: 0 }), "domains[0].proxy.originAddressTtl", "must be between 1 and 86400 seconds", "0"],
  ["proxy: too many resolvers", px({ resolvers: Array(9).fill("1.1.1.1") }), "domains[0].proxy.resolvers", "must list 1 to 8 DNS servers", "["],
  ["proxy: no resolvers", px({ resolvers: [] }), "domains[0].proxy.resolvers", "must list 1 to 8 DNS servers", "[]"],
  ["proxy: a fractional port", px({ httpPort: 80.5 }), "domains[0].proxy.httpPort", "must be a whole number", "80.5"],
  ["an existing ruleset id is malformed", block({ mode: "rulesets", existingRulesets: { http_request_origin: "abc" } }), "domains[0].cloudflare.existingRulesets.http_request_origin", "must be a ruleset id: 32 hexadecimal digits", '"abc"'],
  ["an existing ruleset names an unknown phase", block({ mode: "rulesets", existingRulesets: { http_request_redirect: "a".repeat(32) } }), "domains[0].cloudflare.existingRulesets.http_request_redirect", "unknown key (known keys: http_request_dynamic_redirect, http_request_origin, http_config_settings)", `"${"a".repeat(32)}"`],
  ["two domains of a zone disagree on an existing ruleset", { domains: [cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "rulesets", existingRulesets: { http_request_origin: "a".repeat(32) } } }), cloudflareDomain({ domain: "b.example.com", cloudflare: { zoneId: ZONE_A, mode: "rulesets", existingRulesets: { http_request_origin: "b".repeat(32) } } })] }, "domains[1].cloudflare.existingRulesets.http_request_origin", `differs from domains[0] (${"a".repeat(32)})`, `"${"b".repeat(32)}"`],
  ["an account id is unquoted digits in YAML", block({ mode: "worker", accountId: 1.1111111111111112e31 }), "domains[0].cloudflare.accountId", "must be a string; put it in quotes", "1.1111111111111112e+31"],
  ["a duplicate domain sits in an entry with other problems", { domains: [cloudflareDomain(), cloudflareDomain({ region: "mars" })] }, "domains[1].domain", "is already configured in domains[0]", '"emails.example.com"'],
  ["domain is an onion service", one({ domain: "emails.abcdefghijklmnop.onion" }), "domains[0].domain", 'ends in ".onion", a special-use name', '"emails.abcdefghijklmnop.onion"'],
  ["domain is a reverse-DNS name", one({ domain: "emails.1.0.10.in-addr.arpa" }), "domains[0].domain", 'ends in ".arpa", a special-use name', '"emails.1.0.10.in-addr.arpa"'],
  ["domain is under .localhost", one({ domain: "emails.app.localhost" }), "domains[0].domain", 'ends in ".localhost", a special-use name', '"emails.app.localhost"'],
  ["domain hides a variation selector, which conversion would drop", one({ domain: "emai\ufe0fls.example.com" }), "domains[0].domain", "contains invisible or control characters", '"emai\\ufe0fls.example.com"'],
  ["an enum value that YAML read as a boolean", one({ region: false }), "domains[0].region", "must be one of us, eu, au (YAML read the unquoted word as true/false: put it in quotes)", "false"],
  ["cloudfront: a tag key with AWS's reserved prefix in capitals", cf({ tags: { "AWS:team": "x" } }), "domains[0].cloudfront.tags", 'has an invalid key "AWS:team"', '{"AWS:team":"x"}'],
  ["domain hides a zero-width space", one({ domain: "em\u200bails.example.com" }), "domains[0].domain", "contains invisible or control characters", '"em\\u200bails.example.com"'],
  ["cloudfront: the domain is too long for a new ACM certificate", { domains: [{ ...cf({}).domains[0], domain: LONG_DOMAIN }] }, "domains[0].domain", "is 65 characters, but an ACM certificate's domain name holds at most 64", `"${LONG_DOMAIN}"`],
  ["proxy: the standard ports are swapped", px({ httpsPort: 80, httpPort: 443 }), "domains[0].proxy.httpsPort", "is 80, the port of plain http:// links", "80"],
  ["proxy: the redirect would sit on 443", px({ httpsPort: 8443, httpPort: 443 }), "domains[0].proxy.httpPort", "is 443, the port of https:// links", "443"],
  ["proxy: a certificate path climbs out with ..", px({ certificateFile: "/etc/ssl/../shadow" }), "domains[0].proxy.certificateFile", 'no empty, "." or ".." parts', '"/etc/ssl/../shadow"'],
  ["proxy: the listen address is multicast", px({ listenAddress: "239.1.2.3" }), "domains[0].proxy.listenAddress", "must be an address the proxy can listen on: not a multicast or broadcast one", '"239.1.2.3"'],
  ["proxy: a resolver is the unspecified address", px({ resolvers: ["0.0.0.0"] }), "domains[0].proxy.resolvers[0]", "must be a DNS server that answers queries", '"0.0.0.0"'],
  ["a later domain is bad", { domains: [cloudflareDomain(), cloudflareDomain({ domain: "news.example.com", region: "mars" })] }, "domains[1].region", "must be one of", '"mars"'],
];

describe("validateConfig rejects bad input with a field path", () => {
  it("words every problem of the corpus as one line: a field path, the problem, the received value", () => {
    const lines = BAD_CONFIGS.flatMap(([, config]) => validateConfig(config).problems.map(formatProblem));
    expect(lines.length).toBeGreaterThanOrEqual(BAD_CONFIGS.length);
    for (const line of lines) expect(line).toMatch(/^(config|[A-Za-z_][\w.[\]"\\-]*): [^\n]+; received [^\n]+$/);
  });

  it.each(BAD_CONFIGS)("fails when %s", (_name, config, path, fragment, received) => {
    const result = validateConfig(config);
    expect(result.specs).toEqual([]);
    const lines = result.problems.map(formatProblem);
    const match = lines.find((line) => line.startsWith(`${path}: `));
    expect(match, `no problem for ${path} in:\n${lines.join("\n")}`).toBeDefined();
    expect(match).toContain(fragment);
    expect(match).toContain(`; received ${received}`);
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
        cloudflare: { zoneId: ZONE_A, mode: "page-rules", sslScope: "host", existingRulesets: {} },
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

describe("validateConfig normalizes the cloudfront block", () => {
  it("fills defaults: external DNS, all price classes, TLSv1.2_2021, no tags", () => {
    expect(parseConfig(cf({})).specs[0]).toEqual({
      domain: "emails.example.com",
      workspace: "acme",
      region: "us",
      edge: "cloudfront",
      cloudfront: { dns: { kind: "external" }, priceClass: "PriceClass_All", minimumProtocolVersion: "TLSv1.2_2021", tags: {} },
    });
  });

  it("canonicalizes ids, names and the log bucket", () => {
    const spec = parseConfig(
      cf({
        certificateArn: ` ${ARN} `,
        dns: "Route53",
        route53ZoneId: "/hostedzone/z0123abc",
        priceClass: "priceclass_100",
        minimumProtocolVersion: "tlsv1.2_2019",
        logging: { bucket: "My-Logs.s3.amazonaws.com", prefix: "cf/" },
        tags: { team: "mail" },
      }),
    ).specs[0];
    expect(spec).toMatchObject({
      cloudfront: {
        certificateArn: ARN,
        dns: { kind: "route53", zoneId: "Z0123ABC" },
        priceClass: "PriceClass_100",
        minimumProtocolVersion: "TLSv1.2_2019",
        logging: { bucket: "my-logs.s3.amazonaws.com", prefix: "cf/", includeCookies: false },
        tags: { team: "mail" },
      },
    });
  });

  it("warns that external DNS with a new certificate needs a two-step first apply", () => {
    const result = validateConfig(cf({}));
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.path)).toEqual(["domains[0].cloudfront.dns"]);
    expect(result.warnings[0]?.message).toContain("terraform apply -target=aws_acm_certificate.certificate");
    expect(validateConfig(cf({ certificateArn: ARN })).warnings).toEqual([]);
  });
});

describe("validateConfig normalizes the proxy block", () => {
  it("fills defaults: system CA bundle, ports 443/80, HSTS on, OCSP off, external DNS, public resolvers", () => {
    expect(parseConfig(px({ server: "Apache", listenAddress: "*" })).specs[0]).toEqual({
      domain: "emails.example.com",
      workspace: "acme",
      region: "us",
      edge: "proxy",
      proxy: {
        server: "apache",
        certificateFile: "/etc/ssl/e.pem",
        certificateKeyFile: "/etc/ssl/e.key",
        originCaFile: "/etc/ssl/certs/ca-certificates.crt",
        listenAddress: undefined,
        httpsPort: 443,
        httpPort: 80,
        hsts: true,
        ocspStapling: false,
        ipv4: "203.0.113.10",
        dns: { kind: "external" },
        resolvers: ["1.1.1.1", "8.8.8.8"],
        originAddressTtl: 60,
      },
    });
  });

  it("normalizes addresses (IPv6 to its short standard form) and resolvers", () => {
    const spec = parseConfig(
      px({ ipv6: "2001:0DB8:0:0:0:0:0:A", listenAddress: "[0:0:0:0:0:0:0:1]", resolvers: ["[2606:4700:4700::1111]:53", "127.0.0.53"] }),
    ).specs[0];
    expect(spec).toMatchObject({ proxy: { ipv6: "2001:db8::a", listenAddress: "::1", resolvers: ["[2606:4700:4700::1111]:53", "127.0.0.53"] } });
  });

  it("warns when DNS publishes an address family the proxy does not listen on", () => {
    const result = validateConfig(px({ listenAddress: "2001:db8::1", ipv4: "203.0.113.10", ipv6: "2001:db8::1" }));
    expect(result.problems).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([
      expect.stringMatching(/^domains\[0\]\.proxy\.ipv4: is published in DNS, but the proxy listens only on 2001:db8::1 \(IPv6\)/),
    ]);
  });

  it("warns, for Apache, about an address on a standard port (ports.conf listens there) and nginx-only resolvers", () => {
    const result = validateConfig(px({ server: "apache", listenAddress: "203.0.113.10", resolvers: ["1.1.1.1"] }));
    expect(result.problems).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([
      'domains[0].proxy.resolvers: is used by nginx only; Apache looks the Intercom host up through the system resolver; received ["1.1.1.1"]',
      expect.stringMatching(/^domains\[0\]\.proxy\.listenAddress: on port 80 and 443 overlaps the wildcard Listen 80\/443 of Debian's ports\.conf/),
    ]);
    expect(validateConfig(px({ server: "apache", listenAddress: "203.0.113.10", httpPort: 8080, httpsPort: 8443 })).warnings).toEqual([]);
  });

  it("warns when the published address is a private one", () => {
    const result = validateConfig(px({ ipv4: "10.1.2.3", ipv6: "fd00::5" }));
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.path)).toEqual(["domains[0].proxy.ipv4", "domains[0].proxy.ipv6"]);
    expect(result.warnings[0]?.message).toContain("private address");
  });
});

describe("validateConfig warns about settings that do nothing", () => {
  it("accountId outside worker mode, and an existing ruleset for a phase no domain of the zone uses", () => {
    const result = validateConfig({
      domains: [
        cloudflareDomain({ cloudflare: { zoneId: ZONE_A, accountId: ZONE_B } }),
        cloudflareDomain({
          domain: "w.example.com",
          cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ZONE_B, existingRulesets: { http_request_origin: "c".repeat(32), http_config_settings: "d".repeat(32) } },
        }),
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.path)).toEqual(["domains[0].cloudflare.accountId", "domains[1].cloudflare.existingRulesets.http_request_origin"]);
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

  it("warns about a label that mixes scripts (a homoglyph), following Unicode's confusable detection", () => {
    const result = validateConfig(one({ domain: "emails.ex\u0430mple.com" }));
    expect(result.problems).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([
      'domains[0].domain: reads "emails.ex\u0430mple.com", whose label "ex\u0430mple" mixes Latin and Cyrillic letters: it can pass for another domain (a homoglyph), and filters flag such names; use one script per label; received "emails.xn--exmple-4nf.com"',
    ]);
  });

  it("warns about emoji, but not about a name in one script or in Japanese's mix of scripts", () => {
    expect(validateConfig(one({ domain: "\u{1f4e7}.example.com" })).warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("emoji in a domain are shown as xn-- punycode"),
    ]);
    for (const domain of ["post.b\u00fccher.de", "\u30e1\u30fc\u30eb.\u4f8b\u3048.jp", "\u043f\u043e\u0447\u0442\u0430.\u043f\u0440\u0438\u043c\u0435\u0440.com"]) {
      expect(validateConfig(one({ domain })).warnings, domain).toEqual([]);
    }
  });

  it("warns about a domain under a provider's suffix (the private section of the Public Suffix List)", () => {
    const result = validateConfig({ domains: [{ ...cf({ certificateArn: ARN }).domains[0], domain: "emails.myapp.herokuapp.com" }] });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => [w.path, w.message])).toEqual([
      ["domains[0].domain", expect.stringContaining("sits under herokuapp.com, which the Public Suffix List marks as a provider's domain")],
    ]);
    expect(validateConfig(cf({ certificateArn: ARN })).warnings).toEqual([]);
  });

  it("accepts a domain longer than 64 characters on CloudFront when a certificate is given", () => {
    expect(validateConfig({ domains: [{ ...cf({ certificateArn: ARN }).domains[0], domain: LONG_DOMAIN }] }).problems).toEqual([]);
  });

  it("warns once when a zone needs more page rules than Enterprise includes", () => {
    const domains = Array.from({ length: 64 }, (_, i) => cloudflareDomain({ domain: `e${i}.example.com` }));
    const result = validateConfig({ domains });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.path)).toEqual(["domains[62].cloudflare.zoneId"]);
    expect(result.warnings[0]?.message).toContain("more than 125 page rules");
  });
});
