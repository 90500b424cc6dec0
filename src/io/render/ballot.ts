// The printable pieces of a round's paper ballot (SPEC §9 ballot): the 表决票 itself, the 计票单 for a
// hand count, and the CSV templates for entry. All take the same rows, so the order is the same in each.
import type { Candidate } from "../../core/candidates.js";
import type { Rules } from "../../core/session.js";
import { formatCsv } from "../csv.js";
import { escapeHtml, page } from "./html.js";

/** One row of the ballot: a votable line (numbered) or, with voteOn "items", a parent shown as a heading. */
export type SheetRow =
  | { kind: "line"; no: number; candidate: Candidate; subs: Candidate[]; parent: Candidate | null }
  | { kind: "heading"; candidate: Candidate };

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
  issued: number | null;
}

export function sheetLines(sheet: BallotSheet): Candidate[] {
  return sheet.rows.flatMap((r) => (r.kind === "line" ? [r.candidate] : []));
}

export function orderNote(rules: Pick<Rules, "order" | "seed">): string {
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

function sheetTitle(sheet: BallotSheet): string {
  return sheet.round === 1 ? "民生实事项目表决票" : `民生实事项目表决票（第 ${sheet.round} 轮）`;
}

/** The instructions printed above the candidates, each one sentence, from the session's own rules. */
export function ballotInstructions(sheet: BallotSheet): string[] {
  const m = `“${sheet.mark}”`;
  const out: string[] = [];
  if (sheet.rules.ballot === "approve-only") {
    out.push(`赞成的项目，在该项目的“赞成”栏内划${m}；不赞成的不划。`);
  } else {
    out.push(`对每个项目，在“赞成”“反对”“弃权”三栏中任选一栏划${m}；不划的项目按弃权计。`);
  }
  if (sheet.seats !== null) out.push(`本轮从下列 ${sheet.rows.filter((r) => r.kind === "line").length} 个项目中决出 ${sheet.seats} 个。`);
  if (sheet.maxApprovals !== null) out.push(`赞成的项目不得多于 ${sheet.maxApprovals} 个，多于 ${sheet.maxApprovals} 个的，本票无效。`);
  const twice = sheet.rules.ballot === "approve-only" ? "" : "同一项目划两栏以上或";
  out.push(sheet.rules.unreadableMark === "void-ballot" ? `${twice}所划符号无法辨认的，本票无效。` : `某一项目${twice ? "划两栏以上或" : ""}所划符号无法辨认的，该项目按弃权计。`);
  out.push(sheet.rules.blankBallot === "void" ? "一项也未划的表决票无效。" : "一项也未划的表决票为有效票，各项目均按弃权计。");
  out.push("本票不记名，请勿写姓名或作其他记号。");
  return out;
}

function money(budget: string): string {
  return budget === "" ? "" : budget;
}

const BALLOT_CSS = `
@page { size: A4; margin: 12mm 12mm 12mm; }
body { font-size: 10pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
.session { text-align: center; font-size: 11pt; margin: 0 0 3mm; }
.instructions { border: 0.4mm solid #000; padding: 1.5mm 3mm; margin: 0 0 3mm; }
.instructions ol { margin: 0; padding-left: 5mm; }
.instructions li { margin: 0.3mm 0; }
.order { font-size: 8.5pt; margin: 1mm 0 0; }
table.ballot { table-layout: fixed; }
table.ballot th, table.ballot td { padding: 1.4mm 1.5mm; vertical-align: middle; }
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
  const approveOnly = sheet.rules.ballot === "approve-only";
  const boxHeads = approveOnly ? ["赞成"] : ["赞成", "反对", "弃权"];
  const boxWidth = 13;
  const cols = [
    `<col style="width:10mm">`, `<col>`, `<col style="width:30mm">`, `<col style="width:17mm">`, `<col style="width:17mm">`,
    ...boxHeads.map(() => `<col style="width:${boxWidth}mm">`),
  ].join("");
  const boxes = boxHeads.map(() => `<td class="box"><span></span></td>`).join("");
  const rows = sheet.rows.map((r) => {
    const c = r.candidate;
    const content = c.content ? `<div class="content">${escapeHtml(c.content)}</div>` : "";
    if (r.kind === "heading") {
      return `<tr class="heading" data-id="${escapeHtml(c.id)}"><td></td><td colspan="${4 + boxHeads.length}"><div class="name">${escapeHtml(c.name)}<span class="id">${escapeHtml(c.id)}</span></div>${content}</td></tr>`;
    }
    const subs = r.subs.length > 0 ? `<div class="subs">${r.subs.map((s) => `<div>${escapeHtml(s.name)}</div>`).join("")}</div>` : "";
    const where = c.area || r.parent?.area || "";
    return `<tr class="line${r.parent ? " item" : ""}" data-id="${escapeHtml(c.id)}"><td class="no">${r.no}</td><td><div class="name">${escapeHtml(c.name)}<span class="id">${escapeHtml(c.id)}</span></div>${content}${subs}</td><td class="small">${escapeHtml(where)}</td><td class="num small">${escapeHtml(money(c.budget))}</td><td class="small">${escapeHtml(c.deadline)}</td>${boxes}</tr>`;
  }).join("\n");
  const body = `
<h1>${escapeHtml(sheetTitle(sheet))}</h1>
<p class="session">${escapeHtml(sheet.title)}　${escapeHtml(sheet.date)}</p>
<div class="instructions">
<strong>填票说明</strong>
<ol>
${ballotInstructions(sheet).map((s) => `<li>${escapeHtml(s)}</li>`).join("\n")}
</ol>
<p class="order">${escapeHtml(orderNote(sheet.rules))}。</p>
</div>
<table class="ballot">
<colgroup>${cols}</colgroup>
<thead><tr><th class="no">序号</th><th>项目名称及主要内容</th><th>实施区域</th><th>投入资金（万元）</th><th>完成时限</th>${boxHeads.map((h) => `<th>${h}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<div class="foot"><span>${escapeHtml(sheet.title)}</span><span>${sheet.round === 1 ? "" : `第 ${sheet.round} 轮　`}共 ${sheetLines(sheet).length} 个项目</span></div>
`;
  return page(`${sheet.title} ${sheetTitle(sheet)}`, BALLOT_CSS, body);
}

const COUNT_CSS = `
@page { size: A4 landscape; margin: 10mm 12mm; }
body { font-size: 10pt; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
.session { text-align: center; margin: 0 0 3mm; }
.totals { display: flex; gap: 6mm; margin: 0 0 3mm; }
.totals span { border-bottom: 1px solid #000; min-width: 30mm; display: inline-block; }
table.count { table-layout: fixed; }
table.count td { height: 9.5mm; vertical-align: middle; }
table.count th { font-size: 9.5pt; }
table.count tr { break-inside: avoid; page-break-inside: avoid; }
.no { text-align: center; white-space: nowrap; }
.tally { background: repeating-linear-gradient(90deg, transparent 0 9.5mm, #bbb 9.5mm 10mm); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.note { font-size: 9pt; margin: 2mm 0; }
.note code { font-family: monospace; }
.sign { margin-top: 6mm; display: flex; justify-content: space-between; }
.sign div { width: 30%; border-bottom: 1px solid #000; padding-top: 6mm; }
`;

/** The 计票单: one row per line, a tally box per mark (for 正 strokes) and a total, plus the check. */
export function countSheetHtml(sheet: BallotSheet, counts: { csv: string; sessionKey: string }): string {
  const approveOnly = sheet.rules.ballot === "approve-only";
  const marks = approveOnly ? ["赞成"] : ["赞成", "反对", "弃权"];
  const cols = [`<col style="width:11mm">`, `<col style="width:16mm">`, `<col style="width:52mm">`, ...marks.flatMap(() => [`<col>`, `<col style="width:14mm">`]), ...(approveOnly ? [`<col style="width:28mm">`] : []), `<col style="width:20mm">`].join("");
  const head = `<tr><th class="no">序号</th><th>编号</th><th>项目名称</th>${marks.map((m) => `<th>${m}（划“正”字）</th><th>${m}合计</th>`).join("")}${approveOnly ? "<th>弃权（有效票−赞成）</th>" : ""}<th>合计＝有效票</th></tr>`;
  const lines = sheet.rows.filter((r): r is Extract<SheetRow, { kind: "line" }> => r.kind === "line");
  const rows = lines.map((r) => `<tr data-id="${escapeHtml(r.candidate.id)}"><td class="no">${r.no}</td><td>${escapeHtml(r.candidate.id)}</td><td>${escapeHtml(r.candidate.name)}</td>${marks.map(() => `<td class="tally"></td><td></td>`).join("")}${approveOnly ? "<td></td>" : ""}<td></td></tr>`).join("\n");
  const title = sheet.round === 1 ? "民生实事项目计票单" : `民生实事项目计票单（第 ${sheet.round} 轮）`;
  const body = `
<h1>${escapeHtml(title)}</h1>
<p class="session">${escapeHtml(sheet.title)}　${escapeHtml(sheet.date)}</p>
<div class="totals"><div>发出票数 <span>${sheet.issued ?? ""}</span></div><div>收回票数 <span></span></div><div>无效票数 <span></span></div><div>有效票数 <span></span></div>${sheet.maxApprovals !== null ? `<div>每票最多赞成 ${sheet.maxApprovals} 个</div>` : ""}</div>
<table class="count">
<colgroup>${cols}</colgroup>
<thead>${head}</thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note">先清点收回票数，剔除无效票（整张作废、符号无法辨认、赞成超过限选数${sheet.rules.blankBallot === "void" ? "、空白票" : ""}），再对有效票逐项计票。每个项目的${approveOnly ? "赞成与弃权" : "赞成、反对、弃权"}之和必须等于有效票数。</p>
<p class="note">录入电脑：按本单填写 <code>${escapeHtml(counts.csv)}</code>（列为 编号,赞成,反对,弃权${approveOnly ? "；反对填 0" : ""}），并在 session.json 的 counted 中写第 ${sheet.round} 项 <code>${escapeHtml(counts.sessionKey)}</code>。</p>
<div class="sign"><div>计票人：</div><div>监票人：</div><div>总监票人：</div></div>
`;
  return page(`${sheet.title} ${title}`, COUNT_CSS, body);
}

/** counts.csv as a template: the header of SPEC §5 and one row per line with its id, in ballot order. */
export function countsTemplate(lines: readonly Candidate[]): string {
  return formatCsv(["编号", "赞成", "反对", "弃权"], lines.map((c) => [c.id, "", "", ""]));
}
