import { describe, expect, it } from "vitest";
import { MAX_DOMAIN_LENGTH, registrableDomain, subdomainDepth } from "../../src/config/domain-name";
import { formatProblem, formatReceived } from "../../src/config/problem";
import { knownKeysAt } from "../../src/config/known-keys";
import { stateLocation } from "../../src/config/state-names";
import { validateConfig } from "../../src/config/validate-config";
import { unknownKeyProblem } from "../../src/config/zod-problems";
import { cloudflareDomain, cloudfrontDomain, ZONE_A } from "../support/fixtures";

/** Every problem line of a config, as the CLI prints it. */
const lines = (config: unknown): string[] => validateConfig(config).problems.map(formatProblem);
/** Every warning line of a config that must be valid. */
const warnings = (config: unknown): string[] => {
  const result = validateConfig(config);
  expect(result.problems.map(formatProblem)).toEqual([]);
  return result.warnings.map(formatProblem);
};
const one = (overrides: Record<string, unknown>) => ({ domains: [cloudflareDomain(overrides)] });
const withBackend = (backend: unknown, domains: unknown[] = [cloudflareDomain()]) => ({ domains, terraform: { backend } });
const cloud = (extra: Record<string, unknown>) => withBackend({ type: "cloud", organization: "acme", workspacePrefix: "ea-", ...extra });
const ROUTE53_ZONE = "Z0123456789ABCDEFGHIJ";
const proxyDomain = (proxy: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  domain: "emails.example.com",
  workspace: "acme",
  region: "us",
  edge: "proxy",
  proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10", ...proxy },
  ...extra,
});

describe("custom domains that decode to an IP address", () => {
  // The WHATWG host parser reads these as IPv4 numbers, after the raw text passed the IP check.
  it.each(["127.1", "0x7f.0.0.1", "1.2.3.4."])("refuses %s as an IP address, not a host name", (domain) => {
    expect(lines(one({ domain }))).toEqual([
      `domains[0].domain: must be a host name, not an IP address (e.g. emails.example.com); received ${JSON.stringify(domain)}`,
    ]);
  });
});

describe("subdomainDepth and registrableDomain", () => {
  it("is 0 for a registrable domain itself, which has no subdomain", () => {
    expect(subdomainDepth("example.com")).toBe(0);
    expect(subdomainDepth("example.co.uk")).toBe(0);
  });

  it("gives the registrable domain, or the name itself when it is a bare public suffix", () => {
    expect(registrableDomain("emails.example.co.uk")).toBe("example.co.uk");
    expect(registrableDomain("co.uk")).toBe("co.uk");
  });
});

describe("terraform.backend.hostname (HCP Terraform Enterprise)", () => {
  const HOST_ONLY = "must be a host name only, without scheme, port or path";
  const LABELS = "must be a host name such as app.terraform.io: dot-separated labels of letters, digits and hyphens";
  it.each([
    ["a URL", "https://tfe.example.com/", `${HOST_ONLY} (use "tfe.example.com")`],
    ["a host and port", "tfe.example.com:8443", `${HOST_ONLY} (use "tfe.example.com")`],
    ["a host and path", "tfe.example.com/app", `${HOST_ONLY} (use "tfe.example.com")`],
    ["one label", "localhost", LABELS],
    ["a label with an underscore", "tfe_1.example.com", LABELS],
    ["an empty label", "tfe..example.com", LABELS],
    ["longer than 253 characters", `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`, LABELS],
  ])("refuses %s", (_case, hostname, message) => {
    expect(lines(cloud({ hostname }))).toEqual([`terraform.backend.hostname: ${message}; received ${formatReceived(hostname)}`]);
  });

  it("takes a host name with a trailing dot and upper case, normalized", () => {
    const { terraform } = validateConfig(cloud({ hostname: "TFE.Example.com." }));
    expect(terraform.backend).toMatchObject({ type: "cloud", hostname: "tfe.example.com" });
  });
});

describe("rules between domains and the backend", () => {
  it("accepts two domains of one zone that give the same existing ruleset id", () => {
    const rulesets = { zoneId: ZONE_A, mode: "rulesets", existingRulesets: { http_request_origin: "a".repeat(32) } };
    const result = validateConfig({
      domains: [cloudflareDomain({ cloudflare: rulesets }), cloudflareDomain({ domain: "news.example.com", cloudflare: rulesets })],
    });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.specs).toHaveLength(2);
  });

  it("checks stack names against a pg backend only for the entries whose domain is valid", () => {
    const long = `${"a".repeat(60)}.example.com`;
    expect(lines(withBackend({ type: "pg" }, [cloudflareDomain({ domain: "not a domain" }), cloudflareDomain({ domain: long })]))).toEqual([
      'domains[0].domain: must not contain spaces; received "not a domain"',
      `domains[1].domain: gives its stack the PostgreSQL schema "email_assets_${"a".repeat(60)}_example_com", 85 characters, but at most 63 fit; set a shorter stack: name for it, or a shorter terraform.backend.schemaPrefix; received "${long}"`,
    ]);
  });

  it("fits the HCP Terraform workspace tag of the longest domain the tool takes", () => {
    const long = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(30)}.com`;
    expect(long).toHaveLength(MAX_DOMAIN_LENGTH);
    const result = validateConfig(withBackend({ type: "cloud", organization: "acme", workspaceTags: ["ea"] }, [cloudflareDomain({ domain: long })]));
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(stateLocation(result.terraform.backend, result.specs[0]?.domain.replace(/\./g, "-") ?? "")).toBe(
      `cloud:acme/tags=ea,email-assets:${long.replace(/\./g, "-")}`,
    );
  });
});

describe("defaults", () => {
  it("refuses retire as a default, and still checks the other defaults", () => {
    expect(lines({ defaults: { retire: true, region: "mars" }, domains: [cloudflareDomain()] })).toEqual([
      "defaults.retire: cannot have a default: retiring lifts the protection of a live domain, so it is set on each domain to retire, never for all; remove it; received true",
      'defaults.region: must be one of us, eu, au; received "mars"',
    ]);
  });
});

describe("terraform block without a backend", () => {
  it("is the local backend when empty", () => {
    const result = validateConfig({ domains: [cloudflareDomain()], terraform: {} });
    expect(result.problems).toEqual([]);
    expect(result.terraform).toEqual({ backend: { type: "local" } });
  });

  it("reports an unknown key beside a missing backend, with its value hidden", () => {
    expect(lines({ domains: [cloudflareDomain()], terraform: { backnd: { type: "s3", password: "hunter2" } } })).toEqual([
      'terraform.backnd: unknown key (did you mean "backend"?); remove it or fix its name; received "<hidden>"',
    ]);
  });

  it("points a secret under a name of no backend's to the backend's environment variable, never showing it", () => {
    const problems = lines(withBackend({ type: "s3", bucket: "state-bucket", region: "eu-west-1", password: "hunter2" }));
    expect(problems).toEqual([
      'terraform.backend.password: is a credential, and credentials are never read from the config (it would end up in Git and in the synthesized JSON); remove it and set the backend\'s environment variable for it in the environment where terraform runs; received "<hidden>"',
    ]);
    expect(problems.join("\n")).not.toContain("hunter2");
  });
});

describe("cloudfront fields", () => {
  const cf = (block: Record<string, unknown>) => ({ domains: [cloudfrontDomain("emails.example.com", block)] });

  it("refuses a minimumProtocolVersion that is not a string, listing the policies", () => {
    expect(lines(cf({ minimumProtocolVersion: 1.2 }))).toEqual([
      "domains[0].cloudfront.minimumProtocolVersion: must be one of TLSv1.2_2021, TLSv1.2_2019, TLSv1.2_2018; received 1.2",
    ]);
  });

  it("refuses more than 50 tags", () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "v"]));
    expect(lines(cf({ tags }))).toEqual([
      `domains[0].cloudfront.tags: must hold at most 50 tags; received ${formatReceived(tags)}`,
    ]);
    expect(validateConfig(cf({ tags: Object.fromEntries(Object.entries(tags).slice(0, 50)) })).problems).toEqual([]);
  });

  it("refuses a tag value with a character AWS does not take, at the tag's own path", () => {
    expect(lines(cf({ tags: { team: "mail;rm" } }))).toEqual([
      'domains[0].cloudfront.tags.team: tag values are up to 256 letters, digits, spaces and _.:/=+-@; received "mail;rm"',
    ]);
    expect(lines(cf({ tags: { team: "x".repeat(257) } }))[0]).toMatch(/^domains\[0\]\.cloudfront\.tags\.team: tag values are up to 256 /);
  });
});

describe("cloudflare.mirage", () => {
  it("takes false, as off", () => {
    const result = validateConfig(one({ cloudflare: { zoneId: ZONE_A, mirage: false } }));
    expect(result.problems).toEqual([]);
    expect(result.specs).toHaveLength(1);
  });

  it("refuses a number, asking for quotes", () => {
    expect(lines(one({ cloudflare: { zoneId: ZONE_A, mirage: 0 } }))).toEqual([
      "domains[0].cloudflare.mirage: must be a string; put it in quotes; received 0",
    ]);
  });
});

describe("proxy values", () => {
  it("refuses a certificate path that names a folder", () => {
    expect(lines({ domains: [proxyDomain({ certificateFile: "/etc/ssl/" })] })).toEqual([
      'domains[0].proxy.certificateFile: must name a file, not a directory; received "/etc/ssl/"',
    ]);
  });

  it("refuses a link-local IPv4 address, and takes one merely starting with 169", () => {
    expect(lines({ domains: [proxyDomain({ ipv4: "169.254.10.1" })] })).toEqual([
      'domains[0].proxy.ipv4: must be the proxy\'s public address, not a loopback, unspecified, link-local or multicast one; received "169.254.10.1"',
    ]);
    expect(warnings({ domains: [proxyDomain({ ipv4: "169.1.10.1" })] })).toEqual([]);
  });

  const PRIVATE = "is a private address: recipients' mail clients on the Internet cannot reach it; publish the proxy's public address";
  it.each([
    ["172.16.0.1", true],
    ["172.31.255.254", true],
    ["172.15.0.1", false],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["192.169.1.1", false],
    ["100.64.0.1", true],
    ["100.127.255.254", true],
    ["100.63.0.1", false],
    ["100.128.0.1", false],
    ["10.1.2.3", true],
  ])("warns that %s is private: %s", (ipv4, isPrivate) => {
    const expected = isPrivate ? [`domains[0].proxy.ipv4: ${PRIVATE}; received "${ipv4}"`] : [];
    expect(warnings({ domains: [proxyDomain({ ipv4 })] })).toEqual(expected);
  });

  it("warns about a private IPv6 address (unique local), and takes an IPv6-only proxy", () => {
    const result = validateConfig({ domains: [proxyDomain({ ipv4: undefined, ipv6: "FD00::1" })] });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual([`domains[0].proxy.ipv6: ${PRIVATE}; received "fd00::1"`]);
    expect(result.specs[0]).toMatchObject({ edge: "proxy", proxy: { ipv6: "fd00::1" } });
    expect(result.specs[0]?.edge === "proxy" && "ipv4" in result.specs[0].proxy).toBe(false);
  });

  it.each([
    ["1.1.1.1:5353", "1.1.1.1:5353"],
    ["[2606:4700:4700::1111]:53", "[2606:4700:4700::1111]:53"],
    ["[2606:4700:4700::1111]", "[2606:4700:4700::1111]"],
    ["2606:4700:4700::1111", "[2606:4700:4700::1111]"],
  ])("normalizes the resolver %s to %s", (resolver, expected) => {
    const { specs } = validateConfig({ domains: [proxyDomain({ resolvers: [resolver] })] });
    expect(specs[0]).toMatchObject({ proxy: { resolvers: [expected] } });
  });

  it("says httpPort must differ from an httpsPort of 80, though httpPort was left at its default", () => {
    expect(lines({ domains: [proxyDomain({ httpsPort: 80 })] })).toEqual([
      "domains[0].proxy.httpPort: must differ from httpsPort (80): one port cannot serve both the redirect and HTTPS; received nothing",
    ]);
  });

  it("leaves retire out of the spec when it is false", () => {
    const { specs } = validateConfig({ domains: [proxyDomain({}, { retire: false })] });
    expect(specs).toHaveLength(1);
    expect(specs[0]).not.toHaveProperty("retire");
  });
});

describe("what a retired domain's warning says it stops protecting", () => {
  const retired = (domain: Record<string, unknown>) => {
    const all = warnings({ domains: [{ ...domain, retire: true }] });
    const retire = all.filter((line) => line.startsWith("domains[0].retire: "));
    expect(retire).toHaveLength(1);
    return retire[0];
  };
  const tail = (domain: string) =>
    `: terraform destroy, or removing the domain from the config, deletes them, and every email already sent with links, images and unsubscribe links on ${domain} breaks for good; remove retire to protect it again; received true`;

  it.each([
    ["cloudflare page-rules", cloudflareDomain(), "its CNAME and page rules"],
    ["cloudflare rulesets", cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "rulesets" } }), "its CNAME (and the zone's rulesets, once no live domain shares them)"],
    ["cloudflare worker", cloudflareDomain({ cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ZONE_A } }), "its CNAME and Worker route"],
    ["cloudfront with external DNS", cloudfrontDomain("emails.example.com", { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" }), "its CloudFront distribution"],
    ["cloudfront with Route 53 DNS", cloudfrontDomain("emails.example.com", { dns: "route53", route53ZoneId: ROUTE53_ZONE }), "its CloudFront distribution and DNS records"],
    ["proxy with external DNS", proxyDomain({}), "nothing the stack creates (its DNS is external)"],
    ["proxy with Route 53 DNS", proxyDomain({ dns: "route53", route53ZoneId: ROUTE53_ZONE }), "its A/AAAA records"],
  ])("%s", (_case, domain, serving) => {
    expect(retired(domain)).toBe(`domains[0].retire: lifts prevent_destroy from ${serving}${tail("emails.example.com")}`);
  });
});

describe("the certificate to apply first, in a named stack", () => {
  it("prefixes the resource name with _ when the domain's stack id starts with a digit", () => {
    expect(warnings({ domains: [cloudfrontDomain("1st.example.com", {}, { stack: "mail" })] })).toEqual([
      'domains[0].cloudfront.dns: is external and a certificate will be created: the first apply waits until you create the certificate\'s validation record; apply the certificate first (terraform apply -target=aws_acm_certificate._1st-example-com_certificate), create the records that `terraform output` shows, then apply the rest; received "external"',
    ]);
  });
});

describe("values that are not plain data (from TypeScript, or YAML's typed tags)", () => {
  const MESSAGE =
    "not plain data: YAML tags such as !!omap, !!set, !!binary and !!timestamp (and YAML 1.1's unquoted dates) are not read; write a plain mapping, list or quoted string; received nothing";
  class Zone {
    readonly id = ZONE_A;
  }
  it.each([
    ["a Map (a YAML !!omap or !!pairs)", new Map([["zoneId", ZONE_A]]), "a map of a YAML !!omap or !!pairs"],
    ["a Set (a YAML !!set)", new Set([ZONE_A]), "a set of a YAML !!set"],
    ["a byte array (a YAML !!binary)", new Uint8Array([1, 2]), "a binary value of a YAML !!binary"],
    ["a Date", new Date(0), "a date"],
    ["a class instance", new Zone(), "a Zone object"],
    ["an object whose prototype has no constructor", Object.create(Object.create(null) as object) as object, "a special object"],
  ])("refuses %s, naming what it is", (_case, value, kind) => {
    expect(lines(one({ cloudflare: value }))).toEqual([`domains[0].cloudflare: is ${kind}, ${MESSAGE}`]);
  });

  it("takes a mapping without a prototype as plain data", () => {
    const block = Object.assign(Object.create(null) as Record<string, unknown>, { zoneId: ZONE_A });
    expect(lines(one({ cloudflare: block }))).toEqual([]);
  });

  it("refuses more than a million values (a structure that repeats one block many times) without walking them all", () => {
    const row = Array<number>(1000).fill(0);
    const start = Date.now();
    expect(lines({ domains: Array<number[]>(1001).fill(row) })).toEqual([
      "config: holds more than 1000000 values; split the fleet, or check for YAML aliases that repeat a large block; received nothing",
    ]);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  it("does not take a block shared by two domains for a cycle", () => {
    const shared = { zoneId: ZONE_A };
    const result = validateConfig({ domains: [cloudflareDomain({ cloudflare: shared }), cloudflareDomain({ domain: "news.example.com", cloudflare: shared })] });
    expect(result.problems).toEqual([]);
    expect(result.specs).toHaveLength(2);
  });
});

describe("values shown in problem lines", () => {
  it("shows a deep path by its end, where the problem is", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 40; i += 1) deep = { abcdefghij: deep };
    const [problem] = validateConfig({ domains: [deep] }).problems;
    expect(problem?.message).toBe("is nested more than 32 levels deep; a valid config needs at most 5");
    expect(problem?.path).toHaveLength(160);
    expect(problem?.path).toMatch(/^\.\.\.[a-j.]+\.abcdefghij$/);
  });

  it("shows a bigint, a function and a symbol for what they are", () => {
    expect(lines(one({ workspace: 10n }))).toEqual(["domains[0].workspace: must be a string; received 10"]);
    expect(lines({ domains: [() => 1] })).toEqual(["domains[0]: must be a mapping of keys to values; received function"]);
    expect(lines({ domains: [Symbol("d")] })).toEqual(["domains[0]: must be a mapping of keys to values; received symbol"]);
    expect(lines({ domains: [cloudflareDomain()], domain: { big: 2n, call: () => 1, sym: Symbol("s") } })).toEqual([
      'domain: unknown key (did you mean "domains"?); remove it or fix its name; received {"big":"2","call":"[function]","sym":"[symbol]"}',
    ]);
  });

  it("shows a value whose toJSON gives nothing, or throws, by its type instead of failing", () => {
    expect(lines(one({ workspace: { toJSON: () => undefined } }))).toEqual(["domains[0].workspace: must be a string; received object"]);
    const throwing = {
      toJSON() {
        throw new Error("no");
      },
    };
    expect(lines(one({ workspace: throwing }))).toEqual(["domains[0].workspace: must be a string; received [object]"]);
  });

  it("shows a value inside itself as [circular], and a value used twice (not inside itself) in full both times", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(formatProblem({ path: "x", message: "m", received: loop })).toBe('x: m; received {"a":1,"self":"[circular]"}');
    const twice = { a: 1 };
    expect(formatProblem({ path: "x", message: "m", received: { p: twice, q: [twice] } })).toBe('x: m; received {"p":{"a":1},"q":[{"a":1}]}');
  });
});

describe("stateLocation with backends' defaults", () => {
  it("puts a gcs stack's state in a folder named after the stack when the prefix is left out", () => {
    const { terraform, problems } = validateConfig(withBackend({ type: "gcs", bucket: "state-bucket" }));
    expect(problems).toEqual([]);
    expect(stateLocation(terraform.backend, "emails-example-com")).toBe("gs://state-bucket/emails-example-com/default.tfstate");
  });

  it.each([
    ["gcs", "none:gcs prefix=mail, the rest from -backend-config"],
    ["azurerm", "none:azurerm key=mail.tfstate, the rest from -backend-config"],
    ["remote", "none:remote backend, all from -backend-config"],
    ["cos", "none:cos backend, all from -backend-config"],
  ])("says what a partial %s backend block holds", (partial, expected) => {
    const { terraform, problems } = validateConfig(withBackend({ type: "none", partial }));
    expect(problems).toEqual([]);
    expect(stateLocation(terraform.backend, "mail")).toBe(expected);
  });
});

describe("unknown keys: the known keys named at each place", () => {
  const CLOUDFLARE_KEYS = "zoneId, mode, accountId, sslScope, existingRulesets, mirage";
  it.each([
    [[], "domian", 'unknown key (did you mean "domains"?)'],
    [[], "zzz", "unknown key (known keys: domains, defaults, terraform)"],
    [["defaults"], "zzz", "unknown key (known keys: workspace, region, edge, stack, retire, cloudflare, cloudfront, proxy)"],
    [["defaults"], "regoin", 'unknown key (did you mean "region"?)'],
    [["defaults", "cloudflare"], "zzz", `unknown key (known keys: ${CLOUDFLARE_KEYS})`],
    [["terraform"], "backnd", 'unknown key (did you mean "backend"?)'],
    [["terraform", "backend"], "zzz", "unknown key"],
    [["domains", 0], "regoin", 'unknown key (did you mean "region"?)'],
    [["domains", 0], "zzz", "unknown key (known keys: domain, workspace, region, edge, stack, retire, adopt, cloudflare, cloudfront, proxy)"],
    [["domains", 0, "cloudflare"], "zzz", `unknown key (known keys: ${CLOUDFLARE_KEYS})`],
    [["domains", 0, "cloudfront"], "priceclass", 'unknown key (did you mean "priceClass"?)'],
    [["domains", 0, "proxy"], "listenAdress", 'unknown key (did you mean "listenAddress"?)'],
    [["domains", 0, "elsewhere"], "zzz", "unknown key"],
    [["domains", 0, "cloudfront", "logging"], "zzz", "unknown key (known keys: bucket, prefix, includeCookies)"],
    [["domains", 0, "cloudfront", "tags"], "zzz", "unknown key"],
    [["domains", 0, "cloudfront", "logging", "deeper"], "zzz", "unknown key"],
  ] satisfies [PropertyKey[], string, string][])("at %j, key %s: %s", (path, key, message) => {
    const problem = unknownKeyProblem(path, key, 1);
    expect(problem.message).toBe(`${message}; remove it or fix its name`);
    expect(problem.received).toBe(1);
  });

  it("lists the ruleset phases under existingRulesets", () => {
    expect(knownKeysAt(["domains", 3, "cloudflare", "existingRulesets"])).toContain("http_request_origin");
    expect(lines(one({ cloudflare: { zoneId: ZONE_A, existingRulesets: { http_request_orign: "a".repeat(32) } } }))).toEqual([
      'domains[0].cloudflare.existingRulesets.http_request_orign: unknown key (did you mean "http_request_origin"?); remove it or fix its name; received "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
    ]);
  });
});
