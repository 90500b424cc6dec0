// Inputs are never modified (SPEC §2): -o may not send the outputs into the session folder itself, nor
// onto a file the command reads.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

describe("the output folder", () => {
  it("may not be another session's folder either: exit 1, nothing written there", async () => {
    const one = await scratchCopy(path.join(SEEDS, "township-2026"));
    const other = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const before = await snapshot(other);
    const r = await runCli(["tally", one, "-o", other, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_OUT_IS_SESSION" });
    expect(r.json.error.diagnostics[0].message).toContain("另一个会议文件夹");
    expect(await snapshot(other)).toEqual(before);
  });

  it("may not be another session folder's own out/: its official results are not replaced", async () => {
    const a = await scratchCopy(path.join(SEEDS, "township-2026"));
    const b = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    expect((await runCli(["tally", a])).code).toBe(0);
    const before = await snapshot(a);
    // Paths as typed from where the command runs; a folder outside it is named whole.
    const r = await runCli(["tally", b, "-o", path.join(a, "out"), "--json"], { cwd: path.dirname(a) });
    expect(r.code).toBe(1);
    const [out, town] = [path.join(path.basename(a), "out"), path.basename(a)];
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_OUT_OTHER_SESSION", file: out, message: `输出文件夹 ${out} 是会议 ${town} 自己的输出文件夹：两个会议共用一个输出文件夹，SHA256SUMS 就无法核对` });
    const elsewhere = await runCli(["tally", b, "-o", path.join(a, "out"), "--json"], { cwd: b });
    expect(elsewhere.json.error.diagnostics[0].file).toBe(path.join(a, "out"));
    expect(await snapshot(a)).toEqual(before);
    expect((await runCli(["audit", a])).code).toBe(0);
    // Through a link to it, or a folder inside it, likewise.
    const link = path.join(path.dirname(a), "a-out");
    await fs.symlink(path.join(a, "out"), link);
    for (const out of [link, path.join(a, "out", "sub")]) {
      const through = await runCli(["tally", b, "-o", out, "--json"]);
      expect(through.json.error.diagnostics[0].code, out).toBe("E_OUT_OTHER_SESSION");
    }
    expect(await snapshot(a)).toEqual(before);
  });

  it("a session folder holding the session as -o is said to be a session folder (E_OUT_IS_SESSION), as batch says it", async () => {
    const nest = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.cp(path.join(SEEDS, "tie-runoff"), path.join(nest, "T1"), { recursive: true });
    for (const command of ["tally", "batch"]) {
      const r = await runCli([command, path.join(nest, "T1"), "-o", nest, "--json"]);
      expect(r.json.error.diagnostics[0].code, command).toBe("E_OUT_IS_SESSION");
    }
  });

  it("may not hold the session folder (-o . from the folder above it): audit could never check it", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const parent = path.dirname(dir);
    for (const command of ["tally", "ballot", "check"]) {
      const before = await snapshot(parent);
      const r = await runCli([command, path.basename(dir), "-o", ".", "--json"], { cwd: parent });
      if (command === "check") { expect(r.code).toBe(0); continue; } // check writes nothing: -o is unused
      expect(r.code, command).toBe(1);
      expect(r.json.error.diagnostics[0], command).toMatchObject({ code: "E_OUT_HOLDS_SESSION", file: ".", message: `输出文件夹 . 里含有会议文件夹 ${path.basename(dir)}：写出的结果会和会议的输入文件混在一起，audit 也无法核对这个输出文件夹` });
      expect(await snapshot(parent), command).toEqual(before);
    }
  });

  it("no -o, out/ a link to another session's folder: said to be that link, and to remove it (or use -o)", async () => {
    const one = await scratchCopy(path.join(SEEDS, "township-2026"));
    const other = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.symlink(path.relative(one, other), path.join(one, "out"));
    const before = await snapshot(other);
    const r = await runCli(["tally", one, "--json"]);
    expect(r.code).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_OUT_IS_SESSION", message: `out 是一个指向另一个会议文件夹 ${path.relative(one, other)}（里面有 session.json）的链接：写出的文件会和那个会议的输入文件混在一起` });
    expect(d.hint).toBe("删除这个链接 out（只删链接，它指向的文件夹不受影响），piaojue 会新建 out 文件夹；或用 -o 指定另一个文件夹");
    expect(d.hint).not.toContain("不加 -o");
    expect(await snapshot(other)).toEqual(before);
  });

  it("may not be an evaluation's folder: a tally would replace the results.csv it evaluates", async () => {
    const one = await scratchCopy(path.join(SEEDS, "township-2026"));
    const evaluation = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    const before = await snapshot(evaluation);
    const r = await runCli(["tally", one, "-o", evaluation, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_OUT_IS_SESSION" });
    expect(r.json.error.diagnostics[0].message).toBe("输出文件夹是另一个会议文件夹（里面有 evaluation.json）：写出的文件会和那个会议的输入文件混在一起");
    expect(await snapshot(evaluation)).toEqual(before);
  });

  it("its own out/ holding a session's inputs: the hint says to clear out/, not to leave out an -o that was not given", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(dir, "out"), { recursive: true });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_OUT_IS_SESSION", hint: "out/ 是写出结果的地方，里面却有 session.json：把 out/ 里的文件移到别处保存（或删除 out/），再运行；也可以用 -o 指定另一个文件夹" });
    // Given with -o, another session's folder keeps the hint to leave out -o.
    const other = await scratchCopy(path.join(SEEDS, "township-2026"));
    const o = await runCli(["tally", dir, "-o", other, "--json"]);
    expect(o.json.error.diagnostics[0].hint).toBe("不加 -o（写到会议文件夹下的 out/），或用 -o 指定另一个文件夹");
    // batch, whose own out/ is one of the towns.
    const root = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rename(path.join(root, "session.json"), path.join(root, "moved.json"));
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, "out"), { recursive: true });
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, "镇"), { recursive: true });
    const b = await runCli(["batch", root, "--json", "--lang", "en"]);
    expect(b.code).toBe(1);
    expect(b.json.error.diagnostics[0]).toMatchObject({ code: "E_OUT_IS_SESSION", hintEn: expect.stringMatching(/^out\/ is where the results are written, yet it holds session\.json/) });
  });

  it("may not be the session folder itself (progress -o . run inside it): exit 1, nothing written", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "progress-2026"));
    const before = await snapshot(dir);
    const r = await runCli(["progress", "-o", ".", "--json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_OUT_IS_SESSION"]);
    expect(await snapshot(dir)).toEqual(before);
    // The same folder spelt another way, and through a link to it.
    const township = await scratchCopy(path.join(SEEDS, "township-2026"));
    const link = path.join(path.dirname(township), "link");
    await fs.symlink(township, link);
    const unchanged = await snapshot(township);
    for (const out of [path.join(township, "sub", ".."), link]) {
      const t = await runCli(["tally", township, "-o", out, "--json"]);
      expect(t.code, out).toBe(1);
      expect(t.json.error.diagnostics[0].code).toBe("E_OUT_IS_SESSION");
    }
    expect(await snapshot(township)).toEqual(unchanged);
  });

  it("may not hold a file the command reads: evaluate -o into the folder of its project list", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "evaluation-2027"));
    await fs.mkdir(path.join(dir, "lists"));
    await fs.rename(path.join(dir, "results.csv"), path.join(dir, "lists", "satisfaction.csv"));
    const config = JSON.parse(await fs.readFile(path.join(dir, "evaluation.json"), "utf8"));
    await fs.writeFile(path.join(dir, "evaluation.json"), JSON.stringify({ ...config, projects: "lists/satisfaction.csv" }, null, 2));
    expect((await runCli(["evaluate", dir, "-o", path.join(dir, "other")])).code).toBe(0);
    const before = await snapshot(dir);
    const r = await runCli(["evaluate", dir, "-o", path.join(dir, "lists"), "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_OUT_OVERWRITES_INPUT" });
    expect(r.json.error.diagnostics[0].message).toContain("satisfaction.csv");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("holds one session folder's outputs: another session's command beside this one's records is refused, nothing written", async () => {
    const a = await scratchCopy(path.join(SEEDS, "township-2026"));
    const b = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const shared = path.join(path.dirname(a), "shared-out");
    expect((await runCli(["tally", a, "-o", shared])).code).toBe(0);
    expect((await runCli(["ballot", a, "-o", shared])).code).toBe(0);
    const before = await snapshot(shared);
    // b's tally would replace a's tally record but stand beside a's ballot record: SHA256SUMS could not be checked.
    for (const other of [b, path.join(path.dirname(a), "乙镇")]) {
      if (other !== b) await fs.cp(b, other, { recursive: true }); // a sibling folder too (a county's loop over its towns)
      const r = await runCli(["tally", other, "-o", shared, "--json"]);
      expect(r.code, other).toBe(1);
      expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_OUT_OTHER_SESSION" });
      expect(await snapshot(shared)).toEqual(before);
    }
    // The same session again still writes there, and audit passes.
    expect((await runCli(["tally", a, "-o", shared])).code).toBe(0);
    expect((await runCli(["audit", a, "-o", shared])).code).toBe(0);
  });

  it("may be reused by another session when its command replaces the only record there (SPEC §10: a command replaces its own files)", async () => {
    const a = await scratchCopy(path.join(SEEDS, "township-2026"));
    const b = path.join(path.dirname(a), "tie-runoff");
    await fs.cp(path.join(SEEDS, "tie-runoff"), b, { recursive: true });
    const shared = path.join(path.dirname(a), "shared-out");
    expect((await runCli(["tally", a, "-o", shared])).code).toBe(0);
    const r = await runCli(["tally", b, "-o", shared, "--json"]);
    expect(r.code).toBe(0);
    // What is left is b's alone, and checks from b; audited from a, it says whose it is.
    expect((await runCli(["audit", b, "-o", shared])).code).toBe(0);
    const fromA = await runCli(["audit", a, "-o", shared, "--json"]);
    expect(fromA.code).toBe(1);
    expect(fromA.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_AUDIT_OTHER_SESSION"]);
  });

  it("knows its own session folder reached through a link: out/ written through one is the session's own", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const deep = path.join(path.dirname(dir), "deep", "x");
    await fs.mkdir(deep, { recursive: true });
    await fs.symlink(dir, path.join(deep, "L"));
    expect((await runCli(["tally", dir, "-o", path.join(deep, "L", "out")])).code).toBe(0);
    expect((await runCli(["ballot", dir])).code).toBe(0);
    expect((await runCli(["tally", dir])).code).toBe(0);
    expect((await runCli(["audit", dir])).code).toBe(0);
  });

  // A file given for -o: the commands that only read there say so as the writing ones do (E_WRITE, "同名的
  // 文件"), not that nothing was tallied or audited yet (with a hint to tally -o that file, which fails).
  for (const argv of [["audit"], ["progress", "--plan"]]) {
    it(`${argv.join(" ")} -o a file, or a folder below one: exit 1, E_WRITE saying a file is in the way, nothing written`, async () => {
      const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
      expect((await runCli(["tally", dir])).code).toBe(0);
      const file = path.join(path.dirname(dir), "afile");
      await fs.writeFile(file, "x\n");
      const before = await snapshot(path.dirname(dir));
      for (const out of [file, path.join(file, "sub")]) {
        const r = await runCli([argv[0]!, dir, ...argv.slice(1), "-o", out, "--json"]);
        expect(r.code, r.stdout).toBe(1);
        expect(r.json.error.code).toBe("E_WRITE");
        expect(r.json.error.diagnostics).toHaveLength(1);
        expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_WRITE", file: out });
        expect(r.json.error.diagnostics[0].message).toContain("同名的文件");
        const en = await runCli([argv[0]!, dir, ...argv.slice(1), "-o", out, "--lang", "en"]);
        expect(en.stderr).toContain("a file is in the way");
      }
      expect(await snapshot(path.dirname(dir))).toEqual(before);
      // The writing commands say the same.
      const tally = await runCli(["tally", dir, "-o", file, "--json"]);
      expect(tally.json.error.diagnostics[0]).toMatchObject({ code: "E_WRITE", file, message: (await runCli([argv[0]!, dir, ...argv.slice(1), "-o", file, "--json"])).json.error.diagnostics[0].message });
      // Typed from the folder above, it is named so.
      const typed = await runCli(["tally", path.basename(dir), "-o", path.join("afile", "sub"), "--json"], { cwd: path.dirname(dir) });
      expect(typed.json.error.diagnostics[0]).toMatchObject({ code: "E_WRITE", file: path.join("afile", "sub") });
    });
  }
});
