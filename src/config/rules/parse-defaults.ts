import type { z } from "zod";
import { EDGES, type Edge } from "../shapes/domain-spec";
import { isRecord, parseFields, problemsOf } from "./parse-fields";
import { DEFAULTS_PATH } from "./edge-settings";
import { formatPath, type FieldPath, type Problem } from "../problems/problem";
import { schemas } from "../shapes/schema";

export interface ParsedDefaults {
  /** The block as written, for the domains to take keys from; empty when it is not a mapping. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly problems: readonly Problem[];
}

/**
 * Checks the config's `defaults` block on its own: every key is one a domain may hold (not
 * `domain`, which names each entry), and every value is valid for its field. The rules between
 * fields run per domain, on the domain's keys and the defaults together.
 */
export function parseDefaults(raw: unknown): ParsedDefaults {
  if (raw === undefined) return { values: {}, problems: [] };
  const { domainFields, edgeBlocks } = schemas();
  if (!isRecord(raw)) {
    return { values: {}, problems: [{ path: formatPath(DEFAULTS_PATH), message: "must be a mapping of domain keys to the values every domain takes unless it sets its own", received: raw }] };
  }
  const problems: Problem[] = [];
  if (Object.hasOwn(raw, "domain")) {
    problems.push({
      path: formatPath([...DEFAULTS_PATH, "domain"]),
      message: "cannot have a default: each entry of domains names its own domain; remove it",
      received: raw.domain,
    });
  }
  if (Object.hasOwn(raw, "retire")) {
    problems.push({
      path: formatPath([...DEFAULTS_PATH, "retire"]),
      message: "cannot have a default: retiring lifts the protection of a live domain, so it is set on each domain to retire, never for all; remove it",
      received: raw.retire,
    });
  }
  if (Object.hasOwn(raw, "adopt")) {
    problems.push({
      path: formatPath([...DEFAULTS_PATH, "adopt"]),
      message: "cannot have a default: its ids name one domain's live resources, which no other domain shares; set adopt on each domain that has them, and remove it here",
      received: raw.adopt,
    });
  }
  const { domain: _ownDomain, retire: _ownRetire, adopt: _ownAdopt, ...rest } = raw;
  const commonPart = Object.fromEntries(Object.entries(rest).filter(([key]) => !(EDGES as readonly string[]).includes(key)));
  const commonSchema: z.ZodObject<z.ZodRawShape> = domainFields.omit({ domain: true });
  const commonBlock = parseFields(commonSchema.partial(), commonPart, DEFAULTS_PATH, { alsoAllowed: EDGES });
  problems.push(...problemsOf(commonBlock));
  for (const edge of EDGES) {
    if (raw[edge] === undefined) continue;
    const at: FieldPath = [...DEFAULTS_PATH, edge];
    // Optional field by field: a key the defaults leave out is the domain's to give.
    const schema: z.ZodObject<z.ZodRawShape> = edgeBlocks[edge];
    const block = parseFields(schema.partial(), raw[edge], at);
    problems.push(...problemsOf(block));
  }
  return { values: raw, problems };
}

/** Blocks in `defaults` for an edge that no domain uses: they apply to nothing, which is likely a mistake. */
export function unusedDefaultsWarnings(values: Readonly<Record<string, unknown>>, edges: ReadonlySet<Edge>): Problem[] {
  return EDGES.filter((edge) => values[edge] !== undefined && !edges.has(edge)).map((edge) => ({
    path: formatPath([...DEFAULTS_PATH, edge]),
    message: `applies to no domain: no domain has edge "${edge}"; remove the block, or check the domains' edge`,
    received: values[edge],
  }));
}
