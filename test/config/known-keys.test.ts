import { describe, expect, it } from "vitest";
import { knownKeysAt } from "../../src/config/shapes/known-keys";
import { unknownKeyProblem } from "../../src/config/problems/zod-problems";
import { cloudflareDomain, ZONE_A } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

const one = (overrides: Record<string, unknown>) => ({ domains: [cloudflareDomain(overrides)] });

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
    expect(problemLines(one({ cloudflare: { zoneId: ZONE_A, existingRulesets: { http_request_orign: "a".repeat(32) } } }))).toEqual([
      'domains[0].cloudflare.existingRulesets.http_request_orign: unknown key (did you mean "http_request_origin"?); remove it or fix its name; received "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
    ]);
  });
});
