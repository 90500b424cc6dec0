import { describe, expect, it } from "vitest";
import * as path from "node:path";
import { runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";

describe("tally on the sample session", () => {
  it("selects the ten projects with the most approve votes and writes the outputs", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
    const r = await runCli(["tally", dir, "--json"]);
    expect(r.code).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.data.selected).toEqual(["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10"]);
    const files = await snapshot(path.join(dir, "out"));
    expect([...files.keys()].sort()).toEqual(["SHA256SUMS", "announcement.docx", "announcement.html", "announcement.md", "audit.json", "results.csv", "results.xlsx", "summary.csv", "summary.xlsx"]);
  });
});
