import type { Construct } from "constructs";
import { TerraformBackend, type TerraformRemoteState } from "cdktf";
import type { BackendBlock } from "../plan/backend-block";

/**
 * The stack's state settings as the plan gives them: a `backend` block, HCP Terraform's `cloud`
 * block, or nothing (a host that injects its own). Being a TerraformBackend also stops cdktf from
 * adding its default local backend.
 */
export class StateBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly block: Exclude<BackendBlock, { readonly kind: "local" }>,
  ) {
    super(scope, "backend", block.kind === "backend" ? block.type : block.kind);
  }

  private terraformBlock(): Record<string, unknown> {
    switch (this.block.kind) {
      case "backend":
        return { terraform: { backend: { [this.block.type]: { ...this.block.attributes } } } };
      case "cloud":
        return { terraform: { cloud: { ...this.block.attributes } } };
      case "none":
        return {};
    }
  }

  public override toTerraform(): Record<string, unknown> {
    return this.terraformBlock();
  }

  public override toHclTerraform(): Record<string, unknown> {
    return this.terraformBlock();
  }

  public override getRemoteStateDataSource(_scope: Construct, _name: string, _fromStack: string): TerraformRemoteState {
    throw new Error("email-assets stacks do not reference each other's state");
  }
}
