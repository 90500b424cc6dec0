// Colour on stderr: only on a terminal, never with --json, --no-color or NO_COLOR (run.ts), by chalk.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { FIXTURES, ROOT } from "../helpers.js";

const ESC = "\x1b[";

async function stderrOf(argv: string[], isTTY: boolean, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: { write: (s: string) => { stdout += s; return true; }, isTTY },
    stderr: { write: (s: string) => { stderr += s; return true; }, isTTY },
    cwd: ROOT, env, now: () => new Date("2026-01-15T10:00:00Z"),
  });
  return { code, stdout, stderr };
}

describe("colour", () => {
  // A tally refused with an error and a hint: every kind of coloured line (it writes nothing).
  const session = path.join(FIXTURES, "scenarios", "unknown-column");
  let out = "";
  const tally = (...flags: string[]) => ["tally", session, "-o", out, ...flags];
  beforeAll(async () => { out = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-colour-")); });
  afterAll(async () => { await fs.rm(out, { recursive: true, force: true }); });

  it("colours errors red and hints dim on a terminal", async () => {
    const r = await stderrOf(tally(), true);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${ESC}31m错误${ESC}39m ballots.csv:1:4 E_UNKNOWN_COLUMN`);
    expect(r.stderr).toContain(`${ESC}2m    提示：本轮的列`);
  });

  it("never colours off a terminal, with --no-color, with NO_COLOR or with --json", async () => {
    const plain = await stderrOf(tally(), false);
    expect(plain.stderr).toContain("错误");
    for (const r of [plain, await stderrOf(tally("--no-color"), true), await stderrOf(tally(), true, { NO_COLOR: "1" }), await stderrOf(tally("--json"), true)]) {
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(ESC);
    }
  });

  it("reads NO_COLOR as no-color.org has it: set but empty, colour stays on", async () => {
    const r = await stderrOf(tally(), true, { NO_COLOR: "" });
    expect(r.stderr).toContain(`${ESC}31m错误${ESC}39m`);
  });

  it("follows chalk's FORCE_COLOR and TERM: FORCE_COLOR=0 and TERM=dumb turn colour off, FORCE_COLOR=1 keeps it on a dumb terminal", async () => {
    const envs: Record<string, string>[] = [{ FORCE_COLOR: "0" }, { FORCE_COLOR: "false" }, { TERM: "dumb" }];
    for (const env of envs) {
      const r = await stderrOf(tally(), true, env);
      expect(r.code).toBe(1);
      expect(r.stderr, JSON.stringify(env)).toContain("错误");
      expect(r.stdout + r.stderr, JSON.stringify(env)).not.toContain(ESC);
    }
    expect((await stderrOf(tally(), true, { TERM: "dumb", FORCE_COLOR: "1" })).stderr).toContain(`${ESC}31m错误`);
  });
});
