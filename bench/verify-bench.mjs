// node bench/verify-bench.mjs (after npm run build): `email-assets verify` of a lab fleet, one domain
// after another (--concurrency 1) against concurrently (the default), in the verify lab's network
// namespace (test/support/verify-lab-world.mjs: its own DNS server, edges and Intercom on loopback).
// Optional, and not part of npm run bench: it needs root (or the right to create network
// namespaces), unshare, ip, openssl. It prints wall times, their ratio, and checks that both runs
// fail exactly the dead domains.
//
// Environment: BENCH_VERIFY_N (domains, default 200), BENCH_VERIFY_DEAD (of them with DNS that never
// answers, default 10), BENCH_VERIFY_TIMEOUT (--timeout, default 2), BENCH_VERIFY_CONCURRENCY (the
// runs to compare, default "1,16").
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist", "src", "cli", "main.js");
const lab = join(root, "test", "support", "verify-lab-world.mjs");
const number = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number; received ${process.env[name]}`);
  return value;
};
const N = number("BENCH_VERIFY_N", 200);
const DEAD = Math.min(N, number("BENCH_VERIFY_DEAD", 10));
const TIMEOUT = number("BENCH_VERIFY_TIMEOUT", 2);
const RUNS = (process.env.BENCH_VERIFY_CONCURRENCY ?? "1,16").split(",").map((text) => text.trim());
if (N < 1 || N > 250 * 200) throw new Error(`BENCH_VERIFY_N must be from 1 to 50000; received ${N}`);

const scratch = mkdtempSync(join(tmpdir(), "email-assets-verify-bench-"));
try {
  const openssl = (args) => execFileSync("openssl", args, { cwd: scratch, stdio: ["ignore", "ignore", "pipe"] });
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(["req", "-x509", ...key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=verify bench CA"]);
  const issue = (id, names) => {
    writeFileSync(join(scratch, `${id}.ext`), `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\n`);
    openssl(["req", ...key, "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${names[0]}`]);
    openssl(["x509", "-req", "-in", `${id}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "90", "-extfile", `${id}.ext`, "-out", `${id}.pem`]);
    return { cert: join(scratch, `${id}.pem`), key: join(scratch, `${id}.key`) };
  };
  const edge = issue("edge", ["*.fleet.example.io"]);
  const intercom = issue("intercom", ["acme.intercom-mail.com"]);

  // Dead names spread evenly through the config, as they would be in a real fleet.
  const every = DEAD === 0 ? Infinity : N / DEAD;
  const fleet = Array.from({ length: N }, (_, i) => ({
    domain: `d${i}.fleet.example.io`,
    address: `10.${Math.floor(i / 250)}.${i % 250}.1`,
    dead: DEAD > 0 && Math.floor(i % every) === 0 && Math.floor(i / every) < DEAD,
  }));
  const config = join(scratch, "email-assets.yaml");
  writeFileSync(config, stringify({ domains: fleet.map((d) => ({ domain: d.domain, workspace: "acme", region: "us", edge: "proxy", proxy: { server: "nginx", certificateFile: "/etc/ssl/c.pem", certificateKeyFile: "/etc/ssl/c.key", ipv4: d.address } })) }));
  const records = { "acme.intercom-mail.com": [{ type: "A", data: "34.0.0.20" }] };
  const servers = [{ address: "34.0.0.20", https: { ...intercom, mode: "intercom", intercomHost: "acme.intercom-mail.com" }, http: { mode: "redirect" } }];
  for (const d of fleet.filter((d) => !d.dead)) {
    records[d.domain] = [{ type: "A", data: d.address }];
    servers.push({ address: d.address, https: { ...edge, mode: "forward", forwardTo: "34.0.0.20", hostHeader: "acme.intercom-mail.com" }, http: { mode: "redirect" } });
  }
  // The JUnit report says which domains failed; the checklists themselves are not kept.
  const commands = RUNS.map((concurrency, index) => ({
    args: ["sh", "-c", `"$0" "$@" > /dev/null`, process.execPath, cli, "verify", "--config", config, "--resolver", "127.0.0.1:53", "--timeout", String(TIMEOUT), "--concurrency", concurrency, "--junit", join(scratch, `report-${index}.xml`)],
    env: { NODE_EXTRA_CA_CERTS: join(scratch, "ca.pem") },
  }));
  const world = join(scratch, "world.json");
  writeFileSync(world, JSON.stringify({ addresses: servers.map((s) => s.address), dns: { records, drop: fleet.filter((d) => d.dead).map((d) => d.domain) }, servers, commands, limitMs: 3_600_000 }));
  console.log(`verify bench: ${N} proxy-edge domains (${DEAD} with DNS that never answers), --timeout ${TIMEOUT}, concurrency ${RUNS.join(" vs ")}`);
  const run = spawnSync("unshare", ["--net", "--pid", "--fork", "--kill-child", "--", process.execPath, lab, world], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`the verify lab failed (exit ${run.status ?? run.signal}; it needs root or unshare --net): ${run.stderr.slice(0, 2000)}`);
  const results = JSON.parse(run.stdout);
  const deadNames = fleet.filter((d) => d.dead).map((d) => d.domain).join(",");
  const times = results.map((result, index) => {
    const xml = readFileSync(join(scratch, `report-${index}.xml`), "utf8");
    const failing = [...xml.matchAll(/<testsuite name="([^"]+)"[^>]* failures="([1-9]\d*)"/g)].map((match) => match[1]).join(",");
    const right = failing === deadNames ? "failing exactly the dead domains" : `WRONG: failing ${failing.split(",").length} domain(s), not the ${DEAD} dead ones`;
    console.log(`  --concurrency ${RUNS[index].padEnd(3)} ${(result.ms / 1000).toFixed(1).padStart(7)} s  exit ${result.status}, ${right}`);
    return result.ms;
  });
  if (times.length === 2) console.log(`  ratio: ${(times[0] / times[1]).toFixed(1)}x`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
