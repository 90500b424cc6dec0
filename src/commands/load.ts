// Reading a session folder into checked core values: session.json and candidates.csv (SPEC §3–§4).
import * as path from "node:path";
import { checkCompetition, completenessWarnings, nameWarnings, deadlineWarnings, parseCandidates, type Candidate, type CandidateList, type CompetitionCheck } from "../core/candidates.js";
import { appendAll, error, hasErrors, InputError, type Diagnostic } from "../core/diagnostics.js";
import { meetingFactWarnings } from "../core/decide.js";
import { ballotOrder } from "../core/order.js";
import { parseSession, type LoadedSession } from "../core/session.js";
import { cellAt } from "../core/table.js";
import type { EncodingChoice } from "../io/encoding.js";
import { SessionReader } from "../io/files.js";
import type { CommandEnv } from "./outcome.js";

export const SESSION_FILE = "session.json";
export const CANDIDATES_FILE = "candidates.csv";

export interface LoadedFolder extends LoadedSession {
  reader: SessionReader;
  candidates: CandidateList;
  /** Votable lines in ballot order. */
  lines: Candidate[];
  competition: CompetitionCheck;
  warnings: Diagnostic[];
}

export function resolveDir(env: CommandEnv, dir: string | undefined): string {
  return path.resolve(env.cwd, dir ?? ".");
}

export function resolveOut(env: CommandEnv, sessionDir: string, out: string | undefined): string {
  return out ? path.resolve(env.cwd, out) : path.join(sessionDir, "out");
}

/** A path as the user would type it from where they stand. */
export function displayPath(env: CommandEnv, p: string): string {
  return path.relative(env.cwd, p) || ".";
}

/** A path in a message: from where the command was run when it lies below, else whole (not ../../tmp/x). */
export function shownPath(env: CommandEnv, p: string): string {
  const relative = path.relative(env.cwd, p);
  return relative.startsWith("..") || path.isAbsolute(relative) ? p : relative || ".";
}

/** A path relative to `root` with "/" on every system ("." for root itself), as audit.json and batch name files. */
export function underRoot(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join("/") || ".";
}

/**
 * A folder argument that is a file (`piaojue tally notes.txt`) or not there at all: the argument, as the
 * clerk typed it, is what is at fault and what the message names, not the session.json looked for in it.
 */
export function namedAsTyped(env: CommandEnv, d: Diagnostic): Diagnostic {
  if (d.code !== "E_FILE") return d;
  const dir = String(d.params["dir"]);
  if (d.params["problem"] === "folder-is-file") return { ...d, at: { ...d.at, file: displayPath(env, dir) } };
  if (d.params["problem"] !== "folder-missing") return d;
  // A folder not there: below the current folder as a relative path, elsewhere whole.
  const shown = shownPath(env, dir);
  return { ...d, at: { ...d.at, file: shown }, params: { ...d.params, dir: shown } };
}

/** A path as it is typed in a command line shown to the clerk: in double quotes when it holds a space or a shell character. */
export function commandArg(env: CommandEnv, p: string): string {
  const shown = displayPath(env, p);
  // A folder named -x would be read as an option: ./-x is the same folder. Quoted as a shell takes it back.
  const word = shown.startsWith("-") ? `.${path.sep}${shown}` : shown;
  return /^[^\s"'`$\\!*?&;|<>(){}[\]#~]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** Where a value of session.json stands (its json-source position), for a diagnostic naming it; line 1 when unknown. */
export function sessionAt(positions: ReadonlyMap<string, { line: number; column: number }> | undefined, key: string) {
  return { file: SESSION_FILE, ...(positions?.get(key) ?? { line: 1, column: 1 }) };
}

/** Collects an InputError's diagnostics instead of letting it escape. */
export async function collect<T>(diagnostics: Diagnostic[], read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof InputError) { appendAll(diagnostics, e.diagnostics); return undefined; }
    throw e;
  }
}

/** A file read and parsed, its diagnostics (and any error reading it) collected. */
export async function readParsed<S, R extends { diagnostics: Diagnostic[] }>(
  diagnostics: Diagnostic[], file: string, load: (file: string) => Promise<S>, parse: (source: S, file: string) => R,
): Promise<R | undefined> {
  const source = await collect(diagnostics, () => load(file));
  const parsed = source === undefined ? undefined : parse(source, file);
  appendAll(diagnostics, parsed?.diagnostics ?? []);
  return parsed;
}

/**
 * The round summary.csv says is still needed ("否（需第2轮票决）" under 是否已确定), with its row, or null:
 * a shortfall runoff leaves no tied row in results.csv, so this is where a tally that is not final shows.
 */
export async function pendingRound(reader: SessionReader, summaryName: string): Promise<{ round: number; line: number } | null> {
  if (!(await reader.has(summaryName))) return null;
  const summary = await reader.table(summaryName);
  const row = summary.rows.find((r) => cellAt(r, 0) === "是否已确定");
  // A void vote ("否") has no 当选 row to go on anyway.
  const round = row ? /^否（需第(\d+)轮票决）$/.exec(cellAt(row, 1))?.[1] : undefined;
  return round ? { round: Number(round), line: row!.line } : null;
}

export async function loadFolder(dir: string, encoding: EncodingChoice): Promise<{ value?: LoadedFolder; diagnostics: Diagnostic[] }> {
  return readFolder(new SessionReader(dir, encoding));
}

/** What check says of the candidates besides errors: the 打包式 warnings, and names likely not printed as meant. */
const candidateNotes = (list: Parameters<typeof completenessWarnings>[0]) =>
  [...completenessWarnings(list, CANDIDATES_FILE), ...nameWarnings(list, CANDIDATES_FILE), ...deadlineWarnings(list, CANDIDATES_FILE)];

/**
 * session.json and candidates.csv through the reader a command's plan is given; `session`: session.json's
 * text not yet written (init checks what it would write with the candidates already there).
 */
export async function readFolder(reader: SessionReader, session?: string): Promise<{ value?: LoadedFolder; diagnostics: Diagnostic[]; warnings?: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const sessionText = session ?? await collect(diagnostics, () => reader.text(SESSION_FILE));
  // A folder that is missing (or is a file), or the folder above the sessions, is said once, not once
  // for each file expected in it.
  const noFolder = diagnostics.some((d) => d.code === "E_FILE" && (String(d.params["problem"]).startsWith("folder-") || d.params["sessions"] !== undefined));
  if (noFolder) return { diagnostics };
  const table = await collect(diagnostics, () => reader.table(CANDIDATES_FILE));
  const parsed = sessionText === undefined ? undefined : parseSession(sessionText, SESSION_FILE);
  if (parsed) appendAll(diagnostics, parsed.diagnostics);
  const voteOn = parsed?.value?.rules.voteOn ?? "candidates";
  const candidates = table ? parseCandidates(table, voteOn) : undefined;
  if (candidates) appendAll(diagnostics, candidates.diagnostics);
  // Warnings the checks that could run found, told with the errors (check shows them; others need not).
  const loaded = parsed?.value;
  const partialWarnings = () => [
    ...(loaded ? meetingFactWarnings(loaded.session, loaded.rules, (key) => sessionAt(loaded.source.positions, key)) : []),
    ...(candidates && "partial" in candidates && candidates.partial ? candidateNotes(candidates.partial) : []),
  ];
  if (!parsed?.value || !candidates?.value || hasErrors(diagnostics)) return { diagnostics, warnings: partialWarnings() };
  const { rules, source } = parsed.value;
  const list = candidates.value;
  const lines = ballotOrder(list, rules);
  if (rules.formal > lines.length) {
    diagnostics.push(error("E_FORMAL_EXCEEDS", sessionAt(source.positions, "rules.formal"), { formal: rules.formal, candidates: lines.length, items: rules.voteOn === "items" ? 1 : 0 }));
    return { diagnostics, warnings: [...partialWarnings(), ...candidateNotes(list)] };
  }
  const warnings = candidateNotes(list);
  const competition = checkCompetition(lines.length, rules);
  return { value: { ...parsed.value, reader, candidates: list, lines, competition, warnings }, diagnostics };
}
