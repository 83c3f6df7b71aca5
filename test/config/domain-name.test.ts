import { describe, expect, it } from "vitest";
import {
  normalizeCloudflareId,
  normalizeCustomDomain,
  normalizeWorkspace,
  registrableDomain,
  subdomainDepth,
} from "../../src/config/fields/domain-name";
import { cloudflareDomain } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

describe("normalizeCustomDomain accepts and normalizes", () => {
  it.each([
    ["emails.example.com", "emails.example.com"],
    ["Emails.Example.COM", "emails.example.com"],
    ["emails.example.com.", "emails.example.com"],
    ["  emails.example.com  ", "emails.example.com"],
    ["emails.bücher.de", "emails.xn--bcher-kva.de"],
    ["E-Mails.Bücher.DE.", "e-mails.xn--bcher-kva.de"],
    ["post.例子.中国", "post.xn--fsqu00a.xn--fiqs8s"],
    ["emails.xn--bcher-kva.de", "emails.xn--bcher-kva.de"],
    ["emails.example.co.uk", "emails.example.co.uk"],
    ["a.b.example.com", "a.b.example.com"],
    ["e1.example.io", "e1.example.io"],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeCustomDomain(input)).toEqual({ ok: true, value: expected });
  });
});

describe("normalizeCustomDomain rejects", () => {
  it.each([
    ["", "must not be empty"],
    ["https://emails.example.com/", 'drop the scheme "https://" (use "emails.example.com")'],
    ["http://Emails.Example.com:8080/x?y", 'drop the scheme "http://" (use "emails.example.com")'],
    ["emails.example.com/images", 'drop the path (use "emails.example.com")'],
    ["emails.example.com:443", 'drop the port (use "emails.example.com")'],
    ["*.example.com", "wildcards are not supported"],
    ["192.0.2.10", "not an IP address"],
    ["[2001:db8::1]", "not an IP address"],
    ["2001:db8::1", "not an IP address"],
    ["example.com", "is the apex of example.com; use a subdomain such as emails.example.com"],
    ["example.co.uk", "is the apex of example.co.uk"],
    ["co.uk", "is a public suffix"],
    ["emails.example.internal", 'ends in ".internal", a special-use name'],
    ["localhost", 'ends in ".localhost", a special-use name'],
    ["emails.corp.local", 'ends in ".local", a special-use name'],
    ["emails.example.onion", 'ends in ".onion", a special-use name'],
    ["em--ails.example.com", 'has the label "em--ails", whose hyphens in the third and fourth place are reserved for punycode'],
    ["emails..example.com", "empty label"],
    ["-emails.example.com", 'invalid label "-emails"'],
    ["em_ails.example.com", 'invalid label "em_ails"'],
    ["emails example.com", "must not contain spaces"],
    [`${"a".repeat(64)}.example.com`, "invalid label"],
    [`${Array(60).fill("abcd").join(".")}.example.com`, "longer than 253 characters"],
    [`${Array(45).fill("abcd").join(".")}.example.com`, "longer than 226 characters, the most this tool supports"],
    ["acme.intercom-mail.com", "is an Intercom host"],
    ["acme.au.intercom-mail.com", "is an Intercom host"],
    ["acme.intercom-mail.eu", "is an Intercom host"],
  ])("fails when given %j", (input, fragment) => {
    const result = normalizeCustomDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(fragment);
  });
});

describe("normalizeWorkspace", () => {
  it.each([
    ["acme", "acme"],
    ["ACME", "acme"],
    [" abc123 ", "abc123"],
    ["my-workspace", "my-workspace"],
  ])("accepts %j as %j", (input, expected) => {
    expect(normalizeWorkspace(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", "must not be empty"],
    ["acme.intercom-mail.com", 'not a host name or URL (use "acme")'],
    ["https://acme.au.intercom-mail.com/", 'not a host name or URL (use "acme")'],
    ["acme.example.com", "not a host name or URL"],
    ["-acme", "one DNS label"],
    ["ac_me", "one DNS label"],
    ["a".repeat(64), "one DNS label"],
  ])("fails when given %j", (input, fragment) => {
    const result = normalizeWorkspace(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(fragment);
  });
});

describe("normalizeCloudflareId", () => {
  it("lower-cases 32 hex digits", () => {
    expect(normalizeCloudflareId(" 0123456789ABCDEF0123456789abcdef ", "zone")).toEqual({
      ok: true,
      value: "0123456789abcdef0123456789abcdef",
    });
  });

  it.each(["", "abc", "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdefa", "g123456789abcdef0123456789abcdef"])(
    "fails when given %j",
    (input) => {
      const result = normalizeCloudflareId(input, "zone");
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toContain("32 hexadecimal digits");
    },
  );
});

describe("subdomainDepth", () => {
  it.each([
    ["emails.example.com", 1],
    ["emails.example.co.uk", 1],
    ["emails.eu.example.com", 2],
  ])("%s is %i level(s) deep", (domain, depth) => {
    expect(subdomainDepth(domain)).toBe(depth);
  });
});

describe("custom domains that decode to an IP address", () => {
  // The WHATWG host parser reads these as IPv4 numbers, after the raw text passed the IP check.
  it.each(["127.1", "0x7f.0.0.1", "1.2.3.4."])("refuses %s as an IP address, not a host name", (domain) => {
    expect(problemLines({ domains: [cloudflareDomain({ domain })] })).toEqual([
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
