/**
 * The package's main entry point: everything in `email-assets-domain/validate`, plus the resolved
 * plans, the renderers, the cdktf constructs and the stack. Importing it loads cdktf.
 */
export * from "./validate";

export {
  resolvePlans,
  resolveStacks,
  type StackPlan,
  type CloudflarePlan,
  type CloudFrontPlan,
  type DistributionRecordPlan,
  type DnsRecordPlan,
  type DomainPlan,
  type PageRulePriorities,
  type ProxyPlan,
  type SslPlan,
  type ZoneRulesetsHolder,
} from "./plan/resolve-plan";
export { backendBlock, type BackendBlock } from "./plan/backend-block";
export type { AddressRecordImportIds, CloudflareImportIds, CloudFrontImportIds } from "./plan/adoption";
export { renderProxyConfig, proxyConfigFileName, type RenderedProxyConfig } from "./proxy/render-proxy-config";
export type { ProxyConfigInput } from "./proxy/proxy-config-input";
export { renderWorkerScript, workerScriptName, type WorkerPlan } from "./cloudflare/worker-script";
export type { ZoneRule, ZoneRulesetsPlan } from "./cloudflare/zone-rules";

export { CloudflareEmailAssets, type CloudflareEmailAssetsProps } from "./constructs/cloudflare-email-assets";
export { CloudflareWorker, type CloudflareWorkerProps } from "./constructs/cloudflare-worker";
export { CloudflareZoneRulesets, type CloudflareZoneRulesetsProps } from "./constructs/cloudflare-zone-rulesets";
export {
  CloudFrontEmailAssets,
  type CloudFrontCertificate,
  type CloudFrontEmailAssetsProps,
  type DnsRecordReference,
} from "./constructs/cloudfront-email-assets";
export { AddressRecords, type AddressRecordsProps } from "./constructs/address-records";
export { InvalidPropsError } from "./constructs/props-check";
export { EmailAssetsPolicy, applyPolicy } from "./constructs/email-assets-policy";
export type { LiveResourceProps } from "./constructs/live-lifecycle";
export { policyViolations, formatViolation, POLICY_RULES, type PolicyRuleId, type PolicyViolation } from "./policy/stack-policy";
export { nextSteps, nextStepsReport } from "./plan/next-steps";
export { EmailAssetsStack, type EmailAssetsStackOptions } from "./stacks/email-assets-stack";
export { synthApp, localStatePath, MODULES_DIR, type SynthOptions } from "./stacks/synth-app";
export { stackToModule } from "./stacks/module-json";
