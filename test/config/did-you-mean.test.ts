import { describe, expect, it } from "vitest";
import { closestMatch } from "../../src/config/problems/did-you-mean";

describe("closestMatch", () => {
  const keys = ["domain", "workspace", "region", "edge", "cloudflare", "cloudfront", "proxy"];
  it.each([
    ["regoin", "region"],
    ["domian", "domain"],
    ["Workspace", "workspace"],
    ["cloudflar", "cloudflare"],
    ["edg", "edge"],
    ["proxi", "proxy"],
  ])("suggests %s -> %s", (input, expected) => {
    expect(closestMatch(input, keys)).toBe(expected);
  });

  it.each(["foo", "certificate", "zz", "tags"])("suggests nothing for %s", (input) => {
    expect(closestMatch(input, keys)).toBeUndefined();
  });
});
