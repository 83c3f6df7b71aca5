// What the benches compare of a synthesized stack: its Terraform JSON, cdktf's metadata aside.

/** A stack's Terraform JSON without cdktf's "//" metadata (construct paths, which differ by design). */
export function withoutMetadata(value) {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "//").map(([key, inner]) => [key, withoutMetadata(inner)]));
}
