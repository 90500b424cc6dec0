// piaojue evaluate through the command line (SPEC §8–§10): outputs, the audit trail, determinism, encodings
// and refusals of bad input with nothing written.
import { promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { makeSession, runCli, scratchCopy, SEEDS, sha256, snapshot } from "../helpers.js";

const HEADER = "编号,项目名称,组别,测评票数,满意,基本满意,不满意,弃权,满意率,总体满意率,得分,等次,完成率,达标";

const EVALUATION = JSON.stringify({ title: "测评", projects: "candidates.csv", groups: { 代表: { weight: "0.6", members: 10 }, 群众: { weight: "0.4" } }, grade: {} }, null, 2);
const CANDIDATES = "编号,项目名称\nP1,甲项目\nP2,乙项目\n";
const FORMS = "组别,P1,P2\n代表,满意,满意\n代表,满意,基本满意\n代表,基本满意,\n代表,满意,不满意\n代表,满意,满意\n群众,满意,满意\n群众,不满意,满意\n群众,基本满意,满意\n群众,满意,弃权\n群众,满意,满意\n";

function small(extra: Record<string, string | Uint8Array> = {}) {
  return makeSession({ "evaluation.json": EVALUATION, "candidates.csv": CANDIDATES, "evaluations.csv": FORMS, ...extra });
}

describe("evaluate on the sample evaluation", () => {
  it("evaluates the ten selected projects by 代表 and 群众 and writes the outputs", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, command: "evaluate", schemaVersion: 1 });
    const data = r.json.data;
    expect(data.projects.map((p: { id: string }) => p.id)).toEqual(["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10"]);
    expect(data.groups).toEqual([
      { group: "代表", weight: "0.6", members: 58, forms: 54 },
      { group: "群众", weight: "0.4", members: null, forms: 240 },
    ]);
    for (const p of data.projects) {
      expect(p.groups.map((g: { group: string }) => g.group)).toEqual(["代表", "群众"]);
      expect(typeof p.combined.completion).toBe("number");
      expect(typeof p.combined.pass).toBe("boolean");
    }
    expect(r.json.warnings).toEqual([]);
    const out = await snapshot(path.join(dir, "out"));
    expect([...out.keys()].sort()).toEqual(["SHA256SUMS", "audit.json", "satisfaction.csv", "satisfaction.docx", "satisfaction.html", "satisfaction.xlsx"]);
    const csv = readFileSync(path.join(dir, "out", "satisfaction.csv"), "utf8");
    expect(csv.startsWith(`\ufeff${HEADER}\r\n`)).toBe(true);
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(1 + 10 * 3);
    const html = readFileSync(path.join(dir, "out", "satisfaction.html"), "utf8");
    expect(html.match(/class="project"/g)).toHaveLength(10);
    expect(html.match(/class="bar" data-group="代表"/g)).toHaveLength(10);
    expect(html.match(/class="bar" data-group="群众"/g)).toHaveLength(10);
    expect(html).toContain("达标线 80.0%");
  });

  it("prints a table for people without --json", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const r = await runCli(["evaluate", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("新桥镇2026年度民生实事项目满意度测评");
    expect(r.stdout).toMatch(/P06\s+农贸市场提升改造\s+综合/);
    expect(r.stdout).toContain("未达标项目");
  });

  it("is deterministic: the same inputs give byte-identical outputs, whatever the time", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    await runCli(["evaluate", dir], { now: new Date("2027-03-01T08:00:00Z") });
    const first = await snapshot(path.join(dir, "out"));
    await runCli(["evaluate", dir], { now: new Date("2027-03-02T09:30:00Z") });
    const second = await snapshot(path.join(dir, "out"));
    for (const f of ["satisfaction.csv", "satisfaction.html", "SHA256SUMS"]) expect(second.get(f), f).toBe(first.get(f));
    expect(second.get("audit.json")).not.toBe(first.get("audit.json"));
  });

  it("lists every input read and every output written in SHA256SUMS, relative to the folder", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    await runCli(["evaluate", dir]);
    const sums = readFileSync(path.join(dir, "out", "SHA256SUMS"), "utf8").trim().split("\n").map((l) => l.split("  "));
    expect(sums.map(([, p]) => p)).toEqual(["evaluation.json", "evaluations.csv", "indicators.csv", "out/satisfaction.csv", "out/satisfaction.docx", "out/satisfaction.html", "out/satisfaction.xlsx", "results.csv"]);
    for (const [hash, p] of sums) expect(sha256(readFileSync(path.join(dir, p!)))).toBe(hash);
    const audit = JSON.parse(readFileSync(path.join(dir, "out", "audit.json"), "utf8"));
    expect(Object.keys(audit.commands)).toEqual(["evaluate"]);
    expect(audit.commands.evaluate.rules).toMatchObject({ rateBase: "valid", passRate: "0.8", levels: { 满意: 100, 基本满意: 60, 不满意: 0 } });
  });

  it("a group without forms in a file that has the 组别 column: the hint says to enter the group's forms under its name", async () => {
    const dir = await small({ "evaluations.csv": FORMS.split("\n").filter((l) => !l.startsWith("群众")).join("\n") });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const w = r.json.warnings.find((x: { code: string }) => x.code === "W_EVAL_GROUP_NO_FORMS");
    expect(w.hint).toBe("若该组已测评，把该组的测评表填进 evaluations.csv，每张一行，“组别”一列写“群众”（还没有“组别”列时先加上这一列）");
  });

  it("an indicator weighted 0 still shows its own 完成比例; it only leaves the project's 完成率", async () => {
    const dir = await small({ "indicators.csv": "编号,指标,目标值,完成值,权重\nP1,甲,10,1,0\nP1,乙,10,10,1\n" });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const p1 = r.json.data.projects.find((p: { id: string }) => p.id === "P1");
    expect(p1.indicators.map((i: { completion: number }) => i.completion)).toEqual([0.1, 1]);
    expect(p1.combined.completion).toBe(1);
    const html = await fs.readFile(path.join(dir, "out", "satisfaction.html"), "utf8");
    expect(html).toMatch(/<td>甲<\/td><td class="num">10<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">10\.0%<\/td>/);
  });

  it("audit fails when an indicators.csv added since would change the evaluation", async () => {
    const dir = await small();
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    expect((await runCli(["audit", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "indicators.csv"), "编号,指标,目标值,完成值,权重\nP1,新建公厕,10,5,1\n");
    const bad = await runCli(["audit", dir, "--json"]);
    expect(bad.code).toBe(1);
    const problems = bad.json.data.checks.flatMap((c: { problems: { code: string; file: string }[] }) => c.problems.map((p) => `${p.code} ${p.file}`));
    expect(problems).toContain("E_AUDIT_INPUT_ADDED indicators.csv");
    // The record concerned is the evaluation's: the clerk runs evaluate again, not the tally.
    const added = bad.json.error.diagnostics.find((d: { code: string }) => d.code === "E_AUDIT_INPUT_ADDED");
    expect(added.message).toBe("第 1 项未通过：evaluate 运行时没有读取这个文件，现在重新计算会读取它");
    expect(added.hint).toMatch(/^若这个文件是后来误放的，把它移出会议文件夹；若是有意加入的，重新运行 piaojue evaluate (\S+)；然后再运行 piaojue audit \1$/);
    const en = await runCli(["audit", dir, "--json", "--lang", "en"]);
    const addedEn = en.json.error.diagnostics.find((d: { code: string }) => d.code === "E_AUDIT_INPUT_ADDED");
    expect(addedEn.messageEn).toBe("Check 1 failed: evaluate did not read this file when it ran; planning it again now reads it");
    expect(addedEn.hintEn).toMatch(/run piaojue evaluate \S+ again/);
    expect(addedEn.hintEn).not.toContain("tally");
  });
});

describe("evaluate beside a tally", () => {
  it("evaluates from out/results.csv and leaves the tally's files alone", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    expect((await runCli(["tally", dir])).code).toBe(0);
    const before = await snapshot(path.join(dir, "out"));
    const seed = path.join(SEEDS, "evaluation-2027");
    const evaluation = JSON.parse(readFileSync(path.join(seed, "evaluation.json"), "utf8"));
    await fs.writeFile(path.join(dir, "evaluation.json"), JSON.stringify({ ...evaluation, projects: "out/results.csv" }));
    await fs.copyFile(path.join(seed, "evaluations.csv"), path.join(dir, "evaluations.csv"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.projects).toHaveLength(10);
    const after = await snapshot(path.join(dir, "out"));
    for (const f of ["results.csv", "summary.csv", "announcement.md", "announcement.html"]) expect(after.get(f), f).toBe(before.get(f));
    const sums = readFileSync(path.join(dir, "out", "SHA256SUMS"), "utf8");
    expect(sums).toContain("  out/results.csv\n");
    expect(sums).toContain("  out/satisfaction.csv\n");
    expect(sums).toContain("  ballots.csv\n");
    const audit = JSON.parse(readFileSync(path.join(dir, "out", "audit.json"), "utf8"));
    expect(Object.keys(audit.commands).sort()).toEqual(["evaluate", "tally"]);
  });
});

describe("evaluate options and encodings", () => {
  it("writes to -o DIR", async () => {
    const dir = await small();
    const out = path.join(dir, "elsewhere");
    const r = await runCli(["evaluate", dir, "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect([...(await snapshot(out)).keys()].sort()).toEqual(["SHA256SUMS", "audit.json", "satisfaction.csv", "satisfaction.docx", "satisfaction.html", "satisfaction.xlsx"]);
    expect(await snapshot(path.join(dir, "out"))).toEqual(new Map());
  });

  it("reads GB18030 forms as Excel saves them", async () => {
    const dir = await small({ "evaluations.csv": iconv.encode(FORMS, "gb18030") });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.projects[0].groups[0]).toMatchObject({ group: "代表", satisfied: 4, basic: 1 });
  });

  it("has help in Chinese", async () => {
    const r = await runCli(["evaluate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("满意度测评");
  });

  it("warns about a group with fewer than 5 forms without failing", async () => {
    const dir = await small({ "evaluations.csv": "组别,P1,P2\n代表,满意,满意\n群众,满意,满意\n群众,满意,满意\n群众,满意,满意\n群众,满意,满意\n群众,满意,满意\n" });
    const r = await runCli(["evaluate", dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("W_EVAL_FEW_FORMS");
    expect(r.stderr).toContain("只有 1 份测评表");
  });
});

describe("few forms, no forms and hand counts, as the terminal and satisfaction.html show them", () => {
  it("marks the group with few forms *, says 手工汇总, names the one project with few forms, and marks no group without forms", async () => {
    const evaluation = JSON.stringify({ title: "测评", projects: "candidates.csv", groups: { 代表: { weight: "0.5" }, 群众: { weight: "0.3" }, 村民: { weight: "0.2" } }, grade: {} });
    const counts = "编号,组别,满意,基本满意,不满意,弃权\nP1,代表,5,0,0,0\nP2,代表,5,0,0,0\nP1,群众,3,0,0,0\nP2,群众,5,0,0,0\n";
    const dir = await makeSession({ "evaluation.json": evaluation, "candidates.csv": CANDIDATES, "evaluation-counts.csv": counts });
    const r = await runCli(["evaluate", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("测评组别：代表（权重 0.5，5 份，手工汇总）；群众（权重 0.3，5 份，手工汇总）；村民（权重 0.2，0 份，手工汇总）");
    // P1's 群众 row (3 forms) and its 综合 row are marked; P2's 群众 row (5 forms) is not.
    expect(r.stdout).toMatch(/P1\s+甲项目\s+群众\*\s+3 /);
    expect(r.stdout).toMatch(/P2\s+乙项目\s+群众\s+5 /);
    const html = readFileSync(path.join(dir, "out", "satisfaction.html"), "utf8");
    // One project of two with few forms: the note names it, not 各项目.
    expect(html).toContain("组别“群众”（P1）只有 3 份。");
    // 村民 has no forms: no ※ (few forms means 1 to 4), and no swatch in the legend (it has no bar).
    expect(html).toContain("村民（权重 0.2，收回测评表 0 份）");
    expect(html).toMatch(/swatch" style="background:[^"]+"><\/span>群众<\/span>/);
    expect(html).not.toMatch(/<\/span>村民<\/span>/);
  });

  it("a session without passRate has no 未达标 line on the terminal; the grade sentence says how half counts", async () => {
    const counts = await runCli(["evaluate", await small()]);
    expect(counts.code, counts.stderr).toBe(0);
    expect(counts.stdout).not.toContain("未达标项目");
    const short = await small({ "evaluation.json": EVALUATION.replace('"grade": {}', '"grade": { "atHalf": "short" }') });
    expect((await runCli(["evaluate", short])).code).toBe(0);
    expect(readFileSync(path.join(short, "out", "satisfaction.html"), "utf8")).toContain("满意票超过半数（不含半数）为“满意”；否则满意与基本满意票合计超过半数（不含半数）为“基本满意”");
    const dir = await small();
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    expect(readFileSync(path.join(dir, "out", "satisfaction.html"), "utf8")).toContain("满意票达到半数（含半数）为“满意”；否则满意与基本满意票合计达到半数（含半数）为“基本满意”");
  });
});

describe("evaluate refuses bad input and writes nothing", () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ["an unknown mark", { "evaluations.csv": FORMS.replace("代表,满意,基本满意", "代表,满意,很好") }, "E_EVAL_MARK", /evaluations\.csv:3:3 E_EVAL_MARK .*“很好”不是测评结果/],
    ["an empty 组别", { "evaluations.csv": FORMS.replace("群众,不满意,满意", ",不满意,满意") }, "E_EVAL_GROUP_EMPTY", /evaluations\.csv:8:1 E_EVAL_GROUP_EMPTY 第 8 行的组别为空/],
    ["an identifying column", { "evaluations.csv": "姓名,组别,P1,P2\n张三,代表,满意,满意\n" }, "E_IDENTIFYING_COLUMN", /evaluations\.csv:1:1 E_IDENTIFYING_COLUMN 列“姓名”可能暴露填表人身份/],
    ["an unknown key", { "evaluation.json": EVALUATION.replace('"grade"', '"grades"') }, "E_UNKNOWN_KEY", /evaluation\.json:\d+:3 E_UNKNOWN_KEY 未知的键“grades”/],
    // A 办法 with five grades is told the three grades are fixed, not that it misspelt one.
    ["five grades", { "evaluation.json": EVALUATION.replace('"grade"', '"levels": { "很满意": 100, "较满意": 80, "一般": 60, "较不满意": 40, "很不满意": 20 }, "grade"') }, "E_UNKNOWN_KEY",
      /E_UNKNOWN_KEY 未知的键“levels\.很满意”.*\n\s+提示：测评等次只有满意、基本满意、不满意三个，levels 给出它们的分值/],
    ["a bad weight", { "evaluation.json": EVALUATION.replace('"0.6"', '"六成"') }, "E_EVALUATION_SCHEMA", /evaluation\.json:\d+:\d+ E_EVALUATION_SCHEMA groups\.代表\.weight：应是小数或分数/],
    ["forms and counts both", { "evaluation-counts.csv": "编号,组别,满意,基本满意,不满意,弃权\nP1,代表,1,0,0,0\n" }, "E_EVAL_TWICE", /E_EVAL_TWICE 同时有 evaluations\.csv 和 evaluation-counts\.csv/],
    ["a missing project list", { "evaluation.json": EVALUATION.replace("candidates.csv", "projects.csv") }, "E_FILE", /projects\.csv E_FILE 文件不存在/],
    ["a broken indicator", { "indicators.csv": "编号,指标,目标值,完成值,权重\nP1,床位,一百,90,1\n" }, "E_INDICATOR_NUMBER", /indicators\.csv:2:3 E_INDICATOR_NUMBER 第 2 行的目标值“一百”不是非负数/],
    ["more forms than members", { "evaluation.json": EVALUATION.replace('"members": 10', '"members": 4') }, "E_EVAL_FORMS_EXCEED_MEMBERS", /evaluation\.json:\d+:\d+ E_EVAL_FORMS_EXCEED_MEMBERS 组别“代表”在 evaluations\.csv 中有 5 份测评表，多于应参加人数 4/],
    ["a row with a cell too many", { "evaluations.csv": FORMS.replace("代表,满意,满意\n", "代表,满意,满意,满意\n") }, "E_CSV_FIELD_COUNT", /evaluations\.csv:2:4 E_CSV_FIELD_COUNT/],
    ["a bad counts row", { "evaluations.csv": "", "evaluation-counts.csv": "编号,组别,满意,基本满意,不满意,弃权\nP1,代表,三,0,0,0\n" }, "E_COUNT_NUMBER", /evaluation-counts\.csv:2:3 E_COUNT_NUMBER/],
    // A listed project's ID typed full-width is that project mistyped: refused, never left out as an unlisted one.
    ["a full-width ID in the counts", { "evaluations.csv": "", "evaluation-counts.csv": "编号,组别,满意,基本满意,不满意,弃权\nP1,代表,1,0,0,0\nＰ2,代表,1,0,0,0\n" }, "E_ID_WRITTEN", /evaluation-counts\.csv:3:1 E_ID_WRITTEN 编号“Ｐ2”中有全角字符或空格，应写作“P2”/],
    ["a full-width ID in the indicators", { "indicators.csv": "编号,指标,目标值,完成值,权重\nＰ1,床位,100,90,1\n" }, "E_ID_WRITTEN", /indicators\.csv:2:1 E_ID_WRITTEN 编号“Ｐ1”中有全角字符或空格，应写作“P1”/],
    ["a full-width ID as a forms column", { "evaluations.csv": FORMS.replace("组别,P1,P2", "组别,P1,Ｐ2") }, "E_UNKNOWN_COLUMN", /evaluations\.csv:1:3 E_UNKNOWN_COLUMN 列“Ｐ2”不是项目清单中的项目，也不是“组别”\n\s+提示：列名“Ｐ2”中有全角字符或空格，应写作“P2”/],
  ];
  for (const [what, files, code, line] of cases) {
    it(what, async () => {
      const dir = await small(files);
      if (files["evaluations.csv"] === "") await fs.rm(path.join(dir, "evaluations.csv"));
      await fs.mkdir(path.join(dir, "out"));
      await fs.writeFile(path.join(dir, "out", "satisfaction.csv"), "old");
      const before = await snapshot(dir);
      const r = await runCli(["evaluate", dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(line);
      expect(r.stderr).toContain("提示：");
      expect(r.stderr).toContain("未写出任何文件");
      expect(await snapshot(dir)).toEqual(before);
      const j = await runCli(["evaluate", dir, "--json"]);
      expect(j.code).toBe(1);
      expect(j.json).toMatchObject({ ok: false, command: "evaluate", error: { code } });
      expect(j.json.error.diagnostics.some((d: { code: string; file: string }) => d.code === code && d.file !== "")).toBe(true);
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it("accepts a group in which every member handed in a form (forms equal to members is not more)", async () => {
    const dir = await makeSession({
      "evaluation.json": JSON.stringify({ title: "测评", projects: "projects.csv", groups: { 代表: { weight: "1", members: 2 } } }),
      "projects.csv": "编号,项目名称\nP1,甲项目\n",
      "evaluations.csv": "组别,P1\n代表,满意\n代表,基本满意\n",
    });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.groups).toEqual([{ group: "代表", weight: "1", members: 2, forms: 2 }]);
  });

  it("a project outside the list named by a name that holds digits is not taken for a mistyped ID; the English hint of a full-width column says what it should read", async () => {
    // IDs 1 and 2 are listed; the row names a third project, 2号桥改造, which is not "2" mistyped.
    const projects = "编号,项目名称\n1,甲项目\n2,乙项目\n";
    const counts = "编号,组别,满意,基本满意,不满意,弃权\n1,代表,1,0,0,0\n2,代表,1,0,0,0\n2号桥改造,代表,1,0,0,0\n";
    const evaluation = EVALUATION.replace('"candidates.csv"', '"projects.csv"');
    const dir = await small({ "evaluation.json": evaluation, "projects.csv": projects, "evaluations.csv": "", "evaluation-counts.csv": counts });
    await fs.rm(path.join(dir, "evaluations.csv"));
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings.map((w: { code: string }) => w.code)).toContain("W_EVAL_PROJECT_NOT_LISTED");
    const en = await runCli(["evaluate", await small({ "evaluations.csv": FORMS.replace("组别,P1,P2", "组别,P1,Ｐ2") }), "--json", "--lang", "en"]);
    expect(en.json.error.diagnostics.find((d: { code: string }) => d.code === "E_UNKNOWN_COLUMN").hintEn).toBe("Column “Ｐ2” has full-width characters or spaces in it; write it as “P2”");
  });

  it("counts an all-empty row of forms as a form abstaining on every project, and says so once", async () => {
    const dir = await small({ "evaluation.json": EVALUATION.replace(/"群众": \{[^}]*\}/, '"群众": { "weight": "0.4", "members": 30 }'),
      "evaluations.csv": "P1,P2\n满意,满意\n,\n满意,基本满意\n,\n" });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_EMPTY_FORMS")).toEqual([
      expect.objectContaining({ file: "evaluations.csv", line: 3, message: "有 2 行全部为空（第 3、5 行），每行按一份各项目都弃权的测评表计" }),
    ]);
    expect(r.json.data.projects[0].groups[0]).toMatchObject({ group: "代表", forms: 4, satisfied: 2, abstain: 2 });
  });

  it("collects the problems of every file at once", async () => {
    const dir = await small({
      "evaluations.csv": FORMS.replace("代表,满意,基本满意", "代表,满意,好").replace("群众,不满意,满意", "村民,不满意,满意"),
      "indicators.csv": "编号,指标,目标值,完成值\nP1,床位,0,1\n",
    });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_EVAL_MARK", "E_EVAL_GROUP_UNKNOWN", "E_INDICATOR_TARGET_ZERO"]);
  });

  it("refuses forms with a header and no form", async () => {
    const dir = await small({ "evaluations.csv": "组别,P1,P2\n" });
    const r = await runCli(["evaluate", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("evaluations.csv:1:1 E_EVAL_NO_FORMS 没有任何测评结果");
  });

  it("says where the name of a missing project list came from", async () => {
    const dir = await small({ "evaluation.json": EVALUATION.replace("candidates.csv", "out/results.csv") });
    const r = await runCli(["evaluate", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/out\/results\.csv E_FILE 文件不存在\n\s+提示：evaluation\.json 第 \d+ 行的 projects 写的是“out\/results\.csv”/);
  });

  it("refuses a folder without evaluation files", async () => {
    const dir = await makeSession({ "evaluation.json": EVALUATION, "candidates.csv": CANDIDATES });
    const r = await runCli(["evaluate", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("E_NO_EVALUATIONS");
  });

  it("refuses a folder without evaluation.json", async () => {
    const dir = await makeSession({ "candidates.csv": CANDIDATES, "evaluations.csv": FORMS });
    const r = await runCli(["evaluate", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("evaluation.json E_FILE 文件不存在");
  });
});

describe("indicators written in two units", () => {
  it("refuses a target and a result of which only one has a percent sign (100 against 95%), at the cell without it", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    await fs.writeFile(path.join(dir, "indicators.csv"), "编号,指标,目标值,完成值,权重\nP03,达标率,100,95%,1\nP04,覆盖率,95%,95,1\nP01,床位,100,100,1\n");
    const before = await snapshot(dir);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string; line: number; column: number }) => `${d.code} ${d.line}:${d.column}`))
      .toEqual(["E_INDICATOR_UNITS 2:3", "E_INDICATOR_UNITS 3:4"]);
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe("a project list from a tally that is not final", () => {
  it("evaluates the selected projects and warns that tied ones wait for a runoff, naming them", async () => {
    const tally = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(tally, "ballots-r2.csv"));
    expect((await runCli(["tally", tally])).code).toBe(4);
    const dir = path.join(path.dirname(tally), "evaluation");
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, "evaluation.json"), JSON.stringify({ title: "测评", projects: "../tie-runoff/out/results.csv", groups: { 代表: { members: 45 } } }));
    const r = await runCli(["evaluate", dir, "--forms", "--json"]);
    expect(r.code).toBe(0);
    const w = r.json.warnings.find((x: { code: string }) => x.code === "W_PROJECTS_NOT_FINAL");
    expect(w).toMatchObject({ file: "../tie-runoff/out/results.csv" });
    expect(w.message).toContain("Q08、Q09");
  });

  it("warns too when summary.csv says a shortfall runoff is still needed (no tied row), at its 是否已确定 row", async () => {
    const dir = await makeSession({
      "session.json": JSON.stringify({ title: "第三次会议", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9], rules: { formal: 2 } }),
      "candidates.csv": "编号,项目名称\nA,修路\nB,路灯\nC,养老\n",
      "ballots.csv": "票号,A,B,C\n1,○,○,×\n2,○,○,×\n3,○,×,○\n4,○,×,\n5,○,×,×\n6,○,×,○\n7,,○,×\n8,○,○,×\n9,○,○,×\n",
      "evaluation.json": JSON.stringify({ title: "测评", projects: "out/results.csv", groups: { 代表: { members: 10 } } }),
      "evaluations.csv": "组别,A\n代表,满意\n",
    });
    expect((await runCli(["tally", dir])).code).toBe(4);
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    const w = r.json.warnings.find((x: { code: string }) => x.code === "W_PROJECTS_NOT_FINAL");
    expect(w).toMatchObject({ file: "out/summary.csv", column: 2 });
    expect(w.message).toContain("第 2 轮");
  });
});

describe("figures pinned on minimal inputs", () => {
  const ONE = "编号,项目名称\nP1,甲项目\n";

  it("grades a group without members on its valid forms, not on its forms with 弃权 (6 of 10 valid is over half)", async () => {
    const dir = await makeSession({
      "evaluation.json": JSON.stringify({ title: "测评", projects: "projects.csv", groups: { 群众: { weight: "1" } }, grade: { atHalf: "short" } }),
      "projects.csv": ONE,
      "evaluation-counts.csv": "编号,组别,满意,基本满意,不满意,弃权\nP1,群众,6,0,4,2\n",
    });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.projects[0].groups[0]).toMatchObject({ group: "群众", forms: 12, grade: "满意" });
  });

  it("gives each indicator its own weight in --json", async () => {
    const dir = await small({ "indicators.csv": "编号,指标,目标值,完成值,权重\nP1,路灯数,10,5,3\nP1,亮灯率,100,100,1\n" });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.projects[0].indicators.map((i: { name: string; weight: number }) => [i.name, i.weight])).toEqual([["路灯数", 3], ["亮灯率", 1]]);
  });

  it("marks no project 未达标 on satisfaction.html when no passRate is set", async () => {
    const dir = await small();
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.projects.map((p: { combined: { pass: unknown } }) => p.combined.pass)).toEqual([null, null]);
    expect(readFileSync(path.join(dir, "out", "satisfaction.html"), "utf8")).not.toContain("未达标");
  });
});

describe("the blank forms (evaluate --forms)", () => {
  it("number the projects from 1, count them, say an unmarked row abstains and give the page of pages", async () => {
    const dir = await makeSession({ "evaluation.json": EVALUATION, "candidates.csv": CANDIDATES });
    const r = await runCli(["evaluate", dir, "--forms", "--group", "代表"]);
    expect(r.code, r.stderr).toBe(0);
    const html = await fs.readFile(path.join(dir, "out", "evaluation-forms.html"), "utf8");
    expect(html.match(/<section class="form" data-group="[^"]+"/g)).toEqual(['<section class="form" data-group="代表"']);
    expect(html.match(/<td class="no">\d+<\/td>/g)).toEqual(['<td class="no">1</td>', '<td class="no">2</td>']);
    expect(html).toContain("<span>共 2 个项目</span></div>\n<div class=\"instructions\">");
    expect(html).toContain("<li>不划的项目按弃权计。</li>");
    expect(html).toContain('<span class="page-no">第 1 页 / 共 1 页</span>');
  });
});
