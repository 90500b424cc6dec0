// How an outcome is shown: one JSON document on stdout with --json, otherwise the report on stdout and
// diagnostics grouped by file on stderr (data on stdout, messages on stderr).
import { Chalk } from "chalk";
import { formatDiagnostic, type Diagnostic } from "../core/diagnostics.js";
import type { Outcome } from "../commands/outcome.js";

export interface Writer {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export function jsonDocument(outcome: Outcome): unknown {
  const warnings = outcome.warnings.map((w) => ({ code: w.code, message: w.message, file: w.file, line: w.line, column: w.column, ...(w.hint ? { hint: w.hint } : {}) }));
  if (outcome.error) {
    return {
      ok: false, command: outcome.command, schemaVersion: 1,
      error: { code: outcome.error.code, message: outcome.error.message, diagnostics: outcome.error.diagnostics.map(diagnosticJson) },
      // A failed check can still have findings to show (audit's numbered checks).
      ...(outcome.data !== undefined ? { data: outcome.data } : {}),
      warnings,
    };
  }
  return { ok: true, command: outcome.command, schemaVersion: 1, data: outcome.data ?? null, warnings };
}

function diagnosticJson(d: Diagnostic) {
  return { severity: d.severity, code: d.code, file: d.file, line: d.line, column: d.column, message: d.message, ...(d.hint ? { hint: d.hint } : {}) };
}

/** Diagnostics grouped by file, errors before warnings within a file, each with its hint. */
export function formatDiagnostics(list: readonly Diagnostic[], color: boolean): string[] {
  const c = new Chalk({ level: color ? 1 : 0 });
  const files = [...new Set(list.map((d) => d.file))];
  const out: string[] = [];
  for (const file of files) {
    const group = list.filter((d) => d.file === file).sort((a, b) => (a.severity === b.severity ? a.line - b.line || a.column - b.column : a.severity === "error" ? -1 : 1));
    for (const d of group) {
      const label = d.severity === "error" ? c.red("错误") : c.yellow("提醒");
      out.push(`${label} ${formatDiagnostic(d)}`);
      if (d.hint) out.push(c.dim(`    提示：${d.hint}`));
    }
  }
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.length - errors;
  if (errors > 0) out.push(c.red(`共 ${errors} 处错误${warnings ? `、${warnings} 条提醒` : ""}。`));
  return out;
}

export function writeOutcome(outcome: Outcome, json: boolean, stdout: Writer, stderr: Writer, color: boolean): void {
  if (json) {
    stdout.write(JSON.stringify(jsonDocument(outcome), null, 2) + "\n");
    return;
  }
  if (outcome.report.length > 0) stdout.write(outcome.report.join("\n") + "\n");
  const diagnostics = [...(outcome.error?.diagnostics ?? []), ...outcome.warnings.filter((w) => !outcome.error?.diagnostics.includes(w))];
  if (diagnostics.length > 0) stderr.write(formatDiagnostics(diagnostics, color).join("\n") + "\n");
  if (outcome.error) stderr.write(`${outcome.error.message}\n`);
}
