// Golden scenarios: each folder under fixtures/scenarios holds a session and an expected.json whose
// numbers were worked out by hand from the rules (see its NOTES.md).
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkExpectation, parseExpectation } from "../../src/commands/expect.js";
import { FIXTURES, runCli, scratchCopy } from "../helpers.js";

const dir = path.join(FIXTURES, "scenarios");
const scenarios = readdirSync(dir).filter((n) => !n.startsWith(".")).sort();

describe("golden scenarios", () => {
  it("there are scenarios to check", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });
  for (const name of scenarios) {
    it(name, async () => {
      const folder = await scratchCopy(path.join(dir, name));
      const parsed = parseExpectation(readFileSync(path.join(folder, "expected.json"), "utf8"), "expected.json");
      expect(parsed.diagnostics).toEqual([]);
      const expected = parsed.value!;
      const r = await runCli(["tally", folder, "--json"]);
      const diffs = checkExpectation(expected, r.code, r.json);
      expect(diffs, r.stderr).toEqual([]);
    });
  }
});
