// Session day as a clerk lives it (issue 11): the vote's state decides the round, the paper carries the
// 文号, the page warning and the 说明, blank evaluation forms print on their own, and the words a clerk
// meets first (a mistyped command, the demo's warning, the count sheet) say what to do.
import mammoth from "mammoth";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli, scratchCopy, SEEDS } from "../helpers.js";

const HEADER = "编号,项目名称,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效\n";
const row = (id: string, name: string, content = "内容") => `${id},${name},背景,${content},全镇,镇政府,10,镇财政,2026-06,目标`;
const CANDIDATES = HEADER + [row("A", "路灯亮化"), row("B", "养老助餐"), row("C", "村道硬化")].join("\n") + "\n";

function session(extra: Record<string, unknown> = {}) {
  return JSON.stringify({ title: "测试镇人民代表大会", date: "2026-01-15", deputies: { total: 9, present: 9 }, issued: [9], rules: { formal: 2, order: "as-listed" }, ...extra }, null, 2);
}

// A figure the page keeps whole with its words is wrapped in a span; the text is read without it.
const read = async (dir: string, name: string) => (await fs.readFile(path.join(dir, "out", name), "utf8")).replace(/<span class="fig">([^<]*)<\/span>/g, "$1");
const exists = (file: string) => fs.stat(file).then(() => true, () => false);
const codes = (r: { json: { error?: { diagnostics: { code: string }[] }; warnings: { code: string }[] } }) => [...(r.json.error?.diagnostics ?? []), ...r.json.warnings].map((d) => d.code);

/** tie-runoff with round 1 in and round 2 not yet: a runoff of Q08 and Q09 for 1 seat is pending. */
async function runoffPending(): Promise<string> {
  const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
  await fs.rm(path.join(dir, "ballots-r2.csv"));
  return dir;
}

describe("the round follows the state of the vote", () => {
  it("tally --round 2 without a round-2 file is an error naming the file, and writes nothing", async () => {
    const dir = await runoffPending();
    const r = await runCli(["tally", dir, "--round", "2", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_ROUND_NOT_YET"]);
    expect(r.json.error.diagnostics[0].message).toContain("第 2 轮还没有票");
    expect(await exists(path.join(dir, "out", "results.csv"))).toBe(false);
    const text = await runCli(["tally", dir, "--round", "2"]);
    expect(text.stderr).toMatch(/ballots-r2\.csv E_ROUND_NOT_YET 第 2 轮还没有票：会议文件夹里没有 ballots-r2\.csv 或 counts-r2\.csv/);
  });

  it("tally --round beyond the next round names the next round; a decided vote says no round is needed", async () => {
    const dir = await runoffPending();
    const r = await runCli(["tally", dir, "--round", "3", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].message).toBe("还没有第 3 轮：下一轮是第 2 轮，它的票还没有录入");
    // Named by the file to put in (round 2's), not by a ballots-r3.csv no one is asked for.
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_ROUND_NOT_YET", file: "ballots-r2.csv", line: 0 });
    const decided = await scratchCopy(path.join(SEEDS, "township-2026"));
    const d = await runCli(["tally", decided, "--round", "2", "--json"]);
    expect(d.code).toBe(2);
    expect(d.json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
    // With the round-2 file in, --round 2 counts it.
    const whole = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const ok = await runCli(["tally", whole, "--round", "2", "--json"]);
    expect(ok.json.data.rounds).toHaveLength(2);
  });

  it("ballot without --round prints the pending round: round 1 before any count, the runoff round after", async () => {
    const dir = await runoffPending();
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.round).toBe(2);
    expect(r.json.data.order).toEqual(["Q08", "Q09"]);
    expect(await exists(path.join(dir, "out", "ballot-r2.html"))).toBe(true);
    // The trail says the round was found, not named, and audit finds it again.
    const trail = JSON.parse(await read(dir, "audit.json"));
    expect(trail.commands["ballot-r2"].options).toEqual({ round: null, seats: 1, lines: [{ id: "Q08", name: expect.any(String) }, { id: "Q09", name: expect.any(String) }] });
    expect((await runCli(["audit", dir])).code).toBe(0);
    await fs.rm(path.join(dir, "ballots.csv"));
    const first = await runCli(["ballot", dir, "--json"]);
    expect(first.json.data.round).toBe(1);
  });

  it("ballot --round 2 before round 1 is in is an error naming round 1 as the next", async () => {
    const dir = await runoffPending();
    await fs.rm(path.join(dir, "ballots.csv"));
    const r = await runCli(["ballot", dir, "--round", "2", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_ROUND_NOT_NEXT"]);
    expect(r.json.error.diagnostics[0].message).toBe("下一轮是第 1 轮，不是第 2 轮");
  });

  it("ballot on a decided vote prints round 1 again and says why", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["ballot", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("会议文件夹中已有各轮的票，按这些票票决已有结果（没有待票决的一轮），重新印制第 1 轮的表决票存档");
    // A round counted already has nothing to type in: no enter --counts step, which would be refused.
    expect(r.stdout).not.toContain("enter --counts");
    const fresh = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(fresh, "ballots.csv"));
    expect((await runCli(["ballot", fresh])).stdout).toContain("手工计票后录入电脑：运行 piaojue enter --counts");
  });
});

describe("paper wired into the commands", () => {
  it("a ballot longer than one page warns W_BALLOT_PAGES; one that fits does not", async () => {
    const many = Array.from({ length: 40 }, (_, i) => row(`P${String(i + 1).padStart(2, "0")}`, `项目${i + 1}`, "内容".repeat(40)));
    const dir = await makeSession({ "session.json": session({ rules: { formal: 10, order: "as-listed" } }), "candidates.csv": HEADER + many.join("\n") + "\n" });
    const r = await runCli(["ballot", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.warnings.map((w: { code: string }) => w.code)).toContain("W_BALLOT_PAGES");
    const small = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES });
    expect((await runCli(["ballot", small, "--json"])).json.warnings).toEqual([]);
  });

  it("a runoff ballot longer than one page warns W_BALLOT_PAGES too", async () => {
    // 40 candidates, every ballot approves all of them: a 40-way tie for the one seat goes to a runoff.
    const ids = Array.from({ length: 40 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
    const many = ids.map((id, i) => row(id, `项目${i + 1}`, "内容".repeat(40)));
    const dir = await makeSession({
      "session.json": session({ rules: { formal: 1, maxApprovals: 40, order: "as-listed" } }),
      "candidates.csv": HEADER + many.join("\n") + "\n",
      "ballots.csv": `${ids.join(",")}\n${`${ids.map(() => "○").join(",")}\n`.repeat(9)}`,
    });
    const r = await runCli(["runoff", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.warnings.map((w: { code: string }) => w.code)).toContain("W_BALLOT_PAGES");
  });

  it("tally --doc-number prints the 文号, records it, and audit recounts with it", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", dir, "--doc-number", "新桥人大〔2026〕1号"]);
    expect(r.code).toBe(0);
    expect(await read(dir, "announcement.html")).toContain('<p class="doc-no">新桥人大〔2026〕1号</p>');
    expect(await read(dir, "announcement.md")).toContain("新桥人大〔2026〕1号");
    // The Word 公告 carries it once, in the head of the document before the title (GB/T 9704's 发文字号).
    const { value: docText } = await mammoth.extractRawText({ buffer: await fs.readFile(path.join(dir, "out", "announcement.docx")) });
    const docLines = docText.split("\n").filter((l) => l.trim() !== "");
    expect(docLines.filter((l) => l.includes("新桥人大〔2026〕1号"))).toHaveLength(1);
    expect(docLines.indexOf("新桥人大〔2026〕1号")).toBeLessThan(docLines.findIndex((l) => l.endsWith("票决结果公告")));
    expect(docLines.indexOf("新桥人大〔2026〕1号")).toBeGreaterThanOrEqual(0);
    const trail = JSON.parse(await read(dir, "audit.json"));
    expect(trail.commands.tally.options).toEqual({ round: null, encoding: "auto", docNumber: "新桥人大〔2026〕1号" });
    expect((await runCli(["audit", dir])).code).toBe(0);
    // Without the option nothing is recorded, as before.
    await runCli(["tally", dir]);
    expect(JSON.parse(await read(dir, "audit.json")).commands.tally.options).toEqual({ round: null, encoding: "auto" });
    expect(await read(dir, "announcement.html")).not.toContain("doc-no\">");
  });

  it("evaluate --forms prints the blank forms without any evaluations file, as its own audited set", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    await fs.rm(path.join(dir, "evaluations.csv"));
    const r = await runCli(["evaluate", dir, "--forms", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.groups).toEqual(["代表", "群众"]);
    const html = await read(dir, "evaluation-forms.html");
    expect(html.match(/<section class="form" data-group="/g)).toHaveLength(2);
    expect(html).toContain("民生实事项目满意度测评表");
    const trail = JSON.parse(await read(dir, "audit.json"));
    expect(trail.commands["evaluate-forms"].options).toEqual({ group: null });
    expect((await runCli(["audit", dir])).code).toBe(0);
    const one = await runCli(["evaluate", dir, "--forms", "--group", "群众"]);
    expect(one.code).toBe(0);
    expect((await read(dir, "evaluation-forms.html")).match(/data-group="([^"]+)"/g)).toEqual(['data-group="群众"']);
    expect((await runCli(["audit", dir])).code).toBe(0);
    const bad = await runCli(["evaluate", dir, "--forms", "--group", "干部", "--json"]);
    expect(bad.code).toBe(1);
    expect(codes(bad)).toEqual(["E_FORMS_GROUP"]);
    expect((await runCli(["evaluate", dir, "--group", "群众"])).code).toBe(2);
  });

  it("the count sheet sends the clerk to piaojue enter --counts, not to session.json", async () => {
    const dir = await makeSession({ "session.json": session(), "candidates.csv": CANDIDATES });
    await runCli(["ballot", dir]);
    const sheet = await read(dir, "count-sheet.html");
    expect(sheet).toContain("piaojue enter --counts");
    expect(sheet).not.toContain("counted");
  });
});

describe("the 公告's 说明", () => {
  const BALLOTS = "作废,A,B,C\n,○,○,\n,○,○,\n,○,○,\n,○,○,\n,,,\n,,,\n,√,○,\n否,○,○,\n";

  it("lists what the clerk must see, by count only for single ballots, in announcement.md and .html", async () => {
    const dir = await makeSession({ "session.json": session({ deputies: { total: 7, present: 7 }, }), "candidates.csv": CANDIDATES, "ballots.csv": BALLOTS });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    // The terminal still names every row.
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_EMPTY_ROW").map((w: { line: number }) => w.line)).toEqual([6, 7]);
    const notes = [
      "第 1 轮有 2 行只有逗号或空格（全部为空），按空白票计",
      "第 1 轮有 1 张票有无法辨认的符号，按无效票计",
      "第 1 轮有 1 张票的“作废”栏写的是“否”“无”之类的字，按作废计（作废栏不为空即作废）",
      "第 1 轮发出 9 张票，多于出席代表 7 人",
    ];
    const md = await read(dir, "announcement.md");
    expect(md).toContain(`### 说明\n\n${notes.map((n, i) => `${i + 1}. ${n}`).join("\n")}\n`);
    const html = await read(dir, "announcement.html");
    expect(html).toContain(`<div class="notes"><p>说明：</p><ol>${notes.map((n) => `<li>${n}</li>`).join("")}</ol></div>`);
    // No row of ballots.csv is named on paper.
    for (const text of [md, html]) expect(text).not.toMatch(/第 \d+ 行/);
  });

  it("gives each kind of note's true count in a round, however many were listed on the terminal", async () => {
    const session300 = (rules: Record<string, unknown> = {}) => session({ deputies: { total: 300, present: 300 }, issued: [300], rules: { formal: 1, order: "as-listed", ...rules } });
    const ballots = ["A,B,C", ...Array(250).fill("○,?,"), ...Array(50).fill("×,○,")].join("\n") + "\n";
    const voided = await makeSession({ "session.json": session300(), "candidates.csv": CANDIDATES, "ballots.csv": ballots });
    const r = await runCli(["tally", voided]);
    expect(r.stderr).toContain("ballots.csv:202:1 W_MORE_NOTES 另有 50 条同类提示（W_UNREADABLE_MARK）未列出");
    // After the 200 notes it counts the rest of, not before them.
    expect(r.stderr.indexOf("W_MORE_NOTES")).toBeGreaterThan(r.stderr.lastIndexOf(" W_UNREADABLE_MARK "));
    const md = await read(voided, "announcement.md");
    expect(md).toContain("无效 250 张（符号无法辨认 250）");
    expect(md).toContain("### 说明\n\n1. 第 1 轮有 250 张票有无法辨认的符号，按无效票计\n\n");
    expect(await read(voided, "announcement.html")).toContain("<li>第 1 轮有 250 张票有无法辨认的符号，按无效票计</li></ol>");
    const abstained = await makeSession({ "session.json": session300({ unreadableMark: "abstain-item" }), "candidates.csv": CANDIDATES, "ballots.csv": ballots });
    await runCli(["tally", abstained]);
    expect(await read(abstained, "announcement.md")).toContain("### 说明\n\n1. 第 1 轮有 250 处无法辨认的符号，按弃权计\n\n");
  });

  it("says nothing of an unreadable mark counted as abstain on a ballot that is void: nothing of it is counted", async () => {
    const dir = await makeSession({
      "session.json": session({ deputies: { total: 5, present: 5 }, issued: [5], rules: { formal: 1, order: "as-listed", unreadableMark: "abstain-item" } }),
      "candidates.csv": CANDIDATES,
      "ballots.csv": "A,B,C\n○,○,?\n○,×,×\n○,×,×\n○,×,×\n×,○,×\n",
    });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.json.data.rounds[0].voidByReason).toEqual({ "over-approval": 1 });
    expect(codes(r)).not.toContain("W_UNREADABLE_AS_ABSTAIN");
    expect(await read(dir, "announcement.md")).not.toContain("说明");
  });

  it("a clean vote has no 说明", async () => {
    const dir = await makeSession({ "session.json": session({ deputies: { total: 3, present: 3 }, issued: [3] }), "candidates.csv": CANDIDATES, "ballots.csv": "A,B,C\n○,○,\n○,○,\n○,,○\n" });
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect(await read(dir, "announcement.md")).not.toContain("说明");
    expect(await read(dir, "announcement.html")).not.toContain("class=\"notes\"");
  });
});

describe("first words a clerk meets", () => {
  it("a mistyped command or option gets a suggestion in Chinese, and in English with --lang en", async () => {
    const zh = await runCli(["tallly"]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain("未知的命令 tallly\n你是不是要用 tally？");
    expect((await runCli(["tally", "--rond", "2"])).stderr).toContain("你是不是要用 --round？");
    const en = await runCli(["--lang", "en", "tallly"]);
    expect(en.stderr).toContain("(Did you mean tally?)");
    expect((await runCli(["tallly", "--json"])).json.error.message).toBe("未知的命令 tallly\n你是不是要用 tally？");
  });

  it("the demo explains its warning before it is shown", async () => {
    const dir = await fs.mkdtemp(path.join(path.dirname(await makeSession({})), "demo-"));
    const r = await runCli(["demo", "-o", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("⑥ 关于下面的提醒：示例的表决票里特意放了 3 张无效票");
    expect(r.stdout).toContain("不是出错：计票已完成，结果有效");
    expect(r.stderr).toContain("W_UNREADABLE_MARK");
    const en = await runCli(["demo", "-o", dir, "--lang", "en"]);
    expect(en.stdout).toContain("⑥ About the note below");
    await fs.rm(dir, { recursive: true, force: true });
  });
});
