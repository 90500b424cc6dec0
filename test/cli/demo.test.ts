// piaojue demo never deletes what it did not make: a non-empty target is refused, a file given for -o is a
// clear error, and without -o the copy goes to a new private folder, not a fixed name in shared /tmp.
import { spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli, snapshot } from "../helpers.js";

const temporary: string[] = [];
afterAll(async () => { await Promise.all(temporary.map((d) => fs.rm(d, { recursive: true, force: true }))); });

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-demo-test-"));
  temporary.push(dir);
  return dir;
}

describe("piaojue demo", () => {
  it("refuses -o DIR whose township-2026 holds someone's files, and changes nothing there", async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, "township-2026"));
    await fs.writeFile(path.join(dir, "township-2026", "session.json"), "{\"mine\": true}\n");
    const before = await snapshot(dir);
    const r = await runCli(["demo", "-o", dir, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].code).toBe("E_DEMO_TARGET");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("runs again over its own earlier copy in -o DIR", async () => {
    const dir = await tempDir();
    expect((await runCli(["demo", "-o", dir])).code).toBe(0);
    const again = await runCli(["demo", "-o", dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("当选正式项目 10 个");
  });

  it("--json names the folder of the copy, whose out/ holds the results", async () => {
    const dir = await tempDir();
    const r = await runCli(["demo", "-o", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.data.session).toBe(path.join(dir, "township-2026"));
    await expect(fs.stat(path.join(r.json.data.session, "out", "results.csv"))).resolves.toBeTruthy();
  });

  it("goes through the clerk's flow: check, print the ballots, enter, count, audit", async () => {
    const dir = await tempDir();
    const r = await runCli(["demo", "-o", dir]);
    expect(r.code, r.stderr).toBe(0);
    const steps = ["① 检查", "② 印票", "③ 录入", "④ 计票与结果", "⑤ 核查写出的文件", "⑥ 关于下面的提醒"].map((s) => r.stdout.indexOf(`\n${s}`));
    expect(steps.every((at, i) => at > 0 && (i === 0 || at > steps[i - 1]!)), r.stdout).toBe(true);
    // Printed before the ballots came in: round 1's ballot, not a reprint of a decided vote.
    expect(r.stdout).not.toContain("票决已有结果");
    expect(r.stdout).toContain("示例的 55 张收回的表决票放入 ballots.csv");
    expect(r.stdout).toContain("核查通过");
    const out = path.join(dir, "township-2026", "out");
    for (const name of ["ballot.html", "ballots-template.csv", "count-sheet.html", "results.csv", "announcement.html"]) {
      await expect(fs.stat(path.join(out, name))).resolves.toBeTruthy();
    }
    expect((await runCli(["audit", path.join(dir, "township-2026")])).code).toBe(0);
  });

  it("takes up again a copy an earlier demo left without its ballots", async () => {
    const dir = await tempDir();
    expect((await runCli(["demo", "-o", dir])).code).toBe(0);
    await fs.rm(path.join(dir, "township-2026", "ballots.csv"));
    const again = await runCli(["demo", "-o", dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("当选正式项目 10 个");
  });

  it("-o FILE is a clear error, not an internal one", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "a-file");
    await fs.writeFile(file, "x");
    const r = await runCli(["demo", "-o", file, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_DEMO_TARGET" });
    expect(await fs.readFile(file, "utf8")).toBe("x");
  });

  it("without -o works in a new private folder under the temp folder, a different one each run", async () => {
    const runs = [await runCli(["demo"]), await runCli(["demo"])];
    const folders = runs.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      const m = /副本在 (.+?)）/.exec(r.stdout)!;
      return path.dirname(m[1]!);
    });
    temporary.push(...folders);
    expect(folders[0]).not.toBe(folders[1]);
    for (const f of folders) {
      expect(path.dirname(f)).toBe(os.tmpdir());
      expect((await fs.stat(f)).mode & 0o077).toBe(0);
    }
  });

  // A folder that cannot be made is the clerk's to fix, told as every command tells it (E_WRITE, exit 1).
  it("-o below a file (ENOTDIR): exit 1, E_WRITE, not an internal error; the file unchanged", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "f");
    await fs.writeFile(file, "x");
    const r = await runCli(["demo", "-o", path.join(file, "sub"), "--json"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_WRITE"]);
    expect(r.json.error.diagnostics[0].message).toContain("同名的文件");
    expect(await fs.readFile(file, "utf8")).toBe("x");
  });

  it.runIf(process.platform === "linux")("-o where no folder can ever be made (/proc/x): exit 1, E_WRITE at once, no endless retry", async () => {
    const r = await runCli(["demo", "-o", "/proc/piaojue-no-such-folder", "--json"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_WRITE"]);
  }, 10_000);

  it("a temp folder that is not there (TMPDIR=/nonexistent): exit 1, E_WRITE naming it, no stack trace", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "piaojue.js"), "demo"], { encoding: "utf8", env: { ...process.env, TMPDIR: "/nonexistent-piaojue-tmp", NO_COLOR: "1" } });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain("错误 /nonexistent-piaojue-tmp E_WRITE ");
    expect(r.stderr).not.toMatch(/内部错误|\n\s+at /);
  });
});
