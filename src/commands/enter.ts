// piaojue enter: session-day entry of paper ballots at the keyboard (SPEC §9). The keys drive the pure
// state machine of core/entry.ts; every accepted ballot is in the journal, on disk, before the next key is
// taken. Two independent entries of one pile (first, --second) are compared, and ballots.csv is written
// into the session folder only when they agree.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { countBallotTable, parseCounts, type LineTotals } from "../core/ballots.js";
import { meetingFactWarnings } from "../core/decide.js";
import { appendAll, error, warning, type Diagnostic } from "../core/diagnostics.js";
import {
  applyRecord, ballotRow, compareCounts, compareEntries, countFields, countRecordSchema, countStartRecord,
  EntryJournalError, entryMismatch, journalRecordSchema, markCells, pressCountKey, pressKey, replay, replayCounts, runningTotals, seqInHand,
  startRecord, type CountRecord, type CountState, type EnteredBallot, type EntryExit, type EntryMark, type EntryPass,
  type EntrySetup, type EntryState, type JournalRecord,
} from "../core/entry.js";
import { parseCsvText, formatCsv, toTable } from "../io/csv.js";
import {
  countFieldLabel, differenceText, droppedText, drawCounts, drawEntry, scrollRows, SCROLL_KEYS, type RowsScroll, type Screen, type ScreenSize,
  type ShownRows,
} from "../io/entry-screen.js";
import { ENTRY_MARK_LABELS } from "../messages/labels.js";
import { renderDiagnostic } from "../messages/render.js";
import { readSessionAudit } from "../io/audit-trail.js";
import { Journal, JournalError, JournalWriteError, lockJournal, readJournal, writeFailure, writeSynced, type RecordSchema } from "../io/journal.js";
import { decodeKeys, splitKeys } from "../io/keys.js";
import { removeDeadTemporaries, rewriteSession, SESSION_JSON } from "../io/session-edit.js";
import { linesForRound } from "./ballot.js";
import { planContext } from "./execute.js";
import { commandArg, displayPath, loadFolder, resolveDir, resolveOut, sessionAt, type LoadedFolder } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { printedBallotChanged } from "./printed.js";
import { ballotFileName, countsFileName, templateName } from "./rounds.js";
import { pendingRound, roundFlagRefused, roundPastLast, withNextCommands } from "./tally.js";

interface EntryTerminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** A terminal's size and its "resize" event, where it has them (a Node TTY stream does). */
  screen: {
    write(s: string): unknown;
    isTTY?: boolean;
    rows?: number;
    columns?: number;
    on?(event: "resize", listener: () => void): unknown;
    removeListener?(event: "resize", listener: () => void): unknown;
  };
}

interface EnterOptions {
  dir?: string;
  /** The output folder of the session's other commands: where `ballot` recorded what it printed. */
  out?: string | undefined;
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

interface EnterData {
  round: number;
  pass: EntryPass;
  journal: string;
  entered: number;
  returned: number | null;
  done: boolean;
  other: { pass: EntryPass; entered: number; done: boolean } | null;
  /** With --counts: the agreed figures, once both entries agree. */
  counts?: { returned: number; void: number; lines: LineTotals[] } | null;
  /** With --counts: the other figures session.json's counted held for the round, which the agreed ones replaced. */
  replacedCounted?: { returned: number; void: number };
  /** Where the two entries differ, each as a line a clerk reads. */
  differences: { seq: number | null; message: string; messageEn?: string }[] | null;
  written: string | null;
}

/**
 * How long an escape at the end of the input waits for the rest of an arrow's sequence (ESC [ A) before it
 * is taken for the Esc key, which empties the ballot in hand: a sequence split between two reads must not.
 */
const ESCAPE_WAIT_MS = 100;

/** Keys from the terminal, one at a time; "ctrl-d" once its input ends. */
async function* keysFrom(input: EntryTerminal["input"]): AsyncGenerator<string> {
  const raw = Boolean(input.isTTY && input.setRawMode);
  const decoder = new StringDecoder("utf8");
  const queue: string[] = [];
  let ended = false;
  let wake = () => {};
  let held = "";
  let waiting: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    clearTimeout(waiting);
    appendAll(queue, decodeKeys(held));
    held = "";
  };
  const onData = (chunk: Buffer | string) => {
    clearTimeout(waiting);
    const { keys, rest } = splitKeys(held + (typeof chunk === "string" ? chunk : decoder.write(chunk)));
    appendAll(queue, keys);
    held = rest;
    if (held) {
      waiting = setTimeout(() => {
        release();
        wake();
      }, ESCAPE_WAIT_MS);
    }
    wake();
  };
  const onEnd = () => {
    release();
    ended = true;
    wake();
  };
  if (raw) input.setRawMode!(true);
  input.on("data", onData);
  input.on("end", onEnd);
  input.resume();
  try {
    for (;;) {
      if (queue.length > 0) yield queue.shift()!;
      else if (ended) yield "ctrl-d";
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    clearTimeout(waiting);
    input.removeListener("data", onData);
    input.removeListener("end", onEnd);
    if (raw) input.setRawMode!(false);
    input.pause();
  }
}

/** Ballots one by one, or a count sheet's totals: what differs between the two kinds of entry. */
interface EntryKind<S, R> {
  journal: (round: number, pass: EntryPass) => string;
  /** The file in the session folder that two agreeing entries write. */
  target: (round: number) => string;
  schema: RecordSchema<R>;
  replay: (setup: EntrySetup, records: readonly R[]) => S;
  start: (setup: EntrySetup) => R;
  press: (state: S, key: string) => { state: S; record?: R | undefined; exit?: EntryExit | undefined };
  screen: (state: S, size?: ScreenSize, scroll?: RowsScroll | null) => Screen;
  /** How much of the pile or the sheet is in, and the 收回 entered. */
  entered: (state: S) => { entered: number; returned: number | null };
  /** What the data of this kind says besides. */
  data: Partial<EnterData>;
}

const BALLOTS: EntryKind<EntryState, JournalRecord> = {
  journal: (round, pass) => `entry/ballots-r${round}.${pass}.jsonl`,
  target: ballotFileName,
  schema: journalRecordSchema, replay, start: startRecord, press: pressKey, screen: drawEntry,
  entered: (s) => ({ entered: s.ballots.length, returned: s.returned }),
  data: {},
};

const COUNTS: EntryKind<CountState, CountRecord> = {
  journal: (round, pass) => `entry/counts-r${round}.${pass}.jsonl`,
  target: countsFileName,
  schema: countRecordSchema, replay: replayCounts, start: countStartRecord, press: pressCountKey, screen: drawCounts,
  entered: (s) => ({ entered: Object.keys(s.values).length, returned: s.values["returned"] ?? null }),
  data: { counts: null },
};

/** A pass's state as its journal holds it, and whether there is a journal at all. */
interface Pass<S> {
  state: S;
  exists: boolean;
}

/** How an entry ends: the data so far, this pass's state, the other pass's, and whether it was paused. */
type Finish<S> = (data: EnterData, mine: S, other: S, paused: boolean) => Promise<Outcome<EnterData>>;

/**
 * One pass of an entry, ballots or count sheet alike. With both passes already done, they are compared
 * without asking for any key (and that is the answer unless they differ and a terminal can put them right);
 * without a terminal nothing is entered; one terminal at a time holds the lock. What a key confirms is
 * journaled (and on disk) before the screen is redrawn, so a crash loses nothing shown.
 */
async function enterPass<S extends { done: boolean }, R>(
  kind: EntryKind<S, R>, setup: EntrySetup, dir: string, term: EntryTerminal | null, env: CommandEnv, again: string,
  finish: Finish<S>, resume: (state: S, torn: boolean, journal: Journal<R>, other: S) => Promise<S>,
): Promise<Outcome<EnterData>> {
  const otherSetup: EntrySetup = { ...setup, pass: setup.pass === "first" ? "second" : "first" };
  const label = kind.journal(setup.round, setup.pass);
  const read = async (s: EntrySetup): Promise<Pass<S>> => {
    const { records, exists } = await readJournal(path.join(dir, kind.journal(s.round, s.pass)), kind.schema);
    return { state: kind.replay(s, records), exists };
  };
  const end = (state: S, other: Pass<S>, paused: boolean) => {
    const { entered } = kind.entered(other.state);
    const data: EnterData = {
      round: setup.round, pass: setup.pass, journal: label, ...kind.entered(state), done: state.done,
      other: other.exists ? { pass: otherSetup.pass, entered, done: other.state.done } : null,
      differences: null, written: null, ...kind.data,
    };
    return finish(data, state, other.state, paused);
  };
  // A journal that cannot be read is named: this pass's, or the other's.
  const readOrFail = (s: EntrySetup) => read(s).catch((e: unknown) => journalFailure(e, kind.journal(s.round, s.pass)));
  let other = await readOrFail(otherSetup);
  if ("exitCode" in other) return other;
  const mine = await readOrFail(setup);
  if ("exitCode" in mine) return mine;
  if (mine.state.done && other.state.done) {
    const outcome = await end(mine.state, other, false);
    if (outcome.exitCode === EXIT.ok || !term || !outcome.data?.differences?.length) return outcome;
  }
  if (!term) {
    const target = kind.target(setup.round);
    const diagnostics = [error("E_ENTRY_TERMINAL", { file: target }, { target, ...("counts" in kind.data && { counts: 1 }) })];
    const refusal = { code: "E_USAGE", failure: { why: "entry-needs-terminal" }, diagnostics };
    return { command: "enter", exitCode: EXIT.usage, warnings: [], error: refusal, report: [] };
  }
  const journalFile = path.join(dir, label);
  const lock = await lockJournal(journalFile);
  if ("heldBy" in lock) {
    // Named within the session folder, as the journal is (and every file a message names).
    const params = { pid: lock.heldBy, lock: path.relative(dir, lock.lock).split(path.sep).join("/") };
    return failed("enter", [error("E_ENTRY_BUSY", { file: label }, params)], { why: "entry-busy" });
  }
  let journal: Journal<R> | undefined;
  let stopRedrawing = () => {};
  try {
    let state: S;
    let torn: boolean;
    try {
      const opened = await Journal.open(journalFile, kind.schema);
      journal = opened.journal;
      if (opened.records.length === 0) await journal.append(kind.start(setup));
      state = kind.replay(setup, opened.records);
      torn = opened.dropped !== null;
    } catch (e) {
      return journalFailure(e, label);
    }
    state = await resume(state, torn, journal, other.state);
    // A terminal is redrawn in place, fitted to its height (and again when it is resized); anything else
    // (a log, a test) gets one whole screen after another.
    const { screen } = term;
    const clear = screen.isTTY ? "\x1b[H\x1b[2J" : "\n";
    const size = (): ScreenSize | undefined => (screen.isTTY && screen.rows
      ? { rows: screen.rows, ...(screen.columns ? { columns: screen.columns } : {}) } : undefined);
    // The project rows the screen shows when not all fit, and where the clerk scrolled them (null: they
    // follow the line being typed). Scrolling is the screen's alone: the entry never sees those keys.
    let shown: ShownRows | null = null;
    let scroll: RowsScroll | null = null;
    const draw = () => {
      const drawn = kind.screen(state, size(), scroll);
      shown = drawn.shown;
      screen.write(clear + drawn.lines.join("\n") + "\n");
    };
    let exit: EntryExit | undefined;
    draw();
    if (screen.isTTY) screen.on?.("resize", draw);
    stopRedrawing = () => screen.removeListener?.("resize", draw);
    for await (const key of keysFrom(term.input)) {
      if (SCROLL_KEYS.has(key)) {
        if (shown) {
          scroll = scrollRows(shown, key);
          draw();
        }
        continue;
      }
      const result = kind.press(state, key);
      if (result.record) await journal.append(result.record);
      // A key that only has something said (no entry key) leaves the rows where they were scrolled.
      if (!onlySaid(state, result.state)) scroll = null;
      state = result.state;
      exit = result.exit;
      draw();
      if (exit) break;
    }
    stopRedrawing();
    await journal.close();
    journal = undefined;
    await lock.release();
    if (exit === "finished") {
      other = await readOrFail(otherSetup);
      if ("exitCode" in other) return other;
    }
    return await end(state, other, exit === "quit");
  } catch (e) {
    if (!(e instanceof JournalWriteError)) throw e;
    // What is on disk now is every record confirmed before this one (a torn last line is dropped on the next
    // start): read back, it is what the clerk is told is kept.
    const kept = await read(setup).then((p) => kind.entered(p.state).entered, () => 0);
    const params = { errno: e.errno, kept, again, ...("counts" in kind.data && { counts: 1 }) };
    return failed("enter", [error("E_WRITE_FILE", { file: label }, params)], { why: "write-failed" });
  } finally {
    stopRedrawing();
    await journal?.close();
    await lock.release();
  }
}

/** The second state is the first but for what the screen says (core/entry.ts keeps every other field as it was). */
function onlySaid<S extends object>(before: S, after: S): boolean {
  return (Object.keys(after) as (keyof S)[]).every((k) => k === "notice" || before[k] === after[k]);
}

function ok(data: EnterData, warnings: Diagnostic[], report: string[]): Outcome<EnterData> {
  return { command: "enter", exitCode: EXIT.ok, data, warnings, report };
}

/** A file as the tally's own reader sees it, to check that it counts exactly as entered. */
function readBack(csv: string, file: string) {
  return toTable(parseCsvText(csv.replace(/^\ufeff/, ""), file), file);
}

async function writeNew(file: string, content: string, force: boolean): Promise<boolean> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeSynced(tmp, content).catch(async (e: unknown) => {
    await fs.rm(tmp, { force: true }).catch(() => { /* a folder in the way is not ours to remove */ });
    throw writeFailure(file, e);
  });
  try {
    // link() refuses an existing target, so a file that appeared meanwhile is not replaced either.
    await (force ? fs.rename(tmp, file) : fs.link(tmp, file));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

export async function runEnter(
  opts: EnterOptions, env: CommandEnv, terminal: EntryTerminal | null,
): Promise<Outcome<EnterData | FiguresData>> {
  const dir = resolveDir(env, opts.dir);
  // Keys come from a person at a terminal only: piped input would be taken for counts nobody typed.
  const term = terminal?.input.isTTY ? terminal : null;
  const loaded = await loadFolder(dir, env.encoding);
  if (!loaded.value) return failed("enter", loaded.diagnostics);
  const folder = loaded.value;
  // A ballots.csv.tmp-PID an earlier entry killed mid-write left is a whole second copy of the ballots beside them.
  await removeDeadTemporaries(dir);
  const outDir = resolveOut(env, dir, opts.out);
  // A command in a hint names the folder (unless the clerk stands in it) and -o, as tally's do.
  const next = planContext(env, dir, outDir).commandLine;
  // Round k is counted once the vote has reached a later round (or is decided). 实到 decides the quorum (and a
  // majority of those present): once round 1 is counted, the vote is counted again.
  const countedPast = (reached: Awaited<ReturnType<typeof pendingRound>>, k: number) => !("round" in reached) || reached.round > k;
  if (opts.present !== undefined && opts.issued === undefined) {
    return setSessionFigures(opts, env, dir, null, next, { present: countedPast(await pendingRound(folder), 1), issued: false });
  }
  const pending = opts.round === undefined ? await pendingRound(folder) : { round: opts.round };
  // With no round pending, a correction of 发出 is for the last round counted.
  const last = "round" in pending ? pending.round : pending.last;
  if (opts.issued !== undefined) {
    // --round K past the round the vote has reached: that round is not held (yet), and would leave a gap in issued.
    const reached = opts.round === undefined ? pending : await pendingRound(folder);
    const upTo = "round" in reached ? reached.round : reached.last;
    if (last > upTo) return failed("enter", [error("E_ISSUED_ROUND", { file: SESSION_JSON }, { round: last, upTo })]);
    // A round already counted is counted again with the corrected figure: the clerk is told to.
    const counted = { present: opts.present !== undefined && countedPast(reached, 1), issued: countedPast(reached, last) };
    return setSessionFigures(opts, env, dir, last, next, counted);
  }
  const past = opts.round !== undefined ? await roundPastLast(folder, opts.round) : null;
  if (past) return roundFlagRefused("enter", folder.warnings, past, next);
  if (!("round" in pending)) return failed("enter", withNextCommands(pending.diagnostics, next));
  const round = pending.round;
  /** The command that enters round k, as this pass or the other; `named`: with --round even for round 1. */
  const enterCommand = (k: number, named: boolean, second: boolean) => next("enter")
    + `${opts.counts ? " --counts" : ""}${k > 1 || named ? ` --round ${k}` : ""}${second ? " --second" : ""}`;
  const r = await linesForRound(folder, round);
  // The next round's hint names the command that was run, for the round that is next.
  const named = (d: Diagnostic) => ({
    ...d, params: { ...d.params, command: "enter", again: enterCommand(Number(d.params["next"]), true, Boolean(opts.second)) },
  });
  if (!r.value) {
    // The refusal names the file this entry would write, and says nothing of the earlier rounds' ballots
    // (their notes are tally's to show).
    const earlier = new Set(Array.from({ length: round - 1 }, (_, i) => [ballotFileName(i + 1), countsFileName(i + 1)]).flat());
    // A round's file in the folder after the vote was decided is the file tally and ballot refuse: named as they name it.
    const roundFile = await firstPresent(folder, [ballotFileName(round), countsFileName(round)]);
    const unexpected = (d: Diagnostic): Diagnostic => {
      if (d.code !== "E_NO_RUNOFF" || roundFile === undefined) return d;
      const decided = Number(d.params["decided"]);
      return error("E_UNEXPECTED_ROUND", { file: roundFile, line: 1, column: 1 }, { round, decided, ...(round === decided + 1 ? { file: roundFile } : {}) });
    };
    const said = r.diagnostics
      .filter((d) => d.severity === "error" || !earlier.has(d.at.file.replace(/\.xls[xm]$/, ".csv")))
      .map((d) => (opts.counts && d.at.file === ballotFileName(round) ? { ...d, at: { ...d.at, file: countsFileName(round) } } : d))
      .map((d) => (d.code === "E_ROUND_NOT_NEXT" ? named(d) : unexpected(d)));
    return failed("enter", withNextCommands(said, next));
  }
  // Keys are typed in the order of the paper ballot: printed in another order (candidates.csv or the
  // order rules changed since), they would go to other projects than were marked.
  const template = path.relative(dir, path.join(outDir, templateName(round))).split(path.sep).join("/");
  const changed = printedBallotChanged(await readSessionAudit(outDir, dir), round, r.value.lines, r.value.seats, template);
  if (changed) {
    const command = `${next("ballot")}${round > 1 ? ` --round ${round}` : ""}`;
    const { what, ...was } = changed;
    return failed("enter", [error("E_CHANGED_SINCE_PRINTED", { file: template }, { round, what, command, ...was })]);
  }
  const cells = markCells(folder.rules);
  const setup: EntrySetup = {
    title: folder.session.title, date: folder.session.date, round, pass: opts.second ? "second" : "first", lines: r.value.lines,
    ballot: folder.rules.ballot, maxApprovals: r.value.maxApprovals, issued: r.value.issued, rules: folder.rules,
  };
  const target = opts.counts ? countsFileName(round) : ballotFileName(round);
  // The round's table is there as a workbook: the CSV file this entry would write could not stand beside it
  // (a table in two forms is refused), whatever --force says.
  const workbook = await firstPresent(folder, [target]);
  if (workbook !== undefined && workbook !== target) return failed("enter", [error("E_ENTRY_WORKBOOK_EXISTS", { file: workbook }, { workbook, target, round })]);
  // A round named on the command line is named again: without it, enter would take the pending round.
  const command = (second: boolean) => enterCommand(round, opts.round !== undefined, second);
  const c: PassContext = {
    opts, env, dir, folder, setup, target, next,
    journal: (opts.counts ? COUNTS : BALLOTS).journal(round, setup.pass),
    who: setup.pass === "first" ? "第一次录入" : "第二次录入",
    seats: r.value.seats ?? undefined,
    command,
    targetExists: (notes) => {
      const again = `${command(false)} --force`;
      const params = { command: "enter", path: target, round, ...(opts.counts && { counts: 1 }), again };
      const failure = { why: "entries-agree-target-exists", params: { target } };
      return failed("enter", [...notes, error("E_EXISTS", { file: target }, params)], failure);
    },
  };
  // A torn last record, dropped: a warning with the outcome (and, entering ballots, a line on the screen).
  const notes: Diagnostic[] = [];
  if (opts.counts) {
    // The round's ballots are in the folder already: a count sheet typed in twice could never be written.
    const ballots = await firstPresent(folder, [ballotFileName(round)]);
    if (ballots !== undefined) return failed("enter", [error("E_COUNTS_BALLOTS_EXIST", { file: ballots }, { ballots })]);
    const resume = async (state: CountState, torn: boolean) => {
      if (torn) notes.push(warning("W_JOURNAL_TORN", { file: c.journal }));
      return state.done ? { ...state, at: countFields(setup).length, notice: { key: "count-review" } } : state;
    };
    const outcome = await enterPass(COUNTS, setup, dir, term, env, command(opts.second === true), (...end) => finishCounts(c, ...end), resume);
    return { ...outcome, warnings: [...notes, ...outcome.warnings] };
  }
  // The round was hand-counted already: ballots typed in twice could never be written.
  const counts = await firstPresent(folder, [countsFileName(round)]);
  if (counts !== undefined) return failed("enter", [error("E_ROUND_TWICE", { file: counts }, { round, counts, entered: 1 })]);
  // A hand count writes no marks (above): only ballots typed in need a cell for each.
  if ("error" in cells) {
    const list = `rules.marks.${cells.error}`;
    const at = sessionAt(folder.source.positions, folder.source.positions.has(list) ? list : "rules.marks");
    return failed("enter", [error("E_MARKS", at, { list: cells.error })]);
  }
  return enterPass(BALLOTS, setup, dir, term, env, command(opts.second === true), (...end) => finishBallots(c, notes, cells, ...end),
    (...start) => resumeBallots(c, notes, ...start));
}

/** What the end of either kind of entry needs to know. */
interface PassContext {
  opts: EnterOptions;
  env: CommandEnv;
  dir: string;
  folder: LoadedFolder;
  setup: EntrySetup;
  target: string;
  journal: string;
  /** A command as the clerk types it here: `piaojue tally`, with the folder and -o where needed. */
  next: (command: string) => string;
  who: string;
  /** Round ≥ 2: the seats left, which bound the approvals on the round's ballot. */
  seats: number | undefined;
  /** The command that enters this pile, as this pass or as the other one. */
  command: (second: boolean) => string;
  targetExists: (notes: Diagnostic[]) => Outcome<never>;
}

/** The notice an entry of ballots resumes with: what the journal held, and what to do next. */
async function resumeBallots(
  c: PassContext, notes: Diagnostic[],
  state: EntryState, torn: boolean, journal: Journal<JournalRecord>, other: EntryState,
): Promise<EntryState> {
  const resumed: string[] = [];
  if (torn) {
    notes.push(warning("W_JOURNAL_TORN", { file: c.journal }));
    resumed.push("上次中断时最后一条记录没写完整，已丢弃。");
  }
  // A runoff keyed in before its 发出 is given: said now, not first at tally (E_ISSUED_MISSING).
  if (c.setup.issued === null) {
    const command = `${c.next("enter")} --issued N --round ${c.setup.round}`;
    notes.push(warning("W_ENTRY_ISSUED_MISSING", { file: SESSION_JSON }, { round: c.setup.round, command }));
    resumed.push(`注意：session.json 还没有第 ${c.setup.round} 轮的发出票数，收回票数无法核对；按 q 暂停，运行 ${command}（N 为发出票数）后接着录入。`);
  }
  const n = state.ballots.length;
  if (n > 0) resumed.push(`接着上次：已录入 ${n} 张，上一张（第 ${n} 张）为：${describe(state.ballots[n - 1]!)}。`);
  if (state.returned === null && c.opts.returned !== undefined) {
    const record = { type: "returned", value: c.opts.returned } as const;
    await journal.append(record);
    state = applyRecord(state, record);
  } else if (c.opts.returned !== undefined && c.opts.returned !== state.returned) {
    // The journal's figure stands (the other entry is compared with it): r changes it, as any correction.
    resumed.push(`注意：录入记录中的收回票数是 ${state.returned} 张，没有按 --returned ${c.opts.returned} 改动；确需改正，按 r 重新输入。`);
  }
  if (state.done) {
    const diffs = other.done ? compareEntries(c.setup, ...inPassOrder(c.setup, state, other)) : [];
    const listed = `${diffs.slice(0, 3).map(differenceText).join("；")}${diffs.length > 3 ? "……" : ""}`;
    // g rewrites a ballot there is; a ballot only one entry has is undone there, or added in the other.
    const piles = diffs.some((d) => d.kind === "only" || d.kind === "returned")
      ? "；张数或收回票数不同的，多录的一次按 - 撤销多出的票，漏录的一次补录，收回票数按 r 改正" : "";
    resumed.push(diffs.length > 0
      ? `与另一次录入有 ${diffs.length} 处不一致：${listed}。按 g 改正录错的票${piles}，改好后按 Enter 完成。`
      : "本次录入已完成。按 g 可改某一张，按 Enter 重新确认完成，q 退出。");
  }
  if (!c.opts.force && existsSync(path.join(c.dir, c.target))) {
    resumed.push(`注意：会议文件夹里已有 ${c.target}，两次录入一致后也不会覆盖它（除非加 --force）。`);
  }
  const next = state.returned === null ? "先输入收回的票数，按 Enter" : `请录入第 ${state.ballots.length + 1} 张`;
  // Only the note of 发出: the first step is still said.
  const lines = resumed.length > (c.setup.issued === null ? 1 : 0) ? resumed : [...resumed, next];
  return { ...state, notice: { key: "resumed", params: { lines } } };
}

/** This pass and the other, as the first entry and the second. */
function inPassOrder<S>(setup: EntrySetup, mine: S, other: S): [S, S] {
  return setup.pass === "first" ? [mine, other] : [other, mine];
}

async function finishBallots(
  c: PassContext, notes: Diagnostic[], cells: Record<EntryMark, string>,
  data: EnterData, state: EntryState, other: EntryState, paused: boolean,
): Promise<Outcome<EnterData>> {
  const { setup, target, opts } = c;
  const round = setup.round;
  const en = c.env.lang === "en";
  const who = en ? (setup.pass === "first" ? "First entry" : "Second entry") : c.who;
  if (!state.done) {
    const n = state.ballots.length;
    const k = seqInHand(state);
    const editing = state.editing !== null;
    const dropped = state.current.length > 0 || state.voidPending;
    return ok(data, notes, en ? [
      `${who} ${paused ? "paused" : "not finished"}: ${n} ${n === 1 ? "ballot" : "ballots"}${state.returned !== null ? ` of ${state.returned} returned` : ""} entered, all saved in ${c.journal}.`,
      ...(dropped ? [editing ? `The correction of ballot ${k} was not confirmed and has been discarded: ballot ${k} stays as it was confirmed.`
        : `Ballot ${k} was typed but not confirmed (Enter not pressed) and has been discarded: type ballot ${k} again when going on.`] : []),
      `To go on: ${c.command(Boolean(opts.second))}`,
    ] : [
      `${c.who}${paused ? "已暂停" : "未完成"}：已录入 ${n} 张${state.returned !== null ? ` / 收回 ${state.returned} 张` : ""}，都已保存在 ${c.journal}。`,
      ...(dropped ? [droppedText(k, editing)] : []),
      `接着录入：${c.command(Boolean(opts.second))}`,
    ]);
  }
  if (!other.done) {
    return ok(data, notes, en ? [
      `${who} finished: ${state.ballots.length} ${state.ballots.length === 1 ? "ballot" : "ballots"}.`,
      `Another clerk now enters the same stack in the same order again, independently: ${c.command(!opts.second)}. When both entries agree, ${target} is written.`,
    ] : [
      `${c.who}完成：共 ${state.ballots.length} 张。`,
      `请另一位工作人员把同一叠票按同样顺序再独立录入一次：${c.command(!opts.second)}。两次一致后写出 ${target}。`,
    ]);
  }
  const [first, second] = inPassOrder(setup, state, other);
  const differences = compareEntries(setup, first, second);
  data.differences = differences.map((d) => ({ seq: d.seq, message: differenceText(d) }));
  if (differences.length > 0) {
    // The hint names the command that enters this pile again (the folder, -o, --round as given).
    const diagnostics = differences.map((d) => {
      const mismatch = entryMismatch(d, target, round);
      return { ...mismatch, params: { ...mismatch.params, command: c.command(false) } };
    });
    // Under --lang en each difference has its English beside it, as the diagnostics do.
    if (en) data.differences = data.differences.map((d, i) => ({ ...d, messageEn: renderDiagnostic(diagnostics[i]!, "en").message }));
    const failure = { why: "entries-differ", params: { differences: differences.length, target } };
    const report = [en ? `The two entries differ (${differences.length}); each difference is listed below.` : `两次录入不一致（${differences.length} 处），逐张列在下面。`];
    return { ...failed("enter", [...notes, ...diagnostics], failure), data, report };
  }
  const width = Math.max(3, String(first.ballots.length).length);
  const header = ["票号", "作废", ...setup.lines.map((l) => l.id)];
  const csv = formatCsv(header, first.ballots.map((b, i) => ballotRow(i + 1, width, b, cells)));
  const issued = setup.issued ?? first.ballots.length;
  const check = countBallotTable(readBack(csv, target), { lines: setup.lines, rules: c.folder.rules, round, issued, seatsLeft: c.seats });
  const expected = runningTotals(setup, first.ballots);
  const differs = (t: { approve: number; against: number }, i: number) =>
    t.approve !== expected.lines[i]!.approve || t.against !== expected.lines[i]!.against;
  if (!check.value || check.value.valid !== expected.valid || check.value.totals.some(differs)) {
    throw new Error(`写出的 ${target} 与录入的票数不符`);
  }
  const counts = countsFileName(round);
  if (existsSync(path.join(c.dir, counts))) {
    const twice = error("E_ROUND_TWICE", { file: counts }, { round, counts, entered: 1 });
    return { ...failed("enter", [...notes, twice], { why: "entries-agree-counts-exist", params: { target } }), data };
  }
  // Run again once written, the file there is this very file: said as done, not as a clash to --force.
  const same = !opts.force && (await fs.readFile(path.join(c.dir, target), "utf8").catch(() => null)) === csv;
  if (!same && !(await writeNew(path.join(c.dir, target), csv, Boolean(opts.force)))) return { ...c.targetExists(notes), data };
  const shown = displayPath(c.env, path.join(c.dir, target));
  return ok({ ...data, written: target }, notes, en ? [
    `The two entries agree: ${first.ballots.length} ${first.ballots.length === 1 ? "ballot" : "ballots"} (${expected.valid} valid, ${expected.void} void).`,
    `${same ? `${shown} already holds these ballots, unchanged.` : `Written: ${shown}.`} ${nextStep(c, en)}`,
  ] : [
    `两次录入一致：${first.ballots.length} 张（有效 ${expected.valid}，无效 ${expected.void}）。`,
    `${same ? `${shown} 已是这些票，内容相同，没有改动。` : `已写出 ${shown}。`}${nextStep(c, en)}`,
  ]);
}

/**
 * enter --counts: the totals of a hand count (计票单) typed in twice by two clerks, journaled figure by
 * figure; when both entries agree, counts.csv (counts-rK.csv) is written and session.json's counted[K-1]
 * set to the 收回 and 无效 figures.
 */
async function finishCounts(
  c: PassContext, data: EnterData, state: CountState, other: CountState, paused: boolean,
): Promise<Outcome<EnterData>> {
  const { setup, target, opts, dir } = c;
  const round = setup.round;
  const en = c.env.lang === "en";
  if (!state.done) {
    return ok(data, [], en ? [
      `Count sheet, ${setup.pass} entry ${paused ? "paused" : "not finished"}: ${data.entered} ${data.entered === 1 ? "figure" : "figures"} entered, all saved in ${c.journal}.`,
      `To go on: ${c.command(Boolean(opts.second))}`,
    ] : [
      `计票单${c.who}${paused ? "已暂停" : "未完成"}：已录入 ${data.entered} 个数，都已保存在 ${c.journal}。`,
      `接着录入：${c.command(Boolean(opts.second))}`,
    ]);
  }
  if (!other.done) {
    return ok(data, [], en ? [
      `Count sheet, ${setup.pass} entry finished.`,
      `Another clerk now enters the same count sheet again, independently: ${c.command(!opts.second)}. `
        + `When both entries agree, ${target} is written and the ballots returned and void go into session.json.`,
    ] : [
      `计票单${c.who}完成。`,
      `请另一位工作人员对照同一张计票单再独立录入一次：${c.command(!opts.second)}。`
        + `两次一致后写出 ${target}，并把收回、无效票数写入 session.json。`,
    ]);
  }
  const [first, second] = inPassOrder(setup, state, other);
  const differences = compareCounts(setup, first, second).map((d) => ({
    field: countFieldLabel(setup, d.field), first: d.first ?? "?", second: d.second ?? "?",
  }));
  if (differences.length > 0) {
    const command = c.command(false);
    const diagnostics = differences.map((d) => error("E_COUNTS_DIFFER", { file: target }, { ...d, command }));
    data.differences = differences.map((d, i) => ({
      seq: null, message: `${d.field}：第一次 ${d.first}，第二次 ${d.second}`, ...(en ? { messageEn: renderDiagnostic(diagnostics[i]!, "en").message } : {}),
    }));
    const failure = { why: "entries-differ", params: { differences: differences.length, target } };
    const report = [en ? `The two entries of the count sheet differ (${differences.length}); each difference is listed below.` : `两次录入的计票单不一致（${differences.length} 处），逐项列在下面。`];
    return { ...failed("enter", diagnostics, failure), data, report };
  }
  const v = (key: string) => first.values[key] ?? 0;
  const counted = { returned: v("returned"), void: v("void") };
  const lines = setup.lines.map((l) => ({
    id: l.id, approve: v(`${l.id}:approve`), against: v(`${l.id}:against`), abstain: v(`${l.id}:abstain`),
  }));
  const rows = lines.map((l) => [l.id, String(l.approve), String(l.against), String(l.abstain)]);
  const csv = formatCsv(["编号", "赞成", "反对", "弃权"], rows);
  const issued = setup.issued ?? counted.returned;
  const check = parseCounts(readBack(csv, target), { lines: setup.lines, rules: c.folder.rules, round, issued, seatsLeft: c.seats, counted, countedAt: { file: SESSION_JSON, line: 1, column: 1 } });
  if (!check.value) return { ...failed("enter", check.diagnostics), data };
  const ballots = ballotFileName(round);
  if (existsSync(path.join(dir, ballots))) {
    const both = error("E_COUNTS_BALLOTS_EXIST", { file: ballots }, { ballots });
    return { ...failed("enter", [both], { why: "entries-agree-counts-exist", params: { target } }), data };
  }
  if (!opts.force && existsSync(path.join(dir, target))) return { ...c.targetExists([]), data };
  // counted first: without its counts file it changes no count, while a counts file without it would not tally.
  // Figures session.json held for the round already (typed there by hand), said if they are replaced.
  let before: { returned: number; void: number } | undefined;
  const rewritten = await rewriteSession(dir, (session) => {
    const list = Array.isArray(session["counted"]) ? (session["counted"] as unknown[]) : [];
    while (list.length < round - 1) list.push(null);
    const old = list[round - 1] as { returned?: unknown; void?: unknown } | null | undefined;
    if (old && typeof old.returned === "number" && typeof old.void === "number") before = { returned: old.returned, void: old.void };
    list[round - 1] = counted;
    session["counted"] = list;
  });
  const replaced = before !== undefined && (before.returned !== counted.returned || before.void !== counted.void) ? before : undefined;
  if (rewritten.diagnostics.length > 0) return { ...notRewritten(rewritten.diagnostics, c.env), data };
  if (!(await writeNew(path.join(dir, target), csv, Boolean(opts.force)))) return { ...c.targetExists([]), data };
  // What tally will warn of these counts (more approvals than the ballots could hold) is said now, while the paper sheet is at hand.
  const countWarnings = check.diagnostics.filter((d) => d.severity === "warning");
  return ok({ ...data, written: target, counts: { ...counted, lines }, ...(replaced ? { replacedCounted: replaced } : {}) }, countWarnings, en ? [
    `The two entries of the count sheet agree: ${counted.returned} returned, ${counted.void} void.`,
    `Written: ${displayPath(c.env, path.join(dir, target))}, and round ${round}'s ballots returned and void in the counted of ${SESSION_JSON}`
      + `${replaced ? ` (it had ${replaced.returned} returned, ${replaced.void} void)` : ""}. ` + nextStep(c, en),
  ] : [
    `两次录入的计票单一致：收回 ${counted.returned} 张，无效 ${counted.void} 张。`,
    `已写出 ${displayPath(c.env, path.join(dir, target))}，并在 ${SESSION_JSON} 的 counted 中写入第 ${round} 轮的收回、无效票数`
      + `${replaced ? `（原来写的是收回 ${replaced.returned} 张、无效 ${replaced.void} 张）` : ""}。` + nextStep(c, en),
  ]);
}

/**
 * session.json left as it was: a file it cannot write (read-only) is a failure to write, not a mistake in the
 * input; the read-only file or folder is named as the clerk types it from where the command was run.
 */
function notRewritten(diagnostics: Diagnostic[], env: CommandEnv) {
  const named = diagnostics.map((d) => (d.code !== "E_WRITE_FILE" ? d : {
    ...d, params: Object.fromEntries(Object.entries(d.params).map(([k, v]) => [k, k === "readOnly" || k === "readOnlyFolder" ? commandArg(env, String(v)) : v])),
  }));
  return failed("enter", named, diagnostics.some((d) => d.code === "E_WRITE_FILE") ? { why: "write-failed" } : undefined);
}

/** The command after a round's file is written: tally, or first the round's 发出 when session.json has none. */
function nextStep(c: PassContext, en: boolean): string {
  const tally = c.next("tally");
  if (c.setup.issued !== null) return en ? `Next: ${tally}` : `下一步：${tally}`;
  const round = c.setup.round;
  const issued = `${c.next("enter")} --round ${round} --issued N`;
  return en
    ? `Next: session.json has no ballots issued for round ${round}; run ${issued} (N: the ballots issued), then ${tally}`
    : `下一步：session.json 还没有第 ${round} 轮的发出票数，先运行 ${issued}（N 为发出票数），再运行 ${tally}`;
}

/**
 * The first of `tables` in the folder, as it is named there (ballots.xlsx for ballots.csv); with both forms
 * there, the CSV (the pair is tally's to refuse).
 */
async function firstPresent(folder: LoadedFolder, tables: string[]): Promise<string | undefined> {
  for (const table of tables) if (await folder.reader.has(table)) return folder.reader.resolve(table).catch(() => table);
  return undefined;
}

function describe(b: EnteredBallot): string {
  return b.void ? "整张作废" : b.marks.map((m) => ENTRY_MARK_LABELS[m]).join(" ");
}

/** What --present / --issued found in session.json and set: each figure given, from what to what. */
interface FiguresData {
  present?: { from: number | null; to: number };
  issued?: { round: number; from: number | null; to: number };
  /** session.json was rewritten (false: it had these figures already, and was left as it was). */
  changed: boolean;
  /** The round was counted already: tally is to be run again with the corrected figures. */
  recount: boolean;
}

/** 实到 (deputies.present) and the round's 发出 (issued[K-1]) corrected in session.json, nothing else touched. */
async function setSessionFigures(
  opts: EnterOptions, env: CommandEnv, dir: string, round: number | null, next: (command: string) => string,
  counted: { present: boolean; issued: boolean },
): Promise<Outcome<FiguresData>> {
  const recount = next("tally");
  const en = env.lang === "en";
  const given: Pick<FiguresData, "present" | "issued"> = {};
  const figure = (v: unknown) => (typeof v === "number" ? v : null);
  const r = await rewriteSession(dir, (session) => {
    const deputies = session["deputies"] as Record<string, unknown> | undefined;
    if (opts.present !== undefined && deputies && typeof deputies === "object") {
      given.present = { from: figure(deputies["present"]), to: opts.present };
      deputies["present"] = opts.present;
    }
    const issued = session["issued"];
    if (opts.issued !== undefined && round !== null && Array.isArray(issued)) {
      given.issued = { round, from: figure(issued[round - 1]), to: opts.issued };
      // A later round's figure comes after the earlier ones: a gap would be a null the schema refuses.
      issued[round - 1] = opts.issued;
    }
  });
  if (r.diagnostics.length > 0) return notRewritten(r.diagnostics, env);
  // A figure that makes the vote void before anyone votes (30 typed for 53 present) is told now, as check tells it.
  const written = r.written;
  const warnings = withNextCommands(written ? meetingFactWarnings(written.session, written.rules, (key) => sessionAt(written.source.positions, key)) : [], next);
  // Only the figures that differ are said to change, and call for a recount where what they decide was counted.
  const { present, issued } = given;
  const presentChanged = present !== undefined && present.from !== present.to;
  const issuedChanged = issued !== undefined && issued.from !== issued.to;
  const recountFor = issuedChanged && counted.issued ? "issued" : presentChanged && counted.present ? "present" : null;
  const data: FiguresData = { ...given, changed: r.changed, recount: recountFor !== null };
  const said = [
    ...(present && presentChanged ? [en ? `deputies present ${present.from ?? "(none)"} → ${present.to}` : `实到人数 ${present.from ?? "（无）"} → ${present.to}`] : []),
    ...(issued && issuedChanged ? [en ? `round ${issued.round} ballots issued ${issued.from ?? "(none)"} → ${issued.to}` : `第 ${issued.round} 轮发出票数 ${issued.from ?? "（无）"} → ${issued.to}`] : []),
  ];
  const file = displayPath(env, path.join(dir, SESSION_JSON));
  const report = en
    ? [r.changed ? `Rewritten: ${file}: ${said.join("; ")}. No other setting changed (the file is written out again with two-space indents).` : `${SESSION_JSON} already has these figures; unchanged.`]
    : [r.changed ? `已改写 ${file}：${said.join("；")}。其他设置未变（文件按两格缩进重新写出）。` : `${SESSION_JSON} 中已是这些数，未改动。`];
  if (recountFor === "present") {
    report.push(en ? `The vote has been counted already: run ${recount} to count it again with the corrected deputies present (the quorum, and a majority of those present, are reckoned from it).`
      : `已经计过票：运行 ${recount}，按改正后的实到人数重新计票（是否达到法定人数、按实到人数计的过半数都由它算出）。`);
  } else if (recountFor === "issued") {
    report.push(en ? `Round ${round} has been counted already: run ${recount} to count it again with the corrected figure (more ballots returned than issued makes the vote void).`
      : `第 ${round} 轮已经计过票：运行 ${recount}，按改正后的数重新计票（收回票数多于发出票数的，本次票决无效）。`);
  }
  return { command: "enter", exitCode: EXIT.ok, data, warnings, report };
}

function journalFailure(e: unknown, file: string): Outcome<never> {
  if (e instanceof JournalError) {
    const damaged = error("E_JOURNAL", { file, line: e.line }, { problem: "line", line: e.line });
    return failed("enter", [damaged], { why: "journal-damaged" });
  }
  if (!(e instanceof EntryJournalError)) throw e;
  const mismatch = error("E_JOURNAL", { file, ...(e.line !== undefined && { line: e.line }) }, { problem: e.problem, ...e.params });
  return failed("enter", [mismatch], { why: "journal-mismatch" });
}
