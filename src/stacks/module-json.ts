/**
 * Turns a synthesized stack's Terraform JSON into a module's: no provider configurations and no
 * backend (the caller's Terraform owns both), and `configuration_aliases` for every aliased
 * provider the stack configured (the AWS provider in us-east-1 for the certificate), so the
 * caller passes them in `providers = { … }`. Resources, data sources and outputs stay as they are.
 */
export function stackToModule(stackJson: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { provider, terraform, "//": _stackMetadata, ...rest } = stackJson;
  const aliases = new Map<string, string[]>();
  if (isObject(provider)) {
    for (const [type, configs] of Object.entries(provider)) {
      for (const config of Array.isArray(configs) ? configs : [configs]) {
        if (isObject(config) && typeof config.alias === "string") aliases.set(type, [...(aliases.get(type) ?? []), `${type}.${config.alias}`]);
      }
    }
  }
  const { backend: _backend, cloud: _cloud, required_providers: required, ...terraformRest } = isObject(terraform) ? terraform : {};
  const requiredProviders = Object.fromEntries(
    Object.entries(isObject(required) ? required : {}).map(([type, requirement]) => {
      const configurationAliases = aliases.get(type);
      return [type, configurationAliases === undefined || !isObject(requirement) ? requirement : { ...requirement, configuration_aliases: configurationAliases }];
    }),
  );
  return { terraform: { ...terraformRest, required_providers: requiredProviders }, ...rest };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
