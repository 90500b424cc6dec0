// A row of only commas (a spreadsheet row cleared and saved) in a table whose rows are records is refused
// once, as an empty row with the hint to delete it, not as each of its required cells empty; nothing is
// written. In ballots.csv the same row is a blank ballot (SPEC §6.3), counted with W_EMPTY_ROW.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

type Diag = { code: string; file: string; line: number; column: number; message: string; hint?: string };

async function refusedOnce(dir: string, argv: string[], file: string, line: number): Promise<void> {
  const before = await snapshot(dir);
  const r = await runCli([...argv, dir, "--json"]);
  expect(r.code, JSON.stringify(r.json)).toBe(1);
  const errors = (r.json.error.diagnostics as Diag[]).filter((d) => d.line === line && d.file.endsWith(file));
  expect(errors.map((d) => [d.code, d.column, d.message])).toEqual([["E_BLANK_ROW", 1, `第 ${line} 行全部为空（只有逗号或空格）`]]);
  expect(errors[0]!.hint).toBe("这多半是在 Excel 或 WPS 中清除内容后留下的行：删去这一行，再重新运行");
  expect(await snapshot(dir)).toEqual(before);
}

/** A row of only commas, as wide as the file's header, at its end (as Excel saves a cleared row). */
async function append(dir: string, file: string): Promise<void> {
  const header = (await fs.readFile(path.join(dir, file), "utf8")).split("\n")[0]!;
  await fs.appendFile(path.join(dir, file), `${",".repeat(header.split(",").length - 1)}\n`);
}

describe("a row of only commas", () => {
  it("in plan.csv and progress.csv", async () => {
    const plan = await scratchCopy(path.join(SEEDS, "progress-2026"));
    const planLines = (await fs.readFile(path.join(plan, "plan.csv"), "utf8")).trimEnd().split("\n").length;
    await append(plan, "plan.csv");
    await refusedOnce(plan, ["progress"], "plan.csv", planLines + 1);
    const reports = await scratchCopy(path.join(SEEDS, "progress-2026"));
    const reportLines = (await fs.readFile(path.join(reports, "progress.csv"), "utf8")).trimEnd().split("\n").length;
    await append(reports, "progress.csv");
    await refusedOnce(reports, ["progress"], "progress.csv", reportLines + 1);
  });

  it("in candidates.csv, counts.csv, indicators.csv and evaluation-counts.csv", async () => {
    const candidates = await scratchCopy(path.join(FIXTURES, "bad", "base"));
    const lines = (await fs.readFile(path.join(candidates, "candidates.csv"), "utf8")).trimEnd().split("\n").length;
    await append(candidates, "candidates.csv");
    await refusedOnce(candidates, ["tally"], "candidates.csv", lines + 1);

    const counts = await scratchCopy(path.join(FIXTURES, "bad", "base"));
    const ids = (await fs.readFile(path.join(counts, "candidates.csv"), "utf8")).trimEnd().split("\n").slice(1).map((l) => l.split(",")[0]!);
    await fs.rm(path.join(counts, "ballots.csv"));
    await fs.writeFile(path.join(counts, "counts.csv"), `编号,赞成,反对,弃权\n${ids.map((id) => `${id},5,3,2`).join("\n")}\n,,,\n`);
    const session = JSON.parse(await fs.readFile(path.join(counts, "session.json"), "utf8"));
    await fs.writeFile(path.join(counts, "session.json"), JSON.stringify({ ...session, counted: [{ returned: 10, void: 0 }] }));
    await refusedOnce(counts, ["tally"], "counts.csv", ids.length + 2);

    const indicators = await scratchCopy(path.join(FIXTURES, "bad", "base-evaluation"));
    const indicatorLines = (await fs.readFile(path.join(indicators, "indicators.csv"), "utf8")).trimEnd().split("\n").length;
    await append(indicators, "indicators.csv");
    await refusedOnce(indicators, ["evaluate"], "indicators.csv", indicatorLines + 1);

    const hand = await scratchCopy(path.join(FIXTURES, "bad", "base-evaluation"));
    await fs.rm(path.join(hand, "evaluations.csv"));
    const config = JSON.parse(await fs.readFile(path.join(hand, "evaluation.json"), "utf8"));
    const group = Object.keys(config.groups)[0]!;
    await fs.writeFile(path.join(hand, "evaluation-counts.csv"), `编号,组别,满意,基本满意,不满意,弃权\nP01,${group},5,3,1,1\n,,,,,\n`);
    await refusedOnce(hand, ["evaluate"], "evaluation-counts.csv", 3);
  });
});
