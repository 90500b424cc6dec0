// Where Enter takes the cursor on the count form (enter --counts): the clerk reads the count sheet line by
// line, so a line typed again, or gone back to with ⌫, is walked figure by figure before the form goes on.
import { describe, expect, it } from "vitest";
import type { Candidate } from "../../src/core/candidates.js";
import { countFields, countStartRecord, pressCountKey, replayCounts, type CountState, type EntrySetup } from "../../src/core/entry.js";
import { decodeKeys } from "../../src/io/keys.js";

function cand(id: string): Candidate {
  return { id, name: `项目${id}`, category: "", background: "", content: "", area: "", implementer: "", budget: "", funding: "", deadline: "", target: "", parent: "", remarks: "", line: 2, children: [] };
}

const rules = { ballot: "approve-against-abstain" as const, marks: null, maxApprovals: "formal" as const, formal: 3, blankBallot: "valid" as const, unreadableMark: "void-ballot" as const };
const setup: EntrySetup = {
  title: "测试会议", date: "2026-01-15", round: 1, pass: "first", lines: ["A1", "A2", "A3", "A4", "A5"].map(cand),
  ballot: rules.ballot, maxApprovals: 3, issued: 15, rules,
};

function typeCounts(state: CountState, input: string): CountState {
  for (const key of decodeKeys(input)) state = pressCountKey(state, key).state;
  return state;
}

/** The figure under the cursor, as "A2:against" (or "review" past the last). */
const cursor = (state: CountState) => countFields(setup)[state.at]?.key ?? "review";

const fresh = () => replayCounts(setup, [countStartRecord(setup)]);

describe("the count form's cursor", () => {
  it("refuses 0 ballots returned, as the ballot form does: a count of no ballot is no count (tally refuses it)", () => {
    const result = pressCountKey(typeCounts(fresh(), "0"), "enter");
    expect(result.state.notice).toMatchObject({ key: "returned-positive" });
    expect(result.record).toBeUndefined();
    expect(cursor(result.state)).toBe("returned");
    // ⌫ back to 收回 from 无效 and 00 typed over it: refused too, and the 5 stays.
    let state = typeCounts(fresh(), "5\r");
    state = typeCounts(state, "\x7f00\r");
    expect(state.notice).toMatchObject({ key: "returned-positive" });
    expect(state.values["returned"]).toBe(5);
    expect(typeCounts(state, "6\r").values["returned"]).toBe(6);
    // A round none was issued for returned none: 0 is what happened.
    const noneIssued = replayCounts({ ...setup, issued: 0 }, [countStartRecord({ ...setup, issued: 0 })]);
    expect(typeCounts(noneIssued, "0\r").values["returned"]).toBe(0);
  });

  it("walks a refused line figure by figure, so its figures do not land in the next line", () => {
    let state = typeCounts(fresh(), "15\r3\r8\r2\r2\r7\r3\r3\r");
    expect(state.notice).toMatchObject({ key: "count-line-sum", params: { id: "A2", sum: 13, valid: 12 } });
    expect(cursor(state)).toBe("A2:approve");
    state = typeCounts(state, "7\r");
    expect(cursor(state)).toBe("A2:against");
    state = typeCounts(state, "2\r");
    expect(cursor(state)).toBe("A2:abstain");
    state = typeCounts(state, "3\r");
    expect(state.notice).toBeNull();
    expect(cursor(state)).toBe("A3:approve");
    expect(state.values).toMatchObject({ "A2:approve": 7, "A2:against": 2, "A2:abstain": 3 });
    expect(state.values["A3:approve"]).toBeUndefined();
  });

  it("after ⌫ back to an earlier figure, Enter goes to that line's next figure, then back to where the form was left", () => {
    let state = typeCounts(fresh(), "15\r3\r8\r2\r2\r7\r2\r3\r");
    expect(cursor(state)).toBe("A3:approve");
    state = typeCounts(state, "\x7f\x7f\x7f");
    expect(cursor(state)).toBe("A2:approve");
    state = typeCounts(state, "6\r");
    expect(cursor(state)).toBe("A2:against");
    state = typeCounts(state, "3\r");
    expect(cursor(state)).toBe("A2:abstain");
    // Enter keeps the figure there; the line adds up, and the form goes on where it was left.
    state = typeCounts(state, "\r");
    expect(state.notice).toBeNull();
    expect(cursor(state)).toBe("A3:approve");
    // Gone back two lines, the line fixed: back to the first empty figure, not through the line between.
    state = typeCounts(state, "9\r2\r1\r" + "\x7f".repeat(4));
    expect(cursor(state)).toBe("A2:abstain");
    state = typeCounts(state, "\x7f\x7f");
    expect(cursor(state)).toBe("A2:approve");
    state = typeCounts(state, "\r\r\r");
    expect(cursor(state)).toBe("A4:approve");
  });

  it("收回 and 无效 are the sheet's first line: Enter on 收回 goes to 无效", () => {
    let state = typeCounts(fresh(), "15\r3\r8\r2\r2\r");
    state = typeCounts(state, "\x7f".repeat(5));
    expect(cursor(state)).toBe("returned");
    state = typeCounts(state, "\r");
    expect(cursor(state)).toBe("void");
    state = typeCounts(state, "\r");
    expect(cursor(state)).toBe("A2:approve");
  });
});
