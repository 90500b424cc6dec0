// piaojue enter --counts: a hand count's count sheet typed in twice, journaled figure by figure; when the
// two entries agree, counts.csv and session.json's counted are written, and the tally equals the count.
// And --present / --issued: the day's corrections to session.json without editing JSON by hand.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { FIXTURES, ROOT, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";
import { typeEntry } from "./fake-terminal.js";

const enter = (dir: string, input: string, args: string[] = []) => typeEntry(dir, input, ["--counts", ...args]);

type Totals = Record<string, { approve: number; against: number; abstain: number }>;

/** The sample session hand-counted: its folder without ballots.csv, the line order, and the true totals. */
async function handCount(): Promise<{ dir: string; order: string[]; totals: Totals; reference: any }> {
  const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
  const reference = (await runCli(["tally", dir, "--json", "-o", path.join(path.dirname(dir), "reference-out")])).json.data;
  await fs.rm(path.join(dir, "ballots.csv"));
  const totals: Totals = Object.fromEntries(reference.candidates.map((c: any) => [c.id, { approve: c.approve, against: c.against, abstain: c.abstain }]));
  // The form follows the ballot order, which the journal's start record names.
  expect((await enter(dir, "q")).code).toBe(0);
  const start = JSON.parse((await fs.readFile(path.join(dir, "entry", "counts-r1.first.jsonl"), "utf8")).split("\n")[0]!);
  return { dir, order: start.lines, totals, reference };
}

function sheetKeys(order: string[], totals: Totals): string {
  return "55\r3\r" + order.map((id) => `${totals[id]!.approve}\r${totals[id]!.against}\r${totals[id]!.abstain}\r`).join("");
}

describe("piaojue enter --counts", () => {
  it("is not refused over marks: a hand count writes none (a session whose marks leave no cell for 弃权)", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const file = path.join(dir, "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8"));
    session.rules.marks = { against: ["×", "弃权", ""] };
    await fs.writeFile(file, JSON.stringify(session, null, 2));
    const counts = await enter(dir, "q");
    expect(counts.code, counts.err).toBe(0);
    const ballots = await typeEntry(dir, "q");
    expect(ballots.code).toBe(1);
    expect(ballots.err).toContain("E_MARKS");
  });

  it("is refused before any key when the round's ballots.csv is in the folder: a round is counted one way", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const before = await snapshot(dir);
    const r = await enter(dir, "55\r3\r", ["--round", "1"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("ballots.csv E_COUNTS_BALLOTS_EXIST 会议文件夹里已有逐票录入的 ballots.csv");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("a round there as a workbook (ballots.xlsx, counts.xlsx) is refused before any key, named as it is: entry would write its CSV beside it", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const rows = (await fs.readFile(path.join(dir, "ballots.csv"), "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(","));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    for (const row of rows) ws.addRow(row);
    await wb.xlsx.writeFile(path.join(dir, "ballots.xlsx"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const before = await snapshot(dir);
    const ballots = await typeEntry(dir, "55\r", ["--round", "1", "--json"]);
    expect(ballots.code).toBe(1);
    expect(ballots.json.error.diagnostics.map((d: any) => `${d.file} ${d.code} ${d.message}`)).toEqual([
      "ballots.xlsx E_ENTRY_WORKBOOK_EXISTS 会议文件夹里已有 ballots.xlsx（第 1 轮）：录入写出的 ballots.csv 不能与它并存，同一张表只能有一种文件"]);
    const counts = await enter(dir, "55\r3\r", ["--round", "1", "--json"]);
    expect(counts.json.error.diagnostics.map((d: any) => `${d.file} ${d.code}`)).toEqual(["ballots.xlsx E_COUNTS_BALLOTS_EXIST"]);
    expect(await snapshot(dir)).toEqual(before);
    // Hand counts in a workbook: named as counts.xlsx.
    const hand = await scratchCopy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    const sheet = (await fs.readFile(path.join(hand, "counts.csv"), "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(","));
    const book = new ExcelJS.Workbook();
    const cs = book.addWorksheet("Sheet1");
    for (const row of sheet) cs.addRow(row.map((c, i) => (i > 0 && /^\d+$/.test(c) ? Number(c) : c)));
    await book.xlsx.writeFile(path.join(hand, "counts.xlsx"));
    await fs.rm(path.join(hand, "counts.csv"));
    const r = await typeEntry(hand, "1\r", ["--round", "1", "--json"]);
    expect(r.json.error.diagnostics.map((d: any) => `${d.file} ${d.code}`)).toEqual(["counts.xlsx E_ROUND_TWICE"]);
    const c = await enter(hand, "1\r", ["--round", "1", "--json"]);
    expect(c.json.error.diagnostics.map((d: any) => `${d.file} ${d.code}`)).toEqual(["counts.xlsx E_ENTRY_WORKBOOK_EXISTS"]);
  });

  it("and ballots are refused before any key when the round's counts.csv is in the folder; a decided hand count is named by it", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    const before = await snapshot(dir);
    const r = await typeEntry(dir, "1\r", ["--round", "1", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: any) => `${d.file} ${d.code} ${d.message}`)).toEqual(["counts.csv E_ROUND_TWICE 会议文件夹里已有手工计票结果 counts.csv"]);
    expect(await snapshot(dir)).toEqual(before);
    // Without --round: every round is in, and the round in is counts.csv, not a ballots.csv there is not.
    const all = await typeEntry(dir, "", ["--json"]);
    expect(all.json.error.diagnostics.map((d: any) => `${d.file} ${d.code}`)).toEqual(["counts.csv E_ENTRY_ALL_IN"]);
  });

  it("two agreeing entries write counts.csv and counted, keep the rest of session.json, and tally as the ballots did", async () => {
    const { dir, order, totals, reference } = await handCount();
    const sessionBefore = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    const first = await enter(dir, sheetKeys(order, totals) + "\r");
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain("计票单第一次录入完成");
    await expect(fs.access(path.join(dir, "counts.csv"))).rejects.toThrow();
    const second = await enter(dir, sheetKeys(order, totals) + "\r", ["--second", "--json"]);
    expect(second.code, second.err).toBe(0);
    expect(second.json.data).toMatchObject({ written: "counts.csv", counts: { returned: 55, void: 3 } });
    const session = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    expect(session).toEqual({ ...sessionBefore, counted: [{ returned: 55, void: 3 }] });
    expect(await fs.readFile(path.join(dir, "session.json"), "utf8")).toBe(JSON.stringify(session, null, 2) + "\n");
    const csv = (await fs.readFile(path.join(dir, "counts.csv"), "utf8")).replace(/^\ufeff/, "");
    expect(csv.split("\r\n")[0]).toBe("编号,赞成,反对,弃权");
    const tally = await runCli(["tally", dir, "--json"]);
    expect(tally.code, tally.stderr).toBe(0);
    expect(tally.json.data.candidates.map((c: any) => [c.id, c.approve, c.against, c.abstain, c.status])).toEqual(reference.candidates.map((c: any) => [c.id, c.approve, c.against, c.abstain, c.status]));
    expect(tally.json.data.rounds[0]).toMatchObject({ returned: 55, valid: 52, void: 3 });
  });

  it("says, when the entries agree, what tally will warn of the sheet: more approvals than the valid ballots could hold", async () => {
    const { dir, order } = await handCount();
    // 52 valid ballots approving at most 10 each hold 520 approvals; 12 lines of 50 are 600.
    const impossible: Totals = Object.fromEntries(order.map((id) => [id, { approve: 50, against: 1, abstain: 1 }]));
    expect((await enter(dir, sheetKeys(order, impossible) + "\r")).code).toBe(0);
    const second = await enter(dir, sheetKeys(order, impossible) + "\r", ["--second", "--json"]);
    expect(second.code, second.err).toBe(0);
    expect(second.json.data.written).toBe("counts.csv");
    const tally = await runCli(["tally", dir, "--json"]);
    const codes = (r: any) => r.json.warnings.map((w: any) => `${w.file} ${w.code}`).filter((w: string) => w.includes("W_COUNT_"));
    expect(codes(second)).toEqual(["counts.csv W_COUNT_IMPOSSIBLE"]);
    expect(codes(tally)).toEqual(codes(second));
  });

  it("says which figures it replaced when session.json's counted held others for the round", async () => {
    const { dir, order, totals } = await handCount();
    const file = path.join(dir, "session.json");
    await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, "utf8")), counted: [{ returned: 54, void: 1 }] }, null, 2) + "\n");
    expect((await enter(dir, sheetKeys(order, totals) + "\r")).code).toBe(0);
    const second = await enter(dir, sheetKeys(order, totals) + "\r", ["--second", "--json"]);
    expect(second.code, second.err).toBe(0);
    expect(second.json.data.replacedCounted).toEqual({ returned: 54, void: 1 });
    expect(JSON.parse(await fs.readFile(file, "utf8")).counted).toEqual([{ returned: 55, void: 3 }]);
    // The same figures already there are not said to be replaced.
    const again = await handCount();
    const againFile = path.join(again.dir, "session.json");
    await fs.writeFile(againFile, JSON.stringify({ ...JSON.parse(await fs.readFile(againFile, "utf8")), counted: [{ returned: 55, void: 3 }] }, null, 2) + "\n");
    expect((await enter(again.dir, sheetKeys(again.order, again.totals) + "\r")).code).toBe(0);
    const same = await enter(again.dir, sheetKeys(again.order, again.totals) + "\r", ["--second"]);
    expect(same.code, same.err).toBe(0);
    expect(same.out).not.toContain("原来写的是");
  });

  it("lists the figures where the entries differ and writes nothing", async () => {
    const { dir, order, totals } = await handCount();
    expect((await enter(dir, sheetKeys(order, totals) + "\r")).code).toBe(0);
    // The second clerk swaps 赞成 and 反对 of the first line: each line still adds up, so only comparing finds it.
    const id = order[0]!;
    const swapped: Totals = { ...totals, [id]: { ...totals[id]!, approve: totals[id]!.against, against: totals[id]!.approve } };
    const before = await snapshot(dir);
    const second = await enter(dir, sheetKeys(order, swapped) + "\r", ["--second", "--json"]);
    expect(second.code).toBe(1);
    expect(second.json.error.diagnostics.map((d: any) => d.code)).toEqual(["E_COUNTS_DIFFER", "E_COUNTS_DIFFER"]);
    expect(second.json.data.differences.map((d: any) => d.message)).toEqual([
      `${id} 赞成：第一次 ${totals[id]!.approve}，第二次 ${totals[id]!.against}`,
      `${id} 反对：第一次 ${totals[id]!.against}，第二次 ${totals[id]!.approve}`,
    ]);
    const after = await snapshot(dir);
    expect(after.get("session.json")).toBe(before.get("session.json"));
    expect(after.has("counts.csv")).toBe(false);
    // Under --lang en each difference has its English beside it, as the diagnostics do.
    const english = await enter(dir, sheetKeys(order, swapped) + "\r", ["--second", "--json", "--lang", "en"]);
    expect(english.json.data.differences.map((d: any) => d.messageEn)).toEqual(english.json.error.diagnostics.map((d: any) => d.messageEn));
    expect(english.json.data.differences[0].messageEn).toMatch(/^[A-Z]/);
  });

  it("will not go past a line whose columns do not add up to 收回 − 无效, and resumes after a stop with nothing lost", async () => {
    const { dir, order, totals } = await handCount();
    const [a, b] = [order[0]!, order[1]!];
    // Line one typed with 1 too many 赞成: the form says so and asks for the line again.
    const wrong = `55\r3\r${totals[a]!.approve + 1}\r${totals[a]!.against}\r${totals[a]!.abstain}\r`;
    const part = await enter(dir, wrong + `${totals[a]!.approve}\r\r\r${totals[b]!.approve}\rq`);
    expect(part.code).toBe(0);
    expect(part.out).toContain(`${a} 的赞成、反对、弃权合计 53，应等于收回减无效 52`);
    expect(part.out).toContain("计票单第一次录入已暂停");
    const rest = sheetKeys(order, totals).split("\r").slice(2 + 3 + 1).join("\r");
    const resumed = await enter(dir, `${totals[b]!.against}\r` + rest.slice(rest.indexOf("\r") + 1) + "\r", ["--json"]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.json.data).toMatchObject({ done: true, entered: 2 + 3 * order.length });
    const records = (await fs.readFile(path.join(dir, "entry", "counts-r1.first.jsonl"), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(records.filter((r) => r.field === `${a}:approve`).map((r) => r.value)).toEqual([totals[a]!.approve + 1, totals[a]!.approve]);
  });

  it("stopped on a line sent back, taken up again at that line (first or second entry), not at the next", async () => {
    const { dir, order, totals } = await handCount();
    const [a, b] = [order[0]!, order[1]!];
    const line = (id: string, extra = 0) => `${totals[id]!.approve + extra}\r${totals[id]!.against}\r${totals[id]!.abstain}\r`;
    for (const pass of [[], ["--second"]]) {
      const stopped = await enter(dir, `55\r3\r${line(a)}${line(b, 1)}q`, pass);
      expect(stopped.out).toContain(`${b} 的赞成、反对、弃权合计`);
      // Taken up again: the line is said again, and the figures typed go to it.
      const again = await enter(dir, `${line(b)}q`, pass);
      expect(again.out).toContain(`${b} 的赞成、反对、弃权合计`);
      const journal = `counts-r1.${pass.length > 0 ? "second" : "first"}.jsonl`;
      const records = (await fs.readFile(path.join(dir, "entry", journal), "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
      expect(records.filter((r) => r.field === `${b}:approve`).map((r) => r.value), journal).toEqual([totals[b]!.approve + 1, totals[b]!.approve]);
      expect(records.some((r) => r.field === `${order[2]}:approve`), journal).toBe(false);
    }
  });

  it("needs a keyboard too", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const piped = new PassThrough();
    piped.end("55\r3\r");
    const r = await runCli(["enter", dir, "--counts"], { stdin: piped });
    expect(r.code).toBe(2);
    await expect(fs.access(path.join(dir, "entry"))).rejects.toThrow();
  });
});

describe("piaojue enter --present / --issued", () => {
  it("corrects 实到 and the round's 发出 in session.json, keeping everything else", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const before = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    const r = await runCli(["enter", dir, "--present", "54", "--issued", "54"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("实到人数 55 → 54");
    expect(r.stdout).toContain("第 1 轮发出票数 55 → 54");
    // Round 1 is in the folder and counted: the clerk is told to count it again.
    expect(r.stdout).toContain(`第 1 轮已经计过票：运行 piaojue tally ${path.relative(ROOT, dir)}，按改正后的数重新计票`);
    const after = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    expect(after).toEqual({ ...before, deputies: { ...before.deputies, present: 54 }, issued: [54] });
    await expect(fs.access(path.join(dir, "entry"))).rejects.toThrow();
  });

  it("a figure session.json has already is not written again, whatever the file's layout; --json says what was set", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const file = path.join(dir, "session.json");
    // Not laid out with two-space indents: rewriting it for its layout would change the bytes audit checks.
    await fs.writeFile(file, JSON.stringify(JSON.parse(await fs.readFile(file, "utf8"))));
    expect((await runCli(["tally", dir])).code).toBe(0);
    const before = await fs.readFile(file, "utf8");
    for (const args of [["--present", "55"], ["--issued", "55"], ["--present", "55", "--issued", "55"]]) {
      const r = await runCli(["enter", dir, ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, args.join(" ")).toBe("session.json 中已是这些数，未改动。\n");
      expect(await fs.readFile(file, "utf8")).toBe(before);
    }
    expect((await runCli(["audit", dir])).code).toBe(0);
    const same = await runCli(["enter", dir, "--present", "55", "--issued", "55", "--json"]);
    expect(same.json.data).toEqual({ present: { from: 55, to: 55 }, issued: { round: 1, from: 55, to: 55 }, changed: false, recount: false });
    // Only the figure that changes is said to.
    const one = await runCli(["enter", dir, "--present", "54", "--issued", "55", "--json"]);
    expect(one.json.data).toEqual({ present: { from: 55, to: 54 }, issued: { round: 1, from: 55, to: 55 }, changed: true, recount: true });
    expect((await runCli(["enter", dir, "--present", "53", "--issued", "55"])).stdout).toMatch(/^已改写 \S+：实到人数 54 → 53。其他/);
  });

  it("asks for a recount when 实到 changes after round 1 was counted, though --issued is for a round not yet counted", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["tally", dir])).code).toBe(4);
    const r = await runCli(["enter", dir, "--present", "41", "--issued", "41", "--round", "2"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/实到人数 42 → 41；第 2 轮发出票数 42 → 41。/);
    expect(r.stdout).toMatch(/已经计过票：运行 piaojue tally \S+，按改正后的实到人数重新计票/);
    const json = await runCli(["enter", dir, "--present", "40", "--issued", "40", "--round", "2", "--json"]);
    expect(json.json.data).toEqual({ present: { from: 41, to: 40 }, issued: { round: 2, from: 41, to: 40 }, changed: true, recount: true });
    // Round 2's figure alone changes no count yet.
    const issuedOnly = await runCli(["enter", dir, "--present", "40", "--issued", "39", "--round", "2", "--json"]);
    expect(issuedOnly.json.data).toMatchObject({ changed: true, recount: false });
  });

  it("keeps a BOM that Notepad wrote at the start of session.json when it rewrites a figure", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const file = path.join(dir, "session.json");
    await fs.writeFile(file, "\ufeff" + (await fs.readFile(file, "utf8")));
    const r = await runCli(["enter", dir, "--present", "54"]);
    expect(r.code, r.stderr).toBe(0);
    const bytes = await fs.readFile(file);
    expect([...bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x7b]);
    expect(JSON.parse(bytes.toString("utf8").slice(1)).deputies.present).toBe(54);
  });

  it("tells, as check does, of a figure that makes the vote void before anyone votes (30 typed for 53)", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["enter", dir, "--present", "30", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.warnings.map((w: { code: string }) => w.code).sort()).toEqual(["W_ISSUED_EXCEEDS_PRESENT", "W_QUORUM_SHORT"]);
    const check = await runCli(["check", dir, "--json"]);
    expect(check.json.warnings.map((w: { code: string }) => w.code).sort()).toEqual(["W_ISSUED_EXCEEDS_PRESENT", "W_QUORUM_SHORT"]);
    expect((await runCli(["enter", dir, "--present", "55"])).stderr).toBe("");
  });

  it("refuses a figure the session schema refuses (实到 over 应到), and writes nothing", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const before = await fs.readFile(path.join(dir, "session.json"), "utf8");
    const r = await runCli(["enter", dir, "--present", "59", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].code).toBe("E_SESSION_SCHEMA");
    expect(await fs.readFile(path.join(dir, "session.json"), "utf8")).toBe(before);
    expect((await fs.readdir(dir)).sort()).toEqual(["ballots.csv", "candidates.csv", "session.json"]);
  });

  it("leaves a UTF-16 session.json (which check passes) unchanged, and says to save it as UTF-8", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const file = path.join(dir, "session.json");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(await fs.readFile(file, "utf8"), "utf16le")]);
    await fs.writeFile(file, utf16);
    expect((await runCli(["check", dir])).code).toBe(0);
    const r = await runCli(["enter", dir, "--present", "54", "--json"]);
    expect(r.code).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d.code).toBe("E_SESSION_REWRITE");
    expect(d.message).toBe("session.json 是 UTF-16 编码（记事本、Excel 所说的“Unicode”）：piaojue 能读取它，check 也能通过，但 enter 只改写 UTF-8 编码的 session.json，没有改动它");
    expect(d.hint).toBe("用记事本打开 session.json，“另存为”时编码选 UTF-8（内容不必改），保存后再运行本命令");
    expect(d.hint).not.toContain("check");
    expect(await fs.readFile(file)).toEqual(utf16);
  });

  it("sets the runoff round's 发出 when the runoff is pending", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const r = await runCli(["enter", dir, "--issued", "41"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8")).issued).toEqual([42, 41]);
    expect(r.stdout).not.toContain("已经计过票");
  });
});
