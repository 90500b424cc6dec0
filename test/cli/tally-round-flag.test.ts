// tally --round K past the last round of a decided vote, and a round file nobody asked for: the one is the
// flag's fault (a usage error naming the last round), the other the file's (an error placed in it).
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli, scratchCopy, SEEDS } from "../helpers.js";

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

  it("reads on screen as any usage error: 用法错误： first, the command's help last; ballot and enter alike", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    for (const command of ["tally", "ballot", "enter"]) {
      const screen = await runCli([command, dir, "--round", "2"]);
      expect(screen.code).toBe(2);
      expect(screen.stderr).toMatch(/^用法错误：--round 2：没有第 2 轮，第 1 轮已经决出全部结果/);
      expect(screen.stderr.trimEnd().split("\n").at(-1)).toBe(`运行 piaojue ${command} --help 查看用法`);
    }
    const en = await runCli(["tally", dir, "--round", "2", "--lang", "en"]);
    expect(en.stderr).toMatch(/^usage error: --round 2: there is no round 2/);
    expect(en.stderr.trimEnd().split("\n").at(-1)).toBe("run piaojue tally --help for usage");
    // A value commander's parser refuses points to the command's help too; an unknown command to the whole list.
    for (const [argv, help] of [[["tally", dir, "--round", "０"], "tally"], [["progress", dir, "--as-of", "2026-6"], "progress"], [["tallly", dir], null]] as const) {
      const r = await runCli([...argv]);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(`运行 piaojue ${help === null ? "" : `${help} `}--help 查看用法`);
    }
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

describe("tally --round K on a void vote (present below the quorum)", () => {
  const SESSION = { title: "测试镇第一届人民代表大会第一次会议", date: "2026-01-15", deputies: { total: 9, present: 5 }, issued: [5], rules: { formal: 2, order: "as-listed" } };
  const CANDIDATES = "编号,项目名称,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效\n"
    + [1, 2, 3].map((i) => `A${i},项目${i},背景,内容,镇区,镇政府,10${i},镇财政,2026-11,目标\n`).join("");
  const HEADER = "票号,作废,A1,A2,A3\n";

  it("is a usage error saying the vote was void in round 1, with a ballots file or without one, not an error in ballots-r2.csv", async () => {
    const fileSets: Record<string, string>[] = [{}, { "ballots.csv": HEADER }];
    for (const files of fileSets) {
      const dir = await makeSession({ "session.json": JSON.stringify(SESSION), "candidates.csv": CANDIDATES, ...files });
      const screen = await runCli(["tally", dir, "--round", "2"]);
      expect(screen.code).toBe(2);
      expect(screen.stderr).not.toContain("ballots-r2.csv");
      expect(screen.stderr).toContain(`--round 2：没有第 2 轮，票决在第 1 轮已经无效，不进行再次票决；去掉 --round 计票（piaojue tally ${path.relative(process.cwd(), dir)}）查看无效的原因`);
      const json = await runCli(["tally", dir, "--round", "2", "--json", "--lang", "en"]);
      expect(json.json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
      expect(json.json.error.messageEn).toMatch(/^--round 2: there is no round 2; the vote was void in round 1/);
    }
  });

  it("with ballots-r2.csv there, the file is named, as without --round (W_ROUND_NOT_COUNTED, exit 3)", async () => {
    const dir = await makeSession({ "session.json": JSON.stringify(SESSION), "candidates.csv": CANDIDATES, "ballots.csv": HEADER, "ballots-r2.csv": HEADER });
    const r = await runCli(["tally", dir, "--round", "2", "--json"]);
    expect(r.code).toBe(3);
    expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_ROUND_NOT_COUNTED", file: "ballots-r2.csv" }));
  });
});

describe("ballot and enter --round K past the last round, with no round-K file: the same usage error as tally", () => {
  it("on a vote decided in round 1: exit 2, the last round named, not E_NO_RUNOFF against a ballots-r2.csv not there", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    for (const command of ["ballot", "enter"]) {
      const screen = await runCli([command, dir, "--round", "2"]);
      expect(screen.code).toBe(2);
      expect(screen.stderr).not.toContain("ballots-r2.csv");
      expect(screen.stderr).toContain(`--round 2：没有第 2 轮，第 1 轮已经决出全部结果（最后一轮是第 1 轮）；去掉 --round 计票（piaojue tally ${path.relative(process.cwd(), dir)}），或写 --round 1`);
      const json = await runCli([command, dir, "--round", "2", "--json", "--lang", "en"]);
      expect(json.code).toBe(2);
      expect(json.json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
      expect(json.json.error.messageEn).toMatch(/^--round 2: there is no round 2; round 1 decided every result \(the last round is round 1\)/);
    }
    await expect(fs.stat(path.join(dir, "out"))).rejects.toThrow();
    await expect(fs.stat(path.join(dir, "entry"))).rejects.toThrow();
  });

  it("on a void vote (present below the quorum): exit 2, void in round 1, with a ballots file or without one", async () => {
    const SESSION = { title: "测试镇第一届人民代表大会第一次会议", date: "2026-01-15", deputies: { total: 9, present: 5 }, issued: [5], rules: { formal: 2, order: "as-listed" } };
    const CANDIDATES = "编号,项目名称,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效\n"
      + [1, 2, 3].map((i) => `A${i},项目${i},背景,内容,镇区,镇政府,10${i},镇财政,2026-11,目标\n`).join("");
    const fileSets: Record<string, string>[] = [{}, { "ballots.csv": "票号,作废,A1,A2,A3\n" }];
    for (const files of fileSets) {
      const dir = await makeSession({ "session.json": JSON.stringify(SESSION), "candidates.csv": CANDIDATES, ...files });
      for (const command of ["ballot", "enter"]) {
        const screen = await runCli([command, dir, "--round", "2"]);
        expect(screen.code).toBe(2);
        expect(screen.stderr).not.toContain("ballots-r2.csv");
        expect(screen.stderr).toContain(`--round 2：没有第 2 轮，票决在第 1 轮已经无效，不进行再次票决；去掉 --round 计票（piaojue tally ${path.relative(process.cwd(), dir)}）查看无效的原因`);
      }
    }
  });

  it("with ballots-r2.csv there, the file is still the fault (exit 1, as before)", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.copyFile(path.join(dir, "ballots.csv"), path.join(dir, "ballots-r2.csv"));
    for (const command of ["ballot", "enter"]) {
      const r = await runCli([command, dir, "--round", "2", "--json"]);
      expect(r.code).toBe(1);
      expect(r.json.error.code).not.toBe("E_USAGE");
    }
  });
});
