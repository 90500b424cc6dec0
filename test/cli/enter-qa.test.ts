// What a clerk keying ballots in meets in a real terminal: notes that name the paper ballot by its 票号,
// a runoff keyed before its 发出, a --present that leaves the results stale, full-width keys, a typed
// ballot dropped by q, and the journal's line named.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy } from "../helpers.js";
import { FakeTerminal, typeEntry } from "./fake-terminal.js";

/** A session of 4 lines, at most 3 approvals, with its ballots keyed in twice from `keys`. */
async function keyedIn(keys: string, returned: number): Promise<string> {
  const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "max-approvals-integer"));
  await fs.rm(path.join(dir, "ballots.csv"));
  const first = await typeEntry(dir, keys + "\r", ["--returned", String(returned)]);
  expect(first.code, first.err).toBe(0);
  const second = await typeEntry(dir, `${returned}\r${keys}\r`, ["--second"]);
  expect(second.code, second.err).toBe(0);
  return dir;
}

describe("enter, as a clerk meets it", () => {
  it("J1: a keyed ballot's notes name its 票号, and a cell recorded as unreadable is said to be so, with no rules.marks hint", async () => {
    const dir = await keyedIn("1112\r1111\r1412\r", 3);
    const r = await runCli(["tally", dir, "--json"]);
    const said = (code: string) => r.json.warnings.find((w: any) => w.code === code);
    expect(said("W_OVER_APPROVAL").message).toBe("第 3 行（票号 002）赞成 4 项，超过限选数 3，该票无效");
    expect(said("W_OVER_APPROVAL").hint).toContain("请监票人对照票号 002 的纸质票核对这一行");
    expect(said("W_UNREADABLE_MARK").message).toBe("第 4 行（票号 003）“P2”一格在录入时记为无法辨认，该票无效");
    expect(said("W_UNREADABLE_MARK").hint).toBe("请监票人对照票号 003 的纸质票核对这一格");
    const en = await runCli(["tally", dir, "--json", "--lang", "en"]);
    const saidEn = (code: string) => en.json.warnings.find((w: any) => w.code === code);
    expect(saidEn("W_OVER_APPROVAL").messageEn ?? saidEn("W_OVER_APPROVAL").message).toContain("Line 3 (ballot no. 002): 4 approvals");
    expect(saidEn("W_UNREADABLE_MARK").messageEn ?? saidEn("W_UNREADABLE_MARK").message).toBe("Line 4 (ballot no. 003): the cell for “P2” was recorded as unreadable at entry; the ballot is void");
    expect(saidEn("W_UNREADABLE_MARK").hintEn ?? saidEn("W_UNREADABLE_MARK").hint).toBe("Have the tellers check this cell against paper ballot no. 003");
  });
});

describe("enter --present after a tally", () => {
  it("J3: says the vote is to be counted again, and --json has recount: true; before any tally it does not", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    expect((await runCli(["tally", dir])).code).toBe(0);
    const r = await runCli(["enter", dir, "--present", "8"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/已经计过票：运行 piaojue tally \S+，按改正后的实到人数重新计票/);
    const json = await runCli(["enter", dir, "--present", "7", "--json"]);
    expect(json.json.data).toMatchObject({ changed: true, recount: true });
    const en = await runCli(["enter", dir, "--present", "8", "--lang", "en"]);
    expect(en.stdout).toContain("The vote has been counted already: run piaojue tally");
    const fresh = await scratchCopy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(fresh, "ballots.csv"));
    const before = await runCli(["enter", fresh, "--present", "8", "--json"]);
    expect(before.json.data).toMatchObject({ changed: true, recount: false });
  });
});

describe("a runoff keyed in before its 发出 is given", () => {
  it("J2: entry says at once that session.json lacks the round's 发出, with the command that gives it; runoff names keyboard entry", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "tie-runoff-round2-ties-again"));
    const runoff = await runCli(["runoff", dir]);
    expect(runoff.stdout).toMatch(/或键盘录入：运行 piaojue enter \S+ 逐张键入，另一人用 --second 再录一遍，两次一致即写出 ballots-r3\.csv；录入前先运行 piaojue enter --issued N --round 3 \S+ 记下发出票数/);
    expect((await runCli(["runoff", dir, "--lang", "en"])).stdout).toMatch(/Or type the ballots in: piaojue enter \S+ \(a second person again with --second\), writing ballots-r3\.csv/);
    const term = new FakeTerminal(true);
    const done = term.run(["enter", dir]);
    await term.waitFor(/注意：session\.json 还没有第 3 轮的发出票数，收回票数无法核对；按 q 暂停，运行 piaojue enter \S+ --issued N --round 3（N 为发出票数）后接着录入。/);
    await term.waitFor("先输入收回的票数");
    term.input.end("q");
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/session\.json W_ENTRY_ISSUED_MISSING session\.json 的 issued 还没有第 3 轮的发出票数/);
    // Once it is given, nothing more is said of it.
    expect((await runCli(["enter", dir, "--issued", "11", "--round", "3"])).code).toBe(0);
    const again = await typeEntry(dir, "q");
    expect(again.out + again.err).not.toContain("发出票数");
  });
});

describe("full-width keys from a Chinese input method", () => {
  const journal = async (dir: string) => (await fs.readFile(path.join(dir, "entry", "ballots-r1.first.jsonl"), "utf8"))
    .split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.type !== "start");

  it("J4: entry reads １ ＊ as 1 *, at the 收回 prompt and at r too", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "max-approvals-integer"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const first = await typeEntry(dir, "３\r１１１２\r＊\rq");
    expect(first.out + first.err).not.toContain("不是录入键");
    const again = await typeEntry(dir, "ｒ３０\rq");
    expect(again.code, again.err).toBe(0);
    expect(await journal(dir)).toEqual([
      { type: "returned", value: 3 },
      { type: "ballot", seq: 1, void: false, marks: ["approve", "approve", "approve", "against"] },
      { type: "ballot", seq: 2, void: true, marks: ["blank", "blank", "blank", "blank"] },
      { type: "returned", value: 30 },
    ]);
  });

  it("B1: only the full-width block is folded: ① is no key (a ballot file reads it as unreadable), １ is 1", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "max-approvals-integer"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const r = await typeEntry(dir, "２\r①１１１２\r\rq");
    expect(r.out + r.err).toContain("“①”不是录入键");
    expect(await journal(dir)).toEqual([
      { type: "returned", value: 2 },
      { type: "ballot", seq: 1, void: false, marks: ["approve", "approve", "approve", "against"] },
    ]);
  });

  it("J4: init reads ５８ and the other numbers typed full-width, and keeps the title as typed", async () => {
    const dir = await fs.mkdtemp(path.join(path.dirname(await scratchCopy(path.join(FIXTURES, "scenarios", "basic-all-final"))), "init-"));
    const term = new FakeTerminal(true);
    const done = term.run(["init", dir, "--yes", "--title", "某镇（第五次）会议"]);
    await term.waitFor("应到代表人数");
    term.type("５８\r");
    await term.waitFor("实到代表人数");
    term.type("５５\r");
    await term.waitFor("应选项目数 N");
    term.type("１０\r");
    const r = await done;
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const json = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    expect(json).toMatchObject({ title: "某镇（第五次）会议", deputies: { total: 58, present: 55 }, issued: [55], rules: { formal: 10 } });
  });
});

describe("q with a ballot in hand", () => {
  it("J6: says the typed, unconfirmed ballot was discarded; says nothing of it when nothing was typed", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "max-approvals-integer"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const part = await typeEntry(dir, "3\r1112\r11q");
    expect(part.out).toContain("第 2 张已录入但还没有确认（没有按 Enter），已舍弃，接着录入时从第 2 张重新录入。");
    const whole = await typeEntry(dir, "1111\x03", ["--lang", "en"]);
    expect(whole.out).toContain("Ballot 2 was typed but not confirmed (Enter not pressed) and has been discarded: type ballot 2 again when going on.");
    const none = await typeEntry(dir, "q");
    expect(none.out).not.toContain("舍弃");
    expect(none.out).toContain("已确认的票都已保存");
  });
});

describe("entry's journal and lock, named", () => {
  /** Two ballots entered, then the second one's record (line 4 of the journal) changed by `edit`. */
  async function journalWithSecondBallot(edit: (record: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "max-approvals-integer"));
    await fs.rm(path.join(dir, "ballots.csv"));
    expect((await typeEntry(dir, "3\r1112\r1111\rq")).code).toBe(0);
    const file = path.join(dir, "entry", "ballots-r1.first.jsonl");
    const lines = (await fs.readFile(file, "utf8")).split("\n");
    expect(JSON.parse(lines[3]!)).toMatchObject({ type: "ballot", seq: 2 });
    lines[3] = JSON.stringify(edit(JSON.parse(lines[3]!)));
    await fs.writeFile(file, lines.join("\n"));
    return dir;
  }

  it("J10: E_JOURNAL for a record that cannot follow gives the journal's line", async () => {
    const dir = await journalWithSecondBallot((record) => ({ ...record, marks: ["approve"] }));
    const r = await typeEntry(dir, "", ["--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_JOURNAL", file: "entry/ballots-r1.first.jsonl", line: 4 });
  });

  it("B4: a gap in the journal's ballot numbers says the journal was edited or damaged, not that candidates or rules changed", async () => {
    const dir = await journalWithSecondBallot((record) => ({ ...record, seq: 5 }));
    const r = await typeEntry(dir, "", ["--json"]);
    expect(r.code).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_JOURNAL", line: 4, message: "票的序号 5 不连续（已有 1 张）" });
    expect(d.hint).not.toContain("候选项目或规则改过");
    expect(d.hint).toContain("文件被改动或磁盘损坏");
    const en = await typeEntry(dir, "", ["--json", "--lang", "en"]);
    expect(en.json.error.diagnostics[0].hintEn).toContain("the file was edited, or the disk is damaged");
  });

  it("J10: E_ENTRY_BUSY names the lock within the session folder, as it names the journal, wherever it is run from", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "max-approvals-integer"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const stat = await fs.readFile("/proc/1/stat", "utf8");
    const owner = { start: stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!, boot: (await fs.readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim() };
    await fs.mkdir(path.join(dir, "entry"), { recursive: true });
    await fs.writeFile(path.join(dir, "entry", "ballots-r1.first.jsonl.lock"), JSON.stringify({ pid: 1, ...owner }));
    const term = new FakeTerminal(true);
    const done = term.run(["enter", path.basename(dir), "--json"], { cwd: path.dirname(dir) });
    term.input.end("");
    const r = await done;
    expect(r.code).toBe(1);
    const busy = r.json.error.diagnostics[0];
    expect(busy).toMatchObject({ code: "E_ENTRY_BUSY", file: "entry/ballots-r1.first.jsonl" });
    expect(busy.hint).toContain("锁文件是 entry/ballots-r1.first.jsonl.lock：");
  });
});
