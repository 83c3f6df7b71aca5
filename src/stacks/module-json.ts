import { isRecord } from "../config/rules/parse-fields";
import { outsideRange } from "../config/fields/version-constraint";
import { PROVIDER_NAMES, PROVIDER_VERSIONS, type ProviderName } from "../facts/provider-versions";

/**
 * Turns a synthesized stack's Terraform JSON into a module's: no provider configurations and no
 * backend (the caller's Terraform owns both), and `configuration_aliases` for every aliased
 * provider the stack configured (the AWS provider in us-east-1 for the certificate), so the
 * caller passes them in `providers = { … }`. Resources, data sources and outputs stay as they are;
 * `import` blocks (adopted Cloudflare rulesets) are returned apart, since Terraform allows them in
 * the root module only.
 */
export function stackToModule(stackJson: Readonly<Record<string, unknown>>): ModuleJson {
  const { provider, terraform, import: importBlocks, "//": _stackMetadata, ...rest } = stackJson;
  const aliases = new Map<string, string[]>();
  if (isRecord(provider)) {
    for (const [type, configs] of Object.entries(provider)) {
      for (const config of Array.isArray(configs) ? configs : [configs]) {
        if (isRecord(config) && typeof config.alias === "string") aliases.set(type, [...(aliases.get(type) ?? []), `${type}.${config.alias}`]);
      }
    }
  }
  const { backend: _backend, cloud: _cloud, required_providers: required, ...terraformRest } = isRecord(terraform) ? terraform : {};
  const requiredProviders = Object.fromEntries(
    Object.entries(isRecord(required) ? required : {}).map(([type, requirement]) => {
      const configurationAliases = aliases.get(type);
      if (!isRecord(requirement)) return [type, requirement];
      return [
        type,
        {
          ...requirement,
          ...(typeof requirement.version === "string" && { version: compatibleVersions(type, requirement.version) }),
          ...(configurationAliases !== undefined && { configuration_aliases: configurationAliases }),
        },
      ];
    }),
  );
  const imports = (Array.isArray(importBlocks) ? importBlocks : []).flatMap((block) =>
    isRecord(block) && typeof block.to === "string" && typeof block.id === "string" ? [{ to: block.to, id: block.id }] : [],
  );
  return { module: { terraform: { ...terraformRest, required_providers: requiredProviders }, ...rest }, imports };
}

/** A module's Terraform JSON, and the stack's imports, which Terraform allows only in the root module. */
export interface ModuleJson {
  readonly module: Record<string, unknown>;
  /** `to` is the resource's address inside the module; the parent imports it as `module.<name>.<to>`. */
  readonly imports: readonly { readonly to: string; readonly id: string }[];
}

/**
 * The stack requires the provider version the config chose, by default exactly the one the project
 * is tested with. A module takes an exact version and any later one inside the range whose schemas
 * the stack's resources are checked against (AWS 5.100.0 up to any 6.x: a parent configuration has
 * one version of each provider, and should not have to match the stack's); a constraint the config
 * chose is kept, as it lies inside that range already. A version outside the range (a stack not
 * made by this project), or of a provider of no known range, takes the later ones of its major version.
 */
function compatibleVersions(provider: string, pinned: string): string {
  const exact = /^(\d+)\.\d+\.\d+$/.exec(pinned);
  if (!exact) return pinned;
  const known = (PROVIDER_NAMES as readonly string[]).includes(provider) ? PROVIDER_VERSIONS[provider as ProviderName] : undefined;
  const inRange = known !== undefined && outsideRange(pinned, known.checkedFrom, known.checkedBelow) === undefined;
  return `>= ${pinned}, < ${inRange ? known.checkedBelow : `${Number(exact[1]) + 1}.0.0`}`;
}
