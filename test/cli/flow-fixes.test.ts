// Along the session's flow: `progress --plan` only from a final tally (and says to tally first when there is
// none); `ballot --round K` names round K's file and the rounds really counted, as `tally --round K` does;
// `verify` reports a typo'd key inside an expectation at its place and says a missing warning in words.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, ROOT, runCli, scratchCopy, SEEDS } from "../helpers.js";

const exists = (p: string) => fs.stat(p).then(() => true, () => false);

/** seeds/tie-runoff with round 2 not held yet: round 1 ends in a tie for the last seat. */
async function tiePending(): Promise<string> {
  const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
  await fs.rm(path.join(dir, "ballots-r2.csv"));
  return dir;
}

describe("progress --plan needs the final tally", () => {
  it("before any tally: says to run piaojue tally first (and with -o, the same -o); exit 1, nothing written", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["progress", "--plan", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/out\/results\.csv E_PLAN_NO_TALLY 还没有计票结果 out\/results\.csv\n {4}提示：先运行 piaojue tally (\S+) 计票，再运行 piaojue progress \1 --plan；/);
    expect(r.stderr).not.toContain("放入");
    expect(r.stderr).toContain("还没有最终的计票结果，没有写出 plan.csv");
    const elsewhere = await runCli(["progress", "--plan", "township-2026", "-o", "结果"], { cwd: path.dirname(dir) });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain("提示：先运行 piaojue tally township-2026 -o 结果 计票，再运行 piaojue progress township-2026 -o 结果 --plan\n");
    const en = await runCli(["progress", "--plan", dir, "--lang", "en"]);
    expect(en.stderr).toContain("E_PLAN_NO_TALLY There are no results yet: out/results.csv does not exist");
    expect(await exists(path.join(dir, "plan.csv"))).toBe(false);
    // Once tallied, the plan is drafted.
    await runCli(["tally", dir]);
    expect((await runCli(["progress", "--plan", dir])).code).toBe(0);
  });

  it("a tie awaiting another round: refused at the tied row, exit 1, no plan.csv; after round 2 it is drafted", async () => {
    const dir = await tiePending();
    expect((await runCli(["tally", dir])).code).toBe(4);
    const r = await runCli(["progress", "--plan", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string; file: string }) => [d.code, d.file])).toEqual([["E_PLAN_NOT_FINAL", "out/results.csv"]]);
    expect(r.json.error.diagnostics[0].message).toBe("计票结果还不是最终结果：Q08、Q09 得票相等，待再次票决");
    const folder = path.relative(ROOT, dir);
    expect(r.json.error.diagnostics[0].hint).toBe(`正式项目全部确定后才能生成任务分解表：再次票决并用 piaojue tally ${folder} 计票后，再运行 piaojue progress ${folder} --plan`);
    expect(await exists(path.join(dir, "plan.csv"))).toBe(false);
    await fs.cp(path.join(SEEDS, "tie-runoff", "ballots-r2.csv"), path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["tally", dir])).code).toBe(0);
    const ok = await runCli(["progress", "--plan", dir, "--json"]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.json.data.projects).toBe(8);
  });

  it("too few projects with a majority, runoff pending (no tied row): refused from summary.csv", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "shortfall-runoff"));
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect(await fs.readFile(path.join(dir, "out", "results.csv"), "utf8")).not.toContain("得票相等待再次票决");
    const r = await runCli(["progress", "--plan", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/out\/summary\.csv:\d+:2 E_PLAN_NOT_FINAL 计票结果还不是最终结果：还需要第 2 轮票决/);
    expect(await exists(path.join(dir, "plan.csv"))).toBe(false);
    const en = await runCli(["progress", "--plan", dir, "--lang", "en"]);
    expect(en.stderr).toContain("The results are not final yet: round 2 is still needed");
  });

  it("results.csv without summary.csv beside it: refused (whether the tally is final is not known), with the tally's -o in the hint", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "shortfall-runoff"));
    const elsewhere = path.join(path.dirname(dir), "results here");
    for (const out of [[], ["-o", elsewhere]]) {
      const outDir = out.length > 0 ? elsewhere : path.join(dir, "out");
      expect((await runCli(["tally", dir, ...out])).code).toBe(4);
      await fs.rm(path.join(outDir, "summary.csv"));
      const r = await runCli(["progress", "--plan", dir, ...out, "--json"], { cwd: path.dirname(dir) });
      expect(r.code).toBe(1);
      const summary = out.length > 0 ? "../results here/summary.csv" : "out/summary.csv";
      expect(r.json.error.diagnostics.map((d: { code: string; file: string }) => [d.code, d.file])).toEqual([["E_PLAN_NO_SUMMARY", summary]]);
      expect(r.json.error.message).toBe("还没有最终的计票结果，没有写出 plan.csv");
      const hint = r.json.error.diagnostics[0].hint;
      expect(hint).toBe(out.length > 0
        ? `重新运行 piaojue tally ${path.basename(dir)} -o "results here"，它会一并写出 results.csv 和 summary.csv，再运行 piaojue progress ${path.basename(dir)} -o "results here" --plan`
        : `重新运行 piaojue tally ${path.basename(dir)}，它会一并写出 results.csv 和 summary.csv，再运行 piaojue progress ${path.basename(dir)} --plan`);
      expect(await exists(path.join(dir, "plan.csv"))).toBe(false);
      const en = await runCli(["progress", "--plan", dir, ...out, "--lang", "en"]);
      expect(en.stderr).toContain("E_PLAN_NO_SUMMARY There is no");
      expect(await exists(path.join(dir, "plan.csv"))).toBe(false);
    }
  });
});

describe("ballot --round K names round K and the rounds counted", () => {
  it("beyond the next round: round K's file, the next round's number", async () => {
    const dir = await tiePending();
    const r = await runCli(["ballot", dir, "--round", "5"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("错误 ballots-r5.csv E_ROUND_NOT_NEXT 下一轮是第 2 轮，不是第 5 轮");
    expect(r.stderr).toContain("提示：运行 piaojue ballot --round 2");
    // From the folder above, the hint names the session folder.
    const above = await runCli(["ballot", path.basename(dir), "--round", "5"], { cwd: path.dirname(dir) });
    expect(above.stderr).toContain(`提示：运行 piaojue ballot --round 2 ${path.basename(dir)}\n`);
  });

  it("a vote decided in round 1: the last round, as tally --round K says (a usage error, no ballots-r3.csv there)", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    for (const command of ["ballot", "tally"]) {
      const r = await runCli([command, dir, "--round", "3"]);
      expect(r.code, command).toBe(2);
      expect(r.stderr).toContain("--round 3：没有第 3 轮，第 1 轮已经决出全部结果（最后一轮是第 1 轮）");
    }
    // Decided in round 2: 前 2 轮.
    const two = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const four = await runCli(["ballot", two, "--round", "4"]);
    expect(four.stderr).toContain("--round 4：没有第 4 轮，前 2 轮已经决出全部结果（最后一轮是第 2 轮）");
  });

  it("a void vote: void in round 1, as tally --round K says", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "scenarios", "quorum-not-met"));
    const r = await runCli(["ballot", dir, "--round", "2", "--json"]);
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({ code: "E_USAGE", diagnostics: [] });
    expect(r.json.error.message).toContain("票决在第 1 轮已经无效");
  });
});

describe("an unknown key of millions of characters (a pasted or damaged file)", () => {
  // It was compared letter by letter with every allowed key for a "did you mean": 7 s a megabyte, so a
  // 5 MB key ran past the test's time limit. Its refusal is the same as a short one's.
  it("is refused as any unknown key, in session.json, evaluation.json and expected.json", async () => {
    const key = "a".repeat(5 * 1024 * 1024);
    const session = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.writeFile(path.join(session, "session.json"), `{"${key}":1}`);
    const check = await runCli(["check", session, "--json"]);
    expect(check.code).toBe(1);
    expect(check.json.error.diagnostics.find((d: { code: string }) => d.code === "E_UNKNOWN_KEY")).toMatchObject({ file: "session.json", line: 1, column: 2, message: "未知的键“aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…（共 5242880 个字符）”" });
    const evaluation = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    await fs.writeFile(path.join(evaluation, "evaluation.json"), `{"${key}":1}`);
    const e = await runCli(["evaluate", evaluation, "--json"]);
    expect(e.json.error.diagnostics.map((d: { code: string }) => d.code)).toContain("E_UNKNOWN_KEY");
    const scenario = await scratchCopy(path.join(FIXTURES, "verify-example", "scenarios", "02-第五名得票相等"));
    await fs.writeFile(path.join(scenario, "expected.json"), `{"${key}":1}`);
    const v = await runCli(["verify", scenario, "--json"]);
    expect(v.json.data.scenarios[0].problems.find((d: { code: string }) => d.code === "E_UNKNOWN_KEY")).toMatchObject({ line: 1, column: 2 });
  });
});

describe("verify reads expected.json's keys all the way down", () => {
  const SCENARIO = path.join(FIXTURES, "verify-example", "scenarios", "02-第五名得票相等");

  it("a typo'd key inside a candidate is E_UNKNOWN_KEY at its line and column, with the key it likely meant", async () => {
    const dir = await scratchCopy(SCENARIO);
    const file = path.join(dir, "expected.json");
    const text = await fs.readFile(file, "utf8");
    await fs.writeFile(file, text.replace('{ "id": "Q01", "approve": 36', '{ "id": "Q01", "aprove": 36'));
    const line = text.split("\n").findIndex((l) => l.includes('"Q01"')) + 1;
    const r = await runCli(["verify", dir, "--json"]);
    expect(r.code).toBe(1);
    const problem = r.json.data.scenarios[0].problems[0];
    expect(problem).toMatchObject({ code: "E_UNKNOWN_KEY", line, column: 20 });
    expect(problem.message).toBe("未知的键“data.candidates[0].aprove”，是不是“approve”？");
    expect(r.json.data.scenarios[0].differences).toEqual([]);
    const en = await runCli(["verify", dir, "--lang", "en"]);
    expect(en.stderr).toContain(`expected.json:${line}:20 E_UNKNOWN_KEY Unknown key “data.candidates[0].aprove”; did you mean “approve”?`);
    // Under "data" and in the runoff too.
    await fs.writeFile(file, '{\n  "data": {\n    "runoff": { "seets": 1 }\n  }\n}\n');
    const nested = await runCli(["verify", dir, "--json"]);
    expect(nested.json.data.scenarios[0].problems[0]).toMatchObject({ code: "E_UNKNOWN_KEY", line: 3, column: 17, message: "未知的键“data.runoff.seets”，是不是“seats”？" });
  });

  it("a typo'd top-level key is told the key it likely meant", async () => {
    const dir = await scratchCopy(SCENARIO);
    await fs.writeFile(path.join(dir, "expected.json"), '{\n  "exitCode": 4,\n  "selcted": []\n}');
    const r = await runCli(["verify", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/expected\.json:3:3 E_UNKNOWN_KEY 未知的键“selcted”，是不是“selected”？/);
  });

  it("keys a document may have are no typo: a void reason in voidByReason, every field of a diagnostic", async () => {
    const dir = await scratchCopy(SCENARIO);
    await fs.writeFile(path.join(dir, "expected.json"), JSON.stringify({ exitCode: 4, rounds: [{ round: 1, voidByReason: {} }], runoff: { seats: 1 } }));
    expect((await runCli(["verify", dir])).code).toBe(0);
    const broken = await scratchCopy(path.join(FIXTURES, "scenarios", "unknown-column"));
    await fs.writeFile(path.join(broken, "expected.json"), JSON.stringify({ exitCode: 1, error: { code: "E_UNKNOWN_COLUMN", diagnostics: [{ severity: "error", code: "E_UNKNOWN_COLUMN", file: "ballots.csv" }] } }));
    const r = await runCli(["verify", broken]);
    expect(r.code, r.stdout).toBe(0);
  });

  it("a warning expected but not given is said in Chinese (and in English with --lang en)", async () => {
    const dir = await scratchCopy(SCENARIO);
    await fs.writeFile(path.join(dir, "expected.json"), JSON.stringify({ exitCode: 4, warnings: ["W_NO_SUCH_WARNING"] }));
    const r = await runCli(["verify", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("warnings(W_NO_SUCH_WARNING)：期望有这条提醒，实际没有");
    expect(r.stdout).not.toMatch(/present|missing/);
    const en = await runCli(["verify", dir, "--lang", "en"]);
    expect(en.stdout).toContain("warnings(W_NO_SUCH_WARNING): expected this warning, but the tally did not give it");
  });
});

describe("next steps keep -o", () => {
  it("tally, runoff and ballot with -o elsewhere name the next command with the folder and the same -o", async () => {
    const dir = await tiePending();
    const cwd = path.dirname(dir);
    const name = path.basename(dir);
    const tally = await runCli(["tally", name, "-o", "结果 2"], { cwd });
    expect(tally.code).toBe(4);
    expect(tally.stdout).toContain(`运行 piaojue runoff ${name} -o "结果 2" 生成决选票。`);
    const runoff = await runCli(["runoff", name, "-o", "结果 2"], { cwd });
    expect(runoff.code).toBe(0);
    expect(runoff.stdout).toContain(`另存为会议文件夹中的 ballots-r2.csv，再运行 piaojue tally ${name} -o "结果 2"。`);
    const ballot = await runCli(["ballot", name, "-o", "结果 2", "--lang", "en"], { cwd });
    expect(ballot.code).toBe(0);
    expect(ballot.stdout).toContain(`After a hand count: piaojue enter --counts --round 2 ${name} -o "结果 2" types`);
    // The counts template is written into the -o folder, and named with it like the count sheet beside it.
    expect(runoff.stdout).toMatch(/结果模板 "?结果 2"?\/counts-r2-template\.csv；/);
    expect(ballot.stdout).toMatch(/, "?结果 2"?\/counts-r2-template\.csv \(count sheet/);
    // A folder named -x is shown as ./-x, or the next command would take it for an option.
    const dash = path.join(cwd, "-dash");
    await fs.rename(dir, dash);
    const dashed = await runCli(["tally", "./-dash", "-o", "out2"], { cwd });
    expect(dashed.stdout).toContain("运行 piaojue runoff ./-dash -o out2 生成决选票。");
    await fs.rename(dash, dir);
    // With out/ in its place, the command names the folder unless the clerk stands in it.
    const plain = await runCli(["tally", name], { cwd });
    expect(plain.stdout).toContain(`运行 piaojue runoff ${name} 生成决选票。`);
    const inside = await runCli(["tally"], { cwd: dir });
    expect(inside.stdout).toContain("运行 piaojue runoff 生成决选票。");
  });

  it("tally --round 1 with round 2's ballots in the folder says to count them, not to print the runoff ballot", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const cwd = path.dirname(dir);
    const name = path.basename(dir);
    const first = await runCli(["tally", name, "--round", "1", "-o", "o1"], { cwd });
    expect(first.code).toBe(4);
    expect(first.stdout).toContain(`第 2 轮的票已在文件夹中，本次按 --round 只计到第 1 轮；运行 piaojue tally ${name} -o o1 计入第 2 轮。`);
    expect(first.stdout).not.toContain("piaojue runoff");
    const en = await runCli(["tally", name, "--round", "1", "-o", "o1", "--lang", "en"], { cwd });
    expect(en.stdout).toContain(`Round 2's ballots are in the folder, and --round stopped before them: run piaojue tally ${name} -o o1 to count them.`);
  });
});
