/** The stack id for a normalized domain: every `.` replaced by `-` (`emails.example.com` → `emails-example-com`). */
export function stackId(normalizedDomain: string): string {
  return normalizedDomain.replace(/\./g, "-");
}
