import { execFile, spawnSync } from "node:child_process";
import { accessSync, chownSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { randomBytes } from "node:crypto";
import { freePort } from "./web-servers";

/**
 * A real, throwaway PostgreSQL server for the tests (e.g. for Terraform's `pg` backend): its own
 * initdb in a temporary folder, listening on 127.0.0.1 at a free port, password (SCRAM) login for
 * the role `email_assets`, which owns the database `terraform`.
 *
 * initdb and postgres refuse to run as root; when the tests run as root, they run as the `postgres`
 * system user (created by Debian's postgresql package) through runuser, and that user owns the folder.
 * A machine without PostgreSQL fails these tests saying so (scripts/ensure-test-tools.sh installs it).
 */

const ROLE = "email_assets";
const DATABASE = "terraform";
const SUPERUSER = "postgres";
const SYSTEM_USER = "postgres";
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 60_000;

export const POSTGRES_MISSING =
  "PostgreSQL is not installed (no initdb, pg_ctl, postgres or psql on PATH or in /usr/lib/postgresql/<version>/bin): " +
  "run `apt-get install postgresql` (as root; `npm test` does it through scripts/ensure-test-tools.sh)";

export interface PostgresServer {
  /** e.g. postgres://email_assets:<password>@127.0.0.1:<port>/terraform?sslmode=disable */
  readonly connectionString: string;
  readonly password: string;
  readonly port: number;
  /**
   * Runs SQL with psql as the superuser, in the database `terraform`, over the server's private Unix
   * socket, and returns stdout (trimmed). Output is unaligned and tuples-only, without command tags
   * (`select 1, 2` gives "1|2"); an SQL error throws with psql's message.
   */
  query(sql: string): string;
  /** Stops the server (immediate shutdown) and removes its folder; calling it again does nothing. */
  stop(): Promise<void>;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, extraDirs: readonly string[] = []): string | undefined {
  for (const dir of [...(process.env.PATH ?? "").split(delimiter), ...extraDirs]) {
    if (dir !== "" && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Debian's versioned folder, /usr/lib/postgresql/<newest version>/bin, if there is one. */
function debianBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  let versions: string[];
  try {
    versions = readdirSync(root);
  } catch {
    return undefined;
  }
  const newest = versions
    .filter((version) => /^\d+(\.\d+)?$/.test(version) && isExecutable(join(root, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? undefined : join(root, newest, "bin");
}

/** Finds initdb/pg_ctl/postgres/psql: PATH first, then `/usr/lib/postgresql/<newest version>/bin`. Returns undefined when missing. */
export function findPostgresBinaries(): { initdb: string; pgCtl: string; psql: string } | undefined {
  const versioned = debianBinDir();
  const find = (name: string) => onPath(name) ?? (versioned && isExecutable(join(versioned, name)) ? join(versioned, name) : undefined);
  const initdb = find("initdb");
  const pgCtl = find("pg_ctl");
  const postgres = find("postgres");
  const psql = find("psql");
  if (!initdb || !pgCtl || !postgres || !psql) return undefined;
  return { initdb, pgCtl, psql };
}

/** Environment for the PostgreSQL tools: none of the caller's PG* settings (PGHOST, PGPASSWORD, ...) leak in. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("PG")) env[key] = value;
  }
  return { ...env, LC_ALL: "C", LANG: "C" };
}

/** How to run initdb and pg_ctl: directly, or as the postgres system user when we are root. */
interface Runner {
  /** The argv prefix ([] when not root). */
  readonly prefix: readonly string[];
  /** uid/gid to own the folder, when root. */
  readonly owner?: { uid: number; gid: number };
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith(`${name}:`));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

function runner(): Runner {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const owner = systemUser(SYSTEM_USER);
  if (!owner) {
    throw new Error(`the tests run as root, and PostgreSQL refuses to; its system user \`${SYSTEM_USER}\` is missing (Debian's postgresql package creates it: apt-get install postgresql)`);
  }
  const sbin = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];
  const runuser = onPath("runuser", sbin);
  if (runuser) return { prefix: [runuser, "-u", SYSTEM_USER, "--"], owner };
  const setpriv = onPath("setpriv", sbin);
  if (setpriv) return { prefix: [setpriv, `--reuid=${owner.uid}`, `--regid=${owner.gid}`, "--init-groups", "--"], owner };
  throw new Error("the tests run as root and need runuser or setpriv (util-linux) to run PostgreSQL as the postgres user: apt-get install util-linux");
}

interface CommandResult {
  readonly ok: boolean;
  readonly output: string;
}

function run(argv: readonly string[], cwd: string, timeout = COMMAND_TIMEOUT_MS): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(argv[0], argv.slice(1), { cwd, env: cleanEnv(), timeout, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      resolve({ ok: error === null, output: error && !output ? error.message : output });
    });
  });
}

/** A new temporary folder the postgres user can reach: under os.tmpdir(), or /tmp when that one is private to root. */
function makeBaseDir(owner: Runner["owner"], prefix: readonly string[]): string {
  const bases = [...new Set([tmpdir(), "/tmp"])];
  const refused: string[] = [];
  for (const base of bases) {
    const dir = mkdtempSync(join(base, "pg-harness-"));
    if (!owner) return dir;
    chownSync(dir, owner.uid, owner.gid);
    // Can the postgres user reach (traverse every parent of) and write the folder?
    const probe = spawnSync(prefix[0], [...prefix.slice(1), "test", "-w", dir, "-a", "-x", dir], { cwd: "/", env: cleanEnv() });
    if (probe.status === 0) return dir;
    refused.push(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`the ${SYSTEM_USER} user cannot reach a temporary folder (tried ${refused.join(", ")}): make os.tmpdir() traversable by it or point TMPDIR elsewhere`);
}

/** A quoted string for postgresql.conf. */
function confString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

const running = new Set<() => void>();
process.once("exit", () => {
  for (const stopNow of running) stopNow();
});

/** Starts a throwaway PostgreSQL server on 127.0.0.1 (a free port), in its own temp dir (own initdb), password auth (scram-sha-256) for a role `email_assets` that owns database `terraform`. */
export async function startPostgres(): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  if (!binaries) throw new Error(POSTGRES_MISSING);
  const as = runner();
  const dir = makeBaseDir(as.owner, as.prefix);
  const data = join(dir, "data");
  const socketDir = join(dir, "socket");
  const logFile = join(dir, "server.log");
  const serverLog = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "(no server log)");
  const asOwner = (argv: readonly string[]) => [...as.prefix, ...argv];
  const pgCtl = (...args: string[]) => asOwner([binaries.pgCtl, "-D", data, ...args]);

  let state: "starting" | "running" | "stopped" = "starting";
  // Synchronous, for the exit hook and for failures: stop whatever runs, remove the folder.
  const stopNow = () => {
    running.delete(stopNow);
    if (existsSync(join(data, "postmaster.pid"))) {
      const [command, ...args] = pgCtl("stop", "-m", "immediate", "-w", "-t", "10");
      spawnSync(command, args, { cwd: dir, env: cleanEnv(), stdio: "ignore", timeout: 15_000 });
      killLeftover(data);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  running.add(stopNow);

  try {
    // The server writes its log and its socket here, so whoever runs it owns them.
    writeFileSync(logFile, "");
    mkdirSync(socketDir, { mode: 0o700 });
    if (as.owner) {
      chownSync(logFile, as.owner.uid, as.owner.gid);
      chownSync(socketDir, as.owner.uid, as.owner.gid);
    }
    const init = await run(
      asOwner([binaries.initdb, "-D", data, "-U", SUPERUSER, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]),
      dir,
    );
    if (!init.ok) throw new Error(`initdb failed:\n${init.output}`);
    // Only 127.0.0.1; the Unix socket in the folder, for the superuser (trust: it is ours alone).
    const settings = [
      "",
      "# test harness (test/support/postgres.ts)",
      `listen_addresses = ${confString(HOST)}`,
      `unix_socket_directories = ${confString(socketDir)}`,
      "unix_socket_permissions = 0700",
      "password_encryption = 'scram-sha-256'",
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      "max_connections = 30",
      "shared_buffers = '16MB'",
      "logging_collector = off",
      "",
    ];
    writeFileSync(join(data, "postgresql.conf"), `${readFileSync(join(data, "postgresql.conf"), "utf8")}${settings.join("\n")}`);

    const deadline = Date.now() + START_TIMEOUT_MS;
    let port = 0;
    // The port is free when picked but could be taken before the server binds it: pick again then.
    for (let attempt = 1; ; attempt++) {
      port = await freePort(HOST);
      const seconds = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
      const start = await run(pgCtl("start", "-w", "-t", String(seconds), "-l", logFile, "-o", `-p ${port}`), dir, seconds * 1000 + 10_000);
      if (start.ok) break;
      const log = serverLog();
      if (attempt < 3 && /could not bind|address already in use/i.test(log) && Date.now() < deadline) continue;
      throw new Error(`PostgreSQL did not start (pg_ctl start, waiting at most ${seconds} s, said: ${start.output.trim()}); server log:\n${log}`);
    }
    state = "running";

    const psqlAsSuperuser = (sql: string, database: string) =>
      spawnSync(binaries.psql, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDir, "-p", String(port), "-U", SUPERUSER, "-d", database, "-c", sql], {
        cwd: dir,
        env: cleanEnv(),
        encoding: "utf8",
        timeout: COMMAND_TIMEOUT_MS,
      });

    // pg_ctl -w waited for "ready"; make sure a connection really works, until the same deadline.
    for (;;) {
      const probe = psqlAsSuperuser("select 1", "postgres");
      if (probe.status === 0) break;
      if (Date.now() >= deadline) {
        throw new Error(`PostgreSQL started but accepts no connection within ${START_TIMEOUT_MS / 1000} s (psql: ${`${probe.stderr}`.trim() || String(probe.error)}); server log:\n${serverLog()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const password = randomBytes(18).toString("hex");
    const setup = psqlAsSuperuser(`create role ${ROLE} login password '${password}'`, "postgres");
    if (setup.status !== 0) throw new Error(`creating the role ${ROLE} failed: ${setup.stderr}`);
    const created = psqlAsSuperuser(`create database ${DATABASE} owner ${ROLE}`, "postgres");
    if (created.status !== 0) throw new Error(`creating the database ${DATABASE} failed: ${created.stderr}`);

    return {
      connectionString: `postgres://${ROLE}:${password}@${HOST}:${port}/${DATABASE}?sslmode=disable`,
      password,
      port,
      query(sql: string): string {
        if (state !== "running") throw new Error("this PostgreSQL server is stopped");
        const result = psqlAsSuperuser(sql, DATABASE);
        if (result.status !== 0) {
          throw new Error(`psql failed (${result.status ?? String(result.error)}) on: ${sql}\n${`${result.stderr}`.trim()}`);
        }
        return `${result.stdout}`.trim();
      },
      async stop(): Promise<void> {
        if (state === "stopped") return;
        state = "stopped";
        running.delete(stopNow);
        const stopped = await run(pgCtl("stop", "-m", "immediate", "-w", "-t", "10"), dir, 20_000);
        if (!stopped.ok) killLeftover(data);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    state = "stopped";
    stopNow();
    throw error;
  }
}

/** When pg_ctl could not stop it: the postmaster's pid from postmaster.pid, killed outright. */
function killLeftover(data: string): void {
  try {
    const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, "SIGKILL");
  } catch {
    // no pid file, or the process is gone
  }
}
