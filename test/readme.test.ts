import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolvePlans } from "../src/plan/resolve-plan";
import { parseConfig, validateConfig } from "../src/config/rules/validate-config";
import { DEFAULTS } from "../src/config/shapes/defaults";
import { ALL_ADDRESSES } from "./support/fixtures";
import { PROJECT_DIR } from "./support/project";
import { policyChecksMarkdown } from "./support/cloudfront-policy-checks";
import { POLICY_RULES } from "../src/policy/stack-policy";
import { CHECK_NAMES } from "../src/verify/check-result";

const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
const scripts = (JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("README", () => {
  it("shows the public CloudFront checks table exactly as the tests judge it", () => {
    expect(readme).toContain(policyChecksMarkdown().trimEnd());
  });

  it("lists every synth-time policy rule and every verify check", () => {
    for (const rule of Object.keys(POLICY_RULES)) expect(readme).toContain(`| \`${rule}\` |`);
    for (const check of CHECK_NAMES) expect(readme).toContain(`| \`${check}\` |`);
  });

  it("shows the two quick-start commands, and both exist", () => {
    expect(readme).toContain("npm ci && npm run synth");
    expect(readme).toContain("npm test");
    // npm ci builds nothing (the package carries no prepare script, which npm would warn about on
    // every install): synth compiles the app first when the checkout has no build yet.
    expect(scripts.synth).toBe("[ -f dist/stacks/main.js ] || tsc -p tsconfig.json && node dist/stacks/main.js");
    expect(scripts.prepare).toBeUndefined();
    expect(scripts.prepack).toBe("npm run build");
    // npm test ends with the tests: vitest run, with coverage, through scripts/coverage.mjs (README "Development").
    expect(scripts.test).toMatch(/&& node scripts\/coverage\.mjs$/);
    expect(readFileSync(join(PROJECT_DIR, "scripts", "coverage.mjs"), "utf8")).toContain('[vitest, "run", "--coverage", ...args]');
  });

  it("states the peer ranges package.json declares, and the CDK Terrain switch it documents is the use:cdktn script", () => {
    const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as { peerDependencies: Record<string, string> };
    for (const range of Object.values(manifest.peerDependencies)) expect(readme).toContain(`\`${range}\``);
    expect(readme).toContain("npm run use:cdktn");
    for (const part of ["devDependencies.cdktf=npm:cdktn@0.24.0", "devDependencies.cdktn-cli=0.24.0", "overrides.@cdktf/provider-aws.cdktf=", "overrides.@cdktf/provider-cloudflare.cdktf=", "npm pkg delete devDependencies.cdktf-cli"]) {
      expect(scripts["use:cdktn"]).toContain(part);
    }
    expect(readme).toContain('"devDependencies": { "cdktf": "npm:cdktn@0.24.0", "cdktn-cli": "0.24.0", ... }');
    expect(readme).toContain('"overrides": { "@cdktf/provider-aws": { "cdktf": "$cdktf" }, "@cdktf/provider-cloudflare": { "cdktf": "$cdktf" } }');
    expect(scripts["test:cdktn"]).toBe("node scripts/cdktn-engine.mjs");
  });

  it("has a full config example that validates, covers all three regions and both edges", () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const { specs, warnings } = parseConfig(parse(block!));
    expect(warnings).toEqual([]);
    expect(resolvePlans(specs).map((p) => p.intercomHost)).toEqual([
      "acme.intercom-mail.com",
      "acme-eu.intercom-mail.eu",
      "acme-au.au.intercom-mail.com",
      "acme.intercom-mail.com",
      "acme.intercom-mail.com",
    ]);
    expect(specs.map((spec) => spec.edge)).toEqual(["cloudflare", "cloudflare", "cloudflare", "cloudfront", "proxy"]);
  });

  it("has a table of the three Cloudflare modes with the plan each needs", () => {
    expect(readme).toMatch(/\| `page-rules` \(default\) \| \*\*Enterprise\*\*/);
    expect(readme).toMatch(/\| `rulesets` \| \*\*Enterprise\*\*/);
    expect(readme).toMatch(/\| `worker` \| \*\*any\*\*/);
  });

  it("states the Enterprise requirement and the page-rule count", () => {
    expect(readme).toMatch(/Host Header Override[^.]*Enterprise plan/);
    expect(readme).toContain("2 per domain");
  });

  it("names every Terraform address the stacks create", () => {
    expect(ALL_ADDRESSES.length).toBeGreaterThanOrEqual(19);
    for (const address of ALL_ADDRESSES) expect(readme).toContain(address);
  });

  it("has library examples that type-check against the package's public entry points", () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    // Inside the project folder, the package resolves itself by name through its exports map.
    const dir = join(PROJECT_DIR, "test-results", "readme-examples");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // As an installed dependency, for node10 resolution, which has no self-reference.
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(PROJECT_DIR, join(dir, "node_modules", "email-assets-domain"));
    const files = blocks.map((block, index) => {
      const file = join(dir, `example-${index}.ts`);
      // Each example stands alone, as a reader copies it: nothing is declared for it.
      writeFileSync(file, `${block}\nexport {};\n`);
      return file;
    });
    // node16 resolution reads the exports map; cdktf's own project template (CommonJS, node10
    // resolution) does not, and finds the entry points through main/types and typesVersions.
    for (const resolution of [["--module", "node16", "--moduleResolution", "node16"], ["--module", "commonjs", "--moduleResolution", "node10"]]) {
      const tsc = spawnSync(
        process.execPath,
        [join(PROJECT_DIR, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict", "--skipLibCheck", ...resolution, "--target", "ES2022", "--types", "node", ...files],
        { cwd: PROJECT_DIR, encoding: "utf8" },
      );
      expect(tsc.stdout + tsc.stderr, resolution.join(" ")).toBe("");
      expect(tsc.status).toBe(0);
    }
  });

  it("has config examples with defaults, named stacks and a backend that validate as they say", () => {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
    const fleet = blocks.find((block) => block.startsWith("defaults:"));
    expect(fleet).toBeDefined();
    const { specs, problems } = validateConfig(parse(fleet!));
    expect(problems).toEqual([]);
    expect(specs.map((spec) => [spec.domain, spec.stack, spec.edge === "cloudfront" ? spec.cloudfront.dns.kind : ""])).toEqual([
      ["emails.example.com", "emails", "route53"],
      ["links.example.com", "emails", "route53"],
      ["news.example.org", "news", "external"],
    ]);
    const state = blocks.find((block) => block.startsWith("terraform:"));
    expect(state).toBeDefined();
    const withDomain = state!.replace("domains: [ ... ]", "domains: [{ domain: a.example.com, workspace: acme, region: us, edge: cloudfront, cloudfront: {} }]");
    const result = validateConfig(parse(withDomain));
    expect(result.problems).toEqual([]);
    expect(result.terraform.backend.type).toBe("s3");
  });

  it("states every default of the defaults table in the Fields table", () => {
    const rows = readme.split("\n").filter((line) => line.startsWith("| `"));
    for (const [block, defaults] of Object.entries(DEFAULTS)) {
      for (const [key, value] of Object.entries(defaults)) {
        const field = `\`${block}.${key.replace(/^logging.*/, "logging")}\``;
        const row = rows.find((line) => line.split(" | ")[0]?.includes(field));
        expect(row, `no Fields row for ${field}`).toBeDefined();
        for (const shown of Array.isArray(value) ? value : [value]) expect(row, `${block}.${key}`).toContain(shown === "" ? '`""`' : `\`${String(shown)}\``);
      }
    }
  });
});
