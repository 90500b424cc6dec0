// Finishing a set a run committed but could not put in place: a file in out/ that cannot be replaced
// (held open by Excel or WPS on Windows; here a folder standing where the file must go, which stops root
// too) is the clerk's to clear, told as E_WRITE naming the file (exit 1), never an internal error.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/diagnostics.js";
import { recoverOutDir, writeOutputSet } from "../../src/io/files.js";
import { FIXTURES, runCli, scratchCopy, snapshot } from "../helpers.js";

const BASE = path.join(FIXTURES, "bad", "base");
const STUCK = "announcement.html";

/** A tallied session whose out/ holds a committed set that cannot be finished while a folder stands at out/announcement.html. */
async function stuckSet(): Promise<{ dir: string; out: string; unblock: () => Promise<void> }> {
  const dir = await scratchCopy(BASE);
  const out = path.join(dir, "out");
  expect((await runCli(["tally", dir])).code).toBe(0);
  const target = path.join(out, STUCK);
  const failure = await writeOutputSet(out, [{ name: STUCK, content: "new" }], [], {
    onStep: async (step) => {
      if (step !== "committed") return;
      await fs.rm(target);
      await fs.mkdir(path.join(target, "in-the-way"), { recursive: true });
    },
  }).then(() => undefined, (e: unknown) => e);
  expect(failure).toBeInstanceOf(InputError);
  const d = (failure as InputError).diagnostics[0]!;
  expect(d.code).toBe("E_WRITE");
  expect(d.params["target"]).toBe(STUCK);
  return { dir, out, unblock: () => fs.rm(target, { recursive: true }) };
}

describe("a committed set that cannot be put in place", () => {
  it("is E_WRITE naming the file, for the run that wrote it and every later writer; the next run after it is cleared finishes it", async () => {
    const { dir, out, unblock } = await stuckSet();
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code, r.stderr).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d.code).toBe("E_WRITE");
    expect(d.message).toContain(STUCK);
    expect(d.hint).toMatch(/Excel、WPS/);
    // out/ is part new, part old until it is completed: the clerk is told not to print or use any of it.
    expect(d.message).toContain("。输出文件夹现在新旧文件混杂：再次运行补完之前，其中的文件都不要打印或使用");
    const en = await runCli(["tally", dir, "--json", "--lang", "en"]);
    expect(en.json.error.diagnostics[0].messageEn).toContain("The output folder now holds a mix of old and new files: print or use none of them until a run completes the set");
    await unblock();
    await recoverOutDir(out);
    expect(await fs.readFile(path.join(out, STUCK), "utf8")).toBe("new");
  });
});

describe("a set that cannot replace one of its targets", () => {
  it("is refused before it is committed: E_WRITE naming the file, out/ exactly as it was, no staging left", async () => {
    const dir = await scratchCopy(BASE);
    const out = path.join(dir, "out");
    expect((await runCli(["tally", dir])).code).toBe(0);
    // A ballot changed, so every output of the next count differs from the old set.
    const ballots = path.join(dir, "ballots.csv");
    await fs.writeFile(ballots, (await fs.readFile(ballots, "utf8")).replace("001,,○,○,×,×", "001,,×,○,○,×"));
    await fs.rm(path.join(out, "summary.xlsx"));
    await fs.mkdir(path.join(out, "summary.xlsx", "in-the-way"), { recursive: true });
    const before = await snapshot(out);
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code, r.stderr).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_WRITE", file: path.join(out, "summary.xlsx") });
    expect(await snapshot(out)).toEqual(before);
    expect((await fs.readdir(out)).filter((n) => n.startsWith(".staging-"))).toEqual([]);
    expect(d.message).toContain("summary.xlsx");
    expect(d.hint).toContain("原有的文件没有改动");
    // Cleared, the same command writes the new set.
    await fs.rm(path.join(out, "summary.xlsx"), { recursive: true });
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await runCli(["audit", dir])).code).toBe(0);
  });
});

describe("a committed set's names", () => {
  it("are acted on only inside out/: a name through a link out of it is left alone", async () => {
    const dir = await scratchCopy(BASE);
    const out = path.join(dir, "out");
    expect((await runCli(["tally", dir])).code).toBe(0);
    const victim = path.join(path.dirname(dir), "victim");
    await fs.mkdir(victim);
    await fs.writeFile(path.join(victim, "victim.txt"), "keep");
    await fs.symlink(victim, path.join(out, "lnk"));
    const staging = path.join(out, ".staging-999999-deadbeef");
    await fs.mkdir(path.join(staging, "lnk"), { recursive: true });
    await fs.writeFile(path.join(staging, "lnk", "planted.txt"), "x");
    await fs.writeFile(path.join(staging, "COMMITTED"), JSON.stringify({ files: ["lnk/planted.txt"], remove: ["lnk/victim.txt"] }));
    expect((await runCli(["check", dir])).code).toBe(0);
    expect(await fs.readdir(victim)).toEqual(["victim.txt"]);
    expect((await fs.readdir(out)).filter((n) => n.startsWith(".staging-"))).toEqual([]);
  });
});

describe("check and audit with a committed set they cannot finish", () => {
  it("check goes on (it does not use out/); audit reports the write as pending", async () => {
    const { dir } = await stuckSet();
    const c = await runCli(["check", dir, "--json"]);
    expect(c.code, c.stdout).toBe(0);
    const a = await runCli(["audit", dir, "--json"]);
    expect(a.code).not.toBe(70);
    const problems = a.json.data.checks.flatMap((k: { problems: { code: string }[] }) => k.problems.map((p) => p.code));
    expect(problems).toContain("E_AUDIT_PENDING_WRITE");
  });

  it("audit that finishes one says so, naming the files it put in place", async () => {
    const { dir, unblock } = await stuckSet();
    await unblock();
    const a = await runCli(["audit", dir, "--json"]);
    const finished = a.json.warnings.find((w: { code: string }) => w.code === "W_AUDIT_FINISHED_WRITE");
    expect(finished?.message).toContain(STUCK);
    expect((await runCli(["audit", "--help"])).stdout).not.toContain("只读，不改动任何文件");
  });

  it("audit that finishes a set with only removals left says what it removed, not nothing", async () => {
    const dir = await scratchCopy(BASE);
    expect((await runCli(["tally", dir])).code).toBe(0);
    const out = path.join(dir, "out");
    // Killed after its renames, before its removals: only the removal is left to do.
    const staging = path.join(out, ".staging-1-a");
    await fs.mkdir(staging);
    await fs.writeFile(path.join(staging, "COMMITTED"), JSON.stringify({ files: [], remove: ["results.csv"] }));
    const a = await runCli(["audit", dir, "--json"]);
    const finished = a.json.warnings.find((w: { code: string }) => w.code === "W_AUDIT_FINISHED_WRITE");
    expect(finished?.message).toBe("上次写出被中断（提交后进程被杀或文件无法替换），核查前已把它补完：删去了 results.csv");
  });
});
