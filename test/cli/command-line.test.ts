// Reading the command line before commander does: a usage error's --json document names the command
// (not the value of an option before it), and the last --lang wins, as it does for commander.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SEEDS, runCli, scratchCopy } from "../helpers.js";

const SEED = path.join(SEEDS, "township-2026");

describe("a usage error's --json document names the command", () => {
  const cases: [string[], string][] = [
    [["--encoding", "utf8", "tally", SEED, "--round", "0", "--json"], "tally"],
    [["--json", "--lang", "en", "tally", "T", "--round", "abc"], "tally"],
    [["-o", "x", "check", SEED, "--bogus", "--json"], "check"],
    [["--out", "x", "check", SEED, "--bogus", "--json"], "check"],
    [["--lang", "fr", "check", SEED, "--json"], "check"],
    [["--lang=en", "tally", SEED, "--round", "x", "--json"], "tally"],
    [["--no-color", "--encoding", "gb18030", "audit", SEED, "extra", "--json"], "audit"],
    // No command of piaojue is named: the document names piaojue itself, not the word given.
    [["--lang", "en", "tallly", SEED, "--json"], "piaojue"],
  ];
  for (const [argv, command] of cases) {
    it(argv.join(" "), async () => {
      const r = await runCli(argv);
      expect(r.code, r.stdout).toBe(2);
      expect(r.json).toMatchObject({ ok: false, command, error: { code: "E_USAGE" } });
    });
  }

  it("help with an unknown command after an option still names that command", async () => {
    const r = await runCli(["--json", "help", "foo"]);
    expect(r.code).toBe(2);
    expect(r.json.error.message).toContain("未知的命令 foo");
  });
});

describe("--lang given twice: the last one wins", () => {
  it("check S --lang en --lang zh is Chinese, --lang zh --lang en English", async () => {
    const zh = await runCli(["check", SEED, "--lang", "en", "--lang", "zh"]);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain("候选项目 12 个");
    const en = await runCli(["--lang", "zh", "check", SEED, "--lang", "en"]);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain("12 candidates");
    const eq = await runCli(["--lang=en", "check", SEED, "--lang=zh"]);
    expect(eq.stdout).toContain("候选项目 12 个");
    const mixed = await runCli(["check", SEED, "--lang", "en", "--lang=zh"]);
    expect(mixed.stdout).toContain("候选项目 12 个");
  });

  it("--lang counts wherever it stands, as commander reads it, even after a command's option that lacks its value", async () => {
    const r = await runCli(["tally", "/nonexistent-folder", "--doc-number", "--lang=en", "--lang", "zh", "--lang=en"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage error: option '--doc-number <number>' argument missing");
  });
});

describe("numbers typed with a Chinese input method on", () => {
  it("--round, --present and --as-of read full-width digits and － as their ASCII forms", async () => {
    const tie = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const round = await runCli(["tally", tie, "--round", "２", "--json"]);
    expect(round.code, round.stderr).toBe(0);
    expect(round.json.data.rounds).toHaveLength(2);
    const present = await runCli(["enter", tie, "--present", "４２", "--json"]);
    expect(present.code, present.stdout).toBe(0);
    const year = await scratchCopy(path.join(SEEDS, "progress-2026"));
    const asOf = await runCli(["progress", year, "--as-of", "２０２６－０３", "--json"]);
    expect(asOf.code, asOf.stdout).toBe(0);
    expect(asOf.json.data.asOf).toBe("2026-03");
    // Anything else is refused as typed.
    expect((await runCli(["tally", tie, "--round", "②"])).stderr).toContain("轮次应为正整数，而不是“②”");
  });
});
