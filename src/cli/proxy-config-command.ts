import { chmodSync, chownSync, closeSync, existsSync, openSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { entryExists } from "../config/files/load-config";
import { PROXY_SERVERS, type ProxyServer } from "../config/shapes/domain-spec";
import { resolvePlans } from "../plan/resolve-plan";
import { GENERATED_MARK, renderProxyConfig } from "../proxy/render-proxy-config";
import { domainFlag, loadOrReport, planOfDomain, requireConfigFile, UsageError, type ConfigFlags } from "./config-flags";
import { EXIT_INVALID, EXIT_OK } from "./exit-codes";
import { say } from "./report";
import { specialKind } from "./special-kind";

export interface ProxyConfigOptions extends ConfigFlags {
  domain: string;
  server?: string;
  out?: string;
  force?: boolean;
}

/** The first line of a regular file, reading no more than needed (the file may be large). */
function firstLineOf(path: string): string {
  const buffer = Buffer.alloc(256);
  const fd = openSync(path, "r");
  try {
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length).toString("utf8").split("\n", 1)[0] ?? "";
  } finally {
    closeSync(fd);
  }
}

/**
 * The file `--out` really names (through a symlink, as in sites-enabled), once it is safe to
 * replace, with its mode and owner to keep. Only regular files are ever replaced: a FIFO, a device
 * or /dev/stdout is refused even with --force, since writing the config there means printing it.
 */
function outTarget(options: ProxyConfigOptions, fileName: string, configSource: string): { path: string; keep?: Stats } {
  const out = options.out ?? "";
  if (out.trim() === "") throw new UsageError("--out: is empty; give the file to write, or leave --out out to print the config");
  if (out.endsWith("/")) throw new UsageError(`--out: ${out} ends in /, so it names a folder; give the file to write, e.g. ${join(out, fileName)}`);
  const requested = resolve(out);
  // These name a descriptor of this very process (its output, say), whatever it is connected to.
  if (/^\/dev\/(stdin|stdout|stderr|fd\/)|^\/proc\//.test(requested)) {
    throw new UsageError(`--out: ${out} names one of this process's own descriptors, not a file; leave --out out to print the config to standard output`);
  }
  const parent = dirname(requested);
  if (!existsSync(parent)) throw new UsageError(`--out: folder does not exist: ${parent}`);
  if (!statSync(parent).isDirectory()) throw new UsageError(`--out: ${parent} is not a folder`);
  if (!entryExists(requested)) return { path: requested };
  let stat: Stats;
  try {
    // stat follows links the way the kernel does: /dev/stdout reaches the pipe or terminal behind it.
    stat = statSync(requested);
  } catch {
    throw new UsageError(`--out: ${out} is a symbolic link to ${readlinkSync(requested)}, which leads nowhere; give the file to write`);
  }
  if (stat.isDirectory()) throw new UsageError(`--out: ${out} is a folder; give the file to write, e.g. ${join(out, fileName)}`);
  if (!stat.isFile()) {
    throw new UsageError(`--out: ${out} is ${specialKind(stat)}, not a file; leave --out out to print the config to standard output`);
  }
  const target = realpathSync(requested);
  if (existsSync(configSource) && realpathSync(configSource) === target) {
    throw new UsageError(`--out: ${out} is the config file itself; give another file`);
  }
  if (!firstLineOf(target).startsWith(GENERATED_MARK) && !options.force) {
    throw new UsageError(`--out: ${out} exists and was not written by email-assets; pass --force to replace it`);
  }
  return { path: target, keep: stat };
}

/** `proxy-config`: prints, or writes to --out, the Apache or nginx config of a proxy domain. */
export function proxyConfigCommand(options: ProxyConfigOptions): number {
  requireConfigFile(options);
  let server: ProxyServer | undefined;
  if (options.server !== undefined) {
    const wanted = options.server.trim().toLowerCase();
    server = PROXY_SERVERS.find((known) => known === wanted);
    if (server === undefined) {
      throw new UsageError(`--server: must be one of ${PROXY_SERVERS.join(", ")}; received ${JSON.stringify(options.server)}`);
    }
  }
  const domain = domainFlag(options.domain);

  const config = loadOrReport(options);
  if (config === undefined) return EXIT_INVALID;
  const plan = planOfDomain(resolvePlans(config.specs), domain, config.source);
  if (plan.edge !== "proxy") {
    throw new UsageError(`--domain: ${domain} uses edge ${plan.edge}; proxy-config renders configs for edge: proxy domains only`);
  }
  const rendered = renderProxyConfig(plan.proxy, server);
  // `--out -` means standard output, as for most tools.
  if (options.out === undefined || options.out === "-") {
    process.stdout.write(rendered.content);
    return EXIT_OK;
  }
  const { path: target, keep } = outTarget(options, rendered.fileName, config.source);
  // Written beside the target and renamed, so a reader never sees half a config; a replaced file
  // keeps its mode and owner (a site config readable by the web server stays so).
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, rendered.content, { flag: "wx" });
    if (keep !== undefined) {
      // Owner first: chown clears setuid and setgid bits, which the mode then restores.
      if (keep.uid !== process.getuid?.() || keep.gid !== process.getgid?.()) chownSync(temporary, keep.uid, keep.gid);
      chmodSync(temporary, keep.mode & 0o7777);
    }
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was created.
    }
    say(`error: cannot write ${target}: ${(error as Error).message}`);
    return EXIT_INVALID;
  }
  say(`wrote the ${rendered.server} config for ${domain} to ${target}`);
  return EXIT_OK;
}
