import { describe, expect, it } from "vitest";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { hostHeaderRule } from "../../src/cloudflare/zone-rules";
import { CloudflareZoneRulesets } from "../../src/constructs/cloudflare-zone-rulesets";
import { ZONE_A } from "../support/fixtures";
import { synthValidated, useScratchStacks, type StackJson } from "../support/synth";

const HOST = "acme.intercom-mail.com";
const newStack = useScratchStacks();

describe("CloudflareZoneRulesets", () => {
  it("creates the rulesets when there is nothing to adopt: no import, no ignored changes", () => {
    const stack = newStack();
    new CloudflareProvider(stack, "cloudflare", {});
    const construct = new CloudflareZoneRulesets(stack, "r", { zoneId: ZONE_A, rules: { http_request_origin: [hostHeaderRule("emails.example.com", HOST)], http_config_settings: [] } });
    expect(Object.keys(construct.rulesets)).toEqual(["http_request_origin"]);
    const json = synthValidated(stack) as StackJson & { import?: unknown };
    expect(json.import).toBeUndefined();
    const ruleset = Object.values(json.resource?.cloudflare_ruleset ?? {});
    expect(ruleset).toHaveLength(1);
    expect(ruleset[0]).toMatchObject({ phase: "http_request_origin", kind: "zone", lifecycle: { prevent_destroy: true } });
    expect(ruleset[0]?.lifecycle).not.toHaveProperty("ignore_changes");
  });
});
