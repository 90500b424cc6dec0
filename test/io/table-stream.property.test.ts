// The streaming ballot reader (byte path, text path, hand-over to the whole-file reader) against two
// references: csv-parse over the decoded file, and the whole-file reader (SessionReader.table). Files are
// random: quotes, embedded line breaks, BOM, CRLF/CR/LF, GB18030, void columns, serials, bad marks,
// padding, empty lines, width errors, broken quoting, and read in random chunk sizes so every boundary
// (a CRLF, a UTF-8 sequence, a quoted cell) falls across two chunks somewhere.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countBallotTable, type RoundCount } from "../../src/core/ballots.js";
import { parseCandidates } from "../../src/core/candidates.js";
import { InputError, type Diagnostic } from "../../src/core/diagnostics.js";
import { parseSession } from "../../src/core/session.js";
import { parseCsvText, toTable, type CsvRecord } from "../../src/io/csv.js";
import { decodeText } from "../../src/io/encoding.js";
import { countBallotFile } from "../../src/io/ballot-stream.js";
import { SessionReader } from "../../src/io/files.js";
import { streamRecords, streamTable } from "../../src/io/table-stream.js";

const IDS = ["P1", "P2", "P3", "P4"];
const MARKS = ["○", "〇", "O", "o", "1", "×", "X", "x", "0", "", "", "", "-", "弃权", "赞成", "反对", "不同意", "同意", "✗", "√", "２", "１", "?", "1,0", "a\"b", "1\n", "好\n的", " 1", "1 ", "\u30001\u3000", "\t0"];
const VOID_CELLS = ["", "", "", "", "破损", " ", "作废了"];

type Style = { eol: "\n" | "\r\n" | "\r"; bom: boolean; encoding: "utf8" | "gb18030"; choice: "auto" | "explicit"; trailingEol: boolean };

/** --encoding as a clerk would give it: auto, or the file's own encoding. */
function choiceOf(style: Style): "auto" | "utf8" | "gb18030" {
  return style.choice === "auto" ? "auto" : style.encoding;
}

function quote(cell: string, eol: string, force: boolean): string {
  const text = cell.replace(/\n/g, eol === "\r" ? "\r" : "\n");
  return force || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const fileArb = fc.record({
  candidates: fc.integer({ min: 1, max: 4 }),
  serial: fc.boolean(),
  voidColumn: fc.boolean(),
  style: fc.record({
    eol: fc.constantFrom("\n" as const, "\r\n" as const, "\r" as const),
    bom: fc.boolean(),
    encoding: fc.constantFrom("utf8" as const, "utf8" as const, "gb18030" as const),
    choice: fc.constantFrom("auto" as const, "auto" as const, "explicit" as const),
    trailingEol: fc.boolean(),
  }),
  rows: fc.array(fc.record({
    serial: fc.oneof(fc.integer({ min: 0, max: 30 }).map(String), fc.constantFrom("007", " 12", "A-1", "")),
    void: fc.constantFrom(...VOID_CELLS),
    marks: fc.array(fc.constantFrom(...MARKS), { minLength: 4, maxLength: 4 }),
    forceQuote: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    blankBefore: fc.constantFrom(0, 0, 0, 1, 2),
    extraCell: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  }), { maxLength: 25 }),
  breakQuote: fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: fc.nat(), weight: 1 }),
  chunkSize: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 300 })),
  rules: fc.record({
    ballot: fc.constantFrom("approve-against-abstain", "approve-only"),
    maxApprovals: fc.constantFrom("formal", "none", 1, 2),
    blankBallot: fc.constantFrom("valid", "void"),
    unreadableMark: fc.constantFrom("void-ballot", "abstain-item"),
  }),
});

type FileCase = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function fileText(f: FileCase): string {
  const ids = IDS.slice(0, f.candidates);
  const header = [...(f.serial ? ["票号"] : []), ...(f.voidColumn ? ["作废"] : []), ...ids];
  const lines = [header.join(",")];
  for (const r of f.rows) {
    for (let k = 0; k < r.blankBefore; k++) lines.push("");
    const cells = [...(f.serial ? [r.serial] : []), ...(f.voidColumn ? [r.void] : []), ...r.marks.slice(0, f.candidates)];
    if (r.extraCell) cells.push("1");
    lines.push(cells.map((c, i) => quote(c, f.style.eol, r.forceQuote[i] ?? false)).join(","));
  }
  let text = lines.join(f.style.eol) + (f.style.trailingEol ? f.style.eol : "");
  if (f.breakQuote !== null && text.length > 0) {
    const at = f.breakQuote % text.length;
    text = text.slice(0, at) + '"' + text.slice(at);
  }
  return text;
}

function fileBytes(text: string, style: Style): Buffer {
  const body = style.encoding === "gb18030" ? iconv.encode(text, "gb18030") : Buffer.from(text, "utf8");
  return style.bom && style.encoding === "utf8" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** csv-parse's records, with the line each starts on, cells trimmed, line breaks inside cells as "\n". */
function csvParseRecords(text: string): CsvRecord[] {
  const parsed = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, ltrim: true, rtrim: true }) as { record: string[]; info: { lines: number } }[];
  return parsed.map(({ record, info }) => {
    const breaks = record.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return { line: info.lines - breaks, cells: record.map((c) => c.replace(/\r\n?/g, "\n").trim()) };
  });
}

type Outcome = { value?: RoundCount; diagnostics: Diagnostic[] } | { thrown: Diagnostic[] } | { syntax: true };

class SyntaxRefused extends Error {}

async function capture(f: () => Promise<{ value?: RoundCount; diagnostics: Diagnostic[] }> | { value?: RoundCount; diagnostics: Diagnostic[] }): Promise<Outcome> {
  try { return await f(); } catch (e) {
    if (e instanceof SyntaxRefused) return { syntax: true };
    if (e instanceof InputError) return e.diagnostics.every((d) => d.code === "E_CSV_SYNTAX") ? { syntax: true } : { thrown: e.diagnostics };
    throw e;
  }
}

function setup(f: { candidates: number; rules?: Record<string, unknown> }) {
  const ids = IDS.slice(0, f.candidates);
  const session = parseSession(JSON.stringify({ title: "t", date: "2026-01-15", deputies: { total: 50, present: 50 }, issued: [50], rules: { formal: 1, order: "as-listed", ...f.rules } })).value!;
  const candidates = parseCandidates({ file: "candidates.csv", header: ["编号", "项目名称"], headerLine: 1, rows: ids.map((id, i) => ({ line: i + 2, cells: [id, `项目${id}`] })) }, "candidates").value!;
  return { rules: session.rules, lines: candidates.lines };
}

let dir: string;
beforeAll(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-stream-")); });
afterAll(async () => { await fs.rm(dir, { recursive: true, force: true }); });

let serial = 0;
async function writeFile(bytes: Uint8Array): Promise<string> {
  const folder = path.join(dir, String(serial++));
  await fs.mkdir(folder);
  await fs.writeFile(path.join(folder, "ballots.csv"), bytes);
  return folder;
}

describe("streaming ballot reader", () => {
  it("counts exactly what csv-parse reads, in any chunk size", async () => {
    await fc.assert(fc.asyncProperty(fileArb, async (f) => {
      const text = fileText(f);
      const bytes = fileBytes(text, f.style);
      const folder = await writeFile(bytes);
      const { rules, lines } = setup(f);
      const ours = await capture(() => countBallotFile(new SessionReader(folder, choiceOf(f.style)), "ballots.csv", lines, rules, 1, 50, undefined, { chunkSize: f.chunkSize, scanFrom: f.rows.length % 2 ? 0 : Infinity }));
      const reference = await capture(() => {
        const { text } = decodeText(bytes, "ballots.csv", choiceOf(f.style));
        let records: CsvRecord[];
        try { records = csvParseRecords(text); } catch { throw new SyntaxRefused(); }
        return countBallotTable(toTable(records, "ballots.csv"), lines, rules, 1, 50);
      });
      expect(ours).toEqual(reference);
    }), { numRuns: 400 });
  });

  it("reads every file exactly as the whole-file reader does, including files it refuses", async () => {
    const pieces = ["1", "0", "○", "×", ",", ",", ",", "\n", "\r\n", "\r", '"', '""', " ", "\t", "弃权", "P1", "P2", "票号", "作废", "\u0000", "\u0007", "\u007f", "\ufeff", "好"];
    const rawPieces = [Buffer.from([0xff]), Buffer.from([0xc4, 0xe3]), Buffer.from([0xe5, 0xa5]), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("%PDF-"), Buffer.from([0xff, 0xfe])];
    const arb = fc.record({
      start: fc.constantFrom("P1,P2\n", "票号,P1,P2\r\n", "P1\tP2\n", "", "作废,P1\n"),
      parts: fc.array(fc.oneof(fc.constantFrom(...pieces).map((s) => Buffer.from(s, "utf8")), fc.constantFrom(...rawPieces)), { maxLength: 60 }),
      choice: fc.constantFrom("auto" as const, "utf8" as const, "gb18030" as const),
      chunkSize: fc.integer({ min: 1, max: 40 }),
    });
    await fc.assert(fc.asyncProperty(arb, async (a) => {
      const bytes = Buffer.concat([Buffer.from(a.start, "utf8"), ...a.parts]);
      const folder = await writeFile(bytes);
      const { lines, rules } = setup({ candidates: 2 });
      // Records
      const streamed: CsvRecord[] = [];
      let streamError: unknown = null;
      try {
        await streamRecords(new SessionReader(folder, a.choice), "ballots.csv", () => { streamed.length = 0; return { record: (cells, line) => { streamed.push({ line, cells }); } }; }, { chunkSize: a.chunkSize });
      } catch (e) { streamError = e; }
      const whole = new SessionReader(folder, a.choice);
      let records: CsvRecord[] = [];
      let wholeError: unknown = null;
      try {
        records = parseCsvText(await whole.text("ballots.csv"), "ballots.csv");
      } catch (e) { wholeError = e; }
      expect(streamError instanceof InputError ? streamError.diagnostics : streamError).toEqual(wholeError instanceof InputError ? wholeError.diagnostics : wholeError);
      if (!wholeError) expect(streamed).toEqual(records);
      // Table and count
      const ours = await capture(() => countBallotFile(new SessionReader(folder, a.choice), "ballots.csv", lines, rules, 1, 50, undefined, { chunkSize: a.chunkSize }));
      const reference = await capture(async () => countBallotTable(await new SessionReader(folder, a.choice).table("ballots.csv"), lines, rules, 1, 50));
      expect(ours).toEqual(reference);
    }), { numRuns: 500 });
  });

  it("counts a file in two parts at once (the second by a worker) exactly as in one pass", async () => {
    const workerUrl = new URL("../../dist/io/ballot-worker.js", import.meta.url);
    await fs.access(workerUrl); // built by `npm test` (pretest)
    let parts = 0;
    // Mostly files without a cell that needs quotes (only those are counted in parts), some with.
    const plain = (f: FileCase): FileCase => ({
      ...f, breakQuote: null,
      rows: f.rows.map((r) => ({ ...r, marks: r.marks.map((m) => (/[",\r\n]/.test(m) ? "1" : m)), forceQuote: r.forceQuote.map(() => false) })),
    });
    const arb = fc.oneof({ arbitrary: fileArb.map(plain), weight: 4 }, { arbitrary: fileArb, weight: 1 });
    await fc.assert(fc.asyncProperty(arb, async (f) => {
      const bytes = fileBytes(fileText(f), f.style);
      const folder = await writeFile(bytes);
      const { rules, lines } = setup(f);
      const reader = () => new SessionReader(folder, choiceOf(f.style));
      const whole = await capture(() => countBallotFile(reader(), "ballots.csv", lines, rules, 1, 50, undefined, { chunkSize: f.chunkSize, partsFrom: Infinity }));
      let used = false;
      const halves = await capture(() => countBallotFile(reader(), "ballots.csv", lines, rules, 1, 50, undefined, { chunkSize: f.chunkSize, partsFrom: 0, workerUrl, onParts: (p) => { used = p; } }));
      if (used) parts++;
      expect(halves).toEqual(whole);
    }), { numRuns: 200 });
    // Most random files have quotes somewhere and are counted in one pass; enough are not.
    expect(parts).toBeGreaterThan(20);
  });

  // The WebAssembly scanner (ballot-scan.ts) counts the plain lines; every other line goes the record path.
  // With it and without it, every file must count the same, notes and serials included.
  it("counts the same with the WebAssembly scanner as without it, in one pass and in two parts", async () => {
    const workerUrl = new URL("../../dist/io/ballot-worker.js", import.meta.url);
    let scannedFiles = 0;
    const plainMarks = ["○", "×", "1", "0", "", "", "弃权", "赞成", "√", "?", " 1", "X", "同意", "不同意", "２"];
    const arb = fc.record({
      file: fileArb,
      // Rows of short marks, so many lines are plain enough for the scanner.
      marks: fc.array(fc.array(fc.constantFrom(...plainMarks), { minLength: 4, maxLength: 4 }), { maxLength: 25 }),
      plain: fc.boolean(),
      parts: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(arb, async ({ file, marks, plain, parts }) => {
      const f: FileCase = plain
        ? {
          ...file, breakQuote: null,
          style: { ...file.style, eol: file.style.eol === "\r" ? "\n" : file.style.eol, encoding: "utf8" },
          rows: file.rows.map((r, i) => ({
            ...r, marks: marks[i] ?? r.marks.map(() => "1"), forceQuote: r.forceQuote.map(() => false),
            serial: /^(0|[1-9]\d*)$/.test(r.serial) || i % 3 ? String(i) : r.serial, extraCell: r.extraCell && i % 2 === 0,
          })),
        }
        : file;
      const folder = await writeFile(fileBytes(fileText(f), f.style));
      const { rules, lines } = setup({ candidates: f.candidates, rules: f.rules });
      const reader = () => new SessionReader(folder, choiceOf(f.style));
      const options = { chunkSize: f.chunkSize, partsFrom: parts ? 0 : Infinity, workerUrl };
      const without = await capture(() => countBallotFile(reader(), "ballots.csv", lines, rules, 1, 50, undefined, { ...options, scanFrom: Infinity }));
      let scanned = 0;
      const withScanner = await capture(() => countBallotFile(reader(), "ballots.csv", lines, rules, 1, 50, undefined, { ...options, scanFrom: 0, onScanned: (n) => { scanned = n; } }));
      if (scanned > 0) scannedFiles++;
      expect(withScanner).toEqual(without);
    }), { numRuns: 400 });
    // Tiny chunks and odd lines leave many random files to the record path; enough are scanned.
    expect(scannedFiles).toBeGreaterThan(40);
  });

  it("leaves every unusual line to the record path, and counts the plain ones around it", async () => {
    const { rules, lines } = setup({ candidates: 3, rules: { maxApprovals: 2, blankBallot: "void" } });
    const countable = [
      "{n},,√,○,×", // unreadable
      "{n},破损,○,×,×", // void column marked
      "{n},,,,", // blank, and blank ballots are void
      "{n},,○,○,○", // over-approval
      "{n},,赞成票数,○,×", // a cell longer than the scanner's keys
      "007,,○,×,×", // a serial that is not canonical decimal
      "5,,○,×,×", // a repeated serial
      "", // an empty line
      "{n},, ○ ,\t×,×", // padding
      "{n},,○,×,×\r", // a CR before the LF is plain
    ];
    const refused = [
      "{n},,○,×", // too few cells
      "{n},,○,×,×,1", // too many
      "{n},,○,\u0007,×", // a control character: the whole-file reader
    ];
    const file = (unusual: string[]) => {
      const rows = ["票号,作废,P1,P2,P3"];
      for (let n = 1; n <= 3000; n++) rows.push((n % 97 === 0 ? unusual[(n / 97) % unusual.length]! : "{n},,○,×,弃权").replace("{n}", String(n)));
      return Buffer.from(rows.join("\n") + "\n");
    };
    for (const [bytes, counted] of [[file(countable), true], [file([...countable, ...refused]), false]] as const) {
      const folder = await writeFile(bytes);
      for (const chunkSize of [7, 1000, 1 << 20]) {
        const without = await capture(() => countBallotFile(new SessionReader(folder), "ballots.csv", lines, rules, 1, 3000, undefined, { chunkSize, scanFrom: Infinity }));
        let scanned = 0;
        const withScanner = await capture(() => countBallotFile(new SessionReader(folder), "ballots.csv", lines, rules, 1, 3000, undefined, { chunkSize, onScanned: (n) => { scanned = n; } }));
        expect(withScanner).toEqual(without);
        if (counted) {
          expect(scanned).toBeGreaterThan(2500);
          expect("value" in without ? without.value?.valid : 0).toBeGreaterThan(2500);
          expect("diagnostics" in without ? without.diagnostics.map((d) => d.code) : []).toContain("E_DUPLICATE_SERIAL");
        } else {
          expect("thrown" in without).toBe(true);
        }
      }
    }
  });

  it("scans tab-separated files too, and finds the tab after a header longer than the first 4 KB", async () => {
    // 150 candidates named in full in the header: about 15 KB before the first line break, and no comma.
    const names = Array.from({ length: 150 }, (_, i) => `第${i + 1}号民生实事项目${"道路硬化与路灯安装".repeat(3)}`);
    const { rules } = setup({ candidates: 1 });
    const lines = parseCandidates({ file: "candidates.csv", header: ["编号", "项目名称"], headerLine: 1, rows: names.map((name, i) => ({ line: i + 2, cells: [`X${i + 1}`, name] })) }, "candidates").value!.lines;
    const rows = [["票号", ...names].join("\t")];
    for (let n = 1; n <= 2000; n++) rows.push([String(n), ...names.map((_, i) => (i === n % 150 ? "○" : i === 7 && n % 50 === 0 ? "√" : ""))].join("\t"));
    const folder = await writeFile(Buffer.from(rows.join("\r\n") + "\r\n"));
    const without = await capture(() => countBallotFile(new SessionReader(folder), "ballots.csv", lines, rules, 1, 2000, undefined, { scanFrom: Infinity }));
    let scanned = 0;
    const withScanner = await capture(() => countBallotFile(new SessionReader(folder), "ballots.csv", lines, rules, 1, 2000, undefined, { scanFrom: 0, onScanned: (n) => { scanned = n; } }));
    expect(withScanner).toEqual(without);
    expect(scanned).toBeGreaterThan(1900);
    expect("value" in without && without.value?.valid).toBe(2000 - 40);
  });

  it("records the file's hash as the whole-file reader does", async () => {
    const folder = await writeFile(Buffer.from("P1,P2\n1,0\n", "utf8"));
    const streamed = new SessionReader(folder);
    await streamTable(streamed, "ballots.csv", () => ({ header() {}, row() {} }), { chunkSize: 3 });
    const whole = new SessionReader(folder);
    await whole.table("ballots.csv");
    expect([...streamed.inputs]).toEqual([...whole.inputs]);
  });

  it("keeps a million serials without a string each, and still finds a repeated one", async () => {
    const rows = ["票号,P1"];
    for (let i = 1; i <= 20000; i++) rows.push(`${i},1`);
    rows.push("777,0", "0777,1");
    const folder = await writeFile(Buffer.from(rows.join("\n")));
    const r = await countBallotFile(new SessionReader(folder), "ballots.csv", setup({ candidates: 1 }).lines, setup({ candidates: 1 }).rules, 1, 30000);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([["E_DUPLICATE_SERIAL", 20002, "票号“777”与第 778 行重复"]]);
  });
});
