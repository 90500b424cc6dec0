// Supervision through the year (SPEC §11): the schedule (plan.csv), the monthly reports (progress.csv) and
// progress.json → planned (序时) progress, actual progress, gap and status per project, and the summary.
// Exact rationals throughout; a status compares the exact gap, rounding happens only when text is written.
import { z } from "zod";
import { ID_PATTERN, type CandidateList } from "./candidates.js";
import { error, hasErrors, warning, type Diagnostic, type Params } from "./diagnostics.js";
import { fraction, parseFraction, toNumber, type Fraction } from "./fraction.js";
import { parseJsonSource, positionOf, type JsonSource } from "./json-source.js";
import { cellAt, type Table } from "./table.js";

// ── Months ────────────────────────────────────────────────────────────────────────────────────────────

/** A month counted as a whole number: M(y, m) = 12·y + m. */
export type Month = number;

/** `YYYY-MM` (or a real `YYYY-MM-DD`, read as its month) → M; null when malformed. */
export function parseMonth(text: string): Month | null {
  const m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (mo < 1 || mo > 12) return null;
  if (m[3] !== undefined) {
    const d = Number(m[3]);
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (d < 1 || d > days) return null;
  }
  return 12 * y + mo;
}

/** The strict form `--as-of` takes: `YYYY-MM`, month 01–12. */
export function parseAsOf(text: string): Month | null {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? parseMonth(text) : null;
}

export function monthYear(t: Month): { year: number; month: number } {
  const year = Math.floor((t - 1) / 12);
  return { year, month: t - 12 * year };
}

export function monthText(t: Month): string {
  const { year, month } = monthYear(t);
  return `${year}-${String(month).padStart(2, "0")}`;
}

// ── Exact arithmetic on the rationals of fraction.ts ──────────────────────────────────────────────────

const ZERO = fraction(0n, 1n);
const HUNDRED = fraction(100n, 1n);
const add = (a: Fraction, b: Fraction) => fraction(a.num * b.den + b.num * a.den, a.den * b.den);
const sub = (a: Fraction, b: Fraction) => fraction(a.num * b.den - b.num * a.den, a.den * b.den);
const mul = (a: Fraction, b: Fraction) => fraction(a.num * b.num, a.den * b.den);
const div = (a: Fraction, b: Fraction) => fraction(a.num * b.den, a.den * b.num);
const cmp = (a: Fraction, b: Fraction) => { const d = a.num * b.den - b.num * a.den; return d < 0n ? -1 : d > 0n ? 1 : 0; };
const whole = (n: number) => fraction(BigInt(n), 1n);

/** One decimal, rounded half up on the magnitude (−2.25 → "-2.3"); "-0.0" is never written. */
export function tenths(f: Fraction): string {
  const negative = f.num < 0n;
  const mag = negative ? -f.num : f.num;
  const t = (mag * 20n + f.den) / (2n * f.den);
  return `${negative && t !== 0n ? "-" : ""}${t / 10n}.${t % 10n}`;
}

/** part / whole as a percentage with one decimal and `%`; "" when the whole is 0. */
export function percentText(part: Fraction, of: Fraction): string {
  return of.num === 0n ? "" : `${tenths(mul(div(part, of), HUNDRED))}%`;
}

/** The exact decimal of a rational read from a plain decimal; a ratio such as 25/3 (from progress.json) stays a ratio. */
export function decimalText(f: Fraction): string {
  let rest = f.den;
  let scale = 0;
  for (const p of [2n, 5n]) while (rest % p === 0n) rest /= p;
  if (rest !== 1n) return `${f.num}/${f.den}`;
  while (10n ** BigInt(scale) % f.den !== 0n) scale++;
  const scaled = (f.num * 10n ** BigInt(scale)) / f.den;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, "0");
  return (negative ? "-" : "") + (scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

function plainDecimal(text: string): Fraction | null {
  return PLAIN_DECIMAL.test(text) ? parseFraction(text) : null;
}

/** A percentage 0–100: a plain decimal, a trailing `%` allowed. */
function percentCell(text: string): Fraction | null {
  const f = plainDecimal(text.endsWith("%") ? text.slice(0, -1) : text);
  return f && cmp(f, HUNDRED) <= 0 ? f : null;
}

// ── Columns ───────────────────────────────────────────────────────────────────────────────────────────

/** Column key → [Chinese header, English header, other spellings]. 备注 is allowed and ignored. */
export const PLAN_COLUMNS = {
  id: ["编号", "id"],
  name: ["项目名称", "name"],
  unit: ["责任单位", "unit"],
  start: ["开始", "start"],
  deadline: ["完成时限", "deadline"],
  budget: ["投入资金（万元）", "budget", "投入资金(万元)"],
  milestones: ["计划节点", "milestones"],
  remarks: ["备注", "remarks"],
} as const;

export const REPORT_COLUMNS = {
  id: ["编号", "id"],
  month: ["截至", "month"],
  progress: ["形象进度", "progress"],
  disbursed: ["已拨付资金（万元）", "disbursed", "已拨付资金(万元)"],
  note: ["说明", "note"],
  remarks: ["备注", "remarks"],
} as const;

type Columns = Record<string, readonly string[]>;

function resolveColumns<C extends Columns>(table: Table, columns: C, required: readonly (keyof C & string)[], sheet: string): { at: Map<keyof C, number>; diagnostics: Diagnostic[] } {
  const lookup = new Map<string, keyof C>();
  for (const [key, names] of Object.entries(columns)) for (const n of names) lookup.set(n.toLowerCase(), key);
  const at = new Map<keyof C, number>();
  const diagnostics: Diagnostic[] = [];
  const expected = Object.values(columns).map((v) => v[0]!);
  table.header.forEach((h, index) => {
    const place = { file: table.file, line: table.headerLine, column: index + 1 };
    const key = lookup.get(h.trim().toLowerCase());
    if (key === undefined) diagnostics.push(error("E_PROGRESS_UNKNOWN_COLUMN", place, { column: h, sheet, expected }));
    else if (at.has(key)) diagnostics.push(error("E_PROGRESS_DUPLICATE_COLUMN", place, { column: h, otherColumn: at.get(key)! + 1 }));
    else at.set(key, index);
  });
  for (const key of required) {
    if (!at.has(key)) diagnostics.push(error("E_PROGRESS_MISSING_COLUMN", { file: table.file, line: table.headerLine, column: 1 }, { column: columns[key]![0]!, english: columns[key]![1]!, sheet }));
  }
  return { at, diagnostics };
}

// ── plan.csv ──────────────────────────────────────────────────────────────────────────────────────────

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
  byId: Map<string, PlanProject>;
}

/** The plan, or the errors; `ids` names every well-formed id of the file even then, so reports can still be checked against it. */
export function parsePlan(table: Table): { value?: Plan; ids?: ReadonlySet<string>; diagnostics: Diagnostic[] } {
  const file = table.file;
  const { at, diagnostics } = resolveColumns(table, PLAN_COLUMNS, ["id", "name", "deadline"], "plan");
  if (diagnostics.length > 0) return { diagnostics };
  const projects: PlanProject[] = [];
  const byId = new Map<string, PlanProject>();
  for (const row of table.rows) {
    const cell = (key: keyof typeof PLAN_COLUMNS) => { const i = at.get(key); return i === undefined ? "" : cellAt(row, i).trim(); };
    const place = (key: keyof typeof PLAN_COLUMNS) => ({ file, line: row.line, column: (at.get(key) ?? 0) + 1 });
    const before = diagnostics.length;
    const id = cell("id");
    const name = cell("name");
    for (const key of ["id", "name", "deadline"] as const) {
      if (cell(key) === "") diagnostics.push(error("E_PROGRESS_EMPTY_CELL", place(key), { column: PLAN_COLUMNS[key][0], sheet: "plan" }));
    }
    if (id !== "" && !ID_PATTERN.test(id)) diagnostics.push(error("E_PROGRESS_ID", place("id"), { value: id }));
    else if (id !== "" && byId.has(id)) diagnostics.push(error("E_PLAN_DUPLICATE_ID", place("id"), { id, otherLine: byId.get(id)!.line }));
    const deadline = cell("deadline") === "" ? null : parseMonth(cell("deadline"));
    if (cell("deadline") !== "" && deadline === null) diagnostics.push(error("E_PLAN_MONTH", place("deadline"), { column: PLAN_COLUMNS.deadline[0], value: cell("deadline") }));
    let start: Month | null = null;
    if (cell("start") !== "") {
      start = parseMonth(cell("start"));
      if (start === null) diagnostics.push(error("E_PLAN_MONTH", place("start"), { column: PLAN_COLUMNS.start[0], value: cell("start") }));
    } else if (deadline !== null) {
      start = 12 * monthYear(deadline).year + 1;
    }
    if (start !== null && deadline !== null && deadline < start) {
      diagnostics.push(error("E_PLAN_DEADLINE_BEFORE_START", place("deadline"), { start: monthText(start), deadline: monthText(deadline) }));
    }
    let budget: Fraction | null = null;
    if (cell("budget") !== "") {
      budget = plainDecimal(cell("budget"));
      if (budget === null) diagnostics.push(error("E_PLAN_BUDGET", place("budget"), { value: cell("budget") }));
    }
    const milestones = cell("milestones") === "" || start === null || deadline === null || deadline < start
      ? []
      : parseMilestones(cell("milestones"), start, deadline, place("milestones"), diagnostics);
    if (diagnostics.length === before && deadline !== null && start !== null) {
      const p: PlanProject = { id, name, unit: cell("unit"), start, deadline, budget, milestones, line: row.line };
      projects.push(p);
      byId.set(id, p);
    } else if (id !== "" && ID_PATTERN.test(id) && !byId.has(id)) {
      // A row with another error still claims its id: a second row with it is a duplicate, and reports naming it are not unknown.
      byId.set(id, { id, name, unit: "", start: start ?? 0, deadline: deadline ?? 0, budget: null, milestones: [], line: row.line });
    }
  }
  if (table.rows.length === 0) diagnostics.push(error("E_PLAN_EMPTY", { file, line: table.headerLine + 1, column: 1 }));
  const ids = new Set(byId.keys());
  if (hasErrors(diagnostics)) return { ids, diagnostics };
  return { value: { file, projects, byId }, ids, diagnostics };
}

/** `YYYY-MM:percent` items separated by `;`: months strictly increasing, within 开始 … 完成时限 − 1, percents non-decreasing. */
function parseMilestones(text: string, start: Month, deadline: Month, place: { file: string; line: number; column: number }, diagnostics: Diagnostic[]): Milestone[] {
  const out: Milestone[] = [];
  // A Chinese input method types "；" and "：": read them as the ASCII ones.
  const items = text.split(/[;；]/).map((s) => s.trim()).filter((s) => s !== "");
  for (const item of items) {
    const m = /^([^:：]+)[:：](.+)$/.exec(item);
    const month = m ? parseMonth(m[1]!) : null;
    const percent = m ? percentCell(m[2]!.trim()) : null;
    if (!m || month === null) { diagnostics.push(error("E_PLAN_MILESTONE_FORMAT", place, { item })); return []; }
    if (percent === null) { diagnostics.push(error("E_PLAN_MILESTONE_PERCENT", place, { item })); return []; }
    if (month < start || month > deadline - 1) {
      diagnostics.push(error("E_PLAN_MILESTONE_RANGE", place, { item, from: monthText(start), to: monthText(deadline - 1) }));
      return [];
    }
    const previous = out[out.length - 1];
    if (previous && month <= previous.month) { diagnostics.push(error("E_PLAN_MILESTONE_ORDER", place, { item, previous: monthText(previous.month) })); return []; }
    if (previous && cmp(percent, previous.percent) < 0) { diagnostics.push(error("E_PLAN_MILESTONE_DECREASING", place, { item, previous: decimalText(previous.percent) })); return []; }
    out.push({ month, percent });
  }
  return out;
}

// ── progress.csv ──────────────────────────────────────────────────────────────────────────────────────

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

export interface Reports {
  file: string;
  rows: Report[];
}

/** Every row validated, including rows after the month reported. `ids`: the plan's ids (null when plan.csv could not be read). */
export function parseReports(table: Table, ids: ReadonlySet<string> | null): { value?: Reports; diagnostics: Diagnostic[] } {
  const file = table.file;
  const { at, diagnostics } = resolveColumns(table, REPORT_COLUMNS, ["id", "month", "progress"], "reports");
  if (diagnostics.length > 0) return { diagnostics };
  const rows: Report[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const cell = (key: keyof typeof REPORT_COLUMNS) => { const i = at.get(key); return i === undefined ? "" : cellAt(row, i).trim(); };
    const place = (key: keyof typeof REPORT_COLUMNS) => ({ file, line: row.line, column: (at.get(key) ?? 0) + 1 });
    const before = diagnostics.length;
    for (const key of ["id", "month", "progress"] as const) {
      if (cell(key) === "") diagnostics.push(error("E_PROGRESS_EMPTY_CELL", place(key), { column: REPORT_COLUMNS[key][0], sheet: "reports" }));
    }
    const id = cell("id");
    if (id !== "" && !ID_PATTERN.test(id)) diagnostics.push(error("E_PROGRESS_ID", place("id"), { value: id }));
    else if (id !== "" && ids && !ids.has(id)) diagnostics.push(error("E_REPORT_UNKNOWN_ID", place("id"), { id }));
    const month = cell("month") === "" ? null : parseMonth(cell("month"));
    if (cell("month") !== "" && month === null) diagnostics.push(error("E_REPORT_MONTH", place("month"), { value: cell("month") }));
    if (id !== "" && month !== null) {
      const key = `${id}\u0000${month}`;
      const other = seen.get(key);
      if (other !== undefined) diagnostics.push(error("E_REPORT_DUPLICATE", place("month"), { id, month: monthText(month), otherLine: other }));
      else seen.set(key, row.line);
    }
    const progress = cell("progress") === "" ? null : percentCell(cell("progress"));
    if (cell("progress") !== "" && progress === null) diagnostics.push(error("E_REPORT_PROGRESS", place("progress"), { value: cell("progress") }));
    let disbursed: Fraction | null = null;
    if (cell("disbursed") !== "") {
      disbursed = plainDecimal(cell("disbursed"));
      if (disbursed === null) diagnostics.push(error("E_REPORT_DISBURSED", place("disbursed"), { value: cell("disbursed") }));
    }
    if (diagnostics.length === before && month !== null && progress !== null) {
      rows.push({ id, month, progress, disbursed, note: cell("note"), line: row.line, progressColumn: place("progress").column, disbursedColumn: place("disbursed").column });
    }
  }
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: { file, rows }, diagnostics };
}

// ── progress.json ─────────────────────────────────────────────────────────────────────────────────────

const ratioString = z.string().refine((s) => parseFraction(s) !== null);

export const progressSettingsSchema = z.strictObject({
  title: z.string().trim().min(1).optional(),
  lag: z.strictObject({ behind: ratioString.optional(), severe: ratioString.optional() }).optional(),
});

export interface ProgressSettings {
  title?: string;
  /** Percentage points. */
  behind: Fraction;
  severe: Fraction;
  source?: JsonSource;
}

export const DEFAULT_LAG = { behind: "10", severe: "30" } as const;

export function defaultSettings(): ProgressSettings {
  return { behind: parseFraction(DEFAULT_LAG.behind)!, severe: parseFraction(DEFAULT_LAG.severe)! };
}

/** The schema's paths, named in the messages ("title", "lag", "lag.behind" …; "" for the whole document). */
function schemaPath(path: readonly PropertyKey[]): string {
  const p = path.map(String).join(".");
  return ["", "title", "lag", "lag.behind", "lag.severe"].includes(p) ? p : path.map(String)[0] ?? "";
}

export function parseProgressSettings(text: string, file: string): { value?: ProgressSettings; diagnostics: Diagnostic[] } {
  const parsed = parseJsonSource(text, file);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const source = parsed.source;
  const checked = progressSettingsSchema.safeParse(source.value);
  if (!checked.success) {
    const diagnostics: Diagnostic[] = [];
    for (const issue of checked.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const keyPath = [...issue.path.map(String), key];
          diagnostics.push(error("E_PROGRESS_UNKNOWN_KEY", { file, ...positionOf(source, keyPath) }, { key: keyPath.join(".") }));
        }
      } else {
        diagnostics.push(error("E_PROGRESS_SCHEMA", { file, ...positionOf(source, issue.path) }, { path: schemaPath(issue.path) }));
      }
    }
    return { diagnostics };
  }
  const { title, lag } = checked.data;
  const behind = parseFraction(lag?.behind ?? DEFAULT_LAG.behind)!;
  const severe = parseFraction(lag?.severe ?? DEFAULT_LAG.severe)!;
  if (cmp(behind, severe) > 0) {
    const key = lag?.behind !== undefined ? "lag.behind" : "lag.severe";
    return { diagnostics: [error("E_PROGRESS_LAG_ORDER", { file, ...positionOf(source, key.split(".")) }, { behind: (lag?.behind ?? DEFAULT_LAG.behind).trim(), severe: (lag?.severe ?? DEFAULT_LAG.severe).trim() })] };
  }
  return { value: { ...(title !== undefined ? { title } : {}), behind, severe, source }, diagnostics: [] };
}

// ── The computation ───────────────────────────────────────────────────────────────────────────────────

export const PROGRESS_STATUSES = ["已完成", "未报送", "逾期未完成", "严重滞后", "滞后", "按序时推进"] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** The points of the schedule: (M(开始) − 1, 0), the milestones, (M(完成时限), 100). */
export function schedulePoints(p: Pick<PlanProject, "start" | "deadline" | "milestones">): { month: Month; percent: Fraction }[] {
  return [{ month: p.start - 1, percent: ZERO }, ...p.milestones, { month: p.deadline, percent: HUNDRED }];
}

/** Planned (序时) progress at month t, in percentage points: straight lines between the points, 0 before, 100 after. */
export function plannedProgress(p: Pick<PlanProject, "start" | "deadline" | "milestones">, t: Month): Fraction {
  const points = schedulePoints(p);
  if (t <= points[0]!.month) return ZERO;
  for (let k = 1; k < points.length; k++) {
    const [a, b] = [points[k - 1]!, points[k]!];
    if (t <= b.month) return add(a.percent, mul(sub(b.percent, a.percent), fraction(BigInt(t - a.month), BigInt(b.month - a.month))));
  }
  return HUNDRED;
}

export interface ProjectProgress {
  project: PlanProject;
  planned: Fraction;
  /** null for 未报送. */
  actual: Fraction | null;
  gap: Fraction | null;
  status: ProgressStatus;
  started: boolean;
  disbursed: Fraction;
  /** The note of the month's row ("" without one). */
  note: string;
  /** The project's reports up to the month reported, by month. */
  track: { month: Month; progress: Fraction }[];
}

export interface ProgressSummary {
  projects: number;
  completed: number;
  started: number;
  onSchedule: number;
  behind: number;
  severelyBehind: number;
  overdue: number;
  unreported: number;
  /** Over the projects that have a budget; null when none has. */
  budget: Fraction | null;
  disbursed: Fraction | null;
}

export interface ProgressResult {
  title: string;
  asOf: Month;
  behind: Fraction;
  severe: Fraction;
  projects: ProjectProgress[];
  summary: ProgressSummary;
  /** The months with any report up to the month reported, in order (the columns of the track). */
  months: Month[];
  warnings: Diagnostic[];
}

/** The month reported by default: the latest 截至 in the reports; null with no reports. */
export function latestMonth(reports: Reports): Month | null {
  return reports.rows.reduce<Month | null>((m, r) => (m === null || r.month > m ? r.month : m), null);
}

export function computeProgress(plan: Plan, reports: Reports, settings: ProgressSettings, asOf: Month, title: string): ProgressResult {
  const upTo = reports.rows.filter((r) => r.month <= asOf);
  const byProject = new Map<string, Report[]>();
  for (const r of upTo) {
    const list = byProject.get(r.id) ?? [];
    list.push(r);
    byProject.set(r.id, list);
  }
  const warnings = decreaseWarnings(reports.file, upTo);
  const projects = plan.projects.map((project): ProjectProgress => {
    const list = [...(byProject.get(project.id) ?? [])].sort((a, b) => a.month - b.month);
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
    const withMoney = list.filter((r) => r.disbursed !== null);
    return {
      project, planned, actual, gap, status,
      started: list.some((r) => r.progress.num > 0n),
      disbursed: withMoney.length > 0 ? withMoney[withMoney.length - 1]!.disbursed! : ZERO,
      note: now?.note ?? "",
      track: list.map((r) => ({ month: r.month, progress: r.progress })),
    };
  });
  const count = (s: ProgressStatus) => projects.filter((p) => p.status === s).length;
  const budgeted = projects.filter((p) => p.project.budget !== null);
  const summary: ProgressSummary = {
    projects: projects.length,
    completed: count("已完成"),
    started: projects.filter((p) => p.started).length,
    onSchedule: count("按序时推进"),
    behind: count("滞后"),
    severelyBehind: count("严重滞后"),
    overdue: count("逾期未完成"),
    unreported: count("未报送"),
    budget: budgeted.length > 0 ? budgeted.reduce((s, p) => add(s, p.project.budget!), ZERO) : null,
    disbursed: budgeted.length > 0 ? budgeted.reduce((s, p) => add(s, p.disbursed), ZERO) : null,
  };
  const months = [...new Set(upTo.map((r) => r.month))].sort((a, b) => a - b);
  return { title, asOf, behind: settings.behind, severe: settings.severe, projects, summary, months, warnings };
}

/** W_PROGRESS_DECREASED: a report lower than the highest earlier report of its project, per row and field. */
function decreaseWarnings(file: string, upTo: readonly Report[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byProject = new Map<string, Report[]>();
  for (const r of upTo) {
    const list = byProject.get(r.id);
    if (list) list.push(r);
    else byProject.set(r.id, [r]);
  }
  for (const r of upTo) {
    const earlier = byProject.get(r.id)!.filter((e) => e.month < r.month);
    for (const field of ["progress", "disbursed"] as const) {
      const value = r[field];
      if (value === null) continue;
      let highest: Report | undefined;
      for (const e of earlier) {
        const v = e[field];
        // On a tie the earliest month is named, so the message does not depend on the order of the rows.
        if (v !== null && (!highest || cmp(v, highest[field]!) > 0 || (cmp(v, highest[field]!) === 0 && e.month < highest.month))) highest = e;
      }
      if (highest && cmp(value, highest[field]!) < 0) {
        const params: Params = { id: r.id, month: monthText(r.month), field, value: decimalText(value), highest: decimalText(highest[field]!), highestMonth: monthText(highest.month) };
        out.push(warning("W_PROGRESS_DECREASED", { file, line: r.line, column: field === "progress" ? r.progressColumn : r.disbursedColumn }, params));
      }
    }
  }
  return out;
}

// ── What is written ───────────────────────────────────────────────────────────────────────────────────

export const PROGRESS_HEADER = ["编号", "项目名称", "责任单位", "完成时限", "计划进度", "实际进度", "差距", "已拨付资金（万元）", "投入资金（万元）", "资金拨付率", "状态", "说明"] as const;

/** The row of out/progress.csv; the gap is kept apart because it is a number (no formula guard when negative). */
export function progressRow(p: ProjectProgress): { cells: string[]; gap: string } {
  const budget = p.project.budget;
  return {
    cells: [
      p.project.id, p.project.name, p.project.unit, monthText(p.project.deadline), tenths(p.planned),
      p.actual === null ? "" : tenths(p.actual), "", decimalText(p.disbursed), budget === null ? "" : decimalText(budget),
      budget === null ? "" : percentText(p.disbursed, budget), p.status, p.status === "未报送" ? "" : p.note,
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

const num = (f: Fraction) => toNumber(f);
const rate = (part: Fraction, of: Fraction | null) => (of === null || of.num === 0n ? null : toNumber(div(part, of)));

/** The `data` of `--json` (SPEC §11): numbers unrounded, rates 0–1. */
export function progressJson(r: ProgressResult) {
  const s = r.summary;
  return {
    asOf: monthText(r.asOf),
    projects: r.projects.map((p) => ({
      id: p.project.id, name: p.project.name, unit: p.project.unit, deadline: monthText(p.project.deadline),
      planned: num(p.planned), actual: p.actual === null ? null : num(p.actual), gap: p.gap === null ? null : num(p.gap),
      disbursed: num(p.disbursed), budget: p.project.budget === null ? null : num(p.project.budget),
      disbursedRate: rate(p.disbursed, p.project.budget), status: p.status, started: p.started,
    })),
    summary: {
      projects: s.projects, completed: s.completed, started: s.started, onSchedule: s.onSchedule, behind: s.behind,
      severelyBehind: s.severelyBehind, overdue: s.overdue, unreported: s.unreported,
      completionRate: s.projects === 0 ? null : s.completed / s.projects,
      startedRate: s.projects === 0 ? null : s.started / s.projects,
      budget: s.budget === null ? null : num(s.budget), disbursed: s.disbursed === null ? null : num(s.disbursed),
      disbursedRate: s.disbursed === null ? null : rate(s.disbursed, s.budget),
    },
  };
}

export type ProgressData = ReturnType<typeof progressJson>;

// ── piaojue progress --plan ───────────────────────────────────────────────────────────────────────────

export const PLAN_DRAFT_HEADER = ["编号", "项目名称", "责任单位", "开始", "完成时限", "投入资金（万元）", "计划节点"] as const;

/** The starting plan: the formal projects, with 完成时限 where the candidate's cell is a date or YYYY-MM, and 投入资金. */
export function draftPlan(selected: readonly { id: string; name: string }[], candidates: CandidateList | undefined): string[][] {
  return selected.map((p) => {
    const c = candidates?.byId.get(p.id);
    const deadline = c ? parseMonth(c.deadline) : null;
    return [p.id, p.name, "", "", deadline === null ? "" : monthText(deadline), c?.budget ?? "", ""];
  });
}
