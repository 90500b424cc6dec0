// What every command returns: data for --json, lines for people, and the exit code of SPEC §9. Commands
// never print or exit; the CLI decides how to show an outcome.
import type { Diagnostic, Params } from "../core/diagnostics.js";
import type { EncodingChoice } from "../io/encoding.js";
import type { Lang } from "../messages/catalogue.js";

export type { Lang };

export const EXIT = { ok: 0, invalid: 1, usage: 2, void: 3, runoff: 4, internal: 70, interrupted: 130 } as const;

/** Why a command failed, as a key of the catalogues' failure messages and the values they quote. */
export interface Failure {
  why: string;
  params?: Params;
}

export interface CommandError {
  code: string;
  failure?: Failure;
  /** Words written by the command itself (commands not yet moved to failure keys), and in English. */
  message?: string;
  messageEn?: string;
  diagnostics: Diagnostic[];
}

export interface Outcome<T = unknown> {
  command: string;
  exitCode: number;
  data?: T;
  warnings: Diagnostic[];
  error?: CommandError;
  /** What a person reads on stdout (without --json). */
  report: string[];
}

export interface CommandEnv {
  cwd: string;
  encoding: EncodingChoice;
  version: string;
  now: () => Date;
  /** Language of the report lines; absent means Chinese. */
  lang?: Lang;
}

export function failed(command: string, diagnostics: Diagnostic[], failure: Failure = { why: "input-invalid" }): Outcome<never> {
  const code = diagnostics.find((d) => d.severity === "error")?.code ?? "E_INPUT";
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  return { command, exitCode: EXIT.invalid, warnings, error: { code, failure, diagnostics }, report: [] };
}
