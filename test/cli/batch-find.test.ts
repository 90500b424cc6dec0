// piaojue batch finds every session and says what it could not do: sessions below a session folder (a
// county root that is itself a session) are counted; a folder it cannot list is named as a problem, never
// passed over; a session whose out/ cannot be written keeps its count and says why with a path from ROOT;
// the 提醒 column carries the words of each warning beside its code.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FIXTURES, makeSession, runCli, scratchCopy, SEEDS } from "../helpers.js";

const FINAL = path.join(SEEDS, "township-2026");
const RUNOFF = path.join(FIXTURES, "scenarios", "tie-at-cutoff");
const TITLE = "新桥镇第十八届人民代表大会第五次会议";

/** A root that is a session itself (the seed's township), with the given sessions copied below it. */
async function countyRoot(sessions: Record<string, string>): Promise<string> {
  const root = await scratchCopy(FINAL);
  for (const [target, source] of Object.entries(sessions)) {
    await fs.cp(source, path.join(root, target), { recursive: true, filter: (src) => path.basename(src) !== "out" });
  }
  return root;
}

function csvRows(text: string): string[][] {
  expect(text.startsWith("\ufeff")).toBe(true);
  return text.slice(1).split("\r\n").slice(0, -1).map((l) => l.split(","));
}

const summaryOf = async (dir: string) => csvRows(await fs.readFile(path.join(dir, "out", "batch-summary.csv"), "utf8"));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("batch searches below session folders", () => {
  it("a root that is a session and the towns inside it are all counted; out/, hidden folders and entry/ are not searched", async () => {
    const root = await countyRoot({ "甲镇": FINAL, "乙镇": RUNOFF, "乙镇/附属": FINAL });
    // Not sessions of their own: a session's journal folder, its outputs, a hidden folder.
    await fs.cp(FINAL, path.join(root, "entry", "copy"), { recursive: true });
    await fs.cp(FINAL, path.join(root, "甲镇", "out", "copy"), { recursive: true });
    await fs.cp(FINAL, path.join(root, ".backup"), { recursive: true });
    const r = await runCli(["batch", root, "--json"]);
    expect(r.code, r.stdout).toBe(4);
    expect(r.json.data.sessions.map((s: { folder: string; status: string }) => [s.folder, s.status])).toEqual([
      [".", "final"], ["乙镇", "runoff"], ["乙镇/附属", "final"], ["甲镇", "final"],
    ]);
    expect(r.json.data.counts).toEqual({ total: 4, final: 3, runoff: 1, void: 0, invalid: 0 });
    expect((await summaryOf(root)).slice(1).map((row) => row[0])).toEqual([".", "乙镇", "乙镇/附属", "甲镇"]);
    // The root session's own results sit beside the summary, and audit proves both.
    await fs.stat(path.join(root, "out", "results.csv"));
    await fs.stat(path.join(root, "乙镇", "附属", "out", "results.csv"));
    // It audits each town's own out/ too: the copy left in 甲镇/out is a stray there, until it is moved out.
    const strays = await runCli(["audit", root, "--json"]);
    expect(strays.code).toBe(1);
    expect(strays.json.data.towns.filter((t: { ok: boolean }) => !t.ok).map((t: { folder: string }) => t.folder)).toEqual(["甲镇"]);
    expect(strays.json.error.diagnostics[0]).toMatchObject({ code: "E_AUDIT_OUTPUT_UNLISTED", file: expect.stringMatching(/^甲镇\/out\/copy\//) });
    await fs.rm(path.join(root, "甲镇", "out", "copy"), { recursive: true });
    expect((await runCli(["audit", root])).code).toBe(0);
  });

  it("lists sibling towns in Unicode code point order: a place-name character beyond U+FFFF after a full-width bracket", async () => {
    const root = await countyRoot({ "𬍛镇": FINAL, "（旧）镇": FINAL, "镇10": FINAL, "镇2": FINAL });
    const r = await runCli(["batch", root, "--json"]);
    expect(r.json.data.sessions.map((s: { folder: string }) => s.folder)).toEqual([".", "镇10", "镇2", "（旧）镇", "𬍛镇"]);
    expect((await summaryOf(root)).slice(1).map((row) => row[0])).toEqual([".", "镇10", "镇2", "（旧）镇", "𬍛镇"]);
  });

  it("a folder named entry that is not inside a session is searched", async () => {
    const top = path.dirname(await scratchCopy(FINAL));
    await fs.cp(FINAL, path.join(top, "entry", "镇"), { recursive: true });
    const r = await runCli(["batch", top, "--json"]);
    expect(r.json.data.sessions.map((s: { folder: string }) => s.folder)).toEqual(["entry/镇", "township-2026"]);
  });
});

describe("batch names a folder it cannot read", () => {
  /** readdir of `folder` fails as it does for a folder without read permission. */
  function unreadable(folder: string): void {
    const readdir = fs.readdir.bind(fs);
    vi.spyOn(fs, "readdir").mockImplementation(((p: string, ...rest: unknown[]) => {
      if (path.resolve(String(p)) === folder) return Promise.reject(Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: "EACCES" }));
      return (readdir as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
    }) as typeof fs.readdir);
  }

  it("as a problem in the report, the JSON and batch-summary.csv, with exit 1; the others are counted", async () => {
    const top = path.dirname(await scratchCopy(FINAL));
    await fs.cp(FINAL, path.join(top, "县二", "丙镇"), { recursive: true });
    unreadable(path.join(top, "县二"));
    const r = await runCli(["batch", top]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/输入有误（已跳过）：\n {2}县二：县二 E_FOLDER_UNREADABLE 无法读取这个文件夹（没有读取权限），其中的会议没有计票/);
    expect(r.stderr).toMatch(/县二 E_FOLDER_UNREADABLE/);
    const rows = await summaryOf(top);
    expect(rows.slice(1).map((row) => [row[0], row[3], row[10]])).toEqual([
      ["township-2026", "已确定", ""],
      ["县二", "输入有误", "县二 E_FOLDER_UNREADABLE 无法读取这个文件夹（没有读取权限），其中的会议没有计票"],
    ]);
    const json = await runCli(["batch", top, "--json"]);
    expect(json.json.error.diagnostics.map((d: { file: string; code: string }) => [d.file, d.code])).toEqual([["县二", "E_FOLDER_UNREADABLE"]]);
    expect(json.json.data.counts).toMatchObject({ total: 2, final: 1, invalid: 1 });
  });

  it("a root it cannot read is an error, not 'no sessions'", async () => {
    const top = path.dirname(await scratchCopy(FINAL));
    unreadable(top);
    const r = await runCli(["batch", top, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_FOLDER_UNREADABLE"]);
  });

  // Root reads every folder whatever its mode: the permission itself is tried only as another user.
  it.skipIf(process.getuid?.() === 0)("a folder without read permission", async () => {
    const top = path.dirname(await scratchCopy(FINAL));
    const locked = path.join(top, "锁住");
    await fs.cp(FINAL, path.join(locked, "镇"), { recursive: true });
    await fs.chmod(locked, 0o000);
    try {
      const r = await runCli(["batch", top, "--json"]);
      expect(r.code).toBe(1);
      expect(r.json.data.sessions.map((s: { folder: string; status: string }) => [s.folder, s.status])).toEqual([["township-2026", "final"], ["锁住", "invalid"]]);
    } finally {
      await fs.chmod(locked, 0o755);
    }
  });
});

describe("batch's problem column", () => {
  it("a session whose out/ cannot be written: its count stands, the path is from ROOT, its title and date are there; exit 1", async () => {
    const top = path.dirname(await scratchCopy(FINAL));
    await fs.cp(FINAL, path.join(top, "e"), { recursive: true });
    await fs.writeFile(path.join(top, "e", "out"), "a file where out/ should be\n");
    const r = await runCli(["batch", top, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe("E_WRITE");
    expect(r.json.error.diagnostics.map((d: { file: string; code: string }) => [d.file, d.code])).toEqual([["e/out", "E_WRITE"]]);
    const e = r.json.data.sessions.find((s: { folder: string }) => s.folder === "e");
    expect(e).toMatchObject({ status: "final", exitCode: 1, written: false, title: TITLE, date: "2026-01-15" });
    const rows = await summaryOf(top);
    expect(rows[1]!.slice(0, 4)).toEqual(["e", TITLE, "2026-01-15", "已确定（结果未能写出）"]);
    expect(rows[1]![8]).toBe("P01、P02、P03、P04、P05、P06、P07、P08、P09、P10");
    expect(rows[1]![10]).toBe("e/out E_WRITE 无法写入输出文件夹（路径上有同名的文件而不是文件夹，EEXIST）");
    expect(rows[2]!.slice(0, 4)).toEqual(["township-2026", TITLE, "2026-01-15", "已确定"]);
    const text = await runCli(["batch", top]);
    expect(text.stdout).toContain("已确定 2，需再次票决 0，票决无效 0，输入有误（已跳过）0；其中已计票但结果未能写出 1");
    expect(text.stdout).toContain("已计票，但结果未能写入会议的 out 文件夹：\n  e 新桥镇第十八届人民代表大会第五次会议：e/out E_WRITE 无法写入输出文件夹");
    expect(text.stdout).not.toContain("输入有误（已跳过）：");
    expect(text.stdout).toContain("其余会议的结果已写入各自的 out 文件夹");
  });

  it("an invalid session still shows the title and date its session.json gives", async () => {
    const top = path.dirname(await scratchCopy(FINAL));
    // candidates.csv broken: session.json was read all the same.
    await fs.cp(FINAL, path.join(top, "坏候选"), { recursive: true });
    await fs.writeFile(path.join(top, "坏候选", "candidates.csv"), "编号,项目名称,未知列\nP01,x,y\n");
    // session.json with a misspelt key: strict reading refuses it, its title is still readable.
    await fs.cp(FINAL, path.join(top, "错键"), { recursive: true });
    const file = path.join(top, "错键", "session.json");
    await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, "utf8")), titel: "拼错的键" }, null, 2));
    const r = await runCli(["batch", top]);
    expect(r.code).toBe(1);
    const rows = await summaryOf(top);
    expect(rows.slice(1).map((row) => row.slice(0, 4))).toEqual([
      ["township-2026", TITLE, "2026-01-15", "已确定"], ["坏候选", TITLE, "2026-01-15", "输入有误"], ["错键", TITLE, "2026-01-15", "输入有误"],
    ]);
  });

  it("the 提醒 column gives each warning's words beside its code (×n when repeated)", async () => {
    const top = path.dirname(await scratchCopy(FINAL));
    const ballots = path.join(top, "township-2026", "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("\n035,,○", "\n035,,√"));
    expect((await runCli(["batch", top])).code).toBe(0);
    const rows = await summaryOf(top);
    expect(rows[1]![9]).toBe("W_UNREADABLE_MARK×2 第 1 轮有 2 张票有无法辨认的符号，按无效票计");
  });

  it("the 提醒 column gives a repeated warning's first words and how many more places there are", async () => {
    const dir = await makeSession({
      "a/session.json": JSON.stringify({ title: "第三次会议", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued: [9], rules: { formal: 1 } }),
      "a/candidates.csv": "编号,项目名称\nA,修路\nB,路灯\n",
      "a/ballots.csv": "票号,A,B\n" + Array.from({ length: 9 }, (_, i) => `${i + 1},○,×\n`).join(""),
    });
    expect((await runCli(["batch", dir])).code).toBe(0);
    const rows = await summaryOf(dir);
    expect(rows[1]![9]).toMatch(/^W_INCOMPLETE_CANDIDATE×2 候选项目“A 修路”缺少：[^；]*（另有 1 处）$/);
  });

  it("the 提醒 column counts the notes left unlisted with their kind", async () => {
    const top = path.dirname(await scratchCopy(FINAL));
    const dir = path.join(top, "township-2026");
    const session = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    await fs.writeFile(path.join(dir, "session.json"), JSON.stringify({ ...session, deputies: { total: 300, present: 300 }, issued: [300] }));
    // 票号, 作废, then the candidates: 250 ballots with an unreadable mark for the first, 50 approving it.
    const header = (await fs.readFile(path.join(dir, "ballots.csv"), "utf8")).split("\n")[0]!;
    const row = (i: number) => [String(i + 1), "", i < 250 ? "√" : "○", ...Array(header.split(",").length - 3).fill("")].join(",");
    await fs.writeFile(path.join(dir, "ballots.csv"), [header, ...Array.from({ length: 300 }, (_, i) => row(i))].join("\n") + "\n");
    await runCli(["batch", top]);
    const rows = await summaryOf(top);
    expect(rows[1]![9]).toBe("W_UNREADABLE_MARK×250 第 1 轮有 250 张票有无法辨认的符号，按无效票计");
  });
});

describe("a folder with a plan but no session.json", () => {
  it("is named in a warning (W_BATCH_PLAN_ONLY), not passed over unseen; the sessions are counted as before", async () => {
    const town = await scratchCopy(path.join(SEEDS, "township-2026"));
    const root = path.dirname(town);
    const planOnly = path.join(root, "戊镇");
    await fs.mkdir(planOnly);
    for (const name of ["plan.csv", "progress.csv"]) await fs.copyFile(path.join(SEEDS, "progress-2026", name), path.join(planOnly, name));
    const r = await runCli(["batch", root, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.data.sessions.map((s: { folder: string }) => s.folder)).toEqual(["township-2026"]);
    // (The seed's own tally warning, its unreadable mark, follows.)
    expect(r.json.warnings.filter((w: { code: string }) => w.code.startsWith("W_BATCH"))).toEqual([expect.objectContaining({ code: "W_BATCH_PLAN_ONLY", file: "戊镇/plan.csv" })]);
    // Its hint's command names the folder from where the clerk stands, not from the batch root.
    const beside = await runCli(["batch", path.basename(root)], { cwd: path.dirname(root) });
    expect(beside.stderr).toContain(`单独运行 piaojue progress ${path.basename(root)}/戊镇`);
    // audit recounts the batch as batch counted it: the plan-only folder is not a session there either.
    const audit = await runCli(["audit", root]);
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
    await fs.rm(town, { recursive: true });
    const none = await runCli(["batch", root, "--json"]);
    expect(none.code).toBe(1);
    expect(none.json.error.code).toBe("E_NO_SESSIONS");
    expect(none.json.warnings.map((w: { code: string }) => w.code)).toEqual(["W_BATCH_PLAN_ONLY"]);
  });
});
