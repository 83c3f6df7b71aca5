import type { Construct } from "constructs";
import type { StackPlan } from "../plan/resolve-plan";
import { checkScope, PropsCheck } from "../constructs/props-check";
import { FLAG, optional, TEXT, type Described } from "../constructs/prop-shapes";
import { isRecord } from "../config/rules/parse-fields";

export interface EmailAssetsStackOptions {
  /**
   * Where the local backend keeps this stack's state, relative to the stack's synthesized folder
   * (where terraform runs), so the output has no machine path in it. Used with the local backend only.
   * @default - `terraform.<stack id>.tfstate` in the project folder, for the default outdir `cdktf.out`
   */
  readonly localStatePath?: string;
  /**
   * Adds `skip_credentials_validation`, `skip_requesting_account_id` and `skip_metadata_api_check`
   * to the AWS providers, for plans without AWS access (a provider mirror in CI, LocalStack).
   * Never on by default: a real plan should check the credentials it is about to use.
   * @default false
   */
  readonly awsSkipChecks?: boolean;
}

const OPTIONS: Described<EmailAssetsStackOptions> = {
  localStatePath: optional(TEXT),
  awsSkipChecks: optional(FLAG),
};

/** What `value` is, when it is not a stack plan: what a library user most likely passed instead. */
function notAStackPlan(value: unknown): string | undefined {
  const pass = "pass one entry of resolveStacks(specs, terraform) per stack";
  if (value === undefined) return `is required: ${pass}`;
  if (Array.isArray(value)) return `is a list; ${pass}: for (const stack of resolveStacks(specs, terraform)) new EmailAssetsStack(app, stack)`;
  if (!isRecord(value)) return `must be a stack plan; ${pass}`;
  const { kind, id, domains, backend } = value;
  if ((kind === "domain" || kind === "named") && typeof id === "string" && Array.isArray(domains) && domains.length > 0 && isRecord(backend)) return undefined;
  const what =
    typeof value.edge !== "string"
      ? "not a stack plan"
      : typeof value.stackId === "string"
        ? "a domain plan (an entry of resolvePlans(specs))"
        : "a domain spec (an entry of parseConfig(config).specs)";
  return `must be a stack plan, but this is ${what}; ${pass}`;
}

/** The stack's id, once its arguments are checked: for library users who call from plain JavaScript. */
export function checkedStackId(scope: Construct, stack: StackPlan, options: EmailAssetsStackOptions): string {
  const check = new PropsCheck("EmailAssetsStack", "arguments");
  checkScope(check, scope, "the App to add the stack to");
  const problem = notAStackPlan(stack);
  if (problem !== undefined) check.fail("stack", problem, stack);
  check.props(OPTIONS, options, "options", ["options"]);
  check.done();
  return stack.id;
}
