import type { DomainPlan, StackPlan } from "../../src/plan/resolve-plan";
import { resolvePlans, resolveStacks } from "../../src/plan/resolve-plan";
import { parseConfig } from "../../src/config/rules/validate-config";

/** The plans of a valid config. */
export function plansOf(config: unknown): DomainPlan[] {
  return resolvePlans(parseConfig(config).specs);
}

/** The plan of a config holding one valid domain entry. */
export function planOf(domain: Record<string, unknown>): DomainPlan {
  const [plan] = plansOf({ domains: [domain] });
  if (plan === undefined) throw new Error("the config gave no plan");
  return plan;
}

/** The stack plans of a valid config, each with its backend block. */
export function stackPlansOf(config: unknown): StackPlan[] {
  const { specs, terraform } = parseConfig(config);
  return resolveStacks(specs, terraform);
}

/** `plan` narrowed to one edge; a test about that edge fails here if the plan is of another. */
export function asEdge<E extends DomainPlan["edge"]>(plan: DomainPlan | undefined, edge: E): Extract<DomainPlan, { edge: E }> {
  if (plan?.edge !== edge) throw new Error(`expected a plan for edge ${edge}, got ${plan === undefined ? "none" : plan.edge}`);
  return plan as Extract<DomainPlan, { edge: E }>;
}
