// CSV in and out. csv-parse reads every input table (whole, or streamed by SessionReader.streamRecords,
// where readPlainLines reads the plain lines before the first quote); csv-stringify writes every output
// with the BOM, CRLF and formula guard SPEC §10 asks for. Line breaks are made "\n" before parsing (CRLF,
// CR and LF all end a line, and read as "\n" inside quotes).
import { parse } from "csv-parse/sync";
import type { Options as ParseOptions } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import { error, InputError, type Diagnostic } from "../core/diagnostics.js";
import type { Table, TableRow } from "../core/table.js";

/**
 * The most characters of cell text one record (a row, quoted line breaks included) may hold before
 * csv-parse stops (its max_record_size): a row of a thousand long cells is far below it, and a 150 MB line
 * is refused after 16 MB instead of reaching V8's string limit.
 */
const MAX_RECORD_CHARS = 16 << 20;
/** The most columns a header may have: a ballot has one per candidate, a few dozen at most. */
const MAX_COLUMNS = 1000;

/** A record as read: the line it starts on and its trimmed cells. */
export type CsvRecord = TableRow;

/**
 * csv-parse's options for our files: empty lines skipped, rows of any width (toTable says which are
 * wrong), cells trimmed here. `spaced` also lets white space stand around quotes (` "a" `), which costs
 * csv-parse a third more time, so it is only asked for when a file is refused without it. Each record
 * goes to `onRecord` with the line it starts on and the line it ends on; the empty lines skipped before it
 * to `onEmptyLine` (those after the last record are the caller's to find: csv-parse tells of none).
 */
export function csvOptions(
  delimiter: "," | "\t", onRecord: (record: CsvRecord, endLine: number) => void, spaced = false, onEmptyLine?: (line: number) => void,
): ParseOptions {
  let endLine = 0;
  let emptyLines = 0;
  return {
    delimiter, record_delimiter: "\n", skip_empty_lines: true, relax_column_count: true, trim: spaced, max_record_size: MAX_RECORD_CHARS,
    on_record: (cells: string[], context: { lines: number; empty_lines: number }) => {
      for (let i = 0; i < cells.length; i++) cells[i] = cells[i]!.trim();
      // A record starts on the line after the last one, past the empty lines skipped in between.
      const line = endLine + 1 + context.empty_lines - emptyLines;
      if (onEmptyLine) for (let l = endLine + 1; l < line; l++) onEmptyLine(l);
      endLine = context.lines;
      emptyLines = context.empty_lines;
      onRecord({ line, cells }, endLine);
      return null; // nothing is kept by the parser
    },
  };
}

/**
 * The fast path for large files (streamRecords), where csv-parse's per-record bookkeeping costs more than
 * the counting. It reads the decoded text ("\n" line ends) line by line as csv-parse would — split at the
 * delimiter, cells trimmed, empty lines skipped — while a line has no quote and cannot reach csv-parse's
 * record limit (counted in UTF-8 bytes, up to 3 a character). At the first line it does not take, it calls
 * `handOver` with the number of lines before it and yields that line and all the text after, for csv-parse.
 */
export async function* readPlainLines(
  chunks: AsyncIterable<string>,
  delimiter: string,
  onRecord: (cells: string[], line: number) => void,
  handOver: (linesBefore: number) => void,
  onEmptyLine?: (line: number) => void,
): AsyncGenerator<string> {
  const longest = MAX_RECORD_CHARS / 3;
  let line = 0; // lines read
  // The unfinished line of the chunks so far, in pieces: joined only when a line end or a quote comes, so
  // a long line is not copied again with every chunk it grows by.
  let pieces: string[] = [];
  let restLength = 0;
  let plain = true;
  const take = (text: string, start: number, end: number) => {
    line++;
    if (end === start) { onEmptyLine?.(line); return; }
    const cells = text.slice(start, end).split(delimiter);
    for (let i = 0; i < cells.length; i++) cells[i] = cells[i]!.trim();
    onRecord(cells, line);
  };
  for await (const chunk of chunks) {
    if (!plain) { yield chunk; continue; }
    if (restLength + chunk.length <= longest && !chunk.includes("\n") && !chunk.includes('"')) {
      pieces.push(chunk);
      restLength += chunk.length;
      continue;
    }
    const text = pieces.join("") + chunk;
    const quote = text.indexOf('"', restLength); // the pieces hold no quote and no line end
    const stop = quote < 0 ? text.length : quote;
    let start = 0;
    let end = text.indexOf("\n", restLength);
    for (; end >= 0 && end < stop && end - start <= longest; end = text.indexOf("\n", start)) {
      take(text, start, end);
      start = end + 1;
    }
    const rest = text.slice(start);
    pieces = [rest];
    restLength = rest.length;
    if (quote >= 0 || end >= 0 || rest.length > longest) { // a quote, a line too long, or one that may grow so
      plain = false;
      handOver(line);
      yield rest;
    }
  }
  if (plain && restLength > 0) {
    const rest = pieces.join("");
    take(rest, 0, rest.length);
  }
}

/**
 * A header line with tabs and no comma (outside quotes) is tab-separated: that is how Excel and WPS save
 * "Unicode text" (UTF-16), and no header of ours can hold a tab. null while `text` (the start of a file,
 * `final` when it is all of it) cannot tell yet.
 */
export function sniffDelimiter(text: string, final = true): "," | "\t" | null {
  let inQuotes = false;
  let tab = false;
  let seen = false; // the header is the first line that is not empty
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') { inQuotes = !inQuotes; seen = true; }
    else if (inQuotes) continue;
    else if (c === "\n" || c === "\r") { if (seen) return tab ? "\t" : ","; }
    else if (c === ",") return ",";
    else { seen = true; if (c === "\t") tab = true; }
  }
  return final ? (tab ? "\t" : ",") : null;
}

/**
 * Parses a whole decoded text into records; a CSV syntax error is thrown as E_CSV_SYNTAX at its place.
 * The empty lines skipped go to `onEmptyLine`, in order, once the text is read (the "\n" ending the last
 * line starts no line).
 */
export function parseCsvText(text: string, file: string, onEmptyLine?: (line: number) => void): CsvRecord[] {
  const normal = text.replace(/\r\n?/g, "\n");
  const delimiter = sniffDelimiter(normal)!;
  let records: CsvRecord[] = [];
  let emptyLines: number[] = [];
  let lastLine = 0;
  for (const spaced of [false, true]) {
    records = [];
    emptyLines = [];
    try {
      parse(normal, csvOptions(delimiter, (r, endLine) => { records.push(r); lastLine = endLine; }, spaced, (l) => emptyLines.push(l)));
      if (onEmptyLine) {
        let lineEnds = 0;
        for (let i = normal.indexOf("\n"); i >= 0; i = normal.indexOf("\n", i + 1)) lineEnds++;
        for (let l = lastLine + 1; l <= lineEnds; l++) emptyLines.push(l);
        emptyLines.forEach(onEmptyLine);
      }
      return records;
    } catch (e) {
      const code = (e as { code?: string }).code ?? "";
      if (code === "CSV_MAX_RECORD_SIZE") throw recordTooLong(file, lastLine, e);
      if (!/QUOTE/.test(code)) throw e;
      // A quote still open at the end stays open with white space allowed around quotes: no second reading.
      if (spaced || code === "CSV_QUOTE_NOT_CLOSED") throw new InputError([syntaxError(normal, lastLine, delimiter, file, (e as { lines: number }).lines)]);
    }
  }
  return records;
}

/** The record after line `lastLine` is longer than MAX_RECORD_CHARS (csv-parse's error `e` says in which cell). */
export function recordTooLong(file: string, lastLine: number, e: unknown): InputError {
  const cell = (e as { column?: unknown }).column;
  const column = typeof cell === "number" ? cell + 1 : 1;
  return new InputError([error("E_RECORD_TOO_LONG", { file, line: lastLine + 1, column }, { limitMb: MAX_RECORD_CHARS / (1 << 20) })]);
}

/**
 * Where and why csv-parse refused the record after line `lastLine`: its quotes are walked from its first
 * line to the first quote out of place (a quote inside an unquoted cell, text after a closing quote) or
 * the quote still open at the end.
 */
function syntaxError(text: string, lastLine: number, delimiter: string, file: string, fallbackLine: number): Diagnostic {
  let i = 0; // where line lastLine + 1 starts
  for (let k = 0; k < lastLine; k++) {
    const lf = text.indexOf("\n", i);
    if (lf < 0) break;
    i = lf + 1;
  }
  let line = lastLine + 1;
  let column = 1, quoted = false, closed = false, blank = true;
  let open = { line: fallbackLine, column: 1 };
  const at = (problem: string, place = { line, column }) => error("E_CSV_SYNTAX", { file, ...place }, { problem });
  for (; i < text.length; i++, column++) {
    const c = text[i]!;
    // A character beyond the BMP (𪚥) is one column, though two UTF-16 units.
    if (c >= "\ud800" && c <= "\udbff" && text[i + 1]! >= "\udc00" && text[i + 1]! <= "\udfff") i++;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { i++; column++; }
      else if (c === '"') { quoted = false; closed = true; }
      else if (c === "\n") { line++; column = 0; }
      continue;
    }
    if (c === delimiter || c === "\n") {
      if (c === "\n") { line++; column = 0; }
      closed = false; blank = true;
    } else if (closed) {
      if (c !== " " && c !== "\t") return at("text-after-quote");
    } else if (c === '"') {
      if (!blank) return at("quote-inside");
      quoted = true; open = { line, column };
    } else if (c.trim() !== "") blank = false;
  }
  return at("unclosed", open);
}

/** Receives the records of one reading of a file; it must not throw. */
export interface RecordSink {
  record(cells: string[], line: number): void;
  /** A line with nothing on it, skipped (not every reading tells of them: a workbook has none). */
  emptyLine?(line: number): void;
}

/** Receives a table: its header once, then each row as wide as the header. It must not throw. */
export interface TableSink {
  header(cells: string[], line: number): void;
  row(cells: string[], line: number): void;
  /** An empty line below the header, skipped. */
  emptyLine?(line: number): void;
}

/**
 * Checks a table's records as they come: the header, then every row as wide as the header. Rows go on to
 * `sink` only while nothing is wrong; `finish` throws what was (at most 51 problems), or that there was
 * no record at all.
 */
/** Rows of the wrong width listed one by one; the rest are one E_MORE_ERRORS. */
export const MAX_WIDTH_ERRORS = 50;

export function checkTable(file: string, sink: TableSink): RecordSink & { finish(): void } {
  const problems: Diagnostic[] = [];
  let width = -1; // no header yet
  let headerLine = Infinity;
  // Rows of the wrong width beyond those listed: counted, and told as one E_MORE_ERRORS at the first of them.
  let more: { line: number; count: number } | undefined;
  // The header's empty columns, and those of them some row fills: one empty in every row is said to be.
  let unnamed: number[] = [];
  const filled = new Set<number>();
  return {
    record(cells, line) {
      if (width >= 0) for (const k of unnamed) if ((cells[k] ?? "").trim() !== "") filled.add(k);
      if (width < 0) {
        width = cells.length;
        headerLine = line;
        unnamed = cells.flatMap((h, k) => (h === "" ? [k] : []));
        checkHeader({ line, cells }, file, problems);
        if (problems.length === 0) sink.header(cells, line);
      } else if (cells.length !== width) {
        if (problems.length < MAX_WIDTH_ERRORS) problems.push(fieldCountError({ line, cells }, width, file));
        else if (more) more.count++;
        else more = { line, count: 1 };
      } else if (problems.length === 0) sink.row(cells, line);
    },
    emptyLine(line) {
      if (line > headerLine && problems.length === 0) sink.emptyLine?.(line);
    },
    finish() {
      if (width < 0) throw new InputError([error("E_CSV_EMPTY", { file, line: 1, column: 1 })]);
      if (more) problems.push(error("E_MORE_ERRORS", { file, line: more.line, column: 1 }, { more: more.count }));
      const blank = (d: Diagnostic) => {
        const from = Number(d.params["columnNumber"]) - 1;
        const to = Number(d.params["lastColumnNumber"] ?? from + 1);
        return Array.from({ length: to - from }, (_, k) => from + k).every((k) => !filled.has(k));
      };
      const said = problems.map((d) => (d.code === "E_EMPTY_HEADER" && d.params["columnNumber"] !== undefined && !d.params["titleRow"] && blank(d)
        ? { ...d, params: { ...d.params, emptyColumn: 1 } } : d));
      if (said.length > 0) throw new InputError(said);
    },
  };
}

/** Header and rows, with every row checked to have as many fields as the header. */
export function toTable(records: CsvRecord[], file: string): Table {
  const table: Table = { file, header: [], headerLine: 0, rows: [] };
  const check = checkTable(file, {
    header(cells, line) { table.header = cells; table.headerLine = line; },
    row(cells, line) { table.rows.push({ line, cells }); },
  });
  for (const r of records) check.record(r.cells, r.line);
  check.finish();
  return table;
}

export function fieldCountError(r: CsvRecord, expected: number, file: string): Diagnostic {
  return error("E_CSV_FIELD_COUNT", { file, line: r.line, column: Math.min(r.cells.length, expected) + 1 }, { cells: r.cells.length, expected });
}

function checkHeader(head: CsvRecord, file: string, diagnostics: Diagnostic[]): void {
  if (head.cells.length > MAX_COLUMNS) {
    diagnostics.push(error("E_TOO_MANY_COLUMNS", { file, line: head.line, column: MAX_COLUMNS + 1 }, { columns: head.cells.length, limit: MAX_COLUMNS }));
    return;
  }
  const seen = new Map<string, number>();
  // Text in the first cell only: a title typed above the column names (the hint says so).
  const titleRow = head.cells.length > 1 && head.cells[0] !== "" && head.cells.slice(1).every((h) => h === "");
  // Empty columns at the end (Excel saves columns once used as empty ones): told once, from the first.
  let trailing = head.cells.length;
  while (!titleRow && trailing > 1 && head.cells[trailing - 1] === "") trailing--;
  head.cells.forEach((h, i) => {
    if (i > trailing) return;
    const last: Record<string, number> = i === trailing && head.cells.length - i > 1 ? { lastColumnNumber: head.cells.length } : {};
    if (h === "") diagnostics.push(error("E_EMPTY_HEADER", { file, line: head.line, column: i + 1 }, { columnNumber: i + 1, ...last, ...(titleRow ? { titleRow: 1 } : {}) }));
    else if (seen.has(h)) diagnostics.push(error("E_DUPLICATE_HEADER", { file, line: head.line, column: i + 1 }, { column: h, otherColumn: seen.get(h)! + 1 }));
    else seen.set(h, i);
  });
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function protectCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A table written both as a CSV output and as a workbook's sheet (the same cells in both). */
export interface OutputTable {
  header: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

/** UTF-8 with BOM, CRLF, header first (SPEC §10). Numbers are written as they are; text is protected. */
export function formatCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const records = [header, ...rows].map((r) => r.map(protectCell));
  // Quoted besides csv-stringify's own cases (comma, quote): line breaks, and white space at either end.
  return "\ufeff" + stringify(records, { record_delimiter: "\r\n", quoted_match: /[\r\n]|^\s|\s$/ });
}
