// The evaluation result as --json data and as the rows of out/satisfaction.csv.
import { decimal1, toNumber, type Fraction } from "../fraction.js";
import { COMBINED_LABEL } from "./config.js";
import { num } from "./exact.js";
import { indicatorRatio } from "./indicators.js";
import { type EvaluationResult, ANONYMITY_MINIMUM } from "./scores.js";

/** The --json data of SPEC §8: unrounded numbers, rates 0–1, scores 0–100. */
export function evaluationJson(r: EvaluationResult) {
  return {
    title: r.title,
    source: r.source,
    rateBase: r.rateBase,
    grade: r.grade,
    anonymityMinimum: ANONYMITY_MINIMUM,
    passRate: num(r.passRate),
    groups: r.groups.map((g) => ({ group: g.name, weight: g.weightText, members: g.members, forms: g.forms })),
    projects: r.projects.map((p) => ({
      id: p.id,
      name: p.name,
      groups: p.groups.map((g) => ({
        group: g.group, forms: g.forms, satisfied: g.satisfied, basic: g.basic, unsatisfied: g.unsatisfied, abstain: g.abstain,
        satisfiedRate: num(g.satisfiedRate), overallRate: num(g.overallRate), score: num(g.score), grade: g.grade,
        weight: num(g.weight), fewForms: g.fewForms,
      })),
      combined: {
        satisfiedRate: num(p.combined.satisfiedRate), overallRate: num(p.combined.overallRate), score: num(p.combined.score),
        grade: p.combined.grade, completion: num(p.combined.completion), pass: p.combined.pass, fewForms: p.combined.fewForms,
        weights: combinedWeights(r, p),
      },
      indicators: p.indicators.map((i) => ({ name: i.name, target: i.targetText, actual: i.actualText, weight: num(i.weight), completion: num(indicatorRatio(i)) })),
    })),
  };
}

/** The weight each configured group had in each combined figure, by group name (0: no forms, or its figure null). */
function combinedWeights(r: EvaluationResult, p: EvaluationResult["projects"][number]) {
  const byGroup = (list: readonly Fraction[]) => Object.fromEntries(r.groups.map((g, k) => [g.name, toNumber(list[k]!)]));
  const { satisfiedRate, overallRate, score, grade } = p.combined.weights;
  return { satisfiedRate: byGroup(satisfiedRate), overallRate: byGroup(overallRate), score: byGroup(score), grade: grade === null ? null : byGroup(grade) };
}

export type EvaluationData = ReturnType<typeof evaluationJson>;

/** A rate as a percentage with one decimal, rounded half up: 54/55 → "98.2%"; null → "". */
export function percentText(f: Fraction | null): string {
  return f === null ? "" : `${decimal1(f.num * 100n, f.den)}%`;
}

/** A score with one decimal, rounded half up; null → "". */
export function scoreText(f: Fraction | null): string {
  return f === null ? "" : decimal1(f.num, f.den);
}

export const SATISFACTION_HEADER = ["编号", "项目名称", "组别", "测评票数", "满意", "基本满意", "不满意", "弃权", "满意率", "总体满意率", "得分", "等次", "完成率", "达标"] as const;

/** The rows of out/satisfaction.csv: each project's groups, then its 综合 row. */
export function satisfactionRows(r: EvaluationResult): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const p of r.projects) {
    for (const g of p.groups) {
      rows.push([p.id, p.name, g.group, g.forms, g.satisfied, g.basic, g.unsatisfied, g.abstain, percentText(g.satisfiedRate), percentText(g.overallRate), scoreText(g.score), g.grade ?? "", "", ""]);
    }
    const c = p.combined;
    rows.push([p.id, p.name, COMBINED_LABEL, "", "", "", "", "", percentText(c.satisfiedRate), percentText(c.overallRate), scoreText(c.score), c.grade ?? "", percentText(c.completion), c.pass === null ? "" : c.pass ? "达标" : "未达标"]);
  }
  return rows;
}

/** Parallel to satisfactionRows: whether each row rests on a group with fewer than ANONYMITY_MINIMUM forms. */
export function satisfactionRowsFewForms(r: EvaluationResult): boolean[] {
  return r.projects.flatMap((p) => [...p.groups.map((g) => g.fewForms), p.combined.fewForms]);
}

/** The rows flagged for fewer than ANONYMITY_MINIMUM forms, in project and group order. */
export function fewFormsRows(r: EvaluationResult): { id: string; name: string; group: string; forms: number }[] {
  return r.projects.flatMap((p) => p.groups.filter((g) => g.fewForms).map((g) => ({ id: p.id, name: p.name, group: g.group, forms: g.forms })));
}

