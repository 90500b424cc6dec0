// Counting a ballots file as it streams in (SPEC §5, §6.3–6.4): the same result and diagnostics as
// countBallotTable over reader.table(name), in constant memory. On the byte path each cell's mark is
// looked up by its raw bytes, so a million ballots are counted without making a string per cell. A large
// file is counted in two halves at once, the second by a worker thread (ballot-worker.ts), when both
// halves are plain lines; the halves are put together exactly as reading the whole would count them, and
// anything unusual (quotes, another encoding, a damaged byte) makes it count the file in one pass instead.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import { ballotPolicy, FILLED, markCode, markVocabulary, resolveBallotHeader, RoundTally, type BallotLayout, type BallotPolicy, type MarkVocabulary, type RoundCount, type TallyPart } from "../core/ballots.js";
import type { Candidate } from "../core/candidates.js";
import type { Diagnostic } from "../core/diagnostics.js";
import type { Rules } from "../core/session.js";
import { BallotScanner } from "./ballot-scan.js";
import { createSha256 } from "./digest.js";
import type { SessionReader } from "./files.js";
import { CellInterner, CellText, chunkReader, pumpChunks, MAX_CELL_IDS, RecordStream, streamTable, TableRecords, type StreamOptions, type TableSink } from "./table-stream.js";

/** The integer of a serial written as canonical decimal digits (SerialIndex.integer), read from bytes; -1 otherwise. */
function serialInteger(bytes: Buffer, s: number, e: number): number {
  const n = e - s;
  if (n === 0 || n > 9 || (n > 1 && bytes[s] === 48)) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const UNSET = 255;
const SHORT_BITS = 12;
const SHORT_SLOTS = 1 << SHORT_BITS;
const SHORT_MASK = Int32Array.of(0, 0xff0000, 0xffff00, 0xffffff);

/** Rows counted one by one before the scanner is started: a township's file is over before that. */
export const SCAN_FROM = 256;

/**
 * Adds each row (as cells, or as bytes on the byte path) to `tally`; after `scanFrom` rows, runs of plain
 * rows `width` cells wide go to a BallotScanner, when one can count them (Infinity: never).
 */
export function ballotRows(tally: RoundTally, vocabulary: MarkVocabulary, width: number, scanFrom = SCAN_FROM): Required<Pick<TableSink, "row" | "rowBytes" | "rowLines">> & { scanned: () => number } {
  const layout = tally.layout;
  // Mark code of each distinct cell, by its interned id (UNSET until first seen).
  const cells = new CellInterner();
  const codeById = new Uint8Array(MAX_CELL_IDS + 1).fill(UNSET);
  const code = (bytes: Buffer, s: number, e: number): number => {
    const id = cells.id(bytes, s, e);
    if (id < 0) return markCode(vocabulary, bytes.toString("utf8", s, e).trim());
    const c = codeById[id]!;
    return c !== UNSET ? c : (codeById[id] = markCode(vocabulary, cells.texts[id]!.trim()));
  };
  // The hot path: a cell of up to three bytes (most marks) is looked up by its bytes and length in a
  // small direct-mapped table that stays in the processor's first-level cache.
  const shortKey = new Int32Array(SHORT_SLOTS).fill(-1);
  const shortCode = new Uint8Array(SHORT_SLOTS);
  const shortCell = (bytes: Buffer, s: number, e: number, key: number, slot: number): number => {
    const c = code(bytes, s, e);
    shortKey[slot] = key;
    shortCode[slot] = c;
    return c;
  };
  const text = new CellText();
  const lineColumns = Int32Array.from(layout.lineColumns);
  const serialColumn = layout.serialColumn ?? -1;
  const voidColumn = layout.voidColumn ?? -1;
  // The row being counted, for the notes that quote a cell.
  let rowBytes: Buffer = Buffer.alloc(0);
  let rowStart = 0;
  let rowEnds: Int32Array = new Int32Array(0);
  const cellText = (i: number): string => {
    const col = lineColumns[i]!;
    return text.text(rowBytes, col === 0 ? rowStart : rowEnds[col - 1]! + 1, rowEnds[col]!);
  };
  let scanner: BallotScanner | null = null;
  let scanned = 0;
  let oneByOne = 0;
  return {
    scanned: () => scanned,
    row(cells, line) {
      tally.addBallot(cells, line);
    },
    rowLines(bytes, p, end, line, delimiter, region) {
      if (!scanner) {
        if (oneByOne < scanFrom) return { lines: 0, next: p };
        scanner = BallotScanner.create(tally, width);
        scanFrom = Infinity;
        if (!scanner) return { lines: 0, next: p };
      }
      const lines = scanner.take(bytes, p, end, line, delimiter, region, code);
      scanned += lines;
      return { lines, next: scanner.next };
    },
    rowBytes(bytes, lineStart, ends, line) {
      oneByOne++;
      if (serialColumn >= 0) {
        const s = serialColumn === 0 ? lineStart : ends[serialColumn - 1]! + 1, e = ends[serialColumn]!;
        const n = serialInteger(bytes, s, e);
        if (n >= 0) tally.addSerialInteger(n, line);
        else tally.addSerial(text.text(bytes, s, e), line);
      }
      const out = tally.ballotCodes();
      const last = bytes.length - 1;
      for (let i = 0; i < out.length; i++) {
        const col = lineColumns[i]!;
        const s = col === 0 ? lineStart : ends[col - 1]! + 1;
        const e = ends[col]!;
        const len = e - s;
        if (len > 3) { out[i] = code(bytes, s, e); continue; }
        // Bytes past the cell are masked off; Math.min keeps the reads inside the buffer without a branch.
        const key = (len << 24) | (((bytes[Math.min(s, last)]! << 16) | (bytes[Math.min(s + 1, last)]! << 8) | bytes[Math.min(s + 2, last)]!) & SHORT_MASK[len]!);
        const slot = Math.imul(key, 0x9e3779b1) >>> (32 - SHORT_BITS);
        out[i] = shortKey[slot] === key ? shortCode[slot]! : shortCell(bytes, s, e, key, slot);
      }
      let marked = false;
      if (voidColumn >= 0) {
        const s = voidColumn === 0 ? lineStart : ends[voidColumn - 1]! + 1, e = ends[voidColumn]!;
        marked = e > s && (code(bytes, s, e) & FILLED) !== 0;
      }
      rowBytes = bytes;
      rowStart = lineStart;
      rowEnds = ends;
      tally.addCoded(marked, line, cellText);
    },
  };
}

/** The sink for a whole ballots file: the header decides the layout, then every row is counted. */
function ballotSink(name: string, lines: readonly Candidate[], rules: Rules, seatsLeft: number | undefined, scanFrom: number) {
  const state: { tally?: RoundTally; layoutProblems: Diagnostic[]; vocabulary: MarkVocabulary; policy: BallotPolicy } = {
    layoutProblems: [], vocabulary: markVocabulary(rules), policy: ballotPolicy(rules, seatsLeft),
  };
  let rows: ReturnType<typeof ballotRows>;
  const sink: TableSink = {
    header(cells, line) {
      const layout = resolveBallotHeader(cells, line, lines, name);
      if (!layout.value) { state.layoutProblems = layout.diagnostics; return; }
      state.tally = new RoundTally(layout.value, state.vocabulary, state.policy);
      rows = ballotRows(state.tally, state.vocabulary, cells.length, scanFrom);
      // From here on rows go straight to the counter, one call less for each of a million rows.
      sink.row = rows.row;
      sink.rowBytes = rows.rowBytes;
      sink.rowLines = rows.rowLines;
    },
    row() { /* no layout: rows are not counted */ },
    rowBytes() { /* no layout: rows are not counted */ },
    rowLines: (_bytes, p) => ({ lines: 0, next: p }),
  };
  return { sink, state, scanned: () => rows?.scanned() ?? 0 };
}

export interface BallotStreamOptions extends StreamOptions {
  /** Count a file of at least this many bytes in two parts at once (default 8 MB; Infinity: never). */
  partsFrom?: number;
  /** Where the compiled worker is (tests running from sources point it at dist/). */
  workerUrl?: URL;
  /** Told whether the file was counted in two parts (for tests). */
  onParts?: (inParts: boolean) => void;
  /** Rows counted one by one before the WebAssembly scanner (ballot-scan.ts) starts: default SCAN_FROM; Infinity: never (tests compare). */
  scanFrom?: number;
  /** Told how many lines the scanner counted (for tests). */
  onScanned?: (lines: number) => void;
}

const PARTS_FROM = 8 << 20;

export async function countBallotFile(
  reader: SessionReader, name: string, lines: readonly Candidate[], rules: Rules, round: number, issued: number, seatsLeft?: number, options: BallotStreamOptions = {},
): Promise<{ value?: RoundCount; diagnostics: Diagnostic[] }> {
  const inParts = await countInParts(reader, name, lines, rules, seatsLeft, options);
  options.onParts?.(inParts !== null);
  if (inParts) {
    options.onScanned?.(inParts.scanned);
    const value = inParts.tally.result(round, issued);
    return { value, diagnostics: inParts.tally.diagnostics };
  }
  let state: ReturnType<typeof ballotSink>["state"] | undefined;
  let scanned = () => 0;
  await streamTable(reader, name, () => {
    const made = ballotSink(name, lines, rules, seatsLeft, options.scanFrom ?? SCAN_FROM);
    state = made.state;
    scanned = made.scanned;
    return made.sink;
  }, options);
  options.onScanned?.(scanned());
  if (!state?.tally) return { diagnostics: state?.layoutProblems ?? [] };
  const value = state.tally.result(round, issued);
  return { value, diagnostics: state.tally.diagnostics };
}

/** What the main thread tells the worker once the header is read. */
export interface PartSetup {
  file: string;
  start: number;
  chunkSize: number;
  delimiter: number;
  width: number;
  layout: BallotLayout;
  policy: BallotPolicy;
  rules: Pick<Rules, "ballot" | "marks">;
  /** As BallotStreamOptions.scanFrom. */
  scanFrom: number;
}

/** What the worker sends back: its part's counts, or that the part is not plain lines. */
export type PartReply =
  | { ok: true; part: TallyPart; widthErrors: [number, number][]; nextLine: number; scanned: number }
  | { ok: false; reason: string };

function workerUrl(options: BallotStreamOptions): URL {
  // From dist/io/ and from dist/bundle/ alike, the worker is dist/io/ballot-worker.js.
  return options.workerUrl ?? new URL("../io/ballot-worker.js", import.meta.url);
}

/**
 * Counts a large UTF-8 ballots file in two parts at once; null when the file is small, the machine has one
 * processor, or either part is not plain lines (then it is counted in one pass, which also says exactly
 * what is wrong with a broken file).
 */
async function countInParts(reader: SessionReader, name: string, lines: readonly Candidate[], rules: Rules, seatsLeft: number | undefined, options: BallotStreamOptions): Promise<{ tally: RoundTally; scanned: number } | null> {
  const file = reader.path(name);
  let size: number;
  try {
    const info = await fs.stat(file);
    if (!info.isFile()) return null;
    size = info.size;
  } catch { return null; }
  if (size < (options.partsFrom ?? PARTS_FROM) || os.availableParallelism() < 2) return null;
  const url = workerUrl(options);
  try { await fs.access(url); } catch { return null; } // running from the TypeScript sources
  const handle = await fs.open(file, "r");
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  let worker: InstanceType<typeof Worker> | undefined;
  try {
    // The split: just after the first line break past the middle.
    const probe = Buffer.alloc(Math.min(1 << 16, size));
    const middle = Math.floor(size / 2);
    const { bytesRead } = await handle.read(probe, 0, probe.length, middle);
    const lf = probe.subarray(0, bytesRead).indexOf(10);
    if (lf < 0 || middle + lf + 1 >= size) return null;
    const split = middle + lf + 1;

    worker = new Worker(url);
    const reply = new Promise<PartReply>((resolve) => {
      worker!.once("message", (m: PartReply) => resolve(m));
      worker!.once("error", (e) => resolve({ ok: false, reason: String(e) }));
      worker!.once("exit", () => resolve({ ok: false, reason: "exited" }));
    });

    const chunkSize = options.chunkSize ?? 1 << 20;
    const scanFrom = options.scanFrom ?? SCAN_FROM;
    const { sink, state, scanned } = ballotSink(name, lines, rules, seatsLeft, scanFrom);
    const table = new TableRecords(name, sink);
    const stream = new RecordStream(name, reader.encoding, table, chunkSize, { strict: true });
    const hash = createSha256(size);
    let told = false;
    const readFirst = chunkReader(handle, chunkSize, 0, split);
    // The first part, counted here; the worker starts on the second as soon as the header is known.
    await pumpChunks(readFirst, (data) => {
      hash.update(data);
      stream.push(data);
      if (stream.anomalous) return false;
      if (!told && table.header !== null) {
        if (!state.tally || table.diagnostics.length > 0) return false; // a header with problems: read in one pass
        told = true;
        const setup: PartSetup = {
          file, start: split, chunkSize, delimiter: stream.separator!, width: table.header.length,
          layout: state.tally.layout, policy: state.policy, rules: { ballot: rules.ballot, marks: rules.marks }, scanFrom,
        };
        worker!.postMessage(setup);
      }
      return true;
    });
    if (!told || stream.anomalous) return null;
    stream.end();
    if (stream.anomalous) return null;
    // The rest of the file is only hashed here, while the worker counts it.
    const readRest = chunkReader(handle, chunkSize, split, Infinity);
    for (let data = await readRest(); data; data = await readRest()) hash.update(data);
    const got = await reply;
    if (!got.ok) return null;
    const offset = stream.nextLine - 1;
    for (const [line, count] of got.widthErrors) table.widthError(count, line + offset);
    table.rows += got.part.returned;
    state.tally!.absorb(got.part, offset);
    reader.inputs.set(name, hash.digest());
    table.finish(); // throws the InputError a whole reading would
    return { tally: state.tally!, scanned: scanned() + got.scanned };
  } finally {
    await handle.close();
    if (worker) await worker.terminate();
  }
}
