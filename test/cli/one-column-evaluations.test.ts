// An evaluations.csv with one project column and no 组别: a blank form (弃权 on the one project) there is a
// line with nothing on it, which cannot be told from a stray empty line, so such a line refuses the file.
import * as path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { makeSession, runCli } from "../helpers.js";

const EVALUATION = JSON.stringify({ title: "t", projects: "projects.csv", groups: { 代表: { weight: "1" } }, rateBase: "returned" });
const PROJECTS = "编号,项目名称\nP1,甲\n";

async function evaluate(forms: string) {
  const dir = await makeSession({ "evaluation.json": EVALUATION, "projects.csv": PROJECTS, "evaluations.csv": forms });
  return { dir, json: await runCli(["evaluate", dir, "--json"]), screen: await runCli(["evaluate", dir]) };
}

describe("a one-project evaluations.csv without 组别", () => {
  it("is refused at its first empty line below the header (exit 1), where two blank forms were dropped and 满意率 moved", async () => {
    const { json, screen } = await evaluate("P1\n满意\n\n\n满意\n不满意\n");
    expect(json.code).toBe(1);
    expect(json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_EVAL_EMPTY_LINE", file: "evaluations.csv", line: 3, column: 1 })]);
    expect(screen.stderr).toContain("evaluations.csv:3:1 E_EVAL_EMPTY_LINE 第 3 行是空行");
    expect(screen.stderr).toContain("加一个“组别”栏");
    expect(screen.stderr).toContain("evaluations.xlsx");
    // Between forms, CRLF, and a file read whole (GBK) find it too.
    for (const [text, line] of [["P1\n满意\n\n不满意\n", 3], ["P1\r\n满意\r\n\r\n", 3]] as const) {
      expect((await evaluate(text)).json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_EVAL_EMPTY_LINE", line })]);
    }
    const dir = await makeSession({ "evaluation.json": EVALUATION, "projects.csv": PROJECTS, "evaluations.csv": iconv.encode("P1\n满意\n满意\n\n", "gbk") });
    expect((await runCli(["evaluate", dir, "--json"])).json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_EVAL_EMPTY_LINE", line: 4 })]);
  });

  it("the final line break and empty lines above the header are no forms; with a 组别 column an empty line is skipped", async () => {
    for (const text of ["P1\n满意\n不满意\n", "\n\nP1\n满意\n不满意"]) {
      const { json } = await evaluate(text);
      expect(json.code, text).toBe(0);
    }
    const grouped = await evaluate("组别,P1\n代表,满意\n\n代表,\n代表,不满意\n");
    expect(grouped.json.code).toBe(0);
    expect(grouped.json.json.data).toMatchObject({ groups: [expect.objectContaining({ forms: 3 })] });
  });

  it("a workbook's empty row is a blank form, as the README says: no empty line to doubt", async () => {
    const dir = await makeSession({ "evaluation.json": EVALUATION, "projects.csv": PROJECTS });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("测评");
    ["P1", "满意", null, null, "满意", "不满意"].forEach((v, i) => { if (v) ws.getCell(`A${i + 1}`).value = v; });
    await wb.xlsx.writeFile(path.join(dir, "evaluations.xlsx"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_EMPTY_FORMS" }));
  });
});
