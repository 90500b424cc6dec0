// piaojue verify: scenarios (a session plus expected.json) checked as a congress's CI would, with a
// readable difference per mismatch, exit 1 on any, and the scenario folders only read.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, snapshot } from "../helpers.js";

const EXAMPLE = path.join(FIXTURES, "verify-example");
const SCENARIOS = path.join(EXAMPLE, "scenarios");

describe("piaojue verify", () => {
  it("passes the example congress's scenarios, given one by one, as their folder, or as the folder above", async () => {
    const before = await snapshot(EXAMPLE);
    const names = (await fs.readdir(SCENARIOS)).sort();
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const args of [names.map((n) => path.join(SCENARIOS, n)), [SCENARIOS], [EXAMPLE]]) {
      const r = await runCli(["verify", ...args, "--json"]);
      expect(r.code, r.stdout).toBe(0);
      expect(r.json.ok).toBe(true);
      expect(r.json.data).toMatchObject({ passed: names.length, failed: 0 });
      expect(r.json.data.scenarios.map((s: { exitCode: number }) => s.exitCode)).toEqual([0, 4, 3, 0]);
    }
    // Only read: no out/ folder, no file changed.
    expect(await snapshot(EXAMPLE)).toEqual(before);
  });

  it("agrees with every golden tally scenario", async () => {
    const r = await runCli(["verify", path.join(FIXTURES, "scenarios")]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/\d+ 个场景：\d+ 个符合\n$/);
  });

  it("prints path, expected and actual for each difference and exits 1", async () => {
    const dir = await scratchCopy(path.join(SCENARIOS, "02-第五名得票相等"));
    const file = path.join(dir, "expected.json");
    const expected = JSON.parse(await fs.readFile(file, "utf8"));
    expected.exitCode = 0;
    expected.runoff.seats = 2;
    expected.candidates[4].approve = 26;
    expected.warnings = ["W_NO_SUCH_WARNING"];
    await fs.writeFile(file, JSON.stringify(expected));
    const r = await runCli(["verify", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ ");
    expect(r.stdout).toContain("exitCode：期望 0，实际 4");
    expect(r.stdout).toContain("data.candidates[4].approve（Q05）：期望 26，实际 25");
    expect(r.stdout).toContain("data.runoff.seats：期望 2，实际 1");
    expect(r.stdout).toContain("warnings(W_NO_SUCH_WARNING)：期望有这条提醒，实际没有");
    expect(r.stdout).toContain("1 个场景：0 个符合，1 个不符");
    const json = await runCli(["verify", dir, "--json"]);
    expect(json.code).toBe(1);
    expect(json.json.ok).toBe(false);
    expect(json.json.error.code).toBe("E_VERIFY_MISMATCH");
    expect(json.json.data.scenarios[0].differences).toContainEqual({ path: "data.runoff.seats", expected: 2, actual: 1 });
  });

  it("an array of another length is shown whole beside its lengths, so the missing or extra element is seen", async () => {
    const dir = await scratchCopy(path.join(SCENARIOS, "01-正常票决"));
    const file = path.join(dir, "expected.json");
    const expected = JSON.parse(await fs.readFile(file, "utf8"));
    expected.selected = ["Q01", "Q02", "Q03", "Q04", "Q05", "Q06"];
    await fs.writeFile(file, JSON.stringify(expected));
    const r = await runCli(["verify", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('data.selected.length：期望 6，实际 5（期望 ["Q01","Q02","Q03","Q04","Q05","Q06"]，实际 ["Q01","Q02","Q03","Q04","Q05"]）');
    const en = await runCli(["verify", dir, "--lang", "en"]);
    expect(en.stdout).toContain('data.selected.length: expected 6, got 5 (expected ["Q01","Q02","Q03","Q04","Q05","Q06"], got ["Q01","Q02","Q03","Q04","Q05"])');
    const json = await runCli(["verify", dir, "--json"]);
    expect(json.json.data.scenarios[0].differences).toEqual([{
      path: "data.selected.length", expected: 6, actual: 5,
      expectedArray: ["Q01", "Q02", "Q03", "Q04", "Q05", "Q06"], actualArray: ["Q01", "Q02", "Q03", "Q04", "Q05"],
    }]);
    // Candidates on screen with the keys the expectation names; in --json whole.
    expected.selected = expected.selected.slice(0, 5);
    expected.candidates = expected.candidates.slice(0, 6);
    await fs.writeFile(file, JSON.stringify(expected));
    const c = await runCli(["verify", dir]);
    expect(c.stdout).toContain('data.candidates.length：期望 6，实际 7（期望 [{"id":"Q01","approve":38,"status":"selected"},');
    expect(c.stdout).toContain('{"id":"Q06","approve":15,"status":"below-threshold"},{"id":"Q07","approve":12,"status":"below-threshold"}]）');
    const cj = await runCli(["verify", dir, "--json"]);
    expect(cj.json.data.scenarios[0].differences[0].actualArray[6]).toMatchObject({ id: "Q07", name: "智慧路灯示范路段", rank: 7 });
    // Rounds beside a length difference are shown as tally --json prints them (no void reasons filled in with 0).
    delete expected.candidates;
    expected.rounds = [{ round: 1 }, { round: 2 }];
    await fs.writeFile(file, JSON.stringify(expected));
    const rj = await runCli(["verify", dir, "--json"]);
    const tally = await runCli(["tally", dir, "--round", "1", "--json"]);
    const lengthDiff = rj.json.data.scenarios[0].differences.find((d: { path: string }) => d.path === "data.rounds.length");
    expect(lengthDiff.actualArray).toEqual(tally.json.data.rounds.slice(0, lengthDiff.actual));
  });

  it("an array of another length is one difference: its elements are not compared with the ones shifted into their places", async () => {
    const dir = await scratchCopy(path.join(SCENARIOS, "01-正常票决"));
    // Q01 left out of the expectation: every later element would meet its neighbour.
    await fs.writeFile(path.join(dir, "expected.json"), JSON.stringify({ candidates: [{ id: "Q02" }, { id: "Q03" }, { id: "Q04" }, { id: "Q05" }, { id: "Q06" }, { id: "Q07" }] }));
    const r = await runCli(["verify", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('data.candidates.length：期望 6，实际 7（期望 [{"id":"Q02"},{"id":"Q03"},{"id":"Q04"},{"id":"Q05"},{"id":"Q06"},{"id":"Q07"}]，实际 [{"id":"Q01"},{"id":"Q02"},');
    expect(r.stdout).not.toContain("data.candidates[0]");
    const json = await runCli(["verify", dir, "--json"]);
    expect(json.json.data.scenarios[0].differences.map((d: { path: string }) => d.path)).toEqual(["data.candidates.length"]);
  });

  it("one failing scenario among passing ones fails the run; the others still pass", async () => {
    const bad = await scratchCopy(path.join(SCENARIOS, "03-不足法定人数"));
    await fs.writeFile(path.join(bad, "expected.json"), JSON.stringify({ exitCode: 0 }));
    const r = await runCli(["verify", path.join(SCENARIOS, "01-正常票决"), bad, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.data.scenarios.map((s: { ok: boolean }) => s.ok)).toEqual([true, false]);
  });

  it("a scenario without expected.json, or with a broken one, fails with the place of the problem", async () => {
    const missing = await scratchCopy(path.join(SCENARIOS, "01-正常票决"));
    await fs.rm(path.join(missing, "expected.json"));
    const r = await runCli(["verify", missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_FILE 场景缺少 expected\.json/);
    const broken = await scratchCopy(path.join(SCENARIOS, "01-正常票决"));
    await fs.writeFile(path.join(broken, "expected.json"), '{\n  "exitCode": 0,\n  "selected": [\n}');
    const b = await runCli(["verify", broken, "--json"]);
    expect(b.code).toBe(1);
    expect(b.json.data.scenarios[0].problems[0]).toMatchObject({ code: "E_JSON_SYNTAX", line: 4 });
  });

  it("a session folder under a scenarios root without its expected.json fails the run instead of dropping out unseen", async () => {
    const root = path.dirname(await scratchCopy(SCENARIOS));
    const scenarios = path.join(root, "scenarios");
    await fs.rename(path.join(scenarios, "02-第五名得票相等", "expected.json"), path.join(scenarios, "02-第五名得票相等", "expect.json"));
    const r = await runCli(["verify", scenarios, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.data.scenarios.map((s: { ok: boolean }) => s.ok)).toEqual([true, false, true, true]);
    expect(r.json.data.scenarios[1].problems[0]).toMatchObject({ code: "E_FILE" });
  });

  it("passes over a file a glob such as scenarios/* brings along, with a warning; a file alone is still an error", async () => {
    const root = path.dirname(await scratchCopy(SCENARIOS));
    const scenarios = path.join(root, "scenarios");
    await fs.writeFile(path.join(scenarios, "README.md"), "# 场景说明\n");
    const names = (await fs.readdir(scenarios)).sort();
    const r = await runCli(["verify", ...names, "--json"], { cwd: scenarios });
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.passed).toBe(names.length - 1);
    expect(r.json.warnings).toEqual([expect.objectContaining({ code: "W_VERIFY_FILE_SKIPPED", file: "README.md" })]);
    const alone = await runCli(["verify", "README.md"], { cwd: scenarios });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain("README.md E_FILE 场景应是文件夹");
  });

  it("passes over a folder without scenarios that a glob brings along (docs/), with a warning; alone it is still an error", async () => {
    const root = path.dirname(await scratchCopy(SCENARIOS));
    const scenarios = path.join(root, "scenarios");
    await fs.mkdir(path.join(scenarios, "docs"));
    await fs.writeFile(path.join(scenarios, "docs", "README.md"), "# 票决办法\n");
    const names = (await fs.readdir(scenarios)).sort();
    const r = await runCli(["verify", ...names, "--json"], { cwd: scenarios });
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.data.passed).toBe(names.length - 1);
    expect(r.json.warnings).toEqual([expect.objectContaining({ code: "W_VERIFY_FOLDER_SKIPPED", file: "docs" })]);
    const alone = await runCli(["verify", "docs", "--json"], { cwd: scenarios });
    expect(alone.code).toBe(1);
    expect(alone.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_NO_SCENARIOS"]);
  });

  it("names the scenarios it passes over: a link to scenarios, and a scenario in a folder named out or node_modules", async () => {
    const root = path.dirname(await scratchCopy(SCENARIOS));
    const scenarios = path.join(root, "scenarios");
    const [first] = (await fs.readdir(scenarios)).sort();
    await fs.cp(path.join(scenarios, first!), path.join(scenarios, "out"), { recursive: true });
    await fs.cp(path.join(scenarios, first!), path.join(scenarios, "node_modules"), { recursive: true });
    await fs.symlink(path.join(scenarios, first!), path.join(scenarios, "linked"));
    // A link to a folder without scenarios is nobody's business.
    await fs.mkdir(path.join(root, "notes"));
    await fs.symlink(path.join(root, "notes"), path.join(scenarios, "notes"));
    const r = await runCli(["verify", "scenarios", "--json"], { cwd: root });
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.warnings.map((w: { code: string; file: string }) => [w.code, w.file])).toEqual([
      ["W_VERIFY_PASSED_OVER", "scenarios/linked"], ["W_VERIFY_PASSED_OVER", "scenarios/node_modules"], ["W_VERIFY_PASSED_OVER", "scenarios/out"],
    ]);
    expect(r.json.warnings[0].message).toBe("scenarios/linked 是符号链接，其中有场景：verify 不跟随链接，这些场景没有运行");
    expect(r.json.warnings[2].message).toBe("scenarios/out 是一个场景，但 out 是写出结果的文件夹的名字：verify 不在其中查找场景，它没有运行");
    // Given on the command line, each runs.
    const named = await runCli(["verify", "scenarios/linked", "scenarios/out", "--json"], { cwd: root });
    expect(named.code, named.stdout).toBe(0);
    expect(named.json.data.passed).toBe(2);
  });

  it("when the tally refuses a scenario's input, the run says why beside the differences", async () => {
    const dir = await scratchCopy(path.join(SCENARIOS, "01-正常票决"));
    // Round 1 decided everything: a round 2 file is refused (E_UNEXPECTED_ROUND).
    await fs.copyFile(path.join(dir, "ballots.csv"), path.join(dir, "ballots-r2.csv"));
    // Its files named from where verify runs, as the scenario and its expected.json are: a CI script
    // annotating the file needs no path of its own.
    const cwd = path.dirname(path.dirname(dir));
    const scenario = path.relative(cwd, dir);
    const r = await runCli(["verify", dir], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("exitCode：期望 0，实际 1");
    expect(r.stdout).toContain(`计票拒绝了输入：\n      ${scenario}/ballots-r2.csv:1:1 E_UNEXPECTED_ROUND`);
    // With its hint, as tally gives it: the CI log alone says what to do.
    expect(r.stdout).toMatch(/E_UNEXPECTED_ROUND .+\n        提示：\S/);
    const json = await runCli(["verify", dir, "--json"], { cwd });
    expect(json.json.data.scenarios[0].refused[0]).toMatchObject({ code: "E_UNEXPECTED_ROUND", file: `${scenario}/ballots-r2.csv` });
    // Run inside the scenario, the files are named as there.
    const inside = await runCli(["verify", ".", "--json"], { cwd: dir });
    expect(inside.json.data.scenarios[0].refused[0]).toMatchObject({ file: "ballots-r2.csv" });
    await fs.writeFile(path.join(dir, "expected.json"), "{");
    const broken = await runCli(["verify", ".", "--json"], { cwd: dir });
    expect(broken.json.data.scenarios[0].problems[0]).toMatchObject({ code: "E_JSON_SYNTAX", file: "expected.json" });
  });

  it("a missing SCENARIO is a usage error, as batch's missing ROOT is: no folder is verified by default", async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-verify-none-"));
    const zh = await runCli(["verify"], { cwd: empty });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain("缺少参数 场景");
    const en = await runCli(["verify", "--lang", "en"], { cwd: empty });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain("missing required argument 'scenario'");
    const json = await runCli(["verify", "--json"], { cwd: empty });
    expect(json.code).toBe(2);
    expect(json.json).toMatchObject({ ok: false, command: "verify", error: { code: "E_USAGE", message: "缺少参数 场景" } });
  });

  it("a path that is no scenario is an error before anything runs", async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-verify-empty-"));
    const r = await runCli(["verify", empty, path.join(empty, "missing"), "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_NO_SCENARIOS", "E_FILE"]);
  });

  it("a mistyped expectation is an error at its place, never a match", async () => {
    const dir = await scratchCopy(path.join(SCENARIOS, "02-第五名得票相等"));
    try {
      const cases: [string, string, number, number][] = [
        ['{\n  "exitCode": "4"\n}', "E_EXPECTED_SCHEMA", 2, 3],
        ['{\n  "exitCode": 4,\n  "warnings": "W_X"\n}', "E_EXPECTED_SCHEMA", 3, 3],
        ['{\n  "exitCode": null\n}', "E_EXPECTED_SCHEMA", 2, 3],
        ['{\n  "exitCode": 4.5\n}', "E_EXPECTED_SCHEMA", 2, 3],
        ['{\n  "warnings": [4]\n}', "E_EXPECTED_SCHEMA", 2, 16],
        ['{\n  "rounds": [{"voidByReason": {"blnk": 1}}]\n}', "E_UNKNOWN_KEY", 2, 32],
        ['{\n  "warnings": [{"cod": "W_X"}]\n}', "E_EXPECTED_SCHEMA", 2, 16],
        ['{\n  "warnings": [{"code": "W_X", "mesage": "x"}]\n}', "E_UNKNOWN_KEY", 2, 32],
        ['{\n  "data": {"final": false},\n  "final": true\n}', "E_EXPECTED_BOTH_FORMS", 3, 3],
        // A misspelt word of the document is the expectation's mistake, not the tally's.
        ['{\n  "candidates": [{"id": "A", "status": "selcted"}]\n}', "E_EXPECTED_WORD", 2, 30],
        ['{\n  "data": {"voidReasons": ["quorum"]}\n}', "E_EXPECTED_WORD", 2, 28],
        ['{\n  "threshold": {"base": "totl"},\n  "runoff": {"reason": "tie"}\n}', "E_EXPECTED_WORD", 2, 17],
        ['{\n  "runoff": {"reason": "ties"}\n}', "E_EXPECTED_WORD", 2, 14],
        // Last: the human output below is of this one.
        ['{\n  "exitCode": 4,\n  "selcted": []\n}', "E_UNKNOWN_KEY", 3, 3],
      ];
      for (const [text, code, line, column] of cases) {
        await fs.writeFile(path.join(dir, "expected.json"), text);
        const r = await runCli(["verify", dir, "--json"]);
        expect(r.code, text).toBe(1);
        expect(r.json.data.scenarios[0].problems[0], text).toMatchObject({ code, line, column });
      }
      const human = await runCli(["verify", dir]);
      expect(human.stderr).toMatch(/expected\.json:3:3 E_UNKNOWN_KEY/);
      await fs.writeFile(path.join(dir, "expected.json"), '{\n  "candidates": [{"id": "A", "status": "selcted"}]\n}');
      const word = (await runCli(["verify", dir, "--json"])).json.data.scenarios[0].problems[0];
      expect(word.message).toBe("data.candidates[0].status 写的“selcted”不是计票结果会有的值");
      expect(word.hint).toBe("可写：selected、not-selected、below-threshold、tied（SPEC §6–7 的写法，区分大小写）");
    } finally {
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it("names every mistyped key of an expectation in one run, the nested ones beside the top-level ones", async () => {
    const dir = await scratchCopy(path.join(SCENARIOS, "02-第五名得票相等"));
    try {
      await fs.writeFile(path.join(dir, "expected.json"),
        '{\n  "exitCod": 4,\n  "candidates": [{"id": "P01", "aprove": 3}],\n  "threshold": {"neded": 1},\n  "finall": false\n}');
      const r = await runCli(["verify", dir, "--json"]);
      expect(r.code).toBe(1);
      const places = r.json.data.scenarios[0].problems.map((d: { line: number; column: number }) => `${d.line}:${d.column}`);
      expect(places).toEqual(["2:3", "3:32", "4:17", "5:3"]);
    } finally {
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it("compares ok, every key of a warning object, and a void reason expected as 0", async () => {
    const dir = await scratchCopy(path.join(SCENARIOS, "01-正常票决"));
    try {
      const expectations: [unknown, boolean][] = [
        [{ ok: false }, false],
        [{ ok: true }, true],
        [{ rounds: [{ voidByReason: { blank: 1, "marked-void": 0, unreadable: 0, "over-approval": 0 } }] }, true],
        [{ rounds: [{ voidByReason: { blank: 0 } }] }, false],
      ];
      // One ballot more issued than deputies present: the tally warns (W_ISSUED_EXCEEDS_PRESENT).
      const sessionFile = path.join(dir, "session.json");
      await fs.writeFile(sessionFile, (await fs.readFile(sessionFile, "utf8")).replace(/"issued": \[\s*42\s*\]/, '"issued": [43]'));
      const run = await runCli(["tally", dir, "--json", "-o", path.join(path.dirname(dir), "o")]);
      const warning = run.json.warnings[0];
      expect(warning.code).toBe("W_ISSUED_EXCEEDS_PRESENT");
      expectations.push([{ warnings: [warning] }, true], [{ warnings: [{ ...warning, message: "另一句话" }] }, false]);
      for (const [expected, passes] of expectations) {
        await fs.writeFile(path.join(dir, "expected.json"), JSON.stringify(expected));
        const r = await runCli(["verify", dir, "--json"]);
        expect(r.code, JSON.stringify(expected)).toBe(passes ? 0 : 1);
      }
    } finally {
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it("writes nothing, not even a temporary out/ folder", async () => {
    const dir = await scratchCopy(path.join(SCENARIOS, "01-正常票决"));
    try {
      const before = await snapshot(path.dirname(dir));
      expect((await runCli(["verify", dir])).code).toBe(0);
      expect(await snapshot(path.dirname(dir))).toEqual(before);
    } finally {
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
