// Rules that a one-character slip in the code would break without any other test noticing: each case sits
// on the edge where the wrong code and the right code give different outputs.
import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli } from "../helpers.js";

const CANDIDATES = "编号,项目名称\r\nA,甲\r\nB,乙\r\nC,丙\r\n";
const session = (extra: Record<string, unknown>, rules: Record<string, unknown>) =>
  JSON.stringify({ title: "测试镇人民代表大会", date: "2026-01-15", deputies: { total: 5, present: 5 }, ...extra, rules: { formal: 1, order: "as-listed", ...rules } });

async function resultsRows(dir: string): Promise<string[][]> {
  const text = (await fs.readFile(path.join(dir, "out", "results.csv"), "utf8")).replace(/^\ufeff/, "");
  return text.trimEnd().split("\r\n").map((line) => line.split(","));
}

describe("rules pinned at their edges", () => {
  it("a candidate decided in a runoff shows that round's 赞成率, on that round's valid ballots (threshold none)", async () => {
    // Round 1: A 2, B 2, C 1 on 5 valid ballots: A and B tie for the one seat. Round 2: 4 returned, A 3 of 4 valid, B 1.
    const dir = await makeSession({
      "session.json": session({ issued: [5, 5] }, { threshold: "none" }),
      "candidates.csv": CANDIDATES,
      "ballots.csv": "A,B,C\r\n○,×,×\r\n○,×,×\r\n×,○,×\r\n×,○,×\r\n×,×,○\r\n",
      "ballots-r2.csv": "A,B\r\n○,×\r\n○,×\r\n○,×\r\n×,○\r\n",
    });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.selected).toEqual(["A"]);
    const rows = await resultsRows(dir);
    const rate = rows[0]!.indexOf("赞成率");
    const rateOf = (id: string) => rows.find((row) => row[1] === id)![rate];
    // Round 1 would give A 2/5 or, on round 1's base, 3/5: neither is what round 2 decided.
    expect([rateOf("A"), rateOf("B"), rateOf("C")]).toEqual(["75.0%", "25.0%", "20.0%"]);
  });

  it("a hand-count row that adds up to less than returned − void is refused, as one that adds up to more", async () => {
    const dir = await makeSession({
      "session.json": session({ issued: [5], counted: [{ returned: 5, void: 0 }] }, {}),
      "candidates.csv": CANDIDATES,
      "counts.csv": "编号,赞成,反对,弃权\r\nA,3,1,1\r\nB,1,2,1\r\nC,1,3,1\r\n",
    });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([["E_COUNT_SUM", 3]]);
    await expect(fs.access(path.join(dir, "out"))).rejects.toThrow();
  });

  it("hand counts one approval more than valid × the approval limit are flagged; exactly at it they are not", async () => {
    const counts = (aApprove: number, aAgainst: number) => `编号,赞成,反对,弃权\r\nA,${aApprove},${aAgainst},1\r\nB,3,1,1\r\nC,0,4,1\r\n`;
    const over = await makeSession({ "session.json": session({ issued: [5], counted: [{ returned: 5, void: 0 }] }, {}), "candidates.csv": CANDIDATES, "counts.csv": counts(3, 1) });
    const codes = async (dir: string) => (await runCli(["tally", dir, "--json"])).json.warnings.map((w: { code: string }) => w.code);
    expect(await codes(over)).toContain("W_COUNT_IMPOSSIBLE");
    const at = await makeSession({ "session.json": session({ issued: [5], counted: [{ returned: 5, void: 0 }] }, {}), "candidates.csv": CANDIDATES, "counts.csv": counts(2, 2) });
    expect(await codes(at)).not.toContain("W_COUNT_IMPOSSIBLE");
  });

  it("summary.csv's 正式项目数 is the number chosen so far, 0 while a runoff is pending", async () => {
    const dir = await makeSession({
      "session.json": session({ issued: [5] }, {}),
      "candidates.csv": CANDIDATES,
      "ballots.csv": "A,B,C\r\n○,×,×\r\n○,×,×\r\n○,○,×\r\n×,○,×\r\n×,○,×\r\n",
    });
    const r = await runCli(["tally", dir]);
    expect(r.code, r.stderr).toBe(4);
    const summary = (await fs.readFile(path.join(dir, "out", "summary.csv"), "utf8")).split("\r\n");
    expect(summary).toContain("正式项目数,0");
  });
});
