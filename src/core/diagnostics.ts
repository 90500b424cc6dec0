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
  /** The values quoted in message and hint, so the message can be rendered in another language (`--lang en`). */
  params?: Params;
}

export type Params = Record<string, string | number>;

export interface Place {
  file: string;
  line?: number;
  column?: number;
}

export function error(code: string, at: Place, message: string, hint?: string, params?: Params): Diagnostic {
  return diagnostic("error", code, at, message, hint, params);
}

export function warning(code: string, at: Place, message: string, hint?: string, params?: Params): Diagnostic {
  return diagnostic("warning", code, at, message, hint, params);
}

function diagnostic(severity: Severity, code: string, at: Place, message: string, hint: string | undefined, params: Params | undefined): Diagnostic {
  return { severity, code, file: at.file, line: at.line ?? 0, column: at.column ?? 0, message: oneLine(message), ...(hint ? { hint: oneLine(hint) } : {}), ...(params ? { params } : {}) };
}

const QUOTED_MAX = 40;
const MESSAGE_MAX = 400;

/** A value the user wrote, as a message quotes it: line breaks and control characters made visible, long values clipped. */
export function clipValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = value.replace(/\r\n|\r|\n/g, "↵").replace(/\t/g, "⇥").replace(/[\u0000-\u001f\u007f]/g, "�");
  const chars = [...visible];
  return chars.length > QUOTED_MAX ? `${chars.slice(0, QUOTED_MAX - 10).join("")}…（共 ${chars.length} 个字符）` : visible;
}

/**
 * Messages quote cells, headers and keys from the user's files. A reason must stay one readable line even
 * when the quoted value is a 10 MB cell or holds line breaks.
 */
export function oneLine(message: string): string {
  const tidy = message.replace(/“([^”]*)”/g, (_, inner: string) => `“${clipValue(inner)}”`);
  // eslint-disable-next-line no-control-regex
  const flat = tidy.replace(/\r\n|\r|\n/g, " ").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "�");
  const chars = [...flat];
  return chars.length > MESSAGE_MAX ? `${chars.slice(0, MESSAGE_MAX).join("")}…` : flat;
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
