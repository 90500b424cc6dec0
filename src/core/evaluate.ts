// Satisfaction evaluation (SPEC §8): evaluation.json, the project list, forms or hand counts per group
// (双评价), rates, scores, the 镇海 grade, the weighted 综合 row and indicator completion. Every ratio is an
// exact fraction; floating point appears only when --json serialises a value. Forms are counted by an
// accumulator fed one row at a time, so a large public survey file streams through it.
import { z } from "zod";
import { IDENTIFYING_COLUMNS } from "./ballots.js";
import { ID_PATTERN, parseCandidates } from "./candidates.js";
import { STATUS_LABELS } from "./decide.js";
import { errorText, warningText, type Diagnostic } from "./diagnostics.js";
import { decimal1, fraction, parseFraction, toNumber, type Fraction } from "./fraction.js";
import { parseJsonSource, type JsonSource } from "./json-source.js";
import { schemaDiagnostics } from "./session.js";
import { cellAt, fixedColumns, type Table } from "./table.js";

// Exact arithmetic on the fractions of fraction.ts.
const ZERO = fraction(0n, 1n);
const ONE = fraction(1n, 1n);
const HALF = fraction(1n, 2n);
function add(a: Fraction, b: Fraction): Fraction { return fraction(a.num * b.den + b.num * a.den, a.den * b.den); }
function mul(a: Fraction, b: Fraction): Fraction { return fraction(a.num * b.num, a.den * b.den); }
function div(a: Fraction, b: Fraction): Fraction { return fraction(a.num * b.den, a.den * b.num); }
function ratioOf(part: number, whole: number): Fraction | null { return whole > 0 ? fraction(BigInt(part), BigInt(whole)) : null; }
function cmp(a: Fraction, b: Fraction): number { const l = a.num * b.den; const r = b.num * a.den; return l < r ? -1 : l > r ? 1 : 0; }

// ───────────────────────────── evaluation.json ─────────────────────────────

export const COMBINED_LABEL = "综合";
export const LEVEL_NAMES = ["满意", "基本满意", "不满意"] as const;
export type Grade = (typeof LEVEL_NAMES)[number];
/** A form's cell for one project. */
export type Level = "satisfied" | "basic" | "unsatisfied" | "abstain";
const LEVEL_BY_CELL = new Map<string, Level>([["满意", "satisfied"], ["基本满意", "basic"], ["不满意", "unsatisfied"], ["弃权", "abstain"], ["", "abstain"]]);

const ratioString = z.string().refine((s) => parseFraction(s) !== null, { message: "应是小数或分数，如 \"0.6\" 或 \"2/3\"" });
const positiveRatio = ratioString.refine((s) => (parseFraction(s)?.num ?? 0n) > 0n, { message: "应大于 0" });
const unitRatio = ratioString.refine((s) => { const f = parseFraction(s); return f !== null && f.num <= f.den; }, { message: "应在 0 到 1 之间，如 \"0.8\"" });
const levelScore = z.number().min(0).max(100).refine((n) => parseFraction(String(n)) !== null, { message: "应是 0–100 之间的普通小数" });
const DEFAULT_LEVELS = { 满意: 100, 基本满意: 60, 不满意: 0 };
const PROJECTS_ABSOLUTE = "不能写绝对路径（审计记录和 SHA256SUMS 中的路径都相对于测评文件夹，文件夹整体搬动后仍要能核对）：写相对于测评文件夹的路径，如 \"candidates.csv\"、\"out/results.csv\" 或 \"../township-2026/out/results.csv\"";

export const evaluationGroupSchema = z.strictObject({
  weight: positiveRatio.default("1"),
  members: z.number().int().min(1).optional(),
});

export const evaluationSchema = z
  .strictObject({
    title: z.string().trim().min(1),
    // Relative to the evaluation folder, `..` included (a sibling session's out/results.csv is the natural
    // list); absolute paths are refused because SHA256SUMS and audit.json name every input relative to the
    // folder, which must still check out when the folders are moved or copied together. A Windows `\`
    // separator is read as `/`, so a file written on Windows works anywhere.
    projects: z.string().trim().min(1)
      .refine((p) => !/[\u0000-\u001f]/.test(p), { message: "路径中有控制字符" })
      .refine((p) => !/^(?:[\\/]|[A-Za-z]:)/.test(p), { message: PROJECTS_ABSOLUTE })
      .transform((p) => p.replace(/\\/g, "/")),
    groups: z.record(z.string(), evaluationGroupSchema).refine((g) => Object.keys(g).length > 0, { message: "至少要有一个测评组别" }),
    levels: z
      .strictObject({ 满意: levelScore.default(100), 基本满意: levelScore.default(60), 不满意: levelScore.default(0) })
      .default(DEFAULT_LEVELS),
    rateBase: z.enum(["valid", "returned", "members"]).default("valid"),
    grade: z.strictObject({ base: z.enum(["members", "valid"]).optional(), atHalf: z.enum(["counts", "short"]).default("counts") }).nullable().optional(),
    passRate: unitRatio.nullable().optional(),
  })
  .superRefine((e, ctx) => {
    for (const [name, g] of Object.entries(e.groups)) {
      if (name.trim() === "" || name.trim() !== name) ctx.addIssue({ code: "custom", path: ["groups", name], message: `组别名称“${name}”不能为空，也不能以空格开头或结尾` });
      else if (name === COMBINED_LABEL) ctx.addIssue({ code: "custom", path: ["groups", name], message: `组别不能叫“${COMBINED_LABEL}”：这是加权综合行的名称` });
      if (e.rateBase === "members" && g.members === undefined) {
        ctx.addIssue({ code: "custom", path: ["groups", name], message: `rateBase 为 "members" 时，组别“${name}”必须写 members（应参加人数）` });
      }
    }
    const l = e.levels;
    if (!(l.满意 >= l.基本满意 && l.基本满意 >= l.不满意)) {
      ctx.addIssue({ code: "custom", path: ["levels"], message: `各等次分值应满足 满意 ≥ 基本满意 ≥ 不满意（现为 ${l.满意}、${l.基本满意}、${l.不满意}）` });
    }
  });

export type EvaluationSettings = z.output<typeof evaluationSchema>;
export type RateBase = EvaluationSettings["rateBase"];

export interface EvaluationGroup {
  name: string;
  weight: Fraction;
  /** As written in evaluation.json, e.g. "0.6". */
  weightText: string;
  members: number | null;
}

export interface GradeRule {
  /** "members": the group's members where given, else its valid forms; "valid": always the valid forms. */
  base: "members" | "valid";
  atHalf: "counts" | "short";
}

export interface EvaluationConfig {
  file: string;
  settings: EvaluationSettings;
  title: string;
  projects: string;
  /** In the order written in evaluation.json; the first takes forms without a 组别 column. */
  groups: EvaluationGroup[];
  levels: Record<Exclude<Level, "abstain">, Fraction>;
  rateBase: RateBase;
  grade: GradeRule | null;
  passRate: Fraction | null;
  source: JsonSource;
}

export function parseEvaluationConfig(text: string, file = "evaluation.json"): { value?: EvaluationConfig; diagnostics: Diagnostic[] } {
  const parsed = parseJsonSource(text, file);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const source = parsed.source;
  const result = evaluationSchema.safeParse(source.value);
  if (!result.success) return { diagnostics: schemaDiagnostics(result.error.issues, source, file, "E_EVALUATION_SCHEMA").map((d) => (d.hint ? d : { ...d, hint: EVALUATION_HINT })) };
  const s = result.data;
  // Key order as written (integer-like keys would otherwise be moved to the front by JavaScript).
  const at = (name: string) => source.positions.get(`groups.${name}`) ?? { line: 0, column: 0 };
  const names = Object.keys(s.groups).sort((a, b) => at(a).line - at(b).line || at(a).column - at(b).column);
  const groups = names.map((name) => {
    const g = s.groups[name]!;
    return { name, weight: parseFraction(g.weight)!, weightText: g.weight, members: g.members ?? null };
  });
  const score = (n: number) => parseFraction(String(n))!;
  return {
    value: {
      file, settings: s, title: s.title, projects: s.projects, groups,
      levels: { satisfied: score(s.levels.满意), basic: score(s.levels.基本满意), unsatisfied: score(s.levels.不满意) },
      rateBase: s.rateBase,
      grade: s.grade ? { base: s.grade.base ?? "members", atHalf: s.grade.atHalf } : null,
      passRate: s.passRate ? parseFraction(s.passRate)! : null,
      source,
    },
    diagnostics: [],
  };
}

const EVALUATION_HINT = "evaluation.json 的写法见说明：title、projects、groups（各组 weight、members）、levels、rateBase、grade、passRate";

// ───────────────────────────── the project list ─────────────────────────────

export interface EvaluatedProject {
  id: string;
  name: string;
  line: number;
}

export interface ProjectList {
  file: string;
  projects: EvaluatedProject[];
  /** The list is a tally's results.csv: only its 当选 rows were taken. */
  fromResults: boolean;
  /** The file's rows left out of the list (a results.csv's rows not 当选): a forms column naming one is a project. */
  leftOut?: EvaluatedProject[];
}

const RESULT_HEADER = "结果";
const SELECTED = STATUS_LABELS.selected;
/** results.csv as tally writes it (SPEC §7); the list needs 编号, 项目名称 and 结果, the others may be dropped. */
const RESULTS_COLUMNS = ["名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"] as const;
const RESULTS_REQUIRED = ["编号", "项目名称", "结果"] as const;
const RESULTS_WHOLE_NUMBERS = ["名次", "赞成", "反对", "弃权", "轮次"] as const;
const RESULT_VALUES: readonly string[] = Object.values(STATUS_LABELS);
const RESULTS_HINT = "计票结果文件的列为：名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次（由 piaojue tally 写出；可以删去不用的列，但不能改名或加列）";

/**
 * The project list: a candidates.csv, validated in full by the candidates parser (SPEC §4), every row
 * evaluated; or a tally's results.csv (recognised by its 结果 column), validated as one, its 当选 rows taken.
 */
export function parseProjectList(table: Table): { value?: ProjectList; diagnostics: Diagnostic[] } {
  const resultCol = table.header.indexOf(RESULT_HEADER);
  if (resultCol >= 0) return parseResultsList(table);
  const checked = parseCandidates(table, "candidates");
  if (!checked.value) return { diagnostics: checked.diagnostics };
  const projects = checked.value.all.map((c) => ({ id: c.id, name: c.name, line: c.line }));
  return { value: { file: table.file, projects, fromResults: false, leftOut: [] }, diagnostics: [] };
}

function parseResultsList(table: Table): { value?: ProjectList; diagnostics: Diagnostic[] } {
  const file = table.file;
  const { columns: col, diagnostics } = fixedColumns(table, RESULTS_COLUMNS, RESULTS_REQUIRED, RESULTS_HINT);
  if (diagnostics.length > 0) return { diagnostics };
  const idCol = col.get("编号")!;
  const nameCol = col.get("项目名称")!;
  const resultCol = col.get(RESULT_HEADER)!;
  const projects: EvaluatedProject[] = [];
  const leftOut: EvaluatedProject[] = [];
  const byId = new Map<string, EvaluatedProject>();
  const byName = new Map<string, EvaluatedProject>();
  for (const row of table.rows) {
    const id = cellAt(row, idCol);
    const name = cellAt(row, nameCol);
    const result = cellAt(row, resultCol);
    let idOk = true;
    let nameOk = true;
    let ok = true;
    if (id === "") { diagnostics.push(errorText("E_PROJECT_ID", { file, line: row.line, column: idCol + 1 }, "编号为空", "每个项目都要有编号，例如 P01")); idOk = false; }
    else if (!ID_PATTERN.test(id)) {
      const reason = "编号只能用字母、数字、- 和 _，且以字母或数字开头";
      diagnostics.push(errorText("E_CANDIDATE_ID", { file, line: row.line, column: idCol + 1 }, `编号“${id}”：${reason}`, undefined, { field: "id", value: id, reason }));
      idOk = false;
    } else if (byId.has(id)) { diagnostics.push(errorText("E_DUPLICATE_ID", { file, line: row.line, column: idCol + 1 }, `编号“${id}”与第 ${byId.get(id)!.line} 行重复`, "编号必须唯一")); idOk = false; }
    if (name === "") { diagnostics.push(errorText("E_PROJECT_NAME", { file, line: row.line, column: nameCol + 1 }, "项目名称为空", "填写项目名称")); nameOk = false; }
    else if (byName.has(name)) { diagnostics.push(errorText("E_DUPLICATE_NAME", { file, line: row.line, column: nameCol + 1 }, `项目名称“${name}”与第 ${byName.get(name)!.line} 行重复`, "项目名称必须唯一")); nameOk = false; }
    if (!RESULT_VALUES.includes(result)) {
      diagnostics.push(errorText("E_RESULT_VALUE", { file, line: row.line, column: resultCol + 1 }, `第 ${row.line} 行的结果“${result}”不是计票结果`, `结果只能是：${RESULT_VALUES.join("、")}`, { value: result }));
      ok = false;
    }
    for (const h of RESULTS_WHOLE_NUMBERS) {
      const index = col.get(h);
      if (index === undefined) continue;
      const raw = cellAt(row, index);
      if (!/^\d+$/.test(raw)) { diagnostics.push(errorText("E_COUNT_NUMBER", { file, line: row.line, column: index + 1 }, `第 ${row.line} 行“${h}”的“${raw}”不是非负整数`, RESULTS_HINT)); ok = false; }
    }
    const p = { id, name, line: row.line };
    if (idOk) byId.set(id, p);
    if (nameOk) byName.set(name, p);
    if (ok && idOk && nameOk) (result === SELECTED ? projects : leftOut).push(p);
  }
  // A column of the forms may be named by id or by name: the two must not collide.
  for (const p of byName.values()) {
    const other = byId.get(p.name);
    if (other && other !== p) diagnostics.push(errorText("E_AMBIGUOUS_NAME", { file, line: p.line, column: nameCol + 1 }, `项目名称“${p.name}”与第 ${other.line} 行的编号相同`, "改一个名称，否则测评表的列名无法区分"));
  }
  if (projects.length === 0 && diagnostics.length === 0) {
    diagnostics.push(errorText("E_NO_PROJECTS", { file, line: table.headerLine, column: 1 }, "计票结果中没有“当选”的项目", "确认 evaluation.json 的 projects 指向最终的计票结果（所有轮次计完后的 results.csv）"));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { value: { file, projects, fromResults: true, leftOut }, diagnostics };
}

// ───────────────────────────── forms (evaluations.csv) ─────────────────────────────

export const GROUP_COLUMN = "组别";

export interface LevelCounts {
  satisfied: number;
  basic: number;
  unsatisfied: number;
  abstain: number;
}

/** What was read from the forms or the hand counts. */
export interface EvaluationCounts {
  source: "forms" | "counts";
  file: string;
  /** Forms per group (config order). For hand counts: the largest project total of the group. */
  groupForms: number[];
  /** [project][group]: null when the group has no forms for the project. */
  cells: (LevelCounts | null)[][];
}

export interface FormLayout {
  file: string;
  headerLine: number;
  width: number;
  groupColumn: number | null;
  /** Column index of each listed project, in list order. */
  projectColumns: number[];
  /** Columns of projects not in the list (by id pattern or a row the list left out): warned about, not counted. */
  unlisted: { column: number; header: string }[];
  groups: string[];
  projects: EvaluatedProject[];
}

export function normalizeCell(cell: string): string {
  return cell.normalize("NFKC").trim();
}

function levelOf(cell: string): Level | undefined {
  return LEVEL_BY_CELL.get(cell) ?? LEVEL_BY_CELL.get(normalizeCell(cell));
}

const MARKS_HINT = "单元格只能填：满意、基本满意、不满意、弃权，或留空（按弃权计）";
const FORM_COLUMNS_HINT = "删除这一列：测评表文件只能有“组别”和各项目的列（列名用编号或完整的项目名称）";

/**
 * Maps the forms header to the listed projects. A column naming no listed project is taken for a project
 * not in the list (a warning, not counted) only when it is recognisably one: its header has the form of an
 * id, or is the id or name of a row the list left out (a results.csv's 未当选 rows). Any other column is an
 * error, as for ballots: the forms are anonymous and an unknown column may identify the person.
 */
export function resolveFormHeader(header: readonly string[], headerLine: number, projects: readonly EvaluatedProject[], groups: readonly string[], file: string, leftOut: readonly EvaluatedProject[] = []): { value?: FormLayout; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, number>();
  projects.forEach((p, i) => byKey.set(p.id, i));
  projects.forEach((p, i) => { if (!byKey.has(p.name)) byKey.set(p.name, i); });
  const otherProjects = new Set(leftOut.flatMap((p) => [p.id, p.name]));
  const identifying = new Set(IDENTIFYING_COLUMNS.map((s) => s.toLowerCase()));
  const columns: (number | undefined)[] = projects.map(() => undefined);
  const unlisted: { column: number; header: string }[] = [];
  let groupColumn: number | null = null;
  header.forEach((h, index) => {
    const at = { file, line: headerLine, column: index + 1 };
    const p = byKey.get(h);
    if (p !== undefined) {
      const prev = columns[p];
      if (prev !== undefined) diagnostics.push(errorText("E_DUPLICATE_COLUMN", at, `列“${h}”与第 ${prev + 1} 列是同一个项目“${projects[p]!.id}”`, "每个项目只能有一列", { column: h, otherColumn: prev + 1, candidate: projects[p]!.id }));
      else columns[p] = index;
    } else if (h === GROUP_COLUMN) {
      if (groupColumn !== null) diagnostics.push(errorText("E_DUPLICATE_COLUMN", at, `列“${h}”重复`, "删去多余的一列", { column: h }));
      else groupColumn = index;
    } else if (identifying.has(h.toLowerCase())) {
      diagnostics.push(errorText("E_IDENTIFYING_COLUMN", at, `列“${h}”可能暴露填表人身份，满意度测评是无记名的`, "删除这一列：测评表文件只能有“组别”和各项目的列", { column: h, form: "evaluation" }));
    } else if (h === "") {
      diagnostics.push(errorText("E_EMPTY_HEADER", at, "表头有空列名", "删除空列，或写上项目的编号"));
    } else if (ID_PATTERN.test(h) || otherProjects.has(h)) {
      unlisted.push({ column: index, header: h });
    } else {
      diagnostics.push(errorText("E_UNKNOWN_COLUMN", at, `列“${h}”不是项目清单中的项目，也不是“组别”；这一列可能暴露填表人身份`, FORM_COLUMNS_HINT, { column: h }));
    }
  });
  projects.forEach((p, i) => {
    if (columns[i] === undefined) diagnostics.push(errorText("E_MISSING_COLUMN", { file, line: headerLine, column: 1 }, `缺少项目“${p.id} ${p.name}”的列`, "项目清单中的每个项目都要有一列，列名用编号或完整的项目名称", { candidate: `${p.id} ${p.name}` }));
  });
  if (diagnostics.length > 0) return { diagnostics };
  return { value: { file, headerLine, width: header.length, groupColumn, projectColumns: columns as number[], unlisted, groups: [...groups], projects: [...projects] }, diagnostics };
}

const MAX_LISTED = 200;

/** Counts evaluation forms one row at a time (SPEC §8). Problems become diagnostics; nothing throws. */
export class EvaluationTally {
  /** (group × projects + project) × 4 + level. Float64 so counts stay exact far beyond 2^31. */
  private readonly counts: Float64Array;
  private readonly forms: Float64Array;
  private readonly groupIndex = new Map<string, number>();
  /** Whether each unlisted column has any filled cell (for the warning's wording). */
  private readonly unlistedSeen: boolean[];
  private errors = 0;
  private readonly errorLines: Diagnostic[] = [];

  constructor(private readonly layout: FormLayout) {
    const g = layout.groups.length;
    const p = layout.projects.length;
    this.counts = new Float64Array(g * p * 4);
    this.forms = new Float64Array(g);
    layout.groups.forEach((name, i) => this.groupIndex.set(name, i));
    this.unlistedSeen = layout.unlisted.map(() => false);
  }

  private fail(d: Diagnostic): void {
    if (this.errors < MAX_LISTED) this.errorLines.push(d);
    this.errors++;
  }

  /** Adds one form. A form with any error is reported and not counted. */
  addForm(cells: readonly string[], line: number): void {
    const { layout } = this;
    let group = 0;
    let ok = true;
    if (layout.groupColumn !== null) {
      const raw = cells[layout.groupColumn] ?? "";
      const name = normalizeCell(raw);
      const at = { file: layout.file, line, column: layout.groupColumn + 1 };
      const index = this.groupIndex.get(raw) ?? this.groupIndex.get(name);
      if (name === "") { this.fail(errorText("E_EVAL_GROUP_EMPTY", at, `第 ${line} 行的组别为空`, `填写组别：${layout.groups.join("、")}`)); ok = false; }
      else if (index === undefined) { this.fail(errorText("E_EVAL_GROUP_UNKNOWN", at, `第 ${line} 行的组别“${raw}”不在 evaluation.json 的 groups 中`, `可用的组别：${layout.groups.join("、")}`)); ok = false; }
      else group = index;
    }
    const p = layout.projects.length;
    const levels = new Array<Level>(p);
    for (let i = 0; i < p; i++) {
      const col = layout.projectColumns[i]!;
      const cell = cells[col] ?? "";
      const level = levelOf(cell);
      if (level === undefined) {
        this.fail(errorText("E_EVAL_MARK", { file: layout.file, line, column: col + 1 }, `第 ${line} 行第 ${col + 1} 列（${layout.projects[i]!.id}）的“${cell}”不是测评结果`, MARKS_HINT));
        ok = false;
      } else levels[i] = level;
    }
    // A column for a project not in the list is not counted, but its cells must still be evaluation
    // marks: anything else could identify the person who filled in the form.
    layout.unlisted.forEach((u, k) => {
      const cell = cells[u.column] ?? "";
      if (cell !== "") this.unlistedSeen[k] = true;
      if (levelOf(cell) === undefined) {
        this.fail(errorText("E_EVAL_MARK", { file: layout.file, line, column: u.column + 1 }, `第 ${line} 行第 ${u.column + 1} 列（${u.header}）的“${cell}”不是测评结果`, MARKS_HINT));
        ok = false;
      }
    });
    if (!ok) return;
    this.forms[group]!++;
    const base = group * p * 4;
    for (let i = 0; i < p; i++) {
      const l = levels[i]!;
      this.counts[base + i * 4 + (l === "satisfied" ? 0 : l === "basic" ? 1 : l === "unsatisfied" ? 2 : 3)]!++;
    }
  }

  /** Errors (capped at 200 listed) and the warnings for columns of projects not in the list. */
  get diagnostics(): Diagnostic[] {
    const out = [...this.errorLines];
    if (this.errors > MAX_LISTED) out.push(errorText("E_MORE_ERRORS", { file: this.layout.file }, `另有 ${this.errors - MAX_LISTED} 处同类错误未列出`, "改正上面列出的错误后再运行一次"));
    this.layout.unlisted.forEach((u, k) => out.push(notListedWarning(this.layout.file, this.layout.headerLine, u.column + 1, u.header, this.unlistedSeen[k]!)));
    return out;
  }

  result(): EvaluationCounts {
    const g = this.layout.groups.length;
    const p = this.layout.projects.length;
    const groupForms = Array.from(this.forms);
    const cells = this.layout.projects.map((_, i) => Array.from({ length: g }, (_, k): LevelCounts | null => {
      if (groupForms[k] === 0) return null;
      const b = (k * p + i) * 4;
      return { satisfied: this.counts[b]!, basic: this.counts[b + 1]!, unsatisfied: this.counts[b + 2]!, abstain: this.counts[b + 3]! };
    }));
    return { source: "forms", file: this.layout.file, groupForms, cells };
  }
}

function notListedWarning(file: string, line: number, column: number, what: string, hasForms: boolean): Diagnostic {
  return warningText("W_EVAL_PROJECT_NOT_LISTED", { file, line, column },
    `“${what}”不是项目清单中的项目，${hasForms ? "其测评结果" : "这一列"}未计入`,
    "确认 evaluation.json 的 projects 指向正确的项目清单；若是清单中项目的别名，请把列名改为编号或完整的项目名称");
}

/** Counts a whole in-memory forms table (the small-file path; large files stream into EvaluationTally). */
export function countFormTable(table: Table, projects: readonly EvaluatedProject[], groups: readonly string[], leftOut: readonly EvaluatedProject[] = []): { value?: EvaluationCounts; diagnostics: Diagnostic[] } {
  const layout = resolveFormHeader(table.header, table.headerLine, projects, groups, table.file, leftOut);
  if (!layout.value) return { diagnostics: layout.diagnostics };
  const tally = new EvaluationTally(layout.value);
  for (const row of table.rows) tally.addForm(row.cells, row.line);
  const diagnostics = tally.diagnostics;
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { value: tally.result(), diagnostics };
}

// ───────────────────────────── hand counts (evaluation-counts.csv) ─────────────────────────────

const COUNT_COLUMNS = ["编号", "项目名称", "组别", "满意", "基本满意", "不满意", "弃权"] as const;
const REQUIRED_COUNT_COLUMNS = ["编号", "满意", "基本满意", "不满意"] as const;
const COUNTS_HINT = "手工汇总文件的列为：编号,组别,满意,基本满意,不满意,弃权（组别只有一组时可省略，可加一列项目名称）";

/** evaluation-counts.csv: 编号,组别,满意,基本满意,不满意,弃权 — one row per project and group. */
export function parseEvaluationCounts(table: Table, projects: readonly EvaluatedProject[], groups: readonly EvaluationGroup[]): { value?: EvaluationCounts; diagnostics: Diagnostic[] } {
  const file = table.file;
  const notes: Diagnostic[] = [];
  const identifying = new Set(IDENTIFYING_COLUMNS.map((s) => s.toLowerCase()));
  const { columns: col, diagnostics } = fixedColumns(table, COUNT_COLUMNS, REQUIRED_COUNT_COLUMNS, COUNTS_HINT, (h, at) => (identifying.has(h.toLowerCase())
    ? errorText("E_IDENTIFYING_COLUMN", at, `列“${h}”可能暴露填表人身份，满意度测评是无记名的`, COUNTS_HINT, { column: h, form: "evaluation" })
    : errorText("E_UNKNOWN_COLUMN", at, `未知的列“${h}”`, COUNTS_HINT, { column: h })));
  if (diagnostics.length > 0) return { diagnostics };

  const projectIndex = new Map(projects.map((p, i) => [p.id, i] as const));
  const groupIndex = new Map(groups.map((g, i) => [g.name, i] as const));
  const cells: (LevelCounts | null)[][] = projects.map(() => groups.map(() => null));
  const rowLine: number[][] = projects.map(() => groups.map(() => 0));
  const unknownSeen = new Set<string>();
  const seenUnknownRows = new Map<string, number>();
  for (const row of table.rows) {
    const at = (h: string) => ({ file, line: row.line, column: (col.get(h) ?? 0) + 1 });
    const id = cellAt(row, col.get("编号")!);
    let ok = true;
    let g = 0;
    if (col.has("组别")) {
      const name = normalizeCell(cellAt(row, col.get("组别")!));
      const index = groupIndex.get(name);
      if (name === "") { diagnostics.push(errorText("E_EVAL_GROUP_EMPTY", at("组别"), `第 ${row.line} 行的组别为空`, `填写组别：${groups.map((x) => x.name).join("、")}`)); ok = false; }
      else if (index === undefined) { diagnostics.push(errorText("E_EVAL_GROUP_UNKNOWN", at("组别"), `第 ${row.line} 行的组别“${name}”不在 evaluation.json 的 groups 中`, `可用的组别：${groups.map((x) => x.name).join("、")}`)); ok = false; }
      else g = index;
    }
    const nums: number[] = [];
    for (const h of ["满意", "基本满意", "不满意", "弃权"]) {
      if (!col.has(h)) { nums.push(0); continue; }
      const raw = normalizeCell(cellAt(row, col.get(h)!));
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
        diagnostics.push(errorText("E_COUNT_NUMBER", at(h), `第 ${row.line} 行“${h}”的“${raw}”不是非负整数`, "填写份数，例如 42；没有就填 0"));
        ok = false;
      } else nums.push(Number(raw));
    }
    const p = projectIndex.get(id);
    if (id === "") { diagnostics.push(errorText("E_PROJECT_ID", at("编号"), `第 ${row.line} 行的编号为空`, "填写项目编号")); continue; }
    if (p === undefined) {
      const key = `${id}\u0000${g}`;
      if (seenUnknownRows.has(key)) diagnostics.push(errorText("E_DUPLICATE_ROW", at("编号"), `“${id}”在组别“${groups[g]!.name}”中与第 ${seenUnknownRows.get(key)} 行重复`, "每个项目在每个组别只能有一行"));
      else seenUnknownRows.set(key, row.line);
      if (!unknownSeen.has(id)) { unknownSeen.add(id); notes.push(notListedWarning(file, row.line, at("编号").column, id, true)); }
      continue;
    }
    if (col.has("项目名称")) {
      const name = cellAt(row, col.get("项目名称")!);
      if (name !== "" && name !== projects[p]!.name) {
        diagnostics.push(errorText("E_EVAL_NAME_MISMATCH", at("项目名称"), `编号“${id}”在项目清单中是“${projects[p]!.name}”，这里写的是“${name}”`, "核对这一行的编号和项目名称是否错行"));
        ok = false;
      }
    }
    if (!ok) continue;
    if (rowLine[p]![g] !== 0) { diagnostics.push(errorText("E_DUPLICATE_ROW", at("编号"), `“${id}”在组别“${groups[g]!.name}”中与第 ${rowLine[p]![g]} 行重复`, "每个项目在每个组别只能有一行")); continue; }
    rowLine[p]![g] = row.line;
    const [satisfied, basic, unsatisfied, abstain] = nums as [number, number, number, number];
    const total = satisfied + basic + unsatisfied + abstain;
    const members = groups[g]!.members;
    if (members !== null && total > members) {
      diagnostics.push(errorText("E_EVAL_FORMS_EXCEED_MEMBERS", { file, line: row.line, column: 1 }, `“${id}”在组别“${groups[g]!.name}”的测评票数 ${total} 多于应参加人数 ${members}`, "核对汇总表，或改正 evaluation.json 中该组的 members"));
      continue;
    }
    // A row of zeros is no forms: the group is left out of the project's figures (and warned about below).
    if (total > 0) cells[p]![g] = { satisfied, basic, unsatisfied, abstain };
  }
  if (diagnostics.length > 0) return { diagnostics: [...diagnostics, ...notes] };

  // Forms that do not add up: within a group every project should have the same number of forms. The
  // usual total is taken over the projects with forms; a row of zeros or a missing row (total 0) in a
  // group other projects have forms in differs from it too. A group where no project has forms is
  // W_EVAL_GROUP_NO_FORMS instead.
  const groupForms = groups.map(() => 0);
  groups.forEach((group, g) => {
    const totals = new Map<number, number>();
    projects.forEach((_, p) => { const c = cells[p]![g]; if (c) { const t = total(c); totals.set(t, (totals.get(t) ?? 0) + 1); } });
    if (totals.size === 0) return;
    groupForms[g] = Math.max(...totals.keys());
    // The total most projects have; on a tie the larger (a missing form is likelier than an extra one).
    const [usual] = [...totals].sort(([ta, na], [tb, nb]) => nb - na || tb - ta)[0]!;
    projects.forEach((project, p) => {
      const c = cells[p]![g];
      if (c && total(c) === usual) return;
      const line = rowLine[p]![g]!;
      if (c) {
        notes.push(warningText("W_EVAL_TOTALS_DIFFER", { file, line, column: 1 },
          `“${project.id} ${project.name}”在组别“${group.name}”的测评票数 ${total(c)}（满意 ${c.satisfied} + 基本满意 ${c.basic} + 不满意 ${c.unsatisfied} + 弃权 ${c.abstain}）与该组多数项目的 ${usual} 不同`,
          "核对汇总表：同一组别每张测评表对每个项目都有一个结果（未填的计弃权），各项目合计应相同"));
      } else if (line !== 0) {
        notes.push(warningText("W_EVAL_TOTALS_DIFFER", { file, line, column: 1 },
          `“${project.id} ${project.name}”在组别“${group.name}”的测评票数 0（这一行各项都是 0）与该组多数项目的 ${usual} 不同；该组对这个项目按没有测评计，不进入它的综合`,
          "核对汇总表：同一组别每张测评表对每个项目都有一个结果（未填的计弃权），各项目合计应相同"));
      } else {
        notes.push(warningText("W_EVAL_TOTALS_DIFFER", { file, line: table.headerLine, column: 1 },
          `“${project.id} ${project.name}”在组别“${group.name}”没有汇总行（测评票数按 0 计），与该组多数项目的 ${usual} 不同；该组对这个项目按没有测评计，不进入它的综合`,
          `补上“${project.id}”在组别“${group.name}”的一行（编号,组别,满意,基本满意,不满意,弃权）：同一组别每张测评表对每个项目都有一个结果（未填的计弃权），各项目合计应相同`));
      }
    });
  });
  return { value: { source: "counts", file, groupForms, cells }, diagnostics: notes };
}

function total(c: LevelCounts): number {
  return c.satisfied + c.basic + c.unsatisfied + c.abstain;
}

// ───────────────────────────── indicators.csv ─────────────────────────────

export interface Indicator {
  projectId: string;
  name: string;
  target: Fraction;
  actual: Fraction;
  weight: Fraction;
  /** As written, for the report. */
  targetText: string;
  actualText: string;
  line: number;
}

const INDICATOR_COLUMNS = ["编号", "指标", "目标值", "完成值", "权重"] as const;
const INDICATORS_HINT = "指标文件的列为：编号,指标,目标值,完成值,权重（权重可省略，按 1 计）";

/** A non-negative decimal or fraction, optionally with a trailing % (then divided by 100). */
export function parseQuantity(text: string): Fraction | null {
  const t = normalizeCell(text).replace(/,/g, "");
  const percent = t.endsWith("%");
  const f = parseFraction(percent ? t.slice(0, -1) : t);
  if (!f) return null;
  return percent ? fraction(f.num, f.den * 100n) : f;
}

/** indicators.csv: 编号,指标,目标值,完成值,权重 → the indicators of each listed project. */
export function parseIndicators(table: Table, projects: readonly EvaluatedProject[]): { value?: Map<string, Indicator[]>; diagnostics: Diagnostic[] } {
  const file = table.file;
  const notes: Diagnostic[] = [];
  const { columns: col, diagnostics } = fixedColumns(table, INDICATOR_COLUMNS, ["编号", "指标", "目标值", "完成值"], INDICATORS_HINT);
  if (diagnostics.length > 0) return { diagnostics };
  const listed = new Set(projects.map((p) => p.id));
  const out = new Map<string, Indicator[]>();
  const unknown = new Set<string>();
  for (const row of table.rows) {
    const at = (h: string) => ({ file, line: row.line, column: col.get(h)! + 1 });
    const id = cellAt(row, col.get("编号")!);
    const name = cellAt(row, col.get("指标")!);
    let ok = true;
    if (id === "") { diagnostics.push(errorText("E_PROJECT_ID", at("编号"), `第 ${row.line} 行的编号为空`, "填写项目编号")); ok = false; }
    if (name === "") { diagnostics.push(errorText("E_INDICATOR_NAME", at("指标"), `第 ${row.line} 行的指标名称为空`, "写明指标，例如“新增床位（张）”")); ok = false; }
    const quantity = (h: string, what: string): Fraction | null => {
      const raw = cellAt(row, col.get(h)!);
      const f = parseQuantity(raw);
      if (!f) { diagnostics.push(errorText("E_INDICATOR_NUMBER", at(h), `第 ${row.line} 行的${what}“${raw}”不是非负数`, "只写数字，如 100、0.95、95% 或 2/3，不要写单位")); ok = false; }
      return f;
    };
    const target = quantity("目标值", "目标值");
    const actual = quantity("完成值", "完成值");
    if (target && target.num === 0n) { diagnostics.push(errorText("E_INDICATOR_TARGET_ZERO", at("目标值"), `第 ${row.line} 行的目标值为 0，无法计算完成比例`, "目标值应大于 0")); ok = false; }
    let weight = fraction(1n, 1n);
    if (col.has("权重") && cellAt(row, col.get("权重")!) !== "") {
      const raw = cellAt(row, col.get("权重")!);
      const w = parseFraction(normalizeCell(raw));
      if (!w) { diagnostics.push(errorText("E_INDICATOR_WEIGHT", at("权重"), `第 ${row.line} 行的权重“${raw}”不是非负数`, "写小数或分数，如 0.3 或 1/3；留空按 1 计")); ok = false; } else weight = w;
    }
    if (!ok || !target || !actual) continue;
    if (!listed.has(id)) {
      if (!unknown.has(id)) { unknown.add(id); notes.push(warningText("W_INDICATOR_PROJECT_NOT_LISTED", at("编号"), `指标的编号“${id}”不是项目清单中的项目，未计入`, "核对编号，或确认 evaluation.json 的 projects 指向正确的项目清单")); }
      continue;
    }
    const list = out.get(id) ?? [];
    list.push({ projectId: id, name, target, actual, weight, targetText: cellAt(row, col.get("目标值")!), actualText: cellAt(row, col.get("完成值")!), line: row.line });
    out.set(id, list);
  }
  for (const [id, list] of out) {
    if (list.every((i) => i.weight.num === 0n)) diagnostics.push(errorText("E_INDICATOR_WEIGHT", { file, line: list[0]!.line, column: (col.get("权重") ?? 0) + 1 }, `项目“${id}”的指标权重合计为 0`, "至少一个指标的权重应大于 0"));
  }
  if (diagnostics.length > 0) return { diagnostics: [...diagnostics, ...notes] };
  return { value: out, diagnostics: notes };
}

/** 完成率 = Σ weight × min(完成值 / 目标值, 1) / Σ weight. */
export function completionOf(list: readonly Indicator[]): Fraction | null {
  let sw = ZERO;
  let s = ZERO;
  for (const i of list) {
    const ratio = div(i.actual, i.target);
    const capped = ratio.num >= ratio.den ? ONE : ratio;
    sw = add(sw, i.weight);
    s = add(s, mul(i.weight, capped));
  }
  return sw.num > 0n ? div(s, sw) : null;
}

// ───────────────────────────── the figures ─────────────────────────────


export interface GroupFigures extends LevelCounts {
  group: string;
  /** 测评票数: forms of this group for the project, 弃权 included. */
  forms: number;
  /** This group's weight renormalised over the groups with forms for the project. */
  weight: Fraction;
  /** The rate base count (valid, returned or members). */
  base: number;
  satisfiedRate: Fraction | null;
  overallRate: Fraction | null;
  score: Fraction | null;
  /** The grade base B and the two shares 满意/B and (满意+基本满意)/B. */
  gradeBase: number;
  satisfiedShare: Fraction | null;
  overallShare: Fraction | null;
  grade: Grade | null;
  /** Fewer than ANONYMITY_MINIMUM forms: the figures come close to showing how each person answered. */
  fewForms: boolean;
}

export interface CombinedFigures {
  satisfiedRate: Fraction | null;
  overallRate: Fraction | null;
  score: Fraction | null;
  satisfiedShare: Fraction | null;
  overallShare: Fraction | null;
  grade: Grade | null;
  completion: Fraction | null;
  pass: boolean | null;
  /** A group with fewer than ANONYMITY_MINIMUM forms went into the average (it can be worked back out). */
  fewForms: boolean;
}

export interface ProjectEvaluation {
  id: string;
  name: string;
  groups: GroupFigures[];
  combined: CombinedFigures;
  indicators: Indicator[];
}

export interface EvaluationResult {
  title: string;
  source: "forms" | "counts";
  rateBase: RateBase;
  grade: GradeRule | null;
  passRate: Fraction | null;
  levels: EvaluationConfig["levels"];
  groups: { name: string; weight: Fraction; weightText: string; members: number | null; forms: number }[];
  projects: ProjectEvaluation[];
  hasIndicators: boolean;
  warnings: Diagnostic[];
}

/** The 镇海 rule on the two shares of B: 满意 when 满意/B reaches one half, else 基本满意 when (满意+基本满意)/B does. */
export function gradeOf(satisfiedShare: Fraction, overallShare: Fraction, atHalf: GradeRule["atHalf"]): Grade {
  const reaches = (share: Fraction) => (atHalf === "counts" ? cmp(share, HALF) >= 0 : cmp(share, HALF) > 0);
  return reaches(satisfiedShare) ? "满意" : reaches(overallShare) ? "基本满意" : "不满意";
}

function weightedAverage(items: readonly { weight: Fraction; value: Fraction | null }[]): Fraction | null {
  let sw = ZERO;
  let s = ZERO;
  for (const { weight, value } of items) {
    if (value === null) continue;
    sw = add(sw, weight);
    s = add(s, mul(weight, value));
  }
  return sw.num > 0n ? div(s, sw) : null;
}

/**
 * Below this many forms a group's figures are too close to single answers to keep the evaluation anonymous
 * (one form shows its author's answer outright). Such figures are still computed and published, flagged:
 * suppressing them would not help on its own, since the 综合 row and the other groups' rows with the known
 * weights give them back, and the 综合 row is what the evaluation is for.
 */
export const ANONYMITY_MINIMUM = 5;

export function isFewForms(forms: number): boolean {
  return forms > 0 && forms < ANONYMITY_MINIMUM;
}

/**
 * Errors that need both the settings and the counts: no forms at all, and more forms in a group than its
 * members (应参加人数), which would put rates above 100 %.
 */
export function countsDiagnostics(config: EvaluationConfig, counts: EvaluationCounts): Diagnostic[] {
  if (counts.groupForms.every((n) => n === 0)) {
    return [errorText("E_EVAL_NO_FORMS", { file: counts.file, line: 1, column: 1 }, "没有任何测评结果", counts.source === "forms" ? "在表头下每份测评表填一行" : "每个项目、每个组别填一行份数")];
  }
  if (counts.source !== "forms") return []; // hand counts are checked row by row
  const out: Diagnostic[] = [];
  config.groups.forEach((g, k) => {
    const forms = counts.groupForms[k] ?? 0;
    if (g.members !== null && forms > g.members) {
      const at = config.source.positions.get(`groups.${g.name}.members`) ?? config.source.positions.get(`groups.${g.name}`) ?? { line: 1, column: 1 };
      out.push(errorText("E_EVAL_FORMS_EXCEED_MEMBERS", { file: config.file, ...at }, `组别“${g.name}”在 ${counts.file} 中有 ${forms} 份测评表，多于应参加人数 ${g.members}`, `核对 ${counts.file} 的组别列，或改正该组的 members`));
    }
  });
  return out;
}

/** Figures per project and group, the 综合 row, completion and the pass flag. */
export function evaluateSatisfaction(config: EvaluationConfig, list: ProjectList, counts: EvaluationCounts, indicators: Map<string, Indicator[]> | null): EvaluationResult {
  const warnings: Diagnostic[] = [];
  const { groups, levels, rateBase, grade } = config;
  groups.forEach((g, k) => {
    const forms = counts.groupForms[k] ?? 0;
    const at = { file: config.file, ...(config.source.positions.get(`groups.${g.name}`) ?? {}) };
    if (forms === 0) {
      warnings.push(warningText("W_EVAL_GROUP_NO_FORMS", at, `组别“${g.name}”没有测评表，综合结果按其余组别的权重重新折算`,
        counts.source === "forms" ? `若该组已测评，在 ${counts.file} 中加“组别”列并逐行填写组别` : `若该组已测评，在 ${counts.file} 中加上该组各项目的行`));
    } else if (forms < ANONYMITY_MINIMUM) {
      warnings.push(warningText("W_EVAL_FEW_FORMS", at, `组别“${g.name}”只有 ${forms} 份测评表，少于 ${ANONYMITY_MINIMUM} 份，难以保证无记名`, `satisfaction.html 和 --json（fewForms）已标明“结果仅供参考”；人数太少时，可与其他组别合并测评，或不单独公布该组结果`));
    }
  });
  const projects = list.projects.map((project, p): ProjectEvaluation => {
    const present = groups.map((g, k) => ({ g, k, c: counts.cells[p]?.[k] ?? null })).filter((x) => x.c !== null);
    let weightSum = ZERO;
    for (const { g } of present) weightSum = add(weightSum, g.weight);
    const figures = present.map(({ g, c }): GroupFigures => {
      const counted = c!;
      const valid = counted.satisfied + counted.basic + counted.unsatisfied;
      const forms = valid + counted.abstain;
      const base = rateBase === "valid" ? valid : rateBase === "returned" ? forms : g.members!;
      const gradeBase = grade === null ? 0 : grade.base === "valid" ? valid : (g.members ?? valid);
      const satisfiedShare = grade === null ? null : ratioOf(counted.satisfied, gradeBase);
      const overallShare = grade === null ? null : ratioOf(counted.satisfied + counted.basic, gradeBase);
      const points = add(add(mul(levels.satisfied, fraction(BigInt(counted.satisfied), 1n)), mul(levels.basic, fraction(BigInt(counted.basic), 1n))), mul(levels.unsatisfied, fraction(BigInt(counted.unsatisfied), 1n)));
      return {
        group: g.name, forms, ...counted, weight: div(g.weight, weightSum), base,
        satisfiedRate: ratioOf(counted.satisfied, base),
        overallRate: ratioOf(counted.satisfied + counted.basic, base),
        score: valid > 0 ? div(points, fraction(BigInt(valid), 1n)) : null,
        gradeBase, satisfiedShare, overallShare,
        grade: grade !== null && satisfiedShare && overallShare ? gradeOf(satisfiedShare, overallShare, grade.atHalf) : null,
        fewForms: isFewForms(forms),
      };
    });
    const avg = (pick: (f: GroupFigures) => Fraction | null) => weightedAverage(figures.map((f) => ({ weight: f.weight, value: pick(f) })));
    const satisfiedShare = grade === null ? null : avg((f) => f.satisfiedShare);
    const overallShare = grade === null ? null : avg((f) => f.overallShare);
    const overallRate = avg((f) => f.overallRate);
    const own = indicators?.get(project.id) ?? [];
    const combined: CombinedFigures = {
      satisfiedRate: avg((f) => f.satisfiedRate),
      overallRate,
      score: avg((f) => f.score),
      satisfiedShare, overallShare,
      grade: grade !== null && satisfiedShare && overallShare ? gradeOf(satisfiedShare, overallShare, grade.atHalf) : null,
      completion: completionOf(own),
      pass: config.passRate === null || overallRate === null ? null : cmp(overallRate, config.passRate) >= 0,
      fewForms: figures.some((f) => f.fewForms),
    };
    if (figures.length === 0) {
      warnings.push(warningText("W_EVAL_PROJECT_NO_FORMS", { file: counts.file }, `项目“${project.id} ${project.name}”没有任何组别的测评结果`, `在 ${counts.file} 中加上该项目的行，或从项目清单中去掉它`));
    }
    return { id: project.id, name: project.name, groups: figures, combined, indicators: own };
  });
  return {
    title: config.title, source: counts.source, rateBase, grade, passRate: config.passRate, levels,
    groups: groups.map((g, k) => ({ name: g.name, weight: g.weight, weightText: g.weightText, members: g.members, forms: counts.groupForms[k] ?? 0 })),
    projects, hasIndicators: indicators !== null, warnings,
  };
}

// ───────────────────────────── serialisation ─────────────────────────────

function num(f: Fraction | null): number | null {
  return f === null ? null : toNumber(f);
}

/** The --json data of SPEC §8: unrounded numbers, rates 0–1, scores 0–100. */
export function evaluationJson(r: EvaluationResult) {
  return {
    title: r.title,
    source: r.source,
    rateBase: r.rateBase,
    grade: r.grade,
    anonymityMinimum: ANONYMITY_MINIMUM,
    passRate: num(r.passRate),
    groups: r.groups.map((g) => ({ group: g.name, weight: g.weightText, members: g.members, forms: g.forms })),
    projects: r.projects.map((p) => ({
      id: p.id,
      name: p.name,
      groups: p.groups.map((g) => ({
        group: g.group, forms: g.forms, satisfied: g.satisfied, basic: g.basic, unsatisfied: g.unsatisfied, abstain: g.abstain,
        satisfiedRate: num(g.satisfiedRate), overallRate: num(g.overallRate), score: num(g.score), grade: g.grade,
        weight: num(g.weight), fewForms: g.fewForms,
      })),
      combined: {
        satisfiedRate: num(p.combined.satisfiedRate), overallRate: num(p.combined.overallRate), score: num(p.combined.score),
        grade: p.combined.grade, completion: num(p.combined.completion), pass: p.combined.pass, fewForms: p.combined.fewForms,
      },
      indicators: p.indicators.map((i) => ({ name: i.name, target: i.targetText, actual: i.actualText, weight: num(i.weight), completion: num(completionOf([i])) })),
    })),
  };
}

export type EvaluationData = ReturnType<typeof evaluationJson>;

/** A rate as a percentage with one decimal, rounded half up: 54/55 → "98.2%"; null → "". */
export function percentText(f: Fraction | null): string {
  return f === null ? "" : `${decimal1(f.num * 100n, f.den)}%`;
}

/** A score with one decimal, rounded half up; null → "". */
export function scoreText(f: Fraction | null): string {
  return f === null ? "" : decimal1(f.num, f.den);
}

export const SATISFACTION_HEADER = ["编号", "项目名称", "组别", "测评票数", "满意", "基本满意", "不满意", "弃权", "满意率", "总体满意率", "得分", "等次", "完成率", "达标"] as const;

/** The rows of out/satisfaction.csv: each project's groups, then its 综合 row. */
export function satisfactionRows(r: EvaluationResult): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const p of r.projects) {
    for (const g of p.groups) {
      rows.push([p.id, p.name, g.group, g.forms, g.satisfied, g.basic, g.unsatisfied, g.abstain, percentText(g.satisfiedRate), percentText(g.overallRate), scoreText(g.score), g.grade ?? "", "", ""]);
    }
    const c = p.combined;
    rows.push([p.id, p.name, COMBINED_LABEL, "", "", "", "", "", percentText(c.satisfiedRate), percentText(c.overallRate), scoreText(c.score), c.grade ?? "", percentText(c.completion), c.pass === null ? "" : c.pass ? "达标" : "未达标"]);
  }
  return rows;
}

/** Parallel to satisfactionRows: whether each row rests on a group with fewer than ANONYMITY_MINIMUM forms. */
export function satisfactionRowsFewForms(r: EvaluationResult): boolean[] {
  return r.projects.flatMap((p) => [...p.groups.map((g) => g.fewForms), p.combined.fewForms]);
}

/** The rows flagged for fewer than ANONYMITY_MINIMUM forms, in project and group order. */
export function fewFormsRows(r: EvaluationResult): { id: string; name: string; group: string; forms: number }[] {
  return r.projects.flatMap((p) => p.groups.filter((g) => g.fewForms).map((g) => ({ id: p.id, name: p.name, group: g.group, forms: g.forms })));
}

export const FEW_FORMS_NOTE = `测评票少于 ${ANONYMITY_MINIMUM} 份，难以保证匿名，结果仅供参考`;

export const RATE_BASE_LABELS: Record<RateBase, string> = { valid: "有效测评票（满意+基本满意+不满意）", returned: "收回测评票（含弃权）", members: "应参加人数" };
