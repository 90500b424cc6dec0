// Input encodings: UTF-8 (with or without BOM) and GB18030/GBK as Excel and WPS save them on Chinese
// Windows, told apart by strict decoding; UTF-16 "Unicode text" exports are recognised by their BOM.
import { error, InputError } from "../core/diagnostics.js";
import { TextDecoder } from "node:util";

export type EncodingChoice = "auto" | "utf8" | "gb18030";
export type Encoding = "utf8" | "gb18030" | "utf16le" | "utf16be";

export function detectEncoding(head: Uint8Array, choice: EncodingChoice): { encoding: Encoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf8", bomLength: 3 };
  if (choice === "auto" || choice === "utf8") {
    if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf16le", bomLength: 2 };
    if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf16be", bomLength: 2 };
  }
  if (choice === "gb18030") return { encoding: "gb18030", bomLength: 0 };
  return { encoding: "utf8", bomLength: 0 };
}

const LABELS: Record<Encoding, string> = { utf8: "utf-8", gb18030: "gb18030", utf16le: "utf-16le", utf16be: "utf-16be" };

export function decoderFor(encoding: Encoding): TextDecoder {
  return new TextDecoder(LABELS[encoding], { fatal: true, ignoreBOM: true });
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try { decoderFor("utf8").decode(bytes); return true; } catch { return false; }
}

/** Decodes a whole file. With "auto", bytes that are not valid UTF-8 are read as GB18030. */
export function decodeText(bytes: Uint8Array, file: string, choice: EncodingChoice): { text: string; encoding: Encoding } {
  const { encoding: first, bomLength } = detectEncoding(bytes, choice);
  const body = bytes.subarray(bomLength);
  let encoding = first;
  if (choice === "auto" && first === "utf8" && bomLength === 0 && !isValidUtf8(body)) encoding = "gb18030";
  try {
    return { text: decoderFor(encoding).decode(body), encoding };
  } catch {
    const at = firstBadUtf8(body);
    throw new InputError([error("E_ENCODING", { file, line: at.line, column: at.column },
      encoding === "gb18030" ? "文件既不是 UTF-8 也不是 GB18030 编码，无法读取" : "文件不是有效的 UTF-8 编码",
      "用 Excel 或 WPS“另存为”CSV UTF-8（逗号分隔）后再试，或用 --encoding 指定编码")]);
  }
}

function firstBadUtf8(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    const slice = bytes.subarray(lineStart, i);
    try { decoderFor("utf8").decode(slice); } catch {
      const lenient = new TextDecoder("utf-8").decode(slice);
      return { line, column: lenient.indexOf("\ufffd") + 1 };
    }
    line++;
    lineStart = i + 1;
  }
  return { line: 1, column: 1 };
}

/** NUL and other control characters (besides tab, CR and LF) mean the file is not text. */
export function findControlCharacter(text: string): { line: number; column: number; code: number } | null {
  // eslint-disable-next-line no-control-regex
  const re = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
  const m = re.exec(text);
  if (!m) return null;
  const before = text.slice(0, m.index);
  const line = before.split("\n").length;
  const column = m.index - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column, code: text.charCodeAt(m.index) };
}
