// The built binary, spawned as a user would run it (npm test builds dist/ first).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, runCli, SEEDS, scratchCopy, snapshot } from "../helpers.js";

const temporary: string[] = [];
afterAll(async () => { await Promise.all(temporary.map((d) => fs.rm(d, { recursive: true, force: true }))); });

/** scratchCopy, removed after the tests. */
async function copy(dir: string): Promise<string> {
  const target = await scratchCopy(dir);
  temporary.push(path.dirname(target));
  return target;
}

function piaojue(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin", "piaojue.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

const RUNUSER = "/usr/sbin/runuser";
const asRoot = process.getuid?.() === 0 && existsSync(RUNUSER);

describe.skipIf(!asRoot)("bin/piaojue.js run by another user", () => {
  it("an output folder below one it may not enter is E_WRITE (exit 1), not an internal error", async () => {
    // A world-readable copy of the session, and a folder only root may enter. In /tmp itself: the run's
    // own temporary folder is root's alone.
    const base = await fs.mkdtemp("/tmp/piaojue-eacces-");
    temporary.push(base);
    await fs.chmod(base, 0o755);
    const session = path.join(base, "s");
    await fs.cp(path.join(SEEDS, "township-2026"), session, { recursive: true });
    spawnSync("chmod", ["-R", "a+rwX", session]);
    const locked = path.join(base, "locked");
    await fs.mkdir(locked, { mode: 0o700 });
    const r = spawnSync(RUNUSER, ["-u", "nobody", "--", process.execPath, path.join(ROOT, "bin", "piaojue.js"), "tally", session, "-o", path.join(locked, "x"), "--json"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    // The checkout itself may not be readable by nobody on some machines: then there is nothing to test.
    if (r.status !== 0 && !r.stdout.startsWith("{")) return;
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).error.diagnostics[0]).toMatchObject({ code: "E_WRITE", file: path.join(locked, "x") });
  });
});

describe("bin/piaojue.js", () => {
  it("demo prints the result table and exits 0", () => {
    const out = path.join(ROOT, "test", "artifacts", "demo");
    const r = piaojue(["demo", "-o", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("镇卫生院住院楼改造");
    expect(r.stdout).toContain("当选正式项目 10 个");
  });
  it("sets the exit code of SPEC §9: 4 for a pending runoff, 2 for a usage error, 1 for bad input", async () => {
    const dir = await copy(path.join(SEEDS, "tie-runoff"));
    const r = piaojue(["tally", dir, "--round", "1", "--json"]);
    expect(r.status).toBe(4);
    expect(JSON.parse(r.stdout).data.runoff.reason).toBe("tie");
    expect(piaojue(["tally", "--no-such-flag"]).status).toBe(2);
    const missing = piaojue(["tally", path.join(dir, "nope")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`${path.join(dir, "nope")} E_FILE 会议文件夹 ${path.join(dir, "nope")} 不存在`);
  });
  it("prints its version and Chinese help", () => {
    expect(piaojue(["-V"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = piaojue(["tally", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("用法：");
    expect(help.stdout).toContain("--round");
  });
  it("tallies exactly as the CLI run in-process does: same document, same files", async () => {
    for (const session of [path.join(SEEDS, "township-2026"), path.join(SEEDS, "tie-runoff"), path.join(FIXTURES, "scenarios", "quorum-not-met"), path.join(FIXTURES, "scenarios", "unknown-column")]) {
      const [a, b] = [await copy(session), await copy(session)];
      const inProcess = await runCli(["tally", a, "--json"]);
      const spawned = piaojue(["tally", b, "--json"]);
      expect(spawned.status, session).toBe(inProcess.code);
      const doc = JSON.parse(spawned.stdout);
      expect(JSON.stringify(doc).replaceAll(b, a)).toBe(JSON.stringify(inProcess.json));
      const [outA, outB] = [await snapshot(path.join(a, "out")), await snapshot(path.join(b, "out"))];
      // audit.json holds the time of the run.
      outA.delete("audit.json");
      outB.delete("audit.json");
      expect(outB).toEqual(outA);
    }
  });
  it("runs the commands it loads on demand (batch, verify, evaluate) and shows them in its help", async () => {
    expect(JSON.parse(piaojue(["verify", path.join(FIXTURES, "verify-example"), "--json"]).stdout).data.passed).toBe(4);
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-bin-batch-"));
    temporary.push(root);
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, "a"), { recursive: true, filter: (src) => path.basename(src) !== "out" });
    expect(JSON.parse(piaojue(["batch", root, "--json"]).stdout).data.counts.final).toBe(1);
    const evaluation = path.join(SEEDS, "evaluation-2027");
    const spawned = piaojue(["evaluate", await copy(evaluation), "--json"]);
    const inProcess = await runCli(["evaluate", await copy(evaluation), "--json"]);
    expect(spawned.status).toBe(inProcess.code);
    expect(JSON.parse(spawned.stdout).data).toEqual(inProcess.json.data);
    expect(piaojue(["--help"]).stdout).toContain("batch");
  });

  it.runIf(existsSync("/dev/full"))("says, without a stack trace, that stdout could not be written (a full disk) and what to do", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${path.join(ROOT, "bin", "piaojue.js")}" -V > /dev/full`], { encoding: "utf8" });
    expect(r.status).toBe(70);
    expect(r.stderr).toBe("piaojue：无法写到标准输出：磁盘已满（ENOSPC）\n    提示：腾出磁盘空间，或查看标准输出转到了哪里（> 后面的文件、| 后面的程序）\n");
    const en = spawnSync("sh", ["-c", `"${process.execPath}" "${path.join(ROOT, "bin", "piaojue.js")}" --lang en -V > /dev/full`], { encoding: "utf8" });
    expect(en.status).toBe(70);
    expect(en.stderr).toBe("piaojue: cannot write to standard output: the disk is full (ENOSPC)\n    hint: Make room on the disk, or check where standard output goes (the file after >, the program after |)\n");
  });

  it("says a diagnostic in English under --lang en, and in Chinese without it (the English catalogue is loaded only when asked for)", async () => {
    const dir = await copy(path.join(FIXTURES, "scenarios", "unknown-column"));
    const en = piaojue(["tally", dir, "--lang", "en"]);
    expect(en.status).toBe(1);
    expect(en.stderr).toMatch(/E_UNKNOWN_COLUMN [A-Z][a-z]/);
    const zh = piaojue(["tally", dir]);
    expect(zh.status).toBe(1);
    expect(zh.stderr).toMatch(/E_UNKNOWN_COLUMN [^\x00-\x7f]/);
  });

  // township-2026 tallies with warnings (stderr) and exit 0; unknown-column is refused (exit 1).
  it("keeps the command's exit code when stderr's reader is gone", async () => {
    for (const [session, code] of [[path.join(SEEDS, "township-2026"), 0], [path.join(FIXTURES, "scenarios", "unknown-column"), 1]] as const) {
      const dir = await copy(session);
      const child = spawn(process.execPath, [path.join(ROOT, "bin", "piaojue.js"), "tally", dir], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
      child.stderr.destroy(); // closed before the child writes a word: every write to stderr is EPIPE
      const status = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(c ?? signal)));
      expect(status, session).toBe(code);
    }
  });

  it.runIf(existsSync("/dev/full"))("keeps the command's exit code, and says nothing, when stderr is a full disk", async () => {
    for (const [session, code] of [[path.join(SEEDS, "township-2026"), 0], [path.join(FIXTURES, "scenarios", "unknown-column"), 1]] as const) {
      const dir = await copy(session);
      const r = spawnSync("sh", ["-c", `"${process.execPath}" "${path.join(ROOT, "bin", "piaojue.js")}" tally "${dir}" 2> /dev/full`], { encoding: "utf8" });
      expect(r.status, session).toBe(code);
      expect(r.stderr).toBe("");
      if (code === 0) expect(r.stdout).toContain("结果已写入");
    }
  });
});

describe("a run stopped by Ctrl+C or SIGTERM", () => {
  /** Spawns the binary, sends `signal` once `ready()` holds (polled), and collects how it ended. */
  function stopWhen(args: string[], signal: NodeJS.Signals, ready: () => boolean) {
    return new Promise<{ signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, "bin", "piaojue.js"), ...args], { env: { ...process.env, NO_COLOR: "1" } });
      let stderr = "";
      child.stderr.on("data", (b: Buffer) => { stderr += b.toString(); });
      const poll = setInterval(() => { if (ready()) { clearInterval(poll); child.kill(signal); } }, 10);
      child.on("close", (_code, sig) => { clearInterval(poll); resolve({ signal: sig, stderr }); });
    });
  }

  it("before anything is written: says out/ is unchanged, and ends by the signal (SIGTERM: 143)", async () => {
    const dir = await copy(path.join(SEEDS, "township-2026"));
    const out = path.join(dir, "out");
    await fs.mkdir(out);
    // Another writer's lock: the tally waits for it (up to 10 s), and is stopped while it waits.
    await fs.writeFile(path.join(out, ".piaojue-lock"), String(process.pid));
    const started = Date.now();
    const r = await stopWhen(["tally", dir], "SIGTERM", () => Date.now() - started > 2500);
    expect(r.signal).toBe("SIGTERM");
    expect(r.stderr).toBe("已中断：out/ 中原有的结果没有改动\n");
    expect(await fs.readdir(out)).toEqual([".piaojue-lock"]);
  }, 20_000);

  it("in a batch: says how many sessions' results are written and that the root summary is not", async () => {
    const root = path.join(path.dirname(await copy(path.join(SEEDS, "township-2026"))), "县");
    for (let i = 0; i < 40; i++) await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, `镇${String(i).padStart(2, "0")}`), { recursive: true });
    // Stopped once the first sessions' results are in their out/.
    const r = await stopWhen(["batch", root], "SIGINT", () => existsSync(path.join(root, "镇02", "out", "SHA256SUMS")));
    expect(r.signal).toBe("SIGINT");
    const written = (await fs.readdir(root)).filter((d) => existsSync(path.join(root, d, "out", "SHA256SUMS"))).length;
    expect(written).toBeGreaterThan(0);
    expect(r.stderr).toContain(`已中断：已写出 ${written} 个会议的结果（在各自的 out/ 中），根目录的汇总没有写出；再运行一次 batch 即可全部写出\n`);
    expect(existsSync(path.join(root, "out", "batch-summary.csv"))).toBe(false);
  }, 60_000);
});
