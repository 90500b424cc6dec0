// Invariants of the satisfaction evaluation (SPEC §8) over random forms, groups, weights and settings.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateSatisfaction, evaluationJson, EvaluationTally, parseEvaluationConfig, parseEvaluationCounts, resolveFormHeader,
  type EvaluationConfig, type EvaluationCounts, type EvaluationResult, type ProjectList,
} from "../../src/core/evaluate.js";
import { toNumber, type Fraction } from "../../src/core/fraction.js";
import { parseCsvText, toTable } from "../../src/io/csv.js";

const CELLS = ["满意", "基本满意", "不满意", "弃权", ""];
const GROUP_NAMES = ["代表", "群众", "企业代表"];

interface Case {
  groups: { weight: [number, number]; members: boolean }[];
  projects: number;
  forms: { group: number; cells: number[] }[];
  rateBase: "valid" | "returned" | "members";
  grade: null | { base: "members" | "valid"; atHalf: "counts" | "short" };
  levels: [number, number, number];
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    groups: fc.array(fc.record({ weight: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })), members: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    projects: fc.integer({ min: 1, max: 4 }),
    rateBase: fc.constantFrom("valid" as const, "returned" as const, "members" as const),
    grade: fc.option(fc.record({ base: fc.constantFrom("members" as const, "valid" as const), atHalf: fc.constantFrom("counts" as const, "short" as const) }), { nil: null }),
    levels: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b, c]) => [a, b, c].sort((x, y) => y - x) as [number, number, number]),
    seed: fc.array(fc.tuple(fc.nat(), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 4 })), { maxLength: 60 }),
  })
  .map(({ seed, ...c }) => ({ ...c, forms: seed.map(([g, cells]) => ({ group: g % c.groups.length, cells: cells.slice(0, c.projects) })) }))
  .filter((c) => c.rateBase !== "members" || c.groups.every((g) => g.members));

function configOf(c: Case, scale = 1): EvaluationConfig {
  const groups = Object.fromEntries(c.groups.map((g, i) => {
    const forms = c.forms.filter((f) => f.group === i).length;
    // Members at least the forms, so that no rate passes 100 %.
    return [GROUP_NAMES[i]!, { weight: `${g.weight[0] * scale}/${g.weight[1]}`, ...(g.members ? { members: forms + 3 } : {}) }];
  }));
  const json = { title: "t", projects: "p.csv", groups, rateBase: c.rateBase, levels: { 满意: c.levels[0], 基本满意: c.levels[1], 不满意: c.levels[2] }, ...(c.grade ? { grade: c.grade } : {}) };
  const r = parseEvaluationConfig(JSON.stringify(json));
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

function listOf(c: Case): ProjectList {
  return { file: "p.csv", fromResults: false, projects: Array.from({ length: c.projects }, (_, i) => ({ id: `P${i + 1}`, name: `项目${i + 1}`, line: i + 2 })) };
}

function tally(c: Case, config: EvaluationConfig, rows = c.forms): EvaluationCounts {
  const list = listOf(c);
  const layout = resolveFormHeader(["组别", ...list.projects.map((p) => p.id)], 1, list.projects, config.groups.map((g) => g.name), "f.csv").value!;
  const t = new EvaluationTally(layout);
  rows.forEach((f, i) => t.addForm([config.groups[f.group]!.name, ...f.cells.map((k) => CELLS[k]!)], i + 2));
  expect(t.diagnostics).toEqual([]);
  return t.result();
}

function run(c: Case, scale = 1): EvaluationResult {
  const config = configOf(c, scale);
  return evaluateSatisfaction(config, listOf(c), tally(c, config), null);
}

const within = (v: Fraction | null, lo: number, hi: number) => v === null || (toNumber(v) >= lo - 1e-12 && toNumber(v) <= hi + 1e-12);

describe("evaluation invariants", () => {
  it("each project's counts in a group add up to the group's forms", () => {
    fc.assert(fc.property(caseArb, (c) => {
      const config = configOf(c);
      const counts = tally(c, config);
      config.groups.forEach((_, g) => {
        const forms = c.forms.filter((f) => f.group === g).length;
        expect(counts.groupForms[g]).toBe(forms);
        for (const cells of counts.cells) {
          const x = cells[g];
          if (forms === 0) expect(x).toBeNull();
          else expect(x!.satisfied + x!.basic + x!.unsatisfied + x!.abstain).toBe(forms);
        }
      });
    }));
  });

  it("the order of the forms does not matter", () => {
    fc.assert(fc.property(caseArb, (c) => {
      const config = configOf(c);
      expect(tally(c, config, [...c.forms].reverse())).toEqual(tally(c, config));
    }));
  });

  it("rates lie in [0, 1] and scores between the lowest and highest level score", () => {
    fc.assert(fc.property(caseArb, (c) => {
      for (const p of run(c).projects) {
        for (const f of [...p.groups, p.combined]) {
          expect(within(f.satisfiedRate, 0, 1) && within(f.overallRate, 0, 1)).toBe(true);
          expect(within(f.score, c.levels[2], c.levels[0])).toBe(true);
          if (f.satisfiedRate && f.overallRate) expect(toNumber(f.satisfiedRate)).toBeLessThanOrEqual(toNumber(f.overallRate));
        }
      }
    }));
  });

  it("综合 lies between the groups' values", () => {
    fc.assert(fc.property(caseArb, (c) => {
      for (const p of run(c).projects) {
        for (const key of ["satisfiedRate", "overallRate", "score"] as const) {
          const values = p.groups.map((g) => g[key]).filter((v): v is Fraction => v !== null).map(toNumber);
          const combined = p.combined[key];
          if (values.length === 0) { expect(combined).toBeNull(); continue; }
          expect(within(combined, Math.min(...values), Math.max(...values))).toBe(true);
        }
      }
    }));
  });

  it("when every group gives a project the same grade, so does 综合", () => {
    fc.assert(fc.property(caseArb, (c) => {
      for (const p of run(c).projects) {
        const grades = new Set(p.groups.map((g) => g.grade));
        if (grades.size === 1 && !grades.has(null)) expect(p.combined.grade).toBe(p.groups[0]!.grade);
      }
    }));
  });

  it("scaling every weight by the same factor changes nothing", () => {
    fc.assert(fc.property(caseArb, fc.integer({ min: 2, max: 7 }), (c, k) => {
      expect(run(c, k).projects.map((p) => p.combined)).toEqual(run(c).projects.map((p) => p.combined));
    }));
  });

  it("the weights of the groups with forms for a project sum to 1", () => {
    fc.assert(fc.property(caseArb, (c) => {
      for (const p of run(c).projects) {
        if (p.groups.length === 0) continue;
        expect(p.groups.reduce((s, g) => s + toNumber(g.weight), 0)).toBeCloseTo(1, 12);
      }
    }));
  });

  it("--json numbers are the plain quotients of the counts", () => {
    fc.assert(fc.property(caseArb, (c) => {
      const r = run(c);
      const json = evaluationJson(r);
      r.projects.forEach((p, i) => p.groups.forEach((g, k) => {
        const j = json.projects[i]!.groups[k]!;
        if (g.base > 0) expect(j.overallRate).toBeCloseTo((g.satisfied + g.basic) / g.base, 12);
        else expect(j.overallRate).toBeNull();
      }));
    }));
  });

  it("hand counts of the same forms give the same figures", () => {
    fc.assert(fc.property(caseArb, (c) => {
      const config = configOf(c);
      const fromForms = tally(c, config);
      const lines = ["编号,组别,满意,基本满意,不满意,弃权"];
      listOf(c).projects.forEach((p, i) => config.groups.forEach((g, k) => {
        const x = fromForms.cells[i]![k];
        if (x) lines.push([p.id, g.name, x.satisfied, x.basic, x.unsatisfied, x.abstain].join(","));
      }));
      const parsed = parseEvaluationCounts(toTable(parseCsvText(lines.join("\n"), "c.csv"), "c.csv"), listOf(c).projects, config);
      expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const a = evaluateSatisfaction(config, listOf(c), fromForms, null).projects;
      const b = evaluateSatisfaction(config, listOf(c), parsed.value!, null).projects;
      expect(b).toEqual(a);
    }));
  });
});
