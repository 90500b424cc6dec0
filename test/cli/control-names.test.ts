// Folder names holding a carriage return or an ESC reach the terminal made visible: a raw CR printed a
// town's place over another town's, and an ESC could recolour or clear the clerk's screen.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { makeSession, runCli, SEEDS } from "../helpers.js";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

describe("folder names with control characters, on the terminal", () => {
  it("batch names each town's places with the CR and ESC made visible, and --json keeps the names as they are", async () => {
    const root = await makeSession({});
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, "a\rb"), { recursive: true });
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, "b"), { recursive: true });
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(root, "x\u001b[31mRED"), { recursive: true });
    await fs.writeFile(path.join(root, "x\u001b[31mRED", "session.json"), "{");
    const r = await runCli(["batch", root]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stderr).toContain("a↵b/ballots.csv:34:5 W_UNREADABLE_MARK");
    expect(r.stderr).toContain("x�[31mRED/session.json:");
    const j = await runCli(["batch", root, "--json"]);
    const files = [...j.json.warnings, ...(j.json.error?.diagnostics ?? [])].map((d: { file: string }) => d.file);
    expect(files).toContain("a\rb/ballots.csv");
    expect(files.some((f: string) => f.startsWith("x\u001b[31mRED/"))).toBe(true);
  });

  it("a failure line naming such a folder (a batch root that does not exist) shows the CR made visible", async () => {
    const root = await makeSession({});
    const r = await runCli(["batch", path.join(root, "nope\rOK")]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).toContain("nope↵OK");
  });
});

describe("a session folder typed in another Unicode form than it is stored in", () => {
  it("is missing, and the hint names the look-alike folder beside it (check through its own test, tally through the reader)", async () => {
    const parent = await makeSession({});
    const stored = "Cafe\u0301镇"; // é as e and a combining accent, as a Mac stores it
    await fs.cp(path.join(SEEDS, "township-2026"), path.join(parent, stored), { recursive: true });
    const typed = path.join(parent, "Caf\u00e9镇");
    for (const command of ["check", "tally", "audit"]) {
      const r = await runCli([command, typed, "--json", "--lang", "en"]);
      expect(r.code, command).toBe(1);
      expect(r.json.error.diagnostics[0], command).toMatchObject({
        code: "E_FILE",
        hint: `旁边有一个看起来同名的文件夹“${stored}”，但名字中的字符编码形式不同（如苹果电脑上建的文件夹）：用 Tab 键补全路径，或从文件管理器复制它的名字`,
        hintEn: `Beside it is a folder whose name looks the same, “${stored}”, but is stored in another Unicode form (as a Mac makes it): complete the path with Tab, or copy the name from the file manager`,
      });
    }
    // A folder that is simply not there keeps the plain hint.
    const none = await runCli(["check", path.join(parent, "别的镇"), "--json"]);
    expect(none.json.error.diagnostics[0].hint).toBe("检查文件夹路径是否写对；新会议先用 piaojue init 建立会议文件夹");
  });
});
