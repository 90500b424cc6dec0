// The English catalogue (`--lang en`, SPEC §9): for each diagnostic code, its message and hint from the
// diagnostic's params. Chinese stays the default and the `message` of --json.
import { DEFAULT_MARKS } from "../core/ballots.js";
import type { Catalogue, Failures, Quoted } from "./catalogue.js";
import {
  EVALUATION_EXAMPLES, EXPECTED_EXAMPLES, SESSION_EXAMPLES, budgetWritten, countedExample, exampleAt, idWritten, numberWritten, parentPath, recordCommands, unknownColumnCause, writtenAt,
  type Examples,
} from "./examples.js";
import { excelColumns, failedChecksText, JOURNAL_DAMAGED } from "./labels.js";

/** Why a file or folder could not be written, in words, with the system's code after them (unknown codes as they are). */
function writeReason(errno: string): string {
  const words = ({
    ENOSPC: "the disk is full", EACCES: "no permission to write", EPERM: "no permission to write", EROFS: "a read-only disk", ENOTDIR: "a file is in the way where a folder should be",
    EEXIST: "a file is in the way where a folder should be", ENOENT: "a folder in the path does not exist (a network drive not connected?)", ENAMETOOLONG: "the path is too long",
  } as Record<string, string>)[errno];
  return words ? `${words}, ${errno}` : `system error ${errno || "unknown"}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The session folder and -o in progress --plan's hints, as given on the command line: the commands run as written. */
const planFolder = (p: Quoted) => `${p.v("dir")}${p.has("out") ? ` -o ${p.v("out")}` : ""}`;
/**
 * A ballots column or counts 编号 that names a heading or a sub-item instead of a line of the round (params
 * from the count's namedInstead; `key`: the param holding what was written), or undefined.
 */
const namedInsteadEn = (p: Quoted, what: string, key: string) => (p.has("subItems") ? `${what} is a heading: its sub-items ${p.list("subItems")} are voted on, not it`
  : p.has("parent") ? `${what} is ${p.raw[key] === p.raw["subItem"] ? "a sub-item" : `the sub-item ${p.v("subItem")}`} of project ${p.v("parent")}: the project ${p.v("parent")} is voted on, not its sub-items`
  : undefined);
/** The output folder an audit finding is about: out/, or the -o folder as the clerk typed it. */
const outOf = (p: Quoted) => String(p.raw["outFolder"] ?? "out/");

/** A candidate field's problem (the keys candidates.ts's candidateSchema gives). */
const FIELD_PROBLEMS: Record<string, string> = {
  "id-empty": "the ID is empty",
  "id-pattern": "an ID may only use letters, digits, - and _, and must start with a letter or a digit",
  "name-empty": "the project name is empty",
  "name-reserved": "“票号” (serial) and “作废” (void) are a ballots file's own columns: a project cannot be named so (its ballot column could not be told from them)",
  "name-invisible": "holds an invisible or text-direction character (such as the zero-width space U+200B or the override U+202E), which lets two names look the same",
  "budget-number": "the budget must be a plain non-negative decimal in units of 10,000 yuan, such as 120 or 35.5, without units or scientific notation",
  "deadline-date": "the deadline is not a real date; write YYYY-MM-DD, YYYY-MM or words",
};

const FIELD_NAMES: Record<string, string> = { id: "ID", name: "Project name", budget: "Budget", deadline: "Deadline" };

/** How to put a candidate field right: written out when the intent shows in what was written. */
const FIELD_FIXES: Record<string, (p: Quoted) => string> = {
  "id-empty": () => "Fill in the project ID, such as P01; if this row is not a candidate, delete the whole row",
  "id-pattern": (p) => {
    const id = idWritten(p.v("value"));
    return `Use only letters, digits, - and _ in an ID, with no spaces, Chinese or full-width characters${id ? `; for example change it to “${id}”` : ", such as P01"}`;
  },
  "name-empty": () => "Fill in the project name; if this row is not a candidate, delete the whole row",
  "name-reserved": () => "Give the project a name that says what it is, such as 村道硬化 (village road paving)",
  "name-invisible": () => "Delete the name and type it again (text copied from web pages, documents or chat apps often carries invisible characters)",
  "budget-number": (p) => {
    const n = budgetWritten(p.v("value"));
    return `Write only the number, in units of 10,000 yuan${n ? `; for example change it to ${n}` : ", such as 120 or 35.5"}; leave it empty if not yet known`;
  },
  "deadline-date": () => "Write a real date, such as 2026-12-31 or 2026-12, or words such as “2026年底”",
};
const fieldFix = (p: Quoted) => FIELD_FIXES[String(p.raw["problem"])]?.(p);

const fieldProblem = (p: Quoted) => {
  const reason = FIELD_PROBLEMS[String(p.raw["problem"])] ?? String(p.raw["problem"]);
  const text = p.raw["value"] === "" ? reason : `${FIELD_NAMES[p.v("english")] ?? p.v("english")} ${p.q("value")}: ${reason}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Full-width punctuation and digits a Chinese input method types (JSON needs half-width). */
const fullWidthNote = (p: Quoted) => {
  if (p.has("invisible")) return ` (an invisible character, ${p.v("invisible")}, is here, most likely carried along by copy and paste: delete it)`;
  const c = p.list("found");
  return c !== "" && /[\u3000-\u303f\uff01-\uff5e“”‘’]/.test(c) ? ` (${p.q("found")} is a full-width character; JSON punctuation and digits must be half-width, typed with the English input method)` : "";
};

const JSON_SYNTAX: Record<string, { message: (p: Quoted) => string; hint: (p: Quoted) => string }> = {
  more: { message: () => "The file ends unexpectedly; the JSON is incomplete", hint: () => "The file may not have been saved completely or was cut off while copying; check that brackets and quotes are paired" },
  quote: { message: () => "A string has no closing quote", hint: () => "Check that the quotes on this line are paired" },
  escape: { message: () => "A string contains an invalid escape sequence", hint: () => "A backslash may only be followed by \" \\ / b f n r t u" },
  "no-control": { message: () => "A string contains a control character", hint: () => "Delete the character" },
  "escaped-control": { message: (p) => `The string holds the control character ${p.v("char")}, written as the escape ${p.v("escape")}`, hint: () => "Titles, names and other text cannot hold line breaks, tabs, NUL or other control characters; delete the escape" },
  "trailing-comma": { message: (p) => `There is an extra comma before ${p.v("found")}`, hint: () => "JSON allows no comma after the last item: delete that comma" },
  depth: { message: (p) => `Nested more than ${p.v("limit")} levels deep`, hint: () => "Check that the brackets are paired" },
  key: { message: (p) => `Expected a key in double quotes here${fullWidthNote(p)}`, hint: () => "JSON keys must be in plain (half-width) double quotes" },
  colon: { message: (p) => `Expected a colon after the key${fullWidthNote(p)}`, hint: () => "Write \"key\": value" },
  "comma-brace": { message: (p) => `Expected a comma or } here${fullWidthNote(p)}`, hint: () => "Check for a missing or an extra comma after the previous item" },
  "comma-bracket": { message: (p) => `Expected a comma or ] here${fullWidthNote(p)}`, hint: () => "Check the commas between the array's elements" },
  value: { message: (p) => `Unrecognised content ${p.q("found")}${fullWidthNote(p)}`, hint: (p) => `${p.v("file")} must be valid JSON` },
  number: { message: (p) => `The number ${p.q("found")} is out of range`, hint: () => "Write a number of ordinary size" },
  end: { message: () => "There is extra content after the end of the JSON", hint: () => "Delete the extra content" },
  comment: {
    message: () => "A JSON file cannot hold comments",
    hint: (p) => (p.raw["comment"] === "block"
      ? "Delete the comment from /* to */; the comments in the guide only explain and are not to be copied. Delete any other comments too"
      : "Delete the comment from // to the end of the line; the comments in the guide only explain and are not to be copied. Delete the comments on other lines too"),
  },
};

const TYPE_NAMES: Record<string, string> = {
  string: "text", number: "a number", int: "an integer", boolean: "true or false", array: "a [ … ] list", object: "a { … } object", record: "a { … } object", null: "null",
};
const typeName = (t: string) => TYPE_NAMES[t] ?? t;

/** The schemas' own rules (the keys of refine and superRefine); other rules (audit.json's schema) are Chinese text. */
const SCHEMA_RULES: Record<string, (p: Quoted) => string> = {
  "sha256-hex": () => "must be a 64-digit lowercase hexadecimal SHA-256",
  "command-name": () => "must be a command name",
  "session-relative": () => "must be a path relative to the session folder",
  ratio: () => "must be a decimal or a fraction, such as \"1.2\" or \"2/3\"",
  share: () => "must be a decimal or a fraction, such as \"0.6\" or \"2/3\"",
  date: () => "must be a real date in the form YYYY-MM-DD",
  "present-exceeds-total": (p) => `${p.v("present")} present is more than the ${p.v("total")} deputies in total`,
  "seed-required": () => "with order \"random\" an integer seed must be given, so the ballot order can be reproduced",
  "void-exceeds-returned": (p) => `${p.v("void")} void is more than the ${p.v("returned")} returned`,
  "mark-ambiguous": (p) => `the mark ${p.q("mark")} appears in both ${p.v("other")} and ${p.v("kind")}, so its meaning is unclear`,
  "blank-against-approve-only": () => "an approve-only ballot has no against: its against marks are read as unreadable, so a blank listed as against would make every unmarked cell unreadable and void every ballot",
  "quorum-range": () => "the quorum ratio must be greater than 0 and at most 1",
  positive: () => "must be greater than 0",
  "unit-share": () => "must be between 0 and 1, such as \"0.8\"",
  "level-score": () => "must be a plain decimal between 0 and 100",
  "path-control": () => "the path contains a control character",
  "path-absolute": () => "must not be an absolute path (paths in the audit record and SHA256SUMS are relative to the evaluation folder, so they still check after the folder is moved): write a path relative to the evaluation folder, such as \"candidates.csv\", \"out/results.csv\" or \"../township-2026/out/results.csv\"",
  "groups-empty": () => "there must be at least one evaluation group",
  "group-name-blank": (p) => `group name ${p.q("name")} must not be empty or begin or end with a space`,
  "group-name-combined": (p) => `a group cannot be called ${p.q("name")}: that is the name of the weighted combined row`,
  "group-name-invisible": (p) => `group name ${p.q("name")} holds an invisible or text-direction character ${p.v("char")}`,
  "group-members-required": (p) => `with rateBase "members", group ${p.q("name")} must give members (the number expected to take part)`,
  "levels-order": (p) => `the level scores must satisfy 满意 ≥ 基本满意 ≥ 不满意 (now ${p.v("satisfied")}, ${p.v("basic")}, ${p.v("unsatisfied")})`,
  malformed: () => "malformed",
  "warning-code": () => "must be a warning code: W_ followed by capital letters, digits or underscores",
  "tally-exit-code": () => "must be an exit code a tally gives: 0 (done), 1 (invalid input), 3 (the vote is void) or 4 (a runoff is required)",
};
const rule = (p: Quoted, key: string) => SCHEMA_RULES[key]?.(p) ?? key;

function schemaReason(p: Quoted): string {
  switch (p.raw["problem"]) {
    case "integer": return "must be an integer";
    case "missing": return `required, missing (should be ${typeName(p.v("expected"))})`;
    case "type": return `wrong type, should be ${typeName(p.v("expected"))}, found ${typeName(p.v("found"))}`;
    case "too-few": return `needs at least ${plural(p.n("limit"), "item")}`;
    case "empty": return "must not be empty";
    case "too-small": return `must not be less than ${p.v("limit")}`;
    case "too-big": return `must not be greater than ${p.v("limit")}`;
    case "too-long": return `must not be longer than ${plural(p.n("limit"), "character")}`;
    case "huge": return "the number is too big";
    case "huge-negative": return "the number is too small (too far below zero)";
    case "choices": return `invalid value; choose one of ${p.list("choices")}`;
    case "invalid": return "invalid value";
    case "key": return `invalid key: ${(p.raw["rules"] as readonly string[]).map((r) => rule(p, r)).join("; ")}`;
    default: return rule(p, String(p.raw["rule"] ?? ""));
  }
}

/** A full-width character found in a value meant as ASCII (the `fullWidth` param), named. */
const fullWidthChar = (p: Quoted) => (p.raw["fullWidth"] ? ` (${p.q("fullWidth")} is a full-width character: type it with the input method in English mode)` : "");

const schemaMessage = (p: Quoted) => `${p.v("path") || "The whole file"}: ${schemaReason(p)}${fullWidthChar(p)}`;

/**
 * A progress month malformed, written as a day the calendar does not have (2026-02-30), or turned into a date
 * by Excel when it saved the CSV file (2026/6/1): `workbook` is the table's workbook form.
 */
const progressMonth = (what: (p: Quoted) => string, workbook: string) => ({
  message: (p: Quoted) => `${what(p)} ${p.q("value")} ${p.raw["problem"] === "no-such-date" ? "is not a date that exists" : "is not a month (YYYY-MM)"}${fullWidthChar(p)}`,
  hint: (p: Quoted) => (p.raw["problem"] === "no-such-date" ? "Write a date that exists, such as 2026-06-30, or only the month, 2026-06"
    : p.raw["problem"] === "excel-serial" ? `This is Excel's serial number of a day (in ${p.v("month")}): the cell lost its date format. Format it as a date in the sheet, or write ${p.v("month")} instead`
    : p.raw["problem"] === "excel-date" ? `Excel turned the month into a date when it saved the CSV file: write it back as YYYY-MM, here ${p.raw["otherMonth"] ? `${p.v("month")} or ${p.v("otherMonth")} (day or month first cannot be told: check the original sheet)` : p.v("month")}; keeping the sheet as ${workbook} (its dates are read correctly), or formatting the column as text before typing, avoids it`
    : "Write YYYY-MM, such as 2026-06 (a YYYY-MM-DD counts as its month)"),
});

/** What to write for a schema's own rule, given the value as written at its place (`as`) and the example there. */
const RULE_HINTS: Record<string, (p: Quoted, as: (value: string) => string, example: string | undefined) => string> = {
  "present-exceeds-total": () => "Check the figures: the deputies present (present) cannot be more than the total (total)",
  "seed-required": () => "Add a random seed, such as \"seed\": 20260115 (any integer; note it in the minutes, so the same order can be made again)",
  "void-exceeds-returned": () => "Check the count sheet: the void ballots (void) cannot be more than those returned (returned)",
  "mark-ambiguous": () => "A mark may stand for one thing only: delete it from one of the lists",
  "blank-against-approve-only": () => "Delete the blank \"\" from rules.marks.against (on an approve-only ballot an unmarked cell is simply not approved)",
  "quorum-range": (_p, as) => `Write a fraction or decimal of at most 1, in double quotes: ${as("\"2/3\"")}`,
  ratio: (_p, as, example) => `Write a decimal or a fraction in double quotes: ${as(example ?? "\"2/3\"")}`,
  share: (_p, as, example) => `Write a decimal or a fraction in double quotes: ${as(example ?? "\"0.6\"")}`,
  date: (_p, as) => `Write year-month-day in double quotes: ${as("\"2026-01-15\"")}`,
  positive: (_p, as, example) => `Write a number greater than 0${example ? `: ${as(example)}` : ""}`,
  "unit-share": (_p, as) => `Write a decimal or fraction between 0 and 1, in double quotes: ${as("\"0.8\"")}`,
  "level-score": () => "Write a number from 0 to 100 without quotes, such as \"满意\": 100, \"基本满意\": 60, \"不满意\": 0",
  "groups-empty": () => "Write at least one group, such as \"groups\": {\"代表\": {\"weight\": \"1\"}}",
  "group-name-blank": () => "Write the group's name, without spaces before or after it",
  "group-name-combined": () => "Give the group another name, such as 代表 or 群众",
  "group-name-invisible": () => "Delete the group's name and type it again (do not copy it from a web page or a chat app)",
  "group-members-required": (_p, as) => `Add the number expected to take part to this group, such as ${as("{\"weight\": \"0.6\", \"members\": 58}")}`,
  "levels-order": () => "For example \"levels\": {\"满意\": 100, \"基本满意\": 60, \"不满意\": 0}",
  "warning-code": (_p, as, example) => `Copy the code of a warning in tally --json, with its capitals: ${as(example ?? "\"W_COMPETITION\"")}`,
  "tally-exit-code": () => "Write 0, 1, 3 or 4: 2 (a usage error) and 70 (an internal error) are no tally's result, and verify never compares them",
};

/**
 * What to write instead, from the problem and the value the user wrote (params `value`, `suggestion`) or
 * the example for its place; undefined when there is nothing concrete to say.
 */
function schemaFix(p: Quoted, examples: Examples): string | undefined {
  const example = exampleAt(p, examples);
  const as = (value: string) => writtenAt(p, value);
  const value = p.has("value") ? p.v("value") : undefined;
  const found = p.v("found");
  const forExample = (text: string) => (example ? `${text}, such as ${as(example)}` : text);
  switch (p.raw["problem"]) {
    case "type": {
      const expected = p.v("expected");
      if (p.v("path") === "") return forExample("The whole file must be settings between a pair of braces { }");
      if (expected === "number") {
        const shown = (found === "string" && value !== undefined ? numberWritten(value) : undefined) ?? example;
        return `Write a number without quotes${shown ? `: ${as(shown)}` : ""}`;
      }
      if (expected === "string") {
        const shown = example ?? (value !== undefined && found !== "string" ? JSON.stringify(value) : undefined);
        return `Write text in plain double quotes${shown ? `: ${as(shown)}` : ""}`;
      }
      if (expected === "boolean") return `Write true or false without quotes: ${as(value === "true" || value === "false" ? value : example ?? "false")}`;
      if (expected === "array") return forExample("Write a list in square brackets [ ], its items separated by commas");
      if (expected === "object" || expected === "record") return forExample("Write settings in braces { }");
      return undefined;
    }
    case "missing": {
      const parent = parentPath(p).map((k, i) => (/^\d+$/.test(k) ? ` item ${Number(k) + 1}` : `${i > 0 ? "." : ""}${k}`)).join("");
      const key = JSON.stringify(p.v("path").split(".").at(-1));
      return `Add ${example ? as(example) : `${key} (${typeName(p.v("expected"))})`}${parent ? ` to ${parent}` : ""}`;
    }
    case "integer": return forExample("Write a whole number, without a decimal point");
    case "empty": return forExample("Fill it in");
    case "too-few": return forExample(`Write at least ${plural(p.n("limit"), "item")}`);
    case "too-small": return `Write a number not less than ${p.v("limit")}`;
    case "too-big": return `Write a number not greater than ${p.v("limit")}`;
    case "too-long": return `Shorten it to at most ${plural(p.n("limit"), "character")}`;
    case "huge": case "huge-negative": return forExample("Write a number of ordinary size");
    case "choices": {
      const choice = p.has("suggestion") ? JSON.stringify(p.v("suggestion")) : (p.raw["choices"] as readonly string[])[0];
      return p.has("suggestion") ? `Did you mean ${as(choice!)}? Copy the value exactly, with its double quotes and letter case`
        : `For example ${as(choice!)}; copy the value exactly, with its double quotes and letter case`;
    }
    case "rule": return RULE_HINTS[String(p.raw["rule"])]?.(p, as, example);
    default: return undefined;
  }
}

/** A hint tied to the place whatever the problem (a rule with several forms). */
function placeHint(p: Quoted): string | undefined {
  const k = p.v("path");
  if (k.startsWith("rules.competition")) return "The competition rule: {\"minExtra\": 1, \"minRatio\": \"1.2\", \"allowEqual\": false}";
  if (k === "date") return "For example \"2026-01-15\"";
  if (k.startsWith("issued")) return "The ballots issued in each round, first round first, such as [55]";
  if (k.startsWith("rules.maxApprovals")) return "\"formal\" (equal to the number to select), a positive integer, or \"none\"";
  return undefined;
}

const schemaHint = (examples: Examples) => (p: Quoted) => schemaFix(p, examples) ?? placeHint(p);

const RESULTS_COLUMNS = "The columns of a results file are: 名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次 (as piaojue tally writes them; unused columns may be deleted, but none renamed or added)";
const COUNTS_COLUMNS = "The columns of a hand-summed file are: 编号,组别,满意,基本满意,不满意,弃权 (组别 may be left out with one group; a 项目名称 column may be added)";
/** The columns of each table with fixed column names (the sheet core/table.ts's fixedColumns names). */
const SHEET_COLUMNS: Record<string, string> = {
  counts: COUNTS_COLUMNS,
  results: RESULTS_COLUMNS,
  indicators: "The columns of an indicators file are: 编号,指标,目标值,完成值,权重 (权重, the weight, may be left out and counts as 1)",
  "ballot-counts": "The columns of a counts file are: 编号,赞成,反对,弃权 (ID, for, against, abstain)",
};

/** An audit problem: its detail, after “check N failed” when it is the diagnostic itself. */
const auditEn = (p: Quoted, detail: string) => (p.has("check") ? `Check ${p.v("check")} failed: ${detail}` : detail);
const rerunEn = (p: Quoted, key: "who" | "name" | "planned") => recordCommands(p, key).join(" or ");
const AUDIT_RESTORE = "audit.json is written by piaojue and must not be edited: restore the out/ folder from its archived copy; without one, move out/ elsewhere (or delete it) and run the commands that write results again in order (such as piaojue ballot, piaojue tally), which write the outputs and the audit record afresh";
/** The audit command line as the clerk typed it (folder and -o). */
const againEn = (p: Quoted) => String(p.raw["again"] ?? "piaojue audit");
/** A batch town without plan.csv now: batch no longer writes its progress, so what it wrote before only goes with its out/. */
const PLAN_GONE_EN = (p: Quoted) => `${rerunEn(p, "who")} no longer writes this town's progress, and the progress results written to ${outOf(p)} before can no longer be checked: move ${outOf(p)} elsewhere (or delete it), then run ${rerunEn(p, "who")} again`;
const SUMS_REWRITE = (p: Quoted) => `run the command that writes the results again (such as piaojue tally): it writes SHA256SUMS anew from audit.json; then run ${againEn(p)}`;
const icuEn = (p: Quoted) => (p.has("icuThen") ? `; the Node that wrote it had ICU ${p.v("icuThen")}, this one has ${p.v("icuNow")}, so stroke or pinyin order may differ` : "");

/** A project the list has but not as 当选 (SPEC §8 evaluates only those): not evaluated, rather than unknown. */
const unselectedEn = (p: Quoted) => `${p.q("unselected")} was not selected (当选) in ${p.v("list")}${p.has("result") && p.raw["result"] !== "未当选" ? ` (its result there is ${p.q("result")})` : ""}, so it is not evaluated`;
const UNSELECTED_HINT_EN = (what: string) => `Only the projects whose result in the project list is 当选 are evaluated: delete this ${what}; if it was in fact selected, make sure projects in evaluation.json points to the final tally results`;

/** Why standard output could not be written, in words (the errno follows them). */
const STDOUT_WHY_EN: Record<string, string> = { ENOSPC: ": the disk is full", EPIPE: ": the pipe is closed", EACCES: ": no permission to write", EPERM: ": no permission to write", EROFS: ": the disk is read-only", EIO: ": the device failed" };

/** A key under evaluation.json's levels: only the three grades of SPEC §8 are there. */
const isLevelKey = (p: Quoted) => /^levels\./.test(String(p.raw["key"] ?? ""));

/** Which marks are read: rules.marks as the session gives them, or the defaults (core's DEFAULT_MARKS), briefly. */
/** A kind's default marks but its Chinese ones (its words, and 〇): the first, then the others (o as well as O). */
const marksEn = (marks: readonly string[]) => {
  const [first, ...others] = marks.filter((m) => !/\p{Script=Han}/u.test(m));
  return `${first} (or ${others.join(", ")})`;
};
/** The marks of one kind as the session's rules.marks gives them, Chinese words too: they are the marks read (an empty cell written "a blank cell"). */
const givenEn = (p: Quoted, key: string) => (p.raw[key] as readonly string[]).map((m) => (m === "" ? "a blank cell" : m)).join(", ");
/** A blank cell is an abstention unless a list names it: said only where none does. */
const blankListed = (p: Quoted) => ["approveMarks", "againstMarks", "abstainMarks"].some((key) => (p.raw[key] as readonly string[]).includes(""));

const unreadableHint = (p: Quoted) => `Have the tellers check this cell against ${paperEn(p)}. ${p.has("marksGiven")
  ? `The marks read (a kind listed in rules.marks of session.json is read only as listed there): approve ${givenEn(p, "approveMarks")}, ${p.has("approveOnly") ? "" : `against ${givenEn(p, "againstMarks")}, `}abstain ${givenEn(p, "abstainMarks")}${blankListed(p) ? "" : " (and a blank cell, unless a list names it)"}`
  : `The marks read are: approve ${marksEn(DEFAULT_MARKS.approve)}, ${p.has("approveOnly") ? "" : `against ${marksEn(DEFAULT_MARKS.against)}, `}abstain a blank cell (or -), and each one's Chinese words; others can be set in rules.marks of session.json`}${p.has("approveOnly") ? "; on an approve-only ballot, against marks and any other mark cannot be read" : ""}`;

const MEANINGS_EN: Record<string, string> = { approve: "approval", against: "a vote against", abstain: "abstention" };

/** An unreadable mark drawn like one the session reads (◯ like ○): said to be another character. */
const lookAlikeEn = (p: Quoted) => (p.has("resembles")
  ? `: ${p.q("mark")} (${p.v("markCode")}) looks like ${p.q("resembles")} (${p.v("resemblesCode")}), the mark for ${MEANINGS_EN[p.v("meaning")]}, but is another character` : "");

/** A ballot's row, with its 票号 when it has one: the number on the paper ballot, which the line is not. */
const rowEn = (p: Quoted) => `Line ${p.v("line")}${p.has("serial") ? ` (ballot no. ${p.v("serial")})` : ""}`;
const paperEn = (p: Quoted) => (p.has("serial") ? `paper ballot no. ${p.v("serial")}` : "the paper ballot");
/** A mark that cannot be read, or a cell the clerk recorded as unreadable at entry (enter's key 4). */
const unreadableEn = (p: Quoted) => (p.has("recorded") ? `the cell for ${p.q("candidate")} was recorded as unreadable at entry` : `the mark ${p.q("mark")} for ${p.q("candidate")} cannot be read`);

function unreadableHintEn(p: Quoted): string {
  if (p.has("recorded")) return `Have the tellers check this cell against ${paperEn(p)}`;
  if (!p.has("resembles")) return unreadableHint(p);
  return `Type the cell again as ${p.q("resembles")} (or copy it from another ballot); if this session's ballots really use ${p.q("mark")} as the mark for ${MEANINGS_EN[p.v("meaning")]}, add it to rules.marks.${p.v("meaning")} in session.json (a list given there replaces that kind's defaults, so list ${p.q("resembles")} and the others too)`;
}

/** The hint for an unknown column whose text says why it is unknown (examples.ts finds why). */
function unknownColumnHint(p: Quoted): string | undefined {
  const cause = unknownColumnCause(p);
  if (cause === undefined) return undefined;
  if (cause.why === "full-width") return `Column ${p.q("column")} has ${"invisible" in cause ? `an invisible character, ${cause.invisible} (often carried along by copy and paste),` : /[\r\n]/.test(String(p.raw["column"])) ? "a line break (most likely Alt+Enter in an Excel cell)" : "full-width characters or spaces"} in it; write it as “${cause.meant}”`;
  return { semicolons: "This file's columns are separated by semicolons (the “CSV” Excel saves under some regional settings): save it again from Excel or WPS as “CSV UTF-8 (comma delimited)”", serial: "The serial number column must be named 票号 (it may be left out)", void: "The void column must be named 作废 (it may be left out)" }[cause.why];
}

/** Projects renamed since the ballot was printed (at most 3 listed): 'A2 was printed as "项目2", now "项目3"'. */
function renamedEn(p: Quoted): string {
  const list = (key: string) => (p.raw[key] ?? []) as readonly string[];
  const renamed = list("ids").map((id, i) => `${id} was printed as "${list("printedNames")[i]}", now "${list("nowNames")[i]}"`);
  return `${renamed.slice(0, 3).join("; ")}${renamed.length > 3 ? ` and ${renamed.length - 3} more` : ""}`;
}

export const EN: Catalogue = {
  // audit.json is written by piaojue, never by hand: a schema error there means it was altered or damaged.
  E_AUDIT_SCHEMA: { message: schemaMessage, hint: () => AUDIT_RESTORE },
  E_EVALUATION_SCHEMA: { message: schemaMessage, hint: (p) => schemaHint(EVALUATION_EXAMPLES)(p) ?? "See the guide for evaluation.json: title, projects, groups (weight, members of each), levels, rateBase, grade, passRate" },
  E_SESSION_SCHEMA: { message: schemaMessage, hint: (p) => schemaHint(SESSION_EXAMPLES)(p) ?? "See the guide for session.json; or run piaojue init in an empty folder to make one to compare with" },
  E_UNKNOWN_KEY: {
    // No did-you-mean for a grade: 很满意 is another grade, not a slip for 满意 (the hint says so).
    message: (p) => `Unknown key ${p.q("key")}${p.has("suggestion") && !isLevelKey(p) ? `; did you mean ${p.q("suggestion")}?` : ""}`,
    hint: (p) => (p.raw["of"] === "expectation" ? "Check the spelling: unknown keys are refused so that a misspelt expectation is not silently skipped"
      : isLevelKey(p) ? "There are only three grades (满意 satisfied, 基本满意 fairly satisfied, 不满意 unsatisfied), and levels gives their scores; where the rules have other grades (five, say), map them onto these three first, on the forms and in evaluations.csv too"
      : "Check the spelling: unknown keys are refused so that a misspelt rule does not silently do nothing"),
  },
  E_JOURNAL: {
    message: (p) => ({
      line: () => `Line ${p.v("line")} is not a complete record`,
      "start-missing": () => "The first line is not the start record of an entry",
      version: () => `The entry journal's format version ${p.v("version")} is not known`,
      "other-pass": () => "The entry journal belongs to another round or another pass",
      "other-session": () => `The entry journal was started for a session dated ${p.v("recorded")}; this session's date is ${p.v("now")}`,
      order: () => `The order of projects in the journal (${p.list("recorded")}) differs from the ballot now (${p.list("now")})`,
      "layout-changed": () => "The ballot's form or approval limit changed after entry began",
      "start-twice": () => "The start record appears twice",
      returned: () => `The returned count ${p.v("value")} is not a positive whole number`,
      seq: () => `Ballot number ${p.v("seq")} is out of sequence (${p.v("count")} entered)`,
      marks: () => `Ballot ${p.v("seq")} has a different number of projects than the ballot`,
      undo: () => `The undo is for ballot ${p.v("seq")}, but the last ballot is ${p.v("last")}`,
      field: () => `The count sheet has no figure "${p.v("field")}"`,
      done: () => `The finish record says ${p.v("count")} ballots, but there are ${p.v("actual")}`,
    } as Record<string, () => string>)[String(p.raw["problem"])]?.() ?? String(p.raw["problem"]),
    hint: (p) => (p.raw["problem"] === "line"
      ? "This line of the entry journal was written whole yet is not a valid record (the file was edited, or the disk is damaged); entry cannot resume safely, and nothing was changed or dropped; give this file to a technician, or rename it and enter this pass again"
      : p.raw["problem"] === "other-session"
        ? "Most likely the entry folder was copied from another session folder (an earlier session, or a rehearsal): rename or move it away and enter again; if only the date in session.json was corrected, put it back until entry is done"
        : JOURNAL_DAMAGED.has(String(p.raw["problem"]))
          ? "The journal piaojue writes always follows on from itself; this record does not follow the records before it (the file was edited, or the disk is damaged), so entry cannot resume safely; nothing was changed. Give this file to a technician, or rename it and enter this pass again"
          : "The entry journal does not match the session files now (were candidates or rules changed?); to enter again, rename this file and start over"),
  },
  E_MARKS: {
    message: (p) => `rules.marks.${p.v("list")} has no mark that can be written into ballots.csv: one starting with = + - @ is a formula to a spreadsheet, an empty cell means unmarked, and one also in another list counts as that list's`,
    hint: (p) => (p.raw["list"] === "abstain"
      ? "Add 弃权 to rules.marks.abstain (or another mark of that list alone, not starting with = + - @): an abstention entered is written as a mark, an empty cell is unmarked, and a row of empty cells is a blank ballot"
      : "Put in each list of rules.marks an ordinary symbol of its own, such as ○, × or 弃权"),
  },
  E_JSON_SYNTAX: { message: (p) => JSON_SYNTAX[String(p.raw["expected"])]!.message(p), hint: (p) => (p.has("trail") ? AUDIT_RESTORE : JSON_SYNTAX[String(p.raw["expected"])]!.hint(p)) },
  E_BUDGET: { message: fieldProblem, hint: fieldFix },
  E_CANDIDATE: { message: fieldProblem, hint: fieldFix },
  E_CANDIDATE_ID: { message: fieldProblem, hint: fieldFix },
  E_CANDIDATE_NAME: { message: fieldProblem, hint: fieldFix },
  E_DEADLINE: { message: fieldProblem, hint: fieldFix },
  E_DUPLICATE_COLUMN: {
    message: (p) => {
      if (p.has("candidate")) return `Column ${p.q("column")} is the same project ${p.q("candidate")} as column ${p.v("otherColumn")}`;
      if (p.has("project")) return `Column ${p.q("column")} is the same project ${p.q("project")} as column ${p.v("otherColumn")}`;
      return p.has("otherColumn") ? `Column ${p.q("column")} repeats column ${p.v("otherColumn")}` : `Column ${p.q("column")} appears twice`;
    },
    hint: (p) => (p.has("candidate") ? "Each candidate may have only one column" : p.has("project") ? "Each project may have only one column" : p.has("otherColumn") ? "Each column may appear only once" : "Delete the extra column"),
  },
  E_MISSING_COLUMN: {
    message: (p) => (p.has("candidate") ? `There is no column for ${p.q("candidate")}` : p.has("project") ? `There is no column for ${p.q("project")}`
      : p.has("sheet") ? `Column ${p.q("column")} is missing` : `The required column ${p.q("column")} (or ${p.q("english")}) is missing`),
    hint: (p) => (p.has("candidate") ? "Every candidate needs a column, named by its ID or its full project name"
      : p.has("project") ? "Every project in the list needs a column, named by its ID or its full project name"
      : p.has("sheet") ? SHEET_COLUMNS[String(p.raw["sheet"])] : `The header must have ${p.q("column")} (or ${p.q("english")})`),
  },
  E_UNKNOWN_COLUMN: {
    message: (p) => (p.raw["sheet"] === "forms"
      ? `Column ${p.q("column")} is neither a project in the project list nor “组别” (group)${p.has("nearest") && unknownColumnCause(p)?.why !== "full-width" ? `; is it project ${p.q("nearest")}?` : ""}`
      : p.has("zerosOf") ? `Column ${p.q("column")} differs from the candidate ID ${p.q("zerosOf")} only in leading zeros`
      : p.raw["sheet"] === "ballots" ? (namedInsteadEn(p, `Column ${p.q("column")}`, "column") ?? `Column ${p.q("column")} is not a candidate${p.n("roundLines") > 0 ? " of this round" : ""}`) : `Unknown column ${p.q("column")}`),
    hint: (p) => {
      if (p.raw["sheet"] === "forms" && unknownColumnCause(p)?.why !== "full-width") return `Name a project's column by its ID or full name in the project list (${p.list("ids")}); a forms file may only have “组别” (group) and one column per project, so delete any other column`;
      const cause = unknownColumnHint(p);
      if (cause !== undefined) return cause;
      if (p.has("zerosOf")) return "003 typed into Excel or WPS is stored as the number 3: format the ID column of the candidates (or ballots) sheet as Text and type the IDs again, so that both are written alike";
      if (p.raw["sheet"] === "ballots") {
        const columns = `round's columns: ${p.list("ids")} (by ID or full project name)`;
        return p.has("subItems") ? `Delete this column and mark each sub-item's column; this ${columns}`
          : p.has("parent") ? `Delete this column and mark project ${p.v("parent")}'s column; this ${columns}` : `This ${columns}`;
      }
      const columns = SHEET_COLUMNS[String(p.raw["sheet"])];
      if (columns !== undefined) return columns;
      const english = p.raw["english"] as readonly string[];
      return `Columns you can use: ${(p.raw["columns"] as readonly string[]).map((c, i) => `${c} (${english[i]})`).join(", ")}`;
    },
  },
  E_PROJECT_ID: {
    message: (p) => (p.has("line") ? `Line ${p.v("line")}: the ID is empty` : "The ID is empty"),
    hint: (p) => (p.has("line") ? "Write the project ID" : "Every project needs an ID, such as P01"),
  },
  E_PROJECT_NAME: { message: () => "The project name is empty", hint: () => "Write the project name" },
  E_RESULT_VALUE: {
    message: (p) => `The result (结果) ${p.q("value")} is not one a tally writes`,
    hint: () => "The result must be one of 当选 (selected), 未当选 (not selected), 未过半数 (no majority), 得票相等待再次票决 (tied, awaiting a further round)",
  },
  E_COUNT_NUMBER: {
    message: (p) => (p.raw["value"] === ""
      ? `${p.has("line") ? `Line ${p.v("line")}: ${p.q("column")}` : "This cell"} is empty; ${p.raw["sheet"] === "counts" ? "a number of forms" : p.raw["sheet"] === "results" ? "a non-negative whole number" : "a count"} is needed`
      : p.has("line") ? `Line ${p.v("line")}: ${p.q("value")} in ${p.q("column")} is not a non-negative whole number` : `${p.q("value")} is not a non-negative integer`),
    hint: (p) => (p.raw["sheet"] === "results" ? RESULTS_COLUMNS : p.raw["sheet"] === "ballot-counts" ? "Write a whole number, such as 42" : "Write a number of forms, such as 42; write 0 for none"),
  },
  E_NO_PROJECTS: {
    message: (p) => (p.raw["sheet"] === "candidates" ? "The project list has no projects to evaluate" : "The results list no project marked “当选” (selected)"),
    hint: (p) => (p.raw["sheet"] === "candidates"
      ? "Write one project to evaluate per row under the header (编号, 项目名称), or point projects in evaluation.json to the tally's results.csv"
      : "Make sure projects in evaluation.json points to the final results (results.csv after all rounds)"),
  },
  E_IDENTIFYING_COLUMN: {
    message: (p) => (p.raw["sheet"] === "ballots" ? `Column ${p.q("column")} may reveal a deputy's identity; the ballot is secret` : `Column ${p.q("column")} may reveal who filled in the form; the satisfaction evaluation is anonymous`),
    hint: (p) => (p.raw["sheet"] === "ballots" ? "Delete this column: a ballots file may only have 票号 (serial), 作废 (void) and one column per candidate"
      : p.raw["sheet"] === "counts" ? COUNTS_COLUMNS : "Delete this column: a forms file may only have “组别” (group) and one column per project"),
  },
  E_EMPTY_HEADER: {
    message: (p) => (p.has("lastColumnNumber") ? `Columns ${p.v("columnNumber")}–${p.v("lastColumnNumber")} (${excelColumns(p)}) have no name`
      : p.has("columnNumber") ? `Column ${p.v("columnNumber")} (${excelColumns(p)}) has no name` : "A column in the header has no name"),
    hint: (p) => (p.has("emptyColumn") && !p.has("below") ? `${p.has("lastColumnNumber") ? "These columns are" : "This column is"} empty in every row (which Excel does not show): in Excel or WPS select column${p.has("lastColumnNumber") ? "s" : ""} ${excelColumns(p)}, right-click → Delete, and save`
      : p.has("below") ? `Row ${p.v("header")} is taken as the header, yet this column has a value in row ${p.v("below")}: if the column names are in row ${p.v("below")} or below, delete the title rows above them` : p.has("titleRow") ? "Only the first cell of the first row has text, like a table's title: delete that row, so the column names are on the first row"
      : p.has("columnNumber") ? "Delete the empty column, or give it a name" : p.raw["sheet"] === "ballots" ? "Delete the empty column, or write a candidate's ID in it" : "Delete the empty column, or write a project's ID in it"),
  },
  E_EVAL_EMPTY_LINE: {
    message: (p) => `Line ${p.v("line")} is empty: with one project column and no 组别 column, an empty line may be a blank form (abstaining on every project) or a stray empty line, so the number of forms returned is not known`,
    hint: () => "Add a 组别 column, one row per form, a blank form with only its group; or keep the forms in evaluations.xlsx, where an empty row inside the table is a blank form; if it is no form, delete the empty line, then evaluate again",
  },
  E_EVAL_GROUP_EMPTY: { message: (p) => `Line ${p.v("line")}: the group is empty`, hint: (p) => `Write the group: ${p.list("groups")}` },
  E_EVAL_GROUP_SHEETS: { message: (p) => `The worksheets are named for groups (${p.list("sheets")}), but the sheet read, “${p.v("sheet")}”, has no 组别 column: each of its rows would count for the first group, “${p.v("group")}”, and the other sheets would not be read`, hint: (p) => `Put all groups' rows on one sheet with a 组别 column naming each row's group (${p.list("groups")}); a sheet of one group needs the 组别 column too, without it the whole sheet counts for “${p.v("group")}”` },
  E_EVAL_GROUP_UNKNOWN: { message: (p) => `Line ${p.v("line")}: the group ${p.q("group")} is not in the groups of evaluation.json`, hint: (p) => `Groups you can use: ${p.list("groups")}` },
  E_EVAL_MARK: {
    message: (p) => `Line ${p.v("line")}, column ${p.v("columnNumber")} (${p.v("project")}): ${p.q("value")} is not an evaluation result`,
    hint: () => "A cell may only hold 满意, 基本满意, 不满意, 弃权 (satisfied, fairly satisfied, unsatisfied, abstain), or be empty (counted as abstain)",
  },
  E_MORE_ERRORS: { message: (p) => `${p.n("more") === 1 ? "1 more error" : `${p.v("more")} more errors`} of the same kind not listed`, hint: () => "Correct the errors listed above and run again" },
  E_DUPLICATE_ROW: { message: (p) => `${p.q("id")} in group ${p.q("group")} repeats line ${p.v("otherLine")}`, hint: () => "Each project may have only one row per group" },
  E_EVAL_NAME_MISMATCH: {
    message: (p) => `ID ${p.q("id")} is ${p.q("listed")} in the project list, but this row says ${p.q("written")}`,
    hint: () => "Check whether the ID and the project name on this line belong to different rows",
  },
  E_EVAL_FORMS_EXCEED_MEMBERS: {
    message: (p) => (p.raw["sheet"] === "forms"
      ? `Group ${p.q("group")} has ${plural(p.n("forms"), "form")} in ${p.v("file")}, more than its ${plural(p.n("members"), "member")}`
      : `${p.q("id")} in group ${p.q("group")}: ${plural(p.n("forms"), "form")}, more than the ${plural(p.n("members"), "member")}`),
    hint: (p) => (p.raw["sheet"] === "forms" ? `Check the group column of ${p.v("file")}, or correct the group's members` : "Check the summary sheet, or correct the group's members in evaluation.json"),
  },
  E_EVAL_NO_FORMS: {
    message: () => "There are no evaluation results",
    hint: (p) => (p.raw["source"] === "forms" ? "Below the header, write one row per form" : "Write one row of counts per project and group"),
  },
  E_INDICATOR_NAME: { message: (p) => `Line ${p.v("line")}: the indicator's name is empty`, hint: () => "Name the indicator, such as “新增床位（张）”" },
  E_BLANK_ROW: { message: (p) => `Line ${p.v("line")} is empty (only commas or spaces)`, hint: () => "Most likely a row cleared in Excel or WPS and saved: delete the row, then run again" },
  E_INDICATOR_NUMBER: { message: (p) => `Line ${p.v("line")}: ${p.q("value")} in ${p.q("column")} is not a non-negative number`, hint: () => "Write a number only, such as 100, 0.95, 95%, 2/3 or 1,860 (a comma only between thousands; the decimal point is \".\"), without units" },
  E_INDICATOR_TARGET_ZERO: { message: (p) => `Line ${p.v("line")}: the target is 0, so completion cannot be computed`, hint: () => "The target must be greater than 0" },
  E_INDICATOR_WEIGHT: {
    message: (p) => (p.has("total") ? `The indicator weights of project ${p.q("id")} add up to 0` : `Line ${p.v("line")}: the weight ${p.q("value")} is not a non-negative number`),
    hint: (p) => (p.has("total") ? "At least one indicator needs a weight greater than 0" : "Write a decimal or a fraction, such as 0.3 or 1/3; empty counts as 1"),
  },
  W_INDICATOR_REPEATED: {
    message: (p) => `Project ${p.q("id")} already has the indicator ${p.q("name")} on line ${p.v("first")}; this line gives it again, and both count in the completion rate`,
    hint: () => "Write each indicator on one line; if they are two indicators, give them different names",
  },
  W_INDICATOR_PROJECT_NOT_LISTED: {
    message: (p) => (p.has("unselected") ? `${unselectedEn(p)}; this indicator was not counted` : `The indicator's ID ${p.q("id")} is not a project in the project list and was not counted`),
    hint: (p) => (p.has("unselected") ? UNSELECTED_HINT_EN("row") : "Write a listed project's ID or its full name in the 编号 column; if it still does not match, make sure projects in evaluation.json points to the right project list"),
  },
  W_EVAL_GROUP_NO_FORMS: {
    message: (p) => `Group ${p.q("group")} has no forms; the combined result is reweighted over the other groups`,
    hint: (p) => (p.raw["source"] === "forms" ? `If the group was evaluated, enter its forms in ${p.v("file")}, one a row, with ${p.q("group")} in the “组别” (group) column (add that column first if there is none)` : `If the group was evaluated, add the group's rows to ${p.v("file")}`),
  },
  W_EVAL_FEW_FORMS: {
    message: (p) => `${p.raw["project"] === undefined ? "Group" : `Project ${p.q("project")} in group`} ${p.q("group")} has only ${plural(p.n("forms"), "form")}, fewer than ${p.v("minimum")}: anonymity is hard to keep`,
    hint: () => "satisfaction.html and --json (fewForms) already mark the figures “for reference only”; with so few people, evaluate together with another group, or do not publish this group's result separately",
  },
  W_GRADE_BASE_VALID: { message: (p) => `Group ${p.q("group")} has no members (应参加人数): its grade is judged on its valid forms, not on its members`, hint: () => `If the grade is judged on the members (全体组成人员), add "members" to this group in evaluation.json; if it is judged on valid forms, set grade.base to "valid"` },
  W_EVAL_GROUP_ONLY_ABSTAIN: { message: (p) => `All ${p.v("forms")} forms of group ${p.q("group")} abstain on project ${p.q("project")}, while other groups rated it`, hint: (p) => `Check whether this group's answers for the project were left out of ${p.v("file")}: its combined figures come from the other groups alone (and this group's zero shares)` },
  W_EVAL_PROJECT_ONLY_ABSTAIN: {
    message: (p) => `All ${p.v("forms")} forms abstain on project ${p.q("project")}: none rates it 满意, 基本满意 or 不满意`,
    hint: (p) => `Check whether the project's answers were left out of ${p.v("file")}; it has no score${p.has("passRate") ? ", and whether it passes cannot be judged" : ""}`,
  },
  W_EVAL_PROJECT_NO_FORMS: {
    message: (p) => `Project ${p.q("project")} has no evaluation results from any group`,
    hint: (p) => `Add rows for the project to ${p.v("file")}, or remove it from the project list`,
  },
  W_EVAL_PROJECT_NOT_LISTED: {
    message: (p) => `${p.has("unselected") ? unselectedEn(p) : `${p.q("what")} is not a project in the project list`}; ${p.n("hasForms") === 1 ? "its results were" : "this column was"} not counted`,
    hint: (p) => (p.has("unselected") ? UNSELECTED_HINT_EN(p.n("row") === 1 ? "row" : "column") : p.n("row") === 1
      ? "Write the listed project's ID or full name in the 编号 cell, and make sure projects in evaluation.json points to the right project list"
      : "Make sure projects in evaluation.json points to the right project list; if this is another name for a listed project, rename the column to its ID or full name"),
  },
  W_EVAL_NO_ABSTAIN_COLUMN: { message: () => "There is no 弃权 column, so every project's abstentions count as 0, while rateBase is \"returned\" (abstentions count in the base)", hint: () => "Add a 弃权 column with each project's and group's abstentions from the forms (0 where there were none), then run piaojue evaluate again" },
  W_EVAL_TOTALS_DIFFER: {
    message: (p) => {
      const who = `“${p.v("id")} ${p.v("name")}” in group ${p.q("group")}`;
      if (p.raw["row"] === "missing") return `${who} has no row (counted as 0 forms), unlike the usual ${p.v("usual")} of the group's projects with forms; the group counts as not having evaluated this project and is left out of its combined result`;
      if (p.raw["row"] === "zero") return `${who} has 0 forms (every count on the row is 0), unlike the usual ${p.v("usual")} of the group's projects with forms; the group counts as not having evaluated this project and is left out of its combined result`;
      return `${who} has ${p.v("forms")} forms (satisfied ${p.v("satisfied")} + fairly satisfied ${p.v("basic")} + unsatisfied ${p.v("unsatisfied")} + abstain ${p.v("abstain")}), unlike the usual ${p.v("usual")} of the group's projects with forms`;
    },
    hint: (p) => (p.raw["row"] === "missing"
      ? `Add the row of ${p.q("id")} in group ${p.q("group")} (编号,组别,满意,基本满意,不满意,弃权): within a group every form has one result per project (empty counts as abstain), so the totals of all projects should be equal`
      : "Check the summary sheet: within a group every form has one result per project (empty counts as abstain), so the totals of all projects should be equal"),
  },
  W_NAME_QUESTION_MARK: {
    message: (p) => `Line ${p.v("line")} (${p.v("id")}): the project name ${p.q("name")} has a “?” in it: most likely a character not in GBK was replaced by a question mark when the CSV file was saved in GBK`,
    hint: () => "“Save As” CSV UTF-8 in Excel or WPS, or use candidates.xlsx, check the name and run again; if the name does hold a question mark, write the full-width “？”",
  },
  W_NAME_LINE_BREAK: {
    message: (p) => `Line ${p.v("line")} (${p.v("id")}): the project name ${p.q("name")} has a line break in it (most likely Alt+Enter in an Excel cell)`,
    hint: () => "A project name is one line on the ballot, in the results and in the announcement: delete the line break (use a space if one is needed) and run again",
  },
  W_DEADLINE_SERIAL: { message: (p) => `Line ${p.v("line")} (${p.v("id")}): deadline ${p.q("value")} looks like Excel's serial number of a day (${p.v("date")})`, hint: (p) => `The cell lost its date format, and the ballot would print this number: format it as a date in the sheet, or write ${p.v("date")} (or only the month, ${p.v("date").slice(0, 7)})` },
  W_NAME_RARE_CHARACTER: {
    message: (p) => `Line ${p.v("line")} (${p.v("id")}): the project name ${p.q("name")} has a rare character, ${(p.raw["characters"] as string[]).map((ch, i) => `${ch} (${(p.raw["codes"] as string[])[i]})`).join(", ")}: many computers have no font for it, and it prints as an empty box`,
    hint: () => "Check the character in the print preview before printing the ballots; if it shows as a box, install a font that has it on this computer (such as SimSun-ExtB on Windows), or use the common form",
  },
  W_INCOMPLETE_CANDIDATE: {
    message: (p) => `Candidate “${p.v("id")} ${p.v("name")}” lacks: ${p.list("missingEnglish")}`,
    hint: () => "A candidate should state its background, content, area, implementer, budget, funding, deadline and target, so the vote is not on a vague bundle",
  },
  E_AUDIT_OTHER_SESSION: {
    message: (p) => `This output folder's records belong to another session folder (${p.v("session")}), not to ${p.v("folder")}`,
    hint: (p) => `Audit that session folder instead (piaojue audit ${p.v("session")} -o …); write this session's results again without -o (into its own out/)`,
  },
  E_AUDIT_MISSING: {
    message: () => "There is no audit record (audit.json), so there is nothing to check",
    hint: (p) => `Run ${String(p.raw["tally"] ?? "piaojue tally")} (or another command that writes results) first; it writes out/audit.json and out/SHA256SUMS; if the tally wrote elsewhere with -o, give audit the same -o`,
  },
  E_ENTRY_BUSY: { message: (p) => `Another piaojue process (pid ${p.v("pid")}) is running this entry`, hint: (p) => `One entry runs in one terminal only; the second clerk uses --second. The lock file is ${p.v("lock")}: delete it only when you are sure no terminal is still running this entry (after a power cut, say), then run again` },
  E_EXISTS: {
    message: (p) => `${p.v("path")} already exists and was ${p.raw["command"] === "enter" ? "not overwritten" : "left unchanged"}`,
    hint: (p) => (p.raw["command"] === "enter"
      ? `After checking, to keep this entry, run again with --force: ${p.has("again") ? p.v("again") : `piaojue enter ${p.v("folder")}${p.n("counts") === 1 ? " --counts" : ""}${p.n("round") > 1 ? ` --round ${p.v("round")}` : ""} --force`}`
      : "To generate it again, add --force (the file will be overwritten), or use another folder"),
  },
  E_EXPECTED: { message: () => "expected.json must be an object", hint: () => "For example {\"exitCode\": 4, \"runoff\": {\"reason\": \"tie\"}}" },
  E_FILE: {
    message: (p) => {
      if (p.raw["problem"] === "folder-missing") return `The session folder ${p.v("dir")} does not exist`;
      if (p.raw["problem"] === "folder-is-file") return `${p.v("dir")} is a file, not a folder`;
      if (p.raw["problem"] === "folder-dangling-link") return `The session folder ${p.v("dir")} is a symbolic link to ${p.v("target")}, which does not exist`;
      if (p.raw["problem"] === "folder-link-loop") return `The session folder ${p.v("dir")} is a symbolic link to ${p.v("target")}; the links go round in a loop and reach no folder`;
      if (p.raw["problem"] === "dangling-link") return `${p.v("name")} is a symbolic link to ${p.v("target")}, which does not exist`;
      if (p.raw["problem"] === "link-loop") return `${p.v("name")} is a symbolic link to ${p.v("target")}; the links go round in a loop and reach no file`;
      const scenario = ({ "scenario-missing": "This scenario folder cannot be found", "scenario-not-folder": "A scenario is a folder (with session.json and expected.json)", "expected-missing": "The scenario has no expected.json", "root-missing": "The folder does not exist", "root-not-folder": "This is not a folder" } as Record<string, string>)[String(p.raw["problem"])];
      if (p.raw["problem"] === "expected-misnamed") return `The scenario has no expected.json, but it has ${p.q("found")}`;
      if (scenario || !p.has("errno")) return scenario ?? "The file cannot be read";
      const reasons: Record<string, string> = {
        ENOENT: "File not found", EISDIR: "This is a folder, not a file", ENOTFILE: "This is not a regular file (it is a device or a pipe)", ERR_FS_FILE_TOO_LARGE: "The file is too large to read (over 2 GB)",
        EACCES: "No permission to read this file", EPERM: "No permission to read this file", ENOTDIR: "A part of the path is a file, not a folder", ENAMETOOLONG: "The path is too long to read", EIO: "The disk failed while reading",
      };
      if (p.has("otherCase")) return `${p.v("name")} is not there; ${p.v("otherCase")} in the folder differs in letter case and was not read`;
      if (p.has("legacy")) return `File not found; there is ${p.v("legacy")}, but an old .xls workbook cannot be read`;
      return reasons[p.v("errno")] ?? `The file cannot be read (${p.v("errno") || "unknown error"})`;
    },
    hint: (p) => {
      if (p.has("projects")) return `"projects" in evaluation.json${p.n("projectsLine") > 0 ? ` (line ${p.v("projectsLine")})` : ""} names ${p.q("projects")} (relative to the evaluation folder): put the project list there, or correct "projects", e.g. "candidates.csv" or "out/results.csv"`;
      if (p.raw["problem"] === "folder-missing" && p.has("lookAlike")) return `Beside it is a folder whose name looks the same, ${p.q("lookAlike")}, but is stored in another Unicode form (as a Mac makes it): complete the path with Tab, or copy the name from the file manager`;
      if (p.raw["problem"] === "folder-missing") return "Check the folder's path; for a new session, make its folder with piaojue init first";
      if (p.raw["problem"] === "folder-dangling-link" || p.raw["problem"] === "folder-link-loop") return `Point ${p.v("dir")} at the real session folder, or delete the link and put the session folder itself there`;
      if (p.raw["problem"] === "dangling-link" || p.raw["problem"] === "link-loop") return `Point ${p.v("name")} at the real file, or delete the link and put the file ${p.v("name")} itself there`;
      if (p.raw["problem"] === "folder-is-file") return "Give piaojue a folder (the session folder holding session.json and the other files, or the evaluation folder), not a file in it: write the folder's path after the command";
      if (p.has("sessions")) return `The session folders are the ones below this folder, ${p.list("sessions")}: give one of them, e.g. ${p.v("dir")}/${(p.raw["sessions"] as readonly string[])[0]}; to count all their votes at once, use piaojue batch ${p.v("dir")}`;
      if (p.has("otherCase")) return `The folder has ${p.v("otherCase")}: rename it ${p.v("name")} (in this letter case), then run again`;
      if (p.has("legacy")) return `Open ${p.v("legacy")} in Excel or WPS and “Save As” “Excel Workbook (*.xlsx)”, as ${p.v("workbook")}`;
      if (p.has("errno")) {
        const fixes: Record<string, string> = {
          // A plan not there yet: progress --plan drafts it from the vote (`draft` is that command line).
          ENOENT: `Put ${p.v("name")} in the session folder${p.has("draft") ? `, or run ${p.v("draft")} to draft it from the vote's results` : ""}`,
          EISDIR: `${p.v("name")} must be a file: rename or move away the folder of that name, then put the file ${p.v("name")} there`,
          ENOTFILE: `Replace ${p.v("name")} with a regular file (as a spreadsheet program or a text editor saves it), not a device, a pipe or a link to one`,
          ENOTDIR: `Check the path ${p.v("name")}: a part of it that should be a folder is a file`,
          ERR_FS_FILE_TOO_LARGE: "Check that this is the right file",
          ENAMETOOLONG: "Move the folder somewhere with a shorter path (such as D:\\piaojue) and run again",
          EIO: "The disk or USB drive may be failing: copy the folder to the computer's own disk and run again",
        };
        const errno = p.v("errno");
        return fixes[errno] ?? (errno === "EACCES" || errno === "EPERM" ? "Check the file permissions: the user running piaojue must be able to read this file" : `Check the file permissions, and that the file opens in another program (system error ${errno || "unknown"})`);
      }
      if (p.raw["problem"] === "expected-missing") return "Write the expected result, e.g. {\"exitCode\": 0, \"selected\": [\"P01\", \"P02\"]} (a part of the data of tally --json)";
      if (p.raw["problem"] === "expected-misnamed") {
        const hidden = /\.txt$/i.test(p.v("found")) ? "; Windows Explorer may hide the .txt at its end" : "";
        return `verify reads only a file named expected.json: if ${p.q("found")} is this scenario's expectation, rename it expected.json (all lower case, nothing after it${hidden})`;
      }
      return String(p.raw["problem"]).startsWith("root-") ? "Give the folder that holds the session folders, e.g. piaojue batch 2026-townships" : "Give a scenario folder, or a folder that holds scenarios";
    },
  },
  E_WRITE: {
    message: (p) => {
      const errno = p.v("errno");
      const why = writeReason(errno);
      if (p.has("target") && p.n("staged") !== 1) return `${p.v("target")} in the output folder cannot be replaced (${errno === "EISDIR" ? "a folder of that name is in its place" : why})`;
      const mixed = ". The output folder now holds a mix of old and new files: print or use none of them until a run completes the set";
      if (p.has("target")) return `${p.v("target")} in the output folder cannot be replaced (${why}): another program may have it open, or a folder of that name is in its place${mixed}`;
      return `The output folder cannot be written (${why})${p.n("staged") === 1 ? mixed : ""}`;
    },
    hint: (p) => {
      if (p.has("target") && p.n("staged") !== 1) return `The files already in the output folder are unchanged and nothing was written: move or rename the folder (or file) in the place of ${p.v("target")}, then run the same command again`;
      if (p.has("target")) return `The new results are fully staged: close the program that has ${p.v("target")} open (Excel, WPS, a browser), then run the same command again (or any command that writes results); it completes the new set`;
      if (p.n("staged") === 1) return "The new results are fully staged: fix the problem, then run the same command again (or any command that writes results); it completes the new set";
      const errno = p.v("errno");
      const fix = p.has("temporary") ? "this is the system's temporary folder (TMPDIR): name a folder for the sample with -o, such as piaojue demo -o sample"
        : p.has("otherOwner") ? "the output folder belongs to another user (made by a run as administrator?): ask its owner or an administrator to change its permissions, or give -o a folder you can write"
        : ({
          ENOENT: "check the output folder's path: is the network drive or USB stick connected? If out is a link, is the folder it points to still there?",
          ENAMETOOLONG: "move the session folder to a shorter path (such as D:\\piaojue), or give -o an output folder with a shorter path",
          ENOSPC: "make room on the disk, or write to another disk with -o",
          EROFS: "copy the session folder to a disk that can be written, or give -o a folder that can be",
        } as Record<string, string>)[errno] ?? "fix the problem and run again";
      return `The files already in the output folder are unchanged; ${fix}`;
    },
  },
  E_WRITE_FILE: {
    message: (p) => {
      const errno = p.v("errno");
      const why = writeReason(errno);
      if (p.has("kept")) return `The entry journal cannot be written (${why}): the ${p.v("kept")} ${p.has("counts") ? "figure(s)" : "ballot(s)"} confirmed so far are kept; an incomplete last record is dropped on the next start`;
      return `Cannot be written (${p.has("readOnly") ? "the file is read-only" : p.has("readOnlyFolder") ? "its folder cannot be written" : why})`;
    },
    hint: (p) => (p.has("readOnlyFolder")
      ? `Rewriting session.json first writes a temporary file in the session folder, and that folder cannot be written: on Linux or macOS run chmod u+w ${p.v("readOnlyFolder")} (if the folder is another user's, ask its owner or an administrator), on Windows right-click the folder → Properties → Security and give yourself "Write"; then run again (session.json is unchanged)`
      : p.has("kept")
      ? `${p.v("errno") === "ENOSPC" ? "Make room on the disk (delete files not needed, or copy the session folder to a disk with space)" : "Check the disk (is the USB stick or network drive still connected?) and its free space"}, then run ${p.v("again")} again; it goes on after the ${p.has("counts") ? "figures" : `${p.v("kept")} ballot(s)`} kept`
      : ["EACCES", "EPERM"].includes(p.v("errno"))
      ? `${p.has("readOnly") ? "The file is read-only" : "The file (or its folder) is read-only, or not yours to write"}: on Windows right-click it → Properties → clear "Read-only"; on Linux or macOS run chmod u+w ${p.has("readOnly") ? p.v("readOnly") : "and the file's name"}; then run again (the files already there are unchanged)`
      : "Check the free space, the folder's write permission and the path, then run again (the files already there are unchanged)"),
  },
  E_INDICATOR_UNITS: {
    message: (p) => `Line ${p.v("line")}: the target ${p.q("target")} and the result ${p.q("actual")} are not comparable: one has a percent sign and the other not`,
    hint: () => "Write both with a percent sign (100%, 95%) or both without (100, 95); in Excel check whether one cell is formatted as a percentage",
  },
  W_PROJECTS_NOT_FINAL: {
    message: (p) => (p.has("round")
      ? `The project list is a tally that is not final: round ${p.v("round")} is still needed; only the selected projects are evaluated`
      : `The project list is a tally that is not final: ${p.list("ids")} tied, waiting for a runoff; only the selected projects are evaluated`),
    hint: () => "Count the runoff (piaojue tally), then evaluate from the new results.csv",
  },
  W_AS_OF_ISOLATED: {
    message: (p) => `The latest month reported, ${p.v("month")}, is ${p.v("gap")} months after any other report (${p.v("previous")}) and has only ${p.v("rows")} row(s) (${p.list("ids")}); the bulletin is as of ${p.v("month")}`,
    hint: (p) => `Is a year or month mistyped? Check those rows; for a bulletin as of ${p.v("previous")}, use --as-of ${p.v("previous")}`,
  },
  W_BATCH_LINK: {
    message: (p) => (p.has("broken")
      ? `${p.v("folder")} is a symbolic link to a place that is not there or cannot be reached: any sessions there were neither counted nor summed up`
      : `${p.v("folder")} is a symbolic link: batch does not follow links, so the sessions in it were neither counted nor summed up`),
    hint: (p) => (p.has("broken")
      ? "Check the folder the link points to (a share not connected?); delete a link no longer needed"
      : `To have it in the summary, put the folder itself (not a link) here; or run piaojue batch ${p.v("arg")} on its own`),
  },
  W_BATCH_OUT_NAMED: {
    message: (p) => `${p.v("folder")} holds session.json, but out is the name of the folder results are written to: batch does not read it as a session, so it was neither counted nor summed up`,
    hint: () => "If it is a session folder, give it another name (the township's, say) and run piaojue batch again",
  },
  W_BATCH_PLAN_ONLY: {
    message: (p) => `${p.v("folder")} has a plan but no session.json: it is not a session folder, and was neither counted nor summed up`,
    hint: (p) => `Move it into its session folder, or run piaojue progress ${p.v("arg")} on its own`,
  },
  E_COUNTED_NONE: {
    message: (p) => `session.json's counted says 0 ballots were returned in round ${p.v("round")}, with ${p.v("issued")} issued`,
    hint: () => "Write the count sheet's returned and void numbers in counted (one entry per round, round 1 first), then count",
  },
  E_BALLOTS_NONE: {
    message: (p) => `${p.v("file")} has a header and no ballot (round ${p.v("round")}, ${p.v("issued")} issued)`,
    hint: (p) => `This looks like the unfilled entry template: add one row per returned ballot, then count (or delete the file and type the ballots in with ${p.has("again") ? p.v("again") : "piaojue enter"})`,
  },
  E_OUT_IS_SESSION: {
    message: (p) => (p.has("link")
      ? `out is a link to ${p.has("other") ? `another session's folder, ${p.v("link")} (it holds ${String(p.raw["marker"] ?? "session.json")})` : `the session folder itself (${p.v("link")})`}: the files written would stand among ${p.has("other") ? "its" : "the"} inputs`
      : p.has("other") ? `The output folder is another session's folder (it holds ${String(p.raw["marker"] ?? "session.json")}): the files written would stand among its inputs`
      : "The output folder is the session folder itself: the files written would stand among the inputs and be read as inputs next time"),
    hint: (p) => (p.has("link")
      ? "Remove the link out (only the link: the folder it points to is untouched); piaojue makes a new out folder. Or give -o another folder"
      : p.has("own") ? `out/ is where the results are written, yet it holds ${String(p.raw["marker"] ?? "session.json")}: move the files in out/ somewhere else to keep them (or remove out/) and run again, or give -o another folder`
      : "Leave out -o (the outputs go to out/ in the session folder), or give -o another folder"),
  },
  E_OUT_HOLDS_SESSION: {
    message: (p) => `The output folder ${p.v("out")} holds the session folder ${p.v("session")}: the results would be mixed with the session's inputs, and audit could not check that output folder`,
    hint: () => "Give -o a folder that holds no session folder (a new one, say), or leave out -o (out/ in the session folder)",
  },
  E_OUT_OTHER_SESSION: {
    message: (p) => (p.has("township")
      ? `The output folder ${p.v("out")} is session ${p.v("township")}'s own output folder: with two sessions in one output folder, SHA256SUMS could not be checked`
      : `The output folder ${p.v("out")} already holds another session folder's results (written by ${p.v("command")}): with two sessions in one output folder, SHA256SUMS could not be checked`),
    hint: () => "Give each session its own output folder: leave out -o (out/ in the session folder), or give -o another folder",
  },
  E_OUT_OVERWRITES_INPUT: {
    message: (p) => `${p.v("file")} would be written over an input this command reads; inputs are never modified`,
    hint: () => "Give -o another output folder (the default is out/ in the session folder)",
  },
  E_OUT_BUSY: { message: () => "Another piaojue is writing to this output folder", hint: () => "Wait for it to finish; if you are sure no other piaojue is running, delete this lock file" },
  E_NO_SCENARIOS: {
    message: () => "There is no scenario (a folder with expected.json) under this folder",
    hint: () => "One folder per scenario: the session files (session.json, candidates.csv, ballots.csv) plus expected.json",
  },
  E_ENTRY_MISMATCH: {
    message: (p) => {
      const mark = (m: string | undefined) => ({ blank: "not marked", unreadable: "unreadable" } as Record<string, string>)[m ?? ""] ?? String(m);
      const list = (key: string) => (p.raw[key] ?? []) as readonly string[];
      const pass = (first: boolean) => (first ? "the first entry" : "the second entry");
      switch (p.raw["kind"]) {
        case "returned": return `The ballots returned differ: ${p.v("first")} in the first entry, ${p.v("second")} in the second`;
        case "count": return `The number of ballots entered differs: ${p.v("first")} in the first entry, ${p.v("second")} in the second`;
        case "void": return `Ballot ${p.v("seq")}: ${p.n("first") ? "void" : "not void"} in the first entry, ${p.n("second") ? "void" : "not void"} in the second`;
        case "marks": {
          const lines = list("lines").map((l, i) => `${l}: ${mark(list("firsts")[i])} in the first entry, ${mark(list("seconds")[i])} in the second`);
          return `Ballot ${p.v("seq")}: ${lines.join("; ")}`;
        }
        default: {
          const ballot = p.n("void") ? "void as a whole" : list("ids").map((id, i) => `${id}=${mark(list("marks")[i])}`).join(" ");
          return `Ballot ${p.v("seq")} is only in ${pass(p.raw["pass"] === "first")}: ${ballot}`;
        }
      }
    },
    hint: (p) => {
      if (p.n("seq") === 0) return "Check the number of ballots returned and entered";
      const again = p.has("command") ? p.v("command") : `piaojue enter${p.n("round") > 1 ? ` --round ${p.v("round")}` : ""}`;
      if (p.raw["kind"] === "only") {
        const [has, lacks] = p.raw["pass"] === "first" ? [["first", again], ["second", `${again} --second`]] : [["second", `${again} --second`], ["first", again]];
        return `Count the paper ballots: if there is no ballot ${p.v("seq")}, the ${has[0]} entry has one too many: run ${has[1]}, press - to undo the extra ballots from the last one, then r to correct the ballots returned; `
          + `if there is, the ${lacks[0]} entry missed it: run ${lacks[1]}, press r to correct the ballots returned, then enter this ballot`;
      }
      return `Take out paper ballot ${p.v("seq")} and check it; run ${again} again for the entry that was wrong (add --second for the second entry) and press g ${p.v("seq")} to correct it`;
    },
  },
  E_ROUND_TWICE: {
    message: (p) => (p.has("ballots") ? `Round ${p.v("round")} has both ${p.v("ballots")} and ${p.v("counts")}` : `The session folder already has hand-counted results in ${p.v("counts")}`),
    hint: (p) => (p.has("ballots")
      ? "A round is counted one way only: ballot by ballot (ballots) or hand-counted results (counts); remove one of them"
      : `A round is counted one way only; to keep this entry, move ${p.v("counts")} away and run this command again`),
  },
  W_ROUND_NOT_COUNTED: {
    message: (p) => `The vote was void in round ${p.v("voidRound")}; ${p.v("file")} (round ${p.v("round")}) was not counted`,
    hint: () => "A void vote has no next round: when the vote is held again, move this file out of the session folder first (or into a new session folder)",
  },
  E_UNEXPECTED_ROUND: {
    message: (p) => {
      if (p.has("file")) return `Round ${p.v("decided")} decided the result, so round ${p.v("round")} is not needed, but the folder has ${p.v("file")}`;
      if (p.has("next")) return `There are ballots for round ${p.v("round")}, but the next round should be round ${p.v("next")}`;
      return `There are ballots for round ${p.v("round")}, but round ${p.v("decided")} already decided the result`;
    },
    hint: (p) => (p.has("file") ? "Make sure the files are in the right session folder; move away round files that are not needed" : "Round files must be consecutive: ballots-r2.csv, ballots-r3.csv, …"),
  },
  W_AUDIT_INPUT_REREAD: {
    message: (p) => `This file changed after ${p.v("who")} read it (SHA-256 ${p.v("was")}… → ${p.v("now")}…), and ${p.v("readNow")} read it as it is now; recomputed from the file as it is now, ${p.v("who")} gives the same bytes as out/ holds${p.has("issuedLater") ? ` (${p.v("issuedLater")}: printed before its round's ballots issued were recorded, so recomputed with that figure left blank on the count sheet, as then)` : ""}`,
    hint: (p) => `${p.has("sessionJson") ? "Usually piaojue enter rewrote the present, issued or hand-count figures in session.json; if" : "If"} the change was not meant, restore the file from a backup and run piaojue audit again`,
  },
  W_AUDIT_TOWN_SKIPPED: {
    message: (p) => `With the inputs as they are now, batch skips ${p.v("folder")} for its input errors and writes nothing to its out/; what is there was written earlier and is not audited here`,
    hint: (p) => `Run ${p.v("batch")} to see the input errors, correct them and run it again; to audit those earlier results, run ${p.v("audit")}`,
  },
  W_AUDIT_TOWN_CHANGED: {
    message: (p) => `The inputs of ${p.v("folder")} differ from those batch last read (see check 1): its out/ is not what batch writes from them now, and is not audited here`,
    hint: (p) => `Check the change, run ${p.v("batch")} again, then audit`,
  },
  W_AUDIT_ABANDONED_WRITE: {
    message: () => "A staging folder left by a write interrupted before its commit: that write never finished, and out/ still holds the whole previous set, which is what is audited",
    hint: () => "Nothing to do: the next command that writes out/ (such as piaojue tally) removes it, or delete the folder yourself. To have that command's results, run it again",
  },
  W_AUDIT_FINISHED_WRITE: {
    message: (p) => `A write was interrupted after its commit (the process was killed, or a file could not be replaced); it was completed before the audit: ${[
      ...((p.raw["files"] as string[]).length > 0 ? [`put in place ${p.list("files")}`] : []),
      ...((p.raw["removed"] as string[] | undefined ?? []).length > 0 ? [`removed ${p.list("removed")}`] : []),
    ].join("; ")}`,
    hint: () => "These are the results that command was to write, not a change by audit; the checks below are of out/ as completed",
  },
  W_AUDIT_VERSION: {
    message: (p) => `${p.v("name")} was written by piaojue ${p.v("written")}, this is ${p.v("running")}; a different recount may be due to the version`,
    hint: () => "Audit with the version that wrote the files",
  },
  W_ENTRY_ISSUED_MISSING: {
    message: (p) => `session.json's issued has no ballots issued for round ${p.v("round")} yet: the ballots returned cannot be checked against it while entering`,
    hint: (p) => `Run ${p.v("command")} (N: the ballots issued in round ${p.v("round")}); it must be there before the count. Confirmed ballots are saved: give it, then go on entering`,
  },
  W_JOURNAL_TORN: {
    message: () => "The last record was incomplete when entry was interrupted and has been dropped (that ballot had not been confirmed yet)",
    hint: () => "Check the “entered” count on screen and continue with the next ballot",
  },
  E_AMBIGUOUS_NAME: {
    message: (p) => `Project name ${p.q("name")} is the same as the ID on line ${p.v("otherLine")}`,
    hint: (p) => `Change the name; otherwise a ${p.raw["sheet"] === "forms" ? "forms" : "ballots"} column named by it would be ambiguous`,
  },
  E_COMPETITION: {
    message: (p) => `The competition rule (差额) is not met: ${plural(p.n("candidates"), "candidate")} for ${p.v("formal")} to select; at least ${p.v("required")} are required`,
    hint: (p) => (p.has("init")
      ? `Add candidates to at least ${p.v("required")}, or run piaojue init again with this session's number to select and competition rule (--formal, --min-extra, --min-ratio, --allow-equal)`
      : `Add candidates to at least ${p.v("required")}, or adjust rules.competition to this session's voting procedure`),
  },
  E_DUPLICATE_ID: { message: (p) => `ID ${p.q("id")} repeats line ${p.v("otherLine")}`, hint: (p) => (p.raw["sheet"] === "ballot-counts" ? "Every candidate has one row only" : "IDs must be unique") },
  E_DUPLICATE_NAME: { message: (p) => `Project name ${p.q("name")} repeats line ${p.v("otherLine")}`, hint: () => "Project names must be unique" },
  E_JSON_DUPLICATE_KEY: { message: (p) => `Key ${p.q("key")} appears twice`, hint: () => "Each key may appear only once; delete the extra one" },
  E_JSON_FORBIDDEN_KEY: { message: (p) => `Key name ${p.q("key")} is not allowed`, hint: () => "Delete this key" },
  E_NO_CANDIDATES: { message: () => "There are no candidates", hint: () => "Write one candidate per row" },
  E_NO_RUNOFF: { message: (p) => `${p.n("decided") === 1 ? "Round 1" : `Rounds 1–${p.v("decided")}`} decided every result; round ${p.v("round")} is not needed`, hint: (p) => `Run ${p.has("again") ? p.v("again") : "piaojue tally"} to see the results` },
  E_PARENT_NESTED: { message: (p) => `${p.q("parent")} is itself a sub-item; a sub-item cannot have sub-items`, hint: () => "A sub-item can only belong to a top-level project" },
  E_PARENT_CYCLE: {
    message: (p) => `The parent projects form a cycle: ${[...p.raw["rows"] as readonly string[], (p.raw["rows"] as readonly string[])[0]].join(" → ")}; these rows are each other's sub-items`,
    hint: () => "A sub-item can only belong to a top-level project: leave the parent empty in the row of the cycle that is the top-level project",
  },
  E_PARENT_SELF: { message: () => "A project cannot be its own sub-item", hint: () => "Leave it empty or write the parent project's ID" },
  E_PARENT_UNKNOWN: { message: (p) => `Parent project ${p.q("parent")} is not the ID of any candidate`, hint: () => "Write the ID of a parent project in this table, or leave it empty" },
  E_ISSUED_ROUND: { message: (p) => `The vote has reached round ${p.v("upTo")}; there is no round ${p.v("round")}`, hint: (p) => `Give --round for the round whose ballots issued you correct (1 to ${p.v("upTo")}); when round ${p.v("upTo")}'s count needs another round, write that round's figure then` },
  E_ROUND_NOT_NEXT: { message: (p) => `The next round is round ${p.v("next")}, not round ${p.v("round")}`, hint: (p) => (p.raw["command"] === "enter" ? `Enter round ${p.v("next")}: ${p.has("again") ? p.v("again") : `piaojue enter --round ${p.v("next")}`} (without --round, enter takes the pending round)` : `Run ${p.has("again") ? p.v("again") : `piaojue ballot --round ${p.v("next")}`}`) },
  E_VOTE_VOID: { message: () => "The vote is void; there is no further round", hint: (p) => `Run ${p.has("again") ? p.v("again") : "piaojue tally"} to see why the vote is void` },
  W_COMPETITION: {
    message: (p) => `The competition rule (差额) is not met: ${plural(p.n("candidates"), "candidate")} for ${p.v("formal")} to select; at least ${p.v("required")} are required`,
    hint: () => "The competition rule is not met, so the result may not be recognised; check the voting procedure of this session",
  },
  W_COUNTED_UNUSED: {
    message: (p) => `session.json's counted entry for round ${p.v("round")} (returned ${p.v("returned")}, void ${p.v("void")}) is not used: round ${p.v("round")} is counted ballot by ballot from ${p.v("ballots")}`,
    hint: (p) => (p.has("later")
      ? `counted is only for a hand count (counts.csv); write null in place of this entry (do not remove it: round ${p.v("later")}'s entry would move into round ${p.v("round")}'s place)`
      : "counted is only for a hand count (counts.csv); remove the entry when the ballots are counted one by one"),
  },
  W_ISSUED_EXCEEDS_PRESENT: {
    message: (p) => `Round ${p.v("round")}: ${plural(p.n("issued"), "ballot")} issued, more than the ${p.v("present")} deputies present`,
    hint: (p) => (p.n("round") === 1 ? "Check the number issued: each deputy present receives one ballot"
      : `Check round ${p.v("round")}'s number issued (each deputy present receives one ballot a round) and correct it with ${p.has("again") ? p.v("again") : `piaojue enter --issued N --round ${p.v("round")}`}; if a corrected count no longer needs round ${p.v("round")}, delete its entry (item ${p.v("round")}) and any after it from issued in session.json`),
  },
  W_MIN_RATIO_BELOW_ONE: {
    message: (p) => `The competitive ratio minRatio is ${p.v("minRatio")}, below 1, so it checks nothing: only minExtra is checked (at least ${plural(p.n("minExtra"), "candidate")} beyond the formal projects)`,
    hint: () => "minRatio is candidates divided by formal projects: “at least 20% more candidates” is \"1.2\"; write \"1\" for no ratio",
  },
  W_QUORUM_SHORT: {
    message: (p) => `${p.v("present")} deputies present, fewer than the quorum of ${p.v("needed")} (of ${p.v("total")}): as session.json stands, the vote is void`,
    hint: () => "Check the number present (deputies.present); with fewer deputies present than the quorum, no vote can be held",
  },
  W_SEED_UNUSED: {
    message: (p) => `A random seed (seed ${p.v("seed")}) is given, but the ballot order is "${p.v("order")}", not "random": the seed has no effect`,
    hint: () => "To print the ballot in a random order, set order to \"random\"; otherwise delete seed",
  },
  W_COUNTED_EXCEEDS_ISSUED: {
    message: (p) => `Round ${p.v("round")}: ${p.v("returned")} ballots returned (counted), more than the ${p.v("issued")} issued: counted by hand (counts.csv), the round makes the vote void`,
    hint: (p) => `Check round ${p.v("round")}'s returned in counted and the number issued in issued; if more ballots did come back than were issued, the vote is void`,
  },
  W_ISSUED_NONE: {
    message: (p) => `Round ${p.v("round")}: 0 ballots issued, with ${p.v("present")} deputies present: every ballot returned would exceed the number issued and void the vote`,
    hint: () => "Give the number of ballots actually issued (issued); if it is not known yet, give the number present and check it once the ballots are handed out",
  },
  W_SEATS_UNFILLED: {
    message: (p) => `Round ${p.v("round")}: for ${plural(p.n("unfilled"), "seat")} no project reached the ${p.v("needed")} votes needed; fewer projects are selected than the number to select`,
  },
  W_SHORTFALL_ACCEPTED: {
    message: (p) => {
      const one = p.n("qualified") === 1;
      return `Only ${plural(p.n("qualified"), "project")} ${one ? "has" : "have"} a majority, fewer than the ${p.v("formal")} to select; by the procedure (accept-fewer) ${p.v("qualified")} ${one ? "is" : "are"} selected`;
    },
  },
  // Supervision through the year (progress, SPEC §11).
  E_PROGRESS_UNKNOWN_COLUMN: {
    message: (p) => `Unknown column ${p.q("column")}`,
    hint: (p) => `The columns of ${p.raw["sheet"] === "plan" ? "plan.csv" : "progress.csv"} are: ${p.list("expected")} (English names work too; a 备注 column is ignored)`,
  },
  E_PROGRESS_DUPLICATE_COLUMN: { message: (p) => `Column ${p.q("column")} repeats column ${p.v("otherColumn")}`, hint: () => "Each column may appear only once; delete the extra one" },
  E_PROGRESS_MISSING_COLUMN: {
    message: (p) => `The required column ${p.q("column")} is missing`,
    hint: (p) => `The header needs “${p.v("column")}” (or “${p.v("english")}”)${p.raw["sheet"] === "plan" ? "; plan.csv requires 编号, 项目名称, 完成时限" : "; progress.csv requires 编号, 截至, 形象进度"}`,
  },
  E_PROGRESS_EMPTY_CELL: { message: (p) => `“${p.v("column")}” is empty`, hint: () => "Fill in this required cell" },
  E_PROGRESS_ID: {
    message: (p) => `ID ${p.q("value")} is malformed`,
    hint: (p) => {
      const id = idWritten(p.v("value"));
      return `An ID may only use letters, digits, - and _, must start with a letter or a digit, and match candidates.csv: ${id ? `write “${id}” (no spaces or full-width characters)` : "such as P01"}`;
    },
  },
  E_ID_WRITTEN: { message: (p) => `ID ${p.q("id")} holds full-width characters or spaces; it should read “${p.v("meant")}”`, hint: () => "Type the ID again with an English (half-width) input method, as in the project list" },
  E_PLAN_DUPLICATE_ID: { message: (p) => `ID ${p.q("id")} repeats line ${p.v("otherLine")}`, hint: () => "Each project has one row in plan.csv" },
  E_PLAN_MONTH: progressMonth((p) => p.v("column"), "plan.xlsx"),
  E_PLAN_DEADLINE_BEFORE_START: { message: (p) => `The deadline ${p.v("deadline")} is before the start ${p.v("start")}`, hint: () => "Correct the deadline or the start; without a start, work starts in January of the deadline's year" },
  E_PLAN_BUDGET: { message: (p) => `The budget ${p.q("value")} is not a plain non-negative decimal${fullWidthChar(p)}`, hint: () => "In units of 10,000 yuan, digits only, such as 120 or 35.5, without units" },
  E_PLAN_MILESTONE_FORMAT: { message: (p) => `Milestone ${p.q("item")} is malformed`, hint: () => "Write each milestone as month:percent, separated by semicolons, such as 2026-04:20;2026-08:60" },
  E_PLAN_MILESTONE_SEPARATOR: { message: (p) => `The milestones ${p.q("item")} are separated by ${p.has("space") ? "spaces" : p.q("separator")}; milestones are separated by semicolons`, hint: () => "Separate the milestones with a semicolon (; or the full-width ；), not 、, a comma or a space, such as 2026-04:20;2026-08:60" },
  E_PLAN_MILESTONE_PERCENT: {
    message: (p) => `The percent of milestone ${p.q("item")} ${p.has("fullWidth") ? `is miswritten${fullWidthChar(p)}` : p.has("spaceBeforePercent") ? "has a space before the %" : "must be between 0 and 100"}`,
    hint: (p) => (p.has("spaceBeforePercent") ? "Remove the space before the %, as in 2026-04:20%" : "2026-04:20 means 20% done by the end of April 2026"),
  },
  E_PLAN_MILESTONE_NONE: { message: (p) => `The start and the deadline are both ${p.v("month")}: there can be no milestone (${p.q("item")} is written)`, hint: () => "The deadline's month counts as 100%, and milestones lie from the start month to the month before the deadline: remove the milestones, or correct the start month (without one, work starts in January of the deadline's year)" },
  E_PLAN_MILESTONE_RANGE: { message: (p) => `The month of milestone ${p.q("item")} is not between ${p.v("from")} and ${p.v("to")}`, hint: () => "Milestones run from the start month to the month before the deadline (the deadline itself counts as 100%)" },
  E_PLAN_MILESTONE_ORDER: { message: (p) => `The month of milestone ${p.q("item")} is not after the previous milestone ${p.v("previous")}`, hint: () => "List milestones from the earliest month to the latest, each month once" },
  E_PLAN_MILESTONE_DECREASING: { message: (p) => `The percent of milestone ${p.q("item")} is below the previous milestone's ${p.v("previous")}%`, hint: () => "The plan cannot go backwards: each milestone's percent is at least the previous one's" },
  E_PLAN_EMPTY: { message: () => "plan.csv has no projects", hint: () => "Write one project to follow per row; piaojue progress --plan drafts one from the vote" },
  E_REPORT_UNKNOWN_ID: {
    message: (p) => `ID ${p.q("id")} is not in plan.csv${p.has("firstLine") ? ` (as on line ${p.v("firstLine")})` : p.has("rows") ? ` (${p.v("rows")} rows)` : ""}`,
    // The rows of one ID get the hint once, at the first.
    hint: (p) => (p.has("firstLine") ? undefined : `Check the ID, or add the project to plan.csv first${p.has("rows") ? `; for a project taken out of the plan, delete its ${p.v("rows")} report rows (or keep them in another file)` : ""}`),
  },
  E_REPORT_DUPLICATE: { message: (p) => `Project ${p.v("id")} already has a row for ${p.v("month")} (line ${p.v("otherLine")})`, hint: () => "One row per project and month: delete the repeated row or correct the month" },
  E_REPORT_MONTH: progressMonth(() => "The 截至 value", "progress.xlsx"),
  E_REPORT_PROGRESS: {
    message: (p) => `Progress ${p.q("value")} ${p.has("spaceBeforePercent") ? "has a space before the %" : `must be a plain decimal between 0 and 100${fullWidthChar(p)}`}`,
    hint: (p) => (p.has("spaceBeforePercent") ? "Remove the space before the %, as in 35%" : "Digits only, such as 35, 35.5 or 35%: no sign, and digits on both sides of a decimal point"),
  },
  E_REPORT_DISBURSED: { message: (p) => `The amount disbursed ${p.q("value")} is not a plain non-negative decimal${fullWidthChar(p)}`, hint: () => "The cumulative amount paid out, in units of 10,000 yuan, such as 120 or 35.5; leave it empty if unknown" },
  E_REPORT_EMPTY: { message: () => "The progress reports hold no report", hint: () => "Write one row per project and month: 编号,截至,形象进度,已拨付资金（万元）,说明; or name the month with --as-of" },
  E_PROGRESS_UNKNOWN_KEY: { message: (p) => `Unknown key ${p.q("key")}${p.has("suggestion") ? `; did you mean ${p.q("suggestion")}?` : ""}`, hint: () => "progress.json may only have title and lag (behind, severe); check the spelling, unknown keys are refused" },
  E_PROGRESS_SCHEMA: {
    message: (p) => ({ "": "progress.json must be an object", title: "title: must be non-empty text", lag: "lag: must be an object, such as {\"behind\": \"10\", \"severe\": \"30\"}" } as Record<string, string>)[String(p.raw["path"])] ?? (p.has("equal") ? `${p.v("path")}: the fraction ${p.q("value")} must have a whole numerator and denominator: write "${p.v("equal")}"` : `${p.v("path")}: must be percentage points as text, a decimal or a fraction, such as "10" or "25/2"`),
    hint: () => "The form: {\"title\": \"…\", \"lag\": {\"behind\": \"10\", \"severe\": \"30\"}}",
  },
  E_PROGRESS_LAG_ORDER: { message: (p) => `The lagging limit behind ${p.v("behind")} is greater than the severe limit ${p.v("severe")}`, hint: () => "0 ≤ behind ≤ severe must hold; a key left out takes its default (behind 10, severe 30)" },
  E_PLAN_EXISTS: { message: (p) => `${p.v("file")} already exists and was not changed`, hint: () => "To draft it again, rename or move the existing file first" },
  E_PLAN_RESULTS: { message: () => "This is not a results file (there is no 结果 column)", hint: () => "Run piaojue tally first to write out/results.csv; if the results are elsewhere, name their folder with -o" },
  E_PLAN_NO_SELECTED: { message: () => "The results list no project marked 当选 (selected)", hint: () => "Make sure these are the final results after all rounds (a void vote, or one where no project won a majority, selects none either: see summary.csv beside it); with no formal project there is nothing to follow" },
  E_PLAN_WRITE: { message: (p) => `Could not write plan.csv (${writeReason(p.v("errno"))})`, hint: () => "Check the folder's write permission" },
  W_PROGRESS_FRACTION: {
    message: (p) => `Project ${p.v("id")}: progress ${p.v("value")} ${p.has("formula") ? "is a formula's result without the percentage format" : "is between 0 and 1"} and is read as ${p.v("value")}%; ${p.has("formula") ? `it looks like ${p.v("percent")}% written as ${p.v("value")}` : "it looks like a fraction"}`,
    hint: (p) => `If ${p.v("percent")}% was meant, format the cell as a percentage or type ${p.v("percent")}; if ${p.v("value")}% is right, ignore this`,
  },
  W_PROGRESS_DECREASED: {
    message: (p) => `Project ${p.v("id")}, ${p.v("month")}: ${p.raw["field"] === "progress" ? "progress" : "amount disbursed"} ${p.v("value")} is lower than the ${p.v("highest")} reported for ${p.v("highestMonth")}`,
    hint: () => "The reported figure is used; if it is a mistake, correct this row",
  },
  W_BALLOT_CLIPPED: {
    message: (p) => `Candidate “${p.v("id")} ${p.v("name")}” is too long for one page of the ballot: its printed ${p.list("fieldsEnglish")} ${Array.isArray(p.raw["fieldsEnglish"]) && p.raw["fieldsEnglish"].length > 1 ? "are" : "is"} cut short, ending with “……”`,
    hint: () => "A row of the ballot may not run over two pages (its boxes would be on one only). Shorten the candidate's text in candidates.csv to its main points and hand out the details separately; the name is never cut",
  },
  W_COUNT_SHEET_ROOM: {
    message: (p) => `Each box of the count sheet holds ${p.v("room")} votes, fewer than the ${p.v("votes")} this round may have`,
    hint: () => "A box may not be taller than a page: with this many ballots, go on marking 正 on another sheet when a box is full and add it to the total, or enter the ballots one by one (piaojue enter)",
  },
  W_BALLOT_PAGES: {
    message: (p) => `The ballot lists ${p.v("lines")} projects and does not fit on one A4 sheet: it has ${p.v("pages")} pages`,
    hint: (p) => `Every page carries the title, the table header and "page x of ${p.v("pages")}"; each deputy must receive all ${p.v("pages")} pages (print double-sided or staple them)`,
  },
  E_ENTRY_TERMINAL: {
    message: (p) => `Keyboard entry of ${p.v("target")} needs a terminal: the input is a pipe or a file, so no entry was started`,
    hint: (p) => (p.n("counts") === 1
      ? `Enter in a terminal window; a hand count already added up can be saved as ${p.v("target")} in the session folder, with the ballots returned and void in the counted of session.json`
      : `Enter in a terminal window; a table already filled in can be saved as ${p.v("target")} in the session folder`),
  },
  E_ENTRY_WORKBOOK_EXISTS: {
    message: (p) => `The session folder already has ${p.v("workbook")} (round ${p.v("round")}): the ${p.v("target")} this entry writes could not stand beside it, as a table is in one file only`,
    hint: (p) => `With the round in ${p.v("workbook")}, no entry is needed: run piaojue tally; to enter the round again, move ${p.v("workbook")} out of the session folder first`,
  },
  E_ENTRY_ALL_IN: { message: (p) => `The ballots of ${p.n("rounds") > 1 ? `all ${p.v("rounds")} rounds` : "the round"} are in and the vote is decided: no round is left to enter`, hint: (p) => `Run ${p.has("again") ? p.v("again") : "piaojue tally"} for the results; to enter a round again, name it with --round K` },
  E_DEMO_TARGET: {
    message: (p) => (p.raw["problem"] === "not-dir" ? `${p.v("path")} is not a folder` : `${p.v("path")} exists and is not empty; the demo does not overwrite it`),
    hint: () => "Give -o a new or empty folder; without -o the demo goes to a new private temporary folder",
  },
  E_COUNTS_DIFFER: { message: (p) => `${p.v("field")}: first entry ${p.v("first")}, second entry ${p.v("second")}`, hint: (p) => `Check the count sheet; run ${p.v("command")} (or with --second) for the wrong entry and go back to the figure with ⌫` },
  E_COUNTS_BALLOTS_EXIST: { message: (p) => `The session folder already has the ballots ${p.v("ballots")}`, hint: (p) => `A round is counted one way only; if the hand count stands, move ${p.v("ballots")} away and run this command again` },
  E_SESSION_REWRITE: {
    message: (p) => (p.has("encoding")
      ? `session.json is encoded in ${p.v("encoding")} (what Notepad and Excel call "Unicode"): piaojue reads it, and check passes it, but enter rewrites only a UTF-8 session.json, so it was left unchanged`
      : "session.json is not UTF-8 JSON, so enter cannot rewrite it safely; it was left unchanged"),
    hint: () => "Open session.json in Notepad and save it as UTF-8 (Save As, Encoding: UTF-8; the content need not change), then run this command again",
  },
  // Excel workbooks (.xlsx): src/io/xlsx-read.ts
  E_XLSX_LIMIT: {
    message: (p) => ({
      file: () => `The workbook is too large (${p.v("value")} bytes; at most ${p.v("limit")})`,
      entries: () => `The workbook's zip holds too many files (at most ${p.v("limit")})`,
      entry: () => `${p.v("part")} in the workbook is too large unpacked (${p.v("value")} bytes; at most ${p.v("limit")})`,
      total: () => `The workbook is too large unpacked (at most ${p.v("limit")} bytes)`,
      ratio: () => `${p.v("part")} in the workbook is compressed ${p.v("value")} times (at most ${p.v("limit")}): a zip bomb is suspected`,
      rows: () => `Row ${p.v("value")} of the sheet is beyond the limit of ${p.v("limit")}`,
      columns: () => `The sheet uses column ${p.v("value")}, beyond the limit of ${p.v("limit")} columns`,
      cells: () => `The sheet has too many cells with values (at most ${p.v("limit")})`,
      table: () => `The table, from its header to its last row with a value, has ${p.v("value")} cells, more than ${p.v("limit")} (empty rows within it count)`,
    } as Record<string, () => string>)[String(p.raw["what"])]?.() ?? `The workbook is over a limit (${p.v("what")})`,
    hint: () => "Check that this is the right file; keep only the sheet to read and save as a new .xlsx, or save as CSV (UTF-8)",
  },
  E_XLSX_LEGACY: { message: () => "This is an old .xls or a password-protected workbook and cannot be read", hint: () => "Open it in Excel or WPS, remove the password and save as “Excel Workbook (*.xlsx)”" },
  E_XLSX_DAMAGED: {
    message: (p) => ({
      zip: () => "This is not a valid .xlsx workbook (it cannot be unpacked)",
      missing: () => `The workbook lacks ${p.v("part")}: the file is incomplete`,
      dtd: () => `${p.v("part")} in the workbook has a document type declaration (DOCTYPE); it is refused`,
      entity: () => `${p.v("part")} in the workbook refers to an unknown entity`,
      syntax: () => `${p.v("part")} in the workbook is not complete XML`,
      "shared-string": () => `${p.v("cell")} refers to shared text ${p.q("index")}, which the workbook does not hold: the cell cannot be read`,
    } as Record<string, () => string>)[String(p.raw["reason"])]?.() ?? `${p.v("part")} in the workbook is wrong (${p.v("reason")})`,
    hint: () => "The file may be damaged or not saved by Excel; open it in Excel or WPS and save it again as .xlsx",
  },
  E_XLSX_MACRO: { message: () => "The workbook contains macros (.xlsm or a VBA project); it is refused", hint: () => "Save it as an “Excel Workbook (*.xlsx)” without macros" },
  E_XLSX_EXTERNAL_LINK: { message: () => "The workbook links to data in other workbooks (external links); it is refused", hint: () => "In Excel, Data → Edit Links → Break Link turns the data into values; then save" },
  E_XLSX_NO_SHEET: { message: () => "The workbook has no worksheet to read", hint: (p) => (p.raw["role"] ? `Put the data on the first worksheet, or on a worksheet named “${p.v("role")}”` : "Put the data on the first worksheet") },
  E_XLSX_EMPTY_RUN: {
    message: (p) => `Rows ${p.v("from")}–${p.v("to")} inside the table are ${p.v("count")} empty rows in a row, and ${p.v("cell")} below them has content again`,
    hint: () => "What lies below such a run of empty rows is most likely not part of the table (a note far down the sheet): delete it; if the rows are blank ballots or forms, keep one row for each and delete the rest",
  },
  E_XLSX_SHEET_HIDDEN: { message: (p) => `The worksheet named as the file's role, “${p.v("sheet")}”, is hidden: it is unclear whether it or a visible sheet is to be read`, hint: (p) => (p.has("veryHidden") ? "The sheet is “very hidden”: right-click → Unhide cannot show it; only the VBA editor (Alt+F11) can, by setting its Visible property; or copy the table to read into a new workbook and save it under the file's name" : "Right-click a sheet tab → Unhide, and check that it is the sheet to read; if it is not, delete (or rename) it and run again") },
  E_XLSX_EMPTY_SHEET: { message: (p) => `Worksheet “${p.v("sheet")}” is empty: it has no header`, hint: () => "The first row is the header; the data go on the first worksheet or on one named as the file's role" },
  E_XLSX_FORMULA: {
    message: (p) => `Cell ${p.v("cell")} is a formula${p.raw["formula"] ? ` (=${p.v("formula")})` : ""}; ${p.has("total") ? `row ${p.v("line")} is a total row` : { ballot: "each cell of a ballots file holds a mark, typed", form: "each cell of an evaluation forms file holds a level, typed" }[String(p.raw["rowIs"])] ?? "the numbers in this file must be typed"}`,
    hint: (p) => ((p.has("typed") ? {
      ballot: `The other cells of row ${p.v("line")} are typed, as on a ballot: type the mark in ${p.v("cell")} instead of the formula (leave it empty for no mark); delete the row only if it is a total row`,
      form: `The other cells of row ${p.v("line")} are typed, as on a form: type the level in ${p.v("cell")} instead of the formula (满意, 基本满意, 不满意 or 弃权); delete the row only if it is a total row`,
    } : {
      ballot: `Delete row ${p.v("line")}: each row of a ballots file is one returned ballot, and piaojue does the totals (kept, it would be one more ballot returned); if it is a ballot after all, type its marks instead of formulas`,
      form: `Delete row ${p.v("line")}: each row of an evaluation forms file is one form, and piaojue does the tallies (kept, it would be one more form); if it is a form after all, type its levels instead of formulas (满意, 基本满意, 不满意 or 弃权)`,
    })[String(p.raw["rowIs"])] ?? (p.has("total") ? `Delete row ${p.v("line")}: a total row is no count of a project, and piaojue does the totals` : "Votes and counts are entered by hand: copy these cells, Paste Special → Values, then save")),
  },
  E_XLSX_FORMULA_NO_VALUE: { message: (p) => `${p.v("cell")} is a formula, but the workbook holds no result for it`, hint: () => "Open and save it once in Excel or WPS (which computes it), or replace the formula by its value" },
  E_XLSX_SCALED_FORMAT: { message: (p) => `The number format ${p.q("format")} of ${p.v("cell")} shows a number of another magnitude than the one stored: Excel shows ${p.v("shown")}, the cell holds ${p.v("value")}`, hint: () => "Set this cell's number format to General or Number, and enter the value in the column's unit (in a 万元 column 200, not 2000000)" },
  E_XLSX_CELL_ERROR: { message: (p) => `The value of ${p.v("cell")} is the error ${p.v("value")}`, hint: () => "Correct this cell's formula or content" },
  E_XLSX_MERGED: { message: (p) => `The table has merged cells ${p.v("range")}`, hint: () => "Unmerge them and fill in every row (after a merge only the first cell has a value)" },
  E_XLSX_OUTSIDE_HEADER: { message: (p) => `${p.v("cell")} is outside the header, yet holds ${p.q("value")}`, hint: (p) => (p.has("header") ? `Row ${p.v("header")} is taken as the header: if this column belongs to the table, name it in that row, or delete what is outside the table; if the column names are not in row ${p.v("header")}, delete the title rows above them` : "Give this column a name, or delete what is outside the table") },
  W_XLSX_TITLE_ROWS: { message: (p) => `Row ${p.list("rows")} above the header (${p.q("title")}) is taken as a title and not read; the header is row ${p.v("header")}`, hint: () => "If the header is not right, delete the rows above it" },
  W_XLSX_EMPTY_COLUMNS: { message: (p) => `Column ${p.list("columns")} has no name and no content; it is ignored`, hint: () => "These empty columns may be deleted" },
  W_XLSX_TRAILING_ROWS: { message: (p) => `${plural(p.n("count"), "empty row")} (formatting or spaces only) from row ${p.v("from")} at the end are ignored${Array.isArray(p.raw["rows"]) && p.raw["rows"].length > 1 ? `; rows ${p.list("rows")} have cells of spaces only` : ""}`, hint: () => "Check whether these cells held anything; if not, these rows may be deleted" },
  E_XLSX_TABLE_SPLIT: {
    message: (p) => `Row ${p.v("row")} of worksheet “${p.v("other")}” repeats the header of the worksheet read, “${p.v("sheet")}” (row ${p.v("header")}): the table is split over several worksheets, and reading “${p.v("sheet")}” alone would leave out the rows on “${p.v("other")}”`,
    hint: (p) => `Copy the rows of every worksheet into one (keeping one header row), delete the other worksheets and run again; if “${p.v("other")}” is only an old copy, delete it`,
  },
  W_XLSX_OTHER_SHEETS: { message: (p) => `The workbook has several worksheets; “${p.v("sheet")}” is read (others: ${p.list("others")})`, hint: () => "To read another, move it first or name it as the file's role" },
  W_XLSX_HIDDEN: { message: (p) => `Worksheet “${p.v("sheet")}” has hidden rows or columns (${p.list("cells")}); they are read like the others`, hint: () => "Unhide them and check that they belong in the count" },
  // Input limits and readings (hostile and mistaken inputs).
  E_TOO_LARGE: {
    message: (p) => `The file is ${p.v("mb")} MB, over the ${p.v("limitMb")} MB limit for a JSON file`,
    hint: () => "Settings files such as session.json and evaluation.json are a few KB; check that this is the right file",
  },
  E_RECORD_TOO_LONG: {
    message: (p) => `This row (or one of its cells) holds over ${p.v("limitMb")}M characters of text: it is not ballot or evaluation data`,
    hint: () => "Check that this is the right file; a quote that is never closed makes one cell run to the end of the file",
  },
  E_TOO_MANY_COLUMNS: {
    message: (p) => `The header has ${p.v("columns")} columns, over the limit of ${p.v("limit")}`,
    hint: () => "Check that this is the right file and that the header is its first line",
  },
  E_ENCODING_CONTRADICTED: {
    message: (p) => (p.has("line")
      ? `--encoding gb18030 was given, but line ${p.v("line")} is UTF-8: the file mixes two encodings (read as GB18030 the line would turn into other Chinese characters)`
      : "--encoding gb18030 was given, but this file is UTF-8 (read as GB18030 it would turn into other Chinese characters)"),
    hint: (p) => (p.has("line")
      ? "This happens when two files are pasted together. Open it in Excel or WPS and “Save As” CSV UTF-8, then run without --encoding gb18030"
      : "Leave out --encoding gb18030 (UTF-8 and GBK are recognised by themselves)"),
  },
  E_JSON_ENCODING: {
    message: () => "The JSON file is not valid UTF-8",
    hint: () => "JSON files must be UTF-8 (--encoding applies to CSV tables only); save it as UTF-8 with Notepad or WPS",
  },
  W_VOID_CELL_NEGATIVE: {
    message: (p) => `Row ${p.v("line")} has ${p.q("value")} in 作废 (void): the ballot is counted as void (any non-empty 作废 cell voids it)`,
    hint: () => "If this ballot is not void, leave its 作废 cell empty and count again",
  },
  E_TRAILING_EMPTY_ROWS: {
    message: (p) => `The last ${p.v("rows")} rows (lines ${p.v("first")}–${p.v("last")}) hold only commas or spaces: as blank ballots they make ${p.v("returned")} returned, more than the ${p.v("issued")} issued, which would void the vote`,
    hint: () => "Most likely Excel or WPS saved the formatted empty rows below the table (such as an entry template's reserved rows) into the CSV file: delete them and count again; if some of them are blank ballots, give each its serial number (or write 弃权 in its cells)",
  },
  W_EMPTY_ROW: {
    message: (p) => `Row ${p.v("line")} is all empty${p.has("workbook") ? "" : " (only commas or spaces)"}: ${p.has("as") ? `by rules.marks an empty cell is ${p.v("as")}, so it is counted as ${p.v("as")} on every line` : "it is counted as a blank ballot"}`,
    hint: () => "Such a row is usually what Excel or WPS leaves after cells are cleared; if it is not a ballot, delete it and count again",
  },
  W_EMPTY_FORMS: {
    message: (p) => `${p.n("count") === 1 ? "1 row is" : `${p.v("count")} rows are`} all empty (${p.n("count") === 1 ? "line" : "lines"} ${p.list("lines")}${p.n("count") > 10 ? " and more" : ""}); each is counted as a form that abstains on every project`,
    hint: () => "A blank form counts as abstaining in the number of forms; such a row may also be left behind by clearing cells in Excel or WPS: if it is not a form, delete it and evaluate again",
  },
  W_EMPTY_ROW_OVER_APPROVAL: {
    message: (p) => `Row ${p.v("line")} is all empty${p.has("workbook") ? "" : " (only commas or spaces)"}; by rules.marks an empty cell is approve, so it approves more than allowed: the ballot is void`,
    hint: () => "Such a row is usually what Excel or WPS leaves after cells are cleared; if it is not a ballot, delete it and count again",
  },
  // Reading tables and counting ballots (io/csv.ts, io/encoding.ts, io/files.ts, core/ballots.ts).
  E_CSV_SYNTAX: {
    message: (p) => ({ "text-after-quote": "A closing quote is followed by other characters", "quote-inside": "A double quote stands inside a cell that is not quoted" })[String(p.raw["problem"])] ?? "A quote is never closed: the file ends inside it",
    hint: (p) => ({ "text-after-quote": "Put a cell with commas or quotes entirely in double quotes, and write a quote inside it twice (\"\")", "quote-inside": "Put the whole cell in double quotes, and write a quote inside it twice (\"\")" })[String(p.raw["problem"])]
      ?? "Check that this cell's double quotes come in pairs, or whether the file was cut short",
  },
  E_CSV_EMPTY: { message: () => "The file is empty: there is no header row", hint: (p) => (p.raw["table"] === "forms" ? "The first line must be the header: the group and each project's id" : "The first line must be the header") },
  E_CSV_FIELD_COUNT: {
    message: (p) => `This row has ${p.n("cells") === 1 ? "1 cell" : `${p.v("cells")} cells`}, the header has ${p.n("expected") === 1 ? "1 column" : `${p.v("expected")} columns`}`,
    hint: (p) => (p.n("expected") === 1 ? "The header has one cell: if the first row is a title, delete it so the column names are on the first row; otherwise check that the cells are separated by commas" : "Look for an extra or a missing comma; a cell that contains a comma must be in double quotes"),
  },
  E_DUPLICATE_HEADER: { message: (p) => `Column name ${p.q("column")} repeats column ${p.v("otherColumn")}`, hint: () => "Each column name may appear only once" },
  E_NOT_TEXT: {
    message: (p) => {
      const kind = ({ workbook: "an Excel or WPS workbook (.xlsx/.et, compressed)", "old-workbook": "an old Excel or WPS workbook (.xls)", pdf: "a PDF file", png: "a PNG image", jpeg: "a JPEG image" } as Record<string, string>)[String(p.raw["kind"])];
      if (kind !== undefined) return `This is ${kind}, not a CSV or text file`;
      if (p.has("utf16")) return "Every other byte of the file is NUL: it looks like UTF-16 text without its byte-order mark (BOM), which cannot be read reliably";
      if (p.has("inCell")) return `The cell contains a control character (${p.v("char")}), which shows neither on screen nor on paper`;
      return p.has("char") ? `The file contains a control character (${p.v("char")}); it is not a text file` : "The file contains NUL bytes; it is not a text file";
    },
    hint: (p) => (p.has("utf16") ? `Open it in Notepad and “Save As” with the encoding UTF-8${p.has("json") ? "" : "; or open it in Excel or WPS and “Save As” CSV UTF-8 (comma-separated)"}`
      : p.has("json") ? "Check that this is the right file; open it in a text editor, delete this character (or restore it from a backup) and save it as UTF-8"
      : p.has("inCell") ? "Type the cell again (the character most likely came with a copy and paste), save, and run again"
      : p.has("char") ? "Check that this is the right file; save it again as CSV with Excel or WPS"
      : p.raw["kind"] === "workbook" ? "This is a workbook with its extension changed: rename it back from .csv to .xlsx, as piaojue reads workbooks directly; or open it in Excel or WPS and “Save As” CSV UTF-8 (comma-separated)"
      : "Open the original sheet in Excel or WPS and “Save As” CSV UTF-8 (comma-separated), then put it in the session folder"),
  },
  E_TRUNCATED: { message: () => "The file ends in the middle of a character: it may not have been saved or copied completely", hint: () => "Save the original sheet again as CSV UTF-8, or copy the file again" },
  E_MIXED_ENCODING: {
    message: (p) => `The file mixes two encodings: line ${p.v("utf8Line")} is UTF-8, line ${p.v("badLine")} is not (perhaps GBK)`,
    hint: (p) => (p.has("bom")
      ? `This happens when two files are pasted together. The byte-order mark (BOM) at the start of the file says UTF-8 (--encoding does not change that): copy or type line ${p.v("badLine")} again from the original sheet, then “Save As” CSV UTF-8`
      : "This happens when two files are pasted together. Open it in Excel or WPS and “Save As” CSV UTF-8; if it really is a GBK file, use --encoding gb18030"),
  },
  E_ENCODING: {
    message: (p) => ({ neither: "The file is neither UTF-8 nor GB18030 and cannot be read", gb18030: "The file is not valid GB18030", utf8: p.has("bom") ? "The byte-order mark (BOM) at the start of the file says UTF-8, but the file is not valid UTF-8" : "The file is not valid UTF-8" } as Record<string, string>)[String(p.raw["encoding"])]
      ?? "The file is not valid UTF-16 (it may be cut short)",
    hint: (p) => (p.has("bom")
      ? `The byte-order mark (BOM) at the start of the file decides its encoding, and --encoding does not change it: ${p.raw["encoding"] === "utf8" ? "this place was most likely pasted from another file; copy or type it again from the original sheet, then " : ""}“Save As” CSV UTF-8 in Excel or WPS`
      : `“Save As” CSV UTF-8 in Excel or WPS and try again, ${({
        utf8: "or (if it is in Excel's default GBK/GB18030) give --encoding gb18030, or leave out --encoding to detect it",
        gb18030: "or (if it is UTF-8) leave out --encoding to detect it",
      } as Record<string, string>)[String(p.raw["encoding"])] ?? "or name the encoding with --encoding"}`),
  },
  W_CHANGED_SINCE_PRINTED: {
    message: (p) => (p.raw["what"] === "names"
      ? `Project names in candidates.csv changed after round ${p.v("round")}'s ballot was printed (${renamedEn(p)}): the results name these ids' projects otherwise than the paper, and votes cast on paper for one project may be counted under another's name`
      : `${p.list("changed")} changed after round 1's ballot was printed: the limit of approvals or the rules of void ballots printed on the paper differ from those the count uses now`),
    hint: (p) => (p.raw["what"] === "names"
      ? "Check candidates.csv: put a name changed by mistake back as it was printed and count again; if a project is to be renamed, the presidium confirms under the voting procedure which project these votes count for"
      : "Count by the rules printed on the ballot: put session.json back as it was when the ballots were printed and count again; if the ballot was printed wrong, the presidium decides under the voting procedure"),
  },
  E_CHANGED_SINCE_PRINTED: {
    message: (p) => {
      if (p.raw["what"] === "seats") return `Round ${p.v("round")}'s ballot was printed for ${p.v("printed")} seats left (at most ${p.v("printed")} approvals a ballot); now there are ${p.v("now")}: ballots filled in by the paper would be judged by the limit of now`;
      if (p.raw["what"] === "names") return `Project names in candidates.csv changed after round ${p.v("round")}'s ballot was printed (${renamedEn(p)}): votes typed from the paper would go to the project that now has the id`;
      return `The projects on round ${p.v("round")}'s ballot, or their order, changed after it was printed (candidates.csv, the order rules, or the runoff's projects after a corrected count): keys typed in the paper ballot's order would go to other projects`;
    },
    hint: (p) => `First compare the paper ballot with the ballot as it is now: if they agree, run ${p.v("command")} to record it (no need to print again), then enter; if not, put the changed files (candidates.csv, session.json or the previous round's ballots) back as they were when the ballots were printed, or print and vote again on the ballot as it is now`,
  },
  E_PRINTED_RUNOFF_DIFFERS: {
    message: (p) => `Round ${p.v("round")}'s ballot was printed to choose ${p.v("printedSeats")} of ${p.list("printed")}, but by the earlier rounds' ballots as they are now this round chooses ${p.v("seats")} of ${p.list("lines")}: the ballots in ${p.v("file")} were cast in another runoff and cannot be counted for this one`,
    hint: (p) => `First check the correction of the earlier rounds' ballots: if it was wrong, undo it and count again; if it is right, these ballots cannot be counted: move ${p.v("file")} out of the session folder, run ${p.has("again") ? p.v("again") : "piaojue runoff"} to print round ${p.v("round")}'s ballot again, and vote again`,
  },
  W_PRINTED_RUNOFF_DIFFERS: {
    message: (p) => `Round ${p.v("round")}'s ballot was printed to choose ${p.v("printedSeats")} of ${p.list("printed")}, but by the ballots as they are now round ${p.v("round")} chooses ${p.v("seats")} of ${p.list("lines")}: the printed ballot is void`,
    hint: (p) => `Run ${p.v("again")} to print round ${p.v("round")}'s ballot again; ballots already cast on the old one cannot be counted for this runoff, and the vote is held again`,
  },
  W_PRINTED_ROUND_NEEDLESS: {
    message: (p) => `The ballots as they are now decide the vote, so round ${p.v("round")} is not needed, but the output folder still holds the ballot, entry templates and count sheet printed for round ${p.v("round")}`,
    hint: (p) => `Run ${p.v("again")} to remove them so that they are not handed out (piaojue audit fails until they go); if round ${p.v("round")} was already voted on, check the correction of the earlier rounds' ballots first`,
  },
  W_ROUND_PAST_LIMIT: {
    message: (p) => `Round ${p.v("decided")} decided the vote, so round ${p.v("round")} is not needed, but the folder holds ${p.v("file")}; with --round ${p.v("limit")} only rounds up to ${p.v("limit")} are counted, and it was not read`,
    hint: () => "Check that the file is in the right session folder; move a round's file that is not needed away (counted without --round, it makes the count fail)",
  },
  W_ROUND_FILE_NAME: {
    message: (p) => `${p.q("file")} looks like round ${p.v("round")}'s ${/^counts/.test(String(p.raw["expected"])) ? "counts" : "ballots"}, but its name is not right, so it was not read`,
    hint: (p) => `If it is round ${p.v("round")}'s, ${p.has("resave") ? `open it in Excel or WPS and save it as an Excel workbook, ${p.v("expected")} (an old .xls cannot be read),` : `rename it ${p.v("expected")} (all lower case, no spaces)`} and run again; if not, move it out of the session folder (left there, it is not read)`,
  },
  E_TOTAL_ROW: {
    message: (p) => (p.has("counts") ? `Line ${p.v("line")} holds vote counts under the projects (${p.list("counts")}): a total row, not a ballot` : `Line ${p.v("line")} reads ${p.q("value")}: a total row, not a ballot`),
    hint: (p) => `Delete this row: each row of a ballots file is one returned ballot, and piaojue does the totals (counted, it would be one more ballot returned)${p.has("digitMarks") ? `; this session's marks are digits themselves (${p.v("approveMark")} for${p.has("againstMark") ? `, ${p.v("againstMark")} against` : ""}), but this row's ${p.list("counts")} are the projects' vote counts`
      : p.has("counts") ? `; if it is a ballot after all, write its marks instead of numbers${p.has("approveMark") ? ` (${[`${p.v("approveMark")} for`, ...(p.has("againstMark") ? [`${p.v("againstMark")} against`] : []), ...(p.has("blankAbstains") ? ["empty to abstain"] : [])].join(", ")})` : ""}` : ""}`,
  },
  E_HEADER_REPEATED: {
    message: (p) => `Line ${p.v("line")} reads ${p.q("value")}: the header again, not a ballot`,
    hint: (p) => `Delete this row: there is one header row, and every row under it is one returned ballot (counted, it would be one more ballot returned)${p.has("reordered") ? "; it names the projects in another order than the header: if the ballots under it follow that order, put their cells in the header's order first" : ""}`,
  },
  E_NOTE_CELL: {
    message: (p) => `Line ${p.v("line")} has no serial number and only one cell written, ${p.q("value")}: a remark under the table, not a ballot`,
    hint: (p) => `If it is no ballot, delete the row (counted, it would be one more ${p.has("abstain") ? "valid ballot abstaining on every line" : "void ballot"} returned); if it really is a ballot, write its serial number and have the scrutineers check this cell against the paper ballot`,
  },
  E_BALLOTS_EMPTY_LINE: {
    message: (p) => `Line ${p.v("line")} is empty: with one candidate column and no 票号 or 作废 column, an empty line may be a blank ballot or a stray empty line, so the number of ballots returned is not known`,
    // No template named: out/ may have none, and piaojue ballot refuses to write one while this file is wrong.
    hint: () => "Add a 票号 column, one row per ballot, a blank ballot with only its 票号; if it is no ballot, delete the empty line, then count again",
  },
  E_NOTE_ROW: {
    message: (p) => `Line ${p.v("line")} has only its 票号 cell written, ${p.q("value")}: a signature or note, not a ballot`,
    hint: (p) => `If it is no ballot, delete the row (counted, it would be one more blank ballot returned); if it really is a blank ballot, write its serial number the way the other ballots' are (such as ${p.q("serial")})`,
  },
  E_DUPLICATE_SERIAL: { message: (p) => `Serial number ${p.q("serial")} repeats line ${p.v("otherLine")}`, hint: () => "A ballot may be entered only once: delete the repeated row or correct the serial number" },
  W_UNREADABLE_MARK: { message: (p) => `${rowEn(p)}: ${unreadableEn(p)}; the ballot is void${lookAlikeEn(p)}`, hint: unreadableHintEn },
  W_UNREADABLE_AS_ABSTAIN: { message: (p) => `${rowEn(p)}: ${unreadableEn(p)}; counted as an abstention${lookAlikeEn(p)}`, hint: unreadableHintEn },
  W_OVER_APPROVAL: { message: (p) => `${rowEn(p)}: ${p.v("approvals")} approvals, more than the limit of ${p.v("max")}; the ballot is void`, hint: (p) => `Have the tellers check this line against ${paperEn(p)}: if an approval was typed by mistake, correct the line and count again` },
  W_MORE_NOTES: { message: (p) => `${p.n("more") === 1 ? "1 more note" : `${p.v("more")} more notes`} of the same kind (${p.v("kind")}) not listed` },
  E_COUNTED_MISSING: {
    message: (p) => `Round ${p.v("round")} uses hand-counted results (${p.v("file")}), but session.json's counted ${p.has("empty") ? `entry ${p.v("round")} is empty (null)` : `has no entry ${p.v("round")}`}`,
    hint: (p) => `In session.json's counted, write this round's {"returned": returned ballots, "void": void ballots} as entry ${p.v("round")}, and null for a round counted ballot by ballot (such as ${countedExample(p)}); or run ${p.has("again") ? p.v("again") : "piaojue enter --counts"} to type the count sheet in twice, which writes the counts and counted when both agree`,
  },
  E_UNKNOWN_CANDIDATE: {
    message: (p) => namedInsteadEn(p, `ID ${p.q("id")}`, "id") ?? `ID ${p.q("id")} is not a candidate of this round`,
    hint: (p) => (p.has("subItems") ? `Delete this row and put the counts in each sub-item's row; this round's IDs: ${p.list("ids")}`
      : p.has("parent") ? `Delete this row and put the counts in project ${p.v("parent")}'s row; this round's IDs: ${p.list("ids")}`
      : `This round's IDs: ${p.list("ids")}`),
  },
  E_COUNT_SUM: {
    message: (p) => `${p.q("id")}: for ${p.v("approve")} + against ${p.v("against")} + abstain ${p.v("abstain")} = ${p.n("approve") + p.n("against") + p.n("abstain")}, not the ${p.v("valid")} valid ballots (${p.v("returned")} returned − ${p.v("void")} void)`,
    hint: () => "Check the count sheet: for each project, for + against + abstain must equal the valid ballots",
  },
  W_COUNT_AGAINST: { message: (p) => `An approve-only ballot should have no votes against (${p.q("id")}: ${p.v("against")} against)`, hint: () => "Check the count sheet: ballots without an approve mark count as abstentions" },
  E_MISSING_CANDIDATE: { message: (p) => `There is no row of counts for ${p.q("candidate")}`, hint: () => "Every candidate needs a row" },
  W_COUNT_IMPOSSIBLE: { message: (p) => `The ${p.v("approvals")} votes for exceed the ${p.v("valid")} valid ballots × the limit of ${p.v("limit")}`, hint: () => "A valid ballot approves at most the limit; check the count sheet" },
  // verify: expected.json read strictly
  E_EXPECTED_BOTH_FORMS: {
    message: (p) => `The data key ${p.q("key")} is written at the top level beside "data": data and top-level data keys cannot both be written, as it is not clear which one counts`,
    hint: (p) => `Write the expected data in one place: move ${p.q("key")} into "data", or move the keys of "data" to the top level and delete "data"`,
  },
  E_EXPECTED_SCHEMA: { message: schemaMessage, hint: (p) => schemaHint(EXPECTED_EXAMPLES)(p) ?? "expected.json: exitCode (an integer exit code), warnings (an array of warning codes such as [\"W_X\"]), error, data (or the keys of tally --json data at top level)" },
  E_EXPECTED_WORD: {
    message: (p) => `${p.v("key")}: ${p.q("value")} is no value a tally gives`,
    hint: (p) => `Write one of: ${p.list("words")} (as SPEC §6–7 writes them, in this case)`,
  },
  E_EXPECTED_NOT_TALLY: {
    message: (p) => `${p.q("key")} is no key of a tally's results: verify compares the results of tally only`,
    hint: () => "The results of evaluate (satisfaction) and progress cannot be checked with verify; expected.json holds a part of the data of tally --json, e.g. {\"exitCode\": 0, \"selected\": [\"P01\", \"P02\"]}",
  },
  W_VERIFY_FOLDER_SKIPPED: { message: () => "There is no scenario (a folder with expected.json) under this folder: passed over", hint: () => "With a pattern such as scenarios/*, folders beside the scenario folders that hold no scenario, such as docs/, are passed over; given only such folders, it is an error" },
  W_VERIFY_PASSED_OVER: {
    message: (p) => (p.raw["why"] === "link"
      ? `${p.v("folder")} is a symbolic link to scenarios: verify does not follow links, so they were not run`
      : `${p.v("folder")} is a scenario, but ${p.v("why")} is the name of ${p.raw["why"] === "out" ? "the output folder" : "the folder of installed packages"}: verify does not look for scenarios in it, so it was not run`),
    hint: (p) => (p.raw["why"] === "link"
      ? `To run them, put the folder itself (not a link) here, or give the link on the command line: piaojue verify ${p.v("folder")}`
      : `Give the scenario folder another name, or give it on the command line: piaojue verify ${p.v("folder")}`),
  },
  W_VERIFY_FILE_SKIPPED: { message: () => "This is a file, not a scenario folder: passed over", hint: () => "A scenario is a folder (a session plus expected.json); with a pattern such as scenarios/*, files beside the scenario folders, such as README.md, are passed over" },
  W_OUT_UNUSED: {
    message: (p) => (p.v("command") === "init" ? "init writes session.json and candidates.csv in the new session folder, so the output folder given with -o is not used" : `${p.has("command") ? p.v("command") : "verify"} writes no files, so the output folder given with -o is not used`),
    hint: (p) => (p.v("command") === "init" ? "Leave out -o; the session folder follows init, such as piaojue init xinqiao-2026" : p.v("command") === "check" ? "Leave out -o: check only reads the session folder; to write results, use piaojue tally SESSION -o FOLDER" : "Leave out -o: verify tallies and compares in memory and only reads the scenario folders; to write a scenario's results, use piaojue tally SCENARIO -o FOLDER"),
  },
  W_FLAG_REPEATED: { message: (p) => `${p.v("flag")} was given twice (${p.v("was")} and ${p.v("now")}); the last, ${p.v("now")}, is taken`, hint: (p) => `Give ${p.v("flag")} once; if ${p.v("was")} was meant, correct the command and run it again` },
  W_FLAG_UNUSED: { message: (p) => `${p.v("flag")} has no effect on ${p.v("command")}`, hint: (p) => (p.raw["command"] === "batch"
    ? "No session folder holds plan.csv, and --as-of names the month of the progress report: to report progress, put plan.csv and progress.csv into each township's session folder; otherwise leave out --as-of"
    : "Leave out --encoding: audit reads the inputs again in the encoding audit.json records, as the count did") },
  // tally, batch, evaluate: inputs refused by the commands themselves
  E_FORMAL_EXCEEDS: { message: (p) => `The number to select (${p.v("formal")}) exceeds the number of candidate ${p.raw["items"] ? "sub-items" : "projects"} (${p.v("candidates")})`, hint: (p) => (p.has("init") ? "The number to select cannot exceed the number of candidates: run piaojue init again with this session's --formal, or add candidates" : "The number to select cannot exceed the number of candidates") },
  E_NO_BALLOTS: { message: (p) => `There is no ballots file for round ${p.v("round")}`, hint: (p) => `Put ${p.v("ballots")} or ${p.v("ballots").replace(/\.csv$/, ".xlsx")} (ballot by ballot), or ${p.v("counts")} or ${p.v("counts").replace(/\.csv$/, ".xlsx")} (hand-counted results) in the session folder` },
  E_ISSUED_MISSING: {
    message: (p) => `session.json's issued has no number of ballots issued for round ${p.v("round")}`,
    hint: (p) => `Write the ballots issued per round in the issued array, such as [${p.v("example")}]; or run ${p.has("again") ? p.v("again") : `piaojue enter --issued N --round ${p.v("round")}`} (N: the ballots issued in round ${p.v("round")})`,
  },
  E_EVAL_TWICE: { message: (p) => `There are both ${p.v("forms")} and ${p.v("counts")}`, hint: (p) => `Results are given one way only: form by form (${p.v("forms")}) or hand-summed (${p.v("counts")}); remove one of the two` },
  E_NO_EVALUATIONS: { message: () => "There is no file with evaluation results", hint: (p) => `Add ${p.v("forms")} (one row per form) or ${p.v("counts")} (hand-summed: 编号,组别,满意,基本满意,不满意,弃权); either may be an .xlsx workbook of the same name` },
  E_NO_SESSIONS: { message: () => "There is no session folder (a folder with session.json) under this folder", hint: () => "One folder per session, with session.json, candidates.csv and ballots.csv; out folders, folders starting with “.” and symbolic links are not searched" },
  // audit: each problem of a numbered check; "check" set: the diagnostic, else the detail shown under the check
  E_AUDIT_INPUT_MISSING: {
    message: (p) => auditEn(p, `A file ${p.v("who")} read no longer exists`),
    hint: (p) => `Put the file back from a backup or the archived copy, then run ${againEn(p)}; if it was removed on purpose, ${p.has("planGone") ? PLAN_GONE_EN(p) : p.has("cannotRun")
      ? `${rerunEn(p, "who")} can no longer run without it: move ${outOf(p)} elsewhere (or delete it), then run again the commands still needed (such as piaojue tally) to write the outputs and the audit trail afresh`
      : `run ${rerunEn(p, "who")} again to write new results from the files as they are now`}`,
  },
  E_AUDIT_OUTPUT_MISSING: {
    message: (p) => auditEn(p, `A file ${p.v("who")} wrote no longer exists`),
    hint: (p) => `Run ${rerunEn(p, "who")} again to write the file, or put it back in ${outOf(p)} from the archived copy, then run ${againEn(p)}`,
  },
  E_AUDIT_OUT_ELSEWHERE: {
    message: (p) => auditEn(p, `Every recorded input (${p.list("files")}) differs from the file now: ${p.v("out")} is most likely another session's output folder (swapped or copied over), rather than each file edited`),
    hint: (p) => `Put this session's own ${p.v("out")} back (from the archived copy) and run ${againEn(p)}; if it cannot be found, run the command that writes the results (e.g. piaojue tally) to write new ones from the inputs as they are`,
  },
  E_AUDIT_INPUT_CHANGED: {
    message: (p) => auditEn(p, p.has("now") ? `Changed since ${p.v("who")} read it (SHA-256 ${p.v("was")}… → ${p.v("now")}…)` : `A file ${p.v("who")} read is no longer a regular file`),
    hint: (p) => (p.has("now")
      ? `If the change was not meant, restore the file from a backup or the archived copy, then run ${againEn(p)}; if it is a checked correction, run ${rerunEn(p, "who")} again to write new results from the corrected file`
      : `Move away the folder or special file of the same name, put the original file back from a backup or the archived copy, then run ${againEn(p)}`),
  },
  E_AUDIT_OUTPUT_CHANGED: {
    message: (p) => auditEn(p, p.has("now") ? `Changed since ${p.v("who")} wrote it (SHA-256 ${p.v("was")}… → ${p.v("now")}…)` : `A file ${p.v("who")} wrote is no longer a regular file`),
    hint: (p) => (p.has("now")
      ? `The results in ${outOf(p)} must not be edited: run ${rerunEn(p, "who")} again to write them anew (undoing the change), or restore the file from the archived copy, then run ${againEn(p)}`
      : `Move the folder or special file of the same name out of ${outOf(p)}, run ${rerunEn(p, "who")} again to write the file, then run ${againEn(p)}`),
  },
  E_AUDIT_INPUT_ADDED: {
    message: (p) => auditEn(p, `${p.v("name")} did not read this file when it ran; planning it again now reads it`),
    hint: (p) => `If the file was put here by mistake, move it out of the session folder; if it was added on purpose${p.raw["name"] === "tally" ? " (such as the next round's ballots)" : ""}, run ${rerunEn(p, "name")} again; then run ${againEn(p)}`,
  },
  E_AUDIT_INPUT_UNREAD: {
    message: (p) => auditEn(p, `${p.v("name")} records reading this file, but planning it again does not read it`),
    hint: (p) => `The session folder differs from when ${p.v("name")} ran (a file moved or renamed, or the rules changed): put it back as it was, then run ${againEn(p)}; if the change is meant, run ${rerunEn(p, "name")} again`,
  },
  E_AUDIT_OUTPUT_UNLISTED: {
    message: (p) => auditEn(p, `This file is in ${outOf(p)}, but no recorded command wrote it`),
    hint: (p) => `${outOf(p)} should hold only the files piaojue writes: move this file out of ${outOf(p)} (keep it elsewhere), then run ${againEn(p)}`,
  },
  E_AUDIT_PENDING_WRITE: {
    message: (p) => auditEn(p, "The last write did not finish (the process was interrupted)"),
    hint: (p) => `Run the interrupted command again (such as piaojue tally) so that it finishes writing, then run ${againEn(p)}`,
  },
  E_AUDIT_UNKNOWN_COMMAND: { message: (p) => auditEn(p, `audit.json records an unknown command ${p.q("name")}: piaojue has no command writing such files, so its outputs cannot be proved`), hint: () => AUDIT_RESTORE },
  E_AUDIT_OPTIONS: {
    message: (p) => auditEn(p, p.has("missing")
      ? `The record of ${p.v("name")} lacks ${p.v("missing")}: this command always writes it, so the record was edited`
      : `The options recorded for ${p.v("name")} are not what this command records: ${p.v("options")}`),
    hint: () => AUDIT_RESTORE,
  },
  E_AUDIT_BATCH_UNWRITTEN: {
    message: (p) => auditEn(p, `${p.v("name")} did not finish writing ${p.v("town")}'s results: its ${p.raw["of"] === "progress" ? "progress" : "count"} was worked out but could not be written into its out folder, and the summary marks its row as not written${p.has("cause") ? ` (${p.v("cause")})` : ""}`),
    hint: (p) => `No file was tampered with: fix the write problem above, run ${rerunEn(p, "name")} again to write ${p.v("town")}'s results, then run ${againEn(p)}`,
  },
  E_AUDIT_RECOUNT_FAILED: {
    message: (p) => auditEn(p, `${p.v("name")} can no longer be recomputed: ${p.has("cause") ? p.v("cause") : "it writes no files any more"}`),
    hint: (p) => (p.has("planGone") ? `Put this file back from a backup, then run ${againEn(p)}; if it was removed on purpose, ${PLAN_GONE_EN(p)}` : p.has("cause")
      ? `Correct the input error listed at the end of the line above (${rerunEn(p, "name")} shows them all), or restore the inputs ${p.v("name")} read from a backup, then run ${againEn(p)}`
      : `Run ${rerunEn(p, "name")} again, then run ${againEn(p)}`),
  },
  E_AUDIT_RECOUNT_DIFFERS: {
    message: (p) => auditEn(p, ({
      "other-record": `The record is named ${p.v("name")}, but its inputs now give ${p.v("planned")}`,
      "not-planned": `${p.v("name")} records writing this file, but planning it again does not write it`,
      "not-in-out": `Recomputing (${p.v("name")}) gives this file, but it is not in ${outOf(p)}`,
      content: `The file's content differs from the recomputed result (${p.v("name")})`,
      option: `${p.v("name")}'s recorded ${p.v("option")} (${p.v("option") === "seats" ? "the seats left" : "each line's ID and name"}, as printed on the paper ballot) differs from what the inputs give now`,
    } as Record<string, string>)[String(p.raw["kind"])] ?? `Differs from the recomputed result (${p.v("name")}) from line ${p.v("fromLine")}, column ${p.v("fromColumn")}`) + icuEn(p),
    hint: (p) => {
      if (p.raw["kind"] === "other-record") return `Restore ${outOf(p)} and the input files from the archived copy, then run ${againEn(p)}; if an input is a checked correction, run ${rerunEn(p, "planned")} again: it writes the new record and drops the out-of-date one`;
      const fix = `restore ${outOf(p)} and the input files from the archived copy, then run ${againEn(p)}; if an input is a checked correction, run ${rerunEn(p, "name")} again to write new results`;
      return p.has("icuThen") ? `First run ${againEn(p)} with a Node whose ICU is ${p.v("icuThen")} (the one that wrote the file); if it still differs, ${fix}` : fix.charAt(0).toUpperCase() + fix.slice(1);
    },
  },
  E_AUDIT_RULES_CHANGED: {
    message: (p) => auditEn(p, p.has("recordAltered")
      ? `The rules in ${p.v("name")}'s record in audit.json were altered: ${p.v("file")} is as the record read it (same SHA-256), yet the rules it gives differ from the record's`
      : `The rules now differ from those ${p.v("name")} recorded`),
    hint: (p) => p.has("recordAltered")
      ? `audit.json is written by piaojue and must not be edited; ${p.v("file")} needs no change. Restore ${outOf(p)} from the archived copy and run ${againEn(p)}, or run ${rerunEn(p, "name")} again to write a new record`
      : `Put the rules in ${p.v("file")} back as they were (from a backup or the archived copy), then run ${againEn(p)}; if the rules were corrected on purpose under the voting procedure, run ${rerunEn(p, "name")} again`,
  },
  E_AUDIT_SUMS_MISSING: { message: (p) => auditEn(p, "There is no SHA256SUMS file"), hint: (p) => `Put SHA256SUMS back in ${outOf(p)} from the archived copy, or ${SUMS_REWRITE(p)}` },
  E_AUDIT_SUMS_FORMAT: { message: (p) => auditEn(p, "This line is not in the form “hash  path”"), hint: (p) => `SHA256SUMS is written by piaojue and must not be edited: restore it from the archived copy, or ${SUMS_REWRITE(p)}` },
  E_AUDIT_SUMS_MISMATCH: {
    message: (p) => auditEn(p, ({
      extra: `Lists “${p.v("path")}”, which audit.json does not have`,
      hash: `The hash of “${p.v("path")}” differs from the one audit.json records`,
      missing: `“${p.v("path")}”, recorded in audit.json, is missing`,
    } as Record<string, string>)[String(p.raw["kind"])] ?? "Differs from what audit.json gives (order or white space)"),
    hint: (p) => `SHA256SUMS is written by piaojue and must not be edited: restore it from the archived copy, or ${SUMS_REWRITE(p)}`,
  },
  // Session day (issue 11): a round asked for that is not in yet; the 公告's count-only notes; forms.
  E_ROUND_NOT_YET: {
    message: (p) => (p.n("round") === p.n("next")
      ? `Round ${p.v("round")} has no ballots yet: neither ${p.v("ballots")} nor ${p.v("counts")} is in the session folder`
      : `There is no round ${p.v("round")} yet: the next round is round ${p.v("next")}, and its ballots are not in`),
    hint: (p) => `Count once round ${p.v("next")}'s ballots are in (${p.has("again") ? p.v("again") : "piaojue enter"}, or put ${p.v("ballots")} / ${p.v("counts")} in the folder); without --round every round present is counted`,
  },
  W_EMPTY_ROW_COUNT: { message: (p) => `Round ${p.v("round")}: ${p.n("count") === 1 ? "1 row has" : `${p.v("count")} rows have`} ${p.has("workbook") ? "nothing in them" : "only commas or spaces (all empty)"}, ${p.has("as") ? `an empty cell counting as ${p.v("as")} on every line` : "counted as blank ballots"}` },
  W_VOID_CELL_NEGATIVE_COUNT: { message: (p) => `Round ${p.v("round")}: ${p.n("count") === 1 ? "1 ballot has" : `${p.v("count")} ballots have`} a word such as 否 in the 作废 column, counted as void (any text there voids the ballot)` },
  W_UNREADABLE_MARK_COUNT: { message: (p) => `Round ${p.v("round")}: ${p.n("count") === 1 ? "1 ballot has" : `${p.v("count")} ballots have`} an unreadable mark, counted as void` },
  W_UNREADABLE_AS_ABSTAIN_COUNT: { message: (p) => `Round ${p.v("round")}: ${p.n("count") === 1 ? "1 unreadable mark" : `${p.v("count")} unreadable marks`} counted as abstentions` },
  W_EMPTY_ROW_OVER_APPROVAL_COUNT: { message: (p) => `Round ${p.v("round")}: ${p.n("count") === 1 ? "1 row has" : `${p.v("count")} rows have`} ${p.has("workbook") ? "nothing in them" : "only commas or spaces (all empty)"}; empty cells count as approve, so ${p.n("count") === 1 ? "it approves" : "they approve"} more than allowed and ${p.n("count") === 1 ? "is" : "are"} counted as void` },
  E_FORMS_GROUP: { message: (p) => `evaluation.json's groups have no group ${p.q("group")}`, hint: (p) => `Groups: ${p.list("groups")}; without --group every group gets its form` },
  // Excel and Word files (issue 13).
  E_TABLE_TWO_FORMS: { message: (p) => `${p.list("files")} are both present; which one to read is unclear`, hint: (p) => `A table has one file only: CSV or an Excel workbook (.xlsx); delete or move the other${p.raw["table"] === "candidates.csv" ? "; a candidates.csv with only its header is the template piaojue init wrote: delete it to use the workbook" : ""}` },
  // batch, progress --plan: folders that cannot be searched, a plan asked for before the vote has its result.
  E_FOLDER_UNREADABLE: {
    message: (p) => `This folder cannot be read (${({ EACCES: "no permission to read it", EPERM: "no permission to read it", ENOENT: "it no longer exists", ENOTDIR: "it is not a folder", ELOOP: "a loop of symbolic links" } as Record<string, string>)[p.v("errno")] ?? `system error ${p.v("errno") || "unknown"}`}); the sessions in it were not counted`,
    hint: () => "Check the folder's read permission and run piaojue batch again; it may hold session folders",
  },
  E_PLAN_NO_TALLY: {
    message: (p) => `There are no results yet: ${p.v("file")} does not exist`,
    hint: (p) => `Run piaojue tally ${planFolder(p)} first, then piaojue progress ${planFolder(p)} --plan${p.has("out") ? "" : "; if the tally wrote its results elsewhere (tally -o), give both the same -o"}`,
  },
  E_PLAN_NO_SUMMARY: {
    message: (p) => `There is no ${p.v("file")} beside ${p.v("results")}, so whether the results are final is not known (when too few projects pass, only summary.csv says another round is needed)`,
    hint: (p) => `Run piaojue tally ${planFolder(p)} again: it writes results.csv and summary.csv together; then run piaojue progress ${planFolder(p)} --plan`,
  },
  E_PLAN_NOT_FINAL: {
    message: (p) => (p.has("tied")
      ? `The results are not final yet: ${p.list("tied")} are tied and another round is needed`
      : `The results are not final yet: round ${p.v("round")} is still needed`),
    hint: (p) => `A plan is drafted from the final formal projects: hold the next round, count it with piaojue tally ${planFolder(p)}, then run piaojue progress ${planFolder(p)} --plan`,
  },
};

/** Why a command failed (Outcome.error), one line. */
export const EN_FAILURES: Failures = {
  "input-invalid": () => "Invalid input; nothing was written",
  "check-failed": () => "Check failed",
  "write-failed": () => "Could not write the results",
  interrupted: (p) => (p.has("nothing") ? "Stopped: this command writes no file" : p.has("asking") ? "Stopped: nothing has been written yet" : p.has("enter") ? "Stopped: every entry confirmed is kept in the entry record in entry/, and each file of the session folder is either written in full or unchanged; run the same command again to go on"
    : p.has("init") ? "Stopped: session.json is either written in full or not written yet; run piaojue check to see whether it is there"
    : p.has("batch")
    ? `Stopped: ${p.n("sessions") > 0 ? `the results of ${p.v("sessions")} session(s) are written (each in its own out/)` : "no session's results are written yet"}; the root summary is not; run batch again to write them all`
    : p.n("written") > 0 ? "Stopped: the new results are written in full" : "Stopped: the results already in out/ are unchanged"),
  "competition-unmet": () => "The competition rule is not met; no ballot was printed",
  "session-exists": () => "The session folder already has a session.json",
  "init-check-failed": (p) => `The ${p.v("file")} already there does not pass check with these answers; session.json was not written (if the candidates are not all in yet, --force writes it anyway)`,
  "journal-damaged": () => "The entry journal is damaged",
  "journal-mismatch": () => "The entry journal cannot be resumed",
  "entry-busy": () => "This entry is in progress elsewhere",
  "entry-needs-terminal": () => "piaojue enter needs keyboard input (run it in a terminal)",
  "round-after-void": (p) => `--round ${p.v("round")}: there is no round ${p.v("round")}; the vote was void in round ${p.v("last")}, and no further round is held; count without --round (${p.v("again")}) to see why it is void`,
  "round-past-last": (p) => `--round ${p.v("round")}: there is no round ${p.v("round")}; ${p.n("last") === 1 ? "round 1" : `rounds 1–${p.v("last")}`} decided every result (the last round is round ${p.v("last")}); count without --round (${p.v("again")}), or with --round ${p.v("last")}`,
  "entries-differ": (p) => `The two entries differ in ${p.n("differences") === 1 ? "1 place" : `${p.v("differences")} places`}; ${p.v("target")} was not written`,
  "entries-agree-counts-exist": (p) => `The two entries agree, but ${p.v("target")} was not written`,
  "entries-agree-target-exists": (p) => `The two entries agree, but ${p.v("target")} already exists`,
  "audit-failed": (p) => `Audit failed: ${[failedChecksText(p.raw["checks"] as readonly string[], "en"), ...(p.has("towns") ? [`the out folder of ${(p.raw["towns"] as string[]).join(", ")}`] : [])].filter(Boolean).join("; ")}`,
  "batch-incomplete": (p) => [
    ...(p.n("invalid") > 0 ? [`${plural(p.n("invalid"), "session")} with invalid input skipped${p.n("counted") > 0 ? `; the other ${p.v("counted")} counted${p.n("unwritten") === 0 ? " and written" : ""}` : ""}`] : []),
    ...(p.n("unwritten") > 0 ? [`${plural(p.n("unwritten"), "session")} counted, but the results could not be written into its out folder`] : []),
    ...(p.n("progressInvalid") > 0 ? [`${plural(p.n("progressInvalid"), "session")} with invalid progress input, no progress written for them${p.n("progressOthers") > 0 ? `; the progress of the other ${p.v("progressOthers")} ${p.n("progressUnwritten") === 0 ? "written" : "worked out"}` : ""}`] : []),
    ...(p.n("progressUnwritten") > 0 ? [`the progress of ${plural(p.n("progressUnwritten"), "session")} could not be written into its out folder`] : []),
  ].join("; "),
  "audit-not-run": () => "The audit could not be carried out",
  "audit-unreadable": () => "The audit could not be carried out: audit.json cannot be read",
  "audit-malformed": () => "The audit could not be carried out: audit.json is malformed",
  "scenarios-invalid": () => "The scenarios are wrong; nothing was run",
  "scenarios-differ": (p) => `${p.n("count") === 1 ? "1 scenario differs" : `${p.v("count")} scenarios differ`} from expected.json`,
  "expected-invalid": (p) => `The expected.json of ${plural(p.n("count"), "scenario")} is missing or wrong, so not compared${p.n("differ") > 0 ? `; ${p.n("differ") === 1 ? "1 scenario differs" : `${p.v("differ")} scenarios differ`} from expected.json` : ""}`,
  "plan-exists": (p) => `${p.v("file")} already exists and was not changed`,
  "plan-not-ready": () => "There are no final results yet; plan.csv was not written",
  // Said by bin/piaojue.js on its own, with its hint on the next line as a diagnostic's is.
  "stdout-failed": (p) => `piaojue: cannot write to standard output${STDOUT_WHY_EN[p.v("errno")] ?? ""} (${p.v("errno")})\n    hint: ${p.v("errno") === "ENOSPC" ? "Make room on the disk, or check" : "Check"} where standard output goes (the file after >, the program after |)${p.has("out") ? "; results written to out/ can be checked with piaojue audit" : ""}`,
};
