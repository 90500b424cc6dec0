// indicators.csv: each project's indicators and their completion rate.
import { error, warning, type Diagnostic } from "../diagnostics.js";
import { fraction, parseFraction, type Fraction } from "../fraction.js";
import { cellAt, fixedColumns, type Table } from "../table.js";
import { ZERO, ONE, add, mul, div } from "./exact.js";
import { type EvaluatedProject } from "./projects.js";
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
  const t = normalizeCell(text).replace(/,/g, "");
  const percent = t.endsWith("%");
  const f = parseFraction(percent ? t.slice(0, -1) : t);
  if (!f) return null;
  return percent ? fraction(f.num, f.den * 100n) : f;
}

/** indicators.csv: 编号,指标,目标值,完成值,权重 → the indicators of each listed project. */
export function parseIndicators(table: Table, projects: readonly EvaluatedProject[]): { value?: Map<string, Indicator[]>; diagnostics: Diagnostic[] } {
  const file = table.file;
  const notes: Diagnostic[] = [];
  const { columns: col, diagnostics } = fixedColumns(table, INDICATOR_COLUMNS, ["编号", "指标", "目标值", "完成值"], "indicators");
  if (diagnostics.length > 0) return { diagnostics };
  const listed = new Set(projects.map((p) => p.id));
  const out = new Map<string, Indicator[]>();
  const unknown = new Set<string>();
  for (const row of table.rows) {
    const at = (h: string) => ({ file, line: row.line, column: col.get(h)! + 1 });
    const id = cellAt(row, col.get("编号")!);
    const name = cellAt(row, col.get("指标")!);
    let ok = true;
    if (id === "") { diagnostics.push(error("E_PROJECT_ID", at("编号"), { line: row.line })); ok = false; }
    if (name === "") { diagnostics.push(error("E_INDICATOR_NAME", at("指标"), { line: row.line })); ok = false; }
    const quantity = (h: string): Fraction | null => {
      const raw = cellAt(row, col.get(h)!);
      const f = parseQuantity(raw);
      if (!f) { diagnostics.push(error("E_INDICATOR_NUMBER", at(h), { line: row.line, column: h, value: raw })); ok = false; }
      return f;
    };
    const target = quantity("目标值");
    const actual = quantity("完成值");
    if (target && target.num === 0n) { diagnostics.push(error("E_INDICATOR_TARGET_ZERO", at("目标值"), { line: row.line })); ok = false; }
    let weight = fraction(1n, 1n);
    if (col.has("权重") && cellAt(row, col.get("权重")!) !== "") {
      const raw = cellAt(row, col.get("权重")!);
      const w = parseFraction(normalizeCell(raw));
      if (!w) { diagnostics.push(error("E_INDICATOR_WEIGHT", at("权重"), { line: row.line, value: raw })); ok = false; } else weight = w;
    }
    if (!ok || !target || !actual) continue;
    if (!listed.has(id)) {
      if (!unknown.has(id)) { unknown.add(id); notes.push(warning("W_INDICATOR_PROJECT_NOT_LISTED", at("编号"), { id })); }
      continue;
    }
    const list = out.get(id) ?? [];
    list.push({ projectId: id, name, target, actual, weight, targetText: cellAt(row, col.get("目标值")!), actualText: cellAt(row, col.get("完成值")!), line: row.line });
    out.set(id, list);
  }
  for (const [id, list] of out) {
    if (list.every((i) => i.weight.num === 0n)) diagnostics.push(error("E_INDICATOR_WEIGHT", { file, line: list[0]!.line, column: (col.get("权重") ?? 0) + 1 }, { id, total: 0 }));
  }
  if (diagnostics.length > 0) return { diagnostics: [...diagnostics, ...notes] };
  return { value: out, diagnostics: notes };
}

/** 完成率 = Σ weight × min(完成值 / 目标值, 1) / Σ weight. */
export function completionOf(list: readonly Indicator[]): Fraction | null {
  let sw = ZERO;
  let s = ZERO;
  for (const i of list) {
    const ratio = div(i.actual, i.target);
    const capped = ratio.num >= ratio.den ? ONE : ratio;
    sw = add(sw, i.weight);
    s = add(s, mul(i.weight, capped));
  }
  return sw.num > 0n ? div(s, sw) : null;
}
