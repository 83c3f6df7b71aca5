import { say } from "../src/cli/report";
import { UsageError } from "../src/cli/config-flags";
import { runSynth } from "../src/cli/synth-command";
import { muteCdktfDeprecation } from "../src/cli/mute-cdktf-deprecation";

// The cdktf app (cdktf.json runs it with node), the same synth as `email-assets synth`. The config
// is validated completely before any construct exists, so a bad config exits non-zero and leaves an
// existing cdktf.out/ untouched. The cdktf CLI logs everything an app writes to stderr as "[ERROR]";
// under it (it passes its context in CDKTF_CONTEXT_JSON), news and warnings go to stdout, which it
// prints as they are.
muteCdktfDeprecation();
const news = process.env.CDKTF_CONTEXT_JSON === undefined ? process.stderr : process.stdout;
// Run from the event loop, on a shallow call stack rather than under the module loader's frames:
// with creation stacks kept (CDKTN_DISABLE_CREATION_STACK=0), cdktf records the whole call stack
// in each of the thousands of tokens a fleet's resources make.
setImmediate(() => {
  try {
    process.exitCode = runSynth({ flags: {}, news, env: process.env, cwd: process.cwd() });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // The output folder is not synth's own: nothing was written.
    say(`email-assets: synth failed: ${error.message}`);
    process.exitCode = 1;
  }
});
