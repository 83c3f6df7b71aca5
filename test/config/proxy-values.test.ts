import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/problems/problem";
import { validateConfig } from "../../src/config/rules/validate-config";
import { proxyDomain } from "../support/fixtures";
import { problemLines, warningLines } from "../support/problem-lines";

describe("proxy values", () => {
  it("refuses a certificate path that names a folder", () => {
    expect(problemLines({ domains: [proxyDomain("emails.example.com", { certificateFile: "/etc/ssl/" })] })).toEqual([
      'domains[0].proxy.certificateFile: must name a file, not a directory; received "/etc/ssl/"',
    ]);
  });

  it("refuses a link-local IPv4 address, and takes one merely starting with 169", () => {
    expect(problemLines({ domains: [proxyDomain("emails.example.com", { ipv4: "169.254.10.1" })] })).toEqual([
      'domains[0].proxy.ipv4: must be the proxy\'s public address, not a loopback, unspecified, link-local or multicast one; received "169.254.10.1"',
    ]);
    expect(warningLines({ domains: [proxyDomain("emails.example.com", { ipv4: "169.1.10.1" })] })).toEqual([]);
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
    expect(warningLines({ domains: [proxyDomain("emails.example.com", { ipv4 })] })).toEqual(expected);
  });

  it("warns about a private IPv6 address (unique local), and takes an IPv6-only proxy", () => {
    const result = validateConfig({ domains: [proxyDomain("emails.example.com", { ipv4: undefined, ipv6: "FD00::1" })] });
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
    const { specs } = validateConfig({ domains: [proxyDomain("emails.example.com", { resolvers: [resolver] })] });
    expect(specs[0]).toMatchObject({ proxy: { resolvers: [expected] } });
  });

  it("says httpPort must differ from an httpsPort of 80, though httpPort was left at its default", () => {
    expect(problemLines({ domains: [proxyDomain("emails.example.com", { httpsPort: 80 })] })).toEqual([
      "domains[0].proxy.httpPort: must differ from httpsPort (80): one port cannot serve both the redirect and HTTPS; received nothing",
    ]);
  });

  it("leaves retire out of the spec when it is false", () => {
    const { specs } = validateConfig({ domains: [proxyDomain("emails.example.com", {}, { retire: false })] });
    expect(specs).toHaveLength(1);
    expect(specs[0]).not.toHaveProperty("retire");
  });
});
