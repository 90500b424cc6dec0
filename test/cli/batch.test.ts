// piaojue batch: every session under a root counted in one run, a broken one reported and skipped, the
// summary CSVs, the exit code's precedence, and the progress bar only on a terminal.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { FIXTURES, runCli, SEEDS, snapshot } from "../helpers.js";

async function root(sessions: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-batch-"));
  for (const [target, source] of Object.entries(sessions)) {
    await fs.cp(source, path.join(dir, target), { recursive: true, filter: (src) => path.basename(src) !== "out" });
  }
  return dir;
}

const FINAL = path.join(SEEDS, "township-2026");
const RUNOFF = path.join(FIXTURES, "scenarios", "tie-at-cutoff");
const VOID = path.join(FIXTURES, "scenarios", "quorum-not-met");
const BROKEN = path.join(FIXTURES, "scenarios", "unknown-column");

function csvRows(text: string): string[][] {
  expect(text.startsWith("\ufeff")).toBe(true);
  expect(text.endsWith("\r\n")).toBe(true);
  return text.slice(1).split("\r\n").slice(0, -1).map((l) => l.split(","));
}

describe("piaojue batch", () => {
  it("names a town's out/ that cannot be written under its folder, whatever folder batch is run from", async () => {
    const dir = await root({ b: RUNOFF });
    await fs.writeFile(path.join(dir, "b", "out"), "");
    const summaries: string[] = [];
    for (const [cwd, arg] of [[path.dirname(dir), path.basename(dir)], [dir, "."], ["/", dir]] as const) {
      await fs.rm(path.join(dir, "out"), { recursive: true, force: true });
      const r = await runCli(["batch", arg, "--json"], { cwd });
      expect(r.code, cwd).toBe(1);
      expect(r.json.data.sessions[0].errors.map((d: { code: string; file: string }) => `${d.file} ${d.code}`), cwd).toEqual(["b/out E_WRITE"]);
      summaries.push(await fs.readFile(path.join(dir, "out", "batch-summary.csv"), "utf8"));
    }
    expect(summaries[0]).toContain("b/out E_WRITE");
    expect(new Set(summaries).size).toBe(1);
  });

  it("audit ROOT says which skipped session still holds an earlier run's out/, which it did not audit", async () => {
    const dir = await root({ "甲镇": FINAL, "乙镇": FINAL });
    expect((await runCli(["batch", dir])).code).toBe(0);
    const ballots = path.join(dir, "乙镇", "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("P05", "P99"));
    expect((await runCli(["batch", dir])).code).toBe(1);
    const audit = await runCli(["audit", dir, "--json"]);
    expect(audit.code).toBe(0);
    expect(audit.json.data.towns.map((t: { folder: string }) => t.folder)).toEqual(["甲镇"]);
    expect(audit.json.warnings).toContainEqual(expect.objectContaining({
      code: "W_AUDIT_TOWN_SKIPPED", file: "乙镇/out/", message: "按现在的输入，batch 会因 乙镇 的输入有误跳过它、不写它的 out/；其中是以前写出的结果，这次没有核查",
    }));
    // A skipped session with no out/ of its own is nothing to say.
    await fs.rm(path.join(dir, "乙镇", "out"), { recursive: true });
    expect((await runCli(["audit", dir, "--json"])).json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_AUDIT_TOWN_SKIPPED");
  });

  it("audit ROOT names a town whose inputs changed since batch wrote it, which it did not audit, and not a town added since", async () => {
    const dir = await root({ "甲镇": FINAL, "乙镇": FINAL });
    expect((await runCli(["batch", dir])).code).toBe(0);
    const ballots = path.join(dir, "乙镇", "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace(/\r?\n.*$/s, (rest) => rest.replace("○", "×")));
    await fs.cp(FINAL, path.join(dir, "丙镇"), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    const audit = await runCli(["audit", dir, "--json"]);
    expect(audit.code).toBe(1);
    expect(audit.json.data.towns.map((t: { folder: string }) => t.folder)).toEqual(["甲镇"]);
    expect(audit.json.warnings.filter((w: { code: string }) => w.code === "W_AUDIT_TOWN_CHANGED")).toEqual([expect.objectContaining({
      file: "乙镇/out/", message: "乙镇 的输入与 batch 上次读取时不同（见第 1 项），它的 out/ 不是 batch 按现在的输入写出的，这次没有核查",
    })]);
  });

  it("records the inputs a refused session read, so audit sees a later fix as a change to them, not as files added", async () => {
    const dir = await root({ "甲镇": FINAL, "乙镇": FINAL });
    const candidates = path.join(dir, "乙镇", "candidates.csv");
    const good = await fs.readFile(candidates, "utf8");
    await fs.writeFile(candidates, good.replace("目标绩效", "目标绩效x"));
    expect((await runCli(["batch", dir])).code).toBe(1);
    const sums = await fs.readFile(path.join(dir, "out", "SHA256SUMS"), "utf8");
    expect(sums).toMatch(/ {2}乙镇\/session\.json\n/);
    expect(sums).toMatch(/ {2}乙镇\/candidates\.csv\n/);
    expect((await runCli(["audit", dir])).code).toBe(0);
    await fs.writeFile(candidates, good);
    const audit = await runCli(["audit", dir, "--json"]);
    const problems = audit.json.data.checks[0].problems.map((p: { code: string; file: string }) => [p.code, p.file]);
    expect(problems).toContainEqual(["E_AUDIT_INPUT_CHANGED", "乙镇/candidates.csv"]);
    expect(problems).not.toContainEqual(["E_AUDIT_INPUT_ADDED", "乙镇/candidates.csv"]);
    expect(problems).not.toContainEqual(["E_AUDIT_INPUT_ADDED", "乙镇/session.json"]);
  });
  it("words a broken session's problem in the summary and the JSON, whatever made its diagnostic", async () => {
    const dir = await root({ "甲镇": FINAL });
    const file = path.join(dir, "甲镇", "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8"));
    await fs.writeFile(file, JSON.stringify({ ...session, titel: "拼错的键" }, null, 2));
    const r = await runCli(["batch", dir, "--json"]);
    expect(r.code).toBe(1);
    const error = r.json.data.sessions[0].errors[0];
    expect(error.file).toBe("甲镇/session.json");
    expect(error.message).toMatch(/titel/);
    const summary = csvRows(await fs.readFile(path.join(dir, "out", "batch-summary.csv"), "utf8"));
    expect(summary[1]![10]).toMatch(/^甲镇\/session\.json:\d+:\d+ E_\w+ .*titel/);
    expect(summary[1]![10]).not.toMatch(/undefined/);
  });

  it("counts every session, writes each one's outputs and a summary over all; a broken one is skipped, exit 1", async () => {
    const dir = await root({ "县一/甲镇": FINAL, "县一/乙镇": RUNOFF, "县二/丙镇": VOID, "县二/丁镇": BROKEN, "县二/戊镇": FINAL });
    // Not searched: an out/ folder (a session's outputs) and hidden folders.
    await fs.cp(FINAL, path.join(dir, "县一", "甲镇", "out", "copy"), { recursive: true });
    await fs.cp(FINAL, path.join(dir, ".backup", "old"), { recursive: true });
    const inputs = await snapshot(dir);
    const r = await runCli(["batch", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.error.code).toBe("E_BATCH_INVALID");
    expect(r.json.error.diagnostics.map((d: { file: string; code: string }) => [d.file, d.code])).toEqual([["县二/丁镇/ballots.csv", "E_UNKNOWN_COLUMN"]]);
    const sessions = r.json.data.sessions as { folder: string; status: string; exitCode: number; selected: string[] }[];
    expect(sessions.map((s) => [s.folder, s.status, s.exitCode])).toEqual([
      ["县一/乙镇", "runoff", 4], ["县一/甲镇", "final", 0], ["县二/丁镇", "invalid", 1], ["县二/丙镇", "void", 3], ["县二/戊镇", "final", 0],
    ]);
    expect(r.json.data.counts).toEqual({ total: 5, final: 2, runoff: 1, void: 1, invalid: 1 });
    expect(sessions[1]!.selected).toEqual(["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10"]);

    // Each counted session has its own outputs, byte for byte what `tally` writes; the broken one has none.
    const alone = await root({ x: FINAL });
    await runCli(["tally", path.join(alone, "x")]);
    for (const f of ["results.csv", "summary.csv", "announcement.md", "announcement.html"]) {
      expect(await fs.readFile(path.join(dir, "县一", "甲镇", "out", f), "utf8"), f).toBe(await fs.readFile(path.join(alone, "x", "out", f), "utf8"));
    }
    await expect(fs.stat(path.join(dir, "县二", "丁镇", "out"))).rejects.toThrow();
    // Inputs untouched.
    const after = await snapshot(dir);
    for (const [name, bytes] of inputs) expect(after.get(name), name).toBe(bytes);

    const summary = csvRows(await fs.readFile(path.join(dir, "out", "batch-summary.csv"), "utf8"));
    expect(summary[0]).toEqual(["文件夹", "会议名称", "日期", "状态", "票决是否有效", "无效原因", "是否已确定", "待再次票决", "当选项目", "提醒", "问题"]);
    expect(summary.slice(1).map((row) => [row[0], row[3], row[4], row[6]])).toEqual([
      ["县一/乙镇", "需再次票决", "是", "否"], ["县一/甲镇", "已确定", "是", "是"], ["县二/丁镇", "输入有误", "", ""], ["县二/丙镇", "票决无效", "否", "否"], ["县二/戊镇", "已确定", "是", "是"],
    ]);
    expect(summary[2]![8]).toBe("P01、P02、P03、P04、P05、P06、P07、P08、P09、P10");
    expect(summary[3]![10]).toMatch(/^县二\/丁镇\/ballots\.csv:1:\d+ E_UNKNOWN_COLUMN /);
    expect(summary[4]![5]).toBe("出席代表不足法定人数");
    expect(summary[1]![7]).toMatch(/^第 2 轮，剩余 2 个名额：/);
    // The 待再次票决 cell names every project on the next ballot, as the session's runoff does.
    const runoff = (r.json.data.sessions[0] as { runoff: { round: number; seats: number; candidates: string[] } }).runoff;
    expect(runoff.candidates.length).toBeGreaterThan(1);
    expect(summary[1]![7]!.startsWith(`第 ${runoff.round} 轮，剩余 ${runoff.seats} 个名额：${runoff.candidates.join("、")}（`)).toBe(true);

    const results = csvRows(await fs.readFile(path.join(dir, "out", "batch-results.csv"), "utf8"));
    expect(results[0]).toEqual(["文件夹", "名次", "编号", "项目名称", "赞成", "反对", "弃权", "赞成率", "结果", "轮次"]);
    const perSession = new Map<string, number>();
    for (const row of results.slice(1)) perSession.set(row[0]!, (perSession.get(row[0]!) ?? 0) + 1);
    expect(Object.fromEntries(perSession)).toEqual({ "县一/乙镇": 5, "县一/甲镇": 12, "县二/丙镇": 3, "县二/戊镇": 12 });
    // Each row is the session's own results.csv row after its folder, column for column (反对 and 弃权 differ on P03).
    const own = csvRows(await fs.readFile(path.join(dir, "县一", "甲镇", "out", "results.csv"), "utf8")).slice(1);
    expect(results.filter((row) => row[0] === "县一/甲镇").map((row) => row.slice(1))).toEqual(own);
    expect(own.find((row) => row[1] === "P03")!.slice(4, 6)).toEqual(["2", "3"]);
    const sums = await fs.readFile(path.join(dir, "out", "SHA256SUMS"), "utf8");
    expect(sums).toContain("  out/batch-summary.csv\n");
    expect(sums).toContain("  县一/甲镇/ballots.csv\n");
  });

  it("the summary is the same bytes on every run", async () => {
    const dir = await root({ a: FINAL, b: RUNOFF, c: VOID });
    await runCli(["batch", dir]);
    const first = await fs.readFile(path.join(dir, "out", "batch-summary.csv"));
    const firstResults = await fs.readFile(path.join(dir, "out", "batch-results.csv"));
    await runCli(["batch", dir]);
    expect(await fs.readFile(path.join(dir, "out", "batch-summary.csv"))).toEqual(first);
    expect(await fs.readFile(path.join(dir, "out", "batch-results.csv"))).toEqual(firstResults);
  });

  it("exit code: 1 if any is broken, else 3 if any vote is void, else 4 if any needs a runoff, else 0", async () => {
    expect((await runCli(["batch", await root({ a: FINAL, b: RUNOFF, c: VOID })])).code).toBe(3);
    expect((await runCli(["batch", await root({ a: FINAL, b: RUNOFF })])).code).toBe(4);
    expect((await runCli(["batch", await root({ a: FINAL, b: FINAL })])).code).toBe(0);
    expect((await runCli(["batch", await root({ a: VOID, b: BROKEN })])).code).toBe(1);
  });

  it("reports the broken session's diagnostics under its folder, and -o puts the summary elsewhere", async () => {
    const dir = await root({ "甲": FINAL, "乙": BROKEN });
    const out = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-batch-out-"));
    const r = await runCli(["batch", dir, "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/乙\/ballots\.csv:1:\d+ E_UNKNOWN_COLUMN/);
    expect(r.stdout).toContain("输入有误（已跳过）：");
    expect(r.stdout).toMatch(/已确定 1，需再次票决 0，票决无效 0，输入有误（已跳过）1/);
    await fs.stat(path.join(out, "batch-summary.csv"));
    await expect(fs.stat(path.join(dir, "out"))).rejects.toThrow();
  });

  it("a root without sessions, or no root: exit 1", async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-batch-empty-"));
    const r = await runCli(["batch", empty, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].code).toBe("E_NO_SESSIONS");
    const missing = await runCli(["batch", path.join(empty, "nowhere"), "--json"]);
    expect(missing.code).toBe(1);
    expect(missing.json.error.diagnostics[0].code).toBe("E_FILE");
  });

  it("-o at a file, or below one, is refused before any session is written, named as typed", async () => {
    const dir = await root({ a: FINAL, b: FINAL });
    await fs.writeFile(path.join(dir, "x.file"), "");
    const before = await snapshot(dir);
    for (const out of ["x.file", path.join("x.file", "summary")]) {
      const r = await runCli(["batch", ".", "-o", out, "--json"], { cwd: dir });
      expect(r.code, out).toBe(1);
      expect(r.json.error.diagnostics.map((d: { code: string; file: string }) => [d.code, d.file]), out).toEqual([["E_WRITE", out]]);
      expect(r.json.error.diagnostics[0].hint).toBe("输出文件夹中原有的文件没有改动；解决问题后重新运行");
      expect(await snapshot(dir), out).toEqual(before);
    }
  });

  it("-o at a session folder or a township's out/ is refused before any session is written", async () => {
    const dir = await root({ a: FINAL, b: FINAL });
    const cases: [string, string][] = [["a", "E_OUT_IS_SESSION"], [path.join("b", "out"), "E_OUT_OTHER_SESSION"], [".", "E_OUT_IS_SESSION"], ["..", "E_OUT_HOLDS_SESSION"]];
    // "." is ROOT, which holds no session.json itself: only when ROOT is a session is it refused.
    await fs.copyFile(path.join(dir, "a", "session.json"), path.join(dir, "session.json"));
    await fs.cp(path.join(dir, "a", "candidates.csv"), path.join(dir, "candidates.csv"));
    await fs.cp(path.join(dir, "a", "ballots.csv"), path.join(dir, "ballots.csv"));
    const before = await snapshot(dir);
    for (const [out, code] of cases) {
      const r = await runCli(["batch", dir, "-o", path.join(dir, out), "--json"]);
      expect(r.code, out).toBe(1);
      expect(r.json.error.diagnostics.map((d: { code: string }) => d.code), out).toEqual([code]);
      expect(await snapshot(dir), out).toEqual(before);
    }
    // A township never counted has no results in its out/ yet: the refusal says whose folder it is.
    const fresh = await runCli(["batch", dir, "-o", path.join(dir, "b", "out"), "--json"]);
    expect(fresh.json.error.diagnostics[0].message).toMatch(/^输出文件夹 \S+ 是会议 b 自己的输出文件夹：/);
    const elsewhere = await runCli(["batch", dir, "-o", path.join(dir, "a", "county")]);
    expect(elsewhere.code).toBe(0);
    // A folder of an evaluation's or a plan's inputs is refused as early, before any township is written.
    const evaluation = await root({ a: FINAL });
    const inputs = `${evaluation}-evaluation`;
    await fs.cp(path.join(SEEDS, "evaluation-2027"), inputs, { recursive: true });
    const untouched = await snapshot(evaluation);
    const r = await runCli(["batch", evaluation, "-o", inputs, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_OUT_IS_SESSION"]);
    expect(await snapshot(evaluation)).toEqual(untouched);
  });

  it("words a rule's warning in batch-summary.csv as the 公告 does, not by its session.json value", async () => {
    const dir = await root({ a: path.join(FIXTURES, "scenarios", "shortfall-accept-fewer") });
    const r = await runCli(["batch", dir]);
    expect(r.code).toBe(0);
    const [, row] = csvRows(await fs.readFile(path.join(dir, "out", "batch-summary.csv"), "utf8"));
    expect(row![9]).toMatch(/^W_SHORTFALL_ACCEPTED 过半数的项目只有 \d+ 个，少于应选数 \d+，按票决办法，以过半数的 \d+ 个项目为正式项目，不再另行票决$/);
  });

  it("draws a progress bar on a terminal only", async () => {
    const dir = await root({ a: FINAL, b: FINAL, c: FINAL });
    const capture = async (isTTY: boolean) => {
      let stderr = "";
      const code = await run(["batch", dir], { stdout: { write: () => true }, stderr: { write: (s: string) => { stderr += s; return true; }, isTTY }, env: {}, cwd: dir });
      return { code, stderr };
    };
    const tty = await capture(true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain("3/3");
    expect(tty.stderr).toContain("\r");
    // The bar is cleared before anything else is said (here the seed's own tally warning, W_UNREADABLE_MARK).
    const [bar, after] = tty.stderr.split(/\r\x1b\[K(?=[^\r]*$)/) as [string, string];
    expect(bar).toContain("3/3");
    const plain = after.replace(/\x1b\[\d+m/g, "");
    expect(plain).toMatch(/^提醒 a\/ballots\.csv/);
    expect(plain).not.toContain("\r");
    const piped = await capture(false);
    expect(piped.stderr).toBe(plain);
  });

  it("draws its progress bar on a terminal that reports 0 columns (a pty from script or docker exec -t) instead of hanging", async () => {
    const dir = await root({ a: FINAL });
    let stderr = "";
    const stream = { write: (s: string) => { stderr += s; return true; }, isTTY: true, columns: 0 };
    const code = await run(["batch", dir], { stdout: { write: () => true }, stderr: stream, env: {}, cwd: dir });
    expect(code).toBe(0);
    expect(stderr).toContain("1/1");
  });
});
