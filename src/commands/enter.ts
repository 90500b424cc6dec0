// piaojue enter: session-day entry of paper ballots at the keyboard (SPEC §9). The keys drive the pure
// state machine of core/entry.ts; every accepted ballot is in the journal, on disk, before the next key is
// taken. Two independent entries of one pile (first, --second) are compared, and ballots.csv is written
// into the session folder only when they agree.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { countBallotTable, parseCounts } from "../core/ballots.js";
import { error, errorText, warning, type Diagnostic } from "../core/diagnostics.js";
import {
  applyRecord, ballotRow, compareCounts, countFields, countRecordSchema, countStartRecord, EntryJournalError, compareEntries, initialState, journalRecordSchema, markCells,
  pressCountKey, pressKey, replay, replayCounts, runningTotals, startRecord, type CountRecord, type CountState, type EnteredBallot, type EntryExit, type EntryMark, type EntryPass, type EntrySetup, type EntryState, type JournalRecord,
} from "../core/entry.js";
import { formatCsv, parseCsvText, toTable } from "../io/csv.js";
import { countFieldLabel, countScreen, differenceText, ENTRY_MARK_LABELS, entryScreen } from "../io/entry-screen.js";
import { decodeKeys } from "../io/keys.js";
import { exists } from "../io/files.js";
import { Journal, JournalError, lockJournal, readJournal } from "../io/journal.js";
import { rewriteSession, SESSION_JSON } from "../io/session-edit.js";
import { linesForRound } from "./ballot.js";
import { displayPath, loadFolder, resolveDir, type LoadedFolder } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { ballotFileName, countsFileName, roundsPresent } from "./rounds.js";
import { pendingRound } from "./tally.js";

export const ENTRY_DIR = "entry";

export function journalName(round: number, pass: EntryPass): string {
  return `${ENTRY_DIR}/ballots-r${round}.${pass}.jsonl`;
}

export interface EntryTerminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  screen: { write(s: string): unknown; isTTY?: boolean };
}

export interface EnterOptions {
  dir?: string;
  round?: number;
  second?: boolean;
  force?: boolean;
  /** 收回票数, instead of typing it at the start. */
  returned?: number;
  /** Enter the count sheet's totals (a hand count) instead of the ballots one by one. */
  counts?: boolean;
  /** Corrections written into session.json instead of entering: 实到 and the round's 发出. */
  present?: number;
  issued?: number;
}

export interface EnterData {
  round: number;
  pass: EntryPass;
  journal: string;
  entered: number;
  returned: number | null;
  done: boolean;
  other: { pass: EntryPass; entered: number; done: boolean } | null;
  /** With --counts: the agreed figures, once both entries agree. */
  counts?: { returned: number; void: number; lines: { id: string; approve: number; against: number; abstain: number }[] } | null;
  /** Where the two entries differ, each as a line a clerk reads. */
  differences: { seq: number | null; message: string }[] | null;
  written: string | null;
}

/** Keys from a stream, one at a time; "ctrl-d" once the stream ends. */
class KeyReader {
  private queue: string[] = [];
  private waiting: ((key: string) => void) | null = null;
  private ended = false;
  private readonly decoder = new StringDecoder("utf8");
  private readonly onData = (chunk: Buffer | string) => this.push(decodeKeys(typeof chunk === "string" ? chunk : this.decoder.write(chunk)));
  private readonly onEnd = () => { this.ended = true; this.push(["ctrl-d"]); };
  private readonly raw: boolean;

  constructor(private readonly input: EntryTerminal["input"]) {
    this.raw = Boolean(input.isTTY && input.setRawMode);
    if (this.raw) input.setRawMode!(true);
    input.on("data", this.onData);
    input.on("end", this.onEnd);
    input.resume();
  }

  private push(keys: string[]): void {
    for (const k of keys) {
      if (this.waiting) { const w = this.waiting; this.waiting = null; w(k); } else this.queue.push(k);
    }
  }

  next(): Promise<string> {
    const k = this.queue.shift();
    if (k !== undefined) return Promise.resolve(k);
    if (this.ended) return Promise.resolve("ctrl-d");
    return new Promise((resolve) => { this.waiting = resolve; });
  }

  close(): void {
    this.input.removeListener("data", this.onData);
    this.input.removeListener("end", this.onEnd);
    if (this.raw) this.input.setRawMode!(false);
    this.input.pause();
  }
}

function drawLines(term: EntryTerminal, lines: string[]): void {
  // A terminal is redrawn in place; anything else (a log, a test) gets one screen after another.
  term.screen.write((term.screen.isTTY ? "\x1b[H\x1b[2J" : "\n") + lines.join("\n") + "\n");
}

/**
 * What comes before the keys of an entry, ballots or count sheet alike: with both passes already done,
 * they are compared without asking for any key (and that is the answer unless they differ and a terminal
 * can put them right); without a terminal nothing is entered; one terminal at a time holds the lock.
 */
async function openEntry(
  compareDone: (() => Promise<Outcome<EnterData>>) | null, term: EntryTerminal | null, journalFile: string, journalLabel: string, env: CommandEnv,
): Promise<{ outcome: Outcome<EnterData> } | { lock: { release: () => Promise<void> }; term: EntryTerminal }> {
  if (compareDone) {
    const outcome = await compareDone();
    if (outcome.exitCode === EXIT.ok || !term || (outcome.data?.differences ?? []).length === 0) return { outcome };
  }
  if (!term) {
    return { outcome: { command: "enter", exitCode: EXIT.usage, warnings: [], error: { code: "E_USAGE", failure: { why: "entry-needs-terminal" }, diagnostics: [] }, report: [] } };
  }
  const lock = await lockJournal(journalFile);
  if ("heldBy" in lock) {
    return { outcome: failed("enter", [error("E_ENTRY_BUSY", { file: journalLabel }, { pid: lock.heldBy, lock: displayPath(env, lock.lock) })], { why: "entry-busy" }) };
  }
  return { lock, term };
}

/**
 * The keyboard loop of an entry, ballots or count sheet alike: every key goes through `press`, and what
 * it confirms is journaled (and on disk) before the screen is redrawn, so a crash loses nothing shown.
 */
async function keyLoop<S, R>(
  term: EntryTerminal, journal: Journal<R>, start: S,
  press: (state: S, key: string) => { state: S; record?: R | undefined; exit?: EntryExit | undefined },
  screen: (state: S) => string[],
): Promise<{ state: S; exit: EntryExit }> {
  const keys = new KeyReader(term.input);
  try {
    let state = start;
    drawLines(term, screen(state));
    for (;;) {
      const result = press(state, await keys.next());
      if (result.record) await journal.append(result.record);
      state = result.state;
      drawLines(term, screen(state));
      if (result.exit) return { state, exit: result.exit };
    }
  } finally {
    keys.close();
  }
}

interface PassState {
  state: EntryState;
  exists: boolean;
}

async function readPass(dir: string, setup: EntrySetup): Promise<PassState> {
  const { records, exists: found } = await readJournal(path.join(dir, journalName(setup.round, setup.pass)), journalRecordSchema);
  return { state: replay(setup, records), exists: found };
}

function describe(b: EnteredBallot): string {
  return b.void ? "整张作废" : b.marks.map((m: EntryMark) => ENTRY_MARK_LABELS[m]).join(" ");
}

/** The round's ballot file from an agreed entry; checked by reading it back the way tally will. */
export function ballotsCsv(setup: EntrySetup, ballots: readonly EnteredBallot[]): string {
  const cells = markCells(setup.rules);
  if ("error" in cells) throw new Error(`rules.marks.${cells.error}: every mark starts with = + - @`);
  const width = Math.max(3, String(ballots.length).length);
  return formatCsv(["票号", "作废", ...setup.lines.map((c) => c.id)], ballots.map((b, i) => ballotRow(i + 1, width, b, cells)));
}

async function writeNew(file: string, content: string, force: boolean): Promise<boolean> {
  const tmp = `${file}.tmp-${process.pid}`;
  const h = await fs.open(tmp, "w");
  try { await h.writeFile(content); await h.sync(); } finally { await h.close(); }
  try {
    if (force) await fs.rename(tmp, file);
    else {
      // link() refuses an existing target, so a file that appeared meanwhile is not replaced either.
      await fs.link(tmp, file);
      await fs.rm(tmp);
    }
    return true;
  } catch (e) {
    await fs.rm(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

export async function runEnter(opts: EnterOptions, env: CommandEnv, terminal: EntryTerminal | null): Promise<Outcome<EnterData>> {
  const dir = resolveDir(env, opts.dir);
  // Keys come from a person at a terminal only: piped input would be taken for counts nobody typed.
  const term = terminal?.input.isTTY ? terminal : null;
  const pass: EntryPass = opts.second ? "second" : "first";
  const otherPass: EntryPass = opts.second ? "first" : "second";
  const loaded = await loadFolder(dir, env.encoding);
  if (!loaded.value) return failed("enter", loaded.diagnostics);
  const folder = loaded.value;
  if (opts.present !== undefined && opts.issued === undefined) return setSessionFigures(opts, env, dir, null);
  const pending = opts.round === undefined ? await pendingRound(folder) : { round: opts.round };
  // With no round pending, a correction of 发出 is for the last round counted.
  if (opts.issued !== undefined) return setSessionFigures(opts, env, dir, "round" in pending ? pending.round : pending.last);
  if (!("round" in pending)) return failed("enter", pending.diagnostics);
  const round = pending.round;
  const r = await linesForRound(folder, round);
  // The next round's hint names the command that was run.
  if (!r.value) return failed("enter", r.diagnostics.map((d) => (d.code === "E_ROUND_NOT_NEXT" ? { ...d, params: { ...d.params, command: "enter" } } : d)));
  const cells = markCells(folder.rules);
  const target = ballotFileName(round);
  if ("error" in cells) return failed("enter", [error("E_MARKS", { file: "session.json" }, { list: cells.error })]);
  const setup: EntrySetup = {
    title: folder.session.title, round, pass, lines: r.value.lines, ballot: folder.rules.ballot,
    maxApprovals: r.value.maxApprovals, issued: r.value.issued, rules: folder.rules,
  };
  const otherSetup: EntrySetup = { ...setup, pass: otherPass };
  if (opts.counts) return runCountEntry(opts, env, term, dir, folder, setup, otherSetup);
  const journalFile = path.join(dir, journalName(round, pass));
  const journalLabel = journalName(round, pass);
  const notes: Diagnostic[] = [];

  let other: PassState;
  let mine: PassState;
  try {
    other = await readPass(dir, otherSetup);
    mine = await readPass(dir, setup);
  } catch (e) {
    return journalFailure(e, journalLabel);
  }

  const finish = async (state: EntryState, paused: boolean): Promise<Outcome<EnterData>> => {
    const data: EnterData = {
      round, pass, journal: journalLabel, entered: state.ballots.length, returned: state.returned, done: state.done,
      other: other.exists ? { pass: otherPass, entered: other.state.ballots.length, done: other.state.done } : null,
      differences: null, written: null,
    };
    const who = pass === "first" ? "第一次录入" : "第二次录入";
    if (!state.done) {
      return { command: "enter", exitCode: EXIT.ok, data, warnings: notes, report: [
        `${who}${paused ? "已暂停" : "未完成"}：已录入 ${state.ballots.length} 张${state.returned !== null ? ` / 收回 ${state.returned} 张` : ""}，都已保存在 ${journalLabel}。`,
        `接着录入：piaojue enter ${displayPath(env, dir)}${round > 1 ? ` --round ${round}` : ""}${opts.second ? " --second" : ""}`,
      ] };
    }
    if (!other.state.done) {
      const cmd = `piaojue enter ${displayPath(env, dir)}${round > 1 ? ` --round ${round}` : ""}${opts.second ? "" : " --second"}`;
      return { command: "enter", exitCode: EXIT.ok, data, warnings: notes, report: [
        `${who}完成：共 ${state.ballots.length} 张。`,
        `请另一位工作人员把同一叠票按同样顺序再独立录入一次：${cmd}。两次一致后写出 ${target}。`,
      ] };
    }
    const [first, second] = pass === "first" ? [state, other.state] : [other.state, state];
    const differences = compareEntries(setup, first, second);
    data.differences = differences.map((d) => ({ seq: d.seq, message: differenceText(d) }));
    if (differences.length > 0) {
      const diagnostics = differences.map((d) => errorText("E_ENTRY_MISMATCH", { file: target }, differenceText(d), d.seq !== null ? `取出第 ${d.seq} 张纸质票核对；录错的那一次重新运行 piaojue enter${round > 1 ? ` --round ${round}` : ""}（或加 --second），按 g ${d.seq} 改正` : "核对收回票数和张数"));
      return { ...failed("enter", [...notes, ...diagnostics], { why: "entries-differ", params: { differences: differences.length, target } }), data, report: [`两次录入不一致（${differences.length} 处），逐张列在下面。`] };
    }
    const csv = ballotsCsv(setup, first.ballots);
    // The file must count exactly as entered: read it back with the tally's own reader.
    const check = countBallotTable(toTable(parseCsvText(csv.replace(/^\ufeff/, ""), target), target), setup.lines, folder.rules, round, setup.issued ?? first.ballots.length, round > 1 ? r.value!.seats ?? undefined : undefined);
    const expected = runningTotals(setup, first.ballots);
    if (!check.value || check.value.valid !== expected.valid || check.value.totals.some((t, i) => t.approve !== expected.lines[i]!.approve || t.against !== expected.lines[i]!.against)) {
      throw new Error(`写出的 ${target} 与录入的票数不符`);
    }
    if (await exists(path.join(dir, countsFileName(round)))) {
      return { ...failed("enter", [...notes, error("E_ROUND_TWICE", { file: countsFileName(round) }, { round, counts: countsFileName(round), entered: 1 })], { why: "entries-agree-counts-exist", params: { target } }), data };
    }
    const written = await writeNew(path.join(dir, target), csv, Boolean(opts.force));
    if (!written) {
      return { ...failed("enter", [...notes, error("E_EXISTS", { file: target }, { command: "enter", path: target, folder: displayPath(env, dir), round })], { why: "entries-agree-target-exists", params: { target } }), data };
    }
    data.written = target;
    const totals = runningTotals(setup, first.ballots);
    return { command: "enter", exitCode: EXIT.ok, data, warnings: notes, report: [
      `两次录入一致：${first.ballots.length} 张（有效 ${totals.valid}，无效 ${totals.void}）。`,
      `已写出 ${displayPath(env, path.join(dir, target))}。下一步：piaojue tally ${displayPath(env, dir)}`,
    ] };
  };

  const gate = await openEntry(mine.state.done && other.state.done ? () => finish(mine.state, false) : null, term, journalFile, journalLabel, env);
  if ("outcome" in gate) return gate.outcome;
  const { lock, term: keyboard } = gate;
  let journal: Journal<JournalRecord> | undefined;
  try {
    let opened;
    try {
      opened = await Journal.open(journalFile, journalRecordSchema);
    } catch (e) {
      return journalFailure(e, journalLabel);
    }
    journal = opened.journal;
    let state: EntryState;
    if (opened.records.length === 0) {
      await journal.append(startRecord(setup));
      state = initialState(setup);
    } else {
      try { state = replay(setup, opened.records); } catch (e) { return journalFailure(e, journalLabel); }
    }
    const resumed: string[] = [];
    if (opened.dropped !== null) {
      notes.push(warning("W_JOURNAL_TORN", { file: journalLabel }));
      resumed.push("上次中断时最后一条记录没写完整，已丢弃。");
    }
    if (state.ballots.length > 0) resumed.push(`接着上次：已录入 ${state.ballots.length} 张，上一张（第 ${state.ballots.length} 张）为：${describe(state.ballots[state.ballots.length - 1]!)}。`);
    if (state.returned === null && opts.returned !== undefined) {
      const record: JournalRecord = { type: "returned", value: opts.returned };
      await journal.append(record);
      state = applyRecord(state, record);
    }
    if (state.done) {
      const diffs = other.state.done ? compareEntries(setup, pass === "first" ? state : other.state, pass === "first" ? other.state : state) : [];
      resumed.push(diffs.length > 0 ? `与另一次录入有 ${diffs.length} 处不一致：${diffs.slice(0, 3).map(differenceText).join("；")}${diffs.length > 3 ? "……" : ""}。按 g 改正录错的票，改好后按 Enter 完成。` : "本次录入已完成。按 g 可改某一张，按 Enter 重新确认完成，q 退出。");
    }
    if (!opts.force && (await exists(path.join(dir, target)))) resumed.push(`注意：会议文件夹里已有 ${target}，两次录入一致后也不会覆盖它（除非加 --force）。`);
    state = { ...state, notice: { key: "resumed", params: { lines: resumed.length > 0 ? resumed : [state.returned === null ? "先输入收回的票数，按 Enter" : `请录入第 ${state.ballots.length + 1} 张`] } } };
    const entered = await keyLoop(keyboard, journal, state, pressKey, entryScreen);
    state = entered.state;
    const exit = entered.exit;
    await journal.close();
    journal = undefined;
    await lock.release();
    if (exit === "finished") {
      try { other = await readPass(dir, otherSetup); } catch (e) { return journalFailure(e, journalName(round, otherPass)); }
    }
    return await finish(state, exit === "quit");
  } finally {
    await journal?.close();
    await lock.release();
  }
}

/** 实到 (deputies.present) and the round's 发出 (issued[K-1]) corrected in session.json, nothing else touched. */
async function setSessionFigures(opts: EnterOptions, env: CommandEnv, dir: string, round: number | null): Promise<Outcome<EnterData>> {
  const said: string[] = [];
  const r = await rewriteSession(dir, (session) => {
    const deputies = session["deputies"] as Record<string, unknown> | undefined;
    if (opts.present !== undefined && deputies && typeof deputies === "object") {
      said.push(`实到人数 ${String(deputies["present"])} → ${opts.present}`);
      deputies["present"] = opts.present;
    }
    const issued = session["issued"];
    if (opts.issued !== undefined && round !== null && Array.isArray(issued)) {
      said.push(`第 ${round} 轮发出票数 ${issued[round - 1] ?? "（无）"} → ${opts.issued}`);
      // A later round's figure comes after the earlier ones: a gap would be a null the schema refuses.
      issued[round - 1] = opts.issued;
    }
  });
  if (r.diagnostics.length > 0) return failed("enter", r.diagnostics);
  return { command: "enter", exitCode: EXIT.ok, warnings: [], report: [
    r.changed ? `已改写 ${displayPath(env, path.join(dir, SESSION_JSON))}：${said.join("；")}。其他内容未变。` : `${SESSION_JSON} 中已是这些数，未改动。`,
  ] };
}

function journalFailure(e: unknown, label: string): Outcome<never> {
  if (e instanceof JournalError) {
    return failed("enter", [error("E_JOURNAL", { file: label, line: e.line }, { problem: "line", line: e.line })], { why: "journal-damaged" });
  }
  if (e instanceof EntryJournalError) {
    return failed("enter", [error("E_JOURNAL", { file: label }, { problem: e.problem, ...e.params })], { why: "journal-mismatch" });
  }
  throw e;
}

export function countsJournalName(round: number, pass: EntryPass): string {
  return `${ENTRY_DIR}/counts-r${round}.${pass}.jsonl`;
}

async function readCountPass(dir: string, setup: EntrySetup): Promise<{ state: CountState; exists: boolean }> {
  const { records, exists: found } = await readJournal(path.join(dir, countsJournalName(setup.round, setup.pass)), countRecordSchema);
  return { state: replayCounts(setup, records), exists: found };
}

/** The agreed count sheet as counts.csv rows and session.json's counted figures. */
function agreedCounts(setup: EntrySetup, values: Record<string, number>): NonNullable<EnterData["counts"]> {
  const v = (key: string) => values[key] ?? 0;
  return { returned: v("returned"), void: v("void"), lines: setup.lines.map((c) => ({ id: c.id, approve: v(`${c.id}:approve`), against: v(`${c.id}:against`), abstain: v(`${c.id}:abstain`) })) };
}

/**
 * enter --counts: the totals of a hand count (计票单) typed in twice by two clerks, journaled figure by
 * figure; when both entries agree, counts.csv (counts-rK.csv) is written and session.json's counted[K-1]
 * set to the 收回 and 无效 figures.
 */
async function runCountEntry(opts: EnterOptions, env: CommandEnv, term: EntryTerminal | null, dir: string, folder: LoadedFolder, setup: EntrySetup, otherSetup: EntrySetup): Promise<Outcome<EnterData>> {
  const { round, pass } = setup;
  const otherPass = otherSetup.pass;
  const journalLabel = countsJournalName(round, pass);
  const journalFile = path.join(dir, journalLabel);
  const target = countsFileName(round);
  const resume = (second: boolean) => `piaojue enter ${displayPath(env, dir)} --counts${round > 1 ? ` --round ${round}` : ""}${second ? " --second" : ""}`;
  let other: { state: CountState; exists: boolean };
  let mine: { state: CountState; exists: boolean };
  try {
    other = await readCountPass(dir, otherSetup);
    mine = await readCountPass(dir, setup);
  } catch (e) {
    return journalFailure(e, journalLabel);
  }

  const finish = async (state: CountState, paused: boolean): Promise<Outcome<EnterData>> => {
    const data: EnterData = {
      round, pass, journal: journalLabel, entered: Object.keys(state.values).length, returned: state.values["returned"] ?? null, done: state.done,
      other: other.exists ? { pass: otherPass, entered: Object.keys(other.state.values).length, done: other.state.done } : null,
      differences: null, written: null, counts: null,
    };
    const who = pass === "first" ? "第一次录入" : "第二次录入";
    if (!state.done) {
      return { command: "enter", exitCode: EXIT.ok, data, warnings: [], report: [
        `计票单${who}${paused ? "已暂停" : "未完成"}：已录入 ${data.entered} 个数，都已保存在 ${journalLabel}。`,
        `接着录入：${resume(Boolean(opts.second))}`,
      ] };
    }
    if (!other.state.done) {
      return { command: "enter", exitCode: EXIT.ok, data, warnings: [], report: [
        `计票单${who}完成。`,
        `请另一位工作人员对照同一张计票单再独立录入一次：${resume(!opts.second)}。两次一致后写出 ${target}，并把收回、无效票数写入 session.json。`,
      ] };
    }
    const [first, second] = pass === "first" ? [state, other.state] : [other.state, state];
    const differences = compareCounts(setup, first, second);
    if (differences.length > 0) {
      data.differences = differences.map((d) => ({ seq: null, message: `${countFieldLabel(setup, d.field)}：第一次 ${d.first ?? "?"}，第二次 ${d.second ?? "?"}` }));
      const diagnostics = differences.map((d) => error("E_COUNTS_DIFFER", { file: target }, { field: countFieldLabel(setup, d.field), first: d.first ?? "?", second: d.second ?? "?", command: resume(false) }));
      return { ...failed("enter", diagnostics, { why: "entries-differ", params: { differences: differences.length, target } }), data, report: [`两次录入的计票单不一致（${differences.length} 处），逐项列在下面。`] };
    }
    const counts = agreedCounts(setup, first.values);
    const csv = formatCsv(["编号", "赞成", "反对", "弃权"], counts.lines.map((l) => [l.id, String(l.approve), String(l.against), String(l.abstain)]));
    // The file must count exactly as entered: read it back with the tally's own reader.
    const check = parseCounts(toTable(parseCsvText(csv.replace(/^\ufeff/, ""), target), target), setup.lines, folder.rules, round, setup.issued ?? counts.returned, { returned: counts.returned, void: counts.void }, SESSION_JSON, round > 1 ? setup.maxApprovals ?? undefined : undefined);
    if (!check.value) return { ...failed("enter", check.diagnostics), data };
    if (await exists(path.join(dir, ballotFileName(round)))) {
      return { ...failed("enter", [error("E_COUNTS_BALLOTS_EXIST", { file: ballotFileName(round) }, { ballots: ballotFileName(round) })], { why: "entries-agree-counts-exist", params: { target } }), data };
    }
    if (!opts.force && (await exists(path.join(dir, target)))) {
      return { ...failed("enter", [error("E_EXISTS", { file: target }, { command: "enter", path: target, folder: displayPath(env, dir), round, counts: 1 })], { why: "entries-agree-target-exists", params: { target } }), data };
    }
    // counted first: without its counts file it changes no count, while a counts file without it would not tally.
    const rewritten = await rewriteSession(dir, (session) => {
      const counted = Array.isArray(session["counted"]) ? (session["counted"] as unknown[]) : [];
      while (counted.length < round - 1) counted.push(null);
      counted[round - 1] = { returned: counts.returned, void: counts.void };
      session["counted"] = counted;
    });
    if (rewritten.diagnostics.length > 0) return { ...failed("enter", rewritten.diagnostics), data };
    if (!(await writeNew(path.join(dir, target), csv, Boolean(opts.force)))) {
      return { ...failed("enter", [error("E_EXISTS", { file: target }, { command: "enter", path: target, folder: displayPath(env, dir), round, counts: 1 })], { why: "entries-agree-target-exists", params: { target } }), data };
    }
    data.written = target;
    data.counts = counts;
    return { command: "enter", exitCode: EXIT.ok, data, warnings: [], report: [
      `两次录入的计票单一致：收回 ${counts.returned} 张，无效 ${counts.void} 张。`,
      `已写出 ${displayPath(env, path.join(dir, target))}，并在 ${SESSION_JSON} 的 counted 中写入第 ${round} 轮的收回、无效票数。下一步：piaojue tally ${displayPath(env, dir)}`,
    ] };
  };

  const gate = await openEntry(mine.state.done && other.state.done ? () => finish(mine.state, false) : null, term, journalFile, journalLabel, env);
  if ("outcome" in gate) return gate.outcome;
  const { lock, term: keyboard } = gate;
  let journal: Journal<CountRecord> | undefined;
  try {
    let opened;
    try {
      opened = await Journal.open(journalFile, countRecordSchema);
    } catch (e) {
      return journalFailure(e, journalLabel);
    }
    journal = opened.journal;
    if (opened.records.length === 0) await journal.append(countStartRecord(setup));
    let state: CountState;
    try { state = replayCounts(setup, opened.records); } catch (e) { return journalFailure(e, journalLabel); }
    const warnings: Diagnostic[] = opened.dropped !== null ? [warning("W_JOURNAL_TORN", { file: journalLabel })] : [];
    if (state.done) state = { ...state, at: countFields(setup).length, notice: { key: "count-review" } };
    const entered = await keyLoop(keyboard, journal, state, pressCountKey, countScreen);
    state = entered.state;
    const exit = entered.exit;
    await journal.close();
    journal = undefined;
    await lock.release();
    if (exit === "finished") {
      try { other = await readCountPass(dir, otherSetup); } catch (e) { return journalFailure(e, countsJournalName(round, otherPass)); }
    }
    const outcome = await finish(state, exit === "quit");
    return { ...outcome, warnings: [...warnings, ...outcome.warnings] };
  } finally {
    await journal?.close();
    await lock.release();
  }
}
