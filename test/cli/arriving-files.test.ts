// Files as they arrive at a township office: a signature or note row under the ballots, a total row of
// formulas in a workbook, a header with an invisible character. Each is refused, or said, for what it is.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeSession, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

const SESSION = { title: "测试镇第一届人民代表大会第一次会议", date: "2026-01-15", deputies: { total: 10, present: 10 }, issued: [10], rules: { formal: 2, threshold: "valid" } };
const CANDIDATES = "编号,项目名称,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效\n"
  + [1, 2, 3, 4].map((i) => `A${i},项目${i},背景,内容,镇区,镇政府,10${i},镇财政,2026-11,目标\n`).join("");
/** Nine ballots, serials 1–9: A1 9, A2 5, A3 4. */
const ROWS = Array.from({ length: 9 }, (_, i) => [String(i + 1), "○", i < 5 ? "○" : "", i < 5 ? "" : "○", ""]);
const BALLOTS = "票号,A1,A2,A3,A4\n" + ROWS.map((r) => r.join(",")).join("\n") + "\n";

function session(files: Record<string, string | Uint8Array>): Promise<string> {
  return makeSession({ "session.json": JSON.stringify(SESSION), "candidates.csv": CANDIDATES, "ballots.csv": BALLOTS, ...files });
}

/** A workbook of one sheet with these rows (a cell { formula } is a formula with its cached result). */
async function workbook(sheet: string, rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((cell) => { if (cell.value instanceof Date) cell.numFmt = "yyyy-mm-dd"; });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("a signature or note row under the ballots", () => {
  it("refuses it in ballots.csv, naming the 票号 cell, where it would have made 10 returned (valid 10) with no word", async () => {
    for (const note of ["监票人：李四", "注：第3张票有涂改", "2026-01-15"]) {
      const dir = await session({ "ballots.csv": `${BALLOTS}${note},,,,\n` });
      const before = await snapshot(dir);
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code, note).toBe(1);
      expect(r.json.error.diagnostics, note).toEqual([expect.objectContaining({ code: "E_NOTE_ROW", file: "ballots.csv", line: 11, column: 1 })]);
      expect(r.json.error.diagnostics[0].message).toBe(`第 11 行只有票号一格写了“${note}”，像是签名或备注，不是表决票`);
      expect(r.json.error.diagnostics[0].hint).toMatch(/^不是票就删去这一行.*如果确是一张空白票，把票号改成与其他票（如“1”）相同的写法$/);
      expect(await snapshot(dir)).toEqual(before);
    }
    // A blank ballot numbered as the others are counts: returned 10, valid 10.
    const blank = await runCli(["tally", await session({ "ballots.csv": `${BALLOTS}10,,,,\n` }), "--json"]);
    expect(blank.json.data.rounds[0]).toMatchObject({ returned: 10, valid: 10 });
  });

  it("refuses it in ballots.xlsx too, a date cell as a text one, naming the cell", async () => {
    for (const note of ["监票人：李四", new Date("2026-01-15T00:00:00Z")]) {
      const rows: ExcelJS.CellValue[][] = [["票号", "A1", "A2", "A3", "A4"], ...ROWS.map((r) => [Number(r[0]), ...r.slice(1)]), [note]];
      const dir = await session({ "ballots.xlsx": await workbook("表决票", rows) });
      await fs.rm(path.join(dir, "ballots.csv"));
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code).toBe(1);
      expect(r.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_NOTE_ROW", file: "ballots.xlsx", cell: "表决票!A11" })]);
    }
  });
});

describe("formulas in a workbook's total row", () => {
  it("sends the clerk to delete a 合计 row of ballots.xlsx, said once for the row, not to paste its values", async () => {
    const rows: ExcelJS.CellValue[][] = [["票号", "A1", "A2", "A3", "A4"], ...ROWS.map((r) => [Number(r[0]), ...r.slice(1)]),
      ["合计", { formula: "COUNTIF(B2:B10,\"○\")", result: 9 }, { formula: "COUNTIF(C2:C10,\"○\")", result: 5 }, { formula: "COUNTIF(D2:D10,\"○\")", result: 4 }, { formula: "COUNTIF(E2:E10,\"○\")", result: 0 }]];
    const dir = await session({ "ballots.xlsx": await workbook("表决票", rows) });
    await fs.rm(path.join(dir, "ballots.csv"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_XLSX_FORMULA", file: "ballots.xlsx", cell: "表决票!B11" })]);
    const [d] = r.json.error.diagnostics;
    expect(d.message).toBe("表决票!B11 是公式（=COUNTIF(B2:B10,\"○\")），第 11 行是合计行");
    expect(d.hint).toMatch(/^删去第 11 行：表决票文件每一行是收回的一张票，合计由 piaojue 计算/);
    expect(d.hint).not.toContain("选择性粘贴");
  });

  it("sends the clerk to type the mark, not to delete the row, when one cell of a ballot in ballots.xlsx is a formula", async () => {
    const rows: ExcelJS.CellValue[][] = [["票号", "A1", "A2", "A3", "A4"], ...ROWS.map((r) => [Number(r[0]), ...r.slice(1)])];
    rows[3]![1] = { formula: "1/0", result: { error: "#DIV/0!" } };
    const dir = await session({ "ballots.xlsx": await workbook("表决票", rows) });
    await fs.rm(path.join(dir, "ballots.csv"));
    const r = await runCli(["tally", dir, "--json"]);
    const d = r.json.error.diagnostics.find((x: { code: string }) => x.code === "E_XLSX_FORMULA");
    expect(d).toMatchObject({ cell: "表决票!B4" });
    expect(d.hint).toBe("第 4 行的其他格是直接填写的，像是一张票：把 表决票!B4 的公式换成直接填写的符号（没有表态的留空）；如果这一行是统计用的合计行，才删去它");
  });

  it("sends the clerk to delete a row of COUNTIF formulas in evaluations.xlsx, and speaks of levels, not numbers", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const lines = (await fs.readFile(path.join(dir, "evaluations.csv"), "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(","));
    const last = lines.length + 1;
    const counted = lines[0]!.map((_, k) => (k === 0 ? "满意数" : { formula: `COUNTIF(${String.fromCharCode(65 + k)}2:${String.fromCharCode(65 + k)}${last - 1},"满意")`, result: 1 }));
    await fs.writeFile(path.join(dir, "evaluations.xlsx"), await workbook("测评票", [...lines, counted]));
    await fs.rm(path.join(dir, "evaluations.csv"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics).toHaveLength(1);
    const [d] = r.json.error.diagnostics;
    expect(d).toMatchObject({ code: "E_XLSX_FORMULA", file: "evaluations.xlsx", cell: `测评票!B${last}` });
    expect(d.message).toMatch(/，测评票的每一格只能直接填写测评等次$/);
    expect(d.hint).toMatch(new RegExp(`^删去第 ${last} 行：测评票文件每一行是一份测评表`));
  });

  it("sends the clerk to delete a 合计 row of counts.xlsx; a formula elsewhere there is still to be pasted as its value", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    const lines = (await fs.readFile(path.join(dir, "counts.csv"), "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(",").map((c, k) => (k > 0 && /^\d+$/.test(c) ? Number(c) : c)));
    const total = ["合计", ...[1, 2, 3].map((k) => ({ formula: `SUM(${String.fromCharCode(65 + k)}2:${String.fromCharCode(65 + k)}${lines.length})`, result: 0 }))];
    await fs.writeFile(path.join(dir, "counts.xlsx"), await workbook("计票", [...lines, total]));
    await fs.rm(path.join(dir, "counts.csv"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.json.error.diagnostics).toHaveLength(1);
    expect(r.json.error.diagnostics[0].hint).toBe(`删去第 ${lines.length + 1} 行：合计行不是计票数据，合计由 piaojue 计算`);
    const computed = lines.map((l, i) => (i === 1 ? [l[0]!, { formula: "15+2", result: 17 }, ...l.slice(2)] : l));
    await fs.writeFile(path.join(dir, "counts.xlsx"), await workbook("计票", computed));
    const pasted = await runCli(["tally", dir, "--json"]);
    expect(pasted.json.error.diagnostics.map((d: { hint: string }) => d.hint)).toEqual(["票数和计数必须手工录入：复制这些单元格，“选择性粘贴 → 数值”后保存"]);
  });
});

describe("a column name with an invisible character", () => {
  it("names U+FEFF as invisible, not as full-width or a space", async () => {
    const r = await runCli(["check", await session({ "candidates.csv": CANDIDATES.replace("项目名称", "项目\uFEFF名称") }), "--json"]);
    const d = r.json.error.diagnostics.find((x: { code: string }) => x.code === "E_UNKNOWN_COLUMN");
    expect(d.hint).toBe("列名“项目⟨U+FEFF⟩名称”中有看不见的字符 U+FEFF（复制粘贴时常会带上），应写作“项目名称”");
    const en = await runCli(["check", await session({ "candidates.csv": CANDIDATES.replace("项目名称", "项目\uFEFF名称") }), "--json", "--lang", "en"]);
    expect(en.json.error.diagnostics.find((x: { code: string }) => x.code === "E_UNKNOWN_COLUMN").hintEn).toBe("Column “项目⟨U+FEFF⟩名称” has an invisible character, U+FEFF (often carried along by copy and paste), in it; write it as “项目名称”");
  });
});

describe("a workbook where a CSV file was looked for", () => {
  it("an .xlsx renamed to .csv is sent back to its .xlsx name first", async () => {
    const dir = await session({ "ballots.csv": await workbook("表决票", [["票号", "A1", "A2", "A3", "A4"], [1, "○", "", "", ""]]) });
    const d = (await runCli(["tally", dir, "--json"])).json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_NOT_TEXT", message: "这是 Excel 或 WPS 工作簿（.xlsx/.et，压缩格式），不是 CSV 或文本文件" });
    expect(d.hint).toMatch(/^这是改了扩展名的工作簿：把文件名的 \.csv 改回 \.xlsx/);
  });

  it("a leftover candidates.xls with no candidates.csv is named, and to be saved as .xlsx", async () => {
    const dir = await session({ "candidates.xls": new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) });
    await fs.rm(path.join(dir, "candidates.csv"));
    const d = (await runCli(["tally", dir, "--json"])).json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_FILE", file: "candidates.csv", message: "文件不存在；有 candidates.xls，但旧版 .xls 工作簿无法读取" });
    expect(d.hint).toBe("在 Excel 或 WPS 中打开 candidates.xls，“另存为”“Excel 工作簿（*.xlsx）”，保存为 candidates.xlsx");
  });
});
