// Subset comparison for scenario checks (piaojue verify, golden fixtures): every key the expectation
// names must match; arrays match element by element with equal length.

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

const RESERVED = new Set(["exitCode", "warnings", "error", "data"]);

/** expected.json: the data subset at top level (or under "data"), plus optional exitCode, warnings, error. */
export function readExpectation(doc: Record<string, unknown>): Expectation {
  const data = doc.data !== undefined && typeof doc.data === "object" && doc.data !== null ? (doc.data as Record<string, unknown>) : Object.fromEntries(Object.entries(doc).filter(([k]) => !RESERVED.has(k)));
  return {
    ...(typeof doc.exitCode === "number" ? { exitCode: doc.exitCode } : {}),
    // Codes, or warning objects as `--json` prints them (a whole tally document used as expected.json).
    ...(Array.isArray(doc.warnings) ? { warnings: doc.warnings.map((w: unknown) => (w !== null && typeof w === "object" && "code" in w ? String((w as { code: unknown }).code) : String(w))) } : {}),
    ...(doc.error && typeof doc.error === "object" ? { error: doc.error as Record<string, unknown> } : {}),
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
