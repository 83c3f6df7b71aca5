import { lookup } from "node:dns/promises";
import { describe, expect, it } from "vitest";
import { verifySettings } from "../../src/cli/verify-command";

describe("verify's --resolver, looked up and written back", () => {
  it.each([
    ["::1", "[::1]:53"],
    ["[::1]:5300", "[::1]:5300"],
    ["[2606:4700:4700::1111]", "[2606:4700:4700::1111]:53"],
  ])("takes %j as %s", async (resolver, written) => {
    expect(await verifySettings({ resolver })).toEqual({ settings: { timeoutMs: 5000, expiryDays: 14, resolver: written } });
  });

  it("looks a resolver's name up through the system resolver and keeps its port", async () => {
    const { address, family } = await lookup("localhost");
    expect(await verifySettings({ resolver: "localhost:5353" })).toEqual({
      settings: { timeoutMs: 5000, expiryDays: 14, resolver: family === 6 ? `[${address}]:5353` : `${address}:5353` },
    });
  });

  it("fails when the resolver's name cannot be looked up, asking for its address", async () => {
    expect(await verifySettings({ resolver: "no-such-resolver.invalid:53" })).toEqual({
      problem: '--resolver: cannot look up no-such-resolver.invalid through the system resolver; give its IP address instead; received "no-such-resolver.invalid:53"',
    });
  });
});
