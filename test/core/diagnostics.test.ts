import { describe, expect, it } from "vitest";
import { clipValue, renderDiagnostic } from "../../src/messages/render.js";
import { error, warning } from "../../src/core/diagnostics.js";

describe("a reason is one readable line", () => {
  it("clips a long quoted value and says how long it was", () => {
    const d = renderDiagnostic(error("E_UNKNOWN_COLUMN", { file: "ballots.csv", line: 1, column: 1 }, { column: "P".repeat(10 * 1024 * 1024), sheet: "ballots", ids: ["P1"] }));
    expect(d.message.length).toBeLessThan(100);
    expect(d.message).toMatch(/^列“P{30}…（共 10485760 个字符）”不是任何候选项目$/);
  });
  it("clips a long value quoted from a diagnostic's params", () => {
    const d = renderDiagnostic(error("E_JSON_DUPLICATE_KEY", { file: "session.json", line: 1, column: 1 }, { key: "k".repeat(10 * 1024 * 1024) }));
    expect(d.message).toMatch(/“k{30}…（共 10485760 个字符）”/);
  });
  it("counts and cuts a quoted value by characters, as spreading it into code points does", () => {
    const reference = (v: string) => { const chars = [...v]; return chars.length > 40 ? `${chars.slice(0, 30).join("")}…（共 ${chars.length} 个字符）` : v; };
    for (const v of ["𠀀".repeat(40), "𠀀".repeat(41), "a".repeat(29) + "𠀀" + "b".repeat(20), "\ud800".repeat(45), "x\udc00𠀀".repeat(20), "汉".repeat(41)]) expect(clipValue(v), v).toBe(reference(v));
  });
  it("shows line breaks and control characters inside a value instead of breaking the line", () => {
    expect(clipValue("a\r\nb\tc\u0007")).toBe("a↵b⇥c�");
    const w = renderDiagnostic(warning("W_UNREADABLE_MARK", { file: "ballots.csv", line: 7, column: 4 }, { line: 7, candidate: "P2", mark: "√\n×" }));
    expect(w.message).toBe("第 7 行“P2”的符号“√↵×”无法辨认，该票无效");
  });
  it("caps a message that is long for other reasons", () => {
    const columns = Array.from({ length: 1000 }, (_, i) => `列${i}`);
    const d = renderDiagnostic(error("E_UNKNOWN_COLUMN", { file: "a.csv", line: 1, column: 1 }, { column: "x", columns }));
    expect([...d.hint!].length).toBe(401);
  });
});
