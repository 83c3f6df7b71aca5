import { checkedRange, PROVIDER_NAMES, PROVIDER_VERSIONS, type ProviderName } from "../../facts/provider-versions";
import { parseFields, problemsOf } from "./parse-fields";
import { formatPath, type FieldPath, type Problem } from "../problems/problem";
import { schemas } from "../shapes/schema";
import { admittedVersions, outsideRange } from "../fields/version-constraint";

const AT: FieldPath = ["terraform", "providers"];

/**
 * The provider version constraints a config chose (`terraform.providers`), by provider, as written
 * but for surrounding spaces; a provider left out keeps the version the project is tested with.
 */
export type ProviderConstraints = Readonly<Partial<Record<ProviderName, string>>>;

/**
 * Why `constraint` may not be `name`'s: not a constraint Terraform reads, or admitting a version
 * outside the range whose schema the emitted resources are checked against (every version it
 * admits must lie inside, so that no `terraform init` can pick one nobody checked).
 */
export function providerConstraintProblem(name: ProviderName, constraint: string): string | undefined {
  const { checkedFrom, checkedBelow, label, example } = PROVIDER_VERSIONS[name];
  const admitted = admittedVersions(constraint);
  if ("problem" in admitted) return `must be a Terraform version constraint, such as "${example}" or "${checkedRange(name)}": ${admitted.problem}`;
  const outside = outsideRange(constraint, checkedFrom, checkedBelow);
  if (outside === undefined) return undefined;
  return `${outside}, outside the ${label} provider versions whose schemas this project's resources are checked against; use "${checkedRange(name)}" or a narrower constraint inside it, such as "${example}"`;
}

/** Parses `terraform.providers`; absent, every stack requires the tested versions. */
export function parseProviders(raw: unknown): { readonly providers?: ProviderConstraints; readonly problems: readonly Problem[] } {
  if (raw === undefined) return { providers: {}, problems: [] };
  const block = parseFields(schemas().providers, raw, AT);
  const problems = problemsOf(block);
  const providers: Partial<Record<ProviderName, string>> = {};
  for (const name of PROVIDER_NAMES) {
    const value = block.fields[name];
    if (value === undefined) continue;
    const constraint = value.trim();
    const problem = providerConstraintProblem(name, constraint);
    if (problem === undefined) providers[name] = constraint;
    else problems.push({ path: formatPath([...AT, name]), message: problem, received: value });
  }
  return problems.length > 0 ? { problems } : { providers, problems };
}
