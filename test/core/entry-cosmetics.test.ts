// What the entry screens say once every ballot is in, after undoing a ballot entered past 收回, and about
// 发出 on the count form: no number past the last ballot, no ballot asked for again, and 收回 > 发出 said.
import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/core/candidates.js";
import { countStartRecord, pressCountKey, pressKey, replay, replayCounts, startRecord, type CountState, type EntrySetup, type EntryState } from "../../src/core/entry.js";
import { countScreen, entryScreen, noticeText } from "../../src/io/entry-screen.js";
import { decodeKeys } from "../../src/io/keys.js";

function cand(id: string): Candidate {
  return { id, name: `项目${id}`, category: "", background: "", content: "", area: "", implementer: "", budget: "", funding: "", deadline: "", target: "", parent: "", remarks: "", line: 2, children: [] };
}

const rules = { ballot: "approve-against-abstain" as const, marks: null, maxApprovals: "formal" as const, formal: 2, blankBallot: "valid" as const, unreadableMark: "void-ballot" as const };
const setup: EntrySetup = {
  title: "测试会议", date: "2026-01-15", round: 1, pass: "first", lines: ["A", "B", "C"].map(cand),
  ballot: rules.ballot, maxApprovals: 2, issued: 14, rules,
};

function typeKeys(state: EntryState, input: string): EntryState {
  for (const key of decodeKeys(input)) state = pressKey(state, key).state;
  return state;
}

function typeCounts(state: CountState, input: string): CountState {
  for (const key of decodeKeys(input)) state = pressCountKey(state, key).state;
  return state;
}

/** The column heading of the marks: the 4th column of the heading row. */
const heading = (screen: string[]) => screen.find((l) => l.startsWith("序号"))!;

describe("the entry screens' words", () => {
  it("once every ballot is in, the marks column is headed by no ballot number", () => {
    let state = typeKeys(replay(setup, [startRecord(setup)]), "2\r112\r");
    expect(heading(entryScreen(state))).toContain("第 2 张");
    state = typeKeys(state, "121\r");
    expect(heading(entryScreen(state))).not.toMatch(/第 \d+ 张/);
    expect(entryScreen(state)).toContain("收回的 2 张已全部录入：按 Enter 完成本次录入");
  });

  it("undoing a ballot entered past 收回 says what is left to do, not to enter it again", () => {
    // Three entered, then 收回 corrected to 2: one too many.
    let state = typeKeys(replay(setup, [startRecord(setup)]), "3\r112\r121\r211\rr2\r");
    state = typeKeys(state, "-\r");
    expect(noticeText(state.notice)).toBe("已撤销第 3 张。收回的 2 张已全部录入：按 Enter 完成本次录入");
    // Two too many: the first undo says one is still over.
    state = typeKeys(replay(setup, [startRecord(setup)]), "3\r112\r121\r211\rr1\r-\r");
    expect(noticeText(state.notice)).toBe("已撤销第 3 张。已录入 2 张，仍多于收回的 1 张：再按 - 撤销多录的票，或按 r 改正收回票数");
    // Under 收回, the ballot undone is the one to enter again, as before.
    state = typeKeys(replay(setup, [startRecord(setup)]), "3\r112\r121\r-\r");
    expect(noticeText(state.notice)).toBe("已撤销第 2 张，请重新录入这一张");
  });

  it("收回 corrected below the ballots entered says at once that there are too many, and what to press", () => {
    // 收回 5, three entered, then r 2: Enter would refuse, so neither the notice nor the prompt offers it.
    let state = typeKeys(replay(setup, [startRecord(setup)]), "5\r112\r121\r211\rr2\r");
    const over = "已录入 3 张，多于收回的 2 张：按 - 撤销多录的票，或按 r 改正收回票数";
    expect(noticeText(state.notice)).toBe(`收回 2 张。${over}`);
    expect(entryScreen(state)).toContain(over);
    expect(entryScreen(state).join("\n")).not.toContain("按 Enter 完成");
    // A mark key, or * for a void ballot, is told the same, not that every ballot is in.
    for (const key of ["1", "*"]) expect(noticeText(typeKeys(state, key).notice)).toBe(over);
    expect(noticeText(typeKeys(state, "\r").notice)).toBe(over);
    // Undone down to 收回, Enter finishes as before.
    state = typeKeys(state, "-\r");
    expect(entryScreen(state)).toContain("收回的 2 张已全部录入：按 Enter 完成本次录入");
  });

  it("the count form shows 发出 and says at once when 收回 is more", () => {
    let state = replayCounts(setup, [countStartRecord(setup)]);
    expect(countScreen(state).some((l) => l.startsWith("收回票数（发出 14 张）：▶"))).toBe(true);
    state = typeCounts(state, "15\r");
    expect(noticeText(state.notice)).toBe("注意：收回 15 张多于发出 14 张，按规定本次票决无效。输错了的，按 ⌫ 回到收回票数改正");
    expect(countScreen(state)).toContain(noticeText(state.notice));
    state = typeCounts(state, "\x7f14\r");
    expect(state.notice).toBeNull();
  });
});

describe("the undo question", () => {
  it("is asked once, on the prompt line, not again as a notice", () => {
    const state = typeKeys(replay(setup, [startRecord(setup)]), "3\r112\r121\r-");
    expect(state.mode).toBe("undo");
    expect(state.notice).toBeNull();
    expect(entryScreen(state).filter((l) => l.includes("撤销第 2 张？Enter 撤销，其他键取消"))).toHaveLength(1);
  });
});
