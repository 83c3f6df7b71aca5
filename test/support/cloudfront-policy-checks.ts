import type { StackJson } from "./synth";

/**
 * The public CloudFront policy checks of checkov and trivy, as one table: each rule's pass condition
 * (as shared/reference/cloudfront-policy-checks.md reads the rule sources) evaluated on a
 * synthesized stack, and whether this project meets it. Neither tool can run here, so the rules live
 * on as code; the README shows the same table (policyChecksMarkdown()).
 */

/**
 * - `applies`: every stack passes, whatever the spec says.
 * - `passes when configured`: a stack passes when its domains set `option`; off by default.
 * - `not applicable by design`: the project does not do what the rule asks, for the reason given.
 */
export type PolicyStatus = "applies" | "passes when configured" | "not applicable by design";

/** A `cloudfront` spec field that makes a `passes when configured` rule pass. */
export type PolicyOption = "webAclId" | "logging";

interface PolicyRule {
  /** The rule's id, as the reference lists it. */
  readonly id: string;
  /** What the rule checks, in a few words (for the README). */
  readonly check: string;
  /** The resource type the rule evaluates. */
  readonly subject: "aws_cloudfront_distribution" | "aws_acm_certificate" | "aws_cloudfront_response_headers_policy";
  /** Why the stacks pass, what to configure, or why the rule does not apply (for the README). */
  readonly reason: string;
  /** Every violation of the rule's pass condition in one stack, each naming its resource; none means it passes. */
  readonly violations: (stack: StackJson) => string[];
}

export type PolicyCheck =
  | (PolicyRule & { readonly status: "applies" | "not applicable by design" })
  | (PolicyRule & { readonly status: "passes when configured"; readonly option: PolicyOption });

type Body = Record<string, any>;

/** Terraform JSON takes a nested block as an object or a list of them; cdktf writes `viewer_certificate` one way and `origin` the other. */
function blocks(value: unknown): Body[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Body[];
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isSet = (value: unknown): boolean => value !== undefined && value !== null;
const isNonEmpty = (value: unknown): boolean => typeof value === "string" && value.trim() !== "";
const isTrue = (value: unknown): boolean => value === true || value === "true";

/** Every resource of one type in a stack, by address, without cdktf's `//` metadata. */
function resourcesOf(stack: StackJson, type: string): [address: string, body: Body][] {
  return Object.entries(stack.resource?.[type] ?? {}).map(([name, found]) => {
    const { "//": _metadata, ...body } = found;
    return [`${type}.${name}`, body];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether an expression anywhere in `body` refers to `address` (`aws_x.name`, or `data.aws_x.name`). */
function refersTo(body: unknown, address: string): boolean {
  const bare = address.startsWith("data.") ? "" : "(?<!data\\.)";
  return new RegExp(`(?<![\\w-])${bare}${escapeRegExp(address)}(?![\\w-])`).test(JSON.stringify(body));
}

/** Addresses of the `types` resources (or data sources) joined to `address` by a reference either way, as checkov's graph connects them. */
function connected(stack: StackJson, address: string, body: Body, types: readonly string[]): [string, Body][] {
  const candidates = types.flatMap((type) =>
    type.startsWith("data.")
      ? Object.entries((stack as { data?: Record<string, Record<string, Body>> }).data?.[type.slice("data.".length)] ?? {}).map(([name, other]): [string, Body] => [`${type}.${name}`, other])
      : resourcesOf(stack, type),
  );
  return candidates.filter(([otherAddress, other]) => refersTo(body, otherAddress) || refersTo(other, address));
}

/** Runs `problem` on every distribution; its answer (if any) becomes a violation named by address. */
function eachDistribution(problem: (distribution: Body, address: string, stack: StackJson) => string | undefined) {
  return (stack: StackJson): string[] =>
    resourcesOf(stack, "aws_cloudfront_distribution").flatMap(([address, body]) => {
      const found = problem(body, address, stack);
      return found === undefined ? [] : [`${address}: ${found}`];
    });
}

const cacheBehaviours = (distribution: Body): Body[] => [...blocks(distribution.default_cache_behavior), ...blocks(distribution.ordered_cache_behavior)];
const viewerCertificate = (distribution: Body): Body => blocks(distribution.viewer_certificate)[0] ?? {};
const loggingBucket = (distribution: Body): unknown => blocks(distribution.logging_config)[0]?.bucket;

const noAllowAll = eachDistribution((distribution) =>
  cacheBehaviours(distribution).some((behaviour) => behaviour.viewer_protocol_policy === "allow-all") ? 'a cache behaviour has viewer_protocol_policy "allow-all"' : undefined,
);

/** The newest policies trivy's use-secure-tls-policy accepts. */
const TLS_POLICIES_OF_2025 = ["TLSv1.2_2025", "TLSv1.3_2025"];
/** Managed rule group names of a web ACL, at any rule. */
const managedRuleGroups = (webAcl: Body): unknown[] =>
  blocks(webAcl.rule).flatMap((rule) => blocks(rule.statement).flatMap((statement) => blocks(statement.managed_rule_group_statement).map((group): unknown => group.name)));
const HSTS_MIN_AGE = 31_536_000;
/** Origin domains exempt from CKV2_AWS_72, as the reference reads the rule. */
const HTTP_ORIGIN_EXEMPTIONS = [".mediastore.", ".mediapackage.", ".elb."];

export const POLICY_CHECKS: readonly PolicyCheck[] = [
  {
    id: "CKV_AWS_34",
    check: "viewers use HTTPS (no `allow-all` cache behaviour)",
    subject: "aws_cloudfront_distribution",
    status: "applies",
    reason: "The only cache behaviour is `redirect-to-https`: a plain `http://` link in an old email is redirected, never served.",
    violations: noAllowAll,
  },
  {
    id: "AVD-AWS-0012",
    check: "trivy `enforce-https` (CRITICAL): same as CKV_AWS_34",
    subject: "aws_cloudfront_distribution",
    status: "applies",
    reason: "As CKV_AWS_34.",
    violations: noAllowAll,
  },
  {
    id: "CKV_AWS_174",
    check: "viewer TLS 1.2 or newer (no default certificate, policy `TLSv1.2_*`/`TLSv1.3_*`)",
    subject: "aws_cloudfront_distribution",
    status: "applies",
    reason: "An ACM certificate for the domain, and `minimumProtocolVersion` is `TLSv1.2_2021` (default), `TLSv1.2_2019` or `TLSv1.2_2018`; the spec refuses older policies.",
    violations: eachDistribution((distribution) => {
      const certificate = viewerCertificate(distribution);
      if (isTrue(certificate.cloudfront_default_certificate)) return "uses the default CloudFront certificate";
      const version: unknown = certificate.minimum_protocol_version;
      return typeof version === "string" && /^TLSv1\.(2|3)_\d{4}$/.test(version) ? undefined : `minimum_protocol_version ${JSON.stringify(version)} is not TLS 1.2 or newer`;
    }),
  },
  {
    id: "AVD-AWS-0013",
    check: "trivy `use-secure-tls-policy` (HIGH), newest: viewer policy `TLSv1.2_2025` or `TLSv1.3_2025`",
    subject: "aws_cloudfront_distribution",
    status: "not applicable by design",
    reason:
      "A trade-off: the pinned AWS provider 5.100.0 rejects `TLSv1.2_2025` and `TLSv1.3_2025` at plan time, so the default is `TLSv1.2_2021`, the strongest policy it accepts (older trivy versions ask for exactly that, and pass with the default). Moves to applies with a newer provider.",
    violations: eachDistribution((distribution) => {
      const certificate = viewerCertificate(distribution);
      // trivy skips the rule for the default certificate, whose TLS policy cannot be chosen.
      if (isTrue(certificate.cloudfront_default_certificate)) return undefined;
      const version: unknown = certificate.minimum_protocol_version;
      return TLS_POLICIES_OF_2025.includes(version as string) ? undefined : `minimum_protocol_version ${JSON.stringify(version)} is not ${TLS_POLICIES_OF_2025.join(" or ")}`;
    }),
  },
  {
    id: "CKV_AWS_68",
    check: "a WAF web ACL is attached (`web_acl_id` set)",
    subject: "aws_cloudfront_distribution",
    status: "passes when configured",
    option: "webAclId",
    reason: "Set `cloudfront.webAclId`. Optional: a web ACL is billed per month and per request, and its rules are your account's policy; the stack attaches the one you name and creates none.",
    violations: eachDistribution((distribution) => (isSet(distribution.web_acl_id) ? undefined : "has no web_acl_id")),
  },
  {
    id: "AVD-AWS-0011",
    check: "trivy `enable-waf` (HIGH): non-empty `web_acl_id`",
    subject: "aws_cloudfront_distribution",
    status: "passes when configured",
    option: "webAclId",
    reason: "As CKV_AWS_68.",
    violations: eachDistribution((distribution) => (isNonEmpty(distribution.web_acl_id) ? undefined : "has no non-empty web_acl_id")),
  },
  {
    id: "CKV2_AWS_47",
    check: "the attached WAFv2 web ACL has the AWS managed rules against Log4j (`AWSManagedRulesKnownBadInputsRuleSet`)",
    subject: "aws_cloudfront_distribution",
    status: "not applicable by design",
    reason:
      "The web ACL is yours, named by ARN or id in `webAclId`; the stack creates no `aws_wafv2_web_acl` for this graph check to follow. Include `AWSManagedRulesKnownBadInputsRuleSet` in your web ACL.",
    violations: eachDistribution((distribution, address, stack) => {
      const webAcls = connected(stack, address, distribution, ["aws_wafv2_web_acl"]);
      if (webAcls.length === 0) return "is not linked to an aws_wafv2_web_acl in the stack";
      return webAcls.some(([, webAcl]) => managedRuleGroups(webAcl).includes("AWSManagedRulesKnownBadInputsRuleSet"))
        ? undefined
        : "its web ACL lacks AWSManagedRulesKnownBadInputsRuleSet";
    }),
  },
  {
    id: "CKV_AWS_86",
    check: "access logging (`logging_config.bucket`, or standard logging v2 through CloudWatch log delivery)",
    subject: "aws_cloudfront_distribution",
    status: "passes when configured",
    option: "logging",
    reason:
      "Set `cloudfront.logging`. Optional: it needs an S3 bucket of yours with ACLs enabled, and the logs hold recipients' IP addresses and the links they clicked, personal data you then keep and must expire.",
    violations: eachDistribution((distribution, address, stack) => {
      if (isSet(loggingBucket(distribution))) return undefined;
      const logged = connected(stack, address, distribution, ["aws_cloudwatch_log_delivery_source"]).some(([sourceAddress, source]) =>
        connected(stack, sourceAddress, source, ["aws_cloudwatch_log_delivery"]).some(
          ([deliveryAddress, delivery]) => connected(stack, deliveryAddress, delivery, ["aws_cloudwatch_log_delivery_destination"]).length > 0,
        ),
      );
      return logged ? undefined : "has no logging_config.bucket and no log delivery source → delivery → destination";
    }),
  },
  {
    id: "AVD-AWS-0010",
    check: "trivy `enable-logging` (MEDIUM): non-empty `logging_config.bucket`",
    subject: "aws_cloudfront_distribution",
    status: "passes when configured",
    option: "logging",
    reason: "As CKV_AWS_86.",
    violations: eachDistribution((distribution) => (isNonEmpty(loggingBucket(distribution)) ? undefined : "has no non-empty logging_config.bucket")),
  },
  {
    id: "CKV_AWS_374",
    check: 'geo restriction (`restriction_type` other than `"none"`)',
    subject: "aws_cloudfront_distribution",
    status: "not applicable by design",
    reason: "Email recipients are everywhere: a geo restriction would break the images and links of some of them.",
    violations: eachDistribution((distribution) => {
      const types = blocks(distribution.restrictions).flatMap((restrictions) => blocks(restrictions.geo_restriction).map((geo): unknown => geo.restriction_type));
      return types.length > 0 && types.every((type) => type !== "none") ? undefined : 'has no geo restriction (restriction_type "none")';
    }),
  },
  {
    id: "CKV_AWS_305",
    check: "a default root object",
    subject: "aws_cloudfront_distribution",
    status: "not applicable by design",
    reason: "It names an object in an S3 origin to serve for `/` (AWS Security Hub CloudFront.1 checks S3 origins only); here every path, `/` too, goes to Intercom, which decides the answer.",
    violations: eachDistribution((distribution) => (isNonEmpty(distribution.default_root_object) ? undefined : "has no default_root_object")),
  },
  {
    id: "CKV_AWS_310",
    check: "origin failover (an origin group with failover criteria and two members or more)",
    subject: "aws_cloudfront_distribution",
    status: "not applicable by design",
    reason: "One origin by design: the workspace's Intercom host; there is no second copy of Intercom to fail over to.",
    violations: eachDistribution((distribution) =>
      blocks(distribution.origin_group).some((group) => blocks(group.failover_criteria).length > 0 && blocks(group.member).length >= 2)
        ? undefined
        : "has no origin group with failover criteria and two members",
    ),
  },
  {
    id: "CKV_AWS_216",
    check: "the distribution is enabled",
    subject: "aws_cloudfront_distribution",
    status: "applies",
    reason: "`enabled = true`.",
    violations: eachDistribution((distribution) => (isTrue(distribution.enabled) ? undefined : "is not enabled")),
  },
  {
    id: "CKV2_AWS_32",
    check: "a response headers policy is attached",
    subject: "aws_cloudfront_distribution",
    status: "not applicable by design",
    reason:
      "Intercom's answers decide the headers: caching is disabled and every response passes through as Intercom sends it, so the stack adds none of its own. `email-assets verify` reports the HSTS Intercom sends.",
    violations: eachDistribution((distribution, address, stack) =>
      connected(stack, address, distribution, ["aws_cloudfront_response_headers_policy", "data.aws_cloudfront_response_headers_policy"]).length > 0
        ? undefined
        : "has no response headers policy",
    ),
  },
  {
    id: "CKV_AWS_259",
    check: "HSTS in the response headers policy (max-age ≥ 1 year, includeSubDomains, preload, override)",
    subject: "aws_cloudfront_response_headers_policy",
    status: "not applicable by design",
    reason:
      "There is no response headers policy (see CKV2_AWS_32); and the rule asks for `preload`, which only the registrable domain (`example.com`, not `emails.example.com`) can use, and this stack does not own it.",
    // checkov judges each policy; held here to every distribution's attached policy, so that no distribution goes without.
    violations: eachDistribution((distribution, address, stack) => {
      const policies = connected(stack, address, distribution, ["aws_cloudfront_response_headers_policy"]);
      if (policies.length === 0) return "has no response headers policy to carry HSTS";
      const compliant = policies.every(([, policy]) =>
        blocks(policy.security_headers_config).some((headers) =>
          blocks(headers.strict_transport_security).some(
            (hsts) => Number(hsts.access_control_max_age_sec) >= HSTS_MIN_AGE && isTrue(hsts.include_subdomains) && isTrue(hsts.preload) && isTrue(hsts.override),
          ),
        ),
      );
      return compliant ? undefined : "its response headers policy lacks HSTS with max-age ≥ 31536000, include_subdomains, preload and override";
    }),
  },
  {
    id: "CKV2_AWS_42",
    check: "a custom certificate (`acm_certificate_arn` or `iam_certificate_id`)",
    subject: "aws_cloudfront_distribution",
    status: "applies",
    reason: "An ACM certificate for the custom domain: created and validated in us-east-1, or `certificateArn`.",
    violations: eachDistribution((distribution) => {
      const certificate = viewerCertificate(distribution);
      return isSet(certificate.acm_certificate_arn) || isSet(certificate.iam_certificate_id) ? undefined : "has no custom certificate";
    }),
  },
  {
    id: "CKV2_AWS_54",
    check: "no origin allows SSLv3",
    subject: "aws_cloudfront_distribution",
    status: "applies",
    reason: "Origin TLS is `TLSv1.2` only.",
    violations: eachDistribution((distribution) =>
      blocks(distribution.origin).some((origin) => blocks(origin.custom_origin_config).some((config) => listOf(config.origin_ssl_protocols).includes("SSLv3")))
        ? "an origin allows SSLv3"
        : undefined,
    ),
  },
  {
    id: "CKV2_AWS_72",
    check: "custom origins are `https-only`",
    subject: "aws_cloudfront_distribution",
    status: "applies",
    reason: "The Intercom origin is `https-only`, on port 443.",
    violations: eachDistribution((distribution) => {
      const plain = blocks(distribution.origin).filter(
        (origin) =>
          !HTTP_ORIGIN_EXEMPTIONS.some((exempt) => String(origin.domain_name).includes(exempt)) &&
          blocks(origin.custom_origin_config).some((config) => config.origin_protocol_policy !== "https-only"),
      );
      return plain.length === 0 ? undefined : `origin ${plain.map((origin) => String(origin.domain_name)).join(", ")} is not https-only`;
    }),
  },
  {
    id: "CKV2_AWS_46 / CKV2_AWS_TEST",
    check: "S3 origins use an origin access identity or control",
    subject: "aws_cloudfront_distribution",
    status: "not applicable by design",
    reason:
      "Origin access protects S3 buckets; the only origin is Intercom's host, a custom origin reached over HTTPS (checkov itself passes a distribution with no S3 bucket attached).",
    // Asks every origin for origin access, which only an S3 origin can have: today's output fails it, as a custom origin must.
    violations: eachDistribution((distribution) =>
      blocks(distribution.origin).every((origin) => blocks(origin.s3_origin_config).length > 0 || isNonEmpty(origin.origin_access_control_id))
        ? undefined
        : "an origin has neither s3_origin_config nor origin_access_control_id",
    ),
  },
  {
    id: "CKV_AWS_233",
    check: "`aws_acm_certificate` has `create_before_destroy`",
    subject: "aws_acm_certificate",
    status: "applies",
    reason: "A created certificate is replaced before it is destroyed, so the distribution never points at a deleted one; with `certificateArn` the stack holds no certificate.",
    violations: (stack) =>
      resourcesOf(stack, "aws_acm_certificate").flatMap(([address, certificate]) =>
        blocks(certificate.lifecycle).some((lifecycle) => isTrue(lifecycle.create_before_destroy)) ? [] : [`${address}: has no lifecycle.create_before_destroy = true`],
      ),
  },
];

/** One rule of the table by id; throws for an unknown id, so a typo cannot pass as a missing rule. */
export function policyCheck(id: string): PolicyCheck {
  const found = POLICY_CHECKS.find((rule) => rule.id === id);
  if (found === undefined) throw new Error(`no policy check ${id}; known: ${POLICY_CHECKS.map((rule) => rule.id).join(", ")}`);
  return found;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");

/** The table as Markdown, for the README: ID | check | status | reason. */
export function policyChecksMarkdown(): string {
  const rows = POLICY_CHECKS.map((rule) => {
    const ids = rule.id.split(" / ").map((id) => `\`${id}\``).join(" / ");
    return `| ${ids} | ${cell(rule.check)} | ${rule.status} | ${cell(rule.reason)} |`;
  });
  return ["| ID | check | status | reason |", "|---|---|---|---|", ...rows].join("\n");
}
