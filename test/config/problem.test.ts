import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/problems/problem";
import { validateConfig } from "../../src/config/rules/validate-config";
import { cloudflareDomain } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

const one = (overrides: Record<string, unknown>) => ({ domains: [cloudflareDomain(overrides)] });

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
    expect(problemLines(one({ workspace: 10n }))).toEqual(["domains[0].workspace: must be a string; received 10"]);
    expect(problemLines({ domains: [() => 1] })).toEqual(["domains[0]: must be a mapping of keys to values; received function"]);
    expect(problemLines({ domains: [Symbol("d")] })).toEqual(["domains[0]: must be a mapping of keys to values; received symbol"]);
    expect(problemLines({ domains: [cloudflareDomain()], domain: { big: 2n, call: () => 1, sym: Symbol("s") } })).toEqual([
      'domain: unknown key (did you mean "domains"?); remove it or fix its name; received {"big":"2","call":"[function]","sym":"[symbol]"}',
    ]);
  });

  it("shows a value whose toJSON gives nothing, or throws, by its type instead of failing", () => {
    expect(problemLines(one({ workspace: { toJSON: () => undefined } }))).toEqual(["domains[0].workspace: must be a string; received object"]);
    const throwing = {
      toJSON() {
        throw new Error("no");
      },
    };
    expect(problemLines(one({ workspace: throwing }))).toEqual(["domains[0].workspace: must be a string; received [object]"]);
  });

  it("shows a value inside itself as [circular], and a value used twice (not inside itself) in full both times", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(formatProblem({ path: "x", message: "m", received: loop })).toBe('x: m; received {"a":1,"self":"[circular]"}');
    const twice = { a: 1 };
    expect(formatProblem({ path: "x", message: "m", received: { p: twice, q: [twice] } })).toBe('x: m; received {"p":{"a":1},"q":[{"a":1}]}');
  });
});
