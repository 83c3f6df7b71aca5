import { checkServerIdentity, type DetailedPeerCertificate } from "node:tls";
import { subdomainDepth } from "../config/fields/domain-name";
import type { DomainPlan } from "../plan/resolve-plan";
import { fail, pass, type CheckResult } from "./check-result";
import { describeNetworkError, type Handshake, type NetworkError } from "./http-probe";

const DAY_MS = 24 * 60 * 60 * 1000;

/** OpenSSL's verdicts on a chain, in words. */
const CHAIN_ERRORS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: "the certificate has expired",
  CERT_NOT_YET_VALID: "the certificate is not valid yet",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the chain ends in a root that is not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the chain does not reach a trusted root (an intermediate is missing, or the root is not trusted)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the chain does not reach a trusted root (an intermediate is missing)",
};

/** The names a certificate covers, the first few of them (a shared edge certificate may list hundreds). */
function names(certificate: DetailedPeerCertificate): string {
  const alt = certificate.subjectaltname?.split(", ").map((entry) => entry.replace(/^DNS:/, "")) ?? [];
  if (alt.length === 0) return String(certificate.subject?.CN ?? "no name");
  return alt.length <= 5 ? alt.join(", ") : `${alt.slice(0, 5).join(", ")} and ${alt.length - 5} more`;
}

function issuerOf(certificate: DetailedPeerCertificate): string {
  return String(certificate.issuer?.O ?? certificate.issuer?.CN ?? "an unnamed issuer");
}

/** What to change, by edge, when the edge serves a certificate that does not do. */
function certificateFix(plan: DomainPlan): string {
  switch (plan.edge) {
    case "cloudflare":
      return subdomainDepth(plan.domain) > 1
        ? `Cloudflare's Universal SSL covers only the apex and first-level names, and ${plan.domain} is deeper: order an Advanced certificate for it, or use a first-level name`
        : `check that ${plan.domain} is proxied in the zone (see dns) and that the zone's edge certificate is active (SSL/TLS > Edge Certificates)`;
    case "cloudfront":
      return `the distribution must list ${plan.domain} as an alias with an issued ACM certificate (us-east-1) that names it; apply the stack, and check the certificate's DNS validation record exists`;
    case "proxy":
      return `serve a full chain for ${plan.domain} from a public CA: set proxy.certificateFile to it (fullchain.pem) and reload ${plan.proxy.server}`;
  }
}

/** Errors that say nothing about TLS: port 443 cannot be reached, or the server there does not answer. */
const UNREACHABLE = new Set(["ETIMEDOUT", "ESTALLED", "ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH"]);

/** What to change, by edge, when port 443 cannot be reached or does not answer. */
function reachFix(plan: DomainPlan, address: string): string {
  switch (plan.edge) {
    case "cloudflare":
    case "cloudfront": {
      const edge = plan.edge === "cloudflare" ? "Cloudflare" : "CloudFront";
      return `${edge}'s edges answer on port 443 from anywhere: check that ${address} is one of them (see dns), and that no firewall on this side blocks outgoing HTTPS`;
    }
    case "proxy":
      return `open TCP port 443 to the internet on ${address} (firewall, security group) and check that ${plan.proxy.server} listens on ${address}:443 and is not overloaded`;
  }
}

export function judgeTls(plan: DomainPlan, address: string, handshake: Handshake | NetworkError, expiryDays: number, now: Date): CheckResult {
  if (handshake.kind === "error") {
    const target = `${address}:443`;
    if (UNREACHABLE.has(handshake.code)) return fail("tls", `${describeNetworkError(handshake, target)}; fix: ${reachFix(plan, address)}`);
    const why = handshake.code.startsWith("ERR_SSL") || /alert|protocol|handshake/i.test(handshake.message)
      ? `the TLS handshake with ${target} failed (${handshake.message}): the server offers no TLS 1.2 or newer for ${plan.domain}`
      : describeNetworkError(handshake, target);
    return fail("tls", `${why}; fix: ${certificateFix(plan)}`);
  }
  const { certificate } = handshake;
  const problems: string[] = [];
  if (handshake.chainError !== undefined) {
    problems.push(CHAIN_ERRORS[handshake.chainError] ?? `the chain does not verify (${handshake.chainError})`);
  }
  const identity = checkServerIdentity(plan.domain, certificate);
  if (identity !== undefined) problems.push(`the certificate does not cover ${plan.domain}: it is for ${names(certificate)}`);
  const expires = new Date(certificate.valid_to);
  const daysLeft = Math.floor((expires.getTime() - now.getTime()) / DAY_MS);
  if (handshake.chainError !== "CERT_HAS_EXPIRED" && daysLeft < expiryDays) {
    problems.push(
      daysLeft < 0 ? `the certificate expired on ${expires.toISOString().slice(0, 10)}` : `the certificate expires on ${expires.toISOString().slice(0, 10)}, in ${daysLeft} day(s) (under --expiry-days ${expiryDays})`,
    );
  }
  const until = `valid until ${expires.toISOString().slice(0, 10)}`;
  if (problems.length > 0) {
    const seen = `${handshake.protocol ?? "TLS"} from ${address}, certificate for ${names(certificate)} issued by ${issuerOf(certificate)}, ${until}`;
    return fail("tls", `${problems.join("; ")} (${seen}); fix: ${certificateFix(plan)}`);
  }
  return pass(
    "tls",
    `${handshake.protocol ?? "TLS"} from ${address}: the certificate covers ${plan.domain}, chains to a trusted root (issuer ${issuerOf(certificate)}) and is ${until} (${daysLeft} days left)`,
  );
}
