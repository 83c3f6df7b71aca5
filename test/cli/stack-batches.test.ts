import { describe, expect, it } from "vitest";
import { stackBatches } from "../../src/cli/stack-batches";

describe("stackBatches", () => {
  it("splits in order into at most the limit of batches, sizes differing by one at most", () => {
    const stacks = Array.from({ length: 1000 }, (_, index) => index);
    const batches = stackBatches(stacks, 256);
    expect(batches).toHaveLength(256);
    expect(batches.map((batch) => batch.batch)).toEqual(Array.from({ length: 256 }, (_, index) => index + 1));
    expect(new Set(batches.map((batch) => batch.stacks.length))).toEqual(new Set([3, 4]));
    expect(batches.flatMap((batch) => batch.stacks)).toEqual(stacks);
  });

  it("gives each stack a batch of its own when there are no more stacks than the limit, and none for no stacks", () => {
    expect(stackBatches(["a", "b"], 200)).toEqual([
      { batch: 1, stacks: ["a"] },
      { batch: 2, stacks: ["b"] },
    ]);
    expect(stackBatches([], 200)).toEqual([]);
    expect(stackBatches(["a", "b", "c"], 1)).toEqual([{ batch: 1, stacks: ["a", "b", "c"] }]);
  });
});
