import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { APP_JS, CLI_JS, cleanEnv, runCdktf, runNode, snapshotTree, useTempDirs, writeFile } from "../support/project";
import { ZONE_A } from "../support/fixtures";
import { inspectOutdir, SYNTH_MARKER, terraformHoldings } from "../../src/stacks/outdir";
import { keptFolderWarning } from "../../src/stacks/live-state";

const workdir = useTempDirs();

const cloudflare = (domain: string, extra: Record<string, unknown> = {}) => ({ domain, workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A }, ...extra });
const config = (domains: readonly unknown[], backend: Record<string, unknown> = { type: "local" }) => stringify({ terraform: { backend }, domains });
/** A Terraform state holding these managed resources (`type.name`). */
const state = (...addresses: string[]) =>
  JSON.stringify({ version: 4, resources: addresses.map((address) => ({ mode: "managed", type: address.split(".")[0], name: address.split(".")[1], instances: [] })) });

/** Another cdktf app's output, with a state in its stack folder (the repro). */
function anotherAppsOutput(cwd: string): string {
  writeFile(cwd, "cdktf.out/manifest.json", '{"version":"0.21.0"}');
  return writeFile(cwd, "cdktf.out/stacks/my-site/terraform.tfstate", '{"version":4}');
}

const synth = (cwd: string, args: readonly string[] = []) => runNode(CLI_JS, ["synth", ...args], cwd);

describe("synth writes only into a folder of its own", () => {
  it("fails when cdktf.out holds another cdktf app's output: exit 2, one line naming what is there and --out, nothing removed or written", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", config([cloudflare("emails.example.com")]));
    const statePath = anotherAppsOutput(cwd);
    const before = snapshotTree(join(cwd, "cdktf.out"));
    const run = synth(cwd);
    expect(run.status, run.stderr).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: the output folder: cdktf\.out holds files that email-assets synth did not write \(manifest\.json, stacks\/my-site\);.*choose another folder \(--out, or \$CDKTF_OUTDIR for npm run synth and cdktf synth\)$/);
    expect(readFileSync(statePath, "utf8")).toBe('{"version":4}');
    expect(snapshotTree(join(cwd, "cdktf.out"))).toEqual(before);
  });

  it("fails the same way from the app (npm run synth), with exit 1, and keeps the other app's state", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", config([cloudflare("emails.example.com")]));
    const statePath = anotherAppsOutput(cwd);
    const run = runNode(APP_JS, [], cwd);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain("email-assets: synth failed: the output folder: cdktf.out holds files that email-assets synth did not write (manifest.json, stacks/my-site)");
    expect(existsSync(statePath)).toBe(true);
    expect(existsSync(join(cwd, "cdktf.out", SYNTH_MARKER))).toBe(false);
  });

  it("writes into another folder given with --out, leaving the other app's output alone", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", config([cloudflare("emails.example.com")]));
    const statePath = anotherAppsOutput(cwd);
    const run = synth(cwd, ["--out", "email-assets.out"]);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(cwd, "email-assets.out", "stacks"))).toEqual(["emails-example-com"]);
    expect(existsSync(statePath)).toBe(true);
  });

  it("marks its folder with the stacks it wrote, and removes only those the config dropped, never a folder it did not write", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com"), cloudflare("b.example.com")]));
    expect(synth(cwd).status).toBe(0);
    const marker = JSON.parse(readFileSync(join(cwd, "cdktf.out", SYNTH_MARKER), "utf8")) as { writtenBy: string; stacks: string[] };
    expect(marker).toMatchObject({ writtenBy: "email-assets-domain", stacks: ["a-example-com", "b-example-com"] });
    // A folder put there by something else after synth.
    writeFile(cwd, "cdktf.out/stacks/someone-else/main.tf", "# not ours\n");
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com")]));
    const run = synth(cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual(["a-example-com", "someone-else"]);
    expect(JSON.parse(readFileSync(join(cwd, "cdktf.out", SYNTH_MARKER), "utf8"))).toMatchObject({ stacks: ["a-example-com"] });
  });

  it("takes over the output of an earlier version's synth (manifest.json and email-assets stacks, no marker)", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com"), cloudflare("b.example.com")]));
    expect(synth(cwd).status).toBe(0);
    rmSync(join(cwd, "cdktf.out", SYNTH_MARKER));
    expect(inspectOutdir(join(cwd, "cdktf.out"))).toEqual({ kind: "ours", stacks: ["a-example-com", "b-example-com"] });
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com")]));
    const run = synth(cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks"))).toEqual(["a-example-com"]);
  });
});

describe("synth never removes a folder that holds Terraform's files", () => {
  it("keeps the folder of a domain removed from a backend-none fleet, state included, and says what to do; removes it once the state is gone", () => {
    const cwd = workdir();
    const both = [cloudflare("a.example.com"), cloudflare("b.example.com")];
    writeFile(cwd, "email-assets.yaml", config(both, { type: "none" }));
    expect(synth(cwd).status).toBe(0);
    const folder = "cdktf.out/stacks/b-example-com";
    const statePath = writeFile(cwd, `${folder}/terraform.tfstate`, state("cloudflare_dns_record.cname", "cloudflare_page_rule.always_https"));
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com")], { type: "none" }));
    const run = synth(cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(statePath, "utf8")).toContain("cloudflare_page_rule");
    expect(run.stderr).toContain(
      `warning: stack b-example-com is no longer in the config, but synth keeps its folder ${folder}, which holds terraform.tfstate: its state still holds 2 resource(s) (cloudflare_dns_record.cname, cloudflare_page_rule.always_https)`,
    );
    expect(run.stderr).toContain(`terraform -chdir=${folder} destroy`);
    expect(run.stderr).toContain(`rm -r ${folder}`);
    // The warning comes back on every synth while the state is there.
    expect(synth(cwd).stderr).toContain("synth keeps its folder cdktf.out/stacks/b-example-com");
    rmSync(statePath);
    const after = synth(cwd);
    expect(after.status, after.stderr).toBe(0);
    expect(after.stderr).not.toContain("keeps its folder");
    expect(readdirSync(join(cwd, "cdktf.out", "stacks"))).toEqual(["a-example-com"]);
  });

  it("warns when a backend-none stack's own state holds a resource its new JSON no longer has (a domain removed from a named stack)", () => {
    const cwd = workdir();
    const named = (domain: string) => cloudflare(domain, { stack: "fleet" });
    writeFile(cwd, "email-assets.yaml", config([named("a.example.com"), named("b.example.com")], { type: "none" }));
    expect(synth(cwd).status).toBe(0);
    const gone = "cloudflare_dns_record.b-example-com_cname";
    writeFile(cwd, "cdktf.out/stacks/fleet/terraform.tfstate", state("cloudflare_dns_record.a-example-com_cname", gone));
    writeFile(cwd, "email-assets.yaml", config([named("a.example.com")], { type: "none" }));
    const run = synth(cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`warning: stack fleet: its state cdktf.out/stacks/fleet/terraform.tfstate holds 1 resource(s) that the config no longer has (${gone})`);
    expect(run.stderr).toContain(`terraform -chdir=cdktf.out/stacks/fleet state rm ${gone}`);
  });

  it("keeps a removed stack's folder that holds .terraform (terraform init ran there), saying how to remove it", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com"), cloudflare("b.example.com")]));
    expect(synth(cwd).status).toBe(0);
    mkdirSync(join(cwd, "cdktf.out/stacks/b-example-com/.terraform/providers"), { recursive: true });
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com")]));
    const run = synth(cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(cwd, "cdktf.out/stacks/b-example-com/.terraform/providers"))).toBe(true);
    expect(run.stderr).toContain(
      "warning: stack b-example-com is no longer in the config, but synth keeps its folder cdktf.out/stacks/b-example-com, which holds .terraform, and no resource of it is in a state there; once its resources are destroyed or no longer wanted, remove it: rm -r cdktf.out/stacks/b-example-com",
    );
  });

  it("fails under cdktf synth, which would remove the folder itself, when a dropped stack's folder holds a state", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com"), cloudflare("b.example.com")], { type: "none" }));
    expect(synth(cwd).status).toBe(0);
    const statePath = writeFile(cwd, "cdktf.out/stacks/b-example-com/terraform.tfstate", state("cloudflare_dns_record.cname"));
    writeFile(cwd, "email-assets.yaml", config([cloudflare("a.example.com")], { type: "none" }));
    const run = runCdktf(["synth"], cwd);
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain("cdktf synth would remove cdktf.out/stacks/b-example-com, which holds terraform.tfstate");
    expect(existsSync(statePath)).toBe(true);
  });
});

describe("terraformHoldings and keptFolderWarning", () => {
  it.each([
    [["terraform.tfstate"], ["terraform.tfstate"]],
    [["terraform.tfstate.backup", "cdk.tf.json"], ["terraform.tfstate.backup"]],
    [["terraform.tfstate.d/"], ["terraform.tfstate.d"]],
    [[".terraform/"], [".terraform"]],
    [["cdk.tf.json", ".terraform.lock.hcl", "emails.conf"], []],
  ])("finds %j as %j", (names, expected) => {
    const dir = workdir();
    for (const name of names) {
      if (name.endsWith("/")) mkdirSync(join(dir, name), { recursive: true });
      else writeFileSync(join(dir, name), "{}");
    }
    expect(terraformHoldings(dir)).toEqual(expected);
  });

  it("says when a kept folder's state cannot be read", () => {
    const dir = workdir();
    writeFileSync(join(dir, "terraform.tfstate"), "not json");
    expect(keptFolderWarning("x", dir, ["terraform.tfstate"])).toMatch(/which holds terraform\.tfstate; .*terraform\.tfstate is not a Terraform state synth can read/);
  });

  it("calls a file where the folder should be foreign", () => {
    const dir = workdir();
    writeFile(dir, "out", "");
    expect(inspectOutdir(join(dir, "out"))).toMatchObject({ kind: "foreign", problem: expect.stringContaining("is not a folder") as unknown });
  });

  it("lists at most four of a foreign folder's entries", () => {
    const dir = workdir();
    for (const name of ["a", "b", "c", "d", "e", "f"]) writeFile(dir, `out/${name}`, "");
    expect(inspectOutdir(join(dir, "out"))).toMatchObject({ kind: "foreign", problem: expect.stringContaining("(a, b, c, d and 2 more)") as unknown });
  });

  it("does not take a marker of another tool, or a broken one, as synth's own", () => {
    const dir = workdir();
    writeFile(dir, `out/${SYNTH_MARKER}`, '{"writtenBy":"someone","stacks":[]}');
    expect(inspectOutdir(join(dir, "out")).kind).toBe("foreign");
    writeFile(dir, `out/${SYNTH_MARKER}`, "{");
    expect(inspectOutdir(join(dir, "out")).kind).toBe("foreign");
  });

  it("does not take an earlier output whose stack is not an email-assets stack as synth's own", () => {
    const dir = workdir();
    writeFile(dir, "out/manifest.json", "{}");
    writeFile(dir, "out/stacks/site/cdk.tf.json", '{"output":{"url":{}}}');
    expect(inspectOutdir(join(dir, "out")).kind).toBe("foreign");
  });
});

describe("no placeholder synth in a user's folder", () => {
  const commands = [["synth"], ["stacks"], ["validate"], ["verify"], ["proxy-config", "--domain", "emails.example.com"]];

  it.each(commands)("%s exits 1 with one line when there is no config, and writes nothing", (...args) => {
    const cwd = workdir();
    const run = runNode(CLI_JS, args, cwd);
    expect(run.status, run.stderr).toBe(1);
    const errors = run.stderr.split("\n").filter((line) => line.startsWith("config:"));
    expect(errors).toEqual([
      `config: no config found: looked for $EMAIL_ASSETS_CONFIG (not set), then email-assets.yaml, email-assets.yml, email-assets.json in ${cwd}; create one with email-assets init, or pass --config FILE (--example builds the embedded example's placeholder domains); received nothing`,
    ]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([["emails-assets.yaml"], ["email-assets.YAML"], ["email_assets.yml"], ["config/email-assets.yaml"]])("names the near miss %s", (name) => {
    const cwd = workdir();
    writeFile(cwd, name, stringify({ domains: [cloudflare("emails.example.com")] }));
    const run = runNode(CLI_JS, ["synth"], cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`; found ${name}, not by a name it reads: rename it to email-assets.yaml here, or pass --config ${name};`);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  it("ignores files that are not near the name, and folders of tools and output", () => {
    const cwd = workdir();
    writeFile(cwd, "package.json", "{}");
    writeFile(cwd, "node_modules/x/email-assets.yaml", "");
    writeFile(cwd, ".git/email-assets.yaml", "");
    writeFile(cwd, "notes.yaml", "");
    const run = runNode(CLI_JS, ["validate"], cwd);
    expect(run.stderr).toContain("no config found");
    expect(run.stderr).not.toContain("; found");
  });

  it("the app (npm run synth) fails the same way outside the checkout, and uses the example when $EMAIL_ASSETS_EXAMPLE is 1", () => {
    const cwd = workdir();
    const refused = runNode(APP_JS, [], cwd);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("config: no config found");
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
    const asked = runNode(APP_JS, [], cwd, cleanEnv({ EMAIL_ASSETS_EXAMPLE: "1" }));
    expect(asked.status, asked.stderr).toBe(0);
    expect(asked.stderr).toContain("from embedded example");
  });

  it("--example builds the embedded example on request, and its next steps verify with --example", () => {
    const cwd = workdir();
    const run = runNode(CLI_JS, ["synth", "--example"], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("synthesized 4 stack(s) from embedded example");
    expect(run.stderr).toContain("verify: email-assets verify --domain emails.example.com --example");
    expect(runNode(CLI_JS, ["validate", "--example"], cwd).status).toBe(0);
  });

  it("fails when --example is given with --config: exit 2, one line", () => {
    const cwd = workdir();
    const path = writeFile(cwd, "mine.yaml", stringify({ domains: [cloudflare("emails.example.com")] }));
    const run = runNode(CLI_JS, ["validate", "--example", "--config", path], cwd);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe("error: --example: builds the embedded example, so it takes no --config; give one of the two");
  });
});

describe("next steps offer cdktf deploy only where it works", () => {
  it("offers it beside a cdktf.json, and not without one", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", config([cloudflare("emails.example.com")]));
    const without = synth(cwd);
    expect(without.status, without.stderr).toBe(0);
    expect(without.stderr).not.toContain("cdktf deploy");
    writeFile(cwd, "cdktf.json", '{"app":"node dist/stacks/main.js"}');
    expect(synth(cwd).stderr).toContain("(or cdktf deploy emails-example-com)");
  });
});
