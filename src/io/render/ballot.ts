// The printable pieces of a round's paper ballot (SPEC §9 ballot): the 表决票 itself, the 计票单 for a
// hand count, and the CSV templates for entry. All take the same rows, so the order is the same in each.
// Chromium prints no @page margin boxes, so a ballot longer than a page is laid out here as explicit
// page-sized sections, each with its title, table header and 第 x 页 / 共 y 页, from an estimate of each
// row's height; a short runoff ballot is repeated on the sheet, to be cut apart.
import type { Candidate } from "../../core/candidates.js";
import type { Rules } from "../../core/session.js";
import { formatCsv } from "../csv.js";
import { chineseDate } from "../docx-write.js";
import { warning, type Diagnostic } from "../../core/diagnostics.js";
import { escapeHtml, lineMm, page, paginate, PT_MM } from "./html.js";

/**
 * One row of the ballot: a votable line (numbered) or, with voteOn "items", a parent shown as a heading.
 * `moreSubs`: sub-items left off a row too long for a page (see fitRow). `continued`: the heading printed
 * again, name only, at the top of a page its sub-items run on to, so none stands there without its project.
 */
export type SheetRow =
  | { kind: "line"; no: number; candidate: Candidate; subs: Candidate[]; parent: Candidate | null; moreSubs?: number }
  | { kind: "heading"; candidate: Candidate; continued?: boolean };

/** The heading a page repeats above a sub-item it begins with. */
function continuedHeading(r: SheetRow): SheetRow | undefined {
  return r.kind === "line" && r.parent ? { kind: "heading", candidate: r.parent, continued: true } : undefined;
}

/** A heading's name as printed: a repeated one ends with （续）. */
const headingName = (r: SheetRow) => `${r.candidate.name}${r.kind === "heading" && r.continued ? "（续）" : ""}`;
type LineRow = Extract<SheetRow, { kind: "line" }>;

export interface BallotSheet {
  title: string;
  date: string;
  round: number;
  rows: SheetRow[];
  rules: Pick<Rules, "ballot" | "order" | "seed" | "blankBallot" | "unreadableMark" | "voteOn" | "marks">;
  /** Most approvals a valid ballot may carry (null: no limit). */
  maxApprovals: number | null;
  /** Round ≥ 2: the seats still to fill. */
  seats: number | null;
  /** The mark the deputies are asked to draw. */
  mark: string;
  /** What a line left unmarked counts as (rules.marks may give "" to another list than 弃权); default 弃权. */
  unmarked?: "approve" | "against" | "abstain";
  issued: number | null;
  /**
   * The most votes one tally box of the count sheet must hold: the ballots issued in the round, or, with
   * that not yet known, the deputies in total. Default: issued.
   */
  mostVotes?: number;
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

/** A round's file: `stem` and `ending` for round 1, with -rK between them for round K. */
const roundFile = (round: number, stem: string, ending: string) => (round === 1 ? `${stem}${ending}` : `${stem}-r${round}${ending}`);
export const ballotHtmlName = (round: number) => roundFile(round, "ballot", ".html");
export const countSheetName = (round: number) => roundFile(round, "count-sheet", ".html");
export const countsTemplateName = (round: number) => roundFile(round, "counts", "-template.csv");

/** 民生实事项目表决票 (or 计票单), its round named after the first. */
function sheetTitle(sheet: BallotSheet, what = "表决票"): string {
  return sheet.round === 1 ? `民生实事项目${what}` : `民生实事项目${what}（第 ${sheet.round} 轮）`;
}

/** The title and session line on top of a page: in full on the first page, smaller and marked （续） on a later one. */
function pageHead(title: string, sheet: BallotSheet, first: boolean): string {
  // The date, written as the 公告 writes it (2026年1月15日), is never split over two lines when the session's name is long.
  const date = `<span class="nw">${escapeHtml(chineseDate(sheet.date))}</span>`;
  return first ? `<h1>${escapeHtml(title)}</h1>\n<p class="session">${escapeHtml(sheet.title)}　${date}</p>`
    : `<h1 class="later">${escapeHtml(title)}</h1>\n<p class="session later">${escapeHtml(sheet.title)}　${date}（续）</p>`;
}

/**
 * The line under a page's table: the session, 第 x 页 / 共 y 页 when there are several, the round and the
 * number of lines. It is one line: a long session name is cut short with an ellipsis (it is in full at the top).
 */
function pageFoot(sheet: BallotSheet, k: number, total: number): string {
  const pageNo = total > 1 ? `<span class="page-no">第 ${k + 1} 页 / 共 ${total} 页</span>` : "";
  return `<div class="foot"><span class="foot-title">${escapeHtml(sheet.title)}</span>${pageNo}<span>${sheet.round === 1 ? "" : `第 ${sheet.round} 轮　`}共 ${sheetLines(sheet).length} 个项目</span></div>`;
}

/** The instructions printed above the candidates, each one sentence, from the session's own rules. */
function ballotInstructions(sheet: BallotSheet): string[] {
  const m = `“${sheet.mark}”`;
  const unmarked = { approve: "赞成", against: "反对", abstain: "弃权" }[sheet.unmarked ?? "abstain"];
  // rules.marks may make an empty cell an approval: then leaving a line unmarked approves it.
  const emptyApproves = sheet.unmarked === "approve";
  const out = [sheet.rules.ballot === "approve-only"
    ? (emptyApproves ? `不划的项目按赞成计；不赞成的项目，在该项目的“赞成”栏内写“${sheet.rules.marks?.abstain?.find((x: string) => x.trim() !== "") ?? "弃权"}”。` : `赞成的项目，在该项目的“赞成”栏内划${m}；不赞成的不划。`)
    : `对每个项目，在“赞成”“反对”“弃权”三栏中任选一栏划${m}；不划的项目按${unmarked}计。`];
  if (sheet.seats !== null) out.push(`本轮从下列 ${sheetLines(sheet).length} 个项目中决出 ${sheet.seats} 个。`);
  if (sheet.maxApprovals !== null) out.push(`赞成的项目不得多于 ${sheet.maxApprovals} 个，多于 ${sheet.maxApprovals} 个的，本票无效。`);
  const twice = sheet.rules.ballot === "approve-only" ? "" : "同一项目划两栏以上或";
  out.push(sheet.rules.unreadableMark === "void-ballot" ? `${twice}所划符号无法辨认的，本票无效。` : `某一项目${twice ? "划两栏以上或" : ""}所划符号无法辨认的，该项目按弃权计。`);
  const blankOverApproves = emptyApproves && sheet.maxApprovals !== null && sheetLines(sheet).length > sheet.maxApprovals;
  out.push(sheet.rules.blankBallot === "void" ? "一项也未划的表决票无效。"
    : blankOverApproves ? `一项也未划的表决票各项目均按赞成计，赞成多于 ${sheet.maxApprovals} 个，本票无效。`
    : `一项也未划的表决票为有效票，各项目均按${unmarked}计。`);
  out.push("本票不记名，请勿写姓名或作其他记号。");
  return out;
}

// The ballot's printable area: A4 less its 12 mm margins (see BALLOT_CSS), in mm.
const PRINT_WIDTH_MM = 186;
const PRINT_HEIGHT_MM = 273;
// The estimates below follow heights measured in Chromium's print (Noto CJK): a line of text is exactly its
// line-height, a cell's padding and 1 px border (0.26 mm) are what the CSS says, so the margin of safety is
// small and grows with the text: LINE_SLACK_MM for each line of a row, SLACK_MM on each page.
/** Kept free on each page for what the estimate cannot know (a font with other metrics, rounding). */
const SLACK_MM = 1.5;
/** Added to each line of text in a table row, and to the row's boxes. */
const LINE_SLACK_MM = 0.05;
/** A table cell's top and bottom padding (1.4 mm each) and the 1 px border between rows. */
const CELL_V_MM = 2.8 + 0.3;
/** The boxes to mark (7.5 mm with their border): a row is never lower than they are. */
const BOX_MM = 7.5 + LINE_SLACK_MM;
/** The margin a tally box leaves when it is held to a page (see countColumns). */
const COUNT_SLACK_MM = 8;
/** Room a cut line takes between two runoff ballots on one sheet. */
const CUT_MM = 10;
const MAX_COPIES = 4;

// How many lines a text wraps to, found the way the browser breaks lines (greedily, never before a closing
// mark or after an opening one, never inside a run of Latin letters or digits), with each character's
// width in the page font (Noto CJK, measured in Chromium) rounded up: an estimate never under the print.
const NO_BREAK_BEFORE = /[，。、；：？！）」』】》〉”’…·,.;:!?)\]}%]/u;
const NO_BREAK_AFTER = /[（「『【《〈“‘(\[{]/u;

// Printable ASCII (space to ~), each character's width in hundredths of an em: the widest of Noto Serif CJK
// and Noto Sans CJK, regular and bold, as Chromium draws them.
const ASCII_EM = [
  25, 37, 57, 62, 59, 97, 80, 33, 40, 40, 51, 60, 34, 37, 34, 40, 59, 59, 59, 59, 59, 59, 59, 59, 59, 59, 34, 34, 60, 60, 60, 51,
  101, 75, 71, 70, 79, 67, 65, 76, 86, 43, 57, 77, 64, 100, 82, 79, 67, 79, 75, 62, 70, 82, 73, 109, 73, 70, 63, 38, 40, 38, 60, 59,
  63, 59, 67, 56, 66, 58, 40, 60, 69, 35, 34, 65, 36, 101, 69, 63, 67, 64, 50, 50, 42, 68, 58, 87, 60, 58, 52, 38, 34, 38, 60,
];

/** A character's width in em, a little over what Chromium draws: CJK and other wide characters one em. */
function charEm(ch: string): number {
  const code = ch.codePointAt(0)!;
  return code >= 0x20 && code < 0x7f ? (ASCII_EM[code - 0x20]! / 100) * 1.03 : 1;
}

/** A piece of text in one size: `whole` is never broken (white-space: nowrap); `padMm` is room before it (a margin). */
interface Run { text: string; pt: number; whole?: boolean; padMm?: number }

function runWidthMm(run: Run): number {
  let w = run.padMm ?? 0;
  for (const ch of run.text) w += charEm(ch) * run.pt * PT_MM;
  return w;
}

/** The lines `runs` take, one after another, in a column `widthMm` wide (0 for no text). */
function wrappedLines(runs: readonly Run[], widthMm: number): number {
  // The pieces a line may end after, each as wide as its characters.
  const pieces: number[] = [];
  let glueNext = false;
  let prev = "";
  for (const run of runs) {
    const pad = run.padMm ?? 0;
    const add = (w: number, glue: boolean) => (glue && pieces.length > 0 ? (pieces[pieces.length - 1]! += w) : pieces.push(w));
    if (run.whole) {
      if (run.text !== "") { add(runWidthMm(run), glueNext); prev = run.text.at(-1)!; glueNext = false; }
      continue;
    }
    let first = true;
    for (const ch of run.text) {
      const w = charEm(ch) * run.pt * PT_MM + (first ? pad : 0);
      first = false;
      const latin = /[!-~]/.test(ch);
      // A space ends the line it is on without taking room on the next; Latin letters and digits stick to
      // what they touch, except that a word may break after a hyphen (5G-enabled, WWWW-MMMM).
      const afterHyphen = prev === "-" && /[A-Za-z]/.test(ch);
      const glue = ch === " " || glueNext || NO_BREAK_BEFORE.test(ch) || ((latin || /[!-~]/.test(prev)) && prev !== "" && prev !== " " && !afterHyphen);
      add(w, glue);
      glueNext = NO_BREAK_AFTER.test(ch);
      prev = ch;
    }
  }
  if (pieces.length === 0) return 0;
  const width = widthMm - 0.05;
  let lines = 1;
  let used = 0;
  for (const w of pieces) {
    if (w > width) {
      // Wider than the column: it starts a line and is broken anywhere (overflow-wrap: anywhere).
      if (used > 0) lines++;
      const whole = Math.ceil(w / width);
      lines += whole - 1;
      used = w - (whole - 1) * width;
    } else if (used + w > width && used > 0) {
      lines++;
      used = w;
    } else {
      used += w;
    }
  }
  return lines;
}

const linesOf = (text: string, pt: number, widthMm: number) => wrappedLines([{ text, pt }], widthMm);

// Numbers and dates are kept whole on paper: 12345.6789, 2026-09-30, 2026年9月30日 never split over two lines.
const WHOLE_TOKEN = /\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d+(?:[.,:/-]\d+)*/gu;
/** A token the browser may break inside even where it has room (after a hyphen or slash, between 年 and 9). */
const BREAKABLE_TOKEN = /[-/年月]/u;

/**
 * A text as runs, its numbers and dates whole where they fit the column. In a narrow column (`narrow`)
 * every number is held whole, as the browser would otherwise break one anywhere (12345.67 / 89); in a wide
 * one only those with a break inside them are.
 */
function textRuns(text: string, pt: number, widthMm: number, narrow = false): Run[] {
  const runs: Run[] = [];
  let at = 0;
  for (const m of text.matchAll(WHOLE_TOKEN)) {
    const whole = { text: m[0], pt, whole: true };
    if (!(narrow || BREAKABLE_TOKEN.test(m[0])) || runWidthMm(whole) > widthMm - 0.05) continue;
    if (m.index > at) runs.push({ text: text.slice(at, m.index), pt });
    runs.push(whole);
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), pt });
  return runs;
}

/** The text as HTML, the numbers and dates textRuns holds whole in a span that never breaks. */
function wholeHtml(text: string, pt: number, widthMm: number, narrow = false): string {
  return textRuns(text, pt, widthMm, narrow).map((r) => (r.whole ? `<span class="nw">${escapeHtml(r.text)}</span>` : escapeHtml(r.text))).join("");
}

function boxHeads(sheet: BallotSheet): string[] {
  return sheet.rules.ballot === "approve-only" ? ["赞成"] : ["赞成", "反对", "弃权"];
}

const BOX_COL_MM = 13;
const NO_COL_MM = 10;
const AREA_COL_MM = 30;
/** The budget and deadline columns are this wide, or as wide as their longest number or date, up to the most. */
const SMALL_COL_MM = 17;
const SMALL_COL_MAX_MM = 30;
/** A cell's side padding and border, and a little for rounding: what the text in it does not get of the column. */
const CELL_PAD_MM = 3.5;
/** The body's side padding (see html.ts) narrows the table by this much. */
const BODY_PAD_MM = 1.2;

/** The widths of the ballot's columns, in mm: budget and deadline wide enough for their numbers and dates, the name column the rest. */
function ballotColumns(sheet: BallotSheet) {
  const lines = sheetLines(sheet);
  const widest = (texts: string[]) => Math.max(0, ...texts.flatMap((t) => [...t.matchAll(WHOLE_TOKEN)].map((m) => runWidthMm({ text: m[0], pt: 8.5 }))));
  const fit = (texts: string[]) => Math.min(SMALL_COL_MAX_MM, Math.max(SMALL_COL_MM, Math.ceil(widest(texts) + CELL_PAD_MM + 0.4)));
  const budgetMm = fit(lines.map((c) => c.budget));
  const deadlineMm = fit(lines.map((c) => c.deadline));
  const headingMm = PRINT_WIDTH_MM - BODY_PAD_MM - NO_COL_MM;
  const nameMm = headingMm - AREA_COL_MM - budgetMm - deadlineMm - BOX_COL_MM * boxHeads(sheet).length;
  return { budgetMm, deadlineMm, nameMm, headingMm };
}
type BallotColumns = ReturnType<typeof ballotColumns>;

/** What an over-long row leaves out, to keep on one page: its 项目内容, 实施区域 or sub-items past what fits. */
type ClippedField = "content" | "area" | "subs";

/** A line of text in a table row, with its margin. */
const rowLineMm = (pt: number) => lineMm(pt) + LINE_SLACK_MM;

/** Estimated heights of one table row's texts on paper, in mm: the name column's (name, 项目内容, sub-items) and each narrow column's. */
function rowTextsMm(cols: BallotColumns, r: SheetRow): { text: number; where: number; deadline: number; budget: number } {
  // A heading spans every column after the number.
  const inner = (r.kind === "heading" ? cols.headingMm : cols.nameMm) - CELL_PAD_MM;
  const c = r.candidate;
  // An item under its heading is drawn with a “└ ” before its name.
  const mark: Run[] = r.kind === "line" && r.parent ? [{ text: "└ ", pt: 10.5 }] : [];
  let text = wrappedLines([...mark, ...textRuns(headingName(r), 10.5, inner), { text: c.id, pt: 8, padMm: 1 }], inner) * rowLineMm(10.5);
  if (r.kind === "heading" && r.continued) return { text, where: 0, deadline: 0, budget: 0 };
  if (c.content) text += wrappedLines(textRuns(c.content, 9, inner), inner) * rowLineMm(9) + 0.3;
  if (r.kind === "heading") return { text, where: 0, deadline: 0, budget: 0 };
  for (const s of r.subs) text += wrappedLines([{ text: "└ ", pt: 8.5 }, ...textRuns(s.name, 8.5, inner)], inner) * rowLineMm(8.5);
  if (r.moreSubs) text += rowLineMm(8.5);
  if (r.subs.length > 0 || r.moreSubs) text += 0.3;
  const small = (t: string, widthMm: number) => wrappedLines(textRuns(t, 8.5, widthMm - CELL_PAD_MM, true), widthMm - CELL_PAD_MM) * rowLineMm(8.5);
  return { text, where: small(c.area || r.parent?.area || "", AREA_COL_MM), deadline: small(c.deadline, cols.deadlineMm), budget: small(c.budget, cols.budgetMm) };
}

/** Estimated height of one table row on paper, from its tallest column. */
function rowHeightMm(cols: BallotColumns, r: SheetRow): number {
  const t = rowTextsMm(cols, r);
  return CELL_V_MM + (r.kind === "heading" ? t.text : Math.max(t.text, t.where, t.deadline, t.budget, BOX_MM));
}

/** The text cut to its first `n` characters and an ellipsis. */
function cut(text: string, n: number): string {
  return [...text].slice(0, n).join("").replace(/[\s，、；：。,;:.]+$/u, "") + "……";
}

/** The longest cut of `text` for which `fits` holds, or null when not even the ellipsis alone fits. */
function longestCut(text: string, fits: (t: string) => boolean): string | null {
  if (!fits(cut(text, 0))) return null;
  let lo = 0;
  let hi = [...text].length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fits(cut(text, mid))) lo = mid;
    else hi = mid - 1;
  }
  return cut(text, lo);
}

/**
 * The row as printed: one taller than `maxMm` (it would not fit on any page, and the browser would split it,
 * its boxes on one part only) is cut to fit, column by column. In the name column its 项目内容 is cut and
 * ended with “……”, or, when even that leaves no room for all its sub-items, the 项目内容 is cut to half
 * the row and the sub-items after the first few are left off; in its own column the 实施区域 likewise.
 * The name, the budget and the deadline are never cut.
 */
function fitRow(cols: BallotColumns, r: SheetRow, maxMm: number): { row: SheetRow; clipped: ClippedField[] } {
  if (rowHeightMm(cols, r) <= maxMm) return { row: r, clipped: [] };
  // The most a column's text may take for the row to be maxMm tall.
  const room = maxMm - CELL_V_MM;
  const clipped: ClippedField[] = [];
  let row = r;
  const nameFits = (x: SheetRow) => rowTextsMm(cols, x).text <= room;
  const contentCut = () => longestCut(row.candidate.content, (t) => nameFits({ ...row, candidate: { ...row.candidate, content: t } }));
  const cutContent = (shown: string | null) => {
    row = { ...row, candidate: { ...row.candidate, content: shown ?? "……" } };
    clipped.push("content");
  };
  if (!nameFits(row)) {
    const shown = row.candidate.content ? contentCut() : null;
    if (shown !== null) {
      cutContent(shown);
    } else if (row.kind === "line" && row.subs.length > 0) {
      // The sub-items show what is bundled into the project (打包式): a long 项目内容 gives way to them,
      // keeping at most half the room, so the first sub-items are always printed.
      const whole = row;
      const halfFits = (t: string) => rowTextsMm(cols, { ...whole, subs: [], moreSubs: 1, candidate: { ...whole.candidate, content: t } }).text <= room / 2;
      if (whole.candidate.content && !halfFits(whole.candidate.content)) cutContent(longestCut(whole.candidate.content, halfFits));
      const line = { ...whole, candidate: row.candidate };
      const keeping = (keep: number): LineRow => ({ ...line, subs: line.subs.slice(0, keep), moreSubs: line.subs.length - keep });
      let keep = line.subs.length - 1;
      while (keep > 0 && !nameFits(keeping(keep))) keep--;
      row = keeping(keep);
      clipped.push("subs");
      if (!nameFits(row) && row.candidate.content && !clipped.includes("content")) cutContent(contentCut());
    } else if (row.candidate.content) {
      // The name alone is too long for a page: the least is printed besides it.
      cutContent(null);
    }
  }
  if (row.kind === "line") {
    const area = row.candidate.area || row.parent?.area || "";
    const areaFits = (t: string) => rowTextsMm(cols, { ...row, candidate: { ...row.candidate, area: t } }).where <= room;
    if (area && !areaFits(area)) {
      row = { ...row, candidate: { ...row.candidate, area: longestCut(area, areaFits) ?? "……" } };
      clipped.push("area");
    }
  }
  return { row, clipped };
}

/** The session line under the title: the date never split. */
function sessionLineRuns(sheet: BallotSheet, pt: number, later: boolean): Run[] {
  return [{ text: `${sheet.title}　`, pt }, { text: chineseDate(sheet.date), pt, whole: true }, ...(later ? [{ text: "（续）", pt }] : [])];
}

/** The title, session line and 填票说明 at the top of the first page. */
function firstHeadMm(sheet: BallotSheet): number {
  // The box's borders and padding, and the list's indent.
  const inner = PRINT_WIDTH_MM - BODY_PAD_MM - 6.8 - 5;
  // Each item has 0.3 mm above and below, collapsing with the next one's (the last one's with the order note's 1 mm).
  const items = ballotInstructions(sheet).reduce((sum, s) => sum + linesOf(s, 10, inner) * lineMm(10) + 0.3, 0);
  const order = linesOf(`${orderNote(sheet.rules)}。`, 8.5, inner + 5) * lineMm(8.5) + 1;
  const session = wrappedLines(sessionLineRuns(sheet, 11, false), PRINT_WIDTH_MM - BODY_PAD_MM) * lineMm(11);
  return lineMm(18) + 1 + session + 3 + (0.8 + 3 + lineMm(10) + items + order) + 3;
}
/** The shorter title and session line at the top of a later page. */
function laterHeadMm(sheet: BallotSheet): number {
  return lineMm(14) + 1 + wrappedLines(sessionLineRuns(sheet, 10, true), PRINT_WIDTH_MM - BODY_PAD_MM) * lineMm(10) + 2;
}
const THEAD_MM = 2 * lineMm(9) + CELL_V_MM;
/** The line under the table: one line, the session's name cut short with an ellipsis when it is long. */
const FOOT_MM = 2 + lineMm(8.5);

/**
 * Rows into pages, each page as full as the estimate allows; a heading row never ends a page. A row too
 * tall for a page is first cut to fit (fitRow). A short runoff ballot is printed as `copies` whole ballots
 * on one sheet, with cut lines between.
 */
function layoutBallot(sheet: BallotSheet) {
  const room = PRINT_HEIGHT_MM - SLACK_MM;
  const cols = ballotColumns(sheet);
  const first = firstHeadMm(sheet) + THEAD_MM + FOOT_MM;
  const later = laterHeadMm(sheet) + THEAD_MM + FOOT_MM;
  // The tallest row that fits on any page; a heading shares its page with the row after it.
  const maxRow = room - Math.max(first, later);
  const clipped: { candidate: Candidate; fields: ClippedField[] }[] = [];
  const rows: SheetRow[] = [];
  sheet.rows.forEach((r, i) => {
    // A sub-item shares its page with its heading: the one before it, or the one repeated on a new page.
    const before = rows[i - 1];
    const above = before?.kind === "heading" ? before : continuedHeading(r);
    const limit = r.kind === "heading" ? maxRow / 3 : above ? maxRow - rowHeightMm(cols, above) : maxRow;
    const fitted = fitRow(cols, r, limit);
    rows.push(fitted.row);
    if (fitted.clipped.length > 0) clipped.push({ candidate: r.candidate, fields: fitted.clipped });
  });
  const height = (r: SheetRow) => rowHeightMm(cols, r);
  const { pages, used } = paginate(rows, room, first, later, height, (r, i) => {
    const next = rows[i + 1];
    return height(r) + (r.kind === "heading" && next ? height(next) : 0);
  }, continuedHeading);
  // A short runoff ballot is printed several to a sheet, to be cut apart.
  const copies = sheet.round > 1 && pages.length === 1
    ? Math.max(1, Math.min(MAX_COPIES, Math.floor((room + CUT_MM) / (used + CUT_MM)))) : 1;
  return { pages, copies, cols, clipped };
}

/** How many A4 pages the ballot takes (each with its title, table header and 第 x 页 / 共 y 页). */
export function ballotPageCount(sheet: BallotSheet): number {
  return layoutBallot(sheet).pages.length;
}

const CLIPPED_NAMES: Record<ClippedField, [string, string]> = { content: ["项目内容", "content"], area: ["实施区域", "area"], subs: ["子项", "sub-items"] };

/**
 * What the clerk must know of the printed ballot: W_BALLOT_CLIPPED for each row cut short to fit on a
 * page, and W_BALLOT_PAGES when it does not fit on one page (every page must be handed out).
 */
export function ballotPagesWarnings(sheet: BallotSheet): Diagnostic[] {
  const layout = layoutBallot(sheet);
  const file = ballotHtmlName(sheet.round);
  const clipped = layout.clipped.map(({ candidate: c, fields }) => warning("W_BALLOT_CLIPPED", { file },
    { id: c.id, name: c.name, fields: fields.map((f) => CLIPPED_NAMES[f][0]), fieldsEnglish: fields.map((f) => CLIPPED_NAMES[f][1]) }));
  const pages = layout.pages.length;
  // A tally box never outgrows a page: past some 720 ballots it cannot hold them all, and the counters must know.
  const votes = sheet.mostVotes ?? sheet.issued ?? 0;
  const room = countColumns(sheet).votes;
  const short = votes > room
    ? [warning("W_COUNT_SHEET_ROOM", { file: countSheetName(sheet.round) }, { room, votes })] : [];
  return [...clipped, ...(pages > 1 ? [warning("W_BALLOT_PAGES", { file }, { pages, lines: sheetLines(sheet).length })] : []), ...short];
}

/** The foot's line: never more than one, the session's name giving way to the page number. */
const FOOT_CSS = `.foot { display: flex; justify-content: space-between; gap: 4mm; font-size: 8.5pt; margin-top: 2mm; white-space: nowrap; }
.foot-title { min-width: 0; overflow: hidden; text-overflow: ellipsis; }`;

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
.nw { white-space: nowrap; }
.more { font-size: 8.5pt; }
${FOOT_CSS}
`;

export function ballotHtml(sheet: BallotSheet): string {
  const heads = boxHeads(sheet);
  const layout = layoutBallot(sheet);
  const { budgetMm, deadlineMm, nameMm } = layout.cols;
  const cols = [
    `<col style="width:${NO_COL_MM}mm">`, `<col>`, `<col style="width:${AREA_COL_MM}mm">`, `<col style="width:${budgetMm}mm">`, `<col style="width:${deadlineMm}mm">`,
    ...heads.map(() => `<col style="width:${BOX_COL_MM}mm">`),
  ].join("");
  const boxes = heads.map(() => `<td class="box"><span></span></td>`).join("");
  const inner = nameMm - CELL_PAD_MM;
  const rowHtml = (r: SheetRow) => {
    const c = r.candidate;
    const id = escapeHtml(c.id);
    if (r.kind === "heading") {
      const content = c.content && !r.continued ? `<div class="content">${wholeHtml(c.content, 9, inner)}</div>` : "";
      const heading = `<div class="name">${wholeHtml(headingName(r), 10.5, inner)}<span class="id">${id}</span></div>${content}`;
      return `<tr class="heading${r.continued ? " continued" : ""}" data-id="${id}"><td></td><td colspan="${4 + heads.length}">${heading}</td></tr>`;
    }
    const name = `<div class="name">${wholeHtml(c.name, 10.5, inner)}<span class="id">${id}</span></div>` +
      (c.content ? `<div class="content">${wholeHtml(c.content, 9, inner)}</div>` : "");
    const more = r.moreSubs ? `<div class="more">……（另有 ${r.moreSubs} 个子项）</div>` : "";
    const subs = r.subs.length > 0 || more ? `<div class="subs">${r.subs.map((s) => `<div>${wholeHtml(s.name, 8.5, inner)}</div>`).join("")}</div>${more}` : "";
    const small = (t: string, widthMm: number) => wholeHtml(t, 8.5, widthMm - CELL_PAD_MM, true);
    return `<tr class="line${r.parent ? " item" : ""}" data-id="${id}"><td class="no">${r.no}</td>` +
      `<td>${name}${subs}</td><td class="small">${small(c.area || r.parent?.area || "", AREA_COL_MM)}</td><td class="num small">${small(c.budget, budgetMm)}</td>` +
      `<td class="small">${small(c.deadline, deadlineMm)}</td>${boxes}</tr>`;
  };
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

// The count sheet's printable area: landscape A4 less its margins (see countCss), in mm.
const COUNT_WIDTH_MM = 273;
const COUNT_HEIGHT_MM = 190;
const COUNT_ROW_MM = 9.5;
/** The title and session line at the top of a page (shorter on a later one), and on the first the line of ballot totals. */
function countHeadMm(sheet: BallotSheet, first: boolean): number {
  const session = wrappedLines(sessionLineRuns(sheet, 10, !first), COUNT_WIDTH_MM - BODY_PAD_MM) * lineMm(10, 1.35);
  // The totals' blanks are underlined below their line (1 px).
  return first ? lineMm(16, 1.35) + 1 + session + 3 + lineMm(10, 1.35) + 0.3 + 3 : lineMm(13, 1.35) + 1 + session + 2;
}
const COUNT_FOOT_MM = 2 + lineMm(8.5, 1.35);
/** The signature lines: their margin, the room to sign above the line and the line of text. */
const COUNT_SIGN_MM = 6 + 6 + lineMm(10, 1.35);
/** The narrowest the name column gets, so a name wraps to a few lines at most. */
const COUNT_NAME_MIN_MM = 44;

/** Cell sizes for one handwritten 正 (five votes), largest first: a box that would be taller than TALLY_BOX_MAX_MM takes smaller cells. */
const TALLY_CELLS_MM = [8, 7, 6];
const TALLY_BOX_MAX_MM = 40;
/** The most votes a tally box holds when neither the round's issued ballots nor the deputies are known. */
const TALLY_VOTES_UNKNOWN = 100;

/**
 * The columns of the count sheet, in mm, and the grid of its tally boxes. Any line may get every vote of
 * one kind, so each box (赞成, 反对, 弃权 alike) holds the round's issued ballots: as many cells a line as
 * its share of the width allows, on as many lines as that takes. The name column takes the width left.
 */
function countColumns(sheet: BallotSheet) {
  const approveOnly = sheet.rules.ballot === "approve-only";
  const boxes = approveOnly ? 1 : 3;
  const fixed = 8 + 14 + boxes * 12 + (approveOnly ? 28 : 0) + 16;
  const share = (COUNT_WIDTH_MM - BODY_PAD_MM - fixed - COUNT_NAME_MIN_MM) / boxes;
  const cellsNeeded = Math.ceil(Math.max(1, sheet.mostVotes ?? sheet.issued ?? TALLY_VOTES_UNKNOWN) / 5);
  const grid = (cellMm: number) => {
    const across = Math.floor(share / cellMm);
    return { cellMm, across, lines: Math.ceil(cellsNeeded / across) };
  };
  const fitting = TALLY_CELLS_MM.map(grid).find((g) => g.lines * g.cellMm <= TALLY_BOX_MAX_MM) ?? grid(TALLY_CELLS_MM.at(-1)!);
  // A box never outgrows a page: the first page's head and the signatures must fit beside one row.
  const maxLines = Math.floor((COUNT_HEIGHT_MM - COUNT_SLACK_MM - 70) / fitting.cellMm);
  const tally = { ...fitting, lines: Math.min(fitting.lines, maxLines) };
  const tallyMm = tally.across * tally.cellMm;
  return { boxes, tally, tallyMm, votes: tally.across * tally.lines * 5, nameMm: COUNT_WIDTH_MM - BODY_PAD_MM - fixed - boxes * tallyMm };
}
type CountColumns = ReturnType<typeof countColumns>;

/** The count sheet's header cells: text and the column's width in mm. */
function countHeads(sheet: BallotSheet, cols: CountColumns): { html: string; text: string; widthMm: number }[] {
  const cell = (text: string, widthMm: number, attrs = "") => ({ html: `<th${attrs}>${escapeHtml(text)}</th>`, text, widthMm });
  return [
    cell("序号", 8, ` class="no"`), cell("编号", 14), cell("项目名称", cols.nameMm),
    ...boxHeads(sheet).flatMap((m, i) => [
      cell(`${m}（划“正”字${i === 0 ? "，每格一个“正”字即 5 票" : ""}）`, cols.tallyMm, ` class="tally-head" data-mark="${m}" data-room="${cols.votes}" data-grid="${cols.tally.across}x${cols.tally.lines}" data-cell-mm="${cols.tally.cellMm}"`),
      cell(`${m}合计`, 12)]),
    ...(sheet.rules.ballot === "approve-only" ? [cell("弃权（有效票−赞成）", 28)] : []),
    cell("合计＝有效票", 16),
  ];
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
function layoutCountSheet(sheet: BallotSheet) {
  // With voteOn "items" the lines stand under their parents' headings, as on the ballot the counters read from.
  const rows = sheet.rows;
  const cols = countColumns(sheet);
  const nameMm = cols.nameMm - 4.4;
  const boxMm = cols.tally.lines * cols.tally.cellMm;
  // A row is as tall as its tally boxes, and taller when its name wraps to more lines than they hold; a
  // heading, across every column after the 编号, as tall as its name.
  const rowMinMm = Math.max(COUNT_ROW_MM, boxMm);
  const nameLinesMm = (text: string, widthMm: number) => wrappedLines([{ text, pt: 9 }], widthMm) * lineMm(9, 1.25) + 2.4 + 0.3;
  const rowMm = (r: SheetRow) => r.kind === "heading" ? nameLinesMm(headingName(r), COUNT_WIDTH_MM - BODY_PAD_MM - 8 - 14 - 4.4)
    : Math.max(rowMinMm, nameLinesMm(`${r.parent ? "└ " : ""}${r.candidate.name}`, nameMm));
  const thead = Math.max(...countHeads(sheet, cols).map((h) => wrappedLines([{ text: h.text, pt: 9 }], h.widthMm - 4.4))) * lineMm(9, 1.35) + 2.4 + 0.5;
  const closing = 4 + linesOf(countNote(sheet), 9, COUNT_WIDTH_MM - BODY_PAD_MM) * lineMm(9, 1.35) + COUNT_SIGN_MM;
  // Its rows are as tall as the CSS sets them (td height), so a page keeps only the ballot's margin.
  const room = COUNT_HEIGHT_MM - SLACK_MM;
  // What a row needs on its page: a heading the row after it too, the last row the closing.
  const need = (i: number): number => rowMm(rows[i]!) + (i === rows.length - 1 ? closing : rows[i]!.kind === "heading" ? need(i + 1) : 0);
  const { pages, used } = paginate(rows, room, countHeadMm(sheet, true) + thead + COUNT_FOOT_MM,
    countHeadMm(sheet, false) + thead + COUNT_FOOT_MM, rowMm, (_, i) => need(i), continuedHeading);
  // The signatures are not left with a single row when the page before can give one more (not one that
  // would leave a heading at its foot, nor a sub-item without its heading).
  const [before, last] = pages.slice(-2);
  if (pages.length > 1 && before!.length > 1 && last!.length === 1 && before!.at(-2)!.kind !== "heading"
    && continuedHeading(before!.at(-1)!) === undefined && used + rowMm(before!.at(-1)!) <= room) last!.unshift(before!.pop()!);
  return { pages, cols, rowMinMm };
}

/** How many landscape A4 pages the count sheet takes (each with its title, session line and table header). */
export function countSheetPageCount(sheet: BallotSheet): number {
  return layoutCountSheet(sheet).pages.length;
}

/**
 * The count sheet's style: its rows as tall as their tally boxes, each box ruled into cells for one 正 each.
 * The cells are ruled with borders, not a gradient background: Chromium prints a gradient as an image,
 * resampled into lines of uneven width, and slower to print and several times the PDF's size.
 */
function countCss(cols: CountColumns, rowMm: number): string {
  const { cellMm, lines } = cols.tally;
  // On one line the cells are as tall as the row. On several the box is also ruled across (a line above the
  // first, one under each) and drawn at its own height in the middle of a taller row. The ruling is laid over
  // the cell, out of the flow, so the row is as tall as the page layout counts it, clipped to the cell and
  // under the table's borders as a background is.
  // (Chromium draws a border of 0.3 or 0.4 mm one CSS pixel, 0.26 mm, wide.)
  const place = lines === 1 ? `top: 0; bottom: 0;`
    : `top: 50%; height: ${+(lines * cellMm + 0.3).toFixed(2)}mm; margin-top: -${+((lines * cellMm + 0.3) / 2).toFixed(3)}mm; border-top: 0.3mm solid #bbb;`;
  const tally = `
td.tally { position: relative; padding: 0; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
td.tally .grid { position: absolute; inset: 0; overflow: hidden; z-index: -1; }
td.tally .ruling { position: absolute; left: 0; right: 0; ${place} }
td.tally .across, td.tally .down { position: absolute; inset: 0; display: flex; }
td.tally .down { flex-direction: column; }
td.tally .across i { flex: none; width: ${cellMm}mm; border-right: 0.4mm solid #bbb; }
td.tally .down i { flex: none; height: ${cellMm}mm; border-bottom: 0.3mm solid #bbb; }`;
  return `
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
table.count td { height: ${rowMm}mm; vertical-align: middle; }
table.count th { font-size: 9pt; }
table.count td.name { font-size: 9pt; line-height: 1.25; overflow-wrap: anywhere; }
table.count tr { break-inside: avoid; page-break-inside: avoid; }
table.count tr.heading td { height: auto; background: #f2f2f2; font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table.count tr.item td.name::before { content: "└ "; }
.no { text-align: center; white-space: nowrap; }
/* 序号 in bold 9 pt is about 6.5 mm wide: the 8 mm column holds it only without the cells' side padding. */
table.count th.no { padding-left: 0.5mm; padding-right: 0.5mm; }
${tally}
.note { font-size: 9pt; margin: 2mm 0; }
.note code { font-family: monospace; }
/* How to type the counts in is for the clerk at the screen: the sheet the 计票人 and 监票人 sign carries no command. */
@media print { .screen-only { display: none; } }
.sign { margin-top: 6mm; display: flex; justify-content: space-between; }
.sign div { width: 30%; border-bottom: 1px solid #000; padding-top: 6mm; }
${FOOT_CSS}
`;
}

/**
 * The 计票单: one row per line, a tally box per mark (for 正 strokes) and a total, plus the check. A sheet
 * longer than a page is laid out as page-sized sections, each with its title, session line, table header
 * and 第 x 页 / 共 y 页; the signatures close the last one, under the last rows.
 */
export function countSheetHtml(sheet: BallotSheet, counts: { csv: string }): string {
  const approveOnly = sheet.rules.ballot === "approve-only";
  const { pages, cols, rowMinMm } = layoutCountSheet(sheet);
  const heads = countHeads(sheet, cols);
  const colgroup = heads.map((h, i) => (i === 2 ? `<col>` : `<col style="width:${h.widthMm}mm">`)).join("");
  const head = `<tr>${heads.map((h) => h.html).join("")}</tr>`;
  // The tally box's ruling (see countCss): a line after each cell across and, on several lines, under each line.
  const { across, lines } = cols.tally;
  const grid = `<div class="grid"><div class="ruling"><div class="across">${"<i></i>".repeat(across)}</div>${lines > 1 ? `<div class="down">${"<i></i>".repeat(lines)}</div>` : ""}</div></div>`;
  // A heading's name spans every column after the 编号.
  const headingSpan = heads.length - 2;
  const rowHtml = (r: SheetRow) => r.kind === "heading"
    ? `<tr class="heading${r.continued ? " continued" : ""}" data-heading="${escapeHtml(r.candidate.id)}"><td></td><td>${escapeHtml(r.candidate.id)}</td><td class="name" colspan="${headingSpan}">${escapeHtml(headingName(r))}</td></tr>`
    : `<tr data-id="${escapeHtml(r.candidate.id)}"${r.parent ? ` class="item"` : ""}><td class="no">${r.no}</td><td>${escapeHtml(r.candidate.id)}</td><td class="name">${escapeHtml(r.candidate.name)}</td>${boxHeads(sheet).map((m) => `<td class="tally" data-mark="${m}">${grid}</td><td></td>`).join("")}${approveOnly ? "<td></td>" : ""}<td></td></tr>`;
  const title = sheetTitle(sheet, "计票单");
  const total = pages.length;
  const section = (rows: SheetRow[], k: number) => {
    const top = pageHead(title, sheet, k === 0) + (k > 0 ? "" : `
<div class="totals"><div>发出票数 <span>${sheet.issued ?? ""}</span></div><div>收回票数 <span></span></div><div>无效票数 <span></span></div><div>有效票数 <span></span></div>${sheet.maxApprovals !== null ? `<div>每票最多赞成 ${sheet.maxApprovals} 个</div>` : ""}<div>${approveOnly ? "赞成栏" : "每栏"}可记 ${cols.votes} 票</div></div>`);
    const closing = k === total - 1 ? `
<p class="note">${escapeHtml(countNote(sheet))}</p>
<p class="note screen-only">录入电脑：运行 <code>piaojue enter --counts${sheet.round > 1 ? ` --round ${sheet.round}` : ""}</code>，按本单逐项键入收回、无效票数和各项目的赞成、反对、弃权${approveOnly ? "（反对填 0）" : ""}；另一人用 <code>--second</code> 再录一遍，两次一致即写出 <code>${escapeHtml(counts.csv)}</code> 和收回、无效票数，不必改动 session.json。</p>
<div class="sign"><div>计票人：</div><div>监票人：</div><div>总监票人：</div></div>` : "";
    const foot = total > 1 ? `\n${pageFoot(sheet, k, total)}` : "";
    return `<section class="sheet" data-page="${k + 1}">
${top}
<table class="count">
<colgroup>${colgroup}</colgroup>
<thead>${head}</thead>
<tbody>
${rows.map(rowHtml).join("\n")}
</tbody>
</table>${closing}${foot}
</section>`;
  };
  return page(`${sheet.title} ${title}`, countCss(cols, rowMinMm), `\n<div class="count-pages" data-pages="${total}">\n${pages.map(section).join("\n")}\n</div>\n`);
}

/** counts.csv as a template: the header of SPEC §5 and one row per line with its id, in ballot order. */
export function countsTemplate(lines: readonly Candidate[]): string {
  return formatCsv(["编号", "赞成", "反对", "弃权"], lines.map((c) => [c.id, "", "", ""]));
}
