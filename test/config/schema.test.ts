import { describe, expect, it } from "vitest";
import { formatReceived } from "../../src/config/problems/problem";
import { validateConfig } from "../../src/config/rules/validate-config";
import { cloudflareDomain, cloudfrontDomain, ZONE_A } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

// The field schemas' less common values: CloudFront's protocol versions and tags, Cloudflare's mirage.
const one = (overrides: Record<string, unknown>) => ({ domains: [cloudflareDomain(overrides)] });

describe("cloudfront fields", () => {
  const cf = (block: Record<string, unknown>) => ({ domains: [cloudfrontDomain("emails.example.com", block)] });

  it("refuses a minimumProtocolVersion that is not a string, listing the policies", () => {
    expect(problemLines(cf({ minimumProtocolVersion: 1.2 }))).toEqual([
      "domains[0].cloudfront.minimumProtocolVersion: must be one of TLSv1.2_2021, TLSv1.2_2019, TLSv1.2_2018; received 1.2",
    ]);
  });

  it("refuses more than 50 tags", () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "v"]));
    expect(problemLines(cf({ tags }))).toEqual([
      `domains[0].cloudfront.tags: must hold at most 50 tags; received ${formatReceived(tags)}`,
    ]);
    expect(validateConfig(cf({ tags: Object.fromEntries(Object.entries(tags).slice(0, 50)) })).problems).toEqual([]);
  });

  it("refuses a tag value with a character AWS does not take, at the tag's own path", () => {
    expect(problemLines(cf({ tags: { team: "mail;rm" } }))).toEqual([
      'domains[0].cloudfront.tags.team: tag values are up to 256 letters, digits, spaces and _.:/=+-@; received "mail;rm"',
    ]);
    expect(problemLines(cf({ tags: { team: "x".repeat(257) } }))[0]).toMatch(/^domains\[0\]\.cloudfront\.tags\.team: tag values are up to 256 /);
  });
});

describe("cloudflare.mirage", () => {
  it("takes false, as off", () => {
    const result = validateConfig(one({ cloudflare: { zoneId: ZONE_A, mirage: false } }));
    expect(result.problems).toEqual([]);
    expect(result.specs).toHaveLength(1);
  });

  it("refuses a number, asking for quotes", () => {
    expect(problemLines(one({ cloudflare: { zoneId: ZONE_A, mirage: 0 } }))).toEqual([
      "domains[0].cloudflare.mirage: must be a string; put it in quotes; received 0",
    ]);
  });
});
