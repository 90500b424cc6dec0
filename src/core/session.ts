// session.json: meeting facts and the 票决办法 (SPEC §3). The zod schema is the single source of truth;
// every rule key has its own default so a partial object keeps the others.
import { z } from "zod";
import { normalizeMark } from "./ballots.js";
import { error, type Diagnostic, type Params } from "./diagnostics.js";
import { parseFraction, type Fraction } from "./fraction.js";
import { parseJsonSource, positionOf, type JsonSource } from "./json-source.js";

// The files checked here are small and read once: zod's compiled fast path (made with new Function on the
// first parse of each schema) costs a run more to build than it saves. Results are the same either way.
z.config({ jitless: true });

const ratioString = z
  .string()
  .refine((s) => parseFraction(s) !== null, { message: "ratio" });

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

export const competitionSchema = z.strictObject({
  minExtra: count.default(1),
  minRatio: ratioString.default("1.2"),
  allowEqual: z.boolean().default(false),
});

export const rulesSchema = z.strictObject({
  formal: z.number().int().min(1),
  competition: competitionSchema.default({ minExtra: 1, minRatio: "1.2", allowEqual: false }),
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
  marks: z
    .strictObject({ approve: markList.optional(), against: markList.optional(), abstain: markList.optional() })
    .nullable()
    .default(null),
});

export const sessionSchema = z
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
    if (s.deputies.present > s.deputies.total) {
      ctx.addIssue({ code: "custom", path: ["deputies", "present"], message: "present-exceeds-total", params: { present: s.deputies.present, total: s.deputies.total } });
    }
    if (s.rules.order === "random" && s.rules.seed === null) {
      ctx.addIssue({ code: "custom", path: ["rules", "seed"], message: "seed-required" });
    }
    s.counted?.forEach((c, k) => {
      if (c && c.void > c.returned) ctx.addIssue({ code: "custom", path: ["counted", k, "void"], message: "void-exceeds-returned", params: { void: c.void, returned: c.returned } });
    });
    const marks = s.rules.marks;
    if (marks) {
      const kinds = (["approve", "against", "abstain"] as const).filter((k) => marks[k]);
      const seen = new Map<string, string>();
      for (const k of kinds) {
        marks[k]!.forEach((m, i) => {
          const key = normalizeMark(m);
          const other = seen.get(key);
          if (other && other !== k) ctx.addIssue({ code: "custom", path: ["rules", "marks", k, i], message: "mark-ambiguous", params: { mark: m, other, kind: k } });
          else seen.set(key, k);
        });
      }
    }
    const q = parseFraction(s.rules.quorum);
    if (q && (q.num > q.den || q.num === 0n)) {
      ctx.addIssue({ code: "custom", path: ["rules", "quorum"], message: "quorum-range" });
    }
  });

export type SessionInput = z.input<typeof sessionSchema>;
export type Session = z.output<typeof sessionSchema>;
export type Rules = Session["rules"];

export interface SessionRules extends Rules {
  quorumFraction: Fraction;
  minRatioFraction: Fraction;
}


/** The JSON value at a path, or undefined when the document has nothing there. */
function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value?: unknown } {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, key)) return { present: false };
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value: v };
}



// zod leaves `input` out of its issues unless asked, so whether a value is missing or of the wrong type
// is read from the document itself.
/**
 * What a zod issue says, as values (the catalogues word them). A schema's own rule (refine,
 * superRefine, regex) is named by its message, a key such as "ratio", with its values in the issue's params.
 */
function issueParams(issue: z.core.$ZodIssue, source: JsonSource, intType: boolean): Params {
  if (intType || issue.code === "not_multiple_of") return { problem: "integer" };
  switch (issue.code) {
    case "invalid_type": {
      const at = valueAt(source.value, issue.path);
      if (!at.present) return { problem: "missing", expected: issue.expected };
      const v = at.value;
      return { problem: "type", expected: issue.expected, found: v === null ? "null" : Array.isArray(v) ? "array" : typeof v };
    }
    case "too_small":
      return issue.origin === "array" ? { problem: "too-few", limit: String(issue.minimum) } : issue.origin === "string" ? { problem: "empty" } : { problem: "too-small", limit: String(issue.minimum) };
    case "too_big":
      return { problem: "too-big", limit: String(issue.maximum) };
    case "invalid_value":
      return { problem: "choices", choices: issue.values.map((v) => JSON.stringify(v)) };
    case "invalid_union":
      return { problem: "invalid" };
    case "invalid_key":
      return { problem: "key", rules: issue.issues.map((i) => (i.code === "custom" || i.code === "invalid_format" ? i.message : "malformed")) };
    case "custom":
      return { problem: "rule", rule: issue.message, ...(issue.params as Params | undefined) };
    case "invalid_format":
      return { problem: "rule", rule: issue.message };
    default:
      return { problem: "other", rule: issue.message };
  }
}

/** The keys an object schema allows at `path` (through defaults, optionals, arrays and records), or none. */
function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  type Def = { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
  let s: z.core.$ZodType | undefined = schema;
  const def = () => s?._zod.def as Def | undefined;
  const unwrap = () => {
    for (let d = def(); d; d = def()) {
      if (d.innerType && ["default", "optional", "nullable", "prefault", "readonly", "catch"].includes(d.type)) s = d.innerType;
      else if (d.type === "pipe" && d.in) s = d.in;
      else return;
    }
  };
  unwrap();
  for (const key of path) {
    const d = def();
    s = d?.type === "object" ? d.shape?.[String(key)] : d?.type === "array" ? d.element : d?.type === "record" ? d.valueType : undefined;
    unwrap();
  }
  const d = def();
  return d?.type === "object" && d.shape ? Object.keys(d.shape) : [];
}

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The allowed key a misspelt one most likely meant: the nearest within a third of its length, if any. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
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
export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], source: JsonSource, file: string, code: string, schema?: z.core.$ZodType): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = schema ? keysAt(schema, issue.path) : [];
      for (const key of issue.keys) {
        const at = positionOf(source, [...issue.path, key]);
        const suggestion = nearestKey(key, known);
        out.push(error("E_UNKNOWN_KEY", { file, ...at }, { key: [...issue.path.map(String), key].join("."), ...(suggestion !== undefined ? { suggestion } : {}) }));
      }
      continue;
    }
    const at = positionOf(source, issue.path);
    const intType = issue.code === "invalid_type" && issue.expected === "int";
    // An empty path is the document itself (the root).
    out.push(error(code, { file, ...at }, { path: issue.path.map(String).join("."), ...issueParams(issue, source, intType) }));
  }
  return out;
}

export interface LoadedSession {
  session: Session;
  rules: SessionRules;
  source: JsonSource;
}

export function parseSession(text: string, file = "session.json"): { value?: LoadedSession; diagnostics: Diagnostic[] } {
  const parsed = parseJsonSource(text, file);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const source = parsed.source;
  const result = sessionSchema.safeParse(source.value);
  if (!result.success) return { diagnostics: schemaDiagnostics(result.error.issues, source, file, "E_SESSION_SCHEMA", sessionSchema) };
  const session = result.data;
  const rules: SessionRules = {
    ...session.rules,
    quorumFraction: parseFraction(session.rules.quorum)!,
    minRatioFraction: parseFraction(session.rules.competition.minRatio)!,
  };
  return { value: { session, rules, source }, diagnostics: [] };
}
