// The shape every CSV reaches the core in: already decoded, parsed and trimmed by the io layer.

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
