import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Lazy, Tokenization } from "cdktf";
import { parseConfig } from "../../src/config/rules/validate-config";
import { CREATION_STACK_ENV, creationStacksFrom, withoutCreationStacks } from "../../src/stacks/creation-stacks";
import { synthApp, synthOptionsFrom } from "../../src/stacks/synth-app";
import { cloudflareDomain, proxyDomain, threeRegionConfig } from "../support/fixtures";
import { useTempDirs } from "../support/project";

// The CLI and the app synthesize without cdktf's token creation stacks (CDK Terrain's
// CDKTN_DISABLE_CREATION_STACK, which they treat as on unless it says 0 or false); a library
// caller's synth keeps them, and nothing outside the synth sees a change.

const tempDir = useTempDirs();
const previousFlag = process.env[CREATION_STACK_ENV];
afterEach(() => {
  if (previousFlag === undefined) delete process.env[CREATION_STACK_ENV];
  else process.env[CREATION_STACK_ENV] = previousFlag;
});

/** The call stack cdktf recorded when it made a new token. */
function creationStackOfNewToken(): readonly string[] {
  const token = Lazy.stringValue({ produce: () => "x" });
  return (Tokenization.reverseString(token).firstToken as unknown as { creationStack: readonly string[] }).creationStack;
}

describe("creationStacksFrom", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["1", false],
    ["true", false],
    ["0", true],
    ["false", true],
    [" FALSE ", true],
  ])("with $CDKTN_DISABLE_CREATION_STACK=%j keeps creation stacks: %s", (value, kept) => {
    expect(creationStacksFrom(value === undefined ? {} : { [CREATION_STACK_ENV]: value })).toBe(kept);
    expect(synthOptionsFrom(value === undefined ? {} : { [CREATION_STACK_ENV]: value }).creationStacks).toBe(kept);
  });
});

describe("withoutCreationStacks", () => {
  it("makes tokens without a creation stack, and only while it runs", () => {
    expect(creationStackOfNewToken().some((frame) => frame.includes("creation-stacks.test.ts"))).toBe(true);
    expect(withoutCreationStacks(creationStackOfNewToken)).toEqual([]);
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
    let seenFlag: string | undefined;
    let capturedInside = true;
    withoutCreationStacks(() => {
      seenFlag = process.env[CREATION_STACK_ENV];
      const target: { stack?: string } = {};
      Error.captureStackTrace(target);
      capturedInside = target.stack !== undefined;
    });
    expect(seenFlag).toBe("1");
    expect(capturedInside).toBe(false);
    const after: { stack?: string } = {};
    Error.captureStackTrace(after);
    expect(after.stack).toContain("creation-stacks.test.ts");
  });

  it("restores Error.captureStackTrace and the environment when the build throws", () => {
    const capture = Object.getOwnPropertyDescriptor(Error, "captureStackTrace");
    process.env[CREATION_STACK_ENV] = "0";
    expect(() =>
      withoutCreationStacks(() => {
        throw new Error("the build failed");
      }),
    ).toThrow("the build failed");
    expect(Object.getOwnPropertyDescriptor(Error, "captureStackTrace")).toEqual(capture);
    expect(process.env[CREATION_STACK_ENV]).toBe("0");
    delete process.env[CREATION_STACK_ENV];
    withoutCreationStacks(() => undefined);
    expect(CREATION_STACK_ENV in process.env).toBe(false);
  });

  it("keeps what V8 records itself: an error made inside has its stack", () => {
    const error = withoutCreationStacks(() => new Error("inside"));
    expect(error.stack).toContain("creation-stacks.test.ts");
  });
});

describe("synth without creation stacks", () => {
  it("writes the same files, byte for byte, as synth with them", () => {
    const config = parseConfig({ domains: [...threeRegionConfig().domains, proxyDomain("mail.example.org"), cloudflareDomain({ domain: "x.example.net", stack: "fleet" })] });
    const projectDir = tempDir();
    const outdirs = [true, false].map((creationStacks) => {
      const outdir = join(projectDir, `out-${String(creationStacks)}`);
      synthApp(config, { outdir, projectDir, creationStacks });
      return outdir;
    });
    const files = (outdir: string) =>
      readdirSync(join(outdir, "stacks"), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(outdir.length));
    const [withStacks, without] = outdirs as [string, string];
    expect(files(without).sort()).toEqual(files(withStacks).sort());
    expect(files(withStacks).length).toBeGreaterThan(5);
    for (const file of files(withStacks)) expect(readFileSync(join(without, file), "utf8"), file).toBe(readFileSync(join(withStacks, file), "utf8"));
  });
});
