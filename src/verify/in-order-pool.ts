/**
 * Runs `work` on every item, at most `limit` at a time, and returns the results in the items'
 * order. `emit` sees each result in that order too, as soon as it and every one before it are in, so
 * output can be streamed in order while later items still run.
 */
export async function runInOrder<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>, emit?: (result: R, index: number) => void): Promise<R[]> {
  const results = new Map<number, R>();
  let next = 0;
  let emitted = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results.set(index, await work(items[index], index));
      for (; results.has(emitted); emitted++) emit?.(results.get(emitted) as R, emitted);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return items.map((_item, index) => results.get(index) as R);
}
