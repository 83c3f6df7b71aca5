import type { PartialBackendType } from "../../facts/terraform-facts";
import type { ProviderConstraints } from "../rules/parse-providers";

/**
 * Where every stack keeps its Terraform state, validated and normalized. Each backend stores a
 * stack's state at a location derived from the stack id, so no two stacks share one. Credentials
 * are never part of it: Terraform reads them from the environment.
 */
export type BackendSpec =
  /** `terraform.<stack id>.tfstate` in the project folder (cdktf's own default). */
  | { readonly type: "local" }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly region: string;
      /** The state key is this prefix, the stack id and `.tfstate`. @default "" */
      readonly keyPrefix: string;
      /** Terraform's native S3 locking (a `.tflock` object beside the state). @default true */
      readonly useLockfile: boolean;
      /** Locking through a DynamoDB table as well (Terraform deprecates it in favour of useLockfile). @default - none */
      readonly dynamodbTable?: string;
      /** Server-side encryption of the state object. @default true */
      readonly encrypt: boolean;
    }
  | {
      readonly type: "gcs";
      readonly bucket: string;
      /** The state folder is this prefix followed by the stack id. @default "" */
      readonly prefix: string;
    }
  | {
      readonly type: "azurerm";
      readonly resourceGroupName: string;
      readonly storageAccountName: string;
      readonly containerName: string;
      /** The blob is this prefix, the stack id and `.tfstate`. @default "" */
      readonly keyPrefix: string;
    }
  | {
      readonly type: "cloud";
      readonly organization: string;
      /** @default "app.terraform.io" */
      readonly hostname?: string;
      /** The HCP Terraform project new workspaces go to. @default - the organization's default project */
      readonly project?: string;
      /** One workspace per stack: named `<prefix><stack id>`, or tagged with these tags plus `email-assets:<stack id>`. */
      readonly workspaces: { readonly kind: "prefix"; readonly prefix: string } | { readonly kind: "tags"; readonly tags: readonly string[] };
    }
  | {
      readonly type: "pg";
      /** Each stack's state lives in schema `<schemaPrefix><stack id with - as _>`. @default "email_assets_" */
      readonly schemaPrefix: string;
    }
  | {
      readonly type: "none";
      /** Write an empty backend block of this type, for `terraform init -backend-config=…`. @default - no backend block */
      readonly partial?: PartialBackendType;
    };

export interface TerraformSettings {
  /** @default { type: "local" } */
  readonly backend: BackendSpec;
  /**
   * The provider version constraints the config chose (`terraform.providers`), each inside the range
   * the project's resources are checked against; a provider left out is required at the version the
   * project is tested with.
   * @default - every provider at its tested version (AWS 5.100.0, Cloudflare 5.14.0)
   */
  readonly providers?: ProviderConstraints;
}
