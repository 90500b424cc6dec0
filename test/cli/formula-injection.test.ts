// CSV formula injection (SPEC §10): a cell a spreadsheet would run — text starting with = + - @ tab or CR —
// is written with a leading apostrophe in every CSV the tool writes. Checked by running every command that
// writes CSV on a session whose names are formulas, and reading every CSV back with a strict parser.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { formatCsv, protectCell } from "../../src/io/csv.js";
import { FIXTURES, runCli, scratchCopy } from "../helpers.js";
import { registeredCommands } from "./registered.js";

const FORMULA_START = /^[=+\-@\t\r]/;

async function csvFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...(await csvFiles(p)));
    else if (e.name.endsWith(".csv")) found.push(p);
  }
  return found;
}

function readBack(text: string): string[][] {
  expect(text.startsWith("\ufeff")).toBe(true);
  expect(text.split("\r\n").join(""), "CRLF line ends").not.toContain("\n"); // no cell here holds a line break
  return parse(text.slice(1), { relax_column_count: false, record_delimiter: "\r\n", trim: false }) as string[][];
}

describe("formula protection in every CSV written", () => {
  it("protectCell and formatCsv neutralise every formula start, including tab and carriage return", () => {
    for (const v of ['=HYPERLINK("http://x","点我")', "+1", "-2", "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]) {
      expect(protectCell(v)).toBe(`'${v}`);
      const [row] = readBack(formatCsv(["a"], [[v]])).slice(1);
      expect(row![0]).toBe(`'${v}`);
    }
    for (const v of ["点我", "1", "'=already", "＝全角", " "]) expect(protectCell(v)).toBe(v);
    expect(protectCell(-2)).toBe("-2"); // numbers are numbers, not text a spreadsheet would re-read as a formula
  });

  it("tally, runoff, ballot and evaluate on a session whose names and groups are formulas", async () => {
    const dir = await scratchCopy(path.join(FIXTURES, "trust", "formula-names"));
    const available = await registeredCommands();
    const runs: [string, number[]][] = [["tally", [4]], ["runoff", [0]], ["ballot", [0]], ["evaluate", [0]]];
    let ran = 0;
    for (const [command, codes] of runs) {
      if (!available.includes(command)) continue;
      const r = await runCli([command, dir, "--json"]);
      expect(codes, `${command}: ${r.stdout.slice(0, 400)}`).toContain(r.code);
      ran++;
    }
    expect(ran).toBeGreaterThanOrEqual(2);
    const files = await csvFiles(path.join(dir, "out"));
    expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(["results.csv", "summary.csv"]));
    const cells: string[] = [];
    for (const file of files) {
      const rows = readBack(await fs.readFile(file, "utf8"));
      for (const [i, row] of rows.entries()) {
        for (const [j, cell] of row.entries()) {
          expect(cell, `${path.basename(file)} row ${i + 1} column ${j + 1}`).not.toMatch(FORMULA_START);
          cells.push(cell);
        }
      }
    }
    // The hostile names did reach the outputs, neutralised.
    for (const name of ['=HYPERLINK("http://x","点我")', "+1", "-2", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]) expect(cells).toContain(`'${name}`);
    if (available.includes("evaluate")) expect(cells).toContain("'=群众");
  });
});
