import type { z } from "zod";
import { didYouMean } from "./did-you-mean";
import { formatPath, type FieldPath, type Problem } from "./problem";
import { knownKeysAt } from "../shapes/known-keys";

/** A short description of each field, used when it is missing. */
export const FIELD_HINTS: ReadonlyMap<string, string> = new Map(Object.entries({
  domains: "a list of domain specs",
  domain: "the custom domain, e.g. emails.example.com",
  workspace: "the Intercom workspace subdomain, e.g. acme for acme.intercom-mail.com",
  region: "the workspace's data hosting region: us, eu or au",
  edge: "how the domain is served: cloudflare, cloudfront or proxy",
  zoneId: "the Cloudflare zone id, 32 hex digits from the zone's Overview page",
  server: "apache or nginx",
  certificateFile: "path of the certificate chain (PEM) on the proxy",
  certificateKeyFile: "path of the private key (PEM) on the proxy",
  cloudflareZoneId: "the Cloudflare zone id, 32 hex digits",
  route53ZoneId: "the Route 53 hosted zone id, Z...",
}));

function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    // Own keys only: a key named `constructor` must not find Object's constructor.
    current = Object.hasOwn(current, segment) ? (current as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  return current;
}

/** Hints for the keys of `terraform.backend`, some of which share a name with a domain's keys. */
const BACKEND_FIELD_HINTS: ReadonlyMap<string, string> = new Map(Object.entries({
  type: "the state backend: local, s3, gcs, azurerm, cloud, pg or none",
  bucket: "the bucket that holds the state",
  region: "the bucket's AWS region, such as eu-west-1",
  organization: "the HCP Terraform organization",
  resourceGroupName: "the resource group of the storage account",
  storageAccountName: "the storage account that holds the state",
  containerName: "the blob container that holds the state",
}));

function typeProblem(expected: string, received: unknown, path: FieldPath): string {
  const key = path[path.length - 1];
  if (received === undefined) {
    const hints = path[0] === "terraform" ? BACKEND_FIELD_HINTS : FIELD_HINTS;
    const hint = typeof key === "string" ? hints.get(key) : undefined;
    return hint ? `is required (${hint})` : "is required";
  }
  switch (expected) {
    case "object":
      return "must be a mapping of keys to values";
    case "array":
      return "must be a list";
    case "string":
      // YAML reads unquoted digits (an id such as 1111...1111) as a number and rounds it.
      return typeof received === "number" ? "must be a string; put it in quotes" : "must be a string";
    case "integer":
    case "number":
      return "must be a whole number";
    case "boolean":
      return "must be true or false";
    default: {
      // An enum's values, as zod lists them: 'page-rules' | 'rulesets' | 'worker'.
      const values = [...expected.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? "");
      if (values.length === 0) return `must be of type ${expected}`;
      const yamlHint = typeof received === "boolean" ? " (YAML read the unquoted word as true/false: put it in quotes)" : "";
      return `must be one of ${values.join(", ")}${yamlHint}`;
    }
  }
}

/** A key that the object at `path` does not have, with the closest known key as a hint. */
export function unknownKeyProblem(path: FieldPath, key: string, received: unknown, known: readonly string[] = knownKeysAt(path)): Problem {
  const hint = didYouMean(key, known) || (known.length > 0 ? ` (known keys: ${known.join(", ")})` : "");
  return { path: formatPath([...path, key]), message: `unknown key${hint}; remove it or fix its name`, received };
}

/** Zod issues (relative to `prefix` in `root`) to the project's field-path problems. */
export function toProblems(issues: readonly z.ZodIssue[], root: unknown, prefix: FieldPath): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const received = valueAt(root, issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const unknown of issue.keys) problems.push(unknownKeyProblem(path, unknown, valueAt(root, [...issue.path, unknown])));
        break;
      case "invalid_type":
        problems.push({ path: formatPath(path), message: typeProblem(issue.expected, received, path), received });
        break;
      case "invalid_enum_value": {
        if (received === undefined) {
          problems.push({ path: formatPath(path), message: typeProblem("", received, path), received });
          break;
        }
        const values = issue.options.map(String);
        const hint = typeof received === "string" ? didYouMean(received.trim(), values) : "";
        problems.push({ path: formatPath(path), message: `must be one of ${values.join(", ")}${hint}`, received });
        break;
      }
      default:
        problems.push({ path: formatPath(path), message: issue.message, received });
    }
  }
  return problems;
}
