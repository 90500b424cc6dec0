// Each command replaces its own files in out/ (SPEC §10): a file it wrote last time and does not write now
// is removed with the new set, so out/ never keeps an out-of-date figure that audit cannot account for.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, scratchCopy, SEEDS } from "../helpers.js";

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
});
