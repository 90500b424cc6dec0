// The Excel workbooks and Word documents written beside the CSV, Markdown and HTML outputs (issue 13).
// A workbook holds exactly the rows of its CSV (made from the same table, so the two cannot disagree),
// typed: counts as numbers, rates as percentages. The 公告 is the Markdown announcement laid out as an
// official document. (The evaluation report's document is made in render/satisfaction.ts.)
import type { OutputTable } from "./csv.js";
import { chineseDate, writeDocx, type DocParagraph, type DocTable } from "./docx-write.js";
import { escapeMarkdown } from "./render/html.js";
import { writeXlsx, type ColumnKind } from "./xlsx-write.js";

/** Columns that hold names and words, never numbers, even when a name is made of digits. */
const TEXT_COLUMN = /编号|名称|项目|组别|结果|等次|达标|状态|说明|单位|备注|日期|时间|月份|指标|目标|完成情况/;

export const kindOf = (h: string): ColumnKind => TEXT_COLUMN.test(h) ? "text" : /率|比例/.test(h) ? "percent" : "number";

/** A workbook with a sheet for each CSV output: [sheet name, its table], each cell as the CSV writes it. */
export function csvWorkbooks(sheets: readonly (readonly [string, OutputTable])[]): Uint8Array {
  return writeXlsx(sheets.map(([name, { header, rows }]) => ({ name, header, rows: rows.map((r) => r.map(String)), kinds: header.map(kindOf) })));
}

/** Markdown's backslash escapes undone: the document shows the text as the clerk wrote it. */
function plain(md: string): string {
  return md.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&=])/g, "$1");
}

/**
 * The 公告 as a Word document, from the Markdown announcement: its two headings make the title, the lines
 * before the table the body, the table the result table, the lines after it the rest; the last line (the
 * 主席团) signs it, dated the session's date.
 */
/** A Markdown table's cells as a document table: the first row is the header; counts and rates align right. */
function docTable([header, ...rows]: string[][]): DocTable {
  return { header: header!, rows, numeric: header!.map((h) => /名次|赞成|反对|弃权|率|轮次/.test(h)) };
}

export function announcementDocx(md: string, date: string, docNumber = ""): Uint8Array {
  // The 文号 stands in the Markdown as a line of its own under the title; the document gives it its place.
  const numberLine = docNumber.trim() === "" ? null : escapeMarkdown(docNumber.trim());
  const lines = md.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "" && l !== numberLine);
  const heading = (l: string) => /^#{1,2} /.test(l);
  const title = lines.filter(heading).map((l) => plain(l.replace(/^#+ /, ""))).join("");
  const body: DocParagraph[] = [];
  // The Markdown's tables in order: the first is the result table, a later one (an earlier round's
  // counts) stands among the paragraphs after it, as its rows.
  const tables: string[][][] = [];
  const after: (DocParagraph | string[][])[] = [];
  let previousWasTable = false;
  const rest = lines.filter((l) => !heading(l) && !l.startsWith("会议日期："));
  // The Markdown ends with the 主席团 and the date under it; the document dates its 落款 itself.
  if (rest.at(-1) === escapeMarkdown(chineseDate(date))) rest.pop();
  const signature = rest.length > 0 ? [plain(rest.pop()!)] : [];
  for (const line of rest) {
    if (/^\|[\s:|-]+\|$/.test(line)) continue; // the rule under the table's header
    if (line.startsWith("|")) {
      if (!previousWasTable) {
        tables.push([]);
        if (tables.length > 1) after.push(tables.at(-1)!);
      }
      tables.at(-1)!.push(line.replace(/^\|/, "").replace(/\|\s*$/, "").split(/(?<!\\)\|/).map((c) => plain(c.trim())));
    } else {
      (tables.length > 0 ? after : body).push(line.startsWith("### ")
        ? { heading: 2, text: plain(line.slice(4)) } : plain(line.replace(/^- /, "")));
    }
    previousWasTable = line.startsWith("|");
  }
  return writeDocx({
    title, ...(numberLine !== null ? { docNumber: docNumber.trim() } : {}), body,
    ...(tables[0] ? { table: { caption: "票决结果", ...docTable(tables[0]) } } : {}),
    after: after.map((p) => (Array.isArray(p) ? { table: docTable(p) } : p)), signature, date,
  });
}
