import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { PROJECT_DIR, runNode, useTempDirs } from "../support/project";
import type { StackJson } from "../support/synth";

// The README's library examples, run as a reader runs them (compiled to CommonJS, the package
// found by its name): the run-time checks of props and conflicts leave them synthesizing as before.

const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
const library = readme.slice(readme.indexOf("## Using it as a library"), readme.indexOf("## CDK Terrain"));
const blocks = [...library.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
const workdir = useTempDirs();

/** Compiles an example into the project (where the package resolves itself by name) and runs it in a folder of its own. */
function run(name: string, source: string): string {
  const dir = join(PROJECT_DIR, "test-results", "library-examples");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.js`);
  writeFileSync(file, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
  const cwd = workdir();
  try {
    const result = runNode(file, [], cwd);
    expect(result.status, result.stderr).toBe(0);
  } finally {
    rmSync(file, { force: true });
  }
  return cwd;
}

function stackJson(cwd: string, id: string): StackJson {
  return JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", id, "cdk.tf.json"), "utf8")) as StackJson;
}

describe("the README's library examples", () => {
  it("the stacks from a config synthesize", () => {
    const block = blocks.find((source) => source.includes("resolveStacks(specs, terraform)"));
    expect(block).toBeDefined();
    const domains = `{ domain: "emails.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: "${"0".repeat(32)}" } },
      { domain: "news.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: "${"0".repeat(32)}", sslScope: "zone" } }`;
    const cwd = run("config-stacks", block!.replace("/* ... */", domains));
    expect(Object.keys(stackJson(cwd, "emails-example-com").resource?.cloudflare_page_rule ?? {})).toEqual(["always_https", "host_header"]);
    expect(Object.keys(stackJson(cwd, "news-example-com").resource?.cloudflare_zone_setting ?? {})).toEqual(["zone_ssl"]);
  });

  it("the constructs in a stack of one's own synthesize", () => {
    const block = blocks.find((source) => source.includes("new CloudFrontEmailAssets("));
    expect(block).toBeDefined();
    const json = stackJson(run("own-stack", block!), "emails-example-com");
    expect(Object.keys(json.resource ?? {}).sort()).toEqual(["aws_acm_certificate", "aws_acm_certificate_validation", "aws_cloudfront_distribution", "aws_route53_record"]);
    expect(Object.values(json.resource?.aws_acm_certificate ?? {}).map((certificate) => certificate.provider)).toEqual(["aws.us_east_1"]);
  });
});
