import { spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CLI_JS, cleanEnv, tempDir, writeFile } from "../support/project";
import { startPostgres, type PostgresServer } from "../support/postgres";
import { CLOUDFRONT_VARIANT_ADDRESSES, EXISTING_CERTIFICATE_ARN } from "../support/fixtures";
import { PIPELINE_BACKENDS, PIPELINE_DOMAIN, PIPELINE_DOMAIN_ID, PIPELINE_FLEET, pipelineBackendConfig, pipelinePgConfig } from "../support/terraform-test-configs";
import { FAKE_AWS_CREDENTIALS, findTerraform, stackDir, writeCliConfig } from "../support/terraform";

// Real Terraform on what `email-assets synth` writes for a pipeline: the pg backend against a real
// PostgreSQL server (state schema, and the state lock held by a waiting apply), module mode called
// from a parent configuration, a named stack of several domains, and the remote backends' blocks.
// Offline: the AWS provider comes from the filesystem mirror and skips its credential checks.
//
// The tests run concurrently, but Terraform and synth processes start at most one per CPU at a time:
// validate, plan and show load the AWS provider's schema (5-9 s of CPU each), and more of them at once
// only share the same cores more slowly.

// The configs come from support/terraform-test-configs, which the CDK Terrain run compares byte for byte.
const ID = PIPELINE_DOMAIN_ID;

const { dir: project, cleanup } = tempDir("email-assets-pipeline-");
let cliConfig = "";
beforeAll(() => {
  expect(existsSync(CLI_JS), `${CLI_JS} is missing: run npm run build (npm test does)`).toBe(true);
  cliConfig = writeCliConfig(project);
});
afterAll(() => cleanup());

interface Run {
  readonly status: number | null;
  /** stdout and stderr, as they came. */
  readonly output: string;
  readonly stdout: string;
}

const slots = { free: availableParallelism(), waiting: [] as (() => void)[] };

/** Waits for a CPU slot; `release` hands it to the next waiting process. */
async function acquireSlot(): Promise<() => void> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  };
}

/** Runs a command to its end without blocking the event loop (so the concurrent tests overlap), in a CPU slot. */
async function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const release = await acquireSlot();
  try {
    return await runNow(command, args, cwd, env);
  } finally {
    release();
  }
}

function runNow(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, output, stdout }));
  });
}

/** What `terraform()` of test/support/terraform gives Terraform, minus the caller's PG* settings, plus `extra`. */
function terraformEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("PG")) env[key] = value;
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    ...FAKE_AWS_CREDENTIALS,
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

function tf(args: readonly string[], cwd: string, extra: Record<string, string> = {}): Promise<Run> {
  return run(findTerraform(), [...args, "-no-color"], cwd, terraformEnv(extra));
}

/** Runs the Terraform commands in turn; throws with Terraform's output at the first that fails. */
async function tfOk(cwd: string, commands: readonly (readonly string[])[], extra: Record<string, string> = {}): Promise<void> {
  for (const args of commands) {
    const result = await tf(args, cwd, extra);
    if (result.status !== 0) throw new Error(`terraform ${args.join(" ")} failed in ${cwd}:\n${result.output}`);
  }
}

/** `terraform show -json` of the saved plan `plan.bin`. */
async function showPlan(cwd: string): Promise<Record<string, any>> {
  const show = await run(findTerraform(), ["show", "-json", "plan.bin"], cwd, terraformEnv());
  if (show.status !== 0) throw new Error(`terraform show failed in ${cwd}:\n${show.output}`);
  return JSON.parse(show.stdout) as Record<string, any>;
}

/** Writes `config` as YAML into a fresh folder and runs `email-assets synth` there; returns the out folder. */
async function synth(name: string, config: unknown, options: { modules?: boolean; env?: Record<string, string> } = {}): Promise<string> {
  const cwd = join(project, name);
  const configFile = writeFile(cwd, "email-assets.yaml", stringify(config));
  const out = join(cwd, "out");
  const args = [CLI_JS, "synth", "--config", configFile, "--out", out, ...(options.modules ? ["--modules"] : [])];
  const result = await run(process.execPath, args, cwd, cleanEnv({ EMAIL_ASSETS_AWS_SKIP_CHECKS: "1", ...options.env }));
  if (result.status !== 0) throw new Error(`email-assets synth failed for ${name}:\n${result.output}`);
  return out;
}

function readJson(path: string): Record<string, any> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, any>;
}

/** Every file under `dir`, skipping `.terraform` folders (Terraform's own working data). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) return [path];
    return entry === ".terraform" ? [] : filesUnder(path);
  });
}

/** The `resource_changes` of a shown plan, by address. */
function changes(plan: Record<string, any>): Record<string, { actions: string[]; after: Record<string, any> }> {
  return Object.fromEntries((plan.resource_changes as { address: string; change: { actions: string[]; after: Record<string, any> } }[]).map((c) => [c.address, c.change]));
}

describe.concurrent("pipeline features under real Terraform", () => {
  describe("pg backend, against a real PostgreSQL server", () => {
    const servers: PostgresServer[] = [];
    afterAll(async () => {
      for (const server of servers) await server.stop();
    });
    let setup: Promise<{ server: PostgresServer; pg: { PG_CONN_STR: string }; out: string }> | undefined;
    /** The server, and the stack synthesized with PG_CONN_STR set (whatever synth writes must not pick it up). */
    const pgStack = () =>
      (setup ??= (async () => {
        const server = await startPostgres();
        servers.push(server);
        const pg = { PG_CONN_STR: server.connectionString };
        const out = await synth("pg", pipelinePgConfig(), { env: pg });
        return { server, pg, out };
      })());
    const schema = `email_assets_${ID.replace(/-/g, "_")}`;

    it("keeps the state in the stack's schema, holds the lock while an apply waits, and writes no password", { timeout: 240_000 }, async ({ expect }) => {
      const { server, pg, out } = await pgStack();
      let apply: ReturnType<typeof spawn> | undefined;
      try {
        const dir = stackDir(out, ID);
        expect(readJson(join(dir, "cdk.tf.json")).terraform.backend).toEqual({ pg: { schema_name: schema } });

        await tfOk(dir, [["init", "-input=false"], ["plan", "-input=false"]], pg);
        // Terraform's pg backend made the schema, with its `states` table, as the role of the connection string.
        expect(server.query(`select table_name from information_schema.tables where table_schema = '${schema}'`)).toBe("states");
        expect(server.query(`select schema_owner from information_schema.schemata where schema_name = '${schema}'`)).toBe("email_assets");

        // An apply waiting at its approval prompt holds the state lock (a PostgreSQL advisory lock).
        // It takes a CPU slot while it plans, and gives it back once it waits.
        const releaseSlot = await acquireSlot();
        apply = spawn(findTerraform(), ["apply", "-input=true", "-no-color"], { cwd: dir, env: terraformEnv(pg), stdio: ["pipe", "pipe", "pipe"] });
        const child = apply;
        let applyOutput = "";
        const ended = new Promise<number | null>((resolve, reject) => {
          child.once("error", reject);
          child.once("close", (status) => resolve(status));
        });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`terraform apply showed no approval prompt within 120 s:\n${applyOutput}`)), 120_000);
          const onData = (chunk: Buffer) => {
            applyOutput += chunk.toString();
            if (applyOutput.includes("Enter a value:")) {
              clearTimeout(timer);
              resolve();
            }
          };
          child.stdout?.on("data", onData);
          child.stderr?.on("data", onData);
          ended.then(
            (status) => {
              clearTimeout(timer);
              reject(new Error(`terraform apply ended (${status}) before its approval prompt:\n${applyOutput}`));
            },
            (error: unknown) => {
              clearTimeout(timer);
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        }).finally(releaseSlot);
        expect(applyOutput).toMatch(/Plan: 6 to add, 0 to change, 0 to destroy/);
        const advisoryLocks = `select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted and a.usename = 'email_assets'`;
        expect(server.query(advisoryLocks)).toBe("1");

        const second = await tf(["plan", "-input=false", "-lock-timeout=0s"], dir, pg);
        expect(second.status).toBe(1);
        expect(second.output).toContain("Error acquiring the state lock");

        child.stdin?.end("no\n");
        const status = await ended;
        expect(applyOutput).toContain("Apply cancelled.");
        expect(status).toBe(1);
        apply = undefined;
        // The lock went with the apply, and neither the plans nor the declined apply wrote a state.
        expect(server.query(advisoryLocks)).toBe("0");
        expect(server.query(`select count(*) from ${schema}.states`)).toBe("0");

        // The connection string (its password) is nowhere in what synth wrote, nor in what
        // Terraform added beside it (.terraform.lock.hcl); .terraform is Terraform's own folder.
        const files = filesUnder(out).map((path) => relative(out, path));
        expect(files).toEqual(expect.arrayContaining(["manifest.json", `stacks/${ID}/cdk.tf.json`, `stacks/${ID}/.terraform.lock.hcl`]));
        for (const file of files) {
          const text = readFileSync(join(out, file), "utf8");
          expect(text.includes(server.password), file).toBe(false);
          expect(text.includes("PG_CONN_STR"), file).toBe(false);
        }
      } finally {
        apply?.kill("SIGKILL");
      }
    });

    it("fails when PG_CONN_STR holds a wrong password: the stack has no connection string of its own", { timeout: 120_000 }, async ({ expect }) => {
      const { server, out } = await pgStack();
      const copy = join(project, "pg-wrong-password");
      cpSync(stackDir(out, ID), copy, { recursive: true, filter: (src) => !src.includes(".terraform") });
      const init = await tf(["init", "-input=false"], copy, { PG_CONN_STR: server.connectionString.replace(server.password, "not-the-password") });
      expect(init.status).toBe(1);
      expect(init.output).toContain('password authentication failed for user "email_assets"');
    });
  });

  describe("module mode, called from a parent configuration", () => {
    let modules: Promise<string> | undefined;
    /** The module of a CloudFront domain with a new certificate and Route 53 (so it needs aws.us_east_1). */
    const moduleDir = async () => join(await (modules ??= synth("modules", { domains: [PIPELINE_DOMAIN] }, { modules: true })), "modules", ID);

    /** A parent configuration (HCL) with both AWS providers offline; `providers` is the module's providers map. */
    const parent = (source: string, providers: string) => `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

provider "aws" {
  alias                       = "us_east_1"
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

module "email_assets" {
  source = ${JSON.stringify(source)}
  providers = {
${providers}
  }
}

output "email_assets_dns_record" {
  value = {
    name  = module.email_assets.dns_record_name
    type  = module.email_assets.dns_record_type
    value = module.email_assets.dns_record_value
  }
}
`;

    it("is planned through the parent's providers: the certificate on aws.us_east_1, the rest on aws", { timeout: 180_000 }, async ({ expect }) => {
      const source = await moduleDir();
      const module = readJson(join(source, "main.tf.json"));
      expect(module.provider).toBeUndefined();
      expect(module.terraform.backend).toBeUndefined();
      expect(module.terraform.required_providers.aws.configuration_aliases).toEqual(["aws.us_east_1"]);

      const cwd = join(project, "parent");
      writeFile(cwd, "main.tf", parent(source, "    aws           = aws\n    aws.us_east_1 = aws.us_east_1"));
      await tfOk(cwd, [["init", "-input=false"], ["plan", "-input=false", "-out=plan.bin"]]);
      const plan = await showPlan(cwd);

      const planned = changes(plan);
      // The same resources as the stack with a new certificate and Route 53 DNS, inside the module.
      expect(Object.keys(planned).sort()).toEqual(CLOUDFRONT_VARIANT_ADDRESSES["emails-example-com"].map((address) => `module.email_assets.${address}`));
      for (const change of Object.values(planned)) expect(change.actions).toEqual(["create"]);
      expect(planned["module.email_assets.aws_cloudfront_distribution.distribution"].after.aliases).toEqual(["emails.example.com"]);

      // Which of the parent's provider configurations each resource uses.
      const used = Object.fromEntries(
        (plan.configuration.root_module.module_calls.email_assets.module.resources as { address: string; provider_config_key: string }[]).map((r) => [r.address, r.provider_config_key]),
      );
      expect(used).toEqual({
        "aws_acm_certificate.certificate": "aws.us_east_1",
        "aws_acm_certificate_validation.certificate_validation": "aws.us_east_1",
        "aws_cloudfront_distribution.distribution": "aws",
        "aws_route53_record.alias_a": "aws",
        "aws_route53_record.alias_aaaa": "aws",
        "aws_route53_record.validation_record": "aws",
      });

      // The module's outputs reach the parent: the record's value is the distribution's name, known after apply.
      expect(plan.output_changes.email_assets_dns_record).toMatchObject({
        actions: ["create"],
        after: { name: "emails.example.com", type: "A" },
        after_unknown: { value: true },
      });
    });

    it("fails when the parent does not pass aws.us_east_1 to the module", { timeout: 180_000 }, async ({ expect }) => {
      const source = await moduleDir();
      const cwd = join(project, "parent-without-alias");
      writeFile(cwd, "main.tf", parent(source, "    aws = aws"));
      // Terraform refuses the configuration as soon as it loads it: init already, and validate.
      for (const args of [["init", "-input=false"], ["validate"]]) {
        const result = await tf(args, cwd);
        expect(result.status, result.output).toBe(1);
        expect(result.output).toContain("Error: Missing required provider configuration");
        expect(result.output).toContain('The child module requires an additional configuration for provider\nhashicorp/aws, with the local name "aws.us_east_1".');
      }
    });
  });

  describe("a named stack of several CloudFront domains", () => {
    const fleet = PIPELINE_FLEET;
    const expected: Record<string, { id: string; host: string; type: string }> = {
      "a.example.com": { id: "a-example-com", host: "acme.intercom-mail.eu", type: "A" },
      "b.example.com": { id: "b-example-com", host: "acme.intercom-mail.com", type: "A" },
      "c.example.org": { id: "c-example-org", host: "acme.intercom-mail.eu", type: "CNAME" },
      "d.example.net": { id: "d-example-net", host: "acme.intercom-mail.eu", type: "CNAME" },
    };

    it("plans every domain's prefixed resources in one plan, with one domains output holding each domain's outputs", { timeout: 180_000 }, async ({ expect }) => {
      // The same domains in stacks of their own, for the output names each domain must have.
      const [out, ownOut] = await Promise.all([synth("fleet", fleet), synth("fleet-own-stacks", { ...fleet, defaults: { ...fleet.defaults, stack: undefined } })]);
      expect(readdirSync(join(out, "stacks"))).toEqual(["fleet"]);
      const dir = stackDir(out, "fleet");
      await tfOk(dir, [["init", "-input=false"], ["plan", "-input=false", "-out=plan.bin"]]);
      const plan = await showPlan(dir);
      const planned = changes(plan);

      for (const [domain, { id }] of Object.entries(expected)) {
        const distribution = planned[`aws_cloudfront_distribution.${id}_distribution`];
        expect(distribution?.actions, domain).toEqual(["create"]);
        expect(distribution.after.aliases).toEqual([domain]);
        expect(distribution.after.price_class).toBe("PriceClass_100");
      }
      expect(Object.keys(planned).sort()).toEqual(
        [
          ...["a-example-com", "b-example-com"].flatMap((id) => [
            `aws_acm_certificate.${id}_certificate`,
            `aws_acm_certificate_validation.${id}_certificate_validation`,
            `aws_cloudfront_distribution.${id}_distribution`,
            `aws_route53_record.${id}_alias_a`,
            `aws_route53_record.${id}_alias_aaaa`,
            `aws_route53_record.${id}_validation_record`,
          ]),
          "aws_acm_certificate.c-example-org_certificate",
          "aws_acm_certificate_validation.c-example-org_certificate_validation",
          "aws_cloudfront_distribution.c-example-org_distribution",
          "aws_cloudfront_distribution.d-example-net_distribution",
        ].sort(),
      );
      expect(planned["aws_cloudfront_distribution.d-example-net_distribution"].after.viewer_certificate[0].acm_certificate_arn).toBe(EXISTING_CERTIFICATE_ARN);

      // One output, `domains`, keyed by custom domain; known values in `after`, the rest marked in `after_unknown`.
      expect(Object.keys(plan.output_changes)).toEqual(["domains"]);
      const { after, after_unknown: unknown } = plan.output_changes.domains as { after: Record<string, Record<string, unknown>>; after_unknown: Record<string, Record<string, boolean>> };
      expect(Object.keys(after).sort()).toEqual(Object.keys(expected));
      for (const [domain, { id, host, type }] of Object.entries(expected)) {
        const ownOutputs = Object.keys(readJson(join(stackDir(ownOut, id), "cdk.tf.json")).output).sort();
        const names = [...Object.keys(after[domain]), ...Object.keys(unknown[domain] ?? {})].sort();
        expect(names, domain).toEqual(ownOutputs);
        expect(after[domain]).toMatchObject({ custom_domain: domain, intercom_host: host, dns_record_name: domain, dns_record_type: type, link_branding_domain: domain });
        expect(unknown[domain]).toMatchObject({ dns_record_value: true, cloudfront_distribution_id: true });
      }
      expect(after["d.example.net"].acm_certificate_arn).toBe(EXISTING_CERTIFICATE_ARN);
    });
  });

  describe("remote backends: each stack's block is accepted by Terraform", () => {
    // `terraform init -backend=false` installs the providers without configuring the backend (which
    // would reach S3, GCS, Azure or HCP Terraform), and `validate` then checks the configuration,
    // the terraform block's structure included (a backend beside a cloud block is refused, for one).
    // Neither checks a backend's arguments against that backend's schema (only a real
    // `init` does that, online), hence the JSON checks of each block. HCP Terraform's `cloud` block
    // goes through `init -backend=false` the same way: Terraform 1.11 skips it like a backend.
    const backends = PIPELINE_BACKENDS;

    it.for(backends)("$type: init -backend=false and validate succeed; the block names the stack's own state", { timeout: 180_000 }, async ({ backend, block }, { expect }) => {
      const out = await synth(`backend-${backend.type}`, pipelineBackendConfig(backend));
      const dir = stackDir(out, ID);
      const { required_providers: _providers, ...terraformBlock } = readJson(join(dir, "cdk.tf.json")).terraform;
      expect(terraformBlock).toEqual(block);
      await tfOk(dir, [["init", "-backend=false", "-input=false"], ["validate"]]);
    });
  });
});
