import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { liveStateWarnings, stackAddresses, stateAddresses } from "../../src/stacks/live-state";
import { useTempDirs, writeFile } from "../support/project";

// What synth says before it drops what serves a live domain, read from local state files in a
// scratch project folder: the addresses a state holds, and the warnings for a kept stack that
// lost resources and for a stack gone from the config.

const projectDir = useTempDirs();

/** A state file's JSON holding `resources`. */
const state = (...resources: Record<string, unknown>[]) => JSON.stringify({ version: 4, resources });
const managed = (type: string, name: string, extra: Record<string, unknown> = {}) => ({ mode: "managed", type, name, instances: [], ...extra });
/** How the warnings show a path: relative to where synth runs. */
const shown = (path: string) => relative(process.cwd(), path);

describe("stateAddresses", () => {
  it("lists the managed resources of a state, those in a module with the module's address", () => {
    const path = writeFile(
      projectDir(),
      "terraform.s.tfstate",
      state(
        managed("cloudflare_dns_record", "cname"),
        managed("aws_route53_record", "alias", { module: "module.emails" }),
        { mode: "data", type: "aws_caller_identity", name: "me" },
        { mode: "managed", type: "cloudflare_ruleset" },
        { mode: "managed", name: "nameless_type" },
      ),
    );
    expect(stateAddresses(path)).toEqual(["cloudflare_dns_record.cname", "module.emails.aws_route53_record.alias"]);
  });

  it.each([
    ["a state without resources (never applied)", JSON.stringify({ version: 4 }), []],
    ["a state whose resources were all destroyed", state(), []],
    ["a file that is not JSON", "{ half written", undefined],
    ["JSON that is not an object", "null", undefined],
  ])("reads %s", (_name, content, addresses) => {
    expect(stateAddresses(writeFile(projectDir(), "terraform.s.tfstate", content))).toEqual(addresses);
  });

  it("holds nothing when there is no state file", () => {
    expect(stateAddresses(join(projectDir(), "terraform.none.tfstate"))).toEqual([]);
  });
});

describe("stackAddresses", () => {
  it("lists type.name of every resource of a stack's JSON, and nothing without resources", () => {
    expect(stackAddresses({ resource: { cloudflare_dns_record: { cname: {}, other: {} }, cloudflare_page_rule: { always_https: {} } } })).toEqual([
      "cloudflare_dns_record.cname",
      "cloudflare_dns_record.other",
      "cloudflare_page_rule.always_https",
    ]);
    expect(stackAddresses({ output: { o: {} } })).toEqual([]);
  });
});

describe("liveStateWarnings", () => {
  it("says nothing when every kept stack's state holds only what its JSON still has, and no other state is around", () => {
    const dir = projectDir();
    writeFile(dir, "terraform.emails-example-com.tfstate", state(managed("cloudflare_dns_record", "cname")));
    writeFile(dir, "unrelated.tfstate", state(managed("aws_s3_bucket", "b")));
    const stacks = new Map([["emails-example-com", ["cloudflare_dns_record.cname", "cloudflare_page_rule.always_https"]]]);
    expect(liveStateWarnings({ outdir: "cdktf.out", projectDir: dir, stacks, backend: "local" })).toEqual([]);
  });

  it("lists the first six resources a kept stack's state still holds, counts the rest, and gives both ways out with all of them", () => {
    const dir = projectDir();
    const gone = Array.from({ length: 8 }, (_, i) => `cloudflare_dns_record.r${i}`);
    const path = writeFile(dir, "terraform.fleet.tfstate", state(managed("cloudflare_page_rule", "kept"), ...gone.map((address) => managed("cloudflare_dns_record", address.split(".")[1] ?? ""))));
    const [warning, ...others] = liveStateWarnings({ outdir: "out//", projectDir: dir, stacks: new Map([["fleet", ["cloudflare_page_rule.kept"]]]), backend: "local" });
    expect(others).toEqual([]);
    expect(warning).toBe(
      `stack fleet: its state ${shown(path)} holds 8 resource(s) that the config no longer has ` +
        "(cloudflare_dns_record.r0, cloudflare_dns_record.r1, cloudflare_dns_record.r2, cloudflare_dns_record.r3, cloudflare_dns_record.r4, cloudflare_dns_record.r5 and 2 more); " +
        "the next apply destroys them, and every email already sent with their domain's links breaks. To destroy them on purpose: terraform -chdir=out/stacks/fleet apply. " +
        `To keep them running, unmanaged: terraform -chdir=out/stacks/fleet state rm ${gone.join(" ")}`,
    );
  });

  it("lists six resources in full, without a count", () => {
    const dir = projectDir();
    const gone = Array.from({ length: 6 }, (_, i) => managed("aws_route53_record", `r${i}`));
    writeFile(dir, "terraform.fleet.tfstate", state(...gone));
    const [warning] = liveStateWarnings({ outdir: "cdktf.out", projectDir: dir, stacks: new Map([["fleet", []]]), backend: "local" });
    expect(warning).toContain("(aws_route53_record.r0, aws_route53_record.r1, aws_route53_record.r2, aws_route53_record.r3, aws_route53_record.r4, aws_route53_record.r5); ");
  });

  it("says it cannot read a kept stack's state instead of guessing, and goes on with the others", () => {
    const dir = projectDir();
    const path = writeFile(dir, "terraform.emails-example-com.tfstate", "not json");
    writeFile(dir, "terraform.news-example-com.tfstate", state(managed("cloudflare_dns_record", "old")));
    const warnings = liveStateWarnings({ outdir: "cdktf.out", projectDir: dir, stacks: new Map([["emails-example-com", []], ["news-example-com", []]]), backend: "local" });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(`${shown(path)} is not a Terraform state synth can read, so it cannot tell whether it still holds what serves a domain; check it with terraform show`);
    expect(warnings[1]).toMatch(/^stack news-example-com: its state .* holds 1 resource\(s\) that the config no longer has \(cloudflare_dns_record\.old\)/);
  });

  it("warns about a stack gone from the config while its state holds resources, and tells how to destroy or forget them", () => {
    const dir = projectDir();
    const path = writeFile(dir, "terraform.old-example-com.tfstate", state(managed("cloudflare_dns_record", "cname"), managed("cloudflare_page_rule", "always_https")));
    expect(liveStateWarnings({ outdir: "cdktf.out/", projectDir: dir, stacks: new Map(), backend: "local" })).toEqual([
      `stack old-example-com is no longer in the config, but its state ${shown(path)} still holds 2 resource(s) (cloudflare_dns_record.cname, cloudflare_page_rule.always_https), ` +
        "which keep serving the domain, now unmanaged. To destroy them: put the domain back with retire: true, run synth, then " +
        `terraform -chdir=cdktf.out/stacks/old-example-com destroy. To forget them (they keep running): mv ${shown(path)} ${shown(path)}.forgotten`,
    ]);
  });

  it("says nothing of a gone stack whose state is empty (destroyed), nor of a folder named like a state file", () => {
    const dir = projectDir();
    writeFile(dir, "terraform.destroyed-example-com.tfstate", state());
    writeFile(dir, "terraform.never-applied.tfstate", JSON.stringify({ version: 4 }));
    mkdirSync(join(dir, "terraform.folder.tfstate"));
    expect(liveStateWarnings({ outdir: "cdktf.out", projectDir: dir, stacks: new Map(), backend: "local" })).toEqual([]);
  });

  it("says it cannot read a gone stack's state", () => {
    const dir = projectDir();
    const path = writeFile(dir, "terraform.old-example-com.tfstate", "");
    expect(liveStateWarnings({ outdir: "cdktf.out", projectDir: dir, stacks: new Map(), backend: "local" })).toEqual([
      `${shown(path)} is not a Terraform state synth can read, so it cannot tell whether it still holds what serves a domain; check it with terraform show`,
    ]);
  });
});
