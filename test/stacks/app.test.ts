import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ENGINE_CLI } from "../support/engine";
import { APP_JS, ASK_EXAMPLE, CLI_JS, cleanEnv, runCdktf, runNode, snapshotTree, useTempDirs, writeFile } from "../support/project";
import { CLOUDFRONT_VARIANT_ADDRESSES, CLOUDFRONT_VARIANTS, cloudflareDomain, STACK_ADDRESSES, threeRegionConfig } from "../support/fixtures";
import { FAKE_AWS_CREDENTIALS, writeCliConfig } from "../support/terraform";
import type { StackJson } from "../support/synth";

function readStack(cwd: string, id: string): StackJson {
  return JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", id, "cdk.tf.json"), "utf8")) as StackJson;
}

function addresses(stack: StackJson): string[] {
  const resources = Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
  const outputs = Object.keys(stack.output ?? {}).map((n) => `output.${n}`);
  return [...resources, ...outputs].sort();
}

const workdir = useTempDirs();

beforeAll(() => {
  expect(existsSync(APP_JS), `${APP_JS} is missing: run npm run build (npm test does)`).toBe(true);
});

describe("the app with no config file synthesizes the embedded example", () => {
  it("writes one stack per example domain and pins every Terraform address", () => {
    const cwd = workdir();
    const run = runNode(APP_JS, [], cwd, cleanEnv(ASK_EXAMPLE));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("from embedded example");
    const ids = readdirSync(join(cwd, "cdktf.out", "stacks")).sort();
    expect(ids).toEqual(["emails-example-com", "emails-example-org", "links-example-net", "news-example-com"]);
    const common = [
      "output.custom_domain",
      "output.dns_record_name",
      "output.dns_record_type",
      "output.dns_record_value",
      "output.intercom_host",
      "output.link_branding_domain",
      "output.next_step",
    ];
    const cloudflare = [...STACK_ADDRESSES.cloudflarePageRules, ...common].sort();
    expect(addresses(readStack(cwd, "emails-example-com"))).toEqual(cloudflare);
    expect(addresses(readStack(cwd, "news-example-com"))).toEqual(cloudflare);
    expect(addresses(readStack(cwd, "emails-example-org"))).toEqual(
      [
        // New certificate on Route 53, like the CloudFront variant the Terraform tests plan.
        ...CLOUDFRONT_VARIANT_ADDRESSES["emails-example-com"],
        ...common,
        "output.acm_certificate_arn",
        "output.acm_validation_record_name",
        "output.acm_validation_record_type",
        "output.acm_validation_record_value",
        "output.cloudfront_distribution_domain_name",
        "output.cloudfront_distribution_id",
      ].sort(),
    );
    expect(addresses(readStack(cwd, "links-example-net"))).toEqual([...common, "output.proxy_config_file", "output.proxy_server"].sort());
    expect(readdirSync(join(cwd, "cdktf.out", "stacks", "links-example-net")).sort()).toEqual(["cdk.tf.json", "links.example.net.nginx.conf"]);
  });

  it("gives the example's two domains in one zone distinct page-rule priorities", () => {
    const cwd = workdir();
    expect(runNode(APP_JS, [], cwd, cleanEnv(ASK_EXAMPLE)).status).toBe(0);
    const priorities = ["emails-example-com", "news-example-com"].flatMap((id) =>
      Object.values(readStack(cwd, id).resource?.cloudflare_page_rule ?? {}).map((rule) => rule.priority),
    );
    expect(priorities.sort()).toEqual([1, 2, 3, 4]);
  });

  it("keeps local state in the project folder, by a path relative to the stack folder", () => {
    const cwd = workdir();
    expect(runNode(APP_JS, [], cwd, cleanEnv(ASK_EXAMPLE)).status).toBe(0);
    const backend = readStack(cwd, "emails-example-com").terraform?.backend;
    expect(backend).toEqual({ local: { path: "../../../terraform.emails-example-com.tfstate" } });
  });
});

describe("the app with a config file", () => {
  it("writes the DESIGN outputs for each stack of a three-region config", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify(threeRegionConfig()));
    const run = runNode(APP_JS, [], cwd);
    expect(run.status, run.stderr).toBe(0);
    const outputs = (id: string) => Object.fromEntries(Object.entries(readStack(cwd, id).output ?? {}).map(([k, v]) => [k, v.value]));
    expect(outputs("emails-example-eu")).toMatchObject({
      custom_domain: "emails.example.eu",
      intercom_host: "acme-eu.intercom-mail.eu",
      dns_record_name: "emails.example.eu",
      dns_record_type: "CNAME",
      dns_record_value: "acme-eu.intercom-mail.eu",
      link_branding_domain: "emails.example.eu",
    });
    expect(outputs("news-example-com").intercom_host).toBe("acme-au.au.intercom-mail.com");
    expect(outputs("emails-example-com").intercom_host).toBe("acme.intercom-mail.com");
  });

  it("takes $EMAIL_ASSETS_CONFIG over email-assets.yaml in the working directory", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudflareDomain({ domain: "from-cwd.example.com" })] }));
    const other = writeFile(cwd, "elsewhere/fleet.json", JSON.stringify({ domains: [cloudflareDomain({ domain: "from-env.example.com" })] }));
    const run = runNode(APP_JS, [], cwd, cleanEnv({ EMAIL_ASSETS_CONFIG: other }));
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks"))).toEqual(["from-env-example-com"]);
  });

  it("removes the stack folder of a domain dropped from the config", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.json", JSON.stringify(threeRegionConfig()));
    expect(runNode(APP_JS, [], cwd).status).toBe(0);
    const fewer = threeRegionConfig();
    fewer.domains.pop();
    writeFile(cwd, "email-assets.json", JSON.stringify(fewer));
    expect(runNode(APP_JS, [], cwd).status).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual(["emails-example-com", "emails-example-eu"]);
  });

  it("writes its JSON in one layout of its own, whatever the engine's serializer does with an empty {} or []", () => {
    const cwd = workdir();
    expect(runNode(APP_JS, [], cwd, cleanEnv(ASK_EXAMPLE)).status).toBe(0);
    const files = Object.entries(snapshotTree(join(cwd, "cdktf.out")))
      .filter(([path]) => path.endsWith(".json"))
      .map(([path, base64]) => [path, Buffer.from(base64, "base64").toString("utf8")] as const);
    expect(files.map(([path]) => path)).toContain("manifest.json");
    // The embedded example's stacks hold empty lists (the manifest's annotations, a stack's dependencies).
    expect(files.some(([, content]) => content.includes("[]"))).toBe(true);
    for (const [path, content] of files) expect(content, path).toBe(JSON.stringify(JSON.parse(content), null, 2));
  });

  it("writes byte-identical output on a second run", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify(threeRegionConfig()));
    expect(runNode(APP_JS, [], cwd).status).toBe(0);
    const first = snapshotTree(join(cwd, "cdktf.out"));
    expect(runNode(APP_JS, [], cwd).status).toBe(0);
    expect(snapshotTree(join(cwd, "cdktf.out"))).toEqual(first);
    // Three stacks' Terraform JSON, cdktf's manifest and synth's own marker.
    expect(Object.keys(first).length).toBe(5);
  });

  it("never writes the API token from CLOUDFLARE_API_TOKEN into cdktf.out", () => {
    const cwd = workdir();
    const token = "cf-token-7f3e9a1b2c4d5e6f-should-never-leak";
    const run = runNode(APP_JS, [], cwd, cleanEnv({ ...ASK_EXAMPLE, CLOUDFLARE_API_TOKEN: token }));
    expect(run.status, run.stderr).toBe(0);
    const files = snapshotTree(join(cwd, "cdktf.out"));
    expect(Object.keys(files).length).toBeGreaterThan(0);
    for (const [name, content] of Object.entries(files)) {
      expect(Buffer.from(content, "base64").toString("utf8"), name).not.toContain(token);
    }
  });
});

describe("the app with an invalid config", () => {
  it("fails when the config is invalid: exits 1, prints every problem and leaves cdktf.out untouched", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify(threeRegionConfig()));
    expect(runNode(APP_JS, [], cwd).status).toBe(0);
    const before = snapshotTree(join(cwd, "cdktf.out"));

    writeFile(cwd, "email-assets.yaml", stringify({ domains: [cloudflareDomain({ domain: "https://x.example.com", region: "mars" })] }));
    const run = runNode(APP_JS, [], cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^domains\[0\]\.domain: must be a bare host name: drop the scheme "https:\/\/"/m);
    expect(run.stderr).toMatch(/^domains\[0\]\.region: must be one of us, eu, au; received "mars"$/m);
    expect(snapshotTree(join(cwd, "cdktf.out"))).toEqual(before);
  });

  it("fails when the YAML does not parse, naming the line", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", "domains:\n  - domain: a.example.com\n    domain: b.example.com\n");
    const run = runNode(APP_JS, [], cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^config: email-assets\.yaml is not valid YAML at line 3, column 5/m);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  it("fails when $EMAIL_ASSETS_CONFIG names a missing file", () => {
    const cwd = workdir();
    const run = runNode(APP_JS, [], cwd, cleanEnv({ EMAIL_ASSETS_CONFIG: "missing.yaml" }));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("missing.yaml: file not found");
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  it("fails when both email-assets.yaml and email-assets.json exist", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify(threeRegionConfig()));
    writeFile(cwd, "email-assets.json", JSON.stringify(threeRegionConfig()));
    const run = runNode(APP_JS, [], cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("found email-assets.yaml and email-assets.json");
  });
});

describe(`npx ${ENGINE_CLI} synth`, () => {
  it("runs the precompiled app and writes the same stacks", () => {
    const cwd = workdir();
    const result = runCdktf(["synth"], cwd, ASK_EXAMPLE);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual(["emails-example-com", "emails-example-org", "links-example-net", "news-example-com"]);
    const direct = workdir();
    expect(runNode(APP_JS, [], direct, cleanEnv(ASK_EXAMPLE)).status).toBe(0);
    for (const file of ["emails-example-com/cdk.tf.json", "emails-example-org/cdk.tf.json", "links-example-net/links.example.net.nginx.conf"]) {
      expect(readFileSync(join(cwd, "cdktf.out/stacks", file), "utf8")).toBe(readFileSync(join(direct, "cdktf.out/stacks", file), "utf8"));
    }
  });

  it("shows no [ERROR] line on success: the app's news and warnings reach its stdout, not its stderr", () => {
    const cwd = workdir();
    // A second-level subdomain of a Cloudflare zone draws a warning (Universal SSL).
    writeFile(cwd, "email-assets.json", JSON.stringify({ domains: [cloudflareDomain({ domain: "emails.eu.example.com" })] }));
    const result = runCdktf(["synth"], cwd);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toContain("synthesized 1 stack(s)");
    expect(output).toContain("warning: domains[0].domain: is more than one level below its registered domain");
    expect(output).not.toContain("[ERROR]");
  });

  it("fails when the config is invalid, with the problems as cdktf's errors", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.json", JSON.stringify({ domains: [cloudflareDomain({ region: "mars" })] }));
    const result = runCdktf(["synth"], cwd);
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/\[ERROR\].*domains\[0\]\.region: must be one of us, eu, au; received "mars"/s);
  });

  it("removes the folder of a dropped domain on the next cdktf synth, without tripping over the app", () => {
    const cwd = workdir();
    const cdktf = (): void => {
      const result = runCdktf(["synth"], cwd);
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    };
    writeFile(cwd, "email-assets.json", JSON.stringify(threeRegionConfig()));
    cdktf();
    const fewer = threeRegionConfig();
    fewer.domains.shift();
    writeFile(cwd, "email-assets.json", JSON.stringify(fewer));
    cdktf();
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual(["emails-example-eu", "news-example-com"]);
  });

  it("synthesizes named stacks with a remote backend as email-assets synth does", () => {
    const cwd = workdir();
    const config = {
      terraform: { backend: { type: "s3", bucket: "acme-state", region: "eu-west-1", keyPrefix: "email-assets/" } },
      defaults: { stack: "mail" },
      domains: [cloudflareDomain({ domain: "a.example.com" }), cloudflareDomain({ domain: "b.example.com" }), cloudflareDomain({ domain: "c.example.com", stack: "other" })],
    };
    writeFile(cwd, "email-assets.json", JSON.stringify(config));
    const result = runCdktf(["synth"], cwd);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual(["mail", "other"]);
    const direct = workdir();
    writeFile(direct, "email-assets.json", JSON.stringify(config));
    expect(runNode(CLI_JS, ["synth"], direct).status).toBe(0);
    for (const id of ["mail", "other"]) {
      const file = `cdktf.out/stacks/${id}/cdk.tf.json`;
      expect(readFileSync(join(cwd, file), "utf8")).toBe(readFileSync(join(direct, file), "utf8"));
    }
  });
});

// The engine CLI's own plan, on both engines (the plans of the stacks themselves are in *-terraform.test.ts).
describe(`npx ${ENGINE_CLI} diff`, () => {
  it("--skip-provider-lock plans a stack, as the README says", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify({ domains: [CLOUDFRONT_VARIANTS["news-example-com-au"]] }));
    const ok = runCdktf(["diff", "news-example-com-au", "--skip-provider-lock", "--no-color"], cwd, {
      EMAIL_ASSETS_AWS_SKIP_CHECKS: "1",
      TF_CLI_CONFIG_FILE: writeCliConfig(workdir()),
      ...FAKE_AWS_CREDENTIALS,
    });
    const output = `${ok.stdout}${ok.stderr}`;
    expect(ok.status, output).toBe(0);
    expect(output).toMatch(/Plan: 3 to add, 0 to change, 0 to destroy/);
    expect(output).toContain('minimum_protocol_version = "TLSv1.2_2018"');
  });
});
