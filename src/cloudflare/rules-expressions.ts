/**
 * Pieces of Cloudflare's Rules language, built as text. Pure: the rulesets and the tests share them.
 */

/** A string literal of the Rules language: double quotes, with `\` and `"` escaped. */
export function quoteRulesString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Matches requests for exactly this host name (not its subdomains). */
export function hostExpression(domain: string): string {
  return `http.host eq ${quoteRulesString(domain)}`;
}

/** Matches plain-HTTP requests for exactly this host name. */
export function plainHttpExpression(domain: string): string {
  return `(${hostExpression(domain)} and not ssl)`;
}

/** The HTTPS URL of the same path on the custom domain; the query string is kept by the rule itself. */
export function httpsTargetExpression(domain: string): string {
  return `concat(${quoteRulesString(`https://${domain}`)}, http.request.uri.path)`;
}
