// The list of projects to evaluate: candidates.csv, or results.csv as tally writes it (its 当选 rows).
import { ID_PATTERN, parseCandidates } from "../candidates.js";
import { STATUS_LABELS } from "../decide.js";
import { errorText, type Diagnostic } from "../diagnostics.js";
import { cellAt, fixedColumns, type Table } from "../table.js";

export interface EvaluatedProject {
  id: string;
  name: string;
  line: number;
}

export interface ProjectList {
  file: string;
  projects: EvaluatedProject[];
  /** The list is a tally's results.csv: only its 当选 rows were taken. */
  fromResults: boolean;
  /** The file's rows left out of the list (a results.csv's rows not 当选): a forms column naming one is a project. */
  leftOut?: EvaluatedProject[];
}

const RESULT_HEADER = "结果";
const SELECTED = STATUS_LABELS.selected;
/** results.csv as tally writes it (SPEC §7); the list needs 编号, 项目名称 and 结果, the others may be dropped. */
const RESULTS_COLUMNS = ["名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"] as const;
const RESULTS_REQUIRED = ["编号", "项目名称", "结果"] as const;
const RESULTS_WHOLE_NUMBERS = ["名次", "赞成", "反对", "弃权", "轮次"] as const;
const RESULT_VALUES: readonly string[] = Object.values(STATUS_LABELS);
const RESULTS_HINT = "计票结果文件的列为：名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次（由 piaojue tally 写出；可以删去不用的列，但不能改名或加列）";

/**
 * The project list: a candidates.csv, validated in full by the candidates parser (SPEC §4), every row
 * evaluated; or a tally's results.csv (recognised by its 结果 column), validated as one, its 当选 rows taken.
 */
export function parseProjectList(table: Table): { value?: ProjectList; diagnostics: Diagnostic[] } {
  const resultCol = table.header.indexOf(RESULT_HEADER);
  if (resultCol >= 0) return parseResultsList(table);
  const checked = parseCandidates(table, "candidates");
  if (!checked.value) return { diagnostics: checked.diagnostics };
  const projects = checked.value.all.map((c) => ({ id: c.id, name: c.name, line: c.line }));
  return { value: { file: table.file, projects, fromResults: false, leftOut: [] }, diagnostics: [] };
}

function parseResultsList(table: Table): { value?: ProjectList; diagnostics: Diagnostic[] } {
  const file = table.file;
  const { columns: col, diagnostics } = fixedColumns(table, RESULTS_COLUMNS, RESULTS_REQUIRED, RESULTS_HINT);
  if (diagnostics.length > 0) return { diagnostics };
  const idCol = col.get("编号")!;
  const nameCol = col.get("项目名称")!;
  const resultCol = col.get(RESULT_HEADER)!;
  const projects: EvaluatedProject[] = [];
  const leftOut: EvaluatedProject[] = [];
  const byId = new Map<string, EvaluatedProject>();
  const byName = new Map<string, EvaluatedProject>();
  for (const row of table.rows) {
    const id = cellAt(row, idCol);
    const name = cellAt(row, nameCol);
    const result = cellAt(row, resultCol);
    let idOk = true;
    let nameOk = true;
    let ok = true;
    if (id === "") { diagnostics.push(errorText("E_PROJECT_ID", { file, line: row.line, column: idCol + 1 }, "编号为空", "每个项目都要有编号，例如 P01")); idOk = false; }
    else if (!ID_PATTERN.test(id)) {
      const reason = "编号只能用字母、数字、- 和 _，且以字母或数字开头";
      diagnostics.push(errorText("E_CANDIDATE_ID", { file, line: row.line, column: idCol + 1 }, `编号“${id}”：${reason}`, undefined, { field: "id", value: id, reason }));
      idOk = false;
    } else if (byId.has(id)) { diagnostics.push(errorText("E_DUPLICATE_ID", { file, line: row.line, column: idCol + 1 }, `编号“${id}”与第 ${byId.get(id)!.line} 行重复`, "编号必须唯一")); idOk = false; }
    if (name === "") { diagnostics.push(errorText("E_PROJECT_NAME", { file, line: row.line, column: nameCol + 1 }, "项目名称为空", "填写项目名称")); nameOk = false; }
    else if (byName.has(name)) { diagnostics.push(errorText("E_DUPLICATE_NAME", { file, line: row.line, column: nameCol + 1 }, `项目名称“${name}”与第 ${byName.get(name)!.line} 行重复`, "项目名称必须唯一")); nameOk = false; }
    if (!RESULT_VALUES.includes(result)) {
      diagnostics.push(errorText("E_RESULT_VALUE", { file, line: row.line, column: resultCol + 1 }, `第 ${row.line} 行的结果“${result}”不是计票结果`, `结果只能是：${RESULT_VALUES.join("、")}`, { value: result }));
      ok = false;
    }
    for (const h of RESULTS_WHOLE_NUMBERS) {
      const index = col.get(h);
      if (index === undefined) continue;
      const raw = cellAt(row, index);
      if (!/^\d+$/.test(raw)) { diagnostics.push(errorText("E_COUNT_NUMBER", { file, line: row.line, column: index + 1 }, `第 ${row.line} 行“${h}”的“${raw}”不是非负整数`, RESULTS_HINT)); ok = false; }
    }
    const p = { id, name, line: row.line };
    if (idOk) byId.set(id, p);
    if (nameOk) byName.set(name, p);
    if (ok && idOk && nameOk) (result === SELECTED ? projects : leftOut).push(p);
  }
  // A column of the forms may be named by id or by name: the two must not collide.
  for (const p of byName.values()) {
    const other = byId.get(p.name);
    if (other && other !== p) diagnostics.push(errorText("E_AMBIGUOUS_NAME", { file, line: p.line, column: nameCol + 1 }, `项目名称“${p.name}”与第 ${other.line} 行的编号相同`, "改一个名称，否则测评表的列名无法区分"));
  }
  if (projects.length === 0 && diagnostics.length === 0) {
    diagnostics.push(errorText("E_NO_PROJECTS", { file, line: table.headerLine, column: 1 }, "计票结果中没有“当选”的项目", "确认 evaluation.json 的 projects 指向最终的计票结果（所有轮次计完后的 results.csv）"));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { value: { file, projects, fromResults: true, leftOut }, diagnostics };
}
