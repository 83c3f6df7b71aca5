import { loadConfig } from "../src/config/load-config";
import { reportProblems } from "../src/cli/report";
import { ConfigError } from "../src/config/problem";
import { synthApp, synthOptionsFrom } from "../src/stacks/synth-app";

// The cdktf app (cdktf.json runs it with node). The config is validated completely before any
// construct exists, so a bad config exits non-zero and leaves an existing cdktf.out/ untouched.
try {
  const config = loadConfig();
  reportProblems(config.warnings, "warning");
  const options = synthOptionsFrom(process.env);
  const ids = synthApp(config, options);
  process.stderr.write(`synthesized ${ids.length} stack(s) from ${config.source} into ${options.outdir}/stacks: ${ids.join(", ")}\n`);
} catch (error) {
  process.exitCode = 1;
  if (error instanceof ConfigError) {
    process.stderr.write(`email-assets: the config is invalid; nothing was synthesized\n`);
    reportProblems(error.problems, "error");
  } else {
    // Not the config's fault (an unwritable CDKTF_OUTDIR, say): say what failed; the trace is for bug reports.
    process.stderr.write(`email-assets: synth failed: ${(error as Error).message}\n`);
    if (process.env.EMAIL_ASSETS_DEBUG) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
  }
}
