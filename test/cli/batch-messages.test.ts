// What batch and audit ROOT say about each town: a town's own tally warnings on screen and in --json, a
// symbolic link named rather than passed over, and audit ROOT's findings for towns batch did not write
// (counted but unwritten, added since, fixed since), with hints that lead to a passing audit.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, SEEDS } from "../helpers.js";

const FINAL = path.join(SEEDS, "township-2026");

/** A county root in a temp folder holding copies of the seed session under each name; returns the root. */
async function county(...towns: string[]): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-batchmsg-"));
  for (const town of towns) await fs.cp(FINAL, path.join(dir, town), { recursive: true, filter: (src) => path.basename(src) !== "out" });
  return dir;
}

type Said = { code: string; file: string; line?: number; message: string; hint?: string; params?: unknown };
const codes = (list: Said[]) => list.map((w) => [w.code, w.file]);
/** The diagnostics of a failed audit --json, errors and warnings. */
const diagnosticsOf = (json: { error?: { diagnostics: Said[] }; warnings: Said[] }) => [...json.error?.diagnostics ?? [], ...json.warnings];

describe("batch: each town's warnings", () => {
  it("says a town's tally warnings (差额 not met) on screen and in --json warnings, named under the root; the summary's 提醒 is as before", async () => {
    const dir = await county("甲镇", "乙镇");
    const session = path.join(dir, "甲镇", "session.json");
    await fs.writeFile(session, (await fs.readFile(session, "utf8")).replace('"formal": 10', '"formal": 11'));
    const r = await runCli(["batch", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(codes(r.json.warnings)).toContainEqual(["W_COMPETITION", "甲镇/session.json"]);
    expect(codes(r.json.warnings)).not.toContainEqual(["W_COMPETITION", "乙镇/session.json"]);
    const human = await runCli(["batch", dir]);
    expect(human.stderr).toMatch(/甲镇\/session\.json:\d+:\d+ W_COMPETITION 候选项目 12 个、应选 11 个/);
    const summary = await fs.readFile(path.join(dir, "out", "batch-summary.csv"), "utf8");
    expect(summary).toMatch(/W_UNREADABLE_MARK 第 1 轮有 1 张票有无法辨认的符号，按无效票计；W_COMPETITION 候选项目 12 个/);
  });

  it("lists a note about single ballots once per town and kind, the others of its kind counted in one W_MORE_NOTES", async () => {
    const dir = await county("甲镇");
    const ballots = path.join(dir, "甲镇", "ballots.csv");
    const rows = (await fs.readFile(ballots, "utf8")).split("\n");
    // Five rows with an unreadable mark (the seed has one, on row 34).
    for (const i of [2, 3, 4, 5]) rows[i] = rows[i]!.replace(/,○,/, ",√,");
    await fs.writeFile(ballots, rows.join("\n"));
    const r = await runCli(["batch", dir, "--json"]);
    const notes = r.json.warnings.filter((w: Said) => w.code === "W_UNREADABLE_MARK" || w.code === "W_MORE_NOTES");
    expect(codes(notes)).toEqual([["W_UNREADABLE_MARK", "甲镇/ballots.csv"], ["W_MORE_NOTES", "甲镇/ballots.csv"]]);
    expect(notes[0].line).toBe(3);
    expect(notes[1].message).toBe("另有 4 条同类提示（W_UNREADABLE_MARK）未列出");
    // Placed at the first row left unworded, as tally places it: on screen it follows the note it counts on from.
    expect(notes[1].line).toBe(4);
    const human = (await runCli(["batch", dir])).stderr;
    expect(human).toContain("甲镇/ballots.csv:4:1 W_MORE_NOTES");
    expect(human.indexOf("W_MORE_NOTES")).toBeGreaterThan(human.indexOf("W_UNREADABLE_MARK"));
    // The summary counts them all, as the 公告 does.
    expect(await fs.readFile(path.join(dir, "out", "batch-summary.csv"), "utf8")).toMatch(/W_UNREADABLE_MARK×5 第 1 轮有 5 张票有无法辨认的符号/);
  });

  it("lists an over-approval ballot once per town, and leaves it out of batch-summary.csv (the 公告's void figures count it)", async () => {
    const dir = await county("甲镇");
    const ballots = path.join(dir, "甲镇", "ballots.csv");
    const rows = (await fs.readFile(ballots, "utf8")).split("\n");
    // Two more rows with every project approved (the seed has one, on row 42).
    for (const i of [2, 3]) rows[i] = rows[i]!.split(",").map((c, k) => (k >= 2 ? "○" : c)).join(",");
    await fs.writeFile(ballots, rows.join("\n"));
    const r = await runCli(["batch", dir, "--json"]);
    const notes = r.json.warnings.filter((w: Said) => w.code === "W_OVER_APPROVAL" || (w.code === "W_MORE_NOTES" && w.message.includes("W_OVER_APPROVAL")));
    expect(codes(notes)).toEqual([["W_OVER_APPROVAL", "甲镇/ballots.csv"], ["W_MORE_NOTES", "甲镇/ballots.csv"]]);
    expect(notes[0].line).toBe(3);
    expect(notes[1].message).toBe("另有 2 条同类提示（W_OVER_APPROVAL）未列出");
    expect(await fs.readFile(path.join(dir, "out", "batch-summary.csv"), "utf8")).not.toContain("W_OVER_APPROVAL");
  });
});

describe("batch: a symbolic link under the root", () => {
  it("names a linked town folder in a warning instead of leaving it out unsaid", async () => {
    const dir = await county("甲镇");
    const elsewhere = await county("乙镇");
    await fs.symlink(path.join(elsewhere, "乙镇"), path.join(dir, "乙镇"));
    const r = await runCli(["batch", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.sessions.map((s: { folder: string }) => s.folder)).toEqual(["甲镇"]);
    expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_BATCH_LINK", file: "乙镇", message: "乙镇 是符号链接：batch 不跟随链接，其中的会议没有计票，也不在汇总中" }));
    // With only the link left, there is no session: the hint says links are not searched, and the link is named.
    await fs.rm(path.join(dir, "甲镇"), { recursive: true });
    await fs.rm(path.join(dir, "out"), { recursive: true });
    const none = await runCli(["batch", dir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/E_NO_SESSIONS[^\n]*\n[^\n]*符号链接不查找/);
    expect(none.stderr).toMatch(/乙镇 W_BATCH_LINK/);
  });
});

describe("batch: a broken symbolic link under the root", () => {
  it("is named too (an unmounted share's towns would drop out of the summary unsaid); a link to a file is not", async () => {
    const dir = await county("甲镇");
    await fs.symlink(path.join(dir, "nowhere"), path.join(dir, "丙镇"));
    await fs.writeFile(path.join(dir, "说明.txt"), "");
    await fs.symlink(path.join(dir, "说明.txt"), path.join(dir, "说明"));
    const r = await runCli(["batch", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings.filter((w: { code: string }) => w.code === "W_BATCH_LINK")).toEqual([expect.objectContaining({
      file: "丙镇", message: "丙镇 是符号链接，但它指向的位置不存在或无法访问：其中若有会议，没有计票，也不在汇总中" })]);
  });
});

describe("batch: a session folder named out", () => {
  it("names it in a warning (out is the outputs' name, so it is not read) instead of leaving it out unsaid", async () => {
    const dir = await county("甲镇");
    await fs.mkdir(path.join(dir, "县A"));
    await fs.cp(FINAL, path.join(dir, "县A", "out"), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    const r = await runCli(["batch", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.sessions.map((s: { folder: string }) => s.folder)).toEqual(["甲镇"]);
    expect(r.json.warnings).toContainEqual(expect.objectContaining({
      code: "W_BATCH_OUT_NAMED", file: "县A/out",
      message: "县A/out 里有 session.json，但 out 是写出结果的文件夹的名字：batch 不把它当作会议文件夹，没有计票，也不在汇总中",
    }));
    // A town's own out/ is that town's outputs: never named, however many times batch runs.
    const again = await runCli(["batch", dir, "--json"]);
    expect(again.json.warnings.filter((w: Said) => w.code === "W_BATCH_OUT_NAMED").map((w: Said) => w.file)).toEqual(["县A/out"]);
    // A plan beside it is still named as a plan without its session.json.
    await fs.copyFile(path.join(SEEDS, "progress-2026", "plan.csv"), path.join(dir, "县A", "plan.csv"));
    const planned = await runCli(["batch", dir, "--json"]);
    expect(planned.json.warnings.filter((w: Said) => /^W_BATCH_(OUT_NAMED|PLAN_ONLY)$/.test(w.code)).map((w: Said) => [w.code, w.file]))
      .toEqual([["W_BATCH_PLAN_ONLY", "县A/plan.csv"], ["W_BATCH_OUT_NAMED", "县A/out"]]);
  });
});

describe("audit ROOT: towns batch did not write", () => {
  it("a town counted but not written is said only as unwritten, not as skipped for its input", async () => {
    const dir = await county("甲镇");
    expect((await runCli(["batch", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "甲镇", "out", "audit.json"), '{"broken');
    expect((await runCli(["batch", dir])).code).toBe(1);
    const audit = await runCli(["audit", dir, "--json"]);
    expect(audit.code).toBe(1);
    const said = diagnosticsOf(audit.json).map((d) => d.code);
    expect(said).toContain("E_AUDIT_BATCH_UNWRITTEN");
    expect(said).not.toContain("W_AUDIT_TOWN_SKIPPED");
  });

  it("a town added after batch ran is not audited as batch's: the root's finding says run batch, and doing so passes", async () => {
    const dir = await county("甲镇");
    expect((await runCli(["batch", dir])).code).toBe(0);
    await fs.cp(FINAL, path.join(dir, "乙镇"), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    const audit = await runCli(["audit", dir, "--json"]);
    expect(audit.code).toBe(1);
    expect(audit.json.data.towns.map((t: { folder: string }) => t.folder)).toEqual(["甲镇"]);
    const said = diagnosticsOf(audit.json);
    expect(said.map((d) => d.code)).not.toContain("E_AUDIT_MISSING");
    expect(codes(said)).toContainEqual(["E_AUDIT_INPUT_ADDED", "乙镇/session.json"]);
    expect((await runCli(["batch", dir])).code).toBe(0);
    expect((await runCli(["audit", dir])).code).toBe(0);
  });

  it("a town fixed after batch skipped it is not audited as batch's, nor said to be skipped", async () => {
    const dir = await county("甲镇", "乙镇");
    const ballots = path.join(dir, "乙镇", "ballots.csv");
    const good = await fs.readFile(ballots, "utf8");
    await fs.writeFile(ballots, good.replace("P05", "P99"));
    expect((await runCli(["batch", dir])).code).toBe(1);
    await fs.writeFile(ballots, good);
    const audit = await runCli(["audit", dir, "--json"]);
    expect(audit.json.data.towns.map((t: { folder: string }) => t.folder)).toEqual(["甲镇"]);
    const said = diagnosticsOf(audit.json);
    expect(codes(said)).toContainEqual(["E_AUDIT_INPUT_CHANGED", "乙镇/ballots.csv"]);
    expect(said.map((d) => d.code)).not.toContain("E_AUDIT_MISSING");
  });

  it("a batch-written town's hint names batch on the root, and following it makes the audit pass", async () => {
    const dir = await county("甲镇");
    const cwd = path.dirname(dir);
    const root = path.basename(dir);
    expect((await runCli(["batch", root], { cwd })).code).toBe(0);
    await fs.rm(path.join(dir, "甲镇", "out", "results.csv"));
    const audit = await runCli(["audit", root, "--json"], { cwd });
    expect(audit.code).toBe(1);
    const missing = diagnosticsOf(audit.json).find((d) => d.code === "E_AUDIT_OUTPUT_MISSING")!;
    expect(missing.file).toBe("甲镇/out/results.csv");
    const rerun = /重新运行 piaojue (\S+ \S+)/.exec(missing.hint!)![1]!.split(" ");
    expect(rerun).toEqual(["batch", root]);
    const again = /再运行 piaojue (\S+ \S+)/.exec(missing.hint!)![1]!.split(" ");
    expect(again).toEqual(["audit", root]);
    expect((await runCli(rerun, { cwd })).code).toBe(0);
    expect((await runCli(again, { cwd })).code).toBe(0);
    // A town's audit.json gone: the hint names batch on the root too.
    await fs.rm(path.join(dir, "甲镇", "out", "audit.json"));
    const noTrail = diagnosticsOf((await runCli(["audit", root, "--json"], { cwd })).json).find((d) => d.code === "E_AUDIT_MISSING")!;
    expect(noTrail.hint).toMatch(new RegExp(`^先运行 piaojue batch ${root}（`));
  });

  it("a town input removed since batch is said once, as missing", async () => {
    const dir = await county("甲镇", "乙镇");
    expect((await runCli(["batch", dir])).code).toBe(0);
    await fs.rm(path.join(dir, "乙镇", "candidates.csv"));
    const said = diagnosticsOf((await runCli(["audit", dir, "--json"])).json).filter((d) => d.file === "乙镇/candidates.csv");
    expect(said.map((d) => d.code)).toEqual(["E_AUDIT_INPUT_MISSING"]);
  });
});
