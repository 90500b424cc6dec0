// Workbooks as clerks save them: an empty row inside a table (read as the CSV reader reads `,,,`), a hidden
// sheet named for the file's role, a title row of two cells above the header, and the rows below a table
// that hold only spaces.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { InputError, type Diagnostic } from "../../src/core/diagnostics.js";
import { readXlsxTable } from "../../src/io/xlsx-read.js";
import { renderDiagnostic } from "../../src/messages/render.js";
import { FIXTURES, makeSession, runCli, scratchCopy, snapshot } from "../helpers.js";

/** A cell as a clerk's Excel holds it: plain numbers as numbers, the rest as text; "" is no cell at all. */
function cellValue(text: string): string | number | undefined {
  if (text === "") return undefined;
  if (/^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/.test(text) && String(Number(text)) === text) return Number(text);
  return text;
}

/** Rows (CSV cells) put on a sheet from `firstRow` on, each at its own row: an all-empty row gets no cell. */
function putRows(ws: ExcelJS.Worksheet, rows: string[][], firstRow = 1): void {
  rows.forEach((cells, i) => {
    const row = ws.getRow(firstRow + i);
    cells.forEach((c, j) => { const v = cellValue(c.trim()); if (v !== undefined) row.getCell(j + 1).value = v; });
  });
}

async function readCsv(file: string): Promise<string[][]> {
  const text = (await fs.readFile(file, "utf8")).replace(/^\uFEFF/, "");
  return parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/** Rewrites X.csv as X.xlsx on a sheet of that name, row for row (an all-empty row stays empty); the CSV goes. */
async function toWorkbook(file: string, sheet = "Sheet1"): Promise<void> {
  const wb = new ExcelJS.Workbook();
  putRows(wb.addWorksheet(sheet), await readCsv(file));
  await wb.xlsx.writeFile(file.replace(/\.csv$/, ".xlsx"));
  await fs.rm(file);
}

/** What must agree between a CSV table and its workbook: exit code, data, each diagnostic's code and place. */
function comparable(r: { code: number; json: any }) {
  const place = (d: { code: string; line?: number; column?: number }) => [d.code, d.line, d.column];
  return {
    code: r.code, data: r.json.data,
    errors: (r.json.error?.diagnostics ?? []).map(place),
    warnings: (r.json.warnings ?? []).filter((w: { code: string }) => !w.code.startsWith("W_XLSX_")).map(place),
  };
}

function refused(bytes: Uint8Array, file: string, limits?: { cells: number }): Diagnostic[] {
  try {
    readXlsxTable(bytes, { file, ...(limits ? { limits } : {}) });
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
  throw new Error("the workbook was read");
}

const SESSION = JSON.stringify({
  title: "测试镇人民代表大会", date: "2026-01-15", deputies: { total: 6, present: 6 }, issued: [6],
  rules: { formal: 1, threshold: "valid" },
});
const CANDIDATES = "编号,项目名称\nA1,村道硬化\nA2,路灯安装\nA3,饮水工程\n";
/** Three ballots for A1, a blank one (row 5 of the sheet), two for A2: with the blank one no line has 4 of 6. */
const BALLOTS = [["A1", "A2", "A3"], ["○", "×", "×"], ["○", "×", "×"], ["○", "×", "×"], ["", "", ""], ["×", "○", "×"], ["×", "○", "×"]];

describe("an empty row inside a workbook's table is read as the CSV reader reads a row of commas", () => {
  it("a blank ballot: counted as returned and valid, with W_EMPTY_ROW at its row, as in ballots.csv", async () => {
    const csv = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES, "ballots.csv": BALLOTS.map((r) => r.join(",")).join("\n") + "\n" });
    const xlsx = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES });
    const wb = new ExcelJS.Workbook();
    putRows(wb.addWorksheet("表决票"), BALLOTS);
    await wb.xlsx.writeFile(path.join(xlsx, "ballots.xlsx"));
    const a = await runCli(["tally", csv, "--json"]);
    const b = await runCli(["tally", xlsx, "--json"]);
    expect(a.code).toBe(4);
    expect(a.json.data.rounds[0]).toMatchObject({ returned: 6, valid: 6 });
    expect(comparable(b), b.stdout).toEqual(comparable(a));
    expect(b.json.warnings.find((w: { code: string }) => w.code === "W_EMPTY_ROW")).toMatchObject({ file: "ballots.xlsx", cell: "表决票!A5", line: 5 });
    // A workbook's row has no commas: neither the warning nor the 公告 speaks of them.
    expect(b.json.warnings.find((w: { code: string }) => w.code === "W_EMPTY_ROW").message).toBe("第 5 行全部为空，按空白票计");
    expect(await fs.readFile(path.join(xlsx, "out", "announcement.md"), "utf8")).toContain("第 1 轮有 1 行全部为空，按空白票计");
  });

  it("a note far below the ballots is refused at its cell, not read as a million blank ballots that void the vote", async () => {
    const dir = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("表决票");
    putRows(ws, BALLOTS.slice(0, 3));
    ws.getCell("A5000").value = "备注";
    await wb.xlsx.writeFile(path.join(dir, "ballots.xlsx"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_XLSX_EMPTY_RUN", cell: "表决票!A5000", message: "表格中间第 4–4999 行连着 4996 行空行，其下的 表决票!A5000 又有内容" })]);
    // Twenty blank ballots in a row are still read, as ballots.csv reads twenty rows of commas.
    const blanks = await makeSession({ "session.json": SESSION.replace('"issued":[6]', '"issued":[30]'), "candidates.csv": CANDIDATES });
    const wb2 = new ExcelJS.Workbook();
    putRows(wb2.addWorksheet("表决票"), [...BALLOTS.slice(0, 3), ...Array.from({ length: 20 }, () => ["", "", ""]), ["○", "○", "×"]]);
    await wb2.xlsx.writeFile(path.join(blanks, "ballots.xlsx"));
    const b = await runCli(["tally", blanks, "--json"]);
    expect(b.json.data?.rounds?.[0], b.stdout).toMatchObject({ returned: 23 });
  });

  it("a blank paper ballot left as an empty row of piaojue's own entry workbook (票号 empty, cells formatted)", async () => {
    const folder = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES });
    expect((await runCli(["ballot", folder])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await fs.readFile(path.join(folder, "out", "ballots-template.xlsx")) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet("表决票")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 2)).toEqual(["票号", "作废"]);
    BALLOTS.slice(1).forEach((marks, i) => {
      if (marks.every((m) => m === "")) return; // the blank ballot: the template's row is left as it is
      const row = ws.getRow(i + 2);
      BALLOTS[0]!.forEach((id, k) => { row.getCell(header.indexOf(id) + 1).value = marks[k]!; });
    });
    await wb.xlsx.writeFile(path.join(folder, "ballots.xlsx"));
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code, r.stdout).toBe(4);
    expect(r.json.data.rounds[0]).toMatchObject({ returned: 6, valid: 6 });
    const codes = r.json.warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain("W_EMPTY_ROW");
    // The template's formatted rows below the last ballot are still no table rows, and no news.
    expect(codes).not.toContain("W_XLSX_TRAILING_ROWS");
  });

  // Each table with an all-empty row after its first row, as CSV and as a workbook: the same outcome (a
  // blank ballot, a blank form, or an error at that row), with every diagnostic at the same place.
  const cases: [string, string, string][] = [
    ["scenarios/threshold-valid", "ballots.csv", "tally"],
    ["scenarios/basic-all-final", "candidates.csv", "tally"],
    ["scenarios/counts-hand-count", "counts.csv", "tally"],
    ["evaluate/standing-committee-29", "evaluations.csv", "evaluate"],
    ["evaluate/results-as-projects", "evaluations.csv", "evaluate"],
    ["evaluate/results-as-projects", "indicators.csv", "evaluate"],
    ["evaluate/abstain-four-levels", "evaluation-counts.csv", "evaluate"],
    ["progress/precedence", "plan.csv", "progress"],
    ["progress/precedence", "progress.csv", "progress"],
  ];
  for (const [fixture, table, command] of cases) {
    it(`${table} (${fixture})`, async () => {
      const csv = await scratchCopy(path.join(FIXTURES, fixture));
      const rows = await readCsv(path.join(csv, table));
      expect(rows.length).toBeGreaterThan(2);
      rows.splice(2, 0, rows[0]!.map(() => ""));
      await fs.writeFile(path.join(csv, table), rows.map((r) => r.join(",")).join("\n") + "\n");
      const xlsx = await scratchCopy(csv);
      await toWorkbook(path.join(xlsx, table));
      const a = await runCli([command, csv, "--json"]);
      const b = await runCli([command, xlsx, "--json"]);
      expect(comparable(b), b.stdout).toEqual(comparable(a));
    });
  }

  it("keeps a table's size bounded: empty rows inside it count toward the cell limit", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.getRow(1).values = [undefined, "编号", "赞成"];
    ws.getCell("A10").value = "P1";
    const d = refused(new Uint8Array(await wb.xlsx.writeBuffer()), "counts.xlsx", { cells: 15 });
    expect(d[0]).toMatchObject({ code: "E_XLSX_LIMIT", params: { what: "table", value: "10 × 2", limit: 15 } });
    for (const lang of ["zh", "en"] as const) expect(renderDiagnostic(d[0]!, lang).message).toContain("10 × 2");
  });
});

describe("a hidden sheet named for the file's role", () => {
  /** A session whose ballots.xlsx has an old 表决票 sheet, hidden as `state` says, before the visible one. */
  async function withHiddenSheet(state: "hidden" | "veryHidden"): Promise<string> {
    const folder = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES });
    const wb = new ExcelJS.Workbook();
    const old = wb.addWorksheet("表决票");
    putRows(old, [["A1", "A2", "A3"], ["×", "×", "○"]]);
    old.state = state;
    putRows(wb.addWorksheet("Sheet2"), BALLOTS);
    await wb.xlsx.writeFile(path.join(folder, "ballots.xlsx"));
    return folder;
  }

  it("is refused rather than counted in place of the visible sheet, and nothing is written", async () => {
    const folder = await withHiddenSheet("hidden");
    const before = await snapshot(folder);
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_XLSX_SHEET_HIDDEN", file: "ballots.xlsx" });
    expect(d.message).toContain("“表决票”是隐藏的");
    expect(d.hint).toContain("取消隐藏");
    expect(await snapshot(folder)).toEqual(before);
    const en = await runCli(["tally", folder, "--json", "--lang", "en"]);
    expect(en.json.error.diagnostics[0].messageEn).toContain("“表决票”, is hidden");
  });

  it("a very hidden one is not to be unhidden by right-click: the hint says the VBA editor, or copy the table", async () => {
    const folder = await withHiddenSheet("veryHidden");
    const d = (await runCli(["tally", folder, "--json"])).json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_XLSX_SHEET_HIDDEN" });
    expect(d.hint).not.toContain("右击工作表标签 →");
    expect(d.hint).toContain("VBA 编辑器");
  });

  it("the empty sheets a new workbook has (Sheet2, Sheet3) are not mentioned", async () => {
    const folder = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES });
    const wb = new ExcelJS.Workbook();
    putRows(wb.addWorksheet("Sheet1"), BALLOTS.filter((r) => r[0] !== ""));
    wb.addWorksheet("Sheet2").getCell("B3").numFmt = "0.00";
    wb.addWorksheet("Sheet3");
    putRows(wb.addWorksheet("备注"), [["录入人", "张三"]]);
    await wb.xlsx.writeFile(path.join(folder, "ballots.xlsx"));
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.json.warnings.find((w: { code: string }) => w.code === "W_XLSX_OTHER_SHEETS").message).toBe("工作簿有多个工作表，读的是“Sheet1”（另有：备注）");
  });

  it("a hidden sheet of another name is passed over for the visible one, as before", async () => {
    const folder = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES });
    const wb = new ExcelJS.Workbook();
    const old = wb.addWorksheet("旧票");
    putRows(old, [["A1", "A2", "A3"], ["×", "×", "○"]]);
    old.state = "hidden";
    putRows(wb.addWorksheet("Sheet2"), BALLOTS.filter((r) => r[0] !== ""));
    await wb.xlsx.writeFile(path.join(folder, "ballots.xlsx"));
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.rounds[0]).toMatchObject({ returned: 5 });
    expect(r.json.warnings.find((w: { code: string }) => w.code === "W_XLSX_OTHER_SHEETS").message).toContain("读的是“Sheet2”（另有：旧票）");
  });
});

describe("a table split over worksheets", () => {
  it("two counting teams' sheets with the same header are refused, not half counted; a sheet per group of forms too", async () => {
    const folder = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES });
    const [header, ...ballots] = BALLOTS.filter((r) => r[0] !== "");
    const wb = new ExcelJS.Workbook();
    putRows(wb.addWorksheet("第一计票组"), [header!, ...ballots.slice(0, 2)]);
    // The second team's sheet has a title row above its header.
    putRows(wb.addWorksheet("第二计票组"), [["第二计票组录入"], header!, ...ballots.slice(2)]);
    await wb.xlsx.writeFile(path.join(folder, "ballots.xlsx"));
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_XLSX_TABLE_SPLIT", file: "ballots.xlsx" });
    expect(d.message).toBe("工作表“第二计票组”第 2 行的表头与读的工作表“第一计票组”（第 1 行）相同：表格分在几个工作表中，只读“第一计票组”会漏掉“第二计票组”中的行");
    expect(await fs.readdir(folder)).not.toContain("out");
    // A sheet with other columns (a note, a list of tellers) is no part of the table: read as before.
    const other = new ExcelJS.Workbook();
    putRows(other.addWorksheet("表决票"), [header!, ...ballots]);
    putRows(other.addWorksheet("监票人"), [["姓名", "职务"], ["李四", "总监票人"]]);
    await other.xlsx.writeFile(path.join(folder, "ballots.xlsx"));
    const ok = await runCli(["tally", folder, "--json"]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.json.data.rounds[0]).toMatchObject({ returned: ballots.length });
  });
});

describe("a title row of two cells above the header", () => {
  const ballots = [["票号", "作废", "A1", "A2", "A3", "A4"], ["1", "", "○", "×", "×", "×"], ["2", "", "○", "×", "×", "×"], ["3", "", "×", "○", "×", "×"], ["4", "", "○", "×", "×", "○"]];
  const candidates = "编号,项目名称\nA1,村道硬化\nA2,路灯安装\nA3,饮水工程\nA4,文化广场\n";
  const session = SESSION.replace("\"issued\":[6]", "\"issued\":[4]").replace("\"present\":6", "\"present\":4");

  it("(a title and a date) is passed over for the column names below it, and the clerk is told", async () => {
    const csv = await makeSession({ "session.json": session, "candidates.csv": candidates, "ballots.csv": ballots.map((r) => r.join(",")).join("\n") + "\n" });
    const xlsx = await makeSession({ "session.json": session, "candidates.csv": candidates });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("表决票");
    ws.getCell("A1").value = "第一轮表决票";
    ws.getCell("E1").value = new Date("2026-01-15T00:00:00Z");
    ws.getCell("E1").numFmt = "yyyy-mm-dd";
    putRows(ws, ballots, 2);
    await wb.xlsx.writeFile(path.join(xlsx, "ballots.xlsx"));
    const a = await runCli(["tally", csv, "--json"]);
    const b = await runCli(["tally", xlsx, "--json"]);
    expect(a.code).toBe(0);
    expect(b.code, b.stdout).toBe(0);
    expect(b.json.data).toEqual(a.json.data);
    const title = b.json.warnings.find((w: { code: string }) => w.code === "W_XLSX_TITLE_ROWS");
    expect(title.message).toBe("表头上方的第 1 行（“第一轮表决票”）当作标题，未读入；表头在第 2 行");
  });

  it("candidate numbers typed as numbers are column names; a header that cannot be told from a title: a value outside it names the row taken as the header", async () => {
    // Candidate numbers typed as numbers are column names: row 2 is the header.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("表决票");
    ws.getCell("A1").value = "第一轮表决票";
    ws.getCell("C1").value = "2026-01-15";
    putRows(ws, [["票号", "1", "2", "3", "4"], ["1", "○", "×", "×", "×"]], 2);
    expect(readXlsxTable(new Uint8Array(await wb.xlsx.writeBuffer()), { file: "ballots.xlsx" }).table.headerLine).toBe(2);
    // Two names alike are no header: row 1 stays the header, and the hint says so.
    putRows(ws, [["票号", "1", "2", "3", "3"]], 2);
    const d = refused(new Uint8Array(await wb.xlsx.writeBuffer()), "ballots.xlsx");
    expect(d.map((x) => x.code)).toEqual(["E_XLSX_OUTSIDE_HEADER", "E_XLSX_OUTSIDE_HEADER", "E_XLSX_OUTSIDE_HEADER", "E_XLSX_OUTSIDE_HEADER"]);
    expect(renderDiagnostic(d[0]!).message).toBe("表决票!D2 在表头之外，却有内容“3”");
    expect(renderDiagnostic(d[0]!).hint).toBe("表头取的是第 1 行：若这一列属于表格，在这一行给它写上列名，或删去表外的内容；若列名不在第 1 行，删去列名上方的标题行");
    expect(renderDiagnostic(d[0]!, "en").hint).toContain("Row 1 is taken as the header");
  });

  it("a data row with a value where the header has none is not taken for the header", async () => {
    // As the header, row 1 leaves column C unnamed (refused as in CSV); row 2 has numbers, so it is no header.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("计票");
    putRows(ws, [["编号", "赞成", "", "弃权"], ["P1", "3", "1", "0"]]);
    const d = refused(new Uint8Array(await wb.xlsx.writeBuffer()), "counts.xlsx");
    expect(d.map((x) => [x.code, x.at.line, x.at.column])).toEqual([["E_EMPTY_HEADER", 1, 3]]);
  });

  it("a first row of text with a note beside the table is not taken for the header either", async () => {
    const wb = new ExcelJS.Workbook();
    putRows(wb.addWorksheet("候选项目"), [["编号", "项目名称", "完成时限"], ["P1", "村道硬化", "年底前", "待定"]]);
    const d = refused(new Uint8Array(await wb.xlsx.writeBuffer()), "candidates.xlsx");
    expect(d.map((x) => [x.code, renderDiagnostic(x).message])).toEqual([["E_XLSX_OUTSIDE_HEADER", "候选项目!D2 在表头之外，却有内容“待定”"]]);
  });
});

describe("rows below the table that hold only spaces", () => {
  async function workbook(spaces: string[]): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("候选项目");
    putRows(ws, [["编号", "项目名称"], ["P1", "村道硬化"], ["P2", "路灯安装"]]);
    for (const r of [4, 5, 6, 7, 8]) ws.getCell(`A${r}`).border = { top: { style: "thin" } }; // formatted rows
    for (const ref of spaces) ws.getCell(ref).value = "  ";
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it("are named from the first row that holds them, not from the row below the table", async () => {
    const r = readXlsxTable(await workbook(["B7"]), { file: "candidates.xlsx" });
    expect(r.table.rows.map((x) => x.line)).toEqual([2, 3]);
    const w = r.warnings.find((x) => x.code === "W_XLSX_TRAILING_ROWS")!;
    expect(w.at.line).toBe(7);
    expect(renderDiagnostic(w).message).toBe("表末第 7 行起有 2 个空行（只有格式或空格），已忽略");
  });

  it("every row that holds them is named when there are several", async () => {
    const r = readXlsxTable(await workbook(["B5", "A7"]), { file: "candidates.xlsx" });
    const w = r.warnings.find((x) => x.code === "W_XLSX_TRAILING_ROWS")!;
    expect(renderDiagnostic(w).message).toBe("表末第 5 行起有 4 个空行（只有格式或空格；第 5、7 行有只含空格的单元格），已忽略");
    expect(renderDiagnostic(w, "en").message).toBe("4 empty rows (formatting or spaces only) from row 5 at the end are ignored; rows 5, 7 have cells of spaces only");
  });
});
