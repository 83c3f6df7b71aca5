import { BACKEND_CREDENTIALS, type BackendType } from "../facts/terraform-facts";
import { DEFAULTS } from "./defaults";
import { isRecord, parseFields, problemsOf } from "./parse-fields";
import { formatPath, type FieldPath, type Problem } from "./problem";
import { schemas } from "./schema";
import type { BackendSpec, TerraformSettings } from "./terraform-settings";
import { toProblems } from "./zod-problems";

const AT: FieldPath = ["terraform"];
const BACKEND_AT: FieldPath = [...AT, "backend"];

export const DEFAULT_TERRAFORM_SETTINGS: TerraformSettings = { backend: { type: DEFAULTS.backend.type } };

export interface ParsedTerraform {
  readonly settings?: TerraformSettings;
  readonly problems: readonly Problem[];
}

/** A credential written in the config: refused, with the environment variable that Terraform reads instead. */
function credentialProblems(type: BackendType, raw: Readonly<Record<string, unknown>>): { problems: Problem[]; keys: string[] } {
  const credentials = BACKEND_CREDENTIALS[type] ?? {};
  const keys = Object.keys(raw).filter((key) => Object.hasOwn(credentials, key));
  const problems = keys.map((key) => ({
    path: formatPath([...BACKEND_AT, key]),
    message: `is a credential, and credentials are never read from the config (it would end up in Git and in the synthesized JSON); remove it and set ${credentials[key]} in the environment where terraform runs`,
    // Never echo a secret back.
    received: "<hidden>",
  }));
  return { problems, keys };
}

/** The backend block, by its type: each type's own keys, parsed field by field. */
function parseBackend(raw: unknown): { backend?: BackendSpec; problems: Problem[] } {
  const head = schemas().backendType.safeParse(raw);
  if (!head.success) return { problems: toProblems(head.error.issues, raw, BACKEND_AT) };
  const type = head.data.type;
  const record = isRecord(raw) ? raw : {};
  const credentials = credentialProblems(type, record);
  const options = { alsoAllowed: credentials.keys };
  const problems: Problem[] = [...credentials.problems];
  switch (type) {
    case "local":
    case "pg":
    case "s3":
    case "gcs":
    case "azurerm":
    case "none": {
      const block = parseFields(schemas().backends[type], raw, BACKEND_AT, options);
      problems.push(...problemsOf(block));
      const whole = block.complete;
      // Each schema's `type` parsed to this very type.
      return problems.length === 0 && whole !== undefined ? { backend: { ...whole, type } as BackendSpec, problems } : { problems };
    }
    case "cloud": {
      const block = parseFields(schemas().backends.cloud, raw, BACKEND_AT, options);
      problems.push(...problemsOf(block));
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

/** Parses the config's top-level `terraform` block; absent, it is the local backend. */
export function parseTerraform(raw: unknown): ParsedTerraform {
  if (raw === undefined) return { settings: DEFAULT_TERRAFORM_SETTINGS, problems: [] };
  const block = parseFields(schemas().terraform, raw, AT);
  const problems = problemsOf(block);
  if (!block.isMapping || problems.length > 0) return { problems };
  if (block.raw.backend === undefined) return { settings: DEFAULT_TERRAFORM_SETTINGS, problems };
  const { backend, problems: backendProblems } = parseBackend(block.raw.backend);
  return backend === undefined ? { problems: backendProblems } : { settings: { backend }, problems: backendProblems };
}
