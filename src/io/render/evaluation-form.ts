// The blank 满意度测评表 (SPEC §8): one printable A4 form per group, one row per project with a box for
// each level, so a clerk can print the forms again a year later from evaluation.json and the project list.
// Its columns are the levels the evaluation counts, in the order an entered evaluations.csv cell names them.
// Chromium prints no @page margin boxes, so a form longer than a page is laid out here as page-sized
// sections (as the ballot is), each with the title, the 组别, the table header and 第 x 页 / 共 y 页,
// from an estimate of each row's height; a row is never split.
import type { EvaluatedProject, EvaluationConfig } from "../../core/evaluate.js";
import { escapeHtml, page, paginate, PT_MM, textEms, textLines } from "./html.js";

/** The levels a deputy or resident chooses from, left to right; an unmarked row counts as 弃权. */
export const FORM_LEVELS = ["满意", "基本满意", "不满意", "弃权"] as const;

const INSTRUCTIONS = [
  "对每个项目，在“满意”“基本满意”“不满意”“弃权”四栏中任选一栏划“√”。",
  "不划的项目按弃权计。",
  "本表不记名，请勿写姓名或作其他记号。",
];

// The printable area: A4 less the 15 mm margins of FORM_CSS, in mm.
const PRINT_WIDTH_MM = 180;
const PRINT_HEIGHT_MM = 267;
/** Kept free on each page for what the estimate cannot know (a font with other metrics, rounding). */
const SLACK_MM = 10;
const NO_COL_MM = 11;
const BOX_COL_MM = 19;
const CELL_PAD_MM = 4.4;
const ROW_MIN_MM = 9;
const lineMm = (pt: number) => pt * 1.45 * PT_MM;

function rowHeightMm(p: EvaluatedProject): number {
  const nameCol = PRINT_WIDTH_MM - NO_COL_MM - BOX_COL_MM * FORM_LEVELS.length - CELL_PAD_MM;
  const idMm = (textEms(p.id) * 8.5 + 1) * PT_MM + 1;
  return Math.max(ROW_MIN_MM, textLines(p.name, 10.5, nameCol, idMm) * lineMm(10.5) + 2.4) + 0.4;
}

function headMm(title: string, group: string, first: boolean): number {
  const subtitle = textLines(first ? title : `${title}（续）`, first ? 11 : 10, PRINT_WIDTH_MM) * lineMm(first ? 11 : 10);
  const groupLine = textLines(`组别：${group}　共 999 个项目`, 12, PRINT_WIDTH_MM) * lineMm(12) + 2;
  if (!first) return lineMm(14) + 1 + subtitle + 2 + groupLine;
  const inner = PRINT_WIDTH_MM - 7;
  const items = INSTRUCTIONS.reduce((sum, s) => sum + textLines(s, 9.5, inner - 5) * lineMm(9.5), 0);
  return lineMm(18) + 1 + subtitle + 3 + groupLine + (0.8 + 3 + lineMm(9.5) + 0.5 + items) + 3;
}
const THEAD_MM = lineMm(9.5) + 2.4 + 0.4;
/** The foot: title, 组别 and page number on one line (a long title is cut short there; it is whole at the top). */
const FOOT_MM = 4 + lineMm(9.5);

/** The projects of one group's form, page by page, each page as full as the estimate allows. */
function layoutForm(title: string, group: string, projects: readonly EvaluatedProject[]): EvaluatedProject[][] {
  return paginate(projects, PRINT_HEIGHT_MM - SLACK_MM, headMm(title, group, true) + THEAD_MM + FOOT_MM,
    headMm(title, group, false) + THEAD_MM + FOOT_MM, rowHeightMm).pages;
}

/** How many A4 pages each group's form takes, in the order of the groups printed. */
export function evaluationFormPages(config: Pick<EvaluationConfig, "title" | "groups">,
  projects: readonly EvaluatedProject[], options: { group?: string } = {}): number[] {
  return config.groups.filter((g) => options.group === undefined || g.name === options.group)
    .map((g) => layoutForm(config.title, g.name, projects).length);
}

const FORM_CSS = `
@page { size: A4; margin: 15mm 15mm; }
body { font-size: 10.5pt; line-height: 1.45; }
.form-page { break-after: page; page-break-after: always; }
.form:last-child .form-page:last-child { break-after: auto; page-break-after: auto; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
h1.later { font-size: 14pt; }
.subtitle { text-align: center; font-size: 11pt; margin: 0 0 3mm; }
.subtitle.later { font-size: 10pt; margin: 0 0 2mm; }
.group { display: flex; justify-content: space-between; margin: 0 0 2mm; }
.group strong { font-size: 12pt; }
.instructions { border: 0.4mm solid #000; padding: 1.5mm 3mm; margin: 0 0 3mm; font-size: 9.5pt; }
.instructions ol { margin: 0.5mm 0 0; padding-left: 5mm; }
table.levels { table-layout: fixed; }
table.levels th { font-size: 9.5pt; }
table.levels td { height: ${ROW_MIN_MM}mm; vertical-align: middle; }
table.levels tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.no, .box { text-align: center; }
.box span { display: inline-block; width: 6.5mm; height: 6.5mm; border: 0.35mm solid #000; vertical-align: middle; }
.id { font-size: 8.5pt; color: #333; margin-left: 1mm; }
.foot { display: flex; justify-content: space-between; gap: 4mm; margin-top: 4mm; font-size: 9.5pt; white-space: nowrap; }
/* The foot is one line: a long title gives way (cut short with an ellipsis; it is whole at the top), the
   组别 and the page number stay whole. */
.foot-title { min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.foot .foot-group, .page-no { flex: none; }
/* On screen the page stands on a grey desk with its own margins, as it will on paper. */
@media screen {
  html { background: #e6e6e6; }
  body { background: #fff; width: 210mm; margin: 6mm auto; padding: 15mm; box-shadow: 0 0 2mm rgba(0,0,0,0.3); }
  .form-page + .form-page, .form + .form { margin-top: 12mm; padding-top: 8mm; border-top: 0.3mm dashed #999; }
}
`;

/** The printable blank forms: one per group of `config` (or only `options.group`'s), each listing every project. */
export function evaluationFormHtml(config: Pick<EvaluationConfig, "title" | "groups">,
  projects: readonly EvaluatedProject[], options: { group?: string } = {}): string {
  const groups = config.groups.filter((g) => options.group === undefined || g.name === options.group);
  if (groups.length === 0) throw new Error(`没有组别“${options.group ?? ""}”`);
  const cols = [`<col style="width:${NO_COL_MM}mm">`, `<col>`, ...FORM_LEVELS.map(() => `<col style="width:${BOX_COL_MM}mm">`)].join("");
  const numberOf = new Map(projects.map((p, i) => [p, i + 1] as const));
  const row = (p: EvaluatedProject) => `<tr data-id="${escapeHtml(p.id)}"><td class="no">${numberOf.get(p)}</td><td>${escapeHtml(p.name)}<span class="id">${escapeHtml(p.id)}</span></td>${FORM_LEVELS.map((l) => `<td class="box" data-level="${l}"><span></span></td>`).join("")}</tr>`;
  const title = escapeHtml(config.title);
  const forms = groups.map((g) => {
    const pages = layoutForm(config.title, g.name, projects);
    const group = escapeHtml(g.name);
    const groupLine = `<div class="group"><span>组别：<strong>${group}</strong></span><span>共 ${projects.length} 个项目</span></div>`;
    const sheets = pages.map((rows, k) => {
      const head = k === 0
        ? `<h1>民生实事项目满意度测评表</h1>\n<p class="subtitle">${title}</p>\n${groupLine}
<div class="instructions"><strong>填表说明</strong><ol>${INSTRUCTIONS.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ol></div>`
        : `<h1 class="later">民生实事项目满意度测评表</h1>\n<p class="subtitle later">${title}（续）</p>\n${groupLine}`;
      return `<div class="form-page" data-page="${k + 1}">
${head}
<table class="levels">
<colgroup>${cols}</colgroup>
<thead><tr><th class="no">序号</th><th>项目名称</th>${FORM_LEVELS.map((l) => `<th>${l}</th>`).join("")}</tr></thead>
<tbody>
${rows.map(row).join("\n")}
</tbody>
</table>
<div class="foot"><span class="foot-title">${title}</span><span class="foot-group">组别：${group}</span><span class="page-no">第 ${k + 1} 页 / 共 ${pages.length} 页</span></div>
</div>`;
    }).join("\n");
    return `<section class="form" data-group="${group}" data-pages="${pages.length}">\n${sheets}\n</section>`;
  }).join("\n");
  return page(`${config.title} 满意度测评表`, FORM_CSS, forms);
}
