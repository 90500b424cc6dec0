// piaojue verify: what an expectation may be and how it is read — a pasted tally --json document in
// either language, expected.json in the encodings every JSON input is read in, its mistakes worded in
// the reader's language, scenarios nested in scenarios, and an input the tally refuses never passing.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, SEEDS } from "../helpers.js";

const SCENARIOS = path.join(FIXTURES, "verify-example", "scenarios");
const NORMAL = path.join(SCENARIOS, "01-正常票决");

async function writeExpected(dir: string, expected: unknown): Promise<void> {
  await fs.writeFile(path.join(dir, "expected.json"), typeof expected === "string" ? expected : JSON.stringify(expected));
}

describe("piaojue verify: expectations", () => {
  it("passes a pasted tally --json document in either language, and refuses a warning key tally --json never prints", async () => {
    const dir = await scratchCopy(NORMAL);
    // One unreadable mark counted as an abstention: a warning with a hint, so messageEn and hintEn under --lang en.
    const sessionFile = path.join(dir, "session.json");
    await fs.writeFile(sessionFile, (await fs.readFile(sessionFile, "utf8")).replace('"void-ballot"', '"abstain-item"'));
    const ballotsFile = path.join(dir, "ballots.csv");
    await fs.writeFile(ballotsFile, (await fs.readFile(ballotsFile, "utf8")).replace("\n1,○,○,○,○,×,○,×", "\n1,○,○,○,○,×,?,×"));
    const out = path.join(path.dirname(dir), "o");
    for (const lang of ["zh", "en"]) {
      const tally = await runCli(["tally", dir, "--json", "--lang", lang, "-o", out]);
      expect(tally.code).toBe(0);
      expect(tally.json.warnings.map((w: { code: string }) => w.code)).toContain("W_UNREADABLE_AS_ABSTAIN");
      if (lang === "en") expect(tally.json.warnings[0]).toHaveProperty("hintEn");
      await writeExpected(dir, tally.stdout);
      for (const verifyLang of ["zh", "en"]) {
        const r = await runCli(["verify", dir, "--json", "--lang", verifyLang]);
        expect(r.code, `tally --lang ${lang}, verify --lang ${verifyLang}: ${JSON.stringify(r.json.data.scenarios[0])}`).toBe(0);
      }
    }
    // "severity" is a key of the error's diagnostics, never of a warning: named, not silently unmatched.
    const tally = await runCli(["tally", dir, "--json", "-o", out]);
    await writeExpected(dir, `{\n  "warnings": [{"code": "W_UNREADABLE_AS_ABSTAIN", "severity": "warning"}]\n}`);
    const r = await runCli(["verify", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.data.scenarios[0].problems).toEqual([expect.objectContaining({ code: "E_UNKNOWN_KEY", line: 2, column: 52 })]);
    expect(tally.json.warnings[0]).not.toHaveProperty("severity");
  });

  it("a refusal pasted from tally --json passes wherever the scenario folder is moved: its hint names no folder", async () => {
    const first = await scratchCopy(NORMAL);
    await fs.rm(path.join(first, "candidates.csv"));
    const tally = await runCli(["tally", first, "--json"]);
    expect(tally.json.error.diagnostics[0]).toMatchObject({ code: "E_FILE", file: "candidates.csv", hint: "在会议文件夹中放入 candidates.csv" });
    await writeExpected(first, tally.stdout);
    const moved = await scratchCopy(first);
    const r = await runCli(["verify", moved, "--json"]);
    expect(r.code, JSON.stringify(r.json.data.scenarios[0].differences)).toBe(0);
  });

  it("a refusal whose hint is a command to run, pasted from tally --json in the scenario folder, passes wherever the folder is moved", async () => {
    const first = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(first, "out"), { recursive: true, force: true });
    const sessionFile = path.join(first, "session.json");
    const session = JSON.parse(await fs.readFile(sessionFile, "utf8"));
    await fs.writeFile(sessionFile, JSON.stringify({ ...session, issued: session.issued.slice(0, 1) }));
    const tally = await runCli(["tally", "--json"], { cwd: first });
    const missing = tally.json.error.diagnostics.find((d: { code: string }) => d.code === "E_ISSUED_MISSING");
    expect(missing.hint).toContain("piaojue enter --issued N --round 2（");
    await writeExpected(first, tally.stdout);
    const moved = await scratchCopy(first);
    for (const cwd of [path.dirname(moved), moved]) {
      const r = await runCli(["verify", path.relative(cwd, moved) || ".", "--json"], { cwd });
      expect(r.code, JSON.stringify(r.json.data.scenarios[0].differences)).toBe(0);
    }
    // Pasted from the folder above, the hint names the folder as typed there: verify run from there matches it.
    const above = await runCli(["tally", path.basename(moved), "--json"], { cwd: path.dirname(moved) });
    expect(above.json.error.diagnostics.find((d: { code: string }) => d.code === "E_ISSUED_MISSING").hint).toContain(`--round 2 ${path.basename(moved)}（`);
    await writeExpected(moved, above.stdout);
    const r = await runCli(["verify", path.basename(moved), "--json"], { cwd: path.dirname(moved) });
    expect(r.code, JSON.stringify(r.json.data.scenarios[0].differences)).toBe(0);
    // A hint that differs in its words still fails.
    await writeExpected(moved, above.stdout.replace("发出票数", "发出的票数"));
    expect((await runCli(["verify", path.basename(moved), "--json"], { cwd: path.dirname(moved) })).code).toBe(1);
  });

  it("reads expected.json as every JSON input is read: UTF-16 with its BOM, and GBK refused as not UTF-8", async () => {
    const dir = await scratchCopy(NORMAL);
    const text = await fs.readFile(path.join(dir, "expected.json"), "utf8");
    await fs.writeFile(path.join(dir, "expected.json"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const utf16 = await runCli(["verify", dir, "--json"]);
    expect(utf16.code, JSON.stringify(utf16.json.data)).toBe(0);
    await fs.writeFile(path.join(dir, "expected.json"), iconv.encode('{\n  "exitCode": 0,\n  "candidates": [{"id": "Q01", "name": "镇区污水管网改造"}]\n}', "gbk"));
    const gbk = await runCli(["verify", dir, "--json"]);
    expect(gbk.code).toBe(1);
    expect(gbk.json.data.scenarios[0].differences).toEqual([]);
    const label = path.relative(path.join(FIXTURES, ".."), dir).split(path.sep).join("/");
    expect(gbk.json.data.scenarios[0].problems).toEqual([expect.objectContaining({ code: "E_JSON_ENCODING", file: `${label}/expected.json`, line: 3 })]);
  });

  it("words a warning code of the wrong form in the reader's language", async () => {
    const dir = await scratchCopy(NORMAL);
    await writeExpected(dir, '{\n  "warnings": ["W_lower", {"code": "w_X"}]\n}');
    const zh = await runCli(["verify", dir]);
    expect(zh.code).toBe(1);
    expect(zh.stderr).not.toMatch(/Invalid|pattern/);
    expect(zh.stderr).toContain("warnings.0：应是提醒代码");
    expect(zh.stderr).toContain("warnings.1.code：应是提醒代码");
    const json = await runCli(["verify", dir, "--json"]);
    expect(json.json.data.scenarios[0].problems[0].message).toContain("应是提醒代码");
    expect(json.json.data.scenarios[0].problems[0].hint).toContain('"W_COMPETITION"');
    const en = await runCli(["verify", dir, "--lang", "en"]);
    expect(en.stderr).not.toMatch(/Invalid string|pattern/);
    expect(en.stderr).toContain("warnings.0: must be a warning code");
  });

  it("finds scenarios below a scenario as batch finds sessions below sessions, not in out/, entry/, hidden folders or links", async () => {
    const root = path.dirname(await scratchCopy(NORMAL));
    const outer = path.join(root, "01-正常票决");
    const copy = (to: string) => fs.cp(path.join(SCENARIOS, "02-第五名得票相等"), to, { recursive: true });
    await copy(path.join(outer, "县里", "02"));
    // Never searched, as batch never searches them: a wrong expectation in any would fail the run.
    for (const skipped of ["out/x", "entry/x", ".hidden/x", "node_modules/x"]) {
      await copy(path.join(outer, skipped));
      await writeExpected(path.join(outer, skipped), { exitCode: 0 });
    }
    await fs.symlink(path.join(SCENARIOS, "03-不足法定人数"), path.join(outer, "linked"));
    for (const arg of [outer, root]) {
      const r = await runCli(["verify", arg, "--json"], { cwd: root });
      expect(r.code, JSON.stringify(r.json.data)).toBe(0);
      expect(r.json.data.scenarios.map((s: { scenario: string }) => s.scenario.split(path.sep).join("/"))).toEqual(["01-正常票决", "01-正常票决/县里/02"]);
    }
    // The nested scenario fails the run when it differs.
    await writeExpected(path.join(outer, "县里", "02"), { exitCode: 0 });
    const r = await runCli(["verify", outer, "--json"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.json.data.scenarios.map((s: { ok: boolean }) => s.ok)).toEqual([true, false]);
    // A link named on the command line is read.
    expect((await runCli(["verify", path.join(outer, "linked")])).code).toBe(0);
  });

  it("an expectation that says nothing of the outcome does not pass an input the tally refuses", async () => {
    const dir = await scratchCopy(NORMAL);
    await fs.copyFile(path.join(dir, "ballots.csv"), path.join(dir, "ballots-r2.csv"));
    for (const expected of [{}, { warnings: [] }, { data: {} }]) {
      await writeExpected(dir, expected);
      const r = await runCli(["verify", dir, "--json"]);
      expect(r.code, JSON.stringify(expected)).toBe(1);
      expect(r.json.data.scenarios[0].differences).toEqual([{ path: "ok", expected: true, actual: false }]);
      expect(r.json.data.scenarios[0].refused[0]).toMatchObject({ code: "E_UNEXPECTED_ROUND" });
    }
    const human = await runCli(["verify", dir]);
    expect(human.stdout).toContain("ok：期望 true，实际 false");
    // No session at all.
    const bare = path.join(path.dirname(dir), "bare");
    await fs.mkdir(bare);
    await writeExpected(bare, { warnings: [] });
    const b = await runCli(["verify", bare, "--json"]);
    expect(b.code).toBe(1);
    expect(b.json.data.scenarios[0].differences).toEqual([{ path: "ok", expected: true, actual: false }]);
    // Saying the refusal is expected passes, in any of the three ways.
    for (const expected of [{ exitCode: 1 }, { ok: false }, { error: { code: "E_UNEXPECTED_ROUND" } }]) {
      await writeExpected(dir, expected);
      const r = await runCli(["verify", dir, "--json"]);
      expect(r.code, `${JSON.stringify(expected)} ${JSON.stringify(r.json.data.scenarios[0].differences)}`).toBe(0);
    }
    // A counted session still passes an expectation of its warnings alone.
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    await writeExpected(dir, { warnings: [] });
    expect((await runCli(["verify", dir])).code).toBe(0);
  });

  it("a value of another type is a difference, though loosely equal: \"42\" is not 42, 1 is not true", async () => {
    const dir = await scratchCopy(NORMAL);
    await writeExpected(dir, { data: { final: 1, attendance: { present: "42" }, rounds: [{ issued: 42 }] } });
    const r = await runCli(["verify", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.data.scenarios[0].differences).toEqual([
      { path: "data.final", expected: 1, actual: true },
      { path: "data.attendance.present", expected: "42", actual: 42 },
    ]);
  });

  it("data beside top-level data keys is its own mistake, named at each top-level key", async () => {
    const dir = await scratchCopy(NORMAL);
    await writeExpected(dir, '{\n  "data": {"final": true},\n  "selected": ["Q01"],\n  "final": true\n}');
    const r = await runCli(["verify", dir, "--json"]);
    expect(r.code).toBe(1);
    const problems = r.json.data.scenarios[0].problems;
    expect(problems.map((p: { code: string; line: number; column: number }) => `${p.code} ${p.line}:${p.column}`))
      .toEqual(["E_EXPECTED_BOTH_FORMS 3:3", "E_EXPECTED_BOTH_FORMS 4:3"]);
    expect(problems[0].message).toContain("“selected”");
    expect(problems[0].hint).not.toContain("拼写");
    const en = await runCli(["verify", dir, "--lang", "en"]);
    expect(en.stderr).toMatch(/expected\.json:3:3 E_EXPECTED_BOTH_FORMS The data key “selected”/);
  });
});
