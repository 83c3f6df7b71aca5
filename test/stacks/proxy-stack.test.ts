import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { asEdge, plansOf } from "../support/plans";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { renderProxyConfig } from "../../src/proxy/render-proxy-config";
import { STACK_ADDRESSES, ZONE_B } from "../support/fixtures";
import { APP_JS, runNode, useTempDirs, writeFile } from "../support/project";
import { resource, resourceAddresses, synthConfig, type StackJson } from "../support/synth";

const proxyDomain = (domain: string, proxy: Record<string, unknown>) => ({
  domain,
  workspace: "acme",
  region: "au",
  edge: "proxy",
  proxy: { server: "nginx", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10", ...proxy },
});
const CONFIG = {
  domains: [
    proxyDomain("r53.example.com", { dns: "route53", route53ZoneId: "Z0123ABC", ipv6: "2001:db8::10" }),
    proxyDomain("cf.example.com", { server: "apache", dns: "cloudflare", cloudflareZoneId: ZONE_B }),
    proxyDomain("ext.example.com", { ipv4: undefined, ipv6: "2001:db8::11" }),
  ],
};
const workdir = useTempDirs();

describe("proxy stacks", () => {
  let stacks: Record<string, StackJson> = {};
  beforeAll(() => {
    stacks = synthConfig(CONFIG);
  });

  it("route53: A and AAAA records to the proxy, through the default AWS provider", () => {
    const stack = stacks["r53-example-com"];
    expect(resourceAddresses(stack)).toEqual(STACK_ADDRESSES.proxyRoute53);
    expect(resource(stack, "aws_route53_record", "address_a")).toEqual({
      zone_id: "Z0123ABC",
      name: "r53.example.com",
      type: "A",
      records: ["203.0.113.10"],
      ttl: 300,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(stack, "aws_route53_record", "address_aaaa")).toMatchObject({ type: "AAAA", records: ["2001:db8::10"] });
    expect(stack.provider?.aws).toEqual([{ region: "us-east-1" }]);
    expect(stack.provider?.cloudflare).toBeUndefined();
  });

  it("cloudflare: a DNS-only A record (the proxy holds the domain's certificate)", () => {
    const stack = stacks["cf-example-com"];
    expect(resourceAddresses(stack)).toEqual(STACK_ADDRESSES.proxyCloudflareIpv4);
    expect(resource(stack, "cloudflare_dns_record", "address_a")).toMatchObject({ zone_id: ZONE_B, name: "cf.example.com", type: "A", content: "203.0.113.10", proxied: false, ttl: 1 });
    expect(stack.provider?.aws).toBeUndefined();
  });

  it("external: no resources, no providers; the record to create is an output", () => {
    const stack = stacks["ext-example-com"];
    expect(resourceAddresses(stack)).toEqual([]);
    expect(stack.provider).toBeUndefined();
    expect(stack.output?.dns_record_type?.value).toBe("AAAA");
    expect(stack.output?.dns_record_value?.value).toBe("2001:db8::11");
  });

  it("outputs the DESIGN outputs plus the proxy's server, config file and a second address", () => {
    const outputs = Object.fromEntries(Object.entries(stacks["r53-example-com"].output ?? {}).map(([k, v]) => [k, v.value]));
    expect(outputs).toMatchObject({
      custom_domain: "r53.example.com",
      intercom_host: "acme.au.intercom-mail.com",
      dns_record_name: "r53.example.com",
      dns_record_type: "A",
      dns_record_value: "203.0.113.10",
      dns_record_aaaa_value: "2001:db8::10",
      link_branding_domain: "r53.example.com",
      proxy_server: "nginx",
      proxy_config_file: "r53.example.com.nginx.conf",
    });
  });
});

describe("npm run synth with proxy domains", () => {
  it("writes each rendered config next to its stack's Terraform JSON, identical to the renderer's", () => {
    const cwd = workdir();
    writeFile(cwd, "email-assets.yaml", stringify(CONFIG));
    const run = runNode(APP_JS, [], cwd);
    expect(run.status, run.stderr).toBe(0);
    const plans = plansOf(CONFIG);
    for (const plan of plans) {
      const folder = join(cwd, "cdktf.out", "stacks", plan.stackId);
      const expected = renderProxyConfig(asEdge(plan, "proxy").proxy);
      expect(readdirSync(folder).sort()).toEqual(["cdk.tf.json", expected.fileName].sort());
      expect(readFileSync(join(folder, expected.fileName), "utf8")).toBe(expected.content);
    }
    expect(readFileSync(join(cwd, "cdktf.out/stacks/cf-example-com/cf.example.com.apache.conf"), "utf8")).toContain("ProxyPass / https://acme.au.intercom-mail.com/");
  });
});
