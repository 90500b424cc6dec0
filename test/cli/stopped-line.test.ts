// What a run stopped by Ctrl+C or SIGTERM says (bin/piaojue.js prints it, then the signal ends the run):
// nothing while a committed set is put in place (the signal is held till it is), then that it is whole.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { stoppedLine } from "../../src/cli/run.js";
import { writeOutputSet } from "../../src/io/files.js";
import { scratchCopy, SEEDS } from "../helpers.js";

describe("stoppedLine", () => {
  it("is held back while a set is put in place, and once it is says the new results are whole", async () => {
    const out = path.join(await scratchCopy(path.join(SEEDS, "township-2026")), "out");
    const said: (string | null)[] = [];
    await writeOutputSet(out, [{ name: "a.txt", content: "a" }], [], { onStep: (step) => { if (step === "committed") said.push(stoppedLine(["tally"])); } });
    expect(said).toEqual([null]);
    expect(stoppedLine(["tally", "s"])).toBe("已中断：新的结果已完整写出\n");
    expect(stoppedLine(["tally", "s", "--lang", "en"])).toBe("Stopped: the new results are written in full\n");
  });
});
