import { describe, expect, it } from "vitest";
import { formatProblem } from "../../src/config/problems/problem";
import { validateConfig } from "../../src/config/rules/validate-config";
import type { BackendSpec } from "../../src/config/shapes/terraform-settings";
import { stateLocation } from "../../src/config/names/state-names";
import { ZONE_A, ZONE_B } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

const warnings = (config: unknown): string[] => validateConfig(config).warnings.map(formatProblem);
const valid = (config: unknown) => {
  const result = validateConfig(config);
  expect(result.problems.map(formatProblem)).toEqual([]);
  return result;
};
const cloudfront = (domain: string, extra: Record<string, unknown> = {}) => ({ domain, workspace: "acme", region: "us", edge: "cloudfront", cloudfront: {}, ...extra });

describe("defaults", () => {
  it("fills in the common keys a domain does not set, and the domain's own value wins", () => {
    const { specs } = valid({
      defaults: { workspace: "acme", region: "eu", edge: "cloudflare", cloudflare: { zoneId: ZONE_A } },
      domains: [{ domain: "a.example.com" }, { domain: "b.example.com", region: "au", workspace: "other" }],
    });
    expect(specs.map((spec) => [spec.domain, spec.workspace, spec.region, spec.edge])).toEqual([
      ["a.example.com", "acme", "eu", "cloudflare"],
      ["b.example.com", "other", "au", "cloudflare"],
    ]);
  });

  it("merges an edge block key by key, the domain's keys over the defaults'", () => {
    const { specs } = valid({
      defaults: { workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A, sslScope: "zone" } },
      domains: [{ domain: "a.example.com", cloudflare: { mode: "rulesets" } }, { domain: "b.example.com", cloudflare: { zoneId: ZONE_B } }],
    });
    const settings = specs.map((spec) => (spec.edge === "cloudflare" ? [spec.cloudflare.zoneId, spec.cloudflare.mode, spec.cloudflare.sslScope] : []));
    expect(settings).toEqual([
      [ZONE_A, "rulesets", "zone"],
      [ZONE_B, "page-rules", "zone"],
    ]);
  });

  it("replaces a nested value whole rather than merging it", () => {
    const { specs } = valid({
      defaults: { workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { tags: { team: "mail", cost: "x" } } },
      domains: [{ domain: "a.example.com", cloudfront: { tags: { team: "web" } } }, { domain: "b.example.com" }],
    });
    expect(specs.map((spec) => (spec.edge === "cloudfront" ? spec.cloudfront.tags : {}))).toEqual([{ team: "web" }, { team: "mail", cost: "x" }]);
  });

  it("applies an edge block only to the domains of that edge, with no 'does not belong' for the others", () => {
    const { specs, warnings: found } = valid({
      defaults: { workspace: "acme", region: "us", cloudflare: { zoneId: ZONE_A }, cloudfront: { priceClass: "PriceClass_100" } },
      domains: [{ domain: "a.example.com", edge: "cloudflare" }, { domain: "b.example.com", edge: "cloudfront" }],
    });
    expect(specs.map((spec) => spec.edge)).toEqual(["cloudflare", "cloudfront"]);
    expect(specs[1]?.edge === "cloudfront" && specs[1].cloudfront.priceClass).toBe("PriceClass_100");
    expect(found.filter((line) => line.path.startsWith("defaults"))).toEqual([]);
  });

  it("reports a bad value in defaults once, at its path there", () => {
    expect(
      problemLines({
        defaults: { workspace: "acme", region: "useast", edge: "cloudfront", cloudfront: {} },
        domains: [{ domain: "a.example.com" }, { domain: "b.example.com" }, { domain: "c.example.com", region: "eu" }],
      }),
    ).toEqual(['defaults.region: must be one of us, eu, au; received "useast"']);
  });

  it("reports a bad value in a defaults edge block even when no domain uses that edge", () => {
    expect(
      problemLines({
        defaults: { proxy: { httpsPort: 0 } },
        domains: [cloudfront("a.example.com")],
      }),
    ).toEqual(["defaults.proxy.httpsPort: must be a port number between 1 and 65535; received 0"]);
  });

  it("fails when defaults holds a domain, an unknown key, or is not a mapping", () => {
    expect(problemLines({ defaults: { domain: "x.example.com", regoin: "eu" }, domains: [cloudfront("a.example.com")] })).toEqual([
      'defaults.domain: cannot have a default: each entry of domains names its own domain; remove it; received "x.example.com"',
      'defaults.regoin: unknown key (did you mean "region"?); remove it or fix its name; received "eu"',
    ]);
    expect(problemLines({ defaults: { cloudflare: { zoneid: ZONE_A } }, domains: [cloudfront("a.example.com")] })[0]).toMatch(
      /^defaults\.cloudflare\.zoneid: unknown key \(did you mean "zoneId"\?\)/,
    );
    expect(problemLines({ defaults: { cloudfront: { logging: { bucket: "logs", prefx: "a/" } } }, domains: [cloudfront("a.example.com")] })).toEqual([
      'defaults.cloudfront.logging.prefx: unknown key (did you mean "prefix"?); remove it or fix its name; received "a/"',
    ]);
    expect(problemLines({ defaults: ["acme"], domains: [cloudfront("a.example.com")] })).toEqual([
      'defaults: must be a mapping of domain keys to the values every domain takes unless it sets its own; received ["acme"]',
    ]);
  });

  it("names the domain a rule fails for, and the defaults path of the value it is about", () => {
    expect(
      problemLines({
        defaults: { workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { dns: "route53" } },
        domains: [{ domain: "a.example.com", cloudfront: { route53ZoneId: "Z0123456789ABCDEFGHIJ" } }, { domain: "b.example.com" }],
      }),
    ).toEqual(['domains[1].cloudfront.route53ZoneId: is required when dns is "route53" (the hosted zone that holds the domain, Z...); received nothing']);
    const proxy = { server: "nginx", certificateFile: "/c.pem", certificateKeyFile: "/k.pem", ipv4: "203.0.113.10" };
    expect(
      problemLines({
        defaults: { workspace: "acme", region: "us", edge: "proxy", proxy: { ...proxy, httpsPort: 8443, httpPort: 443 } },
        domains: [{ domain: "a.example.com", proxy: { httpPort: 8080 } }, { domain: "b.example.com" }],
      }),
    ).toEqual(["defaults.proxy.httpPort: is 443, the port of https:// links; serve the redirect on 80 (or another port) (for domains[1], b.example.com); received 443"]);
  });

  it("does not use a zone id from defaults for a domain whose dns does not take it", () => {
    const { specs } = valid({
      defaults: { workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { dns: "route53", route53ZoneId: "Z0123456789ABCDEFGHIJ" } },
      domains: [{ domain: "a.example.com" }, { domain: "b.example.com", cloudfront: { dns: "external" } }],
    });
    expect(specs.map((spec) => (spec.edge === "cloudfront" ? spec.cloudfront.dns : undefined))).toEqual([{ kind: "route53", zoneId: "Z0123456789ABCDEFGHIJ" }, { kind: "external" }]);
    // Written in the domain itself, it is a mistake, as before.
    expect(problemLines({ domains: [{ domain: "c.example.com", workspace: "acme", region: "us", edge: "cloudfront", cloudfront: { dns: "external", route53ZoneId: "Z0123456789ABCDEFGHIJ" } }] })[0]).toMatch(
      /^domains\[0\]\.cloudfront\.route53ZoneId: is only used with dns: route53/,
    );
  });

  it("lets a domain take nothing from defaults for a key it sets to null", () => {
    const { specs } = valid({
      defaults: { workspace: "acme", region: "us", edge: "cloudfront", stack: "fleet", cloudfront: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" } },
      domains: [{ domain: "a.example.com" }, { domain: "b.example.com", stack: null, cloudfront: { certificateArn: null } }],
    });
    expect(specs.map((spec) => [spec.stack, spec.edge === "cloudfront" ? spec.cloudfront.certificateArn : "-"])).toEqual([
      ["fleet", "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"],
      [undefined, undefined],
    ]);
    // Where defaults has no such key, null stays a wrong value.
    expect(problemLines({ domains: [{ domain: "a.example.com", workspace: "acme", region: "us", edge: "cloudfront", cloudfront: {}, stack: null }] })[0]).toMatch(/^domains\[0\]\.stack: must be a string/);
  });

  it("still requires the chosen edge's block when neither the domain nor defaults has one", () => {
    expect(problemLines({ defaults: { workspace: "acme", region: "us", edge: "proxy" }, domains: [{ domain: "a.example.com" }] })).toEqual([
      'domains[0].proxy: is required when edge is "proxy" (add a proxy: block); received nothing',
    ]);
  });

  it("warns about a defaults block for an edge no domain uses, once", () => {
    expect(warnings({ defaults: { proxy: { server: "nginx" } }, domains: [cloudfront("a.example.com"), cloudfront("b.example.com")] }).filter((line) => line.startsWith("defaults"))).toEqual([
      'warning: defaults.proxy: applies to no domain: no domain has edge "proxy"; remove the block, or check the domains\' edge; received {"server":"nginx"}'.replace(/^warning: /, ""),
    ]);
  });

  it("does not warn about a value from defaults that only other domains use", () => {
    const found = warnings({
      defaults: { workspace: "acme", region: "us", edge: "cloudflare", cloudflare: { zoneId: ZONE_A, accountId: ZONE_B } },
      domains: [{ domain: "a.example.com" }, { domain: "b.example.com", cloudflare: { mode: "worker" } }],
    });
    expect(found.filter((line) => line.includes("accountId"))).toEqual([]);
  });
});

describe("stack", () => {
  it("groups domains with the same name and leaves the others in stacks of their own", () => {
    const { specs } = valid({ domains: [cloudfront("a.example.com", { stack: "fleet" }), cloudfront("b.example.com"), cloudfront("c.example.com", { stack: "fleet" })] });
    expect(specs.map((spec) => spec.stack)).toEqual(["fleet", undefined, "fleet"]);
  });

  it.each([
    ["Fleet", 'such as "fleet"'],
    ["1fleet", ""],
    ["fleet_one", 'such as "fleet-one"'],
    ["fleet-", ""],
    ["a".repeat(64), ""],
    ["", ""],
  ])("fails when the stack name is %j", (name, hint) => {
    const [line] = problemLines({ domains: [cloudfront("a.example.com", { stack: name })] });
    expect(line).toMatch(/^domains\[0\]\.stack: must be a stack name: 1-63 lower-case letters, digits and hyphens, starting with a letter/);
    if (hint !== "") expect(line).toContain(hint);
  });

  it("fails when a named stack takes the stack id of a domain, in the config or in defaults", () => {
    expect(problemLines({ domains: [cloudfront("a.example.com"), cloudfront("b.example.com", { stack: "a-example-com" })] })).toEqual([
      'domains[1].stack: is the stack id of domains[0] (a.example.com), the name its own stack has; choose a stack name that no domain maps to; received "a-example-com"',
    ]);
    expect(problemLines({ defaults: { stack: "b-example-com" }, domains: [cloudfront("a.example.com"), cloudfront("b.example.com")] })).toEqual([
      'defaults.stack: is the stack id of domains[1] (b.example.com), the name its own stack has; choose a stack name that no domain maps to; received "b-example-com"',
    ]);
  });
});

describe("terraform.backend", () => {
  const backend = (raw: unknown): BackendSpec | undefined => {
    const result = validateConfig({ terraform: { backend: raw }, domains: [cloudfront("a.example.com")] });
    expect(result.problems.map(formatProblem)).toEqual([]);
    return result.terraform.backend;
  };
  const problemsFor = (raw: unknown) => problemLines({ terraform: { backend: raw }, domains: [cloudfront("a.example.com")] });

  it("is local without a terraform block, or without a backend in it", () => {
    expect(validateConfig({ domains: [cloudfront("a.example.com")] }).terraform).toEqual({ backend: { type: "local" } });
    expect(validateConfig({ terraform: {}, domains: [cloudfront("a.example.com")] }).terraform).toEqual({ backend: { type: "local" } });
  });

  it("parses each backend with its defaults", () => {
    expect(backend({ type: "S3", bucket: "state", region: "eu-west-1" })).toEqual({ type: "s3", bucket: "state", region: "eu-west-1", keyPrefix: "", useLockfile: true, encrypt: true });
    expect(backend({ type: "s3", bucket: "state", region: "eu-west-1", keyPrefix: "a/", useLockfile: false, dynamodbTable: "locks", encrypt: false })).toEqual({
      type: "s3", bucket: "state", region: "eu-west-1", keyPrefix: "a/", useLockfile: false, dynamodbTable: "locks", encrypt: false,
    });
    expect(backend({ type: "gcs", bucket: "state" })).toEqual({ type: "gcs", bucket: "state", prefix: "" });
    expect(backend({ type: "azurerm", resourceGroupName: "rg", storageAccountName: "acct1", containerName: "tfstate" })).toEqual({
      type: "azurerm", resourceGroupName: "rg", storageAccountName: "acct1", containerName: "tfstate", keyPrefix: "",
    });
    expect(backend({ type: "cloud", organization: "acme", workspacePrefix: "email-" })).toEqual({ type: "cloud", organization: "acme", workspaces: { kind: "prefix", prefix: "email-" } });
    expect(backend({ type: "cloud", organization: "acme", hostname: "TFE.example.com", project: "mail", workspaceTags: ["email"] })).toEqual({
      type: "cloud", organization: "acme", hostname: "tfe.example.com", project: "mail", workspaces: { kind: "tags", tags: ["email"] },
    });
    expect(backend({ type: "pg" })).toEqual({ type: "pg", schemaPrefix: "email_assets_" });
    expect(backend({ type: "none" })).toEqual({ type: "none" });
    expect(backend({ type: "none", partial: "s3" })).toEqual({ type: "none", partial: "s3" });
  });

  it.each([
    ["s3", { bucket: "state", region: "eu-west-1", secretKey: "hunter2" }, "secretKey", "AWS_SECRET_ACCESS_KEY"],
    ["s3", { bucket: "state", region: "eu-west-1", accessKey: "AKIA" }, "accessKey", "AWS_ACCESS_KEY_ID"],
    ["gcs", { bucket: "state", credentials: "{}" }, "credentials", "GOOGLE_CREDENTIALS"],
    ["azurerm", { resourceGroupName: "rg", storageAccountName: "acct1", containerName: "tfstate", sasToken: "sv=x" }, "sasToken", "ARM_SAS_TOKEN"],
    ["cloud", { organization: "acme", workspacePrefix: "e-", token: "abc.atlasv1.xyz" }, "token", "TF_TOKEN_"],
    ["pg", { connStr: "postgres://u:secret@db/x" }, "connStr", "PG_CONN_STR"],
  ])("fails when the %s backend is given a credential (%s), without echoing it", (type, rest, key, env) => {
    const found = problemsFor({ type, ...rest });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`terraform.backend.${key}: is a credential`);
    expect(found[0]).toContain(env);
    expect(found[0]).toContain('received "<hidden>"');
    const secret = (rest as Record<string, string>)[key] ?? "";
    expect(found[0]).not.toContain(secret);
  });

  it("refuses a credential under any spelling and never shows a value it does not know", () => {
    const found = problemsFor({ type: "s3", bucket: "state", region: "eu-west-1", secret_key: "CANARY-1", sessionToken: "CANARY-2", roleArnx: "CANARY-3" });
    expect(found.map((line) => line.split(":")[0])).toEqual(["terraform.backend.secret_key", "terraform.backend.sessionToken", "terraform.backend.roleArnx"]);
    expect(found[0]).toContain("set AWS_SECRET_ACCESS_KEY");
    expect(found.join("\n")).not.toMatch(/CANARY/);
    expect(found.every((line) => line.endsWith('received "<hidden>"'))).toBe(true);
    const pg = problemsFor({ type: "pg", conn_str: "postgres://u:CANARY-4@db/x" });
    expect(pg[0]).toContain("set PG_CONN_STR");
    expect(pg.join("\n")).not.toContain("CANARY");
    expect(problemLines({ terraform: { backend: "postgres://u:CANARY-5@db/x" }, domains: [cloudfront("a.example.com")] })).toEqual([
      'terraform.backend: must be a mapping of keys to values; received "<hidden>"',
    ]);
  });

  it("hides an unknown key beside the backend too, and still reports the backend's own problems", () => {
    expect(problemLines({ terraform: { sekrit: "CANARY-6", backend: { type: "s3", bucket: "state", secret_access_key: "CANARY-7" } }, domains: [cloudfront("a.example.com")] })).toEqual([
      'terraform.sekrit: unknown key (known keys: backend, providers); remove it or fix its name; received "<hidden>"',
      'terraform.backend.secret_access_key: is a credential, and credentials are never read from the config (it would end up in Git and in the synthesized JSON); remove it and set AWS_SECRET_ACCESS_KEY in the environment where terraform runs; received "<hidden>"',
      "terraform.backend.region: is required (the bucket's AWS region, such as eu-west-1); received nothing",
    ]);
  });

  it("warns when nothing locks an S3 state", () => {
    const found = validateConfig({ terraform: { backend: { type: "s3", bucket: "state", region: "eu-west-1", useLockfile: false } }, domains: [cloudfront("a.example.com")] });
    expect(found.warnings.map(formatProblem)).toContain(
      "terraform.backend.useLockfile: is false and no dynamodbTable is set, so nothing locks the state: two runs at once can overwrite each other's changes; keep useLockfile: true; received false",
    );
    const locked = validateConfig({ terraform: { backend: { type: "s3", bucket: "state", region: "eu-west-1", useLockfile: false, dynamodbTable: "locks" } }, domains: [cloudfront("a.example.com")] });
    expect(locked.warnings.map(formatProblem).filter((line) => line.startsWith("terraform"))).toEqual([]);
  });

  it("fails with the field and a hint for each bad value", () => {
    expect(problemsFor({ type: "s3", bucket: "state", region: "eu-west-1", keyPrefix: "a//" })[0]).toMatch(/^terraform\.backend\.keyPrefix: must be a key prefix: .*without \/\//);
    expect(problemsFor({ type: "s3", bucket: "my..bucket", region: "eu-west-1" })[0]).toMatch(/^terraform\.backend\.bucket: must be an S3 bucket name/);
    expect(problemsFor({ type: "gcs", bucket: "my_bucket" })).toEqual([]);
    expect(problemsFor({ type: "pg", schemaPrefix: "pg_x_" })[0]).toMatch(/^terraform\.backend\.schemaPrefix: .*not starting with a digit or pg_/);
    expect(problemsFor({ type: "cloud", organization: "acme", workspacePrefix: "e-", project: "x" })[0]).toMatch(/^terraform\.backend\.project: must be an HCP Terraform project name/);
    expect(problemsFor({ type: "s4" })[0]).toMatch(/^terraform\.backend\.type: must be one of local, s3, gcs, azurerm, cloud, pg, none \(did you mean "s3"\?\)/);
    expect(problemsFor({})).toEqual(["terraform.backend.type: is required (the state backend: local, s3, gcs, azurerm, cloud, pg or none); received nothing"]);
    expect(problemsFor({ type: "s3", region: "eu-west-1" })).toEqual(["terraform.backend.bucket: is required (the bucket that holds the state); received nothing"]);
    expect(problemsFor({ type: "s3", bucket: "My_Bucket", region: "Europe" })).toEqual([
      'terraform.backend.bucket: must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens, no two dots in a row; received "My_Bucket"',
      'terraform.backend.region: must be an AWS region such as eu-west-1; received "Europe"',
    ]);
    expect(problemsFor({ type: "s3", bucket: "b-1", region: "eu-west-1", keyPrefix: "/abs" })[0]).toMatch(/^terraform\.backend\.keyPrefix: must be a key prefix/);
    expect(problemsFor({ type: "local", path: "x.tfstate" })[0]).toMatch(/^terraform\.backend\.path: unknown key \(known keys: type\)/);
    expect(problemsFor({ type: "gcs", bucket: "b-1", prefx: "a" })[0]).toMatch(/^terraform\.backend\.prefx: unknown key \(did you mean "prefix"\?\)/);
    expect(problemsFor({ type: "pg", schemaPrefix: "Email-" })[0]).toMatch(/^terraform\.backend\.schemaPrefix: must be a schema name prefix/);
    expect(problemsFor({ type: "none", partial: "s5" })[0]).toMatch(/^terraform\.backend\.partial: must be one of s3, gcs/);
    expect(problemLines({ terraform: { backend: { type: "local" }, version: 1 }, domains: [cloudfront("a.example.com")] })[0]).toMatch(/^terraform\.version: unknown key \(known keys: backend, providers\)/);
    expect(problemLines({ terraform: "s3", domains: [cloudfront("a.example.com")] })).toEqual(['terraform: must be a mapping of keys to values; received "s3"']);
  });

  it("fails when a cloud backend has both or neither way of naming workspaces", () => {
    expect(problemsFor({ type: "cloud", organization: "acme" })[0]).toMatch(/^terraform\.backend\.workspacePrefix: is required \(or workspaceTags\)/);
    expect(problemsFor({ type: "cloud", organization: "acme", workspacePrefix: "a-", workspaceTags: ["t"] })[0]).toMatch(
      /^terraform\.backend\.workspaceTags: cannot be given with workspacePrefix/,
    );
  });

  it("fails when a stack's state name would be too long for PostgreSQL or HCP Terraform, naming the domain or its stack", () => {
    const long = `${"a".repeat(60)}.example.com`;
    expect(problemLines({ terraform: { backend: { type: "pg" } }, domains: [cloudfront(long, { cloudfront: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b" } })] })[0]).toMatch(
      /^domains\[0\]\.domain: gives its stack the PostgreSQL schema "email_assets_a{60}_example_com", 85 characters, but at most 63 fit; set a shorter stack: name for it, or a shorter terraform\.backend\.schemaPrefix/,
    );
    expect(problemLines({ terraform: { backend: { type: "cloud", organization: "o", workspacePrefix: "x".repeat(60) } }, domains: [cloudfront("a.example.com", { stack: "b".repeat(40) })] })[0]).toMatch(
      /^domains\[0\]\.stack: gives its stack the HCP Terraform workspace "x{60}b{40}", 100 characters, but at most 90 fit/,
    );
  });
});

describe("stateLocation", () => {
  it.each([
    [{ type: "local" }, "local:terraform.mail.tfstate"],
    [{ type: "s3", bucket: "b", region: "eu-west-1", keyPrefix: "ea/", useLockfile: true, encrypt: true }, "s3://b/ea/mail.tfstate"],
    [{ type: "gcs", bucket: "b", prefix: "ea/" }, "gs://b/ea/mail/default.tfstate"],
    [{ type: "azurerm", resourceGroupName: "rg", storageAccountName: "acct", containerName: "tf", keyPrefix: "" }, "azurerm://acct/tf/mail.tfstate"],
    [{ type: "cloud", organization: "o", workspaces: { kind: "prefix", prefix: "ea-" } }, "cloud:o/ea-mail"],
    [{ type: "cloud", organization: "o", hostname: "tfe.example.com", workspaces: { kind: "tags", tags: ["x"] } }, "cloud:tfe.example.com/o/tags=x,email-assets:mail"],
    [{ type: "pg", schemaPrefix: "email_assets_" }, "pg:email_assets_mail"],
    [{ type: "none" }, "none:set by the host"],
    [{ type: "none", partial: "s3" }, "none:s3 key=mail.tfstate, the rest from -backend-config"],
    [{ type: "none", partial: "pg" }, "none:pg schema_name=email_assets_mail, the rest from -backend-config"],
    [{ type: "none", partial: "http" }, "none:http backend, all from -backend-config"],
  ] satisfies [BackendSpec, string][])("names where a stack's state is: %j", (backend, expected) => {
    expect(stateLocation(backend, "mail")).toBe(expected);
  });
});

describe("a value many domains repeat", () => {
  it("reads alike in every domain, a problem of it is said for each domain, and no two domains share an object", () => {
    const domain = (name: string, extra: Record<string, unknown> = {}) => ({ domain: name, workspace: " Acme ", region: "EU", edge: "cloudflare", cloudflare: { zoneId: ZONE_A.toUpperCase() }, ...extra });
    const { specs } = valid({ domains: [domain("a.example.com"), domain("b.example.com"), domain("c.example.com")] });
    expect(specs.map((spec) => [spec.workspace, spec.region, spec.edge === "cloudflare" && spec.cloudflare.zoneId])).toEqual(Array(3).fill(["acme", "eu", ZONE_A]));
    const [first, second] = specs;
    expect(first?.edge === "cloudflare" && second?.edge === "cloudflare" && first.cloudflare !== second.cloudflare).toBe(true);
    const bad = validateConfig({ domains: [domain("a.example.com", { region: "mars" }), domain("b.example.com", { region: "mars" })] });
    expect(bad.problems.map((problem) => problem.path)).toEqual(["domains[0].region", "domains[1].region"]);
  });
});
