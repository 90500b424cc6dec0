// The table-reading layer: csv-parse over the decoded text, whole (SessionReader.table) and streamed
// (SessionReader.streamRecords, in any chunk size), must give the same records, lines, errors and hash;
// syntax errors are placed at the character; formatCsv writes what SPEC §10 asks for.
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, type Diagnostic } from "../../src/core/diagnostics.js";
import { parse } from "csv-parse/sync";
import { csvOptions, formatCsv, parseCsvText, readPlainLines, type CsvRecord } from "../../src/io/csv.js";
import { SessionReader } from "../../src/io/files.js";
import { renderDiagnostic } from "../../src/messages/render.js";
import { sha256 } from "../helpers.js";

let dir: string;
beforeAll(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaojue-csv-")); });
afterAll(async () => { await fs.rm(dir, { recursive: true, force: true }); });

type Reading = { records: CsvRecord[]; emptyLines: number[] } | { thrown: Diagnostic[] };

async function read(bytes: Uint8Array, encoding: "auto" | "gb18030", how: "whole" | number): Promise<Reading & { hash?: string }> {
  await fs.writeFile(path.join(dir, "t.csv"), bytes);
  const reader = new SessionReader(dir, encoding);
  let emptyLines: number[] = [];
  try {
    if (how === "whole") return { records: parseCsvText(await reader.text("t.csv"), "t.csv", (l) => emptyLines.push(l)), emptyLines, hash: reader.inputs.get("t.csv") };
    let records: CsvRecord[] = [];
    await reader.streamRecords("t.csv", () => {
      records = []; emptyLines = [];
      return { record: (cells, line) => { records.push({ line, cells }); }, emptyLine: (line) => { emptyLines.push(line); } };
    }, how);
    return { records, emptyLines, hash: reader.inputs.get("t.csv") };
  } catch (e) {
    if (e instanceof InputError) return { thrown: e.diagnostics };
    throw e;
  }
}

const CELLS = ["○", "×", "", "赞成", " 1 ", "a,b", 'say "hi"', "两\n行", "\t0", "\u30001", "x\r\ny", "=1+1"];

const fileArb = fc.record({
  rows: fc.array(fc.array(fc.constantFrom(...CELLS), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
  eol: fc.constantFrom("\n", "\r\n", "\r"),
  delimiter: fc.constantFrom(",", ",", "\t"),
  bom: fc.boolean(),
  gb18030: fc.boolean(),
  blankLines: fc.array(fc.nat({ max: 12 }), { maxLength: 3 }),
  spaceQuote: fc.boolean(),
  damage: fc.constantFrom(null, null, null, "open-quote", "bell"),
  chunk: fc.integer({ min: 1, max: 40 }),
});

type FileSpec = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function fileBytes(f: fc.RecordValue<FileSpec, keyof FileSpec>): Uint8Array {
  const quote = (c: string) => (/[",\r\n\t]/.test(c) || c !== c.trim() ? `${f.spaceQuote ? " " : ""}"${c.replace(/"/g, '""')}"` : c);
  const lines = f.rows.map((r) => r.map(quote).join(f.delimiter));
  for (const k of f.blankLines) lines.splice(Math.min(k, lines.length), 0, "");
  if (f.damage === "open-quote") lines.push('x,"never closed');
  if (f.damage === "bell") lines.push("a\u0007b");
  const text = lines.join(f.eol) + f.eol;
  return f.gb18030 ? iconv.encode(text, "gb18030") : Buffer.from((f.bom ? "\ufeff" : "") + text, "utf8");
}

describe("reading CSV", () => {
  it("streams every file, in any chunk size, exactly as the whole-file reader reads it", async () => {
    await fc.assert(fc.asyncProperty(fileArb, async (f) => {
      const bytes = fileBytes(f);
      const encoding = f.gb18030 ? "gb18030" : "auto";
      const whole = await read(bytes, encoding, "whole");
      const streamed = await read(bytes, encoding, f.chunk);
      expect(streamed).toEqual(whole);
      if ("records" in whole) expect(whole.hash).toBe(sha256(bytes));
    }), { numRuns: 150 });
  });

  it("tells of every empty line it skips, not the end the last line break makes nor one inside quotes, whole or streamed", async () => {
    const cases: [string, number[]][] = [
      ["A\n○\n\n\n", [3, 4]], ["A\n○\n", []], ["A\n○", []], ["\nA\n○\n", [1]], ["A\r\n○\r\n\r\n", [3]], ["A\r○\r\r", [3]],
      ['A\n"○"\n\n○\n\n', [3, 5]], ['A\n"x\n\ny"\n\n', [5]], ['"A"\n\n\n', [2, 3]],
    ];
    for (const [text, emptyLines] of cases) {
      for (const how of ["whole", 1, 4, 1 << 16] as const) expect(await read(Buffer.from(text), "auto", how), `${JSON.stringify(text)} ${how}`).toMatchObject({ emptyLines });
      expect(await read(iconv.encode(text, "gb18030"), "auto", 4), `${JSON.stringify(text)} GB18030`).toMatchObject({ emptyLines });
    }
  });

  it("reads GB18030 without --encoding too (the whole-file reader decides it is not UTF-8)", async () => {
    const bytes = iconv.encode("P1,P2\n○,赞成\n", "gb18030");
    expect(await read(bytes, "auto", 3)).toMatchObject({ records: [{ line: 1, cells: ["P1", "P2"] }, { line: 2, cells: ["○", "赞成"] }] });
  });

  it("refuses, under a forced GB18030, a UTF-8 line far past the first megabyte of a GBK file", async () => {
    const gbk = iconv.encode("P1,P2\n" + "○,赞成\n".repeat(150_000), "gb18030");
    const bytes = Buffer.concat([gbk, Buffer.from("○,赞成\n", "utf8")]);
    expect(bytes.length).toBeGreaterThan(1 << 20);
    expect(await read(bytes, "gb18030", 64 << 10)).toMatchObject({ thrown: [{ code: "E_ENCODING_CONTRADICTED", at: { line: 150_002, column: 1 } }] });
  });

  it("reads UTF-8 as UTF-8 whatever letters it holds (Greek χ beside ×, pinyin with tones), whole or streamed", async () => {
    for (const text of ["A,B\nO,×\n×,χ\n", "id,name\nA,Dàolù gǎizào\n"]) {
      for (const how of ["whole", 4] as const) expect(await read(Buffer.from(text), "auto", how)).toMatchObject({ records: parseCsvText(text, "t.csv") });
    }
  });

  it("refuses as mixed a UTF-8 row of only × marks among GBK rows (read as GBK, × would be 脳)", async () => {
    const bytes = Buffer.concat([iconv.encode("票号,作废,A,B,C\n001,,○,×,×\n", "gbk"), Buffer.from("002,,×,×,×\n")]);
    expect(await read(bytes, "auto", "whole")).toMatchObject({ thrown: [{ code: "E_MIXED_ENCODING", params: { utf8Line: 3 } }] });
  });

  it("says a GBK file cut off in its last character is truncated, as a UTF-8 one is, under auto and a forced GB18030", async () => {
    const gbk = iconv.encode("编号,项目名称\nA1,道路改造\nA2,饮水工程", "gbk");
    for (const encoding of ["auto", "gb18030"] as const) {
      const r = await read(gbk.subarray(0, gbk.length - 1), encoding, "whole");
      expect(r, encoding).toMatchObject({ thrown: [{ code: "E_TRUNCATED", at: { line: 3, column: 7 } }] });
    }
    // The first two bytes of a four-byte GB18030 character (𠀀 is 95 32 82 36).
    const four = Buffer.concat([iconv.encode("编号,项目名称\nA1,", "gb18030"), Buffer.from([0x95, 0x32])]);
    expect(await read(four, "auto", "whole")).toMatchObject({ thrown: [{ code: "E_TRUNCATED", at: { line: 2, column: 4 } }] });
    // A bad byte before the end is no cut: still said as not GB18030.
    const bad = Buffer.concat([iconv.encode("编号,项目名称\nA1,", "gbk"), Buffer.from([0xff, 0x41]), iconv.encode("道", "gbk").subarray(0, 1)]);
    expect(await read(bad, "auto", "whole")).toMatchObject({ thrown: [{ code: "E_ENCODING" }] });
  });

  it("says a GBK line in a file with a UTF-8 BOM is mixed, without advising --encoding, which a BOM overrides", async () => {
    const bytes = Buffer.concat([Buffer.from("\ufeff编号,项目名称\nA1,道路改造\n"), iconv.encode("A2,饮水工程\n", "gbk")]);
    for (const encoding of ["auto", "gb18030"] as const) {
      const r = await read(bytes, encoding, "whole");
      expect(r, encoding).toMatchObject({ thrown: [{ code: "E_MIXED_ENCODING", at: { line: 3, column: 4 }, params: { utf8Line: 1, badLine: 3, bom: 1 } }] });
      const { hint } = renderDiagnostic((r as { thrown: Diagnostic[] }).thrown[0]!);
      expect(hint).toContain("BOM");
      expect(hint).not.toMatch(/用 --encoding/);
    }
    // No UTF-8 Chinese line to name: still not sent to --encoding.
    const ascii = Buffer.concat([Buffer.from("\ufeffid,name\nA1,x\n"), iconv.encode("A2,饮水工程\n", "gbk")]);
    const r = await read(ascii, "auto", "whole");
    expect(r).toMatchObject({ thrown: [{ code: "E_ENCODING", params: { encoding: "utf8", bom: 1 } }] });
    expect(renderDiagnostic((r as { thrown: Diagnostic[] }).thrown[0]!).hint).not.toContain("用 --encoding");
  });

  it("says a file with NUL at every other byte looks like UTF-16 without its BOM, and how to save it as UTF-8", async () => {
    // The second: Chinese whose characters have NUL bytes of their own (一 is U+4E00), on both sides.
    for (const [encoding, side, text] of [["utf16le", "le", "票号\tP1\tP2\r\n1\t○\t×\r\n"], ["utf16be", "be", "票号\tP1\tP2\r\n1\t○\t×\r\n"],
      ["utf16le", "le", "编号,项目名称\n1,一二\n2,乙\n"], ["utf16be", "be", "编号,项目名称\n1,一二\n2,乙\n"]] as const) {
      const bytes = encoding === "utf16le" ? Buffer.from(text, "utf16le") : Buffer.from(text, "utf16le").swap16();
      const r = await read(bytes, "auto", "whole");
      expect(r, side).toMatchObject({ thrown: [{ code: "E_NOT_TEXT", params: { utf16: side } }] });
      const said = renderDiagnostic((r as { thrown: Diagnostic[] }).thrown[0]!);
      expect(said.message).toContain("像是没有 BOM 标记的 UTF-16");
      expect(said.hint).toContain("编码选“UTF-8”");
    }
    // NUL at both even and odd bytes: binary, said as before.
    const binary = await read(Buffer.from([0x41, 0x00, 0x00, 0x42, 0x0a]), "auto", "whole");
    expect(binary).toMatchObject({ thrown: [{ code: "E_NOT_TEXT", params: {} }] });
    expect(renderDiagnostic((binary as { thrown: Diagnostic[] }).thrown[0]!).message).toBe("文件含有空字符（NUL），不是文本文件");
  });

  it("reads a GBK line whose bytes happen to form UTF-8 (岱村北路) as GBK, under auto and a forced GB18030", async () => {
    // E1 B7 B4 E5 B1 B1 C2 B7 is valid UTF-8, but not Chinese text: a combining mark, 山 and ·.
    const bytes = iconv.encode("编号,项目名称\nB,岱村北路\nC,饮水工程\n", "gbk");
    for (const encoding of ["auto", "gb18030"] as const) {
      expect(await read(bytes, encoding, "whole")).toMatchObject({ records: [{ cells: ["编号", "项目名称"] }, { cells: ["B", "岱村北路"] }, { cells: ["C", "饮水工程"] }] });
    }
  });

  it("numbers records by the line they start on, skipping empty lines, and trims cells", async () => {
    const r = await read(Buffer.from('a,b\r\n\r\n" x ","1\r\n2"\r\n\r\n3 , 4\r\n'), "auto", 5);
    expect(r).toMatchObject({ records: [{ line: 1, cells: ["a", "b"] }, { line: 3, cells: ["x", "1\n2"] }, { line: 6, cells: ["3", "4"] }] });
  });

  it("allows white space around quoted cells, as spreadsheets sometimes write them", () => {
    expect(parseCsvText('a,b\n "x" ,\t"y, z"\n\n1,2\n', "t.csv")).toEqual([{ line: 1, cells: ["a", "b"] }, { line: 2, cells: ["x", "y, z"] }, { line: 4, cells: ["1", "2"] }]);
  });

  it("reads a tab-separated header as a tab-separated file, and keeps a comma file's tabs in its cells", () => {
    expect(parseCsvText("P1\tP2\n○\t×\n", "t.csv")).toEqual([{ line: 1, cells: ["P1", "P2"] }, { line: 2, cells: ["○", "×"] }]);
    expect(parseCsvText("P1,P2\na\tb,c\n", "t.csv")[1]!.cells).toEqual(["a\tb", "c"]);
  });

  it("places each CSV syntax error at its character", () => {
    const place = (text: string) => {
      try { parseCsvText(text, "t.csv"); } catch (e) { return (e as InputError).diagnostics.map((d) => `${d.code} ${d.at.line}:${d.at.column} ${renderDiagnostic(d).message}`); }
      return [];
    };
    expect(place('a,b\n1,x"y\n')).toEqual(["E_CSV_SYNTAX 2:4 未加引号的单元格中间出现了双引号"]);
    expect(place('a,b\n"1\n2"z,3\n')).toEqual(["E_CSV_SYNTAX 3:3 引号结束后紧跟了其他字符"]);
    expect(place('a,b\n1,2\n\n3, "4\n5\n')).toEqual(["E_CSV_SYNTAX 4:4 引号没有结束：文件在引号内结束"]);
    // A character beyond the BMP is one column, as an editor counts it (𪚥 is two UTF-16 units).
    expect(place('a,b,c\n1,𪚥"x,2\n')).toEqual(["E_CSV_SYNTAX 2:4 未加引号的单元格中间出现了双引号"]);
    expect(place('a,b,c\n1,"𪚥𪚥"x,2\n')).toEqual(["E_CSV_SYNTAX 2:7 引号结束后紧跟了其他字符"]);
  });

  it("places a byte that is no UTF-8 at its character, one column for a character beyond the BMP", async () => {
    for (const [bytes, code] of [
      [Buffer.concat([Buffer.from("\ufeff编号,项目名称\nA1,𪚥𪚥"), Buffer.from([0xff]), Buffer.from("x\nA2,道路\n")]), "E_MIXED_ENCODING"],
      [Buffer.concat([Buffer.from("\ufeff编号,项目名称\nA1,𪚥𪚥"), Buffer.from([0xe9, 0x81])]), "E_TRUNCATED"],
    ] as const) expect(await read(bytes, "auto", "whole"), code).toMatchObject({ thrown: [{ code, at: { line: 2, column: 6 } }] });
  });

  it("refuses a control character as not text, wherever the stream meets it", async () => {
    const bytes = Buffer.from("a,b\n" + "1,2\n".repeat(50) + "3,\u00014\n");
    expect(await read(bytes, "auto", 16)).toMatchObject({ thrown: [{ code: "E_NOT_TEXT", at: { line: 52, column: 3 } }] });
  });
});

/** Records (or csv-parse's error code, after the records before it) of "\n"-ended text read by csv-parse alone. */
function csvParseAlone(text: string): { records: CsvRecord[]; error?: string } {
  const records: CsvRecord[] = [];
  try {
    parse(text, csvOptions(",", (r) => { records.push(r); }));
  } catch (e) {
    return { records, error: (e as { code: string }).code };
  }
  return { records };
}

/** The same text read as streamRecords reads it: the fast path over `chunk`-sized pieces, csv-parse after it. */
async function viaFastPath(text: string, chunk: number): Promise<ReturnType<typeof csvParseAlone> & { taken: number }> {
  const records: CsvRecord[] = [];
  let linesBefore = 0;
  let rest = "";
  async function* pieces() { for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk); }
  const record = (cells: string[], line: number) => { records.push({ line, cells }); };
  for await (const t of readPlainLines(pieces(), ",", record, (n) => { linesBefore = n; })) rest += t;
  const taken = records.length;
  const after = csvParseAlone(rest);
  records.push(...after.records.map((r) => ({ line: linesBefore + r.line, cells: r.cells })));
  return { records, taken, ...(after.error ? { error: after.error } : {}) };
}

describe("the fast path for large files (readPlainLines)", () => {
  // Pieces of CSV text: plain cells, quoted cells (quotes doubled inside), a stray quote, separators, line ends.
  const pieceArb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("a", "○", " 1 ", "赞成", "\u3000x", "\t", "") },
    { weight: 4, arbitrary: fc.constantFrom(",", ",", "\n", "\n\n") },
    { weight: 1, arbitrary: fc.constantFrom('"q"', '"a,b"', '"两\n行"', '"say ""hi"""', ' "x" ', '"', 'x"y') },
  );

  it("gives the records, lines and errors csv-parse alone gives, with chunk boundaries anywhere", async () => {
    let taken = 0;
    const chunkArb = fc.integer({ min: 1, max: 30 });
    await fc.assert(fc.asyncProperty(fc.array(pieceArb, { maxLength: 60 }), chunkArb, async (pieces, chunk) => {
      const text = pieces.join("");
      const fast = await viaFastPath(text, chunk);
      taken += fast.taken;
      expect({ records: fast.records, ...(fast.error ? { error: fast.error } : {}) }).toEqual(csvParseAlone(text));
    }), { numRuns: 400 });
    expect(taken).toBeGreaterThan(100); // the fast path itself read many of the lines
  });

  it("streams a file (BOM, CR, LF or CRLF, last line ended or not) as csv-parse reads it whole", async () => {
    const textArb = fc.array(fc.oneof(pieceArb, fc.constantFrom("\n", "\r\n", "\r")), { maxLength: 60 });
    const chunkArb = fc.integer({ min: 1, max: 40 });
    await fc.assert(fc.asyncProperty(textArb, fc.boolean(), chunkArb, async (pieces, bom, chunk) => {
      const bytes = Buffer.from((bom ? "\ufeff" : "") + pieces.join(""), "utf8");
      expect(await read(bytes, "auto", chunk)).toEqual(await read(bytes, "auto", "whole"));
    }), { numRuns: 150 });
  });

  it("hands csv-parse a line that could reach its record limit (16 MB), long or too long", async () => {
    // 5.6 million characters: 5.6 MB as x (read), 16.8 MB as 两 (refused).
    for (const long of ["x".repeat(5_600_000), "两".repeat(5_600_000)]) {
      const text = `a,b\n${long},y\nc,d\n`;
      const fast = await viaFastPath(text, 64 << 10);
      expect(fast.taken).toBe(1);
      expect({ records: fast.records, ...(fast.error ? { error: fast.error } : {}) }).toEqual(csvParseAlone(text));
    }
  });

  it("takes plain lines itself and hands csv-parse the first line with a quote and all after it", async () => {
    const text = 'a,b\n\n 1 ,2\n3,"4\n5"\n6,7\n';
    const fast = await viaFastPath(text, 4);
    expect(fast.taken).toBe(2);
    expect(fast.records).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 3, cells: ["1", "2"] },
      { line: 4, cells: ["3", "4\n5"] },
      { line: 6, cells: ["6", "7"] },
    ]);
  });
});

/** formatCsv as it was written by hand before csv-stringify: the reference its bytes must equal. */
function referenceCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const protect = (v: string | number) => (typeof v === "number" ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const quote = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return "\ufeff" + [header, ...rows].map((r) => r.map((v) => quote(protect(v))).join(",")).join("\r\n") + "\r\n";
}

describe("formatCsv", () => {
  it("writes the same bytes as the hand-written reference: BOM, CRLF, quoting, formula guard", () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom("=SUM(A1)", "+1", "-", "@x", "\tx", "\rx", " a", "a ", 'q"q', "a,b", "l\nl", "", "满意"), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }));
    fc.assert(fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 5 }), (header, rows) => {
      expect(formatCsv(header, rows)).toBe(referenceCsv(header, rows));
    }), { numRuns: 300 });
  });
});
