// What a run stopped by Ctrl+C or SIGTERM says (bin/piaojue.js prints it, then the signal ends the run):
// nothing while a committed set is put in place (the signal is held till it is), then that it is whole.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { stoppedLine } from "../../src/cli/run.js";
import { writeOutputSet } from "../../src/io/files.js";
import { ROOT, scratchCopy, SEEDS } from "../helpers.js";

describe("stoppedLine", () => {
  it("is held back while a set is put in place, and once it is says the new results are whole", async () => {
    const out = path.join(await scratchCopy(path.join(SEEDS, "township-2026")), "out");
    const said: (string | null)[] = [];
    await writeOutputSet(out, [{ name: "a.txt", content: "a" }], [], { onStep: (step) => { if (step === "committed") said.push(stoppedLine(["tally"])); } });
    expect(said).toEqual([null]);
    expect(stoppedLine(["tally", "s"])).toBe("已中断：新的结果已完整写出\n");
    expect(stoppedLine(["tally", "s", "--lang", "en"])).toBe("Stopped: the new results are written in full\n");
  });

  it("for enter and init, which write in the session folder, says what that folder holds, not out/", () => {
    expect(stoppedLine(["enter", "s", "--second"])).toBe("已中断：已确认的录入都保存在 entry/ 的录入记录中，会议文件夹中的文件要么已完整写出、要么没有改动；重新运行同一命令即可接着做\n");
    expect(stoppedLine(["init", "s", "--lang", "en"])).toBe("Stopped: session.json is either written in full or not written yet; run piaojue check to see whether it is there\n");
  });

  it("for check and verify, which write nothing, says so", () => {
    expect(stoppedLine(["verify", "scenarios"])).toBe("已中断：这个命令不写出任何文件\n");
    expect(stoppedLine(["check", "s", "--lang", "en"])).toBe("Stopped: this command writes no file\n");
  });

  it("says nothing when English is asked for but not loaded yet (a signal in a run's first milliseconds), rather than Chinese", () => {
    // A process of its own: run() has not loaded the English catalogue there.
    const bundle = pathToFileURL(path.join(ROOT, "dist", "bundle", "run.js")).href;
    const said = (args: string[]) => spawnSync(process.execPath, ["--input-type=module", "-e",
      `const { stoppedLine } = await import(${JSON.stringify(bundle)}); process.stdout.write(JSON.stringify(stoppedLine(${JSON.stringify(args)})));`], { encoding: "utf8" });
    expect(JSON.parse(said(["tally", "s", "--lang", "en"]).stdout)).toBe("");
    expect(JSON.parse(said(["tally", "s"]).stdout)).toBe("已中断：out/ 中原有的结果没有改动\n");
  });

  it("stays held while any one of several sets written at once (as batch writes sessions) is still being put in place", async () => {
    const outA = path.join(await scratchCopy(path.join(SEEDS, "township-2026")), "out");
    const outB = path.join(await scratchCopy(path.join(SEEDS, "township-2026")), "out");
    let reached!: () => void;
    const aCommitted = new Promise<void>((resolve) => { reached = resolve; });
    let letA!: () => void;
    const aWaits = new Promise<void>((resolve) => { letA = resolve; });
    const a = writeOutputSet(outA, [{ name: "a.txt", content: "a" }], [], { onStep: async (step) => { if (step === "committed") { reached(); await aWaits; } } });
    await aCommitted;
    await writeOutputSet(outB, [{ name: "b.txt", content: "b" }], []);
    // B is in place, A is not yet: a stop now is still held for A.
    expect(stoppedLine(["batch", "root"])).toBeNull();
    letA();
    await a;
    expect(stoppedLine(["batch", "root"])).not.toBeNull();
  });
});
