import { describe, expect, it } from "vitest";
import { intercomHost, isIntercomHost } from "../../src/intercom/intercom-host";
import { linkBrandingStep } from "../../src/intercom/link-branding";
import type { Region } from "../../src/intercom/regions";

describe("intercomHost", () => {
  it.each<[string, Region, string]>([
    ["acme", "us", "acme.intercom-mail.com"],
    ["acme", "eu", "acme.intercom-mail.eu"],
    ["acme", "au", "acme.au.intercom-mail.com"],
    ["x1-y2", "us", "x1-y2.intercom-mail.com"],
    ["x1-y2", "eu", "x1-y2.intercom-mail.eu"],
    ["x1-y2", "au", "x1-y2.au.intercom-mail.com"],
  ])("%s in %s is served from %s", (workspace, region, host) => {
    expect(intercomHost(workspace, region)).toBe(host);
  });
});

describe("isIntercomHost", () => {
  it.each([
    ["acme.intercom-mail.com", true],
    ["acme.intercom-mail.eu", true],
    ["acme.au.intercom-mail.com", true],
    ["intercom-mail.com", true],
    ["ACME.Intercom-Mail.com.", true],
    ["emails.example.com", false],
    ["intercom-mail.com.example.com", false],
    ["notintercom-mail.com", false],
  ])("%s -> %s", (host, expected) => {
    expect(isIntercomHost(host)).toBe(expected);
  });
});

describe("linkBrandingStep", () => {
  it.each<[Region, string]>([
    ["us", "https://app.intercom.com"],
    ["eu", "https://app.eu.intercom.com"],
    ["au", "https://app.au.intercom.com"],
  ])("points %s workspaces to %s", (region, app) => {
    const step = linkBrandingStep("emails.example.com", region);
    expect(step).toContain("emails.example.com");
    expect(step).toContain("Link branding");
    expect(step).toContain(app);
  });
});
