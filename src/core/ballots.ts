// Ballot files (SPEC §5) and the validity of each ballot (§6.3–6.4). Counting is a fold: countBallot adds
// one row of marks to a plain BallotCount, so a million-row file streams through it without being held.
import { codePointName, lookAlikeMark, normalizeMark, comparedForm } from "./characters.js";
import { error, hasErrors, warning, type Diagnostic, type Params, type PlaceInput } from "./diagnostics.js";
import { SERIAL_COLUMN, VOID_COLUMN, type Candidate } from "./candidates.js";
import type { Rules } from "./session.js";
import { blankRow, cellAt, fixedColumns, type Table } from "./table.js";

export type Mark = "approve" | "against" | "abstain" | "unreadable";
export const VOID_REASONS = ["marked-void", "unreadable", "over-approval", "blank"] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

export const DEFAULT_MARKS = {
  approve: ["○", "〇", "O", "o", "赞成", "同意", "1"],
  against: ["×", "X", "x", "✗", "反对", "不同意", "0"],
  abstain: ["弃权", "-"],
} as const;

/** Columns that could identify a deputy: a secret ballot must not carry them. */
export const IDENTIFYING_COLUMNS = ["姓名", "代表", "代表姓名", "name", "deputy", "身份证", "电话", "phone", "id_card"];

/** What a cell of a ballot's candidate column means. */
export type MarkVocabulary = (cell: string) => Mark;

export function markVocabulary(rules: Pick<Rules, "ballot" | "marks">): MarkVocabulary {
  const meaning = { approve: "approve", against: rules.ballot === "approve-only" ? "unreadable" : "against", abstain: "abstain" } as const;
  const kinds = ["approve", "against", "abstain"] as const;
  // An empty cell is abstain, and the default lists count; a list the session gives replaces its kind's
  // default list and wins over the other defaults (marks.approve ["X"] makes X approve, not the default
  // against; "" in marks.against makes an empty cell against). The defaults share no mark, and the session
  // schema refuses a mark in two given lists.
  const table = new Map<string, Mark>([["", "abstain"]]);
  for (const k of kinds) if (rules.marks?.[k] === undefined) for (const m of DEFAULT_MARKS[k]) table.set(normalizeMark(m), meaning[k]);
  for (const k of kinds) for (const m of rules.marks?.[k] ?? []) table.set(normalizeMark(m), meaning[k]);
  // Each cell written so far and its mark: a file holds a handful of distinct cells, a million times over.
  const known = new Map<string, Mark>();
  return (cell) => {
    let mark = known.get(cell);
    if (mark === undefined) {
      mark = table.get(normalizeMark(cell)) ?? "unreadable";
      if (known.size < 1000) known.set(cell, mark);
    }
    return mark;
  };
}

/** Which column of a ballots file holds what. */
export interface BallotLayout {
  file: string;
  serialColumn: number | null;
  voidColumn: number | null;
  /** Column index for each line, in the order of `lines`. */
  lineColumns: number[];
  lines: Candidate[];
}

/** Each line's index by its id, and by its name where no id is that name: what a ballots header names a line's column by. */
function linesByName(lines: readonly Pick<Candidate, "id" | "name">[]): Map<string, number> {
  const byKey = new Map<string, number>();
  // Names are compared without invisible characters: a header pasted with a zero-width space still names its column.
  lines.forEach((c, i) => { byKey.set(c.id, i); });
  lines.forEach((c, i) => { if (!byKey.has(comparedForm(c.name))) byKey.set(comparedForm(c.name), i); });
  return byKey;
}

/**
 * What a column or 编号 that is no line of the round names instead, as diagnostic params: a heading whose
 * sub-items are the lines (voteOn "items"), or a sub-item, by id or name, of a line (voteOn "candidates":
 * the sub-item goes with its project); none when it names neither.
 */
function namedInstead(key: string, lines: readonly Candidate[], candidates: readonly Candidate[]): { subItems?: string[]; subItem?: string; parent?: string } {
  const subItems = lines.filter((c) => c.parent !== "" && c.parent === key).map((c) => c.id);
  if (subItems.length > 0) return { subItems };
  const voted = new Set(lines.map((c) => c.id));
  const plain = comparedForm(key);
  const sub = candidates.find((c) => c.parent !== "" && voted.has(c.parent) && !voted.has(c.id) && c.id === plain)
    ?? candidates.find((c) => c.parent !== "" && voted.has(c.parent) && !voted.has(c.id) && comparedForm(c.name) === plain);
  return sub ? { subItem: sub.id, parent: sub.parent } : {};
}

/** `candidates`: every row of candidates.csv, to tell a column naming a sub-item from one naming nothing. */
export function resolveBallotHeader(header: readonly string[], headerLine: number, lines: readonly Candidate[], file: string, candidates: readonly Candidate[] = []): { value?: BallotLayout; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byKey = linesByName(lines);
  const lineColumns: (number | undefined)[] = lines.map(() => undefined);
  let serialColumn: number | null = null;
  let voidColumn: number | null = null;
  const identifying = new Set(IDENTIFYING_COLUMNS.map((s) => s.toLowerCase()));
  // Where each column no line is named by has its diagnostic.
  const unknown: number[] = [];
  header.forEach((h, index) => {
    const at = { file, line: headerLine, column: index + 1 };
    const lineIndex = byKey.get(comparedForm(h));
    if (lineIndex !== undefined) {
      const prev = lineColumns[lineIndex];
      if (prev !== undefined) {
        diagnostics.push(error("E_DUPLICATE_COLUMN", at, { column: h, otherColumn: prev + 1, candidate: lines[lineIndex]!.id }));
      } else lineColumns[lineIndex] = index;
    } else if (h === SERIAL_COLUMN || h === VOID_COLUMN) {
      const dup = h === SERIAL_COLUMN ? serialColumn : voidColumn;
      if (dup !== null) diagnostics.push(error("E_DUPLICATE_COLUMN", at, { column: h }));
      else if (h === SERIAL_COLUMN) serialColumn = index;
      else voidColumn = index;
    } else if (identifying.has(h.toLowerCase())) {
      diagnostics.push(error("E_IDENTIFYING_COLUMN", at, { column: h, sheet: "ballots" }));
    } else if (h === "") {
      diagnostics.push(error("E_EMPTY_HEADER", at, { sheet: "ballots" }));
    } else {
      const instead = namedInstead(h, lines, candidates);
      unknown.push(diagnostics.push(error("E_UNKNOWN_COLUMN", at, { column: h, sheet: "ballots", roundLines: lines.length, expected: lines.map((c) => c.id).join(", "), ids: lines.map((c) => c.id), ...instead })) - 1);
    }
  });
  // 003 against an id 3 (or 3 against 003), a line with no column of its own: the leading zeros a spreadsheet
  // drops from a number typed in. Said at that column, and the line not again as missing.
  const zerosOf = new Set<number>();
  for (const k of unknown) {
    const d = diagnostics[k]!;
    const h = String(d.params["column"]);
    const zeros = /^\d+$/.test(h) ? lines.findIndex((c, i) => lineColumns[i] === undefined && !zerosOf.has(i) && /^\d+$/.test(c.id) && BigInt(c.id) === BigInt(h)) : -1;
    if (zeros < 0) continue;
    zerosOf.add(zeros);
    diagnostics[k] = { ...d, params: { ...d.params, zerosOf: lines[zeros]!.id } };
  }
  lines.forEach((c, i) => {
    if (zerosOf.has(i)) return;
    if (lineColumns[i] === undefined) {
      diagnostics.push(error("E_MISSING_COLUMN", { file, line: headerLine, column: 1 }, { candidate: `${c.id} ${c.name}` }));
    }
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { value: { file, serialColumn, voidColumn, lineColumns: lineColumns as number[], lines: [...lines] }, diagnostics };
}

export interface LineTotals {
  id: string;
  approve: number;
  against: number;
  abstain: number;
}

export interface RoundCount {
  round: number;
  source: "ballots" | "counts";
  issued: number;
  returned: number;
  valid: number;
  void: number;
  voidByReason: Partial<Record<VoidReason, number>>;
  /** One entry per line of the round, in ballot order. */
  totals: LineTotals[];
}

export interface BallotPolicy {
  /** null: no limit. */
  maxApprovals: number | null;
  blankVoid: boolean;
  unreadableAbstain: boolean;
  /** The marks read of each kind where the session gives rules.marks (a kind it leaves out keeps its defaults), for an unreadable mark's hint; null: the defaults. */
  marksGiven: { approve: readonly string[]; against: readonly string[]; abstain: readonly string[] } | null;
  approveOnly: boolean;
}

const MAX_LISTED = 200;

/**
 * One round's ballots counted so far: plain data, grown one ballot at a time by `countBallot` (so a
 * million-row file streams through it) and read out by `finishCount`.
 */
export interface BallotCount {
  layout: BallotLayout;
  policy: BallotPolicy;
  vocabulary: MarkVocabulary;
  returned: number;
  valid: number;
  voidByReason: Record<VoidReason, number>;
  /** One entry per line of the round, in ballot order: the valid ballots' marks. */
  totals: LineTotals[];
  /**
   * The line each 票号 was first seen on. A plain serial (1, 2, 3 … as nearly all are) is keyed by its
   * number, which a Map holds without a string for each (a million serials: some 35 MB less peak memory);
   * any other (A-1, or 007, which is not 7) by its text.
   */
  lineBySerial: Map<number | string, number>;
  /** Each line's index by its id and by its name (as a header names it): a row naming them is the header again. */
  lineByName: Map<string, number>;
  /**
   * How the 票号 are written: each shape (serialShape) with how many rows have it and its first serial;
   * null once there are too many shapes to say (serials written every which way).
   */
  serialShapes: Map<string, { rows: number; serial: string }> | null;
  /** The first row of each shape whose only written cell is its 票号: a ballot, or a signature or note. */
  serialOnlyRows: Map<string, { line: number; serial: string }>;
  /** Rows with no 票号 whose only written cell is words under a line (注：…): notes, where the ballots have 票号. */
  unnumberedNotes: Diagnostic[];
  /** Rows with no 票号 with a mark or 作废 written: ballots, so the file's ballots do not all have 票号. */
  unnumberedBallots: number;
  /**
   * The rows of counts with no label and no 票号 met since the last other row: counted as ballots with
   * unreadable marks (SPEC §5), but the table's 合计 rows, refused, if no other row follows them.
   */
  trailingCountRows: Diagnostic[];
  /** The rows of only empty cells (blank ballots) since the last other ballot: its first line and how many. */
  trailingEmpty: { first: number; rows: number };
  /**
   * Notes on single ballots met so far, by code; only the first MAX_LISTED of each code are worded as
   * diagnostics, and the count of the rest is said per code, so the 公告 can give each code's true total.
   */
  notes: Record<string, number>;
  /** The row of the first note of each code not worded: where the note that counts them stands, after those listed. */
  firstUnlisted: Record<string, number>;
  diagnostics: Diagnostic[];
}

export function startCount(layout: BallotLayout, vocabulary: MarkVocabulary, policy: BallotPolicy): BallotCount {
  return {
    layout, policy, vocabulary, returned: 0, valid: 0,
    voidByReason: { "marked-void": 0, unreadable: 0, "over-approval": 0, blank: 0 },
    totals: layout.lines.map((c) => ({ id: c.id, approve: 0, against: 0, abstain: 0 })),
    lineBySerial: new Map(), lineByName: linesByName(layout.lines), serialShapes: new Map(), serialOnlyRows: new Map(), unnumberedNotes: [], unnumberedBallots: 0,
    trailingCountRows: [], trailingEmpty: { first: 0, rows: 0 }, notes: {}, firstUnlisted: {}, diagnostics: [],
  };
}

/** Counts one note of `code` on a ballot row; true while it is among the first MAX_LISTED of its code (to be worded). */
function listed(count: BallotCount, code: string, line: number): boolean {
  const n = (count.notes[code] ?? 0) + 1;
  count.notes[code] = n;
  if (n === MAX_LISTED + 1) count.firstUnlisted[code] = line;
  return n <= MAX_LISTED;
}

/** The mark `piaojue enter` writes for a cell the clerk recorded as unreadable (key 4): in no list of marks, so read as unreadable. */
export const RECORDED_UNREADABLE = "无法辨认";

/** The row's 票号, for a note to name the paper ballot (the file's line is not the number the clerk keyed it under). */
function serialOf(count: BallotCount, cells: readonly string[]): Params {
  const column = count.layout.serialColumn;
  const serial = column === null ? "" : (cells[column] ?? "");
  return serial === "" ? {} : { serial };
}

/** An unreadable mark on `line` in line `index` of the ballot: voiding the ballot, or counted as abstain. */
function noteUnreadable(count: BallotCount, kind: "void" | "abstain", line: number, index: number, cells: readonly string[]): void {
  const code = kind === "void" ? "W_UNREADABLE_MARK" : "W_UNREADABLE_AS_ABSTAIN";
  if (!listed(count, code, line)) return;
  const at = { file: count.layout.file, line, column: count.layout.lineColumns[index]! + 1 };
  const id = count.layout.lines[index]!.id;
  const { marksGiven, approveOnly } = count.policy;
  const cell = cells[count.layout.lineColumns[index]!] ?? "";
  // A cell enter recorded as unreadable is no mark to look up in rules.marks: its note says it was recorded so.
  const marks: Params = normalizeMark(cell) === RECORDED_UNREADABLE ? { recorded: 1 }
    : {
      ...(marksGiven ? { marksGiven: 1, approveMarks: marksGiven.approve, againstMarks: marksGiven.against, abstainMarks: marksGiven.abstain } : {}),
      ...(approveOnly ? { approveOnly: 1 } : {}), ...lookAlike(count.vocabulary, cell),
    };
  count.diagnostics.push(warning(code, at, { line, candidate: id, mark: cell, ...serialOf(count, cells), ...marks }));
}

/** A ballot void for more approvals than maxApprovals, at the first approval past the limit. */
function noteOverApproval(count: BallotCount, line: number, cells: readonly string[], marks: readonly Mark[], approvals: number): void {
  if (!listed(count, "W_OVER_APPROVAL", line)) return;
  const max = count.policy.maxApprovals!;
  const past = marks.reduce<number[]>((at, m, i) => (m === "approve" ? [...at, i] : at), [])[max] ?? 0;
  const at = { file: count.layout.file, line, column: count.layout.lineColumns[past]! + 1 };
  count.diagnostics.push(warning("W_OVER_APPROVAL", at, { line, approvals, max, ...serialOf(count, cells) }));
}

/** A mark drawn like one the session reads (◯ like ○): the two characters' codes and what the one it resembles means. */
function lookAlike(vocabulary: MarkVocabulary, cell: string): Params {
  const resembles = lookAlikeMark(cell);
  if (resembles === undefined) return {};
  const meaning = vocabulary(resembles);
  if (meaning === "unreadable") return {};
  return { markCode: codePointName(normalizeMark(cell)), resembles, resemblesCode: codePointName(resembles), meaning };
}

/**
 * 作废 cells that read as "not void" (否, 无, 0, N …). The contract voids a ballot for any non-empty
 * 作废 cell, and so does the count; but a clerk who typed one of these most likely meant the opposite.
 */
const NOT_VOID_WORDS = new Set(["否", "无", "不", "没有", "有效", "不作废", "未作废", "正常", "0", "n", "no", "false"]);

/**
 * A 合计 (total) row's label in its first or 票号 cell, which hold no words on a ballot: any cell with a
 * total's word in it (合计票数, 票数合计, 总票数, 共计, 汇总), or Total / Sum without a digit (a serial
 * such as sum-01 is a ballot's).
 */
const TOTAL_WORD = /合\s*计|总\s*计|小\s*计|共\s*计|累\s*计|汇\s*总|总\s*数|总\s*票|^\D*\b(?:(?:sub)?totals?|sum)\b\D*$/i;

/** Whether a cell holds a total's label (合计, 总票数, Total …): a row with one is no ballot, form or count of a line. */
export function isTotalLabel(cell: string): boolean {
  return TOTAL_WORD.test(cell);
}

/**
 * A total's label in the 作废 cell, which holds why a ballot is void ("超过应选总数" is a reason): the
 * whole cell is the label, a word for votes around a total's word at most.
 */
const TOTAL_LABEL = /^(?:(?:票\s*数|得\s*票|赞\s*成)?\s*(?:合\s*计|总\s*计|小\s*计|共\s*计|累\s*计|汇\s*总|总\s*数|总\s*票\s*数?)\s*(?:票\s*数|票)?|(?:sub|grand\s*)?totals?|sum)[:：]?$/i;

/** A cell holding a count of 2 or more, as a 合计 row does under each line. */
function holdsCount(cell: string): boolean {
  const digits = normalizeMark(cell);
  return /^\d{1,9}$/.test(digits) && Number(digits) >= 2;
}

/** A note on one ballot row; only the first MAX_LISTED notes of its code are worded. */
function noteRow(count: BallotCount, d: Diagnostic): void {
  if (listed(count, d.code, d.at.line)) count.diagnostics.push(d);
}

/** More 票号 shapes than this: the serials are written every which way, and none is odd among them. */
const MAX_SERIAL_SHAPES = 1000;

/** A 票号 with each run of digits as one placeholder: 1, 10 and 001 are alike, A-001 is A-#, 2026-01-15 #-#-#. */
function serialShape(serial: string, plain: boolean): string {
  return plain ? "\0" : serial.replace(/\d+/g, "\0");
}

/** Notes how a 票号 is written: its shape, and a row whose only written cell it is. */
function noteSerialShape(count: BallotCount, serial: string, plain: boolean, line: number, serialOnly: boolean): void {
  const shapes = count.serialShapes;
  if (shapes === null) return;
  const shape = serialShape(serial, plain);
  const seen = shapes.get(shape);
  if (seen) seen.rows++;
  else if (shapes.size < MAX_SERIAL_SHAPES) shapes.set(shape, { rows: 1, serial });
  else { count.serialShapes = null; return; }
  if (serialOnly && !count.serialOnlyRows.has(shape)) count.serialOnlyRows.set(shape, { line, serial });
}

/**
 * Rows whose only written cell is a 票号 written as no other row's is, while the other serials share a way
 * of being written (two or more rows alike): a signature or note under the table (监票人：李四, a date),
 * which counted would be one more blank ballot returned. A blank ballot whose serial is written as the
 * others' is one; where the serials have no common way, none is odd.
 */
function noteRows(count: BallotCount): Diagnostic[] {
  const shapes = count.serialShapes;
  if (shapes === null) return [];
  const { file, serialColumn } = count.layout;
  const found: Diagnostic[] = [];
  for (const [shape, row] of count.serialOnlyRows) {
    if (shapes.get(shape)!.rows > 1) continue;
    let usual: { rows: number; serial: string } | undefined;
    for (const [other, seen] of shapes) if (other !== shape && seen.rows >= 2 && seen.rows > (usual?.rows ?? 0)) usual = seen;
    if (usual === undefined) continue;
    found.push(error("E_NOTE_ROW", { file, line: row.line, column: serialColumn! + 1 }, { line: row.line, value: row.serial, serial: usual.serial }));
  }
  return found;
}

/** Fewer characters than this in the one cell of a row without 票号 may be a mark (√, 同意吧): a ballot's. */
const NOTE_LENGTH = 4;

/**
 * A row with no 票号 whose only written cell is words under a line ("注：第3张票有涂改，已核对"), in a file
 * whose ballots carry 票号: a remark under the table, which counted would be one more ballot. Decided in
 * finishCount, once it is known whether every other ballot (a row with anything written) has a 票号.
 */
function noteUnnumbered(count: BallotCount, cells: readonly string[], line: number, marks: readonly Mark[]): void {
  const { file, serialColumn, lineColumns } = count.layout;
  if ((cells[serialColumn!] ?? "") !== "") return;
  const written = cells.flatMap((c, k) => (c === "" ? [] : [k]));
  const k = written[0]!;
  const i = lineColumns.indexOf(k);
  if (written.length !== 1 || i < 0 || marks[i] !== "unreadable" || [...cells[k]!].length < NOTE_LENGTH) {
    if (written.length > 0) count.unnumberedBallots++;
    return;
  }
  // Counted, it would be void for its mark, or with "abstain-item" a valid ballot abstaining on every line.
  const counted: Params = count.policy.unreadableAbstain ? { abstain: 1 } : {};
  if (count.unnumberedNotes.length < MAX_LISTED) count.unnumberedNotes.push(error("E_NOTE_CELL", { file, line, column: k + 1 }, { line, value: cells[k]!, ...counted }));
}

/** A 票号 must be unique (SPEC §5); an empty one is not checked. */
function checkSerial(count: BallotCount, serial: string, line: number, serialOnly: boolean): void {
  if (serial === "") return;
  const plain = /^[1-9]\d{0,8}$/.test(serial);
  noteSerialShape(count, serial, plain, line, serialOnly);
  const key = plain ? Number(serial) : serial;
  const first = count.lineBySerial.get(key);
  if (first === undefined) {
    count.lineBySerial.set(key, line);
    return;
  }
  const at = { file: count.layout.file, line, column: count.layout.serialColumn! + 1 };
  count.diagnostics.push(error("E_DUPLICATE_SERIAL", at, { serial, otherLine: first }));
}

/** A 合计 row under the ballots by its label: a total's word in its first, 票号 or 作废 cell. */
function labelledTotalRow(count: BallotCount, cells: readonly string[], line: number, marks: readonly Mark[]): Diagnostic | undefined {
  const { file, serialColumn, voidColumn, lineColumns } = count.layout;
  // A first column that is a candidate's holds marks: one the session's marks read ("sum" as approve) is a vote.
  const isMark = (k: number) => lineColumns.includes(k) && marks[lineColumns.indexOf(k)] !== "unreadable";
  const labelled = (k: number) => (k === voidColumn ? TOTAL_LABEL : TOTAL_WORD).test(cells[k] ?? "") && !isMark(k);
  const label = [0, serialColumn, voidColumn].find((k): k is number => k !== null && labelled(k));
  return label === undefined ? undefined : error("E_TOTAL_ROW", { file, line, column: label + 1 }, { line, value: cells[label]! });
}

/** The columns, in the file's order, of a row's counts (2 and more, none a mark of the session's) under its lines. */
function countColumns(count: BallotCount, cells: readonly string[], marks: readonly Mark[]): number[] {
  // In the file's column order, as the clerk sees the row (lineColumns is in ballot order).
  return count.layout.lineColumns.filter((k, i) => marks[i] === "unreadable" && holdsCount(cells[k] ?? "")).sort((a, b) => a - b);
}

/**
 * A row that may be an unlabelled 合计 row: counts under two or more lines, and no 票号 (a row with one is
 * a ballot). It is one only at the end of the table: with a ballot after it, it is a ballot, unreadable.
 */
function mayBeCountRow(count: BallotCount, cells: readonly string[], marks: readonly Mark[]): boolean {
  const { serialColumn } = count.layout;
  if (serialColumn !== null && (cells[serialColumn] ?? "") !== "") return false;
  return countColumns(count, cells, marks).length >= 2;
}

/**
 * The marks a hint shows for writing a ballot: the first written mark of the approve and against lists the
 * session reads (rules.marks may have replaced ○ or taken × for another kind), no against on an approve-only
 * ballot, and whether an empty cell abstains (a session may list it as against).
 */
function exampleMarks(count: BallotCount): Params {
  const { marksGiven, approveOnly } = count.policy;
  const lists = marksGiven ?? DEFAULT_MARKS;
  const [approveMark, againstMark] = [lists.approve, lists.against].map((list) => list.find((m) => m !== ""));
  if (approveMark === undefined) return {};
  return { approveMark, ...(approveOnly || againstMark === undefined ? {} : { againstMark }), ...(count.vocabulary("") === "abstain" ? { blankAbstains: 1 } : {}) };
}

/** The unlabelled 合计 row on `line`, refused if no other row comes after it. */
function countRowRefused(count: BallotCount, cells: readonly string[], line: number, marks: readonly Mark[]): Diagnostic {
  const counted = countColumns(count, cells, marks);
  const example = exampleMarks(count);
  // Marks that are digits themselves (1 赞成, 0 反对): "write marks instead of numbers" would contradict itself.
  const digitMarks = [example["approveMark"], example["againstMark"]].some((m) => typeof m === "string" && /^\d+$/.test(m));
  const params = { line, counts: counted.map((k) => normalizeMark(cells[k]!)), ...example, ...(digitMarks ? { digitMarks: 1 } : {}) };
  return error("E_TOTAL_ROW", { file: count.layout.file, line, column: counted[0]! + 1 }, params);
}

/**
 * The header again, as a ballot row (two files pasted together, a second header row left in): its 票号
 * cell reads 票号, or more than half its lines' cells name a line (by id or name) and are no mark. Its
 * 作废 cell, reading 作废, would void it as one more ballot returned.
 */
function repeatedHeader(count: BallotCount, cells: readonly string[], line: number, marks: readonly Mark[], unreadable: boolean): Diagnostic | undefined {
  const { file, serialColumn, lineColumns } = count.layout;
  const serialNamed = serialColumn !== null && comparedForm(cells[serialColumn] ?? "") === SERIAL_COLUMN;
  if (!serialNamed && !unreadable) return undefined;
  const named = lineColumns.map((k, i) => (marks[i] === "unreadable" ? count.lineByName.get(comparedForm(cells[k] ?? "")) : undefined));
  const naming = named.filter((n) => n !== undefined).length;
  if (!serialNamed && naming * 2 <= lineColumns.length) return undefined;
  const first = serialNamed ? serialColumn : lineColumns[named.findIndex((n) => n !== undefined)]!;
  // Lines named in another order than the header's: the rows below it may follow that order.
  const reordered = named.some((n, i) => n !== undefined && n !== i);
  return error("E_HEADER_REPEATED", { file, line, column: first + 1 }, { line, value: cells.join(","), ...(reordered ? { reordered: 1 } : {}) });
}

/**
 * What a clerk's spreadsheet may leave in a row, said (SPEC is silent; the README gives each choice): a
 * 合计 row under the ballots or the header repeated, neither a ballot (counted, either would be one more
 * returned): false; a row of counts with no label, a ballot unless it ends the table (see finishCount);
 * a 作废 cell that reads "not void"; a row of only commas (a blank ballot by the contract, or void as it reads).
 */
function noteOddRow(count: BallotCount, cells: readonly string[], line: number, marks: readonly Mark[], reason: VoidReason | null, unreadable: boolean): boolean {
  const { file, voidColumn } = count.layout;
  const notBallot = labelledTotalRow(count, cells, line, marks) ?? repeatedHeader(count, cells, line, marks, unreadable);
  if (notBallot) {
    count.diagnostics.push(notBallot);
    return false;
  }
  if (unreadable && mayBeCountRow(count, cells, marks)) count.trailingCountRows.push(countRowRefused(count, cells, line, marks));
  else count.trailingCountRows = [];
  const voidCell = voidColumn !== null ? cells[voidColumn] ?? "" : "";
  if (voidCell !== "" && NOT_VOID_WORDS.has(normalizeMark(voidCell).toLowerCase())) {
    noteRow(count, warning("W_VOID_CELL_NEGATIVE", { file, line, column: voidColumn! + 1 }, { line, value: voidCell }));
  }
  // A row of only commas void for an unreadable mark ("" unreadable by rules.marks) is said as that.
  if (reason !== "unreadable" && cells.every((c) => c === "")) {
    const code = reason === "over-approval" ? "W_EMPTY_ROW_OVER_APPROVAL" : "W_EMPTY_ROW";
    // Counted, and an empty cell is not 弃权 by rules.marks: the note says how the row was counted.
    const as: Params = reason === null && marks.length > 0 && marks[0] !== "abstain" ? { as: marks[0]! } : {};
    noteRow(count, warning(code, { file, line, column: 1 }, { line, ...as }));
  }
  return true;
}

/**
 * Adds one returned ballot, its trimmed cells as read on `line` (SPEC §6.3–6.4). A valid ballot adds its
 * mark for every line, so approve + against + abstain = valid for each line.
 */
export function countBallot(count: BallotCount, cells: readonly string[], line: number): void {
  const { layout, policy, vocabulary } = count;
  const marked = layout.voidColumn !== null && (cells[layout.voidColumn] ?? "") !== "";
  const cellOf = (i: number) => cells[layout.lineColumns[i]!] ?? "";
  const marks: Mark[] = [];
  let approvals = 0;
  for (const column of layout.lineColumns) {
    const mark = vocabulary(cells[column] ?? "");
    if (mark === "approve") approvals++;
    marks.push(mark);
  }
  const unreadable = marks.indexOf("unreadable");
  // SPEC §6.3: void for the first of these that applies. (With "abstain-item" an unreadable mark is no approval.)
  const reason: VoidReason | null = marked ? "marked-void"
    : unreadable >= 0 && !policy.unreadableAbstain ? "unreadable"
    : policy.maxApprovals !== null && approvals > policy.maxApprovals ? "over-approval"
    : policy.blankVoid && marks.every((_, i) => cellOf(i) === "") ? "blank"
    : null;
  if (!noteOddRow(count, cells, line, marks, reason, unreadable >= 0)) return; // a 合计 row or the header again: no ballot
  if (layout.serialColumn !== null) {
    const serialOnly = cells.every((c, k) => c === "" || k === layout.serialColumn);
    checkSerial(count, cells[layout.serialColumn] ?? "", line, serialOnly);
    noteUnnumbered(count, cells, line, marks);
  }
  count.returned++;
  if (!cells.every((c) => c === "")) count.trailingEmpty.rows = 0;
  else if (count.trailingEmpty.rows++ === 0) count.trailingEmpty.first = line;
  if (reason !== null) {
    count.voidByReason[reason]++;
    if (reason === "unreadable") noteUnreadable(count, "void", line, unreadable, cells);
    // Often a slip of the typing: pointed at, for the tellers to check against the paper (a row of only
    // commas has its own note).
    if (reason === "over-approval" && cells.some((c) => c !== "")) noteOverApproval(count, line, cells, marks, approvals);
    return;
  }
  count.valid++;
  for (let i = 0; i < marks.length; i++) {
    const t = count.totals[i]!;
    if (marks[i] === "approve") t.approve++;
    else if (marks[i] === "against") t.against++;
    else t.abstain++;
    // An unreadable mark counted as abstain ("abstain-item") is reported only where it is counted: on a valid ballot.
    if (marks[i] === "unreadable") noteUnreadable(count, "abstain", line, i, cells);
  }
}

/**
 * Two or more rows of only commas ending the file that alone make more ballots returned than issued: the
 * formatted empty rows below a table (an entry template's) that Excel and WPS save into a CSV file, not
 * blank ballots that would void the vote. Refused, for the clerk to delete them or number the blank ballots.
 */
function formattedRows(count: BallotCount, issued: number): Diagnostic[] {
  const { first, rows } = count.trailingEmpty;
  if (rows < 2 || count.returned <= issued || count.returned - rows > issued) return [];
  return [error("E_TRAILING_EMPTY_ROWS", { file: count.layout.file, line: first, column: 1 }, { first, last: first + rows - 1, rows, returned: count.returned, issued })];
}

/** The round's count, and every diagnostic the counting gave (with how many notes of each code were left unworded). */
export function finishCount(count: BallotCount, round: number, issued: number): { value: RoundCount; diagnostics: Diagnostic[] } {
  const voidByReason: Partial<Record<VoidReason, number>> = {};
  for (const r of VOID_REASONS) if (count.voidByReason[r] > 0) voidByReason[r] = count.voidByReason[r];
  // Rows of counts with no other row after them are the table's 合计 rows: refused, and their marks not
  // said to be unreadable (they were counted as ballots only while a ballot might follow).
  const totals = count.trailingCountRows;
  const first = totals[0]?.at.line ?? Infinity;
  const counted = count.diagnostics.filter((d) => d.severity === "error" || d.at.line < first);
  // Two ballots with a 票号 make the numbering the file's way: a row without one holding only words is a note.
  const notes = count.lineBySerial.size >= 2 && count.unnumberedBallots === 0 ? count.unnumberedNotes : [];
  const diagnostics = [...counted, ...totals, ...noteRows(count), ...notes, ...formattedRows(count, issued)];
  for (const [kind, n] of Object.entries(count.notes)) {
    if (n > MAX_LISTED) diagnostics.push(warning("W_MORE_NOTES", { file: count.layout.file, line: count.firstUnlisted[kind], column: 1 }, { more: n - MAX_LISTED, kind }));
  }
  return {
    value: { round, source: "ballots", issued, returned: count.returned, valid: count.valid, void: count.returned - count.valid, voidByReason, totals: count.totals.map((t) => ({ ...t })) },
    diagnostics,
  };
}

export function ballotPolicy(rules: Pick<Rules, "maxApprovals" | "formal" | "blankBallot" | "unreadableMark" | "marks" | "ballot">, seatsLeft?: number): BallotPolicy {
  const maxApprovals = seatsLeft !== undefined ? seatsLeft : rules.maxApprovals === "formal" ? rules.formal : rules.maxApprovals === "none" ? null : rules.maxApprovals;
  return { maxApprovals, blankVoid: rules.blankBallot === "void", unreadableAbstain: rules.unreadableMark === "abstain-item", ...marksRead(rules) };
}

/** Whether the session gives its own marks, and whether its ballot is approve-only: what an unreadable mark's hint says. */
export function marksRead(rules: Pick<Rules, "marks" | "ballot">): Pick<BallotPolicy, "marksGiven" | "approveOnly"> {
  const given = rules.marks;
  // A given list wins over the other kinds' defaults (marks.approve ["X"] takes X from the default against):
  // a default list names only the marks it still counts.
  const taken = new Set(Object.values(given ?? {}).flatMap((list) => list ?? []).map(normalizeMark));
  const kept = (k: keyof typeof DEFAULT_MARKS) => given?.[k] ?? DEFAULT_MARKS[k].filter((m) => !taken.has(normalizeMark(m)));
  const marksGiven = given && Object.values(given).some((list) => list !== undefined)
    ? { approve: kept("approve"), against: kept("against"), abstain: kept("abstain") }
    : null;
  return { marksGiven, approveOnly: rules.ballot === "approve-only" };
}

/** What one round is counted with. */
export interface RoundSetup {
  /** The round's lines, in ballot order. */
  lines: readonly Candidate[];
  rules: Rules;
  round: number;
  issued: number;
  /** A runoff round's seats left, its limit of approvals. */
  seatsLeft?: number | undefined;
  /** Every row of candidates.csv, sub-items too: a column or row naming a sub-item is told so. */
  candidates?: readonly Candidate[] | undefined;
}

/**
 * Counts a ballots table as it comes, its header and then each row (a file streams them in, so a million
 * rows are never held), and gives the round's count at the end, or why the header has no layout.
 */
export function ballotCounter(file: string, setup: RoundSetup) {
  let count: BallotCount | undefined;
  let layoutProblems: Diagnostic[] = [];
  let firstEmptyLine = Infinity;
  // With one column and no 票号 or 作废, a blank ballot is a line with nothing on it: an empty line skipped
  // may be one, or may be none, and the number returned (the threshold's base) hangs on which.
  const emptyLineProblem = (): Diagnostic[] => {
    const layout = count?.layout;
    if (!layout || firstEmptyLine === Infinity || layout.lineColumns.length !== 1 || layout.serialColumn !== null || layout.voidColumn !== null) return [];
    return [error("E_BALLOTS_EMPTY_LINE", { file, line: firstEmptyLine, column: 1 }, { line: firstEmptyLine })];
  };
  return {
    header(cells: readonly string[], line: number): void {
      const layout = resolveBallotHeader(cells, line, setup.lines, file, setup.candidates);
      layoutProblems = layout.diagnostics;
      if (layout.value) count = startCount(layout.value, markVocabulary(setup.rules), ballotPolicy(setup.rules, setup.seatsLeft));
    },
    row(cells: readonly string[], line: number): void { if (count) countBallot(count, cells, line); },
    emptyLine(line: number): void { firstEmptyLine = Math.min(firstEmptyLine, line); },
    finish(): { value?: RoundCount; diagnostics: Diagnostic[] } {
      if (!count) return { diagnostics: layoutProblems };
      const counted = finishCount(count, setup.round, setup.issued);
      return { ...counted, diagnostics: [...emptyLineProblem(), ...counted.diagnostics] };
    },
  };
}

/** Counts a ballots table held in memory (enter's check of the file it writes). */
export function countBallotTable(table: Table, setup: RoundSetup): { value?: RoundCount; diagnostics: Diagnostic[] } {
  const counter = ballotCounter(table.file, setup);
  counter.header(table.header, table.headerLine);
  for (const row of table.rows) counter.row(row.cells, row.line);
  return counter.finish();
}

const COUNT_HEADERS = ["编号", "赞成", "反对", "弃权"] as const;

/** A count as written in a cell: a whole number, or NaN with the error said at its place. */
function countIn(cell: string, at: PlaceInput, diagnostics: Diagnostic[]): number {
  const raw = normalizeMark(cell);
  if (/^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  diagnostics.push(error("E_COUNT_NUMBER", at, { value: raw, sheet: "ballot-counts" }));
  return NaN;
}

/**
 * counts.csv: hand-counted totals (SPEC §5), for the round's returned and void ballots as session.json's
 * `counted` gives them (`countedAt` is where a missing entry is said: the entry itself when it is there but
 * null, `countedNull` then set). `countedBefore`: the entries of the rounds before, kept as they are in the
 * example the hint gives (an earlier hand-counted round's entry is not to be overwritten with null).
 */
export function parseCounts(
  table: Table, setup: RoundSetup & {
    counted: { returned: number; void: number } | undefined; countedAt: PlaceInput; countedNull?: boolean;
    countedBefore?: readonly ({ returned: number; void: number } | null)[];
  },
): { value?: RoundCount; diagnostics: Diagnostic[] } {
  const { lines, rules, round, issued, counted } = setup;
  const file = table.file;
  const { columns: col, diagnostics } = fixedColumns(table, COUNT_HEADERS, COUNT_HEADERS, "ballot-counts");
  const before = setup.countedBefore?.some((entry) => entry !== null) ? { before: setup.countedBefore.map((entry) => JSON.stringify(entry)) } : undefined;
  if (!counted) diagnostics.push(error("E_COUNTED_MISSING", setup.countedAt, { round, file, issued, ...(setup.countedNull ? { empty: 1 } : {}), ...before }));
  if (!counted || diagnostics.length > 0) return { diagnostics };
  const { returned, void: voidCount } = counted;
  const valid = returned - voidCount;
  const byId = new Map(lines.map((c, i) => [c.id, i] as const));
  const seen = new Map<number, number>();
  const totals: LineTotals[] = lines.map((c) => ({ id: c.id, approve: 0, against: 0, abstain: 0 }));
  for (const row of table.rows) {
    if (blankRow(row, file, diagnostics)) continue;
    const id = cellAt(row, col.get("编号")!);
    const at = (h: string) => ({ file, line: row.line, column: col.get(h)! + 1 });
    const index = byId.get(id);
    if (index === undefined) {
      // A heading or a sub-item is said as the ballots header says it.
      diagnostics.push(error("E_UNKNOWN_CANDIDATE", at("编号"), { id, ids: lines.map((c) => c.id), ...namedInstead(id, lines, setup.candidates ?? []) }));
      continue;
    }
    if (seen.has(index)) { diagnostics.push(error("E_DUPLICATE_ID", at("编号"), { id, otherLine: seen.get(index)!, sheet: "ballot-counts" })); continue; }
    seen.set(index, row.line);
    const [a, g, b] = ["赞成", "反对", "弃权"].map((h) => countIn(cellAt(row, col.get(h)!), at(h), diagnostics)) as [number, number, number];
    if ([a, g, b].some(Number.isNaN)) continue;
    if (a + g + b !== valid) {
      diagnostics.push(error("E_COUNT_SUM", { file, line: row.line, column: 1 }, { id, approve: a, against: g, abstain: b, valid, returned, void: voidCount }));
      continue;
    }
    // Not in the contract's list of count errors: said, but the clerk's numbers are taken as written.
    if (rules.ballot === "approve-only" && g > 0) {
      diagnostics.push(warning("W_COUNT_AGAINST", at("反对"), { id, against: g }));
    }
    totals[index] = { id, approve: a, against: g, abstain: b };
  }
  lines.forEach((c, i) => { if (!seen.has(i)) diagnostics.push(error("E_MISSING_CANDIDATE", { file, line: table.headerLine, column: 1 }, { candidate: `${c.id} ${c.name}` })); });
  const limit = ballotPolicy(rules, setup.seatsLeft).maxApprovals;
  const approvals = totals.reduce((s, t) => s + t.approve, 0);
  if (!hasErrors(diagnostics) && limit !== null && approvals > valid * limit) {
    diagnostics.push(warning("W_COUNT_IMPOSSIBLE", { file, line: table.headerLine, column: 1 }, { approvals, valid, limit }));
  }
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: { round, source: "counts", issued, returned, valid, void: voidCount, voidByReason: {}, totals }, diagnostics };
}
