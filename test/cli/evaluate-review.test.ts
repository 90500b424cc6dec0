// piaojue evaluate, three points of the contract (SPEC §4, §5, §8): hand counts that do not add up because a
// project's row is all zeros or missing; which unknown columns of the forms are projects not in the list
// (a warning) and which are refused; and the project list validated in full, as candidates.csv or as a
// tally's results.csv.
import { promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli, snapshot } from "../helpers.js";

const EVALUATION = JSON.stringify({ title: "测评", projects: "candidates.csv", groups: { 代表: { weight: "0.6", members: 10 }, 群众: { weight: "0.4" } }, grade: {} }, null, 2);
const CANDIDATES = "编号,项目名称\nP1,甲项目\nP2,乙项目\n";
const FORMS = "组别,P1,P2\n代表,满意,满意\n代表,满意,基本满意\n代表,基本满意,\n代表,满意,不满意\n代表,满意,满意\n群众,满意,满意\n群众,不满意,满意\n群众,基本满意,满意\n群众,满意,弃权\n群众,满意,满意\n";
const COUNTS_HEADER = "编号,组别,满意,基本满意,不满意,弃权";

type Diag = { severity: string; code: string; file: string; line: number; column: number; message: string; hint?: string };

async function folder(files: Record<string, string>, drop: string[] = []) {
  const dir = await makeSession({ "evaluation.json": EVALUATION, "candidates.csv": CANDIDATES, "evaluations.csv": FORMS, ...files });
  for (const f of drop) await fs.rm(path.join(dir, f));
  return dir;
}

/** Runs evaluate with and without --json and checks that it refused, said where, and wrote nothing. */
async function refused(dir: string): Promise<{ stderr: string; diagnostics: Diag[] }> {
  await fs.mkdir(path.join(dir, "out"), { recursive: true });
  await fs.writeFile(path.join(dir, "out", "satisfaction.csv"), "old");
  const before = await snapshot(dir);
  const r = await runCli(["evaluate", dir]);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain("未写出任何文件");
  const j = await runCli(["evaluate", dir, "--json"]);
  expect(j.code).toBe(1);
  expect(j.json).toMatchObject({ ok: false, command: "evaluate" });
  expect(await snapshot(dir)).toEqual(before);
  return { stderr: r.stderr, diagnostics: j.json.error.diagnostics };
}

const where = (d: Diag[]) => d.map((x) => `${x.file}:${x.line}:${x.column} ${x.code}`);

describe("hand counts whose forms do not add up (SPEC §8)", () => {
  it("warns about a row of zeros, naming the project's id and name, and leaves that group out of its figures", async () => {
    const counts = `${COUNTS_HEADER}\nP1,代表,5,3,1,1\nP2,代表,0,0,0,0\nP1,群众,20,10,5,5\nP2,群众,25,10,5,0\n`;
    const dir = await folder({ "evaluation-counts.csv": counts }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.json.warnings as Diag[];
    expect(where(warnings)).toEqual(["evaluation-counts.csv:3:1 W_EVAL_TOTALS_DIFFER"]);
    expect(warnings[0]!.message).toContain("“P2 乙项目”在组别“代表”的测评票数 0");
    expect(warnings[0]!.message).toContain("该组有测评票的项目通常的 10 份不同");
    const p2 = r.json.data.projects[1];
    expect(p2.groups.map((g: { group: string; weight: number }) => [g.group, g.weight])).toEqual([["群众", 1]]);
    expect(p2.combined.overallRate).toBeCloseTo(35 / 40, 12);
    const csv = readFileSync(path.join(dir, "out", "satisfaction.csv"), "utf8");
    expect(csv).not.toContain("P2,乙项目,代表");
    const human = await runCli(["evaluate", dir]);
    expect(human.stderr).toMatch(/evaluation-counts\.csv:3:1 W_EVAL_TOTALS_DIFFER “P2 乙项目”/);
  });

  it("gives a group the usual total as its number of forms, the one its warning names, not the largest", async () => {
    const CANDS = "编号,项目名称\nD1,甲\nD2,乙\nD3,丙\nD4,丁\n";
    const counts = `${COUNTS_HEADER}\n${["D1", "D2", "D3", "D4"].map((id) => `${id},代表,5,3,1,1`).join("\n")}\nD1,群众,5,3,1,1\nD2,群众,5,3,1,1\nD3,群众,5,3,1,2\nD4,群众,5,3,0,0\n`;
    const dir = await folder({ "evaluation-counts.csv": counts, "candidates.csv": CANDS }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.groups.map((g: { group: string; forms: number }) => [g.group, g.forms])).toEqual([["代表", 10], ["群众", 10]]);
    const differ = (r.json.warnings as Diag[]).filter((w) => w.code === "W_EVAL_TOTALS_DIFFER");
    expect(differ.map((w) => w.line)).toEqual([8, 9]);
    for (const w of differ) expect(w.message).toContain("通常的 10 份");
    // Each project's own figures keep its own total.
    expect(r.json.data.projects[2].groups[1]).toMatchObject({ group: "群众", forms: 11 });
    const human = await runCli(["evaluate", dir]);
    expect(human.stderr + human.stdout).toMatch(/群众（[^）]*10 份/);
  });

  it("warns when hand counts have no 弃权 column and rateBase is \"returned\": the abstentions would be left out of the base unseen", async () => {
    const counts = "编号,组别,满意,基本满意,不满意\nP1,代表,5,3,2\nP2,代表,6,2,2\nP1,群众,20,10,10\nP2,群众,25,10,5\n";
    const returned = JSON.stringify({ ...JSON.parse(EVALUATION), rateBase: "returned" });
    const dir = await folder({ "evaluation-counts.csv": counts, "evaluation.json": returned }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const w = (r.json.warnings as Diag[]).filter((x) => x.code === "W_EVAL_NO_ABSTAIN_COLUMN");
    expect(where(w)).toEqual(["evaluation-counts.csv:1:1 W_EVAL_NO_ABSTAIN_COLUMN"]);
    expect(w[0]!.message).toBe("没有“弃权”列，各项目的弃权都按 0 计，而 rateBase 为 \"returned\"（弃权计入基数）");
    // Under the default base (valid forms) a missing 弃权 column changes nothing: no warning.
    const valid = await folder({ "evaluation-counts.csv": counts }, ["evaluations.csv"]);
    const v = await runCli(["evaluate", valid, "--json"]);
    expect(v.code, v.stderr).toBe(0);
    expect((v.json.warnings as Diag[]).map((x) => x.code)).not.toContain("W_EVAL_NO_ABSTAIN_COLUMN");
  });

  it("warns about a project with no row in a group other projects have rows in", async () => {
    const counts = `${COUNTS_HEADER}\nP1,代表,5,3,1,1\nP2,代表,6,2,1,1\nP1,群众,20,10,5,5\n`;
    const dir = await folder({ "evaluation-counts.csv": counts }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.json.warnings as Diag[];
    expect(where(warnings)).toEqual(["evaluation-counts.csv:1:1 W_EVAL_TOTALS_DIFFER"]);
    expect(warnings[0]!.message).toContain("“P2 乙项目”在组别“群众”没有汇总行");
    expect(warnings[0]!.message).toContain("40");
    expect(warnings[0]!.hint).toContain("补上“P2”在组别“群众”的一行");
    expect(r.json.data.projects[1].groups.map((g: { group: string }) => g.group)).toEqual(["代表"]);
  });

  it("a project with no row anywhere gets one warning per group and the no-forms warning", async () => {
    const dir = await folder({ "evaluation-counts.csv": `${COUNTS_HEADER}\nP1,代表,5,3,1,1\nP1,群众,20,10,5,5\n` }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect((r.json.warnings as Diag[]).map((w) => [w.code, w.message.match(/组别“(.*?)”/)?.[1] ?? ""])).toEqual([
      ["W_EVAL_TOTALS_DIFFER", "代表"], ["W_EVAL_TOTALS_DIFFER", "群众"], ["W_EVAL_PROJECT_NO_FORMS", ""],
    ]);
  });

  it("a group where every row is zeros is a group without forms, not totals that differ", async () => {
    const counts = `${COUNTS_HEADER}\nP1,代表,5,3,1,1\nP2,代表,6,2,1,1\nP1,群众,0,0,0,0\nP2,群众,0,0,0,0\n`;
    const dir = await folder({ "evaluation-counts.csv": counts }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect((r.json.warnings as Diag[]).map((w) => w.code)).toEqual(["W_EVAL_GROUP_NO_FORMS"]);
  });

  it("says nothing when every project has the group's total", async () => {
    const counts = `${COUNTS_HEADER}\nP1,代表,5,3,1,1\nP2,代表,6,2,1,1\nP1,群众,20,10,5,5\nP2,群众,25,10,5,0\n`;
    const r = await runCli(["evaluate", await folder({ "evaluation-counts.csv": counts }, ["evaluations.csv"]), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.warnings).toEqual([]);
  });

  it("takes the usual total over the projects with forms, so one project of 5 and two of zeros warns about the zeros", async () => {
    const counts = `${COUNTS_HEADER}\nP1,代表,5,0,0,0\nP2,代表,0,0,0,0\n`;
    const dir = await folder({ "evaluation-counts.csv": counts, "evaluation.json": JSON.stringify({ title: "测评", projects: "candidates.csv", groups: { 代表: {} } }) }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.json.warnings as Diag[];
    // P2 then has no group with forms at all, which is said too.
    expect(where(warnings)).toEqual(["evaluation-counts.csv:3:1 W_EVAL_TOTALS_DIFFER", "evaluation-counts.csv:0:0 W_EVAL_PROJECT_NO_FORMS"]);
    expect(warnings[0]!.message).toContain("与该组有测评票的项目通常的 5 份不同");
  });

  it("warns per project about a row of 1–4 forms in a group whose other rows have 5 or more (SPEC §8 anonymity)", async () => {
    const counts = `${COUNTS_HEADER}\nP1,代表,1,1,0,0\nP2,代表,8,0,1,0\nP1,群众,20,10,5,5\nP2,群众,25,10,5,0\n`;
    const dir = await folder({ "evaluation-counts.csv": counts }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.json.warnings as Diag[];
    expect(where(warnings)).toEqual(["evaluation-counts.csv:2:1 W_EVAL_TOTALS_DIFFER", "evaluation-counts.csv:2:1 W_EVAL_FEW_FORMS"]);
    expect(warnings[1]!.message).toBe("项目“P1 甲项目”在组别“代表”只有 2 份测评票，少于 5 份，难以保证无记名");
    expect(r.json.data.projects[0].groups[0].fewForms).toBe(true);
    const en = await runCli(["evaluate", dir, "--lang", "en"]);
    expect(en.stderr).toContain("W_EVAL_FEW_FORMS Project “P1 甲项目” in group “代表” has only 2 forms");
  });
});

describe("columns of the forms that are not listed projects (SPEC §5, §8)", () => {
  /** FORMS with one more column, every cell of it 满意. */
  const withColumn = (header: string) => FORMS.split("\n").map((l, i) => (i === 0 ? `${l},${header}` : l === "" ? l : `${l},满意`)).join("\n");

  it("warns about a column headed like an id and does not count it", async () => {
    const dir = await folder({ "evaluations.csv": withColumn("P9") });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(where(r.json.warnings)).toEqual(["evaluations.csv:1:4 W_EVAL_PROJECT_NOT_LISTED"]);
    expect(r.json.data.projects.map((p: { id: string }) => p.id)).toEqual(["P1", "P2"]);
  });

  it("refuses a cell of an unlisted project's column that is not an evaluation mark (it could identify the person)", async () => {
    const forms = FORMS.split("\n").map((l, i) => (i === 0 ? `${l},seat` : l === "" ? l : `${l},${i === 3 ? "13" : "满意"}`)).join("\n");
    const { diagnostics } = await refused(await folder({ "evaluations.csv": forms }));
    expect(where(diagnostics).filter((d) => d.includes("E_"))).toEqual(["evaluations.csv:4:4 E_EVAL_MARK"]);
  });

  it("refuses a column that is not recognisably a project, even when every cell is a mark", async () => {
    const { stderr, diagnostics } = await refused(await folder({ "evaluations.csv": withColumn("备注") }));
    expect(where(diagnostics)).toEqual(["evaluations.csv:1:4 E_UNKNOWN_COLUMN"]);
    expect(stderr).toContain("evaluations.csv:1:4 E_UNKNOWN_COLUMN 列“备注”不是项目清单中的项目");
    expect(stderr).toMatch(/提示：项目的列名用项目清单中的编号或完整的项目名称（P1、P2）；测评表文件只能有“组别”和各项目的列/);
    expect(stderr).not.toContain("暴露填表人身份");
  });

  it("names the project a misspelt column most likely is, without the identity wording that would have its forms deleted", async () => {
    const { stderr, diagnostics } = await refused(await folder({ "evaluations.csv": "组别,P1,乙 项目\n代表,满意,满意\n" }));
    expect(where(diagnostics)).toEqual(["evaluations.csv:1:3 E_UNKNOWN_COLUMN", "evaluations.csv:1:1 E_MISSING_COLUMN"]);
    expect(stderr).toContain("列“乙 项目”不是项目清单中的项目，也不是“组别”，是不是项目“P2 乙项目”？");
    expect(stderr).not.toContain("暴露填表人身份");
    expect(stderr).not.toContain("删除这一列");
  });

  it("refuses a column naming a project by a name no row of the list has", async () => {
    const { diagnostics } = await refused(await folder({ "evaluations.csv": "组别,P1,P2,丙项目\n代表,满意,满意,满意\n" }));
    expect(where(diagnostics)).toEqual(["evaluations.csv:1:4 E_UNKNOWN_COLUMN"]);
  });

  it("takes the name of a results.csv row that was not selected for a project not in the list", async () => {
    const results = "名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次\n1,P1,甲项目,9,1,0,90.0%,当选,1\n2,P2,乙项目,8,2,0,80.0%,当选,1\n3,P3,丙项目,2,8,0,20.0%,未过半数,1\n";
    const evaluation = EVALUATION.replace("candidates.csv", "results.csv");
    const ok = await runCli(["evaluate", await folder({ "evaluation.json": evaluation, "results.csv": results, "evaluations.csv": "组别,P1,P2,丙项目\n代表,满意,满意,满意\n" }), "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(where(ok.json.warnings).filter((w) => !w.includes("FEW_FORMS") && !w.includes("GROUP_NO_FORMS"))).toEqual(["evaluations.csv:1:4 W_EVAL_PROJECT_NOT_LISTED"]);
    expect(ok.json.warnings.find((w: Diag) => w.code === "W_EVAL_PROJECT_NOT_LISTED").message).toContain("丙项目");
    const { diagnostics } = await refused(await folder({ "evaluation.json": evaluation, "results.csv": results, "evaluations.csv": "组别,P1,P2,丁项目\n代表,满意,满意,满意\n" }));
    expect(where(diagnostics)).toEqual(["evaluations.csv:1:4 E_UNKNOWN_COLUMN"]);
  });

  it("says a project of results.csv not 当选 is not evaluated, not that it is missing from the list, in each file that names it", async () => {
    const results = "名次,编号,项目名称,结果\n1,P1,甲项目,当选\n2,P2,乙项目,当选\n3,P3,丙项目,未当选\n";
    const evaluation = EVALUATION.replace("candidates.csv", "results.csv");
    const notes = async (files: Record<string, string>, drop: string[] = []) => {
      const dir = await folder({ "evaluation.json": evaluation, "results.csv": results, ...files }, drop);
      const [zh, en] = [await runCli(["evaluate", dir, "--json"]), await runCli(["--lang", "en", "evaluate", dir])];
      expect(zh.code, zh.stderr).toBe(0);
      // --json's messages are Chinese; English is read from stderr (a warning's line, then its hint's).
      const lines = en.stderr.split("\n").map((l) => l.trim());
      const english = lines.flatMap((l, i) => (/ W_\w+_NOT_LISTED /.test(l) ? [[l.replace(/^.* W_\w+_NOT_LISTED /, ""), lines[i + 1]!.replace(/^hint: /, "")]] : []));
      return [...(zh.json.warnings as Diag[]).filter((w) => /NOT_LISTED/.test(w.code)).map((w) => [w.message, w.hint]), ...english];
    };
    const column = await notes({ "evaluations.csv": "组别,P1,P2,P3\n代表,满意,满意,满意\n" });
    expect(column).toEqual([
      ["“P3 丙项目”在 results.csv 中未当选，不测评，其测评结果未计入", "只测评项目清单中结果为“当选”的项目：删去这一列；若它确已当选，确认 evaluation.json 的 projects 指向最终的计票结果"],
      ["“P3 丙项目” was not selected (当选) in results.csv, so it is not evaluated; its results were not counted", expect.stringMatching(/^Only the projects whose result in the project list is 当选 are evaluated: delete this column;/)],
    ]);
    const counts = `${COUNTS_HEADER}\nP1,代表,5,0,0,0\nP2,代表,5,0,0,0\n丙项目,代表,5,0,0,0\n`;
    const rows = await notes({ "evaluation-counts.csv": counts, "indicators.csv": "编号,指标,目标值,完成值\nP3,x,1,1\n" }, ["evaluations.csv"]);
    expect(rows.map(([message]) => message)).toEqual([
      "“P3 丙项目”在 results.csv 中未当选，不测评，其测评结果未计入",
      "“P3 丙项目”在 results.csv 中未当选，不测评，这一指标未计入",
      "“P3 丙项目” was not selected (当选) in results.csv, so it is not evaluated; its results were not counted",
      "“P3 丙项目” was not selected (当选) in results.csv, so it is not evaluated; this indicator was not counted",
    ]);
    expect(rows[0]![1]).toContain("删去这一行");
    // A row tied in a tally not final is named with its result, not as 未当选.
    const tied = "名次,编号,项目名称,结果\n1,P1,甲项目,当选\n2,P2,乙项目,得票相等待再次票决\n2,P3,丙项目,得票相等待再次票决\n";
    const dir = await folder({ "evaluation.json": evaluation, "results.csv": tied, "evaluations.csv": "组别,P1,P2\n代表,满意,满意\n" });
    const [zh, en] = [await runCli(["evaluate", dir, "--json"]), await runCli(["--lang", "en", "evaluate", dir])];
    expect((zh.json.warnings as Diag[]).find((w) => w.code === "W_EVAL_PROJECT_NOT_LISTED")!.message).toBe("“P2 乙项目”在 results.csv 中的结果是“得票相等待再次票决”，不是当选，不测评，其测评结果未计入");
    expect(en.stderr).toContain("“P2 乙项目” was not selected (当选) in results.csv (its result there is “得票相等待再次票决”), so it is not evaluated");
  });
});

describe("a group whose forms all abstain on one project", () => {
  it("is warned about (a column missed in the entry, most likely), at its hand-count row; a project all groups abstain on keeps its own warning", async () => {
    const counts = `${COUNTS_HEADER}\nP1,代表,5,3,1,1\nP2,代表,0,0,0,10\nP1,群众,20,10,5,5\nP2,群众,25,10,5,0\n`;
    const dir = await folder({ "evaluation-counts.csv": counts }, ["evaluations.csv"]);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const w = (r.json.warnings as Diag[]).filter((x) => x.code === "W_EVAL_GROUP_ONLY_ABSTAIN");
    expect(where(w)).toEqual(["evaluation-counts.csv:3:1 W_EVAL_GROUP_ONLY_ABSTAIN"]);
    expect(w[0]!.message).toBe("项目“P2 乙项目”在组别“代表”的 10 份测评票都是弃权，其他组别有评价");
    const all = `${COUNTS_HEADER}\nP1,代表,5,3,1,1\nP2,代表,0,0,0,10\nP1,群众,20,10,5,5\nP2,群众,0,0,0,40\n`;
    const both = await runCli(["evaluate", await folder({ "evaluation-counts.csv": all }, ["evaluations.csv"]), "--json"]);
    const codes = (both.json.warnings as Diag[]).map((x) => x.code);
    expect(codes).toContain("W_EVAL_PROJECT_ONLY_ABSTAIN");
    expect(codes).not.toContain("W_EVAL_GROUP_ONLY_ABSTAIN");
  });
});

describe("grade.base \"members\" written out with no group's members", () => {
  it("warns at each group that its grade stands on valid forms; with members beside a group without (SPEC §8's example) there is no warning", async () => {
    const config = (groups: object) => JSON.stringify({ title: "测评", projects: "candidates.csv", groups, grade: { base: "members" } });
    const none = await folder({ "evaluation.json": config({ 代表: { weight: "0.6" }, 群众: { weight: "0.4" } }) });
    const r = await runCli(["evaluate", none, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const w = (r.json.warnings as Diag[]).filter((x) => x.code === "W_GRADE_BASE_VALID");
    expect(w.map((x) => [x.file, x.message])).toEqual([
      ["evaluation.json", "组别“代表”没有应参加人数 members，等次按它的有效测评票数评定，而不是按应参加人数"],
      ["evaluation.json", "组别“群众”没有应参加人数 members，等次按它的有效测评票数评定，而不是按应参加人数"],
    ]);
    const some = await folder({ "evaluation.json": config({ 代表: { weight: "0.6", members: 10 }, 群众: { weight: "0.4" } }) });
    expect(((await runCli(["evaluate", some, "--json"])).json.warnings as Diag[]).map((x) => x.code)).not.toContain("W_GRADE_BASE_VALID");
  });
});

describe("the project list is validated in full (SPEC §4)", () => {
  const bad: [string, string, string[]][] = [
    ["an unknown column", "编号,项目名称,负责人\nP1,甲项目,张三\nP2,乙项目,李四\n", ["candidates.csv:1:3 E_UNKNOWN_COLUMN"]],
    ["a bad budget", "编号,项目名称,投入资金（万元）\nP1,甲项目,一百\nP2,乙项目,35.5\n", ["candidates.csv:2:3 E_BUDGET"]],
    ["a duplicate id", "编号,项目名称\nP1,甲项目\nP1,乙项目\n", ["candidates.csv:3:1 E_DUPLICATE_ID"]],
    ["an id that is not an id", "编号,项目名称\nP1,甲项目\n项目二,乙项目\n", ["candidates.csv:3:1 E_CANDIDATE_ID"]],
    ["an unknown parent", "编号,项目名称,所属项目\nP1,甲项目,\nP2,乙项目,P7\n", ["candidates.csv:3:3 E_PARENT_UNKNOWN"]],
  ];
  for (const [what, candidates, expected] of bad) {
    it(`refuses a candidates.csv with ${what}`, async () => {
      const { stderr, diagnostics } = await refused(await folder({ "candidates.csv": candidates }));
      expect(where(diagnostics)).toEqual(expected);
      expect(stderr).toContain(expected[0]!);
    });
  }

  it("accepts a full candidates.csv with English headers and 备注", async () => {
    const r = await runCli(["evaluate", await folder({ "candidates.csv": "id,name,budget,备注\nP1,甲项目,120,\nP2,乙项目,35.5,补\n" }), "--json"]);
    expect(r.code, r.stderr).toBe(0);
  });

  const RESULTS = "名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次\n1,P1,甲项目,9,1,0,90.0%,当选,1\n2,P2,乙项目,8,2,0,80.0%,当选,1\n3,P3,丙项目,2,8,0,20.0%,未过半数,1\n";
  const withResults = (results: string) => folder({ "evaluation.json": EVALUATION.replace("candidates.csv", "results.csv"), "results.csv": results });

  it("accepts a results.csv with only 编号, 项目名称 and 结果, in any order", async () => {
    const r = await runCli(["evaluate", await withResults("结果,项目名称,编号\n当选,甲项目,P1\n当选,乙项目,P2\n未当选,丙项目,P3\n"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.projects.map((p: { id: string }) => p.id)).toEqual(["P1", "P2"]);
  });

  const badResults: [string, string, string[]][] = [
    ["a column tally does not write", RESULTS.replace("轮次\n", "轮次,备注\n").replace(/,1\n/g, ",1,x\n"), ["results.csv:1:10 E_UNKNOWN_COLUMN"]],
    ["an English header", RESULTS.replace("编号", "id"), ["results.csv:1:2 E_UNKNOWN_COLUMN", "results.csv:1:1 E_MISSING_COLUMN"]],
    ["a column twice", RESULTS.replace("轮次\n", "结果\n").replace(/,1\n/g, ",当选\n"), ["results.csv:1:9 E_DUPLICATE_HEADER"]],
    ["no 项目名称", "编号,结果\nP1,当选\n", ["results.csv:1:1 E_MISSING_COLUMN"]],
    ["a result that is not one", RESULTS.replace("未过半数", "通过"), ["results.csv:4:8 E_RESULT_VALUE"]],
    ["a count that is not a number", RESULTS.replace("2,P2,乙项目,8", "2,P2,乙项目,八"), ["results.csv:3:4 E_COUNT_NUMBER"]],
    ["an id twice, selected or not", RESULTS.replace("3,P3,丙项目", "3,P1,丙项目"), ["results.csv:4:2 E_DUPLICATE_ID"]],
  ];
  for (const [what, results, expected] of badResults) {
    it(`refuses a results.csv with ${what}`, async () => {
      const { stderr, diagnostics } = await refused(await withResults(results));
      expect(where(diagnostics)).toEqual(expected);
      expect(stderr).toContain(expected[0]!);
    });
  }

  it("says what a results.csv may have, in English too", async () => {
    const dir = await withResults(RESULTS.replace("未过半数", "通过"));
    const zh = await runCli(["evaluate", dir]);
    expect(zh.stderr).toContain("results.csv:4:8 E_RESULT_VALUE 第 4 行的结果“通过”不是计票结果");
    expect(zh.stderr).toContain("结果只能是：当选、未当选、未过半数、得票相等待再次票决");
    const en = await runCli(["evaluate", dir, "--lang", "en"]);
    expect(en.stderr).toContain("results.csv:4:8 E_RESULT_VALUE The result (结果) “通过” is not one a tally writes");
  });
});

describe("indicators.csv names its project by id or by full name, as evaluation-counts.csv does (SPEC §8)", () => {
  it("counts an indicator whose 编号 cell is the project's name, and warns only about a cell that is neither", async () => {
    const indicators = "编号,指标,目标值,完成值,权重\nP1,a,10,10,1\n乙项目,b,10,5,1\n丙项目,c,10,0,1\n";
    const dir = await folder({ "indicators.csv": indicators });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(where(r.json.warnings as Diag[])).toEqual(["indicators.csv:4:1 W_INDICATOR_PROJECT_NOT_LISTED"]);
    expect(r.json.data.projects.map((p: { combined: { completion: number } }) => p.combined.completion)).toEqual([1, 0.5]);
  });
});

describe("many forms of the wrong width", () => {
  it("lists 50 and says how many more with E_MORE_ERRORS, as the ballots do", async () => {
    const rows = Array.from({ length: 60 }, () => "代表,满意\n").join("");
    const { diagnostics } = await refused(await folder({ "evaluations.csv": `组别,P1,P2\n${rows}` }));
    expect(diagnostics.filter((d) => d.code === "E_CSV_FIELD_COUNT")).toHaveLength(50);
    expect(where(diagnostics).at(-1)).toBe("evaluations.csv:52:1 E_MORE_ERRORS");
  });
});
