import { refuse, type Normalized } from "../fields/normalized";

/** The stack id for a normalized domain: every `.` replaced by `-` (`emails.example.com` → `emails-example-com`). */
export function stackId(normalizedDomain: string): string {
  return normalizedDomain.replace(/\./g, "-");
}

/** The id of the stack a domain lands in: its named stack, or its own. */
export function stackOf(normalizedDomain: string, stack: string | undefined): string {
  return stack ?? stackId(normalizedDomain);
}

/** The longest name a named stack may have: a DNS label's, so it fits every backend's state name. */
export const STACK_NAME_MAX_LENGTH = 63;

/**
 * Checks a named stack's name (`stack:`): it becomes a folder, a Terraform state name and part of
 * backend keys, so it is a lower-case DNS label that starts with a letter.
 */
export function normalizeStackName(input: string): Normalized<string> {
  const text = input.trim();
  if (!new RegExp(`^[a-z](?:[a-z0-9-]{0,${STACK_NAME_MAX_LENGTH - 2}}[a-z0-9])?$`).test(text)) {
    const lower = text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+|-+$/g, "").slice(0, STACK_NAME_MAX_LENGTH);
    const hint = lower !== "" && lower !== text ? ` (such as "${lower}")` : "";
    return refuse(`must be a stack name: 1-${STACK_NAME_MAX_LENGTH} lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen${hint}`);
  }
  return { ok: true, value: text };
}

/**
 * The Terraform name of a domain's resource in a named stack: the domain's stack id, `_`, and the
 * resource's own name (`emails-example-com_distribution`), so that it depends on the domain alone.
 * A stack id that starts with a digit gets a leading `_` (Terraform names may not start with one).
 */
export function namedStackResourceName(domainStackId: string, name: string): string {
  return `${/^[a-z]/.test(domainStackId) ? "" : "_"}${domainStackId}_${name}`;
}

/** The construct id (and, in a domain's own stack, the Terraform name) of the certificate a CloudFront domain creates. */
export const CERTIFICATE_ID = "certificate";

/**
 * The Terraform address of the certificate a CloudFront domain's stack creates, for the
 * `apply -target` of a first apply: `aws_acm_certificate.certificate` in the domain's own stack,
 * prefixed with the domain in a named stack.
 */
export function certificateAddress(domain: string, inNamedStack: boolean): string {
  return `aws_acm_certificate.${inNamedStack ? namedStackResourceName(stackId(domain), CERTIFICATE_ID) : CERTIFICATE_ID}`;
}

/** The Terraform name of a zone's shared resource in a named stack (`zone_<zone id>_zone_ssl`). */
export function zoneResourceName(zoneId: string, name: string): string {
  return `${ZONE_NAME_PREFIX}${zoneId}_${name}`;
}

/** Starts every zone-scoped name in a named stack; no domain's stack id can (ids have no `_`). */
export const ZONE_NAME_PREFIX = "zone_";
