// Forms (evaluations.csv): the header resolved to groups and projects, then rows counted one at a time.
import { IDENTIFYING_COLUMNS } from "../ballots.js";
import { ID_PATTERN } from "../candidates.js";
import { error, warning, type Diagnostic, type Params } from "../diagnostics.js";
import { type Table } from "../table.js";
import { type Level, LEVEL_BY_CELL } from "./config.js";
import { leftOutParams, type EvaluatedProject, type LeftOutRows } from "./projects.js";

const GROUP_COLUMN = "组别";

export interface LevelCounts {
  satisfied: number;
  basic: number;
  unsatisfied: number;
  abstain: number;
}

/** What was read from the forms or the hand counts. */
export interface EvaluationCounts {
  source: "forms" | "counts";
  file: string;
  /** Forms per group (config order). For hand counts: the largest project total of the group. */
  groupForms: number[];
  /** [project][group]: null when the group has no forms for the project. */
  cells: (LevelCounts | null)[][];
  /** Hand counts only: [project][group] the line of the row (0: no row), for warnings about one row. */
  rowLines?: number[][];
}

export interface FormLayout {
  file: string;
  headerLine: number;
  width: number;
  groupColumn: number | null;
  /** Column index of each listed project, in list order. */
  projectColumns: number[];
  /** Columns of projects not in the list (by id pattern or a row the list left out): warned about, not counted. */
  unlisted: { column: number; header: string; leftOut: Params }[];
  groups: string[];
  projects: EvaluatedProject[];
}

export function normalizeCell(cell: string): string {
  return cell.normalize("NFKC").trim();
}

/**
 * A 组别 cell's group, as written or as the input method may have typed it: 村（社区）群众 with full-width
 * brackets, or with half-width ones, names the same group whichever way evaluation.json writes it.
 */
export function groupFinder(groups: readonly string[]): (cell: string) => number | undefined {
  const index = new Map<string, number>();
  groups.forEach((name, i) => { index.set(name, i); if (!index.has(normalizeCell(name))) index.set(normalizeCell(name), i); });
  return (cell) => index.get(cell.trim()) ?? index.get(normalizeCell(cell));
}

function levelOf(cell: string): Level | undefined {
  return LEVEL_BY_CELL.get(cell) ?? LEVEL_BY_CELL.get(normalizeCell(cell));
}

/**
 * Maps the forms header to the listed projects. A column naming no listed project is taken for a project
 * not in the list (a warning, not counted) only when it is recognisably one: its header has the form of an
 * id, or is the id or name of a row the list left out (a results.csv's 未当选 rows). Any other column is an
 * error, as for ballots: the forms are anonymous. An identifying name (姓名, …) is its own error; any other
 * unknown column is told neutrally, as a misspelt project may well be what it is.
 */
export function resolveFormHeader(header: readonly string[], headerLine: number, projects: readonly EvaluatedProject[], groups: readonly string[], file: string, list?: LeftOutRows): { value?: FormLayout; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, number>();
  projects.forEach((p, i) => byKey.set(p.id, i));
  projects.forEach((p, i) => { if (!byKey.has(p.name)) byKey.set(p.name, i); });
  const identifying = new Set(IDENTIFYING_COLUMNS.map((s) => s.toLowerCase()));
  const columns: (number | undefined)[] = projects.map(() => undefined);
  const unlisted: FormLayout["unlisted"] = [];
  const unknown: number[] = [];
  let groupColumn: number | null = null;
  header.forEach((h, index) => {
    const at = { file, line: headerLine, column: index + 1 };
    const p = byKey.get(h);
    if (p !== undefined) {
      const prev = columns[p];
      if (prev !== undefined) diagnostics.push(error("E_DUPLICATE_COLUMN", at, { column: h, otherColumn: prev + 1, project: projects[p]!.id }));
      else columns[p] = index;
    } else if (h === GROUP_COLUMN) {
      if (groupColumn !== null) diagnostics.push(error("E_DUPLICATE_COLUMN", at, { column: h }));
      else groupColumn = index;
    } else if (identifying.has(h.toLowerCase())) {
      diagnostics.push(error("E_IDENTIFYING_COLUMN", at, { column: h, sheet: "forms" }));
    } else if (h === "") {
      diagnostics.push(error("E_EMPTY_HEADER", at, { sheet: "forms" }));
    } else if (ID_PATTERN.test(h) || "unselected" in leftOutParams(h, list)) {
      unlisted.push({ column: index, header: h, leftOut: leftOutParams(h, list) });
    } else {
      unknown.push(diagnostics.push(error("E_UNKNOWN_COLUMN", at, { column: h, sheet: "forms", ids: projects.map((x) => x.id) })) - 1);
    }
  });
  const missing = projects.filter((_, i) => columns[i] === undefined);
  // One unknown column where one project has none: most likely that project's name misspelt, so it is named.
  if (unknown.length === 1 && missing.length === 1) {
    const d = diagnostics[unknown[0]!]!;
    diagnostics[unknown[0]!] = { ...d, params: { ...d.params, nearest: `${missing[0]!.id} ${missing[0]!.name}` } };
  }
  for (const p of missing) diagnostics.push(error("E_MISSING_COLUMN", { file, line: headerLine, column: 1 }, { project: `${p.id} ${p.name}` }));
  if (diagnostics.length > 0) return { diagnostics };
  return { value: { file, headerLine, width: header.length, groupColumn, projectColumns: columns as number[], unlisted, groups: [...groups], projects: [...projects] }, diagnostics };
}

const MAX_LISTED = 200;
/** The order of a project's four counts in EvaluationTally. */
const COUNTED_ORDER: readonly Level[] = ["satisfied", "basic", "unsatisfied", "abstain"];

/** Counts evaluation forms one row at a time (SPEC §8). Problems become diagnostics; nothing throws. */
export class EvaluationTally {
  /** (group × projects + project) × 4 + level. Float64 so counts stay exact far beyond 2^31. */
  private readonly counts: Float64Array;
  private readonly forms: Float64Array;
  private readonly groupOf: (cell: string) => number | undefined;
  /** Whether each unlisted column has any filled cell (for the warning's wording). */
  private readonly unlistedSeen: boolean[];
  private errors = 0;
  private readonly errorLines: Diagnostic[] = [];
  /** Lines of forms with every cell empty: counted (every project 弃权), and said once. */
  private readonly emptyLines: number[] = [];
  /** The first line a CSV reading skipped as empty, below the header (Infinity: none). */
  private firstSkippedLine = Infinity;

  constructor(private readonly layout: FormLayout) {
    this.counts = new Float64Array(layout.groups.length * layout.projects.length * 4);
    this.forms = new Float64Array(layout.groups.length);
    this.groupOf = groupFinder(layout.groups);
    this.unlistedSeen = layout.unlisted.map(() => false);
  }

  private fail(d: Diagnostic): void {
    if (this.errors < MAX_LISTED) this.errorLines.push(d);
    this.errors++;
  }

  /** Adds one form. A form with any error is reported and not counted. */
  addForm(cells: readonly string[], line: number): void {
    const { layout } = this;
    let group = 0;
    let ok = true;
    if (layout.groupColumn !== null) {
      const raw = cells[layout.groupColumn] ?? "";
      const index = this.groupOf(raw);
      const at = { file: layout.file, line, column: layout.groupColumn + 1 };
      // A group's name is never blank (evaluation.json's schema), so only a cell found nowhere may be.
      if (index !== undefined) group = index;
      else {
        ok = false;
        this.fail(normalizeCell(raw) === "" ? error("E_EVAL_GROUP_EMPTY", at, { line, groups: layout.groups })
          : error("E_EVAL_GROUP_UNKNOWN", at, { line, group: raw, groups: layout.groups }));
      }
    }
    /** The level marked in a project's column, or undefined (and the form refused) for anything else. */
    const mark = (column: number, project: string) => {
      const cell = cells[column] ?? "";
      const level = levelOf(cell);
      if (level === undefined) {
        this.fail(error("E_EVAL_MARK", { file: layout.file, line, column: column + 1 }, { line, columnNumber: column + 1, project, value: cell }));
        ok = false;
      }
      return level;
    };
    const levels = layout.projects.map((project, i) => mark(layout.projectColumns[i]!, project.id));
    // A column for a project not in the list is not counted, but its cells must still be evaluation
    // marks: anything else could identify the person who filled in the form.
    layout.unlisted.forEach((u, k) => {
      if ((cells[u.column] ?? "") !== "") this.unlistedSeen[k] = true;
      mark(u.column, u.header);
    });
    if (!ok) return;
    // A row Excel leaves behind when cells are cleared reads the same as a blank form: counted, and said.
    if (cells.every((c) => normalizeCell(c) === "")) this.emptyLines.push(line);
    this.forms[group]!++;
    const base = group * levels.length * 4;
    levels.forEach((level, i) => this.counts[base + i * 4 + COUNTED_ORDER.indexOf(level!)]!++);
  }

  /**
   * A line a CSV reading skipped as empty. With one project column and no 组别, a blank form is a line with
   * nothing on it: an empty line may be one or none, and the forms counted (the rate's base) hang on which.
   */
  emptyLine(line: number): void {
    if (line > this.layout.headerLine) this.firstSkippedLine = Math.min(this.firstSkippedLine, line);
  }

  /** Errors (capped at 200 listed) and the warnings for columns of projects not in the list. */
  get diagnostics(): Diagnostic[] {
    const { layout } = this;
    const line = this.firstSkippedLine;
    const doubtful = line !== Infinity && layout.width === 1 && layout.groupColumn === null;
    const out = [...(doubtful ? [error("E_EVAL_EMPTY_LINE", { file: layout.file, line, column: 1 }, { line })] : []), ...this.errorLines];
    if (this.errors > MAX_LISTED) out.push(error("E_MORE_ERRORS", { file: layout.file }, { more: this.errors - MAX_LISTED }));
    layout.unlisted.forEach((u, k) => out.push(notListedWarning(layout.file, layout.headerLine, u.column + 1, u.header, this.unlistedSeen[k]!, false, u.leftOut)));
    const [first] = this.emptyLines;
    if (first !== undefined) {
      out.push(warning("W_EMPTY_FORMS", { file: layout.file, line: first, column: 1 }, { count: this.emptyLines.length, lines: this.emptyLines.slice(0, 10).map(String) }));
    }
    return out;
  }

  result(): EvaluationCounts {
    const { groups, projects, file } = this.layout;
    const groupForms = Array.from(this.forms);
    const cells = projects.map((_, i) => groups.map((_, k): LevelCounts | null => {
      if (groupForms[k] === 0) return null;
      const b = (k * projects.length + i) * 4;
      return { satisfied: this.counts[b]!, basic: this.counts[b + 1]!, unsatisfied: this.counts[b + 2]!, abstain: this.counts[b + 3]! };
    }));
    return { source: "forms", file, groupForms, cells };
  }
}

/** A column or row naming no project of the list; `leftOut` says when it names a row the list left out (not 当选). */
export function notListedWarning(file: string, line: number, column: number, what: string, hasForms: boolean, inRow = false, leftOut: Params = {}): Diagnostic {
  return warning("W_EVAL_PROJECT_NOT_LISTED", { file, line, column }, { what, hasForms: hasForms ? 1 : 0, ...(inRow ? { row: 1 } : {}), ...leftOut });
}

/** Counts a whole in-memory forms table (the small-file path; large files stream into EvaluationTally). */
export function countFormTable(table: Table, projects: readonly EvaluatedProject[], groups: readonly string[], list?: LeftOutRows): { value?: EvaluationCounts; diagnostics: Diagnostic[] } {
  const layout = resolveFormHeader(table.header, table.headerLine, projects, groups, table.file, list);
  if (!layout.value) return { diagnostics: layout.diagnostics };
  const tally = new EvaluationTally(layout.value);
  for (const row of table.rows) tally.addForm(row.cells, row.line);
  const diagnostics = tally.diagnostics;
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { value: tally.result(), diagnostics };
}

export function total(c: LevelCounts): number {
  return c.satisfied + c.basic + c.unsatisfied + c.abstain;
}
