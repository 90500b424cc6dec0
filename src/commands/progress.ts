// piaojue progress: the schedule (plan.csv) and the monthly reports (progress.csv) → planned against actual
// progress per project, out/progress.csv, out/progress-summary.csv and the bulletin out/progress.html
// (SPEC §11). `--plan` drafts plan.csv from the vote instead.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { parseCandidates } from "../core/candidates.js";
import { appendAll, error, hasErrors, type Diagnostic, type Params } from "../core/diagnostics.js";
import { parseProjectList } from "../core/evaluate.js";
import {
  computeProgress, decimalText, defaultSettings, draftPlan, isolatedLatestMonth, monthText, parsePlan, parseProgressSettings, parseReports,
  pointsText, progressJson, tenths, PLAN_DRAFT_HEADER, type Month, type ProgressData, type ProgressResult,
} from "../core/progress.js";
import { parseSession } from "../core/session.js";
import { cellAt, type Table } from "../core/table.js";
import { formatCsv } from "../io/csv.js";
import { folderProblem, outFolderProblem, SessionReader } from "../io/files.js";
import { PROGRESS_TITLE, progressFiles } from "../io/render/progress.js";
import { execute, planContext, type Plan, type PlanContext, type Planned } from "./execute.js";
import { collect, commandArg, displayPath, namedAsTyped, pendingRound, readParsed, resolveDir, resolveOut, underRoot, CANDIDATES_FILE, SESSION_FILE } from "./load.js";
import { EXIT, failed, type CommandEnv, type Lang, type Outcome } from "./outcome.js";
import { PROGRESS_STATUS_EN } from "../messages/labels.js";
import { formatTable } from "./report.js";

export const PLAN_FILE = "plan.csv";
const REPORTS_FILE = "progress.csv";
const SETTINGS_FILE = "progress.json";

/**
 * Reads and validates every input in full, then computes; undefined after any error. `draft`: the command
 * line of `progress --plan` here, for the hint when plan.csv is not there.
 */
async function readProgress(reader: SessionReader, asOfOption: Month | undefined, draft: string, diagnostics: Diagnostic[]) {
  const text = (file: string) => reader.text(file);
  const settings = (await reader.has(SETTINGS_FILE))
    ? (await readParsed(diagnostics, SETTINGS_FILE, text, parseProgressSettings))?.value
    : defaultSettings();
  let title = settings?.title ?? PROGRESS_TITLE;
  if (settings && settings.title === undefined && (await reader.has(SESSION_FILE))) {
    const session = await readParsed(diagnostics, SESSION_FILE, text, parseSession);
    if (session?.value) title = `${session.value.session.title} ${PROGRESS_TITLE}`;
  }
  const plan = await readParsed(diagnostics, PLAN_FILE, (file) => reader.table(file), parsePlan);
  const noPlan = diagnostics.findIndex((d) => d.code === "E_FILE" && d.at.file === PLAN_FILE && d.params["errno"] === "ENOENT");
  if (noPlan >= 0) diagnostics[noPlan] = { ...diagnostics[noPlan]!, params: { ...diagnostics[noPlan]!.params, draft } };
  const reportsTable = await collect(diagnostics, () => reader.table(REPORTS_FILE));
  const reports = reportsTable && parseReports(reportsTable, plan?.ids ?? null, reader.workbookRead(REPORTS_FILE));
  appendAll(diagnostics, reports?.diagnostics ?? []);
  // By default, the latest 截至 in the reports.
  const latest = reports?.value?.rows.reduce<Month | undefined>((m, r) => Math.max(r.month, m ?? r.month), undefined);
  const asOf = asOfOption ?? latest;
  if (asOf === undefined && reports?.value) {
    diagnostics.push(error("E_REPORT_EMPTY", { file: REPORTS_FILE, line: reportsTable!.headerLine + 1, column: 1 }));
  }
  if (!settings || !plan?.value || !reports?.value || asOf === undefined || hasErrors(diagnostics)) return undefined;
  const result = computeProgress(plan.value, reports.value, settings, asOf, title);
  const isolated = asOfOption === undefined ? isolatedLatestMonth(reports.value) : null;
  if (isolated) diagnostics.push(isolated);
  appendAll(diagnostics, result.warnings);
  return result;
}

function progressReport(result: ProgressResult, outLabel: string, lang: Lang): string[] {
  const en = lang === "en";
  const { behind, severe, summary: s } = result;
  const rows = result.projects.map((p) => [
    p.project.id, p.project.name, tenths(p.planned), p.actual === null ? "" : tenths(p.actual),
    p.gap === null ? "" : tenths(p.gap), en ? PROGRESS_STATUS_EN[p.status] ?? p.status : p.status,
  ]);
  return [
    result.title,
    en
      ? `As of ${monthText(result.asOf)} (behind: more than ${pointsText(behind)} percentage points short of plan; severely behind: more than ${pointsText(severe)})`
      : `截至 ${monthText(result.asOf)}（滞后：差距超过 ${pointsText(behind)} 个百分点；严重滞后：超过 ${pointsText(severe)} 个百分点）`,
    "",
    ...formatTable(en ? ["ID", "Project", "Planned", "Actual", "Gap", "Status"] : ["编号", "项目名称", "计划进度", "实际进度", "差距", "状态"], rows, [false, false, true, true, true, false]),
    "",
    en
      ? `${s.projects} ${s.projects === 1 ? "project" : "projects"}: ${s.completed} done, ${s.onSchedule} on schedule, ${s.behind} behind, ${s.severelyBehind} severely behind, `
        + `${s.overdue} overdue, ${s.unreported} not reported; ${s.started} started`
      : `${s.projects} 个项目：已完成 ${s.completed}，按序时推进 ${s.onSchedule}，滞后 ${s.behind}，严重滞后 ${s.severelyBehind}，`
        + `逾期未完成 ${s.overdue}，未报送 ${s.unreported}；已开工 ${s.started}`,
    en ? `Results written to ${outLabel} (the files are in Chinese: they are the official documents)` : `结果已写入 ${outLabel}`,
  ];
}

export async function runProgress(opts: { dir?: string; out?: string | undefined; asOf?: Month }, env: CommandEnv) {
  const dir = resolveDir(env, opts.dir);
  // A folder that is not there is said once, not once for each file the bulletin reads.
  const noFolder = await folderProblem(dir, PLAN_FILE);
  if (noFolder) return failed("progress", [namedAsTyped(env, noFolder)]);
  return execute(planProgress, { asOf: opts.asOf }, { dir, outDir: resolveOut(env, dir, opts.out) }, env);
}

export const planProgress: Plan<{ asOf?: Month | undefined }, ProgressData> = async (reader, opts, ctx) =>
  (await planProgressResult(reader, opts, ctx)).planned;

/** planProgress, with the computed result beside it (batch sums each township's up). */
export async function planProgressResult(
  reader: SessionReader, opts: { asOf?: Month | undefined }, ctx: PlanContext,
): Promise<{ planned: Planned<ProgressData>; result?: ProgressResult }> {
  const diagnostics: Diagnostic[] = [];
  const refused: Diagnostic[] = [];
  const result = await collect(refused, () => readProgress(reader, opts.asOf, `${ctx.commandLine("progress")} --plan`, diagnostics));
  if (refused.length > 0) return { planned: failed("progress", refused) };
  if (!result) return { planned: failed("progress", diagnostics) };
  const options = { asOf: opts.asOf === undefined ? null : monthText(opts.asOf), encoding: ctx.env.encoding };
  return {
    result,
    planned: {
      command: "progress",
      exitCode: EXIT.ok,
      data: progressJson(result),
      warnings: diagnostics,
      report: progressReport(result, ctx.outLabel, ctx.env.lang ?? "zh"),
      output: {
        record: "progress", files: progressFiles(result), options,
        rules: { lag: { behind: decimalText(result.behind), severe: decimalText(result.severe) } },
      },
    },
  };
}

/** results.csv's label of a candidate whose tie awaits another round (STATUS_LABELS.tied). */
const TIED = "得票相等待再次票决";

/**
 * Why the tally in out/ is not final, or null: a row of results.csv tied awaiting another round, or
 * summary.csv beside it saying another round is needed (a shortfall runoff leaves no tied row). Without
 * summary.csv, whether the tally is final is not known: that is said too (`tally` names the tally's folder
 * and -o for its hint).
 */
async function pendingRunoff(reader: SessionReader, results: Table, summaryName: string, tally: Params): Promise<Diagnostic | null> {
  const status = results.header.indexOf("结果");
  const idColumn = results.header.indexOf("编号");
  const tied = results.rows.filter((r) => cellAt(r, status) === TIED);
  if (tied.length > 0) {
    const ids = tied.map((r) => (idColumn >= 0 ? cellAt(r, idColumn) : `${r.line}`));
    return error("E_PLAN_NOT_FINAL", { file: results.file, line: tied[0]!.line, column: status + 1 }, { tied: ids, ...tally });
  }
  if (!(await reader.has(summaryName))) return error("E_PLAN_NO_SUMMARY", { file: summaryName }, { file: summaryName, results: results.file, ...tally });
  const pending = await pendingRound(reader, summaryName);
  return pending ? error("E_PLAN_NOT_FINAL", { file: summaryName, line: pending.line, column: 2 }, { round: pending.round, ...tally }) : null;
}

/** `piaojue progress --plan`: plan.csv from the 当选 rows of out/results.csv and candidates.csv; never overwrites. */
export async function runProgressPlan(opts: { dir?: string; out?: string | undefined }, env: CommandEnv) {
  const dir = resolveDir(env, opts.dir);
  const target = path.join(dir, PLAN_FILE);
  const planExists = (file = PLAN_FILE) => failed("progress", [error("E_PLAN_EXISTS", { file }, { file })], { why: "plan-exists", params: { file } });
  // A folder that is not there is a mistyped path, not a session never tallied.
  const noFolder = await folderProblem(dir, PLAN_FILE);
  if (noFolder) return failed("progress", [namedAsTyped(env, noFolder)]);
  if (existsSync(target)) return planExists();
  // A plan kept as a workbook is the plan too: a plan.csv beside it would make every later run refuse both.
  const workbook = PLAN_FILE.replace(/\.csv$/, ".xlsx");
  if (existsSync(path.join(dir, workbook))) return planExists(workbook);
  const outDir = resolveOut(env, dir, opts.out);
  // -o a file: no tally can have written its results there, nor can one (a hint to tally -o it would fail).
  const outIsFile = await outFolderProblem(outDir);
  if (outIsFile) return failed("progress", [outIsFile]);
  const inOut = (name: string) => underRoot(dir, path.join(outDir, name));
  const resultsName = inOut("results.csv");
  const reader = new SessionReader(dir, env.encoding);
  // The tally's folder and -o as a hint's command line gives them.
  const tally = { dir: commandArg(env, dir), ...(opts.out ? { out: commandArg(env, outDir) } : {}) };
  // No results yet: the step missing is the tally, not a file to put in place.
  if (!(await reader.has(resultsName))) {
    return failed("progress", [error("E_PLAN_NO_TALLY", { file: resultsName }, { file: resultsName, ...tally })], { why: "plan-not-ready" });
  }
  const diagnostics: Diagnostic[] = [];
  const drafted = await collect(diagnostics, async () => {
    const table = await collect(diagnostics, () => reader.table(resultsName));
    const results = table?.header.includes("结果") ? table : undefined;
    if (table && !results) diagnostics.push(error("E_PLAN_RESULTS", { file: resultsName, line: table.headerLine, column: 1 }));
    // A plan drafted while a runoff is pending would leave out the seats still to fill.
    const notFinal = results ? await pendingRunoff(reader, results, inOut("summary.csv"), tally) : null;
    if (notFinal) diagnostics.push(notFinal);
    const list = results ? parseProjectList(results) : undefined;
    // A tie still pending is E_PLAN_NOT_FINAL here, not the evaluation's warning about it.
    for (const d of (list?.diagnostics ?? []).filter((x) => x.code !== "W_PROJECTS_NOT_FINAL")) {
      diagnostics.push(d.code === "E_NO_PROJECTS" ? error("E_PLAN_NO_SELECTED", d.at) : d);
    }
    const candidates = (await reader.has(CANDIDATES_FILE))
      ? await readParsed(diagnostics, CANDIDATES_FILE, (f) => reader.table(f), (t) => parseCandidates(t, "candidates"))
      : undefined;
    if (notFinal) return failed("progress", diagnostics, { why: "plan-not-ready" });
    if (!list?.value || hasErrors(diagnostics)) return failed("progress", diagnostics);
    const rows = draftPlan(list.value.projects, candidates?.value);
    try {
      // "wx": a plan.csv that appeared meanwhile is still never overwritten.
      await fs.writeFile(target, formatCsv(PLAN_DRAFT_HEADER, rows), { flag: "wx" });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return planExists();
      return failed("progress", [error("E_PLAN_WRITE", { file: PLAN_FILE }, { errno: code ?? "" })], { why: "write-failed" });
    }
    const missing = rows.filter((r) => r[4] === "").map((r) => r[0]!);
    const next = planContext(env, dir, outDir).commandLine("progress");
    return {
      command: "progress",
      exitCode: EXIT.ok,
      data: { plan: PLAN_FILE, projects: rows.length },
      warnings: diagnostics,
      report: env.lang === "en" ? [
        `Written: ${displayPath(env, target)}: ${rows.length} ${rows.length === 1 ? "project" : "projects"} (the selected (当选) ones in ${resultsName})`,
        ...(missing.length > 0 ? [`Fill in the deadline (YYYY-MM) of: ${missing.join(", ")}`] : []),
        `Fill in the responsible units, and the start month and plan points where needed (such as 2026-04:20;2026-08:60), then run ${next}`,
      ] : [
        `已写出 ${displayPath(env, target)}：${rows.length} 个项目（取自 ${resultsName} 中“当选”的项目）`,
        ...(missing.length > 0 ? [`以下项目的完成时限需要填写（YYYY-MM）：${missing.join("、")}`] : []),
        `请填写责任单位，按需要填写开始月份和计划节点（如 2026-04:20;2026-08:60），然后运行 ${next}`,
      ],
    } satisfies Outcome;
  });
  return drafted ?? failed("progress", diagnostics);
}
