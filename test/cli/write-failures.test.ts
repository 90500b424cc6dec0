// A file that cannot be written (no permission, a full disk, a file where a folder should be) is the
// clerk's to fix: exit 1 with E_WRITE_FILE naming it, never an internal error (exit 70), and what was
// there stays as it was. Tests run as root, so the failures are made with a file or folder in the way.
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { makeSession, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";
import { error } from "../../src/core/diagnostics.js";
import { renderDiagnostic } from "../../src/messages/render.js";
import { typeEntry } from "./fake-terminal.js";

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
    // The path in chmod is the file as reached from where the command runs.
    expect(r.json.error.diagnostics[0].hint).toMatch(/^这个文件是只读的：在 Windows 中右键→属性→取消“只读”，在 Linux、macOS 中运行 chmod u\+w \S+\/township-2026\/session\.json；然后重新运行/);
    const here = await runCli(["enter", ".", "--present", "54", "--json"], { cwd: dir });
    expect(here.json.error.diagnostics[0].hint).toContain("运行 chmod u+w session.json；");
    const above = await runCli(["enter", "township-2026", "--present", "54", "--json"], { cwd: path.dirname(dir) });
    expect(above.json.error.diagnostics[0].hint).toContain("运行 chmod u+w township-2026/session.json；");
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

describe("a disk that fills up while ballots are entered", () => {
  /** A real write to a full disk: the first half of the line reaches the file, then ENOSPC. */
  async function fillDiskAtBallot(n: number) {
    const probe = await fs.open(path.join(os.tmpdir(), `piaojue-probe-${process.pid}`), "w");
    const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<unknown> };
    await probe.close();
    const write = proto.write;
    let ballots = 0;
    return vi.spyOn(proto, "write").mockImplementation(async function (this: unknown, data: unknown, ...rest: unknown[]) {
      if ((typeof data === "string" || Buffer.isBuffer(data)) && String(data).includes('"type":"ballot"') && ++ballots === n) {
        await write.call(this, data.slice(0, data.length >> 1));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }
      return write.call(this, data, ...rest);
    });
  }

  it("says which ballots are kept and how to go on (exit 1, E_WRITE_FILE, no internal error); the same enter goes on after them", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.rm(path.join(dir, "ballots.csv"));
    const spy = await fillDiskAtBallot(4);
    const full = await typeEntry(dir, "55\r" + "111111111122\r".repeat(6));
    spy.mockRestore();
    expect(full.code, full.err).toBe(1);
    expect(full.err).not.toContain("内部错误");
    expect(full.err).toContain("无法写入录入记录（磁盘已满，ENOSPC）：已确认的 3 张票都已保存，没写完整的最后一条会在下次开始时丢弃");
    expect(full.err).toMatch(/提示：腾出磁盘空间（删去不用的文件，或把会议文件夹复制到空间足够的磁盘上），然后再运行一次 piaojue enter \S*township-2026，接着已保存的 3 张录入/);
    expect(existsSync(path.join(dir, "entry", "ballots-r1.first.jsonl.lock"))).toBe(false);
    const json = await typeEntry(dir, "q", ["--json"]);
    expect(json.code).toBe(0);
    expect(json.json.data.entered).toBe(3);
    expect(json.json.warnings.map((w: { code: string }) => w.code)).toContain("W_JOURNAL_TORN");
  });
});

describe("a session folder that cannot be written (session.json itself can)", () => {
  it("enter --present: the hint is chmod u+w on the folder as the clerk reaches it, not on the file", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const open = fs.open;
    // Root may write anywhere: the folder's refusal is made where the temporary file is opened.
    const spy = vi.spyOn(fs, "open").mockImplementation((async (p: string, ...rest: unknown[]) => {
      if (String(p).includes("session.json.tmp-")) throw Object.assign(new Error("EACCES: permission denied, open"), { code: "EACCES" });
      return (open as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
    }) as typeof fs.open);
    const r = await runCli(["enter", "township-2026", "--present", "54", "--json"], { cwd: path.dirname(dir) });
    spy.mockRestore();
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_WRITE_FILE", file: "session.json", message: "无法写入（它所在的文件夹不能写入）" });
    expect(r.json.error.diagnostics[0].hint).toContain("在 Linux、macOS 中运行 chmod u+w township-2026（");
  });
});

describe("a write failure says why in words, the system's code after them", () => {
  it("out/ a link to a folder not there (a network drive not connected): ENOENT in words, the hint to check the path", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    await fs.symlink(path.join(path.dirname(dir), "not-mounted"), path.join(dir, "out"));
    const r = await runCli(["tally", dir, "--json", "--lang", "en"]);
    expect(r.code).toBe(1);
    const d = r.json.error.diagnostics[0];
    expect(d).toMatchObject({ code: "E_WRITE", message: "无法写入输出文件夹（路径中的文件夹不存在（网络盘未连接？），ENOENT）" });
    expect(d.hint).toBe("输出文件夹中原有的文件没有改动；检查输出文件夹的路径：网络盘或 U 盘是否已连接；out 是链接时，它指向的文件夹是否还在");
    expect(d.messageEn).toBe("The output folder cannot be written (a folder in the path does not exist (a network drive not connected?), ENOENT)");
  });

  it("a path too long: said so, and the output folder it made is not left behind empty", async () => {
    const parent = path.dirname(await scratchCopy(path.join(SEEDS, "township-2026")));
    // An -o folder that can be made, in which the lock's longer path cannot (PATH_MAX 4096).
    let deep = parent;
    while (deep.length < 3800) deep = path.join(deep, "d".repeat(200));
    await fs.mkdir(deep, { recursive: true });
    const out = path.join(deep, "o".repeat(4090 - Buffer.byteLength(deep) - 1));
    expect(Buffer.byteLength(out)).toBe(4090);
    const r = await runCli(["tally", path.join(parent, "township-2026"), "-o", out, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0].message).toBe("无法写入输出文件夹（路径太长，ENAMETOOLONG）");
    expect(r.json.error.diagnostics[0].hint).toContain("把会议文件夹移到路径较短的位置（如 D:\\票决），或用 -o 指定路径较短的输出文件夹");
    expect(existsSync(out)).toBe(false);
  });

  it("demo whose temporary folder (TMPDIR) cannot be used: said to be the temporary folder, with -o", async () => {
    const before = process.env["TMPDIR"];
    process.env["TMPDIR"] = "/nonexistent-piaojue-tmp";
    try {
      const r = await runCli(["demo", "--json"]);
      expect(r.code).toBe(1);
      expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_WRITE", message: "无法写入输出文件夹（路径中的文件夹不存在（网络盘未连接？），ENOENT）" });
      expect(r.json.error.diagnostics[0].hint).toBe("输出文件夹中原有的文件没有改动；这是系统的临时文件夹（TMPDIR）：用 -o 指定放示例的文件夹，例如 piaojue demo -o 示例");
    } finally {
      if (before === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = before;
    }
  });

  it("out/ owned by another user: said so, with -o", () => {
    const d = renderDiagnostic(error("E_WRITE", { file: "s/out" }, { errno: "EACCES", staged: 0, otherOwner: 1 }));
    expect(d.message).toBe("无法写入输出文件夹（没有写入权限，EACCES）");
    expect(d.hint).toBe("输出文件夹中原有的文件没有改动；输出文件夹属于别的用户（例如用管理员身份运行时建的）：请它的主人或管理员修改权限，或用 -o 指定自己能写的文件夹");
    expect(renderDiagnostic(error("E_PLAN_WRITE", { file: "plan.csv" }, { errno: "EACCES" })).message).toBe("无法写出 plan.csv（没有写入权限，EACCES）");
  });
});
