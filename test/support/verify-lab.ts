import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The lab script: a world of DNS and web servers in a network namespace of its own. */
const LAB_SCRIPT = join(__dirname, "verify-lab-world.mjs");

export interface LabRecord {
  readonly type: "A" | "AAAA" | "CNAME" | "CAA" | "PTR";
  readonly data: unknown;
}

export interface LabSite {
  readonly address: string;
  readonly https?: { cert: string; key: string; mode: "intercom" | "intercom-any-host" | "forward" | "redirect-self" | "page"; intercomHost?: string; forwardTo?: string; hostHeader?: string; hsts?: string };
  readonly http?: { mode: "redirect" | "redirect-root" | "redirect-self" | "redirect-302" | "page" };
  /** Port 443 instead of `https`: `drop` takes no connection (a firewall), `stall` takes it and never answers. */
  readonly port443?: "drop" | "stall";
}

export interface LabWorld {
  readonly addresses: readonly string[];
  readonly dns: { address?: string; port?: number; records: Record<string, LabRecord[]>; drop?: string[]; servfail?: string[]; later?: Record<string, { afterMs: number; records: LabRecord[] }>; truncate?: string[]; tcp?: false };
  readonly servers: readonly LabSite[];
  /** Each command runs to its end, one after another; `interruptAfterMs` sends it SIGINT then (Ctrl+C). */
  readonly commands: readonly { args: readonly string[]; env?: Record<string, string>; interruptAfterMs?: number }[];
  readonly limitMs?: number;
}

export interface LabResult {
  readonly status: number | null;
  /** The signal that ended the command, if one did. */
  readonly signal?: string | null;
  /** How long the command took. */
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, tool)));
}

/**
 * Runs the commands inside a new network namespace holding the world, and a PID namespace whose
 * first process is the lab: when it ends, however it ends, the kernel ends everything it started. Needs root (or the right to
 * make network namespaces), `unshare` (util-linux) and `ip` (iproute2): without them this throws
 * and says so, so the tests fail loudly rather than pass.
 */
export function runLab(world: LabWorld, scratch: string): LabResult[] {
  for (const tool of ["unshare", "ip"]) {
    if (!onPath(tool)) throw new Error(`${tool} is not on PATH: the verify tests need util-linux and iproute2 (apt-get install util-linux iproute2; npm test's pretest installs them as root)`);
  }
  const file = join(scratch, `world-${process.hrtime.bigint()}.json`);
  writeFileSync(file, JSON.stringify(world));
  const run = spawnSync("unshare", ["--net", "--pid", "--fork", "--kill-child", "--", process.execPath, LAB_SCRIPT, file], { encoding: "utf8", timeout: (world.limitMs ?? 60_000) + 10_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) {
    throw new Error(`the verify lab failed (exit ${run.status ?? run.signal}): ${run.stderr.slice(0, 4000)}\n(it needs root, or the right to create network namespaces: unshare --net)`);
  }
  return JSON.parse(run.stdout) as LabResult[];
}
