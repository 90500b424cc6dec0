// A flag that would do nothing is told (a 提醒) or refused (a usage error), not passed over; a count too
// large for any session is said to be too large.
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { SEEDS, runCli, scratchCopy } from "../helpers.js";

const SEED = path.join(SEEDS, "township-2026");

describe("demo --encoding gb18030", () => {
  it("is refused before anything is copied, naming the copy of seeds/", async () => {
    const parent = path.dirname(await scratchCopy(SEED));
    const dm = path.join(parent, "dm");
    mkdirSync(dm);
    const r = await runCli(["demo", "-o", dm, "--encoding", "gb18030"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("seeds/");
    expect(readdirSync(dm)).toEqual([]);
  });
});

describe("a flag that has no effect", () => {
  it("check -o and init -o are told as W_OUT_UNUSED", async () => {
    const check = await runCli(["check", SEED, "-o", "ZZ", "--json"]);
    expect(check.code).toBe(0);
    expect(check.json.warnings).toContainEqual(expect.objectContaining({ code: "W_OUT_UNUSED", file: "ZZ" }));
    const dir = path.join(path.dirname(await scratchCopy(SEED)), "new");
    const init = await runCli(["init", dir, "--title", "T", "--total", "5", "--present", "5", "--formal", "1", "--yes", "-o", "XO"]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain("W_OUT_UNUSED init 把 session.json");
  });
  it("audit --encoding is told: audit reads as audit.json records", async () => {
    const dir = await scratchCopy(SEED);
    expect((await runCli(["tally", dir])).code).toBe(0);
    const r = await runCli(["audit", dir, "--encoding", "gb18030", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_FLAG_UNUSED" }));
    expect((await runCli(["audit", dir, "--json"])).json.warnings).toEqual([]);
  });
  it("progress --plan --as-of and enter --present with the entry's flags are refused", async () => {
    const dir = await scratchCopy(SEED);
    for (const argv of [["progress", dir, "--plan", "--as-of", "2026-06"], ["enter", dir, "--present", "55", "--second", "--returned", "3"], ["enter", dir, "--issued", "55", "--counts"]]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(" ")).toBe(2);
    }
    expect(existsSync(path.join(dir, "plan.csv"))).toBe(false);
  });
});

it("--round far too large says so, not that it is not a positive whole number", async () => {
  const r = await runCli(["tally", SEED, "--round", "99999999999999999999"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("太大");
  expect(r.stderr).not.toContain("正整数");
});

it("a round written with leading zeros is that round: --round 0000001 is round 1, --round 0000000 is refused", async () => {
  const dir = await scratchCopy(SEED);
  const ok = await runCli(["tally", dir, "--round", "0000001", "--json"]);
  expect(ok.code, ok.stdout).toBe(0);
  expect(ok.json.data.rounds.map((r: { round: number }) => r.round)).toEqual([1]);
  const zero = await runCli(["tally", dir, "--round", "0000000"]);
  expect(zero.code).toBe(2);
  expect(zero.stderr).toContain("轮次应为正整数");
});


describe("a folder whose name starts with -", () => {
  it("after -- is an operand: `tally -- --json` tallies the folder --json and reports to a person, no JSON", async () => {
    const parent = path.dirname(await scratchCopy(SEED));
    cpSync(SEED, path.join(parent, "--json"), { recursive: true });
    cpSync(SEED, path.join(parent, "--no-color"), { recursive: true });
    let stdout = "";
    let stderr = "";
    const io = (s: string) => { stdout += s; return true; };
    const tty = { write: (s: string) => { stderr += s; return true; }, isTTY: true };
    const code = await run(["tally", "-o", "o1", "--", "--json"], { stdout: { write: io }, stderr: tty, cwd: parent, env: { FORCE_COLOR: "1" } });
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^\{/);
    expect(stdout).toContain("当选");
    expect(stderr).toContain("\x1b[");
    stderr = "";
    // --no-color after -- is the folder's name: the colours stay on.
    expect(await run(["tally", "-o", "o2", "--", "--no-color"], { stdout: { write: io }, stderr: tty, cwd: parent, env: { FORCE_COLOR: "1" } })).toBe(0);
    expect(stderr).toContain("\x1b[");
  });

  it("given as an option, is refused with how to name it: ./-x", async () => {
    const parent = path.dirname(await scratchCopy(SEED));
    const r = await runCli(["tally", "-x"], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("./-x");
    cpSync(SEED, path.join(parent, "-x"), { recursive: true });
    const named = await runCli(["tally", "-x"], { cwd: parent });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain("未知的选项 -x（名字以 - 开头的文件夹请写成 ./-x）");
    expect((await runCli(["tally", "./-x"], { cwd: parent })).code).toBe(0);
  });
});

it("enter --counts --returned is a usage error, not a --returned passed over: the count sheet asks 收回 itself", async () => {
  const dir = await scratchCopy(SEED);
  const r = await runCli(["enter", dir, "--counts", "--returned", "55"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--returned 不起作用：去掉 --returned");
  expect(existsSync(path.join(dir, "entry"))).toBe(false);
});

describe("an option given twice", () => {
  it("with two values takes the last and says so, on stderr with no place and in --json; the same value twice is no news", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const r = await runCli(["tally", dir, "--round", "1", "--round", "2"]);
    // Round 2 is counted: the last value is the one taken.
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("提醒 W_FLAG_REPEATED --round 给了两次（1 和 2），按后一个 2\n    提示：只写一次 --round；要的若是 1，改正命令后重新运行");
    const j = await runCli(["tally", dir, "--round", "2", "--round", "1", "--json"]);
    expect(j.code).toBe(4);
    expect(j.json.warnings[0]).toMatchObject({ code: "W_FLAG_REPEATED", file: "", message: "--round 给了两次（2 和 1），按后一个 1" });
    const en = await runCli(["tally", dir, "-o", path.join(dir, "o1"), "-o", path.join(dir, "out"), "--lang", "en"]);
    expect(en.stderr).toContain(`warning W_FLAG_REPEATED --out was given twice (${path.join(dir, "o1")} and ${path.join(dir, "out")}); the last, ${path.join(dir, "out")}, is taken`);
    expect(existsSync(path.join(dir, "o1"))).toBe(false);
    const same = await runCli(["tally", dir, "--round", "2", "--round", "2", "--json"]);
    expect(same.json.warnings.map((w: { code: string }) => w.code)).not.toContain("W_FLAG_REPEATED");
  });
});

it("an option whose value is left out before another option says so, not \"too many arguments\": init --allow-equal --title T", async () => {
  const dir = path.join(path.dirname(await scratchCopy(SEED)), "new");
  const r = await runCli(["init", dir, "--yes", "--allow-equal", "--title", "T", "--total", "30", "--present", "25", "--formal", "3"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--allow-equal 后面缺少值：--title 是另一个选项");
  expect(existsSync(dir)).toBe(false);
  const en = await runCli(["init", dir, "--yes", "--allow-equal", "--title", "T", "--lang", "en"]);
  expect(en.stderr).toContain("--allow-equal is missing its value: --title is another option");
  expect((await runCli(["init", dir, "--yes", "--title", "-h"])).stderr).toContain("--title 后面缺少值：-h 是另一个选项");
  // A title that merely starts with dashes is a title.
  const titled = await runCli(["init", dir, "--yes", "--title", "--某镇--", "--total", "30", "--present", "25", "--formal", "1"]);
  expect(titled.code, titled.stderr).toBe(0);
});
