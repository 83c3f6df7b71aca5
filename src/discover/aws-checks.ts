import {
  ALL_HTTP_METHODS,
  ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
  CLOUDFRONT_DOMAIN_SUFFIX,
  CLOUDFRONT_HOSTED_ZONE_ID,
  ORIGIN_SSL_PROTOCOLS,
  ROUTE53_RECORD_TTL,
} from "../facts/aws-facts";
import type { CloudFrontPlan } from "../plan/resolve-plan";
import type { CertificateDetail, DistributionSummary, ResourceRecordSet } from "./aws-reader";
import { canonicalContent } from "./cloudflare-checks";
import { listed, type Findings } from "./findings";
import { dnsName, sameName } from "./names";

/** The distribution's settings the stack decides, each compared with the summary ListDistributions gives. */
export function compareDistribution(distribution: DistributionSummary, plan: CloudFrontPlan, certificateArn: string | undefined, findings: Findings): void {
  const say = (text: string): void => findings.differ(`the distribution ${distribution.Id ?? ""} ${text}`);
  if (distribution.Enabled !== true) say("is disabled; apply enables it");
  const otherAliases = (distribution.Aliases?.Items ?? []).filter((alias) => !sameName(alias, plan.domain));
  if (otherAliases.length > 0) say(`also serves ${listed(otherAliases)}; apply removes ${otherAliases.length === 1 ? "that alias, which then stops" : "those aliases, which then stop"} working there`);
  if ((distribution.Comment ?? "") !== plan.comment) say(`has the comment ${JSON.stringify(distribution.Comment ?? "")}; apply sets ${JSON.stringify(plan.comment)}`);

  const origins = distribution.Origins?.Items ?? [];
  const intercom = origins.find((origin) => origin.DomainName !== undefined && sameName(origin.DomainName, plan.intercomHost));
  if (intercom === undefined) {
    say(`has the origin ${listed(origins.map((origin) => origin.DomainName ?? "?"))}; apply makes ${plan.intercomHost} its only origin`);
  } else {
    if (origins.length > 1) say(`has ${origins.length} origins (${listed(origins.map((origin) => origin.DomainName ?? "?"))}); apply keeps only ${plan.intercomHost}`);
    const custom = intercom.CustomOriginConfig;
    if (custom?.OriginProtocolPolicy !== "https-only") say(`reaches ${plan.intercomHost} with origin protocol policy ${custom?.OriginProtocolPolicy ?? "none"}; apply uses HTTPS only`);
    const protocols = custom?.OriginSslProtocols?.Items ?? [];
    if (protocols.join(",") !== ORIGIN_SSL_PROTOCOLS.join(",")) say(`allows ${listed(protocols)} towards the origin; apply allows ${listed(ORIGIN_SSL_PROTOCOLS)} only`);
  }

  const behavior = distribution.DefaultCacheBehavior;
  if (behavior?.ViewerProtocolPolicy !== "redirect-to-https") say(`has the viewer protocol policy ${behavior?.ViewerProtocolPolicy ?? "none"}; apply redirects HTTP to HTTPS`);
  const methods = [...(behavior?.AllowedMethods?.Items ?? [])].sort();
  if (methods.join(",") !== [...ALL_HTTP_METHODS].sort().join(",")) say(`allows ${listed(methods)}; apply allows all seven methods (one-click unsubscribe is a POST)`);
  if (behavior?.CachePolicyId !== CACHING_DISABLED_POLICY_ID) {
    say(`${behavior?.CachePolicyId === undefined ? "caches by legacy settings (no cache policy)" : `caches by cache policy ${behavior.CachePolicyId}`}; apply uses the managed CachingDisabled policy`);
  }
  if (behavior?.OriginRequestPolicyId !== ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID) {
    say(
      `${behavior?.OriginRequestPolicyId === undefined ? "has no origin request policy" : `has the origin request policy ${behavior.OriginRequestPolicyId}`}; apply uses AllViewerExceptHostHeader (the origin sees its own Host)`,
    );
  }
  const extraBehaviors = distribution.CacheBehaviors?.Items ?? [];
  if (extraBehaviors.length > 0) say(`has cache behaviors for ${listed(extraBehaviors.map((b) => b.PathPattern ?? "?"))}; apply removes them`);

  const viewer = distribution.ViewerCertificate;
  const liveArn = viewer?.ACMCertificateArn;
  if (liveArn !== certificateArn) {
    const served = liveArn === undefined ? "serves no ACM certificate" : `serves the certificate ${liveArn}`;
    say(`${served}; apply switches it to ${certificateArn ?? "a new certificate once ACM issues it"}`);
  }
  if (viewer?.SSLSupportMethod !== "sni-only") say(`serves TLS with ${viewer?.SSLSupportMethod ?? "no"} SSL support method; apply uses SNI (sni-only)`);
  if (viewer?.MinimumProtocolVersion !== plan.minimumProtocolVersion) say(`has the viewer TLS policy ${viewer?.MinimumProtocolVersion ?? "none"}; apply sets ${plan.minimumProtocolVersion}`);
  if (distribution.PriceClass !== plan.priceClass) say(`has the price class ${distribution.PriceClass ?? "none"}; apply sets ${plan.priceClass}`);
  if (distribution.HttpVersion !== "http2and3") say(`speaks ${distribution.HttpVersion ?? "?"}; apply sets http2and3`);
  if (distribution.IsIPV6Enabled !== true) say("has IPv6 off; apply turns it on");
  const webAcl = distribution.WebACLId ?? "";
  const wantedAcl = plan.webAclId ?? "";
  if (webAcl !== wantedAcl) say(webAcl === "" ? `has no web ACL; apply attaches ${wantedAcl}` : `is protected by the web ACL ${webAcl}; apply ${wantedAcl === "" ? "removes it" : `attaches ${wantedAcl} instead`}`);
}

/** Why the stack's own certificate (exactly the domain, DNS-validated, RSA 2048, ACM-issued) cannot be this one. */
function unadoptable(certificate: CertificateDetail, domain: string): string[] {
  const reasons: string[] = [];
  // What ACM leaves unsaid is no reason: only a known type, status or key that differs is.
  if (certificate.Type !== undefined && certificate.Type !== "AMAZON_ISSUED") reasons.push(`it is ${certificate.Type.toLowerCase()}`);
  if (certificate.DomainName === undefined || !sameName(certificate.DomainName, domain)) reasons.push(`it is for ${certificate.DomainName ?? "another name"}`);
  const others = (certificate.SubjectAlternativeNames ?? []).filter((name) => !sameName(name, domain) && name !== certificate.DomainName);
  if (others.length > 0) reasons.push(`it also covers ${listed(others)}`);
  const methods = [...new Set((certificate.DomainValidationOptions ?? []).map((option) => option.ValidationMethod ?? "DNS"))];
  if (methods.some((method) => method !== "DNS")) reasons.push(`it is validated by ${listed(methods)}`);
  if (certificate.Status !== undefined && certificate.Status !== "ISSUED" && certificate.Status !== "PENDING_VALIDATION") reasons.push(`it is ${certificate.Status.toLowerCase().replace(/_/g, " ")}`);
  const key = (certificate.KeyAlgorithm ?? "RSA_2048").replace(/-/g, "_");
  if (key !== "RSA_2048") reasons.push(`its key is ${key} (the stack's certificate is RSA_2048)`);
  return reasons;
}

/**
 * The certificate to adopt when the stack creates one: the distribution's own if it fits, else
 * the one certificate for exactly the domain that fits. Several that fit are named, none chosen.
 */
export function chooseCertificate(certificates: readonly CertificateDetail[], plan: CloudFrontPlan, servedArn: string | undefined, findings: Findings): string | undefined {
  const served = servedArn === undefined ? undefined : certificates.find((certificate) => certificate.CertificateArn === servedArn);
  if (served !== undefined) {
    const reasons = unadoptable(served, plan.domain);
    if (reasons.length === 0) return served.CertificateArn;
    findings.differ(
      `the distribution serves the certificate ${servedArn}, which the stack's certificate cannot take over (${listed(reasons)}): put its ARN in cloudfront.certificateArn to keep it; otherwise apply requests a new one and switches the distribution to it`,
    );
  }
  const candidates = certificates.filter((certificate) => certificate !== served && certificate.DomainName !== undefined && sameName(certificate.DomainName, plan.domain));
  const fitting = candidates.filter((certificate) => unadoptable(certificate, plan.domain).length === 0);
  const issued = fitting.filter((certificate) => certificate.Status === "ISSUED");
  const pick = issued.length > 0 ? issued : fitting;
  if (pick.length === 1) return pick[0]?.CertificateArn;
  if (pick.length > 1) {
    findings.differ(`several certificates for ${plan.domain} could be adopted (${listed(pick.map((c) => c.CertificateArn ?? "?"))}): write the one to keep into adopt.certificate`);
    return undefined;
  }
  for (const certificate of candidates) {
    findings.differ(`the certificate ${certificate.CertificateArn ?? "?"} for ${plan.domain} cannot be adopted (${listed(unadoptable(certificate, plan.domain))}); apply requests another`);
  }
  findings.missing(`an ACM certificate for ${plan.domain} in us-east-1 that the stack can take over (apply requests one and validates it through DNS)`);
  return undefined;
}

function recordSetWords(set: ResourceRecordSet): string {
  if (set.AliasTarget !== undefined) return `an alias to ${dnsName(set.AliasTarget.DNSName ?? "")}`;
  return listed((set.ResourceRecords ?? []).map((record) => record.Value ?? ""));
}

/** What the stack wants at a Route 53 name: an alias to the distribution, or addresses. */
export type WantedRecordSet =
  | { readonly type: "A" | "AAAA"; readonly alias: true; /** The distribution's name, when one was found. */ readonly target?: string }
  | { readonly type: "A" | "AAAA"; readonly alias: false; readonly value: string };

/** When a name points at a distribution this account does not list with the alias, it blocks the alias. */
export function foreignDistributionWords(target: string, domain: string): string | undefined {
  const name = dnsName(target);
  if (!name.endsWith(CLOUDFRONT_DOMAIN_SUFFIX)) return undefined;
  return `points at ${name}, but no distribution of this account lists ${domain} as an alias (another account's, or one these credentials cannot list?): CloudFront refuses the alias on the new distribution while another holds it (CNAMEAlreadyExists); move the alias away from that distribution first`;
}

/**
 * The Route 53 record sets at the domain's name, compared with what the stack writes there (they
 * are taken over by name: nothing to adopt by id). A CNAME, or a set with a routing policy, blocks.
 */
export function compareRecordSets(sets: readonly ResourceRecordSet[], domain: string, wanted: readonly WantedRecordSet[], findings: Findings, distributionFound: boolean): ("A" | "AAAA")[] {
  const takenOver: ("A" | "AAAA")[] = [];
  for (const set of sets) {
    if (set.Type === "CNAME") {
      const target = set.ResourceRecords?.[0]?.Value ?? "";
      const foreign = distributionFound ? undefined : foreignDistributionWords(target, domain);
      findings.differ(
        `a CNAME record set at ${domain} (${recordSetWords(set)}) blocks adoption: nothing can sit beside a CNAME, so apply cannot create the ${listed(wanted.map((w) => `${w.type} record`))}; remove it first${foreign === undefined ? "" : `; it ${foreign}`}`,
      );
    } else if ((set.Type === "A" || set.Type === "AAAA") && !wanted.some((w) => w.type === set.Type)) {
      findings.differ(`a Route 53 ${set.Type} record set at ${domain} (${recordSetWords(set)}) also answers; the stack does not manage it: remove it, or add proxy.${set.Type === "A" ? "ipv4" : "ipv6"}`);
    }
  }
  for (const want of wanted) {
    const ofType = sets.filter((set) => set.Type === want.type);
    const label = `the Route 53 ${want.type} record`;
    const [set] = ofType;
    if (set === undefined) {
      findings.missing(`${label} ${domain} → ${want.alias ? "the distribution (an alias)" : want.value} (apply creates it)`);
      continue;
    }
    if (ofType.some((s) => s.SetIdentifier !== undefined)) {
      findings.differ(`${label} set at ${domain} has a routing policy (set ${listed(ofType.map((s) => s.SetIdentifier ?? "?"))}); the stack's record has none and cannot take it over: remove it first`);
      continue;
    }
    takenOver.push(want.type);
    if (want.alias) {
      const alias = set.AliasTarget;
      if (alias === undefined) {
        findings.differ(`${label} holds ${recordSetWords(set)} (not an alias); apply makes it an alias to the distribution`);
        continue;
      }
      const target = dnsName(alias.DNSName ?? "");
      if (want.target !== undefined && target !== dnsName(want.target)) findings.differ(`${label} is an alias to ${target}; apply points it at the distribution ${dnsName(want.target)}`);
      if (want.target === undefined) {
        const foreign = foreignDistributionWords(target, domain);
        findings.differ(foreign === undefined ? `${label} is an alias to ${target}; apply points it at the new distribution` : `${label} ${foreign}`);
      }
      if (alias.HostedZoneId !== undefined && alias.HostedZoneId !== CLOUDFRONT_HOSTED_ZONE_ID && want.target !== undefined && target === dnsName(want.target)) {
        findings.differ(`${label}'s alias names the hosted zone ${alias.HostedZoneId}; apply sets CloudFront's, ${CLOUDFRONT_HOSTED_ZONE_ID}`);
      }
      if (alias.EvaluateTargetHealth === true) findings.differ(`${label} evaluates target health; apply turns that off`);
    } else {
      if (set.AliasTarget !== undefined) {
        findings.differ(`${label} is ${recordSetWords(set)}; apply replaces it with ${want.value}`);
        continue;
      }
      const values = (set.ResourceRecords ?? []).map((record) => canonicalContent(want.type, record.Value ?? ""));
      if (values.length !== 1 || values[0] !== canonicalContent(want.type, want.value)) findings.differ(`${label} holds ${recordSetWords(set)}; apply sets it to ${want.value}`);
      if (set.TTL !== ROUTE53_RECORD_TTL) findings.differ(`${label}'s TTL is ${set.TTL ?? "unset"} s; apply sets it to ${ROUTE53_RECORD_TTL} s`);
    }
  }
  return takenOver;
}
