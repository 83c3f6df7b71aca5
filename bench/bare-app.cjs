// Baseline: a bare cdktf program that builds the same resources as the app for the same domains
// (hard-wired, no config parsing or validation), with the same deep provider imports.
const { readFileSync } = require("node:fs");
const { App, TerraformStack, TerraformOutput, LocalBackend } = require("cdktf");
const { CloudflareProvider } = require("@cdktf/provider-cloudflare/lib/provider");
const { DnsRecord } = require("@cdktf/provider-cloudflare/lib/dns-record");
const { PageRule } = require("@cdktf/provider-cloudflare/lib/page-rule");

const domains = JSON.parse(readFileSync(process.env.BENCH_DOMAINS, "utf8"));
const app = new App({ outdir: process.env.CDKTF_OUTDIR });
domains.forEach((d, i) => {
  const id = d.domain.replace(/\./g, "-");
  const stack = new TerraformStack(app, id);
  new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
  new CloudflareProvider(stack, "cloudflare", {});
  new DnsRecord(stack, "cname", { zoneId: d.zoneId, name: d.domain, type: "CNAME", content: d.host, proxied: true, ttl: 1 });
  new PageRule(stack, "always_https", { zoneId: d.zoneId, target: `http://${d.domain}/*`, priority: 2 * i + 1, status: "active", actions: { alwaysUseHttps: true } });
  new PageRule(stack, "host_header", { zoneId: d.zoneId, target: `https://${d.domain}/*`, priority: 2 * i + 2, status: "active", actions: { hostHeaderOverride: d.host, ssl: "full", rocketLoader: "off" } });
  for (const name of ["custom_domain", "intercom_host", "dns_record_name", "dns_record_type", "dns_record_value", "link_branding_domain", "next_step"]) {
    new TerraformOutput(stack, name, { value: d.domain });
  }
});
app.synth();
