// piaojue ballot: the printable ballot of a round (ballot.html, A4), its entry template and a count sheet
// for a hand count (SPEC §9). Every file takes its rows from one list, so the order is the same in each.
import { ballotPolicy, DEFAULT_MARKS, markVocabulary } from "../core/ballots.js";
import { competitionParams, type Candidate } from "../core/candidates.js";
import { error, type Diagnostic } from "../core/diagnostics.js";
import { VOID_CELL } from "../core/entry.js";
import { quorumMet } from "../core/decide.js";
import { ballotTree } from "../core/order.js";
import type { Rules } from "../core/session.js";
import { readSessionAudit, type AuditDocument } from "../io/audit-trail.js";
import type { OutputFile } from "../io/files.js";
import { writeEntryTemplate } from "../io/xlsx-write.js";
import { ENTRY_MARK_LABELS } from "../messages/labels.js";
import { ballotHtml, ballotHtmlName, ballotPagesWarnings, countSheetHtml, countSheetName, countsTemplate, countsTemplateName, sheetLines, type BallotSheet, type SheetRow } from "../io/render/ballot.js";
import { execute, recordedOptions, type Plan } from "./execute.js";
import { readFolder, resolveDir, resolveOut, sessionAt, type LoadedFolder } from "./load.js";
import { EXIT, failed, type CommandEnv, type Outcome } from "./outcome.js";
import { droppedBallotFiles, entryTemplate, printedLines, removedReport, roundRecordsPast, templateMarks } from "./printed.js";
import { ballotFileName, countsFileName, roundsPresent, templateName, templateWorkbookName } from "./rounds.js";
import { computeTally, pendingRound, roundFlagRefused, roundPastLast, withNextCommands } from "./tally.js";

export interface RoundLines {
  round: number;
  /** The votable lines of the round, in ballot order. */
  lines: Candidate[];
  maxApprovals: number | null;
  /** Round ≥ 2: seats left to fill. */
  seats: number | null;
  issued: number | null;
}

/**
 * The lines on round K's ballot: every line for round 1; for a runoff round, the candidates of the
 * runoff that the rounds before it require (from the tally of those rounds), with maxApprovals = seats.
 */
export async function linesForRound(folder: LoadedFolder, round: number): Promise<{ value?: RoundLines; diagnostics: Diagnostic[] }> {
  const issued = folder.session.issued[round - 1] ?? null;
  // A refusal names the file of the round asked for, as `tally --round K` does.
  const asked = ballotFileName(round);
  if (round > 1 && !(await roundsPresent(folder.reader)).has(round - 1)) {
    // Without a quorum no vote is held (tally says so without a ballots file): there is no later round.
    if (!quorumMet(folder.session, folder.rules)) return { diagnostics: [...folder.warnings, error("E_VOTE_VOID", { file: asked })] };
    // Round K's lines come from round K−1's count: with that round not in, name the round that is next.
    const pending = await pendingRound(folder);
    if ("round" in pending) return { diagnostics: [...folder.warnings, error("E_ROUND_NOT_NEXT", { file: asked }, { round, next: pending.round })] };
  }
  if (round === 1) {
    return { value: { round, lines: folder.lines, maxApprovals: ballotPolicy(folder.rules).maxApprovals, seats: null, issued }, diagnostics: [...folder.warnings] };
  }
  const { result, diagnostics } = await computeTally(folder, round - 1);
  if (!result) return { diagnostics };
  const refused = (d: Diagnostic) => ({ diagnostics: [...diagnostics, d] });
  const runoff = result.runoff;
  if (!result.valid) return refused(error("E_VOTE_VOID", { file: asked }));
  // The rounds that decided it are the rounds counted, not the K−1 asked for.
  if (!runoff) return refused(error("E_NO_RUNOFF", { file: asked }, { round, decided: result.rounds.length }));
  if (runoff.round !== round) return refused(error("E_ROUND_NOT_NEXT", { file: asked }, { round, next: runoff.round }));
  const lines = runoff.candidates.map((id) => folder.candidates.byId.get(id)!);
  return { value: { round, lines, maxApprovals: runoff.seats, seats: runoff.seats, issued }, diagnostics };
}

/** The ballot's rows: the configured order's tree, kept to the round's lines, sub-items under their parent. */
function sheetRows(folder: LoadedFolder, lines: readonly Candidate[]): SheetRow[] {
  const votable = new Set(lines.map((c) => c.id));
  const rows: SheetRow[] = [];
  let no = 1;
  for (const { top, subs } of ballotTree(folder.candidates, folder.rules)) {
    if (folder.rules.voteOn === "candidates" || subs.length === 0) {
      if (votable.has(top.id)) rows.push({ kind: "line", no: no++, candidate: top, subs: folder.rules.voteOn === "candidates" ? subs : [], parent: null });
      continue;
    }
    const items = subs.filter((s) => votable.has(s.id));
    if (items.length === 0) continue;
    rows.push({ kind: "heading", candidate: top });
    for (const s of items) rows.push({ kind: "line", no: no++, candidate: s, subs: [], parent: top });
  }
  const order = rows.flatMap((r) => (r.kind === "line" ? [r.candidate.id] : []));
  // One order everywhere: the rows must list exactly the round's lines in the order the tally uses.
  if (order.join("\n") !== lines.map((c) => c.id).join("\n")) throw new Error(`表决票顺序不一致：${order.join(",")} ≠ ${lines.map((c) => c.id).join(",")}`);
  return rows;
}

/** A mark a deputy draws in a box (○, √, ✓, 〇), not a word or a digit a clerk types (同意, O, 1). */
const DRAWN_MARK = /^(?:[^\p{L}\p{N}\s]|〇)+$/u;

/**
 * The mark the ballot asks deputies to draw in the box of their choice: the session's first approve mark
 * that is drawn, not written. The box chosen says 赞成, 反对 or 弃权, so with word marks (同意, 不同意, 弃权)
 * the paper still asks for ○: “划‘同意’” in any of three boxes would read as writing 同意 under 反对.
 */
function drawnMark(rules: Rules): string {
  const reads = markVocabulary(rules);
  return (rules.marks?.approve ?? DEFAULT_MARKS.approve).find((m) => DRAWN_MARK.test(m) && reads(m) === "approve") ?? "○";
}

export function ballotSheet(folder: LoadedFolder, r: RoundLines): BallotSheet {
  const { title, date, deputies } = folder.session;
  // An unmarked line is 弃权 unless rules.marks gives "" to another list.
  const empty = markVocabulary(folder.rules)("");
  const unmarked = empty === "approve" || empty === "against" ? empty : "abstain";
  // A runoff round's issued ballots may not be in session.json yet: no more deputies than there are can vote.
  const mostVotes = r.issued ?? deputies.total;
  return { ...r, title, date, rows: sheetRows(folder, r.lines), rules: folder.rules, mark: drawnMark(folder.rules), unmarked, mostVotes };
}

/** A round's files: the ballot, its entry templates (CSV and workbook), and the count sheet with its template for a hand count. */
export function ballotFiles(sheet: BallotSheet, rules: Pick<Rules, "ballot" | "marks">): OutputFile[] {
  const lines = sheetLines(sheet);
  return [
    { name: ballotHtmlName(sheet.round), content: ballotHtml(sheet) },
    { name: templateName(sheet.round), content: entryTemplate(lines.map((c) => c.id)) },
    { name: countSheetName(sheet.round), content: countSheetHtml(sheet, { csv: countsFileName(sheet.round) }) },
    { name: countsTemplateName(sheet.round), content: countsTemplate(lines) },
    entryWorkbookFile(sheet, rules),
  ];
}

/** The entry template as a workbook whose candidate cells offer the session's marks in a drop-down. */
function entryWorkbookFile(sheet: BallotSheet, rules: Pick<Rules, "ballot" | "marks">): OutputFile {
  const ids = sheetLines(sheet).map((c) => c.id);
  const marks = templateMarks(rules);
  // An empty cell that is 反对 (or 赞成) is in no drop-down list: the prompt says so, or a clerk would pick one.
  const blank = sheet.unmarked === undefined || sheet.unmarked === "abstain" ? null : `留空为${ENTRY_MARK_LABELS[sheet.unmarked]}`;
  const content = writeEntryTemplate({ name: "表决票", header: ["票号", "作废", ...ids],
    choices: [null, [VOID_CELL], ...ids.map(() => marks)], choiceNotes: [null, null, ...ids.map(() => blank)], rows: Math.max(sheet.issued ?? 0, 100) });
  return { name: templateWorkbookName(sheet.round), content };
}

export interface BallotData {
  round: number;
  order: string[];
  maxApprovals: number | null;
  seats: number | null;
  files: string[];
  /** The files of a needless round's printed ballot this run took out of out/ (read from out/'s trail; audit replays without it). */
  removed: string[];
}

export async function runBallot(opts: { dir?: string; out?: string; round?: number }, env: CommandEnv): Promise<Outcome<BallotData>> {
  const dir = resolveDir(env, opts.dir);
  const outDir = resolveOut(env, dir, opts.out);
  return execute(planBallot, { round: opts.round, trail: await readSessionAudit(outDir, dir) }, { dir, outDir }, env);
}

/**
 * Without --round, the round pending: round 1 before any count, the runoff round when one is required.
 * Once the vote is decided (or void) no round is pending, and round 1's ballot is printed again (for the
 * file of the meeting), saying so.
 */
export const planBallot: Plan<{ round?: number | undefined; trail?: AuditDocument | null }, BallotData> = async (reader, opts, { outLabel, env, commandLine }) => {
  const loaded = await readFolder(reader);
  if (!loaded.value) return failed("ballot", loaded.diagnostics);
  const folder = loaded.value;
  // Every input read is checked in full (SPEC §4): a ballots or counts file with an error is reported,
  // never taken for a round not yet counted (which would print another round's ballot).
  const present = await roundsPresent(folder.reader);
  const counted = present.size > 0 ? await computeTally(folder) : undefined;
  if (counted && !counted.result) return failed("ballot", withNextCommands(counted.diagnostics, commandLine));
  const past = opts.round !== undefined ? await roundPastLast(folder, opts.round) : null;
  if (past) return roundFlagRefused("ballot", folder.warnings, past, commandLine);
  const pending = opts.round === undefined ? await pendingRound(folder, counted) : null;
  // A later round's ballot printed before the count was corrected goes, unless that round is pending.
  const drop = counted?.result ? roundRecordsPast(present, counted.result) : undefined;
  const round = opts.round ?? (pending && "round" in pending ? pending.round : 1);
  const reprint = pending !== null && !("round" in pending);
  const voided = reprint && pending.diagnostics.some((d) => d.code === "E_VOTE_VOID");
  if (round === 1 && !folder.competition.ok) {
    return failed("ballot", [...folder.warnings, error("E_COMPETITION", sessionAt(folder.source.positions, "rules.formal"), { ...competitionParams(folder.competition), printing: 1 })], { why: "competition-unmet" });
  }
  const r = await linesForRound(folder, round);
  // The round to print instead, said as a command that runs from where the clerk stands.
  const withCommand = (d: Diagnostic) => (d.code === "E_ROUND_NOT_NEXT" ? { ...d, params: { ...d.params, again: commandLine(`ballot --round ${d.params["next"]}`) } } : d);
  if (!r.value) return failed("ballot", withNextCommands(r.diagnostics.map(withCommand), commandLine));
  const sheet = ballotSheet(folder, r.value);
  const files = ballotFiles(sheet, folder.rules);
  const lines = r.value.lines;
  const order = lines.map((c) => c.id);
  const countsCommand = commandLine(`enter --counts${round > 1 ? ` --round ${round}` : ""}`);
  // runoff writes the same files for its round: this round's record replaces that one.
  const dropHere = (name: string) => drop?.(name) === true || name === `runoff-r${round}`;
  const removed = droppedBallotFiles(opts.trail ?? null, dropHere, files.map((f) => f.name));
  const report = env.lang === "en" ? [
    ...(reprint ? [`The session folder already holds the ballots of every round, and they give the vote a result (${voided ? "the vote is void" : "no round is pending"}); round 1's ballot is printed again for the record; use --round K for another round`] : []),
    ...(opts.round === undefined && round > 1 ? [`After round ${round - 1}'s count another round is needed: printing round ${round}'s ballot (without --round, the round pending is printed)`] : []),
    `${folder.session.title} (${folder.session.date})${round === 1 ? "" : `, round ${round}`} ballot: ${lines.length} ${lines.length === 1 ? "project" : "projects"}${r.value.maxApprovals !== null ? `; each ballot may approve at most ${r.value.maxApprovals}` : ""}`,
    `Order: ${order.join(", ")}`,
    `Written: ${outLabel}/${ballotHtmlName(round)} (the ballot, A4; open in a browser and print)`,
    `         ${outLabel}/${templateName(round)} (entry template, one ballot a row; or type them in with ${commandLine("enter")})`,
    `         ${outLabel}/${countSheetName(round)}, ${outLabel}/${countsTemplateName(round)} (count sheet and results template for a hand count)`,
    // A reprint for the record is of a round counted already: there is nothing to type in.
    ...(reprint ? [] : [`After a hand count: ${countsCommand} types the count sheet in; a second person types it again with --second, and when both agree ${countsFileName(round)} is written`]),
    ...removedReport(removed, outLabel, true),
  ] : [
    ...(reprint ? [`会议文件夹中已有各轮的票，按这些票票决已有结果（${voided ? "本次票决无效" : "没有待票决的一轮"}），重新印制第 1 轮的表决票存档；其他轮次用 --round K`] : []),
    ...(opts.round === undefined && round > 1 ? [`第 ${round - 1} 轮计票后须再次票决，印制第 ${round} 轮的表决票（不加 --round 时印制待票决的一轮）`] : []),
    `${folder.session.title}（${folder.session.date}）${round === 1 ? "" : `第 ${round} 轮`}表决票：${lines.length} 个项目${r.value.maxApprovals !== null ? `，每票最多赞成 ${r.value.maxApprovals} 个` : ""}`,
    `顺序：${order.join("、")}`,
    `已写出 ${outLabel}/${ballotHtmlName(round)}（表决票，A4，用浏览器打开后打印）`,
    `　　　 ${outLabel}/${templateName(round)}（逐票录入模板；或用 ${commandLine("enter")} 键盘录入）`,
    `　　　 ${outLabel}/${countSheetName(round)}、${outLabel}/${countsTemplateName(round)}（手工计票用的计票单和结果模板）`,
    // The printed count sheet carries no command: how to type it in is said here.
    ...(reprint ? [] : [`手工计票后录入电脑：运行 ${countsCommand}，按计票单逐项键入；另一人用 --second 再录一遍，两次一致即写出 ${countsFileName(round)}`]),
    ...removedReport(removed, outLabel, false),
  ];
  return {
    command: "ballot",
    exitCode: EXIT.ok,
    data: { round, order, maxApprovals: r.value.maxApprovals, seats: r.value.seats, files: files.map((f) => f.name), removed },
    warnings: [...r.diagnostics, ...ballotPagesWarnings(sheet)],
    report,
    // A round found (not named) is recorded as such: audit finds it again from the same inputs. Round 1
    // printed again once nothing is pending is recorded as round 1: a correction that makes a runoff
    // pending again must not turn its replay into that runoff's ballot. The lines
    // as printed (id and name) are recorded for enter, which will not type keys onto a line renamed since.
    output: {
      record: round === 1 ? "ballot" : `ballot-r${round}`, files, rules: folder.session.rules, ...recordedOptions(env, { ...(opts.round === undefined && !reprint ? { round: null } : {}), ...(r.value.seats !== null ? { seats: r.value.seats } : {}), lines: printedLines(lines) }),
      drop: dropHere,
    },
  };
};
