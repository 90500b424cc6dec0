import { describe, expect, it } from "vitest";
import { parseCandidates } from "../../src/core/candidates.js";
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
  it("random is a full shuffle: each seed's order is pinned, and every order of three can come out", () => {
    const three = parseCandidates({ file: "c.csv", header: ["编号", "项目名称"], headerLine: 1, rows: [["A", "甲"], ["B", "乙"], ["C", "丙"]].map((cells, i) => ({ line: i + 2, cells })) }, "candidates").value!;
    const orderOf = (seed: number) => ballotOrder(three, { order: "random", seed, voteOn: "candidates" }).map((c) => c.id).join("");
    // A ballot printed with a seed must come out the same after any change to the code: these are today's.
    expect([0, 1, 2, 5, 8, 10].map(orderOf)).toEqual(["BCA", "CAB", "BAC", "ABC", "CBA", "ACB"]);
    // A shuffle that skipped a swap would reach only some of the six orders.
    expect(new Set(Array.from({ length: 200 }, (_, s) => orderOf(s))).size).toBe(6);
  });
  it("sub-items stay under their parent, ordered the same way", () => {
    const withSubs = parseCandidates({ file: "c.csv", header: ["编号", "项目名称", "所属项目"], headerLine: 1, rows: [["R", "道路", ""], ["R2", "西路", "R"], ["R1", "东路", "R"], ["A", "养老", ""]].map((cells, i) => ({ line: i + 2, cells })) }, "items").value!;
    const tree = ballotTree(withSubs, { order: "stroke", seed: null });
    expect(tree.map((t) => [t.top.id, t.subs.map((s) => s.id)])).toEqual([["A", []], ["R", ["R1", "R2"]]]);
    expect(ballotOrder(withSubs, { order: "stroke", seed: null, voteOn: "items" }).map((c) => c.id)).toEqual(["A", "R1", "R2"]);
  });
});

describe("compareNames", () => {
  it("orders names by stroke or pinyin (一 before 二; 道路 before 道路二期; 2026 before 2027; an before bai)", () => {
    expect(compareNames("stroke", "一号路", "二号路")).toBeLessThan(0);
    expect(compareNames("stroke", "道路二期", "道路")).toBeGreaterThan(0);
    expect(compareNames("pinyin", "2026年道路", "2027年道路")).toBeLessThan(0);
    expect(compareNames("pinyin", "安全", "白菜")).toBeLessThan(0);
  });

  it("compares the digits in names as numbers, as a deputy reads them: 第2段 before 第10段, 项目9 before 项目10", () => {
    const names = ["第10段", "第2段", "第1段", "第１１段"];
    for (const order of ["stroke", "pinyin"] as const) {
      expect([...names].sort((a, b) => compareNames(order, a, b))).toEqual(["第1段", "第2段", "第10段", "第１１段"]);
      expect(compareNames(order, "项目9", "项目10")).toBeLessThan(0);
    }
  });
});
