// tally --round K past the last round of a decided vote, and a round file nobody asked for: the one is the
// flag's fault (a usage error naming the last round), the other the file's (an error placed in it).
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, scratchCopy, SEEDS } from "../helpers.js";

describe("tally --round K on a vote decided before round K", () => {
  it("is a usage error about --round (exit 2) naming the last round, not an error in a ballots-rK.csv that is not there", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const screen = await runCli(["tally", dir, "--round", "2"]);
    expect(screen.code).toBe(2);
    expect(screen.stderr).not.toContain("ballots-r2.csv");
    expect(screen.stderr).toContain(`--round 2：没有第 2 轮，第 1 轮已经决出全部结果（最后一轮是第 1 轮）；去掉 --round 计票（piaojue tally ${path.relative(process.cwd(), dir)}），或写 --round 1`);
    const json = await runCli(["tally", dir, "--round", "2", "--json", "--lang", "en"]);
    expect(json.code).toBe(2);
    expect(json.json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
    expect(json.json.error.messageEn).toMatch(/^--round 2: there is no round 2; round 1 decided every result \(the last round is round 1\)/);
    await expect(fs.stat(path.join(dir, "out"))).rejects.toThrow();
    // Decided in round 2: the last round is 2.
    const two = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const four = await runCli(["tally", two, "--round", "4"]);
    expect(four.code).toBe(2);
    expect(four.stderr).toContain("--round 4：没有第 4 轮，前 2 轮已经决出全部结果（最后一轮是第 2 轮）");
  });

  it("with ballots-rK.csv there, the file is the fault: E_UNEXPECTED_ROUND at its line 1, column 1 (exit 1)", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.copyFile(path.join(dir, "ballots.csv"), path.join(dir, "ballots-r2.csv"));
    for (const args of [[], ["--round", "2"]]) {
      const json = await runCli(["tally", dir, ...args, "--json"]);
      expect(json.code).toBe(1);
      const errors = json.json.error.diagnostics.filter((d: { severity: string }) => d.severity === "error");
      expect(errors).toEqual([expect.objectContaining({ code: "E_UNEXPECTED_ROUND", file: "ballots-r2.csv", line: 1, column: 1 })]);
      const screen = await runCli(["tally", dir, ...args]);
      expect(screen.stderr).toContain("错误 ballots-r2.csv:1:1 E_UNEXPECTED_ROUND 第 1 轮已经决出结果，不需要第 2 轮，但文件夹里有 ballots-r2.csv");
    }
  });
});
