// The entry screen on a terminal of 80×24 (and others): with more projects than rows, the screen keeps to
// the terminal's height (its top no longer scrolls away), always shows "已录入 n / 收回 m" and the project
// being typed, and says how many projects are above and below; it is drawn again when the terminal is resized.
import { EventEmitter } from "node:events";
import { promises as fs } from "node:fs";
import * as path from "node:path";
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
  until(test: (lines: string[]) => boolean, timeoutMs = 20000): Promise<string[]> {
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

/** A session of 30 projects (or `count`) listed in order (some with long names), 15 ballots issued. */
async function twentyProjects(count = 30): Promise<string> {
  const ids = Array.from({ length: count }, (_, i) => `P${String(i + 1).padStart(2, "0")}`);
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
    // The keys' help goes on two lines rather than wrap in the middle of a key on 80 columns.
    expect(lines.filter((l) => displayWidth(l) > 80)).toEqual([]);
    expect(lines.filter((l) => /^(操作键：|　{4})/.test(l)).join("  ").replace(/^操作键：|　{4}/g, "")).toBe("Enter 确认  ⌫ 退一格  Esc 重录本张  - 撤销上一张  g 改第n张  r 改收回数  q 暂停退出");
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

    // The ballot full: it is checked from its first line down, with how many are below.
    entry.type("1".repeat(16));
    lines = await screen.until((l) => l.some((x) => x.includes("已录满")));
    expectFits(lines, 24, 80);
    expect(lines.some((l) => /^\s*1\s+P01\s/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith("↑ 还有"))).toBe(false);

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
    expect(lines.some((l) => /^\s*1\s+P01\s/.test(l))).toBe(true);
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

/** The project rows of a screen, by their 编号 (ballot screen: 序号 first; count form: 编号 first). */
const projectRows = (lines: string[]) => new Map(lines.flatMap((l) => {
  const m = l.match(/^\s*(?:\d+\s+)?(P\d\d)\s/);
  return m ? [[m[1]!, l] as const] : [];
}));

const KEY = { up: "\x1b[A", down: "\x1b[B", pageUp: "\x1b[5~", pageDown: "\x1b[6~", home: "\x1b[H", end: "\x1b[F" };

/** Resolves once `ms` have passed. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the project rows scroll with ↑↓ and PgUp/PgDn, changing no mark", () => {
  it("a full ballot on 80×24 is checked from its first line, every line can be seen, and Enter confirms it unchanged", async () => {
    const dir = await twentyProjects();
    const screen = new TtyScreen(24, 80);
    const entry = startEntry(dir, ["--returned", "15"], screen);
    await screen.until((l) => l.some((x) => x.includes("请按唱票顺序逐项按键")));
    // P01 反对, P02 弃权, P30 未划, the rest 赞成.
    const marks = "23" + "1".repeat(27) + "0";
    entry.type(marks);
    let lines = await screen.until((l) => l.some((x) => x.includes("已录满")));
    expectFits(lines, 24, 80);
    // The first lines typed are in view, and the prompt says how to see the rest, not that they are "上面".
    let rows = projectRows(lines);
    expect(rows.get("P01")).toMatch(/反对/);
    expect(rows.get("P02")).toMatch(/弃权/);
    expect(lines.some((l) => l.startsWith("↑ 还有"))).toBe(false);
    const prompt = lines.find((l) => l.includes("已录满"))!;
    expect(prompt).toContain("↑↓ 翻看全部 30 项");
    expect(prompt).not.toContain("上面");
    expect(prompt).toContain("按 Enter 确认");
    expect(displayWidth(prompt)).toBeLessThanOrEqual(80);

    // ↓ a row at a time, then PgDn, to the last line: every row is seen with its mark, none is changed.
    const seen = new Map(rows);
    const first = rows.size;
    entry.type(KEY.down);
    lines = await screen.until((l) => projectRows(l).has(`P${String(first + 1).padStart(2, "0")}`));
    expectFits(lines, 24, 80);
    expect(lines.some((l) => /^↑ 还有 \d+ 项$/.test(l))).toBe(true);
    for (const [id, row] of projectRows(lines)) seen.set(id, row);
    for (let i = 0; i < 5 && !projectRows(screen.last()).has("P30"); i++) {
      const before = screen.screens().length;
      entry.type(KEY.pageDown);
      lines = await screen.until(() => screen.screens().length > before);
      expectFits(lines, 24, 80);
      for (const [id, row] of projectRows(lines)) seen.set(id, row);
    }
    rows = projectRows(screen.last());
    expect(rows.get("P30")).toMatch(/未划/);
    expect(screen.last().some((l) => l.startsWith("↓ 还有"))).toBe(false);
    expect(seen.size).toBe(30);
    for (let i = 3; i <= 29; i++) expect(seen.get(`P${String(i).padStart(2, "0")}`)).toMatch(/赞成/);
    expect(screen.last().some((l) => l.startsWith("已录入 0 / 收回 15"))).toBe(true);
    // PgUp and Home go back up, as far as the first line.
    entry.type(KEY.pageUp);
    lines = await screen.until((l) => !projectRows(l).has("P30"));
    entry.type(KEY.home);
    lines = await screen.until((l) => projectRows(l).has("P01"));
    expect(lines.some((l) => l.startsWith("↑ 还有"))).toBe(false);

    // Enter confirms the ballot as typed.
    entry.type("\r");
    lines = await screen.until((l) => l.some((x) => x.includes("第 1 张已录入")));
    expect(lines.some((l) => l.startsWith("已录入 1 / 收回 15"))).toBe(true);
    entry.type("q");
    expect(await entry.done).toBe(0);
    const journal = (await fs.readFile(path.join(dir, "entry/ballots-r1.first.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    const want = [...marks].map((k) => ({ "1": "approve", "2": "against", "3": "abstain", "0": "blank" })[k]);
    expect(journal.filter((r) => r.type === "ballot")).toEqual([{ type: "ballot", seq: 1, void: false, marks: want }]);
  });

  it("while typing, the rows scroll away and come back to the line being typed with the next mark; Esc alone still empties the ballot", async () => {
    const dir = await twentyProjects();
    const screen = new TtyScreen(24, 80);
    const entry = startEntry(dir, ["--returned", "15"], screen);
    await screen.until((l) => l.some((x) => x.includes("请按唱票顺序逐项按键")));
    entry.type("111");
    let lines = await screen.until((l) => /▶/.test(projectRows(l).get("P04") ?? ""));
    expect(lines.find((l) => l.includes("请按唱票顺序逐项按键"))).toContain("↑↓ 翻看全部 30 项");
    entry.type(KEY.end);
    lines = await screen.until((l) => projectRows(l).has("P30"));
    expect(projectRows(lines).has("P04")).toBe(false);
    // A key that is no entry key leaves them there.
    entry.type("x");
    lines = await screen.until((l) => l.some((x) => x.includes("“x”不是录入键")));
    expect(projectRows(lines).has("P30")).toBe(true);
    // An arrow's sequence split between two reads is still an arrow, not Esc and two keys.
    entry.type("\x1b");
    await pause(20);
    entry.type("[A");
    lines = await screen.until((l) => projectRows(l).has("P18") && !projectRows(l).has("P30"));
    expect(lines.some((l) => l.includes("不是录入键"))).toBe(true);
    // The next mark goes to P04, and the rows are back around it.
    entry.type("2");
    lines = await screen.until((l) => /▶/.test(projectRows(l).get("P05") ?? ""));
    expect(projectRows(lines).get("P04")).toMatch(/反对/);
    // Esc alone empties the ballot in hand, as before.
    entry.type("\x1b");
    lines = await screen.until((l) => l.some((x) => x.includes("本张重新录入")));
    expect(projectRows(lines).get("P01")).toMatch(/▶/);
    entry.type("q");
    expect(await entry.done).toBe(0);
  });

  it("the count form's final check on 80×24 starts at the first line and every line can be seen before Enter", async () => {
    const dir = await twentyProjects();
    const screen = new TtyScreen(24, 80);
    const entry = startEntry(dir, ["--counts"], screen);
    await screen.until((l) => l.some((x) => x.includes("收回票数（发出 15 张）：▶")));
    entry.type("15\r3\r" + "12\r0\r0\r".repeat(29) + "11\r1\r0\r");
    let lines = await screen.until((l) => l.some((x) => x.includes("计票单已全部录入")));
    expectFits(lines, 24, 80);
    expect(projectRows(lines).has("P01")).toBe(true);
    expect(lines.some((l) => l.startsWith("↓ 还有"))).toBe(true);
    expect(lines.some((l) => l.startsWith("已全部录入") && l.includes("↑↓ 翻看全部 30 项"))).toBe(true);
    entry.type(KEY.pageDown.repeat(3));
    lines = await screen.until((l) => projectRows(l).has("P30"));
    expectFits(lines, 24, 80);
    expect(projectRows(lines).get("P30")).toMatch(/^P30\s.*\s11\s+1\s+0$/);
    expect(lines.some((l) => l.startsWith("↓ 还有"))).toBe(false);
    // Nothing was changed by scrolling: Enter finishes the entry.
    entry.type(KEY.up + "\r");
    expect(await entry.done).toBe(0);
    const journal = (await fs.readFile(path.join(dir, "entry/counts-r1.first.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    expect(journal.at(-1)).toEqual({ type: "done" });
    expect(journal.filter((r) => r.type === "value")).toHaveLength(2 + 90);
  });

  it("on 80×24, 13 projects are drawn whole and 14 in a window (as the README says)", async () => {
    for (const [count, windowed] of [[13, false], [14, true]] as const) {
      const dir = await twentyProjects(count);
      const screen = new TtyScreen(24, 80);
      const entry = startEntry(dir, ["--returned", "15"], screen);
      const lines = await screen.until((l) => l.some((x) => x.includes("请按唱票顺序逐项按键")));
      expectFits(lines, 24, 80);
      expect(lines.some((l) => l.startsWith("↓ 还有"))).toBe(windowed);
      expect(projectRows(lines).size).toBe(windowed ? 12 : 13);
      expect(lines.some((l) => l.includes("↑↓ 翻看"))).toBe(windowed);
      entry.type("q");
      expect(await entry.done).toBe(0);
    }
  });
});
