// The shape every CSV reaches the core in: already decoded, parsed and trimmed by the io layer.
import { error, type Diagnostic, type PlaceInput } from "./diagnostics.js";

export interface TableRow {
  /** 1-based line number of the record's first line in the file. */
  line: number;
  cells: string[];
}

export interface Table {
  file: string;
  header: string[];
  headerLine: number;
  rows: TableRow[];
}

/** Cell of a row at a column index; a short row reads as empty cells. */
export function cellAt(row: TableRow, index: number): string {
  return row.cells[index] ?? "";
}

/**
 * The columns of a file whose header is a fixed set of names in any order (counts.csv, indicators.csv …):
 * where each is, and an error for every column not in `known` (made by `unknown` when given), every
 * repeated column and every column of `required` that is missing. `sheet` names the kind of file, whose
 * columns the catalogues list in the hint.
 */
export function fixedColumns(
  table: Table,
  known: readonly string[],
  required: readonly string[],
  sheet: "ballot-counts" | "counts" | "results" | "indicators",
  unknown: (header: string, at: PlaceInput) => Diagnostic = (h, at) => error("E_UNKNOWN_COLUMN", at, { column: h, sheet }),
): { columns: Map<string, number>; diagnostics: Diagnostic[] } {
  const { file, headerLine: line } = table;
  const columns = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  table.header.forEach((h, index) => {
    const at = { file, line, column: index + 1 };
    if (!known.includes(h)) diagnostics.push(unknown(h, at));
    else if (columns.has(h)) diagnostics.push(error("E_DUPLICATE_COLUMN", at, { column: h }));
    else columns.set(h, index);
  });
  for (const h of required) if (!columns.has(h)) diagnostics.push(error("E_MISSING_COLUMN", { file, line, column: 1 }, { column: h, sheet }));
  return { columns, diagnostics };
}

/**
 * A row of only empty cells (a spreadsheet row cleared and saved as ,,,,) in a table whose rows are records
 * (candidates, plan, reports, counts, indicators): said once, as what it is, and passed over, rather than
 * as each of its required cells empty. In ballots.csv such a row is a blank ballot instead (SPEC §6.3).
 */
export function blankRow(row: TableRow, file: string, diagnostics: Diagnostic[]): boolean {
  if (!row.cells.every((c) => c === "")) return false;
  diagnostics.push(error("E_BLANK_ROW", { file, line: row.line, column: 1 }, { line: row.line }));
  return true;
}

/** A cell that piaojue's CSV writer guarded against running as a formula: a ' before = + - @ tab or CR. */
const GUARDED = /^'[=+\-@\t\r]/;

/** A cell of a file piaojue wrote, as it was before the formula guard (SPEC §10) was put in front of it. */
export function unguardCell(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
