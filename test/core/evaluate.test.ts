// Unit tests of the satisfaction-evaluation core (SPEC §8).
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../src/messages/render.js";
import type { Diagnostic } from "../../src/core/diagnostics.js";
import {
  completionOf, countFormTable, countsDiagnostics, evaluateSatisfaction, evaluationJson, EvaluationTally, gradeOf,
  parseEvaluationConfig, parseEvaluationCounts, parseIndicators, parseProjectList, parseQuantity, percentText,
  resolveFormHeader, satisfactionRows, scoreText, type EvaluationConfig, type EvaluationCounts, type ProjectList,
} from "../../src/core/evaluate.js";
import { fraction, percent1 } from "../../src/core/fraction.js";
import type { Table } from "../../src/core/table.js";
import { parseCsvText, toTable } from "../../src/io/csv.js";

function table(text: string, file = "t.csv"): Table {
  return toTable(parseCsvText(text, file), file);
}

function config(json: object | string): EvaluationConfig {
  const r = parseEvaluationConfig(typeof json === "string" ? json : JSON.stringify(json, null, 2));
  expect(r.diagnostics).toEqual([]);
  return r.value!;
}

function configErrors(json: object | string) {
  const r = parseEvaluationConfig(typeof json === "string" ? json : JSON.stringify(json, null, 2));
  expect(r.value).toBeUndefined();
  return r.diagnostics;
}

const BASE = { title: "测评", projects: "candidates.csv", groups: { 代表: { weight: "0.6", members: 20 }, 群众: { weight: "0.4" } } };

function list(...ids: string[]): ProjectList {
  return { file: "candidates.csv", fromResults: false, projects: ids.map((id, i) => ({ id, name: `项目${id}`, line: i + 2 })) };
}

function counts(cells: EvaluationCounts["cells"], groupForms: number[], source: "forms" | "counts" = "counts"): EvaluationCounts {
  return { source, file: "evaluation-counts.csv", groupForms, cells };
}


/** What a clerk reads for a diagnostic (its Chinese message). */
const said = (d: Diagnostic) => renderDiagnostic(d).message;

describe("evaluation.json", () => {
  it("fills in the defaults SPEC §8 names", () => {
    const c = config({ title: "测评", projects: "candidates.csv", groups: { 代表: {} } });
    expect(c.groups).toEqual([{ name: "代表", weight: fraction(1n, 1n), weightText: "1", members: null }]);
    expect(c.levels).toEqual({ satisfied: fraction(100n, 1n), basic: fraction(60n, 1n), unsatisfied: fraction(0n, 1n) });
    expect(c.rateBase).toBe("valid");
    expect(c.grade).toBeNull();
    expect(c.passRate).toBeNull();
  });

  it("takes the grade defaults from an empty grade object", () => {
    expect(config({ ...BASE, grade: {} }).grade).toEqual({ base: "members", atHalf: "counts" });
    expect(config({ ...BASE, grade: { base: "valid", atHalf: "short" } }).grade).toEqual({ base: "valid", atHalf: "short" });
  });

  it("reads weights and passRate as exact fractions, decimal or a/b", () => {
    const c = config({ ...BASE, groups: { 代表: { weight: "2/3" }, 群众: { weight: "0.35" } }, passRate: "4/5" });
    expect(c.groups.map((g) => g.weight)).toEqual([fraction(2n, 3n), fraction(7n, 20n)]);
    expect(c.passRate).toEqual(fraction(4n, 5n));
  });

  it("keeps partial levels' other defaults and accepts decimal scores", () => {
    const c = config({ ...BASE, levels: { 基本满意: 70.5 } });
    expect(c.levels.basic).toEqual(fraction(141n, 2n));
    expect(c.levels.satisfied).toEqual(fraction(100n, 1n));
  });

  it("keeps the groups in the order written, even with integer-like names", () => {
    const c = config(`{"title":"t","projects":"p.csv","groups":{"2":{},"1":{},"群众":{}}}`);
    expect(c.groups.map((g) => g.name)).toEqual(["2", "1", "群众"]);
  });

  it("refuses unknown keys, at their line and column", () => {
    const text = `{\n  "title": "测评",\n  "projects": "candidates.csv",\n  "groups": { "代表": { "wieght": "0.6" } },\n  "ratebase": "valid"\n}`;
    const d = configErrors(text);
    expect(d.map((x) => [x.code, x.at.line, x.at.column])).toEqual([["E_UNKNOWN_KEY", 4, 23], ["E_UNKNOWN_KEY", 5, 3]]);
    expect(said(d[0]!)).toContain("groups.代表.wieght");
    expect(d.every((x) => x.at.file === "evaluation.json" && renderDiagnostic(x).hint)).toBe(true);
  });

  it("refuses bad values with a Chinese message", () => {
    const cases: [object, string][] = [
      [{ ...BASE, groups: { 代表: { weight: "abc" } } }, "小数或分数"],
      [{ ...BASE, groups: { 代表: { weight: "0" } } }, "应大于 0"],
      [{ ...BASE, groups: { 代表: { weight: 0.6 } } }, "类型不对"],
      [{ ...BASE, groups: {} }, "至少要有一个测评组别"],
      [{ ...BASE, groups: { 综合: {} } }, "不能叫“综合”"],
      [{ ...BASE, rateBase: "members" }, "必须写 members"],
      [{ ...BASE, levels: { 满意: 50, 基本满意: 60 } }, "满意 ≥ 基本满意 ≥ 不满意"],
      [{ ...BASE, levels: { 满意: 120 } }, "不能大于 100"],
      [{ ...BASE, passRate: "1.2" }, "0 到 1"],
      [{ ...BASE, projects: "/etc/passwd" }, "相对于测评文件夹"],
      [{ ...BASE, projects: "C:\\会议\\results.csv" }, "相对于测评文件夹"],
      [{ ...BASE, grade: { atHalf: "half" } }, "取值无效"],
      [{ ...BASE, groups: { 代表: { members: 0 } } }, "不能小于 1"],
      [{ projects: "a.csv", groups: { 代表: {} } }, "缺少必填项"],
    ];
    for (const [json, text] of cases) {
      const d = configErrors(json);
      expect(d.map(said).join("\n"), JSON.stringify(json)).toContain(text);
      expect(d.every((x) => x.at.line > 0 && x.at.column > 0)).toBe(true);
    }
  });

  it("reports JSON syntax errors with their place", () => {
    const d = configErrors(`{\n  "title": "t",\n  "groups": {,}\n}`);
    expect(d[0]).toMatchObject({ code: "E_JSON_SYNTAX", at: { line: 3 } });
  });
});

describe("the project list", () => {
  it("takes every row of a candidates-style file, ignoring other columns", () => {
    const r = parseProjectList(table("编号,项目名称,实施主体\nP1,甲,镇政府\nP2,乙,镇政府\n", "candidates.csv"));
    expect(r.value!.projects.map((p) => [p.id, p.name, p.line])).toEqual([["P1", "甲", 2], ["P2", "乙", 3]]);
    expect(r.value!.fromResults).toBe(false);
  });

  it("takes only the 当选 rows of a tally's results.csv, whatever it is called", () => {
    const r = parseProjectList(table("名次,编号,项目名称,赞成,结果\n1,P2,乙,9,当选\n2,P1,甲,8,未当选\n3,P3,丙,7,当选\n4,P4,丁,2,未过半数\n5,P5,戊,7,得票相等待再次票决\n", "last-year.csv"));
    expect(r.value!.projects.map((p) => p.id)).toEqual(["P2", "P3"]);
    expect(r.value!.fromResults).toBe(true);
  });

  it("accepts the English headers id and name", () => {
    expect(parseProjectList(table("id,name\nP1,甲\n")).value!.projects[0]).toMatchObject({ id: "P1", name: "甲" });
  });

  // A candidates-style list is validated by the candidates parser (SPEC §4), so its codes are the candidates' ones.
  it("reports missing columns, empty and duplicate ids and names, ambiguous names", () => {
    expect(parseProjectList(table("编号,名称\nP1,甲\n")).diagnostics.map((d) => d.code)).toEqual(["E_UNKNOWN_COLUMN", "E_MISSING_COLUMN"]);
    const d = parseProjectList(table("编号,项目名称\nP1,甲\n,乙\nP1,丙\nP4,甲\nP5,\nP6,P1\n")).diagnostics;
    expect(d.map((x) => [x.code, x.at.line, x.at.column])).toEqual([
      ["E_CANDIDATE_ID", 3, 1], ["E_DUPLICATE_ID", 4, 1], ["E_DUPLICATE_NAME", 5, 2], ["E_CANDIDATE_NAME", 6, 2], ["E_AMBIGUOUS_NAME", 7, 2],
    ]);
  });

  it("refuses an empty list in the evaluation's words: no projects to evaluate, not no candidates", () => {
    const d = parseProjectList(table("编号,项目名称\n", "projects.csv")).diagnostics;
    expect(d.map((x) => [x.code, x.at.file, x.at.line])).toEqual([["E_NO_PROJECTS", "projects.csv", 2]]);
    const zh = renderDiagnostic(d[0]!);
    expect(zh.message).toBe("项目清单中没有测评项目");
    expect(zh.hint).toContain("每行填写一个要测评的项目");
    expect(renderDiagnostic(d[0]!, "en").message).toBe("The project list has no projects to evaluate");
  });

  it("refuses a results.csv without any 当选 row", () => {
    const d = parseProjectList(table("编号,项目名称,结果\nP1,甲,未当选\n")).diagnostics;
    expect(d[0]).toMatchObject({ code: "E_NO_PROJECTS" });
    expect(said(d[0]!)).toContain("当选");
  });
});

describe("forms (evaluations.csv)", () => {
  const groups = ["代表", "群众"];

  it("counts each project per group; columns by id or name; empty = 弃权", () => {
    const t = table("组别,P1,项目P2\n代表,满意,基本满意\n群众,不满意,\n代表,弃权,满意\n代表,基本满意,不满意\n", "evaluations.csv");
    const r = countFormTable(t, list("P1", "P2").projects, groups);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual({
      source: "forms", file: "evaluations.csv", groupForms: [3, 1],
      cells: [
        [{ satisfied: 1, basic: 1, unsatisfied: 0, abstain: 1 }, { satisfied: 0, basic: 0, unsatisfied: 1, abstain: 0 }],
        [{ satisfied: 1, basic: 1, unsatisfied: 1, abstain: 0 }, { satisfied: 0, basic: 0, unsatisfied: 0, abstain: 1 }],
      ],
    });
  });

  it("puts every form in the first group when there is no 组别 column; the others have no forms", () => {
    const r = countFormTable(table("P1\n满意\n满意\n"), list("P1").projects, groups);
    expect(r.value!.groupForms).toEqual([2, 0]);
    expect(r.value!.cells[0]![1]).toBeNull();
  });

  it("reads full-width spaces and compatibility forms around a mark", () => {
    const r = countFormTable(table("P1\n\u3000满意\u3000\n"), list("P1").projects, ["代表"]);
    expect(r.value!.cells[0]![0]!.satisfied).toBe(1);
  });

  it("reads a 组别 written with full-width or half-width brackets as the group, on forms and on count sheets alike", () => {
    const named = ["村（社区）群众", "代表(县)"];
    const forms = countFormTable(table("组别,P1\n村（社区）群众,满意\n村(社区)群众,满意\n代表（县）,不满意\n"), list("P1").projects, named);
    expect(forms.diagnostics).toEqual([]);
    expect(forms.value!.cells[0]!.map((c) => [c!.satisfied, c!.unsatisfied])).toEqual([[2, 0], [0, 1]]);
    const sheet = (text: string) => parseEvaluationCounts(table(`编号,组别,满意,基本满意,不满意,弃权\n${text}`), list("P1").projects, config({ title: "测评", projects: "candidates.csv", groups: Object.fromEntries(named.map((name) => [name, {}])) }));
    const both = sheet("P1,村（社区）群众,5,1,0,0\nP1,代表（县）,2,0,0,0\n");
    expect(both.diagnostics).toEqual([]);
    expect(both.value!.cells[0]!.map((c) => c!.satisfied)).toEqual([5, 2]);
    expect(sheet("P1,村(社区)群众,5,1,0,0\n").diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("names the cell of an unknown mark, an empty or unknown 组别, and collects them all", () => {
    const t = table("组别,P1,P2\n代表,满意,很好\n,满意,满意\n村民,满意,满意\n群众,√,满意\n", "evaluations.csv");
    const d = countFormTable(t, list("P1", "P2").projects, groups).diagnostics;
    expect(d.map((x) => [x.code, x.at.line, x.at.column])).toEqual([
      ["E_EVAL_MARK", 2, 3], ["E_EVAL_GROUP_EMPTY", 3, 1], ["E_EVAL_GROUP_UNKNOWN", 4, 1], ["E_EVAL_MARK", 5, 2],
    ]);
    expect(said(d[0]!)).toContain("“很好”");
    expect(renderDiagnostic(d[0]!).hint).toContain("满意、基本满意、不满意、弃权");
    expect(said(d[2]!)).toContain("村民");
  });

  it("refuses identifying columns, matched without regard to case", () => {
    for (const h of ["姓名", "代表姓名", "Name", "PHONE", "身份证"]) {
      const d = resolveFormHeader(["组别", h, "P1"], 1, list("P1").projects, groups, "evaluations.csv").diagnostics;
      expect(d.map((x) => [x.code, x.at.column])).toEqual([["E_IDENTIFYING_COLUMN", 2]]);
    }
  });

  it("refuses a missing project column, a duplicate one and an empty header", () => {
    const d = resolveFormHeader(["P1", "项目P1", ""], 1, list("P1", "P2").projects, groups, "f.csv").diagnostics;
    expect(d.map((x) => x.code)).toEqual(["E_DUPLICATE_COLUMN", "E_EMPTY_HEADER", "E_MISSING_COLUMN"]);
    expect(said(d[2]!)).toContain("P2");
  });

  it("warns about a column for a project not in the list, and does not count it", () => {
    const r = countFormTable(table("P1,P9\n满意,不满意\n满意,\n"), list("P1").projects, ["代表"]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.at.line, d.at.column])).toEqual([["warning", "W_EVAL_PROJECT_NOT_LISTED", 1, 2]]);
    expect(said(r.diagnostics[0]!)).toContain("P9");
    expect(r.value!.cells).toHaveLength(1);
  });

  it("refuses an unknown column that is not recognisably a project: it may identify the person", () => {
    const r = countFormTable(table("P1,填表人\n满意,\n满意,张三\n满意,李四\n"), list("P1").projects, ["代表"]);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.at.line, d.at.column])).toEqual([["E_UNKNOWN_COLUMN", 1, 2]]);
  });

  it("lists at most 200 errors and says how many more there are", () => {
    const rows = Array.from({ length: 250 }, () => "好").join("\n");
    const d = countFormTable(table(`P1\n${rows}\n`), list("P1").projects, ["代表"]).diagnostics;
    expect(d).toHaveLength(201);
    expect(d[200]).toMatchObject({ code: "E_MORE_ERRORS" });
    expect(said(d[200]!)).toContain("50");
  });

  it("an accumulator fed row by row gives what the whole table gives, for any number of rows", () => {
    const layout = resolveFormHeader(["组别", "P1", "P2"], 1, list("P1", "P2").projects, groups, "f.csv").value!;
    const tally = new EvaluationTally(layout);
    const marks = ["满意", "基本满意", "不满意", "弃权", ""];
    const n = 100_000;
    for (let i = 0; i < n; i++) tally.addForm([i % 3 === 0 ? "群众" : "代表", marks[i % 5]!, marks[(i * 7) % 4]!], i + 2);
    const r = tally.result();
    expect(tally.diagnostics).toEqual([]);
    expect(r.groupForms).toEqual([n - Math.ceil(n / 3), Math.ceil(n / 3)]);
    for (const [p, cells] of r.cells.entries()) {
      for (const [g, c] of cells.entries()) expect(c!.satisfied + c!.basic + c!.unsatisfied + c!.abstain, `${p}/${g}`).toBe(r.groupForms[g]);
    }
  });
});

describe("hand counts (evaluation-counts.csv)", () => {
  const c = config(BASE);

  it("reads 编号,组别,满意,基本满意,不满意,弃权; a missing (project, group) row means no forms, and is warned about", () => {
    const r = parseEvaluationCounts(table("编号,组别,满意,基本满意,不满意,弃权\nP1,代表,5,3,1,1\nP1,群众,20,10,5,5\nP2,代表,6,2,1,1\n"), list("P1", "P2").projects, c);
    expect(r.diagnostics.map((d) => [d.code, d.at.line])).toEqual([["W_EVAL_TOTALS_DIFFER", 1]]);
    expect(r.value!.groupForms).toEqual([10, 40]);
    expect(r.value!.cells[1]![1]).toBeNull();
    expect(r.value!.cells[0]![1]).toEqual({ satisfied: 20, basic: 10, unsatisfied: 5, abstain: 5 });
  });

  it("takes a project's full name in the 编号 cell, as a form's column may name it; a duplicate by name is a duplicate", () => {
    const r = parseEvaluationCounts(table("编号,满意,基本满意,不满意,弃权\nP1,5,0,0,0\n项目P2,5,0,0,0\n"), list("P1", "P2").projects, c);
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.cells[1]![0]).toEqual({ satisfied: 5, basic: 0, unsatisfied: 0, abstain: 0 });
    const twice = parseEvaluationCounts(table("编号,满意,基本满意,不满意,弃权\nP2,5,0,0,0\n项目P2,5,0,0,0\n"), list("P1", "P2").projects, c);
    expect(twice.diagnostics.map((d) => [d.code, d.at.line])).toEqual([["E_DUPLICATE_ROW", 3]]);
    // A row for no listed project: the hint speaks of the 编号 cell, not of a column.
    const unknown = parseEvaluationCounts(table("编号,满意,基本满意,不满意,弃权\nP1,5,0,0,0\nP2,5,0,0,0\nP9,5,0,0,0\n"), list("P1", "P2").projects, c);
    const note = unknown.diagnostics.find((d) => d.code === "W_EVAL_PROJECT_NOT_LISTED")!;
    expect(renderDiagnostic(note).hint).toContain("编号一栏写项目清单中的编号或完整的项目名称");
  });

  it("allows leaving out 组别 (first group), 弃权 (0) and adding 项目名称", () => {
    const r = parseEvaluationCounts(table("编号,项目名称,满意,基本满意,不满意\nP1,项目P1,5,3,1\n"), list("P1").projects, c);
    expect(r.value!.cells[0]).toEqual([{ satisfied: 5, basic: 3, unsatisfied: 1, abstain: 0 }, null]);
  });

  it("reports bad numbers, unknown and empty groups, duplicate rows, mismatched names, forms over members", () => {
    const t = table([
      "编号,项目名称,组别,满意,基本满意,不满意,弃权",
      "P1,项目P1,代表,5,x,1,0",
      "P1,项目P1,村民,5,1,1,0",
      "P1,项目P1,,5,1,1,0",
      "P1,项目P1,代表,5,1,1,0",
      "P1,项目P1,代表,5,1,1,0",
      "P2,别的名字,代表,5,1,1,0",
      "P2,项目P2,群众,-1,1,1,0",
      "P2,项目P2,代表,15,5,1,0",
    ].join("\n"));
    const d = parseEvaluationCounts(t, list("P1", "P2").projects, c).diagnostics;
    expect(d.map((x) => [x.code, x.at.line])).toEqual([
      ["E_COUNT_NUMBER", 2], ["E_EVAL_GROUP_UNKNOWN", 3], ["E_EVAL_GROUP_EMPTY", 4], ["E_DUPLICATE_ROW", 6],
      ["E_EVAL_NAME_MISMATCH", 7], ["E_COUNT_NUMBER", 8], ["E_EVAL_FORMS_EXCEED_MEMBERS", 9],
    ]);
  });

  it("says an empty count cell is empty, a number of forms needed", () => {
    const d = parseEvaluationCounts(table("编号,组别,满意,基本满意,不满意,弃权\nP1,代表,5,,1,1\n"), list("P1").projects, c).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["E_COUNT_NUMBER"]);
    expect(renderDiagnostic(d[0]!).message).toBe("第 2 行“基本满意”是空的，须填写份数");
    expect(renderDiagnostic(d[0]!, "en").message).toBe("Line 2: “基本满意” is empty; a number of forms is needed");
  });

  it("refuses identifying and unknown columns, and requires the count columns", () => {
    const d = parseEvaluationCounts(table("编号,姓名,备注,满意\nP1,x,y,1\n"), list("P1").projects, c).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["E_IDENTIFYING_COLUMN", "E_UNKNOWN_COLUMN", "E_MISSING_COLUMN", "E_MISSING_COLUMN"]);
  });

  it("warns, naming id and name, when a project's total differs from the total most projects of its group have", () => {
    const t = table("编号,组别,满意,基本满意,不满意,弃权\nP1,代表,5,3,1,1\nP2,代表,5,3,1,0\nP3,代表,6,2,1,1\nP1,群众,9,0,0,0\nP2,群众,9,0,0,0\nP3,群众,9,0,0,0\n");
    const r = parseEvaluationCounts(t, list("P1", "P2", "P3").projects, c);
    expect(r.diagnostics.map((d) => [d.code, d.at.line])).toEqual([["W_EVAL_TOTALS_DIFFER", 3]]);
    expect(said(r.diagnostics[0]!)).toContain("P2 项目P2");
    expect(said(r.diagnostics[0]!)).toContain("9");
    expect(said(r.diagnostics[0]!)).toContain("10");
  });

  it("on a tie for the usual total takes the larger one", () => {
    const t = table("编号,满意,基本满意,不满意,弃权\nP1,5,0,0,0\nP2,4,0,0,0\n");
    const r = parseEvaluationCounts(t, list("P1", "P2").projects, c);
    expect(r.diagnostics.map((d) => [d.code, d.at.line])).toEqual([["W_EVAL_TOTALS_DIFFER", 3]]);
  });

  it("warns once about a project not in the list and leaves it out", () => {
    const r = parseEvaluationCounts(table("编号,组别,满意,基本满意,不满意,弃权\nP1,代表,1,1,1,1\nP7,代表,1,1,1,1\nP7,群众,1,1,1,1\n"), list("P1").projects, c);
    expect(r.diagnostics.map((d) => [d.code, d.at.line])).toEqual([["W_EVAL_PROJECT_NOT_LISTED", 3]]);
    expect(r.value!.cells).toHaveLength(1);
  });
});

describe("indicators", () => {
  it("完成率 = Σ weight × min(完成值 / 目标值, 1) / Σ weight, exactly", () => {
    const r = parseIndicators(table("编号,指标,目标值,完成值,权重\nP1,床位,100,120,0.5\nP1,知晓率,80%,60%,0.5\nP2,路灯,200,150,\nP2,村数,3,1,2\n"), list("P1", "P2").projects);
    expect(r.diagnostics).toEqual([]);
    expect(completionOf(r.value!.get("P1")!)).toEqual(fraction(7n, 8n));
    expect(completionOf(r.value!.get("P2")!)).toEqual(fraction(17n, 36n));
  });

  it("allows leaving out the 权重 column (weight 1 each)", () => {
    const r = parseIndicators(table("编号,指标,目标值,完成值\nP1,a,10,5\nP1,b,10,10\n"), list("P1").projects);
    expect(completionOf(r.value!.get("P1")!)).toEqual(fraction(3n, 4n));
  });

  it("reads quantities: decimals, fractions, percentages, thousands separators, full-width digits", () => {
    expect(parseQuantity("1,860")).toEqual(fraction(1860n, 1n));
    expect(parseQuantity("12,345,678.5")).toEqual(fraction(24691357n, 2n));
    // A comma that is no thousands separator (a decimal comma, a typo) makes it no number, not one ten times larger.
    for (const bad of ["0,5", "1,0", "5,0", "1,86", "18,60", ",860", "1,860,"]) expect(parseQuantity(bad), bad).toBeNull();
    expect(parseQuantity("99.2%")).toEqual(fraction(124n, 125n));
    expect(parseQuantity("２/３")).toEqual(fraction(2n, 3n));
    expect(parseQuantity("-3")).toBeNull();
    expect(parseQuantity("约100")).toBeNull();
  });

  it("reports bad numbers, a zero target, zero total weight; warns about unknown projects", () => {
    const r = parseIndicators(table("编号,指标,目标值,完成值,权重\nP1,a,abc,1,1\nP1,b,0,1,1\nP2,c,1,1,0\nP9,d,1,1,1\nP1,,1,1,1\nP1,e,1,1,x\n"), list("P1", "P2").projects);
    expect(r.diagnostics.map((d) => [d.code, d.at.line, d.at.column])).toEqual([
      ["E_INDICATOR_NUMBER", 2, 3], ["E_INDICATOR_TARGET_ZERO", 3, 3], ["E_INDICATOR_NAME", 6, 2], ["E_INDICATOR_WEIGHT", 7, 5],
      ["E_INDICATOR_WEIGHT", 4, 5], ["W_INDICATOR_PROJECT_NOT_LISTED", 5, 1],
    ]);
  });
});

describe("indicators.csv: the same indicator twice", () => {
  it("warns at the second line, naming the first, and still counts both (the weight it was given twice)", () => {
    const r = parseIndicators(table("编号,指标,目标值,完成值,权重\nP1,a,100,50,1\nP1,b,10,10,1\nP1,a,100,100,1\nP2,a,1,1,1\n"), list("P1", "P2").projects);
    expect(r.diagnostics.map((d) => [d.code, d.at.line, d.at.column])).toEqual([["W_INDICATOR_REPEATED", 4, 2]]);
    expect(said(r.diagnostics[0]!)).toBe("项目“P1”的指标“a”在第 2 行已经有了，这一行又写了一次，两行都计入完成率");
    expect(completionOf(r.value!.get("P1")!)).toEqual(fraction(5n, 6n));
  });
});

describe("figures", () => {
  const half = fraction(1n, 2n);
  const below = fraction(49n, 100n);
  const above = fraction(51n, 100n);

  it("the 镇海 rule: exactly half reaches the grade with counts, not with short", () => {
    expect(gradeOf(half, half, "counts")).toBe("满意");
    expect(gradeOf(half, half, "short")).toBe("不满意");
    expect(gradeOf(below, half, "counts")).toBe("基本满意");
    expect(gradeOf(below, half, "short")).toBe("不满意");
    expect(gradeOf(below, above, "short")).toBe("基本满意");
    expect(gradeOf(above, above, "short")).toBe("满意");
    expect(gradeOf(fraction(0n, 1n), below, "counts")).toBe("不满意");
  });

  it("the 镇海 办法's two tiers read half apart: 满意 at half (counts), 基本满意 only above half (short)", () => {
    expect(gradeOf(half, half, "counts", "short")).toBe("满意");
    expect(gradeOf(below, half, "counts", "short")).toBe("不满意");
    expect(gradeOf(below, above, "counts", "short")).toBe("基本满意");
    expect(gradeOf(half, half, "short", "counts")).toBe("基本满意");
  });

  it("a group whose forms are all 弃权 has no rate on base valid and no score; returned gives 0", () => {
    const cells = [[{ satisfied: 0, basic: 0, unsatisfied: 0, abstain: 6 }, { satisfied: 3, basic: 1, unsatisfied: 0, abstain: 0 }]];
    const valid = evaluateSatisfaction(config({ ...BASE, grade: {} }), list("P1"), counts(cells, [6, 4]), null).projects[0]!;
    expect(valid.groups[0]).toMatchObject({ satisfiedRate: null, overallRate: null, score: null });
    expect(valid.groups[0]!.grade).toBe("不满意"); // B = 20 members: 0 < 10
    // The 综合 averages only what is defined: here the 群众 figures alone.
    expect(valid.combined.satisfiedRate).toEqual(fraction(3n, 4n));
    expect(valid.combined.score).toEqual(fraction(90n, 1n));
    const returned = evaluateSatisfaction(config({ ...BASE, rateBase: "returned" }), list("P1"), counts(cells, [6, 4]), null).projects[0]!;
    expect(returned.groups[0]!.satisfiedRate).toEqual(fraction(0n, 1n));
    expect(returned.combined.satisfiedRate).toEqual(fraction(3n, 10n)); // 0.6·0 + 0.4·3/4
  });

  it("--json gives the weights each combined figure used: a group left out of it has 0, and the figure is their sum of products", () => {
    const cells = [[{ satisfied: 0, basic: 0, unsatisfied: 0, abstain: 6 }, { satisfied: 3, basic: 1, unsatisfied: 0, abstain: 0 }]];
    const r = evaluateSatisfaction(config({ ...BASE, groups: { 代表: { weight: "0.6", members: 20 }, 群众: { weight: "0.5" } }, grade: {} }), list("P1"), counts(cells, [6, 4]), null);
    const j = evaluationJson(r).projects[0]!;
    // The groups' own weights are over the groups with forms for the project (6/11, 5/11) …
    expect(j.groups.map((g) => g.weight)).toEqual([6 / 11, 5 / 11]);
    // … but every 代表 form is 弃权: on base valid it has no rate and no score, and is left out of them.
    expect(j.combined.weights).toEqual({
      satisfiedRate: { 代表: 0, 群众: 1 }, overallRate: { 代表: 0, 群众: 1 }, score: { 代表: 0, 群众: 1 },
      grade: { 代表: 6 / 11, 群众: 5 / 11 }, // B = 20 members for 代表: its shares are 0, not null
    });
    for (const figure of ["satisfiedRate", "overallRate", "score"] as const) {
      const recomputed = j.groups.reduce((sum, g) => sum + j.combined.weights[figure][g.group]! * (g[figure] ?? 0), 0);
      expect(recomputed, figure).toBeCloseTo(j.combined[figure]!, 12);
    }
    const returned = evaluationJson(evaluateSatisfaction(config({ ...BASE, rateBase: "returned" }), list("P1"), counts(cells, [6, 4]), null)).projects[0]!;
    expect(returned.combined.weights).toMatchObject({ satisfiedRate: { 代表: 0.6, 群众: 0.4 }, score: { 代表: 0, 群众: 1 }, grade: null });
  });

  it("--json lists every configured group in combined.weights, in evaluation.json's order, 0 where it had no forms", () => {
    // The order in evaluation.json is 群众 then 代表; P2 has no 群众 forms, P3 none at all.
    const c = config({ ...BASE, groups: { 群众: { weight: "0.4" }, 代表: { weight: "0.6", members: 10 } } });
    const cells = [
      [{ satisfied: 3, basic: 1, unsatisfied: 1, abstain: 0 }, { satisfied: 5, basic: 3, unsatisfied: 2, abstain: 0 }],
      [null, { satisfied: 6, basic: 2, unsatisfied: 2, abstain: 0 }],
      [null, null],
    ];
    const j = evaluationJson(evaluateSatisfaction(c, list("P1", "P2", "P3"), counts(cells, [5, 20]), null));
    const [p1, p2, p3] = j.projects.map((p) => p.combined.weights);
    expect(Object.keys(p1!.score)).toEqual(["群众", "代表"]);
    expect(p2).toEqual({ satisfiedRate: { 群众: 0, 代表: 1 }, overallRate: { 群众: 0, 代表: 1 }, score: { 群众: 0, 代表: 1 }, grade: null });
    expect(Object.keys(p2!.score)).toEqual(["群众", "代表"]);
    expect(p3!.score).toEqual({ 群众: 0, 代表: 0 });
  });

  it("rateBase members divides by 应参加人数", () => {
    const c = config({ ...BASE, rateBase: "members", groups: { 代表: { members: 20 } } });
    const r = evaluateSatisfaction(c, list("P1"), counts([[{ satisfied: 9, basic: 6, unsatisfied: 1, abstain: 2 }]], [18]), null);
    expect(r.projects[0]!.groups[0]).toMatchObject({ base: 20, satisfiedRate: fraction(9n, 20n), overallRate: fraction(3n, 4n) });
  });

  it("pass: a combined rate equal to passRate passes; below fails; without passRate null", () => {
    const cells = [[{ satisfied: 6, basic: 2, unsatisfied: 2, abstain: 0 }, null], [{ satisfied: 6, basic: 1, unsatisfied: 3, abstain: 0 }, null]];
    const r = evaluateSatisfaction(config({ ...BASE, passRate: "0.8" }), list("P1", "P2"), counts(cells, [10, 0]), null);
    expect(r.projects.map((p) => p.combined.pass)).toEqual([true, false]);
    expect(evaluateSatisfaction(config(BASE), list("P1", "P2"), counts(cells, [10, 0]), null).projects[0]!.combined.pass).toBeNull();
  });

  it("warns about a project on which every form abstains: it has no score, and with passRate no pass flag", () => {
    const cells = [[{ satisfied: 6, basic: 2, unsatisfied: 2, abstain: 0 }, null], [{ satisfied: 0, basic: 0, unsatisfied: 0, abstain: 10 }, null]];
    const r = evaluateSatisfaction(config({ ...BASE, passRate: "0.8" }), list("P1", "P2"), counts(cells, [10, 0]), null);
    expect(r.warnings.map((w) => w.code)).toEqual(["W_EVAL_GROUP_NO_FORMS", "W_EVAL_PROJECT_ONLY_ABSTAIN"]);
    expect(said(r.warnings[1]!)).toBe("项目“P2 项目P2”的 10 份测评票都是弃权，没有一份评了满意、基本满意或不满意");
    expect(renderDiagnostic(r.warnings[1]!).hint).toBe("核对 evaluation-counts.csv 中这个项目是否漏录；它没有得分，也无法判断是否达标");
    expect(r.projects[1]!.combined).toMatchObject({ score: null, pass: null });
    const plain = evaluateSatisfaction(config(BASE), list("P1", "P2"), counts(cells, [10, 0]), null);
    expect(renderDiagnostic(plain.warnings[1]!).hint).toBe("核对 evaluation-counts.csv 中这个项目是否漏录；它没有得分");
  });

  it("warns about groups without forms, with fewer than 5, and projects without any forms", () => {
    const c = config({ ...BASE, groups: { 代表: {}, 群众: {}, 企业: {} } });
    const cells = [[{ satisfied: 4, basic: 0, unsatisfied: 0, abstain: 0 }, { satisfied: 6, basic: 0, unsatisfied: 0, abstain: 0 }, null], [null, null, null]];
    const r = evaluateSatisfaction(c, list("P1", "P2"), counts(cells, [4, 6, 0]), null);
    expect(r.warnings.map((w) => w.code)).toEqual(["W_EVAL_FEW_FORMS", "W_EVAL_GROUP_NO_FORMS", "W_EVAL_PROJECT_NO_FORMS"]);
    expect(said(r.warnings[0]!)).toContain("代表");
    expect(said(r.warnings[1]!)).toContain("企业");
    expect(said(r.warnings[2]!)).toContain("P2");
    expect(r.projects[1]!.combined).toMatchObject({ satisfiedRate: null, overallRate: null, score: null, pass: null });
  });

  it("refuses no forms at all, and more forms than members", () => {
    const c = config(BASE);
    expect(countsDiagnostics(c, counts([[null, null]], [0, 0], "forms")).map((d) => d.code)).toEqual(["E_EVAL_NO_FORMS"]);
    const d = countsDiagnostics(c, counts([[{ satisfied: 21, basic: 0, unsatisfied: 0, abstain: 0 }, null]], [21, 0], "forms"));
    expect(d.map((x) => [x.code, x.at.file])).toEqual([["E_EVAL_FORMS_EXCEED_MEMBERS", "evaluation.json"]]);
    expect(d[0]!.at.line).toBeGreaterThan(0);
  });

  it("serialises unrounded numbers, null grade without a grade rule, null completion without indicators", () => {
    const r = evaluateSatisfaction(config(BASE), list("P1"), counts([[{ satisfied: 50, basic: 4, unsatisfied: 1, abstain: 0 }, null]], [55, 0]), null);
    const j = evaluationJson(r).projects[0]!;
    expect(j.groups[0]).toMatchObject({ group: "代表", forms: 55, satisfiedRate: 50 / 55, overallRate: 54 / 55, score: 5240 / 55, grade: null });
    // 群众 has no forms at all (W_EVAL_GROUP_NO_FORMS): still listed, with 0.
    const weights = { satisfiedRate: { 代表: 1, 群众: 0 }, overallRate: { 代表: 1, 群众: 0 }, score: { 代表: 1, 群众: 0 }, grade: null };
    expect(j.combined).toEqual({ satisfiedRate: 50 / 55, overallRate: 54 / 55, score: 5240 / 55, grade: null, completion: null, pass: null, fewForms: false, weights });
  });
});

describe("printed figures", () => {
  it("percentages and scores have one decimal, rounded half up, exactly", () => {
    expect(percentText(fraction(1n, 8n))).toBe("12.5%");
    expect(percentText(fraction(1n, 16n))).toBe("6.3%");
    expect(percentText(fraction(1n, 32n))).toBe("3.1%");
    expect(percentText(fraction(2n, 3n))).toBe("66.7%");
    expect(percentText(fraction(1n, 1n))).toBe("100.0%");
    expect(percentText(null)).toBe("");
    expect(scoreText(fraction(1599n, 20n))).toBe("80.0"); // 79.95
    expect(scoreText(fraction(325n, 4n))).toBe("81.3"); // 81.25
    expect(scoreText(fraction(0n, 1n))).toBe("0.0");
  });

  it("agrees with percent1 of fraction.ts for part / whole", () => {
    for (let whole = 1; whole <= 60; whole++) for (let part = 0; part <= whole; part++) expect(percentText(fraction(BigInt(part), BigInt(whole)))).toBe(percent1(part, whole));
  });

  it("writes group rows then the 综合 row, with 完成率 and 达标 on the 综合 row only", () => {
    const c = config({ ...BASE, passRate: "0.9", grade: {} });
    const cells = [[{ satisfied: 10, basic: 5, unsatisfied: 1, abstain: 2 }, { satisfied: 30, basic: 8, unsatisfied: 2, abstain: 0 }]];
    const ind = parseIndicators(table("编号,指标,目标值,完成值\nP1,a,10,9\n"), list("P1").projects).value!;
    const rows = satisfactionRows(evaluateSatisfaction(c, list("P1"), counts(cells, [18, 40]), ind));
    expect(rows).toEqual([
      ["P1", "项目P1", "代表", 18, 10, 5, 1, 2, "62.5%", "93.8%", "81.3", "满意", "", ""],
      ["P1", "项目P1", "群众", 40, 30, 8, 2, 0, "75.0%", "95.0%", "87.0", "满意", "", ""],
      // 0.6·10/16 + 0.4·3/4 = 0.675; 0.6·15/16 + 0.4·19/20 = 0.9425; 0.6·81.25 + 0.4·87 = 83.55; 9/10
      ["P1", "项目P1", "综合", "", "", "", "", "", "67.5%", "94.3%", "83.6", "满意", "90.0%", "达标"],
    ]);
  });
});
