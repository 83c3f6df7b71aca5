import { loadConfig } from "../src/config/load-config";
import { reportProblems, say } from "../src/cli/report";
import { ConfigError } from "../src/config/problem";
import { synthApp, synthOptionsFrom } from "../src/stacks/synth-app";
import { nextStepsReport } from "../src/plan/next-steps";
import { resolvePlans } from "../src/plan/resolve-plan";

// The cdktf app (cdktf.json runs it with node). The config is validated completely before any
// construct exists, so a bad config exits non-zero and leaves an existing cdktf.out/ untouched.
// The cdktf CLI logs everything an app writes to stderr as "[ERROR]"; under it (it passes its
// context in CDKTF_CONTEXT_JSON), news and warnings go to stdout, which it prints as they are.
const news = process.env.CDKTF_CONTEXT_JSON === undefined ? process.stderr : process.stdout;
try {
  const config = loadConfig();
  reportProblems(config.warnings, "warning", news);
  const options = synthOptionsFrom(process.env);
  const ids = synthApp(config, { ...options, warn: (message) => say(`warning: ${message}`, news) });
  say(`synthesized ${ids.length} stack(s) from ${config.source} into ${options.outdir}/stacks: ${ids.join(", ")}`, news);
  for (const line of nextStepsReport(resolvePlans(config.specs), options.outdir, "")) say(line, news);
} catch (error) {
  process.exitCode = 1;
  if (error instanceof ConfigError) {
    process.stderr.write(`email-assets: the config is invalid; nothing was synthesized\n`);
    reportProblems(error.problems, "error");
  } else {
    // Not the config's fault (an unwritable CDKTF_OUTDIR, say): say what failed; the trace is for bug reports.
    say(`email-assets: synth failed: ${(error as Error).message}`);
    if (process.env.EMAIL_ASSETS_DEBUG) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
  }
}
