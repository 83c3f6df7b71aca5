/**
 * A DNS name as the APIs write it, compared as DNS compares names: case-insensitively, without the
 * trailing dot, and with Route 53's octal escapes (`\052` for `*`) read back.
 */
export function dnsName(name: string): string {
  return name
    .replace(/\\(\d{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)))
    .replace(/\.$/, "")
    .toLowerCase();
}

/** True when two names are the same DNS name. */
export function sameName(a: string, b: string): boolean {
  return dnsName(a) === dnsName(b);
}

/**
 * True when a page-rule target or Worker route pattern applies to requests for `host`: its host
 * part (before the first `/`, after an optional scheme) matches `host`, where `*` stands for any
 * characters. A pattern for another host, or one that merely contains the host's name, does not.
 */
export function patternCoversHost(pattern: string, host: string): boolean {
  const withoutScheme = pattern.trim().replace(/^[a-z]+:\/\//i, "");
  const hostPart = withoutScheme.split("/", 1).join("");
  // A port is part of the URL, not of the name.
  const name = hostPart.replace(/:(\d+|\*)$/, "");
  const glob = new RegExp(`^${name.split("*").map(escapeRegExp).join(".*")}$`, "i");
  return glob.test(host);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
