// Every problem is collected, never thrown one at a time, so a clerk sees them all at once. A diagnostic
// is data: a code, where, and the values its message quotes. The words live in the message catalogues
// (src/messages/), one per language, keyed by code.

export type Severity = "error" | "warning";

/**
 * The values a message quotes (numbers, ids, names, cells, marks), never sentences; or a diagnostic one
 * quotes as its cause, put into words in the language of the one quoting it.
 */
export type Params = { [key: string]: string | number | readonly string[] | Diagnostic };

/** Where a problem is: a file, and in it a line and column (0 when unknown), or a workbook cell. */
export interface Place {
  file: string;
  line: number;
  column: number;
  /** In a workbook, the place as a clerk finds it (`候选项目!C7`), shown instead of line and column. */
  cell?: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  at: Place;
  params: Params;
}

/** A place as callers name it: line and column may be left out. */
export type PlaceInput = { file: string; line?: number; column?: number };

function placeFrom(at: PlaceInput): Place {
  return { file: at.file, line: at.line ?? 0, column: at.column ?? 0 };
}

export function error(code: string, at: PlaceInput, params: Params = {}): Diagnostic {
  return { code, severity: "error", at: placeFrom(at), params };
}

export function warning(code: string, at: PlaceInput, params: Params = {}): Diagnostic {
  return { code, severity: "warning", at: placeFrom(at), params };
}

/**
 * Appends `items` to `list` one by one: `list.push(...items)` passes each item as an argument, and a file
 * with some 125,000 problems (a 票号 repeated on every row) would overflow the call stack.
 */
export function appendAll<T>(list: T[], items: Iterable<T>): void {
  for (const item of items) list.push(item);
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** `file:line:column` — shortened when line or column is unknown; `file 工作表!C7` in a workbook. */
export function placeOf(at: Place): string {
  if (at.cell !== undefined) return `${at.file} ${at.cell}`;
  return at.line > 0 ? (at.column > 0 ? `${at.file}:${at.line}:${at.column}` : `${at.file}:${at.line}`) : at.file;
}

/** Thrown by input readers for a problem that stops reading a file (not a bug): carries its diagnostics. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${placeOf(d.at)} ${d.code}`).join("\n"));
    this.name = "InputError";
  }
}
