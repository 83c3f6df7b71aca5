/**
 * The cdktf-free entry point (`email-assets-domain/validate`): read, validate and normalize configs,
 * with their types and problems. Loads in tens of milliseconds; nothing here imports cdktf,
 * constructs or a provider package.
 */
export { validateConfig, parseConfig, type ValidationResult } from "./config/validate-config";
export {
  loadConfig,
  findConfigFile,
  CONFIG_ENV,
  CONFIG_FILE_NAMES,
  EMBEDDED_EXAMPLE,
  EXAMPLE_ENV,
  type LoadedConfig,
  type LoadOptions,
} from "./config/load-config";
export { ConfigError, formatProblem, type FieldPath, type Problem } from "./config/problem";
export { DEFAULTS } from "./config/defaults";
export { EXAMPLE_CONFIG } from "./config/example-config";
export { stackId, normalizeStackName } from "./config/stack-id";
export { stateLocation } from "./config/state-names";
export type { BackendSpec, TerraformSettings } from "./config/terraform-settings";
export { BACKEND_TYPES, PARTIAL_BACKEND_TYPES, type BackendType, type PartialBackendType } from "./facts/terraform-facts";
export { normalizeCustomDomain, normalizeWorkspace } from "./config/domain-name";
export type { Normalized } from "./config/normalized";
export type { BackendInput, EmailAssetsConfigInput, EmailAssetsDomainInput, ProvidersInput } from "./config/config-input";
export type { ProviderConstraints } from "./config/parse-providers";
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
} from "./config/domain-spec";
export { intercomHost, isIntercomHost } from "./intercom/intercom-host";
export { linkBrandingStep } from "./intercom/link-branding";
