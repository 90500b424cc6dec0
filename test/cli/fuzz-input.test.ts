// Beyond the named corpus: random damage to each input of a good session (bytes flipped, cut, inserted,
// lines swapped) must never be an internal error. Whatever the damage, the answer is a result (0, 3, 4) or
// a refusal (1) with a place; a refusal leaves out/ as it was.
import { promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIXTURES, runCli, scratchCopy, snapshot } from "../helpers.js";

const BASE = path.join(FIXTURES, "bad", "base");
const NASTY = ["\u0000", "\"", ",", "\n", "\r", "\t", "\ufeff", "１", "○", "×", "-0", "1e309", "__proto__", "{", "}", "[", "]", ":", "：", "“", "\uD800", "\u2028", "99999999999999999999"];

const damage = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...NASTY) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
);
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function apply(bytes: Buffer, steps: Damage[]): Buffer {
  let b = Buffer.from(bytes);
  for (const s of steps) {
    const at = b.length === 0 ? 0 : s.at % (b.length + 1);
    if (s.kind === "flip" && b.length > 0) b[at % b.length] = s.byte;
    else if (s.kind === "cut") b = b.subarray(0, at);
    else if (s.kind === "insert") b = Buffer.concat([b.subarray(0, at), Buffer.from(s.text, "utf8"), b.subarray(at)]);
    else if (s.kind === "delete") b = Buffer.concat([b.subarray(0, at), b.subarray(at + s.length)]);
  }
  return b;
}

describe("random damage never makes an internal error", () => {
  for (const file of ["session.json", "candidates.csv", "ballots.csv"]) {
    it(`${file}`, async () => {
      const original = readFileSync(path.join(BASE, file));
      const dir = await scratchCopy(BASE);
      expect((await runCli(["tally", dir])).code).toBe(0);
      const out = path.join(dir, "out");
      const goodOut = await snapshot(out);
      await fc.assert(
        fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 4 }), async (steps) => {
          await fs.writeFile(path.join(dir, file), apply(original, steps));
          const before = await snapshot(out);
          const r = await runCli(["tally", dir, "--json"]);
          expect([0, 1, 3, 4], r.stderr).toContain(r.code);
          const doc = JSON.parse(r.stdout);
          if (r.code === 1) {
            const first = doc.error.diagnostics.find((d: { severity: string }) => d.severity === "error");
            expect(["session.json", "candidates.csv", "ballots.csv", "counts.csv"]).toContain(first.file);
            expect(first.message).toMatch(/[\u4e00-\u9fff]/);
            expect(await snapshot(out)).toEqual(before);
          }
          // Back to the good result for the next run, so "unchanged" is checked against a complete set.
          await fs.writeFile(path.join(dir, file), original);
          if (r.code !== 1) {
            await fs.rm(out, { recursive: true, force: true });
            await fs.mkdir(out);
            for (const [name, b64] of goodOut) await fs.writeFile(path.join(out, name), Buffer.from(b64, "base64"));
          }
        }),
        { numRuns: 150, seed: 20260115 },
      );
    }, 120_000);
  }
});
