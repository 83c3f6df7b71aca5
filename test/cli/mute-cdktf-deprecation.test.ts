import { afterEach, describe, expect, it } from "vitest";
import { muteCdktfDeprecation } from "../../src/cli/mute-cdktf-deprecation";

// On Node 22 and later, the named-stack synth from the installed CLI shows no warning
// (test/api/installed-package.test.ts, run there by npm run test:nodes); here, which warnings pass.
const original = Object.getOwnPropertyDescriptor(process, "emitWarning")!;
afterEach(() => {
  Object.defineProperty(process, "emitWarning", original);
});

describe("muteCdktfDeprecation", () => {
  it("drops Node's util.isArray deprecation (DEP0044), in both of emitWarning's forms, and passes every other warning on", () => {
    const seen: unknown[][] = [];
    process.emitWarning = (...args: unknown[]) => void seen.push(args);
    muteCdktfDeprecation();
    process.emitWarning("util.isArray is deprecated", "DeprecationWarning", "DEP0044");
    process.emitWarning("util.isArray is deprecated", { type: "DeprecationWarning", code: "DEP0044" });
    process.emitWarning("Buffer() is deprecated", "DeprecationWarning", "DEP0005");
    process.emitWarning("something else", { type: "ExperimentalWarning", code: "X1", detail: "d" });
    process.emitWarning(new Error("a warning as an error"));
    expect(seen).toEqual([
      ["Buffer() is deprecated", "DeprecationWarning", "DEP0005"],
      ["something else", { type: "ExperimentalWarning", code: "X1", detail: "d" }],
      [new Error("a warning as an error")],
    ]);
  });
});
