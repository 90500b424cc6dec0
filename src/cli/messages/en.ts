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
};
