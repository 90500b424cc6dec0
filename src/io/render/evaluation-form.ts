// The blank 满意度测评表 (SPEC §8): one printable A4 form per group, one row per project with a box for
// each level, so a clerk can print the forms again a year later from evaluation.json and the project list.
// Its columns are the levels the evaluation counts, in the order an entered evaluations.csv cell names them.
import type { EvaluatedProject, EvaluationConfig } from "../../core/evaluate.js";
import { escapeHtml, page } from "./html.js";

/** The levels a deputy or resident chooses from, left to right; an unmarked row counts as 弃权. */
export const FORM_LEVELS = ["满意", "基本满意", "不满意", "弃权"] as const;

const FORM_CSS = `
@page { size: A4; margin: 15mm 15mm; }
body { font-size: 10.5pt; line-height: 1.45; }
.form { break-after: page; page-break-after: always; }
.form:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
.subtitle { text-align: center; font-size: 11pt; margin: 0 0 3mm; }
.group { display: flex; justify-content: space-between; margin: 0 0 2mm; }
.group strong { font-size: 12pt; }
.instructions { border: 0.4mm solid #000; padding: 1.5mm 3mm; margin: 0 0 3mm; font-size: 9.5pt; }
.instructions ol { margin: 0.5mm 0 0; padding-left: 5mm; }
table.levels { table-layout: fixed; }
table.levels th { font-size: 9.5pt; }
table.levels td { height: 9mm; vertical-align: middle; }
table.levels tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.no, .box { text-align: center; }
.box span { display: inline-block; width: 6.5mm; height: 6.5mm; border: 0.35mm solid #000; vertical-align: middle; }
.id { font-size: 8.5pt; color: #333; margin-left: 1mm; }
.foot { display: flex; justify-content: space-between; margin-top: 4mm; font-size: 9.5pt; }
/* On screen the page stands on a grey desk with its own margins, as it will on paper. */
@media screen {
  html { background: #e6e6e6; }
  body { background: #fff; width: 210mm; margin: 6mm auto; padding: 15mm; box-shadow: 0 0 2mm rgba(0,0,0,0.3); }
}
`;

/** The printable blank forms: one per group of `config` (or only `options.group`'s), each listing every project. */
export function evaluationFormHtml(config: Pick<EvaluationConfig, "title" | "groups">,
  projects: readonly EvaluatedProject[], options: { group?: string } = {}): string {
  const groups = config.groups.filter((g) => options.group === undefined || g.name === options.group);
  if (groups.length === 0) throw new Error(`没有组别“${options.group ?? ""}”`);
  const cols = [`<col style="width:11mm">`, `<col>`, ...FORM_LEVELS.map(() => `<col style="width:19mm">`)].join("");
  const rows = projects.map((p, i) => `<tr data-id="${escapeHtml(p.id)}"><td class="no">${i + 1}</td><td>${escapeHtml(p.name)}<span class="id">${escapeHtml(p.id)}</span></td>${FORM_LEVELS.map((l) => `<td class="box" data-level="${l}"><span></span></td>`).join("")}</tr>`).join("\n");
  const instructions = [
    "对每个项目，在“满意”“基本满意”“不满意”“弃权”四栏中任选一栏划“√”。",
    "不划的项目按弃权计。",
    "本表不记名，请勿写姓名或作其他记号。",
  ];
  const forms = groups.map((g) => `<section class="form" data-group="${escapeHtml(g.name)}">
<h1>民生实事项目满意度测评表</h1>
<p class="subtitle">${escapeHtml(config.title)}</p>
<div class="group"><span>组别：<strong>${escapeHtml(g.name)}</strong></span><span>共 ${projects.length} 个项目</span></div>
<div class="instructions"><strong>填表说明</strong><ol>${instructions.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ol></div>
<table class="levels">
<colgroup>${cols}</colgroup>
<thead><tr><th class="no">序号</th><th>项目名称</th>${FORM_LEVELS.map((l) => `<th>${l}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<div class="foot"><span>${escapeHtml(config.title)}</span><span>组别：${escapeHtml(g.name)}</span></div>
</section>`).join("\n");
  return page(`${config.title} 满意度测评表`, FORM_CSS, forms);
}
