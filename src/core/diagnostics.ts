// Every problem is collected, never thrown one at a time, so a clerk sees them all at once. A diagnostic
// is data: a code, where, and the values its message quotes. The words live in the message catalogues
// (src/messages/), one per language, keyed by code.

export type Severity = "error" | "warning";

/** The values a message quotes (numbers, ids, names, cells, marks), never sentences. */
export type Params = Record<string, string | number | readonly string[]>;

export interface Diagnostic {
  severity: Severity;
  code: string;
  file: string;
  line: number;
  column: number;
  params: Params;
  /**
   * Words written at the call site (errorText/warningText), for call sites not yet moved to the catalogues.
   * The renderer uses them when the catalogue has no entry for the code or the params are not enough.
   */
  message?: string;
  hint?: string;
  /** In a workbook, the place as a clerk finds it (`候选项目!C7`), shown instead of line and column. */
  cell?: string;
}

export interface Place {
  file: string;
  line?: number;
  column?: number;
}

export function error(code: string, at: Place, params: Params = {}): Diagnostic {
  return { severity: "error", code, file: at.file, line: at.line ?? 0, column: at.column ?? 0, params };
}

export function warning(code: string, at: Place, params: Params = {}): Diagnostic {
  return { severity: "warning", code, file: at.file, line: at.line ?? 0, column: at.column ?? 0, params };
}

/** A diagnostic whose words are written at the call site (see Diagnostic.message). */
export function errorText(code: string, at: Place, message: string, hint?: string, params?: Params): Diagnostic {
  return { ...error(code, at, params), message, ...(hint ? { hint } : {}) };
}

export function warningText(code: string, at: Place, message: string, hint?: string, params?: Params): Diagnostic {
  return { ...warning(code, at, params), message, ...(hint ? { hint } : {}) };
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** `file:line:column` — shortened when line or column is unknown; `file 工作表!C7` in a workbook. */
export function placeOf(d: Pick<Diagnostic, "file" | "line" | "column" | "cell">): string {
  if (d.cell !== undefined) return `${d.file} ${d.cell}`;
  return d.line > 0 ? (d.column > 0 ? `${d.file}:${d.line}:${d.column}` : `${d.file}:${d.line}`) : d.file;
}

/** Thrown by input readers for a problem that stops reading a file (not a bug): carries its diagnostics. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${placeOf(d)} ${d.code}`).join("\n"));
    this.name = "InputError";
  }
}
