// Ballot files (SPEC §5) and the validity of each ballot (§6.3). The tally is an accumulator fed one
// record at a time, so a million-row file streams through it without being held in memory.
import { errorText, hasErrors, warningText, type Diagnostic } from "./diagnostics.js";
import type { Candidate } from "./candidates.js";
import type { Rules } from "./session.js";
import { cellAt, fixedColumns, type Table, type TableRow } from "./table.js";

export type Mark = "approve" | "against" | "abstain" | "unreadable";
export const VOID_REASONS = ["marked-void", "unreadable", "over-approval", "blank"] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

export const VOID_REASON_LABELS: Record<VoidReason, string> = {
  "marked-void": "宣布作废",
  unreadable: "符号无法辨认",
  "over-approval": "赞成超过限选数",
  blank: "空白票",
};

export const DEFAULT_MARKS = {
  approve: ["○", "〇", "O", "o", "赞成", "同意", "1"],
  against: ["×", "X", "x", "✗", "反对", "不同意", "0"],
  abstain: ["弃权", "-"],
} as const;

/** Columns that could identify a deputy: a secret ballot must not carry them. */
export const IDENTIFYING_COLUMNS = ["姓名", "代表", "代表姓名", "name", "deputy", "身份证", "电话", "phone", "id_card"];
const SERIAL_COLUMN = "票号";
const VOID_COLUMN = "作废";

/**
 * Full-width letters and digits typed with a Chinese input method (Ｏ, １, ｘ) read as their ASCII forms.
 * Nothing else is folded: ① or ⓪ are not marks of the vocabulary and stay unreadable.
 */
export function normalizeMark(cell: string): string {
  return cell.replace(/[\uff01-\uff5e\u3000]/g, (ch) => (ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - 0xfee0))).trim();
}

export interface MarkVocabulary {
  classify(cell: string): Mark;
}

export function markVocabulary(rules: Pick<Rules, "ballot" | "marks">): MarkVocabulary {
  const approveOnly = rules.ballot === "approve-only";
  const meaning: Record<keyof typeof DEFAULT_MARKS, Mark> = { approve: "approve", against: approveOnly ? "unreadable" : "against", abstain: "abstain" };
  const kinds = ["approve", "against", "abstain"] as const;
  const given = kinds.filter((k) => rules.marks?.[k] !== undefined);
  const table = new Map<string, Mark>();
  // A list the session gives replaces the default list, and wins over the defaults of the other kinds
  // (marks.approve ["X"] makes X approve although X is a default against mark). Two given lists never
  // share a mark: the session schema refuses that.
  for (const k of given) for (const m of rules.marks![k]!) table.set(normalizeMark(m), meaning[k]);
  for (const k of kinds.filter((x) => !given.includes(x))) for (const m of DEFAULT_MARKS[k]) if (!table.has(normalizeMark(m))) table.set(normalizeMark(m), meaning[k]);
  // Fast path for the raw cell (no normalisation needed for the common marks).
  const raw = new Map<string, Mark>(table);
  return {
    classify(cell: string): Mark {
      if (cell === "") return "abstain";
      const hit = raw.get(cell);
      if (hit !== undefined) return hit;
      const n = normalizeMark(cell);
      if (n === "") return "abstain";
      return table.get(n) ?? "unreadable";
    },
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

export function resolveBallotHeader(header: readonly string[], headerLine: number, lines: readonly Candidate[], file: string): { value?: BallotLayout; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, number>();
  lines.forEach((c, i) => { byKey.set(c.id, i); });
  lines.forEach((c, i) => { if (!byKey.has(c.name)) byKey.set(c.name, i); });
  const lineColumns: (number | undefined)[] = lines.map(() => undefined);
  let serialColumn: number | null = null;
  let voidColumn: number | null = null;
  const identifying = new Set(IDENTIFYING_COLUMNS.map((s) => s.toLowerCase()));
  header.forEach((h, index) => {
    const at = { file, line: headerLine, column: index + 1 };
    const lineIndex = byKey.get(h);
    if (lineIndex !== undefined) {
      const prev = lineColumns[lineIndex];
      if (prev !== undefined) {
        diagnostics.push(errorText("E_DUPLICATE_COLUMN", at, `列“${h}”与第 ${prev + 1} 列是同一个候选项目“${lines[lineIndex]!.id}”`, "每个候选项目只能有一列", { column: h, otherColumn: prev + 1, candidate: lines[lineIndex]!.id }));
      } else lineColumns[lineIndex] = index;
    } else if (h === SERIAL_COLUMN || h === VOID_COLUMN) {
      const dup = h === SERIAL_COLUMN ? serialColumn : voidColumn;
      if (dup !== null) diagnostics.push(errorText("E_DUPLICATE_COLUMN", at, `列“${h}”重复`, "删去多余的一列", { column: h }));
      else if (h === SERIAL_COLUMN) serialColumn = index;
      else voidColumn = index;
    } else if (identifying.has(h.toLowerCase())) {
      diagnostics.push(errorText("E_IDENTIFYING_COLUMN", at, `列“${h}”可能暴露代表身份，表决票是无记名的`, "删除这一列：表决票文件只能有票号、作废和各候选项目的列", { column: h }));
    } else if (h === "") {
      diagnostics.push(errorText("E_EMPTY_HEADER", at, "表头有空列名", "删除空列，或写上候选项目的编号"));
    } else {
      diagnostics.push(errorText("E_UNKNOWN_COLUMN", at, `列“${h}”不是任何${lines.length > 0 ? "本轮" : ""}候选项目`, `本轮的列：${lines.map((c) => c.id).join("、")}（可用编号或完整的项目名称）`, { column: h, round: lines.length > 0 ? 1 : 0, expected: lines.map((c) => c.id).join(", ") }));
    }
  });
  lines.forEach((c, i) => {
    if (lineColumns[i] === undefined) {
      diagnostics.push(errorText("E_MISSING_COLUMN", { file, line: headerLine, column: 1 }, `缺少候选项目“${c.id} ${c.name}”的列`, "每个候选项目都要有一列，列名用编号或完整的项目名称", { candidate: `${c.id} ${c.name}` }));
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
}

const MAX_LISTED = 200;

/** A mark as a small number, so the hot loop compares integers: the Mark plus FILLED when the cell is not empty. */
export const MARK_CODE = { approve: 0, against: 1, abstain: 2, unreadable: 3 } as const satisfies Record<Mark, number>;
export const FILLED = 4;

const IS_APPROVE = Uint8Array.from({ length: 8 }, (_, c) => ((c & 3) === MARK_CODE.approve ? 1 : 0));
const IS_UNREADABLE = Uint8Array.from({ length: 8 }, (_, c) => ((c & 3) === MARK_CODE.unreadable ? 1 : 0));

/** The code of one (trimmed) cell: its mark, plus FILLED unless the cell is empty. */
export function markCode(vocabulary: MarkVocabulary, cell: string): number {
  return MARK_CODE[vocabulary.classify(cell)] | (cell === "" ? 0 : FILLED);
}

/**
 * Ballot serials seen so far, with the line of each. Serials written as plain decimal numbers (the usual
 * 1, 2, 3 …) are kept as integers: those up to a few times the number of ballots in a flat array indexed
 * by the serial, larger ones in an open-addressing table, so a million ballots cost a few megabytes
 * instead of a million strings. Anything else goes into a Map.
 */
export class SerialIndex {
  private dense = new Int32Array(1 << 16);
  private keys = new Int32Array(1024).fill(-1);
  private lines = new Int32Array(1024);
  private hashed = 0;
  private size = 0;
  private readonly other = new Map<string, number>();

  /** The integer a serial stands for when it is canonical decimal (no sign, no leading zero, ≤ 9 digits), else -1. */
  static integer(serial: string): number {
    const n = serial.length;
    if (n === 0 || n > 9 || (n > 1 && serial.charCodeAt(0) === 48)) return -1;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const d = serial.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  /** Records a serial (a line is ≥ 1); returns the line it was first seen on if it was seen before, else 0. */
  addInteger(key: number, line: number): number {
    if (key >= this.dense.length && key < 4 * (this.size + 1)) {
      let size = this.dense.length;
      while (size <= key) size *= 2;
      const dense = new Int32Array(size);
      dense.set(this.dense);
      this.dense = dense;
    }
    if (key < this.dense.length) {
      const first = this.dense[key]!;
      if (first !== 0) return first;
      // A serial may have gone to the table before the array grew to reach it.
      if (this.hashed > 0) {
        const hashedFirst = this.lookup(key);
        if (hashedFirst !== 0) return hashedFirst;
      }
      this.dense[key] = line;
      this.size++;
      return 0;
    }
    const first = this.lookup(key);
    if (first !== 0) return first;
    this.insert(key, line);
    this.size++;
    return 0;
  }

  add(serial: string, line: number): number {
    const key = SerialIndex.integer(serial);
    if (key >= 0) return this.addInteger(key, line);
    const first = this.other.get(serial);
    if (first !== undefined) return first;
    this.other.set(serial, line);
    return 0;
  }

  private lookup(key: number): number {
    const mask = this.keys.length - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const k = this.keys[slot]!;
      if (k === key) return this.lines[slot]!;
      if (k === -1) return 0;
      slot = (slot + 1) & mask;
    }
  }

  private insert(key: number, line: number): void {
    const mask = this.keys.length - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (this.keys[slot] !== -1) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.lines[slot] = line;
    if (++this.hashed * 2 > this.keys.length) {
      const { keys, lines } = this;
      this.keys = new Int32Array(keys.length * 2).fill(-1);
      this.lines = new Int32Array(keys.length * 2);
      this.hashed = 0;
      for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.insert(keys[i]!, lines[i]!);
    }
  }
}

/** A growing list of 32-bit integers: half a million serials in 2 MB, not in an array of JS numbers. */
class IntList {
  private items = new Int32Array(1024);
  private size = 0;

  push(value: number): void {
    if (this.size === this.items.length) {
      const items = new Int32Array(this.items.length * 2);
      items.set(this.items);
      this.items = items;
    }
    this.items[this.size++] = value;
  }

  toArray(): Int32Array {
    return this.items.slice(0, this.size);
  }
}

/** A note about one cell, kept as data by a part tally (its line is only known relative to the part). */
export interface CellNote {
  kind: "void" | "abstain";
  line: number;
  /** Index of the line (candidate) in the layout. */
  index: number;
  cell: string;
}

/**
 * What a RoundTally counted over a part of a file (a worker counting the second half of a big file), with
 * line numbers relative to the part: the main tally absorbs it as if it had read those rows itself.
 */
export interface TallyPart {
  counts: Int32Array;
  returned: number;
  valid: number;
  voidBy: Record<VoidReason, number>;
  /** The first MAX_LISTED notes, and how many there were in all. */
  notes: CellNote[];
  listed: number;
  /** Every non-empty serial in row order: its line, and the serial as an integer (SerialIndex.integer) or -1. */
  serialLines: Int32Array;
  serialIntegers: Int32Array;
  /** The serials that are not integers, in order (one per -1 in serialIntegers). */
  serialTexts: string[];
}

/** Counts ballots one record at a time (SPEC §6.3–6.4). */
export class RoundTally {
  /** counts[line * 4 + mark code]: approve, against, abstain (and unreadable, never counted) per line. */
  private readonly counts: Int32Array;
  private readonly codes: Uint8Array;
  private readonly serials = new SerialIndex();
  private readonly maxApprovals: number;
  private returned = 0;
  private valid = 0;
  private readonly voidBy: Record<VoidReason, number> = { "marked-void": 0, unreadable: 0, "over-approval": 0, blank: 0 };
  private listed = 0;
  readonly diagnostics: Diagnostic[] = [];
  /** In a part tally: notes and serials kept as data, for `absorb`. */
  private readonly part: { notes: CellNote[]; lines: IntList; integers: IntList; texts: string[] } | null;

  constructor(
    readonly layout: BallotLayout,
    readonly vocabulary: MarkVocabulary,
    private readonly policy: BallotPolicy,
    options: { part?: boolean } = {},
  ) {
    const n = layout.lines.length;
    this.counts = new Int32Array(n * 4);
    this.codes = new Uint8Array(n);
    this.maxApprovals = policy.maxApprovals === null ? Number.MAX_SAFE_INTEGER : policy.maxApprovals;
    this.part = options.part ? { notes: [], lines: new IntList(), integers: new IntList(), texts: [] } : null;
  }

  /** Notes beyond the first MAX_LISTED are only counted, so they are not even worded. */
  private note(kind: CellNote["kind"], line: number, index: number, cellText: (lineIndex: number) => string): void {
    if (this.listed < MAX_LISTED) {
      if (this.part) this.part.notes.push({ kind, line, index, cell: cellText(index) });
      else this.diagnostics.push(this.noteDiagnostic({ kind, line, index, cell: cellText(index) }));
    }
    this.listed++;
  }

  private noteDiagnostic(n: CellNote): Diagnostic {
    const { layout } = this;
    const at = { file: layout.file, line: n.line, column: layout.lineColumns[n.index]! + 1 };
    const id = layout.lines[n.index]!.id;
    return n.kind === "void"
      ? warningText("W_UNREADABLE_MARK", at, `第 ${n.line} 行“${id}”的符号“${n.cell}”无法辨认，该票无效`)
      : warningText("W_UNREADABLE_AS_ABSTAIN", at, `第 ${n.line} 行“${id}”的符号“${n.cell}”无法辨认，按弃权计`);
  }

  /** Adds one returned ballot. Structural problems (a repeated 票号) become error diagnostics. */
  addBallot(cells: readonly string[], line: number): void {
    const { layout } = this;
    if (layout.serialColumn !== null) this.addSerial(cells[layout.serialColumn] ?? "", line);
    const codes = this.ballotCodes();
    const n = layout.lines.length;
    for (let i = 0; i < n; i++) codes[i] = markCode(this.vocabulary, cells[layout.lineColumns[i]!] ?? "");
    const marked = layout.voidColumn !== null && (cells[layout.voidColumn] ?? "") !== "";
    this.addCoded(marked, line, (i) => cells[layout.lineColumns[i]!] ?? "");
  }

  /** The serial (票号) of the next ballot; call before `addCoded`. */
  addSerial(serial: string, line: number): void {
    if (serial === "") return;
    if (this.part) {
      const key = SerialIndex.integer(serial);
      this.part.lines.push(line);
      this.part.integers.push(key);
      if (key < 0) this.part.texts.push(serial);
      return;
    }
    this.serialSeen(this.serials.add(serial, line), serial, line);
  }

  /** As `addSerial`, for a serial already read as canonical decimal (see SerialIndex.integer). */
  addSerialInteger(serial: number, line: number): void {
    if (this.part) {
      this.part.lines.push(line);
      this.part.integers.push(serial);
      return;
    }
    this.serialSeen(this.serials.addInteger(serial, line), serial, line);
  }

  private serialSeen(first: number, serial: string | number, line: number): void {
    if (first === 0) return;
    const column = this.layout.serialColumn! + 1;
    this.diagnostics.push(errorText("E_DUPLICATE_SERIAL", { file: this.layout.file, line, column }, `票号“${serial}”与第 ${first} 行重复`, "同一张票只能录入一次：删除重复的行或改正票号"));
  }

  /** What a counter elsewhere (ballot-scan.ts) must know to tell a simply valid ballot from one to pass here. */
  bulkRules(): { maxApprovals: number; blankVoid: boolean } {
    return { maxApprovals: this.maxApprovals, blankVoid: this.policy.blankVoid };
  }

  /**
   * Adds `n` ballots counted elsewhere, each of them valid with no unreadable mark (so `addCoded` would
   * have done no more than count it): counts[line * 4 + mark code] summed over them. Their serials go to
   * `addSerialInteger` one by one, in line order, before any later ballot.
   */
  addValidBallots(n: number, counts: Int32Array): void {
    this.returned += n;
    this.valid += n;
    const own = this.counts;
    for (let k = 0; k < own.length; k++) own[k]! += counts[k]!;
  }

  /** The buffer to fill with one code per line (markCode) before calling `addCoded`. */
  ballotCodes(): Uint8Array {
    return this.codes;
  }

  /**
   * Adds one returned ballot whose marks are already in `ballotCodes()`. `cellText(i)` gives line i's cell
   * as written; it is only asked for when a note names the cell.
   */
  addCoded(marked: boolean, line: number, cellText: (lineIndex: number) => string): void {
    const codes = this.codes;
    const n = codes.length;
    this.returned++;
    let approvals = 0;
    let unreadable = 0;
    let filled = 0;
    // Table lookups instead of branches: marks come in no pattern a processor could predict.
    for (let i = 0; i < n; i++) {
      const code = codes[i]!;
      filled |= code;
      approvals += IS_APPROVE[code]!;
      unreadable += IS_UNREADABLE[code]!;
    }
    if (unreadable > 0) {
      if (!this.policy.unreadableAbstain) {
        this.voidBy[marked ? "marked-void" : "unreadable"]++;
        if (!marked) this.note("void", line, codes.findIndex((c) => (c & 3) === MARK_CODE.unreadable), cellText);
        return;
      }
      // With unreadableMark "abstain-item": each unreadable cell counts as abstain, and is reported.
      for (let i = 0; i < n; i++) {
        const code = codes[i]!;
        if ((code & 3) !== MARK_CODE.unreadable) continue;
        if (!marked) this.note("abstain", line, i, cellText);
        codes[i] = (code & FILLED) | MARK_CODE.abstain;
      }
    }
    let reason: VoidReason | null = null;
    if (marked) reason = "marked-void";
    else if (approvals > this.maxApprovals) reason = "over-approval";
    else if ((filled & FILLED) === 0 && this.policy.blankVoid) reason = "blank";
    if (reason !== null) {
      this.voidBy[reason]++;
      return;
    }
    this.valid++;
    const counts = this.counts;
    for (let i = 0; i < n; i++) counts[(i << 2) | (codes[i]! & 3)]!++;
  }

  /** What a part tally counted (see TallyPart). */
  partResult(): TallyPart {
    const part = this.part;
    if (!part) throw new Error("not a part tally");
    return {
      counts: this.counts, returned: this.returned, valid: this.valid, voidBy: { ...this.voidBy },
      notes: part.notes, listed: this.listed,
      serialLines: part.lines.toArray(), serialIntegers: part.integers.toArray(), serialTexts: part.texts,
    };
  }

  /**
   * Takes in the rows a part tally counted, as if read here after the rows so far: `lineOffset` is added
   * to its line numbers. Diagnostics come out in the order reading the rows would give them.
   */
  absorb(part: TallyPart, lineOffset: number): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += part.counts[i]!;
    this.returned += part.returned;
    this.valid += part.valid;
    for (const r of VOID_REASONS) this.voidBy[r] += part.voidBy[r];
    let note = 0;
    let text = 0;
    const notesBefore = (line: number) => {
      while (note < part.notes.length && part.notes[note]!.line < line) this.absorbNote(part.notes[note++]!, lineOffset);
    };
    for (let k = 0; k < part.serialLines.length; k++) {
      const line = part.serialLines[k]!;
      notesBefore(line);
      const key = part.serialIntegers[k]!;
      if (key >= 0) this.serialSeen(this.serials.addInteger(key, line + lineOffset), key, line + lineOffset);
      else {
        const serial = part.serialTexts[text++]!;
        this.serialSeen(this.serials.add(serial, line + lineOffset), serial, line + lineOffset);
      }
    }
    notesBefore(Infinity);
    // Notes past the part's first MAX_LISTED were only counted there.
    this.listed += part.listed - part.notes.length;
  }

  private absorbNote(n: CellNote, lineOffset: number): void {
    if (this.listed < MAX_LISTED) this.diagnostics.push(this.noteDiagnostic({ ...n, line: n.line + lineOffset }));
    this.listed++;
  }

  addRow(row: TableRow): void {
    this.addBallot(row.cells, row.line);
  }

  result(round: number, issued: number): RoundCount {
    const voidTotal = this.returned - this.valid;
    const voidByReason: Partial<Record<VoidReason, number>> = {};
    for (const r of VOID_REASONS) if (this.voidBy[r] > 0) voidByReason[r] = this.voidBy[r];
    if (this.listed > MAX_LISTED) {
      this.diagnostics.push(warningText("W_MORE_NOTES", { file: this.layout.file }, `另有 ${this.listed - MAX_LISTED} 条同类提示未列出`));
    }
    return {
      round, source: "ballots", issued, returned: this.returned, valid: this.valid, void: voidTotal, voidByReason,
      totals: this.layout.lines.map((c, i) => ({ id: c.id, approve: this.counts[i * 4 + MARK_CODE.approve]!, against: this.counts[i * 4 + MARK_CODE.against]!, abstain: this.counts[i * 4 + MARK_CODE.abstain]! })),
    };
  }
}

export function ballotPolicy(rules: Pick<Rules, "maxApprovals" | "formal" | "blankBallot" | "unreadableMark">, seatsLeft?: number): BallotPolicy {
  const maxApprovals = seatsLeft !== undefined ? seatsLeft : rules.maxApprovals === "formal" ? rules.formal : rules.maxApprovals === "none" ? null : rules.maxApprovals;
  return { maxApprovals, blankVoid: rules.blankBallot === "void", unreadableAbstain: rules.unreadableMark === "abstain-item" };
}

/** Counts a whole in-memory table (the small-file path; large files stream into RoundTally directly). */
export function countBallotTable(table: Table, lines: readonly Candidate[], rules: Rules, round: number, issued: number, seatsLeft?: number): { value?: RoundCount; diagnostics: Diagnostic[] } {
  const layout = resolveBallotHeader(table.header, table.headerLine, lines, table.file);
  if (!layout.value) return { diagnostics: layout.diagnostics };
  const tally = new RoundTally(layout.value, markVocabulary(rules), ballotPolicy(rules, seatsLeft));
  for (const row of table.rows) tally.addRow(row);
  const value = tally.result(round, issued);
  return { value, diagnostics: tally.diagnostics };
}

const COUNT_HEADERS = ["编号", "赞成", "反对", "弃权"] as const;

/** counts.csv: hand-counted totals (SPEC §5). */
export function parseCounts(table: Table, lines: readonly Candidate[], rules: Rules, round: number, issued: number, counted: { returned: number; void: number } | undefined, sessionFile: string, seatsLeft?: number): { value?: RoundCount; diagnostics: Diagnostic[] } {
  const file = table.file;
  const { columns: col, diagnostics } = fixedColumns(table, COUNT_HEADERS, COUNT_HEADERS, "计票结果文件的列为：编号,赞成,反对,弃权");
  if (!counted) diagnostics.push(errorText("E_COUNTED_MISSING", { file: sessionFile, line: 1, column: 1 }, `第 ${round} 轮用手工计票结果（${file}），但 session.json 的 counted 没有第 ${round} 项`, `在 counted 中写 {"returned": 收回票数, "void": 无效票数}`));
  if (diagnostics.length > 0) return { diagnostics };
  const { returned, void: voidCount } = counted!;
  const valid = returned - voidCount;
  const byId = new Map(lines.map((c, i) => [c.id, i] as const));
  const seen = new Map<number, number>();
  const totals: LineTotals[] = lines.map((c) => ({ id: c.id, approve: 0, against: 0, abstain: 0 }));
  for (const row of table.rows) {
    const id = cellAt(row, col.get("编号")!);
    const at = (h: string) => ({ file, line: row.line, column: col.get(h)! + 1 });
    const index = byId.get(id);
    if (index === undefined) { diagnostics.push(errorText("E_UNKNOWN_CANDIDATE", at("编号"), `编号“${id}”不是本轮的候选项目`, `本轮的编号：${lines.map((c) => c.id).join("、")}`)); continue; }
    if (seen.has(index)) { diagnostics.push(errorText("E_DUPLICATE_ID", at("编号"), `编号“${id}”与第 ${seen.get(index)} 行重复`, "每个候选项目只能有一行")); continue; }
    seen.set(index, row.line);
    const nums: number[] = [];
    for (const h of ["赞成", "反对", "弃权"]) {
      const raw = normalizeMark(cellAt(row, col.get(h)!));
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) { diagnostics.push(errorText("E_COUNT_NUMBER", at(h), `“${raw}”不是非负整数`, "填写票数，例如 42")); nums.push(NaN); } else nums.push(Number(raw));
    }
    if (nums.some(Number.isNaN)) continue;
    const [a, g, b] = nums as [number, number, number];
    if (a + g + b !== valid) {
      diagnostics.push(errorText("E_COUNT_SUM", { file, line: row.line, column: 1 }, `“${id}”赞成 ${a} + 反对 ${g} + 弃权 ${b} = ${a + g + b}，不等于有效票 ${valid}（收回 ${returned} − 无效 ${voidCount}）`, "核对计票单：每个项目的赞成、反对、弃权之和必须等于有效票数",
        { id, approve: a, against: g, abstain: b, valid, returned, void: voidCount }));
      continue;
    }
    // Not in the contract's list of count errors: said, but the clerk's numbers are taken as written.
    if (rules.ballot === "approve-only" && g > 0) {
      diagnostics.push(warningText("W_COUNT_AGAINST", at("反对"), `只设赞成的表决票不应有反对票（“${id}”反对 ${g}）`, "核对计票单：未画赞成的票应计入弃权"));
    }
    totals[index] = { id, approve: a, against: g, abstain: b };
  }
  lines.forEach((c, i) => { if (!seen.has(i)) diagnostics.push(errorText("E_MISSING_CANDIDATE", { file, line: table.headerLine, column: 1 }, `缺少“${c.id} ${c.name}”的计票行`, "每个候选项目都要有一行")); });
  const limit = ballotPolicy(rules, seatsLeft).maxApprovals;
  const approvals = totals.reduce((s, t) => s + t.approve, 0);
  if (!hasErrors(diagnostics) && limit !== null && approvals > valid * limit) {
    diagnostics.push(warningText("W_COUNT_IMPOSSIBLE", { file, line: table.headerLine, column: 1 }, `赞成票合计 ${approvals} 超过有效票 ${valid} × 限选数 ${limit}`, "每张有效票最多赞成限选数个项目，请核对计票单"));
  }
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: { round, source: "counts", issued, returned, valid, void: voidCount, voidByReason: {}, totals }, diagnostics };
}
