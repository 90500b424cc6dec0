// Scrolling the project rows of the entry screens (↑↓, PgUp/PgDn, Home/End): the keys as a terminal sends
// them, an Esc that may be the start of one, and the windows of rows they give.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/core/candidates.js";
import { pressKey, replay, startRecord, type EntrySetup, type EntryState } from "../../src/core/entry.js";
import { drawEntry, scrollRows, type RowsScroll, type ShownRows } from "../../src/io/entry-screen.js";
import { decodeKeys, splitKeys } from "../../src/io/keys.js";
import { displayWidth } from "../../src/io/text-width.js";

function cand(id: string): Candidate {
  return { id, name: `项目${id}`, category: "", background: "", content: "", area: "", implementer: "", budget: "", funding: "", deadline: "", target: "", parent: "", remarks: "", line: 2, children: [] };
}

const rules = { ballot: "approve-against-abstain" as const, marks: null, maxApprovals: "formal" as const, formal: 10, blankBallot: "valid" as const, unreadableMark: "void-ballot" as const };
const setupOf = (count: number): EntrySetup => ({
  title: "测试会议", date: "2026-01-15", round: 1, pass: "first",
  lines: Array.from({ length: count }, (_, i) => cand(`P${String(i + 1).padStart(2, "0")}`)),
  ballot: rules.ballot, maxApprovals: 10, issued: 15, rules,
});

function typeKeys(state: EntryState, input: string): EntryState {
  for (const key of decodeKeys(input)) state = pressKey(state, key).state;
  return state;
}

/** The 编号 of the project rows on a screen, in order. */
const ids = (lines: string[]) => lines.flatMap((l) => l.match(/^\s*\d+\s+(P\d\d)\s/)?.slice(1) ?? []);
const hidden = (lines: string[], arrow: "↑" | "↓") => Number(lines.find((l) => l.startsWith(arrow))?.match(/还有 (\d+) 项/)?.[1] ?? 0);

describe("the scroll keys", () => {
  it("names the arrows and page keys, with or without modifiers, in either form a terminal sends them", () => {
    expect(decodeKeys("\x1b[A\x1b[B\x1bOA\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[F\x1b[1~\x1b[4~\x1b[1;5B")).toEqual(
      ["up", "down", "up", "down", "pageup", "pagedown", "home", "end", "home", "end", "down"]);
    // Delete, F5, the left and right arrows: nothing here.
    expect(decodeKeys("\x1b[3~\x1b[15~\x1b[C\x1b[D")).toEqual([]);
  });

  it("holds back an escape at the end of the input, which may be the start of an arrow's sequence", () => {
    expect(splitKeys("12\x1b")).toEqual({ keys: ["1", "2"], rest: "\x1b" });
    expect(splitKeys("1\x1b[")).toEqual({ keys: ["1"], rest: "\x1b[" });
    expect(splitKeys("\x1b[5")).toEqual({ keys: [], rest: "\x1b[5" });
    expect(splitKeys("\x1b" + "[A")).toEqual({ keys: ["up"], rest: "" });
    // An escape followed by another key is the Esc key; so is one at the end of input known to be whole.
    expect(splitKeys("\x1b1")).toEqual({ keys: ["escape", "1"], rest: "" });
    expect(decodeKeys("11\x1b")).toEqual(["1", "1", "escape"]);
    expect(decodeKeys("\x1b[")).toEqual([]);
  });
});

describe("the window of project rows", () => {
  const size = { rows: 24, columns: 80 };

  it("a full ballot is shown from its first line, and its prompt says how to see all of it, not that it is above", () => {
    const state = typeKeys(replay(setupOf(30), [startRecord(setupOf(30))]), "15\r" + "2" + "1".repeat(29));
    expect(state.mode).toBe("review");
    const screen = drawEntry(state, size);
    expect(ids(screen.lines)[0]).toBe("P01");
    expect(screen.shown).toMatchObject({ first: 0, total: 30 });
    const prompt = screen.lines.find((l) => l.includes("已录满"))!;
    expect(prompt).toBe("本张已录满：核对“第 1 张”一栏（↑↓ 翻看全部 30 项），与纸质票一致按 Enter 确认");
    expect(displayWidth(prompt)).toBeLessThanOrEqual(80);
    // Every line shown: the prompt as before.
    expect(drawEntry(state, { rows: 60, columns: 80 }).lines).toContain("第 1 张已录满：核对上面的“第 1 张”一栏，与纸质票一致按 Enter 确认");
  });

  it("any keys scroll within the rows: consecutive rows, the counts above and below adding up, on the screen's height", () => {
    const keyArb = fc.constantFrom("up", "down", "pageup", "pagedown", "home", "end");
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 8, max: 40 }), fc.array(keyArb, { maxLength: 30 }), (count, rows, keys) => {
      const setup = setupOf(count);
      const state = typeKeys(replay(setup, [startRecord(setup)]), "15\r" + "1".repeat(Math.floor(count / 2)));
      let scroll: RowsScroll | null = null;
      let shown: ShownRows | null = drawEntry(state, { rows, columns: 80 }).shown;
      for (const key of keys) {
        if (!shown) break;
        scroll = scrollRows(shown, key);
        const screen = drawEntry(state, { rows, columns: 80 }, scroll);
        shown = screen.shown;
        const seen = ids(screen.lines);
        expect(screen.lines.length).toBeLessThanOrEqual(rows - 1);
        expect(seen.length).toBeGreaterThan(0);
        const first = Number(seen[0]!.slice(1)) - 1;
        expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => `P${String(first + i + 1).padStart(2, "0")}`));
        expect(hidden(screen.lines, "↑") + seen.length + hidden(screen.lines, "↓")).toBe(count);
        expect(shown).toEqual({ first, last: first + seen.length - 1, total: count });
      }
    }), { numRuns: 100 });
  });

  it("↓ shows one more row below at a time, PgDn the next rows without a gap, and ↑ and Home come back to the first", () => {
    const setup = setupOf(30);
    const state = typeKeys(replay(setup, [startRecord(setup)]), "15\r");
    let screen = drawEntry(state, size);
    const press = (key: string) => (screen = drawEntry(state, size, scrollRows(screen.shown!, key)));
    const lastShown = () => ids(screen.lines).at(-1)!;
    const number = (id: string) => Number(id.slice(1));
    const top = lastShown();
    press("down");
    expect(number(lastShown())).toBe(number(top) + 1);
    const before = lastShown();
    press("pagedown");
    expect(number(ids(screen.lines)[0]!)).toBe(number(before) + 1);
    press("end");
    expect(lastShown()).toBe("P30");
    press("down");
    expect(lastShown()).toBe("P30");
    press("home");
    expect(ids(screen.lines)[0]).toBe("P01");
    press("up");
    expect(ids(screen.lines)[0]).toBe("P01");
    expect(screen.lines.some((l) => l.startsWith("↑"))).toBe(false);
  });
});
