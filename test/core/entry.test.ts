// The entry state machine: keys in, ballots and journal records out; replaying the records gives the state back.
import { markVocabulary } from "../../src/core/ballots.js";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Candidate } from "../../src/core/candidates.js";
import type { Rules } from "../../src/core/session.js";
import {
  compareCounts, countStartRecord, pressCountKey, replayCounts, type CountRecord, type CountState,
  compareEntries, EntryJournalError, initialState, markCells, pressKey, replay, runningTotals, startRecord,
  type EntryExit, type EntrySetup, type EntryState, type JournalRecord,
} from "../../src/core/entry.js";
import { differenceText, noticeText } from "../../src/io/entry-screen.js";
import { decodeKeys } from "../../src/io/keys.js";
import { renderDiagnostic } from "../../src/messages/render.js";
import { error } from "../../src/core/diagnostics.js";

function cand(id: string, name = `项目${id}`): Candidate {
  return { id, name, category: "", background: "", content: "", area: "", implementer: "", budget: "", funding: "", deadline: "", target: "", parent: "", remarks: "", line: 2, children: [] };
}

function setup(over: Partial<EntrySetup> = {}, ruleOver: Partial<EntrySetup["rules"]> = {}): EntrySetup {
  const rules = { ballot: "approve-against-abstain" as const, marks: null, maxApprovals: "formal" as const, formal: 2, blankBallot: "valid" as const, unreadableMark: "void-ballot" as const, ...ruleOver };
  return { title: "测试会议", date: "2026-01-15", round: 1, pass: "first", lines: [cand("A"), cand("B"), cand("C")], ballot: rules.ballot, maxApprovals: 2, issued: 5, rules, ...over };
}

interface Run { state: EntryState; records: JournalRecord[]; exit?: EntryExit }

/** Types a string of raw terminal input, collecting the journal records, stopping at an exit. */
function type(state: EntryState, input: string, records: JournalRecord[] = []): Run {
  for (const key of decodeKeys(input)) {
    const r = pressKey(state, key);
    state = r.state;
    if (r.record) records.push(r.record);
    if (r.exit) return { state, records, exit: r.exit };
  }
  return { state, records };
}

describe("decodeKeys", () => {
  it("reads digits, Enter (CR, LF or CRLF once), Backspace, Esc, Ctrl-C, the arrows, and skips other sequences", () => {
    expect(decodeKeys("12 \r")).toEqual(["1", "2", " ", "enter"]);
    expect(decodeKeys("1\r\n2\n")).toEqual(["1", "enter", "2", "enter"]);
    expect(decodeKeys("\x7f\b")).toEqual(["backspace", "backspace"]);
    expect(decodeKeys("\x1b")).toEqual(["escape"]);
    expect(decodeKeys("\x1b[A1\x1b[3~2\x1bOB")).toEqual(["up", "1", "2", "down"]);
    expect(decodeKeys("\x03\x04")).toEqual(["ctrl-c", "ctrl-d"]);
  });
});

describe("entry state machine", () => {
  it("asks for the returned count first, then takes one key per line and shows the ballot before accepting it", () => {
    let run = type(initialState(setup()), "5\r");
    expect(run.records).toEqual([{ type: "returned", value: 5 }]);
    expect(run.state.mode).toBe("marks");
    run = type(run.state, "12", run.records);
    expect(run.state.current).toEqual(["approve", "against"]);
    expect(run.records).toHaveLength(1);
    run = type(run.state, "3", run.records);
    // Complete, but not accepted until Enter: nothing written yet.
    expect(run.state.mode).toBe("review");
    expect(noticeText(run.state.notice)).toContain("赞成 1，反对 1，弃权 1");
    expect(run.records).toHaveLength(1);
    run = type(run.state, "\r", run.records);
    expect(run.records[1]).toEqual({ type: "ballot", seq: 1, void: false, marks: ["approve", "against", "abstain"] });
    expect(run.state.ballots).toHaveLength(1);
    expect(run.state.current).toEqual([]);
  });

  it("Backspace takes back the last mark, Esc clears the ballot in hand", () => {
    let run = type(initialState(setup()), "5\r123\x7f");
    expect(run.state.mode).toBe("marks");
    expect(run.state.current).toEqual(["approve", "against"]);
    run = type(run.state, "0\r");
    expect(run.records.at(-1)).toEqual({ type: "ballot", seq: 1, void: false, marks: ["approve", "against", "blank"] });
    run = type(run.state, "11\x1b");
    expect(run.state.current).toEqual([]);
  });

  it("marks a whole ballot void with one key", () => {
    const run = type(initialState(setup()), "5\r1*\r");
    expect(run.records.at(-1)).toEqual({ type: "ballot", seq: 1, void: true, marks: ["approve", "blank", "blank"] });
    expect(runningTotals(run.state.setup, run.state.ballots).voidByReason).toEqual({ "marked-void": 1 });
  });

  it("warns before accepting a ballot that approves more than allowed, and still records it as read", () => {
    const run = type(initialState(setup()), "5\r111");
    expect(noticeText(run.state.notice)).toContain("赞成超过限选数");
    const done = type(run.state, "\r");
    expect(done.records.at(-1)).toMatchObject({ type: "ballot", marks: ["approve", "approve", "approve"] });
    expect(runningTotals(done.state.setup, done.state.ballots)).toMatchObject({ valid: 0, void: 1, voidByReason: { "over-approval": 1 } });
  });

  it("counts 未划 before Enter as the tally reads the empty cell it is written as: 赞成 where rules.marks lists \"\" as approve", () => {
    const s = setup({}, { marks: { approve: ["同意", ""], against: ["不同意"], abstain: ["弃权"] } });
    const run = type(initialState(s), "5\r110");
    expect(noticeText(run.state.notice)).toContain("赞成 3，反对 0，弃权 0，未划 0");
    expect(noticeText(run.state.notice)).toContain("赞成超过限选数");
    const done = type(run.state, "\r");
    expect(runningTotals(done.state.setup, done.state.ballots).voidByReason).toEqual({ "over-approval": 1 });
  });

  it("the verdict shown before Enter is the tally's, for any marks under any rules of validity", () => {
    const keyOf = { approve: "1", against: "2", abstain: "3", blank: "0", unreadable: "4" } as const;
    // "only-abstain": the empty cell is the only 弃权 mark, so 弃权 is written empty too.
    const emptyAs = fc.constantFrom(null, "approve", "against", "abstain", "only-abstain");
    fc.assert(fc.property(
      fc.array(fc.constantFrom("approve", "against", "abstain", "blank", "unreadable"), { minLength: 3, maxLength: 3 }),
      emptyAs, fc.constantFrom("valid", "void"), fc.constantFrom("void-ballot", "abstain-item"),
      (marks, empty, blankBallot, unreadableMark) => {
        const lists = { approve: ["同意"], against: ["不同意"], abstain: ["弃权"] } as Record<string, string[]>;
        if (empty === "only-abstain") lists["abstain"] = [""];
        else if (empty) lists[empty] = [...lists[empty]!, ""];
        const s = setup({}, { marks: empty ? lists : null, blankBallot: blankBallot as "valid" | "void", unreadableMark: unreadableMark as "void-ballot" | "abstain-item" });
        const run = type(initialState(s), "5\r" + marks.map((m) => keyOf[m as keyof typeof keyOf]).join(""));
        expect(run.state.mode).toBe("review");
        const shown = (run.state.notice?.params as { verdict?: string } | undefined)?.verdict ?? null;
        const done = type(run.state, "\r");
        const reasons = Object.keys(runningTotals(done.state.setup, done.state.ballots).voidByReason);
        expect(shown).toBe(reasons[0] ?? null);
      },
    ), { numRuns: 300 });
  });

  it("on an approve-only ballot refuses 反对 and 弃权 keys", () => {
    const s = setup({ ballot: "approve-only" }, { ballot: "approve-only" });
    const run = type(initialState(s), "5\r2");
    expect(run.state.current).toEqual([]);
    expect(noticeText(run.state.notice)).toContain("只设赞成栏");
    expect(type(run.state, "1 0").state.current).toEqual(["approve", "blank", "blank"]);
  });

  it("undoes the last ballot only after Enter confirms", () => {
    let run = type(initialState(setup()), "5\r123\r111\r");
    expect(run.state.ballots).toHaveLength(2);
    run = type(run.state, "-x", run.records);
    expect(run.state.ballots).toHaveLength(2);
    run = type(run.state, "-\r", run.records);
    expect(run.state.ballots).toHaveLength(1);
    expect(run.records.at(-1)).toEqual({ type: "undo", seq: 2 });
  });

  it("corrects ballot k in place with g k", () => {
    let run = type(initialState(setup()), "5\r123\r111\r");
    run = type(run.state, "g1\r222\r", run.records);
    expect(run.records.at(-1)).toEqual({ type: "ballot", seq: 1, void: false, marks: ["against", "against", "against"] });
    expect(run.state.ballots).toHaveLength(2);
    expect(run.state.ballots[0]!.marks).toEqual(["against", "against", "against"]);
  });

  it("finishes with Enter once every returned ballot is in, and stops taking marks then", () => {
    let run = type(initialState(setup()), "2\r123\r000\r");
    run = type(run.state, "1");
    expect(run.state.current).toEqual([]);
    expect(noticeText(run.state.notice)).toContain("已全部录入");
    run = type(run.state, "\r", run.records);
    expect(run.exit).toBe("finished");
    expect(run.records.at(-1)).toEqual({ type: "done", count: 2 });
    expect(run.state.done).toBe(true);
  });

  it("q pauses without writing anything and drops the ballot in hand", () => {
    const run = type(initialState(setup()), "5\r123\r12q");
    expect(run.exit).toBe("quit");
    expect(run.records).toHaveLength(2);
    expect(run.state.ballots).toHaveLength(1);
  });
});

describe("replay", () => {
  it("gives back the state the records were written from", () => {
    const s = setup();
    const run = type(initialState(s), "3\r123\r*\r111\rg2\r000\r-\r");
    const back = replay(s, [startRecord(s), ...run.records]);
    expect(back.ballots).toEqual(run.state.ballots);
    expect(back.returned).toBe(run.state.returned);
  });

  it("refuses a journal from another ballot order, and a record out of place", () => {
    const s = setup();
    const other = setup({ lines: [cand("B"), cand("A"), cand("C")] });
    expect(() => replay(s, [startRecord(other)])).toThrow(EntryJournalError);
    const outOfPlace = (() => {
      try { replay(s, [startRecord(s), { type: "returned", value: 3 }, { type: "ballot", seq: 2, void: false, marks: ["blank", "blank", "blank"] }]); } catch (e) { return e; }
      return undefined;
    })();
    expect(outOfPlace).toBeInstanceOf(EntryJournalError);
    const { problem, params } = outOfPlace as EntryJournalError;
    expect(renderDiagnostic(error("E_JOURNAL", { file: "entry.jsonl" }, { problem, ...params })).message).toMatch(/不连续/);
    expect(() => replay(s, [startRecord(s), { type: "undo", seq: 1 }])).toThrow(EntryJournalError);
  });

  it("refuses a journal started for a session of another date (an entry/ folder copied from an earlier session)", () => {
    const s = setup();
    const copied = (() => { try { replay(s, [startRecord(setup({ date: "2025-01-16" }))]); } catch (e) { return e; } return undefined; })();
    expect(copied).toMatchObject({ problem: "other-session", params: { recorded: "2025-01-16", now: "2026-01-15" } });
    // A journal written before the date was recorded replays as before.
    const { date: _date, ...older } = startRecord(s) as { date?: string };
    expect(replay(s, [older as never]).ballots).toEqual([]);
  });

  it("property: for any keys, replaying the records written equals the live state", () => {
    const keyArb = fc.constantFrom("1", "2", "3", "0", " ", "4", "*", "\r", "\x7f", "\x1b", "-", "g", "r", "x");
    fc.assert(fc.property(fc.array(keyArb, { maxLength: 120 }), fc.integer({ min: 1, max: 4 }), (keys, returned) => {
      const s = setup();
      let run = type(initialState(s), `${returned}\r`);
      for (const k of keys) {
        run = type(run.state, k, run.records);
        if (run.exit) break;
      }
      const back = replay(s, [startRecord(s), ...run.records]);
      expect(back.ballots).toEqual(run.state.ballots);
      expect(back.returned).toEqual(run.state.returned);
      expect(back.done).toEqual(run.state.done);
    }), { numRuns: 300 });
  });
});

describe("compareEntries and marks", () => {
  it("lists every ballot where two entries differ, and a difference in the count", () => {
    const s = setup();
    const a = type(initialState(s), "3\r123\r111\r000\r").state;
    const b = type(initialState({ ...s, pass: "second" }), "3\r123\r121\r").state;
    const d = compareEntries(s, a, b);
    expect(d.map((x) => x.seq)).toEqual([null, 2, 3]);
    expect(differenceText(d[1]!)).toContain("B 项目B：第一次赞成，第二次反对");
    expect(differenceText(d[2]!)).toContain("只在第一次录入中");
    expect(compareEntries(s, a, a)).toEqual([]);
  });

  it("writes each mark as the first of the session's own list that a spreadsheet keeps as text", () => {
    expect(markCells({ marks: null })).toEqual({ approve: "○", against: "×", abstain: "弃权", blank: "", unreadable: "无法辨认" });
    expect(markCells({ marks: { abstain: ["-", "弃"] } })).toMatchObject({ abstain: "弃" });
    expect(markCells({ marks: { approve: ["+"] } })).toHaveProperty("error");
  });

  it("writes each mark as a cell the tally reads back as that mark, and 弃权 never as an empty cell", () => {
    // A given list may take a default mark: ○ is 弃权 here, so 赞成 must not be written ○.
    expect(markCells({ marks: { abstain: ["○"] } })).toMatchObject({ approve: "〇", against: "×", abstain: "○" });
    expect(markCells({ marks: { approve: ["×", "√"] } })).toMatchObject({ approve: "×", against: "X" });
    // An empty cell is 未划: written 弃权 must stay apart from it, or a blank-ballot rule would void the ballot.
    expect(markCells({ marks: { abstain: ["", "弃"] } })).toMatchObject({ abstain: "弃", blank: "" });
    expect(markCells({ marks: { against: ["○", "〇", "O", "o", "赞成", "同意", "1"] } })).toEqual({ error: "approve" });
    // 弃权 taken by the against list leaves only "-" (a formula to a spreadsheet) and the empty cell, which
    // reads as against here too: nothing is left that reads as 弃权.
    expect(markCells({ marks: { against: ["弃权", ""] } })).toEqual({ error: "abstain", approve: "○" });
    // Where the session's only 弃权 is the empty cell, 弃权 is written empty (the paper looks the same).
    expect(markCells({ marks: { approve: ["√"], abstain: [""] }, ballot: "approve-only" })).toMatchObject({ approve: "√", abstain: "" });
    // A list whose only 弃权 is "-" (a formula to a spreadsheet) has none to write: an empty cell instead would
    // make a ballot of 弃权 a blank ballot, void under blankBallot "void".
    expect(markCells({ marks: { approve: ["√"], against: ["×"], abstain: ["-"] } })).toEqual({ error: "abstain", approve: "√" });
    expect(markCells({ marks: { against: ["弃权", "×"] } })).toEqual({ error: "abstain", approve: "○" });
    const sessions: Rules["marks"][] = [null, { abstain: ["○"] }, { approve: ["×", "√"] }, { abstain: ["", "弃"] }, { against: ["弃权", "×"], abstain: ["弃"] }];
    for (const marks of sessions) {
      for (const ballot of ["approve-against-abstain", "approve-only"] as const) {
        const cells = markCells({ marks, ballot });
        if ("error" in cells) throw new Error(`no cells for ${JSON.stringify(marks)}`);
        const reads = markVocabulary({ marks, ballot });
        expect([reads(cells.approve), reads(cells.abstain), reads(cells.unreadable)]).toEqual(["approve", "abstain", "unreadable"]);
        if (ballot === "approve-against-abstain") expect(reads(cells.against)).toBe("against");
      }
    }
  });
});

describe("count sheet entry (enter --counts)", () => {
  function typeCounts(state: CountState, input: string, records: CountRecord[] = []): { state: CountState; records: CountRecord[]; exit?: EntryExit } {
    for (const key of decodeKeys(input)) {
      const r = pressCountKey(state, key);
      state = r.state;
      if (r.record) records.push(r.record);
      if (r.exit) return { state, records, exit: r.exit };
    }
    return { state, records };
  }
  const empty = (s = setup()) => replayCounts(s, [countStartRecord(s)]);

  it("takes 收回, 无效, then each line's columns, and finishes only when every line adds up to 收回 − 无效", () => {
    let run = typeCounts(empty(), "5\r1\r2\r1\r1\r");
    expect(run.state.values).toMatchObject({ returned: 5, void: 1, "A:approve": 2, "A:against": 1, "A:abstain": 1 });
    // B adds up to 5, not 4: its first figure is asked again, and what was typed is kept in the journal.
    run = typeCounts(run.state, "3\r1\r1\r", run.records);
    expect(run.state.notice).toMatchObject({ key: "count-line-sum", params: { id: "B", sum: 5, valid: 4 } });
    expect(run.state.at).toBe(5);
    run = typeCounts(run.state, "2\r\r\r4\r0\r0\r", run.records);
    expect(run.state.notice).toMatchObject({ key: "count-review" });
    run = typeCounts(run.state, "\r", run.records);
    expect(run.exit).toBe("finished");
    expect(run.state.done).toBe(true);
    const replayed = replayCounts(setup(), [countStartRecord(setup()), ...run.records]);
    expect(replayed.values).toEqual(run.state.values);
    expect(replayed.done).toBe(true);
  });

  it("taken up again, goes back to a line sent back for not adding up, not on to the next empty figure", () => {
    // 收回 3, 无效 1: A 2/0/0 adds up, B 1/0/0 does not and is sent back; the clerk pauses there.
    const run = typeCounts(empty(), "3\r1\r2\r0\r0\r1\r0\r0\r");
    expect(run.state.at).toBe(5);
    const resumed = replayCounts(setup(), [countStartRecord(setup()), ...run.records]);
    expect(resumed.at).toBe(5);
    expect(resumed.notice).toMatchObject({ key: "count-line-sum", params: { id: "B", sum: 1, valid: 2 } });
    // Put right, the form goes on at the first empty figure.
    const fixed = typeCounts(resumed, "2\r0\r0\r", [...run.records]);
    const again = replayCounts(setup(), [countStartRecord(setup()), ...fixed.records]);
    expect(again.at).toBe(8);
    expect(again.notice).toBeNull();
  });

  it("on the review, a digit is answered with the keys the review takes, not with a request for digits", () => {
    const run = typeCounts(empty(), "5\r1\r2\r1\r1\r4\r0\r0\r4\r0\r0\r");
    expect(run.state.notice).toMatchObject({ key: "count-review" });
    const digit = typeCounts(run.state, "7");
    expect(digit.state.notice).toMatchObject({ key: "count-review-keys" });
    expect(digit.state.input).toBe("");
  });

  it("a line corrected from the review goes back to the review, not on through the lines after it", () => {
    let run = typeCounts(empty(), "5\r1\r2\r1\r1\r1\r2\r1\r4\r0\r0\r");
    expect(run.state.at).toBe(11);
    // From the review, ⌫ back to B's 反对 and 弃权 (typed the wrong way round) and type them again.
    run = typeCounts(run.state, "\x7f".repeat(5) + "1\r2\r", run.records);
    expect(run.state.values).toMatchObject({ "B:against": 1, "B:abstain": 2 });
    expect(run.state.at).toBe(11);
    expect(run.state.notice).toMatchObject({ key: "count-review" });
    expect(typeCounts(run.state, "\r", run.records).exit).toBe("finished");
  });

  it("a changed 无效 sends the clerk back to the line that no longer adds up", () => {
    let run = typeCounts(empty(), "5\r1\r2\r1\r1\r2\r1\r1\r4\r0\r0\r");
    // Back to 无效 (⌫ on nothing goes back a figure) and change it: every line is now 1 too many.
    run = typeCounts(run.state, "\x7f".repeat(10) + "0\r" + "\r".repeat(3), run.records);
    expect(run.exit).toBeUndefined();
    expect(run.state.notice).toMatchObject({ key: "count-line-sum", params: { id: "A", sum: 4, valid: 5 } });
    expect(run.state.at).toBe(2);
    // Straight to the end with Enter is not let through either: the review finds the first line that is off.
    const review = typeCounts({ ...run.state, at: 11 }, "\r", run.records);
    expect(review.exit).toBeUndefined();
    expect(review.state.notice).toMatchObject({ key: "count-line-sum", params: { id: "A" } });
  });

  it("refuses a journal from another form and compares two entries figure by figure", () => {
    const other = setup({ lines: setup().lines.slice(0, 2) });
    expect(() => replayCounts(setup(), [countStartRecord(other)])).toThrow(EntryJournalError);
    expect(() => replayCounts(setup(), [countStartRecord(setup()), { type: "value", field: "Z:approve", value: 1 }])).toThrow(EntryJournalError);
    const a = typeCounts(empty(), "5\r1\r").state;
    const b = typeCounts(empty(), "5\r2\r").state;
    expect(compareCounts(setup(), a, b).map((d) => [d.field.key, d.first, d.second])).toEqual([["void", 1, 2]]);
  });
});
