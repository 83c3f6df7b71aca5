import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { cleanEnv, CLI_JS, runNode, useTempDirs, writeFile } from "../support/project";
import { ZONE_A } from "../support/fixtures";

const workdir = useTempDirs();

const cloudfront = (domain: string, extra: Record<string, unknown> = {}) => ({ domain, workspace: "acme", region: "us", edge: "cloudfront", cloudfront: {}, ...extra });
const cloudflare = (domain: string) => ({ domain, workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A } });

/** Every file under `dir`, recursively, with its content. */
function filesUnder(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const path = join(dir, entry);
    if (statSync(path).isFile()) found.set(entry, readFileSync(path, "utf8"));
  }
  return found;
}

const BACKENDS: Record<string, Record<string, unknown>> = {
  local: { type: "local" },
  s3: { type: "s3", bucket: "acme-state", region: "eu-west-1", keyPrefix: "email-assets/", dynamodbTable: "locks" },
  gcs: { type: "gcs", bucket: "acme-state", prefix: "email-assets" },
  azurerm: { type: "azurerm", resourceGroupName: "rg", storageAccountName: "acmestate", containerName: "tfstate", keyPrefix: "email-assets/" },
  cloudPrefix: { type: "cloud", organization: "acme", workspacePrefix: "email-assets-", project: "mail" },
  cloudTags: { type: "cloud", organization: "acme", hostname: "tfe.example.com", workspaceTags: ["email-assets"] },
  pg: { type: "pg" },
  none: { type: "none" },
  partial: { type: "none", partial: "s3" },
};

/** The terraform block each backend gives stack `a-example-com` and named stack `fleet`. */
const EXPECTED: Record<string, (id: string) => Record<string, unknown>> = {
  local: (id) => ({ backend: { local: { path: `../../../terraform.${id}.tfstate` } } }),
  s3: (id) => ({ backend: { s3: { bucket: "acme-state", key: `email-assets/${id}.tfstate`, region: "eu-west-1", encrypt: true, use_lockfile: true, dynamodb_table: "locks" } } }),
  gcs: (id) => ({ backend: { gcs: { bucket: "acme-state", prefix: `email-assets/${id}` } } }),
  azurerm: (id) => ({ backend: { azurerm: { resource_group_name: "rg", storage_account_name: "acmestate", container_name: "tfstate", key: `email-assets/${id}.tfstate` } } }),
  cloudPrefix: (id) => ({ cloud: { organization: "acme", workspaces: { name: `email-assets-${id}`, project: "mail" } } }),
  cloudTags: (id) => ({ cloud: { organization: "acme", hostname: "tfe.example.com", workspaces: { tags: ["email-assets", `email-assets:${id}`] } } }),
  pg: (id) => ({ backend: { pg: { schema_name: `email_assets_${id.replace(/-/g, "_")}` } } }),
  none: () => ({}),
  partial: (id) => ({ backend: { s3: { key: `${id}.tfstate` } } }),
};

/** Credentials in every variable a provider or backend reads, each a canary that must not reach the output. */
const CANARIES: Record<string, string> = {
  AWS_ACCESS_KEY_ID: "AKIACANARY0000000001",
  AWS_SECRET_ACCESS_KEY: "canary-aws-secret-0002",
  AWS_SESSION_TOKEN: "canary-aws-session-0003",
  GOOGLE_CREDENTIALS: '{"private_key":"canary-google-0004"}',
  GOOGLE_OAUTH_ACCESS_TOKEN: "canary-google-token-0005",
  ARM_ACCESS_KEY: "canary-arm-key-0006",
  ARM_SAS_TOKEN: "canary-arm-sas-0007",
  ARM_CLIENT_SECRET: "canary-arm-client-0008",
  TF_TOKEN_app_terraform_io: "canary.atlasv1.token0009",
  PG_CONN_STR: "postgres://state:canary-pg-password-0010@db.internal/terraform",
  CLOUDFLARE_API_TOKEN: "canary-cloudflare-0011",
};

function synth(cwd: string, config: unknown, args: readonly string[] = [], env: Record<string, string> = {}) {
  const file = writeFile(cwd, "email-assets.yaml", stringify(config));
  return runNode(CLI_JS, ["synth", "--config", file, ...args], cwd, cleanEnv(env));
}

describe("email-assets synth", () => {
  it("writes every stack, a domain's own and a named one, into --out", () => {
    const cwd = workdir();
    const run = synth(cwd, { domains: [cloudfront("a.example.com"), cloudfront("b.example.com", { stack: "fleet" }), cloudflare("c.example.com")] }, ["--out", "out"]);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(cwd, "out", "stacks")).sort()).toEqual(["a-example-com", "c-example-com", "fleet"]);
    expect(existsSync(join(cwd, "out", "modules"))).toBe(false);
    expect(run.stderr).toContain("synthesized 3 stack(s)");
  });

  it.each(Object.keys(BACKENDS))("writes the %s backend with a state location derived from each stack id", (name) => {
    const cwd = workdir();
    const run = synth(cwd, { terraform: { backend: BACKENDS[name] }, domains: [cloudfront("a.example.com"), cloudfront("b.example.com", { stack: "fleet" })] });
    expect(run.status, run.stderr).toBe(0);
    for (const id of ["a-example-com", "fleet"]) {
      const stack = JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", id, "cdk.tf.json"), "utf8")) as { terraform: Record<string, unknown> };
      const { required_providers: _providers, ...state } = stack.terraform;
      expect(state).toEqual(EXPECTED[name]?.(id));
    }
  });

  it("writes no credential from the environment into any file, for any backend", () => {
    const cwd = workdir();
    const out: string[] = [];
    for (const [name, backend] of Object.entries(BACKENDS)) {
      const run = synth(cwd, { terraform: { backend }, domains: [cloudfront("a.example.com"), cloudflare("c.example.com", ), cloudfront("b.example.com", { stack: "fleet" })] }, ["--out", name, "--modules"], {
        ...CANARIES,
        EMAIL_ASSETS_AWS_SKIP_CHECKS: "1",
      });
      expect(run.status, run.stderr).toBe(0);
      out.push(run.stdout, run.stderr);
      const files = filesUnder(join(cwd, name));
      expect(files.size).toBeGreaterThan(6);
      for (const content of files.values()) out.push(content);
    }
    const everything = out.join("\n");
    for (const [variable, canary] of Object.entries(CANARIES)) {
      const secret = variable === "PG_CONN_STR" ? "canary-pg-password-0010" : variable === "GOOGLE_CREDENTIALS" ? "canary-google-0004" : canary;
      expect(everything.includes(secret), `${variable} leaked into the output`).toBe(false);
    }
  });

  it("fails when the config holds a credential, writing nothing and showing no secret", () => {
    const cwd = workdir();
    const run = synth(cwd, { terraform: { backend: { type: "s3", bucket: "acme-state", region: "eu-west-1", secretKey: "hunter2-canary" } }, domains: [cloudfront("a.example.com")] });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("terraform.backend.secretKey: is a credential");
    expect(run.stderr).toContain("nothing was synthesized");
    expect(run.stderr).not.toContain("hunter2-canary");
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  it("writes each stack as a module too with --modules: no providers, no backend, aliases declared, outputs kept", () => {
    const cwd = workdir();
    const run = synth(cwd, { terraform: { backend: BACKENDS.s3 }, domains: [cloudfront("a.example.com"), cloudflare("c.example.com")] }, ["--modules"]);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "modules")).sort()).toEqual(["a-example-com", "c-example-com"]);
    const stack = JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", "a-example-com", "cdk.tf.json"), "utf8")) as Record<string, any>;
    const module = JSON.parse(readFileSync(join(cwd, "cdktf.out", "modules", "a-example-com", "main.tf.json"), "utf8")) as Record<string, any>;
    expect(module.provider).toBeUndefined();
    expect(module.terraform.backend).toBeUndefined();
    // The stack pins the version it was built with; the module takes that one or a later one of the same major version.
    expect(stack.terraform.required_providers.aws.version).toBe("5.100.0");
    expect(module.terraform.required_providers.aws).toEqual({ ...stack.terraform.required_providers.aws, version: ">= 5.100.0, < 6.0.0", configuration_aliases: ["aws.us_east_1"] });
    expect(module.output).toEqual(stack.output);
    expect(module.resource).toEqual(stack.resource);
    const cloudflareModule = JSON.parse(readFileSync(join(cwd, "cdktf.out", "modules", "c-example-com", "main.tf.json"), "utf8")) as Record<string, any>;
    expect(cloudflareModule.terraform.required_providers.cloudflare.configuration_aliases).toBeUndefined();
  });

  it("removes the folders of stacks no longer in the config, and rewrites or removes the modules", () => {
    const cwd = workdir();
    expect(synth(cwd, { domains: [cloudfront("a.example.com"), cloudfront("b.example.com")] }, ["--modules"]).status).toBe(0);
    expect(synth(cwd, { domains: [cloudfront("a.example.com")] }, ["--modules"]).status).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks"))).toEqual(["a-example-com"]);
    expect(readdirSync(join(cwd, "cdktf.out", "modules"))).toEqual(["a-example-com"]);
    // Without --modules, modules of an earlier synth would be stale: they go.
    expect(synth(cwd, { domains: [cloudfront("a.example.com")] }).status).toBe(0);
    expect(existsSync(join(cwd, "cdktf.out", "modules"))).toBe(false);
  });

  it("leaves out a stack's import blocks from its module, and says what to add to the parent", () => {
    const cwd = workdir();
    const existing = "fedcba9876543210fedcba9876543210";
    const domain = { domain: "a.example.com", workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A, mode: "rulesets", existingRulesets: { http_request_origin: existing } } };
    const run = synth(cwd, { domains: [domain] }, ["--modules"]);
    expect(run.status, run.stderr).toBe(0);
    const stack = JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", "a-example-com", "cdk.tf.json"), "utf8")) as Record<string, unknown>;
    const module = JSON.parse(readFileSync(join(cwd, "cdktf.out", "modules", "a-example-com", "main.tf.json"), "utf8")) as Record<string, unknown>;
    expect(stack.import).toBeDefined();
    expect(module.import).toBeUndefined();
    expect(run.stderr).toContain(
      `warning: modules/a-example-com: Terraform takes import blocks only in the root module, so the module leaves out the stack's import of cloudflare_ruleset.origin_rules; add an import block to the parent configuration, one argument a line (HCL allows no one-line form), with to = module.<name>.cloudflare_ruleset.origin_rules and id = "zones/${ZONE_A}/${existing}"`,
    );
  });

  it("fails when the default output folder ($CDKTF_OUTDIR) holds files synth did not write, and deletes nothing", () => {
    const cwd = workdir();
    writeFile(cwd, "modules/vpc/main.tf", "mine");
    writeFile(cwd, "stacks/prod/main.tf", "mine");
    const run = synth(cwd, { domains: [cloudfront("a.example.com")] }, [], { CDKTF_OUTDIR: "." });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("$CDKTF_OUTDIR: . holds files that email-assets synth did not write (email-assets.yaml, modules, stacks/prod)");
    expect(readFileSync(join(cwd, "modules/vpc/main.tf"), "utf8")).toBe("mine");
    expect(readFileSync(join(cwd, "stacks/prod/main.tf"), "utf8")).toBe("mine");
  });

  it("fails when --out is a file, or a folder of other files, and writes nothing", () => {
    const cwd = workdir();
    writeFile(cwd, "notes.txt", "mine");
    writeFile(cwd, "mine/stacks/keep/file.txt", "mine");
    const asFile = synth(cwd, { domains: [cloudfront("a.example.com")] }, ["--out", "notes.txt"]);
    expect(asFile.status).toBe(2);
    expect(asFile.stderr).toContain("--out: notes.txt is not a folder");
    const foreign = synth(cwd, { domains: [cloudfront("a.example.com")] }, ["--out", "mine"]);
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toContain("--out: mine holds files that email-assets synth did not write (stacks/keep)");
    expect(readFileSync(join(cwd, "mine/stacks/keep/file.txt"), "utf8")).toBe("mine");
  });

  it("makes the --out folder with its parents, and says plainly why when it cannot", () => {
    const cwd = workdir();
    const made = synth(cwd, { domains: [cloudfront("a.example.com")] }, ["--out", "build/deep/out"]);
    expect(made.status, made.stderr).toBe(0);
    expect(existsSync(join(cwd, "build/deep/out/stacks/a-example-com/cdk.tf.json"))).toBe(true);
    writeFile(cwd, "file.txt", "not a folder");
    const blocked = synth(cwd, { domains: [cloudfront("a.example.com")] }, ["--out", "file.txt/out"]);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/^email-assets: synth failed: ENOTDIR/m);
    expect(blocked.stderr).not.toContain("    at ");
  });

  it("leaves an existing output untouched when the config is invalid", () => {
    const cwd = workdir();
    expect(synth(cwd, { domains: [cloudfront("a.example.com")] }).status).toBe(0);
    const before = filesUnder(join(cwd, "cdktf.out"));
    const run = synth(cwd, { defaults: { region: "mars" }, domains: [cloudfront("b.example.com")] });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('defaults.region: must be one of us, eu, au; received "mars"');
    expect(filesUnder(join(cwd, "cdktf.out"))).toEqual(before);
  });
});

describe("email-assets stacks", () => {
  const fleet = {
    terraform: { backend: { type: "s3", bucket: "acme-state", region: "eu-west-1", keyPrefix: "ea/" } },
    defaults: { workspace: "acme", region: "us" },
    domains: [
      { domain: "a.example.com", edge: "cloudfront", cloudfront: {}, stack: "fleet" },
      { domain: "b.example.com", edge: "cloudflare", cloudflare: { zoneId: ZONE_A }, stack: "fleet" },
      { domain: "c.example.com", edge: "cloudfront", cloudfront: {} },
    ],
  };

  it("prints one JSON array on one line with each stack's domains, edges, folder, state and digest", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(fleet));
    const run = runNode(CLI_JS, ["stacks", "--config", file, "--json"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual([
      { stack: "fleet", kind: "named", domains: ["a.example.com", "b.example.com"], edges: ["cloudfront", "cloudflare"], directory: "cdktf.out/stacks/fleet", state: "s3://acme-state/ea/fleet.tfstate", digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { stack: "c-example-com", kind: "domain", domains: ["c.example.com"], edges: ["cloudfront"], directory: "cdktf.out/stacks/c-example-com", state: "s3://acme-state/ea/c-example-com.tfstate", digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  it("lists the folders synth writes, in --out or $CDKTF_OUTDIR", () => {
    const cwd = workdir();
    const file = writeFile(cwd, "c.yaml", stringify(fleet));
    const listed = JSON.parse(runNode(CLI_JS, ["stacks", "--config", file, "--json", "--out", "build/"], cwd).stdout) as { directory: string }[];
    expect(listed.map((entry) => entry.directory)).toEqual(["build/stacks/fleet", "build/stacks/c-example-com"]);
    const fromEnv = JSON.parse(runNode(CLI_JS, ["stacks", "--config", file, "--json"], cwd, cleanEnv({ CDKTF_OUTDIR: "tf" })).stdout) as { directory: string }[];
    expect(fromEnv[0]?.directory).toBe("tf/stacks/fleet");
    expect(synth(cwd, fleet, ["--out", "build"]).status).toBe(0);
    for (const entry of listed) expect(existsSync(join(cwd, entry.directory, "cdk.tf.json"))).toBe(true);
  });

  it("prints a line per stack without --json", () => {
    const cwd = workdir();
    const run = runNode(CLI_JS, ["stacks", "--config", writeFile(cwd, "c.yaml", stringify(fleet))], cwd);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "fleet: 2 domain(s) (a.example.com, b.example.com), edge cloudfront, cloudflare, folder cdktf.out/stacks/fleet, state s3://acme-state/ea/fleet.tfstate",
      "c-example-com: 1 domain(s) (c.example.com), edge cloudfront, folder cdktf.out/stacks/c-example-com, state s3://acme-state/ea/c-example-com.tfstate",
    ]);
  });

  it("lists the embedded example's stacks with --example", () => {
    const run = runNode(CLI_JS, ["stacks", "--json", "--example"], workdir());
    expect(run.status).toBe(0);
    const stacks = (JSON.parse(run.stdout) as { stack: string; state: string }[]).map((entry) => [entry.stack, entry.state]);
    expect(stacks).toContainEqual(["emails-example-com", "local:terraform.emails-example-com.tfstate"]);
  });

  it("fails with exit 1 and the problems when the config is invalid", () => {
    const cwd = workdir();
    const run = runNode(CLI_JS, ["stacks", "--config", writeFile(cwd, "c.yaml", stringify({ ...fleet, defaults: { stack: "Fleet" } })), "--json"], cwd);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^defaults\.stack: must be a stack name/m);
  });
});
