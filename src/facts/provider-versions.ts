/**
 * The provider versions this project is tested with, and the ranges whose schemas its emitted
 * resources are checked against, each in one place. Pure data: every layer may read it.
 */

export const PROVIDER_NAMES = ["aws", "cloudflare"] as const;
/** A provider whose version the config may choose (`terraform.providers.<name>`). */
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ProviderVersionFacts {
  /** How messages name the provider. */
  readonly label: string;
  /**
   * The provider's source address as the stacks write it: as @cdktf/provider-* writes it, so the
   * output stays the same whichever binding package created the provider (@cdktn/provider-aws
   * writes `hashicorp/aws`, which Terraform reads as the same provider as `aws`).
   */
  readonly source: string;
  /**
   * The version the plan tests run (the one in this machine's filesystem mirror, or the one the
   * bindings were generated from): a stack requires exactly it unless the config says otherwise.
   */
  readonly tested: string;
  /** The lowest version whose schema the emitted resources are checked against. */
  readonly checkedFrom: string;
  /**
   * The first version beyond the checked range. A provider keeps its schema within a major version
   * (new attributes only), so a range checked at its lowest and newest versions holds up to the
   * next major; Cloudflare's 5.x minors have changed schemas, so its range is the one minor checked.
   */
  readonly checkedBelow: string;
  /** The versions whose schemas test/conformance checks the emitted resources against. */
  readonly schemasChecked: readonly string[];
  /** A constraint inside the range, for messages. */
  readonly example: string;
}

export const PROVIDER_VERSIONS: Readonly<Record<ProviderName, ProviderVersionFacts>> = {
  aws: {
    label: "AWS",
    source: "aws",
    tested: "5.100.0",
    checkedFrom: "5.100.0",
    checkedBelow: "7.0.0",
    // 5.100.0 from the provider binary; 6.0.0 and 6.66.0 extracted from their generated bindings
    // (scripts/extract-aws-schema.mjs), the first and the newest 6.x bound.
    schemasChecked: ["5.100.0", "6.0.0", "6.66.0"],
    example: "~> 6.0",
  },
  cloudflare: {
    label: "Cloudflare",
    source: "cloudflare/cloudflare",
    tested: "5.14.0",
    checkedFrom: "5.14.0",
    checkedBelow: "5.15.0",
    schemasChecked: ["5.14.0"],
    example: "~> 5.14.0",
  },
};

/** The checked range as a Terraform constraint: what module mode declares, and the fix a refusal suggests. */
export function checkedRange(name: ProviderName): string {
  const { checkedFrom, checkedBelow } = PROVIDER_VERSIONS[name];
  return `>= ${checkedFrom}, < ${checkedBelow}`;
}
