// piaojue batch ROOT: every session folder under ROOT counted in one process (SPEC §9), each writing its
// own outputs as `tally` would, then a summary over all: batch-summary.csv (one row per session) and
// batch-results.csv (one row per session and candidate) in ROOT/out or -o. A broken session is reported
// and skipped; it never stops the others. A session folder that also holds plan.csv is followed through the
// year too (SPEC §11, 一季一督查): its progress is planned and written into its own out/ as `progress`
// would, and batch-progress.csv sums each such township up in one row.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { compareCodePoints } from "../core/characters.js";
import { STATUS_LABELS, type Runoff, type TallyResult, type VoteVoidReason } from "../core/decide.js";
import { appendAll, error, InputError, placeOf, warning, type Diagnostic, type Params } from "../core/diagnostics.js";
import { formatCsv } from "../io/csv.js";
import { realPath } from "../io/audit-trail.js";
import { exists, outFolderProblem, recoverOutDir, SessionReader, type OutputFile } from "../io/files.js";
import { ATTENTION, monthText, summaryPairs, type Month, type ProgressData, type ProgressResult, type ProgressStatus } from "../core/progress.js";
import { inputsMarkerIn, isOwnOut, outHoldingSession, outLink, planContext, writePlanned } from "./execute.js";
import { PLAN_FILE, planProgressResult } from "./progress.js";
import { announcementNotes, ballotNoteOccurrences, isBallotNote, isScreenOnlyNote, overIssuedRound, printedNote, RESULTS_HEADER } from "../io/render/tally.js";
import { commandArg, displayPath, resolveDir, SESSION_FILE, underRoot, type LoadedFolder } from "./load.js";
import { diagnosticRecord, renderDiagnostic } from "../messages/render.js";
import { EXIT, failed, type CommandEnv, type Lang, type Outcome } from "./outcome.js";
import { PROGRESS_STATUS_EN } from "../messages/labels.js";
import { runoffReason, voteVoidText } from "./report.js";
import { countAsPrinted, tallyExitCode, tallySession, whyUnwritten, type TallySessionRun } from "./tally.js";

const BATCH_SUMMARY = "batch-summary.csv";
const BATCH_RESULTS = "batch-results.csv";
const BATCH_PROGRESS = "batch-progress.csv";

/**
 * Whether batch searches a folder for sessions (and verify for scenarios): never outputs, hidden folders
 * or installed packages, nor, inside a session, its entry/ journal of keyboard entry.
 */
export function searchedFolder(name: string, insideSession: boolean): boolean {
  return name !== "out" && name !== "node_modules" && !name.startsWith(".") && !(insideSession && name === "entry");
}
/** Sessions counted at the same time: enough to keep the disk busy while one is being decided. */
const CONCURRENCY = 8;
/** Sessions named one by one in the report per status; the CSV lists them all. */
const LISTED = 20;

type SessionStatus = "final" | "runoff" | "void" | "invalid";

interface BatchSession {
  /** Relative to ROOT, with "/" ("." when ROOT itself is the session). */
  folder: string;
  title: string | null;
  date: string | null;
  status: SessionStatus;
  /** The exit code `piaojue tally` would give this session (1 when its outputs could not be written). */
  exitCode: number;
  /** Whether its outputs were written into its out/: false for invalid input, or when out/ could not be written. */
  written: boolean;
  valid: boolean | null;
  voidReasons: VoteVoidReason[];
  final: boolean;
  selected: string[];
  runoff: Runoff | null;
  /** Codes of the session's warnings, as many times as they occur. */
  warnings: string[];
  /** Why a session could not be counted (its diagnostics, file paths relative to ROOT). */
  errors: Diagnostic[];
}

/** One township's progress as batch sums it up (a session folder holding plan.csv). */
interface TownshipProgress {
  folder: string;
  title: string | null;
  /** The month reported; null when the inputs are invalid. */
  asOf: string | null;
  summary: ProgressData["summary"] | null;
  /** The projects a county inspection looks at first: overdue, severely behind, behind, unreported (in that order). */
  attention: { id: string; name: string; unit: string; status: ProgressStatus }[];
  /** Codes of the progress warnings, as many times as they occur. */
  warnings: string[];
  /** Why its progress could not be planned (invalid input) or, planned, not written into its out/. */
  errors: Diagnostic[];
  /** Whether its progress files were written into its out/. */
  written: boolean;
}

export interface BatchOptions {
  root?: string;
  out?: string;
  /** The month the townships' progress is reported at (as `progress --as-of`); default each one's latest. */
  asOf?: Month;
  /** Called as each session finishes (for a progress bar). */
  onProgress?: (done: number, total: number, folder: string) => void;
}

const STATUS_TEXT: Record<SessionStatus, string> = { final: "已确定", runoff: "需再次票决", void: "票决无效", invalid: "输入有误" };

/**
 * A folder batch found: a session folder, a folder it could not list (`unreadable` is the errno), one
 * with a plan but no session.json (`planOnly`), or a symbolic link to a folder (`link`: not followed, so
 * that no session is counted twice or a loop walked). The last two are named in a warning, not counted.
 */
interface Found {
  dir: string;
  unreadable?: string;
  planOnly?: boolean;
  link?: boolean;
  /** A link whose target is not there (an unmounted share): it may have led to sessions. */
  broken?: boolean;
  /** A folder named out holding session.json, below a folder that is no session: not read (out is the outputs' name), but said. */
  outNamed?: boolean;
}

/**
 * Session folders under root (a folder holding session.json), in path order. The folders below a session
 * are searched too (a county's root may itself be a session, with its towns inside), except its entry/
 * journal. A folder that cannot be listed may hold sessions: it is returned with its errno, never passed over.
 */
async function findSessions(root: string): Promise<Found[]> {
  const found: Found[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      found.push({ dir, unreadable: (e as NodeJS.ErrnoException).code ?? "" });
      return;
    }
    const session = entries.some((e) => e.name === SESSION_FILE && e.isFile());
    if (session) found.push({ dir });
    else if (entries.some((e) => /^plan\.(?:csv|xlsx)$/.test(e.name) && e.isFile())) found.push({ dir, planOnly: true });
    if (!session && entries.some((e) => e.name === "out" && e.isDirectory()) && exists(path.join(dir, "out", SESSION_FILE))) {
      found.push({ dir: path.join(dir, "out"), outNamed: true });
    }
    const dirs = entries.filter((e) => e.isDirectory() && searchedFolder(e.name, session)).map((e) => e.name).sort(compareCodePoints);
    const links = entries.filter((e) => e.isSymbolicLink() && searchedFolder(e.name, session)).map((e) => path.join(dir, e.name));
    for (const link of links.sort(compareCodePoints)) {
      const target = await fs.stat(link).then((s) => (s.isDirectory() ? "folder" : "file"), () => "none");
      if (target === "folder") found.push({ dir: link, link: true });
      else if (target === "none") found.push({ dir: link, link: true, broken: true });
    }
    for (const name of dirs) await walk(path.join(dir, name));
  }
  await walk(root);
  return found;
}

/**
 * A session's diagnostic with its file named from root: a file of the session is relative to its folder,
 * a place outside the inputs (its out/ folder, a lock) is an absolute path.
 */
export function underFolder(root: string, folder: string, d: Diagnostic): Diagnostic {
  return { ...d, at: { ...d.at, file: fileUnderFolder(root, folder, d.at.file) } };
}
export function fileUnderFolder(root: string, folder: string, file: string): string {
  return path.isAbsolute(file) ? underRoot(root, file) : folder === "." ? file : `${folder}/${file}`;
}

interface Counted {
  session: BatchSession;
  /** The session's warnings, for their words in batch-summary.csv. */
  notes?: Diagnostic[];
  result?: TallyResult;
  inputs?: Map<string, string>;
  /** `notes`: the township's progress warnings (a fall in a report …), files named from the root. */
  progress?: { township: TownshipProgress; notes: Diagnostic[]; result?: ProgressResult; inputs: Map<string, string> };
}

/**
 * A township's progress, when its folder holds plan.csv: planned as `progress` plans it, and written into
 * its out/ with its own audit record by `batch` (all-or-nothing); only planned when `audit` recounts.
 */
async function progressOne(root: string, dir: string, folder: string, title: string | null, asOf: Month | undefined, env: CommandEnv, write: boolean): Promise<Counted["progress"]> {
  const reader = new SessionReader(dir, env.encoding);
  if (!(await reader.has(PLAN_FILE))) return undefined;
  const outDir = path.join(dir, "out");
  const { planned, result } = await planProgressResult(reader, { asOf }, planContext(env, dir, outDir));
  const output = write ? planned.output : undefined;
  // Named from the town's folder, as its other files are (underFolder puts the folder before them).
  const unwritten = output && await recoverOutDir(outDir).then(() => writePlanned(output, reader.inputs, { dir, outDir }, { ...env, cwd: dir })).then(() => undefined, whyUnwritten);
  const invalid = (planned.error?.diagnostics ?? []).filter((d) => d.severity === "error");
  const township: TownshipProgress = {
    folder, title, asOf: null, summary: null, attention: [], warnings: planned.warnings.map((w) => w.code),
    errors: [...invalid, ...(unwritten ?? [])].map((d) => underFolder(root, folder, d)), written: output !== undefined && !unwritten,
  };
  if (result && planned.data) {
    township.asOf = monthText(result.asOf);
    township.summary = planned.data.summary;
    for (const status of ATTENTION) {
      for (const p of result.projects) if (p.status === status) township.attention.push({ id: p.project.id, name: p.project.name, unit: p.project.unit, status });
    }
  }
  const notes = planned.warnings.map((d) => underFolder(root, folder, d));
  return { township, notes, ...(result ? { result } : {}), inputs: reader.inputs };
}

/** Counts one session: written into its own out/ by `batch`, only planned when `audit` recounts a batch. */
async function countOne(root: string, found: Found, env: CommandEnv, write: boolean, asOf: Month | undefined): Promise<Counted> {
  if (found.unreadable !== undefined) return unreadableFolder(root, found.dir, found.unreadable);
  const counted = await tallyOne(root, found.dir, env, write);
  const progress = await progressOne(root, found.dir, counted.session.folder, counted.session.title, asOf, env, write);
  return progress ? { ...counted, progress } : counted;
}

function emptySession(folder: string) {
  return { folder, title: null, date: null, written: false, valid: null, voidReasons: [], final: false, selected: [], runoff: null, warnings: [], errors: [] };
}

/** A folder that could not be listed: whatever sessions it holds were not counted, which is an error. */
function unreadableFolder(root: string, dir: string, errno: string): Counted {
  const folder = underRoot(root, dir);
  const errors = [error("E_FOLDER_UNREADABLE", { file: folder }, { errno })];
  return { session: { ...emptySession(folder), status: "invalid", exitCode: EXIT.invalid, errors } };
}

/**
 * The meeting's title and date from session.json, for a session whose inputs are invalid: as the tally read
 * them, else read leniently (a misspelt rule still leaves the title readable), else none.
 */
async function sessionFacts(dir: string, env: CommandEnv, folder?: LoadedFolder): Promise<{ title: string | null; date: string | null }> {
  if (folder) return { title: folder.session.title, date: folder.session.date };
  try {
    const doc: unknown = JSON.parse(await new SessionReader(dir, env.encoding).text(SESSION_FILE));
    const field = (k: string) => (doc !== null && typeof doc === "object" && typeof (doc as Record<string, unknown>)[k] === "string" ? (doc as Record<string, string>)[k]! : null);
    return { title: field("title"), date: field("date") };
  } catch {
    return { title: null, date: null };
  }
}

async function tallyOne(root: string, dir: string, env: CommandEnv, write: boolean): Promise<Counted> {
  const folder = underRoot(root, dir);
  const base = emptySession(folder);
  const located = (list: readonly Diagnostic[]) => list.filter((d) => d.severity === "error").map((d) => underFolder(root, folder, d));
  // A session refused for its inputs still read them: they are recorded (SPEC §10: every input read), so
  // that audit sees them as read and a later change to them as a change.
  const reader = new SessionReader(dir, env.encoding);
  const invalid = async (diagnostics: readonly Diagnostic[], loaded?: LoadedFolder): Promise<Counted> => ({
    session: { ...base, ...(await sessionFacts(dir, env, loaded)), status: "invalid", exitCode: EXIT.invalid, errors: located(diagnostics) },
    inputs: reader.inputs,
  });
  let run: TallySessionRun;
  try {
    run = write ? await tallySession(reader, path.join(dir, "out"), env) : await countAsPrinted(reader, path.join(dir, "out"), env);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return invalid(e.diagnostics);
  }
  if (!run.ok) return invalid(run.diagnostics, run.folder);
  const r = run.result;
  const status: SessionStatus = !r.valid ? "void" : !r.final ? "runoff" : "final";
  // Counted but not written: the count stands in the summary, the session fails as tally would (exit 1).
  const unwritten = run.unwritten;
  return {
    session: {
      ...base, title: run.folder.session.title, date: run.folder.session.date, status, exitCode: unwritten ? EXIT.invalid : tallyExitCode(r),
      written: write && !unwritten, valid: r.valid, voidReasons: r.voidReasons, final: r.final,
      selected: r.selected, runoff: r.runoff, warnings: run.warnings.map((w) => w.code), errors: located(unwritten ?? []),
    },
    notes: run.warnings,
    result: r,
    inputs: run.folder.reader.inputs,
  };
}

/** The summary files over the counted sessions, and every input they read (relative to the root). */
function batchOutput(counted: readonly Counted[]): { files: OutputFile[]; inputs: Map<string, string> } {
  const inputs = new Map(counted.flatMap((c) => [...inputsOf(c)]));
  const files = [{ name: BATCH_SUMMARY, content: batchSummaryCsv(counted) }, { name: BATCH_RESULTS, content: batchResultsCsv(counted) }];
  const progress = counted.flatMap((c) => (c.progress ? [c.progress] : []));
  if (progress.length > 0) files.push({ name: BATCH_PROGRESS, content: batchProgressCsv(progress) });
  return { files, inputs };
}

/** The inputs one session's count and progress read, relative to the root. */
function inputsOf(c: Counted): Map<string, string> {
  const folder = c.session.folder;
  return new Map([...(c.inputs ?? []), ...(c.progress?.inputs ?? [])].map(([name, hash]) => [folder === "." ? name : `${folder}/${name}`, hash]));
}

/**
 * What `batch` would write over the sessions under `root` today, counted in memory and written nowhere
 * (audit's recount of a batch record): the files, the inputs read, and the folders below the root whose
 * own out/ batch writes (counted or followed, and not recorded as unwritten), for audit to check in turn.
 */
export async function recountBatch(
  root: string, env: CommandEnv, asOf?: Month, unwritten: BatchUnwritten = {},
): Promise<{ files: OutputFile[]; inputs: Map<string, string>; towns: string[]; skipped: string[]; townInputs: Map<string, Map<string, string>> }> {
  const counted: Counted[] = [];
  // As batch does: a folder with a plan but no session.json is only warned about, never counted.
  for (const found of await findSessions(root)) if (!found.planOnly && !found.link && !found.outNamed) counted.push(await countOne(root, found, env, false, asOf));
  // A write that failed cannot be failed again: the summary says what the record says went wrong.
  for (const c of counted) {
    const folder = c.session.folder;
    if (c.session.status !== "invalid" && unwritten.tally?.[folder]) c.session.errors = unwritten.tally[folder];
    if (c.progress?.township.summary !== null && unwritten.progress?.[folder]) c.progress!.township.errors = unwritten.progress[folder];
  }
  // A skipped session (invalid input) gets nothing written; an unwritten one is the record's to tell (it
  // was counted, not skipped for its input).
  const unwrittenIn = (folder: string) => Boolean(unwritten.tally?.[folder] ?? unwritten.progress?.[folder]);
  const towns = counted.filter(({ session: s, progress }) => s.folder !== "." && !unwrittenIn(s.folder)
    && (s.status !== "invalid" || (progress !== undefined && progress.township.summary !== null))).map((c) => c.session.folder);
  const skipped = counted.map((c) => c.session.folder).filter((f) => f !== "." && !towns.includes(f) && !unwrittenIn(f));
  // Each town's inputs as read today (named from the root): audit tells by them whether batch saw the town as it is.
  const townInputs = new Map(counted.map((c) => [c.session.folder, inputsOf(c)]));
  return { ...batchOutput(counted), towns, skipped, townInputs };
}

/**
 * The sessions and townships whose results batch counted but could not write into their out/, by folder,
 * with why (each located from the root): recorded, so that audit can tell it, and rebuild the summary.
 */
export interface BatchUnwritten {
  tally?: Record<string, Diagnostic[]>;
  progress?: Record<string, Diagnostic[]>;
}

/** The record's `unwritten` option: none when every session and township was written. */
function unwrittenOption(tally: readonly BatchSession[], progress: readonly TownshipProgress[]): { unwritten?: BatchUnwritten } {
  const by = (list: readonly { folder: string; errors: Diagnostic[] }[]) => Object.fromEntries(list.map((x) => [x.folder, x.errors]));
  if (tally.length === 0 && progress.length === 0) return {};
  return { unwritten: { ...(tally.length > 0 ? { tally: by(tally) } : {}), ...(progress.length > 0 ? { progress: by(progress) } : {}) } };
}

/**
 * A session's warnings for batch's screen: a note about single ballots (one can come with every row of
 * ballots.csv) only at its first place, the others of its kind counted in one W_MORE_NOTES, so that a
 * county of 770 towns is not a page per town; any other warning as it is.
 */
function perSessionNotes(notes: readonly Diagnostic[]): Diagnostic[] {
  // `unworded`: the row of the first note of its kind left unworded, which is where W_MORE_NOTES stands
  // (as tally places its own), so that it comes after the note it follows, sorted by place.
  const kinds = new Map<string, { first?: Diagnostic; more: number; unworded?: Diagnostic["at"] }>();
  const out: (Diagnostic | string)[] = [];
  for (const d of notes) {
    const note = ballotNoteOccurrences(d);
    if (!note) {
      out.push(d);
      continue;
    }
    let kind = kinds.get(note.code);
    if (!kind) {
      kind = { more: 0 };
      kinds.set(note.code, kind);
      out.push(note.code);
    }
    if (!kind.first && d.code !== "W_MORE_NOTES") kind.first = d;
    else {
      kind.more += note.times;
      kind.unworded ??= { ...d.at, column: 1 }; // the row, as tally places it
    }
  }
  return out.flatMap((d) => {
    if (typeof d !== "string") return [d];
    const { first, more, unworded } = kinds.get(d)!;
    return [...(first ? [first] : []), ...(more > 0 && unworded ? [warning("W_MORE_NOTES", unworded, { more, kind: d })] : [])];
  });
}

/** Runs `work` over `items` with at most `limit` at a time; results in the order of `items`. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A heading and the first LISTED items under it; the rest are counted and sent to `file`, which lists them all. */
function listed<T>(heading: string, items: readonly T[], lines: (item: T) => string[], file: string, en: boolean): string[] {
  if (items.length === 0) return [];
  const out = ["", heading, ...items.slice(0, LISTED).flatMap(lines)];
  if (items.length > LISTED) out.push(en ? `  … ${items.length - LISTED} more, see ${file}` : `  ……另有 ${items.length - LISTED} 个，见 ${file}`);
  return out;
}

const named = (x: { folder: string; title: string | null }) => `${x.folder}${x.title ? ` ${x.title}` : ""}`;

/** The report's progress part: the townships with projects to inspect first, most of them first. */
function progressSection(townships: readonly TownshipProgress[], en: boolean): string[] {
  const invalid = townships.filter((t) => t.summary === null);
  const read = townships.filter((t) => t.summary !== null);
  // Planned but not written into the township's out/: its figures above stand, its files are missing.
  const unwritten = read.filter((t) => t.errors.length > 0);
  const inspect = read.filter((t) => t.attention.length > 0).sort((a, b) => b.attention.length - a.attention.length);
  const fine = read.filter((t) => t.attention.length === 0);
  const section = <T>(heading: string, items: readonly T[], lines: (item: T) => string[]) => listed(heading, items, lines, BATCH_PROGRESS, en);
  const problem = (t: TownshipProgress) => [en ? `  ${named(t)}: ${problemText(t.errors, "en")}` : `  ${named(t)}：${problemText(t.errors)}`];
  return [
    "", en
      ? `Progress: ${townships.length} ${townships.length === 1 ? "session has" : "sessions have"} plan.csv; ${inspect.length} with overdue, behind or unreported projects, ${fine.length} all done or on schedule, ${invalid.length} with invalid progress input`
      : `实施进度：${townships.length} 个会议有 plan.csv；有逾期、滞后或未报送项目的 ${inspect.length} 个，均已完成或按序时推进的 ${fine.length} 个，进度输入有误 ${invalid.length} 个`,
    ...section(en ? "To inspect (projects overdue, severely behind, behind or not reported):" : "需督查（逾期未完成、严重滞后、滞后、未报送的项目）：", inspect, (t) => {
      const s = t.summary!;
      return en
        ? [`  ${named(t)} (as of ${t.asOf}, ${s.projects} projects): ${s.overdue} overdue, ${s.severelyBehind} severely behind, ${s.behind} behind, ${s.unreported} not reported`, `    ${attentionText(t, true)}`]
        : [`  ${named(t)}（截至 ${t.asOf}，${s.projects} 个项目）：逾期未完成 ${s.overdue}，严重滞后 ${s.severelyBehind}，滞后 ${s.behind}，未报送 ${s.unreported}`, `    ${attentionText(t)}`];
    }),
    ...section(en ? "All done or on schedule:" : "均已完成或按序时推进：", fine, (t) => [en
      ? `  ${named(t)} (as of ${t.asOf}, ${t.summary!.projects} projects, ${t.summary!.completed} done)`
      : `  ${named(t)}（截至 ${t.asOf}，${t.summary!.projects} 个项目，已完成 ${t.summary!.completed}）`]),
    ...section(en ? "Invalid progress input (its progress was not written):" : "实施进度输入有误（未写出其进度）：", invalid, problem),
    ...section(en ? "Progress worked out but not written (its out folder could not be written):" : "实施进度已算出但未能写出（输出文件夹无法写入）：", unwritten, problem),
  ];
}

/**
 * The 提醒 cell: per warning code, the code (×n when repeated, for scripts) and the words of its first
 * occurrence; a note about single ballots is worded as the 公告 words it, by its count per round (a file
 * in out/ never names a line of the clerk's ballots file), the notes of its kind left unworded counted in
 * (W_MORE_NOTES). "；" separates the codes, so within the words it becomes "，".
 */
function warningSummary(notes: readonly Diagnostic[]): string {
  const byCode = new Map<string, { first: Diagnostic; n: number; all: Diagnostic[] }>();
  for (const d of notes.filter((n) => !isScreenOnlyNote(n))) {
    const note = ballotNoteOccurrences(d);
    const code = note?.code ?? d.code;
    const seen = byCode.get(code) ?? { first: d, n: 0, all: [] };
    seen.n += note?.times ?? 1;
    seen.all.push(d);
    byCode.set(code, seen);
  }
  return [...byCode].map(([code, { first, n, all }]) => {
    if (isBallotNote(code)) return `${code}${n > 1 ? `×${n}` : ""} ${announcementNotes(all).join("，")}`;
    const words = printedNote(first).replaceAll("；", "，");
    return n > 1 ? `${code}×${n} ${words}（另有 ${n - 1} 处）` : `${code} ${words}`;
  }).join("；");
}

function runoffText(runoff: Runoff | null, lang: Lang = "zh"): string {
  if (!runoff) return "";
  if (lang === "en") {
    return `round ${runoff.round}, ${runoff.seats} ${runoff.seats === 1 ? "seat" : "seats"} left: ${runoff.candidates.join(", ")} (${runoffReason(runoff.reason, lang)})`;
  }
  return `第 ${runoff.round} 轮，剩余 ${runoff.seats} 个名额：${runoff.candidates.join("、")}（${runoffReason(runoff.reason, lang)}）`;
}

function problemText(errors: readonly Diagnostic[], lang: Lang = "zh"): string {
  const first = errors[0];
  if (!first) return "";
  const more = errors.length - 1;
  const others = lang === "en" ? ` (and ${more} more)` : `（另有 ${more} 处）`;
  return `${placeOf(first.at)} ${first.code} ${renderDiagnostic(first, lang).message}${more > 0 ? others : ""}`;
}

const SUMMARY_HEADER = ["文件夹", "会议名称", "日期", "状态", "票决是否有效", "无效原因", "是否已确定", "待再次票决", "当选项目", "提醒", "问题"] as const;

function batchSummaryCsv(counted: readonly Counted[]): string {
  return formatCsv(SUMMARY_HEADER, counted.map(({ session: s, notes, result }) => [
    s.folder, s.title ?? "", s.date ?? "",
    // A session counted whose out/ could not be written: its count stands, its files are missing.
    s.status !== "invalid" && s.errors.length > 0 ? `${STATUS_TEXT[s.status]}（结果未能写出）` : STATUS_TEXT[s.status],
    s.valid === null ? "" : s.valid ? "是" : "否",
    voteVoidText(s.voidReasons, "zh", result ? overIssuedRound(result) : null),
    s.status === "invalid" ? "" : s.final ? "是" : "否",
    runoffText(s.runoff), s.selected.join("、"), warningSummary(notes ?? []), problemText(s.errors),
  ]));
}

function batchResultsCsv(counted: readonly { session: BatchSession; result?: TallyResult }[]): string {
  const rows: (string | number)[][] = [];
  for (const { session, result } of counted) {
    if (!result) continue;
    for (const c of result.candidates) rows.push([session.folder, c.rank, c.id, c.name, c.approve, c.against, c.abstain, c.rate, STATUS_LABELS[c.status], c.round]);
  }
  return formatCsv(["文件夹", ...RESULTS_HEADER], rows);
}

/**
 * batch-progress.csv: one row per township followed, in folder order. The counts a county inspection scans
 * (how many projects in each status), the three rates of progress-summary.csv, the projects to look at
 * first by name with their status, and what was wrong with a township whose progress could not be read.
 */
const BATCH_PROGRESS_HEADER = [
  "文件夹", "会议名称", "截至", "项目数", "已完成", "按序时推进", "滞后", "严重滞后", "逾期未完成", "未报送", "完成率", "开工率", "资金拨付率", "需督查项目", "提醒", "问题",
] as const;

function batchProgressCsv(townships: readonly NonNullable<Counted["progress"]>[]): string {
  return formatCsv(BATCH_PROGRESS_HEADER, townships.map(({ township: t, notes, result }) => {
    if (!result) return [t.folder, t.title ?? "", ...Array<string>(BATCH_PROGRESS_HEADER.length - 3).fill(""), problemText(t.errors)];
    const v = new Map(summaryPairs(result));
    return [
      t.folder, t.title ?? "", ...["截至", "项目数", "已完成", "按序时推进", "滞后", "严重滞后", "逾期未完成", "未报送", "完成率", "开工率", "资金拨付率"].map((k) => v.get(k)!),
      attentionText(t), warningSummary(notes), problemText(t.errors),
    ];
  }));
}

function attentionText(t: TownshipProgress, en = false): string {
  if (en) return t.attention.map((p) => `${p.id} ${p.name} (${PROGRESS_STATUS_EN[p.status] ?? p.status})`).join("; ");
  return t.attention.map((p) => `${p.id} ${p.name}（${p.status}）`).join("；");
}

/**
 * Why the summaries may not go to `outDir`, checked before any session is written: a session folder
 * (its inputs), or a township's out/ (its own trail), as `tally -o` refuses them. ROOT's own out/ is
 * where they go when ROOT is itself a session.
 */
async function outClash(root: string, outDir: string, sessions: readonly Found[], shown: string, env: CommandEnv): Promise<Diagnostic | null> {
  const out = realPath(outDir);
  const at = { file: shown };
  // The root's own out/ (no -o given): the hint says to clear it, not to leave out -o.
  const own: Params = isOwnOut(root, outDir) ? { own: 1 } : {};
  if (sessions.some((f) => realPath(f.dir) === out)) {
    return error("E_OUT_IS_SESSION", at, { out: shown, ...(out === realPath(root) ? {} : { other: 1, ...own }), ...outLink(root, outDir) });
  }
  const marker = await inputsMarkerIn(outDir);
  if (marker) return error("E_OUT_IS_SESSION", at, { out: shown, other: 1, marker, ...own, ...outLink(root, outDir) });
  const holding = outHoldingSession(outDir, [...sessions.map((f) => f.dir), root], env);
  if (holding) return holding;
  const township = sessions.find((f) => f.dir !== root && realPath(path.join(f.dir, "out")) === out);
  return township ? error("E_OUT_OTHER_SESSION", at, { out: shown, township: underRoot(root, township.dir) }) : null;
}

export async function runBatch(opts: BatchOptions, env: CommandEnv): Promise<Outcome> {
  const root = resolveDir(env, opts.root);
  let info;
  try { info = await fs.stat(root); } catch { /* reported below */ }
  if (!info?.isDirectory()) {
    // Named as typed (as verify names a scenario): relative to here, /nonexist would read ../../nonexist.
    return failed("batch", [error("E_FILE", { file: opts.root ?? "." }, { problem: info ? "root-not-folder" : "root-missing" })]);
  }
  const all = await findSessions(root);
  // A township followed through the year without its vote's session.json: said, so it is not passed over unseen.
  const planOnly = all.filter((f) => f.planOnly).map((f) => warning("W_BATCH_PLAN_ONLY", { file: underRoot(root, path.join(f.dir, PLAN_FILE)) }, { folder: underRoot(root, f.dir), arg: commandArg(env, f.dir) }));
  const linked = all.filter((f) => f.link).map((f) => warning("W_BATCH_LINK", { file: underRoot(root, f.dir) }, { folder: underRoot(root, f.dir), arg: commandArg(env, f.dir), ...(f.broken ? { broken: 1 } : {}) }));
  // A session in a folder named out is not read (out is where outputs go), but said, so it is not left out unseen.
  const outNamed = all.filter((f) => f.outNamed).map((f) => warning("W_BATCH_OUT_NAMED", { file: underRoot(root, f.dir) }, { folder: underRoot(root, f.dir) }));
  const dirs = all.filter((f) => !f.planOnly && !f.link && !f.outNamed);
  if (dirs.length === 1 && dirs[0]!.dir === root && dirs[0]!.unreadable !== undefined) {
    return failed("batch", [error("E_FOLDER_UNREADABLE", { file: displayPath(env, root) }, { errno: dirs[0]!.unreadable })]);
  }
  if (dirs.length === 0) {
    return failed("batch", [error("E_NO_SESSIONS", { file: displayPath(env, root) }), ...planOnly, ...linked, ...outNamed]);
  }
  const outDir = opts.out ? path.resolve(env.cwd, opts.out) : path.join(root, "out");
  const clash = await outClash(root, outDir, dirs, displayPath(env, outDir), env);
  if (clash) return failed("batch", [clash]);
  // -o a file (or below one): the summaries could not be written, said before any township's out/ is.
  const outIsFile = await outFolderProblem(outDir);
  if (outIsFile) return failed("batch", [{ ...outIsFile, at: { ...outIsFile.at, file: displayPath(env, outDir) } }]);
  let done = 0;
  const counted = await pool(dirs, CONCURRENCY, async (found) => {
    const c = await countOne(root, found, env, true, opts.asOf);
    opts.onProgress?.(++done, dirs.length, c.session.folder);
    return c;
  });
  const sessions = counted.map((c) => c.session);
  const counts = { total: sessions.length, final: 0, runoff: 0, void: 0, invalid: 0 };
  for (const s of sessions) counts[s.status]++;

  const townships = counted.flatMap((c) => (c.progress ? [c.progress.township] : []));
  // Counted (or planned), but its out/ could not be written (a session's status is its count's).
  const unwritten = sessions.filter((s) => s.status !== "invalid" && s.errors.length > 0);
  const progressUnwritten = townships.filter((t) => t.summary !== null && t.errors.length > 0);
  const progressInvalid = townships.filter((t) => t.summary === null).length;

  const { files, inputs } = batchOutput(counted);
  await recoverOutDir(outDir);
  const asOf = opts.asOf === undefined ? null : monthText(opts.asOf);
  const options = { asOf, encoding: env.encoding, ...unwrittenOption(unwritten, progressUnwritten) };
  await writePlanned({ record: "batch", files, options }, inputs, { dir: root, outDir }, env);
  // A session's tally warnings (差额 not met …) and a township's progress warnings are said as `tally` and
  // `progress` say them, at their place under the root; batch-summary.csv's and batch-progress.csv's 提醒
  // sum them up. Notes about single ballots are said once per kind and session, the rest counted.
  // --as-of only picks the month of the townships' progress: with no plan.csv anywhere it did nothing.
  const asOfUnused = opts.asOf !== undefined && townships.length === 0
    ? [warning("W_FLAG_UNUSED", { file: displayPath(env, root) }, { command: "batch", flag: "--as-of" })] : [];
  const warnings = [
    ...asOfUnused, ...planOnly, ...linked, ...outNamed,
    ...counted.flatMap((c) => [...perSessionNotes(c.notes ?? []).map((d) => underFolder(root, c.session.folder, d)), ...c.progress?.notes ?? []]),
  ];

  const outLabel = displayPath(env, outDir);
  const en = env.lang === "en";
  const lang = env.lang ?? "zh";
  const report = en ? [
    `Batch tally: ${counts.total} ${counts.total === 1 ? "session" : "sessions"} under ${displayPath(env, root)}`,
    `${counts.final} decided, ${counts.runoff} needing another round, ${counts.void} void, ${counts.invalid} with invalid input (skipped)`
      + (unwritten.length > 0 ? `; ${unwritten.length} counted but not written` : ""),
  ] : [
    `批量计票：${displayPath(env, root)} 下 ${counts.total} 个会议`,
    `已确定 ${counts.final}，需再次票决 ${counts.runoff}，票决无效 ${counts.void}，输入有误（已跳过）${counts.invalid}`
      + (unwritten.length > 0 ? `；其中已计票但结果未能写出 ${unwritten.length}` : ""),
  ];
  const list = (of: BatchSession[], label: string, detail: (s: BatchSession) => string) => {
    appendAll(report, listed(en ? `${label}:` : `${label}：`, of, (s) => [en ? `  ${named(s)}: ${detail(s)}` : `  ${named(s)}：${detail(s)}`], BATCH_SUMMARY, en));
  };
  const withStatus = (status: SessionStatus) => sessions.filter((s) => s.status === status);
  list(withStatus("invalid"), en ? "Invalid input (skipped)" : "输入有误（已跳过）", (s) => problemText(s.errors, lang));
  list(unwritten, en ? "Counted, but the results could not be written into the session's out folder" : "已计票，但结果未能写入会议的 out 文件夹", (s) => problemText(s.errors, lang));
  const overIssued = new Map(counted.map((c) => [c.session, c.result ? overIssuedRound(c.result) : null]));
  list(withStatus("void"), en ? "Vote void" : "票决无效", (s) => voteVoidText(s.voidReasons, lang, overIssued.get(s) ?? null));
  list(withStatus("runoff"), en ? "Another round needed" : "需再次票决", (s) => runoffText(s.runoff, lang));
  if (townships.length > 0) appendAll(report, progressSection(townships, en));
  const summaries = [`${outLabel}/${BATCH_SUMMARY}`, `${outLabel}/${BATCH_RESULTS}`, ...(townships.length > 0 ? [`${outLabel}/${BATCH_PROGRESS}`] : [])];
  const allWritten = unwritten.length === 0 && progressUnwritten.length === 0 && counts.invalid === 0;
  // Sessions whose results went into their out/: none when every one was refused or could not be written.
  const written = sessions.length - counts.invalid - unwritten.length;
  const which = written === 0 ? "none" : allWritten ? "each" : "others";
  report.push("", en
    ? `${{ none: "No session's results were written", each: "Each session's results were written to its own out folder", others: "The other sessions' results were written to their own out folders" }[which]}; the summary to ${summaries.join(", ")} (the files are in Chinese: they are the official documents)`
    : `${{ none: "没有会议的结果写出", each: "各会议的结果已写入各自的 out 文件夹", others: "其余会议的结果已写入各自的 out 文件夹" }[which]}；汇总已写入 ${summaries.join("、")}`);

  // As the sessions and townships above, with each error worded (as the --json document words diagnostics).
  const data = {
    root: displayPath(env, root), sessions: sessions.map((s) => ({ ...s, errors: s.errors.map((d) => diagnosticRecord(d, env.lang)) })), counts,
    ...(townships.length > 0 ? { progress: townships.map((t) => ({ ...t, errors: t.errors.map((d) => diagnosticRecord(d, env.lang)) })) } : {}),
    files: files.map((f) => f.name),
  };
  // 1 if any session or township could not be read or written, else 3 if any vote is void, else 4 if any needs a runoff.
  const broken = counts.invalid > 0 || progressInvalid > 0;
  const exitCode = broken || !allWritten ? EXIT.invalid
    : counts.void > 0 ? EXIT.void : counts.runoff > 0 ? EXIT.runoff : EXIT.ok;
  if (broken || !allWritten) {
    // Exit 1 is a failure (ok: false), with the broken inputs' diagnostics; the others were counted and written.
    // A broken session.json is both the tally's and the progress title's error: named once.
    const seen = new Set<string>();
    const diagnostics = [...sessions.flatMap((s) => s.errors), ...townships.flatMap((t) => t.errors)].filter((d) => {
      const key = `${placeOf(d.at)} ${d.code}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
    const failure = {
      why: "batch-incomplete",
      params: {
        invalid: counts.invalid, counted: counts.total - counts.invalid, unwritten: unwritten.length,
        progressInvalid, progressOthers: townships.length - progressInvalid, progressUnwritten: progressUnwritten.length,
      },
    };
    // A write failure alone is not invalid input: the code is the write's own (E_WRITE, E_OUT_BUSY).
    const code = broken ? "E_BATCH_INVALID" : diagnostics[0]!.code;
    return { command: "batch", exitCode, data, warnings, report, error: { code, failure, diagnostics } };
  }
  return { command: "batch", exitCode, data, warnings, report };
}
