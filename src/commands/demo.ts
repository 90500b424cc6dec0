// piaojue demo: the whole flow on the sample session shipped in seeds/, on a copy, so the seeds are
// never written to.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { runCheck } from "./check.js";
import { EXIT, type CommandEnv, type Outcome } from "./outcome.js";
import { runTally, type TallyData } from "./tally.js";

export const SEEDS_DIR = fileURLToPath(new URL("../../seeds/", import.meta.url));
export const DEMO_SESSION = "township-2026";

export async function runDemo(opts: { out?: string }, env: CommandEnv): Promise<Outcome<TallyData>> {
  const workDir = opts.out ? path.resolve(env.cwd, opts.out) : path.join(os.tmpdir(), "piaojue-demo");
  const sessionDir = path.join(workDir, DEMO_SESSION);
  await fs.rm(sessionDir, { recursive: true, force: true });
  await fs.mkdir(workDir, { recursive: true });
  await fs.cp(path.join(SEEDS_DIR, DEMO_SESSION), sessionDir, { recursive: true, filter: (src) => path.basename(src) !== "out" });
  const check = await runCheck({ dir: sessionDir }, env);
  if (check.exitCode !== EXIT.ok) return { ...check, command: "demo", data: undefined } as Outcome<TallyData>;
  const tally = await runTally({ dir: sessionDir }, env);
  return {
    ...tally,
    command: "demo",
    report: env.lang === "en"
      ? [`Sample session: seeds/${DEMO_SESSION} (copy in ${sessionDir})`, "", "① Check", ...check.report.map((l) => `  ${l}`), "", "② Tally and results", ...tally.report]
      : [`示例会议：seeds/${DEMO_SESSION}（副本在 ${sessionDir}）`, "", "① 检查", ...check.report.map((l) => `  ${l}`), "", "② 计票与结果", ...tally.report],
    warnings: [...check.warnings.filter((w) => !tally.warnings.some((x) => x.code === w.code && x.line === w.line && x.file === w.file)), ...tally.warnings],
  };
}
