// Baseline: a bare cdktf program that builds the same resources and outputs as the app for the same
// Cloudflare (page-rules) domains, hard-wired: no config parsing or validation, no plan, no props
// checks, the same deep provider imports. The bench compares its Terraform JSON with the app's
// (everything but cdktf's "//" metadata), so the two stay the same work.
const { readFileSync } = require("node:fs");
const { App, TerraformStack, TerraformOutput, LocalBackend } = require("cdktf");
const { CloudflareProvider } = require("@cdktf/provider-cloudflare/lib/provider");
const { DnsRecord } = require("@cdktf/provider-cloudflare/lib/dns-record");
const { PageRule } = require("@cdktf/provider-cloudflare/lib/page-rule");

const APP_HOST = { us: "app.intercom.com", eu: "app.eu.intercom.com", au: "app.au.intercom.com" };
/** The app holding every domain's stack, not yet synthesized. */
function build(domains, outdir) {
  const app = new App({ outdir });
  domains.forEach((d, i) => addDomain(app, d, i));
  return app;
}

function addDomain(app, d, i) {
  const id = d.domain.replace(/\./g, "-");
  const stack = new TerraformStack(app, id);
  new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
  new CloudflareProvider(stack, "cloudflare", {});
  new DnsRecord(stack, "cname", {
    zoneId: d.zoneId,
    name: d.domain,
    type: "CNAME",
    content: d.host,
    proxied: true,
    ttl: 1,
    comment: "Intercom email assets (managed by email-assets-domain)",
    lifecycle: { preventDestroy: true },
  });
  new PageRule(stack, "always_https", {
    zoneId: d.zoneId,
    target: `http://${d.domain}/*`,
    priority: 2 * i + 1,
    status: "active",
    actions: { alwaysUseHttps: true },
    lifecycle: { preventDestroy: true },
  });
  new PageRule(stack, "host_header", {
    zoneId: d.zoneId,
    target: `https://${d.domain}/*`,
    priority: 2 * i + 2,
    status: "active",
    actions: { hostHeaderOverride: d.host, rocketLoader: "off", ssl: "full" },
    lifecycle: { preventDestroy: true },
  });
  const outputs = {
    custom_domain: [d.domain, "The custom domain for email assets."],
    intercom_host: [d.host, "The regional Intercom host that serves the workspace's email assets."],
    dns_record_name: [d.domain, "Name of the DNS record the custom domain must hold."],
    dns_record_type: ["CNAME", "Type of that DNS record (for CloudFront on Route 53, A means alias A and AAAA records)."],
    dns_record_value: [d.host, "Value of that DNS record."],
    link_branding_domain: [d.domain, "The domain to enter on Intercom's Link branding page."],
    next_step: [
      `Enter ${d.domain} as the custom domain for email assets on Intercom's Link branding settings page (in the workspace's settings at https://${APP_HOST[d.region]}) once its DNS and TLS are live.`,
      "The last, manual step.",
    ],
  };
  for (const [name, [value, description]] of Object.entries(outputs)) {
    new TerraformOutput(stack, name, { value, description });
  }
}

module.exports = { build };

// Run as a program (the bench's timed runs); bench/synth-phases.cjs requires it and times the parts.
if (require.main === module) build(JSON.parse(readFileSync(process.env.BENCH_DOMAINS, "utf8")), process.env.CDKTF_OUTDIR).synth();
