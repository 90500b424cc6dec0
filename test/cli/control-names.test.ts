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
