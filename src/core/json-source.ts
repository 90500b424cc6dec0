// A small JSON reader that remembers where every value stands, so a schema error can name line and
// column. It also refuses duplicate keys (the later one would silently win) and prototype keys.
import { codePointName, findInvisible, isControl } from "./characters.js";
import { error, type Diagnostic, type Params } from "./diagnostics.js";

export interface JsonSource {
  value: unknown;
  /** "rules.formal", "issued.0" → position of that value (its key for object members). */
  positions: Map<string, { line: number; column: number }>;
}

const MAX_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const SIMPLE_ESCAPES = new Map(Object.entries({
  '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t",
}));

function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/**
 * `pathsMayHoldControls`: audit.json names files by path, and a folder's name may hold a line end that
 * JSON.stringify wrote as \n; elsewhere such an escape is refused.
 */
export function parseJsonSource(text: string, file: string, pathsMayHoldControls = false): { source?: JsonSource; diagnostics: Diagnostic[] } {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const positions = new Map<string, { line: number; column: number }>();
  // Columns count characters as an editor shows them: 𠀀 (two UTF-16 units) is one. Counted on from the
  // place last asked for on the same line, so a line of 10 MB is walked once, not once for every value.
  let counted = { lineStart: 0, i: 0, column: 1 };
  const here = () => {
    if (counted.lineStart !== lineStart || counted.i > i) counted = { lineStart, i: lineStart, column: 1 };
    let column = counted.column;
    for (let k = counted.i; k < i; k++) {
      const low = text.charCodeAt(k) >= 0xdc00 && text.charCodeAt(k) <= 0xdfff;
      const afterHigh = k > lineStart && text.charCodeAt(k - 1) >= 0xd800 && text.charCodeAt(k - 1) <= 0xdbff;
      if (!(low && afterHigh)) column++;
    }
    counted = { lineStart, i, column };
    return { line, column };
  };
  class Stop extends Error {}
  /** `expected` names what the reader wanted here (the catalogues word it); `found` is what it met. */
  const fail = (params: Params & { expected: string }): never => {
    diagnostics.push(error("E_JSON_SYNTAX", { file, ...here() }, failure(params)));
    throw new Stop();
  };
  const failure = (params: Params & { expected: string }): Params => {
    // Whatever was expected, a file that stops in the middle of a value was cut short.
    if (i >= text.length) return { expected: "more" };
    // SPEC shows session.json as jsonc and clerks copy its comments: one met where a token was wanted
    // is named as a comment, not as the comma or key that was missing.
    if (text.startsWith("//", i)) return { expected: "comment", comment: "line" };
    if (text.startsWith("/*", i)) return { expected: "comment", comment: "block" };
    // A character that prints as nothing (a BOM pasted mid-file, U+200B): named, or the place looks empty.
    const invisible = findInvisible(String(params["found"] ?? ""));
    return invisible ? { ...params, invisible: invisible.char } : params;
  };
  const diagnostics: Diagnostic[] = [];

  const skipSpace = () => {
    for (;;) {
      const c = text[i];
      // A lone CR ends a line too (old Mac files); in CRLF the LF does.
      if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) { i++; line++; lineStart = i; }
      else if (c === " " || c === "\t" || c === "\r") i++;
      else return;
    }
  };
  const readString = (): string => {
    i++; // opening quote
    let out = "";
    let from = i; // plain characters from here on are copied as one slice, not one by one
    for (;;) {
      const c = text[i];
      if (c === undefined || c === "\n") fail({ expected: "quote" });
      if (c === '"') { i++; return out + text.slice(from, i - 1); }
      if (c === "\\") {
        out += text.slice(from, i);
        const unicode = /^u[0-9a-fA-F]{4}/.exec(text.slice(i + 1, i + 6))?.[0];
        const escape = unicode ? `\\${unicode}` : text.slice(i, i + 2);
        const ch = unicode ? String.fromCharCode(parseInt(unicode.slice(1), 16)) : SIMPLE_ESCAPES.get(escape[1] ?? "");
        if (ch === undefined) fail({ expected: "escape" });
        // A control character written as an escape (\n, \u001b, \u0000) is refused like a raw one: it
        // would break the line of a Markdown or terminal output it is copied into.
        if (isControl(ch!) && !pathsMayHoldControls) fail({ expected: "escaped-control", char: codePointName(ch!), escape });
        out += ch; i += escape.length; from = i; continue;
      }
      if ((c as string) < " ") fail({ expected: "no-control" });
      i++;
    }
  };
  /** `"name": value` into `obj`; a duplicate key is told (the later one would silently win). */
  const readMember = (obj: Record<string, unknown>, path: string[]) => {
    if (text[i] !== '"') fail({ expected: "key", found: text[i] ?? "" });
    const at = here();
    const name = readString();
    if (FORBIDDEN_KEYS.has(name)) {
      diagnostics.push(error("E_JSON_FORBIDDEN_KEY", { file, ...at }, { key: name }));
      throw new Stop();
    }
    if (Object.prototype.hasOwnProperty.call(obj, name)) {
      diagnostics.push(error("E_JSON_DUPLICATE_KEY", { file, ...at }, { key: name }));
    }
    positions.set(pathKey([...path, name]), at);
    skipSpace();
    if (text[i] !== ":") fail({ expected: "colon", found: text[i] ?? "" });
    i++;
    obj[name] = readValue([...path, name]);
  };
  const readValue = (path: string[]): unknown => {
    skipSpace();
    // Deep nesting would exhaust the stack; no format of ours nests more than a few levels.
    if (path.length > MAX_DEPTH) fail({ expected: "depth", limit: MAX_DEPTH });
    const key = pathKey(path);
    if (!positions.has(key)) positions.set(key, here());
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      const container: Record<string, unknown> | unknown[] = c === "{" ? {} : [];
      i++;
      skipSpace();
      if (text[i] === close) { i++; return container; }
      for (;;) {
        skipSpace();
        if (Array.isArray(container)) container.push(readValue([...path, String(container.length)]));
        else readMember(container, path);
        skipSpace();
        if (text[i] === ",") {
          const comma = { i, line, lineStart };
          i++; skipSpace();
          if (text[i] === close) {
            // Placed at the comma to delete, which may stand lines above the bracket.
            ({ i, line, lineStart } = comma);
            fail({ expected: "trailing-comma", found: close });
          }
          continue;
        }
        if (text[i] === close) { i++; return container; }
        fail({ expected: close === "}" ? "comma-brace" : "comma-bracket", found: text[i] ?? "" });
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
