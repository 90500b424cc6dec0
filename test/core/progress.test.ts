// Unit tests of the supervision rules (SPEC §11): months, the schedule's points, exact decimals, and the
// reading of plan.csv, progress.csv and progress.json.
import { describe, expect, it } from "vitest";
import { fraction, toNumber } from "../../src/core/fraction.js";
import {
  pointsText,
  decimalText, monthText, parseAsOf, parseMonth, parsePlan, parseProgressSettings, parseReports, percentText, plannedProgress, tenths,
} from "../../src/core/progress.js";
import type { Table } from "../../src/core/table.js";
import { renderDiagnostic } from "../../src/messages/render.js";

function table(file: string, header: string[], ...rows: string[][]): Table {
  return { file, header, headerLine: 1, rows: rows.map((cells, k) => ({ line: k + 2, cells })) };
}

describe("months", () => {
  it("counts M(y, m) = 12·y + m; a real date is read as its month; the rest is refused", () => {
    expect(parseMonth("2026-06")).toBe(12 * 2026 + 6);
    expect(parseMonth("2026-6")).toBe(12 * 2026 + 6);
    expect(parseMonth("2026-06-30")).toBe(12 * 2026 + 6);
    expect(parseMonth("2024-02-29")).toBe(12 * 2024 + 2);
    for (const bad of ["2026-02-30", "2026-13", "2026-00", "2026/06", "26-06", "2026年6月", ""]) expect(parseMonth(bad), bad).toBeNull();
    expect(monthText(12 * 2026 + 12)).toBe("2026-12");
    expect(monthText(12 * 2027 + 1)).toBe("2027-01");
    expect(parseAsOf("2026-06")).toBe(12 * 2026 + 6);
    for (const bad of ["2026-6", "2026-06-01", "2026-13"]) expect(parseAsOf(bad), bad).toBeNull();
  });
});

describe("planned progress", () => {
  it("is SPEC §11's example: 开始 2026-03, 完成时限 2026-12, at 2026-06 → (6 − 2)/(12 − 2) = 40%", () => {
    const p = { start: 12 * 2026 + 3, deadline: 12 * 2026 + 12, milestones: [] };
    expect(plannedProgress(p, 12 * 2026 + 6)).toEqual(fraction(40n, 1n));
    expect(plannedProgress(p, 12 * 2026 + 2)).toEqual(fraction(0n, 1n));
    expect(plannedProgress(p, 12 * 2026 + 1)).toEqual(fraction(0n, 1n));
    expect(plannedProgress(p, 12 * 2027 + 1)).toEqual(fraction(100n, 1n));
  });
  it("a one-month project is 100 in its month", () => {
    expect(toNumber(plannedProgress({ start: 100, deadline: 100, milestones: [] }, 100))).toBe(100);
    expect(toNumber(plannedProgress({ start: 100, deadline: 100, milestones: [] }, 99))).toBe(0);
  });
});

describe("numbers as text", () => {
  it("one decimal half up on the magnitude, no -0.0; exact decimals; ratios stay ratios", () => {
    expect(tenths(fraction(-9n, 4n))).toBe("-2.3");
    expect(tenths(fraction(9n, 4n))).toBe("2.3");
    expect(tenths(fraction(-1n, 30n))).toBe("0.0");
    expect(tenths(fraction(160n, 3n))).toBe("53.3");
    expect(decimalText(fraction(71n, 2n))).toBe("35.5");
    expect(decimalText(fraction(1635n, 1n))).toBe("1635");
    expect(decimalText(fraction(1n, 8n))).toBe("0.125");
    expect(decimalText(fraction(25n, 3n))).toBe("25/3");
    expect(percentText(fraction(145n, 1n), fraction(390n, 1n))).toBe("37.2%");
    expect(percentText(fraction(5n, 1n), fraction(0n, 1n))).toBe("");
  });
});

describe("reading the files", () => {
  it("plan.csv: default start is January of the deadline's year; the half-width budget header is read", () => {
    const r = parsePlan(table("plan.csv", ["编号", "项目名称", "完成时限", "投入资金(万元)", "计划节点"], ["P1", "甲", "2026-09-30", "35.5", "2026-03：10；2026-06:50%"]));
    expect(r.diagnostics).toEqual([]);
    const p = r.value!.projects[0]!;
    expect([monthText(p.start), monthText(p.deadline), decimalText(p.budget!)]).toEqual(["2026-01", "2026-09", "35.5"]);
    expect(p.milestones.map((m) => `${monthText(m.month)}:${decimalText(m.percent)}`)).toEqual(["2026-03:10", "2026-06:50"]);
  });
  it("a milestone may sit in the start month but not in the deadline month", () => {
    const ok = parsePlan(table("plan.csv", ["编号", "项目名称", "开始", "完成时限", "计划节点"], ["P1", "甲", "2026-03", "2026-06", "2026-03:0;2026-05:90"]));
    expect(ok.diagnostics).toEqual([]);
    const bad = parsePlan(table("plan.csv", ["编号", "项目名称", "开始", "完成时限", "计划节点"], ["P1", "甲", "2026-03", "2026-06", "2026-06:90"]));
    expect(bad.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.code}`)).toEqual(["2:5 E_PLAN_MILESTONE_RANGE"]);
    expect(bad.diagnostics[0]!.params).toMatchObject({ item: "2026-06:90", from: "2026-03", to: "2026-05" });
  });
  it("progress.csv: every bad cell is reported, and an unknown id only when the plan was read", () => {
    const t = table("progress.csv", ["编号", "截至", "形象进度"], ["Z", "2026-06", "10"], ["A", "2026-06", "100.5"], ["A", "2026-06-01", "50%"]);
    expect(parseReports(t, new Set(["A"])).diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.code}`)).toEqual(["2:1 E_REPORT_UNKNOWN_ID", "3:3 E_REPORT_PROGRESS", "4:2 E_REPORT_DUPLICATE"]);
    expect(parseReports(t, null).diagnostics.map((d) => d.code)).toEqual(["E_REPORT_PROGRESS", "E_REPORT_DUPLICATE"]);
  });
  it("progress.json: keys on their own, ratios, the order of the limits, strictness", () => {
    const r = parseProgressSettings("{\"lag\": {\"severe\": \"45/2\"}}", "progress.json");
    expect(r.diagnostics).toEqual([]);
    expect([r.value!.behind, r.value!.severe]).toEqual([fraction(10n, 1n), fraction(45n, 2n)]);
    expect(parseProgressSettings("{\"lag\": {\"behind\": \"30\", \"severe\": \"30\"}}", "progress.json").diagnostics).toEqual([]);
    expect(parseProgressSettings("{\"lag\": {\"behind\": \"-1\"}}", "progress.json").diagnostics.map((d) => d.code)).toEqual(["E_PROGRESS_SCHEMA"]);
    expect(parseProgressSettings("{\"title\": \"  \"}", "progress.json").diagnostics.map((d) => d.params["path"])).toEqual(["title"]);
    expect(parseProgressSettings("[]", "progress.json").diagnostics.map((d) => d.code)).toEqual(["E_PROGRESS_SCHEMA"]);
  });

  it("a fraction with a decimal part (\"1.5/2\") is refused saying the parts must be whole, and the fraction it equals", () => {
    const [d] = parseProgressSettings("{\"lag\": {\"severe\": \"45 / 1.5\"}}", "progress.json").diagnostics;
    expect(d).toMatchObject({ code: "E_PROGRESS_SCHEMA", params: { path: "lag.severe", value: "45 / 1.5", equal: "30" } });
    const [half] = parseProgressSettings("{\"lag\": {\"behind\": \"1.5/2\"}}", "progress.json").diagnostics;
    expect(renderDiagnostic(half!, "zh").message).toBe("lag.behind：分数“1.5/2”的分子、分母都须是整数，写成 \"3/4\"");
    expect(renderDiagnostic(half!, "en").message).toBe("lag.behind: the fraction “1.5/2” must have a whole numerator and denominator: write \"3/4\"");
    // Other mistakes keep the general words.
    for (const wrong of ["\"1/0\"", "\"1.5/0\"", "\"abc\"", "10"]) {
      const [other] = parseProgressSettings(`{"lag": {"behind": ${wrong}}}`, "progress.json").diagnostics;
      expect(other!.params).toEqual({ path: "lag.behind" });
    }
  });
});

describe("pointsText", () => {
  it("exact when the decimal ends, one place from 1 up, two significant digits below 1", () => {
    const f = (n: bigint, d: bigint) => pointsText(fraction(n, d));
    expect([f(25n, 2n), f(10n, 1n), f(100n, 3n), f(10n, 3n), f(1n, 30n), f(2n, 3n), f(1n, 3000n), f(999n, 1001n)])
      .toEqual(["12.5", "10", "33.3", "3.3", "0.033", "0.67", "0.00033", "1.0"]);
  });
});
