import { Aspects, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { formatViolation, policyViolations } from "../policy/stack-policy";

/**
 * The security invariants of src/policy/stack-policy.ts as a cdktf Aspect. It does not judge when it
 * visits: it adds a validation to each stack, and cdktf runs validations after every Aspect (the
 * user's own included), on the stack's Terraform JSON as it will be written — so an escape hatch
 * (`addOverride`, on a resource or on the stack) or a later Aspect that weakens a resource fails
 * synth with the stack, the resource address and the rule.
 */
export class EmailAssetsPolicy implements IAspect {
  private readonly checked = new WeakSet<TerraformStack>();

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.checked.has(node)) return;
    const stack = node;
    this.checked.add(stack);
    stack.node.addValidation({
      validate: () =>
        policyViolations(stack.toTerraform()).map((violation) => `stack ${stack.node.id}: ${formatViolation(violation)}`),
    });
  }
}

/** Puts the policy on the stack that holds `scope`, once: every construct of this package calls it. */
export function applyPolicy(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  const aspects = Aspects.of(stack);
  if (!aspects.all.some((aspect) => aspect instanceof EmailAssetsPolicy)) aspects.add(new EmailAssetsPolicy());
}
