// piaojue init: flags, --yes, the interactive questions, and refusing to run blind or to overwrite.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CANDIDATE_COLUMNS } from "../../src/core/candidates.js";
import { parseSession } from "../../src/core/session.js";
import { parseCsvText } from "../../src/io/csv.js";
import { FIXTURES, runCli } from "../helpers.js";
import { FakeTerminal } from "./fake-terminal.js";

async function emptyDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), "piaojue-init-"));
}

const FACTS = ["--title", "新桥镇第十八届人民代表大会第五次会议", "--date", "2026-01-15", "--total", "58", "--present", "55", "--formal", "10"];

async function readSession(dir: string) {
  const text = await fs.readFile(path.join(dir, "session.json"), "utf8");
  const parsed = parseSession(text);
  expect(parsed.diagnostics).toEqual([]);
  return { text, json: JSON.parse(text), parsed: parsed.value! };
}

describe("piaojue init without a terminal", () => {
  it("writes session.json from flags, every rule written out with its default, and a candidates.csv template with every column", async () => {
    const base = await emptyDir();
    const dir = path.join(base, "新桥镇");
    const r = await runCli(["init", dir, ...FACTS]);
    expect(r.code, r.stderr).toBe(0);
    const { json } = await readSession(dir);
    expect(json).toEqual({
      title: "新桥镇第十八届人民代表大会第五次会议", date: "2026-01-15", deputies: { total: 58, present: 55 }, issued: [55], counted: null,
      rules: {
        formal: 10, competition: { minExtra: 1, minRatio: "1.2", allowEqual: false }, ballot: "approve-against-abstain", maxApprovals: "formal",
        blankBallot: "valid", unreadableMark: "void-ballot", quorum: "2/3", threshold: "total", shortfall: "runoff", runoffThreshold: "plurality",
        voteOn: "candidates", order: "stroke", seed: null, marks: null,
      },
    });
    const csv = await fs.readFile(path.join(dir, "candidates.csv"), "utf8");
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(parseCsvText(csv.slice(1), "candidates.csv")[0]!.cells).toEqual(Object.values(CANDIDATE_COLUMNS).map((n) => n[0]));
    expect(r.stdout).toContain("下一步");
    // The new folder is what check expects, short of the candidates themselves.
    const check = await runCli(["check", dir, "--json"]);
    expect(check.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_NO_CANDIDATES"]);
  });

  it("says at once, and check says again, when the meeting facts can only give a void vote or too many ballots", async () => {
    const dir = await emptyDir();
    const facts = FACTS.map((a, i) => (FACTS[i - 1] === "--present" ? "30" : a));
    const r = await runCli(["init", dir, ...facts, "--issued", "0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.warnings.map((w: { code: string }) => w.code)).toEqual(["W_QUORUM_SHORT", "W_ISSUED_NONE"]);
    expect(r.json.warnings[0].message).toBe("实到 30 人，不足法定人数 39 人（应到 58 人）：按现在的 session.json，票决无效");
    await fs.copyFile(path.join(FIXTURES, "..", "seeds", "township-2026", "candidates.csv"), path.join(dir, "candidates.csv"));
    const check = await runCli(["check", dir, "--json"]);
    expect(check.code).toBe(0);
    expect(check.json.warnings.map((w: { code: string; line: number; column: number }) => [w.code, w.line, w.column])).toEqual([
      ["W_QUORUM_SHORT", 6, 5], ["W_ISSUED_NONE", 8, 14],
    ]);
    // Issued beyond present is the warning tally gives, said before the ballots are printed.
    const text = (await fs.readFile(path.join(dir, "session.json"), "utf8")).replace('"present": 30', '"present": 55').replace('"issued": [0]', '"issued": [56]');
    await fs.writeFile(path.join(dir, "session.json"), text);
    const again = await runCli(["check", dir, "--json"]);
    expect(again.json.warnings.map((w: { code: string; message: string }) => [w.code, w.message])).toEqual([
      ["W_ISSUED_EXCEEDS_PRESENT", "第 1 轮发出 56 张票，多于出席代表 55 人"],
    ]);
  });

  it("takes every rule from its flag", async () => {
    const dir = await emptyDir();
    const r = await runCli(["init", dir, ...FACTS, "--issued", "54", "--allow-equal", "是", "--ballot", "approve-only", "--max-approvals", "8",
      "--blank-ballot", "void", "--unreadable-mark", "abstain-item", "--quorum", "1/2", "--threshold", "present", "--shortfall", "accept-fewer",
      "--runoff-threshold", "one-third", "--vote-on", "items", "--order", "random", "--seed", "20260115"]);
    expect(r.code, r.stderr).toBe(0);
    const { json, text } = await readSession(dir);
    expect(json.issued).toEqual([54]);
    expect(json.rules).toMatchObject({ competition: { allowEqual: true }, ballot: "approve-only", maxApprovals: 8, blankBallot: "void", unreadableMark: "abstain-item", quorum: "1/2", threshold: "present", shortfall: "accept-fewer", runoffThreshold: "one-third", voteOn: "items", order: "random", seed: 20260115 });
    expect(text).toContain('"issued": [54]');
  });

  it("lists every answer it cannot ask for and writes nothing (exit 2)", async () => {
    const base = await emptyDir();
    const dir = path.join(base, "new");
    const r = await runCli(["init", dir, "--title", "某镇会议"]);
    expect(r.code).toBe(2);
    for (const flag of ["--total", "--present", "--formal"]) expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toContain("--title <值>");
    expect(r.stderr).not.toContain("--issued");
    await expect(fs.access(dir)).rejects.toThrow();
  });

  it("with --yes still needs the facts that have no default", async () => {
    const dir = await emptyDir();
    const r = await runCli(["init", dir, "--yes", "--json"]);
    expect(r.code).toBe(2);
    expect(r.json.error.message).toContain("--total");
    const ok = await runCli(["init", dir, "--yes", ...FACTS, "--order", "random"]);
    expect(ok.code, ok.stderr).toBe(0);
    const { json } = await readSession(dir);
    // A random order gets a seed, so the ballot can be reproduced.
    expect(Number.isInteger(json.rules.seed)).toBe(true);
  });

  it("refuses bad flag values, all of them at once", async () => {
    const dir = await emptyDir();
    const r = await runCli(["init", dir, ...FACTS.slice(0, 6), "--present", "60", "--formal", "0", "--order", "alphabet", "--quorum", "abc", "--date", "2026-02-30"]);
    expect(r.code).toBe(2);
    for (const s of ["--present 60", "--formal 0", "--order alphabet", "--quorum abc", "--date 2026-02-30"]) expect(r.stderr).toContain(s);
    // The question's name stands apart from what is wrong with the answer.
    expect(r.stderr).toContain("--present 60（实到代表人数）：实到不能多于应到 58 人");
    expect(r.stderr).toContain("--formal 0（应选项目数 N）：应为不小于 1 的整数");
    expect(await fs.readdir(dir)).toEqual([]);
    // A wrong total is said once, not again under 实到 as a number to compare with.
    const total = await runCli(["init", dir, ...FACTS, "--total", "1.5"]);
    expect(total.code).toBe(2);
    expect(total.stderr).toContain("--total 1.5（应到代表人数）：应为不小于 1 的整数");
    expect(total.stderr).not.toContain("--present");
    // A line break typed into the title is named with its flag (not as a JSON escape nobody typed).
    const title = await runCli(["init", dir, ...FACTS, "--title", "新桥镇\n会议"]);
    expect(title.code).toBe(2);
    expect(title.stderr).toContain("（会议名称）：不能含换行、制表符等控制字符");
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it("reads full-width digits, ／ and ． in flags as the prompts do (a Chinese input method on); the title as typed", async () => {
    const typed = await emptyDir();
    const wide = ["--title", "测试镇会议（２０２６）", "--date", "２０２６－０１－１５", "--total", "５８", "--present", "５５", "--formal", "１０", "--quorum", "２／３", "--min-ratio", "１．２"];
    const r = await runCli(["init", typed, ...wide]);
    expect(r.code, r.stderr).toBe(0);
    const { json } = await readSession(typed);
    expect(json).toMatchObject({ title: "测试镇会议（２０２６）", date: "2026-01-15", deputies: { total: 58, present: 55 }, issued: [55] });
    expect(json.rules).toMatchObject({ formal: 10, quorum: "2/3", competition: { minRatio: "1.2" } });
  });

  it("refuses a flag the other answers leave unused, rather than dropping it without a word", async () => {
    const dir = await emptyDir();
    const seed = await runCli(["init", dir, ...FACTS, "--seed", "42"]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain("--seed 42（随机种子）：只在随机顺序时使用：要随机排列，再加 --order random");
    const equal = await runCli(["init", dir, ...FACTS, "--allow-equal", "是", "--min-extra", "3", "--min-ratio", "2", "--lang", "en"]);
    expect(equal.code).toBe(2);
    expect(equal.stderr).toContain("--min-extra 3 (Extra candidates): is used only in a competitive vote");
    expect(equal.stderr).toContain("--min-ratio 2 (Candidate ratio): is used only in a competitive vote");
    expect(await fs.readdir(dir)).toEqual([]);
    // With the answer that uses them, they are written.
    expect((await runCli(["init", dir, ...FACTS, "--seed", "42", "--order", "random", "--min-extra", "3"])).code).toBe(0);
    const { json } = await readSession(dir);
    expect([json.rules.order, json.rules.seed, json.rules.competition.minExtra]).toEqual(["random", 42, 3]);
  });

  it("keeps a candidates.xlsx the clerk already has, and writes no candidates.csv beside it", async () => {
    const dir = await emptyDir();
    await fs.copyFile(path.join(FIXTURES, "xlsx", "candidates-excel.xlsx"), path.join(dir, "candidates.xlsx"));
    // Its three projects are checked with the new session, as check would: 10 to select is refused.
    const refused = await runCli(["init", dir, ...FACTS, "--json"]);
    expect(refused.code).toBe(1);
    expect(refused.json.error.diagnostics.filter((d: { severity: string }) => d.severity === "error").map((d: { code: string; file: string }) => [d.code, d.file])).toEqual([["E_FORMAL_EXCEEDS", "candidates.xlsx"]]);
    expect(await fs.readdir(dir)).toEqual(["candidates.xlsx"]);
    const r = await runCli(["init", dir, ...FACTS.slice(0, -1), "2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.kept).toEqual(["candidates.xlsx"]);
    expect((await fs.readdir(dir)).sort()).toEqual(["candidates.xlsx", "session.json"]);
    // A workbook put in after init wrote its template: check says which of the two to delete.
    const later = await emptyDir();
    expect((await runCli(["init", later, ...FACTS.slice(0, -1), "2"])).code).toBe(0);
    await fs.copyFile(path.join(FIXTURES, "xlsx", "candidates-excel.xlsx"), path.join(later, "candidates.xlsx"));
    const both = await runCli(["check", later, "--json"]);
    expect(both.json.error.diagnostics[0]).toMatchObject({ code: "E_TABLE_TWO_FORMS" });
    expect(both.json.error.diagnostics[0].hint).toContain("candidates.csv 只有表头的，是 piaojue init 写出的模板，用工作簿时删去它");
  });

  it("checks a candidates.csv already there with the new session by check's rules: refused as check would refuse it, written with --force", async () => {
    const dir = await emptyDir();
    const list = "编号,项目名称\nA1,甲\nA2,乙\nA3,丙\n";
    await fs.writeFile(path.join(dir, "candidates.csv"), list);
    const facts = FACTS.slice(0, -1);
    // 3 candidates for 3 seats fails the 差额 rule (at least 4); 10 seats is more than the candidates.
    for (const [formal, code] of [["3", "E_COMPETITION"], ["10", "E_FORMAL_EXCEEDS"]] as const) {
      const r = await runCli(["init", dir, ...facts, formal]);
      expect(r.code, formal).toBe(1);
      expect(r.stderr).toContain(`错误 candidates.csv ${code} `);
      expect(r.stderr).toContain("已有的 candidates.csv 与这些回答按 check 的规则检查未通过，没有写出 session.json（候选项目还没填完的，可加 --force 照样写出）");
      expect(await fs.readdir(dir)).toEqual(["candidates.csv"]);
    }
    const hint = (await runCli(["init", dir, ...facts, "3", "--json"])).json.error.diagnostics.find((d: { code: string }) => d.code === "E_COMPETITION").hint;
    expect(hint).toBe("增加候选项目到至少 4 个，或改用本次会议的应选数和差额规则（--formal、--min-extra、--min-ratio、--allow-equal）重新运行 piaojue init");
    // With --force it is written, and what check will refuse is said as a warning.
    const forced = await runCli(["init", dir, ...facts, "3", "--force", "--json"]);
    expect(forced.code).toBe(0);
    expect(forced.json.warnings.map((w: { code: string }) => w.code)).toContain("E_COMPETITION");
    expect((await runCli(["check", dir, "--json"])).json.error.diagnostics.map((d: { code: string }) => d.code)).toContain("E_COMPETITION");
    // Rules that fit the list: written, the list untouched; init's own empty template is not checked.
    await fs.rm(path.join(dir, "session.json"));
    expect((await runCli(["init", dir, ...facts, "2"])).code).toBe(0);
    expect(await fs.readFile(path.join(dir, "candidates.csv"), "utf8")).toBe(list);
    const fresh = await emptyDir();
    expect((await runCli(["init", fresh, ...FACTS])).code).toBe(0);
    await fs.rm(path.join(fresh, "session.json"));
    expect((await runCli(["init", fresh, ...FACTS])).code).toBe(0);
  });

  it("says what is wrong with a flag, and what it cannot ask, in English under --lang en", async () => {
    const dir = await emptyDir();
    const r = await runCli(["init", dir, "--lang", "en", ...FACTS.slice(0, 6), "--present", "60", "--formal", "0", "--order", "alphabet"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Wrong option values:");
    expect(r.stderr).toContain("--present 60 (Deputies present): cannot be more than the 58 deputies in total");
    expect(r.stderr).toContain("--formal 0 (Projects to select (N)): must be a whole number of at least 1");
    expect(r.stderr).toContain("--order alphabet (Project order on the ballot): one of: stroke, pinyin, as-listed, random");
    const missing = await runCli(["init", dir, "--lang", "en", "--title", "T"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("There is no terminal to ask on; give these as options:");
    expect(missing.stderr).toContain("--total <value>  Deputies in total");
    for (const out of [r.stderr, missing.stderr]) expect(out).not.toMatch(/[\u4e00-\u9fff]/);
    // With --json, message stays Chinese and messageEn gives the English, as for every error.
    const doc = await runCli(["init", dir, "--lang", "en", "--json", ...FACTS.slice(0, 6), "--formal", "0"]);
    expect(doc.code).toBe(2);
    expect(doc.json.error.message).toContain("--formal 0（应选项目数 N）：应为不小于 1 的整数");
    expect(doc.json.error.messageEn).toContain("--formal 0 (Projects to select (N)): must be a whole number of at least 1");
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it("names the next commands with a folder holding a space quoted, so they can be pasted", async () => {
    const dir = path.join(await emptyDir(), "新桥 镇");
    const r = await runCli(["init", dir, ...FACTS, "--yes"], { cwd: path.dirname(dir) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('运行 piaojue check "新桥 镇"，再运行 piaojue ballot "新桥 镇" 印制表决票');
    const plain = await emptyDir();
    const p = await runCli(["init", path.join(plain, "新桥镇"), ...FACTS, "--yes"], { cwd: plain });
    expect(p.stdout).toContain("运行 piaojue check 新桥镇，再运行 piaojue ballot 新桥镇 印制表决票");
  });

  it("does not overwrite session.json without --force, and never touches an existing candidates.csv", async () => {
    const dir = await emptyDir();
    await fs.writeFile(path.join(dir, "session.json"), "{}");
    await fs.writeFile(path.join(dir, "candidates.csv"), "编号,项目名称\nP01,甲\n");
    const r = await runCli(["init", dir, ...FACTS, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].code).toBe("E_EXISTS");
    expect(await fs.readFile(path.join(dir, "session.json"), "utf8")).toBe("{}");
    const forced = await runCli(["init", dir, ...FACTS, "--force", "--json"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.json.data.kept).toEqual(["candidates.csv"]);
    expect(await fs.readFile(path.join(dir, "candidates.csv"), "utf8")).toBe("编号,项目名称\nP01,甲\n");
    await readSession(dir);
  });
});

describe("piaojue init on a terminal", () => {
  it("asks only what has no default with --yes", async () => {
    const dir = await emptyDir();
    const term = new FakeTerminal(true);
    const done = term.run(["init", dir, "--yes", "--formal", "10"]);
    await term.waitFor("会议名称");
    term.type("清河乡第十八届人民代表大会第六次会议\r");
    await term.waitFor("应到代表人数");
    term.type("45\r");
    await term.waitFor("实到代表人数");
    term.type("46\r");
    // 实到 > 应到 is refused on the spot and asked again.
    await term.waitFor("实到不能多于应到 45 人");
    term.type("\x7f\x7f42\r");
    const r = await done;
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).not.toContain("会议日期");
    const { json } = await readSession(dir);
    expect(json).toMatchObject({ title: "清河乡第十八届人民代表大会第六次会议", date: "2026-01-15", deputies: { total: 45, present: 42 }, issued: [42], rules: { formal: 10, order: "stroke" } });
  });

  it("Ctrl+C at a question ends the run as a Ctrl+C does (130), saying nothing was written, not as a usage error", async () => {
    const dir = await emptyDir();
    const term = new FakeTerminal(true);
    const done = term.run(["init", dir, "--yes", "--formal", "10"]);
    await term.waitFor("会议名称");
    term.type("abc\x03");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("已中断：还没有写出任何文件");
    expect(r.stderr).not.toContain("用法错误");
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it("asks every question, each with its default explained, and takes what is chosen", async () => {
    const dir = await emptyDir();
    const term = new FakeTerminal(true);
    const done = term.run(["init", dir, "--title", "某镇会议"]);
    const steps: [string, string][] = [
      ["会议日期", "\r"],
      ["应到代表人数", "30\r"],
      ["实到代表人数", "28\r"],
      ["第 1 轮发出票数", "\r"],
      ["应选项目数 N", "5\r"],
      ["是否允许等额", "\r"],
      ["差额数", "\r"],
      ["差额比例", "\r"],
      ["表决票形式", "\x1b[B\r"],
      ["每票最多赞成几个", "\x1b[B\x1b[B\r"],
      ["每票最多赞成的个数", "3\r"],
      ["空白票", "\r"],
      ["无法辨认的符号", "\r"],
      ["法定人数比例", "\r"],
      ["过半数的基数", "\r"],
      ["过半数的项目不足应选数时", "\r"],
      ["再次票决的当选条件", "\r"],
      ["表决单位", "\r"],
      ["表决票上的项目顺序", "\x1b[B\x1b[B\x1b[B\r"],
      ["随机种子", "\x7f\x7f\x7f\x7f\x7f\x7f\x7f777\r"],
    ];
    for (const [question, keys] of steps) {
      const screen = await term.waitFor(question);
      if (question === "空白票") expect(screen + (await term.waitFor("默认有效"))).toContain("默认有效");
      term.type(keys);
    }
    const r = await done;
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const { json } = await readSession(dir);
    expect(json).toMatchObject({ date: "2026-01-15", deputies: { total: 30, present: 28 }, issued: [28], rules: { formal: 5, ballot: "approve-only", maxApprovals: 3, order: "random", seed: 777, quorum: "2/3" } });
  });
});
