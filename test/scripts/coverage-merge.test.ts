import { describe, expect, it } from "vitest";
import { mergeFileCoverage, type FileCoverageData, type MatchCounts, type Range } from "../../scripts/coverage-merge.mjs";

/** A range on one line, from `column` to its end. */
const at = (line: number, column: number): Range => ({ start: { line, column }, end: { line, column: null } });
/** The implicit `else` of an `if` without one: istanbul gives it no position. */
const NOWHERE: Range = { start: {}, end: {} };

function file(parts: Partial<FileCoverageData>): FileCoverageData {
  return { path: "/p/src/a.ts", statementMap: {}, fnMap: {}, branchMap: {}, s: {}, f: {}, b: {}, ...parts };
}

describe("mergeFileCoverage (scripts/coverage.mjs: vitest's coverage plus the child processes')", () => {
  it.each<[string, Range, Range, number, number, keyof MatchCounts]>([
    ["a statement at the same start", at(9, 2), at(9, 2), 3, 3, "exact"],
    ["a statement tsc starts elsewhere on its line (`exports.X = 0` for `export const X = 0`)", at(2, 22), at(2, 0), 1, 1, "byLine"],
    ["a statement on a line the children did not run", at(5, 2), at(5, 2), 0, 0, "exact"],
    ["a statement the children have nothing on", at(7, 2), at(8, 2), 4, 0, "none"],
  ])("%s", (_name, own, other, otherHits, expected, how) => {
    const matched: MatchCounts = { exact: 0, byLine: 0, none: 0 };
    const merged = mergeFileCoverage(file({ statementMap: { 0: own }, s: { 0: 0 } }), file({ statementMap: { 0: other }, s: { 0: otherHits } }), matched);
    expect(merged.s).toEqual({ 0: expected });
    expect(matched[how]).toBe(1);
  });

  it("adds the hits of both halves, and keeps vitest's map: statements only tsc emits count nothing", () => {
    const own = file({ statementMap: { 0: at(3, 2) }, s: { 0: 2 } });
    const other = file({ statementMap: { 0: at(1, 0), 1: at(3, 2), 2: at(3, 9) }, s: { 0: 1, 1: 5, 2: 5 } });
    const merged = mergeFileCoverage(own, other);
    expect(merged.statementMap).toEqual(own.statementMap);
    expect(merged.s).toEqual({ 0: 7 });
  });

  it("matches a function by its declaration", () => {
    const fn = { name: "f", decl: at(4, 16), loc: at(4, 0), line: 4 };
    const merged = mergeFileCoverage(file({ fnMap: { 0: fn }, f: { 0: 0 } }), file({ fnMap: { 0: { ...fn, loc: at(4, 2) } }, f: { 0: 2 } }));
    expect(merged.f).toEqual({ 0: 2 });
  });

  it("matches a branch whole, arm by arm, the `else` without a position included", () => {
    const branch = { type: "if", loc: at(10, 2), locations: [at(10, 2), NOWHERE], line: 10 };
    const merged = mergeFileCoverage(file({ branchMap: { 0: branch }, b: { 0: [1, 0] } }), file({ branchMap: { 0: branch }, b: { 0: [0, 3] } }));
    expect(merged.b).toEqual({ 0: [1, 3] });
  });

  it("does not credit an `else` without a position from another `if` when the branch itself is not found", () => {
    const own = { type: "if", loc: at(10, 2), locations: [at(10, 2), NOWHERE], line: 10 };
    const others = {
      0: { type: "if", loc: at(20, 2), locations: [at(20, 2), NOWHERE], line: 20 },
      1: { type: "if", loc: at(30, 2), locations: [at(30, 2), NOWHERE], line: 30 },
    };
    const merged = mergeFileCoverage(file({ branchMap: { 0: own }, b: { 0: [0, 0] } }), file({ branchMap: others, b: { 0: [4, 4], 1: [4, 4] } }));
    expect(merged.b).toEqual({ 0: [0, 0] });
  });

  it("falls back to an arm at the same position when the branch's other arms differ", () => {
    const own = { type: "binary-expr", loc: at(74, 6), locations: [at(74, 7), at(74, 28)], line: 74 };
    const other = { type: "binary-expr", loc: at(74, 7), locations: [at(74, 7), at(74, 28)], line: 74 };
    const merged = mergeFileCoverage(file({ branchMap: { 0: own }, b: { 0: [1, 0] } }), file({ branchMap: { 0: other }, b: { 0: [1, 1] } }));
    expect(merged.b).toEqual({ 0: [2, 1] });
  });
});
