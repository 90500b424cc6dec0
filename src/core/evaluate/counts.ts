// Hand counts (evaluation-counts.csv): one row of level counts per project and group.
import { IDENTIFYING_COLUMNS } from "../ballots.js";
import { idTyped } from "../characters.js";
import { error, warning, type Diagnostic, type Params } from "../diagnostics.js";
import { blankRow, cellAt, fixedColumns, type Table } from "../table.js";
import { type EvaluationConfig } from "./config.js";
import { leftOutParams, type EvaluatedProject, type LeftOutRows } from "./projects.js";
import { groupFinder, normalizeCell, notListedWarning, total, type EvaluationCounts, type LevelCounts } from "./forms.js";

const COUNT_COLUMNS = ["编号", "项目名称", "组别", "满意", "基本满意", "不满意", "弃权"] as const;
const REQUIRED_COUNT_COLUMNS = ["编号", "满意", "基本满意", "不满意"] as const;

/** evaluation-counts.csv: 编号,组别,满意,基本满意,不满意,弃权 — one row per project and group. */
export function parseEvaluationCounts(table: Table, projects: readonly EvaluatedProject[], config: Pick<EvaluationConfig, "groups" | "rateBase">, list?: LeftOutRows): { value?: EvaluationCounts; diagnostics: Diagnostic[] } {
  const { groups } = config;
  const file = table.file;
  const notes: Diagnostic[] = [];
  const identifying = new Set(IDENTIFYING_COLUMNS.map((s) => s.toLowerCase()));
  const { columns: col, diagnostics } = fixedColumns(table, COUNT_COLUMNS, REQUIRED_COUNT_COLUMNS, "counts", (h, at) => (identifying.has(h.toLowerCase())
    ? error("E_IDENTIFYING_COLUMN", at, { column: h, sheet: "counts" })
    : error("E_UNKNOWN_COLUMN", at, { column: h, sheet: "counts" })));
  if (diagnostics.length > 0) return { diagnostics };
  // Without a 弃权 column every 弃权 is 0: under rateBase "returned" the rates would then stand on the valid
  // forms alone, higher than the rule means, with nothing to show it.
  if (!col.has("弃权") && config.rateBase === "returned") notes.push(warning("W_EVAL_NO_ABSTAIN_COLUMN", { file, line: table.headerLine, column: 1 }, {}));

  const projectIndex = new Map(projects.map((p, i) => [p.id, i] as const));
  // The 编号 cell may name the project, as a form's column may (an id that is also a name wins).
  const nameIndex = new Map(projects.map((p, i) => [p.name, i] as const));
  const groupOf = groupFinder(groups.map((g) => g.name));
  const cells: (LevelCounts | null)[][] = projects.map(() => groups.map(() => null));
  const rowLine: number[][] = projects.map(() => groups.map(() => 0));
  const unknownSeen = new Set<string>();
  const seenUnknownRows = new Map<string, number>();
  for (const row of table.rows) {
    if (blankRow(row, file, diagnostics)) continue;
    const at = (h: string) => ({ file, line: row.line, column: (col.get(h) ?? 0) + 1 });
    const written = cellAt(row, col.get("编号")!);
    let ok = true;
    let g = 0;
    if (col.has("组别")) {
      const groupCell = cellAt(row, col.get("组别")!);
      const name = normalizeCell(groupCell);
      const index = groupOf(groupCell);
      if (name === "") { diagnostics.push(error("E_EVAL_GROUP_EMPTY", at("组别"), { line: row.line, groups: groups.map((x) => x.name) })); ok = false; }
      else if (index === undefined) { diagnostics.push(error("E_EVAL_GROUP_UNKNOWN", at("组别"), { line: row.line, group: name, groups: groups.map((x) => x.name) })); ok = false; }
      else g = index;
    }
    const nums: number[] = [];
    for (const h of ["满意", "基本满意", "不满意", "弃权"]) {
      if (!col.has(h)) { nums.push(0); continue; }
      const raw = normalizeCell(cellAt(row, col.get(h)!));
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
        diagnostics.push(error("E_COUNT_NUMBER", at(h), { line: row.line, column: h, value: raw, sheet: "counts" }));
        ok = false;
      } else nums.push(Number(raw));
    }
    const p = projectIndex.get(written) ?? nameIndex.get(written);
    const id = p === undefined ? written : projects[p]!.id;
    if (id === "") { diagnostics.push(error("E_PROJECT_ID", at("编号"), { line: row.line })); continue; }
    // A listed project's ID typed with a Chinese input method (Ｅ2) is that project mistyped, not another one.
    const meant = p === undefined ? idTyped(id) : undefined;
    if (meant !== undefined && projectIndex.has(meant)) { diagnostics.push(error("E_ID_WRITTEN", at("编号"), { id, meant })); continue; }
    if (p === undefined) {
      const key = `${id}\u0000${g}`;
      if (seenUnknownRows.has(key)) diagnostics.push(error("E_DUPLICATE_ROW", at("编号"), { id, group: groups[g]!.name, otherLine: seenUnknownRows.get(key)! }));
      else seenUnknownRows.set(key, row.line);
      if (!unknownSeen.has(id)) { unknownSeen.add(id); notes.push(notListedWarning(file, row.line, at("编号").column, id, true, true, leftOutParams(id, list))); }
      continue;
    }
    if (col.has("项目名称")) {
      const name = cellAt(row, col.get("项目名称")!);
      if (name !== "" && name !== projects[p]!.name) {
        diagnostics.push(error("E_EVAL_NAME_MISMATCH", at("项目名称"), { id, listed: projects[p]!.name, written: name }));
        ok = false;
      }
    }
    if (!ok) continue;
    if (rowLine[p]![g] !== 0) { diagnostics.push(error("E_DUPLICATE_ROW", at("编号"), { id, group: groups[g]!.name, otherLine: rowLine[p]![g]! })); continue; }
    rowLine[p]![g] = row.line;
    const [satisfied, basic, unsatisfied, abstain] = nums as [number, number, number, number];
    const total = satisfied + basic + unsatisfied + abstain;
    const members = groups[g]!.members;
    if (members !== null && total > members) {
      diagnostics.push(error("E_EVAL_FORMS_EXCEED_MEMBERS", { file, line: row.line, column: 1 }, { id, group: groups[g]!.name, forms: total, members, sheet: "counts" }));
      continue;
    }
    // A row of zeros is no forms: the group is left out of the project's figures (and warned about below).
    if (total > 0) cells[p]![g] = { satisfied, basic, unsatisfied, abstain };
  }
  if (diagnostics.length > 0) return { diagnostics: [...diagnostics, ...notes] };

  // Forms that do not add up: within a group every project should have the same number of forms. The
  // usual total is taken over the projects with forms; a row of zeros or a missing row (total 0) in a
  // group other projects have forms in differs from it too. A group where no project has forms is
  // W_EVAL_GROUP_NO_FORMS instead.
  const groupForms = groups.map(() => 0);
  groups.forEach((group, g) => {
    const totals = new Map<number, number>();
    projects.forEach((_, p) => { const c = cells[p]![g]; if (c) { const t = total(c); totals.set(t, (totals.get(t) ?? 0) + 1); } });
    if (totals.size === 0) return;
    // The total most projects have; on a tie the larger (a missing form is likelier than an extra one).
    // It is the group's number of forms, as the warnings below name it.
    const [usual] = [...totals].sort(([ta, na], [tb, nb]) => nb - na || tb - ta)[0]!;
    groupForms[g] = usual;
    projects.forEach((project, p) => {
      const c = cells[p]![g];
      if (c && total(c) === usual) return;
      const line = rowLine[p]![g]!;
      const row = c ? "differs" : line !== 0 ? "zero" : "missing";
      const figures: Params = c ? { forms: total(c), satisfied: c.satisfied, basic: c.basic, unsatisfied: c.unsatisfied, abstain: c.abstain } : {};
      notes.push(warning("W_EVAL_TOTALS_DIFFER", { file, line: line !== 0 ? line : table.headerLine, column: 1 },
        { row, id: project.id, name: project.name, group: group.name, ...figures, usual }));
    });
  });
  return { value: { source: "counts", file, groupForms, cells, rowLines: rowLine }, diagnostics: notes };
}

