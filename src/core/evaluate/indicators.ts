// indicators.csv: each project's indicators and their completion rate.
import { error, warning, type Diagnostic, type Params } from "../diagnostics.js";
import { idTyped } from "../characters.js";
import { fraction, parseFraction, type Fraction } from "../fraction.js";
import { blankRow, cellAt, fixedColumns, type Table } from "../table.js";
import { ONE, div, weightedAverage } from "./exact.js";
import { leftOutParams, type EvaluatedProject, type LeftOutRows } from "./projects.js";
import { normalizeCell } from "./forms.js";

export interface Indicator {
  projectId: string;
  name: string;
  target: Fraction;
  actual: Fraction;
  weight: Fraction;
  /** As written, for the report. */
  targetText: string;
  actualText: string;
  line: number;
}

const INDICATOR_COLUMNS = ["编号", "指标", "目标值", "完成值", "权重"] as const;

/** A non-negative decimal or fraction, optionally with a trailing % (then divided by 100). */
export function parseQuantity(text: string): Fraction | null {
  // Commas only as thousands separators (1,860 as a spreadsheet shows it): 0,5 or 1,0 is no number here
  // (a decimal comma would be read ten or a hundred times too large).
  const written = normalizeCell(text);
  const t = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$/.test(written) ? written.replace(/,/g, "") : written;
  const percent = t.endsWith("%");
  const f = parseFraction(percent ? t.slice(0, -1) : t);
  if (!f) return null;
  return percent ? fraction(f.num, f.den * 100n) : f;
}

/** indicators.csv: 编号,指标,目标值,完成值,权重 → the indicators of each listed project. */
export function parseIndicators(table: Table, projects: readonly EvaluatedProject[], projectList?: LeftOutRows) {
  const file = table.file;
  const notes: Diagnostic[] = [];
  const required = INDICATOR_COLUMNS.slice(0, 4);
  const { columns: col, diagnostics } = fixedColumns(table, INDICATOR_COLUMNS, required, "indicators");
  if (diagnostics.length > 0) return { diagnostics };
  const listed = new Set(projects.map((p) => p.id));
  // The 编号 cell may name the project, as in evaluation-counts.csv (an id that is also a name wins).
  const idOfName = new Map(projects.map((p) => [p.name, p.id] as const));
  const out = new Map<string, Indicator[]>();
  const unknown = new Set<string>();
  // The line of each project's indicator by name: the same indicator twice counts its weight twice.
  const firstLine = new Map<string, number>();
  for (const row of table.rows) {
    if (blankRow(row, file, diagnostics)) continue;
    const at = (h: string) => ({ file, line: row.line, column: col.get(h)! + 1 });
    const cell = (h: string) => cellAt(row, col.get(h)!);
    let ok = true;
    const problem = (h: string, code: string, params: Params = {}) => {
      diagnostics.push(error(code, at(h), { line: row.line, ...params }));
      ok = false;
      return null;
    };
    const [written, name, targetText, actualText] = [cell("编号"), cell("指标"), cell("目标值"), cell("完成值")];
    const id = listed.has(written) ? written : (idOfName.get(written) ?? written);
    if (id === "") problem("编号", "E_PROJECT_ID");
    if (name === "") problem("指标", "E_INDICATOR_NAME");
    const quantity = (h: string, value: string) =>
      parseQuantity(value) ?? problem(h, "E_INDICATOR_NUMBER", { column: h, value });
    const target = quantity("目标值", targetText);
    const actual = quantity("完成值", actualText);
    if (target?.num === 0n) problem("目标值", "E_INDICATOR_TARGET_ZERO");
    // 100 against 95% (a percent-formatted cell in Excel) would read as 0.95 / 100: one side with % and the
    // other without cannot be compared safely.
    const percent = (text: string) => normalizeCell(text).endsWith("%");
    if (target && actual && percent(targetText) !== percent(actualText)) {
      problem(percent(targetText) ? "完成值" : "目标值", "E_INDICATOR_UNITS", { target: targetText, actual: actualText });
    }
    const weightText = col.has("权重") ? cell("权重") : "";
    const weight = weightText === "" ? ONE
      : parseFraction(normalizeCell(weightText)) ?? problem("权重", "E_INDICATOR_WEIGHT", { value: weightText });
    if (!ok || !target || !actual || !weight) continue;
    const meant = listed.has(id) ? undefined : idTyped(id);
    if (meant !== undefined && listed.has(meant)) {
      // A listed project's ID typed with a Chinese input method: that project mistyped, not another one.
      diagnostics.push(error("E_ID_WRITTEN", at("编号"), { id, meant }));
      continue;
    }
    if (!listed.has(id)) {
      if (!unknown.has(id)) notes.push(warning("W_INDICATOR_PROJECT_NOT_LISTED", at("编号"), { id, ...leftOutParams(id, projectList) }));
      unknown.add(id);
      continue;
    }
    const key = `${id}\u0000${name}`;
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, row.line);
    else notes.push(warning("W_INDICATOR_REPEATED", at("指标"), { id, name, first }));
    const list = out.get(id) ?? [];
    list.push({ projectId: id, name, target, actual, weight, targetText, actualText, line: row.line });
    out.set(id, list);
  }
  for (const [id, list] of out) {
    if (list.every((i) => i.weight.num === 0n)) {
      const at = { file, line: list[0]!.line, column: (col.get("权重") ?? 0) + 1 };
      diagnostics.push(error("E_INDICATOR_WEIGHT", at, { id, total: 0 }));
    }
  }
  if (diagnostics.length > 0) return { diagnostics: [...diagnostics, ...notes] };
  return { value: out, diagnostics: notes };
}

/** One indicator's 完成比例: min(完成值 / 目标值, 1), whatever its weight (a weight of 0 still has a figure). */
export function indicatorRatio(i: Indicator): Fraction {
  const ratio = div(i.actual, i.target);
  return ratio.num >= ratio.den ? ONE : ratio;
}

/** 完成率 = Σ weight × min(完成值 / 目标值, 1) / Σ weight. */
export function completionOf(list: readonly Indicator[]): Fraction | null {
  return weightedAverage(list.map((i) => ({ weight: i.weight, value: indicatorRatio(i) })));
}
