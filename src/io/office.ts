// The Excel workbooks and Word documents written beside the CSV, Markdown and HTML outputs (issue 13).
// A workbook holds exactly the rows of its CSV (read back from the CSV text, so the two cannot disagree),
// typed: counts as numbers, rates as percentages. The 公告 is the Markdown announcement laid out as an
// official document; the evaluation report has the satisfaction table under its title.
import type { EvaluationResult } from "../core/evaluate/scores.js";
import { parseCsvText } from "./csv.js";
import { writeDocx, type DocParagraph, type DocTable, type OfficialDocument } from "./docx-write.js";
import { describeGrade } from "./render/satisfaction.js";
import { escapeMarkdown } from "./render/html.js";
import { writeEntryTemplate, writeXlsx, type ColumnKind } from "./xlsx-write.js";

/** Columns that hold names and words, never numbers, even when a name is made of digits. */
const TEXT_COLUMN = /编号|名称|项目|组别|结果|等次|达标|状态|说明|单位|备注|日期|时间|月份|指标|目标|完成情况/;

/** A CSV cell as it was before formatCsv guarded it against running as a formula. */
function unguarded(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function csvRows(csv: string, name: string): string[][] {
  return parseCsvText(csv.replace(/^\uFEFF/, ""), name).map((r) => r.cells.map(unguarded));
}

function kindOf(header: string): ColumnKind {
  return TEXT_COLUMN.test(header) ? "text" : /率|比例/.test(header) ? "percent" : "number";
}

/** A workbook of one sheet holding a CSV output's rows. */
export function csvWorkbook(sheet: string, csv: string, name: string): Uint8Array {
  return csvWorkbooks([[sheet, csv, name]]);
}

/** A workbook with a sheet for each CSV output: [sheet name, CSV text, file name]. */
export function csvWorkbooks(sheets: readonly (readonly [string, string, string])[]): Uint8Array {
  return writeXlsx(sheets.map(([sheet, csv, name]) => {
    const [header = [], ...rows] = csvRows(csv, name);
    return { name: sheet, header, rows, kinds: header.map(kindOf) };
  }));
}

/** The entry template as a workbook: a drop-down of the allowed marks in every candidate cell, 作废 too. */
export function entryTemplateWorkbook(ids: readonly string[], marks: readonly string[], voidMarks: readonly string[], rows: number): Uint8Array {
  const header = ["票号", "作废", ...ids];
  return writeEntryTemplate({ name: "表决票", header, choices: [null, voidMarks.length > 0 ? voidMarks : null, ...ids.map(() => marks)], rows });
}

/** Markdown's backslash escapes undone: the document shows the text as the clerk wrote it. */
function plain(md: string): string {
  return md.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, "$1");
}

function tableCells(line: string): string[] {
  return line.replace(/^\|/, "").replace(/\|\s*$/, "").split(/(?<!\\)\|/).map((c) => plain(c.trim()));
}

/**
 * The 公告 as a Word document, from the Markdown announcement: its two headings make the title, the lines
 * before the table the body, the table the result table, the lines after it the rest; the last line (the
 * 主席团) signs it, dated the session's date.
 */
export function announcementDocx(md: string, date: string, docNumber = ""): Uint8Array {
  // The 文号 stands in the Markdown as a line of its own under the title; the document gives it its place.
  const numberLine = docNumber.trim() === "" ? null : escapeMarkdown(docNumber.trim());
  const lines = md.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "" && l !== numberLine);
  const title = lines.filter((l) => /^#{1,2} /.test(l)).map((l) => plain(l.replace(/^#+ /, ""))).join("");
  const body: DocParagraph[] = [];
  const after: DocParagraph[] = [];
  let header: string[] | undefined;
  const rows: string[][] = [];
  const rest = lines.filter((l) => !/^#{1,2} /.test(l) && !l.startsWith("会议日期："));
  const signature = rest.length > 0 ? [plain(rest.pop()!)] : [];
  for (const line of rest) {
    if (line.startsWith("|")) {
      if (/^\|[\s:|-]+\|$/.test(line)) continue;
      const cells = tableCells(line);
      if (!header) header = cells; else rows.push(cells);
      continue;
    }
    const text = line.startsWith("### ") ? { heading: 2 as const, text: plain(line.slice(4)) } : plain(line.replace(/^- /, ""));
    (header ? after : body).push(text);
  }
  const table: DocTable | undefined = header && { caption: "票决结果", header, rows, numeric: header.map((h) => /名次|赞成|反对|弃权|率|轮次/.test(h)) };
  const doc: OfficialDocument = { title, ...(numberLine !== null ? { docNumber: docNumber.trim() } : {}), body, ...(table ? { table } : {}), after, signature, date };
  return writeDocx(doc);
}

/** The evaluation report as a Word document: how it was measured, then the satisfaction table. */
export function satisfactionDocx(result: EvaluationResult, csv: string): Uint8Array {
  const [header = [], ...rows] = csvRows(csv, "satisfaction.csv");
  const groups = result.groups.map((g) => `${g.name}（权重 ${g.weightText}${g.members !== null ? `，应参加 ${g.members} 人` : ""}，收回测评表 ${g.forms} 份）`).join("；");
  return writeDocx({
    title: result.title,
    body: [`测评组别：${groups}。`, `等次：${describeGrade(result)}。`],
    table: { caption: "测评结果", header, rows, numeric: header.map((h) => kindOf(h) !== "text") },
  });
}
