// Keyboard entry of paper ballots as they are read out (唱票), as a pure state machine: a key goes in, the
// next state comes out with at most one journal record to make durable before the next key is taken.
// The journal is the entry: replaying its records gives back exactly the state it was written from.
import { DEFAULT_MARKS, markVocabulary, RoundTally, VOID_REASONS, type BallotPolicy, type VoidReason } from "./ballots.js";
import type { Candidate } from "./candidates.js";
import type { Params } from "./diagnostics.js";
import type { Rules } from "./session.js";
import { z } from "zod";

/** What the reader calls out for one line of a ballot. */
export type EntryMark = "approve" | "against" | "abstain" | "blank" | "unreadable";
export type EntryPass = "first" | "second";

const ENTRY_MARKS: readonly EntryMark[] = ["approve", "against", "abstain", "blank", "unreadable"];

/** What the screen says after a key, as data: the words are in io/entry-screen.ts, keyed by `key`. */
export interface Notice {
  key: string;
  params?: Params;
}

const say = (key: string, params?: Params): Notice => (params ? { key, params } : { key });

/** The written form of a mark nobody can read: in no default list, so the tally sees it as unreadable. */
export const UNREADABLE_CELL = "无法辨认";
export const VOID_CELL = "作废";

export interface EnteredBallot {
  void: boolean;
  marks: EntryMark[];
}

export interface EntrySetup {
  title: string;
  round: number;
  pass: EntryPass;
  /** The votable lines of this round, in ballot order. */
  lines: Candidate[];
  ballot: Rules["ballot"];
  /** Most approvals a valid ballot may carry (null: no limit). */
  maxApprovals: number | null;
  issued: number | null;
  rules: Pick<Rules, "ballot" | "marks" | "maxApprovals" | "formal" | "blankBallot" | "unreadableMark">;
}

const entryMarkSchema = z.enum(["approve", "against", "abstain", "blank", "unreadable"]);

/** Every record an entry journal may hold: a line that is JSON but none of these is damage, not a record. */
export const journalRecordSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("start"), version: z.number(), round: z.number().int(), pass: z.enum(["first", "second"]), lines: z.array(z.string()),
    ballot: z.enum(["approve-against-abstain", "approve-only"]), maxApprovals: z.number().int().nullable(),
  }),
  z.strictObject({ type: z.literal("returned"), value: z.number() }),
  z.strictObject({ type: z.literal("ballot"), seq: z.number(), void: z.boolean(), marks: z.array(entryMarkSchema) }),
  z.strictObject({ type: z.literal("undo"), seq: z.number() }),
  z.strictObject({ type: z.literal("done"), count: z.number() }),
]);

export type JournalRecord = z.infer<typeof journalRecordSchema>;

/**
 * A journal that cannot be replayed onto this session (a record out of place, another ballot layout):
 * `problem` names what is wrong (the catalogues word it, as E_JOURNAL) and `params` its values.
 */
export class EntryJournalError extends Error {
  constructor(readonly problem: string, readonly params: Params = {}) {
    super(problem);
    this.name = "EntryJournalError";
  }
}

export type EntryMode = "returned" | "marks" | "review" | "undo" | "goto";

export interface EntryState {
  setup: EntrySetup;
  returned: number | null;
  ballots: EnteredBallot[];
  /** Marks typed so far for the ballot in hand, in ballot order. */
  current: EntryMark[];
  /** The ballot in hand is declared void (作废). */
  voidPending: boolean;
  /** 0-based index of an accepted ballot being corrected, or null for a new ballot. */
  editing: number | null;
  mode: EntryMode;
  /** Digits typed in the returned/goto modes. */
  input: string;
  /** One line telling the operator what just happened or what to do. */
  notice: Notice | null;
  done: boolean;
}

export type EntryExit = "quit" | "finished";

export interface KeyResult {
  state: EntryState;
  record?: JournalRecord;
  exit?: EntryExit;
}

const MARK_KEYS: Record<string, EntryMark> = { "1": "approve", "2": "against", "3": "abstain", "0": "blank", " ": "blank", "4": "unreadable" };

export function startRecord(setup: EntrySetup): JournalRecord {
  return { type: "start", version: 1, round: setup.round, pass: setup.pass, lines: setup.lines.map((c) => c.id), ballot: setup.ballot, maxApprovals: setup.maxApprovals };
}

export function initialState(setup: EntrySetup): EntryState {
  return { setup, returned: null, ballots: [], current: [], voidPending: false, editing: null, mode: "returned", input: "", notice: null, done: false };
}

/** Why a journal cannot be replayed onto this setup, or null when it can. */
export function journalMismatch(setup: EntrySetup, start: JournalRecord): EntryJournalError | null {
  if (start.type !== "start") return new EntryJournalError("start-missing");
  if (start.version !== 1) return new EntryJournalError("version", { version: String(start.version) });
  if (start.round !== setup.round || start.pass !== setup.pass) return new EntryJournalError("other-pass");
  const ids = setup.lines.map((c) => c.id);
  if (start.lines.length !== ids.length || start.lines.some((id, i) => id !== ids[i])) {
    return new EntryJournalError("order", { recorded: start.lines, now: ids });
  }
  if (start.ballot !== setup.ballot || start.maxApprovals !== setup.maxApprovals) return new EntryJournalError("layout-changed");
  return null;
}

function ready(state: EntryState): EntryState {
  return { ...state, current: [], voidPending: false, editing: null, mode: state.returned === null ? "returned" : "marks", input: "" };
}

function isMark(m: unknown): m is EntryMark {
  return typeof m === "string" && (ENTRY_MARKS as readonly string[]).includes(m);
}

/** Applies one journal record (replay, or right after it was written). Throws on a record that cannot follow. */
export function applyRecord(state: EntryState, record: JournalRecord): EntryState {
  const n = state.ballots.length;
  switch (record.type) {
    case "start":
      throw new EntryJournalError("start-twice");
    case "returned":
      if (!Number.isInteger(record.value) || record.value < 1) throw new EntryJournalError("returned", { value: String(record.value) });
      return { ...ready(state), returned: record.value, mode: "marks", done: false };
    case "ballot": {
      const { seq } = record;
      if (!Number.isInteger(seq) || seq < 1 || seq > n + 1) throw new EntryJournalError("seq", { seq: String(seq), count: n });
      if (!Array.isArray(record.marks) || record.marks.length !== state.setup.lines.length || !record.marks.every(isMark)) throw new EntryJournalError("marks", { seq: String(seq) });
      const ballots = [...state.ballots];
      ballots[seq - 1] = { void: record.void === true, marks: [...record.marks] };
      return { ...ready(state), ballots, done: false };
    }
    case "undo":
      if (record.seq !== n || n === 0) throw new EntryJournalError("undo", { seq: String(record.seq), last: n });
      return { ...ready(state), ballots: state.ballots.slice(0, -1), done: false };
    case "done":
      if (record.count !== n) throw new EntryJournalError("done", { count: String(record.count), actual: n });
      return { ...ready(state), done: true };
  }
}

/** Replays a journal (its first record is the start record) into a state. */
export function replay(setup: EntrySetup, records: readonly JournalRecord[]): EntryState {
  const [start, ...rest] = records;
  if (!start) return initialState(setup);
  const mismatch = journalMismatch(setup, start);
  if (mismatch) throw mismatch;
  let state = initialState(setup);
  for (const r of rest) state = applyRecord(state, r);
  return state;
}

function approvals(marks: readonly EntryMark[]): number {
  return marks.filter((m) => m === "approve").length;
}

function entryPolicy(setup: EntrySetup): BallotPolicy {
  return { maxApprovals: setup.maxApprovals, blankVoid: setup.rules.blankBallot === "void", unreadableAbstain: setup.rules.unreadableMark === "abstain-item" };
}

/** What the tally will make of one ballot, for the operator's eyes before accepting it. */
export function ballotVerdict(setup: EntrySetup, b: EnteredBallot): VoidReason | null {
  if (b.void) return "marked-void";
  const policy = entryPolicy(setup);
  if (b.marks.includes("unreadable") && !policy.unreadableAbstain) return "unreadable";
  if (policy.maxApprovals !== null && approvals(b.marks) > policy.maxApprovals) return "over-approval";
  if (policy.blankVoid && b.marks.every((m) => m === "blank")) return "blank";
  return null;
}

/** The ballot in hand, counted, with the verdict it would get (or void when marked so), for a check before Enter. */
function reviewNotice(state: EntryState, marks: EntryMark[], isVoid: boolean): Notice {
  const { setup } = state;
  const which = { seq: state.editing !== null ? state.editing + 1 : state.ballots.length + 1, editing: state.editing !== null ? 1 : 0 };
  if (isVoid) return say("review-void", which);
  const count = (m: EntryMark) => marks.filter((x) => x === m).length;
  const verdict = ballotVerdict(setup, { void: false, marks });
  return say("review", {
    ...which, approveOnly: setup.ballot === "approve-only" ? 1 : 0,
    approve: count("approve"), against: count("against"), abstain: count("abstain"), blank: count("blank"), unreadable: count("unreadable"),
    ...(verdict ? { verdict } : {}),
    ...(setup.maxApprovals !== null && verdict === "over-approval" ? { limit: setup.maxApprovals } : {}),
  });
}

function allEntered(state: EntryState): boolean {
  return state.returned !== null && state.ballots.length >= state.returned && state.editing === null;
}

function positiveInt(s: string): number | null {
  return /^\d+$/.test(s) && Number(s) >= 1 && Number.isSafeInteger(Number(s)) ? Number(s) : null;
}

/** One key. Never performs I/O: a record to write and an exit to take are returned with the next state. */
export function pressKey(state: EntryState, key: string): KeyResult {
  if (key === "ctrl-c" || key === "ctrl-d" || ((key === "q" || key === "Q") && state.mode !== "goto" && state.mode !== "returned")) {
    return { state: { ...state, notice: say("paused-saved") }, exit: "quit" };
  }
  const { setup } = state;
  const n = setup.lines.length;
  switch (state.mode) {
    case "returned": {
      if (/^\d$/.test(key)) return { state: { ...state, input: (state.input + key).slice(0, 6), notice: null } };
      if (key === "backspace") return { state: { ...state, input: state.input.slice(0, -1) } };
      if (key === "escape" && state.returned !== null) return { state: { ...state, mode: "marks", input: "", notice: say("returned-unchanged") } };
      if (key === "q" || key === "Q") return { state: { ...state, notice: say("paused") }, exit: "quit" };
      if (key === "enter") {
        const value = positiveInt(state.input);
        if (value === null) return { state: { ...state, notice: say("returned-positive") } };
        const next = applyRecord(state, { type: "returned", value });
        const notice = say("returned-set", {
          value,
          ...(setup.issued !== null && value > setup.issued ? { issued: setup.issued } : {}),
          ...(next.ballots.length < value ? { next: next.ballots.length + 1 } : {}),
        });
        return { state: { ...next, notice }, record: { type: "returned", value } };
      }
      return { state: { ...state, notice: say("returned-digits") } };
    }
    case "undo": {
      if (key === "enter") {
        const seq = state.ballots.length;
        const next = applyRecord(state, { type: "undo", seq });
        return { state: { ...next, notice: say("undone", { seq }) }, record: { type: "undo", seq } };
      }
      return { state: { ...state, mode: "marks", notice: say("not-undone") } };
    }
    case "goto": {
      if (/^\d$/.test(key)) return { state: { ...state, input: (state.input + key).slice(0, 6) } };
      if (key === "backspace") return { state: { ...state, input: state.input.slice(0, -1) } };
      if (key === "escape" || key === "q" || key === "Q") return { state: { ...state, mode: "marks", input: "", notice: say("not-edited") } };
      if (key === "enter") {
        const k = positiveInt(state.input);
        if (k === null || k > state.ballots.length) return { state: { ...state, notice: say("goto-range", { count: state.ballots.length }) } };
        const old = state.ballots[k - 1]!;
        return { state: { ...state, mode: "marks", input: "", editing: k - 1, current: [], voidPending: false, notice: say("editing", { seq: k, void: old.void ? 1 : 0, marks: old.marks }) } };
      }
      return { state: { ...state, notice: say("goto-digits") } };
    }
    case "review": {
      if (key === "enter") {
        const seq = state.editing !== null ? state.editing + 1 : state.ballots.length + 1;
        const record: JournalRecord = { type: "ballot", seq, void: state.voidPending, marks: state.voidPending ? padMarks(state.current, n) : [...state.current] };
        const next = applyRecord(state, record);
        const left = next.returned !== null ? next.returned - next.ballots.length : 0;
        const notice = state.editing !== null ? say("corrected", { seq }) : say("entered", { seq, left, entered: next.ballots.length, returned: next.returned ?? 0 });
        return { state: { ...next, notice }, record };
      }
      if (key === "backspace") {
        if (state.voidPending) return { state: { ...state, voidPending: false, mode: state.current.length === n ? "review" : "marks", notice: state.current.length === n ? reviewNotice({ ...state }, state.current, false) : say("void-cancelled") } };
        return { state: { ...state, current: state.current.slice(0, -1), mode: "marks", notice: null } };
      }
      if (key === "escape") return { state: { ...state, current: [], voidPending: false, mode: "marks", notice: say("restart-ballot") } };
      if (key === "*") return { state: { ...state, voidPending: true, notice: reviewNotice(state, state.current, true) } };
      return { state: { ...state, notice: say("ballot-full", { void: state.voidPending ? 1 : 0 }) } };
    }
    case "marks": {
      const mark = MARK_KEYS[key];
      if (mark !== undefined) {
        if (allEntered(state)) return { state: { ...state, notice: say("all-entered-fix", { returned: state.returned ?? 0 }) } };
        if (setup.ballot === "approve-only" && (mark === "against" || mark === "abstain")) {
          return { state: { ...state, notice: say("approve-only") } };
        }
        const current = [...state.current, mark];
        if (current.length === n) return { state: { ...state, current, mode: "review", notice: reviewNotice(state, current, false) } };
        return { state: { ...state, current, notice: null } };
      }
      if (key === "*") {
        if (allEntered(state)) return { state: { ...state, notice: say("all-entered", { returned: state.returned ?? 0 }) } };
        return { state: { ...state, voidPending: true, mode: "review", notice: reviewNotice(state, state.current, true) } };
      }
      if (key === "backspace") {
        if (state.current.length === 0) return { state: { ...state, notice: state.ballots.length > 0 && state.editing === null ? say("nothing-to-erase") : null } };
        return { state: { ...state, current: state.current.slice(0, -1), notice: null } };
      }
      if (key === "escape") {
        if (state.editing !== null) return { state: { ...state, editing: null, current: [], notice: say("edit-abandoned", { seq: state.editing + 1 }) } };
        return { state: { ...state, current: [], notice: state.current.length > 0 ? say("restart-ballot") : null } };
      }
      if (key === "-") {
        if (state.current.length > 0 || state.editing !== null) return { state: { ...state, notice: say("busy-undo") } };
        if (state.ballots.length === 0) return { state: { ...state, notice: say("none-entered") } };
        return { state: { ...state, mode: "undo", notice: say("undo-confirm", { seq: state.ballots.length }) } };
      }
      if (key === "g" || key === "G") {
        if (state.current.length > 0) return { state: { ...state, notice: say("busy-goto") } };
        if (state.ballots.length === 0) return { state: { ...state, notice: say("none-entered") } };
        return { state: { ...state, mode: "goto", input: "", editing: null, notice: say("goto-ask", { count: state.ballots.length }) } };
      }
      if (key === "r" || key === "R") {
        if (state.current.length > 0) return { state: { ...state, notice: say("busy-returned") } };
        return { state: { ...state, mode: "returned", input: "", notice: say("returned-ask", state.returned !== null ? { returned: state.returned } : {}) } };
      }
      if (key === "enter") {
        if (state.current.length > 0) return { state: { ...state, notice: say("ballot-incomplete", { missing: n - state.current.length }) } };
        if (state.returned !== null && state.editing === null && state.ballots.length === state.returned) {
          const record: JournalRecord = { type: "done", count: state.ballots.length };
          return { state: { ...applyRecord(state, record), notice: say("finished", { count: state.ballots.length }) }, record, exit: "finished" };
        }
        if (state.returned !== null && state.ballots.length > state.returned) {
          return { state: { ...state, notice: say("over-entered", { entered: state.ballots.length, returned: state.returned }) } };
        }
        return { state: { ...state, notice: say("left", { left: (state.returned ?? 0) - state.ballots.length }) } };
      }
      return { state: { ...state, notice: say("not-a-key", { key, approveOnly: setup.ballot === "approve-only" ? 1 : 0 }) } };
    }
  }
}

function padMarks(marks: readonly EntryMark[], n: number): EntryMark[] {
  return [...marks, ...new Array<EntryMark>(Math.max(0, n - marks.length)).fill("blank")].slice(0, n);
}

/** The cell a mark is written as in ballots.csv: the first mark of the session's own list that a spreadsheet keeps as text. */
/** `error` names the list of rules.marks whose every mark a spreadsheet would take for a formula. */
export function markCells(rules: Pick<Rules, "marks">): Record<EntryMark, string> | { error: "approve" | "against" | "abstain" } {
  const pick = (list: readonly string[], label: "approve" | "against" | "abstain"): string | { error: typeof label } => {
    const safe = list.find((m) => !/^[=+\-@\t\r]/.test(m));
    return safe ?? { error: label };
  };
  const approve = pick(rules.marks?.approve ?? DEFAULT_MARKS.approve, "approve");
  const against = pick(rules.marks?.against ?? DEFAULT_MARKS.against, "against");
  const abstain = pick(rules.marks?.abstain ?? DEFAULT_MARKS.abstain, "abstain");
  for (const x of [approve, against, abstain]) if (typeof x !== "string") return x;
  return { approve: approve as string, against: against as string, abstain: abstain as string, blank: "", unreadable: UNREADABLE_CELL };
}

/** The row of ballots.csv for one ballot: 票号, 作废, then one cell per line. */
export function ballotRow(seq: number, width: number, b: EnteredBallot, cells: Record<EntryMark, string>): string[] {
  return [String(seq).padStart(width, "0"), b.void ? VOID_CELL : "", ...b.marks.map((m) => (b.void ? "" : cells[m]))];
}

export interface RunningTotals {
  valid: number;
  void: number;
  voidByReason: Partial<Record<VoidReason, number>>;
  lines: { approve: number; against: number; abstain: number }[];
}

/** Totals over the accepted ballots, counted by the same accumulator the tally uses. */
export function runningTotals(setup: EntrySetup, ballots: readonly EnteredBallot[]): RunningTotals {
  const cells = markCells(setup.rules);
  const n = setup.lines.length;
  const layout = { file: "", serialColumn: null, voidColumn: 0, lineColumns: setup.lines.map((_, i) => i + 1), lines: setup.lines };
  const policy = entryPolicy(setup);
  const tally = new RoundTally(layout, markVocabulary(setup.rules), policy);
  const written = "error" in cells ? null : cells;
  ballots.forEach((b, i) => {
    const row = written ? ballotRow(i + 1, 1, b, written).slice(1) : [b.void ? VOID_CELL : "", ...new Array<string>(n).fill("")];
    tally.addBallot(row, i + 2);
  });
  const count = tally.result(setup.round, 0);
  const voidByReason: Partial<Record<VoidReason, number>> = {};
  for (const r of VOID_REASONS) if (count.voidByReason[r]) voidByReason[r] = count.voidByReason[r];
  return { valid: count.valid, void: count.void, voidByReason, lines: count.totals.map((t) => ({ approve: t.approve, against: t.against, abstain: t.abstain })) };
}

/** Where two entries of one pile differ, as data (io/entry-screen.ts words it). */
export type EntryDifference =
  | { seq: null; kind: "returned"; first: number | null; second: number | null }
  | { seq: null; kind: "count"; first: number; second: number }
  | { seq: number; kind: "void"; first: boolean; second: boolean }
  | { seq: number; kind: "marks"; lines: { id: string; name: string; first: EntryMark; second: EntryMark }[] }
  | { seq: number; kind: "only"; pass: EntryPass; ballot: { void: boolean; marks: { id: string; mark: EntryMark }[] } };

/** Every ballot where the two independent entries of one pile differ. */
export function compareEntries(setup: EntrySetup, first: Pick<EntryState, "ballots" | "returned">, second: Pick<EntryState, "ballots" | "returned">): EntryDifference[] {
  const out: EntryDifference[] = [];
  if (first.returned !== second.returned) out.push({ seq: null, kind: "returned", first: first.returned, second: second.returned });
  if (first.ballots.length !== second.ballots.length) out.push({ seq: null, kind: "count", first: first.ballots.length, second: second.ballots.length });
  const count = Math.max(first.ballots.length, second.ballots.length);
  for (let i = 0; i < count; i++) {
    const a = first.ballots[i];
    const b = second.ballots[i];
    if (a && b) {
      if (a.void !== b.void) {
        out.push({ seq: i + 1, kind: "void", first: a.void, second: b.void });
        continue;
      }
      if (a.void) continue;
      const lines = a.marks.flatMap((m, j) => (m === b.marks[j] ? [] : [{ id: setup.lines[j]!.id, name: setup.lines[j]!.name, first: m, second: b.marks[j]! }]));
      if (lines.length > 0) out.push({ seq: i + 1, kind: "marks", lines });
    } else {
      const only = (a ?? b)!;
      out.push({ seq: i + 1, kind: "only", pass: a ? "first" : "second", ballot: { void: only.void, marks: only.marks.map((mark, j) => ({ id: setup.lines[j]!.id, mark })) } });
    }
  }
  return out;
}

// Hand counts (计票单) at the keyboard: the count sheet's totals, one figure at a time, journaled and entered
// twice like ballots. Each line's 赞成 + 反对 + 弃权 must come to 收回 − 无效 before the form goes on.

export type CountColumn = "returned" | "void" | "approve" | "against" | "abstain";

/** One figure of the count sheet: the round's 收回 and 无效, then each line's columns in ballot order. */
export interface CountField {
  key: string;
  column: CountColumn;
  /** Index into setup.lines, or null for 收回 and 无效. */
  line: number | null;
}

export function countFields(setup: Pick<EntrySetup, "lines" | "ballot">): CountField[] {
  const columns: CountColumn[] = setup.ballot === "approve-only" ? ["approve", "abstain"] : ["approve", "against", "abstain"];
  return [
    { key: "returned", column: "returned", line: null },
    { key: "void", column: "void", line: null },
    ...setup.lines.flatMap((c, i) => columns.map((column) => ({ key: `${c.id}:${column}`, column, line: i }))),
  ];
}

export const countRecordSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("start"), version: z.number(), kind: z.literal("counts"), round: z.number().int(), pass: z.enum(["first", "second"]),
    lines: z.array(z.string()), ballot: z.enum(["approve-against-abstain", "approve-only"]),
  }),
  z.strictObject({ type: z.literal("value"), field: z.string(), value: z.number().int().min(0) }),
  z.strictObject({ type: z.literal("done") }),
]);

export type CountRecord = z.infer<typeof countRecordSchema>;

export interface CountState {
  setup: EntrySetup;
  values: Record<string, number>;
  /** Index into countFields of the figure being typed; fields.length once every figure is in. */
  at: number;
  input: string;
  notice: Notice | null;
  done: boolean;
}

export interface CountKeyResult {
  state: CountState;
  record?: CountRecord;
  exit?: EntryExit;
}

export function countStartRecord(setup: EntrySetup): CountRecord {
  return { type: "start", version: 1, kind: "counts", round: setup.round, pass: setup.pass, lines: setup.lines.map((c) => c.id), ballot: setup.ballot };
}

function firstMissing(setup: EntrySetup, values: Record<string, number>): number {
  const fields = countFields(setup);
  const i = fields.findIndex((f) => values[f.key] === undefined);
  return i < 0 ? fields.length : i;
}

/** Replays a counts journal; throws EntryJournalError when it does not fit this round's form. */
export function replayCounts(setup: EntrySetup, records: readonly CountRecord[]): CountState {
  let state: CountState = { setup, values: {}, at: 0, input: "", notice: null, done: false };
  const [start, ...rest] = records;
  if (!start) return state;
  if (start.type !== "start") throw new EntryJournalError("start-missing");
  if (start.version !== 1) throw new EntryJournalError("version", { version: String(start.version) });
  if (start.round !== setup.round || start.pass !== setup.pass) throw new EntryJournalError("other-pass");
  const ids = setup.lines.map((c) => c.id);
  if (start.lines.length !== ids.length || start.lines.some((id, i) => id !== ids[i])) throw new EntryJournalError("order", { recorded: start.lines, now: ids });
  if (start.ballot !== setup.ballot) throw new EntryJournalError("layout-changed");
  const keys = new Set(countFields(setup).map((f) => f.key));
  for (const r of rest) {
    if (r.type === "start") throw new EntryJournalError("start-twice");
    if (r.type === "value") {
      if (!keys.has(r.field)) throw new EntryJournalError("field", { field: r.field });
      const values = { ...state.values, [r.field]: r.value };
      state = { ...state, values, at: firstMissing(setup, values), done: false };
    } else {
      if (firstMissing(setup, state.values) < countFields(setup).length) throw new EntryJournalError("done", { count: "—", actual: Object.keys(state.values).length });
      state = { ...state, done: true };
    }
  }
  return state;
}

/** 收回 − 无效, when both are in. */
export function countedValid(values: Record<string, number>): number | null {
  return values["returned"] !== undefined && values["void"] !== undefined ? values["returned"] - values["void"] : null;
}

/** The first line whose columns do not add up to 收回 − 无效, and where its first figure is on the form. */
export function unbalancedLine(setup: EntrySetup, values: Record<string, number>): { id: string; sum: number; valid: number; at: number } | null {
  const valid = countedValid(values);
  if (valid === null) return null;
  const fields = countFields(setup);
  for (let i = 0; i < setup.lines.length; i++) {
    const own = fields.filter((f) => f.line === i);
    const sum = own.reduce((s, f) => s + (values[f.key] ?? 0), 0);
    if (sum !== valid) return { id: setup.lines[i]!.id, sum, valid, at: fields.indexOf(own[0]!) };
  }
  return null;
}

/** One key on the count form. Enter takes the typed figure (or keeps the one there); ⌫ on nothing goes back a figure. */
export function pressCountKey(state: CountState, key: string): CountKeyResult {
  const fields = countFields(state.setup);
  if (key === "ctrl-c" || key === "ctrl-d" || key === "q" || key === "Q") return { state: { ...state, notice: say("count-paused") }, exit: "quit" };
  if (/^\d$/.test(key) && state.at < fields.length) return { state: { ...state, input: (state.input + key).slice(0, 7), notice: null } };
  if (key === "backspace") {
    if (state.input !== "") return { state: { ...state, input: state.input.slice(0, -1) } };
    return { state: { ...state, at: Math.max(0, state.at - 1), notice: null } };
  }
  if (key === "escape") return { state: { ...state, input: "", notice: null } };
  if (key !== "enter") return { state: { ...state, notice: say("count-digits") } };
  if (state.at >= fields.length) {
    const bad = unbalancedLine(state.setup, state.values);
    if (bad) return { state: { ...state, at: bad.at, input: "", notice: say("count-line-sum", { id: bad.id, sum: bad.sum, valid: bad.valid }) } };
    return { state: { ...state, done: true, notice: say("count-finished") }, record: { type: "done" }, exit: "finished" };
  }
  const field = fields[state.at]!;
  const value = state.input === "" ? state.values[field.key] : Number(state.input);
  if (value === undefined) return { state: { ...state, notice: say("count-digits") } };
  const values = { ...state.values, [field.key]: value };
  if (field.column === "void" && value > values["returned"]!) return { state: { ...state, input: "", notice: say("count-void-over", { void: value, returned: values["returned"]! }) } };
  const record: CountRecord | undefined = state.values[field.key] === value ? undefined : { type: "value", field: field.key, value };
  // A line's last column closes it: its columns must add up to the valid ballots, or the line is typed again.
  const next = fields[state.at + 1];
  if (field.line !== null && (!next || next.line !== field.line)) {
    const lineFields = fields.filter((f) => f.line === field.line);
    const sum = lineFields.reduce((s, f) => s + (values[f.key] ?? 0), 0);
    const valid = countedValid(values);
    if (valid !== null && sum !== valid) {
      const start = fields.indexOf(lineFields[0]!);
      return { state: { ...state, values, at: start, input: "", done: false, notice: say("count-line-sum", { id: state.setup.lines[field.line]!.id, sum, valid }) } , ...(record ? { record } : {}) };
    }
  }
  const at = state.at + 1 < fields.length && values[fields[state.at + 1]!.key] === undefined ? state.at + 1 : firstMissing(state.setup, values) < fields.length ? firstMissing(state.setup, values) : state.at + 1;
  return { state: { ...state, values, at, input: "", done: false, notice: at >= fields.length ? say("count-review") : null }, ...(record ? { record } : {}) };
}

/** The figures where two entries of one count sheet differ. */
export function compareCounts(setup: EntrySetup, first: CountState, second: CountState): { field: CountField; first: number | undefined; second: number | undefined }[] {
  return countFields(setup).flatMap((field) => (first.values[field.key] === second.values[field.key] ? [] : [{ field, first: first.values[field.key], second: second.values[field.key] }]));
}
