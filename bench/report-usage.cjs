// Preloaded into each measured process (node --require): on exit, writes its peak resident set
// size and CPU time to the file named by BENCH_USAGE_FILE.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const usage = process.resourceUsage();
  writeFileSync(
    process.env.BENCH_USAGE_FILE,
    JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
  );
});
