import { describe, expect, it } from "vitest";
import { MAX_DOMAIN_LENGTH } from "../../src/config/fields/domain-name";
import { formatProblem } from "../../src/config/problems/problem";
import { stateLocation } from "../../src/config/names/state-names";
import { validateConfig } from "../../src/config/rules/validate-config";
import { cloudflareDomain, ZONE_A } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

const withBackend = (backend: unknown, domains: unknown[] = [cloudflareDomain()]) => ({ domains, terraform: { backend } });

describe("rules between domains and the backend", () => {
  it("accepts two domains of one zone that give the same existing ruleset id", () => {
    const rulesets = { zoneId: ZONE_A, mode: "rulesets", existingRulesets: { http_request_origin: "a".repeat(32) } };
    const result = validateConfig({
      domains: [cloudflareDomain({ cloudflare: rulesets }), cloudflareDomain({ domain: "news.example.com", cloudflare: rulesets })],
    });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.specs).toHaveLength(2);
  });

  it("checks stack names against a pg backend only for the entries whose domain is valid", () => {
    const long = `${"a".repeat(60)}.example.com`;
    expect(problemLines(withBackend({ type: "pg" }, [cloudflareDomain({ domain: "not a domain" }), cloudflareDomain({ domain: long })]))).toEqual([
      'domains[0].domain: must not contain spaces; received "not a domain"',
      `domains[1].domain: gives its stack the PostgreSQL schema "email_assets_${"a".repeat(60)}_example_com", 85 characters, but at most 63 fit; set a shorter stack: name for it, or a shorter terraform.backend.schemaPrefix; received "${long}"`,
    ]);
  });

  it("fits the HCP Terraform workspace tag of the longest domain the tool takes", () => {
    const long = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(30)}.com`;
    expect(long).toHaveLength(MAX_DOMAIN_LENGTH);
    const result = validateConfig(withBackend({ type: "cloud", organization: "acme", workspaceTags: ["ea"] }, [cloudflareDomain({ domain: long })]));
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(stateLocation(result.terraform.backend, result.specs[0]?.domain.replace(/\./g, "-") ?? "")).toBe(
      `cloud:acme/tags=ea,email-assets:${long.replace(/\./g, "-")}`,
    );
  });
});
