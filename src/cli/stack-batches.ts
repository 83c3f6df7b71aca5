/** One group of `stacks --json --batches N`: one CI job's share of the stacks. */
export interface StackBatch<T> {
  /** 1, 2, …: the batch's number. */
  readonly batch: number;
  readonly stacks: readonly T[];
}

/**
 * Splits `stacks` into at most `limit` batches, in order, of sizes that differ by one at most (so
 * the jobs take about as long); never an empty batch, and none at all for no stacks (a CI matrix
 * then has nothing to run). With no more stacks than `limit`, each batch holds one stack.
 */
export function stackBatches<T>(stacks: readonly T[], limit: number): StackBatch<T>[] {
  const count = Math.min(limit, stacks.length);
  const batches: StackBatch<T>[] = [];
  let start = 0;
  for (let index = 0; index < count; index++) {
    // The first (length mod count) batches take one stack more.
    const size = Math.floor(stacks.length / count) + (index < stacks.length % count ? 1 : 0);
    batches.push({ batch: index + 1, stacks: stacks.slice(start, start + size) });
    start += size;
  }
  return batches;
}
