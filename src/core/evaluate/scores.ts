// The figures: rates, scores and the grade per project and group, the weighted 综合 row, completion.
import { error, warning, type Diagnostic } from "../diagnostics.js";
import { fraction, type Fraction } from "../fraction.js";
import { ZERO, HALF, add, mul, div, ratioOf, cmp } from "./exact.js";
import { type Grade, type RateBase, type GradeRule, type EvaluationConfig } from "./config.js";
import { type ProjectList } from "./projects.js";
import { type LevelCounts, type EvaluationCounts } from "./forms.js";
import { type Indicator, completionOf } from "./indicators.js";

export interface GroupFigures extends LevelCounts {
  group: string;
  /** 测评票数: forms of this group for the project, 弃权 included. */
  forms: number;
  /** This group's weight renormalised over the groups with forms for the project. */
  weight: Fraction;
  /** The rate base count (valid, returned or members). */
  base: number;
  satisfiedRate: Fraction | null;
  overallRate: Fraction | null;
  score: Fraction | null;
  /** The grade base B and the two shares 满意/B and (满意+基本满意)/B. */
  gradeBase: number;
  satisfiedShare: Fraction | null;
  overallShare: Fraction | null;
  grade: Grade | null;
  /** Fewer than ANONYMITY_MINIMUM forms: the figures come close to showing how each person answered. */
  fewForms: boolean;
}

export interface CombinedFigures {
  satisfiedRate: Fraction | null;
  overallRate: Fraction | null;
  score: Fraction | null;
  satisfiedShare: Fraction | null;
  overallShare: Fraction | null;
  grade: Grade | null;
  completion: Fraction | null;
  pass: boolean | null;
  /** A group with fewer than ANONYMITY_MINIMUM forms went into the average (it can be worked back out). */
  fewForms: boolean;
}

export interface ProjectEvaluation {
  id: string;
  name: string;
  groups: GroupFigures[];
  combined: CombinedFigures;
  indicators: Indicator[];
}

export interface EvaluationResult {
  title: string;
  source: "forms" | "counts";
  rateBase: RateBase;
  grade: GradeRule | null;
  passRate: Fraction | null;
  levels: EvaluationConfig["levels"];
  groups: { name: string; weight: Fraction; weightText: string; members: number | null; forms: number }[];
  projects: ProjectEvaluation[];
  hasIndicators: boolean;
  warnings: Diagnostic[];
}

/** The 镇海 rule on the two shares of B: 满意 when 满意/B reaches one half, else 基本满意 when (满意+基本满意)/B does. */
export function gradeOf(satisfiedShare: Fraction, overallShare: Fraction, atHalf: GradeRule["atHalf"]): Grade {
  const reaches = (share: Fraction) => (atHalf === "counts" ? cmp(share, HALF) >= 0 : cmp(share, HALF) > 0);
  return reaches(satisfiedShare) ? "满意" : reaches(overallShare) ? "基本满意" : "不满意";
}

function weightedAverage(items: readonly { weight: Fraction; value: Fraction | null }[]): Fraction | null {
  let sw = ZERO;
  let s = ZERO;
  for (const { weight, value } of items) {
    if (value === null) continue;
    sw = add(sw, weight);
    s = add(s, mul(weight, value));
  }
  return sw.num > 0n ? div(s, sw) : null;
}

/**
 * Below this many forms a group's figures are too close to single answers to keep the evaluation anonymous
 * (one form shows its author's answer outright). Such figures are still computed and published, flagged:
 * suppressing them would not help on its own, since the 综合 row and the other groups' rows with the known
 * weights give them back, and the 综合 row is what the evaluation is for.
 */
export const ANONYMITY_MINIMUM = 5;

export function isFewForms(forms: number): boolean {
  return forms > 0 && forms < ANONYMITY_MINIMUM;
}

/**
 * Errors that need both the settings and the counts: no forms at all, and more forms in a group than its
 * members (应参加人数), which would put rates above 100 %.
 */
export function countsDiagnostics(config: EvaluationConfig, counts: EvaluationCounts): Diagnostic[] {
  if (counts.groupForms.every((n) => n === 0)) {
    return [error("E_EVAL_NO_FORMS", { file: counts.file, line: 1, column: 1 }, { source: counts.source })];
  }
  if (counts.source !== "forms") return []; // hand counts are checked row by row
  const out: Diagnostic[] = [];
  config.groups.forEach((g, k) => {
    const forms = counts.groupForms[k] ?? 0;
    if (g.members !== null && forms > g.members) {
      const at = config.source.positions.get(`groups.${g.name}.members`) ?? config.source.positions.get(`groups.${g.name}`) ?? { line: 1, column: 1 };
      out.push(error("E_EVAL_FORMS_EXCEED_MEMBERS", { file: config.file, ...at }, { group: g.name, file: counts.file, forms, members: g.members, sheet: "forms" }));
    }
  });
  return out;
}

/** Figures per project and group, the 综合 row, completion and the pass flag. */
export function evaluateSatisfaction(config: EvaluationConfig, list: ProjectList, counts: EvaluationCounts, indicators: Map<string, Indicator[]> | null): EvaluationResult {
  const warnings: Diagnostic[] = [];
  const { groups, levels, rateBase, grade } = config;
  groups.forEach((g, k) => {
    const forms = counts.groupForms[k] ?? 0;
    const at = { file: config.file, ...(config.source.positions.get(`groups.${g.name}`) ?? {}) };
    if (forms === 0) {
      warnings.push(warning("W_EVAL_GROUP_NO_FORMS", at, { group: g.name, file: counts.file, source: counts.source }));
    } else if (forms < ANONYMITY_MINIMUM) {
      warnings.push(warning("W_EVAL_FEW_FORMS", at, { group: g.name, forms, minimum: ANONYMITY_MINIMUM }));
    }
  });
  const projects = list.projects.map((project, p): ProjectEvaluation => {
    const present = groups.map((g, k) => ({ g, k, c: counts.cells[p]?.[k] ?? null })).filter((x) => x.c !== null);
    let weightSum = ZERO;
    for (const { g } of present) weightSum = add(weightSum, g.weight);
    const figures = present.map(({ g, c }): GroupFigures => {
      const counted = c!;
      const valid = counted.satisfied + counted.basic + counted.unsatisfied;
      const forms = valid + counted.abstain;
      const base = rateBase === "valid" ? valid : rateBase === "returned" ? forms : g.members!;
      const gradeBase = grade === null ? 0 : grade.base === "valid" ? valid : (g.members ?? valid);
      const satisfiedShare = grade === null ? null : ratioOf(counted.satisfied, gradeBase);
      const overallShare = grade === null ? null : ratioOf(counted.satisfied + counted.basic, gradeBase);
      const points = add(add(mul(levels.satisfied, fraction(BigInt(counted.satisfied), 1n)), mul(levels.basic, fraction(BigInt(counted.basic), 1n))), mul(levels.unsatisfied, fraction(BigInt(counted.unsatisfied), 1n)));
      return {
        group: g.name, forms, ...counted, weight: div(g.weight, weightSum), base,
        satisfiedRate: ratioOf(counted.satisfied, base),
        overallRate: ratioOf(counted.satisfied + counted.basic, base),
        score: valid > 0 ? div(points, fraction(BigInt(valid), 1n)) : null,
        gradeBase, satisfiedShare, overallShare,
        grade: grade !== null && satisfiedShare && overallShare ? gradeOf(satisfiedShare, overallShare, grade.atHalf) : null,
        fewForms: isFewForms(forms),
      };
    });
    const avg = (pick: (f: GroupFigures) => Fraction | null) => weightedAverage(figures.map((f) => ({ weight: f.weight, value: pick(f) })));
    const satisfiedShare = grade === null ? null : avg((f) => f.satisfiedShare);
    const overallShare = grade === null ? null : avg((f) => f.overallShare);
    const overallRate = avg((f) => f.overallRate);
    const own = indicators?.get(project.id) ?? [];
    const combined: CombinedFigures = {
      satisfiedRate: avg((f) => f.satisfiedRate),
      overallRate,
      score: avg((f) => f.score),
      satisfiedShare, overallShare,
      grade: grade !== null && satisfiedShare && overallShare ? gradeOf(satisfiedShare, overallShare, grade.atHalf) : null,
      completion: completionOf(own),
      pass: config.passRate === null || overallRate === null ? null : cmp(overallRate, config.passRate) >= 0,
      fewForms: figures.some((f) => f.fewForms),
    };
    if (figures.length === 0) {
      warnings.push(warning("W_EVAL_PROJECT_NO_FORMS", { file: counts.file }, { project: `${project.id} ${project.name}`, file: counts.file }));
    }
    return { id: project.id, name: project.name, groups: figures, combined, indicators: own };
  });
  return {
    title: config.title, source: counts.source, rateBase, grade, passRate: config.passRate, levels,
    groups: groups.map((g, k) => ({ name: g.name, weight: g.weight, weightText: g.weightText, members: g.members, forms: counts.groupForms[k] ?? 0 })),
    projects, hasIndicators: indicators !== null, warnings,
  };
}
