// The ballot as ballot and runoff print it: the entry template and its drop-down marks, the lines and
// seats a ballot or runoff record keeps, and how the ballot a round would print now differs from the paper.
import { z } from "zod";
import { DEFAULT_MARKS, markVocabulary } from "../core/ballots.js";
import type { Candidate } from "../core/candidates.js";
import { warning, type Diagnostic } from "../core/diagnostics.js";
import type { Rules } from "../core/session.js";
import type { AuditDocument, CommandRecord } from "../io/audit-trail.js";
import { formatCsv } from "../io/csv.js";
import { sha256 } from "../io/digest.js";
import { SESSION_FILE } from "./load.js";

/**
 * The marks a candidate cell's drop-down offers: the session's marks (or the defaults) that count, each once,
 * under the kind it is read as (marks.approve ["X"] takes X from the default against list).
 */
export function templateMarks(rules: Pick<Rules, "ballot" | "marks">): string[] {
  const reads = markVocabulary(rules);
  const kinds = rules.ballot === "approve-only" ? (["approve", "abstain"] as const) : (["approve", "against", "abstain"] as const);
  return kinds.flatMap((k) => (rules.marks?.[k] ?? DEFAULT_MARKS[k]).filter((m) => m !== "" && reads(m) === k));
}

/** The entry template: 票号, 作废, then one column per line in ballot order. */
export function entryTemplate(ids: readonly string[]): string {
  return formatCsv(["票号", "作废", ...ids], []);
}

/**
 * The records of a round's ballot ("runoff-r3", "ballot-r3": runoff and `ballot --round 3` write the same
 * files, whichever wrote them) for rounds past every round whose ballot or counts file is in the folder,
 * other than the round pending: a corrected count made them needless, and their ballots must not stay in
 * out/ to be handed out. None while the vote is void: a correction may bring it back.
 */
export function roundRecordsPast(
  present: ReadonlySet<number>, result: { valid: boolean; runoff: { round: number } | null },
): ((record: string) => boolean) | undefined {
  if (!result.valid) return undefined;
  const last = Math.max(0, ...present);
  const pending = result.runoff?.round ?? null;
  return (record) => {
    const m = /^(?:ballot|runoff)-r(\d+)$/.exec(record);
    return m !== null && Number(m[1]) > last && Number(m[1]) !== pending;
  };
}

/** Round K's printed ballot: its ballot or runoff record in the trail, the later if both. */
function printedRecord(trail: AuditDocument | null, round: number): CommandRecord | undefined {
  const names = [round === 1 ? "ballot" : `ballot-r${round}`, `runoff-r${round}`];
  return names.flatMap((n) => trail?.commands[n] ?? []).sort((a, b) => (a.generatedAt < b.generatedAt ? 1 : -1))[0];
}

/** Where a record's printed ballot is in the trail (relative to the session folder): its ballot page, else its first file. */
export function printedBallotFile(record: CommandRecord): string | undefined {
  const files = Object.keys(record.outputs);
  return files.find((f) => /(?:^|\/)ballot(?:-r\d+)?\.html$/.test(f)) ?? files[0];
}

/** Round K's printed runoff ballot as the record keeps it: its lines' ids, its seats, and where its page is. */
export interface PrintedRunoff {
  lines: string[];
  seats: number;
  file: string;
}

/**
 * Round K's printed ballot where it offers another set of lines, or another number of seats, than the
 * runoff the earlier rounds now call for (a correction since): the ballots cast on it belong to another
 * runoff. Lines only in another order are read by column name and do not count. Undefined when nothing
 * differs, or no record keeps the printed lines.
 */
export function printedRunoffDiffers(trail: AuditDocument | null, round: number, ids: readonly string[], seats: number): PrintedRunoff | undefined {
  const record = printedRecord(trail, round);
  const printed = printedLinesSchema.safeParse(record?.options?.["lines"]);
  if (!record || !printed.success) return undefined;
  const lines = printed.data.map((l) => l.id);
  const printedSeats = typeof record.options?.["seats"] === "number" ? record.options["seats"] : seats;
  const sameLines = [...lines].sort().join("\n") === [...ids].sort().join("\n");
  if (sameLines && printedSeats === seats) return undefined;
  return { lines, seats: printedSeats, file: printedBallotFile(record) ?? "" };
}

/** The printed ballots (page, templates, count sheet) of the records `drop` takes away, as named in out/, with no other record keeping them. */
export function droppedBallotFiles(trail: AuditDocument | null, drop: ((record: string) => boolean) | undefined, written: readonly string[]): string[] {
  const records = Object.entries(trail?.commands ?? {});
  const kept = new Set([...written, ...records.filter(([name]) => !drop?.(name)).flatMap(([, r]) => Object.keys(r.outputs).map(baseName))]);
  const gone = records.filter(([name]) => drop?.(name)).flatMap(([, r]) => Object.keys(r.outputs).map(baseName));
  return [...new Set(gone)].filter((f) => !kept.has(f) && f !== "audit.json" && f !== "SHA256SUMS").sort();
}

/** The report's line on the files `droppedBallotFiles` found (none when none): the clerk may have them on paper already. */
export function removedReport(removed: readonly string[], outLabel: string, en: boolean): string[] {
  if (removed.length === 0) return [];
  const files = removed.map((f) => `${outLabel}/${f}`);
  return [en ? `Removed the ballots printed for a round no longer needed: ${files.join(", ")}` : `已移除为不再需要的轮次印制的文件：${files.join("、")}`];
}

/** A ballot record's files lie in out/ itself: the name there is the path's last part. */
const baseName = (p: string) => p.slice(p.lastIndexOf("/") + 1);

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
  const record = printedRecord(trail, round);
  const ids = lines.map((c) => c.id);
  const template = record?.outputs[templateFile];
  if (template !== undefined && template !== sha256(entryTemplate(ids))) return { what: "order" };
  const printed = printedLinesSchema.safeParse(record?.options?.["lines"]);
  if (printed.success) {
    if (printed.data.length !== ids.length || printed.data.some((l, i) => l.id !== ids[i])) return { what: "order" };
    const renamed = renamedLines(printed.data, new Map(lines.map((c) => [c.id, c.name])));
    if (renamed) return { what: "names", ...renamed };
  }
  const printedSeats = record?.options?.["seats"];
  if (typeof printedSeats === "number" && seats !== null && printedSeats !== seats) return { what: "seats", printed: printedSeats, now: seats };
  return undefined;
}

/** The printed lines whose id now has another name (an id no longer there is no rename), or undefined for none. */
function renamedLines(printed: readonly { id: string; name: string }[], names: ReadonlyMap<string, string>) {
  const renamed = printed.filter((l) => names.has(l.id) && names.get(l.id) !== l.name);
  if (renamed.length === 0) return undefined;
  return { ids: renamed.map((l) => l.id), printedNames: renamed.map((l) => l.name), nowNames: renamed.map((l) => names.get(l.id)!) };
}

/**
 * Each round counted whose ballot was printed with a line under another name than its id has now (two
 * names swapped in candidates.csv): the paper and the results name that id's project differently, and
 * the votes cast for a name on paper are counted for the project now under its id (or, ballots by
 * name, under another id). Said by tally, on screen only; a record from before the lines were kept says nothing.
 */
export function printedNamesChanged(
  trail: AuditDocument | null, rounds: readonly number[], candidates: ReadonlyMap<string, Pick<Candidate, "name" | "line">>, file: string,
): Diagnostic[] {
  const names = new Map([...candidates].map(([id, c]) => [id, c.name]));
  return rounds.flatMap((round) => {
    const printed = printedLinesSchema.safeParse(printedRecord(trail, round)?.options?.["lines"]);
    const renamed = printed.success ? renamedLines(printed.data, names) : undefined;
    // Said at the first renamed project's row of candidates.csv.
    return renamed ? [warning("W_CHANGED_SINCE_PRINTED", { file, line: candidates.get(renamed.ids[0]!)!.line }, { what: "names", round, ...renamed })] : [];
  });
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
  const then = printedRecord(trail, 1)?.rules as Partial<Rules> | undefined;
  if (then === undefined) return undefined;
  const [a, b] = [validityRules(then), validityRules(rules)];
  const changed = (Object.keys(b) as (keyof typeof b)[]).filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null));
  // The limit of approvals is named by the key that moved it: formal, when both follow it.
  const key = (k: keyof typeof b) => (k === "max" && then.maxApprovals === "formal" && rules.maxApprovals === "formal" ? "rules.formal" : VALIDITY_KEYS[k]);
  return changed.length === 0 ? undefined : warning("W_CHANGED_SINCE_PRINTED", { file: SESSION_FILE }, { changed: changed.map(key) });
}

const VALIDITY_KEYS = { max: "rules.maxApprovals", blank: "rules.blankBallot", unreadable: "rules.unreadableMark", ballot: "rules.ballot", marks: "rules.marks" } as const;
