// A small JSON reader that remembers where every value stands, so a schema error can name line and
// column. It also refuses duplicate keys (the later one would silently win) and prototype keys.
import { error, errorText, type Diagnostic, type Params } from "./diagnostics.js";

export interface JsonSource {
  value: unknown;
  /** "rules.formal", "issued.0" → position of that value (its key for object members). */
  positions: Map<string, { line: number; column: number }>;
}

const MAX_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Punctuation and digits a Chinese input method types in place of JSON's ASCII ones. */
function fullWidthNote(c: string | undefined): string {
  if (c === undefined || !/[\u3000-\u303f\uff01-\uff5e“”‘’]/.test(c)) return "";
  return `（“${c}”是全角字符，JSON 的标点和数字须用半角，即英文输入法）`;
}

export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

export function parseJsonSource(text: string, file: string): { source?: JsonSource; diagnostics: Diagnostic[] } {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const positions = new Map<string, { line: number; column: number }>();
  const here = () => ({ line, column: i - lineStart + 1 });
  class Stop extends Error {}
  const fail = (message: string, hint?: string, params?: Params): never => {
    // Whatever was expected, a file that stops in the middle of a value was cut short.
    if (i >= text.length) diagnostics.push(errorText("E_JSON_SYNTAX", { file, ...here() }, "文件意外结束，JSON 不完整", "文件可能没有保存完整或复制时被截断；检查括号和引号是否成对"));
    else diagnostics.push(errorText("E_JSON_SYNTAX", { file, ...here() }, message, hint, params));
    throw new Stop();
  };
  const diagnostics: Diagnostic[] = [];

  const skipSpace = () => {
    for (;;) {
      const c = text[i];
      if (c === "\n") { i++; line++; lineStart = i; }
      else if (c === " " || c === "\t" || c === "\r") i++;
      else return;
    }
  };
  const readString = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      const c = text[i];
      if (c === undefined || c === "\n") fail("字符串没有结束的引号", "检查这一行的引号是否成对");
      if (c === '"') { i++; return out; }
      if (c === "\\") {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e !== undefined && e in simple) { out += simple[e]; i += 2; continue; }
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); i += 6; continue;
        }
        fail("字符串里有无效的转义符", "反斜杠后只能是 \" \\ / b f n r t u");
      }
      if ((c as string) < " ") fail("字符串里有控制字符", "删除该字符");
      out += c; i++;
    }
  };
  const readValue = (path: string[]): unknown => {
    skipSpace();
    // Deep nesting would exhaust the stack; no format of ours nests more than a few levels.
    if (path.length > MAX_DEPTH) fail(`嵌套超过 ${MAX_DEPTH} 层`, "检查括号是否成对", { expected: "depth", limit: MAX_DEPTH });
    const key = pathKey(path);
    if (!positions.has(key)) positions.set(key, here());
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === "}") { i++; return obj; }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`这里应是用双引号括起的键名${fullWidthNote(text[i])}`, "JSON 的键名必须用英文双引号", { expected: "key", found: text[i] ?? "" });
        const at = here();
        const name = readString();
        const childPath = [...path, name];
        if (FORBIDDEN_KEYS.has(name)) {
          diagnostics.push(error("E_JSON_FORBIDDEN_KEY", { file, ...at }, { key: name }));
          throw new Stop();
        }
        if (Object.prototype.hasOwnProperty.call(obj, name)) {
          diagnostics.push(error("E_JSON_DUPLICATE_KEY", { file, ...at }, { key: name }));
        }
        positions.set(pathKey(childPath), at);
        skipSpace();
        if (text[i] !== ":") fail(`键名后应是冒号${fullWidthNote(text[i])}`, "写成 \"键\": 值", { expected: "colon", found: text[i] ?? "" });
        i++;
        obj[name] = readValue(childPath);
        skipSpace();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return obj; }
        fail(`这里应是逗号或 }${fullWidthNote(text[i])}`, "检查上一项后面是否缺少逗号，或多了一个逗号", { expected: "comma-brace", found: text[i] ?? "" });
      }
    }
    if (c === "[") {
      i++;
      const arr: unknown[] = [];
      skipSpace();
      if (text[i] === "]") { i++; return arr; }
      for (;;) {
        arr.push(readValue([...path, String(arr.length)]));
        skipSpace();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return arr; }
        fail(`这里应是逗号或 ]${fullWidthNote(text[i])}`, "检查数组元素之间的逗号", { expected: "comma-bracket", found: text[i] ?? "" });
      }
    }
    if (c === '"') return readString();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!lit) return fail(c === undefined ? "文件意外结束" : `无法识别的内容“${c}”${fullWidthNote(c)}`, `${file} 必须是合法的 JSON`, { expected: "value", found: c ?? "", file });
    i += lit[0].length;
    if (lit[0] === "true") return true;
    if (lit[0] === "false") return false;
    if (lit[0] === "null") return null;
    const n = Number(lit[0]);
    if (!Number.isFinite(n)) fail(`数值“${lit[0]}”超出范围`, "写一个普通大小的数", { expected: "number", found: lit[0] });
    return Object.is(n, -0) ? 0 : n;
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    const value = readValue([]);
    skipSpace();
    if (i < text.length) fail("JSON 结束后还有多余内容", "删除多余的内容");
    if (diagnostics.length > 0) return { diagnostics };
    return { source: { value, positions }, diagnostics };
  } catch (e) {
    if (e instanceof Stop) return { diagnostics };
    throw e;
  }
}

/** Position of the value at path, or of its nearest ancestor that is known. */
export function positionOf(source: JsonSource, path: readonly PropertyKey[]): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const p = source.positions.get(pathKey(path.slice(0, n)));
    if (p) return p;
  }
  return { line: 1, column: 1 };
}
