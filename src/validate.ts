/**
 * The cdktf-free entry point (`email-assets-domain/validate`): read, validate and normalize configs,
 * with their types and problems. Loads in tens of milliseconds; nothing here imports cdktf,
 * constructs or a provider package.
 */
export { validateConfig, parseConfig, type ValidationResult } from "./config/rules/validate-config";
export {
  loadConfig,
  findConfigFile,
  CONFIG_ENV,
  CONFIG_FILE_NAMES,
  EMBEDDED_EXAMPLE,
  EXAMPLE_ENV,
  type LoadedConfig,
  type LoadOptions,
} from "./config/files/load-config";
export { ConfigError, formatProblem, type FieldPath, type Problem } from "./config/problems/problem";
export { DEFAULTS } from "./config/shapes/defaults";
export { EXAMPLE_CONFIG } from "./config/files/example-config";
export { stackId, normalizeStackName } from "./config/names/stack-id";
export { stateLocation } from "./config/names/state-names";
export type { BackendSpec, TerraformSettings } from "./config/shapes/terraform-settings";
export { BACKEND_TYPES, PARTIAL_BACKEND_TYPES, type BackendType, type PartialBackendType } from "./facts/terraform-facts";
export { normalizeCustomDomain, normalizeWorkspace } from "./config/fields/domain-name";
export type { Normalized } from "./config/fields/normalized";
export type { BackendInput, EmailAssetsConfigInput, EmailAssetsDomainInput, ProvidersInput } from "./config/shapes/config-input";
export type { ProviderConstraints } from "./config/rules/parse-providers";
export {
  CLOUDFLARE_MODES,
  DNS_CHOICES,
  EDGES,
  MINIMUM_PROTOCOL_VERSIONS,
  PRICE_CLASSES,
  PROXY_SERVERS,
  REGIONS,
  RULESET_PHASES,
  SSL_SCOPES,
  type AddressRecordType,
  type CloudflareAdoption,
  type CloudFrontAdoption,
  type ProxyAdoption,
  type CloudflareMode,
  type CloudflareModeSettings,
  type CloudflareSettings,
  type CloudFrontLogging,
  type CloudFrontSettings,
  type DnsChoice,
  type DnsTarget,
  type Edge,
  type EmailAssetsDomainSpec,
  type ManagedDnsTarget,
  type MinimumProtocolVersion,
  type PriceClass,
  type ProxyAddresses,
  type ProxyServer,
  type ProxySettings,
  type Region,
  type RulesetPhase,
  type SpecOf,
  type SslScope,
} from "./config/shapes/domain-spec";
export { intercomHost, isIntercomHost } from "./intercom/intercom-host";
export { linkBrandingStep } from "./intercom/link-branding";
