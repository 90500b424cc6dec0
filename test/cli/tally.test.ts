import { promises as fs } from "node:fs";
import * as path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeSession, ROOT, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

const CANDIDATES = "编号,项目名称,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效\n" +
  ["A,路灯亮化", "B,养老助餐", "C,村道硬化"].map((r) => `${r},背景,内容,全镇,镇政府,10,镇财政,2026-06,目标`).join("\n") + "\n";

function session(rules: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ title: "测试镇人民代表大会", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5], rules: { formal: 2, order: "as-listed", ...rules }, ...extra }, null, 2);
}

describe("piaojue tally", () => {
  it("points at an over-approval ballot's row on screen and in --json, and in no file it writes", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", dir]);
    expect(r.stderr).toContain("ballots.csv:42:13 W_OVER_APPROVAL 第 42 行（票号 041）赞成 11 项，超过限选数 10，该票无效");
    expect(r.stderr).toContain("提示：请监票人对照票号 041 的纸质票核对这一行");
    const json = await runCli(["tally", dir, "--json"]);
    expect(json.json.warnings).toContainEqual(expect.objectContaining({ code: "W_OVER_APPROVAL", file: "ballots.csv", line: 42, column: 13 }));
    for (const name of await fs.readdir(path.join(dir, "out"))) {
      if (!/\.(csv|md|html|json)$/.test(name)) continue;
      const text = await fs.readFile(path.join(dir, "out", name), "utf8");
      expect(text, name).not.toMatch(/W_OVER_APPROVAL|第 42 行/);
    }
  });

  it("gives each round's void ballots by reason on screen, worded as the 公告 words them", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", dir]);
    expect(r.code, r.stderr).toBe(0);
    const line = "第 1 轮：发出 55，收回 55，有效 52，无效 3（宣布作废 1，符号无法辨认 1，赞成超过限选数 1）";
    expect(r.stdout.split("\n")).toContain(line);
    const announcement = await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8");
    expect(announcement).toContain("（宣布作废 1，符号无法辨认 1，赞成超过限选数 1）");
    const en = await runCli(["tally", dir, "--lang", "en"]);
    expect(en.stdout).toContain("Round 1: 55 issued, 55 returned, 52 valid, 3 void (marked void 1, unreadable mark 1, too many approvals 1)");
  });

  it("names a round file saved under a near-miss name, which it does not read", async () => {
    for (const name of ["ballots2.csv", "Ballots-R2.CSV", "ballots_r2.csv", "ballots-r02.csv"]) {
      const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
      await fs.rename(path.join(dir, "ballots-r2.csv"), path.join(dir, name));
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code, name).toBe(4);
      expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_ROUND_FILE_NAME", file: name }));
      const w = r.json.warnings.find((x: { code: string }) => x.code === "W_ROUND_FILE_NAME");
      expect(w.message).toBe(`“${name}”像是第 2 轮的表决票，但文件名不对，没有读取它`);
      expect(w.hint).toMatch(/^如果它是第 2 轮的，把它改名为 ballots-r2\.csv/);
    }
    // Left alone: a second copy as Windows names it, a dated backup, a copy beside the right file.
    for (const name of ["ballots (2).csv", "ballots-2025.csv", "ballots(1).csv"]) {
      const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
      await fs.copyFile(path.join(dir, "ballots.csv"), path.join(dir, name));
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code, name).toBe(0);
      expect(r.json.warnings.map((x: { code: string }) => x.code), name).not.toContain("W_ROUND_FILE_NAME");
    }
    // A workbook's right name is a workbook's; a doubled extension is caught.
    const book = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(book, "ballots-r2.csv"));
    await fs.writeFile(path.join(book, "Ballots-R2.xlsx"), "");
    await fs.copyFile(path.join(SEEDS, "tie-runoff", "ballots-r2.csv"), path.join(book, "ballots-r2.csv.csv"));
    const named = (await runCli(["tally", book, "--json"])).json.warnings.filter((x: { code: string }) => x.code === "W_ROUND_FILE_NAME");
    expect(named.map((x: { file: string; hint: string }) => [x.file, /改名为 (\S+?)（/.exec(x.hint)?.[1]])).toEqual([["Ballots-R2.xlsx", "ballots-r2.xlsx"], ["ballots-r2.csv.csv", "ballots-r2.csv"]]);
    // A round-1 file misnamed: the missing ballots are reported, and the near miss beside them.
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rename(path.join(dir, "ballots.csv"), path.join(dir, "Ballots.csv"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(["E_NO_BALLOTS", "W_ROUND_FILE_NAME"]));
  });

  it("re-running gives byte-identical CSV and Markdown outputs, and the inputs are untouched", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const before = await snapshot(dir);
    expect((await runCli(["tally", dir])).code).toBe(0);
    const first = await snapshot(path.join(dir, "out"));
    expect((await runCli(["tally", dir], { now: new Date("2027-03-01T00:00:00Z") })).code).toBe(0);
    const second = await snapshot(path.join(dir, "out"));
    for (const name of ["results.csv", "summary.csv", "announcement.md", "announcement.html", "SHA256SUMS"]) expect(second.get(name)).toBe(first.get(name));
    const after = await snapshot(dir);
    for (const [k, v] of before) expect(after.get(k)).toBe(v);
  });

  it("says that session.json's counted is not used for a round counted from its ballots, at the entry's line and column", async () => {
    const ballots = "A,B,C\n○,○,×\n○,×,○\n○,○,\n×,○,○\n○,○,×\n";
    const plain = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES, "ballots.csv": ballots });
    const text = session({}, { counted: [{ returned: 5, void: 3 }] });
    const withCounted = await makeSession({ "session.json": text, "candidates.csv": CANDIDATES, "ballots.csv": ballots });
    const [a, b] = [await runCli(["tally", plain, "--json"]), await runCli(["tally", withCounted, "--json"])];
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_COUNTED_UNUSED");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"returned": 5')) + 1;
    // The entry is the object that opens on the line before its first key.
    const at = { line: line - 1, column: lines[line - 2]!.indexOf("{") + 1 };
    expect(b.json.warnings).toContainEqual(expect.objectContaining({ code: "W_COUNTED_UNUSED", file: "session.json", ...at }));
    expect(b.json.warnings.find((w: { code: string }) => w.code === "W_COUNTED_UNUSED").message).toContain("收回 5、无效 3");
    // The count itself is the ballots' count.
    expect(b.json.data).toEqual(a.json.data);
    for (const name of ["results.csv", "summary.csv", "announcement.md"]) {
      expect(await fs.readFile(path.join(withCounted, "out", name), "utf8")).toBe(await fs.readFile(path.join(plain, "out", name), "utf8"));
    }
  });

  it("refuses a ballots file with a header and no ballot (the unfilled template), in any round: exit 1, nothing written", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const header = (await fs.readFile(path.join(dir, "ballots.csv"), "utf8")).split("\n")[0]! + "\n";
    await fs.writeFile(path.join(dir, "ballots.csv"), header);
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_BALLOTS_NONE", file: "ballots.csv", line: 1, column: 1 })]);
    await expect(fs.stat(path.join(dir, "out"))).rejects.toThrow();
    // Round 2's template copied in unfilled.
    const tie = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(tie, "ballots-r2.csv"), { force: true });
    expect((await runCli(["runoff", tie])).code).toBe(0);
    await fs.copyFile(path.join(tie, "out", "ballots-r2-template.csv"), path.join(tie, "ballots-r2.csv"));
    const r2 = await runCli(["tally", tie, "--json"]);
    expect(r2.code).toBe(1);
    const errors = r2.json.error.diagnostics.filter((d: { severity: string }) => d.severity === "error");
    expect(errors.map((d: { code: string; file: string }) => `${d.code} ${d.file}`)).toEqual(["E_BALLOTS_NONE ballots-r2.csv"]);
    // Without a quorum no vote was held: an empty ballots file is what there is, and the vote is void (exit 3).
    const noQuorum = await makeSession({ "session.json": session({}, { deputies: { total: 9, present: 5 } }), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n" });
    const q = await runCli(["tally", noQuorum, "--json"]);
    expect(q.code).toBe(3);
    expect(q.json.data.voidReasons).toEqual(["quorum-not-met"]);
  });

  it("refuses a hand count that says no ballot was returned (a count left at 0), at its place in session.json", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    const file = path.join(dir, "session.json");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace('"returned": 20', '"returned": 0'));
    await fs.writeFile(path.join(dir, "counts.csv"), "编号,赞成,反对,弃权\nP1,0,0,0\nP2,0,0,0\nP3,0,0,0\nP4,0,0,0\nP5,0,0,0\n");
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_COUNTED_NONE", file: "session.json", line: 6, column: 17 })]);
    expect(r.json.error.diagnostics[0].message).toBe("session.json 的 counted 写第 1 轮收回 0 张，而发出了 21 张");
    await expect(fs.stat(path.join(dir, "out"))).rejects.toThrow();
  });

  it("says a session present at exactly its quorum (17 of 25 at two thirds) meets it", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    const file = path.join(dir, "session.json");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace('"present": 22', '"present": 17').replace('"issued": [21]', '"issued": [17]').replace('"returned": 20', '"returned": 17'));
    await fs.writeFile(path.join(dir, "counts.csv"), "编号,赞成,反对,弃权\nP1,17,0,0\nP2,14,2,1\nP3,13,3,1\nP4,9,7,1\nP5,4,11,2\n");
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.attendance).toEqual({ total: 25, present: 17, quorumNeeded: 17 });
    const md = await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8");
    expect(md).toContain("应到代表 25 名，实到 17 名，法定人数 17 名，符合法定人数。");
    // The printed 公告 says it as the Markdown one does (SPEC §7: attendance and quorum).
    const html = await fs.readFile(path.join(dir, "out", "announcement.html"), "utf8");
    expect(html.replace(/<[^>]+>/g, "")).toContain("法定人数 17 名，符合法定人数。");
  });

  it("says in every form of the 公告 that 7 present of 12 do not make the quorum of 8", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "quorum-not-met"));
    expect((await runCli(["tally", dir])).code).toBe(3);
    const line = "应到代表 12 名，实到 7 名，法定人数 8 名，不足法定人数。";
    expect(await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8")).toContain(line);
    expect((await fs.readFile(path.join(dir, "out", "announcement.html"), "utf8")).replace(/<[^>]+>/g, "")).toContain(line);
  });

  it("draws the 赞成票 bars against the threshold base when it is above the valid ballots (14 of 25, not of 20)", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    expect((await runCli(["tally", dir])).code).toBe(0);
    const html = await fs.readFile(path.join(dir, "out", "announcement.html"), "utf8");
    const row = html.split('<div class="bar-row"').find((r) => r.includes('data-id="P2" data-approve="14"'));
    expect(row).toContain('style="width:56.00%"');
  });

  it("results.csv has the contract's header, BOM and CRLF", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await runCli(["tally", dir]);
    const text = await fs.readFile(path.join(dir, "out", "results.csv"), "utf8");
    expect(text.startsWith("\ufeff名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次\r\n")).toBe(true);
    expect(text).toContain("1,P01,镇卫生院住院楼改造,50,1,1,86.2%,当选,1\r\n");
    expect(text).toContain("11,P11,河道清淤与岸坡整治,30,12,10,51.7%,未当选,1\r\n");
    expect(text).toContain("12,P12,便民服务中心智能化改造,22,14,16,37.9%,未过半数,1\r\n");
    const summary = await fs.readFile(path.join(dir, "out", "summary.csv"), "utf8");
    for (const row of ["应到,58", "实到,55", "法定人数,39", "发出,55", "收回,55", "有效,52", "无效,3", "过半数基数,58", "过半数票数,30", "票决是否有效,是", "正式项目数,10"]) expect(summary).toContain(`${row}\r\n`);
    const md = await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8");
    expect(md).toContain("总监票人");
    expect(md).toContain("应到代表 58 名，实到 55 名");
  });

  it("a tie at the cutoff exits 4; round 2 decides it; --round 1 stops before it", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const one = await runCli(["tally", dir, "--round", "1", "--json"]);
    expect(one.code).toBe(4);
    expect(one.json.data.runoff).toEqual({ round: 2, seats: 1, candidates: expect.arrayContaining(["Q08", "Q09"]), reason: "tie" });
    expect(one.json.data.final).toBe(false);
    const all = await runCli(["tally", dir, "--json"]);
    expect(all.code).toBe(0);
    expect(all.json.data.selected.at(-1)).toBe("Q08");
    expect(all.json.data.candidates.find((c: { id: string }) => c.id === "Q09")).toMatchObject({ status: "not-selected", round: 2, rank: 8 });
  });

  it("bad input: exit 1, every problem as file:line:column with a hint, and nothing written", async () => {
    const dir = await makeSession({
      "session.json": session(),
      "candidates.csv": CANDIDATES,
      "ballots.csv": "票号,姓名,A,B,C\n1,张三,○,×,\n",
    });
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ballots.csv:1:2 E_IDENTIFYING_COLUMN");
    expect(r.stderr).toContain("提示：");
    expect(await snapshot(path.join(dir, "out"))).toEqual(new Map());
    const j = await runCli(["tally", dir, "--json"]);
    expect(j.json).toMatchObject({ ok: false, command: "tally", error: { code: "E_IDENTIFYING_COLUMN", diagnostics: [{ severity: "error", file: "ballots.csv", line: 1, column: 2 }] } });
  });

  it("reads GB18030 as Excel saves it on Chinese Windows, and UTF-8 with BOM and CRLF", async () => {
    const ballots = "票号,A,B,C\r\n1,○,○,×\r\n2,赞成,反对,弃权\r\n3,○,,○\r\n4,○,○,\r\n5,×,○,○\r\n";
    const gbk = await makeSession({ "session.json": session(), "candidates.csv": iconv.encode(CANDIDATES, "gb18030"), "ballots.csv": iconv.encode(ballots, "gb18030") });
    const utf = await makeSession({ "session.json": "\ufeff" + session(), "candidates.csv": "\ufeff" + CANDIDATES.replace(/\n/g, "\r\n"), "ballots.csv": "\ufeff" + ballots });
    const a = await runCli(["tally", gbk, "--json"]);
    const b = await runCli(["tally", utf, "--json"]);
    expect(a.code).toBe(0);
    expect(a.json.data).toEqual(b.json.data);
    expect(a.json.data.candidates.map((c: { id: string; approve: number }) => [c.id, c.approve])).toEqual([["A", 4], ["B", 3], ["C", 2]]);
    // Forcing the wrong encoding is caught, not misread.
    const forced = await runCli(["tally", gbk, "--encoding", "utf8"]);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain("E_ENCODING");
    // The hint names the other encoding, not the flag just given.
    expect(forced.stderr).toContain("提示：用 Excel 或 WPS“另存为”CSV UTF-8（逗号分隔）后再试，或（它是 Excel 默认的 GBK/GB18030 编码时）用 --encoding gb18030，或去掉 --encoding 自动识别");
    // A UTF-16 "Unicode text" export is told by its byte-order mark, whatever --encoding says.
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace(/,/g, "\t"), "utf16le")]);
    const wide = await makeSession({ "session.json": session(), "candidates.csv": iconv.encode(CANDIDATES, "gb18030"), "ballots.csv": utf16(ballots) });
    const gb = await runCli(["tally", wide, "--encoding", "gb18030", "--json"]);
    expect(gb.code, JSON.stringify(gb.json.error ?? null)).toBe(0);
    expect(gb.json.data).toEqual(a.json.data);
  });

  it("counts a ballot whose first column is a candidate's and holds a mark the session's lists give, even one a 合计 row would say", async () => {
    for (const mark of ["sum", "合计"]) {
      const dir = await makeSession({ "session.json": session({ formal: 1, maxApprovals: "none", marks: { approve: ["○", mark] } }), "candidates.csv": CANDIDATES, "ballots.csv": `A,B,C\n${mark},${mark},\n${mark},,\n○,,${mark}\n` });
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code, JSON.stringify(r.json.error ?? null)).toBe(0);
      expect(r.json.data.rounds[0]).toMatchObject({ returned: 3, valid: 3 });
      expect(r.json.data.candidates.map((c: { id: string; approve: number }) => [c.id, c.approve])).toEqual([["A", 3], ["B", 1], ["C", 1]]);
    }
  });

  it("a void vote is a result: exit 3, ok true, nothing selected", async () => {
    const dir = await makeSession({ "session.json": session({}, { deputies: { total: 9, present: 5 } }), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n○,○,\n" });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ ok: true, data: { valid: false, final: false, selected: [], voidReasons: ["quorum-not-met"], attendance: { quorumNeeded: 6 } } });
    expect(await fs.readFile(path.join(dir, "out", "results.csv"), "utf8")).toContain("未当选");
  });

  it("a vote without a quorum is void without a ballots file, reported as with a ballots file holding none: exit 3", async () => {
    const facts = { "session.json": session({}, { deputies: { total: 9, present: 5 } }), "candidates.csv": CANDIDATES };
    const none = await makeSession(facts);
    const empty = await makeSession({ ...facts, "ballots.csv": "A,B,C\n" });
    const [a, b] = [await runCli(["tally", none, "--json"]), await runCli(["tally", empty, "--json"])];
    expect(a.code).toBe(3);
    expect(a.json).toMatchObject({ ok: true, data: { valid: false, final: false, selected: [], voidReasons: ["quorum-not-met"], rounds: [{ round: 1, issued: 5, returned: 0, valid: 0, void: 0 }] } });
    expect(a.json).toEqual(b.json);
    for (const file of ["results.csv", "summary.csv", "announcement.md", "announcement.html"]) {
      expect(await fs.readFile(path.join(none, "out", file), "utf8"), file).toBe(await fs.readFile(path.join(empty, "out", file), "utf8"));
    }
    // Nor is a later round asked for: the vote is void, and --round 2 a usage error.
    expect((await runCli(["tally", none, "--round", "2", "--json"])).json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
    expect((await runCli(["tally", empty, "--round", "2", "--json"])).json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
    // The count reads no round file: runoff says the vote is void, as tally does.
    const runoff = await runCli(["runoff", none, "--json"]);
    expect(runoff.code).toBe(3);
    expect(runoff.json.data).toMatchObject({ required: false });
    // With the quorum met, a missing ballots file is still an error.
    const met = await makeSession({ ...facts, "session.json": session() });
    const r = await runCli(["tally", met, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_NO_BALLOTS"]);
    expect(r.json.error.diagnostics[0].hint).toBe("放入 ballots.csv 或 ballots.xlsx（逐票录入），或 counts.csv 或 counts.xlsx（手工计票结果）");
  });

  it("a void vote counts no later round: a round-2 file there is named in a warning, not read", async () => {
    const dir = await makeSession({ "session.json": session({}, { deputies: { total: 9, present: 5 }, issued: [5, 5] }), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n○,○,\n", "ballots-r2.csv": "A,B\n○\n" });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(3);
    expect(r.json.data.voidReasons).toEqual(["quorum-not-met"]);
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_ROUND_NOT_COUNTED")).toMatchObject([{ file: "ballots-r2.csv", message: "票决在第 1 轮已经无效，第 2 轮的 ballots-r2.csv 没有计票" }]);
    // Both files of a round (an error in a vote that counts them) are named: neither is read.
    await fs.writeFile(path.join(dir, "counts-r2.csv"), "编号,赞成,反对,弃权\nA,1,1,1\n");
    const both = await runCli(["tally", dir, "--json"]);
    expect(both.json.warnings.filter((w: { code: string }) => w.code === "W_ROUND_NOT_COUNTED").map((w: { file: string }) => w.file)).toEqual(["ballots-r2.csv", "counts-r2.csv"]);
  });

  it("refuses a round given both as ballots and as counts, and a round nobody asked for", async () => {
    const both = await makeSession({ "session.json": session({}, { counted: [{ returned: 1, void: 0 }] }), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n○,○,\n", "counts.csv": "编号,赞成,反对,弃权\nA,1,0,0\nB,1,0,0\nC,0,0,1\n" });
    expect((await runCli(["tally", both])).stderr).toContain("E_ROUND_TWICE");
    const extra = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n" + "○,○,\n".repeat(5), "ballots-r2.csv": "A,B\n○,\n" });
    const r = await runCli(["tally", extra]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("E_UNEXPECTED_ROUND");
  });

  it("a missing issued count for a runoff round is an error naming session.json", async () => {
    const dir = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n○,○,\n○,○,\n○,,○\n○,,○\n", "ballots-r2.csv": "B,C\n○,\n" });
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/session\.json:\d+:\d+ E_ISSUED_MISSING/);
  });

  it("usage errors exit 2", async () => {
    expect((await runCli(["tally", "--round", "0"])).code).toBe(2);
    expect((await runCli(["tallly"])).code).toBe(2);
    expect((await runCli(["tally", "--bogus"])).code).toBe(2);
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("用法：");
    const unknown = await runCli(["help", "foo"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("用法错误：未知的命令 foo");
  });

  it("help says defaults and choices in Chinese, and in English with --lang en", async () => {
    const zh = await runCli(["tally", "--help"]);
    expect(zh.stdout).toContain('会议文件夹（默认 "."）');
    // Laid out in 80 terminal columns, the line breaks at the space before the last "auto".
    expect(zh.stdout.replace(/\n {2,}/g, " ")).toContain('输入文件编码（可选 "auto"、"utf8"、"gb18030"；默认 "auto"）');
    expect(zh.stdout).not.toMatch(/default:|choices:/);
    const en = await runCli(["tally", "--help", "--lang", "en"]);
    expect(en.stdout).toContain('session folder (default: ".")');
  });
});

describe("piaojue check", () => {
  it("passes the sample session and lists the ballot order", async () => {
    const r = await runCli(["check", path.join(SEEDS, "township-2026"), "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.competition).toMatchObject({ ok: true, required: 12 });
    expect(r.json.data.order).toHaveLength(12);
  });
  it("fails (exit 1) when the 差额 rule fails, and warns about 打包式 candidates", async () => {
    const dir = await makeSession({ "session.json": session({ formal: 3 }), "candidates.csv": "编号,项目名称\nA,路灯\nB,养老\nC,村道\n" });
    const r = await runCli(["check", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("E_COMPETITION");
    expect(r.stderr).toContain("W_INCOMPLETE_CANDIDATE");
    // tally still counts, carrying the failure as a warning
    await fs.writeFile(path.join(dir, "ballots.csv"), "A,B,C\n○,○,○\n○,○,○\n○,○,\n○,,○\n");
    const t = await runCli(["tally", dir, "--json"]);
    expect(t.code).toBe(0);
    expect(t.json.warnings.map((w: { code: string }) => w.code)).toContain("W_COMPETITION");
    // At the place check points to: session.json's rules.formal.
    const c = await runCli(["check", dir, "--json"]);
    const place = (d: { file: string; line: number; column: number }) => `${d.file}:${d.line}:${d.column}`;
    const atCheck = place(c.json.error.diagnostics.find((d: { code: string }) => d.code === "E_COMPETITION"));
    expect(atCheck).not.toBe("session.json:0:0");
    expect(place(t.json.warnings.find((w: { code: string }) => w.code === "W_COMPETITION"))).toBe(atCheck);
  });
  it("reports errors in both files at once", async () => {
    const dir = await makeSession({ "session.json": '{"title": "x"}', "candidates.csv": "编号,名字\n" });
    const r = await runCli(["check", dir, "--json"]);
    expect(r.code).toBe(1);
    const files = new Set(r.json.error.diagnostics.map((d: { file: string }) => d.file));
    expect(files).toEqual(new Set(["session.json", "candidates.csv"]));
  });
});

describe("piaojue runoff", () => {
  it("writes the next round's template with exactly the runoff candidates", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const r = await runCli(["runoff", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data).toMatchObject({ required: true, round: 2, seats: 1, reason: "tie" });
    const template = await fs.readFile(path.join(dir, "out", "ballots-r2-template.csv"), "utf8");
    const header = template.replace(/^\ufeff/, "").split("\r\n")[0]!.split(",");
    expect(header.slice(0, 2)).toEqual(["票号", "作废"]);
    expect(header.slice(2).sort()).toEqual(["Q08", "Q09"]);
    expect(header.slice(2)).toEqual(r.json.data.candidates.map((c: { id: string }) => c.id));
  });
});

describe("piaojue runoff: round K's ballots issued", () => {
  it("names the step that records round 2's issued count before tally when session.json has none", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const file = path.join(dir, "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8"));
    await fs.writeFile(file, JSON.stringify({ ...session, issued: [42] }));
    const folder = path.relative(ROOT, dir);
    const r = await runCli(["runoff", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`另存为会议文件夹中的 ballots-r2.csv，运行 piaojue enter --issued N --round 2 ${folder} 记下第 2 轮的发出票数（N 为发出票数），再运行 piaojue tally ${folder}。`);
    const en = await runCli(["runoff", dir, "--lang", "en"]);
    expect(en.stdout).toContain(`as ballots-r2.csv, record round 2's ballots issued with piaojue enter --issued N --round 2 ${folder} (N: the ballots issued), then run piaojue tally ${folder}.`);
    // With round 2's issued in session.json, the step is not there.
    await fs.writeFile(file, JSON.stringify({ ...session, issued: [42, 42] }));
    const again = await runCli(["runoff", dir]);
    expect(again.stdout).toContain(`另存为会议文件夹中的 ballots-r2.csv，再运行 piaojue tally ${folder}。`);
    expect(again.stdout).not.toContain("--issued");
  });
});

describe("a ballots column for a heading whose sub-items are voted on", () => {
  it("says the column is a heading and names its sub-items", async () => {
    const scenario = path.join(FIXTURES, "scenarios", "vote-on-items-subitems");
    const read = (name: string) => fs.readFile(path.join(scenario, name), "utf8");
    const dir = await makeSession({
      "session.json": await read("session.json"), "candidates.csv": await read("candidates.csv"),
      "ballots.csv": "R,R1,R2,A,B\n,○,○,×,\n,○,×,○,\n",
    });
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ballots.csv:1:1 E_UNKNOWN_COLUMN 列“R”是项目标题，表决的是它的子项 R1、R2");
    expect(r.stderr).toContain("提示：删去这一列，票记在各子项的列里；本轮的列：R1、R2、A、B");
    const en = await runCli(["tally", dir, "--lang", "en"]);
    expect(en.stderr).toContain("Column “R” is a heading: its sub-items R1, R2 are voted on, not it");
    // Any other unknown column is said as before.
    await fs.writeFile(path.join(dir, "ballots.csv"), "X,R1,R2,A,B\n,○,○,×,\n");
    expect((await runCli(["tally", dir])).stderr).toContain("列“X”不是任何本轮候选项目");
    // counts.csv: the heading's row.
    await fs.rm(path.join(dir, "ballots.csv"));
    await fs.writeFile(path.join(dir, "session.json"), JSON.stringify({ ...JSON.parse(await read("session.json")), counted: [{ returned: 5, void: 0 }] }));
    await fs.writeFile(path.join(dir, "counts.csv"), "编号,赞成,反对,弃权\nR,3,1,1\nR1,3,1,1\nR2,3,1,1\nA,3,1,1\nB,3,1,1\n");
    expect((await runCli(["tally", dir])).stderr).toContain("counts.csv:2:1 E_UNKNOWN_CANDIDATE 编号“R”是项目标题，表决的是它的子项 R1、R2");
  });

  it("a sub-item's column or counts row, where its project is voted on, names the project", async () => {
    const scenario = path.join(FIXTURES, "scenarios", "vote-on-items-subitems");
    const read = (name: string) => fs.readFile(path.join(scenario, name), "utf8");
    const session = JSON.parse(await read("session.json"));
    const dir = await makeSession({
      "session.json": JSON.stringify({ ...session, rules: { formal: 2, order: "as-listed" } }), "candidates.csv": await read("candidates.csv"),
      "ballots.csv": "R,A,B,R1,道路改造西段\n○,○,,○,\n",
    });
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ballots.csv:1:4 E_UNKNOWN_COLUMN 列“R1”是项目 R 的子项，表决的是它所属的项目 R");
    expect(r.stderr).toContain("提示：删去这一列，票记在项目 R 的列里；本轮的列：R、A、B");
    expect(r.stderr).toContain("ballots.csv:1:5 E_UNKNOWN_COLUMN 列“道路改造西段”是项目 R 的子项 R2，表决的是它所属的项目 R");
    const en = await runCli(["tally", dir, "--lang", "en"]);
    expect(en.stderr).toContain("Column “R1” is a sub-item of project R: the project R is voted on, not its sub-items");
    expect(en.stderr).toContain("Column “道路改造西段” is the sub-item R2 of project R");
    expect(en.stderr).toContain("hint: Delete this column and mark project R's column; this round's columns: R, A, B");
    // counts.csv: a sub-item's row.
    await fs.rm(path.join(dir, "ballots.csv"));
    await fs.writeFile(path.join(dir, "session.json"), JSON.stringify({ ...session, rules: { formal: 2, order: "as-listed" }, counted: [{ returned: 5, void: 0 }] }));
    await fs.writeFile(path.join(dir, "counts.csv"), "编号,赞成,反对,弃权\nR,3,1,1\nA,3,1,1\nB,3,1,1\nR2,3,1,1\n");
    const counts = await runCli(["tally", dir]);
    expect(counts.code).toBe(1);
    expect(counts.stderr).toContain("counts.csv:5:1 E_UNKNOWN_CANDIDATE 编号“R2”是项目 R 的子项，表决的是它所属的项目 R");
    expect(counts.stderr).toContain("提示：删去这一行，票数记在项目 R 的行里；本轮的编号：R、A、B");
  });
});

describe("an empty cell of counts.csv", () => {
  it("is said to be empty, with a count needed, not as “” that is no number", async () => {
    const dir = await makeSession({
      "session.json": JSON.stringify({ title: "t", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5], counted: [{ returned: 5, void: 1 }], rules: { formal: 2 } }),
      "candidates.csv": "id,name\nA1,道路\nA2,路灯\nA3,学校\n",
      "counts.csv": "编号,赞成,反对,弃权\nA1,4,0,\nA2,3,1,0\nA3,1,2,1\n",
    });
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("counts.csv:2:4 E_COUNT_NUMBER 这一格是空的，须填写票数");
    expect((await runCli(["tally", dir, "--lang", "en"])).stderr).toContain("counts.csv:2:4 E_COUNT_NUMBER This cell is empty; a count is needed");
    // A cell with something in it that is no count is said as before.
    await fs.writeFile(path.join(dir, "counts.csv"), "编号,赞成,反对,弃权\nA1,4,0,x\nA2,3,1,0\nA3,1,2,1\n");
    expect((await runCli(["tally", dir])).stderr).toContain("E_COUNT_NUMBER “x”不是非负整数");
  });
});

describe("many rows of the wrong width", () => {
  it("lists 50, says how many more with E_MORE_ERRORS at the first one not listed, and the total counts them all", async () => {
    const rows = Array.from({ length: 399 }, (_, i) => `${i + 1},○,○\n`).join("");
    const dir = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES, "ballots.csv": `票号,A,B,C\n${rows}` });
    const r = await runCli(["tally", dir, "--json"]);
    const diagnostics = r.json.error.diagnostics as { code: string; line: number; message: string }[];
    expect(diagnostics.filter((d) => d.code === "E_CSV_FIELD_COUNT")).toHaveLength(50);
    expect(diagnostics.at(-1)).toMatchObject({ code: "E_MORE_ERRORS", line: 52 });
    expect(diagnostics.at(-1)!.message).toBe("另有 349 处同类错误未列出");
    expect((await runCli(["tally", dir])).stderr).toContain("共 399 处错误。");
  });
});

describe("a seed with an order that is not random", () => {
  it("is a warning at rules.seed in check (the random order it was meant for is not used); with order random it is no news", async () => {
    const session = (rules: object) => JSON.stringify({ title: "测试镇", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9], rules: { formal: 2, ...rules } }, null, 2);
    const dir = await makeSession({ "session.json": session({ order: "stroke", seed: 42 }), "candidates.csv": CANDIDATES });
    const r = await runCli(["check", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings.map((w: { code: string; line: number }) => w.code)).toEqual(["W_SEED_UNUSED"]);
    expect(r.json.warnings[0].message).toBe("给了随机种子 seed 42，但表决票顺序 order 是 \"stroke\"，不是 \"random\"：种子没有作用");
    const random = await makeSession({ "session.json": session({ order: "random", seed: 42 }), "candidates.csv": CANDIDATES });
    expect((await runCli(["check", random, "--json"])).json.warnings).toEqual([]);
  });
});

describe("a competitive ratio below 1", () => {
  it("is a warning at its key in check (it checks nothing: 差额比例 20% is 1.2, easily written 0.2); 1 and allowEqual are not", async () => {
    const session = (competition: object) => JSON.stringify({ title: "测试镇", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9], rules: { formal: 2, competition } }, null, 2);
    const dir = await makeSession({ "session.json": session({ minRatio: "0.2" }), "candidates.csv": CANDIDATES });
    const r = await runCli(["check", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings.map((w: { code: string; line: number }) => [w.code, w.line])).toEqual([["W_MIN_RATIO_BELOW_ONE", 14]]);
    expect(r.json.warnings[0].message).toBe("差额比例 minRatio 为 0.2，小于 1，这一条不起作用：只检查候选项目比正式项目至少多 1 个（minExtra）");
    for (const competition of [{ minRatio: "1" }, { minRatio: "0.2", allowEqual: true }, {}]) {
      const ok = await makeSession({ "session.json": session(competition), "candidates.csv": CANDIDATES });
      expect((await runCli(["check", ok, "--json"])).json.warnings).toEqual([]);
    }
  });
});

describe("hand-count totals returning more ballots than were issued", () => {
  it("are a warning at counted[k].returned in check, as tally then finds the vote void (exit 3)", async () => {
    const session = JSON.stringify({ title: "测试镇", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9], counted: [{ returned: 10, void: 1 }], rules: { formal: 2 } }, null, 2);
    const counts = "编号,赞成,反对,弃权\nA,8,1,0\nB,7,1,1\nC,2,4,3\n";
    const dir = await makeSession({ "session.json": session, "candidates.csv": CANDIDATES, "counts.csv": counts });
    const r = await runCli(["check", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings.map((w: { code: string; line: number; column: number }) => [w.code, w.line, w.column])).toEqual([["W_COUNTED_EXCEEDS_ISSUED", 13, 7]]);
    expect(r.json.warnings[0].message).toBe("第 1 轮收回 10 张（counted），多于发出的 9 张：这一轮按手工计票（counts.csv）计时，票决无效");
    expect((await runCli(["tally", dir, "--json"])).json.data.voidReasons).toEqual(["more-returned-than-issued"]);
    const equal = await makeSession({ "session.json": session.replace('"returned": 10', '"returned": 9'), "candidates.csv": CANDIDATES, "counts.csv": counts.replace("A,8,1,0", "A,7,1,0") });
    expect((await runCli(["check", equal, "--json"])).json.warnings).toEqual([]);
  });
});

describe("rows of only commas ending ballots.csv", () => {
  const marked = "A,B,C\n○,○,×\n○,×,○\n×,○,○\n○,○,×\n×,×,○\n";
  it("two or more that alone make more returned than issued are refused as a template's formatted rows, not counted into a void vote", async () => {
    const dir = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES, "ballots.csv": marked + ",,\r\n".repeat(45) });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([["E_TRAILING_EMPTY_ROWS", 7]]);
    expect(r.json.error.diagnostics[0].message).toBe("表末的 45 行（第 7–51 行）只有逗号或空格：按约定各算一张空白票，收回就成了 50 张，多于发出的 5 张，票决将无效");
    expect(await fs.readdir(dir)).not.toContain("out");
  });

  it("are blank ballots otherwise, as the contract reads them: one too many voids the vote; within issued they count", async () => {
    const one = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES, "ballots.csv": marked + ",,\n" });
    const r = await runCli(["tally", one, "--json"]);
    expect(r.code).toBe(3);
    expect(r.json.data.voidReasons).toEqual(["more-returned-than-issued"]);
    // A blank ballot among the marked ones is no trailing row: the run ends with one row of commas.
    const inside = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n○,○,×\n,,\n×,○,○\n○,○,×\n×,×,○\n○,×,○\n,,\n" });
    expect((await runCli(["tally", inside, "--json"])).code).toBe(3);
    const within = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n○,○,×\n○,×,○\n×,○,○\n,,\n,,\n" });
    const w = await runCli(["tally", within, "--json"]);
    expect(w.json.ok).toBe(true);
    expect(w.json.data.rounds[0]).toMatchObject({ returned: 5, valid: 5 });
  });
});

describe("names in two Unicode forms", () => {
  // "Café" as one character (NFC) and as e + combining acute (NFD, as macOS saves names): they print alike.
  const nfc = "Caf\u00e9 改造", nfd = "Cafe\u0301 改造";
  it("are one name: a ballots.csv column in the other form names the candidate, and two rows differing only so are duplicates", async () => {
    const candidates = CANDIDATES.replace("A,路灯亮化", `A,${nfc}`);
    const dir = await makeSession({ "session.json": session(), "candidates.csv": candidates, "ballots.csv": `${nfd},B,C\n○,○,×\n○,×,○\n○,○,×\n` });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.json.ok, JSON.stringify(r.json.error ?? null)).toBe(true);
    expect(r.json.data.candidates.find((c: { id: string }) => c.id === "A")).toMatchObject({ approve: 3 });
    const twice = await makeSession({ "session.json": session(), "candidates.csv": candidates.replace("B,养老助餐", `B,${nfd}`) });
    const c = await runCli(["check", twice, "--json"]);
    expect(c.code).toBe(1);
    expect(c.json.error.diagnostics.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([["E_DUPLICATE_NAME", 3]]);
  });
});

describe("a file with very many problems", () => {
  it("is refused (exit 1) with its problems listed, not an internal error: 150,000 rows with one 票号", async () => {
    const rows = "1,○,×,\n".repeat(150_000);
    const dir = await makeSession({ "session.json": session({}, { issued: [150_000], deputies: { total: 150_000, present: 150_000 } }), "candidates.csv": CANDIDATES, "ballots.csv": "票号,A,B,C\n" + rows });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_DUPLICATE_SERIAL", line: 3 });
  });
});

describe("a check that fails", () => {
  it("lists the warnings the checks that could run found along with the errors, on screen and in --json warnings", async () => {
    const short = JSON.stringify({ title: "测试镇", date: "2026-01-15", deputies: { total: 10, present: 5 }, issued: [9], rules: { formal: 2 } });
    const broken = CANDIDATES.replace("A,路灯亮化,背景,", "A,路灯亮化,,").replace("B,养老助餐,背景,内容,全镇,镇政府,10,", "B,养老助餐,背景,内容,全镇,镇政府,abc,");
    const dir = await makeSession({ "session.json": short, "candidates.csv": broken });
    const r = await runCli(["check", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.warnings.map((w: { code: string }) => w.code).sort()).toEqual(["W_INCOMPLETE_CANDIDATE", "W_ISSUED_EXCEEDS_PRESENT", "W_QUORUM_SHORT"]);
    expect((await runCli(["check", dir])).stderr).toContain("共 1 处错误、3 条提醒。");
    // The 差额 rule failing: the meeting's figures are still told.
    const few = await makeSession({ "session.json": short.replace('"formal":2', '"formal":3'), "candidates.csv": CANDIDATES });
    const c = await runCli(["check", few, "--json"]);
    expect(c.json.error.code).toBe("E_COMPETITION");
    expect(c.json.warnings.map((w: { code: string }) => w.code).sort()).toEqual(["W_ISSUED_EXCEEDS_PRESENT", "W_QUORUM_SHORT"]);
  });
});
