import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { APP_JS, cleanEnv, runNode, tempDir, writeFile } from "../support/project";
import { existsSync } from "node:fs";
import { MAX_DOMAIN_LENGTH } from "../../src/config/fields/domain-name";
import { initPlan, stackDir, terraform, writeCliConfig } from "../support/terraform";
import { STACK_ADDRESSES } from "../support/fixtures";
import { longestDomain, longestDomainConfig, PROXY_ROUTE53_CONFIG } from "../support/terraform-test-configs";

// The proxy edge's Route 53 records through real `terraform init` and `plan`, offline, against
// the AWS provider mirror (as for CloudFront). The configs come from support/terraform-test-configs,
// which the CDK Terrain run compares byte for byte.

const { dir, cleanup } = tempDir("email-assets-proxy-tf-");
afterAll(() => cleanup());

describe("terraform plan of a proxy stack with Route 53 DNS", () => {
  it("plans the A and AAAA records that point the custom domain at the proxy", () => {
    writeFile(dir, "email-assets.yaml", stringify(PROXY_ROUTE53_CONFIG));
    const run = runNode(APP_JS, [], dir, cleanEnv({ EMAIL_ASSETS_AWS_SKIP_CHECKS: "1" }));
    expect(run.status, run.stderr).toBe(0);
    const { resources, outputs } = initPlan(stackDir(join(dir, "cdktf.out"), "links-example-com"), writeCliConfig(dir));
    expect(Object.keys(resources).sort()).toEqual(STACK_ADDRESSES.proxyRoute53);
    expect(resources["aws_route53_record.address_a"]).toMatchObject({
      actions: ["create"],
      after: { zone_id: "Z0123456789ABCDEFGHIJ", name: "links.example.com", type: "A", records: ["203.0.113.10"], ttl: 300 },
    });
    expect(resources["aws_route53_record.address_aaaa"]?.after).toMatchObject({ type: "AAAA", records: ["2001:db8::10"] });
    expect(outputs.dns_record_value?.after).toBe("203.0.113.10");
    expect(outputs.dns_record_aaaa_value?.after).toBe("2001:db8::10");
    expect(outputs.proxy_config_file?.after).toBe("links.example.com.nginx.conf");
  });

  it("applies a stack of the longest domain the spec accepts: its state and lock files fit the file system", () => {
    const project = join(dir, "longest");
    const domain = longestDomain();
    expect(domain).toHaveLength(MAX_DOMAIN_LENGTH);
    writeFile(project, "email-assets.yaml", stringify(longestDomainConfig()));
    const run = runNode(APP_JS, [], project, cleanEnv());
    expect(run.status, run.stderr).toBe(0);
    const id = domain.replace(/\./g, "-");
    const folder = stackDir(join(project, "cdktf.out"), id);
    const cliConfig = writeCliConfig(project);
    for (const args of [["init", "-input=false"], ["apply", "-input=false", "-auto-approve"]]) {
      const result = terraform(args, folder, cliConfig);
      expect(result.status, result.output).toBe(0);
    }
    expect(existsSync(join(project, `terraform.${id}.tfstate`))).toBe(true);
  });
});
