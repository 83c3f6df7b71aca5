import { describe, expect, it } from "vitest";
import { failingLines, isLiveTerminal, LiveBlock, roundLine } from "../../src/cli/verify-view";
import type { DomainReport } from "../../src/verify/check-result";

// What verify prints over a fleet and over time: the redrawn block at the bottom of a terminal and
// the one line per round of --wait in a log.

/** A terminal of the given size that keeps what is written to it. */
function terminal(columns: number, rows: number): NodeJS.WriteStream & { text: string } {
  const stream = { isTTY: true, columns, rows, text: "", write: (chunk: string) => ((stream.text += chunk), true) };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

const failing: DomainReport = { domain: "a.example.com", ok: false, checks: [{ name: "dns", ok: false, detail: "missing" }, { name: "caa", ok: true, detail: "fine" }, { name: "tls", ok: false, detail: "not checked" }] };
const passing: DomainReport = { domain: "b.example.com", ok: true, checks: [{ name: "dns", ok: true, detail: "fine" }] };

describe("LiveBlock", () => {
  it("redraws its lines in place, taking back exactly as many lines as it drew", () => {
    const tty = terminal(80, 24);
    const block = new LiveBlock(tty);
    block.show(["one", "two"]);
    block.show(["three"]);
    block.print("done\n");
    block.show(["four"]);
    block.clear();
    block.clear();
    expect(tty.text).toBe("one\ntwo\n\u001b[2F\u001b[Jthree\n\u001b[1F\u001b[Jdone\nfour\n\u001b[1F\u001b[J");
  });

  it("cuts lines to the terminal's width and the block to its height, so nothing wraps or scrolls away", () => {
    const tty = terminal(30, 6);
    new LiveBlock(tty).show(["x".repeat(100), "2", "3", "4", "5", "6"]);
    expect(tty.text.split("\n")).toEqual([`${"x".repeat(28)}…`, "2", "3", "… and 3 more", ""]);
  });

  it("escapes control characters a server sent, and assumes 24 rows when the terminal says none", () => {
    const tty = terminal(80, 0);
    new LiveBlock(tty).show(["evil\u001b[2J", ...Array.from({ length: 30 }, (_, i) => String(i))]);
    const lines = tty.text.split("\n");
    expect(lines[0]).toBe("evil\\u001b[2J");
    expect(lines).toHaveLength(23);
    expect(lines[21]).toBe("… and 10 more");
  });

  it("is used only on a terminal that reports its width", () => {
    expect(isLiveTerminal(terminal(80, 24))).toBe(true);
    expect(isLiveTerminal(terminal(0, 0))).toBe(false);
    expect(isLiveTerminal({ isTTY: false, columns: 80 } as unknown as NodeJS.WriteStream)).toBe(false);
  });
});

describe("roundLine and failingLines", () => {
  it("names each failing domain with its failing checks", () => {
    expect(failingLines([failing, passing])).toEqual(["a.example.com: dns, tls"]);
  });

  it.each([
    [[failing, passing], 65_000, 5_000, "round 2, 1m5s left: 1 of 2 domain(s) fail: a.example.com: dns, tls; next check in 5s"],
    [[passing], 3_000, undefined, "round 2, 3s left: all 1 domain(s) pass"],
    [[failing], 0, undefined, "round 2, 0s left: 1 of 1 domain(s) fail: a.example.com: dns, tls"],
  ])("says the round's state in one line (%#)", (reports, leftMs, nextMs, line) => {
    expect(roundLine(2, reports, leftMs, nextMs)).toBe(line);
  });

  it("bounds the line for a fleet of failing domains", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ ...failing, domain: `d${i}.example.com` }));
    expect(roundLine(1, many, 1_000, 1_000).length).toBeLessThan(600);
  });
});
