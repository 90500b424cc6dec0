// indicators.csv: each project's indicators and their completion rate.
import { errorText, warningText, type Diagnostic } from "../diagnostics.js";
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
const INDICATORS_HINT = "指标文件的列为：编号,指标,目标值,完成值,权重（权重可省略，按 1 计）";

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
  const { columns: col, diagnostics } = fixedColumns(table, INDICATOR_COLUMNS, ["编号", "指标", "目标值", "完成值"], INDICATORS_HINT);
  if (diagnostics.length > 0) return { diagnostics };
  const listed = new Set(projects.map((p) => p.id));
  const out = new Map<string, Indicator[]>();
  const unknown = new Set<string>();
  for (const row of table.rows) {
    const at = (h: string) => ({ file, line: row.line, column: col.get(h)! + 1 });
    const id = cellAt(row, col.get("编号")!);
    const name = cellAt(row, col.get("指标")!);
    let ok = true;
    if (id === "") { diagnostics.push(errorText("E_PROJECT_ID", at("编号"), `第 ${row.line} 行的编号为空`, "填写项目编号")); ok = false; }
    if (name === "") { diagnostics.push(errorText("E_INDICATOR_NAME", at("指标"), `第 ${row.line} 行的指标名称为空`, "写明指标，例如“新增床位（张）”")); ok = false; }
    const quantity = (h: string, what: string): Fraction | null => {
      const raw = cellAt(row, col.get(h)!);
      const f = parseQuantity(raw);
      if (!f) { diagnostics.push(errorText("E_INDICATOR_NUMBER", at(h), `第 ${row.line} 行的${what}“${raw}”不是非负数`, "只写数字，如 100、0.95、95% 或 2/3，不要写单位")); ok = false; }
      return f;
    };
    const target = quantity("目标值", "目标值");
    const actual = quantity("完成值", "完成值");
    if (target && target.num === 0n) { diagnostics.push(errorText("E_INDICATOR_TARGET_ZERO", at("目标值"), `第 ${row.line} 行的目标值为 0，无法计算完成比例`, "目标值应大于 0")); ok = false; }
    let weight = fraction(1n, 1n);
    if (col.has("权重") && cellAt(row, col.get("权重")!) !== "") {
      const raw = cellAt(row, col.get("权重")!);
      const w = parseFraction(normalizeCell(raw));
      if (!w) { diagnostics.push(errorText("E_INDICATOR_WEIGHT", at("权重"), `第 ${row.line} 行的权重“${raw}”不是非负数`, "写小数或分数，如 0.3 或 1/3；留空按 1 计")); ok = false; } else weight = w;
    }
    if (!ok || !target || !actual) continue;
    if (!listed.has(id)) {
      if (!unknown.has(id)) { unknown.add(id); notes.push(warningText("W_INDICATOR_PROJECT_NOT_LISTED", at("编号"), `指标的编号“${id}”不是项目清单中的项目，未计入`, "核对编号，或确认 evaluation.json 的 projects 指向正确的项目清单")); }
      continue;
    }
    const list = out.get(id) ?? [];
    list.push({ projectId: id, name, target, actual, weight, targetText: cellAt(row, col.get("目标值")!), actualText: cellAt(row, col.get("完成值")!), line: row.line });
    out.set(id, list);
  }
  for (const [id, list] of out) {
    if (list.every((i) => i.weight.num === 0n)) diagnostics.push(errorText("E_INDICATOR_WEIGHT", { file, line: list[0]!.line, column: (col.get("权重") ?? 0) + 1 }, `项目“${id}”的指标权重合计为 0`, "至少一个指标的权重应大于 0"));
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
