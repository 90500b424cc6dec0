// A runoff ballot printed before a correction of the earlier rounds: its paper belongs to another runoff
// (other lines or seats) or to none. tally refuses to count ballots cast on it, and says when out/ still
// holds it; runoff and ballot say what they removed or what they made void.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli } from "../helpers.js";

/** Nine ballots on A–D, two to select (6 needed): the last ballot's approvals, then the rows given. */
const firstRound = (last: string) => ["票号,作废,A,B,C,D",
  ...[1, 2, 3, 4, 5].map((i) => `00${i},,○,○,,`), "006,,○,,○,", "007,,○,,○,", "008,,○,,,○", `009,,${last}`, ""].join("\n");
/** A 8, B 6: A and B selected in round 1. */
const decided = firstRound(",○,○,");
/** The correction: B drops to 5, a runoff among B, C, D for 1 seat. */
const corrected = firstRound(",,○,○");
/** Corrected again: A, B and C 6 each, a tie for 2 seats among A, B, C. */
const tied = ["票号,作废,A,B,C,D", "001,,○,○,,", "002,,○,○,,", "003,,○,○,,", "004,,○,,○,", "005,,○,,○,", "006,,○,,○,",
  "007,,,○,○,", "008,,,○,○,", "009,,,○,○,", ""].join("\n");
/** Round 2 on the B, C, D ballot, one approval each. */
const roundTwo = ["票号,作废,B,C,D", ...[1, 2, 3, 4, 5].map((i) => `00${i},,,○,`), ...[6, 7, 8, 9].map((i) => `00${i},,○,,`), ""].join("\n");

/** The session, its runoff printed for B, C, D (1 seat); in a folder `town` of a batch root when given. */
async function printedForBCD(town?: string): Promise<string> {
  const session = { title: "决选测试", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9, 9], rules: { formal: 2, order: "as-listed" } };
  const at = (name: string) => (town ? `${town}/${name}` : name);
  const made = await makeSession({
    [at("session.json")]: JSON.stringify(session),
    [at("candidates.csv")]: "编号,项目名称\nA,甲\nB,乙\nC,丙\nD,丁\n",
    [at("ballots.csv")]: corrected,
  });
  const dir = town ? path.join(made, town) : made;
  expect((await runCli(["tally", dir])).code).toBe(4);
  expect((await runCli(["runoff", dir])).code).toBe(0);
  return dir;
}

const codes = (stderr: string) => [...stderr.matchAll(/ ([EW]_[A-Z_]+) /g)].map((m) => m[1]).filter((c) => c !== "W_INCOMPLETE_CANDIDATE");

describe("a runoff printed for other lines or seats than the earlier rounds now call for", () => {
  it("tally and batch refuse its ballots before reading their columns", async () => {
    const dir = await printedForBCD();
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), roundTwo);
    expect((await runCli(["tally", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots.csv"), tied);
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(1);
    expect(codes(r.stderr)).toEqual(["E_PRINTED_RUNOFF_DIFFERS"]);
    expect(r.stderr).toContain("ballots-r2.csv:1:1 E_PRINTED_RUNOFF_DIFFERS 第 2 轮的表决票印制时是在 B、C、D 中选 1 个");
    expect(r.stderr).toContain("应在 A、B、C 中选 2 个");
    expect(r.stderr).toMatch(/把 ballots-r2\.csv 移出会议文件夹，运行 piaojue runoff \S+ 重新印制第 2 轮表决票/);
    // The columns made to fit (A added, D dropped) do not make the ballots count.
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), roundTwo.replace("B,C,D", "B,C,A"));
    expect(codes((await runCli(["tally", dir])).stderr)).toEqual(["E_PRINTED_RUNOFF_DIFFERS"]);
    const batch = await runCli(["batch", dir]);
    expect(batch.code).toBe(1);
    expect(batch.stderr).toContain("E_PRINTED_RUNOFF_DIFFERS");
    expect(batch.stderr).not.toContain("E_MISSING_COLUMN");
  });

  it("without its ballots in, tally warns that the printed ballot is void, and runoff says so when it prints again", async () => {
    const dir = await printedForBCD();
    await fs.writeFile(path.join(dir, "ballots.csv"), tied);
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(4);
    expect(codes(r.stderr)).toEqual(["W_PRINTED_RUNOFF_DIFFERS"]);
    expect(r.stderr).toMatch(/已印制的这份表决票作废\n\s+提示：运行 piaojue runoff \S+ 重新印制第 2 轮表决票/);
    const runoff = await runCli(["runoff", dir]);
    expect(runoff.code).toBe(0);
    expect(runoff.stdout).toContain("以前印制的第 2 轮表决票（B、C、D，每票最多赞成 1 个）作废");
    // Printed again: nothing left to say.
    expect(codes((await runCli(["tally", dir])).stderr)).toEqual([]);
  });
});

describe("a runoff printed before a correction made it needless", () => {
  it("tally warns while out/ holds its ballots; runoff and ballot say which files they removed", async () => {
    for (const command of ["runoff", "ballot"]) {
      const dir = await printedForBCD();
      await fs.writeFile(path.join(dir, "ballots.csv"), decided);
      const r = await runCli(["tally", dir]);
      expect(r.code).toBe(0);
      expect(codes(r.stderr)).toEqual(["W_PRINTED_ROUND_NEEDLESS"]);
      expect(r.stderr).toMatch(/ballot-r2\.html W_PRINTED_ROUND_NEEDLESS .*不需要第 2 轮/);
      const removed = ["ballot-r2.html", "ballots-r2-template.csv", "ballots-r2-template.xlsx", "count-sheet-r2.html", "counts-r2-template.csv"];
      const json = await runCli([command, dir, "--json"]);
      expect(json.json.data.removed).toEqual(removed);
      expect(await fs.readdir(path.join(dir, "out"))).not.toContain("ballot-r2.html");
      expect(codes((await runCli(["tally", dir])).stderr)).toEqual([]);
    }
    const dir = await printedForBCD();
    await fs.writeFile(path.join(dir, "ballots.csv"), decided);
    const said = await runCli(["runoff", dir]);
    expect(said.stdout).toMatch(/已移除为不再需要的轮次印制的文件：\S*out\/ballot-r2\.html、/);
  });
});

describe("tally --round K with a later round's file the vote no longer needs", () => {
  it("counts up to round K and names the file", async () => {
    const dir = await printedForBCD();
    await fs.writeFile(path.join(dir, "ballots.csv"), decided);
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), roundTwo);
    const r = await runCli(["tally", dir, "--round", "1"]);
    expect(r.code).toBe(0);
    expect(codes(r.stderr)).toContain("W_ROUND_PAST_LIMIT");
    expect(r.stderr).toContain("ballots-r2.csv:1:1 W_ROUND_PAST_LIMIT 第 1 轮已经决出结果，不需要第 2 轮，但文件夹里有 ballots-r2.csv");
    expect((await runCli(["tally", dir])).code).toBe(1);
  });

  it("audit of a batch root finds the batch's summary again when a town's runoff ballot was printed for another runoff: the recount reads the town's trail as batch did", async () => {
    for (const withRoundTwo of [true, false]) {
      const town = await printedForBCD("镇甲");
      const root = path.dirname(town);
      if (withRoundTwo) await fs.writeFile(path.join(town, "ballots-r2.csv"), roundTwo);
      await fs.writeFile(path.join(town, "ballots.csv"), tied);
      const batch = await runCli(["batch", root]);
      expect(batch.stderr).toContain(withRoundTwo ? "E_PRINTED_RUNOFF_DIFFERS" : "W_PRINTED_RUNOFF_DIFFERS");
      // The command to print again names the town, as from the root it must.
      expect(batch.stderr).toMatch(/piaojue runoff \S*镇甲/);
      // The town's own out/ fails (its runoff ballot is stale); the root's summary is what batch wrote.
      const audit = await runCli(["audit", root]);
      expect(audit.stdout).toMatch(/\n3\. 由输入重新计算[^\n]*：通过/);
      expect(audit.stdout + audit.stderr).not.toContain("batch-summary.csv");
    }
  });
});
