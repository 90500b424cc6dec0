// The entry screen on a terminal of 80×24 (and others): with more projects than rows, the screen keeps to
// the terminal's height (its top no longer scrolls away), always shows "已录入 n / 收回 m" and the project
// being typed, and says how many projects are above and below; it is drawn again when the terminal is resized.
import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { displayWidth } from "../../src/io/text-width.js";
import { makeSession } from "../helpers.js";

/** A terminal's screen as Node gives it: rows, columns, and "resize" when they change. */
class TtyScreen extends EventEmitter {
  readonly isTTY = true;
  out = "";
  constructor(public rows: number, public columns: number) {
    super();
  }
  write(s: string): boolean {
    this.out += s;
    this.emit("written");
    return true;
  }
  resize(rows: number, columns = this.columns): void {
    [this.rows, this.columns] = [rows, columns];
    this.emit("resize");
  }
  /** The screens drawn so far, each as its lines (the clear sequence starts each). */
  screens(): string[][] {
    return this.out.split("\x1b[H\x1b[2J").slice(1).map((s) => s.replace(/\n$/, "").split("\n"));
  }
  last(): string[] {
    return this.screens().at(-1)!;
  }
  /** Resolves once the screen drawn last satisfies `test`. */
  until(test: (lines: string[]) => boolean, timeoutMs = 5000): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const screens = this.screens();
        if (screens.length === 0 || !test(screens.at(-1)!)) return;
        this.off("written", check);
        clearTimeout(timer);
        resolve(screens.at(-1)!);
      };
      const timer = setTimeout(() => { this.off("written", check); reject(new Error(`没有等到这样的屏幕。最后的屏幕：\n${this.last()?.join("\n")}`)); }, timeoutMs);
      this.on("written", check);
      check();
    });
  }
}

/** The rows a screen takes on a terminal `columns` wide: a longer line wraps. */
const rowsTaken = (lines: string[], columns: number) => lines.reduce((h, l) => h + Math.max(1, Math.ceil(displayWidth(l) / columns)), 0);

/** A session of 30 projects listed in order (some with long names), 15 ballots issued. */
async function twentyProjects(): Promise<string> {
  const ids = Array.from({ length: 30 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
  const candidates = ["编号,项目名称", ...ids.map((id, i) => `${id},${i % 3 === 0 ? "农村生活污水集中收集处理及管网延伸工程" : "项目"}${id}`)].join("\n") + "\n";
  const session = {
    title: "测试镇第十八届人民代表大会第五次会议", date: "2026-01-15", deputies: { total: 16, present: 15 }, issued: [15],
    rules: { formal: 10, order: "as-listed" },
  };
  return makeSession({ "session.json": JSON.stringify(session, null, 2), "candidates.csv": candidates });
}

function startEntry(dir: string, args: string[], screen: TtyScreen) {
  const input = new PassThrough() as PassThrough & { isTTY?: boolean };
  input.isTTY = true;
  const stdout = screen;
  const done = run(["enter", dir, ...args], {
    stdout, stderr: { write: () => true }, stdin: input, cwd: dir, env: {}, now: () => new Date("2026-01-15T10:00:00Z"),
  });
  return { type: (keys: string) => input.write(keys), done };
}

/** Every screen drawn fits the terminal it was drawn on: within rows − 1 (the newline after the last line would scroll). */
function expectFits(lines: string[], rows: number, columns: number) {
  expect(rowsTaken(lines, columns), lines.join("\n")).toBeLessThanOrEqual(rows - 1);
}

describe("the entry screen keeps to the terminal's height", () => {
  it("ballots on 80×24: the status line, the line being typed and the hidden projects counted, then all rows once resized taller", async () => {
    const dir = await twentyProjects();
    const screen = new TtyScreen(24, 80);
    const entry = startEntry(dir, ["--returned", "15"], screen);
    let lines = await screen.until((l) => l.some((x) => x.includes("请按唱票顺序逐项按键")));
    expectFits(lines, 24, 80);
    expect(lines.some((l) => l.startsWith("已录入 0 / 收回 15"))).toBe(true);
    expect(lines.some((l) => /P01 .*▶/.test(l))).toBe(true);
    expect(lines).toContain("↓ 还有 " + (30 - lines.filter((l) => /^\s*\d+\s+P\d\d\s/.test(l)).length) + " 项");

    // Fourteen marks typed: the cursor is on P15, with projects hidden above and below it.
    entry.type("1".repeat(14));
    lines = await screen.until((l) => l.some((x) => /P15 .*▶/.test(x)));
    expectFits(lines, 24, 80);
    expect(lines[1]).toMatch(/^已录入 0 \/ 收回 15/);
    expect(lines.find((l) => l.startsWith("↑ 还有"))).toMatch(/^↑ 还有 \d+ 项$/);
    expect(lines.find((l) => l.startsWith("↓ 还有"))).toMatch(/^↓ 还有 \d+ 项$/);
    const shown = lines.filter((l) => /^\s*\d+\s+P\d\d\s/.test(l)).length;
    const [up, down] = [/↑ 还有 (\d+) 项/, /↓ 还有 (\d+) 项/].map((r) => Number(lines.join("\n").match(r)![1]));
    expect(up! + shown + down!).toBe(30);

    // The ballot full: its last lines are shown to check, with how many are above.
    entry.type("1".repeat(16));
    lines = await screen.until((l) => l.some((x) => x.includes("已录满")));
    expectFits(lines, 24, 80);
    expect(lines.some((l) => /^\s*30\s+P30\s/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith("↓ 还有"))).toBe(false);

    // Resized taller, it is drawn again with every project; shorter, with fewer.
    const before = screen.screens().length;
    screen.resize(50);
    expect(screen.screens().length).toBe(before + 1);
    lines = screen.last();
    expectFits(lines, 50, 80);
    expect(lines.filter((l) => /^\s*\d+\s+P\d\d\s/.test(l))).toHaveLength(30);
    expect(lines.some((l) => l.startsWith("↑") || l.startsWith("↓"))).toBe(false);
    screen.resize(12, 60);
    lines = screen.last();
    expectFits(lines, 12, 60);
    expect(lines.some((l) => l.startsWith("已录入 0 / 收回 15"))).toBe(true);
    expect(lines.some((l) => /^\s*30\s+P30\s/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes("已录满"))).toBe(true);

    entry.type("\rq");
    expect(await entry.done).toBe(0);
    for (const [i, drawn] of screen.screens().slice(0, -1).entries()) {
      // Every screen but the last (the report follows it) fits the terminal it was drawn on.
      const size = i < before ? [24, 80] : i === before ? [50, 80] : [12, 60];
      expectFits(drawn, size[0]!, size[1]!);
    }
  });

  it("the count form on 80×24 keeps 收回 and 无效 and the line being typed in view", async () => {
    const dir = await twentyProjects();
    const screen = new TtyScreen(24, 80);
    const entry = startEntry(dir, ["--counts"], screen);
    let lines = await screen.until((l) => l.some((x) => x.includes("收回票数（发出 15 张）：▶")));
    expectFits(lines, 24, 80);
    // 收回 15, 无效 3, then 14 lines of 12 = 12 + 0 + 0: the cursor on P15.
    entry.type("15\r3\r" + "12\r0\r0\r".repeat(14));
    lines = await screen.until((l) => l.some((x) => /P15 .*▶/.test(x)));
    expectFits(lines, 24, 80);
    expect(lines.some((l) => l.startsWith("收回票数（发出 15 张）：15"))).toBe(true);
    expect(lines.some((l) => l.startsWith("↑ 还有"))).toBe(true);
    expect(lines.some((l) => l.startsWith("P15 "))).toBe(true);
    entry.type("q");
    expect(await entry.done).toBe(0);
  });

  it("a screen that fits is drawn whole, as before", async () => {
    const dir = await twentyProjects();
    const screen = new TtyScreen(60, 100);
    const entry = startEntry(dir, ["--returned", "15"], screen);
    const lines = await screen.until((l) => l.some((x) => x.includes("请按唱票顺序逐项按键")));
    expect(lines).toHaveLength(30 + 9);
    expect(lines[0]).toContain("测试镇第十八届人民代表大会第五次会议 · 第 1 轮 · 第一次录入");
    entry.type("q");
    expect(await entry.done).toBe(0);
  });
});
