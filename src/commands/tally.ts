// piaojue tally: read → count each round → decide → write results (SPEC §6–§7).
import { appendAll, error, hasErrors, InputError, warning, type Diagnostic, type Params } from "../core/diagnostics.js";
import { decideFirstRound, decideRunoffRound, finishTally, quorumMet, tallyJson, type TallyResult } from "../core/decide.js";
import { readSessionAudit, type AuditDocument } from "../io/audit-trail.js";
import { formatCsv } from "../io/csv.js";
import { recoverOutDir, SessionReader, type OutputFile } from "../io/files.js";
import { announcementDocx, csvWorkbooks } from "../io/office.js";
import { announcementHtml, announcementMd, announcementNotes, resultsTable, summaryTable } from "../io/render/tally.js";
import { execute, planContext, writePlanned, type Plan, type PlannedOutput } from "./execute.js";
import { CANDIDATES_FILE, collect, readFolder, resolveDir, resolveOut, sessionAt, type LoadedFolder } from "./load.js";
import { EXIT, failed, type CommandEnv, type Failure, type Outcome } from "./outcome.js";
import { printedBallotFile, printedNamesChanged, printedRulesChanged, printedRunoffDiffers, roundRecordsPast } from "./printed.js";
import { ballotFileName, countsFileName, misnamedRoundFiles, readRound, roundsPresent } from "./rounds.js";
import { resultReport } from "./report.js";

export interface TallyOptions {
  dir?: string;
  out?: string;
  /** The last round to count. */
  round?: number;
  /** The 文号 printed under the 公告's title. */
  docNumber?: string;
}

/** What the plan takes (and audit.json records): the last round to count and the 文号. */
type TallyPlanOptions = {
  round?: number | undefined;
  docNumber?: string | undefined;
  /** out/'s audit trail before the count: what `ballot` printed (audit counts again without it). */
  trail?: AuditDocument | null;
};

export type TallyData = ReturnType<typeof tallyJson>;

/**
 * Counts every round present (or up to `round`) and decides. Inputs are validated in full first: with
 * any error among the diagnostics there is no result, so beside a result they are all warnings.
 * `printed`: out/'s audit trail, whose runoff ballots a runoff round's file must have been cast on
 * (audit counts again without it).
 */
export async function computeTally(folder: LoadedFolder, roundLimit?: number, printed?: AuditDocument | null): Promise<{ result?: TallyResult; diagnostics: Diagnostic[] }> {
  const { session, rules, reader, lines } = folder;
  const diagnostics: Diagnostic[] = await misnamedRoundFiles(reader, session.issued.length);
  const ctx = { session, rules, reader, positions: folder.source.positions, candidates: folder.candidates.all };
  const first = await collect(diagnostics, () => readRound(ctx, 1, lines));
  if (!first) return { diagnostics };
  appendAll(diagnostics, first.notes);
  let state = decideFirstRound(session, rules, lines, first.count, folder.competition);
  // The file of round k as the clerk named it: ballots or counts, .csv or .xlsx.
  const roundFile = async (k: number) => collect(diagnostics, async () => {
    const table = (await reader.has(ballotFileName(k))) ? ballotFileName(k) : countsFileName(k);
    return reader.resolve(table);
  });
  // Every later round present, up to --round, in order; `last` is the last round counted.
  const later = [...await roundsPresent(reader)].filter((k) => k > 1 && (roundLimit === undefined || k <= roundLimit)).sort((a, b) => a - b);
  let last = 1;
  for (const round of later) {
    if (state.voidReasons.length > 0) {
      // A void vote has no later round: none of the round's files, ballots or counts, is read, and the clerk is told.
      for (const table of [ballotFileName(round), countsFileName(round)]) {
        const name = (await reader.has(table)) ? await collect(diagnostics, () => reader.resolve(table)) : undefined;
        if (name) diagnostics.push(warning("W_ROUND_NOT_COUNTED", { file: name }, { round, voidRound: last, file: name }));
      }
      continue;
    }
    const runoff = state.runoff;
    if (runoff?.round !== round) {
      // No runoff was required after round `last` (the file is named), or this round is not the next one.
      const name = await roundFile(round);
      if (name) {
        const params: Params = runoff ? { round, next: runoff.round } : { round, decided: last, ...(round === last + 1 ? { file: name } : {}) };
        diagnostics.push(error("E_UNEXPECTED_ROUND", { file: name, line: 1, column: 1 }, params));
      }
      return { diagnostics };
    }
    // Ballots cast on a runoff printed for other lines or seats than the earlier rounds now call for (a
    // correction since) cannot count for this one: said before the file's columns are.
    const reprint = printedRunoffDiffers(printed ?? null, round, runoff.candidates, runoff.seats);
    if (reprint) {
      const name = await roundFile(round);
      const params = { round, file: name ?? ballotFileName(round), printed: reprint.lines, printedSeats: reprint.seats, lines: runoff.candidates, seats: runoff.seats };
      if (name) diagnostics.push(error("E_PRINTED_RUNOFF_DIFFERS", { file: name, line: 1, column: 1 }, params));
      return { diagnostics };
    }
    const next = await collect(diagnostics, () => readRound(ctx, round, runoff.candidates.map((id) => folder.candidates.byId.get(id)!), runoff.seats));
    if (!next) return { diagnostics };
    appendAll(diagnostics, next.notes);
    state = decideRunoffRound(state, next.count);
    last = round;
  }
  const result = finishTally(state);
  const all = [...folder.warnings, ...diagnostics, ...result.warnings.map((w) => placedInSession(w, folder))];
  return hasErrors(all) ? { diagnostics: all } : { result, diagnostics: all };
}

/** The command a refusal (or warning) tells the clerk to run next, without the folder: `tally`, `enter --round 2` … */
function nextCommand(d: Diagnostic): string | undefined {
  const round = (key: string) => (Number(d.params[key]) > 1 ? ` --round ${Number(d.params[key])}` : "");
  switch (d.code) {
    case "E_NO_RUNOFF": case "E_VOTE_VOID": case "E_ENTRY_ALL_IN": return "tally";
    case "E_PRINTED_RUNOFF_DIFFERS": return "runoff";
    case "E_ROUND_NOT_YET": return `enter${round("next")}`;
    case "E_BALLOTS_NONE": return `enter${round("round")}`;
    // A counts file is there: entered again, the count sheet replaces it, and counted is written with it.
    case "E_COUNTED_MISSING": return `enter --counts${round("round")} --force`;
    case "E_ISSUED_MISSING": case "W_ISSUED_EXCEEDS_PRESENT": return `enter --issued N --round ${Number(d.params["round"])}`;
    default: return undefined;
  }
}

/**
 * Refusals and warnings with the command their hint names as the clerk types it where they stand (`again`): with the
 * session folder and -o when run from elsewhere, where a bare `piaojue tally` would count another folder.
 */
export function withNextCommands(diagnostics: readonly Diagnostic[], commandLine: (command: string) => string): Diagnostic[] {
  return diagnostics.map((d) => {
    const command = d.params["again"] === undefined ? nextCommand(d) : undefined;
    return command === undefined ? d : { ...d, params: { ...d.params, again: commandLine(command) } };
  });
}

/** The session.json keys a warning about the vote as a whole is about, most particular first. */
const SESSION_KEYS: Record<string, (w: Diagnostic) => string[]> = {
  W_COMPETITION: () => ["rules.formal", "rules"],
  W_ISSUED_EXCEEDS_PRESENT: (w) => [`issued.${Number(w.params["round"]) - 1}`, "issued"],
  W_SHORTFALL_ACCEPTED: () => ["rules.shortfall", "rules"],
  W_SEATS_UNFILLED: () => ["rules.runoffThreshold", "rules"],
};

/** A warning the decision gives about session.json, at the line and column of what it is about (as check points). */
function placedInSession(w: Diagnostic, folder: LoadedFolder): Diagnostic {
  const keys = SESSION_KEYS[w.code]?.(w);
  if (!keys || w.at.line > 0) return w;
  const key = keys.find((k) => folder.source.positions.has(k));
  return key ? { ...w, at: sessionAt(folder.source.positions, key) } : w;
}

export function tallyExitCode(result: TallyResult): number {
  return !result.valid ? EXIT.void : !result.final ? EXIT.runoff : EXIT.ok;
}

/**
 * The round to work on when none is named: round 1 until its file is in, then the round the runoff of
 * the rounds present requires. When the vote is decided (or void) there is none, and the clerk is told
 * why (`last` is the last round present). Shared by enter, ballot and tally --round.
 */
export async function pendingRound(
  folder: LoadedFolder, counted?: { result?: TallyResult },
): Promise<{ round: number } | { diagnostics: Diagnostic[]; last: number }> {
  const present = await roundsPresent(folder.reader);
  if (present.size === 0) return { round: 1 };
  const last = Math.max(...present);
  // A round missing below the last one present (ballots-r2.csv without ballots.csv) is the one to do first.
  let missing = 1;
  while (present.has(missing)) missing++;
  if (missing < last) return { round: missing };
  // `counted`: the count of every round present, when the caller has made it already.
  const { result } = counted ?? await computeTally(folder);
  // A round whose file does not count yet is the one being worked on (re-entered, or compared again).
  if (!result) return { round: last };
  // The last round's file as it is in the folder: a round hand-counted is named by its counts file.
  const counts = !(await folder.reader.has(ballotFileName(last))) && (await folder.reader.has(countsFileName(last)));
  const file = counts ? countsFileName(last) : ballotFileName(last);
  if (!result.valid) return { diagnostics: [error("E_VOTE_VOID", { file })], last };
  if (result.runoff) return { round: result.runoff.round };
  return { diagnostics: [error("E_ENTRY_ALL_IN", { file }, { rounds: last })], last };
}

/**
 * Why round K cannot be counted when its file is not in the folder, or null when it is there (or is
 * round 1, whose missing file the count itself reports). Without this, `tally --round 2` before any
 * round-2 file would print round 1 as if it were the answer.
 */
async function absentRound(folder: LoadedFolder, round: number): Promise<Diagnostic | Failure | null> {
  if (round === 1) return null;
  const present = await roundsPresent(folder.reader);
  if (present.has(round)) return null;
  const pending = await pendingRound(folder);
  // No file of round K: the flag asks for a round there is not (a usage error), or one not keyed in yet.
  if ("round" in pending) {
    // The last round present does not count yet: counting reports its own problems.
    if (present.has(pending.round)) return null;
    // Without a quorum no vote is held, and none is pending: the vote is void in round 1.
    if (!quorumMet(folder.session, folder.rules)) return { why: "round-after-void", params: { round, last: 1 } };
    // Named by the file to put in, as a missing file is named.
    const next = pending.round;
    return error("E_ROUND_NOT_YET", { file: ballotFileName(next) }, { round, next, ballots: ballotFileName(next), counts: countsFileName(next) });
  }
  const params = { round, last: pending.last };
  return pending.diagnostics.some((d) => d.code === "E_VOTE_VOID") ? { why: "round-after-void", params } : { why: "round-past-last", params };
}

function tallyFiles(result: TallyResult, folder: LoadedFolder, warnings: Diagnostic[], docNumber?: string): OutputFile[] {
  const notes = announcementNotes(warnings);
  const options = docNumber !== undefined ? { docNumber, notes } : { notes };
  const results = resultsTable(result);
  const summary = summaryTable(result);
  const announcement = announcementMd(result, folder.session, folder.candidates, options);
  return [
    { name: "results.csv", content: formatCsv(results.header, results.rows) },
    { name: "summary.csv", content: formatCsv(summary.header, summary.rows) },
    { name: "announcement.md", content: announcement },
    { name: "announcement.html", content: announcementHtml(result, folder.session, folder.candidates, options) },
    // The same results for Excel and Word.
    { name: "results.xlsx", content: csvWorkbooks([["票决结果", results]]) },
    { name: "summary.xlsx", content: csvWorkbooks([["汇总", summary]]) },
    { name: "announcement.docx", content: announcementDocx(announcement, folder.session.date, docNumber) },
  ];
}

/** One session counted: what `tally` plans but the report, for `tally` and `batch`. */
type TallyRun =
  | { ok: true; folder: LoadedFolder; result: TallyResult; warnings: Diagnostic[]; output: PlannedOutput }
  | { ok: false; folder?: LoadedFolder; diagnostics: Diagnostic[]; usage?: Failure };

/** Reads and checks every input through the reader, counts and decides; the files are planned, not written. */
export async function countSession(reader: SessionReader, env: CommandEnv, opts: TallyPlanOptions = {}): Promise<TallyRun> {
  const loaded = await readFolder(reader);
  if (!loaded.value) return { ok: false, diagnostics: loaded.diagnostics };
  const folder = loaded.value;
  const absent = opts.round !== undefined ? await absentRound(folder, opts.round) : null;
  if (absent && "why" in absent) return { ok: false, folder, diagnostics: folder.warnings, usage: absent };
  if (absent) return { ok: false, folder, diagnostics: [...folder.warnings, absent] };
  const counted = await computeTally(folder, opts.round, opts.trail);
  if (!counted.result) return { ok: false, folder, diagnostics: counted.diagnostics };
  const result = counted.result;
  const diagnostics = opts.round === undefined ? counted.diagnostics : [...counted.diagnostics, ...await roundsPastLimit(folder, opts.round, result)];
  // The 文号 is recorded only when given, so a trail written without one reads as before.
  const { round, docNumber } = opts;
  const options = { round: round ?? null, encoding: env.encoding, ...(docNumber !== undefined ? { docNumber } : {}) };
  const files = tallyFiles(result, folder, diagnostics, docNumber);
  const output = { record: "tally", files, rules: folder.session.rules, options };
  return { ok: true, folder, result, warnings: diagnostics, output };
}

/**
 * `tally --round K` with the vote decided by round K and a later round's file in the folder: the clerk
 * asked for round K only, so the file is named, not refused as a count of every round refuses it.
 */
async function roundsPastLimit(folder: LoadedFolder, limit: number, result: TallyResult): Promise<Diagnostic[]> {
  if (!result.valid || result.runoff !== null) return [];
  const decided = result.rounds.at(-1)?.round ?? 1;
  const past = [...await roundsPresent(folder.reader)].filter((k) => k > limit).sort((a, b) => a - b);
  return Promise.all(past.map(async (round) => {
    const file = await folder.reader.resolve((await folder.reader.has(ballotFileName(round))) ? ballotFileName(round) : countsFileName(round));
    return warning("W_ROUND_PAST_LIMIT", { file, line: 1, column: 1 }, { round, decided, limit, file });
  }));
}

/** A session counted by batch, and why its outputs were not written, if they were not. */
export type TallySessionRun = TallyRun & { unwritten?: Diagnostic[] };

/** Why a set of files was not written (E_WRITE, E_OUT_BUSY): any other failure is a bug and escapes. */
export function whyUnwritten(e: unknown): Diagnostic[] {
  if (e instanceof InputError) return e.diagnostics;
  throw e;
}

/**
 * Counts one session and writes its outputs into `outDir` (batch's step for each session). A session
 * counted whose out/ cannot be written keeps its count: why it was not written comes back beside it.
 */
export async function tallySession(reader: SessionReader, outDir: string, env: CommandEnv): Promise<TallySessionRun> {
  const unwritten = await recoverOutDir(outDir).then(() => undefined, whyUnwritten);
  const run = await countAsPrinted(reader, outDir, env);
  if (!run.ok) return run;
  // A refusal names its files from the session folder, as batch names every file of a town (under its folder).
  const failed = unwritten ?? await writePlanned(run.output, reader.inputs, { dir: reader.dir, outDir }, { ...env, cwd: reader.dir }).then(() => undefined, whyUnwritten);
  return failed ? { ...run, unwritten: failed } : run;
}

/**
 * A session counted as tally counts it beside `outDir`, whose trail says what was printed (a runoff round
 * must have been cast on the runoff printed; warnings about the printed ballots). Writes nothing: batch
 * writes what it plans, and audit, recounting a batch, finds the same refusals and warnings it summed up.
 */
export async function countAsPrinted(reader: SessionReader, outDir: string, env: CommandEnv): Promise<TallyRun> {
  // The printed ballots are read from the trail before this count's record joins it, as tally does.
  const trail = await readSessionAudit(outDir, reader.dir);
  const run = await countSession(reader, env, { trail });
  // A refusal's next command names this session's folder, as tally run on it from here would.
  const { commandLine } = planContext(env, reader.dir, outDir);
  if (!run.ok) return { ...run, diagnostics: withNextCommands(reader.located(run.diagnostics), commandLine) };
  const printed = await printedWarnings(trail, run.result, run.folder, commandLine);
  return { ...run, warnings: withNextCommands([...reader.workbookWarnings, ...reader.located([...run.warnings, ...printed])], commandLine) };
}

/**
 * Paper ballots printed under other rules of validity, or with other names, than the count uses now;
 * the pending round's ballot printed for another runoff; ballots printed for a round no longer needed
 * (said on screen only, with the command that prints or removes them).
 */
async function printedWarnings(trail: AuditDocument | null, result: TallyResult, folder: LoadedFolder, commandLine: (command: string) => string): Promise<Diagnostic[]> {
  const changed = printedRulesChanged(trail, folder.session.rules);
  const rules = changed ? [{ ...changed, at: sessionAt(folder.source.positions, "rules") }] : [];
  const pending = result.runoff;
  const stale = pending ? printedRunoffDiffers(trail, pending.round, pending.candidates, pending.seats) : undefined;
  const reprint = pending && stale ? [warning("W_PRINTED_RUNOFF_DIFFERS", { file: stale.file }, {
    round: pending.round, printed: stale.lines, printedSeats: stale.seats, lines: pending.candidates, seats: pending.seats, again: commandLine("runoff"),
  })] : [];
  const past = roundRecordsPast(await roundsPresent(folder.reader), result);
  // One warning a round, at its printed ballot page (ballot and runoff write the same files).
  const pages = new Map(Object.entries(trail?.commands ?? {}).filter(([name]) => past?.(name))
    .map(([name, record]) => [Number(/\d+$/.exec(name)![0]), printedBallotFile(record) ?? ""] as const));
  const needless = [...pages].sort(([a], [b]) => a - b).map(([round, file]) => warning("W_PRINTED_ROUND_NEEDLESS", { file }, { round, again: commandLine("runoff") }));
  return [...rules, ...printedNamesChanged(trail, result.rounds.map((r) => r.round), folder.candidates.byId, CANDIDATES_FILE), ...reprint, ...needless];
}

/**
 * `--round K` naming a round there is not (the vote decided or void before it, no round-K file in the
 * folder), or null: ballot and enter refuse the flag as tally does, rather than name a file not there.
 */
export async function roundPastLast(folder: LoadedFolder, round: number): Promise<Failure | null> {
  const absent = await absentRound(folder, round);
  return absent && "why" in absent ? absent : null;
}

/** The refusal of a --round past the last round: a usage error (exit 2) whose hint counts without the flag. */
export function roundFlagRefused(command: string, warnings: Diagnostic[], usage: Failure, commandLine: (command: string) => string): Outcome<never> {
  const failure = { ...usage, params: { ...usage.params, again: commandLine("tally") } };
  return { command, exitCode: EXIT.usage, warnings, error: { code: "E_USAGE", failure, diagnostics: [] }, report: [] };
}

export const planTally: Plan<TallyPlanOptions, TallyData> = async (reader, opts, ctx) => {
  const run = await countSession(reader, ctx.env, opts);
  if (!run.ok && run.usage) return roundFlagRefused("tally", run.diagnostics, run.usage, ctx.commandLine);
  if (!run.ok) return failed("tally", withNextCommands(run.diagnostics, ctx.commandLine));
  const { result, folder, warnings, output } = run;
  const laterRoundIn = opts.round !== undefined && result.runoff !== null && (await roundsPresent(folder.reader)).has(result.runoff.round);
  return {
    command: "tally",
    exitCode: tallyExitCode(result),
    data: tallyJson(result),
    warnings: withNextCommands([...warnings, ...await printedWarnings(opts.trail ?? null, result, folder, ctx.commandLine)], ctx.commandLine),
    report: resultReport(result, folder, ctx, ctx.env.lang, laterRoundIn),
    output,
  };
};

export async function runTally(opts: TallyOptions, env: CommandEnv): Promise<Outcome<TallyData>> {
  const dir = resolveDir(env, opts.dir);
  const outDir = resolveOut(env, dir, opts.out);
  return execute(planTally, { round: opts.round, docNumber: opts.docNumber, trail: await readSessionAudit(outDir, dir) }, { dir, outDir }, env);
}
