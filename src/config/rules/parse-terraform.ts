import type { z as Zod } from "zod";
import { BACKEND_CREDENTIALS, type BackendType } from "../../facts/terraform-facts";
import { DEFAULTS } from "../shapes/defaults";
import { isRecord, parseFields, type ParsedFields } from "./parse-fields";
import { formatPath, type FieldPath, type Problem } from "../problems/problem";
import { parseProviders } from "./parse-providers";
import { schemas } from "../shapes/schema";
import type { BackendSpec, TerraformSettings } from "../shapes/terraform-settings";
import { toProblems } from "../problems/zod-problems";

const AT: FieldPath = ["terraform"];
const BACKEND_AT: FieldPath = [...AT, "backend"];

export const DEFAULT_TERRAFORM_SETTINGS: TerraformSettings = { backend: { type: DEFAULTS.backend.type } };

export interface ParsedTerraform {
  readonly settings?: TerraformSettings;
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/** State that nothing locks: two runs at once can both write it, and one's changes are lost. */
function lockingWarnings(backend: BackendSpec): Problem[] {
  if (backend.type !== "s3" || backend.useLockfile || backend.dynamodbTable !== undefined) return [];
  return [
    {
      path: formatPath([...BACKEND_AT, "useLockfile"]),
      message: "is false and no dynamodbTable is set, so nothing locks the state: two runs at once can overwrite each other's changes; keep useLockfile: true",
      received: false,
    },
  ];
}

/** A key as Terraform or any backend might spell it: `secret_key`, `secretKey` and `SecretKey` are one. */
const spelling = (key: string) => key.toLowerCase().replace(/[_-]/g, "");

/** Every backend's credential keys, by spelling, with the environment variable Terraform reads instead. */
const CREDENTIAL_KEYS: ReadonlyMap<string, string> = new Map(
  Object.values(BACKEND_CREDENTIALS).flatMap((keys) => Object.entries(keys ?? {}).map(([key, env]) => [spelling(key), env] as const)),
);
/** Other names under which a backend's arguments hold secrets. */
const OTHER_SECRETS = ["sessiontoken", "password", "secret", "privatekey", "clientcertificate", "msitoken", "oidctoken", "oidcrequesttoken"];

/** A credential written in the config: refused, with the environment variable that Terraform reads instead. */
function credentialProblems(type: BackendType, raw: Readonly<Record<string, unknown>>): { problems: Problem[]; keys: string[] } {
  const own = new Map(Object.entries(BACKEND_CREDENTIALS[type] ?? {}).map(([key, env]) => [spelling(key), env]));
  const keys = Object.keys(raw).filter((key) => CREDENTIAL_KEYS.has(spelling(key)) || OTHER_SECRETS.some((name) => spelling(key).includes(name)));
  const problems = keys.map((key) => ({
    path: formatPath([...BACKEND_AT, key]),
    message: `is a credential, and credentials are never read from the config (it would end up in Git and in the synthesized JSON); remove it and set ${own.get(spelling(key)) ?? "the backend's environment variable for it"} in the environment where terraform runs`,
    // Never echo a secret back.
    received: HIDDEN,
  }));
  return { problems, keys };
}

/** Shown instead of a value under terraform.backend that is not a known, secret-free argument. */
const HIDDEN = "<hidden>";

/**
 * A block's problems (terraform, its backend), with the values of unknown keys hidden: an unknown key may be a
 * secret under a name not recognized as one, and problems are printed to CI logs.
 */
function withHiddenUnknowns(block: ParsedFields<unknown>): Problem[] {
  return [...block.fieldProblems, ...block.unknownKeyProblems.map((problem) => ({ ...problem, received: HIDDEN }))];
}

/** The backend block, by its type: each type's own keys, parsed field by field. */
function parseBackend(raw: unknown): { backend?: BackendSpec; problems: Problem[] } {
  const head = schemas().backendType.safeParse(raw);
  if (!head.success) {
    // A backend written as one string may be a connection string with its password.
    const hideWhole = (problem: Problem) => (problem.path === formatPath(BACKEND_AT) ? { ...problem, received: HIDDEN } : problem);
    return { problems: toProblems(head.error.issues, raw, BACKEND_AT).map(hideWhole) };
  }
  const type = head.data.type;
  const record = isRecord(raw) ? raw : {};
  const credentials = credentialProblems(type, record);
  const options = { alsoAllowed: credentials.keys };
  const problems: Problem[] = [...credentials.problems];
  /** A block whose keys all parsed, problems aside (which the caller's result then carries). */
  const complete = <S extends Zod.ZodRawShape>(schema: Zod.ZodObject<S>) => {
    const block = parseFields(schema, raw, BACKEND_AT, options);
    problems.push(...withHiddenUnknowns(block));
    return problems.length === 0 ? block.complete : undefined;
  };
  const result = (backend: BackendSpec | undefined) => (backend === undefined ? { problems } : { backend, problems });
  // Each case spreads its own block and sets the narrowed `type`: the compiler checks every block
  // against its BackendSpec variant.
  switch (type) {
    case "local": {
      const whole = complete(schemas().backends.local);
      return result(whole && { ...whole, type });
    }
    case "pg": {
      const whole = complete(schemas().backends.pg);
      return result(whole && { ...whole, type });
    }
    case "s3": {
      const whole = complete(schemas().backends.s3);
      return result(whole && { ...whole, type });
    }
    case "gcs": {
      const whole = complete(schemas().backends.gcs);
      return result(whole && { ...whole, type });
    }
    case "azurerm": {
      const whole = complete(schemas().backends.azurerm);
      return result(whole && { ...whole, type });
    }
    case "none": {
      const whole = complete(schemas().backends.none);
      return result(whole && { ...whole, type });
    }
    case "cloud": {
      const block = parseFields(schemas().backends.cloud, raw, BACKEND_AT, options);
      problems.push(...withHiddenUnknowns(block));
      const { workspacePrefix, workspaceTags } = block.fields;
      const prefixGiven = block.given.has("workspacePrefix");
      const tagsGiven = block.given.has("workspaceTags");
      if (prefixGiven === tagsGiven) {
        problems.push({
          path: formatPath([...BACKEND_AT, prefixGiven ? "workspaceTags" : "workspacePrefix"]),
          message: prefixGiven
            ? "cannot be given with workspacePrefix; choose one way to give each stack its workspace"
            : "is required (or workspaceTags): each stack gets the workspace <workspacePrefix><stack id>, or one tagged with workspaceTags",
          received: prefixGiven ? workspaceTags : undefined,
        });
      }
      const whole = block.complete;
      if (problems.length > 0 || whole === undefined) return { problems };
      const { organization, hostname, project } = whole;
      const workspaces =
        workspacePrefix !== undefined ? { kind: "prefix" as const, prefix: workspacePrefix } : { kind: "tags" as const, tags: workspaceTags ?? [] };
      return {
        backend: { type, organization, ...(hostname !== undefined && { hostname }), ...(project !== undefined && { project }), workspaces },
        problems,
      };
    }
  }
}

/** Parses the config's top-level `terraform` block; absent, it is the local backend and the tested provider versions. */
export function parseTerraform(raw: unknown): ParsedTerraform {
  if (raw === undefined) return { settings: DEFAULT_TERRAFORM_SETTINGS, problems: [], warnings: [] };
  const block = parseFields(schemas().terraform, raw, AT);
  // A key beside the backend may hold a secret too. The backend is still checked, so every problem shows at once.
  const problems = withHiddenUnknowns(block);
  if (!block.isMapping) return { problems, warnings: [] };
  const { providers, problems: providerProblems } = parseProviders(block.raw.providers);
  const chosen = providers !== undefined && Object.keys(providers).length > 0 ? { providers } : {};
  if (block.raw.backend === undefined) {
    const all = [...problems, ...providerProblems];
    return all.length > 0 ? { problems: all, warnings: [] } : { settings: { ...DEFAULT_TERRAFORM_SETTINGS, ...chosen }, problems: all, warnings: [] };
  }
  const { backend, problems: backendProblems } = parseBackend(block.raw.backend);
  const all = [...problems, ...backendProblems, ...providerProblems];
  return backend === undefined || all.length > 0 ? { problems: all, warnings: [] } : { settings: { backend, ...chosen }, problems: all, warnings: lockingWarnings(backend) };
}
