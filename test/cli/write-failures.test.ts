// A file that cannot be written (no permission, a full disk, a file where a folder should be) is the
// clerk's to fix: exit 1 with E_WRITE_FILE naming it, never an internal error (exit 70), and what was
// there stays as it was. Tests run as root, so the failures are made with a file or folder in the way.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

describe("a file that cannot be written", () => {
  it.runIf(process.platform === "linux")("-o where no folder can ever be made (/proc/x): exit 1, E_WRITE, no endless retry", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", dir, "-o", "/proc/piaojue-no-such-folder/out", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics.map((d: { code: string }) => d.code)).toEqual(["E_WRITE"]);
  }, 10_000);

  it("init into a path that is a file: exit 1, E_WRITE_FILE, the file unchanged", async () => {
    const dir = await makeSession({ "afile": "x\n" });
    const target = path.join(dir, "afile");
    const r = await runCli(["init", target, "--title", "测试镇人民代表大会", "--total", "9", "--present", "8", "--formal", "1", "--yes", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_WRITE_FILE", file: target });
    expect(await fs.readFile(target, "utf8")).toBe("x\n");
  });

  it("enter --present when session.json cannot be replaced: exit 1, E_WRITE_FILE, session.json unchanged", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    // The temporary file the rewrite goes through is taken by a folder.
    await fs.mkdir(path.join(dir, `session.json.tmp-${process.pid}`));
    const before = await snapshot(dir);
    const r = await runCli(["enter", dir, "--present", "54", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].code).toBe("E_WRITE_FILE");
    expect(await snapshot(dir)).toEqual(before);
  });

  it("enter --present on a session.json made read-only: refused (exit 1), not replaced; a writable one keeps its mode", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const file = path.join(dir, "session.json");
    await fs.chmod(file, 0o444);
    const before = await fs.readFile(file, "utf8");
    const r = await runCli(["enter", dir, "--present", "54", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_WRITE_FILE", file: "session.json", message: "无法写入（文件是只读的）" });
    // The hint says how to clear read-only, not to check the disk; the summary is a failure to write, not an input mistake.
    expect(r.json.error.diagnostics[0].hint).toMatch(/^这个文件是只读的：在 Windows 中右键→属性→取消“只读”，在 Linux、macOS 中运行 chmod u\+w session\.json；然后重新运行/);
    const human = await runCli(["enter", dir, "--present", "54"]);
    expect(human.stderr).not.toContain("磁盘空间");
    expect(human.stderr).toContain("无法写出结果");
    expect(human.stderr).not.toContain("输入有误");
    expect(await fs.readFile(file, "utf8")).toBe(before);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o444);
    await fs.chmod(file, 0o640);
    expect((await runCli(["enter", dir, "--present", "54"])).code).toBe(0);
    expect(JSON.parse(await fs.readFile(file, "utf8")).deputies.present).toBe(54);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o640);
  });
});
