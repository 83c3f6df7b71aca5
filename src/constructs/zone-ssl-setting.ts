import type { Construct } from "constructs";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { bindings } from "./provider-bindings";
import { applyPolicy } from "./email-assets-policy";
import { claim } from "./construct-claims";

/**
 * The zone-wide SSL/TLS mode set to Full: one per zone, owned by one stack. Used by
 * CloudflareEmailAssets for a domain's own stack, and by a named stack for the zones it holds
 * (outside any construct of this package, so the setting puts itself under the policy); `scope`
 * claims the zone's setting, so a second owner anywhere in the app fails synth.
 */
export function zoneSslSetting(scope: Construct, id: string, zoneId: string, provider?: CloudflareProvider): ZoneSetting {
  claim(scope, "zoneSsl", zoneId);
  const setting = new (bindings.ZoneSetting())(scope, id, {
    ...(provider !== undefined && { provider }),
    zoneId,
    settingId: "ssl",
    // The binding types `value` as a map, but the ssl setting's value is a plain string.
    value: "full" as unknown as Record<string, string>,
  });
  applyPolicy(setting);
  return setting;
}
