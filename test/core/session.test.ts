import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../src/messages/render.js";
import type { Diagnostic } from "../../src/core/diagnostics.js";
import { parseSession } from "../../src/core/session.js";

const base = { title: "某镇会议", date: "2026-01-15", deputies: { total: 58, present: 55 }, issued: [55], rules: { formal: 10 } };


/** What a clerk reads for a diagnostic (its Chinese message). */
const said = (d: Diagnostic) => renderDiagnostic(d).message;

describe("session.json", () => {
  it("fills every rule default, key by key", () => {
    const s = parseSession(JSON.stringify({ ...base, rules: { formal: 10, competition: { minExtra: 2 } } })).value!;
    expect(s.rules).toMatchObject({
      formal: 10, competition: { minExtra: 2, minRatio: "1.2", allowEqual: false }, ballot: "approve-against-abstain",
      maxApprovals: "formal", blankBallot: "valid", unreadableMark: "void-ballot", quorum: "2/3", threshold: "total",
      shortfall: "runoff", runoffThreshold: "plurality", voteOn: "candidates", order: "stroke", seed: null, marks: null,
    });
  });
  it("names an unknown key by line and column", () => {
    const text = '{\n  "title": "x",\n  "date": "2026-01-15",\n  "deputies": {"total": 5, "present": 5},\n  "issued": [5],\n  "rules": {"formal": 1, "threshhold": "present"}\n}';
    const r = parseSession(text);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "E_UNKNOWN_KEY", at: { line: 6, column: 26 } });
    expect(said(r.diagnostics[0]!)).toContain("rules.threshhold");
  });
  it("void beyond returned is said, but not beside a returned already refused", () => {
    const more = parseSession(JSON.stringify({ ...base, counted: [{ returned: 3, void: 4 }] })).diagnostics.map(said);
    expect(more).toEqual(["counted.0.void：无效票 4 多于收回票 3"]);
    const refused = parseSession(JSON.stringify({ ...base, counted: [{ returned: -1, void: 0 }] })).diagnostics.map(said);
    expect(refused).toEqual(["counted.0.returned：不能小于 0"]);
  });
  it("present beyond total is said, but not beside a total already refused", () => {
    const more = parseSession(JSON.stringify({ ...base, deputies: { total: 5, present: 6 } })).diagnostics.map(said);
    expect(more).toEqual(["deputies.present：实到 6 人多于应到 5 人"]);
    const refused = parseSession(JSON.stringify({ ...base, deputies: { total: 0, present: 30 } })).diagnostics.map(said);
    expect(refused).toEqual(["deputies.total：不能小于 1"]);
  });
  it("collects every schema problem at once", () => {
    const r = parseSession(JSON.stringify({ ...base, date: "2026-02-30", deputies: { total: 5, present: 6 }, rules: { formal: 0, order: "random" } }, null, 2));
    const paths = r.diagnostics.map((d) => said(d).split("：")[0]);
    expect(paths).toEqual(expect.arrayContaining(["date", "rules.formal"]));
    expect(r.diagnostics.every((d) => d.at.line > 0 && d.at.column > 0)).toBe(true);
  });
  it("requires a seed for random order and an integer formal", () => {
    expect(said(parseSession(JSON.stringify({ ...base, rules: { formal: 2, order: "random" } })).diagnostics[0]!)).toContain("seed");
    expect(said(parseSession(JSON.stringify({ ...base, rules: { formal: 2.5 } })).diagnostics[0]!)).toContain("整数");
  });
  it("refuses duplicate keys, prototype keys and broken JSON with a place", () => {
    expect(parseSession('{"title": "a", "title": "b"}').diagnostics[0]!.code).toBe("E_JSON_DUPLICATE_KEY");
    expect(parseSession('{"__proto__": {"x": 1}}').diagnostics[0]!.code).toBe("E_JSON_FORBIDDEN_KEY");
    const broken = parseSession('{\n  "title": "a",\n  "date": \n}');
    expect(broken.diagnostics[0]).toMatchObject({ code: "E_JSON_SYNTAX", at: { line: 4, column: 1 } });
    expect(parseSession("[1]").diagnostics[0]!.code).toBe("E_SESSION_SCHEMA");
  });
  it("refuses a ratio that is not exact text and a present count above total", () => {
    expect(parseSession(JSON.stringify({ ...base, rules: { formal: 1, quorum: 0.66 } })).value).toBeUndefined();
    expect(parseSession(JSON.stringify({ ...base, rules: { formal: 1, quorum: "3/2" } })).value).toBeUndefined();
    expect(parseSession(JSON.stringify({ ...base, deputies: { total: 5, present: 6 } })).value).toBeUndefined();
  });
  it("refuses a blank among an approve-only ballot's against marks (it would void every ballot), and only there", () => {
    const rules = (ballot: string) => ({ ...base, rules: { formal: 1, ballot, marks: { against: ["否", " "] } } });
    const r = parseSession(JSON.stringify(rules("approve-only")));
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(said(r.diagnostics[0]!)).toMatch(/^rules\.marks\.against\.1：只设赞成（approve-only）的表决票没有反对/);
    // On an approve-against-abstain ballot a blank listed as against is a documented choice: blank is against.
    expect(parseSession(JSON.stringify(rules("approve-against-abstain"))).value).toBeDefined();
  });
});

describe("places in session.json", () => {
  const at = (text: string) => parseSession(text).diagnostics.map((d) => `${d.code}@${d.at.line}:${d.at.column}`);
  it("counts a lone CR (an old Mac file) as the end of a line, as CRLF and LF", () => {
    const lines = ["{", '"title": "t",', '"date": "2026-01-15",', '"deputies": {"total": 5, "present": 5},', '"issued": [5],', '"rules": {"formal": 1},', '"titel": "x"', "}"];
    for (const eol of ["\n", "\r\n", "\r"]) expect(at(lines.join(eol)), JSON.stringify(eol)).toEqual(["E_UNKNOWN_KEY@7:1"]);
  });
  it("counts a character outside the Basic Multilingual Plane (𠀀) as one column", () => {
    const text = '{"title": "𠀀𠀀镇", "date": "2026-01-15", "deputies": {"total": 5, "present": 5}, "issued": [5], "rules": {"formal": 1}, "titel": 1}';
    // "titel" starts at UTF-16 index 120, which is character 118 (each 𠀀 is two units): column 119.
    expect(text.indexOf('"titel"')).toBe(120);
    expect(at(text)).toEqual(["E_UNKNOWN_KEY@1:119"]);
  });
});
