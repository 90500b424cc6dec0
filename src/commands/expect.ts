// expected.json of a verify scenario: read strictly (a mistyped expectation is an error at its line and
// column, never a silent match), then compared as a subset: every key the expectation names must match;
// arrays match element by element with equal length.
import { z } from "zod";
import { VOID_REASONS } from "../core/ballots.js";
import { STATUS_LABELS } from "../core/decide.js";
import { appendAll, error, type Diagnostic } from "../core/diagnostics.js";
import { parseJsonSource, positionOf } from "../core/json-source.js";
import { schemaDiagnostics } from "../core/schema-diagnostics.js";
import { EXIT } from "./outcome.js";

export interface Difference {
  /** Path like `candidates[2].status`. */
  path: string;
  expected: unknown;
  actual: unknown;
  /**
   * Beside a `….length` difference: both arrays, since the lengths alone do not say which element is
   * missing or extra (`selected` of 2 against 1).
   */
  expectedArray?: unknown[];
  actualArray?: unknown[];
  /** Beside a void reason of a hand-counted round: the reasons of its void ballots are not known (counts.csv has none). */
  reasonsUnknown?: true;
}

function show(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/**
 * The differences of `actual` from the subset `expected`. `printed` is the same value as tally --json
 * printed it, where `actual` has something added for comparing (void reasons as 0): a difference shows
 * the printed value wherever it has one.
 */
function subsetDifferences(expected: unknown, actual: unknown, path = "", printed: unknown = actual): Difference[] {
  const shown = (value: unknown) => ({ path, expected, actual: value });
  const at = (key: string | number) => {
    const has = printed !== null && typeof printed === "object" && Object.hasOwn(printed, key);
    return has ? (printed as Record<string | number, unknown>)[key] : (actual as Record<string | number, unknown>)[key];
  };
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [shown(printed)];
    if (expected.length === actual.length) return expected.flatMap((e, i) => subsetDifferences(e, actual[i], show(path, i), at(i)));
    // Of another length: the lengths and both arrays, not each element against the one an element missing
    // or extra shifted into its place.
    const actualArray = Array.isArray(printed) ? printed : actual;
    return [{ path: `${path}.length`, expected: expected.length, actual: actual.length, expectedArray: expected, actualArray }];
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [shown(printed)];
    return Object.entries(expected).flatMap(([k, v]) => (Object.hasOwn(actual, k)
      ? subsetDifferences(v, (actual as Record<string, unknown>)[k], show(path, k), at(k))
      : [{ path: show(path, k), expected: v, actual: undefined }]));
  }
  return Object.is(expected, actual) ? [] : [shown(printed)];
}

export interface Expectation {
  exitCode?: number;
  /** Whether the tally ran (true) or refused the input (false), as `ok` of the --json document. */
  ok?: boolean;
  /** A code that must be among the warnings, or a warning object every key of which some warning matches. */
  warnings?: (string | Record<string, unknown>)[];
  error?: Record<string, unknown>;
  data: Record<string, unknown>;
}

/**
 * The keys of the `tally --json` document, all the way down: a key an expectation names that the document
 * never has is a typo (`"aprove": 36` in a candidate), reported at its place instead of being compared with
 * nothing. Only the keys are checked here; a value of another type is a difference, as before.
 */
const anyValue = z.unknown().optional();
const keys = (names: readonly string[]) => Object.fromEntries(names.map((k) => [k, anyValue]));
const TALLY_SHAPE = {
  ...keys(["valid", "voidReasons", "final"]),
  attendance: z.strictObject(keys(["total", "present", "quorumNeeded"])).nullish(),
  rounds: z.array(z.strictObject({ ...keys(["round", "issued", "returned", "valid", "void"]), voidByReason: z.strictObject(keys(VOID_REASONS)).nullish() })).nullish(),
  threshold: z.strictObject(keys(["base", "baseCount", "needed"])).nullish(),
  candidates: z.array(z.strictObject(keys(["id", "name", "approve", "against", "abstain", "rank", "status", "round"]))).nullish(),
  selected: anyValue,
  runoff: z.strictObject(keys(["round", "seats", "candidates", "reason"])).nullish(),
};
/** What `tally --json` puts under "data": the keys an expectation may name at top level. */
const TALLY_KEYS = Object.keys(TALLY_SHAPE);
/** The rule's key names it in the catalogues ("warning-code"), not zod's English. */
const WARNING_CODE = z.string().regex(/^W_[A-Z0-9_]+$/, "warning-code");
/** The exit codes of a tally verify compares (SPEC §9): a usage error (2) and an internal error (70) are never compared. */
const TALLY_EXIT_CODES: readonly number[] = [EXIT.ok, EXIT.invalid, EXIT.void, EXIT.runoff];

/**
 * expected.json: the data subset at top level or under "data" (not both), plus optional exitCode (an exit
 * code of SPEC §9 a tally gives), warnings (codes, or warning objects as `--json` prints them), error; a whole
 * `tally --json` document (ok, command, schemaVersion) is one too.
 */
const expectationSchema = z.strictObject({
  exitCode: z.number().int().refine((code) => TALLY_EXIT_CODES.includes(code), "tally-exit-code").optional(),
  warnings: z.array(z.union([WARNING_CODE, z.looseObject({ code: WARNING_CODE })])).optional(),
  error: z.record(z.string(), z.unknown()).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  ok: z.boolean().optional(),
  command: z.literal("tally").optional(),
  schemaVersion: z.literal(1).optional(),
  ...Object.fromEntries(TALLY_KEYS.map((k) => [k, z.unknown().optional()])),
});

/** A warning's keys in `tally --json` (with messageEn and hintEn under --lang en); the error's diagnostics add severity. */
const WARNING_KEYS = ["code", "file", "line", "column", "cell", "message", "hint", "messageEn", "hintEn"];
const DIAGNOSTIC_KEYS = ["severity", ...WARNING_KEYS];
const WARNING_SHAPE = z.strictObject(keys(WARNING_KEYS));
const expectationShape = z.object({
  ...TALLY_SHAPE,
  warnings: z.array(z.union([z.string(), WARNING_SHAPE])).nullish(),
  data: z.strictObject(TALLY_SHAPE).nullish(),
  error: z.strictObject({ ...keys(["code", "message", "messageEn"]), diagnostics: z.array(z.strictObject(keys(DIAGNOSTIC_KEYS))).nullish() }).nullish(),
});
/** The same keys where a misspelt key's nearest known one is looked up: a union names no keys of its own. */
const expectationKeys = expectationShape.extend({ warnings: z.array(WARNING_SHAPE).nullish() });

/**
 * The keys of `evaluate --json` and `progress --json` data that `tally --json` never has: an
 * expectation naming one was written for another command.
 */
const OTHER_RESULT_KEYS = ["projects", "groups", "source", "rateBase", "grade", "passRate", "anonymityMinimum", "asOf", "summary"];

/**
 * The words the tally document uses (SPEC §6–7), by their place: a word misspelt in an expectation
 * ("selcted") is an error at its place, not a difference that reads as if the tally were wrong.
 */
const WORDS: { path: readonly string[]; words: readonly string[] }[] = [
  { path: ["voidReasons", "*"], words: ["quorum-not-met", "more-returned-than-issued"] },
  { path: ["threshold", "base"], words: ["total", "present", "valid", "none"] },
  { path: ["candidates", "*", "status"], words: Object.keys(STATUS_LABELS) },
  { path: ["runoff", "reason"], words: ["tie", "shortfall"] },
];

/** Each string at a place of WORDS (under the top level or under data) that is none of its words. */
function misspeltWords(doc: Record<string, unknown>, at: (keys: PropertyKey[]) => object, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const walk = (value: unknown, rest: readonly string[], keys: PropertyKey[], words: readonly string[]): void => {
    if (rest.length === 0) {
      if (typeof value === "string" && !words.includes(value)) found.push(error("E_EXPECTED_WORD", { file, ...at(keys) }, { key: documentPath(keys), value, words: [...words] }));
      return;
    }
    const [head, ...tail] = rest;
    if (head === "*") { if (Array.isArray(value)) value.forEach((v, i) => walk(v, tail, [...keys, i], words)); return; }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) walk((value as Record<string, unknown>)[head!], tail, [...keys, head!], words);
  };
  for (const base of [[], ["data"]] as const) {
    const root = base.length === 0 ? doc : doc["data"];
    for (const { path, words } of WORDS) walk(root, path, [...base], words);
  }
  return found;
}

/** A key of expected.json as a difference names its place in the document: `data.rounds[0].returned`. */
function documentPath(keys: readonly PropertyKey[]): string {
  const named = keys.reduce<string>((p, k) => show(p, typeof k === "number" ? k : String(k)), "");
  return typeof keys[0] === "string" && TALLY_KEYS.includes(keys[0]) ? `data.${named}` : named;
}

/** Diagnostics of one file in the order they stand in it. */
const byPlace = (a: Diagnostic, b: Diagnostic) => a.at.line - b.at.line || a.at.column - b.at.column;

/** Parses expected.json with positions and checks it against its schema; `file` names it in diagnostics. */
export function parseExpectation(text: string, file: string): { value?: Expectation; diagnostics: Diagnostic[] } {
  const parsed = parseJsonSource(text, file);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const doc = parsed.source.value as Record<string, unknown>;
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    return { diagnostics: [error("E_EXPECTED", { file, line: 1, column: 1 })] };
  }
  const source = parsed.source;
  // The expected result of another command (evaluate, progress): said once, not as a dozen unknown keys.
  const underData = doc["data"] !== null && typeof doc["data"] === "object" ? doc["data"] as Record<string, unknown> : {};
  const foreign = [...Object.keys(doc).map((k) => [k]), ...Object.keys(underData).map((k) => ["data", k])]
    .find((keys) => OTHER_RESULT_KEYS.includes(keys.at(-1)!));
  if (foreign) return { diagnostics: [error("E_EXPECTED_NOT_TALLY", { file, ...positionOf(source, foreign) }, { key: foreign.at(-1)! })] };
  const checked = expectationSchema.safeParse(doc);
  // Typos below the top level are reported in the same run as the top level's problems, so a scenario
  // with several mistakes is mended in one go.
  const typos = expectationShape.safeParse(doc).error?.issues.filter((i) => i.code === "unrecognized_keys") ?? [];
  // An unknown key, at the top level as below it, is worded as an expectation's key (not a rule's).
  const ofExpectation = (d: Diagnostic): Diagnostic => (d.code === "E_UNKNOWN_KEY" ? { ...d, params: { ...d.params, of: "expectation" } } : d);
  const problems = [
    ...(checked.error ? schemaDiagnostics(checked.error.issues, source, file, "E_EXPECTED_SCHEMA", expectationSchema) : []),
    ...typos.flatMap((issue) => schemaDiagnostics([issue], source, file, "E_EXPECTED_SCHEMA", expectationKeys).map((d, i) => (
      // Named as a difference would be (data.rounds[0].returned).
      { ...d, params: { ...d.params, key: documentPath([...issue.path, issue.keys[i]!]) } }))),
    ...misspeltWords(doc, (keys) => positionOf(source, keys), file),
  ].map(ofExpectation);
  if (problems.length > 0 || !checked.success) return { diagnostics: problems.sort(byPlace) };
  const topLevel = TALLY_KEYS.filter((k) => k in doc);
  if (doc["data"] !== undefined && topLevel.length > 0) {
    // Both places at once: which one is meant is not clear, so neither is guessed. Each key is a valid
    // one, in the wrong company: not a typo.
    const both = (key: string) => error("E_EXPECTED_BOTH_FORMS", { file, ...positionOf(source, [key]) }, { key });
    return { diagnostics: topLevel.map(both).sort(byPlace) };
  }
  const { exitCode, ok, warnings, error: err, data } = checked.data;
  return { value: { exitCode, ok, warnings, error: err, data: data ?? Object.fromEntries(topLevel.map((k) => [k, doc[k]])) }, diagnostics: [] };
}

/** All differences between an expectation and one run's exit code and --json document. */
export function checkExpectation(
  exp: Expectation, exitCode: number, doc: { ok?: boolean; data?: unknown; error?: unknown; warnings?: Record<string, unknown>[] },
): Difference[] {
  const diffs: Difference[] = [];
  if (exp.exitCode !== undefined && exp.exitCode !== exitCode) {
    diffs.push({ path: "exitCode", expected: exp.exitCode, actual: exitCode });
  }
  if (exp.ok !== undefined && exp.ok !== doc.ok) diffs.push({ path: "ok", expected: exp.ok, actual: doc.ok });
  // An expectation silent on the outcome expects the input to be counted: a scenario the tally refuses
  // (even one without a session) must not pass CI on its warnings or data alone.
  const silent = exp.exitCode === undefined && exp.ok === undefined && exp.error === undefined;
  if (silent && doc.ok === false) diffs.push({ path: "ok", expected: true, actual: false });
  const given = doc.warnings ?? [];
  for (const w of exp.warnings ?? []) {
    const code = typeof w === "string" ? w : String(w["code"]);
    const sameCode = given.filter((g) => g["code"] === code);
    if (sameCode.length === 0) {
      diffs.push({ path: `warnings(${code})`, expected: typeof w === "string" ? "present" : w, actual: "missing" });
      continue;
    }
    if (typeof w === "string") continue;
    // The warning was given, with other words or another place: the keys that differ, of the warning of
    // this code closest to the one expected.
    const [closest] = sameCode.map((g) => subsetDifferences(w, g, `warnings(${code})`)).sort((a, b) => a.length - b.length);
    appendAll(diffs, closest!);
  }
  if (exp.error) appendAll(diffs, subsetDifferences(exp.error, doc.error, "error"));
  if (Object.keys(exp.data).length > 0) {
    // Compared with the void reasons filled in as 0; shown as tally --json printed them.
    const data = doc.data ?? null;
    const rounds = (data as { rounds?: unknown } | null)?.rounds;
    appendAll(diffs, subsetDifferences(exp.data, withZeroReasons(data), "data", data).map((d) => {
      const round = /^data\.rounds\[(\d+)\]\.voidByReason\./.exec(d.path)?.[1];
      const unknown = round !== undefined && Array.isArray(rounds) && !reasonsKnown(rounds[Number(round)]);
      return unknown ? { ...d, reasonsUnknown: true as const } : d;
    }));
  }
  return diffs;
}

/** Whether a round's voidByReason accounts for all its void ballots: a hand count's does not (its reasons are not known) unless it has none. */
function reasonsKnown(round: { void?: unknown; voidByReason?: Record<string, number> }): boolean {
  const listed = Object.values(round.voidByReason ?? {}).reduce((a, b) => a + b, 0);
  return round.voidByReason !== undefined && listed === round.void;
}

/**
 * The data with every void reason a round's voidByReason leaves out written as 0, where the reasons it
 * lists account for all its void ballots (so `"blank": 0` is expected as it reads; a hand count, whose
 * reasons are not known, is left as it is).
 */
function withZeroReasons(data: unknown): unknown {
  const rounds = (data as { rounds?: unknown } | null)?.rounds;
  if (!Array.isArray(rounds)) return data;
  return {
    ...(data as object),
    rounds: rounds.map((r: { void?: unknown; voidByReason?: Record<string, number> }) => (reasonsKnown(r)
      ? { ...r, voidByReason: { ...Object.fromEntries(VOID_REASONS.map((k) => [k, 0])), ...r.voidByReason } }
      : r)),
  };
}
