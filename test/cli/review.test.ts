// Cases from a reading of the contract against the program, sentence by sentence.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli } from "../helpers.js";

const FULL = (id: string, name: string) => `${id},${name},背景,内容,全镇,镇政府,10,镇财政,2026-06,目标`;
const HEAD = "编号,项目名称,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效";
const FIVE = [HEAD, FULL("A", "路灯"), FULL("B", "养老"), FULL("C", "村道"), FULL("D", "公厕"), FULL("E", "广场")].join("\n") + "\n";

function session(extra: Record<string, unknown> = {}, rules: Record<string, unknown> = {}) {
  return JSON.stringify({ title: "测试", date: "2026-01-15", deputies: { total: 10, present: 10 }, issued: [10, 10], rules: { formal: 2, order: "as-listed", ...rules }, ...extra }, null, 2);
}

describe("hand counts (SPEC §5)", () => {
  it("names only the sum rule as an error: more approvals than valid × limit is a warning, and the vote is decided", async () => {
    const dir = await makeSession({
      "session.json": session({ counted: [{ returned: 10, void: 0 }] }),
      "candidates.csv": FIVE,
      "counts.csv": "编号,赞成,反对,弃权\nA,8,0,2\nB,7,0,3\nC,7,0,3\nD,7,0,3\nE,3,0,7\n",
    });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(4);
    expect(r.json.data.runoff).toEqual({ round: 2, seats: 1, candidates: ["B", "C", "D"], reason: "tie" });
    expect(r.json.warnings.map((w: { code: string }) => w.code)).toContain("W_COUNT_IMPOSSIBLE");
  });
  it("a round entered as ballots may have null in counted, beside a hand-counted round", async () => {
    const dir = await makeSession({
      "session.json": session({ counted: [null, { returned: 10, void: 1 }] }),
      "candidates.csv": FIVE,
      "ballots.csv": "A,B,C,D,E\n" + "○,○,,,\n".repeat(3) + ",,○,○,\n".repeat(3) + "○,,,,○\n".repeat(4),
      "counts-r2.csv": "编号,赞成,反对,弃权\nC,6,2,1\nD,3,5,1\n",
    });
    const r = await runCli(["tally", dir, "--json"]);
    // Round 1: A 7, B 3, C 3, D 3, E 4; needed 6 → A selected, shortfall of 1 among B, C, D, E.
    expect(r.code).toBe(1); // round 2's counts must name every runoff candidate (B, C, D, E)
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toContain("E_MISSING_CANDIDATE");
    await fs.writeFile(path.join(dir, "counts-r2.csv"), "编号,赞成,反对,弃权\nB,1,7,1\nC,6,2,1\nD,3,5,1\nE,2,6,1\n");
    const ok = await runCli(["tally", dir, "--json"]);
    expect(ok.code).toBe(0);
    expect(ok.json.data.selected).toEqual(["A", "C"]);
  });
});

describe("marks (SPEC §5)", () => {
  it("full-width letters and digits are the ASCII marks; other look-alikes such as ① are unreadable", async () => {
    const dir = await makeSession({ "session.json": session({ issued: [3] }), "candidates.csv": FIVE, "ballots.csv": "A,B,C,D,E\nＯ,１,ｘ,,\n①,,,,\n○,○,,,\n" });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.json.data.rounds[0]).toMatchObject({ returned: 3, valid: 2, void: 1, voidByReason: { unreadable: 1 } });
    const a = r.json.data.candidates.find((c: { id: string }) => c.id === "A");
    const c = r.json.data.candidates.find((x: { id: string }) => x.id === "C");
    expect(a.approve).toBe(2);
    expect(c.against).toBe(1);
  });
  it("a list the session gives wins over the default lists; the same mark in two given lists is an error", async () => {
    const dir = await makeSession({ "session.json": session({ issued: [2] }, { marks: { approve: ["X"] } }), "candidates.csv": FIVE, "ballots.csv": "A,B,C,D,E\nX,,,,\n○,,,,\n" });
    const r = await runCli(["tally", dir, "--json"]);
    const a = r.json.data.candidates.find((c: { id: string }) => c.id === "A");
    expect(a.approve).toBe(1);
    // ○ is no longer an approve mark (the list was replaced) and is not in another list: unreadable
    expect(r.json.data.rounds[0].voidByReason).toEqual({ unreadable: 1 });
    const bad = await makeSession({ "session.json": session({ issued: [1] }, { marks: { approve: ["是"], against: ["否", "是"] } }), "candidates.csv": FIVE, "ballots.csv": "A,B,C,D,E\n是,,,,\n" });
    const b = await runCli(["tally", bad]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/session\.json:\d+:\d+ E_SESSION_SCHEMA/);
  });
});

describe("control characters (SPEC §4)", () => {
  it("refuses C1 control characters (U+0080–U+009F) in candidates and ballots, and keeps ordinary Latin-1 text", async () => {
    const dir = await makeSession({ "session.json": session({ issued: [1] }), "candidates.csv": FIVE.replace("路灯", "路\u0085灯"), "ballots.csv": "A,B,C,D,E\n○,,,,\n" });
    const r = await runCli(["tally", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("candidates.csv:2:4 E_NOT_TEXT");
    const ballots = await makeSession({ "session.json": session({ issued: [2] }), "candidates.csv": FIVE.replace("路灯", "路灯·东段"), "ballots.csv": "A,B,C,D,E\n○,,,,\n\u0085,,,,\n" });
    const b = await runCli(["tally", ballots]);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("ballots.csv:3:1 E_NOT_TEXT");
    await fs.writeFile(path.join(ballots, "ballots.csv"), "A,B,C,D,E\n○,,,,\n○,○,,,\n");
    expect((await runCli(["tally", ballots])).code).toBe(4); // read and counted; nobody has 6 of 10

  });
});

describe("summary.csv (SPEC §7)", () => {
  it("lists the contract's rows first and in its order", async () => {
    const dir = await makeSession({ "session.json": session({ issued: [2] }), "candidates.csv": FIVE, "ballots.csv": "A,B,C,D,E\n○,○,,,\n○,○,,,\n" });
    await runCli(["tally", dir]);
    const rows = (await fs.readFile(path.join(dir, "out", "summary.csv"), "utf8")).replace(/^\ufeff/, "").trim().split("\r\n").map((l) => l.split(",")[0]);
    const contract = ["应到", "实到", "法定人数", "发出", "收回", "有效", "无效", "过半数基数", "过半数票数", "票决是否有效", "正式项目数"];
    expect(rows[0]).toBe("项目");
    expect(rows.filter((r) => contract.includes(r!))).toEqual(contract);
    expect(rows.indexOf("正式项目数")).toBeLessThan(rows.indexOf("过半数基数口径"));
  });

  it("says which round a pending runoff needs in its 是否已确定 row", async () => {
    const dir = await makeSession({
      "session.json": session({ counted: [{ returned: 10, void: 0 }] }),
      "candidates.csv": FIVE,
      "counts.csv": "编号,赞成,反对,弃权\nA,8,0,2\nB,7,0,3\nC,7,0,3\nD,7,0,3\nE,3,0,7\n",
    });
    expect((await runCli(["tally", dir])).code).toBe(4);
    const lines = (await fs.readFile(path.join(dir, "out", "summary.csv"), "utf8")).split("\r\n");
    expect(lines).toContain("是否已确定,否（需第2轮票决）");
  });

  it("lists every void reason's row after 无效 for a hand count too: empty where the reasons are not known, 0 where none was void", async () => {
    const COUNTS = "编号,赞成,反对,弃权\nA,8,0,1\nB,7,0,2\nC,0,9,0\nD,0,0,9\nE,0,9,0\n";
    const rowsOf = async (counted: { returned: number; void: number }) => {
      const dir = await makeSession({ "session.json": session({ issued: [10], counted: [counted] }), "candidates.csv": FIVE, "counts.csv": COUNTS });
      expect((await runCli(["tally", dir])).code).toBe(0);
      const lines = (await fs.readFile(path.join(dir, "out", "summary.csv"), "utf8")).replace(/^\ufeff/, "").trim().split("\r\n");
      const at = lines.findIndex((l) => l.startsWith("无效,"));
      return lines.slice(at, at + 5);
    };
    expect(await rowsOf({ returned: 10, void: 1 })).toEqual(["无效,1", "无效（宣布作废）,", "无效（符号无法辨认）,", "无效（赞成超过限选数）,", "无效（空白票）,"]);
    expect(await rowsOf({ returned: 9, void: 0 })).toEqual(["无效,0", "无效（宣布作废）,0", "无效（符号无法辨认）,0", "无效（赞成超过限选数）,0", "无效（空白票）,0"]);
  });
});

describe("completeness (SPEC §4)", () => {
  it("with voteOn items, a sub-item voted on by itself must be fully described", async () => {
    const dir = await makeSession({
      "session.json": session({}, { formal: 1, voteOn: "items" }),
      "candidates.csv": `${HEAD},所属项目\n${FULL("R", "道路")},\nR1,东段,,,,,,,,,R\n${FULL("R2", "西段")},R\n`,
    });
    const r = await runCli(["check", dir, "--json"]);
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_INCOMPLETE_CANDIDATE").map((w: { line: number }) => w.line)).toEqual([3]);
  });
});

describe("verify (SPEC §9)", () => {
  it("accepts a whole `tally --json` document, warnings included, as expected.json", async () => {
    const dir = await makeSession({ "session.json": session({ issued: [3] }), "candidates.csv": FIVE, "ballots.csv": "A,B,C,D,E\n○,○,,,\n○,○,,,\n√,,,,\n" });
    const doc = await runCli(["tally", dir, "--json"]);
    expect(doc.json.warnings.length).toBeGreaterThan(0);
    await fs.rm(path.join(dir, "out"), { recursive: true });
    await fs.writeFile(path.join(dir, "expected.json"), JSON.stringify(doc.json));
    const v = await runCli(["verify", dir]);
    expect(v.stderr + v.stdout).not.toContain("[object Object]");
    expect(v.code).toBe(0);
  });
});
