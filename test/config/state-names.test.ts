import { describe, expect, it } from "vitest";
import { stateLocation } from "../../src/config/names/state-names";
import { validateConfig } from "../../src/config/rules/validate-config";
import { cloudflareDomain } from "../support/fixtures";

const withBackend = (backend: unknown, domains: unknown[] = [cloudflareDomain()]) => ({ domains, terraform: { backend } });

describe("stateLocation with backends' defaults", () => {
  it("puts a gcs stack's state in a folder named after the stack when the prefix is left out", () => {
    const { terraform, problems } = validateConfig(withBackend({ type: "gcs", bucket: "state-bucket" }));
    expect(problems).toEqual([]);
    expect(stateLocation(terraform.backend, "emails-example-com")).toBe("gs://state-bucket/emails-example-com/default.tfstate");
  });

  it.each([
    ["gcs", "none:gcs prefix=mail, the rest from -backend-config"],
    ["azurerm", "none:azurerm key=mail.tfstate, the rest from -backend-config"],
    ["remote", "none:remote backend, all from -backend-config"],
    ["cos", "none:cos backend, all from -backend-config"],
  ])("says what a partial %s backend block holds", (partial, expected) => {
    const { terraform, problems } = validateConfig(withBackend({ type: "none", partial }));
    expect(problems).toEqual([]);
    expect(stateLocation(terraform.backend, "mail")).toBe(expected);
  });
});
