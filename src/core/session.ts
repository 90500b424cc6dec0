// session.json: meeting facts and the 票决办法 (SPEC §3). The zod schema is the single source of truth;
// every rule key has its own default so a partial object keeps the others.
import { z } from "zod";
import { normalizeMark } from "./characters.js";
import type { Params } from "./diagnostics.js";
import { parseFraction, type Fraction } from "./fraction.js";
import { parseJsonWithSchema } from "./schema-diagnostics.js";

const ratioString = z.string().refine((s) => parseFraction(s) !== null, { message: "ratio" });

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

const count = z.number().int().min(0);
const deputyTotal = z.number().int().min(1);
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
    deputies: z.strictObject({ total: deputyTotal, present: count }),
    issued: z.array(count).min(1),
    // A round entered as ballots needs no hand-count totals: its entry may be null.
    counted: z.array(z.strictObject({ returned: count, void: count }).nullable()).nullable().default(null),
    rules: rulesSchema,
  })
  .superRefine((s, ctx) => {
    const issue = (path: PropertyKey[], message: string, params?: Params) =>
      ctx.addIssue({ code: "custom", path, message, ...(params ? { params } : {}) });
    const { present, total } = s.deputies;
    // As for counted below: a total already refused (0) is not compared with present.
    if (deputyTotal.safeParse(total).success && count.safeParse(present).success && present > total) issue(["deputies", "present"], "present-exceeds-total", { present, total });
    if (s.rules.order === "random" && s.rules.seed === null) issue(["rules", "seed"], "seed-required");
    s.counted?.forEach((c, k) => {
      // A figure already refused (returned -1) is not compared: the refusal says all there is to say.
      if (c && count.safeParse(c.returned).success && count.safeParse(c.void).success && c.void > c.returned) {
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
    // An approve-only ballot has no against: its against marks are unreadable, so a blank among them would
    // make every cell left unmarked unreadable and void every ballot.
    if (s.rules.ballot === "approve-only") {
      s.rules.marks?.against?.forEach((m, i) => {
        if (normalizeMark(m) === "") issue(["rules", "marks", "against", i], "blank-against-approve-only");
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
