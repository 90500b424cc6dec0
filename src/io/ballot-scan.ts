// Counting the plain lines of a large ballots file in WebAssembly (ballot-scan.wat): a million ballots
// are mostly lines of short marks that are simply valid, and the module splits and adds those up several
// times faster than JavaScript can. Every other line is handed back to the record path (ballotRows), which
// counts it as it always did; serials are passed to the tally in line order, so notes, duplicate serials
// and counts all come out exactly as without the module (test/io/table-stream.property.test.ts).
import type { RoundTally } from "../core/ballots.js";
import { BALLOT_SCAN_WASM } from "./ballot-scan-wasm.js";

const CODES = 65536;
const ROLES = 73984;
const LINE_INDEX = 74240;
const COUNTS = 74752;
const SERIALS = 81920;
const INPUT = 393216;
/** The module reads 16 bytes at a time and up to 8 from a cell's start: room past the input's end. */
const PADDING = 32;
const MAX_COLUMNS = 256;
const ROLE = { serial: 1, void: 2, line: 3 } as const;
const STATUS = { end: 0, declined: 1, miss: 2, full: 3 } as const;
const PAGE = 65536;

// The little of the WebAssembly API used here (the TypeScript setup has no DOM library to declare it).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmGlobal { readonly value: number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface ScanExports {
  memory: WasmMemory;
  setup(width: number, delimiter: number, maxApprovals: number, blankVoid: number): void;
  learn(code: number): void;
  scan(p: number, end: number): number;
  rows: WasmGlobal;
  status: WasmGlobal;
  missStart: WasmGlobal;
  missEnd: WasmGlobal;
}

let compiled: object | null | undefined;

function scanModule(): object | null {
  if (compiled === undefined) {
    try {
      if (!wasmApi) throw new Error("no WebAssembly");
      compiled = new wasmApi.Module(Uint8Array.from(atob(BALLOT_SCAN_WASM), (c) => c.charCodeAt(0)));
    } catch {
      compiled = null; // a runtime without WebAssembly SIMD: the record path counts every line
    }
  }
  return compiled;
}

/** How a scanner learns the code of a cell it has not seen (ballotRows's lookup, on the caller's bytes). */
export type CellCode = (bytes: Buffer, start: number, end: number) => number;

export class BallotScanner {
  private readonly wasm: ScanExports;
  private bytes: Uint8Array;
  private readonly lineCount: number;
  /** The region (see RecordSink.lines) whose bytes [copiedFrom, copiedTo) are at INPUT now. */
  private copiedRegion = -1;
  private copiedFrom = 0;
  private copiedTo = 0;
  private delimiter = -1;
  /** Where the last `take` stopped, in the caller's buffer. */
  next = 0;

  /** A scanner for `tally`'s layout, or null when the module cannot count it (or cannot run here). */
  static create(tally: RoundTally, width: number): BallotScanner | null {
    const module = scanModule();
    if (!module || width > MAX_COLUMNS || tally.layout.lines.length > MAX_COLUMNS) return null;
    return new BallotScanner(new wasmApi!.Instance(module).exports as ScanExports, tally, width);
  }

  private constructor(wasm: ScanExports, private readonly tally: RoundTally, private readonly width: number) {
    this.wasm = wasm;
    this.bytes = new Uint8Array(wasm.memory.buffer);
    new BigInt64Array(wasm.memory.buffer, 0, CODES / 8).fill(-1n);
    const { layout } = tally;
    if (layout.serialColumn !== null) this.bytes[ROLES + layout.serialColumn] = ROLE.serial;
    if (layout.voidColumn !== null) this.bytes[ROLES + layout.voidColumn] = ROLE.void;
    layout.lineColumns.forEach((column, index) => {
      this.bytes[ROLES + column] = ROLE.line;
      this.bytes[LINE_INDEX + column] = index;
    });
    this.lineCount = layout.lines.length;
  }

  /**
   * Counts the lines of buf from p (a line start) on, up to end, until one it leaves to the caller; returns
   * how many lines it counted, and `next` is where it stopped. `line` is the number of the line at p; calls
   * with the same `region` are on the same bytes.
   */
  take(buf: Buffer, p: number, end: number, line: number, delimiter: number, region: number, code: CellCode): number {
    if (delimiter !== this.delimiter) {
      this.delimiter = delimiter;
      const { maxApprovals, blankVoid } = this.tally.bulkRules();
      this.wasm.setup(this.width, delimiter, Math.min(maxApprovals, 0x7fffffff), blankVoid ? 1 : 0);
    }
    if (this.copiedRegion !== region || p < this.copiedFrom || end > this.copiedTo) this.copy(buf, p, end, region);
    const shift = INPUT - this.copiedFrom;
    const wasm = this.wasm;
    let at = p + shift;
    let taken = 0;
    for (;;) {
      at = wasm.scan(at, end + shift);
      const rows = wasm.rows.value;
      if (rows > 0) this.flush(rows, line + taken);
      taken += rows;
      const status = wasm.status.value;
      if (status === STATUS.miss) {
        const s = wasm.missStart.value, e = wasm.missEnd.value;
        wasm.learn(code(buf, s - shift, e - shift));
        continue;
      }
      if (status === STATUS.full) continue;
      break;
    }
    this.next = at - shift;
    return taken;
  }

  private copy(buf: Buffer, p: number, end: number, region: number): void {
    const need = INPUT + (end - p) + PADDING;
    if (need > this.wasm.memory.buffer.byteLength) {
      this.wasm.memory.grow(Math.ceil((need - this.wasm.memory.buffer.byteLength) / PAGE));
      this.bytes = new Uint8Array(this.wasm.memory.buffer);
    }
    this.bytes.set(buf.subarray(p, end), INPUT);
    this.copiedRegion = region;
    this.copiedFrom = p;
    this.copiedTo = end;
  }

  /** Hands `rows` ballots the module counted (lines line, line + 1, …) to the tally, and starts afresh. */
  private flush(rows: number, line: number): void {
    const buffer = this.wasm.memory.buffer;
    const serials = new Int32Array(buffer, SERIALS, rows);
    if (this.tally.layout.serialColumn !== null) {
      for (let k = 0; k < rows; k++) if (serials[k]! >= 0) this.tally.addSerialInteger(serials[k]!, line + k);
    }
    const counts = new Int32Array(buffer, COUNTS, this.lineCount * 4);
    this.tally.addValidBallots(rows, counts);
    counts.fill(0);
  }
}
