// Ballot order (SPEC §3 rules.order): the order must not steer the vote, and must be the same in every
// file of one session (ballot, entry template, count sheet, runoff ballots, ties in reports).
import type { Candidate, CandidateList } from "./candidates.js";
import type { Rules } from "./session.js";

// Stroke and pinyin order are ICU's Chinese collations, so they follow the ICU of the Node that runs
// piaojue; audit.json records its version (io/audit-trail.ts). Each is made when first used: making one
// takes milliseconds, and most commands order nothing by name. Digits compare as numbers (第2段 before
// 第10段), as a deputy reads them: character by character, 第10段 would come first and look like a slip.
const collators: Partial<Record<"stroke" | "pinyin", Intl.Collator>> = {};

/** Compares two names in the stroke or pinyin order. */
export function compareNames(order: "stroke" | "pinyin", a: string, b: string): number {
  return (collators[order] ??= new Intl.Collator(`zh-u-co-${order}`, { numeric: true })).compare(a, b);
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
