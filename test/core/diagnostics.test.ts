import { describe, expect, it } from "vitest";
import { clipValue, oneLine, renderDiagnostic } from "../../src/messages/render.js";
import { error, errorText, warningText } from "../../src/core/diagnostics.js";

describe("a reason is one readable line", () => {
  it("clips a long quoted value and says how long it was", () => {
    const d = renderDiagnostic(errorText("E_X", { file: "a.csv", line: 1, column: 1 }, `列“${"P".repeat(10 * 1024 * 1024)}”不是任何候选项目`));
    expect(d.message.length).toBeLessThan(100);
    expect(d.message).toMatch(/^列“P{30}…（共 10485760 个字符）”不是任何候选项目$/);
  });
  it("clips a long value quoted from a diagnostic's params", () => {
    const d = renderDiagnostic(error("E_JSON_DUPLICATE_KEY", { file: "session.json", line: 1, column: 1 }, { key: "k".repeat(10 * 1024 * 1024) }));
    expect(d.message).toMatch(/“k{30}…（共 10485760 个字符）”/);
  });
  it("shows line breaks and control characters inside a value instead of breaking the line", () => {
    expect(clipValue("a\r\nb\tc\u0007")).toBe("a↵b⇥c�");
    const w = renderDiagnostic(warningText("W_X", { file: "a.csv" }, "符号“√\n×”无法辨认\n第二行", "提示\r\n第二行"));
    expect(w.message).toBe("符号“√↵×”无法辨认 第二行");
    expect(w.hint).toBe("提示 第二行");
  });
  it("caps a message that is long for other reasons", () => {
    expect([...oneLine("很".repeat(1000))].length).toBe(401);
  });
});
