// Audit records that say what was printed, and hints that name what to do: a reprint of round 1 recorded as
// round 1, the command that really replaces a stale record, next-step lines as the clerk types them, and
// hints that speak of the file or round they are about.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { sumsText } from "../../src/io/audit-trail.js";
import { makeSession, ROOT, runCli, scratchCopy, SEEDS } from "../helpers.js";

/** Nine ballots, two seats: A 8, B 6, C 3, D 1 (A and B selected); `last` is ballot 009's row. */
const ballots = (last: string) => ["票号,作废,A,B,C,D", ...["○,○,,", "○,○,,", "○,○,,", "○,○,,", "○,○,,", "○,,○,", "○,,○,", "○,,,○"].map((r, i) => `00${i + 1},,${r}`), `009,,${last}`, ""].join("\n");
const DECIDED = ",○,○,";
/** The correction: ballot 009 approves C and D, not B and C; B drops to 5, a runoff among B, C, D for one seat. */
const CORRECTED = ",,○,○";

function session(extra: Record<string, string> = {}, issued = [9]): Promise<string> {
  return makeSession({
    "session.json": JSON.stringify({ title: "复核测试", date: "2026-01-15", deputies: { total: 10, present: 9 }, issued, rules: { formal: 2, order: "as-listed" } }),
    "candidates.csv": "编号,项目名称\nA,甲\nB,乙\nC,丙\nD,丁\n",
    ...extra,
  });
}

type Trail = { commands: Record<string, { options?: Record<string, unknown> }> };
const trailOf = async (dir: string) => JSON.parse(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8")) as Trail;

describe("round 1's ballot printed again once the vote is decided", () => {
  it("is recorded as round 1: a correction that makes a runoff pending leaves audit replaying round 1", async () => {
    const dir = await session({ "ballots.csv": ballots(DECIDED) });
    expect((await runCli(["tally"], { cwd: dir })).code).toBe(0);
    const reprint = await runCli(["ballot"], { cwd: dir });
    expect(reprint.stdout).toContain("重新印制第 1 轮的表决票存档");
    expect((await trailOf(dir)).commands["ballot"]!.options).not.toHaveProperty("round");
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots(CORRECTED));
    expect((await runCli(["tally"], { cwd: dir })).code).toBe(4);
    const audit = await runCli(["audit", "--json"], { cwd: dir });
    expect(audit.code, audit.stderr).toBe(0);
    // The ballot's outputs follow from the corrected file as well: said, with a hint about this file only.
    const reread = audit.json.warnings.find((w: { code: string }) => w.code === "W_AUDIT_INPUT_REREAD");
    expect(reread.file).toBe("ballots.csv");
    expect(reread.hint).not.toContain("session.json");
  });

  it("an older trail's reprint (recorded as the round pending) is replaced by ballot --round 1, as its hints say", async () => {
    const dir = await session({ "ballots.csv": ballots(DECIDED) });
    expect((await runCli(["tally"], { cwd: dir })).code).toBe(0);
    expect((await runCli(["ballot"], { cwd: dir })).code).toBe(0);
    // As the reprint was recorded before: { round: null }, "the round pending".
    const doc = await trailOf(dir);
    doc.commands["ballot"]!.options = { round: null, ...doc.commands["ballot"]!.options };
    const trail = JSON.stringify(doc, null, 2) + "\n";
    await fs.writeFile(path.join(dir, "out", "audit.json"), trail);
    await fs.writeFile(path.join(dir, "out", "SHA256SUMS"), sumsText(doc as never));
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots(CORRECTED));
    expect((await runCli(["tally"], { cwd: dir })).code).toBe(4);
    const stale = await runCli(["audit", "--json"], { cwd: dir });
    expect(stale.code).toBe(1);
    const hints = Object.fromEntries(stale.json.error.diagnostics.map((d: { code: string; hint: string }) => [d.code, d.hint]));
    expect(Object.keys(hints).sort()).toEqual(["E_AUDIT_INPUT_CHANGED", "E_AUDIT_RECOUNT_DIFFERS"]);
    for (const hint of Object.values(hints)) expect(hint).toContain("重新运行 piaojue ballot --round 1");
    expect((await runCli(["ballot", "--round", "1"], { cwd: dir })).code).toBe(0);
    const audit = await runCli(["audit"], { cwd: dir });
    expect(audit.code, audit.stderr).toBe(0);
  });
});

describe("hints about a later round", () => {
  it("a runoff round's issued beyond those present has a hint, and says the round may no longer be needed", async () => {
    const dir = await session({ "ballots.csv": ballots(DECIDED) }, [9, 9]);
    const r = await runCli(["enter", "--present", "8", "--json"], { cwd: dir });
    expect(r.code).toBe(0);
    const over = r.json.warnings.find((w: { code: string; message: string }) => w.code === "W_ISSUED_EXCEEDS_PRESENT" && w.message.startsWith("第 2 轮"));
    expect(over.message).toBe("第 2 轮发出 9 张票，多于出席代表 8 人");
    expect(over.hint).toContain("已不需要第 2 轮");
    expect(over.hint).toContain("piaojue enter --issued N --round 2");
  });

  it("E_COUNTED_MISSING's example keeps round 1's hand count", async () => {
    const dir = await session({
      "counts.csv": "编号,赞成,反对,弃权\nA,7,0,1\nB,5,0,3\nC,3,0,5\nD,1,0,7\n",
      "counts-r2.csv": "编号,赞成,反对,弃权\nB,5,0,4\nC,3,0,6\nD,1,0,8\n",
    }, [9, 9]);
    const json = JSON.parse(await fs.readFile(path.join(dir, "session.json"), "utf8"));
    await fs.writeFile(path.join(dir, "session.json"), JSON.stringify({ ...json, counted: [{ returned: 9, void: 1 }] }));
    const r = await runCli(["tally", "--json"], { cwd: dir });
    const missing = r.json.error.diagnostics.find((d: { code: string }) => d.code === "E_COUNTED_MISSING");
    expect(missing.hint).toContain('[{"returned": 9, "void": 1}, {"returned": 9, "void": 0}]');
  });
});

describe("next-step command lines", () => {
  it("name no folder when the clerk stands in it, with -o elsewhere", async () => {
    const dir = await session({ "ballots.csv": ballots(CORRECTED) });
    const r = await runCli(["tally", "-o", "other"], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stdout).toContain("运行 piaojue runoff -o other 生成决选票");
  });

  it("name batch's root always: it has no default", async () => {
    const township = await scratchCopy(path.join(SEEDS, "township-2026"));
    const root = path.dirname(township);
    expect((await runCli(["batch", "."], { cwd: root })).code).toBe(0);
    await fs.appendFile(path.join(township, "candidates.csv"), "\n");
    const r = await runCli(["audit", "--json"], { cwd: root });
    expect(r.code).toBe(1);
    const hints = r.json.error.diagnostics.map((d: { hint: string }) => d.hint).join("\n");
    expect(hints).toContain("重新运行 piaojue batch .");
    expect(hints).not.toMatch(/piaojue batch(?! \.)/);
  });
});

describe("README", () => {
  it("shows E_UNEXPECTED_ROUND as the tool writes it", async () => {
    const dir = await session({ "ballots.csv": ballots(DECIDED), "ballots-r3.csv": ballots(DECIDED) });
    const r = await runCli(["tally"], { cwd: dir });
    const written = /^错误 (\S+) E_UNEXPECTED_ROUND/m.exec(r.stderr)?.[0];
    expect(written).toBe("错误 ballots-r3.csv:1:1 E_UNEXPECTED_ROUND");
    expect(await fs.readFile(path.join(ROOT, "README.md"), "utf8")).toContain(`\`${written} …\``);
  });
});
