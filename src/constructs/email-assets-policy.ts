import { Aspects, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { formatViolation, policyViolations } from "../policy/stack-policy";

/** The constructs that called applyPolicy on themselves: every resource under one of them is this package's. */
const judged = new WeakSet<IConstruct>();

/**
 * The Terraform addresses (`<type>.<logical id>`) of the resources the policy judges in `stack`:
 * every resource under a construct of this package, wherever that construct sits in the stack.
 * Computed when called (at validation), so a logical id overridden after the construct was built,
 * by an Aspect included, is the one judged. A user's own resources elsewhere in the stack are not
 * in it; one created with a construct of this package as its scope is (see applyPolicy).
 */
export function judgedAddresses(stack: TerraformStack): Set<string> {
  const addresses = new Set<string>();
  for (const node of stack.node.findAll()) {
    if (TerraformResource.isTerraformResource(node) && node.node.scopes.some((scope) => judged.has(scope))) {
      addresses.add(`${node.terraformResourceType}.${node.friendlyUniqueId}`);
    }
  }
  return addresses;
}

/**
 * The security invariants of src/policy/stack-policy.ts as a cdktf Aspect, on the resources of
 * this package only (judgedAddresses). It does not judge when it visits: it adds a validation to
 * each stack, and cdktf runs validations after every Aspect (the user's own included), on the
 * stack's Terraform JSON as it will be written — so an escape hatch (`addOverride`, on a resource
 * or on the stack) or a later Aspect that weakens one of those resources fails synth with the
 * stack, the resource address and the rule.
 */
export class EmailAssetsPolicy implements IAspect {
  private readonly checked = new WeakSet<TerraformStack>();

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.checked.has(node)) return;
    const stack = node;
    this.checked.add(stack);
    stack.node.addValidation({
      validate: () =>
        policyViolations(stack.toTerraform(), judgedAddresses(stack)).map((violation) => `stack ${stack.node.id}: ${formatViolation(violation)}`),
    });
  }
}

/**
 * Puts the policy on the stack that holds `scope` (once), and the resources under `scope` under
 * it: every construct of this package calls it on itself. The whole subtree counts, so a resource
 * the construct makes anywhere below it is judged, and so is one a user creates with the construct
 * as its scope (the policy cannot tell the two apart; a user's own resources belong in a scope of
 * their own). Called on a stack (EmailAssetsStack), it only puts the policy on it: the stack's
 * resources are made by the constructs, which put themselves under it, and a user's resources
 * added to the stack are not judged.
 */
export function applyPolicy(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (scope !== stack) judged.add(scope);
  const aspects = Aspects.of(stack);
  if (!aspects.all.some((aspect) => aspect instanceof EmailAssetsPolicy)) aspects.add(new EmailAssetsPolicy());
}
