import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellWord } from "../../src/cli/shell-word";

describe("shellWord: a path in the commands the CLI suggests", () => {
  it.each([
    ["email-assets.yaml", "email-assets.yaml"],
    ["configs/prod.yaml", "configs/prod.yaml"],
    ["/srv/a@b/c+d=e:f%g.json", "/srv/a@b/c+d=e:f%g.json"],
    ["my configs/prod.yaml", "'my configs/prod.yaml'"],
    ["it's.yaml", "'it'\\''s.yaml'"],
    ["$HOME/x.yaml", "'$HOME/x.yaml'"],
    ["", "''"],
  ])("quotes %j for a POSIX shell as %s", (text, word) => {
    expect(shellWord(text)).toBe(word);
    // The shell reads it back as the same single word.
    const echoed = spawnSync("sh", ["-c", `printf '%s' ${word}`], { encoding: "utf8" });
    expect(echoed.stdout).toBe(text);
  });
});
