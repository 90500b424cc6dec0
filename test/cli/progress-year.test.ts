// A county's year through `piaojue progress`: the messages a clerk meets with plan points typed with 、,
// a project taken out of the plan, months Excel turned into dates, a lag limit written as a fraction and
// a progress workbook holding 0.45 for 45%.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli } from "../helpers.js";

const PLAN = "编号,项目名称,开始,完成时限,计划节点\nC1,甲,2026-03,2026-12,\nC2,乙,2026-01,2026-12,\n";
const REPORTS = "编号,截至,形象进度\nC1,2026-05,20\nC2,2026-05,30\nC1,2026-06,40\nC2,2026-06,45\n";

type Diagnostic = { code: string; line: number; column: number; message: string; hint?: string; cell?: string; file: string };

async function progress(files: Record<string, string | Uint8Array>, args: string[] = []) {
  const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS, ...files });
  const r = await runCli(["progress", dir, "--json", ...args]);
  const diagnostics: Diagnostic[] = [...(r.json.error?.diagnostics ?? []), ...r.json.warnings];
  return { r, dir, diagnostics };
}

describe("a lag limit written as a fraction that has no finite decimal", () => {
  it("is printed as a decimal with one place, on the terminal and in the bulletin", async () => {
    const json = JSON.stringify({ lag: { behind: "100/3", severe: "100/3" } });
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS, "progress.json": json });
    const r = await runCli(["progress", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("（滞后：差距超过 33.3 个百分点；严重滞后：超过 33.3 个百分点）");
    const { readFile } = await import("node:fs/promises");
    const html = await readFile(path.join(dir, "out", "progress.html"), "utf8");
    expect(html).toContain("超过 33.3 个百分点；严重滞后：超过 33.3 个百分点");
    expect(html).not.toContain("100/3");
    const en = await runCli(["progress", dir, "--lang", "en"]);
    expect(en.stdout).toContain("more than 33.3 percentage points short of plan; severely behind: more than 33.3)");
  });

  it("a limit with a finite decimal is written as it is (12.5, 10)", async () => {
    const dir = await makeSession({ "plan.csv": PLAN, "progress.csv": REPORTS, "progress.json": JSON.stringify({ lag: { behind: "25/2" } }) });
    const r = await runCli(["progress", dir]);
    expect(r.stdout).toContain("（滞后：差距超过 12.5 个百分点；严重滞后：超过 30 个百分点）");
  });
});
