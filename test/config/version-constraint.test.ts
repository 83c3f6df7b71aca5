import { describe, expect, it } from "vitest";
import { admittedVersions, outsideRange } from "../../src/config/fields/version-constraint";
import { checkedRange } from "../../src/facts/provider-versions";

const AWS = ["5.100.0", "7.0.0"] as const;
const CLOUDFLARE = ["5.14.0", "5.15.0"] as const;

describe("Terraform version constraints held to a checked range", () => {
  it.each([
    ["5.100.0", AWS],
    ["= 5.100.0", AWS],
    ["~> 6.0", AWS],
    ["~>6.12", AWS],
    ["~> 6", AWS],
    ["~> 6.20.1", AWS],
    [">= 5.100.0, < 7.0.0", AWS],
    [">= 5.100, < 7", AWS],
    [">= 6.0.0, <= 6.99.99", AWS],
    ["> 5.99, < 7.0.0, != 6.3.0", AWS],
    ["= 6.66", AWS],
    ["6.66.0", AWS],
    // Its only escape below the range is taken out again by !=.
    [">= 5.0.0, != 5, < 7.0.0", AWS],
    ["~> 5.14.0", CLOUDFLARE],
    ["5.14.2", CLOUDFLARE],
    [checkedRange("aws"), AWS],
    [checkedRange("cloudflare"), CLOUDFLARE],
  ] as const)("accepts %j inside %j", (constraint, [from, below]) => {
    expect(outsideRange(constraint, from, below)).toBeUndefined();
  });

  it.each([
    ["~> 4.0", AWS, "admits 4.0.0 up to (not including) 5.0.0"],
    [">= 5.0", AWS, "admits 5.0.0 up to (not including) 5.100.0 and 7.0.0 and later"],
    [">= 5.100.0", AWS, "admits 7.0.0 and later"],
    ["> 6.1", AWS, "admits 7.0.0 and later"],
    ["~> 5.0", AWS, "admits 5.0.0 up to (not including) 5.100.0"],
    ["< 6.0.0", AWS, "admits 0.0.0 up to (not including) 5.100.0"],
    [">= 6.0, <= 7", AWS, "admits 7.0.0 up to (not including) 8.0.0"],
    ["~> 7.0", AWS, "admits 7.0.0 up to (not including) 8.0.0"],
    ["~> 5.14", CLOUDFLARE, "admits 5.15.0 up to (not including) 6.0.0"],
    ["5.15.0", CLOUDFLARE, "admits 5.15.0 up to (not including) 5.15.1"],
    ["~> 5.14.0, != 5.14.1", ["5.14.0", "5.14.1"], "admits 5.14.2 up to (not including) 5.15.0"],
    [">= 6.0.0, < 5.0.0", AWS, "admits no version at all"],
    ["!= 6.1.0", AWS, "admits 0.0.0 up to (not including) 5.100.0 and 7.0.0 and later"],
  ] as const)("fails when %j admits versions outside %j", (constraint, [from, below], problem) => {
    expect(outsideRange(constraint, from, below)).toBe(problem);
  });

  it.each([
    ["", "is not a version constraint"],
    ["latest", "is not a version constraint"],
    ["6.x", "is not a version constraint"],
    ["=> 6.0", "is not a version constraint"],
    ["~> 6.0,", "is not a version constraint"],
    ["v6.0.0", "is not a version constraint"],
    ["6.0.0.1", "is not a version constraint"],
    ["= 6.0.0-beta1", "names a pre-release"],
  ])("fails when %j is not a constraint Terraform reads", (constraint, problem) => {
    expect(outsideRange(constraint, ...AWS)).toContain(problem);
  });

  it("reads unwritten parts as wildcards, as Terraform does", () => {
    expect(admittedVersions("= 6.1")).toEqual({ within: { low: [6, 1, 0], high: [6, 2, 0] }, holes: [] });
    expect(admittedVersions("> 6.1")).toEqual({ within: { low: [6, 2, 0], high: [Infinity, 0, 0] }, holes: [] });
    expect(admittedVersions("<= 6")).toEqual({ within: { low: [0, 0, 0], high: [7, 0, 0] }, holes: [] });
    expect(admittedVersions("~> 6.1.2, != 6.1.4")).toEqual({ within: { low: [6, 1, 2], high: [6, 2, 0] }, holes: [{ low: [6, 1, 4], high: [6, 1, 5] }] });
  });
});
