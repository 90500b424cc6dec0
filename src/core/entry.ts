// Keyboard entry of paper ballots as they are read out (唱票), as a pure state machine: a key goes in, the
// next state comes out with at most one journal record to make durable before the next key is taken.
// The journal is the entry: replaying its records gives back exactly the state it was written from.
import { z } from "zod";
import { countBallot, DEFAULT_MARKS, RECORDED_UNREADABLE, finishCount, markVocabulary, marksRead, startCount, type VoidReason } from "./ballots.js";
import type { Candidate } from "./candidates.js";
import { normalizeMark } from "./characters.js";
import { error, type Diagnostic, type Params } from "./diagnostics.js";
import type { Rules } from "./session.js";

/** What the reader calls out for one line of a ballot. */
const entryMarkSchema = z.enum(["approve", "against", "abstain", "blank", "unreadable"]);
export type EntryMark = z.infer<typeof entryMarkSchema>;
export type EntryPass = "first" | "second";

/** What the screen says after a key, as data: the words are in io/entry-screen.ts, keyed by `key`. */
export interface Notice {
  key: string;
  params?: Params;
}

const say = (key: string, params?: Params): Notice => (params ? { key, params } : { key });

/** The next state is the same but for what the screen says. */
function tell<S>(state: S, key: string, params?: Params): { state: S } {
  return { state: { ...state, notice: say(key, params) } };
}

export const VOID_CELL = "作废";

export interface EnteredBallot {
  void: boolean;
  marks: EntryMark[];
}

export interface EntrySetup {
  title: string;
  /** The session's date: a journal started for another date belongs to another session (a copied folder). */
  date: string;
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

const passSchema = z.enum(["first", "second"]);
const ballotSchema = z.enum(["approve-against-abstain", "approve-only"]);

/** Every record an entry journal may hold: a line that is JSON but none of these is damage, not a record. */
export const journalRecordSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("start"), version: z.number(), round: z.number().int(), pass: passSchema,
    lines: z.array(z.string()), ballot: ballotSchema, maxApprovals: z.number().int().nullable(), date: z.string().optional(),
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
  /** The journal's line of the record that cannot follow (one record a line), set where records are replayed. */
  line: number | undefined;
  constructor(readonly problem: string, readonly params: Params = {}) {
    super(problem);
    this.name = "EntryJournalError";
  }
}

/** Applies the record on journal line `line`: a record that cannot follow is told at its line. */
function atLine<T>(line: number, apply: () => T): T {
  try {
    return apply();
  } catch (e) {
    if (e instanceof EntryJournalError && e.line === undefined) e.line = line;
    throw e;
  }
}

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
  mode: "returned" | "marks" | "review" | "undo" | "goto";
  /** Digits typed in the returned/goto modes. */
  input: string;
  /** One line telling the operator what just happened or what to do. */
  notice: Notice | null;
  done: boolean;
}

export type EntryExit = "quit" | "finished";

/** What a key does: the next state, and the record to journal and the exit to take, if any. */
interface KeyResult<S, R> {
  state: S;
  record?: R;
  exit?: EntryExit;
}

const MARK_KEYS: Record<string, EntryMark> = {
  "1": "approve", "2": "against", "3": "abstain", "0": "blank", " ": "blank", "4": "unreadable",
};

export function startRecord(setup: EntrySetup): JournalRecord {
  const { round, pass, ballot, maxApprovals } = setup;
  return { type: "start", version: 1, round, pass, lines: setup.lines.map((c) => c.id), ballot, maxApprovals, date: setup.date };
}

export function initialState(setup: EntrySetup): EntryState {
  return {
    setup, returned: null, ballots: [], current: [], voidPending: false, editing: null, mode: "returned", input: "",
    notice: null, done: false,
  };
}

/** Refuses the start record of a journal written for another pass, ballot order or layout. */
function checkStart(setup: EntrySetup, start: JournalRecord | CountRecord): void {
  if (start.type !== "start") throw new EntryJournalError("start-missing");
  if (start.version !== 1) throw new EntryJournalError("version", { version: String(start.version) });
  if (start.round !== setup.round || start.pass !== setup.pass) throw new EntryJournalError("other-pass");
  // (A journal written before the date was recorded has none.)
  if (start.date !== undefined && start.date !== setup.date) throw new EntryJournalError("other-session", { recorded: start.date, now: setup.date });
  const ids = setup.lines.map((c) => c.id);
  if (start.lines.length !== ids.length || start.lines.some((id, i) => id !== ids[i])) {
    throw new EntryJournalError("order", { recorded: start.lines, now: ids });
  }
  // A counts journal records no limit of approvals: a count sheet does not depend on it.
  const max = "maxApprovals" in start ? start.maxApprovals : setup.maxApprovals;
  if (start.ballot !== setup.ballot || max !== setup.maxApprovals) throw new EntryJournalError("layout-changed");
}

function ready(state: EntryState): EntryState {
  const mode = state.returned === null ? "returned" : "marks";
  return { ...state, current: [], voidPending: false, editing: null, mode, input: "" };
}

/** Applies one journal record (replay, or right after it was written). Throws on a record that cannot follow. */
export function applyRecord(state: EntryState, record: JournalRecord): EntryState {
  const n = state.ballots.length;
  switch (record.type) {
    case "start":
      throw new EntryJournalError("start-twice");
    case "returned":
      if (!Number.isInteger(record.value) || record.value < 1) {
        throw new EntryJournalError("returned", { value: String(record.value) });
      }
      return { ...ready(state), returned: record.value, mode: "marks", done: false };
    case "ballot": {
      const { seq } = record;
      if (!Number.isInteger(seq) || seq < 1 || seq > n + 1) {
        throw new EntryJournalError("seq", { seq: String(seq), count: n });
      }
      if (record.marks.length !== state.setup.lines.length) throw new EntryJournalError("marks", { seq: String(seq) });
      const ballots = [...state.ballots];
      ballots[seq - 1] = { void: record.void, marks: [...record.marks] };
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
  if (start) atLine(1, () => checkStart(setup, start));
  return rest.reduce((state, record, i) => atLine(i + 2, () => applyRecord(state, record)), initialState(setup));
}

function entryPolicy(setup: EntrySetup) {
  const { blankBallot, unreadableMark } = setup.rules;
  const unreadableAbstain = unreadableMark === "abstain-item";
  return { maxApprovals: setup.maxApprovals, blankVoid: blankBallot === "void", unreadableAbstain, ...marksRead(setup.rules) };
}

/** The number of the ballot in hand: the one being corrected, or the next new one. */
export function seqInHand(state: EntryState): number {
  return state.editing !== null ? state.editing + 1 : state.ballots.length + 1;
}

/** The ballot in hand, counted, with the verdict it would get (or void when marked so), for a check before Enter. */
function reviewNotice(state: EntryState, marks: EntryMark[], isVoid: boolean): Notice {
  const { setup } = state;
  const which = { seq: seqInHand(state), editing: state.editing !== null ? 1 : 0 };
  if (isVoid) return say("review-void", which);
  // Counted from the cells as written, as the tally reads them: 未划 is an empty cell (赞成 where rules.marks
  // lists "" as approve), and so is 弃权 where the empty cell is the only abstain mark (blank-ballot rule).
  const cells = markCells(setup.rules);
  const writtenEmpty = (m: EntryMark) => ("error" in cells ? m === "blank" : cells[m] === "");
  const empty = markVocabulary(setup.rules)("");
  const read = marks.map((m): EntryMark => (writtenEmpty(m) && empty !== "abstain" ? empty : m));
  const count = (m: EntryMark) => read.filter((x) => x === m).length;
  // What the tally will make of it.
  const policy = entryPolicy(setup);
  const verdict: VoidReason | null = read.includes("unreadable") && !policy.unreadableAbstain ? "unreadable"
    : policy.maxApprovals !== null && count("approve") > policy.maxApprovals ? "over-approval"
    : policy.blankVoid && marks.every(writtenEmpty) ? "blank"
    : null;
  return say("review", {
    ...which, approveOnly: setup.ballot === "approve-only" ? 1 : 0,
    approve: count("approve"), against: count("against"), abstain: count("abstain"), blank: count("blank"),
    unreadable: count("unreadable"),
    ...(verdict ? { verdict } : {}),
    ...(setup.maxApprovals !== null && verdict === "over-approval" ? { limit: setup.maxApprovals } : {}),
  });
}

/** Every ballot returned is in (and none is being corrected). */
export function allEntered(state: EntryState): boolean {
  return state.returned !== null && state.ballots.length >= state.returned && state.editing === null;
}

/** More ballots are in than were returned (收回 corrected down, or a ballot entered twice), none being corrected. */
export function overEntered(state: EntryState): boolean {
  return allEntered(state) && state.ballots.length > state.returned!;
}

function positiveInt(s: string): number | null {
  return /^\d+$/.test(s) && Number(s) >= 1 && Number.isSafeInteger(Number(s)) ? Number(s) : null;
}

/** One key. Never performs I/O: a record to write and an exit to take are returned with the next state. */
export function pressKey(state: EntryState, key: string): KeyResult<EntryState, JournalRecord> {
  const { setup } = state;
  const n = setup.lines.length;
  const q = key === "q" || key === "Q";
  if (key === "ctrl-c" || key === "ctrl-d" || (q && state.mode !== "goto" && state.mode !== "returned")) {
    // A ballot typed (in part or whole) but not confirmed is not saved: the clerk is told which.
    const typed = state.current.length > 0 || state.voidPending;
    const dropped = typed ? { seq: seqInHand(state), editing: state.editing !== null ? 1 : 0 } : undefined;
    return { ...tell(state, "paused-saved", dropped), exit: "quit" };
  }
  // The digits of the returned and goto modes.
  const typing = state.mode === "returned" || state.mode === "goto";
  if (typing && /^\d$/.test(key)) {
    const input = (state.input + key).slice(0, 6);
    return { state: state.mode === "returned" ? { ...state, input, notice: null } : { ...state, input } };
  }
  if (typing && key === "backspace") return { state: { ...state, input: state.input.slice(0, -1) } };
  switch (state.mode) {
    case "returned": {
      if (key === "escape" && state.returned !== null) {
        return tell({ ...state, mode: "marks", input: "" }, "returned-unchanged");
      }
      if (q) return { ...tell(state, "paused"), exit: "quit" };
      if (key !== "enter") return tell(state, "returned-digits");
      const value = positiveInt(state.input);
      if (value === null) return tell(state, "returned-positive");
      const record = { type: "returned", value } as const;
      const next = applyRecord(state, record);
      return {
        ...tell(next, "returned-set", {
          value,
          ...(setup.issued !== null && value > setup.issued ? { issued: setup.issued } : {}),
          ...(next.ballots.length < value ? { next: next.ballots.length + 1 } : {}),
          // More are entered than now returned: Enter would refuse, so the notice says what to do instead.
          ...(next.ballots.length > value ? { entered: next.ballots.length } : {}),
        }),
        record,
      };
    }
    case "undo": {
      if (key !== "enter") return tell({ ...state, mode: "marks" }, "not-undone");
      const seq = state.ballots.length;
      const next = applyRecord(state, { type: "undo", seq });
      // Undoing a ballot entered past 收回 asks for no ballot again: what is left to do is said instead.
      const left: Params = next.returned !== null ? { entered: next.ballots.length, returned: next.returned } : {};
      return { ...tell(next, "undone", { seq, ...left }), record: { type: "undo", seq } };
    }
    case "goto": {
      if (key === "escape" || q) return tell({ ...state, mode: "marks", input: "" }, "not-edited");
      if (key !== "enter") return tell(state, "goto-digits");
      const k = positiveInt(state.input);
      if (k === null || k > state.ballots.length) return tell(state, "goto-range", { count: state.ballots.length });
      const old = state.ballots[k - 1]!;
      const editing = { ...state, mode: "marks" as const, input: "", editing: k - 1, current: [], voidPending: false };
      return tell(editing, "editing", { seq: k, void: old.void ? 1 : 0, marks: old.marks });
    }
    case "review": {
      if (key === "enter") {
        const seq = seqInHand(state);
        const marks = state.voidPending ? Array.from({ length: n }, (_, i) => state.current[i] ?? "blank") : [...state.current];
        const record = { type: "ballot", seq, void: state.voidPending, marks } as const;
        const next = applyRecord(state, record);
        const left = next.returned !== null ? next.returned - next.ballots.length : 0;
        const said = state.editing !== null ? tell(next, "corrected", { seq })
          : tell(next, "entered", { seq, left, entered: next.ballots.length, returned: next.returned ?? 0 });
        return { ...said, record };
      }
      const current = state.current;
      if (key === "backspace" && state.voidPending) {
        const full = current.length === n;
        const next = { ...state, voidPending: false, mode: full ? "review" as const : "marks" as const };
        if (!full) return tell(next, "void-cancelled");
        return { state: { ...next, notice: reviewNotice(state, current, false) } };
      }
      if (key === "backspace") {
        return { state: { ...state, current: current.slice(0, -1), mode: "marks", notice: null } };
      }
      if (key === "escape") return tell({ ...state, current: [], voidPending: false, mode: "marks" }, "restart-ballot");
      if (key === "*") return { state: { ...state, voidPending: true, notice: reviewNotice(state, current, true) } };
      return tell(state, "ballot-full", { void: state.voidPending ? 1 : 0 });
    }
    case "marks":
      return pressMarkKey(state, key);
  }
}

/** A key while marks are being typed. */
function pressMarkKey(state: EntryState, key: string): KeyResult<EntryState, JournalRecord> {
  const n = state.setup.lines.length;
  const mark = MARK_KEYS[key];
  const busy = state.current.length > 0;
  if (mark !== undefined) {
    if (overEntered(state)) return tell(state, "over-entered", { entered: state.ballots.length, returned: state.returned ?? 0 });
    if (allEntered(state)) return tell(state, "all-entered-fix", { returned: state.returned ?? 0 });
    if (state.setup.ballot === "approve-only" && (mark === "against" || mark === "abstain")) {
      return tell(state, "approve-only");
    }
    const current = [...state.current, mark];
    if (current.length < n) return { state: { ...state, current, notice: null } };
    return { state: { ...state, current, mode: "review", notice: reviewNotice(state, current, false) } };
  }
  switch (key) {
    case "*": {
      if (overEntered(state)) return tell(state, "over-entered", { entered: state.ballots.length, returned: state.returned ?? 0 });
      if (allEntered(state)) return tell(state, "all-entered", { returned: state.returned ?? 0 });
      const notice = reviewNotice(state, state.current, true);
      return { state: { ...state, voidPending: true, mode: "review", notice } };
    }
    case "backspace": {
      if (busy) return { state: { ...state, current: state.current.slice(0, -1), notice: null } };
      const erased = state.ballots.length > 0 && state.editing === null;
      return { state: { ...state, notice: erased ? say("nothing-to-erase") : null } };
    }
    case "escape": {
      const seq = state.editing === null ? null : state.editing + 1;
      if (seq !== null) return tell({ ...state, editing: null, current: [] }, "edit-abandoned", { seq });
      return { state: { ...state, current: [], notice: busy ? say("restart-ballot") : null } };
    }
    case "-":
      if (busy || state.editing !== null) return tell(state, "busy-undo");
      if (state.ballots.length === 0) return tell(state, "none-entered");
      // The prompt line asks (撤销第 n 张？): no notice saying it again.
      return { state: { ...state, mode: "undo", notice: null } };
    case "g":
    case "G":
      if (busy) return tell(state, "busy-goto");
      if (state.ballots.length === 0) return tell(state, "none-entered");
      return tell({ ...state, mode: "goto", input: "", editing: null }, "goto-ask", { count: state.ballots.length });
    case "r":
    case "R":
      if (busy) return tell(state, "busy-returned");
      const params: Params = state.returned === null ? {} : { returned: state.returned };
      return tell({ ...state, mode: "returned", input: "" }, "returned-ask", params);
    case "enter": {
      if (busy) return tell(state, "ballot-incomplete", { missing: n - state.current.length });
      const { returned, ballots } = state;
      if (returned !== null && state.editing === null && ballots.length === returned) {
        const record = { type: "done", count: ballots.length } as const;
        return { ...tell(applyRecord(state, record), "finished", { count: ballots.length }), record, exit: "finished" };
      }
      if (returned !== null && ballots.length > returned) {
        return tell(state, "over-entered", { entered: ballots.length, returned });
      }
      return tell(state, "left", { left: (returned ?? 0) - ballots.length });
    }
  }
  return tell(state, "not-a-key", { key, approveOnly: state.setup.ballot === "approve-only" ? 1 : 0 });
}

const MARK_LISTS = ["approve", "against", "abstain"] as const;

/**
 * The cell a mark is written as in ballots.csv: the first mark of its list that a spreadsheet keeps as text,
 * that is not empty (an empty cell is 未划, which the blank-ballot rule tells from written 弃权), and that the
 * tally reads back as the same mark (a list given in rules.marks may have taken a default mark: with
 * `"abstain": ["○"]`, ○ is 弃权 and 赞成 is written 〇). Where the session's only 弃权 is the empty cell
 * (`"abstain": [""]`), 弃权 is written empty: under its rules the two look alike on paper too. `error`
 * names a list with no such mark; `approve` is the approve cell even then, for the printed ballot.
 */
export function markCells(rules: Pick<Rules, "marks"> & Partial<Pick<Rules, "ballot">>) {
  const reads = markVocabulary({ marks: rules.marks, ballot: rules.ballot ?? "approve-against-abstain" });
  // On an approve-only ballot an against mark is unreadable; entry never writes one there.
  const meaning = (k: (typeof MARK_LISTS)[number]) => (k === "against" && rules.ballot === "approve-only" ? "unreadable" : k);
  const fits = (k: (typeof MARK_LISTS)[number]) => (m: string) => m !== "" && !/^[=+\-@\t\r]/.test(m) && reads(m) === meaning(k);
  const [approve, against, written] = MARK_LISTS.map((k) => (rules.marks?.[k] ?? DEFAULT_MARKS[k]).find(fits(k)));
  // Only a session that lists the empty cell as 弃权 has it written so: otherwise a ballot of 弃权 would be
  // a row of empty cells, which the blank-ballot rule takes for an unmarked ballot.
  const listsEmpty = (rules.marks?.abstain ?? []).some((m) => normalizeMark(m) === "");
  const abstain = written ?? (listsEmpty ? "" : undefined);
  if (approve === undefined || against === undefined || abstain === undefined) {
    const error = approve === undefined ? "approve" : against === undefined ? "against" : "abstain";
    return { error, ...(approve !== undefined ? { approve } : {}) } as const;
  }
  return { approve, against, abstain, blank: "", unreadable: RECORDED_UNREADABLE } as Record<EntryMark, string>;
}

/** The row of ballots.csv for one ballot: 票号, 作废, then one cell per line. */
export function ballotRow(seq: number, width: number, b: EnteredBallot, cells: Record<EntryMark, string>): string[] {
  return [String(seq).padStart(width, "0"), b.void ? VOID_CELL : "", ...b.marks.map((m) => (b.void ? "" : cells[m]))];
}

/** Totals over the accepted ballots, counted by the same accumulator the tally uses. */
export function runningTotals(setup: EntrySetup, ballots: readonly EnteredBallot[]) {
  const marked = markCells(setup.rules);
  const cells = "error" in marked ? { approve: "", against: "", abstain: "", blank: "", unreadable: "" } : marked;
  const lineColumns = setup.lines.map((_, i) => i + 1);
  const layout = { file: "", serialColumn: null, voidColumn: 0, lineColumns, lines: setup.lines };
  const tally = startCount(layout, markVocabulary(setup.rules), entryPolicy(setup));
  ballots.forEach((b, i) => countBallot(tally, ballotRow(i + 1, 1, b, cells).slice(1), i + 2));
  const count = finishCount(tally, setup.round, 0).value;
  const lines = count.totals.map((t) => ({ approve: t.approve, against: t.against, abstain: t.abstain }));
  return { valid: count.valid, void: count.void, voidByReason: count.voidByReason, lines };
}

/** Where two entries of one pile differ, as data (io/entry-screen.ts words it). */
export type EntryDifference =
  | { seq: null; kind: "returned"; first: number | null; second: number | null }
  | { seq: null; kind: "count"; first: number; second: number }
  | { seq: number; kind: "void"; first: boolean; second: boolean }
  | { seq: number; kind: "marks"; lines: { id: string; name: string; first: EntryMark; second: EntryMark }[] }
  | { seq: number; kind: "only"; pass: EntryPass; ballot: { void: boolean; marks: { id: string; mark: EntryMark }[] } };

type Entered = Pick<EntryState, "ballots" | "returned">;

/** Every ballot where the two independent entries of one pile differ. */
export function compareEntries(setup: EntrySetup, first: Entered, second: Entered): EntryDifference[] {
  const out: EntryDifference[] = [];
  if (first.returned !== second.returned) {
    out.push({ seq: null, kind: "returned", first: first.returned, second: second.returned });
  }
  const [a, b] = [first.ballots, second.ballots];
  if (a.length !== b.length) out.push({ seq: null, kind: "count", first: a.length, second: b.length });
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (!x || !y) {
      const only = (x ?? y)!;
      const marks = only.marks.map((mark, j) => ({ id: setup.lines[j]!.id, mark }));
      out.push({ seq: i + 1, kind: "only", pass: x ? "first" : "second", ballot: { void: only.void, marks } });
    } else if (x.void !== y.void) {
      out.push({ seq: i + 1, kind: "void", first: x.void, second: y.void });
    } else if (!x.void) {
      const lines = x.marks.flatMap((m, j) => (m === y.marks[j] ? []
        : [{ id: setup.lines[j]!.id, name: setup.lines[j]!.name, first: m, second: y.marks[j]! }]));
      if (lines.length > 0) out.push({ seq: i + 1, kind: "marks", lines });
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
  const approveOnly = setup.ballot === "approve-only";
  const columns: CountColumn[] = approveOnly ? ["approve", "abstain"] : ["approve", "against", "abstain"];
  return [
    { key: "returned", column: "returned", line: null },
    { key: "void", column: "void", line: null },
    ...setup.lines.flatMap((c, i) => columns.map((column) => ({ key: `${c.id}:${column}`, column, line: i }))),
  ];
}

export const countRecordSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("start"), version: z.number(), kind: z.literal("counts"), round: z.number().int(), pass: passSchema,
    lines: z.array(z.string()), ballot: ballotSchema, date: z.string().optional(),
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

export function countStartRecord(setup: EntrySetup): CountRecord {
  const { round, pass, ballot } = setup;
  return { type: "start", version: 1, kind: "counts", round, pass, lines: setup.lines.map((c) => c.id), ballot, date: setup.date };
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
  atLine(1, () => checkStart(setup, start));
  const fields = countFields(setup);
  for (const [i, r] of rest.entries()) state = atLine(i + 2, () => countRecord(setup, fields, state, r));
  return state.done ? state : takenUp(state);
}

/** One count record after the start, applied to the form. */
function countRecord(setup: EntrySetup, fields: ReturnType<typeof countFields>, state: CountState, r: CountRecord): CountState {
  if (r.type === "start") throw new EntryJournalError("start-twice");
  if (r.type === "value") {
    if (!fields.some((f) => f.key === r.field)) throw new EntryJournalError("field", { field: r.field });
    return { ...state, values: { ...state.values, [r.field]: r.value }, done: false };
  }
  if (firstMissing(setup, state.values) < fields.length) {
    throw new EntryJournalError("done", { count: "—", actual: Object.keys(state.values).length });
  }
  return { ...state, done: true };
}

/**
 * A form taken up again goes on where it was left: at a line typed in full that does not add up (sent back
 * when it was closed, and not typed again yet), if there is one before the first empty figure.
 */
function takenUp(state: CountState): CountState {
  const missing = firstMissing(state.setup, state.values);
  const typed = (line: number) => countFields(state.setup).every((f) => f.line !== line || state.values[f.key] !== undefined);
  const off = state.setup.lines.map((_, i) => lineSum(state, state.values, i)).find((l, i) => l.off && typed(i));
  if (off === undefined || off.at > missing) return { ...state, at: missing };
  return sentBack(state, state.values, off).state;
}

/** 收回 − 无效, when both are in. */
export function countedValid(values: Record<string, number>): number | null {
  return values["returned"] !== undefined && values["void"] !== undefined ? values["returned"] - values["void"] : null;
}

/** Where a line's first figure is on the form, and whether its columns add up to 收回 − 无效. */
function lineSum(state: CountState, values: Record<string, number>, line: number) {
  const fields = countFields(state.setup);
  const own = fields.filter((f) => f.line === line);
  const sum = own.reduce((s, f) => s + (values[f.key] ?? 0), 0);
  const valid = countedValid(values);
  const at = fields.indexOf(own[0]!);
  return { id: state.setup.lines[line]!.id, sum, valid, at, off: valid !== null && sum !== valid };
}

/** The form sent back to a line whose columns do not add up to 收回 − 无效, with its sum. */
function sentBack(state: CountState, values: Record<string, number>, off: ReturnType<typeof lineSum>): { state: CountState } {
  return tell({ ...state, values, at: off.at, input: "", done: false }, "count-line-sum", { id: off.id, sum: off.sum, valid: off.valid! });
}

/** The form sent back to the first line that does not add up; null when all do. */
function backToLineOff(state: CountState, values: Record<string, number>): { state: CountState } | null {
  const off = state.setup.lines.map((_, i) => lineSum(state, values, i)).find((l) => l.off);
  return off ? sentBack(state, values, off) : null;
}

/** One key on the count form. Enter takes the typed figure (or keeps the one there); ⌫ on nothing goes back one. */
export function pressCountKey(state: CountState, key: string): KeyResult<CountState, CountRecord> {
  const fields = countFields(state.setup);
  if (["ctrl-c", "ctrl-d", "q", "Q"].includes(key)) return { ...tell(state, "count-paused"), exit: "quit" };
  if (/^\d$/.test(key) && state.at < fields.length) {
    return { state: { ...state, input: (state.input + key).slice(0, 7), notice: null } };
  }
  if (key === "backspace" && state.input !== "") return { state: { ...state, input: state.input.slice(0, -1) } };
  if (key === "backspace") return { state: { ...state, at: Math.max(0, state.at - 1), notice: null } };
  if (key === "escape") return { state: { ...state, input: "", notice: null } };
  // The review takes no figure: it says what it does take.
  if (key !== "enter") return tell(state, state.at >= fields.length ? "count-review-keys" : "count-digits");
  if (state.at >= fields.length) {
    // The review: the first line that does not add up is typed again.
    return backToLineOff(state, state.values) ?? { ...tell({ ...state, done: true }, "count-finished"), record: { type: "done" }, exit: "finished" };
  }
  const field = fields[state.at]!;
  const value = state.input === "" ? state.values[field.key] : Number(state.input);
  if (value === undefined) return tell(state, "count-digits");
  const values = { ...state.values, [field.key]: value };
  // As the ballot form asks for it: a round with no ballot returned is no count (tally refuses it, E_COUNTED_NONE),
  // unless none was issued: then 0 returned is what happened.
  if (field.column === "returned" && value === 0 && state.setup.issued !== 0) return tell({ ...state, input: "" }, "returned-positive");
  if (field.column === "void" && value > values["returned"]!) {
    return tell({ ...state, input: "" }, "count-void-over", { void: value, returned: values["returned"]! });
  }
  const record = { type: "value", field: field.key, value } as const;
  const journaled = state.values[field.key] === value ? {} : { record };
  // A line's last column closes it: its columns must add up to the valid ballots, or the line is typed again.
  const next = fields[state.at + 1];
  const closed = field.line !== null && next?.line !== field.line ? lineSum(state, values, field.line) : null;
  if (closed?.off) return { ...sentBack(state, values, closed), ...journaled };
  const { issued } = state.setup;
  // As the ballot screen does: more returned than issued voids the vote, so it is said at once (it may be a typo).
  const over = field.column === "returned" && issued !== null && value > issued ? say("count-returned-over", { returned: value, issued }) : null;
  // The clerk reads the sheet line by line (收回 and 无效 are its first line): within a line, Enter goes to
  // the line's next figure, even one already there (a line typed again, or gone back to with ⌫); past a
  // line's end, to the next figure if it is empty, else back to where the form was left: its first empty
  // figure, or, when every figure is in (a correction made from the review), the review's own check, which
  // sends the clerk to the first line that no longer adds up (a changed 无效 moves every line's sum).
  const missing = firstMissing(state.setup, values);
  const sameLine = next !== undefined && next.line === field.line;
  const at = sameLine || (next && values[next.key] === undefined) ? state.at + 1 : missing;
  const back = at >= fields.length ? backToLineOff(state, values) : null;
  if (back) return { ...back, ...journaled };
  const notice = at >= fields.length ? say("count-review") : over;
  return { state: { ...state, values, at, input: "", done: false, notice }, ...journaled };
}

/** The figures where two entries of one count sheet differ. */
export function compareCounts(setup: EntrySetup, first: CountState, second: CountState) {
  return countFields(setup).flatMap((field) => {
    const [a, b] = [first.values[field.key], second.values[field.key]];
    return a === b ? [] : [{ field, first: a, second: b }];
  });
}

/** A difference between the two entries as a diagnostic: its kind, ballot and marks as data. */
export function entryMismatch(d: EntryDifference, file: string, round: number): Diagnostic {
  const base = { kind: d.kind, seq: d.seq ?? 0, round };
  const params: Params = d.kind === "returned" || d.kind === "count" ? { ...base, first: d.first ?? "?", second: d.second ?? "?" }
    : d.kind === "void" ? { ...base, first: d.first ? 1 : 0, second: d.second ? 1 : 0 }
    : d.kind === "marks" ? {
      ...base, lines: d.lines.map((l) => `${l.id} ${l.name}`), firsts: d.lines.map((l) => l.first), seconds: d.lines.map((l) => l.second),
    }
    : { ...base, pass: d.pass, void: d.ballot.void ? 1 : 0, ids: d.ballot.marks.map((m) => m.id), marks: d.ballot.marks.map((m) => m.mark) };
  return error("E_ENTRY_MISMATCH", { file }, params);
}
