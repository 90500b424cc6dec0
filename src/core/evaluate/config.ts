// evaluation.json (SPEC §8): groups and weights, levels and scores, the rate base, the grade rule.
import { z } from "zod";
import { type Diagnostic } from "../diagnostics.js";
import { parseFraction, type Fraction } from "../fraction.js";
import { parseJsonSource, type JsonSource } from "../json-source.js";
import { schemaDiagnostics } from "../session.js";
import { findInvisible } from "../characters.js";

export const COMBINED_LABEL = "综合";
export const LEVEL_NAMES = ["满意", "基本满意", "不满意"] as const;
export type Grade = (typeof LEVEL_NAMES)[number];
/** A form's cell for one project. */
export type Level = "satisfied" | "basic" | "unsatisfied" | "abstain";
export const LEVEL_BY_CELL = new Map<string, Level>([["满意", "satisfied"], ["基本满意", "basic"], ["不满意", "unsatisfied"], ["弃权", "abstain"], ["", "abstain"]]);

const ratioString = z.string().refine((s) => parseFraction(s) !== null, { message: "share" });
const positiveRatio = ratioString.refine((s) => (parseFraction(s)?.num ?? 0n) > 0n, { message: "positive" });
const unitRatio = ratioString.refine((s) => { const f = parseFraction(s); return f !== null && f.num <= f.den; }, { message: "unit-share" });
const levelScore = z.number().min(0).max(100).refine((n) => parseFraction(String(n)) !== null, { message: "level-score" });
const DEFAULT_LEVELS = { 满意: 100, 基本满意: 60, 不满意: 0 };

export const evaluationGroupSchema = z.strictObject({
  weight: positiveRatio.default("1"),
  members: z.number().int().min(1).optional(),
});

export const evaluationSchema = z
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
    groups: z.record(z.string(), evaluationGroupSchema).refine((g) => Object.keys(g).length > 0, { message: "groups-empty" }),
    levels: z
      .strictObject({ 满意: levelScore.default(100), 基本满意: levelScore.default(60), 不满意: levelScore.default(0) })
      .default(DEFAULT_LEVELS),
    rateBase: z.enum(["valid", "returned", "members"]).default("valid"),
    grade: z.strictObject({ base: z.enum(["members", "valid"]).optional(), atHalf: z.enum(["counts", "short"]).default("counts") }).nullable().optional(),
    passRate: unitRatio.nullable().optional(),
  })
  .superRefine((e, ctx) => {
    for (const [name, g] of Object.entries(e.groups)) {
      if (name.trim() === "" || name.trim() !== name) ctx.addIssue({ code: "custom", path: ["groups", name], message: "group-name-blank", params: { name } });
      else if (findInvisible(name) !== null) ctx.addIssue({ code: "custom", path: ["groups", name], message: "group-name-invisible", params: { name, char: findInvisible(name)!.char } });
      else if (name === COMBINED_LABEL) ctx.addIssue({ code: "custom", path: ["groups", name], message: "group-name-combined", params: { name } });
      if (e.rateBase === "members" && g.members === undefined) {
        ctx.addIssue({ code: "custom", path: ["groups", name], message: "group-members-required", params: { name } });
      }
    }
    const l = e.levels;
    if (!(l.满意 >= l.基本满意 && l.基本满意 >= l.不满意)) {
      ctx.addIssue({ code: "custom", path: ["levels"], message: "levels-order", params: { satisfied: l.满意, basic: l.基本满意, unsatisfied: l.不满意 } });
    }
  });

export type EvaluationSettings = z.output<typeof evaluationSchema>;
export type RateBase = EvaluationSettings["rateBase"];

export interface EvaluationGroup {
  name: string;
  weight: Fraction;
  /** As written in evaluation.json, e.g. "0.6". */
  weightText: string;
  members: number | null;
}

export interface GradeRule {
  /** "members": the group's members where given, else its valid forms; "valid": always the valid forms. */
  base: "members" | "valid";
  atHalf: "counts" | "short";
}

export interface EvaluationConfig {
  file: string;
  settings: EvaluationSettings;
  title: string;
  projects: string;
  /** In the order written in evaluation.json; the first takes forms without a 组别 column. */
  groups: EvaluationGroup[];
  levels: Record<Exclude<Level, "abstain">, Fraction>;
  rateBase: RateBase;
  grade: GradeRule | null;
  passRate: Fraction | null;
  source: JsonSource;
}

export function parseEvaluationConfig(text: string, file = "evaluation.json"): { value?: EvaluationConfig; diagnostics: Diagnostic[] } {
  const parsed = parseJsonSource(text, file);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const source = parsed.source;
  const result = evaluationSchema.safeParse(source.value);
  if (!result.success) return { diagnostics: schemaDiagnostics(result.error.issues, source, file, "E_EVALUATION_SCHEMA", evaluationSchema) };
  const s = result.data;
  // Key order as written (integer-like keys would otherwise be moved to the front by JavaScript).
  const at = (name: string) => source.positions.get(`groups.${name}`) ?? { line: 0, column: 0 };
  const names = Object.keys(s.groups).sort((a, b) => at(a).line - at(b).line || at(a).column - at(b).column);
  const groups = names.map((name) => {
    const g = s.groups[name]!;
    return { name, weight: parseFraction(g.weight)!, weightText: g.weight, members: g.members ?? null };
  });
  const score = (n: number) => parseFraction(String(n))!;
  return {
    value: {
      file, settings: s, title: s.title, projects: s.projects, groups,
      levels: { satisfied: score(s.levels.满意), basic: score(s.levels.基本满意), unsatisfied: score(s.levels.不满意) },
      rateBase: s.rateBase,
      grade: s.grade ? { base: s.grade.base ?? "members", atHalf: s.grade.atHalf } : null,
      passRate: s.passRate ? parseFraction(s.passRate)! : null,
      source,
    },
    diagnostics: [],
  };
}

