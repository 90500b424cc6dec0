// piaojue verify as a congress's CI gate reads it: a warning with other words names the key that differs,
// a misspelt key and a wrong value are named alike, a value is shown as tally printed it, and a scenario
// whose expected.json is missing, misnamed, broken or written for another command is said to be so, once.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, makeSession, runCli, scratchCopy } from "../helpers.js";

const NORMAL = path.join(FIXTURES, "verify-example", "scenarios", "01-正常票决");

async function writeExpected(dir: string, expected: unknown): Promise<void> {
  await fs.writeFile(path.join(dir, "expected.json"), typeof expected === "string" ? expected : JSON.stringify(expected));
}

/** How many times `text` stands in `within`. */
const count = (within: string, text: string) => within.split(text).length - 1;

describe("piaojue verify: what a difference says", () => {
  it("a warning given with other words names the key that differs; a warning not given at all is said in words", async () => {
    const dir = await scratchCopy(NORMAL);
    // One ballot more issued than deputies present: the tally warns (W_ISSUED_EXCEEDS_PRESENT).
    const sessionFile = path.join(dir, "session.json");
    await fs.writeFile(sessionFile, (await fs.readFile(sessionFile, "utf8")).replace(/"issued": \[\s*42\s*\]/, '"issued": [43]'));
    const tally = await runCli(["tally", dir, "--json", "-o", path.join(path.dirname(dir), "o")]);
    const given = tally.json.warnings.find((w: { code: string }) => w.code === "W_ISSUED_EXCEEDS_PRESENT");
    await writeExpected(dir, { warnings: [{ code: "W_ISSUED_EXCEEDS_PRESENT", message: "另一句话" }, "W_NO_SUCH_WARNING"] });
    const r = await runCli(["verify", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`warnings(W_ISSUED_EXCEEDS_PRESENT).message：期望 "另一句话"，实际 ${JSON.stringify(given.message)}`);
    expect(r.stdout).not.toContain("warnings(W_ISSUED_EXCEEDS_PRESENT)：期望有这条提醒");
    expect(r.stdout).toContain("warnings(W_NO_SUCH_WARNING)：期望有这条提醒，实际没有");
    const json = await runCli(["verify", dir, "--json"]);
    expect(json.json.data.scenarios[0].differences).toEqual([
      { path: "warnings(W_ISSUED_EXCEEDS_PRESENT).message", expected: "另一句话", actual: given.message },
      { path: "warnings(W_NO_SUCH_WARNING)", expected: "present", actual: "missing" },
    ]);
  });

  it("a misspelt key is named as a wrong value is, and its hint speaks of an expectation", async () => {
    const dir = await scratchCopy(NORMAL);
    await writeExpected(dir, { rounds: [{ returned: 41 }] });
    const wrong = await runCli(["verify", dir]);
    expect(wrong.stdout).toContain("data.rounds[0].returned：期望 41，实际 42");
    await writeExpected(dir, '{\n  "rounds": [{ "retruned": 42 }],\n  "data2": 1\n}');
    const r = await runCli(["verify", dir, "--json"]);
    const [typo, topLevel] = r.json.data.scenarios[0].problems;
    expect(typo).toMatchObject({ code: "E_UNKNOWN_KEY", line: 2, column: 16, message: "未知的键“data.rounds[0].retruned”，是不是“returned”？" });
    expect(typo.hint).toContain("以免写错的期望被悄悄跳过");
    expect(topLevel.message).toContain("未知的键“data2”");
    const en = await runCli(["verify", dir, "--json", "--lang", "en"]);
    expect(en.json.data.scenarios[0].problems[0].hintEn).toContain("a misspelt expectation is not silently skipped");
    // session.json's unknown keys are still rules.
    await fs.writeFile(path.join(dir, "session.json"), (await fs.readFile(path.join(dir, "session.json"), "utf8")).replace('"rules": {', '"rules": { "formall": 5,'));
    const check = await runCli(["check", dir, "--json"]);
    expect(check.json.error.diagnostics[0]).toMatchObject({ code: "E_UNKNOWN_KEY", hint: expect.stringContaining("写错的规则") });
  });

  it("a misspelt key is told the key it likely meant at every depth, in a warning as in a candidate", async () => {
    const dir = await scratchCopy(NORMAL);
    await writeExpected(dir, '{\n  "exitcode": 0,\n  "warnings": [{ "code": "W_UNREADABLE_MARK", "mesage": "x" }],\n  "error": { "diagnostics": [{ "hnit": "x" }] },\n  "rounds": [{ "retruned": 42 }]\n}');
    const r = await runCli(["verify", dir, "--json"]);
    const problems = r.json.data.scenarios[0].problems;
    expect(problems.map((p: { message: string }) => p.message)).toEqual([
      "未知的键“exitcode”，是不是“exitCode”？",
      "未知的键“warnings[0].mesage”，是不是“message”？",
      "未知的键“error.diagnostics[0].hnit”，是不是“hint”？",
      "未知的键“data.rounds[0].retruned”，是不是“returned”？",
    ]);
  });

  it("a misspelt top-level key's hint speaks of an expectation, not of a rule", async () => {
    const dir = await scratchCopy(NORMAL);
    await writeExpected(dir, { exitcode: 0 });
    const r = await runCli(["verify", dir, "--json", "--lang", "en"]);
    const [problem] = r.json.data.scenarios[0].problems;
    expect(problem).toMatchObject({ code: "E_UNKNOWN_KEY", message: "未知的键“exitcode”，是不是“exitCode”？" });
    expect(problem.hint).toBe("检查拼写：未知的键会被拒绝，以免写错的期望被悄悄跳过");
    expect(problem.hintEn).toContain("a misspelt expectation is not silently skipped");
  });

  it("an exitCode no tally gives (2, 5, 70) is refused, naming the codes a tally gives", async () => {
    const dir = await scratchCopy(NORMAL);
    for (const code of [2, 5, 70]) {
      await writeExpected(dir, `{\n  "exitCode": ${code}\n}`);
      const r = await runCli(["verify", dir, "--json", "--lang", "en"]);
      expect(r.code, String(code)).toBe(1);
      const [problem] = r.json.data.scenarios[0].problems;
      expect(problem, String(code)).toMatchObject({ code: "E_EXPECTED_SCHEMA", line: 2, column: 3 });
      expect(problem.message).toBe("exitCode：只能是计票会给出的退出码 0（完成）、1（输入有误）、3（票决无效）或 4（需要再次票决）");
      expect(problem.hint).toContain("写 0、1、3 或 4");
      expect(problem.messageEn).toBe("exitCode: must be an exit code a tally gives: 0 (done), 1 (invalid input), 3 (the vote is void) or 4 (a runoff is required)");
    }
    for (const code of [0, 1, 3, 4]) {
      await writeExpected(dir, { exitCode: code });
      expect((await runCli(["verify", dir, "--json"])).json.data.scenarios[0].problems, String(code)).toEqual([]);
    }
  });

  it("a void reason expected of a hand-counted round is said to be unknown, not shown as missing", async () => {
    const dir = await makeSession({
      "session.json": JSON.stringify({ title: "测试镇会议", date: "2026-01-15", deputies: { total: 5, present: 5 }, issued: [5], rules: { formal: 2, competition: { allowEqual: true } }, counted: [{ returned: 5, void: 1 }] }),
      "candidates.csv": "编号,项目名称\nP01,村道硬化\nP02,路灯亮化\nP03,公厕新建\nP04,河道清淤\n",
      "counts.csv": "编号,赞成,反对,弃权\nP01,4,0,0\nP02,3,1,0\nP03,1,3,0\nP04,0,4,0\n",
      "expected.json": JSON.stringify({ rounds: [{ void: 1, voidByReason: { blank: 0 } }] }),
    });
    const r = await runCli(["verify", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("data.rounds[0].voidByReason.blank：期望 0，实际不知道：手工计票（counts.csv）的一轮不知道无效票的原因\n");
    expect(r.stdout).not.toContain("（没有）");
    const en = await runCli(["verify", dir, "--lang", "en"]);
    expect(en.stdout).toContain("data.rounds[0].voidByReason.blank: expected 0, but a hand-counted round's void ballots have no known reasons (counts.csv gives none)\n");
    const json = await runCli(["verify", dir, "--json"]);
    expect(json.json.data.scenarios[0].differences).toEqual([{ path: "data.rounds[0].voidByReason.blank", expected: 0, reasonsUnknown: true }]);
  });

  it("shows the actual value as tally --json printed it, not with the void reasons filled in for comparing", async () => {
    const dir = await scratchCopy(NORMAL);
    const tally = await runCli(["tally", dir, "--json", "-o", path.join(path.dirname(dir), "o")]);
    const printed = tally.json.data.rounds[0].voidByReason;
    await writeExpected(dir, { rounds: [{ voidByReason: [] }] });
    const r = await runCli(["verify", dir]);
    expect(r.stdout).toContain(`data.rounds[0].voidByReason：期望 []，实际 ${JSON.stringify(printed)}`);
    const json = await runCli(["verify", dir, "--json"]);
    expect(json.json.data.scenarios[0].differences).toEqual([{ path: "data.rounds[0].voidByReason", expected: [], actual: printed }]);
    // A reason tally did not list is compared as 0, and shown as the 0 it was compared with.
    await writeExpected(dir, { rounds: [{ voidByReason: { unreadable: 1 } }] });
    expect((await runCli(["verify", dir])).stdout).toContain("data.rounds[0].voidByReason.unreadable：期望 1，实际 0");
  });
});

describe("piaojue verify: a scenario whose expected.json cannot be compared", () => {
  it("a broken expected.json is the scenario's problem, not a difference, and is printed once with its hint", async () => {
    const passing = await scratchCopy(NORMAL);
    const dir = await scratchCopy(NORMAL);
    await writeExpected(dir, '{\n  "exitCode": 0,\n  "selected": [\n}');
    const r = await runCli(["verify", passing, dir]);
    expect(r.code).toBe(1);
    const all = r.stdout + r.stderr;
    expect(count(all, "E_JSON_SYNTAX")).toBe(1);
    expect(r.stderr).toMatch(/expected\.json:4:1 E_JSON_SYNTAX .*\n\s+提示：/);
    expect(r.stdout).toContain("expected.json 有误，没有比对");
    expect(r.stdout).toContain("2 个场景：1 个符合，1 个没有比对\n");
    expect(all).not.toContain("不符");
    const json = await runCli(["verify", passing, dir, "--json"]);
    expect(json.json.error.code).toBe("E_VERIFY_INVALID");
    expect(json.json.error.message).toContain("expected.json 缺少或有误");
    expect(json.json.data).toMatchObject({ passed: 1, failed: 0, unchecked: 1 });
    expect(json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_JSON_SYNTAX", line: 4, hint: expect.any(String) })]);
    // Beside a scenario that differs, both are counted and said.
    await writeExpected(passing, { exitCode: 4 });
    const both = await runCli(["verify", passing, dir, "--json"]);
    expect(both.json.data).toMatchObject({ passed: 0, failed: 1, unchecked: 1 });
    expect(both.json.error.message).toContain("1 个场景与 expected.json 不符");
  });

  it("a file named like expected.json but not quite is named, and the name it should have is said", async () => {
    for (const name of ["expect.json", "expected.JSON", "expected.json.txt"]) {
      const dir = await scratchCopy(NORMAL);
      await fs.rename(path.join(dir, "expected.json"), path.join(dir, name));
      const r = await runCli(["verify", dir, "--json"]);
      expect(r.code, name).toBe(1);
      const [problem] = r.json.data.scenarios[0].problems;
      expect(problem, name).toMatchObject({ code: "E_FILE", message: `场景缺少 expected.json，但有“${name}”` });
      expect(problem.hint, name).toContain("改名为 expected.json");
    }
    const dir = await scratchCopy(NORMAL);
    await fs.rm(path.join(dir, "expected.json"));
    const missing = await runCli(["verify", dir]);
    expect(missing.stdout).toContain("缺少 expected.json，没有比对");
    expect(missing.stderr).toContain("E_FILE 场景缺少 expected.json\n");
  });

  it("an expectation of an evaluation is told that verify checks tally results only", async () => {
    const evaluation = await scratchCopy(path.join(FIXTURES, "evaluate", "abstain-four-levels"));
    const r = await runCli(["verify", evaluation, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.data.scenarios[0].problems).toEqual([expect.objectContaining({ code: "E_EXPECTED_NOT_TALLY" })]);
    expect(r.json.data.scenarios[0].problems[0].message).toContain("verify 只比对计票（tally）的结果");
    // A pasted evaluate --json document too, its projects under "data".
    const run = await runCli(["evaluate", evaluation, "--json", "-o", path.join(path.dirname(evaluation), "o")]);
    expect(run.code).toBe(0);
    await writeExpected(evaluation, run.stdout);
    const pasted = await runCli(["verify", evaluation, "--json"]);
    expect(pasted.json.data.scenarios[0].problems.map((p: { code: string }) => p.code)).toEqual(["E_EXPECTED_NOT_TALLY"]);
  });

  it("-o is not used, and a warning says so", async () => {
    const dir = await scratchCopy(NORMAL);
    const out = path.join(path.dirname(dir), "results");
    const r = await runCli(["verify", dir, "-o", out, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings).toEqual([expect.objectContaining({ code: "W_OUT_UNUSED", file: out })]);
    expect(existsSync(out)).toBe(false);
    const human = await runCli(["verify", dir, "-o", out]);
    expect(human.stderr).toContain("W_OUT_UNUSED verify 不写出任何文件");
  });
});
