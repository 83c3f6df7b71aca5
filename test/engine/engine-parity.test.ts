// Run by scripts/cdktn-engine.mjs inside a scratch copy of the project built on CDK Terrain: every
// config synthesizes to the same bytes as the cdktf build in EMAIL_ASSETS_REFERENCE_DIR, but for
// the engine's own version stamps. The configs are the engine configs (every edge, mode, grouping
// and backend), every config a Terraform plan test synthesizes, in the environment it synthesizes
// it in (test/support/terraform-test-configs.ts: the same bytes are the same plan, which is why the
// CDK Terrain run does not plan them again), and any the user names.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENGINE_PARITY_CONFIGS } from "../support/engine-configs";
import { TERRAFORM_TEST_CONFIGS } from "../support/terraform-test-configs";
import { cleanEnv, CLI_JS, PROJECT_DIR, runNode, snapshotTree, useTempDirs, writeFile } from "../support/project";

const REFERENCE_DIR = process.env.EMAIL_ASSETS_REFERENCE_DIR ?? "";
const EXTRA_CONFIGS = (process.env.EMAIL_ASSETS_PARITY_CONFIGS ?? "").split(delimiter).filter((path) => path !== "");
const workdir = useTempDirs();

interface Engine {
  readonly name: string;
  readonly version: string;
}

function engineOf(projectDir: string): Engine {
  const pkg = JSON.parse(readFileSync(join(projectDir, "node_modules", "cdktf", "package.json"), "utf8")) as Engine;
  return { name: pkg.name, version: pkg.version };
}

/**
 * The file with the engine's version stamp (the manifest's `version`, a stack's
 * `"//".metadata.version`) replaced by a marker, after checking that the stamp is the engine's own
 * and that the file is in the project's one JSON layout (so nothing but the stamp can differ).
 */
function withoutEngineStamp(path: string, content: string, engine: Engine): string {
  if (!path.endsWith(".json")) return content;
  const json = JSON.parse(content) as { version?: unknown; "//"?: { metadata?: { version?: unknown } } };
  expect(content, `${path} is not in the project's JSON layout`).toBe(JSON.stringify(json, null, 2) + (content.endsWith("\n") ? "\n" : ""));
  const metadata = json["//"]?.metadata;
  if (path === "manifest.json") {
    expect(json.version, path).toBe(engine.version);
    json.version = "<engine>";
  } else if (metadata?.version !== undefined) {
    expect(metadata.version, path).toBe(engine.version);
    metadata.version = "<engine>";
  }
  return JSON.stringify(json, null, 2) + (content.endsWith("\n") ? "\n" : "");
}

function synth(cliJs: string, configPath: string | undefined, cwd: string, env: Readonly<Record<string, string>>): string {
  mkdirSync(cwd, { recursive: true });
  const out = join(cwd, "out");
  const args = ["synth", "--out", out, "--modules", ...(configPath === undefined ? ["--example"] : ["--config", configPath])];
  const result = runNode(cliJs, args, cwd, cleanEnv({ ...env }));
  expect(result.status, `${cliJs} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return out;
}

describe("CDK Terrain synthesizes what cdktf synthesizes", () => {
  it("runs on CDK Terrain here and cdktf in the reference build", () => {
    expect(REFERENCE_DIR, "EMAIL_ASSETS_REFERENCE_DIR must name the cdktf build of the project").not.toBe("");
    expect(existsSync(join(REFERENCE_DIR, "dist", "src", "cli", "main.js")), `no build in ${REFERENCE_DIR}`).toBe(true);
    expect(engineOf(PROJECT_DIR).name).toBe("cdktn");
    expect(engineOf(REFERENCE_DIR).name).toBe("cdktf");
  });

  type Case = [name: string, config: unknown, path: string | undefined, env: Readonly<Record<string, string>>];
  const configs: Case[] = [
    ...Object.entries(ENGINE_PARITY_CONFIGS).map(([name, config]): Case => [name, config, undefined, {}]),
    ...Object.entries(TERRAFORM_TEST_CONFIGS).map(([name, { config, env }]): Case => [name, config, undefined, env]),
    ...EXTRA_CONFIGS.map((path): Case => [path, undefined, path, {}]),
  ];
  it.each(configs)("%s: the same files with the same bytes, but for the engine version", (_name, config, path, env) => {
    const cwd = workdir();
    const configPath = path ?? (config === undefined ? undefined : writeFile(cwd, "email-assets.json", JSON.stringify(config)));
    // --modules: the stacks, and the modules the module-mode tests plan, in one synth.
    const ours = snapshotTree(synth(CLI_JS, configPath, join(cwd, "cdktn"), env), "utf8");
    const theirs = snapshotTree(synth(join(REFERENCE_DIR, "dist", "src", "cli", "main.js"), configPath, join(cwd, "cdktf"), env), "utf8");
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    const here = engineOf(PROJECT_DIR);
    const there = engineOf(REFERENCE_DIR);
    for (const [file, content] of Object.entries(ours)) {
      expect(withoutEngineStamp(file, content, here), file).toBe(withoutEngineStamp(file, theirs[file] ?? "", there));
    }
  });
});
