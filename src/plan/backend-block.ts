import type { BackendSpec } from "../config/shapes/terraform-settings";
import { cloudStackTag, cloudWorkspaceName, gcsPrefix, partialStateAttributes, pgSchemaName, stateKey } from "../config/names/state-names";

/**
 * What a stack's `terraform` block says about state, in Terraform's own names: a `backend` block of
 * a type, HCP Terraform's `cloud` block, the local backend (whose path depends on where the stack
 * is written), or nothing at all. Credentials are never part of it.
 */
export type BackendBlock =
  | { readonly kind: "local" }
  | { readonly kind: "backend"; readonly type: string; readonly attributes: Readonly<Record<string, unknown>> }
  | { readonly kind: "cloud"; readonly attributes: Readonly<Record<string, unknown>> }
  | { readonly kind: "none" };

/** The block for one stack: each backend's state location derived from the stack id. */
export function backendBlock(backend: BackendSpec, stackId: string): BackendBlock {
  switch (backend.type) {
    case "local":
      return { kind: "local" };
    case "s3":
      return {
        kind: "backend",
        type: "s3",
        attributes: {
          bucket: backend.bucket,
          key: stateKey(backend.keyPrefix, stackId),
          region: backend.region,
          encrypt: backend.encrypt,
          use_lockfile: backend.useLockfile,
          ...(backend.dynamodbTable !== undefined && { dynamodb_table: backend.dynamodbTable }),
        },
      };
    case "gcs":
      return { kind: "backend", type: "gcs", attributes: { bucket: backend.bucket, prefix: gcsPrefix(backend.prefix, stackId) } };
    case "azurerm":
      return {
        kind: "backend",
        type: "azurerm",
        attributes: {
          resource_group_name: backend.resourceGroupName,
          storage_account_name: backend.storageAccountName,
          container_name: backend.containerName,
          key: stateKey(backend.keyPrefix, stackId),
        },
      };
    case "cloud": {
      const { workspaces } = backend;
      return {
        kind: "cloud",
        attributes: {
          organization: backend.organization,
          ...(backend.hostname !== undefined && { hostname: backend.hostname }),
          workspaces: {
            ...(workspaces.kind === "prefix" ? { name: cloudWorkspaceName(workspaces.prefix, stackId) } : { tags: [...workspaces.tags, cloudStackTag(stackId)] }),
            ...(backend.project !== undefined && { project: backend.project }),
          },
        },
      };
    }
    case "pg":
      // The connection string stays in PG_CONN_STR, which the backend reads when conn_str is unset.
      return { kind: "backend", type: "pg", attributes: { schema_name: pgSchemaName(backend.schemaPrefix, stackId) } };
    case "none":
      return backend.partial === undefined ? { kind: "none" } : { kind: "backend", type: backend.partial, attributes: partialStateAttributes(backend.partial, stackId) };
  }
}
