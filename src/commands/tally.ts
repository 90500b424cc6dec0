// piaojue tally: read → count each round → decide → write results (SPEC §6–§7).
import { error, type Diagnostic } from "../core/diagnostics.js";
import { decideFirstRound, decideRunoffRound, finishTally, tallyJson, type TallyResult } from "../core/decide.js";
import { recoverOutDir, SessionReader, type OutputFile } from "../io/files.js";
import { announcementDocx, csvWorkbook } from "../io/office.js";
import { announcementHtml, announcementMd, resultsCsv, summaryCsv } from "../io/render/tally.js";
import { execute, writePlanned, type Plan, type PlannedOutput } from "./execute.js";
import { collect, readFolder, resolveDir, resolveOut, type LoadedFolder } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { ballotFileName, countsFileName, readRound, roundsPresent } from "./rounds.js";
import { resultReport } from "./report.js";

export interface TallyOptions {
  dir?: string;
  out?: string;
  round?: number;
}

export type TallyData = ReturnType<typeof tallyJson>;

export const TALLY_OUTPUTS = ["results.csv", "summary.csv", "announcement.md", "announcement.html", "results.xlsx", "summary.xlsx", "announcement.docx"] as const;

/** Counts every round present (or up to `round`) and decides. Inputs are validated in full first. */
export async function computeTally(folder: LoadedFolder, roundLimit?: number): Promise<{ result?: TallyResult; diagnostics: Diagnostic[] }> {
  const { session, rules, reader, lines } = folder;
  const diagnostics: Diagnostic[] = [];
  const ctx = { session, rules, reader, issuedPosition: folder.source.positions.get("issued") };
  const first = await collect(diagnostics, () => readRound(ctx, 1, lines));
  if (!first) return { diagnostics };
  diagnostics.push(...first.notes);
  let state = decideFirstRound(session, rules, lines, first.count, folder.competition);
  const present = await roundsPresent(reader);
  let round = 2;
  for (; present.has(round) && (roundLimit === undefined || round <= roundLimit); round++) {
    if (state.voidReasons.length > 0) break;
    const runoff = state.runoff;
    if (!runoff) {
      const name = (await reader.has(ballotFileName(round))) ? ballotFileName(round) : countsFileName(round);
      diagnostics.push(error("E_UNEXPECTED_ROUND", { file: name }, { round, decided: round - 1, file: name }));
      return { diagnostics };
    }
    const byId = new Map(lines.map((c) => [c.id, c] as const));
    const next = await collect(diagnostics, () => readRound(ctx, round, runoff.candidates.map((id) => byId.get(id)!), runoff.seats));
    if (!next) return { diagnostics };
    diagnostics.push(...next.notes);
    state = decideRunoffRound(state, next.count);
  }
  const orphan = [...present].filter((k) => k >= round && (roundLimit === undefined || k <= roundLimit) && state.voidReasons.length === 0);
  if (orphan.length > 0) {
    const k = Math.min(...orphan);
    diagnostics.push(error("E_UNEXPECTED_ROUND", { file: ballotFileName(k) }, state.runoff ? { round: k, next: state.runoff.round } : { round: k, decided: round - 1 }));
    return { diagnostics };
  }
  const result = finishTally(state);
  return { result, diagnostics: [...folder.warnings, ...diagnostics, ...result.warnings] };
}

export function tallyExitCode(result: TallyResult): number {
  return !result.valid ? EXIT.void : !result.final ? EXIT.runoff : EXIT.ok;
}

export function tallyFiles(result: TallyResult, folder: LoadedFolder): OutputFile[] {
  const results = resultsCsv(result);
  const summary = summaryCsv(result);
  const announcement = announcementMd(result, folder.session, folder.candidates);
  return [
    { name: "results.csv", content: results },
    { name: "summary.csv", content: summary },
    { name: "announcement.md", content: announcement },
    { name: "announcement.html", content: announcementHtml(result, folder.session, folder.candidates) },
    ...tallyOfficeFiles(results, summary, announcement, folder.session.date),
  ];
}

/** The same results for Excel and Word: the two tables as workbooks, the 公告 as a document. */
function tallyOfficeFiles(results: string, summary: string, announcement: string, date: string): OutputFile[] {
  return [
    { name: "results.xlsx", content: csvWorkbook("票决结果", results, "results.csv") },
    { name: "summary.xlsx", content: csvWorkbook("汇总", summary, "summary.csv") },
    { name: "announcement.docx", content: announcementDocx(announcement, date) },
  ];
}

/** What audit.json records of a tally's options, so `piaojue audit` can recount the same way. */
export function tallyAuditOptions(env: CommandEnv, opts: { round?: number | undefined }): { round: number | null; encoding: CommandEnv["encoding"] } {
  return { round: opts.round ?? null, encoding: env.encoding };
}

/** One session counted: what `tally` plans but the report, for `tally` and `batch`. */
export type TallyRun =
  | { ok: true; folder: LoadedFolder; result: TallyResult; warnings: Diagnostic[]; output: PlannedOutput }
  | { ok: false; folder?: LoadedFolder; diagnostics: Diagnostic[] };

/** Reads and checks every input through the reader, counts and decides; the files are planned, not written. */
export async function countSession(reader: SessionReader, env: CommandEnv, opts: { round?: number | undefined } = {}): Promise<TallyRun> {
  const loaded = await readFolder(reader);
  if (!loaded.value) return { ok: false, diagnostics: loaded.diagnostics };
  const folder = loaded.value;
  const { result, diagnostics } = await computeTally(folder, opts.round);
  if (!result || diagnostics.some((d) => d.severity === "error")) return { ok: false, folder, diagnostics };
  const output: PlannedOutput = { record: "tally", files: tallyFiles(result, folder), rules: folder.session.rules, options: tallyAuditOptions(env, opts) };
  return { ok: true, folder, result, warnings: diagnostics.filter((d) => d.severity === "warning"), output };
}

/** Counts one session and writes its outputs into `outDir` (batch's step for each session). */
export async function tallySession(dir: string, outDir: string, env: CommandEnv, opts: { round?: number } = {}): Promise<TallyRun> {
  await recoverOutDir(outDir);
  const reader = new SessionReader(dir, env.encoding);
  const run = await countSession(reader, env, opts);
  if (run.ok) await writePlanned(run.output, reader.inputs, { dir, outDir }, env);
  return run.ok ? { ...run, warnings: [...reader.workbookWarnings, ...reader.located(run.warnings)] } : { ...run, diagnostics: reader.located(run.diagnostics) };
}

export const planTally: Plan<{ round?: number | undefined }, TallyData> = async (reader, opts, ctx) => {
  const run = await countSession(reader, ctx.env, opts);
  if (!run.ok) return failed("tally", run.diagnostics);
  const { result, folder, warnings, output } = run;
  return {
    command: "tally",
    exitCode: tallyExitCode(result),
    data: tallyJson(result),
    warnings,
    report: resultReport(result, folder, ctx.outLabel, ctx.env.lang),
    output,
  };
};

export async function runTally(opts: TallyOptions, env: CommandEnv): Promise<Outcome<TallyData>> {
  const dir = resolveDir(env, opts.dir);
  return execute(planTally, { round: opts.round }, { dir, outDir: resolveOut(env, dir, opts.out) }, env);
}
