// A small JSON reader that remembers where every value stands, so a schema error can name line and
// column. It also refuses duplicate keys (the later one would silently win) and prototype keys.
import { codePointName, isControl } from "./characters.js";
import { error, type Diagnostic, type Params } from "./diagnostics.js";

export interface JsonSource {
  value: unknown;
  /** "rules.formal", "issued.0" → position of that value (its key for object members). */
  positions: Map<string, { line: number; column: number }>;
}

const MAX_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

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
  /** `expected` names what the reader wanted here (the catalogues word it); `found` is what it met. */
  const fail = (params: Params & { expected: string }): never => {
    // Whatever was expected, a file that stops in the middle of a value was cut short.
    diagnostics.push(error("E_JSON_SYNTAX", { file, ...here() }, i >= text.length ? { expected: "more" } : params));
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
      if (c === undefined || c === "\n") fail({ expected: "quote" });
      if (c === '"') { i++; return out; }
      if (c === "\\") {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        // A control character written as an escape (\n, \u001b, \u0000) is refused like a raw one: it
        // would break the line of a Markdown or terminal output it is copied into.
        if (e !== undefined && e in simple) {
          if (isControl(simple[e]!)) fail({ expected: "escaped-control", char: codePointName(simple[e]!), escape: `\\${e}` });
          out += simple[e]; i += 2; continue;
        }
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          const ch = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          if (isControl(ch)) fail({ expected: "escaped-control", char: codePointName(ch), escape: text.slice(i, i + 6) });
          out += ch; i += 6; continue;
        }
        fail({ expected: "escape" });
      }
      if ((c as string) < " ") fail({ expected: "no-control" });
      out += c; i++;
    }
  };
  const readValue = (path: string[]): unknown => {
    skipSpace();
    // Deep nesting would exhaust the stack; no format of ours nests more than a few levels.
    if (path.length > MAX_DEPTH) fail({ expected: "depth", limit: MAX_DEPTH });
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
        if (text[i] !== '"') fail({ expected: "key", found: text[i] ?? "" });
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
        if (text[i] !== ":") fail({ expected: "colon", found: text[i] ?? "" });
        i++;
        obj[name] = readValue(childPath);
        skipSpace();
        if (text[i] === ",") {
          i++; skipSpace();
          if (text[i] === "}") fail({ expected: "trailing-comma", found: "}" });
          continue;
        }
        if (text[i] === "}") { i++; return obj; }
        fail({ expected: "comma-brace", found: text[i] ?? "" });
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
        if (text[i] === ",") {
          i++; skipSpace();
          if (text[i] === "]") fail({ expected: "trailing-comma", found: "]" });
          continue;
        }
        if (text[i] === "]") { i++; return arr; }
        fail({ expected: "comma-bracket", found: text[i] ?? "" });
      }
    }
    if (c === '"') return readString();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!lit) return fail({ expected: "value", found: c ?? "", file });
    i += lit[0].length;
    if (lit[0] === "true") return true;
    if (lit[0] === "false") return false;
    if (lit[0] === "null") return null;
    const n = Number(lit[0]);
    if (!Number.isFinite(n)) fail({ expected: "number", found: lit[0] });
    return Object.is(n, -0) ? 0 : n;
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    const value = readValue([]);
    skipSpace();
    if (i < text.length) fail({ expected: "end" });
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
