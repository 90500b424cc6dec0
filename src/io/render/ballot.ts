// The printable pieces of a round's paper ballot (SPEC §9 ballot): the 表决票 itself, the 计票单 for a
// hand count, and the CSV templates for entry. All take the same rows, so the order is the same in each.
// Chromium prints no @page margin boxes, so a ballot longer than a page is laid out here as explicit
// page-sized sections, each with its title, table header and 第 x 页 / 共 y 页, from an estimate of each
// row's height; a short runoff ballot is repeated on the sheet, to be cut apart.
import type { Candidate } from "../../core/candidates.js";
import type { Rules } from "../../core/session.js";
import { formatCsv } from "../csv.js";
import { warning, type Diagnostic } from "../../core/diagnostics.js";
import { escapeHtml, lineMm, page, paginate, PT_MM, textEms, textLines } from "./html.js";

/** One row of the ballot: a votable line (numbered) or, with voteOn "items", a parent shown as a heading. */
export type SheetRow =
  | { kind: "line"; no: number; candidate: Candidate; subs: Candidate[]; parent: Candidate | null }
  | { kind: "heading"; candidate: Candidate };
type LineRow = Extract<SheetRow, { kind: "line" }>;

export interface BallotSheet {
  title: string;
  date: string;
  round: number;
  rows: SheetRow[];
  rules: Pick<Rules, "ballot" | "order" | "seed" | "blankBallot" | "unreadableMark" | "voteOn">;
  /** Most approvals a valid ballot may carry (null: no limit). */
  maxApprovals: number | null;
  /** Round ≥ 2: the seats still to fill. */
  seats: number | null;
  /** The mark the deputies are asked to draw. */
  mark: string;
  /** What a line left unmarked counts as (rules.marks may give "" to another list than 弃权); default 弃权. */
  unmarked?: "approve" | "against" | "abstain";
  issued: number | null;
}

export function sheetLines(sheet: BallotSheet): Candidate[] {
  return sheet.rows.flatMap((r) => (r.kind === "line" ? [r.candidate] : []));
}

function orderNote(rules: Pick<Rules, "order" | "seed">): string {
  switch (rules.order) {
    case "stroke": return "项目按名称笔画顺序排列";
    case "pinyin": return "项目按名称汉语拼音顺序排列";
    case "as-listed": return "项目按候选项目清单的顺序排列";
    case "random": return `项目按随机顺序排列（随机种子 ${rules.seed ?? 0}，可复核）`;
  }
}

export function ballotHtmlName(round: number): string {
  return round === 1 ? "ballot.html" : `ballot-r${round}.html`;
}

export function countSheetName(round: number): string {
  return round === 1 ? "count-sheet.html" : `count-sheet-r${round}.html`;
}

export function countsTemplateName(round: number): string {
  return round === 1 ? "counts-template.csv" : `counts-r${round}-template.csv`;
}

/** 民生实事项目表决票 (or 计票单), its round named after the first. */
function sheetTitle(sheet: BallotSheet, what = "表决票"): string {
  return sheet.round === 1 ? `民生实事项目${what}` : `民生实事项目${what}（第 ${sheet.round} 轮）`;
}

/** The title and session line on top of a page: in full on the first page, smaller and marked （续） on a later one. */
function pageHead(title: string, sheet: BallotSheet, first: boolean): string {
  return first ? `<h1>${escapeHtml(title)}</h1>\n<p class="session">${escapeHtml(sheet.title)}　${escapeHtml(sheet.date)}</p>`
    : `<h1 class="later">${escapeHtml(title)}</h1>\n<p class="session later">${escapeHtml(sheet.title)}　${escapeHtml(sheet.date)}（续）</p>`;
}

/** The line under a page's table: the session, 第 x 页 / 共 y 页 when there are several, the round and the number of lines. */
function pageFoot(sheet: BallotSheet, k: number, total: number): string {
  const pageNo = total > 1 ? `<span class="page-no">第 ${k + 1} 页 / 共 ${total} 页</span>` : "";
  return `<div class="foot"><span>${escapeHtml(sheet.title)}</span>${pageNo}<span>${sheet.round === 1 ? "" : `第 ${sheet.round} 轮　`}共 ${sheetLines(sheet).length} 个项目</span></div>`;
}

/** The instructions printed above the candidates, each one sentence, from the session's own rules. */
function ballotInstructions(sheet: BallotSheet): string[] {
  const m = `“${sheet.mark}”`;
  const unmarked = { approve: "赞成", against: "反对", abstain: "弃权" }[sheet.unmarked ?? "abstain"];
  const out = [sheet.rules.ballot === "approve-only" ? `赞成的项目，在该项目的“赞成”栏内划${m}；不赞成的不划。`
    : `对每个项目，在“赞成”“反对”“弃权”三栏中任选一栏划${m}；不划的项目按${unmarked}计。`];
  if (sheet.seats !== null) out.push(`本轮从下列 ${sheetLines(sheet).length} 个项目中决出 ${sheet.seats} 个。`);
  if (sheet.maxApprovals !== null) out.push(`赞成的项目不得多于 ${sheet.maxApprovals} 个，多于 ${sheet.maxApprovals} 个的，本票无效。`);
  const twice = sheet.rules.ballot === "approve-only" ? "" : "同一项目划两栏以上或";
  out.push(sheet.rules.unreadableMark === "void-ballot" ? `${twice}所划符号无法辨认的，本票无效。` : `某一项目${twice ? "划两栏以上或" : ""}所划符号无法辨认的，该项目按弃权计。`);
  out.push(sheet.rules.blankBallot === "void" ? "一项也未划的表决票无效。" : `一项也未划的表决票为有效票，各项目均按${unmarked}计。`);
  out.push("本票不记名，请勿写姓名或作其他记号。");
  return out;
}

// The ballot's printable area: A4 less its 12 mm margins (see BALLOT_CSS), in mm.
const PRINT_WIDTH_MM = 186;
const PRINT_HEIGHT_MM = 273;
/** Kept free on each page for what the estimate below cannot know (a font with other metrics, rounding). */
const SLACK_MM = 8;
/** Room a cut line takes between two runoff ballots on one sheet. */
const CUT_MM = 10;
const MAX_COPIES = 4;

function boxHeads(sheet: BallotSheet): string[] {
  return sheet.rules.ballot === "approve-only" ? ["赞成"] : ["赞成", "反对", "弃权"];
}

const BOX_COL_MM = 13;
const FIXED_COLS_MM = 10 + 30 + 17 + 17;
const CELL_PAD_MM = 3.4;

/** Estimated height of one table row on paper, from the lengths of its texts and the column widths. */
function rowHeightMm(sheet: BallotSheet, r: SheetRow): number {
  const nameCol = PRINT_WIDTH_MM - FIXED_COLS_MM - BOX_COL_MM * boxHeads(sheet).length - CELL_PAD_MM;
  const c = r.candidate;
  let text = textLines(c.name, 10.5, nameCol, textEms(c.id) * 8 * PT_MM + 1) * lineMm(10.5);
  if (c.content) text += textLines(c.content, 9, nameCol) * lineMm(9) + 0.3;
  if (r.kind === "heading") return 2.8 + text + 0.5;
  for (const s of r.subs) text += textLines(`└ ${s.name}`, 8.5, nameCol) * lineMm(8.5);
  if (r.subs.length > 0) text += 0.3;
  const where = textLines(c.area || r.parent?.area || "", 8.5, 30 - CELL_PAD_MM) * lineMm(8.5);
  const deadline = textLines(c.deadline, 8.5, 17 - CELL_PAD_MM) * lineMm(8.5);
  const budget = textLines(c.budget, 8.5, 17 - CELL_PAD_MM) * lineMm(8.5);
  return 2.8 + Math.max(text, where, deadline, budget, 8.2) + 0.5;
}

/** The title, session line and 填票说明 at the top of the first page. */
function firstHeadMm(sheet: BallotSheet): number {
  const inner = PRINT_WIDTH_MM - 6.8 - 5;
  const items = ballotInstructions(sheet).reduce((sum, s) => sum + textLines(s, 10, inner, 4) * lineMm(10) + 0.6, 0);
  const order = textLines(orderNote(sheet.rules), 8.5, inner) * lineMm(8.5) + 1;
  return lineMm(18) + 1 + lineMm(11) + 3 + (0.8 + 3 + lineMm(10) + items + order) + 3;
}
/** The shorter title and session line at the top of a later page. */
const LATER_HEAD_MM = lineMm(14) + 1 + lineMm(10) + 2;
const THEAD_MM = 2 * lineMm(9) + 2.8 + 0.5;
const FOOT_MM = 2 + lineMm(8.5);

/**
 * Rows into pages, each page as full as the estimate allows; a heading row never ends a page. A short
 * runoff ballot is printed as `copies` whole ballots on one sheet, with cut lines between.
 */
function layoutBallot(sheet: BallotSheet) {
  const room = PRINT_HEIGHT_MM - SLACK_MM;
  const height = (r: SheetRow) => rowHeightMm(sheet, r);
  const { pages, used } = paginate(sheet.rows, room, firstHeadMm(sheet) + THEAD_MM + FOOT_MM, LATER_HEAD_MM + THEAD_MM + FOOT_MM,
    height, (r, i) => {
      const next = sheet.rows[i + 1];
      return height(r) + (r.kind === "heading" && next ? height(next) : 0);
    });
  // A short runoff ballot is printed several to a sheet, to be cut apart.
  const copies = sheet.round > 1 && pages.length === 1
    ? Math.max(1, Math.min(MAX_COPIES, Math.floor((room + CUT_MM) / (used + CUT_MM)))) : 1;
  return { pages, copies };
}

/** How many A4 pages the ballot takes (each with its title, table header and 第 x 页 / 共 y 页). */
export function ballotPageCount(sheet: BallotSheet): number {
  return layoutBallot(sheet).pages.length;
}

/** W_BALLOT_PAGES when the ballot does not fit on one page: the clerk must hand out every page. */
export function ballotPagesWarnings(sheet: BallotSheet): Diagnostic[] {
  const pages = ballotPageCount(sheet);
  return pages > 1 ? [warning("W_BALLOT_PAGES", { file: ballotHtmlName(sheet.round) }, { pages, lines: sheetLines(sheet).length })] : [];
}

const BALLOT_CSS = `
@page { size: A4; margin: 12mm 12mm 12mm; }
body { font-size: 10pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
h1.later { font-size: 14pt; }
.session { text-align: center; font-size: 11pt; margin: 0 0 3mm; }
.session.later { font-size: 10pt; margin: 0 0 2mm; }
.sheet { break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.copy { break-inside: avoid; page-break-inside: avoid; }
.cut { height: ${CUT_MM}mm; display: flex; align-items: center; gap: 2mm; font-size: 8pt; color: #444; }
.cut::before, .cut::after { content: ""; flex: 1; border-top: 0.3mm dashed #000; }
.instructions { border: 0.4mm solid #000; padding: 1.5mm 3mm; margin: 0 0 3mm; }
.instructions ol { margin: 0; padding-left: 5mm; }
.instructions li { margin: 0.3mm 0; }
.order { font-size: 8.5pt; margin: 1mm 0 0; }
table.ballot { table-layout: fixed; }
table.ballot th, table.ballot td { padding: 1.4mm 1.5mm; vertical-align: middle; overflow-wrap: anywhere; }
table.ballot th { font-size: 9pt; }
table.ballot tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.no { text-align: center; white-space: nowrap; }
.name { font-weight: bold; font-size: 10.5pt; }
.id { font-weight: normal; font-size: 8pt; color: #333; margin-left: 1mm; }
.content { font-size: 9pt; margin-top: 0.3mm; }
.subs { font-size: 8.5pt; margin-top: 0.3mm; }
.subs div::before { content: "└ "; }
.small { font-size: 8.5pt; }
td.box { text-align: center; }
.box span { display: inline-block; width: 7.5mm; height: 7.5mm; border: 0.35mm solid #000; vertical-align: middle; }
tr.heading td { background: #f2f2f2; font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
tr.heading .content { font-weight: normal; }
tr.item .name::before { content: "└ "; font-weight: normal; }
.foot { display: flex; justify-content: space-between; font-size: 8.5pt; margin-top: 2mm; }
`;

export function ballotHtml(sheet: BallotSheet): string {
  const heads = boxHeads(sheet);
  const cols = [
    `<col style="width:10mm">`, `<col>`, `<col style="width:30mm">`, `<col style="width:17mm">`, `<col style="width:17mm">`,
    ...heads.map(() => `<col style="width:${BOX_COL_MM}mm">`),
  ].join("");
  const boxes = heads.map(() => `<td class="box"><span></span></td>`).join("");
  const rowHtml = (r: SheetRow) => {
    const c = r.candidate;
    const id = escapeHtml(c.id);
    const name = `<div class="name">${escapeHtml(c.name)}<span class="id">${id}</span></div>` +
      (c.content ? `<div class="content">${escapeHtml(c.content)}</div>` : "");
    if (r.kind === "heading") {
      return `<tr class="heading" data-id="${id}"><td></td><td colspan="${4 + heads.length}">${name}</td></tr>`;
    }
    const subs = r.subs.length > 0 ? `<div class="subs">${r.subs.map((s) => `<div>${escapeHtml(s.name)}</div>`).join("")}</div>` : "";
    const where = escapeHtml(c.area || r.parent?.area || "");
    return `<tr class="line${r.parent ? " item" : ""}" data-id="${id}"><td class="no">${r.no}</td>` +
      `<td>${name}${subs}</td><td class="small">${where}</td><td class="num small">${escapeHtml(c.budget)}</td>` +
      `<td class="small">${escapeHtml(c.deadline)}</td>${boxes}</tr>`;
  };
  const layout = layoutBallot(sheet);
  const total = layout.pages.length;
  const sheetHtml = (rows: SheetRow[], k: number) => {
    const head = pageHead(sheetTitle(sheet), sheet, k === 0) + (k > 0 ? "" : `
<div class="instructions">
<strong>填票说明</strong>
<ol>
${ballotInstructions(sheet).map((s) => `<li>${escapeHtml(s)}</li>`).join("\n")}
</ol>
<p class="order">${escapeHtml(orderNote(sheet.rules))}。</p>
</div>`);
    return `${head}
<table class="ballot">
<colgroup>${cols}</colgroup>
<thead><tr><th class="no">序号</th><th>项目名称及主要内容</th><th>实施区域</th><th>投入资金（万元）</th><th>完成时限</th>${heads.map((h) => `<th>${h}</th>`).join("")}</tr></thead>
<tbody>
${rows.map(rowHtml).join("\n")}
</tbody>
</table>
${pageFoot(sheet, k, total)}`;
  };
  let body: string;
  if (layout.copies > 1) {
    // Each copy is a whole ballot; the deputies get one each after the sheet is cut along the dashed lines.
    const one = sheetHtml(layout.pages[0]!, 0);
    body = `<section class="sheet" data-copies="${layout.copies}">\n${Array.from({ length: layout.copies }, () => `<div class="copy">\n${one}\n</div>`).join(`\n<div class="cut">沿虚线剪开</div>\n`)}\n</section>`;
  } else {
    body = layout.pages.map((rows, k) => `<section class="sheet" data-page="${k + 1}">\n${sheetHtml(rows, k)}\n</section>`).join("\n");
  }
  return page(`${sheet.title} ${sheetTitle(sheet)}`, BALLOT_CSS, `<div class="ballot-pages" data-pages="${total}">\n${body}\n</div>\n`);
}

/** One handwritten 正 (five marks) per cell of a tally box. */
const TALLY_CELL_MM = 8;

// The count sheet's printable area: landscape A4 less its margins (see COUNT_CSS), in mm.
const COUNT_WIDTH_MM = 273;
const COUNT_HEIGHT_MM = 190;
const COUNT_ROW_MM = 9.5;
/** The title, session line and the line of ballot totals at the top of the first page. */
const COUNT_FIRST_HEAD_MM = lineMm(16, 1.35) + 1 + lineMm(10, 1.35) + 3 + lineMm(10, 1.35) + 3;
/** The shorter title and session line at the top of a later page. */
const COUNT_LATER_HEAD_MM = lineMm(13, 1.35) + 1 + lineMm(10, 1.35) + 2;
const COUNT_THEAD_MM = 2 * lineMm(9, 1.35) + 2.4 + 0.5;
const COUNT_FOOT_MM = 2 + lineMm(8.5, 1.35);
/** The signature lines: their margin, the room to sign above the line and the line of text. */
const COUNT_SIGN_MM = 6 + 6 + lineMm(10, 1.35);

/** The columns of the count sheet, in mm; the name column takes the width left. */
function countColumns(approveOnly: boolean) {
  // 赞成 routinely reaches 50 marks or more, 反对 and 弃权 seldom a dozen: the tally cells are sized to match.
  const tallyMm = approveOnly ? [TALLY_CELL_MM * 17] : [TALLY_CELL_MM * 13, TALLY_CELL_MM * 3, TALLY_CELL_MM * 3];
  const fixed = 8 + 14 + tallyMm.reduce((sum, w) => sum + w + 12, 0) + (approveOnly ? 28 : 0) + 16;
  return { tallyMm, nameMm: COUNT_WIDTH_MM - 1.2 - fixed };
}

/** The count sheet's instruction printed above the signatures. */
function countNote(sheet: BallotSheet): string {
  const approveOnly = sheet.rules.ballot === "approve-only";
  // Only what voids a ballot under these rules (SPEC §6.3): with abstain-item an unreadable mark is that
  // project's abstention, and without a limit no ballot carries too many approvals.
  const voids = ["整张作废",
    ...(sheet.rules.unreadableMark === "void-ballot" ? ["符号无法辨认"] : []),
    ...(sheet.maxApprovals !== null ? ["赞成超过限选数"] : []),
    ...(sheet.rules.blankBallot === "void" ? ["空白票"] : [])];
  const unreadable = sheet.rules.unreadableMark === "abstain-item" ? "某一项目的符号无法辨认的，该项目按弃权计。" : "";
  return `先清点收回票数，剔除无效票（${voids.join("、")}），` +
    `再对有效票逐项计票。${unreadable}每个项目的${approveOnly ? "赞成与弃权" : "赞成、反对、弃权"}之和必须等于有效票数。`;
}

/**
 * The count sheet's lines into landscape pages, each as full as the estimate allows; the last page keeps
 * room for the note and the signatures, so they are never printed on a page of their own.
 */
function layoutCountSheet(sheet: BallotSheet): LineRow[][] {
  const lines = sheet.rows.filter((r): r is LineRow => r.kind === "line");
  const nameMm = countColumns(sheet.rules.ballot === "approve-only").nameMm - CELL_PAD_MM;
  const rowMm = (r: LineRow) => Math.max(COUNT_ROW_MM, textLines(r.candidate.name, 9, nameMm) * lineMm(9, 1.25) + 2.4 + 0.3);
  const closing = 4 + textLines(countNote(sheet), 9, COUNT_WIDTH_MM) * lineMm(9, 1.35) + COUNT_SIGN_MM;
  const room = COUNT_HEIGHT_MM - SLACK_MM;
  const { pages, used } = paginate(lines, room, COUNT_FIRST_HEAD_MM + COUNT_THEAD_MM + COUNT_FOOT_MM,
    COUNT_LATER_HEAD_MM + COUNT_THEAD_MM + COUNT_FOOT_MM, rowMm, (r, i) => rowMm(r) + (i === lines.length - 1 ? closing : 0));
  // The signatures are not left with a single row when the page before can give one more.
  const [before, last] = pages.slice(-2);
  if (pages.length > 1 && before!.length > 1 && last!.length === 1 && used + rowMm(before!.at(-1)!) <= room) last!.unshift(before!.pop()!);
  return pages;
}

/** How many landscape A4 pages the count sheet takes (each with its title, session line and table header). */
export function countSheetPageCount(sheet: BallotSheet): number {
  return layoutCountSheet(sheet).length;
}

const COUNT_CSS = `
@page { size: A4 landscape; margin: 10mm 12mm; }
body { font-size: 10pt; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h1.later { font-size: 13pt; }
.session { text-align: center; margin: 0 0 3mm; }
.session.later { margin: 0 0 2mm; }
.sheet { break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.totals { display: flex; gap: 6mm; margin: 0 0 3mm; }
.totals span { border-bottom: 1px solid #000; min-width: 30mm; display: inline-block; }
table.count { table-layout: fixed; }
table.count td { height: ${COUNT_ROW_MM}mm; vertical-align: middle; }
table.count th { font-size: 9pt; }
table.count td.name { font-size: 9pt; line-height: 1.25; }
table.count tr { break-inside: avoid; page-break-inside: avoid; }
.no { text-align: center; white-space: nowrap; }
.tally { background: repeating-linear-gradient(90deg, transparent 0 ${TALLY_CELL_MM - 0.4}mm, #bbb ${TALLY_CELL_MM - 0.4}mm ${TALLY_CELL_MM}mm); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.note { font-size: 9pt; margin: 2mm 0; }
.note code { font-family: monospace; }
/* How to type the counts in is for the clerk at the screen: the sheet the 计票人 and 监票人 sign carries no command. */
@media print { .screen-only { display: none; } }
.sign { margin-top: 6mm; display: flex; justify-content: space-between; }
.sign div { width: 30%; border-bottom: 1px solid #000; padding-top: 6mm; }
.foot { display: flex; justify-content: space-between; font-size: 8.5pt; margin-top: 2mm; }
`;

/**
 * The 计票单: one row per line, a tally box per mark (for 正 strokes) and a total, plus the check. A sheet
 * longer than a page is laid out as page-sized sections, each with its title, session line, table header
 * and 第 x 页 / 共 y 页; the signatures close the last one, under the last rows.
 */
export function countSheetHtml(sheet: BallotSheet, counts: { csv: string }): string {
  const approveOnly = sheet.rules.ballot === "approve-only";
  const marks = approveOnly ? ["赞成"] : ["赞成", "反对", "弃权"];
  const { tallyMm } = countColumns(approveOnly);
  const cols = [`<col style="width:8mm">`, `<col style="width:14mm">`, `<col>`, ...tallyMm.flatMap((w) => [`<col style="width:${w}mm">`, `<col style="width:12mm">`]), ...(approveOnly ? [`<col style="width:28mm">`] : []), `<col style="width:16mm">`].join("");
  const head = `<tr><th class="no">序号</th><th>编号</th><th>项目名称</th>${marks.map((m, i) => `<th class="tally-head" data-mark="${m}" data-room="${(tallyMm[i]! / TALLY_CELL_MM) * 5}">${m}（划“正”字${i === 0 ? "，每格一个“正”字即 5 票" : ""}）</th><th>${m}合计</th>`).join("")}${approveOnly ? "<th>弃权（有效票−赞成）</th>" : ""}<th>合计＝有效票</th></tr>`;
  const rowHtml = (r: LineRow) => `<tr data-id="${escapeHtml(r.candidate.id)}"><td class="no">${r.no}</td><td>${escapeHtml(r.candidate.id)}</td><td class="name">${escapeHtml(r.candidate.name)}</td>${marks.map((m) => `<td class="tally" data-mark="${m}"></td><td></td>`).join("")}${approveOnly ? "<td></td>" : ""}<td></td></tr>`;
  const title = sheetTitle(sheet, "计票单");
  const pages = layoutCountSheet(sheet);
  const total = pages.length;
  const section = (rows: LineRow[], k: number) => {
    const top = pageHead(title, sheet, k === 0) + (k > 0 ? "" : `
<div class="totals"><div>发出票数 <span>${sheet.issued ?? ""}</span></div><div>收回票数 <span></span></div><div>无效票数 <span></span></div><div>有效票数 <span></span></div>${sheet.maxApprovals !== null ? `<div>每票最多赞成 ${sheet.maxApprovals} 个</div>` : ""}</div>`);
    const closing = k === total - 1 ? `
<p class="note">${escapeHtml(countNote(sheet))}</p>
<p class="note screen-only">录入电脑：运行 <code>piaojue enter --counts${sheet.round > 1 ? ` --round ${sheet.round}` : ""}</code>，按本单逐项键入收回、无效票数和各项目的赞成、反对、弃权${approveOnly ? "（反对填 0）" : ""}；另一人用 <code>--second</code> 再录一遍，两次一致即写出 <code>${escapeHtml(counts.csv)}</code> 和收回、无效票数，不必改动 session.json。</p>
<div class="sign"><div>计票人：</div><div>监票人：</div><div>总监票人：</div></div>` : "";
    const foot = total > 1 ? `\n${pageFoot(sheet, k, total)}` : "";
    return `<section class="sheet" data-page="${k + 1}">
${top}
<table class="count">
<colgroup>${cols}</colgroup>
<thead>${head}</thead>
<tbody>
${rows.map(rowHtml).join("\n")}
</tbody>
</table>${closing}${foot}
</section>`;
  };
  return page(`${sheet.title} ${title}`, COUNT_CSS, `\n<div class="count-pages" data-pages="${total}">\n${pages.map(section).join("\n")}\n</div>\n`);
}

/** counts.csv as a template: the header of SPEC §5 and one row per line with its id, in ballot order. */
export function countsTemplate(lines: readonly Candidate[]): string {
  return formatCsv(["编号", "赞成", "反对", "弃权"], lines.map((c) => [c.id, "", "", ""]));
}
