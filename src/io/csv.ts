// CSV in and out. The reader is an RFC 4180 state machine fed in chunks, so it knows the line and
// column of every record and error, and streams files of any size; the writer adds the BOM, CRLF and
// formula protection every output needs (SPEC §10).
import { errorText, InputError, type Diagnostic } from "../core/diagnostics.js";
import type { Table, TableRow } from "../core/table.js";

export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Incremental parser. Call `push(chunk)` with decoded text as it arrives and `end()` once; each complete
 * record goes to `onRecord`. Empty lines are skipped; cells are trimmed of surrounding white space.
 */
export class CsvParser {
  private field = "";
  private cells: string[] = [];
  private quoted = false; // inside quotes
  private wasQuoted = false; // the current field was quoted (then only white space may follow the closing quote)
  private afterQuote = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 0;
  private column = 1;
  private pendingCR = false;
  private fieldStarted = false;
  /** Comma, or tab for Excel's "Unicode text" export; decided from the first line unless given. */
  private delimiter: number | null;

  constructor(
    private readonly file: string,
    private readonly onRecord: (record: CsvRecord) => void,
    delimiter?: "," | "\t",
  ) {
    this.delimiter = delimiter === undefined ? null : delimiter.charCodeAt(0);
  }

  /** The delimiter in use ("," or "\t"), once the first line has been seen. */
  get separator(): string | null {
    return this.delimiter === null ? null : String.fromCharCode(this.delimiter);
  }

  private fail(message: string, hint: string, line = this.line, column = this.column): never {
    throw new InputError([errorText("E_CSV_SYNTAX", { file: this.file, line, column }, message, hint)]);
  }

  private endField(): void {
    this.cells.push(this.field.trim());
    this.field = "";
    this.wasQuoted = false;
    this.afterQuote = false;
    this.fieldStarted = false;
  }

  private endRecord(): void {
    const empty = this.cells.length === 0 && !this.fieldStarted && this.field === "" && !this.wasQuoted;
    if (!empty) {
      this.endField();
      this.onRecord({ line: this.recordLine, cells: this.cells });
    }
    this.cells = [];
    this.field = "";
    this.wasQuoted = false;
    this.afterQuote = false;
    this.fieldStarted = false;
  }

  push(chunk: string): void {
    if (this.delimiter === null) this.delimiter = sniffDelimiter(chunk);
    const delimiter = this.delimiter;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === 10) continue; // CRLF: the CR already ended the line
      }
      if (this.quoted) {
        if (c === 34) {
          if (i + 1 < chunk.length) {
            if (chunk.charCodeAt(i + 1) === 34) { this.field += '"'; i++; this.column += 2; continue; }
            this.quoted = false; this.afterQuote = true; this.column++; continue;
          }
          // A quote at the end of a chunk: decide when the next character arrives.
          this.quoted = false; this.afterQuote = true; this.column++;
          this.maybeEscapedQuote = true;
          continue;
        }
        if (c === 10 || c === 13) {
          this.field += c === 13 ? "\n" : "\n";
          if (c === 13) this.pendingCR = true;
          this.line++; this.column = 1;
          continue;
        }
        // A run of ordinary characters inside quotes is taken in one slice.
        let j = i + 1;
        while (j < chunk.length) {
          const d = chunk.charCodeAt(j);
          if (d === 34 || d === 10 || d === 13) break;
          j++;
        }
        this.field += chunk.slice(i, j);
        this.column += j - i;
        i = j - 1;
        continue;
      }
      if (this.maybeEscapedQuote) {
        this.maybeEscapedQuote = false;
        if (c === 34) { this.quoted = true; this.afterQuote = false; this.field += '"'; this.column++; continue; }
      }
      if (c === delimiter) {
        this.fieldStarted = true;
        this.endField();
        this.fieldStarted = true;
        this.column++;
        continue;
      }
      if (c === 10 || c === 13) {
        this.endRecord();
        if (c === 13) this.pendingCR = true;
        this.line++; this.column = 1;
        this.recordLine = this.line;
        continue;
      }
      if (this.afterQuote) {
        if (c === 32 || c === 9) { this.column++; continue; }
        this.fail("引号结束后紧跟了其他字符", "含逗号或引号的单元格要整个用双引号括起，单元格里的双引号写成两个（\"\"）");
      }
      if (c === 34) {
        if (this.field.trim() === "") {
          this.field = ""; this.quoted = true; this.wasQuoted = true; this.fieldStarted = true; this.quoteLine = this.line; this.quoteColumn = this.column;
          this.column++;
          continue;
        }
        this.fail("未加引号的单元格中间出现了双引号", "把整个单元格用双引号括起，单元格里的双引号写成两个（\"\"）");
      }
      // A run of ordinary characters is taken in one slice, not a character at a time.
      let j = i + 1;
      while (j < chunk.length) {
        const d = chunk.charCodeAt(j);
        if (d === delimiter || d === 10 || d === 13 || d === 34) break;
        j++;
      }
      this.field += chunk.slice(i, j);
      this.fieldStarted = true;
      this.column += j - i;
      i = j - 1;
    }
  }

  private maybeEscapedQuote = false;
  private quoteColumn = 0;

  end(): void {
    this.maybeEscapedQuote = false;
    if (this.quoted) this.fail("引号没有结束：文件在引号内结束", "检查这个单元格的双引号是否成对，或文件是否被截断", this.quoteLine, this.quoteColumn);
    this.endRecord();
  }
}

/**
 * A header line with tabs and no comma (outside quotes) is tab-separated: that is how Excel and WPS save
 * "Unicode text" (UTF-16), and no header of ours can hold a tab, so the reading is unambiguous.
 */
export function sniffDelimiter(text: string): number {
  let inQuotes = false;
  let tab = false;
  let seen = false; // the header is the first line that is not empty; the lines after it do not count
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) { inQuotes = !inQuotes; seen = true; }
    else if (inQuotes) continue;
    else if (c === 10 || c === 13) { if (seen) break; }
    else if (c === 44) return 44;
    else { seen = true; if (c === 9) tab = true; }
  }
  return tab ? 9 : 44;
}

/** Parses a whole decoded text into records. */
export function parseCsvText(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvParser(file, (r) => records.push(r));
  parser.push(text);
  parser.end();
  return records;
}

/** Header and rows, with every row checked to have as many fields as the header. */
export function toTable(records: CsvRecord[], file: string): Table {
  const diagnostics: Diagnostic[] = [];
  const [head, ...rest] = records;
  if (!head) throw new InputError([errorText("E_CSV_EMPTY", { file, line: 1, column: 1 }, "文件是空的，没有表头", "第一行应是表头")]);
  checkHeader(head, file, diagnostics);
  const rows: TableRow[] = [];
  for (const r of rest) {
    if (r.cells.length !== head.cells.length) {
      diagnostics.push(fieldCountError(r, head.cells.length, file));
      if (diagnostics.length > 50) break;
      continue;
    }
    rows.push(r);
  }
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return { file, header: head.cells, headerLine: head.line, rows };
}

export function fieldCountError(r: CsvRecord, expected: number, file: string): Diagnostic {
  return errorText("E_CSV_FIELD_COUNT", { file, line: r.line, column: Math.min(r.cells.length, expected) + 1 },
    `这一行有 ${r.cells.length} 个单元格，表头有 ${expected} 列`, "检查是否多了或少了逗号；含逗号的单元格要用双引号括起");
}

export function checkHeader(head: CsvRecord, file: string, diagnostics: Diagnostic[]): void {
  const seen = new Map<string, number>();
  head.cells.forEach((h, i) => {
    if (h === "") diagnostics.push(errorText("E_EMPTY_HEADER", { file, line: head.line, column: i + 1 }, `第 ${i + 1} 列的列名是空的`, "删除空列，或写上列名"));
    else if (seen.has(h)) diagnostics.push(errorText("E_DUPLICATE_HEADER", { file, line: head.line, column: i + 1 }, `列名“${h}”与第 ${seen.get(h)! + 1} 列重复`, "每个列名只能出现一次"));
    else seen.set(h, i);
  });
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function protectCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function quoteCell(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with BOM, CRLF, header first (SPEC §10). Numbers are written as they are; text is protected. */
export function formatCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const lines = [header, ...rows].map((r) => r.map((v) => quoteCell(protectCell(v))).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}
