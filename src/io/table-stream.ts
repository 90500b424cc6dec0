// Streaming CSV input: a file is read in chunks, hashed, decoded and parsed as it arrives, so a ballot or
// form file of any size is read in constant memory. Well-formed UTF-8 takes a byte-level path (cells are
// split on the raw bytes and short cells decoded once and cached); from a line holding a quote on, the text
// path (TextDecoder in stream mode → CsvParser) takes over; other encodings take the text path from the
// start. Anything the whole-file reader would refuse or read differently (bytes that are not UTF-8, which
// may be GB18030; control characters; a workbook renamed to .csv) is handed to that reader
// (SessionReader.text), so every file reads exactly as SessionReader.table() reads it: the same records,
// the same diagnostics, in the same precedence (text problems, then CSV syntax, then header and widths).
import { isUtf8 } from "node:buffer";
import { promises as fs } from "node:fs";
import { InputError, type Diagnostic } from "../core/diagnostics.js";
import { checkHeader, CsvParser, fieldCountError, toTable } from "./csv.js";
import { createSha256 } from "./digest.js";
import { decoderFor, detectEncoding, notTextSignature } from "./encoding.js";
import type { SessionReader } from "./files.js";

/** Receives the records of one reading of a file. A sink must not throw. */
export interface RecordSink {
  /** A record as trimmed cells. The first record (the header) always comes this way. */
  record(cells: string[], line: number): void;
  /**
   * Optional fast path for the records after the first: cell k is bytes[k === 0 ? lineStart : ends[k - 1] + 1,
   * ends[k]), valid UTF-8 without quotes, not yet trimmed (CellText gives the trimmed text). Only valid
   * during the call.
   */
  bytes?(bytes: Buffer, lineStart: number, ends: Int32Array, count: number, line: number): void;
  /**
   * Optional, with `bytes`: takes a run of plain lines at once (see ballot-scan.ts), from the line start p
   * (line number `line`) on, up to end; says how many lines it took and where it stopped. The line it
   * stopped at, if any, comes to `bytes` (or `record`) as usual. `region` is the same number for calls on
   * the same bytes (chunk buffers are reused, so the buffer alone does not say that).
   */
  lines?(bytes: Buffer, p: number, end: number, line: number, delimiter: number, region: number): LinesTaken;
}

export interface LinesTaken {
  lines: number;
  next: number;
}

export interface StreamOptions {
  /** Bytes read at a time (tests use small chunks to cross every boundary). */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 1 << 20;
/** A line longer than this many chunks goes to the text path, so the byte path never re-copies a huge line. */
const MAX_CARRY_CHUNKS = 4;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const PLAIN = 0, DELIMITER = 1, QUOTE = 2, CONTROL_BYTE = 3, CR = 4, LF = 5, END = 6;

/** Byte classes for the careful line splitter (any line ending, quotes, control characters). */
function byteClasses(delimiter: number): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 0x20; b++) t[b] = CONTROL_BYTE;
  t[0x7f] = CONTROL_BYTE;
  // 0xC2 leads the UTF-8 of U+0080–U+00BF, where the C1 control characters are: such a line goes to the
  // whole-file reader, which tells a control character from an ordinary "·".
  t[0xc2] = CONTROL_BYTE;
  t[9] = PLAIN;
  t[13] = CR;
  t[10] = LF;
  t[34] = QUOTE;
  t[delimiter] = DELIMITER;
  return t;
}

const F_DELIMITER = 1, F_QUOTE = 2, F_CONTROL = 4, F_CR = 8;

/** Bit flags for the fast line splitter: it only ORs them together and sends a line with any surprise to the careful one. */
function byteFlags(delimiter: number): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 0x20; b++) t[b] = F_CONTROL;
  t[0x7f] = F_CONTROL;
  t[0xc2] = F_CONTROL;
  t[9] = 0;
  t[10] = 0;
  t[13] = F_CR;
  t[34] = F_QUOTE;
  t[delimiter] = F_DELIMITER;
  return t;
}

/**
 * The delimiter CsvParser would pick for a text that starts with `text` (see sniffDelimiter in csv.ts):
 * comma, or tab for a first line that has tabs and no comma. null while the text so far cannot tell.
 */
export function sniffPrefix(text: string, final: boolean): number | null {
  let inQuotes = false;
  let tab = false;
  let seen = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) { inQuotes = !inQuotes; seen = true; }
    else if (inQuotes) continue;
    else if (c === 10 || c === 13) { if (seen) return tab ? 9 : 44; }
    else if (c === 44) return 44;
    else { seen = true; if (c === 9) tab = true; }
  }
  return final ? (tab ? 9 : 44) : null;
}

/**
 * sniffPrefix on the start of some bytes (not final), decoding only as much as it takes: a first chunk may
 * be a megabyte. A decision on a prefix stands for the whole, since only the characters before a comma
 * or line break decide; a character cut off at the prefix's end decodes to U+FFFD, which decides nothing.
 */
function sniffBytes(bytes: Uint8Array): number | null {
  for (let size = 4096; ; size *= 4) {
    const d = sniffPrefix(new TextDecoder().decode(bytes.subarray(0, size)), false);
    if (d !== null || size >= bytes.length) return d;
  }
}

/** Distinct cells an interner keeps at most: beyond that (serials, free text) cells are decoded each time. */
export const MAX_CELL_IDS = 8192;

/**
 * Gives each distinct cell content a small integer id, looked up by the cell's raw bytes, so a cell that
 * repeats a million times (marks, 满意, group names …) is decoded and classified once, without making a
 * string to look it up: id 0 is the empty cell; cells of one to six bytes are found in an open-addressing
 * table keyed by their bytes, longer ones in a Map. Returns -1 for a new cell once MAX_CELL_IDS are
 * taken (then decode it with `text`).
 */
export class CellInterner {
  /** The text of each id, as written (not trimmed). */
  readonly texts: string[] = [""];
  private hi = new Int32Array(256);
  private lo = new Int32Array(256);
  private ids = new Int32Array(256);
  private hashed = 0;
  private readonly long = new Map<string, number>();

  id(bytes: Buffer, s: number, e: number): number {
    const len = e - s;
    if (len === 0) return 0;
    if (len > 6) {
      const text = bytes.toString("utf8", s, e);
      const id = this.long.get(text);
      if (id !== undefined) return id;
      if (this.texts.length >= MAX_CELL_IDS) return -1;
      this.long.set(text, this.texts.length);
      this.texts.push(text);
      return this.texts.length - 1;
    }
    const hi = (len << 24) | (bytes[s]! << 16) | (len > 1 ? bytes[s + 1]! << 8 : 0) | (len > 2 ? bytes[s + 2]! : 0);
    const lo = len > 3 ? (bytes[s + 3]! << 16) | (len > 4 ? bytes[s + 4]! << 8 : 0) | (len > 5 ? bytes[s + 5]! : 0) : 0;
    const mask = this.hi.length - 1;
    let slot = (Math.imul(hi ^ Math.imul(lo, 0x85ebca6b), 0x9e3779b1) >>> 8) & mask;
    for (;;) {
      const h = this.hi[slot]!;
      if (h === 0) break;
      if (h === hi && this.lo[slot] === lo) return this.ids[slot]!;
      slot = (slot + 1) & mask;
    }
    if (this.texts.length >= MAX_CELL_IDS) return -1;
    this.texts.push(bytes.toString("utf8", s, e));
    const id = this.texts.length - 1;
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.ids[slot] = id;
    if (++this.hashed * 2 > this.hi.length) this.grow();
    return id;
  }

  /** The text of a cell, as written. */
  text(bytes: Buffer, s: number, e: number): string {
    const id = this.id(bytes, s, e);
    return id >= 0 ? this.texts[id]! : bytes.toString("utf8", s, e);
  }

  private grow(): void {
    const { hi, lo, ids } = this;
    const size = hi.length * 2;
    this.hi = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.ids = new Int32Array(size);
    for (let i = 0; i < hi.length; i++) {
      if (hi[i] === 0) continue;
      let slot = (Math.imul(hi[i]! ^ Math.imul(lo[i]!, 0x85ebca6b), 0x9e3779b1) >>> 8) & (size - 1);
      while (this.hi[slot] !== 0) slot = (slot + 1) & (size - 1);
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.ids[slot] = ids[i]!;
    }
  }
}

/** Trimmed text of byte-path cells, with repeated cells decoded once. */
export class CellText {
  private readonly interner = new CellInterner();
  private readonly trimmed: string[] = [];

  text(bytes: Buffer, s: number, e: number): string {
    const id = this.interner.id(bytes, s, e);
    if (id < 0) return bytes.toString("utf8", s, e).trim();
    const t = this.trimmed[id];
    return t !== undefined ? t : (this.trimmed[id] = this.interner.texts[id]!.trim());
  }

  /** The cells of a byte-path record (see RecordSink.bytes). */
  cells(bytes: Buffer, lineStart: number, ends: Int32Array, count: number): string[] {
    const out = new Array<string>(count);
    let s = lineStart;
    for (let k = 0; k < count; k++) {
      out[k] = this.text(bytes, s, ends[k]!);
      s = ends[k]! + 1;
    }
    return out;
  }
}

function withLineOffset(e: InputError, offset: number): InputError {
  if (offset === 0) return e;
  return new InputError(e.diagnostics.map((d): Diagnostic => (d.line > 0 ? { ...d, line: d.line + offset } : d)));
}

/** One reading of one file: bytes in, records out to the sink. */
export interface RecordStreamOptions {
  /**
   * Only the byte path: anything else (a quote, another encoding, a control character) stops the reading
   * and sets `anomalous` — for a file read in parts, whose split is only sure between simple lines.
   */
  strict?: boolean;
  /** A part starting mid-file: no BOM or header here, the delimiter is known, lines count from 1. */
  part?: { delimiter: number };
  /** Read as GB18030 (the second reading of a file found not to be UTF-8; see streamRecords). */
  gb18030?: boolean;
}

/** One reading of one file (or, with `part`, of a part of it): bytes in, records out to the sink. */
export class RecordStream {
  /** Set when the file must be read by the whole-file reader instead (or, strict, not in parts). */
  anomalous = false;
  /** Set with `anomalous` when the only surprise so far is bytes that are not UTF-8 in an "auto" reading. */
  notUtf8 = false;
  /** With notUtf8: the file's bytes before this offset hold the first byte that is not UTF-8. */
  notUtf8Before = 0;
  private sawBom = false;
  /** Bytes pushed so far. */
  private consumed = 0;
  /** The text path took over from the byte path (so its decoder is UTF-8's). */
  private fromBytePath = false;
  /** The first CSV syntax error; reading goes on only to look for problems that take precedence. */
  csvError: InputError | null = null;
  private started = false;
  private head: Buffer | null = null;
  private mode: "bytes" | "text" = "bytes";
  private delimiter: number | null = null;
  private classes: Uint8Array | null = null;
  private flags: Uint8Array | null = null;
  // byte path
  private pendingBytes: Buffer | null = null;
  private carry: Buffer | null = null;
  private pendingCR = false;
  private line = 1;
  private firstRecord = true;
  private ends: Int32Array = new Int32Array(256);
  /** Regions split so far (see RecordSink.lines). */
  private regions = 0;
  private readonly cellText = new CellText();
  // text path
  private decoder: ReturnType<typeof decoderFor> | null = null;
  private parser: CsvParser | null = null;
  private pendingText = "";
  private lineOffset = 0;

  private readonly strict: boolean;

  constructor(
    private readonly file: string,
    private readonly choice: SessionReader["encoding"],
    private readonly sink: RecordSink,
    private readonly chunkSize: number,
    options: RecordStreamOptions = {},
  ) {
    this.strict = options.strict ?? false;
    if (options.gb18030) {
      this.started = true;
      this.mode = "text";
      this.decoder = decoderFor("gb18030");
    }
    if (options.part) {
      this.started = true;
      this.firstRecord = false;
      this.setDelimiter(options.part.delimiter);
    }
  }

  /** The number of the line the next record starts on (so, after the end, one more than the lines read). */
  get nextLine(): number {
    return this.line;
  }

  /** The delimiter in use, once known. */
  get separator(): number | null {
    return this.delimiter;
  }

  push(chunk: Buffer): void {
    if (this.anomalous) return;
    this.consumed += chunk.length;
    if (!this.started) {
      this.head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      if (this.head.length < 8) return;
      chunk = this.start(this.head);
      if (this.anomalous) return;
    }
    if (this.mode === "text") this.pushText(chunk);
    else this.pushBytes(chunk);
  }

  end(): void {
    if (!this.started) {
      const head = this.head ?? Buffer.alloc(0);
      const rest = this.start(head);
      if (this.anomalous) return;
      if (this.mode === "text") this.pushText(rest);
      else this.pushBytes(rest);
    }
    if (this.anomalous) return;
    if (this.mode === "bytes") this.endBytes();
    if (this.anomalous) return;
    if (this.mode === "text") this.endText();
  }

  /** Encoding from the first bytes; returns the bytes after the BOM. */
  private start(head: Buffer): Buffer {
    this.started = true;
    this.head = null;
    if (notTextSignature(head) !== null) { this.anomalous = true; return head; }
    const { encoding, bomLength } = detectEncoding(head, this.choice);
    this.sawBom = bomLength > 0;
    if (encoding !== "utf8") {
      if (this.strict) { this.anomalous = true; return head; }
      this.mode = "text";
      this.decoder = decoderFor(encoding);
    }
    return head.subarray(bomLength);
  }

  // ---- byte path ----

  private pushBytes(chunk: Buffer): void {
    if (this.delimiter === null) {
      const pending = this.pendingBytes ? Buffer.concat([this.pendingBytes, chunk]) : chunk;
      const d = sniffBytes(pending);
      if (d === null) { this.pendingBytes = pending; return; }
      this.pendingBytes = null;
      this.setDelimiter(d);
      chunk = pending;
    }
    if (this.carry) {
      // Finish the line carried over from the last chunk on its own, so the chunk itself is not copied.
      let first = 0;
      while (first < chunk.length && chunk[first] !== 10 && chunk[first] !== 13) first++;
      const joined = Buffer.concat([this.carry, chunk.subarray(0, Math.min(first + 1, chunk.length))]);
      this.carry = null;
      if (first === chunk.length) { this.lines(joined); return; }
      this.lines(joined);
      if (this.anomalous) return;
      chunk = chunk.subarray(first + 1);
      if (this.mode === "text") { this.pushText(chunk); return; }
    }
    this.lines(chunk);
  }

  /** Splits off the whole lines of `buf` and keeps the rest for the next chunk. */
  private lines(buf: Buffer): void {
    let last = buf.length - 1;
    while (last >= 0 && buf[last] !== 10 && buf[last] !== 13) last--;
    if (last < 0) {
      if (buf.length > MAX_CARRY_CHUNKS * this.chunkSize) this.toText(buf, 0);
      else this.carry = buf;
      return;
    }
    const end = last + 1;
    if (!isUtf8(buf.subarray(0, end))) {
      this.anomalous = true;
      // Not UTF-8 before the file's last line (so not a file cut off mid-character): with --encoding auto
      // and no BOM it may be GB18030, which streamRecords reads again as such.
      this.notUtf8 = this.choice === "auto" && !this.sawBom && !this.strict;
      this.notUtf8Before = this.consumed - (buf.length - end);
      return;
    }
    this.region(buf, 0, end);
    if (this.anomalous || this.mode === "text") return;
    if (end < buf.length) this.carry = buf.subarray(end);
  }

  private endBytes(): void {
    if (this.delimiter === null) {
      const pending = this.pendingBytes ?? Buffer.alloc(0);
      this.pendingBytes = null;
      this.setDelimiter(sniffPrefix(new TextDecoder().decode(pending), true)!);
      this.carry = pending.length > 0 ? pending : null;
    }
    const tail = this.carry;
    this.carry = null;
    if (!tail) return;
    if (!isUtf8(tail)) { this.anomalous = true; return; }
    this.region(tail, 0, tail.length);
  }

  private setDelimiter(d: number): void {
    this.delimiter = d;
    this.classes = byteClasses(d);
    this.flags = byteFlags(d);
  }

  /**
   * Splits the lines in [p, end) into records; only the file's last line may lack a line end. The fast
   * splitter handles LF and CRLF lines without quotes or control characters in one branch-light pass;
   * from the first line that is anything else, the careful splitter takes the rest of the region.
   */
  private region(buf: Buffer, p: number, end: number): void {
    const region = ++this.regions;
    let ends: Int32Array = this.ends;
    const flagsOf = this.flags!;
    while (p < end) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (buf[p] === 10) { p++; continue; }
      }
      if (!this.firstRecord && this.sink.lines) {
        const taken = this.sink.lines(buf, p, end, this.line, this.delimiter!, region);
        this.line += taken.lines;
        p = taken.next;
        if (p >= end) return;
      }
      const lineStart = p;
      let count = 0;
      let flags = 0;
      let crs = 0;
      let q = p;
      // ends[count] ends up at each delimiter's position: written for every byte, moved on by a delimiter.
      for (; q < end; q++) {
        const b = buf[q]!;
        if (b === 10) break;
        const f = flagsOf[b]!;
        flags |= f;
        crs += f >> 3;
        ends[count] = q;
        count += f & F_DELIMITER;
      }
      if (count >= ends.length - 1) {
        // More cells than `ends` holds (writes past its end are dropped): make room, read the line again.
        ends = this.growEnds(count + 2);
        p = lineStart;
        continue;
      }
      let lineEnd = q;
      if (crs === 1 && q < end && buf[q - 1] === 13) { lineEnd = q - 1; flags &= ~F_CR; }
      if (q === end || (flags & (F_QUOTE | F_CONTROL | F_CR)) !== 0) { this.carefulRegion(buf, lineStart, end); return; }
      if (lineEnd > lineStart) {
        ends[count] = lineEnd;
        this.emit(buf, lineStart, count + 1);
      }
      this.line++;
      p = q + 1;
    }
  }

  /** Any line ending, quotes (to the text path), control characters (to the whole-file reader). */
  private carefulRegion(buf: Buffer, p: number, end: number): void {
    const classes = this.classes!;
    let ends: Int32Array = this.ends;
    while (p < end) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (buf[p] === 10) { p++; continue; }
      }
      const lineStart = p;
      let count = 0;
      let cls = END;
      while (p < end) {
        cls = classes[buf[p]!]!;
        if (cls === PLAIN) { p++; continue; }
        if (cls !== DELIMITER) break;
        if (count + 1 >= ends.length) ends = this.growEnds(count + 2);
        ends[count++] = p;
        p++;
        cls = END;
      }
      if (cls === QUOTE) { this.toText(buf, lineStart); return; }
      if (cls === CONTROL_BYTE) { this.anomalous = true; return; }
      if (p > lineStart) {
        ends[count] = p;
        this.emit(buf, lineStart, count + 1);
      }
      if (cls === END) return;
      if (cls === CR) this.pendingCR = true;
      p++;
      this.line++;
    }
  }

  private growEnds(min: number): Int32Array {
    let size = this.ends.length;
    while (size < min) size *= 2;
    this.ends = new Int32Array(size);
    return this.ends;
  }

  private emit(buf: Buffer, lineStart: number, count: number): void {
    if (this.firstRecord || !this.sink.bytes) {
      this.firstRecord = false;
      this.sink.record(this.cellText.cells(buf, lineStart, this.ends, count), this.line);
    } else {
      this.sink.bytes(buf, lineStart, this.ends, count, this.line);
    }
  }

  /** From a line start on, the rest of the file goes through the decoder and CsvParser. */
  private toText(buf: Buffer, from: number): void {
    if (this.strict) { this.anomalous = true; return; }
    this.fromBytePath = true;
    this.mode = "text";
    this.carry = null;
    if (this.pendingCR && buf[from] === 10) from++; // the LF of a CRLF split across chunks
    this.pendingCR = false;
    this.decoder = decoderFor("utf8");
    this.lineOffset = this.line - 1;
    if (this.delimiter !== null) this.startParser(this.delimiter);
    this.pushText(buf.subarray(from));
  }

  // ---- text path ----

  private startParser(delimiter: number): void {
    const offset = this.lineOffset;
    this.firstRecord = false;
    this.parser = new CsvParser(this.file, (r) => this.sink.record(r.cells, r.line + offset), delimiter === 9 ? "\t" : ",");
  }

  private pushText(bytes: Uint8Array): void {
    let text: string;
    try { text = this.decoder!.decode(bytes, { stream: true }); } catch {
      this.anomalous = true;
      // Past a quote the UTF-8 check is the decoder's: the same second reading as GB18030 may apply.
      this.notUtf8 = this.fromBytePath && this.choice === "auto" && !this.sawBom && !this.strict;
      this.notUtf8Before = this.consumed;
      return;
    }
    this.text(text, false);
  }

  private endText(): void {
    let text: string;
    try { text = this.decoder!.decode(); } catch { this.anomalous = true; return; }
    this.text(text, true);
    if (this.anomalous || this.csvError) return;
    try { this.parser!.end(); } catch (e) { this.csvFailed(e); }
  }

  private text(text: string, final: boolean): void {
    if (CONTROL.test(text)) { this.anomalous = true; return; }
    if (this.csvError) return;
    if (!this.parser) {
      this.pendingText += text;
      const d = sniffPrefix(this.pendingText, final);
      if (d === null) return;
      this.startParser(d);
      text = this.pendingText;
      this.pendingText = "";
    }
    try { this.parser!.push(text); } catch (e) { this.csvFailed(e); }
  }

  private csvFailed(e: unknown): void {
    if (!(e instanceof InputError)) throw e;
    this.csvError = withLineOffset(e, this.lineOffset);
  }
}

/**
 * Reads [start, limit) of a file chunk by chunk into three buffers in turn, so reading a file of any size
 * allocates three chunks: while one chunk is parsed the next is being read, and the line carried over
 * from the one before may still point into a third. A chunk is only valid until two more have been read.
 */
export function chunkReader(handle: fs.FileHandle, chunkSize: number, start: number, limit: number): () => Promise<Buffer | null> {
  const buffers: Buffer[] = [];
  let turn = 0;
  let position = start;
  return async () => {
    const want = Math.min(chunkSize, limit - position);
    if (want <= 0) return null;
    const buffer = (buffers[turn % 3] ??= Buffer.allocUnsafe(chunkSize));
    turn++;
    const { bytesRead } = await handle.read(buffer, 0, want, position);
    position += bytesRead;
    return bytesRead === 0 ? null : buffer.subarray(0, bytesRead);
  };
}

/**
 * Gives each chunk from `read` to `take` while the next one is already being read. Stops at the end, or
 * when `take` returns false; then the read in flight is awaited, so the handle may be closed at once.
 */
export async function pumpChunks(read: () => Promise<Buffer | null>, take: (data: Buffer) => boolean): Promise<void> {
  let next = read();
  for (;;) {
    const data = await next;
    if (!data) return;
    next = read();
    if (!take(data)) { await next.catch(() => null); return; }
  }
}

/**
 * Reads a file's CSV records into a sink, as `parseCsvText(await reader.text(name), name)` would give
 * them, without holding the file: the same records and line numbers, the same errors in the same
 * precedence. Records the file's hash in `reader.inputs`. `open` makes a fresh sink for each reading:
 * a file handed to the whole-file reader half-way is read again from the start.
 */
export async function streamRecords(reader: SessionReader, name: string, open: () => RecordSink, options: StreamOptions = {}): Promise<void> {
  const file = reader.path(name);
  let handle: fs.FileHandle | undefined;
  let size = 0;
  try {
    const info = await fs.stat(file);
    if (info.isFile()) { handle = await fs.open(file, "r"); size = info.size; }
  } catch { /* the whole-file reader says what is wrong */ }
  if (!handle) return wholeFile(reader, name, open);
  // A small file is read in one piece (a township's ballots), a large one in chunks.
  const chunkSize = options.chunkSize ?? Math.min(DEFAULT_CHUNK, size + 1);
  const hash = createSha256(size);
  const stream = new RecordStream(name, reader.encoding, open(), chunkSize);
  const read = chunkReader(handle, chunkSize, 0, Infinity);
  try {
    await pumpChunks(read, (data) => {
      hash.update(data);
      stream.push(data);
      return !stream.anomalous;
    });
    if (!stream.anomalous) stream.end();
  } catch (e) {
    if (e instanceof InputError || (e as NodeJS.ErrnoException | undefined)?.code === undefined) throw e;
    stream.anomalous = true; // a read error: the whole-file reader reports it
  } finally {
    await handle.close();
  }
  // decodeText calls a file that is UTF-8 but for its last character cut off E_TRUNCATED: only bytes that
  // are not UTF-8 before the last three make it GB18030.
  if (stream.anomalous && stream.notUtf8 && stream.notUtf8Before <= size - 3) return readAsGb18030(reader, name, open, chunkSize, size);
  if (stream.anomalous) return wholeFile(reader, name, open);
  reader.inputs.set(name, hash.digest());
  if (stream.csvError) throw stream.csvError;
}

/**
 * The second reading of a file that is not UTF-8 (with --encoding auto and no BOM): as GB18030, as
 * decodeText would read it, streamed and checked as it goes; anything decodeText would refuse (see
 * Gb18030Guard, and bytes that are not GB18030 either) sends it to the whole-file reader.
 */
async function readAsGb18030(reader: SessionReader, name: string, open: () => RecordSink, chunkSize: number, size: number): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try { handle = await fs.open(reader.path(name), "r"); } catch { return wholeFile(reader, name, open); }
  const hash = createSha256(size);
  const guard = new Gb18030Guard();
  const stream = new RecordStream(name, reader.encoding, open(), chunkSize, { gb18030: true });
  const read = chunkReader(handle, chunkSize, 0, Infinity);
  try {
    await pumpChunks(read, (data) => {
      hash.update(data);
      guard.push(data);
      stream.push(data);
      return !stream.anomalous && !guard.found;
    });
    guard.end();
    if (!stream.anomalous && !guard.found) stream.end();
  } catch (e) {
    if (e instanceof InputError || (e as NodeJS.ErrnoException | undefined)?.code === undefined) throw e;
    stream.anomalous = true;
  } finally {
    await handle.close();
  }
  if (stream.anomalous || guard.found) return wholeFile(reader, name, open);
  reader.inputs.set(name, hash.digest());
  if (stream.csvError) throw stream.csvError;
}

/**
 * What decodeText (io/encoding.ts) checks before it reads a non-UTF-8 file as GB18030, over the bytes as
 * they stream: a NUL byte (not text), or a line that is valid UTF-8 and holds two or more characters of
 * three or four bytes (two encodings pasted together, E_MIXED_ENCODING), scanned exactly as its
 * utf8TextLine scans. When either is found the file goes to the whole-file reader, which says so.
 */
export class Gb18030Guard {
  found = false;
  private wide = 0;
  private valid = true;
  /** Continuation bytes still expected in the current sequence, and whether it is a wide one. */
  private need = 0;
  private wideSequence = false;

  push(bytes: Uint8Array): void {
    if (this.found) return;
    if (bytes.indexOf(0) >= 0) { this.found = true; return; }
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.need > 0) {
        if ((b & 0xc0) === 0x80) {
          if (--this.need === 0 && this.wideSequence) this.wide++;
          continue;
        }
        this.need = 0;
        this.valid = false;
      }
      if (b === 0x0a) {
        if (this.valid && this.wide >= 2) { this.found = true; return; }
        this.wide = 0;
        this.valid = true;
        continue;
      }
      if (!this.valid || b < 0x80) continue;
      const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
      if (need < 0) { this.valid = false; continue; }
      this.need = need;
      this.wideSequence = need >= 2;
    }
  }

  end(): void {
    if (this.need > 0) this.valid = false; // a sequence cut off by the end of the file
    if (this.valid && this.wide >= 2) this.found = true;
  }
}

/** The reference reading: the whole file decoded by SessionReader.text (which throws what it refuses). */
async function wholeFile(reader: SessionReader, name: string, open: () => RecordSink): Promise<void> {
  const text = await reader.text(name);
  const sink = open();
  const parser = new CsvParser(name, (r) => sink.record(r.cells, r.line));
  parser.push(text);
  parser.end();
}

/** Receives a table: its header once, then each row of the header's width. A sink must not throw. */
export interface TableSink {
  header(cells: string[], line: number): void;
  row(cells: string[], line: number): void;
  /** Optional fast path for rows (see RecordSink.bytes); always called with the header's width. */
  rowBytes?(bytes: Buffer, lineStart: number, ends: Int32Array, line: number): void;
  /** Optional fast path for runs of rows (see RecordSink.lines); only lines of the header's width are taken. */
  rowLines?(bytes: Buffer, p: number, end: number, line: number, delimiter: number, region: number): LinesTaken;
}

/**
 * The table layer over a file's records, as toTable does it: the header checked, every row as wide as the
 * header, problems collected (at most 51, as toTable stops), rows passed on only while there are none.
 */
export class TableRecords implements RecordSink {
  readonly diagnostics: Diagnostic[] = [];
  header: string[] | null = null;
  headerLine = 0;
  rows = 0;
  private width = -1;
  private stopped = false;
  readonly bytes?: RecordSink["bytes"];
  readonly lines?: RecordSink["lines"];

  constructor(
    private readonly name: string,
    private readonly sink: TableSink,
  ) {
    if (sink.rowBytes) {
      this.bytes = (bytes, lineStart, ends, count, line) => {
        if (count !== this.width || this.stopped) { this.widthError(count, line); return; }
        this.rows++;
        if (this.diagnostics.length === 0) this.sink.rowBytes!(bytes, lineStart, ends, line);
      };
    }
    if (sink.rowBytes && sink.rowLines) {
      this.lines = (bytes, p, end, line, delimiter, region) => {
        // Once there is a problem, rows are no longer counted: the record path says what else is wrong.
        if (this.diagnostics.length > 0 || this.header === null) return { lines: 0, next: p };
        const taken = this.sink.rowLines!(bytes, p, end, line, delimiter, region);
        this.rows += taken.lines;
        return taken;
      };
    }
  }

  record(cells: string[], line: number): void {
    if (this.header === null) {
      this.header = cells;
      this.headerLine = line;
      this.width = cells.length;
      checkHeader({ line, cells }, this.name, this.diagnostics);
      if (this.diagnostics.length === 0) this.sink.header(cells, line);
      return;
    }
    if (cells.length !== this.width || this.stopped) { this.widthError(cells.length, line); return; }
    this.rows++;
    if (this.diagnostics.length === 0) this.sink.row(cells, line);
  }

  /** A row `count` cells wide on `line` (also for rows a worker read in another part of the file). */
  widthError(count: number, line: number): void {
    if (this.stopped || count === this.width) return;
    this.diagnostics.push(fieldCountError({ line, cells: new Array<string>(count).fill("") }, this.width, this.name));
    if (this.diagnostics.length > 50) this.stopped = true;
  }

  /** After the last record: the table's shape, or the InputError toTable would throw. */
  finish(): { header: string[]; headerLine: number; rows: number } {
    if (this.header === null) toTable([], this.name); // throws the empty-file error
    if (this.diagnostics.length > 0) throw new InputError(this.diagnostics);
    return { header: this.header!, headerLine: this.headerLine, rows: this.rows };
  }
}

/**
 * Streams a CSV file as `reader.table(name)` reads it (header checked, every row as wide as the header),
 * without holding the rows: the sink sees the header and each row as it is read, and the same
 * InputError is thrown at the end if the file has problems — so a sink's result is only used when this
 * returns. Rows are not passed on once a problem is found (the result would be thrown away).
 */
export async function streamTable(reader: SessionReader, name: string, open: () => TableSink, options: StreamOptions = {}): Promise<{ header: string[]; headerLine: number; rows: number }> {
  let table: TableRecords | undefined;
  await streamRecords(reader, name, () => (table = new TableRecords(name, open())), options);
  return table!.finish();
}
