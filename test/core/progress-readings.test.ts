// SPEC §11's "Readings that hold throughout §11" not already pinned by the CLI tests and golden cases:
// W_PROGRESS_DECREASED against the highest earlier report (not the previous one), once per row and field,
// and only up to the month reported; 编号 and the 备注 exception in progress.csv; the summary when every
// budget is 0; the no-budget nulls; a later-starting project without a row is 未报送.
import { describe, expect, it } from "vitest";
import { toNumber } from "../../src/core/fraction.js";
import { computeProgress, defaultSettings, parsePlan, parseReports, progressJson, summaryPairs, type Month } from "../../src/core/progress.js";
import { renderDiagnostic } from "../../src/messages/render.js";
import type { Table } from "../../src/core/table.js";

function table(file: string, header: string[], ...rows: string[][]): Table {
  return { file, header, headerLine: 1, rows: rows.map((cells, k) => ({ line: k + 2, cells })) };
}

const M = (month: number): Month => 12 * 2026 + month;

function compute(planRows: string[][], reportRows: string[][], asOf: Month, reportHeader = ["编号", "截至", "形象进度", "已拨付资金（万元）"]) {
  const plan = parsePlan(table("plan.csv", ["编号", "项目名称", "开始", "完成时限", "投入资金（万元）"], ...planRows));
  expect(plan.diagnostics).toEqual([]);
  const reports = parseReports(table("progress.csv", reportHeader, ...reportRows), plan.ids!);
  expect(reports.diagnostics).toEqual([]);
  return computeProgress(plan.value!, reports.value!, defaultSettings(), asOf, "通报");
}

describe("W_PROGRESS_DECREASED (SPEC §11 readings)", () => {
  it("compares with the highest earlier report, not the previous one; once per row and field; names id and both months", () => {
    // A: Apr 50, May 40 (lower than Apr), Jun 45 (higher than May, still lower than Apr) → two progress warnings.
    // Money: Apr 30, May 20, Jun 10 → May lower than Apr, Jun lower than Apr (the highest), once each.
    const r = compute([["A", "甲", "2026-01", "2026-12", "100"]], [
      ["A", "2026-04", "50", "30"], ["A", "2026-05", "40", "20"], ["A", "2026-06", "45", "10"],
    ], M(6));
    expect(r.warnings.map((w) => `${w.at.line}:${w.at.column} ${w.params["field"]} ${w.params["highestMonth"]}`)).toEqual([
      "3:3 progress 2026-04", "3:4 disbursed 2026-04", "4:3 progress 2026-04", "4:4 disbursed 2026-04",
    ]);
    expect(renderDiagnostic(r.warnings[2]!).message).toBe("项目 A 2026-06 的形象进度 45 低于 2026-04 报送的 50");
    // The reported (lower) figures are used.
    expect(toNumber(r.projects[0]!.actual!)).toBe(45);
    expect(toNumber(r.projects[0]!.disbursed)).toBe(10);
  });

  it("rows after the month reported neither warn nor are compared with", () => {
    const rows = [["A", "2026-04", "50", ""], ["A", "2026-07", "20", ""], ["A", "2026-06", "60", ""]];
    expect(compute([["A", "甲", "2026-01", "2026-12", ""]], rows, M(6)).warnings).toEqual([]);
    // The same file reported at July: the July row is lower than June's 60 (the highest before it).
    expect(compute([["A", "甲", "2026-01", "2026-12", ""]], rows, M(7)).warnings.map((w) => `${w.at.line} ${w.params["highest"]} ${w.params["highestMonth"]}`)).toEqual(["3 60 2026-06"]);
  });

  it("rows in any order give the same warnings", () => {
    const inOrder = compute([["A", "甲", "2026-01", "2026-12", ""]], [["A", "2026-04", "50", ""], ["A", "2026-05", "40", ""]], M(5));
    const reversed = compute([["A", "甲", "2026-01", "2026-12", ""]], [["A", "2026-05", "40", ""], ["A", "2026-04", "50", ""]], M(5));
    expect(inOrder.warnings.map((w) => w.params)).toEqual(reversed.warnings.map((w) => w.params));
    // Two earlier months equally high: the earlier one is named, whatever the order of the rows.
    const plan = [["A", "甲", "2026-01", "2026-12", ""]];
    const tieA = compute(plan, [["A", "2026-05", "50", ""], ["A", "2026-04", "50", ""], ["A", "2026-06", "40", ""]], M(6));
    const tieB = compute(plan, [["A", "2026-04", "50", ""], ["A", "2026-05", "50", ""], ["A", "2026-06", "40", ""]], M(6));
    expect(tieA.warnings.map((w) => w.params["highestMonth"])).toEqual(["2026-04"]);
    expect(tieB.warnings.map((w) => w.params["highestMonth"])).toEqual(["2026-04"]);
  });
});

describe("progress.csv headers and ids (SPEC §11 readings, §4)", () => {
  it("编号 follows §4's pattern in progress.csv too; 备注 is the one unknown column allowed", () => {
    const ids = new Set(["A"]);
    const bad = parseReports(table("progress.csv", ["编号", "截至", "形象进度"], ["甲 1", "2026-06", "10"]), ids);
    expect(bad.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.code}`)).toEqual(["2:1 E_PROGRESS_ID"]);
    const remarks = parseReports(table("progress.csv", ["形象进度", "备注", "month", "ID"], ["10", "随便写", "2026-06", "A"]), ids);
    expect(remarks.diagnostics).toEqual([]);
    expect(remarks.value!.rows.map((r) => [r.id, r.month])).toEqual([["A", M(6)]]);
    const unknown = parseReports(table("progress.csv", ["编号", "截至", "形象进度", "负责人"], ["A", "2026-06", "10", "张三"]), ids);
    expect(unknown.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.code}`)).toEqual(["1:4 E_PROGRESS_UNKNOWN_COLUMN"]);
  });
});

describe("money and the later-starting project (SPEC §11 readings)", () => {
  it("every budget 0: the sums are 0, the rates empty in the CSV and null in JSON", () => {
    const r = compute([["A", "甲", "2026-01", "2026-12", "0"], ["B", "乙", "2026-01", "2026-12", "0"]], [["A", "2026-06", "50", "5"], ["B", "2026-06", "50", ""]], M(6));
    const pairs = Object.fromEntries(summaryPairs(r));
    expect([pairs["投入资金合计"], pairs["已拨付资金合计"], pairs["资金拨付率"]]).toEqual(["0", "5", ""]);
    const json = progressJson(r);
    expect([json.summary.budget, json.summary.disbursed, json.summary.disbursedRate]).toEqual([0, 5, null]);
    expect(json.projects.map((p) => p.disbursedRate)).toEqual([null, null]);
  });

  it("no budget anywhere: the summary's budget, disbursed and disbursedRate are null; a project's disbursed is still its own", () => {
    const r = compute([["A", "甲", "2026-01", "2026-12", ""]], [["A", "2026-06", "50", "5"]], M(6));
    const json = progressJson(r);
    expect([json.summary.budget, json.summary.disbursed, json.summary.disbursedRate]).toEqual([null, null, null]);
    expect([json.projects[0]!.budget, json.projects[0]!.disbursed, json.projects[0]!.disbursedRate]).toEqual([null, 5, null]);
  });

  it("a project whose work starts after the month reported and has no row is 未报送, not on schedule; with a row of 0 it is 按序时推进", () => {
    const r = compute([["A", "甲", "2026-09", "2026-12", ""], ["B", "乙", "2026-09", "2026-12", ""]], [["B", "2026-06", "0", ""]], M(6));
    expect(r.projects.map((p) => [p.status, toNumber(p.planned), p.actual === null ? null : toNumber(p.actual), p.started])).toEqual([
      ["未报送", 0, null, false], ["按序时推进", 0, 0, false],
    ]);
  });
});
