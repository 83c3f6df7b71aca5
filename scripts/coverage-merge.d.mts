// Types of scripts/coverage-merge.mjs, for its test (test/scripts/coverage-merge.test.ts).

export interface Position {
  readonly line?: number;
  readonly column?: number | null;
}
export interface Range {
  readonly start: Position;
  readonly end: Position;
}
/** One file's istanbul coverage (the JSON reporter's value for a path). */
export interface FileCoverageData {
  readonly path: string;
  readonly statementMap: Readonly<Record<string, Range>>;
  readonly fnMap: Readonly<Record<string, { readonly name: string; readonly decl: Range; readonly loc: Range; readonly line: number }>>;
  readonly branchMap: Readonly<Record<string, { readonly type: string; readonly loc: Range; readonly locations: readonly Range[]; readonly line: number }>>;
  readonly s: Readonly<Record<string, number>>;
  readonly f: Readonly<Record<string, number>>;
  readonly b: Readonly<Record<string, readonly number[]>>;
}
export interface MatchCounts {
  exact: number;
  byLine: number;
  none: number;
}

export function mergeFileCoverage(own: FileCoverageData, other: FileCoverageData, matched?: MatchCounts): FileCoverageData;
