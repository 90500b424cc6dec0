// The golden folders of fixtures/progress/: each case's expected.json was worked out by hand from SPEC §11
// (the arithmetic is in the case's NOTES.md). Exact figures are written as fractions ("160/3") and compared
// with the unrounded JSON numbers; the CSV files are compared cell by cell.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy } from "../helpers.js";

const CASES = path.join(FIXTURES, "progress");
const temps: string[] = [];
afterEach(async () => {
  for (const t of temps.splice(0)) await fs.rm(path.dirname(t), { recursive: true, force: true });
});

function exact(text: string | null): number | null {
  if (text === null) return null;
  const [num, den] = text.split("/");
  return Number(num) / Number(den ?? "1");
}

/** The cells of a CSV written by piaojue (BOM, CRLF); the fixtures hold no quoted cells. */
function cells(csv: string): string[][] {
  expect(csv.startsWith("\ufeff")).toBe(true);
  expect(csv.endsWith("\r\n")).toBe(true);
  return csv.slice(1, -2).split("\r\n").map((l) => l.split(","));
}

describe("progress golden cases", async () => {
  const names = (await fs.readdir(CASES)).sort();
  it("there are the three hand-worked cases", () => {
    expect(names).toEqual(["precedence", "thirds", "tolerance"]);
  });
  for (const name of names) {
    it(`${name}: the files and --json match expected.json`, async () => {
      const expected = JSON.parse(await fs.readFile(path.join(CASES, name, "expected.json"), "utf8"));
      const dir = await scratchCopy(path.join(CASES, name));
      temps.push(dir);
      const r = await runCli(["progress", dir, ...expected.args, "--json"]);
      expect(r.code).toBe(0);
      const out = path.join(dir, "out");
      const progress = cells(await fs.readFile(path.join(out, "progress.csv"), "utf8"));
      expect(progress[0]).toEqual(["编号", "项目名称", "责任单位", "完成时限", "计划进度", "实际进度", "差距", "已拨付资金（万元）", "投入资金（万元）", "资金拨付率", "状态", "说明"]);
      expect(progress.slice(1)).toEqual(expected.progressCsv);
      const summary = cells(await fs.readFile(path.join(out, "progress-summary.csv"), "utf8"));
      expect(summary[0]).toEqual(["项目", "值"]);
      expect(summary.slice(1)).toEqual(expected.summaryCsv);
      const html = await fs.readFile(path.join(out, "progress.html"), "utf8");
      // A phrase kept whole is wrapped in a span; the title is read without it.
      expect(html.replace(/<span class="fig">([^<]*)<\/span>/g, "$1")).toContain(`<h1>${expected.title}</h1>`);

      const data = r.json.data;
      expect(r.json.command).toBe("progress");
      expect(data.asOf).toBe(expected.json.asOf);
      expect(data.projects.map((p: { id: string }) => p.id)).toEqual(expected.json.projects.map((p: { id: string }) => p.id));
      expected.json.projects.forEach((want: Record<string, string | boolean | null>, k: number) => {
        const got = data.projects[k];
        for (const key of ["planned", "actual", "gap", "disbursed", "budget", "disbursedRate"]) {
          const value = exact(want[key] as string | null);
          if (value === null) expect(got[key], `${want.id} ${key}`).toBeNull();
          else expect(got[key], `${want.id} ${key}`).toBeCloseTo(value, 12);
        }
        expect(got.status).toBe(want.status);
        expect(got.started).toBe(want.started);
      });
      for (const [key, want] of Object.entries(expected.json.summary as Record<string, string | number | null>)) {
        if (typeof want === "number") expect(data.summary[key], key).toBe(want);
        else if (want === null) expect(data.summary[key], key).toBeNull();
        else expect(data.summary[key], key).toBeCloseTo(exact(want)!, 12);
      }
      expect(r.json.warnings.map((w: { file: string; line: number; column: number; code: string }) => `${w.file}:${w.line}:${w.column} ${w.code}`)).toEqual(expected.warnings);
    });
  }
});
