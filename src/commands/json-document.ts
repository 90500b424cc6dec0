// The one JSON document a command prints with --json: here, below the CLI, so that verify compares
// exactly what `tally --json` prints without reaching up into the CLI.
import type { Diagnostic } from "../core/diagnostics.js";
import { renderDiagnostic, renderFailure } from "../messages/render.js";
import type { Lang, Outcome } from "./outcome.js";

// The JSON document keeps the Chinese `message` (and `hint`) whatever --lang says; with --lang en each
// message also gets `messageEn` (and `hintEn`), added beside it so a program reading `message` is unaffected.
export function jsonDocument(outcome: Outcome, lang: Lang = "zh"): unknown {
  const english = (d: Diagnostic) => {
    if (lang !== "en") return {};
    const en = renderDiagnostic(d, "en");
    return { messageEn: en.message, ...(en.hint !== undefined ? { hintEn: en.hint } : {}) };
  };
  const warnings = outcome.warnings.map((w) => {
    const zh = renderDiagnostic(w);
    return { code: w.code, message: zh.message, file: w.at.file, line: w.at.line, column: w.at.column, ...(w.at.cell !== undefined ? { cell: w.at.cell } : {}), ...(zh.hint ? { hint: zh.hint } : {}), ...english(w) };
  });
  if (outcome.error) {
    return {
      ok: false, command: outcome.command, schemaVersion: 1,
      error: {
        code: outcome.error.code, message: renderFailure(outcome.error),
        ...(lang === "en" ? { messageEn: renderFailure(outcome.error, "en") } : {}),
        diagnostics: outcome.error.diagnostics.map((d) => ({ ...diagnosticJson(d), ...english(d) })),
      },
      // A failed check can still have findings to show (audit's numbered checks).
      ...(outcome.data !== undefined ? { data: outcome.data } : {}),
      warnings,
    };
  }
  return { ok: true, command: outcome.command, schemaVersion: 1, data: outcome.data ?? null, warnings };
}

function diagnosticJson(d: Diagnostic) {
  const zh = renderDiagnostic(d);
  return { severity: d.severity, code: d.code, file: d.at.file, line: d.at.line, column: d.at.column, ...(d.at.cell !== undefined ? { cell: d.at.cell } : {}), message: zh.message, ...(zh.hint ? { hint: zh.hint } : {}) };
}

