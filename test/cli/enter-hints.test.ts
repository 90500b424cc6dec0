// The commands enter's hints give are the ones that put things right: the folder and the --round as typed,
// and for a ballot only one entry has, the keys that remove it or add it (g only rewrites a ballot there is).
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { FakeTerminal } from "./fake-terminal.js";

/** `piaojue enter NAME ARGS…` typed from the folder above the session, as a clerk does. */
async function enterFromParent(dir: string, input: string, args: string[]) {
  const term = new FakeTerminal(true);
  const done = term.run(["enter", path.basename(dir), ...args], { cwd: path.dirname(dir) });
  term.input.end(input);
  return done;
}

const hintOf = (r: { json: any }, code: string) => r.json.error.diagnostics.find((d: { code: string }) => d.code === code)?.hint as string;

describe("enter's hints", () => {
  it("E_EXISTS repeats the --round 1 that was typed", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    const name = path.basename(dir);
    expect((await enterFromParent(dir, "1122\r\r", ["--round", "1", "--returned", "1"])).code).toBe(0);
    const second = await enterFromParent(dir, "1122\r\r", ["--round", "1", "--returned", "1", "--second", "--json"]);
    expect(second.code).toBe(1);
    expect(hintOf(second, "E_EXISTS")).toBe(`核对后如要以这次录入为准，加 --force 重新运行：piaojue enter ${name} --round 1 --force`);
  });

  it("E_ROUND_NOT_NEXT names the folder, so that it runs from where the clerk stands", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "tie-runoff-round2-ties-again"));
    await Promise.all(["ballots.csv", "ballots-r2.csv"].map((f) => fs.rm(path.join(dir, f))));
    const r = await runCli(["enter", path.basename(dir), "--round", "2", "--json"], { cwd: path.dirname(dir) });
    expect(r.code).toBe(1);
    expect(hintOf(r, "E_ROUND_NOT_NEXT")).toBe(`录入第 1 轮：piaojue enter ${path.basename(dir)} --round 1（不加 --round 时自动录入待录的一轮）`);
    const en = await runCli(["enter", path.basename(dir), "--round", "2", "--json", "--lang", "en"], { cwd: path.dirname(dir) });
    expect(en.json.error.diagnostics[0].hintEn).toContain(`piaojue enter ${path.basename(dir)} --round 1 (`);
  });

  it("a later round's file without round 1's: the round to enter is round 1, not a round said to be next after itself", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "tie-runoff-round2-ties-again"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const r = await runCli(["enter", dir, "--round", "2", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.find((d: { code: string }) => d.code === "E_ROUND_NOT_NEXT").message).toBe("下一轮是第 1 轮，不是第 2 轮");
  });

  it("run in the session folder, its commands name no folder; a refusal names the file this entry writes, not round 1's notes", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    // An unreadable mark on a round-1 ballot (it stays a runoff): tally's to report, not enter's for round 3.
    const ballots = path.join(dir, "ballots.csv");
    const rows = (await fs.readFile(ballots, "utf8")).split("\n");
    rows[19] = rows[19]!.replace(/^[^,]*/, "?");
    await fs.writeFile(ballots, rows.join("\n"));
    expect((await runCli(["tally", dir, "--json"])).json.warnings.map((w: any) => w.code)).toContain("W_UNREADABLE_MARK");
    const third = await runCli(["enter", "--round", "3", "--json"], { cwd: dir });
    // Past the last round, with no ballots-r3.csv: the flag is wrong, as tally --round 3 says.
    expect(third.json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
    expect(third.json.error.message).toBe("--round 3：没有第 3 轮，前 2 轮已经决出全部结果（最后一轮是第 2 轮）；去掉 --round 计票（piaojue tally），或写 --round 2");
    expect(third.json.warnings).toEqual([]);
    const all = await runCli(["enter", "--json"], { cwd: dir });
    expect(all.json.error.diagnostics[0].hint).toContain("运行 piaojue tally 查看结果");
    // --counts: the round's counts file is named, and the command to run is enter --counts.
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const counts = await runCli(["enter", "--counts", "--round", "3", "--json"], { cwd: dir });
    expect(counts.json.error.diagnostics.map((d: any) => `${d.file} ${d.code} ${d.hint}`))
      .toEqual(["counts-r3.csv E_ROUND_NOT_NEXT 录入第 2 轮：piaojue enter --counts --round 2（不加 --round 时自动录入待录的一轮）"]);
    const term = new FakeTerminal(true);
    const done = term.run(["enter", "--returned", "42"], { cwd: dir });
    term.input.end("q");
    expect((await done).stdout).toContain("接着录入：piaojue enter --round 2\n");
  });

  it("--issued for a round the vote has not reached is refused, session.json left as it is", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "tie-runoff-round2-ties-again"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const before = await fs.readFile(path.join(dir, "session.json"), "utf8");
    for (const round of ["3", "7"]) {
      const r = await runCli(["enter", dir, "--issued", "40", "--round", round, "--json"]);
      expect(r.code, round).toBe(1);
      expect(r.json.error.diagnostics.map((d: { code: string; message: string }) => `${d.code} ${d.message}`)).toEqual([`E_ISSUED_ROUND 票决只进行到第 2 轮，还没有第 ${round} 轮`]);
    }
    expect(await fs.readFile(path.join(dir, "session.json"), "utf8")).toBe(before);
    expect((await runCli(["enter", dir, "--issued", "40", "--round", "2"])).code).toBe(0);
  });

  it("a ballot only one entry has is undone (-) and 收回 corrected (r) there, or added in the other: not g", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const name = path.basename(dir);
    const pile = "1122\r1212\r2211\r";
    expect((await enterFromParent(dir, pile + "\r", ["--returned", "3"])).code).toBe(0);
    const second = await enterFromParent(dir, pile + "1111\r\r", ["--returned", "4", "--second", "--json"]);
    expect(second.code).toBe(1);
    const only = second.json.error.diagnostics.find((d: { message: string }) => d.message.startsWith("第 4 张"));
    expect(only.message).toBe("第 4 张只在第二次录入中：P1=赞成 P2=赞成 P3=赞成 P4=赞成");
    expect(only.hint).not.toMatch(/按 g/);
    expect(only.hint).toContain(`第二次录入多录了，重新运行 piaojue enter ${name} --second，按 - 从最后一张起撤销多录的票，再按 r 改正收回票数`);
    expect(only.hint).toContain(`第一次录入漏了，重新运行 piaojue enter ${name}，按 r 改正收回票数，再补录这一张`);
    const en = await runCli(["enter", name, "--json", "--lang", "en"], { cwd: path.dirname(dir) });
    const onlyEn = en.json.error.diagnostics.find((d: { message: string }) => d.message.startsWith("第 4 张")).hintEn;
    expect(onlyEn).toContain(`the second entry has one too many: run piaojue enter ${name} --second, press - to undo`);
    expect(onlyEn).not.toMatch(/press g/);
    // Following the hint puts the second entry right: - and Enter, r 3 Enter, then Enter to finish.
    const term = new FakeTerminal(true);
    const done = term.run(["enter", name, "--second"], { cwd: path.dirname(dir) });
    await term.waitFor("按 - 撤销多出的票");
    term.type("-\rr3\r\r");
    const fixed = await done;
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain("两次录入一致：3 张");
  });

  it("a ballot whose marks differ names the folder in the command to correct it with g", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(dir, "ballots.csv"));
    expect((await enterFromParent(dir, "1122\r1212\r\r", ["--returned", "2", "--round", "1"])).code).toBe(0);
    const second = await enterFromParent(dir, "1122\r1112\r\r", ["--returned", "2", "--round", "1", "--second", "--json"]);
    expect(second.code).toBe(1);
    expect(hintOf(second, "E_ENTRY_MISMATCH")).toBe(`取出第 2 张纸质票核对；录错的那一次重新运行 piaojue enter ${path.basename(dir)} --round 1（第二次录入加 --second），按 g 2 改正`);
  });
});
