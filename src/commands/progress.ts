// piaojue progress: the schedule (plan.csv) and the monthly reports (progress.csv) → planned against actual
// progress per project, out/progress.csv, out/progress-summary.csv and the bulletin out/progress.html
// (SPEC §11). `--plan` drafts plan.csv from the vote instead.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parseCandidates, type CandidateList } from "../core/candidates.js";
import { error, hasErrors, InputError, type Diagnostic } from "../core/diagnostics.js";
import { parseProjectList } from "../core/evaluate.js";
import {
  computeProgress, decimalText, tenths, defaultSettings, draftPlan, latestMonth, monthText, parsePlan, parseProgressSettings, parseReports,
  progressJson, PLAN_DRAFT_HEADER, type Month, type ProgressData, type ProgressResult, type ProgressSettings,
} from "../core/progress.js";
import { parseSession } from "../core/session.js";
import { formatCsv } from "../io/csv.js";
import { exists, SessionReader, type OutputFile } from "../io/files.js";
import { csvWorkbooks } from "../io/office.js";
import { execute, type Plan, type PlanContext, type Planned } from "./execute.js";
import { progressHtml, progressCsv, progressSummaryCsv } from "../io/render/progress.js";
import { collect, displayPath, resolveDir, resolveOut, CANDIDATES_FILE, SESSION_FILE } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { formatTable } from "./report.js";

export const PLAN_FILE = "plan.csv";
export const REPORTS_FILE = "progress.csv";
export const PROGRESS_SETTINGS_FILE = "progress.json";
export const PROGRESS_OUTPUTS = ["progress.csv", "progress-summary.csv", "progress.html", "progress.xlsx"] as const;
const TITLE_SUFFIX = "民生实事项目实施进度";

export interface ProgressOptions {
  dir?: string;
  out?: string | undefined;
  /** The month reported (already checked as `YYYY-MM` by the CLI); default the latest 截至. */
  asOf?: Month;
}

export interface ComputedProgress {
  result?: ProgressResult;
  settings?: ProgressSettings;
  reader: SessionReader;
  diagnostics: Diagnostic[];
}

/** Reads and validates every input in full, then computes. Errors leave `result` undefined. */
export async function readProgress(reader: SessionReader, asOfOption: Month | undefined): Promise<ComputedProgress> {
  const diagnostics: Diagnostic[] = [];
  let settings: ProgressSettings | undefined = defaultSettings();
  if (await reader.has(PROGRESS_SETTINGS_FILE)) {
    const text = await collect(diagnostics, () => reader.text(PROGRESS_SETTINGS_FILE));
    const parsed = text === undefined ? undefined : parseProgressSettings(text, PROGRESS_SETTINGS_FILE);
    if (parsed) diagnostics.push(...parsed.diagnostics);
    settings = parsed?.value;
  }
  let title = settings?.title;
  if (settings && title === undefined) {
    title = TITLE_SUFFIX;
    if (await reader.has(SESSION_FILE)) {
      const text = await collect(diagnostics, () => reader.text(SESSION_FILE));
      const session = text === undefined ? undefined : parseSession(text, SESSION_FILE);
      if (session) diagnostics.push(...session.diagnostics);
      if (session?.value) title = `${session.value.session.title} ${TITLE_SUFFIX}`;
    }
  }
  const planTable = await collect(diagnostics, () => reader.table(PLAN_FILE));
  const plan = planTable ? parsePlan(planTable) : undefined;
  if (plan) diagnostics.push(...plan.diagnostics);
  const reportsTable = await collect(diagnostics, () => reader.table(REPORTS_FILE));
  const reports = reportsTable ? parseReports(reportsTable, plan?.ids ?? null) : undefined;
  if (reports) diagnostics.push(...reports.diagnostics);
  let asOf = asOfOption;
  if (asOf === undefined && reports?.value) {
    asOf = latestMonth(reports.value) ?? undefined;
    if (asOf === undefined) diagnostics.push(error("E_REPORT_EMPTY", { file: REPORTS_FILE, line: reportsTable!.headerLine + 1, column: 1 }));
  }
  if (!settings || !plan?.value || !reports?.value || asOf === undefined || title === undefined || hasErrors(diagnostics)) {
    return { reader, diagnostics, ...(settings ? { settings } : {}) };
  }
  const result = computeProgress(plan.value, reports.value, settings, asOf, title);
  return { result, settings, reader, diagnostics: [...diagnostics, ...result.warnings] };
}

export function progressFiles(result: ProgressResult): OutputFile[] {
  const table = progressCsv(result);
  const summary = progressSummaryCsv(result);
  return [
    { name: "progress.csv", content: table },
    { name: "progress-summary.csv", content: summary },
    { name: "progress.html", content: progressHtml(result) },
    { name: "progress.xlsx", content: progressWorkbook(table, summary) },
  ];
}

/** The progress table and its summary as one workbook of two sheets. */
function progressWorkbook(table: string, summary: string): Uint8Array {
  return csvWorkbooks([["进度", table, "progress.csv"], ["汇总", summary, "progress-summary.csv"]]);
}

function progressReport(result: ProgressResult, outLabel: string): string[] {
  const out: string[] = [result.title, `截至 ${monthText(result.asOf)}（滞后：差距超过 ${decimalText(result.behind)} 个百分点；严重滞后：超过 ${decimalText(result.severe)} 个百分点）`, ""];
  const rows = result.projects.map((p) => [
    p.project.id, p.project.name, tenths(p.planned), p.actual === null ? "" : tenths(p.actual), p.gap === null ? "" : tenths(p.gap), p.status,
  ]);
  out.push(...formatTable(["编号", "项目名称", "计划进度", "实际进度", "差距", "状态"], rows, [false, false, true, true, true, false]));
  out.push("");
  const s = result.summary;
  out.push(`${s.projects} 个项目：已完成 ${s.completed}，按序时推进 ${s.onSchedule}，滞后 ${s.behind}，严重滞后 ${s.severelyBehind}，逾期未完成 ${s.overdue}，未报送 ${s.unreported}；已开工 ${s.started}`);
  out.push(`结果已写入 ${outLabel}`);
  return out;
}

export async function runProgress(opts: ProgressOptions, env: CommandEnv): Promise<Outcome<ProgressData>> {
  const dir = resolveDir(env, opts.dir);
  return execute(planProgress, { asOf: opts.asOf }, { dir, outDir: resolveOut(env, dir, opts.out) }, env);
}

export const planProgress: Plan<{ asOf?: Month | undefined }, ProgressData> = async (reader, opts, ctx) => (await planProgressResult(reader, opts, ctx)).planned;

/** planProgress, with the computed result beside it (batch sums each township's up). */
export async function planProgressResult(reader: SessionReader, opts: { asOf?: Month | undefined }, { env, outLabel }: PlanContext): Promise<{ planned: Planned<ProgressData>; result?: ProgressResult }> {
  let computed: ComputedProgress;
  try {
    computed = await readProgress(reader, opts.asOf);
  } catch (e) {
    if (e instanceof InputError) return { planned: failed("progress", e.diagnostics) };
    throw e;
  }
  const { result, diagnostics, settings } = computed;
  if (!result || !settings || hasErrors(diagnostics)) return { planned: failed("progress", diagnostics) };
  return {
    result,
    planned: {
      command: "progress",
      exitCode: EXIT.ok,
      data: progressJson(result),
      warnings: diagnostics.filter((d) => d.severity === "warning"),
      report: progressReport(result, outLabel),
      output: {
        record: "progress", files: progressFiles(result),
        rules: { lag: { behind: decimalText(settings.behind), severe: decimalText(settings.severe) } },
        options: { asOf: opts.asOf === undefined ? null : monthText(opts.asOf), encoding: env.encoding },
      },
    },
  };
}

export interface PlanDraftData {
  plan: string;
  projects: number;
}

/** `piaojue progress --plan`: plan.csv from the 当选 rows of out/results.csv and candidates.csv; never overwrites. */
export async function runProgressPlan(opts: { dir?: string; out?: string | undefined }, env: CommandEnv): Promise<Outcome<PlanDraftData>> {
  const dir = resolveDir(env, opts.dir);
  const target = path.join(dir, PLAN_FILE);
  if (await exists(target)) return failed("progress", [error("E_PLAN_EXISTS", { file: PLAN_FILE }, { file: PLAN_FILE })], { why: "plan-exists" });
  const outDir = resolveOut(env, dir, opts.out);
  const resultsName = path.relative(dir, path.join(outDir, "results.csv")).split(path.sep).join("/");
  const reader = new SessionReader(dir, env.encoding);
  const diagnostics: Diagnostic[] = [];
  let selected: { id: string; name: string }[] | undefined;
  try {
    const results = await collect(diagnostics, () => reader.table(resultsName));
    if (results && !results.header.includes("结果")) {
      diagnostics.push(error("E_PLAN_RESULTS", { file: resultsName, line: results.headerLine, column: 1 }));
    } else if (results) {
      const list = parseProjectList(results);
      for (const d of list.diagnostics) diagnostics.push(d.code === "E_NO_PROJECTS" ? error("E_PLAN_NO_SELECTED", d.at) : d);
      selected = list.value?.projects;
    }
    let candidates: CandidateList | undefined;
    if (await reader.has(CANDIDATES_FILE)) {
      const table = await collect(diagnostics, () => reader.table(CANDIDATES_FILE));
      const parsed = table ? parseCandidates(table, "candidates") : undefined;
      if (parsed) diagnostics.push(...parsed.diagnostics);
      candidates = parsed?.value;
    }
    if (!selected || hasErrors(diagnostics)) return failed("progress", diagnostics);
    const rows = draftPlan(selected, candidates);
    try {
      // "wx": a plan.csv that appeared meanwhile is still never overwritten.
      await fs.writeFile(target, formatCsv(PLAN_DRAFT_HEADER, rows), { flag: "wx" });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return failed("progress", [error("E_PLAN_EXISTS", { file: PLAN_FILE }, { file: PLAN_FILE })], { why: "plan-exists" });
      return failed("progress", [error("E_PLAN_WRITE", { file: PLAN_FILE }, { errno: code ?? "" })], { why: "write-failed" });
    }
    const missing = rows.filter((r) => r[4] === "").map((r) => r[0]!);
    return {
      command: "progress",
      exitCode: EXIT.ok,
      data: { plan: PLAN_FILE, projects: rows.length },
      warnings: diagnostics.filter((d) => d.severity === "warning"),
      report: [
        `已写出 ${displayPath(env, target)}：${rows.length} 个项目（取自 ${resultsName} 中“当选”的项目）`,
        ...(missing.length > 0 ? [`以下项目的完成时限需要填写（YYYY-MM）：${missing.join("、")}`] : []),
        "请填写责任单位，按需要填写开始月份和计划节点（如 2026-04:20;2026-08:60），然后运行 piaojue progress",
      ],
    };
  } catch (e) {
    if (e instanceof InputError) return failed("progress", [...diagnostics, ...e.diagnostics]);
    throw e;
  }
}
