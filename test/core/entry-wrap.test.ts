// The entry screens on a terminal narrower than their status lines: a line breaks between phrases (after
// a full-width space or closing punctuation), never inside a figure and its unit or a key such as Esc.
import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/core/candidates.js";
import { countStartRecord, pressCountKey, pressKey, replay, replayCounts, startRecord, type CountState, type EntrySetup, type EntryState } from "../../src/core/entry.js";
import { drawCounts, drawEntry } from "../../src/io/entry-screen.js";
import { decodeKeys } from "../../src/io/keys.js";
import { displayWidth, wrapPhrases } from "../../src/io/text-width.js";

function cand(id: string): Candidate {
  return { id, name: `项目${id}`, category: "", background: "", content: "", area: "", implementer: "", budget: "", funding: "", deadline: "", target: "", parent: "", remarks: "", line: 2, children: [] };
}

const rules = { ballot: "approve-against-abstain" as const, marks: null, maxApprovals: "formal" as const, formal: 10, blankBallot: "valid" as const, unreadableMark: "void-ballot" as const };
const setup: EntrySetup = {
  title: "测试镇第十八届人民代表大会第五次会议", date: "2026-01-15", round: 1, pass: "first",
  lines: Array.from({ length: 12 }, (_, i) => cand(`P${String(i + 1).padStart(2, "0")}`)),
  ballot: rules.ballot, maxApprovals: 10, issued: 12, rules,
};

const typeKeys = (state: EntryState, input: string) => decodeKeys(input).reduce((s, key) => pressKey(s, key).state, state);
const typeCounts = (state: CountState, input: string) => decodeKeys(input).reduce((s, key) => pressCountKey(s, key).state, state);

/** A line as a terminal `columns` wide shows it: cut into rows, a wide character that does not fit going to the next. */
function terminalRows(line: string, columns: number): string[] {
  const rows = [""];
  for (const ch of line) {
    if (displayWidth(rows.at(-1)! + ch) > columns) rows.push("");
    rows[rows.length - 1] += ch;
  }
  return rows;
}

const WORD = /[0-9A-Za-z]/;
const HAN = /\p{Script=Han}/u;

/** Every place the terminal cuts a line of `lines` in the middle of a number, an ASCII word or a Chinese phrase. */
function badBreaks(lines: string[], columns: number): string[] {
  return lines.flatMap((line) => {
    const rows = terminalRows(line, columns);
    return rows.slice(1).flatMap((next, i) => {
      const [before, after] = [[...rows[i]!].at(-1)!, [...next][0]!];
      const bad = (WORD.test(before) && WORD.test(after)) || (HAN.test(before) && HAN.test(after)) || "，。；：）".includes(after);
      return bad ? [`${rows[i]} ┃ ${next}`] : [];
    });
  });
}

/** Whether `phrase` is whole in one row of the screen as the terminal shows it. */
const whole = (lines: string[], columns: number, phrase: string) => lines.some((l) => terminalRows(l, columns).some((r) => r.includes(phrase)));

describe("the entry screens' lines on a narrow terminal", () => {
  // 12 projects, 10 at most: one ballot declared void, one with an unreadable mark, one approving all 12.
  const ballots = typeKeys(replay(setup, [startRecord(setup)]), "12\r" + "*\r" + "4" + "1".repeat(11) + "\r" + "1".repeat(12) + "\r");
  const counts = typeCounts(replayCounts(setup, [countStartRecord(setup)]), "12\r2\r");

  for (const columns of [80, 60, 40]) {
    it(`ballots at ${columns} columns: the status line breaks between phrases, 每票最多赞成 10 个 and Esc whole`, () => {
      const lines = drawEntry(ballots, { rows: 80, columns }).lines;
      expect(lines.join("\n")).toContain("赞成超过限选数 1");
      expect(badBreaks(lines, columns)).toEqual([]);
      for (const phrase of ["每票最多赞成 10 个", "Esc 重录本张", "赞成超过限选数 1）"]) expect(whole(lines, columns, phrase), phrase).toBe(true);
    });

    it(`the count form at ${columns} columns: Esc 清空 and the 有效 phrase whole`, () => {
      const lines = drawCounts(counts, { rows: 80, columns }).lines;
      expect(badBreaks(lines, columns)).toEqual([]);
      for (const phrase of ["Esc 清空", "有效 10（每项赞成＋反对＋弃权应等于它）"]) expect(whole(lines, columns, phrase), phrase).toBe(true);
    });
  }

  it("a wider terminal shows longer names: projects told apart only at the end of their names (一期, 二期) are, on both forms", () => {
    const long = (id: string, phase: string) => ({ ...cand(id), name: `南湖社区老旧小区综合整治与雨污分流改造工程${phase}` });
    const phased: EntrySetup = { ...setup, lines: [long("P01", "一期"), long("P02", "二期"), ...setup.lines.slice(2)] };
    const entry = replay(phased, [startRecord(phased)]);
    const form = replayCounts(phased, [countStartRecord(phased)]);
    for (const lines of [drawEntry(entry, { rows: 40, columns: 120 }).lines, drawCounts(form, { rows: 40, columns: 120 }).lines]) {
      expect(lines.some((l) => l.includes("改造工程一期"))).toBe(true);
      expect(lines.some((l) => l.includes("改造工程二期"))).toBe(true);
      expect(lines.every((l) => displayWidth(l) <= 120)).toBe(true);
    }
    // 80 columns keep the 28-column name, cut in the middle: its start and its end, so the phases still differ.
    for (const lines of [drawEntry(entry, { rows: 40, columns: 80 }).lines, drawCounts(form, { rows: 40, columns: 80 }).lines]) {
      const shown = (id: string) => lines.find((l) => l.includes(` ${id} `) || l.startsWith(`${id} `))!;
      expect(shown("P01")).toContain("南湖社区老旧小区综…工程一期");
      expect(shown("P02")).toContain("南湖社区老旧小区综…工程二期");
      expect(lines.every((l) => displayWidth(l) <= 80)).toBe(true);
    }
  });

  it("an approve-only count form's 有效 phrase names only the columns it has (no 反对)", () => {
    const approveOnly: EntrySetup = { ...setup, ballot: "approve-only", rules: { ...rules, ballot: "approve-only" } };
    const form = typeCounts(replayCounts(approveOnly, [countStartRecord(approveOnly)]), "12\r2\r");
    const text = drawCounts(form, { rows: 80, columns: 120 }).lines.join("\n");
    expect(text).toContain("有效 10（每项赞成＋弃权应等于它）");
    expect(text).not.toContain("反对");
  });

  it("a phrase wider than the screen breaks between Chinese characters, and a line that fits is kept as it is", () => {
    expect(wrapPhrases("每票最多赞成 10 个", 80)).toEqual(["每票最多赞成 10 个"]);
    expect(wrapPhrases("有效 0　每票最多赞成 10 个", 14)).toEqual(["有效 0", "每票最多赞", "成 10 个"]);
    expect(wrapPhrases("Enter 确认  Esc 重录本张", 12)).toEqual(["Enter 确认", "Esc 重录本张"]);
  });
});
