import { isIP } from "node:net";
import {
  CLOUDFLARE_MODES,
  ENTERPRISE_PAGE_RULES_PER_ZONE,
  PAGE_RULES_PER_DOMAIN,
  PHASES_BY_MODE,
  type CloudflareMode,
  type RulesetPhase,
} from "../../facts/cloudflare-facts";
import { privateSuffixOf, subdomainDepth } from "../fields/domain-name";
import { lookalikeWarning } from "../fields/lookalike-domain";
import type { EmailAssetsDomainSpec, ProxySettings, SpecOf } from "../shapes/domain-spec";
import { formatPath, type FieldPath, type Problem } from "../problems/problem";
import { certificateAddress } from "../names/stack-id";
import { isPrivateAddress } from "../fields/proxy-values";

/**
 * Published addresses the proxy will not answer on, addresses the Internet cannot reach, and an
 * Apache listen address that collides with ports.conf.
 */
function proxyWarnings(proxy: ProxySettings, prefix: FieldPath): Problem[] {
  const warnings: Problem[] = [];
  if (proxy.server === "apache") {
    const standard = [proxy.httpPort === 80 ? 80 : undefined, proxy.httpsPort === 443 ? 443 : undefined].filter((p) => p !== undefined);
    if (proxy.listenAddress !== undefined && standard.length > 0) {
      warnings.push({
        path: formatPath([...prefix, "listenAddress"]),
        message: `on port ${standard.join(" and ")} overlaps the wildcard Listen ${standard.join("/")} of Debian's ports.conf, and Apache then fails to start (apache2 -t does not notice); change those lines in ports.conf to addresses too`,
        received: proxy.listenAddress,
      });
    }
  }
  const listenFamily = proxy.listenAddress === undefined ? 0 : isIP(proxy.listenAddress);
  for (const [key, family] of [["ipv4", 4], ["ipv6", 6]] as const) {
    const address = proxy[key];
    if (address === undefined) continue;
    if (listenFamily !== 0 && listenFamily !== family) {
      warnings.push({
        path: formatPath([...prefix, key]),
        message: `is published in DNS, but the proxy listens only on ${proxy.listenAddress} (IPv${listenFamily}); clients using IPv${family} would not reach it unless a NAT or load balancer forwards them`,
        received: address,
      });
    }
    if (isPrivateAddress(address)) {
      warnings.push({
        path: formatPath([...prefix, key]),
        message: "is a private address: recipients' mail clients on the Internet cannot reach it; publish the proxy's public address",
        received: address,
      });
    }
  }
  return warnings;
}

/** The modes whose domains write rules into a phase. */
function modesUsing(phase: RulesetPhase): CloudflareMode[] {
  return CLOUDFLARE_MODES.filter((mode) => PHASES_BY_MODE[mode].includes(phase));
}

/** Existing rulesets given for a phase that no domain of the zone writes rules into. */
function unusedExistingRulesets(spec: SpecOf<"cloudflare">, index: number, modesByZone: ReadonlyMap<string, ReadonlySet<CloudflareMode>>): Problem[] {
  const { existingRulesets, zoneId } = spec.cloudflare;
  const zoneModes = modesByZone.get(zoneId) ?? new Set<CloudflareMode>();
  return (Object.entries(existingRulesets) as [RulesetPhase, string][]).flatMap(([phase, id]) => {
    const users = modesUsing(phase);
    if (users.some((mode) => zoneModes.has(mode))) return [];
    return [
      {
        path: formatPath(["domains", index, "cloudflare", "existingRulesets", phase]),
        message: `is ignored: no domain of this zone needs the ${phase} phase in its mode (${users.join(" or ")})`,
        received: id,
      },
    ];
  });
}

/** What a retired domain no longer protects, by edge, and what destroying it breaks. */
function retireWarning(spec: EmailAssetsDomainSpec): string {
  let serving: string;
  switch (spec.edge) {
    case "cloudflare":
      serving = spec.cloudflare.mode === "page-rules" ? "its CNAME and page rules" : spec.cloudflare.mode === "worker" ? "its CNAME and Worker route" : "its CNAME (and the zone's rulesets, once no live domain shares them)";
      break;
    case "cloudfront":
      serving = `its CloudFront distribution${spec.cloudfront.dns.kind === "external" ? "" : " and DNS records"}`;
      break;
    case "proxy":
      serving = spec.proxy.dns.kind === "external" ? "nothing the stack creates (its DNS is external)" : "its A/AAAA records";
      break;
  }
  return (
    `lifts prevent_destroy from ${serving}: terraform destroy, or removing the domain from the config, deletes them, and every email ` +
    `already sent with links, images and unsubscribe links on ${spec.domain} breaks for good; remove retire to protect it again`
  );
}

/**
 * Things that will work but that the user should know about, per domain, from the valid specs
 * (warnings about a block's own keys come from the parser, which sees what was written).
 */
export function warningsFor(specs: readonly EmailAssetsDomainSpec[]): Problem[][] {
  const rulesPerZone = new Map<string, number>();
  // Once for the whole config: a fleet of thousands of domains must not rescan it per domain.
  const modesByZone = new Map<string, Set<CloudflareMode>>();
  for (const spec of specs) {
    if (spec.edge !== "cloudflare") continue;
    const modes = modesByZone.get(spec.cloudflare.zoneId) ?? new Set<CloudflareMode>();
    modes.add(spec.cloudflare.mode);
    modesByZone.set(spec.cloudflare.zoneId, modes);
  }
  return specs.map((spec, index) => {
    const warnings: Problem[] = [];
    if (spec.retire === true) {
      warnings.push({ path: formatPath(["domains", index, "retire"]), message: retireWarning(spec), received: true });
    }
    const lookalike = lookalikeWarning(spec.domain);
    if (lookalike !== undefined) warnings.push({ path: formatPath(["domains", index, "domain"]), message: lookalike, received: spec.domain });
    const privateSuffix = privateSuffixOf(spec.domain);
    if (privateSuffix !== undefined) {
      warnings.push({
        path: formatPath(["domains", index, "domain"]),
        message: `sits under ${privateSuffix}, which the Public Suffix List marks as a provider's domain (its private section): check that you can create DNS records for this name there; a hosting service's subdomains (herokuapp.com, github.io) usually cannot be pointed elsewhere or get a certificate of yours`,
        received: spec.domain,
      });
    }
    switch (spec.edge) {
      case "cloudfront":
        if (spec.cloudfront.dns.kind === "external" && spec.cloudfront.certificateArn === undefined) {
          const certificate = certificateAddress(spec.domain, spec.stack !== undefined);
          warnings.push({
            path: formatPath(["domains", index, "cloudfront", "dns"]),
            message: `is external and a certificate will be created: the first apply waits until you create the certificate's validation record; apply the certificate first (terraform apply -target=${certificate}), create the records that \`terraform output\` shows, then apply the rest`,
            received: spec.cloudfront.dns.kind,
          });
        }
        break;
      case "proxy":
        warnings.push(...proxyWarnings(spec.proxy, ["domains", index, "proxy"]));
        break;
      case "cloudflare": {
        warnings.push(...unusedExistingRulesets(spec, index, modesByZone));
        if (subdomainDepth(spec.domain) > 1) {
          warnings.push({
            path: formatPath(["domains", index, "domain"]),
            message:
              "is more than one level below its registered domain; Cloudflare's Universal SSL certificate covers only a zone's apex and first-level subdomains, so unless the parent is a zone of its own, order an Advanced certificate (or enable Total TLS) for it",
            received: spec.domain,
          });
        }
        if (spec.cloudflare.mode !== "page-rules") break;
        const { zoneId } = spec.cloudflare;
        const count = (rulesPerZone.get(zoneId) ?? 0) + PAGE_RULES_PER_DOMAIN;
        rulesPerZone.set(zoneId, count);
        if (count > ENTERPRISE_PAGE_RULES_PER_ZONE && count - PAGE_RULES_PER_DOMAIN <= ENTERPRISE_PAGE_RULES_PER_ZONE) {
          warnings.push({
            path: formatPath(["domains", index, "cloudflare", "zoneId"]),
            message: `needs more than ${ENTERPRISE_PAGE_RULES_PER_ZONE} page rules in this zone (${PAGE_RULES_PER_DOMAIN} per domain), the Enterprise plan's default quota; ask Cloudflare for more or split the domains across zones`,
            received: zoneId,
          });
        }
        break;
      }
    }
    return warnings;
  });
}
