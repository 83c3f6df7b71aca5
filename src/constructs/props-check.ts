import { Construct } from "constructs";
import { TerraformProvider, TerraformStack, Token } from "cdktf";
import type { Normalized } from "../config/fields/normalized";
import { formatProblem, type FieldPath, type Problem } from "../config/problems/problem";
import { describedProblems, shown, TWO_COPIES_FIX, type PropShapes } from "./prop-shapes";
import { isAwsBindingProvider } from "./provider-bindings";

/**
 * Thrown by a construct whose props break its invariants, listing every problem in the config's
 * own style (`<prop>: <problem>; received <value>`), so that library users who build constructs
 * without the config parser get the same protection and the same messages.
 */
export class InvalidPropsError extends Error {
  readonly problems: readonly Problem[];

  /** `what`: what the problems are about, `props` for a construct, `arguments` for a function or the stack. */
  constructor(construct: string, problems: readonly Problem[], what = "props") {
    super(`${construct}: invalid ${what}:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join("\n")}`);
    this.name = "InvalidPropsError";
    this.problems = problems;
  }
}

/** True for a Terraform token, or a value holding one: known only at apply. `seen`: a construct passed by mistake holds itself. */
function unresolved(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === "string" || typeof value === "number") return Token.isUnresolved(value);
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some((item) => unresolved(item, seen));
  return Object.values(value).some((item) => unresolved(item, seen));
}

/** True when one of two field paths is the other or holds it (`dns` and `dns.zoneId`); `""` holds every path. */
function overlaps(a: string, b: string): boolean {
  const within = (inner: string, outer: string) => outer === "" || inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return within(a, b) || within(b, a);
}

/** Collects a construct's prop problems; `done` throws them all at once. */
export class PropsCheck {
  private readonly problems: Problem[] = [];
  /** Props found of the wrong shape: the checks after the shape check do not judge them again. */
  private readonly misshapen: string[] = [];

  /** `what`: what is checked, `props` for a construct, `arguments` for a function or the stack. */
  constructor(
    private readonly construct: string,
    private readonly what = "props",
  ) {}

  /**
   * Checks `value` against the description of its props: no unknown key (with the closest known
   * one as a hint), every required prop given, every prop of its type, every enum one of its
   * values. Returns `value` when it is an object, else an empty one that the later checks can
   * read safely (its problem already says what is wrong, and nothing else is reported then).
   * `name` and `path`: what the value is called, and where its props are, when it is not a
   * construct's own props (`options` of the stack).
   */
  props<T>(description: PropShapes, value: T, name = "props", path: FieldPath = []): T {
    const problems = describedProblems(description, value, name, path);
    this.problems.push(...problems);
    this.misshapen.push(...problems.map((problem) => (problem.path === name && path.length === 0 ? "" : problem.path)));
    return (typeof value === "object" && value !== null ? value : {}) as T;
  }

  /**
   * A problem with `prop` unless `ok`. A value that is a Terraform token (a variable, another
   * resource's attribute) is known only at apply, so it is not judged here; nor is a prop the
   * shape check already found wrong, or one inside it, nor a prop judged by the value of another
   * (`dependsOn`: `mode` for the page-rule priorities) that the shape check found wrong.
   */
  expect(ok: boolean, prop: string, message: string, received: unknown, dependsOn: readonly string[] = []): this {
    if (ok || unresolved(received) || this.misshapen.some((path) => [prop, ...dependsOn].some((judged) => overlaps(path, judged)))) return this;
    this.problems.push({ path: prop, message, received });
    return this;
  }

  /** A problem with `prop`, whatever the value (a wrong argument, which no token can stand for). */
  fail(prop: string, message: string, received: unknown): this {
    this.problems.push({ path: prop, message, received: shown(received) });
    return this;
  }

  /** `value` must pass the config's own normalizer and already be in its normal form. */
  normalized(prop: string, value: string | undefined, normalize: (input: string) => Normalized<unknown>): this {
    if (value === undefined || unresolved(value)) return this;
    if (typeof value !== "string") return this.expect(false, prop, "must be a string", value);
    const result = normalize(value);
    if (!result.ok) return this.expect(false, prop, result.problem, value);
    return this.expect(result.value === value, prop, `must be given in normal form, ${JSON.stringify(result.value)}`, value);
  }

  done(): void {
    if (this.problems.length > 0) throw new InvalidPropsError(this.construct, this.problems, this.what);
  }
}

/**
 * A construct's id, once its scope and id are checked: from plain JavaScript a forgotten id puts
 * the props in its place, which the constructs library would report only as a TypeError or as
 * "Only root constructs may have an empty ID".
 */
export function constructId(construct: string, scope: unknown, id: unknown): string {
  const check = new PropsCheck(construct, "arguments");
  checkScope(check, scope, "the stack (or a construct in it) to add this one to");
  if (typeof id !== "string" || id === "") check.fail("id", `must be a non-empty string: the construct's id, as in new ${construct}(scope, id, props)`, id);
  check.done();
  return id as string;
}

/** `scope` must be a construct (of any copy of the constructs library: told apart by its marker, not its class). */
export function checkScope(check: PropsCheck, scope: unknown, what: string): void {
  if (!Construct.isConstruct(scope)) check.fail("scope", `must be a construct: ${what}`, scope);
}

/** A provider class, told apart by its Terraform type (`aws`, `cloudflare`). */
interface ProviderLike {
  readonly terraformResourceType: string;
  readonly alias?: string;
}

/**
 * A check at synth time (when every construct exists) that the stack holds a default provider,
 * one without an alias, of the given type: the construct's resources use it unless a provider is
 * passed. Without it Terraform would fail at plan time, far from the cause.
 */
export function requireDefaultProvider(construct: Construct, what: string, type: "aws" | "cloudflare", fix: string): void {
  construct.node.addValidation({
    validate: () => {
      const stack = TerraformStack.of(construct);
      const defaults = stack.node.findAll().filter((child) => {
        const provider = child as Partial<ProviderLike>;
        return provider.terraformResourceType === type && provider.alias === undefined;
      });
      if (defaults.some((child) => child instanceof TerraformProvider || (type === "aws" && isAwsBindingProvider(child)))) return [];
      // One that looks like a provider but is not one to this library: its TerraformProvider is another copy of cdktf's.
      if (defaults.length > 0) {
        return [
          `${what} use the stack's default ${type} provider, and the stack has one, but from another copy of cdktf than this library's (two copies are loaded); ` +
            TWO_COPIES_FIX,
        ];
      }
      return [`${what} use the stack's default ${type} provider, but the stack has none (a provider without alias); ${fix}`];
    },
  });
}
