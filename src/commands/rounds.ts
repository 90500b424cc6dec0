// Which file holds which round (SPEC §2, §5): ballots.csv / counts.csv for round 1, ballots-rK.csv /
// counts-rK.csv for round K.
import { ballotCounter, parseCounts, type RoundCount } from "../core/ballots.js";
import type { Candidate } from "../core/candidates.js";
import { quorumMet } from "../core/decide.js";
import { error, InputError, warning, type Diagnostic } from "../core/diagnostics.js";
import type { SessionRules, Session } from "../core/session.js";
import type { SessionReader } from "../io/files.js";
import { SESSION_FILE, sessionAt } from "./load.js";

export function ballotFileName(round: number): string {
  return round === 1 ? "ballots.csv" : `ballots-r${round}.csv`;
}

export function countsFileName(round: number): string {
  return round === 1 ? "counts.csv" : `counts-r${round}.csv`;
}

/** The name of round K's entry template in out/. */
export function templateName(round: number): string {
  return ballotFileName(round).replace(/\.csv$/, "-template.csv");
}

/** The name of round K's entry template as a workbook, with its drop-downs. */
export function templateWorkbookName(round: number): string {
  return ballotFileName(round).replace(/\.csv$/, "-template.xlsx");
}

/** The round a ballot or counts file (CSV or workbook) is for, by its exact name; null for any other file. */
function roundOfFile(name: string): number | null {
  if (/^(?:ballots|counts)\.(?:csv|xls[xm])$/.test(name)) return 1;
  const m = /^(?:ballots|counts)-r([2-9]|[1-9]\d+)\.(?:csv|xls[xm])$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Rounds that have a ballot or counts file (CSV or workbook) in the folder. */
export async function roundsPresent(reader: Pick<SessionReader, "names">): Promise<Set<number>> {
  const rounds = new Set<number>();
  for (const n of await reader.names()) {
    const round = roundOfFile(n);
    if (round !== null) rounds.add(round);
  }
  return rounds;
}

/**
 * A name close to a round's ballots or counts file: the kind, the round (ballots2, ballots-r2,
 * ballots-round2, ballots(r2), ballots第2轮; none is round 1), then anything before the extension
 * (ballots-r2-final, ballots-r2(1), ballots-r2 - 副本), white space around it or the dot, and one
 * extension a table is saved with, perhaps doubled (ballots-r2.csv.csv).
 */
const ROUND_FILE_LIKE = /^\s*(ballots?|counts?)(?:[\s_\-–—]*(?:(?:r|round)\s*(\d+)|[（(]\s*(?:r|round)\s*(\d+)\s*[)）]|第\s*(\d+)\s*轮|(\d+)))?[^.]*?\s*\.\s*(csv|xlsx|xlsm|xls|txt|tsv)(?:\.(?:csv|xlsx|xls|txt))?\s*$/i;

/**
 * Files named almost as a round's ballots or counts (ballots2.csv, Ballots-R2.CSV, ballots_r2.csv,
 * ballots-r02.csv, ballots-r2.csv.csv, "ballots-r2 .csv", ballots-round2.csv, ballots-r2-final.csv,
 * ballots-r2(1).xlsx, ballots-r2.xls): none is read, and a clerk who saved one would otherwise be told
 * to print a runoff. Left alone: a file beside its round's ballots or counts (ballots (2).csv, as Windows
 * and WeChat name a second copy; counts-template.csv beside ballots.csv; any name whose right name is
 * there, which a case-insensitive disk reads), and numbers past the rounds session.json has
 * (ballots-2025.csv is a dated backup).
 */
export async function misnamedRoundFiles(reader: Pick<SessionReader, "names" | "has">, rounds: number): Promise<Diagnostic[]> {
  const found: Diagnostic[] = [];
  for (const name of (await reader.names()).sort()) {
    const m = ROUND_FILE_LIKE.exec(name);
    if (!m || roundOfFile(name) !== null) continue;
    const round = Number(m[2] ?? m[3] ?? m[4] ?? m[5] ?? 1);
    if (round < 1 || round > rounds + 1) continue;
    // The round's file is there (has(X.csv) finds X.xlsx too), as ballots or counts: the round needs no other.
    if ((await reader.has(ballotFileName(round))) || (await reader.has(countsFileName(round)))) continue;
    const csv = /^count/i.test(m[1]!) ? countsFileName(round) : ballotFileName(round);
    const extension = m[6]!.toLowerCase();
    const expected = extension.startsWith("xls") ? csv.replace(/\.csv$/, ".xlsx") : csv;
    // An old .xls workbook is not read as it is: it is saved again as a .xlsx.
    found.push(warning("W_ROUND_FILE_NAME", { file: name }, { file: name, round, expected, ...(extension === "xls" ? { resave: 1 } : {}) }));
  }
  return found;
}

export interface RoundInput {
  session: Session;
  rules: SessionRules;
  reader: SessionReader;
  /** Where each value of session.json stands (json-source positions), for diagnostics naming it. */
  positions?: ReadonlyMap<string, { line: number; column: number }>;
  /** Every row of candidates.csv, sub-items too. */
  candidates?: readonly Candidate[];
}

/** Reads and counts one round. Throws InputError with every problem found in the file. */
export async function readRound(ctx: RoundInput, round: number, lines: Candidate[], seatsLeft?: number): Promise<{ count: RoundCount; notes: Diagnostic[] }> {
  const { reader, session, rules } = ctx;
  const ballots = ballotFileName(round);
  const counts = countsFileName(round);
  const [hasBallots, hasCounts] = [await reader.has(ballots), await reader.has(counts)];
  if (hasBallots && hasCounts) {
    throw new InputError([error("E_ROUND_TWICE", { file: counts, line: 1, column: 1 }, { round, ballots, counts })]);
  }
  // A round with ballots issued and none returned is a form not filled in (the entry template, a count
  // left at 0), not a vote nobody took part in; but where the quorum was not met no vote was held.
  const held = quorumMet(session, rules);
  const issued = session.issued[round - 1];
  if (!hasBallots && !hasCounts) {
    // No vote held needs no ballots file: the round is what a ballots file with none in it gives.
    if (!held && issued !== undefined) {
      const totals = lines.map((c) => ({ id: c.id, approve: 0, against: 0, abstain: 0 }));
      return { count: { round, source: "ballots", issued, returned: 0, valid: 0, void: 0, voidByReason: {}, totals }, notes: [] };
    }
    throw new InputError([error("E_NO_BALLOTS", { file: ballots }, { round, ballots, counts })]);
  }
  if (issued === undefined) {
    // The example is this session's issued, each round missing up to this one as many as deputies present.
    const example = Array.from({ length: round }, (_, i) => session.issued[i] ?? session.deputies.present);
    throw new InputError([error("E_ISSUED_MISSING", sessionAt(ctx.positions, "issued"), { round, example: example.join(", ") })]);
  }
  const setup = { lines, rules, round, issued, seatsLeft, candidates: ctx.candidates };
  if (hasBallots) {
    let counter = ballotCounter(ballots, setup);
    await reader.streamTable(ballots, () => (counter = ballotCounter(ballots, setup)));
    const r = counter.finish();
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (!r.value || errors.length > 0) throw new InputError(errors);
    if (r.value.returned === 0 && issued > 0 && held) {
      // Named as the file is (ballots.xlsx for a workbook), in the message too.
      throw new InputError([error("E_BALLOTS_NONE", { file: ballots, line: 1, column: 1 }, { round, file: await reader.resolve(ballots), issued })]);
    }
    // Hand-count figures for a round counted ballot by ballot are not used: said, so that a figure left
    // from a hand count (perhaps contradicting the ballots) is not taken for part of this count.
    // A workbook's empty row has no commas to speak of: its notes say so (the 公告's too).
    // (Looked up only when there is such a note: a count without one does no more file checks than before.)
    const empties = r.diagnostics.some((d) => d.code.startsWith("W_EMPTY_ROW"));
    const workbook = empties && (await reader.resolve(ballots)).endsWith(".xlsx");
    const notes = r.diagnostics.map((d) => (workbook && d.code.startsWith("W_EMPTY_ROW") ? { ...d, params: { ...d.params, workbook: 1 } } : d));
    const counted = session.counted?.[round - 1];
    // With a later round's entry after it, the entry is made null, not removed: the later one would move into its place.
    const later = session.counted?.findIndex((c, i) => i >= round && c != null) ?? -1;
    const unused = counted
      ? [warning("W_COUNTED_UNUSED", sessionAt(ctx.positions, `counted.${round - 1}`), { round, ballots, returned: counted.returned, void: counted.void, ...(later >= 0 ? { later: later + 1 } : {}) })]
      : [];
    return { count: r.value, notes: [...unused, ...notes] };
  }
  if (session.counted?.[round - 1]?.returned === 0 && issued > 0 && held) {
    throw new InputError([error("E_COUNTED_NONE", sessionAt(ctx.positions, `counted.${round - 1}.returned`), { round, issued })]);
  }
  const table = await reader.table(counts);
  // An entry written as null is pointed at; one not written at all is said at the file's top.
  const countedNull = session.counted?.[round - 1] === null;
  const countedAt = countedNull ? sessionAt(ctx.positions, `counted.${round - 1}`) : { file: SESSION_FILE, line: 1, column: 1 };
  const r = parseCounts(table, { ...setup, counted: session.counted?.[round - 1] ?? undefined, countedAt, countedNull, countedBefore: session.counted?.slice(0, round - 1) ?? [] });
  if (!r.value) throw new InputError(r.diagnostics);
  return { count: r.value, notes: r.diagnostics };
}
