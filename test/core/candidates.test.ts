import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../src/messages/render.js";
import { checkCompetition, completenessWarnings, nameWarnings, parseCandidates } from "../../src/core/candidates.js";
import { parseSession } from "../../src/core/session.js";
import type { Table } from "../../src/core/table.js";

function rules(extra: Record<string, unknown> = {}, formal = 10) {
  const s = parseSession(JSON.stringify({ title: "t", date: "2026-01-15", deputies: { total: 58, present: 55 }, issued: [55], rules: { formal, ...extra } }));
  if (!s.value) throw new Error(JSON.stringify(s.diagnostics));
  return s.value.rules;
}

function table(header: string[], rows: string[][]): Table {
  return { file: "candidates.csv", header, headerLine: 1, rows: rows.map((cells, i) => ({ line: i + 2, cells })) };
}

describe("the 差额 rule", () => {
  it("12 candidates for 10 formal meets 1.2; 11 does not", () => {
    expect(checkCompetition(12, rules()).ok).toBe(true);
    expect(checkCompetition(11, rules()).ok).toBe(false);
    expect(checkCompetition(11, rules()).required).toBe(12);
  });
  it("needs both N + minExtra and ⌈N × minRatio⌉", () => {
    // N=3: N+1 = 4, ⌈3.6⌉ = 4 → 4 required
    expect(checkCompetition(4, rules({}, 3)).ok).toBe(true);
    expect(checkCompetition(3, rules({}, 3)).ok).toBe(false);
    // minExtra 3 dominates: N=10 → 13
    expect(checkCompetition(12, rules({ competition: { minExtra: 3 } })).ok).toBe(false);
    expect(checkCompetition(13, rules({ competition: { minExtra: 3 } })).ok).toBe(true);
    // minRatio 1.5 dominates: ⌈15⌉
    expect(checkCompetition(14, rules({ competition: { minRatio: "3/2" } })).ok).toBe(false);
  });
  it("allowEqual lets C = N pass", () => {
    expect(checkCompetition(10, rules({ competition: { allowEqual: true } })).ok).toBe(true);
    expect(checkCompetition(9, rules({ competition: { allowEqual: true } })).ok).toBe(false);
  });
});

describe("candidates.csv", () => {
  it("accepts English headers in any order and keeps 备注", () => {
    const r = parseCandidates(table(["name", "id", "备注"], [["路灯", "P1", "先行"], ["养老", "P2", ""]]), "candidates");
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.lines.map((c) => [c.id, c.name, c.remarks])).toEqual([["P1", "路灯", "先行"], ["P2", "养老", ""]]);
  });
  it("takes a deadline as a date, written with or without its zeros, a month, or text; refuses a date that does not exist", () => {
    const deadlines = ["2026-12-31", "2026-1-5", "2026-1", "2026年底前", "2026-02-30", "2026-13"];
    const r = parseCandidates(table(["编号", "项目名称", "完成时限"], deadlines.map((d, i) => [`P${i + 1}`, `项目${i + 1}`, d])), "candidates");
    expect(r.diagnostics.map((d) => `${d.code}@${d.at.line}`)).toEqual(["E_DEADLINE@6", "E_DEADLINE@7"]);
  });
  it("takes two names that differ only in their white space for the same name, as a printed ballot shows them", () => {
    const r = parseCandidates(table(["编号", "项目名称"], [["P1", "道路 改造"], ["P2", "道路\t改造"], ["P3", "道路  改造"], ["P4", "道路改造"]]), "candidates");
    expect(r.diagnostics.map((d) => `${d.code}@${d.at.line}`)).toEqual(["E_DUPLICATE_NAME@3", "E_DUPLICATE_NAME@4"]);
  });
  it("refuses a project named 票号 or 作废: its ballot column could not be told from the ballots file's own", () => {
    const r = parseCandidates(table(["编号", "项目名称"], [["P1", "票号"], ["P2", " 作废 "], ["P3", "作废旧房拆除"]]), "candidates");
    expect(r.diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`)).toEqual(["E_CANDIDATE_NAME@2:2", "E_CANDIDATE_NAME@3:2"]);
    expect(renderDiagnostic(r.diagnostics[0]!).message).toContain("“票号”和“作废”是表决票文件自己的列名");
  });
  it("reports every problem with line and column", () => {
    const r = parseCandidates(table(["编号", "项目名称", "投入资金（万元）", "所属项目", "项目负责人"], [
      ["P1", "路灯", "12万", "", ""],
      ["P1", "养老", "1e3", "", ""],
      ["P 3", "路灯", "", "P9", ""],
    ]), "candidates");
    const codes = r.diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`);
    expect(codes).toContain("E_UNKNOWN_COLUMN@1:5");
    expect(r.value).toBeUndefined();
    const r2 = parseCandidates(table(["编号", "项目名称", "投入资金（万元）", "所属项目"], [
      ["P1", "路灯", "12万", ""],
      ["P1", "养老", "1e3", ""],
      ["P 3", "路灯", "", "P9"],
    ]), "candidates");
    expect(r2.diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`)).toEqual(expect.arrayContaining([
      "E_BUDGET@2:3", "E_DUPLICATE_ID@3:1", "E_BUDGET@3:3", "E_CANDIDATE_ID@4:1", "E_DUPLICATE_NAME@4:2",
    ]));
  });
  it("sub-items stand under their parent; voteOn decides what is a line", () => {
    const t = table(["编号", "项目名称", "所属项目"], [["A", "道路", ""], ["A1", "东路", "A"], ["A2", "西路", "A"], ["B", "养老", ""]]);
    const byCandidates = parseCandidates(t, "candidates").value!;
    expect(byCandidates.lines.map((c) => c.id)).toEqual(["A", "B"]);
    expect(byCandidates.byId.get("A")!.children).toEqual(["A1", "A2"]);
    const byItems = parseCandidates(t, "items").value!;
    expect(byItems.lines.map((c) => c.id)).toEqual(["A1", "A2", "B"]);
  });
  it("refuses unknown, self and nested parents", () => {
    const t = table(["编号", "项目名称", "所属项目"], [["A", "道路", "A"], ["B", "东路", "Z"], ["C", "养老", ""], ["C1", "助餐", "C"], ["C2", "床位", "C1"]]);
    expect(parseCandidates(t, "candidates").diagnostics.map((d) => d.code)).toEqual(["E_PARENT_SELF", "E_PARENT_UNKNOWN", "E_PARENT_NESTED"]);
  });
  it("rows naming each other as parent are one cycle, said once at its first row", () => {
    const t = table(["编号", "项目名称", "所属项目"], [["C", "养老", ""], ["A1", "道路", "A3"], ["A2", "路灯", "A1"], ["A3", "学校", "A2"], ["B", "医院", "A2"]]);
    const d = parseCandidates(t, "candidates").diagnostics;
    expect(d.map((x) => x.code)).toEqual(["E_PARENT_CYCLE", "E_PARENT_NESTED"]);
    expect(d[0]!.at).toMatchObject({ line: 3, column: 3 });
    expect(d[0]!.params).toEqual({ rows: ["A1", "A3", "A2"] });
    expect(renderDiagnostic(d[0]!).message).toBe("所属项目首尾相接成环：A1 → A3 → A2 → A1，这几行互为子项");
    expect(renderDiagnostic(d[0]!).hint).toContain("顶层项目");
    expect(renderDiagnostic(d[0]!, "en").message).toBe("The parent projects form a cycle: A1 → A3 → A2 → A1; these rows are each other's sub-items");
  });
  it("warns for each top-level candidate that is not fully described (打包式)", () => {
    const list = parseCandidates(table(["编号", "项目名称", "项目内容"], [["P1", "路灯", "装灯"]]), "candidates").value!;
    const w = completenessWarnings(list, "candidates.csv");
    expect(w).toHaveLength(1);
    expect(w[0]!.code).toBe("W_INCOMPLETE_CANDIDATE");
    expect(renderDiagnostic(w[0]!).message).toContain("项目背景");
    expect(renderDiagnostic(w[0]!).message).not.toContain("项目内容");
  });
});

describe("a candidates.csv with errors", () => {
  it("still gives its rows' 打包式 warnings, but not for a row with every cell empty (refused once, as an empty row)", () => {
    const header = ["编号", "项目名称", "项目内容"];
    const r = parseCandidates(table(header, [["A", "路灯", ""], ["", "", ""], ["B", "", "内容"]]), "candidates");
    expect(r.diagnostics.map((d) => [d.code, d.at.line])).toEqual([["E_BLANK_ROW", 3], ["E_CANDIDATE_NAME", 4]]);
    expect(renderDiagnostic(r.diagnostics[0]!)).toEqual({ message: "第 3 行全部为空（只有逗号或空格）", hint: "这多半是在 Excel 或 WPS 中清除内容后留下的行：删去这一行，再重新运行" });
    expect(completenessWarnings(r.partial!, "candidates.csv").map((w) => w.at.line)).toEqual([2, 4]);
  });
});

describe("a name with a line break", () => {
  it("warns where a project name holds a line break (Alt+Enter in an Excel cell)", () => {
    const r = parseCandidates(table(["编号", "项目名称"], [["A", "村卫生院\n设备更新"], ["B", "路灯"], ["C", "敬老院\r\n改造"]]), "candidates");
    const warnings = nameWarnings(r.value!, "candidates.csv");
    expect(warnings.map((w) => [w.code, w.at.line])).toEqual([["W_NAME_LINE_BREAK", 2], ["W_NAME_LINE_BREAK", 4]]);
    expect(renderDiagnostic(warnings[0]!).message).toBe("第 2 行（A）的项目名称“村卫生院↵设备更新”中有换行（多半是在 Excel 单元格中按了 Alt+Enter）");
  });
});

describe("a name with a rare character", () => {
  it("warns of a character beyond the common set (CJK Extension B on), each named once with its code point, not of 堃 or 龘", () => {
    const r = parseCandidates(table(["编号", "项目名称"], [["A", "𪚥堃犇龘㙟村道路改造𪚥"], ["B", "石𬒈村路灯"], ["C", "堃犇村卫生室"]]), "candidates");
    const warnings = nameWarnings(r.value!, "candidates.csv");
    expect(warnings.map((w) => [w.code, w.at.line, w.params["codes"]])).toEqual([["W_NAME_RARE_CHARACTER", 2, ["U+2A6A5"]], ["W_NAME_RARE_CHARACTER", 3, ["U+2C488"]]]);
    expect(renderDiagnostic(warnings[0]!).message).toBe("第 2 行（A）的项目名称“𪚥堃犇龘㙟村道路改造𪚥”中有生僻字 𪚥（U+2A6A5）：很多电脑没有这个字的字体，印出来会是方框");
    expect(renderDiagnostic(warnings[1]!, "en").message).toBe("Line 3 (B): the project name “石𬒈村路灯” has a rare character, 𬒈 (U+2C488): many computers have no font for it, and it prints as an empty box");
  });
});

describe("a name with a character lost", () => {
  it("warns where a project name holds \"?\" (a character GBK lacks, saved as GBK), not the full-width ？ written on purpose", () => {
    const r = parseCandidates(table(["编号", "项目名称"], [["A", "?村卫生院"], ["B", "为什么？"], ["C", "路灯"]]), "candidates");
    const warnings = nameWarnings(r.value!, "candidates.csv");
    expect(warnings.map((w) => [w.code, w.at.line])).toEqual([["W_NAME_QUESTION_MARK", 2]]);
    expect(renderDiagnostic(warnings[0]!).message).toBe("第 2 行（A）的项目名称“?村卫生院”中有“?”：多半是存成 GBK 编码的 CSV 时，某个字不在 GBK 中，被换成了问号");
  });
});

describe("a 完成时限 that is a day's serial number", () => {
  it("warns that the cell lost its date format, naming the date, and leaves other deadlines alone", async () => {
    const { deadlineWarnings } = await import("../../src/core/candidates.js");
    const r = parseCandidates(table(["编号", "项目名称", "完成时限"], [["A", "路灯", "46341"], ["B", "饮水", "2026-11"], ["C", "学校", "年底前"], ["D", "广场", "2026"], ["E", "公厕", "123456"]]), "candidates");
    const w = deadlineWarnings(r.value!, "candidates.csv");
    expect(w.map((d) => [d.code, d.at.line, d.at.column])).toEqual([["W_DEADLINE_SERIAL", 2, 3]]);
    expect(renderDiagnostic(w[0]!)).toEqual({
      message: "第 2 行（A）的完成时限“46341”像是 Excel 的日期序列号（即 2026-11-15）",
      hint: "这一格丢了日期格式，表决票上会照印这个数字：在表格中把它设为日期格式，或直接改填 2026-11-15（或只写月份 2026-11）",
    });
  });
});
