import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { cloudflareDomain, ZONE_A } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";
import { APP_JS, CLI_JS, cleanEnv, runNode, useTempDirs, writeFile } from "../support/project";

const workdir = useTempDirs();
const VALID = { domains: [cloudflareDomain()] };

/** `email-assets validate` in `cwd`, with a time limit: an input that makes it hang fails the test. */
function validate(cwd: string, args: string[] = []) {
  const result = spawnSync(process.execPath, [CLI_JS, "validate", ...args], { cwd, env: cleanEnv(), encoding: "utf8", timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined };
}

/** Every stderr line is a problem line, `<path>: <problem>; received <value>`: no stack trace, no library chatter. */
function expectOnlyProblemLines(stderr: string): string[] {
  const lines = stderr.trimEnd().split("\n");
  for (const line of lines) {
    expect(line).toMatch(/^(config|EMAIL_ASSETS_CONFIG|[A-Za-z_[]\S*): .+; received .+$/);
    expect(line.length).toBeLessThan(700);
  }
  expect(stderr).not.toMatch(/\n\s+at |Error:|TypeError|RangeError/);
  return lines;
}

/** [case, how to make the file (returns its path, relative to the folder), fragment of the one problem line] */
const UNREADABLE_FILES: [string, (dir: string) => string, string][] = [
  ["a dangling symlink", (dir) => (symlinkSync("nowhere.yaml", join(dir, "c.yaml")), "c.yaml"), "it is a symbolic link to nowhere.yaml, which does not exist"],
  ["a symlink loop", (dir) => (symlinkSync("b.yaml", join(dir, "c.yaml")), symlinkSync("c.yaml", join(dir, "b.yaml")), "c.yaml"), "leads back to itself (a loop)"],
  ["a folder", (dir) => (mkdirSync(join(dir, "c.yaml")), "c.yaml"), "it is a folder; name a YAML or JSON file"],
  ["a FIFO (which a read would block on)", (dir) => (spawnSync("mkfifo", [join(dir, "c.yaml")]), "c.yaml"), "it is a FIFO (named pipe)"],
  ["over 10 MB", (dir) => (writeFileSync(join(dir, "c.yaml"), ""), truncateSync(join(dir, "c.yaml"), 10 * 1024 * 1024 + 1), "c.yaml"), "a config file may be at most 10485760 bytes (10 MB)"],
  ["UTF-16", (dir) => (writeFileSync(join(dir, "c.json"), Buffer.from(`\ufeff${JSON.stringify(VALID)}`, "utf16le")), "c.json"), "it is UTF-16 or UTF-32 text; save it as UTF-8"],
  ["binary", (dir) => (writeFileSync(join(dir, "c.yaml"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])), "c.yaml"), "it is not a text file (it holds NUL bytes)"],
  ["not UTF-8", (dir) => (writeFileSync(join(dir, "c.yaml"), Buffer.from("domains: caf\xe9\n", "latin1")), "c.yaml"), "it is not UTF-8 text"],
  ["a JSON file with a key written twice", (dir) => (writeFileSync(join(dir, "c.json"), '{"domains": [{"domain": "a.example.com", "workspace": "acme", "workspace": "evil"}]}'), "c.json"), 'domains[0].workspace: is written twice in c.json (line 1, columns 42 and 63)'],
  ["a YAML file with a CloudFormation tag", (dir) => (writeFileSync(join(dir, "c.yaml"), "domains:\n  - domain: !Ref Domain\n"), "c.yaml"), "uses the YAML tag !Ref at line 2, column 13"],
  ["a YAML file with a language tag", (dir) => (writeFileSync(join(dir, "c.yaml"), "domains: !!js/undefined x\n"), "c.yaml"), "uses the YAML tag !!js/undefined"],
  ["a YAML alias inside its own anchor", (dir) => (writeFileSync(join(dir, "c.yaml"), "x-loop: &a [*a]\ndomains: *a\n"), "c.yaml"), "domains[0]: holds itself (a YAML alias used inside its own anchor)"],
  ["YAML nested 100,000 levels", (dir) => (writeFileSync(join(dir, "c.yaml"), `domains: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`), "c.yaml"), "is nested too deeply to read"],
  ["JSON nested 100,000 levels", (dir) => (writeFileSync(join(dir, "c.json"), `{"domains": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`), "c.json"), "is nested too deeply to read"],
  ["empty", (dir) => (writeFileSync(join(dir, "c.json"), " \n"), "c.json"), "c.json is empty; write { domains: [ ... ] } in it"],
  ["YAML with only a comment", (dir) => (writeFileSync(join(dir, "c.yaml"), "# domains to come\n"), "c.yaml"), "c.yaml is empty (or holds only comments)"],
  ["YAML with two documents, of which a parser would read only the first", (dir) => (writeFileSync(join(dir, "c.yaml"), `${stringify(VALID)}---\n${stringify(VALID)}`), "c.yaml"), "c.yaml holds 2 YAML documents (--- separators)"],
  ["YAML with an !!omap block (which would read as an empty object)", (dir) => (writeFileSync(join(dir, "c.yaml"), "domains:\n  - !!omap [domain: a.example.com, workspace: acme]\n"), "c.yaml"), "domains[0]: is tagged !!omap, which is not plain data"],
  ["YAML with a !!set", (dir) => (writeFileSync(join(dir, "c.yaml"), "domains: !!set {a, b}\n"), "c.yaml"), "domains: is tagged !!set, which is not plain data"],
  ["YAML with a !!binary id", (dir) => (writeFileSync(join(dir, "c.yaml"), "domains:\n  - workspace: !!binary YWNtZQ==\n"), "c.yaml"), "domains[0].workspace: is tagged !!binary, which is not plain data"],
  ["YAML with an alias before its anchor", (dir) => (writeFileSync(join(dir, "c.yaml"), "domains: [*later]\nx-a: &later {}\n"), "c.yaml"), "domains[0]: uses the alias *later before its anchor &later"],
  ["YAML that merges a list item that is not a mapping", (dir) => (writeFileSync(join(dir, "c.yaml"), "x-a: &a [1]\ndomains:\n  - {<<: *a}\n"), "c.yaml"), 'domains[0]["<<"]: must merge a mapping'],
  ["YAML 1.1 with an unquoted date", (dir) => (writeFileSync(join(dir, "c.yaml"), "%YAML 1.1\n---\ndomains:\n  - workspace: 2024-01-01\n"), "c.yaml"), "domains[0].workspace: is a date, not plain data"],
  ["YAML with keys 1 and \"1\", which become one key", (dir) => (writeFileSync(join(dir, "c.yaml"), "domains:\n  - {1: a, \"1\": b}\n"), "c.yaml"), 'the key "1" is written twice in one mapping'],
  ["a billion laughs of YAML aliases", (dir) => (writeFileSync(join(dir, "c.yaml"), [...Array.from({ length: 12 }, (_, i) => (i === 0 ? "x-a0: &a0 [x,x,x,x,x,x,x,x,x,x]" : `x-a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(",")}]`)), "domains: *a11", ""].join("\n")), "c.yaml"), "config: holds more than 1000000 values"],
  ["YAML nested 40 levels", (dir) => (writeFileSync(join(dir, "c.yaml"), `domains: ${"[".repeat(40)}${"]".repeat(40)}\n`), "c.yaml"), "is nested more than 32 levels deep"],
];

describe("config files that cannot be read are errors, never 'no config'", () => {
  it.each(UNREADABLE_FILES)("fails when the file is %s: exit 1, one problem line, nothing else", (_name, make, fragment) => {
    const dir = workdir();
    const file = make(dir);
    const run = validate(dir, ["--config", file]);
    expect(run.timedOut, "validate hung").toBe(false);
    expect(run.status, run.stderr).toBe(1);
    const lines = expectOnlyProblemLines(run.stderr);
    expect(lines.some((line) => line.includes(fragment)), run.stderr).toBe(true);
  });

  it("fails on a dangling email-assets.yaml symlink in the working directory instead of using the embedded example, and synth leaves cdktf.out alone", () => {
    const dir = workdir();
    symlinkSync("gone.yaml", join(dir, "email-assets.yaml"));
    const run = validate(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^config: cannot read .*email-assets\.yaml: it is a symbolic link to gone\.yaml, which does not exist/);
    writeFile(dir, "cdktf.out/stacks/kept/cdk.tf.json", "{}");
    // An earlier synth's output: an invalid config must leave even synth's own folder as it is.
    writeFile(dir, "cdktf.out/email-assets-synth.json", JSON.stringify({ writtenBy: "email-assets-domain", stacks: ["kept"] }));
    const synth = runNode(APP_JS, [], dir);
    expect(synth.status).toBe(1);
    expect(synth.stderr).toContain("nothing was synthesized");
    expect(spawnSync("ls", [join(dir, "cdktf.out", "stacks")], { encoding: "utf8" }).stdout.trim()).toBe("kept");
  });

  it("reads a JSON file with a UTF-8 byte-order mark like the YAML one", () => {
    const dir = workdir();
    writeFileSync(join(dir, "c.json"), `\ufeff${JSON.stringify(VALID)}`);
    writeFileSync(join(dir, "c.yaml"), `\ufeff${stringify(VALID)}`);
    for (const file of ["c.json", "c.yaml"]) {
      const run = validate(dir, ["--config", file]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("emails.example.com: edge cloudflare");
    }
  });

  it("merges YAML merge keys (<<: *defaults)", () => {
    const dir = workdir();
    const text = [
      "x-defaults: &defaults { workspace: acme, region: eu, edge: cloudflare, cloudflare: { zoneId: " + ZONE_A + " } }",
      "domains:",
      "  - <<: *defaults",
      "    domain: a.example.com",
      "  - <<: *defaults",
      "    domain: b.example.com",
      "    region: us",
      "",
    ].join("\n");
    writeFile(dir, "c.yaml", text);
    const run = validate(dir, ["--config", "c.yaml"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("a.example.com: edge cloudflare, mode page-rules, zone " + ZONE_A);
    expect(run.stdout).toMatch(/a\.example\.com: .*region eu/);
    expect(run.stdout).toMatch(/b\.example\.com: .*region us/);
  });

  it("reports a prototype name as a YAML key like any unknown key", () => {
    const dir = workdir();
    writeFile(dir, "c.yaml", stringify({ domains: [{ ...cloudflareDomain(), ["__proto__"]: { region: "eu" } }] }).replace('"__proto__"', "__proto__"));
    const run = validate(dir, ["--config", "c.yaml"]);
    expect(run.status).toBe(1);
    expect(expectOnlyProblemLines(run.stderr)).toEqual([
      'domains[0].__proto__: unknown key (known keys: domain, workspace, region, edge, stack, retire, adopt, cloudflare, cloudfront, proxy); remove it or fix its name; received {"region":"eu"}',
    ]);
  });

});

describe("odd values inside a valid file", () => {
  it("escapes control, bidi and zero-width characters in received values, and cuts long ones with their length", () => {
    const [line] = problemLines({ domains: [cloudflareDomain({ workspace: `ac\u202eme\u200b\n${"x".repeat(500)}` })] });
    expect(line).toMatch(/^domains\[0\]\.workspace: .*; received "ac\\u202eme\\u200b\\nx+\.\.\. \(\d+ characters\)$/);
    expect(line?.length).toBeLessThan(400);
    expect(line).not.toMatch(/[\u202e\u200b\n]/);
  });

  it("escapes and cuts a long key with odd characters in the field path", () => {
    const [line] = problemLines({ domains: [{ ...cloudflareDomain(), [`\u202e${"k".repeat(300)}`]: 1 }] });
    expect(line).toMatch(/^domains\[0\]\["\\u202ek+\.\.\. \(\d+ characters\)\]: unknown key/);
    expect(line?.length).toBeLessThan(700);
  });

  it("gives prototype names as values an ordinary message", () => {
    expect(problemLines({ domains: [cloudflareDomain({ region: "constructor" })] })).toEqual(['domains[0].region: must be one of us, eu, au; received "constructor"']);
    expect(problemLines({ domains: [{ ...cloudflareDomain(), edge: "cloudfront", cloudflare: undefined, cloudfront: { minimumProtocolVersion: "__proto__" } }] })).toEqual([
      'domains[0].cloudfront.minimumProtocolVersion: must be one of TLSv1.2_2021, TLSv1.2_2019, TLSv1.2_2018; received "__proto__"',
    ]);
  });

  it("never drops a tag keyed __proto__ (a plain object would turn it into its prototype)", () => {
    const tags = JSON.parse('{"__proto__": "x", "team": "mail"}') as Record<string, string>;
    expect(problemLines({ domains: [{ ...cloudflareDomain(), edge: "cloudfront", cloudflare: undefined, cloudfront: { tags } }] })).toEqual([
      'domains[0].cloudfront.tags.__proto__: cannot be a tag key here: it is a reserved name in JavaScript, which this tool runs on; received "x"',
    ]);
  });

  it("reports an object that holds itself, and one nested 10,000 levels, without throwing", () => {
    const loop: Record<string, unknown> = { domain: "a.example.com" };
    loop.cloudflare = loop;
    expect(problemLines({ domains: [loop] })).toEqual(["domains[0].cloudflare: holds itself (a YAML alias used inside its own anchor); write the value out instead; received nothing"]);
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 10_000; i++) deep = (deep.a = {});
    expect(problemLines({ domains: [root] })[0]).toMatch(/^domains\[0\](\.a)+: is nested more than 32 levels deep/);
  });
});
