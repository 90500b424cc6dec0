// Keyboard entry of paper ballots as they are read out (唱票), as a pure state machine: a key goes in, the
// next state comes out with at most one journal record to make durable before the next key is taken.
// The journal is the entry: replaying its records gives back exactly the state it was written from.
import { DEFAULT_MARKS, markVocabulary, RoundTally, VOID_REASONS, type BallotPolicy, type VoidReason } from "./ballots.js";
import type { Candidate } from "./candidates.js";
import type { Rules } from "./session.js";

/** What the reader calls out for one line of a ballot. */
export type EntryMark = "approve" | "against" | "abstain" | "blank" | "unreadable";
export type EntryPass = "first" | "second";

export const ENTRY_MARK_LABELS: Record<EntryMark, string> = {
  approve: "赞成",
  against: "反对",
  abstain: "弃权",
  blank: "未划",
  unreadable: "无法辨认",
};

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

export type JournalRecord =
  | { type: "start"; version: 1; round: number; pass: EntryPass; lines: string[]; ballot: Rules["ballot"]; maxApprovals: number | null }
  | { type: "returned"; value: number }
  | { type: "ballot"; seq: number; void: boolean; marks: EntryMark[] }
  | { type: "undo"; seq: number }
  | { type: "done"; count: number };

/** A journal that cannot be replayed onto this session (a record out of place, another ballot layout). */
export class EntryJournalError extends Error {
  constructor(message: string) {
    super(message);
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
  notice: string;
  done: boolean;
}

export type EntryExit = "quit" | "finished";

export interface KeyResult {
  state: EntryState;
  record?: JournalRecord;
  exit?: EntryExit;
}

/** The keys, in two lines: marks, then what to do with the ballot. */
export function keyHelp(setup: Pick<EntrySetup, "ballot">): [string, string] {
  const marks = setup.ballot === "approve-only" ? "1 赞成  0/空格 未划  4 无法辨认  * 整张作废" : "1 赞成  2 反对  3 弃权  0/空格 未划  4 无法辨认  * 整张作废";
  return [marks, "Enter 确认  ⌫ 退一格  Esc 重录本张  - 撤销上一张  g 改第n张  r 改收回数  q 暂停退出"];
}

const MARK_KEYS: Record<string, EntryMark> = { "1": "approve", "2": "against", "3": "abstain", "0": "blank", " ": "blank", "4": "unreadable" };

export function startRecord(setup: EntrySetup): JournalRecord {
  return { type: "start", version: 1, round: setup.round, pass: setup.pass, lines: setup.lines.map((c) => c.id), ballot: setup.ballot, maxApprovals: setup.maxApprovals };
}

export function initialState(setup: EntrySetup): EntryState {
  return { setup, returned: null, ballots: [], current: [], voidPending: false, editing: null, mode: "returned", input: "", notice: "", done: false };
}

/** Why a journal cannot be replayed onto this setup, or null when it can. */
export function journalMismatch(setup: EntrySetup, start: JournalRecord): string | null {
  if (start.type !== "start") return "第一行不是录入的开头记录";
  if (start.version !== 1) return `录入记录的格式版本 ${String(start.version)} 不认识`;
  if (start.round !== setup.round || start.pass !== setup.pass) return "录入记录属于另一轮或另一次录入";
  const ids = setup.lines.map((c) => c.id);
  if (start.lines.length !== ids.length || start.lines.some((id, i) => id !== ids[i])) {
    return `录入记录中的项目顺序（${start.lines.join("、")}）与现在的表决票（${ids.join("、")}）不同`;
  }
  if (start.ballot !== setup.ballot || start.maxApprovals !== setup.maxApprovals) return "录入开始后表决票的形式或限选数改变了";
  return null;
}

function ready(state: EntryState): EntryState {
  return { ...state, current: [], voidPending: false, editing: null, mode: state.returned === null ? "returned" : "marks", input: "" };
}

function isMark(m: unknown): m is EntryMark {
  return typeof m === "string" && m in ENTRY_MARK_LABELS;
}

/** Applies one journal record (replay, or right after it was written). Throws on a record that cannot follow. */
export function applyRecord(state: EntryState, record: JournalRecord): EntryState {
  const n = state.ballots.length;
  switch (record.type) {
    case "start":
      throw new EntryJournalError("开头记录重复出现");
    case "returned":
      if (!Number.isInteger(record.value) || record.value < 1) throw new EntryJournalError(`收回票数 ${String(record.value)} 不是正整数`);
      return { ...ready(state), returned: record.value, mode: "marks", done: false };
    case "ballot": {
      const { seq } = record;
      if (!Number.isInteger(seq) || seq < 1 || seq > n + 1) throw new EntryJournalError(`票的序号 ${String(seq)} 不连续（已有 ${n} 张）`);
      if (!Array.isArray(record.marks) || record.marks.length !== state.setup.lines.length || !record.marks.every(isMark)) throw new EntryJournalError(`第 ${seq} 张票的项目数与表决票不符`);
      const ballots = [...state.ballots];
      ballots[seq - 1] = { void: record.void === true, marks: [...record.marks] };
      return { ...ready(state), ballots, done: false };
    }
    case "undo":
      if (record.seq !== n || n === 0) throw new EntryJournalError(`撤销的是第 ${String(record.seq)} 张，但最后一张是第 ${n} 张`);
      return { ...ready(state), ballots: state.ballots.slice(0, -1), done: false };
    case "done":
      if (record.count !== n) throw new EntryJournalError(`完成记录写的是 ${String(record.count)} 张，实际 ${n} 张`);
      return { ...ready(state), done: true };
  }
}

/** Replays a journal (its first record is the start record) into a state. */
export function replay(setup: EntrySetup, records: readonly JournalRecord[]): EntryState {
  const [start, ...rest] = records;
  if (!start) return initialState(setup);
  const mismatch = journalMismatch(setup, start);
  if (mismatch) throw new EntryJournalError(mismatch);
  let state = initialState(setup);
  for (const r of rest) state = applyRecord(state, r);
  return state;
}

/** Splits raw terminal input into keys: printable characters, "enter", "backspace", "escape", "ctrl-c", "ctrl-d". */
export function decodeKeys(chunk: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const ch = chunk[i]!;
    if (ch === "\x1b") {
      const next = chunk[i + 1];
      if (next === "[" || next === "O") {
        // An escape sequence (arrow, function key): skipped whole, it means nothing here.
        let j = i + 2;
        while (j < chunk.length && !/[A-Za-z~]/.test(chunk[j]!)) j++;
        i = j;
        continue;
      }
      keys.push("escape");
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\n" && chunk[i - 1] === "\r") continue;
      keys.push("enter");
    } else if (ch === "\x7f" || ch === "\b") keys.push("backspace");
    else if (ch === "\x03") keys.push("ctrl-c");
    else if (ch === "\x04") keys.push("ctrl-d");
    else if (ch >= " ") keys.push(ch);
  }
  return keys;
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

const VERDICT_NOTES: Record<VoidReason, string> = {
  "marked-void": "本票整张作废",
  unreadable: "有无法辨认的符号，按票决办法本票无效",
  "over-approval": "赞成超过限选数，按票决办法本票无效",
  blank: "空白票，按票决办法本票无效",
};

function reviewNotice(state: EntryState, marks: EntryMark[], isVoid: boolean): string {
  const { setup } = state;
  const which = state.editing !== null ? `改第 ${state.editing + 1} 张` : `第 ${state.ballots.length + 1} 张`;
  if (isVoid) return `${which}：整张作废。Enter 确认，⌫ 取消作废`;
  const count = (m: EntryMark) => marks.filter((x) => x === m).length;
  const parts = [`赞成 ${count("approve")}`];
  if (setup.ballot !== "approve-only") parts.push(`反对 ${count("against")}`, `弃权 ${count("abstain")}`);
  parts.push(`未划 ${count("blank")}`);
  if (count("unreadable") > 0) parts.push(`无法辨认 ${count("unreadable")}`);
  const verdict = ballotVerdict(setup, { void: false, marks });
  const limit = setup.maxApprovals !== null && verdict === "over-approval" ? `（限选 ${setup.maxApprovals} 个）` : "";
  return `${which}：${parts.join("，")}${verdict ? `。注意：${VERDICT_NOTES[verdict]}${limit}` : ""}。核对无误按 Enter 确认，⌫ 修改最后一项`;
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
    return { state: { ...state, notice: "已暂停。已确认的票都已保存，再次运行同一命令即可接着录入。" }, exit: "quit" };
  }
  const { setup } = state;
  const n = setup.lines.length;
  switch (state.mode) {
    case "returned": {
      if (/^\d$/.test(key)) return { state: { ...state, input: (state.input + key).slice(0, 6), notice: "" } };
      if (key === "backspace") return { state: { ...state, input: state.input.slice(0, -1) } };
      if (key === "escape" && state.returned !== null) return { state: { ...state, mode: "marks", input: "", notice: "收回票数未改" } };
      if (key === "q" || key === "Q") return { state: { ...state, notice: "已暂停。" }, exit: "quit" };
      if (key === "enter") {
        const value = positiveInt(state.input);
        if (value === null) return { state: { ...state, notice: "请输入收回的票数（正整数），再按 Enter" } };
        const next = applyRecord(state, { type: "returned", value });
        const warn = setup.issued !== null && value > setup.issued ? `注意：收回 ${value} 张多于发出 ${setup.issued} 张，按规定本次票决无效。` : "";
        return { state: { ...next, notice: `${warn}收回 ${value} 张。${next.ballots.length < value ? `请录入第 ${next.ballots.length + 1} 张。` : ""}` }, record: { type: "returned", value } };
      }
      return { state: { ...state, notice: "请输入收回的票数（数字），再按 Enter" } };
    }
    case "undo": {
      if (key === "enter") {
        const seq = state.ballots.length;
        const next = applyRecord(state, { type: "undo", seq });
        return { state: { ...next, notice: `已撤销第 ${seq} 张，请重新录入这一张` }, record: { type: "undo", seq } };
      }
      return { state: { ...state, mode: "marks", notice: "未撤销" } };
    }
    case "goto": {
      if (/^\d$/.test(key)) return { state: { ...state, input: (state.input + key).slice(0, 6) } };
      if (key === "backspace") return { state: { ...state, input: state.input.slice(0, -1) } };
      if (key === "escape" || key === "q" || key === "Q") return { state: { ...state, mode: "marks", input: "", notice: "未改票" } };
      if (key === "enter") {
        const k = positiveInt(state.input);
        if (k === null || k > state.ballots.length) return { state: { ...state, notice: `请输入 1–${state.ballots.length} 之间的票序号，再按 Enter` } };
        const old = state.ballots[k - 1]!;
        return { state: { ...state, mode: "marks", input: "", editing: k - 1, current: [], voidPending: false, notice: `改第 ${k} 张（原为：${old.void ? "作废" : old.marks.map((m) => ENTRY_MARK_LABELS[m]).join(" ")}）。请从第 1 项重新录入这张票，Esc 放弃修改` } };
      }
      return { state: { ...state, notice: "输入票序号（数字），Enter 确定，Esc 取消" } };
    }
    case "review": {
      if (key === "enter") {
        const seq = state.editing !== null ? state.editing + 1 : state.ballots.length + 1;
        const record: JournalRecord = { type: "ballot", seq, void: state.voidPending, marks: state.voidPending ? padMarks(state.current, n) : [...state.current] };
        const next = applyRecord(state, record);
        const left = next.returned !== null ? next.returned - next.ballots.length : 0;
        const notice = state.editing !== null
          ? `第 ${seq} 张已改正`
          : `第 ${seq} 张已录入${left > 0 ? `，请录入第 ${seq + 1} 张` : left === 0 ? "。收回的票已全部录入，按 Enter 完成本次录入" : `。注意：已录入 ${next.ballots.length} 张，多于收回的 ${next.returned ?? 0} 张`}`;
        return { state: { ...next, notice }, record };
      }
      if (key === "backspace") {
        if (state.voidPending) return { state: { ...state, voidPending: false, mode: state.current.length === n ? "review" : "marks", notice: state.current.length === n ? reviewNotice({ ...state }, state.current, false) : "已取消作废" } };
        return { state: { ...state, current: state.current.slice(0, -1), mode: "marks", notice: "" } };
      }
      if (key === "escape") return { state: { ...state, current: [], voidPending: false, mode: "marks", notice: "本张重新录入" } };
      if (key === "*") return { state: { ...state, voidPending: true, notice: reviewNotice(state, state.current, true) } };
      return { state: { ...state, notice: `${state.voidPending ? "整张作废" : "本张已录满"}：Enter 确认，⌫ 修改，Esc 重录本张` } };
    }
    case "marks": {
      const mark = MARK_KEYS[key];
      if (mark !== undefined) {
        if (allEntered(state)) return { state: { ...state, notice: `收回的 ${state.returned ?? 0} 张已全部录入。Enter 完成；若收回票数有误按 r 修改` } };
        if (setup.ballot === "approve-only" && (mark === "against" || mark === "abstain")) {
          return { state: { ...state, notice: "这张表决票只设赞成栏：1 赞成，0 或空格 未划" } };
        }
        const current = [...state.current, mark];
        if (current.length === n) return { state: { ...state, current, mode: "review", notice: reviewNotice(state, current, false) } };
        return { state: { ...state, current, notice: "" } };
      }
      if (key === "*") {
        if (allEntered(state)) return { state: { ...state, notice: `收回的 ${state.returned ?? 0} 张已全部录入` } };
        return { state: { ...state, voidPending: true, mode: "review", notice: reviewNotice(state, state.current, true) } };
      }
      if (key === "backspace") {
        if (state.current.length === 0) return { state: { ...state, notice: state.ballots.length > 0 && state.editing === null ? "本张还没有录入；要撤销上一张请按 -" : "" } };
        return { state: { ...state, current: state.current.slice(0, -1), notice: "" } };
      }
      if (key === "escape") {
        if (state.editing !== null) return { state: { ...state, editing: null, current: [], notice: `放弃修改第 ${state.editing + 1} 张` } };
        return { state: { ...state, current: [], notice: state.current.length > 0 ? "本张重新录入" : "" } };
      }
      if (key === "-") {
        if (state.current.length > 0 || state.editing !== null) return { state: { ...state, notice: "本张正在录入：先按 Esc 清空，再按 - 撤销上一张" } };
        if (state.ballots.length === 0) return { state: { ...state, notice: "还没有录入任何票" } };
        return { state: { ...state, mode: "undo", notice: `撤销第 ${state.ballots.length} 张？Enter 撤销，其他键取消` } };
      }
      if (key === "g" || key === "G") {
        if (state.current.length > 0) return { state: { ...state, notice: "本张正在录入：先按 Esc 清空，再按 g" } };
        if (state.ballots.length === 0) return { state: { ...state, notice: "还没有录入任何票" } };
        return { state: { ...state, mode: "goto", input: "", editing: null, notice: `改第几张？输入序号（1–${state.ballots.length}）后按 Enter，Esc 取消` } };
      }
      if (key === "r" || key === "R") {
        if (state.current.length > 0) return { state: { ...state, notice: "本张正在录入：先按 Esc 清空，再按 r" } };
        return { state: { ...state, mode: "returned", input: "", notice: `重新输入收回票数（现为 ${state.returned ?? "?"}），Enter 确定，Esc 取消` } };
      }
      if (key === "enter") {
        if (state.current.length > 0) return { state: { ...state, notice: `本张还差 ${n - state.current.length} 项没有录入` } };
        if (state.returned !== null && state.editing === null && state.ballots.length === state.returned) {
          const record: JournalRecord = { type: "done", count: state.ballots.length };
          return { state: { ...applyRecord(state, record), notice: `本次录入完成，共 ${state.ballots.length} 张` }, record, exit: "finished" };
        }
        if (state.returned !== null && state.ballots.length > state.returned) {
          return { state: { ...state, notice: `已录入 ${state.ballots.length} 张，多于收回的 ${state.returned} 张：按 - 撤销多录的票，或按 r 改正收回票数` } };
        }
        return { state: { ...state, notice: `还有 ${(state.returned ?? 0) - state.ballots.length} 张没有录入` } };
      }
      return { state: { ...state, notice: `“${key}”不是录入键。${keyHelp(setup)[0]}` } };
    }
  }
}

function padMarks(marks: readonly EntryMark[], n: number): EntryMark[] {
  return [...marks, ...new Array<EntryMark>(Math.max(0, n - marks.length)).fill("blank")].slice(0, n);
}

/** The cell a mark is written as in ballots.csv: the first mark of the session's own list that a spreadsheet keeps as text. */
export function markCells(rules: Pick<Rules, "marks">): Record<EntryMark, string> | { error: string } {
  const pick = (list: readonly string[], label: string): string | { error: string } => {
    const safe = list.find((m) => !/^[=+\-@\t\r]/.test(m));
    return safe ?? { error: `rules.marks.${label} 的每个符号都以 = + - @ 开头，写进 CSV 会被当成公式` };
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

export interface EntryDifference {
  /** 1-based ballot number, or null for a difference in the whole pile (count, returned). */
  seq: number | null;
  message: string;
}

function describeBallot(setup: EntrySetup, b: EnteredBallot | undefined): string {
  if (!b) return "（没有这一张）";
  if (b.void) return "整张作废";
  return b.marks.map((m, i) => `${setup.lines[i]!.id}=${ENTRY_MARK_LABELS[m]}`).join(" ");
}

/** Every ballot where the two independent entries of one pile differ. */
export function compareEntries(setup: EntrySetup, first: Pick<EntryState, "ballots" | "returned">, second: Pick<EntryState, "ballots" | "returned">): EntryDifference[] {
  const out: EntryDifference[] = [];
  if (first.returned !== second.returned) out.push({ seq: null, message: `收回票数不同：第一次录入 ${first.returned ?? "?"} 张，第二次录入 ${second.returned ?? "?"} 张` });
  if (first.ballots.length !== second.ballots.length) out.push({ seq: null, message: `录入张数不同：第一次 ${first.ballots.length} 张，第二次 ${second.ballots.length} 张` });
  const count = Math.max(first.ballots.length, second.ballots.length);
  for (let i = 0; i < count; i++) {
    const a = first.ballots[i];
    const b = second.ballots[i];
    if (a && b) {
      if (a.void !== b.void) {
        out.push({ seq: i + 1, message: `第 ${i + 1} 张：第一次${a.void ? "作废" : "未作废"}，第二次${b.void ? "作废" : "未作废"}` });
        continue;
      }
      if (a.void) continue;
      const diffs = a.marks.flatMap((m, j) => (m === b.marks[j] ? [] : [`${setup.lines[j]!.id} ${setup.lines[j]!.name}：第一次${ENTRY_MARK_LABELS[m]}，第二次${ENTRY_MARK_LABELS[b.marks[j]!]}`]));
      if (diffs.length > 0) out.push({ seq: i + 1, message: `第 ${i + 1} 张：${diffs.join("；")}` });
    } else {
      out.push({ seq: i + 1, message: `第 ${i + 1} 张只在${a ? "第一次" : "第二次"}录入中：${describeBallot(setup, a ?? b)}` });
    }
  }
  return out;
}
