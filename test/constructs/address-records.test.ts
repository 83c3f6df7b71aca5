import { describe, expect, it } from "vitest";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { AddressRecords } from "../../src/constructs/address-records";
import { ZONE_A } from "../support/fixtures";
import { propsError } from "../support/props-error";
import { synthValidated, useScratchStacks } from "../support/synth";
import { thrownMessage } from "../support/thrown-message";

// AddressRecords' less common props: a TTL of its own, and a Cloudflare provider passed in (an
// aliased one, with no default in the stack).

const newStack = useScratchStacks();

describe("AddressRecords", () => {
  const route53 = { kind: "route53", zoneId: "Z0123ABC" } as const;

  it.each([
    [1.5, "ttl: must be a whole number of seconds from 1; received 1.5"],
    [0, "ttl: must be a whole number of seconds from 1; received 0"],
    [-60, "ttl: must be a whole number of seconds from 1; received -60"],
  ])("fails when the TTL is %s", (ttl, line) => {
    const error = propsError(() => new AddressRecords(newStack(), "a", { name: "links.example.net", ipv4: "203.0.113.10", target: route53, ttl }));
    expect(error.message).toBe(`AddressRecords: invalid props:\n  ${line}`);
  });

  it("gives Route 53 records the TTL it is given, or 300 seconds", () => {
    const stack = newStack();
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    new AddressRecords(stack, "own", { name: "links.example.net", ipv4: "203.0.113.10", target: route53, ttl: 60 });
    new AddressRecords(stack, "default", { name: "news.example.net", ipv6: "2001:db8::10", target: route53 });
    const json = synthValidated(stack);
    const records = Object.values(json.resource?.aws_route53_record ?? {}).map(({ name, type, ttl, records }) => ({ name, type, ttl, records }));
    expect(records).toHaveLength(2);
    expect(records).toEqual(expect.arrayContaining([
      { name: "links.example.net", type: "A", ttl: 60, records: ["203.0.113.10"] },
      { name: "news.example.net", type: "AAAA", ttl: 300, records: ["2001:db8::10"] },
    ]));
  });

  it("fails synth when Cloudflare records have neither a provider given nor a default one", () => {
    const stack = newStack();
    new AddressRecords(stack, "a", { name: "links.example.net", ipv4: "203.0.113.10", target: { kind: "cloudflare", zoneId: ZONE_A } });
    expect(thrownMessage(() => synthValidated(stack))).toContain(
      `the Cloudflare records use the stack's default cloudflare provider, but the stack has none (a provider without alias); add new CloudflareProvider(stack, "cloudflare", {}), or pass cloudflareProvider`,
    );
  });

  it("uses the Cloudflare provider it is given, with no default one in the stack", () => {
    const stack = newStack();
    const other = new CloudflareProvider(stack, "other", { alias: "other" });
    new AddressRecords(stack, "a", { name: "links.example.net", ipv4: "203.0.113.10", ipv6: "2001:db8::10", target: { kind: "cloudflare", zoneId: ZONE_A }, cloudflareProvider: other });
    const json = synthValidated(stack);
    const records = Object.values(json.resource?.cloudflare_dns_record ?? {});
    expect(records.map((record) => [record.type, record.provider, record.proxied, record.ttl])).toEqual([
      ["A", "cloudflare.other", false, 1],
      ["AAAA", "cloudflare.other", false, 1],
    ]);
  });
});
