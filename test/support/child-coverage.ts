// Coverage of the child processes (scripts/coverage.mjs, run by npm test): many tests run the
// compiled CLI and app (dist/) in child processes, which vitest's own coverage does not see. Node
// writes a child's V8 coverage to NODE_V8_COVERAGE when it exits; the script maps it back to src/
// through the source maps and merges it with vitest's. Set here, in each test worker, rather than
// for the whole run: children inherit process.env, vitest's own processes stay out of it.
const dir = process.env.EMAIL_ASSETS_CHILD_COVERAGE;
if (dir !== undefined && dir !== "") process.env.NODE_V8_COVERAGE = dir;
