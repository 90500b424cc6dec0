// The list of projects to evaluate: candidates.csv, or results.csv as tally writes it (its 当选 rows).
import { ID_PATTERN, parseCandidates } from "../candidates.js";
import { STATUS_LABELS } from "../decide.js";
import { error, warning, type Diagnostic, type Params } from "../diagnostics.js";
import { cellAt, fixedColumns, unguardCell, type Table } from "../table.js";

export interface EvaluatedProject {
  id: string;
  name: string;
  line: number;
  /** A row a results.csv left out: its 结果 (未当选, or 得票相等待再次票决 in a tally not final). */
  result?: string;
}

export interface ProjectList {
  file: string;
  projects: EvaluatedProject[];
  /** The list is a tally's results.csv: only its 当选 rows were taken. */
  fromResults: boolean;
  /** The file's rows left out of the list (a results.csv's rows not 当选): a forms column naming one is a project. */
  leftOut?: EvaluatedProject[];
}

/** A list's file and the rows it left out: what a note on a project not evaluated names. */
export type LeftOutRows = Pick<ProjectList, "file" | "leftOut">;

/**
 * An id or name written for a row the list left out (a results.csv's row not 当选): that project is in the
 * file but not selected, which a note says rather than that it is not in the list. None for any other.
 */
export function leftOutParams(written: string, list: LeftOutRows | undefined): Params {
  const p = list?.leftOut?.find((x) => x.id === written || x.name === written);
  return p && list ? { unselected: `${p.id} ${p.name}`, list: list.file, ...(p.result ? { result: p.result } : {}) } : {};
}

const RESULT_HEADER = "结果";
const SELECTED = STATUS_LABELS.selected;
/** results.csv as tally writes it (SPEC §7); the list needs 编号, 项目名称 and 结果, the others may be dropped. */
const RESULTS_COLUMNS = ["名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"] as const;
const RESULTS_REQUIRED = ["编号", "项目名称", "结果"] as const;
const RESULTS_WHOLE_NUMBERS = ["名次", "赞成", "反对", "弃权", "轮次"] as const;
const RESULT_VALUES: readonly string[] = Object.values(STATUS_LABELS);

/**
 * The project list: a candidates.csv, validated in full by the candidates parser (SPEC §4), every row
 * evaluated; or a tally's results.csv (recognised by its 结果 column), validated as one, its 当选 rows taken.
 */
export function parseProjectList(table: Table): { value?: ProjectList; diagnostics: Diagnostic[] } {
  const resultCol = table.header.indexOf(RESULT_HEADER);
  if (resultCol >= 0) return parseResultsList(table);
  const checked = parseCandidates(table, "candidates");
  // An empty list is said in the evaluation's words (测评项目), not the vote's (候选项目).
  const diagnostics = checked.diagnostics.map((d) => (d.code === "E_NO_CANDIDATES" ? error("E_NO_PROJECTS", d.at, { sheet: "candidates" }) : d));
  if (!checked.value) return { diagnostics };
  const projects = checked.value.all.map((c) => ({ id: c.id, name: c.name, line: c.line }));
  return { value: { file: table.file, projects, fromResults: false, leftOut: [] }, diagnostics: [] };
}

function parseResultsList(written: Table): { value?: ProjectList; diagnostics: Diagnostic[] } {
  // tally wrote this file: a name it guarded ('-路灯改造) is read as the name it is (-路灯改造).
  const table = { ...written, rows: written.rows.map((r) => ({ line: r.line, cells: r.cells.map(unguardCell) })) };
  const file = table.file;
  const { columns: col, diagnostics } = fixedColumns(table, RESULTS_COLUMNS, RESULTS_REQUIRED, "results");
  if (diagnostics.length > 0) return { diagnostics };
  const [idCol, nameCol, resultCol] = [col.get("编号")!, col.get("项目名称")!, col.get(RESULT_HEADER)!];
  const projects: EvaluatedProject[] = [];
  const leftOut: EvaluatedProject[] = [];
  const byId = new Map<string, EvaluatedProject>();
  const byName = new Map<string, EvaluatedProject>();
  for (const row of table.rows) {
    const [id, name, result] = [cellAt(row, idCol), cellAt(row, nameCol), cellAt(row, resultCol)];
    const problem = (column: number, code: string, params?: Params) => {
      diagnostics.push(error(code, { file, line: row.line, column: column + 1 }, params));
      return false;
    };
    let [idOk, nameOk, ok] = [true, true, true];
    if (id === "") idOk = problem(idCol, "E_PROJECT_ID");
    else if (!ID_PATTERN.test(id)) {
      idOk = problem(idCol, "E_CANDIDATE_ID", { field: "编号", english: "id", value: id, problem: "id-pattern" });
    } else if (byId.has(id)) idOk = problem(idCol, "E_DUPLICATE_ID", { id, otherLine: byId.get(id)!.line });
    if (name === "") nameOk = problem(nameCol, "E_PROJECT_NAME");
    else if (byName.has(name)) {
      nameOk = problem(nameCol, "E_DUPLICATE_NAME", { name, otherLine: byName.get(name)!.line });
    }
    if (!RESULT_VALUES.includes(result)) {
      ok = problem(resultCol, "E_RESULT_VALUE", { line: row.line, value: result, values: RESULT_VALUES });
    }
    for (const h of RESULTS_WHOLE_NUMBERS.filter((h) => col.has(h))) {
      const index = col.get(h)!;
      const value = cellAt(row, index);
      const params = { line: row.line, column: h, value, sheet: "results" };
      if (!/^\d+$/.test(value)) ok = problem(index, "E_COUNT_NUMBER", params);
    }
    const p = { id, name, line: row.line };
    if (idOk) byId.set(id, p);
    if (nameOk) byName.set(name, p);
    if (ok && idOk && nameOk) {
      if (result === SELECTED) projects.push(p);
      else leftOut.push({ ...p, result });
    }
  }
  // A column of the forms may be named by id or by name: the two must not collide.
  for (const p of byName.values()) {
    const other = byId.get(p.name);
    if (other && other !== p) {
      const params = { name: p.name, otherLine: other.line, sheet: "forms" };
      diagnostics.push(error("E_AMBIGUOUS_NAME", { file, line: p.line, column: nameCol + 1 }, params));
    }
  }
  if (projects.length === 0 && diagnostics.length === 0) {
    diagnostics.push(error("E_NO_PROJECTS", { file, line: table.headerLine, column: 1 }, { sheet: "results" }));
  }
  if (diagnostics.length > 0) return { diagnostics };
  // Rows still waiting for a runoff: the list is a tally that is not final, so a project may be missing.
  const tied = table.rows.filter((row) => cellAt(row, resultCol) === STATUS_LABELS.tied);
  const notes = tied.length === 0 ? [] : [warning("W_PROJECTS_NOT_FINAL", { file, line: tied[0]!.line, column: resultCol + 1 }, { ids: tied.map((row) => cellAt(row, idCol)) })];
  return { value: { file, projects, fromResults: true, leftOut }, diagnostics: notes };
}
