// piaojue enter on the day, where things go wrong: a damaged journal is refused, never guessed around; a
// stale lock (pid reused after a reboot) does not block entry, and a live one says which file it is;
// without a keyboard nothing is entered; the round defaults to the one the vote is waiting for.
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, scratchCopy, SEEDS, snapshot } from "../helpers.js";
import { typeEntry } from "./fake-terminal.js";

/** The sample session without its ballots.csv: round 1 waits to be entered. */
async function sample(): Promise<string> {
  const dir = await scratchCopy(path.join(SEEDS, "township-2026"));
  await fs.rm(path.join(dir, "ballots.csv"));
  return dir;
}

const enter = typeEntry;

const JOURNAL = path.join("entry", "ballots-r1.first.jsonl");
const BALLOT = "1".repeat(12) + "\r";

describe("enter: the journal is records or it is damage", () => {
  for (const bad of ["null", "1", "{}", '{"type":"ballot","seq":"x"}']) {
    it(`a complete line ${bad} is E_JOURNAL (exit 1), and nothing is changed`, async () => {
      const dir = await sample();
      expect((await enter(dir, BALLOT + "q", ["--returned", "55"])).code).toBe(0);
      await fs.appendFile(path.join(dir, JOURNAL), `${bad}\n`);
      const before = await snapshot(dir);
      const r = await enter(dir, BALLOT + "q", ["--json"]);
      expect(r.code, r.err).toBe(1);
      expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_JOURNAL", file: "entry/ballots-r1.first.jsonl", line: 4 });
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it("a corrupted complete last line is not taken for a torn write: the confirmed ballot before it is not dropped", async () => {
    const dir = await sample();
    expect((await enter(dir, BALLOT + BALLOT + "q", ["--returned", "55"])).code).toBe(0);
    const file = path.join(dir, JOURNAL);
    // The last line (ballot 2, confirmed: it ends in its newline) is damaged in place.
    const text = await fs.readFile(file, "utf8");
    const damaged = text.slice(0, text.lastIndexOf("{")) + '{"type":"ballot","seq":2,"void":fal\n';
    await fs.writeFile(file, damaged);
    const r = await enter(dir, "q", ["--json"]);
    expect(r.code).toBe(1);
    expect(r.json.error.diagnostics[0]).toMatchObject({ code: "E_JOURNAL", line: 4 });
    expect(await fs.readFile(file, "utf8")).toBe(damaged);
  });
});

describe.skipIf(!existsSync("/proc/1/stat"))("enter: the entry lock", () => {
  async function ownerOfPid1(): Promise<{ start: string; boot: string }> {
    const stat = await fs.readFile("/proc/1/stat", "utf8");
    return { start: stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!, boot: (await fs.readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim() };
  }

  it("a lock left before a reboot, whose pid now runs another program, does not block entry", async () => {
    const dir = await sample();
    const { start, boot } = await ownerOfPid1();
    await fs.mkdir(path.join(dir, "entry"), { recursive: true });
    // Written by a piaojue that had pid 1 in an earlier boot: pid 1 is alive now, but it is not that process.
    await fs.writeFile(path.join(dir, `${JOURNAL}.lock`), JSON.stringify({ pid: 1, start, boot: "0c0ffee0-0000-4000-8000-000000000000" }));
    const r = await enter(dir, BALLOT + "q", ["--returned", "55"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("已录入 1 张");
    await expect(fs.access(path.join(dir, `${JOURNAL}.lock`))).rejects.toThrow();
  });

  it("a lock held by a live entry names the lock file and says when it is safe to delete", async () => {
    const dir = await sample();
    await fs.mkdir(path.join(dir, "entry"), { recursive: true });
    await fs.writeFile(path.join(dir, `${JOURNAL}.lock`), JSON.stringify({ pid: 1, ...(await ownerOfPid1()) }));
    const r = await enter(dir, BALLOT, ["--returned", "55"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("E_ENTRY_BUSY");
    expect(r.err).toContain(path.join("entry", "ballots-r1.first.jsonl.lock"));
    expect(r.err).toContain("确认没有任何终端还在录入");
    await expect(fs.access(path.join(dir, JOURNAL))).rejects.toThrow();
  });
});

describe("enter: a keyboard, and the pending round", () => {
  it("refuses piped input (exit 2) as init does: no journal, no screen, nothing taken for a count", async () => {
    const dir = await sample();
    const piped = new PassThrough();
    piped.end("55\r" + BALLOT.repeat(3) + "\r");
    const before = await snapshot(dir);
    const r = await runCli(["enter", dir], { stdin: piped });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("需要键盘输入");
    expect(r.stdout).not.toContain("已录入");
    expect(await snapshot(dir)).toEqual(before);
    // Said with a place and a hint, as every refusal is; and the way without a keyboard.
    expect(r.stderr).toContain("错误 ballots.csv E_ENTRY_TERMINAL 键盘录入 ballots.csv 需要终端");
    expect(r.stderr).toContain("提示：录入要在终端窗口里进行；已填好的表格可存为 ballots.csv 放进会议文件夹");
    const json = await runCli(["enter", dir, "--counts", "--json"], { stdin: Object.assign(new PassThrough(), { isTTY: false }) });
    expect(json.code).toBe(2);
    expect(json.json.error).toMatchObject({ code: "E_USAGE", diagnostics: [{ code: "E_ENTRY_TERMINAL", file: "counts.csv" }] });
    expect(json.json.error.diagnostics[0].hint).toContain("counts.csv");
  });

  it("after round 1 ends in a runoff, enter without --round enters the runoff round", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const r = await enter(dir, "q", ["--returned", "42", "--json"]);
    expect(r.code, r.err).toBe(0);
    expect(r.json.data).toMatchObject({ round: 2, journal: "entry/ballots-r2.first.jsonl" });
    await expect(fs.access(path.join(dir, JOURNAL))).rejects.toThrow();
    expect(r.json.data.round).toBe(2);
  });

  it("says the vote is decided when every round is in, and names the next round when another is asked for", async () => {
    const dir = await scratchCopy(path.join(SEEDS, "tie-runoff"));
    const before = await snapshot(dir);
    const all = await enter(dir, "", ["--json"]);
    expect(all.code).toBe(1);
    expect(all.json.error.diagnostics[0].code).toBe("E_ENTRY_ALL_IN");
    expect(all.json.error.diagnostics[0].hint).toContain(`piaojue tally ${path.relative(ROOT, dir)}`);
    expect((await enter(dir, "")).err).toContain("票决已有结果");
    await fs.rm(path.join(dir, "ballots-r2.csv"));
    const third = await enter(dir, "", ["--round", "3"]);
    expect(third.code).toBe(1);
    expect(third.err).toContain("下一轮是第 2 轮，不是第 3 轮");
    expect(third.err).toMatch(/piaojue enter \S+ --round 2（/);
    expect([...(await snapshot(dir)).keys()].sort()).toEqual([...before.keys()].filter((k) => k !== "ballots-r2.csv").sort());
  });
});
