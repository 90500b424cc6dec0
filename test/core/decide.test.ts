// The decision rules of SPEC §6.5–6.8 on plain numbers: threshold bases, shared ranks, a tie at the
// cutoff, a shortfall (runoff or accept-fewer), the runoff thresholds and a void vote.
import { describe, expect, it } from "vitest";
import type { RoundCount } from "../../src/core/ballots.js";
import type { Candidate } from "../../src/core/candidates.js";
import { checkCompetition } from "../../src/core/candidates.js";
import { competitionRanks, decideFirstRound, decideRunoffRound, finishTally, runoffNeeded, type TallyState } from "../../src/core/decide.js";
import { parseSession } from "../../src/core/session.js";

function session(rules: Record<string, unknown>, deputies = { total: 10, present: 9 }) {
  const parsed = parseSession(JSON.stringify({ title: "测试", date: "2026-01-15", deputies, issued: [deputies.present], rules }));
  if (!parsed.value) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.value;
}

function candidates(n: number): Candidate[] {
  return Array.from({ length: n }, (_, i) => ({ id: `P${i + 1}`, name: `项目${i + 1}`, line: i + 2, children: [] }) as unknown as Candidate);
}

/** The one place the tests build a round's count: approve votes per line, the rest abstentions. */
function count(round: number, approves: number[], valid: number, ids = approves.map((_, i) => `P${i + 1}`), issued = valid, returned = valid): RoundCount {
  return {
    round, source: "counts", issued, returned, valid, void: returned - valid, voidByReason: {},
    totals: approves.map((approve, i) => ({ id: ids[i]!, approve, against: 0, abstain: valid - approve })),
  };
}

function first(rules: Record<string, unknown>, approves: number[], valid = 9, deputies = { total: 10, present: 9 }, returned = valid): TallyState {
  const s = session(rules, deputies);
  const lines = candidates(approves.length);
  return decideFirstRound(s.session, s.rules, lines, count(1, approves, valid, undefined, deputies.present, returned), checkCompetition(lines.length, s.rules));
}

const outcome = (state: TallyState) => Object.fromEntries(finishTally(state).candidates.map((c) => [c.id, c.status]));
/** What the result says of each candidate: status, the round shown, its approve votes there. */
const shown = (state: TallyState) => Object.fromEntries(finishTally(state).candidates.map((c) => [c.id, [c.status, c.round, c.approve]]));

describe("competition ranks", () => {
  it("share a rank between equal counts and skip the ranks they take", () => {
    expect(competitionRanks([5, 7, 7, 3, 5])).toEqual([3, 1, 1, 5, 3]);
    expect(competitionRanks([])).toEqual([]);
  });
});

describe("the first round", () => {
  it("needs more than half of all deputies by default, of those present or of the valid ballots when asked", () => {
    const approves = [6, 5, 4];
    expect(first({ formal: 2 }, approves).needed).toBe(6); // 10 deputies
    expect(first({ formal: 2, threshold: "present" }, approves).needed).toBe(5); // 9 present
    expect(first({ formal: 2, threshold: "valid" }, approves, 7).needed).toBe(4); // 7 valid ballots
    expect(first({ formal: 2, threshold: "none" }, approves).needed).toBe(0);
  });

  it("selects by rank within the number to select, and says so of each candidate with its counts", () => {
    const state = first({ formal: 2, threshold: "present" }, [8, 6, 7, 2]);
    expect(outcome(state)).toEqual({ P1: "selected", P3: "selected", P2: "not-selected", P4: "below-threshold" });
    expect(shown(state)).toEqual({
      P1: ["selected", 1, 8], P3: ["selected", 1, 7], P2: ["not-selected", 1, 6], P4: ["below-threshold", 1, 2],
    });
    expect(finishTally(state).selected).toEqual(["P1", "P3"]);
    expect(state.needed).toBe(5);
    expect(state.runoff).toBeNull();
  });

  it("sends a tie at the cutoff to a runoff for the seats left", () => {
    const state = first({ formal: 2, threshold: "present" }, [8, 6, 6, 4]);
    expect(outcome(state)).toEqual({ P1: "selected", P2: "tied", P3: "tied", P4: "below-threshold" });
    expect(state.runoff).toEqual({ round: 2, seats: 1, candidates: ["P2", "P3"], reason: "tie" });
    expect(finishTally(state).selected).toEqual(["P1"]);
    expect(shown(state)).toMatchObject({ P2: ["tied", 1, 6], P3: ["tied", 1, 6] });
  });

  it("on a shortfall holds a runoff among those below the threshold, or accepts fewer when the rules say so", () => {
    const runoff = first({ formal: 2, threshold: "present" }, [8, 3, 4]);
    expect(runoff.runoff).toEqual({ round: 2, seats: 1, candidates: ["P2", "P3"], reason: "shortfall" });
    expect(shown(runoff)).toEqual({ P1: ["selected", 1, 8], P3: ["below-threshold", 1, 4], P2: ["below-threshold", 1, 3] });
    expect(finishTally(runoff).selected).toEqual(["P1"]);
    const fewer = first({ formal: 2, threshold: "present", shortfall: "accept-fewer" }, [8, 3, 4]);
    expect(fewer.runoff).toBeNull();
    expect(finishTally(fewer).selected).toEqual(["P1"]);
    expect(fewer.warnings.map((w) => [w.code, w.params])).toEqual([["W_SHORTFALL_ACCEPTED", { qualified: 1, formal: 2 }]]);
  });

  it("is void without a quorum or with more ballots returned than issued, and then selects nothing", () => {
    const noQuorum = first({ formal: 1 }, [5, 1], 5, { total: 10, present: 6 });
    expect(noQuorum.voidReasons).toEqual(["quorum-not-met"]);
    const result = finishTally(noQuorum);
    expect(result.valid).toBe(false);
    expect(result.selected).toEqual([]);
    expect(result.candidates.every((c) => c.status === "not-selected")).toBe(true);
    expect(first({ formal: 1 }, [9, 1], 9, { total: 10, present: 9 }, 10).voidReasons).toEqual(["more-returned-than-issued"]);
  });
});

describe("a runoff round", () => {
  const tied = (rules: Record<string, unknown>) => first({ formal: 2, threshold: "present", ...rules }, [8, 6, 6, 5]);

  it("needs a plurality by default, the first round's number with “same”, a third of the returned ballots with “one-third”", () => {
    const s = session({ formal: 2 });
    expect(runoffNeeded({ ...s.rules, runoffThreshold: "plurality" }, 6, 9)).toBe(0);
    expect(runoffNeeded({ ...s.rules, runoffThreshold: "same" }, 6, 9)).toBe(6);
    expect(runoffNeeded({ ...s.rules, runoffThreshold: "one-third" }, 6, 10)).toBe(4);
  });

  it("gives the seats left to the most approved", () => {
    const state = decideRunoffRound(tied({}), count(2, [3, 5], 9, ["P2", "P3"]));
    expect(outcome(state)).toMatchObject({ P3: "selected", P2: "not-selected" });
    expect(shown(state)).toMatchObject({ P3: ["selected", 2, 5], P2: ["not-selected", 2, 3] });
    expect(finishTally(state).selected).toEqual(["P1", "P3"]);
    expect(finishTally(state).final).toBe(true);
  });

  it("leaves a seat empty when no candidate reaches the runoff threshold", () => {
    const state = decideRunoffRound(tied({ runoffThreshold: "same" }), count(2, [3, 4], 9, ["P2", "P3"]));
    expect(outcome(state)).toMatchObject({ P2: "not-selected", P3: "not-selected" });
    expect(shown(state)).toMatchObject({ P3: ["not-selected", 2, 4] });
    expect(state.rounds[1]!.needed).toBe(5);
    expect(state.warnings.map((w) => [w.code, w.params])).toEqual([["W_SEATS_UNFILLED", { round: 2, unfilled: 1, needed: 5 }]]);
  });

  it("with one-third, selects a candidate over a third of the ballots returned", () => {
    const state = decideRunoffRound(tied({ runoffThreshold: "one-third" }), count(2, [2, 3], 9, ["P2", "P3"]));
    expect(outcome(state)).toMatchObject({ P2: "not-selected", P3: "selected" });
    expect(shown(state)).toMatchObject({ P2: ["not-selected", 2, 2], P3: ["selected", 2, 3] });
    expect(state.rounds[1]!.needed).toBe(3);
  });

  it("goes to another round when the runoff ties again", () => {
    const state = decideRunoffRound(tied({}), count(2, [4, 4], 9, ["P2", "P3"]));
    expect(state.runoff).toEqual({ round: 3, seats: 1, candidates: ["P2", "P3"], reason: "tie" });
    expect(shown(state)).toMatchObject({ P2: ["tied", 2, 4], P3: ["tied", 2, 4] });
    expect(finishTally(state).final).toBe(false);
  });
});

describe("the state between rounds", () => {
  it("is left as it was by a runoff round, which gives a new one", () => {
    const before = first({ formal: 2, threshold: "present" }, [8, 6, 6, 5]);
    const was = JSON.stringify(finishTally(before));
    const after = decideRunoffRound(before, count(2, [3, 5], 9, ["P2", "P3"]));
    expect(JSON.stringify(finishTally(before))).toBe(was);
    expect(before.runoff).toEqual({ round: 2, seats: 1, candidates: ["P2", "P3"], reason: "tie" });
    expect(finishTally(after).selected).toEqual(["P1", "P3"]);
  });
});
