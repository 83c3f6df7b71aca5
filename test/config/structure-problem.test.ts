import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/rules/validate-config";
import { cloudflareDomain, ZONE_A } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

const one = (overrides: Record<string, unknown>) => ({ domains: [cloudflareDomain(overrides)] });

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
    expect(problemLines(one({ cloudflare: value }))).toEqual([`domains[0].cloudflare: is ${kind}, ${MESSAGE}`]);
  });

  it("takes a mapping without a prototype as plain data", () => {
    const block = Object.assign(Object.create(null) as Record<string, unknown>, { zoneId: ZONE_A });
    expect(problemLines(one({ cloudflare: block }))).toEqual([]);
  });

  it("refuses more than a million values (a structure that repeats one block many times) without walking them all", () => {
    const row = Array<number>(1000).fill(0);
    const start = Date.now();
    expect(problemLines({ domains: Array<number[]>(1001).fill(row) })).toEqual([
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
