import { describe, expect, it } from "vitest";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { parseConfig } from "../../src/config/rules/validate-config";
import { InvalidPropsError } from "../../src/constructs/props-check";
import { resolvePlans, resolveStacks } from "../../src/plan/resolve-plan";
import { EmailAssetsStack } from "../../src/stacks/email-assets-stack";
import { cloudflareDomain } from "../support/fixtures";
import { useScratchApps } from "../support/synth";

// EmailAssetsStack called from plain JavaScript with something else than a stack plan: one line
// saying what it got and what to pass, not cdktf's "Only root constructs may have an empty ID".

const scratchApp = useScratchApps();
const config = { domains: [cloudflareDomain(), cloudflareDomain({ domain: "news.example.com", stack: "mail" })] };
const { specs, terraform } = parseConfig(config);
const [stackPlan] = resolveStacks(specs, terraform);

/** The stack as plain JavaScript sees it. */
const Untyped = EmailAssetsStack as unknown as new (scope: Construct, stack?: unknown, options?: unknown) => EmailAssetsStack;
const PASS = "pass one entry of resolveStacks(specs, terraform) per stack";

/** [case, the stack argument, the options argument, the line] */
const MISUSES: [string, unknown, unknown, string][] = [
  ["it gets a domain plan", resolvePlans(specs)[0], undefined, `stack: must be a stack plan, but this is a domain plan (an entry of resolvePlans(specs)); ${PASS}; received {"domain":"emails.example.com"`],
  ["it gets a domain spec", specs[0], undefined, `stack: must be a stack plan, but this is a domain spec (an entry of parseConfig(config).specs); ${PASS}; received {"domain":"emails.example.com"`],
  ["it gets the whole list of stack plans", resolveStacks(specs, terraform), undefined, `stack: is a list; ${PASS}: for (const stack of resolveStacks(specs, terraform)) new EmailAssetsStack(app, stack); received [`],
  ["it gets no stack plan", undefined, undefined, `stack: is required: ${PASS}; received nothing`],
  ["it gets a string", "emails-example-com", undefined, `stack: must be a stack plan; ${PASS}; received "emails-example-com"`],
  ["it gets some other object", { id: "emails" }, undefined, `stack: must be a stack plan, but this is not a stack plan; ${PASS}; received {"id":"emails"}`],
  ["an option is misspelt", stackPlan, { localStatepath: "x.tfstate" }, 'options.localStatepath: unknown key (did you mean "localStatePath"?); remove it or fix its name; received "x.tfstate"'],
  ["awsSkipChecks is a string", stackPlan, { awsSkipChecks: "true" }, 'options.awsSkipChecks: must be true or false; received "true"'],
  ["the options are not an object", stackPlan, "local", 'options: must be an object; received "local"'],
];

describe("EmailAssetsStack checks its arguments", () => {
  it.each(MISUSES)("fails when %s", (_name, stack, options, line) => {
    let error: unknown;
    try {
      new Untyped(scratchApp(), stack, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPropsError);
    const lines = (error as Error).message.split("\n");
    expect(lines[0]).toBe("EmailAssetsStack: invalid arguments:");
    expect(lines.slice(1).map((l) => l.trim()).some((l) => l.startsWith(line)), (error as Error).message).toBe(true);
  });

  it("fails when the app is left out, the stack plan in its place", () => {
    expect(() => new (EmailAssetsStack as unknown as new (...args: unknown[]) => unknown)(stackPlan)).toThrow(
      new RegExp(`^EmailAssetsStack: invalid arguments:\\n {2}scope: must be a construct: the App to add the stack to; received \\{"id":"emails-example-com"[^\\n]*\\n {2}stack: is required: ${PASS.replace(/[()]/g, "\\$&")}; received nothing$`),
    );
  });

  it("reports a wrong stack and wrong options at once, and adds nothing to the app", () => {
    const app = scratchApp();
    expect(() => new Untyped(app, resolvePlans(specs)[0], { awsSkipChecks: 1 })).toThrow(/stack: must be a stack plan[^\n]*\n {2}options\.awsSkipChecks: must be true or false/);
    expect(app.node.children).toEqual([]);
  });

  it("takes every stack plan resolveStacks returns, with or without options", () => {
    const app = scratchApp();
    const stacks = resolveStacks(specs, terraform).map((plan, index) => new EmailAssetsStack(app, plan, index === 0 ? { awsSkipChecks: false } : undefined));
    expect(stacks.map((stack) => stack.node.id)).toEqual(["emails-example-com", "mail"]);
    expect(() => Testing.synth(stacks[1], true)).not.toThrow();
  });
});
