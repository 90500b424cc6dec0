// The English catalogue (`--lang en`, SPEC §9): for each diagnostic code, its message and hint from the
// diagnostic's params. Chinese stays the default and the `message` of --json.
import type { Catalogue, Failures } from "./catalogue.js";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const EN: Catalogue = {
  E_AMBIGUOUS_NAME: {
    message: (p) => `Project name ${p.q("name")} is the same as the ID on line ${p.v("otherLine")}`,
    hint: (p) => `Change the name; otherwise a ${p.raw["sheet"] === "forms" ? "forms" : "ballots"} column named by it would be ambiguous`,
  },
  E_DUPLICATE_ID: { message: (p) => `ID ${p.q("id")} repeats line ${p.v("otherLine")}`, hint: () => "IDs must be unique" },
  E_DUPLICATE_NAME: { message: (p) => `Project name ${p.q("name")} repeats line ${p.v("otherLine")}`, hint: () => "Project names must be unique" },
  E_JSON_DUPLICATE_KEY: { message: (p) => `Key ${p.q("key")} appears twice`, hint: () => "Each key may appear only once; delete the extra one" },
  E_JSON_FORBIDDEN_KEY: { message: (p) => `Key name ${p.q("key")} is not allowed`, hint: () => "Delete this key" },
  E_NO_CANDIDATES: { message: () => "There are no candidates", hint: () => "Write one candidate per row" },
  E_NO_RUNOFF: { message: (p) => `Rounds 1–${p.v("decided")} decided every result; round ${p.v("round")} is not needed`, hint: () => "Run piaojue tally to see the results" },
  E_PARENT_NESTED: { message: (p) => `${p.q("parent")} is itself a sub-item; a sub-item cannot have sub-items`, hint: () => "A sub-item can only belong to a top-level project" },
  E_PARENT_SELF: { message: () => "A project cannot be its own sub-item", hint: () => "Leave it empty or write the parent project's ID" },
  E_PARENT_UNKNOWN: { message: (p) => `Parent project ${p.q("parent")} is not the ID of any candidate`, hint: () => "Write the ID of a parent project in this table, or leave it empty" },
  E_ROUND_NOT_NEXT: { message: (p) => `The next round is round ${p.v("next")}, not round ${p.v("round")}`, hint: (p) => `Run piaojue ballot --round ${p.v("next")}` },
  E_VOTE_VOID: { message: () => "The vote is void; there is no further round", hint: () => "Run piaojue tally to see why the vote is void" },
  W_ISSUED_EXCEEDS_PRESENT: {
    message: (p) => `Round ${p.v("round")}: ${plural(p.n("issued"), "ballot")} issued, more than the ${p.v("present")} deputies present`,
    hint: (p) => (p.n("round") === 1 ? "Check the number issued: each deputy present receives one ballot" : undefined),
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
  E_PROGRESS_ID: { message: (p) => `ID ${p.q("value")} is malformed`, hint: () => "An ID may only use letters, digits, - and _, must start with a letter or a digit, and match candidates.csv, such as P01" },
  E_PLAN_DUPLICATE_ID: { message: (p) => `ID ${p.q("id")} repeats line ${p.v("otherLine")}`, hint: () => "Each project has one row in plan.csv" },
  E_PLAN_MONTH: { message: (p) => `${p.v("column")} ${p.q("value")} is not a month`, hint: () => "Write YYYY-MM, such as 2026-06 (a YYYY-MM-DD counts as its month)" },
  E_PLAN_DEADLINE_BEFORE_START: { message: (p) => `The deadline ${p.v("deadline")} is before the start ${p.v("start")}`, hint: () => "Correct the deadline or the start; without a start, work starts in January of the deadline's year" },
  E_PLAN_BUDGET: { message: (p) => `The budget ${p.q("value")} is not a plain non-negative decimal`, hint: () => "In units of 10,000 yuan, digits only, such as 120 or 35.5, without units" },
  E_PLAN_MILESTONE_FORMAT: { message: (p) => `Milestone ${p.q("item")} is malformed`, hint: () => "Write each milestone as month:percent, separated by semicolons, such as 2026-04:20;2026-08:60" },
  E_PLAN_MILESTONE_PERCENT: { message: (p) => `The percent of milestone ${p.q("item")} must be between 0 and 100`, hint: () => "2026-04:20 means 20% done by the end of April 2026" },
  E_PLAN_MILESTONE_RANGE: { message: (p) => `The month of milestone ${p.q("item")} is not between ${p.v("from")} and ${p.v("to")}`, hint: () => "Milestones run from the start month to the month before the deadline (the deadline itself counts as 100%)" },
  E_PLAN_MILESTONE_ORDER: { message: (p) => `The month of milestone ${p.q("item")} is not after the previous milestone ${p.v("previous")}`, hint: () => "List milestones from the earliest month to the latest, each month once" },
  E_PLAN_MILESTONE_DECREASING: { message: (p) => `The percent of milestone ${p.q("item")} is below the previous milestone's ${p.v("previous")}%`, hint: () => "The plan cannot go backwards: each milestone's percent is at least the previous one's" },
  E_PLAN_EMPTY: { message: () => "plan.csv has no projects", hint: () => "Write one project to follow per row; piaojue progress --plan drafts one from the vote" },
  E_REPORT_UNKNOWN_ID: { message: (p) => `ID ${p.q("id")} is not in plan.csv`, hint: () => "Check the ID, or add the project to plan.csv first" },
  E_REPORT_DUPLICATE: { message: (p) => `Project ${p.v("id")} already has a row for ${p.v("month")} (line ${p.v("otherLine")})`, hint: () => "One row per project and month: delete the repeated row or correct the month" },
  E_REPORT_MONTH: { message: (p) => `The month ${p.q("value")} is not a month`, hint: () => "Write YYYY-MM, such as 2026-06 (a YYYY-MM-DD counts as its month)" },
  E_REPORT_PROGRESS: { message: (p) => `Progress ${p.q("value")} must be a number between 0 and 100`, hint: () => "Digits only, such as 35, 35.5 or 35%" },
  E_REPORT_DISBURSED: { message: (p) => `The amount disbursed ${p.q("value")} is not a plain non-negative decimal`, hint: () => "The cumulative amount paid out, in units of 10,000 yuan, such as 120 or 35.5; leave it empty if unknown" },
  E_REPORT_EMPTY: { message: () => "progress.csv has no reports", hint: () => "Write one row per project and month: 编号,截至,形象进度,已拨付资金（万元）,说明; or name the month with --as-of" },
  E_PROGRESS_UNKNOWN_KEY: { message: (p) => `Unknown key ${p.q("key")}`, hint: () => "progress.json may only have title and lag (behind, severe); check the spelling, unknown keys are refused" },
  E_PROGRESS_SCHEMA: {
    message: (p) => ({ "": "progress.json must be an object", title: "title: must be non-empty text", lag: "lag: must be an object, such as {\"behind\": \"10\", \"severe\": \"30\"}" } as Record<string, string>)[String(p.raw["path"])] ?? `${p.v("path")}: must be percentage points as text, a decimal or a fraction, such as "10" or "25/2"`,
    hint: () => "The form: {\"title\": \"…\", \"lag\": {\"behind\": \"10\", \"severe\": \"30\"}}",
  },
  E_PROGRESS_LAG_ORDER: { message: (p) => `The lagging limit behind ${p.v("behind")} is greater than the severe limit ${p.v("severe")}`, hint: () => "0 ≤ behind ≤ severe must hold; a key left out takes its default (behind 10, severe 30)" },
  E_PLAN_EXISTS: { message: (p) => `${p.v("file")} already exists and was not changed`, hint: () => "To draft it again, rename or move the existing file first" },
  E_PLAN_RESULTS: { message: () => "This is not a results file (there is no 结果 column)", hint: () => "Run piaojue tally first to write out/results.csv; if the results are elsewhere, name their folder with -o" },
  E_PLAN_NO_SELECTED: { message: () => "The results list no project marked 当选 (selected)", hint: () => "Make sure these are the final results after all rounds; with no formal project there is nothing to follow" },
  E_PLAN_WRITE: { message: (p) => `Could not write plan.csv (${p.v("errno")})`, hint: () => "Check the folder's write permission" },
  W_PROGRESS_DECREASED: {
    message: (p) => `Project ${p.v("id")}, ${p.v("month")}: ${p.raw["field"] === "progress" ? "progress" : "amount disbursed"} ${p.v("value")} is lower than the ${p.v("highest")} reported for ${p.v("highestMonth")}`,
    hint: () => "The reported figure is used; if it is a mistake, correct progress.csv",
  },
};

/** Why a command failed (Outcome.error), one line. */
export const EN_FAILURES: Failures = {
  "input-invalid": () => "Invalid input; nothing was written",
  "check-failed": () => "Check failed",
  "write-failed": () => "Could not write the results",
  "competition-unmet": () => "The competition rule is not met; no ballot was printed",
  "session-exists": () => "The session folder already has a session.json",
  "journal-damaged": () => "The entry journal is damaged",
  "journal-mismatch": () => "The entry journal cannot be resumed",
  "entry-busy": () => "This entry is in progress elsewhere",
  "entry-needs-terminal": () => "piaojue enter needs keyboard input (run it in a terminal)",
  "entries-differ": (p) => `The two entries differ in ${p.n("differences") === 1 ? "1 place" : `${p.v("differences")} places`}; ${p.v("target")} was not written`,
  "entries-agree-counts-exist": (p) => `The two entries agree, but ${p.v("target")} was not written`,
  "entries-agree-target-exists": (p) => `The two entries agree, but ${p.v("target")} already exists`,
  "audit-not-run": () => "The audit could not be carried out",
  "audit-unreadable": () => "The audit could not be carried out: audit.json cannot be read",
  "audit-malformed": () => "The audit could not be carried out: audit.json is malformed",
  "scenarios-invalid": () => "The scenarios are wrong; nothing was run",
  "plan-exists": () => "plan.csv already exists and was not changed",
};
