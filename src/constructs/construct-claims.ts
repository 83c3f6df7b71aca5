import { TerraformStack, Token } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * What a construct of this package takes for itself, and which no other one of them may take in
 * the same app: Cloudflare, Terraform and CloudFront would each let only one of two win (or fail
 * the apply), so two of them are a mistake in the app, found at synth. Each kind says what it is
 * and how to fix a conflict.
 */
/** A part of a claimed thing's name: a zone id, a page-rule priority. */
type Part = string | number;

const CLAIMS = {
  domain: {
    what: (domain: Part) => `the custom domain ${domain}`,
    fix: "one construct serves a domain (its DNS record, distribution or address records): remove the others, or give each its own domain",
  },
  pageRulePriority: {
    what: (zoneId: Part, priority: Part) => `page-rule priority ${priority} in zone ${zoneId}`,
    fix: "page rules of one zone need distinct priorities: give each construct its own pageRulePriorities (resolvePlans numbers them per zone)",
  },
  zoneSsl: {
    what: (zoneId: Part) => `the zone-wide SSL setting of zone ${zoneId}`,
    fix: 'one construct per zone owns it: set manageZoneSsl: false on the others (with sslScope: "zone" they rely on it)',
  },
  zoneRuleset: {
    what: (zoneId: Part, phase: Part) => `the ${phase} entry-point ruleset of zone ${zoneId}`,
    fix: "a zone has one entry point per phase: put every domain's rules of the zone into one CloudflareZoneRulesets",
  },
  workerScript: {
    what: (accountId: Part, scriptName: Part) => `the Worker ${scriptName} in account ${accountId}`,
    fix: "a Worker's name is unique in its account: give each CloudflareWorker its own scriptName (see workerScriptName())",
  },
  workerRoute: {
    what: (zoneId: Part, pattern: Part) => `the Worker route ${pattern} in zone ${zoneId}`,
    fix: "a route sends its requests to one Worker: remove one of the CloudflareWorkers",
  },
} as const;

type ClaimKind = keyof typeof CLAIMS;

interface Claim {
  readonly kind: ClaimKind;
  readonly parts: readonly string[];
  readonly by: IConstruct;
}

/** The claims made in one app, and the groups of them that conflict (worked out once per count of claims). */
interface AppClaims {
  readonly claims: Claim[];
  conflicts?: { readonly count: number; readonly groups: readonly (readonly Claim[])[] };
}

/** Every app's claims, by the app (the construct tree's root). */
const claimsByApp = new WeakMap<IConstruct, AppClaims>();
/** Stacks that already run the conflict check. */
const checkedStacks = new WeakSet<TerraformStack>();

/** Groups of two or more constructs that claim the same thing. */
function conflictGroups(app: AppClaims): readonly (readonly Claim[])[] {
  if (app.conflicts?.count === app.claims.length) return app.conflicts.groups;
  const byThing = new Map<string, Claim[]>();
  for (const claim of app.claims) {
    const key = JSON.stringify([claim.kind, ...claim.parts]);
    const same = byThing.get(key) ?? [];
    // A construct that claims one thing twice conflicts with nobody.
    if (!same.some((other) => other.by === claim.by)) same.push(claim);
    byThing.set(key, same);
  }
  const groups = [...byThing.values()].filter((same) => same.length > 1);
  app.conflicts = { count: app.claims.length, groups };
  return groups;
}

/** `A and B`, `A, B, and C`. Made on first use: making one costs about 20-30 ms (ICU), and most synths have no conflict. */
let owners: Intl.ListFormat | undefined;
const listOwners = (names: readonly string[]) => (owners ??= new Intl.ListFormat("en", { type: "conjunction" })).format(names);

/** `CloudflareEmailAssets emails/cloudflare (stack emails)`: a construct as a conflict names it. */
function describe(construct: IConstruct): string {
  const name = construct.constructor.name;
  return `${name === "Construct" ? "" : `${name} `}${construct.node.path} (stack ${TerraformStack.of(construct).node.id})`;
}

/** The conflicts of an app that involve `stack`, one line each. */
function stackConflicts(app: AppClaims, stack: TerraformStack): string[] {
  return conflictGroups(app)
    .filter((same) => same.some((claim) => TerraformStack.of(claim.by) === stack))
    .map((same) => {
      const { kind, parts } = same[0];
      const { what, fix } = CLAIMS[kind] as { what: (...parts: Part[]) => string; fix: string };
      return `${what(...parts)} is claimed by ${listOwners(same.map((claim) => describe(claim.by)))}; ${fix}`;
    });
}

/**
 * Records that `by` takes the thing of `kind` named by `parts` (a zone id and a priority, say),
 * and makes its stack check at synth, when every construct exists, that no other construct of
 * this package in the app (in this stack or another) takes the same: the stack's synth then fails
 * naming every construct that does. A part that is a Terraform token is known only at apply, so
 * nothing is claimed then.
 */
export function claim<K extends ClaimKind>(by: IConstruct, kind: K, ...parts: Parameters<(typeof CLAIMS)[K]["what"]>): void {
  const values: readonly Part[] = parts;
  if (values.some((part) => Token.isUnresolved(part))) return;
  const root = by.node.root;
  const app = claimsByApp.get(root) ?? { claims: [] };
  claimsByApp.set(root, app);
  app.claims.push({ kind, parts: values.map(String), by });
  const stack = TerraformStack.of(by);
  if (checkedStacks.has(stack)) return;
  checkedStacks.add(stack);
  stack.node.addValidation({ validate: () => stackConflicts(app, stack) });
}
