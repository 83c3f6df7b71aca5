import type { BackendSpec } from "../shapes/terraform-settings";
import { DEFAULTS } from "../shapes/defaults";
import type { PartialBackendType } from "../../facts/terraform-facts";

/**
 * The names a stack's state gets in each backend, derived from the stack id alone, so that two
 * stacks never share a state and a stack keeps its state when others come and go.
 */

/** The local backend's state file of a stack, in the project folder (where cdktf keeps it). */
export function localStateFile(stackId: string): string {
  return `terraform.${stackId}.tfstate`;
}

/** The stack whose local state file `fileName` is (the inverse of localStateFile), if it is one. */
export function stackOfLocalStateFile(fileName: string): string | undefined {
  return /^terraform\.(.+)\.tfstate$/.exec(fileName)?.[1];
}

/** The S3 key or Azure blob of a stack's state. */
export function stateKey(keyPrefix: string, stackId: string): string {
  return `${keyPrefix}${stackId}.tfstate`;
}

/** The GCS folder of a stack's state (the backend adds `default.tfstate`). */
export function gcsPrefix(prefix: string, stackId: string): string {
  return prefix === "" ? stackId : `${prefix.replace(/\/+$/, "")}/${stackId}`;
}

/** The PostgreSQL schema of a stack's state: lower-case with underscores, which needs no quoting. */
export function pgSchemaName(schemaPrefix: string, stackId: string): string {
  return `${schemaPrefix}${stackId.replace(/-/g, "_")}`;
}

/** The HCP Terraform workspace of a stack (prefix mode), or the tag that marks it (tags mode). */
export function cloudWorkspaceName(prefix: string, stackId: string): string {
  return `${prefix}${stackId}`;
}
export function cloudStackTag(stackId: string): string {
  return `email-assets:${stackId}`;
}

/** One line saying where a stack's state is, for people and CI matrices (`email-assets stacks`). */
export function stateLocation(backend: BackendSpec, stackId: string): string {
  switch (backend.type) {
    case "local":
      return `local:${localStateFile(stackId)}`;
    case "s3":
      return `s3://${backend.bucket}/${stateKey(backend.keyPrefix, stackId)}`;
    case "gcs":
      return `gs://${backend.bucket}/${gcsPrefix(backend.prefix, stackId)}/default.tfstate`;
    case "azurerm":
      return `azurerm://${backend.storageAccountName}/${backend.containerName}/${stateKey(backend.keyPrefix, stackId)}`;
    case "cloud": {
      const host = backend.hostname === undefined ? "" : `${backend.hostname}/`;
      const { workspaces } = backend;
      return workspaces.kind === "prefix"
        ? `cloud:${host}${backend.organization}/${cloudWorkspaceName(workspaces.prefix, stackId)}`
        : `cloud:${host}${backend.organization}/tags=${[...workspaces.tags, cloudStackTag(stackId)].join(",")}`;
    }
    case "pg":
      return `pg:${pgSchemaName(backend.schemaPrefix, stackId)}`;
    case "none": {
      if (backend.partial === undefined) return "none:set by the host";
      const own = Object.entries(partialStateAttributes(backend.partial, stackId)).map(([key, value]) => `${key}=${String(value)}`);
      return `none:${backend.partial} ${own.length === 0 ? "backend, all" : `${own.join(" ")}, the rest`} from -backend-config`;
    }
  }
}

/**
 * What a partial backend block says of its own: the stack's state key (or folder, or schema), so
 * that each stack still has a state of its own; the host's `-backend-config` gives the rest.
 */
export function partialStateAttributes(type: PartialBackendType, stackId: string): Readonly<Record<string, string>> {
  switch (type) {
    case "s3":
    case "azurerm":
      return { key: stateKey("", stackId) };
    case "gcs":
      return { prefix: gcsPrefix("", stackId) };
    case "pg":
      return { schema_name: pgSchemaName(DEFAULTS.pg.schemaPrefix, stackId) };
    case "remote":
    case "http":
    case "consul":
    case "kubernetes":
    case "oss":
    case "cos":
      return {};
  }
}
