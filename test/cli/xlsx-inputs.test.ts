// Workbooks in place of CSV tables (issue 13): every golden tally and evaluation folder, its tables
// written as .xlsx by a second writer (ExcelJS: numbers as numbers, dates as dates), gives the same --json
// data as its CSV form; diagnostics name the workbook and the cell; both forms of a table is refused.
import { readdirSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

const copy = scratchCopy;

/** A cell as a clerk's Excel holds it: plain numbers as numbers, ISO dates as dates, the rest as text. */
function cellValue(text: string): string | number | Date {
  if (/^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/.test(text) && String(Number(text)) === text) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return new Date(`${text}T00:00:00Z`);
  return text;
}

/** Rewrites X.csv as X.xlsx (one sheet), as a clerk saving it from Excel would; the CSV is removed. */
async function toWorkbook(file: string, sheet = "Sheet1"): Promise<void> {
  const text = (await fs.readFile(file, "utf8")).replace(/^\uFEFF/, "");
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) {
    const row = ws.addRow(r.map((c) => cellValue(c.trim())));
    row.eachCell((cell) => { if (cell.value instanceof Date) cell.numFmt = "yyyy-mm-dd"; });
  }
  await wb.xlsx.writeFile(file.replace(/\.csv$/, ".xlsx"));
  await fs.rm(file);
}

/** Every input table of a folder as a workbook. */
async function allToWorkbooks(folder: string): Promise<string[]> {
  // results.csv is a tally's output read back (a project list), not a table a clerk keeps: it stays CSV.
  const tables = (await fs.readdir(folder)).filter((n) => n.endsWith(".csv") && !n.startsWith("expected") && n !== "results.csv");
  for (const n of tables) await toWorkbook(path.join(folder, n));
  return tables;
}

/** What must agree between the two forms: exit code, data, and the error codes in order. */
function comparable(r: { code: number; json: any }) {
  return { code: r.code, data: r.json.data, errors: (r.json.error?.diagnostics ?? []).map((d: { code: string }) => d.code) };
}

/**
 * Scenarios about CSV text that a sheet cannot hold: an empty line of a one-column ballots file, refused,
 * has no workbook form (a sheet's empty row inside the table is a blank ballot: one-column-ballots.test.ts).
 */
const CSV_ONLY = new Set(["one-column-empty-line"]);

for (const [kind, command] of [["scenarios", "tally"], ["evaluate", "evaluate"]] as const) {
  const root = path.join(FIXTURES, kind);
  describe(`${kind} as workbooks give the same --json data as their CSV form`, () => {
    for (const name of readdirSync(root).filter((n) => !n.startsWith(".") && !CSV_ONLY.has(n)).sort()) {
      it(name, async () => {
        const csv = await copy(path.join(root, name));
        const xlsx = await copy(path.join(root, name));
        const converted = await allToWorkbooks(xlsx);
        expect(converted.length).toBeGreaterThan(0);
        expect((await fs.readdir(xlsx)).filter((n) => n.endsWith(".xlsx")).length).toBe(converted.length);
        const a = await runCli([command, csv, "--json"]);
        const b = await runCli([command, xlsx, "--json"]);
        expect(comparable(b), b.stdout).toEqual(comparable(a));
      });
    }
  });
}

describe("progress folders as workbooks give the same --json data as their CSV form", () => {
  const root = path.join(FIXTURES, "progress");
  for (const name of readdirSync(root).filter((n) => !n.startsWith(".")).sort()) {
    it(name, async () => {
      const args = (JSON.parse(await fs.readFile(path.join(root, name, "expected.json"), "utf8")) as { args: string[] }).args;
      const csv = await copy(path.join(root, name));
      const xlsx = await copy(path.join(root, name));
      expect(await allToWorkbooks(xlsx)).toEqual(expect.arrayContaining(["plan.csv", "progress.csv"]));
      const a = await runCli(["progress", csv, ...args, "--json"]);
      const b = await runCli(["progress", xlsx, ...args, "--json"]);
      expect(comparable(b), b.stdout).toEqual(comparable(a));
    });
  }
});

describe("workbook inputs", () => {
  it("reads IDs stored as numbers in an ID format (\"P\"00) as Excel shows them, P01 not 01: the same count as the CSV", async () => {
    const csv = await copy(path.join(SEEDS, "township-2026"));
    const xlsx = await copy(path.join(SEEDS, "township-2026"));
    const rows = parse((await fs.readFile(path.join(xlsx, "candidates.csv"), "utf8")).replace(/^\uFEFF/, ""), { skip_empty_lines: true }) as string[][];
    expect(rows.slice(1).every((r) => /^P\d\d$/.test(r[0]!))).toBe(true);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("候选项目");
    for (const [k, r] of rows.entries()) {
      const row = ws.addRow(r.map((c, i) => (k > 0 && i === 0 ? Number(c.slice(1)) : cellValue(c))));
      if (k > 0) row.getCell(1).numFmt = '"P"00';
    }
    await wb.xlsx.writeFile(path.join(xlsx, "candidates.xlsx"));
    await fs.rm(path.join(xlsx, "candidates.csv"));
    const a = await runCli(["tally", csv, "--json"]);
    const b = await runCli(["tally", xlsx, "--json"]);
    expect(a.json.data.selected.length).toBeGreaterThan(0);
    expect(comparable(b), b.stdout).toEqual(comparable(a));
  });


  const base = path.join(FIXTURES, "scenarios", "basic-all-final");

  it("hashes a workbook in SHA256SUMS like a CSV, and audit recounts from it", async () => {
    const folder = await copy(base);
    await allToWorkbooks(folder);
    expect((await runCli(["tally", folder])).code).toBe(0);
    const sums = await fs.readFile(path.join(folder, "out", "SHA256SUMS"), "utf8");
    expect(sums).toMatch(/ {2}(?:\.\.\/)?ballots\.xlsx$/m);
    expect(sums).toMatch(/ {2}(?:\.\.\/)?candidates\.xlsx$/m);
    const audit = await runCli(["audit", folder, "--json"]);
    expect(audit.code, audit.stdout).toBe(0);
  });

  it("names a round nobody asked for by the workbook the clerk saved, not by its CSV name", async () => {
    const folder = await copy(base);
    const header = (await fs.readFile(path.join(folder, "ballots.csv"), "utf8")).replace(/^\uFEFF/, "").split(/\r?\n/)[0]!;
    await fs.writeFile(path.join(folder, "ballots-r2.csv"), `${header}\n`);
    await toWorkbook(path.join(folder, "ballots-r2.csv"));
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_UNEXPECTED_ROUND", file: "ballots-r2.xlsx" });
    expect(r.json.error.diagnostics[0].message).toContain("ballots-r2.xlsx");
  });

  it("names the forms and counts workbooks as they are in the folder when both are given", async () => {
    const folder = await copy(path.join(FIXTURES, "evaluate", "standing-committee-29"));
    await toWorkbook(path.join(folder, "evaluations.csv"));
    await fs.writeFile(path.join(folder, "evaluation-counts.csv"), "编号,组别,满意,基本满意,不满意,弃权\n");
    await toWorkbook(path.join(folder, "evaluation-counts.csv"));
    const r = await runCli(["evaluate", folder, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_EVAL_TWICE", file: "evaluation-counts.xlsx", message: "同时有 evaluations.xlsx 和 evaluation-counts.xlsx" });
  });

  it("refuses forms or counts on sheets named for groups without a 组别 column, rather than counting them all as the first group", async () => {
    const folder = await copy(path.join(FIXTURES, "evaluate", "weights-renormalised-no-forms"));
    await fs.rm(path.join(folder, "evaluations.csv"));
    const book = async (file: string, sheets: [string, (string | number)[][]][]) => {
      const wb = new ExcelJS.Workbook();
      for (const [name, rows] of sheets) wb.addWorksheet(name).addRows(rows);
      await wb.xlsx.writeFile(path.join(folder, file));
    };
    const forms = [["W1", "W2", "W3"], ["满意", "满意", "满意"]];
    await book("evaluations.xlsx", [["群众", forms], ["代表", forms]]);
    let r = await runCli(["evaluate", folder, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_EVAL_GROUP_SHEETS", file: "evaluations.xlsx" });
    expect(r.json.error.diagnostics[0].message).toBe("工作表按组别命名（群众、代表），但读的工作表“群众”没有“组别”列：其中每一行都会算作第一个组别“代表”，其余工作表不读");
    // One sheet, named for a group other than the first: never counted as the first group unsaid.
    await book("evaluations.xlsx", [["群众", forms]]);
    r = await runCli(["evaluate", folder, "--json"]);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_EVAL_GROUP_SHEETS"]);
    // A sheet named for the first group is what it says.
    await book("evaluations.xlsx", [["代表", forms]]);
    expect((await runCli(["evaluate", folder, "--json"])).code).toBe(0);
    // With a 组别 column on each group's sheet, the rows are labelled: the table is split over sheets, and
    // only the first would be read.
    const labelled = (group: string) => [["组别", ...forms[0]!], [group, ...forms[1]!]];
    await book("evaluations.xlsx", [["代表", labelled("代表")], ["群众", labelled("群众")]]);
    r = await runCli(["evaluate", folder, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_XLSX_TABLE_SPLIT"]);
    await fs.rm(path.join(folder, "evaluations.xlsx"));
    const counts = [["编号", "满意", "基本满意", "不满意", "弃权"], ["W1", 3, 0, 0, 0], ["W2", 3, 0, 0, 0], ["W3", 3, 0, 0, 0]];
    await book("evaluation-counts.xlsx", [["代表", counts], ["群众", counts]]);
    r = await runCli(["evaluate", folder, "--json"]);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_EVAL_GROUP_SHEETS", file: "evaluation-counts.xlsx" });
  });

  it("still reads a forms workbook for its own problems when evaluation.json is broken, without calling it missing", async () => {
    const folder = await copy(path.join(FIXTURES, "evaluate", "standing-committee-29"));
    await toWorkbook(path.join(folder, "evaluations.csv"));
    await fs.writeFile(path.join(folder, "evaluation.json"), "{\n");
    const r = await runCli(["evaluate", folder, "--json"]);
    expect(r.code).toBe(1);
    const codes = r.json.error.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toContain("E_JSON_SYNTAX");
    expect(codes).not.toContain("E_FILE");
  });

  it("names the workbook and the cell in a diagnostic (file 工作表!C7), and keeps CSV places as file:line:column", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    const counts = path.join(folder, "counts.csv");
    await fs.writeFile(counts, (await fs.readFile(counts, "utf8")).replace("P2,14,", "P2,十四,"));
    const asCsv = await runCli(["tally", folder, "--json"]);
    expect(asCsv.code).toBe(1);
    const csvError = asCsv.json.error.diagnostics[0];
    expect(csvError).toMatchObject({ file: "counts.csv", line: 3, column: 2 });
    expect(csvError.cell).toBeUndefined();
    expect((await runCli(["tally", folder])).stderr).toContain(`counts.csv:3:2 ${csvError.code}`);
    await toWorkbook(counts, "计票");
    const r = await runCli(["tally", folder]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`counts.xlsx 计票!B3 ${csvError.code}`);
    const j = await runCli(["tally", folder, "--json"]);
    expect(j.json.error.diagnostics[0]).toMatchObject({ file: "counts.xlsx", cell: "计票!B3", line: 3, column: 2, code: csvError.code });
  });

  it("reads the sheet named for the file's role and reports the title rows above the header", async () => {
    const folder = await copy(base);
    const text = await fs.readFile(path.join(folder, "candidates.csv"), "utf8");
    const rows = parse(text, { skip_empty_lines: true }) as string[][];
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明").addRow(["这张表不是候选项目"]);
    const ws = wb.addWorksheet("候选项目");
    ws.addRow(["某镇2026年民生实事候选项目"]);
    ws.mergeCells("A1:D1");
    for (const r of rows) ws.addRow(r.map((c) => cellValue(c)));
    await wb.xlsx.writeFile(path.join(folder, "candidates.xlsx"));
    await fs.rm(path.join(folder, "candidates.csv"));
    const plain = await runCli(["tally", await copy(base), "--json"]);
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code).toBe(plain.code);
    expect(r.json.data).toEqual(plain.json.data);
    const codes = r.json.warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain("W_XLSX_TITLE_ROWS");
    expect(codes).toContain("W_XLSX_OTHER_SHEETS");
    // check counts the workbook's own notes among the warnings it says it gave.
    const check = await runCli(["check", folder, "--json"]);
    const checkHuman = await runCli(["check", folder]);
    expect(checkHuman.stdout).toContain(`检查通过，有 ${check.json.warnings.length} 条提醒`);
  });

  it("finds later rounds in ballots-rK.xlsx", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "tie-runoff-round3-decided"));
    const plain = await runCli(["tally", await copy(path.join(FIXTURES, "scenarios", "tie-runoff-round3-decided")), "--json"]);
    const converted = await allToWorkbooks(folder);
    expect(converted.some((n) => /-r\d+\.csv$/.test(n))).toBe(true);
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.json.data.rounds.length).toBe(plain.json.data.rounds.length);
    expect(r.json.data).toEqual(plain.json.data);
  });

  it("refuses a control character in a workbook's cell as it does in a CSV file, naming the cell", async () => {
    const folder = await copy(base);
    const text = await fs.readFile(path.join(folder, "candidates.csv"), "utf8");
    const rows = parse(text, { skip_empty_lines: true }) as string[][];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("候选项目");
    rows.forEach((r, i) => ws.addRow(i === 0 ? r : r.map((c) => cellValue(c))));
    // Excel stores a control character typed into a cell as _xHHHH_ (ECMA-376 ST_Xstring).
    ws.getCell("B3").value = "路灯_x001B_[2J亮化";
    await wb.xlsx.writeFile(path.join(folder, "candidates.xlsx"));
    await fs.rm(path.join(folder, "candidates.csv"));
    const before = await snapshot(folder);
    const r = await runCli(["check", folder, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_NOT_TEXT", file: "candidates.xlsx", cell: "候选项目!B3" });
    expect(r.json.error.diagnostics[0].message).toContain("U+001B");
    // A cell's character, said as the cell's, not as a file that is no text.
    expect(r.json.error.diagnostics[0].message).toBe("这一格含有控制字符（U+001B），屏幕上和纸上都看不见");
    expect(r.json.error.diagnostics[0].hint).toBe("重新输入这一格（这个字符多半是从别处复制粘贴带来的），保存后再运行");
    expect(await snapshot(folder)).toEqual(before);
  });

  it("refuses a formula in a counts workbook, naming its cell, and writes nothing", async () => {
    const folder = await copy(path.join(FIXTURES, "scenarios", "counts-hand-count"));
    const text = await fs.readFile(path.join(folder, "counts.csv"), "utf8");
    const rows = parse(text, { skip_empty_lines: true }) as string[][];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("计票");
    rows.forEach((r, i) => ws.addRow(i === 0 ? r : r.map((c) => cellValue(c))));
    const cell = ws.getCell("B2");
    cell.value = { formula: `${cell.value as number}+0`, result: cell.value as number };
    await wb.xlsx.writeFile(path.join(folder, "counts.xlsx"));
    await fs.rm(path.join(folder, "counts.csv"));
    const before = await snapshot(folder);
    const r = await runCli(["tally", folder, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_XLSX_FORMULA", file: "counts.xlsx", cell: "计票!B2" });
    expect(await snapshot(folder)).toEqual(before);
  });
});

describe("a check that fails on a workbook of candidates", () => {
  it("shows each warning about a workbook's row once, beside the error (the error's copy of it carries the cell too)", async () => {
    const dir = await copy(path.join(FIXTURES, "..", "seeds", "township-2026"));
    await fs.rm(path.join(dir, "candidates.csv"));
    await fs.copyFile(path.join(FIXTURES, "xlsx", "candidates-excel.xlsx"), path.join(dir, "candidates.xlsx"));
    const r = await runCli(["check", dir]);
    expect(r.code).toBe(1);
    const incomplete = r.stderr.split("\n").filter((l) => l.includes("W_INCOMPLETE_CANDIDATE"));
    expect(incomplete).toHaveLength(3);
    expect(new Set(incomplete).size).toBe(3);
    expect(r.stderr).toContain("共 1 处错误、6 条提醒。");
  });
});
