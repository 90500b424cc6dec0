// piaojue enter (and init's questions) in a real pseudo-terminal (util-linux `script`), as a clerk runs it: raw keys, the screen
// redrawn in place, then `kill -9` in the middle of a ballot and a restart that resumes with nothing lost
// and nothing doubled. Needs dist/ (npm test builds it first).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCsvText } from "../../src/io/csv.js";
import { ROOT, runCli, scratchCopy, SEEDS } from "../helpers.js";
import { FakeTerminal } from "../cli/fake-terminal.js";

const HAVE_SCRIPT = spawnSync("script", ["--version"]).status === 0;
const BUILT = existsSync(path.join(ROOT, "dist", "commands", "enter.js"));
if (!HAVE_SCRIPT) console.warn("跳过伪终端测试：没有 util-linux 的 script 命令");
if (!BUILT) console.warn("跳过伪终端测试：没有 dist/（先运行 npm run build；npm test 会自动构建）");

const KEY_OF: Record<string, string> = { "○": "1", "×": "2", "": "0", "弃权": "3", "√": "4" };

/** One piaojue process inside a pseudo-terminal; its screen is read as it is drawn. */
class PtySession {
  readonly child: ChildProcess;
  screen = "";
  private cursor = 0;
  private waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(args: string[], cwd: string, env: Record<string, string | undefined> = { NO_COLOR: "1", TERM: "xterm" }) {
    const command = [process.execPath, path.join(ROOT, "bin", "piaojue.js"), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    this.child = spawn("script", ["-qfec", command, "/dev/null"], { cwd, env: Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)), stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (s: string) => { this.screen += s; for (const w of [...this.waiters]) w(); });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => { for (const w of [...this.waiters]) w(); resolve(code); }));
  }

  waitFor(text: string, timeoutMs = 15000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const at = this.screen.indexOf(text, this.cursor);
        if (at < 0) return false;
        this.cursor = at + text.length;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
        return true;
      };
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new Error(`伪终端里没有出现“${text}”。屏幕最后：\n${this.screen.slice(-2500)}`)); }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  type(keys: string): void {
    this.child.stdin!.write(keys);
  }
}

async function lockPid(dir: string): Promise<number> {
  return (JSON.parse(await fs.readFile(path.join(dir, "entry", "ballots-r1.first.jsonl.lock"), "utf8")) as { pid: number }).pid;
}

const temporary: string[] = [];
afterAll(async () => { await Promise.all(temporary.map((d) => fs.rm(d, { recursive: true, force: true }))); });

describe.skipIf(!HAVE_SCRIPT || !BUILT)("piaojue enter in a pseudo-terminal", () => {
  it("survives kill -9 in the middle of a ballot: the restart resumes with nothing lost and nothing doubled", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    temporary.push(path.dirname(dir));
    const original = parseCsvText(await fs.readFile(path.join(dir, "ballots.csv"), "utf8"), "ballots.csv");
    await fs.rm(path.join(dir, "ballots.csv"));
    // The first six ballots of the sample pile.
    const pile = original.slice(1, 7);
    const keys = pile.map((r) => (r.cells[1] ? "*" : r.cells.slice(2).map((c) => KEY_OF[c]!).join("")));

    const first = new PtySession(["enter", ".", "--returned", "6"], dir);
    await first.waitFor("已录入 0 / 收回 6");
    for (let i = 0; i < 3; i++) {
      first.type(keys[i]!);
      await first.waitFor(`第 ${i + 1} 张已录满`);
      first.type("\r");
      await first.waitFor(`第 ${i + 1} 张已录入`);
    }
    // Half of ballot 4 typed, then the process is killed without any chance to clean up.
    first.type(keys[3]!.slice(0, 6));
    await first.waitFor("已录入 3 / 收回 6");
    const pid = await lockPid(dir);
    expect(pid).not.toBe(first.child.pid);
    process.kill(pid, "SIGKILL");
    await first.exited;

    const journal = path.join(dir, "entry", "ballots-r1.first.jsonl");
    const afterKill = (await fs.readFile(journal, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(afterKill.filter((r) => r.type === "ballot").map((r) => r.seq)).toEqual([1, 2, 3]);

    const second = new PtySession(["enter", "."], dir);
    await second.waitFor("已录入 3 / 收回 6");
    await second.waitFor("接着上次");
    for (let i = 3; i < 6; i++) {
      second.type(keys[i]!);
      await second.waitFor(keys[i] === "*" ? `第 ${i + 1} 张整张作废` : `第 ${i + 1} 张已录满`);
      second.type("\r");
      await second.waitFor(`第 ${i + 1} 张已录入`);
    }
    second.type("\r");
    await second.waitFor("第一次录入完成：共 6 张");
    expect(await second.exited).toBe(0);
    const records = (await fs.readFile(journal, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    expect(records.filter((r) => r.type === "ballot").map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(records.at(-1)).toEqual({ type: "done", count: 6 });
    // A clean exit releases the lock; the one left by the killed process was taken over.
    await expect(fs.access(`${journal}.lock`)).rejects.toThrow();

    // The second, independent entry (in-process) agrees, and the written file is the same six ballots.
    const term = new FakeTerminal(true);
    const done = term.run(["enter", dir, "--second", "--returned", "6"]);
    term.input.end(keys.map((k) => k + "\r").join("") + "\r");
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    const written = parseCsvText((await fs.readFile(path.join(dir, "ballots.csv"), "utf8")).replace(/^\ufeff/, ""), "ballots.csv");
    expect(written[0]!.cells).toEqual(original[0]!.cells);
    written.slice(1).forEach((row, i) => {
      const src = pile[i]!.cells;
      expect(row.cells[0]).toBe(String(i + 1).padStart(3, "0"));
      expect(row.cells[1] !== "").toBe(src[1] !== "");
      if (src[1] === "") expect(row.cells.slice(2)).toEqual(src.slice(2).map((c) => (c === "√" ? "无法辨认" : c)));
    });
    expect((await runCli(["tally", dir, "--json"])).json.data.rounds[0]).toMatchObject({ returned: 6 });
  }, 60000);

  it("init's questions are coloured on a colour terminal, and plain with --no-color", async () => {
    const root = await fs.mkdtemp(path.join(ROOT, ".tmp-init-pty-"));
    temporary.push(root);
    // SGR codes that set a colour, bold or dim; cursor movement is not colour.
    const colour = /\x1b\[(?:[0-9;]*[0-9])?m/;
    const screens: string[] = [];
    for (const flags of [[], ["--no-color"]]) {
      // Node's colour test says no colour under CI=true or NO_COLOR: both are taken out for this terminal.
      const env = { TERM: "xterm-256color", CI: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined };
      const pty = new PtySession(["init", `s${screens.length}`, "--yes", "--formal", "3", ...flags], root, env);
      await pty.waitFor("会议名称");
      pty.type("某镇会议\r");
      await pty.waitFor("应到代表人数");
      pty.type("30\r");
      await pty.waitFor("实到代表人数");
      pty.type("28\r");
      expect(await pty.exited).toBe(0);
      screens.push(pty.screen);
    }
    expect(screens[0]).toMatch(colour);
    expect(screens[1]).not.toMatch(colour);
  });

  it("the built binary with piped input (no terminal) refuses with exit 2 and writes nothing", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    temporary.push(path.dirname(dir));
    await fs.rm(path.join(dir, "ballots.csv"));
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "piaojue.js"), "enter", dir], { input: "55\r111111111111\r\r", encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("需要键盘输入");
    expect(existsSync(path.join(dir, "entry"))).toBe(false);
  });
});
