// A hurried township clerk's slips (9 deputies, 2 to select): rows that are no ballot pasted into
// ballots.csv, round files saved under a near-miss name, names changed after printing, session.json's
// counted and issued edited by the hint, and hints run from outside the session folder.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, ROOT, runCli, snapshot } from "../helpers.js";

const SESSION = { title: "测试镇第一届人民代表大会第一次会议", date: "2026-01-15", deputies: { total: 9, present: 9 }, issued: [9], rules: { formal: 2, order: "as-listed" } };
const CANDIDATES = "编号,项目名称,项目背景,项目内容,实施区域,实施主体,投入资金（万元）,资金来源,完成时限,目标绩效\n"
  + [1, 2, 3, 4, 5].map((i) => `A${i},项目${i},背景,内容,镇区,镇政府,10${i},镇财政,2026-11,目标\n`).join("");
const HEADER = "票号,作废,A1,A2,A3,A4,A5\n";
/** Nine ballots: A1 6, A2 and A3 5 each (a tie for the second seat), A4 and A5 1 each. */
const BALLOTS = HEADER + ["1,,○,○,,,", "2,,○,○,,,", "3,,○,○,,,", "4,,○,,○,,", "5,,○,,○,,", "6,,○,,○,,", "7,,,○,○,,", "8,,,○,,○,", "9,,,,○,,○"].join("\n") + "\n";

function clerkSession(files: Record<string, string> = {}, session: Record<string, unknown> = {}): Promise<string> {
  return makeSession({ "session.json": JSON.stringify({ ...SESSION, ...session }, null, 2), "candidates.csv": CANDIDATES, "ballots.csv": BALLOTS, ...files });
}

const codes = (r: { json: any }) => [...(r.json.warnings ?? []), ...(r.json.error?.diagnostics ?? [])].map((w: { code: string }) => w.code);

describe("rows of a ballots file that are no ballot", () => {
  it("refuses the header repeated below the ballots (two halves pasted together), naming the row, and writes nothing", async () => {
    const [first, second] = [BALLOTS.split("\n").slice(1, 5).join("\n"), BALLOTS.split("\n").slice(5).join("\n")];
    for (const [text, line] of [[`${HEADER}${first}\n${HEADER}${second}`, 6], [BALLOTS + HEADER, 11], [BALLOTS.replace(/^票号,/gm, "").replace(/^\d,/gm, "") + HEADER.replace("票号,", ""), 11]] as const) {
      const dir = await clerkSession({ "ballots.csv": text });
      const before = await snapshot(dir);
      const r = await runCli(["tally", dir, "--json"]);
      expect(r.code, text).toBe(1);
      expect(r.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_HEADER_REPEATED", file: "ballots.csv", line })]);
      expect(r.json.error.diagnostics[0].message).toMatch(/是又一行表头，不是一张表决票$/);
      expect(r.json.error.diagnostics[0].hint).toMatch(/^删除这一行/);
      expect(await snapshot(dir)).toEqual(before);
    }
    const en = await runCli(["tally", await clerkSession({ "ballots.csv": BALLOTS + HEADER }), "--lang", "en"]);
    expect(en.stderr).toContain("ballots.csv:11:1 E_HEADER_REPEATED Line 11 reads “票号,作废,A1,A2,A3,A4,A5”: the header again, not a ballot");
  });

  it("refuses a totals row labelled 共计, 汇总, 总票数, 合计票数 or 票数合计, or unlabelled with counts under the projects", async () => {
    for (const row of [",共计,6,5,5,1,1", "汇总,,6,5,5,1,1", ",总票数,6,5,5,1,1", "合计票数,,6,5,5,1,1", ",票数合计,,,,,", ",2,6,5,4,1,0"]) {
      const r = await runCli(["tally", await clerkSession({ "ballots.csv": `${BALLOTS}${row}\n` }), "--json"]);
      expect(r.code, row).toBe(1);
      expect(r.json.error.diagnostics, row).toEqual([expect.objectContaining({ code: "E_TOTAL_ROW", file: "ballots.csv", line: 11 })]);
    }
    // Counts mid-table, with or without a 票号 column, are a ballot with unreadable marks (SPEC §5): void, the count goes on.
    const [head, tail] = [BALLOTS.split("\n").slice(0, 5).join("\n"), BALLOTS.split("\n").slice(5).join("\n")];
    const cases: [text: string, row: string][] = [[`${head}\n10,,2,2,,,\n${tail}`, "serial"], [`${head}\n,,2,2,,,\n${tail}`.replace(/^\d*,/gm, "").replace("票号,", ""), "none"]];
    for (const [text, row] of cases) {
      const r = await runCli(["tally", await clerkSession({ "ballots.csv": text }, { issued: [10] }), "--json"]);
      expect(r.json.error, row).toBeUndefined();
      expect(r.json.data.rounds[0], row).toMatchObject({ returned: 10, valid: 9, void: 1, voidByReason: { unreadable: 1 } });
    }
    // The ballots as they are count as before: 收回 9, 无效 0.
    const r = await runCli(["tally", await clerkSession(), "--json"]);
    expect(r.json.data.rounds[0]).toMatchObject({ returned: 9, valid: 9, void: 0 });
  });
});

describe("round files saved under a near-miss name", () => {
  const ROUND2 = "票号,作废,A2,A3\n" + Array.from({ length: 9 }, (_, i) => `${i + 1},,${i < 5 ? "○" : ""},${i < 5 ? "" : "○"}`).join("\n") + "\n";

  it("warns for a space at either end or before the extension, .xls, round2, a word or a copy number after the round", async () => {
    const names: [string, string][] = [
      ["ballots-r2 .csv", "ballots-r2.csv"], [" ballots-r2.csv", "ballots-r2.csv"], ["ballots-r2.csv ", "ballots-r2.csv"],
      ["ballots-round2.csv", "ballots-r2.csv"], ["ballots-r2-final.csv", "ballots-r2.csv"], ["ballots-r2(1).xlsx", "ballots-r2.xlsx"],
      ["ballots第2轮.csv", "ballots-r2.csv"], ["counts-r2 .csv", "counts-r2.csv"], ["ballots-r2.xls", "ballots-r2.xlsx"],
    ];
    for (const [name, expected] of names) {
      const r = await runCli(["tally", await clerkSession({ [name]: ROUND2 }), "--json"]);
      expect(r.code, name).toBe(4);
      const w = r.json.warnings.find((x: { code: string }) => x.code === "W_ROUND_FILE_NAME");
      expect(w, name).toMatchObject({ file: name });
      expect(w.message, name).toMatch(/像是第 2 轮的(表决票|计票结果)，但文件名不对，没有读取它$/);
      expect(w.hint, name).toContain(name.endsWith(".xls") ? `另存为 Excel 工作簿 ${expected}` : `把它改名为 ${expected}（全部小写，不带空格）`);
    }
    // A copy beside the round's file, in either form, and a file of the other kind beside it are left alone.
    const files = { "ballots-r2.csv": ROUND2, "ballots-r2(1).xlsx": "", "ballots-r2 - 副本.csv": ROUND2, "counts-r2 .csv": "", "counts-template.csv": "" };
    const beside = await runCli(["tally", await clerkSession(files, { issued: [9, 9] }), "--json"]);
    expect(beside.code).toBe(0);
    expect(codes(beside)).not.toContain("W_ROUND_FILE_NAME");
  });
});

describe("names changed after the ballot was printed", () => {
  it("are warned by tally for every round counted (on screen only), as enter refuses them", async () => {
    const dir = await clerkSession();
    await fs.rename(path.join(dir, "ballots.csv"), path.join(dir, "ballots.later"));
    expect((await runCli(["ballot", dir])).code).toBe(0);
    await fs.rename(path.join(dir, "ballots.later"), path.join(dir, "ballots.csv"));
    expect(codes(await runCli(["tally", dir, "--json"]))).not.toContain("W_CHANGED_SINCE_PRINTED");
    const file = path.join(dir, "candidates.csv");
    await fs.writeFile(file, CANDIDATES.replace("A2,项目2,", "A2,项目3,").replace("A3,项目3,", "A3,项目2,"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(4);
    const w = r.json.warnings.filter((x: { code: string }) => x.code === "W_CHANGED_SINCE_PRINTED");
    expect(w).toEqual([expect.objectContaining({ file: "candidates.csv", line: 3 })]);
    expect(w[0].message).toBe("第 1 轮的表决票印制之后，candidates.csv 中项目的名称变了（A2 印的是“项目2”，现在是“项目3”；A3 印的是“项目3”，现在是“项目2”）："
      + "计票结果中这些编号的项目名称与纸质票上印的不同，纸质票上投给一个项目的票可能计在了另一个项目名下");
    expect(await fs.readFile(path.join(dir, "out", "announcement.md"), "utf8")).not.toContain("印制之后");
    // Round 2's runoff ballot, printed and then renamed, is its own round's warning.
    expect((await runCli(["ballot", dir, "--round", "1"])).code).toBe(0);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), "A2,A3\n○,\n○,\n○,\n○,\n○,\n,○\n,○\n,○\n,○\n");
    await fs.writeFile(path.join(dir, "session.json"), JSON.stringify({ ...SESSION, issued: [9, 9] }));
    expect(codes(await runCli(["tally", dir, "--json"]))).not.toContain("W_CHANGED_SINCE_PRINTED");
    await fs.writeFile(file, CANDIDATES);
    const both = (await runCli(["tally", dir, "--json"])).json.warnings.filter((x: { code: string }) => x.code === "W_CHANGED_SINCE_PRINTED");
    expect(both.map((x: { message: string }) => /^第 (\d) 轮/.exec(x.message)?.[1])).toEqual(["1", "2"]);
  });
});

describe("hints on session.json's counted and issued", () => {
  const COUNTS_R2 = "编号,赞成,反对,弃权\nA2,5,0,4\nA3,4,0,5\n";
  const hint = (r: { json: any }, code: string) => [...(r.json.warnings ?? []), ...(r.json.error?.diagnostics ?? [])].find((d: { code: string }) => d.code === code)?.hint;

  it("says to write null, not to remove, a ballot-counted round's entry when a later round's follows it", async () => {
    const dir = await clerkSession({ "counts-r2.csv": COUNTS_R2 }, { issued: [9, 9], counted: [{ returned: 9, void: 0 }, { returned: 9, void: 0 }] });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(hint(r, "W_COUNTED_UNUSED")).toBe("counted 只用于手工计票（counts.csv）；把这一项改写为 null，以免与计票结果不符（不要删去它：删去后，第 2 轮的一项会移到第 1 轮的位置）");
    // Alone, the entry is removed as before.
    const alone = await runCli(["tally", await clerkSession({}, { counted: [{ returned: 9, void: 0 }] }), "--json"]);
    expect(hint(alone, "W_COUNTED_UNUSED")).toMatch(/请删去这一项/);
  });

  it("gives a missing counted entry's example with null for the rounds counted ballot by ballot, and the enter --counts that writes it", async () => {
    const dir = await clerkSession({ "counts-r2.csv": COUNTS_R2 }, { issued: [9, 9] });
    const r = await runCli(["tally", path.basename(dir), "--json"], { cwd: path.dirname(dir) });
    expect(r.code).toBe(1);
    expect(hint(r, "E_COUNTED_MISSING")).toBe(`在 session.json 的 counted 中，第 2 项写这一轮的 {"returned": 收回票数, "void": 无效票数}，逐票计数的轮次写 null（例如 [null, {"returned": 9, "void": 0}]）；`
      + `或运行 piaojue enter --counts --round 2 --force ${path.basename(dir)} 按计票单录入两遍，一致后写出计票结果和 counted`);
  });

  it("says a counted entry written as null is empty, at the entry itself", async () => {
    const session = JSON.stringify({ ...SESSION, counted: [null] }, null, 2);
    const dir = await makeSession({ "session.json": session, "candidates.csv": CANDIDATES, "counts.csv": "编号,赞成,反对,弃权\nA1,6,0,3\nA2,5,0,4\nA3,5,0,4\nA4,1,0,8\nA5,1,0,8\n" });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    const d = r.json.error.diagnostics.find((x: { code: string }) => x.code === "E_COUNTED_MISSING");
    const lines = session.split("\n");
    const line = lines.findIndex((l) => l.trim() === "null") + 1;
    expect(d).toMatchObject({ file: "session.json", line, column: lines[line - 1]!.indexOf("null") + 1 });
    expect(d.message).toContain("session.json 的 counted 第 1 项是空的（null）");
    expect(d.messageEn ?? "").not.toContain("has no entry");
  });

  it("gives a missing issued figure's example from the session's own figures, and the enter --issued that writes it", async () => {
    const dir = await clerkSession({ "counts-r2.csv": COUNTS_R2 }, { counted: [null, { returned: 9, void: 0 }] });
    const r = await runCli(["tally", dir, "--json", "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(hint(r, "E_ISSUED_MISSING")).toBe(`在 issued 数组中按轮次写出发出票数，例如 [9, 9]；或运行 piaojue enter --issued N --round 2 ${path.relative(ROOT, dir)}（N 为第 2 轮发出的票数）`);
    expect(r.json.error.diagnostics[0].hintEn).toContain("such as [9, 9]; or run piaojue enter --issued N --round 2");
  });
});

describe("hints run from outside the session folder name it", () => {
  it("in E_VOTE_VOID, E_ROUND_NOT_YET, E_BALLOTS_NONE and --round past the last round, as in E_ROUND_NOT_NEXT; from inside, without it; a round file past the decided vote is refused alike", async () => {
    const dir = await clerkSession({ "ballots-r2.csv": "A2,A3\n○,\n○,\n○,\n○,\n○,\n,○\n" }, { issued: [9, 9] });
    const [cwd, folder] = [path.dirname(dir), path.basename(dir)];
    const hintOf = async (args: string[], at = cwd) => (await runCli([...args, "--json"], { cwd: at })).json.error.diagnostics[0].hint;
    // tally --round 3 past the last round is a usage error, its command in its message.
    expect((await runCli(["tally", folder, "--round", "3", "--json"], { cwd })).json.error.message).toContain(`去掉 --round 计票（piaojue tally ${folder}）`);
    expect((await runCli(["ballot", folder, "--round", "3", "--json"], { cwd })).json.error.message).toContain(`去掉 --round 计票（piaojue tally ${folder}）`);
    expect((await runCli(["tally", "--round", "3", "--json"], { cwd: dir })).json.error.message).toContain("去掉 --round 计票（piaojue tally）");
    // With round 3's file there, enter --round 3 refuses the file (it is the fault) as tally and ballot do.
    await fs.writeFile(path.join(dir, "ballots-r3.csv"), "A2,A3\n○,\n");
    const refusal = async (command: string) => (await runCli([command, folder, ...(command === "tally" ? [] : ["--round", "3"]), "--json"], { cwd })).json.error.diagnostics;
    const byTally = await refusal("tally");
    expect(byTally).toEqual([expect.objectContaining({ code: "E_UNEXPECTED_ROUND", file: "ballots-r3.csv", line: 1, column: 1 })]);
    expect(await refusal("enter")).toEqual(byTally);
    expect(await refusal("ballot")).toEqual(byTally);
    const notYet = await clerkSession();
    expect(await hintOf(["tally", path.basename(notYet), "--round", "2"], path.dirname(notYet))).toContain(`（piaojue enter --round 2 ${path.basename(notYet)}，或放入 ballots-r2.csv / counts-r2.csv）`);
    const empty = await clerkSession({ "ballots.csv": HEADER });
    expect(await hintOf(["tally", path.basename(empty)], path.dirname(empty))).toContain(`用 piaojue enter ${path.basename(empty)} 键盘录入`);
    const voided = await clerkSession({ "ballots.csv": BALLOTS + "10,,○,,,,\n" });
    const voidedRound2 = await runCli(["ballot", path.basename(voided), "--round", "2", "--json"], { cwd: path.dirname(voided) });
    expect(voidedRound2.json.error.message).toContain(`去掉 --round 计票（piaojue tally ${path.basename(voided)}）查看无效的原因`);
    await fs.writeFile(path.join(voided, "ballots-r2.csv"), "A2,A3\n○,\n");
    expect(await hintOf(["enter", path.basename(voided), "--round", "2"], path.dirname(voided))).toBe(`运行 piaojue tally ${path.basename(voided)} 查看无效的原因`);
  });
});

describe("a vote without a quorum", () => {
  it("has no later round: ballot and enter --round 2 say the vote is void, with a ballots file or without one", async () => {
    const fileSets: Record<string, string>[] = [{}, { "ballots.csv": HEADER }];
    for (const files of fileSets) {
      const dir = await makeSession({ "session.json": JSON.stringify({ ...SESSION, deputies: { total: 9, present: 5 }, issued: [5] }), "candidates.csv": CANDIDATES, ...files });
      expect((await runCli(["tally", dir])).code).toBe(3);
      for (const command of ["ballot", "enter"]) {
        const r = await runCli([command, dir, "--round", "2", "--json"]);
        // No ballots-r2.csv: --round 2 is the fault, as in tally (tally-round-flag.test.ts).
        expect(r.code, command).toBe(2);
        expect(r.json.error.message, command).toContain("票决在第 1 轮已经无效");
      }
    }
  });
});

describe("a county's batch and a congress's verify see what tally sees", () => {
  it("a project renamed after printing is warned in batch and in verify, as tally warns it", async () => {
    const dir = await clerkSession();
    expect((await runCli(["ballot", dir, "--round", "1"])).code).toBe(0);
    await fs.writeFile(path.join(dir, "candidates.csv"), CANDIDATES.replace("项目2", "项目2改造"));
    const tally = await runCli(["tally", dir, "--json"]);
    expect(codes(tally)).toContain("W_CHANGED_SINCE_PRINTED");
    await fs.writeFile(path.join(dir, "expected.json"), JSON.stringify(tally.json, null, 2));
    const verify = await runCli(["verify", dir, "--json"]);
    expect(verify.code, JSON.stringify(verify.json.data)).toBe(0);
    // A county root of its own, holding this township (with the out/ its ballot was printed into).
    const root = await makeSession({});
    await fs.cp(dir, path.join(root, "t1"), { recursive: true });
    const batch = await runCli(["batch", root, "--json"]);
    expect(batch.json.data.sessions.map((s: { warnings: string[] }) => s.warnings)).toEqual([["W_CHANGED_SINCE_PRINTED"]]);
  });

  it("under --lang en, batch's and verify's refusals carry messageEn and hintEn beside the Chinese", async () => {
    const dir = await clerkSession({ "ballots.csv": BALLOTS + HEADER, "expected.json": JSON.stringify({ selected: ["A1"] }) });
    const verify = await runCli(["verify", dir, "--json", "--lang", "en"]);
    expect(verify.json.data.scenarios[0].refused[0]).toMatchObject({ code: "E_HEADER_REPEATED", messageEn: expect.stringContaining("the header again"), hintEn: expect.any(String) });
    const batch = await runCli(["batch", dir, "--json", "--lang", "en", "-o", path.join(await makeSession({}), "county")]);
    expect(batch.json.data.sessions[0].errors[0]).toMatchObject({ code: "E_HEADER_REPEATED", messageEn: expect.stringContaining("the header again") });
  });
});
