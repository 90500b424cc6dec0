// piaojue runoff: when the count needs another round, writes that round's ballot and entry template
// (exactly the runoff candidates, in ballot order) and says how many seats are left.
import { execute, recordedOptions, type Plan } from "./execute.js";
import { readFolder, resolveDir, resolveOut } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { droppedBallotFiles, printedLines, printedRunoffDiffers, removedReport, roundRecordsPast } from "./printed.js";
import { ballotFileName, countsFileName, roundsPresent, templateName } from "./rounds.js";
import { computeTally, withNextCommands } from "./tally.js";
import { ballotFiles, ballotSheet } from "./ballot.js";
import { readSessionAudit, type AuditDocument } from "../io/audit-trail.js";
import { ballotHtmlName, ballotPagesWarnings, countSheetName, countsTemplateName } from "../io/render/ballot.js";

export interface RunoffData {
  required: boolean;
  round: number | null;
  seats: number;
  candidates: { id: string; name: string }[];
  reason: "tie" | "shortfall" | null;
  files: string[];
  /** The files of earlier printed ballots this run took out of out/ (read from out/'s trail; audit replays without it). */
  removed: string[];
}

export async function runRunoff(opts: { dir?: string; out?: string }, env: CommandEnv): Promise<Outcome<RunoffData>> {
  const dir = resolveDir(env, opts.dir);
  const outDir = resolveOut(env, dir, opts.out);
  return execute(planRunoff, { trail: await readSessionAudit(outDir, dir) }, { dir, outDir }, env);
}

/** `trail`: out/'s audit trail before the run, to say which printed ballots it replaces or removes. */
export const planRunoff: Plan<{ trail?: AuditDocument | null }, RunoffData> = async (reader, opts, { env, outLabel, commandLine }) => {
  const en = env.lang === "en";
  const loaded = await readFolder(reader);
  if (!loaded.value) return failed("runoff", loaded.diagnostics);
  const folder = loaded.value;
  const { result, diagnostics } = await computeTally(folder);
  if (!result) return failed("runoff", withNextCommands(diagnostics, commandLine));
  const trail = opts.trail ?? null;
  // A later round's ballot (runoff's or `ballot --round K`'s) written before the count was corrected goes: no such round will be voted.
  const drop = roundRecordsPast(await roundsPresent(folder.reader), result);
  const none = { required: false, round: null, seats: 0, candidates: [], reason: null, files: [], removed: [] };
  if (!result.valid) {
    return { command: "runoff", exitCode: EXIT.void, data: none, warnings: diagnostics, report: [en ? `The vote is void; there is no runoff. Run ${commandLine("tally")} first to see why.` : `票决无效，不进行决选。请先运行 ${commandLine("tally")} 查看原因。`] };
  }
  const runoff = result.runoff;
  if (!runoff) {
    const removed = droppedBallotFiles(trail, drop, []);
    return { command: "runoff", exitCode: EXIT.ok, data: { ...none, removed }, warnings: diagnostics, ...(drop ? { output: { files: [], drop } } : {}), report: [en ? `No runoff needed: ${result.selected.length} ${result.selected.length === 1 ? "project is" : "projects are"} selected.` : `不需要决选：已确定 ${result.selected.length} 个正式项目。`, ...removedReport(removed, outLabel, en)] };
  }
  const lines = runoff.candidates.map((id) => folder.candidates.byId.get(id)!);
  const candidates = lines.map((c) => ({ id: c.id, name: c.name }));
  const sheet = ballotSheet(folder, { round: runoff.round, lines, maxApprovals: runoff.seats, seats: runoff.seats, issued: folder.session.issued[runoff.round - 1] ?? null });
  // The same files as `ballot --round K`: a session counted by hand (唱票) gets its count sheet too.
  const files = ballotFiles(sheet, folder.rules);
  const k = runoff.round;
  // Round K's 发出 not yet in session.json: tally would refuse the round (E_ISSUED_MISSING) until it is.
  const issuedStep = folder.session.issued[k - 1] === undefined ? commandLine(`enter --issued N --round ${k}`) : null;
  const dropHere = (name: string) => drop?.(name) === true || name === `ballot-r${k}`;
  const removed = droppedBallotFiles(trail, dropHere, files.map((f) => f.name));
  // Round K's ballot printed before a correction, for other lines or seats: what was printed then is void.
  const replaced = printedRunoffDiffers(trail, k, runoff.candidates, runoff.seats);
  const voided = replaced ? [en
    ? `The round ${k} ballots printed earlier (${replaced.lines.join(", ")}; at most ${replaced.seats} ${replaced.seats === 1 ? "approval" : "approvals"}) are void: do not hand them out, and ballots already cast on them cannot be counted.`
    : `以前印制的第 ${k} 轮表决票（${replaced.lines.join("、")}，每票最多赞成 ${replaced.seats} 个）作废：不要发出；已经用它投的票不能计入这次决选。`] : [];
  return {
    command: "runoff",
    exitCode: EXIT.ok,
    data: { required: true, round: runoff.round, seats: runoff.seats, candidates, reason: runoff.reason, files: files.map((f) => f.name), removed },
    warnings: [...diagnostics, ...ballotPagesWarnings(sheet)],
    // The seats are recorded: the paper states them as its limit of approvals; and the lines as printed (enter compares both).
    // `ballot --round K` writes the same files: this record replaces that one.
    output: { record: `runoff-r${runoff.round}`, files, drop: dropHere, ...recordedOptions(env, { seats: runoff.seats, lines: printedLines(lines) }) },
    report: en ? [
      `Round ${runoff.round} is required (${runoff.reason === "tie" ? "tied votes" : "fewer projects with a majority than the number to select"}): ${runoff.seats} ${runoff.seats === 1 ? "seat" : "seats"} left; each ballot may approve at most ${runoff.seats}.`,
      `Runoff projects (in ballot order): ${candidates.map((c) => `${c.id} ${c.name}`).join("; ")}`,
      `Ballot: ${outLabel}/${ballotHtmlName(k)} (A4; open in a browser and print)`,
      `Entry template: ${outLabel}/${templateName(k)}; fill it in, save it in the session folder as ${ballotFileName(k)}, ${issuedStep ? `record round ${k}'s ballots issued with ${issuedStep} (N: the ballots issued), ` : ""}then run ${commandLine("tally")}.`,
      `Or type the ballots in: ${commandLine("enter")} (a second person again with --second), writing ${ballotFileName(k)}${issuedStep ? `; first record the ballots issued with ${issuedStep}` : ""}.`,
      `For a hand count: ${outLabel}/${countSheetName(k)} and ${outLabel}/${countsTemplateName(k)}; ${commandLine(`enter --counts --round ${k}`)} types the count sheet in (a second person again with --second), writing ${countsFileName(k)}.`,
      ...voided, ...removedReport(removed, outLabel, en),
    ] : [
      `须进行第 ${runoff.round} 轮票决（${runoff.reason === "tie" ? "得票相等" : "过半数项目少于应选数"}）：剩余名额 ${runoff.seats} 个，每张票最多赞成 ${runoff.seats} 个。`,
      `决选项目（按表决票顺序）：${candidates.map((c) => `${c.id} ${c.name}`).join("；")}`,
      `表决票：${outLabel}/${ballotHtmlName(k)}（A4，用浏览器打开后打印）`,
      `录入模板：${outLabel}/${templateName(k)}；填好后另存为会议文件夹中的 ${ballotFileName(k)}，${issuedStep ? `运行 ${issuedStep} 记下第 ${k} 轮的发出票数（N 为发出票数），` : ""}再运行 ${commandLine("tally")}。`,
      `或键盘录入：运行 ${commandLine("enter")} 逐张键入，另一人用 --second 再录一遍，两次一致即写出 ${ballotFileName(k)}${issuedStep ? `；录入前先运行 ${issuedStep} 记下发出票数` : ""}。`,
      `手工计票：计票单 ${outLabel}/${countSheetName(k)}、结果模板 ${outLabel}/${countsTemplateName(k)}；计票后运行 ${commandLine(`enter --counts --round ${k}`)} 按计票单键入，另一人用 --second 再录一遍，两次一致即写出 ${countsFileName(k)}。`,
      ...voided, ...removedReport(removed, outLabel, en),
    ],
  };
};
