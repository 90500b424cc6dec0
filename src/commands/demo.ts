// piaojue demo: the whole flow on the sample session shipped in seeds/, on a copy, so the seeds are
// never written to.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { runAudit } from "./audit.js";
import { runBallot } from "./ballot.js";
import { runCheck } from "./check.js";
import { error, InputError, type Diagnostic } from "../core/diagnostics.js";
import { writeOutputSet, type OutputFile } from "../io/files.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { runTally, type TallyData } from "./tally.js";
import { VOID_REASON_LABELS, VOID_REASON_LABELS_EN } from "../messages/labels.js";
import type { VoidReason } from "../core/ballots.js";

const SEEDS_DIR = fileURLToPath(new URL("../../seeds/", import.meta.url));
const DEMO_SESSION = "township-2026";
const BALLOTS = "ballots.csv";

/** Files below a folder (out/ left aside) with their bytes, or null when the folder does not exist. */
async function filesBelow(dir: string): Promise<Map<string, string> | null> {
  const found = new Map<string, string>();
  try {
    for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
      const file = path.join(e.parentPath, e.name);
      const rel = path.relative(dir, file);
      if (rel === "out" || rel.startsWith(`out${path.sep}`)) continue;
      found.set(rel, e.isFile() ? (await fs.readFile(file)).toString("base64") : e.isDirectory() ? "/" : "?");
    }
  } catch (e) {
    // Not there, or a file on the way to it (-o afile/sub): making the folder says what is wrong.
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw e;
  }
  return found;
}

/**
 * Why the copy cannot go to DIR/township-2026, or null when it can: it must be new, empty, or an earlier
 * demo's copy (the seeds unchanged, so only its out/ is replaced). Anything else may be someone's work.
 */
async function targetProblem(workDir: string, sessionDir: string): Promise<string | null> {
  const stat = await fs.stat(workDir).catch(() => null);
  if (stat && !stat.isDirectory()) return "not-dir";
  const there = await filesBelow(sessionDir);
  if (there === null || there.size === 0) return null;
  const seeds = await filesBelow(path.join(SEEDS_DIR, DEMO_SESSION));
  // A demo stopped between printing and counting left its copy without the ballots: still its own.
  const whole = there.size === seeds!.size || (there.size === seeds!.size - 1 && !there.has(BALLOTS));
  const same = whole && [...there].every(([k, v]) => seeds!.get(k) === v);
  return same ? null : "not-empty";
}

/** The sample session's files (its out/ left aside), to be written as the copy. */
async function seedFiles(): Promise<OutputFile[]> {
  const seeds = path.join(SEEDS_DIR, DEMO_SESSION);
  const files: OutputFile[] = [];
  for (const e of await fs.readdir(seeds, { recursive: true, withFileTypes: true })) {
    const file = path.join(e.parentPath, e.name);
    const name = path.relative(seeds, file);
    if (e.isFile() && !name.split(path.sep).includes("out")) files.push({ name, content: await fs.readFile(file) });
  }
  return files;
}

/** The tally's data, and the folder the copy was made in (so a script can open its out/). */
export type DemoData = TallyData & { session: string };

export async function runDemo(opts: { out?: string }, env: CommandEnv): Promise<Outcome<DemoData>> {
  let workDir: string;
  try {
    // Without -o, a private new folder: a shared one in /tmp could hold another user's symlink.
    workDir = opts.out ? path.resolve(env.cwd, opts.out) : await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-demo-"));
  } catch (e) {
    return writeFailed(os.tmpdir(), e, true);
  }
  const sessionDir = path.join(workDir, DEMO_SESSION);
  let problem: string | null;
  try {
    problem = await targetProblem(workDir, sessionDir);
  } catch (e) {
    return writeFailed(sessionDir, e); // a folder there that cannot be read cannot take the copy either
  }
  if (problem) return failed("demo", [error("E_DEMO_TARGET", { file: problem === "not-dir" ? workDir : sessionDir }, { problem, path: problem === "not-dir" ? workDir : sessionDir })]);
  const files = await seedFiles();
  // The returned ballots come in after the ballots are printed, as on the day: the copy is made without
  // them (an earlier demo's copy loses its ballots.csv), and they are written in after ②.
  const entered = files.filter((f) => f.name === BALLOTS);
  const write = async (step: () => Promise<void>) => {
    try {
      await step();
      return null;
    } catch (e) {
      if (e instanceof InputError) return failed("demo", e.diagnostics, { why: "write-failed" }) as Outcome<DemoData>;
      return writeFailed(sessionDir, e);
    }
  };
  // The copy is written as every command's output is: its folders made as they can be (-o /proc/x
  // fails at once), a failure told as E_WRITE (exit 1), never half a copy.
  const copied = await write(async () => {
    await fs.rm(path.join(sessionDir, "out"), { recursive: true, force: true });
    await fs.rm(path.join(sessionDir, BALLOTS), { force: true });
    await writeOutputSet(sessionDir, files.filter((f) => f.name !== BALLOTS));
  });
  if (copied) return copied;
  // The clerk's flow on the copy: check, print the ballots, enter the returned ones (here: the sample's
  // ballots.csv put in place), count, then audit what was written. A step that does not go through ends it.
  const check = await runCheck({ dir: sessionDir }, env);
  if (check.exitCode !== EXIT.ok) return { ...check, command: "demo", data: undefined } as Outcome<DemoData>;
  const ballot = await runBallot({ dir: sessionDir }, env);
  if (ballot.exitCode !== EXIT.ok) return { ...ballot, command: "demo", data: undefined } as Outcome<DemoData>;
  const put = await write(() => writeOutputSet(sessionDir, entered));
  if (put) return put;
  const tally = await runTally({ dir: sessionDir }, env);
  const audit = tally.exitCode === EXIT.ok ? await runAudit({ dir: sessionDir }, env) : null;
  const en = env.lang === "en";
  const step = (heading: string, lines: readonly string[]) => ["", heading, ...lines.map((l) => (l === "" ? "" : `  ${l}`))];
  const returned = tally.data?.rounds[0]?.returned ?? 0;
  return {
    ...tally,
    command: "demo",
    data: tally.data && { ...tally.data, session: sessionDir },
    exitCode: audit && audit.exitCode !== EXIT.ok ? audit.exitCode : tally.exitCode,
    report: [
      en ? `Sample session: seeds/${DEMO_SESSION} (copy in ${sessionDir})` : `示例会议：seeds/${DEMO_SESSION}（副本在 ${sessionDir}）`,
      ...step(en ? "① Check" : "① 检查", check.report),
      ...step(en ? "② Print the ballots" : "② 印票", ballot.report),
      ...step(en ? "③ Enter the returned ballots" : "③ 录入", [en
        ? `The sample's ${returned} returned ballots are put in as ${BALLOTS} (on the day: typed with piaojue enter, or filled into the entry template).`
        : `示例的 ${returned} 张收回的表决票放入 ${BALLOTS}（会议当天用 piaojue enter 逐张键入，或填好录入模板）。`]),
      "", en ? "④ Tally and results" : "④ 计票与结果", ...tally.report,
      ...(audit ? step(en ? "⑤ Audit what was written" : "⑤ 核查写出的文件", audit.report) : []),
      ...warningNote(tally, en ? "en" : "zh"),
    ],
    warnings: distinct([...check.warnings, ...ballot.warnings, ...tally.warnings, ...(audit?.warnings ?? [])]),
  };
}

/** Each diagnostic once: the steps read the same files, so check and tally say the same 提醒. */
function distinct(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code} ${d.at.file}:${d.at.line}:${d.at.column}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** A folder of the demo that cannot be made or written: the clerk's to fix (exit 1), as for every command. */
function writeFailed(dir: string, e: unknown, temporary = false): Outcome<DemoData> {
  const errno = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof errno !== "string") throw e;
  // The system's temporary folder (TMPDIR), not one the clerk named: -o names one that can be written.
  return failed("demo", [error("E_WRITE", { file: dir }, { errno, staged: 0, ...(temporary && { temporary: 1 }) })], { why: "write-failed" });
}

/**
 * The sample's ballots hold void ones on purpose, so the run ends on a 提醒 a new user could take for a
 * failure: the lines before it say what it is and that the count stands.
 */
function warningNote(tally: Outcome<TallyData>, lang: "zh" | "en"): string[] {
  const round = tally.data?.rounds[0];
  if (!round || tally.warnings.length === 0 || tally.exitCode !== EXIT.ok) return [];
  const reasons = Object.entries(round.voidByReason).map(([k, n]) => (lang === "en" ? `${VOID_REASON_LABELS_EN[k as VoidReason]} ${n}` : `${VOID_REASON_LABELS[k as VoidReason]} ${n} 张`));
  return lang === "en"
    ? ["", `⑥ About the note below: the sample's ballots include ${round.void} void ones on purpose (${reasons.join(", ")}). piaojue names the line of each ballot the tellers should check against the paper. This is what the demo shows, not a failure: the count is complete and the result stands (exit code 0).`]
    : ["", `⑥ 关于下面的提醒：示例的表决票里特意放了 ${round.void} 张无效票（${reasons.join("，")}），piaojue 会指出需要监票人对照纸质票核对的那一行。这是示例要演示的情形，不是出错：计票已完成，结果有效（退出码 0）。`];
}
