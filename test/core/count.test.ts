// The counting of ballots (SPEC §5–§6.4) on plain rows: each void reason and its precedence, the mark
// rules, serial uniqueness, and the notes, with no file in between.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ballotPolicy, countBallot, finishCount, markVocabulary, startCount, type BallotLayout, type BallotPolicy } from "../../src/core/ballots.js";
import type { Rules } from "../../src/core/session.js";
import type { Diagnostic } from "../../src/core/diagnostics.js";
import { renderDiagnostic } from "../../src/messages/render.js";

/** A diagnostic's Chinese message (the words come from the catalogue). */
const said = (d: Diagnostic) => renderDiagnostic(d).message;

const lines = ["P1", "P2", "P3"].map((id) => ({ id, name: `项目${id}` })) as unknown as BallotLayout["lines"];
/** 票号, 作废, P1, P2, P3. */
const layout: BallotLayout = { file: "ballots.csv", serialColumn: 0, voidColumn: 1, lineColumns: [2, 3, 4], lines };

type RuleChoice = Partial<Pick<Rules, "ballot" | "marks" | "maxApprovals" | "blankBallot" | "unreadableMark">>;

function count(rows: string[][], rules: RuleChoice = {}) {
  const full = { ballot: "approve-against-abstain", maxApprovals: "formal", formal: 2, blankBallot: "valid", unreadableMark: "void-ballot", ...rules } as Rules;
  const c = startCount(layout, markVocabulary(full), ballotPolicy(full));
  rows.forEach((cells, i) => countBallot(c, cells, i + 2));
  return finishCount(c, 1, rows.length);
}

describe("countBallot", () => {
  it("counts the default marks, full-width forms, and an empty cell as abstain", () => {
    const { value, diagnostics } = count([["1", "", "○", "×", ""], ["2", "", "１", "不同意", "弃权"], ["3", "", "-", "O", "X"]]);
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({ returned: 3, valid: 3, void: 0, voidByReason: {} });
    expect(value.totals).toEqual([
      { id: "P1", approve: 2, against: 0, abstain: 1 },
      { id: "P2", approve: 1, against: 2, abstain: 0 },
      { id: "P3", approve: 0, against: 1, abstain: 2 },
    ]);
  });

  it("voids a ballot marked void before any other reason, and says nothing about its marks", () => {
    const { value, diagnostics } = count([["1", "破损", "○", "○", "?"]], { maxApprovals: 1 });
    expect(value).toMatchObject({ valid: 0, void: 1, voidByReason: { "marked-void": 1 } });
    expect(diagnostics).toEqual([]);
  });

  it("voids a ballot with an unreadable mark, naming the first such cell", () => {
    const { value, diagnostics } = count([["1", "", "○", "√", "?"]]);
    expect(value).toMatchObject({ valid: 0, voidByReason: { unreadable: 1 } });
    expect(diagnostics.map((d) => [d.code, d.at.line, d.at.column])).toEqual([["W_UNREADABLE_MARK", 2, 4]]);
    expect(said(diagnostics[0]!)).toBe("第 2 行（票号 1）“P2”的符号“√”无法辨认，该票无效");
  });

  it("with unreadableMark abstain-item, counts each unreadable mark as abstain and notes every one", () => {
    const { value, diagnostics } = count([["1", "", "○", "√", "?"]], { unreadableMark: "abstain-item" });
    expect(value).toMatchObject({ valid: 1, void: 0 });
    expect(value.totals.map((t) => [t.approve, t.against, t.abstain])).toEqual([[1, 0, 0], [0, 0, 1], [0, 0, 1]]);
    expect(diagnostics.map((d) => [d.code, d.at.column])).toEqual([["W_UNREADABLE_AS_ABSTAIN", 4], ["W_UNREADABLE_AS_ABSTAIN", 5]]);
  });

  it("with abstain-item, says nothing of an unreadable mark on a ballot void for another reason: none of it is counted", () => {
    for (const [row, rules, reason] of [
      [["1", "", "○", "○", "?"], { maxApprovals: 1 }, "over-approval"],
      [["1", "破损", "○", "", "?"], {}, "marked-void"],
    ] as const) {
      const { value, diagnostics } = count([[...row]], { unreadableMark: "abstain-item", ...rules });
      expect(value.voidByReason).toEqual({ [reason]: 1 });
      expect(diagnostics.filter((d) => d.code.startsWith("W_UNREADABLE"))).toEqual([]);
    }
  });

  it("points at a ballot void for too many approvals, at the first approval past the limit; not at one declared void", () => {
    const { value, diagnostics } = count([["1", "", "○", "", "○"], ["2", "", "○", "○", "○"], ["3", "破损", "○", "○", "○"]], { maxApprovals: 2 });
    expect(value.voidByReason).toEqual({ "over-approval": 1, "marked-void": 1 });
    expect(diagnostics.map((d) => [d.code, d.at.line, d.at.column, d.params])).toEqual([["W_OVER_APPROVAL", 3, 5, { line: 3, approvals: 3, max: 2, serial: "2" }]]);
    expect(said(diagnostics[0]!)).toBe("第 3 行（票号 2）赞成 3 项，超过限选数 2，该票无效");
    expect(renderDiagnostic(diagnostics[0]!).hint).toMatch(/^请监票人对照票号 2 的纸质票核对这一行/);
  });

  it("lists the first 200 over-approval ballots and counts the rest in one W_MORE_NOTES", () => {
    const { diagnostics } = count(Array.from({ length: 203 }, (_, i) => [String(i + 1), "", "○", "○", ""]), { maxApprovals: 1 });
    expect(diagnostics.filter((d) => d.code === "W_OVER_APPROVAL")).toHaveLength(200);
    expect(diagnostics.at(-1)!.params).toEqual({ more: 3, kind: "W_OVER_APPROVAL" });
  });

  it("says a row of only commas is a blank ballot, unless empty cells approve and it approves too many: then it is void", () => {
    const approving = { marks: { approve: ["○", ""] } } as RuleChoice;
    const over = count([["", "", "", "", ""]], approving);
    expect(over.value.voidByReason).toEqual({ "over-approval": 1 });
    expect(over.diagnostics.map((d) => [d.code, said(d)])).toEqual([["W_EMPTY_ROW_OVER_APPROVAL", "第 2 行全部为空（只有逗号或空格）；按 rules.marks，空单元格是赞成，赞成超过限选数，该票无效"]]);
    const allowed = count([["", "", "", "", ""]], { ...approving, maxApprovals: "none" });
    expect(allowed.value.valid).toBe(1);
    expect(allowed.diagnostics.map((d) => d.code)).toEqual(["W_EMPTY_ROW"]);
    // Counted as rules.marks reads an empty cell, and said so: not "a blank ballot" (which reads as all 弃权).
    expect(allowed.diagnostics.map(said)).toEqual(["第 2 行全部为空（只有逗号或空格），按 rules.marks，空单元格是赞成，这一张各项目都按赞成计"]);
    const against = count([["", "", "", "", ""]], { marks: { against: ["×", ""] } } as RuleChoice);
    expect(against.value.totals.map((t) => t.against)).toEqual([1, 1, 1]);
    expect(against.diagnostics.map(said)).toEqual(["第 2 行全部为空（只有逗号或空格），按 rules.marks，空单元格是反对，这一张各项目都按反对计"]);
  });

  it("voids a ballot with more approvals than allowed; maxApprovals none allows any number", () => {
    expect(count([["1", "", "○", "○", "○"]]).value.voidByReason).toEqual({ "over-approval": 1 });
    expect(count([["1", "", "○", "○", "○"]], { maxApprovals: "none" }).value.valid).toBe(1);
  });

  it("takes an unreadable mark before over-approval, and over-approval before blank", () => {
    expect(count([["1", "", "○", "○", "?"]], { maxApprovals: 1 }).value.voidByReason).toEqual({ unreadable: 1 });
    expect(count([["1", "", "○", "○", ""]], { maxApprovals: 1, blankBallot: "void" }).value.voidByReason).toEqual({ "over-approval": 1 });
  });

  it("counts a blank ballot as all abstain, or voids it with blankBallot void; a written 弃权 is not blank", () => {
    expect(count([["1", "", "", "", ""]]).value.totals.every((t) => t.abstain === 1)).toBe(true);
    expect(count([["1", "", "", "", ""]], { blankBallot: "void" }).value.voidByReason).toEqual({ blank: 1 });
    expect(count([["1", "", "弃权", "", ""]], { blankBallot: "void" }).value.valid).toBe(1);
  });

  it("reads a mark of the session's lists (\"sum\", \"合计\") in a first column that is a candidate's as a vote, not as a 合计 row", () => {
    const candidatesFirst: BallotLayout = { file: "ballots.csv", serialColumn: null, voidColumn: null, lineColumns: [0, 1, 2], lines };
    const countFirst = (row: string[], marks: Rules["marks"]) => {
      const rules = { ballot: "approve-against-abstain", maxApprovals: "formal", formal: 2, blankBallot: "valid", unreadableMark: "void-ballot", marks } as Rules;
      const c = startCount(candidatesFirst, markVocabulary(rules), ballotPolicy(rules));
      countBallot(c, row, 2);
      return finishCount(c, 1, 1);
    };
    for (const mark of ["sum", "合计"]) {
      const { value, diagnostics } = countFirst([mark, "", mark], { approve: [mark] });
      expect(diagnostics).toEqual([]);
      expect(value.totals.map((t) => t.approve)).toEqual([1, 0, 1]);
    }
    // Not a mark of the session: a 合计 row still.
    expect(countFirst(["合计", "", ""], null).diagnostics.map((d) => [d.code, d.at.column])).toEqual([["E_TOTAL_ROW", 1]]);
    expect(countFirst(["sum", "", ""], { approve: ["○"] }).diagnostics.map((d) => d.code)).toEqual(["E_TOTAL_ROW"]);
  });

  it("refuses a total row by any usual label, or by counts under two or more lines, and still counts a void reason naming a total", () => {
    const codes = (row: string[], rules: RuleChoice = {}) => count([row], rules).diagnostics.map((d) => [d.code, d.at.column]);
    for (const label of ["共计", "汇总", "总票数", "合计票数", "票数合计", "Total:"]) {
      expect(codes(["", label, "1", "1", "1"]), label).toEqual([["E_TOTAL_ROW", 2]]);
      expect(codes([label, "", "1", "1", "1"]), label).toEqual([["E_TOTAL_ROW", 1]]);
    }
    // Unlabelled: counts of 2 and more under two lines; 1 and 0 are marks, a count under one line is an unreadable mark.
    const unlabelled = count([["", "2", "6", "5", "1"]]).diagnostics;
    expect(unlabelled.map((d) => [d.code, d.at.column, said(d)])).toEqual([["E_TOTAL_ROW", 3, "第 2 行各项目栏写的是票数（6、5），是合计行，不是一张表决票"]]);
    expect(count([["", "", "6", "○", ""]]).value.voidByReason).toEqual({ unreadable: 1 });
    // The hint's marks for writing it as a ballot are the ones the session reads: rules.marks may have
    // replaced ○, or taken × for another kind; an approve-only ballot has no against.
    const hint = (rules: RuleChoice, lang: "zh" | "en" = "zh") => renderDiagnostic(count([["", "2", "6", "5", "1"]], rules).diagnostics[0]!, lang).hint;
    expect(hint({})).toContain("把数字改成表决票的符号（如 ○ 赞成、× 反对，弃权留空）");
    expect(hint({ marks: { approve: ["√", "×"] } })).toContain("（如 √ 赞成、X 反对，弃权留空）");
    expect(hint({ ballot: "approve-only" })).toContain("（如 ○ 赞成，弃权留空）");
    expect(hint({ marks: { approve: ["√", "×"] } }, "en")).toContain("(√ for, X against, empty to abstain)");
    expect(hint({ ballot: "approve-only" }, "en")).toContain("(○ for, empty to abstain)");
    expect(hint({ marks: { against: ["×", ""] } })).toContain("（如 ○ 赞成、× 反对）");
    expect(hint({ marks: { against: ["×", ""] } }, "en")).toContain("(○ for, × against)");
    // Marks that are digits (1 赞成, 0 反对): no "write marks instead of numbers", which would contradict itself.
    const digits = { marks: { approve: ["1"], against: ["0"] } };
    expect(count([["", "2", "6", "5", "1"]], digits).diagnostics.map((d) => d.code)).toEqual(["E_TOTAL_ROW"]);
    expect(hint(digits)).toBe("删除这一行：表决票文件每一行是收回的一张票，合计由 piaojue 计算（否则它会被算作多收回一张票）；这次会议的符号本身是数字（1 赞成、0 反对），这一行的 6、5 却是各项目的票数");
    expect(hint(digits, "en")).toBe("Delete this row: each row of a ballots file is one returned ballot, and piaojue does the totals (counted, it would be one more ballot returned); this session's marks are digits themselves (1 for, 0 against), but this row's 6, 5 are the projects' vote counts");
    expect(hint({ marks: { approve: ["1"] }, ballot: "approve-only" })).not.toContain("改成表决票的符号");
    // Columns in another order than the ballot's: the counts are said as the row reads, from its first.
    const shuffled = startCount({ ...layout, lineColumns: [4, 2, 3] }, markVocabulary({ ballot: "approve-against-abstain", formal: 2 } as Rules), ballotPolicy({ ballot: "approve-against-abstain", maxApprovals: "formal", formal: 2, blankBallot: "valid", unreadableMark: "void-ballot" } as Rules));
    countBallot(shuffled, ["", "", "9", "7", "2"], 2);
    const reordered = finishCount(shuffled, 1, 1).diagnostics;
    expect(reordered.map((d) => [d.at.column, said(d)])).toEqual([[3, "第 2 行各项目栏写的是票数（9、7、2），是合计行，不是一张表决票"]]);
    // Unlabelled counts are a 合计 row only at the end of the table with no 票号: with a ballot after it, or
    // a 票号, the row is a ballot with unreadable marks (SPEC §5), void.
    const middle = count([["", "", "2", "2", ""], ["1", "", "○", "", ""]]);
    expect(middle.diagnostics.map((d) => [d.code, d.at.line])).toEqual([["W_UNREADABLE_MARK", 2]]);
    expect(middle.value).toMatchObject({ returned: 2, valid: 1, voidByReason: { unreadable: 1 } });
    const serialled = count([["1", "", "○", "", ""], ["2", "", "2", "2", ""]]);
    expect(serialled.value).toMatchObject({ returned: 2, valid: 1, voidByReason: { unreadable: 1 } });
    const last = count([["1", "", "○", "", ""], ["", "", "2", "2", ""], ["", "", "3", "2", "4"], ["", "合计", "", "", ""]]);
    expect(last.diagnostics.map((d) => [d.code, d.at.line])).toEqual([["E_TOTAL_ROW", 5], ["E_TOTAL_ROW", 3], ["E_TOTAL_ROW", 4]]);
    // Refused; the fold had counted the two as ballots with unreadable marks while a ballot might follow.
    expect(last.value).toMatchObject({ returned: 3, valid: 1 });
    // A count that is a mark of the session's lists is a vote.
    expect(count([["", "", "2", "3", ""]], { marks: { approve: ["2"], against: ["3"] } } as RuleChoice).value.valid).toBe(1);
    // A serial with a digit is a ballot's, whatever English word it holds.
    for (const serial of ["sum-01", "T-Total-7", "1-sum"]) expect(count([[serial, "", "○", "", ""]]).value.valid, serial).toBe(1);
    // A 作废 cell gives a reason, which may name a total: the ballot is void, not a total row.
    expect(count([["", "赞成超过应选总数", "○", "○", "○"]]).value.voidByReason).toEqual({ "marked-void": 1 });
  });

  it("refuses the header repeated as a row, naming the row, and counts a void ballot whose 作废 cell reads 作废", () => {
    const header = count([["1", "", "○", "", ""], ["票号", "作废", "P1", "P2", "P3"]]).diagnostics;
    expect(header.map((d) => [d.code, d.at.line, d.at.column, said(d)])).toEqual([["E_HEADER_REPEATED", 3, 1, "第 3 行写的是“票号,作废,P1,P2,P3”，是又一行表头，不是一张表决票"]]);
    // Without its 票号: most lines' cells name a line, by id or name; another order is said in the hint.
    const named = count([["", "作废", "项目P1", "P2", ""], ["", "作废", "P2", "P1", "P3"]]).diagnostics;
    expect(named.map((d) => [d.code, d.at.line, d.at.column])).toEqual([["E_HEADER_REPEATED", 2, 3], ["E_HEADER_REPEATED", 3, 3]]);
    expect(renderDiagnostic(named[1]!).hint).toContain("这一行各项目的顺序与表头不同");
    expect(count([["", "作废", "○", "", ""], ["", "", "P1", "○", ""]]).value).toMatchObject({ returned: 2, voidByReason: { "marked-void": 1, unreadable: 1 } });
  });

  it("reads against marks as unreadable on an approve-only ballot", () => {
    expect(count([["1", "", "×", "", ""]], { ballot: "approve-only" }).value.voidByReason).toEqual({ unreadable: 1 });
  });

  it("lets the session's own mark lists replace the defaults", () => {
    const { value } = count([["1", "", "X", "V", ""]], { marks: { approve: ["X"], against: ["V"] } } as RuleChoice);
    expect(value.totals.map((t) => [t.approve, t.against])).toEqual([[1, 0], [0, 1], [0, 0]]);
  });

  it("reports a repeated serial with the line it was first on; 007 and 7 are different serials", () => {
    const { diagnostics } = count([["7", "", "", "", ""], ["007", "", "", "", ""], ["", "", "", "", ""], ["", "", "", "", ""], ["7", "", "", "", ""]]);
    // Rows 4 and 5 are all empty: each also gets its W_EMPTY_ROW note (issue 11), tested on its own.
    expect(diagnostics.filter((d) => d.code !== "W_EMPTY_ROW").map((d) => [d.code, d.at.line, d.at.column, said(d)])).toEqual([["E_DUPLICATE_SERIAL", 6, 1, "票号“7”与第 2 行重复"]]);
  });

  it("finds a repeated serial however large, or however it is written", () => {
    const rows = ["9999999", "1", "A-1", "0", "9999999", "A-1", "0", "4194303", "4194303"].map((s) => [s, "", "", "", ""]);
    expect(count(rows).diagnostics.map((d) => `${d.at.line} ${said(d)}`)).toEqual([
      "6 票号“9999999”与第 2 行重复", "7 票号“A-1”与第 4 行重复", "8 票号“0”与第 5 行重复", "10 票号“4194303”与第 9 行重复",
    ]);
  });

  it("words the first 200 notes and counts the rest in one W_MORE_NOTES", () => {
    const { diagnostics } = count(Array.from({ length: 205 }, (_, i) => [String(i + 1), "", "?", "", ""]));
    expect(diagnostics.filter((d) => d.code === "W_UNREADABLE_MARK")).toHaveLength(200);
    expect({ code: diagnostics.at(-1)!.code, message: said(diagnostics.at(-1)!) }).toMatchObject({ code: "W_MORE_NOTES", message: "另有 5 条同类提示（W_UNREADABLE_MARK）未列出" });
  });

  it("lists at most 200 notes of each kind, and counts the rest of each kind in a W_MORE_NOTES of its own", () => {
    const rows = [...Array.from({ length: 210 }, () => ["", "", "○", "?", ""]), ...Array.from({ length: 205 }, () => ["", "", "", "", ""])];
    const { diagnostics } = count(rows);
    expect(diagnostics.filter((d) => d.code === "W_UNREADABLE_MARK")).toHaveLength(200);
    expect(diagnostics.filter((d) => d.code === "W_EMPTY_ROW")).toHaveLength(200);
    expect(diagnostics.filter((d) => d.code === "W_MORE_NOTES").map((d) => [d.params, said(d)])).toEqual([
      [{ more: 10, kind: "W_UNREADABLE_MARK" }, "另有 10 条同类提示（W_UNREADABLE_MARK）未列出"],
      [{ more: 5, kind: "W_EMPTY_ROW" }, "另有 5 条同类提示（W_EMPTY_ROW）未列出"],
    ]);
  });

  it("keeps approve + against + abstain = valid per line and valid + void = returned (property)", () => {
    const marks = ["○", "×", "", "弃权", "?", "赞成", "x"];
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom("", "", "破损"), fc.array(fc.constantFrom(...marks), { minLength: 3, maxLength: 3 }))),
      fc.record({ blankBallot: fc.constantFrom("valid" as const, "void" as const), unreadableMark: fc.constantFrom("void-ballot" as const, "abstain-item" as const), maxApprovals: fc.constantFrom("formal" as const, "none" as const, 1) }),
      (rows, rules) => {
        const { value } = count(rows.map(([v, m], i) => [String(i + 1), v, ...m]), rules);
        expect(value.valid + value.void).toBe(value.returned);
        expect(Object.values(value.voidByReason).reduce((a, b) => a + b, 0)).toBe(value.void);
        for (const t of value.totals) expect(t.approve + t.against + t.abstain).toBe(value.valid);
      },
    ));
  });
});

describe("a row whose only written cell is its 票号", () => {
  /** Nine ballots numbered as `serial` numbers them, then `rows`: what is said of each row. */
  const said9 = (rows: string[][], serial = (i: number) => String(i)) => {
    const ballots = Array.from({ length: 9 }, (_, i) => [serial(i + 1), "", "○", "", ""]);
    const r = count([...ballots, ...rows]);
    return { value: r.value, notes: r.diagnostics.map((d) => [d.code, d.at.line, d.at.column, said(d)]) };
  };

  it("refuses a signature, a note or a date under the ballots, naming its 票号 cell", () => {
    for (const note of ["监票人：李四", "注：第3张票有涂改", "2026-01-15"]) {
      const { notes } = said9([[note, "", "", "", ""]]);
      expect(notes, note).toEqual([["E_NOTE_ROW", 11, 1, `第 11 行只有票号一格写了“${note}”，像是签名或备注，不是表决票`]]);
    }
    const { notes } = said9([["监票人：李四", "", "", "", ""], ["计票人：王五", "", "", "", ""]]);
    expect(notes.map((n) => n[1])).toEqual([11, 12]);
  });

  it("refuses a remark written under a line in a row without 票号, where the ballots carry 票号", () => {
    const note = "注：第3张票有涂改，已由监票人核对";
    const c = count([["1", "", "○", "", ""], ["2", "", "○", "×", ""], ["", "", "", "", ""], ["", "", note, "", ""]]);
    expect(c.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.at.line, d.at.column, said(d)])).toEqual([
      ["E_NOTE_CELL", 5, 3, `第 5 行没有票号，只有一格写了“${note}”，像是表格下方的备注，不是表决票`],
    ]);
    // A short unreadable mark may be a ballot's (√): counted as one, void for it, as before.
    expect(count([["1", "", "○", "", ""], ["2", "", "○", "", ""], ["", "", "√", "", ""]]).diagnostics.map((d) => d.code)).toEqual(["W_UNREADABLE_MARK"]);
    // Without 票号 on the other ballots the file's rows carry none: a long unreadable cell is a void ballot, as before.
    expect(count([["", "", "○", "", ""], ["", "", "○", "", ""], ["", "", note, "", ""]]).diagnostics.map((d) => d.code)).toEqual(["W_UNREADABLE_MARK"]);
    // Nor where only some have one: another ballot without 票号 (its mark written) says serials are not on every ballot.
    expect(count([["1", "", "○", "", ""], ["2", "", "○", "", ""], ["", "", "", "○", ""], ["", "", "同意该项目", "", ""]]).diagnostics.map((d) => d.code)).toEqual(["W_UNREADABLE_MARK"]);
    // With "abstain-item", counted it would be a valid ballot abstaining on every line, and the hint says so.
    const abstaining = count([["1", "", "○", "", ""], ["2", "", "○", "", ""], ["", "", note, "", ""]], { unreadableMark: "abstain-item" });
    expect(renderDiagnostic(abstaining.diagnostics.find((d) => d.code === "E_NOTE_CELL")!).hint).toContain("多收回一张各项弃权的有效票");
  });

  it("counts a blank ballot whose 票号 is written as the others' are: 10 after 1–9, 010 after 001, A-010 after A-001", () => {
    for (const serial of [(i: number) => String(i), (i: number) => String(i).padStart(3, "0"), (i: number) => `A-${String(i).padStart(3, "0")}`]) {
      const { value, notes } = said9([[serial(10), "", "", "", ""]], serial);
      expect(notes).toEqual([]);
      expect(value).toMatchObject({ returned: 10, valid: 10 });
    }
    // A blank ballot first, before the ballots that show how serials are written.
    const first = count([["1", "", "", "", ""], ["2", "", "○", "", ""], ["3", "", "○", "", ""]]);
    expect(first.diagnostics).toEqual([]);
  });

  it("refuses nothing where the serials show no one way of writing them, or too few rows have one", () => {
    // 甲, 乙, 丙 …: every serial its own shape.
    expect(count([["甲", "", "○", "", ""], ["乙", "", "○", "", ""], ["丙", "", "", "", ""]]).diagnostics).toEqual([]);
    // One other row with a serial: too few to say how they are written.
    expect(count([["1", "", "○", "", ""], ["监票人：李四", "", "", "", ""]]).diagnostics).toEqual([]);
    // Two rows written alike are enough; a row with a mark or a 作废 cell is a ballot whatever its serial.
    expect(count([["1", "", "○", "", ""], ["2", "", "○", "", ""], ["监票人：李四", "", "", "", ""]]).diagnostics.map((d) => d.code)).toEqual(["E_NOTE_ROW"]);
    expect(count([["1", "", "○", "", ""], ["2", "", "○", "", ""], ["甲", "", "○", "", ""], ["乙", "破损", "", "", ""]]).diagnostics).toEqual([]);
  });

  it("hints at a serial written the usual way, and says it in English", () => {
    const c = count([["001", "", "○", "", ""], ["002", "", "○", "", ""], ["2026-01-15", "", "", "", ""]]);
    expect(renderDiagnostic(c.diagnostics[0]!).hint).toBe("不是票就删去这一行（否则它会被算作多收回一张空白票）；如果确是一张空白票，把票号改成与其他票（如“001”）相同的写法");
    expect(renderDiagnostic(c.diagnostics[0]!, "en").message).toBe("Line 4 has only its 票号 cell written, “2026-01-15”: a signature or note, not a ballot");
  });
});

describe("a mark drawn like a default mark but another character", () => {
  it("says which mark ◯ ⭕ ✕ ✖ ╳ look like, by code point, and still reads them as unreadable", () => {
    const cases: [string, string, string][] = [["◯", "U+25EF", "赞成符号“○”（U+25CB）"], ["⭕️", "U+2B55", "赞成符号“○”（U+25CB）"], ["✕", "U+2715", "反对符号“×”（U+00D7）"], ["✖", "U+2716", "反对符号“×”（U+00D7）"], ["╳", "U+2573", "反对符号“×”（U+00D7）"]];
    for (const [mark, code, like] of cases) {
      const { value, diagnostics } = count([["1", "", mark, "", ""]]);
      expect(value.voidByReason).toEqual({ unreadable: 1 });
      expect(said(diagnostics[0]!), mark).toBe(`第 2 行（票号 1）“P1”的符号“${mark}”无法辨认，该票无效：“${mark}”（${code}）与${like}形似而不是同一个字符`);
      expect(renderDiagnostic(diagnostics[0]!).hint, mark).toMatch(/^把这一格重新输入为“[○×]”/);
    }
    // Where the mark it resembles is itself unreadable (× on an approve-only ballot), nothing is said of it.
    const approveOnly = count([["1", "", "✕", "", ""]], { ballot: "approve-only" }).diagnostics[0]!;
    expect(said(approveOnly)).toBe("第 2 行（票号 1）“P1”的符号“✕”无法辨认，该票无效");
    expect(renderDiagnostic(approveOnly).hint).toMatch(/^请监票人对照票号 1 的纸质票核对这一格/);
  });
});

describe("ballotPolicy", () => {
  it("limits approvals to the seats left in a runoff", () => {
    const rules = { maxApprovals: "formal", formal: 5, blankBallot: "valid", unreadableMark: "void-ballot" } as Rules;
    expect(ballotPolicy(rules, 2)).toEqual({ maxApprovals: 2, blankVoid: false, unreadableAbstain: false, marksGiven: null, approveOnly: false } satisfies BallotPolicy);
  });
});

describe("a ballots column that differs from a candidate's ID only in leading zeros", () => {
  it("is said at that column, with the spreadsheet cause, and the candidate not again as missing", async () => {
    const { resolveBallotHeader } = await import("../../src/core/ballots.js");
    const line = (id: string, name: string) => ({ id, name, parent: "", children: [] }) as unknown as Parameters<typeof resolveBallotHeader>[2][number];
    const lines = [line("1", "甲"), line("2", "乙"), line("003", "丙"), line("P4", "丁")];
    const r = resolveBallotHeader(["001", "2", "3", "P4", "005"], 1, lines, "ballots.csv");
    expect(r.diagnostics.map((d) => [d.code, d.at.column, d.params["zerosOf"]])).toEqual([
      ["E_UNKNOWN_COLUMN", 1, "1"], ["E_UNKNOWN_COLUMN", 3, "003"], ["E_UNKNOWN_COLUMN", 5, undefined],
    ]);
    expect(renderDiagnostic(r.diagnostics[0]!)).toEqual({
      message: "列“001”与候选项目的编号“1”只差前导的 0",
      hint: "在 Excel 或 WPS 中输入的 003 会被存成数字 3：把候选项目表（或表决票）中编号那一列设为“文本”格式后重新输入编号，使两边写法一致",
    });
    // Without a column for it, a line is still missing.
    expect(resolveBallotHeader(["2", "003"], 1, lines, "ballots.csv").diagnostics.map((d) => d.code)).toEqual(["E_MISSING_COLUMN", "E_MISSING_COLUMN"]);
    // A line with a column of its own, even one further on, is not what a zero-padded column stands for.
    const own = resolveBallotHeader(["01", "1", "2", "003", "P4"], 1, lines, "ballots.csv").diagnostics;
    expect(own.map((d) => [d.code, d.at.column, d.params["zerosOf"]])).toEqual([["E_UNKNOWN_COLUMN", 1, undefined]]);
  });
});
