import type { CloudflareMode } from "../../facts/cloudflare-facts";
import {
  ADDRESS_RECORD_TYPES,
  type AddressRecordType,
  type CloudflareAdoption,
  type CloudFrontAdoption,
  type DnsChoice,
  type Edge,
  type ProxyAdoption,
} from "../shapes/domain-spec";
import { parseFields, problemsOf } from "./parse-fields";
import { formatPath, type FieldPath, type Problem } from "../problems/problem";
import { schemas, type AdoptFields } from "../shapes/schema";

/**
 * What the rules of `adopt` need to know about the rest of the domain: each part only when it
 * parsed (a part that did not is a problem of its own, and the rules that need it stay silent).
 */
export interface AdoptContext {
  readonly edge?: Edge;
  /** cloudflare: the mode. */
  readonly mode?: CloudflareMode;
  /** cloudfront and proxy: who holds the domain's DNS. */
  readonly dns?: DnsChoice;
  /** cloudfront: whether `certificateArn` names a certificate, so that the stack creates none. */
  readonly certificateGiven?: boolean;
  /** proxy: the address records the stack builds (A for ipv4, AAAA for ipv6). */
  readonly addressTypes?: readonly AddressRecordType[];
  readonly retire?: boolean;
}

/** The adoption of each edge's spec. */
export type Adoption = CloudflareAdoption | CloudFrontAdoption | ProxyAdoption;

export interface ParsedAdopt {
  /** The block's ids, normalized (route53Records as the list of types), when every rule holds. */
  readonly value?: NormalizedAdopt;
  /** Problems of the block's fields: ids and unknown keys. */
  readonly fieldProblems: readonly Problem[];
  /** Problems between the block and the rest of the domain. */
  readonly ruleProblems: readonly Problem[];
}

/** The parsed block with `route53Records` resolved to the record types it takes over. */
export type NormalizedAdopt = Omit<AdoptFields, "route53Records"> & { readonly route53Records?: readonly AddressRecordType[] };

type AdoptKey = keyof AdoptFields;

/** The edges whose stacks build what each key adopts. */
const KEY_EDGES: Readonly<Record<AdoptKey, readonly Edge[]>> = {
  dnsRecord: ["cloudflare", "cloudfront"],
  pageRules: ["cloudflare"],
  workerRoute: ["cloudflare"],
  distribution: ["cloudfront"],
  certificate: ["cloudfront"],
  validationRecord: ["cloudfront"],
  dnsRecords: ["proxy"],
  route53Records: ["cloudfront", "proxy"],
};

/** The keys that hold Cloudflare ids, each of one object: two keys with one id name one object twice. */
function cloudflareIds(adopt: AdoptFields): [FieldPath, string][] {
  const ids: [FieldPath, string | undefined][] = [
    [["dnsRecord"], adopt.dnsRecord],
    [["pageRules", "alwaysHttps"], adopt.pageRules?.alwaysHttps],
    [["pageRules", "hostHeader"], adopt.pageRules?.hostHeader],
    [["workerRoute"], adopt.workerRoute],
    [["validationRecord"], adopt.validationRecord],
    [["dnsRecords", "A"], adopt.dnsRecords?.A],
    [["dnsRecords", "AAAA"], adopt.dnsRecords?.AAAA],
  ];
  return ids.filter((entry): entry is [FieldPath, string] => entry[1] !== undefined);
}

/**
 * Parses a domain's `adopt` block (at `at`, never from `defaults`, which refuses it) and checks
 * that each key fits the domain: its edge, its Cloudflare mode, its DNS, its certificate and its
 * proxy's addresses. Every problem is one line naming `adopt.<key>`.
 */
export function parseAdopt(raw: unknown, at: FieldPath, context: AdoptContext): ParsedAdopt {
  const block = parseFields(schemas().adopt, raw, at);
  const fieldProblems = problemsOf(block);
  if (!block.isMapping) return { fieldProblems, ruleProblems: [] };
  const adopt = block.fields;
  const written = block.raw;
  const problems: Problem[] = [];
  // A rule's path is a key of the block, or a key of one of its mappings (which parsed, so is one).
  const refuse = (path: FieldPath, message: string) => {
    const value = written[String(path[0])];
    const inner = path[1];
    problems.push({ path: formatPath([...at, ...path]), message, received: inner === undefined ? value : (value as Readonly<Record<string, unknown>>)[String(inner)] });
  };

  if (context.retire === true) {
    problems.push({
      path: formatPath(at),
      message:
        "cannot be used with retire: true: the apply that imports live resources keeps them protected (prevent_destroy), so that no difference between them and the stack can replace them; apply the adoption first, then remove adopt and set retire",
      received: written,
    });
  }

  const { edge, mode, dns } = context;
  for (const key of Object.keys(KEY_EDGES) as AdoptKey[]) {
    if (adopt[key] === undefined || edge === undefined) continue;
    const edges = KEY_EDGES[key];
    if (!edges.includes(edge)) {
      refuse([key], `adopts what only the ${edges.join(" and ")} edge${edges.length > 1 ? "s build" : " builds"}, but edge is "${edge}"; remove it`);
    }
  }

  let route53Records: readonly AddressRecordType[] | undefined;
  switch (edge) {
    case "cloudflare":
      if (adopt.pageRules !== undefined && mode !== undefined && mode !== "page-rules") {
        refuse(["pageRules"], `names page rules, which only page-rules mode builds, but mode is "${mode}"; remove it (a zone's rulesets are adopted with cloudflare.existingRulesets)`);
      }
      if (adopt.workerRoute !== undefined && mode !== undefined && mode !== "worker") {
        refuse(["workerRoute"], `names a Worker route, which only worker mode builds, but mode is "${mode}"; remove it`);
      }
      break;
    case "cloudfront":
      if (adopt.certificate !== undefined && context.certificateGiven === true) {
        refuse(
          ["certificate"],
          "is for a certificate the stack creates and then manages, but cloudfront.certificateArn names one the stack only uses (it never changes or deletes it); remove adopt.certificate, or remove certificateArn to have the stack manage this certificate",
        );
      }
      for (const key of ["dnsRecord", "validationRecord"] as const) {
        if (adopt[key] !== undefined && dns !== undefined && dns !== "cloudflare") {
          refuse([key], `is a Cloudflare record, which the stack builds only with dns: cloudflare, but dns is "${dns}"; remove it${dns === "route53" ? " (Route 53 records are taken over with route53Records)" : ""}`);
        }
      }
      if (adopt.validationRecord !== undefined && adopt.certificate === undefined && context.certificateGiven !== true) {
        refuse(["validationRecord"], "is the validation record of an adopted certificate, but adopt.certificate is not given; adopt the certificate too, or remove it (a certificate the stack creates gets a validation record of its own)");
      }
      if (adopt.validationRecord !== undefined && context.certificateGiven === true) {
        refuse(["validationRecord"], "is the validation record of a certificate the stack creates, but cloudfront.certificateArn names one it only uses, so it builds no validation record; remove it");
      }
      route53Records = route53Types(adopt.route53Records, ADDRESS_RECORD_TYPES, context, refuse);
      break;
    case "proxy": {
      if (adopt.dnsRecords !== undefined && dns !== undefined && dns !== "cloudflare") {
        refuse(["dnsRecords"], `are Cloudflare records, which the stack builds only with dns: cloudflare, but dns is "${dns}"; remove it${dns === "route53" ? " (Route 53 records are taken over with route53Records)" : ""}`);
      }
      const built = context.addressTypes;
      for (const type of ADDRESS_RECORD_TYPES) {
        if (adopt.dnsRecords?.[type] !== undefined && built !== undefined && !built.includes(type)) {
          refuse(["dnsRecords", type], missingAddress(type));
        }
      }
      route53Records = route53Types(adopt.route53Records, built, context, refuse);
      break;
    }
    case undefined:
      break;
  }

  const seen = new Map<string, FieldPath>();
  for (const [path, id] of cloudflareIds(adopt)) {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, path);
    else refuse(path, `is the same id as adopt.${first.join(".")}: these are two different resources, each with an id of its own; check which id is which`);
  }

  if (problems.length > 0 || block.complete === undefined) return { fieldProblems, ruleProblems: problems };
  const { route53Records: _asWritten, ...ids } = block.complete;
  return { value: { ...ids, ...(route53Records !== undefined && route53Records.length > 0 && { route53Records }) }, fieldProblems, ruleProblems: problems };
}

function missingAddress(type: AddressRecordType): string {
  const key = type === "A" ? "ipv4" : "ipv6";
  return `names the ${type} record, but the proxy has no ${key} address, so the stack builds none; remove it, or set proxy.${key}`;
}

/**
 * The Route 53 record types a domain takes over: `true` means every one the stack builds, a list
 * the types named (each one the stack builds), `false` none.
 */
function route53Types(
  asked: boolean | readonly AddressRecordType[] | undefined,
  built: readonly AddressRecordType[] | undefined,
  context: AdoptContext,
  refuse: (path: FieldPath, message: string) => void,
): readonly AddressRecordType[] | undefined {
  if (asked === undefined || asked === false) return undefined;
  if (context.dns !== undefined && context.dns !== "route53") {
    refuse(["route53Records"], `takes over Route 53 records, which the stack builds only with dns: route53, but dns is "${context.dns}"; remove it`);
    return undefined;
  }
  if (built === undefined) return undefined;
  if (asked === true) return built;
  const missing = asked.find((type) => !built.includes(type));
  if (missing !== undefined) refuse(["route53Records"], missingAddress(missing));
  return asked;
}

/** The adoption of a Cloudflare domain: the keys of that edge. */
export function cloudflareAdoption(adopt: NormalizedAdopt): CloudflareAdoption {
  const { dnsRecord, pageRules, workerRoute } = adopt;
  return { ...(dnsRecord !== undefined && { dnsRecord }), ...(pageRules !== undefined && { pageRules }), ...(workerRoute !== undefined && { workerRoute }) };
}

/** The adoption of a CloudFront domain: the keys of that edge. */
export function cloudFrontAdoption(adopt: NormalizedAdopt): CloudFrontAdoption {
  const { distribution, certificate, validationRecord, dnsRecord, route53Records } = adopt;
  return {
    ...(distribution !== undefined && { distribution }),
    ...(certificate !== undefined && { certificate }),
    ...(validationRecord !== undefined && { validationRecord }),
    ...(dnsRecord !== undefined && { dnsRecord }),
    ...(route53Records !== undefined && { route53Records }),
  };
}

/** The adoption of a proxy domain: the keys of that edge. */
export function proxyAdoption(adopt: NormalizedAdopt): ProxyAdoption {
  const { dnsRecords, route53Records } = adopt;
  return { ...(dnsRecords !== undefined && { dnsRecords }), ...(route53Records !== undefined && { route53Records }) };
}
