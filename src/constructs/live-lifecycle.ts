import type { TerraformResourceLifecycle } from "cdktf";

/**
 * The lifecycle of a resource that serves a live domain: `prevent_destroy` unless the domain is
 * being retired. Removing such a resource breaks every email already sent with the domain's links
 * and images, so Terraform must refuse it until someone says so (`retire: true`).
 */
export function liveLifecycle(preventDestroy: boolean | undefined, extra: TerraformResourceLifecycle = {}): { lifecycle?: TerraformResourceLifecycle } {
  const lifecycle: TerraformResourceLifecycle = { ...extra, ...((preventDestroy ?? true) && { preventDestroy: true }) };
  return Object.keys(lifecycle).length === 0 ? {} : { lifecycle };
}

/** The prop every construct that builds live resources takes. */
export interface LiveResourceProps {
  /**
   * Put `lifecycle.prevent_destroy` on the resources that serve the live domain, so that Terraform
   * refuses a destroy, or a change that would replace them, until the domain is retired.
   * @default true
   */
  readonly preventDestroy?: boolean;
}
