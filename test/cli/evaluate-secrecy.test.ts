// Secrecy in a satisfaction evaluation (SPEC §8, issue 6): figures resting on fewer than 5 forms are still
// computed but marked in satisfaction.html (chart, table, 说明) and in --json (`fewForms`), while
// satisfaction.csv keeps exactly the contract's columns and rows. And evaluation.json's `projects` path:
// `..` is read deliberately (a sibling session's out/results.csv), absolute paths are refused, and
// SHA256SUMS / audit name and recount such an input relative to the evaluation folder.
import { spawnSync } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CHROMIUM, printPage } from "../e2e/chromium.js";
import { makeSession, runCli, SEEDS, sha256, snapshot } from "../helpers.js";

const HEADER = "编号,项目名称,组别,测评票数,满意,基本满意,不满意,弃权,满意率,总体满意率,得分,等次,完成率,达标";
const NOTE = "测评票少于 5 份，难以保证无记名，结果仅供参考";
const CANDIDATES = "编号,项目名称\nP1,甲项目\nP2,乙项目\n";

function evaluation(extra: Record<string, unknown> = {}) {
  return JSON.stringify({ title: "测评", projects: "candidates.csv", groups: { 代表: { weight: "0.6" }, 群众: { weight: "0.4" } }, grade: {}, ...extra }, null, 2);
}

/** Forms: `deputies` forms of 代表 and `publics` of 群众, each 满意 for P1 and 基本满意 for P2. */
function forms(deputies: number, publics: number): string {
  return "组别,P1,P2\n" + "代表,满意,基本满意\n".repeat(deputies) + "群众,满意,基本满意\n".repeat(publics);
}

async function evaluated(files: Record<string, string>, args: string[] = []) {
  const dir = await makeSession({ "evaluation.json": evaluation(), "candidates.csv": CANDIDATES, ...files });
  const r = await runCli(["evaluate", dir, "--json", ...args]);
  const read = (f: string) => readFileSync(path.join(dir, "out", f), "utf8");
  return { dir, r, read };
}

describe("a group with fewer than 5 forms", () => {
  it("is flagged per group and in the 综合 it enters, in --json", async () => {
    const { r } = await evaluated({ "evaluations.csv": forms(1, 6) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.anonymityMinimum).toBe(5);
    for (const p of r.json.data.projects) {
      expect(p.groups.map((g: any) => [g.group, g.forms, g.fewForms])).toEqual([["代表", 1, true], ["群众", 6, false]]);
      expect(p.combined.fewForms).toBe(true);
    }
    // Still computed: the figures are published, only marked.
    expect(r.json.data.projects[0].groups[0]).toMatchObject({ satisfied: 1, satisfiedRate: 1, overallRate: 1 });
    expect(r.json.warnings.filter((w: any) => w.code === "W_EVAL_FEW_FORMS")).toHaveLength(1);
  });

  it("is marked beside its rows, on its bars and in a 说明 section of satisfaction.html", async () => {
    const { r, read } = await evaluated({ "evaluations.csv": forms(1, 6) });
    expect(r.code).toBe(0);
    const html = read("satisfaction.html");
    // The chart: the 代表 and 综合 bars of each project are marked, the 群众 bars are not.
    expect(html.match(/class="bar" data-group="代表"[^>]*data-few-forms="true"/g)).toHaveLength(2);
    expect(html.match(/class="bar" data-group="综合"[^>]*data-few-forms="true"/g)).toHaveLength(2);
    expect(html).not.toMatch(/data-group="群众"[^>]*data-few-forms/);
    expect(html.match(/<div class="bar-row few-forms">/g)).toHaveLength(4);
    expect(html.match(/class="few-flag">※ 测评票少于 5 份，仅供参考</g)).toHaveLength(2);
    expect(html).toContain('<span class="swatch few-swatch" style="background:#808080"></span>※ 测评票少于 5 份，仅供参考</span>');
    // The table: the flagged rows carry a note in their 组别 cell.
    const rows = [...html.matchAll(/<tr class="([^"]*)"><td>(P\d)<\/td><td>[^<]*<\/td><td>([^<]*)(<span class="few-mark">[^<]*<\/span>)?<\/td>/g)].map((m) => [m[2], m[3], m[1], m[4] ?? ""]);
    expect(rows).toEqual([
      ["P1", "代表", "few-forms", '<span class="few-mark">※ 少于 5 份</span>'],
      ["P1", "综合", "combined few-forms", '<span class="few-mark">※ 含少于 5 份的组别</span>'],
      ["P2", "代表", "few-forms", '<span class="few-mark">※ 少于 5 份</span>'],
      ["P2", "综合", "combined few-forms", '<span class="few-mark">※ 含少于 5 份的组别</span>'],
    ]);
    expect(html).toMatch(/<tr><td>P1<\/td><td>甲项目<\/td><td>群众<\/td>/);
    // The 说明 section says why and which.
    expect(html).toContain("<h2>说明</h2>");
    expect(html).toContain(`※ ${NOTE}：组别“代表”各项目只有 1 份。`);
  });

  it("leaves satisfaction.csv exactly as the contract says: same header, same rows, no note", async () => {
    const { r, read } = await evaluated({ "evaluations.csv": forms(1, 6) });
    expect(r.code).toBe(0);
    const lines = read("satisfaction.csv").slice(1).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(1 + 2 * 3);
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual(["P1,甲项目,代表,1", "P1,甲项目,群众,6", "P1,甲项目,综合,", "P2,乙项目,代表,1", "P2,乙项目,群众,6", "P2,乙项目,综合,"]);
    expect(read("satisfaction.csv")).not.toMatch(/※|匿名|仅供参考/);
  });

  it("is marked in the terminal report too", async () => {
    const dir = await makeSession({ "evaluation.json": evaluation(), "candidates.csv": CANDIDATES, "evaluations.csv": forms(1, 6) });
    const r = await runCli(["evaluate", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/P1\s+甲项目\s+代表\*/);
    expect(r.stdout).toMatch(/P1\s+甲项目\s+群众\s/);
    expect(r.stdout).toContain(`* ${NOTE}：P1 代表 1 份；P2 代表 1 份`);
    expect(r.stderr).toMatch(/W_EVAL_FEW_FORMS 组别“代表”只有 1 份测评表/);
  });

  it("starts below 5: 4 forms are flagged, 5 are not", async () => {
    const four = await evaluated({ "evaluations.csv": forms(4, 5) });
    expect(four.r.json.data.projects[0].groups.map((g: any) => g.fewForms)).toEqual([true, false]);
    const five = await evaluated({ "evaluations.csv": forms(5, 5) });
    expect(five.r.json.data.projects[0].groups.map((g: any) => g.fewForms)).toEqual([false, false]);
    expect(five.r.json.data.projects[0].combined.fewForms).toBe(false);
    const html = five.read("satisfaction.html");
    expect(html).not.toMatch(/class="[^"]*few-|data-few-forms|<h2>说明/);
  });

  it("leaves the sample evaluation unmarked", async () => {
    const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-secrecy-")), "evaluation-2027");
    await fs.cp(path.join(SEEDS, "evaluation-2027"), dir, { recursive: true, filter: (s) => path.basename(s) !== "out" });
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(0);
    for (const p of r.json.data.projects) {
      expect(p.combined.fewForms).toBe(false);
      for (const g of p.groups) expect(g.fewForms).toBe(false);
    }
    expect(readFileSync(path.join(dir, "out", "satisfaction.html"), "utf8")).not.toMatch(/class="[^"]*few-|data-few-forms|<h2>说明/);
  });

  it("is judged per project and group with hand counts: a project row with 3 forms is flagged, the others are not", async () => {
    const counts = "编号,组别,满意,基本满意,不满意,弃权\nP1,代表,10,5,3,2\nP2,代表,2,1,0,0\nP1,群众,30,10,0,0\nP2,群众,30,10,0,0\n";
    const { r, read } = await evaluated({ "evaluation-counts.csv": counts });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.projects.map((p: any) => [p.id, p.groups.map((g: any) => g.fewForms), p.combined.fewForms])).toEqual([
      ["P1", [false, false], false],
      ["P2", [true, false], true],
    ]);
    // The group as a whole has 20 forms: no group warning, but the row's totals disagree and say so, and
    // the row of 3 forms is warned about as that project's (README: per project and group).
    expect(r.json.warnings.map((w: any) => w.code)).toEqual(["W_EVAL_TOTALS_DIFFER", "W_EVAL_FEW_FORMS"]);
    expect(r.json.warnings[1].message).toMatch(/^项目“P2 .*”在组别“代表”只有 3 份测评票/);
    expect(read("satisfaction.html")).toContain(`※ ${NOTE}：组别“代表”（P2）只有 3 份。`);
  });
});

describe("evaluation.json's projects path", () => {
  /** A year folder with the tallied township-2026 session and an evaluation folder beside it. */
  async function siblings(projects: string) {
    const year = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-year-"));
    const township = path.join(year, "township-2026");
    const evaluationDir = path.join(year, "evaluation-2027");
    await fs.cp(path.join(SEEDS, "township-2026"), township, { recursive: true, filter: (s) => path.basename(s) !== "out" });
    await fs.cp(path.join(SEEDS, "evaluation-2027"), evaluationDir, { recursive: true, filter: (s) => path.basename(s) !== "out" && path.basename(s) !== "results.csv" });
    expect((await runCli(["tally", township])).code).toBe(0);
    const config = JSON.parse(readFileSync(path.join(evaluationDir, "evaluation.json"), "utf8"));
    await fs.writeFile(path.join(evaluationDir, "evaluation.json"), JSON.stringify({ ...config, projects }, null, 2));
    return { year, township, dir: evaluationDir };
  }

  it("reads a sibling session's out/results.csv through `..`, and lists it relative to the folder in SHA256SUMS", async () => {
    const { township, dir } = await siblings("../township-2026/out/results.csv");
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.projects).toHaveLength(10);
    const sums = readFileSync(path.join(dir, "out", "SHA256SUMS"), "utf8").trim().split("\n").map((l) => l.split("  "));
    expect(sums.map(([, p]) => p)).toEqual(["../township-2026/out/results.csv", "../township-2026/out/summary.csv", "evaluation.json", "evaluations.csv", "indicators.csv", "out/satisfaction.csv", "out/satisfaction.docx", "out/satisfaction.html", "out/satisfaction.xlsx"]);
    for (const [hash, p] of sums) expect(sha256(readFileSync(path.resolve(dir, p!)))).toBe(hash);
    expect(sums[0]![0]).toBe(sha256(readFileSync(path.join(township, "out", "results.csv"))));
    if (spawnSync("sha256sum", ["--version"]).status === 0) {
      const check = spawnSync("sha256sum", ["-c", "out/SHA256SUMS"], { cwd: dir, encoding: "utf8" });
      expect(check.status, check.stdout + check.stderr).toBe(0);
    }
  });

  it("audit recomputes such an evaluation in a copy that keeps the sibling layout, and catches a changed sibling", async () => {
    const { township, dir } = await siblings("../township-2026/out/results.csv");
    expect((await runCli(["evaluate", dir])).code).toBe(0);
    const before = await snapshot(path.dirname(dir));
    const ok = await runCli(["audit", dir, "--json"]);
    expect(ok.code, ok.stdout).toBe(0);
    const recount = ok.json.data.checks[2];
    expect(recount).toMatchObject({ ok: true, checked: 4, notes: [] });
    expect(ok.json.data.commands).toEqual([expect.objectContaining({ command: "evaluate", recount: "in-memory" })]);
    expect(await snapshot(path.dirname(dir)), "audit writes nothing").toEqual(before);

    // The tally's results.csv is changed afterwards (a project's name edited): check 1 names it, check 3
    // recomputes from it and finds the outputs differ.
    const results = path.join(township, "out", "results.csv");
    await fs.writeFile(results, readFileSync(results, "utf8").replace("镇卫生院住院楼改造", "镇卫生院住院楼改扩建"));
    const bad = await runCli(["audit", dir, "--json"]);
    expect(bad.code).toBe(1);
    expect(bad.json.data.checks[0].problems).toEqual([expect.objectContaining({ code: "E_AUDIT_INPUT_CHANGED", file: "../township-2026/out/results.csv" })]);
    expect(bad.json.data.checks[2].problems.map((p: any) => [p.code, p.file])).toContainEqual(["E_AUDIT_RECOUNT_DIFFERS", "out/satisfaction.csv"]);
  });

  it("takes a Windows path with backslashes and records it with /", async () => {
    const { dir } = await siblings("..\\township-2026\\out\\results.csv");
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "out", "SHA256SUMS"), "utf8")).toContain("  ../township-2026/out/results.csv\n");
    const audit = JSON.parse(readFileSync(path.join(dir, "out", "audit.json"), "utf8"));
    expect(audit.commands.evaluate.rules.projects).toBe("../township-2026/out/results.csv");
  });

  it("refuses an absolute path, saying why and what to write, and writes nothing", async () => {
    const { year, dir } = await siblings("");
    for (const absolute of [path.join(year, "township-2026", "out", "results.csv"), "C:\\会议\\results.csv", "\\\\server\\share\\results.csv"]) {
      await fs.writeFile(path.join(dir, "evaluation.json"), evaluation({ projects: absolute }));
      const before = await snapshot(dir);
      const r = await runCli(["evaluate", dir, "--json"]);
      expect(r.code, absolute).toBe(1);
      const d = r.json.error.diagnostics[0];
      expect(d).toMatchObject({ code: "E_EVALUATION_SCHEMA", file: "evaluation.json", line: 3 });
      expect(d.message).toMatch(/projects.*不能写绝对路径/);
      expect(d.message).toContain("../township-2026/out/results.csv");
      expect(await snapshot(dir)).toEqual(before);
    }
  });

  it("names a missing file outside the folder as written, with a hint", async () => {
    const { dir } = await siblings("../township-2025/out/results.csv");
    const r = await runCli(["evaluate", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_FILE", file: "../township-2025/out/results.csv" });
    expect(r.json.error.diagnostics[0].hint).toMatch(/相对于测评文件夹/);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });
});

describe.skipIf(!existsSync(CHROMIUM))("the marks in Chromium", () => {
  it("a marked bar keeps its length, is striped over, and the notes are visible", async () => {
    const { read, dir } = await evaluated({ "evaluations.csv": "组别,P1,P2\n代表,满意,不满意\n代表,基本满意,不满意\n" + "群众,满意,满意\n".repeat(3) + "群众,不满意,满意\n".repeat(3) });
    expect(read("satisfaction.html")).toContain("few-forms");
    const page = await printPage({ width: 900, height: 1200 });
    await page.goto(pathToFileURL(path.join(dir, "out", "satisfaction.html")).href);
    const bars = await page.$$eval(".bar", (list) => list.map((b) => ({
      group: b.getAttribute("data-group"),
      few: b.getAttribute("data-few-forms") === "true",
      rate: Number(b.getAttribute("data-rate")),
      share: b.getBoundingClientRect().width / b.parentElement!.getBoundingClientRect().width,
      overlay: getComputedStyle(b, "::after").backgroundImage,
      outline: getComputedStyle(b).outlineStyle,
    })));
    expect(bars.map((b) => [b.group, b.few])).toEqual([["代表", true], ["群众", false], ["综合", true], ["代表", true], ["群众", false], ["综合", true]]);
    for (const b of bars) {
      expect(Math.abs(b.share - b.rate)).toBeLessThan(0.005);
      expect(b.overlay.includes("repeating-linear-gradient")).toBe(b.few);
      expect(b.outline).toBe(b.few ? "dashed" : "none");
    }
    for (const selector of [".few-flag", ".few-swatch", "tr.few-forms .few-mark", ".few-forms-note"]) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(true);
    }
  }, 60000);
});
