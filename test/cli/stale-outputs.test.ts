// Each command replaces its own files in out/ (SPEC §10): a file it wrote last time and does not write now
// is removed with the new set, so out/ never keeps an out-of-date figure that audit cannot account for.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, ROOT, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

/** The ballots of five deputies (7 in all) on A and B, one seat; `rows` given, or the count below. */
const ballots = (rows: string[]) => ["A,B", ...rows, ""].join("\n");

/** A needs 4 of 7 and has 3: a runoff for the one seat, until a correction finds A's 4th approval. */
function shortOfOne(): Promise<string> {
  const session = { title: "复核测试", date: "2026-01-15", deputies: { total: 7, present: 5 }, issued: [5, 5], rules: { formal: 1, order: "as-listed" } };
  return makeSession({
    "session.json": JSON.stringify(session),
    "candidates.csv": "编号,项目名称\nA,甲项目\nB,乙项目\n",
    "ballots.csv": ballots(["○,", "○,", "○,", ",○", ",○"]),
  });
}

describe("outputs a command no longer writes", () => {
  it("batch removes its batch-progress.csv once no township has a plan, and audit passes its summaries", async () => {
    const township = await scratchCopy(path.join(SEEDS, "township-2026"));
    const root = path.dirname(township);
    for (const name of ["plan.csv", "progress.csv", "progress.json"]) await fs.copyFile(path.join(SEEDS, "progress-2026", name), path.join(township, name));
    expect((await runCli(["batch", root])).code).toBe(0);
    const out = path.join(root, "out");
    expect((await fs.readdir(out)).sort()).toContain("batch-progress.csv");
    await fs.rm(path.join(township, "plan.csv"));
    expect((await runCli(["batch", root])).code).toBe(0);
    expect(await fs.readdir(out)).not.toContain("batch-progress.csv");
    const audit = JSON.parse(await fs.readFile(path.join(out, "audit.json"), "utf8"));
    expect(Object.keys(audit.commands.batch.outputs).some((p) => p.includes("batch-progress"))).toBe(false);
    expect(await fs.readFile(path.join(out, "SHA256SUMS"), "utf8")).not.toContain("batch-progress.csv");
    const r = await runCli(["audit", root, "--json"]);
    expect(r.json.data.checks.every((c: { ok: boolean }) => c.ok), r.stdout).toBe(true);
    // The township's own out/ (audited with the root's) still holds the progress batch wrote while it had a
    // plan, which no longer follows from its inputs: said, as `audit` of the township says it.
    const [town] = r.json.data.towns;
    expect(town.ok).toBe(false);
    expect(town.checks.flatMap((c: { problems: { code: string }[] }) => c.problems.map((p) => p.code)).sort()).toEqual(["E_AUDIT_INPUT_MISSING", "E_AUDIT_RECOUNT_FAILED"]);
  });

  it("keeps a file another command's record lists, and every other command's files", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const before = (await fs.readdir(path.join(dir, "out"))).sort();
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await fs.readdir(path.join(dir, "out"))).sort()).toEqual(before);
    expect((await runCli(["audit", dir])).code).toBe(0);
  });

  it("runoff and ballot drop a runoff ballot that a corrected count made needless, and audit passes", async () => {
    // A needs 4 of 7 and has 3: a runoff for the one seat. Then the counters find a 4th approval for A.
    const dir = await shortOfOne();
    const out = path.join(dir, "out");
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect((await runCli(["ballot", dir])).code).toBe(0);
    expect(await fs.readdir(out)).toContain("ballot-r2.html");
    expect((await runCli(["audit", dir])).code).toBe(0);

    await fs.writeFile(path.join(dir, "ballots.csv"), ballots(["○,", "○,", "○,", "○,", ",○"]));
    expect((await runCli(["tally", dir])).code).toBe(0);
    // Until then audit fails, and its hint names the commands as they were run (a plain ballot, not --round 2).
    const stale = await runCli(["audit", dir]);
    expect(stale.code).toBe(1);
    // (ballot printed round 2 after runoff did: its record replaced the runoff's, which wrote the same files.)
    expect(stale.stderr).toContain(`重新运行 piaojue ballot ${path.relative(ROOT, dir)}，`);
    const runoff = await runCli(["runoff", dir, "--json"]);
    expect(runoff.code).toBe(0);
    expect(runoff.json.data.required).toBe(false);
    // ballot's record of round 2 goes with runoff's: the same ballot, of a round no longer held.
    let audit = JSON.parse(await fs.readFile(path.join(out, "audit.json"), "utf8"));
    expect(Object.keys(audit.commands).sort()).toEqual(["tally"]);
    expect((await fs.readdir(out)).filter((f) => f.includes("r2"))).toEqual([]);
    expect((await runCli(["ballot", dir])).code).toBe(0);
    audit = JSON.parse(await fs.readFile(path.join(out, "audit.json"), "utf8"));
    expect(Object.keys(audit.commands).sort()).toEqual(["ballot", "tally"]);
    const left = await fs.readdir(out);
    expect(left.filter((f) => f.includes("r2"))).toEqual([]);
    expect(await fs.readFile(path.join(out, "SHA256SUMS"), "utf8")).not.toContain("-r2");
    const r = await runCli(["audit", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("after a correction, runoff and ballot drop the other's ballot of a round no longer needed (enter --issued, ballot --round 2 between)", async () => {
    // A20 B18 C17 D17 E5 of 28, three to select: C and D tie for the third seat. Then D is found to have 16.
    const counts = (d: number) => ({ A: 20, B: 18, C: 17, D: d, E: 5 });
    const ballots = (votes: Record<string, number>) => {
      const rows: string[][] = Array.from({ length: 28 }, () => ["", "", "", "", ""]);
      // Each approval in turn goes to the next row: no row approves more than three.
      let p = 0;
      Object.values(votes).forEach((n, column) => { for (let i = 0; i < n; i++) rows[p++ % 28]![column] = "○"; });
      return ["A,B,C,D,E", ...rows.map((r) => r.join(",")), ""].join("\n");
    };
    const session = { title: "复核测试", date: "2026-01-15", deputies: { total: 30, present: 28 }, issued: [28], rules: { formal: 3, order: "as-listed" } };
    const dir = await makeSession({
      "session.json": JSON.stringify(session),
      "candidates.csv": "编号,项目名称\nA,甲\nB,乙\nC,丙\nD,丁\nE,戊\n",
      "ballots.csv": ballots(counts(17)),
    });
    const out = path.join(dir, "out");
    const roundTwo = async () => (await fs.readdir(out)).filter((f) => f.includes("r2"));
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect((await runCli(["enter", dir, "--issued", "28", "--round", "2"])).code).toBe(0);
    expect((await runCli(["ballot", "--round", "2", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots(counts(16)));
    expect((await runCli(["tally", dir])).code).toBe(0);
    const runoff = await runCli(["runoff", dir]);
    expect(runoff.code).toBe(0);
    expect(runoff.stdout).toContain("不需要决选");
    expect(await roundTwo()).toEqual([]);
    const audit = JSON.parse(await fs.readFile(path.join(out, "audit.json"), "utf8"));
    expect(Object.keys(audit.commands).sort()).toEqual(["tally"]);
    const r = await runCli(["audit", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("after a correction, ballot drops runoff's ballot of a round no longer needed", async () => {
    const dir = await shortOfOne();
    const out = path.join(dir, "out");
    expect((await runCli(["tally", dir])).code).toBe(4);
    expect((await runCli(["runoff", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots.csv"), ballots(["○,", "○,", "○,", "○,", ",○"]));
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await runCli(["ballot", dir])).code).toBe(0);
    expect((await fs.readdir(out)).filter((f) => f.includes("r2"))).toEqual([]);
    const audit = JSON.parse(await fs.readFile(path.join(out, "audit.json"), "utf8"));
    expect(Object.keys(audit.commands).sort()).toEqual(["ballot", "tally"]);
    const r = await runCli(["audit", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("audit's hint reprints a voted round's ballot with --round K (a plain ballot would print round 1)", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const r2 = await fs.readFile(path.join(dir, "ballots-r2.csv"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    expect((await runCli(["ballot", dir])).code).toBe(0);
    await fs.writeFile(path.join(dir, "ballots-r2.csv"), r2);
    // 发出 of round 2 corrected after its count sheet was printed.
    const file = path.join(dir, "session.json");
    const session = JSON.parse(await fs.readFile(file, "utf8"));
    await fs.writeFile(file, JSON.stringify({ ...session, issued: [42, 43] }));
    expect((await runCli(["tally", dir])).code).toBe(0);
    const r = await runCli(["audit", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("重新运行 piaojue ballot --round 2");
    expect((await runCli(["ballot", dir, "--round", "2"])).code).toBe(0);
    expect((await runCli(["audit", dir])).code).toBe(0);
  });

  it("a void vote drops no runoff ballot: a correction may bring the vote back", async () => {
    const session = { title: "复核测试", date: "2026-01-15", deputies: { total: 7, present: 5 }, issued: [5, 5], rules: { formal: 1, order: "as-listed" } };
    const dir = await makeSession({
      "session.json": JSON.stringify(session),
      "candidates.csv": "编号,项目名称\nA,甲项目\nB,乙项目\n",
      "ballots.csv": "A,B\n○,\n○,\n○,\n,○\n,○\n",
    });
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const out = await snapshot(path.join(dir, "out"));
    // A typo in 实到 makes the vote void (quorum): runoff and ballot keep round 2's files.
    await fs.writeFile(path.join(dir, "session.json"), JSON.stringify({ ...session, deputies: { total: 7, present: 3 } }));
    expect((await runCli(["runoff", dir])).code).toBe(3);
    expect(await snapshot(path.join(dir, "out"))).toEqual(out);
    expect((await runCli(["ballot", dir])).code).toBe(0);
    const audit = JSON.parse(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8"));
    // (ballot-r2 replaced runoff-r2 when ballot printed round 2 before the typo: the same files.)
    expect(Object.keys(audit.commands).sort()).toEqual(["ballot", "ballot-r2"]);
  });

  it("runoff with no runoff to drop writes nothing, and makes no out/", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const elsewhere = path.join(path.dirname(dir), "elsewhere");
    expect((await runCli(["runoff", dir, "-o", elsewhere])).code).toBe(0);
    await expect(fs.stat(elsewhere)).rejects.toThrow();
    expect((await runCli(["tally", dir])).code).toBe(0);
    const before = await fs.readFile(path.join(dir, "out", "audit.json"), "utf8");
    const touched = (await fs.stat(path.join(dir, "out"))).mtimeMs;
    expect((await runCli(["runoff", dir])).code).toBe(0);
    expect(await fs.readFile(path.join(dir, "out", "audit.json"), "utf8")).toBe(before);
    // Not even locked: no lock file or staging folder was made and removed (which would need write access).
    expect((await fs.stat(path.join(dir, "out"))).mtimeMs).toBe(touched);
    // Nor in another session's out/ (a shared -o), which is not refused for nothing.
    const other = await scratchCopy(path.join(SEEDS, "township-2026"));
    const shared = await snapshot(path.join(dir, "out"));
    expect((await runCli(["runoff", other, "-o", path.join(dir, "out")])).code).toBe(0);
    expect(await snapshot(path.join(dir, "out"))).toEqual(shared);
  });
});
