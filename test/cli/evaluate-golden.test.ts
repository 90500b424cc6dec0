// Golden evaluation folders: each folder under fixtures/evaluate holds an evaluation, an expected.json and
// an expected-satisfaction.csv whose figures were worked out by hand from SPEC §8 (see its NOTES.md).
// Rates and scores in expected.json are written as exact fractions ("20/27") and compared within 1e-9.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy } from "../helpers.js";

const dir = path.join(FIXTURES, "evaluate");
const folders = readdirSync(dir).filter((n) => !n.startsWith(".")).sort();
const EXACT = /^\d+(?:\.\d+)?(?:\/\d+)?$/;

function valueOf(text: string): number {
  const [a, b] = text.split("/");
  return Number(a) / (b === undefined ? 1 : Number(b));
}

/** Subset comparison; a fraction string stands for the number it denotes. */
function differences(expected: unknown, actual: unknown, at = ""): string[] {
  if (typeof expected === "string" && typeof actual === "number" && EXACT.test(expected)) {
    return Math.abs(valueOf(expected) - actual) <= 1e-9 ? [] : [`${at}: expected ${expected} (${valueOf(expected)}), got ${actual}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)}`];
    if (expected.length !== actual.length) return [`${at}.length: expected ${expected.length}, got ${actual.length}`];
    return expected.flatMap((e, i) => differences(e, actual[i], `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => (k in (actual as object) ? differences(v, (actual as Record<string, unknown>)[k], `${at}.${k}`) : [`${at}.${k}: missing`]));
  }
  return Object.is(expected, actual) ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

describe("golden evaluations", () => {
  it("there are golden evaluation folders", () => {
    expect(folders.length).toBeGreaterThanOrEqual(7);
  });
  for (const name of folders) {
    it(name, async () => {
      const folder = await scratchCopy(path.join(dir, name));
      const expected = JSON.parse(readFileSync(path.join(folder, "expected.json"), "utf8")) as { exitCode: number; warnings: string[]; data?: unknown; error?: unknown };
      const r = await runCli(["evaluate", folder, "--json"]);
      expect(r.code, r.stderr).toBe(expected.exitCode);
      expect(r.json.warnings.map((w: { code: string }) => w.code).sort()).toEqual([...expected.warnings].sort());
      if (expected.data) expect(differences(expected.data, r.json.data, "data")).toEqual([]);
      if (expected.error) expect(differences(expected.error, r.json.error, "error")).toEqual([]);
      const csv = path.join(folder, "expected-satisfaction.csv");
      if (existsSync(csv)) {
        const written = readFileSync(path.join(folder, "out", "satisfaction.csv"), "utf8");
        expect(written.startsWith("\ufeff")).toBe(true);
        expect(written.slice(1).split("\r\n")).toEqual(readFileSync(csv, "utf8").replace(/\r\n/g, "\n").split("\n"));
      }
    });
  }
});
