// A ballots file with one candidate column and no 票号 or 作废 column: a blank ballot there is a line with
// nothing on it, which cannot be told from a stray empty line, so such a line refuses the file.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import iconv from "iconv-lite";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { makeSession, runCli } from "../helpers.js";

const SESSION = JSON.stringify({
  title: "t", date: "2026-01-15", deputies: { total: 3, present: 3 }, issued: [3],
  rules: { formal: 1, competition: { allowEqual: true }, order: "as-listed", threshold: "valid" },
});
const CANDIDATES = "编号,项目名称\nA,甲\n";

async function tally(ballots: string | Uint8Array, extra: Record<string, string> = {}) {
  const dir = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES, "ballots.csv": ballots, ...extra });
  return { dir, json: await runCli(["tally", dir, "--json"]), screen: await runCli(["tally", dir]) };
}

describe("a one-column ballots file without 票号 or 作废", () => {
  it("is refused at its first empty line (exit 1, nothing written), not counted with its blank ballots dropped", async () => {
    const { dir, json, screen } = await tally("A\n○\n\n\n");
    expect(json.code).toBe(1);
    expect(json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_BALLOTS_EMPTY_LINE", file: "ballots.csv", line: 3, column: 1 })]);
    await expect(fs.stat(path.join(dir, "out"))).rejects.toThrow();
    expect(screen.code).toBe(1);
    expect(screen.stderr).toContain("ballots.csv:3:1 E_BALLOTS_EMPTY_LINE 第 3 行是空行：表里只有一个项目栏，没有票号栏和作废栏，空行既可能是一张空白票，也可能是多余的空行");
    expect(screen.stderr).toContain("提示：加一个“票号”栏，每张票一行，空白票只填票号；若不是票，删去空行后重新计票\n");
    // No template is named: this folder's out/ has none, and piaojue ballot will not write one while ballots.csv is wrong.
    expect(screen.stderr).not.toContain("ballots-template");
    expect((await runCli(["ballot", dir])).code).toBe(1);
    const en = await runCli(["tally", dir, "--lang", "en"]);
    expect(en.stderr).toContain("hint: Add a 票号 column, one row per ballot, a blank ballot with only its 票号;");
    expect(en.stderr).toContain("ballots.csv:3:1 E_BALLOTS_EMPTY_LINE Line 3 is empty: with one candidate column and no 票号 or 作废 column");
  });

  it("B6: a line of spaces is a blank ballot, warned as a row of only commas or spaces (zh and en)", async () => {
    const { dir, json, screen } = await tally("A\n○\n   \n○\n");
    expect(json.code).toBe(0);
    expect(screen.stderr).toContain("ballots.csv:3:1 W_EMPTY_ROW 第 3 行全部为空（只有逗号或空格），按空白票计");
    expect((await runCli(["tally", dir, "--lang", "en"])).stderr).toContain("Row 3 is all empty (only commas or spaces)");
  });

  it("an empty line between ballots, or only empty lines under the header, is the same question (not an unfilled template)", async () => {
    expect((await tally("A\n○\n\n○\n")).json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_BALLOTS_EMPTY_LINE", line: 3 })]);
    expect((await tally("A\n\n\n\n")).json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_BALLOTS_EMPTY_LINE", line: 2 })]);
    // CRLF, a line quoted (read by csv-parse, not the fast path), and GBK (read whole) find it too.
    expect((await tally("A\r\n○\r\n\r\n")).json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_BALLOTS_EMPTY_LINE", line: 3 })]);
    expect((await tally('A\n"○"\n○\n\n')).json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_BALLOTS_EMPTY_LINE", line: 4 })]);
    expect((await tally(iconv.encode("A\n○\n○\n\n", "gbk"))).json.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_BALLOTS_EMPTY_LINE", line: 4 })]);
  });

  it("the line break ending the last line, and empty lines above the header, are no empty lines of ballots", async () => {
    for (const text of ["A\n○\n", "A\n○", "\n\nA\n○\n"]) {
      const { json } = await tally(text);
      expect(json.code, text).toBe(0);
      expect(json.json.data.rounds[0]).toMatchObject({ returned: 1, valid: 1 });
    }
  });

  it("with a 票号 or 作废 column, or two candidates, an empty line is skipped as before and a blank ballot is its own row", async () => {
    const serial = await tally("票号,A\n1,○\n\n2,\n3,\n\n");
    expect(serial.json.code).toBe(4);
    expect(serial.json.json.data.rounds[0]).toMatchObject({ returned: 3, valid: 3 });
    const voidColumn = await tally("作废,A\n,○\n\n,○\n");
    expect(voidColumn.json.json.data.rounds[0]).toMatchObject({ returned: 2 });
    const two = await makeSession({ "session.json": SESSION, "candidates.csv": "编号,项目名称\nA,甲\nB,乙\n", "ballots.csv": "A,B\n○,×\n\n,\n" });
    const r = await runCli(["tally", two, "--json"]);
    expect(r.json.data.rounds[0]).toMatchObject({ returned: 2, valid: 2 });
  });

  it("in a runoff round's file too", async () => {
    const session = JSON.stringify({
      title: "t", date: "2026-01-15", deputies: { total: 3, present: 3 }, issued: [3, 3],
      rules: { formal: 2, competition: { allowEqual: true }, order: "as-listed", threshold: "valid", shortfall: "runoff" },
    });
    // A (3 of 3) is selected; B (1) is short of 2: a runoff for one seat, B alone on its ballot.
    const dir = await makeSession({ "session.json": session, "candidates.csv": "编号,项目名称\nA,甲\nB,乙\n", "ballots.csv": "A,B\n○,○\n○,\n○,\n", "ballots-r2.csv": "B\n○\n○\n\n\n\n\n\n" });
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.json.error.diagnostics).toEqual([expect.objectContaining({ code: "E_BALLOTS_EMPTY_LINE", file: "ballots-r2.csv", line: 4, column: 1 })]);
    expect(r.json.error.diagnostics[0].hint).toMatch(/^加一个“票号”栏/);
  });

  it("a workbook's empty row inside a one-column sheet is a blank ballot, as in any sheet: it has no empty line to doubt", async () => {
    const dir = await makeSession({ "session.json": SESSION, "candidates.csv": CANDIDATES });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("表决票");
    ws.getCell("A1").value = "A";
    ws.getCell("A2").value = "○";
    ws.getCell("A4").value = "○";
    await wb.xlsx.writeFile(path.join(dir, "ballots.xlsx"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.json.data.rounds[0]).toMatchObject({ returned: 3, valid: 3 });
    expect(r.json.warnings).toContainEqual(expect.objectContaining({ code: "W_EMPTY_ROW", cell: "表决票!A3" }));
  });
});
