import { EDGES } from "./domain-spec";
import { RULESET_PHASES } from "../../facts/cloudflare-facts";
import { ADOPT_KEY, schemas } from "./schema";

/** Top-level keys starting with `x-` are the user's own (YAML anchors for shared blocks); they are not validated. */
export function withoutExtensionKeys(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input).filter(([key]) => !key.startsWith("x-")));
}

/** The keys an object at `path` (a full config path) may hold, for "did you mean" on unknown keys. */
export function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  const { config, domainFields, edgeBlocks, cloudfrontLogging, adopt, terraform, providers } = schemas();
  if (path.length === 0) return Object.keys(config.shape);
  if (path[0] === "defaults") {
    // `defaults` holds what a domain entry holds, but `domain`.
    if (path.length === 1) return [...Object.keys(domainFields.shape).filter((key) => key !== "domain"), ...EDGES];
    return knownKeysAt(["domains", 0, ...path.slice(1)]);
  }
  if (path[0] === "terraform") {
    if (path.length === 1) return Object.keys(terraform.shape);
    if (path.length === 2 && path[1] === "providers") return Object.keys(providers.shape);
    return [];
  }
  if (path.length === 2) return [...Object.keys(domainFields.shape), ADOPT_KEY, ...EDGES];
  if (path.length === 3 && path[2] === "adopt") return Object.keys(adopt.shape);
  if (path.length === 4 && path[2] === "adopt" && path[3] === "pageRules") return Object.keys(adopt.shape.pageRules.unwrap().shape);
  if (path.length === 4 && path[2] === "adopt" && path[3] === "dnsRecords") return Object.keys(adopt.shape.dnsRecords.unwrap().shape);
  if (path.length === 3) {
    const edge = EDGES.find((name) => name === path[2]);
    if (edge !== undefined) return Object.keys(edgeBlocks[edge].shape);
  }
  if (path.length === 4 && path[2] === "cloudfront" && path[3] === "logging") return Object.keys(cloudfrontLogging.shape);
  if (path.length === 4 && path[2] === "cloudflare" && path[3] === "existingRulesets") return RULESET_PHASES;
  return [];
}
