// The .xlsx and .docx outputs (issue 13), opened by readers other than the writer (ExcelJS, mammoth):
// the values a clerk expects, byte-identical on a second run, and recomputed by audit like any output.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeSession, runCli, scratchCopy, SEEDS } from "../helpers.js";

const copy = scratchCopy;

async function sheet(file: string, name: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await fs.readFile(file) as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet(name);
  expect(ws, `${file} has a sheet ${name}`).toBeDefined();
  return ws!;
}

async function bytesOf(dir: string, names: readonly string[]): Promise<Buffer[]> {
  return Promise.all(names.map((n) => fs.readFile(path.join(dir, n))));
}

describe("tally writes results.xlsx, summary.xlsx and announcement.docx", () => {
  const OFFICE = ["results.xlsx", "summary.xlsx", "announcement.docx"];

  it("holds the results as numbers and the 公告 in order; a re-run gives the same bytes; audit recomputes them", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code).toBe(0);
    const out = path.join(folder, "out");
    const results = await sheet(path.join(out, "results.xlsx"), "票决结果");
    expect(results.getRow(1).values).toEqual([undefined, "名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"]);
    const first = r.json.data.candidates[0];
    const row = results.getRow(2);
    expect(row.getCell(2).value).toBe(first.id);
    expect(row.getCell(3).value).toBe(first.name);
    expect(row.getCell(4).value).toBe(first.approve);
    expect(typeof row.getCell(7).value).toBe("number");
    expect(row.getCell(7).numFmt).toContain("%");
    const summary = await sheet(path.join(out, "summary.xlsx"), "汇总");
    expect(summary.rowCount).toBeGreaterThan(3);

    const { value: text } = await mammoth.extractRawText({ buffer: await fs.readFile(path.join(out, "announcement.docx")) });
    const order = ["民生实事项目票决结果公告", "应到代表", first.name, "主席团", "2026年"];
    let at = -1;
    for (const piece of order) {
      const i = text.indexOf(piece, at + 1);
      expect(i, piece).toBeGreaterThan(at);
      at = i;
    }

    const before = await bytesOf(out, OFFICE);
    expect((await runCli(["tally", folder])).code).toBe(0);
    expect(await bytesOf(out, OFFICE)).toEqual(before);
    const sums = await fs.readFile(path.join(out, "SHA256SUMS"), "utf8");
    for (const n of OFFICE) expect(sums).toContain(n);
    const audit = await runCli(["audit", folder, "--json"]);
    expect(audit.code, audit.stdout).toBe(0);
  });

  it("dates the 公告 alike in .md, .html and .docx: 2026年1月15日 at its head and under the 主席团", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    expect((await runCli(["tally", folder])).code).toBe(0);
    const out = path.join(folder, "out");
    const md = (await fs.readFile(path.join(out, "announcement.md"), "utf8")).split("\n").filter((l) => l.trim() !== "");
    expect(md).toContain("会议日期：2026年1月15日");
    expect(md.slice(-2)).toEqual([expect.stringMatching(/主席团$/), "2026年1月15日"]);
    const html = await fs.readFile(path.join(out, "announcement.html"), "utf8");
    expect(html).toMatch(/主席团<\/span><\/p><p class="closing-date">2026年1月15日<\/p>/);
    // The Word 公告 signs and dates once, as before: the date line of the Markdown is its 落款's date.
    const { value: doc } = await mammoth.extractRawText({ buffer: await fs.readFile(path.join(out, "announcement.docx")) });
    const tail = doc.split("\n").filter((l) => l.trim() !== "").slice(-2);
    expect(tail).toEqual([expect.stringMatching(/主席团$/), "2026年1月15日"]);
  });

  it("shows names in the 公告 exactly as written, with & and a leading = or 1. (no Markdown escapes left)", async () => {
    const folder = await copy(path.join(FIXTURES, "..", "seeds", "township-2026"));
    const file = path.join(folder, "candidates.csv");
    const text = await fs.readFile(file, "utf8");
    const names = ["镇卫生院住院楼改造&设备更新", "=居家养老服务中心", "1. 文化活动中心"];
    const lines = text.split("\n");
    // The first three candidates get the awkward names (column 2 is 项目名称).
    for (let i = 0; i < 3; i++) {
      const cells = lines[i + 1]!.split(",");
      cells[1] = names[i]!;
      lines[i + 1] = cells.join(",");
    }
    await fs.writeFile(file, lines.join("\n"));
    expect((await runCli(["tally", folder])).code).toBe(0);
    const { value: doc } = await mammoth.extractRawText({ buffer: await fs.readFile(path.join(folder, "out", "announcement.docx")) });
    for (const name of names) expect(doc).toContain(name);
    expect(doc).not.toMatch(/\\[&=.]/);
  });

  it("audit finds a changed workbook", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    expect((await runCli(["tally", folder])).code).toBe(0);
    const file = path.join(folder, "out", "results.xlsx");
    const bytes = await fs.readFile(file);
    bytes[bytes.length - 30]! ^= 1;
    await fs.writeFile(file, bytes);
    expect((await runCli(["audit", folder])).code).not.toBe(0);
  });
});

describe("the 公告 of an approve-only ballot", () => {
  it("has no 反对 column (always 0) and reads its 弃权 as 未划（弃权）, in .md, .html and .docx; results.csv keeps SPEC §7's columns", async () => {
    const folder = await scratchCopy(path.join(FIXTURES, "scenarios", "approve-only-against-mark-void"));
    expect((await runCli(["tally", folder])).code).toBe(0);
    const out = path.join(folder, "out");
    const md = await fs.readFile(path.join(out, "announcement.md"), "utf8");
    expect(md).toContain("| 名次 | 编号 | 项目名称 | 赞成 | 未划（弃权） | 赞成率 | 结果 | 轮次 |");
    expect(md).toMatch(/\| 1 \| P1 \| [^|]+ \| 7 \| 1 \| 77\.8% \|/);
    const html = await fs.readFile(path.join(out, "announcement.html"), "utf8");
    expect(html).toContain("<th class=\"nw\">赞成</th><th class=\"nw\">未划（弃权）</th><th class=\"nw\">赞成率</th>");
    const { value: doc } = await mammoth.extractRawText({ buffer: await fs.readFile(path.join(out, "announcement.docx")) });
    for (const text of [md, html, doc]) expect(text).not.toContain("反对");
    expect(doc).toContain("未划（弃权）");
    expect((await fs.readFile(path.join(out, "results.csv"), "utf8")).split("\r\n")[0]).toBe("\ufeff名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次");
    // Where an empty cell approves, 弃权 is a mark written on the ballot: named so.
    const session = path.join(folder, "session.json");
    const s = JSON.parse(await fs.readFile(session, "utf8"));
    s.rules.marks = { approve: ["○", ""], abstain: ["弃权"] };
    await fs.writeFile(session, JSON.stringify(s));
    await runCli(["tally", folder]);
    expect(await fs.readFile(path.join(out, "announcement.md"), "utf8")).toContain("| 名次 | 编号 | 项目名称 | 赞成 | 弃权 | 赞成率 | 结果 | 轮次 |");
  });
});

describe("evaluate writes satisfaction.xlsx and satisfaction.docx", () => {
  it("holds the satisfaction table and the report; a re-run gives the same bytes; audit recomputes them", async () => {
    const folder = await copy(path.join(FIXTURES, "evaluate", "abstain-four-levels"));
    const r = await runCli(["evaluate", folder, "--json"]);
    expect(r.code).toBe(0);
    const out = path.join(folder, "out");
    const ws = await sheet(path.join(out, "satisfaction.xlsx"), "测评结果");
    expect(ws.getRow(1).getCell(1).value).toBe("编号");
    expect(ws.getRow(1).getCell(9).value).toBe("满意率");
    expect(typeof ws.getRow(2).getCell(4).value).toBe("number");
    // 得分 has one decimal in the CSV (80.0), and the workbook shows it so, not as 80.
    const score = ws.getRow(2).getCell(11);
    expect(ws.getRow(1).getCell(11).value).toBe("得分");
    expect(typeof score.value).toBe("number");
    expect(score.numFmt).toBe("0.0");
    expect(ws.getRow(2).getCell(4).numFmt ?? "General").not.toContain("0.0"); // counts stay whole
    const csv = (await fs.readFile(path.join(out, "satisfaction.csv"), "utf8")).replace(/^\uFEFF/, "").split("\r\n");
    expect(ws.rowCount).toBe(csv.filter((l) => l !== "").length);
    const { value: text } = await mammoth.extractRawText({ buffer: await fs.readFile(path.join(out, "satisfaction.docx")) });
    expect(text).toContain("2026年度民生实事项目满意度测评");
    expect(text).toContain("测评组别");
    expect(text).toContain("满意率");
    // The Word report states how the figures were reached, as the page does: base, scores, weights, pass line.
    expect(text).toContain("满意率、总体满意率的基数：");
    expect(text).toContain("综合：各组别按权重加权平均（只计有测评结果的组别，权重重新折算）");
    const seed = await copy(path.join(SEEDS, "evaluation-2027"));
    expect((await runCli(["evaluate", seed])).code).toBe(0);
    const { value: report } = await mammoth.extractRawText({ buffer: await fs.readFile(path.join(seed, "out", "satisfaction.docx")) });
    expect(report).toContain("综合总体满意率低于 80.0% 为未达标");
    const names = ["satisfaction.xlsx", "satisfaction.docx"];
    const before = await bytesOf(out, names);
    expect((await runCli(["evaluate", folder])).code).toBe(0);
    expect(await bytesOf(out, names)).toEqual(before);
    const audit = await runCli(["audit", folder, "--json"]);
    expect(audit.code, audit.stdout).toBe(0);
  });
});

describe("a 综合 rate that prints as the pass line but is below it", () => {
  it("is explained in the page and the Word report: the line is compared with the unrounded rate", async () => {
    const evaluation = { title: "测评", projects: "candidates.csv", groups: { 代表: { weight: "1" } }, passRate: "0.8" };
    const folder = await makeSession({
      "evaluation.json": JSON.stringify(evaluation), "candidates.csv": "编号,项目名称\nA1,甲项目\nA2,乙项目\nA3,丙项目\n",
      // A1: 399/499 = 79.96 %, printed 80.0 %; A2: 400/500, passes; A3: 350/500, plainly below.
      "evaluation-counts.csv": "编号,组别,满意,基本满意,不满意,弃权\nA1,代表,300,99,100,0\nA2,代表,300,100,100,0\nA3,代表,300,50,150,0\n",
    });
    const r = await runCli(["evaluate", folder, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.projects.map((p: { combined: { pass: boolean } }) => p.combined.pass)).toEqual([false, true, false]);
    const note = "（按未四舍五入的比率比较：A1 印作 80.0%，实际略低于 80.0%，未达标）";
    const html = await fs.readFile(path.join(folder, "out", "satisfaction.html"), "utf8");
    expect(html).toContain(`综合总体满意率低于 80.0% 为未达标${note}。`);
    const { value: report } = await mammoth.extractRawText({ buffer: await fs.readFile(path.join(folder, "out", "satisfaction.docx")) });
    expect(report).toContain(note);
    // Without such a rate the sentence stays as it was.
    await fs.writeFile(path.join(folder, "evaluation-counts.csv"), "编号,组别,满意,基本满意,不满意,弃权\nA2,代表,300,100,100,0\nA3,代表,300,50,150,0\n");
    await fs.writeFile(path.join(folder, "candidates.csv"), "编号,项目名称\nA2,乙项目\nA3,丙项目\n");
    expect((await runCli(["evaluate", folder])).code).toBe(0);
    const plain = await fs.readFile(path.join(folder, "out", "satisfaction.html"), "utf8");
    expect(plain).toContain("综合总体满意率低于 80.0% 为未达标。");
  });
});

describe("progress writes progress.xlsx", () => {
  it("holds the progress table and its summary", async () => {
    const folder = await copy(path.join(FIXTURES, "progress", "thirds"));
    const r = await runCli(["progress", folder, "--as-of", "2026-06", "--json"]);
    expect(r.code).toBe(0);
    const file = path.join(folder, "out", "progress.xlsx");
    const ws = await sheet(file, "进度");
    expect(ws.getRow(2).getCell(1).value).toBe("T1");
    expect(ws.getRow(2).getCell(2).value).toBe("敬老院改造");
    const summary = await sheet(file, "汇总");
    // Its rates are numbers shown as percentages with one decimal, as on the 进度 sheet.
    const rows = new Map<string, ExcelJS.Cell>();
    summary.eachRow((row) => { rows.set(String(row.getCell(1).value), row.getCell(2)); });
    const rate = rows.get("完成率")!;
    expect(typeof rate.value).toBe("number");
    expect(rate.numFmt).toBe("0.0%");
    const before = await fs.readFile(file);
    expect((await runCli(["progress", folder, "--as-of", "2026-06"])).code).toBe(0);
    expect(await fs.readFile(file)).toEqual(before);
  });
});

describe("ballot writes the entry template as a workbook with drop-downs", () => {
  it("offers the session's marks in every candidate cell, 作废 in its column, and reads back as an empty ballots table", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(folder, "ballots.csv"));
    const r = await runCli(["ballot", folder, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.files).toContain("ballots-template.xlsx");
    const ws = await sheet(path.join(folder, "out", "ballots-template.xlsx"), "表决票");
    expect(ws.getRow(1).values).toEqual([undefined, "票号", "作废", ...r.json.data.order]);
    const list = ws.getCell("C2").dataValidation;
    expect(list).toMatchObject({ type: "list" });
    expect(list.formulae[0]).toContain("○");
    expect(list.formulae[0]).toContain("弃权");
    expect(ws.getCell("B2").dataValidation).toMatchObject({ type: "list", formulae: ["\"作废\""] });
    expect(ws.getCell("A2").dataValidation).toBeUndefined();
    // Filled in by the clerk (here ExcelJS, from the CSV ballots) and saved as ballots.xlsx, it counts as ballots.csv does.
    const csvBallots = (await fs.readFile(path.join(FIXTURES, "scenarios", "basic-all-final", "ballots.csv"), "utf8")).trim().split(/\r?\n/).map((l) => l.split(","));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await fs.readFile(path.join(folder, "out", "ballots-template.xlsx")) as unknown as ExcelJS.Buffer);
    const filled = wb.getWorksheet("表决票")!;
    const order = csvBallots[0]!;
    csvBallots.slice(1).forEach((cells, i) => {
      const row = filled.getRow(i + 2);
      (filled.getRow(1).values as unknown[]).slice(1).forEach((h, c) => { row.getCell(c + 1).value = cells[order.indexOf(String(h))] ?? ""; });
      row.commit();
    });
    await wb.xlsx.writeFile(path.join(folder, "ballots.xlsx"));
    const t = await runCli(["tally", folder, "--json"]);
    const plain = await runCli(["tally", await copy(path.join(FIXTURES, "scenarios", "basic-all-final")), "--json"]);
    expect(t.code, t.stdout).toBe(plain.code);
    expect(t.json.data).toEqual(plain.json.data);
    // The template's own formatted rows below the ballots are no news to the clerk.
    expect(t.json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_XLSX_TRAILING_ROWS");
  });

  it("an unfilled entry workbook saved as ballots.xlsx is named as such when refused", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(folder, "ballots.csv"));
    expect((await runCli(["ballot", folder])).code).toBe(0);
    await fs.copyFile(path.join(folder, "out", "ballots-template.xlsx"), path.join(folder, "ballots.xlsx"));
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_BALLOTS_NONE" });
    expect(r.json.error.diagnostics[0].message).toMatch(/^ballots\.xlsx 只有表头/);
    expect(r.json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_XLSX_TRAILING_ROWS");
  });

  it("offers a mark rules.marks gives once, under the kind it is read as, not also from the default list it took it from", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(folder, "ballots.csv"));
    const file = path.join(folder, "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8"));
    session.rules.marks = { approve: ["X", "√"] };
    await fs.writeFile(file, JSON.stringify(session, null, 2));
    expect((await runCli(["ballot", folder])).code).toBe(0);
    const ws = await sheet(path.join(folder, "out", "ballots-template.xlsx"), "表决票");
    expect(ws.getCell("C2").dataValidation.formulae).toEqual(['"X,√,×,x,✗,反对,不同意,0,弃权,-"']);
  });

  it("says in a candidate cell's prompt that an empty cell is 反对 when rules.marks makes it so (it is in no drop-down list)", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(folder, "ballots.csv"));
    const file = path.join(folder, "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8"));
    session.rules.marks = { approve: ["√"], against: [""], abstain: ["弃权"] };
    await fs.writeFile(file, JSON.stringify(session, null, 2));
    expect((await runCli(["ballot", folder])).code).toBe(0);
    const ws = await sheet(path.join(folder, "out", "ballots-template.xlsx"), "表决票");
    expect(ws.getCell("C2").dataValidation.prompt).toBe("从下拉列表中选择：√ 弃权；留空为反对");
    expect(ws.getCell("B2").dataValidation.prompt).toBe("从下拉列表中选择：作废");
    // An empty cell that abstains, as by default, is said as before.
    await fs.rm(path.join(folder, "out"), { recursive: true });
    session.rules.marks = { approve: ["√"] };
    await fs.writeFile(file, JSON.stringify(session, null, 2));
    expect((await runCli(["ballot", folder])).code).toBe(0);
    expect((await sheet(path.join(folder, "out", "ballots-template.xlsx"), "表决票")).getCell("C2").dataValidation.prompt).not.toContain("留空");
  });

  it("leaves a candidate column to free entry when the session's marks cannot be an Excel list (a comma in a mark)", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "basic-all-final"));
    await fs.rm(path.join(folder, "ballots.csv"));
    const file = path.join(folder, "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8"));
    session.rules.marks = { approve: ["○,√"] };
    await fs.writeFile(file, JSON.stringify(session, null, 2));
    const r = await runCli(["ballot", folder, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const ws = await sheet(path.join(folder, "out", "ballots-template.xlsx"), "表决票");
    expect(ws.getCell("C2").dataValidation).toBeUndefined();
    expect(ws.getCell("B2").dataValidation).toMatchObject({ type: "list", formulae: ["\"作废\""] });
  });
});
