// candidates.csv (SPEC §4): rows, sub-items, the 差额 rule and completeness (打包式 warnings).
import { z } from "zod";
import { error, warning, type Diagnostic, type Params } from "./diagnostics.js";
import { ceilTimes, formatFraction } from "./fraction.js";
import type { SessionRules } from "./session.js";
import { isIsoDate } from "./session.js";
import { cellAt, type Table } from "./table.js";
import { findInvisible, withoutInvisible } from "./characters.js";

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
export const DESCRIPTION_FIELDS = ["background", "content", "area", "implementer", "budget", "funding", "deadline", "target"] as const;

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const BUDGET_PATTERN = /^\d+(?:\.\d+)?$/;

function validDeadline(s: string): boolean {
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(s)) return isIsoDate(s);
  if (/^\d{4}-\d{1,2}$/.test(s)) return Number(s.slice(5)) >= 1 && Number(s.slice(5)) <= 12;
  return true;
}

/**
 * One row of candidates.csv. Uniqueness and 所属项目 are cross-row checks, done after. An issue's message
 * is the problem's key in the catalogues (field-problem), not words.
 */
export const candidateSchema = z.object({
  id: z.string().min(1, "id-empty").regex(ID_PATTERN, "id-pattern"),
  name: z.string().min(1, "name-empty").refine((v) => findInvisible(v) === null, "name-invisible"),
  category: z.string(),
  background: z.string(),
  content: z.string(),
  area: z.string(),
  implementer: z.string(),
  budget: z.string().refine((v) => v === "" || BUDGET_PATTERN.test(v), "budget-number"),
  funding: z.string(),
  deadline: z.string().refine(validDeadline, "deadline-date"),
  target: z.string(),
  parent: z.string(),
  remarks: z.string(),
});

const FIELD_ERROR_CODES: Partial<Record<CandidateField, string>> = { id: "E_CANDIDATE_ID", name: "E_CANDIDATE_NAME", budget: "E_BUDGET", deadline: "E_DEADLINE" };

export type CandidateFields = z.infer<typeof candidateSchema>;

export interface Candidate extends CandidateFields {
  line: number;
  /** Ids of the rows that name this one as 所属项目, in file order. */
  children: string[];
}

export interface CandidateList {
  all: Candidate[];
  byId: Map<string, Candidate>;
  /** What is voted on: top-level candidates, or with voteOn "items" every row without sub-items. */
  lines: Candidate[];
}

const HEADER_LOOKUP = new Map<string, CandidateField>();
for (const [key, names] of Object.entries(CANDIDATE_COLUMNS) as [CandidateField, readonly string[]][]) {
  for (const n of names) HEADER_LOOKUP.set(n.toLowerCase(), key);
}
// Half-width parentheses are how many people type the budget header.
HEADER_LOOKUP.set("投入资金(万元)", "budget");

const FIELD_LABEL: Record<CandidateField, string> = Object.fromEntries(
  Object.entries(CANDIDATE_COLUMNS).map(([k, v]) => [k, v[0]]),
) as Record<CandidateField, string>;

export function parseCandidates(table: Table, voteOn: "candidates" | "items"): { value?: CandidateList; diagnostics: Diagnostic[] } {
  const file = table.file;
  const diagnostics: Diagnostic[] = [];
  const columns = new Map<CandidateField, number>();
  table.header.forEach((h, index) => {
    const at = { file, line: table.headerLine, column: index + 1 };
    const key = HEADER_LOOKUP.get(h.toLowerCase());
    if (!key) {
      diagnostics.push(error("E_UNKNOWN_COLUMN", at, { column: h, sheet: "candidates", columns: Object.values(CANDIDATE_COLUMNS).map((v) => v[0]), english: Object.values(CANDIDATE_COLUMNS).map((v) => v[1]) }));
    } else if (columns.has(key)) {
      diagnostics.push(error("E_DUPLICATE_COLUMN", at, { column: h, otherColumn: columns.get(key)! + 1 }));
    } else {
      columns.set(key, index);
    }
  });
  for (const key of ["id", "name"] as const) {
    if (!columns.has(key)) {
      diagnostics.push(error("E_MISSING_COLUMN", { file, line: table.headerLine, column: 1 }, { column: FIELD_LABEL[key], english: CANDIDATE_COLUMNS[key][1] }));
    }
  }
  if (diagnostics.length > 0) return { diagnostics };

  const all: Candidate[] = [];
  const byId = new Map<string, Candidate>();
  const byName = new Map<string, Candidate>();
  for (const row of table.rows) {
    const fields = {} as Record<CandidateField, string>;
    for (const key of Object.keys(CANDIDATE_COLUMNS) as CandidateField[]) {
      const index = columns.get(key);
      fields[key] = index === undefined ? "" : cellAt(row, index);
    }
    const at = (key: CandidateField) => ({ file, line: row.line, column: (columns.get(key) ?? 0) + 1 });
    const checked = candidateSchema.safeParse(fields);
    const bad = new Set<string>();
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0]) as CandidateField;
        if (bad.has(key)) continue;
        bad.add(key);
        const value = fields[key];
        diagnostics.push(error(FIELD_ERROR_CODES[key] ?? "E_CANDIDATE", at(key), { field: FIELD_LABEL[key], english: CANDIDATE_COLUMNS[key][1], value, problem: issue.message }));
      }
    }
    let idOk = !bad.has("id");
    let nameOk = !bad.has("name");
    if (idOk && byId.has(fields.id)) {
      diagnostics.push(error("E_DUPLICATE_ID", at("id"), { id: fields.id, otherLine: byId.get(fields.id)!.line }));
      idOk = false;
    }
    if (nameOk && byName.has(withoutInvisible(fields.name))) {
      diagnostics.push(error("E_DUPLICATE_NAME", at("name"), { name: fields.name, otherLine: byName.get(withoutInvisible(fields.name))!.line }));
      nameOk = false;
    }
    const candidate: Candidate = { ...fields, line: row.line, children: [] };
    all.push(candidate);
    if (idOk) byId.set(candidate.id, candidate);
    if (nameOk) byName.set(withoutInvisible(candidate.name), candidate);
  }
  // A name must not double as another row's id, or a ballot column named by it would be ambiguous.
  for (const c of all) {
    const other = byId.get(c.name);
    if (other && other !== c) {
      diagnostics.push(error("E_AMBIGUOUS_NAME", { file, line: c.line, column: (columns.get("name") ?? 0) + 1 }, { name: c.name, otherLine: other.line, sheet: "ballots" }));
    }
  }
  for (const c of all) {
    if (c.parent === "") continue;
    const at = { file, line: c.line, column: (columns.get("parent") ?? 0) + 1 };
    const parent = byId.get(c.parent);
    if (!parent) diagnostics.push(error("E_PARENT_UNKNOWN", at, { parent: c.parent }));
    else if (parent === c) diagnostics.push(error("E_PARENT_SELF", at));
    else if (parent.parent !== "") diagnostics.push(error("E_PARENT_NESTED", at, { parent: c.parent }));
    else parent.children.push(c.id);
  }
  if (all.length === 0) diagnostics.push(error("E_NO_CANDIDATES", { file, line: table.headerLine + 1, column: 1 }));
  if (diagnostics.length > 0) return { diagnostics };
  const lines = voteOn === "candidates" ? all.filter((c) => c.parent === "") : all.filter((c) => c.children.length === 0);
  return { value: { all, byId, lines }, diagnostics: [] };
}

/** 打包式 warnings: one per candidate lacking any of the description fields. */
export function completenessWarnings(list: CandidateList, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const voted = new Set(list.lines);
  for (const c of list.all) {
    // A sub-item under a voted parent is described by its parent's fields too; one voted on by itself
    // (voteOn "items") must stand on its own like any top-level row.
    if (c.parent !== "" && !voted.has(c)) continue;
    const missing = DESCRIPTION_FIELDS.filter((f) => c[f] === "");
    if (missing.length > 0) {
      out.push(warning("W_INCOMPLETE_CANDIDATE", { file, line: c.line, column: 1 },
        { id: c.id, name: c.name, missing: missing.map((f) => FIELD_LABEL[f]), missingEnglish: missing.map((f) => CANDIDATE_COLUMNS[f][1]) }));
    }
  }
  return out;
}

export interface CompetitionCheck {
  ok: boolean;
  candidates: number;
  formal: number;
  required: number;
  /** How `required` was reached: equal allowed, or the larger of formal + minExtra and ⌈formal × minRatio⌉. */
  allowEqual: boolean;
  minExtra: number;
  /** minRatio as written in fraction form, e.g. "6/5". */
  minRatio: string;
  byRatio: number;
}

/** The values a 差额 message quotes. */
export function competitionParams(c: CompetitionCheck): Params {
  return { candidates: c.candidates, formal: c.formal, required: c.required, allowEqual: c.allowEqual ? 1 : 0, minExtra: c.minExtra, minRatio: c.minRatio, byRatio: c.byRatio };
}

/** The 差额 rule of SPEC §3, with exact arithmetic. */
export function checkCompetition(candidates: number, rules: SessionRules): CompetitionCheck {
  const n = rules.formal;
  const comp = rules.competition;
  const required = comp.allowEqual ? n : Math.max(n + comp.minExtra, ceilTimes(n, rules.minRatioFraction));
  return {
    ok: candidates >= required, candidates, formal: n, required,
    allowEqual: comp.allowEqual, minExtra: comp.minExtra, minRatio: formatFraction(rules.minRatioFraction), byRatio: ceilTimes(n, rules.minRatioFraction),
  };
}
