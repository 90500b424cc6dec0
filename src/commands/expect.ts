// expected.json of a verify scenario: read strictly (a mistyped expectation is an error at its line and
// column, never a silent match), then compared as a subset: every key the expectation names must match;
// arrays match element by element with equal length.
import { z } from "zod";
import { error, type Diagnostic } from "../core/diagnostics.js";
import { parseJsonSource, positionOf } from "../core/json-source.js";
import { schemaDiagnostics } from "../core/session.js";

export interface Difference {
  /** Path like `candidates[2].status`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

function show(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

export function subsetDifferences(expected: unknown, actual: unknown, path = ""): Difference[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual }];
    if (expected.length !== actual.length) return [{ path: `${path}.length`, expected: expected.length, actual: actual.length }, ...expected.slice(0, actual.length).flatMap((e, i) => subsetDifferences(e, actual[i], show(path, i)))];
    return expected.flatMap((e, i) => subsetDifferences(e, actual[i], show(path, i)));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([k, v]) =>
      Object.prototype.hasOwnProperty.call(actual, k) ? subsetDifferences(v, (actual as Record<string, unknown>)[k], show(path, k)) : [{ path: show(path, k), expected: v, actual: undefined }],
    );
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}

export interface Expectation {
  exitCode?: number;
  warnings?: string[];
  error?: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** What `tally --json` puts under "data": the keys an expectation may name at top level. */
const TALLY_KEYS = ["valid", "voidReasons", "final", "attendance", "rounds", "threshold", "candidates", "selected", "runoff"] as const;
const WARNING_CODE = z.string().regex(/^W_[A-Z0-9_]+$/);

/**
 * expected.json: the data subset at top level or under "data" (not both), plus optional exitCode (an exit
 * code of SPEC §9), warnings (codes, or warning objects as `--json` prints them), error; a whole
 * `tally --json` document (ok, command, schemaVersion) is one too.
 */
const expectationSchema = z.object({
  exitCode: z.number().int().min(0).max(255).optional(),
  warnings: z.array(z.union([WARNING_CODE, z.looseObject({ code: WARNING_CODE })])).optional(),
  error: z.record(z.string(), z.unknown()).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  ok: z.boolean().optional(),
  command: z.literal("tally").optional(),
  schemaVersion: z.literal(1).optional(),
  ...Object.fromEntries(TALLY_KEYS.map((k) => [k, z.unknown().optional()])),
}).strict();

/** Parses expected.json with positions and checks it against its schema; `file` names it in diagnostics. */
export function parseExpectation(text: string, file: string): { value?: Expectation; diagnostics: Diagnostic[] } {
  const parsed = parseJsonSource(text, file);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const value = parsed.source.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { diagnostics: [error("E_EXPECTED", { file, line: 1, column: 1 })] };
  const checked = expectationSchema.safeParse(value);
  if (!checked.success) return { diagnostics: schemaDiagnostics(checked.error.issues, parsed.source, file, "E_EXPECTED_SCHEMA") };
  const doc = value as Record<string, unknown>;
  const topLevel = TALLY_KEYS.filter((k) => k in doc);
  if (doc["data"] !== undefined && topLevel.length > 0) {
    // Both places at once: which one is meant is not clear, so neither is guessed.
    return { diagnostics: topLevel.map((key) => error("E_UNKNOWN_KEY", { file, ...positionOf(parsed.source!, [key]) }, { key })) };
  }
  return { value: readExpectation(doc), diagnostics: [] };
}

/** The expectation in a checked expected.json. */
export function readExpectation(doc: Record<string, unknown>): Expectation {
  const data = doc["data"] !== undefined ? (doc["data"] as Record<string, unknown>) : Object.fromEntries(TALLY_KEYS.filter((k) => k in doc).map((k) => [k, doc[k]]));
  return {
    ...(typeof doc["exitCode"] === "number" ? { exitCode: doc["exitCode"] } : {}),
    ...(Array.isArray(doc["warnings"]) ? { warnings: doc["warnings"].map((w: unknown) => (typeof w === "string" ? w : String((w as { code: unknown }).code))) } : {}),
    ...(doc["error"] !== undefined ? { error: doc["error"] as Record<string, unknown> } : {}),
    data,
  };
}

/** All differences between an expectation and one run's exit code and --json document. */
export function checkExpectation(exp: Expectation, exitCode: number, doc: { ok?: boolean; data?: unknown; error?: unknown; warnings?: { code: string }[] }): Difference[] {
  const diffs: Difference[] = [];
  if (exp.exitCode !== undefined && exp.exitCode !== exitCode) diffs.push({ path: "exitCode", expected: exp.exitCode, actual: exitCode });
  const codes = (doc.warnings ?? []).map((w) => w.code);
  for (const w of exp.warnings ?? []) if (!codes.includes(w)) diffs.push({ path: `warnings(${w})`, expected: "present", actual: "missing" });
  if (exp.error) diffs.push(...subsetDifferences(exp.error, doc.error, "error"));
  if (Object.keys(exp.data).length > 0) diffs.push(...subsetDifferences(exp.data, doc.data ?? null, "data"));
  return diffs;
}
