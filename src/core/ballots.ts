// Ballot files (SPEC §5) and the validity of each ballot (§6.3). The tally is an accumulator fed one
// record at a time, so a million-row file streams through it without being held in memory.
import { error, warning, type Diagnostic } from "./diagnostics.js";
import type { Candidate } from "./candidates.js";
import type { Rules } from "./session.js";
import { cellAt, type Table, type TableRow } from "./table.js";

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

/** Full-width letters and digits typed with a Chinese input method read as their ASCII forms. */
export function normalizeMark(cell: string): string {
  return cell.normalize("NFKC").trim();
}

export interface MarkVocabulary {
  classify(cell: string): Mark;
}

export function markVocabulary(rules: Pick<Rules, "ballot" | "marks">): MarkVocabulary {
  const lists = {
    approve: rules.marks?.approve ?? DEFAULT_MARKS.approve,
    against: rules.marks?.against ?? DEFAULT_MARKS.against,
    abstain: rules.marks?.abstain ?? DEFAULT_MARKS.abstain,
  };
  const table = new Map<string, Mark>();
  // Later lists do not override earlier ones: a mark in two lists keeps its first meaning.
  const approveOnly = rules.ballot === "approve-only";
  for (const m of lists.approve) if (!table.has(normalizeMark(m))) table.set(normalizeMark(m), "approve");
  for (const m of lists.against) if (!table.has(normalizeMark(m))) table.set(normalizeMark(m), approveOnly ? "unreadable" : "against");
  for (const m of lists.abstain) if (!table.has(normalizeMark(m))) table.set(normalizeMark(m), "abstain");
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
        diagnostics.push(error("E_DUPLICATE_COLUMN", at, `列“${h}”与第 ${prev + 1} 列是同一个候选项目“${lines[lineIndex]!.id}”`, "每个候选项目只能有一列"));
      } else lineColumns[lineIndex] = index;
    } else if (h === SERIAL_COLUMN || h === VOID_COLUMN) {
      const dup = h === SERIAL_COLUMN ? serialColumn : voidColumn;
      if (dup !== null) diagnostics.push(error("E_DUPLICATE_COLUMN", at, `列“${h}”重复`, "删去多余的一列"));
      else if (h === SERIAL_COLUMN) serialColumn = index;
      else voidColumn = index;
    } else if (identifying.has(h.toLowerCase())) {
      diagnostics.push(error("E_IDENTIFYING_COLUMN", at, `列“${h}”可能暴露代表身份，表决票是无记名的`, "删除这一列：表决票文件只能有票号、作废和各候选项目的列"));
    } else if (h === "") {
      diagnostics.push(error("E_EMPTY_HEADER", at, "表头有空列名", "删除空列，或写上候选项目的编号"));
    } else {
      diagnostics.push(error("E_UNKNOWN_COLUMN", at, `列“${h}”不是任何${lines.length > 0 ? "本轮" : ""}候选项目`, `本轮的列：${lines.map((c) => c.id).join("、")}（可用编号或完整的项目名称）`));
    }
  });
  lines.forEach((c, i) => {
    if (lineColumns[i] === undefined) {
      diagnostics.push(error("E_MISSING_COLUMN", { file, line: headerLine, column: 1 }, `缺少候选项目“${c.id} ${c.name}”的列`, "每个候选项目都要有一列，列名用编号或完整的项目名称"));
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

/** Counts ballots one record at a time (SPEC §6.3–6.4). */
export class RoundTally {
  private readonly approve: Int32Array;
  private readonly against: Int32Array;
  private readonly abstain: Int32Array;
  private readonly marks: Mark[];
  private readonly serials = new Map<string, number>();
  private returned = 0;
  private valid = 0;
  private readonly voidBy: Record<VoidReason, number> = { "marked-void": 0, unreadable: 0, "over-approval": 0, blank: 0 };
  private listed = 0;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly layout: BallotLayout,
    private readonly vocabulary: MarkVocabulary,
    private readonly policy: BallotPolicy,
  ) {
    const n = layout.lines.length;
    this.approve = new Int32Array(n);
    this.against = new Int32Array(n);
    this.abstain = new Int32Array(n);
    this.marks = new Array<Mark>(n).fill("abstain");
  }

  private note(d: Diagnostic): void {
    if (this.listed < MAX_LISTED) this.diagnostics.push(d);
    this.listed++;
  }

  /** Adds one returned ballot. Structural problems (a repeated 票号) become error diagnostics. */
  addBallot(cells: readonly string[], line: number): void {
    const { layout, policy } = this;
    this.returned++;
    if (layout.serialColumn !== null) {
      const serial = cells[layout.serialColumn] ?? "";
      if (serial !== "") {
        const first = this.serials.get(serial);
        if (first !== undefined) {
          this.diagnostics.push(error("E_DUPLICATE_SERIAL", { file: layout.file, line, column: layout.serialColumn + 1 }, `票号“${serial}”与第 ${first} 行重复`, "同一张票只能录入一次：删除重复的行或改正票号"));
        } else this.serials.set(serial, line);
      }
    }
    const marked = layout.voidColumn !== null && (cells[layout.voidColumn] ?? "") !== "";
    const n = layout.lines.length;
    let unreadableAt = -1;
    let approvals = 0;
    let allEmpty = true;
    for (let i = 0; i < n; i++) {
      const cell = cells[layout.lineColumns[i]!] ?? "";
      if (cell !== "") allEmpty = false;
      let mark = this.vocabulary.classify(cell);
      if (mark === "unreadable") {
        if (unreadableAt < 0) unreadableAt = i;
        if (policy.unreadableAbstain) {
          if (!marked) this.note(warning("W_UNREADABLE_AS_ABSTAIN", { file: layout.file, line, column: layout.lineColumns[i]! + 1 }, `第 ${line} 行“${layout.lines[i]!.id}”的符号“${cell}”无法辨认，按弃权计`));
          mark = "abstain";
        }
      }
      if (mark === "approve") approvals++;
      this.marks[i] = mark;
    }
    let reason: VoidReason | null = null;
    if (marked) reason = "marked-void";
    else if (unreadableAt >= 0 && !policy.unreadableAbstain) reason = "unreadable";
    else if (policy.maxApprovals !== null && approvals > policy.maxApprovals) reason = "over-approval";
    else if (allEmpty && policy.blankVoid) reason = "blank";
    if (reason !== null) {
      this.voidBy[reason]++;
      if (reason === "unreadable") {
        const col = layout.lineColumns[unreadableAt]!;
        this.note(warning("W_UNREADABLE_MARK", { file: layout.file, line, column: col + 1 }, `第 ${line} 行“${layout.lines[unreadableAt]!.id}”的符号“${cells[col] ?? ""}”无法辨认，该票无效`));
      }
      return;
    }
    this.valid++;
    for (let i = 0; i < n; i++) {
      const m = this.marks[i];
      if (m === "approve") this.approve[i]!++;
      else if (m === "against") this.against[i]!++;
      else this.abstain[i]!++;
    }
  }

  addRow(row: TableRow): void {
    this.addBallot(row.cells, row.line);
  }

  result(round: number, issued: number): RoundCount {
    const voidTotal = this.returned - this.valid;
    const voidByReason: Partial<Record<VoidReason, number>> = {};
    for (const r of VOID_REASONS) if (this.voidBy[r] > 0) voidByReason[r] = this.voidBy[r];
    if (this.listed > MAX_LISTED) {
      this.diagnostics.push(warning("W_MORE_NOTES", { file: this.layout.file }, `另有 ${this.listed - MAX_LISTED} 条同类提示未列出`));
    }
    return {
      round, source: "ballots", issued, returned: this.returned, valid: this.valid, void: voidTotal, voidByReason,
      totals: this.layout.lines.map((c, i) => ({ id: c.id, approve: this.approve[i]!, against: this.against[i]!, abstain: this.abstain[i]! })),
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
  const diagnostics: Diagnostic[] = [];
  const col = new Map<string, number>();
  table.header.forEach((h, index) => {
    const at = { file, line: table.headerLine, column: index + 1 };
    if (!(COUNT_HEADERS as readonly string[]).includes(h)) diagnostics.push(error("E_UNKNOWN_COLUMN", at, `未知的列“${h}”`, "计票结果文件的列为：编号,赞成,反对,弃权"));
    else if (col.has(h)) diagnostics.push(error("E_DUPLICATE_COLUMN", at, `列“${h}”重复`, "删去多余的一列"));
    else col.set(h, index);
  });
  for (const h of COUNT_HEADERS) if (!col.has(h)) diagnostics.push(error("E_MISSING_COLUMN", { file, line: table.headerLine, column: 1 }, `缺少列“${h}”`, "计票结果文件的列为：编号,赞成,反对,弃权"));
  if (!counted) diagnostics.push(error("E_COUNTED_MISSING", { file: sessionFile, line: 1, column: 1 }, `第 ${round} 轮用手工计票结果（${file}），但 session.json 的 counted 没有第 ${round} 项`, `在 counted 中写 {"returned": 收回票数, "void": 无效票数}`));
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
    if (index === undefined) { diagnostics.push(error("E_UNKNOWN_CANDIDATE", at("编号"), `编号“${id}”不是本轮的候选项目`, `本轮的编号：${lines.map((c) => c.id).join("、")}`)); continue; }
    if (seen.has(index)) { diagnostics.push(error("E_DUPLICATE_ID", at("编号"), `编号“${id}”与第 ${seen.get(index)} 行重复`, "每个候选项目只能有一行")); continue; }
    seen.set(index, row.line);
    const nums: number[] = [];
    for (const h of ["赞成", "反对", "弃权"]) {
      const raw = normalizeMark(cellAt(row, col.get(h)!));
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) { diagnostics.push(error("E_COUNT_NUMBER", at(h), `“${raw}”不是非负整数`, "填写票数，例如 42")); nums.push(NaN); } else nums.push(Number(raw));
    }
    if (nums.some(Number.isNaN)) continue;
    const [a, g, b] = nums as [number, number, number];
    if (a + g + b !== valid) {
      diagnostics.push(error("E_COUNT_SUM", { file, line: row.line, column: 1 }, `“${id}”赞成 ${a} + 反对 ${g} + 弃权 ${b} = ${a + g + b}，不等于有效票 ${valid}（收回 ${returned} − 无效 ${voidCount}）`, "核对计票单：每个项目的赞成、反对、弃权之和必须等于有效票数"));
      continue;
    }
    if (rules.ballot === "approve-only" && g > 0) {
      diagnostics.push(error("E_COUNT_AGAINST", at("反对"), `只设赞成的表决票不应有反对票（“${id}”反对 ${g}）`, "把未画赞成的票计入弃权"));
      continue;
    }
    totals[index] = { id, approve: a, against: g, abstain: b };
  }
  lines.forEach((c, i) => { if (!seen.has(i)) diagnostics.push(error("E_MISSING_CANDIDATE", { file, line: table.headerLine, column: 1 }, `缺少“${c.id} ${c.name}”的计票行`, "每个候选项目都要有一行")); });
  const limit = ballotPolicy(rules, seatsLeft).maxApprovals;
  const approvals = totals.reduce((s, t) => s + t.approve, 0);
  if (diagnostics.length === 0 && limit !== null && approvals > valid * limit) {
    diagnostics.push(error("E_COUNT_IMPOSSIBLE", { file, line: table.headerLine, column: 1 }, `赞成票合计 ${approvals} 超过有效票 ${valid} × 限选数 ${limit}`, "每张有效票最多赞成限选数个项目，请核对计票单"));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { value: { round, source: "counts", issued, returned, valid, void: voidCount, voidByReason: {}, totals }, diagnostics };
}
