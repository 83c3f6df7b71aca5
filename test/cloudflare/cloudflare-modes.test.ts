import { beforeAll, describe, expect, it } from "vitest";
import { hostExpression, httpsTargetExpression, plainHttpExpression, quoteRulesString } from "../../src/cloudflare/rules-expressions";
import { renderWorkerScript, workerScriptName } from "../../src/cloudflare/worker-script";
import { cloudflareDomain, STACK_ADDRESSES, ZONE_A, ZONE_B } from "../support/fixtures";
import { resource, resourceAddresses, synthConfig, type StackJson } from "../support/synth";

const ACCOUNT = "fedcba9876543210fedcba9876543210";
const ORIGIN_RULESET = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

const MODES_FLEET = [
  cloudflareDomain({ domain: "pages.example.com" }),
  cloudflareDomain({ domain: "rules.example.com", cloudflare: { zoneId: ZONE_A, mode: "rulesets", existingRulesets: { http_request_origin: ORIGIN_RULESET } } }),
  cloudflareDomain({ domain: "worker.example.com", region: "eu", workspace: "acme-eu", cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: ACCOUNT } }),
  cloudflareDomain({ domain: "more-rules.example.com", region: "au", cloudflare: { zoneId: ZONE_A, mode: "rulesets", sslScope: "zone" } }),
  cloudflareDomain({ domain: "pages2.example.com" }),
  cloudflareDomain({ domain: "other.example.org", cloudflare: { zoneId: ZONE_B, mode: "rulesets" } }),
];

let stacks: Record<string, StackJson>;
beforeAll(() => {
  stacks = synthConfig({ domains: MODES_FLEET });
});

type Rule = { ref: string; expression: string; action: string; action_parameters: Record<string, unknown>; enabled: boolean; description: string };
const rules = (stack: StackJson, id: string) => (resource(stack, "cloudflare_ruleset", id).rules as Rule[]);

describe("Rules language expressions", () => {
  it.each([
    ["emails.example.com", '"emails.example.com"'],
    ['a"b', '"a\\"b"'],
    ["a\\b", '"a\\\\b"'],
  ])("quotes %j as %s", (value, quoted) => {
    expect(quoteRulesString(value)).toBe(quoted);
  });

  it("matches exactly the custom domain", () => {
    expect(hostExpression("emails.example.com")).toBe('http.host eq "emails.example.com"');
    expect(plainHttpExpression("emails.example.com")).toBe('(http.host eq "emails.example.com" and not ssl)');
    expect(httpsTargetExpression("emails.example.com")).toBe('concat("https://emails.example.com", http.request.uri.path)');
  });
});

describe("rulesets mode", () => {
  const owner = (): StackJson => stacks["rules-example-com"];

  it("puts the zone's entry-point rulesets in the stack of its first rulesets/worker domain only", () => {
    expect(resourceAddresses(owner())).toEqual(STACK_ADDRESSES.cloudflareRulesetsHolder);
    for (const id of ["worker-example-com", "more-rules-example-com", "pages-example-com", "pages2-example-com"]) {
      expect(resourceAddresses(stacks[id]).filter((a) => a.startsWith("cloudflare_ruleset."))).toEqual([]);
    }
    for (const id of ["rules-example-com", "worker-example-com", "more-rules-example-com"]) {
      expect(stacks[id].output?.zone_rulesets_stack?.value).toBe("rules-example-com");
    }
    expect(stacks["other-example-org"].output?.zone_rulesets_stack?.value).toBe("other-example-org");
    expect(resourceAddresses(stacks["other-example-org"])).toContain("cloudflare_ruleset.redirect_rules");
  });

  it("keeps the proxied CNAME to the Intercom host, and no page rules", () => {
    expect(resource(owner(), "cloudflare_dns_record", "cname")).toMatchObject({ name: "rules.example.com", content: "acme.intercom-mail.com", proxied: true, ttl: 1 });
  });

  it.each([
    ["redirect_rules", "http_request_dynamic_redirect"],
    ["origin_rules", "http_request_origin"],
    ["config_rules", "http_config_settings"],
  ])("%s is the zone's %s entry point", (id, phase) => {
    expect(resource(owner(), "cloudflare_ruleset", id)).toMatchObject({ zone_id: ZONE_A, kind: "zone", phase });
  });

  it("redirects plain HTTP for each rulesets domain to HTTPS with a 301, path and query kept", () => {
    expect(rules(owner(), "redirect_rules")).toEqual(
      ["rules.example.com", "more-rules.example.com"].map((domain) => ({
        ref: `email_assets_https_${domain.replace(/[.-]/g, "_")}`,
        description: `email-assets: ${domain} to HTTPS`,
        expression: `(http.host eq "${domain}" and not ssl)`,
        action: "redirect",
        enabled: true,
        action_parameters: {
          from_value: { status_code: 301, preserve_query_string: true, target_url: { expression: `concat("https://${domain}", http.request.uri.path)` } },
        },
      })),
    );
  });

  it("overrides the Host header with each domain's own Intercom host, without touching SNI", () => {
    expect(rules(owner(), "origin_rules").map((r) => [r.expression, r.action, r.action_parameters])).toEqual([
      ['http.host eq "rules.example.com"', "route", { host_header: "acme.intercom-mail.com" }],
      ['http.host eq "more-rules.example.com"', "route", { host_header: "acme.au.intercom-mail.com" }],
    ]);
    expect(JSON.stringify(rules(owner(), "origin_rules"))).not.toContain("sni");
  });

  it("sets SSL Full and Rocket Loader off per host for rulesets and worker domains (SSL left to the zone where asked)", () => {
    expect(rules(owner(), "config_rules").map((r) => [r.expression, r.action, r.action_parameters])).toEqual([
      ['http.host eq "rules.example.com"', "set_config", { ssl: "full", rocket_loader: false }],
      ['http.host eq "worker.example.com"', "set_config", { ssl: "full", rocket_loader: false }],
      ['http.host eq "more-rules.example.com"', "set_config", { rocket_loader: false }],
    ]);
    expect(resource(stacks["more-rules-example-com"], "cloudflare_zone_setting", "zone_ssl")).toMatchObject({ setting_id: "ssl", value: "full" });
  });

  it("adopts an entry point that already exists through an import block instead of creating it", () => {
    expect((owner() as Record<string, unknown>).import).toEqual([{ to: "cloudflare_ruleset.origin_rules", id: `zones/${ZONE_A}/${ORIGIN_RULESET}` }]);
    expect((stacks["other-example-org"] as Record<string, unknown>).import).toBeUndefined();
  });

  it("adopts it in place: Terraform ignores the existing ruleset's name, kind and phase, which the provider would replace it to change", () => {
    // Cloudflare provider 5.14.0 marks all three as requiring replacement (test/support/fixtures/cloudflare-provider-5.14.0-schema.json).
    expect(resource(owner(), "cloudflare_ruleset", "origin_rules").lifecycle).toEqual({ ignore_changes: ["name", "kind", "phase"], prevent_destroy: true });
    // Kind and phase are those of every zone entry point, so the right id matches them anyway; ignoring
    // them keeps a wrong id (another phase's entry point) from getting that entry point destroyed.
    expect(resource(owner(), "cloudflare_ruleset", "origin_rules")).toMatchObject({ kind: "zone", phase: "http_request_origin" });
    // Rulesets that are created, not adopted, keep their name under Terraform's control (and, serving live domains, refuse destruction).
    expect(resource(owner(), "cloudflare_ruleset", "redirect_rules").lifecycle).toEqual({ prevent_destroy: true });
    expect(resource(stacks["other-example-org"], "cloudflare_ruleset", "origin_rules").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("numbers page-rule priorities among the zone's page-rules domains only", () => {
    expect(resource(stacks["pages-example-com"], "cloudflare_page_rule", "always_https").priority).toBe(1);
    expect(resource(stacks["pages2-example-com"], "cloudflare_page_rule", "always_https").priority).toBe(3);
  });
});

describe("worker mode", () => {
  const stack = (): StackJson => stacks["worker-example-com"];

  it("creates the proxied CNAME, the Worker and its route, and no page rules", () => {
    expect(resourceAddresses(stack())).toEqual(STACK_ADDRESSES.cloudflareWorker);
    expect(resource(stack(), "cloudflare_dns_record", "cname")).toMatchObject({ content: "acme-eu.intercom-mail.eu", proxied: true });
  });

  it("uploads the rendered module for this domain and routes <domain>/* to it", () => {
    expect(resource(stack(), "cloudflare_workers_script", "worker")).toEqual({
      account_id: ACCOUNT,
      script_name: "email-assets-worker-example-com",
      content: renderWorkerScript("worker.example.com", "acme-eu.intercom-mail.eu"),
      main_module: "worker.js",
      compatibility_date: "2025-09-01",
    });
    expect(resource(stack(), "cloudflare_workers_route", "worker_route")).toEqual({
      zone_id: ZONE_A,
      pattern: "worker.example.com/*",
      script: "${cloudflare_workers_script.worker.script_name}",
      lifecycle: { prevent_destroy: true },
    });
    expect(stack().output?.worker_script_name?.value).toBe("email-assets-worker-example-com");
  });

  it("keeps Worker names within 63 characters and distinct", () => {
    const long = `${"a".repeat(40)}-${"b".repeat(20)}-example-com`;
    const a = workerScriptName(long);
    const b = workerScriptName(`${long}x`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(b.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(workerScriptName("emails-example-com")).toBe("email-assets-emails-example-com");
  });
});
