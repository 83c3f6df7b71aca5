/**
 * Terraform facts this project relies on for state (Terraform 1.11), each in one place.
 * Pure data: every layer may read it.
 */

/** The backends a config may choose; `cloud` is HCP Terraform's `cloud` block, `none` leaves the backend to the host. */
export const BACKEND_TYPES = ["local", "s3", "gcs", "azurerm", "cloud", "pg", "none"] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];

/** Backends a host may complete with `terraform init -backend-config=…` (an empty block of that type). */
export const PARTIAL_BACKEND_TYPES = ["s3", "gcs", "azurerm", "pg", "remote", "http", "consul", "kubernetes", "oss", "cos"] as const;
export type PartialBackendType = (typeof PARTIAL_BACKEND_TYPES)[number];

/**
 * Backend arguments that carry credentials, by backend, with the environment variable Terraform
 * reads instead. They are refused in the config: a secret written there ends up in Git and in the
 * synthesized JSON.
 */
export const BACKEND_CREDENTIALS: Readonly<Partial<Record<BackendType, Readonly<Record<string, string>>>>> = {
  s3: {
    accessKey: "AWS_ACCESS_KEY_ID",
    accessKeyId: "AWS_ACCESS_KEY_ID",
    secretKey: "AWS_SECRET_ACCESS_KEY",
    secretAccessKey: "AWS_SECRET_ACCESS_KEY",
    token: "AWS_SESSION_TOKEN",
    sessionToken: "AWS_SESSION_TOKEN",
  },
  gcs: { credentials: "GOOGLE_CREDENTIALS", accessToken: "GOOGLE_OAUTH_ACCESS_TOKEN" },
  azurerm: {
    accessKey: "ARM_ACCESS_KEY",
    sasToken: "ARM_SAS_TOKEN",
    clientSecret: "ARM_CLIENT_SECRET",
    clientCertificatePassword: "ARM_CLIENT_CERTIFICATE_PASSWORD",
  },
  cloud: { token: "TF_TOKEN_<hostname with dots as underscores>, e.g. TF_TOKEN_app_terraform_io" },
  pg: { connStr: "PG_CONN_STR" },
};

/** PostgreSQL's limit on an identifier (a schema name), in bytes. */
export const PG_IDENTIFIER_MAX_LENGTH = 63;
/** HCP Terraform's limit on a workspace name. */
export const CLOUD_WORKSPACE_NAME_MAX_LENGTH = 90;
/** HCP Terraform's limit on a workspace tag. */
export const CLOUD_TAG_MAX_LENGTH = 255;
