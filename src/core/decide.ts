// Threshold, ranking, selection and runoff rounds (SPEC §6.1–6.2, §6.5–6.8). Pure: counts in, decision out.
import type { Candidate } from "./candidates.js";
import { competitionParams, type CompetitionCheck } from "./candidates.js";
import { warning, type Diagnostic } from "./diagnostics.js";
import { ceilTimes, percent1 } from "./fraction.js";
import type { RoundCount, VoidReason } from "./ballots.js";
import type { Session, SessionRules } from "./session.js";

export type Status = "selected" | "not-selected" | "below-threshold" | "tied";
export type VoteVoidReason = "quorum-not-met" | "more-returned-than-issued";

/** The 结果 values of results.csv (SPEC §7): data of the file format, read back by evaluate. */
export const STATUS_LABELS: Record<Status, string> = {
  selected: "当选",
  "not-selected": "未当选",
  "below-threshold": "未过半数",
  tied: "得票相等待再次票决",
};

export interface Runoff {
  round: number;
  seats: number;
  candidates: string[];
  reason: "tie" | "shortfall";
}

export interface CandidateOutcome {
  id: string;
  name: string;
  approve: number;
  against: number;
  abstain: number;
  rank: number;
  status: Status;
  round: number;
  /** 赞成率 as printed: approve over the rate base of the deciding round. */
  rate: string;
  /** Why, as data: the rule of SPEC §6.5–6.8 that decided it and the numbers it compared. */
  reason: DecisionReason;
}

/**
 * The rule that decided a candidate's status (SPEC §6.5–6.8):
 * - vote-void: the whole vote is void (quorum, more returned than issued);
 * - below-threshold: fewer approve votes than the 过半数 number (approve, needed);
 * - within-formal / beyond-formal: over the threshold and ranked within / beyond the number to select (approve, formal);
 * - majority-in-shortfall: over the threshold while fewer than the number to select are (approve);
 * - tie-at-cutoff: tied at the last seat with others (approve, others, seats);
 * - runoff-won / runoff-lost: won / did not win a seat in a runoff round (round, approve);
 * - runoff-below-threshold: fewer approve votes than the runoff threshold (round, approve, needed);
 * - runoff-tie: tied at the last seat of a runoff round (round, approve, others).
 */
export type DecisionRule =
  | "vote-void" | "below-threshold" | "within-formal" | "beyond-formal" | "majority-in-shortfall" | "tie-at-cutoff"
  | "runoff-won" | "runoff-lost" | "runoff-below-threshold" | "runoff-tie";

export interface DecisionReason {
  rule: DecisionRule;
  numbers: Partial<Record<"approve" | "needed" | "formal" | "others" | "seats" | "round", number>>;
}

export interface RoundSummary {
  round: number;
  issued: number;
  returned: number;
  valid: number;
  void: number;
  voidByReason: Partial<Record<VoidReason, number>>;
  /** Approve votes needed in this round (round 1: the 过半数 number; later rounds: the runoff threshold). */
  needed: number;
  source: "ballots" | "counts";
}

export interface TallyResult {
  valid: boolean;
  voidReasons: VoteVoidReason[];
  final: boolean;
  attendance: { total: number; present: number; quorumNeeded: number };
  rounds: RoundSummary[];
  threshold: { base: SessionRules["threshold"]; baseCount: number; needed: number };
  candidates: CandidateOutcome[];
  selected: string[];
  runoff: Runoff | null;
  formal: number;
  competition: CompetitionCheck;
  warnings: Diagnostic[];
}

interface Entry {
  candidate: Candidate;
  ballotIndex: number;
  rank: number;
  status: Status;
  round: number;
  approve: number;
  against: number;
  abstain: number;
  rateBase: number;
  reason: DecisionReason;
  /** Position in `selected`, for output order. */
  selectedAt: number;
}

/** The state between rounds: what is decided so far and what runoff (if any) is pending. */
export interface TallyState {
  session: Session;
  rules: SessionRules;
  lines: Candidate[];
  entries: Map<string, Entry>;
  rounds: RoundSummary[];
  selected: string[];
  runoff: Runoff | null;
  baseCount: number;
  needed: number;
  quorumNeeded: number;
  voidReasons: VoteVoidReason[];
  competition: CompetitionCheck;
  warnings: Diagnostic[];
  sessionFile: string;
}

/** Competition ranking (1, 2, 2, 4) by approve, descending. */
export function competitionRanks(approves: readonly number[]): number[] {
  return approves.map((a) => 1 + approves.filter((b) => b > a).length);
}

function summarize(count: RoundCount, needed: number): RoundSummary {
  return { round: count.round, issued: count.issued, returned: count.returned, valid: count.valid, void: count.void, voidByReason: count.voidByReason, needed, source: count.source };
}

function byApprove(a: Entry, b: Entry): number {
  return b.approve - a.approve || a.ballotIndex - b.ballotIndex;
}

function applyCounts(entry: Entry, count: RoundCount, index: number, rateBase: number): void {
  const t = count.totals[index]!;
  entry.approve = t.approve;
  entry.against = t.against;
  entry.abstain = t.abstain;
  entry.round = count.round;
  entry.rateBase = rateBase;
}

/** Round 1: quorum, returned vs issued, threshold, ranking and selection. */
export function decideFirstRound(session: Session, rules: SessionRules, lines: Candidate[], count: RoundCount, competition: CompetitionCheck, sessionFile = "session.json"): TallyState {
  const warnings: Diagnostic[] = [];
  const { total, present } = session.deputies;
  const quorumNeeded = ceilTimes(total, rules.quorumFraction);
  const voidReasons: VoteVoidReason[] = [];
  if (present < quorumNeeded) voidReasons.push("quorum-not-met");
  if (count.returned > count.issued) voidReasons.push("more-returned-than-issued");
  if (count.issued > present) {
    warnings.push(warning("W_ISSUED_EXCEEDS_PRESENT", { file: sessionFile }, { round: 1, issued: count.issued, present }));
  }
  if (!competition.ok) {
    warnings.push(warning("W_COMPETITION", { file: sessionFile }, competitionParams(competition)));
  }
  const baseCount = rules.threshold === "total" ? total : rules.threshold === "present" ? present : count.valid;
  const needed = rules.threshold === "none" ? 0 : Math.floor(baseCount / 2) + 1;
  const ranks = competitionRanks(count.totals.map((t) => t.approve));
  const entries = new Map<string, Entry>();
  lines.forEach((c, i) => {
    const entry: Entry = { candidate: c, ballotIndex: i, rank: ranks[i]!, status: "not-selected", round: 1, approve: 0, against: 0, abstain: 0, rateBase: baseCount, reason: VOID, selectedAt: -1 };
    applyCounts(entry, count, i, baseCount);
    entries.set(c.id, entry);
  });
  const state: TallyState = {
    session, rules, lines, entries, rounds: [summarize(count, needed)], selected: [], runoff: null,
    baseCount, needed, quorumNeeded, voidReasons, competition, warnings, sessionFile,
  };
  if (voidReasons.length > 0) {
    for (const e of entries.values()) e.reason = VOID;
    return state;
  }
  const all = [...entries.values()].sort(byApprove);
  const qualified = all.filter((e) => e.approve >= needed);
  const below = all.filter((e) => e.approve < needed);
  for (const e of below) { e.status = "below-threshold"; e.reason = { rule: "below-threshold", numbers: { approve: e.approve, needed } }; }
  const n = rules.formal;
  if (qualified.length >= n) {
    const cutoff = qualified[n - 1]!.approve;
    const tiedAtCutoff = qualified.length > n && qualified[n]!.approve === cutoff;
    if (tiedAtCutoff) {
      const above = qualified.filter((e) => e.approve > cutoff);
      const tied = qualified.filter((e) => e.approve === cutoff);
      for (const e of above) select(state, e, { rule: "within-formal", numbers: { approve: e.approve, formal: n } });
      for (const e of tied) { e.status = "tied"; e.reason = { rule: "tie-at-cutoff", numbers: { approve: cutoff, others: tied.length - 1, seats: n - above.length } }; }
      for (const e of qualified.filter((x) => x.approve < cutoff)) { e.status = "not-selected"; e.reason = { rule: "beyond-formal", numbers: { approve: e.approve, formal: n } }; }
      state.runoff = { round: 2, seats: n - above.length, candidates: inBallotOrder(tied), reason: "tie" };
    } else {
      qualified.forEach((e, i) => {
        if (i < n) select(state, e, { rule: "within-formal", numbers: { approve: e.approve, formal: n } });
        else { e.status = "not-selected"; e.reason = { rule: "beyond-formal", numbers: { approve: e.approve, formal: n } }; }
      });
    }
  } else {
    for (const e of qualified) select(state, e, { rule: "majority-in-shortfall", numbers: { approve: e.approve } });
    const shortfall = n - qualified.length;
    if (rules.shortfall === "runoff") {
      state.runoff = { round: 2, seats: shortfall, candidates: inBallotOrder(below), reason: "shortfall" };
    } else {
      warnings.push(warning("W_SHORTFALL_ACCEPTED", { file: sessionFile }, { qualified: qualified.length, formal: n }));
    }
  }
  return state;
}

function inBallotOrder(list: Entry[]): string[] {
  return [...list].sort((a, b) => a.ballotIndex - b.ballotIndex).map((e) => e.candidate.id);
}

const VOID: DecisionReason = { rule: "vote-void", numbers: {} };

function select(state: TallyState, e: Entry, reason: DecisionReason): void {
  e.status = "selected";
  e.reason = reason;
  e.selectedAt = state.selected.length;
  state.selected.push(e.candidate.id);
}

/** The approve count a runoff candidate needs in round k (SPEC §6.8). */
export function runoffNeeded(rules: SessionRules, firstRoundNeeded: number, returned: number): number {
  if (rules.runoffThreshold === "same") return firstRoundNeeded;
  if (rules.runoffThreshold === "one-third") return Math.ceil(returned / 3);
  return 0;
}

/** A runoff round: the pending runoff's candidates compete for the seats left. */
export function decideRunoffRound(state: TallyState, count: RoundCount): TallyState {
  const runoff = state.runoff;
  if (!runoff) throw new Error("decideRunoffRound without a pending runoff");
  const { rules } = state;
  const needed = runoffNeeded(rules, state.needed, count.returned);
  state.rounds.push(summarize(count, needed));
  if (count.returned > count.issued && !state.voidReasons.includes("more-returned-than-issued")) state.voidReasons.push("more-returned-than-issued");
  if (count.issued > state.session.deputies.present) {
    state.warnings.push(warning("W_ISSUED_EXCEEDS_PRESENT", { file: state.sessionFile }, { round: count.round, issued: count.issued, present: state.session.deputies.present }));
  }
  const rateBase = rules.threshold === "total" || rules.threshold === "present" ? state.baseCount : count.valid;
  const group = runoff.candidates.map((id, i) => {
    const e = state.entries.get(id)!;
    applyCounts(e, count, i, rateBase);
    return e;
  });
  state.runoff = null;
  if (state.voidReasons.length > 0) return state;
  const sorted = [...group].sort(byApprove);
  const eligible = sorted.filter((e) => e.approve >= needed);
  const lost = (e: Entry) => {
    e.status = "not-selected";
    e.reason = needed > 0 && e.approve < needed
      ? { rule: "runoff-below-threshold", numbers: { round: count.round, approve: e.approve, needed } }
      : { rule: "runoff-lost", numbers: { round: count.round, approve: e.approve } };
  };
  for (const e of sorted.filter((x) => x.approve < needed)) lost(e);
  const seats = runoff.seats;
  if (eligible.length <= seats) {
    for (const e of eligible) select(state, e, won(count.round, e));
    if (eligible.length < seats) {
      state.warnings.push(warning("W_SEATS_UNFILLED", { file: state.sessionFile }, { round: count.round, unfilled: seats - eligible.length, needed }));
    }
    return state;
  }
  const cutoff = eligible[seats - 1]!.approve;
  if (eligible[seats]!.approve === cutoff) {
    const above = eligible.filter((e) => e.approve > cutoff);
    const tied = eligible.filter((e) => e.approve === cutoff);
    for (const e of above) select(state, e, won(count.round, e));
    for (const e of tied) { e.status = "tied"; e.reason = { rule: "runoff-tie", numbers: { round: count.round, approve: cutoff, others: tied.length - 1 } }; }
    for (const e of eligible.filter((x) => x.approve < cutoff)) lost(e);
    state.runoff = { round: count.round + 1, seats: seats - above.length, candidates: inBallotOrder(tied), reason: "tie" };
  } else {
    eligible.forEach((e, i) => (i < seats ? select(state, e, won(count.round, e)) : lost(e)));
  }
  return state;
}

function won(round: number, e: Entry): DecisionReason {
  return { rule: "runoff-won", numbers: { round, approve: e.approve } };
}

/** The result document: selected first, then by round-1 rank, equal ranks in ballot order (SPEC §7). */
export function finishTally(state: TallyState): TallyResult {
  const valid = state.voidReasons.length === 0;
  const entries = [...state.entries.values()];
  if (!valid) {
    for (const e of entries) { e.status = "not-selected"; e.reason = VOID; e.selectedAt = -1; }
  }
  const ordered = entries.sort((a, b) => {
    const sa = a.selectedAt >= 0, sb = b.selectedAt >= 0;
    if (sa && sb) return a.selectedAt - b.selectedAt;
    if (sa !== sb) return sa ? -1 : 1;
    return a.rank - b.rank || a.ballotIndex - b.ballotIndex;
  });
  return {
    valid,
    voidReasons: [...state.voidReasons],
    final: valid && state.runoff === null,
    attendance: { total: state.session.deputies.total, present: state.session.deputies.present, quorumNeeded: state.quorumNeeded },
    rounds: state.rounds,
    threshold: { base: state.rules.threshold, baseCount: state.baseCount, needed: state.needed },
    candidates: ordered.map((e) => ({
      id: e.candidate.id, name: e.candidate.name, approve: e.approve, against: e.against, abstain: e.abstain,
      rank: e.rank, status: e.status, round: e.round, rate: percent1(e.approve, e.rateBase), reason: e.reason,
    })),
    selected: valid ? [...state.selected] : [],
    runoff: valid ? state.runoff : null,
    formal: state.rules.formal,
    competition: state.competition,
    warnings: state.warnings,
  };
}

/** The --json data of SPEC §7, exactly its keys. */
export function tallyJson(result: TallyResult) {
  return {
    valid: result.valid,
    voidReasons: result.voidReasons,
    final: result.final,
    attendance: result.attendance,
    rounds: result.rounds.map((r) => ({ round: r.round, issued: r.issued, returned: r.returned, valid: r.valid, void: r.void, voidByReason: r.voidByReason })),
    threshold: result.threshold,
    candidates: result.candidates.map((c) => ({ id: c.id, name: c.name, approve: c.approve, against: c.against, abstain: c.abstain, rank: c.rank, status: c.status, round: c.round })),
    selected: result.selected,
    runoff: result.runoff,
  };
}

