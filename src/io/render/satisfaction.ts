// The files `evaluate` writes (SPEC §8): satisfaction.csv and the printable satisfaction.html with a chart
// of each project's 总体满意率, one bar per group side by side. Figures resting on fewer than 5 forms are
// marked ※ in the page (chart, table, 说明); the CSV's columns and rows are fixed by the contract, so it
// carries no mark — its 测评票数 column says the number, and --json says `fewForms`.
import {
  ANONYMITY_MINIMUM, COMBINED_LABEL, indicatorRatio, decimalText, fewFormsRows, percentText, SATISFACTION_HEADER,
  satisfactionRows, satisfactionRowsFewForms, isFewForms, type EvaluationResult, type RateBase,
} from "../../core/evaluate.js";
import { fewFormsText } from "../../messages/labels.js";
import { toNumber, type Fraction } from "../../core/fraction.js";
import type { OutputTable } from "../csv.js";
import { writeDocx } from "../docx-write.js";
import { kindOf } from "../office.js";
import { escapeHtml, lineMm, page, paginate, PT_MM, runningHeadCss, textEms, textLines } from "./html.js";

const RATE_BASE_LABELS: Record<RateBase, string> = { valid: "有效测评票（满意+基本满意+不满意）", returned: "收回测评票（含弃权）", members: "应参加人数" };

/** satisfaction.csv's table (SPEC §8). */
export function satisfactionTable(result: EvaluationResult): OutputTable {
  return { header: SATISFACTION_HEADER, rows: satisfactionRows(result) };
}

/** Fills that stay apart in grey-scale print: solid dark, light, hatched, … */
const GROUP_FILLS = [
  "#1f4e79",
  "#9dc3e6",
  "repeating-linear-gradient(45deg, #c55a11 0 1.2mm, #f4d1b5 1.2mm 2.2mm)",
  "#70ad47",
  "repeating-linear-gradient(-45deg, #7030a0 0 1.2mm, #e0c9ef 1.2mm 2.2mm)",
  "#bf9000",
];
const COMBINED_FILL = "#404040";
const FEW_MARK = "※";

const width = (f: Fraction | null) => (f === null ? "0" : `${Math.min(100, Math.max(0, toNumber(f) * 100)).toFixed(2)}%`);

function describeGrade(result: EvaluationResult): string {
  if (!result.grade) return "不评定等次";
  const b = result.grade.base === "valid" ? "有效测评票数" : "应参加人数（未写人数的组别用有效测评票数）";
  const half = (atHalf: "counts" | "short") => (atHalf === "counts" ? "达到半数（含半数）" : "超过半数（不含半数）");
  const { atHalf, basicAtHalf = atHalf } = result.grade;
  return `满意票${half(atHalf)}为“满意”；否则满意与基本满意票合计${half(basicAtHalf)}为“基本满意”；其余为“不满意”。半数的基数为${b}`;
}

/** The 说明 paragraph for the groups with fewer than 5 forms, or "" when there are none. */
function fewFormsNote(result: EvaluationResult): string {
  const rows = fewFormsRows(result);
  if (rows.length === 0) return "";
  // The projects of each group, by the number of forms.
  const byGroup = new Map<string, Map<number, string[]>>();
  for (const r of rows) {
    const forms = byGroup.get(r.group) ?? byGroup.set(r.group, new Map()).get(r.group)!;
    forms.set(r.forms, [...(forms.get(r.forms) ?? []), r.id]);
  }
  const all = result.projects.length;
  const parts = [...byGroup].flatMap(([group, list]) => [...list].map(([forms, ids]) =>
    `组别“${escapeHtml(group)}”${ids.length === all && all > 1 ? "各项目" : `（${ids.map(escapeHtml).join("、")}）`}只有 ${forms} 份`));
  return `<h2>说明</h2>
<p class="note few-forms-note">${FEW_MARK} ${escapeHtml(fewFormsText(ANONYMITY_MINIMUM))}：${parts.join("；")}。标 ${FEW_MARK} 的综合结果含这些组别，按权重可推算出其结果，同样仅供参考。人数太少的组别，可与其他组别合并测评，或不单独公布。</p>`;
}

/** The groups as the report and its Word document introduce them; the page (`html`) marks those with few forms. */
function groupsText(result: EvaluationResult, html: boolean): string {
  return result.groups.map((g) => {
    const text = `${g.name}（权重 ${g.weightText}${g.members !== null ? `，应参加 ${g.members} 人` : ""}，收回测评表 ${g.forms} 份`;
    return html ? `${escapeHtml(text)}${isFewForms(g.forms) ? ` <span class="few-mark">${FEW_MARK}</span>` : ""}）` : `${text}）`;
  }).join("；");
}

/** The longest label, in em, the chart's group column takes before names are shortened. */
const LABEL_EMS = 7;

/**
 * The label beside each bar: the group's name, or when a name is too long for the column, its first
 * characters and "…" (or 组别 1, 2, … when those would not tell the groups apart); the legend gives the full name.
 */
function chartLabels(names: readonly string[]): Map<string, string> {
  const cut = (n: string) => (textEms(n) <= LABEL_EMS ? n : `${[...n].slice(0, LABEL_EMS - 2).join("")}…`);
  const short = names.map(cut);
  const distinct = new Set(short).size === short.length;
  return new Map(names.map((n, i) => [n, distinct ? short[i]! : textEms(n) <= LABEL_EMS ? n : `组别 ${i + 1}`] as const));
}

export function satisfactionHtml(result: EvaluationResult): string {
  const series = [...result.groups.filter((g) => g.forms > 0).map((g, i) => ({ name: g.name, fill: GROUP_FILLS[i % GROUP_FILLS.length]! })), { name: COMBINED_LABEL, fill: COMBINED_FILL }];
  const fillOf = new Map(series.map((s) => [s.name, s.fill] as const));
  const labelOf = chartLabels([...new Set([...series.map((s) => s.name), ...result.projects.flatMap((p) => p.groups.map((g) => g.group))])]);
  // The group column is as wide as its longest label at 7.5 pt, so no label wraps onto the next bar.
  const groupColumnMm = Math.max(...[...labelOf.values()].map((n) => textEms(n))) * 7.5 * PT_MM + 1.8;
  // The legend's keys: a swatch and its words each, never broken (a key that does not fit goes to the next line).
  const keys = [
    ...series.map((s) => ({ fill: s.fill, swatch: "swatch", words: `${s.name}${labelOf.get(s.name) !== s.name ? `（图中作“${labelOf.get(s.name)!}”）` : ""}` })),
    ...(fewFormsRows(result).length > 0 ? [{ fill: "#808080", swatch: "swatch few-swatch", words: `${FEW_MARK} 测评票少于 ${ANONYMITY_MINIMUM} 份，仅供参考` }] : []),
  ];
  const legend = keys.map((k) => `<span class="key"><span class="${k.swatch}" style="background:${k.fill}"></span>${escapeHtml(k.words)}</span>`).join("");
  const passLine = result.passRate
    ? `<div class="pass-line" style="left:calc(var(--label) + var(--group) + (100% - var(--label) - var(--group) - var(--value)) * ${toNumber(result.passRate).toFixed(4)})"><span>达标线 ${escapeHtml(percentText(result.passRate))}</span></div>`
    : "";
  const groupsLine = groupsText(result, true);
  const projectHtml = result.projects.map((p) => {
    const bars = [
      ...p.groups.map((g) => ({ name: g.group, rate: g.overallRate, few: g.fewForms })),
      ...(p.groups.length > 0 ? [{ name: COMBINED_LABEL, rate: p.combined.overallRate, few: p.combined.fewForms }] : []),
    ].map((b) => `<div class="bar-row${b.few ? " few-forms" : ""}"><span class="bar-group">${escapeHtml(labelOf.get(b.name) ?? b.name)}</span><span class="bar-track"><span class="bar" data-group="${escapeHtml(b.name)}" data-rate="${b.rate === null ? "" : toNumber(b.rate).toFixed(6)}"${b.few ? ' data-few-forms="true"' : ""} style="width:${width(b.rate)};background:${fillOf.get(b.name) ?? COMBINED_FILL}"></span></span><span class="bar-value">${b.rate === null ? "—" : escapeHtml(percentText(b.rate))}${b.few ? ` <span class="few-mark">${FEW_MARK}</span>` : ""}</span></div>`).join("");
    const flag = (p.combined.pass === false ? `<span class="fail">未达标</span>` : "")
      + (p.combined.fewForms ? `<span class="few-flag">${FEW_MARK} 测评票少于 ${ANONYMITY_MINIMUM} 份，仅供参考</span>` : "");
    return `<div class="project" data-id="${escapeHtml(p.id)}"><div class="project-label">${escapeHtml(p.id)} ${escapeHtml(p.name)}${flag}</div><div class="bars">${bars || `<div class="bar-row"><span class="bar-group"></span><span class="none">没有测评结果</span></div>`}</div></div>`;
  });
  // The chart in page-sized blocks, each with its heading, legend, 达标线 and scale: a page never holds
  // bars without their scale, and a block after the first says it continues.
  const text = (html: string) => html.replace(/<[^>]*>/g, "");
  const chartPages = chartLayout(result, [result.title, `测评组别：${text(groupsLine)}`, ...methodSentences(result)], keys.map((k) => k.words));
  let next = 0;
  const chart = chartPages.map((run, k) => {
    const html = projectHtml.slice(next, next + run.length).join("\n");
    next += run.length;
    return `<section class="chart-block${k > 0 ? " continued" : ""}">
<h2>总体满意率${k === 0 ? "（满意 + 基本满意）" : "（续）"}</h2>
<div class="legend">${legend}</div>
<div class="chart">
${html}
${passLine}
</div>
<div class="scale"><span>0%</span><span>50%</span><span>100%</span></div>
</section>`;
  }).join("\n");
  const few = satisfactionRowsFewForms(result);
  const csvRows = satisfactionRows(result);
  // 等次, 完成率 and 达标 are empty without a grade rule, indicators or a passRate: the page leaves such a
  // column out (the CSV keeps it).
  const shown = SATISFACTION_HEADER.map((_, i) => i < 11 || csvRows.some((r) => r[i] !== ""));
  const rowHtml = (r: (string | number)[], k: number) => {
    const combined = r[2] === COMBINED_LABEL;
    const classes = [...(combined ? ["combined"] : []), ...(few[k] ? ["few-forms"] : [])];
    const mark = few[k] ? `<span class="few-mark">${FEW_MARK} ${combined ? `含少于 ${ANONYMITY_MINIMUM} 份的组别` : `少于 ${ANONYMITY_MINIMUM} 份`}</span>` : "";
    return `<tr${classes.length > 0 ? ` class="${classes.join(" ")}"` : ""}>${r.map((c, i) => (shown[i] ? `<td${i >= 3 && i !== 11 && i !== 13 ? ' class="num"' : ""}>${escapeHtml(c)}${i === 2 ? mark : ""}</td>` : "")).join("")}</tr>`;
  };
  // One tbody per project, kept whole on a page: its group rows and its 综合 row are read together.
  let at = 0;
  const bodies = result.projects.map((p) => {
    const count = p.groups.length + 1;
    const html = csvRows.slice(at, at + count).map((r, j) => rowHtml(r, at + j)).join("\n");
    at += count;
    return `<tbody class="project-rows" data-id="${escapeHtml(p.id)}">\n${html}\n</tbody>`;
  }).join("\n");
  // Long group names may wrap: the table's own layout shares the room left by the figures between them and
  // the project names (on one line beside short names, on two beside long ones), where a set width wrapped
  // them onto three lines beside a half-empty name column.
  const longestGroup = Math.max(textEms(COMBINED_LABEL), ...result.groups.map((g) => textEms(g.name)));
  // The names keep 30 mm (about ten characters a line), or less when none needs so much.
  const nameMinMm = Math.min(30, Math.max(0, ...result.projects.map((p) => textEms(p.name))) * 8 * PT_MM + 1.6);
  const groupWraps = longestGroup > 7;
  const indicatorRows = result.projects.flatMap((p) => p.indicators.map((i) =>
    `<tr><td>${escapeHtml(p.id)}</td><td>${escapeHtml(p.name)}</td><td>${escapeHtml(i.name)}</td><td class="num">${escapeHtml(i.targetText)}</td><td class="num">${escapeHtml(i.actualText)}</td><td class="num">${escapeHtml(decimalText(i.weight))}</td><td class="num">${escapeHtml(percentText(indicatorRatio(i)))}</td></tr>`)).join("\n");
  const indicators = indicatorRows
    ? `<h2>量化指标完成情况</h2>\n<table class="indicators"><thead><tr><th>编号</th><th>项目名称</th><th>指标</th><th>目标值</th><th>完成值</th><th>权重</th><th>完成比例</th></tr></thead><tbody>${indicatorRows}</tbody></table>
<p class="note">完成率 = Σ 权重 × min(完成值 ÷ 目标值, 1) ÷ Σ 权重，见上表“完成率”列（综合行）。</p>` : "";
  const css = `
.meta p { margin: 1mm 0; }
.legend { margin: 2mm 0 4mm; font-size: 9pt; }
.key { margin-right: 6mm; white-space: nowrap; }
.swatch { display: inline-block; width: 6mm; height: 3mm; margin-right: 1.5mm; vertical-align: middle; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.chart, .scale { --label: 30%; --group: ${groupColumnMm.toFixed(1)}mm; --value: 17mm; }
.chart { position: relative; margin: 6mm 0 1mm; }
.project { display: flex; align-items: center; padding: 1.2mm 0; border-bottom: 0.2mm solid #ccc; break-inside: avoid; page-break-inside: avoid; }
.project-label { width: var(--label); flex: none; font-size: 9pt; padding-right: 2mm; overflow-wrap: anywhere; }
.fail { margin-left: 1.5mm; white-space: nowrap; font-size: 8pt; color: #b3261e; border: 0.2mm solid #b3261e; padding: 0 0.8mm; }
.few-flag { margin-left: 1.5mm; font-size: 8pt; color: #7a4b00; border: 0.2mm dashed #7a4b00; padding: 0 0.8mm; white-space: nowrap; }
.few-mark { margin-left: 1mm; font-size: 8pt; color: #7a4b00; white-space: nowrap; }
.bars { width: calc(100% - var(--label)); }
.bar-row { display: flex; align-items: center; height: 4.2mm; }
.bar-group { width: var(--group); flex: none; font-size: 7.5pt; line-height: 1.2; color: #333; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bar-track { flex: 1; height: 3mm; position: relative; background: #f3f3f3; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar { display: block; height: 100%; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
/* Few forms: the bar is washed out with white stripes and outlined, so it reads as "not to be relied on" in grey-scale print too. */
.few-forms .bar, .few-swatch { position: relative; outline: 0.3mm dashed #7a4b00; outline-offset: -0.15mm; }
.few-forms .bar::after, .few-swatch::after { content: ""; position: absolute; inset: 0; background: repeating-linear-gradient(135deg, rgba(255,255,255,0.7) 0 0.7mm, transparent 0.7mm 1.6mm); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar-value { width: var(--value); flex: none; font-size: 8pt; padding-left: 1.5mm; font-variant-numeric: tabular-nums; }
.none { font-size: 8pt; color: #666; }
/* A block after the first starts a page of its own: it was laid out to fill one. */
.chart-block.continued { break-before: page; page-break-before: always; }
.pass-line { position: absolute; top: 0; bottom: 0; border-left: 0.4mm dashed #b3261e; }
.pass-line span { position: absolute; top: -4.5mm; left: 1mm; font-size: 8pt; color: #b3261e; white-space: nowrap; }
.scale { display: flex; justify-content: space-between; margin-left: calc(var(--label) + var(--group)); margin-right: var(--value); font-size: 7.5pt; color: #555; }
table { font-size: 8.5pt; }
/* Fourteen columns on a portrait page: the figures and the short words never wrap; only the project name does. */
table.results { font-size: 8pt; }
table.results th, table.results td { padding: 0.6mm 0.7mm; }
table.results th { word-break: keep-all; font-size: 7.5pt; }
table.results td { white-space: nowrap; }
table.results td:nth-child(2) { white-space: normal; min-width: ${nameMinMm.toFixed(1)}mm; }
table.results.long-groups td:nth-child(3) { white-space: normal; }
table.results .few-mark { display: block; margin-left: 0; }
/* The indicators: headers, 编号 and figures on one line; the project and indicator names take the width left. */
table.indicators th, table.indicators td:first-child, table.indicators td.num { white-space: nowrap; }
/* An indicator's row is never split over two pages, however long its names. */
table.indicators tr { break-inside: avoid; page-break-inside: avoid; }
/* A project's rows stay on one page; its number and name are printed once, on its first row. */
table.results tbody { break-inside: avoid; page-break-inside: avoid; }
table.results tr { break-inside: avoid; page-break-inside: avoid; }
table.results tbody tr + tr td:nth-child(-n+2) { font-size: 0; border-top-style: hidden; }
thead { display: table-header-group; }
/* A heading is never the last thing on a page: it goes over with what it heads. */
h2 { break-after: avoid; page-break-after: avoid; }
tr.combined td { font-weight: bold; background: #f6f6f6; }
tr.few-forms td { background: #fff6e5; }
tr.few-forms td .few-mark { font-weight: normal; }
.note { font-size: 9pt; }
`;
  const body = `
<h1>${escapeHtml(result.title)}</h1>
<div class="meta">
<p>测评组别：${groupsLine}</p>
${methodSentences(result).map((t) => `<p>${escapeHtml(t)}</p>`).join("\n")}
</div>
${chart}
<h2>测评结果</h2>
<table class="results${groupWraps ? " long-groups" : ""}">
<thead><tr>${SATISFACTION_HEADER.filter((_, i) => shown[i]).map((h) => `<th>${h}</th>`).join("")}</tr></thead>
${bodies}
</table>
${fewFormsNote(result)}
${indicators}
`;
  return page(result.title, css + runningHeadCss(result.title), body);
}

// The printable area of satisfaction.html: A4 less the page's 18 mm and 16 mm margins and the body's padding, in mm.
const PRINT_WIDTH_MM = 176.8;
const PRINT_HEIGHT_MM = 261;
/** Kept free on each page for what the estimate cannot know (a font with other metrics, rounding). */
const SLACK_MM = 8;

/**
 * The projects of the chart, page by page, from an estimate of each one's height (over rather than
 * under: a block that ends early leaves a little room, one that does not fit would put bars on a page
 * without their scale). `head`: the texts above the chart on the first page (title, then paragraphs).
 */
function chartLayout(result: EvaluationResult, head: readonly string[], legendKeys: readonly string[]): EvaluationResult["projects"][] {
  const line = (pt: number) => lineMm(pt, 1.5);
  const lines = (text: string, pt: number, widthMm: number) => Math.max(1, Math.ceil(textEms(text) * pt * PT_MM * 1.1 / widthMm));
  const [title = "", ...paragraphs] = head;
  // The paragraphs as the pages' other texts are estimated (textLines), each with its 1 mm margin.
  const headMm = lines(title, 19.8, PRINT_WIDTH_MM) * line(18) + 4
    + paragraphs.reduce((sum, t) => sum + textLines(t, 11, PRINT_WIDTH_MM) * line(11) + 1, 1);
  // The block's heading with its margins, legend, the chart's margins (the legend's collapse into them) and
  // the scale. The legend's keys fill its lines whole (nowrap), each its words, a 6 mm swatch and 1.5 + 6 mm
  // of margins: a key that does not fit starts a line.
  let legendLines = 1;
  let lineUsed = 0;
  for (const words of legendKeys) {
    const keyMm = textEms(words) * 9 * PT_MM * 1.06 + 13.5;
    if (lineUsed > 0 && lineUsed + keyMm > PRINT_WIDTH_MM) [legendLines, lineUsed] = [legendLines + 1, 0];
    lineUsed += keyMm;
  }
  const blockMm = 5 + line(13) + 2 + legendLines * line(9) + 6 + 1 + line(7.5);
  const labelMm = 0.3 * PRINT_WIDTH_MM - 2;
  const height = (p: EvaluationResult["projects"][number]) => {
    // A flag (未达标, 12 mm; the few-forms one, 46 mm) is never broken: it ends the name's last line
    // when it fits there, else takes a line of its own.
    const nameMm = textEms(`${p.id} ${p.name}`) * 9 * PT_MM * 1.06;
    let lines = Math.max(1, Math.ceil(nameMm / labelMm));
    let left = lines * labelMm - nameMm;
    for (const flagMm of [...(p.combined.pass === false ? [12] : []), ...(p.combined.fewForms ? [46] : [])]) {
      if (flagMm > left) [lines, left] = [lines + 1, labelMm];
      left -= flagMm;
    }
    const label = lines * line(9);
    return Math.max(label, Math.max(1, p.groups.length + (p.groups.length > 0 ? 1 : 0)) * 4.2) + 2.6;
  };
  return paginate(result.projects, PRINT_HEIGHT_MM - SLACK_MM, headMm + blockMm, blockMm, height).pages;
}

/** How the figures were reached, a sentence each: the report and its Word document say the same. */
function methodSentences(result: EvaluationResult): string[] {
  const { levels } = result;
  const line = result.passRate ? percentText(result.passRate) : "";
  // A rate a hair below the line prints as the line (399/499 = 79.96 % as 80.0 %) yet fails: said where
  // it happens, so whoever reads the page out is not left with "80.0 %, 未达标".
  const atLine = result.projects.filter((p) => p.combined.pass === false && percentText(p.combined.overallRate) === line).map((p) => p.id);
  const unrounded = atLine.length > 0 ? `（按未四舍五入的比率比较：${atLine.join("、")} 印作 ${line}，实际略低于 ${line}，未达标）` : "";
  return [
    `满意率、总体满意率的基数：${RATE_BASE_LABELS[result.rateBase]}。得分：满意 ${decimalText(levels.satisfied)} 分、基本满意 ${decimalText(levels.basic)} 分、不满意 ${decimalText(levels.unsatisfied)} 分，按有效测评票平均。`,
    `等次：${describeGrade(result)}。`,
    `综合：各组别按权重加权平均（只计有测评结果的组别，权重重新折算）${result.passRate ? `；综合总体满意率低于 ${line} 为未达标${unrounded}` : ""}。`,
  ];
}

/** The evaluation report as a Word document: how it was measured, then the satisfaction table. */
export function satisfactionDocx(result: EvaluationResult): Uint8Array {
  const header = SATISFACTION_HEADER;
  const rows = satisfactionRows(result).map((r) => r.map(String));
  return writeDocx({
    title: result.title,
    body: [`测评组别：${groupsText(result, false)}。`, ...methodSentences(result)],
    table: { caption: "测评结果", header, rows, numeric: header.map((h) => kindOf(h) !== "text") },
  });
}
