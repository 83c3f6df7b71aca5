// Runs the built CLI's `discover` as a child process without blocking this process, so that the
// stand-ins, which serve from this process, can answer it.
import { spawn } from "node:child_process";
import { cleanEnv, CLI_JS, type RunResult } from "./project";
import { AWS_TEST_KEYS } from "./aws-stand-ins";

/** The Cloudflare token the stand-ins accept: it must never show in discover's output. */
export const CLOUDFLARE_TEST_TOKEN = "cf-test-token-Zm9vYmFyYmF6cXV4LXNlY3JldA";

/** An environment with the stand-ins' addresses and the test credentials, and nothing else that points elsewhere. */
export function discoverEnv(options: { cloudflare?: string; aws?: string; extra?: Record<string, string> } = {}): NodeJS.ProcessEnv {
  const env = cleanEnv({
    CLOUDFLARE_API_TOKEN: CLOUDFLARE_TEST_TOKEN,
    AWS_ACCESS_KEY_ID: AWS_TEST_KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: AWS_TEST_KEYS.secretAccessKey,
    // Never ask an instance metadata service, and read no profile of the machine's.
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  });
  for (const name of Object.keys(env)) {
    if (/^AWS_(ENDPOINT_URL|PROFILE|SESSION_TOKEN|REGION|DEFAULT_REGION)|^CLOUDFLARE_(BASE_URL|API_KEY|EMAIL)/.test(name)) delete env[name];
  }
  if (options.cloudflare !== undefined) env.CLOUDFLARE_BASE_URL = options.cloudflare;
  if (options.aws !== undefined) env.AWS_ENDPOINT_URL = options.aws;
  return { ...env, ...options.extra };
}

/** Runs `email-assets <args>` with node in `cwd` (the tsc build's CLI unless `cli` names another); resolves when it exits. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, cli: string = CLI_JS): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
