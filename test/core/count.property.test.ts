// Property tests of the counting invariants (SPEC §6.3–6.4, §6.7–6.8).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countBallotTable, type RoundCount } from "../../src/core/ballots.js";
import { parseCandidates, checkCompetition } from "../../src/core/candidates.js";
import { decideFirstRound, decideRunoffRound, finishTally } from "../../src/core/decide.js";
import { parseSession } from "../../src/core/session.js";
import type { Table } from "../../src/core/table.js";

const MARKS = ["○", "〇", "O", "o", "赞成", "同意", "1", "×", "X", "x", "✗", "反对", "不同意", "0", "", "弃权", "-", "√", "?", "２"];
const APPROVE = new Set(["○", "〇", "O", "o", "赞成", "同意", "1"]);
const AGAINST = new Set(["×", "X", "x", "✗", "反对", "不同意", "0"]);
const ABSTAIN = new Set(["", "弃权", "-"]);

const rulesArb = fc.record({
  ballot: fc.constantFrom("approve-against-abstain", "approve-only"),
  maxApprovals: fc.oneof(fc.constant("formal"), fc.constant("none"), fc.integer({ min: 1, max: 6 })),
  blankBallot: fc.constantFrom("valid", "void"),
  unreadableMark: fc.constantFrom("void-ballot", "abstain-item"),
  threshold: fc.constantFrom("total", "present", "valid", "none"),
  shortfall: fc.constantFrom("runoff", "accept-fewer"),
  runoffThreshold: fc.constantFrom("plurality", "same", "one-third"),
});

const scenarioArb = fc.integer({ min: 1, max: 7 }).chain((c) =>
  fc.record({
    c: fc.constant(c),
    formal: fc.integer({ min: 1, max: c }),
    rules: rulesArb,
    total: fc.integer({ min: 1, max: 40 }),
    ballots: fc.array(fc.record({ void: fc.constantFrom("", "", "", "", "破损"), cells: fc.array(fc.constantFrom(...MARKS), { minLength: c, maxLength: c }) }), { maxLength: 40 }),
  }),
);

type Scenario = { c: number; formal: number; rules: Record<string, unknown>; total: number; ballots: { void: string; cells: string[] }[] };

function setup(s: fc.RecordValue<Scenario, keyof Scenario>) {
  const ids = Array.from({ length: s.c }, (_, i) => `P${i + 1}`);
  const present = s.total;
  const session = parseSession(JSON.stringify({ title: "t", date: "2026-01-15", deputies: { total: s.total, present }, issued: [s.ballots.length, s.ballots.length, s.ballots.length], rules: { formal: s.formal, order: "as-listed", ...s.rules } })).value!;
  const candidates = parseCandidates({ file: "candidates.csv", header: ["编号", "项目名称"], headerLine: 1, rows: ids.map((id, i) => ({ line: i + 2, cells: [id, `项目${id}`] })) }, "candidates").value!;
  const table: Table = { file: "ballots.csv", header: ["作废", ...ids], headerLine: 1, rows: s.ballots.map((b, i) => ({ line: i + 2, cells: [b.void, ...b.cells] })) };
  return { session, candidates, table, ids };
}

/** An independent reading of SPEC §6.3 for one ballot, to compare against. */
function referenceBallot(rules: Record<string, unknown>, formal: number, voidCell: string, cells: string[]): { reason: string | null; marks: string[] } {
  const approveOnly = rules.ballot === "approve-only";
  const marks = cells.map((cell) => {
    const c = cell.normalize("NFKC");
    if (APPROVE.has(c)) return "approve";
    if (ABSTAIN.has(c)) return "abstain";
    if (AGAINST.has(c)) return approveOnly ? "unreadable" : "against";
    return "unreadable";
  });
  const unreadable = marks.includes("unreadable");
  const counted = marks.map((m) => (m === "unreadable" && rules.unreadableMark === "abstain-item" ? "abstain" : m));
  const max = rules.maxApprovals === "formal" ? formal : rules.maxApprovals === "none" ? Infinity : (rules.maxApprovals as number);
  let reason: string | null = null;
  if (voidCell !== "") reason = "marked-void";
  else if (unreadable && rules.unreadableMark === "void-ballot") reason = "unreadable";
  else if (counted.filter((m) => m === "approve").length > max) reason = "over-approval";
  else if (cells.every((x) => x === "") && rules.blankBallot === "void") reason = "blank";
  return { reason, marks: counted };
}

describe("counting invariants", () => {
  it("approve + against + abstain = valid for every candidate; returned = valid + void; matches an independent reading", () => {
    fc.assert(fc.property(scenarioArb, (s) => {
      const { session, candidates, table } = setup(s);
      const r = countBallotTable(table, { lines: candidates.lines, rules: session.rules, round: 1, issued: s.ballots.length });
      const count = r.value!;
      // A row with counts (2 and more, not marks) under two or more lines, and no ballot after it, is a 合计
      // row, refused; with a ballot after it, it is a ballot. Either way the fold counted it as a ballot
      // with unreadable marks, so the invariants hold over every row.
      const countRow = (b: { cells: string[] }) => b.cells.filter((c) => c === "２").length >= 2;
      let end = s.ballots.length;
      while (end > 0 && countRow(s.ballots[end - 1]!)) end--;
      const totalRows = s.ballots.flatMap((_, i) => (i >= end ? [i + 2] : []));
      expect(r.diagnostics.filter((d) => d.code === "E_TOTAL_ROW").map((d) => d.at.line)).toEqual(totalRows);
      const ballots = s.ballots;
      expect(count.returned).toBe(ballots.length);
      expect(count.valid + count.void).toBe(count.returned);
      expect(Object.values(count.voidByReason).reduce((a, b) => a + (b ?? 0), 0)).toBe(count.void);
      for (const t of count.totals) expect(t.approve + t.against + t.abstain).toBe(count.valid);
      // Independent reading
      const ref = ballots.map((b) => referenceBallot(s.rules, s.formal, b.void, b.cells));
      const reasons: Record<string, number> = {};
      for (const x of ref) if (x.reason) reasons[x.reason] = (reasons[x.reason] ?? 0) + 1;
      expect(count.voidByReason).toEqual(reasons);
      count.totals.forEach((t, i) => {
        const valid = ref.filter((x) => x.reason === null);
        expect(t.approve).toBe(valid.filter((x) => x.marks[i] === "approve").length);
        expect(t.against).toBe(valid.filter((x) => x.marks[i] === "against").length);
      });
    }), { numRuns: 400 });
  });
});

function checkDecision(result: ReturnType<typeof finishTally>, formal: number, needed: number) {
  expect(result.selected.length).toBeLessThanOrEqual(formal);
  expect(new Set(result.selected).size).toBe(result.selected.length);
  if (result.runoff) {
    expect(result.selected.length + result.runoff.seats).toBeLessThanOrEqual(formal);
    expect(result.runoff.seats).toBeGreaterThan(0);
  }
  const byId = new Map(result.candidates.map((c) => [c.id, c]));
  for (const c of result.candidates.filter((x) => x.round === 1)) {
    if (c.status === "selected") expect(c.approve).toBeGreaterThanOrEqual(needed);
    if (c.status === "below-threshold") expect(c.approve).toBeLessThan(needed);
  }
  // A tie is never decided silently: within one deciding round, a selected candidate never has the
  // same approve count as a candidate of that round left without a seat, unless that one failed a threshold.
  for (const s of result.candidates.filter((x) => x.status === "selected")) {
    for (const o of result.candidates.filter((x) => x.round === s.round && x.status === "not-selected")) {
      if (o.approve === s.approve) {
        // only possible when o did not reach the runoff threshold — which s met with the same count: impossible
        throw new Error(`tie between ${s.id} and ${o.id} decided silently`);
      }
    }
  }
  if (result.runoff?.reason === "tie") {
    const tied = result.runoff.candidates.map((id) => byId.get(id)!);
    expect(new Set(tied.map((t) => t.approve)).size).toBe(1);
    expect(tied.length).toBeGreaterThan(result.runoff.seats);
    expect(tied.every((t) => t.status === "tied")).toBe(true);
  }
  expect(result.candidates.filter((c) => c.status === "tied").length).toBe(result.runoff?.reason === "tie" ? result.runoff.candidates.length : 0);
}

describe("decision invariants", () => {
  it("selection never exceeds N, ties at the cutoff are never decided silently, across runoff rounds", () => {
    fc.assert(fc.property(scenarioArb, fc.array(fc.array(fc.nat(40), { minLength: 7, maxLength: 7 }), { maxLength: 3 }), (s, laterRounds) => {
      const { session, candidates, table } = setup(s);
      const count = countBallotTable(table, { lines: candidates.lines, rules: session.rules, round: 1, issued: s.ballots.length }).value!;
      let state = decideFirstRound(session.session, session.rules, candidates.lines, count, checkCompetition(candidates.lines.length, session.rules));
      checkDecision(finishTally({ ...state, entries: new Map([...state.entries].map(([k, v]) => [k, { ...v }])), selected: [...state.selected] }), s.formal, state.needed);
      let round = 2;
      for (const approvals of laterRounds) {
        if (!state.runoff || state.voidReasons.length > 0) break;
        const ids = state.runoff.candidates;
        const returned = 20;
        const totals = ids.map((id, i) => { const a = Math.min(approvals[i] ?? 0, returned); return { id, approve: a, against: 0, abstain: returned - a }; });
        const rc: RoundCount = { round, source: "counts", issued: returned, returned, valid: returned, void: 0, voidByReason: {}, totals };
        state = decideRunoffRound(state, rc);
        round++;
      }
      checkDecision(finishTally(state), s.formal, state.needed);
    }), { numRuns: 400 });
  });
});
