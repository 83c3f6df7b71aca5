import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, statSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CONFIG_ENV, EMBEDDED_EXAMPLE, EXAMPLE_ENV, findConfigFile, isProjectCheckout, loadConfig } from "../../src/config/files/load-config";
import { ConfigError, formatProblem, formatReceived } from "../../src/config/problems/problem";
import { readConfigFile } from "../../src/config/files/read-config-file";
import { validateConfig } from "../../src/config/rules/validate-config";
import { cloudflareDomain } from "../support/fixtures";
import { PROJECT_DIR, useTempDirs } from "../support/project";

const workdir = useTempDirs();
/** The user id of nobody, as which root reads a file it may not. */
const NOBODY = 65534;
const VALID = { domains: [cloudflareDomain()] };

/** The problem lines of reading `path` (which must fail with a ConfigError). */
function readProblems(path: string): string[] {
  let thrown: unknown;
  try {
    readConfigFile(path);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as ConfigError).problems.map(formatProblem);
}

/** Writes `text` to `name` in a fresh folder and returns its problem lines. */
function problemsOf(name: string, text: string | Buffer): string[] {
  const path = join(workdir(), name);
  writeFileSync(path, text);
  return readProblems(path);
}

/** Writes `text` to `name` in a fresh folder and reads it. */
function read(name: string, text: string): unknown {
  const path = join(workdir(), name);
  writeFileSync(path, text);
  return readConfigFile(path);
}

/** The one `config: cannot read <path>: <why>; received "<path>"` line for a file that cannot be opened. */
const cannotRead = (path: string, why: string, shown = path) => `config: cannot read ${shown}: ${why}; received ${formatReceived(path)}`;

describe("paths that do not lead to a readable file", () => {
  it("says file not found for a missing file", () => {
    const path = join(workdir(), "missing.yaml");
    expect(readProblems(path)).toEqual([cannotRead(path, "file not found")]);
  });

  it("names the target of a dangling symbolic link", () => {
    const dir = workdir();
    symlinkSync("gone.yaml", join(dir, "c.yaml"));
    expect(readProblems(join(dir, "c.yaml"))).toEqual([cannotRead(join(dir, "c.yaml"), "it is a symbolic link to gone.yaml, which does not exist")]);
  });

  it("says a symbolic link loop is one", () => {
    const dir = workdir();
    symlinkSync("b.yaml", join(dir, "a.yaml"));
    symlinkSync("a.yaml", join(dir, "b.yaml"));
    expect(readProblems(join(dir, "a.yaml"))).toEqual([cannotRead(join(dir, "a.yaml"), "it is a symbolic link that leads back to itself (a loop)")]);
  });

  it("says a part of the path is a file, not a folder", () => {
    const dir = workdir();
    writeFileSync(join(dir, "c.yaml"), stringify(VALID));
    const path = join(dir, "c.yaml", "d.yaml");
    expect(readProblems(path)).toEqual([cannotRead(path, "file not found (a part of the path is a file, not a folder)")]);
  });

  it("says a path with a too long name is too long, shortening the path shown to its start and end", () => {
    const path = join(workdir(), `${"x".repeat(300)}.yaml`);
    const shown = `${path.slice(0, 40)}...${path.slice(-77)}`;
    expect(readProblems(path)).toEqual([cannotRead(path, "the path is too long", shown)]);
  });

  it("shows a long path to a missing file by its start and end", () => {
    const path = join(workdir(), "a".repeat(60), "b".repeat(60), "email-assets.yaml");
    expect(path.length).toBeGreaterThan(120);
    const [line] = readProblems(path);
    expect(line).toBe(cannotRead(path, "file not found", `${path.slice(0, 40)}...${path.slice(-77)}`));
    expect(line).toContain(`...${"b".repeat(59)}/email-assets.yaml: file not found`);
  });

  it("passes on the system's own words for an error it has no words of its own for, escaped onto one line", () => {
    const [line] = readProblems("c\0.yaml");
    expect(line).toMatch(/^config: cannot read c\\u0000\.yaml: .*null bytes/);
    expect(line).not.toContain("\0");
  });
});

describe("permission denied", () => {
  it("says permission denied for a file that may not be read", () => {
    const dir = workdir();
    chmodSync(dir, 0o755);
    const path = join(dir, "c.yaml");
    writeFileSync(path, stringify(VALID));
    chmodSync(path, 0o000);
    // Root reads any file whatever its mode: as root, read it as nobody for the moment (the real
    // uid stays root, so the effective one can return; the read is synchronous, nothing else runs).
    const asRoot = process.geteuid?.() === 0;
    if (asRoot) process.seteuid?.(NOBODY);
    let problems: string[];
    try {
      problems = readProblems(path);
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
    expect(problems).toEqual([cannotRead(path, "permission denied")]);
  });
});

describe("paths that are not regular files", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });

  it("refuses a folder", () => {
    const path = join(workdir(), "c.yaml");
    mkdirSync(path);
    expect(readProblems(path)).toEqual([cannotRead(path, "it is a folder; name a YAML or JSON file")]);
  });

  it("refuses a FIFO, which a read would block on", () => {
    const path = join(workdir(), "c.yaml");
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
    expect(readProblems(path)).toEqual([cannotRead(path, "it is a FIFO (named pipe); name a YAML or JSON file")]);
  });

  it("refuses a socket", async () => {
    const path = join(workdir(), "c.sock");
    const listening = createServer();
    server = listening;
    await new Promise<void>((done) => listening.listen(path, done));
    expect(readProblems(path)).toEqual([cannotRead(path, "it is a socket; name a YAML or JSON file")]);
  });

  it("refuses a character device", () => {
    expect(readProblems("/dev/null")).toEqual([cannotRead("/dev/null", "it is a character device; name a YAML or JSON file")]);
  });

  it("refuses a block device", () => {
    // Root makes one of its own (loop device numbers); anyone else needs one of the machine's.
    const made = join(workdir(), "block");
    const path =
      process.geteuid?.() === 0 && spawnSync("mknod", [made, "b", "7", "0"]).status === 0
        ? made
        : ["/dev/loop0", "/dev/vda", "/dev/sda", "/dev/nvme0n1", "/dev/xvda", "/dev/zram0"].find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isBlockDevice());
    expect(path, "a block device to read: run as root (mknod), or on a machine with /dev/loop0 or a disk").toBeDefined();
    expect(readProblems(path ?? "")).toEqual([cannotRead(path ?? "", "it is a block device; name a YAML or JSON file")]);
  });

  it("refuses a file over 10 MB before reading it", () => {
    const path = join(workdir(), "c.yaml");
    writeFileSync(path, "");
    truncateSync(path, 10 * 1024 * 1024 + 1);
    expect(readProblems(path)).toEqual([cannotRead(path, "it is 10485761 bytes; a config file may be at most 10485760 bytes (10 MB)")]);
  });
});

describe("file contents that are not UTF-8 text", () => {
  const text = JSON.stringify(VALID);
  /** UTF-16 big-endian: each code unit's high byte first. */
  const utf16be = (value: string) => Buffer.from(value, "utf16le").swap16();

  it.each([
    ["UTF-16 little-endian", Buffer.from(`\ufeff${text}`, "utf16le")],
    ["UTF-16 big-endian", utf16be(`\ufeff${text}`)],
  ])("refuses %s, asking for UTF-8", (_case, bytes) => {
    const [line] = problemsOf("c.json", bytes);
    expect(line).toMatch(/^config: cannot read .*c\.json: it is UTF-16 or UTF-32 text; save it as UTF-8; received /);
  });

  it("refuses bytes with NULs, and text that is not UTF-8", () => {
    expect(problemsOf("c.yaml", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]))[0]).toMatch(/: it is not a text file \(it holds NUL bytes\); name a YAML or JSON file; /);
    expect(problemsOf("c.yaml", Buffer.from("domains: caf\xe9\n", "latin1"))[0]).toMatch(/: it is not UTF-8 text; save it as UTF-8; /);
  });

  it("drops a UTF-8 byte-order mark", () => {
    expect(read("c.yaml", `\ufeff${stringify(VALID)}`)).toEqual(VALID);
    expect(read("c.json", `\ufeff${text}`)).toEqual(VALID);
  });
});

describe("JSON files", () => {
  it("names each key written twice, on one line or on two, in nested objects and lists too", () => {
    const first = '{"domains": [{"domain": "a.example.com", "region": "us", "region": "eu",';
    const second = '  "cloudflare": {"zoneId": "x"}, "cloudflare": {}}],';
    /** 1-based columns of the two occurrences of `"key"` in `line`. */
    const columns = (line: string, key: string) => [line.indexOf(`"${key}"`) + 1, line.lastIndexOf(`"${key}"`) + 1].join(" and ");
    expect(problemsOf("c.json", [first, second, ' "domains": []}'].join("\n"))).toEqual([
      `domains[0].region: is written twice in c.json (line 1, columns ${columns(first, "region")}); which one is meant is not clear, so keep one; received nothing`,
      `domains[0].cloudflare: is written twice in c.json (line 2, columns ${columns(second, "cloudflare")}); which one is meant is not clear, so keep one; received nothing`,
      "domains: is written twice in c.json (lines 1 and 3); which one is meant is not clear, so keep one; received nothing",
    ]);
  });

  it("says where invalid JSON goes wrong", () => {
    expect(problemsOf("c.json", '{"domains": [}')).toEqual(['config: c.json is not valid JSON at line 1, column 14: Unexpected token RBrace found.; received "c.json"']);
  });

  it("refuses JSON nested too deeply for the parser, without a stack overflow", () => {
    expect(problemsOf("c.json", `{"domains": ${"[".repeat(5_000)}${"]".repeat(5_000)}}`)).toEqual([
      'config: c.json is nested too deeply to read; a valid config needs at most 5 levels; received "c.json"',
    ]);
  });

  it("reads a valid file as its value", () => {
    expect(read("c.json", JSON.stringify(VALID, null, 2))).toEqual(VALID);
  });
});

describe("YAML files", () => {
  it("merges a list of mappings with <<, the mapping's own keys first, then each merged one in order", () => {
    const yaml = ["x-a: &a {workspace: acme, region: us}", "x-b: &b {region: eu, edge: cloudflare}", "domains:", "  - <<: [*a, *b]", "    workspace: own"].join("\n");
    expect((read("c.yaml", yaml) as { domains: unknown[] }).domains).toEqual([{ workspace: "own", region: "us", edge: "cloudflare" }]);
  });

  it("shares a sequence or a scalar through its anchor", () => {
    const yaml = ["x-zone: &zone 0123456789abcdef0123456789abcdef", "x-list: &list [1.1.1.1]", "domains:", "  - {zone: *zone, resolvers: *list}"].join("\n");
    expect((read("c.yaml", yaml) as { domains: unknown[] }).domains).toEqual([{ zone: "0123456789abcdef0123456789abcdef", resolvers: ["1.1.1.1"] }]);
  });

  it("reads a key with no value as null, and a plain tag (!!str) as its value", () => {
    expect(read("c.yaml", "domains:\ndefaults: !!str 123\n")).toEqual({ domains: null, defaults: "123" });
  });

  it("turns a complex (list) key into the text it becomes, which then is an unknown key", () => {
    const value = read("c.yaml", "domains:\n  - ? [a, b]\n    : 1\n");
    expect(value).toEqual({ domains: [{ "a,b": 1 }] });
    expect(validateConfig(value).problems.map(formatProblem)).toContain(
      'domains[0]["a,b"]: unknown key (known keys: domain, workspace, region, edge, stack, retire, adopt, cloudflare, cloudfront, proxy); remove it or fix its name; received 1',
    );
  });

  it.each([
    ["a scalar", "x-s: &s text\ndomains:\n  - {<<: *s}\n", 'received "text"'],
    ["nothing", "domains:\n  - {<<: }\n", "received nothing"],
    ["a list holding a scalar", "x-s: &s text\ndomains:\n  - <<: [{a: 1}, *s]\n", 'received "text"'],
  ])("refuses a merge (<<) of %s, showing what it merges", (_case, yaml, received) => {
    expect(problemsOf("c.yaml", yaml)).toEqual([`domains[0]["<<"]: must merge a mapping (or a list of mappings) (in c.yaml); ${received}`]);
  });

  it.each([
    ["a plain key", "domains:\n  - region: us\n    region: eu\n", 'at line 3, column 5: the key "region"'],
    ["1 and \"1\"", 'domains:\n  - {1: a, "1": b}\n', 'at line 2, column 12: the key "1"'],
    ["a quoted key", "domains:\n  - {'re gion': a, 're gion': b}\n", "at line 2, column 20: the key 're gion'"],
  ])("names a key written twice in a mapping (%s), with where and the fix", (_case, yaml, where) => {
    expect(problemsOf("c.yaml", yaml)).toEqual([
      `config: c.yaml is not valid YAML ${where} is written twice in one mapping (YAML's 1 and "1" are one key here); which one is meant is not clear, so keep one; received "c.yaml"`,
    ]);
  });

  it("says to indent with spaces where a tab indents", () => {
    expect(problemsOf("c.yaml", "domains:\n\t- a\n")[0]).toMatch(/^config: c\.yaml is not valid YAML at line 2, column 1: Tabs are not allowed as indentation; indent with spaces; received "c\.yaml"$/);
  });

  it("refuses a tag that is not plain data, at its path", () => {
    expect(problemsOf("c.yaml", "domains:\n  - !!set {a, b}\n")).toEqual([
      "domains[0]: is tagged !!set, which is not plain data: write a plain mapping, list or quoted string (in c.yaml); received nothing",
    ]);
  });

  it("refuses an alias used before its anchor", () => {
    expect(problemsOf("c.yaml", "domains: [*later]\nx-a: &later {}\n")).toEqual([
      "domains[0]: uses the alias *later before its anchor &later; define the anchor first (in c.yaml); received nothing",
    ]);
  });

  it("refuses a tag it does not know, by how it is written and where", () => {
    expect(problemsOf("c.yaml", "domains:\n  - domain: !Ref Domain\n  - workspace: !!python/str x\n")).toEqual([
      'config: c.yaml uses the YAML tag !Ref at line 2, column 13, which this tool does not read (a config holds plain values: no !Ref, !Sub or language-specific tags); write the value itself; received "c.yaml"',
      'config: c.yaml uses the YAML tag !!python/str at line 3, column 16, which this tool does not read (a config holds plain values: no !Ref, !Sub or language-specific tags); write the value itself; received "c.yaml"',
    ]);
  });

  it("reports the parser's other warnings, and its errors, with where they are", () => {
    expect(problemsOf("c.yaml", "%FOO bar\n---\ndomains: []\n")).toEqual(['config: c.yaml Unknown directive %FOO at line 1, column 1; received "c.yaml"']);
    expect(problemsOf("c.yaml", "domains: [\n")).toEqual([
      'config: c.yaml is not valid YAML at line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]; received "c.yaml"',
    ]);
  });

  it("refuses more than one document", () => {
    expect(problemsOf("c.yaml", `${stringify(VALID)}---\n${stringify(VALID)}---\n{}\n`)).toEqual([
      'config: c.yaml holds 3 YAML documents (--- separators); a config is one document, so merge them; received "c.yaml"',
    ]);
  });

  it.each([
    ["flow", `domains: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`],
    ["block", `domains:\n  ${"- ".repeat(5_000)}x\n`],
  ])("refuses %s YAML nested too deeply for the parser, without a stack overflow", (_case, yaml) => {
    expect(problemsOf("c.yaml", yaml)).toEqual(['config: c.yaml is nested too deeply to read; a valid config needs at most 5 levels; received "c.yaml"']);
  });

  it("at every nesting depth, reads the file or says it is nested too deeply, never failing otherwise", () => {
    // Where the stack runs out (in the YAML parser, in the conversion to plain data, in the JSON
    // parser, or after it) depends on the depth; each place must end in the same message.
    const dir = workdir();
    const outcomes = new Set<string>();
    for (let depth = 500; depth <= 4_000; depth += 250) {
      for (const [name, text] of [
        ["c.yaml", `domains:\n  ${"- ".repeat(depth)}x\n`],
        ["c.json", `{"domains": ${"[".repeat(depth)}1${"]".repeat(depth)}}`],
      ] as const) {
        writeFileSync(join(dir, name), text);
        let outcome: { value: unknown } | { error: unknown };
        try {
          outcome = { value: readConfigFile(join(dir, name)) };
        } catch (error) {
          outcome = { error };
        }
        if ("value" in outcome) {
          expect(validateConfig(outcome.value).problems.map(formatProblem)[0]).toMatch(/: is nested more than 32 levels deep; a valid config needs at most 5; received nothing$/);
          outcomes.add("read");
        } else {
          expect(outcome.error, `${name} at depth ${depth}`).toBeInstanceOf(ConfigError);
          expect((outcome.error as ConfigError).problems.map(formatProblem)).toEqual([`config: ${name} is nested too deeply to read; a valid config needs at most 5 levels; received "${name}"`]);
          outcomes.add("too deep");
        }
      }
    }
    expect([...outcomes].sort()).toEqual(["read", "too deep"]);
  });

  it.each([
    ["c.yaml", "  \n\n"],
    ["c.json", "\n"],
  ])("says %s is empty", (name, text) => {
    expect(problemsOf(name, text)).toEqual([`config: ${name} is empty; write { domains: [ ... ] } in it; received "${name}"`]);
  });
});

describe("loadConfig and findConfigFile", () => {
  const yamlOf = (config: unknown) => stringify(config);

  it("uses the embedded example when no config file is found only when asked, or in the project's own checkout", () => {
    const cwd = workdir();
    expect(findConfigFile({ cwd, env: {} })).toBeUndefined();
    expect(() => loadConfig({ cwd, env: {} })).toThrow(/config: no config found: looked for \$EMAIL_ASSETS_CONFIG \(not set\)/);
    expect(() => loadConfig({ cwd, env: {}, example: false })).toThrow(ConfigError);
    for (const asked of [loadConfig({ cwd, env: {}, example: true }), loadConfig({ cwd, env: { [EXAMPLE_ENV]: "1" } }), loadConfig({ cwd: PROJECT_DIR, env: {} })]) {
      expect(asked.source).toBe(EMBEDDED_EXAMPLE);
      expect(asked.problems).toEqual([]);
      expect(asked.specs.length).toBeGreaterThan(0);
    }
    expect(isProjectCheckout(PROJECT_DIR)).toBe(true);
    expect(isProjectCheckout(cwd)).toBe(false);
  });

  it("--example (example: true) wins over a config file that is there", () => {
    const cwd = workdir();
    writeFileSync(join(cwd, "email-assets.yaml"), "domains: []\n");
    expect(loadConfig({ cwd, env: {}, example: true }).source).toBe(EMBEDDED_EXAMPLE);
  });

  it("reads email-assets.yaml in the working directory", () => {
    const cwd = workdir();
    writeFileSync(join(cwd, "email-assets.yaml"), yamlOf(VALID));
    const loaded = loadConfig({ cwd, env: {} });
    expect(loaded.source).toBe(join(cwd, "email-assets.yaml"));
    expect(loaded.specs.map((spec) => spec.domain)).toEqual(["emails.example.com"]);
  });

  it("refuses two config files in one folder, naming both", () => {
    const cwd = workdir();
    writeFileSync(join(cwd, "email-assets.yaml"), yamlOf(VALID));
    writeFileSync(join(cwd, "email-assets.json"), JSON.stringify(VALID));
    expect(() => findConfigFile({ cwd, env: {} })).toThrow(`config: found email-assets.yaml and email-assets.json in ${cwd}; keep only one so it is clear which is used`);
  });

  it("takes a dangling email-assets.yaml symlink as the config, and says what is wrong with it", () => {
    const cwd = workdir();
    symlinkSync("gone.yaml", join(cwd, "email-assets.yaml"));
    expect(() => loadConfig({ cwd, env: {} })).toThrow("it is a symbolic link to gone.yaml, which does not exist");
  });

  it("takes $EMAIL_ASSETS_CONFIG relative to the working directory, and refuses it blank", () => {
    const cwd = workdir();
    mkdirSync(join(cwd, "conf"));
    writeFileSync(join(cwd, "conf", "fleet.json"), JSON.stringify(VALID));
    writeFileSync(join(cwd, "email-assets.yaml"), "not: used\n");
    expect(loadConfig({ cwd, env: { [CONFIG_ENV]: "conf/fleet.json" } }).source).toBe(join(cwd, "conf", "fleet.json"));
    expect(() => findConfigFile({ cwd, env: { [CONFIG_ENV]: "  " } })).toThrow(
      'EMAIL_ASSETS_CONFIG: is set but blank; name a config file, or unset it to use email-assets.yaml here; received "  "',
    );
  });

  it("resolves an explicit path against the process's working directory when no other is given", () => {
    expect(findConfigFile({ configPath: "fleet.yaml" })).toBe(resolve(process.cwd(), "fleet.yaml"));
  });

  it("takes an explicit path over $EMAIL_ASSETS_CONFIG, and names the file in the error of an invalid config", () => {
    const cwd = workdir();
    writeFileSync(join(cwd, "bad.yaml"), yamlOf({ domains: [cloudflareDomain({ region: "mars" })] }));
    expect(() => loadConfig({ cwd, env: { [CONFIG_ENV]: "elsewhere.yaml" }, configPath: "bad.yaml" })).toThrow(
      `invalid config (${join(cwd, "bad.yaml")}):\n  domains[0].region: must be one of us, eu, au; received "mars"`,
    );
  });
});
