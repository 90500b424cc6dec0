// piaojue batch over a county whose townships follow their projects (SPEC §11, 一季一督查): each township
// with plan.csv gets its out/progress.* as `progress` writes them, batch-progress.csv sums each one up in a
// row (worked out by hand below), a township with invalid progress is reported without stopping the
// others, --as-of reaches every township, and audit on the root and on a township still passes.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli, SEEDS } from "../helpers.js";

const FINAL = path.join(SEEDS, "township-2026");
const SEED_PROGRESS = path.join(SEEDS, "progress-2026");

// 乙镇 at 2026-06 (defaults: behind 10, severe 30):
//   A01 start 01, deadline 10: planned 60, actual 30, gap 30 (not > 30) → 滞后; disbursed 20 of 100
//   A02 100 in 2026-04 → 已完成; disbursed 50 of 50
//   A03 start 03, deadline 12, last row 2026-05 → 未报送; no budget
//   A04 deadline 06, 80 at 06 → 逾期未完成; disbursed 150 of 200
//   A05 start 01, deadline 12: planned 50, actual 50 → 按序时推进; no budget
// At 2026-05: A01 planned 50, actual 25 → 滞后; A03 planned 30, actual 10 → 滞后; A04 planned 83.3, actual 60
// → 滞后; A05 no row → 未报送 and not yet started; disbursed 10 + 50 + 100 = 160 of 350.
const YI_PLAN = [
  "编号,项目名称,责任单位,开始,完成时限,投入资金（万元）",
  "A01,村道硬化,交通站,2026-01,2026-10,100",
  "A02,路灯,城建办,2026-01,2026-05,50",
  "A03,公厕,环卫所,2026-03,2026-12,",
  "A04,广场,文化站,2026-01,2026-06,200",
  "A05,图书室,文化站,2026-01,2026-12,",
].join("\n") + "\n";
const YI_REPORTS = [
  "编号,截至,形象进度,已拨付资金（万元）,说明",
  "A02,2026-04,100,50,已验收",
  "A01,2026-05,25,10,",
  "A03,2026-05,10,,",
  "A04,2026-05,60,100,",
  "A01,2026-06,30,20,雨季停工",
  "A04,2026-06,80,150,",
  "A05,2026-06,50,,",
].join("\n") + "\n";
// 戊镇: one project, finished → nothing to inspect.
const WU_PLAN = "编号,项目名称,完成时限\nB01,卫生室,2026-12\n";
const WU_REPORTS = "编号,截至,形象进度\nB01,2026-06,100\n";
// 丁镇: a report of a project its plan does not have.
const DING_REPORTS = "编号,截至,形象进度\nC01,2026-06,40\nC99,2026-06,10\n";
const DING_PLAN = "编号,项目名称,完成时限\nC01,敬老院,2026-12\n";

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

/** A county: 甲镇 with the seed's progress, 乙镇 and 戊镇 with the small ones above, 丙镇 with no plan, 丁镇 (optional) invalid. */
async function county(withInvalid: boolean): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-county-"));
  made.push(root);
  const towns: Record<string, Record<string, string> | null> = {
    "县一/甲镇": null, "县一/乙镇": { "plan.csv": YI_PLAN, "progress.csv": YI_REPORTS }, "县二/丙镇": {}, "县二/戊镇": { "plan.csv": WU_PLAN, "progress.csv": WU_REPORTS },
    ...(withInvalid ? { "县二/丁镇": { "plan.csv": DING_PLAN, "progress.csv": DING_REPORTS } } : {}),
  };
  for (const [folder, files] of Object.entries(towns)) {
    const dir = path.join(root, folder);
    await fs.cp(FINAL, dir, { recursive: true, filter: (src) => path.basename(src) !== "out" });
    if (files === null) await fs.cp(SEED_PROGRESS, dir, { recursive: true });
    for (const [name, text] of Object.entries(files ?? {})) await fs.writeFile(path.join(dir, name), text);
  }
  return root;
}

function csvRows(text: string): string[][] {
  expect(text.startsWith("\ufeff")).toBe(true);
  return text.slice(1).split("\r\n").slice(0, -1).map((l) => l.split(","));
}

async function readCsv(file: string): Promise<string[][]> {
  return csvRows(await fs.readFile(file, "utf8"));
}

const HEADER = ["文件夹", "会议名称", "截至", "项目数", "已完成", "按序时推进", "滞后", "严重滞后", "逾期未完成", "未报送", "完成率", "开工率", "资金拨付率", "需督查项目", "提醒", "问题"];

describe("piaojue batch follows the townships' progress", () => {
  it("writes one row per township with plan.csv, worked out by hand, and each township's progress as `progress` writes it", async () => {
    const root = await county(false);
    const r = await runCli(["batch", root, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.files).toEqual(["batch-summary.csv", "batch-results.csv", "batch-progress.csv"]);
    const rows = await readCsv(path.join(root, "out", "batch-progress.csv"));
    expect(rows[0]).toEqual(HEADER);
    const title = r.json.data.sessions[0].title as string;
    expect(rows.slice(1).map((row) => row[0])).toEqual(["县一/乙镇", "县一/甲镇", "县二/戊镇"]);
    expect(rows[1]).toEqual([
      "县一/乙镇", title, "2026-06", "5", "1", "1", "1", "0", "1", "1", "20.0%", "100.0%", "62.9%",
      "A04 广场（逾期未完成）；A01 村道硬化（滞后）；A03 公厕（未报送）", "", "",
    ]);
    expect(rows[3]).toEqual(["县二/戊镇", title, "2026-06", "1", "1", "0", "0", "0", "0", "0", "100.0%", "100.0%", "", "", "", ""]);
    // 甲镇's row says what its own progress-summary.csv says.
    const jia = Object.fromEntries((await readCsv(path.join(root, "县一", "甲镇", "out", "progress-summary.csv"))).slice(1));
    expect(rows[2]!.slice(2, 13)).toEqual(["截至", "项目数", "已完成", "按序时推进", "滞后", "严重滞后", "逾期未完成", "未报送", "完成率", "开工率", "资金拨付率"].map((k) => jia[k]));

    // Each township's out/ holds exactly what `piaojue progress` writes there; 丙镇 has no plan and no progress.
    const alone = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-county-alone-"));
    made.push(alone);
    await fs.cp(path.join(root, "县一", "乙镇"), alone, { recursive: true, filter: (src) => path.basename(src) !== "out" });
    expect((await runCli(["progress", alone])).code).toBe(0);
    for (const name of ["progress.csv", "progress-summary.csv", "progress.html"]) {
      expect(await fs.readFile(path.join(root, "县一", "乙镇", "out", name), "utf8")).toBe(await fs.readFile(path.join(alone, "out", name), "utf8"));
    }
    await expect(fs.access(path.join(root, "县二", "丙镇", "out", "progress.csv"))).rejects.toThrow();

    const yi = r.json.data.progress.find((t: { folder: string }) => t.folder === "县一/乙镇");
    expect(yi.asOf).toBe("2026-06");
    expect(yi.summary).toMatchObject({ projects: 5, completed: 1, onSchedule: 1, behind: 1, severelyBehind: 0, overdue: 1, unreported: 1, budget: 350, disbursed: 220 });
    expect(yi.attention.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([["A04", "逾期未完成"], ["A01", "滞后"], ["A03", "未报送"]]);
    expect(yi.errors).toEqual([]);

    // audit proves the root's batch record and a township's progress record.
    expect((await runCli(["audit", root])).code).toBe(0);
    expect((await runCli(["audit", path.join(root, "县一", "乙镇")])).code).toBe(0);
    const trail = JSON.parse(await fs.readFile(path.join(root, "out", "audit.json"), "utf8"));
    expect(JSON.stringify(trail)).toContain("县一/乙镇/progress.csv");
  });

  it("tells a township's progress warnings as `progress` does: on stderr and in --json at their place under the root, and in batch-progress.csv", async () => {
    // 甲镇 (the seed's year): P10 reported 38 in 2026-06 after 40 in 2026-05, progress.csv:60:3.
    const root = await county(false);
    const fall = "W_PROGRESS_DECREASED 项目 P10 2026-06 的形象进度 38 低于 2026-05 报送的 40";
    const text = await runCli(["batch", root]);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain(`提醒 县一/甲镇/progress.csv:60:3 ${fall}`);
    const rows = await readCsv(path.join(root, "out", "batch-progress.csv"));
    const jia = rows.find((row) => row[0] === "县一/甲镇")!;
    expect(jia[HEADER.indexOf("提醒")]).toBe(fall);
    expect(rows.find((row) => row[0] === "县一/乙镇")![HEADER.indexOf("提醒")]).toBe("");
    const r = await runCli(["batch", root, "--json"]);
    // (Beside the seed's own tally warning in each town: its unreadable mark.)
    expect(r.json.warnings.filter((w: { code: string }) => w.code.startsWith("W_PROGRESS"))).toEqual([expect.objectContaining({
      code: "W_PROGRESS_DECREASED", file: "县一/甲镇/progress.csv", line: 60, column: 3,
      message: "项目 P10 2026-06 的形象进度 38 低于 2026-05 报送的 40", hint: expect.any(String),
    })]);
    // The codes per township stay as they were.
    expect(r.json.data.progress.find((t: { folder: string }) => t.folder === "县一/甲镇").warnings).toEqual(["W_PROGRESS_DECREASED"]);
    expect((await runCli(["audit", root])).code).toBe(0);
  });

  it("lists the townships with projects to inspect first, the most first, in the report", async () => {
    const root = await county(false);
    const r = await runCli(["batch", root]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const inspect = lines.findIndex((l) => l.startsWith("需督查"));
    const fine = lines.findIndex((l) => l.startsWith("均已完成或按序时推进"));
    expect(inspect).toBeGreaterThan(0);
    expect(fine).toBeGreaterThan(inspect);
    expect(lines.find((l) => l.includes("有逾期、滞后或未报送项目的"))).toMatch(/3 个会议有 plan\.csv；有逾期、滞后或未报送项目的 2 个，均已完成或按序时推进的 1 个，进度输入有误 0 个/);
    expect(lines[inspect + 3]).toMatch(/^ {2}县一\/乙镇 .*逾期未完成 1，严重滞后 0，滞后 1，未报送 1$/);
    expect(lines[inspect + 4]).toBe("    A04 广场（逾期未完成）；A01 村道硬化（滞后）；A03 公厕（未报送）");
    expect(lines[fine + 1]).toMatch(/^ {2}县二\/戊镇 .*（截至 2026-06，1 个项目，已完成 1）$/);
    expect(r.stdout).toContain("batch-progress.csv");
  });

  it("reports a township with invalid progress by folder, exit 1, and still writes the others", async () => {
    const root = await county(true);
    const r = await runCli(["batch", root, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.error.code).toBe("E_BATCH_INVALID");
    expect(r.json.error.diagnostics.map((d: { file: string; code: string }) => [d.file, d.code])).toEqual([["县二/丁镇/progress.csv", "E_REPORT_UNKNOWN_ID"]]);
    // Its tally was counted; only its progress was not written (all or nothing).
    expect(r.json.data.counts).toMatchObject({ total: 5, final: 5, invalid: 0 });
    await expect(fs.access(path.join(root, "县二", "丁镇", "out", "progress.csv"))).rejects.toThrow();
    await fs.access(path.join(root, "县二", "丁镇", "out", "results.csv"));
    await fs.access(path.join(root, "县一", "乙镇", "out", "progress.csv"));
    const rows = await readCsv(path.join(root, "out", "batch-progress.csv"));
    expect(rows.map((row) => row[0])).toEqual(["文件夹", "县一/乙镇", "县一/甲镇", "县二/丁镇", "县二/戊镇"]);
    const ding = rows[3]!;
    expect(ding.slice(2, 15)).toEqual(Array(13).fill(""));
    expect(ding[15]).toMatch(/^县二\/丁镇\/progress\.csv:3:1 E_REPORT_UNKNOWN_ID .*C99/);
    expect(r.json.data.progress.find((t: { folder: string }) => t.folder === "县二/丁镇").errors[0].file).toBe("县二/丁镇/progress.csv");

    const text = await runCli(["batch", root]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("实施进度输入有误（未写出其进度）：");
    expect((await runCli(["audit", root])).code).toBe(0);
  });

  it("a broken session.json stops both the township's tally and its progress, and is named once", async () => {
    const root = await county(false);
    const file = path.join(root, "县一", "乙镇", "session.json");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("{", "{\"titel\": \"拼错的键\","));
    const r = await runCli(["batch", root, "--json"]);
    expect(r.code).toBe(1);
    const named = r.json.error.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`);
    expect(named.filter((n: string) => n.startsWith("县一/乙镇/session.json"))).toHaveLength(1);
    expect(r.json.data.counts.invalid).toBe(1);
    const yi = r.json.data.progress.find((t: { folder: string }) => t.folder === "县一/乙镇");
    expect(yi.summary).toBeNull();
    expect(yi.errors[0].file).toBe("县一/乙镇/session.json");
    await expect(fs.access(path.join(root, "县一", "乙镇", "out", "progress.csv"))).rejects.toThrow();
    expect(r.json.error.message).toMatch(/有 1 个会议输入有误.*；有 1 个会议的实施进度输入有误/);
  });

  it("the closing lines never count 0 others: a root whose only township is refused says no results were written", async () => {
    const root = await county(false);
    const keep = path.join(root, "县一", "乙镇");
    for (const name of await fs.readdir(root)) if (name !== "县一") await fs.rm(path.join(root, name), { recursive: true });
    for (const name of await fs.readdir(path.join(root, "县一"))) if (name !== "乙镇") await fs.rm(path.join(root, "县一", name), { recursive: true });
    const file = path.join(keep, "session.json");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("{", "{\"titel\": \"拼错的键\","));
    const r = await runCli(["batch", root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("没有会议的结果写出；汇总已写入");
    expect(r.stderr).toContain("有 1 个会议输入有误，已跳过；有 1 个会议的实施进度输入有误，未写出其进度");
    expect(r.stderr).not.toMatch(/其余 0 个/);
  });

  it("--as-of reaches every township, is recorded, and audit recounts with it; a malformed one is a usage error", async () => {
    const root = await county(false);
    const r = await runCli(["batch", root, "--as-of", "2026-05", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_FLAG_UNUSED");
    const rows = await readCsv(path.join(root, "out", "batch-progress.csv"));
    expect(rows[1]!.slice(2)).toEqual([
      "2026-05", "5", "1", "0", "3", "0", "0", "1", "20.0%", "80.0%", "45.7%",
      "A01 村道硬化（滞后）；A03 公厕（滞后）；A04 广场（滞后）；A05 图书室（未报送）", "", "",
    ]);
    // 戊镇 has no report by 2026-05: its one project is 未报送.
    expect(rows[3]!.slice(2, 10)).toEqual(["2026-05", "1", "0", "0", "0", "0", "0", "1"]);
    expect(Object.fromEntries((await readCsv(path.join(root, "县一", "乙镇", "out", "progress-summary.csv"))).slice(1))["截至"]).toBe("2026-05");
    const trail = JSON.parse(await fs.readFile(path.join(root, "out", "audit.json"), "utf8"));
    expect(JSON.stringify(trail)).toContain('"asOf":"2026-05"');
    expect((await runCli(["audit", root])).code).toBe(0);

    // A changed report makes the recount differ.
    await fs.appendFile(path.join(root, "县一", "乙镇", "progress.csv"), "A05,2026-05,20,,\n");
    expect((await runCli(["audit", root])).code).toBe(1);

    for (const bad of ["2026-13", "2026-5", "五月"]) {
      const u = await runCli(["batch", root, "--as-of", bad]);
      expect(u.code).toBe(2);
      expect(u.stderr).toContain("--as-of");
    }
  });

  it("a township whose plan.csv was taken away: audit says batch no longer writes its progress and how to clear it, and that way passes", async () => {
    const root = await county(false);
    expect((await runCli(["batch", root])).code).toBe(0);
    const town = path.join(root, "县二", "戊镇");
    await fs.rm(path.join(town, "plan.csv"));
    expect((await runCli(["batch", root])).code).toBe(0);
    const a = await runCli(["audit", root], { cwd: root });
    expect(a.code).toBe(1);
    const plan = a.stderr.split("\n").filter((l) => l.startsWith("错误 县二/戊镇/plan.csv "));
    expect(plan.map((l) => l.split(" ")[2])).toEqual(["E_AUDIT_INPUT_MISSING", "E_AUDIT_RECOUNT_FAILED"]);
    const hints = a.stderr.split("\n").filter((l, i, all) => all[i - 1]?.startsWith("错误 县二/戊镇/plan.csv "));
    for (const hint of hints) {
      expect(hint).toContain("piaojue batch . 不再写出这个镇的实施进度，县二/戊镇/out/ 中以前写出的进度结果已无从核对：把 县二/戊镇/out/ 移到别处（或删除），再运行 piaojue batch .");
      expect(hint).not.toContain("无法运行");
    }
    const en = await runCli(["audit", root, "--lang", "en"], { cwd: root });
    expect(en.stderr).toContain("piaojue batch . no longer writes this town's progress, and the progress results written to 县二/戊镇/out/ before can no longer be checked");
    // Doing as the hint says passes.
    await fs.rm(path.join(town, "out"), { recursive: true });
    expect((await runCli(["batch", root], { cwd: root })).code).toBe(0);
    expect((await runCli(["audit", root], { cwd: root })).code).toBe(0);
  });

  it("writes no batch-progress.csv and keeps its JSON as before when no township has plan.csv", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-county-"));
    made.push(root);
    await fs.cp(FINAL, path.join(root, "甲镇"), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    const r = await runCli(["batch", root, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.files).toEqual(["batch-summary.csv", "batch-results.csv"]);
    expect(r.json.data.progress).toBeUndefined();
    await expect(fs.access(path.join(root, "out", "batch-progress.csv"))).rejects.toThrow();
    expect((await runCli(["audit", root])).code).toBe(0);
    expect(r.json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_FLAG_UNUSED");
    // --as-of then picks no month of anything: said, not passed over.
    const asOf = await runCli(["batch", root, "--as-of", "2026-06", "--json"]);
    expect(asOf.code).toBe(0);
    expect(asOf.json.warnings.filter((w: { code: string }) => w.code === "W_FLAG_UNUSED").map((w: { code: string; message: string; hint: string; file: string }) => [w.code, w.message, w.hint])).toEqual([[
      "W_FLAG_UNUSED", "--as-of 对 batch 没有作用",
      "没有一个会议文件夹有 plan.csv，--as-of 指定的是实施进度的通报月份；要通报进度，把 plan.csv 和 progress.csv 放进各乡镇的会议文件夹，否则去掉 --as-of",
    ]]);
    const en = await runCli(["batch", root, "--as-of", "2026-06", "--lang", "en"]);
    expect(en.stderr).toContain("W_FLAG_UNUSED --as-of has no effect on batch\n    hint: No session folder holds plan.csv");
  });
});
