// piaojue progress (SPEC §11) through run(): the sample year, --as-of, --json, --plan, the audit trail, and
// one bad input per error (exit 1, nothing written, file:line:column with a hint).
import { promises as fs } from "node:fs";
import * as path from "node:path";
import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import { makeSession, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

const temps: string[] = [];
afterEach(async () => {
  for (const t of temps.splice(0)) await fs.rm(t, { recursive: true, force: true });
});

async function seedYear(): Promise<string> {
  const dir = await scratchCopy(path.join(SEEDS, "progress-2026"));
  temps.push(path.dirname(dir));
  return dir;
}

const PLAN = "编号,项目名称,责任单位,开始,完成时限,投入资金（万元）,计划节点\nA,甲项目,甲单位,2026-01,2026-10,100,\nB,乙项目,乙单位,2026-03,2026-12,,2026-06:20;2026-09:60\n";
const REPORTS = "编号,截至,形象进度,已拨付资金（万元）,说明\nA,2026-05,40,30,\nA,2026-06,55,50,进展顺利\nB,2026-06,10,,\n";

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS, ...files });
  temps.push(dir);
  return dir;
}

/** Runs progress on a bad folder: exit 1, nothing written, the first error at `place` with `code`. */
async function expectRefused(files: Record<string, string>, place: string, code: string, args: string[] = []): Promise<string> {
  const dir = await folder(files);
  const before = await snapshot(dir);
  const r = await runCli(["progress", dir, ...args]);
  expect(r.code, r.stderr).toBe(1);
  expect(await snapshot(dir), "nothing written").toEqual(before);
  expect(r.stderr).toContain(`${place} ${code} `);
  expect(r.stderr).toMatch(/提示：/);
  const j = await runCli(["progress", dir, ...args, "--json"]);
  expect(j.json.ok).toBe(false);
  expect(j.json.error.diagnostics.some((d: { code: string; file: string; line: number; column: number }) => `${d.file}:${d.line}:${d.column} ${d.code}` === `${place} ${code}`)).toBe(true);
  return r.stderr;
}

describe("the bulletin's words for projects not reported", () => {
  it("a project whose work starts later says when it starts; the legend names 未报送 only where a project is", async () => {
    // At 2026-02 B (starting 2026-03) has no row: 未报送 as any other, with its start said.
    const dir = await folder({ "progress.csv": "编号,截至,形象进度\nA,2026-02,10\n" });
    expect((await runCli(["progress", dir])).code).toBe(0);
    const html = await fs.readFile(path.join(dir, "out", "progress.html"), "utf8");
    expect(html).toContain("计划2026年3月开工，至今没有报送进度");
    expect(html).toContain("未报送：2026年2月没有报送进度");
    // Both reported: no 未报送 in the legend.
    const both = await folder({ "progress.csv": "编号,截至,形象进度\nA,2026-06,55\nB,2026-06,10\n" });
    expect((await runCli(["progress", both])).code).toBe(0);
    expect(await fs.readFile(path.join(both, "out", "progress.html"), "utf8")).not.toContain("未报送：");
  });
});

describe("piaojue progress on the sample year (seeds/progress-2026)", () => {
  it("writes the three files with the audit trail; lagging, overdue and unreported projects as planned; exit 0", async () => {
    const dir = await seedYear();
    const r = await runCli(["progress", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, command: "progress", schemaVersion: 1 });
    const data = r.json.data;
    expect(data.asOf).toBe("2026-06");
    const status = Object.fromEntries(data.projects.map((p: { id: string; status: string }) => [p.id, p.status]));
    expect(status).toEqual({ P01: "按序时推进", P02: "按序时推进", P03: "严重滞后", P04: "按序时推进", P05: "已完成", P06: "未报送", P07: "滞后", P08: "按序时推进", P09: "逾期未完成", P10: "按序时推进" });
    expect(data.summary).toMatchObject({ projects: 10, completed: 1, started: 9, onSchedule: 5, behind: 1, severelyBehind: 1, overdue: 1, unreported: 1, budget: 3266, disbursed: 1635 });
    expect(r.json.warnings.map((w: { code: string; line: number; column: number }) => `${w.code} ${w.line}:${w.column}`)).toEqual(["W_PROGRESS_DECREASED 60:3"]);
    const out = path.join(dir, "out");
    expect((await fs.readdir(out)).sort()).toEqual(["SHA256SUMS", "audit.json", "progress-summary.csv", "progress.csv", "progress.html", "progress.xlsx"]);
    const audit = JSON.parse(await fs.readFile(path.join(out, "audit.json"), "utf8"));
    expect(Object.keys(audit.commands.progress.inputs).sort()).toEqual(["plan.csv", "progress.csv", "progress.json"]);
    expect(Object.keys(audit.commands.progress.outputs).sort()).toEqual(["out/progress-summary.csv", "out/progress.csv", "out/progress.html", "out/progress.xlsx"]);
    const html = await fs.readFile(path.join(out, "progress.html"), "utf8");
    expect(html).toContain("截至2026年6月，10个项目中已完成1个，占10.0%；已开工9个，占90.0%。");
    // The projects needing attention come first, the worst first, with unit and note.
    const attention = html.slice(html.indexOf("二、需要关注的项目"), html.indexOf("三、计划进度与实际进度"));
    const order = ["P09", "P03", "P07", "P06"].map((id) => attention.indexOf(`<td>${id}</td>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(attention).toContain("镇交通管理站");
    expect(attention).toContain("雨季施工受阻");
    expect(attention).toContain("最近一次报送为2026年5月");
    expect(attention).not.toContain("<td>P01</td>");
    // The report on screen, and the warning on stderr.
    const h = await runCli(["progress", dir]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("P03   中心小学塑胶运动场建设      53.3      20.0  33.3  严重滞后");
    expect(h.stderr).toContain("progress.csv:60:3 W_PROGRESS_DECREASED 项目 P10 2026-06 的形象进度 38 低于 2026-05 报送的 40");
  });

  it("--as-of reports an earlier month from the same files, ignoring later rows", async () => {
    const dir = await seedYear();
    const r = await runCli(["progress", dir, "--as-of", "2026-03", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.asOf).toBe("2026-03");
    const p09 = r.json.data.projects.find((p: { id: string }) => p.id === "P09");
    // 开始 2026-02, 完成时限 2026-05: at March (3 − 1)/(5 − 1) = 50; reported 45.
    expect(p09).toMatchObject({ planned: 50, actual: 45, gap: 5, status: "按序时推进", disbursed: 80 });
    expect(r.json.warnings).toEqual([]);
    const summary = await fs.readFile(path.join(dir, "out", "progress-summary.csv"), "utf8");
    expect(summary).toContain("截至,2026-03\r\n");
  });

  it("with --as-of, a progress.csv without rows gives every project 未报送 (exit 0)", async () => {
    const dir = await folder({ "progress.csv": "编号,截至,形象进度\n" });
    const r = await runCli(["progress", dir, "--as-of", "2026-06", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.projects.map((p: { status: string }) => p.status)).toEqual(["未报送", "未报送"]);
    expect(r.json.data.summary).toMatchObject({ unreported: 2, started: 0, budget: 100, disbursed: 0, disbursedRate: 0 });
  });

  it("the summary's disbursed total and rate run over the projects with a budget only (SPEC §11)", async () => {
    // A (budget 100) has 50 disbursed; B (no budget) reports 30, left out of both sums.
    const dir = await folder({ "progress.csv": REPORTS.replace("B,2026-06,10,,", "B,2026-06,10,30,") });
    const r = await runCli(["progress", dir, "--as-of", "2026-06", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.summary).toMatchObject({ budget: 100, disbursed: 50, disbursedRate: 0.5 });
    const summary = await fs.readFile(path.join(dir, "out", "progress-summary.csv"), "utf8");
    expect(summary).toContain("已拨付资金合计,50\r\n");
    expect(summary).toContain("资金拨付率,50.0%\r\n");
  });

  it("a budget of 0: the bulletin's sentence ends after what was disbursed, with no empty 资金拨付率", async () => {
    const dir = await folder({ "plan.csv": PLAN.replace("2026-10,100,", "2026-10,0,") });
    const r = await runCli(["progress", dir, "--as-of", "2026-06"]);
    expect(r.code, r.stderr).toBe(0);
    const html = await fs.readFile(path.join(dir, "out", "progress.html"), "utf8");
    expect(html).toContain("计划投入资金0万元，已拨付50万元。");
    expect(html).not.toContain("资金拨付率。");
  });

  it("progress.json's title wins over session.json's: on the terminal, in <title> and in <h1>", async () => {
    const session = JSON.stringify({ title: "某镇会议", date: "2026-01-15", deputies: { total: 3, present: 3 }, issued: [3], rules: { formal: 1 } });
    const dir = await folder({ "session.json": session, "progress.json": '{"title": "专门标题"}' });
    const r = await runCli(["progress", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("专门标题");
    const html = await fs.readFile(path.join(dir, "out", "progress.html"), "utf8");
    expect(html).toContain("<title>专门标题</title>");
    expect(html).toContain("<h1>专门标题</h1>");
    expect(html).not.toContain("某镇会议");
  });

  it("a month with a year below 1000 is written with four digits everywhere, so that audit reads it back", async () => {
    const dir = await folder({});
    const r = await runCli(["progress", dir, "--as-of", "0999-01", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.asOf).toBe("0999-01");
    expect(await fs.readFile(path.join(dir, "out", "progress-summary.csv"), "utf8")).toContain("截至,0999-01\r\n");
    expect((await runCli(["progress", dir, "--as-of", "0000-01"])).stdout).toContain("截至 0000-01（");
    expect((await runCli(["audit", dir])).code).toBe(0);
  });

  it("the bulletin's month-by-month table gives reported progress with one decimal, as its other tables do", async () => {
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": "编号,截至,形象进度\nA,2026-02,52.25\nA,2026-03,50\nB,2026-03,7\n" });
    temps.push(dir);
    expect((await runCli(["progress", dir])).code).toBe(0);
    const html = await fs.readFile(path.join(dir, "out", "progress.html"), "utf8");
    expect(html).toContain(`<td class="num">52.3<span class="plan-small">`);
    expect(html).toContain(`<td class="num">50.0<span class="plan-small">`);
    expect(html).not.toContain(`<td class="num">52.25`);
  });

  it("a malformed --as-of is a usage error (exit 2), nothing written", async () => {
    const dir = await folder({});
    const before = await snapshot(dir);
    for (const bad of ["2026-6", "2026-13", "202606", "2026-06-01", "六月"]) {
      const r = await runCli(["progress", dir, "--as-of", bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain("YYYY-MM");
    }
    expect(await snapshot(dir)).toEqual(before);
  });

  it("reads plan.csv in GB18030 and progress.csv in UTF-16 with BOM and CRLF, as Excel and WPS save them", async () => {
    const dir = await makeSession({
      "plan.csv": iconv.encode(PLAN, "gb18030"),
      "progress.csv": Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(REPORTS.replace(/\n/g, "\r\n"), "utf16le")]),
    });
    temps.push(dir);
    const r = await runCli(["progress", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.projects.map((p: { name: string; status: string }) => `${p.name} ${p.status}`)).toEqual(["甲项目 按序时推进", "乙项目 按序时推进"]);
    expect(r.json.data.projects[0].unit).toBe("甲单位");
  });

  it("English headers in any order, a 备注 column, and --lang en for the warning", async () => {
    const dir = await folder({
      "plan.csv": "deadline,id,name,备注\n2026-12,A,甲项目,说明文字\n",
      "progress.csv": "note,progress,month,id\n,50,2026-05,A\n,40,2026-06,A\n",
    });
    const r = await runCli(["progress", dir, "--lang", "en"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("progress.csv:3:2 W_PROGRESS_DECREASED Project A, 2026-06: progress 40 is lower than the 50 reported for 2026-05");
  });

  it("piaojue audit recomputes the progress outputs (with the --as-of they were made with) and catches a changed report", async () => {
    const dir = await seedYear();
    expect((await runCli(["progress", dir, "--as-of", "2026-05"])).code).toBe(0);
    const ok = await runCli(["audit", dir, "--json"]);
    expect(ok.code).toBe(0);
    expect(ok.json.data.commands).toEqual([expect.objectContaining({ command: "progress", recount: "in-memory", options: { asOf: "2026-05", encoding: "auto" } })]);
    expect(ok.json.data.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    await fs.appendFile(path.join(dir, "progress.csv"), "P06,2026-06,5,30,进场施工\n");
    const bad = await runCli(["audit", dir, "--json"]);
    expect(bad.code).not.toBe(0);
    expect(bad.json.data.checks[0].problems.map((p: { code: string; file: string }) => `${p.code} ${p.file}`)).toEqual(["E_AUDIT_INPUT_CHANGED progress.csv"]);
  });

  it("piaojue audit fails when a progress.json added since would change the bulletin", async () => {
    const dir = await seedYear();
    await fs.rm(path.join(dir, "progress.json"));
    expect((await runCli(["progress", dir, "--as-of", "2026-05"])).code).toBe(0);
    expect((await runCli(["audit", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "progress.json"), '{"lag": {"behind": "1", "severe": "2"}}\n');
    const bad = await runCli(["audit", dir, "--json"]);
    expect(bad.code).toBe(1);
    const problems = bad.json.data.checks.flatMap((c: { problems: { code: string; file: string }[] }) => c.problems.map((p) => `${p.code} ${p.file}`));
    expect(problems).toContain("E_AUDIT_INPUT_ADDED progress.json");
    const added = bad.json.error.diagnostics.find((d: { code: string }) => d.code === "E_AUDIT_INPUT_ADDED");
    expect(added.message).toBe("第 1 项未通过：progress 运行时没有读取这个文件，现在重新计算会读取它");
    expect(added.hint).toMatch(/重新运行 piaojue progress \S+progress-2026；然后再运行 piaojue audit \S+progress-2026$/);
    expect(added.hint).not.toContain("tally");
    // The changed rules are the bulletin's own, so audit names progress.json, not session.json.
    expect(problems).toContain("E_AUDIT_RULES_CHANGED progress.json");
    const rules = bad.json.error.diagnostics.find((d: { code: string }) => d.code === "E_AUDIT_RULES_CHANGED");
    expect(rules.hint).toContain("把 progress.json 的规则改回原样");
  });
});

describe("piaojue progress beside the tally", () => {
  it("tally, --plan, progress into the same out/: audit proves both; a formula-like note is guarded, a negative gap is not", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    temps.push(path.dirname(dir));
    expect((await runCli(["tally", dir])).code).toBe(0);
    const plan = await runCli(["progress", "--plan", path.basename(dir)], { cwd: path.dirname(dir) });
    expect(plan.code).toBe(0);
    // From the folder above, the next step names the session folder.
    expect(plan.stdout).toContain(`然后运行 piaojue progress ${path.basename(dir)}\n`);
    await fs.writeFile(path.join(dir, "progress.csv"), "编号,截至,形象进度,说明\nP05,2026-03,90,=1+1\n");
    const r = await runCli(["progress", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.projects.find((p: { id: string }) => p.id === "P05")).toMatchObject({ status: "按序时推进", gap: -40 });
    const csv = await fs.readFile(path.join(dir, "out", "progress.csv"), "utf8");
    // 开始 defaults to 2026-01 and 完成时限 is 2026-06: at March 3/6 = 50, reported 90.
    expect(csv).toContain("P05,镇区背街小巷路灯亮化,,2026-06,50.0,90.0,-40.0,0,126,0.0%,按序时推进,'=1+1\r\n");
    const html = await fs.readFile(path.join(dir, "out", "progress.html"), "utf8");
    // The fixed phrase is printed whole: never 民生实事项目实 / 施进度 at a line's end.
    expect(html).toContain(`<h1>新桥镇第十八届人民代表大会第五次会议 <span class="fig">民生实事项目实施进度</span></h1>`);
    const audit = await runCli(["audit", dir, "--json"]);
    expect(audit.code).toBe(0);
    expect(audit.json.data.commands.map((c: { command: string; recount: string }) => `${c.command} ${c.recount}`).sort()).toEqual(["progress in-memory", "tally in-memory"]);
  });
});

describe("a formula-like project name through tally, --plan and progress", () => {
  it("is guarded once in every CSV and shown as the clerk wrote it on the page and in --json", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    temps.push(path.dirname(dir));
    const candidates = path.join(dir, "candidates.csv");
    const text = (await fs.readFile(candidates, "utf8")).replace(/^(\uFEFF?[^\n]*\nP01,)[^,]*/, "$1=SUM(1)");
    await fs.writeFile(candidates, text);
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await runCli(["progress", "--plan", dir])).code).toBe(0);
    const plan = await fs.readFile(path.join(dir, "plan.csv"), "utf8");
    expect(plan).toContain("P01,'=SUM(1),");
    await fs.writeFile(path.join(dir, "plan.csv"), plan.replace("P01,'=SUM(1),", "P01,'=SUM(1),镇政府"));
    await fs.writeFile(path.join(dir, "progress.csv"), "编号,截至,形象进度\nP01,2026-02,10\n");
    const r = await runCli(["progress", dir, "--as-of", "2026-03", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.projects.find((p: { id: string }) => p.id === "P01")).toMatchObject({ name: "=SUM(1)" });
    expect(await fs.readFile(path.join(dir, "out", "progress.csv"), "utf8")).toContain("P01,'=SUM(1),镇政府,");
    const html = await fs.readFile(path.join(dir, "out", "progress.html"), "utf8");
    expect(html).toContain("<td>=SUM(1)</td>");
    expect(html).not.toContain("&#39;=SUM(1)");
  });
});

describe("piaojue progress --plan", () => {
  async function tallied(): Promise<string> {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    temps.push(path.dirname(dir));
    expect((await runCli(["tally", dir])).code).toBe(0);
    return dir;
  }

  it("drafts plan.csv from the 当选 rows of out/results.csv with 完成时限 and 投入资金 from candidates.csv, and nothing else", async () => {
    const dir = await tallied();
    const before = await snapshot(dir);
    const r = await runCli(["progress", "--plan", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data).toEqual({ plan: "plan.csv", projects: 10 });
    const after = await snapshot(dir);
    expect([...after.keys()].filter((k) => !before.has(k))).toEqual(["plan.csv"]);
    const text = await fs.readFile(path.join(dir, "plan.csv"), "utf8");
    expect(text.startsWith("\ufeff编号,项目名称,责任单位,开始,完成时限,投入资金（万元）,计划节点\r\n")).toBe(true);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines).toHaveLength(11);
    expect(lines[1]).toBe("P01,镇卫生院住院楼改造,,,2026-11,680,");
    expect(lines[10]).toBe("P10,文化活动中心功能提升,,,2026-10,150,");
    // P11 and P12 were not 当选.
    expect(text).not.toContain("P11");
  });

  it("the sample year's plan.csv agrees with the draft from the township's vote (ids, names, deadlines, budgets)", async () => {
    const dir = await tallied();
    expect((await runCli(["progress", "--plan", dir])).code).toBe(0);
    const rows = (text: string, pick: number[]) => text.replace(/^\ufeff/, "").trim().split(/\r?\n/).slice(1).map((l) => pick.map((i) => l.split(",")[i]));
    const draft = rows(await fs.readFile(path.join(dir, "plan.csv"), "utf8"), [0, 1, 4, 5]);
    const sample = rows(await fs.readFile(path.join(SEEDS, "progress-2026", "plan.csv"), "utf8"), [0, 1, 4, 5]);
    expect(sample).toEqual(draft);
  });

  it("leaves 完成时限 empty where the candidate's cell is words, and reads a date as its month", async () => {
    const dir = await tallied();
    const candidates = path.join(dir, "candidates.csv");
    await fs.writeFile(candidates, (await fs.readFile(candidates, "utf8")).replace(",2026-11,", ",年底前,").replace(",2026-09,", ",2026-09-30,"));
    const r = await runCli(["progress", "--plan", dir]);
    expect(r.code).toBe(0);
    const text = await fs.readFile(path.join(dir, "plan.csv"), "utf8");
    expect(text).toContain("P01,镇卫生院住院楼改造,,,,680,\r\n");
    expect(text).toContain("P02,农村饮水安全提升工程,,,2026-09,520,\r\n");
  });

  it("refuses to overwrite an existing plan.csv (exit 1, unchanged)", async () => {
    const dir = await tallied();
    await fs.writeFile(path.join(dir, "plan.csv"), "编号,项目名称,完成时限\n");
    const before = await snapshot(dir);
    const r = await runCli(["progress", "--plan", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("plan.csv E_PLAN_EXISTS plan.csv 已存在，未改写");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("refuses to write plan.csv beside a plan kept as plan.xlsx (exit 1, unchanged)", async () => {
    const dir = await tallied();
    await fs.writeFile(path.join(dir, "plan.xlsx"), "a workbook");
    const before = await snapshot(dir);
    const r = await runCli(["progress", "--plan", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("plan.xlsx E_PLAN_EXISTS plan.xlsx 已存在，未改写");
    // The summary line names the file that is there, not plan.csv.
    expect(r.stderr).toContain("已有 plan.xlsx，没有改写");
    expect(r.stderr).not.toContain("plan.csv");
    const j = await runCli(["progress", "--plan", dir, "--json", "--lang", "en"]);
    expect(j.json.error.message).toBe("已有 plan.xlsx，没有改写");
    expect(j.json.error.messageEn).toBe("plan.xlsx already exists and was not changed");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("exits 1 when results.csv has no 当选 row, or there is no results.csv", async () => {
    const dir = await folder({ "out/results.csv": "名次,编号,项目名称,赞成,反对,弃权,赞成率,结果,轮次\n1,A,甲项目,10,20,0,33.3%,未过半数,1\n" });
    await fs.rm(path.join(dir, "plan.csv"));
    const r = await runCli(["progress", "--plan", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("out/results.csv:1:1 E_PLAN_NO_SELECTED");
    // A void vote selects no project either: the hint says so, and where to see it.
    expect(r.stderr).toContain("票决无效，或过半数的项目一个也没有时，也没有当选的项目：见同一文件夹中的 summary.csv");
    const none = await folder({});
    await fs.rm(path.join(none, "plan.csv"));
    const n = await runCli(["progress", "--plan", none]);
    expect(n.code).toBe(1);
    expect(n.stderr).toContain("E_PLAN_NO_TALLY");
    await expect(fs.access(path.join(none, "out"))).rejects.toThrow();
  });

  it("reads results.csv from the -o folder", async () => {
    const source = await tallied();
    const dir = await folder({ "candidates.csv": await fs.readFile(path.join(source, "candidates.csv"), "utf8") });
    await fs.rm(path.join(dir, "plan.csv"));
    const r = await runCli(["progress", "--plan", dir, "-o", path.join(source, "out")]);
    expect(r.code, r.stderr).toBe(0);
    expect(await fs.readFile(path.join(dir, "plan.csv"), "utf8")).toContain("P05,镇区背街小巷路灯亮化,,,2026-06,126,");
  });
});

describe("piaojue progress refuses bad input (exit 1, nothing written, file:line:column)", () => {
  it("an id not in plan.csv", async () => {
    await expectRefused({ "progress.csv": REPORTS + "Z,2026-06,10,,\n" }, "progress.csv:5:1", "E_REPORT_UNKNOWN_ID");
  });
  it("two rows for the same id and month (a date read as its month)", async () => {
    const stderr = await expectRefused({ "progress.csv": REPORTS + "A,2026-06-30,60,,\n" }, "progress.csv:5:2", "E_REPORT_DUPLICATE");
    expect(stderr).toContain("项目 A 在 2026-06 已有一行（第 3 行）");
  });
  it("形象进度 outside 0–100, or not a plain decimal", async () => {
    await expectRefused({ "progress.csv": REPORTS.replace("A,2026-06,55", "A,2026-06,101") }, "progress.csv:3:3", "E_REPORT_PROGRESS");
    await expectRefused({ "progress.csv": REPORTS.replace("A,2026-06,55", "A,2026-06,-5") }, "progress.csv:3:3", "E_REPORT_PROGRESS");
    await expectRefused({ "progress.csv": REPORTS.replace("A,2026-06,55", "A,2026-06,五成") }, "progress.csv:3:3", "E_REPORT_PROGRESS");
  });
  it("已拨付资金 that is not a plain decimal ≥ 0", async () => {
    await expectRefused({ "progress.csv": REPORTS.replace("A,2026-06,55,50", "A,2026-06,55,50万") }, "progress.csv:3:4", "E_REPORT_DISBURSED");
  });
  it("a malformed month in progress.csv and in plan.csv", async () => {
    await expectRefused({ "progress.csv": REPORTS.replace("A,2026-05", "A,2026-13") }, "progress.csv:2:2", "E_REPORT_MONTH");
    await expectRefused({ "plan.csv": PLAN.replace("B,乙项目,乙单位,2026-03", "B,乙项目,乙单位,2026/03") }, "plan.csv:3:4", "E_PLAN_MONTH");
    await expectRefused({ "plan.csv": PLAN.replace("2026-01,2026-10", "2026-01,2026-02-30") }, "plan.csv:2:5", "E_PLAN_MONTH");
  });
  it("a YYYY-MM-DD that is no day of the calendar is said to be a date that does not exist, not a month", async () => {
    const plan = await expectRefused({ "plan.csv": PLAN.replace("2026-01,2026-10", "2026-02-31,2026-12-32") }, "plan.csv:2:4", "E_PLAN_MONTH");
    expect(plan).toContain("开始“2026-02-31”不是实际存在的日期");
    expect(plan).toContain("完成时限“2026-12-32”不是实际存在的日期");
    expect(plan).not.toContain("不是月份");
    expect(plan).not.toContain("按所在月份计");
    const reports = await expectRefused({ "progress.csv": REPORTS.replace("A,2026-05", "A,2026-02-30") }, "progress.csv:2:2", "E_REPORT_MONTH");
    expect(reports).toContain("截至“2026-02-30”不是实际存在的日期");
    // A malformed month is still said to be no month.
    expect(await expectRefused({ "progress.csv": REPORTS.replace("A,2026-05", "A,2026-13") }, "progress.csv:2:2", "E_REPORT_MONTH")).toContain("截至“2026-13”不是月份");
  });
  it("a 形象进度 within 0–100 but written with a sign or a bare decimal point is said to be badly written, with the way to write it", async () => {
    for (const value of ["+50", ".5", "50."]) {
      const said = await expectRefused({ "progress.csv": REPORTS.replace("A,2026-06,55", `A,2026-06,${value}`) }, "progress.csv:3:3", "E_REPORT_PROGRESS");
      expect(said, value).toContain(`形象进度“${value}”应是 0 到 100 之间的普通小数`);
      expect(said, value).toContain("不带正负号，小数点前后都要有数字");
    }
  });
  it("a number typed with full-width digits names the full-width character", async () => {
    const progress = await expectRefused({ "progress.csv": REPORTS.replace("A,2026-06,55", "A,2026-06,０５０") }, "progress.csv:3:3", "E_REPORT_PROGRESS");
    expect(progress).toContain("形象进度“０５０”应是 0 到 100 之间的普通小数（其中“０”是全角字符，须用半角，即英文输入法）");
    const disbursed = await expectRefused({ "progress.csv": REPORTS.replace("A,2026-06,55,50", "A,2026-06,55,５０") }, "progress.csv:3:4", "E_REPORT_DISBURSED");
    expect(disbursed).toContain("（其中“５”是全角字符");
    const budget = await expectRefused({ "plan.csv": PLAN.replace(",100,", ",１００,") }, "plan.csv:2:6", "E_PLAN_BUDGET");
    expect(budget).toContain("（其中“１”是全角字符");
  });
  it("milestones out of order, out of range, decreasing, or malformed", async () => {
    await expectRefused({ "plan.csv": PLAN.replace("2026-06:20;2026-09:60", "2026-09:20;2026-06:60") }, "plan.csv:3:7", "E_PLAN_MILESTONE_ORDER");
    await expectRefused({ "plan.csv": PLAN.replace("2026-06:20;2026-09:60", "2026-06:20;2026-12:60") }, "plan.csv:3:7", "E_PLAN_MILESTONE_RANGE");
    await expectRefused({ "plan.csv": PLAN.replace("2026-06:20;2026-09:60", "2026-02:20") }, "plan.csv:3:7", "E_PLAN_MILESTONE_RANGE");
    await expectRefused({ "plan.csv": PLAN.replace("2026-06:20;2026-09:60", "2026-06:60;2026-09:20") }, "plan.csv:3:7", "E_PLAN_MILESTONE_DECREASING");
    await expectRefused({ "plan.csv": PLAN.replace("2026-06:20;2026-09:60", "2026-06:120") }, "plan.csv:3:7", "E_PLAN_MILESTONE_PERCENT");
    await expectRefused({ "plan.csv": PLAN.replace("2026-06:20;2026-09:60", "六月完成两成") }, "plan.csv:3:7", "E_PLAN_MILESTONE_FORMAT");
  });
  it("a milestone where 开始 and 完成时限 are the same month: no milestone month is possible, and that is said", async () => {
    const stderr = await expectRefused({ "plan.csv": PLAN + "E1,路灯,,2026-05,2026-05,,2026-05:50\n" }, "plan.csv:4:7", "E_PLAN_MILESTONE_NONE");
    expect(stderr).toContain("开始与完成时限同在 2026-05，不能有计划节点（写了“2026-05:50”）");
    expect(stderr).not.toContain("2026-05 至 2026-04");
  });
  it("a deadline before the start", async () => {
    await expectRefused({ "plan.csv": PLAN.replace("2026-01,2026-10", "2026-11,2026-10") }, "plan.csv:2:5", "E_PLAN_DEADLINE_BEFORE_START");
  });
  it("a budget that is not a plain decimal, an id twice in the plan, a malformed id, an empty required cell", async () => {
    await expectRefused({ "plan.csv": PLAN.replace(",100,", ",一百,") }, "plan.csv:2:6", "E_PLAN_BUDGET");
    await expectRefused({ "plan.csv": PLAN + "A,又一个,,,2026-12,,\n" }, "plan.csv:4:1", "E_PLAN_DUPLICATE_ID");
    await expectRefused({ "plan.csv": PLAN + "甲 1,又一个,,,2026-12,,\n" }, "plan.csv:4:1", "E_PROGRESS_ID");
    // A full-width ID: the hint gives it as it is meant.
    const fullWidth = await runCli(["progress", await folder({ "plan.csv": PLAN.replace("\nB,乙项目", "\nＢ,乙项目") })]);
    expect(fullWidth.stderr).toContain("例如改为“B”（不用空格和全角字符）");
    await expectRefused({ "plan.csv": PLAN + "C,又一个,,,,,\n" }, "plan.csv:4:5", "E_PROGRESS_EMPTY_CELL");
    await expectRefused({ "progress.csv": REPORTS + "B,2026-05,,,\n" }, "progress.csv:5:3", "E_PROGRESS_EMPTY_CELL");
  });
  it("an unknown column (备注 is allowed), a repeated column, a missing required column", async () => {
    await expectRefused({ "plan.csv": PLAN.replace("计划节点", "负责人") }, "plan.csv:1:7", "E_PROGRESS_UNKNOWN_COLUMN");
    await expectRefused({ "progress.csv": REPORTS.replace("说明", "id") }, "progress.csv:1:5", "E_PROGRESS_DUPLICATE_COLUMN");
    await expectRefused({ "progress.csv": "编号,形象进度\nA,10\n" }, "progress.csv:1:1", "E_PROGRESS_MISSING_COLUMN");
  });
  it("an unknown key in progress.json, at its position", async () => {
    await expectRefused({ "progress.json": "{\n  \"title\": \"通报\",\n  \"lag\": { \"behind\": \"10\", \"sever\": \"30\" }\n}\n" }, "progress.json:3:28", "E_PROGRESS_UNKNOWN_KEY");
    // A misspelt key is told the key it most likely meant, as in session.json.
    expect(await expectRefused({ "progress.json": "{\"titel\": \"通报\"}" }, "progress.json:1:2", "E_PROGRESS_UNKNOWN_KEY")).toContain("未知的键“titel”，是不是“title”？");
    expect(await expectRefused({ "progress.json": "{\"lag\": {\"behnd\": \"10\"}}" }, "progress.json:1:10", "E_PROGRESS_UNKNOWN_KEY")).toContain("未知的键“lag.behnd”，是不是“behind”？");
    expect(await expectRefused({ "progress.json": "{\"colour\": \"red\"}" }, "progress.json:1:2", "E_PROGRESS_UNKNOWN_KEY")).not.toContain("是不是");
    await expectRefused({ "progress.json": "{\"lag\": {\"behind\": 10}}" }, "progress.json:1:10", "E_PROGRESS_SCHEMA");
  });
  it("behind greater than severe (each key on its own: behind 40 alone exceeds the default severe 30)", async () => {
    const stderr = await expectRefused({ "progress.json": "{\"lag\": {\"behind\": \"40\"}}" }, "progress.json:1:10", "E_PROGRESS_LAG_ORDER");
    expect(stderr).toContain("behind 40 大于严重滞后界限 severe 30");
    await expectRefused({ "progress.json": "{\"lag\": {\"severe\": \"15/2\"}}" }, "progress.json:1:10", "E_PROGRESS_LAG_ORDER");
  });
  it("an empty plan", async () => {
    await expectRefused({ "plan.csv": "编号,项目名称,完成时限\n" }, "plan.csv:2:1", "E_PLAN_EMPTY");
  });
  it("a missing plan.csv: the hint offers progress --plan to draft it", async () => {
    const dir = await makeSession({ "progress.csv": REPORTS });
    temps.push(dir);
    const r = await runCli(["progress", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("plan.csv E_FILE");
    expect(r.stderr).toMatch(/提示：在会议文件夹中放入 plan\.csv；也可运行 piaojue progress \S+ --plan 按计票结果生成草稿/);
    // Another missing file is not offered a draft.
    const noReports = await makeSession({ "plan.csv": PLAN });
    temps.push(noReports);
    expect((await runCli(["progress", noReports])).stderr).not.toContain("--plan");
  });
  it("a missing progress.csv, and one with no rows without --as-of", async () => {
    const dir = await makeSession({ "plan.csv": PLAN });
    temps.push(dir);
    const r = await runCli(["progress", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("progress.csv E_FILE");
    expect(r.stderr).toContain("提示：");
    await expect(fs.access(path.join(dir, "out"))).rejects.toThrow();
    await expectRefused({ "progress.csv": "编号,截至,形象进度\n" }, "progress.csv:2:1", "E_REPORT_EMPTY");
  });
  it("rows after the month reported are validated too", async () => {
    await expectRefused({ "progress.csv": REPORTS + "A,2026-07,120,,\n" }, "progress.csv:5:3", "E_REPORT_PROGRESS", ["--as-of", "2026-06"]);
  });
  it("an error in plan.csv does not hide an unknown id in progress.csv", async () => {
    const dir = await folder({ "plan.csv": PLAN.replace(",100,", ",一百,"), "progress.csv": REPORTS + "Z,2026-06,10,,\n" });
    const r = await runCli(["progress", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("plan.csv:2:6 E_PLAN_BUDGET");
    expect(r.stderr).toContain("progress.csv:5:1 E_REPORT_UNKNOWN_ID");
    expect(r.stderr).not.toContain("progress.csv:2:1 E_REPORT_UNKNOWN_ID");
  });

  it("every error is reported at once, in Chinese and with --lang en in English", async () => {
    const dir = await folder({ "progress.csv": REPORTS + "Z,2026-06,10,,\nA,2026-13,10,,\n" });
    const r = await runCli(["progress", dir, "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("progress.csv:5:1 E_REPORT_UNKNOWN_ID ID “Z” is not in plan.csv");
    expect(r.stderr).toContain("progress.csv:6:2 E_REPORT_MONTH The 截至 value “2026-13” is not a month (YYYY-MM)");
  });
});

describe("a latest month far from every other report", () => {
  it("warns (W_AS_OF_ISOLATED) when the default month is a lone row a year on — a mistyped year — but not with --as-of, nor on the sample", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "progress-2026"));
    const clean = await runCli(["progress", dir, "--json"]);
    expect(clean.json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_AS_OF_ISOLATED");
    const file = path.join(dir, "progress.csv");
    const text = await fs.readFile(file, "utf8");
    await fs.writeFile(file, text.replace(/^P10,2026-06,/m, "P10,2027-06,"));
    const r = await runCli(["progress", dir, "--json"]);
    expect(r.code).toBe(0);
    const w = r.json.warnings.find((x: { code: string }) => x.code === "W_AS_OF_ISOLATED");
    expect(w).toMatchObject({ file: "progress.csv", column: 1 });
    expect(w.message).toContain("2027-06");
    expect(w.hint).toContain("--as-of 2026-06");
    const asked = await runCli(["progress", dir, "--as-of", "2027-06", "--json"]);
    expect(asked.json.warnings.map((x: { code: string }) => x.code)).not.toContain("W_AS_OF_ISOLATED");
  });

  it("warns from a gap of six months, and when the latest month has half the projects of the month before or fewer", async () => {
    const plan = "编号,项目名称,责任单位,开始,完成时限,投入资金（万元）,计划节点\nT1,甲项目,甲单位,2026-01,2026-12,,\nT2,乙项目,乙单位,2026-01,2026-12,,\n";
    const codes = async (last: string) => {
      const dir = await folder({ "plan.csv": plan, "progress.csv": `编号,截至,形象进度,已拨付资金（万元）,说明\nT1,2026-01,5,,\nT2,2026-01,5,,\nT1,${last},50,,\n` });
      const r = await runCli(["progress", dir, "--json"]);
      expect(r.code, r.stdout).toBe(0);
      return r.json.warnings.map((x: { code: string }) => x.code);
    };
    expect(await codes("2026-06")).not.toContain("W_AS_OF_ISOLATED"); // five months on
    expect(await codes("2026-07")).toContain("W_AS_OF_ISOLATED"); // six months on, 1 row of 2: exactly half
  });
});

describe("the summary sentences of progress.html", () => {
  it("names no lagging kind when none is late (均按计划推进, no 滞后0个) and gives the disbursement rate", async () => {
    const dir = await folder({
      "plan.csv": "编号,项目名称,责任单位,开始,完成时限,投入资金（万元）,计划节点\nT1,路灯,甲单位,2026-01,2026-10,100,\n",
      "progress.csv": "编号,截至,形象进度,已拨付资金（万元）,说明\nT1,2026-05,50,30,\n",
    });
    const r = await runCli(["progress", dir, "--as-of", "2026-05"]);
    expect(r.code, r.stderr).toBe(0);
    const html = await fs.readFile(path.join(dir, "out", "progress.html"), "utf8");
    expect(html).toContain("未完成的1个项目中，按序时推进1个，均按计划推进。");
    expect(html).not.toContain("滞后0个");
    expect(html).toContain("资金拨付率30.0%");
  });
});
