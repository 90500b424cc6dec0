// Files: reading inputs (recording what was read, for SHA256SUMS) and writing a command's outputs as one
// all-or-nothing set.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, lstatSync, promises as fs, statSync } from "node:fs";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import { Parser } from "csv-parse";
import { compareCodePoints } from "../core/characters.js";
import { appendAll, error, InputError, type Diagnostic } from "../core/diagnostics.js";
import type { Table } from "../core/table.js";
import { checkTable, csvOptions, parseCsvText, readPlainLines, recordTooLong, sniffDelimiter, toTable } from "./csv.js";
import type { RecordSink, TableSink } from "./csv.js";
import { sha256 } from "./digest.js";
import { makeFolder, processAlive, syncDir, writeSynced } from "./journal.js";
import { decodeText, decoderFor, detectEncoding, findControlCharacter, LABELS, notTextSignature, type EncodingChoice } from "./encoding.js";
import type { XlsxTable } from "./xlsx-read.js";

/** Bytes read first, to decide the encoding and the delimiter. */
const HEAD = 1 << 20;
/**
 * Bytes read at a time when streaming: small enough that the decoded text of a chunk is not a "large
 * object" for V8, which only a full garbage collection frees (with 1 MB chunks, streaming a million
 * ballots peaked some 30 MB higher).
 */
const CHUNK = 64 << 10;
/**
 * The largest JSON file read (session.json, evaluation.json …): such files are a few kilobytes, and the
 * JSON reader holds the whole text and every value (a 360 MB file exhausted the memory).
 */
const MAX_JSON_BYTES = 16 << 20;
/** A file the stream cannot read as plain text in its encoding: it is read again whole, which says why. */
class NotPlain extends Error {}

/** The folders right below `dir` that hold a session.json (at most 5 named, in name order). */
async function sessionsBelow(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(compareCodePoints);
  return folders.filter((name) => existsSync(path.join(dir, name, "session.json"))).slice(0, 5);
}

/**
 * Whether a path is there; a symbolic link is, even one that points to nothing (reading it says so, where
 * "not there" would send the clerk looking for a file `ls` shows). Synchronous: one system call, no thread
 * hop and no error object for "no".
 */
export function exists(p: string): boolean {
  try { return lstatSync(p, { throwIfNoEntry: false }) !== undefined; } catch { return false; } // ENOTDIR, EACCES: not there to read
}

/**
 * The session folder a symbolic link to nothing (or a loop of links), when reading in it failed with `code`:
 * E_FILE naming the link and its target, placed at the folder (`ls` shows it, so "not there" would mislead).
 */
async function folderLink(dir: string, code: string | undefined): Promise<Diagnostic | undefined> {
  if (code !== "ENOENT" && code !== "ELOOP") return undefined;
  if (existsSync(dir)) return undefined;
  const target = await fs.readlink(dir).catch(() => undefined);
  if (target === undefined) return undefined;
  const problem = code === "ELOOP" ? "folder-link-loop" : "folder-dangling-link";
  return error("E_FILE", { file: dir }, { name: path.basename(dir), dir, target, errno: code, problem });
}

/**
 * The session folder itself not there, or a file: E_FILE as a reader says it (once), for a command that
 * would otherwise first miss a file in it and name the wrong step (audit's audit.json, --plan's results).
 */
export async function folderProblem(dir: string, name: string): Promise<Diagnostic | undefined> {
  try {
    if ((await fs.stat(dir)).isDirectory()) return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const link = await folderLink(dir, code);
    if (link) return link;
    if (code !== "ENOENT" && code !== "ENOTDIR") return undefined; // unreadable: the command says so itself
    return error("E_FILE", { file: name }, { name, dir, errno: "ENOENT", problem: "folder-missing", ...(await lookAlikeFolder(dir)) });
  }
  return error("E_FILE", { file: name }, { name, dir, errno: "ENOTDIR", problem: "folder-is-file" });
}

/**
 * The output folder (-o) a file, or below one: E_WRITE as a writing command says it (its folder cannot be
 * made there), for a command that would otherwise first miss a file in it (audit's audit.json, --plan's
 * results) and send the clerk to a tally that cannot write there either.
 */
export async function outFolderProblem(outDir: string): Promise<Diagnostic | undefined> {
  let errno: string;
  try {
    if ((await fs.stat(outDir)).isDirectory()) return undefined;
    errno = "EEXIST"; // what making the folder says
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOTDIR") return undefined; // not there yet, or the command says why
    errno = "ENOTDIR";
  }
  return error("E_WRITE", { file: outDir }, { errno, staged: 0 });
}

/**
 * The worksheet a table is read from when its workbook has one by that name (else the first), whether a
 * formula is refused in it (a count or a mark must be typed, not computed), and what each row is where
 * each is one ballot or form.
 */
const WORKBOOK_ROLES: readonly [RegExp, string, boolean, ("ballot" | "form")?][] = [
  [/^candidates$/, "候选项目", false],
  [/^ballots(-r\d+)?$/, "表决票", true, "ballot"],
  [/^counts(-r\d+)?$/, "计票", true],
  [/^evaluations$/, "测评票", true, "form"],
  [/^evaluation-counts$/, "测评汇总", true],
  [/^indicators$/, "指标", false],
  [/^plan$/, "计划", false],
  [/^progress$/, "进度", false],
];

/**
 * The forms a table named X.csv may take in the session folder: X.xlsx, and X.xlsm to be refused for its
 * macros. Not a table in another folder (out/results.csv), nor one piaojue itself writes beside its
 * workbook (results, summary, satisfaction): there the two forms are one output, not two inputs.
 */
function tableForms(name: string): string[] {
  const m = /^([^/\\]+)\.csv$/i.exec(name);
  return m && !/^(?:results|summary|satisfaction)$/i.test(m[1]!) ? [name, `${m[1]}.xlsx`, `${m[1]}.xlsm`] : [name];
}

/** The sheet and cell the workbook reader names in its own diagnostics (other codes' `cell` is a value). */
function workbookCell(d: Diagnostic): string | undefined {
  const cell = d.params["cell"];
  return /^[EW]_XLSX_/.test(d.code) && typeof cell === "string" ? cell : undefined;
}

function isWorkbook(name: string): boolean {
  return /\.xls[xm]$/i.test(name);
}

/** Another name beside `file` that is the same once both are put through `fold`, if any. */
async function nameBeside(file: string, fold: (name: string) => string): Promise<string | undefined> {
  const wanted = fold(path.basename(file));
  const names = await fs.readdir(path.dirname(file)).catch(() => [] as string[]);
  return names.find((n) => n !== path.basename(file) && fold(n) === wanted);
}

/** The name of a file beside `file` that is its name in other letters' case (Session.json), if any. */
const nameInOtherCase = (file: string) => nameBeside(file, (n) => n.toLowerCase());

/**
 * A folder beside a missing one whose name looks the same but is stored in another Unicode form (é as one
 * character or as e and an accent, as a Mac writes it): typed, the name does not reach it.
 */
async function lookAlikeFolder(dir: string): Promise<{ lookAlike: string } | Record<string, never>> {
  const found = await nameBeside(dir, (n) => n.normalize("NFC"));
  return found === undefined ? {} : { lookAlike: found };
}

/** Reads the inputs of one session folder and remembers each file's hash. */
export class SessionReader {
  readonly inputs = new Map<string, string>();
  /** What reading a workbook chose on the clerk's behalf (title rows, other sheets …), each told once. */
  readonly workbookWarnings: Diagnostic[] = [];
  /** The workbooks read, by name; and the table name each stands for (ballots.csv → ballots.xlsx). */
  private readonly workbooks = new Map<string, XlsxTable>();
  private readonly standsFor = new Map<string, string>();

  constructor(
    readonly dir: string,
    readonly encoding: EncodingChoice = "auto",
  ) {}

  path(name: string): string {
    return path.join(this.dir, name);
  }

  /** Whether the file is there; for a table X.csv, in any of its forms (X.xlsx). */
  async has(name: string): Promise<boolean> {
    return tableForms(name).some((form) => exists(this.path(form)));
  }

  /** The file that holds table `name`: X.csv, or X.xlsx in its place; both is an error. */
  async resolve(name: string): Promise<string> {
    const forms = tableForms(name);
    if (forms.length === 1) return name;
    const present = forms.filter((form) => exists(this.path(form)));
    if (present.length > 1) throw new InputError([error("E_TABLE_TWO_FORMS", { file: present[1]! }, { files: present, table: name })]);
    const file = present[0] ?? name;
    if (file !== name) this.standsFor.set(name, file);
    return file;
  }

  /** A workbook's table, read once, from the worksheet named for its role. */
  private async workbook(file: string): Promise<XlsxTable> {
    const known = this.workbooks.get(file);
    if (known) return known;
    // Loaded only for a workbook: most sessions have none, and its unzipper builds tables as it loads.
    const { readXlsxTable, XLSX_LIMITS } = await import("./xlsx-read.js");
    const data = await this.bytes(file, XLSX_LIMITS.fileBytes);
    const role = WORKBOOK_ROLES.find(([re]) => re.test(file.replace(/\.xls[xm]$/i, "")));
    let read: XlsxTable;
    try {
      read = readXlsxTable(data, { file, role: role?.[1], refuseFormulas: role?.[2], rowIs: role?.[3] });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(e.diagnostics.map((d) => { const cell = workbookCell(d); return cell === undefined ? d : { ...d, at: { ...d.at, cell } }; }));
    }
    // A workbook's cells are held to the rule a CSV file is (SPEC §4): no control character but tab, CR, LF.
    const bad = controlCharacterCell(read);
    if (bad) throw new InputError([{ ...error("E_NOT_TEXT", { file, line: bad.line, column: bad.column }, { char: bad.char, inCell: 1 }), at: { file, line: bad.line, column: bad.column, cell: read.place(bad.line, bad.column) } }]);
    this.workbooks.set(file, read);
    appendAll(this.workbookWarnings, this.located(read.warnings));
    return read;
  }

  /**
   * Diagnostics about tables read from workbooks, named as a clerk finds them: the workbook, not the
   * table name it stands for, and the cell (`候选项目!C7`) rather than the line and column.
   */
  located(list: readonly Diagnostic[]): Diagnostic[] {
    return list.map((d) => {
      const file = this.standsFor.get(d.at.file) ?? d.at.file;
      const book = this.workbooks.get(file);
      if (file === d.at.file && !book) return d;
      const cell = d.at.cell ?? workbookCell(d) ?? (book && d.at.line > 0 ? book.place(d.at.line, d.at.column) : undefined);
      return { ...d, at: { ...d.at, file, ...(cell !== undefined ? { cell } : {}) } };
    });
  }

  /** A file's bytes; a file larger than `maxBytes` is refused before it is read. */
  async bytes(name: string, maxBytes = Infinity): Promise<Buffer> {
    let data: Buffer;
    try {
      // A FIFO or a device (a link to /dev/zero) would block or never end: only regular files are read.
      const info = await fs.stat(this.path(name));
      if (!info.isFile() && !info.isDirectory()) throw Object.assign(new Error("not a regular file"), { code: "ENOTFILE" });
      if (info.isFile() && info.size > maxBytes) {
        throw new InputError([error("E_TOO_LARGE", { file: name, line: 1, column: 1 }, { size: info.size, limit: maxBytes, mb: (info.size / (1 << 20)).toFixed(1), limitMb: maxBytes / (1 << 20) })]);
      }
      data = await fs.readFile(this.path(name));
    } catch (e) {
      if (e instanceof InputError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      const link = await folderLink(this.dir, code);
      if (link) throw new InputError([link]);
      // A folder that is not there at all is a mistyped path, not a missing file.
      const noFolder = code === "ENOENT" && !existsSync(this.dir);
      // ENOTDIR with the folder itself a file: the command was given a file (`piaojue tally README.md`).
      const folderIsFile = code === "ENOTDIR" && (await fs.stat(this.dir).then((s) => !s.isDirectory(), () => false));
      // A link that points to nothing (or round in a loop): `ls` shows the file, so the link is named.
      const target = code === "ENOENT" || code === "ELOOP" ? await fs.readlink(this.path(name)).catch(() => undefined) : undefined;
      const problem = noFolder ? "folder-missing" : folderIsFile ? "folder-is-file" : target !== undefined ? (code === "ELOOP" ? "link-loop" : "dangling-link") : undefined;
      // No session.json here, but in folders below: the command was given the folder above the sessions.
      const below = code === "ENOENT" && name === "session.json" && !problem ? await sessionsBelow(this.dir) : [];
      // An old .xls left where the table should be (candidates.xls): it is there, but cannot be read.
      const legacy = code === "ENOENT" && !problem && /\.csv$/i.test(name) ? name.replace(/\.csv$/i, ".xls") : undefined;
      // The name in other letters' case (Candidates.CSV copied from Windows): not read, as ballots in it are not.
      const otherCase = code === "ENOENT" && !problem ? await nameInOtherCase(this.path(name)) : undefined;
      const params = { name, dir: this.dir, errno: code ?? "", ...(problem ? { problem } : {}), ...(target !== undefined ? { target } : {}), ...(below.length > 0 ? { sessions: below } : {}),
        ...(otherCase !== undefined ? { otherCase } : {}), ...(noFolder ? await lookAlikeFolder(this.dir) : {}),
        ...(legacy && existsSync(this.path(legacy)) ? { legacy, workbook: name.replace(/\.csv$/i, ".xlsx") } : {}) };
      throw new InputError([error("E_FILE", { file: name }, params)]);
    }
    this.inputs.set(name, sha256(data));
    return data;
  }

  /**
   * A file's text. JSON files are UTF-8 (RFC 8259; UTF-16 with its BOM is read too): a forced
   * --encoding applies to the tables only, and a JSON file is never guessed to be GB18030.
   */
  async text(name: string): Promise<string> {
    const json = name.toLowerCase().endsWith(".json");
    const data = await this.bytes(name, json ? MAX_JSON_BYTES : Infinity);
    const { text } = decodeText(data, name, json ? "utf8" : this.encoding, json);
    const bad = findControlCharacter(text);
    if (bad) throw new InputError([error("E_NOT_TEXT", { file: name, line: bad.line, column: bad.column }, { char: bad.char, ...(json ? { json: 1 } : {}) })]);
    return text;
  }

  /** For a table read from a workbook, its table and the sheets that hold a value; undefined for a CSV file. */
  workbookRead(name: string): XlsxTable | undefined {
    return this.workbooks.get(this.standsFor.get(name) ?? name);
  }

  async table(name: string): Promise<Table> {
    const file = await this.resolve(name);
    if (isWorkbook(file)) return (await this.workbook(file)).table;
    const text = await this.text(name);
    return toTable(parseCsvText(text, name), name);
  }

  /**
   * Streams a file's records into a sink from `open` (its plain lines read by readPlainLines, the rest by
   * csv-parse), as parseCsvText(await text(name)) would give them, in bounded memory. Anything the stream
   * does not read plainly (bytes not in the file's encoding, which "auto" then reads as GB18030; a control
   * character; a CSV syntax error; a workbook) sends the file to the whole-file reader with a fresh sink:
   * it reads it, or says what is wrong.
   */
  async streamRecords(name: string, open: () => RecordSink, chunkSize = CHUNK): Promise<void> {
    const form = await this.resolve(name);
    if (isWorkbook(form)) {
      // A workbook is unzipped whole anyway; its table is read once and passed on row by row.
      const { table } = await this.workbook(form);
      const sink = open();
      sink.record(table.header, table.headerLine);
      for (const r of table.rows) sink.record(r.cells, r.line);
      return;
    }
    const file = this.path(name);
    let head: Buffer;
    try {
      const info = await fs.stat(file);
      if (!info.isFile()) throw new NotPlain();
      const handle = await fs.open(file, "r");
      const size = Math.min(HEAD, info.size);
      try { head = (await handle.read(Buffer.alloc(size), 0, size, 0)).buffer; } finally { await handle.close(); }
    } catch { return this.wholeRecords(name, open); }
    const { encoding, bomLength } = detectEncoding(head, this.encoding);
    const delimiter = sniffDelimiter(new TextDecoder(LABELS[encoding]).decode(head.subarray(bomLength)), head.length < HEAD);
    // A workbook or a file with NUL bytes in its first megabyte: the whole-file reader refuses it with its
    // reason. A forced GB18030 reading is whole too, so that a UTF-8 line anywhere in it is refused (a GBK
    // file under "auto" is read whole as well: its first GBK byte stops the UTF-8 stream).
    if (notTextSignature(head) !== null || delimiter === null || encoding === "gb18030") return this.wholeRecords(name, open);
    if (encoding === "utf8" && head.indexOf(0) >= 0) return this.wholeRecords(name, open);
    const hash = createHash("sha256");
    const decoder = decoderFor(encoding);
    let skip = bomLength;
    let cr = ""; // a CR at the end of a chunk: a CRLF may be cut in two
    const sink = open();
    let lastLine = 0; // the last line of the last record read
    let linesBefore = 0; // the lines read by the fast path before csv-parse takes over
    let handedOver = false;
    const parser = new Parser(csvOptions(delimiter, (r, endLine) => {
      sink.record(r.cells, linesBefore + r.line);
      lastLine = linesBefore + endLine;
    }, false, (line) => sink.emptyLine?.(linesBefore + line)));
    const text = (t: string) => {
      if (findControlCharacter(t) !== null) throw new NotPlain();
      t = cr + t;
      cr = t.endsWith("\r") ? "\r" : "";
      return (cr ? t.slice(0, -1) : t).replace(/\r\n?/g, "\n");
    };
    try {
      await pipeline(
        createReadStream(file, { highWaterMark: chunkSize }),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            const body = chunk.subarray(Math.min(skip, chunk.length));
            skip -= chunk.length - body.length;
            yield text(decoder.decode(body, { stream: true })); // a byte not in the encoding throws
          }
          const last = text(decoder.decode());
          yield last + (cr ? "\n" : ""); // a CR held back from the last chunk
        },
        (texts: AsyncIterable<string>) => readPlainLines(texts, delimiter, (cells, line) => {
          sink.record(cells, line);
          lastLine = line;
        }, (n) => { linesBefore = n; handedOver = true; }, (line) => sink.emptyLine?.(line)),
        parser,
        async (records: AsyncIterable<unknown>) => { for await (const _ of records); },
      );
      // The empty lines after the last record, which csv-parse skips without a word (its last line is the
      // one the final "\n" starts, no line at all). Without a hand-over, readPlainLines told of them all.
      if (handedOver) for (let l = lastLine + 1; l < linesBefore + parser.info.lines; l++) sink.emptyLine?.(l);
      this.inputs.set(name, hash.digest("hex"));
    } catch (e) {
      if (e instanceof InputError) throw e;
      // Reading a huge record again whole would only cost more time and memory to say the same.
      if ((e as { code?: string }).code === "CSV_MAX_RECORD_SIZE") throw recordTooLong(name, lastLine, e);
      return this.wholeRecords(name, open); // not plain, a CSV syntax error, or a read error: told there
    }
  }

  /** The whole-file reading of streamRecords: text(name) throws what it refuses, parseCsvText a syntax error. */
  private async wholeRecords(name: string, open: () => RecordSink): Promise<void> {
    const emptyLines: number[] = [];
    const records = parseCsvText(await this.text(name), name, (line) => emptyLines.push(line));
    const sink = open();
    for (const r of records) sink.record(r.cells, r.line);
    for (const line of emptyLines) sink.emptyLine?.(line);
  }

  /**
   * Streams a table as table(name) reads it: the header checked, every row as wide as the header, the
   * same InputError thrown at the end, rows passed on only while there is nothing wrong. So the sink's
   * result is only to be used when this returns.
   */
  async streamTable(name: string, open: () => TableSink): Promise<void> {
    let check: ReturnType<typeof checkTable> | undefined;
    await this.streamRecords(name, () => (check = checkTable(name, open())));
    check!.finish();
  }

  /** The names in the session folder (none when it cannot be read: reading a file then says why). */
  async names(): Promise<string[]> {
    try { return await fs.readdir(this.dir); } catch { return []; }
  }
}

export interface OutputFile {
  /** Path relative to the out folder. */
  name: string;
  content: string | Uint8Array;
}

const STAGING_PREFIX = ".staging-";
const COMMIT_MARK = "COMMITTED";
const LOCK_FILE = ".piaojue-lock";
/** No write holds the lock for long; an older lock was left by a process that died. */
const LOCK_STALE_MS = 60_000;
const LOCK_WAIT_MS = 10_000;

export interface WriteHooks {
  /** Called between the steps of a write ("locked", "staged:NAME", "committed", "renamed:NAME", "done"). */
  onStep?: (step: string) => void | Promise<void>;
  /**
   * Called with the lock held, once any set a killed run left is finished: adds the files that follow from
   * what out/ then holds (the audit trail), and names files to remove, so two writers never build them
   * from the same old state.
   */
  complete?: (files: readonly OutputFile[]) => Promise<{ files: readonly OutputFile[]; remove: readonly string[] }>;
  /** The command whose record the set is (batch's own summary, or a session's results), for `writtenSets`. */
  record?: string | undefined;
}

/**
 * The sets this process has put in place, in order, and whether one is being put in place now (its stop
 * signals held): what a run stopped by a signal leaves in out/, for saying so (process-wide, as signals are).
 */
export const writtenSets: { outDir: string; record: string | undefined }[] = [];
/** How many sets are being put in place now (batch writes several sessions at a time). */
let puttingInPlace = 0;

/** Whether a committed set is being put in place now: a stop signal is held till it is, then raised again. */
export function settingInPlace(): boolean {
  return puttingInPlace > 0;
}

/**
 * Writes a command's files into out/ as one set. Under a lock (one writer per out/ at a time), any set a
 * killed run left behind is finished or dropped first; then everything goes to a staging folder, a commit
 * mark is put in place by a rename (so it exists whole or not at all), and each file is renamed into
 * place, SHA256SUMS and audit.json last. A run killed before the mark leaves the old set (the next write
 * removes its staging folder); one stopped (SIGINT, SIGTERM, SIGHUP) from the mark to the last rename ends
 * when the set is in place; one killed outright then is finished by the next run (`recoverOutDir`).
 */
export async function writeOutputSet(outDir: string, planned: readonly OutputFile[], remove: readonly string[] = [], hooks: WriteHooks = {}): Promise<void> {
  const made = !existsSync(outDir);
  try {
    await writeSet(outDir, planned, remove, hooks);
  } catch (e) {
    // A folder made for a write that failed (a path too long for the files in it) is not left behind empty.
    if (made) await fs.rmdir(outDir).catch(() => undefined);
    throw e;
  }
}

async function writeSet(outDir: string, planned: readonly OutputFile[], remove: readonly string[], hooks: WriteHooks): Promise<void> {
  const step = async (name: string) => { await hooks.onStep?.(name); };
  try { await makeFolder(outDir); } catch (e) { throw writeError(outDir, e, false); }
  const release = await lockOutDir(outDir);
  let letGo: (() => void) | undefined;
  try {
    await step("locked");
    try { await recoverStaging(outDir, true); } catch (e) { throw writeError(outDir, e, true); }
    const { files, remove: alsoRemove } = hooks.complete ? await hooks.complete(planned) : { files: planned, remove: [] };
    const removed = [...remove, ...alsoRemove];
    const suffix = Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, "0");
    const staging = path.join(outDir, `${STAGING_PREFIX}${process.pid}-${suffix}`);
    try {
      await fs.mkdir(staging);
      // Staged files and the mark's draft are written (and synced) at the same time: nobody sees them
      // before the draft is renamed into the commit mark.
      const plan = { files: files.map((f) => f.name), remove: removed };
      await Promise.all([...files, { name: COMMIT_MARK + ".tmp", content: JSON.stringify(plan) }].map(async (f) => {
        const target = path.join(staging, f.name);
        if (path.dirname(target) !== staging) await fs.mkdir(path.dirname(target), { recursive: true });
        await writeSynced(target, f.content);
      }));
      for (const f of files) await step(`staged:${f.name}`);
      // Once committed, a file that cannot go into place leaves out/ half old, half new: a target that
      // cannot be replaced is found now, while out/ still holds the whole old set.
      await refuseBlockedTargets(outDir, [...files.map((f) => f.name), ...removed]);
      letGo = holdStopSignals();
      await fs.rename(path.join(staging, COMMIT_MARK + ".tmp"), path.join(staging, COMMIT_MARK));
      await syncDir(staging);
    } catch (e) {
      await fs.rm(staging, { recursive: true, force: true });
      throw writeError(outDir, e, false);
    }
    await step("committed");
    try {
      await finishStaging(outDir, staging, step);
    } catch (e) {
      throw writeError(outDir, e, true);
    }
    writtenSets.push({ outDir, record: hooks.record });
    await step("done");
  } finally {
    try { await release(); } finally { letGo?.(); }
  }
}

/** How a clerk or a supervisor (Ctrl+C, timeout, a closed terminal) stops a run; SIGKILL cannot be held. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Holds the stop signals while a committed set is put in place, so that a run stopped then still leaves
 * the whole new set, not half of it. The returned function lets them go: a signal that came meanwhile is
 * raised again, and ends the run as it would have (the shell sees 128 + its number).
 */
function holdStopSignals(): () => void {
  let held: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => { held ??= signal; };
  for (const signal of STOP_SIGNALS) process.on(signal, hold);
  puttingInPlace++;
  return () => {
    puttingInPlace--;
    for (const signal of STOP_SIGNALS) process.off(signal, hold);
    if (held) process.kill(process.pid, held);
  };
}

/**
 * A file that cannot be put in place (or removed): its target is held open (Excel or WPS on Windows
 * refuses the rename with EPERM or EBUSY) or something else stands where it must go.
 */
class BlockedTarget extends Error {
  constructor(readonly target: string, readonly code: string) {
    super(`cannot replace ${target} (${code})`);
  }
}

/** A file-system failure while writing, told to the clerk (exit 1), not as an internal error. */
function writeError(outDir: string, e: unknown, afterCommit: boolean): unknown {
  if (e instanceof InputError) return e;
  if (e instanceof BlockedTarget) {
    const file = path.join(outDir, e.target);
    return new InputError([error("E_WRITE", { file }, { errno: e.code, staged: afterCommit ? 1 : 0, target: e.target })]);
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return e;
  // out/ made by another user (a run as administrator): said, for it is no permission the clerk can set.
  const uid = process.getuid?.();
  // A folder above out/ that cannot be searched (-o /root/x as another user) hides its owner: not said.
  const ownerUid = () => { try { return statSync(outDir, { throwIfNoEntry: false })?.uid; } catch { return undefined; } };
  const owner = (code === "EACCES" || code === "EPERM") && uid !== undefined && (ownerUid() ?? uid) !== uid;
  return new InputError([error("E_WRITE", { file: outDir }, { errno: code, staged: afterCommit ? 1 : 0, ...(owner && { otherOwner: 1 }) })]);
}

/** Locks this process holds or is taking: its writers share one pid, so they wait here, not on the file. */
const heldLocks = new Set<string>();

async function lockOutDir(outDir: string, waitMs = LOCK_WAIT_MS): Promise<() => Promise<void>> {
  const lock = path.join(outDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (!heldLocks.has(lock)) {
      // Claimed before the file is tried, so a lock file with this pid is never one a writer here is still making.
      heldLocks.add(lock);
      let taken = false;
      try {
        taken = await createLockFile(lock);
        if (!taken && await lockIsStale(lock)) {
          await fs.rm(lock, { force: true });
          continue;
        }
      } catch (e) {
        throw writeError(outDir, e, false);
      } finally {
        if (!taken) heldLocks.delete(lock);
      }
      if (taken) {
        return async () => {
          try { await fs.rm(lock, { force: true }); } finally { heldLocks.delete(lock); }
        };
      }
    }
    if (Date.now() > deadline) {
      throw new InputError([error("E_OUT_BUSY", { file: lock })]);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Makes the lock file holding this pid; false when it exists already. */
async function createLockFile(lock: string): Promise<boolean> {
  try {
    await fs.writeFile(lock, String(process.pid), { flag: "wx" });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

async function lockIsStale(lock: string): Promise<boolean> {
  let pid: number;
  let age: number;
  try {
    age = Date.now() - (await fs.stat(lock)).mtimeMs;
    pid = Number((await fs.readFile(lock, "utf8")).trim());
  } catch {
    return false; // gone meanwhile: try again
  }
  if (age > LOCK_STALE_MS) return true;
  if (!Number.isSafeInteger(pid) || pid <= 0) return age > 2_000; // its owner may be writing its pid right now
  if (pid === process.pid) return true; // a dead process had our pid: no writer here holds it (heldLocks)
  return !processAlive(pid);
}

function safeName(name: unknown): name is string {
  return typeof name === "string" && name !== "" && !path.isAbsolute(name) && !name.split(/[\\/]/).includes("..");
}

/**
 * Whether the real folder of `target` (its nearest existing folder, links resolved) is out/ (real path
 * `realOut`) or below it. A name right in out/ is, with no look-up; a name with a folder is looked up.
 */
async function inside(outDir: string, realOut: string, target: string): Promise<boolean> {
  if (path.dirname(target) === outDir) return true;
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    try {
      const real = await fs.realpath(dir);
      return real === realOut || real.startsWith(realOut + path.sep);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" || path.dirname(dir) === dir) return false;
    }
  }
}

/**
 * Throws BlockedTarget for the first name in out/ a set could not replace or remove: a folder standing
 * where the file goes, or a file where a folder on its path must be. What only the rename itself finds
 * (a file held open on Windows) is left to it. Names finishStaging would not touch are not looked at.
 */
async function refuseBlockedTargets(outDir: string, names: readonly string[]): Promise<void> {
  const realOut = await fs.realpath(outDir);
  for (const name of names) {
    const target = path.join(outDir, name);
    let code: string | undefined;
    try {
      // Synchronous, as `exists`: out/ mostly lacks the name, and the promise form makes an error object for that.
      if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) code = "EISDIR";
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOTDIR") code = "ENOTDIR";
    }
    if (code && (await inside(outDir, realOut, target))) throw new BlockedTarget(name, code);
  }
}

/** Puts a committed set's files in place and removes what it drops; returns the names put in place. */
/** What finishing sets did in out/: the files put in place, and the files (or unreadable sets) removed. */
export interface Finished { placed: string[]; removed: string[] }

async function finishStaging(outDir: string, staging: string, step?: (name: string) => Promise<void>): Promise<Finished> {
  let plan: { files: string[]; remove: string[] };
  try {
    const raw = JSON.parse(await fs.readFile(path.join(staging, COMMIT_MARK), "utf8")) as { files?: unknown; remove?: unknown };
    if (!Array.isArray(raw.files) || !Array.isArray(raw.remove)) throw new Error("bad plan");
    plan = { files: raw.files.filter(safeName), remove: raw.remove.filter(safeName) };
  } catch {
    // The mark is put in place by a rename, so a mark that cannot be read was not written by us: drop the set.
    await fs.rm(staging, { recursive: true, force: true });
    return { placed: [], removed: [path.basename(staging)] };
  }
  // A name whose folder is a link out of out/ (out/lnk → /tmp/victim) is not touched: only out/'s own files are.
  const realOut = await fs.realpath(outDir);
  const placed: string[] = [];
  for (const name of plan.files) {
    const from = path.join(staging, name);
    const to = path.join(outDir, name);
    if (!(await inside(outDir, realOut, to))) continue;
    if (path.dirname(to) !== outDir) await fs.mkdir(path.dirname(to), { recursive: true });
    try {
      await fs.rename(from, to);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && !existsSync(from)) continue; // moved before a crash
      throw code ? new BlockedTarget(name, code) : e;
    }
    placed.push(name);
    await step?.(`renamed:${name}`);
  }
  const removed: string[] = [];
  for (const name of plan.remove) {
    const target = path.join(outDir, name);
    if (!(await inside(outDir, realOut, target)) || !existsSync(target)) continue;
    await fs.rm(target, { force: true });
    removed.push(name);
  }
  await fs.rm(staging, { recursive: true, force: true });
  return { placed, removed };
}

/**
 * With the lock held: finishes committed sets left by killed runs, and drops uncommitted ones when the
 * caller is about to write (an uncommitted set is abandoned: out/ still holds the whole old set).
 */
async function recoverStaging(outDir: string, dropAbandoned: boolean): Promise<Finished> {
  const done: Finished = { placed: [], removed: [] };
  for (const { name, abandoned } of await pendingWrites(outDir)) {
    if (name === LOCK_FILE) continue;
    const staging = path.join(outDir, name);
    if (!abandoned) {
      const { placed, removed } = await finishStaging(outDir, staging);
      appendAll(done.placed, placed);
      appendAll(done.removed, removed);
    } else if (dropAbandoned) await fs.rm(staging, { recursive: true, force: true });
  }
  return done;
}

/**
 * Finishes a committed set left by a killed run; returns the names of the files it put in place. Every
 * command calls this before it reads out/ or plans, so none sees (or builds on) half a set. An uncommitted
 * set is left: only a writer, in writeOutputSet, removes it.
 */
export async function recoverOutDir(outDir: string, opts: { reportsUnfinished?: boolean; readsNothingThere?: boolean } = {}): Promise<Finished> {
  const nothing: Finished = { placed: [], removed: [] };
  // Nothing to finish (no committed set, no writer's lock): no lock is taken, so a command that writes
  // nothing changes nothing.
  if (!(await pendingWrites(outDir)).some((p) => !p.abandoned)) return nothing;
  // check (which does not use out/) and audit (which reports a set left unfinished) go on when the set
  // cannot be finished: a read-only copy, a file held open. Only the writers need it finished first.
  const mayLeave = opts.readsNothingThere === true || opts.reportsUnfinished === true;
  const left = (e: unknown, code: string) => e instanceof InputError && e.diagnostics[0]?.code === code;
  let release: () => Promise<void>;
  try {
    // A command that neither reads nor writes out/ (check) does not wait for a live writer: that run
    // finishes its own set. A lock left by a dead one is still taken over and its set finished.
    release = await lockOutDir(outDir, opts.readsNothingThere ? 0 : LOCK_WAIT_MS);
  } catch (e) {
    if ((opts.readsNothingThere && left(e, "E_OUT_BUSY")) || (mayLeave && left(e, "E_WRITE"))) return nothing;
    throw e;
  }
  try {
    return await recoverStaging(outDir, false);
  } catch (e) {
    const failure = writeError(outDir, e, true);
    if (mayLeave && left(failure, "E_WRITE")) return nothing;
    throw failure;
  } finally {
    await release();
  }
}

/** Whether a name right in out/ is a trace of a write (a staging folder or the lock), not an output. */
export function isWriteTrace(name: string): boolean {
  return name.startsWith(STAGING_PREFIX) || name === LOCK_FILE;
}

/**
 * Traces of an unfinished write in out/ (a staging folder or a lock), for read-only commands to report.
 * `abandoned`: a staging folder with no commit mark, left by a run killed before it committed.
 */
export async function pendingWrites(outDir: string): Promise<{ name: string; abandoned: boolean }[]> {
  let names: string[];
  try { names = await fs.readdir(outDir); } catch { return []; }
  return names.filter(isWriteTrace).sort()
    .map((name) => ({ name, abandoned: name !== LOCK_FILE && !existsSync(path.join(outDir, name, COMMIT_MARK)) }));
}

/** The first cell of a workbook's table (header included) that holds a control character other than tab, CR or LF. */
function controlCharacterCell(read: XlsxTable): { line: number; column: number; char: string } | null {
  const rows = [{ line: read.table.headerLine, cells: read.table.header }, ...read.table.rows];
  for (const row of rows) {
    for (let i = 0; i < row.cells.length; i++) {
      const found = findControlCharacter(row.cells[i] ?? "");
      if (found) return { line: row.line, column: i + 1, char: found.char };
    }
  }
  return null;
}
