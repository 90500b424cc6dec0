// Each command replaces its own files in out/ (SPEC §10): a file it wrote last time and does not write now
// is removed with the new set, so out/ never keeps an out-of-date figure that audit cannot account for.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, ROOT, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

describe("outputs a command no longer writes", () => {
  it("batch removes its batch-progress.csv once no township has a plan, and audit passes", async () => {
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
    const r = await runCli(["audit", root]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
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
    const session = { title: "复核测试", date: "2026-01-15", deputies: { total: 7, present: 5 }, issued: [5, 5], rules: { formal: 1, order: "as-listed" } };
    const ballots = (rows: string[]) => ["A,B", ...rows, ""].join("\n");
    const dir = await makeSession({
      "session.json": JSON.stringify(session),
      "candidates.csv": "编号,项目名称\nA,甲项目\nB,乙项目\n",
      "ballots.csv": ballots(["○,", "○,", "○,", ",○", ",○"]),
    });
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
    // ballot-r2.html is also the ballot command's: it stays until ballot drops its record too.
    let audit = JSON.parse(await fs.readFile(path.join(out, "audit.json"), "utf8"));
    expect(Object.keys(audit.commands)).not.toContain("runoff-r2");
    expect((await runCli(["ballot", dir])).code).toBe(0);
    audit = JSON.parse(await fs.readFile(path.join(out, "audit.json"), "utf8"));
    expect(Object.keys(audit.commands).sort()).toEqual(["ballot", "tally"]);
    const left = await fs.readdir(out);
    expect(left.filter((f) => f.includes("r2"))).toEqual([]);
    expect(await fs.readFile(path.join(out, "SHA256SUMS"), "utf8")).not.toContain("-r2");
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
