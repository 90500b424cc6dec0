// A county's year through `piaojue progress`: the messages a clerk meets with plan points typed with 、,
// a project taken out of the plan, months Excel turned into dates, a lag limit written as a fraction and
// a progress workbook holding 0.45 for 45%.
import * as path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { makeSession, runCli } from "../helpers.js";

const PLAN = "编号,项目名称,开始,完成时限,计划节点\nC1,甲,2026-03,2026-12,\nC2,乙,2026-01,2026-12,\n";
const REPORTS = "编号,截至,形象进度\nC1,2026-05,20\nC2,2026-05,30\nC1,2026-06,40\nC2,2026-06,45\n";

type Diagnostic = { code: string; line: number; column: number; message: string; hint?: string; cell?: string; file: string };

async function progress(files: Record<string, string | Uint8Array>, args: string[] = []) {
  const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS, ...files });
  const r = await runCli(["progress", dir, "--json", ...args]);
  const diagnostics: Diagnostic[] = [...(r.json.error?.diagnostics ?? []), ...r.json.warnings];
  return { r, dir, diagnostics };
}

describe("plan points separated by 、 or a comma", () => {
  it("are said to have the wrong separator at the 计划节点 column, naming the separators accepted", async () => {
    for (const [text, separator] of [["2026-04：20、2026-08：60", "、"], ["2026-04:20，2026-08:60", "，"], ["\"2026-04:20,2026-08:60\"", ","]] as const) {
      const { r, diagnostics } = await progress({ "plan.csv": PLAN.replace("2026-12,\nC2", `2026-12,${text}\nC2`) });
      expect(r.code).toBe(1);
      expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(["2:5 E_PLAN_MILESTONE_SEPARATOR"]);
      expect(diagnostics[0]!.message).toContain(`用“${separator}”分隔`);
      expect(diagnostics[0]!.hint).toContain("分号");
    }
  });

  it("spaces between plan points (a full-width one too) are the wrong separator; spaces around the colon are not", async () => {
    // "2026-04:20 30": two percents run together, not one out of range.
    for (const text of ["2026-04:20 2026-08:60", "2026-04：20\u30002026-08：60", "2026-04: 20  2026-08 : 60", "2026-04:20 30", "2026-04:20% 30%"]) {
      const { r, diagnostics } = await progress({ "plan.csv": PLAN.replace("2026-12,\nC2", `2026-12,${text}\nC2`) });
      expect(r.code, text).toBe(1);
      expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(["2:5 E_PLAN_MILESTONE_SEPARATOR"]);
      expect(diagnostics[0]!.message).toContain("用空格分隔");
    }
    const { r } = await progress({ "plan.csv": PLAN.replace("2026-12,\nC2", "2026-12,2026-04 : 20 ; 2026-08： 60\nC2") });
    expect(r.code, r.stdout).toBe(0);
  });

  it("a percent out of range is still E_PLAN_MILESTONE_PERCENT", async () => {
    const { diagnostics } = await progress({ "plan.csv": PLAN.replace("2026-12,\nC2", "2026-12,2026-04:120;2026-08:60\nC2") });
    expect(diagnostics.map((d) => d.code)).toEqual(["E_PLAN_MILESTONE_PERCENT"]);
    expect(diagnostics[0]!.message).toBe("计划节点“2026-04:120”的百分比应在 0 到 100 之间");
  });

  it("a percent with a full-width digit or ％, or a space before %, is said to be so, as in progress.csv, not out of range", async () => {
    for (const [text, message] of [
      ["2026-04:１０", "计划节点“2026-04:１０”的百分比写法不对（其中“１”是全角字符，须用半角，即英文输入法）"],
      ["2026-04:70％", "计划节点“2026-04:70％”的百分比写法不对（其中“％”是全角字符，须用半角，即英文输入法）"],
      ["2026-04:10 %", "计划节点“2026-04:10 %”的百分比在 % 前多了空格"],
    ]) {
      const { diagnostics } = await progress({ "plan.csv": PLAN.replace("2026-12,\nC2", `2026-12,${text}\nC2`) });
      expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`), text).toEqual(["2:5 E_PLAN_MILESTONE_PERCENT"]);
      expect(diagnostics[0]!.message).toBe(message);
      expect(diagnostics[0]!.message).not.toContain("0 到 100");
    }
    const { diagnostics } = await progress({ "progress.csv": REPORTS.replace("C1,2026-06,40", "C1,2026-06,3 %") });
    expect(diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([["E_REPORT_PROGRESS", "形象进度“3 %”在 % 前多了空格", "去掉 % 前的空格，例如 35%"]]);
    const dir = await makeSession({ "plan.csv": PLAN.replace("2026-12,\nC2", "2026-12,2026-04:10 %\nC2"), "progress.csv": REPORTS });
    const r = await runCli(["progress", dir, "--lang", "en"]);
    expect(r.stderr).toContain("E_PLAN_MILESTONE_PERCENT The percent of milestone “2026-04:10 %” has a space before the %\n    hint: Remove the space before the %, as in 2026-04:20%\n");
  });
});

describe("a project taken out of the plan with its past report rows left in progress.csv", () => {
  it("gives the hint once, at the first row, with the number of rows and that they are to be removed", async () => {
    const rows = ["C9,2026-01,5", "C9,2026-02,10", "C9,2026-03,15"];
    const { r, diagnostics } = await progress({ "progress.csv": `${REPORTS}${rows.join("\n")}\n` });
    expect(r.code).toBe(1);
    const unknown = diagnostics.filter((d) => d.code === "E_REPORT_UNKNOWN_ID");
    expect(unknown.map((d) => d.line)).toEqual([6, 7, 8]);
    expect(unknown[0]!.message).toBe("编号“C9”不在 plan.csv 中（共 3 行）");
    expect(unknown[0]!.hint).toContain("已从计划中撤下的，删去它的这 3 行报送（或移到另一个文件中保存）");
    expect(unknown.slice(1).map((d) => [d.message, d.hint])).toEqual([["编号“C9”不在 plan.csv 中（同第 6 行）", undefined], ["编号“C9”不在 plan.csv 中（同第 6 行）", undefined]]);
  });

  it("a single unknown row keeps the short hint", async () => {
    const { diagnostics } = await progress({ "progress.csv": `${REPORTS}C9,2026-06,5\n` });
    expect(diagnostics.map((d) => [d.code, d.message, d.hint])).toEqual([["E_REPORT_UNKNOWN_ID", "编号“C9”不在 plan.csv 中", "核对编号，或先在 plan.csv 中加上这个项目"]]);
  });

  it("in English too", async () => {
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": `${REPORTS}C9,2026-01,5\nC9,2026-02,10\n` });
    const r = await runCli(["progress", dir, "--lang", "en"]);
    expect(r.stderr).toContain("progress.csv:6:1 E_REPORT_UNKNOWN_ID ID “C9” is not in plan.csv (2 rows)\n    hint: Check the ID, or add the project to plan.csv first; for a project taken out of the plan, delete its 2 report rows (or keep them in another file)\n");
    expect(r.stderr).toContain("progress.csv:7:1 E_REPORT_UNKNOWN_ID ID “C9” is not in plan.csv (as on line 6)\n");
    expect(r.stderr).not.toContain("(as on line 6)\n    hint");
  });
});

describe("a month Excel turned into a date when it saved the CSV file", () => {
  it("is still refused, with a hint that says so and how to avoid it (progress.csv)", async () => {
    const others = ["2026年6月", "2026年6月1日", "2026/6", "Jun-26", "1-Jun-26", "13/6/2026 0:00", "6/13/2026"];
    for (const value of ["2026/6/1", "2026/6/1 0:00", "2026-6-1 0:00", ...others]) {
      const { r, diagnostics } = await progress({ "progress.csv": REPORTS.replace("C1,2026-06", `C1,${value}`) });
      expect(r.code).toBe(1);
      expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(["4:2 E_REPORT_MONTH"]);
      expect(diagnostics[0]!.message).toBe(`截至“${value}”不是月份`);
      expect(diagnostics[0]!.hint).toMatch(/Excel 另存为 CSV 时把月份当成日期.*改回 YYYY-MM 的写法：2026-06；.*progress\.xlsx.*“文本”/);
      expect(diagnostics[0]!.hint).not.toContain("README");
    }
    // The month to write back is the clerk's own, not an example's.
    for (const [value, month] of [["2026/9/1", "2026-09"], ["12/13/2026", "2026-12"], ["13/12/2026", "2026-12"], ["Jan-27", "2027-01"], ["1/1/2026", "2026-01"]]) {
      const { diagnostics } = await progress({ "progress.csv": REPORTS.replace("C1,2026-06", `C1,${value}`) });
      expect(diagnostics[0]!.hint, value).toContain(`改回 YYYY-MM 的写法：${month}；`);
    }
  });

  it("a day's serial number (46174: the cell lost its date format, in a workbook as in a CSV file) is said as such, not as a CSV saving", async () => {
    for (const [value, month] of [["46174", "2026-06"], ["46296", "2026-10"]]) {
      const { r, diagnostics } = await progress({ "progress.csv": REPORTS.replace("C1,2026-06", `C1,${value}`) });
      expect(r.code).toBe(1);
      expect(diagnostics.map((d) => [`${d.line}:${d.column} ${d.code}`, d.message, d.hint])).toEqual([[
        "4:2 E_REPORT_MONTH", `截至“${value}”不是月份`, `这是 Excel 的日期序列号（即 ${month}）：这一格丢了日期格式。在表格中把它设为日期格式，或直接改填 ${month}`,
      ]]);
    }
  });

  it("a day and a month both 12 or under (01/12/2026) are read both ways round: month first (US) or day first (en-GB)", async () => {
    for (const value of ["01/12/2026", "1/12/2026 0:00"]) {
      const { diagnostics } = await progress({ "progress.csv": REPORTS.replace("C1,2026-06", `C1,${value}`) });
      expect(diagnostics.map((d) => d.code)).toEqual(["E_REPORT_MONTH"]);
      expect(diagnostics[0]!.hint, value).toContain("改回 YYYY-MM 的写法：2026-01 或 2026-12，请对照原表；");
    }
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS.replace("C1,2026-06", "C1,01/12/2026") });
    const r = await runCli(["progress", dir, "--lang", "en"]);
    expect(r.stderr).toContain("write it back as YYYY-MM, here 2026-01 or 2026-12 (day or month first cannot be told: check the original sheet); keeping");
  });

  it("in plan.csv's 开始 and 完成时限 too, naming plan.xlsx; a month merely malformed keeps the plain hint", async () => {
    const { diagnostics } = await progress({ "plan.csv": PLAN.replace("C1,甲,2026-03,2026-12", "C1,甲,2026年3月,Dec-26").replace("C2,乙,2026-01", "C2,乙,2026-1x") });
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`).sort()).toEqual(["2:3 E_PLAN_MONTH", "2:4 E_PLAN_MONTH", "3:3 E_PLAN_MONTH"]);
    const hints = diagnostics.map((d) => d.hint);
    expect(hints.filter((h) => /plan\.xlsx/.test(h!))).toHaveLength(2);
    expect(hints.filter((h) => h!.startsWith("写成 YYYY-MM"))).toHaveLength(1);
  });

  it("in English", async () => {
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS.replace("C1,2026-06", "C1,2026/6/1") });
    const r = await runCli(["progress", dir, "--lang", "en"]);
    expect(r.stderr).toContain("E_REPORT_MONTH The 截至 value “2026/6/1” is not a month (YYYY-MM)\n    hint: Excel turned the month into a date when it saved the CSV file: write it back as YYYY-MM, here 2026-06; keeping the sheet as progress.xlsx (its dates are read correctly), or");
  });
});

describe("a lag limit written as a fraction that has no finite decimal", () => {
  it("is printed as a decimal with one place, on the terminal and in the bulletin", async () => {
    const json = JSON.stringify({ lag: { behind: "100/3", severe: "100/3" } });
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS, "progress.json": json });
    const r = await runCli(["progress", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("（滞后：差距超过 33.3 个百分点；严重滞后：超过 33.3 个百分点）");
    const { readFile } = await import("node:fs/promises");
    const html = await readFile(path.join(dir, "out", "progress.html"), "utf8");
    expect(html).toContain("超过 33.3 个百分点；严重滞后：超过 33.3 个百分点");
    expect(html).not.toContain("100/3");
    const en = await runCli(["progress", dir, "--lang", "en"]);
    expect(en.stdout).toContain("more than 33.3 percentage points short of plan; severely behind: more than 33.3)");
  });

  it("a limit under 1 keeps two significant digits, so it never reads 0.0 (1/30 → 0.033, 2/3 → 0.67)", async () => {
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS, "progress.json": JSON.stringify({ lag: { behind: "1/30", severe: "2/3" } }) });
    const r = await runCli(["progress", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("（滞后：差距超过 0.033 个百分点；严重滞后：超过 0.67 个百分点）");
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(path.join(dir, "out", "progress.html"), "utf8")).toContain("超过 0.033 个百分点；严重滞后：超过 0.67 个百分点");
  });

  it("a limit with a finite decimal is written as it is (12.5, 10)", async () => {
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS, "progress.json": JSON.stringify({ lag: { behind: "25/2" } }) });
    const r = await runCli(["progress", dir]);
    expect(r.stdout).toContain("（滞后：差距超过 12.5 个百分点；严重滞后：超过 30 个百分点）");
  });
});

/** progress.xlsx: 编号, 截至, 形象进度 with each row's progress cell as given (a value, or a formula and its result). */
async function progressWorkbook(rows: [string, string, ExcelJS.CellValue, string?][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  ws.addRow(["编号", "截至", "形象进度"]);
  for (const [id, month, value, format] of rows) {
    const row = ws.addRow([id, month, value]);
    if (format) row.getCell(3).numFmt = format;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("a progress workbook cell holding a fraction without the percent format", () => {
  it("is read as it is, with a warning naming the cell: 0.45 looks like 45%", async () => {
    const xlsx = await progressWorkbook([
      ["C1", "2026-06", { formula: "9/20", result: 0.45 }],
      ["C2", "2026-06", 0.3, "0%"],
    ]);
    const dir = await makeSession({ "plan.csv": PLAN, "progress.xlsx": xlsx });
    const r = await runCli(["progress", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.projects.map((p: { actual: number }) => p.actual)).toEqual([0.45, 30]);
    const warnings = r.json.warnings.filter((w: Diagnostic) => w.code === "W_PROGRESS_FRACTION");
    expect(warnings.map((w: Diagnostic) => [w.file, w.cell])).toEqual([["progress.xlsx", "Sheet1!C2"]]);
    expect(warnings[0].message).toBe("项目 C1 的形象进度 0.45 在 0 和 1 之间，按 0.45% 计算，像是写成了小数");
    expect(warnings[0].hint).toBe("如果是 45%，把这一格设为百分比格式，或直接填 45；确实是 0.45% 的可不理会");
    const en = await runCli(["progress", dir, "--lang", "en"]);
    expect(en.stderr).toContain("hint: If 45% was meant, format the cell as a percentage or type 45");
  });

  it("a formula's 1 (=20/20, General format) is warned about, likely 100%; a typed 1 may be 1% and is not", async () => {
    const xlsx = await progressWorkbook([
      ["C1", "2026-06", { formula: "20/20", result: 1 }],
      ["C2", "2026-06", 1],
    ]);
    const dir = await makeSession({ "plan.csv": PLAN, "progress.xlsx": xlsx });
    const r = await runCli(["progress", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    const warnings = r.json.warnings.filter((w: Diagnostic) => w.code === "W_PROGRESS_FRACTION");
    expect(warnings.map((w: Diagnostic) => w.cell)).toEqual(["Sheet1!C2"]);
    expect(warnings[0].message).toBe("项目 C1 的形象进度 1 由公式算出、没有设成百分比格式，按 1% 计算，像是把 100% 写成了 1");
    expect(warnings[0].hint).toBe("如果是 100%，把这一格设为百分比格式，或直接填 100；确实是 1% 的可不理会");
    const en = await runCli(["progress", dir, "--lang", "en"]);
    expect(en.stderr).toContain("Project C1: progress 1 is a formula's result without the percentage format and is read as 1%; it looks like 100% written as 1\n");
  });

  it("the same 0.45 in progress.csv is taken as written, without a warning (0.45 % may be meant there)", async () => {
    const { r } = await progress({ "progress.csv": REPORTS.replace("C1,2026-05,20", "C1,2026-05,0.2").replace("C1,2026-06,40", "C1,2026-06,0.45") });
    expect(r.code).toBe(0);
    expect(r.json.warnings).toEqual([]);
  });
});
