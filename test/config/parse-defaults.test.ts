import { describe, expect, it } from "vitest";
import { cloudflareDomain } from "../support/fixtures";
import { problemLines } from "../support/problem-lines";

describe("defaults", () => {
  it("refuses retire as a default, and still checks the other defaults", () => {
    expect(problemLines({ defaults: { retire: true, region: "mars" }, domains: [cloudflareDomain()] })).toEqual([
      "defaults.retire: cannot have a default: retiring lifts the protection of a live domain, so it is set on each domain to retire, never for all; remove it; received true",
      'defaults.region: must be one of us, eu, au; received "mars"',
    ]);
  });
});
