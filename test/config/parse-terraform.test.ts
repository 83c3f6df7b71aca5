import { describe, expect, it } from "vitest";
import { formatReceived } from "../../src/config/problems/problem";
import { validateConfig } from "../../src/config/rules/validate-config";
import { cloudflareDomain } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

// The terraform block: the backend's host name, and a block without a backend.
const withBackend = (backend: unknown, domains: unknown[] = [cloudflareDomain()]) => ({ domains, terraform: { backend } });
const cloud = (extra: Record<string, unknown>) => withBackend({ type: "cloud", organization: "acme", workspacePrefix: "ea-", ...extra });

describe("terraform.backend.hostname (HCP Terraform Enterprise)", () => {
  const HOST_ONLY = "must be a host name only, without scheme, port or path";
  const LABELS = "must be a host name such as app.terraform.io: dot-separated labels of letters, digits and hyphens";
  it.each([
    ["a URL", "https://tfe.example.com/", `${HOST_ONLY} (use "tfe.example.com")`],
    ["a host and port", "tfe.example.com:8443", `${HOST_ONLY} (use "tfe.example.com")`],
    ["a host and path", "tfe.example.com/app", `${HOST_ONLY} (use "tfe.example.com")`],
    ["one label", "localhost", LABELS],
    ["a label with an underscore", "tfe_1.example.com", LABELS],
    ["an empty label", "tfe..example.com", LABELS],
    ["longer than 253 characters", `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`, LABELS],
  ])("refuses %s", (_case, hostname, message) => {
    expect(problemLines(cloud({ hostname }))).toEqual([`terraform.backend.hostname: ${message}; received ${formatReceived(hostname)}`]);
  });

  it("takes a host name with a trailing dot and upper case, normalized", () => {
    const { terraform } = validateConfig(cloud({ hostname: "TFE.Example.com." }));
    expect(terraform.backend).toMatchObject({ type: "cloud", hostname: "tfe.example.com" });
  });
});

describe("terraform block without a backend", () => {
  it("is the local backend when empty", () => {
    const result = validateConfig({ domains: [cloudflareDomain()], terraform: {} });
    expect(result.problems).toEqual([]);
    expect(result.terraform).toEqual({ backend: { type: "local" } });
  });

  it("reports an unknown key beside a missing backend, with its value hidden", () => {
    expect(problemLines({ domains: [cloudflareDomain()], terraform: { backnd: { type: "s3", password: "hunter2" } } })).toEqual([
      'terraform.backnd: unknown key (did you mean "backend"?); remove it or fix its name; received "<hidden>"',
    ]);
  });

  it("points a secret under a name of no backend's to the backend's environment variable, never showing it", () => {
    const problems = problemLines(withBackend({ type: "s3", bucket: "state-bucket", region: "eu-west-1", password: "hunter2" }));
    expect(problems).toEqual([
      'terraform.backend.password: is a credential, and credentials are never read from the config (it would end up in Git and in the synthesized JSON); remove it and set the backend\'s environment variable for it in the environment where terraform runs; received "<hidden>"',
    ]);
    expect(problems.join("\n")).not.toContain("hunter2");
  });
});
