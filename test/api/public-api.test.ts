import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
    expect(loaded.some((file) => file.includes(`${join("node_modules", "zod")}`))).toBe(true);
    expect(loaded.filter((file) => /node_modules[\\/](cdktf|constructs|@cdktf)[\\/]/.test(file))).toEqual([]);
    expect(loaded.filter((file) => /dist[\\/]src[\\/](constructs|stacks|plan)[\\/]/.test(file))).toEqual([]);
  });

  it("the main entry point does load the constructs (a control for the test above)", () => {
    const loaded = JSON.parse(node('require("email-assets-domain"); console.log(JSON.stringify(Object.keys(require.cache)))')) as string[];
    expect(loaded.some((file) => /node_modules[\\/]cdktf[\\/]/.test(file))).toBe(true);
  });
});

describe("a consumer app on its own cdktf", () => {
  it("gets one copy of cdktf, constructs and each provider package: they are peer dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as Record<string, Record<string, string>>;
    const shared = ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-cloudflare"];
    for (const name of shared) {
      expect(manifest.dependencies?.[name], name).toBeUndefined();
      expect(manifest.peerDependencies?.[name], name).toBeDefined();
    }

    const { dir, cleanup } = tempDir("email-assets-consumer-");
    try {
      const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: PROJECT_DIR, encoding: "utf8" });
      expect(pack.status, pack.stderr).toBe(0);
      const tarball = pack.stdout.trim().split("\n").pop() ?? "";
      const app = {
        name: "consumer-app",
        version: "1.0.0",
        private: true,
        // The app's own versions of the shared packages, as a platform team's repository pins them.
        dependencies: { ...Object.fromEntries(shared.map((name) => [name, manifest.devDependencies?.[name]])), "email-assets-domain": `file:./${tarball}` },
        // On CDK Terrain (scripts/cdktn-engine.mjs) the project carries the overrides a consumer needs too (README "CDK Terrain").
        ...(manifest.overrides === undefined ? {} : { overrides: manifest.overrides }),
      };
      writeFile(dir, "package.json", JSON.stringify(app));
      // npm's own resolution decides the copies; --dry-run computes the tree without unpacking 450 MB of bindings.
      const install = spawnSync("npm", ["install", "--dry-run", "--json", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(install.status, `npm install --dry-run needs the npm registry (or its cache):\n${install.stderr}`).toBe(0);
      const tree = JSON.parse(install.stdout.slice(install.stdout.indexOf("{"))) as { add: { name: string; path: string }[] };
      for (const name of shared) {
        const copies = tree.add.filter((entry) => entry.name === name).map((entry) => entry.path);
        expect(copies, name).toEqual([join(dir, "node_modules", name)]);
      }
      expect(tree.add.map((entry) => entry.name)).toContain("email-assets-domain");
      // On CDK Terrain the engine comes in only as the cdktf alias: a package named cdktn would be a second copy.
      expect(tree.add.map((entry) => entry.name)).not.toContain("cdktn");
    } finally {
      cleanup();
    }
  });
});
