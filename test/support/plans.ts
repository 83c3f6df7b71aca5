import type { DomainPlan } from "../../src/plan/resolve-plan";
import { resolvePlans } from "../../src/plan/resolve-plan";
import { parseConfig } from "../../src/config/validate-config";

/** The plans of a valid config. */
export function plansOf(config: unknown): DomainPlan[] {
  return resolvePlans(parseConfig(config).specs);
}

/** `plan` narrowed to one edge; a test about that edge fails here if the plan is of another. */
export function asEdge<E extends DomainPlan["edge"]>(plan: DomainPlan | undefined, edge: E): Extract<DomainPlan, { edge: E }> {
  if (plan?.edge !== edge) throw new Error(`expected a plan for edge ${edge}, got ${plan === undefined ? "none" : plan.edge}`);
  return plan as Extract<DomainPlan, { edge: E }>;
}
