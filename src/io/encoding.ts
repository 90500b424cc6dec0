// Input encodings: UTF-8 (with or without BOM) and GB18030/GBK as Excel and WPS save them on Chinese
// Windows, told apart by strict decoding; UTF-16 "Unicode text" exports are recognised by their BOM.
import { codePointName } from "../core/characters.js";
import { error, InputError, type Params } from "../core/diagnostics.js";
import { TextDecoder } from "node:util";

export type EncodingChoice = "auto" | "utf8" | "gb18030";
export type Encoding = "utf8" | "gb18030" | "utf16le" | "utf16be";
type Place = { line: number; column: number };

export function detectEncoding(head: Uint8Array, choice: EncodingChoice): { encoding: Encoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf8", bomLength: 3 };
  // A UTF-16 byte-order mark decides whatever was chosen: neither FF FE nor FE FF can begin GB18030 or UTF-8 text.
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf16le", bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf16be", bomLength: 2 };
  if (choice === "gb18030") return { encoding: "gb18030", bomLength: 0 };
  return { encoding: "utf8", bomLength: 0 };
}

export const LABELS: Record<Encoding, string> = { utf8: "utf-8", gb18030: "gb18030", utf16le: "utf-16le", utf16be: "utf-16be" };

export function decoderFor(encoding: Encoding): TextDecoder {
  return new TextDecoder(LABELS[encoding], { fatal: true, ignoreBOM: true });
}

/** Files that are plainly not text, by their first bytes: the usual mistake is a workbook renamed to .csv. */
const SIGNATURES: [readonly number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], "workbook"],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "old-workbook"],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], "pdf"],
  [[0x89, 0x50, 0x4e, 0x47], "png"],
  [[0xff, 0xd8, 0xff], "jpeg"],
];

/** What kind of file it is when its first bytes say it is not text ("workbook", "pdf" …), else null. */
export function notTextSignature(head: Uint8Array): string | null {
  for (const [magic, what] of SIGNATURES) if (magic.every((b, i) => head[i] === b)) return what;
  return null;
}

function fail(code: string, file: string, at: Place, params: Params = {}): never {
  throw new InputError([error(code, { file, ...at }, params)]);
}

/** Line and column (1-based, in characters: 𪚥, two UTF-16 units, is one) of `index` in `text`. */
function placeIn(text: string, index: number): Place {
  const before = text.slice(0, index);
  return { line: before.split("\n").length, column: [...before.slice(before.lastIndexOf("\n") + 1)].length + 1 };
}

/** Place of byte offset `offset`, in characters of the decoded line. */
function placeOfByte(bytes: Uint8Array, offset: number, encoding: Encoding): Place {
  const before = new TextDecoder(LABELS[encoding]).decode(bytes.subarray(0, offset));
  return placeIn(before, before.length);
}

/** Place of the first character a lenient decoder had to replace. */
function firstBadPlace(body: Uint8Array, encoding: Encoding): Place {
  if (encoding === "utf8") return firstBadUtf8(body);
  const text = new TextDecoder(LABELS[encoding]).decode(body);
  const at = text.indexOf("\ufffd");
  return at < 0 ? { line: 1, column: 1 } : placeIn(text, at);
}

/**
 * Characters of Chinese text as UTF-8 spells them in three bytes: ideographs, CJK and full-width
 * punctuation, and the symbols ballots are marked with (○ ✗ √ ●; ×, in two bytes, is counted apart).
 * GBK bytes that happen to form valid three-byte sequences mostly give other characters (combining
 * marks, Hangul, rare scripts).
 */
function chineseTextChar(codePoint: number): boolean {
  return (codePoint >= 0x2000 && codePoint <= 0x2bff) || (codePoint >= 0x3000 && codePoint <= 0x303f)
    || (codePoint >= 0x3400 && codePoint <= 0x4dbf) || (codePoint >= 0x4e00 && codePoint <= 0x9fff)
    || (codePoint >= 0xff00 && codePoint <= 0xffef);
}

/**
 * A line that is valid UTF-8 and holds at least two characters of Chinese text (chineseTextChar) in a
 * file that is not UTF-8 as a whole, or under a forced GB18030: two encodings were pasted together. GBK
 * text almost never lines up into such sequences, so a GBK file is not mistaken for one.
 */
function utf8TextLine(bytes: Uint8Array): number | null {
  let line = 1;
  let wide = 0; // characters of Chinese text on this line so far
  let valid = true;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      if (valid && wide >= 2) return line;
      line++; wide = 0; valid = true; i++;
      continue;
    }
    if (!valid || b < 0x80) { i++; continue; }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) ok = i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
    if (!ok) { valid = false; i++; continue; }
    // × (C3 97) is the one two-byte character of a ballot: a row of only × marks is still UTF-8 text.
    if (need === 1 ? b === 0xc3 && bytes[i + 1] === 0x97 : need === 2 && chineseTextChar(((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f))) wide++;
    i += need + 1;
  }
  return valid && wide >= 2 ? line : null;
}

/**
 * Byte offset where a UTF-8 file stops in the middle of its last character (the rest being UTF-8 with
 * Chinese text, so it is not a GBK file that happens to end in a lead byte), or null.
 */
function truncatedUtf8(body: Uint8Array): number | null {
  for (let k = 1; k <= 3 && k <= body.length; k++) {
    const at = body.length - k;
    if (body[at]! < 0xc2) continue;
    return looksUtf8(body.subarray(0, at)) ? at : null;
  }
  return null;
}

/**
 * Byte offset where a GB18030 file stops in the middle of its last character (a lead byte, or the first
 * two or three bytes of a four-byte character, after text that is GB18030 to there), or null.
 */
function truncatedGb18030(body: Uint8Array): number | null {
  const lead = (b: number | undefined) => b !== undefined && b >= 0x81 && b <= 0xfe;
  const digit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
  for (let k = 1; k <= 3 && k <= body.length; k++) {
    const at = body.length - k;
    const tail = body.subarray(at);
    if (!lead(tail[0]) || (k >= 2 && !digit(tail[1])) || (k === 3 && !lead(tail[2]))) continue;
    try { decoderFor("gb18030").decode(body.subarray(0, at)); return at; } catch { /* not GB18030 before it either */ }
  }
  return null;
}

/**
 * Where a file holds NUL at every other byte, as UTF-16 text does (the NUL of each ASCII character): "le"
 * or "be" by which byte it is, or null.
 */
function utf16WithoutBom(bytes: Uint8Array): "le" | "be" | null {
  const head = bytes.subarray(0, 4096);
  const nuls = [0, 0];
  for (let i = 0; i < head.length; i++) if (head[i] === 0) nuls[i % 2]!++;
  if (nuls[0]! === 0 || nuls[1]! === 0) return nuls[1]! >= 2 ? "le" : nuls[0]! >= 2 ? "be" : null;
  // NULs on both sides: Chinese text has them too (一 is U+4E00). The reading that gives text a table
  // holds (ASCII, CJK and their punctuation, with commas or tabs and line breaks) is the one.
  const even = head.subarray(0, head.length & ~1);
  for (const order of ["le", "be"] as const) {
    const text = new TextDecoder(order === "le" ? "utf-16le" : "utf-16be").decode(even);
    const plain = text.match(/[\t\r\n\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g)?.length ?? 0;
    if (plain >= 0.95 * text.length && /[,\t]/.test(text) && /\n/.test(text)) return order;
  }
  return null;
}

/**
 * Bytes that are UTF-8 with Chinese (or other three- and four-byte) characters in it: GB18030 text almost
 * never is, so a forced GB18030 reading of them is a mistake.
 */
function looksUtf8(bytes: Uint8Array): boolean {
  let text: string;
  try { text = decoderFor("utf8").decode(bytes); } catch { return false; }
  return /[\u0800-\uffff]/.test(text);
}

/**
 * Decodes a whole file. With "auto", bytes that are not valid UTF-8 are read as GB18030; a `json` file
 * is read as UTF-8 (or UTF-16 with its BOM) only.
 */
export function decodeText(bytes: Uint8Array, file: string, choice: EncodingChoice, json = false): { text: string; encoding: Encoding } {
  const kind = notTextSignature(bytes);
  if (kind !== null) fail("E_NOT_TEXT", file, { line: 1, column: 1 }, { kind });
  const { encoding: first, bomLength } = detectEncoding(bytes, choice);
  const body = bytes.subarray(bomLength);
  let encoding = first;
  if (first === "utf8" || first === "gb18030") {
    // NUL never occurs in UTF-8 or GB18030 text; it marks a binary file (or UTF-16 without its BOM).
    const nul = body.indexOf(0);
    if (nul >= 0) {
      const utf16 = utf16WithoutBom(body);
      fail("E_NOT_TEXT", file, placeOfByte(body, nul, first), { ...(json ? { json: 1 } : {}), ...(utf16 ? { utf16 } : {}) });
    }
  }
  if (first === "gb18030") {
    // Read as GB18030, UTF-8 Chinese turns into other, wrong Chinese characters without any error: a UTF-8
    // file is refused, and so is a UTF-8 line among GBK ones (two files pasted together).
    if (looksUtf8(body)) fail("E_ENCODING_CONTRADICTED", file, { line: 1, column: 1 }, { forced: "gb18030", found: "utf-8" });
    const line = utf8TextLine(body);
    if (line !== null) fail("E_ENCODING_CONTRADICTED", file, { line, column: 1 }, { forced: "gb18030", found: "utf-8", line });
  }
  if (first === "utf8") {
    try { return { text: decoderFor("utf8").decode(body), encoding }; } catch { /* not UTF-8: see why below */ }
    const cut = truncatedUtf8(body);
    if (cut !== null) fail("E_TRUNCATED", file, placeOfByte(body, cut, "utf8"));
    // A BOM says UTF-8 whatever --encoding says: a line that is not is pasted from another file.
    if ((choice === "auto" || bomLength > 0) && !json) {
      const utf8Line = utf8TextLine(body);
      if (utf8Line !== null) {
        const at = firstBadUtf8(body);
        fail("E_MIXED_ENCODING", file, at, { utf8Line, badLine: at.line, ...(bomLength > 0 ? { bom: 1 } : {}) });
      }
    }
    if (choice === "auto" && bomLength === 0) encoding = "gb18030";
  }
  try {
    return { text: decoderFor(encoding).decode(body), encoding };
  } catch {
    const cut = encoding === "gb18030" ? truncatedGb18030(body) : null;
    if (cut !== null) fail("E_TRUNCATED", file, placeOfByte(body, cut, "gb18030"));
    const at = firstBadPlace(body, encoding);
    if (json && encoding === "utf8") fail("E_JSON_ENCODING", file, at);
    // "neither": with "auto", the file was tried as UTF-8 first. A BOM decided the encoding: --encoding cannot change it.
    const tried = encoding === "gb18030" && choice === "auto" ? "neither" : encoding;
    return fail("E_ENCODING", file, at, { encoding: tried, ...(bomLength > 0 ? { bom: 1 } : {}) });
  }
}

function firstBadUtf8(bytes: Uint8Array): Place {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const slice = bytes.subarray(lineStart, i);
    try { decoderFor("utf8").decode(slice); } catch {
      const lenient = new TextDecoder("utf-8").decode(slice);
      return { line, column: [...lenient.slice(0, lenient.indexOf("\ufffd"))].length + 1 };
    }
    line++;
    lineStart = i + 1;
  }
  return { line: 1, column: 1 };
}

/** NUL and other control characters (besides tab, CR and LF) mean the file is not text: the first, named U+0001. */
export function findControlCharacter(text: string): (Place & { char: string }) | null {
  // eslint-disable-next-line no-control-regex
  const m = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.exec(text);
  return m ? { ...placeIn(text, m.index), char: codePointName(m[0]) } : null;
}
