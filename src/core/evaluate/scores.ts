// The figures: rates, scores and the grade per project and group, the weighted 综合 row, completion.
import { error, warning, type Diagnostic } from "../diagnostics.js";
import { type Fraction } from "../fraction.js";
import { positionOf } from "../json-source.js";
import { ZERO, HALF, add, div, ratioOf, cmp, weightedAverage, whole } from "./exact.js";
import { type Grade, type GradeRule, type EvaluationConfig } from "./config.js";
import { type ProjectList } from "./projects.js";
import { type EvaluationCounts } from "./forms.js";
import { type Indicator, completionOf } from "./indicators.js";

/**
 * The 镇海 rule on the two shares of B: 满意 when 满意/B reaches one half, else 基本满意 when (满意+基本满意)/B
 * does. Whether exactly half reaches it is `atHalf`, for the 基本满意 tier `basicAtHalf` where given.
 */
export function gradeOf(satisfiedShare: Fraction, overallShare: Fraction, atHalf: GradeRule["atHalf"], basicAtHalf = atHalf): Grade {
  const reaches = (share: Fraction, half: GradeRule["atHalf"]) => (half === "counts" ? cmp(share, HALF) >= 0 : cmp(share, HALF) > 0);
  return reaches(satisfiedShare, atHalf) ? "满意" : reaches(overallShare, basicAtHalf) ? "基本满意" : "不满意";
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
      const at = positionOf(config.source, ["groups", g.name, "members"]);
      const params = { group: g.name, file: counts.file, forms, members: g.members, sheet: "forms" };
      out.push(error("E_EVAL_FORMS_EXCEED_MEMBERS", { file: config.file, ...at }, params));
    }
  });
  return out;
}

/** Figures per project and group, the 综合 row, completion and the pass flag. */
export function evaluateSatisfaction(
  config: EvaluationConfig, list: ProjectList, counts: EvaluationCounts, indicators: Map<string, Indicator[]> | null,
) {
  const warnings: Diagnostic[] = [];
  const { groups, levels, rateBase, grade } = config;
  // Where a group stands in evaluation.json; where a project's row of a group is in hand counts (the file
  // alone for forms, or a missing row).
  const groupAt = (g: EvaluationConfig["groups"][number]) => ({ file: config.file, ...(config.source.positions.get(`groups.${g.name}`) ?? {}) });
  const rowAt = (p: number, k: number) => {
    const line = counts.rowLines?.[p]?.[k] ?? 0;
    return { file: counts.file, ...(line > 0 ? { line, column: 1 } : {}) };
  };
  groups.forEach((g, k) => {
    const forms = counts.groupForms[k] ?? 0;
    const at = groupAt(g);
    if (forms === 0) {
      warnings.push(warning("W_EVAL_GROUP_NO_FORMS", at, { group: g.name, file: counts.file, source: counts.source }));
    } else if (forms < ANONYMITY_MINIMUM) {
      warnings.push(warning("W_EVAL_FEW_FORMS", at, { group: g.name, forms, minimum: ANONYMITY_MINIMUM }));
    }
  });
  // grade.base "members" written out, and no group gives its members: every group is graded on its valid
  // forms instead, which can give a higher grade than the rule written means. (A group without members
  // beside groups with them, as 群众 beside 代表 in SPEC §8, is graded on its valid forms by design.)
  const lacking = config.settings.grade?.base === "members" ? groups.filter((g) => g.members === null) : [];
  if (lacking.length === groups.length) {
    for (const g of lacking) warnings.push(warning("W_GRADE_BASE_VALID", groupAt(g), { group: g.name }));
  }
  // The grade is given only under a grade rule, from the two shares of the grade base B.
  const gradeFrom = (satisfiedShare: Fraction | null, overallShare: Fraction | null) =>
    grade !== null && satisfiedShare && overallShare ? gradeOf(satisfiedShare, overallShare, grade.atHalf, grade.basicAtHalf) : null;
  const projects = list.projects.map((project, p) => {
    const present = groups.flatMap((g, k) => {
      const c = counts.cells[p]?.[k];
      return c ? [{ g, c, k }] : [];
    });
    const weightSum = present.reduce((sum, { g }) => add(sum, g.weight), ZERO);
    const figures = present.map(({ g, c }) => {
      const valid = c.satisfied + c.basic + c.unsatisfied;
      // 测评票数: forms of this group for the project, 弃权 included.
      const forms = valid + c.abstain;
      const base = rateBase === "valid" ? valid : rateBase === "returned" ? forms : g.members!;
      const gradeBase = grade === null ? 0 : grade.base === "valid" ? valid : (g.members ?? valid);
      const satisfiedShare = grade === null ? null : ratioOf(c.satisfied, gradeBase);
      const overallShare = grade === null ? null : ratioOf(c.satisfied + c.basic, gradeBase);
      return {
        // The weight is renormalised over the groups with forms for the project.
        group: g.name, forms, ...c, weight: div(g.weight, weightSum), base,
        satisfiedRate: ratioOf(c.satisfied, base),
        overallRate: ratioOf(c.satisfied + c.basic, base),
        score: weightedAverage([
          { weight: whole(c.satisfied), value: levels.satisfied },
          { weight: whole(c.basic), value: levels.basic },
          { weight: whole(c.unsatisfied), value: levels.unsatisfied },
        ]),
        gradeBase, satisfiedShare, overallShare,
        grade: gradeFrom(satisfiedShare, overallShare),
        // Fewer than ANONYMITY_MINIMUM forms: the figures come close to showing how each person answered.
        fewForms: isFewForms(forms),
      };
    });
    type Figure = (typeof figures)[number];
    const avg = (pick: (f: Figure) => Fraction | null) =>
      weightedAverage(figures.map((f) => ({ weight: f.weight, value: pick(f) })));
    // The weight each configured group had in one combined figure: a group without forms for the project,
    // or whose figure is null (every form 弃权 under the valid base), is left out of it, 0, and the others'
    // weights are renormalised again.
    const weightsIn = (pick: (f: Figure) => Fraction | null) => {
      const used = groups.map((_, k) => {
        const f = figures[present.findIndex((x) => x.k === k)];
        return f === undefined || pick(f) === null ? ZERO : f.weight;
      });
      const sum = used.reduce(add, ZERO);
      return used.map((w) => (sum.num > 0n ? div(w, sum) : ZERO));
    };
    const satisfiedShare = grade === null ? null : avg((f) => f.satisfiedShare);
    const overallShare = grade === null ? null : avg((f) => f.overallShare);
    const overallRate = avg((f) => f.overallRate);
    const own = indicators?.get(project.id) ?? [];
    const combined = {
      satisfiedRate: avg((f) => f.satisfiedRate),
      overallRate,
      score: avg((f) => f.score),
      satisfiedShare, overallShare,
      grade: gradeFrom(satisfiedShare, overallShare),
      completion: completionOf(own),
      pass: config.passRate === null || overallRate === null ? null : cmp(overallRate, config.passRate) >= 0,
      // A group with fewer than ANONYMITY_MINIMUM forms went into the average (it can be worked back out).
      fewForms: figures.some((f) => f.fewForms),
      /** Each figure's weights, one per configured group in evaluation.json's order (the grade's: of the two shares). */
      weights: {
        satisfiedRate: weightsIn((f) => f.satisfiedRate),
        overallRate: weightsIn((f) => f.overallRate),
        score: weightsIn((f) => f.score),
        grade: grade === null ? null : weightsIn((f) => f.satisfiedShare),
      },
    };
    // Hand counts give each project its own total: a row of 1–4 forms in a group whose other rows reach
    // ANONYMITY_MINIMUM was not warned about with the group above, so it is warned about here.
    figures.forEach((f, i) => {
      const { k } = present[i]!;
      if (!f.fewForms || isFewForms(counts.groupForms[k] ?? 0)) return;
      warnings.push(warning("W_EVAL_FEW_FORMS", rowAt(p, k), { group: f.group, forms: f.forms, minimum: ANONYMITY_MINIMUM, project: `${project.id} ${project.name}` }));
    });
    if (figures.length === 0) {
      const params = { project: `${project.id} ${project.name}`, file: counts.file };
      warnings.push(warning("W_EVAL_PROJECT_NO_FORMS", { file: counts.file }, params));
    } else if (figures.every((f) => f.satisfied + f.basic + f.unsatisfied === 0)) {
      // Forms that all abstain on a project leave it without a score (and, on the valid base, without rates
      // and a pass flag): most likely a column left out when the forms were entered.
      const forms = figures.reduce((sum, f) => sum + f.forms, 0);
      const params = { project: `${project.id} ${project.name}`, file: counts.file, forms, ...(config.passRate === null ? {} : { passRate: 1 }) };
      warnings.push(warning("W_EVAL_PROJECT_ONLY_ABSTAIN", { file: counts.file }, params));
    } else {
      // One group's forms all abstain on it while others answered: most likely that group's column was
      // missed in the entry, and the combined figures and grade stand on the other groups (or its zero shares).
      figures.forEach((f, i) => {
        if (f.satisfied + f.basic + f.unsatisfied > 0) return;
        warnings.push(warning("W_EVAL_GROUP_ONLY_ABSTAIN", rowAt(p, present[i]!.k), { project: `${project.id} ${project.name}`, group: f.group, forms: f.forms, file: counts.file }));
      });
    }
    return { id: project.id, name: project.name, groups: figures, combined, indicators: own };
  });
  return {
    title: config.title, source: counts.source, rateBase, grade, passRate: config.passRate, levels,
    groups: groups.map((g, k) => ({ ...g, forms: counts.groupForms[k] ?? 0 })),
    projects, warnings,
  };
}

export type EvaluationResult = ReturnType<typeof evaluateSatisfaction>;
