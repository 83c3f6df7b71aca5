import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_DIR, tempDir, writeFile } from "../support/project";

/** Runs a CommonJS snippet with node in the project folder, where the package resolves itself by name. */
function node(script: string): string {
  const result = spawnSync(process.execPath, ["-e", script], { cwd: PROJECT_DIR, encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

const VALIDATE_EXPORTS = [
  "CLOUDFLARE_MODES", "CONFIG_ENV", "CONFIG_FILE_NAMES", "ConfigError", "DEFAULTS", "DNS_CHOICES", "EDGES", "EMBEDDED_EXAMPLE", "EXAMPLE_ENV",
  "EXAMPLE_CONFIG", "MINIMUM_PROTOCOL_VERSIONS", "PRICE_CLASSES", "PROXY_SERVERS", "REGIONS", "RULESET_PHASES", "SSL_SCOPES",
  "findConfigFile", "formatProblem", "intercomHost", "isIntercomHost", "linkBrandingStep", "loadConfig", "normalizeCustomDomain",
  "normalizeWorkspace", "parseConfig", "stackId", "validateConfig", "normalizeStackName", "stateLocation", "BACKEND_TYPES",
  "PARTIAL_BACKEND_TYPES",
];
const MAIN_ONLY_EXPORTS = [
  "AddressRecords", "CloudFrontEmailAssets", "CloudflareEmailAssets", "CloudflareWorker", "CloudflareZoneRulesets", "EmailAssetsStack",
  "InvalidPropsError", "localStatePath", "proxyConfigFileName", "renderProxyConfig", "renderWorkerScript", "resolvePlans", "synthApp",
  "workerScriptName", "resolveStacks", "backendBlock", "MODULES_DIR", "stackToModule",
  "EmailAssetsPolicy", "applyPolicy", "policyViolations", "formatViolation", "POLICY_RULES", "nextSteps", "nextStepsReport",
];

describe("the package's entry points", () => {
  it("email-assets-domain/validate exports exactly the validation API", () => {
    const names = JSON.parse(node('console.log(JSON.stringify(Object.keys(require("email-assets-domain/validate")).sort()))')) as string[];
    expect(names).toEqual([...VALIDATE_EXPORTS].sort());
  });

  it("email-assets-domain exports that plus plans, renderers, constructs and the stack, and no internals", () => {
    const names = JSON.parse(node('console.log(JSON.stringify(Object.keys(require("email-assets-domain")).sort()))')) as string[];
    expect(names).toEqual([...VALIDATE_EXPORTS, ...MAIN_ONLY_EXPORTS].sort());
    for (const internal of ["RULESET_IDS", "ALL_METHODS", "ALL_HTTP_METHODS", "readConfigFile", "parseFields", "GENERATED_MARK"]) {
      expect(names).not.toContain(internal);
    }
  });

  it("validating a config through email-assets-domain/validate loads neither cdktf, constructs nor a provider package", () => {
    const loaded = JSON.parse(
      node(`
        const { validateConfig, EXAMPLE_CONFIG } = require("email-assets-domain/validate");
        const result = validateConfig(EXAMPLE_CONFIG);
        if (result.specs.length !== 4) throw new Error("the example did not validate");
        console.log(JSON.stringify(Object.keys(require.cache)));
      `),
    ) as string[];
    // The library is one bundle (scripts/bundle.mjs) carrying zod and the rest: it is what loads.
    expect(loaded.some((file) => file.endsWith(join("dist", "lib", "library.js")))).toBe(true);
    expect(loaded.filter((file) => /node_modules[\\/](cdktf|constructs|@cdktf)[\\/]/.test(file))).toEqual([]);
  });

  it("the main entry point does load the constructs (a control for the test above)", () => {
    const loaded = JSON.parse(node('require("email-assets-domain"); console.log(JSON.stringify(Object.keys(require.cache)))')) as string[];
    expect(loaded.some((file) => /node_modules[\\/]cdktf[\\/]/.test(file))).toBe(true);
  });
});

type Manifest = Record<string, Record<string, string>>;
const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as Manifest;
/** The packages the app and the library must share: one copy each, the app's own. */
const SHARED = ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-cloudflare"];

/** Every package folder installed under `appDir`, nested ones included, by package name. */
function installedCopies(appDir: string): Map<string, string[]> {
  const copies = new Map<string, string[]>();
  const visit = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules).filter((name) => !name.startsWith("."))) {
      const names = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`) : [entry];
      for (const name of names) {
        copies.set(name, [...(copies.get(name) ?? []), relative(appDir, join(modules, name))]);
        visit(join(modules, name, "node_modules"));
      }
    }
  };
  visit(join(appDir, "node_modules"));
  return copies;
}

/** A small app of the user's: the constructs in a stack of its own, beside its own record, and the project's stack from a config. */
const SYNTH_SCRIPT = `
const { dirname } = require("node:path");
const { App, TerraformStack } = require("cdktf");
const { CloudflareProvider } = require("@cdktf/provider-cloudflare/lib/provider");
const { DnsRecord } = require("@cdktf/provider-cloudflare/lib/dns-record");
const { CloudflareEmailAssets, EmailAssetsStack, intercomHost, parseConfig, resolveStacks } = require("email-assets-domain");

const zoneId = "0123456789abcdef0123456789abcdef";
const app = new App({ outdir: "cdktf.out" });
const stack = new TerraformStack(app, "user-stack");
new CloudflareProvider(stack, "cloudflare", {});
new CloudflareEmailAssets(stack, "emails", { zoneId, domain: "emails.example.com", intercomHost: intercomHost("acme", "us"), pageRulePriorities: { alwaysHttps: 1, hostHeader: 2 } });
new DnsRecord(stack, "www", { zoneId, name: "www.example.com", type: "A", content: "203.0.113.7", proxied: true, ttl: 1 });
const { specs, terraform } = parseConfig({ domains: [{ domain: "links.example.com", workspace: "acme", region: "eu", edge: "cloudflare", cloudflare: { zoneId, mode: "rulesets" } }] });
for (const plan of resolveStacks(specs, terraform)) new EmailAssetsStack(app, plan, { localStatePath: "../../../terraform." + plan.id + ".tfstate" });
app.synth();
// Which copy the library loads, next to the app's own.
const library = dirname(require.resolve("email-assets-domain"));
console.log(JSON.stringify(["cdktf", "constructs"].map((name) => [require.resolve(name), require.resolve(name, { paths: [library] })])));
`;

/** The CDK Terrain version the project switches to (the use:cdktn script, scripts/cdktn-engine.mjs). */
const CDKTN_VERSION = /devDependencies\.cdktf=npm:cdktn@(\d+\.\d+\.\d+)/.exec(manifest.scripts?.["use:cdktn"] ?? "")?.[1];

/**
 * The apps people have, each with its own copies of the shared packages. `constructs` 10.8.1 is what
 * `npm install constructs` gives a cdktf 0.21 app today; CDK Terrain takes constructs below 10.8 (its
 * own peer range) and the overrides README "CDK Terrain" asks for.
 */
const CONSUMER_APPS = [
  { name: "a cdktf 0.21 app on constructs 10.8.1", engine: "0.21.0", dependencies: { cdktf: "0.21.0", constructs: "10.8.1" } },
  {
    name: `a CDK Terrain ${CDKTN_VERSION} app`,
    engine: CDKTN_VERSION,
    dependencies: { cdktf: `npm:cdktn@${CDKTN_VERSION}`, constructs: manifest.devDependencies?.constructs },
    overrides: { "@cdktf/provider-aws": { cdktf: "$cdktf" }, "@cdktf/provider-cloudflare": { cdktf: "$cdktf" } },
  },
];

describe("a consumer app on its own cdktf", () => {
  let tarball = "";
  beforeAll(() => {
    const { dir, cleanup } = tempDir("email-assets-pack-");
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: PROJECT_DIR, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    tarball = join(dir, pack.stdout.trim().split("\n").pop() ?? "");
    return cleanup;
  });

  it("declares cdktf, constructs and each provider package as peer dependencies, constructs in the range cdktf 0.21 takes", () => {
    for (const name of SHARED) {
      expect(manifest.dependencies?.[name], name).toBeUndefined();
      expect(manifest.peerDependencies?.[name], name).toBeDefined();
    }
    // cdktf 0.21's own peer range; CDK Terrain's narrower one is CDK Terrain's to enforce.
    expect(manifest.peerDependencies?.constructs).toBe("^10.4.2");
    expect(CDKTN_VERSION).toBeDefined();
  });

  it.each(CONSUMER_APPS)(
    "$name installs the packed package with one copy each of cdktf, constructs and the provider packages, and synthesizes",
    ({ engine, dependencies, overrides }) => {
      const { dir, cleanup } = tempDir("email-assets-consumer-");
      try {
        const app = {
          name: "consumer-app",
          version: "1.0.0",
          private: true,
          dependencies: {
            ...dependencies,
            "@cdktf/provider-aws": manifest.devDependencies?.["@cdktf/provider-aws"],
            "@cdktf/provider-cloudflare": manifest.devDependencies?.["@cdktf/provider-cloudflare"],
            "email-assets-domain": `file:${tarball}`,
          },
          ...(overrides && { overrides }),
        };
        writeFile(dir, "package.json", JSON.stringify(app, null, 2));
        // A real install (about 450 MB of provider bindings, from npm's cache once fetched): npm's own
        // resolution decides the copies, and the app below runs on what it wrote.
        const install = spawnSync("npm", ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8" });
        expect(install.status, `npm install needs the npm registry (or its cache):\n${install.stderr}`).toBe(0);

        // npm's view: no missing or invalid peer anywhere, and each shared package at the top only.
        const ls = spawnSync("npm", ["ls", "--all", "--parseable"], { cwd: dir, encoding: "utf8" });
        expect(ls.status, ls.stderr).toBe(0);
        const listed = ls.stdout.split("\n").filter((line) => line !== "");
        // The folders on disk, nested node_modules included.
        const copies = installedCopies(dir);
        for (const name of SHARED) {
          expect(listed.filter((path) => path.endsWith(`${sep}node_modules${sep}${join(name)}`)), name).toEqual([join(dir, "node_modules", name)]);
          expect(copies.get(name), name).toEqual([join("node_modules", name)]);
        }
        // On CDK Terrain the engine comes in only as the cdktf alias: a package named cdktn would be a second copy.
        expect(copies.has("cdktn")).toBe(false);
        const engineManifest = JSON.parse(readFileSync(join(dir, "node_modules", "cdktf", "package.json"), "utf8")) as { name: string; version: string };
        expect(`${engineManifest.name}@${engineManifest.version}`).toBe(`${dependencies.cdktf.startsWith("npm:") ? "cdktn" : "cdktf"}@${engine}`);
        expect(JSON.parse(readFileSync(join(dir, "node_modules", "constructs", "package.json"), "utf8"))).toMatchObject({ version: dependencies.constructs });

        writeFile(dir, "main.js", SYNTH_SCRIPT);
        const synth = spawnSync(process.execPath, ["main.js"], { cwd: dir, encoding: "utf8" });
        expect(synth.status, synth.stderr).toBe(0);
        // The library loads the app's cdktf and constructs, not copies of its own.
        for (const [own, library] of JSON.parse(synth.stdout) as [string, string][]) expect(library).toBe(own);
        const userStack = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "user-stack", "cdk.tf.json"), "utf8"));
        expect(userStack["//"].metadata.version).toBe(engine);
        expect(Object.keys(userStack.resource.cloudflare_dns_record).sort()).toEqual([expect.stringMatching(/^emails_cname_/), "www"]);
        const projectStack = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "links-example-com", "cdk.tf.json"), "utf8"));
        expect(Object.keys(projectStack.resource)).toEqual(expect.arrayContaining(["cloudflare_dns_record", "cloudflare_ruleset"]));
      } finally {
        cleanup();
      }
    },
    300_000,
  );
});
