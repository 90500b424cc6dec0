// Which file holds which round (SPEC §2, §5): ballots.csv / counts.csv for round 1, ballots-rK.csv /
// counts-rK.csv for round K.
import { z } from "zod";
import { ballotCounter, DEFAULT_MARKS, parseCounts, type RoundCount } from "../core/ballots.js";
import type { Candidate } from "../core/candidates.js";
import { quorumNeeded } from "../core/decide.js";
import { error, InputError, warning, type Diagnostic } from "../core/diagnostics.js";
import type { Rules, SessionRules, Session } from "../core/session.js";
import { formatCsv } from "../io/csv.js";
import type { AuditDocument, CommandRecord } from "../io/audit-trail.js";
import { sha256 } from "../io/digest.js";
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

/** The marks a candidate cell's drop-down offers: the session's marks (or the defaults) that count. */
export function templateMarks(rules: Pick<Rules, "ballot" | "marks">): string[] {
  const kinds = rules.ballot === "approve-only" ? (["approve", "abstain"] as const) : (["approve", "against", "abstain"] as const);
  return kinds.flatMap((k) => [...(rules.marks?.[k] ?? DEFAULT_MARKS[k])]).filter((m) => m !== "");
}

/** The entry template: 票号, 作废, then one column per line in ballot order. */
export function entryTemplate(ids: readonly string[]): string {
  return formatCsv(["票号", "作废", ...ids], []);
}

/**
 * A command's records ("runoff-r3", "ballot-r3") for rounds past every round whose ballot or counts file
 * is in the folder, other than the round pending: a corrected count made them needless, and their ballots
 * must not stay in out/ to be handed out. None while the vote is void: a correction may bring it back.
 */
export function roundRecordsPast(
  command: "ballot" | "runoff", present: ReadonlySet<number>, result: { valid: boolean; runoff: { round: number } | null },
): ((record: string) => boolean) | undefined {
  if (!result.valid) return undefined;
  const last = Math.max(0, ...present);
  const pending = result.runoff?.round ?? null;
  return (record) => {
    const m = /^(ballot|runoff)-r(\d+)$/.exec(record);
    return m !== null && m[1] === command && Number(m[2]) > last && Number(m[2]) !== pending;
  };
}

/** Round K's printed ballot: its ballot or runoff record in the trail, the later if both. */
function printedRecord(trail: AuditDocument | null, round: number): [string, CommandRecord] | undefined {
  const names = [round === 1 ? "ballot" : `ballot-r${round}`, `runoff-r${round}`];
  return names.flatMap((n) => (trail?.commands[n] ? [[n, trail.commands[n]] as [string, CommandRecord]] : []))
    .sort(([, a], [, b]) => (a.generatedAt < b.generatedAt ? 1 : -1))[0];
}

/** Each line of a round's ballot as it is printed, by id and name: ballot and runoff record it, and enter compares it. */
export function printedLines(lines: readonly Pick<Candidate, "id" | "name">[]): { id: string; name: string }[] {
  return lines.map((c) => ({ id: c.id, name: c.name }));
}

/** The printed lines as a record keeps them (enter compares them; audit reads the record strictly). */
export const printedLinesSchema = z.array(z.strictObject({ id: z.string(), name: z.string() }));

/** How the printed ballot differs from round K's ballot now, in what keys are typed by or votes go to. */
export type PrintedChange =
  | { what: "order" }
  | { what: "names"; ids: string[]; printedNames: string[]; nowNames: string[] }
  | { what: "seats"; printed: number; now: number };

/**
 * How round K's ballot now differs from the printed one in what keys are typed by: its lines in another
 * order ("order": the entry template's header, whose hash the record keeps; `templateFile` is its path
 * there, relative to the session folder), a line under another name than is printed (the keys for it
 * would go to the project that now has its id: "names", where the record keeps the printed lines), or
 * another number of seats, which the paper states as its limit of approvals ("seats"). Undefined when
 * nothing was printed or nothing such changed; a record from before the lines were kept is judged on the rest.
 */
export function printedBallotChanged(
  trail: AuditDocument | null, round: number, lines: readonly Pick<Candidate, "id" | "name">[], seats: number | null, templateFile: string,
): PrintedChange | undefined {
  const record = printedRecord(trail, round)?.[1];
  const ids = lines.map((c) => c.id);
  const template = record?.outputs[templateFile];
  if (template !== undefined && template !== sha256(entryTemplate(ids))) return { what: "order" };
  const printed = printedLinesSchema.safeParse(record?.options?.["lines"]);
  if (printed.success) {
    if (printed.data.length !== ids.length || printed.data.some((l, i) => l.id !== ids[i])) return { what: "order" };
    const renamed = printed.data.flatMap((l, i) => (l.name === lines[i]!.name ? [] : [{ id: l.id, was: l.name, now: lines[i]!.name }]));
    if (renamed.length > 0) {
      return { what: "names", ids: renamed.map((l) => l.id), printedNames: renamed.map((l) => l.was), nowNames: renamed.map((l) => l.now) };
    }
  }
  const printedSeats = record?.options?.["seats"];
  if (typeof printedSeats === "number" && seats !== null && printedSeats !== seats) return { what: "seats", printed: printedSeats, now: seats };
  return undefined;
}

/** What decides a ballot's validity, as the paper states it (the limit of approvals, blank and unreadable ballots, the marks). */
function validityRules(rules: Partial<Rules>) {
  const max = rules.maxApprovals === "formal" ? rules.formal : rules.maxApprovals;
  // A list of marks that spells out the defaults (in any order, with or without the empty cell) is none.
  const kinds = ["approve", "against", "abstain"] as const;
  const own = (k: typeof kinds[number]) => {
    const list = rules.marks?.[k];
    const set = (l: readonly string[]) => [...new Set(l.filter((m) => m !== ""))].sort().join("\n");
    return list === undefined || set(list) === set(DEFAULT_MARKS[k]) ? null : [...list].sort();
  };
  return { max, blank: rules.blankBallot, unreadable: rules.unreadableMark, ballot: rules.ballot, marks: kinds.map(own) };
}

/**
 * Round 1's ballot was printed under other rules of validity than the count uses now (formal 2 on paper,
 * 3 now): a ballot void on paper may count, or the reverse. A runoff's record keeps no rules.
 */
export function printedRulesChanged(trail: AuditDocument | null, rules: Rules): Diagnostic | undefined {
  const then = printedRecord(trail, 1)?.[1].rules as Partial<Rules> | undefined;
  if (then === undefined) return undefined;
  const [a, b] = [validityRules(then), validityRules(rules)];
  const changed = (Object.keys(b) as (keyof typeof b)[]).filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null));
  // The limit of approvals is named by the key that moved it: formal, when both follow it.
  const key = (k: keyof typeof b) => (k === "max" && then.maxApprovals === "formal" && rules.maxApprovals === "formal" ? "rules.formal" : VALIDITY_KEYS[k]);
  return changed.length === 0 ? undefined : warning("W_CHANGED_SINCE_PRINTED", { file: SESSION_FILE }, { changed: changed.map(key) });
}

const VALIDITY_KEYS = { max: "rules.maxApprovals", blank: "rules.blankBallot", unreadable: "rules.unreadableMark", ballot: "rules.ballot", marks: "rules.marks" } as const;

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
 * Files named almost as a round's ballots or counts (ballots2.csv, Ballots-R2.CSV, ballots_r2.csv,
 * ballots-r02.csv, ballots-r2.csv.csv): none is read, and a clerk who saved one would otherwise be told
 * to print a runoff. Left alone: a copy beside the file it copies (ballots (2).csv, as Windows and WeChat
 * name a second copy; any name whose right name is there, which a case-insensitive disk reads), and
 * numbers past the rounds session.json has (ballots-2025.csv is a dated backup).
 */
export async function misnamedRoundFiles(reader: Pick<SessionReader, "names" | "has">, rounds: number): Promise<Diagnostic[]> {
  const found: Diagnostic[] = [];
  for (const name of (await reader.names()).sort()) {
    const m = /^(ballots?|counts?)(?:[\s_\-–—]*(?:r\s*(\d+)|[（(]\s*r\s*(\d+)\s*[)）]|(\d+)))?\.(csv|xlsx|xlsm|txt|tsv)(?:\.(?:csv|xlsx|txt))?$/i.exec(name);
    if (!m || roundOfFile(name) !== null) continue;
    const round = Number(m[2] ?? m[3] ?? m[4] ?? 1);
    if (round < 1 || round > rounds + 1) continue;
    const csv = /^count/i.test(m[1]!) ? countsFileName(round) : ballotFileName(round);
    const expected = /^xls/i.test(m[5]!) ? csv.replace(/\.csv$/, ".xlsx") : csv;
    if (await reader.has(expected)) continue;
    found.push(warning("W_ROUND_FILE_NAME", { file: name }, { file: name, round, expected }));
  }
  return found;
}

export interface RoundInput {
  session: Session;
  rules: SessionRules;
  reader: SessionReader;
  /** Where each value of session.json stands (json-source positions), for diagnostics naming it. */
  positions?: ReadonlyMap<string, { line: number; column: number }>;
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
  if (!hasBallots && !hasCounts) {
    throw new InputError([error("E_NO_BALLOTS", { file: ballots }, { round, ballots, counts })]);
  }
  const issued = session.issued[round - 1];
  if (issued === undefined) {
    throw new InputError([error("E_ISSUED_MISSING", sessionAt(ctx.positions, "issued"), { round, example: [...session.issued, 55].join(", ") })]);
  }
  // A round with ballots issued and none returned is a form not filled in (the entry template, a count
  // left at 0), not a vote nobody took part in; but where the quorum was not met no vote was held.
  const quorumMet = session.deputies.present >= quorumNeeded(session, rules);
  const setup = { lines, rules, round, issued, seatsLeft };
  if (hasBallots) {
    let counter = ballotCounter(ballots, setup);
    await reader.streamTable(ballots, () => (counter = ballotCounter(ballots, setup)));
    const r = counter.finish();
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (!r.value || errors.length > 0) throw new InputError(errors);
    if (r.value.returned === 0 && issued > 0 && quorumMet) {
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
    const unused = counted
      ? [warning("W_COUNTED_UNUSED", sessionAt(ctx.positions, `counted.${round - 1}`), { round, ballots, returned: counted.returned, void: counted.void })]
      : [];
    return { count: r.value, notes: [...unused, ...notes] };
  }
  if (session.counted?.[round - 1]?.returned === 0 && issued > 0 && quorumMet) {
    throw new InputError([error("E_COUNTED_NONE", sessionAt(ctx.positions, `counted.${round - 1}.returned`), { round, issued })]);
  }
  const table = await reader.table(counts);
  const r = parseCounts(table, { ...setup, counted: session.counted?.[round - 1] ?? undefined, sessionFile: SESSION_FILE });
  if (!r.value) throw new InputError(r.diagnostics);
  return { count: r.value, notes: r.diagnostics };
}
