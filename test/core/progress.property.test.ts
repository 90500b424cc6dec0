// Invariants of the supervision figures (SPEC §11) over random schedules and reports: planned progress is
// non-decreasing in the month and within 0–100 and passes through its points; every project gets exactly
// one status; the summary counts add up to the number of projects; rounding never writes "-0.0".
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fraction, toNumber, type Fraction } from "../../src/core/fraction.js";
import {
  computeProgress, defaultSettings, parsePlan, parseReports, plannedProgress, PROGRESS_STATUSES, tenths,
  type Month, type PlanProject, type Report,
} from "../../src/core/progress.js";
import { parseCsvText, toTable } from "../../src/io/csv.js";

const BASE: Month = 12 * 2026 + 1;

interface Schedule {
  start: Month;
  deadline: Month;
  milestones: { month: Month; percent: number }[];
}

/** A valid schedule: 开始 ≤ 完成时限, milestones strictly increasing within 开始 … 完成时限 − 1, percents non-decreasing. */
const scheduleArb: fc.Arbitrary<Schedule> = fc
  .record({ start: fc.integer({ min: 0, max: 14 }), length: fc.integer({ min: 0, max: 14 }), picks: fc.array(fc.nat(), { maxLength: 5 }), percents: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 5 }) })
  .map(({ start, length, picks, percents }) => {
    const s = BASE + start;
    const d = s + length;
    const months = [...new Set(picks.map((p) => (length === 0 ? -1 : s + (p % length))))].filter((m) => m >= s).sort((a, b) => a - b);
    const pcts = months.map((_, k) => percents[k] ?? 0).sort((a, b) => a - b);
    return { start: s, deadline: d, milestones: months.map((m, k) => ({ month: m, percent: pcts[k]! / 10 })) };
  });

function fr(n: number): Fraction {
  return fraction(BigInt(Math.round(n * 10)), 10n);
}

function project(id: string, s: Schedule, budget: number | null): PlanProject {
  return { id, name: `项目${id}`, unit: "", start: s.start, deadline: s.deadline, budget: budget === null ? null : fr(budget), milestones: s.milestones.map((m) => ({ month: m.month, percent: fr(m.percent) })), line: 2 };
}

const month = (t: Month) => `${Math.floor((t - 1) / 12)}-${String(t - 12 * Math.floor((t - 1) / 12)).padStart(2, "0")}`;

describe("planned progress", () => {
  it("is non-decreasing in the month, within 0–100, 0 before the start, 100 from the deadline, and passes through every milestone", () => {
    fc.assert(fc.property(scheduleArb, (s) => {
      const p = project("A", s, null);
      let previous = -1;
      for (let t = s.start - 3; t <= s.deadline + 3; t++) {
        const v = toNumber(plannedProgress(p, t));
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
        expect(v).toBeGreaterThanOrEqual(previous);
        previous = v;
      }
      expect(toNumber(plannedProgress(p, s.start - 1))).toBe(0);
      expect(toNumber(plannedProgress(p, s.deadline))).toBe(100);
      for (const m of s.milestones) expect(toNumber(plannedProgress(p, m.month))).toBeCloseTo(m.percent, 9);
    }));
  });

  it("a generated schedule written as plan.csv is read back without errors and plans the same", () => {
    fc.assert(fc.property(fc.array(scheduleArb, { minLength: 1, maxLength: 5 }), (list) => {
      const text = "编号,项目名称,开始,完成时限,计划节点\n" + list.map((s, k) => `P${k},项目${k},${month(s.start)},${month(s.deadline)},${s.milestones.map((m) => `${month(m.month)}:${m.percent}`).join(";")}`).join("\n") + "\n";
      const plan = parsePlan(toTable(parseCsvText(text, "plan.csv"), "plan.csv"));
      expect(plan.diagnostics).toEqual([]);
      list.forEach((s, k) => {
        const read = plan.value!.projects[k]!;
        expect([read.start, read.deadline, read.milestones.length]).toEqual([s.start, s.deadline, s.milestones.length]);
        for (let t = s.start - 1; t <= s.deadline; t++) expect(toNumber(plannedProgress(read, t))).toBeCloseTo(toNumber(plannedProgress(project("x", s, null), t)), 9);
      });
    }));
  });
});

describe("statuses and the summary", () => {
  const yearArb = fc.record({
    schedules: fc.array(fc.tuple(scheduleArb, fc.option(fc.integer({ min: 0, max: 500 }), { nil: null })), { minLength: 1, maxLength: 8 }),
    reports: fc.array(fc.record({ project: fc.nat(), month: fc.integer({ min: 0, max: 20 }), progress: fc.integer({ min: 0, max: 1000 }), disbursed: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }) }), { maxLength: 40 }),
    asOf: fc.integer({ min: 0, max: 20 }),
    lag: fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const),
  });

  it("every project gets exactly one of the six statuses; the counts add up; started and disbursed follow the reports", () => {
    fc.assert(fc.property(yearArb, ({ schedules, reports, asOf, lag }) => {
      const projects = schedules.map(([s, b], k) => project(`P${k}`, s, b));
      const plan = { file: "plan.csv", projects, byId: new Map(projects.map((p) => [p.id, p])) };
      const seen = new Set<string>();
      const rows: Report[] = [];
      reports.forEach((r, i) => {
        const id = `P${r.project % projects.length}`;
        const key = `${id}/${r.month}`;
        if (seen.has(key)) return;
        seen.add(key);
        rows.push({ id, month: BASE + r.month, progress: fr(r.progress / 10), disbursed: r.disbursed === null ? null : fr(r.disbursed / 10), note: "", line: i + 2, progressColumn: 3, disbursedColumn: 4 });
      });
      const settings = { ...defaultSettings(), behind: fraction(BigInt(lag[0]), 1n), severe: fraction(BigInt(lag[1]), 1n) };
      const t = BASE + asOf;
      const result = computeProgress(plan, { file: "progress.csv", rows }, settings, t, "测试");
      expect(result.projects).toHaveLength(projects.length);
      for (const p of result.projects) {
        expect(PROGRESS_STATUSES.filter((s) => s === p.status)).toHaveLength(1);
        const mine = rows.filter((r) => r.id === p.project.id && r.month <= t);
        expect(p.status === "未报送").toBe(p.actual === null);
        expect(p.started).toBe(mine.some((r) => r.progress.num > 0n));
        if (p.status === "已完成") expect(mine.some((r) => toNumber(r.progress) === 100)).toBe(true);
        if (p.gap !== null) expect(toNumber(p.gap)).toBeCloseTo(toNumber(p.planned) - toNumber(p.actual!), 9);
        if (p.status === "严重滞后") expect(toNumber(p.gap!)).toBeGreaterThan(lag[1]);
        if (p.status === "按序时推进") expect(toNumber(p.gap!)).toBeLessThanOrEqual(lag[0]);
      }
      const s = result.summary;
      expect(s.completed + s.unreported + s.overdue + s.severelyBehind + s.behind + s.onSchedule).toBe(s.projects);
      expect(s.projects).toBe(projects.length);
      expect(s.started).toBeLessThanOrEqual(s.projects);
      for (const w of result.warnings) expect(w.code).toBe("W_PROGRESS_DECREASED");
    }));
  });
});

describe("reports read back", () => {
  it("a generated progress.csv with unique id and month parses without errors", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 11 })), { selector: ([p, m]) => `${p}/${m}`, maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (keys, n) => {
      const text = "编号,截至,形象进度\n" + keys.map(([p, m], k) => `P${p},${month(BASE + m)},${((n + k * 37) % 1001) / 10}${k % 2 ? "%" : ""}`).join("\n") + "\n";
      const parsed = parseReports(toTable(parseCsvText(text, "progress.csv"), "progress.csv"), new Set(["P0", "P1", "P2", "P3"]));
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.value!.rows).toHaveLength(keys.length);
    }));
  });
});

describe("rounding to one decimal", () => {
  it("is half up on the magnitude, symmetric in sign, and never writes -0.0", () => {
    fc.assert(fc.property(fc.integer({ min: -100000, max: 100000 }), fc.integer({ min: 1, max: 1000 }), (num, den) => {
      const f = fraction(BigInt(num), BigInt(den));
      const text = tenths(f);
      expect(text).not.toBe("-0.0");
      expect(text).toMatch(/^-?\d+\.\d$/);
      const positive = tenths(fraction(BigInt(Math.abs(num)), BigInt(den)));
      expect(text).toBe(num < 0 && positive !== "0.0" ? `-${positive}` : positive);
      expect(Math.abs(Number(text) - num / den)).toBeLessThanOrEqual(0.05 + 1e-9);
    }));
  });
});
