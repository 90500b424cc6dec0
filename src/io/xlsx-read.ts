// Reading an .xlsx workbook as a table, the same shape the CSV reader gives (core/table.ts): one worksheet,
// header and rows of trimmed strings, each row's `line` its row number in the sheet. fflate unzips; the
// little XML that matters (workbook, relationships, shared strings, styles, one sheet) is scanned here,
// with no DTD and no entities beyond XML's own five, so a hostile workbook cannot expand inside the parser.
import { unzipSync, type UnzipFileInfo } from "fflate";
import { isTotalLabel } from "../core/ballots.js";
import { error, InputError, warning, type Diagnostic, type Params } from "../core/diagnostics.js";
import { toTable, type CsvRecord } from "./csv.js";
import { columnLetters } from "./xlsx-write.js";

/** What a workbook may be before it is refused unread. Every limit is far beyond a township's tables. */
export const XLSX_LIMITS = {
  fileBytes: 100 << 20,
  entries: 1000, // a workbook Excel saves has some 10 to 30
  entryBytes: 128 << 20, // uncompressed
  totalBytes: 256 << 20,
  ratio: 200, // uncompressed / compressed, past 1 MB (deflate's own maximum is about 1032)
  rows: 1_048_576, // Excel's own maximum
  columns: 1000, // Excel's is 16 384; our widest table has some 30
  cells: 10_000_000,
};

/** Empty rows in a row inside a table that may still be blank ballots or forms; a longer run ends the table's trust. */
const EMPTY_RUN = 20;

export interface XlsxReadOptions {
  file: string;
  /** The sheet read when the workbook has one by this name (the file's role, e.g. 候选项目); else the first. */
  role?: string;
  /** Refuse every formula cell (ballot and count files: a count must be typed, not computed). */
  refuseFormulas?: boolean;
  /** What each row of the table is, where each is one returned ballot or form: a row of formulas is none. */
  rowIs?: "ballot" | "form";
  limits?: Partial<typeof XLSX_LIMITS>;
}

export type XlsxTable = ReturnType<typeof readXlsxTable>;

/** A sheet name as a formula quotes it: 'My Sheet'!A1, but 候选项目!A1. */
function sheetRef(sheet: string): string {
  const bare = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet);
  return bare ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** Reads one worksheet of an .xlsx as a table; an InputError says why a workbook is refused. */
export function readXlsxTable(bytes: Uint8Array, options: XlsxReadOptions) {
  const limits = { ...XLSX_LIMITS, ...options.limits };
  const { file } = options;
  const refuse = (code: string, params: Params = {}): never => {
    throw new InputError([error(code, { file }, params)]);
  };
  const over = (what: string, value: string | number, limit: number, part?: string) =>
    refuse("E_XLSX_LIMIT", part === undefined ? { what, value, limit } : { what, part, value, limit });
  if (/\.xlsm$/i.test(file)) refuse("E_XLSX_MACRO"); // a macro-enabled workbook, whatever it holds today
  if (bytes.length > limits.fileBytes) over("file", bytes.length, limits.fileBytes);
  // An encrypted workbook and an old .xls are OLE compound files, not zips.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) refuse("E_XLSX_LEGACY");
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) refuse("E_XLSX_DAMAGED", { part: "", reason: "zip" });

  // First pass: the directory only (nothing inflated), so every limit is checked before any memory is spent.
  const names = new Set<string>();
  let total = 0;
  unzipEntries(bytes, file, ({ name, size, originalSize }) => {
    if (names.size >= limits.entries) over("entries", `> ${limits.entries}`, limits.entries);
    if (originalSize > limits.entryBytes) over("entry", originalSize, limits.entryBytes, name);
    if (originalSize > 1 << 20 && originalSize > limits.ratio * Math.max(1, size)) {
      over("ratio", Math.round(originalSize / Math.max(1, size)), limits.ratio, name);
    }
    total += originalSize;
    if (total > limits.totalBytes) over("total", `> ${limits.totalBytes}`, limits.totalBytes);
    names.add(name);
    return false;
  });
  if ([...names].some((n) => /(^|\/)vbaProject\.bin$|^xl\/macrosheets\//i.test(n))) refuse("E_XLSX_MACRO");
  if ([...names].some((n) => /^xl\/externalLinks\//i.test(n))) refuse("E_XLSX_EXTERNAL_LINK");

  const read = (wanted: readonly string[]) => {
    const lower = new Map(wanted.map((w) => [w.toLowerCase(), w]));
    const found = unzipEntries(bytes, file, (info) => lower.has(info.name.toLowerCase()));
    return new Map(Object.entries(found).map(([name, data]) => [lower.get(name.toLowerCase())!, decodeXml(data)]));
  };
  const meta = read(["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
    "xl/sharedStrings.xml", "xl/styles.xml"]);
  const need = (parts: Map<string, string>, part: string) =>
    parts.get(part) ?? refuse("E_XLSX_DAMAGED", { part, reason: "missing" });
  const types = need(meta, "[Content_Types].xml");
  const workbook = need(meta, "xl/workbook.xml");
  const xml = (part: string, text: string | undefined, visit: XmlVisitor) => {
    try {
      scanXml(text ?? "", visit);
    } catch (e) {
      if (e instanceof XmlError) refuse("E_XLSX_DAMAGED", { part, reason: e.reason });
      throw e;
    }
  };
  xml("[Content_Types].xml", types, { open(name, a) {
    if (name === "Override" && /macroEnabled|vbaProject/i.test(a["ContentType"] ?? "")) refuse("E_XLSX_MACRO");
  } });

  // The worksheets in workbook order, each with its part.
  const rels = new Map<string, { target: string; type: string; external: boolean }>();
  xml("xl/_rels/workbook.xml.rels", meta.get("xl/_rels/workbook.xml.rels"), { open(name, a) {
    if (name !== "Relationship" || !a["Id"]) return;
    rels.set(a["Id"], { target: a["Target"] ?? "", type: a["Type"] ?? "", external: a["TargetMode"] === "External" });
  } });
  if ([...rels.values()].some((r) => /externalLink/i.test(r.type))) refuse("E_XLSX_EXTERNAL_LINK");
  const sheets: { name: string; part: string; hidden: boolean; veryHidden: boolean }[] = [];
  const isTrue = (v: string | undefined) => v === "1" || v === "true";
  let date1904 = false;
  xml("xl/workbook.xml", workbook, { open(name, a) {
    if (name === "workbookPr") date1904 = isTrue(a["date1904"]);
    if (name !== "sheet") return;
    const rel = rels.get(a["r:id"] ?? a["id"] ?? "");
    if (!rel || rel.external || !/\/worksheet$/.test(rel.type)) return; // chart sheets and dialogs hold no table
    const part = normalPath(rel.target.startsWith("/") ? rel.target.slice(1) : `xl/${rel.target}`);
    sheets.push({ name: a["name"] ?? "", part, hidden: (a["state"] ?? "visible") !== "visible", veryHidden: a["state"] === "veryHidden" });
  } });
  const { role } = options;
  const named = sheets.find((s) => role !== undefined && s.name === role);
  // A hidden sheet named for the role is most often an old copy kept out of sight, with the real data on a
  // visible sheet: neither can be chosen safely for a count, so the clerk unhides it or deletes it.
  if (named?.hidden) refuse("E_XLSX_SHEET_HIDDEN", { sheet: named.name, ...(named.veryHidden ? { veryHidden: 1 } : {}) });
  const chosen = named ?? sheets.find((s) => !s.hidden);
  if (!chosen) return refuse("E_XLSX_NO_SHEET", { role: role ?? "" });

  const strings = sharedStrings(meta.get("xl/sharedStrings.xml"), xml);
  const formats = cellFormats(meta.get("xl/styles.xml"), xml);
  const sheetXml = need(read([chosen.part]), chosen.part);
  const sheet = chosen.name;
  const name = (row: number, col: number) => `${sheetRef(sheet)}!${columnLetters(col)}${row}`;

  // The cells with a value, row by row; formulas, errors and merges kept aside to be judged once the table is found.
  const cells = new Map<number, Map<number, string>>();
  const formulas: { row: number; col: number; formula: string; cached: boolean }[] = [];
  const errors: { row: number; col: number; value: string }[] = [];
  const scaled: { row: number; col: number; value: number; kind: Scaled }[] = [];
  const merges: string[] = [];
  const xmlRows: number[] = [];
  const hiddenRows = new Set<number>();
  const hiddenCols = new Set<number>();
  const spaceRows = new Set<number>(); // rows with a cell of only spaces (a cleared cell, not a formatted one)
  const notNameRows = new Set<number>(); // rows with a date or boolean cell: not column names
  const textRows = new Set<number>(); // rows with a text cell (column names may also be numbers: ids 1, 2, 3)
  let count = 0;
  let row = 0, col = 0;
  let cell: { row: number; col: number; type: string; style: number; value: string; formula: string | null;
    inline: string } | null = null;
  let text: "v" | "f" | "t" | null = null;
  let inRunProperties = 0; // <rPh> (phonetic guide) text is not part of the value
  xml(chosen.part, sheetXml, {
    open(tag, a) {
      if (tag === "row") {
        row = a["r"] ? Number(a["r"]) : row + 1;
        col = 0;
        xmlRows.push(row);
        if (isTrue(a["hidden"])) hiddenRows.add(row);
        if (!Number.isInteger(row) || row < 1 || row > Math.min(limits.rows, 1_048_576)) {
          over("rows", a["r"] ?? row, limits.rows);
        }
      } else if (tag === "c") {
        const ref = a["r"] ? parseRef(a["r"]) : { row, col: col + 1 };
        if (!ref) return refuse("E_XLSX_DAMAGED", { part: chosen.part, reason: `ref:${a["r"]}` });
        if (ref.col > limits.columns) over("columns", columnLetters(ref.col), limits.columns);
        if (ref.row > limits.rows) over("rows", ref.row, limits.rows);
        row = ref.row; col = ref.col;
        cell = { row, col, type: a["t"] ?? "n", style: Number(a["s"] ?? 0), value: "", formula: null, inline: "" };
      } else if (cell && (tag === "v" || tag === "t" || tag === "f")) {
        if (tag === "v") cell.value = "";
        if (tag === "f") cell.formula = "";
        text = tag; // an empty element is closed at once
      } else if (tag === "rPh") inRunProperties++;
      else if (tag === "mergeCell" && a["ref"]) merges.push(a["ref"]);
      else if (tag === "col" && isTrue(a["hidden"])) {
        for (let c = Number(a["min"]); c <= Math.min(Number(a["max"]), limits.columns); c++) hiddenCols.add(c);
      }
    },
    text(t) {
      if (!cell || text === null) return;
      if (text === "v") cell.value += t;
      else if (text === "f") cell.formula += t;
      else if (inRunProperties === 0) cell.inline += t;
    },
    close(tag) {
      if (tag === "v" || tag === "f" || tag === "t") text = null;
      else if (tag === "rPh") inRunProperties--;
      else if (tag === "c" && cell) {
        const c = cell;
        cell = null;
        if (c.formula !== null) formulas.push({ row: c.row, col: c.col, formula: c.formula, cached: c.value !== "" });
        if (c.type === "e") errors.push({ row: c.row, col: c.col, value: c.value });
        const kind = formats[c.style];
        if (c.type === "n" && c.value !== "" && typeof kind === "object" && "scaledCode" in kind) {
          // The section Excel shows this value with decides; 0 is shown as 0 at any scale.
          const value = Number(c.value);
          const applied = value === 0 ? undefined : scaledSection(sectionFor(kind.scaledCode, value), kind.scaledCode);
          if (applied) scaled.push({ row: c.row, col: c.col, value, kind: applied });
        }
        // A shared-text index the workbook does not hold is damage, not an empty cell: on a ballot an empty
        // cell is a vote (弃权 or 未划). A shared-text cell with no index at all is empty, as some writers save one.
        const index = c.value.trim();
        if (c.type === "s" && index !== "" && !(/^\d+$/.test(index) && Number(index) < strings.length)) {
          refuse("E_XLSX_DAMAGED", { part: chosen.part, reason: "shared-string", cell: name(c.row, c.col), index });
        }
        const value = c.type === "e" ? "" : cellText(c, strings, kind, date1904).trim();
        if (value === "") {
          if (c.value !== "" || c.inline !== "") spaceRows.add(c.row);
          return;
        }
        if (++count > limits.cells) over("cells", `> ${limits.cells}`, limits.cells);
        if (["s", "inlineStr", "str"].includes(c.type)) textRows.add(c.row);
        else if (c.type !== "n" || typeof kind === "string" && kind !== "number") notNameRows.add(c.row);
        let line = cells.get(c.row);
        if (!line) cells.set(c.row, line = new Map());
        line.set(c.col, value);
      }
    },
  });

  // The header: the first row with two or more values; rows above it are title rows. A title row may hold
  // two values (a title and a date): it is passed over when the next row has values where it has none (as
  // the header, it would leave that table refused) and looks like column names itself: at least twice as
  // many values, text or plain numbers (candidate ids 1, 2, 3) with at least one text, no two alike. A header with one column unnamed, or a first row with a note
  // beside it, is no title: it stays the header and is refused for what it is.
  const rows = [...cells.keys()].sort((a, b) => a - b);
  const warnings: Diagnostic[] = [];
  const warn = (code: string, line: number | undefined, params: Params) =>
    warnings.push(warning(code, { file, line }, { sheet, ...params }));
  let headerRow = rows.find((r) => cells.get(r)!.size >= 2) ?? rows[0];
  if (headerRow === undefined) return refuse("E_XLSX_EMPTY_SHEET", { sheet });
  for (let next = rows[rows.indexOf(headerRow) + 1]; next !== undefined; next = rows[rows.indexOf(next) + 1]) {
    const head = cells.get(headerRow)!, below = cells.get(next)!;
    const widens = [...below.keys()].some((c) => !head.has(c));
    const names = below.size >= 2 * head.size && textRows.has(next) && !notNameRows.has(next) && new Set(below.values()).size === below.size;
    if (!widens || !names) break;
    headerRow = next;
  }
  const titles = rows.filter((r) => r < headerRow);
  if (titles.length > 0) {
    const title = cells.get(titles[0]!)!.values().next().value as string;
    warn("W_XLSX_TITLE_ROWS", titles[0]!, { rows: titles.map(String), title, header: headerRow });
  }
  // Table columns: from the first to the last header cell; a column with no header and nothing below goes.
  const head = cells.get(headerRow)!;
  const headCols = [...head.keys()].sort((a, b) => a - b);
  const firstCol = headCols[0]!, lastCol = headCols[headCols.length - 1]!;
  const used = new Set<number>();
  for (const r of rows) if (r > headerRow) for (const c of cells.get(r)!.keys()) used.add(c);
  const range = Array.from({ length: lastCol - firstCol + 1 }, (_, i) => firstCol + i);
  const columns = range.filter((c) => head.has(c) || used.has(c));
  const dropped = range.filter((c) => !head.has(c) && !used.has(c)).map(columnLetters);
  if (dropped.length > 0) warn("W_XLSX_EMPTY_COLUMNS", headerRow, { columns: dropped });
  // The table runs from the header to the last row with a value. An empty row inside it is a row of empty
  // cells, as a CSV file has it (`,,,`: a blank ballot on a ballots sheet), never dropped unseen. Rows
  // without a value cost nothing in the sheet, so the table's size is bounded here before it is built.
  const lastRow = rows[rows.length - 1]!;
  // A long run of empty rows is no run of blank ballots or forms: what lies below it (a note far down the
  // sheet) is not part of the table, and taken as the table it would add that many empty rows.
  const inTable = rows.filter((r) => r >= headerRow);
  for (let i = 1; i < inTable.length; i++) {
    const r = inTable[i]!, count = r - inTable[i - 1]! - 1;
    if (count <= EMPTY_RUN) continue;
    const c = Math.min(...cells.get(r)!.keys());
    const column = columns.indexOf(c) >= 0 ? columns.indexOf(c) + 1 : c;
    throw new InputError([error("E_XLSX_EMPTY_RUN", { file, line: r, column }, { cell: name(r, c), from: inTable[i - 1]! + 1, to: r - 1, count })]);
  }
  if ((lastRow - headerRow + 1) * columns.length > limits.cells) {
    over("table", `${lastRow - headerRow + 1} × ${columns.length}`, limits.cells);
  }
  const tableRows = Array.from({ length: lastRow - headerRow + 1 }, (_, i) => headerRow + i);
  // Hidden rows and columns are read like the others (a hidden ballot still counts), but the clerk is told.
  const hidden = [
    ...tableRows.filter((r) => hiddenRows.has(r)).map(String),
    ...columns.filter((c) => hiddenCols.has(c)).map(columnLetters),
  ];
  // Placed at the first hidden row (the header's, for a hidden column only).
  if (hidden.length > 0) warn("W_XLSX_HIDDEN", tableRows.find((r) => hiddenRows.has(r)) ?? headerRow, { cells: hidden });

  const problems: Diagnostic[] = [];
  const problem = (code: string, r: number, c: number, params: Params) => {
    const i = columns.indexOf(c);
    problems.push(error(code, { file, line: r, column: i >= 0 ? i + 1 : c }, { cell: name(r, c), ...params }));
  };
  // A formula in a 合计 row, or in a file each row of which is a ballot or form, makes a row that is none:
  // it is to be deleted, not pasted as values, and is said once.
  const rowsToDelete = new Set<number>();
  const formulaCells = new Set(formulas.map((f) => `${f.row}:${f.col}`));
  // A row with marks typed as values beside the formula (past its first column, a 票号 or a label) is a
  // ballot or form with one cell computed, not a row of counts: its mark is to be typed, not the row deleted.
  const typed = (r: number) => [...cells.get(r)?.keys() ?? []].some((c) => c > firstCol && !formulaCells.has(`${r}:${c}`));
  for (const f of formulas) {
    if (!options.refuseFormulas) {
      if (!f.cached) problem("E_XLSX_FORMULA_NO_VALUE", f.row, f.col, { formula: f.formula });
      continue;
    }
    const total = [...cells.get(f.row)?.values() ?? []].some(isTotalLabel);
    if (!total && options.rowIs === undefined) { problem("E_XLSX_FORMULA", f.row, f.col, { formula: f.formula }); continue; }
    if (rowsToDelete.has(f.row)) continue;
    rowsToDelete.add(f.row);
    problem("E_XLSX_FORMULA", f.row, f.col, { formula: f.formula, line: f.row, ...(total ? { total: 1 } : {}), ...(options.rowIs ? { rowIs: options.rowIs } : {}), ...(options.rowIs && !total && typed(f.row) ? { typed: 1 } : {}) });
  }
  for (const e of errors) problem("E_XLSX_CELL_ERROR", e.row, e.col, { value: e.value });
  for (const s of scaled) {
    if (s.row < headerRow || s.col < firstCol || s.col > lastCol) continue;
    problem("E_XLSX_SCALED_FORMAT", s.row, s.col, { format: s.kind.code, shown: scaledText(s.value, s.kind), value: numberText(s.value) });
  }
  for (const ref of merges) {
    const [from, to] = ref.split(":").map(parseRef);
    // A merged title above the header is expected; a merge in the table leaves all but one cell empty.
    if (from && to && to.row >= headerRow && to.col >= firstCol && from.col <= lastCol) {
      problem("E_XLSX_MERGED", from.row, from.col, { range: `${sheetRef(sheet)}!${ref}` });
    }
  }
  for (const r of rows) {
    if (r < headerRow) continue;
    for (const [c, value] of cells.get(r)!) {
      if (c < firstCol || c > lastCol) problem("E_XLSX_OUTSIDE_HEADER", r, c, { value, header: headerRow });
    }
  }
  if (problems.length > 0) throw new InputError(problems.slice(0, 51));

  const records: CsvRecord[] = tableRows.map((r) => {
    const line = cells.get(r);
    return { line: r, cells: columns.map((c) => line?.get(c) ?? "") };
  });
  // Rows Excel keeps below the table (formatted, or cleared with spaces) are not part of it. Only formatted
  // rows (a template's, such as piaojue's own entry workbook) go unmentioned: spaces there may have been data,
  // so the notice starts at the first row that holds them and names every such row.
  const trailing = xmlRows.filter((r) => r > lastRow);
  const spaced = trailing.filter((r) => spaceRows.has(r));
  if (spaced.length > 0) {
    const from = spaced[0]!;
    warn("W_XLSX_TRAILING_ROWS", from, { from, count: trailing.filter((r) => r >= from).length, rows: spaced.map(String) });
  }
  // The other sheets that hold a value: the empty Sheet2 and Sheet3 a new workbook has are not worth a word.
  const rest = sheets.filter((s) => s !== chosen);
  const restXml = read(rest.map((s) => s.part));
  const others = rest.filter((s) => /<(?:\w+:)?(?:v|t)(?:\s[^>]*)?>[^<]/.test(restXml.get(s.part) ?? "")).map((s) => s.name);
  // A table split over sheets (two counting teams, a sheet per group) with the header repeated on each:
  // read from the first sheet only, the rest would be left out of a count that looks complete. A hidden
  // sheet of another name is an old copy kept out of sight, passed over as before.
  const columnNames = headCols.map((c) => head.get(c)!);
  for (const other of rest.filter((s) => !s.hidden && others.includes(s.name))) {
    const row = rowWithValues((visit) => xml(other.part, restXml.get(other.part), visit), columnNames.join("\u0000"), strings, formats, date1904);
    if (row !== undefined) refuse("E_XLSX_TABLE_SPLIT", { sheet, other: other.name, row, header: headerRow, columns: columnNames });
  }
  if (others.length > 0) warn("W_XLSX_OTHER_SHEETS", undefined, { others });
  const letters = (column: number) => columnLetters(columns[column - 1] ?? firstCol + column - 1);
  let table;
  try {
    table = toTable(records, file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Named by sheet and cell; an unnamed header cell with a value below it is most likely a title row
    // taken for the header, which the hint then says.
    const below = cells.get(headerRow + 1);
    throw new InputError(e.diagnostics.map((d) => {
      const c = columns[d.at.column - 1];
      const at = { ...d.at, ...(d.at.line > 0 && c !== undefined ? { cell: name(d.at.line, c) } : {}) };
      const titled = d.code === "E_EMPTY_HEADER" && c !== undefined && below?.has(c);
      return { ...d, at, params: { ...d.params, ...(titled ? { header: headerRow, below: headerRow + 1 } : {}) } };
    }));
  }
  return {
    table, sheet, warnings,
    /** The sheets that hold a value, in workbook order: the one read and the others. */
    sheets: sheets.filter((s) => s === chosen || others.includes(s.name)).map((s) => s.name),
    /** Whether the table's cell (its line and 1-based column) holds a formula. */
    formula: (line: number, column: number) => formulaCells.has(`${line}:${columns[column - 1] ?? firstCol + column - 1}`),
    /** `cell(7, 3)` is "C7" when the table starts in column A. */
    cell: (line: number, column: number) => `${letters(column)}${line}`,
    /** The place as a clerk finds it: `候选项目!C7` (line only: `候选项目!7:7`). */
    place: (line: number, column?: number) =>
      `${sheetRef(sheet)}!${column && column > 0 ? letters(column) + line : `${line}:${line}`}`,
  };
}

/**
 * The first row of a sheet whose values, left to right and trimmed, are `values` (joined by NUL), among
 * its first ROWS_SEARCHED rows; `scan` walks the sheet's XML (a damaged part refused as the sheet read is).
 */
const ROWS_SEARCHED = 100;
function rowWithValues(scan: (visit: XmlVisitor) => void, values: string, strings: string[], formats: NumberKind[], date1904: boolean): number | undefined {
  const rows = new Map<number, string[]>();
  let row = 0;
  let cell: { type: string; style: number; value: string; inline: string } | null = null;
  let inValue = false;
  scan({
    open(tag, a) {
      if (tag === "row") row = a["r"] ? Number(a["r"]) : row + 1;
      else if (tag === "c") cell = { type: a["t"] ?? "n", style: Number(a["s"] ?? 0), value: "", inline: "" };
      else if (cell && (tag === "v" || tag === "t")) inValue = true;
    },
    text(t) {
      if (!cell || !inValue) return;
      if (cell.type === "inlineStr") cell.inline += t;
      else cell.value += t;
    },
    close(tag) {
      if (tag === "v" || tag === "t") inValue = false;
      else if (tag === "c" && cell) {
        const value = row <= ROWS_SEARCHED ? cellText(cell, strings, formats[cell.style], date1904).trim() : "";
        if (value !== "") rows.set(row, [...rows.get(row) ?? [], value]);
        cell = null;
      }
    },
  });
  return [...rows].find(([, cells]) => cells.join("\u0000") === values)?.[0];
}

/** A cell's value as text, by its type: shared, inline or formula text, a date, a boolean or a number. */
function cellText(c: { type: string; value: string; inline: string }, strings: string[], kind?: NumberKind,
  date1904 = false): string {
  if (c.type === "s") return c.value.trim() === "" ? "" : strings[Number(c.value)] ?? ""; // Number("") is 0, the first text
  if (c.type === "inlineStr") return unescapeXstring(c.inline);
  if (c.type === "str") return unescapeXstring(c.value);
  if (c.type === "d") return c.value.replace(/T00:00(:00(\.0+)?)?Z?$/, "").replace("T", " "); // an ISO date cell
  if (c.type === "b") return c.value === "1" ? "TRUE" : c.value === "" ? "" : "FALSE";
  return c.value === "" ? "" : numberText(Number(c.value), kind, date1904);
}

/** Walks the zip's directory; entries `want` accepts are inflated into a buffer of their declared size, no more. */
function unzipEntries(bytes: Uint8Array, file: string, want: (info: UnzipFileInfo) => boolean) {
  try {
    return unzipSync(bytes, { filter: want });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([error("E_XLSX_DAMAGED", { file }, { part: "", reason: "zip" })]);
  }
}

function normalPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "..") out.pop();
    else if (seg !== "." && seg !== "") out.push(seg);
  }
  return out.join("/");
}

function decodeXml(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data.subarray(2));
  return new TextDecoder("utf-8").decode(data);
}

function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = Number(m[2]);
  return row >= 1 && col <= 16384 ? { row, col } : null;
}

// ---- shared strings and styles ----

type XmlReader = (part: string, text: string | undefined, visit: XmlVisitor) => void;

/**
 * OOXML writes a character XML cannot hold (a control character) as `_xHHHH_`, and a literal `_x` as
 * `_x005F_x` (ECMA-376 ST_Xstring). Decoded, so that a control character typed into a cell is seen, and
 * refused, as it would be in a CSV file.
 */
export function unescapeXstring(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function sharedStrings(text: string | undefined, xml: XmlReader): string[] {
  const list: string[] = [];
  let current: string | null = null; // the <si> being read
  let inT = false, phonetic = 0;
  // An empty element is opened and closed at once, so <si/> adds "" like any other.
  xml("xl/sharedStrings.xml", text, {
    open(tag) {
      if (tag === "si") current = "";
      else if (tag === "rPh") phonetic++;
      else if (tag === "t") inT = true;
    },
    text(t) { if (inT && phonetic === 0 && current !== null) current += t; },
    close(tag) {
      if (tag === "t") inT = false;
      else if (tag === "rPh") phonetic--;
      else if (tag === "si" && current !== null) {
        list.push(unescapeXstring(current));
        current = null;
      }
    },
  });
  return list;
}

/**
 * How a number cell is shown: as a date (with or without the day), a time, a percentage, a plain number, or
 * a whole number padded with zeros to `digits` (format 000: an id 1 shown as 001, and read so), after the
 * letters of an ID's format ("P"00: P01).
 */
type NumberKind = "date" | "month" | "time" | "datetime" | "percent" | "number" | { digits: number; prefix?: string } | { scaledCode: string };

/**
 * A format that shows a number of another magnitude than the one stored: a literal dot among the digits
 * (0!.0000, 0"."0000, 0\.0000: 2000000 shown 200.0000, the 万元 trick) or a scaling comma (#,##0.00,:
 * thousands). What the clerk sees is not what would be read, so such a cell is refused.
 */
interface Scaled { scale: number; decimals: number; grouped: boolean; code: string }

/** Excel's built-in number formats that show more than a plain number, by id. */
const BUILTIN_KINDS: [NumberKind, number[]][] = [
  ["percent", [9, 10]],
  ["date", [14, 15, 16, 28, 29, 30, 31, 51, 53, 54, 58]],
  ["month", [17, 27, 36, 50, 52, 57]],
  ["time", [18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56]],
  ["datetime", [22]],
];

const FORMAT_NOISE = new RegExp(String.raw`"[^"]*"|\\.|_.|\*.|General|\[(?:Red|Black|Blue|Green|White|Yellow|Magenta|` +
  String.raw`Cyan|Color\s*\d+|DBNum\d|\$[^\]]*|[<>=][^\]]*)\]`, "gi");

/** The kind of a format code: what is left once quoted text, escapes, colours and locales are taken out. */
export function formatKind(code: string): NumberKind {
  const sections = code.split(";");
  const bare = sections[0]!.replace(FORMAT_NOISE, "");
  // A section that shows another magnitude makes the cells of this format looked at one by one (sectionFor).
  if (!/[yd]|e(?![+-])|[hs%]/i.test(bare) && sections.some((s) => scaledSection(s, code))) return { scaledCode: code };
  // An ID's format: letters before zeros that pad ("P"00, \P000, "XM-"000), shown P03 and read P03, the ID
  // it is. Other text around a number (0"万元", 0"km", "RMB"0, "¥"0) is a unit: the number is read.
  const literal = String.raw`(?:"[^"]*"|\\.)+`;
  const around = new RegExp(`^(${literal})(00+)$`).exec(sections[0]!);
  const prefix = around?.[1]!.replace(/"([^"]*)"|\\(.)/g, "$1$2");
  if (around && sections.length === 1 && /^[A-Za-z][A-Za-z0-9_-]*$/.test(prefix!)) return { digits: around[2]!.length, prefix: prefix! };
  if (/^00+$/.test(bare)) return { digits: bare.length };
  if (/\[(h+|m+|s+)\]/i.test(bare)) return "time";
  const date = /[yd]|e(?![+-])/i.test(bare);
  const time = /[hs]/i.test(bare);
  if (date && time) return "datetime";
  if (date) return /d/i.test(bare) ? "date" : "month";
  if (time) return "time";
  return /%/.test(bare) ? "percent" : "number";
}

/**
 * The section of a format code Excel shows `value` with: the first whose condition ([>=10000]) holds, else
 * the first without one; with no conditions, by sign (positive; negative; zero).
 */
function sectionFor(code: string, value: number): string {
  const sections = code.split(";");
  const condition = /\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)\]/;
  if (sections.slice(0, 2).some((s) => condition.test(s))) {
    for (const s of sections) {
      const m = condition.exec(s);
      if (!m) return s;
      const [, op, limit] = m;
      const by = value - Number(limit);
      if ({ "<": by < 0, "<=": by <= 0, ">": by > 0, ">=": by >= 0, "=": by === 0, "<>": by !== 0 }[op!]) return s;
    }
    return sections[sections.length - 1]!;
  }
  if (value < 0 && sections.length > 1) return sections[1]!;
  if (value === 0 && sections.length > 2) return sections[2]!;
  return sections[0]!;
}

/** The scale of a format section that shows another magnitude than the value's, or undefined. */
function scaledSection(section: string, code: string): Scaled | undefined {
  const bare = section.replace(FORMAT_NOISE, "");
  const grouped = /[0#?],[0#?]/.test(bare);
  // A dot written as text (quoted, \. or !.) after digits and before more: the digits after it are the
  // stored number's last ones, shown as decimals.
  const marked = section.replace(/\\[.]|![.]|"[^"]*\.[^"]*"/g, "\u0001").replace(FORMAT_NOISE, "");
  const literal = /^[^.]*[0#?][^.]*\u0001([^.]*)$/.exec(marked);
  const after = literal ? (literal[1]!.match(/[0#?]/g) ?? []).length : 0;
  // Commas after the last digit of the whole part, with no digit after them: each divides by 1000 (after a
  // literal dot too: 0!.0, shows 123456 as 12.3).
  const run = /[0#?](,+)(?![,0#?])/.exec(literal ? marked : bare);
  const thousands = 1000 ** (run?.[1]!.length ?? 0);
  if (after === 0 && thousands === 1) return undefined;
  const decimals = after > 0 ? after : (bare.split(".")[1]?.match(/[0#?]/g) ?? []).length;
  return { scale: 10 ** after * thousands, decimals, grouped, code };
}

/** What Excel shows for a value in a scaled format (near enough to tell the clerk why it is refused). */
function scaledText(value: number, kind: Scaled): string {
  const shown = value / kind.scale;
  return kind.grouped
    ? new Intl.NumberFormat("en-US", { minimumFractionDigits: kind.decimals, maximumFractionDigits: kind.decimals }).format(shown)
    : shown.toFixed(kind.decimals);
}

function cellFormats(text: string | undefined, xml: XmlReader): NumberKind[] {
  const kinds: NumberKind[] = [];
  const custom = new Map<number, string>();
  let inXfs = false;
  xml("xl/styles.xml", text, {
    open(tag, a) {
      if (tag === "numFmt") custom.set(Number(a["numFmtId"]), a["formatCode"] ?? "");
      else if (tag === "cellXfs") inXfs = true;
      else if (tag === "xf" && inXfs) {
        const id = Number(a["numFmtId"] ?? 0);
        const code = custom.get(id);
        const builtin = BUILTIN_KINDS.find(([, ids]) => ids.includes(id))?.[0];
        kinds.push(code !== undefined ? formatKind(code) : builtin ?? "number");
      }
    },
    close(tag) { if (tag === "cellXfs") inXfs = false; },
  });
  return kinds;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * A number as the clerk sees it: a date as YYYY-MM-DD (YYYY-MM when the format shows no day), a time as
 * HH:MM[:SS], a percentage as 35%, any other number to 15 significant digits (what Excel keeps), so the
 * 260.00000000000003 a sum leaves reads 260, and noise within 1e-9 of zero reads 0.
 */
export function numberText(value: number, kind: NumberKind = "number", date1904 = false): string {
  if (!Number.isFinite(value)) return "";
  // A formula's floating-point noise around zero (=0.3-0.1-0.2 is -2.78e-17, shown 0.00) reads 0.
  const plain = (v: number) => (Math.abs(v) < 1e-9 ? "0" : String(Number(v.toPrecision(15))));
  if (kind === "number") return plain(value);
  if (typeof kind === "object" && !("digits" in kind)) return plain(value);
  if (typeof kind === "object") return Number.isInteger(value) && value >= 0 ? `${kind.prefix ?? ""}${String(value).padStart(kind.digits, "0")}` : plain(value);
  if (kind === "percent") return `${plain(value * 100)}%`;
  // Serial day 1 is 1900-01-01, and Excel counts a 1900-02-29 that never was (serial 60).
  const whole = Math.floor(value + 1e-9);
  const seconds = Math.round((value - whole) * 86400) % 86400;
  const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}` +
    (seconds % 60 ? `:${pad(seconds % 60)}` : "");
  if (kind === "time") return time;
  if (value < 0 || (!date1904 && whole === 60)) return plain(value);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 31);
  const d = new Date(epoch + (date1904 || whole <= 60 ? whole : whole - 1) * 86400000);
  const ymd = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}`;
  if (kind === "month") return ymd;
  return kind === "datetime" && seconds ? `${ymd}-${pad(d.getUTCDate())} ${time}` : `${ymd}-${pad(d.getUTCDate())}`;
}

// ---- a minimal XML scanner ----

interface XmlVisitor {
  open?(name: string, attrs: Record<string, string>, empty: boolean): void;
  text?(text: string): void;
  close?(name: string): void;
}

class XmlError extends Error {
  constructor(readonly reason: string) { super(reason); }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) => {
    const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    if (e[0] === "#" && code <= 0x10ffff) return String.fromCodePoint(code);
    const v = e[0] === "#" ? undefined : ENTITIES[e];
    if (v === undefined) throw new XmlError("entity"); // no DTD is read, so no other entity exists
    return v;
  });
}

/** Element names lose their namespace prefix (x:row is row); attribute names keep theirs (r:id). */
function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

/** Calls the visitor for each element and text run. A DOCTYPE is refused: no entity can expand. */
export function scanXml(xml: string, visit: XmlVisitor): void {
  const upTo = (marker: string, from: number) => {
    const stop = xml.indexOf(marker, from);
    if (stop < 0) throw new XmlError("syntax");
    return stop;
  };
  const n = xml.length;
  for (let i = 0; i < n;) {
    const lt = xml.indexOf("<", i);
    const end = lt < 0 ? n : lt;
    if (end > i && visit.text) visit.text(unescapeXml(xml.slice(i, end)));
    if (lt < 0) break;
    if (xml[lt + 1] === "?") { i = upTo("?>", lt) + 2; continue; }
    if (xml.startsWith("<!--", lt)) { i = upTo("-->", lt) + 3; continue; }
    if (xml.startsWith("<![CDATA[", lt)) {
      const stop = upTo("]]>", lt);
      visit.text?.(xml.slice(lt + 9, stop));
      i = stop + 3;
      continue;
    }
    if (xml[lt + 1] === "!") throw new XmlError("dtd");
    if (xml[lt + 1] === "/") {
      const gt = upTo(">", lt);
      visit.close?.(localName(xml.slice(lt + 2, gt).trim()));
      i = gt + 1;
      continue;
    }
    // A start tag: name, then attributes (a quoted value may hold ">").
    let j = lt + 1;
    while (j < n && !isSpace(xml.charCodeAt(j)) && xml[j] !== "/" && xml[j] !== ">") j++;
    const name = localName(xml.slice(lt + 1, j));
    const attrs: Record<string, string> = {};
    let empty = false;
    for (;;) {
      while (j < n && isSpace(xml.charCodeAt(j))) j++;
      if (j >= n) throw new XmlError("syntax");
      if (xml[j] === ">") { j++; break; }
      if (xml[j] === "/" && xml[j + 1] === ">") { empty = true; j += 2; break; }
      const eq = upTo("=", j);
      let q = eq + 1;
      while (q < n && isSpace(xml.charCodeAt(q))) q++;
      const quote = xml[q];
      if (quote !== "\"" && quote !== "'") throw new XmlError("syntax");
      const stop = upTo(quote, q + 1);
      attrs[xml.slice(j, eq).trim()] = unescapeXml(xml.slice(q + 1, stop));
      j = stop + 1;
    }
    visit.open?.(name, attrs, empty);
    if (empty) visit.close?.(name);
    i = j;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
