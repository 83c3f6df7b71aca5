import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CLI_JS, cleanEnv, runNode, tempDir, writeFile } from "../support/project";
import { stackDir, terraform, writeCliConfig } from "../support/terraform";

// Live-domain protection with real Terraform, offline: the resources that serve a domain carry
// prevent_destroy, so `plan -destroy` is refused on a stack whose (local) state holds them, until
// the domain says `retire: true`; and synth warns, with the commands, when a domain leaves the
// config while its state still holds what serves it. The state is written here the way Terraform
// writes it (no AWS account is reached: plans run with -refresh=false).

const ZONE = "Z0123456789ABCDEFGHIJ";
const proxyDomain = (domain: string, extra: Record<string, unknown> = {}) => ({
  domain,
  workspace: "acme",
  region: "us",
  edge: "proxy",
  ...extra,
  proxy: { server: "nginx", certificateFile: "/etc/ssl/l.pem", certificateKeyFile: "/etc/ssl/l.key", ipv4: "203.0.113.10", dns: "route53", route53ZoneId: ZONE },
});
const ID = "links-example-net";

const { dir: project, cleanup } = tempDir("email-assets-live-");
afterAll(() => cleanup());
let cliConfig = "";
let routeSchemaVersion = 0;

function synth(domains: unknown[]): { status: number | null; stderr: string } {
  writeFile(project, "email-assets.yaml", stringify({ domains }));
  return runNode(CLI_JS, ["synth"], project, cleanEnv({ EMAIL_ASSETS_AWS_SKIP_CHECKS: "1" }));
}

/** A local state file holding Route 53 records, as `terraform apply` would have left it. */
function writeState(stackId: string, records: readonly { name: string; domain: string }[]): string {
  const path = join(project, `terraform.${stackId}.tfstate`);
  writeFileSync(
    path,
    JSON.stringify({
      version: 4,
      terraform_version: "1.11.4",
      serial: 1,
      lineage: "5b0c9a1e-0000-4000-8000-000000000001",
      outputs: {},
      resources: records.map(({ name, domain }) => ({
        mode: "managed",
        type: "aws_route53_record",
        name,
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            schema_version: routeSchemaVersion,
            attributes: { id: `${ZONE}_${domain}_A`, zone_id: ZONE, name: domain, fqdn: domain, type: "A", records: ["203.0.113.10"], ttl: 300, allow_overwrite: null },
            sensitive_attributes: [],
          },
        ],
      })),
      check_results: null,
    }),
  );
  return path;
}

beforeAll(() => {
  cliConfig = writeCliConfig(join(project, ".tf"));
  const first = synth([proxyDomain("links.example.net")]);
  expect(first.status, first.stderr).toBe(0);
  const init = terraform(["init", "-input=false"], stackDir(join(project, "cdktf.out"), ID), cliConfig);
  expect(init.status, init.output).toBe(0);
  // The record's schema version, from the provider itself, so the state reads as the provider's own.
  const schema = terraform(["providers", "schema", "-json"], stackDir(join(project, "cdktf.out"), ID), cliConfig);
  const parsed = JSON.parse(schema.output.slice(schema.output.indexOf("{"))) as { provider_schemas: Record<string, { resource_schemas: Record<string, { version: number }> }> };
  routeSchemaVersion = Object.values(parsed.provider_schemas)[0].resource_schemas.aws_route53_record.version;
}, 180_000);

describe("live-domain protection under real Terraform", () => {
  it("fails when a plan would destroy a live domain's record: prevent_destroy refuses it", () => {
    const json = JSON.parse(readFileSync(join(stackDir(join(project, "cdktf.out"), ID), "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, { lifecycle?: unknown }>> };
    expect(json.resource.aws_route53_record.address_a.lifecycle).toEqual({ prevent_destroy: true });
    writeState(ID, [{ name: "address_a", domain: "links.example.net" }]);
    const plan = terraform(["plan", "-destroy", "-refresh=false", "-input=false"], stackDir(join(project, "cdktf.out"), ID), cliConfig);
    expect(plan.status).not.toBe(0);
    expect(plan.output).toMatch(/Instance cannot be destroyed/);
    expect(plan.output).toMatch(/aws_route53_record\.address_a has lifecycle\.prevent_destroy set/);
  }, 120_000);

  it("plans the destroy once the domain says retire: true, and says what retiring breaks", () => {
    const run = synth([proxyDomain("links.example.net", { retire: true })]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^warning: domains\[0\]\.retire: lifts prevent_destroy from its A\/AAAA records: terraform destroy, or removing the domain from the config, deletes them, and every email already sent with links, images and unsubscribe links on links\.example\.net breaks for good/m);
    const plan = terraform(["plan", "-destroy", "-refresh=false", "-input=false"], stackDir(join(project, "cdktf.out"), ID), cliConfig);
    expect(plan.status, plan.output).toBe(0);
    expect(plan.output).toMatch(/aws_route53_record\.address_a will be destroyed/);
    expect(plan.output).toMatch(/Plan: 0 to add, 0 to change, 1 to destroy/);
  }, 120_000);

  it("warns, with the commands, when a domain leaves the config while its state still holds what serves it", () => {
    writeState(ID, [{ name: "address_a", domain: "links.example.net" }]);
    const run = synth([proxyDomain("other.example.net")]);
    expect(run.status, run.stderr).toBe(0);
    const warning = run.stderr.split("\n").find((line) => line.startsWith(`warning: stack ${ID} is no longer in the config`));
    expect(warning, run.stderr).toBeDefined();
    expect(warning).toContain(`its state terraform.${ID}.tfstate still holds 1 resource(s) (aws_route53_record.address_a)`);
    expect(warning).toContain(`put the domain back with retire: true, run synth, then terraform -chdir=cdktf.out/stacks/${ID} destroy`);
    expect(warning).toContain(`To forget them (they keep running): mv terraform.${ID}.tfstate terraform.${ID}.tfstate.forgotten`);
    // Not once only: every synth says it while the state holds resources, even after cdktf.out is gone.
    expect(synth([proxyDomain("other.example.net")]).stderr).toContain(warning);
    rmSync(join(project, "cdktf.out"), { recursive: true, force: true });
    expect(synth([proxyDomain("other.example.net")]).stderr).toContain(warning);
  });

  it("warns when a state file cannot be read, rather than taking it for empty", () => {
    writeFileSync(join(project, "terraform.broken-example-net.tfstate"), "{not json");
    const run = synth([proxyDomain("other.example.net")]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning: terraform.broken-example-net.tfstate is not a Terraform state synth can read");
    rmSync(join(project, "terraform.broken-example-net.tfstate"));
  });

  it("warns when a domain leaves a named stack: the next apply would destroy its records, and the printed state rm keeps them", () => {
    const fleet = (...names: string[]) => names.map((name) => proxyDomain(name, { stack: "fleet" }));
    let run = synth(fleet("a.example.net", "b.example.net"));
    expect(run.status, run.stderr).toBe(0);
    writeState("fleet", [
      { name: "a-example-net_address_a", domain: "a.example.net" },
      { name: "b-example-net_address_a", domain: "b.example.net" },
    ]);
    run = synth(fleet("a.example.net"));
    expect(run.status, run.stderr).toBe(0);
    const warning = run.stderr.split("\n").find((line) => line.startsWith("warning: stack fleet: its state"));
    expect(warning, run.stderr).toContain("holds 1 resource(s) that the config no longer has (aws_route53_record.b-example-net_address_a); the next apply destroys them");
    const dir = stackDir(join(project, "cdktf.out"), "fleet");
    expect(terraform(["init", "-input=false"], dir, cliConfig).status).toBe(0);
    // What the warning says is true: the plan destroys b's record, and prevent_destroy cannot stop it.
    const plan = terraform(["plan", "-refresh=false", "-input=false"], dir, cliConfig);
    expect(plan.output).toMatch(/aws_route53_record\.b-example-net_address_a will be destroyed/);
    // The printed way out, run as printed.
    const command = /terraform -chdir=(\S+) state rm (.+)$/.exec(warning ?? "");
    expect(command?.[1]).toBe("cdktf.out/stacks/fleet");
    const rm = terraform(["state", "rm", ...command![2].split(" ")], dir, cliConfig);
    expect(rm.status, rm.output).toBe(0);
    const after = terraform(["plan", "-refresh=false", "-input=false"], dir, cliConfig);
    expect(after.output).not.toMatch(/will be destroyed/);
  }, 180_000);
});
