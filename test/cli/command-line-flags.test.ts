// A flag that would do nothing is told (a 提醒) or refused (a usage error), not passed over; a count too
// large for any session is said to be too large.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
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

