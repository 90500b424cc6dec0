// A JSON file checked by a zod schema (session.json, evaluation.json, audit.json, expected.json): each issue
// zod finds becomes a diagnostic at its exact place in the text, as values the catalogues word.
import { z } from "zod";
import { error, type Diagnostic, type Params } from "./diagnostics.js";
import { parseJsonSource, positionOf, type JsonSource } from "./json-source.js";

// The files checked here are small and read once: zod's compiled fast path (made with new Function on the
// first parse of each schema) costs a run more to build than it saves. Results are the same either way.
z.config({ jitless: true });

/** The value at `path` in the document, or `missing` when some key on the way is not there. */
export function valueAt(source: JsonSource, path: readonly PropertyKey[]): { value: unknown } | "missing" {
  // zod leaves `input` out of its issues unless asked, so the value is read from the document itself.
  let v: unknown = source.value;
  for (const key of path) {
    const present = v !== null && typeof v === "object" && Object.hasOwn(v, key);
    if (!present) return "missing";
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return { value: v };
}

/** A short scalar the user wrote, for a hint that shows it written the right way (`"58"` → `58`). */
function writtenValue(v: unknown): Params {
  const short = (typeof v === "string" && [...v].length <= 40) || typeof v === "number" || typeof v === "boolean";
  return short ? { value: String(v) } : {};
}

// zod's int() holds integers to the safe range: that bound is no rule of ours, the number is just too big.
const isSafeBound = (issue: { origin: string }, limit: number | bigint) =>
  issue.origin === "int" && Math.abs(Number(limit)) >= Number.MAX_SAFE_INTEGER;

/**
 * What a zod issue says, as values (the catalogues word them). A schema's own rule (refine, superRefine,
 * regex) is named by its message, a key such as "ratio", with its values in the issue's params.
 */
function issueParams(issue: z.core.$ZodIssue, source: JsonSource): Params {
  const intType = issue.code === "invalid_type" && issue.expected === "int";
  if (intType || issue.code === "not_multiple_of") return { problem: "integer" };
  switch (issue.code) {
    case "invalid_type": {
      const at = valueAt(source, issue.path);
      if (at === "missing") return { problem: "missing", expected: issue.expected };
      const v = at.value;
      const found = v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
      return { problem: "type", expected: issue.expected, found, ...writtenValue(v) };
    }
    case "too_small":
      if (issue.origin === "string") return { problem: "empty" };
      if (isSafeBound(issue, issue.minimum)) return { problem: "huge-negative" };
      return { problem: issue.origin === "array" ? "too-few" : "too-small", limit: String(issue.minimum) };
    case "too_big":
      if (isSafeBound(issue, issue.maximum)) return { problem: "huge" };
      return { problem: issue.origin === "string" ? "too-long" : "too-big", limit: String(issue.maximum) };
    case "invalid_value": {
      const choices = issue.values.map((v) => JSON.stringify(v));
      const at = valueAt(source, issue.path);
      const v = at === "missing" ? undefined : at.value;
      // A choice miswritten ("Stroke", "aslisted") is told the one it most likely meant.
      const words = issue.values.filter((c): c is string => typeof c === "string");
      const suggestion = typeof v === "string" && v.length <= 40 ? nearestKey(v, words) : undefined;
      return { problem: "choices", choices, ...writtenValue(v), ...(suggestion !== undefined ? { suggestion } : {}) };
    }
    case "invalid_union":
      return { problem: "invalid" };
    case "invalid_key": {
      const named = (i: z.core.$ZodIssue) => i.code === "custom" || i.code === "invalid_format";
      return { problem: "key", rules: issue.issues.map((i) => (named(i) ? i.message : "malformed")) };
    }
    case "custom":
      return { problem: "rule", rule: issue.message, ...(issue.params as Params | undefined) };
    case "invalid_format":
      return { problem: "rule", rule: issue.message };
    default:
      return { problem: "other", rule: issue.message };
  }
}

type SchemaDef = {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
};
const WRAPPERS = ["default", "optional", "nullable", "prefault", "readonly", "catch"];

/** The keys an object schema allows at `path` (through defaults, optionals, arrays and records), or none. */
function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.core.$ZodType | undefined = schema;
  const def = () => s?._zod.def as SchemaDef | undefined;
  const unwrap = () => {
    for (let d = def(); d; d = def()) {
      if (d.innerType && WRAPPERS.includes(d.type)) s = d.innerType;
      else if (d.type === "pipe" && d.in) s = d.in;
      else return;
    }
  };
  unwrap();
  for (const key of path) {
    const d = def();
    s = d?.type === "object" ? d.shape?.[String(key)]
      : d?.type === "array" ? d.element
        : d?.type === "record" ? d.valueType : undefined;
    unwrap();
  }
  const d = def();
  return d?.type === "object" && d.shape ? Object.keys(d.shape) : [];
}

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The allowed key a misspelt one most likely meant: the nearest within a third of its length, if any. */
function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const sameButCase = k.toLowerCase() === key.toLowerCase();
    // The distance is at least the difference in length: a key of a million characters (a pasted or
    // damaged file) is not compared letter by letter with every short one, which took seconds a megabyte.
    if (!sameButCase && Math.abs(key.length - k.length) >= bestDistance) continue;
    const d = sameButCase ? 0 : distance(key, k);
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  return best;
}

/**
 * Turns zod issues into diagnostics at the exact place in the JSON text. With the `schema`, an unknown
 * key is told the allowed key it most likely meant.
 */
export function schemaDiagnostics(
  issues: readonly z.core.$ZodIssue[], source: JsonSource, file: string, code: string, schema?: z.core.$ZodType,
): Diagnostic[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "unrecognized_keys") {
      // An empty path is the document itself (the root).
      const path = issue.path.map(String).join(".");
      // A value meant as plain ASCII but typed with a Chinese input method ("２/３", "ｓtroke") looks right
      // to the clerk: name the character. (Words such as a title may hold full-width （ ）.)
      const at = valueAt(source, issue.path);
      // (Only spaces, full-width or not, is empty either way: nothing to name.)
      const typed = at !== "missing" && typeof at.value === "string" && /^[\x20-\x7e\u3000\uff01-\uff5e]+$/.test(at.value) && at.value.trim() !== "" ? at.value : "";
      const fullWidth = /[\u3000\uff01-\uff5e]/.exec(typed)?.[0];
      const params = { path, ...issueParams(issue, source), ...(fullWidth ? { fullWidth } : {}) };
      return [error(code, { file, ...positionOf(source, issue.path) }, params)];
    }
    const known = schema ? keysAt(schema, issue.path) : [];
    return issue.keys.map((key) => {
      const suggestion = nearestKey(key, known);
      const params = { key: [...issue.path, key].map(String).join("."), ...(suggestion ? { suggestion } : {}) };
      return error("E_UNKNOWN_KEY", { file, ...positionOf(source, [...issue.path, key]) }, params);
    });
  });
}

/** JSON text checked by a schema: the value and where each part of it stands, or the diagnostics. */
export function parseJsonWithSchema<T extends z.ZodType>(text: string, file: string, schema: T, code: string) {
  const parsed = parseJsonSource(text, file);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const result = schema.safeParse(parsed.source.value);
  if (result.error) return { diagnostics: schemaDiagnostics(result.error.issues, parsed.source, file, code, schema) };
  return { data: result.data as z.output<T>, source: parsed.source, diagnostics: [] };
}
