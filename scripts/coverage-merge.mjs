// The merge of scripts/coverage.mjs: one file's coverage from two converters of the same source,
// vitest's (of vite's transform of src/) and the children's (of tsc's output in dist/). Their maps
// differ (tsc's CommonJS adds statements of its own, ends of ranges map differently), so istanbul's
// merge, which joins maps by exact location, would count much of the file twice.

/**
 * `own` (vitest's map and hits) plus the hits of `other` at the same source positions: a statement
 * by its start (failing that, the most-hit statement of `other` starting on its line), a function by
 * its declaration, a branch whole by kind, position and arms (failing that, arm by arm). The result
 * keeps `own`'s map, so the totals are vitest's and nothing is counted twice; `matched` counts how
 * `own`'s statements were found.
 */
export function mergeFileCoverage(own, other, matched = { exact: 0, byLine: 0, none: 0 }) {
  const at = (loc) => `${loc.start.line}:${loc.start.column}`;
  const maxInto = (table, key, count) => table.set(key, Math.max(table.get(key) ?? 0, count));

  const statementAt = new Map();
  const statementOnLine = new Map();
  for (const [id, loc] of Object.entries(other.statementMap)) {
    maxInto(statementAt, at(loc), other.s[id]);
    maxInto(statementOnLine, loc.start.line, other.s[id]);
  }
  const s = {};
  for (const [id, loc] of Object.entries(own.statementMap)) {
    let extra = statementAt.get(at(loc));
    if (extra !== undefined) matched.exact += 1;
    else if ((extra = statementOnLine.get(loc.start.line)) !== undefined) matched.byLine += 1;
    else matched.none += 1;
    s[id] = own.s[id] + (extra ?? 0);
  }

  const functionAt = new Map();
  const functionOnLine = new Map();
  for (const [id, fn] of Object.entries(other.fnMap)) {
    for (const loc of [fn.decl, fn.loc]) maxInto(functionAt, at(loc), other.f[id]);
    maxInto(functionOnLine, fn.decl.start.line, other.f[id]);
  }
  const f = {};
  for (const [id, fn] of Object.entries(own.fnMap)) {
    f[id] = own.f[id] + (functionAt.get(at(fn.decl)) ?? functionAt.get(at(fn.loc)) ?? functionOnLine.get(fn.decl.start.line) ?? 0);
  }

  // A branch is matched whole (same kind, same position, same arms); failing that, arm by arm.
  const branchAt = new Map();
  const armAt = new Map();
  const sharedArms = new Set();
  for (const [id, branch] of Object.entries(other.branchMap)) {
    branchAt.set(`${branch.type}@${at(branch.loc)}@${branch.locations.map(at).join(",")}`, other.b[id]);
    branch.locations.forEach((loc, arm) => {
      const key = `${branch.type}@${at(loc)}`;
      // Two arms at one position (an `if` without `else`) cannot tell which one ran.
      if (armAt.has(key)) sharedArms.add(key);
      armAt.set(key, other.b[id][arm]);
    });
  }
  for (const key of sharedArms) armAt.delete(key);
  const b = {};
  for (const [id, branch] of Object.entries(own.branchMap)) {
    const whole = branchAt.get(`${branch.type}@${at(branch.loc)}@${branch.locations.map(at).join(",")}`);
    b[id] = own.b[id].map((count, arm) => count + (whole?.[arm] ?? armAt.get(`${branch.type}@${at(branch.locations[arm])}`) ?? 0));
  }
  return { ...own, s, f, b };
}
