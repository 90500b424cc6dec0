// candidates.csv (SPEC §4): rows, sub-items, the 差额 rule and completeness (打包式 warnings).
import { z } from "zod";
import { error, warning, type Diagnostic, type Params } from "./diagnostics.js";
import { ceilTimes, formatFraction } from "./fraction.js";
import type { SessionRules } from "./session.js";
import { isIsoDate } from "./session.js";
import { blankRow, cellAt, type Table } from "./table.js";
import { codePointName, comparedForm, findInvisible } from "./characters.js";

/** Column key → [Chinese header, English header]. The order is the template's column order. */
export const CANDIDATE_COLUMNS = {
  id: ["编号", "id"],
  name: ["项目名称", "name"],
  category: ["类别", "category"],
  background: ["项目背景", "background"],
  content: ["项目内容", "content"],
  area: ["实施区域", "area"],
  implementer: ["实施主体", "implementer"],
  budget: ["投入资金（万元）", "budget"],
  funding: ["资金来源", "funding"],
  deadline: ["完成时限", "deadline"],
  target: ["目标绩效", "target"],
  parent: ["所属项目", "parent"],
  remarks: ["备注", "remarks"],
} as const;

export type CandidateField = keyof typeof CANDIDATE_COLUMNS;

/** The fields a full description needs; a candidate missing any is the 打包式 problem. */
const DESCRIPTION_FIELDS = [
  "background", "content", "area", "implementer", "budget", "funding", "deadline", "target",
] as const;

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const BUDGET_PATTERN = /^\d+(?:\.\d+)?$/;

function validDeadline(s: string): boolean {
  // 2026-1-5 is a real date written without its zeros, as 2026-1 is a month.
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(s)) return isIsoDate(s.split("-").map((part) => part.padStart(2, "0")).join("-"));
  if (/^\d{4}-\d{1,2}$/.test(s)) return Number(s.slice(5)) >= 1 && Number(s.slice(5)) <= 12;
  return true;
}

const text = z.string();
/** A ballots file's own columns beside the candidates' (SPEC §5); no project may be named so. */
export const SERIAL_COLUMN = "票号";
export const VOID_COLUMN = "作废";

/**
 * One row of candidates.csv. Uniqueness and 所属项目 are cross-row checks, done after. An issue's message
 * is the problem's key in the catalogues (field-problem), not words.
 */
export const candidateSchema = z.object({
  ...(Object.fromEntries(Object.keys(CANDIDATE_COLUMNS).map((k) => [k, text])) as Record<CandidateField, typeof text>),
  id: z.string().min(1, "id-empty").regex(ID_PATTERN, "id-pattern"),
  name: z.string().min(1, "name-empty").refine((v) => findInvisible(v) === null, "name-invisible")
    // A ballots file's own columns: a project so named could not have its column told from them.
    .refine((v) => v.trim() !== SERIAL_COLUMN && v.trim() !== VOID_COLUMN, "name-reserved"),
  budget: z.string().refine((v) => v === "" || BUDGET_PATTERN.test(v), "budget-number"),
  deadline: z.string().refine(validDeadline, "deadline-date"),
});

const FIELD_ERROR_CODES: Partial<Record<CandidateField, string>> = {
  id: "E_CANDIDATE_ID", name: "E_CANDIDATE_NAME", budget: "E_BUDGET", deadline: "E_DEADLINE",
};

export interface Candidate extends z.infer<typeof candidateSchema> {
  line: number;
  /** Ids of the rows that name this one as 所属项目, in file order. */
  children: string[];
}

export interface CandidateList {
  all: Candidate[];
  byId: Map<string, Candidate>;
  /** What is voted on: top-level candidates, or with voteOn "items" every row without sub-items. */
  lines: Candidate[];
  /** The column (1-based) of each field the file has, for a warning about one cell. */
  columns?: ReadonlyMap<CandidateField, number>;
}

const HEADER_LOOKUP = new Map<string, CandidateField>();
for (const [key, names] of Object.entries(CANDIDATE_COLUMNS) as [CandidateField, readonly string[]][]) {
  for (const n of names) HEADER_LOOKUP.set(n.toLowerCase(), key);
}
// Half-width parentheses are how many people type the budget header.
HEADER_LOOKUP.set("投入资金(万元)", "budget");

/** A column's two header names, as a message quotes them. */
function headerNames(key: CandidateField) {
  return { label: CANDIDATE_COLUMNS[key][0], english: CANDIDATE_COLUMNS[key][1] };
}

export function parseCandidates(table: Table, voteOn: "candidates" | "items") {
  const { file, headerLine } = table;
  const diagnostics: Diagnostic[] = [];
  const columns = new Map<CandidateField, number>();
  table.header.forEach((h, index) => {
    const at = { file, line: headerLine, column: index + 1 };
    const key = HEADER_LOOKUP.get(h.toLowerCase());
    const all = Object.values(CANDIDATE_COLUMNS);
    if (!key) {
      const params = { column: h, sheet: "candidates", columns: all.map((v) => v[0]), english: all.map((v) => v[1]) };
      diagnostics.push(error("E_UNKNOWN_COLUMN", at, params));
    } else if (columns.has(key)) {
      diagnostics.push(error("E_DUPLICATE_COLUMN", at, { column: h, otherColumn: columns.get(key)! + 1 }));
    } else {
      columns.set(key, index);
    }
  });
  for (const key of ["id", "name"] as const) {
    if (columns.has(key)) continue;
    const { label, english } = headerNames(key);
    diagnostics.push(error("E_MISSING_COLUMN", { file, line: headerLine, column: 1 }, { column: label, english }));
  }
  if (diagnostics.length > 0) return { diagnostics };

  const all: Candidate[] = [];
  const byId = new Map<string, Candidate>();
  const byName = new Map<string, Candidate>();
  const columnOf = (key: CandidateField) => (columns.get(key) ?? 0) + 1;
  for (const row of table.rows) {
    if (blankRow(row, file, diagnostics)) continue;
    const fields = Object.fromEntries(Object.keys(CANDIDATE_COLUMNS).map((key) => {
      const index = columns.get(key as CandidateField);
      return [key, index === undefined ? "" : cellAt(row, index)];
    })) as Record<CandidateField, string>;
    const at = (key: CandidateField) => ({ file, line: row.line, column: columnOf(key) });
    const bad = new Set<CandidateField>();
    for (const issue of candidateSchema.safeParse(fields).error?.issues ?? []) {
      const key = String(issue.path[0]) as CandidateField;
      if (bad.has(key)) continue;
      bad.add(key);
      const { label, english } = headerNames(key);
      const params = { field: label, english, value: fields[key], problem: issue.message };
      diagnostics.push(error(FIELD_ERROR_CODES[key] ?? "E_CANDIDATE", at(key), params));
    }
    const candidate: Candidate = { ...fields, line: row.line, children: [] };
    all.push(candidate);
    // Names are compared as they print: without invisible characters, and with each run of white space
    // as one space (a page shows 道路\t改造 and 道路  改造 alike).
    const name = comparedForm(fields.name).replace(/\s+/g, " ");
    const [sameId, sameName] = [byId.get(fields.id), byName.get(name)];
    if (!bad.has("id") && sameId) {
      diagnostics.push(error("E_DUPLICATE_ID", at("id"), { id: fields.id, otherLine: sameId.line }));
    } else if (!bad.has("id")) byId.set(candidate.id, candidate);
    if (!bad.has("name") && sameName) {
      diagnostics.push(error("E_DUPLICATE_NAME", at("name"), { name: fields.name, otherLine: sameName.line }));
    } else if (!bad.has("name")) byName.set(name, candidate);
  }
  // A name must not double as another row's id, or a ballot column named by it would be ambiguous.
  for (const c of all) {
    const other = byId.get(c.name);
    if (other && other !== c) {
      const params = { name: c.name, otherLine: other.line, sheet: "ballots" };
      diagnostics.push(error("E_AMBIGUOUS_NAME", { file, line: c.line, column: columnOf("name") }, params));
    }
  }
  const cycles = parentCycles(all, byId);
  for (const c of all) {
    if (c.parent === "") continue;
    const at = { file, line: c.line, column: columnOf("parent") };
    const parent = byId.get(c.parent);
    const cycle = cycles.get(c);
    // Rows naming each other as 所属项目 are one mistake, said once at the cycle's first row.
    if (cycle) { if (cycle[0] === c.id) diagnostics.push(error("E_PARENT_CYCLE", at, { rows: cycle })); }
    else if (!parent) diagnostics.push(error("E_PARENT_UNKNOWN", at, { parent: c.parent }));
    else if (parent === c) diagnostics.push(error("E_PARENT_SELF", at));
    else if (parent.parent !== "") diagnostics.push(error("E_PARENT_NESTED", at, { parent: c.parent }));
    else parent.children.push(c.id);
  }
  if (all.length === 0) diagnostics.push(error("E_NO_CANDIDATES", { file, line: headerLine + 1, column: 1 }));
  const lines = all.filter((c) => (voteOn === "candidates" ? c.parent === "" : c.children.length === 0));
  // With errors, the rows as read still go back (`partial`): check tells their warnings with the errors.
  // A row with nothing but its 备注 is refused for its id and name, and that is all (one with nothing at all
  // is E_BLANK_ROW, above).
  const described = (c: Candidate) => Object.keys(CANDIDATE_COLUMNS).some((key) => c[key as CandidateField] !== "");
  if (diagnostics.length > 0) return { diagnostics, partial: { all: all.filter(described), byId, lines } };
  return { value: { all, byId, lines, columns: new Map([...columns].map(([key, index]) => [key, index + 1])) }, diagnostics: [] };
}

/**
 * Each row in a cycle of 所属项目 (A1 → A2 → A1; a row naming itself is not one) with the cycle's ids,
 * from its first row in the file. Every row is walked once: a long chain costs no more than its length.
 */
function parentCycles(all: readonly Candidate[], byId: ReadonlyMap<string, Candidate>): Map<Candidate, string[]> {
  const cycles = new Map<Candidate, string[]>();
  const walked = new Set<Candidate>();
  for (const start of all) {
    const path: Candidate[] = [];
    let next: Candidate | undefined = start;
    while (next && !walked.has(next)) {
      walked.add(next);
      path.push(next);
      next = next.parent === "" ? undefined : byId.get(next.parent);
    }
    const from = next ? path.indexOf(next) : -1;
    if (from < 0 || path.length - from < 2) continue;
    const ring = path.slice(from);
    const first = ring.reduce((a, b) => (b.line < a.line ? b : a));
    const turn = ring.indexOf(first);
    const ids = [...ring.slice(turn), ...ring.slice(0, turn)].map((c) => c.id);
    for (const c of ring) cycles.set(c, ids);
  }
  return cycles;
}

/** 打包式 warnings: one per candidate lacking any of the description fields. */
export function completenessWarnings(list: CandidateList, file: string): Diagnostic[] {
  const voted = new Set(list.lines);
  // A sub-item under a voted parent is described by its parent's fields too; one voted on by itself
  // (voteOn "items") must stand on its own like any top-level row.
  return list.all.filter((c) => c.parent === "" || voted.has(c)).flatMap((c) => {
    const missing = DESCRIPTION_FIELDS.filter((f) => c[f] === "");
    if (missing.length === 0) return [];
    const names = missing.map(headerNames);
    const params = {
      id: c.id, name: c.name, missing: names.map((n) => n.label), missingEnglish: names.map((n) => n.english),
    };
    return [warning("W_INCOMPLETE_CANDIDATE", { file, line: c.line, column: 1 }, params)];
  });
}

/**
 * Project names as they would be printed, where they are likely not what the clerk meant:
 * - with "?" in it: saved as a CSV in GBK (Excel's default on Chinese Windows), a character GBK lacks
 *   (𠀀, a rare place name's) becomes "?", and would be printed so on the ballot and the 公告;
 * - with a line break in it (Alt+Enter in an Excel cell): the name is one line of every table and
 *   announcement, and the screen's result table would be broken by it;
 * - with a character beyond the common set (CJK Extension B and later, 𪚥 in a village's name): many
 *   computers have no font for it, and it prints as an empty box.
 */
export function nameWarnings(list: Pick<CandidateList, "all">, file: string): Diagnostic[] {
  return list.all.flatMap((c) => {
    const at = { file, line: c.line, column: 1 };
    const params = { line: c.line, id: c.id, name: c.name };
    const rare = [...new Set(c.name.match(/[\u{20000}-\u{3FFFF}]/gu) ?? [])];
    return [
      ...(c.name.includes("?") ? [warning("W_NAME_QUESTION_MARK", at, params)] : []),
      ...(/[\r\n]/.test(c.name) ? [warning("W_NAME_LINE_BREAK", at, params)] : []),
      ...(rare.length > 0 ? [warning("W_NAME_RARE_CHARACTER", at, { ...params, characters: rare, codes: rare.map(codePointName) })] : []),
    ];
  });
}

/**
 * A 完成时限 that is a day's serial number (46341, 1927 to 2173): a date cell that lost its format in the
 * spreadsheet, which the ballot would print as that number. Text is allowed there (SPEC §4), so a warning.
 */
export function deadlineWarnings(list: Pick<CandidateList, "all" | "columns">, file: string): Diagnostic[] {
  return list.all.flatMap((c) => {
    if (!/^[1-9]\d{4}$/.test(c.deadline)) return [];
    const day = new Date(Date.UTC(1899, 11, 30) + Number(c.deadline) * 86_400_000).toISOString().slice(0, 10);
    return [warning("W_DEADLINE_SERIAL", { file, line: c.line, column: list.columns?.get("deadline") ?? 1 }, { line: c.line, id: c.id, value: c.deadline, date: day })];
  });
}

/** The 差额 rule of SPEC §3, with exact arithmetic. */
export function checkCompetition(candidates: number, rules: SessionRules) {
  const formal = rules.formal;
  const { allowEqual, minExtra } = rules.competition;
  const byRatio = ceilTimes(formal, rules.minRatioFraction);
  const required = allowEqual ? formal : Math.max(formal + minExtra, byRatio);
  // How `required` was reached goes with it: equal allowed, or the larger of formal + minExtra and
  // ⌈formal × minRatio⌉ (minRatio in fraction form, e.g. "6/5").
  return {
    ok: candidates >= required, candidates, formal, required,
    allowEqual, minExtra, minRatio: formatFraction(rules.minRatioFraction), byRatio,
  };
}

export type CompetitionCheck = ReturnType<typeof checkCompetition>;

/** The values a 差额 message quotes. */
export function competitionParams(c: CompetitionCheck): Params {
  const { candidates, formal, required, minExtra, minRatio, byRatio } = c;
  return { candidates, formal, required, allowEqual: c.allowEqual ? 1 : 0, minExtra, minRatio, byRatio };
}
