import { Construct } from "constructs";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { WorkersRoute } from "@cdktf/provider-cloudflare/lib/workers-route";
import type { WorkersScript } from "@cdktf/provider-cloudflare/lib/workers-script";
import { WORKER_COMPATIBILITY_DATE, WORKER_MAIN_MODULE } from "../cloudflare/worker-script";
import { normalizeCloudflareId } from "../config/fields/domain-name";
import { WORKER_SCRIPT_NAME_MAX_LENGTH } from "../facts/cloudflare-facts";
import type { CloudflareImportIds } from "../plan/adoption";
import { checkCloudflareImportIds, importWhenAdopted } from "./adopted-resource";
import { constructId, PropsCheck, requireDefaultProvider } from "./props-check";
import { FLAG, objectOf, optional, providerOf, required, TEXT, type Described } from "./prop-shapes";
import { claim } from "./construct-claims";
import { bindings } from "./provider-bindings";
import { applyPolicy } from "./email-assets-policy";
import { liveLifecycle, type LiveResourceProps } from "./live-lifecycle";

export interface CloudflareWorkerProps extends LiveResourceProps {
  /** The account that owns the Worker: 32 lower-case hex digits. */
  readonly accountId: string;
  /** Zone that holds the custom domain: 32 lower-case hex digits. */
  readonly zoneId: string;
  /** The Worker's name (see workerScriptName()). */
  readonly scriptName: string;
  /** The module's source (see renderWorkerScript()). */
  readonly script: string;
  /** The route that sends the domain's requests to the Worker: `emails.example.com/*`. */
  readonly routePattern: string;
  /** @default "worker.js" */
  readonly mainModule?: string;
  /** @default - the date the generated script is written against */
  readonly compatibilityDate?: string;
  /** @default - the stack's default Cloudflare provider */
  readonly provider?: CloudflareProvider;
  /**
   * A live route to adopt (`<zone id>/<route id>`): imported instead of created. The Worker itself
   * is always this construct's own.
   * @default - none: the route is created
   */
  readonly importIds?: Pick<CloudflareImportIds, "workersRoute">;
}

const PROPS: Described<CloudflareWorkerProps> = {
  accountId: required(TEXT),
  zoneId: required(TEXT),
  scriptName: required(TEXT),
  script: required(TEXT),
  routePattern: required(TEXT),
  mainModule: optional(TEXT),
  compatibilityDate: optional(TEXT),
  provider: optional(providerOf("cloudflare")),
  preventDestroy: optional(FLAG),
  importIds: optional(objectOf<CloudflareImportIds>({ dnsRecord: optional(TEXT), alwaysHttpsPageRule: optional(TEXT), hostHeaderPageRule: optional(TEXT), workersRoute: optional(TEXT) })),
};

/** worker mode: the Worker that serves the custom domain from the Intercom host, and its route. */
export class CloudflareWorker extends Construct {
  public readonly workersScript: WorkersScript;
  public readonly workersRoute: WorkersRoute;

  constructor(scope: Construct, id: string, input: CloudflareWorkerProps) {
    super(scope, constructId("CloudflareWorker", scope, id));
    const check = new PropsCheck("CloudflareWorker");
    const props = check.props(PROPS, input);
    checkCloudflareImportIds(check, props.importIds, props.zoneId);
    check
      .normalized("accountId", props.accountId, (v) => normalizeCloudflareId(v, "account"))
      .normalized("zoneId", props.zoneId, (v) => normalizeCloudflareId(v, "zone"))
      .expect(
        new RegExp(`^[a-z0-9](?:[a-z0-9_-]{0,${WORKER_SCRIPT_NAME_MAX_LENGTH - 1}})$`).test(props.scriptName),
        "scriptName",
        `must be 1-${WORKER_SCRIPT_NAME_MAX_LENGTH} lower-case letters, digits, _ or -`,
        props.scriptName,
      )
      // Terraform reads "${" and "%{" in a string as template syntax, which would change the script.
      .expect(!/[$%]\{/.test(props.script), "script", 'must not contain "${" or "%{" (Terraform template syntax)', props.script)
      .expect(/^[^/\s]+\/\*$/.test(props.routePattern), "routePattern", "must be <custom domain>/*", props.routePattern)
      .done();
    applyPolicy(this);
    if (props.provider === undefined) {
      requireDefaultProvider(this, "the Worker and its route", "cloudflare", 'add new CloudflareProvider(stack, "cloudflare", {}), or pass provider');
    }
    this.workersScript = new (bindings.WorkersScript())(this, "worker", {
      provider: props.provider,
      accountId: props.accountId,
      scriptName: props.scriptName,
      content: props.script,
      mainModule: props.mainModule ?? WORKER_MAIN_MODULE,
      compatibilityDate: props.compatibilityDate ?? WORKER_COMPATIBILITY_DATE,
    });
    this.workersRoute = new (bindings.WorkersRoute())(this, "worker_route", {
      provider: props.provider,
      zoneId: props.zoneId,
      pattern: props.routePattern,
      script: this.workersScript.scriptName,
      ...liveLifecycle(props.preventDestroy),
    });
    importWhenAdopted(this.workersRoute, props.importIds?.workersRoute);
    claim(this, "workerScript", props.accountId, props.scriptName);
    claim(this, "workerRoute", props.zoneId, props.routePattern);
  }
}
