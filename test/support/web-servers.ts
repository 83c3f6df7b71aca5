import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { delimiter, join } from "node:path";

/**
 * Real Apache httpd and nginx for the tests, run from throwaway configs in a temporary folder.
 * A machine without them fails these tests with a message saying so (.ci/run installs them).
 */

/** A binary from PATH, or from the system sbin folders that a non-root PATH may lack. */
export function findBinary(name: string): string {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} is not installed: the proxy tests run the real server (Debian: apt-get install ${name === "apache2" ? "apache2" : name}; .ci/run does this)`);
}

let apacheModules: string | undefined;

/** The folder holding Apache's loadable modules (mod_proxy_http.so and friends). */
export function findApacheModules(): string {
  if (apacheModules) return apacheModules;
  const found = spawnSync("find", ["/usr/lib", "/usr/lib64", "/usr/libexec", "/usr/local", "-name", "mod_proxy_http.so"], { encoding: "utf8" })
    .stdout.split("\n")
    .find((line) => line.length > 0);
  if (!found) throw new Error("Apache's mod_proxy_http.so was not found: install apache2 (it brings mod_proxy and mod_ssl)");
  return (apacheModules = found.slice(0, found.lastIndexOf("/")));
}

const APACHE_MODULES = [
  ["mpm_event_module", "mod_mpm_event.so"],
  ["authz_core_module", "mod_authz_core.so"],
  ["alias_module", "mod_alias.so"],
  ["headers_module", "mod_headers.so"],
  ["socache_shmcb_module", "mod_socache_shmcb.so"],
  ["ssl_module", "mod_ssl.so"],
  ["proxy_module", "mod_proxy.so"],
  ["proxy_http_module", "mod_proxy_http.so"],
];

/** A main httpd.conf that loads what the site needs and includes the generated site files. */
export function writeApacheMain(dir: string, sites: readonly string[], extraListen: readonly string[] = []): string {
  const modules = findApacheModules();
  const user = readFileSync("/etc/passwd", "utf8").includes("\nwww-data:") ? "www-data" : "nobody";
  const lines = [
    `ServerRoot ${dir}`,
    `DefaultRuntimeDir ${dir}`,
    `PidFile ${join(dir, "httpd.pid")}`,
    `ErrorLog ${join(dir, "apache-error.log")}`,
    "LogLevel warn",
    `Mutex file:${dir} default`,
    `User ${user}`,
    `Group ${user === "www-data" ? "www-data" : "nogroup"}`,
    "ServerName localhost",
    ...APACHE_MODULES.map(([name, file]) => `LoadModule ${name} ${join(modules, file)}`),
    ...extraListen.map((listen) => `Listen ${listen}`),
    ...sites.map((site) => `Include ${site}`),
    "",
  ];
  const path = join(dir, "httpd.conf");
  writeFileSync(path, lines.join("\n"));
  return path;
}

/** A main nginx.conf that includes the generated site files in the http context. */
export function writeNginxMain(dir: string, sites: readonly string[]): string {
  const lines = [
    "user root;",
    "worker_processes 1;",
    `pid ${join(dir, "nginx.pid")};`,
    `error_log ${join(dir, "nginx-error.log")} warn;`,
    "events { worker_connections 64; }",
    "http {",
    "    access_log off;",
    `    client_body_temp_path ${join(dir, "client_body")};`,
    `    proxy_temp_path ${join(dir, "proxy")};`,
    `    fastcgi_temp_path ${join(dir, "fastcgi")};`,
    `    uwsgi_temp_path ${join(dir, "uwsgi")};`,
    `    scgi_temp_path ${join(dir, "scgi")};`,
    ...sites.map((site) => `    include ${site};`),
    "}",
    "",
  ];
  const path = join(dir, "nginx.conf");
  writeFileSync(path, lines.join("\n"));
  return path;
}

export interface ConfigTest {
  readonly ok: boolean;
  readonly output: string;
}

/** `apache2 -t` on a main config. */
export function apacheConfigTest(mainConf: string): ConfigTest {
  const result = spawnSync(findBinary("apache2"), ["-t", "-f", mainConf], { encoding: "utf8" });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** `nginx -t` on a main config. */
export function nginxConfigTest(mainConf: string, prefix: string): ConfigTest {
  const result = spawnSync(findBinary("nginx"), ["-t", "-c", mainConf, "-p", prefix], { encoding: "utf8" });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** A TCP port that is free on `host` right now (the kernel picks it). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A running server; `stop` ends it and everything it started. */
export interface RunningServer {
  readonly process: ChildProcess;
  stop(): Promise<void>;
  log(): string;
}

async function waitForPort(host: string, port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not listen on ${host}:${port} within 15 s:\n${log()}`);
}

function startInForeground(command: string[], waitHost: string, waitPort: number, logFile: string): Promise<RunningServer> {
  const child = spawn(command[0], command.slice(1), { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const log = () => `${output}${existsSync(logFile) ? readFileSync(logFile, "utf8") : ""}`;
  const server: RunningServer = {
    process: child,
    log,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return waitForPort(waitHost, waitPort, child, log).then(
    () => server,
    async (error: unknown) => {
      await server.stop();
      throw error;
    },
  );
}

/**
 * Starts Apache in the foreground inside a private mount namespace whose /etc/hosts is `hostsFile`,
 * so names resolve to loopback for this server only; the machine's own /etc/hosts is untouched.
 */
export function startApache(mainConf: string, hostsFile: string, waitHost: string, waitPort: number, logFile: string): Promise<RunningServer> {
  const apache = findBinary("apache2");
  const script = `mount --bind "$1" /etc/hosts && exec "$2" -f "$3" -DFOREGROUND`;
  return startInForeground(
    [findBinary("unshare"), "--mount", "--propagation", "private", "sh", "-c", script, "sh", hostsFile, apache, mainConf],
    waitHost,
    waitPort,
    logFile,
  );
}

/** Starts nginx in the foreground. */
export function startNginx(mainConf: string, prefix: string, waitHost: string, waitPort: number, logFile: string): Promise<RunningServer> {
  return startInForeground([findBinary("nginx"), "-c", mainConf, "-p", prefix, "-g", "daemon off;"], waitHost, waitPort, logFile);
}
