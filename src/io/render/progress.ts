// The files `progress` writes (SPEC §11): out/progress.csv, out/progress-summary.csv and the bulletin
// out/progress.html (通报, A4): the summary in sentences, the projects needing attention first, a chart of
// planned against actual progress, the table of every project and each project's track month by month.
import { fraction, toNumber, type Fraction } from "../../core/fraction.js";
import {
  ATTENTION, decimalText, monthText, monthYear, percentText, PROGRESS_HEADER, plannedProgress, pointsText, progressRow, summaryPairs, tenths,
  type Month, type ProgressResult, type ProgressStatus, type ProjectProgress,
} from "../../core/progress.js";
import { formatCsv } from "../csv.js";
import type { OutputFile } from "../files.js";
import { csvWorkbooks } from "../office.js";
import { escapeHtml, page, phrasesWhole, PT_MM, runningHeadCss, textEms } from "./html.js";

/** The title a progress report takes when progress.json names none, after the session's title; printed whole. */
export const PROGRESS_TITLE = "民生实事项目实施进度";
/** Narrow characters at 0.56 em: the widths of this page were measured so. */
const ems = (text: string) => textEms(text, 0.56);

// A negative gap is a number, not a formula: formatCsv guards text starting with "-", so the gap goes in as
// a placeholder (a control character, which no input can contain) and its text is put in afterwards.
const GAP_SLOT = "\u0001";

/** out/progress.csv, out/progress-summary.csv, the bulletin, and both tables as one workbook of two sheets. */
export function progressFiles(result: ProgressResult): OutputFile[] {
  const rows = result.projects.map(progressRow);
  let k = 0;
  const csv = formatCsv(PROGRESS_HEADER, rows.map((r) => cellsWithGap(r, GAP_SLOT)))
    .replace(new RegExp(GAP_SLOT, "g"), () => rows[k++]!.gap);
  const table = { header: PROGRESS_HEADER, rows: rows.map((r) => cellsWithGap(r)) };
  const summary = { header: ["项目", "值"], rows: summaryPairs(result) };
  return [
    { name: "progress.csv", content: csv },
    { name: "progress-summary.csv", content: formatCsv(summary.header, summary.rows) },
    { name: "progress.html", content: progressHtml(result) },
    { name: "progress.xlsx", content: csvWorkbooks([["进度", table], ["汇总", summary]]) },
  ];
}

/** A project's row of progress.csv with its 差距 (or `gap` in its place) in that column. */
const cellsWithGap = (row: ReturnType<typeof progressRow>, gap = row.gap) => row.cells.map((c, i) => (i === 6 ? gap : c));

const STATUS_CLASS: Record<ProgressStatus, string> = {
  已完成: "done", 未报送: "unreported", 逾期未完成: "overdue", 严重滞后: "severe", 滞后: "behind", 按序时推进: "on-schedule",
};

function monthLabel(t: Month): string {
  const { year, month } = monthYear(t);
  return `${year}年${month}月`;
}

const pct = (f: Fraction | null) => (f === null ? "" : tenths(f));
const td = (text: string, num = false) => `<td${num ? ' class="num"' : ""}>${escapeHtml(text)}</td>`;
const statusTag = (p: ProjectProgress) =>
  `<span class="status ${STATUS_CLASS[p.status]}">${escapeHtml(p.status)}</span>`;
/** A project's row of a table: its figures right-aligned, its status (column `statusAt`) as a tag. */
const projectRow = (p: ProjectProgress, cells: string[], statusAt: number, figure: (i: number) => boolean) =>
  `<tr class="${STATUS_CLASS[p.status]}">${cells.map((c, i) => (i === statusAt ? `<td>${statusTag(p)}</td>` : td(c, figure(i)))).join("")}</tr>`;
const table = (kind: string, head: string, rows: string[], cols = "") =>
  `<table class="${kind}">\n${cols ? `<colgroup>${cols}</colgroup>\n` : ""}<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table>`;

/** The printable width: A4 less the page's 16 mm side margins and the body's 0.6 mm padding. */
const PRINT_WIDTH_MM = 210 - 32 - 1.2;

/** A figure column's width in mm: its widest cell or header line, on one line, with the cell's padding. */
const figureMm = (texts: string[], pt: number, padMm: number) => texts.reduce((widest, t) => Math.max(widest, ems(t)), -Infinity) * pt * PT_MM + padMm + 0.3;

/**
 * Widths in mm for the wrapping text columns of a table (name, unit, note), shared out of `roomMm` so
 * that the rows, estimated line by line, take the least height and the fewest broken texts: a column
 * mostly empty gets little, a text that fits a line is not left with a character or two on the next. Each column between 4 em and its
 * longest text; what is left over goes to the first column.
 */
function textColumnsMm(columns: string[][], roomMm: number, pt: number, padMm: number): number[] {
  const em = pt * PT_MM;
  // Each text measured once: the search below tries thousands of splits (a long 责任单位 measured in each was quadratic).
  const sizes = columns.map((texts) => texts.map((text) => ({ empty: text === "", ems: ems(text) })));
  const need = sizes.map((texts) => texts.reduce((widest, t) => Math.max(widest, t.ems), 4) * em * 1.02 + padMm + 0.6);
  const least = columns.map((_, i) => Math.min(need[i]!, 4 * em + padMm + 0.6));
  // Whole characters a line: a CJK line breaks between characters, so 12.7 characters of room hold 12.
  const perLine = (mm: number) => Math.max(1, Math.floor((mm - padMm) / (em * 1.02)));
  type Size = (typeof sizes)[number][number];
  const lines = (text: Size, mm: number) => (text.empty ? 1 : Math.ceil(text.ems / perLine(mm)));
  /** A broken text's cost beyond its lines: more when it is short (a unit) or leaves a character or two alone. */
  const broken = (text: Size, mm: number) => {
    const n = lines(text, mm);
    if (n === 1) return 0;
    const last = text.ems - (n - 1) * perLine(mm);
    return n - 1 + (text.ems <= 12 ? 2 : 0) + (last <= 2 ? 3 : 0);
  };
  // Each row's height, plus what each broken text costs; a note (the last column) is read as prose and
  // costs half what a broken name or unit does.
  const weight = (i: number) => (i === columns.length - 1 ? 0.5 : 1);
  const height = (widths: number[]) => sizes[0]!.reduce((sum, _, r) =>
    sum + Math.max(...sizes.map((c, i) => lines(c[r]!, widths[i]!))) + sizes.reduce((b, c, i) => b + weight(i) * broken(c[r]!, widths[i]!), 0), 0);
  const step = 1.5;
  let best: { widths: number[]; h: number } | null = null;
  // Every split of the room in steps of `step` mm, within each column's least and needed width.
  const search = (i: number, left: number, widths: number[]): void => {
    if (i === columns.length - 1) {
      const last = Math.min(need[i]!, left);
      if (last < least[i]! - 0.01) return;
      const w = [...widths, last];
      const h = height(w);
      if (!best || h < best.h) best = { widths: w, h };
      return;
    }
    for (let w = least[i]!; w <= Math.min(need[i]!, left) + 0.01; w += step) search(i + 1, left - w, [...widths, Math.min(w, need[i]!)]);
    if (need[i]! <= left) search(i + 1, left - need[i]!, [...widths, need[i]!]);
  };
  search(0, roomMm, []);
  const widths = (best as { widths: number[] } | null)?.widths ?? least;
  widths[0]! += Math.max(0, roomMm - widths.reduce((a, b) => a + b, 0));
  return widths;
}

/** A table's header cells, each header on the lines `headerLines` breaks it into. */
const headRow = (headers: string[], headerLines: (h: string) => string[]) =>
  headers.map((h) => `<th>${headerLines(h).map(escapeHtml).join("<br>")}</th>`).join("");

/** The colgroup of a table whose columns `text` wrap (widths shared out) and whose others keep to one line. */
function colgroup(headers: string[], cells: string[][], text: number[], pt: number, padMm: number, headerLines: (h: string) => string[]): string {
  const figures = headers.map((h, i) => (text.includes(i) ? 0 : figureMm([...headerLines(h), ...cells.map((r) => r[i]!)], pt, padMm)));
  // A little kept back for what the estimate cannot know (bold status words, the font's own digits).
  const room = PRINT_WIDTH_MM - figures.reduce((a, b) => a + b, 0) - 1;
  const widths = textColumnsMm(text.map((i) => cells.map((r) => r[i]!)), room, pt, padMm);
  return headers.map((_, i) => (text.includes(i) ? `<col style="width:${widths[text.indexOf(i)]!.toFixed(1)}mm">` : `<col>`)).join("");
}

/** The summary as a bulletin says it: 截至2026年6月，10个项目中已完成2个，占20.0%；… */
function summarySentences(r: ProgressResult): string[] {
  const s = r.summary;
  const of = (n: number) => percentText(fraction(BigInt(n), 1n), fraction(BigInt(s.projects), 1n));
  const lagging = Object.entries({ 滞后: s.behind, 严重滞后: s.severelyBehind, 逾期未完成: s.overdue, 未报送本月进度: s.unreported })
    .filter(([, n]) => n > 0).map(([k, n]) => `${k}${n}个`);
  const parts = [`按序时推进${s.onSchedule}个`, ...lagging, ...(lagging.length === 0 ? ["均按计划推进"] : [])];
  const rest = s.projects - s.completed;
  return [
    `截至${monthLabel(r.asOf)}，${s.projects}个项目中已完成${s.completed}个，占${of(s.completed)}；`
      + `已开工${s.started}个，占${of(s.started)}。`,
    rest === 0 ? "全部项目均已完成。" : `未完成的${rest}个项目中，${parts.join("，")}。`,
    ...(s.budget === null || s.disbursed === null ? [] : [
      `计划投入资金${decimalText(s.budget)}万元，已拨付${decimalText(s.disbursed)}万元`
        + `${s.budget.num === 0n ? "" : `，资金拨付率${percentText(s.disbursed, s.budget)}`}。`,
    ]),
  ];
}

/** A bar's width: the figure as a share of 100, within 0–100. */
const width = (f: Fraction | null) => (f === null ? "0%" : `${Math.max(0, Math.min(100, toNumber(f))).toFixed(2)}%`);

/**
 * For a project not reported this month: when it last was, and what it said; one never reported whose work
 * starts after the month reported is 未报送 like any other (SPEC §11), and the reader is told when it starts.
 */
function lastReport(p: ProjectProgress, asOf: Month): string {
  const last = p.track[p.track.length - 1];
  if (last) return `最近一次报送为${monthLabel(last.month)}，形象进度${decimalText(last.progress)}%`;
  return p.project.start > asOf ? `计划${monthLabel(p.project.start)}开工，至今没有报送进度` : "至今没有报送进度";
}

function attentionTable(r: ProgressResult): string {
  const listed = ATTENTION.flatMap((s) => r.projects.filter((p) => p.status === s));
  if (listed.length === 0) return `<p>本月没有滞后、逾期未完成或未报送进度的项目。</p>`;
  const cells = listed.map((p) => [p.project.id, p.project.name, p.project.unit, monthText(p.project.deadline), pct(p.planned),
    pct(p.actual), pct(p.gap), p.status, p.status === "未报送" ? lastReport(p, r.asOf) : p.note]);
  const rows = listed.map((p, k) => projectRow(p, cells[k]!, 7, (i) => i >= 3 && i <= 6));
  const head = ["编号", "项目名称", "责任单位", "完成时限", "计划进度", "实际进度", "差距", "状态", "说明"];
  // Two-line headers over short figures: 计划进度 over 37.5 needs no more than two characters a line.
  const lines = (h: string) => (h.length === 4 && h !== "项目名称" && h !== "责任单位" ? [h.slice(0, 2), h.slice(2)] : [h]);
  return table("attention", headRow(head, lines), rows, colgroup(head, cells, [1, 2, 8], 8.5, 2.4, lines));
}

function chart(r: ProgressResult, heading: string): string {
  const bar = (kind: string, cls: string, f: Fraction | null, value: string) => `<div class="bar-row">`
    + `<span class="bar-kind">${kind}</span><span class="bar-track"><span class="bar ${cls}" style="width:${width(f)}">`
    + `</span></span><span class="bar-value">${value}</span></div>`;
  const blocks = r.projects.map((p) => [
    `<div class="project" data-id="${escapeHtml(p.project.id)}" data-status="${escapeHtml(p.status)}">`,
    `<div class="project-label">${escapeHtml(p.project.id)} ${escapeHtml(p.project.name)}</div>`,
    `<div class="bars">`,
    bar("计划", "planned", p.planned, `${pct(p.planned)}%`),
    bar("实际", `actual ${STATUS_CLASS[p.status]}`, p.actual, p.actual === null ? "未报送" : `${pct(p.actual)}%`),
    `</div>`,
    `<div class="project-status">${statusTag(p)}</div>`,
    `</div>`,
  ].join("\n"));
  const keys = [["planned", "计划进度（序时进度）"], ["actual on-schedule", "实际进度（形象进度）"], ["actual behind", "滞后"],
    ["actual severe", "严重滞后或逾期"]];
  const legend = keys.map(([cls, label]) => `<span class="key"><span class="swatch ${cls}"></span>${label}</span>`);
  const scale = [0, 25, 50, 75, 100].map((n) => `<span>${n}</span>`).join("");
  const scaleRow = `<div class="scale">${scale}</div>`;
  // A table of one column, so that printing repeats its head (the legend) at the top and its foot (the scale)
  // at the foot of every page the chart runs over: no page of bars without either. Its heading goes over to
  // the next page with the legend and the first row rather than stay at a page foot.
  return `<h2>${escapeHtml(heading)}</h2>
<table class="chart">
<thead><tr><td><div class="legend">${legend.join("")}</div></td></tr></thead>
<tfoot><tr><td>${scaleRow}</td></tr></tfoot>
<tbody>
${blocks.map((b) => `<tr><td>\n${b}\n</td></tr>`).join("\n")}
</tbody>
</table>`;
}

function projectTable(r: ProgressResult): string {
  const cells = r.projects.map((p) => cellsWithGap(progressRow(p)));
  const rows = r.projects.map((p, k) => projectRow(p, cells[k]!, 10, (i) => i >= 3 && i <= 9));
  // Short headers, on two lines over short figures, so the names and notes keep a readable width; the
  // note under the table gives the units.
  const short: Record<string, string[]> = {
    完成时限: ["完成", "时限"], 计划进度: ["计划", "进度"], 实际进度: ["实际", "进度"],
    "已拨付资金（万元）": ["已拨付"], "投入资金（万元）": ["投入", "资金"], 资金拨付率: ["拨付率"],
  };
  const lines = (h: string) => short[h] ?? [h];
  const head = [...PROGRESS_HEADER];
  return `${table("all", headRow(head, lines), rows, colgroup(head, cells, [1, 2, 11], 8, 1.4, lines))}
<p class="note">进度、差距单位为百分点；已拨付、投入资金单位为万元，拨付率 = 已拨付 ÷ 投入资金。差距 = 计划进度 − 实际进度，正数为落后于计划。计划进度（序时进度）按开始月份至完成时限（含计划节点）逐月直线推算。</p>`;
}

/** Each project's reported 形象进度 month by month, with the plan of the month beneath in small type. */
function trackTable(r: ProgressResult): string {
  if (r.months.length === 0) return `<p>截至${monthLabel(r.asOf)}还没有报送的进度。</p>`;
  const sameYear = new Set(r.months.map((m) => monthYear(m).year)).size === 1;
  const label = (m: Month) => (sameYear ? `${monthYear(m).month}月` : monthText(m));
  const monthsHead = r.months.map((m) => `<th class="num">${escapeHtml(label(m))}</th>`).join("");
  const head = `<th>编号</th><th>项目名称</th>${monthsHead}<th>走势</th>`;
  const rows = r.projects.map((p) => {
    const byMonth = new Map(p.track.map((t) => [t.month, t.progress] as const));
    const cells = r.months.map((m) => {
      const v = byMonth.get(m);
      const plan = `<span class="plan-small">${escapeHtml(tenths(plannedProgress(p.project, m)))}</span>`;
      const reported = v === undefined ? `<span class="missing">—</span>` : escapeHtml(tenths(v));
      return `<td class="num">${reported}${plan}</td>`;
    }).join("");
    return `<tr>${td(p.project.id)}${td(p.project.name)}${cells}<td class="spark">${sparkline(r.months, p)}</td></tr>`;
  });
  return `${table("track", head, rows)}
<p class="note">每格上为报送的形象进度（与通报表格一样保留一位小数），下方小字为当月计划进度；“—”为当月未报送。走势图中虚线为计划进度，实线为实际进度。</p>`;
}

/** A small line chart: the plan (dashed) and the reported progress (solid, dots) over the months shown. */
function sparkline(months: readonly Month[], p: ProjectProgress): string {
  const [w, h, pad] = [120, 28, 2];
  const n = months.length;
  const x = (k: number) => (n === 1 ? w / 2 : pad + (k * (w - 2 * pad)) / (n - 1)).toFixed(1);
  const y = (v: Fraction) => (h - pad - (Math.max(0, Math.min(100, toNumber(v))) * (h - 2 * pad)) / 100).toFixed(1);
  const plan = months.map((m, k) => `${x(k)},${y(plannedProgress(p.project, m))}`).join(" ");
  const byMonth = new Map(p.track.map((t) => [t.month, t.progress] as const));
  const points = months.flatMap((m, k) => (byMonth.has(m) ? [{ x: x(k), y: y(byMonth.get(m)!) }] : []));
  const actual = points.map((q) => `${q.x},${q.y}`).join(" ");
  const label = `${escapeHtml(p.project.id)} 进度走势`;
  return `<svg class="sparkline" viewBox="0 0 ${w} ${h}" width="30mm" height="7mm" role="img" aria-label="${label}">`
    + `<rect x="0" y="0" width="${w}" height="${h}" fill="#fafafa" stroke="#ddd" stroke-width="0.5"/>`
    + `<polyline points="${plan}" fill="none" stroke="#888" stroke-width="1" stroke-dasharray="3 2"/>`
    + (points.length > 1 ? `<polyline points="${actual}" fill="none" stroke="#1f4e79" stroke-width="1.4"/>` : "")
    + points.map((q) => `<circle cx="${q.x}" cy="${q.y}" r="1.6" fill="#1f4e79"/>`).join("")
    + `</svg>`;
}

function progressHtml(r: ProgressResult): string {
  const css = `
.subtitle { text-align: center; margin: -2mm 0 5mm; font-size: 12pt; }
h2 { break-after: avoid; page-break-after: avoid; }
.summary p { text-indent: 2em; margin: 1mm 0; }
.note { font-size: 8.5pt; color: #333; margin: 1mm 0 0; }
table { font-size: 8.5pt; }
th, td { padding: 0.8mm 1.2mm; }
th, td.num { white-space: nowrap; }
table.attention, table.all { table-layout: auto; }
table.chart { width: 100%; border: 0; }
table.chart > * > tr > td { padding: 0; border: 0; }
table.chart tfoot { display: table-footer-group; }
table.all { font-size: 8pt; }
table.all th, table.all td { padding: 0.8mm 0.7mm; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.status { white-space: nowrap; }
.status.behind { color: #8a5300; font-weight: bold; }
.status.severe, .status.overdue { color: #b3261e; font-weight: bold; }
.status.unreported { color: #555; font-weight: bold; }
.status.done { color: #1e6b30; }
table.attention td:nth-child(9) { font-size: 8pt; }
.legend { margin: 1mm 0 2mm; font-size: 8.5pt; }
.key { margin-right: 5mm; white-space: nowrap; }
.swatch { display: inline-block; width: 6mm; height: 2.6mm; margin-right: 1.2mm; vertical-align: middle; }
.chart, .scale { --label: 36%; --kind: 7mm; --value: 13mm; --status: 18mm; }
.project { display: flex; align-items: center; padding: 0.8mm 0; border-bottom: 0.2mm solid #ddd; break-inside: avoid; page-break-inside: avoid; }
.project-label { width: var(--label); flex: none; font-size: 8.5pt; padding-right: 2mm; }
.bars { flex: 1; min-width: 0; }
.project-status { width: var(--status); flex: none; font-size: 8pt; text-align: right; }
.bar-row { display: flex; align-items: center; height: 3.6mm; }
.bar-kind { width: var(--kind); flex: none; font-size: 7pt; color: #444; }
.bar-track { flex: 1; height: 2.6mm; position: relative; background: #f2f2f2; }
.bar { display: block; height: 100%; }
.bar-value { width: var(--value); flex: none; font-size: 7.5pt; padding-left: 1.2mm; font-variant-numeric: tabular-nums; white-space: nowrap; }
.swatch, .bar, .bar-track { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.planned { background: repeating-linear-gradient(45deg, #9a9a9a 0 0.8mm, #d4d4d4 0.8mm 1.6mm); }
.actual.on-schedule, .actual.done { background: #1f4e79; }
.actual.behind { background: #c58b00; }
.actual.severe, .actual.overdue { background: #b3261e; }
.actual.unreported { background: transparent; }
.scale { display: flex; justify-content: space-between; margin-left: calc(var(--label) + var(--kind)); margin-right: calc(var(--value) + var(--status)); font-size: 7pt; color: #555; }
table.track td:nth-child(2) { min-width: 24mm; }
table.track td { text-align: right; line-height: 1.2; }
table.track td:nth-child(1), table.track td:nth-child(2) { text-align: left; }
.plan-small { display: block; font-size: 6.5pt; color: #777; }
.missing { color: #b3261e; }
td.spark { padding: 0.5mm; width: 31mm; }
.sparkline { display: block; }
table + .note { break-before: avoid; page-break-before: avoid; }
`;
  const body = `
<h1>${phrasesWhole(escapeHtml(r.title), [PROGRESS_TITLE])}</h1>
<p class="subtitle">（截至${escapeHtml(monthLabel(r.asOf))}）</p>
<h2>一、总体情况</h2>
<div class="summary">
${summarySentences(r).map((s) => `<p>${escapeHtml(s)}</p>`).join("\n")}
</div>
<h2>二、需要关注的项目</h2>
${attentionTable(r)}
<p class="note">滞后：实际进度落后计划（序时）进度超过 ${escapeHtml(pointsText(r.behind))} 个百分点；严重滞后：超过 ${escapeHtml(pointsText(r.severe))} 个百分点；逾期未完成：已到完成时限仍未完成${r.projects.some((p) => p.status === "未报送") ? `；未报送：${escapeHtml(monthLabel(r.asOf))}没有报送进度` : ""}。</p>
${chart(r, "三、计划进度与实际进度")}
<h2>四、各项目实施进度</h2>
${projectTable(r)}
<h2>五、逐月形象进度</h2>
${trackTable(r)}
`;
  return page(r.title, css + runningHeadCss(r.title), body);
}
