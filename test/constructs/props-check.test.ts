import { describe, expect, it } from "vitest";
import { TerraformVariable } from "cdktf";
import { normalizeCloudflareId } from "../../src/config/fields/domain-name";
import { PropsCheck } from "../../src/constructs/props-check";
import { propsError } from "../support/props-error";
import { useScratchStacks } from "../support/synth";

// The prop check on values that are Terraform tokens, or not strings at all.

const newStack = useScratchStacks();

describe("PropsCheck", () => {
  it("leaves lists and objects holding a Terraform token to Terraform, and judges literal ones", () => {
    const stack = newStack();
    const list = new TerraformVariable(stack, "list", { type: "list(string)" }).listValue;
    const text = new TerraformVariable(stack, "text", { type: "string" }).stringValue;
    expect(() => new PropsCheck("C").expect(false, "a", "is wrong", list).expect(false, "b", "is wrong", ["x", text]).expect(false, "c", "is wrong", { deep: [text] }).done()).not.toThrow();
    const error = propsError(() => new PropsCheck("C").expect(false, "d", "is wrong", ["x", "y"]).expect(false, "e", "is wrong", { deep: ["x"] }).done());
    expect(error.message).toBe('C: invalid props:\n  d: is wrong; received ["x","y"]\n  e: is wrong; received {"deep":["x"]}');
  });

  it("fails a prop that should be a string but is not, instead of normalizing it", () => {
    const error = propsError(() => new PropsCheck("C").normalized("zoneId", 42 as unknown as string, (value) => normalizeCloudflareId(value, "zone")).done());
    expect(error.problems).toEqual([{ path: "zoneId", message: "must be a string", received: 42 }]);
  });

  it("judges nothing for a prop that is not given", () => {
    expect(() => new PropsCheck("C").normalized("zoneId", undefined, (value) => normalizeCloudflareId(value, "zone")).done()).not.toThrow();
  });
});
