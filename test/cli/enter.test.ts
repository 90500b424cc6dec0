// piaojue enter, driven in-process through a scripted stdin: double entry of the sample pile, differences,
// corrections, resuming after a stop or a torn journal line, and never overwriting a ballots file.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { parseCsvText } from "../../src/io/csv.js";
import { FIXTURES, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { FakeTerminal, typeEntry } from "./fake-terminal.js";

const KEY_OF: Record<string, string> = { "○": "1", "×": "2", "": "0", "弃权": "3", "√": "4" };

/** The keys an operator presses for each row of a ballots.csv (票号, 作废, marks…), Enter after each ballot. */
async function pileKeys(file: string): Promise<string[]> {
  const records = parseCsvText((await fs.readFile(file, "utf8")).replace(/^\ufeff/, ""), "ballots.csv");
  return records.slice(1).map((r) => (r.cells[1] ? "*" : r.cells.slice(2).map((c) => KEY_OF[c]!).join("")) + "\r");
}

/** A copy of the sample session without its ballots.csv, and the keys to enter that pile. */
async function samplePile(): Promise<{ dir: string; keys: string[]; original: string }> {
  const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
  const original = path.join(path.dirname(dir), "ballots.original.csv");
  await fs.rename(path.join(dir, "ballots.csv"), original);
  return { dir, keys: await pileKeys(original), original };
}

const enter = typeEntry;

async function journalLines(dir: string, pass: "first" | "second", round = 1): Promise<any[]> {
  const text = await fs.readFile(path.join(dir, "entry", `ballots-r${round}.${pass}.jsonl`), "utf8");
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

describe("piaojue enter", () => {
  it("two agreeing entries of the sample pile write a ballots.csv that tallies exactly as the original", async () => {
    const { dir, keys, original } = await samplePile();
    const first = await enter(dir, keys.join("") + "\r", ["--returned", "55"]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain("第一次录入完成：共 55 张");
    expect(first.out).toContain("--second");
    await expect(fs.access(path.join(dir, "ballots.csv"))).rejects.toThrow();
    expect((await journalLines(dir, "first")).filter((r) => r.type === "ballot")).toHaveLength(55);

    const second = await enter(dir, "55\r" + keys.join("") + "\r", ["--second"]);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain("两次录入一致：55 张（有效 52，无效 3）");

    const written = await fs.readFile(path.join(dir, "ballots.csv"), "utf8");
    expect(written.startsWith("\ufeff票号,作废,P03,P10,P08,P09,P02,P06,P07,P04,P11,P12,P01,P05\r\n001,,○,○,○,×,○,,○,○,,○,○,○\r\n")).toBe(true);
    const entered = await runCli(["tally", dir, "--json"]);
    const reference = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.copyFile(original, path.join(reference, "ballots.csv"));
    const expected = await runCli(["tally", reference, "--json"]);
    expect(entered.code).toBe(0);
    expect(entered.json.data).toEqual(expected.json.data);
  });

  it("after a round whose 发出 session.json lacks, the next step is to give it with --issued, not a tally that would refuse", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "tie-runoff-round2-ties-again"));
    const first = await enter(dir, "10\r10\r01\r\r", ["--returned", "3"]);
    expect(first.code, first.err).toBe(0);
    const second = await enter(dir, "3\r10\r10\r01\r\r", ["--second"]);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain("已写出");
    expect(second.out).toMatch(/下一步：session\.json 还没有第 3 轮的发出票数，先运行 piaojue enter \S+ --round 3 --issued N（N 为发出票数），再运行 piaojue tally /);
    expect((await runCli(["enter", dir, "--round", "3", "--issued", "3"])).code).toBe(0);
    expect((await runCli(["tally", dir])).code).toBe(0);
  });

  it("a pass of a round named with --round is resumed with that --round, even round 1", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "tie-runoff-round2-ties-again"));
    await fs.rename(path.join(dir, "ballots.csv"), path.join(dir, "ballots.old.csv"));
    const r = await enter(dir, "11\rq", ["--round", "1"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/接着录入：piaojue enter \S+ --round 1\n/);
  });

  it("shows the ballot in hand in ballot order, the running totals and 已录入 n / 收回 m before it is accepted", async () => {
    const { dir } = await samplePile();
    const term = new FakeTerminal(true);
    const done = term.run(["enter", dir]);
    await term.waitFor("收回票数（发出 55 张）");
    term.type("55\r");
    await term.waitFor("已录入 0 / 收回 55");
    term.type("121212121200");
    const screen = await term.waitFor("第 1 张已录满");
    const rows = screen.slice(screen.lastIndexOf("序号")).split("\n").slice(1, 13);
    expect(rows.map((l) => l.trim().split(/\s+/)[1])).toEqual(["P03", "P10", "P08", "P09", "P02", "P06", "P07", "P04", "P11", "P12", "P01", "P05"]);
    expect(rows.map((l) => l.trim().split(/\s+/)[3])).toEqual(["赞成", "反对", "赞成", "反对", "赞成", "反对", "赞成", "反对", "赞成", "反对", "未划", "未划"]);
    // Not yet accepted: nothing counted.
    expect(screen.slice(screen.lastIndexOf("已录入"))).toMatch(/^已录入 0 \/ 收回 55/);
    term.type("\r");
    const after = await term.waitFor("第 1 张已录入");
    expect(after).toContain("已录入 1 / 收回 55　有效 1　无效 0");
    const p03 = after.split("\n").find((l) => l.includes("P03"))!;
    expect(p03.trim().split(/\s+/).slice(-3)).toEqual(["1", "0", "0"]);
    term.type("q");
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("第一次录入已暂停：已录入 1 张 / 收回 55 张");
  });

  it("lists every ballot where the two entries differ, writes nothing, and writes once the wrong one is corrected", async () => {
    const { dir, keys } = await samplePile();
    expect((await enter(dir, keys.join("") + "\r", ["--returned", "55"])).code).toBe(0);
    const wrong = [...keys];
    wrong[4] = "2" + keys[4]!.slice(1);
    wrong[9] = "*\r";
    const second = await enter(dir, wrong.join("") + "\r", ["--second", "--returned", "55", "--json"]);
    expect(second.code).toBe(1);
    expect(second.json.error.code).toBe("E_ENTRY_MISMATCH");
    const messages = second.json.error.diagnostics.map((d: { message: string }) => d.message);
    expect(messages).toEqual([
      "第 5 张：P03 中心小学塑胶运动场建设：第一次赞成，第二次反对",
      "第 10 张：第一次未作废，第二次作废",
    ]);
    await expect(fs.access(path.join(dir, "ballots.csv"))).rejects.toThrow();
    // Running either entry again, with no change, lists them again.
    const again = await enter(dir, "", ["--second"]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("第 5 张");
    // Correct the second entry: g 5, the ballot again, then g 10, then Enter to finish.
    const fixed = await enter(dir, `g5\r${keys[4]}g10\r${keys[9]}\r`, ["--second"]);
    expect(fixed.code, fixed.err + fixed.out.slice(-800)).toBe(0);
    expect(fixed.out).toContain("两次录入一致");
    expect((await runCli(["tally", dir])).code).toBe(0);
  });

  it("resumes where it stopped with nothing lost and nothing doubled, also after a torn last journal line", async () => {
    const { dir, keys } = await samplePile();
    // Stop in the middle of ballot 21 (its marks typed, not accepted).
    const part = await enter(dir, keys.slice(0, 20).join("") + keys[20]!.slice(0, 5), ["--returned", "55"]);
    expect(part.code).toBe(0);
    expect(part.out).toContain("已录入 20 张");
    // A kill in the middle of writing the next record leaves half a line.
    await fs.appendFile(path.join(dir, "entry", "ballots-r1.first.jsonl"), '{"type":"ballot","seq":21,"void":false,"marks":["appro');
    const term = new FakeTerminal(true);
    const done = term.run(["enter", dir, "--json"]);
    const screen = await term.waitFor("已录入 20 / 收回 55");
    expect(screen + (await term.waitFor("接着上次"))).toContain("接着上次");
    term.input.end(keys.slice(20).join("") + "\r");
    const r = await done;
    expect(r.code, term.err).toBe(0);
    const doc = JSON.parse(term.out.slice(term.out.indexOf("{\n")));
    expect(doc.warnings.map((w: { code: string }) => w.code)).toContain("W_JOURNAL_TORN");
    expect(doc.data).toMatchObject({ entered: 55, done: true });
    const ballots = (await journalLines(dir, "first")).filter((x) => x.type === "ballot");
    expect(ballots.map((b) => b.seq)).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
  });

  it("says on resuming that a --returned other than the journal's 收回 was not taken", async () => {
    const { dir, keys } = await samplePile();
    expect((await enter(dir, keys[0]! + "q", ["--returned", "55"])).code).toBe(0);
    const again = await enter(dir, "q", ["--returned", "54"]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("注意：录入记录中的收回票数是 55 张，没有按 --returned 54 改动；确需改正，按 r 重新输入。");
    expect((await journalLines(dir, "first")).filter((x) => x.type === "returned").map((x) => x.value)).toEqual([55]);
    expect((await enter(dir, "q", ["--returned", "55"])).out).not.toContain("没有按 --returned");
  });

  it("is refused before any key when no mark of marks.abstain can be written: 弃权 written empty would be a blank ballot", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "blank-void"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const file = path.join(dir, "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8"));
    session.rules.marks = { abstain: ["-"] };
    await fs.writeFile(file, JSON.stringify(session, null, 2));
    for (const args of [[], ["--second"]]) {
      const r = await enter(dir, "2\r333\r\r", [...args, "--json"]);
      expect(r.code).toBe(1);
      const [marks] = r.json.error.diagnostics;
      // Placed at the list in session.json.
      const line = (await fs.readFile(file, "utf8")).split("\n").findIndex((l) => l.includes('"abstain"')) + 1;
      expect(marks).toMatchObject({ code: "E_MARKS", file: "session.json", line });
      expect(marks.message).toContain("rules.marks.abstain 中没有可以写进 ballots.csv 的符号");
      expect(marks.hint).toContain("在 rules.marks.abstain 里加上“弃权”");
    }
    await expect(fs.access(path.join(dir, "entry"))).rejects.toThrow();
    // With 弃权 listed, a ballot of 弃权 is written so and counted valid, not blank.
    session.rules.marks = { abstain: ["-", "弃权"] };
    await fs.writeFile(file, JSON.stringify(session, null, 2));
    expect((await enter(dir, "1\r333\r\r")).code).toBe(0);
    expect((await enter(dir, "1\r333\r\r", ["--second"])).code).toBe(0);
    expect((await fs.readFile(path.join(dir, "ballots.csv"), "utf8")).replace(/^\ufeff/, "").split(/\r?\n/)[1]).toBe("001,,弃权,弃权,弃权");
    const tally = await runCli(["tally", dir, "--json"]);
    expect(tally.json.data.rounds[0]).toMatchObject({ valid: 1, void: 0 });
  });

  it("undo takes back the last accepted ballot, and the journal says so", async () => {
    const { dir, keys } = await samplePile();
    const r = await enter(dir, keys[0]! + keys[1]! + "-\r" + keys[1]! + "q", ["--returned", "55"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("已撤销第 2 张");
    const types = (await journalLines(dir, "first")).map((x) => x.type === "ballot" ? `b${x.seq}` : x.type);
    expect(types).toEqual(["start", "returned", "b1", "b2", "undo", "b2"]);
  });

  it("never overwrites an existing ballots.csv without --force", async () => {
    const { dir, keys } = await samplePile();
    await fs.writeFile(path.join(dir, "ballots.csv"), "票号,作废\n");
    await enter(dir, keys.join("") + "\r", ["--returned", "55"]);
    const second = await enter(dir, keys.join("") + "\r", ["--second", "--returned", "55", "--json"]);
    expect(second.code).toBe(1);
    expect(second.json.error.diagnostics[0].code).toBe("E_EXISTS");
    expect(await fs.readFile(path.join(dir, "ballots.csv"), "utf8")).toBe("票号,作废\n");
    // Both entries done: --force compares and writes without asking for any key.
    const forced = await runCli(["enter", dir, "--force", "--json"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.json.data.written).toBe("ballots.csv");
    expect((await runCli(["tally", dir])).code).toBe(0);
  });

  it("run again once it has written ballots.csv, says the file already holds these ballots instead of sending the clerk to --force", async () => {
    const { dir, keys } = await samplePile();
    await enter(dir, keys.join("") + "\r", ["--returned", "55"]);
    const written = await enter(dir, keys.join("") + "\r", ["--second", "--returned", "55", "--json"]);
    expect(written.code, written.err).toBe(0);
    const before = await fs.readFile(path.join(dir, "ballots.csv"));
    const again = await runCli(["enter", dir, "--round", "1"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("ballots.csv 已是这些票，内容相同，没有改动。");
    expect(await fs.readFile(path.join(dir, "ballots.csv"))).toEqual(before);
  });

  it("draws its screen on stderr when stdout goes to a file and stderr is the terminal (enter > log.txt), not into the file", async () => {
    const { dir } = await samplePile();
    const input = new PassThrough() as PassThrough & { isTTY?: boolean };
    input.isTTY = true;
    let out = "", err = "";
    const done = run(["enter", dir, "--returned", "55"], {
      stdout: { write: (t: string) => { out += t; return true; }, isTTY: false },
      stderr: { write: (t: string) => { err += t; return true; }, isTTY: true },
      stdin: input, env: {}, now: () => new Date("2026-01-15T10:00:00Z"),
    });
    input.end("q");
    expect(await done).toBe(0);
    expect(err).toContain("请录入第 1 张");
    expect(out).not.toContain("请录入第 1 张");
  });

  it("needs a keyboard, and refuses a journal that no longer fits the ballot", async () => {
    const { dir, keys } = await samplePile();
    const none = await runCli(["enter", dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("需要键盘输入");
    // Said by its diagnostic and hint: not a mistyped command line, so no 用法错误 and no pointer to --help.
    expect(none.stderr).not.toMatch(/用法错误|--help/);
    await enter(dir, keys.slice(0, 3).join(""), ["--returned", "55"]);
    const session = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    session.rules.order = "as-listed";
    await fs.writeFile(path.join(dir, "session.json"), JSON.stringify(session));
    const r = await enter(dir, "", ["--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_JOURNAL", file: "entry/ballots-r1.first.jsonl" });
    // The second entry names the first's journal, the one that no longer fits, not its own (not made yet).
    const second = await enter(dir, "", ["--second", "--json"]);
    expect(second.code).toBe(1);
    expect(second.json.error.diagnostics[0]).toMatchObject({ code: "E_JOURNAL", file: "entry/ballots-r1.first.jsonl" });
  });

  it("refuses the journals of a folder copied from an earlier session, even when both passes are done", async () => {
    const { dir, keys } = await samplePile();
    const pile = keys.slice(0, 3).map((k) => k + "\r").join("") + "\r";
    expect((await enter(dir, pile, ["--returned", "3"])).code).toBe(0);
    expect((await enter(dir, pile, ["--second", "--returned", "3"])).code).toBe(0);
    await fs.rm(path.join(dir, "ballots.csv"));
    // Next year's session in a copy of this folder: a new date, entry/ still there.
    const session = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    await fs.writeFile(path.join(dir, "session.json"), JSON.stringify({ ...session, date: "2027-01-14" }));
    const r = await runCli(["enter", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_JOURNAL", file: "entry/ballots-r1.second.jsonl" });
    expect(r.json.error.diagnostics[0].message).toContain("录入记录是为 2026-01-15 的会议建的，现在的会议日期是 2027-01-14");
    await expect(fs.access(path.join(dir, "ballots.csv"))).rejects.toThrow();
  });

  it("enters a runoff round: only the runoff candidates, ballots-r2.csv, and the tally becomes final", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const originalR2 = path.join(path.dirname(dir), "r2.csv");
    await fs.rename(path.join(dir, "ballots-r2.csv"), originalR2);
    const runoff = (await runCli(["tally", dir, "--json"])).json.data.runoff;
    const records = parseCsvText(await fs.readFile(originalR2, "utf8"), "r2");
    expect(records[0]!.cells).toEqual(runoff.candidates);
    const keys = records.slice(1).map((r) => r.cells.map((c) => KEY_OF[c]!).join("") + "\r").join("");
    const n = records.length - 1;
    expect((await enter(dir, keys + "\r", ["--round", "2", "--returned", String(n)])).code).toBe(0);
    const second = await enter(dir, keys + "\r", ["--round", "2", "--second", "--returned", String(n)]);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain("ballots-r2.csv");
    const final = await runCli(["tally", dir, "--json"]);
    expect(final.code).toBe(0);
    expect(final.json.data.final).toBe(true);
  });
});
