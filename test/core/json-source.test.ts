// Where a value of session.json stands: every key's line and column as an editor shows them (a character
// outside the BMP, 𠀀, is one column), on one long line as on many.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonSource } from "../../src/core/json-source.js";

const text = fc.string({ unit: fc.constantFrom("a", "议", "𠀀", "😀", "é", " ", "\\", "\""), maxLength: 30 });

/** Each key's place found by searching the text, counting code points as `[...]` does. */
function expectedPlaces(json: string, keys: readonly string[]) {
  return keys.map((k) => {
    const at = json.indexOf(`"${k}":`);
    const before = json.slice(0, at).split("\n");
    return { line: before.length, column: [...before.at(-1)!].length + 1 };
  });
}

describe("json-source positions", () => {
  it("name the line and column of every key, on one line and pretty-printed", () => {
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), fc.boolean(), (values, pretty) => {
      const keys = values.map((_, k) => `k${k}`);
      const json = JSON.stringify(Object.fromEntries(values.map((v, k) => [keys[k], v])), null, pretty ? 2 : undefined);
      const { source } = parseJsonSource(json, "session.json");
      expect(keys.map((k) => source!.positions.get(k))).toEqual(expectedPlaces(json, keys));
    }), { numRuns: 300 });
  });

  it("read every string as JSON.parse does, escapes and plain runs alike", () => {
    const unit = fc.constantFrom("a", "议", "𠀀", " ", "\\", "\"", "/", "\u00e9", "\t");
    fc.assert(fc.property(fc.array(fc.string({ unit, maxLength: 20 }), { maxLength: 6 }), (values) => {
      // Escaped as JSON.stringify does (\\, \", \t) and once more as \uXXXX, both must read back.
      const json = JSON.stringify(values);
      const unicode = json.replace(/[^\x20-\x7e]/gu, (c) => [...c].map((ch) => ch.split("").map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")).join(""));
      expect(parseJsonSource(json, "a.json", true).source!.value).toEqual(values);
      expect(parseJsonSource(unicode, "a.json", true).source!.value).toEqual(JSON.parse(unicode));
    }), { numRuns: 300 });
  });

  it("a syntax error after astral characters is placed by characters, not UTF-16 units", () => {
    const { diagnostics } = parseJsonSource(`{"a":"𠀀𠀀","b":x}`, "session.json");
    expect(diagnostics.map((d) => [d.at.line, d.at.column])).toEqual([[1, 15]]);
  });
});

describe("a trailing comma", () => {
  it("is placed at the comma, on its line or lines above the bracket", () => {
    const at = (text: string) => parseJsonSource(text, "s.json").diagnostics.map((d) => [d.at.line, d.at.column, d.params["expected"]]);
    expect(at('{ "d": { "total": 58, "present": 55, },\n  "x": 1 }')).toEqual([[1, 36, "trailing-comma"]]);
    expect(at('{\n  "issued": [55],\n  "rules": {},\n}\n')).toEqual([[3, 14, "trailing-comma"]]);
    expect(at("[1,\r\n\r\n]")).toEqual([[1, 3, "trailing-comma"]]);
  });
});

describe("an invisible character where JSON wants a token", () => {
  it("is named (a BOM pasted mid-file), so that the place does not look empty", async () => {
    const { renderDiagnostic } = await import("../../src/messages/render.js");
    const d = parseJsonSource('{\n  "title": "测试镇",\ufeff\n  "date": "2026-01-15" }', "session.json").diagnostics;
    expect(d.map((x) => [x.code, x.at.line, x.at.column])).toEqual([["E_JSON_SYNTAX", 2, 18]]);
    expect(renderDiagnostic(d[0]!).message).toBe("这里应是用双引号括起的键名（这里有看不见的字符 U+FEFF，多半是复制粘贴时带上的：删去它）");
    expect(renderDiagnostic(d[0]!, "en").message).toContain("an invisible character, U+FEFF, is here");
    const zw = parseJsonSource('{ "a": 1\u200b }', "x.json").diagnostics;
    expect(renderDiagnostic(zw[0]!).message).toContain("看不见的字符 U+200B");
  });
});
