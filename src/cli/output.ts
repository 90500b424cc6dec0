// How an outcome is shown: one JSON document on stdout with --json, otherwise the report on stdout and
// diagnostics grouped by file on stderr (data on stdout, messages on stderr).
import { Chalk } from "chalk";
import type { Diagnostic } from "../core/diagnostics.js";
import type { Lang, Outcome } from "../commands/outcome.js";
import { jsonDocument } from "../commands/json-document.js";
import { renderDiagnostic, renderFailure, shownLine, shownPlace } from "../messages/render.js";

export interface Writer {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Diagnostics grouped by file, errors before warnings within a file, each with its hint. */
function formatDiagnostics(list: readonly Diagnostic[], color: boolean, lang: Lang): string[] {
  const en = lang === "en";
  // 16 colours when `color` (run.ts decides: a terminal, no --json, --no-color, NO_COLOR, FORCE_COLOR=0 or TERM=dumb), else none.
  const c = new Chalk({ level: color ? 1 : 0 });
  const files = [...new Set(list.map((d) => d.at.file))];
  const out: string[] = [];
  for (const file of files) {
    const group = list.filter((d) => d.at.file === file).sort((a, b) => (a.severity === b.severity ? a.at.line - b.at.line || a.at.column - b.at.column : a.severity === "error" ? -1 : 1));
    for (const d of group) {
      const label = d.severity === "error" ? c.red(en ? "error" : "错误") : c.yellow(en ? "warning" : "提醒");
      const shown = renderDiagnostic(d, lang);
      // A note on the command line itself (an option given twice) has no place in a file.
      out.push(`${label} ${d.at.file === "" ? "" : `${shownPlace(d.at)} `}${d.code} ${shown.message}`);
      if (shown.hint) out.push(c.dim(en ? `    hint: ${shown.hint}` : `    提示：${shown.hint}`));
    }
  }
  // An E_MORE_ERRORS stands for the errors it says were not listed: the total counts them.
  const errors = list.filter((d) => d.severity === "error").reduce((n, d) => n + (d.code === "E_MORE_ERRORS" ? Number(d.params["more"]) : 1), 0);
  const warnings = list.filter((d) => d.severity !== "error").length;
  if (errors > 0) {
    out.push(c.red(en ? `${errors} ${errors === 1 ? "error" : "errors"}${warnings ? `, ${warnings} ${warnings === 1 ? "warning" : "warnings"}` : ""}.` : `共 ${errors} 处错误${warnings ? `、${warnings} 条提醒` : ""}。`));
  }
  return out;
}

const diagnosticKey = (d: Diagnostic) => JSON.stringify([d.severity, d.code, d.at, d.params]);

export function writeOutcome(outcome: Outcome, json: boolean, stdout: Writer, stderr: Writer, color: boolean, lang: Lang): void {
  if (json) {
    stdout.write(JSON.stringify(jsonDocument(outcome, lang), null, 2) + "\n");
    return;
  }
  if (outcome.report.length > 0) stdout.write(outcome.report.map(shownLine).join("\n") + "\n");
  // A warning the error lists too is shown once: compared by what it says, since a workbook's places are
  // added to copies (its cell beside the line and column).
  const said = new Set((outcome.error?.diagnostics ?? []).map(diagnosticKey));
  const diagnostics = [...(outcome.error?.diagnostics ?? []), ...outcome.warnings.filter((w) => !said.has(diagnosticKey(w)))];
  if (diagnostics.length > 0) stderr.write(formatDiagnostics(diagnostics, color, lang).join("\n") + "\n");
  if (!outcome.error) return;
  const failure = shownLine(renderFailure(outcome.error, lang));
  // A command's own usage refusal (--round past the last round, init's option values) reads as commander's
  // do; one said by a diagnostic with its hint (enter without a terminal) is not a mistyped command line.
  const usage = outcome.error.code === "E_USAGE" && outcome.error.diagnostics.length === 0;
  stderr.write(usage ? usageScreen(failure, lang, `piaojue ${outcome.command} --help`) : `${failure}\n`);
}

/** A usage error on screen: the heading, the words, and (unless `help` is null) where the usage is told. */
export function usageScreen(words: string, lang: Lang, help: string | null = "piaojue --help"): string {
  const en = lang === "en";
  const where = help === null ? "" : en ? `run ${help} for usage\n` : `运行 ${help} 查看用法\n`;
  return `${en ? "usage error: " : "用法错误："}${words}\n${where}`;
}
