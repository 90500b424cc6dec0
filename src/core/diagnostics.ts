// Every problem is collected, never thrown one at a time, so a clerk sees them all at once.

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  code: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

export interface Place {
  file: string;
  line?: number;
  column?: number;
}

export function error(code: string, at: Place, message: string, hint?: string): Diagnostic {
  return { severity: "error", code, file: at.file, line: at.line ?? 0, column: at.column ?? 0, message, ...(hint ? { hint } : {}) };
}

export function warning(code: string, at: Place, message: string, hint?: string): Diagnostic {
  return { severity: "warning", code, file: at.file, line: at.line ?? 0, column: at.column ?? 0, message, ...(hint ? { hint } : {}) };
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** `file:line:column code message` — the place is shortened when line or column is unknown. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = d.line > 0 ? (d.column > 0 ? `${d.file}:${d.line}:${d.column}` : `${d.file}:${d.line}`) : d.file;
  return `${place} ${d.code} ${d.message}`;
}

/** Thrown by input readers for a problem that stops reading a file (not a bug): carries its diagnostics. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "InputError";
  }
}
