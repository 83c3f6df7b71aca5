import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../src/verify/backoff";
import type { DomainReport } from "../../src/verify/check-result";
import { formatDuration, parseDuration } from "../../src/verify/duration";
import { runInOrder } from "../../src/verify/in-order-pool";
import { junitReport, xmlEscape } from "../../src/verify/junit-report";
import { sleep, verifyUntil, type WaitRound } from "../../src/verify/verify-until";

// verify over time and at fleet scale (issue 23), the pure parts: --wait's durations, the pause
// between rounds, the pool that checks domains at once but reports them in order, the wait loop
// (on a fake clock) and the JUnit report.

describe("parseDuration (--wait)", () => {
  it.each([
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["2h", 7_200_000],
    ["1h30m", 5_400_000],
    [" 5S ", 5_000],
    ["72h", 259_200_000],
  ])("reads %j as %d ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each([
    ["", /must be a duration such as 90s/],
    ["90", /must be a duration such as 90s/],
    ["1.5h", /must be a duration/],
    ["5x", /must be a duration/],
    ["-5s", /must be a duration/],
    ["1m1m", /must be a duration/],
    ["0s", /must be longer than 0s/],
    ["73h", /must be at most 72h/],
  ])("fails when given %j", (text, problem) => {
    expect(parseDuration(text)).toEqual({ problem: expect.stringMatching(problem) });
  });

  it.each([
    [0, "0s"],
    [-5, "0s"],
    [4_600, "5s"],
    [60_000, "1m"],
    [3_723_000, "1h2m3s"],
    [7_200_000, "2h"],
  ])("formats %d ms as %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("backoffDelay", () => {
  it("starts at 5 s, grows by half each round and stops at 60 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20, 0].map(backoffDelay)).toEqual([5_000, 7_500, 11_250, 16_875, 25_313, 37_969, 56_953, 60_000, 60_000, 5_000]);
  });
});

describe("runInOrder", () => {
  const delays = [30, 5, 20, 1, 10, 2];
  it.each([1, 2, 3, 64])("returns and emits results in the items' order at concurrency %d, never more at once", async (limit) => {
    let running = 0;
    let most = 0;
    const emitted: number[] = [];
    const results = await runInOrder(
      delays,
      limit,
      async (delay, index) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, delay));
        running--;
        return index * 10;
      },
      (result, index) => emitted.push(index, result),
    );
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
    expect(emitted).toEqual([0, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5, 50]);
    expect(most).toBe(Math.min(limit, delays.length));
  });

  it("emits an item as soon as it and every one before it are in, while later ones still run", async () => {
    const log: string[] = [];
    await runInOrder([5, 40], 2, async (delay, index) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      log.push(`done ${index}`);
    }, (_result, index) => log.push(`emit ${index}`));
    expect(log).toEqual(["done 0", "emit 0", "done 1", "emit 1"]);
  });

  it("takes an empty list and no emitter", async () => {
    expect(await runInOrder([], 4, () => Promise.resolve(1))).toEqual([]);
    expect(await runInOrder([1, 2], 4, (n) => Promise.resolve(n * 2))).toEqual([2, 4]);
  });
});

const report = (domain: string, ok: boolean): DomainReport => ({ domain, ok, checks: [{ name: "dns", ok, detail: ok ? "fine" : "missing" }] });

/** A fake clock and sleep: each pause moves the clock, and the checks say what they were asked. */
function world(passAt: Record<string, number>) {
  let clock = 0;
  const asked: string[][] = [];
  const rounds: WaitRound[] = [];
  return {
    asked,
    rounds,
    now: () => clock,
    sleep: (ms: number) => {
      clock += ms;
      return Promise.resolve(true);
    },
    check: (plans: readonly string[]) => {
      asked.push([...plans]);
      clock += 100;
      return Promise.resolve(plans.map((plan) => report(plan, clock >= (passAt[plan] ?? Infinity))));
    },
    onRound: (round: WaitRound) => rounds.push(round),
  };
}

describe("verifyUntil (--wait)", () => {
  it("passes at once when every check passes: one round, no pause", async () => {
    const w = world({ a: 0 });
    const outcome = await verifyUntil({ ...w, plans: ["a"], waitMs: 60_000 });
    expect(outcome).toMatchObject({ outcome: "passed", rounds: 1 });
    expect(w.rounds).toEqual([{ round: 1, reports: [report("a", true)], leftMs: 59_900 }]);
  });

  it("re-checks only the failing domains, with growing pauses, until all pass", async () => {
    const w = world({ a: 0, b: 12_000, c: 5_000 });
    const outcome = await verifyUntil({ ...w, plans: ["a", "b", "c"], waitMs: 120_000 });
    expect(outcome.outcome).toBe("passed");
    expect(outcome.reports.map((r) => [r.domain, r.ok])).toEqual([["a", true], ["b", true], ["c", true]]);
    expect(w.asked).toEqual([["a", "b", "c"], ["b", "c"], ["b"]]);
    expect(w.rounds.map((r) => r.nextMs)).toEqual([5_000, 7_500, undefined]);
  });

  it("gives up when the time runs out, the last pause cut to the time left", async () => {
    const w = world({});
    const outcome = await verifyUntil({ ...w, plans: ["a"], waitMs: 8_000 });
    expect(outcome).toMatchObject({ outcome: "timeout", rounds: 3 });
    expect(w.rounds.map((r) => [r.leftMs, r.nextMs])).toEqual([[7_900, 5_000], [2_800, 2_800], [0, undefined]]);
  });

  it("stops when the signal fires during a pause, with the last complete reports", async () => {
    const controller = new AbortController();
    const w = world({});
    const outcome = await verifyUntil({ ...w, plans: ["a"], waitMs: 60_000, signal: controller.signal, sleep: (ms, signal) => {
      controller.abort();
      return sleep(ms, signal);
    } });
    expect(outcome).toEqual({ outcome: "interrupted", reports: [report("a", false)], rounds: 1 });
  });

  it("stops when the signal fires during a round, and before the first round ends", async () => {
    const controller = new AbortController();
    const never = () => new Promise<DomainReport[]>(() => undefined);
    setTimeout(() => controller.abort(), 5);
    expect(await verifyUntil({ plans: ["a"], waitMs: 60_000, signal: controller.signal, check: never })).toEqual({ outcome: "interrupted", reports: [], rounds: 0 });
    expect(await verifyUntil({ plans: ["a"], waitMs: 60_000, signal: controller.signal, check: never })).toMatchObject({ outcome: "interrupted", rounds: 0 });
  });

  it("passes on a check's error", async () => {
    const controller = new AbortController();
    await expect(verifyUntil({ plans: ["a"], waitMs: 1_000, signal: controller.signal, check: () => Promise.reject(new Error("boom")) })).rejects.toThrow("boom");
    await expect(verifyUntil({ plans: ["a"], waitMs: 1_000, signal: controller.signal, check: () => Promise.reject(new Error("bang")) })).rejects.toThrow("bang");
  });

  it("sleeps on a real clock, and a signal ends the sleep early", async () => {
    expect(await sleep(1)).toBe(true);
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort();
    expect(await pending).toBe(false);
    expect(await sleep(60_000, controller.signal)).toBe(false);
    expect(await sleep(1, new AbortController().signal)).toBe(true);
  });
});

/** The test cases of a JUnit report, read back with a regex over its well-formed lines. */
function cases(xml: string): { suite: string; name: string; classname: string; failure?: string; out?: string }[] {
  const found: { suite: string; name: string; classname: string; failure?: string; out?: string }[] = [];
  let suite = "";
  for (const [, tag, attributes, text] of xml.matchAll(/<(testsuite|testcase|failure|system-out)\b([^>]*)>([^<]*)/g)) {
    const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1] ?? "";
    const last = found.at(-1) as { failure?: string; out?: string };
    if (tag === "testsuite") suite = attribute("name");
    else if (tag === "testcase") found.push({ suite, name: attribute("name"), classname: attribute("classname") });
    else if (tag === "failure") last.failure = attribute("message") === text ? text : `mismatch: ${attribute("message")} / ${text}`;
    else last.out = text;
  }
  return found;
}

describe("junitReport", () => {
  const hostile = 'Location: "https://x/?a=1&b=<2>" it\'s\nnext line\u0000\u001b[31m';
  const reports = [
    { report: { domain: "a.example.com", ok: true, checks: [{ name: "dns" as const, ok: true, detail: "resolves" }, { name: "tls" as const, ok: true, detail: "TLSv1.3" }] }, edge: "cloudflare", ms: 512 },
    { report: { domain: "b.example.com", ok: false, checks: [{ name: "dns" as const, ok: true, detail: "resolves" }, { name: "redirect" as const, ok: false, detail: hostile }] }, edge: "proxy", ms: 2_048 },
  ];
  const xml = junitReport(reports, new Date("2026-12-07T18:00:00.123Z"));

  it("has one suite per domain and one case per check, a failure's message the check's detail", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="email-assets verify" tests="4" failures="1" errors="0" time="2.048">\n')).toBe(true);
    expect(xml).toContain('<testsuite name="b.example.com" id="1" tests="2" failures="1" errors="0" skipped="0" time="2.048" timestamp="2026-12-07T18:00:00">');
    expect(xml).toContain('<properties><property name="edge" value="proxy"/></properties>');
    expect(cases(xml)).toEqual([
      { suite: "a.example.com", name: "dns", classname: "a.example.com", out: "resolves" },
      { suite: "a.example.com", name: "tls", classname: "a.example.com", out: "TLSv1.3" },
      { suite: "b.example.com", name: "dns", classname: "b.example.com", out: "resolves" },
      { suite: "b.example.com", name: "redirect", classname: "b.example.com", failure: xmlEscape(hostile) },
    ]);
    expect(xml.trimEnd().endsWith("</testsuites>")).toBe(true);
  });

  it("escapes what XML cannot carry as is, so a hostile detail cannot break the report", () => {
    expect(xmlEscape(hostile)).toBe("Location: &quot;https://x/?a=1&amp;b=&lt;2&gt;&quot; it&apos;s&#10;next line\uFFFD\uFFFD[31m");
    expect(xmlEscape("tab\there \uD800 \u{1F600}")).toBe("tab\there \uFFFD \u{1F600}");
    // Nothing but the markup itself has a < or an unescaped &.
    for (const line of xml.split("\n")) expect(line.replace(/<\/?[a-z-]+(\s+[a-z]+="[^"<>]*")*\s*\/?>|<\?xml[^>]*\?>/g, "")).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos|#10);)/);
  });

  it("writes an empty report for no domains", () => {
    expect(junitReport([], new Date(0))).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="email-assets verify" tests="0" failures="0" errors="0" time="0.000">\n</testsuites>\n');
  });
});
