// Threshold, ranking, selection and runoff rounds (SPEC §6.1–6.2, §6.5–6.8). Pure: counts in, decision out;
// each round gives a new state and leaves the one before as it was.
import { competitionParams, type Candidate, type CompetitionCheck } from "./candidates.js";
import { warning, type Diagnostic, type PlaceInput } from "./diagnostics.js";
import { ceilTimes, percent1 } from "./fraction.js";
import type { RoundCount } from "./ballots.js";
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

const AT_SESSION = { file: "session.json" };

interface Entry {
  candidate: Candidate;
  ballotIndex: number;
  /** Round-1 rank. */
  rank: number;
  status: Status;
  /** The round whose counts are shown: the last one the candidate stood in. */
  round: number;
  approve: number;
  against: number;
  abstain: number;
  rateBase: number;
}

/** The state between rounds: what is decided so far and what runoff (if any) is pending. */
export interface TallyState {
  session: Session;
  rules: SessionRules;
  entries: Map<string, Entry>;
  rounds: ReturnType<typeof summarize>[];
  selected: string[];
  runoff: Runoff | null;
  baseCount: number;
  needed: number;
  quorumNeeded: number;
  voidReasons: VoteVoidReason[];
  competition: CompetitionCheck;
  warnings: Diagnostic[];
}

/** Competition ranking (1, 2, 2, 4) by approve, descending. */
export function competitionRanks(approves: readonly number[]): number[] {
  return approves.map((a) => 1 + approves.filter((b) => b > a).length);
}

/**
 * A round as reported; `needed` is the approve votes it needed (round 1: 过半数; later: the runoff
 * threshold), `totals` every line voted on in it with its counts there (the 公告 charts each round).
 */
function summarize(count: RoundCount, needed: number) {
  const { round, issued, returned, valid, void: voided, voidByReason, source } = count;
  return { round, issued, returned, valid, void: voided, voidByReason, needed, source, totals: count.totals };
}

/** The counts of line `index` of a round, as the entry shows them. */
function figures(count: RoundCount, index: number, rateBase: number) {
  const { approve, against, abstain } = count.totals[index]!;
  return { approve, against, abstain, round: count.round, rateBase };
}

function byApprove(a: Entry, b: Entry): number {
  return b.approve - a.approve || a.ballotIndex - b.ballotIndex;
}

function inBallotOrder(list: Entry[]): string[] {
  return [...list].sort((a, b) => a.ballotIndex - b.ballotIndex).map((e) => e.candidate.id);
}

function select(state: TallyState, e: Entry): void {
  e.status = "selected";
  state.selected.push(e.candidate.id);
}

function warnIfOverIssued(state: TallyState, count: RoundCount): void {
  const { present } = state.session.deputies;
  if (count.issued > present) {
    const params = { round: count.round, issued: count.issued, present };
    state.warnings.push(warning("W_ISSUED_EXCEEDS_PRESENT", AT_SESSION, params));
  }
}

/**
 * What the meeting facts alone say before the vote: present below the quorum (the vote can only be void),
 * ballots handed out beyond those present, or none handed out at all, hand-count totals returning more
 * ballots than were handed out (void too); and a competitive ratio below 1,
 * which checks nothing (差额比例 20% is "1.2", easily written "0.2"). tally says the first two when it
 * counts; check says them while they can still be put right. `at` places a session.json key.
 */
export function meetingFactWarnings(session: Session, rules: SessionRules, at: (key: string) => PlaceInput): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const { total, present } = session.deputies;
  const needed = quorumNeeded(session, rules);
  if (present < needed) warnings.push(warning("W_QUORUM_SHORT", at("deputies.present"), { present, total, needed }));
  session.issued.forEach((issued, k) => {
    const round = k + 1;
    if (issued > present) warnings.push(warning("W_ISSUED_EXCEEDS_PRESENT", at(`issued.${k}`), { round, issued, present }));
    else if (issued === 0 && present > 0) warnings.push(warning("W_ISSUED_NONE", at(`issued.${k}`), { round, present }));
    // With 0 issued, W_ISSUED_NONE has said it.
    const returned = session.counted?.[k]?.returned;
    if (returned !== undefined && issued > 0 && returned > issued) {
      warnings.push(warning("W_COUNTED_EXCEEDS_ISSUED", at(`counted.${k}.returned`), { round, returned, issued }));
    }
  });
  const { allowEqual, minExtra, minRatio } = rules.competition;
  if (!allowEqual && rules.minRatioFraction.num < rules.minRatioFraction.den) {
    warnings.push(warning("W_MIN_RATIO_BELOW_ONE", at("rules.competition.minRatio"), { minRatio, minExtra }));
  }
  // A seed is for order "random" alone: given with another order, the random order it was meant for is not used.
  if (rules.seed !== null && rules.order !== "random") warnings.push(warning("W_SEED_UNUSED", at("rules.seed"), { seed: rules.seed, order: rules.order }));
  return warnings;
}

/**
 * SPEC §6.7–6.8 for `ranked` (most approve votes first, all over the threshold, at least `seats` of them):
 * the first `seats` are selected, unless the last of them and the next have equal approve. Then every
 * candidate with that count is tied, those above are selected, and round `nextRound` among the tied is
 * required for the seats left. A tie is never broken here.
 */
function fillSeats(state: TallyState, ranked: Entry[], seats: number, nextRound: number): void {
  const cutoff = ranked[seats - 1]!.approve;
  const tie = ranked[seats]?.approve === cutoff;
  ranked.forEach((e, i) => {
    if (tie ? e.approve > cutoff : i < seats) select(state, e);
    else e.status = tie && e.approve === cutoff ? "tied" : "not-selected";
  });
  if (tie) {
    const tied = ranked.filter((e) => e.approve === cutoff);
    const seatsLeft = seats - ranked.filter((e) => e.approve > cutoff).length;
    state.runoff = { round: nextRound, seats: seatsLeft, candidates: inBallotOrder(tied), reason: "tie" };
  }
}

/** Step 1 of SPEC §6: deputies present needed for the vote, ⌈total × quorum⌉. */
export function quorumNeeded(session: Session, rules: SessionRules): number {
  return ceilTimes(session.deputies.total, rules.quorumFraction);
}

/** Whether enough deputies are present for a vote to be held at all. */
export function quorumMet(session: Session, rules: SessionRules): boolean {
  return session.deputies.present >= quorumNeeded(session, rules);
}

/**
 * The base of the 过半数 number and of 赞成率 in a round (SPEC §6.5): all deputies, those present, or the
 * round's valid ballots (also with "none").
 */
function rateBase(state: Pick<TallyState, "session" | "rules">, valid: number): number {
  const { threshold } = state.rules;
  return threshold === "total" ? state.session.deputies.total : threshold === "present" ? state.session.deputies.present : valid;
}

/** Round 1's 过半数 number: more than half of the base (none with "none"). */
function majorityOf(rules: SessionRules, base: number): number {
  return rules.threshold === "none" ? 0 : Math.floor(base / 2) + 1;
}

/** Round 1: quorum, returned vs issued, threshold, ranking and selection. */
export function decideFirstRound(
  session: Session, rules: SessionRules, lines: Candidate[], count: RoundCount, competition: CompetitionCheck,
): TallyState {
  const quorum = quorumNeeded(session, rules);
  const voidReasons: VoteVoidReason[] = [];
  if (session.deputies.present < quorum) voidReasons.push("quorum-not-met");
  if (count.returned > count.issued) voidReasons.push("more-returned-than-issued");
  const baseCount = rateBase({ session, rules }, count.valid);
  const needed = majorityOf(rules, baseCount);
  const ranks = competitionRanks(count.totals.map((t) => t.approve));
  const entries = new Map<string, Entry>();
  lines.forEach((candidate, i) => {
    const rest = { rank: ranks[i]!, status: "not-selected" as const };
    entries.set(candidate.id, { candidate, ballotIndex: i, ...rest, ...figures(count, i, baseCount) });
  });
  const state: TallyState = {
    session, rules, entries, rounds: [summarize(count, needed)], selected: [], runoff: null,
    baseCount, needed, quorumNeeded: quorum, voidReasons, competition, warnings: [],
  };
  warnIfOverIssued(state, count);
  if (!competition.ok) state.warnings.push(warning("W_COMPETITION", AT_SESSION, competitionParams(competition)));
  if (voidReasons.length > 0) return state;

  const ranked = [...entries.values()].sort(byApprove);
  const qualified = ranked.filter((e) => e.approve >= needed);
  const below = ranked.filter((e) => e.approve < needed);
  for (const e of below) e.status = "below-threshold";
  const n = rules.formal;
  if (qualified.length >= n) {
    fillSeats(state, qualified, n, 2);
    return state;
  }
  for (const e of qualified) select(state, e);
  if (rules.shortfall === "runoff") {
    state.runoff = { round: 2, seats: n - qualified.length, candidates: inBallotOrder(below), reason: "shortfall" };
  } else {
    state.warnings.push(warning("W_SHORTFALL_ACCEPTED", AT_SESSION, { qualified: qualified.length, formal: n }));
  }
  return state;
}

/** The approve count a runoff candidate needs in round k (SPEC §6.8). */
export function runoffNeeded(rules: SessionRules, firstRoundNeeded: number, returned: number): number {
  if (rules.runoffThreshold === "same") return firstRoundNeeded;
  if (rules.runoffThreshold === "one-third") return Math.ceil(returned / 3);
  return 0;
}

/** A runoff round: the pending runoff's candidates compete for the seats left. The state given is left as it was. */
export function decideRunoffRound(before: TallyState, count: RoundCount): TallyState {
  const runoff = before.runoff;
  if (!runoff) throw new Error("decideRunoffRound without a pending runoff");
  const state: TallyState = {
    ...before, entries: new Map([...before.entries].map(([id, e]) => [id, { ...e }])), runoff: null,
    rounds: [...before.rounds], selected: [...before.selected], voidReasons: [...before.voidReasons], warnings: [...before.warnings],
  };
  const { rules } = state;
  const round = count.round;
  const needed = runoffNeeded(rules, state.needed, count.returned);
  state.rounds.push(summarize(count, needed));
  if (count.returned > count.issued && !state.voidReasons.includes("more-returned-than-issued")) {
    state.voidReasons.push("more-returned-than-issued");
  }
  warnIfOverIssued(state, count);
  const group = runoff.candidates.map((id, i) => Object.assign(state.entries.get(id)!, figures(count, i, rateBase(state, count.valid))));
  if (state.voidReasons.length > 0) return state;

  const ranked = group.sort(byApprove);
  const eligible = ranked.filter((e) => e.approve >= needed);
  for (const e of ranked.filter((x) => x.approve < needed)) e.status = "not-selected";
  if (eligible.length >= runoff.seats) {
    fillSeats(state, eligible, runoff.seats, round + 1);
    return state;
  }
  // Fewer over the runoff threshold than seats: they all win, and the seats left stay empty.
  for (const e of eligible) select(state, e);
  const unfilled = runoff.seats - eligible.length;
  state.warnings.push(warning("W_SEATS_UNFILLED", AT_SESSION, { round, unfilled, needed }));
  return state;
}

/** The result document: selected first, then by round-1 rank, equal ranks in ballot order (SPEC §7). */
export function finishTally(state: TallyState) {
  const valid = state.voidReasons.length === 0;
  const selected = valid ? state.selected : [];
  const place = (e: Entry) => (selected.includes(e.candidate.id) ? selected.indexOf(e.candidate.id) : selected.length);
  const ordered = [...state.entries.values()].sort((a, b) => place(a) - place(b) || a.rank - b.rank || a.ballotIndex - b.ballotIndex);
  const { total, present } = state.session.deputies;
  return {
    valid,
    voidReasons: [...state.voidReasons],
    final: valid && state.runoff === null,
    attendance: { total, present, quorumNeeded: state.quorumNeeded },
    rounds: state.rounds,
    threshold: { base: state.rules.threshold, baseCount: state.baseCount, needed: state.needed },
    candidates: ordered.map((e) => ({
      id: e.candidate.id, name: e.candidate.name, approve: e.approve, against: e.against, abstain: e.abstain,
      rank: e.rank, status: valid ? e.status : "not-selected", round: e.round,
      // 赞成率 as printed: approve over the rate base of the deciding round.
      rate: percent1(e.approve, e.rateBase),
    })),
    selected: [...selected],
    runoff: valid ? state.runoff : null,
    formal: state.rules.formal,
    competition: state.competition,
    warnings: state.warnings,
  };
}

export type TallyResult = ReturnType<typeof finishTally>;

/** The --json data of SPEC §7, exactly its keys. */
export function tallyJson(result: TallyResult) {
  const { valid, voidReasons, final, attendance, threshold, selected, runoff } = result;
  return {
    valid, voidReasons, final, attendance,
    rounds: result.rounds.map(({ needed: _needed, source: _source, totals: _totals, ...r }) => r),
    threshold,
    candidates: result.candidates.map(({ rate: _rate, ...c }) => c),
    selected, runoff,
  };
}
