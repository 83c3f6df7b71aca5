import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Starts the test files named in `slowest` first, in that order, then the rest in vitest's own order
 * (by the durations of its cache, else larger files first). With two workers, a slow file that
 * starts last runs alone at the end: on a clean clone (CI) vitest has no cache of durations, and
 * file size says little about a file that spends minutes in Terraform, npm or git.
 */
export function slowFirstSequencer(slowest: readonly string[]): typeof BaseSequencer {
  return class SlowFirstSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files);
      const rank = (file: TestSpecification) => {
        const index = slowest.indexOf(relative(this.ctx.config.root, file.moduleId));
        return index === -1 ? slowest.length : index;
      };
      // Array.prototype.sort is stable: the files not named keep vitest's order.
      return [...sorted].sort((a, b) => rank(a) - rank(b));
    }
  };
}
