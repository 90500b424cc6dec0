// The built binary, spawned as a user would run it (npm test builds dist/ first).
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, SEEDS, scratchCopy } from "../helpers.js";

function piaojue(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin", "piaojue.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

describe("bin/piaojue.js", () => {
  it("demo prints the result table and exits 0", () => {
    const out = path.join(ROOT, "test", "artifacts", "demo");
    const r = piaojue(["demo", "-o", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("镇卫生院住院楼改造");
    expect(r.stdout).toContain("当选正式项目 10 个");
  });
  it("sets the exit code of SPEC §9: 4 for a pending runoff, 2 for a usage error, 1 for bad input", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const r = piaojue(["tally", dir, "--round", "1", "--json"]);
    expect(r.status).toBe(4);
    expect(JSON.parse(r.stdout).data.runoff.reason).toBe("tie");
    expect(piaojue(["tally", "--no-such-flag"]).status).toBe(2);
    const missing = piaojue(["tally", path.join(dir, "nope")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("session.json E_FILE");
  });
  it("prints its version and Chinese help", () => {
    expect(piaojue(["-V"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = piaojue(["tally", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("用法：");
    expect(help.stdout).toContain("--round");
  });
});
