import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../src/core/candidates.js";
import { HAN_ORDER_ICU } from "../../src/core/han-order.js";
import { ballotOrder, ballotTree, compareNames } from "../../src/core/order.js";

const rows = [["P1", "老年食堂"], ["P2", "一号路改造"], ["P3", "大桥维修"], ["P4", "乡村公交"], ["P5", "水厂扩建"]];
const list = parseCandidates({ file: "c.csv", header: ["编号", "项目名称"], headerLine: 1, rows: rows.map((cells, i) => ({ line: i + 2, cells })) }, "candidates").value!;

describe("ballot order", () => {
  it("stroke order follows the first character's stroke count (一 1, 大 3, 乡 3, 水 4, 老 6; 东 5 before 西 6)", () => {
    expect(ballotOrder(list, { order: "stroke", seed: null, voteOn: "candidates" }).map((c) => c.name)).toEqual(["一号路改造", "大桥维修", "乡村公交", "水厂扩建", "老年食堂"]);
  });
  it("pinyin order: da, lao, shui, xiang, yi", () => {
    expect(ballotOrder(list, { order: "pinyin", seed: null, voteOn: "candidates" }).map((c) => c.id)).toEqual(["P3", "P1", "P5", "P4", "P2"]);
  });
  it("as-listed keeps the file order; random is fixed by its seed and differs between seeds", () => {
    expect(ballotOrder(list, { order: "as-listed", seed: null, voteOn: "candidates" }).map((c) => c.id)).toEqual(["P1", "P2", "P3", "P4", "P5"]);
    const a = ballotOrder(list, { order: "random", seed: 7, voteOn: "candidates" }).map((c) => c.id);
    expect(ballotOrder(list, { order: "random", seed: 7, voteOn: "candidates" }).map((c) => c.id)).toEqual(a);
    const seeds = new Set(Array.from({ length: 20 }, (_, s) => ballotOrder(list, { order: "random", seed: s, voteOn: "candidates" }).map((c) => c.id).join()));
    expect(seeds.size).toBeGreaterThan(5);
    expect([...a].sort()).toEqual(["P1", "P2", "P3", "P4", "P5"]);
  });
  it("sub-items stay under their parent, ordered the same way", () => {
    const withSubs = parseCandidates({ file: "c.csv", header: ["编号", "项目名称", "所属项目"], headerLine: 1, rows: [["R", "道路", ""], ["R2", "西路", "R"], ["R1", "东路", "R"], ["A", "养老", ""]].map((cells, i) => ({ line: i + 2, cells })) }, "items").value!;
    const tree = ballotTree(withSubs, { order: "stroke", seed: null });
    expect(tree.map((t) => [t.top.id, t.subs.map((s) => s.id)])).toEqual([["A", []], ["R", ["R1", "R2"]]]);
    expect(ballotOrder(withSubs, { order: "stroke", seed: null, voteOn: "items" }).map((c) => c.id)).toEqual(["A", "R1", "R2"]);
  });
});

// compareNames answers from han-order.ts where it can; it must answer as the collator would. The tables
// were read off one ICU: on a Node with another, the collators may have moved a character, and then only
// the properties that hold for any table are checked.
describe("compareNames", () => {
  const sameIcu = process.versions.icu === HAN_ORDER_ICU;
  const collators = { stroke: new Intl.Collator("zh-u-co-stroke"), pinyin: new Intl.Collator("zh-u-co-pinyin") };
  const sign = (n: number) => Math.sign(n);
  // Characters the tables hold, and characters they do not (Latin letters in both cases, full-width forms,
  // punctuation, a combining mark, a character outside U+4E00–U+9FFF, a surrogate pair).
  const han = fc.integer({ min: 0x4e00, max: 0x9fff }).map((u) => String.fromCharCode(u));
  const common = fc.constantFrom(..."一二三十大小东西南北路桥水厂老年食堂乡村公交道改造期号中心".split(""));
  const other = fc.constantFrom("0", "1", "9", "１", "a", "A", "b", "Z", "（", "(", "）", "·", "、", " ", "\u0301", "\u3400", "𠀀", "-", "Ａ");
  const name = fc.array(fc.oneof(han, common, common, other), { maxLength: 6 }).map((cs) => cs.join(""));
  const pair = fc.tuple(name, name, fc.constantFrom("stroke" as const, "pinyin" as const));
  // Names that often share a beginning, as project names do.
  const related = fc.tuple(name, name, name, fc.constantFrom("stroke" as const, "pinyin" as const)).map(([p, a, b, o]) => [p + a, p + b, o] as const);

  it.skipIf(!sameIcu)("orders every character of the tables as the collators do", () => {
    for (const order of ["stroke", "pinyin"] as const) {
      const chars: string[] = [];
      for (let d = 0x30; d <= 0x39; d++) chars.push(String.fromCharCode(d));
      for (let u = 0x4e00; u <= 0x9fff; u++) chars.push(String.fromCharCode(u));
      const byTable = [...chars].sort((a, b) => compareNames(order, a, b));
      expect(byTable.join("") === [...chars].sort(collators[order].compare).join(""), order).toBe(true);
    }
  });

  it.skipIf(!sameIcu)("gives the collator's answer for any two names", () => {
    fc.assert(fc.property(fc.oneof(pair, related), ([a, b, order]) => {
      expect(sign(compareNames(order, a, b))).toBe(sign(collators[order].compare(a, b)));
    }), { numRuns: 3000 });
  });

  it("is antisymmetric and zero only for names the collator calls equal", () => {
    fc.assert(fc.property(fc.oneof(pair, related), ([a, b, order]) => {
      const ab = sign(compareNames(order, a, b)), ba = sign(compareNames(order, b, a));
      expect(ab).toBe(-ba || 0);
      if (ab === 0) expect(collators[order].compare(a, b)).toBe(0);
    }), { numRuns: 1000 });
  });

  it("decides names of common characters and digits by the tables (一 before 二; 道路 before 道路二期)", () => {
    expect(compareNames("stroke", "一号路", "二号路")).toBeLessThan(0);
    expect(compareNames("stroke", "道路二期", "道路")).toBeGreaterThan(0);
    expect(compareNames("pinyin", "2026年道路", "2027年道路")).toBeLessThan(0);
    expect(compareNames("pinyin", "安全", "白菜")).toBeLessThan(0);
  });
});
