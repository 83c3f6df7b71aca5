import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkAnswer, flagOf, initConfig, reviewAnswers, type AnswerKey } from "../../src/cli/init-answers";
import { cleanEnv, CLI_JS, runNode, useTempDirs, writeFile } from "../support/project";
import { EXISTING_CERTIFICATE_ARN, ZONE_A, ZONE_B } from "../support/fixtures";

const workdir = useTempDirs();

const COMMON = ["--domain", "emails.example.com", "--workspace", "acme", "--region", "us"];

/** Runs `email-assets init` without a terminal (spawnSync gives it a pipe for stdin). */
function init(args: readonly string[], cwd: string) {
  return runNode(CLI_JS, ["init", ...args], cwd);
}

function validate(file: string, cwd: string) {
  return runNode(CLI_JS, ["validate", "--config", file], cwd);
}

/** The files of a folder, for "nothing was written". */
function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe("init's answers (pure)", () => {
  it.each<[AnswerKey, string]>([
    ["domain", "--domain"],
    ["zoneId", "--zone-id"],
    ["accountId", "--account-id"],
    ["certificateArn", "--certificate-arn"],
    ["certificateKeyFile", "--certificate-key-file"],
    ["route53ZoneId", "--route53-zone-id"],
    ["cloudflareZoneId", "--cloudflare-zone-id"],
    ["ipv6", "--ipv6"],
  ])("names the flag of %s %s", (key, flag) => {
    expect(flagOf(key)).toBe(flag);
  });

  it.each<[AnswerKey, string, string]>([
    ["domain", " Emails.Example.COM. ", "emails.example.com"],
    ["region", "EU", "eu"],
    ["edge", "CloudFront", "cloudfront"],
    ["zoneId", ZONE_A.toUpperCase(), ZONE_A],
    ["route53ZoneId", "/hostedzone/z0123456789abcdefghij", "Z0123456789ABCDEFGHIJ"],
    ["ipv6", "2001:db8:0:0::10", "2001:db8::10"],
  ])("normalizes %s %j with the config's own field parser", (key, input, value) => {
    expect(checkAnswer(key, input)).toEqual({ ok: true, value });
  });

  it.each<[AnswerKey, string, string]>([
    ["region", "useast", '--region: must be one of us, eu, au; received "useast"'],
    ["domain", "https://emails.example.com/", '--domain: must be a bare host name: drop the scheme "https://" (use "emails.example.com"); received "https://emails.example.com/"'],
    ["mode", "workers", '--mode: must be one of page-rules, rulesets, worker (did you mean "worker"?); received "workers"'],
    ["certificateFile", "relative.pem", '--certificate-file: must be an absolute path on the proxy (starting with /); received "relative.pem"'],
  ])("fails when %s is %j, in the house format", (key, input, line) => {
    const checked = checkAnswer(key, input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(`${checked.problem.path}: ${checked.problem.message}; received ${JSON.stringify(checked.problem.received)}`).toBe(line);
  });

  it("puts only the answered keys in the spec, and the chosen edge's block even when empty", () => {
    expect(initConfig({ domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudfront" })).toEqual({
      domains: [{ domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudfront", cloudfront: {} }],
    });
    // A key of another edge's block is left out (the command refuses it before).
    expect(initConfig({ edge: "cloudflare", zoneId: ZONE_A, server: "nginx" })).toEqual({ domains: [{ edge: "cloudflare", cloudflare: { zoneId: ZONE_A } }] });
  });

  it("ties the config's problems to the answers (missing ones and rules between keys)", () => {
    const review = reviewAnswers({ domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudfront", route53ZoneId: "Z123" });
    if (review.ok) throw new Error("a Route 53 zone without dns: route53 must not pass");
    expect(review.problems).toEqual([
      {
        key: "route53ZoneId",
        missing: false,
        problem: { path: "--route53-zone-id", message: 'is only used with dns: route53, but dns is "external"; remove it or set dns: route53', received: "Z123" },
      },
    ]);
    const partial = reviewAnswers({ edge: "cloudflare", mode: "worker" });
    if (partial.ok) throw new Error("answers without a domain must not pass");
    const missing = partial.problems.filter((found) => found.missing).map((found) => found.problem.path);
    expect(missing).toEqual(["--domain", "--workspace", "--region", "--zone-id", "--account-id"]);
  });

  it("gives the valid answers' spec, normalized and with the config's defaults, and its warnings by answer", () => {
    const review = reviewAnswers({ domain: "emails.example.com", workspace: "acme", region: "eu", edge: "proxy", server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "10.0.0.7" });
    expect(review).toMatchObject({
      ok: true,
      spec: { domain: "emails.example.com", workspace: "acme", region: "eu", edge: "proxy", proxy: { server: "nginx", ipv4: "10.0.0.7", dns: { kind: "external" } } },
      warnings: [{ key: "ipv4", missing: false, problem: { path: "--ipv4", message: expect.stringMatching(/private/) } }],
    });
  });
});

describe("email-assets init without questions", () => {
  it.each([
    {
      name: "cloudflare (page-rules by default)",
      flags: ["--edge", "cloudflare", "--zone-id", ZONE_A],
      spec: { edge: "cloudflare", cloudflare: { zoneId: ZONE_A } },
      summary: "emails.example.com: edge cloudflare, mode page-rules, zone 0123456789abcdef0123456789abcdef, ssl scope host, region us, CNAME -> acme.intercom-mail.com, stack emails-example-com",
    },
    {
      name: "cloudflare in worker mode",
      flags: ["--edge", "cloudflare", "--zone-id", ZONE_A, "--mode", "worker", "--account-id", ZONE_B],
      spec: { edge: "cloudflare", cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ZONE_B } },
      summary: "emails.example.com: edge cloudflare, mode worker, zone 0123456789abcdef0123456789abcdef, ssl scope host, region us, CNAME -> acme.intercom-mail.com, stack emails-example-com",
    },
    {
      name: "cloudfront with every default (an empty block)",
      flags: ["--edge", "cloudfront"],
      spec: { edge: "cloudfront", cloudfront: {} },
      // The config's warning about a default, named by the flag that changes it.
      warning: 'warning: --dns (not given, so the default): is external and a certificate will be created: the first apply waits until you create the certificate\'s validation record; apply the certificate first (terraform apply -target=aws_acm_certificate.certificate), create the records that `terraform output` shows, then apply the rest; received "external"\n',
      summary:
        "emails.example.com: edge cloudfront, dns external, certificate new (DNS-validated), price class PriceClass_All, viewer TLS TLSv1.2_2021, region us, CNAME -> the CloudFront distribution, stack emails-example-com",
    },
    {
      name: "cloudfront with a certificate and Route 53",
      flags: ["--edge", "cloudfront", "--certificate-arn", EXISTING_CERTIFICATE_ARN, "--dns", "route53", "--route53-zone-id", "/hostedzone/Z0123456789ABCDEFGHIJ"],
      spec: { edge: "cloudfront", cloudfront: { certificateArn: EXISTING_CERTIFICATE_ARN, dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" } },
      summary: `emails.example.com: edge cloudfront, dns route53 (zone Z0123456789ABCDEFGHIJ), certificate ${EXISTING_CERTIFICATE_ARN}, price class PriceClass_All, viewer TLS TLSv1.2_2021, region us, A -> the CloudFront distribution, stack emails-example-com`,
    },
    {
      name: "proxy with both addresses and Cloudflare DNS",
      flags: [
        "--edge", "proxy", "--server", "nginx",
        "--certificate-file", "/etc/letsencrypt/live/emails.example.com/fullchain.pem",
        "--certificate-key-file", "/etc/letsencrypt/live/emails.example.com/privkey.pem",
        "--ipv4", "203.0.113.10", "--ipv6", "2001:db8::10", "--dns", "cloudflare", "--cloudflare-zone-id", ZONE_B,
      ],
      spec: {
        edge: "proxy",
        proxy: {
          server: "nginx",
          certificateFile: "/etc/letsencrypt/live/emails.example.com/fullchain.pem",
          certificateKeyFile: "/etc/letsencrypt/live/emails.example.com/privkey.pem",
          ipv4: "203.0.113.10",
          ipv6: "2001:db8::10",
          dns: "cloudflare",
          cloudflareZoneId: ZONE_B,
        },
      },
      summary: "emails.example.com: edge proxy, server nginx, dns cloudflare, config emails.example.com.nginx.conf, region us, A -> 203.0.113.10, stack emails-example-com",
    },
    {
      name: "proxy on IPv6 only",
      flags: ["--edge", "proxy", "--server", "apache", "--certificate-file", "/etc/ssl/e.pem", "--certificate-key-file", "/etc/ssl/e.key", "--ipv6", "2001:db8::10"],
      spec: { edge: "proxy", proxy: { server: "apache", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv6: "2001:db8::10" } },
      summary: "emails.example.com: edge proxy, server apache, dns external, config emails.example.com.apache.conf, region us, AAAA -> 2001:db8::10, stack emails-example-com",
    },
  ])("writes a valid email-assets.yaml for $name", ({ flags, spec, summary, warning = "" }) => {
    const cwd = workdir();
    const run = init([...COMMON, ...flags], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    const file = join(cwd, "email-assets.yaml");
    expect(parse(readFileSync(file, "utf8"))).toEqual({ domains: [{ domain: "emails.example.com", workspace: "acme", region: "us", ...spec }] });
    expect(run.stderr).toBe(
      `${warning}wrote email-assets.yaml: emails.example.com, edge ${spec.edge}, Intercom host acme.intercom-mail.com. Next: email-assets validate, then email-assets synth; after deploying, email-assets verify --domain emails.example.com\n`,
    );
    expect(listing(cwd)).toEqual(["email-assets.yaml"]);
    // The other commands find it where init put it, and accept it.
    const check = runNode(CLI_JS, ["validate"], cwd);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toBe(`${summary}\n`);
  });

  it("writes the normalized values, JSON for a .json --out, and says --config for a file the commands would not find", () => {
    const cwd = workdir();
    mkdirSync(join(cwd, "conf"));
    const run = init(["--domain", "Emails.Example.COM.", "--workspace", "ACME", "--region", "EU", "--edge", "Cloudflare", "--zone-id", ZONE_A.toUpperCase(), "--out", "conf/mail.json"], cwd);
    expect(run.status, run.stderr).toBe(0);
    const text = readFileSync(join(cwd, "conf", "mail.json"), "utf8");
    expect(JSON.parse(text)).toEqual({ domains: [{ domain: "emails.example.com", workspace: "acme", region: "eu", edge: "cloudflare", cloudflare: { zoneId: ZONE_A } }] });
    expect(run.stderr).toBe(
      "wrote conf/mail.json: emails.example.com, edge cloudflare, Intercom host acme.intercom-mail.eu. Next: email-assets validate --config conf/mail.json, then email-assets synth --config conf/mail.json; after deploying, email-assets verify --domain emails.example.com --config conf/mail.json\n",
    );
    expect(validate("conf/mail.json", cwd).status).toBe(0);
  });

  it("passes the config's warnings on, by flag, and still writes", () => {
    const cwd = workdir();
    const run = init(["--domain", "a.b.example.com", "--workspace", "acme", "--region", "us", "--edge", "cloudflare", "--zone-id", ZONE_A, "--mode", "rulesets", "--account-id", ZONE_B], cwd);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(`warning: --account-id: is only used in worker mode; mode is "rulesets"; received "${ZONE_B}"`);
    expect(lines[1]).toMatch(/^warning: --domain: is more than one level below its registered domain; .*; received "a\.b\.example\.com"$/);
    expect(lines[2]).toMatch(/^wrote email-assets\.yaml: /);
  });

  it("fails when required flags are missing: exit 2, every missing flag named at once, nothing written", () => {
    const cwd = workdir();
    const run = init(["--yes", "--domain", "emails.example.com", "--edge", "proxy", "--dns", "route53"], cwd);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      "--workspace: is required (the Intercom workspace subdomain, e.g. acme for acme.intercom-mail.com); received nothing",
      "--region: is required (the workspace's data hosting region: us, eu or au); received nothing",
      "--server: is required (apache or nginx); received nothing",
      "--certificate-file: is required (path of the certificate chain (PEM) on the proxy); received nothing",
      "--certificate-key-file: is required (path of the private key (PEM) on the proxy); received nothing",
      '--route53-zone-id: is required when dns is "route53" (the hosted zone that holds the domain, Z...); received nothing',
      "--ipv4: is required (or ipv6): the proxy's public address, which the custom domain's A (or AAAA) record points at; received nothing",
      "email-assets init: nothing written; give --workspace, --region, --server, --certificate-file, --certificate-key-file, --route53-zone-id, --ipv4 (or run it in a terminal without --yes to be asked)",
    ]);
    expect(listing(cwd)).toEqual([]);
  });

  it("fails when the worker mode's account is missing, naming --account-id", () => {
    const cwd = workdir();
    const run = init([...COMMON, "--edge", "cloudflare", "--zone-id", ZONE_A, "--mode", "worker"], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--account-id: is required when mode is "worker" (the account that owns the Worker, 32 hex digits); received nothing\n');
    expect(run.stderr).toContain("nothing written; give --account-id (");
    expect(listing(cwd)).toEqual([]);
  });

  it("fails when a flag has a bad value: exit 2 in the house format, every bad value at once", () => {
    const cwd = workdir();
    const run = init(["--domain", "https://emails.example.com/", "--workspace", "acme", "--region", "useast", "--edge", "cloudflare", "--zone-id", "123"], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      '--domain: must be a bare host name: drop the scheme "https://" (use "emails.example.com"); received "https://emails.example.com/"',
      '--region: must be one of us, eu, au; received "useast"',
      '--zone-id: must be a Cloudflare zone id: 32 hexadecimal digits (the zone\'s Overview page shows it); received "123"',
      "email-assets init: nothing written",
    ]);
    expect(listing(cwd)).toEqual([]);
  });

  it.each([
    [["--edge", "cloudflare", "--zone-id", ZONE_A, "--server", "nginx"], '--server: is only used with --edge proxy, not with --edge cloudflare; leave it out or change --edge; received "nginx"'],
    [["--edge", "cloudflare", "--zone-id", ZONE_A, "--dns", "route53"], '--dns: is only used with --edge cloudfront or proxy, not with --edge cloudflare; leave it out or change --edge; received "route53"'],
    [["--edge", "cloudfront", "--route53-zone-id", "Z0123456789ABCDEFGHIJ"], '--route53-zone-id: is only used with dns: route53, but dns is "external"; remove it or set dns: route53; received "Z0123456789ABCDEFGHIJ"'],
  ])("fails when flags do not fit together: %j", (flags, line) => {
    const cwd = workdir();
    const run = init([...COMMON, ...flags], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.split("\n")).toContain(line);
    expect(listing(cwd)).toEqual([]);
  });

  it("fails when --out exists and --force is not given, leaving the file as it was", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", "# mine\n");
    const run = init([...COMMON, "--edge", "cloudflare", "--zone-id", ZONE_A], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('--out: exists; pass --force to replace it, or give another file; received "email-assets.yaml"\nemail-assets init: nothing written\n');
    expect(readFileSync(file, "utf8")).toBe("# mine\n");
    expect(listing(cwd)).toEqual(["email-assets.yaml"]);
  });

  it("replaces an existing --out with --force, keeping its mode, through a symlink to the file it names", () => {
    const cwd = workdir();
    const real = writeFile(cwd, "configs/real.yaml", "# mine\n");
    chmodSync(real, 0o640);
    symlinkSync(real, join(cwd, "email-assets.yaml"));
    const run = init([...COMMON, "--edge", "cloudflare", "--zone-id", ZONE_A, "--force"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(parse(readFileSync(real, "utf8"))).toEqual({ domains: [{ domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A } }] });
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(listing(cwd)).toEqual(["configs", "email-assets.yaml"]);
    expect(listing(join(cwd, "configs"))).toEqual(["real.yaml"]);
  });

  it.each([
    ["", '--out: is empty; give the file to write, e.g. email-assets.yaml; received ""'],
    ["conf/", '--out: ends in /, so it names a folder; give the file to write, e.g. conf/email-assets.yaml; received "conf/"'],
    ["missing/e.yaml", "--out: is in a folder that does not exist: "],
    ["conf", '--out: is a folder; give the file to write, e.g. conf/email-assets.yaml; received "conf"'],
  ])("fails when --out is %j", (out, message) => {
    const cwd = workdir();
    mkdirSync(join(cwd, "conf"));
    const run = init([...COMMON, "--edge", "cloudflare", "--zone-id", ZONE_A, "--out", out, "--force"], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(listing(cwd)).toEqual(["conf"]);
    expect(listing(join(cwd, "conf"))).toEqual([]);
  });

  it("fails at once, without waiting for input, when stdin is not a terminal and flags are missing (no --yes)", async () => {
    const cwd = workdir();
    // stdin stays open and silent: a command that read it would wait forever.
    const child = spawn(process.execPath, [CLI_JS, "init", "--domain", "emails.example.com"], { cwd, env: cleanEnv(), stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        done(null);
      }, 15_000);
      child.on("exit", (status) => {
        clearTimeout(timer);
        done(status);
      });
    });
    child.stdin.destroy();
    expect(code, "init waited for input").toBe(2);
    expect(stderr).toContain("email-assets init: nothing written; give --workspace, --region, --edge (or run it in a terminal without --yes to be asked)");
    expect(listing(cwd)).toEqual([]);
  });
});

/** ANSI escapes (colours, cursor moves) and carriage returns, which the screen does not show as text. */
function screenText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/\r/g, "");
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const UTIL_LINUX_SCRIPT = "script";
const DOWN = "\x1b[B";
const ENTER = "\r";
/** Ctrl+U: clears what was typed at the prompt. */
const CLEAR_LINE = "\x15";

/**
 * `email-assets init` on a real pseudo-terminal: util-linux `script` gives it one, and relays what
 * it draws and what is typed. Every wait is bounded; the terminal is closed after each test.
 */
class Terminal {
  private raw = "";
  private seen = 0;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exit: Promise<number | null>;

  constructor(args: readonly string[], cwd: string) {
    const command = [process.execPath, CLI_JS, "init", ...args].map(shellQuote).join(" ");
    this.child = spawn(UTIL_LINUX_SCRIPT, ["-qfec", command, "/dev/null"], { cwd, env: cleanEnv({ TERM: "xterm" }), stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.on("data", (chunk: Buffer) => (this.raw += chunk.toString()));
    this.child.stderr.on("data", (chunk: Buffer) => (this.raw += chunk.toString()));
    this.exit = new Promise((done) => this.child.on("exit", (code) => done(code)));
    terminals.push(this);
  }

  /** What the screen has shown so far, without escapes. */
  get screen(): string {
    return screenText(this.raw);
  }

  /** Waits until `text` shows after what was waited for before. */
  async waitFor(text: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.screen.indexOf(text, this.seen);
      if (at >= 0) {
        this.seen = at + text.length;
        return;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}; the screen after the last match:\n${this.screen.slice(this.seen)}`);
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  /** Waits for the prompt, then types the answer. */
  async answer(prompt: string, keys: string): Promise<void> {
    await this.waitFor(prompt);
    this.child.stdin.write(keys);
  }

  type(keys: string): void {
    this.child.stdin.write(keys);
  }

  async exitCode(timeoutMs = 15_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((done) => (timer = setTimeout(() => done("timeout"), timeoutMs)));
    const result = await Promise.race([this.exit, timeout]);
    clearTimeout(timer);
    if (result === "timeout") throw new Error(`init did not exit; the screen:\n${this.screen}`);
    return result;
  }

  close(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

const terminals: Terminal[] = [];
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.close();
});

describe("email-assets init in a terminal", () => {
  it("has util-linux script to give it a pseudo-terminal", () => {
    const found = spawnSync(UTIL_LINUX_SCRIPT, ["--version"], { encoding: "utf8" });
    expect(found.stdout, "install util-linux (bsdutils on Debian): the terminal tests need `script`").toMatch(/util-linux/);
  });

  it("asks every question of a Cloudflare worker domain, shows the Intercom host, re-asks a bad answer, and writes a valid file", async () => {
    const cwd = workdir();
    const terminal = new Terminal([], cwd);
    await terminal.answer("Custom domain for email assets", `https://emails.example.com/${ENTER}`);
    // The config's own message, and the same question again.
    await terminal.waitFor('must be a bare host name: drop the scheme "https://"');
    terminal.type(`${CLEAR_LINE}emails.example.com${ENTER}`);
    await terminal.answer("Intercom workspace subdomain", `acme${ENTER}`);
    await terminal.answer("Intercom data hosting region", ENTER);
    await terminal.waitFor("Intercom host: acme.intercom-mail.com");
    await terminal.answer("What serves emails.example.com", ENTER);
    await terminal.answer("Cloudflare zone id", `not-a-zone${ENTER}`);
    await terminal.waitFor("must be a Cloudflare zone id: 32 hexadecimal digits");
    terminal.type(`${CLEAR_LINE}${ZONE_A}${ENTER}`);
    await terminal.answer("Cloudflare mode", `${DOWN}${DOWN}`);
    await terminal.waitFor("❯ worker");
    terminal.type(ENTER);
    await terminal.answer("Cloudflare account id that owns the Worker", `${ZONE_B}${ENTER}`);
    await terminal.waitFor("wrote email-assets.yaml: emails.example.com, edge cloudflare, Intercom host acme.intercom-mail.com. Next: email-assets validate");
    expect(await terminal.exitCode()).toBe(0);

    const file = join(cwd, "email-assets.yaml");
    expect(parse(readFileSync(file, "utf8"))).toEqual({
      domains: [{ domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ZONE_B } }],
    });
    const check = validate(file, cwd);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^emails\.example\.com: edge cloudflare, mode worker, /);
  });

  it("asks only what the flags leave open, and offers only the edges the flags fit", async () => {
    const cwd = workdir();
    const terminal = new Terminal(["--domain", "links.example.com", "--workspace", "acme", "--server", "apache", "--certificate-file", "/etc/ssl/l.pem", "--certificate-key-file", "/etc/ssl/l.key"], cwd);
    await terminal.waitFor("Intercom data hosting region");
    terminal.type(`${DOWN}${DOWN}`);
    await terminal.waitFor("❯ au");
    terminal.type(ENTER);
    await terminal.waitFor("Intercom host: acme.au.intercom-mail.com");
    await terminal.waitFor("What serves links.example.com");
    await terminal.waitFor("cloudfront  a CloudFront distribution with an ACM certificate (not with");
    // The cursor starts on the one edge they fit.
    await terminal.waitFor("❯ proxy");
    terminal.type(ENTER);
    // No address: the config requires one, so the question comes back with its problem.
    await terminal.answer("public IPv4 address", ENTER);
    await terminal.answer("public IPv6 address", ENTER);
    await terminal.answer("Who holds the DNS of links.example.com", ENTER);
    await terminal.waitFor("--ipv4: is required (or ipv6)");
    await terminal.answer("public IPv4 address", `203.0.113.7${ENTER}`);
    await terminal.waitFor("wrote email-assets.yaml: links.example.com, edge proxy");
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.screen).not.toContain("Custom domain for email assets");
    expect(parse(readFileSync(join(cwd, "email-assets.yaml"), "utf8"))).toEqual({
      domains: [
        {
          domain: "links.example.com",
          workspace: "acme",
          region: "au",
          edge: "proxy",
          proxy: { server: "apache", certificateFile: "/etc/ssl/l.pem", certificateKeyFile: "/etc/ssl/l.key", ipv4: "203.0.113.7", dns: "external" },
        },
      ],
    });
  });

  it("fails when the overwrite question is answered No (the default): exit 1, the file unchanged, nothing else asked", async () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", "# mine\n");
    const terminal = new Terminal([], cwd);
    await terminal.answer("email-assets.yaml exists. Replace it?", ENTER);
    await terminal.waitFor("email-assets init: kept email-assets.yaml; nothing written");
    expect(await terminal.exitCode()).toBe(1);
    expect(readFileSync(file, "utf8")).toBe("# mine\n");
    expect(terminal.screen).not.toContain("Custom domain");
    expect(listing(cwd)).toEqual(["email-assets.yaml"]);
  });

  it("replaces the file when the overwrite question is answered Yes", async () => {
    const cwd = workdir();
    const file = writeFile(cwd, "email-assets.yaml", "# mine\n");
    const terminal = new Terminal([...COMMON, "--edge", "cloudfront"], cwd);
    await terminal.answer("email-assets.yaml exists. Replace it?", `y${ENTER}`);
    await terminal.answer("ACM certificate ARN in us-east-1", ENTER);
    await terminal.answer("Who holds the DNS of emails.example.com", `${DOWN}`);
    await terminal.waitFor("❯ route53");
    terminal.type(ENTER);
    await terminal.answer("Route 53 hosted zone id", `Z0123456789ABCDEFGHIJ${ENTER}`);
    await terminal.waitFor("wrote email-assets.yaml: emails.example.com, edge cloudfront");
    expect(await terminal.exitCode()).toBe(0);
    expect(parse(readFileSync(file, "utf8"))).toEqual({
      domains: [{ domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" } }],
    });
    expect(listing(cwd)).toEqual(["email-assets.yaml"]);
  });

  it("fails when cancelled with Ctrl+C: exit 1, nothing written", async () => {
    const cwd = workdir();
    const terminal = new Terminal([], cwd);
    await terminal.answer("Custom domain for email assets", "emails.exa");
    terminal.type("\x03");
    await terminal.waitFor("email-assets init: cancelled; nothing written");
    expect(await terminal.exitCode()).toBe(1);
    expect(listing(cwd)).toEqual([]);
  });

  it("fails when --yes is given in a terminal and flags are missing: no question, exit 2", async () => {
    const cwd = workdir();
    const terminal = new Terminal(["--yes", "--domain", "emails.example.com"], cwd);
    await terminal.waitFor("email-assets init: nothing written; give --workspace, --region, --edge (or run it in a terminal without --yes to be asked)");
    expect(await terminal.exitCode()).toBe(2);
    expect(terminal.screen).not.toContain("Custom domain");
    expect(existsSync(join(cwd, "email-assets.yaml"))).toBe(false);
  });

  it("fails when the edge flags given fit no edge, before asking anything", async () => {
    const cwd = workdir();
    const terminal = new Terminal(["--zone-id", ZONE_A, "--server", "nginx"], cwd);
    await terminal.waitFor("--edge: no edge takes all of --zone-id, --server; leave out the flags of the edges you do not use; received nothing");
    expect(await terminal.exitCode()).toBe(2);
    expect(terminal.screen).not.toContain("Custom domain");
    expect(listing(cwd)).toEqual([]);
  });

  it("fails when an answer leaves a flag without its meaning (a Route 53 zone, then other DNS): exit 2, the flag named, nothing written", async () => {
    const cwd = workdir();
    const terminal = new Terminal([...COMMON, "--edge", "cloudfront", "--route53-zone-id", "Z0123456789ABCDEFGHIJ"], cwd);
    await terminal.answer("ACM certificate ARN in us-east-1", ENTER);
    // The first choice, another DNS host, leaves --route53-zone-id meaningless.
    await terminal.answer("Who holds the DNS of emails.example.com", ENTER);
    await terminal.waitFor('--route53-zone-id: is only used with dns: route53, but dns is "external"; remove it or set dns: route53; received "Z0123456789ABCDEFGHIJ"');
    await terminal.waitFor("email-assets init: the flags do not fit the answers; nothing written");
    expect(await terminal.exitCode()).toBe(2);
    expect(listing(cwd)).toEqual([]);
  });

  it("fails when a flag has a bad value, before asking anything", async () => {
    const cwd = workdir();
    const terminal = new Terminal(["--region", "useast"], cwd);
    await terminal.waitFor('--region: must be one of us, eu, au; received "useast"');
    expect(await terminal.exitCode()).toBe(2);
    expect(terminal.screen).not.toContain("Custom domain");
  });
});
