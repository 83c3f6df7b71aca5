// Run by scripts/cdktn-engine.mjs inside its scratch copy of the project on CDK Terrain, which also
// installs CDK Terrain's AWS bindings (@cdktn/provider-aws, AWS provider 6): an app whose AWS bindings
// are those, and not @cdktf/provider-aws, uses CloudFrontEmailAssets, AddressRecords and
// EmailAssetsStack, and gets the JSON the project's own build (on @cdktf/provider-aws) synthesizes.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_DIR, snapshotTree, tempDir, writeFile } from "../support/project";

type Manifest = Record<string, Record<string, string> | undefined>;
const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as Manifest;
/** Set by scripts/cdktn-engine.mjs in the scratch copy's package.json. */
const CDKTN_AWS = manifest.devDependencies?.["@cdktn/provider-aws"];
const ENGINE = manifest.devDependencies?.cdktf ?? "";

/**
 * One program, two apps: `AWS_BINDINGS` names the package the app's own AwsProvider comes from, and
 * `LIBRARY` where the library is loaded from. The app builds the user's own stack (CloudFrontEmailAssets
 * and AddressRecords beside its own provider) and a project stack from a config.
 */
const PROGRAM = `
const { App, LocalBackend, TerraformStack } = require("cdktf");
const { AwsProvider } = require(process.env.AWS_BINDINGS + "/lib/provider");
const { AddressRecords, CloudFrontEmailAssets, EmailAssetsStack, intercomHost, parseConfig, resolveStacks } = require(process.env.LIBRARY);

const app = new App({ outdir: "cdktf.out" });
const stack = new TerraformStack(app, "user-stack");
new LocalBackend(stack, { path: "terraform.tfstate" });
new AwsProvider(stack, "aws", { region: "us-east-1" });
const certificateProvider = new AwsProvider(stack, "aws_us_east_1", { alias: "us_east_1", region: "us-east-1" });
new CloudFrontEmailAssets(stack, "emails", {
  domain: "emails.example.com",
  intercomHost: intercomHost("acme", "us"),
  certificate: { kind: "new", provider: certificateProvider },
  dns: { kind: "route53", zoneId: "Z0123456789ABCDEFGHIJ" },
});
new AddressRecords(stack, "proxy", { name: "links.example.com", target: { kind: "route53", zoneId: "Z0123456789ABCDEFGHIJ" }, ipv4: "203.0.113.10", ipv6: "2001:db8::10" });
const { specs, terraform } = parseConfig({
  domains: [{ domain: "news.example.org", workspace: "acme", region: "eu", edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" } }],
});
for (const plan of resolveStacks(specs, terraform)) new EmailAssetsStack(app, plan, { localStatePath: "../../../terraform." + plan.id + ".tfstate" });
app.synth();
console.log(JSON.stringify(Object.keys(require.cache)));
`;

/** Runs the program in `dir`; returns the modules it loaded. */
function runProgram(dir: string, awsBindings: string, library: string, env: NodeJS.ProcessEnv = {}): string[] {
  writeFile(dir, "main.js", PROGRAM);
  const run = spawnSync(process.execPath, ["main.js"], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env, AWS_BINDINGS: awsBindings, LIBRARY: library } });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").pop() ?? "[]") as string[];
}

/** Each stack's JSON, with the requirement the user's own AwsProvider writes (its binding's, not the library's) taken out and returned apart. */
function stacks(dir: string): { files: Record<string, unknown>; userAws: unknown } {
  const files = Object.fromEntries(Object.entries(snapshotTree(join(dir, "cdktf.out", "stacks"), "utf8")).map(([file, text]) => [file, JSON.parse(text) as unknown]));
  const user = files[join("user-stack", "cdk.tf.json")] as { terraform: { required_providers: { aws?: unknown } } };
  const userAws = user.terraform.required_providers.aws;
  delete user.terraform.required_providers.aws;
  return { files, userAws };
}

const app = tempDir("email-assets-cdktn-aws-app-");
afterAll(app.cleanup);

describe("an app on CDK Terrain's AWS bindings (@cdktn/provider-aws)", () => {
  beforeAll(() => {
    expect(CDKTN_AWS, "scripts/cdktn-engine.mjs installs @cdktn/provider-aws in the scratch copy").toBeDefined();
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", app.dir], { cwd: PROJECT_DIR, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(app.dir, pack.stdout.trim().split("\n").pop() ?? "");
    const appDir = join(app.dir, "app");
    writeFile(
      appDir,
      "package.json",
      JSON.stringify({
        name: "cdktn-aws-app",
        version: "1.0.0",
        private: true,
        // cdktf is CDK Terrain by its alias (the library loads "cdktf"); the AWS bindings load "cdktn".
        dependencies: {
          cdktf: ENGINE,
          cdktn: ENGINE.replace(/^npm:cdktn@/, ""),
          constructs: manifest.devDependencies?.constructs,
          "@cdktn/provider-aws": CDKTN_AWS,
          "@cdktf/provider-cloudflare": manifest.devDependencies?.["@cdktf/provider-cloudflare"],
          "email-assets-domain": `file:${tarball}`,
        },
        overrides: { "@cdktf/provider-cloudflare": { cdktf: "$cdktf" } },
      }),
    );
    // From npm's cache: the scratch install fetched every package already.
    const install = spawnSync("npm", ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: appDir, encoding: "utf8" });
    expect(install.status, install.stderr).toBe(0);
  }, 300_000);

  it("installs without @cdktf/provider-aws: the library takes either AWS binding package as an optional peer", () => {
    const appDir = join(app.dir, "app");
    expect(existsSync(join(appDir, "node_modules", "@cdktf", "provider-aws"))).toBe(false);
    const ls = spawnSync("npm", ["ls", "--all"], { cwd: appDir, encoding: "utf8" });
    expect(ls.status, `${ls.stdout}\n${ls.stderr}`).toBe(0);
    expect(manifest.peerDependenciesMeta?.["@cdktf/provider-aws"]).toEqual({ optional: true });
    expect(manifest.peerDependenciesMeta?.["@cdktn/provider-aws"]).toEqual({ optional: true });
  });

  it("synthesizes, loading each AWS binding by its deep path, the same JSON as the project's build on @cdktf/provider-aws", () => {
    const appDir = join(app.dir, "app");
    const loaded = runProgram(appDir, "@cdktn/provider-aws", "email-assets-domain");
    const bindings = loaded.filter((file) => /node_modules[\\/]@cdkt[fn][\\/]provider-aws[\\/]/.test(file)).map((file) => file.slice(file.indexOf("@cdkt")).split("\\").join("/"));
    expect(bindings).toEqual(
      expect.arrayContaining(["acm-certificate", "acm-certificate-validation", "cloudfront-distribution", "provider", "route53-record"].map((name) => `@cdktn/provider-aws/lib/${name}/index.js`)),
    );
    // Deep paths only (the provider's own module loads its functions' one): never a package root, which loads every binding.
    expect(bindings.filter((file) => !/^@cdktn\/provider-aws\/lib\/[a-z0-9-]+\/index\.js$/.test(file))).toEqual([]);
    expect(bindings.length).toBeLessThan(10);
    const ours = stacks(appDir);
    expect(ours.userAws).toEqual({ source: "hashicorp/aws", version: expect.stringMatching(/^6\./) as unknown });

    // The same program on the project's own build and packages (NODE_PATH), whose AWS bindings are @cdktf/provider-aws.
    const reference = join(app.dir, "reference");
    runProgram(reference, "@cdktf/provider-aws", PROJECT_DIR, { NODE_PATH: join(PROJECT_DIR, "node_modules") });
    const theirs = stacks(reference);
    expect(theirs.userAws).toEqual({ source: "aws", version: "5.100.0" });
    expect(Object.keys(ours.files).sort()).toEqual(["news-example-org/cdk.tf.json", "user-stack/cdk.tf.json"].map((file) => join(...file.split("/"))));
    expect(ours.files).toEqual(theirs.files);
  });
});
