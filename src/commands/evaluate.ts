// piaojue evaluate: read evaluation.json, the project list, the forms (or hand counts) and the indicators
// → figures per project and group with the 综合 row → satisfaction.csv and satisfaction.html (SPEC §8).
import { appendAll, error, hasErrors, InputError, warning, type Diagnostic } from "../core/diagnostics.js";
import {
  evaluateSatisfaction, evaluationJson, EvaluationTally, countsDiagnostics, parseEvaluationConfig,
  parseEvaluationCounts, parseIndicators, parseProjectList, resolveFormHeader, satisfactionRows,
  satisfactionRowsFewForms, fewFormsRows, type EvaluationConfig, type EvaluationCounts, type EvaluationData,
  type EvaluationResult, type Indicator, type ProjectList, ANONYMITY_MINIMUM, COMBINED_LABEL,
} from "../core/evaluate.js";
import * as path from "node:path";
import { EVALUATION_WORDS_EN, fewFormsText } from "../messages/labels.js";
import { fieldCountError, formatCsv, MAX_WIDTH_ERRORS } from "../io/csv.js";
import { folderProblem, type SessionReader } from "../io/files.js";
import { execute, recordedOptions, type Plan } from "./execute.js";
import { csvWorkbooks } from "../io/office.js";
import { satisfactionDocx, satisfactionTable, satisfactionHtml } from "../io/render/satisfaction.js";
import { evaluationFormHtml, evaluationFormPages } from "../io/render/evaluation-form.js";
import { collect, namedAsTyped, pendingRound, readParsed, resolveDir, resolveOut } from "./load.js";
import { EXIT, failed, type CommandEnv, type Lang } from "./outcome.js";
import { formatTable } from "./report.js";

const EVALUATION_FILE = "evaluation.json";
const FORMS_FILE = "evaluations.csv";
const EVALUATION_COUNTS_FILE = "evaluation-counts.csv";
const INDICATORS_FILE = "indicators.csv";

/**
 * Streams a forms file through the accumulator record by record: only the decoded text and the counts
 * are held, never a table of rows.
 */
async function readForms(reader: SessionReader, name: string, list: ProjectList, config: EvaluationConfig): Promise<{ value?: EvaluationCounts; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  let header: string[] | undefined;
  let tally: EvaluationTally | undefined;
  let widthErrors = 0;
  let firstUnlisted = 0;
  // Streamed, so a city's million-form survey is never held in memory. The sink may be opened a second
  // time (a file handed to the whole-file reader half-way), so it starts from nothing each time.
  await reader.streamRecords(name, () => {
    header = undefined;
    tally = undefined;
    widthErrors = 0;
    firstUnlisted = 0;
    diagnostics.length = 0;
    return {
      record: (cells, line) => {
        if (!header) {
          header = cells;
          const layout = resolveFormHeader(cells, line, list.projects, config.groups.map((g) => g.name), name, list);
          appendAll(diagnostics, layout.diagnostics);
          if (layout.value) tally = new EvaluationTally(layout.value);
          return;
        }
        if (cells.length !== header.length) {
          if (widthErrors++ < MAX_WIDTH_ERRORS) diagnostics.push(fieldCountError({ line, cells }, header.length, name));
          else if (widthErrors === MAX_WIDTH_ERRORS + 1) firstUnlisted = line;
          return;
        }
        tally?.addForm(cells, line);
      },
      emptyLine: (line) => tally?.emptyLine(line),
    };
  });
  if (!header) return { diagnostics: [error("E_CSV_EMPTY", { file: name, line: 1, column: 1 }, { table: "forms" })] };
  if (widthErrors > MAX_WIDTH_ERRORS) diagnostics.push(error("E_MORE_ERRORS", { file: name, line: firstUnlisted, column: 1 }, { more: widthErrors - MAX_WIDTH_ERRORS }));
  const done = tally as EvaluationTally | undefined;
  if (!done) return { diagnostics };
  appendAll(diagnostics, done.diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: done.result(), diagnostics };
}

/** evaluation.json and the project list it names, read and checked; problems go into `diagnostics`. */
async function readEvaluationSetup(reader: SessionReader, diagnostics: Diagnostic[]) {
  const config = (await readParsed(diagnostics, EVALUATION_FILE, (f) => reader.text(f), parseEvaluationConfig))?.value;
  if (!config) return {};
  const list = (await readParsed(diagnostics, config.projects, (f) => reader.table(f).catch((e: unknown) => {
    if (!(e instanceof InputError)) throw e;
    // Say where the name came from: the list is whatever evaluation.json's "projects" names.
    const named = { projects: config.projects, projectsLine: config.source.positions.get("projects")?.line ?? 0 };
    throw new InputError(e.diagnostics.map((d) => (d.code === "E_FILE" ? { ...d, params: { ...d.params, ...named } } : d)));
  }), (table) => parseProjectList(table)))?.value;
  // A shortfall runoff still to come leaves no tied row: summary.csv beside the results says so, as
  // progress --plan reads it. A summary that cannot be read is no reason to hold up the evaluation.
  if (list?.fromResults && !diagnostics.some((d) => d.code === "W_PROJECTS_NOT_FINAL")) {
    const summaryName = path.join(path.dirname(config.projects), "summary.csv");
    const pending = await collect([], () => pendingRound(reader, summaryName));
    if (pending) diagnostics.push(warning("W_PROJECTS_NOT_FINAL", { file: summaryName, line: pending.line, column: 2 }, { round: pending.round }));
  }
  return list ? { config, list } : { config };
}

/** The forms or the hand counts (exactly one of the two), read and checked against the setup. */
async function readCounts(reader: SessionReader, diagnostics: Diagnostic[], { config, list }: EvaluationSetup, names: EvaluationFiles) {
  const { hasForms, hasCounts, forms, counts } = names;
  const params = { forms, counts };
  if (hasForms && hasCounts) {
    diagnostics.push(error("E_EVAL_TWICE", { file: counts }, params));
    return undefined;
  }
  if (!hasForms && !hasCounts) {
    diagnostics.push(error("E_NO_EVALUATIONS", { file: FORMS_FILE }, params));
    return undefined;
  }
  // Without a setup to count against, the file (.csv or .xlsx) is still read, streamed, so that its own
  // problems are told.
  const counted = hasForms
    ? await collect(diagnostics, async () => (list && config
      ? readForms(reader, FORMS_FILE, list, config)
      : (await reader.streamTable(FORMS_FILE, () => ({ header() {}, row() {} })), undefined)))
    : await collect(diagnostics, () => reader.table(EVALUATION_COUNTS_FILE)).then((table) =>
      table && list && config ? parseEvaluationCounts(table, list.projects, config, list) : undefined);
  appendAll(diagnostics, counted?.diagnostics ?? []);
  const misread = config && groupSheets(reader, hasForms ? FORMS_FILE : EVALUATION_COUNTS_FILE, hasForms ? forms : counts, config);
  if (misread) { diagnostics.push(misread); return undefined; }
  // Sheets named for groups with the same header and no 组别 column: copied into one sheet as the split
  // table's hint says, every row would still count as the first group's, so the group sheets' error is said.
  const split = diagnostics.findIndex((d) => d.code === "E_XLSX_TABLE_SPLIT" && !(d.params["columns"] as string[]).some(isGroupColumn));
  if (config && split >= 0) {
    const { sheet, other } = diagnostics[split]!.params as { sheet: string; other: string };
    const bySheets = groupSheetsError(diagnostics[split]!.at.file, [sheet, other], sheet, config);
    if (bySheets) diagnostics.splice(split, 1, bySheets);
  }
  return counted?.value;
}

const isGroupColumn = (h: string) => h.normalize("NFKC").trim() === "组别";

/**
 * A workbook whose sheets are named for groups, read without a 组别 column: every row of the sheet read
 * would count as the first group's, whatever group its sheet is named for, and the other sheets not at all.
 */
function groupSheets(reader: SessionReader, table: string, file: string, config: EvaluationConfig): Diagnostic | undefined {
  const book = reader.workbookRead(table);
  if (!book || book.table.header.some(isGroupColumn)) return undefined;
  return groupSheetsError(file, book.sheets, book.sheet, config);
}

/** E_EVAL_GROUP_SHEETS when any of `sheets` (the one read among them) is named for a group, other than the one read named for the first. */
function groupSheetsError(file: string, sheets: readonly string[], sheet: string, config: EvaluationConfig): Diagnostic | undefined {
  const groups = config.groups.map((g) => g.name);
  const named = sheets.filter((s) => groups.includes(s));
  if (named.length === 0 || (named.length === 1 && named[0] === sheet && named[0] === groups[0])) return undefined;
  return error("E_EVAL_GROUP_SHEETS", { file }, { sheets: named, sheet, group: groups[0]!, groups });
}

type EvaluationSetup = { config?: EvaluationConfig; list?: ProjectList };
type EvaluationFiles = { forms: string; counts: string; hasForms: boolean; hasCounts: boolean };

/** Which of the forms and the counts are there, named as they are in the folder (evaluations.xlsx for evaluations.csv). */
async function evaluationFiles(reader: SessionReader): Promise<EvaluationFiles> {
  const [hasForms, hasCounts] = [await reader.has(FORMS_FILE), await reader.has(EVALUATION_COUNTS_FILE)];
  // Both forms of one table (.csv and .xlsx) is reported where the table is read, with the other problems.
  const named = async (has: boolean, table: string) => (has ? reader.resolve(table).catch(() => table) : table);
  return { hasForms, hasCounts, forms: await named(hasForms, FORMS_FILE), counts: await named(hasCounts, EVALUATION_COUNTS_FILE) };
}

/** Reads and validates every input in full, then computes. Errors leave `result` undefined. */
async function computeEvaluation(reader: SessionReader) {
  const diagnostics: Diagnostic[] = [];
  const { config, list } = await readEvaluationSetup(reader, diagnostics);
  const files = await evaluationFiles(reader);
  const counts = await readCounts(reader, diagnostics, { config, list }, files);
  let indicators: Map<string, Indicator[]> | null = null;
  if (await reader.has(INDICATORS_FILE)) {
    const table = await collect(diagnostics, () => reader.table(INDICATORS_FILE));
    const parsed = table && list ? parseIndicators(table, list.projects, list) : undefined;
    appendAll(diagnostics, parsed?.diagnostics ?? []);
    indicators = parsed?.value ?? null;
  }
  if (config && counts) appendAll(diagnostics, countsDiagnostics(config, counts));
  // A message that names the forms file names it as it is in the folder (the place is mapped by the reader).
  const { forms } = files;
  const named = (d: Diagnostic) => (d.params["file"] === FORMS_FILE && forms !== FORMS_FILE ? { ...d, params: { ...d.params, file: forms } } : d);
  if (!config || !list || !counts || hasErrors(diagnostics)) return { diagnostics: diagnostics.map(named) };
  const result = evaluateSatisfaction(config, list, counts, indicators);
  return { result, config, diagnostics: [...diagnostics, ...result.warnings].map(named) };
}

function evaluateReport(result: EvaluationResult, outLabel: string, lang: Lang): string[] {
  const en = lang === "en";
  const handCounted = result.source === "counts" ? (en ? ", counted by hand" : "，手工汇总") : "";
  const groups = result.groups.map((g) => (en
    ? `${g.name} (weight ${g.weightText}, ${g.forms} ${g.forms === 1 ? "form" : "forms"}${handCounted})`
    : `${g.name}（权重 ${g.weightText}，${g.forms} 份${handCounted}）`));
  const out = [result.title, en ? `Groups: ${groups.join("; ")}` : `测评组别：${groups.join("；")}`, ""];
  const few = satisfactionRowsFewForms(result);
  // In English the grade and 达标 columns, and the 综合 group, are translated; a group's own name is the
  // user's and stays as written.
  const word = (w: string) => (en ? EVALUATION_WORDS_EN[w] ?? w : w);
  // Rows on fewer than 5 forms are marked "*" (not "※", which is one column or two depending on the terminal).
  const rows = satisfactionRows(result).map((r, k) =>
    [0, 1, 2, 3, 8, 9, 10, 11, 12, 13].map((i) => {
      const cell = String(r[i] ?? "");
      return ((i === 2 && r[i] === COMBINED_LABEL) || i === 11 || i === 13 ? word(cell) : cell) + (i === 2 && few[k] ? "*" : "");
    }));
  const header = en
    ? ["ID", "Project", "Group", "Forms", "Satisfied", "Overall", "Score", "Grade", "Completion", "Target"]
    : ["编号", "项目名称", "组别", "票数", "满意率", "总体满意率", "得分", "等次", "完成率", "达标"];
  appendAll(out, formatTable(header, rows, [false, false, false, true, true, true, true, false, true, false]));
  out.push("");
  const flagged = fewFormsRows(result).map((f) => `${f.id} ${f.group} ${f.forms} ${en ? (f.forms === 1 ? "form" : "forms") : "份"}`);
  if (flagged.length > 0) {
    out.push(en
      ? `* Fewer than ${ANONYMITY_MINIMUM} forms: anonymity is hard to keep, the figures are for reference only: ${flagged.join("; ")} (combined rows including these groups are marked * too)`
      : `* ${fewFormsText(ANONYMITY_MINIMUM)}：${flagged.join("；")}（含这些组别的综合行也标 *）`);
  }
  const failing = result.projects.filter((p) => p.combined.pass === false).map((p) => `${p.id} ${p.name}`);
  if (failing.length > 0) {
    out.push(en ? `${failing.length} ${failing.length === 1 ? "project" : "projects"} below the target: ${failing.join("; ")}` : `未达标项目 ${failing.length} 个：${failing.join("；")}`);
  }
  out.push(en ? `Results written to ${outLabel} (the files are in Chinese: they are the official documents)` : `结果已写入 ${outLabel}`);
  return out;
}

export async function runEvaluate(opts: { dir?: string; out?: string }, env: CommandEnv) {
  const dir = resolveDir(env, opts.dir);
  // A folder that is not there is said once, without the forms file it would also lack.
  const noFolder = await folderProblem(dir, EVALUATION_FILE);
  if (noFolder) return failed("evaluate", [namedAsTyped(env, noFolder)]);
  return execute(planEvaluate, {}, { dir, outDir: resolveOut(env, dir, opts.out) }, env);
}

export const planEvaluate: Plan<Record<string, never>, EvaluationData> = async (reader, _opts, { outLabel, env }) => {
  const refused: Diagnostic[] = [];
  const computed = await collect(refused, () => computeEvaluation(reader));
  if (!computed) return failed("evaluate", refused);
  const { result, diagnostics, config } = computed;
  if (!result || !config || hasErrors(diagnostics)) return failed("evaluate", diagnostics);
  const table = satisfactionTable(result);
  const files = [
    { name: "satisfaction.csv", content: formatCsv(table.header, table.rows) },
    { name: "satisfaction.html", content: satisfactionHtml(result) },
    // The same results for Excel and Word: the table as a workbook, the report as a document.
    { name: "satisfaction.xlsx", content: csvWorkbooks([["测评结果", table]]) },
    { name: "satisfaction.docx", content: satisfactionDocx(result) },
  ];
  return {
    command: "evaluate",
    exitCode: EXIT.ok,
    data: evaluationJson(result),
    warnings: diagnostics,
    report: evaluateReport(result, outLabel, env.lang ?? "zh"),
    output: { record: "evaluate", files, rules: config.settings, ...recordedOptions(env) },
  };
};

const EVALUATION_FORMS_FILE = "evaluation-forms.html";

/**
 * piaojue evaluate --forms: the blank 满意度测评表 of every group (or the one named), from evaluation.json
 * and the project list alone: a year after the vote no forms are in yet. Its own output set and record.
 */
export async function runEvaluationForms(opts: { dir?: string; out?: string; group?: string }, env: CommandEnv) {
  const dir = resolveDir(env, opts.dir);
  return execute(planEvaluationForms, { group: opts.group }, { dir, outDir: resolveOut(env, dir, opts.out) }, env);
}

type FormsData = { groups: string[]; projects: string[]; files: string[] };

export const planEvaluationForms: Plan<{ group?: string | undefined }, FormsData> = async (reader, { group }, ctx) => {
  const diagnostics: Diagnostic[] = [];
  const { config, list } = await readEvaluationSetup(reader, diagnostics);
  if (!config || !list || hasErrors(diagnostics)) return failed("evaluate", diagnostics);
  const names = config.groups.map((g) => g.name);
  if (group !== undefined && !names.includes(group)) {
    const at = config.source.positions.get("groups") ?? { line: 1, column: 1 };
    const unknown = error("E_FORMS_GROUP", { file: EVALUATION_FILE, ...at }, { group, groups: names });
    return failed("evaluate", [...diagnostics, unknown]);
  }
  const only = group !== undefined ? { group } : {};
  const content = evaluationFormHtml(config, list.projects, only);
  const groups = group !== undefined ? [group] : names;
  const [title, count, written] = [config.title, list.projects.length, `${ctx.outLabel}/${EVALUATION_FORMS_FILE}`];
  // A form longer than a page is said so: the clerk must print and hand out every page of it.
  const pages = evaluationFormPages(config, list.projects, only);
  const samePages = pages.every((n) => n === pages[0]);
  const pagesZh = pages.every((n) => n === 1) ? "每个组别一页 A4"
    : samePages ? `每个组别 ${pages[0]} 页 A4（每页印有标题、组别和页码）`
      : `${groups.map((g, i) => `${g} ${pages[i]} 页`).join("、")} A4（每页印有标题、组别和页码）`;
  const pagesEn = pages.every((n) => n === 1) ? "one A4 form per group"
    : samePages ? `${pages[0]} A4 pages per group, each with the title, group and page number`
      : `${groups.map((g, i) => `${g} ${pages[i]} A4 pages`).join(", ")}, each with the title, group and page number`;
  return {
    command: "evaluate",
    exitCode: EXIT.ok,
    data: { groups, projects: list.projects.map((p) => p.id), files: [EVALUATION_FORMS_FILE] },
    warnings: diagnostics,
    report: ctx.env.lang === "en"
      ? [
        `${title}: blank evaluation forms for ${groups.join(", ")} (${count} projects, ${pagesEn})`,
        `Written: ${written} (open in a browser and print)`,
      ]
      : [`${title}：空白满意度测评表，组别 ${groups.join("、")}，${count} 个项目，${pagesZh}`, `已写出 ${written}（用浏览器打开后打印）`],
    output: {
      record: "evaluate-forms", files: [{ name: EVALUATION_FORMS_FILE, content }], ...recordedOptions(ctx.env, { group: group ?? null }),
    },
  };
};
