// Ballot order (SPEC §3 rules.order): the order must not steer the vote, and must be the same in every
// file of one session (ballot, entry template, count sheet, runoff ballots, ties in reports).
import type { Candidate, CandidateList } from "./candidates.js";
import { HAN_FIRST, HAN_LAST, PINYIN_RANKS, STROKE_RANKS } from "./han-order.js";
import type { Rules } from "./session.js";

// Made on first use: loading a collation table takes milliseconds, and most runs need none (see compareNames).
let stroke: Intl.Collator | undefined;
let pinyin: Intl.Collator | undefined;

function collator(order: "stroke" | "pinyin"): Intl.Collator {
  return order === "stroke" ? (stroke ??= new Intl.Collator("zh-u-co-stroke")) : (pinyin ??= new Intl.Collator("zh-u-co-pinyin"));
}

let strokePlaces: string | undefined;
let pinyinPlaces: string | undefined;

/** The place of one UTF-16 unit in the order's table (han-order.ts), or 0 when it is not in the table. */
function place(order: "stroke" | "pinyin", unit: number): number {
  const index = unit >= 0x30 && unit <= 0x39 ? unit - 0x30 : unit >= HAN_FIRST && unit <= HAN_LAST ? unit - HAN_FIRST + 10 : -1;
  if (index < 0) return 0;
  const table = order === "stroke" ? (strokePlaces ??= atob(STROKE_RANKS)) : (pinyinPlaces ??= atob(PINYIN_RANKS));
  return table.charCodeAt(2 * index) | (table.charCodeAt(2 * index + 1) << 8);
}

/**
 * Compares two names as the ICU collator of the order does. Every character in the table has a weight of
 * its own at the collator's first level, so when the first characters where the names differ are both in
 * it, they decide, and the collator is not needed; nor when one name is the other followed by such a
 * character. Anything else (Latin letters, punctuation, rare characters) goes to the collator.
 */
export function compareNames(order: "stroke" | "pinyin", a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const pa = i < a.length ? place(order, a.charCodeAt(i)) : -1;
  const pb = i < b.length ? place(order, b.charCodeAt(i)) : -1;
  if (pa > 0 && pb > 0) return pa - pb;
  if (pa === -1 && pb > 0) return -1;
  if (pb === -1 && pa > 0) return 1;
  return collator(order).compare(a, b);
}

/** mulberry32: small, seedable, identical on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sortGroup<T extends { id: string; name: string }>(items: T[], order: Rules["order"], random: () => number): T[] {
  const copy = [...items];
  if (order === "as-listed") return copy;
  if (order === "random") {
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
  return copy.sort((a, b) => compareNames(order, a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface BallotEntry {
  candidate: Candidate;
  /** Sub-items shown under a top-level entry (voteOn "candidates"), in ballot order. */
  items: Candidate[];
  /** For voteOn "items": the heading this line stands under, if any. */
  heading?: Candidate;
}

/**
 * Top-level candidates in the configured order, each with its sub-items in the same order. One random
 * stream is used for the whole ballot, top level first, so one seed gives one ballot.
 */
export function ballotTree(list: CandidateList, rules: Pick<Rules, "order" | "seed">): { top: Candidate; subs: Candidate[] }[] {
  const random = seededRandom(rules.seed ?? 0);
  const top = sortGroup(list.all.filter((c) => c.parent === ""), rules.order, random);
  return top.map((t) => ({ top: t, subs: sortGroup(t.children.map((id) => list.byId.get(id)!), rules.order, random) }));
}

/** The votable lines in ballot order: the columns of ballots.csv and the order used to break nothing but display ties. */
export function ballotOrder(list: CandidateList, rules: Pick<Rules, "order" | "seed" | "voteOn">): Candidate[] {
  const tree = ballotTree(list, rules);
  if (rules.voteOn === "candidates") return tree.map((t) => t.top);
  return tree.flatMap((t) => (t.subs.length === 0 ? [t.top] : t.subs));
}
