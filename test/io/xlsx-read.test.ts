// Reading .xlsx tables: a workbook as Excel saves it, one written by a second writer (ExcelJS), the golden
// session converted to .xlsx (the same table as its CSV), and hostile workbooks refused with a reason.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { InputError, type Diagnostic } from "../../src/core/diagnostics.js";
import { SessionReader } from "../../src/io/files.js";
import { formatKind, numberText, readXlsxTable, scanXml, type XlsxReadOptions, unescapeXstring } from "../../src/io/xlsx-read.js";
import { renderDiagnostic } from "../../src/messages/render.js";
import { FIXTURES, SEEDS } from "../helpers.js";
import { excelCandidates, sheetXml, workbookParts, zipParts, type Parts } from "./xlsx-fixture.js";

const FIXTURE = path.join(FIXTURES, "xlsx", "candidates-excel.xlsx");

/** The diagnostics an InputError carries (and fails the test when nothing is thrown). */
function refused(bytes: Uint8Array, options: XlsxReadOptions): Diagnostic[] {
  try {
    readXlsxTable(bytes, options);
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
  throw new Error("the workbook was read");
}

/** A one-sheet workbook of rows (inline cells), with parts added or replaced. */
function simple(rows: string, extra: Parts = {}, merges: string[] = []): Uint8Array {
  return zipParts({ ...workbookParts([{ name: "Sheet1", xml: sheetXml(rows, merges) }], ["a", "b"]), ...extra });
}

const HEADER_ROW = `<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="B1" t="inlineStr"><is><t>赞成</t></is></c></row>`;

describe("an .xlsx as Excel saves it", () => {
  it("is the committed fixture, byte for byte (so the fixture is explained by its builder)", () => {
    expect(Buffer.from(excelCandidates()).equals(readFileSync(FIXTURE))).toBe(true);
  });

  it("reads the sheet named as the file's role: title row, month and date cells, 260 not 260.00000000000003, cached formula value", () => {
    const r = readXlsxTable(readFileSync(FIXTURE), { file: "candidates.xlsx", role: "候选项目" });
    expect(r.sheet).toBe("候选项目");
    expect(r.table.header).toEqual(["编号", "项目名称", "投入资金（万元）", "完成时限"]);
    expect(r.table.headerLine).toBe(2);
    expect(r.table.rows).toEqual([
      { line: 3, cells: ["P01", "镇卫生院住院楼改造", "680", "2026-11"] },
      { line: 4, cells: ["P02", "农村饮水安全提升工程", "520", "2026-08-31"] },
      { line: 5, cells: ["P03", "中心小学塑胶运动场建设", "260", "2026-08"] },
    ]);
    expect(r.warnings.map((w) => w.code)).toEqual(["W_XLSX_TITLE_ROWS", "W_XLSX_TRAILING_ROWS", "W_XLSX_OTHER_SHEETS"]);
    expect(r.warnings.map((w) => renderDiagnostic(w).message)).toEqual([
      "表头上方的第 1 行（“2026年民生实事候选项目”）当作标题，未读入；表头在第 2 行",
      "表末第 6 行起有 2 个空行（只有格式或空格），已忽略",
      "工作簿有多个工作表，读的是“候选项目”（另有：填表说明）",
    ]);
    expect(r.place(5, 3)).toBe("候选项目!C5");
    expect(r.place(5)).toBe("候选项目!5:5");
  });

  it("refuses the formula in a count file, naming the sheet and the cell", () => {
    const d = refused(readFileSync(FIXTURE), { file: "counts.xlsx", role: "候选项目", refuseFormulas: true });
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: "E_XLSX_FORMULA", at: { file: "counts.xlsx", line: 4, column: 3 } });
    expect(renderDiagnostic(d[0]!).message).toBe("候选项目!C4 是公式（=300+220），这个文件的数只能直接填写");
    expect(renderDiagnostic(d[0]!, "en").message).toBe("Cell 候选项目!C4 is a formula (=300+220); the numbers in this file must be typed");
  });

  it("reads the first visible sheet when none has the role's name", () => {
    const r = readXlsxTable(readFileSync(FIXTURE), { file: "candidates.xlsx", role: "计票" });
    expect(r.sheet).toBe("填表说明");
  });
});

describe("a workbook written by ExcelJS (a second writer)", () => {
  it("reads dates, numbers, percentages, booleans, a merged title and a table that starts in column B", async () => {
    const wb = new ExcelJS.Workbook();
    wb.created = new Date("2026-01-01T00:00:00Z");
    const ws = wb.addWorksheet("进度");
    ws.mergeCells("B1:F1");
    ws.getCell("B1").value = "2026年6月进度报送";
    ws.getRow(3).values = [undefined, "编号", "截至", "形象进度", "已拨付资金（万元）", "说明", undefined, "备用"];
    ws.getRow(4).values = [undefined, "P01", new Date(Date.UTC(2026, 5, 1)), 0.35, 120.5, "主体完工", undefined, ""];
    ws.getRow(5).values = [undefined, "P02", new Date(Date.UTC(2026, 5, 30)), 1, 0.1 + 0.2, true];
    ws.getCell("C4").numFmt = "yyyy-mm";
    ws.getCell("C5").numFmt = "yyyy/m/d";
    ws.getCell("D4").numFmt = "0%";
    ws.getCell("D5").numFmt = "0.00%";
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = readXlsxTable(bytes, { file: "progress.xlsx" });
    expect(r.table.header).toEqual(["编号", "截至", "形象进度", "已拨付资金（万元）", "说明", "备用"]);
    expect(r.table.rows).toEqual([
      { line: 4, cells: ["P01", "2026-06", "35%", "120.5", "主体完工", ""] },
      { line: 5, cells: ["P02", "2026-06-30", "100%", "0.3", "TRUE", ""] },
    ]);
    expect(r.warnings.map((w) => [w.code, w.params])).toEqual([
      ["W_XLSX_TITLE_ROWS", { sheet: "进度", rows: ["1"], title: "2026年6月进度报送", header: 3 }],
      ["W_XLSX_EMPTY_COLUMNS", { sheet: "进度", columns: ["G"] }],
    ]);
    // Column 6 of the table is column H of the sheet (G was empty and dropped).
    expect(r.place(5, 6)).toBe("进度!H5");
    expect(r.cell(4, 1)).toBe("B4");
  });
});

describe("the golden session as .xlsx", () => {
  it("reads the same header and rows as its CSV files (numbers typed as numbers, months as dates)", async () => {
    const reader = new SessionReader(path.join(SEEDS, "township-2026"));
    for (const name of ["candidates", "ballots"]) {
      const csv = await reader.table(`${name}.csv`);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(name === "candidates" ? "候选项目" : "表决票");
      ws.addRow(csv.header);
      for (const row of csv.rows) {
        const added = ws.addRow(row.cells.map((v) => {
          if (/^(0|[1-9]\d*)(\.\d*[1-9])?$/.test(v) && v.length < 15) return Number(v);
          if (/^\d{4}-\d{2}$/.test(v)) return new Date(`${v}-01T00:00:00Z`);
          return v;
        }));
        added.eachCell((cell) => { if (cell.value instanceof Date) cell.numFmt = "yyyy\"年\"m\"月\""; });
      }
      const r = readXlsxTable(new Uint8Array(await wb.xlsx.writeBuffer()), { file: `${name}.xlsx`, refuseFormulas: name === "ballots" });
      expect(r.table.header, name).toEqual(csv.header);
      expect(r.table.rows.map((x) => x.cells), name).toEqual(csv.rows.map((x) => x.cells));
      expect(r.table.rows.map((x) => x.line), name).toEqual(csv.rows.map((x) => x.line));
      expect(r.warnings, name).toEqual([]);
    }
  });
});

describe("a title row above the column names", () => {
  const inline = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
  it("passes over a title and a date above a header whose candidate ids are numbers", () => {
    const rows = `<row r="1">${inline("A1", "表决票录入")}${inline("F1", "2026年1月15日")}</row>` +
      `<row r="2">${inline("A2", "票号")}${inline("B2", "作废")}<c r="C2"><v>1</v></c><c r="D2"><v>2</v></c><c r="E2"><v>3</v></c><c r="F2"><v>4</v></c></row>` +
      `<row r="3">${inline("A3", "001")}${inline("C3", "○")}</row>`;
    const r = readXlsxTable(simple(rows), { file: "ballots.xlsx" });
    expect(r.table.headerLine).toBe(2);
    expect(r.table.header).toEqual(["票号", "作废", "1", "2", "3", "4"]);
  });

  it("names the cell of an unnamed header cell, and says the header was taken from a title row when the row below has a value there", () => {
    const rows = `<row r="1">${inline("A1", "进度报送")}${inline("C1", "2026年6月")}</row>` +
      `<row r="2">${inline("A2", "编号")}${inline("B2", "截至")}${inline("C2", "形象进度")}</row>`;
    const [d, ...rest] = refused(simple(rows), { file: "progress.xlsx" });
    expect(rest).toEqual([]);
    expect(d!.at).toMatchObject({ cell: "Sheet1!B1" });
    expect(renderDiagnostic(d!).hint).toBe("表头取的是第 1 行，而这一列第 2 行有内容：若列名在第 2 行或更下面，删去列名上方的标题行");
  });
});

describe("cells as the clerk sees them", () => {
  it("formats numbers, percentages, dates, months and times", () => {
    expect(numberText(260.00000000000003)).toBe("260");
    expect(numberText(0.1 + 0.2)).toBe("0.3");
    expect(numberText(0.3 - 0.1 - 0.2)).toBe("0"); // -2.78e-17, shown 0.00
    expect(numberText(1e-12, "percent")).toBe("0%");
    expect(numberText(0.000001)).toBe("0.000001");
    expect(numberText(35.5)).toBe("35.5");
    expect(numberText(-3)).toBe("-3");
    expect(numberText(0.355, "percent")).toBe("35.5%");
    expect(numberText(46037, "date")).toBe("2026-01-15");
    expect(numberText(46037.75, "datetime")).toBe("2026-01-15 18:00");
    expect(numberText(46037, "month")).toBe("2026-01");
    expect(numberText(0.5, "time")).toBe("12:00");
    expect(numberText(61, "date")).toBe("1900-03-01");
    expect(numberText(1, "date")).toBe("1900-01-01");
    expect(numberText(44575, "date", true)).toBe("2026-01-15");
  });

  it("tells a format's kind with quoted text, escapes, colours and locales left out", () => {
    expect(formatKind("yyyy\"年\"m\"月\"d\"日\"")).toBe("date");
    expect(formatKind("yyyy\"年\"m\"月\";@")).toBe("month");
    expect(formatKind("[$-804]yyyy/m/d")).toBe("date");
    expect(formatKind("mmm-yy")).toBe("month");
    expect(formatKind("h:mm:ss")).toBe("time");
    expect(formatKind("[h]:mm")).toBe("time");
    expect(formatKind("yyyy-mm-dd hh:mm")).toBe("datetime");
    expect(formatKind("0.00%")).toBe("percent");
    expect(formatKind("#,##0.00_);[Red](#,##0.00)")).toBe("number");
    expect(formatKind("0.0\"天\"")).toBe("number");
    expect(formatKind("General")).toBe("number");
  });

  it("reads an ID formatted with letters around its zeros as shown (\"P\"00 → P03), a unit around a number as the number", () => {
    expect(numberText(3, formatKind('"P"00'))).toBe("P03");
    expect(numberText(12, formatKind("\\P000"))).toBe("P012");
    expect(numberText(7, formatKind('"XM-"000'))).toBe("XM-007");
    expect(numberText(7, formatKind("000"))).toBe("007");
    // Text after the number, or before a single 0, is a unit (km, RMB), not an ID's letters.
    for (const unit of ['0"万元"', '"¥"0', '0"票"', '"第"0"号"', '"P"00;-"P"00', '0"km"', '"RMB"0', '0"t"', '"A"00"b"']) expect(numberText(120, formatKind(unit)), unit).toBe("120");
  });

  it("refuses a number whose format shows another magnitude (0!.0000 for 万元, a scaling comma), keeping ordinary formats", () => {
    for (const code of ["0!.0000", "0\".\"0000", "0\\.0000", "#,##0.00,", "0,,\"百万\""]) expect(formatKind(code), code).toMatchObject({ scaledCode: code });
    for (const code of ["0.00", "#,##0.00", "#,##0", "0%", "0.0\"天\"", "#,##0.00_);[Red](#,##0.00)"]) expect(typeof formatKind(code), code).toBe("string");
    const rows = HEADER_ROW + `<row r="2"><c r="A2" t="inlineStr"><is><t>P01</t></is></c><c r="B2" s="1"><v>2000000</v></c></row>` +
      `<row r="3"><c r="A3" t="inlineStr"><is><t>P02</t></is></c><c r="B3" s="2"><v>1234567</v></c></row>` +
      `<row r="4"><c r="A4" t="inlineStr"><is><t>P03</t></is></c><c r="B4" s="3"><v>1234.5</v></c></row>`;
    const bytes = zipParts(workbookParts([{ name: "计划", xml: sheetXml(rows) }], [], [0, 176, 177, 4], { 176: "0!.0000", 177: "#,##0.00," }));
    const errors = refused(bytes, { file: "plan.xlsx" });
    expect(errors.map((e) => [e.code, e.params["cell"], e.params["shown"], e.params["value"]])).toEqual([
      ["E_XLSX_SCALED_FORMAT", "计划!B2", "200.0000", "2000000"],
      ["E_XLSX_SCALED_FORMAT", "计划!B3", "1,234.57", "1234567"],
    ]);
    expect(renderDiagnostic(errors[0]!).message).toBe("计划!B2 的数字格式 “0!.0000” 使显示的数与存的数大小不同：Excel 显示 200.0000，存的是 2000000");
  });

  it("looks at the section Excel shows each number with: a condition's ([>=10000] shown in 万), a sign's, and 0 as 0", () => {
    const cell = (r: number, v: number, style: number) => `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>P${r}</t></is></c><c r="B${r}" s="${style}"><v>${v}</v></c></row>`;
    // Style 1: 万 from 10000 on, else as stored; style 2: 万元 shown by a literal dot, and a zero.
    const rows = HEADER_ROW + cell(2, 680, 1) + cell(3, 123456, 1) + cell(4, 0, 2) + cell(5, -5, 3);
    const bytes = zipParts(workbookParts([{ name: "计划", xml: sheetXml(rows) }], [], [0, 176, 177, 178], { 176: "[>=10000]0!.0,\"万\";0", 177: "0!.0000", 178: "0.00;-0!.0" }));
    const errors = refused(bytes, { file: "plan.xlsx" });
    // 680 is shown 680; 123456 as 12.3万 (a literal dot and a scaling comma); 0 as 0; -5 by the negative section as -0.5.
    expect(errors.map((e) => [e.params["cell"], e.params["shown"], e.params["value"]])).toEqual([["计划!B3", "12.3", "123456"], ["计划!B5", "-0.5", "-5"]]);
  });

  it("reads a whole number formatted 000 as Excel shows it: an id 1 as 001", async () => {
    expect(formatKind("000")).toEqual({ digits: 3 });
    expect(formatKind("0")).toBe("number");
    expect(numberText(1, { digits: 3 })).toBe("001");
    expect(numberText(1234, { digits: 3 })).toBe("1234");
    expect(numberText(1.5, { digits: 3 })).toBe("1.5");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("候选项目");
    ws.addRow(["编号", "项目名称"]);
    for (const [id, name] of [[1, "道路"], [2, "路灯"]] as const) ws.addRow([id, name]).getCell(1).numFmt = "000";
    const table = readXlsxTable(new Uint8Array(await wb.xlsx.writeBuffer()), { file: "candidates.xlsx" }).table;
    expect(table.rows.map((r) => r.cells[0])).toEqual(["001", "002"]);
  });

  it("skips phonetic runs, decodes the five entities and character references, refuses a DOCTYPE", () => {
    let text = "";
    scanXml("<a x=\"1 &gt; 0\"><t>A&amp;B&#x4E2D;&#25991;</t><![CDATA[<x>]]><!-- c --></a>", { text: (t) => { text += t; } });
    expect(text).toBe("A&B中文<x>");
    expect(() => scanXml("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", {})).toThrow();
    expect(() => scanXml("<x>&lol;</x>", { text: () => {} })).toThrow();
  });
});

describe("table layout problems", () => {
  it("refuse merged cells inside the table, values outside the header, error values and formulas without a result", () => {
    const rows = HEADER_ROW +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>P01</t></is></c><c r="B2" t="e"><v>#REF!</v></c></row>` +
      `<row r="3"><c r="A3" t="inlineStr"><is><t>P02</t></is></c><c r="B3"><f>SUM(B1:B2)</f></c><c r="D3"><v>7</v></c></row>` +
      `<row r="4"><c r="A4" t="inlineStr"><is><t>P03</t></is></c><c r="B4"><v>1</v></c></row>` +
      `<row r="5"><c r="A5"/><c r="B5"><v>2</v></c></row>`;
    const d = refused(simple(rows, {}, ["A4:A5"]), { file: "counts.xlsx" });
    expect(d.map((x) => [x.code, x.at.line, x.at.column, renderDiagnostic(x).message])).toEqual([
      ["E_XLSX_FORMULA_NO_VALUE", 3, 2, "Sheet1!B3 是公式，但工作簿中没有它的计算结果"],
      ["E_XLSX_CELL_ERROR", 2, 2, "Sheet1!B2 的值是错误 #REF!"],
      ["E_XLSX_MERGED", 4, 1, "表内有合并单元格 Sheet1!A4:A5"],
      ["E_XLSX_OUTSIDE_HEADER", 3, 4, "Sheet1!D3 在表头之外，却有内容“7”"],
    ]);
  });

  it("refuse a shared-text index the workbook does not hold (on a ballot an empty cell is a vote); a shared-text cell with no index is empty", () => {
    const row = (v: string) => `${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>P01</t></is></c><c r="B2" t="s">${v}</c></row>`;
    for (const index of ["2", "-1", "1.5", "abc", "1e309", "99999999999"]) {
      const d = refused(simple(row(`<v>${index}</v>`)), { file: "ballots.xlsx" });
      expect(d.map((x) => [x.code, renderDiagnostic(x).message, renderDiagnostic(x, "en").message])).toEqual([
        ["E_XLSX_DAMAGED", `Sheet1!B2 引用的共享文字“${index}”在工作簿中不存在，读不出这一格的内容`, `Sheet1!B2 refers to shared text “${index}”, which the workbook does not hold: the cell cannot be read`],
      ]);
    }
    expect(readXlsxTable(simple(row("<v>1</v>")), { file: "ballots.xlsx" }).table.rows[0]!.cells).toEqual(["P01", "b"]);
    expect(readXlsxTable(simple(row("")), { file: "ballots.xlsx" }).table.rows[0]!.cells).toEqual(["P01", ""]);
  });

  it("read hidden rows and columns like the others and say so; read an ISO date cell", () => {
    const rows = HEADER_ROW +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>P01</t></is></c><c r="B2" t="d"><v>2026-06-30T00:00:00Z</v></c></row>` +
      `<row r="3" hidden="1"><c r="A3" t="inlineStr"><is><t>P02</t></is></c><c r="B3"><v>4</v></c></row>`;
    const xml = sheetXml(rows).replace("<sheetData>", "<cols><col min=\"2\" max=\"2\" width=\"9\" hidden=\"1\"/></cols><sheetData>");
    const r = readXlsxTable(zipParts(workbookParts([{ name: "Sheet1", xml }])), { file: "counts.xlsx" });
    expect(r.table.rows.map((x) => x.cells)).toEqual([["P01", "2026-06-30"], ["P02", "4"]]);
    expect(r.warnings.map((w) => renderDiagnostic(w).message)).toEqual(["工作表“Sheet1”有隐藏的行或列（3、B），已照常读入"]);
    // Placed at the first hidden row, not at the header.
    expect(r.warnings.map((w) => w.at.line)).toEqual([3]);
  });

  it("an empty sheet has no header", () => {
    expect(refused(simple(""), { file: "ballots.xlsx" })[0]).toMatchObject({ code: "E_XLSX_EMPTY_SHEET" });
  });

  it("pass an empty header cell to the header check the CSV reader makes", () => {
    const rows = `<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="C1" t="inlineStr"><is><t>反对</t></is></c></row>` +
      `<row r="2"><c r="A2" t="inlineStr"><is><t>P1</t></is></c><c r="B2"><v>3</v></c><c r="C2"><v>1</v></c></row>`;
    const d = refused(simple(rows), { file: "counts.xlsx" });
    expect(d.map((x) => [x.code, x.at.line, x.at.column])).toEqual([["E_EMPTY_HEADER", 1, 2]]);
  });
});

describe("hostile workbooks are refused before they cost memory", () => {
  const base = (): Parts => workbookParts([{ name: "Sheet1", xml: sheetXml(HEADER_ROW) }]);
  const code = (bytes: Uint8Array, options: Partial<XlsxReadOptions> = {}) => refused(bytes, { file: "ballots.xlsx", ...options })[0]!;

  it("a zip bomb: a part that inflates more than 200 times", () => {
    const bomb = zipParts({ ...base(), "xl/media/padding.bin": new Uint8Array(8 << 20) });
    expect(bomb.length).toBeLessThan(1 << 20);
    const d = code(bomb);
    expect(d).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "ratio", part: "xl/media/padding.bin", limit: 200 } });
    expect(renderDiagnostic(d).message).toMatch(/压缩比异常（\d+ 倍，上限 200 倍），疑似压缩炸弹/);
  });

  it("a part whose declared size is over the limit, the total over the limit, too many entries, a file too large", () => {
    const big = zipParts({ ...base(), "xl/media/a.bin": new Uint8Array(randomBytes(3 << 20)) });
    expect(code(big, { limits: { entryBytes: 2 << 20 } })).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "entry", part: "xl/media/a.bin" } });
    expect(code(big, { limits: { totalBytes: 2 << 20 } })).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "total" } });
    expect(code(big, { limits: { fileBytes: 1 << 20 } })).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "file" } });
    const many: Parts = base();
    for (let i = 0; i < 1001; i++) many[`xl/media/${i}.txt`] = "x";
    expect(code(zipParts(many))).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "entries", limit: 1000 } });
  });

  it("a zip whose directory understates a part's size: the part is inflated no further than declared", () => {
    const real = sheetXml(HEADER_ROW + `<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>`);
    const bytes = zipParts({ ...base(), "xl/worksheets/sheet1.xml": real });
    // Patch the central directory's uncompressed size of sheet1.xml to 100 bytes.
    const name = strToU8("xl/worksheets/sheet1.xml");
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < bytes.length - 46; i++) {
      if (view.getUint32(i, true) === 0x02014b50 && view.getUint16(i + 28, true) === name.length && Buffer.from(bytes.subarray(i + 46, i + 46 + name.length)).equals(Buffer.from(name))) view.setUint32(i + 24, 100, true);
    }
    expect(code(bytes)).toMatchObject({ code: "E_XLSX_DAMAGED", params: { part: "xl/worksheets/sheet1.xml", reason: "syntax" } });
  });

  it("a ZIP64 size marker without its extra field (GHSA-px8p-9vwx-vf98, a hang in fflate before 0.8.3)", () => {
    const bytes = zipParts(base());
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < bytes.length - 46; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 20, 0xffffffff, true);
    // It ends (read, or refused with a reason) instead of looping for ever (the test's time limit would
    // stop a hang), and nothing else is thrown.
    let outcome = "read";
    try { readXlsxTable(bytes, { file: "ballots.xlsx" }); } catch (e) {
      if (!(e instanceof InputError)) throw e;
      outcome = e.diagnostics[0]!.code;
    }
    expect(["read", "E_XLSX_DAMAGED", "E_XLSX_LIMIT"]).toContain(outcome);
  });

  it("a sheet beyond the row, column or cell limits", () => {
    const far = (ref: string) => zipParts({ ...base(), "xl/worksheets/sheet1.xml": sheetXml(HEADER_ROW + `<row r="${ref.replace(/\D/g, "")}"><c r="${ref}"><v>1</v></c></row>`) });
    expect(code(far("ALM2"))).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "columns", value: "ALM", limit: 1000 } });
    expect(code(far("A1048577"))).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "rows" } });
    expect(code(far("A50"), { limits: { rows: 10 } })).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "rows" } });
    expect(code(far("A3"), { limits: { cells: 2 } })).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "cells", limit: 2 } });
  });

  it("macros: an .xlsm name, a VBA project, a macro-enabled content type", () => {
    expect(code(zipParts(base()), { file: "ballots.xlsm" }).code).toBe("E_XLSX_MACRO");
    expect(code(zipParts({ ...base(), "xl/vbaProject.bin": new Uint8Array([1, 2, 3]) })).code).toBe("E_XLSX_MACRO");
    const types = (base()["[Content_Types].xml"] as string).replace("sheet.main+xml", "sheet.main+xml\"/><Override PartName=\"/xl/x.bin\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml");
    expect(code(zipParts({ ...base(), "[Content_Types].xml": types })).code).toBe("E_XLSX_MACRO");
  });

  it("external links to other workbooks", () => {
    expect(code(zipParts({ ...base(), "xl/externalLinks/externalLink1.xml": "<externalLink/>" })).code).toBe("E_XLSX_EXTERNAL_LINK");
    const rels = (base()["xl/_rels/workbook.xml.rels"] as string).replace("</Relationships>", "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink\" Target=\"file:///C:/x.xlsx\" TargetMode=\"External\"/></Relationships>");
    expect(code(zipParts({ ...base(), "xl/_rels/workbook.xml.rels": rels })).code).toBe("E_XLSX_EXTERNAL_LINK");
  });

  it("entity expansion (billion laughs), an old .xls or encrypted workbook, a file that is not a zip, a missing part", () => {
    const laughs = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><sst><si><t>&b;</t></si></sst>";
    expect(code(zipParts({ ...base(), "xl/sharedStrings.xml": laughs }))).toMatchObject({ code: "E_XLSX_DAMAGED", params: { part: "xl/sharedStrings.xml", reason: "dtd" } });
    expect(code(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])).code).toBe("E_XLSX_LEGACY");
    expect(code(new TextEncoder().encode("编号,赞成\nP1,3\n"))).toMatchObject({ code: "E_XLSX_DAMAGED", params: { reason: "zip" } });
    expect(code(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toMatchObject({ code: "E_XLSX_DAMAGED", params: { reason: "zip" } });
    const parts = base();
    delete parts["xl/workbook.xml"];
    expect(code(zipParts(parts))).toMatchObject({ code: "E_XLSX_DAMAGED", params: { part: "xl/workbook.xml", reason: "missing" } });
    expect(code(zipSync({}))).toMatchObject({ code: "E_XLSX_DAMAGED" });
  });

  it("every refusal has a Chinese and an English message and hint", () => {
    const cases = [
      code(zipParts(base()), { file: "x.xlsm" }),
      code(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])),
      code(zipParts({ ...base(), "xl/externalLinks/externalLink1.xml": "<x/>" })),
    ];
    for (const d of cases) {
      for (const lang of ["zh", "en"] as const) {
        const r = renderDiagnostic(d, lang);
        expect(r.message, d.code).not.toBe(d.code);
        expect(r.hint, d.code).toBeTruthy();
      }
    }
  });
});

describe("a workbook in a session folder", () => {
  it("is hashed by SessionReader.bytes like any input (what the wiring will read)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-xlsx-"));
    try {
      await fs.copyFile(FIXTURE, path.join(dir, "candidates.xlsx"));
      const reader = new SessionReader(dir);
      const bytes = await reader.bytes("candidates.xlsx");
      expect(readXlsxTable(bytes, { file: "candidates.xlsx", role: "候选项目" }).table.rows).toHaveLength(3);
      expect(reader.inputs.get("candidates.xlsx")).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe("unescapeXstring", () => {
  it("decodes _xHHHH_ as OOXML writes characters XML cannot hold, and _x005F_ as a literal underscore", () => {
    expect(unescapeXstring("路灯_x001B_亮化")).toBe("路灯\u001b亮化");
    expect(unescapeXstring("_x005F_x0041_")).toBe("_x0041_");
    expect(unescapeXstring("P_01 x001B")).toBe("P_01 x001B");
  });
});
