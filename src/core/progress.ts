// Supervision through the year (SPEC §11): the schedule (plan.csv), the monthly reports (progress.csv) and
// progress.json → planned (序时) progress, actual progress, gap and status per project, and the summary.
// Exact rationals throughout; a status compares the exact gap, rounding happens only when text is written.
import { z } from "zod";
import { ID_PATTERN, type CandidateList } from "./candidates.js";
import { error, hasErrors, warning, type Diagnostic, type Params, type Place } from "./diagnostics.js";
import { formatFraction, fraction, parseFraction, toNumber, type Fraction } from "./fraction.js";
import { add, cmp, decimalText, div, mul, num, sub, whole, ZERO } from "./evaluate/exact.js";
import { parseJsonSource, positionOf } from "./json-source.js";
import { schemaDiagnostics, valueAt } from "./schema-diagnostics.js";
import { blankRow, cellAt, unguardCell, type Table, type TableRow } from "./table.js";

import { excelDateMonth, monthText, monthYear, nonexistentDate, parseMonth, type Month } from "./month.js";

export { monthText, monthYear, parseAsOf, parseMonth, type Month } from "./month.js";

const HUNDRED = whole(100);
export { decimalText };

/** One decimal, rounded half up on the magnitude (−2.25 → "-2.3"); "-0.0" is never written. */
export function tenths(f: Fraction): string {
  const negative = f.num < 0n;
  const t = ((negative ? -f.num : f.num) * 20n + f.den) / (2n * f.den);
  return `${negative && t !== 0n ? "-" : ""}${t / 10n}.${t % 10n}`;
}

/**
 * Percentage points as a clerk reads them: exact when a decimal ends (12.5), else to one decimal (100/3 →
 * 33.3), or below 1 to two significant digits (1/30 → 0.033), so a limit above 0 never reads 0.0.
 */
export function pointsText(f: Fraction): string {
  const exact = decimalText(f);
  if (!exact.includes("/")) return exact;
  const size = f.num < 0n ? -f.num : f.num;
  if (size >= f.den) return tenths(f);
  let [places, scale] = [2, 100n];
  while (size * scale < 10n * f.den) [places, scale] = [places + 1, scale * 10n];
  const t = (size * scale * 2n + f.den) / (2n * f.den); // rounded half up
  if (t >= scale) return tenths(f); // 0.999… → 1.0
  return `${f.num < 0n ? "-" : ""}0.${t.toString().padStart(places, "0")}`;
}

/** part / whole as a percentage with one decimal and `%`; "" when the whole is 0. */
export function percentText(part: Fraction, of: Fraction): string {
  return of.num === 0n ? "" : `${tenths(mul(div(part, of), HUNDRED))}%`;
}

function plainDecimal(text: string): Fraction | null {
  return /^\d+(?:\.\d+)?$/.test(text) ? parseFraction(text) : null;
}

/** A percentage 0–100: a plain decimal, a trailing `%` allowed. */
function percentCell(text: string): Fraction | null {
  const f = plainDecimal(text.endsWith("%") ? text.slice(0, -1) : text);
  return f && cmp(f, HUNDRED) <= 0 ? f : null;
}

/**
 * How a number is miswritten, apart from its value, for the message to name: a full-width character (１０, 70％),
 * or a space before `%` (10 %). Shared by every cell of progress.csv and plan.csv and by plan points.
 */
function miswriting(text: string): Params {
  const fullWidth = /[\u3000\uff01-\uff5e]/.exec(text)?.[0];
  return fullWidth ? { fullWidth } : /\d\s+%$/u.test(text) ? { spaceBeforePercent: 1 } : {};
}

/** Column key → [Chinese header, English header, other spellings]. 备注 is allowed and ignored. */
const PLAN_COLUMNS = {
  id: ["编号", "id"],
  name: ["项目名称", "name"],
  unit: ["责任单位", "unit"],
  start: ["开始", "start"],
  deadline: ["完成时限", "deadline"],
  budget: ["投入资金（万元）", "budget", "投入资金(万元)"],
  milestones: ["计划节点", "milestones"],
  remarks: ["备注", "remarks"],
} as const;

const REPORT_COLUMNS = {
  id: ["编号", "id"],
  month: ["截至", "month"],
  progress: ["形象进度", "progress"],
  disbursed: ["已拨付资金（万元）", "disbursed", "已拨付资金(万元)"],
  note: ["说明", "note"],
  remarks: ["备注", "remarks"],
} as const;

/**
 * The header's errors, and `read(row)` for each row: its trimmed cells and their places, an error for each
 * required cell left empty, and `optional(key, parse, code)`: an empty cell is null, a bad one an error
 * (naming a full-width character in it: a Chinese input method types ０５０ for 050).
 */
function readColumns<C extends Record<string, readonly string[]>>(
  table: Table, columns: C, required: readonly (keyof C & string)[], sheet: string,
) {
  const lookup = new Map<string, keyof C>();
  for (const [key, names] of Object.entries(columns)) for (const n of names) lookup.set(n.toLowerCase(), key);
  const at = new Map<keyof C, number>();
  const diagnostics: Diagnostic[] = [];
  const expected = Object.values(columns).map((v) => v[0]!);
  const headerAt = (index: number) => ({ file: table.file, line: table.headerLine, column: index + 1 });
  table.header.forEach((h, index) => {
    const key = lookup.get(h.trim().toLowerCase());
    const place = headerAt(index);
    if (key === undefined) diagnostics.push(error("E_PROGRESS_UNKNOWN_COLUMN", place, { column: h, sheet, expected }));
    else if (!at.has(key)) at.set(key, index);
    else diagnostics.push(error("E_PROGRESS_DUPLICATE_COLUMN", place, { column: h, otherColumn: at.get(key)! + 1 }));
  });
  for (const key of required.filter((k) => !at.has(k))) {
    const names = columns[key]!;
    diagnostics.push(error("E_PROGRESS_MISSING_COLUMN", headerAt(0), { column: names[0]!, english: names[1]!, sheet }));
  }
  const read = (row: TableRow) => {
    const cell = (key: keyof C) => (at.has(key) ? cellAt(row, at.get(key)!).trim() : "");
    const place = (key: keyof C) => ({ file: table.file, line: row.line, column: (at.get(key) ?? 0) + 1 });
    for (const key of required.filter((k) => cell(k) === "")) {
      diagnostics.push(error("E_PROGRESS_EMPTY_CELL", place(key), { column: columns[key]![0]!, sheet }));
    }
    const optional = <T>(key: keyof C, parse: (text: string) => T | null, code: string, params: Params = {}) => {
      const text = cell(key);
      const value = text === "" ? null : parse(text);
      if (text !== "" && value === null) {
        // A month written as a day of the calendar that is none (2026-02-30) is a wrong date, not a malformed
        // month; one such as 2026/6/1 is the month Excel turned into a date when it saved the CSV file.
        const excel = parse === parseMonth ? excelDateMonth(text) : null;
        const date: Params = parse !== parseMonth ? {} : nonexistentDate(text) ? { problem: "no-such-date" }
          // 46357 is a day's serial number: the cell lost its date format, in a workbook as in a CSV file.
          : excel !== null ? { problem: /^\d+$/.test(text) ? "excel-serial" : "excel-date", month: excel[0]!, ...(excel[1] ? { otherMonth: excel[1] } : {}) } : {};
        diagnostics.push(error(code, place(key), { ...params, ...date, value: text, ...miswriting(text) }));
      }
      return value;
    };
    return { cell, place, optional };
  };
  return { diagnostics, read };
}

export interface Milestone {
  month: Month;
  percent: Fraction;
}

export interface PlanProject {
  id: string;
  name: string;
  unit: string;
  start: Month;
  deadline: Month;
  budget: Fraction | null;
  milestones: Milestone[];
  line: number;
}

export interface Plan {
  file: string;
  projects: PlanProject[];
}

/** The plan, or the errors; `ids` names every well-formed id even then, so reports can still be checked. */
export function parsePlan(table: Table): { value?: Plan; ids?: ReadonlySet<string>; diagnostics: Diagnostic[] } {
  const file = table.file;
  const { diagnostics, read } = readColumns(table, PLAN_COLUMNS, ["id", "name", "deadline"], "plan");
  if (diagnostics.length > 0) return { diagnostics };
  const projects: PlanProject[] = [];
  const lines = new Map<string, number>();
  for (const row of table.rows) {
    if (blankRow(row, file, diagnostics)) continue;
    const before = diagnostics.length;
    const { cell, place, optional } = read(row);
    // progress --plan copies names from results.csv with the formula guard in front (SPEC §10).
    const [id, name] = [cell("id"), unguardCell(cell("name"))];
    if (id !== "" && !ID_PATTERN.test(id)) diagnostics.push(error("E_PROGRESS_ID", place("id"), { value: id }));
    else if (lines.has(id)) diagnostics.push(error("E_PLAN_DUPLICATE_ID", place("id"), { id, otherLine: lines.get(id)! }));
    const deadline = optional("deadline", parseMonth, "E_PLAN_MONTH", { column: "完成时限" });
    // Without 开始, the work starts in January of the deadline's year.
    const start = cell("start") !== "" ? optional("start", parseMonth, "E_PLAN_MONTH", { column: "开始" })
      : deadline === null ? null : 12 * monthYear(deadline).year + 1;
    const inOrder = start !== null && deadline !== null && deadline >= start;
    if (start !== null && deadline !== null && !inOrder) {
      const params = { start: monthText(start), deadline: monthText(deadline) };
      diagnostics.push(error("E_PLAN_DEADLINE_BEFORE_START", place("deadline"), params));
    }
    const budget = optional("budget", plainDecimal, "E_PLAN_BUDGET");
    const milestones = cell("milestones") !== "" && inOrder
      ? parseMilestones(cell("milestones"), start, deadline, place("milestones"), diagnostics)
      : [];
    if (diagnostics.length === before && inOrder) {
      projects.push({ id, name, unit: cell("unit"), start, deadline, budget, milestones, line: row.line });
    }
    // A row with another error still claims its id: a second row with it is a duplicate, and reports naming
    // it are not unknown.
    if (id !== "" && ID_PATTERN.test(id) && !lines.has(id)) lines.set(id, row.line);
  }
  if (table.rows.length === 0) diagnostics.push(error("E_PLAN_EMPTY", { file, line: table.headerLine + 1, column: 1 }));
  const ids = new Set(lines.keys());
  return hasErrors(diagnostics) ? { ids, diagnostics } : { value: { file, projects }, ids, diagnostics };
}

/** `YYYY-MM:percent` items separated by `;`: months increasing within 开始 … 完成时限 − 1, percents non-decreasing. */
function parseMilestones(text: string, start: Month, deadline: Month, place: Place, diagnostics: Diagnostic[]) {
  const out: Milestone[] = [];
  // A Chinese input method types "；" and "：": read them as the ASCII ones.
  for (const item of text.split(/[;；]/).map((s) => s.trim()).filter((s) => s !== "")) {
    const m = /^([^:：]+)[:：](.+)$/.exec(item);
    const month = m ? parseMonth(m[1]!) : null;
    const percent = m ? percentCell(m[2]!.trim()) : null;
    const previous = out[out.length - 1];
    // 、，, between items (what an input method types for a list) would otherwise read as part of a percent;
    // so would white space before the next item's month (a space around the colon is fine), or between
    // percents ("2026-04:20 30": not a percent out of range, two items run together).
    const spaced = m !== null && (/\s(?=[^\s:：]*[:：])/u.test(m[2]!)
      || (percent === null && m[2]!.trim().split(/\s+/u).every((part, _, parts) => parts.length > 1 && percentCell(part) !== null)));
    const separator = /[、，,]/.exec(item)?.[0] ?? (spaced ? " " : undefined);
    const problem: [string, Params] | null = separator !== undefined
      ? ["E_PLAN_MILESTONE_SEPARATOR", { item, separator, ...(separator === " " ? { space: 1 } : {}) }]
      : month === null ? ["E_PLAN_MILESTONE_FORMAT", { item }]
      : percent === null ? ["E_PLAN_MILESTONE_PERCENT", { item, ...miswriting(m![2]!.trim()) }]
      // 开始 = 完成时限: no month is left before the deadline's, which counts as 100%.
      : start === deadline ? ["E_PLAN_MILESTONE_NONE", { item, month: monthText(start) }]
      : month < start || month > deadline - 1
        ? ["E_PLAN_MILESTONE_RANGE", { item, from: monthText(start), to: monthText(deadline - 1) }]
      : previous && month <= previous.month ? ["E_PLAN_MILESTONE_ORDER", { item, previous: monthText(previous.month) }]
      : previous && cmp(percent, previous.percent) < 0
        ? ["E_PLAN_MILESTONE_DECREASING", { item, previous: decimalText(previous.percent) }]
      : null;
    if (problem) {
      diagnostics.push(error(problem[0], place, problem[1]));
      return [];
    }
    out.push({ month: month!, percent: percent! });
  }
  return out;
}

export interface Report {
  id: string;
  month: Month;
  progress: Fraction;
  disbursed: Fraction | null;
  note: string;
  line: number;
  /** 1-based columns of 形象进度 and 已拨付资金, for the warnings' place. */
  progressColumn: number;
  disbursedColumn: number;
}

/**
 * Every row validated, including rows after the month reported. `ids`: the plan's (null when unreadable).
 * `workbook`: the table was read from a workbook, where a percentage cell shows its value with a `%`; it
 * says which cells hold a formula.
 */
export function parseReports(table: Table, ids: ReadonlySet<string> | null, workbook?: { formula(line: number, column: number): boolean }) {
  const file = table.file;
  const { diagnostics, read } = readColumns(table, REPORT_COLUMNS, ["id", "month", "progress"], "reports");
  if (diagnostics.length > 0) return { diagnostics };
  const rows: Report[] = [];
  const seen = new Map<string, number>();
  // Each id not in the plan → the indexes of its errors in `diagnostics`.
  const unknown = new Map<string, number[]>();
  for (const row of table.rows) {
    if (blankRow(row, file, diagnostics)) continue;
    const before = diagnostics.length;
    const { cell, place, optional } = read(row);
    const id = cell("id");
    if (id !== "" && !ID_PATTERN.test(id)) diagnostics.push(error("E_PROGRESS_ID", place("id"), { value: id }));
    else if (id !== "" && ids && !ids.has(id)) {
      unknown.set(id, [...(unknown.get(id) ?? []), diagnostics.length]);
      diagnostics.push(error("E_REPORT_UNKNOWN_ID", place("id"), { id }));
    }
    const month = optional("month", parseMonth, "E_REPORT_MONTH");
    const other = seen.get(`${id}\u0000${month}`);
    if (id !== "" && month !== null && other !== undefined) {
      diagnostics.push(error("E_REPORT_DUPLICATE", place("month"), { id, month: monthText(month), otherLine: other }));
    } else if (id !== "" && month !== null) seen.set(`${id}\u0000${month}`, row.line);
    const progress = optional("progress", percentCell, "E_REPORT_PROGRESS");
    const disbursed = optional("disbursed", plainDecimal, "E_REPORT_DISBURSED");
    if (diagnostics.length === before && month !== null && progress !== null) {
      const [line, progressColumn, disbursedColumn] = [row.line, place("progress").column, place("disbursed").column];
      rows.push({ id, month, progress, disbursed, note: cell("note"), line, progressColumn, disbursedColumn });
    }
    // A workbook cell of 0.45 without the percent format (=9/20) reads 0.45%, most likely meant as 45%; a
    // formula's 1 (=20/20) most likely a finished project, where a typed 1 may well be 1%.
    if (workbook && progress && progress.num > 0n && !cell("progress").endsWith("%")) {
      const at = place("progress");
      const formula = progress.num === progress.den && workbook.formula(at.line, at.column);
      if (progress.num < progress.den || formula) {
        diagnostics.push(warning("W_PROGRESS_FRACTION", at, { id, value: cell("progress"), percent: decimalText(mul(progress, HUNDRED)), ...(formula ? { formula: 1 } : {}) }));
      }
    }
  }
  // A project taken out of the plan leaves a report row for each month passed: said in full at its first
  // row, with how many there are, and only named at the others.
  for (const [id, [first, ...others]] of unknown) {
    if (others.length === 0) continue;
    diagnostics[first!] = { ...diagnostics[first!]!, params: { id, rows: others.length + 1 } };
    for (const i of others) diagnostics[i] = { ...diagnostics[i]!, params: { id, firstLine: diagnostics[first!]!.at.line } };
  }
  return hasErrors(diagnostics) ? { diagnostics } : { value: { file, rows }, diagnostics };
}

export type Reports = NonNullable<ReturnType<typeof parseReports>["value"]>;

const ratioString = z.string().refine((s) => parseFraction(s) !== null);

const settingsSchema = z.strictObject({
  title: z.string().trim().min(1).optional(),
  lag: z.strictObject({ behind: ratioString.optional(), severe: ratioString.optional() }).optional(),
});

/** The lag limits, in percentage points. */
export interface ProgressSettings {
  title?: string;
  behind: Fraction;
  severe: Fraction;
}

export function defaultSettings(): ProgressSettings {
  return { behind: whole(10), severe: whole(30) };
}

/** The schema's paths, named in the messages ("title", "lag", "lag.behind" …; "" for the whole document). */
function schemaPath(path: readonly PropertyKey[]): string {
  const p = path.map(String).join(".");
  return ["", "title", "lag", "lag.behind", "lag.severe"].includes(p) ? p : String(path[0] ?? "");
}

/**
 * "1.5/2", a fraction of decimals, is refused (README: whole numerator and denominator): the message
 * names it and the fraction of whole numbers it equals, or nothing when the value is some other mistake.
 */
function decimalFraction(at: { value: unknown } | "missing"): { value: string; equal: string } | Record<string, never> {
  const value = at === "missing" ? undefined : at.value;
  const parts = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(value) : null;
  const [a, b] = parts ? [parseFraction(parts[1]!)!, parseFraction(parts[2]!)!] : [];
  return a && b && b.num !== 0n ? { value: value as string, equal: formatFraction(fraction(a.num * b.den, a.den * b.num)) } : {};
}

export function parseProgressSettings(
  text: string, file: string,
): { value?: ProgressSettings; diagnostics: Diagnostic[] } {
  const { source, diagnostics } = parseJsonSource(text, file);
  if (!source) return { diagnostics };
  const checked = settingsSchema.safeParse(source.value);
  if (!checked.success) {
    // A misspelt key is told the key it most likely meant, as in session.json (E_UNKNOWN_KEY's suggestion).
    return { diagnostics: checked.error.issues.flatMap((issue) => issue.code !== "unrecognized_keys"
      ? [error("E_PROGRESS_SCHEMA", { file, ...positionOf(source, issue.path) }, { path: schemaPath(issue.path), ...decimalFraction(valueAt(source, issue.path)) })]
      : schemaDiagnostics([issue], source, file, "E_PROGRESS_SCHEMA", settingsSchema).map((d) => ({ ...d, code: "E_PROGRESS_UNKNOWN_KEY" }))) };
  }
  const { title, lag } = checked.data;
  const [behind, severe] = [lag?.behind ?? "10", lag?.severe ?? "30"];
  if (cmp(parseFraction(behind)!, parseFraction(severe)!) > 0) {
    const at = positionOf(source, ["lag", lag?.behind !== undefined ? "behind" : "severe"]);
    const params = { behind: behind.trim(), severe: severe.trim() };
    return { diagnostics: [error("E_PROGRESS_LAG_ORDER", { file, ...at }, params)] };
  }
  const settings = { behind: parseFraction(behind)!, severe: parseFraction(severe)! };
  return { value: title !== undefined ? { title, ...settings } : settings, diagnostics: [] };
}

export const PROGRESS_STATUSES = ["已完成", "未报送", "逾期未完成", "严重滞后", "滞后", "按序时推进"] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
/** The order of the attention lists (the report's and batch's): the most serious first. */
export const ATTENTION: readonly ProgressStatus[] = ["逾期未完成", "严重滞后", "滞后", "未报送"];

/**
 * Planned (序时) progress at month t, in percentage points: straight lines between the points of the
 * schedule — (M(开始) − 1, 0), the milestones, (M(完成时限), 100) — 0 before, 100 after.
 */
export function plannedProgress(p: Pick<PlanProject, "start" | "deadline" | "milestones">, t: Month): Fraction {
  const points = [{ month: p.start - 1, percent: ZERO }, ...p.milestones, { month: p.deadline, percent: HUNDRED }];
  if (t <= points[0]!.month) return ZERO;
  const k = points.findIndex((b) => t <= b.month);
  if (k < 0) return HUNDRED;
  const [a, b] = [points[k - 1]!, points[k]!];
  return add(a.percent, mul(sub(b.percent, a.percent), fraction(BigInt(t - a.month), BigInt(b.month - a.month))));
}

export function computeProgress(plan: Plan, reports: Reports, settings: ProgressSettings, asOf: Month, title: string) {
  const upTo = reports.rows.filter((r) => r.month <= asOf);
  // Each project's reports up to the month reported, by month.
  const byProject = new Map<string, Report[]>();
  for (const r of [...upTo].sort((a, b) => a.month - b.month)) byProject.set(r.id, [...(byProject.get(r.id) ?? []), r]);
  const projects = plan.projects.map((project) => {
    const list = byProject.get(project.id) ?? [];
    const now = list.find((r) => r.month === asOf);
    const completed = list.some((r) => cmp(r.progress, HUNDRED) === 0);
    const planned = plannedProgress(project, asOf);
    const actual = now ? now.progress : completed ? HUNDRED : null;
    const gap = actual === null ? null : sub(planned, actual);
    const status: ProgressStatus = completed ? "已完成"
      : !now ? "未报送"
      : asOf >= project.deadline ? "逾期未完成"
      : cmp(gap!, settings.severe) > 0 ? "严重滞后"
      : cmp(gap!, settings.behind) > 0 ? "滞后"
      : "按序时推进";
    return {
      project, planned, actual, gap, status,
      started: list.some((r) => r.progress.num > 0n),
      disbursed: list.findLast((r) => r.disbursed !== null)?.disbursed ?? ZERO,
      /** The note of the month's row ("" without one). */
      note: now?.note ?? "",
      track: list.map((r) => ({ month: r.month, progress: r.progress })),
    };
  });
  const count = (s: ProgressStatus) => projects.filter((p) => p.status === s).length;
  const budgeted = projects.filter((p) => p.project.budget !== null);
  const summary = {
    projects: projects.length,
    completed: count("已完成"),
    started: projects.filter((p) => p.started).length,
    onSchedule: count("按序时推进"),
    behind: count("滞后"),
    severelyBehind: count("严重滞后"),
    overdue: count("逾期未完成"),
    unreported: count("未报送"),
    // Over the projects that have a budget; null when none has.
    budget: budgeted.length > 0 ? budgeted.reduce((s, p) => add(s, p.project.budget!), ZERO) : null,
    disbursed: budgeted.length > 0 ? budgeted.reduce((s, p) => add(s, p.disbursed), ZERO) : null,
  };
  // The months with any report, in order (the columns of the track).
  const months = [...new Set(upTo.map((r) => r.month))].sort((a, b) => a - b);
  const warnings = decreaseWarnings(reports.file, upTo, byProject);
  return { title, asOf, behind: settings.behind, severe: settings.severe, projects, summary, months, warnings };
}

export type ProgressResult = ReturnType<typeof computeProgress>;
export type ProjectProgress = ProgressResult["projects"][number];

/** W_PROGRESS_DECREASED: a report lower than the highest earlier report of its project, per row and field. */
function decreaseWarnings(file: string, upTo: readonly Report[], byProject: Map<string, Report[]>): Diagnostic[] {
  return upTo.flatMap((r) => (["progress", "disbursed"] as const).flatMap((field) => {
    const value = r[field];
    let highest: Report | undefined;
    // By month, and only a higher value replaces it: on a tie the earliest month is named.
    for (const e of byProject.get(r.id)!.filter((e) => e.month < r.month && e[field] !== null)) {
      if (!highest || cmp(e[field]!, highest[field]!) > 0) highest = e;
    }
    if (value === null || !highest || cmp(value, highest[field]!) >= 0) return [];
    const params = {
      id: r.id, month: monthText(r.month), field, value: decimalText(value),
      highest: decimalText(highest[field]!), highestMonth: monthText(highest.month),
    };
    const column = field === "progress" ? r.progressColumn : r.disbursedColumn;
    return [warning("W_PROGRESS_DECREASED", { file, line: r.line, column }, params)];
  }));
}

/**
 * W_AS_OF_ISOLATED: the latest 截至, taken as the month reported by default, six months or more after any
 * other report and reported by at most half the projects of the month before it: a mistyped year moves
 * the whole bulletin there. Said at its first row.
 */
export function isolatedLatestMonth(reports: Reports): Diagnostic | null {
  const months = [...new Set(reports.rows.map((r) => r.month))].sort((a, b) => a - b);
  const [previous, latest] = [months.at(-2), months.at(-1)];
  if (previous === undefined || latest === undefined || latest - previous < 6) return null;
  const rows = reports.rows.filter((r) => r.month === latest);
  const before = new Set(reports.rows.filter((r) => r.month === previous).map((r) => r.id)).size;
  if (before < 2 || rows.length * 2 > before) return null;
  const params = { month: monthText(latest), previous: monthText(previous), gap: latest - previous, rows: rows.length, ids: [...new Set(rows.map((r) => r.id))] };
  return warning("W_AS_OF_ISOLATED", { file: reports.file, line: rows.reduce((first, r) => Math.min(first, r.line), Infinity), column: 1 }, params);
}

export const PROGRESS_HEADER = [
  "编号", "项目名称", "责任单位", "完成时限", "计划进度", "实际进度", "差距", "已拨付资金（万元）", "投入资金（万元）", "资金拨付率",
  "状态", "说明",
] as const;

/** The row of out/progress.csv; the gap is kept apart because it is a number (no formula guard when negative). */
export function progressRow(p: ProjectProgress): { cells: string[]; gap: string } {
  const budget = p.project.budget;
  return {
    cells: [
      p.project.id, p.project.name, p.project.unit, monthText(p.project.deadline), tenths(p.planned),
      p.actual === null ? "" : tenths(p.actual), "", decimalText(p.disbursed),
      budget === null ? "" : decimalText(budget), budget === null ? "" : percentText(p.disbursed, budget),
      p.status, p.status === "未报送" ? "" : p.note,
    ],
    gap: p.gap === null ? "" : tenths(p.gap),
  };
}

export function summaryPairs(r: ProgressResult): [string, string][] {
  const s = r.summary;
  const n = whole(s.projects);
  return [
    ["截至", monthText(r.asOf)],
    ["项目数", String(s.projects)],
    ["已完成", String(s.completed)],
    ["完成率", percentText(whole(s.completed), n)],
    ["已开工", String(s.started)],
    ["开工率", percentText(whole(s.started), n)],
    ["按序时推进", String(s.onSchedule)],
    ["滞后", String(s.behind)],
    ["严重滞后", String(s.severelyBehind)],
    ["逾期未完成", String(s.overdue)],
    ["未报送", String(s.unreported)],
    ["投入资金合计", s.budget === null ? "" : decimalText(s.budget)],
    ["已拨付资金合计", s.disbursed === null ? "" : decimalText(s.disbursed)],
    ["资金拨付率", s.budget === null || s.disbursed === null ? "" : percentText(s.disbursed, s.budget)],
  ];
}

const rate = (part: Fraction, of: Fraction | null) => (of === null || of.num === 0n ? null : toNumber(div(part, of)));

/** The `data` of `--json` (SPEC §11): numbers unrounded, rates 0–1. */
export function progressJson(r: ProgressResult) {
  const { budget, disbursed, ...counts } = r.summary;
  return {
    asOf: monthText(r.asOf),
    projects: r.projects.map((p) => ({
      id: p.project.id, name: p.project.name, unit: p.project.unit, deadline: monthText(p.project.deadline),
      planned: toNumber(p.planned), actual: num(p.actual), gap: num(p.gap),
      disbursed: toNumber(p.disbursed), budget: num(p.project.budget),
      disbursedRate: rate(p.disbursed, p.project.budget), status: p.status, started: p.started,
    })),
    summary: {
      ...counts,
      completionRate: counts.projects === 0 ? null : counts.completed / counts.projects,
      startedRate: counts.projects === 0 ? null : counts.started / counts.projects,
      budget: num(budget),
      disbursed: num(disbursed),
      disbursedRate: disbursed === null ? null : rate(disbursed, budget),
    },
  };
}

export type ProgressData = ReturnType<typeof progressJson>;

export const PLAN_DRAFT_HEADER = ["编号", "项目名称", "责任单位", "开始", "完成时限", "投入资金（万元）", "计划节点"];

/** The starting plan: the formal projects, 完成时限 where the candidate's cell is a date or YYYY-MM, 投入资金. */
export function draftPlan(selected: readonly { id: string; name: string }[], candidates: CandidateList | undefined) {
  return selected.map((p) => {
    const c = candidates?.byId.get(p.id);
    const deadline = c ? parseMonth(c.deadline) : null;
    return [p.id, p.name, "", "", deadline === null ? "" : monthText(deadline), c?.budget ?? "", ""];
  });
}
