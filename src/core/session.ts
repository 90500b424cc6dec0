// session.json: meeting facts and the 票决办法 (SPEC §3). The zod schema is the single source of truth;
// every rule key has its own default so a partial object keeps the others.
import { z } from "zod";
import { normalizeMark } from "./characters.js";
import { error, type Diagnostic, type Params } from "./diagnostics.js";
import { parseFraction, type Fraction } from "./fraction.js";
import { parseJsonSource, positionOf, type JsonSource } from "./json-source.js";

// The files checked here are small and read once: zod's compiled fast path (made with new Function on the
// first parse of each schema) costs a run more to build than it saves. Results are the same either way.
z.config({ jitless: true });

const ratioString = z.string().refine((s) => parseFraction(s) !== null, { message: "ratio" });

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

const count = z.number().int().min(0);
// "" may be listed: it names the empty cell, like any other mark (SPEC §5: a given list replaces the default).
const markList = z.array(z.string().trim()).min(1);

const competitionSchema = z.strictObject({
  minExtra: count.default(1),
  minRatio: ratioString.default("1.2"),
  allowEqual: z.boolean().default(false),
});

const rulesSchema = z.strictObject({
  formal: z.number().int().min(1),
  competition: competitionSchema.prefault({}),
  ballot: z.enum(["approve-against-abstain", "approve-only"]).default("approve-against-abstain"),
  maxApprovals: z.union([z.literal("formal"), z.literal("none"), z.number().int().min(1)]).default("formal"),
  blankBallot: z.enum(["valid", "void"]).default("valid"),
  unreadableMark: z.enum(["void-ballot", "abstain-item"]).default("void-ballot"),
  quorum: ratioString.default("2/3"),
  threshold: z.enum(["total", "present", "valid", "none"]).default("total"),
  shortfall: z.enum(["runoff", "accept-fewer"]).default("runoff"),
  runoffThreshold: z.enum(["plurality", "same", "one-third"]).default("plurality"),
  voteOn: z.enum(["candidates", "items"]).default("candidates"),
  order: z.enum(["stroke", "pinyin", "as-listed", "random"]).default("stroke"),
  seed: z.number().int().nullable().default(null),
  marks: z.strictObject({ approve: markList.optional(), against: markList.optional(), abstain: markList.optional() })
    .nullable().default(null),
});

const sessionSchema = z
  .strictObject({
    title: z.string().trim().min(1),
    date: z.string().refine(isIsoDate, { message: "date" }),
    deputies: z.strictObject({ total: z.number().int().min(1), present: count }),
    issued: z.array(count).min(1),
    // A round entered as ballots needs no hand-count totals: its entry may be null.
    counted: z.array(z.strictObject({ returned: count, void: count }).nullable()).nullable().default(null),
    rules: rulesSchema,
  })
  .superRefine((s, ctx) => {
    const issue = (path: PropertyKey[], message: string, params?: Params) =>
      ctx.addIssue({ code: "custom", path, message, ...(params ? { params } : {}) });
    const { present, total } = s.deputies;
    if (present > total) issue(["deputies", "present"], "present-exceeds-total", { present, total });
    if (s.rules.order === "random" && s.rules.seed === null) issue(["rules", "seed"], "seed-required");
    s.counted?.forEach((c, k) => {
      if (c && c.void > c.returned) {
        issue(["counted", k, "void"], "void-exceeds-returned", { void: c.void, returned: c.returned });
      }
    });
    // One mark may stand for one kind only (its normal form, as the count reads it).
    const seen = new Map<string, string>();
    for (const k of ["approve", "against", "abstain"] as const) {
      s.rules.marks?.[k]?.forEach((m, i) => {
        const other = seen.get(normalizeMark(m));
        if (other && other !== k) issue(["rules", "marks", k, i], "mark-ambiguous", { mark: m, other, kind: k });
        else seen.set(normalizeMark(m), k);
      });
    }
    const q = parseFraction(s.rules.quorum);
    if (q && (q.num > q.den || q.num === 0n)) issue(["rules", "quorum"], "quorum-range");
  });

export type SessionInput = z.input<typeof sessionSchema>;
export type Session = z.output<typeof sessionSchema>;
export type Rules = Session["rules"];

export interface SessionRules extends Rules {
  quorumFraction: Fraction;
  minRatioFraction: Fraction;
}

/** The value at `path` in the document, or `missing` when some key on the way is not there. */
function valueAt(source: JsonSource, path: readonly PropertyKey[]): { value: unknown } | "missing" {
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
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : distance(key, k);
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
      const typed = at !== "missing" && typeof at.value === "string" && /^[\x20-\x7e\u3000\uff01-\uff5e]+$/.test(at.value) ? at.value : "";
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

export function parseSession(text: string, file = "session.json") {
  const { data: session, source, diagnostics } = parseJsonWithSchema(text, file, sessionSchema, "E_SESSION_SCHEMA");
  if (!session || !source) return { diagnostics };
  const rules: SessionRules = {
    ...session.rules,
    quorumFraction: parseFraction(session.rules.quorum)!,
    minRatioFraction: parseFraction(session.rules.competition.minRatio)!,
  };
  return { value: { session, rules, source }, diagnostics };
}

export type LoadedSession = NonNullable<ReturnType<typeof parseSession>["value"]>;
