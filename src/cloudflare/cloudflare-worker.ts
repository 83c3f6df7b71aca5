import { Construct } from "constructs";
import type { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { WorkersRoute } from "@cdktf/provider-cloudflare/lib/workers-route";
import { WorkersScript } from "@cdktf/provider-cloudflare/lib/workers-script";
import type { WorkerPlan } from "../plan/resolve-plan";

export interface CloudflareWorkerProps extends WorkerPlan {
  /** Zone that holds the custom domain. */
  readonly zoneId: string;
  /** @default - the stack's default Cloudflare provider */
  readonly provider?: CloudflareProvider;
}

/** worker mode: the Worker that serves the custom domain from the Intercom host, and its route. */
export class CloudflareWorker extends Construct {
  public readonly workersScript: WorkersScript;
  public readonly workersRoute: WorkersRoute;

  constructor(scope: Construct, id: string, props: CloudflareWorkerProps) {
    super(scope, id);
    this.workersScript = new WorkersScript(this, "worker", {
      provider: props.provider,
      accountId: props.accountId,
      scriptName: props.scriptName,
      content: props.script,
      mainModule: props.mainModule,
      compatibilityDate: props.compatibilityDate,
    });
    this.workersRoute = new WorkersRoute(this, "worker_route", {
      provider: props.provider,
      zoneId: props.zoneId,
      pattern: props.routePattern,
      script: this.workersScript.scriptName,
    });
  }
}
