// The files `evaluate` writes (SPEC §8): satisfaction.csv and the printable satisfaction.html with a chart
// of each project's 总体满意率, one bar per group side by side.
import { COMBINED_LABEL, completionOf, percentText, RATE_BASE_LABELS, SATISFACTION_HEADER, satisfactionRows, type EvaluationResult } from "../../core/evaluate.js";
import { formatFraction, toNumber, type Fraction } from "../../core/fraction.js";
import { formatCsv } from "../csv.js";
import { escapeHtml, page } from "./html.js";

export function satisfactionCsv(result: EvaluationResult): string {
  return formatCsv(SATISFACTION_HEADER, satisfactionRows(result));
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

function width(f: Fraction | null): string {
  if (f === null) return "0";
  return `${Math.min(100, Math.max(0, toNumber(f) * 100)).toFixed(2)}%`;
}

export function describeGrade(result: EvaluationResult): string {
  if (!result.grade) return "不评定等次";
  const b = result.grade.base === "valid" ? "有效测评票数" : "应参加人数（未写人数的组别用有效测评票数）";
  const half = result.grade.atHalf === "counts" ? "达到半数（含半数）" : "超过半数（不含半数）";
  return `满意票${half}为“满意”；否则满意与基本满意票合计${half}为“基本满意”；其余为“不满意”。半数的基数为${b}`;
}

export function satisfactionHtml(result: EvaluationResult): string {
  const series = [...result.groups.filter((g) => g.forms > 0).map((g, i) => ({ name: g.name, fill: GROUP_FILLS[i % GROUP_FILLS.length]! })), { name: COMBINED_LABEL, fill: COMBINED_FILL }];
  const fillOf = new Map(series.map((s) => [s.name, s.fill] as const));
  const legend = series.map((s) => `<span class="key"><span class="swatch" style="background:${s.fill}"></span>${escapeHtml(s.name)}</span>`).join("");
  const passLine = result.passRate
    ? `<div class="pass-line" style="left:calc(var(--label) + var(--group) + (100% - var(--label) - var(--group) - var(--value)) * ${toNumber(result.passRate).toFixed(4)})"><span>达标线 ${escapeHtml(percentText(result.passRate))}</span></div>`
    : "";
  const blocks = result.projects.map((p) => {
    const bars = [
      ...p.groups.map((g) => ({ name: g.group, rate: g.overallRate })),
      ...(p.groups.length > 0 ? [{ name: COMBINED_LABEL, rate: p.combined.overallRate }] : []),
    ].map((b) => `<div class="bar-row"><span class="bar-group">${escapeHtml(b.name)}</span><span class="bar-track"><span class="bar" data-group="${escapeHtml(b.name)}" data-rate="${b.rate === null ? "" : toNumber(b.rate).toFixed(6)}" style="width:${width(b.rate)};background:${fillOf.get(b.name) ?? COMBINED_FILL}"></span></span><span class="bar-value">${b.rate === null ? "—" : escapeHtml(percentText(b.rate))}</span></div>`).join("");
    const flag = p.combined.pass === false ? `<span class="fail">未达标</span>` : "";
    return `<div class="project" data-id="${escapeHtml(p.id)}"><div class="project-label">${escapeHtml(p.id)} ${escapeHtml(p.name)}${flag}</div><div class="bars">${bars || `<div class="bar-row"><span class="bar-group"></span><span class="none">没有测评结果</span></div>`}</div></div>`;
  }).join("\n");
  const rows = satisfactionRows(result).map((r) => {
    const combined = r[2] === COMBINED_LABEL;
    return `<tr${combined ? ' class="combined"' : ""}>${r.map((c, i) => `<td${i >= 3 && i !== 11 && i !== 13 ? ' class="num"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`;
  }).join("\n");
  const indicatorRows = result.projects.flatMap((p) => p.indicators.map((i) =>
    `<tr><td>${escapeHtml(p.id)}</td><td>${escapeHtml(p.name)}</td><td>${escapeHtml(i.name)}</td><td class="num">${escapeHtml(i.targetText)}</td><td class="num">${escapeHtml(i.actualText)}</td><td class="num">${escapeHtml(formatFraction(i.weight))}</td><td class="num">${escapeHtml(percentText(completionOf([i])))}</td></tr>`)).join("\n");
  const indicators = indicatorRows
    ? `<h2>量化指标完成情况</h2><table class="indicators"><thead><tr><th>编号</th><th>项目名称</th><th>指标</th><th>目标值</th><th>完成值</th><th>权重</th><th>完成比例</th></tr></thead><tbody>${indicatorRows}</tbody></table>
<p class="note">完成率 = Σ 权重 × min(完成值 ÷ 目标值, 1) ÷ Σ 权重，见上表“完成率”列（综合行）。</p>` : "";
  const groupsLine = result.groups.map((g) => `${escapeHtml(g.name)}（权重 ${escapeHtml(g.weightText)}${g.members !== null ? `，应参加 ${g.members} 人` : ""}，收回测评表 ${g.forms} 份）`).join("；");
  const css = `
.meta p { margin: 1mm 0; }
.legend { margin: 2mm 0 4mm; font-size: 9pt; }
.key { margin-right: 6mm; white-space: nowrap; }
.swatch { display: inline-block; width: 6mm; height: 3mm; margin-right: 1.5mm; vertical-align: middle; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.chart, .scale { --label: 30%; --group: 12mm; --value: 14mm; }
.chart { position: relative; margin: 6mm 0 1mm; }
.project { display: flex; align-items: center; padding: 1.2mm 0; border-bottom: 0.2mm solid #ccc; break-inside: avoid; page-break-inside: avoid; }
.project-label { width: var(--label); flex: none; font-size: 9pt; padding-right: 2mm; }
.fail { margin-left: 1.5mm; font-size: 8pt; color: #b3261e; border: 0.2mm solid #b3261e; padding: 0 0.8mm; }
.bars { width: calc(100% - var(--label)); }
.bar-row { display: flex; align-items: center; height: 4.2mm; }
.bar-group { width: var(--group); flex: none; font-size: 7.5pt; color: #333; }
.bar-track { flex: 1; height: 3mm; position: relative; background: #f3f3f3; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar { display: block; height: 100%; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar-value { width: var(--value); flex: none; font-size: 8pt; padding-left: 1.5mm; font-variant-numeric: tabular-nums; }
.none { font-size: 8pt; color: #666; }
.pass-line { position: absolute; top: 0; bottom: 0; border-left: 0.4mm dashed #b3261e; }
.pass-line span { position: absolute; top: -4.5mm; left: 1mm; font-size: 8pt; color: #b3261e; white-space: nowrap; }
.scale { display: flex; justify-content: space-between; margin-left: calc(var(--label) + var(--group)); margin-right: var(--value); font-size: 7.5pt; color: #555; }
table { font-size: 8.5pt; }
tr.combined td { font-weight: bold; background: #f6f6f6; }
.note { font-size: 9pt; }
`;
  const body = `
<h1>${escapeHtml(result.title)}</h1>
<div class="meta">
<p>测评组别：${groupsLine}</p>
<p>满意率、总体满意率的基数：${escapeHtml(RATE_BASE_LABELS[result.rateBase])}。得分：满意 ${escapeHtml(formatFraction(result.levels.satisfied))} 分、基本满意 ${escapeHtml(formatFraction(result.levels.basic))} 分、不满意 ${escapeHtml(formatFraction(result.levels.unsatisfied))} 分，按有效测评票平均。</p>
<p>等次：${escapeHtml(describeGrade(result))}。</p>
<p>综合：各组别按权重加权平均（只计有测评结果的组别，权重重新折算）${result.passRate ? `；综合总体满意率低于 ${escapeHtml(percentText(result.passRate))} 为未达标` : ""}。</p>
</div>
<h2>总体满意率（满意 + 基本满意）</h2>
<div class="legend">${legend}</div>
<div class="chart">
${blocks}
${passLine}
</div>
<div class="scale"><span>0%</span><span>50%</span><span>100%</span></div>
<h2>测评结果</h2>
<table>
<thead><tr>${SATISFACTION_HEADER.map((h) => `<th>${h}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${indicators}
`;
  return page(result.title, css, body);
}
