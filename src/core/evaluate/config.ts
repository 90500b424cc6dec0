// evaluation.json (SPEC §8): groups and weights, levels and scores, the rate base, the grade rule.
import { z } from "zod";
import { type Params } from "../diagnostics.js";
import { parseFraction, type Fraction } from "../fraction.js";
import { parseJsonWithSchema } from "../schema-diagnostics.js";
import { findInvisible } from "../characters.js";

export const COMBINED_LABEL = "综合";
const LEVEL_NAMES = ["满意", "基本满意", "不满意"] as const;
export type Grade = (typeof LEVEL_NAMES)[number];
/** A form's cell for one project. */
export type Level = "satisfied" | "basic" | "unsatisfied" | "abstain";
export const LEVEL_BY_CELL = new Map<string, Level>([
  ["满意", "satisfied"], ["基本满意", "basic"], ["不满意", "unsatisfied"], ["弃权", "abstain"], ["", "abstain"],
]);

const ratioString = z.string().refine((s) => parseFraction(s) !== null, { message: "share" });
const positiveRatio = ratioString.refine((s) => (parseFraction(s)?.num ?? 0n) > 0n, { message: "positive" });
const isUnit = (f: Fraction | null) => f !== null && f.num <= f.den;
const unitRatio = ratioString.refine((s) => isUnit(parseFraction(s)), { message: "unit-share" });
const levelScore = z.number().min(0).max(100).refine((n) => parseFraction(String(n)) !== null, "level-score");

const evaluationGroupSchema = z.strictObject({
  weight: positiveRatio.default("1"),
  members: z.number().int().min(1).optional(),
});

const evaluationSchema = z
  .strictObject({
    title: z.string().trim().min(1),
    // Relative to the evaluation folder, `..` included (a sibling session's out/results.csv is the natural
    // list); absolute paths are refused because SHA256SUMS and audit.json name every input relative to the
    // folder, which must still check out when the folders are moved or copied together. A Windows `\`
    // separator is read as `/`, so a file written on Windows works anywhere.
    projects: z.string().trim().min(1)
      .refine((p) => !/[\u0000-\u001f]/.test(p), { message: "path-control" })
      .refine((p) => !/^(?:[\\/]|[A-Za-z]:)/.test(p), { message: "path-absolute" })
      .transform((p) => p.replace(/\\/g, "/")),
    groups: z.record(z.string(), evaluationGroupSchema).refine((g) => Object.keys(g).length > 0, "groups-empty"),
    levels: z.strictObject({ 满意: levelScore.default(100), 基本满意: levelScore.default(60), 不满意: levelScore.default(0) })
      .prefault({}),
    rateBase: z.enum(["valid", "returned", "members"]).default("valid"),
    grade: z.strictObject({
      base: z.enum(["members", "valid"]).optional(),
      atHalf: z.enum(["counts", "short"]).default("counts"),
      // The 基本满意 tier's own reading of exactly half, where the 办法 differs between the tiers: 镇海's
      // 满意 needs 满意 达到半数 (half counts), while 满意+基本满意 不足半数（含半数）is 不满意 (half is short).
      basicAtHalf: z.enum(["counts", "short"]).optional(),
    }).nullable().optional(),
    passRate: unitRatio.nullable().optional(),
  })
  .superRefine((e, ctx) => {
    for (const [name, g] of Object.entries(e.groups)) {
      const issue = (message: string, params: Params = {}) =>
        ctx.addIssue({ code: "custom", path: ["groups", name], message, params: { name, ...params } });
      const invisible = findInvisible(name);
      if (name.trim() === "" || name.trim() !== name) issue("group-name-blank");
      else if (invisible !== null) issue("group-name-invisible", { char: invisible.char });
      else if (name === COMBINED_LABEL) issue("group-name-combined");
      if (e.rateBase === "members" && g.members === undefined) issue("group-members-required");
    }
    const { 满意: satisfied, 基本满意: basic, 不满意: unsatisfied } = e.levels;
    if (!(satisfied >= basic && basic >= unsatisfied)) {
      const params = { satisfied, basic, unsatisfied };
      ctx.addIssue({ code: "custom", path: ["levels"], message: "levels-order", params });
    }
  });

type EvaluationSettings = z.output<typeof evaluationSchema>;
export type RateBase = EvaluationSettings["rateBase"];

export interface EvaluationGroup {
  name: string;
  weight: Fraction;
  /** As written in evaluation.json, e.g. "0.6". */
  weightText: string;
  members: number | null;
}

export function parseEvaluationConfig(text: string, file = "evaluation.json") {
  const { data: s, source, diagnostics } = parseJsonWithSchema(text, file, evaluationSchema, "E_EVALUATION_SCHEMA");
  if (!s || !source) return { diagnostics };
  // In the order written (JavaScript would move integer-like keys to the front); the first group takes
  // the forms without a 组别 column.
  const at = (name: string) => source.positions.get(`groups.${name}`) ?? { line: 0, column: 0 };
  const names = Object.keys(s.groups).sort((a, b) => at(a).line - at(b).line || at(a).column - at(b).column);
  const groups: EvaluationGroup[] = names.map((name) => {
    const g = s.groups[name]!;
    return { name, weight: parseFraction(g.weight)!, weightText: g.weight, members: g.members ?? null };
  });
  const score = (n: number) => parseFraction(String(n))!;
  const value = {
    file, settings: s, title: s.title, projects: s.projects, groups,
    levels: { satisfied: score(s.levels.满意), basic: score(s.levels.基本满意), unsatisfied: score(s.levels.不满意) },
    rateBase: s.rateBase,
    // "members": the group's members where given, else its valid forms; "valid": always the valid forms.
    grade: s.grade ? { base: s.grade.base ?? "members", atHalf: s.grade.atHalf, ...(s.grade.basicAtHalf ? { basicAtHalf: s.grade.basicAtHalf } : {}) } : null,
    passRate: s.passRate ? parseFraction(s.passRate)! : null,
    source,
  };
  return { value, diagnostics };
}

export type EvaluationConfig = NonNullable<ReturnType<typeof parseEvaluationConfig>["value"]>;
export type GradeRule = NonNullable<EvaluationConfig["grade"]>;
