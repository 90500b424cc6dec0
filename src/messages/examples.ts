// What a schema hint shows the clerk to write: for each place in a JSON file, a value as it is written
// there. The same in every language (the file is the same), so both catalogues take them from here.
import { findInvisible, idWritten } from "../core/characters.js";
import type { Quoted } from "./catalogue.js";

/** Example values by path, array indexes written as N and a key the user names (a group) as *. */
export type Examples = Record<string, string>;

export const SESSION_EXAMPLES: Examples = {
  "": "{\"title\": \"××镇第十八届人民代表大会第五次会议\", \"date\": \"2026-01-15\", \"deputies\": {\"total\": 58, \"present\": 55}, \"issued\": [55], \"rules\": {\"formal\": 10}}",
  title: "\"××镇第十八届人民代表大会第五次会议\"",
  date: "\"2026-01-15\"",
  deputies: "{\"total\": 58, \"present\": 55}",
  "deputies.total": "58",
  "deputies.present": "55",
  issued: "[55]",
  "issued.N": "55",
  counted: "[{\"returned\": 55, \"void\": 1}]",
  "counted.N": "{\"returned\": 55, \"void\": 1}",
  "counted.N.returned": "55",
  "counted.N.void": "0",
  rules: "{\"formal\": 10}",
  "rules.formal": "10",
  "rules.competition": "{\"minExtra\": 1, \"minRatio\": \"1.2\", \"allowEqual\": false}",
  "rules.competition.minExtra": "1",
  "rules.competition.minRatio": "\"1.2\"",
  "rules.competition.allowEqual": "false",
  "rules.maxApprovals": "\"formal\"",
  "rules.quorum": "\"2/3\"",
  "rules.seed": "20260115",
  "rules.marks": "{\"approve\": [\"○\", \"〇\", \"√\"]}",
  "rules.marks.*": "[\"○\", \"〇\", \"√\"]",
  "rules.marks.*.N": "\"√\"",
};

export const EVALUATION_EXAMPLES: Examples = {
  "": "{\"title\": \"2026年度民生实事项目满意度测评\", \"projects\": \"candidates.csv\", \"groups\": {\"代表\": {\"weight\": \"0.6\"}, \"群众\": {\"weight\": \"0.4\"}}}",
  title: "\"2026年度民生实事项目满意度测评\"",
  projects: "\"candidates.csv\"",
  groups: "{\"代表\": {\"weight\": \"0.6\", \"members\": 58}, \"群众\": {\"weight\": \"0.4\"}}",
  "groups.*": "{\"weight\": \"0.6\", \"members\": 58}",
  "groups.*.weight": "\"0.6\"",
  "groups.*.members": "58",
  levels: "{\"满意\": 100, \"基本满意\": 60, \"不满意\": 0}",
  "levels.满意": "100",
  "levels.基本满意": "60",
  "levels.不满意": "0",
  rateBase: "\"valid\"",
  grade: "{\"base\": \"members\", \"atHalf\": \"counts\"}",
  passRate: "\"0.8\"",
};

export const EXPECTED_EXAMPLES: Examples = {
  "": "{\"exitCode\": 0, \"selected\": [\"P01\", \"P02\"]}",
  exitCode: "0",
  warnings: "[\"W_COMPETITION\"]",
  "warnings.N": "\"W_COMPETITION\"",
  error: "{\"code\": \"E_INPUT\"}",
  data: "{\"selected\": [\"P01\", \"P02\"]}",
};

/** The problem's place split into keys; the document itself has none. */
function keysOf(p: Quoted): string[] {
  const path = p.v("path");
  return path === "" ? [] : path.split(".");
}

const isIndex = (key: string) => /^\d+$/.test(key);

/** The example for the value at the problem's path: exactly, or with one key as * (a name the user chose). */
export function exampleAt(p: Quoted, examples: Examples): string | undefined {
  const shape = keysOf(p).map((k) => (isIndex(k) ? "N" : k));
  const tries = [shape, ...shape.map((_, i) => shape.map((k, j) => (j === i ? "*" : k)))];
  for (const t of tries) {
    const example = examples[t.join(".")];
    if (example !== undefined) return example;
  }
  return undefined;
}

/** A value as written at the problem's path: `"total": 58`, or `58` alone as an array's element. */
export function writtenAt(p: Quoted, value: string): string {
  const key = keysOf(p).at(-1);
  return key === undefined || isIndex(key) ? value : `${JSON.stringify(key)}: ${value}`;
}

/** The keys of the object that holds the problem's key (none for the document itself). */
export function parentPath(p: Quoted): string[] {
  return keysOf(p).slice(0, -1);
}

/** Text the user wrote where a number belongs ("58", " 58 ", full-width "５８") as the number, if it is one. */
export function numberWritten(text: string): string | undefined {
  const t = text.normalize("NFKC").trim();
  return /^-?\d+(?:\.\d+)?$/.test(t) ? t : undefined;
}

/**
 * session.json's counted as E_COUNTED_MISSING's hint shows it: the earlier rounds' entries as they are
 * (null for one not written), then this round's {"returned": issued, "void": 0}.
 */
export function countedExample(p: Quoted): string {
  // Each earlier entry comes as its JSON text ("null" for null).
  const before = Array.isArray(p.raw["before"]) ? p.raw["before"] as readonly string[] : [];
  const entry = (json: string | undefined) => {
    const e = json === undefined ? null : JSON.parse(json) as { returned: number; void: number } | null;
    return e ? `{"returned": ${e.returned}, "void": ${e.void}}` : "null";
  };
  const earlier = Array.from({ length: p.n("round") - 1 }, (_, k) => entry(before[k]));
  return `[${[...earlier, `{"returned": ${p.v("issued")}, "void": 0}`].join(", ")}]`;
}

/** The command line that writes an audit record (`ballot-r2` → `piaojue ballot --round 2`). */
export function recordCommand(name: string): string {
  const round = /^(ballot|runoff)-r(\d+)$/.exec(name);
  if (round) return round[1] === "ballot" ? `piaojue ballot --round ${round[2]}` : "piaojue runoff";
  return name === "evaluate-forms" ? "piaojue evaluate --forms" : `piaojue ${name}`;
}

/** The command lines behind the records a problem names (`who` lists them, `name` is one). */
export function recordCommands(p: Quoted, key: "who" | "name" | "planned"): string[] {
  // `rerun`: the command lines audit worked out from the records themselves (what a round's ballot was run as).
  const lines = Array.isArray(p.raw["rerun"]) ? p.raw["rerun"] as readonly string[] : undefined;
  const names = p.raw[key];
  return [...new Set(lines ?? (Array.isArray(names) ? names : [String(names ?? "")]).map(recordCommand))];
}

export { idWritten };

/** A budget as it was likely meant (`120万元`, `1,200` → `120`, `1200`), if it is a plain number in 万元 once the unit and separators go. */
export function budgetWritten(text: string): string | undefined {
  const n = text.normalize("NFKC").replace(/[,\s]/g, "").replace(/万元?$/, "");
  return /^\d+(?:\.\d+)?$/.test(n) && n !== text ? n : undefined;
}

/** Names a clerk may give the 票号 and 作废 columns of a ballots file instead of theirs. */
const RENAMED_SERIAL = /^(?:序号|编号|票的?编号|号码|票序|serial|no\.?)$/i;
const RENAMED_VOID = /^(?:无效|废票|作废票|是否作废|是否有效|void)$/i;

/**
 * Why an unknown column may be unknown, when its text says so (each catalogue words it): a file whose
 * columns are separated by semicolons, a renamed 票号 or 作废 column, an ID typed with full-width
 * characters (`meant`: the ID it stands for).
 */
export function unknownColumnCause(p: Quoted): { why: "semicolons" | "serial" | "void" } | { why: "full-width"; meant: string; invisible?: string } | undefined {
  const cause = mistypedColumn(p);
  if (cause?.why !== "full-width") return cause;
  // The name it stands for once a character that prints as nothing (U+FEFF, U+200B) goes: named as such.
  const invisible = findInvisible(String(p.raw["column"] ?? ""));
  return invisible ? { ...cause, invisible: invisible.char } : cause;
}

function mistypedColumn(p: Quoted): { why: "semicolons" | "serial" | "void" } | { why: "full-width"; meant: string } | undefined {
  const column = String(p.raw["column"] ?? "");
  if (column.split(";").length > 2) return { why: "semicolons" };
  if (p.raw["sheet"] === "ballots" && RENAMED_SERIAL.test(column)) return { why: "serial" };
  if (p.raw["sheet"] === "ballots" && RENAMED_VOID.test(column)) return { why: "void" };
  const meant = idWritten(column);
  const ids = p.raw["ids"];
  if (meant !== undefined && Array.isArray(ids) && ids.includes(meant)) return { why: "full-width", meant };
  // A column name of the file typed full-width (ｉｄ, 编号 with a full-width space): the name it stands for.
  // Both sides folded: 投入资金（万元) with one bracket half-width, or a name broken by Alt+Enter, is 投入资金（万元）.
  const fold = (text: string) => text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  const folded = fold(column);
  const names = [p.raw["columns"], p.raw["english"]].flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
  const name = folded !== column.toLowerCase() ? names.find((n) => fold(n) === folded) : undefined;
  return name !== undefined ? { why: "full-width", meant: name } : undefined;
}
